//! The only stage that knows OpenAPI: checks the supported subset, resolves `$ref`s, names
//! everything for Rust, and collects every problem (with its JSON pointer) instead of stopping
//! at the first.
//!
//! One module per part of a document: `refs` (component references of every kind),
//! `servers` (servers and security), `schema` (schemas to types), `compose` (`allOf`,
//! `oneOf`, `anyOf`), `operations` (paths, operations, parameters), `content` (request bodies
//! and responses), `post` (whole-API passes: cycles, patch and input forms, final order), and
//! `names` (how a spec name becomes a Rust name).

mod compose;
mod content;
mod failures;
mod keywords;
mod names;
mod operations;
mod pagination;
mod post;
mod refs;
mod schema;
mod servers;

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, escape_segment};
use crate::files::{Failure, SpecSet};
use crate::ir::{Api, Example, Operation, Scheme, Server, TypeDef, TypeId};
use crate::load::describe;

pub use names::package_from_title;

/// Choices that do not come from the spec.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Cargo package name; derived from `info.title` when `None`.
    pub package: Option<String>,
    /// The folder no `$ref` may leave; the entry spec's folder when `None`.
    pub root: Option<std::path::PathBuf>,
    /// The crate version; from `info.version` when `None` (see [`crate_version`]).
    pub package_version: Option<String>,
    /// Whether the generated manifest allows `cargo publish` (it then depends on the
    /// runtime by version as well as by path).
    pub publish: bool,
    /// Where the generated crate finds the runtime crate.
    pub runtime: crate::ir::Runtime,
    /// Whether the Rust files are put in the shape `rustfmt` gives them (see
    /// [`crate::format::rustfmt`]); on by default. Off, they are as prettyplease prints them,
    /// which `cargo fmt` would change: quicker, for output nobody reads.
    pub rustfmt: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            package: None,
            root: None,
            package_version: None,
            publish: false,
            runtime: crate::ir::Runtime::default(),
            rustfmt: true,
        }
    }
}

#[cfg(test)]
mod version_tests {
    use super::crate_version;

    #[test]
    fn info_versions_become_crate_versions() {
        for (info, crate_version_) in [
            ("2.0", "2.0.0"),
            ("1", "1.0.0"),
            ("v3.1", "3.1.0"),
            ("1.2.3", "1.2.3"),
            ("1.2.3-beta.1", "1.2.3-beta.1"),
            ("1.0.0+build-7", "1.0.0+build-7"),
        ] {
            assert_eq!(
                crate_version(info),
                (crate_version_.to_owned(), None),
                "{info}"
            );
        }
        for info in [
            "2026-01",
            "2024-06-20",
            "latest",
            "1.2.3.4",
            "01.2",
            "1.0.0-01",
            "",
        ] {
            let (version, note) = crate_version(info);
            assert_eq!(version, "0.1.0", "{info}");
            assert!(
                note.is_some_and(|n| n.contains("--package-version")),
                "{info}"
            );
        }
    }
}

/// The crate version for `info.version`: a semver version as written; one or two numbers
/// (`2`, `2.0`, `v2.1`) padded to three; anything else (a date, a word) gives `0.1.0`, with
/// the reason.
pub fn crate_version(info_version: &str) -> (String, Option<String>) {
    let text = info_version.trim();
    let bare = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let (core, rest) = match bare.find(['-', '+']) {
        Some(i) => (&bare[..i], &bare[i..]),
        None => (bare, ""),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let numeric = |n: &&str| {
        !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && (n.len() == 1 || !n.starts_with('0'))
            && n.len() <= 9
    };
    // A suffix only after three numbers (`2026-01` is a date, not 2026 with a pre-release);
    // numeric identifiers without leading zeros, as semver asks.
    let suffix_ok = rest.is_empty()
        || (numbers.len() == 3
            && rest.len() > 1
            && rest[1..].split(['.', '+']).all(|p| {
                !p.is_empty()
                    && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !(p.len() > 1 && p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit()))
            }));
    if (1..=3).contains(&numbers.len()) && numbers.iter().all(numeric) && suffix_ok {
        let mut parts: Vec<&str> = numbers.clone();
        parts.resize(3, "0");
        return (format!("{}{rest}", parts.join(".")), None);
    }
    (
        "0.1.0".to_owned(),
        Some(format!(
            "info.version {info_version:?} is not a semver version; set the crate's with --package-version"
        )),
    )
}

/// Lowers a loaded spec into the IR, or reports every problem found.
/// On success, the IR and the warnings (slips the generator read past).
pub fn lower(set: &SpecSet, options: &Options) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut cx = Lowerer {
        set,
        reported_files: Vec::new(),
        v31: false,
        warnings: Vec::new(),
        once: std::collections::HashSet::new(),
        broken: std::collections::HashSet::new(),
        diags: Vec::new(),
        types: Vec::new(),
        origins: Vec::new(),
        current: None,
        type_names: HashMap::new(),
        components: Vec::new(),
        component_index: HashMap::new(),
        schemes: Vec::new(),
        scheme_index: HashMap::new(),
        security: Vec::new(),
        servers: Vec::new(),
        operations: Vec::new(),
        op_names: HashMap::new(),
        op_ids: HashMap::new(),
        examples: Vec::new(),
        request_examples: Vec::new(),
        longest_cycle: 0,
    };
    let header = cx.document();
    if let Some(header) = &header {
        if cx.diags.is_empty() {
            cx.finish();
        }
        if cx.diags.is_empty() {
            let mut warnings = std::mem::take(&mut cx.warnings);
            sort(set, &mut warnings);
            let warnings = Diagnostics {
                file: set.entry().file.clone(),
                items: warnings,
            };
            return Ok((
                Api {
                    package: options
                        .package
                        .clone()
                        .unwrap_or_else(|| package_from_title(&header.title)),
                    packaging: {
                        let (version, version_note) = match &options.package_version {
                            Some(version) => (version.clone(), None),
                            None => crate_version(&header.version),
                        };
                        crate::ir::Packaging {
                            version,
                            version_note,
                            publish: options.publish,
                            runtime: options.runtime.clone(),
                        }
                    },
                    title: header.title.clone(),
                    version: header.version.clone(),
                    description: header.description.clone(),
                    default_base_url: servers::default_base_url(&cx.servers),
                    servers: cx.servers,
                    schemes: cx.schemes,
                    security: cx.security,
                    types: cx.types,
                    operations: cx.operations,
                    examples: cx.examples,
                    longest_cycle: cx.longest_cycle,
                },
                warnings,
            ));
        }
    }
    // The warnings too: a maintainer mending the errors sees the slips beside them.
    let mut items = cx.diags;
    items.append(&mut cx.warnings);
    sort(set, &mut items);
    Err(Diagnostics {
        file: set.entry().file.clone(),
        items,
    })
}

/// Puts problems in document order (entry spec first, then the files in the order they were
/// reached), so a maintainer can walk each file top to bottom; drops repeats.
fn sort(set: &SpecSet, items: &mut Vec<Diagnostic>) {
    items.sort_by_key(|d| {
        let rank = d.file.as_deref().map_or(0, |f| set.rank(f));
        (rank, d.position.unwrap_or((usize::MAX, 0)))
    });
    items.dedup();
}

/// How far a component schema has been lowered: components are lowered on demand, so that
/// `allOf` can merge a member that is written further down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Declared,
    Lowering,
    Done,
}

/// A problem already reported as a located diagnostic: what returns it has nothing more to
/// say, and its node is left out. (`Result<Option<T>, Reported>` reads where an
/// `Option<Option<T>>` would give its two `None`s opposite meanings.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reported;

/// A component schema: its type and what a reference to it carries.
#[derive(Clone, Debug)]
struct Component<'a> {
    /// The name in `components.schemas`.
    name: String,
    id: TypeId,
    schema: &'a Value,
    pointer: String,
    nullable: bool,
    read_only: bool,
    state: State,
}

struct Header {
    title: String,
    version: String,
    description: Option<String>,
}

pub(crate) struct Lowerer<'a> {
    set: &'a SpecSet,
    /// Files whose failure to load was reported: each is reported once, at its first
    /// reference.
    reported_files: Vec<String>,
    /// The document is OpenAPI 3.1 (JSON Schema 2020-12 schemas).
    v31: bool,
    /// Slips read past, in the order found.
    warnings: Vec<Diagnostic>,
    /// Warnings said once for the whole spec, by what they concern.
    once: std::collections::HashSet<String>,
    /// Component types whose lowering reported a problem: checks that look at what such a
    /// type is keep quiet, so that one mistake gives one message.
    broken: std::collections::HashSet<TypeId>,
    diags: Vec<Diagnostic>,
    /// Every type so far, by [`TypeId`] in order of creation; `post` puts them in emission
    /// order at the end.
    types: Vec<TypeDef>,
    /// For each type, the component whose lowering created it (itself for a component), or
    /// `None` for a type lifted out of an operation.
    origins: Vec<Option<usize>>,
    /// The component being lowered, as an index into `components`.
    current: Option<usize>,
    /// Rust type name to the pointer of the node that claimed it.
    type_names: HashMap<String, String>,
    components: Vec<Component<'a>>,
    component_index: HashMap<String, usize>,
    schemes: Vec<Scheme>,
    scheme_index: HashMap<String, usize>,
    security: Vec<Vec<usize>>,
    servers: Vec<Server>,
    operations: Vec<Operation>,
    /// Rust operation name to the pointer of the operation that claimed it.
    op_names: HashMap<String, String>,
    /// operationId to the pointer of the operation that declared it.
    op_ids: HashMap<String, String>,
    examples: Vec<Example>,
    /// Examples of request bodies, with the index their operation will have: their form is
    /// known once every operation is lowered.
    request_examples: Vec<(usize, usize)>,
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

impl<'a> Lowerer<'a> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.diagnostic(Severity::Error, pointer, message.into());
        self.diags.push(diagnostic);
    }

    /// Reports a slip the generator reads past: generation goes on.
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.diagnostic(Severity::Warning, pointer, message.into());
        self.warnings.push(diagnostic);
    }

    /// A problem at the node `pointer` names, located in the file that holds it.
    fn diagnostic(&self, severity: Severity, pointer: &str, message: String) -> Diagnostic {
        let (file, position, inner) = self.set.locate(pointer);
        let entry = self.set.entry().file == file;
        Diagnostic {
            severity,
            file: (!entry).then_some(file),
            pointer: inner,
            position,
            message,
        }
    }

    /// The absolute pointer of the node a `$ref` at `ptr` names, reporting a reference that
    /// cannot be followed (a file that is missing, unreadable, invalid or out of bounds; a
    /// URL; an anchor). A file's own problems are reported once.
    fn follow(&mut self, target: &str, ptr: &str) -> Option<String> {
        match self.set.target(ptr, target) {
            Ok(absolute) => Some(absolute),
            Err(Failure::Refused(message)) => {
                let file = target.split('#').next().unwrap_or_default().to_owned();
                if !self.reported_files.contains(&file) || file.is_empty() {
                    self.reported_files.push(file);
                    self.error(ptr, message);
                }
                None
            }
            Err(Failure::Invalid(diagnostics)) => {
                let file = diagnostics.file.clone();
                if !self.reported_files.contains(&file) {
                    self.reported_files.push(file.clone());
                    for mut item in diagnostics.items {
                        item.file = Some(file.clone());
                        self.diags.push(item);
                    }
                }
                None
            }
        }
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

    /// Claims a Rust type name for the node at `ptr`. A name already taken gets the first
    /// free number after it (`Pet`, `Pet2`, ...), so the name depends only on the order of
    /// the spec.
    fn claim_type(&mut self, rust: &str, ptr: &str) -> String {
        let mut name = rust.to_owned();
        let mut n = 1;
        while self.type_names.contains_key(&name) {
            n += 1;
            name = format!("{}{n}", names::bare(rust));
        }
        self.type_names.insert(name.clone(), ptr.to_owned());
        name
    }

    /// Adds a type; its id is its place in creation order.
    fn push_type(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(def);
        self.origins.push(self.current);
        id
    }

    fn document(&mut self) -> Option<Header> {
        let Some(root) = self.set.entry().root.as_mapping() else {
            self.error("#", "the document must be a mapping");
            return None;
        };
        if !self.version(root) {
            return None;
        }
        self.keywords(root, "#", keywords::Object::Document);
        if let Some(Value::Sequence(tags)) = get(root, "tags") {
            for (i, tag) in tags.iter().enumerate() {
                if let Value::Mapping(m) = tag {
                    self.keywords(m, &child("#/tags", &i.to_string()), keywords::Object::Tag);
                }
            }
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
                self.keywords(info, "#/info", keywords::Object::Info);
                for (key, object) in [
                    ("license", keywords::Object::License),
                    ("contact", keywords::Object::Contact),
                ] {
                    if let Some(Value::Mapping(m)) = get(info, key) {
                        self.keywords(m, &child("#/info", key), object);
                    }
                }
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
        self.servers = self.servers_of(root);
        if let Some(components) = get(root, "components") {
            if let Some(components) = self.mapping(components, "#/components", "`components`") {
                self.components(components);
            }
        }
        if let Some(security) = get(root, "security") {
            // Checked here for unknown schemes; operations without their own use it.
            self.security = self
                .security(security, "#/security")
                .into_iter()
                .map(|r| r.schemes)
                .collect();
        }
        match get(root, "paths") {
            Some(paths) => {
                if let Some(paths) = self.mapping(paths, "#/paths", "`paths`") {
                    self.paths(paths, get(root, "security"));
                }
            }
            // OpenAPI 3.1 allows a document of only components or webhooks.
            None if self.v31 => {}
            None => self.error("#", "`paths` is missing; an OpenAPI 3.0 document must have it (it may be empty: `paths: {}`)"),
        }
        // Schemas first reached through a `$ref` of an operation.
        self.lower_components();
        Some(Header {
            title: title?,
            version: version?,
            description,
        })
    }

    /// Checks `openapi`; false when the document is not OpenAPI 3.0 and nothing else is worth
    /// checking.
    fn version(&mut self, root: &Mapping) -> bool {
        match get(root, "openapi") {
            Some(Value::String(v)) if v.starts_with("3.0.") => true,
            Some(Value::String(v)) if v.starts_with("3.1.") => {
                self.v31 = true;
                self.dialect(root)
            }
            Some(Value::String(v)) => {
                self.error("#/openapi", format!("`openapi: {v}` is not a version this generator reads; expected 3.0.x or 3.1.x, such as \"3.0.3\" or \"3.1.1\""));
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

    /// `jsonSchemaDialect` of a 3.1 document: only OpenAPI's own dialect (the default) is
    /// read, since another one can give keywords a meaning this generator does not know.
    fn dialect(&mut self, root: &Mapping) -> bool {
        match get(root, "jsonSchemaDialect") {
            None => true,
            Some(Value::String(d))
                if d.starts_with("https://spec.openapis.org/oas/3.1/dialect/") =>
            {
                true
            }
            Some(Value::String(d))
                if d.trim_end_matches('#') == "https://json-schema.org/draft/2020-12/schema" =>
            {
                true
            }
            Some(other) => {
                let shown = other
                    .as_str()
                    .map_or_else(|| describe(other).to_owned(), |d| format!("`{d}`"));
                self.error("#/jsonSchemaDialect", format!("the schema dialect {shown} is not supported; this generator reads OpenAPI 3.1's own dialect (`https://spec.openapis.org/oas/3.1/dialect/base`, the default), so remove `jsonSchemaDialect` or name that one"));
                false
            }
        }
    }

    fn components(&mut self, components: &'a Mapping) {
        self.keywords(components, "#/components", keywords::Object::Components);
        if let Some(schemes) = get(components, "securitySchemes") {
            let ptr = "#/components/securitySchemes";
            if let Some(schemes) = self.mapping(schemes, ptr, "`securitySchemes`") {
                for (name, scheme) in self.entries(schemes, ptr) {
                    self.security_scheme(&name, scheme, &child(ptr, &name));
                }
            }
        }
        // `parameters`, `requestBodies`, `responses` are read where they are referenced;
        // `headers`, `examples`, `links`, `callbacks` carry nothing a client sends or reads.
        if let Some(schemas) = get(components, "schemas") {
            let ptr = "#/components/schemas";
            if let Some(schemas) = self.mapping(schemas, ptr, "`schemas`") {
                let entries = self.entries(schemas, ptr);
                // Names first, so references resolve whatever the order of definition.
                for (name, schema) in &entries {
                    self.declare_component(name, schema, &child(ptr, name));
                }
                self.lower_components();
            }
        }
    }

    /// Lowers every component declared and not yet lowered, including those declared while
    /// lowering others (schemas first reached by a `$ref`).
    fn lower_components(&mut self) {
        let mut i = 0;
        while i < self.components.len() {
            self.lower_component(i);
            i += 1;
        }
    }

    fn finish(&mut self) {
        self.box_cycles();
        self.measure_cycles();
        self.mark_forms();
        self.order_types();
        self.name_failures();
    }
}
