//! `client.rs`: the security schemes the client can send, and an async method on `Client` per
//! operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::signature::{allow_many_arguments, arguments, arguments_doc, heading, response_type};
use super::tokens::{bare, deprecated, doc_attrs, ident};
use crate::ir::{Api, Operation, SchemeKind};

/// Operations per `impl` block: a huge spec gets several blocks, so that formatting them can
/// be shared between threads.
const METHODS_PER_BLOCK: usize = 50;

pub(super) fn client(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
        let schemes = api.schemes.iter().map(|s| {
            let name = &s.name;
            let kind = match &s.kind {
                SchemeKind::Bearer => quote! { Bearer },
                SchemeKind::Basic => quote! { Basic },
                SchemeKind::ApiKeyHeader(n) => quote! { ApiKeyHeader(#n) },
                SchemeKind::ApiKeyQuery(n) => quote! { ApiKeyQuery(#n) },
                SchemeKind::ApiKeyCookie(n) => quote! { ApiKeyCookie(#n) },
            };
            quote! { (#name, crate::transport::SchemeKind::#kind) }
        });
        let default = api.security.iter().map(|alternative| {
            let names = alternative.iter().map(|&s| &api.schemes[s].name);
            quote! { &[#(#names),*] }
        });
        quote! {
            //! The operations of the async client.
            #![allow(deprecated, reason = "deprecated operations are still offered")]

            /// The security schemes of the spec, by name, and what each sends.
            pub(crate) const SCHEMES: &[(&str, crate::transport::SchemeKind)] = &[#(#schemes),*];

            /// The spec's top-level security: what [`crate::Client::execute`] sends.
            pub(crate) const DEFAULT_SECURITY: &[&[&str]] = &[#(#default),*];
        }
    })];
    for chunk in api.operations.chunks(METHODS_PER_BLOCK) {
        pieces.push(Box::new(move || {
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
    let module = ident(&op.rust);
    let docs = doc_attrs(
        Some(&format!(
            "{}{}\n\nBuilt with [`crate::operations::{}::request`]; the answer is read with [`crate::operations::{}::response`].",
            heading(api, op),
            arguments_doc(op),
            bare(&op.rust),
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
        pub async fn #name(&self, #(#params),*) -> Result<#response, crate::Error> {
            let request = crate::operations::#module::request(self.base_url(), #(#names),*)?;
            let response = self
                .call(request, crate::operations::#module::SECURITY, #id, Some(crate::operations::#module::PATH))
                .await?;
            crate::operations::#module::response(&response)
        }
    }
}
