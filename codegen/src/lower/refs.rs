//! `$ref`s to shared components other than schemas (parameters, request bodies, responses):
//! followed through chains to the node they name, which is then lowered where it is used.

use std::collections::HashSet;

use serde_yaml::Value;

use super::{Lowerer, get};
use crate::load::describe;

/// The kinds of component a non-schema `$ref` may name: the key under `components` and the
/// word for one of them in messages.
#[derive(Clone, Copy)]
pub(super) enum Shared {
    Parameter,
    RequestBody,
    Response,
}

impl Shared {
    fn key(self) -> &'static str {
        match self {
            Shared::Parameter => "parameters",
            Shared::RequestBody => "requestBodies",
            Shared::Response => "responses",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Shared::Parameter => "parameter",
            Shared::RequestBody => "request body",
            Shared::Response => "response",
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The node a value stands for: itself, or what its `$ref` chain ends at, with that node's
    /// pointer. Reports a reference that is not a local one of the right kind, does not
    /// resolve, or comes back to itself.
    pub(super) fn resolve(
        &mut self,
        value: &'a Value,
        ptr: &str,
        kind: Shared,
    ) -> Option<(&'a Value, String)> {
        let mut node = value;
        let mut at = ptr.to_owned();
        let mut seen: HashSet<String> = HashSet::new();
        loop {
            let Some(reference) = node.as_mapping().and_then(|m| get(m, "$ref")) else {
                return Some((node, at));
            };
            let rptr = super::child(&at, "$ref");
            let Value::String(target) = reference else {
                let what = describe(reference);
                self.error(&rptr, format!("`$ref` must be a string such as \"#/components/{}/Name\", but this is {what}", kind.key()));
                return None;
            };
            let prefix = format!("#/components/{}/", kind.key());
            let Some(name) = target.strip_prefix(&prefix) else {
                let message = if target.starts_with('#') {
                    format!(
                        "a {} `$ref` must point into `{prefix}`; `{target}` does not",
                        kind.what()
                    )
                } else {
                    format!(
                        "external reference `{target}` is not supported; copy the {} into `components.{}` and refer to it as `{prefix}<Name>`",
                        kind.what(),
                        kind.key()
                    )
                };
                self.error(&rptr, message);
                return None;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            if !seen.insert(name.clone()) {
                self.error(&rptr, format!("`{target}` leads back to itself through `$ref`s; a {} must end at a definition", kind.what()));
                return None;
            }
            let shared = self
                .doc
                .root
                .as_mapping()
                .and_then(|r| get(r, "components"))
                .and_then(Value::as_mapping)
                .and_then(|c| get(c, kind.key()))
                .and_then(Value::as_mapping);
            let Some(found) = shared.and_then(|m| get(m, &name)) else {
                let known: Vec<String> = shared
                    .map(|m| m.keys().filter_map(super::key_text).collect())
                    .unwrap_or_default();
                let known: Vec<&String> = known.iter().collect();
                let hint = super::schema::nearest(&name, &known)
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                self.error(&rptr, format!("`{target}` does not resolve: there is no {} `{name}` in `components.{}`{hint}", kind.what(), kind.key()));
                return None;
            };
            node = found;
            at = super::child(&format!("#/components/{}", kind.key()), &name);
        }
    }
}
