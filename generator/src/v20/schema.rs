//! Swagger 2.0 schemas, responses and security definitions into 3.0's.

use serde_json::{Map, Value};

use super::{Converter, DEFAULT_MEDIA};
use crate::diagnostics::push_pointer;

impl Converter<'_> {
    /// Rewrites one schema and everything under it: `x-nullable`, `type: file`, the
    /// discriminator's form, and `x-ms-enum`'s open enums.
    pub(super) fn schema(&mut self, schema: &mut Value, pointer: &str) {
        let Value::Object(s) = schema else { return };
        if s.get("type").and_then(Value::as_str) == Some("file") {
            s.insert("type".into(), Value::String("string".into()));
            s.insert("format".into(), Value::String("binary".into()));
        }
        if let Some(Value::String(name)) = s.get("discriminator") {
            let d: Map<String, Value> =
                [("propertyName".to_string(), Value::String(name.clone()))].into_iter().collect();
            s.insert("discriminator".into(), Value::Object(d));
        }
        let open = s.get("x-ms-enum").and_then(|e| e.get("modelAsString")).and_then(Value::as_bool);
        if open == Some(true) && s.contains_key("enum") && !s.contains_key("x-open-enum") {
            s.insert("x-open-enum".into(), Value::Bool(true));
        }
        if let Some(nullable) = s.shift_remove("x-nullable") {
            if nullable == Value::Bool(true) {
                s.insert("nullable".into(), Value::Bool(true));
            }
        }
        if s.contains_key("$ref") && s.len() > 1 {
            ref_siblings(s);
        }
        for key in ["properties"] {
            if let Some(Value::Object(props)) = s.get_mut(key) {
                for (name, prop) in props.iter_mut() {
                    self.schema(prop, &push_pointer(&push_pointer(pointer, key), name));
                }
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(sub @ Value::Object(_)) = s.get_mut(key) {
                self.schema(sub, &push_pointer(pointer, key));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = s.get_mut(key) {
                for (i, m) in members.iter_mut().enumerate() {
                    self.schema(m, &format!("{pointer}/{key}/{i}"));
                }
            }
        }
    }

    /// A response: its schema in each media type the operation produces, its headers'
    /// value keywords in a `schema`, and its examples by media type.
    pub(super) fn response(&mut self, r: &mut Value, produces: Option<&[String]>, from: &str, to: &str) {
        let Value::Object(map) = r else { return };
        if map.contains_key("$ref") {
            return;
        }
        let mut out = Map::new();
        out.insert(
            "description".into(),
            map.shift_remove("description").unwrap_or_else(|| Value::String(String::new())),
        );
        if let Some(Value::Object(mut headers)) = map.shift_remove("headers") {
            for (name, h) in headers.iter_mut() {
                let Value::Object(h) = h else { continue };
                let h_from = push_pointer(&format!("{from}/headers"), name);
                // A header's list is `simple`: comma-separated, 2.0's default `csv`.
                let format = h.shift_remove("collectionFormat");
                if let Some(f) = format.as_ref().and_then(Value::as_str).filter(|f| *f != "csv") {
                    self.warn(
                        &format!("{h_from}/collectionFormat"),
                        format!("a response header's list is comma-separated in OpenAPI 3.0; `collectionFormat: {f}` is read as `csv`"),
                    );
                }
                let schema = self.value_schema(h, &h_from);
                h.insert("schema".into(), Value::Object(schema));
                let h_to = push_pointer(&format!("{to}/headers"), name);
                self.moved(format!("{h_to}/schema"), h_from);
            }
            out.insert("headers".into(), Value::Object(headers));
        }
        let examples = match map.shift_remove("examples") {
            Some(Value::Object(examples)) => examples,
            _ => Map::new(),
        };
        if let Some(mut schema) = map.shift_remove("schema") {
            self.schema(&mut schema, &format!("{from}/schema"));
            let file = schema.get("format").and_then(Value::as_str) == Some("binary")
                && schema.get("type").and_then(Value::as_str) == Some("string");
            let fallback = if file { "application/octet-stream" } else { DEFAULT_MEDIA };
            let media: Vec<String> = match produces {
                Some(list) if !list.is_empty() => list.to_vec(),
                _ => vec![fallback.into()],
            };
            let mut content = Map::new();
            for m in media {
                let mut mt = Map::new();
                mt.insert("schema".into(), schema.clone());
                if let Some(example) = examples.get(&m) {
                    mt.insert("example".into(), example.clone());
                }
                self.moved(format!("{}/schema", push_pointer(&format!("{to}/content"), &m)), format!("{from}/schema"));
                content.insert(m, Value::Object(mt));
            }
            out.insert("content".into(), Value::Object(content));
        }
        out.extend(std::mem::take(map));
        *map = out;
    }

    /// `basic` → HTTP basic; `apiKey` as it is; `oauth2`'s one flow → `flows`.
    pub(super) fn security_scheme(&mut self, s: &mut Value, from: &str) {
        let Value::Object(map) = s else { return };
        match map.get("type").and_then(Value::as_str) {
            Some("basic") => {
                map.insert("type".into(), Value::String("http".into()));
                map.shift_insert(1, "scheme".into(), Value::String("basic".into()));
            }
            Some("oauth2") => {
                let flow = map.shift_remove("flow");
                let mut f = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(v) = map.shift_remove(key) {
                        f.insert(key.into(), v);
                    }
                }
                f.insert("scopes".into(), map.shift_remove("scopes").unwrap_or_else(|| Value::Object(Map::new())));
                let name = match flow.as_ref().and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    _ => {
                        self.warn(
                            &format!("{from}/flow"),
                            "an OAuth2 scheme's `flow` is `implicit`, `password`, `application` or `accessCode`; read as `clientCredentials`".into(),
                        );
                        "clientCredentials"
                    }
                };
                let flows: Map<String, Value> = [(name.to_string(), Value::Object(f))].into_iter().collect();
                map.insert("flows".into(), Value::Object(flows));
            }
            _ => {}
        }
    }
}

/// Annotations that AutoRest's dialect writes beside a `$ref` and means.
const REF_ANNOTATIONS: &[&str] =
    &["description", "title", "readOnly", "default", "example", "nullable", "x-ms-client-name"];

/// 3.0 ignores what is written beside a `$ref`; a one-member `allOf` is how it annotates a
/// reference (lowering reads it as its member, with the description and `nullable`).
/// Extensions beside it are dropped, but for the property's `x-ms-client-name`; anything
/// else is left for `references` to report.
fn ref_siblings(s: &mut Map<String, Value>) {
    s.retain(|k, _| !k.starts_with("x-") || k == "x-ms-client-name");
    if !s.keys().any(|k| REF_ANNOTATIONS.contains(&k.as_str())) {
        return;
    }
    let reference = s.shift_remove("$ref").unwrap_or_default();
    let member: Map<String, Value> = [("$ref".to_string(), reference)].into_iter().collect();
    s.shift_insert(0, "allOf".into(), Value::Array(vec![Value::Object(member)]));
}

/// `x-ms-discriminator-value` on a schema that extends a base with a discriminator
/// (`allOf: [$ref: Base, …]`) is the base's `mapping` from that value to the schema. A
/// schema without one is told apart by its name, which is 2.0's rule and lowering's.
pub(super) fn discriminator_mappings(schemas: &mut Map<String, Value>) {
    let mut entries = Vec::new();
    for (name, s) in schemas.iter() {
        let Some(value) = s.get("x-ms-discriminator-value").and_then(Value::as_str) else { continue };
        if value == name {
            continue;
        }
        let Some(Value::Array(members)) = s.get("allOf") else { continue };
        for m in members {
            let Some(base) = m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/"))
            else {
                continue;
            };
            let base = super::params::unescape(base);
            if schemas.get(&base).is_some_and(|b| b.get("discriminator").is_some()) {
                entries.push((base, value.to_string(), push_pointer("#/components/schemas", name)));
            }
        }
    }
    for (base, value, target) in entries {
        let Some(Value::Object(d)) = schemas.get_mut(&base).and_then(|b| b.get_mut("discriminator")) else { continue };
        let mapping = d.entry("mapping").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(mapping) = mapping {
            mapping.entry(value).or_insert(Value::String(target));
        }
    }
}
