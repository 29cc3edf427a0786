//! The generated crate as one Rust file, for a build script: `models`, `operations`, the
//! client and the servers as inline modules, and the crate root's re-exports, to be pulled in
//! with `include!` at the root of the crate that uses them.
//!
//! The crate's code names its own items by `crate::` paths, so the file belongs at a crate
//! root (a library made for the client, or a program's `main.rs`), not in a nested module. The
//! including crate depends on `codegen-runtime` with its `client` feature; the modules the
//! crate gates behind its own `client` feature are always there.

use crate::emit::{MODULE_LINTS, REEXPORTS};
use crate::format::{GeneratedFile, MARKER};

/// The files of a generated crate, as one file's text.
pub fn assemble(files: &[GeneratedFile], spec_name: &str) -> String {
    let mut out = format!(
        "// {MARKER} from {spec_name}. Do not edit by hand: change the spec or the generator and regenerate.\n// Include it at a crate root: `include!(concat!(env!(\"OUT_DIR\"), \"/<file>.rs\"));`\n"
    );
    for (path, name, public) in [
        ("src/models.rs", "models", true),
        ("src/errors.rs", "errors", true),
        ("src/operations.rs", "operations", true),
        ("src/client.rs", "client", false),
        ("src/calls.rs", "calls", true),
        ("src/servers.rs", "servers", false),
    ] {
        let Some(file) = files.iter().find(|f| f.path == path) else {
            continue;
        };
        // The file's own first line is its generated marker, said once above. The doc
        // examples name the generated crate, which an included module is not: they are shown,
        // not compiled.
        let body = file
            .text
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .replace("/// ```no_run\n", "/// ```ignore\n");
        out.push('\n');
        if public {
            out.push_str("pub ");
        }
        out.push_str(&format!("mod {name} {{\n{MODULE_LINTS}{body}}}\n"));
    }
    out.push('\n');
    // No feature of the including crate gates the client: it is what the file is for.
    for line in REEXPORTS.lines() {
        if line != "#[cfg(feature = \"client\")]" {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
