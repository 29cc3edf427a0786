//! Generates a typed Rust client crate from an OpenAPI 3.0 spec.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! spec text --load--> YAML tree --lower--> IR --emit--> token streams --format--> files (prettyplease, then rustfmt) --output-->
//! ```
//!
//! [`generate`] runs every stage but the last in memory; [`output::write`] and
//! [`output::check`] then write or compare the files. `main.rs` only parses flags.
//! [`generate_module`] gives the same code as one module, for a build script.

pub mod diagnostics;
pub mod emit;
pub mod files;
pub mod format;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod module;
pub mod output;
pub mod synth;
mod tree;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
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
    generate_with(
        text,
        file,
        std::path::Path::new(file),
        options,
        &files::Disk,
    )
    .map(|generated| generated.files)
}

/// What [`generate_with`] produces: the files, and the warnings about slips in the spec that
/// generation read past.
#[derive(Debug)]
pub struct Generated {
    /// The files of the crate.
    pub files: Vec<GeneratedFile>,
    /// Located warnings, in document order; possibly none.
    pub warnings: Diagnostics,
    /// What the generator could not do about the output, not about the spec: the files
    /// rustfmt could not format ([`format::rustfmt`]). Possibly none.
    pub notes: Vec<String>,
}

/// [`generate`] for a spec at `path` whose other files (those its `$ref`s name) are read
/// through `source`; `file` names the entry spec in messages and headers.
pub fn generate_with(
    text: &str,
    file: &str,
    path: &std::path::Path,
    options: &Options,
    source: &dyn files::Source,
) -> Result<Generated, Diagnostics> {
    let set = files::SpecSet::load(text, file, path, options.root.as_deref(), source)?;
    let (api, warnings) = lower::lower(&set, options)?;
    // The YAML trees are not needed past lowering; freeing them lowers peak memory.
    drop(set);
    let emitted = emit::emit(&api);
    let spec_name = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut laid = format::layout(emitted, &spec_name)
        .map_err(|message| Diagnostics::single(file, None, message))?;
    let notes = if options.rustfmt {
        format::rustfmt_laid_out(&mut laid)
    } else {
        Vec::new()
    };
    let files = laid.files;
    Ok(Generated {
        files,
        warnings,
        notes,
    })
}

/// The generated crate as one Rust module for a build script (see [`module`]): the spec at
/// `path` (read through the disk, `$ref`s and all) generated and put in one file's text, with
/// the warnings. A build script writes it into `OUT_DIR` and the crate pulls it in with
/// `include!` at its root:
///
/// ```no_run
/// // build.rs
/// let spec = std::path::Path::new("api.yaml");
/// let text = std::fs::read_to_string(spec).unwrap();
/// let module = codegen::generate_module(&text, "api.yaml", spec, &codegen::Options::default())
///     .unwrap_or_else(|d| panic!("{d}"));
/// let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("api.rs");
/// std::fs::write(out, module.text).unwrap();
/// println!("cargo::rerun-if-changed=api.yaml");
/// ```
pub fn generate_module(
    text: &str,
    file: &str,
    path: &std::path::Path,
    options: &Options,
) -> Result<Module, Diagnostics> {
    // An included module is read by the compiler only: no rustfmt.
    let options = Options {
        rustfmt: false,
        ..options.clone()
    };
    let generated = generate_with(text, file, path, &options, &files::Disk)?;
    let spec_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Module {
        text: module::assemble(&generated.files, &spec_name),
        warnings: generated.warnings,
    })
}

/// What [`generate_module`] produces.
#[derive(Debug)]
pub struct Module {
    /// The text of the one file.
    pub text: String,
    /// Located warnings, in document order; possibly none.
    pub warnings: Diagnostics,
}
