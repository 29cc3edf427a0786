//! Every fixture spec, a spec this project's own crate never saw, generates a crate that
//! passes clippy with `-D warnings` and whose tests pass: the support code's unit tests and a
//! round trip of every example in the spec.
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
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
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
