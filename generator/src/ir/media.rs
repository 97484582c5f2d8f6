//! The IR's shapes of a body on the wire: its media ([`Media`], and how a sequence of
//! items is cut apart, [`Framing`]), and one representation of it ([`Body`]) with what a
//! form or multipart body declares of its parts. Lowering decides them (`lower/media.rs`,
//! `lower/stream.rs`); every emitter reads them.

use serde::Serialize;

use super::{ParamStyle, TypeRef};

/// What a body is, on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Media {
    /// `application/json` and any `…/json` or `…+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    FormUrlEncoded,
    /// `multipart/form-data` (and other `multipart/…`).
    Multipart,
    /// Bytes: `application/octet-stream`, `image/…`, `application/pdf`, `format: binary`.
    Binary,
    /// `text/…`.
    Text,
    /// A response that is a sequence of items, each decoded as it arrives: Server-Sent
    /// Events (`text/event-stream`), JSON Lines (`application/jsonl`,
    /// `application/x-ndjson`) or JSON text sequences (`application/json-seq`). The
    /// body's `ty` is one item's (for events, their `data`'s); see [`Body::sentinel`].
    Sequence(Framing),
}

/// How a sequential body cuts its items apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Framing {
    /// Server-Sent Events: each item an event's `data`, with its `event`, `id` and `retry`.
    Events,
    /// One JSON value a line.
    JsonLines,
    /// RFC 7464: each JSON value after a record separator (`0x1E`), ended by a line feed.
    JsonSeq,
}

impl Framing {
    /// The framing of a sequential media type, by its essence (`charset` and other
    /// parameters ignored); `None` for any other. Both lowering and the 3.2 rewrite (for
    /// `itemSchema`) ask it.
    pub fn of(content_type: &str) -> Option<Framing> {
        let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/event-stream" => Some(Framing::Events),
            "application/jsonl"
            | "application/x-ndjson"
            | "application/ndjson"
            | "application/x-jsonlines"
            | "application/jsonlines" => Some(Framing::JsonLines),
            "application/json-seq" => Some(Framing::JsonSeq),
            _ => None,
        }
    }
}

/// One representation a request or response body may take.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body {
    pub media: Media,
    /// The media type as the spec writes it (`application/json`).
    pub content_type: String,
    /// The value's type for JSON, form and multipart bodies. Binary bodies are bytes and
    /// text bodies a string whatever their schema says, so for them this is
    /// [`TypeRef::String`].
    pub ty: TypeRef,
    /// Whether a JSON response's schema admits `null` (`nullable: true`, Swagger 2.0's
    /// `x-nullable: true`): the variant then carries `Option<T>`, and a client reads an
    /// empty body as `None`, as it reads `null` (AutoRest's test server answers its
    /// `getNull` scenarios with no body at all). Request bodies never set it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// How the top-level array properties of a form body are written, where that is not
    /// OpenAPI's default (repeated keys): the media type's `encoding`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encoding: Vec<FormArray>,
    /// The media types a multipart body's file parts declare (`encoding.contentType`, a
    /// list of types or ranges), by property; a file part declared nowhere here is
    /// `application/octet-stream`, OpenAPI's default for binary parts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub part_types: Vec<PartType>,
    /// For a multipart body that is an array (OpenAPI 3.2's `prefixEncoding` and
    /// `itemEncoding`), what each position's part declares: its `ty` is then a list, one
    /// part an item, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positions: Option<Positions>,
    /// For a sequence of events, the `data` that ends it cleanly instead of being an item
    /// (OpenAI's `[DONE]`), as the media type's `x-stream-sentinel` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentinel: Option<String>,
}

/// The media types a multipart body's property declares for its parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartType {
    /// The property's name on the wire.
    pub name: String,
    /// The declared types, in order (`image/png`, `image/*`); the first that is not a
    /// range is what a client sends when a file does not say.
    pub content_types: Vec<String>,
}

/// The media types a multipart array body declares for its parts, by position: each list
/// of types or ranges in order, the first that is not a range what a client sends, an
/// empty list meaning none is declared (the item type's default then: a file's own or
/// `application/octet-stream`, `text/plain` for text, `application/json` otherwise).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Positions {
    /// The first parts', one list per position (`prefixEncoding`).
    pub prefix: Vec<Vec<String>>,
    /// Every later part's (`itemEncoding`).
    pub items: Vec<String>,
}

/// A form body's array property written in a style other than repeated keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormArray {
    /// The property's name on the wire.
    pub name: String,
    /// `Form` (here: not exploded, `a=1,2`), `SpaceDelimited`, `PipeDelimited`, or
    /// `DeepObject` (indexed, `a[0]=1`, as Stripe writes arrays).
    pub style: ParamStyle,
}
