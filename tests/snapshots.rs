//! Snapshots of the files generated from each fixture spec under `tests/fixtures/specs`
//! (without the support files, identical for every spec: they are in `generated/`). Every
//! changed snapshot is reported in one run; review them with `cargo insta review`.
//!
//! The CarrierX crate has no snapshots: `generated/` itself is what a reviewer reads (`git
//! diff generated/`), and `codegen --check` (CI) and the `freshness` test hold it to the spec,
//! so each change is read once.

/// Checks the snapshots of one spec's files; the names of those that changed.
fn snapshot_all(set: &str, files: &[codegen::GeneratedFile]) -> Vec<String> {
    let mut changed = Vec::new();
    for file in files {
        let name = file.path.replace('/', "__");
        // Each assertion panics on a change; caught, so that one run reports every change.
        let checked = std::panic::catch_unwind(|| {
            insta::with_settings!({
                snapshot_path => format!("snapshots/{set}"),
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                // The runtime is found by the absolute path of this checkout, which differs
                // from one clone to the next.
                let text = file.text.replace(codegen::ir::RUNTIME_DIR, "<runtime>");
                insta::assert_snapshot!(name.clone(), text);
            });
        });
        if checked.is_err() {
            changed.push(format!("tests/snapshots/{set}/{name}.snap"));
        }
    }
    changed
}

#[test]
fn fixture_files() {
    let mut changed = Vec::new();
    for (stem, path) in tests::fixture_specs() {
        if stem == "cloud_control_plane" {
            // The generated 250-operation spec stands in for size: its crate is built and
            // clippy-checked by `fixture_crates`, and the spec is checked against its
            // generator below. A 40,000-line snapshot would not be read.
            continue;
        }
        let files = tests::generate(&path);
        changed.extend(snapshot_all(&stem, &files));
    }
    assert!(
        changed.is_empty(),
        "{} snapshot(s) changed (each diff is printed above):\n  {}\nRead every diff and accept \
         only what you meant: `cargo insta review` (or `cargo insta test --review` to run and \
         review in one step; `cargo install cargo-insta` once). Without cargo-insta, \
         `INSTA_UPDATE=always cargo test -p tests --test snapshots` writes them and \
         `git diff tests/snapshots` shows them.",
        changed.len(),
        changed.join("\n  ")
    );
}

#[test]
fn the_control_plane_fixture_is_what_its_generator_prints() {
    let path = tests::root().join("tests/fixtures/specs/cloud_control_plane.yaml");
    let committed = std::fs::read_to_string(path).expect("fixture");
    assert!(
        committed == codegen::synth::control_plane(),
        "tests/fixtures/specs/cloud_control_plane.yaml is stale; run `cargo run -p codegen --example control_plane > tests/fixtures/specs/cloud_control_plane.yaml`"
    );
}
