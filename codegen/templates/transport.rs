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

/// An async client for the API: one method per operation.
///
/// Cheap to clone; clones share one connection pool. Formatting it with `{:?}` never shows the
/// bearer token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    authorization: http::HeaderValue,
    timeout: Duration,
}

/// Settings for a [`Client`]; start with [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token: Option<String>,
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
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.map(str::to_owned),
            token: None,
            timeout: DEFAULT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
        }
    }
}

impl ClientBuilder {
    /// The API's base URL, such as `https://api.example.com/v2`; defaults to the spec's server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The bearer token sent as `Authorization: Bearer <token>`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
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

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.ok_or_else(|| {
            Error::invalid_argument(
                "base_url",
                "the spec names no server; set one with ClientBuilder::base_url".to_owned(),
            )
        })?;
        let parsed = http::Uri::try_from(base_url.as_str()).ok();
        let scheme_ok = parsed
            .as_ref()
            .and_then(|uri| uri.scheme_str())
            .is_some_and(|s| s == "http" || s == "https");
        if !scheme_ok || parsed.as_ref().and_then(|u| u.authority()).is_none() {
            return Err(Error::invalid_argument(
                "base_url",
                format!("`{base_url}` is not an absolute http(s) URL"),
            ));
        }
        let token = self.token.ok_or_else(|| {
            Error::invalid_argument("token", "a bearer token is required".to_owned())
        })?;
        // The message must not quote the token: this error may well be logged.
        let mut authorization = http::HeaderValue::try_from(format!("Bearer {token}"))
            .map_err(|_| {
                Error::invalid_argument(
                    "token",
                    "contains characters not allowed in an HTTP header".to_owned(),
                )
            })?;
        authorization.set_sensitive(true);
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
            authorization,
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

    /// Sends a request built by [`crate::operations`] with the bearer token and returns the
    /// answer, whatever its status.
    ///
    /// The token is added here and marked sensitive; reqwest drops it when a redirect leads to
    /// another host.
    pub async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut request = reqwest::Request::try_from(request).map_err(|e| self.transport(e))?;
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, self.authorization.clone());
        let mut response = self
            .http
            .execute(request)
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status();
        // Moved, not copied: this sits on every call's path.
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|e| self.transport(e))?;
        let mut answer = http::Response::new(Vec::from(body));
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok(answer)
    }

    fn transport(&self, error: reqwest::Error) -> Error {
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
