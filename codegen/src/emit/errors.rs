//! `errors.rs`: the error responses of each operation as one type, which
//! `ApiError::typed` gives: an enum of the declared statuses with their bodies, or an alias of
//! an earlier operation's enum that declares the same (lower's `failures` pass decides).
//!
//! The enums name every outside type by its full path, and their names all end in `Error`:
//! nothing a spec names can clash with them.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::signature::{outcome_docs, status_pattern};
use super::tokens::{Mode, bare, doc_attrs, ident, ty_tokens};
use crate::ir::{Api, Failure, Operation, Payload, Status};

/// Operations per piece, as in `calls.rs`.
const ERRORS_PER_PIECE: usize = 50;

pub(super) fn errors(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![super::piece(|| {
        quote! {
            //! The error responses each operation declares, one type per operation: the `E`
            //! of the [`Error`](crate::Error)`<E>` its calls return, which
            //! [`ApiError::typed`](crate::ApiError::typed) gives. Each declared status (a code,
            //! a class such as `4XX`, or `default`) is a variant holding its body read into
            //! the declared type; `Undeclared` is any other status, or a body not in the
            //! declared shape (the `ApiError` keeps the status and the raw body either way).
            //!
            //! Operations that declare the same statuses with the same bodies share one enum:
            //! the later ones' types are aliases of the first one's.
        }
    })];
    for chunk in api.operations.chunks(ERRORS_PER_PIECE) {
        pieces.push(super::piece(move || {
            let types = chunk
                .iter()
                .filter_map(|op| Some(failure(api, op, op.failure.as_ref()?)));
            quote! { #(#types)* }
        }));
    }
    pieces
}

fn failure(api: &Api, op: &Operation, failure: &Failure) -> TokenStream {
    let name = ident(&failure.name);
    let module = bare(&op.rust);
    if let Some(first) = &failure.same_as {
        let doc = doc_attrs(
            Some(&format!(
                "The error responses of `{}` ([`operations::{module}`](crate::operations::{module})): the same statuses and bodies as [`{first}`]'s.",
                op.id.replace('`', "'"),
            )),
            "",
        );
        let first = ident(first);
        return quote! {
            #doc
            pub type #name = #first;
        };
    }
    let doc = doc_attrs(
        Some(&format!(
            "The error responses of `{}` ([`operations::{module}`](crate::operations::{module})){}{}.",
            op.id.replace('`', "'"),
            if failure.variants.is_empty() {
                ", which declares none: every error answer is `Undeclared` (a later version of the spec may add variants)"
            } else {
                ""
            },
            if failure.shared {
                ", and of the operations whose error types are aliases of this one"
            } else {
                ""
            },
        )),
        "",
    );
    let undeclared = ident(&failure.undeclared);
    let defs = failure.variants.iter().map(|(rust, outcome)| {
        let rust = ident(rust);
        let docs = outcome_docs(outcome);
        match &outcome.payload {
            Payload::Json(ty) => {
                let ty = ty_tokens(api, ty, Mode::Model);
                quote! { #docs #rust(#ty), }
            }
            // Only JSON bodies are typed; the `ApiError` has any other as received.
            _ => quote! { #docs #rust, },
        }
    });
    let arms = failure.variants.iter().map(|(rust, outcome)| {
        let rust = ident(rust);
        let pattern = status_pattern(outcome.status);
        match &outcome.payload {
            Payload::Json(_) => quote! {
                #pattern => ::codegen_runtime::wire::error_body(body).map_or(Self::#undeclared, Self::#rust),
            },
            _ => quote! { #pattern => Self::#rust, },
        }
    });
    let catch_all = (!failure
        .variants
        .iter()
        .any(|(_, o)| o.status == Status::Default))
    .then(|| quote! { _ => Self::#undeclared, });
    let reads_body = failure
        .variants
        .iter()
        .any(|(_, o)| matches!(o.payload, Payload::Json(_)));
    let body = if reads_body {
        quote! { body }
    } else {
        quote! { _body }
    };
    // One way to read every status (none declared, or only `default`): no `match`.
    let only = match failure.variants.as_slice() {
        [] => Some(quote! { Self::#undeclared }),
        [(rust, outcome)] if outcome.status == Status::Default => {
            let rust = ident(rust);
            Some(match &outcome.payload {
                Payload::Json(_) => quote! {
                    ::codegen_runtime::wire::error_body(body).map_or(Self::#undeclared, Self::#rust)
                },
                _ => quote! { Self::#rust },
            })
        }
        _ => None,
    };
    let read = match only {
        Some(value) => quote! {
            // Called only through the generic conversions: compiled where they are.
            #[inline]
            fn read(_status: ::codegen_runtime::http::StatusCode, #body: &[u8]) -> Self {
                #value
            }
        },
        None => quote! {
            // Called only through the generic conversions: compiled where they are.
            #[inline]
            fn read(status: ::codegen_runtime::http::StatusCode, #body: &[u8]) -> Self {
                match status.as_u16() {
                    #(#arms)*
                    #catch_all
                }
            }
        },
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "each variant holds its body as the spec describes it")]
        // A status the spec adds later is one more variant.
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A status the operation does not declare, or a body not in the declared shape:
            /// the `ApiError`'s `status()` and `body()` have what came.
            #undeclared,
        }

        impl ::codegen_runtime::ErrorResponses for #name {
            #read
        }
    }
}
