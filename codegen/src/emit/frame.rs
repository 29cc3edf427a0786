//! The crate frame: `Cargo.toml` and `lib.rs`.
//!
//! Both are written as text rather than token streams, `lib.rs` in the shape rustfmt gives
//! it (the format stage passes every Rust file through rustfmt too; `lib.rs` needs it only
//! when rustfmt is missing). The modules carry no `#[rustfmt::skip]`: `cargo fmt` over a
//! workspace that holds the crate changes nothing.

use quote::quote;

use super::Piece;
use super::doctext::spec_text;
use crate::ir::{Api, Method, RUNTIME_VERSION, Runtime, SchemeKind};

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

pub(super) fn manifest(api: &Api) -> String {
    let packaging = &api.packaging;
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&api.package)));
    if let Some(note) = &packaging.version_note {
        out.push_str(&format!("# {note}\n"));
    }
    out.push_str(&format!("version = {}\n", toml_string(&packaging.version)));
    out.push_str(&format!("edition = \"{}\"\n", crate::format::EDITION));
    out.push_str("rust-version = \"1.86\"\n");
    out.push_str(&format!(
        "description = {}\n",
        toml_string(&format!(
            "Typed client for {} {}, generated from its OpenAPI description.",
            api.title, api.version
        ))
    ));
    out.push_str(&format!("publish = {}\n\n", packaging.publish));
    out.push_str("[features]\n");
    out.push_str("default = [\"client\"]\n");
    out.push_str(
        "# The async client; without it the crate is types and sans-IO request functions.\n",
    );
    out.push_str("client = [\"codegen-runtime/client\"]\n");
    out.push_str(
        "# A span per call of the client: operation, method, path, status, attempts, duration.\n",
    );
    out.push_str("tracing = [\"client\", \"codegen-runtime/tracing\"]\n\n");
    out.push_str("[dependencies]\n");
    out.push_str(
        "# Everything that does not depend on the spec (transport, retries, errors, wire\n# helpers) lives in the runtime, built once however many generated crates a program uses.\n",
    );
    let location = match &packaging.runtime {
        Runtime::Path(path) => format!(
            "path = {}, version = {}",
            toml_string(path),
            toml_string(RUNTIME_VERSION)
        ),
        Runtime::Version(version) => format!("version = {}", toml_string(version)),
    };
    out.push_str(&format!(
        "codegen-runtime = {{ {location}, default-features = false }}\n"
    ));
    out
}

/// `//!` lines for a text; each line led by a space so nothing turns into another comment.
fn inner_doc(text: &str) -> String {
    let mut out = String::new();
    for line in super::doctext::not_rust(text).lines() {
        let clean: String = line
            .trim_end()
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        if clean.is_empty() {
            out.push_str("//!\n");
        } else {
            out.push_str(&format!("//! {clean}\n"));
        }
    }
    out
}

/// What the crate root re-exports, in rustfmt's order: the client, what programs need from the
/// runtime (so that they depend on this crate alone), and the servers.
pub const REEXPORTS: &str = r#"#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, DEFAULT_USER_AGENT};
// What programs need from the runtime, so that they depend on this crate alone.
pub use codegen_runtime::{
    ApiError, Call, Decimal, Error, ErrorResponses, Filter, FilterValue, IndexMap, Nullable, Order,
    ParseDecimalError, Patch, Untyped, http, serde_json,
};
#[cfg(feature = "client")]
pub use codegen_runtime::{
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Hook, Items, RetryPolicy, Sending, Transport,
    redirect_policy,
};
pub use servers::{DEFAULT_BASE_URL, SERVER_VARIABLES, SERVERS};
"#;

/// The lints the modules of a build script's single file allow: `missing_docs`, which a crate
/// root denies for its own items but an including crate need not, and `collapsible_if`, which
/// the generated crate's `rust-version` (before let chains) keeps quiet but the including
/// crate's may not. The doc lints all pass: spec text is escaped (`doctext::spec_text`).
pub const MODULE_LINTS: &str = "#![allow(missing_docs, clippy::collapsible_if)]\n";

/// The crate root's quick start: a client, and a call of the first operation that reads
/// (a GET without a body), else of the first one. Compiled by the crate's doc tests.
fn quick_start(api: &Api) -> String {
    let Some(op) = api
        .operations
        .iter()
        .find(|op| op.method == Method::Get && op.body.is_none())
        .or(api.operations.first())
    else {
        return String::new();
    };
    let krate = api.package.replace('-', "_");
    let client = if api.schemes.iter().any(|s| s.kind == SchemeKind::Bearer) {
        format!("let client = {krate}::Client::new(\"<token>\")?;")
    } else {
        format!(
            "// Credentials, base URL, timeouts: see `ClientBuilder`.\nlet client = {krate}::Client::builder().build()?;"
        )
    };
    let mut text = String::from(
        "//!\n//! ## Quick start\n//!\n//! Give a method the operation's required arguments, set optional parameters on the call it\n//! returns, and send it:\n//!\n//! ```no_run\n//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    for line in client.lines() {
        text.push_str(&format!("//! {line}\n"));
    }
    let (hidden, call) = super::signature::example_call(api, op);
    for line in hidden.lines() {
        text.push_str(&format!("//! {line}\n"));
    }
    text.push_str(&format!(
        "//! let answer = {call}.send().await?;\n//! println!(\"{{answer:?}}\");\n//! # Ok(())\n//! # }}\n//! ```\n"
    ));
    text
}

pub(super) fn lib(api: &Api) -> String {
    let mut out = inner_doc(&format!(
        "# {} {}",
        spec_text(&api.title),
        spec_text(&api.version)
    ));
    if let Some(description) = &api.description {
        out.push_str("//!\n");
        out.push_str(&inner_doc(&spec_text(description)));
    }
    let recursion = if api.longest_cycle > 8 {
        // rustc's drop check walks a cycle of types once per member; past its default limit
        // of 128 steps a long cycle of references does not compile.
        format!(
            "// {} schemas refer to each other in a cycle; rustc's drop check needs a deeper\n// recursion limit to walk it.\n#![recursion_limit = \"{}\"]\n",
            api.longest_cycle,
            128 + 8 * api.longest_cycle
        )
    } else {
        String::new()
    };
    out.push_str(
        &r#"//!
//! A typed client generated from the API's OpenAPI description:
//!
//! - [`models`]: a type per schema. Read-only properties can be read but not assigned; a PATCH
//!   body is a `…Patch` type whose fields are absent, set or (where nullable) [`Patch::Null`];
//!   unknown properties and enum values are kept, so a received object sent back loses
//!   nothing.
//! - [`errors`]: per operation, the error responses it declares, as one type: a call's
//!   [`Error`] carries it ([`ApiError::typed`]), to `match` on.
//! - [`operations`]: per operation, a function that builds an [`http::Request`] and one that
//!   reads an [`http::Response`], free of I/O.
//! - `Client` (feature `client`, on by default): an async client with a method per operation.
{quick_start}#![deny(missing_docs)]
{recursion}
#[cfg(feature = "client")]
pub mod calls;
#[cfg(feature = "client")]
mod client;
pub mod errors;
{examples}pub mod models;
pub mod operations;
mod servers;
"#
        .replace("{recursion}", &recursion)
        .replace("{quick_start}", &quick_start(api))
        // In rustfmt's order of module declarations.
        .replace(
            "{examples}",
            if api.examples.is_empty() {
                ""
            } else {
                "#[cfg(test)]\nmod examples;\n"
            },
        ),
    );
    out.push('\n');
    out.push_str(REEXPORTS);
    out
}

/// `servers.rs`: `SERVERS`, `SERVER_VARIABLES` and `DEFAULT_BASE_URL`.
pub(super) fn servers(api: &Api) -> Vec<Piece<'_>> {
    vec![super::piece(move || {
        let urls = api.servers.iter().map(|s| &s.url);
        let vars = api
            .servers
            .first()
            .into_iter()
            .flat_map(|s| &s.variables)
            .map(|v| {
                let (name, default, values) = (&v.name, &v.default, &v.values);
                quote! { (#name, #default, &[#(#values),*]) }
            });
        let default = match &api.default_base_url {
            Some(url) => quote! {
                /// The base URL of the spec's first server, variables at their defaults; the
                /// client's default.
                pub const DEFAULT_BASE_URL: Option<&str> = Some(#url);
            },
            None => quote! {
                /// The spec names no absolute server URL, or one with a variable it gives no
                /// default: a client needs `ClientBuilder::base_url` (or the variable).
                pub const DEFAULT_BASE_URL: Option<&str> = None;
            },
        };
        quote! {
            //! The servers of the API.

            /// The servers the spec names, URL templates as written; the first is the client's
            /// default.
            pub const SERVERS: &[&str] = &[#(#urls),*];

            /// The variables of the first server: name, default and documented values. The
            /// client sets one with `ClientBuilder::server_variable`.
            pub const SERVER_VARIABLES: &[(&str, &str, &[&str])] = &[#(#vars),*];

            #default
        }
    })]
}
