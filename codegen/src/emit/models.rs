//! `models.rs`: a struct or enum per schema, and the patch and input forms.

use std::collections::HashMap;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::tokens::{Mode, deprecated, doc_attrs, ident, ty_tokens};
use crate::ir::{Additional, Api, Enum, Field, Struct, Ty, TypeDef, TypeKind, Union};

/// The models module of an API.
pub(super) fn models(api: &Api) -> Vec<Piece<'_>> {
    let defaults = Arc::new(Defaults::new(api));
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
        quote! {
            //! Types for every schema of the API: what the server sends, and what a PATCH sends.
            //!
            //! Received objects keep properties this crate does not know in a map of extra
            //! properties, and enums keep unknown values, so serializing a received object gives
            //! back everything the server sent. Read-only properties are private fields with a
            //! getter of the same name: ordinary code can read them but not assign them.
            #![allow(deprecated, reason = "deprecated properties are still read and written")]
            #[allow(unused_imports, reason = "a spec without optional properties does not use it")]
            use crate::wire::is_none;
        }
    })];
    for t in &api.types {
        let defaults = Arc::clone(&defaults);
        pieces.push(Box::new(move || match &t.kind {
            TypeKind::Struct(s) => structure(api, t, s, &defaults),
            TypeKind::Enum(e) => enumeration(t, e),
            TypeKind::Union(u) => union(api, t, u),
            TypeKind::Alias(ty) => {
                let name = ident(&t.name);
                let docs = doc_attrs(type_doc(t).as_deref(), &format!("The `{}` schema.", t.name));
                let ty = ty_tokens(api, ty, Mode::Model);
                quote! { #docs pub type #name = #ty; }
            }
        }));
    }
    pieces
}

/// A type's description, with a deprecation note.
fn type_doc(t: &TypeDef) -> Option<String> {
    match (&t.doc, t.deprecated) {
        (doc, false) => doc.clone(),
        (Some(doc), true) => Some(format!("{doc}\n\n**Deprecated** in the API's description.")),
        (None, true) => Some(format!(
            "The `{}` schema.\n\n**Deprecated** in the API's description.",
            t.name
        )),
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

/// The field's Rust type and serde attributes, for the model or input form.
fn field_shape(api: &Api, f: &Field, mode: Mode) -> (TokenStream, TokenStream) {
    let ty = ty_tokens(api, &f.ty, mode);
    let rename = rename(f);
    match (f.required, f.nullable) {
        (true, false) => (ty, quote! { #rename }),
        (true, true) => (quote! { Option<#ty> }, quote! { #rename }),
        (false, false) => (
            quote! { Option<#ty> },
            quote! { #[serde(default, skip_serializing_if = "is_none")] #rename },
        ),
        (false, true) => (
            quote! { crate::Nullable<#ty> },
            quote! {
                #[serde(default, skip_serializing_if = "crate::Nullable::is_absent")]
                #rename
            },
        ),
    }
}

fn rename(f: &Field) -> TokenStream {
    if super::tokens::bare(&f.rust) == f.wire {
        quote! {}
    } else {
        let wire = &f.wire;
        quote! { #[serde(rename = #wire)] }
    }
}

fn field_doc(f: &Field) -> String {
    let mut doc = f
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` property.", f.wire));
    if let Some(default) = &f.default {
        doc.push_str(&format!("\n\nDefault: `{default}`."));
    }
    if f.write_only {
        doc.push_str("\n\n**Write-only**: sent, never received.");
    }
    if f.deprecated {
        doc.push_str("\n\n**Deprecated** in the API's description.");
    }
    doc
}

fn additional_field(api: &Api, s: &Struct, mode: Mode) -> TokenStream {
    match &s.additional {
        Additional::None => quote! {},
        Additional::Keep(value) => {
            let name = ident(&s.additional_field);
            let map = match value {
                Ty::Json => {
                    quote! { ::serde_json::Map<String, ::serde_json::Value> }
                }
                other => {
                    let v = ty_tokens(api, other, mode);
                    quote! { ::std::collections::BTreeMap<String, #v> }
                }
            };
            let flatten = (mode == Mode::Input).then(|| quote! { #[serde(flatten)] });
            quote! {
                /// Properties the spec does not name, kept as received and sent back as they
                /// are.
                #flatten
                pub #name: #map,
            }
        }
    }
}

fn structure(api: &Api, t: &TypeDef, s: &Struct, defaults: &Defaults) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(type_doc(t).as_deref(), &format!("The `{}` schema.", t.name));
    let default = defaults.get(&t.name).then(|| quote! { Default, });
    let mut fields = Vec::new();
    let mut getters = Vec::new();
    // Write-only properties are never received, so the model does not have them.
    for f in s.fields.iter().filter(|f| !f.write_only) {
        let fname = ident(&f.rust);
        // The serde impls are written out (`codecs`), so the fields carry no serde attributes.
        let (ty, _) = field_shape(api, f, Mode::Model);
        let doc = field_doc(f);
        let deprecated = deprecated(f.deprecated);
        if f.read_only {
            // Private: its getter carries the docs.
            fields.push(quote! { #fname: #ty, });
            let getter_docs = doc_attrs(
                Some(&format!(
                    "{doc}\n\n**Read-only**: set by the server. It can be read here but not assigned, and it is not part of a patch."
                )),
                "",
            );
            // Borrowed in the `as_deref` shape: `&str` for a string, `&[T]` for an array.
            let inner = match &f.ty {
                Ty::String => quote! { str },
                Ty::Vec(item) => {
                    let item = ty_tokens(api, item, Mode::Model);
                    quote! { [#item] }
                }
                other => ty_tokens(api, other, Mode::Model),
            };
            let deref = matches!(f.ty, Ty::String | Ty::Vec(_));
            let (ret, body) = match (f.required, f.nullable, deref) {
                (true, false, _) => (quote! { &#inner }, quote! { &self.#fname }),
                (false, true, false) => (
                    quote! { crate::Nullable<&#inner> },
                    quote! { self.#fname.as_ref() },
                ),
                (false, true, true) => (
                    quote! { crate::Nullable<&#inner> },
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
            let field_docs = doc_attrs(Some(&doc), "");
            fields.push(quote! { #field_docs #deprecated pub #fname: #ty, });
        }
    }
    let extra = additional_field(api, s, Mode::Model);
    let getters = (!getters.is_empty()).then(|| quote! { impl #name { #(#getters)* } });
    let patch = s.patch.as_ref().map(|p| {
        let def = patch_struct(api, t, s, p);
        let changes = super::changes::patch_from_changes(api, t, s, p);
        quote! { #def #changes }
    });
    let input = s.input.as_ref().map(|i| {
        let def = input_struct(api, t, s, i);
        let from = super::changes::input_from(api, t, s, i);
        quote! { #def #from }
    });
    let codecs = super::codecs::received(api, t, s);
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #codecs
        #getters
        #patch
        #input
    }
}

fn patch_struct(api: &Api, t: &TypeDef, s: &Struct, patch: &str) -> TokenStream {
    let name = ident(patch);
    let target = &t.name;
    let docs = doc_attrs(
        Some(&format!(
            "Changes to a [`{target}`], sent as the body of a PATCH.\n\nOnly the fields that are set are sent; every other attribute keeps its value on the server. `Default` is the empty patch `{{}}`. Read-only properties are not here. A nullable property is a [`crate::Patch`] (`Patch::Null` clears it); any other is an `Option`, which can set it but not clear it."
        )),
        "",
    );
    let fields = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let fname = ident(&f.rust);
        let rename = rename(f);
        let ty = ty_tokens(api, &f.ty, Mode::Input);
        let doc = field_doc(f);
        let deprecated = deprecated(f.deprecated);
        if f.nullable {
            let docs = doc_attrs(Some(&doc), "");
            quote! {
                #docs
                #deprecated
                #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
                #rename
                pub #fname: crate::Patch<#ty>,
            }
        } else {
            let docs = doc_attrs(Some(&doc), "");
            quote! {
                #docs
                #deprecated
                #[serde(default, skip_serializing_if = "is_none")]
                #rename
                pub #fname: Option<#ty>,
            }
        }
    });
    quote! {
        #docs
        // Patch types are only sent, so they only serialize: deriving Deserialize as well
        // more than doubled the build time of generated crates (codegen/BENCHMARKS.md). The
        // crate's own example tests read PATCH examples, so tests keep it.
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize)]
        #[cfg_attr(test, derive(::serde::Deserialize), serde(deny_unknown_fields))]

        pub struct #name {
            #(#fields)*
        }
    }
}

fn input_struct(api: &Api, t: &TypeDef, s: &Struct, input: &str) -> TokenStream {
    let name = ident(input);
    let target = &t.name;
    let docs = doc_attrs(
        Some(&format!(
            "A [`{target}`] as a request writes it: the same properties without the read-only ones, with the write-only ones."
        )),
        "",
    );
    let default = s
        .fields
        .iter()
        .filter(|f| !f.read_only)
        .all(|f| !f.required || f.nullable || has_default(&f.ty))
        .then(|| quote! { Default, });
    let fields = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let fname = ident(&f.rust);
        let (ty, attrs) = field_shape(api, f, Mode::Input);
        let docs = doc_attrs(Some(&field_doc(f)), "");
        let deprecated = deprecated(f.deprecated);
        quote! { #docs #deprecated #attrs pub #fname: #ty, }
    });
    let extra = additional_field(api, s, Mode::Input);
    quote! {
        #docs
        // Like patch types, input types are only sent.
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize)]
        #[cfg_attr(test, derive(::serde::Deserialize))]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

fn enumeration(t: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(type_doc(t).as_deref(), &format!("The `{}` values.", t.name));
    let catch_all = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        // Tabs and line breaks in a value are written as escapes: a doc line cannot hold them.
        let doc = format!(" `{}`", v.wire.escape_debug());
        quote! { #[doc = #doc] #rust, }
    });
    let to_wire = e.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { #name::#rust => #wire, }
    });
    let from_wire = e.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { #wire => #name::#rust, }
    });
    quote! {
        #docs
        ///
        /// Values this crate does not know yet are kept in the catch-all variant and sent back
        /// unchanged.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value not listed in the spec, kept exactly as received.
            #catch_all(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    #name::#catch_all(value) => value,
                }
            }

            /// The variant for a wire value; unknown values land in the catch-all.
            pub fn from_wire(value: String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => #name::#catch_all(value),
                }
            }
        }

        crate::wire::string_enum!(#name);
    }
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
        let ty = ty_tokens(api, &v.ty, Mode::Model);
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
        quote! { #name::#rust(value) => ::serde::Serialize::serialize(value, serializer), }
    });
    let tagged = u.tag.as_ref().map(|tag| {
        let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
            let rust = ident(&v.rust);
            let tags = &v.tags;
            quote! {
                Some(#(#tags)|*) => {
                    return crate::wire::read_variant(&value)
                        .map(#name::#rust)
                        .map_err(<D::Error as ::serde::de::Error>::custom);
                }
            }
        });
        quote! {
            match value.get(#tag).and_then(::serde_json::Value::as_str) {
                #(#arms)*
                _ => {}
            }
        }
    });
    let tries = u.variants.iter().filter(|v| v.tags.is_empty()).map(|v| {
        let rust = ident(&v.rust);
        quote! {
            if let Ok(read) = crate::wire::read_variant(&value) {
                return Ok(#name::#rust(read));
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "each variant holds its alternative as the spec describes it")]
        pub enum #name {
            #(#variants)*
            /// A value no alternative reads, kept exactly as received.
            #catch_all(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    #name::#catch_all(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #tagged
                #(#tries)*
                Ok(#name::#catch_all(value))
            }
        }
    }
}
