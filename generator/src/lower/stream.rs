//! Sequential media types: a response that is a stream of items, each decoded as it
//! arrives. Server-Sent Events, JSON Lines and JSON text sequences are told by their media
//! type; the content's `schema` describes one item (for events, each event's `data`), as
//! 3.0 and 3.1 specs write it and as 3.2's `itemSchema` says outright (the version gate
//! rewrites `itemSchema` to it). A request body of JSON Lines or a JSON text sequence
//! streams too when it is the body's one media type (see `request_reading`).

use super::Lowerer;
use crate::ir::{self, Body, Framing, Media, ResponseHeader, Status, TypeKind, TypeRef};
use crate::naming::Namespace;

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
/// client tells a stream by the response's status (and, beside JSON, its `Content-Type`)
/// before reading its body, so a `default` response (whatever no other status is) does
/// not stream, and is read whole. A stream may be offered beside JSON (OpenAI's chat
/// completion answers either, by the request's `stream`), not yet beside other media or
/// other streams: it is then left out while they are offered (settled before its schema
/// is lowered, so it makes no type).
pub(super) fn reading(
    status: Option<Status>,
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    content_type: &str,
) -> Reading {
    let Some(framing) = sequential(content_type) else { return Reading::Whole(None) };
    let Some(status) = status else { return request_reading(content, content_type, framing) };
    let others: Vec<&String> = content.keys().filter(|k| sequential(k).is_none()).collect();
    let streams = content.keys().filter(|k| sequential(k).is_some()).count();
    let beside_json = others.iter().all(|k| json(k));
    if !others.is_empty() && (streams > 1 || !beside_json) {
        return Reading::LeftOut(format!(
            "a stream is offered beside JSON alone (and one stream at most); `{content_type}` is not offered, `{}` is",
            others[0]
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

/// How a request body's entry is read: JSON Lines and JSON text sequences stream when they
/// are the body's one media type (the client sends a stream of items, the server hands the
/// implementation one); beside other media, and events (which no client sends), they are
/// read whole, as text or bytes.
fn request_reading(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    content_type: &str,
    framing: Framing,
) -> Reading {
    if framing == Framing::Events {
        return Reading::Whole(None);
    }
    if content.len() > 1 {
        return Reading::Whole(Some(format!(
            "a request body streams only when it has one media type; `{content_type}` is read whole as bytes"
        )));
    }
    Reading::Stream(framing)
}

/// A response's bodies without the stream offered beside them, if any, and that stream.
pub(super) fn beside(mut bodies: Vec<Body>) -> (Vec<Body>, Option<Body>) {
    let is_stream = |b: &Body| matches!(b.media, Media::Sequence(_));
    match bodies.iter().position(is_stream) {
        Some(i) if bodies.len() > 1 => {
            let stream = bodies.remove(i);
            (bodies, Some(stream))
        }
        _ => (bodies, None),
    }
}

/// The variant of a stream offered beside JSON (`OkStream` beside `Ok`), and the name of
/// its headers' struct, which it shares with the JSON variant's (it is the same response).
pub(super) fn variant(
    variants: &mut Namespace,
    json_variant: &str,
    prefix: &str,
    headers: &[ResponseHeader],
) -> (String, Option<String>) {
    let variant = variants.claim(&format!("{json_variant}Stream"));
    let headers_type = (!headers.is_empty()).then(|| format!("{prefix}{json_variant}Headers"));
    (variant, headers_type)
}

/// Whether a media type is JSON, as `media::classify` says (`application/json`, `…+json`);
/// asked here without importing `media.rs`, which imports this room.
fn json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence.ends_with("/json") || essence.ends_with("+json")
}

/// The body property that asks for the stream offered beside JSON, by the name OpenAI and
/// the gateways that copy it use.
const FLAG: &str = "stream";

impl Lowerer<'_> {
    /// A webhook's or callback's answer is read whole by the sender that delivered it, so
    /// its streams are not streams: one offered beside JSON is left out, and one alone is
    /// read whole as text (events) or bytes, each with a warning.
    pub(super) fn unstream(&mut self, op: &mut ir::Operation, op_ptr: &str) {
        let is_stream = |b: &Body| matches!(b.media, Media::Sequence(_));
        let statuses: Vec<Status> = op.responses.iter().map(|r| r.status).collect();
        let shared = |s: Status| statuses.iter().filter(|&&t| t == s).count() > 1;
        let before = op.responses.len();
        op.responses.retain(|r| !(r.bodies.iter().any(is_stream) && shared(r.status)));
        let mut read_whole = false;
        for b in op.responses.iter_mut().flat_map(|r| &mut r.bodies).filter(|b| is_stream(b)) {
            b.media = if b.media == Media::Sequence(Framing::Events) { Media::Text } else { Media::Binary };
            b.ty = TypeRef::String;
            b.sentinel = None;
            read_whole = true;
        }
        let request = op.body.iter_mut().flat_map(|b| &mut b.bodies).filter(|b| is_stream(b));
        for b in request {
            b.media = Media::Binary;
            b.ty = TypeRef::String;
            read_whole = true;
        }
        if before != op.responses.len() || read_whole {
            let message = "the sender of a webhook or callback sends its body and reads its answer whole: a \
                           stream offered beside JSON is left out, and one alone is read as text or bytes";
            self.warn(&format!("{op_ptr}/responses"), message);
            op.mock = super::mock::settle_default(&mut op.responses);
        }
    }

    /// The JSON body's boolean `stream` field of an operation one of whose responses offers
    /// a stream beside JSON: setting it is how a caller asks for the stream.
    pub(super) fn stream_flag(&self, op: &ir::Operation) -> Option<ir::StreamFlag> {
        let streams_beside = op.responses.iter().any(|r| {
            r.bodies.iter().any(|b| matches!(b.media, Media::Sequence(_)))
                && op.responses.iter().filter(|o| o.status == r.status).count() > 1
        });
        let body = op.body.as_ref().filter(|_| streams_beside)?.primary();
        if body.media != Media::Json {
            return None;
        }
        let TypeRef::Named(id) = self.resolve_aliases(&body.ty) else { return None };
        let TypeKind::Struct(s) = &self.candidates[id.index()].kind else { return None };
        let field = s.fields.iter().find(|f| f.wire_name == FLAG && f.ty == TypeRef::Boolean && !f.nullable)?;
        Some(ir::StreamFlag { field: field.name.clone(), required: field.required })
    }
}
