//! What the request function and the client method of an operation share: their arguments,
//! their success type, and the docs that describe them.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens as _, quote};

use super::doctext::spec_text;
use super::tokens::{Mode, bare, doc_attrs, ident, ty_tokens};
use crate::ir::{
    Api, BodyKind, Expression, Form, Location, Operation, Outcome, Param, Payload, Status, Success,
    Ty,
};

/// A one-line heading and the description, for module and method docs.
pub(super) fn heading(api: &Api, op: &Operation) -> String {
    let mut doc = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        doc.push_str(&format!(": {}", spec_text(summary)));
    }
    if let Some(description) = &op.description {
        doc.push_str(&format!("\n\n{}", spec_text(description)));
    }
    if op.deprecated {
        doc.push_str("\n\n**Deprecated** in the API's description.");
    }
    if !op.servers.is_empty() {
        let servers: Vec<String> = op.servers.iter().map(|s| format!("`{s}`")).collect();
        doc.push_str(&format!(
            "\n\nThe spec names its own server(s) for this operation: {}. The client sends it to its base URL; point a client at that server to use it.",
            servers.join(", ")
        ));
    }
    doc.push_str(&format!("\n\n{}", security_doc(api, op)));
    doc
}

fn security_doc(api: &Api, op: &Operation) -> String {
    if op.security.iter().all(|r| r.schemes.is_empty()) {
        return "Credentials: none.".to_owned();
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|r| {
            let schemes: Vec<String> = r
                .schemes
                .iter()
                .map(|&s| format!("`{}`", api.schemes[s].name))
                .collect();
            let mut text = if schemes.is_empty() {
                "none".to_owned()
            } else {
                schemes.join(" and ")
            };
            if !r.scopes.is_empty() {
                let scopes: Vec<String> = r.scopes.iter().map(|x| format!("`{x}`")).collect();
                text.push_str(&format!(" with scope {}", scopes.join(" and ")));
            }
            text
        })
        .collect();
    format!("Credentials (any one of): {}.", alternatives.join("; "))
}

/// The argument type of a parameter as a function takes it; `r` is the reference, `&` or
/// `&'a`.
pub(super) fn param_type(api: &Api, p: &Param, r: &TokenStream) -> TokenStream {
    let one = |ty: &Ty| match ty {
        Ty::String => quote! { #r str },
        Ty::Decimal => quote! { #r ::codegen_runtime::Decimal },
        Ty::Named { id, .. } if matches!(api.ty(*id).kind, crate::ir::TypeKind::Struct(_)) => {
            let ty = ty_tokens(api, ty, Mode::Model);
            quote! { #r #ty }
        }
        Ty::Map(_) | Ty::JsonObject => {
            let ty = ty_tokens(api, ty, Mode::Model);
            quote! { #r #ty }
        }
        other => ty_tokens(api, other, Mode::Model),
    };
    let base = match (&p.ty, p.expression) {
        (_, Some(Expression::Filter)) => quote! { #r ::codegen_runtime::Filter },
        (_, Some(Expression::Order)) => quote! { #r ::codegen_runtime::Order },
        (Ty::Vec(item), None) if p.json => {
            let item = ty_tokens(api, item, Mode::Model);
            quote! { #r [#item] }
        }
        (Ty::Vec(item), None) => {
            let item = one(item);
            quote! { #r [#item] }
        }
        (other @ (Ty::Named { .. } | Ty::Json | Ty::JsonObject | Ty::Map(_)), None) if p.json => {
            let ty = ty_tokens(api, other, Mode::Model);
            quote! { #r #ty }
        }
        (other, None) => one(other),
    };
    if p.required {
        base
    } else {
        quote! { Option<#base> }
    }
}

/// The argument type of a body; `r` is the reference, `&` or `&'a`.
pub(super) fn body_type(api: &Api, kind: &BodyKind, r: &TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json(ty, form) | BodyKind::UrlEncoded(ty, form) => match (ty, form) {
            (Ty::Named { id, .. }, Form::Patch) => {
                let patch = api.ty(*id);
                let name = match &patch.kind {
                    crate::ir::TypeKind::Struct(s) => s.patch.as_deref().unwrap_or(&patch.name),
                    _ => &patch.name,
                };
                let name = ident(name);
                quote! { #r crate::models::#name }
            }
            (Ty::Vec(inner), _) => {
                let inner = ty_tokens(api, inner, Mode::Model);
                quote! { #r [#inner] }
            }
            (Ty::String, _) => quote! { #r str },
            (other, form) => {
                let mode = if *form == Form::Input {
                    Mode::Input
                } else {
                    Mode::Model
                };
                let ty = ty_tokens(api, other, mode);
                quote! { #r #ty }
            }
        },
        BodyKind::Text => quote! { #r str },
        BodyKind::Bytes => quote! { #r [u8] },
    }
}

/// The Rust type of a response payload.
pub(super) fn payload_type(api: &Api, payload: &Payload) -> TokenStream {
    match payload {
        Payload::Empty => quote! { () },
        Payload::Json(ty) => ty_tokens(api, ty, Mode::Model),
        Payload::Text => quote! { String },
        Payload::Bytes => quote! { Vec<u8> },
    }
}

/// The success type of an operation.
pub(super) fn response_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.success {
        Success::One(payload) => payload_type(api, payload),
        Success::ByStatus { name, .. } => {
            let module = ident(&op.rust);
            let name = ident(name);
            quote! { crate::operations::#module::#name }
        }
    }
}

/// The arguments in call order: path parameters, body (and its content type, where the
/// caller gives it), then the required query and header parameters; the optional ones are
/// the fields of the operation's `Params` (lower decides which: those with a setter).
pub(super) fn arguments(api: &Api, op: &Operation) -> Vec<(TokenStream, TokenStream)> {
    arguments_with(api, op, &quote! { & })
}

/// [`arguments`] with the reference `r` (`&'a` where a method's result borrows them).
pub(super) fn arguments_with(
    api: &Api,
    op: &Operation,
    r: &TokenStream,
) -> Vec<(TokenStream, TokenStream)> {
    let mut args = Vec::new();
    let arg = |p: &Param| (ident(&p.rust).into_token_stream(), param_type(api, p, r));
    for p in op.params.iter().filter(|p| p.location == Location::Path) {
        args.push(arg(p));
    }
    if let Some(body) = &op.body {
        args.push((quote! { body }, body_type(api, &body.kind, r)));
        if body.media_arg {
            args.push((quote! { content_type }, quote! { #r str }));
        }
    }
    for p in op
        .params
        .iter()
        .filter(|p| p.location != Location::Path && p.setter.is_none())
    {
        args.push(arg(p));
    }
    args
}

/// The optional parameters: those the operation's `Params` holds, each with its setter.
pub(super) fn optional(op: &Operation) -> impl Iterator<Item = (&Param, &str)> {
    op.params
        .iter()
        .filter_map(|p| p.setter.as_deref().map(|setter| (p, setter)))
}

/// The owned type of an optional parameter, as its `Params` field holds it (inside an
/// `Option`): a program's call builder outlives the values it was given.
pub(super) fn owned_type(api: &Api, p: &Param) -> TokenStream {
    let one = |ty: &Ty| match ty {
        Ty::String => quote! { String },
        Ty::Decimal => quote! { ::codegen_runtime::Decimal },
        other => ty_tokens(api, other, Mode::Model),
    };
    match (&p.ty, p.expression) {
        (_, Some(Expression::Filter)) => quote! { ::codegen_runtime::Filter },
        (_, Some(Expression::Order)) => quote! { ::codegen_runtime::Order },
        (Ty::Vec(item), None) if p.json => {
            let item = ty_tokens(api, item, Mode::Model);
            quote! { Vec<#item> }
        }
        (Ty::Vec(item), None) => {
            let item = one(item);
            quote! { Vec<#item> }
        }
        (other, None) => one(other),
    }
}

/// Where a parameter goes: "query `limit`".
pub(super) fn param_place(p: &Param) -> String {
    let kind = match p.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
    };
    format!("{kind} `{}`", p.wire)
}

/// What the spec says of a parameter: its description, default and deprecation, after a
/// colon, ending in a full stop; a full stop alone when it says nothing.
pub(super) fn param_doc(p: &Param) -> String {
    let mut doc = String::new();
    if let Some(what) = &p.doc {
        let what = spec_text(&what.replace('\n', " "));
        let what = what.trim();
        doc.push_str(&format!(": {what}"));
        if !what.ends_with(['.', '!', '?']) {
            doc.push('.');
        }
    } else {
        doc.push('.');
    }
    if let Some(default) = &p.default {
        doc.push_str(&format!(" Default (applied by the server): `{default}`."));
    }
    if p.deprecated {
        doc.push_str(" **Deprecated.**");
    }
    doc
}

/// clippy's limit is seven arguments; an operation's functions take one per required
/// parameter (and the request function the base URL and the `Params` besides), so past it
/// the lint is allowed rather than the shape changed.
pub(super) fn allow_many_arguments(api: &Api, op: &Operation) -> TokenStream {
    if arguments(api, op).len() + 2 > 7 {
        quote! { #[allow(clippy::too_many_arguments, reason = "one argument per parameter of the operation")] }
    } else {
        quote! {}
    }
}

/// Docs listing the arguments (the optional parameters are documented on their setters).
pub(super) fn arguments_doc(op: &Operation) -> String {
    let mut doc = String::new();
    for p in op.params.iter().filter(|p| p.setter.is_none()) {
        let about = param_doc(p);
        let about = if about == "." { "" } else { about.as_str() };
        doc.push_str(&format!(
            "\n- `{}` ({}){about}",
            bare(&p.rust),
            param_place(p),
        ));
    }
    if let Some(body) = &op.body {
        if body.media_arg {
            doc.push_str("\n- `content_type`: the body's `Content-Type`, such as `multipart/form-data; boundary=...` (the body is sent as given)");
        }
    }
    if doc.is_empty() {
        doc
    } else {
        format!("\n\nArguments:{doc}")
    }
}

/// The match pattern of a status as the spec keys it.
pub(super) fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote! { #c }
        }
        Status::Class(c) => {
            let (lo, hi) = (
                Literal::u16_unsuffixed(c * 100),
                Literal::u16_unsuffixed(c * 100 + 99),
            );
            quote! { #lo..=#hi }
        }
        Status::Default => quote! { _ },
    }
}

/// A status as the spec keys it: `404`, `4XX`, `default`.
pub(super) fn status_text(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Class(c) => format!("{c}XX"),
        Status::Default => "default".to_owned(),
    }
}

/// The docs of a variant that stands for a declared response: its status and description.
pub(super) fn outcome_docs(outcome: &Outcome) -> TokenStream {
    let status = status_text(outcome.status);
    doc_attrs(
        Some(&match &outcome.doc {
            Some(d) => format!("`{status}`: {}", spec_text(d)),
            None => format!("`{status}`."),
        }),
        "",
    )
}

/// The error type of an operation's calls: the runtime's `Error`, typed by the operation's
/// `errors` enum when it declares error responses.
pub(super) fn error_type(op: &Operation) -> TokenStream {
    match &op.failure {
        Some(failure) => {
            let name = ident(&failure.name);
            quote! { ::codegen_runtime::Error<crate::errors::#name> }
        }
        None => quote! { ::codegen_runtime::Error },
    }
}

/// Docs for the declared error responses of an operation: its `errors` type and statuses.
pub(super) fn errors_doc(op: &Operation) -> String {
    let Some(failure) = &op.failure else {
        return String::new();
    };
    if failure.variants.is_empty() {
        return format!(
            "\n\nThe operation declares no error response; its errors' [`crate::ApiError::typed`] is a [`crate::errors::{}`].",
            failure.name
        );
    }
    let statuses: Vec<String> = failure
        .variants
        .iter()
        .map(|(_, o)| format!("`{}`", status_text(o.status)))
        .collect();
    format!(
        "\n\nDeclared errors ({}): [`crate::ApiError::typed`] gives them as [`crate::errors::{}`].",
        statuses.join(", "),
        failure.name
    )
}

/// A value of a required argument for a doc example: text and numbers written out, anything
/// else `todo!()` (its type comes from the method's signature).
fn example_value(p: &Param) -> String {
    match (&p.ty, p.expression) {
        (Ty::String, None) => format!("{:?}", format!("<{}>", p.wire)),
        (Ty::Int(_), None) => "1".to_owned(),
        (Ty::F64, None) => "1.0".to_owned(),
        (Ty::Bool, None) => "true".to_owned(),
        _ => "todo!()".to_owned(),
    }
}

/// The call of a doc example: `client.get_did("<did_sid>")`, with a setter of the first
/// optional parameter whose value can be written out; and the hidden line that gives its
/// body, if it has one that cannot be written inline (`# let body: Partner = todo!();`).
pub(super) fn example_call(api: &Api, op: &Operation) -> (String, String) {
    let krate = api.package.replace('-', "_");
    let mut hidden = String::new();
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(example_value)
        .collect();
    if let Some(body) = &op.body {
        args.push(match &body.kind {
            // A patch always has a `Default` (the empty patch); other bodies may not.
            BodyKind::Json(_, Form::Patch) | BodyKind::UrlEncoded(_, Form::Patch) => {
                "&Default::default()".to_owned()
            }
            BodyKind::Json(Ty::Named { id, .. }, form)
            | BodyKind::UrlEncoded(Ty::Named { id, .. }, form) => {
                let t = api.ty(*id);
                let name = match (&t.kind, form) {
                    (crate::ir::TypeKind::Struct(s), Form::Input) => {
                        s.input.as_deref().unwrap_or(&t.name)
                    }
                    _ => &t.name,
                };
                hidden = format!("# let body: {krate}::models::{} = todo!();\n", bare(name));
                "&body".to_owned()
            }
            BodyKind::Text => "\"...\"".to_owned(),
            BodyKind::Bytes => "b\"...\"".to_owned(),
            _ => "todo!()".to_owned(),
        });
        if body.media_arg {
            args.push("\"application/octet-stream\"".to_owned());
        }
    }
    args.extend(
        op.params
            .iter()
            .filter(|p| p.location != Location::Path && p.setter.is_none())
            .map(example_value),
    );
    // As written in code: a keyword stays raw (`client.r#match()`).
    let mut call = format!("client.{}({})", op.method_name, args.join(", "));
    if let Some((p, setter)) = optional(op)
        .find(|(p, _)| p.expression.is_none() && matches!(p.ty, Ty::String | Ty::Int(_) | Ty::Bool))
    {
        call.push_str(&format!(".{setter}({})", example_value(p)));
    }
    (hidden, call)
}

/// The example of a client method's docs: the call, sent. Compiled by the generated crate's
/// doc tests (not run: it needs a server).
pub(super) fn example_doc(api: &Api, op: &Operation) -> String {
    let krate = api.package.replace('-', "_");
    let (hidden, call) = example_call(api, op);
    format!(
        "\n\n# Example\n\n```no_run\n# async fn example(client: &{krate}::Client) -> Result<(), {krate}::Error> {{\n{hidden}let answer = {call}.send().await?;\n# let _ = answer;\n# Ok(())\n# }}\n```"
    )
}

/// The setters of an operation's optional parameters, each setting `#place.<field>`
/// (`self` for its `Params`, `self.params` for its call builder).
pub(super) fn setters(api: &Api, op: &Operation, place: &TokenStream) -> Vec<TokenStream> {
    optional(op)
        .map(|(p, setter)| {
            let field = ident(&p.rust);
            let setter = ident(setter);
            let ty = owned_type(api, p);
            let doc = super::tokens::doc_attrs(
                Some(&format!("Sets the {}{}", param_place(p), param_doc(p))),
                "",
            );
            let deprecated = super::tokens::deprecated(p.deprecated);
            let (param, value) = if setter_takes_into(p) {
                (
                    quote! { impl ::core::convert::Into<#ty> },
                    quote! { value.into() },
                )
            } else {
                (quote! { #ty }, quote! { value })
            };
            quote! {
                #doc
                #deprecated
                #[inline]
                pub fn #setter(mut self, value: #param) -> Self {
                    #place.#field = Some(#value);
                    self
                }
            }
        })
        .collect()
}

/// Whether a setter takes `impl Into` its type. Numbers and booleans are taken as they are,
/// so that a literal takes the parameter's type (`.skip(1)` for a `u32`, which `impl
/// Into<u32>` refuses).
pub(super) fn setter_takes_into(p: &Param) -> bool {
    !matches!(
        (&p.ty, p.expression, p.json),
        (Ty::Int(_) | Ty::F64 | Ty::Bool, None, false)
    )
}

/// std implements `Clone` and `Debug` for tuples of up to twelve: a builder's arguments are
/// held in tuples of at most twelve, nested when there are more.
pub(super) const TUPLE_MAX: usize = 12;

/// The arguments as a builder holds them: `(a, b, c)`, or `((a, ..., l), (m, ...))` past
/// twelve. The same shape for their types and for their values.
pub(super) fn packed(items: &[TokenStream]) -> TokenStream {
    if items.len() <= TUPLE_MAX {
        return quote! { (#(#items,)*) };
    }
    let groups = items
        .chunks(TUPLE_MAX)
        .map(|group| quote! { (#(#group,)*) });
    quote! { (#(#groups,)*) }
}

/// The place of argument `i` of `n` in [`packed`]: `.2`, or `.1.0` past twelve.
pub(super) fn packed_index(n: usize, i: usize) -> TokenStream {
    let index = |i: usize| proc_macro2::Literal::usize_unsuffixed(i);
    if n <= TUPLE_MAX {
        let i = index(i);
        quote! { .#i }
    } else {
        let (outer, inner) = (index(i / TUPLE_MAX), index(i % TUPLE_MAX));
        quote! { .#outer.#inner }
    }
}
