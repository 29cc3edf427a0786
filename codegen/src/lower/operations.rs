//! Paths and operations: names, parameters, security; bodies and responses are in `content`.

use serde_yaml::{Mapping, Value};

use super::names::{bare, camel, snake, type_name};
use super::refs::Shared;
use super::schema::{unique, unique_snake};
use super::servers::placeholders;
use super::{Lowerer, Reported, child, get};
use crate::ir::{Expression, Location, Method, Operation, Param, Requirement, Ty, TypeKind};
use crate::load::describe;

/// Methods `Client` has of its own (printed by `emit/client.rs`: `new`, `builder`), and the
/// trait methods a program calls on it that an inherent method of the same name would hide
/// (`clone`, and `as_ref`, which reaches its `Transport`); an operation named like one gets
/// `_operation` after it. Every other name is free: the machinery lives in the runtime.
const CLIENT_METHODS: &[&str] = &["new", "builder", "clone", "as_ref"];

/// Names the generated request functions use for their own locals and arguments; a
/// parameter named like one gets `_param` after it.
const LOCALS: &[&str] = &[
    "base_url",
    "body",
    "content_type",
    "path",
    "query",
    "headers",
    "value",
    "request",
    "response",
    "params",
];

/// Methods a call builder (`emit/calls.rs`) has of its own; an optional parameter named like
/// one gets a setter with `_param` after it.
const CALL_METHODS: &[&str] = &["send", "stream"];

/// One parameter as declared, before merging path-level and operation-level lists.
struct Declared<'v> {
    name: String,
    location: String,
    ptr: String,
    map: &'v Mapping,
}

impl<'a> Lowerer<'a> {
    pub(super) fn paths(&mut self, paths: &'a Mapping, root_security: Option<&Value>) {
        for (path, item) in self.entries(paths, "#/paths") {
            let ptr = child("#/paths", &path);
            if !path.starts_with('/') {
                self.error(&ptr, format!("path `{path}` must start with `/`"));
                continue;
            }
            // A path item may be a `$ref` (to `components.pathItems` or another file); its
            // operations are then read where it points.
            let Some((item, ptr)) = self.resolve(item, &ptr, Shared::PathItem) else {
                continue;
            };
            let Some(item) = self.mapping(item, &ptr, "a path item") else {
                continue;
            };
            let shared = match get(item, "parameters") {
                Some(list) => self.declared_params(list, &child(&ptr, "parameters")),
                None => Vec::new(),
            };
            let servers = self.server_urls(item, &ptr);
            for (key, op) in self.entries(item, &ptr) {
                let optr = child(&ptr, &key);
                match key.as_str() {
                    m if Method::from_key(m).is_some() => {
                        self.operation(&path, m, op, &optr, &shared, &servers, root_security);
                    }
                    "parameters" | "summary" | "description" | "servers" | "$ref" => {}
                    k if k.starts_with("x-") => {}
                    other => {
                        let methods: Vec<&str> = Method::ALL.iter().map(|(k, _)| *k).collect();
                        self.error(&optr, format!("unknown key `{other}` in a path item; expected an HTTP method ({}), `parameters`, `summary`, `description` or `servers`", methods.join(", ")));
                    }
                }
            }
        }
    }

    /// The URLs of a path item's or operation's own `servers`.
    fn server_urls(&mut self, map: &Mapping, ptr: &str) -> Vec<String> {
        match get(map, "servers") {
            Some(Value::Sequence(list)) => list
                .iter()
                .filter_map(|s| s.as_mapping().and_then(|m| get(m, "url")))
                .filter_map(|u| u.as_str().map(str::to_owned))
                .collect(),
            Some(other) => {
                let what = describe(other);
                self.error(
                    &child(ptr, "servers"),
                    format!("`servers` must be a list, but this is {what}"),
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn declared_params(&mut self, list: &'a Value, ptr: &str) -> Vec<Declared<'a>> {
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
            let Some((item, pptr)) =
                self.resolve(item, &child(ptr, &i.to_string()), Shared::Parameter)
            else {
                continue;
            };
            let Some(map) = self.mapping(item, &pptr, "a parameter") else {
                continue;
            };
            self.keywords(map, &pptr, super::keywords::Object::Parameter);
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
                            "the parameter has no `in`; expected `path`, `query` or `header`",
                        );
                    }
                }
            }
        }
        out
    }

    /// The operation's Rust name: from its operationId, or derived from method and path
    /// (`GET /pets/{petId}/toys` gives `get_pets_by_pet_id_toys`); made unique by a number.
    fn operation_name(
        &mut self,
        op: &Mapping,
        ptr: &str,
        method: &str,
        path: &str,
    ) -> Option<(String, String)> {
        let idptr = child(ptr, "operationId");
        let id = match get(op, "operationId") {
            Some(Value::String(id)) => {
                if let Some(first) = self.op_ids.get(id) {
                    // Published specs carry such slips; the second operation gets the next
                    // number (`get_pet_2`), in spec order.
                    let first = first.clone();
                    let (_, _, first) = self.set.locate(&first);
                    self.warn(&idptr, format!("operationId `{id}` is already used by the operation at {first}; operationIds must be unique, so this one is named with a number after it"));
                } else {
                    self.op_ids.insert(id.clone(), ptr.to_owned());
                }
                Some(id.clone())
            }
            Some(other) => {
                let what = describe(other);
                self.error(
                    &idptr,
                    format!("`operationId` must be a string, but this is {what}"),
                );
                return None;
            }
            None => None,
        };
        let base = match id.as_deref().and_then(snake) {
            Some(rust) => rust,
            None => snake(&derived_name(method, path)).unwrap_or_else(|| method.to_owned()),
        };
        let rust = unique_snake(&base, |n| self.op_names.contains_key(n));
        self.op_names.insert(rust.clone(), ptr.to_owned());
        let id = id.unwrap_or_else(|| bare(&rust).to_owned());
        Some((id, rust))
    }

    #[allow(clippy::too_many_arguments, reason = "the context of one operation")]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a Value,
        ptr: &str,
        shared: &[Declared<'a>],
        path_servers: &[String],
        root_security: Option<&Value>,
    ) {
        // The caller passes path-item keys that are methods only.
        let Some(http_method) = Method::from_key(method) else {
            return;
        };
        // `get: {$ref: 'operations/x.yaml'}` is outside the standard, but common tooling
        // resolves it and some publishers write it.
        let Some((op, ptr)) = self.resolve(op, ptr, Shared::Operation) else {
            return;
        };
        let ptr = ptr.as_str();
        let Some(op) = self.mapping(op, ptr, "an operation") else {
            return;
        };
        self.keywords(op, ptr, super::keywords::Object::Operation);
        // Without a usable name the rest is still checked, under a stand-in name, so that
        // every problem of the operation is reported in one run; it is not emitted.
        let named = self.operation_name(op, ptr, method, path);
        let rust = named
            .as_ref()
            .map_or_else(|| format!("{method}_operation"), |(_, r)| r.clone());
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

        let mut params = Vec::new();
        for d in declared {
            if let Some(param) = self.param(d, &type_hint) {
                params.push(param);
            }
        }
        let template = placeholders(path);
        for name in &template {
            // A declared parameter that failed to lower has its own message.
            let declared_path = |n: &String| {
                shared
                    .iter()
                    .chain(own.iter())
                    .any(|d| d.location == "path" && &d.name == n)
            };
            if !declared_path(name) {
                // Specs often leave a template variable undeclared: it can only be a
                // required string segment.
                params.push(Param {
                    rust: snake(name).unwrap_or_else(|| "param".to_owned()),
                    wire: name.clone(),
                    location: Location::Path,
                    ty: Ty::String,
                    required: true,
                    explode: false,
                    deep_object: false,
                    deprecated: false,
                    doc: Some("Not declared in the spec; taken as a string.".to_owned()),
                    default: None,
                    json: false,
                    expression: None,
                    setter: None,
                });
            }
        }
        for p in params.iter().filter(|p| p.location == Location::Path) {
            if !template.contains(&p.wire) {
                self.error(ptr, format!("path parameter `{}` does not appear in the path template `{path}`; add `{{{}}}` to the path or remove the parameter", p.wire, p.wire));
            }
        }
        // Path parameters first, in template order (the order a reader sees in the URL);
        // then the others in spec order.
        params.sort_by_key(|p| match p.location {
            Location::Path => template.iter().position(|t| *t == p.wire).unwrap_or(0),
            _ => usize::MAX,
        });
        let mut seen: Vec<String> = LOCALS.iter().map(|s| (*s).to_owned()).collect();
        for p in &mut params {
            if LOCALS.contains(&bare(&p.rust)) {
                p.rust = format!("{}_param", bare(&p.rust));
            }
            p.rust = unique_snake(&p.rust, |n| seen.iter().any(|s| s == n));
            seen.push(p.rust.clone());
        }
        // Setters are named after their fields, which are unique already; the builder's own
        // methods are the only other names among them.
        for p in &mut params {
            if !p.required && p.location != Location::Path {
                p.setter = Some(if CALL_METHODS.contains(&bare(&p.rust)) {
                    unique_snake(&format!("{}_param", bare(&p.rust)), |n| {
                        seen.iter().any(|s| s == n)
                    })
                } else {
                    p.rust.clone()
                });
            }
        }

        let operation_index = self.operations.len();
        let body = match get(op, "requestBody") {
            Some(body) => self.request_body(
                body,
                &child(ptr, "requestBody"),
                method,
                &rust,
                &type_hint,
                operation_index,
            ),
            None => None,
        };
        let responses = match get(op, "responses") {
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
        let security = match (get(op, "security"), root_security) {
            (Some(security), _) => self.security(security, &child(ptr, "security")),
            (None, Some(root)) => self.security_quiet(root),
            (None, None) => Vec::new(),
        };
        let (Some(responses), Some((id, rust))) = (responses, named) else {
            return;
        };
        let mut servers = self.server_urls(op, ptr);
        if servers.is_empty() {
            servers = path_servers.to_vec();
        }
        let method_name = if CLIENT_METHODS.contains(&bare(&rust)) {
            unique_snake(&format!("{}_operation", bare(&rust)), |n| {
                self.op_names.contains_key(n)
            })
        } else {
            rust.clone()
        };
        self.op_names.insert(method_name.clone(), ptr.to_owned());
        let pagination = match get(op, "x-pagination") {
            Some(value) => {
                let xptr = child(ptr, "x-pagination");
                match self.pagination(value, &xptr, &params, &responses.success) {
                    Some(pagination) => Some(pagination),
                    None => return,
                }
            }
            None => None,
        };
        let summary = self.text(op, ptr, "summary");
        let description = self.text(op, ptr, "description");
        let deprecated = self.flag(op, ptr, "deprecated");
        // Named like a model: `calls.rs` uses `String` and `Vec` bare, as `models.rs` does.
        let call = type_name(camel(bare(&rust)).unwrap_or_else(|| "Call".to_owned()));
        let call = unique(&call, |n| self.operations.iter().any(|o| o.call == n));
        self.operations.push(Operation {
            id,
            rust,
            method_name,
            call,
            method: http_method,
            path: path.to_owned(),
            summary,
            description,
            deprecated,
            servers,
            params,
            body,
            accept: responses.accept,
            success: responses.success,
            errors: responses.errors,
            failure: None,
            security,
            pagination,
        });
    }

    /// The root security list again, without reporting its problems a second time.
    fn security_quiet(&mut self, root: &Value) -> Vec<Requirement> {
        let before = self.diags.len();
        let scopes = self.security(root, "#/security");
        self.diags.truncate(before);
        scopes
    }

    fn param(&mut self, d: &Declared<'a>, type_hint: &str) -> Option<Param> {
        let location = match d.location.as_str() {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => {
                // OpenAPI: header parameters with these names are ignored; the client sets
                // them itself.
                if ["accept", "content-type", "authorization"]
                    .contains(&d.name.to_ascii_lowercase().as_str())
                {
                    return None;
                }
                if !super::content::is_token(&d.name) {
                    self.error(
                        &child(&d.ptr, "name"),
                        format!(
                            "`{}` cannot be an HTTP header name; use letters, digits and `-`",
                            d.name
                        ),
                    );
                    return None;
                }
                Location::Header
            }
            "cookie" => {
                self.error(&child(&d.ptr, "in"), "cookie parameters are not supported; the generated client sends path, query and header parameters");
                return None;
            }
            other => {
                self.error(
                    &child(&d.ptr, "in"),
                    format!("`in: {other}` is not a parameter location; expected `path`, `query` or `header`"),
                );
                return None;
            }
        };
        // A name without ASCII letters or digits (`名前`, `$`) becomes `param`, numbered below
        // if need be; the wire name is kept.
        let rust = snake(&d.name).unwrap_or_else(|| "param".to_owned());
        // `content` instead of `schema`: one media type whose schema describes the value;
        // JSON is sent as JSON text, anything else as the value's plain text.
        let (schema, sptr, json) = match (get(d.map, "schema"), get(d.map, "content")) {
            (Some(schema), _) => (schema, child(&d.ptr, "schema"), false),
            (None, Some(Value::Mapping(content))) if content.len() == 1 => {
                let (media, object) = content.iter().next()?;
                let media = super::key_text(media).unwrap_or_default();
                let mptr = child(&child(&d.ptr, "content"), &media);
                let json = super::content::is_json(&media);
                match object.as_mapping().and_then(|o| get(o, "schema")) {
                    Some(schema) => (schema, child(&mptr, "schema"), json),
                    None => {
                        self.error(&mptr, format!("parameter `{}` gives no `schema` for `{media}`; give the media type a schema", d.name));
                        return None;
                    }
                }
            }
            (None, Some(_)) => {
                self.error(
                    &child(&d.ptr, "content"),
                    format!(
                        "parameter `{}` must list exactly one media type in `content`",
                        d.name
                    ),
                );
                return None;
            }
            (None, None) => {
                self.error(&d.ptr, format!("parameter `{}` has no `schema`; give it one of type string, integer, number, boolean, a string enum, or an array of those", d.name));
                return None;
            }
        };
        if json && location == Location::Path {
            self.error(&sptr, format!("path parameter `{}` is described as JSON (`content`); a path segment carries a string, integer, number, boolean or string enum", d.name));
            return None;
        }
        let style = self.text(d.map, &d.ptr, "style");
        let deep_object = style.as_deref() == Some("deepObject") && location == Location::Query;
        let default_explode = match style.as_deref() {
            None => location == Location::Query,
            Some("form" | "deepObject") if location == Location::Query => true,
            Some("simple") if location != Location::Query => false,
            Some(other) => {
                self.error(&child(&d.ptr, "style"), format!("`style: {other}` is not supported for {} parameters; supported are `form` and `deepObject` for query and `simple` for path and header parameters", d.location));
                return None;
            }
        };
        let explode = match get(d.map, "explode") {
            Some(Value::Bool(b)) => *b,
            _ => default_explode,
        };
        let hint = format!(
            "{type_hint}{}",
            camel(&d.name)
                .map(|c| bare(&c).to_owned())
                .unwrap_or_default()
        );
        let (ty, flags) = self.schema(schema, &sptr, &hint)?;
        if let Ty::Named { id, .. } = &ty {
            if self.broken.contains(id) {
                // Reported where the type is written.
                return None;
            }
        }
        let ty = self.scalar(&ty);
        let ty = match ty {
            // JSON text carries any value.
            ty if json => ty,
            Ty::Json => Ty::String,
            // A union of scalars or arrays of them (`oneOf: [string, array]`): the caller
            // writes the text, as the spec's alternatives allow.
            Ty::Named { id, .. } if self.scalar_union(id) => Ty::String,
            Ty::Vec(item) if location != Location::Path => {
                let item = match self.scalar(&item) {
                    Ty::Named { id, .. } if self.scalar_union(id) => Ty::String,
                    item => item,
                };
                if !self.param_item(&item) {
                    let style = style.as_deref().unwrap_or(match location {
                        Location::Query => "form",
                        _ => "simple",
                    });
                    self.error(&sptr, format!("parameter `{}` is an array of objects or arrays, and `style: {style}` defines no way to write one; describe it with `content: application/json` (sent as JSON text), or make its items strings, numbers, booleans or string enums", d.name));
                    return None;
                }
                Ty::Vec(Box::new(item))
            }
            ty if self.param_item(&ty) && !deep_object => ty,
            // An object in the query: its properties as arguments of their own
            // (`style: form`, exploded) or as `name[property]` (`style: deepObject`).
            ty @ Ty::Named { .. }
                if location == Location::Query && explode && self.is_struct(&ty) =>
            {
                // `deepObject` nests in brackets (`filter[owner][name]=x`); the form style
                // has no encoding for nested objects.
                if !deep_object && !self.flat_object(&ty, &sptr, "an object query parameter") {
                    return None;
                }
                ty
            }
            // A map of scalars (`additionalProperties: {type: string}`): each entry as an
            // argument of its own, or as `name[key]` (`style: deepObject`).
            ty @ (Ty::Map(_) | Ty::JsonObject)
                if location == Location::Query
                    && explode
                    && (deep_object || self.scalar_map(&ty)) =>
            {
                ty
            }
            _ if deep_object => {
                self.error(
                    &sptr,
                    format!(
                        "parameter `{}` has `style: deepObject`, which needs an object of scalars",
                        d.name
                    ),
                );
                return None;
            }
            // An array in the path (`style: simple`): one segment, the items joined by commas.
            Ty::Vec(item) if location == Location::Path && self.param_item(&self.scalar(&item)) => {
                Ty::Vec(Box::new(self.scalar(&item)))
            }
            _ if location == Location::Path => {
                self.error(&sptr, format!("path parameter `{}` must be a string, integer, number, boolean, string enum or an array of those; objects are not supported in paths", d.name));
                return None;
            }
            _ => {
                self.error(&sptr, format!("parameter `{}` must be a string, integer, number, boolean, string enum or an array of those (or, in the query and exploded, an object of those); objects are not supported otherwise", d.name));
                return None;
            }
        };
        let required = location == Location::Path || self.flag(d.map, &d.ptr, "required");
        let doc = self.text(d.map, &d.ptr, "description").or(flags.doc);
        let deprecated = self.flag(d.map, &d.ptr, "deprecated");
        let wire = match location {
            Location::Header => d.name.to_ascii_lowercase(),
            _ => d.name.clone(),
        };
        let expression = self.expression(d, location, &ty).ok()?;
        Some(Param {
            rust,
            wire,
            location,
            ty,
            required,
            explode,
            deep_object,
            deprecated,
            doc,
            default: flags.default,
            json,
            expression,
            setter: None,
        })
    }

    /// `x-expression`: the parameter is a filter or order expression. `Err` stands for a
    /// reported problem (the parameter is then dropped).
    fn expression(
        &mut self,
        d: &Declared<'a>,
        location: Location,
        ty: &Ty,
    ) -> Result<Option<Expression>, Reported> {
        let Some(value) = get(d.map, "x-expression") else {
            return Ok(None);
        };
        let ptr = child(&d.ptr, "x-expression");
        let expression = match value.as_str() {
            Some("filter") => Expression::Filter,
            Some("order") => Expression::Order,
            Some(other) => {
                self.error(
                    &ptr,
                    format!("`x-expression: {other}` is not known; expected `filter` or `order`"),
                );
                return Err(Reported);
            }
            None => {
                let what = describe(value);
                self.error(
                    &ptr,
                    format!("`x-expression` must be `filter` or `order`, but this is {what}"),
                );
                return Err(Reported);
            }
        };
        if location != Location::Query || *ty != Ty::String {
            self.error(
                &ptr,
                format!(
                    "`x-expression` marks a query parameter of type string; `{}` is not one",
                    d.name
                ),
            );
            return Err(Reported);
        }
        Ok(Some(expression))
    }

    /// A parameter type with named aliases of scalars and arrays seen through, so a
    /// parameter whose schema is a `$ref` to `type: string` takes a string.
    pub(super) fn scalar(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..self.types.len() {
            match &ty {
                Ty::Named { id, .. } => match &self.types[id.0].kind {
                    TypeKind::Alias(inner) => ty = inner.clone(),
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// Whether a map's values are scalars (or any value, checked when sent).
    fn scalar_map(&self, ty: &Ty) -> bool {
        match ty {
            Ty::JsonObject => true,
            Ty::Map(value) => {
                let value = self.scalar(value);
                self.param_item(&value) || value == Ty::Json
            }
            _ => false,
        }
    }

    /// Whether a type is a union whose alternatives are scalars, enums or arrays of those.
    fn scalar_union(&self, id: crate::ir::TypeId) -> bool {
        let TypeKind::Union(u) = &self.types[id.0].kind else {
            return false;
        };
        u.variants.iter().all(|v| match self.scalar(&v.ty) {
            Ty::Vec(item) => self.param_item(&self.scalar(&item)),
            ty => self.param_item(&ty) || ty == Ty::Json,
        })
    }

    /// Whether a parameter (or an item of an array parameter) of this type can be written
    /// as text.
    fn param_item(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::Decimal | Ty::Int(_) | Ty::F64 | Ty::Bool => true,
            Ty::Named { id, .. } => matches!(self.types[id.0].kind, TypeKind::Enum(_)),
            _ => false,
        }
    }
}

/// The name of an operation without an operationId: method, then the path's words, a
/// `{parameter}` written `by_parameter`.
fn derived_name(method: &str, path: &str) -> String {
    let mut name = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        name.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                name.push_str("by_");
                name.push_str(param);
            }
            None => name.push_str(segment),
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::derived_name;
    use crate::lower::names::snake;

    #[test]
    fn names_from_method_and_path() {
        let name = |m, p| snake(&derived_name(m, p)).unwrap();
        assert_eq!(name("get", "/pets/{petId}/toys"), "get_pets_by_pet_id_toys");
        assert_eq!(name("post", "/"), "post");
        assert_eq!(name("delete", "/v1/users.json"), "delete_v1_users_json");
    }
}
