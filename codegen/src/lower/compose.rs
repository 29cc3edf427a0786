//! Composed schemas: `allOf` merged into one object, `oneOf` / `anyOf` as a Rust enum.

use serde_yaml::{Mapping, Value};

use super::names::{bare, camel};
use super::schema::{Flags, Shape, annotation_only, finish_struct, has_properties, unique};
use super::{Lowerer, Reported, State, child, get};
use crate::ir::{Additional, Field, Ty, TypeKind, Union, UnionVariant};
use crate::load::describe;

/// The object an `allOf` member contributes.
struct Part {
    fields: Vec<Field>,
    additional: Additional,
    ptr: String,
}

impl<'a> Lowerer<'a> {
    /// `allOf`: members that are objects (by reference or inline) are merged into one struct:
    /// properties in member order, `required` and `readOnly`/`writeOnly`/`nullable` carried.
    /// Members that only annotate add their flags. A single member of another kind (such as a
    /// reference to a string schema) is the type itself.
    pub(super) fn all_of(
        &mut self,
        map: &'a Mapping,
        members: &'a Value,
        ptr: &str,
        hint: &str,
        flags: &mut Flags,
    ) -> Option<Shape> {
        let aptr = child(ptr, "allOf");
        let Value::Sequence(list) = members else {
            let what = describe(members);
            self.error(&aptr, format!("`allOf` must be a list, but this is {what}"));
            return None;
        };
        if list.is_empty() {
            self.error(
                &aptr,
                "`allOf` lists no member; remove it or list the schemas to merge",
            );
            return None;
        }
        let contributing: Vec<usize> = (0..list.len())
            .filter(|&i| list[i].as_mapping().is_none_or(|m| !annotation_only(m)))
            .collect();
        if contributing.len() <= 1 && !has_properties(map) {
            // One member with a type, the rest annotations (`allOf: [$ref: X]` beside
            // `nullable`, `readOnly` or a description): the value is that member's type.
            for (i, member) in list.iter().enumerate() {
                if let Some(m) = member.as_mapping().filter(|m| annotation_only(m)) {
                    let more = self.flags(m, &child(&aptr, &i.to_string()));
                    flags.absorb(more);
                }
            }
            let Some(&i) = contributing.first() else {
                return Some(Shape::Ty(Ty::Json));
            };
            let mptr = child(&aptr, &i.to_string());
            let m = self.mapping(&list[i], &mptr, "an `allOf` member")?;
            let mut inner = self.flags(m, &mptr);
            let shape = self.shape(m, &mptr, hint, &mut inner)?;
            flags.absorb(inner);
            return Some(shape);
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut others: Vec<(Ty, String)> = Vec::new();
        let mut required = self.required(map, ptr);
        let mut ok = true;
        for (i, member) in list.iter().enumerate() {
            let mptr = child(&aptr, &i.to_string());
            let Some(m) = self.mapping(member, &mptr, "an `allOf` member") else {
                ok = false;
                continue;
            };
            if let Some(reference) = get(m, "$ref") {
                let rptr = child(&mptr, "$ref");
                let Some(index) = self.component_of(reference, &rptr) else {
                    ok = false;
                    continue;
                };
                if self.components[index].state == State::Lowering {
                    self.error(&rptr, "this `allOf` refers back to the schema it is part of; an object cannot contain itself");
                    ok = false;
                    continue;
                }
                let before = self.diags.len();
                // A component that is another name for one (`ErrorInfo: {$ref: ...}`) merges
                // as the one it names.
                let index = self.through_aliases(index);
                if self.diags.len() > before {
                    // Its own problems are reported; merging what is left would only add noise.
                    ok = false;
                    continue;
                }
                let id = self.components[index].id;
                match &self.types[id.0].kind {
                    TypeKind::Struct(s) => parts.push(Part {
                        fields: s.fields.clone(),
                        additional: s.additional.clone(),
                        ptr: mptr,
                    }),
                    TypeKind::Alias(Ty::JsonObject) => parts.push(Part {
                        fields: Vec::new(),
                        additional: Additional::Keep(Ty::Json),
                        ptr: mptr,
                    }),
                    _ => {
                        let mut inner = Flags::default();
                        if let Some(ty) = self.reference(reference, &rptr, &mut inner) {
                            flags.absorb(inner);
                            others.push((ty, mptr));
                        }
                    }
                }
                continue;
            }
            let mut inner = self.flags(m, &mptr);
            required.extend(self.required(m, &mptr));
            if annotation_only(m) {
                flags.absorb(inner);
                continue;
            }
            let shape = self.shape(m, &mptr, hint, &mut inner);
            if let Some(Shape::Ty(Ty::Named { id, .. })) = &shape {
                // A component reached through the member (a nullable `oneOf`) is merged by
                // its properties, so it is lowered first, as a `$ref` member is.
                if let Some(index) = self.components.iter().position(|c| c.id == *id) {
                    self.through_aliases(index);
                }
            }
            match shape {
                Some(Shape::Kind(TypeKind::Struct(s))) => parts.push(Part {
                    fields: s.fields,
                    additional: s.additional,
                    ptr: mptr,
                }),
                Some(Shape::Ty(Ty::JsonObject)) => parts.push(Part {
                    fields: Vec::new(),
                    additional: Additional::Keep(Ty::Json),
                    ptr: mptr,
                }),
                // A member that comes to a named object (`oneOf: [{type: "null"}, {$ref:
                // X}]`, as 3.1 writes a nullable reference) merges as that object.
                Some(Shape::Ty(Ty::Named { id, .. }))
                    if matches!(self.types[id.0].kind, TypeKind::Struct(_)) =>
                {
                    if let TypeKind::Struct(s) = &self.types[id.0].kind {
                        parts.push(Part {
                            fields: s.fields.clone(),
                            additional: s.additional.clone(),
                            ptr: mptr,
                        });
                    }
                }
                Some(Shape::Ty(ty)) => {
                    flags.absorb(inner);
                    others.push((ty, mptr));
                }
                Some(Shape::Kind(kind)) => {
                    let ty = self.lift(hint, &mptr, inner.clone(), kind);
                    flags.absorb(inner);
                    others.push((ty, mptr));
                }
                None => ok = false,
            }
        }
        // Properties written beside `allOf` belong to the same object.
        if has_properties(map) {
            let fields = self.fields(map, ptr, hint)?;
            let additional = self.additional(map, ptr, hint)?;
            parts.push(Part {
                fields,
                additional,
                ptr: ptr.to_owned(),
            });
        }
        if !ok {
            return None;
        }
        if parts.is_empty() {
            let mut merged: Option<Ty> = None;
            for (ty, optr) in &others {
                merged = match merged {
                    None => Some(ty.clone()),
                    Some(m) => match self.refine(&m, ty) {
                        Some(t) => Some(t),
                        None => {
                            self.warn(optr, "this `allOf` member's type differs from the others', so no value is all of them; the value is read as any JSON value");
                            return Some(Shape::Ty(Ty::Json));
                        }
                    },
                };
            }
            return Some(Shape::Ty(merged.unwrap_or(Ty::Json)));
        }
        for (_, optr) in &others {
            self.warn(optr, "this `allOf` member is not an object, but others are; the value is read as the object members describe it (this member only constrains it)");
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut closed = true;
        let mut kept: Option<Ty> = None;
        for part in parts {
            for f in part.fields {
                let merged = fields
                    .iter()
                    .find(|g| g.wire == f.wire)
                    .map(|g| self.refine(&g.ty, &f.ty));
                match fields.iter_mut().find(|g| g.wire == f.wire) {
                    Some(g) if merged.as_ref().is_some_and(Option::is_some) => {
                        g.ty = merged.flatten().unwrap_or(Ty::Json);
                        g.required |= f.required;
                        g.nullable |= f.nullable;
                        g.read_only |= f.read_only;
                        g.write_only |= f.write_only;
                        g.deprecated |= f.deprecated;
                        if g.doc.is_none() {
                            g.doc = f.doc;
                        }
                    }
                    Some(g) => {
                        self.warn(&part.ptr, format!("property `{}` is declared with different types in two `allOf` members; it is read as any JSON value", f.wire));
                        g.ty = Ty::Json;
                    }
                    None => fields.push(f),
                }
            }
            if let Additional::Keep(ty) = part.additional {
                closed = false;
                kept = match kept {
                    None => Some(ty),
                    Some(k) if k == ty => Some(k),
                    Some(_) => Some(Ty::Json),
                };
            }
        }
        super::schema::mark_required(&mut fields, &required);
        // Closed only when every member is: a merged object otherwise keeps what it does not
        // name, as any other object does.
        let additional = match (closed, kept) {
            (true, _) => Additional::None,
            (false, kept) => Additional::Keep(kept.unwrap_or(Ty::Json)),
        };
        Some(Shape::Kind(TypeKind::Struct(finish_struct(
            fields, additional,
        ))))
    }

    /// `oneOf` / `anyOf`: a Rust enum with a variant per alternative and a catch-all
    /// (`Err` when a problem was reported instead). `None`
    /// when the alternatives do not make a type of their own and the rest of the schema
    /// describes the value: alternatives that only constrain (`oneOf: [{required: [a]},
    /// {required: [b]}]`), or properties written beside them (the object is then read as
    /// that object; what an alternative adds is kept with its other unknown properties).
    pub(super) fn one_of(
        &mut self,
        map: &'a Mapping,
        key: &str,
        members: &'a Value,
        ptr: &str,
        hint: &str,
        flags: &mut Flags,
    ) -> Option<Result<Shape, Reported>> {
        let optr = child(ptr, key);
        let Value::Sequence(list) = members else {
            let what = describe(members);
            self.error(&optr, format!("`{key}` must be a list, but this is {what}"));
            return Some(Err(Reported));
        };
        if list.is_empty() {
            self.error(
                &optr,
                format!("`{key}` lists no alternative; remove it or list the schemas"),
            );
            return Some(Err(Reported));
        }
        let constraints_only = list
            .iter()
            .all(|m| m.as_mapping().is_some_and(annotation_only));
        if constraints_only || has_properties(map) {
            return None;
        }
        // Alternatives that are each one value (`oneOf: [{const: 0, title: NORMAL}, ...]`,
        // JSON Schema's way to document the values of an enum) are an enum of those values.
        let values: Option<Vec<Value>> = list
            .iter()
            .map(|m| {
                let m = m.as_mapping()?;
                match get(m, "const") {
                    Some(v) if !v.is_mapping() && !v.is_sequence() => Some(v.clone()),
                    _ => match get(m, "enum") {
                        Some(Value::Sequence(e)) if e.len() == 1 && !e[0].is_mapping() => {
                            Some(e[0].clone())
                        }
                        _ => None,
                    },
                }
            })
            .collect();
        if let Some(values) = values {
            return Some(self.enumeration(map, &values, &optr, flags).ok_or(Reported));
        }
        // A string enum beside a plain string (`anyOf: [{type: string, enum: [A, B]},
        // {type: string}]`, how 3GPP and others write an enum that may grow) is a string enum:
        // its catch-all holds the other strings.
        if let Some(values) = extensible_enum(list) {
            return Some(self.enumeration(map, &values, &optr, flags).ok_or(Reported));
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        // For each variant, the component it names (for implicit discriminator values).
        let mut origins: Vec<Option<usize>> = Vec::new();
        let mut ok = true;
        for (i, member) in list.iter().enumerate() {
            let mptr = child(&optr, &i.to_string());
            let Some(m) = self.mapping(member, &mptr, "an alternative") else {
                ok = false;
                continue;
            };
            let (ty, name, origin) = if let Some(reference) = get(m, "$ref") {
                let Some(index) = self.component_of(reference, &child(&mptr, "$ref")) else {
                    ok = false;
                    continue;
                };
                let id = self.components[index].id;
                let name = self.types[id.0].name.clone();
                (Ty::Named { id, boxed: false }, name, Some(index))
            } else {
                if matches!(get(m, "type"), Some(Value::String(t)) if t == "null")
                    || (annotation_only(m) && matches!(get(m, "nullable"), Some(Value::Bool(true))))
                {
                    flags.nullable = true;
                    continue;
                }
                let word = match get(m, "title") {
                    Some(Value::String(title)) => camel(title).map(|c| bare(&c).to_owned()),
                    _ => None,
                }
                .unwrap_or_else(|| kind_word(m).to_owned());
                let Some((ty, inner)) = self.schema(member, &mptr, &format!("{hint}{word}")) else {
                    ok = false;
                    continue;
                };
                flags.nullable |= inner.nullable;
                (ty, word, None)
            };
            let rust = unique(&name, |n| variants.iter().any(|v| v.rust == n));
            variants.push(UnionVariant {
                rust,
                ty,
                tags: Vec::new(),
            });
            origins.push(origin);
        }
        if !ok {
            return Some(Err(Reported));
        }
        if variants.len() == 1 {
            return Some(Ok(Shape::Ty(variants.remove(0).ty)));
        }
        if variants.is_empty() {
            return Some(Ok(Shape::Ty(Ty::Json)));
        }
        let tag = match get(map, "discriminator") {
            Some(d) => {
                let dptr = child(ptr, "discriminator");
                let Some(d) = self.mapping(d, &dptr, "`discriminator`") else {
                    return Some(Err(Reported));
                };
                self.keywords(d, &dptr, super::keywords::Object::Discriminator);
                let Some(property) = self.text(d, &dptr, "propertyName") else {
                    self.error(&dptr, "the discriminator has no `propertyName`");
                    return Some(Err(Reported));
                };
                let mut mapped = vec![false; variants.len()];
                if let Some(mapping) = get(d, "mapping") {
                    let mptr = child(&dptr, "mapping");
                    if let Some(mapping) = self.mapping(mapping, &mptr, "`mapping`") {
                        for (value, target) in self.entries(mapping, &mptr) {
                            let tptr = child(&mptr, &value);
                            // A mapping target is a reference or a bare schema name.
                            let reference = match target {
                                Value::String(t) if !t.starts_with('#') && !t.contains('/') => {
                                    Value::String(format!("#/components/schemas/{t}"))
                                }
                                other => other.clone(),
                            };
                            let Some(index) = self.component_of(&reference, &tptr) else {
                                return Some(Err(Reported));
                            };
                            let v = match origins.iter().position(|o| *o == Some(index)) {
                                Some(v) => v,
                                None => {
                                    // A mapping may name a schema the alternatives do not
                                    // list (as inheritance through allOf does): it is one more.
                                    let id = self.components[index].id;
                                    let name = self.types[id.0].name.clone();
                                    let rust =
                                        unique(&name, |n| variants.iter().any(|v| v.rust == n));
                                    variants.push(UnionVariant {
                                        rust,
                                        ty: Ty::Named { id, boxed: false },
                                        tags: Vec::new(),
                                    });
                                    origins.push(Some(index));
                                    mapped.push(false);
                                    variants.len() - 1
                                }
                            };
                            variants[v].tags.push(value);
                            mapped[v] = true;
                        }
                    }
                }
                for (v, origin) in origins.iter().enumerate() {
                    if let (false, Some(index)) = (mapped[v], origin) {
                        // Without a mapping entry the value is the one the schema fixes
                        // (`kind: {const: http}`), else the schema's name.
                        let name = self
                            .const_tag(*index, &property)
                            .unwrap_or_else(|| self.components[*index].name.clone());
                        variants[v].tags.push(name);
                    }
                }
                Some(property)
            }
            // Every alternative a schema that fixes one property to its own value
            // (`type: {const: arrived}`): that property tells them apart.
            None => self.implied_tag(&origins).map(|(property, tags)| {
                for (variant, tag) in variants.iter_mut().zip(tags) {
                    variant.tags.push(tag);
                }
                property
            }),
        };
        let catch_all = unique("Unknown", |n| variants.iter().any(|v| v.rust == n));
        Some(Ok(Shape::Kind(TypeKind::Union(Union {
            variants,
            tag,
            catch_all,
        }))))
    }
}

impl Lowerer<'_> {
    /// The value a component schema fixes for `property` (`{const: v}` or a one-value
    /// `enum`), in its own properties or those of its `allOf` members.
    fn const_tag(&self, index: usize, property: &str) -> Option<String> {
        let fixed = |m: &Mapping| -> Option<String> {
            let p = get(m, "properties")?
                .as_mapping()?
                .get(property)?
                .as_mapping()?;
            match (get(p, "const"), get(p, "enum")) {
                (Some(Value::String(v)), _) => Some(v.clone()),
                (None, Some(Value::Sequence(e))) if e.len() == 1 => {
                    e[0].as_str().map(str::to_owned)
                }
                _ => None,
            }
        };
        let schema = self.components[index].schema.as_mapping()?;
        fixed(schema).or_else(|| match get(schema, "allOf") {
            Some(Value::Sequence(members)) => {
                members.iter().filter_map(Value::as_mapping).find_map(fixed)
            }
            _ => None,
        })
    }

    /// A property every alternative fixes to a value of its own, and those values in order.
    fn implied_tag(&self, origins: &[Option<usize>]) -> Option<(String, Vec<String>)> {
        let first = (*origins.first()?)?;
        let schema = self.components[first].schema.as_mapping()?;
        let candidates: Vec<String> = get(schema, "properties")
            .and_then(Value::as_mapping)
            .map(|p| p.keys().filter_map(super::key_text).collect())
            .unwrap_or_default();
        candidates.into_iter().find_map(|property| {
            let tags: Option<Vec<String>> = origins
                .iter()
                .map(|o| self.const_tag((*o)?, &property))
                .collect();
            let tags = tags?;
            let distinct = tags.iter().enumerate().all(|(i, t)| !tags[..i].contains(t));
            distinct.then_some((property, tags))
        })
    }

    /// Lowers a component and, while it is another name for a component (an alias of a
    /// named type), the one it names; the last one's index.
    fn through_aliases(&mut self, mut index: usize) -> usize {
        for _ in 0..self.components.len() {
            self.lower_component(index);
            let id = self.components[index].id;
            let TypeKind::Alias(Ty::Named { id: target, .. }) = self.types[id.0].kind else {
                break;
            };
            match self.components.iter().position(|c| c.id == target) {
                Some(next) if self.components[next].state != State::Lowering => index = next,
                _ => break,
            }
        }
        index
    }

    /// The type of a property that two `allOf` members declare, when they agree: the same
    /// type, or one refining the other (a string enum, or an alias, of a string; any type of
    /// an untyped value; an integer where the other says number is read as the number; of two
    /// integer widths the first declared).
    fn refine(&self, a: &Ty, b: &Ty) -> Option<Ty> {
        if a == b {
            return Some(a.clone());
        }
        let seen = |ty: &Ty| match ty {
            Ty::Named { id, .. } => match &self.types[id.0].kind {
                TypeKind::Alias(inner) => inner.clone(),
                TypeKind::Enum(_) => Ty::String,
                _ => ty.clone(),
            },
            other => other.clone(),
        };
        match (a, b) {
            (Ty::Json, other) | (other, Ty::Json) => Some(other.clone()),
            (Ty::Int(_), Ty::F64) | (Ty::F64, Ty::Int(_)) => Some(Ty::F64),
            // An enum of integers without a format narrows values, not the width.
            (Ty::Int(_), Ty::Int(_)) => Some(a.clone()),
            // The named side is the more specific one (an enum of the strings, an alias).
            (Ty::Named { .. }, plain) if seen(a) == *plain => Some(a.clone()),
            (plain, Ty::Named { .. }) if seen(b) == *plain => Some(b.clone()),
            (Ty::Vec(x), Ty::Vec(y)) => self.refine(x, y).map(|t| Ty::Vec(Box::new(t))),
            (Ty::Named { id: x, .. }, Ty::Named { id: y, .. }) => {
                match (&self.types[x.0].kind, &self.types[y.0].kind) {
                    // Two objects: the one that names every property of the other is the more
                    // specific (a `…Response` built on a base); either keeps what it does not
                    // name, so nothing received is lost.
                    (TypeKind::Struct(p), TypeKind::Struct(q)) => {
                        let covers = |p: &crate::ir::Struct, q: &crate::ir::Struct| {
                            q.fields
                                .iter()
                                .all(|f| p.fields.iter().any(|g| g.wire == f.wire))
                        };
                        Some(if covers(q, p) && !covers(p, q) {
                            b.clone()
                        } else {
                            a.clone()
                        })
                    }
                    // Two string enums: each keeps any value.
                    (TypeKind::Enum(_), TypeKind::Enum(_)) => Some(a.clone()),
                    (TypeKind::Alias(inner), _) => self.refine(&inner.clone(), b),
                    (_, TypeKind::Alias(inner)) => self.refine(a, &inner.clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// A variant name for an inline alternative without a title.
fn kind_word(m: &Mapping) -> &'static str {
    match get(m, "type") {
        Some(Value::String(t)) => match t.as_str() {
            "string" => "String",
            "integer" => "Integer",
            "number" => "Number",
            "boolean" => "Boolean",
            "array" => "Array",
            _ => "Object",
        },
        _ if has_properties(m) => "Object",
        _ if get(m, "items").is_some() => "Array",
        _ => "Value",
    }
}

/// The values of `oneOf`/`anyOf` alternatives that are string enums and plain strings, with
/// at least one of each kind, or `None` when the alternatives are anything else.
fn extensible_enum(list: &[Value]) -> Option<Vec<Value>> {
    let mut values: Vec<Value> = Vec::new();
    let mut open = false;
    for member in list {
        let m = member.as_mapping()?;
        let string = matches!(get(m, "type"), Some(Value::String(t)) if t == "string");
        let shaped = [
            "properties",
            "items",
            "$ref",
            "allOf",
            "oneOf",
            "anyOf",
            "const",
        ]
        .iter()
        .any(|k| get(m, k).is_some());
        if shaped || get(m, "format").is_some_and(|f| f.as_str() == Some("binary")) {
            return None;
        }
        match get(m, "enum") {
            Some(Value::Sequence(listed)) if listed.iter().all(Value::is_string) => {
                values.extend(listed.iter().cloned());
            }
            Some(_) => return None,
            None if string => open = true,
            None => return None,
        }
    }
    (open && !values.is_empty()).then_some(values)
}
