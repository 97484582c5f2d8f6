//! What came back: the whole response before it is matched against the operation's
//! declared statuses ([`RawResponse`]), and a decoded one with its status and headers
//! ([`Response`]).

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::{Error, ErrorResponse, without_values};
use super::retry::retry_after;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &'static str) -> RawResponse {
        RawResponse {
            operation: "op",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
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
}
