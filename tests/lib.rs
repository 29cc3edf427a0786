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

/// The fixture specs under `tests/fixtures/specs`, sorted, as (stem, path).
pub fn fixture_specs() -> Vec<(String, PathBuf)> {
    let dir = root().join("tests/fixtures/specs");
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (stem, p)
        })
        .collect();
    specs.sort();
    specs
}

/// Generates a spec file in memory, panicking with the generator's messages on failure.
pub fn generate(path: &Path) -> Vec<GeneratedFile> {
    let text = std::fs::read_to_string(path).expect("spec readable");
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    codegen::generate(&text, &name, &Options::default()).unwrap_or_else(|d| panic!("{d}"))
}

/// A sample of the seed pages, by file name under `tests/fixtures/samples`.
pub fn sample(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/samples").join(name)).expect("sample")
}
