//! Where a document openapiv3 cannot read goes wrong, narrowed to the smallest part that
//! fails on its own.
//!
//! serde's path tracking stops at the first `#[serde(flatten)]` or untagged enum on the
//! way down: openapiv3's `Paths`, `PathItem`, `Operation`, `Components` and `Parameter`
//! all have one, so the whole-document parse can only say `#/paths` or `#/components`,
//! and a cut there would cost every operation. Here the parts are read one by one, the
//! way the document nests (path item, operation, parameter, body, response; each
//! component), and the innermost part that fails on its own is the one reported, with the
//! path serde tracked inside it. Each part read is a subtree of the document, and only a
//! failed parse comes here, so the cost stays that of reading the document once more.

use openapiv3::{
    Callback, Example, Header, Link, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostics::push_pointer;

/// A part's failure: serde's message and the pointer of the failing part or inside it.
pub(super) type Failure = (String, String);

/// The narrowest part of `doc` that fails on its own, or `None` when every part reads
/// (the failure is in the document's own fields: the caller's whole-document error).
pub(super) fn narrowest(doc: &Value) -> Option<Failure> {
    let top = doc.as_object()?;
    if let Some(paths) = top.get("paths").and_then(Value::as_object) {
        for (key, item) in paths.iter().filter(|(key, _)| key.starts_with('/')) {
            if let Some(failure) = path_item(item, &push_pointer("/paths", key)) {
                return Some(failure);
            }
        }
    }
    let components = top.get("components").and_then(Value::as_object)?;
    for (kind, entries) in components {
        let Some(entries) = entries.as_object() else { continue };
        let at = push_pointer("/components", kind);
        for (name, value) in entries {
            let at = push_pointer(&at, name);
            let failure = match kind.as_str() {
                "schemas" => fails::<ReferenceOr<Schema>>(value, &at),
                "responses" => response(value, &at),
                "parameters" => fails::<ReferenceOr<Parameter>>(value, &at),
                "examples" => fails::<ReferenceOr<Example>>(value, &at),
                "requestBodies" => fails::<ReferenceOr<RequestBody>>(value, &at),
                "headers" => fails::<ReferenceOr<Header>>(value, &at),
                "securitySchemes" => fails::<ReferenceOr<SecurityScheme>>(value, &at),
                "links" => fails::<ReferenceOr<Link>>(value, &at),
                "callbacks" => fails::<ReferenceOr<Callback>>(value, &at),
                _ => None,
            };
            if failure.is_some() {
                return failure;
            }
        }
    }
    None
}

/// A path item, narrowed to its operations and parameters.
fn path_item(item: &Value, at: &str) -> Option<Failure> {
    let whole = fails::<ReferenceOr<PathItem>>(item, at)?;
    let Some(object) = item.as_object() else { return Some(whole) };
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    for method in METHODS {
        if let Some(operation) = object.get(method) {
            if let Some(failure) = self::operation(operation, &push_pointer(at, method)) {
                return Some(failure);
            }
        }
    }
    parameters(object, at).or(Some(whole))
}

/// An operation, narrowed to its parameters, its body and its responses.
fn operation(operation: &Value, at: &str) -> Option<Failure> {
    let whole = fails::<Operation>(operation, at)?;
    let Some(object) = operation.as_object() else { return Some(whole) };
    if let Some(failure) = parameters(object, at) {
        return Some(failure);
    }
    if let Some(body) = object.get("requestBody") {
        if let Some(failure) = fails::<ReferenceOr<RequestBody>>(body, &push_pointer(at, "requestBody")) {
            return Some(failure);
        }
    }
    if let Some(responses) = object.get("responses").and_then(Value::as_object) {
        let at = push_pointer(at, "responses");
        for (status, value) in responses.iter().filter(|(status, _)| !status.starts_with("x-")) {
            if let Some(failure) = response(value, &push_pointer(&at, status)) {
                return Some(failure);
            }
        }
    }
    Some(whole)
}

/// An object's `parameters`, each on its own.
fn parameters(object: &Map<String, Value>, at: &str) -> Option<Failure> {
    let list = object.get("parameters")?.as_array()?;
    let at = push_pointer(at, "parameters");
    list.iter().enumerate().find_map(|(index, parameter)| {
        fails::<ReferenceOr<Parameter>>(parameter, &push_pointer(&at, &index.to_string()))
    })
}

/// A response, narrowed to its headers.
fn response(value: &Value, at: &str) -> Option<Failure> {
    let whole = fails::<ReferenceOr<Response>>(value, at)?;
    let headers = value.get("headers").and_then(Value::as_object);
    let at = push_pointer(at, "headers");
    let header = headers
        .into_iter()
        .flatten()
        .find_map(|(name, header)| fails::<ReferenceOr<Header>>(header, &push_pointer(&at, name)));
    header.or(Some(whole))
}

/// Whether `value` fails to read as a `T`: serde's message and the pointer of the failure
/// (`at`, then the path serde tracked inside the value, as far as it could).
fn fails<T: DeserializeOwned>(value: &Value, at: &str) -> Option<Failure> {
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    match <T as serde::Deserialize>::deserialize(de) {
        Ok(_) => None,
        Err(e) => Some((e.to_string(), format!("{at}{}", super::pointer_of(&track.path())))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn pointer(doc: &serde_json::Value) -> Option<String> {
        super::narrowest(doc).map(|(_, pointer)| pointer)
    }

    #[test]
    fn failures_are_narrowed_to_the_part_they_are_in() {
        let doc = |paths: serde_json::Value, components: serde_json::Value| json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components});
        let ok = json!({"responses": {"200": {"description": "ok"}}});
        let bad_parameter = json!({"name": "q", "in": "query", "required": "maybe", "schema": {"type": "string"}});
        let cases = [
            (
                doc(
                    json!({"/a": {"get": ok}, "/b~": {"get": {"parameters": [{"$ref": "#/x"}, bad_parameter], "responses": {}}}}),
                    json!({}),
                ),
                Some("/paths/~1b~0/get/parameters/1"),
            ),
            (
                doc(json!({"/a": {"parameters": [bad_parameter], "get": ok}}), json!({})),
                Some("/paths/~1a/parameters/0"),
            ),
            (
                doc(json!({"/a": {"post": {"requestBody": {"content": 3}, "responses": {}}}}), json!({})),
                Some("/paths/~1a/post/requestBody"),
            ),
            (
                doc(
                    json!({"/a": {"get": {"responses": {"200": {"description": "ok", "headers": {"H": {"schema": 3}}}}}}}),
                    json!({}),
                ),
                Some("/paths/~1a/get/responses/200/headers/H"),
            ),
            (doc(json!({"/a": {"get": {"summary": 3, "responses": {}}}}), json!({})), Some("/paths/~1a/get/summary")),
            (
                doc(json!({"/a": {"get": ok}}), json!({"schemas": {"S": {"type": "object", "required": 3}}})),
                Some("/components/schemas/S"),
            ),
            (doc(json!({"/a": {"get": ok}}), json!({})), None),
        ];
        for (doc, expected) in cases {
            let got = pointer(&doc);
            match expected {
                Some(expected) => {
                    assert!(got.as_deref().is_some_and(|got| got.starts_with(expected)), "{doc}: {got:?}")
                }
                None => assert_eq!(got, None, "{doc}"),
            }
        }
    }
}
