//! Request bodies and responses: presence, statuses, media types, and the schema under
//! each media type both documents have.

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Response, StatusCode};

use super::model::{self, Rule, Spec};
use super::pair::{Op, Sink};
use super::resolve;
use super::schemas::{At, Place, Schemas};
use crate::diagnostics::push_pointer;

pub(crate) fn compare_request_bodies<'a>(schemas: &mut Schemas<'a>, old: &Op<'a>, new: &Op<'a>, sink: &mut Sink<'_>) {
    let (old_doc, new_doc) = (schemas.old_doc(), schemas.new_doc());
    let body = |doc: &'a OpenAPI, op: &Op<'a>| {
        let at = push_pointer(&op.pointer, "requestBody");
        op.operation
            .request_body
            .as_ref()
            .and_then(|b| resolve::resolve(doc, "requestBodies", |c| &c.request_bodies, b, at))
    };
    match (body(old_doc, old), body(new_doc, new)) {
        (None, None) => {}
        (None, Some(n)) => {
            let (rule, which) = if n.item.required {
                (&model::NEW_REQUIRED_REQUEST_BODY, "required")
            } else {
                (&model::NEW_OPTIONAL_REQUEST_BODY, "optional")
            };
            sink.push(rule, Spec::New, n.pointer, format!("{which} request body was added"));
        }
        (Some(o), None) => {
            sink.push(&model::REQUEST_BODY_REMOVED, Spec::Old, o.pointer, "the request body was removed".into());
        }
        (Some(o), Some(n)) => {
            match (o.item.required, n.item.required) {
                (false, true) => {
                    let message = "the request body became required".into();
                    sink.push(&model::REQUEST_BODY_BECAME_REQUIRED, Spec::New, n.pointer.clone(), message);
                }
                (true, false) => {
                    let message = "the request body became optional".into();
                    sink.push(&model::REQUEST_BODY_BECAME_OPTIONAL, Spec::New, n.pointer.clone(), message);
                }
                _ => {}
            }
            let mut media = Media {
                place: Place::Request,
                what: "the request body".into(),
                added: &model::REQUEST_MEDIA_TYPE_ADDED,
                removed: &model::REQUEST_MEDIA_TYPE_REMOVED,
                reframed: Vec::new(),
            };
            media.reframed = media.framing(&o.item.content, &n.item.content, &n.pointer, sink);
            media.compare(schemas, (&o.item.content, &o.pointer), (&n.item.content, &n.pointer), sink);
        }
    }
}

/// A response's key as written (`200`, `4XX`, `default`), and whether it is a success.
fn status(code: Option<&StatusCode>) -> (String, bool) {
    match code {
        Some(c @ StatusCode::Code(n)) => (c.to_string(), (200..300).contains(n)),
        Some(c @ StatusCode::Range(n)) => (c.to_string(), *n == 2),
        None => ("default".into(), false),
    }
}

/// An operation's responses: key, success, pointer of the entry, and the resolved response.
fn responses<'a>(doc: &'a OpenAPI, op: &Op<'a>) -> Vec<(String, bool, String, Option<resolve::Found<'a, Response>>)> {
    let at = push_pointer(&op.pointer, "responses");
    let declared = op.operation.responses.responses.iter().map(|(c, r)| (Some(c), r));
    let default = op.operation.responses.default.iter().map(|r| (None, r));
    declared
        .chain(default)
        .map(|(code, r): (Option<&StatusCode>, &'a ReferenceOr<Response>)| {
            let (key, success) = status(code);
            let listed = push_pointer(&at, &key);
            let found = resolve::resolve(doc, "responses", |c| &c.responses, r, listed.clone());
            (key, success, listed, found)
        })
        .collect()
}

pub(crate) fn compare_responses<'a>(schemas: &mut Schemas<'a>, old: &Op<'a>, new: &Op<'a>, sink: &mut Sink<'_>) {
    let olds = responses(schemas.old_doc(), old);
    let news = responses(schemas.new_doc(), new);
    let removed: Vec<_> = olds.iter().filter(|o| !news.iter().any(|n| n.0 == o.0)).collect();
    let added: Vec<_> = news.iter().filter(|n| !olds.iter().any(|o| o.0 == n.0)).collect();
    let removed_successes: Vec<_> = removed.iter().filter(|r| r.1).collect();
    let added_successes: Vec<_> = added.iter().filter(|a| a.1).collect();
    // One success status replaced by another is one change (a renamed variant), and its
    // body is compared as if the status had stayed.
    let replaced = match (removed_successes.as_slice(), added_successes.as_slice()) {
        ([o], [n]) => Some((**o, **n)),
        _ => None,
    };
    for r in &removed {
        if replaced.is_some_and(|(o, _)| o.0 == r.0) {
            continue;
        }
        let (rule, which) = if r.1 {
            (&model::SUCCESS_STATUS_REMOVED, "success")
        } else {
            (&model::NON_SUCCESS_STATUS_REMOVED, "error")
        };
        sink.push(rule, Spec::Old, r.2.clone(), format!("{which} status {} was removed", r.0));
    }
    for a in &added {
        if let Some((o, n)) = replaced.filter(|(_, n)| n.0 == a.0) {
            let message = format!("the success status changed from {} to {}", o.0, n.0);
            sink.push(&model::SUCCESS_STATUS_CHANGED, Spec::New, n.2.clone(), message);
            compare_one(schemas, o, n, sink);
            continue;
        }
        let (rule, which) =
            if a.1 { (&model::SUCCESS_STATUS_ADDED, "success") } else { (&model::NON_SUCCESS_STATUS_ADDED, "error") };
        sink.push(rule, Spec::New, a.2.clone(), format!("{which} status {} was added", a.0));
    }
    for n in &news {
        if let Some(o) = olds.iter().find(|o| o.0 == n.0) {
            compare_one(schemas, o, n, sink);
        }
    }
}

type Entry<'a> = (String, bool, String, Option<resolve::Found<'a, Response>>);

fn compare_one<'a>(schemas: &mut Schemas<'a>, old: &Entry<'a>, new: &Entry<'a>, sink: &mut Sink<'_>) {
    let (Some(o), Some(n)) = (&old.3, &new.3) else { return };
    let mut media = Media {
        place: Place::Response,
        what: format!("the {} response", new.0),
        added: &model::RESPONSE_MEDIA_TYPE_ADDED,
        removed: &model::RESPONSE_MEDIA_TYPE_REMOVED,
        reframed: Vec::new(),
    };
    media.reframed = media.framing(&o.item.content, &n.item.content, &n.pointer, sink);
    media.compare(schemas, (&o.item.content, &o.pointer), (&n.item.content, &n.pointer), sink);
}

/// Compares the `content` of a request body or a response.
#[derive(Debug)]
struct Media {
    place: Place,
    /// `the request body`, `the 200 response`.
    what: String,
    added: &'static Rule,
    removed: &'static Rule,
    /// The media types [`Media::framing`] reported in a change of its own (a body that
    /// became a stream, a stream offered beside it), which are not listed again as added
    /// or removed.
    reframed: Vec<String>,
}

/// The media types of a `content` that stream (SSE, JSON Lines, JSON sequences), and
/// those that do not. A request body streams as lowering reads it (`lower/stream.rs`):
/// JSON Lines or a JSON sequence as its one media type; otherwise it is read whole.
fn split_streams(content: &IndexMap<String, MediaType>, request: bool) -> (Vec<&str>, Vec<&str>) {
    use crate::ir::Framing;
    if request {
        let keys = content.keys().map(String::as_str);
        let streams =
            content.len() == 1 && content.keys().all(|m| Framing::of(m).is_some_and(|f| f != Framing::Events));
        return if streams { (keys.collect(), Vec::new()) } else { (Vec::new(), keys.collect()) };
    }
    content.keys().map(String::as_str).partition(|m| Framing::of(m).is_some())
}

impl Media {
    /// Reports a body that changed between one value and a stream of items (a JSON
    /// response that now answers `text/event-stream`), which changes the Rust type it
    /// is carried in, and a stream offered beside a body that stays. Returns the media
    /// types those changes account for, which are not listed one by one.
    fn framing(
        &self,
        old: &IndexMap<String, MediaType>,
        new: &IndexMap<String, MediaType>,
        new_at: &str,
        sink: &mut Sink<'_>,
    ) -> Vec<String> {
        let request = self.place == Place::Request;
        let ((old_streams, old_whole), (new_streams, new_whole)) =
            (split_streams(old, request), split_streams(new, request));
        let list = |media: &[&str]| media.join(", ");
        let at = push_pointer(new_at, "content");
        let (rule, message) = match (old_streams.is_empty(), new_streams.is_empty()) {
            (true, false) if !old_whole.is_empty() && new_whole.is_empty() => {
                let message = format!(
                    "{} became a stream of items ({}) where it was one body ({}): its type is a stream now",
                    self.what,
                    list(&new_streams),
                    list(&old_whole)
                );
                let rule =
                    if request { &model::REQUEST_BODY_STREAMING_CHANGED } else { &model::RESPONSE_BECAME_STREAM };
                (rule, message)
            }
            (false, true) if old_whole.is_empty() && !new_whole.is_empty() => {
                let message = format!(
                    "{} is one body ({}) where it was a stream of items ({}): its type is no longer a stream",
                    self.what,
                    list(&new_whole),
                    list(&old_streams)
                );
                let rule =
                    if request { &model::REQUEST_BODY_STREAMING_CHANGED } else { &model::RESPONSE_STOPPED_STREAMING };
                (rule, message)
            }
            (true, false) if !request && !new_whole.is_empty() => {
                let message = format!(
                    "{} may stream now ({}) beside its body ({}): the response has a stream variant more",
                    self.what,
                    list(&new_streams),
                    list(&new_whole)
                );
                sink.push(&model::RESPONSE_STREAM_ADDED, Spec::New, push_pointer(&at, new_streams[0]), message);
                return new_streams.iter().map(|m| (*m).to_string()).collect();
            }
            _ => return Vec::new(),
        };
        sink.push(rule, Spec::New, at, message);
        old.keys().chain(new.keys()).filter(|m| !(old.contains_key(*m) && new.contains_key(*m))).cloned().collect()
    }

    fn compare<'a>(
        &self,
        schemas: &mut Schemas<'a>,
        (old, old_at): (&'a IndexMap<String, MediaType>, &str),
        (new, new_at): (&'a IndexMap<String, MediaType>, &str),
        sink: &mut Sink<'_>,
    ) {
        let old_at = push_pointer(old_at, "content");
        let new_at = push_pointer(new_at, "content");
        for media in old.keys().filter(|m| !new.contains_key(*m) && !self.reframed.contains(*m)) {
            let message = format!("media type {media} was removed from {}", self.what);
            sink.push(self.removed, Spec::Old, push_pointer(&old_at, media), message);
        }
        for (media, n) in new {
            let media_at = push_pointer(&new_at, media);
            let Some(o) = old.get(media) else {
                if !self.reframed.contains(media) {
                    let message = format!("media type {media} was added to {}", self.what);
                    sink.push(self.added, Spec::New, media_at, message);
                }
                continue;
            };
            let old_schema = o.schema.as_ref().and_then(|s| {
                resolve::schema(schemas.old_doc(), s, push_pointer(&push_pointer(&old_at, media), "schema"))
            });
            let new_schema = n
                .schema
                .as_ref()
                .and_then(|s| resolve::schema(schemas.new_doc(), s, push_pointer(&media_at, "schema")));
            if let (Some(os), Some(ns)) = (old_schema, new_schema) {
                let found =
                    schemas.compare(&os, &ns, At { place: self.place, in_property: false, label: "", depth: 0 });
                // A stream's schema is one item's (3.2's `itemSchema`), or each event's data.
                let place = match crate::ir::Framing::of(media) {
                    Some(_) => format!("each item of {} ({media})", self.what),
                    None => format!("{} ({media})", self.what),
                };
                sink.findings(found, &place);
            }
            if self.place == Place::Request && media.to_ascii_lowercase().starts_with("multipart/") {
                super::parts::compare(o, n, (media, &media_at), &self.what, sink);
            }
        }
    }
}
