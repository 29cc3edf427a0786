//! `examples.rs`: a test per example of the spec, reading it into its type and writing it back.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::tokens::{Mode, ident, ty_tokens};
use crate::ir::{Api, Form, Ty, TypeKind};

pub(super) fn examples(api: &Api) -> Vec<Piece<'_>> {
    vec![super::piece(|| examples_tokens(api))]
}

fn examples_tokens(api: &Api) -> TokenStream {
    let tests = api.examples.iter().map(|e| {
        let name = ident(&e.name);
        let ty = match (&e.ty, e.form) {
            (Ty::Named { id, .. }, Form::Patch) => match &api.ty(*id).kind {
                TypeKind::Struct(s) => {
                    let patch = ident(s.patch.as_deref().unwrap_or(&api.ty(*id).name));
                    quote! { crate::models::#patch }
                }
                _ => ty_tokens(api, &e.ty, Mode::Model),
            },
            (ty, Form::Input) => ty_tokens(api, ty, Mode::Input),
            (ty, _) => ty_tokens(api, ty, Mode::Model),
        };
        let json = &e.json;
        let doc = if e.added.is_empty() {
            format!(" The example at `{}`.", e.pointer)
        } else {
            format!(
                " The example at `{}`, with {} added: a request need not send what is read-only, which the type requires of received objects.",
                e.pointer,
                e.added.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
            )
        };
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                round_trip::<#ty>(#json);
            }
        }
    });
    quote! {
        //! The spec's examples, each read into its generated type and written back: what comes
        //! out must equal what went in.

        fn round_trip<T: ::codegen_runtime::serde::de::DeserializeOwned + ::codegen_runtime::serde::Serialize>(json: &str) {
            let expected: ::codegen_runtime::serde_json::Value = ::codegen_runtime::serde_json::from_str(json).expect("the example is JSON");
            let typed: T = ::codegen_runtime::serde_json::from_str(json).expect("the example reads into its type");
            let written = ::codegen_runtime::serde_json::to_value(&typed).expect("the value writes back");
            assert!(same(&written, &expected), "written back:\n{written}\nexample:\n{expected}");
        }

        /// JSON equality, numbers compared by value: a `number` is an `f64`, which writes an
        /// integral value such as `10` back as `10.0`, the same number.
        fn same(a: &::codegen_runtime::serde_json::Value, b: &::codegen_runtime::serde_json::Value) -> bool {
            use ::codegen_runtime::serde_json::Value;
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
                (Value::Array(x), Value::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                }
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
                }
                _ => a == b,
            }
        }

        #(#tests)*
    }
}
