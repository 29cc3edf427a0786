//! What the request function and the client method of an operation share: their arguments,
//! their success type, and the docs that describe them.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};

use super::tokens::{Mode, bare, ident, ty_tokens};
use crate::ir::{
    Api, BodyKind, Expression, Form, Location, Operation, Param, Payload, Status, Success, Ty,
};

/// A one-line heading and the description, for module and method docs.
pub(super) fn heading(api: &Api, op: &Operation) -> String {
    let mut doc = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        doc.push_str(&format!(": {summary}"));
    }
    if let Some(description) = &op.description {
        doc.push_str(&format!("\n\n{description}"));
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
/// caller gives it), then query and header parameters.
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
    for p in op.params.iter().filter(|p| p.location != Location::Path) {
        args.push(arg(p));
    }
    args
}

/// clippy's limit is seven arguments; an operation's functions take one per parameter, as the
/// spec lists them, so past it the lint is allowed rather than the shape changed.
pub(super) fn allow_many_arguments(api: &Api, op: &Operation) -> TokenStream {
    if arguments(api, op).len() + 1 > 7 {
        quote! { #[allow(clippy::too_many_arguments, reason = "one argument per parameter of the operation")] }
    } else {
        quote! {}
    }
}

/// Docs listing the arguments, with their descriptions and defaults.
pub(super) fn arguments_doc(op: &Operation) -> String {
    let mut doc = String::new();
    for p in &op.params {
        let kind = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        };
        doc.push_str(&format!("\n- `{}` ({kind} `{}`)", bare(&p.rust), p.wire));
        if let Some(what) = &p.doc {
            doc.push_str(&format!(": {}", what.replace('\n', " ")));
        }
        if let Some(default) = &p.default {
            doc.push_str(&format!(" Default (applied by the server): `{default}`."));
        }
        if p.deprecated {
            doc.push_str(" **Deprecated.**");
        }
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

/// Docs for the typed error bodies of an operation, statuses of the same type on one line.
pub(super) fn errors_doc(api: &Api, op: &Operation) -> String {
    let mut lines: Vec<(Vec<String>, String)> = Vec::new();
    for e in &op.errors {
        let Payload::Json(ty) = &e.payload else {
            continue;
        };
        let status = match e.status {
            Status::Code(c) => c.to_string(),
            Status::Class(c) => format!("{c}XX"),
            Status::Default => "any other".to_owned(),
        };
        let ty = ty_tokens(api, ty, Mode::Model).to_string().replace(' ', "");
        match lines.iter_mut().find(|(_, t)| *t == ty) {
            Some((statuses, _)) => statuses.push(status),
            None => lines.push((vec![status], ty)),
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut doc = String::from("\n\nTyped error bodies ([`crate::ApiError::typed`]):");
    for (statuses, ty) in lines {
        doc.push_str(&format!("\n- {}: `{ty}`", statuses.join(", ")));
    }
    doc
}
