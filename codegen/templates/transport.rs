//! The async client's configuration and transport, on reqwest with rustls.
//!
//! The operation methods of [`Client`] are generated in `client.rs`; each builds its request
//! with the sans-IO functions of [`crate::operations`] and sends it through [`Client::execute`].

use std::fmt;
use std::time::Duration;

use crate::Error;

/// How long a call may take, connection and body included, unless set otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` the client sends unless set otherwise: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How a security scheme of the spec puts its credential on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code, reason = "a spec uses only some of the kinds")]
pub(crate) enum SchemeKind {
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
}

/// A credential ready to put on a request; header values are marked sensitive.
#[derive(Clone)]
enum Credential {
    Header(http::HeaderName, http::HeaderValue),
    Query(&'static str, String),
}

/// An async client for the API: one method per operation.
///
/// Cheap to clone; clones share one connection pool. Formatting it with `{:?}` never shows a
/// credential.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    /// By the index of the scheme in `crate::client::SCHEMES`.
    credentials: Vec<Option<Credential>>,
    timeout: Duration,
}

/// Settings for a [`Client`]; start with [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    variables: Vec<(String, String)>,
    token: Option<String>,
    basic: Option<(String, String)>,
    api_key: Option<String>,
    api_keys: Vec<(String, String)>,
    timeout: Duration,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |set: bool| set.then_some("[redacted]");
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server_variables", &self.variables)
            .field("token", &redacted(self.token.is_some()))
            .field("basic_auth", &redacted(self.basic.is_some()))
            .field("api_key", &redacted(self.api_key.is_some() || !self.api_keys.is_empty()))
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            variables: Vec::new(),
            token: None,
            basic: None,
            api_key: None,
            api_keys: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
        }
    }
}

impl ClientBuilder {
    /// The API's base URL, such as `https://api.example.com/v2`; defaults to the spec's first
    /// server ([`crate::DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// A value for a variable of the spec's first server URL ([`crate::SERVER_VARIABLES`]);
    /// the others keep their defaults.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// The bearer token, sent as `Authorization: Bearer <token>` for every bearer, OAuth 2 and
    /// OpenID Connect scheme of the spec.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The user and password sent as `Authorization: Basic ...` for the spec's HTTP basic
    /// schemes.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((user.into(), password.into()));
        self
    }

    /// The API key sent for every API key scheme of the spec, in the header, query parameter
    /// or cookie the scheme names.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The API key of one API key scheme, by its name in the spec; it overrides
    /// [`ClientBuilder::api_key`] for that scheme.
    pub fn api_key_for(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.api_keys.push((scheme.into(), key.into()));
        self
    }

    /// How long one call may take in all, from connecting to the last byte of the answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header; defaults to [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

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
        let Some(template) = crate::SERVERS.first() else {
            return Err(Error::invalid_argument(
                "base_url",
                "the spec names no server; set one with ClientBuilder::base_url".to_owned(),
            ));
        };
        let mut url = (*template).to_owned();
        for (name, _) in &self.variables {
            if !crate::SERVER_VARIABLES.iter().any(|(n, _, _)| n == name) {
                let known: Vec<&str> = crate::SERVER_VARIABLES.iter().map(|(n, _, _)| *n).collect();
                return Err(Error::invalid_argument(
                    "server_variable",
                    format!("`{name}` is not a variable of the server URL `{template}` (it has: {})", known.join(", ")),
                ));
            }
        }
        for (name, default, _) in crate::SERVER_VARIABLES {
            let value = self
                .variables
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map_or(*default, |(_, v)| v.as_str());
            url = url.replace(&format!("{{{name}}}"), value);
        }
        Ok(url)
    }

    /// The credential of each scheme of the spec, from what was set.
    fn credentials(&self) -> Result<Vec<Option<Credential>>, Error> {
        for (scheme, _) in &self.api_keys {
            if !crate::client::SCHEMES.iter().any(|(n, _)| n == scheme) {
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
        for (scheme, kind) in crate::client::SCHEMES {
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
                            Error::invalid_argument("api_key", format!("`{name}` is not a header name"))
                        })?,
                        sensitive("api_key", key.clone())?,
                    )),
                    None => None,
                },
                SchemeKind::ApiKeyQuery(name) => key.map(|key| Credential::Query(name, key.clone())),
                SchemeKind::ApiKeyCookie(name) => match key {
                    Some(key) => Some(Credential::Header(
                        http::header::COOKIE,
                        sensitive("api_key", format!("{name}={key}"))?,
                    )),
                    None => None,
                },
            };
            out.push(credential);
        }
        Ok(out)
    }

    /// Checks the settings and builds the client.
    ///
    /// Where the spec asks for credentials on every operation by default, the builder must have
    /// them: a bearer [`token`](ClientBuilder::token),
    /// [`basic_auth`](ClientBuilder::basic_auth) or an [`api_key`](ClientBuilder::api_key),
    /// as the spec's schemes say.
    pub fn build(self) -> Result<Client, Error> {
        let from_spec = self.base_url.is_none();
        let base_url = self.resolve_base_url()?;
        let parsed = http::Uri::try_from(base_url.as_str()).ok();
        let scheme_ok = parsed
            .as_ref()
            .and_then(|uri| uri.scheme_str())
            .is_some_and(|s| s == "http" || s == "https");
        if !scheme_ok || parsed.as_ref().and_then(|u| u.authority()).is_none() {
            let hint = if from_spec {
                "; the spec's server URL is relative, so set the full base URL with ClientBuilder::base_url"
            } else {
                ""
            };
            return Err(Error::invalid_argument(
                "base_url",
                format!("`{base_url}` is not an absolute http(s) URL{hint}"),
            ));
        }
        let credentials = self.credentials()?;
        let default = crate::client::DEFAULT_SECURITY;
        let has = |scheme: &str| {
            crate::client::SCHEMES
                .iter()
                .position(|(n, _)| *n == scheme)
                .is_some_and(|i| credentials[i].is_some())
        };
        if !default.is_empty() && !default.iter().any(|alt| alt.iter().all(|s| has(s))) {
            let missing = default[0].iter().find(|s| !has(s)).and_then(|s| {
                crate::client::SCHEMES.iter().find(|(n, _)| n == s).map(|(_, k)| *k)
            });
            let (name, reason) = match missing {
                Some(SchemeKind::Basic) => ("basic_auth", "a user and password are required (ClientBuilder::basic_auth)"),
                Some(SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) | SchemeKind::ApiKeyCookie(_)) => {
                    ("api_key", "an API key is required (ClientBuilder::api_key)")
                }
                _ => ("token", "a bearer token is required"),
            };
            return Err(Error::invalid_argument(name, reason.to_owned()));
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| Error::Transport {
                source: Box::new(e),
            })?;
        Ok(Client {
            http,
            base_url,
            credentials,
            timeout: self.timeout,
        })
    }
}

impl Client {
    /// A client for the spec's server with this bearer token and default settings.
    pub fn new(token: impl Into<String>) -> Result<Client, Error> {
        Client::builder().token(token).build()
    }

    /// Settings for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn credential(&self, scheme: &str) -> Option<&Credential> {
        let i = crate::client::SCHEMES.iter().position(|(n, _)| *n == scheme)?;
        self.credentials[i].as_ref()
    }

    /// Sends a request built by [`crate::operations`] with the credentials the spec asks for
    /// by default (its top-level `security`) and returns the answer, whatever its status.
    pub async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        self.execute_for(request, crate::client::DEFAULT_SECURITY).await
    }

    /// Sends a request with the credentials of the first of these security alternatives
    /// (each a set of scheme names, as in `operations::<op>::SECURITY`) that the client has,
    /// and returns the answer, whatever its status. No alternatives, or an empty one, means
    /// no credentials.
    ///
    /// Credentials are marked sensitive; reqwest drops the `Authorization` header when a
    /// redirect leads to another host. An error never shows a URL that carries an API key.
    pub async fn execute_for(
        &self,
        request: http::Request<Vec<u8>>,
        security: &[&[&str]],
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let chosen: &[&str] = if security.is_empty() {
            &[]
        } else {
            match security
                .iter()
                .find(|alt| alt.iter().all(|s| self.credential(s).is_some()))
            {
                Some(alt) => alt,
                None => {
                    let wanted: Vec<String> = security.iter().map(|alt| alt.join(" and ")).collect();
                    return Err(Error::invalid_argument(
                        "credentials",
                        format!("the operation needs credentials for one of: {}; set them on the ClientBuilder", wanted.join("; ")),
                    ));
                }
            }
        };
        let mut request = reqwest::Request::try_from(request).map_err(|e| self.transport(e, false))?;
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
                None => {}
            }
        }
        let mut response = self
            .http
            .execute(request)
            .await
            .map_err(|e| self.transport(e, key_in_url))?;
        let status = response.status();
        // Moved, not copied: this sits on every call's path.
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|e| self.transport(e, key_in_url))?;
        let mut answer = http::Response::new(Vec::from(body));
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok(answer)
    }

    fn transport(&self, error: reqwest::Error, key_in_url: bool) -> Error {
        let error = if key_in_url { error.without_url() } else { error };
        if error.is_timeout() {
            Error::Timeout {
                after: self.timeout,
            }
        } else {
            Error::Transport {
                source: Box::new(error),
            }
        }
    }
}
