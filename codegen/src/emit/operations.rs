//! `operations.rs`: a sans-IO module per operation: its method, path, security, a function
//! that builds the request and one that reads the response.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::signature::{
    allow_many_arguments, arguments, arguments_doc, error_type, errors_doc, heading, optional,
    outcome_docs, owned_type, param_doc, param_place, payload_type, setters, status_pattern,
};
use super::tokens::{deprecated, doc_attrs, ident, inner_doc_attrs};
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
        pieces.push(super::piece(move || operation(api, op)));
    }
    pieces
}

/// A value as text: `&str` or `String`. `item` for an element of an array argument.
fn text(ty: &Ty, value: TokenStream, item: bool) -> TokenStream {
    match ty {
        Ty::String if item => quote! { &**#value },
        Ty::String => quote! { #value },
        Ty::Decimal | Ty::Named { .. } => quote! { #value.as_str() },
        _ => quote! { #value.to_string() },
    }
}

/// Statements that put one query or header argument, held in `value`, on the request.
fn put(api: &Api, p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire;
    let rust = super::tokens::bare(&p.rust);
    let joined = |item: &Ty| {
        if *item == Ty::String {
            return quote! { ::codegen_runtime::wire::join(#value.iter()) };
        }
        let one = text(item, quote! { value }, true);
        quote! { ::codegen_runtime::wire::join(#value.iter().map(|value| #one)) }
    };
    if p.json {
        let text = quote! { ::codegen_runtime::wire::json_argument(#rust, #value)? };
        return match p.location {
            Location::Query => quote! { query.push(#wire, #text); },
            _ => quote! { ::codegen_runtime::wire::header(&mut headers, #wire, #rust, #text)?; },
        };
    }
    if p.expression.is_some() {
        return quote! {
            if let Some(text) = #value.to_query(#rust)? {
                query.push(#wire, text);
            }
        };
    }
    match (p.location, &p.ty) {
        (Location::Query, Ty::Named { id, .. })
            if matches!(api.ty(*id).kind, crate::ir::TypeKind::Struct(_)) =>
        {
            let deep = if p.deep_object {
                quote! { Some(#wire) }
            } else {
                quote! { None }
            };
            quote! { query.push_object(#deep, #value, #rust)?; }
        }
        (Location::Query, Ty::Map(_) | Ty::JsonObject) => {
            let deep = if p.deep_object {
                quote! { Some(#wire) }
            } else {
                quote! { None }
            };
            quote! { query.push_object(#deep, #value, #rust)?; }
        }
        (Location::Query, Ty::Vec(item)) if p.explode => {
            let one = text(item, quote! { value }, true);
            quote! { for value in #value { query.push(#wire, #one); } }
        }
        (Location::Query, Ty::Vec(item)) => {
            let joined = joined(item);
            quote! { query.push(#wire, #joined); }
        }
        (Location::Query, ty) => {
            let one = text(ty, value, false);
            quote! { query.push(#wire, #one); }
        }
        (_, Ty::Vec(item)) => {
            let joined = joined(item);
            quote! { ::codegen_runtime::wire::header(&mut headers, #wire, #rust, #joined)?; }
        }
        (_, ty) => {
            let one = text(ty, value, false);
            quote! { ::codegen_runtime::wire::header(&mut headers, #wire, #rust, #one)?; }
        }
    }
}

/// The function that reads the response, and the success enum where the 2xx answers differ.
fn reader(api: &Api, op: &Operation) -> TokenStream {
    let error = error_type(op);
    // The runtime reads an answer that is not a success untyped; `Into` reads the bodies the
    // operation declares into its `errors` type.
    let typed = op
        .failure
        .is_some()
        .then(|| quote! { .map_err(::core::convert::Into::into) });
    let into = op.failure.is_some().then(|| quote! { .into() });
    let doc = doc_attrs(
        Some(&format!(
            "Reads the response, as [`crate::operations`] describes.{}",
            errors_doc(op)
        )),
        "",
    );
    match &op.success {
        Success::One(payload) => {
            let ty = payload_type(api, payload);
            let decode = match payload {
                Payload::Empty => quote! { decode_empty },
                Payload::Json(_) => quote! { decode_json },
                Payload::Text => quote! { decode_text },
                Payload::Bytes => quote! { decode_bytes },
            };
            let decode = quote! {
                ::codegen_runtime::wire::#decode(response, ::codegen_runtime::wire::untyped_error)#typed
            };
            quote! {
                #doc
                #[inline]
                pub fn response(response: &::codegen_runtime::http::Response<Vec<u8>>) -> Result<#ty, #error> {
                    #decode
                }
            }
        }
        Success::ByStatus {
            name,
            variants,
            other,
        } => {
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
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let module = ident(&op.rust);
    let inner_docs = inner_doc_attrs(&heading(api, op));
    let method = ident(op.method.as_str());
    let method = quote! { ::codegen_runtime::http::Method::#method };
    let path = &op.path;
    let scopes = op.security.iter().map(|r| {
        let s = &r.scopes;
        quote! { &[#(#s),*] }
    });
    let schemes = op.security.iter().map(|r| {
        let names = r.schemes.iter().map(|&s| &api.schemes[s].name);
        quote! { &[#(#names),*] }
    });
    let args = arguments(api, op)
        .into_iter()
        .map(|(name, ty)| quote! { #name: #ty });
    let path_args = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| {
            let wire = &p.wire;
            let name = ident(&p.rust);
            let value = match &p.ty {
                Ty::String => quote! { #name },
                Ty::Decimal | Ty::Named { .. } => quote! { #name.as_str() },
                // `style: simple`: the items joined by commas, then encoded as one segment.
                Ty::Vec(item) if **item == Ty::String => {
                    quote! { &::codegen_runtime::wire::join(#name.iter()) }
                }
                Ty::Vec(item) => {
                    let one = text(item, quote! { value }, true);
                    quote! { &::codegen_runtime::wire::join(#name.iter().map(|value| #one)) }
                }
                _ => quote! { &#name.to_string() },
            };
            quote! { (#wire, #value) }
        });
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for p in op.params.iter().filter(|p| p.location != Location::Path) {
        let name = ident(&p.rust);
        let statement = if p.setter.is_none() {
            put(api, p, quote! { #name })
        } else {
            let inner = put(api, p, quote! { value });
            quote! { if let Some(value) = &params.#name { #inner } }
        };
        match p.location {
            Location::Header => headers.push(statement),
            _ => query.push(statement),
        }
    }
    // A function of no optional parameters still takes `Params`, so that one the spec adds
    // later changes no call.
    let unused = optional(op)
        .next()
        .is_none()
        .then(|| quote! { let _ = params; });
    let query_mut = (!query.is_empty()).then(|| quote! { mut });
    let headers_mut = (!headers.is_empty()).then(|| quote! { mut });
    let content = match &op.body {
        None => quote! { ::codegen_runtime::wire::Content::empty() },
        Some(body) => {
            let media = &body.media;
            let media = if body.media_arg {
                quote! { content_type }
            } else {
                quote! { #media }
            };
            match &body.kind {
                BodyKind::Json(..) => {
                    quote! { ::codegen_runtime::wire::Content::json(body, #media)? }
                }
                BodyKind::UrlEncoded(..)
                    if body.form_json.is_empty() && body.form_indexed.is_empty() =>
                {
                    quote! { ::codegen_runtime::wire::Content::form(body, #media)? }
                }
                BodyKind::UrlEncoded(..) => {
                    let json = &body.form_json;
                    let indexed = &body.form_indexed;
                    quote! { ::codegen_runtime::wire::Content::form_with(body, #media, &[#(#json),*], &[#(#indexed),*])? }
                }
                BodyKind::Text => {
                    quote! { ::codegen_runtime::wire::Content::bytes(body.as_bytes(), #media)? }
                }
                BodyKind::Bytes => {
                    quote! { ::codegen_runtime::wire::Content::bytes(body, #media)? }
                }
            }
        }
    };
    let accept = &op.accept;
    let allow = allow_many_arguments(api, op);
    let reader = reader(api, op);
    let request_doc = doc_attrs(
        Some(&format!(
            "Builds the request, as [`crate::operations`] describes.{}",
            arguments_doc(op)
        )),
        "",
    );
    let deprecated = deprecated(op.deprecated);
    let params = params_struct(api, op);
    quote! {
        pub mod #module {
            #inner_docs

            /// The HTTP method.
            pub const METHOD: ::codegen_runtime::http::Method = #method;

            /// The path template.
            pub const PATH: &str = #path;

            /// The scope sets, any one of which suffices.
            pub const REQUIRED_SCOPES: &[&[&str]] = &[#(#scopes),*];

            /// The sets of security schemes, any one of which suffices.
            pub const SECURITY: &[&[&str]] = &[#(#schemes),*];

            #params

            #request_doc
            #allow
            #deprecated
            #[inline]
            pub fn request(base_url: &str, #(#args,)* params: &Params) -> Result<::codegen_runtime::http::Request<Vec<u8>>, ::codegen_runtime::Error> {
                #unused
                let path = ::codegen_runtime::wire::expand_path(PATH, &[#(#path_args),*])?;
                let #query_mut query = ::codegen_runtime::wire::Query::new();
                #(#query)*
                let #headers_mut headers = ::codegen_runtime::http::HeaderMap::new();
                #(#headers)*
                let content = #content;
                ::codegen_runtime::wire::build(METHOD, base_url, &path, &query, headers, #accept, content)
            }

            #reader

        }
    }
}

/// The operation's optional parameters: a struct every program builds the same way, from
/// `Default` and setters, so that a parameter the spec adds later breaks no caller.
fn params_struct(api: &Api, op: &Operation) -> TokenStream {
    let fields = optional(op).map(|(p, _)| {
        let name = ident(&p.rust);
        let ty = owned_type(api, p);
        let doc = doc_attrs(Some(&format!("The {}{}", param_place(p), param_doc(p))), "");
        let deprecated = deprecated(p.deprecated);
        quote! { #doc #deprecated pub #name: Option<#ty>, }
    });
    let setters = self::setters(api, op, &quote! { self });
    let impl_block = (!setters.is_empty()).then(|| {
        quote! {
            #[allow(clippy::should_implement_trait, clippy::wrong_self_convention, reason = "a setter is named after its parameter, which may be `clone` or `to_date`")]
            impl Params {
                #(#setters)*
            }
        }
    });
    quote! {
        /// The optional parameters of [`request`], each unset by `Default` and set by its
        /// setter (`Params::default().limit(20)`) or its field.
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        #impl_block
    }
}
