//! `operations.rs`: a sans-IO module per operation: its method, path, scopes, a function
//! that builds the request and one that reads the response.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Piece, doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Operation, Param, Ty};
use quote::ToTokens as _;

pub(super) fn operations(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
        quote! {
            //! Request builders and response readers, one module per operation, free of I/O: use
            //! them with any HTTP stack, or through the async client.
        }
    })];
    for op in &api.operations {
        pieces.push(Box::new(move || operation(op)));
    }
    pieces
}

/// A one-line heading and the description, for module and method docs.
pub(super) fn heading(op: &Operation) -> String {
    let mut doc = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        doc.push_str(&format!(": {summary}"));
    }
    if let Some(description) = &op.description {
        doc.push_str(&format!("\n\n{description}"));
    }
    doc.push_str(&format!("\n\n{}", scopes_doc(&op.scopes)));
    doc
}

fn scopes_doc(scopes: &[Vec<String>]) -> String {
    let alternatives: Vec<String> = scopes
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    if alternatives.is_empty() {
        "Required scopes: none.".to_owned()
    } else {
        format!("Required scopes (any one of): {}.", alternatives.join(", "))
    }
}

/// The argument type of a parameter as a function takes it.
pub(super) fn param_type(p: &Param) -> TokenStream {
    let base = match &p.ty {
        Ty::String => quote! { &str },
        Ty::Decimal => quote! { &crate::Decimal },
        Ty::Named { .. } => ty_tokens(&p.ty, None),
        other => ty_tokens(other, None),
    };
    if p.required {
        base
    } else {
        quote! { Option<#base> }
    }
}

/// The argument type of a body.
pub(super) fn body_type(ty: &Ty, patch: bool) -> TokenStream {
    match ty {
        Ty::Named { name, .. } if patch => {
            let name = ident(&format!("{name}Patch"));
            quote! { &crate::models::#name }
        }
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner, None);
            quote! { &[#inner] }
        }
        Ty::String => quote! { &str },
        other => {
            let ty = ty_tokens(other, None);
            quote! { &#ty }
        }
    }
}

/// The success type of an operation.
pub(super) fn response_type(op: &Operation) -> TokenStream {
    match &op.response {
        Some(ty) => ty_tokens(ty, None),
        None => quote! { () },
    }
}

/// The arguments in call order: path parameters, body, query parameters.
pub(super) fn arguments(op: &Operation) -> Vec<(TokenStream, TokenStream)> {
    let mut args = Vec::new();
    for p in &op.path_params {
        args.push((ident(&p.rust).into_token_stream(), param_type(p)));
    }
    if let Some(body) = &op.body {
        args.push((quote! { body }, body_type(&body.ty, body.patch)));
    }
    for p in &op.query_params {
        args.push((ident(&p.rust).into_token_stream(), param_type(p)));
    }
    args
}

/// clippy's limit is seven arguments; an operation's functions take one per parameter, as the
/// spec lists them, so past it the lint is allowed rather than the shape changed.
pub(super) fn allow_many_arguments(op: &Operation) -> TokenStream {
    if arguments(op).len() + 1 > 7 {
        quote! { #[allow(clippy::too_many_arguments, reason = "one argument per parameter of the operation")] }
    } else {
        quote! {}
    }
}

/// Docs listing the arguments that have descriptions.
pub(super) fn arguments_doc(op: &Operation) -> String {
    let mut doc = String::new();
    for p in op.path_params.iter().chain(&op.query_params) {
        let kind = if op.path_params.contains(p) {
            "path"
        } else {
            "query"
        };
        doc.push_str(&format!("\n- `{}` ({kind})", super::bare(&p.rust)));
        if let Some(what) = &p.doc {
            doc.push_str(&format!(": {}", what.replace('\n', " ")));
        }
    }
    if doc.is_empty() {
        doc
    } else {
        format!("\n\nArguments:{doc}")
    }
}

fn to_text(p: &Param, value: TokenStream) -> TokenStream {
    match &p.ty {
        Ty::String => quote! { #value },
        Ty::Decimal | Ty::Named { .. } => quote! { #value.as_str() },
        _ => quote! { #value.to_string() },
    }
}

fn operation(op: &Operation) -> TokenStream {
    let module = ident(&op.rust);
    let inner_docs = super::inner_doc_attrs(&heading(op));
    let method = ident(&op.method);
    let path = &op.path;
    let scopes = op.scopes.iter().map(|s| quote! { &[#(#s),*] });
    let args = arguments(op)
        .into_iter()
        .map(|(name, ty)| quote! { #name: #ty });
    let path_args = op.path_params.iter().map(|p| {
        let wire = &p.wire;
        let name = ident(&p.rust);
        let value = match &p.ty {
            Ty::String => quote! { #name },
            Ty::Decimal | Ty::Named { .. } => quote! { #name.as_str() },
            _ => quote! { &#name.to_string() },
        };
        quote! { (#wire, #value) }
    });
    let query = op.query_params.iter().map(|p| {
        let wire = &p.wire;
        let name = ident(&p.rust);
        if p.required {
            let text = to_text(p, quote! { #name });
            quote! { query.push(#wire, #text); }
        } else {
            let text = to_text(p, quote! { value });
            quote! { if let Some(value) = #name { query.push(#wire, #text); } }
        }
    });
    let query_mut = if op.query_params.is_empty() {
        quote! {}
    } else {
        quote! { mut }
    };
    let body = match &op.body {
        Some(_) => quote! { Some(body) },
        None => quote! { None::<&()> },
    };
    let response_ty = response_type(op);
    let allow = allow_many_arguments(op);
    let decode = if op.response.is_some() {
        quote! { crate::wire::decode_json(response) }
    } else {
        quote! { crate::wire::decode_empty(response) }
    };
    let request_doc = doc_attrs(
        Some(&format!(
            "Builds the request: method, path with each path argument encoded as one segment, query, JSON headers{}.\n\nRefuses an empty path argument, or `.`/`..`, before any request exists.{}",
            if op.body.is_some() {
                " and JSON body"
            } else {
                ""
            },
            arguments_doc(op)
        )),
        "",
    );
    let response_doc = doc_attrs(
        Some(
            "Reads the response: the typed value on success, [`crate::Error::Api`] for any other status, [`crate::Error::Decode`] when a success body is not the expected JSON.",
        ),
        "",
    );
    quote! {
        pub mod #module {
            #inner_docs

            /// The HTTP method.
            pub const METHOD: ::http::Method = ::http::Method::#method;

            /// The path template.
            pub const PATH: &str = #path;

            /// The security alternatives: any one of these scope sets suffices (an empty set
            /// means no scope is needed).
            pub const REQUIRED_SCOPES: &[&[&str]] = &[#(#scopes),*];

            #request_doc
            #allow
            pub fn request(base_url: &str, #(#args),*) -> Result<::http::Request<Vec<u8>>, crate::Error> {
                let path = crate::wire::expand_path(PATH, &[#(#path_args),*])?;
                let #query_mut query = crate::wire::Query::new();
                #(#query)*
                crate::wire::json_request(METHOD, base_url, &path, &query, #body)
            }

            #response_doc
            pub fn response(response: &::http::Response<Vec<u8>>) -> Result<#response_ty, crate::Error> {
                #decode
            }
        }
    }
}
