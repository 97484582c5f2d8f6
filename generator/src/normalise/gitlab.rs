//! GitLab's dialect of OpenAPI, rewritten into standard OpenAPI 3.0 by general rules
//! (not special cases for GitLab's field names), each reported as a located warning:
//!
//! - `type: date` becomes `type: string` with `format: date`, or `format: date-time` when
//!   every example that reaches the schema is a date-time.
//! - An array without `items` gets its item schema from the examples that reach it.
//! - An object schema whose examples are all lists of objects becomes a list of it.
//! - Properties the examples use but the schema does not declare are added; in an
//!   `allOf` member, only those no other member (nor the schema beside it) declares.
//! - `type: [T, "null"]` (OpenAPI 3.1 style) becomes `type: T, nullable: true`.

use serde_json::{Map, Value};

use super::Normaliser;

impl Normaliser<'_> {
    /// An object schema whose examples are all arrays of objects describes one item of
    /// what is really sent: GitLab's list endpoints answer with arrays. Rewrites the
    /// schema to an array of it and returns the evidence for the new schema.
    pub(super) fn list_of_objects(&mut self, schema: &mut Value, pointer: &str, evidence: Vec<Value>) -> Vec<Value> {
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

    /// Properties the examples use but the schema does not declare are added, typed from
    /// the examples, so decoding keeps them (GitLab's access requests declare `usename`
    /// while their examples, and the API, say `username`).
    pub(super) fn undeclared_properties(&mut self, s: &mut Map<String, Value>, pointer: &str, evidence: &[Value]) {
        // `properties: {}` declares no names: its examples illustrate a free-form object
        // (Shutterstock's license metadata, `maxProperties: 4`), which stays a map.
        let Some(Value::Object(props)) = s.get("properties").filter(|p| p.as_object().is_some_and(|p| !p.is_empty()))
        else {
            return;
        };
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
    pub(super) fn type_list(&mut self, s: &mut Map<String, Value>, pointer: &str) {
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

    pub(super) fn date(&mut self, s: &mut Map<String, Value>, pointer: &str, evidence: &[Value]) {
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

    pub(super) fn infer_items(&mut self, s: &mut Map<String, Value>, pointer: &str, evidence: &[Value]) {
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

fn scalar_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        _ => "any",
    }
}

fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// The property names a schema declares, with those of the schemas it composes; `None`
/// when it names another schema (`$ref`), whose names this walk does not see.
pub(super) fn declared(schema: &Value) -> Option<Vec<String>> {
    if schema.get("$ref").is_some() {
        return None;
    }
    let mut names: Vec<String> = match schema.get("properties") {
        Some(Value::Object(props)) => props.keys().cloned().collect(),
        _ => Vec::new(),
    };
    for key in ["allOf", "oneOf", "anyOf"] {
        for m in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            names.extend(declared(m)?);
        }
    }
    Some(names)
}

/// The evidence for member `i` of an `allOf`: the examples describe the whole value, so a
/// property another member declares (or the schema beside the `allOf`, `own`) is declared,
/// not one to add to this member (DigitalOcean's firewall rules' `protocol`, an enum in
/// one member, was added as a plain string to the other, which then replaced it). When a
/// sibling is a `$ref`, whose names are not seen here, only this member's own properties
/// are kept in the evidence, so nothing is added to it. A property no one declares is
/// added to the first member with properties only.
pub(super) fn for_member(evidence: &[Value], own: &[String], declared: &[Option<Vec<String>>], i: usize) -> Vec<Value> {
    let mine: &[String] = declared[i].as_deref().unwrap_or(&[]);
    let siblings: Option<Vec<&String>> = declared
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, d)| d.as_ref())
        .collect::<Option<Vec<_>>>()
        .map(|d| d.into_iter().flatten().chain(own).collect());
    // A property no member declares is added once, to the first member with properties.
    let first = declared.iter().position(|d| d.as_ref().is_some_and(|d| !d.is_empty()));
    let keep = |key: &String| match &siblings {
        Some(siblings) => mine.contains(key) || (first == Some(i) && !siblings.contains(&key)),
        None => mine.contains(key),
    };
    evidence
        .iter()
        .map(|e| match e {
            Value::Object(map) => {
                Value::Object(map.iter().filter(|(k, _)| keep(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            other => other.clone(),
        })
        .collect()
}
