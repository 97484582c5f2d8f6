//! A request the router refuses: where the fault was ([`Location`]), what it was
//! ([`Problem`]), and the answer, in the shape the spec declares for it when it declares one
//! ([`RejectionShape`]), else `{"message"}` JSON.

use std::fmt;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::responses::json_response;

/// Where in a request a value was, as OpenAPI's `in` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    Body,
}

impl Location {
    /// `path`, `query`, `header`, `cookie` or `body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
            Self::Body => "body",
        }
    }
}

/// What was wrong with a request value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("is missing")]
    Missing,
    #[error("is given more than once")]
    Repeated,
    #[error("has a malformed percent-encoding (`%` must start `%XX`, XX hexadecimal)")]
    MalformedEscape,
    #[error("is not valid UTF-8")]
    NotUtf8,
    #[error("is invalid: {0}")]
    Invalid(String),
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("is `{0}`, but the body must be JSON")]
    NotJson(String),
    #[error("is `{0}`, but the body must be one of: {1}")]
    Unsupported(String, String),
    /// Breaks one of the schema's constraints: the keyword (`maxLength`) and how.
    #[error("{reason} (`{constraint}`)")]
    Constraint { constraint: &'static str, reason: String },
}

/// A request the router refuses before it reaches the implementation.
///
/// Its response is JSON of one shape whatever went wrong, naming the value and where it
/// was: ``{"message": "400 Bad Request - query parameter `scopes` is invalid: …",
/// "parameter": "scopes", "in": "query"}``. For a body, `parameter` is the JSON path of the
/// failure (`.` for the whole body). The status is 400, except 413 and 415 for a body that
/// is too large or not JSON.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Rejection {
    status: StatusCode,
    location: Location,
    parameter: String,
    problem: Problem,
}

impl Rejection {
    /// A 400 for the value `parameter` in `location`.
    pub fn new(location: Location, parameter: &str, problem: Problem) -> Self {
        Self { status: StatusCode::BAD_REQUEST, location, parameter: parameter.to_owned(), problem }
    }

    /// The same with another status (413, 415).
    pub fn with_status(status: StatusCode, location: Location, parameter: &str, problem: Problem) -> Self {
        Self { status, ..Self::new(location, parameter, problem) }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn location(&self) -> Location {
        self.location
    }

    /// The parameter's name as on the wire, or a JSON path into the body.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Location::Body if self.parameter == "." => write!(f, "request body {}", self.problem),
            Location::Body => write!(f, "request body at `{}` {}", self.parameter, self.problem),
            other => write!(f, "{} parameter `{}` {}", other.as_str(), self.parameter, self.problem),
        }
    }
}

/// A body value that breaks one of the spec's constraints, found by the same checks the
/// client runs before sending (`crate::constraints`): a 400 at the value's JSON path in
/// the body (`name.first`; `.` for the body itself), naming the keyword.
impl From<crate::ConstraintError> for Rejection {
    fn from(e: crate::ConstraintError) -> Self {
        let path = e.target();
        let path = path.strip_prefix("body").map_or(path, |rest| rest.strip_prefix('.').unwrap_or(rest));
        let path = if path.is_empty() { "." } else { path };
        let problem = Problem::Constraint { constraint: e.constraint(), reason: e.reason().to_owned() };
        Self::new(Location::Body, path, problem)
    }
}

impl Rejection {
    /// A parameter in `location` that breaks one of its schema's constraints, found by the
    /// same checks the client runs before sending (an item of a list parameter is
    /// `name[i]`): a 400 naming it and the keyword.
    pub fn broken(location: Location, e: crate::ConstraintError) -> Self {
        let problem = Problem::Constraint { constraint: e.constraint(), reason: e.reason().to_owned() };
        Self::new(location, e.target(), problem)
    }
}

impl Rejection {
    /// A 401 for an operation none of whose security requirements the request's
    /// credentials meet; `parameter` is where the first one goes.
    pub fn unauthenticated(location: Location, parameter: &str) -> Self {
        Self::with_status(StatusCode::UNAUTHORIZED, location, parameter, Problem::Missing)
    }

    /// The response: in the shape the spec declares for its status, when `shapes` has
    /// one, else the runtime's own JSON (see [`Rejection`]).
    pub fn answer(self, shapes: &[RejectionShape]) -> Response {
        match shapes.iter().find(|s| s.status == self.status.as_u16()) {
            Some(shape) => shape.answer(&self),
            None => self.into_response(),
        }
    }
}

/// How an operation words a rejection of one status in the body of a response its spec
/// declares for it (`400`, else `4XX`, else `default`): a value that validates against
/// the declared schema, with the message written into the string that carries it and the
/// status into the integer that does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RejectionShape {
    /// The rejection's status.
    pub status: u16,
    /// The declared media type: JSON, or text, whose body is the message alone.
    pub content_type: &'static str,
    /// The body as JSON text, before the message and status are written in.
    pub template: &'static str,
    /// The JSON pointer of the message's string, if the schema has one.
    pub message: Option<&'static str>,
    /// The most characters that string may hold.
    pub message_max: Option<usize>,
    /// The JSON pointer of the status's integer, if the schema has one.
    pub code: Option<&'static str>,
}

impl RejectionShape {
    fn answer(&self, rejection: &Rejection) -> Response {
        let Ok(mut body) = serde_json::from_str::<serde_json::Value>(self.template) else {
            tracing::error!("a rejection's template is not JSON");
            return rejection.clone().into_response();
        };
        if let Some(at) = self.message.and_then(|p| body.pointer_mut(p)) {
            let text = format!("{} - {rejection}", status_line(rejection.status));
            let text = match self.message_max {
                Some(max) if text.chars().count() > max => text.chars().take(max).collect(),
                _ => text,
            };
            *at = serde_json::Value::String(text);
        }
        if let Some(at) = self.code.and_then(|p| body.pointer_mut(p)) {
            *at = serde_json::Value::from(rejection.status.as_u16());
        }
        let content_type =
            HeaderValue::from_str(self.content_type).unwrap_or_else(|_| HeaderValue::from_static("application/json"));
        // A response declared as text is the message itself, not a JSON string.
        let essence = self.content_type.split(';').next().unwrap_or_default().trim();
        let body = match body {
            serde_json::Value::String(text) if !(essence.ends_with("/json") || essence.ends_with("+json")) => text,
            body => body.to_string(),
        };
        (rejection.status, [(header::CONTENT_TYPE, content_type)], body).into_response()
    }
}

/// The JSON of a rejection: a `message`, and the value it is about.
#[derive(serde::Serialize)]
struct RejectionBody<'a> {
    message: String,
    parameter: &'a str,
    #[serde(rename = "in")]
    location: &'static str,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let body = RejectionBody {
            message: format!("{} - {self}", status_line(self.status)),
            parameter: &self.parameter,
            location: self.location.as_str(),
        };
        json_response(self.status.as_u16(), &body)
    }
}

/// `404 Not Found`: a status and its reason, with which every message here begins.
pub(super) fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}
