//! The `codegen` command: exit codes, `--check`, and an output folder that only ever changes
//! after a whole successful run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = r##"
openapi: 3.0.3
info: {title: Cli Fixture API, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              example: {name: x}
components:
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}
"##;

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .expect("codegen runs")
}

/// Runs codegen on `spec` with `--out out` and any further flags.
fn generate_into(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let paths = [
        "--spec",
        spec.to_str().expect("UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8 path"),
    ];
    codegen(&[&paths[..], extra].concat())
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_documents_the_exit_codes() {
    let out = codegen(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for line in [
        "0  success",
        "1  --check found the output out of date",
        "2  the spec is invalid",
    ] {
        assert!(help.contains(line), "--help lacks {line:?}:\n{help}");
    }
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let out = codegen(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: unknown argument \"--bogus\"; see --help\n"
    );
    let out = codegen(&["--spec"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_failed_run_leaves_the_output_byte_for_byte_as_it_was() {
    let dir = scratch("failed-run");
    let spec = dir.join("spec.yaml");
    let out = dir.join("crate");
    std::fs::write(&spec, GOOD).unwrap();
    assert_eq!(generate_into(&spec, &out, &[]).status.code(), Some(0));
    // Something of the user's, and a hand edit of a generated file, both to be kept.
    std::fs::write(out.join("NOTES.md"), "mine").unwrap();
    std::fs::write(out.join("src/models.rs"), "// edited by hand\n").unwrap();
    let before = snapshot(&out);

    for broken in [
        "",
        "openapi: 3.0.3\ninfo: [",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {oneOf: []}}}\n",
    ] {
        std::fs::write(&spec, broken).unwrap();
        let run = generate_into(&spec, &out, &[]);
        assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
        assert!(
            text(&run.stderr).contains("nothing was written"),
            "{}",
            text(&run.stderr)
        );
        assert_eq!(
            snapshot(&out),
            before,
            "the output changed after a failed run"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("codegen-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn success_removes_files_the_spec_no_longer_produces_and_keeps_the_users() {
    let dir = scratch("stale");
    let spec = dir.join("spec.yaml");
    let out = dir.join("crate");
    std::fs::write(&spec, GOOD).unwrap();
    assert!(generate_into(&spec, &out, &[]).status.success());
    assert!(out.join("src/examples.rs").exists());
    std::fs::create_dir_all(out.join("target")).unwrap();
    std::fs::write(out.join("target/keep"), "build output").unwrap();
    std::fs::write(out.join("Cargo.lock"), "# lock").unwrap();

    // The same spec without its example: examples.rs is no longer produced.
    std::fs::write(
        &spec,
        GOOD.replace("              example: {name: x}\n", ""),
    )
    .unwrap();
    assert!(generate_into(&spec, &out, &[]).status.success());
    assert!(
        !out.join("src/examples.rs").exists(),
        "a stale generated file stayed"
    );
    assert!(out.join("src/models.rs").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("target/keep")).unwrap(),
        "build output"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.lock")).unwrap(),
        "# lock"
    );
}

#[test]
fn check_reports_stale_output_with_a_diff_and_exit_code_1() {
    let dir = scratch("check");
    let spec = dir.join("spec.yaml");
    let out = dir.join("crate");
    std::fs::write(&spec, GOOD).unwrap();
    let check = |extra: &[&str]| generate_into(&spec, &out, extra);

    let missing = check(&["--check"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stdout).contains("missing: Cargo.toml"),
        "{}",
        text(&missing.stdout)
    );
    assert!(!out.exists(), "--check wrote something");

    assert!(check(&[]).status.success());
    assert_eq!(check(&["--check"]).status.code(), Some(0));

    let models = out.join("src/models.rs");
    let edited = std::fs::read_to_string(&models)
        .unwrap()
        .replace("pub name", "pub renamed");
    std::fs::write(&models, edited).unwrap();
    let changed = check(&["--check"]);
    assert_eq!(changed.status.code(), Some(1));
    let stdout = text(&changed.stdout);
    assert!(stdout.contains("changed: src/models.rs"), "{stdout}");
    let line = |sign: char, text: &str| {
        stdout.lines().any(|l| {
            l.starts_with(sign) && l.trim_start_matches(sign).trim_start().starts_with(text)
        })
    };
    assert!(
        line('-', "pub renamed") && line('+', "pub name"),
        "{stdout}"
    );
}

#[test]
fn warnings_are_printed_and_deny_warnings_makes_them_errors() {
    let dir = scratch("warnings");
    let spec = dir.join("spec.yaml");
    let slipped = GOOD.replace(
        "Thing: {type: object, properties: {name: {type: string}}}",
        "Thing: {type: object, properties: {name: {tpye: string}}}",
    );
    std::fs::write(&spec, slipped).unwrap();

    let out = dir.join("out");
    let run = generate_into(&spec, &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("spec.yaml:18:47: warning: `tpye` is not a keyword of a schema")
            && stderr.contains("did you mean `type`?")
            && stderr.contains("at #/components/schemas/Thing/properties/name/tpye"),
        "{stderr}"
    );
    assert!(
        out.join("Cargo.toml").is_file(),
        "a warning does not stop generation"
    );

    let strict = dir.join("strict");
    let run = generate_into(&spec, &strict, &["--deny-warnings"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains(": error: `tpye` is not a keyword of a schema")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(!strict.exists(), "nothing is written under --deny-warnings");
}

#[test]
fn version_names_the_generator_and_the_runtime_it_emits_for() {
    let output = codegen(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        text(&output.stdout),
        format!(
            "codegen {} (emits code for codegen-runtime {})\n",
            env!("CARGO_PKG_VERSION"),
            codegen::ir::RUNTIME_VERSION
        )
    );
    // The runtime in this checkout is the version the generator says it emits for.
    let manifest = include_str!("../runtime/Cargo.toml");
    assert!(manifest.contains(&format!(
        "\nversion = \"{}\"\n",
        codegen::ir::RUNTIME_VERSION
    )));
}

#[test]
fn the_manifest_takes_version_publishing_and_runtime_from_the_flags() {
    let dir = scratch("manifest");
    let spec = dir.join("spec.yaml");
    let out = dir.join("crate");
    // `info.version` "1" reads as 1.0.0; the runtime is found by its path from the output.
    std::fs::write(&spec, GOOD).unwrap();
    assert!(generate_into(&spec, &out, &[]).status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"1.0.0\"\n"), "{manifest}");
    assert!(manifest.contains("\npublish = false\n"), "{manifest}");
    let runtime = manifest
        .lines()
        .find(|l| l.starts_with("codegen-runtime = "))
        .expect("the runtime dependency");
    let path = runtime
        .split("path = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("by path");
    assert!(!path.starts_with('/'), "relative: {runtime}");
    assert!(
        out.join(path).join("src/codec.rs").is_file(),
        "{path} from {} is the runtime",
        out.display()
    );

    let flags = [
        "--package-version",
        "3.1.4-rc.1",
        "--publish",
        "--runtime-version",
        "0.1",
    ];
    assert!(generate_into(&spec, &out, &flags).status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\nversion = \"3.1.4-rc.1\"\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\npublish = true\n"), "{manifest}");
    assert!(
        manifest.contains("codegen-runtime = { version = \"0.1\", default-features = false }"),
        "{manifest}"
    );

    let bad = generate_into(&spec, &out, &["--package-version", "2024-06-20"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("is not a version"));

    // A date as `info.version` gives 0.1.0, and the manifest says why.
    std::fs::write(
        &spec,
        GOOD.replace("version: \"1\"", "version: \"2024-06-20\""),
    )
    .unwrap();
    assert!(generate_into(&spec, &out, &[]).status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"0.1.0\"\n"), "{manifest}");
    assert!(
        manifest.contains("# info.version \"2024-06-20\" is not a semver version"),
        "{manifest}"
    );
}

#[test]
fn a_second_run_says_unchanged_and_touches_nothing() {
    let dir = scratch("unchanged");
    let spec = dir.join("spec.yaml");
    let out = dir.join("crate");
    std::fs::write(&spec, GOOD).unwrap();
    let first = generate_into(&spec, &out, &[]);
    assert!(
        text(&first.stdout).contains("wrote 9 of 9 files"),
        "{}",
        text(&first.stdout)
    );
    let before = snapshot(&out);
    let second = generate_into(&spec, &out, &[]);
    assert!(second.status.success());
    assert!(
        text(&second.stdout).contains("unchanged: already up to date"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(snapshot(&out), before);
}
