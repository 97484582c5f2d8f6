//! Normalise: rewrites a bundled document in GitLab's dialect into standard OpenAPI 3.0,
//! reporting every rewrite as a located warning. What it cannot make sense of is an error.
//!
//! The rewrites are general rules, not special cases for GitLab's field names:
//! - `type: date` becomes `type: string` with `format: date`, or `format: date-time` when
//!   every example that reaches the schema is a date-time.
//! - An array without `items` gets its item schema from the examples that reach it.
//! - `type: [T, "null"]` (OpenAPI 3.1 style) becomes `type: T, nullable: true`.
//!
//! "Examples that reach a schema" are the schema's own `example`, and the `example` or
//! `examples` of the media type or parameter it belongs to, followed down through
//! `properties`, `items` and `additionalProperties`.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, push_pointer};
use crate::load::Sources;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const KNOWN_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

struct Normaliser<'a> {
    sources: &'a Sources,
    diags: &'a mut Vec<Diagnostic>,
}

/// Normalises `doc` in place. Returns false if an error was reported.
pub fn normalise(doc: &mut Value, sources: &Sources, diags: &mut Vec<Diagnostic>) -> bool {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut n = Normaliser { sources, diags };
    if !n.version(doc) {
        return false;
    }
    // 3.1 is rewritten to the 3.0 model first; everything below then reads 3.0.
    if doc.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1")) {
        crate::v31::rewrite(doc, sources, n.diags);
    }
    n.document(doc);
    diags.iter().filter(|d| d.is_error()).count() == errors_before
}

impl Normaliser<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        let loc = self.sources.locate(pointer);
        self.diags.push(Diagnostic::warning(message).at(Some(loc)));
    }

    fn error(&mut self, pointer: &str, message: String, help: Option<&str>) {
        let loc = self.sources.locate(pointer);
        let mut d = Diagnostic::error(message).at(Some(loc));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }

    fn version(&mut self, doc: &Value) -> bool {
        if let Some(v) = doc.get("swagger") {
            self.error(
                "/swagger",
                format!(
                    "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported",
                    v.as_str().unwrap_or("2.0")
                ),
                Some("convert it to OpenAPI 3.0 first (for example with swagger2openapi)"),
            );
            return false;
        }
        match doc.get("openapi") {
            None => {
                self.error(
                    "",
                    "not an OpenAPI document: the `openapi` field is missing".into(),
                    Some("add `openapi: 3.0.3` at the top of the root spec"),
                );
                false
            }
            Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => true,
            Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => true,
            Some(v) => {
                self.error(
                    "/openapi",
                    format!("unknown OpenAPI version {v}; only 3.0.x and 3.1.x are supported"),
                    None,
                );
                false
            }
        }
    }

    fn document(&mut self, doc: &mut Value) {
        if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
            for (name, schema) in schemas.iter_mut() {
                let p = push_pointer("/components/schemas", name);
                self.schema(schema, &p, Vec::new());
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = doc.pointer_mut(&format!("/components/{section}")) {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer(&format!("/components/{section}"), name);
                    self.parameter(item, &p);
                }
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = doc.pointer_mut(&format!("/components/{section}")) {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer(&format!("/components/{section}"), name);
                    self.with_content(item, &p);
                }
            }
        }
        let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
        for (path, item) in paths.iter_mut() {
            let item_ptr = push_pointer("/paths", path);
            let Value::Object(item) = item else { continue };
            if let Some(Value::Array(params)) = item.get_mut("parameters") {
                for (i, p) in params.iter_mut().enumerate() {
                    let ptr = format!("{item_ptr}/parameters/{i}");
                    self.parameter_location(p, &ptr);
                    self.parameter(p, &ptr);
                }
            }
            self.ignored(
                item,
                &item_ptr,
                &[("servers", "path-level `servers` are ignored; calls go to the client's base URL")],
            );
            for method in METHODS {
                let Some(Value::Object(op)) = item.get_mut(method) else { continue };
                let op_ptr = push_pointer(&item_ptr, method);
                self.ignored(
                    op,
                    &op_ptr,
                    &[("servers", "operation-level `servers` are ignored; calls go to the client's base URL")],
                );
                if let Some(Value::Array(params)) = op.get_mut("parameters") {
                    for (i, p) in params.iter_mut().enumerate() {
                        let ptr = format!("{op_ptr}/parameters/{i}");
                        self.parameter_location(p, &ptr);
                        self.parameter(p, &ptr);
                    }
                }
                if let Some(body) = op.get_mut("requestBody") {
                    self.with_content(body, &format!("{op_ptr}/requestBody"));
                }
                if let Some(Value::Object(responses)) = op.get_mut("responses") {
                    for (status, response) in responses.iter_mut() {
                        let p = push_pointer(&format!("{op_ptr}/responses"), status);
                        if !is_status_key(status) {
                            self.error(
                                &p,
                                format!("response key `{status}` is not a status code"),
                                Some("use a quoted status code (`'200'`), a range (`'2XX'`) or `default`"),
                            );
                            continue;
                        }
                        if let Value::Object(r) = response {
                            self.ignored(r, &p, &[("links", "response `links` are ignored")]);
                        }
                        self.with_content(response, &p);
                    }
                }
            }
        }
    }

    /// Warns about keys the generator reads but does not act on, so nothing is dropped
    /// silently.
    fn ignored(&mut self, map: &Map<String, Value>, pointer: &str, keys: &[(&str, &str)]) {
        for (key, why) in keys {
            if map.contains_key(*key) {
                self.warn(&push_pointer(pointer, key), (*why).to_string());
            }
        }
    }

    /// `in:` must be one of OpenAPI 3.0's four locations.
    fn parameter_location(&mut self, param: &Value, pointer: &str) {
        if param.get("$ref").is_some() {
            return;
        }
        match param.get("in").and_then(Value::as_str) {
            Some("query" | "header" | "path" | "cookie") => {}
            Some(old @ ("body" | "formData")) => self.error(
                &format!("{pointer}/in"),
                format!("`in: {old}` is Swagger 2.0; OpenAPI 3.0 has no such parameter location"),
                Some("describe the payload with the operation's `requestBody` instead"),
            ),
            Some(other) => self.error(
                &format!("{pointer}/in"),
                format!("`in: {other}` is not a parameter location"),
                Some("use `query`, `header`, `path` or `cookie`"),
            ),
            None => {
                self.error(pointer, "parameter has no `in`".into(), Some("add `in: query` (or header, path, cookie)"))
            }
        }
    }

    /// A parameter or header: its schema, with its own examples as evidence.
    fn parameter(&mut self, param: &mut Value, pointer: &str) {
        let Value::Object(param) = param else { return };
        let evidence = examples_of(param);
        if let Some(schema) = param.get_mut("schema") {
            self.schema(schema, &format!("{pointer}/schema"), evidence);
        }
        self.content(param, pointer);
    }

    /// A response or request body: its `content`, and a response's `headers`.
    fn with_content(&mut self, value: &mut Value, pointer: &str) {
        let Value::Object(map) = value else { return };
        self.content(map, pointer);
        if let Some(Value::Object(headers)) = map.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let p = push_pointer(&format!("{pointer}/headers"), name);
                self.parameter(header, &p);
            }
        }
    }

    fn content(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(content)) = map.get_mut("content") else { return };
        for (media, mt) in content.iter_mut() {
            let mt_ptr = push_pointer(&format!("{pointer}/content"), media);
            let Value::Object(mt) = mt else { continue };
            let evidence = examples_of(mt);
            if let Some(schema) = mt.get_mut("schema") {
                let schema_ptr = format!("{mt_ptr}/schema");
                let evidence = self.list_of_objects(schema, &schema_ptr, evidence);
                self.schema(schema, &schema_ptr, evidence);
            }
        }
    }

    /// An object schema whose examples are all arrays of objects describes one item of
    /// what is really sent: GitLab's list endpoints answer with arrays. Rewrites the
    /// schema to an array of it and returns the evidence for the new schema.
    fn list_of_objects(&mut self, schema: &mut Value, pointer: &str, evidence: Vec<Value>) -> Vec<Value> {
        let is_object = schema.get("$ref").is_none()
            && (schema.get("type").and_then(Value::as_str) == Some("object") || schema.get("properties").is_some());
        let all_lists = !evidence.is_empty()
            && evidence.iter().all(|e| e.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object)));
        if is_object && all_lists {
            self.warn(
                pointer,
                "the schema is one object but every example is an array of objects; read as an array of that object"
                    .into(),
            );
            let item = std::mem::take(schema);
            *schema = serde_json::json!({ "type": "array", "items": item });
        }
        evidence
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str, mut evidence: Vec<Value>) {
        let Value::Object(s) = schema else { return };
        if s.contains_key("$ref") {
            return;
        }
        if let Some(example) = s.get("example") {
            evidence.push(example.clone());
        }
        if s.get("type").is_some_and(Value::is_array) {
            self.type_list(s, pointer);
        }
        match s.get("type") {
            Some(Value::String(t)) if t == "date" => self.date(s, pointer, &evidence),
            Some(Value::String(t)) if !KNOWN_TYPES.contains(&t.as_str()) => {
                self.error(
                    &format!("{pointer}/type"),
                    format!("unknown type `{t}`"),
                    Some("OpenAPI 3.0 types are string, number, integer, boolean, array and object"),
                );
            }
            Some(Value::String(_) | Value::Array(_)) | None => {}
            Some(other) => {
                self.error(&format!("{pointer}/type"), format!("`type` must be a string, not {other}"), None);
            }
        }
        let is_array = s.get("type").and_then(Value::as_str) == Some("array");
        if is_array && !s.contains_key("items") {
            self.infer_items(s, pointer, &evidence);
        }
        self.undeclared_properties(s, pointer, &evidence);
        // Follow the evidence down into subschemas.
        if let Some(Value::Object(props)) = s.get_mut("properties") {
            for (name, prop) in props.iter_mut() {
                let ev = evidence.iter().filter_map(|e| e.get(name)).cloned().collect();
                self.schema(prop, &push_pointer(&format!("{pointer}/properties"), name), ev);
            }
        }
        if let Some(items) = s.get_mut("items") {
            let ev = evidence.iter().filter_map(Value::as_array).flatten().cloned().collect();
            self.schema(items, &format!("{pointer}/items"), ev);
        }
        if let Some(additional @ Value::Object(_)) = s.get_mut("additionalProperties") {
            let ev = evidence.iter().filter_map(Value::as_object).flat_map(|m| m.values()).cloned().collect();
            self.schema(additional, &format!("{pointer}/additionalProperties"), ev);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = s.get_mut(key) {
                for (i, m) in members.iter_mut().enumerate() {
                    self.schema(m, &format!("{pointer}/{key}/{i}"), evidence.clone());
                }
            }
        }
        if let Some(not) = s.get_mut("not") {
            self.schema(not, &format!("{pointer}/not"), Vec::new());
        }
    }

    /// Properties the examples use but the schema does not declare are added, typed from
    /// the examples, so decoding keeps them (GitLab's access requests declare `usename`
    /// while their examples, and the API, say `username`).
    fn undeclared_properties(&mut self, s: &mut Map<String, Value>, pointer: &str, evidence: &[Value]) {
        let Some(Value::Object(props)) = s.get("properties") else { return };
        if s.get("additionalProperties").is_some_and(|a| a != &Value::Bool(false)) {
            return;
        }
        let mut added: Vec<(String, Value)> = Vec::new();
        for e in evidence.iter().filter_map(Value::as_object) {
            for (key, value) in e {
                if props.contains_key(key) || added.iter().any(|(k, _)| k == key) {
                    continue;
                }
                added.push((key.clone(), infer_schema(value)));
            }
        }
        if added.is_empty() {
            return;
        }
        let unused: Vec<&String> =
            props.keys().filter(|p| !evidence.iter().any(|e| e.get(p.as_str()).is_some())).collect();
        let mut notes = Vec::new();
        for (key, schema) in &added {
            let close = unused.iter().find(|p| strsim::damerau_levenshtein(p, key) <= 2);
            let t = schema.get("type").and_then(Value::as_str).unwrap_or("any JSON value");
            let mut note = format!("`{key}` (as `{t}`)");
            if let Some(p) = close {
                note.push_str(&format!(", perhaps meant by the declared `{p}`"));
            }
            notes.push(note);
        }
        self.warn(
            &format!("{pointer}/properties"),
            format!("the examples use properties the schema does not declare; added {}", notes.join("; ")),
        );
        if let Some(Value::Object(props)) = s.get_mut("properties") {
            props.extend(added);
        }
    }

    /// `type: [T, "null"]` is OpenAPI 3.1; in 3.0 it is `type: T, nullable: true`.
    fn type_list(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(types)) = s.get("type") else { return };
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
        if names.len() == types.len() && non_null.len() == 1 && names.len() == 2 {
            let t = non_null[0].to_string();
            self.warn(
                &format!("{pointer}/type"),
                format!("`type: [{t}, null]` is OpenAPI 3.1; read as `type: {t}, nullable: true`"),
            );
            s.insert("type".into(), Value::String(t));
            s.insert("nullable".into(), Value::Bool(true));
        } else {
            self.error(
                &format!("{pointer}/type"),
                "a list of types is not supported; OpenAPI 3.0 takes one type".into(),
                Some("use `oneOf` with one schema per type"),
            );
        }
    }

    fn date(&mut self, s: &mut Map<String, Value>, pointer: &str, evidence: &[Value]) {
        let mut date_times = 0;
        let mut dates = 0;
        for e in evidence {
            match e.as_str() {
                Some(text) if is_date_time(text) => date_times += 1,
                Some(text) if is_date(text) => dates += 1,
                _ => {
                    self.error(
                        &format!("{pointer}/type"),
                        format!("`type: date` has the example {e}, which is neither a date nor a date-time"),
                        Some("use `type: string` with `format: date` or `format: date-time`, and an example of that form"),
                    );
                    return;
                }
            }
        }
        let (format, why) = if date_times > 0 && dates == 0 {
            let example = evidence.iter().find_map(Value::as_str).unwrap_or_default();
            ("date-time", format!("its examples are date-times (`{example}`)"))
        } else if date_times > 0 {
            ("date-time", "some of its examples are date-times".to_string())
        } else if dates > 0 {
            ("date", "its examples are dates".to_string())
        } else {
            ("date", "it has no examples to say otherwise".to_string())
        };
        self.warn(
            &format!("{pointer}/type"),
            format!("`type: date` is not OpenAPI; read as `type: string, format: {format}`, because {why}"),
        );
        s.insert("type".into(), Value::String("string".into()));
        s.insert("format".into(), Value::String(format.into()));
    }

    fn infer_items(&mut self, s: &mut Map<String, Value>, pointer: &str, evidence: &[Value]) {
        let elements: Vec<&Value> = evidence.iter().filter_map(Value::as_array).flatten().collect();
        let kinds: Vec<&str> = elements.iter().map(|v| scalar_type(v)).collect();
        let first = kinds.first().copied();
        let items = match first {
            Some(k) if k != "any" && kinds.iter().all(|x| *x == k) => {
                let sample = elements.iter().take(3).map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
                self.warn(
                    pointer,
                    format!("array without `items`; items read as `{k}`, as its examples are ({sample})"),
                );
                serde_json::json!({ "type": k })
            }
            Some(_) => {
                self.warn(pointer, "array without `items` and with mixed examples; items are any JSON value".into());
                Value::Object(Map::new())
            }
            None => {
                self.warn(
                    pointer,
                    "array without `items` and no examples to infer from; items are any JSON value".into(),
                );
                Value::Object(Map::new())
            }
        };
        s.insert("items".into(), items);
    }
}

/// A schema for a value seen in an example: its JSON type, with array items inferred the
/// same way; objects and nulls are any JSON value.
fn infer_schema(v: &Value) -> Value {
    match v {
        Value::Array(items) => {
            let kinds: Vec<&str> = items.iter().map(scalar_type).collect();
            match kinds.first() {
                Some(k) if *k != "any" && kinds.iter().all(|x| x == k) => {
                    serde_json::json!({"type": "array", "items": {"type": k}})
                }
                _ => serde_json::json!({"type": "array", "items": {}}),
            }
        }
        other => match scalar_type(other) {
            "any" => serde_json::json!({}),
            t => serde_json::json!({ "type": t }),
        },
    }
}

/// `200`, `2XX` (any case) or `default`.
fn is_status_key(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || (b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && ((b[1].is_ascii_digit() && b[2].is_ascii_digit())
                || (b[1].eq_ignore_ascii_case(&b'x') && b[2].eq_ignore_ascii_case(&b'x'))))
}

fn scalar_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        _ => "any",
    }
}

/// The examples a parameter or media type gives: `example`, and each `examples/*/value`.
fn examples_of(map: &Map<String, Value>) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(e) = map.get("example") {
        out.push(e.clone());
    }
    if let Some(Value::Object(examples)) = map.get("examples") {
        out.extend(examples.values().filter_map(|e| e.get("value")).cloned());
    }
    out
}

pub(crate) fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

pub(crate) fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::load;

    /// Normalises a minimal spec and shows the rewritten `components/schemas/S` (or the
    /// errors) followed by the warnings.
    fn check(schema_yaml: &str, expect: &str) {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S:\n{}",
            schema_yaml.lines().map(|l| format!("      {l}\n")).collect::<String>()
        );
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
        let mut diags = Vec::new();
        let mut loaded = load::load(&files, "s.yaml", "", &mut diags).unwrap();
        let ok = super::normalise(&mut loaded.document, &loaded.sources, &mut diags);
        let mut out = if ok {
            serde_json::to_string(&loaded.document["components"]["schemas"]["S"]).unwrap()
        } else {
            "failed".to_string()
        };
        for d in &diags {
            out.push('\n');
            out.push_str(&d.to_string());
        }
        assert_eq!(out, expect);
    }

    #[test]
    fn date_becomes_date_or_date_time_by_evidence() {
        check(
            "type: date\nexample: '2021-01-20T14:13:35Z'",
            "{\"type\":\"string\",\"example\":\"2021-01-20T14:13:35Z\",\"format\":\"date-time\"}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: date` is not OpenAPI; read as `type: string, format: date-time`, because its examples are date-times (`2021-01-20T14:13:35Z`)",
        );
        check(
            "type: date\nexample: '2022-01-31'",
            "{\"type\":\"string\",\"example\":\"2022-01-31\",\"format\":\"date\"}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: date` is not OpenAPI; read as `type: string, format: date`, because its examples are dates",
        );
        check(
            "type: date",
            "{\"type\":\"string\",\"format\":\"date\"}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: date` is not OpenAPI; read as `type: string, format: date`, because it has no examples to say otherwise",
        );
        // Evidence flows from an object example down to its properties.
        check(
            "type: object\nproperties:\n  at: {type: date}\n  on: {type: date}\nexample: {at: '2021-01-20T14:13:35Z', on: '2022-01-31'}",
            "{\"type\":\"object\",\"properties\":{\"at\":{\"type\":\"string\",\"format\":\"date-time\"},\"on\":{\"type\":\"string\",\"format\":\"date\"}},\"example\":{\"at\":\"2021-01-20T14:13:35Z\",\"on\":\"2022-01-31\"}}\n\
             warning: s.yaml:9:14 (#/components/schemas/S/properties/at/type): `type: date` is not OpenAPI; read as `type: string, format: date-time`, because its examples are date-times (`2021-01-20T14:13:35Z`)\n\
             warning: s.yaml:10:14 (#/components/schemas/S/properties/on/type): `type: date` is not OpenAPI; read as `type: string, format: date`, because its examples are dates",
        );
        check(
            "type: date\nexample: 'next tuesday'",
            "failed\nerror: s.yaml:7:7 (#/components/schemas/S/type): `type: date` has the example \"next tuesday\", which is neither a date nor a date-time (help: use `type: string` with `format: date` or `format: date-time`, and an example of that form)",
        );
    }

    #[test]
    fn array_items_are_inferred_from_examples() {
        check(
            "type: array\nexample: [api, read_api]",
            "{\"type\":\"array\",\"example\":[\"api\",\"read_api\"],\"items\":{\"type\":\"string\"}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items`; items read as `string`, as its examples are (\"api\", \"read_api\")",
        );
        check(
            "type: array\nexample: [1, 2]",
            "{\"type\":\"array\",\"example\":[1,2],\"items\":{\"type\":\"integer\"}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items`; items read as `integer`, as its examples are (1, 2)",
        );
        check(
            "type: array\nexample: [1, a]",
            "{\"type\":\"array\",\"example\":[1,\"a\"],\"items\":{}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items` and with mixed examples; items are any JSON value",
        );
        check(
            "type: array",
            "{\"type\":\"array\",\"items\":{}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items` and no examples to infer from; items are any JSON value",
        );
    }

    #[test]
    fn unknown_and_listed_types() {
        check(
            "type: file",
            "failed\nerror: s.yaml:7:7 (#/components/schemas/S/type): unknown type `file` (help: OpenAPI 3.0 types are string, number, integer, boolean, array and object)",
        );
        check(
            "type: [string, 'null']",
            "{\"type\":\"string\",\"nullable\":true}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: [string, null]` is OpenAPI 3.1; read as `type: string, nullable: true`",
        );
    }
}
