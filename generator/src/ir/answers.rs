//! The IR's shapes of what the generated server answers by itself, beside what an
//! implementation returns: the 401 of missing credentials ([`Guard`]), rejections in the
//! spec's own error schemas ([`RejectionShape`]), and the mock's values ([`MockAnswer`]).
//! Lowering decides them (`lower/security.rs`, `lower/rejections.rs`, `lower/mock.rs`);
//! the server and mock emitters print them.

use serde::Serialize;

use super::ParamLocation;

/// The credentials an operation needs present: a request none of whose alternatives is
/// met is answered 401 before the implementation sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Guard {
    /// Alternatives, any one of which suffices; each needs all of its
    /// [`Credentials`](super::SecurityScheme::ident) fields present.
    pub alternatives: Vec<Vec<String>>,
    /// Where the rejection says the missing credential goes: the first alternative's
    /// first scheme.
    pub location: ParamLocation,
    /// Its name there (`Private-Token`, `Authorization`, `api_key`).
    pub name: String,
}

/// A rejection answered in the body of a declared response.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RejectionShape {
    /// The rejection's status (400, 401, 413 or 415).
    pub status: u16,
    /// The declared media type it is answered as: JSON, or text (the message alone).
    pub content_type: String,
    /// A body that validates against the declared schema, as JSON text: the message and
    /// the status are written into it at `message` and `code`.
    pub template: String,
    /// The JSON pointer of the string that carries the rejection's message, if any.
    pub message: Option<String>,
    /// The most characters that string may hold (its `maxLength`).
    pub message_max: Option<u64>,
    /// The JSON pointer of the integer that carries the status, if any.
    pub code: Option<String>,
}

/// A response's values as the mock answers them: the spec's example where it has one,
/// else a value synthesised from the schema that validates against it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MockAnswer {
    /// The status answered when the request prefers none: the response's code, its
    /// range's first (`4XX`: 400), or for `default` 200 when it is the operation's only
    /// success and 500 otherwise.
    pub status: u16,
    /// The first representation's value as JSON text (a JSON string for text and binary
    /// media); `None` without a body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The spec's own example for it, as JSON text, answered when it reads as the body's
    /// type (the body above otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Each header's value as JSON text, index for index with [`Response::headers`](super::Response::headers);
    /// `None` leaves an optional header out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Option<String>>,
}
