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
//! - Media Type Objects referenced from `components/mediaTypes` are inlined;
//! - a 3.2 `jsonSchemaDialect` is 3.1's default one.
//!
//! What the generator cannot express is dropped with a located warning, costing the
//! smallest part: an operation of the `query` method or of `additionalOperations` (the
//! IR has the eight methods of 3.0), a parameter `in: querystring`, tags' `parent` and
//! `kind` (tags do not group the generated code), `itemEncoding`/`prefixEncoding`,
//! security schemes' `oauth2MetadataUrl` and `deprecated`, the device authorization flow,
//! and `$self` (references were resolved against each file's own location).

use serde_json::{Map, Value};

use crate::diagnostics::push_pointer;
use crate::ir::Framing;
use crate::sink::Sink;
use crate::source::Sources;

/// The version a rewritten document declares: `v31` takes it from there.
const REWRITTEN_VERSION: &str = "3.1.1";

/// The operations of a path item that 3.0 and 3.1 know.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Rewrites a 3.2 document to 3.1 in place, pushing a located warning for everything
/// dropped.
pub(crate) fn rewrite(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let Value::Object(root) = doc else { return };
    let components = root.get("components").and_then(Value::as_object);
    let schemas = components.and_then(|c| c.get("schemas")).and_then(Value::as_object).cloned().unwrap_or_default();
    let media_types =
        components.and_then(|c| c.get("mediaTypes")).and_then(Value::as_object).cloned().unwrap_or_default();
    let parameters = components.and_then(|c| c.get("parameters")).and_then(Value::as_object);
    let querystring = parameters
        .into_iter()
        .flatten()
        .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("querystring"))
        .map(|(name, _)| format!("#/components/parameters/{}", name.replace('~', "~0").replace('/', "~1")))
        .collect();
    let mut r = Rewriter { sources, sink, schemas, media_types, querystring };
    r.document(root);
}

struct Rewriter<'a> {
    sources: &'a Sources,
    sink: &'a mut Sink,
    /// `components/schemas`, as written, for the event schemas an `itemSchema` references.
    schemas: Map<String, Value>,
    /// `components/mediaTypes`, taken out of the document (3.1 has no such section) to be
    /// inlined where they are referenced.
    media_types: Map<String, Value>,
    /// The references to `in: querystring` parameter components, which are left out with
    /// them (the warning is the component's).
    querystring: Vec<String>,
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
                    self.path_item(item, &push_pointer(&format!("/{section}"), name));
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
        let dropped: Vec<String> = ["parent", "kind"]
            .into_iter()
            .filter(|k| tag.shift_remove(*k).is_some())
            .map(|k| format!("`{k}`"))
            .collect();
        if !dropped.is_empty() {
            let keys = dropped.join(" and ");
            self.warn(pointer, format!("the tag's {keys} are not used yet: tags do not group the generated code"));
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        for (section, what) in [("pathItems", "path item"), ("callbacks", "callback")] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer(&format!("/components/{section}"), name);
                    match what {
                        "callback" => self.callback(item, &p),
                        _ => self.path_item(item, &p),
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
            let querystring: Vec<String> = parameters
                .iter()
                .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("querystring"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in querystring {
                parameters.shift_remove(&name);
                self.warn(&push_pointer("/components/parameters", &name), querystring_message());
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

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Value::Object(item) = item else { return };
        if item.shift_remove("query").is_some() {
            let at = format!("{pointer}/query");
            self.warn(&at, "the QUERY method is not supported yet; the operation is left out".into());
        }
        if let Some(Value::Object(more)) = item.shift_remove("additionalOperations") {
            for method in more.keys() {
                let at = push_pointer(&format!("{pointer}/additionalOperations"), method);
                self.warn(&at, format!("the method `{method}` is not supported; the operation is left out"));
            }
        }
        self.parameters(item, pointer);
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                self.operation(op, &format!("{pointer}/{method}"));
            }
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
                self.path_item(item, &push_pointer(pointer, expression));
            }
        }
    }

    /// Leaves out `in: querystring` parameters (the whole query string as one value,
    /// which the generated client and server cannot carry yet), and reads the others'
    /// content.
    fn parameters(&mut self, holder: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(parameters)) = holder.get_mut("parameters") else { return };
        let mut kept = Vec::with_capacity(parameters.len());
        for (i, mut p) in std::mem::take(parameters).into_iter().enumerate() {
            let at = format!("{pointer}/parameters/{i}");
            if p.get("in").and_then(Value::as_str) == Some("querystring") {
                self.warn(&at, querystring_message());
                continue;
            }
            if p.get("$ref").and_then(Value::as_str).is_some_and(|r| self.querystring.iter().any(|q| q == r)) {
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
            for key in ["itemEncoding", "prefixEncoding"] {
                if entry.shift_remove(key).is_some() {
                    self.warn(&format!("{at}/{key}"), format!("`{key}` is not supported yet and is ignored"));
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

    fn security_scheme(&mut self, scheme: &mut Value, pointer: &str) {
        let Value::Object(scheme) = scheme else { return };
        if scheme.shift_remove("oauth2MetadataUrl").is_some() {
            let message = "`oauth2MetadataUrl` is not used: the client is given tokens, it does not fetch them";
            self.warn(&format!("{pointer}/oauth2MetadataUrl"), message.into());
        }
        if scheme.shift_remove("deprecated").is_some_and(|d| d == Value::Bool(true)) {
            let message = "the scheme is deprecated, which the generated code does not say yet";
            self.warn(&format!("{pointer}/deprecated"), message.into());
        }
        if let Some(Value::Object(flows)) = scheme.get_mut("flows") {
            if flows.shift_remove("deviceAuthorization").is_some() {
                let message = "the device authorization flow is not used: the client is given tokens, it does not \
                               fetch them";
                self.warn(&format!("{pointer}/flows/deviceAuthorization"), message.into());
            }
        }
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

fn querystring_message() -> String {
    "parameters `in: querystring` (the whole query string as one value) are not supported yet; the parameter is \
     left out, so the client does not send it and the server does not read it"
        .into()
}
