//! Sequential media types: a response that is a stream of items, each decoded as it
//! arrives. Server-Sent Events, JSON Lines and JSON text sequences are told by their media
//! type; the content's `schema` describes one item (for events, each event's `data`), as
//! 3.0 and 3.1 specs write it and as 3.2's `itemSchema` says outright (the version gate
//! rewrites `itemSchema` to it). Only responses stream: a request body of one of these
//! types is read as before (text or bytes).

use crate::ir::{Framing, Status};

/// The framing of a sequential media type; `None` for any other.
pub(super) fn sequential(content_type: &str) -> Option<Framing> {
    Framing::of(content_type)
}

/// The event data that ends a stream of events cleanly (OpenAI's `[DONE]`): the media
/// type's `x-stream-sentinel`, a string.
pub(super) fn sentinel(entry: &openapiv3::MediaType) -> Option<String> {
    entry.extensions.get("x-stream-sentinel").and_then(|v| v.as_str()).map(str::to_owned)
}

/// How a content map's entry is read, as far as streams go.
pub(super) enum Reading {
    /// As a stream of items of this framing.
    Stream(Framing),
    /// As any other body (request bodies of sequential types are bytes or text, as before
    /// streams were read), after the warning, if any, is reported.
    Whole(Option<String>),
    /// Not at all: left out, with this warning.
    LeftOut(String),
}

/// How a content map's entry is read: a response's sequential media type streams. The
/// client tells a stream by the response's status before reading its body, so a
/// `default` response (whatever no other status is) does not stream, and is read whole;
/// nor, yet, does a stream offered beside other representations, which is left out while
/// they are offered (settled before its schema is lowered, so it makes no type).
pub(super) fn reading(
    status: Option<Status>,
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    content_type: &str,
) -> Reading {
    let (Some(status), Some(framing)) = (status, sequential(content_type)) else { return Reading::Whole(None) };
    if let Some(other) = content.keys().find(|k| sequential(k).is_none()) {
        return Reading::LeftOut(format!(
            "a stream offered beside other representations is not supported yet; `{content_type}` is not \
             offered, `{other}` is"
        ));
    }
    if status == Status::Default {
        return Reading::Whole(Some(format!(
            "a `default` response cannot be a stream (only a declared status or range can); \
             `{content_type}` is read whole"
        )));
    }
    Reading::Stream(framing)
}
