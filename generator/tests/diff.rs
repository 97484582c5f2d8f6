//! API change classification, table-driven: two minimal inline specs in, every change out
//! (level, whom it breaks, rule, operation, pointer and sentence), one pair per rule.

use std::collections::BTreeMap;

use generator::diff::{self, Change, Level};

/// Reads the part of a spec after `info`.
fn read(body: &str) -> openapiv3::OpenAPI {
    read_spec(&format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}"))
}

/// Reads a whole spec through the front end.
fn read_spec(spec: &str) -> openapiv3::OpenAPI {
    let spec = spec.to_string();
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    match diff::read(&files, &options) {
        Ok(doc) => doc.api,
        Err(report) => panic!("the test spec must read:\n{}", report.lines()),
    }
}

fn line(c: &Change) -> String {
    let level = match c.level {
        Level::Breaking => format!("breaking({})", c.breaks.names().join(", ")),
        Level::NonBreaking => "non-breaking".into(),
    };
    let spec = match c.spec {
        diff::Spec::Old => "old",
        diff::Spec::New => "new",
    };
    format!("{level} {} {} {spec}#{}\n  {}\n", c.rule, c.operation, c.pointer, c.message)
}

/// Diffs OLD against NEW (each the part of a spec after `info`) and compares every change.
fn check(old: &str, new: &str, expect: &str) {
    let changes = diff::diff(&read(old), &read(new)).unwrap_or_else(|r| panic!("diff failed:\n{}", r.lines()));
    let got: String = changes.iter().map(line).collect();
    assert_eq!(got.trim_end(), expect.trim(), "\n--- got ---\n{got}");
    // The breaking level is exactly "it breaks someone".
    for c in &changes {
        assert_eq!(c.is_breaking(), c.breaks.any(), "{c:?}");
    }
}

/// One GET operation `op` on `/a` with the given YAML (indented for the operation).
fn get(rest: &str) -> String {
    format!("paths:\n  /a:\n    get:\n      operationId: op\n{rest}")
}

const OK: &str = "      responses: {'204': {description: done}}\n";

#[test]
fn identical_specs_have_no_changes() {
    let spec = get(&format!("      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n{OK}"));
    check(&spec, &spec, "");
}

#[test]
fn operations_added_and_removed() {
    check(
        &get(OK),
        &format!("paths:\n  /b:\n    post:\n      operationId: make\n{OK}"),
        "
breaking(server implementers) endpoint-added make new#/paths/~1b/post
  operation POST /b was added
breaking(client users, server implementers) api-removed-without-deprecation op old#/paths/~1a/get
  operation GET /a was removed
",
    );
}

#[test]
fn renaming_a_path_parameter_keeps_the_operation_but_a_new_operation_id_renames_it() {
    check(
        &format!(
            "paths:\n  /a/{{id}}:\n    get:\n      operationId: op\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n{OK}"
        ),
        &format!(
            "paths:\n  /a/{{key}}:\n    get:\n      operationId: fetch\n      parameters: [{{name: key, in: path, required: true, schema: {{type: string}}}}]\n{OK}"
        ),
        "
breaking(client users, server implementers) api-operation-id-changed fetch new#/paths/~1a~1{key}/get/operationId
  the operationId changed from `op` to `fetch`
breaking(client users, server implementers) request-parameter-removed fetch old#/paths/~1a~1{id}/get/parameters/0
  path parameter `id` was removed
breaking(client users) new-required-request-parameter fetch new#/paths/~1a~1{key}/get/parameters/0
  required path parameter `key` was added
",
    );
}

#[test]
fn parameters_added_removed_and_made_required_or_optional() {
    let params = |list: &str| get(&format!("      parameters:\n{list}{OK}"));
    check(
        &params(
            "        - {name: gone, in: query, schema: {type: string}}
        - {name: loosened, in: query, required: true, schema: {type: string}}
        - {name: tightened, in: query, schema: {type: string}}
",
        ),
        &params(
            "        - {name: loosened, in: query, schema: {type: string}}
        - {name: tightened, in: query, required: true, schema: {type: string}}
        - {name: filter, in: query, schema: {type: string}}
        - {name: X-Must, in: header, required: true, schema: {type: string}}
",
        ),
        "
breaking(client users, server implementers) request-parameter-removed op old#/paths/~1a/get/parameters/0
  query parameter `gone` was removed
breaking(client users, server implementers) request-parameter-became-optional op new#/paths/~1a/get/parameters/0
  query parameter `loosened` became optional
breaking(client users, server implementers) request-parameter-became-required op new#/paths/~1a/get/parameters/1
  query parameter `tightened` became required
non-breaking new-optional-request-parameter op new#/paths/~1a/get/parameters/2
  optional query parameter `filter` was added
breaking(client users) new-required-request-parameter op new#/paths/~1a/get/parameters/3
  required header parameter `X-Must` was added
",
    );
}

#[test]
fn parameter_type_format_and_enum_changes() {
    let params = |list: &str| get(&format!("      parameters:\n{list}{OK}"));
    check(
        &params(
            "        - {name: n, in: query, schema: {type: integer}}
        - {name: since, in: query, schema: {type: string, format: date}}
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [api, read_api]}}}
",
        ),
        &params(
            "        - {name: n, in: query, schema: {type: string}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [api, write_api]}}}
",
        ),
        r#"
breaking(client users, server implementers) request-parameter-type-changed op new#/paths/~1a/get/parameters/0/schema
  the type of parameter `n` changed from integer to string
breaking(client users, server implementers) request-parameter-format-changed op new#/paths/~1a/get/parameters/1/schema
  the format of parameter `since` changed from date to date-time
breaking(client users, server implementers) request-parameter-enum-value-removed op old#/paths/~1a/get/parameters/2/schema/items
  enum value "read_api" was removed from parameter `scopes[]`
breaking(server implementers) request-parameter-enum-value-added op new#/paths/~1a/get/parameters/2/schema/items
  enum value "write_api" was added to parameter `scopes[]`
"#,
    );
}

/// A POST on `/a` whose JSON request body is `schema` (YAML flow).
fn post_body(schema: &str) -> String {
    format!(
        "paths:\n  /a:\n    post:\n      operationId: make\n      requestBody: {{required: true, content: {{application/json: {{schema: {schema}}}}}}}\n{OK}"
    )
}

#[test]
fn request_properties() {
    check(
        &post_body(
            "{type: object, required: [name, loose], properties: {name: {type: string}, loose: {type: string}, tight: {type: string}, gone: {type: string}, kind: {type: string, enum: [a, b]}, n: {type: integer}}}",
        ),
        &post_body(
            "{type: object, required: [name, tight, must], properties: {name: {type: string}, loose: {type: string}, tight: {type: string}, kind: {type: string, enum: [b, c]}, n: {type: string}, must: {type: boolean}, may: {type: boolean}}}",
        ),
        r#"
breaking(client users, server implementers) request-property-removed make old#/paths/~1a/post/requestBody/content/application~1json/schema/properties/gone
  optional request property `gone` was removed in the request body (application/json)
breaking(client users, server implementers) request-property-became-optional make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/loose
  request property `loose` became optional in the request body (application/json)
breaking(client users, server implementers) request-property-became-required make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/tight
  request property `tight` became required in the request body (application/json)
breaking(client users, server implementers) request-property-enum-value-removed make old#/paths/~1a/post/requestBody/content/application~1json/schema/properties/kind
  enum value "a" was removed from `kind` in the request body (application/json)
breaking(server implementers) request-property-enum-value-added make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/kind
  enum value "c" was added to `kind` in the request body (application/json)
breaking(client users, server implementers) request-property-type-changed make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/n
  the type of `n` changed from integer to string in the request body (application/json)
breaking(client users) new-required-request-property make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/must
  required request property `must` was added in the request body (application/json)
non-breaking new-optional-request-property make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/may
  optional request property `may` was added in the request body (application/json)
"#,
    );
}

#[test]
fn request_bodies_and_their_media_types() {
    let body = |required: bool, media: &str| {
        format!(
            "paths:\n  /a:\n    post:\n      operationId: make\n      requestBody: {{required: {required}, content: {{{media}}}}}\n{OK}"
        )
    };
    check(
        &body(true, "application/json: {schema: {type: object}}, text/plain: {schema: {type: string}}"),
        &body(false, "application/json: {schema: {type: array, items: {type: string}}}, application/xml: {schema: {type: object}}"),
        "
breaking(client users, server implementers) request-body-became-optional make new#/paths/~1a/post/requestBody
  the request body became optional
breaking(client users) request-body-media-type-removed make old#/paths/~1a/post/requestBody/content/text~1plain
  media type text/plain was removed from the request body
breaking(client users, server implementers) request-body-type-changed make new#/paths/~1a/post/requestBody/content/application~1json/schema
  the type of the request body changed from object to array in the request body (application/json)
non-breaking request-body-media-type-added make new#/paths/~1a/post/requestBody/content/application~1xml
  media type application/xml was added to the request body
",
    );
    let none = format!("paths:\n  /a:\n    post:\n      operationId: make\n{OK}");
    check(
        &none,
        &body(true, "application/json: {schema: {type: object}}"),
        "
breaking(client users) new-required-request-body make new#/paths/~1a/post/requestBody
  required request body was added
",
    );
    check(
        &body(false, "application/json: {schema: {type: object}}"),
        &none,
        "
breaking(client users, server implementers) request-body-removed make old#/paths/~1a/post/requestBody
  the request body was removed
",
    );
}

/// A GET on `/a` answering 200 with `schema` as JSON.
fn get_returning(schema: &str) -> String {
    get(&format!(
        "      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}\n"
    ))
}

#[test]
fn response_properties() {
    check(
        &get_returning(
            "{type: object, required: [id, loose, gone], properties: {id: {type: integer}, loose: {type: string}, tight: {type: string}, gone: {type: string}, maybe: {type: string}, state: {type: string, enum: [active, revoked]}, at: {type: string, format: date}}}",
        ),
        &get_returning(
            "{type: object, required: [id, tight, must], properties: {id: {type: integer}, loose: {type: string}, tight: {type: string}, state: {type: string, enum: [active, expired]}, at: {type: string, format: date-time}, must: {type: string}, may: {type: string}}}",
        ),
        r#"
breaking(client users, server implementers) response-required-property-removed op old#/paths/~1a/get/responses/200/content/application~1json/schema/properties/gone
  required response property `gone` was removed in the 200 response (application/json)
breaking(client users, server implementers) response-optional-property-removed op old#/paths/~1a/get/responses/200/content/application~1json/schema/properties/maybe
  optional response property `maybe` was removed in the 200 response (application/json)
breaking(client users, server implementers) response-property-became-optional op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/loose
  response property `loose` became optional in the 200 response (application/json)
breaking(client users, server implementers) response-property-became-required op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/tight
  response property `tight` became required in the 200 response (application/json)
breaking(client users, server implementers) response-property-enum-value-removed op old#/paths/~1a/get/responses/200/content/application~1json/schema/properties/state
  enum value "revoked" was removed from `state` in the 200 response (application/json)
breaking(client users) response-property-enum-value-added op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/state
  enum value "expired" was added to `state` in the 200 response (application/json)
breaking(client users, server implementers) response-property-format-changed op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/at
  the format of `at` changed from date to date-time in the 200 response (application/json)
breaking(server implementers) response-required-property-added op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/must
  required response property `must` was added in the 200 response (application/json)
non-breaking response-optional-property-added op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/may
  optional response property `may` was added in the 200 response (application/json)
"#,
    );
}

#[test]
fn a_response_turning_from_object_to_array_and_a_nested_property_changing_type() {
    check(
        &get_returning("{type: object, properties: {id: {type: integer}}}"),
        &get_returning("{type: array, items: {type: object, properties: {id: {type: integer}}}}"),
        "
breaking(client users, server implementers) response-body-type-changed op new#/paths/~1a/get/responses/200/content/application~1json/schema
  the type of the response body changed from object to array in the 200 response (application/json)
",
    );
    check(
        &get_returning("{type: array, items: {type: object, properties: {user: {type: object, properties: {id: {type: integer}}}}}}"),
        &get_returning("{type: array, items: {type: object, properties: {user: {type: object, properties: {id: {type: string}}}}}}"),
        "
breaking(client users, server implementers) response-property-type-changed op new#/paths/~1a/get/responses/200/content/application~1json/schema/items/properties/user/properties/id
  the type of `[].user.id` changed from integer to string in the 200 response (application/json)
",
    );
}

#[test]
fn statuses_added_removed_and_a_success_status_changed() {
    let responses = |list: &str| get(&format!("      responses:\n{list}"));
    check(
        &responses(
            "        '200': {description: ok}
        '404': {description: missing}
",
        ),
        &responses(
            "        '201': {description: created}
        '401': {description: unauthorised}
        default: {description: anything else}
",
        ),
        "
breaking(client users, server implementers) response-non-success-status-removed op old#/paths/~1a/get/responses/404
  error status 404 was removed
breaking(client users, server implementers) response-success-status-changed op new#/paths/~1a/get/responses/201
  the success status changed from 200 to 201
breaking(client users) response-non-success-status-added op new#/paths/~1a/get/responses/401
  error status 401 was added
breaking(client users) response-non-success-status-added op new#/paths/~1a/get/responses/default
  error status default was added
",
    );
    check(
        &responses("        '200': {description: ok}\n"),
        &responses("        '200': {description: ok}\n        '202': {description: accepted}\n"),
        "
breaking(client users) response-success-status-added op new#/paths/~1a/get/responses/202
  success status 202 was added
",
    );
    check(
        &responses("        '200': {description: ok}\n        '202': {description: accepted}\n"),
        &responses("        '200': {description: ok}\n"),
        "
breaking(client users, server implementers) response-success-status-removed op old#/paths/~1a/get/responses/202
  success status 202 was removed
",
    );
}

#[test]
fn response_media_types() {
    let responses =
        |media: &str| get(&format!("      responses:\n        '200': {{description: ok, content: {{{media}}}}}\n"));
    check(
        &responses("application/json: {schema: {type: object}}, text/csv: {schema: {type: string}}"),
        &responses("application/json: {schema: {type: object}}, application/yaml: {schema: {type: object}}"),
        "
breaking(client users) response-media-type-removed op old#/paths/~1a/get/responses/200/content/text~1csv
  media type text/csv was removed from the 200 response
non-breaking response-media-type-added op new#/paths/~1a/get/responses/200/content/application~1yaml
  media type application/yaml was added to the 200 response
",
    );
}

#[test]
fn security_requirements() {
    let secured = |global: &str, own: &str| {
        format!(
            "security: {global}\npaths:\n  /a:\n    get:\n      operationId: op\n{own}{OK}components:\n  securitySchemes:\n    Key: {{type: apiKey, in: header, name: Private-Token}}\n    Bearer: {{type: http, scheme: bearer}}\n"
        )
    };
    check(
        &secured("[{Key: []}, {Bearer: []}]", ""),
        &secured("[{Key: []}]", ""),
        "
breaking(client users) api-security-removed op old#/security
  security requirement `Bearer` was removed
",
    );
    check(
        &secured("[]", ""),
        &secured("[]", "      security: [{Key: []}]\n"),
        "
breaking(client users) api-security-added op new#/paths/~1a/get/security
  security requirement `Key` was added
",
    );
    check(
        &secured("[{Key: []}]", ""),
        &secured("[{Key: []}, {Bearer: []}]", ""),
        "
non-breaking api-security-alternative-added op new#/security
  security requirement `Bearer` was added
",
    );
    check(
        &secured("[{Key: []}]", ""),
        &secured("[{Key: []}]", "      security: [{}]\n"),
        "
non-breaking api-security-no-longer-required op old#/security
  security requirement `Key` was removed
non-breaking api-security-alternative-added op new#/paths/~1a/get/security
  security requirement `no credentials` was added
",
    );
}

#[test]
fn shared_components_are_compared_through_references_with_pointers_into_them() {
    let spec = |token: &str| {
        format!(
            "paths:
  /a:
    get:
      operationId: list
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Token'}}}}}}}}}}
  /b:
    post:
      operationId: make
      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/Token'}}}}}}}}
      responses: {{'204': {{description: done}}}}
components:
  schemas:
    Token: {token}
    Node: {{type: object, properties: {{next: {{$ref: '#/components/schemas/Node'}}}}}}
"
        )
    };
    check(
        &spec(
            "{type: object, properties: {scopes: {type: array, items: {type: string, enum: [api]}}, node: {$ref: '#/components/schemas/Node'}}}",
        ),
        &spec(
            "{type: object, properties: {scopes: {type: array, items: {type: string, enum: [api, k8s_proxy]}}, node: {$ref: '#/components/schemas/Node'}}}",
        ),
        r#"
breaking(client users) response-property-enum-value-added list new#/components/schemas/Token/properties/scopes/items
  enum value "k8s_proxy" was added to `Token.scopes[]` in the 200 response (application/json)
breaking(server implementers) request-property-enum-value-added make new#/components/schemas/Token/properties/scopes/items
  enum value "k8s_proxy" was added to `Token.scopes[]` in the request body (application/json)
"#,
    );
}

#[test]
fn all_of_members_are_merged_into_one_object() {
    let spec = |extra: &str| {
        get_returning(&format!(
            "{{allOf: [{{type: object, required: [id], properties: {{id: {{type: integer}}}}}}, {{type: object, properties: {{{extra}}}}}]}}"
        ))
    };
    check(
        &spec("name: {type: string}"),
        &spec("name: {type: string}, email: {type: string}"),
        "
non-breaking response-optional-property-added op new#/paths/~1a/get/responses/200/content/application~1json/schema/allOf/1/properties/email
  optional response property `email` was added in the 200 response (application/json)
",
    );
}

/// GitLab's root as published, read with and without `spec/overlays/gitlab-real-api.yaml`
/// (listed in `spec/openapi.codegen.yaml`): the files are the real ones in `spec/`.
fn gitlab(with_overlay: bool) -> openapiv3::OpenAPI {
    let mut files: BTreeMap<String, String> = [
        ("openapi.yaml", include_str!("../../spec/openapi.yaml")),
        ("v4/access_tokens.yaml", include_str!("../../spec/v4/access_tokens.yaml")),
        ("overlays/gitlab-real-api.yaml", include_str!("../../spec/overlays/gitlab-real-api.yaml")),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_string(), text.to_string()))
    .collect();
    if with_overlay {
        files.insert("openapi.codegen.yaml".into(), include_str!("../../spec/openapi.codegen.yaml").into());
    }
    let options =
        generator::Options { root: "openapi.yaml".into(), display_prefix: "spec".into(), ..Default::default() };
    match diff::read(&files, &options) {
        Ok(doc) => doc.api,
        Err(report) => panic!("GitLab's spec must read:\n{}", report.lines()),
    }
}

/// GitLab's published access tokens file against the overlay-corrected one (issue 10):
/// listing returns an array, not one object, and creating answers 201, not 200: both
/// break client users. The new optional filters do not.
#[test]
fn gitlab_published_against_corrected_access_tokens() {
    let changes = diff::diff(&gitlab(false), &gitlab(true)).expect("diff");
    let got: String = changes.iter().map(line).collect();
    let breaking_for_clients: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.is_breaking() && c.breaks.clients)
        .map(|c| (c.rule, c.operation.as_str()))
        .collect();
    assert!(
        breaking_for_clients.contains(&("response-body-type-changed", "accessTokens_get")),
        "list turns from an object to an array:\n{got}"
    );
    assert!(
        breaking_for_clients.contains(&("response-success-status-changed", "accessTokens_post")),
        "create turns from 200 to 201:\n{got}"
    );
    let filters: Vec<&Change> = changes
        .iter()
        .filter(|c| c.rule == "new-optional-request-parameter" && c.operation == "accessTokens_get")
        .collect();
    for name in ["state", "search", "sort", "created_after", "page", "per_page"] {
        let filter = filters
            .iter()
            .find(|c| c.message.contains(&format!("`{name}`")))
            .unwrap_or_else(|| panic!("the new `{name}` filter is reported:\n{got}"));
        assert_eq!(filter.level, Level::NonBreaking, "{}", filter.message);
    }
    // Get-one and rotate are new operations.
    assert!(changes.iter().any(|c| c.rule == "endpoint-added" && c.operation == "accessTokens_rotate"), "{got}");
    insta::assert_snapshot!(got);
}

#[test]
fn a_change_inside_a_recursive_schema_is_reported_once_per_operation() {
    let spec = |value: &str| {
        format!(
            "paths:
  /a:
    get:
      operationId: op
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Node'}}}}}}}}}}
components:
  schemas:
    Node: {{type: object, properties: {{value: {{type: {value}}}, next: {{$ref: '#/components/schemas/Node'}}, children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}}}}}
"
        )
    };
    check(
        &spec("integer"),
        &spec("string"),
        "
breaking(client users, server implementers) response-property-type-changed op new#/components/schemas/Node/properties/value
  the type of `Node.value` changed from integer to string in the 200 response (application/json)
",
    );
}

#[test]
fn unions_and_unresolvable_references() {
    check(
        &get_returning("{oneOf: [{type: integer}, {type: string}]}"),
        &get_returning("{oneOf: [{type: integer}, {type: string}, {type: boolean}]}"),
        "
breaking(client users, server implementers) response-body-type-changed op new#/paths/~1a/get/responses/200/content/application~1json/schema
  the type of the response body changed from oneOf of 2 to oneOf of 3 in the 200 response (application/json)
",
    );
}

#[test]
fn a_dangling_reference_the_front_end_would_refuse_is_not_a_panic() {
    // Built past the front end (which refuses it), to hold `diff` itself to "no panics".
    let doc: openapiv3::OpenAPI = serde_json::from_value(serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}
    }))
    .expect("an openapiv3 document");
    let mut other = doc.clone();
    other.components = Some(openapiv3::Components::default());
    assert_eq!(diff::diff(&doc, &other).expect("diff"), []);
}

#[test]
fn reports_render_as_text_and_json() {
    let old = read(&get_returning("{type: object, properties: {id: {type: integer}}}"));
    let new = read(&get_returning("{type: object}"));
    assert_eq!(diff::render::json(&diff::diff(&old, &old).expect("diff")), "{\n  \"changes\": []\n}\n");
    assert_eq!(diff::render::summary(&[]), "no API changes");
    let changes = diff::diff(&old, &new).expect("diff");
    let json: serde_json::Value = serde_json::from_str(&diff::render::json(&changes)).expect("valid JSON");
    assert_eq!(
        json,
        serde_json::json!({"changes": [{
            "level": "breaking",
            "breaks": ["client users", "server implementers"],
            "rule": "response-optional-property-removed",
            "operation": "op",
            "pointer": "/paths/~1a/get/responses/200/content/application~1json/schema/properties/id",
            "spec": "old",
            "message": "optional response property `id` was removed in the 200 response (application/json)",
        }]})
    );
    assert_eq!(
        diff::render::text(&changes),
        "breaking for client users and server implementers: op: optional response property `id` was removed in the 200 response (application/json)
  --> old #/paths/~1a/get/responses/200/content/application~1json/schema/properties/id (response-optional-property-removed)
"
    );
    assert_eq!(
        diff::render::summary(&changes),
        "1 API change: 1 breaking (1 for client users, 1 for server implementers), 0 non-breaking"
    );
}

#[test]
fn a_required_property_becoming_nullable_changes_its_type() {
    let spec = |id: &str, note: &str| {
        get_returning(&format!(
            "{{type: object, required: [id], properties: {{id: {{type: integer{id}}}, note: {{type: string{note}}}}}}}"
        ))
    };
    check(
        &spec("", ""),
        &spec(", nullable: true", ", nullable: true"),
        "
breaking(client users, server implementers) response-property-became-nullable op new#/paths/~1a/get/responses/200/content/application~1json/schema/properties/id
  response property `id` became nullable in the 200 response (application/json)
",
    );
    check(
        &post_body("{type: object, required: [id], properties: {id: {type: integer, nullable: true}}}"),
        &post_body("{type: object, required: [id], properties: {id: {type: integer}}}"),
        "
breaking(client users, server implementers) request-property-became-not-nullable make new#/paths/~1a/post/requestBody/content/application~1json/schema/properties/id
  request property `id` is no longer nullable in the request body (application/json)
",
    );
}

/// A 3.1 spec with one webhook, `newPet`, whose payload has `properties` and `required`.
fn webhook(properties: &str, required: &str) -> openapiv3::OpenAPI {
    read_spec(&format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\nwebhooks:\n  newPet:\n    post:\n      requestBody:\n        \
         required: true\n        content:\n          application/json:\n            schema: {{type: object, required: \
         [{required}], properties: {{{properties}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
    ))
}

/// Webhooks and callbacks are judged by the operations' rules with the roles turned
/// around: the receiver reads the payload (a removed field breaks it), the sender builds
/// it (a new required field breaks it).
#[test]
fn webhooks_and_callbacks_break_receivers_and_senders() {
    let lines = |old: &openapiv3::OpenAPI, new: &openapiv3::OpenAPI| -> String {
        diff::diff(old, new).unwrap_or_else(|r| panic!("{}", r.lines())).iter().map(line).collect()
    };
    let base = webhook("id: {type: integer}, name: {type: string}", "id");
    assert_eq!(
        lines(&base, &webhook("id: {type: integer}", "id")).trim(),
        "breaking(webhook receivers, webhook senders) request-property-removed POST webhook newPet old#/webhooks/newPet/post/requestBody/content/application~1json/schema/properties/name\n  \
         optional request property `name` was removed in the request body (application/json)"
    );
    assert_eq!(
        lines(&base, &webhook("id: {type: integer}, name: {type: string}, tag: {type: string}", "id, tag")).trim(),
        "breaking(webhook senders) new-required-request-property POST webhook newPet new#/webhooks/newPet/post/requestBody/content/application~1json/schema/properties/tag\n  \
         required request property `tag` was added in the request body (application/json)"
    );
    // A new callback adds a method to the receiver trait: receivers break.
    check(
        &get(OK),
        &get(&format!(
            "      callbacks:\n        onEvent:\n          '{{$request.query.url}}':\n            post: {{responses: {{'204': {{description: ok}}}}}}\n{OK}"
        )),
        "
breaking(webhook receivers) endpoint-added POST callback onEvent {$request.query.url} of GET /a new#/paths/~1a/get/callbacks/onEvent/{$request.query.url}/post
  callback onEvent {$request.query.url} of GET /a (POST) was added
",
    );
}

#[test]
fn a_part_the_front_end_cannot_read_is_cut_as_generation_cuts_it() {
    // `required: maybe` is no boolean: openapiv3 cannot read that parameter. Generation
    // cuts it (and, as it is still unreadable, the operation around it); so does the diff,
    // which then sees what the generated crate holds.
    let ok = format!("{}  /b:\n    get:\n      operationId: other\n{OK}", get(OK));
    let bad = format!(
        "{}  /b:\n    get:\n      operationId: other\n      parameters: [{{name: q, in: query, required: maybe, schema: {{type: string}}}}]\n{OK}",
        get(OK)
    );
    let files: BTreeMap<String, String> =
        [("s.yaml".to_string(), format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{bad}"))].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let doc = diff::read(&files, &options).unwrap_or_else(|r| panic!("the spec must read with a cut:\n{}", r.lines()));
    let warnings: Vec<_> = doc.report.warnings().map(|w| doc.report.render(w)).collect();
    assert!(
        warnings.iter().any(|w| w.contains("/paths/~1b/get")),
        "a located warning names the cut part: {warnings:?}"
    );
    let changes = diff::diff(&read(&ok), &doc.api).unwrap_or_else(|r| panic!("diff failed:\n{}", r.lines()));
    let got: Vec<String> = changes.iter().map(line).collect();
    assert!(got.iter().all(|c| !c.contains(" op ")), "the readable operation is unchanged: {got:?}");
    assert!(!got.is_empty(), "the cut shows as a change of `other`: {got:?}");

    // `--deny omissions`: the same spec is refused, as generation refuses it.
    let strict = generator::Options { omissions: generator::Omissions::Deny, ..options };
    let report = diff::read(&files, &strict).expect_err("strict reading refuses");
    assert!(report.errors().next().is_some(), "{}", report.lines());
}

/// A GET on `/a` whose 200 response has the given `content` (YAML flow, without braces).
fn answers(content: &str) -> String {
    get(&format!("      responses: {{'200': {{description: ok, content: {{{content}}}}}}}\n"))
}

#[test]
fn a_body_that_becomes_a_stream_or_stops_being_one_is_one_change() {
    let json = "application/json: {schema: {type: object, properties: {n: {type: integer}}}}";
    let events = "text/event-stream: {schema: {type: object, properties: {n: {type: integer}}}}";
    check(
        &answers(json),
        &answers(events),
        "
breaking(client users, server implementers) response-became-stream op new#/paths/~1a/get/responses/200/content
  the 200 response became a stream of items (text/event-stream) where it was one body (application/json): its type is a stream now
",
    );
    check(
        &answers(events),
        &answers(json),
        "
breaking(client users, server implementers) response-stopped-streaming op new#/paths/~1a/get/responses/200/content
  the 200 response is one body (application/json) where it was a stream of items (text/event-stream): its type is no longer a stream
",
    );
    check(
        &answers(json),
        &answers(&format!("{json}, {events}")),
        "
breaking(client users) response-stream-added op new#/paths/~1a/get/responses/200/content/text~1event-stream
  the 200 response may stream now (text/event-stream) beside its body (application/json): the response has a stream variant more
",
    );
}

/// A POST on `/a` whose required request body has the given `content` (YAML flow).
fn takes(content: &str) -> String {
    format!(
        "paths:\n  /a:\n    post:\n      operationId: make\n      requestBody: {{required: true, content: {{{content}}}}}\n{OK}"
    )
}

#[test]
fn a_request_body_that_starts_or_stops_streaming_is_one_change() {
    let schema = "{schema: {type: object, properties: {n: {type: integer}}}}";
    let (json, lines) = (format!("application/json: {schema}"), format!("application/x-ndjson: {schema}"));
    check(
        &takes(&json),
        &takes(&lines),
        "
breaking(client users, server implementers) request-body-streaming-changed make new#/paths/~1a/post/requestBody/content
  the request body became a stream of items (application/x-ndjson) where it was one body (application/json): its type is a stream now
",
    );
    // Beside another media type a request stream is read whole (as lowering reads it):
    // the body stops streaming.
    check(
        &takes(&lines),
        &takes(&format!("{json}, {lines}")),
        "
breaking(client users, server implementers) request-body-streaming-changed make new#/paths/~1a/post/requestBody/content
  the request body is one body (application/json, application/x-ndjson) where it was a stream of items (application/x-ndjson): its type is no longer a stream
",
    );
}

#[test]
fn a_stream_item_schema_change_names_the_items() {
    let lines = |ty: &str| {
        answers(&format!("application/jsonl: {{schema: {{type: object, properties: {{n: {{type: {ty}}}}}}}}}"))
    };
    check(
        &lines("integer"),
        &lines("string"),
        "
breaking(client users, server implementers) response-property-type-changed op new#/paths/~1a/get/responses/200/content/application~1jsonl/schema/properties/n
  the type of `n` changed from integer to string in each item of the 200 response (application/jsonl)
",
    );
}

/// A 3.2 spec: the part after `info`.
fn read_3_2(body: &str) -> openapiv3::OpenAPI {
    read_spec(&format!("openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\n{body}"))
}

#[test]
fn query_additional_operations_and_querystring_are_compared_like_the_others() {
    let old = read_3_2(&format!(
        "paths:\n  /a:\n    query:\n      operationId: find\n      parameters: [{{name: q, in: querystring, content: {{application/json: {{schema: {{type: object, properties: {{n: {{type: integer}}}}}}}}}}}}]\n{OK}    additionalOperations:\n      PURGE:\n        operationId: purge\n{}",
        OK.replace("      ", "        ")
    ));
    let new = read_3_2(&format!(
        "paths:\n  /a:\n    query:\n      operationId: find\n      parameters: [{{name: q, in: querystring, content: {{application/json: {{schema: {{type: object, properties: {{n: {{type: string}}}}}}}}}}}}]\n{OK}    additionalOperations:\n      COPY:\n        operationId: copy\n{}",
        OK.replace("      ", "        ")
    ));
    let changes = diff::diff(&old, &new).unwrap_or_else(|r| panic!("diff failed:\n{}", r.lines()));
    let got: String = changes.iter().map(line).collect();
    assert_eq!(
        got.trim_end(),
        "
breaking(client users, server implementers) request-parameter-type-changed find new#/paths/~1a/query/parameters/0/content/application~1json/schema/properties/n
  the type of parameter `q.n` changed from integer to string
breaking(server implementers) endpoint-added copy new#/paths/~1a/additionalOperations/COPY
  operation COPY /a was added
breaking(client users, server implementers) api-removed-without-deprecation purge old#/paths/~1a/additionalOperations/PURGE
  operation PURGE /a was removed
"
        .trim(),
        "\n--- got ---\n{got}"
    );
}

/// Diffs two 3.2 specs (each the part after `info`) and compares every change.
fn check_3_2(old: &str, new: &str, expect: &str) {
    let changes = diff::diff(&read_3_2(old), &read_3_2(new)).unwrap_or_else(|r| panic!("diff failed:\n{}", r.lines()));
    let got: String = changes.iter().map(line).collect();
    assert_eq!(got.trim_end(), expect.trim(), "\n--- got ---\n{got}");
    for c in &changes {
        assert_eq!(c.is_breaking(), c.breaks.any(), "{c:?}");
    }
}

/// A POST on `/a` whose required `multipart/mixed` body is an array of notes, its parts
/// encoded as `encodings` says (YAML flow keys of the media type, after `schema`).
fn parts(encodings: &str) -> String {
    format!(
        "paths:\n  /a:\n    post:\n      operationId: import\n      requestBody: {{required: true, content: {{multipart/mixed: {{schema: {{type: array, items: {{type: object, properties: {{n: {{type: integer}}}}}}}}{encodings}}}}}}}\n{OK}"
    )
}

#[test]
fn the_media_types_of_an_array_bodys_parts_are_compared_position_by_position() {
    let json = "contentType: application/json";
    // A position's media type replaced: the server refuses what clients send.
    check_3_2(
        &parts(&format!(", prefixEncoding: [{{{json}}}]")),
        &parts(", prefixEncoding: [{contentType: application/xml}]"),
        "
breaking(client users) request-part-media-type-removed import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-prefixEncoding/0
  the part at position 0 of the request body (multipart/mixed) accepts application/xml where it accepted application/json: a part of application/json is refused now
",
    );
    // One more accepted, or a range that covers the old one: nothing breaks.
    check_3_2(
        &parts(&format!(", itemEncoding: {{{json}}}")),
        &parts(", itemEncoding: {contentType: 'application/json, text/plain'}"),
        "
non-breaking request-part-media-type-added import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-itemEncoding
  each part of the request body (multipart/mixed) accepts application/json, text/plain where it accepted application/json
",
    );
    check_3_2(
        &parts(", itemEncoding: {contentType: image/png}"),
        &parts(", itemEncoding: {contentType: 'image/*'}"),
        "
non-breaking request-part-media-type-added import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-itemEncoding
  each part of the request body (multipart/mixed) accepts image/* where it accepted image/png
",
    );
    // A position added to `prefixEncoding`: its part was `itemEncoding`'s, and is another's now.
    check_3_2(
        &parts(&format!(", itemEncoding: {{{json}}}")),
        &parts(&format!(", prefixEncoding: [{{contentType: text/markdown}}], itemEncoding: {{{json}}}")),
        "
breaking(client users) request-part-media-type-removed import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-prefixEncoding/0
  the part at position 0 of the request body (multipart/mixed) accepts text/markdown where it accepted application/json, declared by prefixEncoding 0 where itemEncoding declared it: a part of application/json is refused now
",
    );
    // A position removed that said what `itemEncoding` says: the same parts are read.
    check_3_2(
        &parts(&format!(", prefixEncoding: [{{{json}}}], itemEncoding: {{{json}}}")),
        &parts(&format!(", itemEncoding: {{{json}}}")),
        "
non-breaking request-part-encoding-changed import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-itemEncoding
  the part at position 0 of the request body (multipart/mixed) accepts application/json as before, declared by itemEncoding where prefixEncoding 0 declared it
",
    );
    // `itemEncoding` added: the later parts, of any media type before, must be JSON now;
    // removed: they may be anything again.
    let prefix = ", prefixEncoding: [{contentType: text/plain}]";
    check_3_2(
        &parts(prefix),
        &parts(&format!("{prefix}, itemEncoding: {{{json}}}")),
        "
breaking(client users) request-part-media-type-removed import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-itemEncoding
  each part after position 0 of the request body (multipart/mixed) accepts application/json where it accepted any media type, declared by itemEncoding where nothing declared it: a part of another media type is refused now
",
    );
    check_3_2(
        &parts(&format!("{prefix}, itemEncoding: {{{json}}}")),
        &parts(prefix),
        "
non-breaking request-part-media-type-added import new#/paths/~1a/post/requestBody/content/multipart~1mixed
  each part after position 0 of the request body (multipart/mixed) accepts any media type where it accepted application/json, declared by nothing where itemEncoding declared it
",
    );
    // Another order: the client sends the first first, the server reads both.
    check_3_2(
        &parts(", itemEncoding: {contentType: 'application/json, text/plain'}"),
        &parts(", itemEncoding: {contentType: 'text/plain, application/json'}"),
        "
non-breaking request-part-encoding-changed import new#/paths/~1a/post/requestBody/content/multipart~1mixed/x-oai-itemEncoding
  each part of the request body (multipart/mixed) accepts text/plain, application/json where it accepted application/json, text/plain
",
    );
    // The same, written as 3.0's extensions, reads the same.
    let changes = diff::diff(
        &read(&parts(&format!(", x-oai-prefixEncoding: [{{{json}}}]"))),
        &read(&parts(", x-oai-prefixEncoding: [{contentType: application/xml}]")),
    )
    .unwrap_or_else(|r| panic!("diff failed:\n{}", r.lines()));
    assert_eq!(changes.iter().map(|c| c.rule).collect::<Vec<_>>(), ["request-part-media-type-removed"]);
}

#[test]
fn an_array_body_that_gains_positions_changes_its_type() {
    // Without `prefixEncoding`/`itemEncoding` an array body is one part holding the list
    // (`value`); with them, a part per item: the body's type changes on both sides.
    check_3_2(
        &parts(""),
        &parts(", itemEncoding: {contentType: application/json}"),
        "
breaking(client users, server implementers) request-body-type-changed import new#/paths/~1a/post/requestBody/content/multipart~1mixed/schema
  the type of the request body changed from object to array in the request body (multipart/mixed)
",
    );
}

#[test]
fn the_media_types_of_an_object_bodys_parts_are_compared_by_property() {
    let form = |encoding: &str| {
        format!(
            "paths:\n  /a:\n    post:\n      operationId: upload\n      requestBody: {{required: true, content: {{multipart/form-data: {{schema: {{type: object, properties: {{file: {{type: string, format: binary}}}}}}{encoding}}}}}}}\n{OK}"
        )
    };
    check(
        &form(", encoding: {file: {contentType: 'image/png, image/jpeg'}}"),
        &form(", encoding: {file: {contentType: image/png}}"),
        "
breaking(client users) request-part-media-type-removed upload new#/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/file
  part `file` of the request body (multipart/form-data) accepts image/png where it accepted image/png, image/jpeg: a part of image/jpeg is refused now
",
    );
    check(
        &form(", encoding: {file: {contentType: image/png}}"),
        &form(""),
        "
non-breaking request-part-media-type-added upload new#/paths/~1a/post/requestBody/content/multipart~1form-data
  part `file` of the request body (multipart/form-data) accepts any media type where it accepted image/png, declared by nothing where encoding declared it
",
    );
}

/// A GET on `/a` whose 200 response has the given `content`, in a 3.2 spec.
fn answers_3_2(content: &str) -> String {
    answers(content)
}

#[test]
fn item_schemas_and_responses_that_become_streams_in_3_2() {
    // JSON Lines: `itemSchema` is each item's schema.
    let lines = |ty: &str| {
        answers_3_2(&format!("application/jsonl: {{itemSchema: {{type: object, properties: {{n: {{type: {ty}}}}}}}}}"))
    };
    check_3_2(
        &lines("integer"),
        &lines("string"),
        "
breaking(client users, server implementers) response-property-type-changed op new#/paths/~1a/get/responses/200/content/application~1jsonl/schema/properties/n
  the type of `n` changed from integer to string in each item of the 200 response (application/jsonl)
",
    );
    // Events: the `contentSchema` of each event's JSON `data` is what is compared.
    let events = |ty: &str| {
        answers_3_2(&format!(
            "text/event-stream: {{itemSchema: {{type: object, properties: {{data: {{type: string, contentMediaType: application/json, contentSchema: {{type: object, properties: {{n: {{type: {ty}}}}}}}}}}}}}}}"
        ))
    };
    check_3_2(
        &events("integer"),
        &events("string"),
        "
breaking(client users, server implementers) response-property-type-changed op new#/paths/~1a/get/responses/200/content/text~1event-stream/schema/properties/n
  the type of `n` changed from integer to string in each item of the 200 response (text/event-stream)
",
    );
    // A JSON answer that becomes a stream of its items.
    check_3_2(
        &answers_3_2("application/json: {schema: {type: array, items: {type: integer}}}"),
        &answers_3_2("application/jsonl: {itemSchema: {type: integer}}"),
        "
breaking(client users, server implementers) response-became-stream op new#/paths/~1a/get/responses/200/content
  the 200 response became a stream of items (application/jsonl) where it was one body (application/json): its type is a stream now
",
    );
}

#[test]
fn a_query_parameter_that_becomes_the_querystring_is_removed_and_added() {
    let with = |param: &str| get(&format!("      parameters: [{param}]\n{OK}"));
    check_3_2(
        &with("{name: q, in: query, required: true, schema: {type: string}}"),
        &with(
            "{name: q, in: querystring, required: true, content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {q: {type: string}}}}}}",
        ),
        "
breaking(client users, server implementers) request-parameter-removed op old#/paths/~1a/get/parameters/0
  query parameter `q` was removed
breaking(client users) new-required-request-parameter op new#/paths/~1a/get/parameters/0
  required querystring parameter `q` was added
",
    );
}
