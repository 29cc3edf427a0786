//! Schemas to types: components, properties, enums, and the types lifted out of them.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use super::names::{bare, camel, snake, type_name};
use super::{Component, Lowerer, State, child, get};
use crate::ir::{
    Additional, Enum, Field, Int, Struct, Ty, TypeDef, TypeKind, Union, UnionVariant, Variant,
};
use crate::load::describe;

/// What a schema says about the value besides its type.
#[derive(Clone, Debug, Default)]
pub(super) struct Flags {
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub doc: Option<String>,
    pub default: Option<String>,
}

impl Flags {
    /// Adds what another schema says of the same value (an `allOf` member, a referenced
    /// component): flags accumulate, the first description wins.
    pub(super) fn absorb(&mut self, other: Flags) {
        self.nullable |= other.nullable;
        self.read_only |= other.read_only;
        self.write_only |= other.write_only;
        self.deprecated |= other.deprecated;
        if self.doc.is_none() {
            self.doc = other.doc;
        }
        if self.default.is_none() {
            self.default = other.default;
        }
    }
}

/// What a schema turns into: a value type, or a type that needs a name.
pub(super) enum Shape {
    Ty(Ty),
    Kind(TypeKind),
}

const TYPES: &str = "string, integer, number, boolean, array or object";

/// Keys that give a schema a type of its own (as opposed to annotations and constraints).
const SHAPING: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "const",
    "prefixItems",
    "patternProperties",
    "unevaluatedProperties",
];

/// Whether a schema only annotates or constrains a value (`description`, `nullable`,
/// `required`, `minLength`, ...) without saying what type it is.
pub(super) fn annotation_only(map: &Mapping) -> bool {
    !SHAPING.iter().any(|k| get(map, k).is_some())
}

impl<'a> Lowerer<'a> {
    /// Pass 1: gives a component schema its Rust name and its id.
    pub(super) fn declare_component(&mut self, name: &str, schema: &'a Value, ptr: &str) -> usize {
        // A name without ASCII letters or digits becomes `Schema`, numbered if need be.
        let rust = camel(name).map_or_else(|| "Schema".to_owned(), type_name);
        let rust = self.claim_type(&rust, ptr);
        let (nullable, read_only) = match schema {
            Value::Mapping(m) => (
                declares_null(m),
                matches!(get(m, "readOnly"), Some(Value::Bool(true))),
            ),
            _ => (false, false),
        };
        let index = self.components.len();
        self.current = Some(index);
        let id = self.push_type(TypeDef {
            name: rust,
            pointer: ptr.to_owned(),
            doc: None,
            deprecated: false,
            kind: TypeKind::Alias(Ty::Json),
        });
        self.current = None;
        self.component_index.insert(ptr.to_owned(), index);
        self.components.push(Component {
            name: name.to_owned(),
            id,
            schema,
            pointer: ptr.to_owned(),
            nullable,
            read_only,
            state: State::Declared,
        });
        index
    }

    /// Pass 2: lowers a component schema into its type, with its example; at most once, and
    /// earlier than its turn when an `allOf` needs its properties.
    pub(super) fn lower_component(&mut self, index: usize) {
        if self.components[index].state != State::Declared {
            return;
        }
        self.components[index].state = State::Lowering;
        let before = self.diags.len();
        let outer = self.current.replace(index);
        let Component {
            name,
            id,
            schema,
            pointer: ptr,
            ..
        } = self.components[index].clone();
        if let Some(map) = self.mapping(schema, &ptr, "a schema") {
            let rust = self.types[id.0].name.clone();
            let mut flags = self.flags(map, &ptr);
            if let Some(shape) = self.shape(map, &ptr, &rust, &mut flags) {
                let kind = match shape {
                    Shape::Kind(kind) => kind,
                    Shape::Ty(ty) => TypeKind::Alias(ty),
                };
                let def = &mut self.types[id.0];
                def.kind = kind;
                def.doc = flags.doc;
                def.deprecated = flags.deprecated;
            }
            let test = format!("{}_schema", bare(&snake(&name).unwrap_or_default()));
            let ty = Ty::Named { id, boxed: false };
            if let Some(example) = get(map, "example") {
                self.example(&test, &child(&ptr, "example"), example, ty.clone());
            }
            // JSON Schema 2020-12 (OpenAPI 3.1) writes a list of examples.
            if let Some(Value::Sequence(examples)) = get(map, "examples") {
                let eptr = child(&ptr, "examples");
                for (i, example) in examples.iter().enumerate() {
                    self.example(&test, &child(&eptr, &i.to_string()), example, ty.clone());
                }
            }
        }
        self.current = outer;
        if self.diags.len() > before {
            let id = self.components[index].id;
            self.broken.insert(id);
        }
        self.components[index].state = State::Done;
    }

    /// The annotations of a schema.
    pub(super) fn flags(&mut self, map: &Mapping, ptr: &str) -> Flags {
        Flags {
            nullable: self.flag(map, ptr, "nullable"),
            read_only: self.flag(map, ptr, "readOnly"),
            write_only: self.flag(map, ptr, "writeOnly"),
            deprecated: self.flag(map, ptr, "deprecated"),
            doc: self.text(map, ptr, "description"),
            default: get(map, "default").and_then(|d| serde_json::to_string(d).ok()),
        }
    }

    /// Lowers a schema in a value position. Inline enums, objects and unions become named
    /// types called `hint` (or the first free name after it).
    pub(super) fn schema(
        &mut self,
        value: &'a Value,
        ptr: &str,
        hint: &str,
    ) -> Option<(Ty, Flags)> {
        let map = self.mapping(value, ptr, "a schema")?;
        let mut flags = self.flags(map, ptr);
        let ty = match self.shape(map, ptr, hint, &mut flags)? {
            Shape::Ty(ty) => ty,
            Shape::Kind(kind) => self.lift(hint, ptr, flags.clone(), kind),
        };
        Some((ty, flags))
    }

    /// What a schema is. `hint` names the types lifted out of it; `flags` gains what the
    /// schema's references and members add.
    pub(super) fn shape(
        &mut self,
        map: &'a Mapping,
        ptr: &str,
        hint: &str,
        flags: &mut Flags,
    ) -> Option<Shape> {
        self.keywords(map, ptr, super::keywords::Object::Schema);
        if let Some(reference) = get(map, "$ref") {
            // OpenAPI 3.0 says keys beside a `$ref` are ignored; `description`, `nullable`,
            // `readOnly`, `writeOnly` and `deprecated` there are honoured all the same (read
            // into `flags` by the caller), since that is what their authors mean.
            let ty = self.reference(reference, &child(ptr, "$ref"), flags)?;
            return Some(Shape::Ty(ty));
        }
        if let Some(members) = get(map, "allOf") {
            return self.all_of(map, members, ptr, hint, flags);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = get(map, key) {
                if let Some(shape) = self.one_of(map, key, members, ptr, hint, flags) {
                    return shape.ok();
                }
            }
        }
        if let Some(values) = get(map, "enum") {
            let eptr = child(ptr, "enum");
            let Value::Sequence(values) = values else {
                self.error(&eptr, "`enum` must be a list of values");
                return None;
            };
            return self.enumeration(map, values, &eptr, flags);
        }
        if let Some(value) = get(map, "const") {
            // JSON Schema's one-value enum (OpenAPI 3.1, and found in 3.0 documents too).
            let cptr = child(ptr, "const");
            return self.enumeration(map, std::slice::from_ref(value), &cptr, flags);
        }
        match get(map, "type") {
            None if has_properties(map) || map_keys(map) => self.object_shape(map, ptr, hint),
            None if get(map, "items").is_some() || get(map, "prefixItems").is_some() => {
                Some(Shape::Ty(self.array(map, ptr, hint)?))
            }
            None => Some(Shape::Ty(Ty::Json)),
            Some(Value::String(t)) => self.typed(t, map, ptr, hint, flags),
            Some(Value::Sequence(list)) => self.type_list(list, map, ptr, hint, flags),
            Some(other) => {
                let what = describe(other);
                self.error(
                    &child(ptr, "type"),
                    format!("`type` must be one of {TYPES}, but this is {what}"),
                );
                None
            }
        }
    }

    /// A schema of one named `type`.
    fn typed(
        &mut self,
        t: &str,
        map: &'a Mapping,
        ptr: &str,
        hint: &str,
        flags: &mut Flags,
    ) -> Option<Shape> {
        let ty = match t {
            "string" => match get(map, "format") {
                Some(Value::String(f)) if f == "decimal" => Ty::Decimal,
                _ => Ty::String,
            },
            "integer" => Ty::Int(int_format(map)),
            "number" => Ty::F64,
            "boolean" => Ty::Bool,
            "array" => self.array(map, ptr, hint)?,
            "object" => return self.object_shape(map, ptr, hint),
            "null" => {
                // OpenAPI 3.1 spelling, found in 3.0 documents too: only null.
                flags.nullable = true;
                Ty::Json
            }
            other => {
                self.error(
                    &child(ptr, "type"),
                    format!("unknown type `{other}`; expected one of {TYPES}, or `null`"),
                );
                return None;
            }
        };
        Some(Shape::Ty(ty))
    }

    /// `type` as a list (JSON Schema 2020-12): `"null"` among the types makes the value
    /// nullable; one other type is that type; several make a union of them, with a catch-all.
    fn type_list(
        &mut self,
        list: &[Value],
        map: &'a Mapping,
        ptr: &str,
        hint: &str,
        flags: &mut Flags,
    ) -> Option<Shape> {
        let tptr = child(ptr, "type");
        let mut types: Vec<&str> = Vec::new();
        for (i, item) in list.iter().enumerate() {
            match item {
                Value::String(t) if t == "null" => flags.nullable = true,
                Value::String(t) => {
                    if !types.contains(&t.as_str()) {
                        types.push(t);
                    }
                }
                other => {
                    let what = describe(other);
                    self.error(
                        &child(&tptr, &i.to_string()),
                        format!(
                            "a type in `type` must be one of {TYPES} or `null`, but this is {what}"
                        ),
                    );
                    return None;
                }
            }
        }
        match types.as_slice() {
            [] if list.is_empty() => Some(Shape::Ty(Ty::Json)),
            [] => Some(Shape::Ty(Ty::Json)),
            [t] => self.typed(t, map, ptr, hint, flags),
            _ => {
                let mut variants: Vec<UnionVariant> = Vec::new();
                for t in types {
                    let word = type_word(t);
                    let mut inner = Flags::default();
                    let ty = match self.typed(t, map, ptr, &format!("{hint}{word}"), &mut inner)? {
                        Shape::Ty(ty) => ty,
                        Shape::Kind(kind) => {
                            self.lift(&format!("{hint}{word}"), ptr, Flags::default(), kind)
                        }
                    };
                    let rust = unique(word, |n| variants.iter().any(|v| v.rust == n));
                    variants.push(UnionVariant {
                        rust,
                        ty,
                        tags: Vec::new(),
                    });
                }
                let catch_all = unique("Unknown", |n| variants.iter().any(|v| v.rust == n));
                Some(Shape::Kind(TypeKind::Union(Union {
                    variants,
                    tag: None,
                    catch_all,
                })))
            }
        }
    }

    fn array(&mut self, map: &'a Mapping, ptr: &str, hint: &str) -> Option<Ty> {
        // Without `items` an array holds any values; so does a tuple (`prefixItems`), whose
        // items differ by place.
        let Some(items) = get(map, "items").filter(|_| get(map, "prefixItems").is_none()) else {
            return Some(Ty::Vec(Box::new(Ty::Json)));
        };
        if matches!(items, Value::Bool(_)) {
            // `items: true` (any) or `false` (none beyond `prefixItems`).
            return Some(Ty::Vec(Box::new(Ty::Json)));
        }
        let (item, _) = self.schema(items, &child(ptr, "items"), &format!("{hint}Item"))?;
        Some(Ty::Vec(Box::new(item)))
    }

    /// The component a `$ref` names, adding its `nullable` and `readOnly` to `flags`.
    pub(super) fn reference(
        &mut self,
        reference: &Value,
        ptr: &str,
        flags: &mut Flags,
    ) -> Option<Ty> {
        let index = self.component_of(reference, ptr)?;
        let component = &self.components[index];
        flags.nullable |= component.nullable;
        flags.read_only |= component.read_only;
        Some(Ty::Named {
            id: component.id,
            boxed: false,
        })
    }

    /// The index of the component schema a `$ref` names; reports anything else. A schema
    /// that is not under `components.schemas` of the entry spec (in another file, under
    /// `$defs`, inside a parameter) becomes a component of its own on its first reference.
    pub(super) fn component_of(&mut self, reference: &Value, ptr: &str) -> Option<usize> {
        let Value::String(target) = reference else {
            let what = describe(reference);
            self.error(ptr, format!("`$ref` must be a string such as \"#/components/schemas/Name\", but this is {what}"));
            return None;
        };
        let absolute = self.follow(target, ptr)?;
        if let Some(&index) = self.component_index.get(&absolute) {
            return Some(index);
        }
        if let Some((kind, _)) = super::refs::component_name(&absolute) {
            if kind != "schemas" && !matches!(kind, "pathItems" | "securitySchemes") {
                // `#/components/parameters/p` is a parameter; its schema is
                // `#/components/parameters/p/schema`.
                let set = self.set;
                let is_schema_like = set
                    .node(&absolute)
                    .and_then(Value::as_mapping)
                    .is_some_and(|m| get(m, "in").is_none() && get(m, "content").is_none());
                if !is_schema_like {
                    self.error(ptr, format!("`{target}` names a component of `components.{kind}`, not a schema; a schema `$ref` points into `#/components/schemas/` or at a schema inside another object"));
                    return None;
                }
            }
        }
        let set = self.set;
        let Some(schema) = set.node(&absolute) else {
            self.unresolved(target, &absolute, ptr, "schemas", "schema");
            return None;
        };
        let name = super::refs::external_name(&absolute);
        let index = self.declare_component(&name, schema, &absolute);
        // Lowered now, as the entry spec's components are before any use: a parameter or an
        // `allOf` looks at what the type is.
        self.lower_component(index);
        Some(index)
    }

    /// An object schema: a struct with its properties, a map, or a free-form object.
    fn object_shape(&mut self, map: &'a Mapping, ptr: &str, hint: &str) -> Option<Shape> {
        if has_properties(map) {
            let fields = self.fields(map, ptr, hint)?;
            let additional = self.additional(map, ptr, hint)?;
            return Some(Shape::Kind(TypeKind::Struct(finish_struct(
                fields, additional,
            ))));
        }
        Some(Shape::Ty(match self.additional(map, ptr, hint)? {
            Additional::Keep(Ty::Json) | Additional::None => Ty::JsonObject,
            Additional::Keep(value) => Ty::Map(Box::new(value)),
        }))
    }

    /// Registers a type taken out of a larger schema under the name `hint` (or the first free
    /// one after it).
    pub(super) fn lift(&mut self, hint: &str, ptr: &str, flags: Flags, kind: TypeKind) -> Ty {
        let name = self.claim_type(&type_name(hint.to_owned()), ptr);
        let id = self.push_type(TypeDef {
            name,
            pointer: ptr.to_owned(),
            doc: flags.doc,
            deprecated: flags.deprecated,
            kind,
        });
        Ty::Named { id, boxed: false }
    }

    pub(super) fn additional(
        &mut self,
        map: &'a Mapping,
        ptr: &str,
        hint: &str,
    ) -> Option<Additional> {
        // `unevaluatedProperties` (2020-12) means what `additionalProperties` means for the
        // objects a client reads; `patternProperties` types the properties it does not name.
        let (key, value) = match ["additionalProperties", "unevaluatedProperties"]
            .iter()
            .find_map(|k| get(map, k).map(|v| (*k, v)))
        {
            Some(found) => found,
            None => match get(map, "patternProperties") {
                Some(Value::Mapping(patterns)) if patterns.len() == 1 => {
                    let (pattern, schema) = patterns.iter().next()?;
                    let pattern = super::key_text(pattern).unwrap_or_default();
                    let pptr = child(&child(ptr, "patternProperties"), &pattern);
                    let (ty, _) = self.schema(schema, &pptr, &format!("{hint}Value"))?;
                    return Some(Additional::Keep(ty));
                }
                _ => return Some(Additional::Keep(Ty::Json)),
            },
        };
        match value {
            Value::Bool(true) => Some(Additional::Keep(Ty::Json)),
            Value::Bool(false) => Some(Additional::None),
            Value::Mapping(m) if m.is_empty() => Some(Additional::Keep(Ty::Json)),
            schema @ Value::Mapping(_) => {
                let (ty, _) = self.schema(schema, &child(ptr, key), &format!("{hint}Value"))?;
                Some(Additional::Keep(ty))
            }
            other => {
                let what = describe(other);
                self.error(
                    &child(ptr, key),
                    format!("`{key}` must be true, false or a schema, but this is {what}"),
                );
                None
            }
        }
    }

    /// The properties of an object schema, with `required` applied (Rust names are given by
    /// [`finish_struct`]).
    pub(super) fn fields(&mut self, map: &'a Mapping, ptr: &str, hint: &str) -> Option<Vec<Field>> {
        if let Some(Value::String(t)) = get(map, "type") {
            if t != "object" {
                self.error(
                    &child(ptr, "type"),
                    format!("a schema with `properties` must have `type: object`, not `{t}`"),
                );
                return None;
            }
        }
        let pptr = child(ptr, "properties");
        let mut fields = Vec::new();
        let Some(properties) = get(map, "properties") else {
            return Some(fields);
        };
        let properties = self.mapping(properties, &pptr, "`properties`")?;
        let mut ok = true;
        for (name, schema) in self.entries(properties, &pptr) {
            let fptr = child(&pptr, &name);
            // Named for Rust by `finish_struct`; `field` where the name has no ASCII letter or
            // digit to build one from.
            let rust_field = String::new();
            let hint = format!(
                "{hint}{}",
                camel(&name)
                    .map(|c| bare(&c).to_owned())
                    .unwrap_or_default()
            );
            let Some((ty, flags)) = self.schema(schema, &fptr, &hint) else {
                ok = false;
                continue;
            };
            fields.push(Field {
                rust: rust_field,
                wire: name.clone(),
                ty,
                required: false,
                nullable: flags.nullable,
                read_only: flags.read_only,
                write_only: flags.write_only,
                deprecated: flags.deprecated,
                doc: flags.doc,
                default: flags.default,
            });
        }
        let required = self.required(map, ptr);
        mark_required(&mut fields, &required);
        ok.then_some(fields)
    }

    /// The names a `required` list gives. A name that is not among the properties is allowed:
    /// such a property is kept, like any other the spec does not describe, in the map of extra
    /// properties.
    pub(super) fn required(&mut self, map: &Mapping, ptr: &str) -> Vec<String> {
        let rptr = child(ptr, "required");
        let list = match get(map, "required") {
            None => return Vec::new(),
            Some(Value::Sequence(list)) => list,
            Some(other) => {
                let what = describe(other);
                self.error(
                    &rptr,
                    format!("`required` must be a list of property names, but this is {what}"),
                );
                return Vec::new();
            }
        };
        let mut names = Vec::new();
        for (i, item) in list.iter().enumerate() {
            match item {
                Value::String(name) => names.push(name.clone()),
                other => {
                    let what = describe(other);
                    self.error(
                        &child(&rptr, &i.to_string()),
                        format!("a required property name must be a string, but this is {what}"),
                    );
                }
            }
        }
        names
    }

    /// An enum. String values make a Rust enum with a catch-all; integer, number and boolean
    /// values keep their scalar type, with the values listed in the docs.
    pub(super) fn enumeration(
        &mut self,
        map: &Mapping,
        values: &[Value],
        eptr: &str,
        flags: &mut Flags,
    ) -> Option<Shape> {
        if values.iter().all(Value::is_null) && !values.is_empty() {
            // `enum: [null]`, `const: null`: the value is always null.
            flags.nullable = true;
            return Some(Shape::Ty(Ty::Unit));
        }
        if values.iter().any(Value::is_null) {
            // A `null` among the values: the value may be null.
            flags.nullable = true;
        }
        let present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let declared = match get(map, "type") {
            Some(Value::String(t)) => Some(t.as_str()),
            _ => None,
        };
        // `type: string` with unquoted values (`enum: [01, 02]` in YAML) means their text.
        let text_of = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) if declared == Some("string") => Some(n.to_string()),
            Value::Bool(b) if declared == Some("string") => Some(b.to_string()),
            _ => None,
        };
        let all_strings = present.iter().all(|v| text_of(v).is_some());
        if declared.is_some_and(|t| t != "string") || !all_strings {
            let ty = match declared {
                Some("integer") if present.iter().all(|v| v.is_i64() || v.is_u64()) => {
                    Ty::Int(int_format(map))
                }
                Some("number") if present.iter().all(|v| v.is_number()) => Ty::F64,
                Some("boolean") if present.iter().all(|v| v.is_bool()) => Ty::Bool,
                None if present.iter().all(|v| v.is_i64() || v.is_u64()) => Ty::Int(Int::I64),
                None if present.iter().all(|v| v.is_number()) => Ty::F64,
                None if present.iter().all(|v| v.is_bool()) => Ty::Bool,
                // Mixed or mistyped values: keep whatever comes.
                _ => Ty::Json,
            };
            let listed: Vec<String> = present
                .iter()
                .filter_map(|v| serde_json::to_string(v).ok())
                .map(|v| format!("`{v}`"))
                .collect();
            let line = format!("Documented values: {}.", listed.join(", "));
            flags.doc = Some(match flags.doc.take() {
                Some(doc) => format!("{doc}\n\n{line}"),
                None => line,
            });
            return Some(Shape::Ty(ty));
        }
        let mut variants: Vec<Variant> = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let Some(wire) = text_of(value) else { continue };
            if variants.iter().any(|v| v.wire == wire) {
                // A repeated value documents nothing new.
                continue;
            }
            let base = camel(&wire).unwrap_or_else(|| format!("Value{i}"));
            let rust = unique(&base, |n| variants.iter().any(|v| v.rust == n));
            variants.push(Variant { rust, wire });
        }
        if variants.is_empty() {
            self.error(eptr, "`enum` lists no value");
            return None;
        }
        let catch_all = unique("Unknown", |n| variants.iter().any(|v| v.rust == n));
        Some(Shape::Kind(TypeKind::Enum(Enum {
            variants,
            catch_all,
        })))
    }
}

/// The Rust integer of an integer schema's `format`; `i64` without one or for any other.
fn int_format(map: &Mapping) -> Int {
    match get(map, "format") {
        Some(Value::String(f)) => match f.as_str() {
            "int8" => Int::I8,
            "int16" => Int::I16,
            "int32" => Int::I32,
            "uint8" => Int::U8,
            "uint16" => Int::U16,
            "uint32" => Int::U32,
            "uint64" => Int::U64,
            _ => Int::I64,
        },
        _ => Int::I64,
    }
}

/// A snake_case `base`, or `base_2`, `base_3`, ... : the first that `taken` does not claim.
pub(super) fn unique_snake(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = base.to_owned();
    let mut n = 1;
    while taken(&name) {
        n += 1;
        // `self_` counts on as `self_2`, not `self__2`.
        name = format!("{}_{n}", bare(base).trim_end_matches('_'));
    }
    name
}

/// `base`, or `base2`, `base3`, ... : the first that `taken` does not claim.
pub(super) fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let raw = base.starts_with("r#");
    let stem = bare(base);
    let mut name = base.to_owned();
    let mut n = 1;
    while taken(&name) {
        n += 1;
        name = format!("{}{n}", stem.trim_end_matches('_'));
    }
    if raw && name != base {
        // `r#type2` needs no raw prefix.
        name = name.trim_start_matches("r#").to_owned();
    }
    name
}

/// Marks the fields a `required` list names.
pub(super) fn mark_required(fields: &mut [Field], required: &[String]) {
    for f in fields {
        if required.contains(&f.wire) {
            f.required = true;
        }
    }
}

/// A struct from its fields: each gets a Rust name no other field has (`name`, `name_2`, ...
/// in spec order), and the catch-all map a name none of them has.
pub(super) fn finish_struct(mut fields: Vec<Field>, additional: Additional) -> Struct {
    let mut used: HashMap<String, ()> = HashMap::new();
    for f in &mut fields {
        let base = snake(&f.wire).unwrap_or_else(|| "field".to_owned());
        let name = unique_snake(&base, |n| used.contains_key(n));
        used.insert(name.clone(), ());
        f.rust = name;
    }
    let mut additional_field = "additional_properties".to_owned();
    while used.contains_key(&additional_field) {
        additional_field.push('_');
    }
    Struct {
        fields,
        additional,
        additional_field,
        patch: None,
        input: None,
    }
}

/// Whether a schema admits `null` by what it says at its top (`nullable: true`, `null` in a
/// `type` list or an `enum`, `type: "null"`, a `null` alternative of `oneOf`/`anyOf`), so
/// that every reference to it is nullable too.
pub(super) fn declares_null(map: &Mapping) -> bool {
    let null_type = |m: &Mapping| match get(m, "type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(list)) => list.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    matches!(get(map, "nullable"), Some(Value::Bool(true)))
        || null_type(map)
        || matches!(get(map, "enum"), Some(Value::Sequence(v)) if v.iter().any(Value::is_null))
        || matches!(get(map, "const"), Some(Value::Null))
        || ["oneOf", "anyOf"].iter().any(|k| match get(map, k) {
            Some(Value::Sequence(members)) => members
                .iter()
                .filter_map(Value::as_mapping)
                .any(|m| null_type(m) || (annotation_only(m) && declares_null(m))),
            _ => false,
        })
}

/// Whether a schema without `type` describes an object's other properties (a map).
fn map_keys(map: &Mapping) -> bool {
    [
        "additionalProperties",
        "patternProperties",
        "unevaluatedProperties",
    ]
    .iter()
    .any(|k| get(map, k).is_some())
}

/// A variant name for one type of a `type` list.
fn type_word(t: &str) -> &'static str {
    match t {
        "string" => "String",
        "integer" => "Integer",
        "number" => "Number",
        "boolean" => "Boolean",
        "array" => "Array",
        _ => "Object",
    }
}

pub(super) fn has_properties(map: &Mapping) -> bool {
    matches!(get(map, "properties"), Some(Value::Mapping(p)) if !p.is_empty())
        || matches!(get(map, "properties"), Some(v) if !v.is_mapping())
}

/// The known name closest to a mistyped one, when one is close enough to suggest.
pub(super) fn nearest<'k>(name: &str, known: &[&'k String]) -> Option<&'k String> {
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{unique, unique_snake};

    #[test]
    fn unique_names_count_up() {
        assert_eq!(unique("Pet", |n| n == "Pet"), "Pet2");
        assert_eq!(unique("Pet", |n| n == "Pet" || n == "Pet2"), "Pet3");
        assert_eq!(unique("Pet", |_| false), "Pet");
        assert_eq!(unique("r#type", |n| n == "r#type"), "type2");
        assert_eq!(unique_snake("user_id", |n| n == "user_id"), "user_id_2");
        assert_eq!(unique_snake("r#type", |n| n == "r#type"), "type_2");
        assert_eq!(unique_snake("self_", |n| n == "self_"), "self_2");
    }
}
