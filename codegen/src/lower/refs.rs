//! `$ref`s to objects other than schemas (parameters, request bodies, responses, path items,
//! operations, security schemes), in this file or another: followed through chains to the
//! node they name, which is then lowered where it is used.

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
    PathItem,
    Operation,
    SecurityScheme,
}

impl Shared {
    fn key(self) -> &'static str {
        match self {
            Shared::Parameter => "parameters",
            Shared::RequestBody => "requestBodies",
            Shared::Response => "responses",
            Shared::PathItem => "pathItems",
            Shared::Operation => "operations",
            Shared::SecurityScheme => "securitySchemes",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Shared::Parameter => "parameter",
            Shared::RequestBody => "request body",
            Shared::Response => "response",
            Shared::PathItem => "path item",
            Shared::Operation => "operation",
            Shared::SecurityScheme => "security scheme",
        }
    }
}

/// The keys under `components` and the kind of object each holds, for messages about a
/// reference to the wrong kind.
const COMPONENT_KINDS: &[(&str, &str)] = &[
    ("schemas", "schema"),
    ("parameters", "parameter"),
    ("requestBodies", "request body"),
    ("responses", "response"),
    ("headers", "header"),
    ("examples", "example"),
    ("securitySchemes", "security scheme"),
    ("links", "link"),
    ("callbacks", "callback"),
    ("pathItems", "path item"),
];

/// For a pointer `…#/components/<kind>/<name>`, the kind key and the name.
pub(super) fn component_name(pointer: &str) -> Option<(&str, String)> {
    let (_, fragment) = crate::files::split(pointer);
    let rest = fragment.strip_prefix("/components/")?;
    let (kind, name) = rest.split_once('/')?;
    (!name.contains('/')).then(|| (kind, name.replace("~1", "/").replace("~0", "~")))
}

impl<'a> Lowerer<'a> {
    /// The node a value stands for: itself, or what its `$ref` chain ends at, with that node's
    /// pointer. A reference may name any node, in this file or another, that is of the right
    /// kind. Reports a reference that does not resolve, names another kind of component, or
    /// comes back to itself.
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
            let absolute = self.follow(target, &rptr)?;
            if !seen.insert(absolute.clone()) {
                self.error(&rptr, format!("`{target}` leads back to itself through `$ref`s; a {} must end at a definition", kind.what()));
                return None;
            }
            if let Some((other, _)) = component_name(&absolute) {
                if other != kind.key() {
                    if let Some((_, word)) = COMPONENT_KINDS.iter().find(|(k, _)| *k == other) {
                        let message = format!(
                            "`{target}` names a {word}, but a {} is expected here; a {} `$ref` points into `#/components/{}/`",
                            kind.what(),
                            kind.what(),
                            kind.key()
                        );
                        // A request body and a response are both `description` and `content`:
                        // one named for the other is read as what it is used for.
                        let alike = matches!(
                            (other, kind),
                            ("requestBodies", Shared::Response)
                                | ("responses", Shared::RequestBody)
                        );
                        if !alike {
                            self.error(&rptr, message);
                            return None;
                        }
                        self.warn(
                            &rptr,
                            format!(
                                "{message}; it is read as one, since the two have the same shape"
                            ),
                        );
                    }
                }
            }
            let set = self.set;
            let Some(found) = set.node(&absolute) else {
                self.unresolved(target, &absolute, &rptr, kind.key(), kind.what());
                return None;
            };
            node = found;
            at = absolute;
        }
    }

    /// Reports a reference whose pointer names no node, suggesting the closest component
    /// name when it points into `components`.
    pub(super) fn unresolved(
        &mut self,
        target: &str,
        absolute: &str,
        rptr: &str,
        key: &str,
        what: &str,
    ) {
        let message = match component_name(absolute) {
            Some((kind, name)) if kind == key => {
                let (file, _) = crate::files::split(absolute);
                let container = format!("{file}#/components/{key}");
                let set = self.set;
                let known: Vec<String> = set
                    .node(&container)
                    .and_then(Value::as_mapping)
                    .map(|m| m.keys().filter_map(super::key_text).collect())
                    .unwrap_or_default();
                let mut known: Vec<&String> = known.iter().collect();
                known.sort();
                let hint = super::schema::nearest(&name, &known)
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                format!(
                    "`{target}` does not resolve: there is no {what} `{name}` in `components.{key}`{hint}"
                )
            }
            _ => format!("`{target}` does not resolve: no node is at that pointer"),
        };
        self.error(rptr, message);
    }
}

/// The name of a schema reached by a `$ref` to a node that is not a component of the entry
/// spec: the last segment under `components/schemas`, `$defs` or `definitions`; the file's
/// stem for a whole file; otherwise the words of the pointer without the keywords of
/// OpenAPI's structure (`#/components/parameters/limit/schema` gives `limit`).
pub(super) fn external_name(pointer: &str) -> String {
    let (file, fragment) = crate::files::split(pointer);
    let segments: Vec<String> = fragment
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    if let [.., container, name] = segments.as_slice() {
        if matches!(container.as_str(), "schemas" | "$defs" | "definitions") {
            return name.clone();
        }
    }
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "parameters",
        "requestBodies",
        "responses",
        "headers",
        "content",
        "schema",
        "properties",
        "items",
        "paths",
        "$defs",
        "definitions",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "pathItems",
        "webhooks",
    ];
    let words: Vec<&str> = segments
        .iter()
        .map(String::as_str)
        .filter(|s| !STRUCTURE.contains(s))
        .collect();
    if words.is_empty() {
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return if stem.is_empty() {
            "Schema".to_owned()
        } else {
            stem
        };
    }
    words.join(" ")
}
