//! Sequential media types: a response that is a stream of items, each decoded as it
//! arrives. Server-Sent Events, JSON Lines and JSON text sequences are told by their media
//! type; the content's `schema` describes one item (for events, each event's `data`), as
//! 3.0 and 3.1 specs write it and as 3.2's `itemSchema` says outright (the version gate
//! rewrites `itemSchema` to it). Only responses stream: a request body of one of these
//! types is read as before (text or bytes).

use crate::ir::{Body, Framing, Media, Status, TypeRef};

/// The framing of a sequential media type, by its essence (`charset` and other parameters
/// ignored); `None` for any other.
pub(super) fn sequential(content_type: &str) -> Option<Framing> {
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

/// The event data that ends a stream of events cleanly (OpenAI's `[DONE]`): the media
/// type's `x-stream-sentinel`, a string.
pub(super) fn sentinel(entry: &openapiv3::MediaType) -> Option<String> {
    entry.extensions.get("x-stream-sentinel").and_then(|v| v.as_str()).map(str::to_owned)
}

/// Makes a response's sequential bodies ones that stream, or else what they were before
/// streams were read, returning the warning that says so. The client tells a stream from
/// the response's status before reading its body, so a `default` response (whatever no
/// other status is) does not stream; nor, yet, does a stream offered beside other
/// representations, which is left out while they are offered.
pub(super) fn settle(status: Status, bodies: &mut Vec<Body>) -> Option<String> {
    let is_stream = |b: &Body| matches!(b.media, Media::Sequence(_));
    let streams: Vec<String> =
        bodies.iter().filter(|b| is_stream(b)).map(|b| format!("`{}`", b.content_type)).collect();
    if streams.is_empty() {
        return None;
    }
    let streams = streams.join(", ");
    if bodies.iter().any(|b| !is_stream(b)) {
        bodies.retain(|b| !is_stream(b));
        let offered = &bodies[0].content_type;
        return Some(format!(
            "a stream offered beside other representations is not supported yet; {streams} is not offered, \
             `{offered}` is"
        ));
    }
    if status == Status::Default {
        for b in bodies.iter_mut() {
            b.media = if b.media == Media::Sequence(Framing::Events) { Media::Text } else { Media::Binary };
            b.ty = TypeRef::String;
            b.sentinel = None;
        }
        return Some(format!(
            "a `default` response cannot be a stream (only a declared status or range can); {streams} is read \
             whole, as text or bytes"
        ));
    }
    None
}
