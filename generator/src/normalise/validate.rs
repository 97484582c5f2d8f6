//! Validation: the structure `openapiv3` would reject with a less helpful message, said
//! with its place and its fix, and keys that are read but not acted on, said so.

use serde_json::{Map, Value};

use super::Normaliser;
use crate::diagnostics::push_pointer;

const KNOWN_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

impl Normaliser<'_> {
    /// Warns about keys the generator reads but does not act on, so nothing is dropped
    /// silently.
    pub(super) fn ignored(&mut self, map: &Map<String, Value>, pointer: &str, keys: &[(&str, &str)]) {
        for (key, why) in keys {
            if map.contains_key(*key) {
                self.warn(&push_pointer(pointer, key), (*why).to_string());
            }
        }
    }

    /// `in:` must be one of OpenAPI 3.0's four locations.
    pub(super) fn parameter_location(&mut self, param: &Value, pointer: &str) {
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

    /// `type` must be one of OpenAPI 3.0's types, as one string (`type: date` and type
    /// lists are rewritten before this is asked).
    pub(super) fn schema_type(&mut self, s: &Map<String, Value>, pointer: &str) {
        match s.get("type") {
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
    }
}

impl Normaliser<'_> {
    /// An `enum` whose values are not all of the schema's scalar `type` (Zoom's TSP ids:
    /// `type: string, enum: [1, 2]`) allows, as JSON Schema reads it, only the values that
    /// are both, so none at all here, and no request could be valid. The generator reads
    /// such an enum by its values (openapiv3 cannot type it; `lower::schemas` `loose`
    /// takes an `enum` over a `type`), so the `type` leaves the bundle, and the
    /// `openapi.json` that other tools read says what the crate reads.
    pub(super) fn enum_of_another_type(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::String(ty)) = s.get("type") else { return };
        let fits = |v: &Value| match ty.as_str() {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => true,
        };
        let Some(Value::Array(values)) = s.get("enum") else { return };
        let others: Vec<String> = values.iter().filter(|v| !v.is_null() && !fits(v)).map(Value::to_string).collect();
        if others.is_empty() {
            return;
        }
        let message = format!(
            "`type: {ty}` disagrees with the enum's values {}, which are read as they are written; the `type` is dropped",
            others.join(", ")
        );
        s.shift_remove("type");
        self.warn(&push_pointer(pointer, "type"), message);
    }
}

/// `200`, `2XX` (any case) or `default`.
pub(super) fn is_status_key(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || (b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && ((b[1].is_ascii_digit() && b[2].is_ascii_digit())
                || (b[1].eq_ignore_ascii_case(&b'x') && b[2].eq_ignore_ascii_case(&b'x'))))
}
