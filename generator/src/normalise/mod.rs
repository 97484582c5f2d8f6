//! Normalise: turns a bundled document into standard OpenAPI 3.0 that `parse` can read,
//! reporting every rewrite as a located warning and what it cannot make sense of as a
//! located error. Three rooms, run in this order:
//!
//! - `version.rs`: the version gate. It decides whether the document is OpenAPI this
//!   generator reads at all, and is the one place a version conversion hooks in.
//! - `validate.rs`: checks the structure `openapiv3` would otherwise reject with a less
//!   helpful message (parameter locations, status keys, schema types), and warns about
//!   keys that are read but not acted on.
//! - `refs.rs` (first): references into sub-schemas are replaced by copies.
//! - `paths.rs`: path template parameters no operation declares, declared as strings.
//! - `numbers.rs`: integer bounds and enum values past 64 bits, which openapiv3 cannot read.
//! - `keywords.rs`: warns about unknown keys in schema objects (typos, stray keys), with
//!   the keyword each was probably meant to be.
//! - `gitlab.rs`: rewrites of GitLab's dialect of OpenAPI, as general rules rather than
//!   special cases for GitLab's field names: `type: date`, arrays without `items`, list
//!   schemas described by their item, properties only the examples declare, and
//!   `type: [T, "null"]`.
//!
//! This file walks the document and hands each part to the room that checks or rewrites
//! it. Rewrites are driven by evidence: "examples that reach a schema" are the schema's
//! own `example`, and the `example` or `examples` of the media type or parameter it
//! belongs to, followed down through `properties`, `items` and `additionalProperties`.

mod gitlab;
mod keywords;
mod numbers;
mod paths;
mod refs;
mod validate;
mod version;

use serde_json::{Map, Value};

use crate::diagnostics::push_pointer;
use crate::prune::Pruning;
use crate::sink::Sink;
use crate::source::Sources;

/// Normalises `doc` in place, cutting what `pruning` says right after the version gate
/// (see `prune.rs`). Returns false if an error was reported.
pub(crate) fn normalise(doc: &mut Value, sources: &mut Sources, sink: &mut Sink, pruning: &mut Pruning) -> bool {
    let mark = sink.mark();
    let Some(version) = version::gate(doc, sources, sink) else {
        return false;
    };
    let sources = &*sources;
    pruning.apply(doc, sink);
    refs::inline_deep(doc, sources, sink);
    paths::unsendable_params(doc, sources, sink);
    paths::declare_template_params(doc, sources, sink);
    paths::responses_that_name_schemas(doc, sources, sink);
    paths::contentless_statuses(doc, sources, sink);
    paths::inline_callback_refs(doc);
    paths::default_responses(doc, sources, sink);
    Normaliser { sources, sink, version }.document(doc);
    !sink.errors_since(mark)
}

/// The OpenAPI version a document was written in. A 3.1 document has been rewritten to
/// the 3.0 model by the time the walk sees it; the version still decides which keywords
/// it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

/// The walk's state: where to report, and what the document was written in.
struct Normaliser<'a> {
    sources: &'a Sources,
    sink: &'a mut Sink,
    version: Version,
}

impl Normaliser<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.sink.warning_at(self.sources, pointer, message);
    }

    fn error(&mut self, pointer: &str, message: String, help: Option<&str>) {
        self.sink.error_at(self.sources, pointer, message, help);
    }

    fn document(&mut self, doc: &mut Value) {
        if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
            for (name, schema) in schemas.iter_mut() {
                let p = push_pointer("/components/schemas", name);
                self.schema(schema, &p, Vec::new());
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = doc.pointer_mut(&format!("/components/{section}")) {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer(&format!("/components/{section}"), name);
                    self.parameter(item, &p);
                }
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = doc.pointer_mut(&format!("/components/{section}")) {
                for (name, item) in items.iter_mut() {
                    let p = push_pointer(&format!("/components/{section}"), name);
                    self.with_content(item, &p);
                }
            }
        }
        if let Some(Value::Object(paths)) = doc.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &push_pointer("/paths", path));
            }
        }
        // Webhooks (3.1's, kept as `x-webhooks`) are path items like the paths' and read
        // by the same rules; their diagnostics point where a 3.1 spec wrote them.
        if let Some(Value::Object(webhooks)) = doc.get_mut(crate::v31::WEBHOOKS_EXTENSION) {
            for (name, item) in webhooks.iter_mut() {
                self.path_item(item, &push_pointer("/webhooks", name));
            }
        }
    }

    /// A path item (of `paths`, a webhook or a callback): its parameters, bodies and
    /// responses, and its operations' callbacks.
    fn path_item(&mut self, item: &mut Value, item_ptr: &str) {
        let item_ptr = item_ptr.to_string();
        let Value::Object(item) = item else { return };
        if let Some(Value::Array(params)) = item.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                let ptr = format!("{item_ptr}/parameters/{i}");
                self.parameter_location(p, &ptr);
                self.parameter(p, &ptr);
            }
        }
        self.ignored(
            item,
            &item_ptr,
            &[("servers", "path-level `servers` are ignored; calls go to the client's base URL")],
        );
        for slot in crate::methods::slots_of(item) {
            let Some(Value::Object(op)) = slot.get_mut(item) else { continue };
            let op_ptr = format!("{item_ptr}{}", slot.pointer);
            self.ignored(
                op,
                &op_ptr,
                &[("servers", "operation-level `servers` are ignored; calls go to the client's base URL")],
            );
            if let Some(Value::Array(params)) = op.get_mut("parameters") {
                for (i, p) in params.iter_mut().enumerate() {
                    let ptr = format!("{op_ptr}/parameters/{i}");
                    self.parameter_location(p, &ptr);
                    self.parameter(p, &ptr);
                }
            }
            if let Some(body) = op.get_mut("requestBody") {
                paths::multipart_one_part(body, &format!("{op_ptr}/requestBody"), self.sources, self.sink);
                self.with_content(body, &format!("{op_ptr}/requestBody"));
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (status, response) in responses.iter_mut() {
                    let p = push_pointer(&format!("{op_ptr}/responses"), status);
                    if !validate::is_status_key(status) {
                        self.error(
                            &p,
                            format!("response key `{status}` is not a status code"),
                            Some("use a quoted status code (`'200'`), a range (`'2XX'`) or `default`"),
                        );
                        continue;
                    }
                    if let Value::Object(r) = response {
                        self.ignored(r, &p, &[("links", "response `links` are ignored")]);
                    }
                    self.with_content(response, &p);
                }
            }
            // A callback's path items are read as the paths' are.
            if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
                for (name, callback) in callbacks.iter_mut() {
                    let Value::Object(expressions) = callback else { continue };
                    let callback_ptr = push_pointer(&format!("{op_ptr}/callbacks"), name);
                    for (expression, item) in expressions.iter_mut() {
                        self.path_item(item, &push_pointer(&callback_ptr, expression));
                    }
                }
            }
        }
    }

    /// A parameter or header: its schema, with its own examples as evidence.
    fn parameter(&mut self, param: &mut Value, pointer: &str) {
        let Value::Object(param) = param else { return };
        let evidence = examples_of(param);
        if let Some(schema) = param.get_mut("schema") {
            self.schema(schema, &format!("{pointer}/schema"), evidence);
        }
        self.content(param, pointer);
    }

    /// A response or request body: its `content`, and a response's `headers`.
    fn with_content(&mut self, value: &mut Value, pointer: &str) {
        let Value::Object(map) = value else { return };
        self.content(map, pointer);
        if let Some(Value::Object(headers)) = map.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let p = push_pointer(&format!("{pointer}/headers"), name);
                self.parameter(header, &p);
            }
        }
    }

    fn content(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(content)) = map.get_mut("content") else { return };
        for (media, mt) in content.iter_mut() {
            let mt_ptr = push_pointer(&format!("{pointer}/content"), media);
            let Value::Object(mt) = mt else { continue };
            let evidence = examples_of(mt);
            if let Some(schema) = mt.get_mut("schema") {
                let schema_ptr = format!("{mt_ptr}/schema");
                let evidence = self.list_of_objects(schema, &schema_ptr, evidence);
                self.schema(schema, &schema_ptr, evidence);
            }
        }
    }

    /// A value an `enum` lists twice (Stripe lists its API versions so) is one value: a
    /// second could never be read, its match arm would be unreachable, and OpenAPI 3.0
    /// wants enum values unique, so the bundle keeps the first.
    fn repeated_enum_values(&mut self, s: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(values)) = s.get_mut("enum") else { return };
        let mut seen = std::collections::HashSet::new();
        let mut repeated: Vec<String> = Vec::new();
        values.retain(|v| {
            let text = v.to_string();
            if seen.insert(text.clone()) {
                return true;
            }
            if !repeated.contains(&text) {
                repeated.push(text);
            }
            false
        });
        if !repeated.is_empty() {
            let message = format!("the enum lists {} more than once; each is one variant", repeated.join(", "));
            self.warn(&push_pointer(pointer, "enum"), message);
        }
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str, mut evidence: Vec<Value>) {
        let Value::Object(s) = schema else { return };
        if s.contains_key("$ref") {
            return;
        }
        self.unknown_keys(s, pointer);
        // What was reported as ignored, and 3.1's `$defs` and `$vocabulary` (references
        // into `$defs` were inlined before this walk), leave the bundle: `openapi.json`
        // is OpenAPI 3.0, whose schemas allow no other keys.
        s.retain(|key, _| self.is_keyword(key) && key != "$defs" && key != "$vocabulary");
        self.repeated_enum_values(s, pointer);
        self.enum_of_another_type(s, pointer);
        self.enum_of_one_item_arrays(s);
        if let Some(example) = s.get("example") {
            evidence.push(example.clone());
        }
        if s.get("type").is_some_and(Value::is_array) {
            self.type_list(s, pointer);
        }
        if s.get("type").and_then(Value::as_str) == Some("date") {
            self.date(s, pointer, &evidence);
        } else {
            self.schema_type(s, pointer);
        }
        self.wide_numbers(s, pointer);
        let is_array = s.get("type").and_then(Value::as_str) == Some("array");
        if is_array && !s.contains_key("items") {
            self.infer_items(s, pointer, &evidence);
        }
        self.undeclared_properties(s, pointer, &evidence);
        // Follow the evidence down into subschemas.
        if let Some(Value::Object(props)) = s.get_mut("properties") {
            for (name, prop) in props.iter_mut() {
                let ev = evidence.iter().filter_map(|e| e.get(name)).cloned().collect();
                self.schema(prop, &push_pointer(&format!("{pointer}/properties"), name), ev);
            }
        }
        if let Some(items) = s.get_mut("items") {
            let ev = evidence.iter().filter_map(Value::as_array).flatten().cloned().collect();
            self.schema(items, &format!("{pointer}/items"), ev);
        }
        if let Some(additional @ Value::Object(_)) = s.get_mut("additionalProperties") {
            let ev = evidence.iter().filter_map(Value::as_object).flat_map(|m| m.values()).cloned().collect();
            self.schema(additional, &format!("{pointer}/additionalProperties"), ev);
        }
        let own: Vec<String> = match s.get("properties") {
            Some(Value::Object(props)) => props.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = s.get_mut(key) {
                let declared: Vec<Option<Vec<String>>> = members.iter().map(gitlab::declared).collect();
                for (i, m) in members.iter_mut().enumerate() {
                    let evidence = match key {
                        "allOf" => gitlab::for_member(&evidence, &own, &declared, i),
                        _ => evidence.clone(),
                    };
                    self.schema(m, &format!("{pointer}/{key}/{i}"), evidence);
                }
            }
        }
        if let Some(not) = s.get_mut("not") {
            self.schema(not, &format!("{pointer}/not"), Vec::new());
        }
    }
}

/// The examples a parameter or media type gives: `example`, and each `examples/*/value`.
fn examples_of(map: &Map<String, Value>) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(e) = map.get("example") {
        out.push(e.clone());
    }
    if let Some(Value::Object(examples)) = map.get("examples") {
        out.extend(examples.values().filter_map(|e| e.get("value")).cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::load;
    use crate::sink::Sink;

    /// Normalises a minimal spec and shows the rewritten `components/schemas/S` (or the
    /// errors) followed by the warnings.
    fn check(schema_yaml: &str, expect: &str) {
        check_in("3.0.3", schema_yaml, expect);
    }

    /// `check` for a document of the given OpenAPI version.
    fn check_in(version: &str, schema_yaml: &str, expect: &str) {
        let spec = format!(
            "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S:\n{}",
            schema_yaml.lines().map(|l| format!("      {l}\n")).collect::<String>()
        );
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
        let mut sink = Sink::default();
        let mut loaded =
            load::load(&files, "s.yaml", "", crate::source::Limits::with_file_bytes(None), &mut sink).unwrap();
        let ok = super::normalise(
            &mut loaded.document,
            &mut loaded.sources,
            &mut sink,
            &mut crate::prune::Pruning::default(),
        );
        let mut out = if ok {
            serde_json::to_string(&loaded.document["components"]["schemas"]["S"]).unwrap()
        } else {
            "failed".to_string()
        };
        for d in sink.diagnostics() {
            out.push('\n');
            out.push_str(&d.to_string());
        }
        assert_eq!(out, expect);
    }

    #[test]
    fn date_becomes_date_or_date_time_by_evidence() {
        check(
            "type: date\nexample: '2021-01-20T14:13:35Z'",
            "{\"type\":\"string\",\"example\":\"2021-01-20T14:13:35Z\",\"format\":\"date-time\"}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: date` is not OpenAPI; read as `type: string, format: date-time`, because its examples are date-times (`2021-01-20T14:13:35Z`)",
        );
        check(
            "type: date\nexample: '2022-01-31'",
            "{\"type\":\"string\",\"example\":\"2022-01-31\",\"format\":\"date\"}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: date` is not OpenAPI; read as `type: string, format: date`, because its examples are dates",
        );
        check(
            "type: date",
            "{\"type\":\"string\",\"format\":\"date\"}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: date` is not OpenAPI; read as `type: string, format: date`, because it has no examples to say otherwise",
        );
        // Evidence flows from an object example down to its properties.
        check(
            "type: object\nproperties:\n  at: {type: date}\n  on: {type: date}\nexample: {at: '2021-01-20T14:13:35Z', on: '2022-01-31'}",
            "{\"type\":\"object\",\"properties\":{\"at\":{\"type\":\"string\",\"format\":\"date-time\"},\"on\":{\"type\":\"string\",\"format\":\"date\"}},\"example\":{\"at\":\"2021-01-20T14:13:35Z\",\"on\":\"2022-01-31\"}}\n\
             warning: s.yaml:9:14 (#/components/schemas/S/properties/at/type): `type: date` is not OpenAPI; read as `type: string, format: date-time`, because its examples are date-times (`2021-01-20T14:13:35Z`)\n\
             warning: s.yaml:10:14 (#/components/schemas/S/properties/on/type): `type: date` is not OpenAPI; read as `type: string, format: date`, because its examples are dates",
        );
        check(
            "type: date\nexample: 'next tuesday'",
            "failed\nerror: s.yaml:7:7 (#/components/schemas/S/type): `type: date` has the example \"next tuesday\", which is neither a date nor a date-time (help: use `type: string` with `format: date` or `format: date-time`, and an example of that form)",
        );
    }

    #[test]
    fn array_items_are_inferred_from_examples() {
        check(
            "type: array\nexample: [api, read_api]",
            "{\"type\":\"array\",\"example\":[\"api\",\"read_api\"],\"items\":{\"type\":\"string\"}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items`; items read as `string`, as its examples are (\"api\", \"read_api\")",
        );
        check(
            "type: array\nexample: [1, 2]",
            "{\"type\":\"array\",\"example\":[1,2],\"items\":{\"type\":\"integer\"}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items`; items read as `integer`, as its examples are (1, 2)",
        );
        check(
            "type: array\nexample: [1, a]",
            "{\"type\":\"array\",\"example\":[1,\"a\"],\"items\":{}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items` and with mixed examples; items are any JSON value",
        );
        check(
            "type: array",
            "{\"type\":\"array\",\"items\":{}}\n\
             warning: s.yaml:6:5 (#/components/schemas/S): array without `items` and no examples to infer from; items are any JSON value",
        );
    }

    #[test]
    fn an_enum_of_another_type_than_its_type_is_read_by_its_values() {
        check(
            "type: string\nenum: [1, 2]",
            "{\"enum\":[1,2]}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: string` disagrees with the enum's values 1, 2, which are read as they are written; the `type` is dropped",
        );
        check(
            "type: integer\nnullable: true\nenum: [1, a, null]",
            "{\"nullable\":true,\"enum\":[1,\"a\",null]}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: integer` disagrees with the enum's values \"a\", which are read as they are written; the `type` is dropped",
        );
        // Values of the type (integers are numbers too) are left as they are.
        check("type: number\nenum: [1, 2.5]", "{\"type\":\"number\",\"enum\":[1,2.5]}");
        check(
            "type: string\nenum: [a, null]\nnullable: true",
            "{\"type\":\"string\",\"enum\":[\"a\",null],\"nullable\":true}",
        );
    }

    #[test]
    fn an_array_s_enum_of_one_item_arrays_is_said_as_its_items_enum() {
        // Mailchimp's `action`: exactly the arrays of one item that is one of the values.
        check(
            "type: array\nitems: {type: string}\nenum: [[abuse], [bounce]]",
            "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"abuse\",\"bounce\"]},\"minItems\":1,\"maxItems\":1}",
        );
        // Longer arrays, or items with an enum of their own, are left as they are.
        check(
            "type: array\nitems: {type: string}\nenum: [[a, b]]",
            "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"enum\":[[\"a\",\"b\"]]}",
        );
        check(
            "type: array\nitems: {type: string, enum: [a]}\nenum: [[a]]",
            "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"a\"]},\"enum\":[[\"a\"]]}",
        );
    }

    #[test]
    fn unknown_and_listed_types() {
        check(
            "type: file",
            "failed\nerror: s.yaml:7:7 (#/components/schemas/S/type): unknown type `file` (help: OpenAPI 3.0 types are string, number, integer, boolean, array and object)",
        );
        check(
            "type: [string, 'null']",
            "{\"type\":\"string\",\"nullable\":true}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/type): `type: [string, null]` is OpenAPI 3.1; read as `type: string, nullable: true`",
        );
    }

    #[test]
    fn unknown_schema_keys_are_warned_with_the_likely_keyword() {
        // Typos: the closest keyword, by case or by edit distance.
        check(
            "tpye: string",
            "{}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/tpye): unknown schema keyword `tpye`; ignored (help: did you mean `type`?)",
        );
        check(
            "type: object\nrequried: [a]\nproperties:\n  a: {type: string, nulable: true, readonly: true}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}\n\
             warning: s.yaml:8:7 (#/components/schemas/S/requried): unknown schema keyword `requried`; ignored (help: did you mean `required`?)\n\
             warning: s.yaml:10:27 (#/components/schemas/S/properties/a/nulable): unknown schema keyword `nulable`; ignored (help: did you mean `nullable`?)\n\
             warning: s.yaml:10:42 (#/components/schemas/S/properties/a/readonly): unknown schema keyword `readonly`; ignored (help: did you mean `readOnly`?)",
        );
        // Under `items`, `additionalProperties` and union members too.
        check(
            "type: array\nitems:\n  oneOf: [{type: string, formt: uuid}]",
            "{\"type\":\"array\",\"items\":{\"oneOf\":[{\"type\":\"string\"}]}}\n\
             warning: s.yaml:9:32 (#/components/schemas/S/items/oneOf/0/formt): unknown schema keyword `formt`; ignored (help: did you mean `format`?)",
        );
        // A comma in an unquoted flow-mapping value makes a key with no value.
        check(
            "{type: string, description: one, two}",
            "{\"type\":\"string\",\"description\":\"one\"}\n\
             warning: s.yaml:7:40 (#/components/schemas/S/two): unknown schema keyword `two`; ignored (help: a key with no value: in a flow mapping (`{…}`), a comma inside an unquoted string starts a new key; quote the string)",
        );
        // A property indented one level too shallow.
        check(
            "type: object\nproperties:\n  name: {type: string}\nid: {type: integer}",
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}\n\
             warning: s.yaml:10:7 (#/components/schemas/S/id): unknown schema keyword `id`; ignored (help: if `id` is a property, indent it under `properties`)",
        );
        check(
            "type: string\nsortable: true",
            "{\"type\":\"string\"}\n\
             warning: s.yaml:8:7 (#/components/schemas/S/sortable): unknown schema keyword `sortable`; ignored (help: extensions must start with `x-`)",
        );
        check(
            "type: string\nregex: '^[0-9a-f]{40}$'",
            "{\"type\":\"string\"}\n\
             warning: s.yaml:8:7 (#/components/schemas/S/regex): unknown schema keyword `regex`; ignored (help: OpenAPI calls this `pattern`)",
        );
        // An example written where its schema belongs (discourse's `category_setting`).
        check(
            "properties:\n  setting: {auto_bump_days: 1, require_approval: null, x-note: a}",
            "{\"properties\":{\"setting\":{\"x-note\":\"a\"}}}\n\
             warning: s.yaml:8:9 (#/components/schemas/S/properties/setting): no key of this schema is a schema keyword (`auto_bump_days`, `require_approval`), so it describes any value (help: if this is an example of the value, put it under `example` and describe the value beside it)",
        );
        // JSON Schema's keywords that OpenAPI 3.0 does not have, with the 3.0 way to say them.
        check(
            "const: 1\ndefinitions: {}",
            "{}\n\
             warning: s.yaml:7:7 (#/components/schemas/S/const): `const` is JSON Schema, not an OpenAPI 3.0 schema keyword; ignored (help: write `enum` with the one value)\n\
             warning: s.yaml:8:7 (#/components/schemas/S/definitions): `definitions` is a keyword of an older JSON Schema draft, not OpenAPI's; ignored (help: put shared schemas under `components/schemas` and `$ref` them)",
        );
        // Extensions, every 3.0 keyword, and a property named `$ref` are not warned about.
        check(
            "type: object\nx-internal: true\ndeprecated: true\nproperties:\n  $ref: {type: string}",
            "{\"type\":\"object\",\"x-internal\":true,\"deprecated\":true,\"properties\":{\"$ref\":{\"type\":\"string\"}}}",
        );
    }

    #[test]
    fn unknown_keys_in_openapi_3_1_are_not_reported_twice() {
        // `$defs` is 3.1's; `$comment` is dropped by `v31`; a typo is still a typo.
        check_in(
            "3.1.0",
            "type: object\n$comment: why\n$defs: {A: {type: string}}\ntpye: object",
            "{\"type\":\"object\"}\n\
             warning: s.yaml:10:7 (#/components/schemas/S/tpye): unknown schema keyword `tpye`; ignored (help: did you mean `type`?)",
        );
        // What `v31` refuses is its error alone.
        check_in(
            "3.1.0",
            "prefixItems: [{type: string}]\n$recursiveRef: '#'",
            "failed\n\
             error: s.yaml:7:7 (#/components/schemas/S/prefixItems): tuples (`prefixItems`) cannot be expressed in OpenAPI 3.0 (help: describe the value with OpenAPI 3.0 keywords (`oneOf`, `allOf`, `items`, `properties`))\n\
             error: s.yaml:8:7 (#/components/schemas/S/$recursiveRef): recursive references (`$recursiveRef`) cannot be expressed in OpenAPI 3.0 (help: describe the value with OpenAPI 3.0 keywords (`oneOf`, `allOf`, `items`, `properties`))",
        );
    }

    /// The examples describe the whole `allOf`: a property one member declares is not
    /// added to another (where it would replace the declared one when the members merge);
    /// one no member declares still is, and beside a `$ref` member nothing is.
    #[test]
    fn examples_add_no_property_a_sibling_or_a_free_form_object_declares() {
        check(
            "allOf:\n- properties: {protocol: {type: string, enum: [tcp]}}\n- properties: {ports: {type: string}}\nexample: {protocol: tcp, ports: '80', extra: 1}",
            "{\"allOf\":[{\"properties\":{\"protocol\":{\"type\":\"string\",\"enum\":[\"tcp\"]},\"extra\":{\"type\":\"integer\"}}},{\"properties\":{\"ports\":{\"type\":\"string\"}}}],\"example\":{\"protocol\":\"tcp\",\"ports\":\"80\",\"extra\":1}}\n\
             warning: s.yaml:8:9 (#/components/schemas/S/allOf/0/properties): the examples use properties the schema does not declare; added `extra` (as `integer`)",
        );
        check(
            "allOf:\n- $ref: '#/components/schemas/S'\n- properties: {ports: {type: string}}\nexample: {protocol: tcp, ports: '80'}",
            "{\"allOf\":[{\"$ref\":\"#/components/schemas/S\"},{\"properties\":{\"ports\":{\"type\":\"string\"}}}],\"example\":{\"protocol\":\"tcp\",\"ports\":\"80\"}}",
        );
        // `properties: {}` declares nothing: a free-form object, whose keys the example
        // only illustrates.
        check(
            "type: object\nproperties: {}\nmaxProperties: 4\nexample: {a: '1'}",
            "{\"type\":\"object\",\"properties\":{},\"maxProperties\":4,\"example\":{\"a\":\"1\"}}",
        );
    }
}
