//! `client.rs`: the `Client`, its settings and the security schemes it can send. Its methods,
//! one per operation, are made with their call builders (`calls.rs`, the runtime's `call!`).

use quote::quote;

use super::Piece;
use crate::ir::{Api, SchemeKind};

pub(super) fn client(api: &Api) -> Vec<Piece<'_>> {
    let pieces: Vec<Piece<'_>> = vec![super::piece(|| {
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
            //! The async client: [`Client`] and its settings. Its methods, one per operation, are
            //! defined with the call builders they return, in [`crate::calls`].
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

            // Every function of this crate is inline or generic, so that building the crate
            // compiles no machine code (codegen/BENCHMARKS.md): a program compiles what it uses.
            impl ::codegen_runtime::Api for Client {
                const SPEC: &'static ::codegen_runtime::Spec = &SPEC;

                #[inline]
                fn from_transport(transport: ::codegen_runtime::Transport) -> Self {
                    Client(transport)
                }
            }

            impl ::core::convert::AsRef<::codegen_runtime::Transport> for Client {
                #[inline]
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
                #[inline]
                pub fn builder() -> ClientBuilder {
                    ::codegen_runtime::ClientBuilder::new()
                }
            }
        }
    })];
    pieces
}
