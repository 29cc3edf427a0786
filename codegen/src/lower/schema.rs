//! Schemas to types: components, properties, enums, and the types lifted out of them.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use super::names::{bare, camel, snake, type_name};
use super::{Component, Lowerer, child, get};
use crate::ir::{Additional, Enum, Field, Struct, Ty, TypeDef, TypeKind, Variant};
use crate::load::describe;

/// What a schema says about the value besides its type.
#[derive(Clone, Debug, Default)]
pub(super) struct Flags {
    pub nullable: bool,
    pub read_only: bool,
    pub doc: Option<String>,
    pub default: Option<String>,
}

/// Keywords outside the supported subset, with what to write instead.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "oneOf",
        "`oneOf` is not supported; describe the value as one object schema (optional properties cover most variants)",
    ),
    (
        "anyOf",
        "`anyOf` is not supported; describe the value as one object schema",
    ),
    (
        "not",
        "`not` is not supported; remove it (it only constrains values, which the generated types do not check)",
    ),
    (
        "discriminator",
        "`discriminator` is not supported; it only applies to oneOf/anyOf, which are not supported either",
    ),
];

const TYPES: &str = "string, integer, number, boolean, array or object";

impl Lowerer<'_> {
    /// Pass 1: gives a component schema its Rust name and records its flags.
    pub(super) fn declare_component(&mut self, name: &str, schema: &Value, ptr: &str) {
        let Some(rust) = camel(name).map(type_name) else {
            self.error(ptr, format!("cannot make a Rust type name from `{name}`; a schema name needs at least one ASCII letter or digit"));
            return;
        };
        if !self.claim_type(&rust, ptr) {
            return;
        }
        let (nullable, read_only) = match schema {
            Value::Mapping(m) => (
                matches!(get(m, "nullable"), Some(Value::Bool(true))),
                matches!(get(m, "readOnly"), Some(Value::Bool(true))),
            ),
            _ => (false, false),
        };
        self.components.insert(
            name.to_owned(),
            Component {
                rust,
                nullable,
                read_only,
            },
        );
    }

    /// Pass 2: lowers a component schema into a named type, with its example.
    pub(super) fn component(&mut self, name: &str, schema: &Value, ptr: &str) {
        let Some(rust) = self.components.get(name).map(|c| c.rust.clone()) else {
            return;
        };
        let Some(map) = self.mapping(schema, ptr, "a schema") else {
            return;
        };
        let slot = self.types.len();
        self.types.push(TypeDef {
            name: rust.clone(),
            pointer: ptr.to_owned(),
            doc: None,
            kind: TypeKind::Alias(Ty::Json),
        });
        let doc = self.text(map, ptr, "description");
        let kind = if self.unsupported(map, ptr) {
            None
        } else if get(map, "enum").is_some() {
            self.enumeration(map, ptr).map(TypeKind::Enum)
        } else if has_properties(map) {
            self.object(map, ptr, &rust).map(TypeKind::Struct)
        } else {
            self.schema(schema, ptr, &rust)
                .map(|(ty, _)| TypeKind::Alias(ty))
        };
        if let Some(kind) = kind {
            self.types[slot] = TypeDef {
                name: rust.clone(),
                pointer: ptr.to_owned(),
                doc,
                kind,
            };
        }
        if let Some(example) = get(map, "example") {
            let ty = Ty::Named {
                name: rust,
                boxed: false,
            };
            let test = format!("{}_schema", bare(&snake(name).unwrap_or_default()));
            self.example(&test, &child(ptr, "example"), example, ty, false);
        }
    }

    /// Reports keywords outside the subset; true when there were any.
    fn unsupported(&mut self, map: &Mapping, ptr: &str) -> bool {
        let mut found = false;
        for (key, message) in UNSUPPORTED {
            if get(map, key).is_some() {
                self.error(&child(ptr, key), *message);
                found = true;
            }
        }
        if let Some(Value::Sequence(members)) = get(map, "allOf") {
            if members.len() != 1 {
                self.error(
                    &child(ptr, "allOf"),
                    format!("`allOf` with {} members is not supported; use exactly one member (`allOf: [$ref: ...]`, to add nullable/readOnly/description to a reference) or merge the members into one object schema", members.len()),
                );
                found = true;
            }
        }
        found
    }

    /// Lowers a schema in a value position. Inline enums and objects become named types
    /// called `hint`.
    pub(super) fn schema(&mut self, value: &Value, ptr: &str, hint: &str) -> Option<(Ty, Flags)> {
        let map = self.mapping(value, ptr, "a schema")?;
        let mut flags = Flags {
            nullable: self.flag(map, ptr, "nullable"),
            read_only: self.flag(map, ptr, "readOnly"),
            doc: self.text(map, ptr, "description"),
            default: get(map, "default").and_then(|d| serde_json::to_string(d).ok()),
        };
        if self.unsupported(map, ptr) {
            return None;
        }
        if let Some(reference) = get(map, "$ref") {
            let ty = self.reference(reference, &child(ptr, "$ref"), &mut flags)?;
            return Some((ty, flags));
        }
        if let Some(Value::Sequence(members)) = get(map, "allOf") {
            let (ty, inner) = self.schema(&members[0], &child(&child(ptr, "allOf"), "0"), hint)?;
            flags.nullable |= inner.nullable;
            flags.read_only |= inner.read_only;
            if flags.doc.is_none() {
                flags.doc = inner.doc;
            }
            return Some((ty, flags));
        } else if let Some(other) = get(map, "allOf") {
            let what = describe(other);
            self.error(
                &child(ptr, "allOf"),
                format!("`allOf` must be a list, but this is {what}"),
            );
            return None;
        }
        if get(map, "enum").is_some() {
            let e = self.enumeration(map, ptr)?;
            if e.variants.len() < enum_len(map) {
                // A `null` among the values: the value may be null.
                flags.nullable = true;
            }
            return self
                .lift(hint, ptr, flags.doc.clone(), TypeKind::Enum(e))
                .map(|ty| (ty, flags));
        }
        let ty = match get(map, "type") {
            None if has_properties(map) || get(map, "additionalProperties").is_some() => {
                self.object_ty(map, ptr, hint, &flags)?
            }
            None => Ty::Json,
            Some(Value::String(t)) => match t.as_str() {
                "string" => match get(map, "format") {
                    Some(Value::String(f)) if f == "decimal" => Ty::Decimal,
                    _ => Ty::String,
                },
                "integer" => match get(map, "format") {
                    Some(Value::String(f)) if f == "int32" => Ty::I32,
                    _ => Ty::I64,
                },
                "number" => Ty::F64,
                "boolean" => Ty::Bool,
                "array" => {
                    let Some(items) = get(map, "items") else {
                        self.error(
                            ptr,
                            "an array schema needs `items`; use `items: {}` for any value",
                        );
                        return None;
                    };
                    let item_hint = format!("{hint}Item");
                    let (item, _) = self.schema(items, &child(ptr, "items"), &item_hint)?;
                    Ty::Vec(Box::new(item))
                }
                "object" => self.object_ty(map, ptr, hint, &flags)?,
                other => {
                    self.error(
                        &child(ptr, "type"),
                        format!("unknown type `{other}`; expected one of {TYPES}"),
                    );
                    return None;
                }
            },
            Some(Value::Sequence(_)) => {
                self.error(&child(ptr, "type"), format!("`type` as a list is OpenAPI 3.1; in 3.0 write one of {TYPES}, with `nullable: true` for null"));
                return None;
            }
            Some(other) => {
                let what = describe(other);
                self.error(
                    &child(ptr, "type"),
                    format!("`type` must be one of {TYPES}, but this is {what}"),
                );
                return None;
            }
        };
        Some((ty, flags))
    }

    fn reference(&mut self, reference: &Value, ptr: &str, flags: &mut Flags) -> Option<Ty> {
        let Value::String(target) = reference else {
            let what = describe(reference);
            self.error(ptr, format!("`$ref` must be a string such as \"#/components/schemas/Name\", but this is {what}"));
            return None;
        };
        let Some(name) = target.strip_prefix("#/components/schemas/") else {
            let message = if target.starts_with('#') {
                format!(
                    "`{target}` is not supported; only references to `#/components/schemas/<Name>` are"
                )
            } else {
                format!(
                    "external reference `{target}` is not supported; copy the schema into `components.schemas` and refer to it as `#/components/schemas/<Name>`"
                )
            };
            self.error(ptr, message);
            return None;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let Some(component) = self.components.get(&name).cloned() else {
            let mut known: Vec<&String> = self.components.keys().collect();
            known.sort();
            let hint = nearest(&name, &known)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            self.error(ptr, format!("`{target}` does not resolve: there is no schema `{name}` in `components.schemas`{hint}"));
            return None;
        };
        flags.nullable |= component.nullable;
        flags.read_only |= component.read_only;
        Some(Ty::Named {
            name: component.rust,
            boxed: false,
        })
    }

    /// An object in a value position: a lifted struct, a map, or a free-form object.
    fn object_ty(&mut self, map: &Mapping, ptr: &str, hint: &str, flags: &Flags) -> Option<Ty> {
        if has_properties(map) {
            let s = self.object(map, ptr, hint)?;
            return self.lift(hint, ptr, flags.doc.clone(), TypeKind::Struct(s));
        }
        match self.additional(map, ptr, hint)? {
            Additional::Keep(Ty::Json) | Additional::None => Some(Ty::JsonObject),
            Additional::Keep(value) => Some(Ty::Map(Box::new(value))),
        }
    }

    /// Registers a type taken out of a larger schema under the name `hint`.
    fn lift(&mut self, hint: &str, ptr: &str, doc: Option<String>, kind: TypeKind) -> Option<Ty> {
        let hint = &type_name(hint.to_owned());
        if !self.claim_type(hint, ptr) {
            return None;
        }
        self.types.push(TypeDef {
            name: hint.to_owned(),
            pointer: ptr.to_owned(),
            doc,
            kind,
        });
        Some(Ty::Named {
            name: hint.to_owned(),
            boxed: false,
        })
    }

    fn additional(&mut self, map: &Mapping, ptr: &str, hint: &str) -> Option<Additional> {
        match get(map, "additionalProperties") {
            None | Some(Value::Bool(true)) => Some(Additional::Keep(Ty::Json)),
            Some(Value::Bool(false)) => Some(Additional::None),
            Some(Value::Mapping(m)) if m.is_empty() => Some(Additional::Keep(Ty::Json)),
            Some(schema @ Value::Mapping(_)) => {
                let (ty, _) = self.schema(
                    schema,
                    &child(ptr, "additionalProperties"),
                    &format!("{hint}Value"),
                )?;
                Some(Additional::Keep(ty))
            }
            Some(other) => {
                let what = describe(other);
                self.error(
                    &child(ptr, "additionalProperties"),
                    format!(
                        "`additionalProperties` must be true, false or a schema, but this is {what}"
                    ),
                );
                None
            }
        }
    }

    /// An object schema with properties.
    pub(super) fn object(&mut self, map: &Mapping, ptr: &str, rust: &str) -> Option<Struct> {
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
        let properties = self.mapping(get(map, "properties")?, &pptr, "`properties`")?;
        let required = self.required(map, ptr, properties);
        let mut fields = Vec::new();
        let mut by_rust: HashMap<String, String> = HashMap::new();
        let mut ok = true;
        for (name, schema) in self.entries(properties, &pptr) {
            let fptr = child(&pptr, &name);
            let Some(rust_field) = snake(&name) else {
                self.error(&fptr, format!("cannot make a Rust field name from `{name}`; a property name needs at least one ASCII letter or digit"));
                ok = false;
                continue;
            };
            if let Some(first) = by_rust.get(&rust_field) {
                self.error(&fptr, format!("properties `{first}` and `{name}` both become the Rust field `{rust_field}`; the generator cannot tell them apart, so their names must differ in letters or digits"));
                ok = false;
                continue;
            }
            by_rust.insert(rust_field.clone(), name.clone());
            let hint = format!(
                "{rust}{}",
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
                required: required.contains(&name),
                nullable: flags.nullable,
                read_only: flags.read_only,
                doc: flags.doc,
                default: flags.default,
            });
        }
        let additional = self.additional(map, ptr, rust)?;
        let mut additional_field = "additional_properties".to_owned();
        while by_rust.contains_key(&additional_field) {
            additional_field.push('_');
        }
        ok.then_some(Struct {
            fields,
            additional,
            additional_field,
            patch: false,
            input: false,
        })
    }

    fn required(&mut self, map: &Mapping, ptr: &str, properties: &Mapping) -> Vec<String> {
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
                Value::String(name) if properties.contains_key(name.as_str()) => {
                    names.push(name.clone())
                }
                Value::String(name) => self.error(
                    &child(&rptr, &i.to_string()),
                    format!("`required` lists `{name}`, which is not among the properties"),
                ),
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

    /// A string enum: its documented values and its catch-all variant.
    fn enumeration(&mut self, map: &Mapping, ptr: &str) -> Option<Enum> {
        let eptr = child(ptr, "enum");
        match get(map, "type") {
            None => {}
            Some(Value::String(t)) if t == "string" => {}
            Some(Value::String(t)) => {
                self.error(
                    &child(ptr, "type"),
                    format!("enums of type `{t}` are not supported; only string enums are"),
                );
                return None;
            }
            Some(_) => {}
        }
        let Some(Value::Sequence(values)) = get(map, "enum") else {
            self.error(&eptr, "`enum` must be a list of strings");
            return None;
        };
        let mut variants: Vec<Variant> = Vec::new();
        let mut ok = true;
        for (i, value) in values.iter().enumerate() {
            let vptr = child(&eptr, &i.to_string());
            let wire = match value {
                Value::String(s) => s.clone(),
                Value::Null => continue,
                other => {
                    let what = describe(other);
                    self.error(&vptr, format!("enum value is {what}; only string values (and null, for a nullable enum) are supported; quote it if it is meant as text"));
                    ok = false;
                    continue;
                }
            };
            if variants.iter().any(|v| v.wire == wire) {
                self.error(&vptr, format!("enum value `{wire}` is listed twice"));
                ok = false;
                continue;
            }
            let rust = camel(&wire).unwrap_or_else(|| format!("Value{i}"));
            if let Some(first) = variants.iter().find(|v| v.rust == rust) {
                self.error(&vptr, format!("enum values `{}` and `{wire}` both become the Rust variant `{rust}`; the generator cannot tell them apart", first.wire));
                ok = false;
                continue;
            }
            variants.push(Variant { rust, wire });
        }
        if variants.is_empty() && ok {
            self.error(&eptr, "`enum` lists no string value");
            return None;
        }
        let mut catch_all = "Unknown".to_owned();
        let mut n = 1;
        while variants.iter().any(|v| v.rust == catch_all) {
            n += 1;
            catch_all = format!("Unknown{n}");
        }
        ok.then_some(Enum {
            variants,
            catch_all,
        })
    }
}

fn has_properties(map: &Mapping) -> bool {
    matches!(get(map, "properties"), Some(Value::Mapping(p)) if !p.is_empty())
        || matches!(get(map, "properties"), Some(v) if !v.is_mapping())
}

fn enum_len(map: &Mapping) -> usize {
    match get(map, "enum") {
        Some(Value::Sequence(values)) => values.len(),
        _ => 0,
    }
}

/// The known name closest to a mistyped one, when one is close enough to suggest.
fn nearest<'a>(name: &str, known: &[&'a String]) -> Option<&'a String> {
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
