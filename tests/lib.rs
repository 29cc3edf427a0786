//! Helpers shared by the cross-crate tests in this folder.

pub mod double;
pub mod raw;

use std::path::{Path, PathBuf};

use codegen::{GeneratedFile, Options};

/// A builder for a plain reqwest client, as a program using reqwest beside the generated crate
/// makes one. The workspace builds reqwest without a crypto provider of its own (as the
/// generated crate does), so the test program installs ring for the process first, which is
/// the application's choice to make.
pub fn plain_reqwest() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// The spec of this project.
pub fn spec_path() -> PathBuf {
    root().join("spec/carrierx-core-v2.yaml")
}

/// The fixture specs under `tests/fixtures/specs`, sorted, as (stem, path): each YAML file,
/// and each folder holding a spec split over files (its entry is `openapi.yaml`).
pub fn fixture_specs() -> Vec<(String, PathBuf)> {
    let dir = root().join("tests/fixtures/specs");
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter_map(|p| {
            if p.extension().is_some_and(|e| e == "yaml") {
                let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
                Some((stem, p))
            } else if p.join("openapi.yaml").is_file() {
                // A spec split over several files: the folder holds its entry document.
                let stem = p.file_name().expect("name").to_string_lossy().into_owned();
                Some((stem, p.join("openapi.yaml")))
            } else {
                None
            }
        })
        .collect();
    specs.sort();
    specs
}

/// Generates a spec file in memory, panicking with the generator's messages on failure. The
/// crate finds the runtime by its absolute path.
pub fn generate(path: &Path) -> Vec<GeneratedFile> {
    generate_with(path, &Options::default())
}

/// [`generate`] with these options.
pub fn generate_with(path: &Path, options: &Options) -> Vec<GeneratedFile> {
    let text = std::fs::read_to_string(path).expect("spec readable");
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let generated = codegen::generate_with(&text, &name, path, options, &codegen::files::Disk)
        .unwrap_or_else(|d| panic!("{d}"));
    // The project's own specs are written without slips; a warning here is one to mend in
    // the spec (see the message), not to accept.
    assert!(
        generated.warnings.items.is_empty(),
        "{name} has slips that the generator reads past; mend them in the spec:\n{}",
        generated.warnings
    );
    generated.files
}

/// A sample of the seed pages, by file name under `tests/fixtures/samples`.
pub fn sample(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/samples").join(name)).expect("sample")
}
