//! `examples.rs`: a test per example of the spec, reading it into its type and writing it back.

use proc_macro2::TokenStream;
use quote::quote;

use super::Piece;
use super::tokens::{Mode, ident, ty_tokens};
use crate::ir::{Api, Form, Ty, TypeKind};

pub(super) fn examples(api: &Api) -> Vec<Piece<'_>> {
    vec![Box::new(|| examples_tokens(api))]
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
        let doc = format!(" The example at `{}`.", e.pointer);
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

        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            let expected: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let typed: T = ::serde_json::from_str(json).expect("the example reads into its type");
            let written = ::serde_json::to_value(&typed).expect("the value writes back");
            assert_eq!(written, expected);
        }

        #(#tests)*
    }
}
