//! Building requests and reading responses: the plumbing every operation shares.
//!
//! Nothing here performs I/O. The functions in [`crate::operations`] use these helpers to turn
//! arguments into an [`http::Request`] and an [`http::Response`] into a typed value, so any
//! HTTP stack can carry them.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::DeserializeOwned;

use crate::Error;

/// Bytes kept as they are in a path segment or query component: RFC 3986 "unreserved".
/// Everything else, `/ ? # %` and spaces and non-ASCII included, is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How much of an unexpected body an error keeps.
pub(crate) const EXCERPT_LIMIT: usize = 512;

/// Expands a path template such as `/partners/{partner_sid}`, encoding each argument as
/// exactly one path segment.
///
/// Refuses an empty argument and the dot segments `.` and `..`: URL parsers (the WHATWG rules
/// that `reqwest` follows, and many servers) resolve those, even percent-encoded, so no encoding
/// keeps them from changing the path.
pub fn expand_path(template: &str, args: &[(&'static str, &str)]) -> Result<String, Error> {
    let mut path = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        let Some(&(arg_name, value)) = args.iter().find(|(n, _)| *n == name) else {
            return Err(Error::invalid_argument(
                "path",
                format!("no value for the path parameter `{name}`"),
            ));
        };
        check_segment(arg_name, value)?;
        write!(path, "{}", utf8_percent_encode(value, UNRESERVED))
            .expect("writing to a String cannot fail");
        rest = &after[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

fn check_segment(name: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_argument(name, "must not be empty".to_owned()));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_argument(
            name,
            format!("`{value}` cannot be sent as a path segment: URLs resolve it as a dot segment"),
        ));
    }
    Ok(())
}

/// Query arguments in the order they are added, encoded when the request is built.
#[derive(Debug, Default)]
pub struct Query {
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query::default()
    }

    /// Adds one argument.
    pub fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.pairs.push((name, value.into()));
    }

    fn write_to(&self, url: &mut String) {
        for (i, (name, value)) in self.pairs.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            write!(
                url,
                "{}={}",
                utf8_percent_encode(name, UNRESERVED),
                utf8_percent_encode(value, UNRESERVED)
            )
            .expect("writing to a String cannot fail");
        }
    }
}

/// Builds a request with JSON headers and, when given, a JSON body.
pub fn json_request<B: serde::Serialize + ?Sized>(
    method: http::Method,
    base_url: &str,
    path: &str,
    query: &Query,
    body: Option<&B>,
) -> Result<http::Request<Vec<u8>>, Error> {
    let base = base_url.trim_end_matches('/');
    let mut url = String::with_capacity(base.len() + path.len() + 32);
    url.push_str(base);
    url.push_str(path);
    query.write_to(&mut url);
    let uri = http::Uri::try_from(url.as_str()).map_err(|e| {
        Error::invalid_argument(
            "base_url",
            format!("`{base_url}` does not make a valid URL with this path ({e})"),
        )
    })?;
    if uri.scheme().is_none() || uri.authority().is_none() {
        return Err(Error::invalid_argument(
            "base_url",
            format!("`{base_url}` is not an absolute URL such as https://api.example.com/v1"),
        ));
    }
    let builder = http::Request::builder()
        .method(method)
        .uri(uri)
        .header(http::header::ACCEPT, "application/json");
    let (builder, bytes) = match body {
        Some(body) => {
            let bytes = serde_json::to_vec(body).map_err(|e| {
                Error::invalid_argument("body", format!("cannot be written as JSON: {e}"))
            })?;
            (
                builder.header(http::header::CONTENT_TYPE, "application/json"),
                bytes,
            )
        }
        None => (builder, Vec::new()),
    };
    builder
        .body(bytes)
        .map_err(|e| Error::invalid_argument("request", e.to_string()))
}

/// Reads a JSON response: a success status gives the typed value, any other an API error.
pub fn decode_json<T: DeserializeOwned>(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
    let status = response.status();
    let body = response.body();
    if !status.is_success() {
        return Err(Error::api(status, body.clone()));
    }
    serde_json::from_slice(body).map_err(|e| Error::decode(status, &e, body))
}

/// Reads a response that carries no body on success (such as 204 No Content).
pub fn decode_empty(response: &http::Response<Vec<u8>>) -> Result<(), Error> {
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(Error::api(status, response.body().clone()))
    }
}

/// At most [`EXCERPT_LIMIT`] bytes of a body as text, cut on a character boundary.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= EXCERPT_LIMIT {
        return text.into_owned();
    }
    let mut end = EXCERPT_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], body.len())
}

/// `skip_serializing_if` for optional fields: an absent value is not written. (A short name,
/// so a field's serde attribute fits on one line of the generated code.)
pub fn is_none<T>(value: &Option<T>) -> bool {
    value.is_none()
}

/// Deserializes a field that may be absent, null or set into `Option<Option<T>>`; with
/// `#[serde(default)]` an absent field stays `None` and an explicit null becomes `Some(None)`,
/// so a received object serializes back with its nulls where they were.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Implements serde, `Display`, `FromStr` and conversions for a generated string enum from
/// its `as_str` and `from_wire` methods, so that each enum carries only its value table.
#[allow(unused_macros, reason = "a spec without enums does not use it")]
macro_rules! string_enum {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
                    .map($name::from_wire)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from_wire(s.to_owned()))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::from_wire(s.to_owned())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                $name::from_wire(s)
            }
        }
    };
}

#[allow(unused_imports, reason = "a spec without enums does not use it")]
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::*;

    fn path(arg: &str) -> Result<String, Error> {
        expand_path("/partners/{partner_sid}", &[("partner_sid", arg)])
    }

    #[test]
    fn every_argument_stays_one_segment() {
        let cases = [
            ("abc", "/partners/abc"),
            ("a/b", "/partners/a%2Fb"),
            ("%2e%2e", "/partners/%252e%252e"),
            ("?x=1", "/partners/%3Fx%3D1"),
            ("#f", "/partners/%23f"),
            ("a b", "/partners/a%20b"),
            ("é", "/partners/%C3%A9"),
            ("...", "/partners/..."),
            ("a.b", "/partners/a.b"),
        ];
        for (arg, want) in cases {
            assert_eq!(path(arg).unwrap(), want, "argument {arg:?}");
        }
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for arg in ["", ".", ".."] {
            let err = path(arg).unwrap_err();
            assert!(
                matches!(err, Error::InvalidArgument { name: "partner_sid", .. }),
                "{arg:?}: {err}"
            );
        }
    }

    #[test]
    fn query_values_are_encoded() {
        let mut query = Query::new();
        query.push("a", "x y&z=1");
        query.push("b", "true");
        let request =
            json_request::<()>(http::Method::GET, "http://h/v2/", "/p", &query, None).unwrap();
        assert_eq!(request.uri(), "http://h/v2/p?a=x%20y%26z%3D1&b=true");
    }

    #[test]
    fn relative_base_url_is_refused() {
        let err = json_request::<()>(http::Method::GET, "/v2", "/p", &Query::new(), None)
            .unwrap_err();
        assert!(err.to_string().contains("base_url"), "{err}");
    }

    #[test]
    fn excerpt_is_bounded_on_a_char_boundary() {
        let body = "é".repeat(1000);
        let cut = excerpt(body.as_bytes());
        assert!(cut.len() < EXCERPT_LIMIT + 40, "{}", cut.len());
        assert!(cut.ends_with("(2000 bytes in all)"));
    }
}
