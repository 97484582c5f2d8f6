//! Everything that can go wrong with a call, keeping whatever the server sent, and never
//! showing a body in `Display` or `Debug`.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

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
    /// An argument breaks one of the spec's constraints (`maxLength`, `pattern`,
    /// `minimum`, …); nothing was sent. See `ClientBuilder::client_side_validation`.
    #[error("{0}; nothing was sent")]
    Constraint(#[from] crate::ConstraintError),
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
    /// seconds, when it sent them) before calling again. See [`RetryPolicy`](super::RetryPolicy).
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
}
