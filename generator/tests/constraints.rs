//! What lowering keeps of a schema's validation keywords (`ir::Constraints`, which the
//! client checks before sending) and which string formats get the runtime's types, on
//! inline specs: one table per concern through one `check`.

use std::collections::BTreeMap;

use generator::ir::{Api, TextFormat, TypeKind, TypeRef};
use serde_json::json;

/// Lowers an inline spec; the IR and the warnings' messages.
fn lower(rest: &str) -> (Api, Vec<String>) {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{rest}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    match generator::analyse(&files, &options) {
        Ok(a) => {
            let warnings = a.report.warnings().map(|d| d.message.clone()).collect();
            (a.api, warnings)
        }
        Err(report) => panic!("does not lower:\n{}", report.lines()),
    }
}

/// A query parameter of `schema`: its constraints as JSON, then the warnings.
fn check(schema: &str, expect: &str) {
    let (api, warnings) = lower(&format!(
        "paths:\n  /x:\n    get:\n      operationId: op\n      parameters:\n        - {{name: p, in: query, schema: \
         {schema}}}\n      responses: {{'204': {{description: done}}}}\n"
    ));
    let constraints = serde_json::to_string(&api.operations[0].params[0].constraints).expect("json");
    let got = std::iter::once(constraints).chain(warnings).collect::<Vec<_>>().join("\n");
    assert_eq!(got, expect.trim(), "{schema}");
}

#[test]
fn constraints_are_kept_where_the_type_can_be_held_to_them() {
    check(
        "{type: string, minLength: 3, maxLength: 10, pattern: '^[a-z]+$'}",
        r#"{"min_length":3,"max_length":10,"pattern":"^[a-z]+$"}"#,
    );
    check(
        "{type: integer, minimum: 0, exclusiveMinimum: true, maximum: 100, multipleOf: 10}",
        r#"{"minimum":{"value":0.0,"exclusive":true},"maximum":{"value":100.0,"exclusive":false},"multiple_of":10.0}"#,
    );
    check("{type: number, maximum: 1.5, exclusiveMaximum: true}", r#"{"maximum":{"value":1.5,"exclusive":true}}"#);
    check(
        "{type: array, items: {type: string}, minItems: 1, maxItems: 6, uniqueItems: true}",
        r#"{"min_items":1,"max_items":6,"unique_items":true}"#,
    );
    // What holds of every value is nothing to check.
    check("{type: string, minLength: 0}", "{}");
    check("{type: array, items: {type: integer}, minItems: 0}", "{}");
    // An enum or a date is not text the client measures.
    check("{type: string, enum: [a, bb], maxLength: 1}", "{}");
    // A boolean's `enum` of one value leaves the other out (Discourse's
    // `include_subcategories`, whose `false` the mock took); both values, or none, say
    // nothing; `null` beside one leaves the other out still.
    check("{type: boolean, enum: [true]}", r#"{"excluded":[false]}"#);
    check("{type: boolean, enum: [false]}", r#"{"excluded":[true]}"#);
    check("{type: boolean, enum: [true, false]}", "{}");
    check("{type: boolean}", "{}");
    check("{type: boolean, nullable: true, enum: [true, null]}", r#"{"excluded":[false]}"#);
    check("{type: string, format: date, pattern: '^2'}", "{}");
    // Look-around and backreferences (ECMA-262's, which regex-lite does not read) are kept:
    // the crate checks them with fancy-regex (Linode's labels and domains).
    check("{type: string, pattern: '^[a-z]((?!--)[a-z-])+$'}", r#"{"pattern":"^[a-z]((?!--)[a-z-])+$"}"#);
    check(r"{type: string, pattern: '^(\w)\1$'}", r#"{"pattern":"^(\\w)\\1$"}"#);
    // A pattern neither engine reads is left out, with a warning where it is.
    check(
        "{type: string, maxLength: 4, pattern: '[z-a]'}",
        r#"
{"max_length":4}
pattern `[z-a]` is not one the crate's regular expressions read; neither its client nor its server checks it"#,
    );
}

/// Formats kept as text are checked by their shape; each item of a list and each value
/// of a map has its own constraints, at any depth (a list of lists keeps its items'
/// counts and theirs: OpenAI's `examples`).
#[test]
fn formats_items_and_values_are_kept() {
    check("{type: string, format: uuid}", r#"{"format":"uuid"}"#);
    check("{type: string, format: email, maxLength: 9}", r#"{"max_length":9,"format":"email"}"#);
    check("{type: string, format: uri}", r#"{"format":"uri"}"#);
    check("{type: string, format: uri-reference}", r#"{"format":"uri-reference"}"#);
    check("{type: string, format: ipv6}", r#"{"format":"ipv6"}"#);
    check("{type: string, format: hostname}", r#"{"format":"hostname"}"#);
    // DigitalOcean's ids: `minimum` beside a string makes openapiv3 read a schema of any
    // kind, whose format is still checked (and its `minimum`, which no text has, is not).
    check("{type: string, format: uuid, minimum: 1}", r#"{"format":"uuid"}"#);
    check("{type: string, format: date-time}", "{}");
    check(
        "{type: array, maxItems: 2, items: {type: string, minLength: 2, format: uuid}}",
        r#"{"max_items":2,"each":{"min_length":2,"format":"uuid"}}"#,
    );
    check(
        "{type: array, items: {type: integer, maximum: 9}}",
        r#"{"each":{"maximum":{"value":9.0,"exclusive":false}}}"#,
    );
    check(
        "{type: array, items: {type: array, minItems: 1, items: {type: string, maxLength: 2}}}",
        r#"
{"each":{"min_items":1,"each":{"max_length":2}}}
parameter `p` is a list of lists or objects, which style `form` cannot carry (OpenAPI defines styles for scalars, lists of scalars and objects only); it is sent as JSON text in one query value, percent-encoded (`p=<JSON>`), as if declared with `content: {application/json: …}`"#,
    );
}

/// A map's values are held to `additionalProperties`' constraints, and `nullable: true`
/// beside an `enum` without `null` refuses `null` in a request (OpenAPI 3.0.3).
#[test]
fn map_values_and_nullable_enums() {
    let (api, _) = lower(
        "paths: {}\ncomponents:\n  schemas:\n    S: {type: object, properties: {m: {type: object, \
         additionalProperties: {type: string, maxLength: 3}}, e: {type: string, enum: [a], nullable: true}, \
         n: {type: string, enum: [a, null], nullable: true}, s: {type: string, nullable: true}}}\n",
    );
    let TypeKind::Struct(s) = &api.types.iter().find(|t| t.name == "S").expect("S").kind else { panic!("a struct") };
    let m = serde_json::to_string(&s.fields[0].constraints).expect("json");
    assert_eq!(m, r#"{"each":{"max_length":3}}"#);
    let refused: Vec<(&str, bool, bool)> =
        s.fields.iter().map(|f| (f.wire_name.as_str(), f.nullable, f.null_refused)).collect();
    assert_eq!(refused, [("m", false, false), ("e", true, true), ("n", true, false), ("s", true, false)]);
}

#[test]
fn structs_that_hold_constrained_fields_are_checked() {
    let (api, _) = lower(
        "paths: {}\ncomponents:\n  schemas:\n    Outer: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}, \
         list: {type: array, items: {$ref: '#/components/schemas/Inner'}}}}\n    Inner: {type: object, properties: \
         {name: {type: string, maxLength: 3}}}\n    Plain: {type: object, properties: {name: {type: string}}}\n",
    );
    let checked: Vec<(&str, bool)> = api.types.iter().map(|t| (t.name.as_str(), t.checked)).collect();
    assert_eq!(checked, [("Inner", true), ("Outer", true), ("Plain", false)]);
}

/// A union with a variant that holds constraints is checked through that variant
/// (DigitalOcean's `oneOf` bodies), and so is what holds the union.
#[test]
fn unions_that_hold_constrained_variants_are_checked() {
    let (api, _) = lower(
        "paths: {}\ncomponents:\n  schemas:\n    Either: {oneOf: [{$ref: '#/components/schemas/Inner'}, \
         {$ref: '#/components/schemas/Plain'}]}\n    Holder: {type: object, properties: {e: {$ref: \
         '#/components/schemas/Either'}}}\n    Inner: {type: object, properties: {name: {type: string, maxLength: \
         3}}}\n    Plain: {type: object, properties: {name: {type: string}}}\n    Loose: {oneOf: [{$ref: \
         '#/components/schemas/Plain'}, {type: string}]}\n",
    );
    let mut checked: Vec<(&str, bool)> = api.types.iter().map(|t| (t.name.as_str(), t.checked)).collect();
    checked.sort();
    assert_eq!(checked, [("Either", true), ("Holder", true), ("Inner", true), ("Loose", false), ("Plain", false)]);
}

/// A member's own constraints, where its type does not carry them, are the variant's
/// (OpenAI's `stop`: a string, or a list of at least one); two members read as one type
/// (Shutterstock's `asset_id`: strings of two formats) keep neither's, since the variant
/// holds the values of both.
#[test]
fn union_members_keep_their_own_constraints() {
    let (api, _) = lower(
        "paths: {}\ncomponents:\n  schemas:\n    Stop: {oneOf: [{type: string}, {type: array, items: {type: \
         string}, minItems: 1}]}\n    Asset: {oneOf: [{type: string, format: uuid}, {type: string, format: \
         email}, {type: integer, minimum: 1}]}\n",
    );
    let variants = |name: &str| -> Vec<serde_json::Value> {
        let t = api.types.iter().find(|t| t.name == name).expect(name);
        let (TypeKind::Union(u), true) = (&t.kind, t.checked) else { panic!("{name}: a checked union") };
        u.variants.iter().map(|v| serde_json::to_value(&v.constraints).expect("json")).collect()
    };
    assert_eq!(variants("Stop"), [json!({"min_items": 1}), json!({})]);
    assert_eq!(variants("Asset"), [json!({"minimum": {"value": 1.0, "exclusive": false}}), json!({})]);
}

#[test]
fn byte_duration_and_rfc1123_strings_have_types_of_their_own() {
    let (api, _) = lower(
        "paths: {}\ncomponents:\n  schemas:\n    S: {type: object, properties: {b: {type: string, format: byte}, d: \
         {type: string, format: duration}, r: {type: string, format: date-time-rfc1123}, u: {type: string, format: \
         uuid}}}\n",
    );
    let TypeKind::Struct(s) = &api.types[0].kind else { panic!("a struct") };
    let types: Vec<&TypeRef> = s.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::Format(TextFormat::Byte),
            &TypeRef::Format(TextFormat::Duration),
            &TypeRef::Format(TextFormat::DateTimeRfc1123),
            &TypeRef::String,
        ]
    );
    assert!(api.uses_formats());
}

#[test]
fn a_multipart_file_keeps_no_text_constraints() {
    let (api, _) = lower(
        "paths:\n  /x:\n    post:\n      operationId: up\n      requestBody:\n        content:\n          \
         multipart/form-data:\n            schema: {type: object, properties: {f: {type: string, format: binary, \
         maxLength: 10}, n: {type: string, maxLength: 10}}}\n      responses: {'204': {description: done}}\n",
    );
    let TypeKind::Struct(s) = &api.types[0].kind else { panic!("a struct") };
    let kept: Vec<(&TypeRef, bool)> = s.fields.iter().map(|f| (&f.ty, f.constraints.is_empty())).collect();
    assert_eq!(kept, [(&TypeRef::File, true), (&TypeRef::String, false)]);
}

/// A `oneOf` or `anyOf` of one member is that member (lowering reads it as the member's
/// type), so its keywords hold of the value, with the wrapper's own; they were dropped
/// without a word before.
#[test]
fn a_one_member_one_of_or_any_of_keeps_its_members_constraints() {
    check("{oneOf: [{type: string, maxLength: 3}]}", r#"{"max_length":3}"#);
    check(
        "{anyOf: [{type: integer, minimum: 5}], maximum: 9}",
        r#"{"minimum":{"value":5.0,"exclusive":false},"maximum":{"value":9.0,"exclusive":false}}"#,
    );
    check("{oneOf: [{allOf: [{type: string}, {minLength: 2}]}], maxLength: 4}", r#"{"min_length":2,"max_length":4}"#);
    // Two members hold the values of either: neither's keywords are the value's.
    check(
        "{oneOf: [{type: string, maxLength: 3}, {type: string, minLength: 5}]}",
        "{}\n`oneOf` members 0 and 1 read as one type (what tells them apart, a format or a constraint, is not checked here), so a value valid under both, which `oneOf` refuses, is taken",
    );
}

/// `allOf` members that state different patterns, formats or `multipleOf`s: one of each
/// is checked, and the others are named in a warning, not dropped without a word. A
/// `multipleOf` that is a multiple of the other's is both.
#[test]
fn all_of_members_that_state_two_patterns_are_warned() {
    check(
        "{allOf: [{type: string, pattern: '^a'}, {pattern: 'b$'}]}",
        "{\"pattern\":\"^a\"}\na second `pattern` (`b$`) applies here through `allOf`; the crate checks one `pattern` of \
         a value, the first, so this one is not checked",
    );
    check("{allOf: [{type: string, pattern: '^a'}, {pattern: '^a'}]}", r#"{"pattern":"^a"}"#);
    check("{allOf: [{type: integer, multipleOf: 2}, {multipleOf: 6}]}", r#"{"multiple_of":6.0}"#);
    check(
        "{allOf: [{type: integer, multipleOf: 4}, {multipleOf: 6}]}",
        "{\"multiple_of\":4.0}\na second `multipleOf` (`6`) applies here through `allOf`; the crate checks one \
         `multipleOf` of a value, the first, so this one is not checked",
    );
}

/// A request body's own constraints and its properties', where the schema states them
/// through a `$ref` to an alias (a list's `maxItems`, Shutterstock's bulk search; a
/// string's `maxLength`, Plaid's `idempotency_key`; a map's `maxProperties`, its
/// `metadata`) or an `allOf` of a type and a length (DigitalOcean's `filesystem_label`).
#[test]
fn bodies_and_properties_keep_constraints_through_aliases_and_all_of() {
    let (api, _) = lower(
        "paths:\n  /x:\n    post:\n      operationId: op\n      requestBody:\n        content:\n          \
         application/json:\n            schema: {$ref: '#/components/schemas/Searches'}\n      responses: {'204': \
         {description: done}}\n  /y:\n    post:\n      operationId: other\n      requestBody:\n        content:\n          \
         application/json:\n            schema: {$ref: '#/components/schemas/Search'}\n      responses: {'204': \
         {description: done}}\ncomponents:\n  schemas:\n    Searches: {type: array, maxItems: 5, items: {$ref: \
         '#/components/schemas/Search'}}\n    Key: {type: string, maxLength: 50}\n    Metadata: {type: object, \
         maxProperties: 50, additionalProperties: {type: string}}\n    Search:\n      type: object\n      \
         properties:\n        key: {$ref: '#/components/schemas/Key'}\n        metadata: {$ref: \
         '#/components/schemas/Metadata'}\n        label: {allOf: [{type: string}, {maxLength: 16}, {maxLength: 12}]}\n        \
         nested: {$ref: '#/components/schemas/Searches'}\n",
    );
    let body = api.operations[0].body.as_ref().expect("a body");
    assert_eq!(serde_json::to_string(&body.constraints).expect("json"), r#"{"max_items":5}"#);
    let search = api.types.iter().find(|t| t.name == "Search").expect("Search");
    let TypeKind::Struct(s) = &search.kind else { panic!("a struct") };
    let got: Vec<String> = s
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.wire_name, serde_json::to_string(&f.constraints).expect("json")))
        .collect();
    assert_eq!(
        got,
        [
            r#"key: {"max_length":50}"#,
            r#"metadata: {"max_properties":50}"#,
            r#"label: {"max_length":12}"#,
            r#"nested: {"max_items":5}"#,
        ]
    );
}

/// A property of `allOf: [nullable list, {description}]` holds `null`: the second member
/// only annotates (DigitalOcean's firewall rules' `tags`, whose `null` was refused).
#[test]
fn an_all_of_of_a_nullable_schema_and_annotations_is_nullable() {
    let (api, _) = lower(
        "paths:\n  /x:\n    post:\n      operationId: op\n      requestBody:\n        content:\n          \
         application/json:\n            schema:\n              type: object\n              properties:\n                \
         tags: {allOf: [{type: array, items: {type: string}, nullable: true}, {description: d, example: [a]}]}\n                \
         typed: {allOf: [{type: array, items: {type: string}, nullable: true}, {type: array}]}\n      responses: \
         {'204': {description: done}}\n",
    );
    let body = api.types.iter().find_map(|t| match &t.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    });
    let nullable: Vec<(&str, bool)> =
        body.expect("a struct").fields.iter().map(|f| (f.wire_name.as_str(), f.nullable)).collect();
    assert_eq!(nullable, [("tags", true), ("typed", false)]);
}

/// `not` in the forms the crate checks: `not: {enum}` beside a string or number type is
/// the values it excludes; `not: {type}` beside another type is held by the value's type
/// (no warning); every other `not` is a located warning saying it is not checked.
#[test]
fn not_is_checked_in_the_forms_it_can_be() {
    check("{type: string, not: {enum: ['', none]}}", r#"{"excluded":["","none"]}"#);
    check("{type: integer, not: {enum: [0]}}", r#"{"excluded":[0]}"#);
    check("{type: number, not: {type: number, enum: [0.5]}}", r#"{"excluded":[0.5]}"#);
    // An excluded value of another type excludes nothing the type holds.
    check("{type: string, not: {enum: [0]}}", "{}");
    check("{type: string, not: {type: integer}}", "{}");
    check("{type: integer, not: {type: string}}", "{}");
    let unchecked = "`not` is not checked (only `not: {enum: […]}` beside a string or number type, and `not: {type: …}` \
                     beside another type, are); ignored";
    check("{type: number, not: {type: integer}}", &format!("{{}}\n{unchecked}"));
    check("{type: string, not: {enum: [a], minLength: 2}}", &format!("{{}}\n{unchecked}"));
    check("{type: string, not: {pattern: '^a'}}", &format!("{{}}\n{unchecked}"));
    check(
        "{type: string, not: {type: string}}",
        "{}\n`not: {type: string}` beside `type: string`: no value is valid; ignored",
    );
    check("{type: string, format: time}", r#"{"format":"time"}"#);
    // An object's `not: {required}` is not checked either.
    let (_, warnings) = lower(
        "paths:\n  /x:\n    post:\n      operationId: op\n      requestBody:\n        content:\n          \
         application/json: {schema: {type: object, properties: {a: {type: string}, b: {type: string}}, not: \
         {required: [a, b]}}}\n      responses: {'204': {description: done}}\n",
    );
    assert_eq!(warnings, [unchecked]);
}
