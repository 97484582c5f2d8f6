//! OpenAPI 3.2 input: rewrites what 3.2 adds into 3.1's words, in place, before `v31`
//! rewrites the document to the 3.0 model (both called from the version gate).
//!
//! Rewrites that lose nothing are silent:
//! - a sequential media type's `itemSchema` → `schema`, which lowering reads as one item's
//!   (as 3.0 and 3.1 specs write it); for `text/event-stream`, the schema of each event's
//!   `data`: its `contentSchema` when it is JSON (`contentMediaType`), else the data's own
//!   schema (text), and a union of those when the event schema is a `oneOf`/`anyOf`;
//! - a response without `description` (3.2 made it optional) gets an empty one, and a
//!   response's or tag's `summary` stands in for a missing description;
//! - an example's `dataValue` → `value` (its `serializedValue` says the same as text);
//! - a security scheme's `oauth2MetadataUrl` and `deprecated`, and the device
//!   authorization flow → the extensions [`OAUTH2_METADATA_URL`], [`SCHEME_DEPRECATED`]
//!   and [`DEVICE_FLOW`], which lowering reads into the scheme's docs and constants;
//! - a tag's `parent` and `kind` → the extensions [`TAG_PARENT`] and [`TAG_KIND`], which
//!   lowering reads into the tag tree the generated docs show;
//! - Media Type Objects referenced from `components/mediaTypes` are inlined;
//! - a 3.2 `jsonSchemaDialect` is 3.1's default one.
//!
//! An operation of the `query` method or of `additionalOperations` moves into the path
//! item's extension `x-additional-operations` (keyed by the method as sent: `QUERY`,
//! `COPY`), which openapiv3 keeps and every later walk visits (`methods.rs`); where it was
//! written is recorded, so later diagnostics point there. A parameter `in: querystring`
//! becomes a query parameter marked `x-querystring`, which lowering reads as the whole
//! query string.
//!
//! What the generator cannot express is dropped with a located warning, costing the
//! smallest part: a webhook's or callback's operation of another method (their receiver
//! has the eight methods of 3.0), a parameter `in: querystring` without `content`, `itemEncoding`/`prefixEncoding`
//! (the multipart code writes and reads objects, a part per property, not arrays of parts),
//! and `$self` (references were resolved against each file's own location).

use serde_json::{Map, Value};

use crate::diagnostics::push_pointer;
use crate::ir::Framing;
use crate::methods::{ADDITIONAL, METHODS};
use crate::sink::Sink;
use crate::source::Sources;

/// The version a rewritten document declares: `v31` takes it from there.
const REWRITTEN_VERSION: &str = "3.1.1";

/// Rewrites a 3.2 document to 3.1 in place, pushing a located warning for everything
/// dropped. Returns the nodes it moved, as `(to, from)` pointers for `Sources::relocate`.
pub(crate) fn rewrite(doc: &mut Value, sources: &Sources, sink: &mut Sink) -> Vec<(String, String)> {
    let Value::Object(root) = doc else { return Vec::new() };
    let components = root.get("components").and_then(Value::as_object);
    let schemas = components.and_then(|c| c.get("schemas")).and_then(Value::as_object).cloned().unwrap_or_default();
    let media_types =
        components.and_then(|c| c.get("mediaTypes")).and_then(Value::as_object).cloned().unwrap_or_default();
    let mut r = Rewriter { sources, sink, schemas, media_types, moves: Vec::new() };
    r.document(root);
    r.moves
}

struct Rewriter<'a> {
    sources: &'a Sources,
    sink: &'a mut Sink,
    /// `components/schemas`, as written, for the event schemas an `itemSchema` references.
    schemas: Map<String, Value>,
    /// `components/mediaTypes`, taken out of the document (3.1 has no such section) to be
    /// inlined where they are referenced.
    media_types: Map<String, Value>,
    /// Operations moved into [`ADDITIONAL`], as `(to, from)`.
    moves: Vec<(String, String)>,
}

impl Rewriter<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.sink.warning_at(self.sources, pointer, message);
    }

    fn document(&mut self, root: &mut Map<String, Value>) {
        root.insert("openapi".into(), Value::String(REWRITTEN_VERSION.into()));
        if root.shift_remove("$self").is_some() {
            self.warn("/$self", "`$self` is not used: references are resolved against each file's own location".into());
        }
        if root.get("jsonSchemaDialect").and_then(Value::as_str).is_some_and(|d| d.contains("/oas/3.2/")) {
            root.shift_remove("jsonSchemaDialect");
        }
        if let Some(Value::Array(tags)) = root.get_mut("tags") {
            for (i, tag) in tags.iter_mut().enumerate() {
                self.tag(tag, &format!("/tags/{i}"));
            }
        }
        for section in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = root.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    // The generated router serves the paths' operations of any method;
                    // a webhook's or callback's receiver has the eight of 3.0.
                    let other_methods = section == "paths";
                    self.path_item(item, &push_pointer(&format!("/{section}"), name), other_methods);
                }
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            components.shift_remove("mediaTypes");
            self.components(components);
        }
    }

    fn tag(&mut self, tag: &mut Value, pointer: &str) {
        let Value::Object(tag) = tag else { return };
        if let Some(summary) = tag.shift_remove("summary") {
            if !tag.contains_key("description") {
                let at = tag.keys().position(|k| k == "name").map_or(0, |i| i + 1);
                tag.shift_insert(at, "description".into(), summary);
            }
        }
        // 3.2's `parent` and `kind` travel as extensions (openapiv3's tag has no such
        // fields), which a 3.0 or 3.1 spec may write itself; lowering reads them
        // (`lower/tags.rs`). Where each was written is recorded for its diagnostics.
        for (key, extension) in [("parent", TAG_PARENT), ("kind", TAG_KIND)] {
            let Some(value) = tag.shift_remove(key) else { continue };
            if value.is_string() {
                let at = tag.len();
                tag.shift_insert(at, extension.into(), value);
                self.moves.push((format!("{pointer}/{extension}"), format!("{pointer}/{key}")));
            } else {
                self.warn(&format!("{pointer}/{key}"), format!("the tag's `{key}` is not a string; it is ignored"));
            }
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        for (section, what) in [("pathItems", "path item"), ("callbacks", "callback")] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer(&format!("/components/{section}"), name);
                    match what {
                        "callback" => self.callback(item, &p),
                        _ => self.path_item(item, &p, false),
                    }
                }
            }
        }
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, response) in responses.iter_mut() {
                self.response(response, &push_pointer("/components/responses", name));
            }
        }
        if let Some(Value::Object(bodies)) = components.get_mut("requestBodies") {
            for (name, body) in bodies.iter_mut() {
                self.content_of(body, &push_pointer("/components/requestBodies", name));
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    self.content_of(item, &push_pointer(&format!("/components/{section}"), name));
                }
            }
        }
        if let Some(Value::Object(parameters)) = components.get_mut("parameters") {
            let mut left_out = Vec::new();
            for (name, p) in parameters.iter_mut() {
                if !self.querystring(p, &push_pointer("/components/parameters", name)) {
                    left_out.push(name.clone());
                }
            }
            for name in left_out {
                parameters.shift_remove(&name);
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            for (name, scheme) in schemes.iter_mut() {
                self.security_scheme(scheme, &push_pointer("/components/securitySchemes", name));
            }
        }
        if let Some(Value::Object(examples)) = components.get_mut("examples") {
            examples.values_mut().for_each(example);
        }
    }

    /// A path item's operations and parameters. The `query` method's operation and
    /// `additionalOperations` move into [`ADDITIONAL`] when `other_methods` (openapiv3
    /// would drop them), else they are left out with a warning.
    fn path_item(&mut self, item: &mut Value, pointer: &str, other_methods: bool) {
        let Value::Object(item) = item else { return };
        // (method, where it was written, the operation, whether `additionalOperations` held it)
        let mut others: Vec<(String, String, Value, bool)> = Vec::new();
        if let Some(query) = item.shift_remove("query") {
            others.push(("QUERY".into(), format!("{pointer}/query"), query, false));
        }
        if let Some(more) = item.shift_remove("additionalOperations") {
            let at = format!("{pointer}/additionalOperations");
            match more {
                Value::Object(more) => {
                    let listed =
                        more.into_iter().map(|(method, op)| (method.clone(), push_pointer(&at, &method), op, true));
                    others.extend(listed);
                }
                _ => {
                    self.warn(&at, "`additionalOperations` is not a map of methods to operations; it is ignored".into())
                }
            }
        }
        self.parameters(item, pointer);
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                self.operation(op, &format!("{pointer}/{method}"));
            }
        }
        let mut kept = Map::new();
        for (method, at, mut op, listed) in others {
            if !other_methods {
                self.warn(
                    &at,
                    format!("a webhook or callback of the method `{method}` is not supported; it is left out"),
                );
                continue;
            }
            if !crate::methods::is_token(&method) {
                self.warn(&at, format!("`{method}` is not an HTTP method name (a token); the operation is left out"));
                continue;
            }
            let fixed = METHODS.iter().any(|m| m.eq_ignore_ascii_case(&method)) || method.eq_ignore_ascii_case("query");
            if listed && fixed {
                let message = format!(
                    "`additionalOperations` may not hold `{method}`, which the path item's `{}` field holds; the \
                     operation is left out",
                    method.to_ascii_lowercase()
                );
                self.warn(&at, message);
                continue;
            }
            if kept.contains_key(&method) {
                self.warn(&at, format!("a second operation of the method `{method}`; it is left out"));
                continue;
            }
            if let Value::Object(op) = &mut op {
                self.operation(op, &at);
            }
            self.moves.push((push_pointer(&push_pointer(pointer, ADDITIONAL), &method), at));
            kept.insert(method, op);
        }
        if !kept.is_empty() {
            item.insert(ADDITIONAL.into(), Value::Object(kept));
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, pointer: &str) {
        self.parameters(op, pointer);
        if let Some(body) = op.get_mut("requestBody") {
            self.content_of(body, &format!("{pointer}/requestBody"));
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                self.response(response, &push_pointer(&format!("{pointer}/responses"), status));
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &push_pointer(&format!("{pointer}/callbacks"), name));
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, pointer: &str) {
        if let Value::Object(items) = callback {
            for (expression, item) in items.iter_mut() {
                self.path_item(item, &push_pointer(pointer, expression), false);
            }
        }
    }

    /// Rewrites `in: querystring` parameters to 3.1's words, and reads each parameter's
    /// content.
    fn parameters(&mut self, holder: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(parameters)) = holder.get_mut("parameters") else { return };
        let mut kept = Vec::with_capacity(parameters.len());
        for (i, mut p) in std::mem::take(parameters).into_iter().enumerate() {
            let at = format!("{pointer}/parameters/{i}");
            if !self.querystring(&mut p, &at) {
                continue;
            }
            if let Some(style @ Value::String(_)) = p.get_mut("style").filter(|s| s.as_str() == Some("cookie")) {
                // RFC 6265's form: `name=value` pairs, what `form` with `explode` writes.
                *style = Value::String("form".into());
            }
            self.content_of(&mut p, &at);
            kept.push(p);
        }
        *parameters = kept;
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        let Value::Object(r) = response else { return };
        if r.contains_key("$ref") {
            return;
        }
        let summary = r.shift_remove("summary");
        if !r.contains_key("description") {
            // First, where a response's description is written.
            r.shift_insert(0, "description".into(), summary.unwrap_or_else(|| Value::String(String::new())));
        }
        if let Some(Value::Object(headers)) = r.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let at = push_pointer(&format!("{pointer}/headers"), name);
                self.content_of(header, &at);
            }
        }
        self.content_of(response, pointer);
    }

    /// The media types of the `content` of a request body, response, parameter or header.
    fn content_of(&mut self, holder: &mut Value, pointer: &str) {
        if let Some(Value::Array(examples)) = holder.get_mut("examples") {
            examples.iter_mut().for_each(example);
        } else if let Some(Value::Object(examples)) = holder.get_mut("examples") {
            examples.values_mut().for_each(example);
        }
        let Some(Value::Object(content)) = holder.get_mut("content") else { return };
        for (media_type, entry) in content.iter_mut() {
            let at = push_pointer(&format!("{pointer}/content"), media_type);
            self.inline_media_type(entry);
            let Value::Object(entry) = entry else { continue };
            if let Some(Value::Object(examples)) = entry.get_mut("examples") {
                examples.values_mut().for_each(example);
            }
            for (key, extension) in [("itemEncoding", ITEM_ENCODING), ("prefixEncoding", PREFIX_ENCODING)] {
                let Some(index) = entry.keys().position(|k| k == key) else { continue };
                match self.positional_encoding(media_type, entry, key) {
                    // In the key's place, as the extension a 3.0 or 3.1 spec writes.
                    None => {
                        if let Some(value) = entry.shift_remove(key) {
                            entry.shift_insert(index, extension.into(), value);
                            self.moves.push((format!("{at}/{extension}"), format!("{at}/{key}")));
                        }
                    }
                    Some(message) => {
                        entry.shift_remove(key);
                        self.warn(&format!("{at}/{key}"), message);
                    }
                }
            }
            if let Some(item) = entry.get("itemSchema").cloned() {
                self.item_schema(media_type, entry, item, &at);
            }
        }
    }

    /// Replaces a `$ref` to `#/components/mediaTypes/X` with a copy of it.
    fn inline_media_type(&mut self, entry: &mut Value) {
        let target = entry.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/mediaTypes/"));
        if let Some(found) = target.and_then(|name| self.media_types.get(name)) {
            *entry = found.clone();
        }
    }

    /// `itemSchema` as the `schema` lowering reads: one item's, or for events their data's.
    fn item_schema(&mut self, media_type: &str, entry: &mut Map<String, Value>, item: Value, pointer: &str) {
        let schema = match Framing::of(media_type) {
            Some(Framing::Events) => self.event_data(&item, &format!("{pointer}/itemSchema")),
            Some(_) => item,
            None => {
                let message = format!(
                    "`itemSchema` describes the items of sequential media types (`text/event-stream`, \
                     `application/jsonl`, `application/json-seq`), which `{media_type}` is not; it is ignored"
                );
                self.warn(&format!("{pointer}/itemSchema"), message);
                entry.shift_remove("itemSchema");
                return;
            }
        };
        // In `itemSchema`'s place, so that the document reads as the 3.1 one would.
        entry.shift_remove("schema");
        let at = entry.keys().position(|k| k == "itemSchema").unwrap_or(entry.len());
        entry.shift_remove("itemSchema");
        entry.shift_insert(at, "schema".into(), schema);
    }

    /// The schema of an event's `data`, from the schema of the event (3.2 models an event
    /// as `{event, data, id, retry}`): JSON data's `contentSchema`, else the data's own
    /// schema; a union of those for a `oneOf`/`anyOf` of events.
    fn event_data(&mut self, event: &Value, pointer: &str) -> Value {
        let event = self.resolve(event);
        for union in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = event.get(union) {
                let data: Vec<Value> = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| self.event_data(m, &format!("{pointer}/{union}/{i}")))
                    .collect();
                return serde_json::json!({ union: data });
            }
        }
        let Some(data) = event.get("properties").and_then(|p| p.get("data")) else {
            self.warn(pointer, "the event schema has no `data` property; each event's data is read as text".into());
            return serde_json::json!({"type": "string"});
        };
        let data = self.resolve(data);
        let json = data.get("contentMediaType").and_then(Value::as_str).is_none_or(|m| {
            let m = m.split(';').next().unwrap_or_default().trim();
            m == "application/json" || m.ends_with("+json")
        });
        match data.get("contentSchema") {
            Some(schema) if json => schema.clone(),
            _ => {
                let mut data = data.clone();
                if let Value::Object(d) = &mut data {
                    d.shift_remove("contentMediaType");
                    d.shift_remove("contentSchema");
                }
                data
            }
        }
    }

    /// A schema, or the component schema its local `$ref` names (one step: event schemas
    /// are shallow).
    fn resolve(&self, schema: &Value) -> Value {
        let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"));
        target.and_then(|name| self.schemas.get(name)).unwrap_or(schema).clone()
    }

    /// 3.2's additions to security schemes travel as extensions (openapiv3's scheme and
    /// flows have no such fields), which lowering reads (`lower/security.rs`) and a 3.0
    /// or 3.1 spec may write itself: `oauth2MetadataUrl` → [`OAUTH2_METADATA_URL`],
    /// `deprecated` → [`SCHEME_DEPRECATED`], the device flow → [`DEVICE_FLOW`].
    fn security_scheme(&mut self, scheme: &mut Value, pointer: &str) {
        let Value::Object(scheme) = scheme else { return };
        for (key, extension) in [("oauth2MetadataUrl", OAUTH2_METADATA_URL), ("deprecated", SCHEME_DEPRECATED)] {
            let Some(value) = scheme.shift_remove(key) else { continue };
            let fits = if key == "deprecated" { value.is_boolean() } else { value.is_string() };
            if fits {
                scheme.insert(extension.into(), value);
                self.moves.push((format!("{pointer}/{extension}"), format!("{pointer}/{key}")));
            } else {
                let what = if key == "deprecated" { "a boolean" } else { "a string" };
                self.warn(&format!("{pointer}/{key}"), format!("the scheme's `{key}` is not {what}; it is ignored"));
            }
        }
        if let Some(Value::Object(flows)) = scheme.get_mut("flows") {
            if let Some(device) = flows.shift_remove("deviceAuthorization") {
                flows.insert(DEVICE_FLOW.into(), device);
                let at = format!("{pointer}/flows");
                self.moves.push((format!("{at}/{DEVICE_FLOW}"), format!("{at}/deviceAuthorization")));
            }
        }
    }
}

/// The media type extension that holds 3.2's `itemEncoding` (the Encoding Object of every
/// part of a multipart body that is an array, after those `prefixEncoding` gives), under
/// the name the OpenAPI Initiative's extension registry gives it for earlier versions.
pub(crate) const ITEM_ENCODING: &str = "x-oai-itemEncoding";
/// The media type extension that holds 3.2's `prefixEncoding` (the Encoding Objects of a
/// multipart array body's first parts, position by position), as the registry names it.
pub(crate) const PREFIX_ENCODING: &str = "x-oai-prefixEncoding";

impl Rewriter<'_> {
    /// Whether a media type's `itemEncoding` or `prefixEncoding` (3.2: the encoding of
    /// each part of a multipart body that is an array, every item's or position by
    /// position) is kept, as [`ITEM_ENCODING`] or [`PREFIX_ENCODING`], which lowering reads
    /// (`lower/multipart.rs`): `None` for a multipart body whose schema is an array, else
    /// why it is ignored, in words that fit the case: the media type is not multipart, the
    /// body is an object (whose parts `encoding` describes), or there is no array schema
    /// (a stream of parts, `itemSchema`, is not read).
    fn positional_encoding(&self, media_type: &str, entry: &Map<String, Value>, key: &str) -> Option<String> {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !essence.starts_with("multipart/") {
            return Some(format!(
                "`{key}` describes the parts of a multipart body, which `{media_type}` is not; it is ignored"
            ));
        }
        let schema = entry.get("schema").map(|s| self.resolve(s));
        let array = schema
            .as_ref()
            .is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("array") || s.get("items").is_some());
        if array {
            return None;
        }
        let schema = schema.or_else(|| entry.get("itemSchema").map(|s| self.resolve(s)));
        let object = schema
            .as_ref()
            .is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("object") || s.get("properties").is_some());
        if object {
            return Some(format!(
                "`{key}` describes the parts of a multipart body that is an array; this body is an object, whose \
                 parts `encoding` describes by property; it is ignored"
            ));
        }
        Some(format!(
            "`{key}` describes the parts of a multipart body whose `schema` is an array (one item a part), which this \
             body's is not (a stream of parts, `itemSchema`, is not read); it is ignored"
        ))
    }
}

/// An example in 3.2's form, in 3.1's: `dataValue` is the `value`.
fn example(example: &mut Value) {
    let Value::Object(e) = example else { return };
    if let Some(data) = e.shift_remove("dataValue") {
        e.entry("value").or_insert(data);
    }
    e.shift_remove("serializedValue");
}

/// The security scheme extension that holds 3.2's `oauth2MetadataUrl`.
pub(crate) const OAUTH2_METADATA_URL: &str = "x-oauth2-metadata-url";
/// The security scheme extension that holds 3.2's `deprecated`.
pub(crate) const SCHEME_DEPRECATED: &str = "x-deprecated";
/// The OAuth flows' extension that holds 3.2's device authorization flow.
pub(crate) const DEVICE_FLOW: &str = "x-device-authorization";

/// The tag extension that names a tag's parent tag (3.2's `parent`).
pub(crate) const TAG_PARENT: &str = "x-parent";
/// The tag extension that says what kind of tag it is (3.2's `kind`: `nav`, `badge`,
/// `audience`, …).
pub(crate) const TAG_KIND: &str = "x-kind";

/// The parameter extension that marks a query parameter as 3.2's `in: querystring`: the
/// whole query string is its value, written in its `content`'s media type.
pub(crate) const QUERYSTRING: &str = "x-querystring";

impl Rewriter<'_> {
    /// A parameter `in: querystring` (the whole query string as one value, in its
    /// `content`'s media type) becomes a query parameter marked [`QUERYSTRING`], which
    /// lowering reads as such. False when it is left out (with a warning): one without
    /// `content` has no media type to write the query in.
    fn querystring(&mut self, p: &mut Value, pointer: &str) -> bool {
        let Value::Object(p) = p else { return true };
        if p.get("in").and_then(Value::as_str) != Some("querystring") {
            return true;
        }
        if !p.get("content").is_some_and(Value::is_object) {
            let message = "a parameter `in: querystring` must say its media type in `content` (OpenAPI 3.2); it is \
                           left out, so the client does not send it and the server does not read it";
            self.warn(pointer, message.into());
            return false;
        }
        p.insert("in".into(), Value::String("query".into()));
        p.insert(QUERYSTRING.into(), Value::Bool(true));
        true
    }
}
