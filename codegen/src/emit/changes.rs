//! Conversions between the forms of a schema: `From<&X> for XInput`, and
//! `XPatch::from_changes(&before, &after)` with `XPatch::needs_replace`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, ident};
use crate::ir::{Api, Field, Struct, Ty, TypeDef, TypeKind};

/// Whether a value of this type is written differently in input form (it holds a struct that
/// has an input form).
fn has_input(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Named { id, .. } => {
            matches!(&api.ty(*id).kind, TypeKind::Struct(s) if s.input.is_some())
        }
        Ty::Vec(inner) | Ty::Map(inner) => has_input(api, inner),
        _ => false,
    }
}

/// Whether a received value of this type can be turned into its input form: every struct on
/// the way has an input form that needs nothing the received form lacks (no write-only
/// properties).
fn convertible(api: &Api, ty: &Ty, depth: usize) -> bool {
    match ty {
        Ty::Named { id, .. } => match &api.ty(*id).kind {
            TypeKind::Struct(s) if s.input.is_some() => {
                depth < 32
                    && s.fields.iter().all(|f| {
                        !f.write_only && (f.read_only || convertible(api, &f.ty, depth + 1))
                    })
            }
            _ => true,
        },
        Ty::Vec(inner) | Ty::Map(inner) => convertible(api, inner, depth),
        _ => true,
    }
}

/// An expression of the input form of the received value `value` (a reference).
fn convert(api: &Api, ty: &Ty, value: TokenStream) -> TokenStream {
    if !has_input(api, ty) {
        return quote! { #value.clone() };
    }
    match ty {
        Ty::Named { id, boxed } => {
            let def = api.ty(*id);
            let input = match &def.kind {
                TypeKind::Struct(s) => s.input.as_deref().unwrap_or(&def.name),
                _ => &def.name,
            };
            let input = ident(input);
            if *boxed {
                quote! { Box::new(#input::from(&**#value)) }
            } else {
                quote! { #input::from(#value) }
            }
        }
        Ty::Vec(inner) => {
            let one = convert(api, inner, quote! { v });
            quote! { #value.iter().map(|v| #one).collect() }
        }
        Ty::Map(inner) => {
            let one = convert(api, inner, quote! { v });
            quote! { #value.iter().map(|(k, v)| (k.clone(), #one)).collect() }
        }
        _ => quote! { #value.clone() },
    }
}

/// An expression of the field in input form, from `source.<field>` (same shape: required,
/// optional, nullable).
fn convert_field(api: &Api, f: &Field, source: &TokenStream) -> TokenStream {
    let name = ident(&f.rust);
    if !has_input(api, &f.ty) {
        return quote! { #source.#name.clone() };
    }
    let one = convert(api, &f.ty, quote! { v });
    match (f.required, f.nullable) {
        (true, false) => convert(api, &f.ty, quote! { (&#source.#name) }),
        (false, true) => quote! { #source.#name.as_ref().map(|v| #one) },
        _ => quote! { #source.#name.as_ref().map(|v| #one) },
    }
}

/// `impl From<&X> for XInput`, where the received form has everything the input form needs.
pub(super) fn input_from(api: &Api, t: &TypeDef, s: &Struct, input: &str) -> TokenStream {
    if s.fields.iter().any(|f| f.write_only)
        || !s
            .fields
            .iter()
            .all(|f| f.read_only || convertible(api, &f.ty, 0))
    {
        return quote! {};
    }
    let model = ident(&t.name);
    let input = ident(input);
    let source = quote! { value };
    let fields = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let name = ident(&f.rust);
        let expr = convert_field(api, f, &source);
        quote! { #name: #expr, }
    });
    let extra = match &s.additional {
        crate::ir::Additional::Keep(ty) => {
            let name = ident(&s.additional_field);
            let expr = if has_input(api, ty) {
                let one = convert(api, ty, quote! { v });
                quote! { value.#name.iter().map(|(k, v)| (k.clone(), #one)).collect() }
            } else {
                quote! { value.#name.clone() }
            };
            quote! { #name: #expr, }
        }
        crate::ir::Additional::None => quote! {},
    };
    quote! {
        #[allow(clippy::clone_on_copy, clippy::redundant_closure, reason = "generated conversions treat every property alike")]
        impl From<&#model> for #input {
            /// The writable properties of a received value, to send them back.
            #[inline]
            fn from(value: &#model) -> Self {
                #input {
                    #(#fields)*
                    #extra
                }
            }
        }
    }
}

/// `XPatch::from_changes` and `XPatch::needs_replace`, where every writable property can be
/// written from the received form.
pub(super) fn patch_from_changes(api: &Api, t: &TypeDef, s: &Struct, patch: &str) -> TokenStream {
    let writable: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !f.read_only && !f.write_only)
        .collect();
    if writable.is_empty() || !writable.iter().all(|f| convertible(api, &f.ty, 0)) {
        return quote! {};
    }
    let model = ident(&t.name);
    let patch = ident(patch);
    let sets = writable.iter().map(|f| {
        let name = ident(&f.rust);
        let one = convert(api, &f.ty, quote! { v });
        let plain = !has_input(api, &f.ty);
        let value = match (f.required, f.nullable) {
            (true, false) if plain => quote! { Some(after.#name.clone()) },
            (false, false) if plain => quote! { after.#name.clone() },
            (true, false) => {
                let direct = convert(api, &f.ty, quote! { (&after.#name) });
                quote! { Some(#direct) }
            }
            (true, true) => quote! {
                match &after.#name {
                    Some(v) => Patch::Set(#one),
                    None => Patch::Null,
                }
            },
            (false, false) => quote! { after.#name.as_ref().map(|v| #one) },
            (false, true) => quote! {
                match &after.#name {
                    Nullable::Value(v) => Patch::Set(#one),
                    Nullable::Null => Patch::Null,
                    Nullable::Absent => Patch::Absent,
                }
            },
        };
        quote! {
            if after.#name != before.#name {
                patch.#name = #value;
            }
        }
    });
    let drops = writable.iter().map(|f| {
        let name = ident(&f.rust);
        quote! { wire::drops_keys(&before.#name, &after.#name) }
    });
    let drops = quote! { #(#drops)||* };
    let doc = doc_attrs(
        Some(
            "The patch that makes `before` into `after` (the module docs say what it can express).",
        ),
        "",
    );
    let replace_doc = doc_attrs(
        Some(
            "Whether `from_changes(before, after)` has to remove keys from a nested object, which a merging PATCH cannot do.",
        ),
        "",
    );
    quote! {
        #[allow(clippy::clone_on_copy, clippy::redundant_closure, reason = "generated conversions treat every property alike")]
        impl #patch {
            #doc
            #[inline]
            pub fn from_changes(before: &#model, after: &#model) -> Self {
                let mut patch = Self::default();
                #(#sets)*
                patch
            }

            #replace_doc
            #[inline]
            pub fn needs_replace(before: &#model, after: &#model) -> bool {
                #drops
            }
        }
    }
}
