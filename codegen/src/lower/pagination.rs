//! `x-pagination`: an operation marked as offset-paginated, checked against its own
//! parameters and the type of its answer, so that a mark that cannot work is a located error
//! rather than a stream that never ends.

use serde_yaml::{Mapping, Value};

use super::{Lowerer, child, get};
use crate::ir::{Location, Pagination, Param, Payload, Success, Ty, TypeKind};
use crate::load::describe;

/// The keys `x-pagination` takes.
const KEYS: &[&str] = &["style", "items", "has_more", "limit", "offset", "page_size"];

impl Lowerer<'_> {
    /// Checks `x-pagination` (at `ptr`) against the operation's parameters and success type.
    pub(super) fn pagination(
        &mut self,
        value: &Value,
        ptr: &str,
        params: &[Param],
        success: &Success,
    ) -> Option<Pagination> {
        let map = self.mapping(value, ptr, "`x-pagination`")?;
        let mut ok = true;
        for (key, _) in self.entries(map, ptr) {
            if !KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                self.error(
                    &child(ptr, &key),
                    format!(
                        "unknown key `{key}` in `x-pagination`; expected {}",
                        KEYS.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                ok = false;
            }
        }
        match self.name_in(map, ptr, "style", false).as_deref() {
            Some("offset") | None => {}
            Some(other) => {
                self.error(&child(ptr, "style"), format!("`style: {other}` is not supported; the generator follows `style: offset` pagination (a limit and an offset in the query)"));
                ok = false;
            }
        }
        let items = self.name_in(map, ptr, "items", true);
        let has_more = self.name_in(map, ptr, "has_more", false);
        let limit = self.name_in(map, ptr, "limit", true);
        let offset = self.name_in(map, ptr, "offset", true);
        let page_size = match get(map, "page_size") {
            None => None,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => n.as_u64(),
            Some(other) => {
                let what = match other {
                    Value::Number(n) => format!("`{n}`"),
                    other => describe(other).to_owned(),
                };
                self.error(
                    &child(ptr, "page_size"),
                    format!("`page_size` must be an integer of 1 or more, but this is {what}"),
                );
                ok = false;
                None
            }
        };
        let (Some(items), Some(limit), Some(offset)) = (items, limit, offset) else {
            return None;
        };

        let limit = self.page_param(params, &limit, &child(ptr, "limit"));
        let offset = self.page_param(params, &offset, &child(ptr, "offset"));
        let Success::One(Payload::Json(Ty::Named { id, .. })) = success else {
            self.error(ptr, "`x-pagination` needs the operation's success answer to be one JSON object type (the page), but the answer is not");
            return None;
        };
        if self.broken.contains(id) {
            // Its own problem is reported where it is; saying the page is not an object
            // would only send the reader the wrong way.
            return None;
        }
        let TypeKind::Struct(page) = self.types[id.0].kind.clone() else {
            self.error(ptr, format!("`x-pagination` needs the success answer to be an object with properties, but `{}` is not", self.types[id.0].name));
            return None;
        };
        let page_name = self.types[id.0].name.clone();
        let field = |wire: &str| page.fields.iter().find(|f| f.wire == wire && !f.write_only);
        let item = match field(&items).map(|f| self.scalar(&f.ty)) {
            Some(Ty::Vec(item)) => Some(*item),
            Some(_) => {
                self.error(
                    &child(ptr, "items"),
                    format!(
                        "`items: {items}` names a property of `{page_name}` that is not an array"
                    ),
                );
                None
            }
            None => {
                self.error(
                    &child(ptr, "items"),
                    format!("`items: {items}` names no property of the answer `{page_name}`"),
                );
                None
            }
        };
        if let Some(has_more) = &has_more {
            let ty = field(has_more).map(|f| self.scalar(&f.ty));
            match ty {
                Some(Ty::Bool) => {}
                Some(_) => {
                    self.error(&child(ptr, "has_more"), format!("`has_more: {has_more}` names a property of `{page_name}` that is not a boolean"));
                    ok = false;
                }
                None => {
                    self.error(
                        &child(ptr, "has_more"),
                        format!(
                            "`has_more: {has_more}` names no property of the answer `{page_name}`"
                        ),
                    );
                    ok = false;
                }
            }
        }
        let (Some(item), Some(limit), Some(offset), true) = (item, limit, offset, ok) else {
            return None;
        };
        Some(Pagination {
            items,
            item,
            has_more,
            limit,
            offset,
            page_size,
        })
    }

    /// A name given in `x-pagination` (`key`), reporting a missing required one or a value
    /// that is not text.
    fn name_in(&mut self, map: &Mapping, ptr: &str, key: &str, required: bool) -> Option<String> {
        match get(map, key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(other) => {
                let what = describe(other);
                self.error(
                    &child(ptr, key),
                    format!("`{key}` in `x-pagination` must be a name, but this is {what}"),
                );
                None
            }
            None if required => {
                self.error(
                    ptr,
                    format!(
                        "`x-pagination` has no `{key}`; it needs `items`, `limit` and `offset`"
                    ),
                );
                None
            }
            None => None,
        }
    }

    /// The Rust argument name of the integer query parameter `wire`, named by `x-pagination`.
    fn page_param(&mut self, params: &[Param], wire: &str, ptr: &str) -> Option<String> {
        match params
            .iter()
            .find(|p| p.wire == wire && p.location == Location::Query)
        {
            Some(p) if matches!(p.ty, Ty::Int(_)) => Some(p.rust.clone()),
            Some(_) => {
                self.error(ptr, format!("`{wire}` is a query parameter of the operation, but not an integer; a page's limit and offset are integers"));
                None
            }
            None => {
                self.error(
                    ptr,
                    format!("`{wire}` names no query parameter of the operation"),
                );
                None
            }
        }
    }
}
