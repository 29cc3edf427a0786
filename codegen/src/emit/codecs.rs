//! `Serialize` and `Deserialize` impls for generated objects.
//!
//! [`table`] is the common form: the runtime's shared codec (`codegen_runtime::codec`) does
//! the visiting and writing, and each type carries only its table of properties, one line
//! each, which the runtime's `received_object!` and `sent_object!` turn into the impls (a
//! `match` of one typed read per property), which type-check in a fraction of the time of a
//! visitor per type (codegen/BENCHMARKS.md). The tables are printed as text: they are
//! already in their final shape, which rustfmt leaves alone. The received form needs the
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

use super::tokens::{Mode, Place, ident, ty_at};
use crate::ir::{Additional, Api, Struct, Ty, TypeDef};

/// How a property is written by the shared codec.
pub(super) struct Written<'f> {
    /// The field.
    pub field: &'f str,
    /// The wire name.
    pub wire: &'f str,
    /// Always written (a required property), rather than left out when absent.
    pub always: bool,
}

/// A string literal as Rust source.
fn literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// The table of a sent form (a patch, an input form) for the runtime's `sent_object!`, which
/// writes its `Serialize`: the properties in order, then the extras.
pub(super) fn sent_table(name: &str, fields: &[Written<'_>], extra: Option<&str>) -> String {
    let mut out = format!("\n::codegen_runtime::sent_object! {{\n    {name}");
    if let Some(extra) = extra {
        out.push(' ');
        out.push_str(extra);
    }
    out.push_str(";\n");
    for f in fields {
        let kind = if f.always { "required" } else { "optional" };
        out.push_str(&format!("    {} {} {kind};\n", f.field, literal(f.wire)));
    }
    out.push_str("}\n");
    out
}

/// The table of a received struct that has a `Default`, for the runtime's
/// `received_object!`, which writes its `Serialize`, `Deserialize` and the codec's `Object`.
pub(super) fn table(t: &TypeDef, s: &Struct) -> String {
    let mut out = format!(
        "\n::codegen_runtime::received_object! {{\n    {} {}",
        t.name,
        literal(&format!("a {} object", t.name))
    );
    if let Additional::Keep(_) = &s.additional {
        out.push(' ');
        out.push_str(&s.additional_field);
    }
    out.push_str(";\n");
    for (i, f) in s.fields.iter().filter(|f| !f.write_only).enumerate() {
        // A required nullable property reads as `None` when absent, as it always has.
        let kind = match (f.required, f.nullable) {
            (true, false) => "required",
            (true, true) => "always",
            (false, _) => "optional",
        };
        out.push_str(&format!(
            "    {i} {} {} {kind};\n",
            f.rust,
            literal(&f.wire)
        ));
    }
    out.push_str("}\n");
    out
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
