//! `models.rs`: a struct or enum per schema, and the patch and input forms.

use std::collections::HashMap;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use super::codecs::Table;
use super::doctext::spec_text;
use super::tokens::{
    Mode, Place, deprecated, doc_attrs, docs_if_any, ident, literal, text, ty_at, undocumented,
};
use super::{Chunk, Code, Piece};
use crate::ir::{Additional, Api, Enum, Field, Struct, Ty, TypeDef, TypeKind, Union};

/// The models module of an API.
pub(super) fn models(api: &Api) -> Vec<Piece<'_>> {
    let defaults = Arc::new(Defaults::new(api));
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
        quote! {
            //! Types for every schema of the API: what the server sends, and what a PATCH sends.
            //!
            //! Received objects keep properties this crate does not know in a map of extra
            //! properties, and enums keep unknown values in a catch-all variant, so serializing
            //! a received object gives back everything the server sent. Read-only properties
            //! (set by the server) are private fields with a getter of the same name: ordinary
            //! code can read them but not assign them, and no patch holds them.
            //!
            //! A `…Patch` type is the body of a PATCH: only the fields that are set are sent,
            //! and every other attribute keeps its value on the server; `Default` is the empty
            //! patch `{}`. A nullable property is a [`Patch`] (`Patch::Null` clears it); any
            //! other is an `Option`, which can set it but not clear it.
            //!
            //! `…Patch::from_changes(before, after)` gives the patch that makes `before` into
            //! `after`: every writable property that differs is set, a nullable one that became
            //! null is cleared. A property absent from `after`, or one that is not nullable and
            //! became null, stays as it is on the server (a PATCH cannot remove it). A nested
            //! object that differs is sent whole, and under JSON merge-patch rules the server
            //! merges it into what it has, so keys that `after` dropped would stay: when
            //! `…Patch::needs_replace(before, after)` says so, send the patch in the API's
            //! replace mode for nested objects, where it has one (a `nested_objects=replace`
            //! argument, for example).
            #![allow(deprecated, reason = "deprecated properties are still read and written")]
            #[allow(unused_imports, reason = "which of these a spec needs depends on its schemas")]
            use ::codegen_runtime::{Decimal, Nullable, Patch, serde_json, wire};
        }
        .into()
    })];
    for t in &api.types {
        let defaults = Arc::clone(&defaults);
        pieces.push(Box::new(move || match &t.kind {
            TypeKind::Struct(s) => structure(api, t, s, &defaults),
            TypeKind::Enum(e) => enumeration(t, e),
            TypeKind::Union(u) => union(api, t, u).into(),
            TypeKind::Alias(ty) => {
                let name = ident(&t.name);
                let doc = type_doc(t);
                let docs = docs_if_any(doc.as_deref());
                let allow = undocumented(doc.is_none());
                let docs = quote! { #docs #allow };
                let ty = ty_at(api, ty, Mode::Model, Place::Models);
                quote! { #docs pub type #name = #ty; }.into()
            }
        }));
    }
    pieces
}

/// A type's description, with a deprecation note.
/// A schema's docs: its description (`None` when absent or blank) and its deprecation mark.
fn type_doc(t: &TypeDef) -> Option<String> {
    let doc = t.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let doc = doc.map(spec_text);
    match (doc, t.deprecated) {
        (doc, false) => doc,
        (Some(doc), true) => Some(format!("{doc}\n\n**Deprecated** in the API's description.")),
        (None, true) => Some("**Deprecated** in the API's description.".to_owned()),
    }
}

/// Which structs can derive `Default`: those whose every non-optional field has a default.
pub(super) struct Defaults {
    structs: HashMap<String, bool>,
}

impl Defaults {
    fn new(api: &Api) -> Self {
        let structs = api
            .types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Struct(s) => Some((
                    t.name.clone(),
                    s.fields
                        .iter()
                        .filter(|f| !f.write_only)
                        .all(|f| !f.required || f.nullable || has_default(&f.ty)),
                )),
                _ => None,
            })
            .collect();
        Defaults { structs }
    }

    fn get(&self, name: &str) -> bool {
        self.structs.get(name).copied().unwrap_or(false)
    }
}

/// Whether a required field of this type has a `Default` (named types are not counted, so the
/// answer never depends on another type's derive).
fn has_default(ty: &Ty) -> bool {
    !matches!(ty, Ty::Decimal | Ty::Named { .. })
}

/// The field's Rust type: `Option` when it may be absent, or null and required; `Nullable`
/// when it may be absent and null.
fn field_type(api: &Api, f: &Field, mode: Mode) -> TokenStream {
    let ty = ty_at(api, &f.ty, mode, Place::Models);
    match (f.required, f.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => quote! { Option<#ty> },
        (false, true) => quote! { Nullable<#ty> },
    }
}

/// A property's docs: its description, else the first paragraph of the description of the
/// schema it refers to; then its default and marks. `None` when there is nothing to say.
fn field_doc(api: &Api, f: &Field) -> Option<String> {
    let own = f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let mut doc = own
        .map(str::to_owned)
        .or_else(|| referred_doc(api, &f.ty))
        .map(|d| spec_text(&d))
        .unwrap_or_default();
    let mut note = |text: String| {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&text);
    };
    if let Some(default) = &f.default {
        note(format!("Default: `{default}`."));
    }
    if f.write_only {
        note("**Write-only**: sent, never received.".to_owned());
    }
    if f.deprecated {
        note("**Deprecated** in the API's description.".to_owned());
    }
    (!doc.is_empty()).then_some(doc)
}

/// Whether a writable property of a struct has nothing to document (its sent forms hold
/// exactly the writable ones).
fn undescribed(api: &Api, s: &Struct) -> bool {
    s.fields
        .iter()
        .filter(|f| !f.read_only)
        .any(|f| field_doc(api, f).is_none())
}

/// The first paragraph of the description of the schema a type names, through arrays and maps.
fn referred_doc(api: &Api, ty: &Ty) -> Option<String> {
    match ty {
        Ty::Named { id, .. } => {
            let doc = api.ty(*id).doc.as_deref()?.trim();
            let first = doc.split("\n\n").next().unwrap_or(doc).trim();
            (!first.is_empty()).then(|| first.to_owned())
        }
        Ty::Vec(inner) | Ty::Map(inner) => referred_doc(api, inner),
        _ => None,
    }
}

fn additional_field(api: &Api, s: &Struct, mode: Mode) -> TokenStream {
    match &s.additional {
        Additional::None => quote! {},
        Additional::Keep(value) => {
            let name = ident(&s.additional_field);
            let map = match value {
                Ty::Json => {
                    quote! { serde_json::Map<String, serde_json::Value> }
                }
                other => {
                    let v = ty_at(api, other, mode, Place::Models);
                    quote! { ::codegen_runtime::IndexMap<String, #v> }
                }
            };
            let flatten =
                (mode == Mode::Input).then(|| quote! { #[cfg_attr(test, serde(flatten))] });
            quote! {
                /// Properties the spec does not name, as received.
                #flatten
                pub #name: #map,
            }
        }
    }
}

const UNDOCUMENTED: &str =
    "#[allow(missing_docs, reason = \"the spec does not describe every part of it\")]";

const DEPRECATED: &str = "#[deprecated(note = \"deprecated in the API's description\")]";

/// The field of unknown properties, as a table's tail writes it.
fn additional_line(api: &Api, s: &Struct, mode: Mode) -> Option<String> {
    match &s.additional {
        Additional::None => None,
        Additional::Keep(value) => {
            let map = match value {
                Ty::Json => "serde_json::Map<String, serde_json::Value>".to_owned(),
                other => format!(
                    "::codegen_runtime::IndexMap<String, {}>",
                    text(&ty_at(api, other, mode, Place::Models))
                ),
            };
            Some(format!("{}: {map}", s.additional_field))
        }
    }
}

fn structure(api: &Api, t: &TypeDef, s: &Struct, defaults: &Defaults) -> Code {
    let mut chunks = vec![if defaults.get(&t.name) {
        Chunk::Text(received_table(api, t, s))
    } else {
        let mut tokens = received_struct(api, t, s);
        tokens.extend(super::codecs::received(api, t, s));
        Chunk::Tokens(tokens)
    }];
    if let Some(p) = &s.patch {
        chunks.push(Chunk::Text(patch_table(api, t, s, p)));
        chunks.push(Chunk::Tokens(super::changes::patch_from_changes(
            api, t, s, p,
        )));
    }
    if let Some(i) = &s.input {
        chunks.push(Chunk::Text(input_table(api, t, s, i)));
        chunks.push(Chunk::Tokens(super::changes::input_from(api, t, s, i)));
    }
    Code(chunks)
}

/// The kind of entry a received property is (`codegen_runtime::codec::entry`).
fn received_kind(f: &Field) -> &'static str {
    // A required nullable property reads as `None` when absent, as it always has.
    match (f.required, f.nullable) {
        (true, false) => "required",
        (true, true) => "always",
        (false, _) => "optional",
    }
}

/// How a read-only property's getter borrows it, and what it returns: `&str` for a string,
/// `&[T]` for an array (the `as_deref` shape), `&T` otherwise.
fn getter(api: &Api, f: &Field) -> (&'static str, String) {
    let inner = match &f.ty {
        Ty::String => "str".to_owned(),
        Ty::Vec(item) => format!("[{}]", text(&ty_at(api, item, Mode::Model, Place::Models))),
        other => text(&ty_at(api, other, Mode::Model, Place::Models)),
    };
    let deref = matches!(f.ty, Ty::String | Ty::Vec(_));
    match (f.required, f.nullable, deref) {
        (true, false, _) => ("borrow", format!("&{inner}")),
        (false, true, false) => ("as_ref", format!("Nullable<&{inner}>")),
        (false, true, true) => ("as_deref", format!("Nullable<&{inner}>")),
        (_, _, false) => ("as_ref", format!("Option<&{inner}>")),
        (_, _, true) => ("as_deref", format!("Option<&{inner}>")),
    }
}

/// A received struct with a `Default`, as the runtime's `received_object!` table: the
/// struct, its getters and its codec.
fn received_table(api: &Api, t: &TypeDef, s: &Struct) -> String {
    let type_doc = type_doc(t);
    let mut missing = type_doc.is_none();
    let mut lines = Vec::new();
    // Write-only properties are never received, so the model does not have them.
    for (i, f) in s.fields.iter().filter(|f| !f.write_only).enumerate() {
        let ty = field_type(api, f, Mode::Model);
        let doc = field_doc(api, f);
        let attrs: Vec<String> = f
            .deprecated
            .then(|| DEPRECATED.to_owned())
            .into_iter()
            .collect();
        let entry = format!("{} {}", i, literal(&f.wire));
        let kind = received_kind(f);
        let line = if f.read_only {
            // Private: its getter carries the docs.
            let (how, ret) = getter(api, f);
            let how = if doc.is_none() {
                format!("{how} undocumented")
            } else {
                how.to_owned()
            };
            format!(
                "{}: {} = {entry} {kind} ({how}) -> {ret}",
                f.rust,
                text(&ty)
            )
        } else {
            missing |= doc.is_none();
            format!("pub {}: {} = {entry} {kind}", f.rust, text(&ty))
        };
        lines.push((doc, attrs, line));
    }
    let mut attrs = Vec::new();
    if missing {
        attrs.push(UNDOCUMENTED);
    }
    attrs.push("#[derive(Clone, Debug, Default, PartialEq)]");
    let head = format!(
        "pub struct {} {}",
        t.name,
        literal(&format!("a {} object", t.name))
    );
    let mut table = Table::new("received_object", type_doc.as_deref(), &attrs, &head);
    for (doc, attrs, line) in lines {
        table.line(doc.as_deref(), &attrs, &line);
    }
    table.finish(
        &additional_line(api, s, Mode::Model)
            .into_iter()
            .collect::<Vec<_>>(),
    )
}

/// A received struct without a `Default` (its impls are written out, `codecs::received`),
/// with its getters.
fn received_struct(api: &Api, t: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&t.name);
    let type_doc = type_doc(t);
    let mut missing = type_doc.is_none();
    let mut getters_missing = false;
    let docs = docs_if_any(type_doc.as_deref());
    let mut fields = Vec::new();
    let mut getters = Vec::new();
    for f in s.fields.iter().filter(|f| !f.write_only) {
        let fname = ident(&f.rust);
        let ty = field_type(api, f, Mode::Model);
        let doc = field_doc(api, f);
        let deprecated = deprecated(f.deprecated);
        if f.read_only {
            fields.push(quote! { #fname: #ty, });
            getters_missing |= doc.is_none();
            let getter_docs = docs_if_any(doc.as_deref());
            let (how, ret) = getter(api, f);
            let ret: TokenStream = ret.parse().unwrap_or_default();
            let body = match how {
                "borrow" => quote! { &self.#fname },
                "as_ref" => quote! { self.#fname.as_ref() },
                _ => quote! { self.#fname.as_deref() },
            };
            getters
                .push(quote! { #getter_docs #deprecated pub fn #fname(&self) -> #ret { #body } });
        } else {
            missing |= doc.is_none();
            let field_docs = docs_if_any(doc.as_deref());
            fields.push(quote! { #field_docs #deprecated pub #fname: #ty, });
        }
    }
    let extra = additional_field(api, s, Mode::Model);
    let getters_allow = undocumented(getters_missing);
    let getters =
        (!getters.is_empty()).then(|| {
            quote! {
                #getters_allow
                #[allow(clippy::should_implement_trait, clippy::new_ret_no_self, reason = "a getter is named after its property, which may be `clone` or `new`")]
                impl #name { #(#getters)* }
            }
        });
    let allow = undocumented(missing);
    quote! {
        #docs
        #allow
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #getters
    }
}

/// The attributes of a sent form's field: deprecation, and for the `Deserialize` that tests
/// derive, its wire name and (without a container default) `default` when it may be absent.
fn sent_attrs(f: &Field, field_default: bool) -> Vec<String> {
    let mut attrs = Vec::new();
    if f.deprecated {
        attrs.push(DEPRECATED.to_owned());
    }
    if field_default && !f.required {
        attrs.push("#[cfg_attr(test, serde(default))]".to_owned());
    }
    if super::tokens::bare(&f.rust) != f.wire {
        attrs.push(format!(
            "#[cfg_attr(test, serde(rename = {}))]",
            literal(&f.wire)
        ));
    }
    attrs
}

/// A patch type as the runtime's `sent_object!` table.
fn patch_table(api: &Api, t: &TypeDef, s: &Struct, patch: &str) -> String {
    let doc = format!(
        "Changes to a [`struct@{}`], sent as the body of a PATCH.",
        t.name
    );
    let mut attrs = Vec::new();
    if undescribed(api, s) {
        attrs.push(UNDOCUMENTED);
    }
    // Patch types are only sent, so they only serialize (through the shared codec): a
    // derived Deserialize more than doubled the build time of generated crates
    // (codegen/BENCHMARKS.md). The crate's own example tests read PATCH examples, so tests
    // derive it.
    attrs.push("#[derive(Clone, Debug, Default, PartialEq)]");
    attrs.push("#[cfg_attr(test, derive(::codegen_runtime::serde::Deserialize), serde(crate = \"::codegen_runtime::serde\", default, deny_unknown_fields))]");
    let mut table = Table::new(
        "sent_object",
        Some(&doc),
        &attrs,
        &format!("pub struct {patch}"),
    );
    // Every field of a patch may be absent.
    for f in s.fields.iter().filter(|f| !f.read_only) {
        let ty = text(&ty_at(api, &f.ty, Mode::Input, Place::Models));
        let wrapper = if f.nullable { "Patch" } else { "Option" };
        table.line(
            field_doc(api, f).as_deref(),
            &sent_attrs(f, false),
            &format!(
                "pub {}: {wrapper}<{ty}> = {} optional",
                f.rust,
                literal(&f.wire)
            ),
        );
    }
    table.finish(&[])
}

/// An input form as the runtime's `sent_object!` table.
fn input_table(api: &Api, t: &TypeDef, s: &Struct, input: &str) -> String {
    let doc = format!(
        "A [`struct@{}`] as a request writes it: the same properties without the read-only ones, with the write-only ones.",
        t.name
    );
    let default = s
        .fields
        .iter()
        .filter(|f| !f.read_only)
        .all(|f| !f.required || f.nullable || has_default(&f.ty));
    let mut attrs = Vec::new();
    if undescribed(api, s) {
        attrs.push(UNDOCUMENTED);
    }
    // Like patch types, input types are only sent. With a `Default`, one `serde(default)` on
    // the type stands for one per optional field: a required property missing from an
    // example then reads as its default, which the example's round trip tells apart from the
    // example all the same.
    let (derive, serde) = if default {
        (
            "#[derive(Clone, Debug, Default, PartialEq)]",
            "#[cfg_attr(test, derive(::codegen_runtime::serde::Deserialize), serde(crate = \"::codegen_runtime::serde\", default))]",
        )
    } else {
        (
            "#[derive(Clone, Debug, PartialEq)]",
            "#[cfg_attr(test, derive(::codegen_runtime::serde::Deserialize), serde(crate = \"::codegen_runtime::serde\"))]",
        )
    };
    attrs.push(derive);
    attrs.push(serde);
    let mut table = Table::new(
        "sent_object",
        Some(&doc),
        &attrs,
        &format!("pub struct {input}"),
    );
    for f in s.fields.iter().filter(|f| !f.read_only) {
        let ty = field_type(api, f, Mode::Input);
        let kind = if f.required { "required" } else { "optional" };
        table.line(
            field_doc(api, f).as_deref(),
            &sent_attrs(f, !default),
            &format!(
                "pub {}: {} = {} {kind}",
                f.rust,
                text(&ty),
                literal(&f.wire)
            ),
        );
    }
    let tail = additional_line(api, s, Mode::Input)
        .map(|line| vec!["#[cfg_attr(test, serde(flatten))]".to_owned(), line])
        .unwrap_or_default();
    table.finish(&tail)
}

/// An enum as the runtime's `string_enum!` table, which defines it and writes its methods
/// and impls.
fn enumeration(t: &TypeDef, e: &Enum) -> Code {
    let doc = type_doc(t);
    let mut attrs = Vec::new();
    if doc.is_none() {
        attrs.push(UNDOCUMENTED);
    }
    attrs.push("#[derive(Clone, Debug, PartialEq, Eq, Hash)]");
    // A value the spec adds later is one more variant: a `match` keeps a `_` arm.
    attrs.push("#[non_exhaustive]");
    let mut table = Table::new(
        "string_enum",
        doc.as_deref(),
        &attrs,
        &format!("pub enum {}", t.name),
    );
    for v in &e.variants {
        table.line(None, &[], &format!("{} = {}", v.rust, literal(&v.wire)));
    }
    Code(vec![Chunk::Text(
        table.finish(std::slice::from_ref(&e.catch_all)),
    )])
}

fn union(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&t.name);
    let rule = match &u.tag {
        Some(tag) => format!(
            "The value is read by its `{tag}` property; a value whose `{tag}` this crate does not know (or that no alternative reads) is kept in the catch-all variant, and written back unchanged."
        ),
        None => "The alternatives are tried in the order the spec lists them, and the first that reads the value holds it; a value none of them reads is kept in the catch-all variant, and written back unchanged.".to_owned(),
    };
    let docs = doc_attrs(
        Some(&format!(
            "{}\n\n{rule}",
            type_doc(t).unwrap_or_else(|| format!("One of several types (`{}`).", t.name))
        )),
        "",
    );
    let catch_all = ident(&u.catch_all);
    let variants = u.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let ty = ty_at(api, &v.ty, Mode::Model, Place::Models);
        let doc = if v.tags.is_empty() {
            format!(" The `{}` alternative.", v.rust)
        } else {
            let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
            format!(
                " The `{}` alternative, tagged {}.",
                v.rust,
                tags.join(" or ")
            )
        };
        quote! { #[doc = #doc] #rust(#ty), }
    });
    let writes = u.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        quote! { #name::#rust(value) => ::codegen_runtime::serde::Serialize::serialize(value, serializer), }
    });
    let tagged = u.tag.as_ref().map(|tag| {
        let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
            let rust = ident(&v.rust);
            let tags = &v.tags;
            quote! {
                Some(#(#tags)|*) => {
                    return wire::read_variant(&value)
                        .map(#name::#rust)
                        .map_err(<__D::Error as ::codegen_runtime::serde::de::Error>::custom);
                }
            }
        });
        quote! {
            match value.get(#tag).and_then(serde_json::Value::as_str) {
                #(#arms)*
                _ => {}
            }
        }
    });
    let tries = u.variants.iter().filter(|v| v.tags.is_empty()).map(|v| {
        let rust = ident(&v.rust);
        quote! {
            if let Ok(read) = wire::read_variant(&value) {
                return Ok(#name::#rust(read));
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "each variant holds its alternative as the spec describes it")]
        // An alternative the spec adds later is one more variant.
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value no alternative reads, kept exactly as received.
            #catch_all(serde_json::Value),
        }

        impl ::codegen_runtime::serde::Serialize for #name {
            fn serialize<__S: ::codegen_runtime::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                match self {
                    #(#writes)*
                    #name::#catch_all(value) => ::codegen_runtime::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::codegen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::codegen_runtime::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = <serde_json::Value as ::codegen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                #tagged
                #(#tries)*
                Ok(#name::#catch_all(value))
            }
        }
    }
}
