//! Integer keywords past 64 bits. openapiv3 reads an integer schema's `minimum`,
//! `maximum` and `enum` as `i64`, so one bound past it (DigitalOcean's `2^64` limits)
//! would fail the whole parse. Bounds only narrow what is valid, so they are dropped
//! with a warning; an integer `enum` with such a value is dropped the same way and the
//! schema reads as a plain integer.

use serde_json::{Map, Value};

use super::Normaliser;

impl Normaliser<'_> {
    pub(super) fn wide_numbers(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        if s.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            if let Some(v) = s.get(key).filter(|v| !fits(v)) {
                let message =
                    format!("`{key}` {v} does not fit in 64 bits; it only narrows what is valid, and is ignored");
                s.remove(key);
                self.warn(&format!("{pointer}/{key}"), message);
            }
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            if let Some(v) = values.iter().find(|v| !v.is_null() && !fits(v)) {
                let message = format!("the `enum` value {v} does not fit in 64 bits; the enum is read as any integer");
                s.remove("enum");
                self.warn(&format!("{pointer}/enum"), message);
            }
        }
    }
}

/// Whether openapiv3 can read `v` as an `i64`.
fn fits(v: &Value) -> bool {
    v.as_i64().is_some()
}
