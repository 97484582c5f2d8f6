//! The spec and the hooks schemathesis is given by `cargo xtask conformance`. The crate's
//! `openapi.json` is the OpenAPI 3.0 document the generator normalised the spec to; where
//! schemathesis 4.32.5 reads a construct otherwise than the crate implements it, a copy
//! (`reports/<spec>.schemathesis.json`) says it in schemathesis's words:
//!
//! - each event stream's `schema`, one event's `data` for the generator, is a whole
//!   event's, as schemathesis validates events (`rewrite_events`);
//! - each JSON Lines or JSON text sequence `schema`, one item's for the generator, is an
//!   array of items, which is what the deserializer of [`HOOKS`] reads such an answer into
//!   (`rewrite_records`);
//! - a document with 3.2's constructs (the QUERY method, `additionalOperations`,
//!   `in: querystring`, `prefixEncoding`/`itemEncoding`), which the 3.2 rewrite keeps in
//!   extensions of the 3.0 model, says them in 3.2's words again and declares 3.2, which
//!   schemathesis reads ([`as_3_2`]);
//! - each multipart body's schema admits only part names without control characters
//!   (`rewrite_part_names`): schemathesis writes a property name raw into the part's
//!   `Content-Disposition: form-data; name="…"`, and the server's multipart reader
//!   (multer, through httparse) refuses a header value holding one, as RFC 9110 §5.5 calls
//!   it invalid, so no crate can read such a part.

use std::path::Path;

use serde_json::{Value, json};

/// A hooks file for schemathesis (`SCHEMATHESIS_HOOKS`): a response deserializer for
/// JSON Lines and JSON text sequences, which schemathesis 4.32.5 does not read by itself.
pub const HOOKS: &str = include_str!("for_schemathesis/hooks.py");

/// What [`write()`] rewrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// Event streams whose schema is a whole event's now.
    pub events: usize,
    /// JSON Lines and JSON sequences whose schema is an array of items now.
    pub records: usize,
    /// Whether the document is given as 3.2.
    pub v3_2: bool,
    /// Multipart bodies whose part names exclude control characters now.
    pub part_names: usize,
}

/// Writes to `to` the spec at `from` as schemathesis is to read it (see the module's
/// docs), and says what it rewrote. schemathesis (4.11 and later; its guide "Testing
/// Server-Sent Events") parses a `text/event-stream` answer into events `{data, event,
/// id, retry}` and validates each against the media type's `itemSchema`, or before
/// OpenAPI 3.2 against its `schema`, read as one event's; a `data` property of
/// `contentMediaType: application/json` is parsed and validated against its
/// `contentSchema`. The crate's `openapi.json` is 3.0, whose `schema` (as the generator
/// reads it) describes each event's `data`, so that every event would fail: each such
/// `schema` is rewritten as the event's, its `data` the text itself for a `string`
/// schema, else JSON of the schema, or the `x-stream-sentinel` data that ends the stream.
pub fn write(from: &Path, to: &Path) -> Result<Rewritten, String> {
    let text = std::fs::read_to_string(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    let mut spec: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", from.display()))?;
    let rewritten = rewrite(&mut spec);
    let text = serde_json::to_string(&spec).map_err(|e| e.to_string())?;
    std::fs::write(to, text).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    Ok(rewritten)
}

/// Every rewrite, in place: 3.2's words first, since they decide where an event's
/// schema goes.
pub fn rewrite(spec: &mut Value) -> Rewritten {
    let v3_2 = as_3_2(spec);
    let events = rewrite_events(spec, v3_2);
    let records = rewrite_records(spec);
    let part_names = rewrite_part_names(spec);
    Rewritten { events, records, v3_2, part_names }
}

/// A part name without control characters: what an HTTP header value can carry (RFC 9110
/// §5.5; httparse, under multer, refuses the rest). Python's `re`, which generates, and
/// the Rust regex engine of jsonschema-rs, which validates, read `\x00` alike.
const PART_NAME: &str = "^[^\\x00-\\x1f\\x7f]*$";

/// Gives each multipart request body that is not an array (an operation's, or a
/// component's) a schema that admits only part names without control characters, and
/// says how many it rewrote. schemathesis writes each property of a multipart body as a
/// part named by it, raw, so a schema admitting any name (no `additionalProperties:
/// false`, or a schema of them) makes it send `name="2\x0e6@\x15"`, which the server's
/// multer refuses as a malformed header (BENCHMARKS.md §10, "Branch conf9"). The crate's
/// `openapi.json` cannot say so: it is OpenAPI 3.0, whose schemas have neither
/// `propertyNames` nor `patternProperties`, and schemathesis reads a 3.0 document's
/// schemas as JSON Schema draft 4, which has no `propertyNames` (schemathesis ignores it
/// there when it generates). Draft 4 says it with a wrapper instead: `allOf` the body's
/// schema as it was (its properties, required names and the schema of the others still
/// hold), and at the top `patternProperties` of every name without control characters,
/// `additionalProperties: false` refusing the rest. The wrapper is `type: object`: a
/// multipart body is its named parts, which is how the crate reads one whose schema has
/// `properties` but no `type` (normalisation made every other non-array body an object),
/// where schemathesis otherwise drew `null` and wrote the part `None`.
fn rewrite_part_names(spec: &mut Value) -> usize {
    let schemas = spec.pointer("/components/schemas").cloned().unwrap_or_default();
    // A schema that is an array, following `$ref`s to components a few hops deep.
    let is_array = |schema: &Value| {
        let mut schema = schema;
        for _ in 0..8 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(target) => {
                    let name = target.strip_prefix("#/components/schemas/").unwrap_or_default();
                    match schemas.get(name.replace("~1", "/").replace("~0", "~")) {
                        Some(s) => schema = s,
                        None => return false,
                    }
                }
                None => return schema.get("type").and_then(Value::as_str) == Some("array"),
            }
        }
        false
    };
    let mut rewritten = 0;
    let mut body = |body: &mut Value| {
        let Some(Value::Object(content)) = body.get_mut("content") else { return };
        for (media, entry) in content.iter_mut() {
            let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            let Some(schema) = entry.get_mut("schema") else { continue };
            if !essence.starts_with("multipart/") || is_array(schema) {
                continue;
            }
            let named = json!({
                "type": "object",
                "allOf": [schema.take()],
                "patternProperties": {PART_NAME: {}},
                "additionalProperties": false
            });
            *schema = named;
            rewritten += 1;
        }
    };
    for operation in operations_mut(spec) {
        if let Some(request) = operation.get_mut("requestBody") {
            body(request);
        }
    }
    if let Some(Value::Object(bodies)) = spec.pointer_mut("/components/requestBodies") {
        bodies.values_mut().for_each(&mut body);
    }
    rewritten
}

/// The operations of a document, of every method: the path items' method keys (3.2's
/// `query` among them) and the operations of `additionalOperations`, or of the
/// `x-additional-operations` the 3.2 rewrite keeps them in.
fn operations_mut(spec: &mut Value) -> Vec<&mut Value> {
    const METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];
    let mut out = Vec::new();
    let Some(Value::Object(paths)) = spec.get_mut("paths") else { return out };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (key, value) in item.iter_mut() {
            match (key.as_str(), value) {
                ("additionalOperations" | "x-additional-operations", Value::Object(more)) => {
                    out.extend(more.values_mut())
                }
                (method, value) if METHODS.contains(&method) => out.push(value),
                _ => {}
            }
        }
    }
    out
}

/// Calls `rewrite` on each response (an operation's, or a component) and sums what it
/// says it rewrote.
fn each_response(spec: &mut Value, mut rewrite: impl FnMut(&mut Value) -> usize) -> usize {
    let mut rewritten = 0;
    for operation in operations_mut(spec) {
        if let Some(Value::Object(by_status)) = operation.get_mut("responses") {
            rewritten += by_status.values_mut().map(&mut rewrite).sum::<usize>();
        }
    }
    if let Some(Value::Object(responses)) = spec.pointer_mut("/components/responses") {
        rewritten += responses.values_mut().map(&mut rewrite).sum::<usize>();
    }
    rewritten
}

/// Rewrites the `schema` of each `text/event-stream` response content in `spec` (an
/// operation's response, or a component response) as the schema of a whole event (see
/// [`write()`]), and says how many it rewrote. In a document given as 3.2 ([`as_3_2`]) the
/// event's schema is the `itemSchema`, since there `schema` covers the whole stream.
fn rewrite_events(spec: &mut Value, v3_2: bool) -> usize {
    each_response(spec, |response| event_content(response, v3_2))
}

/// Rewrites the event streams of one response's `content` (see [`rewrite_events`]).
fn event_content(response: &mut Value, v3_2: bool) -> usize {
    // Text data, as lowering reads it: a plain `string` schema (an enum, a format or a
    // reference makes it a value written as JSON).
    let text = |s: &Value| {
        s.get("type").and_then(Value::as_str) == Some("string") && s.get("enum").is_none() && s.get("format").is_none()
    };
    let Some(Value::Object(content)) = response.get_mut("content") else { return 0 };
    let mut rewritten = 0;
    for (media, entry) in content.iter_mut() {
        let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence != "text/event-stream" || entry.get("itemSchema").is_some() {
            continue;
        }
        let Some(schema) = entry.get("schema").cloned() else { continue };
        let data = if text(&schema) {
            schema
        } else {
            json!({"type": "string", "contentMediaType": "application/json", "contentSchema": schema})
        };
        let data = match entry.get("x-stream-sentinel").and_then(Value::as_str) {
            Some(sentinel) => json!({"anyOf": [{"enum": [sentinel]}, data]}),
            None => data,
        };
        let key = if v3_2 { "itemSchema" } else { "schema" };
        if v3_2 && let Value::Object(entry) = entry {
            entry.remove("schema");
        }
        entry[key] = json!({
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": data,
                "event": {"type": "string"},
                "id": {"type": "string"},
                "retry": {"type": "integer"}
            }
        });
        rewritten += 1;
    }
    rewritten
}

/// Rewrites the `schema` of each JSON Lines (`application/jsonl`, `application/x-ndjson`)
/// or JSON text sequence (`application/json-seq`) response content as an array of such
/// items, and says how many it rewrote. schemathesis validates the deserialized answer
/// against the media type's `schema` (`_media_type_schema` in its
/// `specs/openapi/adapter/responses.py`: only event streams are read item by item), and
/// the deserializer of [`HOOKS`] reads such an answer into the list of its items, so each
/// item is held to the item schema (in OpenAPI 3.2 `schema` covers the whole stream, as
/// such an array, too). A media type that has an `itemSchema` is left to schemathesis.
fn rewrite_records(spec: &mut Value) -> usize {
    each_response(spec, record_content)
}

/// Rewrites the JSON Lines and JSON sequences of one response's `content` (see
/// [`rewrite_records`]).
fn record_content(response: &mut Value) -> usize {
    let Some(Value::Object(content)) = response.get_mut("content") else { return 0 };
    let mut rewritten = 0;
    for (media, entry) in content.iter_mut() {
        let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let records = matches!(essence.as_str(), "application/jsonl" | "application/x-ndjson" | "application/json-seq");
        if !records || entry.get("itemSchema").is_some() {
            continue;
        }
        let Some(schema) = entry.get("schema").cloned() else { continue };
        entry["schema"] = json!({"type": "array", "items": schema});
        rewritten += 1;
    }
    rewritten
}

/// Says again in OpenAPI 3.2's words what the 3.2 rewrite keeps in extensions of the 3.0
/// model, and declares the document 3.2, which schemathesis 4.32.5 reads (its `v3_2`
/// adapter; the `query` method among the ones it tests, `in: querystring` serialized as
/// the whole query string, a form or JSON text): the path items' `x-additional-operations`
/// (`QUERY` as `query`, the others under `additionalOperations`), query parameters marked
/// `x-querystring` (as `in: querystring`), and a multipart array body's
/// `x-oai-prefixEncoding`/`x-oai-itemEncoding`. The rest of the document is 3.0 as it
/// was, which schemathesis's 3.2 adapter still reads as the generator does (`nullable`
/// is honoured, boolean `exclusiveMinimum` upgraded). Says whether it found any, and
/// changes nothing otherwise.
pub fn as_3_2(spec: &mut Value) -> bool {
    let mut found = false;
    if let Some(Value::Object(paths)) = spec.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            let Some(Value::Object(more)) = item.remove("x-additional-operations") else { continue };
            found = true;
            for (method, operation) in more {
                if method.eq_ignore_ascii_case("QUERY") {
                    item.insert("query".into(), operation);
                } else {
                    item.entry("additionalOperations").or_insert_with(|| json!({}))[method.as_str()] = operation;
                }
            }
        }
    }
    found |= in_3_2_words(spec);
    if found {
        spec["openapi"] = json!("3.2.0");
    }
    found
}

/// The querystring parameters and positional encodings anywhere in the document (path
/// items, operations, components), in 3.2's words; whether there were any.
fn in_3_2_words(value: &mut Value) -> bool {
    let mut found = false;
    match value {
        Value::Object(object) => {
            let marked = object.get("x-querystring") == Some(&Value::Bool(true));
            if marked && object.get("in").and_then(Value::as_str) == Some("query") {
                object.remove("x-querystring");
                object.insert("in".into(), json!("querystring"));
                found = true;
            }
            for (extension, key) in [("x-oai-prefixEncoding", "prefixEncoding"), ("x-oai-itemEncoding", "itemEncoding")]
            {
                if object.contains_key("schema")
                    && let Some(encoding) = object.remove(extension)
                {
                    object.insert(key.into(), encoding);
                    found = true;
                }
            }
            for child in object.values_mut() {
                found |= in_3_2_words(child);
            }
        }
        Value::Array(items) => {
            for item in items {
                found |= in_3_2_words(item);
            }
        }
        _ => {}
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each event stream's `schema` (one event's `data` in the crate's reading) becomes the
    /// schema of a whole event, as schemathesis reads it: text data as it is, JSON data
    /// through `contentSchema`, the sentinel beside it; other media and 3.2's
    /// `itemSchema` are left as they are.
    #[test]
    fn event_streams_are_given_to_schemathesis_as_whole_events() {
        let mut spec = serde_json::json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"content": {
                    "text/event-stream": {"schema": {"$ref": "#/components/schemas/Tick"}, "x-stream-sentinel": "[DONE]"},
                    "application/json": {"schema": {"type": "string"}}
                }},
                "201": {"content": {"text/event-stream; charset=utf-8": {"schema": {"type": "string"}}}},
                "202": {"content": {"text/event-stream": {"itemSchema": {"type": "object"}, "schema": {"type": "string"}}}},
                "404": {"$ref": "#/components/responses/Gone"}
            }}}},
            "components": {"responses": {"Gone": {"content": {"text/event-stream": {"schema": {"type": "integer"}}}}}}
        });
        assert_eq!(rewrite_events(&mut spec, false), 3);
        let event = |data: serde_json::Value| {
            serde_json::json!({"type": "object", "required": ["data"], "properties": {
                "data": data, "event": {"type": "string"}, "id": {"type": "string"}, "retry": {"type": "integer"}
            }})
        };
        let json = |schema: serde_json::Value| serde_json::json!({"type": "string", "contentMediaType": "application/json", "contentSchema": schema});
        let at = |pointer: &str| spec.pointer(pointer).cloned().unwrap_or_default();
        let tick = json(serde_json::json!({"$ref": "#/components/schemas/Tick"}));
        assert_eq!(
            at("/paths/~1a/get/responses/200/content/text~1event-stream/schema"),
            event(serde_json::json!({"anyOf": [{"enum": ["[DONE]"]}, tick]}))
        );
        assert_eq!(
            at("/paths/~1a/get/responses/200/content/application~1json/schema"),
            serde_json::json!({"type": "string"})
        );
        assert_eq!(
            at("/paths/~1a/get/responses/201/content/text~1event-stream; charset=utf-8/schema"),
            event(serde_json::json!({"type": "string"}))
        );
        assert_eq!(
            at("/paths/~1a/get/responses/202/content/text~1event-stream/schema"),
            serde_json::json!({"type": "string"})
        );
        assert_eq!(
            at("/components/responses/Gone/content/text~1event-stream/schema"),
            event(json(serde_json::json!({"type": "integer"})))
        );
    }

    /// In a document given as 3.2, `schema` covers the whole stream: an event's schema is
    /// the `itemSchema`.
    #[test]
    fn in_a_3_2_document_an_events_schema_is_the_item_schema() {
        let mut spec = json!({"paths": {"/a": {"x-additional-operations": {"QUERY": {"responses": {
            "200": {"content": {"text/event-stream": {"schema": {"type": "string"}}}}
        }}}}}});
        let rewritten = rewrite(&mut spec);
        assert_eq!(rewritten, Rewritten { events: 1, records: 0, v3_2: true, part_names: 0 });
        let entry = &spec["paths"]["/a"]["query"]["responses"]["200"]["content"]["text/event-stream"];
        assert!(entry.get("schema").is_none(), "{entry}");
        assert_eq!(entry["itemSchema"]["properties"]["data"], json!({"type": "string"}));
    }

    /// Each JSON Lines or JSON sequence `schema` (one item's) becomes an array of items,
    /// which is what the hooks' deserializer reads the answer into; events, JSON and
    /// `itemSchema` are left alone.
    #[test]
    fn records_are_given_to_schemathesis_as_arrays_of_items() {
        let tick = json!({"$ref": "#/components/schemas/Tick"});
        let mut spec = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {
                "application/x-ndjson": {"schema": tick},
                "application/jsonl": {"schema": tick},
                "application/json-seq; charset=utf-8": {"schema": tick},
                "application/json": {"schema": tick},
                "application/jsonl+x": {"schema": tick}
            }}}}}},
            "components": {"responses": {"Lines": {"content": {"application/jsonl": {"itemSchema": tick, "schema": tick}}}}}
        });
        assert_eq!(rewrite(&mut spec), Rewritten { events: 0, records: 3, v3_2: false, part_names: 0 });
        let content = &spec["paths"]["/a"]["get"]["responses"]["200"]["content"];
        let array = json!({"type": "array", "items": tick});
        assert_eq!(content["application/x-ndjson"]["schema"], array);
        assert_eq!(content["application/jsonl"]["schema"], array);
        assert_eq!(content["application/json-seq; charset=utf-8"]["schema"], array);
        assert_eq!(content["application/json"]["schema"], tick);
        assert_eq!(content["application/jsonl+x"]["schema"], tick);
        assert_eq!(spec["components"]["responses"]["Lines"]["content"]["application/jsonl"]["schema"], tick);
        assert_eq!(spec["openapi"], Value::Null, "no 3.2 construct, so the version is left as it is");
    }

    /// Each multipart body that is not an array admits only part names without control
    /// characters, its own schema kept whole inside `allOf` (inline, a `$ref`, a
    /// component request body); an array body, another media type and a response are
    /// left alone.
    #[test]
    fn multipart_bodies_admit_only_part_names_without_control_characters() {
        let tallies = json!({"type": "object", "properties": {"title": {"type": "string"}}, "additionalProperties": {"type": "integer"}});
        let card = json!({"$ref": "#/components/schemas/Card"});
        let list = json!({"$ref": "#/components/schemas/List"});
        let mut spec = json!({
            "paths": {"/a": {"post": {
                "requestBody": {"content": {
                    "multipart/form-data": {"schema": tallies},
                    "application/json": {"schema": tallies},
                    "multipart/mixed": {"schema": list}
                }},
                "responses": {"200": {"content": {"multipart/form-data": {"schema": tallies}}}}
            }, "put": {"requestBody": {"$ref": "#/components/requestBodies/Card"}}}},
            "components": {
                "schemas": {"Card": {"type": "object"}, "List": {"type": "array", "items": {"type": "string"}}},
                "requestBodies": {"Card": {"content": {"multipart/form-data; boundary=x": {"schema": card}}}}
            }
        });
        assert_eq!(rewrite(&mut spec).part_names, 2);
        let named = |schema: &Value| json!({"type": "object", "allOf": [schema], "patternProperties": {PART_NAME: {}}, "additionalProperties": false});
        let content = &spec["paths"]["/a"]["post"]["requestBody"]["content"];
        assert_eq!(content["multipart/form-data"]["schema"], named(&tallies));
        assert_eq!(content["application/json"]["schema"], tallies);
        assert_eq!(content["multipart/mixed"]["schema"], list);
        assert_eq!(
            spec["paths"]["/a"]["post"]["responses"]["200"]["content"]["multipart/form-data"]["schema"],
            tallies
        );
        let component = &spec["components"]["requestBodies"]["Card"]["content"]["multipart/form-data; boundary=x"];
        assert_eq!(component["schema"], named(&card));
        // The pattern admits what a header value carries and nothing else.
        assert_eq!(PART_NAME, r"^[^\x00-\x1f\x7f]*$");
    }

    /// What the 3.2 rewrite keeps in extensions is said in 3.2's words again, for
    /// schemathesis to test: QUERY, other methods, the querystring, positional encodings.
    #[test]
    fn three_two_constructs_are_given_in_three_two_words() {
        let mut spec = json!({
            "openapi": "3.0.3",
            "paths": {"/notes": {
                "get": {"parameters": [{"name": "filter", "in": "query", "x-querystring": true, "content": {}}]},
                "x-additional-operations": {"QUERY": {"operationId": "queryNotes"}, "PURGE": {"operationId": "purgeNotes"}}
            }, "/batch": {"post": {"requestBody": {"content": {"multipart/mixed": {
                "schema": {"type": "array"},
                "x-oai-prefixEncoding": [{"contentType": "text/plain"}],
                "x-oai-itemEncoding": {"contentType": "application/json"}
            }}}}}},
            "components": {"parameters": {"Q": {"name": "q", "in": "query", "x-querystring": true}}}
        });
        assert!(as_3_2(&mut spec));
        assert_eq!(spec["openapi"], "3.2.0");
        let notes = &spec["paths"]["/notes"];
        assert_eq!(notes["query"]["operationId"], "queryNotes");
        assert_eq!(notes["additionalOperations"]["PURGE"]["operationId"], "purgeNotes");
        assert!(notes.get("x-additional-operations").is_none());
        assert_eq!(notes["get"]["parameters"][0], json!({"name": "filter", "in": "querystring", "content": {}}));
        assert_eq!(spec["components"]["parameters"]["Q"], json!({"name": "q", "in": "querystring"}));
        let body = &spec["paths"]["/batch"]["post"]["requestBody"]["content"]["multipart/mixed"];
        assert_eq!(body["prefixEncoding"], json!([{"contentType": "text/plain"}]));
        assert_eq!(body["itemEncoding"], json!({"contentType": "application/json"}));

        let mut plain =
            json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query"}]}}}});
        let before = plain.clone();
        assert!(!as_3_2(&mut plain));
        assert_eq!(plain, before);
    }
}
