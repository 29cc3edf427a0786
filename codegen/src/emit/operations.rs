//! `operations.rs`: a sans-IO module per operation: its method, path, security, a function
//! that builds the request and one that reads the response.
//!
//! Each module is one invocation of the runtime's `operation!`, which writes the module from
//! a table: its constants, its parameters (with their docs, types and setters), where each
//! argument goes and how its value is written, the body's encoding and the decoder. The code
//! that builds a request is the runtime's, the same for every operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::signature::{
    allow_many_arguments, arguments, arguments_doc, error_type, errors_doc, heading, optional,
    outcome_docs, owned_type, param_doc, param_place, payload_type, setter_takes_into,
    status_pattern,
};
use super::tokens::{deprecated, doc_attrs, doc_comment, ident, inner_doc_comment, literal, text};
use super::{Chunk, Code, Piece};
use crate::ir::{Api, BodyKind, Location, Operation, Param, Payload, Status, Success, Ty};

pub(super) fn operations(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![super::piece(|| {
        quote! {
            //! Request builders and response readers, one module per operation, free of I/O: use
            //! them with any HTTP stack, or through the async client.
            //!
            //! Each module holds the operation's `METHOD` and `PATH` template, and its security
            //! alternatives: any one of the sets in `REQUIRED_SCOPES` (scopes) or `SECURITY`
            //! (schemes) suffices, and an empty set, or no set at all, means none is needed.
            //!
            //! `request` builds the [`http::Request`](crate::http::Request): the path with each path argument encoded
            //! as one segment (an empty argument, `.` or `..` is refused before any request
            //! exists), the query, the headers and the body. `response` reads the
            //! [`http::Response`](crate::http::Response): the typed value on success, [`crate::Error::Api`] for any other
            //! status (its [`crate::ApiError::typed`] gives the bodies the spec declares), and
            //! [`crate::Error::Decode`] when a success body is not what the spec describes.
            #![allow(deprecated, reason = "deprecated operations still build their requests")]
            #![allow(clippy::module_inception, reason = "an operation may be called `operations`")]
        }
    })];
    for op in &api.operations {
        pieces.push(Box::new(move || operation(api, op)));
    }
    pieces
}

/// How the runtime's `operation!` writes a value as text (its `__text!`): a string as it
/// is, a string enum or decimal by `as_str`, anything else by `to_string`.
fn text_kind(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "str",
        Ty::Decimal | Ty::Named { .. } => "as_str",
        _ => "display",
    }
}

/// An array's items, each written as [`text_kind`] says, prefixed (`each_`, `join_`).
fn items_kind(prefix: &str, item: &Ty) -> String {
    format!("{prefix}{}", text_kind(item))
}

/// How a path argument is written (`operation!`'s `__path_value!`).
fn path_kind(p: &Param) -> String {
    match &p.ty {
        // `style: simple`: the items joined by commas, then encoded as one segment.
        Ty::Vec(item) => items_kind("join_", item),
        ty => text_kind(ty).to_owned(),
    }
}

/// Where a query or header argument goes and how it is written (`operation!`'s `__put!`).
fn put_kind(api: &Api, p: &Param) -> (&'static str, String) {
    let place = match p.location {
        Location::Header => "header",
        _ => "query",
    };
    if p.json {
        return (place, "json".to_owned());
    }
    if p.expression.is_some() {
        return ("query", "expr".to_owned());
    }
    let object = if p.deep_object { "deep" } else { "object" };
    let kind = match (p.location, &p.ty) {
        (Location::Query, Ty::Named { id, .. })
            if matches!(api.ty(*id).kind, crate::ir::TypeKind::Struct(_)) =>
        {
            object.to_owned()
        }
        (Location::Query, Ty::Map(_) | Ty::JsonObject) => object.to_owned(),
        (Location::Query, Ty::Vec(item)) if p.explode => items_kind("each_", item),
        (_, Ty::Vec(item)) => items_kind("join_", item),
        (_, ty) => text_kind(ty).to_owned(),
    };
    (place, kind)
}

/// The success enum of an operation whose 2xx answers differ, and the function that reads
/// the response into it.
fn by_status(api: &Api, op: &Operation, doc: &str) -> TokenStream {
    let Success::ByStatus {
        name,
        variants,
        other,
    } = &op.success
    else {
        return TokenStream::new();
    };
    let error = error_type(op);
    // The runtime reads an answer that is not a success untyped; `Into` reads the bodies the
    // operation declares into its `errors` type.
    let into = op.failure.is_some().then(|| quote! { .into() });
    let doc = doc_attrs(Some(doc), "");
    let name = ident(name);
    let other = ident(other);
    let defs = variants.iter().map(|(rust, outcome)| {
        let rust = ident(rust);
        let docs = outcome_docs(outcome);
        match &outcome.payload {
            Payload::Empty => quote! { #docs #rust, },
            payload => {
                let ty = payload_type(api, payload);
                quote! { #docs #rust(#ty), }
            }
        }
    });
    let arms = variants.iter().map(|(rust, outcome)| {
        let rust = ident(rust);
        let pattern = status_pattern(outcome.status);
        let value = match &outcome.payload {
            Payload::Empty => quote! { #name::#rust },
            Payload::Json(_) => {
                quote! { #name::#rust(::codegen_runtime::wire::read_json(response)?) }
            }
            Payload::Text => {
                quote! { #name::#rust(::codegen_runtime::wire::read_text(response)?) }
            }
            Payload::Bytes => quote! { #name::#rust(response.body().clone()) },
        };
        quote! { #pattern => #value, }
    });
    let catch_all = if variants
        .iter()
        .any(|(_, o)| matches!(o.status, Status::Default | Status::Class(2)))
    {
        quote! {}
    } else {
        quote! { _ => #name::#other { status, body: response.body().clone() }, }
    };
    quote! {
        /// A success answer: the spec describes each status differently.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "each variant holds its answer as the spec describes it")]
        // A status the spec adds later is one more variant.
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A 2xx status the spec does not declare, with its body as received.
            #other {
                /// The status.
                status: ::codegen_runtime::http::StatusCode,
                /// The body, as received.
                body: Vec<u8>,
            },
        }

        #doc
        #[inline]
        pub fn response(response: &::codegen_runtime::http::Response<Vec<u8>>) -> Result<#name, #error> {
            let status = response.status();
            if !status.is_success() {
                return Err(::codegen_runtime::wire::untyped_error(response)#into);
            }
            Ok(match status.as_u16() {
                #(#arms)*
                #catch_all
            })
        }
    }
}

/// An operation's module: one invocation of the runtime's `operation!`, printed as text (a
/// line per part, a line per parameter), with the items of a by-status reader printed inside
/// it.
fn operation(api: &Api, op: &Operation) -> Code {
    let mut out = String::from("\n::codegen_runtime::operation! {\n");
    out.push_str(&inner_doc_comment(Some(&heading(api, op)), "    "));
    out.push_str(&format!(
        "    pub mod {} = {} {};\n",
        op.rust,
        op.method.as_str(),
        literal(&op.path)
    ));
    let sets = |sets: Vec<Vec<&str>>| {
        let sets: Vec<String> = sets
            .iter()
            .map(|set| {
                let names: Vec<String> = set.iter().map(|name| literal(name)).collect();
                format!("[{}]", names.join(", "))
            })
            .collect();
        sets.join(", ")
    };
    let scopes = op
        .security
        .iter()
        .map(|r| r.scopes.iter().map(String::as_str).collect())
        .collect();
    let schemes = op
        .security
        .iter()
        .map(|r| {
            r.schemes
                .iter()
                .map(|&s| api.schemes[s].name.as_str())
                .collect()
        })
        .collect();
    out.push_str(&format!("    scopes [{}];\n", sets(scopes)));
    out.push_str(&format!("    security [{}];\n", sets(schemes)));
    let mut params = Vec::new();
    for (p, setter) in optional(op) {
        let mut row = String::new();
        if p.deprecated {
            row.push_str(&format!("        {}\n", text(&deprecated(true))));
        }
        row.push_str(&format!(
            "        {}: {} = {setter} {} {};\n",
            p.rust,
            text(&owned_type(api, p)),
            if setter_takes_into(p) {
                "into"
            } else {
                "value"
            },
            literal(&format!("{}{}", param_place(p), param_doc(p))),
        ));
        params.push(row);
    }
    if params.is_empty() {
        out.push_str("    params {}\n");
    } else {
        out.push_str("    params {\n");
        out.push_str(&params.concat());
        out.push_str("    }\n");
    }
    out.push_str(&doc_comment(
        Some(&format!(
            "Builds the request, as [`crate::operations`] describes.{}",
            arguments_doc(op)
        )),
        "    ",
    ));
    for attr in [allow_many_arguments(api, op), deprecated(op.deprecated)] {
        if !attr.is_empty() {
            out.push_str(&format!("    {}\n", text(&attr)));
        }
    }
    let args: Vec<String> = arguments(api, op)
        .into_iter()
        .map(|(name, ty)| format!("{}: {}", text(&name), text(&ty)))
        .collect();
    out.push_str(&format!("    fn request({});\n", args.join(", ")));
    let path: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| format!("{} {} {}", p.rust, literal(&p.wire), path_kind(p)))
        .collect();
    out.push_str(&format!("    path [{}];\n", path.join(", ")));
    let puts: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.location != Location::Path)
        .map(|p| {
            let (place, kind) = put_kind(api, p);
            let required = if p.setter.is_none() {
                "required"
            } else {
                "optional"
            };
            format!("{required} {} {place} {} {kind}", p.rust, literal(&p.wire))
        })
        .collect();
    match puts.len() {
        0 => out.push_str("    put [];\n"),
        1 => out.push_str(&format!("    put [{}];\n", puts[0])),
        _ => {
            out.push_str("    put [\n");
            for put in &puts {
                out.push_str(&format!("        {put},\n"));
            }
            out.push_str("    ];\n");
        }
    }
    out.push_str(&format!("    content {};\n", content(op)));
    out.push_str(&format!("    accept {};\n", literal(&op.accept)));
    let reader_doc = format!(
        "Reads the response, as [`crate::operations`] describes.{}",
        errors_doc(op)
    );
    match &op.success {
        Success::One(payload) => {
            let decode = match payload {
                Payload::Empty => "decode_empty",
                Payload::Json(_) => "decode_json",
                Payload::Text => "decode_text",
                Payload::Bytes => "decode_bytes",
            };
            let (error, errors) = match &op.failure {
                Some(failure) => (format!("crate::errors::{}", failure.name), "typed"),
                None => ("::codegen_runtime::Untyped".to_owned(), "untyped"),
            };
            out.push_str(&doc_comment(Some(&reader_doc), "    "));
            out.push_str(&format!(
                "    response -> {}, {error} = {decode} {errors};\n}}\n",
                text(&payload_type(api, payload)),
            ));
            Code(vec![Chunk::Text(out)])
        }
        Success::ByStatus { .. } => {
            out.push_str("    response {\n");
            Code(vec![
                Chunk::Text(out),
                Chunk::Nested(by_status(api, op, &reader_doc), 8),
                Chunk::Text("    }\n}\n".to_owned()),
            ])
        }
    }
}

/// The request body, as `operation!`'s `content` takes it: `empty()`, or the runtime's
/// `Content` constructor and its arguments.
fn content(op: &Operation) -> String {
    let Some(body) = &op.body else {
        return "empty()".to_owned();
    };
    let media = if body.media_arg {
        "content_type".to_owned()
    } else {
        literal(&body.media)
    };
    let list = |names: &[String]| {
        let names: Vec<String> = names.iter().map(|n| literal(n)).collect();
        format!("&[{}]", names.join(", "))
    };
    match &body.kind {
        BodyKind::Json(..) => format!("json(body, {media})"),
        BodyKind::UrlEncoded(..) if body.form_json.is_empty() && body.form_indexed.is_empty() => {
            format!("form(body, {media})")
        }
        BodyKind::UrlEncoded(..) => format!(
            "form_with(body, {media}, {}, {})",
            list(&body.form_json),
            list(&body.form_indexed)
        ),
        BodyKind::Text => format!("bytes(body.as_bytes(), {media})"),
        BodyKind::Bytes => format!("bytes(body, {media})"),
    }
}
