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

impl Normaliser<'_> {
    /// An array's `enum` whose every value is an array of one scalar (Mailchimp's
    /// `action: {type: array, items: {type: string}, enum: [[abuse], [bounce], …]}`) allows
    /// exactly the arrays of one item that is one of those scalars: said as `minItems: 1`,
    /// `maxItems: 1` and the items' `enum`, which the crate reads and checks (an `enum` of
    /// arrays would be read as any JSON value, and a form parameter's `abuse` is no JSON).
    /// The same values are valid before and after, so this is no loosening: no warning.
    pub(super) fn enum_of_one_item_arrays(&mut self, s: &mut Map<String, Value>) {
        let Some(Value::Array(values)) = s.get("enum") else { return };
        let scalar = |v: &Value| v.is_string() || v.is_number() || v.is_boolean();
        let singles: Option<Vec<Value>> = values
            .iter()
            .map(|v| match v.as_array().map(Vec::as_slice) {
                Some([one]) if scalar(one) => Some(one.clone()),
                _ => None,
            })
            .collect();
        let Some(singles) = singles.filter(|v| !v.is_empty()) else { return };
        let is_array = s.get("type").and_then(Value::as_str) == Some("array");
        let bounded = s.contains_key("minItems") || s.contains_key("maxItems");
        // Items that already have an enum, or are not a plain schema, would need the two
        // enums intersected: left as they are.
        let items_free = match s.get("items") {
            Some(Value::Object(items)) => !items.contains_key("enum") && !items.contains_key("$ref"),
            None => true,
            _ => false,
        };
        if !is_array || bounded || !items_free {
            return;
        }
        s.shift_remove("enum");
        s.insert("minItems".into(), Value::from(1));
        s.insert("maxItems".into(), Value::from(1));
        let items = s.entry("items").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(items) = items {
            items.insert("enum".into(), Value::Array(singles));
        }
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
