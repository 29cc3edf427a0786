//! `calls.rs`: the call builder of every operation, which the `Client` method returns: the
//! required arguments given to the method, the optional parameters set one by one, then
//! `send()` (and `stream()` for a paginated list).
//!
//! A builder's struct, its `send()` and the `Client` method that makes it are the runtime's
//! `call!` table: the names and types, then the method's docs and arguments; its setters and
//! `stream()` are printed here. A builder holds the client, a tuple of the arguments and the
//! operation's `Params`, and reads them only as `self.args.0` (in `send()`, under the method's
//! own argument names, which the macro's hygiene keeps apart from its own locals such as
//! `transport`) and `self.params.limit`: no name from the spec is a field of its own or one of
//! the macro's locals, so none can clash with its machinery. It names `Some`, `Result` and `Box` bare, as `models.rs`
//! does: no builder takes their names (lower's `type_name`); every other outside
//! name has its full path. Its setters are the `Params` setters (lower names both, keeping
//! them clear of `send` and `stream`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::signature::{
    TUPLE_MAX, allow_many_arguments, arguments_doc, arguments_with, example_doc, heading, optional,
    packed, packed_index, response_type, setters,
};
use super::tokens::{
    Mode, bare, deprecated, doc_attrs, doc_comment, ident, int_tokens, literal, text, ty_tokens,
};
use super::{Chunk, Code, Piece};
use crate::ir::{Api, Location, Operation, Pagination, Ty};

/// Operations per piece: a huge spec gets several, so that formatting them can be shared
/// between threads.
const CALLS_PER_PIECE: usize = 50;

pub(super) fn calls(api: &Api) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece<'_>> = vec![super::piece(|| {
        quote! {
            //! One builder per operation, which the [`Client`](crate::Client) method of the
            //! same name returns: give the required arguments to the method, set the optional
            //! parameters with the builder's setters (in any order; the last one set wins),
            //! then `.send().await` it. A paginated list's builder also has `.stream()`:
            //! every item, page after page.
            //!
            //! A builder does nothing until it is sent, and sending consumes it; clone it to
            //! send the same call twice.
            #![allow(deprecated, reason = "deprecated operations are still offered")]
        }
    })];
    for chunk in api.operations.chunks(CALLS_PER_PIECE) {
        pieces.push(Box::new(move || {
            Code(chunk.iter().flat_map(|op| call(api, op)).collect())
        }));
    }
    pieces
}

/// `&'a`, the reference of the arguments a builder holds.
fn borrowed() -> TokenStream {
    quote! { &'a }
}

/// A builder: the runtime's `call!` table for its struct and `send()`, then, where the
/// operation has any, its setters and `stream()`.
fn call(api: &Api, op: &Operation) -> Vec<Chunk> {
    let types: Vec<TokenStream> = arguments_with(api, op, &borrowed())
        .into_iter()
        .map(|(_, ty)| ty)
        .collect();
    let stream_doc = op
        .pagination
        .as_ref()
        .map(|_| " or [`stream`](Self::stream) its items")
        .unwrap_or_default();
    // One line: the client method's docs describe the operation.
    let doc = format!(
        "A call of `{} {}`, made by [`Client::{}`](crate::Client::{}): set its optional parameters, then [`send`](Self::send) it{stream_doc}.",
        op.method,
        op.path.replace('`', "'"),
        bare(&op.method_name),
        bare(&op.method_name),
    );
    let mut out = format!(
        "\n::codegen_runtime::call! {{\n{}",
        doc_comment(Some(&doc), "    ")
    );
    if op.deprecated {
        out.push_str("    #[deprecated(note = \"deprecated in the API's description\")]\n");
    }
    let error = match &op.failure {
        Some(failure) => format!("crate::errors::{}", failure.name),
        None => "::codegen_runtime::Untyped".to_owned(),
    };
    out.push_str(&format!(
        "    pub struct {}<'a> = {} {} -> {}, {error};\n",
        op.call,
        op.rust,
        literal(&op.id),
        text(&response_type(api, op)),
    ));
    // The client method that makes the builder: its docs describe the operation.
    let setters_doc = if optional(op).next().is_some() {
        "set its optional parameters, then "
    } else {
        ""
    };
    out.push_str(&doc_comment(
        Some(&format!(
            "{}{}\n\nReturns the call: {setters_doc}`.send().await` it (see [`crate::calls::{}`]). Without I/O: [`crate::operations::{}`].{}",
            heading(api, op),
            arguments_doc(op),
            bare(&op.call),
            bare(&op.rust),
            example_doc(api, op),
        )),
        "    ",
    ));
    for attr in [allow_many_arguments(api, op), deprecated(op.deprecated)] {
        if !attr.is_empty() {
            out.push_str(&format!("    {}\n", text(&attr)));
        }
    }
    let args = arguments_with(api, op, &borrowed());
    let list: Vec<String> = args
        .iter()
        .map(|(name, ty)| format!("{}: {}", text(name), text(ty)))
        .collect();
    out.push_str(&format!(
        "    pub fn {}({})",
        op.method_name,
        list.join(", ")
    ));
    // Past the most a tuple derives `Clone` and `Debug` for, the arguments are held nested.
    if args.len() > TUPLE_MAX {
        let names: Vec<TokenStream> = args.iter().map(|(name, _)| name.clone()).collect();
        out.push_str(&format!(
            " as {}: {}",
            text(&packed(&names)),
            text(&packed(&types))
        ));
    }
    out.push_str(";\n");
    out.push_str("}\n");
    let mut chunks = vec![Chunk::Text(out)];
    let name = ident(&op.call);
    let setters = self::setters(api, op, &quote! { self.params });
    let stream = op.pagination.as_ref().and_then(|p| stream(api, op, p));
    if !setters.is_empty() || stream.is_some() {
        chunks.push(Chunk::Tokens(quote! {
            #[allow(clippy::should_implement_trait, clippy::wrong_self_convention, reason = "a setter is named after its parameter, which may be `clone` or `to_date`")]
            impl<'a> #name<'a> {
                #(#setters)*
                #stream
            }
        }));
    }
    chunks
}

/// `stream()`: every item of a paginated list (`x-pagination`), page after page, each page's
/// request made by the operation's own request function with the page's offset. The stream
/// owns the builder's parameters; it borrows only the client and the required arguments.
fn stream(api: &Api, op: &Operation, p: &Pagination) -> Option<TokenStream> {
    let module = ident(&op.rust);
    let id = &op.id;
    let item = ty_tokens(api, &p.item, Mode::Model);
    let param = |rust: &str| op.params.iter().find(|q| q.rust == rust);
    let (limit, offset) = (param(&p.limit)?, param(&p.offset)?);
    let Ty::Int(offset_int) = offset.ty else {
        return None;
    };
    let offset_int = int_tokens(offset_int);
    // The arguments in order, as the request function takes them; a required offset is one
    // of them, replaced by each page's.
    let required: Vec<&str> = op
        .params
        .iter()
        .filter(|q| q.location == Location::Path)
        .map(|q| q.rust.as_str())
        .chain(
            op.body
                .iter()
                .flat_map(|b| std::iter::once("body").chain(b.media_arg.then_some("content_type"))),
        )
        .chain(
            op.params
                .iter()
                .filter(|q| q.location != Location::Path && q.setter.is_none())
                .map(|q| q.rust.as_str()),
        )
        .collect();
    let is_offset = |rust: &str| rust == offset.rust && offset.setter.is_none();
    let args = required.iter().enumerate().map(|(i, rust)| {
        if is_offset(rust) {
            quote! { offset }
        } else {
            let at = packed_index(required.len(), i);
            quote! { ::core::clone::Clone::clone(&args #at) }
        }
    });
    // Bound only when read, and `mut` only when changed: the generated crate has no warnings.
    let take_args = required
        .iter()
        .any(|rust| !is_offset(rust))
        .then(|| quote! { let args = self.args; });
    let set_offset = offset.setter.as_ref().map(|_| {
        let field = ident(&offset.rust);
        quote! { page.#field = Some(offset); }
    });
    let page_mut = set_offset.is_some().then(|| quote! { mut });
    let (default_limit, size_doc) = match (p.page_size, &limit.setter) {
        (Some(size), Some(_)) => {
            let field = ident(&limit.rust);
            let size = Literal::u64_unsuffixed(size);
            (
                quote! { params.#field = params.#field.or(Some(#size)); },
                format!("`{}` items per page ({size} unless set)", bare(&limit.rust)),
            )
        }
        (_, None) => (quote! {}, format!("`{}` items per page", bare(&limit.rust))),
        (None, Some(_)) => (
            quote! {},
            format!(
                "`{}` items per page (the server's default unless set)",
                bare(&limit.rust)
            ),
        ),
    };
    let params_mut = (!default_limit.is_empty()).then(|| quote! { mut });
    let has_more = match &p.has_more {
        Some(wire) => quote! { Some(#wire) },
        None => quote! { None },
    };
    let items = &p.items;
    let failure = op.failure.as_ref().map(|f| {
        let name = ident(&f.name);
        quote! { , crate::errors::#name }
    });
    let end = match &p.has_more {
        Some(wire) => format!("a page with `{wire}: false` or an empty page"),
        None => "an empty page".to_owned(),
    };
    let doc = doc_attrs(
        Some(&format!(
            "Every item, page after page: a stream of the `{items}` of each page, from offset 0 (an offset set here is replaced), {size_doc}, the next page fetched only when the last one's items are taken. It ends after {end}; see [`crate::Items`] for how it ends on errors and on a server that repeats a page."
        )),
        "",
    );
    Some(quote! {
        #doc
        #[inline]
        pub fn stream(self) -> ::codegen_runtime::Items<'a, #item #failure> {
            let transport = <crate::Client as ::core::convert::AsRef<::codegen_runtime::Transport>>::as_ref(self.client);
            #take_args
            let #params_mut params = self.params;
            #default_limit
            transport.pages(
                move |base_url, offset| {
                    let offset: #offset_int = ::codegen_runtime::offset_as(offset)?;
                    let #page_mut page = ::core::clone::Clone::clone(&params);
                    #set_offset
                    crate::operations::#module::request(base_url, #(#args,)* &page)
                },
                crate::operations::#module::SECURITY,
                #id,
                crate::operations::#module::METHOD,
                crate::operations::#module::PATH,
                #items,
                #has_more,
                ::codegen_runtime::wire::untyped_error,
            )
        }
    })
}
