//! Every fixture spec, a spec this project's own crate never saw, generates a crate that
//! passes clippy with `-D warnings` and whose tests pass: a round trip of every example in
//! the spec, and (for the Pet Store spec, whose operations use
//! GET, DELETE, integer and boolean query arguments and a 204) the requests of
//! `tests/fixtures/pets-check` through the sans-IO functions and the client.
//!
//! `cargo fmt --check` passes on each generated crate, and `cargo doc` with `-D warnings` on
//! all of them. Beside them: a crate whose spec uses
//! every identifier of the generated and runtime code as operation, parameter, schema,
//! property and enum names (nothing a spec names collides with the machinery), and a program
//! using two generated crates and a third API its build script generates, over one runtime.
//!
//! The crates are built together in one throwaway workspace under cargo's temporary target
//! folder, so their dependencies compile once.

use std::process::Command;

fn cargo(dir: &std::path::Path, args: &[&str]) {
    cargo_with(dir, args, &[]);
}

fn cargo_with(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // A throwaway workspace built once: incremental state would only fill the disk
        // (about half of its target folder).
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    if !output.status.success() {
        // `cargo fmt --check` prints its diff on stdout.
        let stderr = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // What went wrong first, then the end of the output: a report that keeps only the
        // start of a long message still shows the cause.
        let problems: Vec<&str> = stderr
            .lines()
            .filter(|l| {
                l.starts_with("error") || l.starts_with("warning") || l.starts_with("  --> ")
            })
            .take(40)
            .collect();
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(80)..].join("\n");
        panic!(
            "cargo {} failed in {} ({}):\n{}\n...\n{tail}",
            args.join(" "),
            dir.display(),
            output.status,
            problems.join("\n"),
        );
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every identifier in the Rust files under these folders: what generated code and the runtime
/// bring into scope (their items, methods, locals, type parameters, and the standard names
/// they use), read from the code itself.
fn identifiers(dirs: &[std::path::PathBuf]) -> std::collections::BTreeSet<String> {
    fn walk(tokens: proc_macro2::TokenStream, out: &mut std::collections::BTreeSet<String>) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) => {
                    let text = ident.to_string();
                    out.insert(text.strip_prefix("r#").unwrap_or(&text).to_owned());
                }
                proc_macro2::TokenTree::Group(group) => walk(group.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let tokens: proc_macro2::TokenStream = text.parse().unwrap();
                walk(tokens, &mut out);
            }
        }
    }
    out
}

/// A spec whose operation ids, parameter names, schema names, property names and enum values
/// are each of these names: a POST per name, with a path parameter of the name, a query
/// parameter of the next name, a body and an answer of the schema of the name (an object with
/// a property of the name), and one object and one enum holding every name.
fn namespace_spec(names: &[String]) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap();
    let mut paths = String::new();
    let mut schemas = String::new();
    for (i, name) in names.iter().enumerate() {
        let next = &names[(i + 1) % names.len()];
        let schema = quote(&format!("#/components/schemas/{name}"));
        paths.push_str(&format!(
            "  /n{i}/{{{name}}}:\n    post:\n      operationId: {}\n      parameters:\n        - {{name: {}, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {}, in: query, schema: {{type: integer}}}}\n      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: {schema}}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: {schema}}}}}}}}}\n        '404': {{description: missing, content: {{application/json: {{schema: {{$ref: {schema}}}}}}}}}\n",
            quote(name),
            quote(name),
            quote(next),
        ));
        schemas.push_str(&format!(
            "    {}: {{type: object, properties: {{{}: {{type: string}}, {}: {{type: string, nullable: true, readOnly: true}}}}}}\n",
            quote(name),
            quote(name),
            quote(next),
        ));
    }
    let all: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let properties: Vec<String> = all
        .iter()
        .map(|n| format!("{n}: {{type: string}}"))
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: Namespace, version: '1.0.0'}}\nservers: [{{url: 'https://api.example.com'}}]\nsecurity: [{{token: []}}]\npaths:\n{paths}components:\n  securitySchemes:\n    token: {{type: http, scheme: bearer}}\n  schemas:\n{schemas}    EveryName: {{type: object, properties: {{{}}}}}\n    EveryValue: {{type: string, enum: [{}]}}\n",
        properties.join(", "),
        all.join(", "),
    )
}

/// The Rust blocks of the README (those marked `rust`, not `rust,ignore`) as a crate of one
/// async function each, against the CarrierX crate: the snippets are checked by the compiler,
/// so they cannot drift from the crate. The names a snippet uses without defining them (a
/// token, a SID) are the functions' arguments.
fn readme_crate(dir: &std::path::Path) {
    let readme = std::fs::read_to_string(tests::root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```rust") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(
        blocks.len() >= 2,
        "the README's Rust snippets were not found"
    );
    let mut lib = String::from(
        "//! The README's Rust snippets, each in a function, compiled against carrierx-core.\n#![allow(unused, clippy::all)]\n",
    );
    for (i, block) in blocks.iter().enumerate() {
        lib.push_str(&format!(
            "\npub async fn snippet_{i}(token: &str, sid: &str, partner_sid: &str) -> Result<(), Box<dyn std::error::Error>> {{\n{block}    Ok(())\n}}\n"
        ));
    }
    let root = tests::root();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\ncarrierx-core = {{ path = {:?} }}\nfutures = \"0.3.34\"\n",
            root.join("generated").to_str().unwrap()
        ),
    )
    .unwrap();
}

#[test]
fn fixture_crates_pass_clippy_and_their_example_round_trips() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let mut members = Vec::new();
    for (stem, path) in tests::fixture_specs() {
        let files = tests::generate(&path);
        let out = dir.join(&stem);
        codegen::output::write(&out, &files).expect("written");
        members.push(format!("{stem:?}"));
    }
    // A cycle of 150 schemas through arrays: longer than rustc's default recursion limit
    // allows its drop check to walk, so the generated crate must raise the limit.
    let ring: String = (0..150)
        .map(|i| {
            format!(
                "    R{i}: {{type: object, properties: {{next: {{type: array, items: {{$ref: '#/components/schemas/R{}'}}}}}}}}\n",
                (i + 1) % 150
            )
        })
        .collect();
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: Ring API, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{ring}"
    );
    let files = codegen::generate(&spec, "ring.yaml", &codegen::Options::default())
        .unwrap_or_else(|d| panic!("{d}"));
    codegen::output::write(&dir.join("ring"), &files).expect("written");
    members.push("\"ring\"".to_owned());
    // A server whose URL holds variables the spec gives no default (a warning, not an
    // error): the reach-check crate shows that the client asks for them.
    let terminals = tests::root().join("tests/fixtures/warn/server_variable_without_default.yaml");
    let text = std::fs::read_to_string(&terminals).unwrap();
    let files = codegen::generate(
        &text,
        "terminals.yaml",
        &codegen::Options {
            package: Some("terminals".to_owned()),
            ..Default::default()
        },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    codegen::output::write(&dir.join("terminals"), &files).expect("written");
    members.push("\"terminals\"".to_owned());
    // Nothing in a spec collides with the machinery: a crate whose spec names are every name
    // that generated code and the runtime bring into scope, collected from their code.
    let names: Vec<String> = identifiers(&[
        tests::root().join("generated/src"),
        tests::root().join("codegen/runtime/src"),
    ])
    .into_iter()
    .collect();
    assert!(names.len() > 500, "only {} names collected", names.len());
    for name in [
        "send",
        "call",
        "attempt",
        "credential",
        "transport",
        "hook",
        "retry_policy",
    ] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} is not among the names"
        );
    }
    let files = codegen::generate(
        &namespace_spec(&names),
        "namespace.yaml",
        &codegen::Options::default(),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    codegen::output::write(&dir.join("namespace"), &files).expect("written");
    members.push("\"namespace\"".to_owned());
    // Hand-written crates that exercise the generated clients: the Pet Store, and what the
    // realistic fixture specs add (credentials, forms, bytes, unions, success enums); and a
    // program using two generated crates and a third API its build script generates.
    for check in ["pets-check", "reach-check", "programs-check"] {
        copy_dir(
            &tests::root().join("tests/fixtures").join(check),
            &dir.join(check),
        );
        members.push(format!("{check:?}"));
    }
    readme_crate(&dir.join("readme-check"));
    members.push("\"readme-check\"".to_owned());
    // Spec growth: one program, compiled against the crates of a spec and of its later
    // version (which grows as published APIs grow without breaking users), unchanged.
    for version in ["v1", "v2"] {
        let spec = tests::root().join(format!("tests/fixtures/growth/{version}.yaml"));
        let text = std::fs::read_to_string(&spec).unwrap();
        let files = codegen::generate(
            &text,
            &format!("{version}.yaml"),
            &codegen::Options {
                package: Some(format!("growth-{version}")),
                ..Default::default()
            },
        )
        .unwrap_or_else(|d| panic!("{d}"));
        if version == "v2" {
            // The later crate has grown where the program does not look: a test of nothing
            // otherwise.
            let text = |path: &str| &files.iter().find(|f| f.path == path).unwrap().text;
            for (path, grown) in [
                ("src/calls.rs", "pub fn q("),
                ("src/calls.rs", "pub fn x_trace("),
                ("src/calls.rs", "pub struct CountThings"),
                ("src/models.rs", "pub note: Option<String>"),
                ("src/models.rs", "Blue = \"blue\","),
                ("src/operations.rs", "Ok(crate::models::Thing)"),
            ] {
                assert!(text(path).contains(grown), "v2 has no `{grown}` in {path}");
            }
        }
        codegen::output::write(&dir.join(format!("growth-{version}")), &files).expect("written");
        let check = dir.join(format!("growth-check-{version}"));
        copy_dir(&tests::root().join("tests/fixtures/growth-check"), &check);
        let manifest = check.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, text.replace("@VERSION@", version)).unwrap();
        members.push(format!("\"growth-{version}\", \"growth-check-{version}\""));
    }
    // The program's manifest and build script name this workspace by its path.
    for file in ["Cargo.toml", "build.rs"] {
        let path = dir.join("programs-check").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let root = tests::root();
        std::fs::write(&path, text.replace("@ROOT@", root.to_str().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            // No debug info: the crates are checked and run, never debugged, and debug info
            // is most of their build's disk and link time.
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev]\ndebug = 0\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // `cargo fmt` over a workspace holding a generated crate changes nothing in it.
    for (stem, _) in tests::fixture_specs() {
        let manifest = dir.join(&stem).join("Cargo.toml");
        cargo(
            &dir,
            &[
                "fmt",
                "--check",
                "--manifest-path",
                manifest.to_str().unwrap(),
            ],
        );
    }
    // The workspace's lock file keeps the same dependency versions and avoids a resolve.
    std::fs::copy(tests::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    cargo(
        &dir,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    // No doc lint is silenced in a generated crate: the spec's text is escaped where rustdoc
    // would read it as links, HTML or bare URLs, and every doc link of the generator resolves.
    cargo_with(
        &dir,
        // One of each library name: the growth crates and their programs come in two versions.
        &[
            "doc",
            "--workspace",
            "--no-deps",
            "--exclude",
            "growth-v2",
            "--exclude",
            "growth-check-v1",
            "--exclude",
            "growth-check-v2",
        ],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    cargo(&dir, &["test", "--workspace"]);
    // Two generated crates and an included module in one program: one build of the runtime.
    let tree = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "tree",
            "-p",
            "programs-check",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(&dir)
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&tree.stdout);
    let runtimes: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter(|l| l.starts_with("codegen-runtime "))
        .map(|l| l.trim_end_matches(" (*)"))
        .collect();
    assert_eq!(
        runtimes.len(),
        1,
        "one runtime in the program's tree:\n{tree}"
    );
    let run = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["run", "-q", "-p", "programs-check"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo run runs");
    let printed = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        printed.trim(),
        r#"http://127.0.0.1:9/core/v2 http://127.0.0.1:9/api https://catalog.seedbank.example/v3/varieties?start=0&count=5 {"code":"V1","unknown":[1]}"#
    );
}
