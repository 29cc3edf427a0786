//! Snapshots of every generated file: for `spec/`, and for each fixture spec under
//! `tests/fixtures/specs` (whose support files, identical for every spec, are covered by the
//! `spec/` snapshots). Review changes with `cargo insta review`.

use codegen::support::TEMPLATES;

fn snapshot_all(set: &str, files: &[codegen::GeneratedFile], with_templates: bool) {
    for file in files {
        if !with_templates && TEMPLATES.iter().any(|(path, _)| *path == file.path) {
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
        let files = tests::generate(&path);
        snapshot_all(&stem, &files, false);
    }
}
