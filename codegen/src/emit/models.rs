//! `models.rs`: a struct or enum per schema, and the patch and input forms.

use std::collections::HashMap;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use super::codecs::{Written, sent_table};
use super::doctext::spec_text;
use super::tokens::{Mode, Place, deprecated, doc_attrs, docs_if_any, ident, ty_at, undocumented};
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

/// The field's Rust type, and the serde attributes of the `Deserialize` that tests derive
/// for reading examples of the input form.
fn field_shape(api: &Api, f: &Field, mode: Mode) -> (TokenStream, TokenStream) {
    let ty = ty_at(api, &f.ty, mode, Place::Models);
    let rename = rename(f);
    match (f.required, f.nullable) {
        (true, false) => (ty, quote! { #rename }),
        (true, true) => (quote! { Option<#ty> }, quote! { #rename }),
        (false, false) => (
            quote! { Option<#ty> },
            quote! { #[cfg_attr(test, serde(default))] #rename },
        ),
        (false, true) => (
            quote! { Nullable<#ty> },
            quote! { #[cfg_attr(test, serde(default))] #rename },
        ),
    }
}

fn rename(f: &Field) -> TokenStream {
    if super::tokens::bare(&f.rust) == f.wire {
        quote! {}
    } else {
        let wire = &f.wire;
        quote! { #[cfg_attr(test, serde(rename = #wire))] }
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

fn structure(api: &Api, t: &TypeDef, s: &Struct, defaults: &Defaults) -> Code {
    let name = ident(&t.name);
    let type_doc = type_doc(t);
    let mut missing = type_doc.is_none();
    let mut getters_missing = false;
    let docs = docs_if_any(type_doc.as_deref());
    let default = defaults.get(&t.name).then(|| quote! { Default, });
    let mut fields = Vec::new();
    let mut getters = Vec::new();
    // Write-only properties are never received, so the model does not have them.
    for f in s.fields.iter().filter(|f| !f.write_only) {
        let fname = ident(&f.rust);
        // The serde impls are written out (`codecs`), so the fields carry no serde attributes.
        let (ty, _) = field_shape(api, f, Mode::Model);
        let doc = field_doc(api, f);
        let deprecated = deprecated(f.deprecated);
        if f.read_only {
            // Private: its getter carries the docs.
            fields.push(quote! { #fname: #ty, });
            getters_missing |= doc.is_none();
            let getter_docs = docs_if_any(doc.as_deref());
            // Borrowed in the `as_deref` shape: `&str` for a string, `&[T]` for an array.
            let inner = match &f.ty {
                Ty::String => quote! { str },
                Ty::Vec(item) => {
                    let item = ty_at(api, item, Mode::Model, Place::Models);
                    quote! { [#item] }
                }
                other => ty_at(api, other, Mode::Model, Place::Models),
            };
            let deref = matches!(f.ty, Ty::String | Ty::Vec(_));
            let (ret, body) = match (f.required, f.nullable, deref) {
                (true, false, _) => (quote! { &#inner }, quote! { &self.#fname }),
                (false, true, false) => (
                    quote! { Nullable<&#inner> },
                    quote! { self.#fname.as_ref() },
                ),
                (false, true, true) => (
                    quote! { Nullable<&#inner> },
                    quote! { self.#fname.as_deref() },
                ),
                (_, _, false) => (quote! { Option<&#inner> }, quote! { self.#fname.as_ref() }),
                (_, _, true) => (
                    quote! { Option<&#inner> },
                    quote! { self.#fname.as_deref() },
                ),
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
    let mut chunks = vec![Chunk::Tokens(quote! {
        #docs
        #allow
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    })];
    chunks.push(if defaults.get(&t.name) {
        Chunk::Text(super::codecs::table(t, s))
    } else {
        Chunk::Tokens(super::codecs::received(api, t, s))
    });
    chunks.extend(getters.map(Chunk::Tokens));
    if let Some(p) = &s.patch {
        let (def, codec) = patch_struct(api, t, s, p);
        chunks.push(Chunk::Tokens(def));
        chunks.push(Chunk::Text(codec));
        chunks.push(Chunk::Tokens(super::changes::patch_from_changes(
            api, t, s, p,
        )));
    }
    if let Some(i) = &s.input {
        let (def, codec) = input_struct(api, t, s, i);
        chunks.push(Chunk::Tokens(def));
        chunks.push(Chunk::Text(codec));
        chunks.push(Chunk::Tokens(super::changes::input_from(api, t, s, i)));
    }
    Code(chunks)
}

/// The writable properties as a sent form writes them; required ones always, when `required`
/// counts (an input form), else each only when set (a patch).
fn sent(s: &Struct, required: bool) -> Vec<Written<'_>> {
    s.fields
        .iter()
        .filter(|f| !f.read_only)
        .map(|f| Written {
            field: &f.rust,
            wire: &f.wire,
            always: required && f.required,
        })
        .collect()
}

/// A patch type, and its codec table.
fn patch_struct(api: &Api, t: &TypeDef, s: &Struct, patch: &str) -> (TokenStream, String) {
    let name = ident(patch);
    let target = &t.name;
    let docs = doc_attrs(
        Some(&format!(
            "Changes to a [`struct@{target}`], sent as the body of a PATCH."
        )),
        "",
    );
    let allow = undocumented(undescribed(api, s));
    // Every field of a patch may be absent.
    let serialize = sent_table(patch, &sent(s, false), None);
    let fields = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let fname = ident(&f.rust);
        let rename = rename(f);
        let ty = ty_at(api, &f.ty, Mode::Input, Place::Models);
        let docs = docs_if_any(field_doc(api, f).as_deref());
        let deprecated = deprecated(f.deprecated);
        if f.nullable {
            quote! {
                #docs
                #deprecated
                #rename
                pub #fname: Patch<#ty>,
            }
        } else {
            quote! {
                #docs
                #deprecated
                #rename
                pub #fname: Option<#ty>,
            }
        }
    });
    let def = quote! {
        #docs
        #allow
        // Patch types are only sent, so they only serialize (through the shared codec): a
        // derived Deserialize more than doubled the build time of generated crates
        // (codegen/BENCHMARKS.md). The crate's own example tests read PATCH examples, so
        // tests derive it.
        #[derive(Clone, Debug, Default, PartialEq)]
        #[cfg_attr(test, derive(::codegen_runtime::serde::Deserialize), serde(crate = "::codegen_runtime::serde", default, deny_unknown_fields))]
        pub struct #name {
            #(#fields)*
        }
    };
    (def, serialize)
}

/// An input form, and its codec table.
fn input_struct(api: &Api, t: &TypeDef, s: &Struct, input: &str) -> (TokenStream, String) {
    let name = ident(input);
    let target = &t.name;
    let docs = doc_attrs(
        Some(&format!(
            "A [`struct@{target}`] as a request writes it: the same properties without the read-only ones, with the write-only ones."
        )),
        "",
    );
    let default = s
        .fields
        .iter()
        .filter(|f| !f.read_only)
        .all(|f| !f.required || f.nullable || has_default(&f.ty))
        .then(|| quote! { Default, });
    let written = sent(s, true);
    let extra_name = match &s.additional {
        Additional::Keep(_) => Some(s.additional_field.as_str()),
        Additional::None => None,
    };
    let serialize = sent_table(input, &written, extra_name);
    // With a `Default`, one `serde(default)` on the type stands for one per optional field: a
    // required property missing from an example then reads as its default, which the
    // example's round trip tells apart from the example all the same.
    let container_default = default.as_ref().map(|_| quote! { default, });
    let fields = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let fname = ident(&f.rust);
        let (ty, mut attrs) = field_shape(api, f, Mode::Input);
        if container_default.is_some() {
            attrs = rename(f);
        }
        let docs = docs_if_any(field_doc(api, f).as_deref());
        let deprecated = deprecated(f.deprecated);
        quote! { #docs #deprecated #attrs pub #fname: #ty, }
    });
    let extra = additional_field(api, s, Mode::Input);
    let allow = undocumented(undescribed(api, s));
    let def = quote! {
        #docs
        #allow
        // Like patch types, input types are only sent.
        #[derive(Clone, Debug, #default PartialEq)]
        #[cfg_attr(test, derive(::codegen_runtime::serde::Deserialize), serde(crate = "::codegen_runtime::serde", #container_default))]
        pub struct #name {
            #(#fields)*
            #extra
        }
    };
    (def, serialize)
}

/// An enum, and its value table for the runtime's `string_enum!`, which writes its methods
/// and impls.
fn enumeration(t: &TypeDef, e: &Enum) -> Code {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let docs = docs_if_any(doc.as_deref());
    let allow = undocumented(doc.is_none());
    let catch_all = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        // Tabs and line breaks in a value are written as escapes: a doc line cannot hold them.
        let doc = format!(" `{}`", v.wire.escape_debug());
        quote! { #[doc = #doc] #rust, }
    });
    let mut table = format!(
        "\n::codegen_runtime::string_enum! {{\n    {} {};\n",
        t.name, e.catch_all
    );
    for v in &e.variants {
        table.push_str(&format!(
            "    {} {};\n",
            v.rust,
            proc_macro2::Literal::string(&v.wire)
        ));
    }
    table.push_str("}\n");
    Code(vec![
        Chunk::Tokens(quote! {
            #docs
            #allow
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            // A value the spec adds later is one more variant: a `match` keeps a `_` arm.
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value not listed in the spec, kept exactly as received.
                #catch_all(String),
            }
        }),
        Chunk::Text(table),
    ])
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
