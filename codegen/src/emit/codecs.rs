//! `Serialize` and `Deserialize` impls for generated objects.
//!
//! [`Table`] is the common form: the runtime's shared codec (`codegen_runtime::codec`) does
//! the visiting and writing, and each type carries only its table of properties, one line
//! each, which the runtime's `received_object!` and `sent_object!` turn into the type and its
//! impls (a `match` of one typed read per property), which type-check in a fraction of the
//! time of a visitor per type (codegen/BENCHMARKS.md). The tables are printed as text: they
//! are already in their final shape, which rustfmt leaves alone. The received form needs the
//! type to have a `Default` to fill in; a received type that has none (a required property of
//! a type without a default) gets [`received`], the impls written out, described next.
//!
//! serde's derive, with `#[serde(flatten)]` for the map of unknown properties, buffers every
//! object through serde's private `Content` type and expands a field-identifier enum and two
//! visitors per type; most of a generated crate's build went there (codegen/BENCHMARKS.md).
//! These impls visit the map once: each key is matched against the properties and its value
//! read straight into the field; any other key goes to the extra-properties map. Output is
//! what the derive wrote: properties in spec order (an absent optional one left out, a null
//! written as null), then the extra properties in the order received.
//!
//! The impls' own names (the visitor `__Visitor`, the type parameters `__S`, `__D`, `__A`)
//! start with underscores: type names from a spec are ASCII letters and digits (lower's
//! `camel`), so they never shadow a model the impls name bare, such as a schema `D`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Mode, Place, doc_comment, ident, ty_at};
use crate::ir::{Additional, Api, Struct, Ty, TypeDef};

/// An invocation of one of the runtime's table macros (`received_object!`, `sent_object!`,
/// `string_enum!`), which define the type and write its impls: printed as text, four spaces
/// a level, one property or value a line, which is the shape rustfmt leaves a macro's braces
/// in.
pub(super) struct Table {
    out: String,
}

impl Table {
    /// Opens the invocation: the type's docs and attributes, then its head
    /// (`pub struct Did "a Did object"`), whose braces the lines go into.
    pub fn new(macro_name: &str, doc: Option<&str>, attrs: &[&str], head: &str) -> Table {
        let mut out = format!("\n::codegen_runtime::{macro_name}! {{\n");
        out.push_str(&doc_comment(doc, "    "));
        for attr in attrs {
            out.push_str("    ");
            out.push_str(attr);
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(head);
        out.push_str(" {\n");
        Table { out }
    }

    /// One property or value: its docs and attributes, then the line itself, without its
    /// closing comma.
    pub fn line(&mut self, doc: Option<&str>, attrs: &[String], line: &str) {
        self.out.push_str(&doc_comment(doc, "        "));
        for attr in attrs {
            self.out.push_str("        ");
            self.out.push_str(attr);
            self.out.push('\n');
        }
        self.out.push_str("        ");
        self.out.push_str(line);
        self.out.push_str(",\n");
    }

    /// Closes the braces; then what follows them (the field of unknown properties, with its
    /// attributes, or an enum's catch-all variant), and the invocation.
    pub fn finish(mut self, tail: &[String]) -> String {
        if self.out.ends_with(" {\n") {
            // No lines: `{}`, as rustfmt would write an empty struct.
            self.out.truncate(self.out.len() - 1);
            self.out.push_str("}\n");
        } else {
            self.out.push_str("    }\n");
        }
        for line in tail {
            self.out.push_str("    ");
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.out.push_str("}\n");
        self.out
    }
}

/// `impl Serialize` and `impl Deserialize` for a received struct without a `Default`.
pub(super) fn received(api: &Api, t: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&t.name);
    let fields: Vec<_> = s.fields.iter().filter(|f| !f.write_only).collect();
    let extra = match &s.additional {
        Additional::Keep(_) => Some(ident(&s.additional_field)),
        Additional::None => None,
    };

    let writes = fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        match (f.required, f.nullable) {
            (false, false) => {
                quote! { wire::optional_entry(&mut map, #wire, &self.#field)?; }
            }
            (false, true) => {
                quote! { wire::nullable_entry(&mut map, #wire, &self.#field)?; }
            }
            _ => quote! { map.serialize_entry(#wire, &self.#field)?; },
        }
    });
    let write_extra = extra.as_ref().map(|extra| {
        quote! {
            for (key, value) in &self.#extra {
                map.serialize_entry(key, value)?;
            }
        }
    });

    let locals: Vec<_> = (0..fields.len()).map(|i| ident(&format!("f{i}"))).collect();
    let starts = fields.iter().zip(&locals).map(|(f, local)| {
        if !f.required && f.nullable {
            quote! { let mut #local = Nullable::Absent; }
        } else {
            quote! { let mut #local = None; }
        }
    });
    let arms = fields.iter().zip(&locals).map(|(f, local)| {
        let wire = &f.wire;
        if f.required && !f.nullable {
            quote! { #wire => #local = Some(map.next_value()?), }
        } else {
            quote! { #wire => #local = map.next_value()?, }
        }
    });
    let other = match &extra {
        Some(_) => quote! {
            let value = map.next_value()?;
            extra.insert(key.into_owned(), value);
        },
        None => quote! {
            map.next_value::<::codegen_runtime::serde::de::IgnoredAny>()?;
        },
    };
    let extra_start = match &s.additional {
        Additional::Keep(Ty::Json) => {
            Some(quote! { let mut extra = serde_json::Map::<String, serde_json::Value>::new(); })
        }
        Additional::Keep(value) => {
            let value = ty_at(api, value, Mode::Model, Place::Models);
            Some(quote! { let mut extra = ::codegen_runtime::IndexMap::<String, #value>::new(); })
        }
        Additional::None => None,
    };
    let builds = fields.iter().zip(&locals).map(|(f, local)| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        if f.required && !f.nullable {
            quote! {
                #field: #local.ok_or_else(|| <__A::Error as ::codegen_runtime::serde::de::Error>::missing_field(#wire))?,
            }
        } else {
            quote! { #field: #local, }
        }
    });
    let build_extra = extra.as_ref().map(|extra| quote! { #extra: extra, });
    let expecting = format!("a {} object", t.name);
    let (key, matcher) = match (fields.is_empty(), extra.is_some()) {
        (true, false) => (quote! { _ }, other),
        (true, true) => (quote! { key }, other),
        (false, _) => (
            quote! { key },
            quote! {
                match key.as_str() {
                    #(#arms)*
                    _ => { #other }
                }
            },
        ),
    };

    quote! {
        impl ::codegen_runtime::serde::Serialize for #name {
            fn serialize<__S: ::codegen_runtime::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                use ::codegen_runtime::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #(#writes)*
                #write_extra
                map.end()
            }
        }

        impl<'de> ::codegen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::codegen_runtime::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> ::codegen_runtime::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<__A: ::codegen_runtime::serde::de::MapAccess<'de>>(self, mut map: __A) -> Result<#name, __A::Error> {
                        #(#starts)*
                        #extra_start
                        while let Some(#key) = map.next_key::<wire::Key<'de>>()? {
                            #matcher
                        }
                        Ok(#name {
                            #(#builds)*
                            #build_extra
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}
