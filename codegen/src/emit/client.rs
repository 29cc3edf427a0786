//! `client.rs`: the security schemes the client can send, and an async method on `Client` per
//! operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::signature::{
    allow_many_arguments, arguments, arguments_doc, arguments_with, heading, response_type,
};
use super::tokens::{Mode, bare, deprecated, doc_attrs, ident, int_tokens, ty_tokens};
use crate::ir::{Api, Operation, Pagination, SchemeKind, Ty, TypeKind};

/// Operations per `impl` block: a huge spec gets several blocks, so that formatting them can
/// be shared between threads.
const METHODS_PER_BLOCK: usize = 50;

pub(super) fn client(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![super::piece(|| {
        let schemes = api.schemes.iter().map(|s| {
            let name = &s.name;
            let kind = match &s.kind {
                SchemeKind::Bearer => quote! { Bearer },
                SchemeKind::Basic => quote! { Basic },
                SchemeKind::ApiKeyHeader(n) => quote! { ApiKeyHeader(#n) },
                SchemeKind::ApiKeyQuery(n) => quote! { ApiKeyQuery(#n) },
                SchemeKind::ApiKeyCookie(n) => quote! { ApiKeyCookie(#n) },
                SchemeKind::MutualTls => quote! { MutualTls },
            };
            quote! { (#name, ::codegen_runtime::SchemeKind::#kind) }
        });
        let default = api.security.iter().map(|alternative| {
            let names = alternative.iter().map(|&s| &api.schemes[s].name);
            quote! { &[#(#names),*] }
        });
        quote! {
            //! The async client: [`Client`], its settings, and a method per operation.
            #![allow(deprecated, reason = "deprecated operations are still offered")]

            /// The `User-Agent` the client sends unless set otherwise: this crate's name and
            /// version.
            pub const DEFAULT_USER_AGENT: &str =
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

            /// What the runtime reads of the spec: its servers and security schemes, and the
            /// top-level security that [`codegen_runtime::Transport::execute`] sends.
            const SPEC: ::codegen_runtime::Spec = ::codegen_runtime::Spec::new(
                crate::SERVERS,
                crate::SERVER_VARIABLES,
                &[#(#schemes),*],
                &[#(#default),*],
                DEFAULT_USER_AGENT,
            );

            /// An async client for the API: one method per operation.
            ///
            /// Build one with [`Client::new`] or [`Client::builder`]. Cheap to clone; clones
            /// share one connection pool. Formatting it with `{:?}` never shows a credential.
            /// Its [`Transport`](codegen_runtime::Transport) (`client.as_ref()`) sends
            /// requests built by hand and tells the base URL.
            #[derive(Clone, Debug)]
            pub struct Client(::codegen_runtime::Transport);

            /// Settings for a [`Client`]; start with [`Client::builder`].
            pub type ClientBuilder = ::codegen_runtime::ClientBuilder<Client>;

            impl ::codegen_runtime::Api for Client {
                const SPEC: &'static ::codegen_runtime::Spec = &SPEC;

                fn from_transport(transport: ::codegen_runtime::Transport) -> Self {
                    Client(transport)
                }
            }

            impl ::core::convert::AsRef<::codegen_runtime::Transport> for Client {
                fn as_ref(&self) -> &::codegen_runtime::Transport {
                    &self.0
                }
            }

            impl Client {
                /// A client for the spec's server with this bearer token and default settings.
                pub fn new(
                    token: impl ::core::convert::Into<::std::string::String>,
                ) -> ::core::result::Result<Client, ::codegen_runtime::Error> {
                    Self::builder().token(token).build()
                }

                /// Settings for a client, every one at its default.
                pub fn builder() -> ClientBuilder {
                    ::codegen_runtime::ClientBuilder::new()
                }
            }
        }
    })];
    for chunk in api.operations.chunks(METHODS_PER_BLOCK) {
        pieces.push(super::piece(move || {
            let methods = chunk.iter().map(|op| {
                let stream = op.pagination.as_ref().map(|p| stream(api, op, p));
                let method = method(api, op);
                quote! { #method #stream }
            });
            quote! {
                impl crate::Client {
                    #(#methods)*
                }
            }
        }));
    }
    pieces
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let module = ident(&op.rust);
    let docs = doc_attrs(
        Some(&format!(
            "{}{}\n\nWithout I/O: [`crate::operations::{}`].",
            heading(api, op),
            arguments_doc(op),
            bare(&op.rust)
        )),
        "",
    );
    let args: Vec<(TokenStream, TokenStream)> = arguments(api, op);
    let params = args.iter().map(|(n, t)| quote! { #n: #t });
    let names = args.iter().map(|(n, _)| n);
    let response = response_type(api, op);
    let allow = allow_many_arguments(api, op);
    let deprecated = deprecated(op.deprecated);
    let id = &op.id;
    quote! {
        #docs
        #allow
        #deprecated
        // Not `async`: the runtime's future runs the call, so the crate type-checks no future
        // per operation; inline, so that a program compiles only the operations it uses. No
        // locals: every name in scope is an argument, so none can clash with one.
        #[inline]
        pub fn #name(&self, #(#params),*) -> impl ::core::future::Future<Output = Result<#response, ::codegen_runtime::Error>> + Send {
            self.0.run(
                crate::operations::#module::request(self.0.base_url(), #(#names),*),
                crate::operations::#module::SECURITY,
                #id,
                crate::operations::#module::PATH,
                crate::operations::#module::response,
            )
        }
    }
}

/// The method that streams every item of a paginated list (`x-pagination`), page after page,
/// through the operation's own request function.
fn stream(api: &Api, op: &Operation, p: &Pagination) -> TokenStream {
    let name = ident(&p.method_name);
    let module = ident(&op.rust);
    let id = &op.id;
    let item = ty_tokens(api, &p.item, Mode::Model);
    let param = |rust: &str| op.params.iter().find(|q| q.rust == rust);
    let (Some(limit), Some(offset)) = (param(&p.limit), param(&p.offset)) else {
        return quote! {};
    };
    let Ty::Int(offset_int) = offset.ty else {
        return quote! {};
    };
    let offset_int = int_tokens(offset_int);
    let lifetime = quote! { &'a };
    let args: Vec<(TokenStream, TokenStream)> = arguments_with(api, op, &lifetime)
        .into_iter()
        .filter(|(n, _)| n.to_string() != offset.rust)
        .collect();
    let params = args.iter().map(|(n, t)| quote! { #n: #t });
    // Owned arguments that are not `Copy` (string enums) are cloned for each page's request.
    let cloned: Vec<&str> = op
        .params
        .iter()
        .filter(|q| q.rust != offset.rust && q.expression.is_none())
        .filter(|q| match &q.ty {
            Ty::Named { id, .. } => !matches!(api.ty(*id).kind, TypeKind::Struct(_)),
            _ => false,
        })
        .map(|q| q.rust.as_str())
        .collect();
    let local = ident(&p.local);
    let names = arguments(api, op).into_iter().map(|(n, _)| {
        let text = n.to_string();
        if text == offset.rust {
            if offset.required {
                quote! { #local }
            } else {
                quote! { Some(#local) }
            }
        } else if cloned.contains(&text.as_str()) {
            quote! { #n.clone() }
        } else {
            n
        }
    });
    let limit_name = ident(&limit.rust);
    let (default_limit, size_doc) = match p.page_size {
        Some(size) if !limit.required => {
            let size = proc_macro2::Literal::u64_unsuffixed(size);
            (
                quote! { let #limit_name = #limit_name.or(Some(#size)); },
                format!(
                    "`{}` items per page ({size} when `None`)",
                    bare(&limit.rust)
                ),
            )
        }
        _ if limit.required => (quote! {}, format!("`{}` items per page", bare(&limit.rust))),
        _ => (
            quote! {},
            format!(
                "`{}` items per page (the server's default when `None`)",
                bare(&limit.rust)
            ),
        ),
    };
    let has_more = match &p.has_more {
        Some(wire) => quote! { Some(#wire) },
        None => quote! { None },
    };
    let items = &p.items;
    let error = if op.errors.is_empty() {
        quote! { ::codegen_runtime::wire::untyped_error }
    } else {
        quote! { crate::operations::#module::error }
    };
    let end = match &p.has_more {
        Some(wire) => format!("a page with `{wire}: false` or an empty page"),
        None => "an empty page".to_owned(),
    };
    let mut doc = format!(
        "{}\n\nEvery item, page after page: a stream of the `{items}` of each page that [`Self::{}`] reads, from offset 0, {size_doc}, the next page fetched only when the last one's items are taken. It ends after {end}; see [`crate::Items`] for how it ends on errors and on a server that repeats a page.",
        heading(api, op),
        bare(&op.method_name),
    );
    let arguments_doc = arguments_doc(op);
    let skip = format!("\n- `{}` ", bare(&offset.rust));
    let arguments_doc: String = arguments_doc
        .split_inclusive('\n')
        .filter(|line| !format!("\n{line}").starts_with(&skip))
        .collect();
    doc.push_str(&arguments_doc);
    let docs = doc_attrs(Some(&doc), "");
    let allow = allow_many_arguments(api, op);
    let deprecated = deprecated(op.deprecated);
    quote! {
        #docs
        #allow
        #deprecated
        #[inline]
        pub fn #name<'a>(&'a self, #(#params),*) -> ::codegen_runtime::Items<'a, #item> {
            #default_limit
            self.0.pages(
                move |#local| {
                    let #local: #offset_int = ::codegen_runtime::offset_as(#local)?;
                    crate::operations::#module::request(self.0.base_url(), #(#names),*)
                },
                crate::operations::#module::SECURITY,
                #id,
                crate::operations::#module::PATH,
                #items,
                #has_more,
                #error,
            )
        }
    }
}
