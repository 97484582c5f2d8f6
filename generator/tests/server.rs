//! The server emitter on what GitLab's spec does not use: a JSON body, header and
//! non-string query parameters, a non-exploded array, `4XX`/`5XX`/`default` responses, an
//! API key in the query, a bearer scheme, and an operation named like the trait's own
//! `error_response`. The GitLab output is snapshotted in `tests/tests/codegen.rs`; this
//! one was also compiled with clippy `-D warnings` when it was reviewed.

use std::collections::BTreeMap;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Kitchen sink, version: '1'}
servers: [{url: /v2}]
security: [{key: []}, {token: []}]
paths:
  /things/{thing_id}:
    put:
      operationId: putThing
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: integer, format: int32}}
        - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
        - {name: dry_run, in: query, schema: {type: boolean}}
        - {name: ratio, in: query, schema: {type: number}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: color, in: query, schema: {$ref: '#/components/schemas/Color'}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
        '4XX': {description: client error, content: {application/json: {schema: {type: object, properties: {reason: {type: string}}}}}}
        '5XX': {description: server error}
        default: {description: anything else}
  /health:
    get:
      operationId: error_response
      security: []
      requestBody:
        content:
          application/json:
            schema: {type: object, additionalProperties: {type: integer}}
      responses:
        '204': {description: fine}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
    token: {type: http, scheme: bearer}
  schemas:
    Color: {type: string, enum: [red, green]}
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string}
        size: {type: integer}
        parts: {type: array, items: {type: object, properties: {label: {type: string}}}}
"#;

fn server_rs(spec: &str) -> String {
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: "spec".into() };
    let output = generator::generate(&files, &options).unwrap_or_else(|r| panic!("generates:\n{}", r.lines()));
    output.files.into_iter().find(|f| f.path == "src/server/mod.rs").expect("a server").contents
}

#[test]
fn kitchen_sink_server() {
    let server = server_rs(SPEC);
    // The bearer scheme takes the token, so there is no extra bearer field.
    assert!(!server.contains("pub bearer:"));
    // An operation may not take the name of the trait's provided method.
    assert!(server.contains("fn error_response_2("));
    insta::assert_snapshot!(server);
}

fn generated(spec: &str, path: &str) -> String {
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: "spec".into() };
    let output = generator::generate(&files, &options).unwrap_or_else(|r| panic!("generates:\n{}", r.lines()));
    output.files.into_iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn aliased_parameters_read_and_write_as_what_they_name() {
    let spec = r#"
openapi: 3.0.3
info: {title: Aliases, version: '1'}
paths:
  /at/{when}:
    get:
      operationId: at
      parameters:
        - {name: when, in: path, required: true, schema: {$ref: '#/components/schemas/When'}}
        - {name: ids, in: query, required: true, schema: {$ref: '#/components/schemas/Ids'}}
      responses: {'204': {description: done}}
components:
  schemas:
    When: {$ref: '#/components/schemas/Instant'}
    Instant: {type: string, format: date-time}
    Ids: {type: array, items: {type: integer}}
"#;
    // Compared without whitespace, so line breaks the formatter chooses do not matter.
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let server = flat(&generated(spec, "src/server/mod.rs"));
    // Through two aliases to a date-time, and through one to a list of integers.
    assert!(server.contains(&flat(r#"path.param(2, "when", crate::server::runtime::date_time)?"#)), "{server}");
    assert!(server.contains(&flat(r#"query.many("ids", true, crate::server::runtime::integer::<i64>)?"#)), "{server}");
    let client = flat(&generated(spec, "src/client/mod.rs"));
    // RFC 3339, not `DateTime`'s `Display` (`2021-01-20 14:13:35 UTC`).
    assert!(client.contains("&runtime::Rfc3339(&request.when)"), "{client}");
    let ids = r#"query.push_array("ids", request.ids.iter(), runtime::ArrayStyle::Repeat)"#;
    assert!(client.contains(&flat(ids)), "{client}");
}
