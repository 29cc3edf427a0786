//! Building requests and reading responses: the plumbing every operation shares.
//!
//! Nothing here performs I/O. The functions of a generated crate's `operations` use these helpers to turn
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
        return Err(Error::invalid_argument(
            name,
            "must not be empty".to_owned(),
        ));
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
    pairs: Vec<(std::borrow::Cow<'static, str>, String)>,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query::default()
    }

    /// Adds one argument.
    pub fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.pairs
            .push((std::borrow::Cow::Borrowed(name), value.into()));
    }

    /// Adds each property of an object argument: under its own name (`style: form`), or as
    /// `name[property]` (`style: deepObject`, `deep` giving the name). An array property is
    /// one argument per item; a null or absent one is left out; a nested object is refused.
    pub fn push_object<T: serde::Serialize + ?Sized>(
        &mut self,
        deep: Option<&'static str>,
        value: &T,
        argument: &'static str,
    ) -> Result<(), Error> {
        let text = |value: serde_json::Value| match value {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::Bool(b) => Ok(b.to_string()),
            _ => Err(Error::invalid_argument(
                argument,
                "holds a nested object or array, which a query argument cannot carry".to_owned(),
            )),
        };
        let object = serde_json::to_value(value).map_err(|e| {
            Error::invalid_argument(argument, format!("cannot be written as a query: {e}"))
        })?;
        let serde_json::Value::Object(properties) = object else {
            return Err(Error::invalid_argument(
                argument,
                "is not an object".to_owned(),
            ));
        };
        for (key, value) in properties {
            let name = match deep {
                Some(parameter) => format!("{parameter}[{key}]"),
                None => key,
            };
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items)
                    if items.iter().all(|i| !i.is_object() && !i.is_array()) =>
                {
                    for item in items {
                        if !item.is_null() {
                            self.pairs.push((name.clone().into(), text(item)?));
                        }
                    }
                }
                // `style: deepObject` nests in brackets: `filter[owner][name]=x`,
                // `filter[items][0][id]=7`.
                nested @ (serde_json::Value::Array(_) | serde_json::Value::Object(_))
                    if deep.is_some() =>
                {
                    let mut pairs = Vec::new();
                    brackets(name, nested, argument, Nulls::Skip, &mut pairs)?;
                    self.pairs
                        .extend(pairs.into_iter().map(|(n, v)| (n.into(), v)));
                }
                other => self.pairs.push((name.into(), text(other)?)),
            }
        }
        Ok(())
    }

    /// The arguments added, in order.
    pub(crate) fn into_pairs(self) -> Vec<(std::borrow::Cow<'static, str>, String)> {
        self.pairs
    }

    /// Adds arguments of their own names, in order.
    pub(crate) fn extend(&mut self, pairs: Vec<(std::borrow::Cow<'static, str>, String)>) {
        self.pairs.extend(pairs);
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

/// What [`brackets`] does with a null.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nulls {
    /// Leaves it out (a query argument: absent and null read alike).
    Skip,
    /// Refuses it (a form body: leaving it out would send another request).
    Refuse,
}

/// Writes a value under `name` in the bracket encoding (`name[key]`, `name[0]`), the one
/// PHP, Rails and the payment and telecom APIs built on them read for nested data.
fn brackets(
    name: String,
    value: serde_json::Value,
    argument: &'static str,
    nulls: Nulls,
    out: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    match value {
        serde_json::Value::Null if nulls == Nulls::Skip => {}
        serde_json::Value::Null => {
            return Err(Error::invalid_argument(
                argument,
                format!("`{name}` is null, which a form body cannot carry"),
            ));
        }
        serde_json::Value::String(s) => out.push((name, s)),
        serde_json::Value::Number(n) => out.push((name, n.to_string())),
        serde_json::Value::Bool(b) => out.push((name, b.to_string())),
        serde_json::Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                brackets(format!("{name}[{i}]"), item, argument, nulls, out)?;
            }
        }
        serde_json::Value::Object(properties) => {
            for (key, item) in properties {
                brackets(format!("{name}[{key}]"), item, argument, nulls, out)?;
            }
        }
    }
    Ok(())
}

/// Values joined by commas, as a non-exploded array parameter is sent (`a,b,c`); each value
/// is percent-encoded later as part of the whole, so a comma inside a value is sent encoded
/// only where the carrier (the query) encodes it.
pub fn join<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(value.as_ref());
    }
    out
}

/// A parameter the spec describes with `content: application/json`: its value as JSON text.
pub fn json_argument<T: serde::Serialize + ?Sized>(
    argument: &'static str,
    value: &T,
) -> Result<String, Error> {
    serde_json::to_string(value)
        .map_err(|e| Error::invalid_argument(argument, format!("cannot be written as JSON: {e}")))
}

/// Sets a header argument, refusing a value that cannot be sent in a header (control
/// characters, line breaks) rather than sending another one.
pub fn header(
    headers: &mut http::HeaderMap,
    name: &'static str,
    argument: &'static str,
    value: impl AsRef<str>,
) -> Result<(), Error> {
    let value = http::HeaderValue::from_str(value.as_ref()).map_err(|_| {
        Error::invalid_argument(
            argument,
            "contains characters that cannot be sent in an HTTP header".to_owned(),
        )
    })?;
    // `from_bytes`, not `from_static`: a name that is not a lower-case token is an error,
    // never a panic, even when this is called by hand.
    let name = http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid_argument(argument, format!("`{name}` is not a header name")))?;
    headers.append(name, value);
    Ok(())
}

/// A request body and its `Content-Type`.
#[derive(Debug, Default)]
pub struct Content {
    bytes: Vec<u8>,
    content_type: Option<http::HeaderValue>,
}

impl Content {
    /// No body.
    pub fn empty() -> Self {
        Content::default()
    }

    /// A JSON body.
    pub fn json<B: serde::Serialize + ?Sized>(body: &B, media: &str) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::invalid_argument("body", format!("cannot be written as JSON: {e}"))
        })?;
        Content::bytes(&[], media).map(|c| Content { bytes, ..c })
    }

    /// An `application/x-www-form-urlencoded` body: each property a `name=value` pair, an
    /// array one pair per item.
    /// A null property is refused: the form encoding has no null, and leaving it out would
    /// send another request than the caller built (a `Patch::Null` would clear nothing).
    pub fn form<B: serde::Serialize + ?Sized>(body: &B, media: &str) -> Result<Self, Error> {
        Content::form_with(body, media, &[], &[])
    }

    /// A form body: scalars as `name=value`, arrays of scalars as repeated names
    /// (`tag=a&tag=b`), nested objects and arrays of objects in the bracket encoding
    /// (`metadata[key]=v`, `items[0][price]=p`). The properties in `json` are sent as JSON text
    /// (`encoding.<name>.contentType: application/json`), those in `indexed` as `name[0]=a`
    /// even when they hold scalars (`style: deepObject`). A null anywhere is refused: the form
    /// encoding has none, and leaving it out would send another request.
    pub fn form_with<B: serde::Serialize + ?Sized>(
        body: &B,
        media: &str,
        json: &[&str],
        indexed: &[&str],
    ) -> Result<Self, Error> {
        let value = serde_json::to_value(body).map_err(|e| {
            Error::invalid_argument("body", format!("cannot be written as a form: {e}"))
        })?;
        let serde_json::Value::Object(properties) = value else {
            return Err(Error::invalid_argument(
                "body",
                "is not an object, which a form body must be".to_owned(),
            ));
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in properties {
            match value {
                value if json.contains(&name.as_str()) && !value.is_null() => {
                    pairs.push((name, value.to_string()));
                }
                serde_json::Value::Array(items)
                    if !indexed.contains(&name.as_str())
                        && items.iter().all(|i| !i.is_object() && !i.is_array()) =>
                {
                    for item in items {
                        brackets(name.clone(), item, "body", Nulls::Refuse, &mut pairs)?;
                    }
                }
                other => brackets(name, other, "body", Nulls::Refuse, &mut pairs)?,
            }
        }
        let text = serde_html_form::to_string(&pairs).map_err(|e| {
            Error::invalid_argument("body", format!("cannot be written as a form: {e}"))
        })?;
        Content::bytes(&[], media).map(|c| Content {
            bytes: text.into_bytes(),
            ..c
        })
    }

    /// A body sent as it is, with this media type.
    pub fn bytes(body: &[u8], media: &str) -> Result<Self, Error> {
        let content_type = http::HeaderValue::from_str(media).map_err(|_| {
            Error::invalid_argument(
                "content_type",
                format!("`{media}` cannot be sent as a Content-Type header"),
            )
        })?;
        Ok(Content {
            bytes: body.to_vec(),
            content_type: Some(content_type),
        })
    }
}

/// Builds a request from its parts: the base URL and expanded path, the query, the headers,
/// what to accept, and the body.
pub fn build(
    method: http::Method,
    base_url: &str,
    path: &str,
    query: &Query,
    headers: http::HeaderMap,
    accept: &'static str,
    content: Content,
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
    let mut request = http::Request::new(content.bytes);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let map = request.headers_mut();
    *map = headers;
    let accept = http::HeaderValue::from_str(accept).map_err(|_| {
        Error::invalid_argument(
            "accept",
            format!("`{accept}` cannot be sent as an Accept header"),
        )
    })?;
    map.insert(http::header::ACCEPT, accept);
    if let Some(content_type) = content.content_type {
        map.insert(http::header::CONTENT_TYPE, content_type);
    }
    Ok(request)
}

/// Reads an answer that is not a success into an [`Error::Api`]; the operation's response
/// function reads its declared error bodies from it (`From<Error> for Error<E>`).
pub fn untyped_error(response: &http::Response<Vec<u8>>) -> Error {
    Error::api(
        response.status(),
        response.body().clone(),
        attempts(response),
    )
}

/// How many attempts the client made for this response (1 when it came another way).
fn attempts(response: &http::Response<Vec<u8>>) -> u32 {
    response
        .extensions()
        .get::<crate::error::Attempts>()
        .map_or(1, |a| a.0)
}

/// A declared error body read as `T`, when it is one: what a generated
/// `ErrorResponses::read` calls for each declared status.
pub fn error_body<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}

/// An operation's response function: the answer read into its success value or its error.
pub type ResponseReader<T, E> = fn(&http::Response<Vec<u8>>) -> Result<T, Error<E>>;

/// What reads a non-success answer into an error.
pub type ErrorReader = fn(&http::Response<Vec<u8>>) -> Error;

/// Reads a JSON success body.
pub fn read_json<T: DeserializeOwned>(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
    let body = response.body();
    serde_json::from_slice(body).map_err(|e| Error::decode(response.status(), &e, body))
}

/// Reads a text success body, which must be UTF-8.
pub fn read_text(response: &http::Response<Vec<u8>>) -> Result<String, Error> {
    String::from_utf8(response.body().clone()).map_err(|e| Error::Decode {
        status: response.status(),
        reason: format!("the text is not UTF-8 ({e})"),
        excerpt: excerpt(response.body()),
        call: None,
    })
}

/// Reads a JSON response: a success status gives the typed value, any other an API error.
pub fn decode_json<T: DeserializeOwned>(
    response: &http::Response<Vec<u8>>,
    error: ErrorReader,
) -> Result<T, Error> {
    if !response.status().is_success() {
        return Err(error(response));
    }
    read_json(response)
}

/// Reads a text response.
pub fn decode_text(
    response: &http::Response<Vec<u8>>,
    error: ErrorReader,
) -> Result<String, Error> {
    if !response.status().is_success() {
        return Err(error(response));
    }
    read_text(response)
}

/// Reads a binary response: the bytes as received.
pub fn decode_bytes(
    response: &http::Response<Vec<u8>>,
    error: ErrorReader,
) -> Result<Vec<u8>, Error> {
    if !response.status().is_success() {
        return Err(error(response));
    }
    Ok(response.body().clone())
}

/// Reads a response that carries no body on success (such as 204 No Content).
pub fn decode_empty(response: &http::Response<Vec<u8>>, error: ErrorReader) -> Result<(), Error> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(error(response))
    }
}

/// Whether `after` lacks a key of an object that `before` has, at any depth: what a JSON
/// merge patch (RFC 7396) that sends `after` cannot remove.
pub fn drops_keys<T: serde::Serialize>(before: &T, after: &T) -> bool {
    fn walk(before: &serde_json::Value, after: &serde_json::Value) -> bool {
        match (before, after) {
            (serde_json::Value::Object(b), serde_json::Value::Object(a)) => b
                .iter()
                .any(|(k, bv)| a.get(k).is_none_or(|av| walk(bv, av))),
            _ => false,
        }
    }
    match (serde_json::to_value(before), serde_json::to_value(after)) {
        (Ok(b), Ok(a)) => walk(&b, &a),
        _ => false,
    }
}

/// Reads one alternative of a `oneOf`/`anyOf` from the value already read.
pub fn read_variant<T: DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, serde_json::Error> {
    T::deserialize(value)
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

/// Writes an optional property of a received model: nothing when it is `None`.
pub fn optional_entry<M: serde::ser::SerializeMap, T: serde::Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// Writes a nullable optional property: nothing when absent, `null` when null.
pub fn nullable_entry<M: serde::ser::SerializeMap, T: serde::Serialize>(
    map: &mut M,
    key: &'static str,
    value: &crate::Nullable<T>,
) -> Result<(), M::Error> {
    if value.is_absent() {
        Ok(())
    } else {
        map.serialize_entry(key, value)
    }
}

/// An object key as read: borrowed from the input when it holds no escapes, so matching it
/// against the property names allocates nothing; owned otherwise.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (for the map of unknown properties).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }

            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated string enum with `as_str`, `from_wire`, serde, `Display`, `FromStr` and
/// conversions, from its value table: the enum's attributes and name, one line per value,
/// `Variant = "wire value",` (each documented by its value), then its catch-all variant,
/// which keeps a value the spec does not list. Each enum carries only its table.
///
/// ```text
/// string_enum! {
///     /// A DID's state.
///     #[derive(Clone, Debug, PartialEq, Eq, Hash)]
///     #[non_exhaustive]
///     pub enum State {
///         Active = "active",
///     }
///     Unknown
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($variant:ident = $wire:literal,)*
        }
        $catch_all:ident
    ) => {
        $(#[$attr])*
        pub enum $name {
            $(
                #[doc = ::core::concat!("`", $wire, "`")]
                $variant,
            )*
            /// A value not listed in the spec, kept exactly as received.
            $catch_all(::std::string::String),
        }

        impl $name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::$catch_all(value) => value,
                }
            }

            /// The variant for a wire value; unknown values land in the catch-all.
            #[inline]
            pub fn from_wire(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => $name::$variant,)*
                    _ => $name::$catch_all(value),
                }
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        // `Self`, and type parameters no spec name can take: an enum may be named `D`.
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                <::std::string::String as $crate::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from_wire)
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            #[inline]
            fn from_str(
                s: &str,
            ) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                Ok($name::from_wire(s.to_owned()))
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(s: &str) -> Self {
                $name::from_wire(s.to_owned())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(s: ::std::string::String) -> Self {
                $name::from_wire(s)
            }
        }
    };
}

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
                matches!(
                    err,
                    Error::InvalidArgument {
                        name: "partner_sid",
                        ..
                    }
                ),
                "{arg:?}: {err}"
            );
        }
    }

    fn get(base_url: &str, query: &Query) -> Result<http::Request<Vec<u8>>, Error> {
        let headers = http::HeaderMap::new();
        build(
            http::Method::GET,
            base_url,
            "/p",
            query,
            headers,
            "application/json",
            Content::empty(),
        )
    }

    #[test]
    fn query_values_are_encoded() {
        let mut query = Query::new();
        query.push("a", "x y&z=1");
        query.push("b", "true");
        query.push("c", join(["1", "2"]));
        let request = get("http://h/v2/", &query).unwrap();
        assert_eq!(
            request.uri(),
            "http://h/v2/p?a=x%20y%26z%3D1&b=true&c=1%2C2"
        );
    }

    #[test]
    fn object_arguments_spread_into_the_query() {
        let filter =
            serde_json::json!({"status": "open", "tags": ["a", "b c"], "gone": null, "n": 2});
        let mut query = Query::new();
        query.push_object(None, &filter, "filter").unwrap();
        query
            .push_object(Some("page"), &serde_json::json!({"size": 5}), "page")
            .unwrap();
        let request = get("http://h/v2", &query).unwrap();
        assert_eq!(
            request.uri(),
            "http://h/v2/p?status=open&tags=a&tags=b%20c&n=2&page%5Bsize%5D=5"
        );
        let err = Query::new()
            .push_object(None, &serde_json::json!({"o": {"x": 1}}), "filter")
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { name: "filter", .. }),
            "{err}"
        );
    }

    #[test]
    fn relative_base_url_is_refused() {
        let err = get("/v2", &Query::new()).unwrap_err();
        assert!(err.to_string().contains("base_url"), "{err}");
    }

    #[test]
    fn header_values_that_cannot_be_sent_are_refused() {
        let mut headers = http::HeaderMap::new();
        header(&mut headers, "x-request-id", "x_request_id", "abc").unwrap();
        assert_eq!(headers["x-request-id"], "abc");
        let err = header(&mut headers, "x-request-id", "x_request_id", "a\r\nb").unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidArgument {
                    name: "x_request_id",
                    ..
                }
            ),
            "{err}"
        );
        // A name that is not a lower-case token is an error, not a panic.
        let err = header(&mut headers, "Not A Name", "x", "v").unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { name: "x", .. }),
            "{err}"
        );
    }

    #[test]
    fn form_bodies_nest_objects_in_brackets() {
        let body = serde_json::json!({
            "amount": 12,
            "metadata": {"order": "A-1", "gift": true},
            "items": [{"price": "p_1", "quantity": 2}],
            "expand": ["customer", "invoice"],
            "tags": ["a", "b"],
            "config": {"retries": 3},
        });
        let content = Content::form_with(
            &body,
            "application/x-www-form-urlencoded",
            &["config"],
            &["expand"],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(content.bytes).unwrap(),
            "amount=12&metadata%5Border%5D=A-1&metadata%5Bgift%5D=true\
             &items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2\
             &expand%5B0%5D=customer&expand%5B1%5D=invoice&tags=a&tags=b\
             &config=%7B%22retries%22%3A3%7D"
        );
        let null = serde_json::json!({"metadata": {"order": null}});
        let refused = Content::form(&null, "application/x-www-form-urlencoded").unwrap_err();
        assert!(
            refused.to_string().contains("`metadata[order]` is null"),
            "{refused}"
        );
        let not_object = Content::form(&[1, 2], "application/x-www-form-urlencoded");
        assert!(not_object.is_err());
    }

    #[test]
    fn deep_object_queries_nest_in_brackets() {
        let mut query = Query::new();
        let filter = serde_json::json!({"owner": {"name": "Ada"}, "ids": [1, 2], "rows": [{"a": 1}], "gone": null});
        query
            .push_object(Some("filter"), &filter, "filter")
            .unwrap();
        let mut url = String::new();
        query.write_to(&mut url);
        assert_eq!(
            url,
            "?filter%5Bowner%5D%5Bname%5D=Ada&filter%5Bids%5D=1&filter%5Bids%5D=2&filter%5Brows%5D%5B0%5D%5Ba%5D=1"
        );
        // Form style (not deep) still cannot carry nesting.
        let mut query = Query::new();
        assert!(query.push_object(None, &filter, "filter").is_err());
    }

    #[test]
    fn form_bodies_repeat_array_names() {
        #[derive(serde::Serialize)]
        struct Form {
            to: &'static str,
            tags: Vec<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            absent: Option<i32>,
        }
        let body = Form {
            to: "+1 555",
            tags: vec!["a", "b&c"],
            absent: None,
        };
        let content = Content::form(&body, "application/x-www-form-urlencoded").unwrap();
        assert_eq!(
            String::from_utf8(content.bytes).unwrap(),
            "to=%2B1+555&tags=a&tags=b%26c"
        );
    }

    #[test]
    fn dropped_keys_are_found_at_any_depth() {
        use serde_json::json;
        assert!(drops_keys(&json!({"a": 1, "b": 2}), &json!({"a": 1})));
        assert!(drops_keys(&json!({"o": {"x": 1}}), &json!({"o": {}})));
        assert!(!drops_keys(&json!({"a": 1}), &json!({"a": 2, "b": 3})));
        assert!(!drops_keys(&json!([1, 2]), &json!([1])));
        assert!(!drops_keys(&json!({"a": null}), &json!({"a": {}})));
        assert!(!drops_keys(&Some(1), &None::<i32>));
    }

    #[test]
    fn a_null_in_a_form_body_is_refused_not_dropped() {
        let body = serde_json::json!({"status": "cancelled", "notes": null});
        let err = Content::form(&body, "application/x-www-form-urlencoded").unwrap_err();
        assert!(err.to_string().contains("`notes` is null"), "{err}");
    }

    #[test]
    fn form_bodies_carry_extra_properties() {
        // Generated objects keep unknown properties in a flattened map; a form writes them too.
        #[derive(serde::Serialize)]
        struct Form {
            to: &'static str,
            #[serde(flatten)]
            extra: serde_json::Map<String, serde_json::Value>,
        }
        let mut extra = serde_json::Map::new();
        extra.insert("Tag".to_owned(), "x y".into());
        extra.insert("Count".to_owned(), 3.into());
        let content = Content::form(
            &Form { to: "a", extra },
            "application/x-www-form-urlencoded",
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(content.bytes).unwrap(),
            "to=a&Tag=x+y&Count=3"
        );
    }

    #[test]
    fn excerpt_is_bounded_on_a_char_boundary() {
        let body = "é".repeat(1000);
        let cut = excerpt(body.as_bytes());
        assert!(cut.len() < EXCERPT_LIMIT + 40, "{}", cut.len());
        assert!(cut.ends_with("(2000 bytes in all)"));
    }
}
