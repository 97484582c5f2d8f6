//! The client runtime: the spec-independent pieces the generated client uses. The client
//! and its builder, credentials, the response wrapper, the error type, and URL building in
//! which a path parameter can never leave its segment.
//!
//! It is public so that calls the spec does not describe can be made with the same
//! client, credentials and encoding: build a [`Call`] and pass it to [`Client::execute`].

use std::fmt;
use std::ops::Deref;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};

#[rustfmt::skip] // Its file is a separate template: rustfmt checks `templates/*.rs` one by one.
pub mod wire;

/// What stays unencoded in a path segment or a query component: RFC 3986's unreserved
/// characters. Everything else, `/`, `?`, `#`, `%`, spaces and non-ASCII included, is
/// percent-encoded, so `group/project` travels as `group%2Fproject`, as GitLab wants.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A client for the API. Cheap to clone (one reference count); clones share one
/// connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    inner: std::sync::Arc<Inner>,
}

/// What a [`Client`] holds, shared by its clones.
struct Inner {
    /// The base URL as text, without a trailing slash (`https://gitlab.com/api`).
    base: String,
    /// Its path, without a trailing slash (`/api`, or empty).
    base_path: String,
    http: reqwest::Client,
    credentials: Vec<Credential>,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
}

/// Builds a [`Client`]: credentials, timeouts, user agent, or your own `reqwest::Client`.
#[must_use]
pub struct ClientBuilder {
    base: String,
    http: Option<reqwest::Client>,
    credentials: Vec<Credential>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    /// The first invalid setting, reported by `build`.
    invalid: Option<Error>,
}

/// A credential and the security scheme it answers (`*` for any).
#[derive(Clone)]
struct Credential {
    scheme: &'static str,
    kind: CredentialKind,
}

#[derive(Clone)]
enum CredentialKind {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    Bearer(String),
    Basic(String, String),
}

/// Which schemes a credential is shown as in `Debug`: the secret never is.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            CredentialKind::Header(name, _) => format!("header {name}"),
            CredentialKind::Query(name, _) => format!("query {name}"),
            CredentialKind::Bearer(_) => "bearer".to_owned(),
            CredentialKind::Basic(user, _) => format!("basic {user}"),
        };
        write!(f, "{}: {what} <redacted>", self.scheme)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base)
            .field("credentials", &inner.credentials)
            .field("timeout", &inner.timeout)
            .finish_non_exhaustive()
    }
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

impl Client {
    /// A client without credentials for the API at `base_url` (for GitLab,
    /// `https://gitlab.com/api/`; operation paths such as `/v4/…` are appended to it).
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Self::builder(base_url).build()
    }

    /// A builder for a client of the API at `base_url`.
    pub fn builder(base_url: &str) -> ClientBuilder {
        ClientBuilder {
            base: base_url.to_owned(),
            http: None,
            credentials: Vec::new(),
            timeout: None,
            connect_timeout: None,
            user_agent: None,
            invalid: None,
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// Sends one call and reads the whole response, applying the credentials of the
    /// call's security schemes.
    pub async fn execute(&self, call: Call) -> Result<RawResponse, Error> {
        let operation = call.operation;
        let mut response = self.send(call).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(|source| Error::Transport { operation, source })?;
        Ok(RawResponse { operation, status, headers, body })
    }

    /// Sends one call like [`Client::execute`] but returns as soon as the status and
    /// headers arrive, so that a large binary response can be read piece by piece with
    /// `reqwest::Response::chunk` instead of being buffered whole.
    pub async fn send(&self, call: Call) -> Result<reqwest::Response, Error> {
        let this = &*self.inner;
        let operation = call.operation;
        let mut query = call.query;
        let applies =
            |c: &&Credential| (c.scheme == "*" && !call.schemes.is_empty()) || call.schemes.contains(&c.scheme);
        for c in this.credentials.iter().filter(applies) {
            if let CredentialKind::Query(name, value) = &c.kind {
                query.push(name, value);
            }
        }
        let mut text = String::with_capacity(this.base.len() + call.path.len() + 1 + query.0.len());
        text.push_str(&this.base);
        text.push_str(&call.path);
        if !query.0.is_empty() {
            text.push('?');
            text.push_str(&query.0);
        }
        let url = Url::parse(&text).map_err(|e| Error::Url { operation, reason: e.to_string() })?;
        // Defense in depth: the URL parser must not have changed the path we built (it
        // resolves dot segments, for instance). If it did, the call would reach another
        // endpoint; refuse it.
        if url.path().strip_prefix(this.base_path.as_str()) != Some(call.path.as_str()) {
            return Err(Error::Url { operation, reason: format!("the path would become `{}`", url.path()) });
        }
        let has_content_type = call.headers.contains_key(reqwest::header::CONTENT_TYPE);
        let mut request = this.http.request(call.method, url).headers(call.headers);
        request = request.header(reqwest::header::USER_AGENT, this.user_agent.clone());
        for c in this.credentials.iter().filter(applies) {
            request = match &c.kind {
                CredentialKind::Header(name, value) => request.header(name.clone(), value.clone()),
                CredentialKind::Query(..) => request,
                CredentialKind::Bearer(token) => request.bearer_auth(token),
                CredentialKind::Basic(user, password) => request.basic_auth(user, Some(password)),
            };
        }
        if let Some(t) = this.timeout {
            request = request.timeout(t);
        }
        if let Some(body) = call.body {
            // A body is JSON unless the call says otherwise (`wire::set_body`).
            if !has_content_type {
                request = request.header(reqwest::header::CONTENT_TYPE, "application/json");
            }
            request = request.body(body);
        }
        request.send().await.map_err(|source| Error::Transport { operation, source })
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
    /// personal access token; GitLab accepts it wherever it accepts `Private-Token`).
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
    /// Timeouts and the user agent set here still apply, per request.
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
                let mut b = reqwest::Client::builder();
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build().map_err(|source| Error::Transport { operation: "build", source })?
            }
        };
        let inner = Inner { base, base_path, http, credentials: self.credentials, timeout: self.timeout, user_agent };
        Ok(Client { inner: std::sync::Arc::new(inner) })
    }
}

/// One call, as the generated methods describe it.
#[derive(Debug)]
pub struct Call {
    /// The operation id, for errors and logs.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path after the base URL, already encoded, starting with `/`.
    pub path: String,
    /// The query, encoded as it was built.
    pub query: Query,
    /// Headers besides credentials and the user agent.
    pub headers: HeaderMap,
    /// The body: JSON, unless `headers` has a `Content-Type` (see `wire::set_body`).
    pub body: Option<Vec<u8>>,
    /// The security schemes any of which the operation accepts (empty: none needed).
    pub schemes: &'static [&'static str],
}

/// Encodes one path parameter as exactly one path segment. Values that would change
/// which endpoint is called are refused before anything is sent: the empty string (it
/// would merge two slashes) and the dot segments `.` and `..`. Any other text is safe
/// once percent-encoded, `%2e%2e` included, since its `%` is encoded too.
pub fn segment(parameter: &'static str, value: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(value.len());
    push_segment(&mut out, parameter, value)?;
    Ok(out)
}

/// [`segment`], appended to `path` without an intermediate string.
pub fn push_segment(path: &mut String, parameter: &'static str, value: &str) -> Result<(), Error> {
    push_segment_display(path, parameter, &value)
}

/// [`segment`] for any `Display` value, encoded as it is written: no intermediate string.
pub fn push_segment_display(path: &mut String, parameter: &'static str, value: &dyn fmt::Display) -> Result<(), Error> {
    let start = path.len();
    // Writing into a String cannot fail; a Display impl that reports an error wrote
    // nothing usable, which the checks below refuse as an empty segment.
    let _ = fmt::write(&mut Encoder(path), format_args!("{value}"));
    // Percent-encoding leaves `.` alone, so these are exactly the refused values.
    let refusal = match &path[start..] {
        "" => Some("is empty, and a path segment cannot be".to_owned()),
        dots @ ("." | "..") => Some(format!("is `{dots}`, a dot segment that would change the endpoint called")),
        _ => None,
    };
    match refusal {
        Some(reason) => {
            path.truncate(start);
            Err(Error::Parameter { parameter, reason })
        }
        None => Ok(()),
    }
}

/// A `fmt::Write` that percent-encodes what is written into a string.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend(utf8_percent_encode(s, COMPONENT));
        Ok(())
    }
}

/// A date-time as RFC 3339 text (`2021-01-20T14:13:35Z`), for [`Query::push_display`].
pub struct Rfc3339<'a>(pub &'a chrono::DateTime<chrono::Utc>);

impl fmt::Display for Rfc3339<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&date_time(self.0))
    }
}

/// How array query parameters are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `a=1&a=2` (OpenAPI's `form` with `explode: true`).
    Repeat,
    /// `a[]=1&a[]=2` (Rails, and so GitLab).
    Brackets,
    /// `a=1,2` (`form` with `explode: false`).
    Comma,
}

/// A query string, percent-encoded as it is built.
#[derive(Debug, Default)]
pub struct Query(String);

impl Query {
    /// An empty query with room for `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        Self(String::with_capacity(bytes))
    }

    /// The query as it will be sent (without the `?`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Adds `name=value`.
    pub fn push(&mut self, name: &str, value: &str) {
        self.push_display(name, &value);
    }

    /// Adds `name=value` for any `Display` value, encoded as it is written.
    pub fn push_display(&mut self, name: &str, value: &dyn fmt::Display) {
        self.key(name, "");
        let _ = fmt::write(&mut Encoder(&mut self.0), format_args!("{value}"));
    }

    /// Starts a pair: `&`, the encoded name, a literal suffix (`[]`), `=`.
    fn key(&mut self, name: &str, suffix: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.extend(utf8_percent_encode(name, COMPONENT));
        self.0.push_str(suffix);
        self.0.push('=');
    }

    /// Adds an array in the given style.
    pub fn push_array<I>(&mut self, name: &str, values: I, style: ArrayStyle)
    where
        I: IntoIterator,
        I::Item: fmt::Display,
    {
        match style {
            ArrayStyle::Repeat => values.into_iter().for_each(|v| self.push_display(name, &v)),
            ArrayStyle::Brackets => {
                for v in values {
                    self.key(name, "[]");
                    let _ = fmt::write(&mut Encoder(&mut self.0), format_args!("{v}"));
                }
            }
            ArrayStyle::Comma => {
                self.key(name, "");
                for (i, v) in values.into_iter().enumerate() {
                    if i > 0 {
                        self.0.push(',');
                    }
                    let _ = fmt::write(&mut Encoder(&mut self.0), format_args!("{v}"));
                }
            }
        }
    }
}

/// Adds a header parameter, refusing values a header cannot carry (a newline, say).
pub fn header(headers: &mut HeaderMap, parameter: &'static str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(parameter.as_bytes())
        .map_err(|e| Error::Parameter { parameter, reason: format!("is not a header name: {e}") })?;
    let value = HeaderValue::from_str(value)
        .map_err(|_| Error::Parameter { parameter, reason: "has characters a header cannot carry".to_owned() })?;
    headers.append(name, value);
    Ok(())
}

/// A date-time as RFC 3339 text (`2021-01-20T14:13:35Z`), as query and path values need.
pub fn date_time(value: &chrono::DateTime<chrono::Utc>) -> String {
    value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A whole response, before it is matched against the operation's declared statuses.
#[derive(Debug)]
pub struct RawResponse {
    /// The operation id of the call.
    pub operation: &'static str,
    /// The status received.
    pub status: StatusCode,
    /// The headers received.
    pub headers: HeaderMap,
    /// The whole body received.
    pub body: Bytes,
}

impl RawResponse {
    /// Decodes the body as JSON of type `T`, or says where it does not fit.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let fail = |path: String, message: String| Error::Decode {
            operation: self.operation,
            path,
            message,
            response: Box::new(ErrorResponse {
                status: self.status,
                headers: self.headers.clone(),
                body: self.body.clone(),
            }),
        };
        // The plain decoder is fast; the path-tracking one runs only to explain a failure.
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(plain) => {
                let mut de = serde_json::Deserializer::from_slice(&self.body);
                match serde_path_to_error::deserialize::<_, T>(&mut de) {
                    Err(e) => Err(fail(e.path().to_string(), e.inner().to_string())),
                    // Trailing bytes after a valid value are what the plain decoder refused.
                    Ok(_) => Err(fail(".".to_owned(), plain.to_string())),
                }
            }
        }
    }

    /// GitLab's `{"message": …}` error body, read leniently: a body that is not that JSON
    /// (a proxy's HTML page, say) becomes the message text, so nothing is lost.
    pub fn error_message(&self) -> crate::ErrorMessage {
        if self.body.is_empty() {
            return crate::ErrorMessage::default();
        }
        match serde_json::from_slice::<crate::ErrorMessage>(&self.body) {
            Ok(m) => m,
            Err(_) => crate::ErrorMessage::new(String::from_utf8_lossy(&self.body).into_owned()),
        }
    }

    /// The error for a status the operation does not declare, keeping everything received.
    pub fn unexpected(self) -> Error {
        Error::UnexpectedStatus {
            operation: self.operation,
            response: Box::new(ErrorResponse { status: self.status, headers: self.headers, body: self.body }),
        }
    }

    /// Wraps a decoded body with this response's status and headers.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response { status: self.status, headers: self.headers, body }
    }
}

/// A decoded response with its status and headers.
#[derive(Clone, Debug)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status received.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (for pagination links, rate limits, request ids, …).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body: the operation's response enum.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// Everything that can go wrong with a call. No server answer makes the client panic:
/// whatever arrives is either a declared response or one of these, with the raw body kept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The base URL given to the builder is not usable.
    #[error("invalid base URL `{url}`: {reason}")]
    BaseUrl { url: String, reason: String },
    /// A credential given to the builder cannot be sent.
    #[error("invalid credential for {scheme}: {reason}")]
    Credential { scheme: &'static str, reason: String },
    /// A parameter value cannot be sent as given; nothing was sent.
    #[error("parameter `{parameter}` {reason}")]
    Parameter { parameter: &'static str, reason: String },
    /// The request URL could not be built; nothing was sent.
    #[error("{operation}: cannot build the request URL: {reason}")]
    Url { operation: &'static str, reason: String },
    /// Connecting, sending or receiving failed (including timeouts).
    #[error("{operation}: request failed: {source}")]
    Transport {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// The server answered with a status the spec does not declare for this operation.
    #[error("{operation}: undeclared status {}", response.status)]
    UnexpectedStatus { operation: &'static str, response: Box<ErrorResponse> },
    /// A declared status came with a body that does not fit its type.
    #[error("{operation}: the {} response does not decode at `{path}`: {message}", response.status)]
    Decode { operation: &'static str, path: String, message: String, response: Box<ErrorResponse> },
}

/// What the server sent, kept whole in errors so that nothing it said is lost.
#[derive(Clone, Debug)]
pub struct ErrorResponse {
    /// The status received.
    pub status: StatusCode,
    /// The headers received.
    pub headers: HeaderMap,
    /// The raw body received.
    pub body: Bytes,
}

impl Error {
    /// The status received, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::UnexpectedStatus { response, .. } | Error::Decode { response, .. } => Some(response.status),
            Error::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The raw body received, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::UnexpectedStatus { response, .. } | Error::Decode { response, .. } => Some(&response.body),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_stay_in_their_segment() {
        let cases = [
            ("group/project", Some("group%2Fproject")),
            ("../x", Some("..%2Fx")),
            ("a b?c#d", Some("a%20b%3Fc%23d")),
            ("%2F", Some("%252F")),
            ("%2e%2e", Some("%252e%252e")),
            ("ünï", Some("%C3%BCn%C3%AF")),
            ("42", Some("42")),
            ("..", None),
            (".", None),
            ("", None),
        ];
        for (value, expect) in cases {
            let got = segment("id", value).ok();
            assert_eq!(got.as_deref(), expect, "{value:?}");
        }
    }

    #[test]
    fn arrays_follow_their_style() {
        let values = || ["api".to_owned(), "read api".to_owned()];
        let mut q = Query::default();
        q.push("name", "t&x=1");
        q.push_array("scopes", values(), ArrayStyle::Brackets);
        assert_eq!(q.0, "name=t%26x%3D1&scopes[]=api&scopes[]=read%20api");
        let mut q = Query::default();
        q.push_array("scopes", values(), ArrayStyle::Repeat);
        assert_eq!(q.0, "scopes=api&scopes=read%20api");
        let mut q = Query::default();
        q.push_array("scopes", values(), ArrayStyle::Comma);
        assert_eq!(q.0, "scopes=api,read%20api");
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let client = Client::builder("http://127.0.0.1:1/api/")
            .api_key_header("private_token", "Private-Token", "glpat-SECRET".to_owned())
            .bearer_token("oauth-SECRET")
            .build()
            .expect("builds");
        let shown = format!("{client:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("private_token: header private-token <redacted>"), "{shown}");
        assert_eq!(client.base_url(), "http://127.0.0.1:1/api");
    }

    #[test]
    fn bad_settings_are_errors() {
        assert!(matches!(Client::new("not a url"), Err(Error::BaseUrl { .. })));
        assert!(matches!(Client::new("ftp://x/"), Err(Error::BaseUrl { .. })));
        assert!(matches!(Client::new("http://x/?q=1"), Err(Error::BaseUrl { .. })));
        let bad = Client::builder("http://x/").api_key_header("k", "Private-Token", "a\nb".to_owned()).build();
        assert!(matches!(bad, Err(Error::Credential { .. })));
    }
}
