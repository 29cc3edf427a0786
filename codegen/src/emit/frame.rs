//! The crate frame: `Cargo.toml` and `lib.rs`.
//!
//! Both are written as text rather than token streams: rustfmt reads `lib.rs`, so it is kept
//! in exactly the shape rustfmt gives it. The support modules (copies of `templates/`, kept
//! rustfmt-formatted) are read by rustfmt too; the modules prettyplease prints from the spec
//! are declared `#[rustfmt::skip]`, since prettyplease's layout is not rustfmt's: `cargo fmt`
//! over a workspace that holds the crate changes nothing.

use quote::quote;

use super::Piece;
use crate::ir::Api;

/// Dependencies of every generated crate, as Cargo.toml lines. Kept equal to the workspace
/// pins (a test checks it), so the workspace builds one version of each.
pub const DEPENDENCIES: &[(&str, &str)] = &[
    ("http", r#""1.3.1""#),
    ("percent-encoding", r#""2.3.2""#),
    ("serde", r#"{ version = "1.0.228", features = ["derive"] }"#),
    (
        "serde_json",
        r#"{ version = "1.0.145", features = ["preserve_order"] }"#,
    ),
    ("serde_html_form", r#""0.4.1""#),
    (
        "reqwest",
        r#"{ version = "0.13.5", default-features = false, features = ["rustls-no-provider", "http2"], optional = true }"#,
    ),
    (
        "rustls",
        r#"{ version = "0.23.37", default-features = false, features = ["ring", "std", "tls12"], optional = true }"#,
    ),
    (
        "rustls-platform-verifier",
        r#"{ version = "0.7.1", optional = true }"#,
    ),
    ("base64", r#"{ version = "0.23.1", optional = true }"#),
    ("bytes", r#"{ version = "1.10.1", optional = true }"#),
    ("fastrand", r#"{ version = "2.3.0", optional = true }"#),
    ("httpdate", r#"{ version = "1.0.3", optional = true }"#),
    (
        "tokio",
        r#"{ version = "1.48.0", default-features = false, features = ["time"], optional = true }"#,
    ),
    (
        "tracing",
        r#"{ version = "0.1.41", default-features = false, features = ["std"], optional = true }"#,
    ),
    ("futures-core", r#"{ version = "0.3.34", optional = true }"#),
];

/// Dependencies only a crate with paginated operations carries.
const PAGINATION_ONLY: &[&str] = &["futures-core"];

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

pub(super) fn manifest(api: &Api) -> String {
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&api.package)));
    out.push_str("version = \"0.1.0\"\n");
    out.push_str("edition = \"2024\"\n");
    out.push_str("rust-version = \"1.85\"\n");
    out.push_str(&format!(
        "description = {}\n",
        toml_string(&format!(
            "Typed client for {} {}, generated from its OpenAPI description.",
            api.title, api.version
        ))
    ));
    out.push_str("publish = false\n\n");
    out.push_str("[lib]\n");
    out.push_str("# Descriptions from the spec may hold code blocks that are not Rust.\n");
    out.push_str("doctest = false\n\n");
    out.push_str("[features]\n");
    out.push_str("default = [\"client\"]\n");
    out.push_str(
        "# The async client; without it the crate is types and sans-IO request functions.\n",
    );
    let stream = if api.paginates() {
        ", \"dep:futures-core\""
    } else {
        ""
    };
    out.push_str(&format!("client = [\"dep:reqwest\", \"dep:rustls\", \"dep:rustls-platform-verifier\", \"dep:base64\", \"dep:bytes\", \"dep:fastrand\", \"dep:httpdate\", \"dep:tokio\"{stream}]\n"));
    out.push_str(
        "# A span per call of the client: operation, method, path, status, attempts, duration.\n",
    );
    out.push_str("tracing = [\"client\", \"dep:tracing\"]\n\n");
    out.push_str("[dependencies]\n");
    for (name, spec) in DEPENDENCIES {
        if PAGINATION_ONLY.contains(name) && !api.paginates() {
            continue;
        }
        out.push_str(&format!("{name} = {spec}\n"));
    }
    out
}

/// `//!` lines for a text; each line led by a space so nothing turns into another comment.
fn inner_doc(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
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

pub(super) fn lib(api: &Api) -> String {
    let mut out = inner_doc(&format!("# {} {}", api.title, api.version));
    if let Some(description) = &api.description {
        out.push_str("//!\n");
        out.push_str(&inner_doc(description));
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
//! - [`operations`]: per operation, a function that builds an [`http::Request`] and one that
//!   reads an [`http::Response`], free of I/O.
//! - `Client` (feature `client`, on by default): an async client with a method per operation.
#![deny(missing_docs)]
{recursion}// Descriptions come from the spec as written; rustdoc's and clippy's taste in Markdown is
// not the spec author's.
#![allow(
    clippy::doc_lazy_continuation,
    clippy::doc_overindented_list_items,
    clippy::too_long_first_doc_paragraph,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::invalid_rust_codeblocks
)]

#[cfg(feature = "client")]
#[rustfmt::skip]
mod client;
mod decimal;
mod error;
#[rustfmt::skip]
pub mod models;
mod nullable;
#[rustfmt::skip]
pub mod operations;
{paginate}mod patch;
{query}#[cfg(feature = "client")]
mod retry;
#[rustfmt::skip]
mod servers;
#[cfg(feature = "client")]
mod transport;
#[doc(hidden)]
pub mod wire;
"#
        .replace("{recursion}", &recursion)
        .replace(
            "{paginate}",
            if api.paginates() {
                "#[cfg(feature = \"client\")]\nmod paginate;\n"
            } else {
                ""
            },
        )
        .replace(
            "{query}",
            if api.has_expressions() {
                "mod query;\n"
            } else {
                ""
            },
        ),
    );
    if !api.examples.is_empty() {
        out.push_str("#[cfg(test)]\n#[rustfmt::skip]\nmod examples;\n");
    }
    out.push_str(
        r#"
pub use decimal::{Decimal, ParseDecimalError};
pub use error::{ApiError, Error};
"#,
    );
    out.push_str("pub use nullable::Nullable;\n");
    if api.paginates() {
        out.push_str("#[cfg(feature = \"client\")]\npub use paginate::Items;\n");
    }
    out.push_str("pub use patch::Patch;\n");
    if api.has_expressions() {
        out.push_str("pub use query::{Filter, FilterValue, Order};\n");
    }
    out.push_str(
        r#"#[cfg(feature = "client")]
pub use retry::RetryPolicy;
pub use servers::{DEFAULT_BASE_URL, SERVER_VARIABLES, SERVERS};
#[cfg(feature = "client")]
pub use transport::{
    Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Hook,
    redirect_policy,
};
"#,
    );
    out
}

/// `servers.rs`: `SERVERS`, `SERVER_VARIABLES` and `DEFAULT_BASE_URL`.
pub(super) fn servers(api: &Api) -> Vec<Piece<'_>> {
    vec![Box::new(move || {
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

#[cfg(test)]
mod tests {
    use super::DEPENDENCIES;

    /// The first quoted version in a dependency line, such as `1.0.228`.
    fn version(spec: &str) -> &str {
        let start = spec.find('"').map(|i| i + 1).unwrap_or(0);
        let rest = &spec[start..];
        let rest = rest.strip_prefix("version = \"").unwrap_or(rest);
        let end = rest.find('"').unwrap_or(rest.len());
        &rest[..end]
    }

    #[test]
    fn generated_crates_pin_what_the_workspace_pins() {
        let workspace = include_str!("../../../Cargo.toml");
        for (name, spec) in DEPENDENCIES {
            let line = workspace
                .lines()
                .find(|l| l.starts_with(&format!("{name} = ")))
                .unwrap_or_else(|| panic!("{name} is not pinned in the workspace"));
            let pinned = &line[name.len() + 3..];
            assert_eq!(version(spec), version(pinned), "{name}");
        }
    }
}
