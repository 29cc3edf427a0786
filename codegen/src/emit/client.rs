//! `client.rs`: an async method on `Client` per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::{allow_many_arguments, arguments, arguments_doc, heading, response_type};
use super::{bare, doc_attrs, ident};
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

pub(super) fn client(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| {
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
            pub async fn #name(&self, #(#params),*) -> ::std::result::Result<#response, crate::Error> {
                let request = crate::operations::#module::request(self.base_url(), #(#names),*)?;
                let response = self.execute(request).await?;
                crate::operations::#module::response(&response)
            }
        }
    });
    quote! {
        //! The operations of the async client.
        impl crate::Client {
            #(#methods)*
        }
    }
}
