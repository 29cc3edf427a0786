//! `client.rs`: the security schemes the client can send, and an async method on `Client` per
//! operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::signature::{allow_many_arguments, arguments_doc, arguments_with, example_doc, heading};
use super::tokens::{bare, deprecated, doc_attrs, ident};
use crate::ir::{Api, Operation, SchemeKind};

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
            let methods = chunk.iter().map(|op| method(api, op));
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
    let call = ident(&op.call);
    let setters = if super::signature::optional(op).next().is_some() {
        "set its optional parameters, then "
    } else {
        ""
    };
    let docs = doc_attrs(
        Some(&format!(
            "{}{}\n\nReturns the call: {setters}`.send().await` it (see [`crate::calls::{}`]). Without I/O: [`crate::operations::{}`].{}",
            heading(api, op),
            arguments_doc(op),
            bare(&op.call),
            bare(&op.rust),
            example_doc(api, op),
        )),
        "",
    );
    let args: Vec<(TokenStream, TokenStream)> = arguments_with(api, op, &quote! { &'a });
    let params = args.iter().map(|(n, t)| quote! { #n: #t });
    let names: Vec<TokenStream> = args.iter().map(|(n, _)| n.clone()).collect();
    let args_field = (!names.is_empty()).then(|| {
        let names = super::signature::packed(&names);
        quote! { args: #names, }
    });
    let allow = allow_many_arguments(api, op);
    let deprecated = deprecated(op.deprecated);
    quote! {
        #docs
        #allow
        #deprecated
        // Inline and not `async`: the call builder sends it, through the runtime's future;
        // a program compiles only the operations it uses.
        #[inline]
        pub fn #name<'a>(&'a self, #(#params),*) -> crate::calls::#call<'a> {
            crate::calls::#call {
                client: self,
                #args_field
                params: ::core::default::Default::default(),
            }
        }
    }
}
