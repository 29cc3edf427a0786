//! Generates a typed Rust client crate from an OpenAPI 3.0 spec.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! spec text --load--> YAML tree --lower--> IR --emit--> token streams --format--> files --output-->
//! ```
//!
//! [`generate`] runs every stage but the last in memory; [`output::write`] and
//! [`output::check`] then write or compare the files. `main.rs` only parses flags.

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod output;
pub mod support;
pub mod synth;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use format::GeneratedFile;
pub use lower::Options;

/// Spec text to the files of the generated crate, or every problem found in the spec.
///
/// `file` names the spec in messages and in the files' headers.
pub fn generate(
    text: &str,
    file: &str,
    options: &Options,
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let document = load::load(text, file)?;
    let api = lower::lower(&document, options)?;
    // The YAML tree is not needed past lowering; freeing it lowers peak memory.
    drop(document);
    let emitted = emit::emit(&api);
    let spec_name = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format::format(emitted, &spec_name).map_err(|message| Diagnostics::single(file, None, message))
}
