//! Token helpers every printer uses: identifiers, doc attributes, value types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Int, Ty, TypeKind};

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

/// `#[doc]` attributes for a description; nothing where the spec has none, rather than a
/// filler sentence that would only repeat the item's name (see [`undocumented`]).
pub(crate) fn docs_if_any(doc: Option<&str>) -> TokenStream {
    match doc.map(str::trim) {
        Some(d) if !d.is_empty() => doc_attrs(Some(d), ""),
        _ => quote! {},
    }
}

/// The allowance an item carries when the spec leaves it, or a field or method in it,
/// undescribed: the crate denies `missing_docs` everywhere else.
pub(crate) fn undocumented(missing: bool) -> TokenStream {
    if missing {
        quote! { #[allow(missing_docs, reason = "the spec does not describe every part of it")] }
    } else {
        quote! {}
    }
}

/// `///` lines for a text at an indentation, as the table macros' invocations carry them
/// (the same lines [`doc_attrs`] gives); nothing for no text.
pub(crate) fn doc_comment(doc: Option<&str>, indent: &str) -> String {
    comment(doc, indent, "///")
}

/// `//!` lines, as [`doc_comment`]'s: a module's docs inside a table macro's invocation.
pub(crate) fn inner_doc_comment(doc: Option<&str>, indent: &str) -> String {
    comment(doc, indent, "//!")
}

fn comment(doc: Option<&str>, indent: &str, marker: &str) -> String {
    let mut out = String::new();
    if let Some(text) = doc.map(str::trim).filter(|d| !d.is_empty()) {
        for line in doc_lines(text) {
            out.push_str(indent);
            out.push_str(marker);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A string literal as Rust source.
pub(crate) fn literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// Tokens as source text in the spacing a person writes (`Option<Vec<String>>`,
/// `BTreeMap<String, T>`), for the table macros' invocations, which are printed as text.
pub(crate) fn text(tokens: &TokenStream) -> String {
    let mut out = String::new();
    write_text(tokens, &mut out);
    out
}

fn write_text(tokens: &TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut word_before = false;
    let mut joint_before = false;
    let mut commas = 0;
    let mut space = false;
    for token in tokens.clone() {
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        if !matches!(token, TokenTree::Punct(_)) {
            joint_before = false;
        }
        match token {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if word_before {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                word_before = true;
            }
            TokenTree::Punct(punct) => {
                // A lone `=` (an attribute's `reason = "..."`, a binding `Output = T`) is
                // spaced as rustfmt spaces it; one that is part of `=>` or `==` is not.
                let lone_eq = punct.as_char() == '='
                    && punct.spacing() == proc_macro2::Spacing::Alone
                    && !joint_before;
                if lone_eq {
                    out.push_str(" = ");
                } else {
                    out.push(punct.as_char());
                }
                joint_before = punct.spacing() == proc_macro2::Spacing::Joint;
                if matches!(punct.as_char(), ',' | ';') {
                    commas += usize::from(punct.as_char() == ',');
                    space = true;
                }
                // A lifetime's name follows its quote with no space; any other word after
                // a punctuation mark does too (`&str`, `::std`).
                word_before = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_text(&group.stream(), out);
                out.push_str(close);
                word_before = false;
            }
        }
    }
    // A trailing comma only where it makes a one-element tuple: `(T,)`, `(T, U)`.
    if commas > 1 && out.ends_with(',') {
        out.pop();
    }
}

/// A text as doc lines, each led by a space so no line can turn into another kind of comment;
/// its code blocks marked as not Rust, so that doc tests compile only the examples.
fn doc_lines(text: &str) -> Vec<String> {
    super::doctext::not_rust(text)
        .lines()
        .map(|line| {
            let clean: String = line
                .trim_end()
                .replace('\t', "    ")
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            if clean.is_empty() {
                String::new()
            } else {
                format!(" {clean}")
            }
        })
        .collect()
}

/// `#[deprecated]` when the spec says so.
pub(crate) fn deprecated(yes: bool) -> TokenStream {
    if yes {
        quote! { #[deprecated(note = "deprecated in the API's description")] }
    } else {
        quote! {}
    }
}

/// The Rust integer type of an integer format.
pub(crate) fn int_tokens(int: Int) -> TokenStream {
    match int {
        Int::I8 => quote! { i8 },
        Int::I16 => quote! { i16 },
        Int::I32 => quote! { i32 },
        Int::I64 => quote! { i64 },
        Int::U8 => quote! { u8 },
        Int::U16 => quote! { u16 },
        Int::U32 => quote! { u32 },
        Int::U64 => quote! { u64 },
    }
}

/// Whether named types are written as received, or in their input form where they have one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Model,
    Input,
}

/// Where a type is written: inside `models.rs`, which names its own types and the crate's
/// `Decimal`, `Nullable` and `Patch` bare (lower keeps schemas off those names), or elsewhere,
/// by path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Models,
    Outside,
}

/// A type of the crate root (`Decimal`, `Nullable`, `Patch`), as `place` names it.
pub(crate) fn root_ty(name: &str, place: Place) -> TokenStream {
    let name = ident(name);
    match place {
        Place::Models => quote! { #name },
        Place::Outside => quote! { crate::#name },
    }
}

/// The path of `serde_json` at `place`: `models.rs` imports it, elsewhere the crate root's
/// re-export names it.
pub(crate) fn json_path(place: Place) -> TokenStream {
    match place {
        Place::Models => quote! { serde_json },
        Place::Outside => quote! { crate::serde_json },
    }
}

/// A value type.
pub(crate) fn ty_tokens(api: &Api, ty: &Ty, mode: Mode) -> TokenStream {
    ty_at(api, ty, mode, Place::Outside)
}

/// A value type as written at `place`.
pub(crate) fn ty_at(api: &Api, ty: &Ty, mode: Mode, place: Place) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::Decimal => root_ty("Decimal", place),
        Ty::Int(int) => int_tokens(*int),
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::Json => {
            let json = json_path(place);
            quote! { #json::Value }
        }
        Ty::Unit => quote! { () },
        Ty::JsonObject => {
            let json = json_path(place);
            quote! { #json::Map<String, #json::Value> }
        }
        Ty::Vec(inner) => {
            let inner = ty_at(api, inner, mode, place);
            quote! { Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = ty_at(api, inner, mode, place);
            quote! { ::std::collections::BTreeMap<String, #inner> }
        }
        Ty::Named { id, boxed } => {
            let def = api.ty(*id);
            let name = match (&def.kind, mode) {
                (TypeKind::Struct(s), Mode::Input) => s.input.as_deref().unwrap_or(&def.name),
                _ => &def.name,
            };
            let name = ident(name);
            let path = match place {
                Place::Models => quote! { #name },
                Place::Outside => quote! { crate::models::#name },
            };
            if *boxed {
                quote! { Box<#path> }
            } else {
                path
            }
        }
    }
}
