//! A client and one call: what the generated methods build ([`Call`]) and how a call is sent
//! (the URL from the base, path and query, the credentials of its schemes, the body).

use std::fmt;
use std::future::Future;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::{Method, Url};

use super::builder::ClientBuilder;
use super::credentials::{Credential, CredentialKind};
use super::encoding::Query;
use super::error::Error;
use super::response::{RawResponse, Response};
use super::retry::{Reconnect, RetryPolicy, resend_while_rate_limited};
use reqwest::header::HeaderMap;

/// A client for the API. Cheap to clone (one reference count); clones share one
/// connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: std::sync::Arc<Inner>,
}

/// What a [`Client`] holds, shared by its clones.
#[derive(Clone)]
pub(super) struct Inner {
    /// The base URL as text, without a trailing slash (`https://api.example.com/v1`).
    pub(super) base: String,
    /// Its path, without a trailing slash (`/api`, or empty).
    pub(super) base_path: String,
    pub(super) http: reqwest::Client,
    pub(super) credentials: Vec<Credential>,
    pub(super) timeout: Option<Duration>,
    pub(super) user_agent: HeaderValue,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) reconnect: Option<Reconnect>,
    /// The largest item of a streaming response read, in bytes.
    pub(super) item_limit: usize,
    /// Whether arguments are checked against the spec's constraints before sending.
    pub(super) validate: bool,
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
            reconnect: None,
            item_limit: super::builder::STREAM_ITEM_LIMIT,
            validate: true,
            invalid: None,
        }
    }

    /// Whether calls are checked against the spec's constraints before they are sent
    /// (see [`ClientBuilder::client_side_validation`]).
    pub fn validates(&self) -> bool {
        self.inner.validate
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
pub(super) fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    Error::Transport { operation, source: source.without_url() }
}

/// One call, as the generated methods describe it. Cloned only to send it again (a
/// stream of events that reconnects).
#[derive(Clone, Debug)]
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

impl Call {
    /// Sends the call like [`Client::execute`] but returns as soon as the status and
    /// headers arrive, so that a large binary response can be read piece by piece with
    /// `reqwest::Response::chunk` instead of being buffered whole. (A method of `Call`, not
    /// of `Client`, whose method names belong to the spec's operations.)
    pub fn send(self, client: &Client) -> impl Future<Output = Result<reqwest::Response, Error>> + Send + '_ {
        self.send_body(client, None)
    }

    /// Sends the call like [`Call::send`], its body the stream `body` (a request body that
    /// streams, `crate::stream::send`) in place of `self.body`. A streaming body is never
    /// copied: after `429` the call is not sent again, whatever the retry policy, and the
    /// answer is returned as it came.
    pub fn send_body(
        self,
        client: &Client,
        body: Option<reqwest::Body>,
    ) -> impl Future<Output = Result<reqwest::Response, Error>> + Send + '_ {
        // The request is built before the future, which holds only it (see `execute`).
        match self.request(client, body) {
            Ok((operation, request)) => {
                futures_util::future::Either::Left(resend_while_rate_limited(&client.inner, operation, request))
            }
            Err(e) => futures_util::future::Either::Right(std::future::ready(Err(e))),
        }
    }

    /// The request to send: the URL from the base, path and query, the credentials of the
    /// call's security schemes, the user agent, the timeout and the body.
    fn request(
        self,
        client: &Client,
        stream: Option<reqwest::Body>,
    ) -> Result<(&'static str, reqwest::Request), Error> {
        let mut call = self;
        let this = &*client.inner;
        let operation = call.operation;
        let mut query = call.query;
        let applies =
            |c: &&Credential| (c.scheme == "*" && !call.schemes.is_empty()) || call.schemes.contains(&c.scheme);
        // A credential goes where its scheme says, unless the call's own parameter of the
        // same name and place is there already: a spec may declare an API key both as a
        // scheme and as a parameter (Trello's `key` and `token`), and OpenAPI names one
        // parameter by the pair, so sending both would make it a list the schema refuses.
        for c in this.credentials.iter().filter(applies) {
            if let CredentialKind::Query(name, value) = &c.kind
                && !query.has(name)
            {
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
                let before = call.headers.get(reqwest::header::COOKIE).and_then(|v| v.to_str().ok());
                let named = |pair: &str| pair.trim().split('=').next() == Some(*name);
                let joined = match before {
                    Some(before) if before.split(';').any(named) => continue,
                    Some(before) => format!("{before}; {name}={value}"),
                    None => format!("{name}={value}"),
                };
                let mut value = HeaderValue::from_str(&joined)
                    .map_err(|_| Error::Credential { scheme: c.scheme, reason: "cannot be a cookie".to_owned() })?;
                value.set_sensitive(true);
                call.headers.insert(reqwest::header::COOKIE, value);
            }
        }
        for c in this.credentials.iter().filter(applies) {
            if let CredentialKind::Header(name, value) = &c.kind
                && !call.headers.contains_key(name)
            {
                call.headers.insert(name.clone(), value.clone());
            }
        }
        let has_content_type = call.headers.contains_key(reqwest::header::CONTENT_TYPE);
        // The request is built once, moving the call's URL, headers and body into it.
        let mut request = this.http.request(call.method, url).headers(call.headers);
        request = request.header(reqwest::header::USER_AGENT, this.user_agent.clone());
        for c in this.credentials.iter().filter(applies) {
            request = match &c.kind {
                CredentialKind::Header(..) | CredentialKind::Query(..) | CredentialKind::Cookie(..) => request,
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
        if let Some(body) = stream {
            request = request.body(body);
        }
        // reqwest's errors print the URL, whose query may carry an API key: drop it.
        let request = request.build().map_err(|source| transport(operation, source))?;
        Ok((operation, request))
    }
}

/// A method the `reqwest::Method` constants do not name (OpenAPI 3.2's `QUERY`, or an
/// `additionalOperations` key such as `COPY`), as the generated calls send it. The
/// generator only emits tokens, which `from_bytes` accepts; anything else would be an
/// `Error::Parameter` naming the method, never a panic.
pub fn method(name: &'static [u8]) -> Result<Method, Error> {
    Method::from_bytes(name).map_err(|e| Error::Parameter { parameter: "method", reason: e.to_string() })
}

/// How the client's streams of Server-Sent Events reconnect, when it was built with
/// [`ClientBuilder::reconnect_events`]; `None` (the default) reads each stream once. A
/// function rather than a method of [`Client`], whose method names are the spec's.
pub fn reconnect_policy(client: &Client) -> Option<Reconnect> {
    client.inner.reconnect
}

/// The largest item of a streaming response `client` reads, in bytes
/// ([`ClientBuilder::stream_item_limit`]). A function rather than a method of [`Client`],
/// whose method names are the spec's.
pub fn stream_item_limit(client: &Client) -> usize {
    client.inner.item_limit
}

/// A client like `client` (its connection pool, credentials and settings) whose streams of
/// events reconnect by `policy`, or are read once (`None`): what a pending call's
/// `reconnect_events` sends with, overriding the client's policy for that call alone.
pub fn with_reconnect(client: &Client, policy: Option<Reconnect>) -> Client {
    if client.inner.reconnect == policy {
        return client.clone();
    }
    Client { inner: std::sync::Arc::new(Inner { reconnect: policy, ..(*client.inner).clone() }) }
}

/// The future a pending call becomes when awaited: boxed, so that the call's type can be
/// named and stored, and `Send`, so that it can be spawned.
pub type Sending<'a, T> = std::pin::Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send + 'a>>;

/// An operation's typed request, which a [`Pending`] call sends: the generated client
/// implements it for each operation's `models::{Op}Request` with that operation's method.
pub trait Operation: Sized {
    /// The operation's response enum (`models::{Op}Response`).
    type Response;

    /// Sends the request with `client`, as the operation's `{op}_with` method does.
    fn send(self, client: &Client) -> Sending<'_, Self::Response>;
}

/// A pending call: the client and the operation's typed request, which the generated setters
/// fill in (each operation's pending-call type, `client::{Op}`, is this with its request).
/// It runs when awaited, or by [`send`](Pending::send). Its only methods are the runtime's
/// `send` and the operation's setters (and `stream` or `send_streaming` where it has them),
/// so that a parameter's setter can take any other name.
#[must_use = "a call does nothing until it is awaited"]
pub struct Pending<'a, R> {
    pub(crate) client: &'a Client,
    pub(crate) request: R,
}

impl<R: Operation> Pending<'_, R> {
    /// Sends the call.
    pub async fn send(self) -> Result<Response<R::Response>, Error> {
        self.request.send(self.client).await
    }
}

impl<'a, R: Operation> std::future::IntoFuture for Pending<'a, R> {
    type Output = Result<Response<R::Response>, Error>;
    type IntoFuture = Sending<'a, R::Response>;

    fn into_future(self) -> Self::IntoFuture {
        self.request.send(self.client)
    }
}

impl<R: fmt::Debug> fmt::Debug for Pending<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").field("client", &self.client).field("request", &self.request).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A call of an operation whose API key schemes are also its parameters (Trello's
    /// `key` and `token` in the query), given `key`, `X-Key` and `k` by the caller.
    fn sent(query: &str, header: Option<&str>, cookie: Option<&str>) -> reqwest::Request {
        let client = Client::builder("http://127.0.0.1:1/")
            .api_key_query("q", "key", "credential".to_owned())
            .api_key_header("h", "X-Key", "credential".to_owned())
            .api_key_cookie("c", "k", "credential".to_owned())
            .build()
            .expect("builds");
        let mut headers = HeaderMap::new();
        if let Some(v) = header {
            headers.insert("x-key", HeaderValue::from_str(v).expect("a value"));
        }
        if let Some(v) = cookie {
            headers.insert(reqwest::header::COOKIE, HeaderValue::from_str(v).expect("a value"));
        }
        let call = Call {
            operation: "op",
            method: Method::GET,
            path: "/x".to_owned(),
            query: Query(query.to_owned()),
            headers,
            body: None,
            schemes: &["q", "h", "c"],
        };
        call.request(&client, None).expect("a request").1
    }

    #[test]
    fn a_credential_does_not_repeat_the_calls_own_parameter() {
        let given = sent("keys=1&key=mine", Some("mine"), Some("a=1; k=mine"));
        assert_eq!(given.url().query(), Some("keys=1&key=mine"));
        let values: Vec<&HeaderValue> = given.headers().get_all("x-key").iter().collect();
        assert_eq!(values, ["mine"]);
        assert_eq!(given.headers()[reqwest::header::COOKIE], "a=1; k=mine");
        // Without the parameter, the credential is sent.
        let bare = sent("keys=1", None, Some("kk=1"));
        assert_eq!(bare.url().query(), Some("keys=1&key=credential"));
        assert_eq!(bare.headers()["x-key"], "credential");
        assert_eq!(bare.headers()[reqwest::header::COOKIE], "kk=1; k=credential");
    }
}
