//! Swagger 2.0 parameters into 3.0's: the keywords that describe a value move into
//! `schema`, `collectionFormat` becomes a style, and body and form parameters become the
//! operation's `requestBody`.

use serde_json::{Map, Value};

use super::{Converter, DEFAULT_MEDIA, Written};
use crate::diagnostics::push_pointer;

/// The keys of a 2.0 parameter (or header, or `items`) that describe its value and so
/// belong in a 3.0 `schema`.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "x-ms-enum",
];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// How a list travels, from a `collectionFormat`.
enum ListStyle {
    /// A 3.0 `style` with `explode`, or neither when the location's default is meant.
    Style(Option<&'static str>, bool),
    /// No 3.0 style writes it: the parameter becomes one string.
    Loosened(&'static str),
}

impl Converter<'_> {
    /// Splits parameters into those 3.0 keeps as parameters and the body and form ones,
    /// resolving references to global body and form parameters (inlined where used).
    pub(super) fn split_parameters(&mut self, list: Vec<Written>) -> (Vec<Written>, Vec<Written>) {
        let (mut kept, mut bodies) = (Vec::new(), Vec::new());
        for (p, from) in list {
            let target = p.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/"));
            let target = target.map(unescape).and_then(|name| {
                self.parameters
                    .get(&name)
                    .filter(|g| is_body(g))
                    .map(|g| (g.clone(), push_pointer("/parameters", &name)))
            });
            match target {
                Some(global) => bodies.push(global),
                None if is_body(&p) => bodies.push((p, from)),
                None => kept.push((p, from)),
            }
        }
        (kept, bodies)
    }

    /// The converted parameters that stay parameters, at `to/0`, `to/1`, ….
    pub(super) fn parameter_list(&mut self, list: Vec<Written>, to: &str) -> Vec<Value> {
        let mut out = Vec::new();
        for (j, (mut p, from)) in list.into_iter().enumerate() {
            let at = format!("{to}/{j}");
            if p.get("$ref").is_none() {
                self.parameter(&mut p, &from);
                self.moved(format!("{at}/schema"), from.clone());
            }
            self.moved(at, from);
            out.push(p);
        }
        out
    }

    /// The global non-body parameters, converted: `components/parameters`.
    pub(super) fn component_parameters(&mut self) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, mut p) in std::mem::take(&mut self.parameters) {
            if is_body(&p) {
                continue;
            }
            let from = push_pointer("/parameters", &name);
            let to = push_pointer("/components/parameters", &name);
            self.parameter(&mut p, &from);
            self.moved(format!("{to}/schema"), from.clone());
            self.moved(to, from);
            out.insert(name, p);
        }
        out
    }

    /// A query, path or header parameter: its value's keywords into `schema`, its
    /// `collectionFormat` into a style.
    fn parameter(&mut self, p: &mut Value, from: &str) {
        let Value::Object(map) = p else { return };
        let location = map.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
        let format = map.shift_remove("collectionFormat");
        let mut schema = self.value_schema(map, from);
        if location != "query" {
            map.shift_remove("allowEmptyValue");
        }
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
            match list_style(format, &location) {
                ListStyle::Style(style, explode) => {
                    if let Some(style) = style {
                        map.insert("style".into(), Value::String(style.into()));
                        map.insert("explode".into(), Value::Bool(explode));
                    }
                }
                ListStyle::Loosened(why) => {
                    self.warn(&format!("{from}/collectionFormat"), loosened(format, why));
                    schema = loose_string(&schema);
                }
            }
        }
        map.insert("schema".into(), Value::Object(schema));
    }

    /// Takes the keys that describe a value out of a parameter, header or `items`, as a
    /// 3.0 schema (nested `items` too, whose own `collectionFormat` no 3.0 style writes).
    pub(super) fn value_schema(&mut self, map: &mut Map<String, Value>, from: &str) -> Map<String, Value> {
        let mut schema = Map::new();
        let keys: Vec<String> = map.keys().filter(|k| SCHEMA_KEYS.contains(&k.as_str())).cloned().collect();
        for k in keys {
            if let Some(v) = map.shift_remove(&k) {
                schema.insert(k, v);
            }
        }
        if let Some(Value::Object(mut items)) = schema.shift_remove("items") {
            let items_ptr = format!("{from}/items");
            let nested = items.shift_remove("collectionFormat");
            let mut inner = self.value_schema(&mut items, &items_ptr);
            if inner.get("type").and_then(Value::as_str) == Some("array") {
                let format = nested.as_ref().and_then(Value::as_str).unwrap_or("csv");
                self.warn(
                    &items_ptr,
                    format!("a list of lists (`{format}` inside) has no OpenAPI 3.0 style; each item is one string"),
                );
                inner = loose_string(&inner);
            }
            // `items` also carries `$ref`, and extensions; they stay on the item schema.
            inner.extend(items);
            schema.insert("items".into(), Value::Object(inner));
        }
        let mut value = Value::Object(schema);
        self.schema(&mut value, from);
        match value {
            Value::Object(schema) => schema,
            _ => Map::new(),
        }
    }

    /// The body of an operation: its `in: body` parameter, or its `in: formData` ones as
    /// one form, in each media type it consumes.
    pub(super) fn request_body(
        &mut self,
        bodies: Vec<Written>,
        consumes: Option<&[String]>,
        to: &str,
    ) -> Option<Value> {
        let (body, form): (Vec<_>, Vec<_>) = bodies.into_iter().partition(|(p, _)| p.get("in") == Some(&"body".into()));
        if let Some((first, from)) = body.first() {
            for (_, other) in body.iter().skip(1).chain(&form) {
                self.warn(
                    other,
                    "an operation has one body: this parameter, beside its `in: body` one, is left out".into(),
                );
            }
            return Some(self.json_body(first.clone(), from, consumes, to));
        }
        let (_, from) = form.first()?;
        let from = from.clone();
        Some(self.form_body(form, &from, consumes, to))
    }

    fn json_body(&mut self, p: Value, from: &str, consumes: Option<&[String]>, to: &str) -> Value {
        let Value::Object(mut p) = p else { return Value::Null };
        let mut schema = p.shift_remove("schema").unwrap_or_else(|| Value::Object(Map::new()));
        self.schema(&mut schema, &format!("{from}/schema"));
        let media: Vec<String> = match consumes {
            Some(list) if !list.is_empty() => list.to_vec(),
            _ => vec![DEFAULT_MEDIA.into()],
        };
        let mut content = Map::new();
        for m in media {
            self.moved(format!("{}/schema", push_pointer(&format!("{to}/content"), &m)), format!("{from}/schema"));
            content.insert(m, Value::Object([("schema".to_string(), schema.clone())].into_iter().collect()));
        }
        let mut body = Map::new();
        if let Some(d) = p.shift_remove("description") {
            body.insert("description".into(), d);
        }
        body.insert("content".into(), Value::Object(content));
        if p.get("required") == Some(&Value::Bool(true)) {
            body.insert("required".into(), Value::Bool(true));
        }
        for (k, v) in p {
            if k.starts_with("x-") {
                body.insert(k, v);
            }
        }
        self.moved(to.into(), from.into());
        Value::Object(body)
    }

    /// Form parameters into one object schema, a property per parameter, sent as a form
    /// (`multipart/form-data` when a file is among them).
    fn form_body(&mut self, form: Vec<Written>, first: &str, consumes: Option<&[String]>, to: &str) -> Value {
        let has_file = form.iter().any(|(p, _)| p.get("type") == Some(&"file".into()));
        let listed: Vec<String> = consumes.unwrap_or_default().to_vec();
        let mut media: Vec<String> =
            listed.iter().filter(|m| essence(m) == MULTIPART || (essence(m) == FORM && !has_file)).cloned().collect();
        if media.is_empty() {
            let chosen = if has_file { MULTIPART } else { FORM };
            if !listed.is_empty() {
                self.warn(
                    first,
                    format!("form parameters, but the operation consumes no form media type; sent as `{chosen}`"),
                );
            }
            media.push(chosen.into());
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        let mut moves = Vec::new();
        for (p, from) in form {
            let Value::Object(mut p) = p else { continue };
            let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_string) else { continue };
            let format = p.shift_remove("collectionFormat");
            let mut schema = self.value_schema(&mut p, &from);
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
                match list_style(format, "query") {
                    ListStyle::Style(style, explode) => {
                        let mut e = Map::new();
                        e.insert("style".into(), Value::String(style.unwrap_or("form").into()));
                        e.insert("explode".into(), Value::Bool(explode));
                        encoding.insert(name.clone(), Value::Object(e));
                    }
                    ListStyle::Loosened(why) => {
                        self.warn(&format!("{from}/collectionFormat"), loosened(format, why));
                        schema = loose_string(&schema);
                    }
                }
            }
            if let Some(d) = p.shift_remove("description") {
                schema.shift_insert(0, "description".into(), d);
            }
            // The parameter's name in the code becomes its property's.
            if let Some(n) = p.shift_remove("x-ms-client-name") {
                schema.insert("x-ms-client-name".into(), n);
            }
            if p.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::String(name.clone()));
            }
            moves.push((name.clone(), from));
            properties.insert(name, Value::Object(schema));
        }
        let mut content = Map::new();
        for m in media {
            let schema_at = format!("{}/schema", push_pointer(&format!("{to}/content"), &m));
            for (name, from) in &moves {
                self.moved(push_pointer(&format!("{schema_at}/properties"), name), from.clone());
            }
            let mut schema = Map::new();
            schema.insert("type".into(), Value::String("object".into()));
            schema.insert("properties".into(), Value::Object(properties.clone()));
            if !required.is_empty() {
                schema.insert("required".into(), Value::Array(required.clone()));
            }
            let mut mt = Map::new();
            mt.insert("schema".into(), Value::Object(schema));
            // A multipart part's list is repeated parts whatever the style; a form's list
            // follows its encoding.
            if !encoding.is_empty() && essence(&m) == FORM {
                mt.insert("encoding".into(), Value::Object(encoding.clone()));
            }
            content.insert(m, Value::Object(mt));
        }
        let mut body = Map::new();
        body.insert("content".into(), Value::Object(content));
        if !required.is_empty() {
            body.insert("required".into(), Value::Bool(true));
        }
        self.moved(to.into(), first.into());
        Value::Object(body)
    }
}

/// Whether a parameter is a body or form parameter, which 3.0 writes as a request body.
fn is_body(p: &Value) -> bool {
    matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData"))
}

/// A media type without its parameters, lowercase.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The 3.0 style of a `collectionFormat` in a location.
fn list_style(format: &str, location: &str) -> ListStyle {
    let query = location == "query";
    match format {
        "csv" if query => ListStyle::Style(Some("form"), false),
        "csv" => ListStyle::Style(None, false),
        "multi" if query => ListStyle::Style(Some("form"), true),
        "ssv" if query => ListStyle::Style(Some("spaceDelimited"), false),
        "pipes" if query => ListStyle::Style(Some("pipeDelimited"), false),
        "multi" | "ssv" | "pipes" => ListStyle::Loosened("only in the query"),
        "tsv" => ListStyle::Loosened("no OpenAPI 3.0 style separates items with tabs"),
        _ => ListStyle::Loosened("it is not a Swagger 2.0 collection format"),
    }
}

fn loosened(format: &str, why: &str) -> String {
    format!(
        "`collectionFormat: {format}` cannot be expressed here ({why}); the list is one string, joined by the caller"
    )
}

/// A string in place of a list no style writes, keeping the description.
fn loose_string(schema: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), Value::String("string".into()));
    if let Some(d) = schema.get("description") {
        out.insert("description".into(), d.clone());
    }
    out
}

/// Undoes JSON pointer escaping of one reference token.
pub(super) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
