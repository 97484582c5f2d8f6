//! Builds a [`Client`]: credentials, timeouts, user agent, retries, or your own
//! `reqwest::Client`.

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};

use super::call::{Client, Inner};
use super::credentials::{Credential, CredentialKind};
use super::error::Error;
use super::retry::{Reconnect, RetryPolicy};

/// The largest item of a streaming response a client reads unless built with another
/// ([`ClientBuilder::stream_item_limit`]): 16 MiB.
pub const STREAM_ITEM_LIMIT: usize = 16 * 1024 * 1024;

/// Builds a [`Client`]: credentials, timeouts, user agent, or your own `reqwest::Client`.
#[must_use]
pub struct ClientBuilder {
    pub(super) base: String,
    pub(super) http: Option<reqwest::Client>,
    pub(super) credentials: Vec<Credential>,
    pub(super) timeout: Option<Duration>,
    pub(super) connect_timeout: Option<Duration>,
    pub(super) user_agent: Option<String>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) reconnect: Option<Reconnect>,
    pub(super) item_limit: usize,
    pub(super) validate: bool,
    /// The first invalid setting, reported by `build`.
    pub(super) invalid: Option<Error>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn fail(mut self, e: Error) -> Self {
        if self.invalid.is_none() {
            self.invalid = Some(e);
        }
        self
    }

    /// Sends `Authorization: Bearer <token>` with every authenticated call (an OAuth2 or
    /// personal access token), whatever security scheme the operation names, for services
    /// that take a bearer token wherever they take their API key.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials.push(Credential { scheme: "*", kind: CredentialKind::Bearer(token.into()) });
        self
    }

    /// Sends an API key header with calls that accept the security scheme `scheme` (`*`:
    /// every authenticated call). The generated per-scheme setters call this.
    pub fn api_key_header(mut self, scheme: &'static str, header: &'static str, key: String) -> Self {
        let name = match HeaderName::from_bytes(header.as_bytes()) {
            Ok(n) => n,
            Err(e) => return self.fail(Error::Credential { scheme, reason: e.to_string() }),
        };
        match HeaderValue::from_str(&key) {
            Ok(mut value) => {
                value.set_sensitive(true);
                self.credentials.push(Credential { scheme, kind: CredentialKind::Header(name, value) });
                self
            }
            Err(_) => self
                .fail(Error::Credential { scheme, reason: "the key has characters a header cannot carry".to_owned() }),
        }
    }

    /// Sends an API key query parameter with calls that accept the security scheme `scheme`.
    pub fn api_key_query(mut self, scheme: &'static str, param: &'static str, key: String) -> Self {
        self.credentials.push(Credential { scheme, kind: CredentialKind::Query(param, key) });
        self
    }

    /// Sends an API key cookie with calls that accept the security scheme `scheme`, in the
    /// request's one `Cookie` header beside its cookie parameters.
    pub fn api_key_cookie(mut self, scheme: &'static str, cookie: &'static str, key: String) -> Self {
        // RFC 6265: a cookie name is a token, a value cookie-octets (no controls, spaces,
        // quotes, commas, semicolons or backslashes); a key outside them cannot be sent.
        let token = |b: u8| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b);
        let octet = |b: u8| b.is_ascii_graphic() && !b"\",;\\".contains(&b);
        if cookie.is_empty() || !cookie.bytes().all(token) {
            return self.fail(Error::Credential { scheme, reason: format!("`{cookie}` is not a cookie name") });
        }
        if !key.bytes().all(octet) {
            return self
                .fail(Error::Credential { scheme, reason: "the key has characters a cookie cannot carry".to_owned() });
        }
        self.credentials.push(Credential { scheme, kind: CredentialKind::Cookie(cookie, key) });
        self
    }

    /// Sends `Authorization: Bearer` with calls that accept the security scheme `scheme`.
    pub fn bearer_for(mut self, scheme: &'static str, token: String) -> Self {
        self.credentials.push(Credential { scheme, kind: CredentialKind::Bearer(token) });
        self
    }

    /// Sends `Authorization: Basic` with calls that accept the security scheme `scheme`.
    pub fn basic_for(mut self, scheme: &'static str, user: String, password: String) -> Self {
        self.credentials.push(Credential { scheme, kind: CredentialKind::Basic(user, password) });
        self
    }

    /// Sends a call again when the server answers `429 Too Many Requests`, as `policy`
    /// allows (by default a 429 is at once an [`Error::RateLimited`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Reconnects streams of Server-Sent Events whose connection ends before the stream
    /// does (no sentinel, or a transport failure), as `policy` allows: the call is sent
    /// again after the server's last `retry` time (else the policy's), with
    /// `Last-Event-ID` set to the last event's id, so that the server resumes after it.
    /// By default a stream is read once and its end is the end.
    pub fn reconnect_events(mut self, policy: Reconnect) -> Self {
        self.reconnect = Some(policy);
        self
    }

    /// The largest item of a streaming response the client reads, in bytes (default
    /// [`STREAM_ITEM_LIMIT`], 16 MiB): a record of JSON Lines or a JSON text sequence, or
    /// a Server-Sent Event as sent (field names and line ends counted). A larger one is
    /// an error item naming its position (`StreamError::TooLarge`) that ends the stream,
    /// so that one endless line is never buffered without bound.
    pub fn stream_item_limit(mut self, bytes: usize) -> Self {
        self.item_limit = bytes;
        self
    }

    /// Whether a call whose arguments break the spec's constraints (`maxLength`,
    /// `pattern`, `minimum`, …) is refused before it is sent, as [`Error::Constraint`]
    /// (default: it is, as AutoRest's clients' `client_side_validation`). Turn it off to
    /// let the server judge, for a server that is laxer than its spec.
    pub fn client_side_validation(mut self, validate: bool) -> Self {
        self.validate = validate;
        self
    }

    /// A limit on each whole call, from connecting to reading the last byte of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A limit on connecting (ignored with [`ClientBuilder::http_client`]: set it there).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Uses your `reqwest::Client` (for proxies, custom TLS roots, middleware-like setup).
    /// Timeouts and the user agent set here still apply, per request; its redirect policy
    /// is yours (the client built here follows none when the spec declares a redirect as
    /// an answer, and reqwest's default otherwise).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(e) = self.invalid {
            return Err(e);
        }
        let url =
            Url::parse(&self.base).map_err(|e| Error::BaseUrl { url: self.base.clone(), reason: e.to_string() })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::BaseUrl { url: self.base, reason: "the scheme must be http or https".to_owned() });
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::BaseUrl { url: self.base, reason: "a base URL has no query or fragment".to_owned() });
        }
        let base = url.as_str().trim_end_matches('/').to_owned();
        let base_path = url.path().trim_end_matches('/').to_owned();
        let agent = self
            .user_agent
            .unwrap_or_else(|| concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent = HeaderValue::from_str(&agent).map_err(|_| Error::BaseUrl {
            url: base.clone(),
            reason: "the user agent is not a valid header value".to_owned(),
        })?;
        let http = match self.http {
            Some(h) => h,
            None => {
                install_ring_provider();
                let mut b = reqwest::Client::builder();
                if crate::client::REDIRECTS_ARE_ANSWERS {
                    b = b.redirect(reqwest::redirect::Policy::none());
                }
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build().map_err(|source| Error::Transport { operation: "build", source: source.without_url() })?
            }
        };
        let inner = Inner {
            base,
            base_path,
            http,
            credentials: self.credentials,
            timeout: self.timeout,
            user_agent,
            retry: self.retry,
            reconnect: self.reconnect,
            item_limit: self.item_limit,
            validate: self.validate,
        };
        Ok(Client { inner: std::sync::Arc::new(inner) })
    }
}

/// With feature `rustls-ring`, reqwest's rustls has no crypto provider of its own and would
/// panic building a client: install ring as the process's default, unless the program has
/// already chosen one (then `install_default` refuses, and the program's choice stands).
///
/// rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange. ring
/// is this feature's whole point (no C toolchain to build aws-lc); for post-quantum key
/// exchange, use feature `rustls` (aws-lc-rs), the default.
#[cfg(feature = "rustls-ring")]
#[allow(deprecated)]
fn install_ring_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Without feature `rustls-ring` the TLS stack, if any, brings its own provider.
#[cfg(not(feature = "rustls-ring"))]
fn install_ring_provider() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_secret() {
        let client = Client::builder("http://127.0.0.1:1/api/")
            .api_key_header("api_key", "X-Api-Key", "key-SECRET".to_owned())
            .bearer_token("oauth-SECRET")
            .build()
            .expect("builds");
        let shown = format!("{client:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("api_key: header x-api-key <redacted>"), "{shown}");
        assert_eq!(client.base_url(), "http://127.0.0.1:1/api");
    }
    #[test]
    fn bad_settings_are_errors() {
        assert!(matches!(Client::new("not a url"), Err(Error::BaseUrl { .. })));
        assert!(matches!(Client::new("ftp://x/"), Err(Error::BaseUrl { .. })));
        assert!(matches!(Client::new("http://x/?q=1"), Err(Error::BaseUrl { .. })));
        let bad = Client::builder("http://x/").api_key_header("k", "X-Api-Key", "a\nb".to_owned()).build();
        assert!(matches!(bad, Err(Error::Credential { .. })));
    }
}
