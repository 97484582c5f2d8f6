//! What operations say loosely and their APIs settle: path templates that name
//! parameters the operation does not declare (`/search/{term}` with no `term`), declared
//! as the required strings they must be; and multipart bodies whose schema is not an
//! object, sent as one part. Each with a warning.

use serde_json::{Value, json};

use crate::diagnostics::push_pointer;
use crate::methods::slots;
use crate::sink::Sink;
use crate::source::Sources;

/// Declares each undeclared template parameter on the operations that lack it.
pub(super) fn declare_template_params(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let mut missing: Vec<(String, String, String)> = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (path, item) in paths {
            let names = template_names(path);
            if names.is_empty() {
                continue;
            }
            let shared = path_params(doc, item.get("parameters"));
            for slot in slots(item) {
                let Some(op) = item.as_object().and_then(|i| slot.get(i)) else { continue };
                let own = path_params(doc, op.get("parameters"));
                for name in &names {
                    if !own.contains(name) && !shared.contains(name) {
                        missing.push((path.clone(), slot.pointer.clone(), name.clone()));
                    }
                }
            }
        }
    }
    for (path, slot, name) in missing {
        let op_ptr = format!("{}{slot}", push_pointer("/paths", &path));
        let Some(Value::Object(op)) = doc.pointer_mut(&op_ptr) else { continue };
        let params = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(params) = params {
            params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
        }
        sink.warning_at(
            sources,
            &op_ptr,
            format!(
                "the path template names `{{{name}}}`, but no path parameter `{name}` is declared; it is read as a \
                 required string"
            ),
        );
    }
}

/// An operation that declares no responses (3.1 allows leaving `responses` out, and some
/// 3.0 specs write it empty) answers something all the same: it gets a `default` response
/// with no body, so its response enum has the one case that holds any answer's status,
/// with a warning.
pub(super) fn default_responses(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let mut found = Vec::new();
    for (section, pointer) in [("paths", "/paths"), (crate::v31::WEBHOOKS_EXTENSION, "/webhooks")] {
        let Some(Value::Object(items)) = doc.get_mut(section) else { continue };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            for slot in crate::methods::slots_of(item) {
                let Some(Value::Object(op)) = slot.get_mut(item) else { continue };
                let empty = match op.get("responses") {
                    None => true,
                    Some(Value::Object(r)) => r.is_empty(),
                    Some(_) => false,
                };
                if empty {
                    op.insert(
                        "responses".into(),
                        json!({"default": {"description": "any answer: the spec declares no responses"}}),
                    );
                    found.push(format!("{}{}", push_pointer(pointer, path), slot.pointer));
                }
            }
        }
    }
    for op_ptr in found {
        sink.warning_at(
            sources,
            &op_ptr,
            "the operation declares no responses; every answer is read as its `default` case, with its status \
             and no body"
                .to_string(),
        );
    }
}

/// A 204, 205 or 304 response that declares `content` (Sendgrid's deletes, Asana's
/// `removeUser`): HTTP gives those statuses no content (RFC 9110, 15.3.5, 15.3.6 and
/// 15.4.5), so no server can send it and no client receive it. The `content` is removed,
/// with a warning, so that the crate's `openapi.json` says what the crate does (a checker
/// reading it expected the JSON no 204 carries). A response shared through a `$ref` is left
/// as it is: another status may use it.
pub(super) fn contentless_statuses(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let mut found = Vec::new();
    for (section, pointer) in [("paths", "/paths"), (crate::v31::WEBHOOKS_EXTENSION, "/webhooks")] {
        let Some(Value::Object(items)) = doc.get_mut(section) else { continue };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            for slot in crate::methods::slots_of(item) {
                let Some(Value::Object(responses)) = slot.get_mut(item).and_then(|op| op.get_mut("responses")) else {
                    continue;
                };
                for status in ["204", "205", "304"] {
                    let Some(Value::Object(response)) = responses.get_mut(status) else { continue };
                    let declared = response.get("content").is_some_and(|c| c.as_object().is_none_or(|c| !c.is_empty()));
                    if declared {
                        response.remove("content");
                        let op = format!("{}{}", push_pointer(pointer, path), slot.pointer);
                        found.push((push_pointer(&push_pointer(&op, "responses"), status), status));
                    }
                }
            }
        }
    }
    for (pointer, status) in found {
        sink.warning_at(
            sources,
            &push_pointer(&pointer, "content"),
            format!("a {status} response has no content in HTTP (RFC 9110); the declared `content` is ignored"),
        );
    }
}

/// A response given as a `$ref` to a schema rather than to a response (`'200': {$ref:
/// '#/components/schemas/Pet'}`) means the status answers that schema, as JSON: it is
/// rewritten to say so, with a warning.
pub(super) fn responses_that_name_schemas(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    let mut found = Vec::new();
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for slot in crate::methods::slots_of(item) {
            let Some(Value::Object(responses)) = slot.get_mut(item).and_then(|op| op.get_mut("responses")) else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                let Some(reference) = response.get("$ref").and_then(Value::as_str) else { continue };
                if !reference.starts_with("#/components/schemas/") {
                    continue;
                }
                let reference = reference.to_string();
                *response = json!({
                    "description": "",
                    "content": {"application/json": {"schema": {"$ref": reference}}},
                });
                let pointer = format!("{}{}/responses", push_pointer("/paths", path), slot.pointer);
                found.push((push_pointer(&pointer, status), reference));
            }
        }
    }
    for (pointer, reference) in found {
        sink.warning_at(
            sources,
            &pointer,
            format!(
                "the response is a `$ref` to the schema `{reference}`, not to a response; read as a JSON body of it"
            ),
        );
    }
}

/// An operation's callback given as a `$ref` to `components/callbacks` (PeerTube's), which
/// openapiv3 cannot read: replaced by a copy of what it names. Nothing is lost.
pub(super) fn inline_callback_refs(doc: &mut Value) {
    let callbacks = doc.pointer("/components/callbacks").cloned();
    let Some(Value::Object(callbacks)) = callbacks else { return };
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for slot in crate::methods::slots_of(item) {
            let Some(Value::Object(own)) = slot.get_mut(item).and_then(|op| op.get_mut("callbacks")) else {
                continue;
            };
            for callback in own.values_mut() {
                let name = callback
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/callbacks/"));
                if let Some(found) = name.and_then(|n| callbacks.get(n)) {
                    *callback = found.clone();
                }
            }
        }
    }
}

/// A `multipart/*` request body whose inline schema is not an object (Jira's attachment
/// upload is `{type: string, format: binary}`) has no property names for its parts, so it
/// is sent as one part: `file` for binary content (the name Jira's and most servers' docs
/// give the upload), `value` otherwise, repeated for a list. An overlay can rename it.
/// A list whose parts are its items (OpenAPI 3.2's `prefixEncoding`/`itemEncoding`, as the
/// `x-oai-…` extensions) stays a list: lowering reads it as one (`lower/multipart.rs`).
pub(super) fn multipart_one_part(body: &mut Value, pointer: &str, sources: &Sources, sink: &mut Sink) {
    let Some(Value::Object(content)) = body.get_mut("content") else { return };
    for (media, entry) in content.iter_mut() {
        if !media.to_ascii_lowercase().starts_with("multipart/") {
            continue;
        }
        let positional =
            [crate::v32::ITEM_ENCODING, crate::v32::PREFIX_ENCODING].iter().any(|k| entry.get(k).is_some());
        let Some(schema) = entry.get_mut("schema") else { continue };
        let kind = schema.get("type").and_then(Value::as_str).map(str::to_string);
        if positional && kind.as_deref() == Some("array") {
            continue;
        }
        if !matches!(kind.as_deref(), Some("string" | "array" | "integer" | "number" | "boolean")) {
            continue;
        }
        let binary = |s: &Value| s.get("format").and_then(Value::as_str) == Some("binary");
        let is_binary = binary(schema) || schema.get("items").is_some_and(binary);
        let part = if is_binary { "file" } else { "value" };
        let inner = schema.take();
        *schema = json!({"type": "object", "required": [part], "properties": {part: inner}});
        sink.warning_at(
            sources,
            &format!("{}/schema", push_pointer(&format!("{pointer}/content"), media)),
            format!(
                "the `{media}` body is {} rather than an object whose properties name its parts; it is sent as one \
                 part named `{part}`",
                if kind.as_deref() == Some("array") { "a list" } else { "a single value" }
            ),
        );
    }
}

/// The names between braces in a path template, in order, once each.
fn template_names(path: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        if !name.is_empty() && !name.contains('{') && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    names
}

/// Parameters no request can carry as declared are removed, each with a warning, so that the
/// crate's `openapi.json` says what the crate sends and reads (schemathesis built requests
/// from Notion's header named ``, and counted CircleCI's `Content-Type` parameter as
/// one it must refuse to go without):
///
/// - a parameter with an empty `name`: no header, query key or cookie is nameless;
/// - a header parameter named `Accept` or `Content-Type`: OpenAPI (3.0.3 and 3.1,
///   Parameter Object) says "If `in` is `"header"` and the `name` field is `"Accept"`,
///   `"Content-Type"` or `"Authorization"`, the parameter definition SHALL be ignored";
///   the crate sets both from the media types it sends and reads. (`Authorization` is
///   kept: specs without a security scheme use it to carry their credential, which the
///   crate would otherwise have no way to send.)
pub(super) fn unsendable_params(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    // (pointer of the list, index, why), found before anything is removed.
    let mut found: Vec<(String, usize, String)> = Vec::new();
    for (section, pointer) in [("paths", "/paths"), (crate::v31::WEBHOOKS_EXTENSION, "/webhooks")] {
        let Some(Value::Object(items)) = doc.get(section) else { continue };
        for (path, item) in items {
            let Value::Object(object) = item else { continue };
            let item_ptr = push_pointer(pointer, path);
            let mut lists = vec![(push_pointer(&item_ptr, "parameters"), item.get("parameters"))];
            for slot in slots(item) {
                let op_ptr = format!("{item_ptr}{}", slot.pointer);
                lists.push((push_pointer(&op_ptr, "parameters"), slot.get(object).and_then(|op| op.get("parameters"))));
            }
            for (list_ptr, list) in lists {
                let Some(Value::Array(list)) = list else { continue };
                for (i, p) in list.iter().enumerate() {
                    let p = match p.get("$ref").and_then(Value::as_str) {
                        Some(r) => r.strip_prefix('#').and_then(|ptr| doc.pointer(ptr)),
                        None => Some(p),
                    };
                    if let Some(why) = p.and_then(unsendable) {
                        found.push((list_ptr.clone(), i, why));
                    }
                }
            }
        }
    }
    for (list_ptr, i, why) in &found {
        sink.warning_at(sources, &format!("{list_ptr}/{i}"), why.clone());
    }
    // Last first, so that each index still names its parameter.
    for (list_ptr, i, _) in found.into_iter().rev() {
        let doc_ptr = match list_ptr.strip_prefix("/webhooks") {
            Some(rest) => format!("{}{rest}", push_pointer("", crate::v31::WEBHOOKS_EXTENSION)),
            None => list_ptr,
        };
        if let Some(Value::Array(list)) = doc.pointer_mut(&doc_ptr) {
            list.remove(i);
        }
    }
}

/// Why a parameter cannot be sent as declared, if it cannot.
fn unsendable(p: &Value) -> Option<String> {
    let name = p.get("name").and_then(Value::as_str)?;
    if name.is_empty() {
        return Some("a parameter with an empty `name` cannot be sent or read; it is left out".into());
    }
    let header = p.get("in").and_then(Value::as_str) == Some("header");
    let set_by = match name.to_ascii_lowercase().as_str() {
        "content-type" => "the request body's media type sets it",
        "accept" => "the responses' media types set it",
        _ => return None,
    };
    header.then(|| {
        format!(
            "a header parameter named `{name}` is ignored, as OpenAPI says (\"the parameter definition SHALL be \
             ignored\"): {set_by}; it is left out"
        )
    })
}

/// The names of the path parameters in a `parameters` list, following references into
/// the document's own components.
fn path_params(doc: &Value, params: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(params)) = params else { return Vec::new() };
    params
        .iter()
        .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(r) => r.strip_prefix('#').and_then(|ptr| doc.pointer(ptr)),
            None => Some(p),
        })
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_read_once_each_in_order() {
        assert_eq!(template_names("/a/{x}/b/{y}.json/{x}"), ["x", "y"]);
        assert_eq!(template_names("/{owner}-{repo}"), ["owner", "repo"]);
        assert_eq!(template_names("/a/{}/{open"), Vec::<String>::new());
    }
}
