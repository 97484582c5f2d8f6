//! Answers: JSON and bodiless responses, response headers, the 404/405/500 the router gives
//! by itself, and the operation each response is tagged with ([`OperationId`]).

use std::fmt;

use axum::http::header::{HeaderName, InvalidHeaderValue};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::rejection::{Rejection, status_line};
use super::request::strictly;

/// The operation that answered a request: the spec's operationId (`accessTokens_get`).
///
/// The router puts it in the extensions of every response an operation produces — its
/// declared responses, its rejections of malformed requests and its errors — so layers
/// added to the router read it with `response.extensions().get::<OperationId>()` (for
/// metrics, or to record it in a tracing span opened at request time). It is not in the
/// request extensions: layers added to the router wrap each route from outside and run
/// before the operation's code, so they would never see it there. Inside an operation,
/// logs carry it as the `operation_id` field of the `operation` span. Requests that match
/// no operation (404, 405) have none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(pub &'static str);

impl OperationId {
    /// The operationId as the spec spells it.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for OperationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A response with `body` as JSON. A status that is not a valid HTTP status, or a body
/// that cannot be serialised, is the implementation's bug: it is logged and answered 500.
pub fn json_response<T: serde::Serialize>(status: u16, body: &T) -> Response {
    let Ok(status) = StatusCode::from_u16(status) else { return invalid_status(status) };
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "a response body cannot be serialised as JSON");
            message_response(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// A response with no body.
pub fn empty_response(status: u16) -> Response {
    match StatusCode::from_u16(status) {
        Ok(status) => status.into_response(),
        Err(_) => invalid_status(status),
    }
}

/// Sets a declared response header from its value. A value a header cannot carry (a
/// newline, say) is the implementation's bug: it is logged and left out, rather than
/// failing an answer that is otherwise right.
pub fn with_header(response: &mut Response, name: HeaderName, value: Result<HeaderValue, InvalidHeaderValue>) {
    match value {
        Ok(value) => {
            response.headers_mut().insert(name, value);
        }
        Err(_) => {
            tracing::error!(header = name.as_str(), "a response header value has characters a header cannot carry")
        }
    }
}

/// [`with_header`] for a declared name that is not an HTTP token, which the generated code
/// cannot make a constant of: it is logged and left out.
pub fn with_parsed_header(response: &mut Response, name: &'static str, value: Result<HeaderValue, InvalidHeaderValue>) {
    match HeaderName::from_bytes(name.as_bytes()) {
        Ok(name) => with_header(response, name, value),
        Err(_) => tracing::error!(header = name, "a declared response header's name is not a header name"),
    }
}

/// An integer header value, written by `itoa` rather than `fmt`.
pub fn integer_header<T: Copy + Into<HeaderValue>>(value: &T) -> Result<HeaderValue, InvalidHeaderValue> {
    Ok((*value).into())
}

/// A text header value.
pub fn text_header(value: &str) -> Result<HeaderValue, InvalidHeaderValue> {
    HeaderValue::from_str(value)
}

/// A header value written by its `Display` (a number, a boolean, a date, an enum).
pub fn display_header(value: &dyn fmt::Display) -> Result<HeaderValue, InvalidHeaderValue> {
    HeaderValue::try_from(value.to_string())
}

/// A JSON response for a variant that covers a range (`4XX` is range 4) and carries the
/// status the implementation chose; one outside the range is logged and answered 500.
pub fn ranged_json_response<T: serde::Serialize>(status: u16, range: u16, body: &T) -> Response {
    if status / 100 == range { json_response(status, body) } else { invalid_status(status) }
}

/// [`ranged_json_response`] for a variant with no body.
pub fn ranged_empty_response(status: u16, range: u16) -> Response {
    if status / 100 == range { empty_response(status) } else { invalid_status(status) }
}

fn invalid_status(status: u16) -> Response {
    tracing::error!(status, "a response has a status that is not valid for it");
    message_response(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A bare error: `{"message": "404 Not Found"}`.
pub fn message_response(status: StatusCode) -> Response {
    json_response(status.as_u16(), &crate::ErrorMessage::new(status_line(status)))
}

/// The router's fallback for paths the spec does not have.
pub async fn not_found() -> Response {
    message_response(StatusCode::NOT_FOUND)
}

/// The fallback for a path the spec has, with a method it does not (axum adds `Allow`).
pub async fn method_not_allowed() -> Response {
    message_response(StatusCode::METHOD_NOT_ALLOWED)
}

/// The 405 of a path that has operations of methods axum cannot route (`QUERY`), whose
/// `Allow` the generated fallback names, since axum's names only the methods it routed.
pub fn method_not_allowed_but(allow: &'static str) -> Response {
    let mut response = message_response(StatusCode::METHOD_NOT_ALLOWED);
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// The default answer to an error an operation returned: logged with `tracing::error!`,
/// then `500 {"message":"500 Internal Server Error"}`. The error's text is not sent, since
/// it may hold internals a client has no business seeing.
pub fn internal_error(operation: OperationId, error: &dyn fmt::Display) -> Response {
    tracing::error!(operation_id = operation.as_str(), %error, "operation failed");
    message_response(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Serves one operation, what every generated handler does around its own reader and
/// `Api` method: reads the request strictly (`read`, under [`strictly`]), calls the
/// implementation (`call`) inside the `operation` span, and answers with its response, its
/// error ([`Api::error_response`](crate::server::Api::error_response)) or the reading's
/// rejection ([`Api::rejection_response`](crate::server::Api::rejection_response)), tagged
/// with `operation`. One generic function instead of the same body emitted per operation.
pub async fn serve<A, R, T, C>(
    api: &A,
    operation: OperationId,
    read: impl Future<Output = Result<(R, crate::server::Credentials), Rejection>>,
    call: impl FnOnce(R, crate::server::Credentials) -> C,
) -> Response
where
    A: crate::server::Api,
    C: Future<Output = Result<T, A::Error>>,
    T: IntoResponse,
{
    let response = match strictly(read).await {
        Ok((request, credentials)) => {
            let span = tracing::info_span!("operation", operation_id = operation.as_str());
            match tracing::Instrument::instrument(call(request, credentials), span).await {
                Ok(response) => response.into_response(),
                Err(error) => api.error_response(operation, error),
            }
        }
        Err(rejection) => api.rejection_response(operation, rejection),
    };
    tagged(operation, response)
}

/// Tags a response with the operation that produced it.
pub fn tagged(operation: OperationId, mut response: Response) -> Response {
    response.extensions_mut().insert(operation);
    response
}

/// The status a request asks a mock to answer with, as Prism reads it:
/// `Prefer: code=404` (among other preferences, `code=404, example=name`). `None` when
/// there is none, or it is not a status.
pub fn preferred_code(headers: &HeaderMap) -> Option<u16> {
    let text = headers.get("prefer")?.to_str().ok()?;
    text.split([',', ';'])
        .filter_map(|p| p.trim().strip_prefix("code="))
        .find_map(|code| code.trim().trim_matches('"').parse::<u16>().ok().filter(|c| (100..=599).contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_an_implementation_chose_are_checked() {
        let body = crate::ErrorMessage::new("x");
        assert_eq!(ranged_json_response(404, 4, &body).status(), StatusCode::NOT_FOUND);
        assert_eq!(ranged_json_response(200, 4, &body).status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(ranged_empty_response(503, 5).status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(json_response(1000, &body).status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(empty_response(42).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
