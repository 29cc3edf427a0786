//! Every fixture spec, a spec this project's own crate never saw, generates a crate that
//! passes clippy with `-D warnings` and whose tests pass: the support code's unit tests, a
//! round trip of every example in the spec, and (for the Pet Store spec, whose operations use
//! GET, DELETE, integer and boolean query arguments and a 204) the requests of
//! `tests/fixtures/pets-check` through the sans-IO functions and the client.
//!
//! `cargo fmt --check` passes on each generated crate.
//!
//! The crates are built together in one throwaway workspace under cargo's temporary target
//! folder, so their dependencies compile once.

use std::process::Command;

fn cargo(dir: &std::path::Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
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
    // Hand-written crates that exercise the generated clients: the Pet Store, and what the
    // realistic fixture specs add (credentials, forms, bytes, unions, success enums).
    for check in ["pets-check", "reach-check"] {
        copy_dir(
            &tests::root().join("tests/fixtures").join(check),
            &dir.join(check),
        );
        members.push(format!("{check:?}"));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
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
    cargo(&dir, &["test", "--workspace"]);
}
