//! `models.rs`: a struct or enum per schema, and the patch and input forms.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Piece, doc_attrs, ident, ty_tokens};
use crate::ir::{Additional, Api, Enum, Field, Struct, Ty, TypeDef, TypeKind};

/// Names of the types that have an input form, for writing input-mode types.
pub(super) type Inputs = HashSet<String>;

/// The models module of an API.
pub(super) fn models(api: &Api) -> Vec<Piece<'_>> {
    let inputs: Inputs = api
        .types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Struct(s) if s.input))
        .map(|t| t.name.clone())
        .collect();
    let shared = Arc::new((inputs, Defaults::new(api)));
    let mut pieces: Vec<Piece<'_>> = vec![Box::new(|| {
        quote! {
            //! Types for every schema of the API: what the server sends, and what a PATCH sends.
            //!
            //! Received objects keep properties this crate does not know in a map of extra
            //! properties, and enums keep unknown values, so serializing a received object gives
            //! back everything the server sent. Read-only properties are private fields with a
            //! getter of the same name: ordinary code can read them but not assign them.
            #[allow(unused_imports, reason = "a spec without optional properties does not use them")]
            use crate::wire::{is_none, nullable};
        }
    })];
    for t in &api.types {
        let shared = Arc::clone(&shared);
        pieces.push(Box::new(move || {
            let (inputs, defaults) = &*shared;
            match &t.kind {
                TypeKind::Struct(s) => structure(t, s, inputs, defaults),
                TypeKind::Enum(e) => enumeration(t, e),
                TypeKind::Alias(ty) => {
                    let name = ident(&t.name);
                    let docs = doc_attrs(t.doc.as_deref(), &format!("The `{}` schema.", t.name));
                    let ty = ty_tokens(ty, None);
                    quote! { #docs pub type #name = #ty; }
                }
            }
        }));
    }
    pieces
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
fn field_shape(f: &Field, inputs: Option<&Inputs>) -> (TokenStream, TokenStream) {
    let ty = ty_tokens(&f.ty, inputs);
    let rename = rename(f);
    match (f.required, f.nullable) {
        (true, false) => (ty, quote! { #rename }),
        (true, true) => (quote! { Option<#ty> }, quote! { #rename }),
        (false, false) => (
            quote! { Option<#ty> },
            quote! { #[serde(default, skip_serializing_if = "is_none")] #rename },
        ),
        (false, true) => (
            quote! { Option<Option<#ty>> },
            quote! {
                #[serde(default, skip_serializing_if = "is_none", deserialize_with = "nullable")]
                #rename
            },
        ),
    }
}

fn rename(f: &Field) -> TokenStream {
    if super::bare(&f.rust) == f.wire {
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
    doc
}

fn additional_field(s: &Struct, inputs: Option<&Inputs>) -> TokenStream {
    match &s.additional {
        Additional::None => quote! {},
        Additional::Keep(value) => {
            let name = ident(&s.additional_field);
            let map = match value {
                Ty::Json => {
                    quote! { ::serde_json::Map<String, ::serde_json::Value> }
                }
                other => {
                    let v = ty_tokens(other, inputs);
                    quote! { ::std::collections::BTreeMap<String, #v> }
                }
            };
            quote! {
                /// Properties the spec does not name, kept as received and sent back as they
                /// are.
                #[serde(flatten)]
                pub #name: #map,
            }
        }
    }
}

fn structure(t: &TypeDef, s: &Struct, inputs: &Inputs, defaults: &Defaults) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(t.doc.as_deref(), &format!("The `{}` schema.", t.name));
    let default = defaults.get(&t.name).then(|| quote! { Default, });
    let mut fields = Vec::new();
    let mut getters = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust);
        let (ty, attrs) = field_shape(f, None);
        let doc = field_doc(f);
        if f.read_only {
            // Private: its getter carries the docs.
            fields.push(quote! { #attrs #fname: #ty, });
            let getter_docs = doc_attrs(
                Some(&format!(
                    "{doc}\n\n**Read-only**: set by the server. It can be read here but not assigned, and it is not part of a patch."
                )),
                "",
            );
            let inner = ty_tokens(&f.ty, None);
            let (ret, body) = match (f.required, f.nullable) {
                (true, false) => (quote! { &#inner }, quote! { &self.#fname }),
                (false, true) => (
                    quote! { Option<Option<&#inner>> },
                    quote! { self.#fname.as_ref().map(Option::as_ref) },
                ),
                _ => (quote! { Option<&#inner> }, quote! { self.#fname.as_ref() }),
            };
            getters.push(quote! { #getter_docs pub fn #fname(&self) -> #ret { #body } });
        } else {
            let field_docs = doc_attrs(Some(&doc), "");
            fields.push(quote! { #field_docs #attrs pub #fname: #ty, });
        }
    }
    let extra = additional_field(s, None);
    let getters = (!getters.is_empty()).then(|| quote! { impl #name { #(#getters)* } });
    let patch = s.patch.then(|| patch_struct(t, s, inputs));
    let input = s.input.then(|| input_struct(t, s, inputs));
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #getters
        #patch
        #input
    }
}

fn patch_struct(t: &TypeDef, s: &Struct, inputs: &Inputs) -> TokenStream {
    let name = format_ident!("{}Patch", t.name);
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
        let ty = ty_tokens(&f.ty, Some(inputs));
        let doc = field_doc(f);
        if f.nullable {
            let docs = doc_attrs(Some(&doc), "");
            quote! {
                #docs
                #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
                #rename
                pub #fname: crate::Patch<#ty>,
            }
        } else {
            let docs = doc_attrs(Some(&doc), "");
            quote! {
                #docs
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

fn input_struct(t: &TypeDef, s: &Struct, inputs: &Inputs) -> TokenStream {
    let name = format_ident!("{}Input", t.name);
    let target = &t.name;
    let docs = doc_attrs(
        Some(&format!(
            "A [`{target}`] as a request writes it: the same properties without the read-only ones."
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
        let (ty, attrs) = field_shape(f, Some(inputs));
        let docs = doc_attrs(Some(&field_doc(f)), "");
        quote! { #docs #attrs pub #fname: #ty, }
    });
    let extra = additional_field(s, Some(inputs));
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
    let docs = doc_attrs(t.doc.as_deref(), &format!("The `{}` values.", t.name));
    let catch_all = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let doc = format!(" `{}`", v.wire);
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
