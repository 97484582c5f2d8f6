//! A JSON value that validates against a schema: what the router answers in a declared
//! error schema, and what a mock answers where the spec gives no example. Formats (uuid,
//! date, date-time, email, uri, …), enums, bounds, lengths, required properties and
//! discriminators are respected; a `pattern` is followed where it is simple (literal text,
//! classes and counts), else the schema's own example or default is used.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::{Map, Value, json};

use super::Lowerer;
use super::fits::{format_fits, pattern_fits};
use super::refs::component_name;

/// How deep a value may nest: recursive schemas stop at their optional parts long before.
const MAX_DEPTH: usize = 12;

impl Lowerer<'_> {
    /// A value for `schema`. Deterministic: the same schema always gives the same value.
    pub(super) fn synthesise(&self, schema: &ReferenceOr<Schema>) -> Value {
        self.synth_of(schema, None, 0)
    }

    /// A value for a parameter's schema, which travels as text: where a `oneOf` or `anyOf`
    /// has a variant whose value is a string that reads as nothing else, that string. A
    /// number's text would also be a valid string, and readers of text coerce (Prism finds
    /// GitLab's `id: oneOf [integer, string]` given `0` matching both, which `oneOf` forbids).
    pub(super) fn synthesise_text(&self, schema: &ReferenceOr<Schema>) -> Value {
        if let Some(SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants }) =
            self.lookup(schema).map(|s| &s.schema_kind)
        {
            let plain = |t: &str| t.parse::<f64>().is_err() && !matches!(t, "true" | "false" | "null");
            let text = variants.iter().map(|v| self.synth_of(v, None, 0)).find(|v| v.as_str().is_some_and(plain));
            if let Some(text) = text {
                return text;
            }
        }
        self.synthesise(schema)
    }

    /// A value for a schema that may be a reference, which names what it is (the
    /// discriminator value of a polymorphic base is the name of what extends it).
    fn synth_of(&self, schema: &ReferenceOr<Schema>, name: Option<&str>, depth: usize) -> Value {
        let name = match schema {
            ReferenceOr::Reference { reference } => component_name::<Schema>(reference).or(name),
            ReferenceOr::Item(_) => name,
        };
        match self.lookup(schema) {
            Some(s) => self.synth_value(s, name, depth),
            None => Value::Null,
        }
    }

    fn synth_boxed(&self, schema: &ReferenceOr<Box<Schema>>, depth: usize) -> Value {
        match schema {
            ReferenceOr::Item(s) => self.synth_value(s, None, depth),
            ReferenceOr::Reference { reference } => {
                self.synth_of(&ReferenceOr::Reference { reference: reference.clone() }, None, depth)
            }
        }
    }

    fn synth_value(&self, s: &Schema, name: Option<&str>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let depth = depth + 1;
        let mut value = match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                if let Some(first) = t.enumeration.iter().flatten().next() {
                    Value::String(first.clone())
                } else {
                    let format = match &t.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
                        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
                        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                        _ => None,
                    };
                    string(format, t.pattern.as_deref(), t.min_length, t.max_length, own_example(s))
                }
            }
            SchemaKind::Type(Type::Integer(t)) => match t.enumeration.iter().flatten().next() {
                Some(first) => json!(first),
                None => json!(integer(
                    t.minimum.map(|m| if t.exclusive_minimum { m.saturating_add(1) } else { m }),
                    t.maximum.map(|m| if t.exclusive_maximum { m.saturating_sub(1) } else { m }),
                    t.multiple_of,
                )),
            },
            SchemaKind::Type(Type::Number(t)) => match t.enumeration.iter().flatten().next() {
                Some(first) => json!(first),
                None => number(t.minimum, t.exclusive_minimum, t.maximum, t.exclusive_maximum, t.multiple_of),
            },
            SchemaKind::Type(Type::Boolean(t)) => {
                Value::Bool(t.enumeration.iter().flatten().next().copied().unwrap_or(true))
            }
            SchemaKind::Type(Type::Array(a)) => {
                let count = a.min_items.unwrap_or(0).max(1).min(a.max_items.unwrap_or(usize::MAX));
                self.synth_items(a.items.as_ref(), count, a.min_items.unwrap_or(0), depth)
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.synth_object(&o.properties, &o.required, o.additional_properties.as_ref(), o.min_properties, depth)
            }
            SchemaKind::OneOf { one_of } => self.synth_union(s, one_of, true, depth),
            SchemaKind::AnyOf { any_of } => self.synth_union(s, any_of, false, depth),
            SchemaKind::AllOf { all_of } => {
                let mut merged = Map::new();
                let mut other = None;
                for member in all_of {
                    match self.synth_of(member, name, depth) {
                        Value::Object(map) => merged.extend(map),
                        Value::Null => {}
                        v => other = Some(v),
                    }
                }
                self.fill_required(&mut merged, all_of, depth);
                self.reconcile(&mut merged, &indexmap::IndexMap::new(), all_of, depth);
                match other {
                    Some(v) if merged.is_empty() => v,
                    _ => Value::Object(merged),
                }
            }
            SchemaKind::Not { .. } => Value::Null,
            SchemaKind::Any(a) => {
                if let Some(first) = a.enumeration.first() {
                    first.clone()
                } else if !a.one_of.is_empty() {
                    // `type: object` beside a `oneOf` (Spotify's items) is still the union.
                    self.synth_union(s, &a.one_of, true, depth)
                } else if !a.any_of.is_empty() {
                    self.synth_union(s, &a.any_of, false, depth)
                } else if !a.all_of.is_empty() || !a.properties.is_empty() || a.typ.as_deref() == Some("object") {
                    let mut merged = match self.synth_object(
                        &a.properties,
                        &a.required,
                        a.additional_properties.as_ref(),
                        a.min_properties,
                        depth,
                    ) {
                        Value::Object(map) => map,
                        _ => Map::new(),
                    };
                    for member in &a.all_of {
                        if let Value::Object(map) = self.synth_of(member, name, depth) {
                            merged.extend(map);
                        }
                    }
                    self.fill_required(&mut merged, &a.all_of, depth);
                    self.reconcile(&mut merged, &a.properties, &a.all_of, depth);
                    // Names required beside the `allOf` that a member declares (Plaid's
                    // `AccountAssets`): `synth_object` filled them with any value.
                    self.fill_declared(&mut merged, &a.required, &a.all_of, depth);
                    Value::Object(merged)
                } else {
                    match a.typ.as_deref() {
                        Some("string") => string(
                            a.format.as_deref(),
                            a.pattern.as_deref(),
                            a.min_length,
                            a.max_length,
                            own_example(s),
                        ),
                        Some("integer") => json!(integer(
                            a.minimum.map(|m| m as i64),
                            a.maximum.map(|m| m as i64),
                            a.multiple_of.map(|m| m as i64)
                        )),
                        Some("number") => number(
                            a.minimum,
                            a.exclusive_minimum.unwrap_or(false),
                            a.maximum,
                            a.exclusive_maximum.unwrap_or(false),
                            a.multiple_of,
                        ),
                        Some("boolean") => Value::Bool(true),
                        Some("array") => {
                            let count = a.min_items.unwrap_or(0).max(1).min(a.max_items.unwrap_or(usize::MAX));
                            self.synth_items(a.items.as_ref(), count, a.min_items.unwrap_or(0), depth)
                        }
                        // Anything goes: an empty object is the plainest JSON there is.
                        _ => own_example(s).cloned().unwrap_or_else(|| Value::Object(Map::new())),
                    }
                }
            }
        };
        // A polymorphic base names what it is in its discriminator; a union's value was
        // tagged by its variant.
        let union = match &s.schema_kind {
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::Any(a) => !a.one_of.is_empty() || !a.any_of.is_empty(),
            _ => false,
        };
        if let (Some(d), Some(name), Value::Object(map), false) =
            (&s.schema_data.discriminator, name, &mut value, union)
        {
            let wanted = format!("#/components/schemas/{name}");
            let tag = d.mapping.iter().find(|(_, t)| **t == wanted).map_or(name, |(k, _)| k.as_str());
            map.insert(d.property_name.clone(), Value::String(tag.to_owned()));
        }
        value
    }

    /// `count` items, or none where the array may be empty and its one item did not come
    /// out valid: deep below the depth limit (Plaid's Freddie Mac report nests thirteen
    /// levels), the item's required values are `null`, which its type cannot read.
    fn synth_items(&self, items: Option<&ReferenceOr<Box<Schema>>>, count: usize, min: usize, depth: usize) -> Value {
        let Some(items) = items else { return Value::Array(Vec::new()) };
        let one = self.synth_boxed(items, depth);
        if one.is_null() || (min == 0 && !self.fits_boxed(items, &one, 0)) {
            return Value::Array(Vec::new());
        }
        Value::Array(vec![one; count])
    }

    /// A value of a union: each variant's value, tagged as the discriminator says; for
    /// `oneOf`, one that exactly one variant takes (JSON Schema validators ignore the
    /// discriminator, and a `Cat` is often a valid `Dog`), if need be with a variant's
    /// optional properties filled in, else the first variant's.
    fn synth_union(&self, s: &Schema, variants: &[ReferenceOr<Schema>], one_of: bool, depth: usize) -> Value {
        let values = variants.iter().map(|variant| {
            let mut value = self.synth_of(variant, None, depth);
            if let (Some(d), ReferenceOr::Reference { reference }, Value::Object(map)) =
                (&s.schema_data.discriminator, variant, &mut value)
            {
                // The mapping's value, else the one value the variant's own tag property
                // allows (Spotify's `type: {enum: [artist]}`), else the schema's name,
                // OpenAPI's implicit value.
                let component = component_name::<Schema>(reference);
                let tag = d
                    .mapping
                    .iter()
                    .find(|(_, target)| *target == reference)
                    .map(|(key, _)| key.clone())
                    .or_else(|| component.and_then(|c| self.declared_single_value(c, &d.property_name)))
                    .or_else(|| component.map(str::to_owned));
                if let Some(tag) = tag {
                    map.insert(d.property_name.clone(), Value::String(tag));
                }
            }
            value
        });
        let values: Vec<Value> = values.collect();
        let only_one = |value: &Value| variants.iter().filter(|v| self.fits(v, value, depth)).count() == 1;
        if let Some(value) = values.iter().find(|value| !one_of || only_one(value)) {
            return value.clone();
        }
        // Variants that require nothing have the same plainest value (`{}`), valid under
        // all of them (Box's search results, with and without shared links): the variant's
        // optional properties filled in tell it apart where its own properties' values do.
        let fuller = variants.iter().zip(&values).find_map(|(variant, value)| {
            let value = self.with_optional(variant, value, depth);
            (self.fits(variant, &value, depth) && only_one(&value)).then_some(value)
        });
        fuller.or_else(|| values.into_iter().next()).unwrap_or(Value::Null)
    }

    /// `value` (a variant's plainest object) with the variant's optional declared
    /// properties added, each a value of its schema; a property whose value would break
    /// the variant is left out.
    fn with_optional(&self, variant: &ReferenceOr<Schema>, value: &Value, depth: usize) -> Value {
        let (mut required, mut properties) = (Vec::new(), Vec::new());
        self.object_parts(variant, &mut required, &mut properties, depth);
        let mut fuller = value.clone();
        for (key, schema) in properties {
            let Value::Object(map) = &mut fuller else { break };
            if map.contains_key(key) {
                continue;
            }
            map.insert(key.to_owned(), self.synth_boxed(schema, depth));
            if !self.fits(variant, &fuller, depth) {
                if let Value::Object(map) = &mut fuller {
                    map.remove(key);
                }
            }
        }
        fuller
    }

    /// A member of an `allOf` may require a property another member declares (Spotify's
    /// `PagingObject` requires the `items` its extensions add): the merged object has it, a
    /// value of the declared schema (a member that requires it without declaring it filled
    /// it with any value).
    fn fill_required(&self, merged: &mut Map<String, Value>, members: &[ReferenceOr<Schema>], depth: usize) {
        let (mut required, mut properties) = (Vec::new(), Vec::new());
        for member in members {
            self.object_parts(member, &mut required, &mut properties, depth);
        }
        for key in required {
            let Some((_, schema)) = properties.iter().find(|(k, _)| *k == key) else { continue };
            if !merged.get(&key).is_some_and(|v| self.fits_boxed(schema, v, depth)) {
                merged.insert(key.clone(), self.synth_boxed(schema, depth));
            }
        }
    }

    /// A property declared beside an `allOf` and in a member too must be valid under both
    /// (Sendgrid's message: `msg_id` a plain string in the member, `minLength: 5` beside
    /// it; `events` items whose `bounce_type` enums share no value): where the merged
    /// value breaks one declaration, the first of each declaration's own value that they
    /// all take, or an empty array where the declarations leave no item valid.
    fn reconcile(
        &self,
        merged: &mut Map<String, Value>,
        own: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        members: &[ReferenceOr<Schema>],
        depth: usize,
    ) {
        let (mut ignored, mut properties) = (Vec::new(), Vec::new());
        properties.extend(own.iter().map(|(k, v)| (k.as_str(), v)));
        for member in members {
            self.object_parts(member, &mut ignored, &mut properties, depth);
        }
        for (key, value) in merged.iter_mut() {
            let declared: Vec<_> = properties.iter().filter(|(k, _)| k == key).map(|(_, s)| *s).collect();
            let fits_all = |v: &Value| declared.iter().all(|s| self.fits_boxed(s, v, depth));
            if declared.len() < 2 || fits_all(value) {
                continue;
            }
            let mut candidates: Vec<Value> = declared.iter().map(|s| self.synth_boxed(s, depth)).collect();
            if value.is_array() {
                candidates.push(Value::Array(Vec::new()));
            }
            if let Some(found) = candidates.into_iter().find(|v| fits_all(v)) {
                *value = found;
            }
        }
    }

    /// Each of `required` that a member of `members` declares, with a value of its schema
    /// where the merged object's does not fit it.
    fn fill_declared(
        &self,
        merged: &mut Map<String, Value>,
        required: &[String],
        members: &[ReferenceOr<Schema>],
        depth: usize,
    ) {
        let (mut ignored, mut properties) = (Vec::new(), Vec::new());
        for member in members {
            self.object_parts(member, &mut ignored, &mut properties, depth);
        }
        for key in required {
            let Some((_, schema)) = properties.iter().find(|(k, _)| k == key) else { continue };
            if !merged.get(key).is_some_and(|v| self.fits_boxed(schema, v, depth)) {
                merged.insert(key.clone(), self.synth_boxed(schema, depth));
            }
        }
    }

    /// The required names and declared properties of an object schema, through `allOf`.
    fn object_parts<'s>(
        &'s self,
        schema: &'s ReferenceOr<Schema>,
        required: &mut Vec<String>,
        properties: &mut Vec<(&'s str, &'s ReferenceOr<Box<Schema>>)>,
        depth: usize,
    ) {
        let Some(s) = self.lookup(schema).filter(|_| depth <= MAX_DEPTH) else { return };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                required.extend(o.required.iter().cloned());
                properties.extend(o.properties.iter().map(|(k, v)| (k.as_str(), v)));
            }
            SchemaKind::Any(a) => {
                required.extend(a.required.iter().cloned());
                properties.extend(a.properties.iter().map(|(k, v)| (k.as_str(), v)));
                for member in &a.all_of {
                    self.object_parts(member, required, properties, depth + 1);
                }
            }
            SchemaKind::AllOf { all_of } => {
                for member in all_of {
                    self.object_parts(member, required, properties, depth + 1);
                }
            }
            // An `anyOf` of `required` lists (`ir::Struct::present_any`): the first list's
            // names make a value that meets it.
            SchemaKind::AnyOf { any_of } => {
                if let Some(SchemaKind::Any(a)) = any_of.first().and_then(|m| self.lookup(m)).map(|m| &m.schema_kind) {
                    if a.properties.is_empty() {
                        required.extend(a.required.iter().cloned());
                    }
                }
            }
            _ => {}
        }
    }

    fn synth_object(
        &self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        min_properties: Option<usize>,
        depth: usize,
    ) -> Value {
        let mut map = Map::new();
        for (key, schema) in properties {
            if required.contains(key) {
                map.insert(key.clone(), self.synth_boxed(schema, depth));
            }
        }
        // A required name no property declares (Spotify's `uris`) is still required, with
        // whatever value `additionalProperties` allows.
        for key in required.iter().filter(|k| !properties.contains_key(*k)) {
            let value = match additional {
                Some(AdditionalProperties::Any(false)) => continue,
                Some(AdditionalProperties::Schema(s)) => self.synth_of(s, None, depth),
                _ => Value::String("string".to_owned()),
            };
            map.insert(key.clone(), value);
        }
        // Optional properties fill what `minProperties` asks, in declared order.
        let wanted = min_properties.unwrap_or(0);
        for (key, schema) in properties {
            if map.len() >= wanted {
                break;
            }
            if !map.contains_key(key) {
                map.insert(key.clone(), self.synth_boxed(schema, depth));
            }
        }
        let mut n = 0;
        while map.len() < wanted && n < wanted {
            let value = match additional {
                Some(AdditionalProperties::Schema(s)) => self.synth_of(s, None, depth),
                _ => Value::String("value".to_owned()),
            };
            map.insert(format!("key{n}"), value);
            n += 1;
        }
        Value::Object(map)
    }
}

fn own_example(s: &Schema) -> Option<&Value> {
    s.schema_data.example.as_ref().or(s.schema_data.default.as_ref())
}

/// A string of a format, else of a simple pattern, else of a length.
fn string(
    format: Option<&str>,
    pattern: Option<&str>,
    min: Option<usize>,
    max: Option<usize>,
    example: Option<&Value>,
) -> Value {
    let known = match format {
        Some("date") => Some("2024-01-01"),
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("time") => Some("00:00:00Z"),
        Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
        Some("email" | "idn-email") => Some("user@example.com"),
        Some("uri" | "url" | "iri" | "uri-reference" | "iri-reference") => Some("https://example.com/"),
        Some("hostname" | "idn-hostname") => Some("example.com"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        Some("byte") => Some("YQ=="),
        Some("duration") => Some("P1D"),
        Some("date-time-rfc1123") => Some("Mon, 01 Jan 2024 00:00:00 GMT"),
        _ => None,
    };
    // The format's text unless the pattern wants another form (Sendgrid's date-times
    // whose pattern is of another date form); then the schema's own example where it
    // matches, else text made from the pattern.
    // Lengths count characters, and hold beside the pattern (Sendgrid's ids:
    // `^[A-Za-z0-9]+` with `minLength: 5`).
    let long_enough = |text: &str| {
        let n = text.chars().count();
        min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
    };
    let matches = |text: &str| pattern.is_none_or(|p| pattern_fits(p, text)) && long_enough(text);
    if let Some(text) = known.filter(|t| matches(t)) {
        return Value::String(text.to_owned());
    }
    if let Some(pattern) = pattern {
        if let Some(Value::String(e)) = example.filter(|e| e.as_str().is_some_and(matches)) {
            if format.is_none_or(|f| format_fits(f, e)) {
                return Value::String(e.clone());
            }
        }
        if let Some(text) = from_pattern(pattern) {
            // Too short for `minLength`: its last character repeated, which a pattern
            // ending in a repeated class (or not anchored at the end) still matches.
            let padded = match (text.chars().last(), min) {
                (Some(last), Some(m)) if text.chars().count() < m => {
                    let mut padded = text.clone();
                    padded.extend(std::iter::repeat_n(last, m - text.chars().count()));
                    Some(padded)
                }
                _ => None,
            };
            if let Some(text) = std::iter::once(text).chain(padded).find(|t| matches(t)) {
                return Value::String(text);
            }
        }
    }
    if let Some(text) = known {
        return Value::String(text.to_owned());
    }
    let min = min.unwrap_or(0);
    let max = max.unwrap_or(usize::MAX).max(min);
    let len = 6.clamp(min, max);
    let mut text = "string".chars().cycle().take(len).collect::<String>();
    text.truncate(len);
    Value::String(text)
}

/// The least integer in the bounds that is a multiple of `multiple` (0 when that fits).
fn integer(min: Option<i64>, max: Option<i64>, multiple: Option<i64>) -> i64 {
    let low = min.unwrap_or(if max.is_some_and(|m| m < 0) { max.unwrap_or(0) } else { 0 });
    let low = if max.is_some_and(|m| m < low) { min.unwrap_or(low) } else { low };
    match multiple.filter(|m| *m > 0) {
        Some(m) => {
            let r = low.rem_euclid(m);
            if r == 0 { low } else { low.saturating_add(m - r) }
        }
        None => low,
    }
}

fn number(min: Option<f64>, min_excl: bool, max: Option<f64>, max_excl: bool, multiple: Option<f64>) -> Value {
    let mut value = match (min, max) {
        (Some(lo), Some(hi)) => (lo + hi) / 2.0,
        (Some(lo), None) => {
            if min_excl {
                lo + 1.0
            } else {
                lo
            }
        }
        (None, Some(hi)) if hi < 0.0 || (hi == 0.0 && max_excl) => hi - 1.0,
        _ => 0.0,
    };
    if let Some(m) = multiple.filter(|m| *m > 0.0) {
        value = (value / m).ceil() * m;
        if max.is_some_and(|hi| value > hi) {
            value -= m;
        }
    }
    if value.fract() == 0.0 && value.abs() < 1e15 { json!(value as i64) } else { json!(value) }
}

/// Text matching a simple regular expression: literals, escapes (`\d`, `\w`, `\s`,
/// `\.`), classes (`[a-z0-9_]`, `[^…]` is refused), `.`, counts (`?`, `*`, `+`, `{n}`,
/// `{n,m}`), groups and alternatives (the first branch that makes non-empty text, else
/// the first that makes any); anchors and word boundaries (`\b`) are dropped. `None` for
/// anything else, rather than a guess that does not match.
pub(crate) fn from_pattern(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let (text, end) = alternatives(&chars, 0, 0)?;
    // Look-around is skipped when making the text, so the text is checked against the
    // whole pattern (with the engine the crate checks it with) before it is used.
    (end == chars.len() && crate::patterns::is_match(pattern, &text)).then_some(text)
}

/// Where the group opened at `p[i]` (a `(`) closes: the index after its `)`, past nested
/// groups, escapes and classes.
fn group_end(p: &[char], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < p.len() {
        match p[i] {
            '\\' => i += 1,
            '[' => i += p[i..].iter().position(|c| *c == ']')?,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the branch starting at `p[i]` ends: the index of the `|` or `)` that closes it
/// at this level, else the end of the pattern.
fn branch_end(p: &[char], mut i: usize) -> Option<usize> {
    while i < p.len() {
        match p[i] {
            '\\' => i += 1,
            '[' => i += p[i..].iter().position(|c| *c == ']')?,
            '(' => i = group_end(p, i)? - 1,
            '|' | ')' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    Some(p.len())
}

/// The branches from `p[i]` up to `)` or the end (DigitalOcean's `^$|[0-9a-f]{8}\b-…`):
/// the text of the first branch that makes non-empty text, else of the first that makes
/// any, and where the last branch stopped. A branch this reader refuses is passed over.
fn alternatives(p: &[char], mut i: usize, depth: usize) -> Option<(String, usize)> {
    let mut chosen: Option<String> = None;
    loop {
        let end = branch_end(p, i)?;
        let made = sequence(p, i, depth).filter(|(_, stop)| *stop == end).map(|(text, _)| text);
        if chosen.as_ref().is_none_or(String::is_empty) && made.is_some() {
            chosen = made;
        }
        if p.get(end) != Some(&'|') {
            return chosen.map(|text| (text, end));
        }
        i = end + 1;
    }
}

/// One sequence up to `|`, `)` or the end: the text it makes and where it stopped.
fn sequence(p: &[char], mut i: usize, depth: usize) -> Option<(String, usize)> {
    if depth > 8 {
        return None;
    }
    let mut out = String::new();
    while i < p.len() {
        let (atom, next) = match p[i] {
            '^' | '$' => {
                i += 1;
                continue;
            }
            ')' | '|' => break,
            // Look-ahead and look-behind match no text of their own.
            '(' if matches!(p.get(i + 1..i + 3), Some(['?', '=' | '!']))
                || matches!(p.get(i + 1..i + 4), Some(['?', '<', '=' | '!'])) =>
            {
                i = group_end(p, i)?;
                continue;
            }
            '(' => {
                let mut start = i + 1;
                if p.get(start..start + 2) == Some(&['?', ':']) {
                    start += 2;
                }
                let (inner, end) = alternatives(p, start, depth + 1)?;
                if p.get(end) != Some(&')') {
                    return None;
                }
                (inner, end + 1)
            }
            '[' => {
                let end = p[i..].iter().position(|c| *c == ']')? + i;
                let class = &p[i + 1..end];
                if class.first() == Some(&'^') || class.is_empty() {
                    return None;
                }
                let first = match class {
                    ['\\', 'd', ..] => '0',
                    ['\\', 'w', ..] => 'a',
                    ['\\', c, ..] => *c,
                    [c, ..] => *c,
                    [] => return None,
                };
                (first.to_string(), end + 1)
            }
            // Anchors and word boundaries match no text of their own.
            '\\' if matches!(p.get(i + 1), Some('b' | 'B' | 'A' | 'z' | 'Z' | 'G')) => {
                i += 2;
                continue;
            }
            '\\' => {
                let c = *p.get(i + 1)?;
                let text = match c {
                    'd' => '0',
                    'w' => 'a',
                    's' => ' ',
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c,
                };
                (text.to_string(), i + 2)
            }
            '.' => ("a".to_owned(), i + 1),
            '*' | '+' | '?' | '{' => return None,
            c => (c.to_string(), i + 1),
        };
        i = next;
        let (count, next) = quantifier(p, i)?;
        i = next;
        for _ in 0..count {
            out.push_str(&atom);
        }
    }
    Some((out, i))
}

/// How many times the atom before `i` repeats (the least the quantifier allows), and
/// where the quantifier ends.
fn quantifier(p: &[char], i: usize) -> Option<(usize, usize)> {
    let (count, next) = match p.get(i) {
        Some('?' | '*') => (0, i + 1),
        Some('+') => (1, i + 1),
        Some('{') => {
            let end = p[i..].iter().position(|c| *c == '}')? + i;
            let inner: String = p[i + 1..end].iter().collect();
            let least = inner.split(',').next()?.trim().parse::<usize>().ok()?;
            (least.min(64), end + 1)
        }
        _ => (1, i),
    };
    // A lazy or possessive marker changes nothing about the least count.
    let next = if matches!(p.get(next), Some('?' | '+')) && next > i { next + 1 } else { next };
    Some((count, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_patterns_give_matching_text() {
        let cases = [
            ("^[a-z]{3}-\\d{2,4}$", Some("aaa-00")),
            ("^\\+?[0-9]+$", Some("0")),
            ("^(?:ab)+c?$", Some("ab")),
            ("^[^a]+$", None),
            // Alternatives: the first branch with text, else the first that makes any.
            ("a|b", Some("a")),
            ("^(?:x+|[^y])z$", Some("xz")),
            ("^(?:[^y]|q)z$", Some("qz")),
            ("^$|^b$", Some("b")),
            ("^$|^[^b]$", Some("")),
            // DigitalOcean's `private_network_uuid`: empty, or a UUID between word boundaries.
            (
                "^$|[0-9a-f]{8}\\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\\b[0-9a-f]{12}",
                Some("00000000-0000-0000-0000-000000000000"),
            ),
            ("^\\bab\\B", None),
            // Look-around matches no text; the text made without it is checked against it.
            ("^[a-z]((?!--)[a-z0-9-])*$", Some("a")),
            ("^(?=\\d)[a-z0-9]+$", None),
            ("^a(?<!b)[a-z]{2}$", Some("aaa")),
        ];
        for (pattern, expect) in cases {
            assert_eq!(from_pattern(pattern).as_deref(), expect, "{pattern}");
        }
    }

    #[test]
    fn numbers_respect_bounds() {
        assert_eq!(integer(Some(5), Some(10), Some(3)), 6);
        assert_eq!(integer(None, Some(-4), None), -4);
        assert_eq!(integer(Some(-10), Some(-4), None), -10);
        assert_eq!(number(Some(1.0), true, None, false, None), json!(2));
        assert_eq!(number(Some(0.0), false, Some(1.0), false, None), json!(0.5));
    }
}
