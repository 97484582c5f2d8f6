//! Whether a JSON value validates against a schema, as far as the mock needs to know:
//! types, enums, required properties, declared properties' values, items, string
//! formats that the mock synthesises, patterns, lengths and numeric bounds. The spec's
//! examples are answered only when they do (a spec's example is sometimes out of date, or
//! a placeholder: GitLab's list an `auditor` role its enum no longer has, Sendgrid's say
//! `"string"` where a `uuid` is due). Unknown constructs count as fitting.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::Lowerer;

/// How deep a value is checked: recursive schemas end long before.
const MAX_DEPTH: usize = 12;

/// Where a value breaks its schema (a JSON pointer into the value, `""` for the whole
/// value) and how.
pub(super) type Misfit = (String, String);

fn at(key: &str, (pointer, what): Misfit) -> Misfit {
    (format!("/{}{pointer}", key.replace('~', "~0").replace('/', "~1")), what)
}

impl Lowerer<'_> {
    /// Whether `value` validates against `schema`.
    pub(super) fn fits(&self, schema: &ReferenceOr<Schema>, value: &Value, depth: usize) -> bool {
        self.misfit(schema, value, depth).is_none()
    }

    pub(super) fn fits_boxed(&self, schema: &ReferenceOr<Box<Schema>>, value: &Value, depth: usize) -> bool {
        self.misfit_boxed(schema, value, depth).is_none()
    }

    /// Where and how `value` breaks `schema`, if it does.
    pub(super) fn misfit(&self, schema: &ReferenceOr<Schema>, value: &Value, depth: usize) -> Option<Misfit> {
        let s = self.lookup(schema)?;
        self.misfit_schema(s, value, depth)
    }

    fn misfit_boxed(&self, schema: &ReferenceOr<Box<Schema>>, value: &Value, depth: usize) -> Option<Misfit> {
        match schema {
            ReferenceOr::Item(s) => self.misfit_schema(s, value, depth),
            ReferenceOr::Reference { reference } => {
                self.misfit(&ReferenceOr::Reference { reference: reference.clone() }, value, depth)
            }
        }
    }

    fn misfit_schema(&self, s: &Schema, value: &Value, depth: usize) -> Option<Misfit> {
        if depth > MAX_DEPTH {
            return None;
        }
        let depth = depth + 1;
        let fail = |what: String| Some((String::new(), what));
        if value.is_null() {
            let holds_null = s.schema_data.nullable || matches!(&s.schema_kind, SchemaKind::Any(a) if a.typ.is_none());
            return if holds_null { None } else { fail("`null` where the schema is not nullable".into()) };
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let Some(text) = value.as_str() else { return fail(format!("{} is not a string", shown(value))) };
                let format = match &t.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    _ => None,
                };
                if !t.enumeration.is_empty() && !t.enumeration.iter().flatten().any(|e| e == text) {
                    return fail(format!("{} is not one of the enum's values", shown(value)));
                }
                string_misfit(text, format, t.pattern.as_deref(), t.min_length, t.max_length).and_then(fail)
            }
            SchemaKind::Type(Type::Integer(t)) => {
                let Some(n) = value.as_i64() else { return fail(format!("{} is not an integer", shown(value))) };
                let fits = (t.enumeration.is_empty() || t.enumeration.iter().flatten().any(|e| *e == n))
                    && t.minimum.is_none_or(|m| if t.exclusive_minimum { n > m } else { n >= m })
                    && t.maximum.is_none_or(|m| if t.exclusive_maximum { n < m } else { n <= m });
                if fits { None } else { fail(format!("{n} is outside the schema's bounds or enum")) }
            }
            SchemaKind::Type(Type::Number(t)) => {
                let Some(n) = value.as_f64() else { return fail(format!("{} is not a number", shown(value))) };
                let fits = (t.enumeration.is_empty() || t.enumeration.iter().flatten().any(|e| *e == n))
                    && t.minimum.is_none_or(|m| if t.exclusive_minimum { n > m } else { n >= m })
                    && t.maximum.is_none_or(|m| if t.exclusive_maximum { n < m } else { n <= m });
                if fits { None } else { fail(format!("{n} is outside the schema's bounds or enum")) }
            }
            SchemaKind::Type(Type::Boolean(t)) => match value.as_bool() {
                Some(b) if t.enumeration.is_empty() || t.enumeration.contains(&Some(b)) => None,
                _ => fail(format!("{} is not an allowed boolean", shown(value))),
            },
            SchemaKind::Type(Type::Array(a)) => {
                let Some(items) = value.as_array() else { return fail(format!("{} is not an array", shown(value))) };
                if a.min_items.is_some_and(|m| items.len() < m) || a.max_items.is_some_and(|m| items.len() > m) {
                    return fail(format!("{} items, outside `minItems`/`maxItems`", items.len()));
                }
                let schema = a.items.as_ref()?;
                items
                    .iter()
                    .enumerate()
                    .find_map(|(i, v)| Some(at(&i.to_string(), self.misfit_boxed(schema, v, depth)?)))
            }
            SchemaKind::Type(Type::Object(o)) => {
                let Some(map) = value.as_object() else { return fail(format!("{} is not an object", shown(value))) };
                if let Some(missing) = o.required.iter().find(|r| !map.contains_key(*r)) {
                    return fail(format!("the required property `{missing}` is missing"));
                }
                for (k, v) in map {
                    let wrong = match (o.properties.get(k), &o.additional_properties) {
                        (Some(p), _) => self.misfit_boxed(p, v, depth),
                        (None, Some(AdditionalProperties::Any(false))) => {
                            Some((String::new(), "a property the schema does not allow".to_owned()))
                        }
                        (None, Some(AdditionalProperties::Schema(s))) => self.misfit(s, v, depth),
                        (None, _) => None,
                    };
                    if let Some(wrong) = wrong {
                        return Some(at(k, wrong));
                    }
                }
                None
            }
            SchemaKind::AllOf { all_of } => all_of.iter().find_map(|m| self.misfit(m, value, depth)),
            SchemaKind::OneOf { one_of: variants } => {
                let fitting = variants.iter().filter(|m| self.fits(m, value, depth)).count();
                if variants.is_empty() || fitting == 1 {
                    None
                } else {
                    fail(format!("{fitting} of the `oneOf`'s variants take it, not one"))
                }
            }
            SchemaKind::AnyOf { any_of: variants } => {
                if variants.is_empty() || variants.iter().any(|m| self.fits(m, value, depth)) {
                    None
                } else {
                    fail("no variant of the `anyOf` takes it".to_owned())
                }
            }
            SchemaKind::Not { .. } => None,
            SchemaKind::Any(a) => {
                if !a.enumeration.is_empty() && !a.enumeration.contains(value) {
                    return fail(format!("{} is not one of the enum's values", shown(value)));
                }
                let typed = match a.typ.as_deref() {
                    Some("string") => value.is_string(),
                    Some("integer") => value.is_i64() || value.is_u64(),
                    Some("number") => value.is_number(),
                    Some("boolean") => value.is_boolean(),
                    Some("array") => value.is_array(),
                    Some("object") => value.is_object(),
                    _ => true,
                };
                if !typed {
                    return fail(format!("{} is not of type {}", shown(value), a.typ.as_deref().unwrap_or_default()));
                }
                if let Some(text) = value.as_str() {
                    if let Some(what) =
                        string_misfit(text, a.format.as_deref(), a.pattern.as_deref(), a.min_length, a.max_length)
                    {
                        return fail(what);
                    }
                }
                if let Some(map) = value.as_object() {
                    if let Some(missing) = a.required.iter().find(|r| !map.contains_key(*r)) {
                        return fail(format!("the required property `{missing}` is missing"));
                    }
                    for (k, p) in &a.properties {
                        if let Some(wrong) = map.get(k).and_then(|v| self.misfit_boxed(p, v, depth)) {
                            return Some(at(k, wrong));
                        }
                    }
                }
                if let Some(wrong) = a.all_of.iter().find_map(|m| self.misfit(m, value, depth)) {
                    return Some(wrong);
                }
                // `oneOf` and `anyOf` beside a type (Zoom's settings: `type: object` and
                // a `oneOf` of objects) hold as they do alone.
                let one_of = a.one_of.iter().filter(|m| self.fits(m, value, depth)).count();
                if !a.one_of.is_empty() && one_of != 1 {
                    return fail(format!("{one_of} of the `oneOf`'s variants take it, not one"));
                }
                if !a.any_of.is_empty() && !a.any_of.iter().any(|m| self.fits(m, value, depth)) {
                    return fail("no variant of the `anyOf` takes it".to_owned());
                }
                None
            }
        }
    }
}

/// A value as JSON text, cut short for a message.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// How text breaks a string schema's format, pattern or lengths, if it does.
fn string_misfit(
    text: &str,
    format: Option<&str>,
    pattern: Option<&str>,
    min: Option<usize>,
    max: Option<usize>,
) -> Option<String> {
    let n = text.chars().count();
    let shown = shown(&Value::String(text.to_owned()));
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        return Some(format!("{shown} is {n} characters, outside `minLength`/`maxLength`"));
    }
    if let Some(f) = format.filter(|f| !format_fits(f, text)) {
        return Some(format!("{shown} is not a `{f}`"));
    }
    match pattern {
        Some(p) if !pattern_fits(p, text) => Some(format!("{shown} does not match the pattern `{p}`")),
        _ => None,
    }
}

/// Whether text matches an ECMA-262 pattern (unanchored, as JSON Schema reads it), read
/// by the engine the generated crate checks it with; one neither engine reads counts as
/// matching.
pub(super) fn pattern_fits(pattern: &str, text: &str) -> bool {
    crate::patterns::is_match(pattern, text)
}

/// Whether text is in a format the mock synthesises (others are not checked).
pub(super) fn format_fits(format: &str, text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let date =
        |t: &[u8]| t.len() >= 10 && digits(0..4) && t[4] == b'-' && digits(5..7) && t[7] == b'-' && digits(8..10);
    match format {
        "date" => b.len() == 10 && date(b),
        "date-time" => date(b) && matches!(b.get(10), Some(b'T' | b't')) && b.len() >= 20,
        "uuid" => {
            b.len() == 36
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
        }
        "email" => text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        "uri" | "url" => text.split_once("://").is_some_and(|(scheme, _)| !scheme.is_empty()),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_mock_synthesises_are_checked() {
        for (format, good, bad) in [
            ("date", "2024-01-31", "2024-1-31"),
            ("date-time", "2024-01-01T00:00:00Z", "2024-01-01"),
            ("uuid", "00000000-0000-4000-8000-000000000000", "a/b c?d#e%f ü"),
            ("email", "user@example.com", "string"),
            ("uri", "https://example.com/", "example"),
        ] {
            assert!(format_fits(format, good), "{format} {good}");
            assert!(!format_fits(format, bad), "{format} {bad}");
        }
    }

    #[test]
    fn strings_are_held_to_pattern_and_lengths() {
        let date = Some("^\\d{4}-\\d{2}-\\d{2}$");
        assert_eq!(string_misfit("2024-01-31", None, date, None, None), None);
        let misfit = string_misfit("2024-01-31T00:00:00Z", Some("date-time"), date, None, None);
        assert!(misfit.is_some_and(|m| m.contains("pattern")));
        assert!(string_misfit("abc", None, None, Some(4), None).is_some());
        assert_eq!(string_misfit("abc", None, Some("(?<=a)b"), None, None), None, "unreadable: fits");
    }
}
