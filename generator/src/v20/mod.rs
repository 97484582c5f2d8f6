//! Swagger 2.0 input: converts a 2.0 document into the OpenAPI 3.0 model in place, before
//! normalising, as `v31` does for 3.1, so that everything after the version gate reads 3.0.
//!
//! What 3.0 says in other words is converted silently:
//! - `host`, `basePath` and `schemes` → `servers`;
//! - `consumes`/`produces` (global, or the operation's) → the media types of request bodies
//!   and responses (`application/json` when neither says);
//! - an `in: body` parameter → `requestBody`; `in: formData` parameters → one
//!   `requestBody` whose object schema has a property per parameter (`type: file` a
//!   binary string), as `multipart/form-data` or `application/x-www-form-urlencoded`;
//! - the other parameters' `type`, `format`, `items`, … → `schema`, and `collectionFormat`
//!   → `style`/`explode`;
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` → `components`,
//!   and the references to them; global body and form parameters are inlined where used;
//! - `discriminator: name` → `discriminator: {propertyName}`, with a `mapping` from the
//!   extensions' `x-ms-discriminator-value`; `x-nullable` → `nullable`; `x-ms-enum`'s
//!   `modelAsString: true` → `x-open-enum: true`; `x-ms-paths` → `paths`, the query
//!   written into a key (there or in `paths`: `/a?comp=list`) → required query parameters
//!   of the one value written.
//!
//! What 3.0 cannot say costs the smallest part it is in, with a located warning into the
//! 2.0 file: a `collectionFormat` with no 3.0 style (`tsv`, or `ssv`/`pipes` outside the
//! query) makes the parameter one string, written as the API expects it; a form parameter
//! where the operation consumes no form is sent as a form anyway; a second body parameter,
//! an operation whose path and method another already has (two keys that differ only by
//! their query, which 3.0 cannot tell apart), operation `schemes`,
//! `x-ms-parameterized-host`, a response header's non-`csv` list and keys beside a `$ref`
//! (other than the annotations AutoRest means there) are left out. Every node that moves
//! records where it came from (`Sources::relocate`), so what later stages say about it
//! points into the 2.0 file.
//!
//! Kept in the document as extensions, for lowering to read (in 3.0 specs too):
//! `x-ms-client-name` and `x-ms-enum`'s `name` and value names, which name the code, and
//! `x-ms-pageable`, whose next links the page stream follows. Not used yet:
//! `x-ms-pageable`'s `operationName` (the next link is fetched as the same operation),
//! `x-ms-skip-url-encoding`; they cost nothing.

mod params;
mod schema;

use serde_json::{Map, Value};

use crate::diagnostics::push_pointer;
use crate::sink::Sink;
use crate::source::Sources;

/// The version a converted document declares.
const CONVERTED_VERSION: &str = "3.0.3";

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// The media type of bodies when neither the operation nor the document says.
const DEFAULT_MEDIA: &str = "application/json";

/// Converts a Swagger 2.0 document to OpenAPI 3.0 in place, pushing a located warning for
/// everything that is lost, and recording in `sources` where every moved node was.
pub(crate) fn rewrite(doc: &mut Value, sources: &mut Sources, sink: &mut Sink) {
    let Value::Object(root) = doc else { return };
    let mut c = Converter {
        sources: &*sources,
        sink,
        moves: Vec::new(),
        consumes: media_list(root.get("consumes")),
        produces: media_list(root.get("produces")),
        parameters: Map::new(),
    };
    c.document(root);
    let moves = std::mem::take(&mut c.moves);
    sources.relocate(&moves);
    // After relocating, so that the converted pointers are located in the 2.0 file.
    references(doc, "", sources, sink);
}

/// A node of the 2.0 document and the pointer it was written at there.
type Written = (Value, String);

/// The conversion's state: where to report, the moves to record, and what the
/// document-wide settings say.
struct Converter<'a> {
    sources: &'a Sources,
    sink: &'a mut Sink,
    /// (pointer in the converted document, pointer it was at in the 2.0 document).
    moves: Vec<(String, String)>,
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    /// The 2.0 `parameters` section, as written: body and form parameters are inlined
    /// where they are used, since 3.0 keeps them apart from the others.
    parameters: Map<String, Value>,
}

impl Converter<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.sink.warning_at(self.sources, pointer, message);
    }

    fn moved(&mut self, to: String, from: String) {
        if to != from {
            self.moves.push((to, from));
        }
    }

    fn document(&mut self, root: &mut Map<String, Value>) {
        root.shift_remove("swagger");
        root.shift_insert(0, "openapi".into(), Value::String(CONVERTED_VERSION.into()));
        self.moved("/openapi".into(), "/swagger".into());
        let servers = self.servers(root);
        for key in ["consumes", "produces"] {
            root.shift_remove(key);
        }
        if let Some(Value::Object(params)) = root.shift_remove("parameters") {
            self.parameters = params;
        }
        let definitions = root.shift_remove("definitions");
        let responses = root.shift_remove("responses");
        let security = root.shift_remove("securityDefinitions");
        // `servers` goes where 3.0 documents put it: after `info`.
        if let Some(servers) = servers {
            let at = root.keys().position(|k| k == "info").map_or(1, |i| i + 1);
            root.shift_insert(at.min(root.len()), "servers".into(), servers);
        }
        let mut paths = Map::new();
        if let Some(Value::Object(written)) = root.shift_remove("paths") {
            self.join_paths(written, "/paths", &mut paths);
        }
        if let Some(Value::Object(extra)) = root.shift_remove("x-ms-paths") {
            self.join_paths(extra, "/x-ms-paths", &mut paths);
        }
        let mut components = Map::new();
        if let Some(Value::Object(mut schemas)) = definitions {
            for (name, s) in schemas.iter_mut() {
                self.schema(s, &push_pointer("/definitions", name));
            }
            schema::discriminator_mappings(&mut schemas);
            self.moved("/components/schemas".into(), "/definitions".into());
            components.insert("schemas".into(), Value::Object(schemas));
        }
        let parameters = self.component_parameters();
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if let Some(Value::Object(mut responses)) = responses {
            let produces = self.produces.clone();
            for (name, r) in responses.iter_mut() {
                let from = push_pointer("/responses", name);
                let to = push_pointer("/components/responses", name);
                self.response(r, produces.as_deref(), &from, &to);
            }
            components.insert("responses".into(), Value::Object(responses));
        }
        if let Some(Value::Object(mut schemes)) = security {
            for (name, s) in schemes.iter_mut() {
                self.security_scheme(s, &push_pointer("/securityDefinitions", name));
            }
            self.moved("/components/securitySchemes".into(), "/securityDefinitions".into());
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        // `paths` and `components` go after `servers` (or `info`), where 3.0 documents
        // write them.
        let at = root.keys().position(|k| k == "servers").or_else(|| root.keys().position(|k| k == "info"));
        let at = at.map_or(root.len(), |i| i + 1);
        root.shift_insert(at, "paths".into(), Value::Object(paths));
        if !components.is_empty() {
            root.shift_insert(at + 1, "components".into(), Value::Object(components));
        }
    }

    /// `host`, `basePath` and `schemes` → one server per scheme; with no host, the base
    /// path alone, relative to wherever the document was served from.
    fn servers(&mut self, root: &mut Map<String, Value>) -> Option<Value> {
        if let Some(parameterized) = root.shift_remove("x-ms-parameterized-host") {
            let template = parameterized.get("hostTemplate").and_then(Value::as_str).unwrap_or_default();
            self.warn(
                "/x-ms-parameterized-host",
                format!(
                    "`x-ms-parameterized-host` is not generated: give the client a base URL with the host \
                     (`{template}`) filled in"
                ),
            );
        }
        let host = root.shift_remove("host");
        let base = root.shift_remove("basePath");
        let schemes = root.shift_remove("schemes");
        let host = host.as_ref().and_then(Value::as_str);
        let base = base.as_ref().and_then(Value::as_str).unwrap_or("").trim_end_matches('/');
        let from = if host.is_some() { "/host" } else { "/basePath" };
        let urls: Vec<String> = match host {
            None if base.is_empty() => return None,
            None => vec![base.to_string()],
            Some(host) => {
                let mut schemes: Vec<String> = match &schemes {
                    Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                    _ => Vec::new(),
                };
                if schemes.is_empty() {
                    schemes.push("https".into());
                }
                schemes.iter().map(|s| format!("{s}://{host}{base}")).collect()
            }
        };
        self.moved("/servers".into(), from.into());
        Some(Value::Array(
            urls.into_iter()
                .map(|url| Value::Object([("url".into(), Value::String(url))].into_iter().collect()))
                .collect(),
        ))
    }

    /// Converts the path items of `section` (`/paths`, or `/x-ms-paths`, whose keys may
    /// carry a query, `/a?comp=list`, so that one path can hold several operations per
    /// method) into `paths`. A key's query names parameters with one value each, which the
    /// API dispatches on: they become required query parameters of that one value (an enum
    /// of one) of every operation under the key, unless it declares them itself. A method
    /// the path already has keeps the first operation, and the other is left out with a
    /// warning; a path item that joins another brings its own path-level parameters down
    /// into its operations, so they do not reach the other's.
    fn join_paths(&mut self, section: Map<String, Value>, base: &str, paths: &mut Map<String, Value>) {
        for (key, mut item) in section {
            let from = push_pointer(base, &key);
            let (path, query) = key.split_once('?').unwrap_or((&key, ""));
            let path = path.to_string();
            if let Value::Object(item) = &mut item {
                fixed_query(item, query, &key);
            }
            let to = push_pointer("/paths", &path);
            self.path_item(&mut item, &from, &to);
            let Value::Object(mut item) = item else {
                paths.insert(path, item);
                continue;
            };
            let joins = paths.get(&path).is_some_and(|e| e.as_object().is_some_and(|e| !e.is_empty()));
            if joins {
                push_down_parameters(&mut item);
            }
            let existing = paths.entry(path.clone()).or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(existing) = existing else { continue };
            for (k, v) in item {
                if existing.contains_key(&k) {
                    self.warn(
                        &push_pointer(&from, &k),
                        format!("`{path}` already has a `{k}`, so this one (`{key}`) is left out"),
                    );
                    continue;
                }
                self.moved(push_pointer(&to, &k), push_pointer(&from, &k));
                existing.insert(k, v);
            }
        }
    }

    /// A path item at `from` in the 2.0 document, to be at `to` in the converted one.
    fn path_item(&mut self, item: &mut Value, from: &str, to: &str) {
        let Value::Object(item) = item else { return };
        // Path-level body and form parameters apply to every operation: they go into each
        // operation's request body.
        let shared = match item.shift_remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let shared: Vec<Written> =
            shared.into_iter().enumerate().map(|(i, p)| (p, format!("{from}/parameters/{i}"))).collect();
        let (kept, bodies) = self.split_parameters(shared);
        let kept = self.parameter_list(kept, &format!("{to}/parameters"));
        if !kept.is_empty() {
            item.shift_insert(0, "parameters".into(), Value::Array(kept));
        }
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(method) else { continue };
            self.operation(op, &push_pointer(from, method), &push_pointer(to, method), &bodies);
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, from: &str, to: &str, shared: &[Written]) {
        let consumes = media_list(op.get("consumes")).or_else(|| self.consumes.clone());
        let produces = media_list(op.get("produces")).or_else(|| self.produces.clone());
        op.shift_remove("consumes");
        op.shift_remove("produces");
        if op.shift_remove("schemes").is_some() {
            self.warn(
                &format!("{from}/schemes"),
                "an operation's `schemes` are ignored; calls go to the client's base URL".into(),
            );
        }
        let at = op.keys().position(|k| k == "parameters" || k == "responses").unwrap_or(op.len());
        let own = match op.shift_remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let own: Vec<Written> =
            own.into_iter().enumerate().map(|(i, p)| (p, format!("{from}/parameters/{i}"))).collect();
        let (kept, mut bodies) = self.split_parameters(own);
        for (p, ptr) in shared {
            let overridden = bodies.iter().any(|(b, _)| same_parameter(b, p));
            if !overridden {
                bodies.push((p.clone(), ptr.clone()));
            }
        }
        let kept = self.parameter_list(kept, &format!("{to}/parameters"));
        let body = self.request_body(bodies, consumes.as_deref(), &format!("{to}/requestBody"));
        let at = at.min(op.len());
        let mut at_next = at;
        if !kept.is_empty() {
            op.shift_insert(at_next, "parameters".into(), Value::Array(kept));
            at_next += 1;
        }
        if let Some(body) = body {
            op.shift_insert(at_next, "requestBody".into(), body);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (status, r) in responses.iter_mut() {
                let from = push_pointer(&format!("{from}/responses"), status);
                let to = push_pointer(&format!("{to}/responses"), status);
                self.response(r, produces.as_deref(), &from, &to);
            }
        }
    }
}

/// A `consumes`/`produces` list, if one is given (an empty list says "none").
fn media_list(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        Some(Value::Array(list)) => Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        _ => None,
    }
}

/// A path key's query (`comp=list&restype=container`) as 2.0 parameters of each operation
/// of `item`: required, in the query, of the one value written (empty for a bare name).
fn fixed_query(item: &mut Map<String, Value>, query: &str, key: &str) {
    let fixed: Vec<Value> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            serde_json::json!({
                "name": name,
                "in": "query",
                "required": true,
                "type": "string",
                "enum": [value],
                "description": format!("Always `{value}`: the path `{key}` says so."),
            })
        })
        .collect();
    if fixed.is_empty() {
        return;
    }
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(method) else { continue };
        let list = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = list else { continue };
        for p in &fixed {
            if !list.iter().any(|q| same_parameter(q, p)) {
                list.push(p.clone());
            }
        }
    }
}

/// Moves a converted path item's path-level parameters into each of its operations (one
/// the operation declares itself is overridden there, as 3.0 says).
fn push_down_parameters(item: &mut Map<String, Value>) {
    let Some(Value::Array(shared)) = item.shift_remove("parameters") else { return };
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(method) else { continue };
        if !op.contains_key("parameters") {
            // Where 3.0 documents write them: before the body and the responses.
            let at = op.keys().position(|k| k == "requestBody" || k == "responses").unwrap_or(op.len());
            op.shift_insert(at, "parameters".into(), Value::Array(Vec::new()));
        }
        let Some(Value::Array(list)) = op.get_mut("parameters") else { continue };
        for p in &shared {
            if !list.iter().any(|q| same_parameter(q, p)) {
                list.push(p.clone());
            }
        }
    }
}

/// Whether two parameters are the same one (an operation's overrides a path's).
fn same_parameter(a: &Value, b: &Value) -> bool {
    a.get("name").is_some() && a.get("name") == b.get("name") && a.get("in") == b.get("in")
}

/// Points every reference at its 3.0 section, and drops what is written beside one (3.0
/// reads the target alone) with a warning.
fn references(v: &mut Value, pointer: &str, sources: &Sources, sink: &mut Sink) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                for (old, new) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = r.strip_prefix(old) {
                        *r = format!("{new}{rest}");
                        break;
                    }
                }
                if map.len() > 1 {
                    let others: Vec<&str> = map.keys().filter(|k| *k != "$ref").map(String::as_str).collect();
                    let message = format!("keys beside `$ref` are ignored in OpenAPI 3.0: {}", others.join(", "));
                    sink.warning_at(sources, pointer, message);
                    map.retain(|k, _| k == "$ref");
                }
                return;
            }
            // Extensions are opaque: what looks like a reference in one is not.
            for (k, child) in map.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                references(child, &push_pointer(pointer, k), sources, sink);
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter_mut().enumerate() {
                references(child, &format!("{pointer}/{i}"), sources, sink);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
