//! Paths and operations: parameters, bodies, responses, security, examples.

use serde_yaml::{Mapping, Value};

use super::names::{bare, camel, snake};
use super::{Lowerer, child, get};
use crate::ir::{Body, Example, Operation, Param, Ty, TypeDef, TypeKind};
use crate::load::describe;

const METHODS: &[&str] = &["get", "put", "post", "patch", "delete"];

/// One parameter as declared, before merging path-level and operation-level lists.
struct Declared<'v> {
    name: String,
    location: String,
    ptr: String,
    map: &'v Mapping,
}

impl Lowerer<'_> {
    pub(super) fn paths(&mut self, paths: &Mapping, root_security: Option<&Value>) {
        for (path, item) in self.entries(paths, "#/paths") {
            let ptr = child("#/paths", &path);
            if !path.starts_with('/') {
                self.error(&ptr, format!("path `{path}` must start with `/`"));
                continue;
            }
            let Some(item) = self.mapping(item, &ptr, "a path item") else {
                continue;
            };
            if get(item, "$ref").is_some() {
                self.error(
                    &child(&ptr, "$ref"),
                    "a `$ref` path item is not supported; write the operations inline",
                );
                continue;
            }
            let shared = match get(item, "parameters") {
                Some(list) => self.declared_params(list, &child(&ptr, "parameters")),
                None => Vec::new(),
            };
            for (key, op) in self.entries(item, &ptr) {
                let optr = child(&ptr, &key);
                match key.as_str() {
                    m if METHODS.contains(&m) => {
                        self.operation(&path, m, op, &optr, &shared, root_security);
                    }
                    "head" | "options" | "trace" => self.error(&optr, format!("`{key}` operations are not supported; supported methods are get, put, post, patch and delete")),
                    "parameters" | "summary" | "description" | "servers" => {}
                    k if k.starts_with("x-") => {}
                    other => self.error(&optr, format!("unknown key `{other}` in a path item; expected an HTTP method (get, put, post, patch, delete), `parameters`, `summary` or `description`")),
                }
            }
        }
    }

    fn declared_params<'v>(&mut self, list: &'v Value, ptr: &str) -> Vec<Declared<'v>> {
        let Value::Sequence(items) = list else {
            let what = describe(list);
            self.error(
                ptr,
                format!("`parameters` must be a list, but this is {what}"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let pptr = child(ptr, &i.to_string());
            let Some(map) = self.mapping(item, &pptr, "a parameter") else {
                continue;
            };
            if get(map, "$ref").is_some() {
                self.error(
                    &child(&pptr, "$ref"),
                    "a `$ref` parameter is not supported; write the parameter inline",
                );
                continue;
            }
            let name = self.text(map, &pptr, "name");
            let location = self.text(map, &pptr, "in");
            match (name, location) {
                (Some(name), Some(location)) => out.push(Declared {
                    name,
                    location,
                    ptr: pptr,
                    map,
                }),
                (name, location) => {
                    if name.is_none() && get(map, "name").is_none() {
                        self.error(&pptr, "the parameter has no `name`");
                    }
                    if location.is_none() && get(map, "in").is_none() {
                        self.error(
                            &pptr,
                            "the parameter has no `in`; expected `path` or `query`",
                        );
                    }
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &Value,
        ptr: &str,
        shared: &[Declared<'_>],
        root_security: Option<&Value>,
    ) {
        let Some(op) = self.mapping(op, ptr, "an operation") else {
            return;
        };
        // Without a usable operationId the rest is still checked, under a stand-in name, so
        // that every problem of the operation is reported in one run; it is not emitted.
        let before = self.diags.len();
        let id = match get(op, "operationId") {
            Some(Value::String(id)) => id.clone(),
            Some(other) => {
                let what = describe(other);
                self.error(
                    &child(ptr, "operationId"),
                    format!("`operationId` must be a string, but this is {what}"),
                );
                String::new()
            }
            None => {
                self.error(ptr, format!("`{} {path}` has no `operationId`; every operation needs one, since the generated function is named after it", method.to_uppercase()));
                String::new()
            }
        };
        let idptr = child(ptr, "operationId");
        let rust = match snake(&id) {
            Some(rust) => rust,
            None => {
                if !id.is_empty() {
                    self.error(&idptr, format!("cannot make a Rust function name from operationId `{id}`; it needs at least one ASCII letter or digit"));
                }
                format!("{method}_operation")
            }
        };
        if self.diags.len() == before {
            if let Some(first) = self.op_names.get(&rust) {
                let first = first.clone();
                self.error(&idptr, format!("operationId `{id}` becomes the Rust function `{rust}`, like the operation at {first}; operationIds must be unique and differ in letters or digits"));
            } else {
                self.op_names.insert(rust.clone(), ptr.to_owned());
            }
        }
        let named = self.diags.len() == before;
        let type_hint = camel(&rust)
            .map(|c| bare(&c).to_owned())
            .unwrap_or_default();

        let own = match get(op, "parameters") {
            Some(list) => self.declared_params(list, &child(ptr, "parameters")),
            None => Vec::new(),
        };
        // Operation-level parameters override path-level ones with the same name and location.
        let mut declared: Vec<&Declared<'_>> = shared
            .iter()
            .filter(|s| {
                !own.iter()
                    .any(|o| o.name == s.name && o.location == s.location)
            })
            .collect();
        declared.extend(own.iter());

        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        for d in declared {
            let Some(param) = self.param(d, &type_hint) else {
                continue;
            };
            match d.location.as_str() {
                "path" => path_params.push(param),
                _ => query_params.push(param),
            }
        }
        let template = template_names(path);
        for name in &template {
            if !path_params.iter().any(|p| &p.wire == name) {
                self.error(ptr, format!("the path template has `{{{name}}}` but the operation declares no path parameter `{name}`; add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}`"));
            }
        }
        for p in &path_params {
            if !template.contains(&p.wire) {
                self.error(ptr, format!("path parameter `{}` does not appear in the path template `{path}`; add `{{{}}}` to the path or remove the parameter", p.wire, p.wire));
            }
        }
        // Template order, which is the order a reader sees in the URL.
        path_params.sort_by_key(|p| template.iter().position(|t| *t == p.wire));
        // Names the emitted functions use for their own locals and arguments.
        let mut seen: Vec<String> = [
            "base_url", "body", "path", "query", "value", "request", "response",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for p in path_params.iter_mut().chain(query_params.iter_mut()) {
            while seen.contains(&p.rust) {
                p.rust = format!("{}_param", bare(&p.rust));
            }
            seen.push(p.rust.clone());
        }

        let body = match get(op, "requestBody") {
            Some(body) => {
                self.request_body(body, &child(ptr, "requestBody"), method, &rust, &type_hint)
            }
            None => None,
        };
        let response = match get(op, "responses") {
            Some(responses) => {
                self.responses(responses, &child(ptr, "responses"), &rust, &type_hint)
            }
            None => {
                self.error(
                    ptr,
                    "the operation has no `responses`; declare at least its success response",
                );
                None
            }
        };
        let scopes = match (get(op, "security"), root_security) {
            (Some(security), _) => self.security(security, &child(ptr, "security")),
            (None, Some(root)) => self.security_quiet(root),
            (None, None) => Vec::new(),
        };
        let (Some(response), true) = (response, named) else {
            return;
        };
        let summary = self.text(op, ptr, "summary");
        let description = self.text(op, ptr, "description");
        self.operations.push(Operation {
            id,
            rust,
            method: method.to_uppercase(),
            path: path.to_owned(),
            summary,
            description,
            path_params,
            query_params,
            body,
            response,
            scopes,
        });
    }

    /// The root security list again, without reporting its problems a second time.
    fn security_quiet(&mut self, root: &Value) -> Vec<Vec<String>> {
        let before = self.diags.len();
        let scopes = self.security(root, "#/security");
        self.diags.truncate(before);
        scopes
    }

    fn param(&mut self, d: &Declared<'_>, type_hint: &str) -> Option<Param> {
        match d.location.as_str() {
            "path" | "query" => {}
            "header" | "cookie" => {
                self.error(
                    &child(&d.ptr, "in"),
                    format!(
                        "{} parameters are not supported; only path and query parameters are",
                        d.location
                    ),
                );
                return None;
            }
            other => {
                self.error(
                    &child(&d.ptr, "in"),
                    format!(
                        "`in: {other}` is not a parameter location; expected `path` or `query`"
                    ),
                );
                return None;
            }
        }
        let Some(rust) = snake(&d.name) else {
            self.error(
                &d.ptr,
                format!("cannot make a Rust argument name from `{}`", d.name),
            );
            return None;
        };
        let Some(schema) = get(d.map, "schema") else {
            let hint = if get(d.map, "content").is_some() {
                " (parameters with `content` are not supported)"
            } else {
                ""
            };
            self.error(&d.ptr, format!("parameter `{}` has no `schema`; give it one of type string, integer, boolean or a string enum{hint}", d.name));
            return None;
        };
        let hint = format!(
            "{type_hint}{}",
            camel(&d.name)
                .map(|c| bare(&c).to_owned())
                .unwrap_or_default()
        );
        let sptr = child(&d.ptr, "schema");
        let (ty, _) = self.schema(schema, &sptr, &hint)?;
        let ok = match &ty {
            Ty::String | Ty::I32 | Ty::I64 | Ty::Bool | Ty::F64 | Ty::Decimal => true,
            Ty::Named { name, .. } => self
                .types
                .iter()
                .any(|t| &t.name == name && matches!(t.kind, TypeKind::Enum(_))),
            _ => false,
        };
        if !ok {
            self.error(&sptr, format!("parameter `{}` must be a string, integer, number, boolean or string enum; arrays and objects are not supported as parameters", d.name));
            return None;
        }
        let required =
            d.location == "path" || matches!(get(d.map, "required"), Some(Value::Bool(true)));
        let doc = self.text(d.map, &d.ptr, "description");
        Some(Param {
            rust,
            wire: d.name.clone(),
            ty,
            required,
            doc,
        })
    }

    /// The JSON schema of a `content` mapping; reports non-JSON content.
    fn json_content<'v>(
        &mut self,
        content: &'v Value,
        ptr: &str,
        what: &str,
    ) -> Option<(&'v Mapping, String)> {
        let content = self.mapping(content, ptr, "`content`")?;
        let mut offered = Vec::new();
        for (k, v) in content {
            let Some(k) = super::key_text(k) else {
                continue;
            };
            if k == "application/json" || (k.starts_with("application/") && k.ends_with("+json")) {
                let mptr = child(ptr, &k);
                return self.mapping(v, &mptr, "a media type").map(|m| (m, mptr));
            }
            offered.push(k);
        }
        self.error(
            ptr,
            format!(
                "only JSON {what} are supported (`application/json`); this one offers {}",
                offered.join(", ")
            ),
        );
        None
    }

    fn request_body(
        &mut self,
        body: &Value,
        ptr: &str,
        method: &str,
        rust: &str,
        type_hint: &str,
    ) -> Option<Body> {
        let body = self.mapping(body, ptr, "`requestBody`")?;
        if get(body, "$ref").is_some() {
            self.error(
                &child(ptr, "$ref"),
                "a `$ref` request body is not supported; write it inline with a schema `$ref`",
            );
            return None;
        }
        let Some(content) = get(body, "content") else {
            self.error(
                ptr,
                "the request body has no `content`; give it `application/json` with a schema",
            );
            return None;
        };
        let (media, mptr) = self.json_content(content, &child(ptr, "content"), "request bodies")?;
        let Some(schema) = get(media, "schema") else {
            self.error(&mptr, "the JSON request body has no `schema`");
            return None;
        };
        let (ty, _) = self.schema(schema, &child(&mptr, "schema"), &format!("{type_hint}Body"))?;
        let patch = method == "patch" && self.is_struct(&ty);
        self.media_examples(media, &mptr, &format!("{}_request", bare(rust)), &ty, patch);
        Some(Body { ty, patch })
    }

    fn responses(
        &mut self,
        responses: &Value,
        ptr: &str,
        rust: &str,
        type_hint: &str,
    ) -> Option<Option<Ty>> {
        let responses = self.mapping(responses, ptr, "`responses`")?;
        let mut success = None;
        for (code, response) in self.entries(responses, ptr) {
            let rptr = child(ptr, &code);
            let is_success = code.len() == 3
                && code.starts_with('2')
                && (code[1..].bytes().all(|b| b.is_ascii_digit())
                    || code[1..].eq_ignore_ascii_case("xx"));
            let Some(response) = self.mapping(response, &rptr, "a response") else {
                continue;
            };
            if get(response, "$ref").is_some() {
                self.error(&child(&rptr, "$ref"), "a `$ref` response is not supported; write the response inline with a schema `$ref`");
                continue;
            }
            if !is_success || success.is_some() {
                continue;
            }
            let ty = match get(response, "content") {
                None => None,
                Some(Value::Mapping(m)) if m.is_empty() => None,
                Some(content) => {
                    let (media, mptr) =
                        self.json_content(content, &child(&rptr, "content"), "responses")?;
                    match get(media, "schema") {
                        None => {
                            self.error(&mptr, "the JSON response has no `schema`");
                            return None;
                        }
                        Some(schema) => {
                            let (ty, _) = self.schema(
                                schema,
                                &child(&mptr, "schema"),
                                &format!("{type_hint}Response"),
                            )?;
                            self.media_examples(
                                media,
                                &mptr,
                                &format!("{}_response", bare(rust)),
                                &ty,
                                false,
                            );
                            Some(ty)
                        }
                    }
                }
            };
            success = Some(ty);
        }
        if success.is_none() {
            self.error(ptr, "no 2xx response is declared; declare the success response (for example `200` with a JSON schema, or `204` without content)");
        }
        success
    }

    fn media_examples(&mut self, media: &Mapping, ptr: &str, name: &str, ty: &Ty, patch: bool) {
        if let Some(example) = get(media, "example") {
            self.example(name, &child(ptr, "example"), example, ty.clone(), patch);
        }
        if let Some(Value::Mapping(examples)) = get(media, "examples") {
            let eptr = child(ptr, "examples");
            for (key, example) in self.entries(examples, &eptr) {
                if let Some(value) = example.as_mapping().and_then(|m| get(m, "value")) {
                    let test = format!("{name}_{}", bare(&snake(&key).unwrap_or_default()));
                    self.example(
                        &test,
                        &child(&child(&eptr, &key), "value"),
                        value,
                        ty.clone(),
                        patch,
                    );
                }
            }
        }
    }

    /// Records an example to be checked by round trip through its type.
    pub(super) fn example(&mut self, name: &str, ptr: &str, value: &Value, ty: Ty, patch: bool) {
        match serde_json::to_string(value) {
            Ok(json) => {
                let mut name = name.to_owned();
                let mut n = 1;
                while self.examples.iter().any(|e| e.name == name) {
                    n += 1;
                    name = format!("{name}_{n}");
                }
                self.examples.push(Example {
                    name,
                    pointer: ptr.to_owned(),
                    ty,
                    patch,
                    json,
                });
            }
            Err(e) => self.error(ptr, format!("this example cannot be written as JSON: {e}")),
        }
    }

    fn is_struct(&self, ty: &Ty) -> bool {
        let Ty::Named { name, .. } = ty else {
            return false;
        };
        self.types
            .iter()
            .any(|t: &TypeDef| &t.name == name && matches!(t.kind, TypeKind::Struct(_)))
    }
}

/// The `{name}` variables of a path template, in order.
fn template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    names
}
