//! The only stage that knows Rust syntax: IR in, token streams and file texts out.

mod client;
mod examples;
mod frame;
mod models;
mod operations;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Ty};

pub use frame::DEPENDENCIES;

/// One piece of a Rust file: the module's inner attributes, or one or more items, produced
/// on demand by the format stage on whichever thread formats it (token streams cannot move
/// between threads), so that no whole file's tokens are ever held at once.
pub type Piece<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// What one generated file holds before formatting.
pub enum Content<'a> {
    /// Rust code, in pieces, formatted by the next stage.
    Rust(Vec<Piece<'a>>),
    /// Rust code copied verbatim (the support templates).
    Verbatim(&'static str),
    /// Text written as it is: the Cargo manifest, and `lib.rs`, which is kept in the shape
    /// rustfmt gives it so that `cargo fmt --check` passes on the generated crate.
    Text(String),
}

/// One file of the generated crate, by path relative to the crate root.
pub struct Emitted<'a> {
    /// For example `src/models.rs`.
    pub path: &'static str,
    /// Its content.
    pub content: Content<'a>,
}

/// Every file of the generated crate.
pub fn emit(api: &Api) -> Vec<Emitted<'_>> {
    let mut files = vec![
        Emitted {
            path: "Cargo.toml",
            content: Content::Text(frame::manifest(api)),
        },
        Emitted {
            path: "src/lib.rs",
            content: Content::Text(frame::lib(api)),
        },
        Emitted {
            path: "src/models.rs",
            content: Content::Rust(models::models(api)),
        },
        Emitted {
            path: "src/operations.rs",
            content: Content::Rust(operations::operations(api)),
        },
        Emitted {
            path: "src/client.rs",
            content: Content::Rust(client::client(api)),
        },
    ];
    if !api.examples.is_empty() {
        files.push(Emitted {
            path: "src/examples.rs",
            content: Content::Rust(examples::examples(api)),
        });
    }
    for (path, text) in crate::support::TEMPLATES {
        files.push(Emitted {
            path,
            content: Content::Verbatim(text),
        });
    }
    files
}

/// An identifier, raw when written `r#name`.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The identifier without a raw prefix.
pub(crate) fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `#[doc]` attributes for a text, one per line, or for the fallback when there is no text.
/// Control characters that cannot stand in a line comment are replaced, so any description
/// survives into rustdoc.
pub(crate) fn doc_attrs(doc: Option<&str>, fallback: &str) -> TokenStream {
    let text = match doc.map(str::trim) {
        Some(d) if !d.is_empty() => d,
        _ => fallback,
    };
    if text.is_empty() {
        return quote! {};
    }
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner `#![doc]` attributes, for module headers.
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

/// A text as doc lines, each led by a space so no line can turn into another kind of comment.
fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let clean: String = line
                .trim_end()
                .chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect();
            if clean.is_empty() {
                String::new()
            } else {
                format!(" {clean}")
            }
        })
        .collect()
}

/// A value type; with `inputs`, named types that have an input form are written as it.
pub(crate) fn ty_tokens(ty: &Ty, inputs: Option<&models::Inputs>) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::Decimal => quote! { crate::Decimal },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::Json => quote! { ::serde_json::Value },
        Ty::JsonObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner, inputs);
            quote! { Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner, inputs);
            quote! { ::std::collections::BTreeMap<String, #inner> }
        }
        Ty::Named { name, boxed } => {
            let name = match inputs {
                Some(set) if set.contains(name) => ident(&format!("{name}Input")),
                _ => ident(name),
            };
            if *boxed {
                quote! { Box<crate::models::#name> }
            } else {
                quote! { crate::models::#name }
            }
        }
    }
}
