//! `client.rs`: an async method on `Client` per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::{allow_many_arguments, arguments, arguments_doc, heading, response_type};
use super::{Piece, bare, doc_attrs, ident};
use crate::ir::{Api, Operation};

/// Methods `Client` has of its own; an operation named like one gets a suffix.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "execute",
    "transport",
    "clone",
    "fmt",
];

/// The client method name of an operation.
pub(super) fn method_name(op: &Operation) -> proc_macro2::Ident {
    if CLIENT_METHODS.contains(&bare(&op.rust)) {
        format_ident!("{}_operation", bare(&op.rust))
    } else {
        ident(&op.rust)
    }
}

/// Operations per `impl` block: a huge spec gets several blocks, so that formatting them can
/// be shared between threads.
const METHODS_PER_BLOCK: usize = 50;

pub(super) fn client(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
        quote! {
            //! The operations of the async client.
        }
    })];
    for chunk in api.operations.chunks(METHODS_PER_BLOCK) {
        pieces.push(Box::new(move || {
            let methods = chunk.iter().map(method);
            quote! {
                impl crate::Client {
                    #(#methods)*
                }
            }
        }));
    }
    pieces
}

fn method(op: &Operation) -> TokenStream {
    let name = method_name(op);
    let module = ident(&op.rust);
    let docs = doc_attrs(
        Some(&format!(
            "{}{}\n\nBuilt with [`crate::operations::{}::request`]; the answer is read with [`crate::operations::{}::response`].",
            heading(op),
            arguments_doc(op),
            bare(&op.rust),
            bare(&op.rust)
        )),
        "",
    );
    let args: Vec<(TokenStream, TokenStream)> = arguments(op);
    let params = args.iter().map(|(n, t)| quote! { #n: #t });
    let names = args.iter().map(|(n, _)| n);
    let response = response_type(op);
    let allow = allow_many_arguments(op);
    quote! {
        #docs
        #allow
        pub async fn #name(&self, #(#params),*) -> Result<#response, crate::Error> {
            let request = crate::operations::#module::request(self.base_url(), #(#names),*)?;
            let response = self.execute(request).await?;
            crate::operations::#module::response(&response)
        }
    }
}
