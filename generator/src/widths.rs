//! The ranges the crate reads numbers in, stated in its `openapi.json`. `type: integer`
//! is read as `i64` (`i32` under `format: int32`) and `format: float` as `f32`, as
//! progenitor reads them; a value past that range is refused. JSON Schema's `integer`
//! has no range, so a checker of the spec as written (schemathesis) sends valid
//! `9223372036854775808` and counts the refusal against the crate. The crate's contract
//! says what it implements: each such schema of the normalised document gets the range as
//! `minimum`/`maximum` (and `format: int64` where it had no format), where no tighter
//! bound is declared. The parsed document, which lowering reads, keeps the spec's words,
//! so no type and no check of the generated code changes.

use serde_json::{Map, Value};

/// One side of a range: the bound's keyword, the flag that makes it exclusive in
/// OpenAPI 3.0, and the value.
struct Side {
    keyword: &'static str,
    exclusive: &'static str,
    value: Value,
}

impl Side {
    fn minimum(value: Value) -> Side {
        Side { keyword: "minimum", exclusive: "exclusiveMinimum", value }
    }

    fn maximum(value: Value) -> Side {
        Side { keyword: "maximum", exclusive: "exclusiveMaximum", value }
    }

    /// Whether a declared bound is as tight as this side or tighter (so it stays):
    /// compared as integers where both are, else as floats (`format: float`).
    fn within(&self, declared: &serde_json::Number) -> bool {
        let lower = self.keyword == "minimum";
        if let (Some(d), Some(b)) = (declared.as_i64(), self.value.as_i64()) {
            return if lower { d >= b } else { d <= b };
        }
        match (declared.as_f64(), self.value.as_f64()) {
            (Some(d), Some(b)) => {
                if lower {
                    d >= b
                } else {
                    d <= b
                }
            }
            _ => false,
        }
    }
}

/// States the range of every integer and `format: float` schema of `document`, an
/// OpenAPI 3.0 document as normalisation leaves it.
pub(crate) fn state(document: &mut Value) {
    let Value::Object(root) = document else { return };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(schema);
        }
        for section in ["parameters", "headers", "responses", "requestBodies"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                items.values_mut().for_each(holder);
            }
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            callbacks.values_mut().for_each(path_items);
        }
    }
    for section in ["paths", crate::v31::WEBHOOKS_EXTENSION] {
        if let Some(items) = root.get_mut(section) {
            path_items(items);
        }
    }
}

/// A map of path items (`paths`, webhooks, one callback).
fn path_items(items: &mut Value) {
    let Value::Object(items) = items else { return };
    for item in items.values_mut() {
        let Value::Object(item) = item else { continue };
        parameters(item);
        for slot in crate::methods::slots_of(item) {
            let Some(Value::Object(operation)) = slot.get_mut(item) else { continue };
            parameters(operation);
            if let Some(body) = operation.get_mut("requestBody") {
                holder(body);
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                responses.values_mut().for_each(holder);
            }
            if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
                callbacks.values_mut().for_each(path_items);
            }
        }
    }
}

fn parameters(map: &mut Map<String, Value>) {
    if let Some(Value::Array(list)) = map.get_mut("parameters") {
        list.iter_mut().for_each(holder);
    }
}

/// Whatever holds schemas the same way: a parameter or header (`schema`, `content`), a
/// request body or response (`content`, `headers`), and a media type's `encoding` headers.
fn holder(value: &mut Value) {
    let Value::Object(map) = value else { return };
    if let Some(s) = map.get_mut("schema") {
        schema(s);
    }
    if let Some(Value::Object(content)) = map.get_mut("content") {
        for media in content.values_mut() {
            holder(media);
        }
    }
    for key in ["headers", "encoding"] {
        if let Some(Value::Object(items)) = map.get_mut(key) {
            items.values_mut().for_each(holder);
        }
    }
}

/// A schema and those inside it. `not` is left alone: a range there would widen what
/// the schema around it admits.
fn schema(value: &mut Value) {
    let Value::Object(s) = value else { return };
    if s.contains_key("$ref") {
        return;
    }
    range(s);
    if let Some(Value::Object(properties)) = s.get_mut("properties") {
        properties.values_mut().for_each(schema);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = s.get_mut(key) {
            schema(inner);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = s.get_mut(key) {
            members.iter_mut().for_each(schema);
        }
    }
}

/// Adds the range the crate reads one schema's values in, if it is a number the crate
/// holds to one. An `enum` names its values already.
fn range(s: &mut Map<String, Value>) {
    if s.contains_key("enum") {
        return;
    }
    let format = s.get("format").and_then(Value::as_str).map(str::to_owned);
    let sides = match (s.get("type").and_then(Value::as_str), format.as_deref()) {
        (Some("integer"), Some("int32")) => integer(i64::from(i32::MIN), i64::from(i32::MAX), true),
        (Some("integer"), format) => {
            if format.is_none() {
                s.insert("format".into(), Value::from("int64"));
            }
            // An unsigned format the crate still reads as `i64` (`uint64`): its values
            // are not negative, which the crate does not check, so no `minimum` is
            // stated, but none past `i64` is read.
            let signed = !format.is_some_and(|f| f.starts_with("uint"));
            integer(i64::MIN, i64::MAX, signed)
        }
        (Some("number"), Some("float")) => {
            let max = f64::from(f32::MAX);
            vec![Side::minimum(Value::from(-max)), Side::maximum(Value::from(max))]
        }
        _ => return,
    };
    for side in sides {
        if s.get(side.keyword).and_then(Value::as_number).is_some_and(|d| side.within(d)) {
            continue;
        }
        s.insert(side.keyword.into(), side.value);
        // The range is inclusive; a flag that made a looser bound exclusive goes with it.
        s.shift_remove(side.exclusive);
    }
}

/// The sides of an integer range (`minimum` only when `signed`).
fn integer(min: i64, max: i64, signed: bool) -> Vec<Side> {
    let mut sides = Vec::new();
    if signed {
        sides.push(Side::minimum(Value::from(min)));
    }
    sides.push(Side::maximum(Value::from(max)));
    sides
}
