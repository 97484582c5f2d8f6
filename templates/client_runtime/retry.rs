//! Sending again after `429 Too Many Requests`, as the client's [`RetryPolicy`] allows, and
//! reading `Retry-After`.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::call::{Inner, transport};
use super::error::Error;

/// How a stream of Server-Sent Events reconnects (opt-in, through
/// [`ClientBuilder::reconnect_events`](super::ClientBuilder::reconnect_events)): at most
/// `max_attempts` times in a row without an event between them, each after the server's
/// last `retry` time or, before it sent one, `default_retry`. A server that answers `204
/// No Content` to a reconnection ends the stream, as the SSE specification says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reconnect {
    /// How many reconnections in a row may fail (or bring no event) before the stream ends.
    pub max_attempts: u32,
    /// The wait before reconnecting until the server sends a `retry` time.
    pub default_retry: Duration,
}

impl Default for Reconnect {
    /// Five attempts, three seconds apart (browsers' usual wait).
    fn default() -> Self {
        Self { max_attempts: 5, default_retry: Duration::from_secs(3) }
    }
}

/// When to send a call again after `429 Too Many Requests`: opt-in, through
/// [`ClientBuilder::retry`](super::ClientBuilder::retry). The wait is the answer's `Retry-After` (seconds, or the
/// time until its HTTP-date), or [`RetryPolicy::default_delay`] when it has none; the call is sent at most
/// `max_attempts` times in all, and never after waiting more than `max_wait` in total,
/// so a server that keeps refusing cannot hold a caller for long. When the policy gives
/// up, the call answers [`Error::RateLimited`] with the last delay the server asked for.
///
/// A call whose request body streams (JSON Lines or a JSON sequence of items) is sent
/// once whatever the policy: its items are written as they come and cannot be sent again,
/// so a `429` to it is [`Error::RateLimited`] at once.
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
        status == StatusCode::TOO_MANY_REQUESTS
            || (self.transient && matches!(status.as_u16(), 408 | 500 | 502 | 503 | 504))
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
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
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

/// Sends a request, and again after `429 Too Many Requests` (or a transient error, see
/// [`RetryPolicy::transient`]) when the client's [`RetryPolicy`] says to wait and retry.
pub(super) async fn resend_while_rate_limited(
    this: &Inner,
    operation: &'static str,
    mut request: reqwest::Request,
) -> Result<reqwest::Response, Error> {
    let mut attempts = 1;
    let mut waited = Duration::ZERO;
    loop {
        // A copy to send again after a 429, made only when a retry policy may use it:
        // most clients have none, and a call should not pay for what it cannot do. The
        // body is shared (`Bytes`), not copied; a body that streams cannot be copied
        // (`try_clone` is `None`), so its call is sent once and a 429 returned as it came. Boxed, as is the wait below, so that the
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
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
}
