//! Snapshots of every generated file: for `spec/`, and for each fixture spec under
//! `tests/fixtures/specs` (whose support files, identical for every spec, are covered by the
//! `spec/` snapshots). Review changes with `cargo insta review`.

use codegen::support::TEMPLATES;

fn snapshot_all(set: &str, files: &[codegen::GeneratedFile], with_templates: bool) {
    for file in files {
        if !with_templates && TEMPLATES.iter().any(|(path, _, _)| *path == file.path) {
            continue;
        }
        let name = file.path.replace('/', "__");
        insta::with_settings!({
            snapshot_path => format!("snapshots/{set}"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, file.text);
        });
    }
}

#[test]
fn spec_files() {
    let files = tests::generate(&tests::spec_path());
    snapshot_all("carrierx-core-v2", &files, true);
}

#[test]
fn fixture_files() {
    for (stem, path) in tests::fixture_specs() {
        if stem == "cloud_control_plane" {
            // The generated 250-operation spec stands in for size: its crate is built and
            // clippy-checked by `fixture_crates`, and the spec is checked against its
            // generator below. A 40,000-line snapshot would not be read.
            continue;
        }
        let files = tests::generate(&path);
        snapshot_all(&stem, &files, false);
    }
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
