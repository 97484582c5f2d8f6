//! The parts of a multipart request body: the media types each part may have, by
//! property (`encoding`) or, for a body that is an array, by position (3.2's
//! `prefixEncoding` and `itemEncoding`, kept as `x-oai-prefixEncoding` and
//! `x-oai-itemEncoding`). The generated server refuses (400) a part whose media type its
//! property or position does not declare, and accepts any when none is declared
//! (`templates/server_wire/multipart.rs`), so a narrower list breaks client users and a
//! wider one breaks no one; nothing generated changes type.

use openapiv3::MediaType;
use serde_json::Value;

use super::model::{self, Spec};
use super::pair::Sink;
use crate::diagnostics::push_pointer;
use crate::v32::{ITEM_ENCODING, PREFIX_ENCODING};

/// The media types one part may have, as declared (`image/png`, `image/*`); empty: any.
type Types = Vec<String>;

/// One part on both sides: how messages name it, where it is declared in each document,
/// and what it accepts.
struct Slot {
    /// `part `file``, `the part at position 1`, `each part after position 1`.
    label: String,
    /// Where each side declares it (`prefixEncoding 1`, `itemEncoding`, `encoding`), or
    /// `None` when nothing does.
    old_from: Option<String>,
    new_from: Option<String>,
    old: Types,
    new: Types,
    /// Where NEW declares it, else the media type.
    pointer: String,
}

/// A `contentType` as a list (`image/png, image/*`).
fn types(encoding: Option<&Value>) -> Types {
    let list = encoding.and_then(|e| e.get("contentType")).and_then(Value::as_str).unwrap_or_default();
    list.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// A media type without its parameters, lowercased, as the server compares them.
fn essence(t: &str) -> String {
    t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a part of media type (or range) `t` is accepted by `list` (empty: any).
fn accepts(list: &Types, t: &str) -> bool {
    let t = essence(t);
    list.is_empty()
        || list
            .iter()
            .map(|a| essence(a))
            .any(|a| a == t || a == "*/*" || a.strip_suffix("/*").is_some_and(|top| t.split('/').next() == Some(top)))
}

fn show(list: &Types) -> String {
    if list.is_empty() { "any media type".into() } else { list.join(", ") }
}

/// The parts of an array body, position by position, then every later one; `None` when
/// the body declares no positions (its parts are then its properties, or it is one part).
fn positional(m: &MediaType) -> Option<(Vec<&Value>, Option<&Value>)> {
    let (prefix, items) = (m.extensions.get(PREFIX_ENCODING), m.extensions.get(ITEM_ENCODING));
    if prefix.is_none() && items.is_none() {
        return None;
    }
    let prefix = prefix.and_then(Value::as_array).map(|p| p.iter().collect()).unwrap_or_default();
    Some((prefix, items))
}

fn slots(old: &MediaType, new: &MediaType, new_at: &str) -> Vec<Slot> {
    let mut out = Vec::new();
    if let (Some((old_prefix, old_items)), Some((new_prefix, new_items))) = (positional(old), positional(new)) {
        // As 3.2 names them, which is what a 3.0 or 3.1 spec's extensions say too.
        let from = |prefix: &[&Value], items: Option<&Value>, i: usize| match prefix.get(i) {
            Some(e) => (Some(format!("prefixEncoding {i}")), types(Some(e))),
            None => (items.map(|_| "itemEncoding".to_owned()), types(items)),
        };
        let at = |i: usize| match (new_prefix.get(i), new_items) {
            (Some(_), _) => push_pointer(&push_pointer(new_at, PREFIX_ENCODING), &i.to_string()),
            (None, Some(_)) => push_pointer(new_at, ITEM_ENCODING),
            (None, None) => new_at.to_owned(),
        };
        let longest = old_prefix.len().max(new_prefix.len());
        for i in 0..longest {
            let ((old_from, old), (new_from, new)) = (from(&old_prefix, old_items, i), from(&new_prefix, new_items, i));
            let label = format!("the part at position {i}");
            out.push(Slot { label, old_from, new_from, old, new, pointer: at(i) });
        }
        let label = match longest {
            0 => "each part".to_owned(),
            n => format!("each part after position {}", n - 1),
        };
        let (old_from, new_from) =
            (old_items.map(|_| "itemEncoding".to_owned()), new_items.map(|_| "itemEncoding".to_owned()));
        out.push(Slot {
            label,
            old_from,
            new_from,
            old: types(old_items),
            new: types(new_items),
            pointer: at(longest),
        });
        return out;
    }
    let names = new.encoding.keys().chain(old.encoding.keys().filter(|k| !new.encoding.contains_key(*k)));
    for name in names {
        let declared = |m: &MediaType| {
            let list = m.encoding.get(name).and_then(|e| e.content_type.clone()).unwrap_or_default();
            let list: Types = list.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
            (m.encoding.contains_key(name).then(|| "encoding".to_owned()), list)
        };
        let ((old_from, old), (new_from, new)) = (declared(old), declared(new));
        let pointer =
            if new_from.is_some() { push_pointer(&push_pointer(new_at, "encoding"), name) } else { new_at.to_owned() };
        out.push(Slot { label: format!("part `{name}`"), old_from, new_from, old, new, pointer });
    }
    out
}

/// Reports each part of a multipart request body (`media` in both documents) whose
/// accepted media types changed; `what` names the body (`the request body`).
pub(crate) fn compare(
    old: &MediaType,
    new: &MediaType,
    (media, new_at): (&str, &str),
    what: &str,
    sink: &mut Sink<'_>,
) {
    for slot in slots(old, new, new_at) {
        if slot.old == slot.new && slot.old_from == slot.new_from {
            continue;
        }
        let no_longer: Vec<&String> = slot.old.iter().filter(|t| !accepts(&slot.new, t)).collect();
        let narrowed = !no_longer.is_empty() || (slot.old.is_empty() && !slot.new.is_empty());
        let widened = slot.new.iter().any(|t| !accepts(&slot.old, t)) || (slot.new.is_empty() && !slot.old.is_empty());
        let rule = if narrowed {
            &model::REQUEST_PART_MEDIA_TYPE_REMOVED
        } else if widened {
            &model::REQUEST_PART_MEDIA_TYPE_ADDED
        } else {
            &model::REQUEST_PART_ENCODING_CHANGED
        };
        let mut message = if slot.old == slot.new {
            format!("{} of {what} ({media}) accepts {} as before", slot.label, show(&slot.new))
        } else {
            format!(
                "{} of {what} ({media}) accepts {} where it accepted {}",
                slot.label,
                show(&slot.new),
                show(&slot.old)
            )
        };
        if slot.old_from != slot.new_from {
            let said = |from: &Option<String>| from.clone().unwrap_or_else(|| "nothing".into());
            message += &format!(", declared by {} where {} declared it", said(&slot.new_from), said(&slot.old_from));
        }
        if narrowed && !no_longer.is_empty() {
            let list: Vec<&str> = no_longer.iter().map(|t| t.as_str()).collect();
            message += &format!(": a part of {} is refused now", list.join(", "));
        } else if narrowed {
            message += ": a part of another media type is refused now";
        }
        sink.push(rule, Spec::New, slot.pointer, message);
    }
}
