//! The client runtime: the spec-independent pieces the generated client uses. The client
//! and its builder, credentials, the response wrapper, the error type, and URL building in
//! which a path parameter can never leave its segment.
//!
//! It is public so that calls the spec does not describe can be made with the same
//! client, credentials and encoding: build a [`Call`] and pass it to [`Client::execute`].
//! [`wire`] writes every parameter style and body media type beyond GitLab's own.

use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};

#[rustfmt::skip] // Its file is a separate template: rustfmt checks `templates/*.rs` one by one.
pub mod wire;

// What stays unencoded in a path segment or a query component (`crate::form` says which):
// one set for paths, queries and forms alike.
use crate::form::COMPONENT;

/// A client for the API. Cheap to clone (one reference count); clones share one
/// connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    inner: std::sync::Arc<Inner>,
}

/// What a [`Client`] holds, shared by its clones.
struct Inner {
    /// The base URL as text, without a trailing slash (`https://api.example.com/v1`).
    base: String,
    /// Its path, without a trailing slash (`/api`, or empty).
    base_path: String,
    http: reqwest::Client,
    credentials: Vec<Credential>,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
    retry: Option<RetryPolicy>,
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
    retry: Option<RetryPolicy>,
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
    /// A cookie's name and value, both checked to be cookie text when set.
    Cookie(&'static str, String),
    Bearer(String),
    Basic(String, String),
}

/// Which schemes a credential is shown as in `Debug`: the secret never is.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            CredentialKind::Header(name, _) => format!("header {name}"),
            CredentialKind::Query(name, _) => format!("query {name}"),
            CredentialKind::Cookie(name, _) => format!("cookie {name}"),
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
    /// A client without credentials for the API at `base_url` (the spec's server URL,
    /// such as `https://api.example.com/v1/`; operation paths are appended to it).
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
            retry: None,
            invalid: None,
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// Sends one call and reads the whole response, applying the credentials of the
    /// call's security schemes.
    ///
    /// Not an `async fn`: the future holds the request being sent and then the response
    /// being read, one after the other, not the call it was built from as well (the
    /// generated client's `.await` boxes this future on every call).
    pub fn execute(&self, call: Call) -> impl Future<Output = Result<RawResponse, Error>> + Send + '_ {
        use futures_util::{FutureExt as _, TryFutureExt as _};
        let operation = call.operation;
        call.send(self).and_then(move |mut response| {
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            response.bytes().map(move |body| match body {
                Ok(body) => Ok(RawResponse { operation, status, headers, body }),
                Err(source) => Err(transport(operation, source)),
            })
        })
    }
}

/// A transport error, without the URL reqwest would print: its query may carry an API key.
fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    Error::Transport { operation, source: source.without_url() }
}

impl Call {
    /// Sends the call like [`Client::execute`] but returns as soon as the status and
    /// headers arrive, so that a large binary response can be read piece by piece with
    /// `reqwest::Response::chunk` instead of being buffered whole. (A method of `Call`, not
    /// of `Client`, whose method names belong to the spec's operations.)
    pub fn send(self, client: &Client) -> impl Future<Output = Result<reqwest::Response, Error>> + Send + '_ {
        // The request is built before the future, which holds only it (see `execute`).
        match self.request(client) {
            Ok((operation, request)) => {
                futures_util::future::Either::Left(resend_while_rate_limited(&client.inner, operation, request))
            }
            Err(e) => futures_util::future::Either::Right(std::future::ready(Err(e))),
        }
    }

    /// The request to send: the URL from the base, path and query, the credentials of the
    /// call's security schemes, the user agent, the timeout and the body.
    fn request(self, client: &Client) -> Result<(&'static str, reqwest::Request), Error> {
        let mut call = self;
        let this = &*client.inner;
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
        // Cookie credentials join the call's cookie parameters in its one `Cookie` header.
        for c in this.credentials.iter().filter(applies) {
            if let CredentialKind::Cookie(name, value) = &c.kind {
                let joined = match call.headers.get(reqwest::header::COOKIE).and_then(|v| v.to_str().ok()) {
                    Some(before) => format!("{before}; {name}={value}"),
                    None => format!("{name}={value}"),
                };
                let mut value = HeaderValue::from_str(&joined)
                    .map_err(|_| Error::Credential { scheme: c.scheme, reason: "cannot be a cookie".to_owned() })?;
                value.set_sensitive(true);
                call.headers.insert(reqwest::header::COOKIE, value);
            }
        }
        let has_content_type = call.headers.contains_key(reqwest::header::CONTENT_TYPE);
        // The request is built once, moving the call's URL, headers and body into it.
        let mut request = this.http.request(call.method, url).headers(call.headers);
        request = request.header(reqwest::header::USER_AGENT, this.user_agent.clone());
        for c in this.credentials.iter().filter(applies) {
            request = match &c.kind {
                CredentialKind::Header(name, value) => request.header(name.clone(), value.clone()),
                CredentialKind::Query(..) | CredentialKind::Cookie(..) => request,
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
        // reqwest's errors print the URL, whose query may carry an API key: drop it.
        let request = request.build().map_err(|source| transport(operation, source))?;
        Ok((operation, request))
    }
}

/// Sends a request, and again after `429 Too Many Requests` (or a transient error, see
/// [`RetryPolicy::transient`]) when the client's [`RetryPolicy`] says to wait and retry.
async fn resend_while_rate_limited(
    this: &Inner,
    operation: &'static str,
    mut request: reqwest::Request,
) -> Result<reqwest::Response, Error> {
    let mut attempts = 1;
    let mut waited = Duration::ZERO;
    loop {
        // A copy to send again after a 429, made only when a retry policy may use it:
        // most clients have none, and a call should not pay for what it cannot do. The
        // body is shared (`Bytes`), not copied. Boxed, as is the wait below, so that the
        // call's future does not carry their room on every call.
        let again = this.retry.as_ref().and_then(|_| request.try_clone()).map(Box::new);
        let response = this.http.execute(request).await.map_err(|source| transport(operation, source))?;
        if let Some(policy) = this.retry.as_ref().filter(|p| p.retries(response.status())) {
            let delay = policy.delay(attempts, waited, retry_after(response.headers()));
            if let (Some(delay), Some(again)) = (delay, again) {
                // The answer is dropped before the wait: nothing of it is needed.
                drop(response);
                Box::pin(tokio::time::sleep(delay)).await;
                waited += delay;
                attempts += 1;
                request = *again;
                continue;
            }
        }
        return Ok(response);
    }
}

/// How a list operation's pages are followed (built by the generated `stream` methods).
pub struct Pages<R> {
    /// The typed request of the first page.
    pub request: R,
    /// Builds the call for a request.
    pub call: fn(&R) -> Result<Call, Error>,
    /// Writes a page number into the request (for [`Next::PageHeader`]).
    pub set_page: Option<SetPage<R>>,
    /// Where the next page is found.
    pub next: Next,
    /// The status whose body is a page.
    pub status: u16,
}

/// Writes a page number into a typed request.
pub type SetPage<R> = fn(&mut R, u64) -> Result<(), Error>;

/// What a page followed through `Link` repeats of the call before it: everything but the
/// URL, so it is the same request as a page fetched by number (which rebuilds the call
/// from the typed request), body and media included. A search API that takes its
/// filters in a `GET` body (as the kitchen sink's `/search` does) would otherwise get
/// an unfiltered second page.
struct Template {
    operation: &'static str,
    method: Method,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    schemes: &'static [&'static str],
}

/// Where the next page is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// RFC 8288's `Link: <…>; rel="next"`; no such link means the last page.
    Link,
    /// A header with the next page's number (GitLab's `X-Next-Page`), empty on the last
    /// page. Where the header is absent altogether, `Link` is followed instead.
    PageHeader(&'static str),
    /// AutoRest's `x-ms-pageable`: the page is a JSON object whose `items` member is the
    /// list, and whose `next` member (if the spec names one) the next page's URL; an
    /// absent, `null` or empty one means the last page.
    Body { items: &'static str, next: Option<&'static str> },
}

/// Every item of every page, fetched a page at a time as the stream is read. The stream
/// ends after the last page (an empty page-number header, or no `rel="next"` link); an
/// error ends it after being yielded. A page number that does not move forward, or a link
/// back to the same URL, ends it too, so a misbehaving server cannot make it loop. A link
/// is followed only under the client's base URL (same origin, same path prefix), so
/// credentials never go to a host the server names.
pub fn paginate<'a, R, T>(
    client: &'a Client,
    pages: Pages<R>,
) -> impl futures_util::Stream<Item = Result<T, Error>> + Send + 'a
where
    R: Send + 'a,
    T: serde::de::DeserializeOwned + Send + 'a,
{
    use futures_util::{StreamExt as _, TryStreamExt as _};
    let first = (pages.call)(&pages.request);
    // Pages count from 1, so a next page is at least 2 and always above the last one.
    let state = Some((pages, first, 1u64));
    futures_util::stream::try_unfold(state, move |state| async move {
        let Some((mut pages, call, page)) = state else { return Ok(None) };
        let call = call?;
        let template = Template {
            operation: call.operation,
            method: call.method.clone(),
            headers: call.headers.clone(),
            body: call.body.clone(),
            schemes: call.schemes,
        };
        let current = client.url_of(&call)?;
        let raw = client.execute(call).await?;
        if raw.status == StatusCode::TOO_MANY_REQUESTS {
            return Err(raw.rate_limited());
        }
        if raw.status.as_u16() != pages.status {
            return Err(raw.not_a_page());
        }
        // The items, and the next page's link: `x-ms-pageable`'s is in the body, and only there.
        let (items, target): (Vec<T>, Option<String>) = match pages.next {
            Next::Body { items, next } => page_object(&raw, items, next)?,
            _ => (raw.decode()?, next_link(&raw.headers)),
        };
        let number = match pages.next {
            Next::PageHeader(name) if raw.headers.contains_key(name) => Some(raw.header::<u64>(name)?),
            _ => None,
        };
        let next = match (number, pages.set_page) {
            // The last page, or a number that would go back: done.
            (Some(None), _) => None,
            (Some(Some(n)), _) if n <= page => None,
            (Some(Some(n)), Some(set_page)) => {
                let call = set_page(&mut pages.request, n).and_then(|()| (pages.call)(&pages.request));
                Some((call, n))
            }
            _ => match target {
                None => None,
                Some(target) => {
                    let url = current.join(&target).map_err(|e| Error::Url {
                        operation: template.operation,
                        reason: format!("the next page's link is not a URL: {e}"),
                    })?;
                    if url == current { None } else { Some((client.call_for(url, template), page)) }
                }
            },
        };
        Ok(Some((items, next.map(|(call, n)| (pages, call, n)))))
    })
    .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}

/// An `x-ms-pageable` page: the items in its `items` member (none when it is absent or
/// `null`), and the next page's URL in its `next` member (`None` for the last page).
fn page_object<T: serde::de::DeserializeOwned>(
    raw: &RawResponse,
    items: &str,
    next: Option<&str>,
) -> Result<(Vec<T>, Option<String>), Error> {
    let mut page: serde_json::Map<String, serde_json::Value> = raw.decode()?;
    let list = match page.remove(items) {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(list) => serde_json::from_value(list)
            .map_err(|e| raw.decode_error(format!(".{items}"), without_values(&e.to_string())))?,
    };
    let link = next.and_then(|n| page.get(n)).and_then(serde_json::Value::as_str).filter(|l| !l.is_empty());
    Ok((list, link.map(str::to_owned)))
}

/// The target of the `rel="next"` link in RFC 8288 `Link` headers (one or several), as
/// written: it may be relative to the request's URL.
fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| parse_links(v).into_iter().find(|(_, rels)| rels.iter().any(|r| r == "next")))
        .map(|(target, _)| target)
}

/// RFC 8288 links: `<target>; rel="next last"; title=x, <target2>; rel=prev` → each
/// target with its relation types, lowercased. A `<` starts a target and `>` ends it, so
/// a comma or semicolon inside one is kept; parameters other than `rel` are skipped, and
/// quoted values may hold commas and escaped quotes. Malformed pieces are skipped, not
/// guessed at.
fn parse_links(text: &str) -> Vec<(String, Vec<String>)> {
    let mut links = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(after) = rest.strip_prefix('<') else { break };
        let Some(end) = after.find('>') else { break };
        let target = after[..end].trim().to_owned();
        rest = &after[end + 1..];
        let mut rels = Vec::new();
        // Parameters, up to the comma that ends this link.
        loop {
            rest = rest.trim_start();
            let Some(param) = rest.strip_prefix(';') else { break };
            let param = param.trim_start();
            let name_end = param.find(['=', ';', ',']).unwrap_or(param.len());
            let name = param[..name_end].trim().to_ascii_lowercase();
            rest = &param[name_end..];
            let mut value = String::new();
            if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim_start();
                if let Some(quoted) = v.strip_prefix('"') {
                    let mut chars = quoted.char_indices();
                    let mut end = quoted.len();
                    while let Some((i, c)) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some((_, escaped)) = chars.next() {
                                    value.push(escaped);
                                }
                            }
                            '"' => {
                                end = i + 1;
                                break;
                            }
                            c => value.push(c),
                        }
                    }
                    rest = &quoted[end.min(quoted.len())..];
                } else {
                    let end = v.find([';', ',']).unwrap_or(v.len());
                    value = v[..end].trim().to_owned();
                    rest = &v[end..];
                }
            }
            // The first `rel` counts (RFC 8288, 3.3).
            if name == "rel" && rels.is_empty() {
                rels = value.split_whitespace().map(str::to_ascii_lowercase).collect();
            }
        }
        links.push((target, rels));
        // Anything else up to the next comma is not a link parameter: skip it.
        match rest.find(',') {
            Some(i) if !rest.trim_start().starts_with('<') => rest = &rest[i..],
            _ => {}
        }
    }
    links
}

/// When to send a call again after `429 Too Many Requests`: opt-in, through
/// [`ClientBuilder::retry`]. The wait is the answer's `Retry-After` (seconds, or the
/// time until its HTTP-date), or [`RetryPolicy::default_delay`] when it has none; the call is sent at most
/// `max_attempts` times in all, and never after waiting more than `max_wait` in total,
/// so a server that keeps refusing cannot hold a caller for long. When the policy gives
/// up, the call answers [`Error::RateLimited`] with the last delay the server asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_wait: Duration,
    default_delay: Duration,
    transient: bool,
}

impl RetryPolicy {
    /// Up to `max_attempts` sends in all (1: never retry), waiting at most `max_wait` in
    /// total between them.
    pub fn new(max_attempts: u32, max_wait: Duration) -> Self {
        Self { max_attempts, max_wait, default_delay: Duration::from_secs(1), transient: false }
    }

    /// Also sends a call again after `408 Request Timeout`, `500 Internal Server Error`,
    /// `502 Bad Gateway`, `503 Service Unavailable` and `504 Gateway Timeout`, the answers
    /// Azure's SDKs (and AutoRest's generated clients) retry. Off by default: resending a
    /// call that is not idempotent (a `POST` that the server did carry out before failing)
    /// may do it twice, which only the caller can judge.
    pub fn transient(mut self) -> Self {
        self.transient = true;
        self
    }

    /// Whether an answer of this status is one the policy sends again.
    fn retries(&self, status: StatusCode) -> bool {
        status == StatusCode::TOO_MANY_REQUESTS || (self.transient && matches!(status.as_u16(), 408 | 500 | 502 | 503 | 504))
    }

    /// The wait when a 429 has no usable `Retry-After` (default: one second).
    pub fn default_delay(mut self, delay: Duration) -> Self {
        self.default_delay = delay;
        self
    }

    /// How long to wait before the next attempt, or `None` to give up: `attempts` sends
    /// were made, `waited` spent waiting so far, and the server asked for `retry_after`.
    fn delay(&self, attempts: u32, waited: Duration, retry_after: Option<Duration>) -> Option<Duration> {
        let delay = retry_after.unwrap_or(self.default_delay);
        (attempts < self.max_attempts && waited.saturating_add(delay) <= self.max_wait).then_some(delay)
    }
}

/// `Retry-After` (RFC 9110 §10.2.3) as a wait: delta-seconds (the form GitLab sends), or
/// an HTTP-date in any of the three forms HTTP allows (parsed by `httpdate`, hyper's
/// own). A date is measured from the answer's `Date`, so that only the server's clock is
/// read, and from this machine's clock when there is none; a date already past is no
/// wait. Either form then meets the same bounds in [`RetryPolicy`].
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    let now = headers
        .get(reqwest::header::DATE)
        .and_then(|d| httpdate::parse_http_date(d.to_str().ok()?).ok())
        .unwrap_or_else(SystemTime::now);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

impl Client {
    /// The URL a call goes to, without query credentials (which are added when sent).
    fn url_of(&self, call: &Call) -> Result<Url, Error> {
        let mut text = format!("{}{}", self.inner.base, call.path);
        if !call.query.0.is_empty() {
            text.push('?');
            text.push_str(&call.query.0);
        }
        Url::parse(&text).map_err(|e| Error::Url { operation: call.operation, reason: e.to_string() })
    }

    /// A call to a next page's URL, the same request as the page before: its method,
    /// headers (the body's `Content-Type`, so the media chosen, among them), body and
    /// schemes; only the URL is the link's. Only a URL under the base URL is followed:
    /// credentials go nowhere else.
    fn call_for(&self, url: Url, template: Template) -> Result<Call, Error> {
        let Template { operation, method, headers, body, schemes } = template;
        let base = Url::parse(&self.inner.base).map_err(|e| Error::Url { operation, reason: e.to_string() })?;
        let path = url.path().strip_prefix(self.inner.base_path.as_str()).filter(|p| p.starts_with('/'));
        match path {
            Some(path) if url.origin() == base.origin() => Ok(Call {
                operation,
                method,
                path: path.to_owned(),
                query: Query(url.query().unwrap_or_default().to_owned()),
                headers,
                body,
                schemes,
            }),
            _ => Err(Error::Url {
                operation,
                reason: "the next page's link leaves the API's base URL; not followed".to_owned(),
            }),
        }
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
                install_ring_provider();
                let mut b = reqwest::Client::builder();
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
        };
        Ok(Client { inner: std::sync::Arc::new(inner) })
    }
}

/// With feature `rustls-ring`, reqwest's rustls has no crypto provider of its own and would
/// panic building a client: install ring as the process's default, unless the program has
/// already chosen one (then `install_default` refuses, and the program's choice stands).
#[cfg(feature = "rustls-ring")]
fn install_ring_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Without feature `rustls-ring` the TLS stack, if any, brings its own provider.
#[cfg(not(feature = "rustls-ring"))]
fn install_ring_provider() {}

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
        push_component(self.0, s);
        Ok(())
    }

    // chrono writes dates and times a character at a time; the default would encode each
    // through a one-character `str`.
    fn write_char(&mut self, c: char) -> fmt::Result {
        match u8::try_from(c) {
            Ok(b) if unreserved(b) => self.0.push(c),
            _ => push_component(self.0, c.encode_utf8(&mut [0; 4])),
        }
        Ok(())
    }
}

/// Appends `text` percent-encoded with [`COMPONENT`]. Most values (numbers, dates, enum
/// names, parameter names) need no escape, and copying them whole costs less than
/// `utf8_percent_encode`'s search for the next byte to escape.
fn push_component(out: &mut String, text: &str) {
    if text.bytes().all(unreserved) {
        out.push_str(text);
    } else {
        out.extend(utf8_percent_encode(text, COMPONENT));
    }
}

/// Whether a byte is left as it is by [`COMPONENT`]: RFC 3986's unreserved characters (a
/// test holds the two to agree). A table, so that checking a value costs a load a byte.
fn unreserved(b: u8) -> bool {
    const UNRESERVED: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
            b += 1;
        }
        table
    };
    UNRESERVED[usize::from(b)]
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
    /// `a[]=1&a[]=2` (Rails' and PHP's form).
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
        push_component(&mut self.0, name);
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
        let fail = |path: String, message: String| self.decode_error(path, message);
        // The plain decoder is fast; the path-tracking one runs only to explain a failure.
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(plain) => {
                let mut de = serde_json::Deserializer::from_slice(&self.body);
                match serde_path_to_error::deserialize::<_, T>(&mut de) {
                    Err(e) => Err(fail(e.path().to_string(), without_values(&e.inner().to_string()))),
                    // Trailing bytes after a valid value are what the plain decoder refused.
                    Ok(_) => Err(fail(".".to_owned(), without_values(&plain.to_string()))),
                }
            }
        }
    }

    /// Decodes a body that may be `null` (a nullable schema): no body at all, or nothing but
    /// whitespace, is `None` as `null` is, since a server that has no value often sends
    /// nothing (AutoRest's test server answers its `getNull` scenarios so).
    pub fn decode_nullable<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.decode()
    }

    /// The error for a body that does not decode at `path`, keeping the whole response.
    pub(crate) fn decode_error(&self, path: String, message: String) -> Error {
        Error::Decode {
            operation: self.operation,
            path,
            message,
            response: Box::new(ErrorResponse {
                status: self.status,
                headers: self.headers.clone(),
                body: self.body.clone(),
            }),
        }
    }

    /// The body read leniently as a `{"message": …}` error body: a body that is not that JSON
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

    /// The error for a list's answer that is not a page (a declared `404`, say).
    pub fn not_a_page(self) -> Error {
        Error::NotAPage { operation: self.operation, response: Box::new(self.into_error_response()) }
    }

    /// A declared optional header, typed: `None` when it is absent or empty (GitLab sends
    /// `X-Next-Page: ` on the last page). A value that is there but does not parse is an
    /// [`Error::Header`], not `None`: a misread `X-Next-Page` would end a listing early
    /// without a word, so the call fails and keeps what was received.
    pub fn header<T>(&self, name: &'static str) -> Result<Option<T>, Error>
    where
        T: std::str::FromStr,
        T::Err: fmt::Display,
    {
        self.typed_header(self.headers.get(name), name)
    }

    /// A declared required header, typed; absent or empty is an [`Error::Header`].
    pub fn required_header<T>(&self, name: &'static str) -> Result<T, Error>
    where
        T: std::str::FromStr,
        T::Err: fmt::Display,
    {
        self.header(name)?.ok_or_else(|| self.header_error(name, "is missing".to_owned()))
    }

    /// [`RawResponse::header`] by a name parsed once (the generated code's `const` names),
    /// not on every response; `wire` is the name as the spec writes it, for errors.
    pub fn header_named<T>(&self, name: &HeaderName, wire: &'static str) -> Result<Option<T>, Error>
    where
        T: std::str::FromStr,
        T::Err: fmt::Display,
    {
        self.typed_header(self.headers.get(name), wire)
    }

    /// [`RawResponse::required_header`] by a name parsed once.
    pub fn required_header_named<T>(&self, name: &HeaderName, wire: &'static str) -> Result<T, Error>
    where
        T: std::str::FromStr,
        T::Err: fmt::Display,
    {
        self.header_named(name, wire)?.ok_or_else(|| self.header_error(wire, "is missing".to_owned()))
    }

    fn typed_header<T>(&self, value: Option<&HeaderValue>, name: &'static str) -> Result<Option<T>, Error>
    where
        T: std::str::FromStr,
        T::Err: fmt::Display,
    {
        let Some(value) = value else { return Ok(None) };
        let text = value.to_str().map_err(|_| self.header_error(name, "is not visible ASCII".to_owned()))?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|e: T::Err| self.header_error(name, without_values(&e.to_string())))
    }

    fn header_error(&self, header: &'static str, reason: String) -> Error {
        Error::Header {
            operation: self.operation,
            header,
            reason,
            response: Box::new(ErrorResponse {
                status: self.status,
                headers: self.headers.clone(),
                body: self.body.clone(),
            }),
        }
    }

    /// The error for a status the operation does not declare, keeping everything received.
    /// A 429 is [`Error::RateLimited`], whatever the operation declares otherwise.
    pub fn unexpected(self) -> Error {
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            return self.rate_limited();
        }
        Error::UnexpectedStatus { operation: self.operation, response: Box::new(self.into_error_response()) }
    }

    /// The error for `429 Too Many Requests` (GitLab answers plain text `Retry later`, which
    /// is not the body any operation declares), with the delay the server asked for.
    pub fn rate_limited(self) -> Error {
        Error::RateLimited {
            operation: self.operation,
            retry_after: retry_after(&self.headers),
            response: Box::new(self.into_error_response()),
        }
    }

    fn into_error_response(self) -> ErrorResponse {
        ErrorResponse { status: self.status, headers: self.headers, body: self.body }
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
///
/// Neither `Display` nor `Debug` shows a body: a server that echoes a token in an
/// undeclared answer must not put it in a log. `Display` quotes at most a short, sanitised
/// `message` member of a JSON body ([`ErrorResponse::message`]); the raw body is
/// [`Error::body`], for whoever asks for it.
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
    #[error("{operation}: undeclared status {}{}", response.status, Quoted(response.message()))]
    UnexpectedStatus { operation: &'static str, response: Box<ErrorResponse> },
    /// A declared status came with a body that does not fit its type. The message says
    /// where and why, with the values it met left out.
    #[error("{operation}: the {} response does not decode at `{path}`: {message}", response.status)]
    Decode { operation: &'static str, path: String, message: String, response: Box<ErrorResponse> },
    /// A list's page was asked for and another declared answer came; see
    /// [`Error::body`] for it.
    #[error("{operation}: answered {} instead of a page{}", response.status, Quoted(response.message()))]
    NotAPage { operation: &'static str, response: Box<ErrorResponse> },
    /// A declared response header is missing (a required one) or does not parse; the
    /// reason leaves out the value.
    #[error("{operation}: the {} response's header `{header}` {reason}", response.status)]
    Header { operation: &'static str, header: &'static str, reason: String, response: Box<ErrorResponse> },
    /// `429 Too Many Requests`: the server asks to wait `retry_after` (its `Retry-After`
    /// seconds, when it sent them) before calling again. See [`RetryPolicy`].
    #[error("{operation}: rate limited (429){}", RetryAfter(*retry_after))]
    RateLimited { operation: &'static str, retry_after: Option<Duration>, response: Box<ErrorResponse> },
}

/// `: message` for an error's `Display`, or nothing.
struct Quoted(Option<String>);

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(m) => write!(f, ": {m}"),
            None => Ok(()),
        }
    }
}

/// `, retry after 60s` for [`Error::RateLimited`]'s `Display`, or nothing.
struct RetryAfter(Option<Duration>);

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(d) => write!(f, ", retry after {}s", d.as_secs()),
            None => Ok(()),
        }
    }
}

/// The longest `message` an error quotes, in characters.
const MESSAGE_LIMIT: usize = 120;

/// A decoder's message without the values it quotes: serde writes the offending text
/// (`invalid type: string "glpat-…", expected i64`), and a body's text may be a secret.
/// Quoted spans (`"…"` and `` `…` ``) become `…`; the rest says what was expected.
pub(crate) fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(q) if c == q => {
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '"' || c == '`' {
                    out.push('…');
                    open = Some(c);
                }
            }
        }
    }
    if let Some(q) = open {
        out.push(q);
    }
    out
}

/// What the server sent, kept whole in errors so that nothing it said is lost. Its
/// `Debug` shows the status, the headers' names and the body's length, never the body.
#[derive(Clone)]
pub struct ErrorResponse {
    /// The status received.
    pub status: StatusCode,
    /// The headers received.
    pub headers: HeaderMap,
    /// The raw body received.
    pub body: Bytes,
}

impl ErrorResponse {
    /// The body's `message` member when the body is a JSON object and it is a string
    /// (GitLab's `{"message": "404 Project Not Found"}`), with control characters
    /// replaced and cut to a short length: what an error line may quote.
    pub fn message(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Body {
            message: String,
        }
        let body: Body = serde_json::from_slice(&self.body).ok()?;
        let mut out: String =
            body.message.chars().take(MESSAGE_LIMIT).map(|c| if c.is_control() { ' ' } else { c }).collect();
        if body.message.chars().nth(MESSAGE_LIMIT).is_some() {
            out.push('…');
        }
        Some(out)
    }
}

impl fmt::Debug for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("ErrorResponse")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Error {
    /// The status received, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::UnexpectedStatus { response, .. }
            | Error::Decode { response, .. }
            | Error::Header { response, .. }
            | Error::NotAPage { response, .. }
            | Error::RateLimited { response, .. } => Some(response.status),
            Error::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// How long the server asked to wait, for a rate-limited call that said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The raw body received, when the server answered. It may hold anything the server
    /// chose to send, secrets included: handle it with care.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::UnexpectedStatus { response, .. }
            | Error::Decode { response, .. }
            | Error::Header { response, .. }
            | Error::NotAPage { response, .. }
            | Error::RateLimited { response, .. } => Some(&response.body),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &'static str) -> RawResponse {
        RawResponse {
            operation: "op",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(body.as_bytes()),
        }
    }

    #[test]
    fn a_nullable_body_reads_nothing_and_null_as_none() {
        for nothing in ["", " \r\n", "null", " null "] {
            assert_eq!(answer(nothing).decode_nullable::<i32>().expect(nothing), None, "{nothing:?}");
        }
        assert_eq!(answer("7").decode_nullable::<i32>().expect("7"), Some(7));
        assert!(answer("seven").decode_nullable::<i32>().is_err());
        // Only a nullable body: a plain one refuses an empty answer.
        assert!(answer("").decode::<i32>().is_err());
    }

    #[test]
    fn an_x_ms_pageable_page_has_its_items_and_link_in_the_body() {
        let page = |body| page_object::<i32>(&answer(body), "values", Some("odata.nextLink"));
        let (items, next) = page(r#"{"values": [1, 2], "odata.nextLink": "https://h/p?page=2"}"#).expect("page");
        assert_eq!((items, next.as_deref()), (vec![1, 2], Some("https://h/p?page=2")));
        for last in [r#"{"values": [1]}"#, r#"{"values": [1], "odata.nextLink": null}"#, r#"{"values": [1], "odata.nextLink": ""}"#] {
            assert_eq!(page(last).expect(last), (vec![1], None), "{last}");
        }
        assert_eq!(page(r#"{"odata.nextLink": "x"}"#).expect("no items"), (Vec::new(), Some("x".to_owned())));
        let Err(Error::Decode { path, .. }) = page(r#"{"values": ["one"]}"#) else { panic!("not integers") };
        assert_eq!(path, ".values");
    }

    #[test]
    fn unreserved_bytes_are_what_component_leaves_alone() {
        for b in 0..=127u8 {
            let text = char::from(b).to_string();
            let left_alone = utf8_percent_encode(&text, COMPONENT).to_string() == text;
            assert_eq!(unreserved(b), left_alone, "byte {b:#04x}");
            let (mut written, mut pushed) = (String::new(), String::new());
            fmt::Write::write_char(&mut Encoder(&mut written), char::from(b)).unwrap();
            push_component(&mut pushed, &text);
            assert_eq!(written, utf8_percent_encode(&text, COMPONENT).to_string());
            assert_eq!(pushed, written);
        }
        let mut out = String::new();
        fmt::Write::write_char(&mut Encoder(&mut out), 'ü').unwrap();
        assert_eq!(out, "%C3%BC");
    }

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
    fn errors_never_show_a_body() {
        let response = |status: u16, body: &str| ErrorResponse {
            status: StatusCode::from_u16(status).expect("a status"),
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_owned()),
        };
        let leaky = r#"{"message":"403 Forbidden\nretry","token":"glpat-SECRET"}"#;
        let e = Error::UnexpectedStatus { operation: "op", response: Box::new(response(403, leaky)) };
        assert_eq!(e.to_string(), r#"op: undeclared status 403 Forbidden: 403 Forbidden retry"#);
        assert!(!format!("{e:?}").contains("SECRET"), "{e:?}");
        assert_eq!(e.body(), Some(leaky.as_bytes()));
        let e = Error::UnexpectedStatus { operation: "op", response: Box::new(response(500, "glpat-SECRET")) };
        assert_eq!(e.to_string(), "op: undeclared status 500 Internal Server Error");
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(500));
        let quoted = response(400, &long).message().expect("a message");
        assert_eq!(quoted.chars().count(), MESSAGE_LIMIT + 1);
        assert_eq!(
            without_values(r#"invalid type: string "glpat-SECRET", expected `i64` or `x"#),
            r#"invalid type: string "…", expected `…` or `…`"#
        );
    }

    #[test]
    fn links_are_parsed_as_rfc_8288_says() {
        let links = |text: &str| -> Vec<String> {
            parse_links(text).into_iter().map(|(t, rels)| format!("{t} {}", rels.join("+"))).collect()
        };
        let gitlab = "<https://gitlab.example.com/api/v4/projects/8/issues?page=2&per_page=3>; rel=\"next\", \
                      <https://gitlab.example.com/api/v4/projects/8/issues?page=1&per_page=3>; rel=\"first\"";
        assert_eq!(
            links(gitlab),
            [
                "https://gitlab.example.com/api/v4/projects/8/issues?page=2&per_page=3 next",
                "https://gitlab.example.com/api/v4/projects/8/issues?page=1&per_page=3 first"
            ]
        );
        assert_eq!(links("<a,b;c>; title=\"x, \\\"y\"; REL=\"Next Last\""), ["a,b;c next+last"]);
        assert_eq!(links("</p?page=2>;rel=next;rel=prev,</p?page=1>;rel=prev"), ["/p?page=2 next", "/p?page=1 prev"]);
        assert_eq!(links("<x>; rel"), ["x "]);
        assert_eq!(links("garbage, <x>; rel=next"), Vec::<String>::new(), "not guessed at");
        assert_eq!(links("<unclosed; rel=next"), Vec::<String>::new());
        assert_eq!(links(""), Vec::<String>::new());
        let mut h = HeaderMap::new();
        h.append(reqwest::header::LINK, HeaderValue::from_static("</first>; rel=first"));
        h.append(reqwest::header::LINK, HeaderValue::from_static("</second>; rel=\"next\""));
        assert_eq!(next_link(&h).as_deref(), Some("/second"));
    }

    #[test]
    fn retries_are_bounded() {
        let p = RetryPolicy::new(3, Duration::from_secs(10));
        let s = Duration::from_secs;
        assert_eq!(p.delay(1, s(0), Some(s(4))), Some(s(4)));
        assert_eq!(p.delay(2, s(4), Some(s(6))), Some(s(6)));
        assert_eq!(p.delay(2, s(4), Some(s(7))), None, "past max_wait");
        assert_eq!(p.delay(3, s(0), Some(s(1))), None, "past max_attempts");
        assert_eq!(p.delay(1, s(0), None), Some(s(1)));
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static(" 60 "));
        assert_eq!(retry_after(&h), Some(s(60)));
        h.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn retry_after_reads_http_dates() {
        let s = Duration::from_secs;
        let with = |retry_after: &str, date: Option<&str>| {
            let mut h = HeaderMap::new();
            h.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_str(retry_after).expect("header"));
            if let Some(date) = date {
                h.insert(reqwest::header::DATE, HeaderValue::from_str(date).expect("header"));
            }
            super::retry_after(&h)
        };
        // Measured from the answer's own `Date`, in each of HTTP's three date forms.
        let date = Some("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(with("Wed, 21 Oct 2015 07:28:30 GMT", date), Some(s(30)));
        assert_eq!(with("Wednesday, 21-Oct-15 07:29:00 GMT", date), Some(s(60)));
        assert_eq!(with("Wed Oct 21 08:28:00 2015", date), Some(s(3600)));
        // A date already past is no wait; a date that is not one is no `Retry-After`.
        assert_eq!(with("Wed, 21 Oct 2015 07:27:00 GMT", date), Some(Duration::ZERO));
        assert_eq!(with("Wed, 32 Oct 2015 07:28:00 GMT", date), None);
        // Without a `Date` (or with a broken one), from this machine's clock.
        let later = httpdate::fmt_http_date(SystemTime::now() + s(120));
        for date in [None, Some("yesterday")] {
            let wait = with(&later, date).expect("a wait");
            assert!(wait > s(115) && wait <= s(120), "{wait:?}");
        }
        // Far off, it meets the policy's bound like a delay in seconds does.
        let far = with("Wed, 21 Oct 2015 09:28:00 GMT", date);
        assert_eq!(RetryPolicy::new(3, s(60)).delay(1, Duration::ZERO, far), None);
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
