//! The sans-IO module of a generated operation, from its table: the constants, the `Params`
//! struct of its optional parameters with their setters, `request` and `response`. What
//! differs between operations is data (names, types, wire names, how each value is written);
//! the code that writes a request is the same for all of them, so it is written once, here.

/// A generated operation's module: `METHOD`, `PATH`, `REQUIRED_SCOPES`, `SECURITY`, `Params`
/// (with a setter per field), `request` and `response`.
///
/// ```text
/// operation! {
///     //! `GET /dids`: Get DIDs
///     pub mod list_dids = GET "/phonenumber/dids";
///     scopes [["phonenumber.read"]];
///     security [["oauth2"]];
///     params {
///         /// (the field's and the setter's docs follow "The " and "Sets the ")
///         limit: i64 = limit value "query `limit`: How many items a page holds.";
///     }
///     /// Builds the request.
///     fn request(sid: &str, body: &crate::models::Did);
///     path [sid "sid" str];
///     put [optional limit query "limit" display];
///     content json(body, "application/json");
///     accept "application/json";
///     /// Reads the response.
///     response -> crate::models::Did, crate::errors::ListDidsError = decode_json typed;
/// }
/// ```
///
/// A setter takes its value as it is (`value`: numbers and booleans, so that a literal takes
/// the parameter's type) or as `impl Into` (`into`). Each `put` line is a required argument
/// or an optional parameter, in the spec's order (the query is sent in it), with where it
/// goes, its wire name and how its value is written (see `__arg!`). `response` is either the
/// decoder of a single success type (`typed`: its errors read into the operation's error
/// type) or, in braces, the items that read a response whose statuses differ.
///
/// The macro's own names (`base_url`, `params`) are hygienic: a spec's parameter of the same
/// name is a different variable.
#[doc(hidden)]
#[macro_export]
macro_rules! operation {
    (
        $(#![$inner:meta])*
        pub mod $module:ident = $method:ident $path:literal;
        scopes [$([$($scope:literal),*]),*];
        security [$([$($scheme:literal),*]),*];
        params {$(
            $(#[$pattr:meta])*
            $field:ident: $fty:ty = $setter:ident $how:ident $pdoc:literal;
        )*}
        $(#[$rattr:meta])*
        fn request($($arg:ident: $aty:ty),*);
        path [$($pname:ident $pwire:literal $pkind:ident),*];
        put [$($required:ident $name:ident $loc:ident $wire:literal $kind:ident),* $(,)?];
        content $content:ident($($carg:tt)*);
        accept $accept:literal;
        $(#[$sattr:meta])*
        response $($response:tt)*
    ) => {
        pub mod $module {
            $(#![$inner])*

            /// The HTTP method.
            pub const METHOD: $crate::http::Method = $crate::http::Method::$method;

            /// The path template.
            pub const PATH: &str = $path;

            /// The scope sets, any one of which suffices.
            pub const REQUIRED_SCOPES: &[&[&str]] = &[$(&[$($scope),*]),*];

            /// The sets of security schemes, any one of which suffices.
            pub const SECURITY: &[&[&str]] = &[$(&[$($scheme),*]),*];

            /// The optional parameters of [`request`], each unset by `Default` and set by its
            /// setter (`Params::default().limit(20)`) or its field.
            #[derive(Clone, Debug, Default, PartialEq)]
            #[non_exhaustive]
            pub struct Params {$(
                #[doc = concat!("The ", $pdoc)]
                $(#[$pattr])*
                pub $field: ::core::option::Option<$fty>,
            )*}

            #[allow(
                clippy::should_implement_trait,
                clippy::wrong_self_convention,
                reason = "a setter is named after its parameter, which may be `clone` or `to_date`"
            )]
            impl Params {$(
                #[doc = concat!("Sets the ", $pdoc)]
                $(#[$pattr])*
                #[inline]
                pub fn $setter(mut self, value: $crate::__setter_type!($how $fty)) -> Self {
                    self.$field = ::core::option::Option::Some($crate::__setter_value!($how value));
                    self
                }
            )*}

            $(#[$rattr])*
            #[inline]
            pub fn request(
                base_url: &str,
                $($arg: $aty,)*
                params: &Params,
            ) -> ::core::result::Result<
                $crate::http::Request<::std::vec::Vec<u8>>,
                $crate::Error,
            > {
                let _ = params;
                $crate::args::request(
                    METHOD,
                    base_url,
                    PATH,
                    &[$(($pwire, $crate::__path_value!($pkind $pname))),*],
                    &mut [$($crate::__arg!($required params $name $loc $wire $kind)),*],
                    $crate::__content!($content($($carg)*)),
                    $accept,
                )
            }

            $crate::__response! { [$(#[$sattr])*] $($response)* }
        }
    };
}

/// A setter's parameter type: the field's type, or `impl Into` it.
#[doc(hidden)]
#[macro_export]
macro_rules! __setter_type {
    (value $ty:ty) => { $ty };
    (into $ty:ty) => { impl ::core::convert::Into<$ty> };
}

/// A setter's value, as its parameter type takes it.
#[doc(hidden)]
#[macro_export]
macro_rules! __setter_value {
    (value $value:ident) => {
        $value
    };
    (into $value:ident) => {
        ::core::convert::Into::into($value)
    };
}

/// One argument of the path, as text: `str` (a `&str` already), `as_str` (a string enum or
/// decimal), `display` (a number or boolean), or `join_*`, an array's items so written and
/// joined by commas (`style: simple`).
#[doc(hidden)]
#[macro_export]
macro_rules! __path_value {
    (str $v:ident) => {
        $v
    };
    (as_str $v:ident) => {
        $v.as_str()
    };
    (display $v:ident) => {
        &$v.to_string()
    };
    (join_str $v:ident) => {
        &$crate::wire::join($v.iter())
    };
    (join_as_str $v:ident) => {
        &$crate::wire::join($v.iter().map(|value| value.as_str()))
    };
    (join_display $v:ident) => {
        &$crate::wire::join($v.iter().map(|value| value.to_string()))
    };
}

/// One query or header argument of the request, as an [`args::Arg`](crate::args::Arg): a
/// `required` one from the argument of its name, an `optional` one from its `Params` field.
///
/// How the value is written is the name of the function of [`args`](crate::args) that writes
/// it: `str`, `as_str`, `display` (as in `__path_value!`); `json` (`content:
/// application/json`); for the query also `expr` (a `Filter` or `Order`), `object` and `deep`
/// (an object's properties, `style: form` or `deepObject`) and `each_*` (an exploded array:
/// one argument per item); `join_*` (items joined by commas, as a header's arrays are too).
#[doc(hidden)]
#[macro_export]
macro_rules! __arg {
    (required $params:ident $name:ident $loc:ident $wire:literal $kind:ident) => {
        $crate::args::$kind(
            $crate::args::at::$loc,
            $wire,
            stringify!($name),
            ::core::option::Option::Some(&$name),
        )
    };
    (optional $params:ident $name:ident $loc:ident $wire:literal $kind:ident) => {
        $crate::args::$kind(
            $crate::args::at::$loc,
            $wire,
            stringify!($name),
            $params.$name.as_ref(),
        )
    };
}

/// A request's body, or why there is none: `empty()`, or one of
/// [`wire::Content`](crate::wire::Content)'s constructors with its arguments.
#[doc(hidden)]
#[macro_export]
macro_rules! __content {
    (empty()) => { ::core::result::Result::Ok($crate::wire::Content::empty()) };
    ($kind:ident($($arg:tt)*)) => { $crate::wire::Content::$kind($($arg)*) };
}

/// An operation's `response`: the decoder of its one success type, or the items given.
#[doc(hidden)]
#[macro_export]
macro_rules! __response {
    (
        [$(#[$attr:meta])*]
        -> $ok:ty, $error:ty = $decode:ident $errors:ident;
    ) => {
        $(#[$attr])*
        #[inline]
        pub fn response(
            response: &$crate::http::Response<::std::vec::Vec<u8>>,
        ) -> ::core::result::Result<$ok, $crate::Error<$error>> {
            $crate::__errors!(
                $errors $crate::wire::$decode(response, $crate::wire::untyped_error)
            )
        }
    };
    ([] { $($item:item)* }) => { $($item)* };
}

/// A decoder's result with its error read into the operation's error type (`typed`), or as
/// it is (`untyped`).
#[doc(hidden)]
#[macro_export]
macro_rules! __errors {
    (typed $result:expr) => {
        $result.map_err(::core::convert::Into::into)
    };
    (untyped $result:expr) => {
        $result
    };
}

#[cfg(test)]
mod tests {
    use crate::Error;

    /// A body.
    #[derive(serde::Serialize)]
    pub struct Body {
        a: u8,
    }

    /// An object sent in the query.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
    pub struct Object {
        x: u8,
        y: Option<String>,
    }

    // Arguments named as the macro's own locals (`value`, `query`, `headers`, `path`) show
    // that those are hygienic; `r#type` that a raw identifier's error drops its `r#`.
    crate::operation! {
        //! `POST /things/{id}/{tags}`: a test operation.
        pub mod make_thing = POST "/things/{id}/{tags}";
        scopes [["things.write"], []];
        security [["oauth"], []];
        params {
            limit: i64 = limit value "query `limit`.";
            r#type: String = type_ into "query `type`.";
            ids: Vec<String> = ids into "query `ids`.";
            filter: crate::Filter = filter into "query `filter`.";
            object: super::Object = object into "query `object`.";
            trace: Vec<i64> = trace into "header `x-trace`.";
        }
        /// Builds the request.
        #[allow(clippy::too_many_arguments, reason = "one argument per parameter of the operation")]
        fn request(id: &str, tags: &[String], body: &super::Body, value: i64, query: &str, path: &str);
        path [id "id" str, tags "tags" join_str];
        put [
            required value query "value" display,
            optional limit query "limit" display,
            optional r#type query "type" str,
            optional ids query "ids" each_str,
            optional filter query "filter" expr,
            optional object query "object" deep,
            required query header "x-query" str,
            optional trace header "x-trace" join_display,
            required path query "path" json,
        ];
        content json(body, "application/json");
        accept "application/json";
        /// Reads the response.
        response -> crate::serde_json::Value, crate::Untyped = decode_json untyped;
    }

    fn request(params: &make_thing::Params, header: &str) -> Result<http::Request<Vec<u8>>, Error> {
        let tags = ["a".to_owned(), "b c".to_owned()];
        make_thing::request(
            "https://api.example.com/v1/",
            "t 1",
            &tags,
            &Body { a: 1 },
            7,
            header,
            "p",
            params,
        )
    }

    #[test]
    fn every_argument_goes_where_its_line_says_in_order() {
        assert_eq!(make_thing::METHOD, http::Method::POST);
        assert_eq!(make_thing::PATH, "/things/{id}/{tags}");
        assert_eq!(make_thing::REQUIRED_SCOPES, &[&["things.write"][..], &[]]);
        assert_eq!(make_thing::SECURITY, &[&["oauth"][..], &[]]);
        let params = make_thing::Params::default()
            .limit(20)
            .type_("big")
            .ids(vec!["i1".to_owned(), "i2".to_owned()])
            .filter(crate::Filter::new().eq("state", "NY"))
            .object(Object { x: 3, y: None })
            .trace(vec![1, 2]);
        let request = request(&params, "h").unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://api.example.com/v1/things/t%201/a%2Cb%20c?value=7&limit=20&type=big&ids=i1&ids=i2&filter=state%20eq%20%22NY%22&object%5Bx%5D=3&path=%22p%22"
        );
        assert_eq!(request.headers()["x-query"], "h");
        assert_eq!(request.headers()["x-trace"], "1,2");
        assert_eq!(request.headers()["accept"], "application/json");
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(request.body(), br#"{"a":1}"#);
    }

    #[test]
    fn unset_parameters_are_left_out() {
        let request = request(&make_thing::Params::default(), "h").unwrap();
        assert_eq!(request.uri().query(), Some("value=7&path=%22p%22"));
        assert!(!request.headers().contains_key("x-trace"));
    }

    #[test]
    fn a_bad_argument_is_an_error_that_names_it() {
        let Err(Error::InvalidArgument { name, .. }) =
            request(&make_thing::Params::default(), "a\nb")
        else {
            panic!("a header value with a line break was sent");
        };
        assert_eq!(name, "query");
        let Err(Error::InvalidArgument { name, .. }) = make_thing::request(
            "https://x.example",
            "..",
            &[],
            &Body { a: 1 },
            1,
            "h",
            "p",
            &Default::default(),
        ) else {
            panic!("a dot segment was sent");
        };
        assert_eq!(name, "id");
    }

    #[test]
    fn the_response_decodes_its_one_success_type() {
        let response = http::Response::builder()
            .status(200)
            .body(br#"{"ok":true}"#.to_vec())
            .unwrap();
        assert_eq!(make_thing::response(&response).unwrap()["ok"], true);
        let refused = http::Response::builder()
            .status(404)
            .body(Vec::new())
            .unwrap();
        assert!(matches!(make_thing::response(&refused), Err(Error::Api(_))));
    }
}
