//! Delivering a webhook to a subscriber's URL ([`Sender`]), signed, with a timeout and, as
//! an opt-in, retries with exponential backoff ([`Backoff`]).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderValue, StatusCode};

use crate::client::Error;
use crate::client::runtime::{Call, RawResponse};

use super::signatures::{Sign, Unsigned};

/// Delivers webhooks to one subscriber's URL: the generated methods (one per webhook
/// and callback) build each request, and [`Sender::execute`] signs and sends it. Cheap
/// to clone; build one per subscriber, sharing a `reqwest::Client` between them with
/// [`SenderBuilder::http_client`].
#[derive(Clone)]
pub struct Sender {
    inner: Arc<SenderInner>,
}

struct SenderInner {
    url: String,
    http: reqwest::Client,
    signer: Arc<dyn Sign>,
    timeout: Option<Duration>,
    backoff: Option<Backoff>,
}

impl fmt::Debug for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL is the subscriber's, which may hold a token: only its length is shown.
        f.debug_struct("Sender")
            .field("url_len", &self.inner.url.len())
            .field("timeout", &self.inner.timeout)
            .field("backoff", &self.inner.backoff)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Sender`].
#[must_use]
pub struct SenderBuilder {
    url: String,
    http: Option<reqwest::Client>,
    signer: Arc<dyn Sign>,
    timeout: Option<Duration>,
    backoff: Option<Backoff>,
}

impl fmt::Debug for SenderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SenderBuilder").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

/// Retries of a delivery that failed to arrive (a transport error, a timeout) or was
/// answered 408, 429 or 5xx: at most `max_attempts` sends, waiting `initial`, then twice
/// as long each time, at most `max_delay` between two. Every attempt has the same
/// `webhook-id`, so a receiver can tell a retry from a new message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub max_attempts: u32,
    pub initial: Duration,
    pub max_delay: Duration,
}

impl Backoff {
    /// `max_attempts` sends, from one second, doubling, at most a minute apart.
    pub fn new(max_attempts: u32) -> Self {
        Self { max_attempts, initial: Duration::from_secs(1), max_delay: Duration::from_secs(60) }
    }

    /// The wait before attempt `attempt + 1` (1-based), or `None` when none is left.
    pub fn delay(&self, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        Some(self.initial.saturating_mul(factor).min(self.max_delay))
    }
}

impl Sender {
    /// A sender to `url` (the subscriber's), unsigned, with no timeout and no retries.
    pub fn new(url: &str) -> Result<Self, Error> {
        Self::builder(url).build()
    }

    /// A builder for a sender to `url`.
    pub fn builder(url: &str) -> SenderBuilder {
        SenderBuilder { url: url.to_owned(), http: None, signer: Arc::new(Unsigned), timeout: None, backoff: None }
    }

    /// The subscriber's URL.
    pub fn base_url(&self) -> &str {
        &self.inner.url
    }

    /// Signs and sends one delivery (a call the generated methods built), again as the
    /// [`Backoff`] says when it fails to arrive, and reads the whole answer.
    pub async fn execute(&self, call: Call) -> Result<RawResponse, Error> {
        let this = &*self.inner;
        let operation = call.operation;
        let mut url = format!("{}{}", this.url, call.path);
        if !call.query.as_str().is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(call.query.as_str());
        }
        let url = reqwest::Url::parse(&url).map_err(|e| Error::Url { operation, reason: e.to_string() })?;
        let body = call.body.unwrap_or_default();
        let mut headers = call.headers;
        if !body.is_empty() && !headers.contains_key(reqwest::header::CONTENT_TYPE) {
            headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let id = message_id();
        let mut attempt = 1;
        loop {
            let mut headers = headers.clone();
            // Signed on each attempt, so its timestamp is the attempt's.
            this.signer
                .sign(&mut headers, &id, &body)
                .map_err(|e| Error::Parameter { parameter: "webhook-signature", reason: e.to_string() })?;
            let mut request = this.http.request(call.method.clone(), url.clone()).headers(headers).body(body.clone());
            if let Some(t) = this.timeout {
                request = request.timeout(t);
            }
            let sent = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    response.bytes().await.map(|body| RawResponse { operation, status, headers, body })
                }
                Err(e) => Err(e),
            };
            let again = match &sent {
                Ok(raw) => {
                    raw.status.is_server_error()
                        || raw.status == StatusCode::TOO_MANY_REQUESTS
                        || raw.status == StatusCode::REQUEST_TIMEOUT
                }
                Err(_) => true,
            };
            match this.backoff.and_then(|b| b.delay(attempt)).filter(|_| again) {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return sent.map_err(|e| Error::Transport { operation, source: e.without_url() }),
            }
        }
    }
}

/// A message id unique to this process's deliveries: `msg_`, the time in nanoseconds,
/// the process id and a counter, in hexadecimal.
fn message_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("msg_{nanos:x}{:x}{:x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

impl SenderBuilder {
    /// Signs every delivery with `signer` ([`StandardWebhooks`](super::StandardWebhooks), or a provider's scheme).
    pub fn signer(mut self, signer: impl Sign) -> Self {
        self.signer = Arc::new(signer);
        self
    }

    /// The longest a delivery may take, answer included; past it the attempt fails.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries failed deliveries (see [`Backoff`]); none unless set.
    pub fn retry(mut self, backoff: Backoff) -> Self {
        self.backoff = Some(backoff);
        self
    }

    /// Sends with this `reqwest::Client` (its connection pool, TLS and proxies).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    pub fn build(self) -> Result<Sender, Error> {
        let parsed =
            reqwest::Url::parse(&self.url).map_err(|e| Error::BaseUrl { url: String::new(), reason: e.to_string() })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::BaseUrl { url: String::new(), reason: "the scheme is not http or https".to_owned() });
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                install_ring_provider();
                let agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
                reqwest::Client::builder()
                    .user_agent(agent)
                    .build()
                    .map_err(|source| Error::Transport { operation: "build", source: source.without_url() })?
            }
        };
        // The URL as the subscriber registered it: its path is the receiver's route.
        let inner =
            SenderInner { url: self.url, http, signer: self.signer, timeout: self.timeout, backoff: self.backoff };
        Ok(Sender { inner: Arc::new(inner) })
    }
}

/// With feature `rustls-ring`, reqwest's rustls has no crypto provider of its own and would
/// panic building a client: install ring as the process's default unless one is chosen
/// (as the client's runtime does; its function is private to it, and GitLab's crate,
/// which has no webhooks, keeps its runtime as it is).
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
    fn backoff_doubles_within_bounds() {
        let b = Backoff { max_attempts: 5, initial: Duration::from_secs(1), max_delay: Duration::from_secs(5) };
        let waits: Vec<_> = (1..=5).map(|a| b.delay(a)).collect();
        let s = |n| Some(Duration::from_secs(n));
        assert_eq!(waits, [s(1), s(2), s(4), s(5), None]);
        assert_eq!(Backoff::new(1).delay(1), None);
    }
}
