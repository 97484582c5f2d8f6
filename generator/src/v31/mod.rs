//! OpenAPI 3.1 input: rewrites a 3.1 document into the 3.0 model in place, before
//! normalising and before openapiv3 (which knows only 3.0) sees it.
//!
//! Rewrites that say the same thing in 3.0's words are silent, because nothing is lost:
//! - `type: [T, "null"]` → `type: T, nullable: true`; several types → `oneOf`, one
//!   member per type, each with the keywords that apply to it;
//! - `anyOf`/`oneOf` with a `{type: "null"}` member → the others, `nullable: true`;
//! - `const: v` → `enum: [v]` (with the type of `v` when none is given);
//! - `examples: [a, …]` in a schema → `example: a`;
//! - numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (and maximum);
//! - `contentEncoding: base64` → `format: byte`; a binary `contentMediaType` alone →
//!   `format: binary`;
//! - `$ref` with annotations beside it → `allOf: [{$ref}]` with the annotations (lowering
//!   reads a one-member `allOf` as its member, with the description and `nullable`);
//!   with constraints beside it → `allOf: [{$ref}, {constraints}]`, what 3.1 means;
//! - path items referenced from `components/pathItems` are inlined;
//! - `info.summary`, `license.identifier` and a missing `paths` get their 3.0 forms.
//!
//! Keywords that only narrow what is valid (`propertyNames`, `contains`, `if`/`then`/
//! `else`, `dependentSchemas`, `unevaluatedProperties: false`, a property whose schema is
//! `false`, …) are dropped with a warning: the generated types still accept every valid
//! value. So is `type: null` with no other type, read as any value, nullable. Keywords
//! that change the shape of a value (`prefixItems`, `$dynamicRef`, …) cannot be expressed
//! in 3.0 and are located errors that name the construct; the run then types the schema
//! in the smallest place around them (a property, a list's items) as any JSON value
//! (`prune`). `webhooks` are kept as the root extension
//! `x-webhooks`, which openapiv3 keeps and lowering reads (see `document`).

use serde_json::{Map, Value, json};

use crate::diagnostics::push_pointer;
use crate::sink::Sink;
use crate::source::Sources;
use vocabulary::{ANNOTATIONS_DROPPED, KEYWORDS_BY_TYPE, NARROWING, REF_ANNOTATIONS, REFUSED};

/// The dialect OpenAPI 3.1 documents use unless they say otherwise: JSON Schema 2020-12
/// with OpenAPI's vocabulary. Schemas written in it are what this module rewrites.
pub const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// JSON Schema 2020-12's own meta-schema, which the default dialect extends; a `$schema`
/// naming it describes the same keywords.
const JSON_SCHEMA_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The version a rewritten document declares.
const REWRITTEN_VERSION: &str = "3.0.3";

/// The root extension 3.1's `webhooks` are kept in (see `Rewriter::document`).
pub const WEBHOOKS_EXTENSION: &str = "x-webhooks";

/// Rewrites a 3.1 document to 3.0 in place, pushing a located diagnostic for everything
/// that is dropped (warning) or cannot be expressed (error).
pub(crate) fn rewrite(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let mut r = Rewriter { sources, sink, path_items: Map::new() };
    r.document(doc);
}

struct Rewriter<'a> {
    sources: &'a Sources,
    sink: &'a mut Sink,
    /// `components/pathItems`, taken out of the document (3.0 has no such section) to be
    /// inlined where they are referenced.
    path_items: Map<String, Value>,
}

impl Rewriter<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.sink.warning_at(self.sources, pointer, message);
    }

    fn error(&mut self, pointer: &str, message: String, help: &str) {
        self.sink.error_at(self.sources, pointer, message, Some(help));
    }

    fn document(&mut self, doc: &mut Value) {
        let Value::Object(root) = doc else { return };
        root.insert("openapi".into(), Value::String(REWRITTEN_VERSION.into()));
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            self.dialect(&dialect, "/jsonSchemaDialect");
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            // 3.0's `info` has no summary; it stands in for a missing description.
            if let Some(summary) = info.shift_remove("summary") {
                if !info.contains_key("description") {
                    info.insert("description".into(), summary);
                }
            }
            if let Some(Value::Object(license)) = info.get_mut("license") {
                if let Some(id) = license.shift_remove("identifier") {
                    if let (Value::String(id), false) = (&id, license.contains_key("url")) {
                        license.insert("url".into(), Value::String(format!("https://spdx.org/licenses/{id}.html")));
                    }
                }
            }
        }
        let webhooks = root.shift_remove("webhooks");
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Object(Map::new()));
        }
        let path_items = match root.get_mut("components") {
            Some(Value::Object(components)) => components.shift_remove("pathItems"),
            _ => None,
        };
        if let Some(Value::Object(items)) = path_items {
            self.path_items = items;
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                let p = push_pointer("/paths", path);
                self.inline_path_item(item, &p);
                self.path_item(item, &p);
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components);
        }
        self.mutual_tls(root);
        // 3.0 has no `webhooks`, so openapiv3 would drop them: they are rewritten like
        // paths and kept as the root extension `x-webhooks`, which openapiv3 keeps and
        // lowering reads (its diagnostics still point at `/webhooks`).
        if let Some(mut webhooks) = webhooks {
            if let Value::Object(items) = &mut webhooks {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer("/webhooks", name);
                    self.inline_path_item(item, &p);
                    self.path_item(item, &p);
                }
            }
            root.insert(WEBHOOKS_EXTENSION.into(), webhooks);
        }
    }

    /// Accepts the default dialect. Another (draft-04, draft-07) is read as the default
    /// one, with a warning: the keywords a generator acts on (types, properties, items,
    /// enums, composition, references) mean the same in every draft, and what differs
    /// (`exclusiveMaximum` as a flag, `dependencies`) only narrows what is valid.
    fn dialect(&mut self, dialect: &Value, pointer: &str) {
        match dialect.as_str() {
            Some(DEFAULT_DIALECT | JSON_SCHEMA_2020_12) => {}
            _ => self.warn(
                pointer,
                format!(
                    "the JSON Schema dialect {dialect} is read as OpenAPI 3.1's default dialect, \
                     {DEFAULT_DIALECT}: the keywords that shape types mean the same in both"
                ),
            ),
        }
    }

    /// Replaces a `$ref` to `#/components/pathItems/X` with a copy of that path item
    /// (3.0 has no path-item components), keeping fields written beside the reference.
    fn inline_path_item(&mut self, item: &mut Value, pointer: &str) {
        // References may chain through other path items; a cycle or a long chain ends
        // here rather than looping.
        for _ in 0..16 {
            let Some(Value::String(reference)) = item.get("$ref") else { return };
            let name = reference.strip_prefix("#/components/pathItems/").map(unescape);
            let Some(target) = name.as_deref().and_then(|n| self.path_items.get(n)) else {
                self.error(
                    &format!("{pointer}/$ref"),
                    format!("`{reference}` does not name a path item in `components/pathItems`"),
                    "reference a path item as `#/components/pathItems/<name>`",
                );
                return;
            };
            let Value::Object(mut merged) = target.clone() else { return };
            if let Value::Object(local) = item {
                for (k, v) in local.iter().filter(|(k, _)| *k != "$ref") {
                    merged.insert(k.clone(), v.clone());
                }
            }
            *item = Value::Object(merged);
        }
        self.error(pointer, "path item references go round in a cycle".into(), "make one of them a path item");
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            for (name, schema) in schemas.iter_mut() {
                self.schema(schema, &push_pointer("/components/schemas", name));
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    self.parameter(item, &push_pointer(&format!("/components/{section}"), name));
                }
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    self.with_content(item, &push_pointer(&format!("/components/{section}"), name));
                }
            }
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &push_pointer("/components/callbacks", name));
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, pointer: &str) {
        let Value::Object(expressions) = callback else { return };
        for (expression, item) in expressions.iter_mut() {
            let p = push_pointer(pointer, expression);
            self.inline_path_item(item, &p);
            self.path_item(item, &p);
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Value::Object(item) = item else { return };
        self.parameters(item, pointer);
        for slot in crate::methods::slots_of(item) {
            let Some(Value::Object(op)) = slot.get_mut(item) else { continue };
            let op_ptr = format!("{pointer}{}", slot.pointer);
            // 3.1 lets an operation leave out `responses`; 3.0 requires the key. Lowering
            // reads an operation with none as one whose every answer is undeclared.
            if !op.contains_key("responses") {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
            self.parameters(op, &op_ptr);
            if let Some(body) = op.get_mut("requestBody") {
                self.with_content(body, &format!("{op_ptr}/requestBody"));
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (status, response) in responses.iter_mut() {
                    self.with_content(response, &push_pointer(&format!("{op_ptr}/responses"), status));
                }
            }
            // Callbacks are rewritten too, so that lowering's refusal of them is the only
            // thing said about them.
            if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
                for (name, callback) in callbacks.iter_mut() {
                    self.callback(callback, &push_pointer(&format!("{op_ptr}/callbacks"), name));
                }
            }
        }
    }

    fn parameters(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        if let Some(Value::Array(params)) = map.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &format!("{pointer}/parameters/{i}"));
            }
        }
    }

    /// A parameter or header: its schema, or its `content`.
    fn parameter(&mut self, param: &mut Value, pointer: &str) {
        let Value::Object(map) = param else { return };
        self.reference_siblings(map, pointer);
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &format!("{pointer}/schema"));
        }
        self.content(map, pointer);
    }

    /// A response or request body: its `content`, and a response's `headers`.
    fn with_content(&mut self, value: &mut Value, pointer: &str) {
        let Value::Object(map) = value else { return };
        self.reference_siblings(map, pointer);
        self.content(map, pointer);
        if let Some(Value::Object(headers)) = map.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &push_pointer(&format!("{pointer}/headers"), name));
            }
        }
    }

    /// A 3.1 reference to a parameter, header, response or request body may carry a
    /// `summary` or `description` that overrides the referenced one's; 3.0 references
    /// carry nothing, and openapiv3 reads the target alone. Said, not dropped silently.
    fn reference_siblings(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        if !map.contains_key("$ref") || map.len() == 1 {
            return;
        }
        let others: Vec<String> = map.keys().filter(|k| *k != "$ref").cloned().collect();
        map.retain(|k, _| k == "$ref");
        self.warn(
            pointer,
            format!("keys beside this `$ref` are not used; the referenced object's are: {}", others.join(", ")),
        );
    }

    fn content(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(content)) = map.get_mut("content") else { return };
        for (media, mt) in content.iter_mut() {
            let mt_ptr = push_pointer(&format!("{pointer}/content"), media);
            let Value::Object(mt) = mt else { continue };
            if let Some(schema) = mt.get_mut("schema") {
                self.schema(schema, &format!("{mt_ptr}/schema"));
            }
            if let Some(Value::Object(encodings)) = mt.get_mut("encoding") {
                for (name, encoding) in encodings.iter_mut() {
                    let Value::Object(encoding) = encoding else { continue };
                    if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                        for (header, h) in headers.iter_mut() {
                            let p = push_pointer(&push_pointer(&format!("{mt_ptr}/encoding"), name), "headers");
                            self.parameter(h, &push_pointer(&p, header));
                        }
                    }
                }
            }
        }
    }

    /// Rewrites one schema and everything under it.
    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        let s = match schema {
            Value::Object(s) => s,
            // 3.1 schemas may be booleans: `true` accepts anything, which 3.0 writes `{}`.
            Value::Bool(true) => {
                *schema = Value::Object(Map::new());
                return;
            }
            Value::Bool(false) => {
                self.error(
                    pointer,
                    "the schema `false` (no value is valid) cannot be expressed in OpenAPI 3.0".into(),
                    "remove what it describes, or use `not: {}`",
                );
                return;
            }
            _ => return,
        };
        self.keywords(s, pointer);
        match s.get("type") {
            Some(Value::Array(types)) => {
                let types = types.clone();
                self.type_list(s, &types, pointer);
            }
            // `null` is a type of its own in 3.1, and 3.0 has no way to say "only null".
            Some(Value::String(t)) if t == "null" => self.type_list(s, &[Value::String("null".into())], pointer),
            _ => {}
        }
        self.null_members(s);
        self.subschemas(s, pointer);
        if s.contains_key("$ref") && s.len() > 1 {
            self.ref_siblings(s);
        }
    }

    /// The keyword-by-keyword rewrites of one schema object (not its subschemas).
    fn keywords(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        for (key, why) in REFUSED {
            if s.contains_key(*key) {
                self.error(
                    &push_pointer(pointer, key),
                    (*why).to_string(),
                    "describe the value with OpenAPI 3.0 keywords (`oneOf`, `allOf`, `items`, `properties`)",
                );
            }
        }
        if s.shift_remove("$dynamicAnchor").is_some() {
            // Only a `$dynamicRef` goes to it, and those are typed as any value here.
            self.warn(
                &push_pointer(pointer, "$dynamicAnchor"),
                "`$dynamicAnchor` names this schema for `$dynamicRef`s, which are read as any JSON value; ignored"
                    .into(),
            );
        }
        for key in NARROWING {
            if s.shift_remove(*key).is_some() {
                self.warn(
                    &push_pointer(pointer, key),
                    format!("`{key}` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored"),
                );
            }
        }
        for key in ["unevaluatedProperties", "unevaluatedItems"] {
            match s.get(key) {
                Some(Value::Bool(_)) => {
                    s.shift_remove(key);
                    self.warn(
                        &push_pointer(pointer, key),
                        format!("`{key}` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored"),
                    );
                }
                Some(_) => self.error(
                    &push_pointer(pointer, key),
                    format!("`{key}` with a schema cannot be expressed in OpenAPI 3.0"),
                    "use `additionalProperties` (or `items`) with that schema",
                ),
                None => {}
            }
        }
        for key in ANNOTATIONS_DROPPED {
            s.shift_remove(*key);
        }
        if let Some(dialect) = s.shift_remove("$schema") {
            self.dialect(&dialect, &push_pointer(pointer, "$schema"));
        }
        self.pattern_properties(s, pointer);
        if let Some(value) = s.get("const").cloned() {
            let mut with = vec![("enum".to_string(), Value::Array(vec![value.clone()]))];
            if !s.contains_key("type") {
                match json_type(&value) {
                    Some(t) => with.insert(0, ("type".into(), Value::String(t.into()))),
                    None if value.is_null() => with.push(("nullable".into(), Value::Bool(true))),
                    None => {}
                }
            }
            replace_key(s, "const", with);
        }
        if let Some(Value::Array(examples)) = s.get("examples") {
            match examples.first().cloned() {
                Some(first) => replace_key(s, "examples", vec![("example".into(), first)]),
                None => replace_key(s, "examples", Vec::new()),
            }
        }
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(Value::Number(n)) = s.get(exclusive).cloned() else { continue };
            let inclusive = s.get(bound).and_then(Value::as_f64);
            let exclusive_wins = match (n.as_f64(), inclusive) {
                (Some(e), Some(i)) => e.partial_cmp(&i).is_some_and(|o| o == stricter || o.is_eq()),
                _ => true,
            };
            if exclusive_wins {
                s.shift_remove(bound);
                replace_key(
                    s,
                    exclusive,
                    vec![(bound.into(), Value::Number(n)), (exclusive.into(), Value::Bool(true))],
                );
            } else {
                // The inclusive bound is stricter, so the exclusive one says nothing more.
                s.shift_remove(exclusive);
            }
        }
        self.content_encoding(s, pointer);
    }

    /// `patternProperties` with one pattern, beside no `additionalProperties`, types the
    /// values of a map; the key pattern is then all that is lost. Otherwise it is refused.
    fn pattern_properties(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(patterns)) = s.get("patternProperties") else { return };
        let at = push_pointer(pointer, "patternProperties");
        match (patterns.len(), s.contains_key("additionalProperties")) {
            (1, false) => {
                let (pattern, value) = patterns.iter().next().map(|(p, v)| (p.clone(), v.clone())).unwrap_or_default();
                self.warn(
                    &at,
                    format!(
                        "`patternProperties` read as `additionalProperties`; keys are not checked against `{pattern}`"
                    ),
                );
                replace_key(s, "patternProperties", vec![("additionalProperties".into(), value)]);
            }
            _ => self.error(
                &at,
                "`patternProperties` with several patterns, or beside `additionalProperties`, cannot be expressed in OpenAPI 3.0".into(),
                "use one `additionalProperties` schema for the values",
            ),
        }
    }

    /// `contentEncoding: base64` is 3.0's `format: byte`; raw content of a binary media
    /// type (`contentMediaType` without an encoding) is `format: binary`. Text media types
    /// (`text/*`, JSON, XML) stay strings: their content is text. Both keywords describe
    /// strings only; on other types they say nothing and are dropped.
    fn content_encoding(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        let string = s.get("type").is_none_or(|t| t == "string");
        let encoding = s.get("contentEncoding").cloned().filter(|_| string);
        let media = s.get("contentMediaType").and_then(Value::as_str).is_some_and(|m| string && !is_text(m));
        let format = match encoding.as_ref().map(|e| e.as_str()) {
            Some(Some("base64")) => Some("byte"),
            Some(other) => {
                let shown = other.map_or_else(|| encoding.clone().unwrap_or_default().to_string(), str::to_string);
                self.warn(
                    &push_pointer(pointer, "contentEncoding"),
                    format!(
                        "`contentEncoding: {shown}` has no OpenAPI 3.0 format; the value is read as a plain string"
                    ),
                );
                None
            }
            None if media => Some("binary"),
            None => None,
        };
        let key = if encoding.is_some() { "contentEncoding" } else { "contentMediaType" };
        if let Some(format) = format.filter(|_| !s.contains_key("format")) {
            let mut with = vec![("format".to_string(), Value::String(format.into()))];
            if !s.contains_key("type") {
                with.insert(0, ("type".into(), Value::String("string".into())));
            }
            replace_key(s, key, with);
        }
        s.shift_remove("contentEncoding");
        s.shift_remove("contentMediaType");
    }

    /// `type: [T, "null"]` is `type: T, nullable: true`; several non-null types become a
    /// `oneOf` with one member per type, each taking the keywords that apply to it.
    fn type_list(&mut self, s: &mut Map<String, Value>, types: &[Value], pointer: &str) {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        if names.len() != types.len() {
            self.error(
                &push_pointer(pointer, "type"),
                "a `type` list must hold type names".into(),
                "list strings such as `string` or `null`",
            );
            // Reported once: what normalising would add about the same list says nothing new.
            s.shift_remove("type");
            return;
        }
        let nullable = names.contains(&"null");
        let mut kinds: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
        kinds.dedup();
        match kinds.as_slice() {
            // Beside a union, `type: null` alone would make every value invalid; what
            // authors (and the generators that wrote such specs) mean is "or null".
            [] if ["oneOf", "anyOf", "allOf"].iter().any(|k| s.contains_key(*k)) => {
                self.warn(
                    &push_pointer(pointer, "type"),
                    "`type: null` beside a union read as `nullable: true`: the union or null".into(),
                );
                replace_key(s, "type", vec![("nullable".into(), Value::Bool(true))]);
            }
            // 3.0 cannot say "only null". Any value, nullable, accepts every valid one, and
            // a value that is always null carries nothing, so this is a warning, not a
            // refusal of the whole spec.
            [] => {
                self.warn(
                    &push_pointer(pointer, "type"),
                    "a schema whose only type is `null` cannot be expressed in OpenAPI 3.0; read as any JSON value, nullable".into(),
                );
                replace_key(s, "type", vec![("nullable".into(), Value::Bool(true))]);
            }
            [only] => {
                let mut with = vec![("type".to_string(), Value::String((*only).into()))];
                if nullable {
                    with.push(("nullable".into(), Value::Bool(true)));
                }
                replace_key(s, "type", with);
            }
            several => {
                let members: Vec<Value> = several.iter().map(|t| type_member(s, t)).collect();
                for (_, keys) in KEYWORDS_BY_TYPE {
                    for k in *keys {
                        s.shift_remove(*k);
                    }
                }
                s.shift_remove("enum");
                if s.get("format").and_then(Value::as_str).is_some_and(|f| format_type(f).is_some()) {
                    s.shift_remove("format");
                }
                let mut with = vec![("oneOf".to_string(), Value::Array(members))];
                if nullable {
                    with.push(("nullable".into(), Value::Bool(true)));
                }
                replace_key(s, "type", with);
            }
        }
    }

    /// `anyOf`/`oneOf` members that are only `{type: "null"}` make the union nullable.
    /// One member left becomes `allOf: [member]`, the 3.0 way to add `nullable` to a
    /// reference.
    fn null_members(&mut self, s: &mut Map<String, Value>) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = s.get(key) else { continue };
            if !members.iter().any(is_null_schema) {
                continue;
            }
            let rest: Vec<Value> = members.iter().filter(|m| !is_null_schema(m)).cloned().collect();
            if rest.is_empty() {
                continue;
            }
            let union = if rest.len() == 1 && !s.contains_key("allOf") { "allOf" } else { key };
            replace_key(s, key, vec![(union.into(), Value::Array(rest)), ("nullable".into(), Value::Bool(true))]);
        }
    }

    fn subschemas(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        // A property whose schema is `false` must be absent: that only narrows what is
        // valid, so the property is dropped.
        let mut absent = Vec::new();
        if let Some(Value::Object(props)) = s.get_mut("properties") {
            props.retain(|name, prop| {
                let keep = prop != &Value::Bool(false);
                if !keep {
                    absent.push(name.clone());
                }
                keep
            });
        }
        for name in absent {
            self.warn(
                &push_pointer(&push_pointer(pointer, "properties"), &name),
                format!("the property `{name}` has the schema `false` (it must be absent); dropped"),
            );
        }
        for key in ["properties", "$defs"] {
            if let Some(Value::Object(props)) = s.get_mut(key) {
                for (name, prop) in props.iter_mut() {
                    self.schema(prop, &push_pointer(&push_pointer(pointer, key), name));
                }
            }
        }
        match s.get_mut("items") {
            Some(Value::Array(_)) => self.error(
                &push_pointer(pointer, "items"),
                "`items` as a list (a tuple) cannot be expressed in OpenAPI 3.0".into(),
                "give `items` one schema for every element",
            ),
            Some(items) => self.schema(items, &push_pointer(pointer, "items")),
            None => {}
        }
        // `additionalProperties: false` and `true` mean the same in 3.0.
        if let Some(additional @ Value::Object(_)) = s.get_mut("additionalProperties") {
            self.schema(additional, &push_pointer(pointer, "additionalProperties"));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = s.get_mut(key) {
                for (i, m) in members.iter_mut().enumerate() {
                    self.schema(m, &format!("{pointer}/{key}/{i}"));
                }
            }
        }
        if let Some(not) = s.get_mut("not") {
            self.schema(not, &push_pointer(pointer, "not"));
        }
    }

    /// In 3.1 the keywords beside a `$ref` apply too; in 3.0 they are ignored. Annotations
    /// move onto an `allOf` wrapper and constraints into a second member, which is what
    /// the 3.1 schema means.
    fn ref_siblings(&mut self, s: &mut Map<String, Value>) {
        let Some(reference) = s.shift_remove("$ref") else { return };
        let mut wrapper = Map::new();
        let mut constraints = Map::new();
        let mut all_of = vec![json!({ "$ref": reference })];
        for (k, v) in std::mem::take(s) {
            if k == "allOf" {
                if let Value::Array(members) = v {
                    all_of.extend(members);
                }
            } else if REF_ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-") {
                wrapper.insert(k, v);
            } else {
                constraints.insert(k, v);
            }
        }
        if !constraints.is_empty() {
            all_of.push(Value::Object(constraints));
        }
        s.insert("allOf".into(), Value::Array(all_of));
        s.extend(wrapper);
    }
}

/// The `oneOf` member for one type of a `type` list: that type, the keywords that apply
/// to it, the enum values of that type, and the format if it is one of that type's.
fn type_member(s: &Map<String, Value>, t: &str) -> Value {
    let mut member = Map::new();
    member.insert("type".into(), Value::String(t.into()));
    if let Some(f) = s.get("format").and_then(Value::as_str) {
        if format_type(f).is_some_and(|ft| ft == t || (ft == "number" && t == "integer")) {
            member.insert("format".into(), Value::String(f.into()));
        }
    }
    let keys = KEYWORDS_BY_TYPE.iter().find(|(kind, _)| *kind == t).map_or(&[][..], |(_, keys)| *keys);
    for k in keys {
        if let Some(v) = s.get(*k) {
            member.insert((*k).into(), v.clone());
        }
    }
    if let Some(Value::Array(values)) = s.get("enum") {
        let of_type: Vec<Value> = values
            .iter()
            .filter(|v| json_type(v).is_some_and(|vt| vt == t || (vt == "integer" && t == "number")))
            .cloned()
            .collect();
        member.insert("enum".into(), Value::Array(of_type));
    }
    Value::Object(member)
}

/// A media type whose content is text, so that a string holding it is not binary.
fn is_text(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json" | "application/xml" | "application/javascript" | "application/x-www-form-urlencoded"
        )
}

/// Which type a known format describes (`None`: unknown, or any type).
fn format_type(format: &str) -> Option<&'static str> {
    match format {
        "int32" | "int64" | "float" | "double" => Some("number"),
        "date" | "date-time" | "byte" | "binary" | "password" | "uuid" | "uri" | "email" | "hostname" | "ipv4"
        | "ipv6" => Some("string"),
        _ => None,
    }
}

/// The JSON Schema type of a value (`None` for null).
fn json_type(v: &Value) -> Option<&'static str> {
    match v {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
        Value::Null => None,
    }
}

/// `{type: "null"}` or `{type: ["null"]}`, perhaps with a description: a union member
/// that only allows null.
fn is_null_schema(v: &Value) -> bool {
    let Value::Object(m) = v else { return false };
    let null_type = match m.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => false,
    };
    null_type && m.keys().all(|k| k == "type" || k == "description" || k == "title")
}

/// Replaces `key` by `with`, at its position, so a rewritten schema reads in the order
/// it was written. Keys of `with` already present elsewhere are moved here.
fn replace_key(map: &mut Map<String, Value>, key: &str, with: Vec<(String, Value)>) {
    let mut at = map.keys().position(|k| k == key).unwrap_or(map.len());
    map.shift_remove(key);
    for (k, v) in with {
        if let Some(old) = map.keys().position(|x| *x == k) {
            map.shift_remove(&k);
            if old < at {
                at -= 1;
            }
        }
        map.shift_insert(at, k, v);
        at += 1;
    }
}

/// Undoes JSON pointer escaping of one reference token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

mod security;
#[cfg(test)]
mod tests;
mod vocabulary;
