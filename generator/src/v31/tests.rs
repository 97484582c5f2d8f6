//! The 3.1 rewrites, table by table: each `check` loads a minimal 3.1 document, rewrites
//! it, and compares the value and the diagnostics.

use std::collections::BTreeMap;

use crate::load;

/// Loads a 3.1 document, rewrites it, and shows the value at `pointer` followed by the
/// diagnostics, one a line.
fn rewritten(spec: &str, pointer: &str) -> String {
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let mut sink = crate::sink::Sink::default();
    let mut loaded =
        load::load(&files, "s.yaml", "", crate::source::Limits::with_file_bytes(None), &mut sink).expect("loads");
    super::rewrite(&mut loaded.document, &loaded.sources, &mut sink);
    let mut out = loaded.document.pointer(pointer).map_or("(none)".into(), |v| v.to_string());
    for d in sink.diagnostics() {
        out.push('\n');
        out.push_str(&d.to_string());
    }
    out
}

/// Rewrites `components/schemas/S` of a minimal 3.1 document.
fn check(schema_yaml: &str, expect: &str) {
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    T: {{type: object}}\n    S:\n{}",
        schema_yaml.lines().map(|l| format!("      {l}\n")).collect::<String>()
    );
    assert_eq!(rewritten(&spec, "/components/schemas/S"), expect, "{schema_yaml}");
}

#[test]
fn type_lists() {
    check("type: [string, 'null']\nmaxLength: 3", r#"{"type":"string","nullable":true,"maxLength":3}"#);
    check("type: [integer]", r#"{"type":"integer"}"#);
    check(
        "type: [string, integer, 'null']\nformat: int64\nmaxLength: 3\nminimum: 1\nenum: [a, 1]\ndescription: d",
        r#"{"oneOf":[{"type":"string","maxLength":3,"enum":["a"]},{"type":"integer","format":"int64","minimum":1,"enum":[1]}],"nullable":true,"description":"d"}"#,
    );
    check(
        "type: ['null']",
        "{\"nullable\":true}\nwarning: s.yaml:7:7 (#/components/schemas/S/type): a schema whose only type is `null` cannot be expressed in OpenAPI 3.0; read as any JSON value, nullable",
    );
    check(
        "type: [string, 1]",
        "{}\nerror: s.yaml:7:7 (#/components/schemas/S/type): a `type` list must hold type names (help: list strings such as `string` or `null`)",
    );
}

#[test]
fn null_members_of_unions_make_them_nullable() {
    check(
        "anyOf: [{$ref: '#/components/schemas/T'}, {type: 'null'}]\ndescription: d",
        r##"{"allOf":[{"$ref":"#/components/schemas/T"}],"nullable":true,"description":"d"}"##,
    );
    check(
        "oneOf: [{type: string}, {type: integer}, {type: 'null'}]",
        r#"{"oneOf":[{"type":"string"},{"type":"integer"}],"nullable":true}"#,
    );
    // Beside a union, `type: null` means "or null".
    check(
        "oneOf: [{type: number}, {type: boolean}]\ntype: 'null'",
        "{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"boolean\"}],\"nullable\":true}\n\
         warning: s.yaml:8:7 (#/components/schemas/S/type): `type: null` beside a union read as `nullable: true`: the union or null",
    );
    // A member that is null and something else is not a null member.
    check(
        "oneOf: [{type: string}, {type: 'null', minimum: 1}]",
        "{\"oneOf\":[{\"type\":\"string\"},{\"nullable\":true,\"minimum\":1}]}\nwarning: s.yaml:7:32 (#/components/schemas/S/oneOf/1/type): a schema whose only type is `null` cannot be expressed in OpenAPI 3.0; read as any JSON value, nullable",
    );
}

#[test]
fn const_examples_bounds_and_content() {
    check("const: active", r#"{"type":"string","enum":["active"]}"#);
    check("type: integer\nconst: 3", r#"{"type":"integer","enum":[3]}"#);
    check("type: string\nexamples: [a, b]", r#"{"type":"string","example":"a"}"#);
    check("type: string\nexamples: []", r#"{"type":"string"}"#);
    check(
        "type: number\nexclusiveMinimum: 0\nexclusiveMaximum: 10",
        r#"{"type":"number","minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":true}"#,
    );
    // The stricter of two bounds wins.
    check("type: number\nminimum: 5\nexclusiveMinimum: 0", r#"{"type":"number","minimum":5}"#);
    check("type: number\nminimum: 0\nexclusiveMinimum: 0", r#"{"type":"number","minimum":0,"exclusiveMinimum":true}"#);
    check("type: string\ncontentEncoding: base64", r#"{"type":"string","format":"byte"}"#);
    check("contentMediaType: image/png", r#"{"type":"string","format":"binary"}"#);
    check("type: string\ncontentMediaType: application/json", r#"{"type":"string"}"#);
    check("type: string\ncontentMediaType: 'text/csv; charset=utf-8'", r#"{"type":"string"}"#);
    check("type: object\ncontentMediaType: image/png\ncontentEncoding: base64", r#"{"type":"object"}"#);
    check("type: string\ncontentMediaType: image/png\ncontentEncoding: base64", r#"{"type":"string","format":"byte"}"#);
    check(
        "type: string\ncontentEncoding: base32",
        "{\"type\":\"string\"}\nwarning: s.yaml:8:7 (#/components/schemas/S/contentEncoding): `contentEncoding: base32` has no OpenAPI 3.0 format; the value is read as a plain string",
    );
    check("true", "{}");
}

#[test]
fn ref_siblings_become_all_of() {
    check("$ref: '#/components/schemas/T'", r##"{"$ref":"#/components/schemas/T"}"##);
    check(
        "$ref: '#/components/schemas/T'\ndescription: d\nreadOnly: true",
        r##"{"allOf":[{"$ref":"#/components/schemas/T"}],"description":"d","readOnly":true}"##,
    );
    check(
        "$ref: '#/components/schemas/T'\ndescription: d\nrequired: [a]\nproperties: {a: {type: [string, 'null']}}",
        r##"{"allOf":[{"$ref":"#/components/schemas/T"},{"required":["a"],"properties":{"a":{"type":"string","nullable":true}}}],"description":"d"}"##,
    );
}

#[test]
fn narrowing_keywords_are_dropped_with_a_warning() {
    check(
        "type: object\npropertyNames: {pattern: '^a'}\nunevaluatedProperties: false\n$comment: c",
        "{\"type\":\"object\"}\n\
         warning: s.yaml:8:7 (#/components/schemas/S/propertyNames): `propertyNames` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored\n\
         warning: s.yaml:9:7 (#/components/schemas/S/unevaluatedProperties): `unevaluatedProperties` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored",
    );
    check(
        "type: object\npatternProperties: {'^x-': {type: integer}}",
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}\n\
         warning: s.yaml:8:7 (#/components/schemas/S/patternProperties): `patternProperties` read as `additionalProperties`; keys are not checked against `^x-`",
    );
}

/// `if`/`then`/`else` and `dependentSchemas` only apply more assertions to a value the
/// schema around them describes (JSON Schema 2020-12 §10.2.2): the value keeps its type,
/// and what they add goes unchecked, with a warning. Before, they typed the whole schema
/// (and the body it was in) as any JSON value.
#[test]
fn conditional_keywords_are_dropped_with_a_warning() {
    check(
        "type: object\nproperties: {a: {type: string}}\nif: {required: [a]}\nthen: {properties: {a: {minLength: 2}}}\n\
         else: {required: [b]}\ndependentSchemas: {a: {required: [c]}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}\n\
         warning: s.yaml:9:7 (#/components/schemas/S/if): `if` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored\n\
         warning: s.yaml:10:7 (#/components/schemas/S/then): `then` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored\n\
         warning: s.yaml:11:7 (#/components/schemas/S/else): `else` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored\n\
         warning: s.yaml:12:7 (#/components/schemas/S/dependentSchemas): `dependentSchemas` only narrows what is valid, which OpenAPI 3.0 cannot say; ignored",
    );
    check(
        "$dynamicAnchor: node\ntype: object",
        "{\"type\":\"object\"}\n\
         warning: s.yaml:7:7 (#/components/schemas/S/$dynamicAnchor): `$dynamicAnchor` names this schema for `$dynamicRef`s, which are read as any JSON value; ignored",
    );
}

#[test]
fn a_property_that_must_be_absent_is_dropped() {
    check(
        "type: object\nproperties: {a: {type: string}, b: false}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}\n\
         warning: s.yaml:8:39 (#/components/schemas/S/properties/b): the property `b` has the schema `false` (it must be absent); dropped",
    );
}

#[test]
fn shape_changing_keywords_are_located_errors() {
    let refused = |yaml: &str, what: &str| {
        let out = rewritten(
            &format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    S: {yaml}\n"),
            "/components/schemas/S",
        );
        let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{yaml}: {out}");
        assert!(errors[0].contains("(#/components/schemas/S") && errors[0].contains(what), "{yaml}: {out}");
    };
    refused("{type: array, prefixItems: [{type: string}]}", "tuples (`prefixItems`)");
    refused("{type: array, items: [{type: string}]}", "`items` as a list");
    refused("{$dynamicRef: '#meta'}", "`$dynamicRef`");
    refused("{unevaluatedProperties: {type: string}}", "`unevaluatedProperties` with a schema");
    refused("{patternProperties: {a: {}, b: {}}}", "`patternProperties` with several patterns");
    refused("{type: array, items: false}", "the schema `false`");
}

#[test]
fn document_level_rewrites() {
    let spec = "openapi: 3.1.0\n\
                jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\n\
                info: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\n\
                webhooks:\n  newPet: {post: {responses: {'200': {description: ok}}}}\n";
    assert_eq!(
        rewritten(spec, ""),
        // Webhooks are kept, rewritten, as the root extension `x-webhooks`.
        "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\",\"license\":{\"name\":\"MIT\",\"url\":\"https://spdx.org/licenses/MIT.html\"},\"description\":\"s\"},\"paths\":{},\"x-webhooks\":{\"newPet\":{\"post\":{\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}"
    );
    let spec = "openapi: 3.1.0\njsonSchemaDialect: https://example.com/dialect\ninfo: {title: t, version: '1'}\n";
    assert_eq!(
        rewritten(spec, "/jsonSchemaDialect"),
        "(none)\nwarning: s.yaml:2:1 (#/jsonSchemaDialect): the JSON Schema dialect \"https://example.com/dialect\" is read as OpenAPI 3.1's default dialect, https://spec.openapis.org/oas/3.1/dialect/base: the keywords that shape types mean the same in both"
    );
}

#[test]
fn overrides_beside_other_references_are_reported() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n\
                paths:\n  /a:\n    get:\n      parameters:\n        - {$ref: '#/components/parameters/P', description: here}\n      \
                responses: {'200': {$ref: '#/components/responses/R', summary: s}}\n\
                components:\n  parameters: {P: {name: p, in: query}}\n  responses: {R: {description: ok}}\n";
    assert_eq!(
        rewritten(spec, "/paths/~1a/get"),
        "{\"parameters\":[{\"$ref\":\"#/components/parameters/P\"}],\"responses\":{\"200\":{\"$ref\":\"#/components/responses/R\"}}}\n\
         warning: s.yaml:7:11 (#/paths/~1a/get/parameters/0): keys beside this `$ref` are not used; the referenced object's are: description\n\
         warning: s.yaml:8:19 (#/paths/~1a/get/responses/200): keys beside this `$ref` are not used; the referenced object's are: summary"
    );
}

#[test]
fn path_items_from_components_are_inlined() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n\
                paths:\n  /a: {$ref: '#/components/pathItems/A', summary: local}\n  /b: {$ref: '#/paths/~1a'}\n\
                components:\n  pathItems:\n    A: {summary: shared, get: {parameters: [{name: q, in: query, schema: {type: [string, 'null']}}]}}\n";
    assert_eq!(
        rewritten(spec, "/paths"),
        "{\"/a\":{\"summary\":\"local\",\"get\":{\"parameters\":[{\"name\":\"q\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"nullable\":true}}],\"responses\":{}}},\"/b\":{\"$ref\":\"#/paths/~1a\"}}\n\
         error: s.yaml:5:8 (#/paths/~1b/$ref): `#/paths/~1a` does not name a path item in `components/pathItems` (help: reference a path item as `#/components/pathItems/<name>`)"
    );
}
