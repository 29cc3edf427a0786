//! Whole-API passes after every schema and operation is lowered: boxing reference cycles,
//! choosing which types get patch and input forms, and checking the names those add.

use std::collections::HashMap;

use super::Lowerer;
use crate::ir::{Additional, Ty, TypeKind};

/// The named type a value holds directly (not through a `Vec` or map), if any.
fn direct(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named { name, .. } => Some(name),
        _ => None,
    }
}

/// Every named type a value refers to, directly or inside collections.
fn named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named { name, .. } => out.push(name.clone()),
        Ty::Vec(inner) | Ty::Map(inner) => named(inner, out),
        _ => {}
    }
}

impl Lowerer<'_> {
    /// Each type's position in `types`, by Rust name.
    fn type_index(&self) -> HashMap<String, usize> {
        self.types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect()
    }

    /// Boxes every direct reference that closes a cycle, so recursive types have a size.
    pub(super) fn box_cycles(&mut self) {
        let index = self.type_index();
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| direct(&f.ty).and_then(|n| index.get(n).copied()))
                    .collect(),
                TypeKind::Alias(ty) => direct(ty)
                    .and_then(|n| index.get(n).copied())
                    .into_iter()
                    .collect(),
                TypeKind::Enum(_) => Vec::new(),
            })
            .collect();
        let component = strongly_connected(&edges);
        for i in 0..self.types.len() {
            let cyclic_alias = matches!(&self.types[i].kind, TypeKind::Alias(ty)
                if direct(ty).and_then(|n| index.get(n)).is_some_and(|&j| component[j] == component[i]));
            if cyclic_alias {
                let ptr = self.types[i].pointer.clone();
                self.error(&ptr, "this schema is only another name for a schema that refers back to it; such a cycle has no values. Make one of them an object");
                continue;
            }
            if let TypeKind::Struct(s) = &mut self.types[i].kind {
                for field in &mut s.fields {
                    if let Ty::Named { name, boxed } = &mut field.ty {
                        if index
                            .get(name.as_str())
                            .is_some_and(|&j| component[j] == component[i])
                        {
                            *boxed = true;
                        }
                    }
                }
            }
        }
    }

    /// Finds the largest group of types that refer to each other, through any field.
    pub(super) fn measure_cycles(&mut self) {
        let index = self.type_index();
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| {
                let mut names = Vec::new();
                match &t.kind {
                    TypeKind::Struct(s) => {
                        for f in &s.fields {
                            named(&f.ty, &mut names);
                        }
                        if let Additional::Keep(ty) = &s.additional {
                            named(ty, &mut names);
                        }
                    }
                    TypeKind::Alias(ty) => named(ty, &mut names),
                    TypeKind::Enum(_) => {}
                }
                names.iter().filter_map(|n| index.get(n).copied()).collect()
            })
            .collect();
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

    /// Marks PATCH body schemas, and the writable types inside them that need an input form
    /// because they (or types they hold) have read-only properties.
    pub(super) fn mark_patch_inputs(&mut self) {
        let index = self.type_index();
        // Writable references of each struct.
        let writable: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| {
                let mut names = Vec::new();
                if let TypeKind::Struct(s) = &t.kind {
                    for f in s.fields.iter().filter(|f| !f.read_only) {
                        named(&f.ty, &mut names);
                    }
                    if let Additional::Keep(ty) = &s.additional {
                        named(ty, &mut names);
                    }
                }
                names.iter().filter_map(|n| index.get(n).copied()).collect()
            })
            .collect();
        // Needs an input form: has read-only properties, or holds a type that does.
        let mut needs: Vec<bool> = self
            .types
            .iter()
            .map(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.read_only)))
            .collect();
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..needs.len() {
                if !needs[i]
                    && matches!(self.types[i].kind, TypeKind::Struct(_))
                    && writable[i].iter().any(|&j| needs[j])
                {
                    needs[i] = true;
                    changed = true;
                }
            }
        }
        let roots: Vec<usize> = self
            .operations
            .iter()
            .filter_map(|op| op.body.as_ref().filter(|b| b.patch))
            .filter_map(|b| direct(&b.ty).and_then(|n| index.get(n).copied()))
            .collect();
        // Input forms are emitted only where a patch can reach them.
        let mut reached = vec![false; self.types.len()];
        let mut stack: Vec<usize> = roots
            .iter()
            .flat_map(|&r| writable[r].iter().copied())
            .collect();
        while let Some(i) = stack.pop() {
            if reached[i] {
                continue;
            }
            reached[i] = true;
            stack.extend(writable[i].iter().copied());
        }
        for &r in &roots {
            if let TypeKind::Struct(s) = &mut self.types[r].kind {
                s.patch = true;
            }
        }
        for (i, t) in self.types.iter_mut().enumerate() {
            if let TypeKind::Struct(s) = &mut t.kind {
                s.input = reached[i] && needs[i];
            }
        }
    }

    /// The names `…Patch` and `…Input` must not clash with other types.
    pub(super) fn check_derived_names(&mut self) {
        let mut derived = Vec::new();
        for t in &self.types {
            if let TypeKind::Struct(s) = &t.kind {
                if s.patch {
                    derived.push((format!("{}Patch", t.name), t.pointer.clone()));
                }
                if s.input {
                    derived.push((format!("{}Input", t.name), t.pointer.clone()));
                }
            }
        }
        for (name, ptr) in derived {
            if let Some(other) = self.type_names.get(&name).cloned() {
                let kind = if name.ends_with("Patch") {
                    "a PATCH body, so it gets the patch type"
                } else {
                    "written inside a PATCH body, so it gets the input type"
                };
                self.error(&ptr, format!("this schema is {kind} `{name}`, which {other} already is; rename that schema"));
            } else {
                self.type_names.insert(name, ptr);
            }
        }
    }
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
