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
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
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
        pub async fn #name(&self, #(#params),*) -> Result<#response, crate::Error> {
            let request = crate::operations::#module::request(self.base_url(), #(#names),*)?;
            let response = self
                .call(request, crate::operations::#module::SECURITY, #id, Some(crate::operations::#module::PATH))
                .await?;
            crate::operations::#module::response(&response)
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
    let clones = op
        .params
        .iter()
        .filter(|q| q.rust != offset.rust && q.expression.is_none())
        .filter(|q| match &q.ty {
            Ty::Named { id, .. } => !matches!(api.ty(*id).kind, TypeKind::Struct(_)),
            _ => false,
        })
        .map(|q| {
            let n = ident(&q.rust);
            quote! { let #n = #n.clone(); }
        });
    let local = ident(&p.local);
    let names = arguments(api, op).into_iter().map(|(n, _)| {
        if n.to_string() == offset.rust {
            if offset.required {
                quote! { #local }
            } else {
                quote! { Some(#local) }
            }
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
        quote! { crate::wire::untyped_error }
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
        pub fn #name<'a>(&'a self, #(#params),*) -> crate::Items<'a, #item> {
            #default_limit
            crate::paginate::Items::new(Box::new(move |#local| {
                #(#clones)*
                Box::pin(async move {
                    let #local: #offset_int = crate::paginate::offset_as(#local)?;
                    let request = crate::operations::#module::request(self.base_url(), #(#names),*)?;
                    let response = self
                        .call(request, crate::operations::#module::SECURITY, #id, Some(crate::operations::#module::PATH))
                        .await?;
                    crate::paginate::read_page(&response, #items, #has_more, #error)
                })
            }))
        }
    }
}
