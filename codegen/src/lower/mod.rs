//! The only stage that knows OpenAPI: checks the supported subset, resolves `$ref`s, names
//! everything for Rust, and collects every problem (with its JSON pointer) instead of stopping
//! at the first.

mod names;
mod operations;
mod post;
mod schema;

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, escape_segment};
use crate::ir::{Api, Example, Operation, TypeDef};
use crate::load::{Document, describe};

pub use names::package_from_title;

/// Choices that do not come from the spec.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The Cargo package name; derived from `info.title` when `None`.
    pub package: Option<String>,
}

/// Lowers a loaded spec into the IR, or reports every problem found.
pub fn lower(doc: &Document, options: &Options) -> Result<Api, Diagnostics> {
    let mut cx = Lowerer {
        doc,
        diags: Vec::new(),
        types: Vec::new(),
        type_names: HashMap::new(),
        components: HashMap::new(),
        schemes: HashMap::new(),
        operations: Vec::new(),
        op_names: HashMap::new(),
        examples: Vec::new(),
        longest_cycle: 0,
    };
    let header = cx.document();
    if let Some(header) = &header {
        if cx.diags.is_empty() {
            cx.finish();
        }
        if cx.diags.is_empty() {
            return Ok(Api {
                package: options
                    .package
                    .clone()
                    .unwrap_or_else(|| package_from_title(&header.title)),
                title: header.title.clone(),
                version: header.version.clone(),
                description: header.description.clone(),
                server_url: header.server_url.clone(),
                types: cx.types,
                operations: cx.operations,
                examples: cx.examples,
                longest_cycle: cx.longest_cycle,
            });
        }
    }
    let mut items = cx.diags;
    // Report in document order so a maintainer can walk the file top to bottom.
    items.sort_by_key(|d| d.position.unwrap_or((usize::MAX, 0)));
    items.dedup();
    Err(Diagnostics {
        file: doc.file.clone(),
        items,
    })
}

/// What a component schema name resolves to.
#[derive(Clone, Debug)]
struct Component {
    rust: String,
    nullable: bool,
    read_only: bool,
}

struct Header {
    title: String,
    version: String,
    description: Option<String>,
    server_url: Option<String>,
}

pub(crate) struct Lowerer<'a> {
    doc: &'a Document,
    diags: Vec<Diagnostic>,
    types: Vec<TypeDef>,
    /// Rust type name to the pointer of the node that claimed it.
    type_names: HashMap<String, String>,
    components: HashMap<String, Component>,
    /// Security scheme names declared in components.
    schemes: HashMap<String, ()>,
    operations: Vec<Operation>,
    /// Rust operation name to the pointer of the operation that claimed it.
    op_names: HashMap<String, String>,
    examples: Vec<Example>,
    /// See [`Api::longest_cycle`].
    longest_cycle: usize,
}

/// `ptr/segment`, escaping the segment.
fn child(ptr: &str, segment: &str) -> String {
    format!("{ptr}/{}", escape_segment(segment))
}

/// A mapping key as text (YAML allows numbers and booleans as keys, as in `200:`).
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn get<'v>(map: &'v Mapping, key: &str) -> Option<&'v Value> {
    map.get(key)
}

impl Lowerer<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let position = self.doc.position(pointer);
        self.diags.push(Diagnostic {
            pointer: pointer.to_owned(),
            position,
            message: message.into(),
        });
    }

    /// The entries of a mapping with text keys; reports other keys.
    fn entries<'v>(&mut self, map: &'v Mapping, ptr: &str) -> Vec<(String, &'v Value)> {
        let mut out = Vec::with_capacity(map.len());
        for (k, v) in map {
            match key_text(k) {
                Some(k) => out.push((k, v)),
                None => self.error(
                    ptr,
                    format!("a key here is {}; keys must be plain text", describe(k)),
                ),
            }
        }
        out
    }

    /// The value as a mapping, reporting anything else.
    fn mapping<'v>(&mut self, value: &'v Value, ptr: &str, what: &str) -> Option<&'v Mapping> {
        match value {
            Value::Mapping(m) => Some(m),
            other => {
                self.error(
                    ptr,
                    format!("{what} must be a mapping, but this is {}", describe(other)),
                );
                None
            }
        }
    }

    /// An optional text member; reports a member of another kind.
    fn text(&mut self, map: &Mapping, ptr: &str, key: &str) -> Option<String> {
        match get(map, key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.error(
                    &child(ptr, key),
                    format!("`{key}` must be a string, but this is {}", describe(other)),
                );
                None
            }
        }
    }

    /// An optional boolean member; reports a member of another kind.
    fn flag(&mut self, map: &Mapping, ptr: &str, key: &str) -> bool {
        match get(map, key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &child(ptr, key),
                    format!(
                        "`{key}` must be true or false, but this is {}",
                        describe(other)
                    ),
                );
                false
            }
        }
    }

    /// Claims a Rust type name for the node at `ptr`; reports a clash.
    fn claim_type(&mut self, rust: &str, ptr: &str) -> bool {
        if let Some(first) = self.type_names.get(rust) {
            let first = first.clone();
            self.error(
                ptr,
                format!(
                    "this becomes the Rust type `{rust}`, which {first} already is; rename one of them so that their names differ in letters or digits"
                ),
            );
            return false;
        }
        self.type_names.insert(rust.to_owned(), ptr.to_owned());
        true
    }

    fn document(&mut self) -> Option<Header> {
        let Some(root) = self.doc.root.as_mapping() else {
            self.error("#", "the document must be a mapping");
            return None;
        };
        if !self.version(root) {
            return None;
        }
        let info = match get(root, "info") {
            Some(v) => self.mapping(v, "#/info", "`info`"),
            None => {
                self.error(
                    "#",
                    "`info` is missing; it must give at least `title` and `version`",
                );
                None
            }
        };
        let (title, version, description) = match info {
            Some(info) => {
                let title = self.text(info, "#/info", "title");
                if title.is_none() && get(info, "title").is_none() {
                    self.error(
                        "#/info",
                        "`info.title` is missing; it names the API and the generated crate",
                    );
                }
                let version = match get(info, "version") {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    Some(other) => {
                        let what = describe(other);
                        self.error(
                            "#/info/version",
                            format!("`info.version` must be a string, but this is {what}"),
                        );
                        None
                    }
                    None => {
                        self.error(
                            "#/info",
                            "`info.version` is missing; write the API's version, such as \"2.0\"",
                        );
                        None
                    }
                };
                let description = self.text(info, "#/info", "description");
                (title, version, description)
            }
            None => (None, None, None),
        };
        let server_url = self.server(root);
        if let Some(components) = get(root, "components") {
            if let Some(components) = self.mapping(components, "#/components", "`components`") {
                self.components(components);
            }
        }
        if let Some(security) = get(root, "security") {
            // Checked here for unknown schemes; operations without their own use it.
            self.security(security, "#/security");
        }
        match get(root, "paths") {
            Some(paths) => {
                if let Some(paths) = self.mapping(paths, "#/paths", "`paths`") {
                    self.paths(paths, get(root, "security"));
                }
            }
            None => self.error("#", "`paths` is missing; an OpenAPI 3.0 document must have it (it may be empty: `paths: {}`)"),
        }
        Some(Header {
            title: title?,
            version: version?,
            description,
            server_url,
        })
    }

    /// Checks `openapi`; false when the document is not OpenAPI 3.0 and nothing else is worth
    /// checking.
    fn version(&mut self, root: &Mapping) -> bool {
        match get(root, "openapi") {
            Some(Value::String(v)) if v.starts_with("3.0.") => true,
            Some(Value::String(v)) if v.starts_with("3.1") => {
                self.error("#/openapi", format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x (3.0.0 to 3.0.4)"));
                false
            }
            Some(Value::String(v)) => {
                self.error("#/openapi", format!("`openapi: {v}` is not a version this generator reads; expected 3.0.x, such as \"3.0.3\""));
                false
            }
            Some(other) => {
                let what = describe(other);
                self.error("#/openapi", format!("`openapi` must be a string such as \"3.0.3\", but this is {what} (quote the version)"));
                false
            }
            None if get(root, "swagger").is_some() => {
                self.error("#/swagger", "Swagger 2.0 documents are not supported; convert it to OpenAPI 3.0 (for example with swagger2openapi) and generate from that");
                false
            }
            None => {
                self.error("#", "`openapi` is missing; this does not look like an OpenAPI document (expected `openapi: 3.0.3` at the top)");
                false
            }
        }
    }

    fn server(&mut self, root: &Mapping) -> Option<String> {
        let servers = get(root, "servers")?;
        let Value::Sequence(list) = servers else {
            let what = describe(servers);
            self.error(
                "#/servers",
                format!("`servers` must be a list, but this is {what}"),
            );
            return None;
        };
        let first = list.first()?;
        let first = self.mapping(first, "#/servers/0", "a server")?;
        match self.text(first, "#/servers/0", "url") {
            Some(url) if url.contains('{') => {
                self.error(
                    "#/servers/0/url",
                    "server variables are not supported; write the URL out in full",
                );
                None
            }
            Some(url) => Some(url),
            None => {
                if get(first, "url").is_none() {
                    self.error("#/servers/0", "the server has no `url`");
                }
                None
            }
        }
    }

    fn components(&mut self, components: &Mapping) {
        if let Some(schemes) = get(components, "securitySchemes") {
            let ptr = "#/components/securitySchemes";
            if let Some(schemes) = self.mapping(schemes, ptr, "`securitySchemes`") {
                for (name, scheme) in self.entries(schemes, ptr) {
                    self.security_scheme(&name, scheme, &child(ptr, &name));
                }
            }
        }
        for (key, what) in [
            ("parameters", "parameters"),
            ("requestBodies", "request bodies"),
            ("responses", "responses"),
            ("headers", "headers"),
            ("callbacks", "callbacks"),
            ("links", "links"),
        ] {
            if get(components, key).is_some() {
                self.error(
                    &child("#/components", key),
                    format!("shared {what} (`components.{key}`) are not supported; write them inline where they are used, or move their schemas to `components.schemas`"),
                );
            }
        }
        if let Some(schemas) = get(components, "schemas") {
            let ptr = "#/components/schemas";
            if let Some(schemas) = self.mapping(schemas, ptr, "`schemas`") {
                let entries = self.entries(schemas, ptr);
                // Names first, so references resolve whatever the order of definition.
                for (name, schema) in &entries {
                    self.declare_component(name, schema, &child(ptr, name));
                }
                for (name, schema) in entries {
                    self.component(&name, schema, &child(ptr, &name));
                }
            }
        }
    }

    fn security_scheme(&mut self, name: &str, scheme: &Value, ptr: &str) {
        self.schemes.insert(name.to_owned(), ());
        let Some(scheme) = self.mapping(scheme, ptr, "a security scheme") else {
            return;
        };
        if get(scheme, "$ref").is_some() {
            self.error(
                ptr,
                "a `$ref` security scheme is not supported; write it inline",
            );
            return;
        }
        let kind = self.text(scheme, ptr, "type");
        match kind.as_deref() {
            Some("oauth2") => {}
            Some("http") => {
                let http = self.text(scheme, ptr, "scheme");
                if !http.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("bearer")) {
                    self.error(
                        &child(ptr, "scheme"),
                        format!(
                            "http scheme `{}` is not supported; the generated client sends bearer tokens (`scheme: bearer`)",
                            http.unwrap_or_default()
                        ),
                    );
                }
            }
            Some(other) => self.error(
                &child(ptr, "type"),
                format!("security scheme type `{other}` is not supported; expected `http` (bearer) or `oauth2`"),
            ),
            None => {
                if get(scheme, "type").is_none() {
                    self.error(ptr, "the security scheme has no `type`; expected `http` (bearer) or `oauth2`");
                }
            }
        }
    }

    /// Reads a security requirement list: alternatives, each with the scopes it needs.
    fn security(&mut self, value: &Value, ptr: &str) -> Vec<Vec<String>> {
        let Value::Sequence(list) = value else {
            let what = describe(value);
            self.error(
                ptr,
                format!("`security` must be a list of requirements, but this is {what}"),
            );
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            let rptr = child(ptr, &i.to_string());
            let Some(requirement) = self.mapping(requirement, &rptr, "a security requirement")
            else {
                continue;
            };
            let mut scopes = Vec::new();
            for (scheme, list) in self.entries(requirement, &rptr) {
                let sptr = child(&rptr, &scheme);
                if !self.schemes.contains_key(&scheme) {
                    self.error(&sptr, format!("security scheme `{scheme}` is not declared in `components.securitySchemes`"));
                }
                match list {
                    Value::Sequence(items) => {
                        for (j, item) in items.iter().enumerate() {
                            match item {
                                Value::String(s) => scopes.push(s.clone()),
                                other => {
                                    let what = describe(other);
                                    self.error(
                                        &child(&sptr, &j.to_string()),
                                        format!("a scope must be a string, but this is {what}"),
                                    );
                                }
                            }
                        }
                    }
                    other => {
                        let what = describe(other);
                        self.error(&sptr, format!("the scopes of `{scheme}` must be a list (`[]` for none), but this is {what}"));
                    }
                }
            }
            alternatives.push(scopes);
        }
        alternatives
    }

    fn finish(&mut self) {
        self.box_cycles();
        self.measure_cycles();
        self.mark_patch_inputs();
        self.check_derived_names();
    }
}
