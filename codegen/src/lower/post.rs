//! Whole-API passes after every schema and operation is lowered: boxing reference cycles,
//! choosing the forms request bodies are written in (naming the patch and input types), and
//! putting the types in their final order.

use std::collections::HashMap;

use super::Lowerer;
use crate::ir::{
    Additional, BodyKind, Form, Method, Payload, Success, Ty, TypeDef, TypeId, TypeKind,
};

/// The named type a value holds directly (not through a `Vec` or map), if any.
fn direct(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Named { id, .. } => Some(id.0),
        _ => None,
    }
}

/// Every named type a value refers to, directly or inside collections.
fn named(ty: &Ty, out: &mut Vec<usize>) {
    match ty {
        Ty::Named { id, .. } => out.push(id.0),
        Ty::Vec(inner) | Ty::Map(inner) => named(inner, out),
        _ => {}
    }
}

/// Every type id a value holds, for rewriting.
fn ids_mut(ty: &mut Ty, f: &mut impl FnMut(&mut TypeId)) {
    match ty {
        Ty::Named { id, .. } => f(id),
        Ty::Vec(inner) | Ty::Map(inner) => ids_mut(inner, f),
        _ => {}
    }
}

impl Lowerer<'_> {
    /// Boxes every direct reference that closes a cycle, so recursive types have a size.
    pub(super) fn box_cycles(&mut self) {
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            })
            .collect();
        let component = strongly_connected(&edges);
        let cyclic = |i: usize, ty: &Ty| direct(ty).is_some_and(|j| component[j] == component[i]);
        for i in 0..self.types.len() {
            let cyclic_alias = matches!(&self.types[i].kind, TypeKind::Alias(ty) if cyclic(i, ty));
            if cyclic_alias {
                let ptr = self.types[i].pointer.clone();
                self.error(&ptr, "this schema is only another name for a schema that refers back to it; such a cycle has no values. Make one of them an object");
                continue;
            }
            let slots: Vec<&mut Ty> = match &mut self.types[i].kind {
                TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
                _ => Vec::new(),
            };
            for ty in slots {
                if let Ty::Named { id, boxed } = ty {
                    if component[id.0] == component[i] {
                        *boxed = true;
                    }
                }
            }
        }
    }

    /// Finds the largest group of types that refer to each other, through any field.
    pub(super) fn measure_cycles(&mut self) {
        let edges: Vec<Vec<usize>> = self.types.iter().map(|t| refs(&t.kind, false)).collect();
        let component = strongly_connected(&edges);
        let mut sizes: HashMap<usize, usize> = HashMap::new();
        for (i, c) in component.iter().enumerate() {
            let cyclic = edges[i].iter().any(|&j| component[j] == *c);
            if cyclic {
                *sizes.entry(*c).or_default() += 1;
            }
        }
        self.longest_cycle = sizes.values().copied().max().unwrap_or(0);
    }

    /// Decides the form each request body is written in and which types need a `…Patch` or
    /// `…Input` form, and names those forms.
    ///
    /// A PATCH body of an object is its patch form. Any other object body is its input form
    /// (without read-only, with write-only properties) when it has such properties, directly
    /// or in what it holds, except that a PUT body stays the type as received when nothing in
    /// it is write-only, so that an object read from the API can be sent back whole.
    pub(super) fn mark_forms(&mut self) {
        // Writable references of each struct.
        let writable: Vec<Vec<usize>> = self.types.iter().map(|t| refs(&t.kind, true)).collect();
        let fixpoint = |seed: Vec<bool>| {
            let mut set = seed;
            let mut changed = true;
            while changed {
                changed = false;
                for i in 0..set.len() {
                    if !set[i] && writable[i].iter().any(|&j| set[j]) {
                        set[i] = true;
                        changed = true;
                    }
                }
            }
            set
        };
        let own = |pred: fn(&crate::ir::Field) -> bool| -> Vec<bool> {
            self.types
                .iter()
                .map(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(pred)))
                .collect()
        };
        let needs = fixpoint(own(|f| f.read_only || f.write_only));
        let write_only = fixpoint(own(|f| f.write_only));
        let structs: Vec<bool> = self
            .types
            .iter()
            .map(|t| matches!(t.kind, TypeKind::Struct(_)))
            .collect();
        let is_struct = |i: usize| structs[i];
        let mut patch_roots = Vec::new();
        let mut input_roots = Vec::new();
        for op in &mut self.operations {
            let Some(body) = &mut op.body else { continue };
            let (BodyKind::Json(ty, form) | BodyKind::UrlEncoded(ty, form)) = &mut body.kind else {
                continue;
            };
            let Some(i) = direct(ty).filter(|&i| is_struct(i)) else {
                continue;
            };
            if *form == Form::Patch {
                patch_roots.push(i);
            } else if needs[i] && (op.method != Method::Put || write_only[i]) {
                *form = Form::Input;
                input_roots.push(i);
            }
        }
        // Input forms are emitted only where a request can reach them.
        let mut reached = vec![false; self.types.len()];
        let mut stack: Vec<usize> = patch_roots
            .iter()
            .flat_map(|&r| writable[r].iter().copied())
            .chain(input_roots.iter().copied())
            .collect();
        while let Some(i) = stack.pop() {
            if reached[i] {
                continue;
            }
            reached[i] = true;
            stack.extend(writable[i].iter().copied());
        }
        for i in 0..self.types.len() {
            let patch = patch_roots.contains(&i);
            let input = reached[i] && needs[i] && is_struct(i);
            let (name, ptr) = (self.types[i].name.clone(), self.types[i].pointer.clone());
            let patch = patch.then(|| self.claim_type(&format!("{name}Patch"), &ptr));
            let input = input.then(|| self.claim_type(&format!("{name}Input"), &ptr));
            if let TypeKind::Struct(s) = &mut self.types[i].kind {
                s.patch = patch;
                s.input = input;
            }
        }
        for (example, op) in self.request_examples.clone() {
            if let Some(BodyKind::Json(_, form)) = self
                .operations
                .get(op)
                .and_then(|o| o.body.as_ref())
                .map(|b| &b.kind)
            {
                self.examples[example].form = *form;
                if *form == Form::Model {
                    self.complete_request_example(example);
                }
            }
        }
    }

    /// A request example read into a model (a PUT body) may leave out the read-only
    /// properties the model requires of received objects: OpenAPI requires a read-only
    /// property in responses only. They are added with a placeholder of their type, so the
    /// round trip still checks every property the example has.
    fn complete_request_example(&mut self, example: usize) {
        let Some(i) = direct(&self.examples[example].ty) else {
            return;
        };
        let TypeKind::Struct(s) = &self.types[i].kind else {
            return;
        };
        let Ok(serde_json::Value::Object(mut object)) =
            serde_json::from_str::<serde_json::Value>(&self.examples[example].json)
        else {
            return;
        };
        let mut added = Vec::new();
        for field in s.fields.iter().filter(|f| f.required && f.read_only) {
            if object.contains_key(&field.wire) {
                continue;
            }
            let placeholder = match &field.ty {
                Ty::String | Ty::Decimal | Ty::Json => serde_json::json!("0"),
                Ty::Int(_) | Ty::F64 => serde_json::json!(0),
                Ty::Bool => serde_json::json!(false),
                // No value of the type can be made up: the round trip fails on the missing
                // property, as it would have before.
                _ => continue,
            };
            object.insert(field.wire.clone(), placeholder);
            added.push(field.wire.clone());
        }
        if !added.is_empty() {
            let e = &mut self.examples[example];
            e.json = serde_json::Value::Object(object).to_string();
            e.added = added;
        }
    }

    /// Puts the types in emission order: each component in spec order followed by the types
    /// lifted out of it, then the types lifted out of operations; and rewrites every id.
    pub(super) fn order_types(&mut self) {
        let position: HashMap<usize, usize> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.0, i))
            .collect();
        let mut order: Vec<usize> = (0..self.types.len()).collect();
        order.sort_by_key(|&id| match position.get(&id) {
            Some(&p) => (p, 0, id),
            None => (self.origins[id].unwrap_or(usize::MAX), 1, id),
        });
        let mut new_id = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new;
        }
        let mut remap = |id: &mut TypeId| id.0 = new_id[id.0];
        let mut old: Vec<Option<TypeDef>> = std::mem::take(&mut self.types)
            .into_iter()
            .map(Some)
            .collect();
        self.types = order
            .iter()
            .map(|&i| old[i].take().expect("each type once"))
            .collect();
        for t in &mut self.types {
            match &mut t.kind {
                TypeKind::Struct(s) => {
                    for f in &mut s.fields {
                        ids_mut(&mut f.ty, &mut remap);
                    }
                    if let Additional::Keep(ty) = &mut s.additional {
                        ids_mut(ty, &mut remap);
                    }
                }
                TypeKind::Union(u) => {
                    for v in &mut u.variants {
                        ids_mut(&mut v.ty, &mut remap);
                    }
                }
                TypeKind::Alias(ty) => ids_mut(ty, &mut remap),
                TypeKind::Enum(_) => {}
            }
        }
        for op in &mut self.operations {
            for p in &mut op.params {
                ids_mut(&mut p.ty, &mut remap);
            }
            if let Some(pagination) = &mut op.pagination {
                ids_mut(&mut pagination.item, &mut remap);
            }
            if let Some(body) = &mut op.body {
                if let BodyKind::Json(ty, _) | BodyKind::UrlEncoded(ty, _) = &mut body.kind {
                    ids_mut(ty, &mut remap);
                }
            }
            let mut payloads: Vec<&mut Payload> =
                op.errors.iter_mut().map(|o| &mut o.payload).collect();
            match &mut op.success {
                Success::One(p) => payloads.push(p),
                Success::ByStatus { variants, .. } => {
                    payloads.extend(variants.iter_mut().map(|(_, o)| &mut o.payload));
                }
            }
            for p in payloads {
                if let Payload::Json(ty) = p {
                    ids_mut(ty, &mut remap);
                }
            }
        }
        for e in &mut self.examples {
            ids_mut(&mut e.ty, &mut remap);
        }
        for c in &mut self.components {
            remap(&mut c.id);
        }
    }
}

/// The types a type refers to (through fields, arrays, maps, variants); with `writable`, only
/// through the properties a request writes (not read-only ones) of structs.
fn refs(kind: &TypeKind, writable: bool) -> Vec<usize> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            for f in s.fields.iter().filter(|f| !writable || !f.read_only) {
                named(&f.ty, &mut out);
            }
            if let Additional::Keep(ty) = &s.additional {
                named(ty, &mut out);
            }
        }
        TypeKind::Union(u) if !writable => {
            for v in &u.variants {
                named(&v.ty, &mut out);
            }
        }
        TypeKind::Alias(ty) if !writable => named(ty, &mut out),
        _ => {}
    }
    out
}

/// Tarjan's algorithm: the strongly connected component of each node. A node on no cycle
/// still gets a component of its own; a self-loop is a cycle within its component.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![usize::MAX; n],
        components: 0,
    };
    // Iterative, so deep reference chains cannot overflow the stack.
    for root in 0..n {
        if s.index[root].is_some() {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut next_edge)) = work.last_mut() {
            if *next_edge == 0 && s.index[v].is_none() {
                s.index[v] = Some(s.next);
                s.low[v] = s.next;
                s.next += 1;
                s.stack.push(v);
                s.on_stack[v] = true;
            }
            if let Some(&w) = s.edges[v].get(*next_edge) {
                *next_edge += 1;
                match s.index[w] {
                    None => work.push((w, 0)),
                    Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                s.low[parent] = s.low[parent].min(s.low[v]);
            }
            if Some(s.low[v]) == s.index[v] {
                while let Some(w) = s.stack.pop() {
                    s.on_stack[w] = false;
                    s.component[w] = s.components;
                    if w == v {
                        break;
                    }
                }
                s.components += 1;
            }
        }
    }
    s.component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn cycles_share_a_component() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
