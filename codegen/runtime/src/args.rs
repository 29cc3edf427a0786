//! A request from its parts, as a generated `request` function gives them: the path
//! arguments, one [`Arg`] per query or header argument (made by the function of this module
//! named for how the value is written), the body and what to accept.
//!
//! A generated `request` is one call of [`request`], each argument one call of a writer here:
//! no branch, no `?` and no local in the generated code. Such a body is type-checked and
//! borrow-checked in a fraction of the time of the statements it replaces (an `if let` and a
//! push per parameter, a `?` per fallible one), once per operation in every generated crate
//! (codegen/BENCHMARKS.md). What an argument's value fails on is kept in its `Arg` and
//! returned by [`request`], in the order of the arguments, so the first problem is the one
//! reported, as before.

use std::borrow::Cow;
use std::fmt;

use crate::Error;
use crate::wire::{Content, Query};

/// Where an argument goes: what the `query` and `header` of an `operation!` table name.
#[allow(non_upper_case_globals, reason = "named as the table names them")]
pub mod at {
    /// In the query string.
    pub const query: super::At = super::At::Query;
    /// In a header.
    pub const header: super::At = super::At::Header;
}

/// Where an argument goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// One query or header argument, written as text: what [`request`] puts on the request.
#[derive(Debug)]
pub struct Arg {
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Written,
}

/// An argument's value as text.
#[derive(Debug)]
enum Written {
    /// Not set: nothing is sent.
    Absent,
    /// One value.
    One(String),
    /// One argument per item (an exploded array).
    Each(Vec<String>),
    /// Arguments of their own names (an object's properties).
    Pairs(Vec<(Cow<'static, str>, String)>),
    /// The value cannot be written; the request is refused with this.
    Failed(Error),
}

fn arg(at: At, wire: &'static str, name: &'static str, value: Option<Written>) -> Arg {
    Arg {
        at,
        wire,
        name,
        value: value.unwrap_or(Written::Absent),
    }
}

fn failed(result: Result<Written, Error>) -> Written {
    result.unwrap_or_else(Written::Failed)
}

// A string enum's or a decimal's `Display` writes its `as_str`.
pub use self::{display as as_str, each_display as each_as_str, join_display as join_as_str};

/// A string, as it is.
#[inline]
pub fn str<T: AsRef<str> + ?Sized>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&T>,
) -> Arg {
    arg(
        at,
        wire,
        name,
        value.map(|v| Written::One(v.as_ref().to_owned())),
    )
}

/// A number or boolean, as `Display` writes it.
#[inline]
pub fn display<T: fmt::Display + ?Sized>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&T>,
) -> Arg {
    arg(at, wire, name, value.map(|v| Written::One(v.to_string())))
}

/// A parameter with `content: application/json`: its value as JSON text.
#[inline]
pub fn json<T: serde::Serialize + ?Sized>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&T>,
) -> Arg {
    let written = value.map(|v| failed(crate::wire::json_argument(name, v).map(Written::One)));
    arg(at, wire, name, written)
}

/// A filter or order expression; sent only when it holds something.
#[inline]
pub fn expr<T: Expression + ?Sized>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&T>,
) -> Arg {
    let written = value.map(|v| {
        failed(
            v.to_query(name)
                .map(|text| text.map_or(Written::Absent, |t| Written::One(t.to_owned()))),
        )
    });
    arg(at, wire, name, written)
}

/// An object's properties, each under its own name (`style: form`).
#[inline]
pub fn object<T: serde::Serialize + ?Sized>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&T>,
) -> Arg {
    let written = value.map(|v| pairs(None, v, name));
    arg(at, wire, name, written)
}

/// An object's properties, each as `wire[property]` (`style: deepObject`).
#[inline]
pub fn deep<T: serde::Serialize + ?Sized>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&T>,
) -> Arg {
    let written = value.map(|v| pairs(Some(wire), v, name));
    arg(at, wire, name, written)
}

fn pairs<T: serde::Serialize + ?Sized>(
    deep: Option<&'static str>,
    value: &T,
    name: &'static str,
) -> Written {
    let mut query = Query::new();
    failed(
        query
            .push_object(deep, value, name)
            .map(|()| Written::Pairs(query.into_pairs())),
    )
}

/// An exploded array of strings: one argument per item.
#[inline]
pub fn each_str<V: AsRef<[T]> + ?Sized, T: AsRef<str>>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&V>,
) -> Arg {
    let written =
        value.map(|v| Written::Each(v.as_ref().iter().map(|i| i.as_ref().to_owned()).collect()));
    arg(at, wire, name, written)
}

/// An exploded array of numbers or booleans: one argument per item.
#[inline]
pub fn each_display<V: AsRef<[T]> + ?Sized, T: fmt::Display>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&V>,
) -> Arg {
    let written = value.map(|v| Written::Each(v.as_ref().iter().map(T::to_string).collect()));
    arg(at, wire, name, written)
}

/// An array of strings joined by commas (`a,b,c`).
#[inline]
pub fn join_str<V: AsRef<[T]> + ?Sized, T: AsRef<str>>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&V>,
) -> Arg {
    let written = value.map(|v| Written::One(crate::wire::join(v.as_ref().iter())));
    arg(at, wire, name, written)
}

/// An array of numbers or booleans joined by commas.
#[inline]
pub fn join_display<V: AsRef<[T]> + ?Sized, T: fmt::Display>(
    at: At,
    wire: &'static str,
    name: &'static str,
    value: Option<&V>,
) -> Arg {
    let written =
        value.map(|v| Written::One(crate::wire::join(v.as_ref().iter().map(T::to_string))));
    arg(at, wire, name, written)
}

/// A query expression ([`Filter`](crate::Filter), [`Order`](crate::Order)): its text, `None`
/// when it holds nothing, or why it cannot be sent.
pub trait Expression {
    /// The text for the query string; `argument` names the parameter in errors.
    fn to_query(&self, argument: &'static str) -> Result<Option<&str>, Error>;
}

/// Builds a request: the path template with its arguments, the query and header arguments in
/// order, the body and what to accept. The first problem, in that order, is the error.
#[allow(
    clippy::too_many_arguments,
    reason = "one call per generated operation"
)]
pub fn request(
    method: http::Method,
    base_url: &str,
    template: &str,
    path: &[(&'static str, &str)],
    args: &mut [Arg],
    content: Result<Content, Error>,
    accept: &'static str,
) -> Result<http::Request<Vec<u8>>, Error> {
    let path = crate::wire::expand_path(template, path)?;
    let mut query = Query::new();
    let mut headers = http::HeaderMap::new();
    for arg in args.iter_mut() {
        let (at, wire, name) = (arg.at, arg.wire, arg.name);
        let mut put = |text: String| match at {
            At::Query => {
                query.push(wire, text);
                Ok(())
            }
            At::Header => crate::wire::header(&mut headers, wire, name, text),
        };
        match std::mem::replace(&mut arg.value, Written::Absent) {
            Written::Absent => {}
            Written::One(text) => put(text)?,
            Written::Each(items) => {
                for text in items {
                    put(text)?;
                }
            }
            Written::Pairs(pairs) => match at {
                At::Query => query.extend(pairs),
                // The generator writes objects only into the query; a header has no place
                // for their names, and dropping them would send another request.
                At::Header => {
                    return Err(Error::invalid_argument(
                        name,
                        "is an object, which can be sent in the query but not in a header"
                            .to_owned(),
                    ));
                }
            },
            Written::Failed(error) => return Err(error),
        }
    }
    crate::wire::build(method, base_url, &path, &query, headers, accept, content?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(
        path: &[(&'static str, &str)],
        args: &mut [Arg],
    ) -> Result<http::Request<Vec<u8>>, Error> {
        request(
            http::Method::GET,
            "https://api.example.com",
            "/things/{id}",
            path,
            args,
            Ok(Content::empty()),
            "application/json",
        )
    }

    fn invalid(result: Result<http::Request<Vec<u8>>, Error>) -> &'static str {
        match result {
            Err(Error::InvalidArgument { name, .. }) => name,
            other => panic!("not refused as an invalid argument: {other:?}"),
        }
    }

    #[test]
    fn the_first_problem_in_order_is_the_error() {
        let bad_filter = crate::Filter::new().eq("not a name", "x");
        // The path is checked before the arguments, whatever they hold.
        let error = build(
            &[("id", "..")],
            &mut [expr(at::query, "filter", "filter", Some(&bad_filter))],
        );
        assert_eq!(invalid(error), "id");
        // Then the arguments in their order: a bad header before a bad filter, and after.
        let error = build(
            &[("id", "1")],
            &mut [
                str(at::header, "x-note", "note", Some("a\nb")),
                expr(at::query, "filter", "filter", Some(&bad_filter)),
            ],
        );
        assert_eq!(invalid(error), "note");
        let error = build(
            &[("id", "1")],
            &mut [
                expr(at::query, "filter", "filter", Some(&bad_filter)),
                str(at::header, "x-note", "note", Some("a\nb")),
            ],
        );
        assert_eq!(invalid(error), "filter");
        // The body last.
        let error = request(
            http::Method::POST,
            "https://api.example.com",
            "/things",
            &[],
            &mut [display(at::query, "limit", "limit", Some(&5))],
            Content::bytes(b"x", "bad\ntype"),
            "application/json",
        );
        assert_eq!(invalid(error), "content_type");
    }

    #[test]
    fn absent_and_empty_arguments_send_nothing() {
        let empty = crate::Filter::new();
        let request = build(
            &[("id", "1")],
            &mut [
                display::<i64>(at::query, "limit", "limit", None),
                expr(at::query, "filter", "filter", Some(&empty)),
                each_str::<[String], String>(at::query, "tag", "tag", Some(&[])),
                display(at::query, "offset", "offset", Some(&0)),
            ],
        )
        .unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://api.example.com/things/1?offset=0"
        );
    }

    #[test]
    fn arrays_and_objects_are_written_as_their_kind_says() {
        #[derive(serde::Serialize)]
        struct Range {
            from: u8,
            to: Option<u8>,
        }
        let tags = vec!["a b".to_owned(), "c".to_owned()];
        let range = Range { from: 1, to: None };
        let request = build(
            &[("id", "1")],
            &mut [
                each_str(at::query, "tag", "tags", Some(&tags)),
                join_str(at::query, "all", "tags", Some(&tags)),
                join_display(at::header, "x-ids", "ids", Some(&[3, 4])),
                deep(at::query, "range", "range", Some(&range)),
                object(at::query, "range", "range", Some(&range)),
                json(at::query, "q", "q", Some(&range)),
            ],
        )
        .unwrap();
        assert_eq!(
            request.uri().query(),
            Some(
                "tag=a%20b&tag=c&all=a%20b%2Cc&range%5Bfrom%5D=1&from=1&q=%7B%22from%22%3A1%2C%22to%22%3Anull%7D"
            )
        );
        assert_eq!(request.headers()["x-ids"], "3,4");
        // An object has no place in a header: refused, naming the argument, not moved to
        // the query or dropped.
        let error = build(
            &[("id", "1")],
            &mut [object(at::header, "x-range", "range", Some(&range))],
        );
        assert_eq!(invalid(error), "range");
    }
}
