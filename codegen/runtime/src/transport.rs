//! The async client's configuration and transport, on reqwest with rustls.
//!
//! A generated crate's `Client` wraps a [`Transport`]; each of its operation methods builds
//! its request with the crate's sans-IO functions and sends it through the transport:
//! credentials for the client's own origin only, retries as [`RetryPolicy`] says, the answer
//! read up to [`ClientBuilder::max_response_bytes`]. What differs from one API to the next
//! (servers, security schemes) comes in as data, a [`Spec`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Error;
use crate::error::Attempts;
use crate::retry::{Failure, RetryPolicy, next_wait};

/// The future of a call's `send()`: the answer, read into its success type `T`, or the
/// error (with the operation's declared errors as `E`). `Send`, so a call can be spawned on
/// a multi-threaded runtime; boxed once per call (next to a network round trip, nothing).
#[must_use = "a future does nothing unless it is awaited"]
pub struct Sending<'a, T, E>(
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error<E>>> + Send + 'a>>,
);

impl<T, E> std::future::Future for Sending<'_, T, E> {
    type Output = Result<T, Error<E>>;

    #[inline]
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        self.0.as_mut().poll(cx)
    }
}

impl<T, E> fmt::Debug for Sending<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sending")
    }
}

/// The most of an answer's body the client reads unless set otherwise: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Code that sees every attempt of every call, for logging, metrics or extra headers: the
/// middleware hook of [`ClientBuilder::hook`].
///
/// `before` runs before the client adds credentials, so a hook never sees them.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent, with its method, URL and headers (which it may
    /// change).
    fn before(&self, method: &http::Method, uri: &http::Uri, headers: &mut http::HeaderMap) {
        let _ = (method, uri, headers);
    }

    /// Called after each attempt that got an answer, with its status and headers, and the
    /// attempt's number (1 for the first).
    fn after(&self, status: http::StatusCode, headers: &http::HeaderMap, attempt: u32) {
        let _ = (status, headers, attempt);
    }
}

/// How long a call may take, connection and body included, unless set otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a generated crate tells the transport about its API: the parts of the spec the
/// transport reads at run time.
#[derive(Debug)]
#[non_exhaustive]
pub struct Spec {
    /// The servers the spec names, URL templates as written; the first is the default.
    pub servers: &'static [&'static str],
    /// The variables of the first server: name, default and documented values.
    pub server_variables: &'static [(&'static str, &'static str, &'static [&'static str])],
    /// The security schemes, by name, and how each puts its credential on a request.
    pub schemes: &'static [(&'static str, SchemeKind)],
    /// The spec's top-level security: alternatives, each a set of scheme names.
    pub default_security: &'static [&'static [&'static str]],
    /// The `User-Agent` sent unless set otherwise (the generated crate's name and version).
    pub user_agent: &'static str,
}

impl Spec {
    /// A spec description; generated crates build theirs in a `const`.
    pub const fn new(
        servers: &'static [&'static str],
        server_variables: &'static [(&'static str, &'static str, &'static [&'static str])],
        schemes: &'static [(&'static str, SchemeKind)],
        default_security: &'static [&'static [&'static str]],
        user_agent: &'static str,
    ) -> Spec {
        Spec {
            servers,
            server_variables,
            schemes,
            default_security,
            user_agent,
        }
    }
}

/// The link between a generated crate's `Client` and the runtime: the spec it was generated
/// from, and how it wraps a [`Transport`]. [`ClientBuilder::build`] returns the client through
/// it. A trait rather than inherent methods, so that no name of the runtime's can collide with
/// an operation of the spec.
pub trait Api: Sized {
    /// The parts of the spec the transport reads.
    const SPEC: &'static Spec;

    /// The client around a built transport.
    fn from_transport(transport: Transport) -> Self;
}

impl Api for Transport {
    const SPEC: &'static Spec = &Spec::new(&[], &[], &[], &[], DEFAULT_USER_AGENT);

    fn from_transport(transport: Transport) -> Self {
        transport
    }
}

/// The `User-Agent` of a bare [`Transport`]: the runtime's name and version. A generated
/// client sends its own crate's instead.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How a security scheme of the spec puts its credential on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// An API key in the header of this (lower-case) name.
    ApiKeyHeader(&'static str),
    /// An API key in the query parameter of this name.
    ApiKeyQuery(&'static str),
    /// An API key in the cookie of this name.
    ApiKeyCookie(&'static str),
    /// A client certificate, presented by the TLS connection (`mutualTLS`): nothing goes on
    /// the request; the certificate is the identity of the reqwest client given to
    /// `ClientBuilder::http_client`.
    MutualTls,
}

/// A credential ready to put on a request; header values are marked sensitive.
#[derive(Clone)]
enum Credential {
    Header(http::HeaderName, http::HeaderValue),
    Query(&'static str, String),
    /// Carried by the connection (a client certificate), not by the request.
    Connection,
}

/// What sends the requests of a generated client: its HTTP client, base URL, credentials,
/// retries and limits. A generated `Client` wraps one (see its `AsRef<Transport>`), which
/// also sends requests built by hand ([`Transport::execute`]).
///
/// Cheap to clone; clones share one connection pool. Formatting it with `{:?}` never shows a
/// credential.
#[derive(Clone)]
pub struct Transport {
    spec: &'static Spec,
    http: reqwest::Client,
    base_url: String,
    /// Scheme, host and port of the base URL: the only origin credentials are sent to.
    origin: (String, String, u16),
    /// By the index of the scheme in `spec.schemes`.
    credentials: Vec<Option<Credential>>,
    timeout: Duration,
    user_agent: http::HeaderValue,
    retry: RetryPolicy,
    max_response_bytes: usize,
    hooks: Arc<[Arc<dyn Hook>]>,
}

/// Settings for a client; a generated crate's `Client::builder` starts one. `C` is the client
/// it builds: the generated `Client`, or a bare [`Transport`].
pub struct ClientBuilder<C = Transport> {
    settings: Settings,
    client: PhantomData<fn() -> C>,
}

/// What a [`ClientBuilder`] holds. Not generic over the client, so that what reads it (the
/// checks of `build`, the defaults) is compiled once, here, and not in every generated crate
/// and every program for its `Client`.
#[derive(Clone)]
struct Settings {
    spec: &'static Spec,
    base_url: Option<String>,
    variables: Vec<(String, String)>,
    token: Option<String>,
    basic: Option<(String, String)>,
    api_key: Option<String>,
    api_keys: Vec<(String, String)>,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    http: Option<reqwest::Client>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

// By hand: derives would ask `C: Clone` and `C: Debug`, which the builder does not need.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            settings: self.settings.clone(),
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.settings.fmt(f)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |set: bool| set.then_some("[redacted]");
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server_variables", &self.variables)
            .field("token", &redacted(self.token.is_some()))
            .field("basic_auth", &redacted(self.basic.is_some()))
            .field(
                "api_key",
                &redacted(self.api_key.is_some() || !self.api_keys.is_empty()),
            )
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("http_client", &self.http.is_some())
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl<C: Api> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings::new(C::SPEC),
            client: PhantomData,
        }
    }
}

impl Settings {
    fn new(spec: &'static Spec) -> Settings {
        Settings {
            spec,
            base_url: None,
            variables: Vec::new(),
            token: None,
            basic: None,
            api_key: None,
            api_keys: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            user_agent: spec.user_agent.to_owned(),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            http: None,
            hooks: Vec::new(),
        }
    }
}

impl<C: Api> ClientBuilder<C> {
    /// Settings with every default: the spec's first server, no credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// The API's base URL, such as `https://api.example.com/v2`; defaults to the spec's first
    /// server (the generated crate's `DEFAULT_BASE_URL`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.settings.base_url = Some(base_url.into());
        self
    }

    /// A value for a variable of the spec's first server URL (the generated crate's
    /// `SERVER_VARIABLES`);
    /// the others keep their defaults.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.variables.push((name.into(), value.into()));
        self
    }

    /// The bearer token, sent as `Authorization: Bearer <token>` for every bearer, OAuth 2 and
    /// OpenID Connect scheme of the spec.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.settings.token = Some(token.into());
        self
    }

    /// The user and password sent as `Authorization: Basic ...` for the spec's HTTP basic
    /// schemes.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.settings.basic = Some((user.into(), password.into()));
        self
    }

    /// The API key sent for every API key scheme of the spec, in the header, query parameter
    /// or cookie the scheme names.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.settings.api_key = Some(key.into());
        self
    }

    /// The API key of one API key scheme, by its name in the spec; it overrides
    /// [`ClientBuilder::api_key`] for that scheme.
    pub fn api_key_for(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.settings.api_keys.push((scheme.into(), key.into()));
        self
    }

    /// When and how often a call is tried again; [`RetryPolicy::default`] unless set
    /// ([`RetryPolicy::none`] turns retries off).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.settings.retry = retry;
        self
    }

    /// The most of an answer's body the client reads, in bytes; a larger answer fails with
    /// [`Error::ResponseTooLarge`] as soon as its `Content-Length` or its bytes show it.
    /// Defaults to [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.settings.max_response_bytes = limit;
        self
    }

    /// Allows a plain `http://` base URL on a host that is not this machine. Credentials
    /// then cross the network in clear: only for a network the caller trusts.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.settings.allow_insecure_http = allow;
        self
    }

    /// The reqwest client to send with (its proxies, roots, connection pool). The client's
    /// timeout and user agent are still set on each request; redirects follow that client's
    /// policy, so give it [`redirect_policy`], which refuses https to http as this
    /// builder's own client does. This crate builds reqwest without a TLS crypto provider of
    /// its own: a reqwest client built by the caller needs one installed for the process
    /// (`rustls::crypto::ring::default_provider().install_default()`) or reqwest's `rustls`
    /// feature, else reqwest panics when it is built.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.settings.http = Some(http);
        self
    }

    /// Adds a hook that sees every attempt (see [`Hook`]); hooks run in the order added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.settings.hooks.push(Arc::new(hook));
        self
    }

    /// How long one attempt may take in all, from connecting to the last byte of the answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// The `User-Agent` header; defaults to the generated crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.user_agent = user_agent.into();
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// Where the spec asks for credentials on every operation by default, the builder must have
    /// them: a bearer [`token`](ClientBuilder::token),
    /// [`basic_auth`](ClientBuilder::basic_auth) or an [`api_key`](ClientBuilder::api_key),
    /// as the spec's schemes say.
    pub fn build(self) -> Result<C, Error> {
        self.settings.transport().map(C::from_transport)
    }
}

impl Settings {
    /// The base URL: as set, or the spec's first server with its variables filled in.
    fn resolve_base_url(&self) -> Result<String, Error> {
        if let Some(url) = &self.base_url {
            if !self.variables.is_empty() {
                return Err(Error::invalid_argument(
                    "server_variable",
                    "server variables fill in the spec's server URL; with base_url set they would have no effect".to_owned(),
                ));
            }
            return Ok(url.clone());
        }
        let Some(template) = self.spec.servers.first() else {
            return Err(Error::invalid_argument(
                "base_url",
                "the spec names no server; set one with ClientBuilder::base_url".to_owned(),
            ));
        };
        let mut url = (*template).to_owned();
        for (name, _) in &self.variables {
            if !self.spec.server_variables.iter().any(|(n, _, _)| n == name) {
                let known: Vec<&str> = self
                    .spec
                    .server_variables
                    .iter()
                    .map(|(n, _, _)| *n)
                    .collect();
                return Err(Error::invalid_argument(
                    "server_variable",
                    format!(
                        "`{name}` is not a variable of the server URL `{template}` (it has: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        for (name, default, _) in self.spec.server_variables {
            let value = self
                .variables
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map_or(*default, |(_, v)| v.as_str());
            url = url.replace(&format!("{{{name}}}"), value);
        }
        // A variable the spec gives no default stays a placeholder until a program sets it.
        if let Some((name, _, _)) = self
            .spec
            .server_variables
            .iter()
            .find(|(name, _, _)| url.contains(&format!("{{{name}}}")))
        {
            return Err(Error::invalid_argument(
                "server_variable",
                format!(
                    "the spec gives the server variable `{name}` no default; set it with ClientBuilder::server_variable(\"{name}\", ...) or set ClientBuilder::base_url"
                ),
            ));
        }
        Ok(url)
    }

    /// The credential of each scheme of the spec, from what was set.
    fn credentials(&self) -> Result<Vec<Option<Credential>>, Error> {
        for (scheme, _) in &self.api_keys {
            if !self.spec.schemes.iter().any(|(n, _)| n == scheme) {
                return Err(Error::invalid_argument(
                    "api_key_for",
                    format!("the spec has no security scheme `{scheme}`"),
                ));
            }
        }
        // The messages must not quote a credential: these errors may well be logged.
        let sensitive = |name: &'static str, value: String| {
            let mut value = http::HeaderValue::try_from(value).map_err(|_| {
                Error::invalid_argument(
                    name,
                    "contains characters not allowed in an HTTP header".to_owned(),
                )
            })?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        let mut out = Vec::new();
        for (scheme, kind) in self.spec.schemes {
            let key = self
                .api_keys
                .iter()
                .rev()
                .find(|(n, _)| n == scheme)
                .map(|(_, k)| k)
                .or(self.api_key.as_ref());
            let credential = match kind {
                SchemeKind::Bearer => match &self.token {
                    Some(token) => Some(Credential::Header(
                        http::header::AUTHORIZATION,
                        sensitive("token", format!("Bearer {token}"))?,
                    )),
                    None => None,
                },
                SchemeKind::Basic => match &self.basic {
                    Some((user, password)) => {
                        use base64::Engine as _;
                        let encoded = base64::engine::general_purpose::STANDARD
                            .encode(format!("{user}:{password}"));
                        Some(Credential::Header(
                            http::header::AUTHORIZATION,
                            sensitive("basic_auth", format!("Basic {encoded}"))?,
                        ))
                    }
                    None => None,
                },
                SchemeKind::ApiKeyHeader(name) => match key {
                    Some(key) => Some(Credential::Header(
                        http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                            Error::invalid_argument(
                                "api_key",
                                format!("`{name}` is not a header name"),
                            )
                        })?,
                        sensitive("api_key", key.clone())?,
                    )),
                    None => None,
                },
                SchemeKind::ApiKeyQuery(name) => {
                    key.map(|key| Credential::Query(name, key.clone()))
                }
                SchemeKind::ApiKeyCookie(name) => match key {
                    Some(key) => Some(Credential::Header(
                        http::header::COOKIE,
                        sensitive("api_key", format!("{name}={key}"))?,
                    )),
                    None => None,
                },
                // Whether the connection presents a certificate is the HTTP client's to say.
                SchemeKind::MutualTls => Some(Credential::Connection),
            };
            out.push(credential);
        }
        Ok(out)
    }

    /// The transport these settings describe, or why they describe none.
    fn transport(self) -> Result<Transport, Error> {
        let from_spec = self.base_url.is_none();
        let base_url = self.resolve_base_url()?;
        let parsed = http::Uri::try_from(base_url.as_str()).ok();
        let scheme_ok = parsed
            .as_ref()
            .and_then(|uri| uri.scheme_str())
            .is_some_and(|s| s == "http" || s == "https");
        let Some(origin) = parsed.as_ref().filter(|_| scheme_ok).and_then(origin) else {
            let hint = if from_spec {
                "; the spec's server URL is relative, so set the full base URL with ClientBuilder::base_url"
            } else {
                ""
            };
            return Err(Error::invalid_argument(
                "base_url",
                format!("`{base_url}` is not an absolute http(s) URL{hint}"),
            ));
        };
        if origin.0 == "http" && !is_loopback(&origin.1) && !self.allow_insecure_http {
            return Err(Error::invalid_argument(
                "base_url",
                format!(
                    "`{base_url}` is plain http to a host that is not this machine, so credentials would cross the network in clear; use https (or ClientBuilder::allow_insecure_http for a network you trust)"
                ),
            ));
        }
        let credentials = self.credentials()?;
        let default = self.spec.default_security;
        let has = |scheme: &str| {
            self.spec
                .schemes
                .iter()
                .position(|(n, _)| *n == scheme)
                .is_some_and(|i| credentials[i].is_some())
        };
        if !default.is_empty() && !default.iter().any(|alt| alt.iter().all(|s| has(s))) {
            let missing = default[0].iter().find(|s| !has(s)).and_then(|s| {
                self.spec
                    .schemes
                    .iter()
                    .find(|(n, _)| n == s)
                    .map(|(_, k)| *k)
            });
            let (name, reason) = match missing {
                Some(SchemeKind::Basic) => (
                    "basic_auth",
                    "a user and password are required (ClientBuilder::basic_auth)",
                ),
                Some(
                    SchemeKind::ApiKeyHeader(_)
                    | SchemeKind::ApiKeyQuery(_)
                    | SchemeKind::ApiKeyCookie(_),
                ) => ("api_key", "an API key is required (ClientBuilder::api_key)"),
                _ => ("token", "a bearer token is required"),
            };
            return Err(Error::invalid_argument(name, reason.to_owned()));
        }
        let user_agent = http::HeaderValue::try_from(self.user_agent).map_err(|_| {
            Error::invalid_argument(
                "user_agent",
                "contains characters not allowed in an HTTP header".to_owned(),
            )
        })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(redirect_policy())
                .tls_backend_preconfigured(tls_config()?)
                .build()
                .map_err(|e| Error::<crate::Untyped>::Transport {
                    source: Box::new(e),
                    attempts: 0,
                    call: None,
                })?,
        };
        Ok(Transport {
            spec: self.spec,
            http,
            base_url,
            origin,
            credentials,
            timeout: self.timeout,
            user_agent,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            hooks: self.hooks.into(),
        })
    }
}

impl Transport {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn credential(&self, scheme: &str) -> Option<&Credential> {
        let i = self.spec.schemes.iter().position(|(n, _)| *n == scheme)?;
        self.credentials[i].as_ref()
    }

    /// Sends a request built by a generated crate's `operations` with the credentials the spec asks for
    /// by default (its top-level `security`) and returns the answer, whatever its status.
    pub async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        self.call(request, self.spec.default_security, "execute", None)
            .await
    }

    /// Sends a request with the credentials of the first of these security alternatives
    /// (each a set of scheme names, as in `operations::<op>::SECURITY`) that the client has,
    /// and returns the answer, whatever its status. No alternatives, or an empty one, means
    /// no credentials.
    ///
    /// A request for another origin (scheme, host, port) than the client's base URL is
    /// refused: credentials go nowhere else. Credentials are marked sensitive; redirects to
    /// another host drop them, and a redirect from https to http is refused. An error never
    /// shows a URL that carries an API key. Retries follow the client's [`RetryPolicy`];
    /// the answer carries how many attempts it took (see [`crate::ApiError::attempts`]).
    pub async fn execute_for(
        &self,
        request: http::Request<Vec<u8>>,
        security: &[&[&str]],
    ) -> Result<http::Response<Vec<u8>>, Error> {
        self.call(request, security, "execute", None).await
    }

    /// One operation, start to end: the request its sans-IO function built (or the error that
    /// stopped it), sent as [`Transport::call`] sends it, the answer read by its response
    /// function. What generated operation methods return: their own code holds no `async`
    /// and names this future's type, so a crate of many operations type-checks no future of
    /// its own and proves no future `Send` (that proof is made once, here).
    #[doc(hidden)]
    pub fn run<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<http::Request<Vec<u8>>, Error>,
        security: &'static [&'static [&'static str]],
        operation: &'static str,
        method: http::Method,
        template: &'static str,
        read: crate::wire::ResponseReader<T, E>,
    ) -> Sending<'a, T, E>
    where
        Error<E>: From<Error>,
    {
        Sending(Box::pin(async move {
            let call = crate::Call::new(operation, method, template);
            let sent = async {
                self.call(request?, security, operation, Some(template))
                    .await
            }
            .await;
            match sent {
                Ok(response) => read(&response).map_err(|e| e.in_call(&call)),
                Err(e) => Err(Error::<E>::from(e.in_call(&call))),
            }
        }))
    }

    /// Every item of a paginated operation: `request` builds the request for the page at an
    /// offset, given the base URL (so that the generated closure need not capture the
    /// transport, whose `Sync` a generated crate would otherwise prove); each page is sent as [`Transport::run`] sends a call and read by
    /// [`crate::read_page`].
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments, reason = "one call site: generated code")]
    pub fn pages<'a, T: serde::de::DeserializeOwned + Send + 'a, E>(
        &'a self,
        mut request: impl FnMut(&str, u64) -> Result<http::Request<Vec<u8>>, Error> + Send + 'a,
        security: &'static [&'static [&'static str]],
        operation: &'static str,
        method: http::Method,
        template: &'static str,
        items: &'static str,
        has_more: Option<&'static str>,
        error: crate::wire::ErrorReader,
    ) -> crate::Items<'a, T, E> {
        let call = crate::Call::new(operation, method, template);
        let page_call = call.clone();
        crate::Items::new(Box::new(move |offset| {
            let request = request(&self.base_url, offset);
            let call = page_call.clone();
            Box::pin(async move {
                let result = async {
                    let response = self
                        .call(request?, security, operation, Some(template))
                        .await?;
                    crate::read_page(&response, items, has_more, error)
                }
                .await;
                result.map_err(|e| e.in_call(&call))
            })
        }))
        .in_call(call)
    }

    /// One call of an operation: `execute_for`, traced under the operation's id and path
    /// template (the request's path when there is none). What generated operation methods
    /// call.
    #[doc(hidden)]
    pub async fn call(
        &self,
        request: http::Request<Vec<u8>>,
        security: &[&[&str]],
        operation: &'static str,
        template: Option<&'static str>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = tracing::info_span!(
                "call",
                operation,
                method = %request.method(),
                path = template.unwrap_or(request.uri().path()),
                status = tracing::field::Empty,
                attempts = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = self.send(request, security).instrument(span.clone()).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(answer) => {
                    span.record("status", answer.status().as_u16());
                    let attempts = answer.extensions().get::<Attempts>().map_or(1, |a| a.0);
                    span.record("attempts", attempts);
                }
                Err(error) => {
                    if let Some(status) = error.status() {
                        span.record("status", status.as_u16());
                    }
                }
            }
            result
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = (operation, template);
            self.send(request, security).await
        }
    }

    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        security: &[&[&str]],
    ) -> Result<http::Response<Vec<u8>>, Error> {
        match origin(request.uri()) {
            Some(o) if o == self.origin => {}
            _ => {
                return Err(Error::invalid_argument(
                    "request",
                    format!(
                        "`{}` is not on the client's origin `{}://{}:{}`; credentials are sent to that origin only",
                        request.uri(),
                        self.origin.0,
                        self.origin.1,
                        self.origin.2
                    ),
                ));
            }
        }
        let chosen: &[&str] = if security.is_empty() {
            &[]
        } else {
            match security
                .iter()
                .find(|alt| alt.iter().all(|s| self.credential(s).is_some()))
            {
                Some(alt) => alt,
                None => {
                    let wanted: Vec<String> =
                        security.iter().map(|alt| alt.join(" and ")).collect();
                    return Err(Error::invalid_argument(
                        "credentials",
                        format!(
                            "the operation needs credentials for one of: {}; set them on the ClientBuilder",
                            wanted.join("; ")
                        ),
                    ));
                }
            }
        };
        let (parts, body) = request.into_parts();
        // Shared, not copied, by every attempt.
        let body = bytes::Bytes::from(body);
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.attempt(&parts, &body, chosen, attempt).await;
            let failure = match &outcome {
                Ok(answer) => Some(Failure::Status(answer.status(), answer.headers())),
                Err(Attempt::NotSent(_)) => Some(Failure::NotSent),
                Err(Attempt::AfterSent(_)) => Some(Failure::AfterSent),
                Err(Attempt::Final(_)) => None,
            };
            let wait = failure
                .and_then(|f| next_wait(&self.retry, &parts.method, f, attempt, started.elapsed()));
            match (wait, outcome) {
                (Some(wait), _) => tokio::time::sleep(wait).await,
                (None, Ok(mut answer)) => {
                    answer.extensions_mut().insert(Attempts(attempt));
                    return Ok(answer);
                }
                (None, Err(Attempt::NotSent((e, in_url)) | Attempt::AfterSent((e, in_url)))) => {
                    return Err(self.transport(e, in_url, attempt));
                }
                (None, Err(Attempt::Final(e))) => return Err(e),
            }
        }
    }

    /// One attempt: the request with hooks and credentials, sent, and its answer read up to
    /// the limit.
    async fn attempt(
        &self,
        parts: &http::request::Parts,
        body: &bytes::Bytes,
        chosen: &[&str],
        attempt: u32,
    ) -> Result<http::Response<Vec<u8>>, Attempt> {
        let mut headers = parts.headers.clone();
        for hook in self.hooks.iter() {
            hook.before(&parts.method, &parts.uri, &mut headers);
        }
        headers
            .entry(http::header::USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        let mut request = http::Request::new(body.clone());
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = parts.uri.clone();
        *request.headers_mut() = headers;
        let mut request = reqwest::Request::try_from(request)
            .map_err(|e| Attempt::Final(self.transport(e, false, attempt)))?;
        *request.timeout_mut() = Some(self.timeout);
        let mut key_in_url = false;
        for scheme in chosen {
            match self.credential(scheme) {
                Some(Credential::Header(name, value)) => {
                    request.headers_mut().insert(name.clone(), value.clone());
                }
                Some(Credential::Query(name, value)) => {
                    request.url_mut().query_pairs_mut().append_pair(name, value);
                    key_in_url = true;
                }
                Some(Credential::Connection) | None => {}
            }
        }
        let mut response = self.http.execute(request).await.map_err(|e| {
            if e.is_connect() {
                Attempt::NotSent((e, key_in_url))
            } else {
                Attempt::AfterSent((e, key_in_url))
            }
        })?;
        let status = response.status();
        for hook in self.hooks.iter() {
            hook.after(status, response.headers(), attempt);
        }
        let limit = self.max_response_bytes;
        let too_large = || {
            Attempt::Final(Error::ResponseTooLarge {
                status,
                limit,
                call: None,
            })
        };
        let declared = response.content_length();
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        // Moved, not copied: this sits on every call's path.
        let headers = std::mem::take(response.headers_mut());
        let bytes = if declared.is_some() {
            // Within the limit, and the HTTP stack stops at the declared length: read it whole.
            let body = response
                .bytes()
                .await
                .map_err(|e| Attempt::AfterSent((e, key_in_url)))?;
            Vec::from(body)
        } else {
            let mut bytes = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| Attempt::AfterSent((e, key_in_url)))?
            {
                if bytes.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&chunk);
            }
            bytes
        };
        let mut answer = http::Response::new(bytes);
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok(answer)
    }

    fn transport(&self, error: reqwest::Error, key_in_url: bool, attempts: u32) -> Error {
        let error = if key_in_url {
            error.without_url()
        } else {
            error
        };
        if error.is_timeout() {
            Error::Timeout {
                after: self.timeout,
                attempts,
                call: None,
            }
        } else {
            Error::Transport {
                source: Box::new(error),
                attempts,
                call: None,
            }
        }
    }
}

/// How one attempt ended, when it did not end with an answer.
enum Attempt {
    /// No connection was made: safe to send again. Whether an API key is in the error's URL.
    NotSent((reqwest::Error, bool)),
    /// The request went out and no complete answer came back.
    AfterSent((reqwest::Error, bool)),
    /// Not worth another attempt.
    Final(Error),
}

/// The TLS setup of the builder's own reqwest client: the platform's certificate verifier
/// and trust store (what reqwest 0.13 uses), HTTP/2 offered by ALPN, and the process's
/// installed rustls crypto provider, else ring. reqwest built without its own provider would
/// panic when none is installed, and a library must not install one for the whole process.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone());
    tls_config_with(provider, verifier)
}

fn tls_config_with(
    provider: Arc<rustls::crypto::CryptoProvider>,
    verifier: Result<rustls_platform_verifier::Verifier, rustls::Error>,
) -> Result<rustls::ClientConfig, Error> {
    // Without a trust store (a container without CA certificates, say) the client is still
    // built: plain http to this machine needs none, and an https call fails saying why.
    let verifier: Arc<dyn rustls::client::danger::ServerCertVerifier> = match verifier {
        Ok(verifier) => Arc::new(verifier),
        Err(e) => Arc::new(NoTrustStore {
            reason: e.to_string(),
            schemes: provider
                .signature_verification_algorithms
                .supported_schemes(),
        }),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::<crate::Untyped>::Transport {
            source: Box::new(e),
            attempts: 0,
            call: None,
        })?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The verifier when the platform's trust store could not be loaded: every server
/// certificate is refused, with the reason.
#[derive(Debug)]
struct NoTrustStore {
    reason: String,
    schemes: Vec<rustls::SignatureScheme>,
}

impl NoTrustStore {
    fn refusal(&self) -> rustls::Error {
        rustls::Error::General(format!(
            "no trusted root certificates to check the server with: {} (install the system's CA certificates, or give ClientBuilder::http_client a reqwest client with roots of its own)",
            self.reason
        ))
    }
}

impl rustls::client::danger::ServerCertVerifier for NoTrustStore {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Err(self.refusal())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Err(self.refusal())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Err(self.refusal())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.schemes.clone()
    }
}

/// The redirect policy of the client's own reqwest client: redirects are followed (10 at
/// most), except from https to plain http. Give it to a reqwest client of your own before
/// handing that to [`ClientBuilder::http_client`].
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        match redirect_refusal(attempt.url(), attempt.previous()) {
            Some(reason) => attempt.error(reason),
            None => attempt.follow(),
        }
    })
}

/// Why a redirect to `next` after `previous` is not followed, if it is not: never from https
/// to plain http (the request would go out in clear), and at most 10 in a row.
fn redirect_refusal(next: &reqwest::Url, previous: &[reqwest::Url]) -> Option<&'static str> {
    if next.scheme() == "http" && previous.iter().any(|u| u.scheme() == "https") {
        Some("refused to follow a redirect from https to plain http")
    } else if previous.len() >= 10 {
        Some("too many redirects")
    } else {
        None
    }
}

/// Scheme, host (lower case, IPv6 without brackets) and port of an absolute URL.
fn origin(uri: &http::Uri) -> Option<(String, String, u16)> {
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let host = uri
        .host()?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let port = uri.port_u16().or(match scheme.as_str() {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    })?;
    Some((scheme, host, port))
}

/// `localhost`, `127.0.0.0/8` and `::1`: hosts whose traffic never leaves this machine.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::{is_loopback, origin, redirect_refusal};

    #[test]
    fn redirects_from_https_to_http_are_refused() {
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        let from = [url("https://api.example.com/v2/x")];
        assert!(redirect_refusal(&url("http://api.example.com/v2/x"), &from).is_some());
        assert!(redirect_refusal(&url("http://api.example.com:443/v2/x"), &from).is_some());
        assert!(redirect_refusal(&url("https://api.example.com/v3/x"), &from).is_none());
        let plain = [url("http://127.0.0.1/x")];
        assert!(redirect_refusal(&url("http://127.0.0.1/y"), &plain).is_none());
        let many: Vec<_> = (0..10).map(|i| url(&format!("https://h/{i}"))).collect();
        assert!(redirect_refusal(&url("https://h/10"), &many).is_some());
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let o = |u: &str| origin(&u.parse().unwrap());
        assert_eq!(
            o("https://API.example.com/v2"),
            o("https://api.example.com:443/x")
        );
        assert_ne!(o("https://api.example.com"), o("http://api.example.com"));
        assert_ne!(
            o("https://api.example.com"),
            o("https://api.example.com:8443")
        );
        assert_ne!(
            o("https://api.example.com"),
            o("https://api.example.com.evil.example")
        );
        assert_eq!(o("http://[::1]:8080/").unwrap().1, "::1");
    }

    #[test]
    fn loopback_hosts() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "::1"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "example.com",
            "10.0.0.1",
            "localhost.example.com",
            "128.0.0.1",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
