//! The one error type of this crate.

use std::fmt;
use std::time::Duration;

/// Everything that can go wrong building a request, sending it, or reading its answer.
///
/// `E` is the type of the error responses the operation declares (a generated
/// `errors::<Operation>Error`), which [`ApiError::typed`] gives; [`Untyped`] for an
/// operation that declares none and for requests sent by hand. `?` turns an `Error<E>` into
/// a plain [`Error`], which forgets only the typed bodies (status, body and JSON stay).
///
/// No variant ever holds the bearer token, so formatting an error with `{}` or `{:?}` is safe
/// to log.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = Untyped> {
    /// The server answered with a status other than 2xx.
    Api(ApiError<E>),
    /// The request could not be sent or its answer not received (connection, TLS, protocol).
    Transport {
        /// What went wrong, as the HTTP stack describes it.
        source: Box<dyn std::error::Error + Send + Sync>,
        /// How many attempts were made before the client gave up.
        attempts: u32,
        /// The operation whose call failed, when it failed in one (see [`Error::call`]).
        call: Option<Box<Call>>,
    },
    /// No complete answer arrived within the client's timeout.
    Timeout {
        /// The timeout that ran out (each attempt's).
        after: Duration,
        /// How many attempts were made before the client gave up.
        attempts: u32,
        /// The operation whose call failed, when it failed in one (see [`Error::call`]).
        call: Option<Box<Call>>,
    },
    /// The answer's body is larger than the client reads
    /// (`ClientBuilder::max_response_bytes`); the call failed without reading the rest.
    ResponseTooLarge {
        /// The status of the answer.
        status: http::StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The operation whose call failed, when it failed in one (see [`Error::call`]).
        call: Option<Box<Call>>,
    },
    /// The server answered 2xx, but the body is not what the operation returns.
    Decode {
        /// The status of the answer.
        status: http::StatusCode,
        /// Why the body could not be read.
        reason: String,
        /// The start of the body, at most 512 bytes, as text.
        excerpt: String,
        /// The operation whose call failed, when it failed in one (see [`Error::call`]).
        call: Option<Box<Call>>,
    },
    /// Following the pages of a list stopped: the server's pages cannot be followed to an end.
    Pagination {
        /// The offset of the page that could not be followed.
        offset: u64,
        /// Why.
        reason: String,
        /// The operation whose call failed, when it failed in one (see [`Error::call`]).
        call: Option<Box<Call>>,
    },
    /// An argument was refused before any request was made.
    InvalidArgument {
        /// The argument, as named in the operation's signature.
        name: &'static str,
        /// Why it was refused.
        reason: String,
        /// The operation whose call failed, when it failed in one (see [`Error::call`]).
        call: Option<Box<Call>>,
    },
}

/// A non-2xx answer from the server, with its body kept whole.
///
/// [`ApiError::body`] always has the raw bytes. [`ApiError::typed`] gives the answer as one
/// of the error responses the operation declares, its body read into the declared type (a
/// `match` over the operation's own enum); `message` and `errors` read common shapes of JSON
/// error bodies leniently.
pub struct ApiError<E = Untyped> {
    // Boxed, as in `Error`'s other variants: an `Error` stays small to return.
    call: Option<Box<Call>>,
    status: http::StatusCode,
    body: Vec<u8>,
    // Boxed with `call`: the `Error` of every call's `Result` stays within 128 bytes.
    json: Option<Box<serde_json::Value>>,
    // Boxed too: a declared body may be a large model. `Untyped` is zero-sized and allocates
    // nothing.
    typed: Box<E>,
    attempts: u32,
}

/// The typed error responses of a request whose operation declares none, or that was sent
/// by hand: nothing beyond [`ApiError`]'s status, body and JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Untyped;

/// The error responses one operation declares, read from an answer's status and body: what a
/// generated `errors::<Operation>Error` implements. Each declared status (or class, or
/// `default`) is a variant with its typed body; a status the operation does not declare, or
/// a body that is not in the declared shape, is the enum's `Undeclared`.
pub trait ErrorResponses: Sized {
    /// The declared response that `status` and `body` are.
    fn read(status: http::StatusCode, body: &[u8]) -> Self;
}

/// Reads the declared error responses of an operation into its type.
impl<E: ErrorResponses> From<Error> for Error<E> {
    fn from(error: Error) -> Self {
        error.map_api(|api| {
            let typed = Box::new(E::read(api.status, &api.body));
            let api = api.retyped();
            ApiError {
                call: api.call,
                status: api.status,
                body: api.body,
                json: api.json,
                typed,
                attempts: api.attempts,
            }
        })
    }
}

/// Forgets the typed error responses (status, body and JSON stay), so that `?` gathers the
/// errors of different operations into one [`Error`].
impl<E: ErrorResponses> From<Error<E>> for Error {
    fn from(error: Error<E>) -> Self {
        error.map_api(ApiError::retyped)
    }
}

/// The operation of a call: its id, HTTP method and path template, as every error of the call
/// names it. Never a value of a path or query parameter, so never a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    operation: &'static str,
    method: http::Method,
    path: &'static str,
}

impl Call {
    /// The call of an operation, by its id, method and path template.
    pub const fn new(operation: &'static str, method: http::Method, path: &'static str) -> Self {
        Call {
            operation,
            method,
            path,
        }
    }

    /// The operation's id, as the spec writes it (`updatePartner`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The path template (`/partners/{partner_sid}`), without the values of its parameters.
    pub fn path(&self) -> &'static str {
        self.path
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.operation, self.method, self.path)
    }
}

/// How many attempts a response took, carried in its extensions from the client to the
/// response readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attempts(pub(crate) u32);

impl<E> ApiError<E> {
    /// The same answer with untyped error responses.
    fn retyped(self) -> ApiError<Untyped> {
        ApiError {
            call: self.call,
            status: self.status,
            body: self.body,
            json: self.json,
            typed: Box::new(Untyped),
            attempts: self.attempts,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The operation whose call the server refused, when the error came from one.
    pub fn call(&self) -> Option<&Call> {
        self.call.as_deref()
    }

    /// The raw body, exactly as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json.as_deref()
    }

    /// How many attempts the call made; more than 1 when the client retried (for example
    /// after 503 answers) and this was the last answer.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The answer as one of the error responses the operation declares, its body read into
    /// the declared type: `match` it over the operation's `errors::<Operation>Error`. A status
    /// the operation does not declare, or a body not in the declared shape, is its
    /// `Undeclared` ([`ApiError::status`] and [`ApiError::body`] still have what came).
    pub fn typed(&self) -> &E {
        &self.typed
    }

    /// The declared error response, taken out of the error.
    pub fn into_typed(self) -> E {
        *self.typed
    }

    /// The `message` string of a JSON body (or `error`, or `detail`), when there is one.
    pub fn message(&self) -> Option<&str> {
        let object = self.json.as_deref()?.as_object()?;
        ["message", "error", "detail"]
            .iter()
            .find_map(|key| object.get(*key)?.as_str())
    }

    /// The `errors` member of a JSON body, in whatever shape the server sent it; `None` when
    /// it is absent or `null`.
    pub fn errors(&self) -> Option<&serde_json::Value> {
        self.json
            .as_ref()?
            .as_object()?
            .get("errors")
            .filter(|errors| !errors.is_null())
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("call", &self.call)
            .field("status", &self.status)
            .field("body", &crate::wire::excerpt(&self.body))
            .field("typed", &self.typed)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl Error {
    pub(crate) fn api(status: http::StatusCode, body: Vec<u8>, attempts: u32) -> Self {
        let json = serde_json::from_slice(&body).ok().map(Box::new);
        Error::Api(ApiError {
            call: None,
            status,
            body,
            json,
            typed: Box::new(Untyped),
            attempts,
        })
    }

    pub(crate) fn decode(status: http::StatusCode, error: &serde_json::Error, body: &[u8]) -> Self {
        Error::Decode {
            status,
            reason: error.to_string(),
            excerpt: crate::wire::excerpt(body),
            call: None,
        }
    }

    pub(crate) fn invalid_argument(name: &'static str, reason: String) -> Self {
        Error::InvalidArgument {
            // The table macros name an argument by `stringify!`, which keeps a raw
            // identifier's `r#`: the error names the parameter as the spec does.
            name: name.strip_prefix("r#").unwrap_or(name),
            reason,
            call: None,
        }
    }
}

impl<E> Error<E> {
    /// The same error, its API error (if it is one) changed by `f`.
    fn map_api<F>(self, f: impl FnOnce(ApiError<E>) -> ApiError<F>) -> Error<F> {
        match self {
            Error::Api(api) => Error::Api(f(api)),
            Error::Transport {
                source,
                attempts,
                call,
            } => Error::Transport {
                source,
                attempts,
                call,
            },
            Error::Timeout {
                after,
                attempts,
                call,
            } => Error::Timeout {
                after,
                attempts,
                call,
            },
            Error::ResponseTooLarge {
                status,
                limit,
                call,
            } => Error::ResponseTooLarge {
                status,
                limit,
                call,
            },
            Error::Decode {
                status,
                reason,
                excerpt,
                call,
            } => Error::Decode {
                status,
                reason,
                excerpt,
                call,
            },
            Error::Pagination {
                offset,
                reason,
                call,
            } => Error::Pagination {
                offset,
                reason,
                call,
            },
            Error::InvalidArgument { name, reason, call } => {
                Error::InvalidArgument { name, reason, call }
            }
        }
    }

    /// The API error, when the server refused the call.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The error, as part of a call of `call` (which it then names), unless it names one
    /// already.
    #[doc(hidden)]
    pub fn in_call(mut self, call: &Call) -> Self {
        let slot = match &mut self {
            Error::Api(api) => &mut api.call,
            Error::Transport { call, .. }
            | Error::Timeout { call, .. }
            | Error::ResponseTooLarge { call, .. }
            | Error::Decode { call, .. }
            | Error::Pagination { call, .. }
            | Error::InvalidArgument { call, .. } => call,
        };
        if slot.is_none() {
            *slot = Some(Box::new(call.clone()));
        }
        self
    }

    /// The operation whose call failed: its id, method and path template. `None` for a
    /// request sent by hand (`Transport::execute`) or refused before a call.
    pub fn call(&self) -> Option<&Call> {
        match self {
            Error::Api(api) => api.call.as_deref(),
            Error::Transport { call, .. }
            | Error::Timeout { call, .. }
            | Error::ResponseTooLarge { call, .. }
            | Error::Decode { call, .. }
            | Error::Pagination { call, .. }
            | Error::InvalidArgument { call, .. } => call.as_deref(),
        }
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(call) = self.call() {
            write!(f, "{call}: ")?;
        }
        match self {
            Error::Api(api) => {
                write!(f, "the server refused the request with {}", api.status)?;
                if api.attempts > 1 {
                    write!(f, " (after {} attempts)", api.attempts)?;
                }
                match (api.message(), api.errors()) {
                    (Some(message), _) => write!(f, ": {message}"),
                    (None, Some(errors)) => write!(f, ": {errors}"),
                    (None, None) if api.body.is_empty() => Ok(()),
                    (None, None) => write!(f, "; body: {}", crate::wire::excerpt(&api.body)),
                }
            }
            Error::Transport {
                source, attempts, ..
            } => {
                write!(f, "the request could not be completed")?;
                if *attempts > 1 {
                    write!(f, " in {attempts} attempts")?;
                }
                write!(f, ": {source}")?;
                let mut cause = source.source();
                while let Some(inner) = cause {
                    write!(f, ": {inner}")?;
                    cause = inner.source();
                }
                Ok(())
            }
            Error::Timeout {
                after, attempts, ..
            } => {
                write!(f, "no answer within {after:?}")?;
                if *attempts > 1 {
                    write!(f, " in any of {attempts} attempts")?;
                }
                write!(f, "; raise the limit with ClientBuilder::timeout")
            }
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the server answered {status} with a body larger than {limit} bytes, which this client does not read; raise the limit with ClientBuilder::max_response_bytes"
            ),
            Error::Decode {
                status,
                reason,
                excerpt,
                ..
            } => write!(
                f,
                "the server answered {status} with a body this client cannot read ({reason}); the body starts: {excerpt}"
            ),
            Error::Pagination { offset, reason, .. } => {
                write!(
                    f,
                    "stopped following the pages at offset {offset}: {reason}"
                )
            }
            Error::InvalidArgument { name, reason, .. } => {
                write!(f, "invalid argument `{name}`: {reason}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Call, Error, ErrorResponses};
    use http::StatusCode;

    /// The error responses of an operation, as a generated crate declares them.
    #[derive(Debug, PartialEq)]
    enum GetThingError {
        NotFound(serde_json::Value),
        Undeclared,
    }

    impl ErrorResponses for GetThingError {
        fn read(status: StatusCode, body: &[u8]) -> Self {
            match status.as_u16() {
                404 => crate::wire::error_body(body).map_or(Self::Undeclared, Self::NotFound),
                _ => Self::Undeclared,
            }
        }
    }

    #[test]
    fn declared_error_responses_are_read_into_the_operations_type_and_forgotten_by_question_mark() {
        let call = Call::new("getThing", http::Method::GET, "/things/{id}");
        let body = br#"{"message":"no such thing"}"#.to_vec();
        let untyped = Error::api(StatusCode::NOT_FOUND, body.clone(), 2).in_call(&call);
        let typed: Error<GetThingError> = untyped.into();
        let Error::Api(api) = &typed else {
            panic!("{typed:?}")
        };
        assert_eq!(
            api.typed(),
            &GetThingError::NotFound(serde_json::json!({"message": "no such thing"}))
        );
        assert_eq!(api.status(), StatusCode::NOT_FOUND);
        assert_eq!(api.attempts(), 2);
        assert_eq!(typed.call(), Some(&call));
        // A status not declared, and a declared one whose body is not in its shape.
        for (status, body) in [
            (StatusCode::CONFLICT, body.clone()),
            (StatusCode::NOT_FOUND, b"<html>".to_vec()),
        ] {
            let typed: Error<GetThingError> = Error::api(status, body.clone(), 1).into();
            let api = typed.api_error().unwrap();
            assert_eq!(api.typed(), &GetThingError::Undeclared);
            assert_eq!(api.body(), body.as_slice());
        }
        // `?` into a plain `Error` keeps everything but the typed body.
        fn plain(typed: Error<GetThingError>) -> Result<(), Error> {
            Err(typed)?
        }
        let typed: Error<GetThingError> = Error::api(StatusCode::NOT_FOUND, body.clone(), 1).into();
        let text = typed.to_string();
        let plain = plain(typed).unwrap_err();
        assert_eq!(plain.to_string(), text);
        assert_eq!(plain.api_error().unwrap().body(), body.as_slice());
        // Errors that are not the server's pass through unchanged.
        let timeout: Error<GetThingError> = Error::<super::Untyped>::Timeout {
            after: std::time::Duration::from_secs(1),
            attempts: 1,
            call: None,
        }
        .into();
        assert!(matches!(timeout, Error::Timeout { attempts: 1, .. }));
    }

    #[test]
    fn every_error_of_a_call_names_its_operation_method_and_path() {
        let call = Call::new("updateDid", http::Method::PATCH, "/dids/{did_sid}");
        let body = br#"{"message":"Object validation error"}"#.to_vec();
        let err = Error::api(StatusCode::UNPROCESSABLE_ENTITY, body, 1).in_call(&call);
        assert_eq!(
            err.to_string(),
            "updateDid (PATCH /dids/{did_sid}): the server refused the request with 422 Unprocessable Entity: Object validation error"
        );
        // The call that made the error stays named.
        let other = Call::new("getDid", http::Method::GET, "/dids/{did_sid}");
        assert_eq!(err.in_call(&other).call(), Some(&call));
        let timeout: Error = Error::Timeout {
            after: std::time::Duration::from_secs(1),
            attempts: 1,
            call: None,
        }
        .in_call(&call);
        assert!(
            timeout
                .to_string()
                .starts_with("updateDid (PATCH /dids/{did_sid}): no answer within 1s"),
            "{timeout}"
        );
        // An error outside any call names none.
        let alone = Error::invalid_argument("did_sid", "must not be empty".to_owned());
        assert_eq!(alone.call(), None);
        assert_eq!(
            alone.to_string(),
            "invalid argument `did_sid`: must not be empty"
        );
    }

    #[test]
    fn api_error_reads_a_json_message_and_keeps_the_body() {
        let body = br#"{"message":"Cannot find item by SID","errors":[{"field":"x"}]}"#.to_vec();
        let err = Error::api(StatusCode::NOT_FOUND, body.clone(), 1);
        assert_eq!(
            err.to_string(),
            "the server refused the request with 404 Not Found: Cannot find item by SID"
        );
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(api.body(), body.as_slice());
        assert_eq!(api.errors().unwrap()[0]["field"], "x");
    }

    #[test]
    fn null_errors_are_none() {
        let body = br#"{"message":"Object validation error","errors":null}"#.to_vec();
        let Error::Api(api) = Error::api(StatusCode::UNPROCESSABLE_ENTITY, body, 1) else {
            panic!("an API error")
        };
        assert_eq!(api.errors(), None);
        assert_eq!(api.message(), Some("Object validation error"));
    }

    #[test]
    fn api_error_with_html_shows_an_excerpt() {
        let err = Error::api(StatusCode::BAD_GATEWAY, b"<html>oops</html>".to_vec(), 1);
        assert_eq!(
            err.to_string(),
            "the server refused the request with 502 Bad Gateway; body: <html>oops</html>"
        );
    }

    #[test]
    fn errors_after_retries_say_how_many_attempts() {
        let err = Error::api(StatusCode::SERVICE_UNAVAILABLE, Vec::new(), 3);
        assert_eq!(
            err.to_string(),
            "the server refused the request with 503 Service Unavailable (after 3 attempts)"
        );
        let err: Error = Error::Timeout {
            after: std::time::Duration::from_secs(2),
            attempts: 2,
            call: None,
        };
        assert_eq!(
            err.to_string(),
            "no answer within 2s in any of 2 attempts; raise the limit with ClientBuilder::timeout"
        );
    }
}
