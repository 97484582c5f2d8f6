//! The Swagger 2.0 conversion, table by table: each `check` loads a minimal 2.0 document,
//! converts it, and compares the value at a pointer and the diagnostics. Diagnostics are
//! located in the 2.0 file, including those about nodes the conversion moved.

use std::collections::BTreeMap;

use crate::load;

const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

/// Loads a 2.0 document (the lines after `HEAD`), converts it, and shows the value at
/// `pointer` followed by the diagnostics, one a line.
fn converted(body: &str, pointer: &str) -> String {
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), format!("{HEAD}{body}"))].into();
    let mut sink = crate::sink::Sink::default();
    let mut loaded =
        load::load(&files, "s.yaml", "", crate::source::Limits::with_file_bytes(None), &mut sink).expect("loads");
    super::rewrite(&mut loaded.document, &mut loaded.sources, &mut sink);
    let mut out = loaded.document.pointer(pointer).map_or("(none)".into(), |v| v.to_string());
    for d in sink.diagnostics() {
        out.push('\n');
        out.push_str(&d.to_string());
    }
    out
}

fn check(body: &str, pointer: &str, expect: &str) {
    assert_eq!(converted(body, pointer), expect, "{body}");
}

/// Converts the parameters of `GET /a` (YAML list items, one a line) and shows the
/// operation.
fn check_op(params: &str, expect: &str) {
    let body = format!(
        "definitions: {{X: {{type: object}}}}\npaths:\n  /a:\n    get:\n      parameters:\n{}      responses: {{'204': {{description: done}}}}\n",
        params.lines().map(|l| format!("        - {l}\n")).collect::<String>()
    );
    check(&body, "/paths/~1a/get", expect);
}

#[test]
fn document_head() {
    check(
        "host: api.example.com\nbasePath: /v1/\nschemes: [http, https]\npaths: {}\ntags: [{name: x}]\n",
        "",
        r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"http://api.example.com/v1"},{"url":"https://api.example.com/v1"}],"paths":{},"tags":[{"name":"x"}]}"#,
    );
    check("basePath: /v1\npaths: {}\n", "/servers", r#"[{"url":"/v1"}]"#);
    check("host: h\npaths: {}\n", "/servers", r#"[{"url":"https://h"}]"#);
    check("paths: {}\n", "/servers", "(none)");
}

#[test]
fn parameters_move_their_value_into_a_schema() {
    check_op(
        "{name: id, in: query, type: integer, format: int32, minimum: 1, required: true, x-nullable: true}",
        r#"{"parameters":[{"name":"id","in":"query","required":true,"schema":{"type":"integer","format":"int32","minimum":1,"nullable":true}}],"responses":{"204":{"description":"done"}}}"#,
    );
    check_op(
        "{name: e, in: header, type: string, enum: [a, b], x-ms-enum: {name: E, modelAsString: true}}",
        r#"{"parameters":[{"name":"e","in":"header","schema":{"type":"string","enum":["a","b"],"x-ms-enum":{"name":"E","modelAsString":true},"x-open-enum":true}}],"responses":{"204":{"description":"done"}}}"#,
    );
}

#[test]
fn collection_formats_become_styles() {
    let list = |format: &str, location: &str| {
        format!("{{name: l, in: {location}, type: array, items: {{type: string}}, collectionFormat: {format}}}")
    };
    let expect = |location: &str, style: &str| {
        format!(
            r#"{{"parameters":[{{"name":"l","in":"{location}"{style},"schema":{{"type":"array","items":{{"type":"string"}}}}}}],"responses":{{"204":{{"description":"done"}}}}}}"#
        )
    };
    check_op(&list("csv", "query"), &expect("query", r#","style":"form","explode":false"#));
    check_op(&list("multi", "query"), &expect("query", r#","style":"form","explode":true"#));
    check_op(&list("ssv", "query"), &expect("query", r#","style":"spaceDelimited","explode":false"#));
    check_op(&list("pipes", "query"), &expect("query", r#","style":"pipeDelimited","explode":false"#));
    check_op(&list("csv", "header"), &expect("header", ""));
    check_op(
        &list("tsv", "query"),
        "{\"parameters\":[{\"name\":\"l\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}}],\"responses\":{\"204\":{\"description\":\"done\"}}}\n\
         warning: s.yaml:8:68 (#/paths/~1a/get/parameters/0/collectionFormat): `collectionFormat: tsv` cannot be expressed here (no OpenAPI 3.0 style separates items with tabs); the list is one string, joined by the caller",
    );
    check_op(
        &list("pipes", "path"),
        "{\"parameters\":[{\"name\":\"l\",\"in\":\"path\",\"schema\":{\"type\":\"string\"}}],\"responses\":{\"204\":{\"description\":\"done\"}}}\n\
         warning: s.yaml:8:67 (#/paths/~1a/get/parameters/0/collectionFormat): `collectionFormat: pipes` cannot be expressed here (only in the query); the list is one string, joined by the caller",
    );
}

#[test]
fn body_and_form_parameters_become_request_bodies() {
    check_op(
        "{name: q, in: query, type: string}\n{name: b, in: body, required: true, description: d, schema: {$ref: '#/definitions/X'}}",
        r##"{"parameters":[{"name":"q","in":"query","schema":{"type":"string"}}],"requestBody":{"description":"d","content":{"application/json":{"schema":{"$ref":"#/components/schemas/X"}}},"required":true},"responses":{"204":{"description":"done"}}}"##,
    );
    check_op(
        "{name: f, in: formData, type: file, required: true}\n{name: n, in: formData, type: string, description: d}",
        r#"{"requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"f":{"type":"string","format":"binary"},"n":{"description":"d","type":"string"}},"required":["f"]}}},"required":true},"responses":{"204":{"description":"done"}}}"#,
    );
    check_op(
        "{name: l, in: formData, type: array, items: {type: integer}, collectionFormat: pipes}",
        r#"{"requestBody":{"content":{"application/x-www-form-urlencoded":{"schema":{"type":"object","properties":{"l":{"type":"array","items":{"type":"integer"}}}},"encoding":{"l":{"style":"pipeDelimited","explode":false}}}}},"responses":{"204":{"description":"done"}}}"#,
    );
}

#[test]
fn media_types_follow_consumes_and_produces() {
    let body = "consumes: [application/json, text/json]\nproduces: [application/xml]\npaths:\n  /a:\n    post:\n      \
                produces: [text/plain]\n      parameters: [{name: b, in: body, schema: {type: string}}]\n      \
                responses:\n        '200': {description: ok, schema: {type: string}, examples: {text/plain: hi}, \
                headers: {X-N: {type: integer}}}\n";
    check(
        body,
        "/paths/~1a/post",
        r#"{"requestBody":{"content":{"application/json":{"schema":{"type":"string"}},"text/json":{"schema":{"type":"string"}}}},"responses":{"200":{"description":"ok","headers":{"X-N":{"schema":{"type":"integer"}}},"content":{"text/plain":{"schema":{"type":"string"},"example":"hi"}}}}}"#,
    );
    // A file response with no `produces` is bytes.
    check(
        "paths:\n  /a:\n    get:\n      responses: {'200': {description: ok, schema: {type: file}}}\n",
        "/paths/~1a/get/responses/200/content",
        r#"{"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}"#,
    );
}

#[test]
fn components_and_references() {
    let body = "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/parameters/P'}, {$ref: '#/parameters/B'}]\n      \
                responses: {'200': {$ref: '#/responses/R'}}\n\
                parameters:\n  P: {name: p, in: query, type: string}\n  B: {name: b, in: body, schema: {$ref: '#/definitions/Pet'}}\n\
                responses:\n  R: {description: r, schema: {$ref: '#/definitions/Pet'}}\n\
                definitions:\n  Pet: {type: object, discriminator: kind, properties: {kind: {type: string}, o: {$ref: '#/definitions/Pet', x-nullable: true}}}\n  \
                Cat: {allOf: [{$ref: '#/definitions/Pet'}], x-ms-discriminator-value: cat}\n\
                securityDefinitions:\n  b: {type: basic}\n  k: {type: apiKey, name: k, in: header}\n  \
                o: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {r: read}}\n";
    check(
        body,
        "/paths/~1a/get",
        r##"{"parameters":[{"$ref":"#/components/parameters/P"}],"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}}}},"responses":{"200":{"$ref":"#/components/responses/R"}}}"##,
    );
    check(
        body,
        "/components",
        r##"{"schemas":{"Pet":{"type":"object","discriminator":{"propertyName":"kind","mapping":{"cat":"#/components/schemas/Cat"}},"properties":{"kind":{"type":"string"},"o":{"allOf":[{"$ref":"#/components/schemas/Pet"}],"nullable":true}}},"Cat":{"allOf":[{"$ref":"#/components/schemas/Pet"}],"x-ms-discriminator-value":"cat"}},"parameters":{"P":{"name":"p","in":"query","schema":{"type":"string"}}},"responses":{"R":{"description":"r","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}}}}},"securitySchemes":{"b":{"type":"http","scheme":"basic"},"k":{"type":"apiKey","name":"k","in":"header"},"o":{"type":"oauth2","flows":{"authorizationCode":{"authorizationUrl":"https://a","tokenUrl":"https://t","scopes":{"r":"read"}}}}}}"##,
    );
}

#[test]
fn ms_paths_join_paths() {
    let body = "paths:\n  /a:\n    get: {responses: {'204': {description: a}}}\n\
                x-ms-paths:\n  /a?x=1:\n    get: {responses: {'204': {description: b}}}\n    put: {responses: {'204': {description: c}}}\n";
    check(
        body,
        "/paths",
        "{\"/a\":{\"get\":{\"responses\":{\"204\":{\"description\":\"a\"}}},\"put\":{\"parameters\":[{\"name\":\"x\",\"in\":\"query\",\"required\":true,\"description\":\"Always `1`: the path `/a?x=1` says so.\",\"schema\":{\"type\":\"string\",\"enum\":[\"1\"]}}],\"responses\":{\"204\":{\"description\":\"c\"}}}}}\n\
         warning: s.yaml:8:5 (#/x-ms-paths/~1a?x=1/get): `/a` already has a `get`, so this one (`/a?x=1`) is left out",
    );
}

/// A query in a path key (AutoRest's `x-ms-paths`, or `paths` as some 2.0 specs write
/// them) is what the API dispatches on: each of its parameters is sent, as a required
/// query parameter of the one value written, unless the operation declares it itself. A
/// path item joining another keeps its path-level parameters to its own operations.
#[test]
fn a_path_key_query_becomes_fixed_parameters() {
    let body = "paths:\n  /c?restype=container&comp:\n    get:\n      parameters: [{name: comp, in: query, type: string}]\n      \
                responses: {'204': {description: a}}\n  /c:\n    parameters: [{name: h, in: header, type: string}]\n    \
                put: {responses: {'204': {description: b}}}\n\
                x-ms-paths:\n  /c?comp=list:\n    parameters: [{name: k, in: header, type: string}]\n    \
                post: {responses: {'204': {description: c}}}\n";
    check(
        body,
        "/paths",
        "{\"/c\":{\"get\":{\"parameters\":[{\"name\":\"comp\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}},\
         {\"name\":\"restype\",\"in\":\"query\",\"required\":true,\"description\":\"Always `container`: the path `/c?restype=container&comp` says so.\",\"schema\":{\"type\":\"string\",\"enum\":[\"container\"]}}],\
         \"responses\":{\"204\":{\"description\":\"a\"}}},\
         \"put\":{\"parameters\":[{\"name\":\"h\",\"in\":\"header\",\"schema\":{\"type\":\"string\"}}],\"responses\":{\"204\":{\"description\":\"b\"}}},\
         \"post\":{\"parameters\":[{\"name\":\"comp\",\"in\":\"query\",\"required\":true,\"description\":\"Always `list`: the path `/c?comp=list` says so.\",\"schema\":{\"type\":\"string\",\"enum\":[\"list\"]}},\
         {\"name\":\"k\",\"in\":\"header\",\"schema\":{\"type\":\"string\"}}],\"responses\":{\"204\":{\"description\":\"c\"}}}}}",
    );
}

/// What later stages say about converted nodes points into the 2.0 file.
#[test]
fn moved_nodes_are_located_where_they_were_written() {
    let body = "definitions:\n  Pet: {type: object}\npaths:\n  /a:\n    post:\n      parameters:\n        \
                - {name: q, in: query, type: string}\n        - {name: b, in: body, schema: {type: object}}\n        \
                - {name: h, in: header, type: string}\n      responses: {'200': {description: ok, schema: {type: string}}}\n";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), format!("{HEAD}{body}"))].into();
    let mut sink = crate::sink::Sink::default();
    let mut loaded =
        load::load(&files, "s.yaml", "", crate::source::Limits::with_file_bytes(None), &mut sink).expect("loads");
    super::rewrite(&mut loaded.document, &mut loaded.sources, &mut sink);
    let at = |p: &str| loaded.sources.locate(p).to_string();
    assert_eq!(at("/components/schemas/Pet"), "s.yaml:4:3 (#/definitions/Pet)");
    assert_eq!(
        at("/paths/~1a/post/requestBody/content/application~1json/schema"),
        "s.yaml:10:31 (#/paths/~1a/post/parameters/1/schema)"
    );
    assert_eq!(at("/paths/~1a/post/parameters/1/schema"), "s.yaml:11:11 (#/paths/~1a/post/parameters/2)");
    assert_eq!(
        at("/paths/~1a/post/responses/200/content/application~1json/schema"),
        "s.yaml:12:44 (#/paths/~1a/post/responses/200/schema)"
    );
    assert_eq!(at("/openapi"), "s.yaml:1:1 (#/swagger)");
}

#[test]
fn response_header_lists_are_comma_separated() {
    let body = "paths:\n  /a:\n    get:\n      responses:\n        '204':\n          description: none\n          \
                headers: {X-L: {type: array, items: {type: string}, collectionFormat: pipes}}\n";
    check(
        body,
        "/paths/~1a/get/responses/204/headers",
        "{\"X-L\":{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}\n\
         warning: s.yaml:9:63 (#/paths/~1a/get/responses/204/headers/X-L/collectionFormat): a response header's list is comma-separated in OpenAPI 3.0; `collectionFormat: pipes` is read as `csv`",
    );
}
