//! Snapshots of the IR for the checked-in specs. The IR is what every emitter prints, so
//! a change to lowering shows here first, as a reviewable diff of decisions (names,
//! types, boxing, media, parameter styles), before it shows in generated code.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `spec/`, keyed by its path relative to it, as the generator reads them.
fn spec_files() -> BTreeMap<String, String> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut files = BTreeMap::new();
    let mut dirs = vec![base.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("spec/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let key = path.strip_prefix(&base).expect("under spec/").to_string_lossy().replace('\\', "/");
                files.insert(key, std::fs::read_to_string(&path).expect("spec files are text"));
            }
        }
    }
    files
}

fn ir_yaml(root: &str) -> String {
    let options = generator::Options { root: root.into(), display_prefix: "spec".into(), ..Default::default() };
    match generator::analyse(&spec_files(), &options) {
        // Through a JSON value: serde_yaml cannot write an enum inside an enum, and
        // YAML is the more readable diff.
        Ok(analysis) => {
            let value = serde_json::to_value(&analysis.api).expect("the IR serialises");
            serde_yaml::to_string(&value).expect("JSON values serialise as YAML")
        }
        Err(report) => panic!("{root} does not lower:\n{}", report.lines()),
    }
}

#[test]
fn ir_of_the_default_spec() {
    insta::assert_snapshot!("openapi", ir_yaml("openapi.yaml"));
}

#[test]
fn ir_of_gitlab_v4() {
    insta::assert_snapshot!("gitlab_v4", ir_yaml("gitlab-v4.yaml"));
}

/// Lowers an inline spec's paths and shows the first operation's responses as YAML.
fn responses_of(paths: &str) -> String {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{paths}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let api = match generator::analyse(&files, &options) {
        Ok(a) => a.api,
        Err(report) => panic!("does not lower:\n{}", report.lines()),
    };
    let value = serde_json::to_value(&api.operations[0].responses).expect("the IR serialises");
    serde_yaml::to_string(&value).expect("JSON values serialise as YAML")
}

#[test]
fn declared_response_headers_are_in_the_ir() {
    let got = responses_of(
        r#"
paths:
  /x:
    get:
      operationId: list
      responses:
        '200':
          description: ok
          headers:
            X-Total: {required: true, schema: {type: integer}}
            X-Next-Page: {description: the next page, schema: {type: string}}
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"#,
    );
    let expect = r#"
- status:
    Code: 200
  variant: Ok
  description: ok
  bodies:
  - media: Json
    content_type: application/json
    ty:
      Array: String
  headers:
  - name: x_total
    wire_name: X-Total
    doc: null
    ty:
      Integer:
        bits: 64
    required: true
  - name: x_next_page
    wire_name: X-Next-Page
    doc: the next page
    ty: String
    required: false
  headers_type: ListOkHeaders
  mock:
    status: 200
    body: '["string"]'
    headers:
    - '0'
    - null
"#;
    assert_eq!(got.trim(), expect.trim(), "\n--- got ---\n{got}");
}

/// Lowers an inline spec (with optional settings) and gives its IR.
fn api_of(spec_rest: &str, settings: Option<&str>) -> generator::ir::Api {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{spec_rest}");
    let mut files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    if let Some(s) = settings {
        files.insert("s.codegen.yaml".to_string(), s.to_string());
    }
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    match generator::analyse(&files, &options) {
        Ok(a) => a.api,
        Err(report) => panic!("does not lower:\n{}", report.lines()),
    }
}

#[test]
fn list_operations_are_found_and_told_how_to_page() {
    use generator::ir::NextPage;
    // (parameters, response headers, method, body schema) → how the next page is found.
    let check = |params: &str, headers: &str, method: &str, schema: &str, expect: Option<NextPage>| {
        let spec = format!(
            "paths:\n  /x:\n    {method}:\n      operationId: op\n      parameters: [{params}]\n      responses:\n        \
             '200':\n          description: ok\n          headers: {{{headers}}}\n          content: \
             {{application/json: {{schema: {schema}}}}}\n"
        );
        let api = api_of(&spec, None);
        let got = api.operations[0].pagination.as_ref().map(|p| p.next.clone());
        assert_eq!(got, expect, "{params} | {headers} | {method} | {schema}");
    };
    let array = "{type: array, items: {type: string}}";
    let page = "{name: page, in: query, schema: {type: integer}}";
    let next_page = "X-Next-Page: {schema: {type: string}}";
    check(page, next_page, "get", array, Some(NextPage::PageHeader("X-Next-Page".into())));
    check(page, "", "get", array, Some(NextPage::Link));
    check("{name: cursor, in: query, schema: {type: string}}", "", "get", array, Some(NextPage::Link));
    check("", "Link: {schema: {type: string}}", "get", array, Some(NextPage::Link));
    // `X-Next-Page` without a `page` parameter to write it into: `Link` it is.
    check("", next_page, "get", array, Some(NextPage::Link));
    // Not lists: no page-ish parameter or header, a non-array answer, or not a GET.
    check("{name: q, in: query, schema: {type: string}}", "", "get", array, None);
    check(page, next_page, "get", "{type: object, properties: {a: {type: string}}}", None);
    check(page, next_page, "post", array, None);
}

#[test]
fn open_enums_and_secrets_come_from_the_spec_and_the_settings() {
    use generator::ir::TypeKind;
    let spec = "components:\n  schemas:\n    \
                Marked: {type: string, x-open-enum: true, enum: [a, other]}\n    \
                Listed: {type: integer, enum: [1, 2]}\n    \
                Closed: {type: string, enum: [a]}\n    \
                Account:\n      type: object\n      properties:\n        \
                password: {type: string, format: password}\n        \
                key: {type: string}\n        \
                name: {type: string}\npaths: {}\n";
    let api = api_of(spec, Some("open_enums: [Listed]\nsecret_fields: [Account.key]\n"));
    let kind = |name: &str| &api.types.iter().find(|t| t.name == name).expect(name).kind;
    // A listed value named `other` keeps its name; the variant for unlisted values yields.
    assert!(matches!(kind("Marked"), TypeKind::StringEnum(e) if e.other.as_deref() == Some("Other2")));
    assert!(matches!(kind("Listed"), TypeKind::IntegerEnum(e) if e.other.as_deref() == Some("Other")));
    assert!(matches!(kind("Closed"), TypeKind::StringEnum(e) if e.other.is_none()));
    let TypeKind::Struct(account) = kind("Account") else { panic!("Account is a struct") };
    let secret: Vec<(&str, bool)> = account.fields.iter().map(|f| (f.name.as_str(), f.secret)).collect();
    assert_eq!(secret, [("password", true), ("key", true), ("name", false)]);
    // `open_enums: all` opens every enum.
    let api = api_of(spec, Some("open_enums: all\n"));
    assert!(api.types.iter().all(|t| match &t.kind {
        TypeKind::StringEnum(e) => e.other.is_some(),
        TypeKind::IntegerEnum(e) => e.other.is_some(),
        _ => true,
    }));
}

/// Webhooks and callbacks are operations of their own (`Api::webhooks`), named from their
/// key when they have no operationId, with where they came from, the path a receiver
/// serves them at by default, no path and no security of the root's; the signature
/// scheme comes from the settings, else from `x-webhook-signature`.
#[test]
fn webhooks_and_callbacks_are_operations_that_know_where_they_come_from() {
    use generator::ir::{WebhookOrigin, WebhookSignature};
    let spec = "x-webhook-signature: standard\n\
                security: [{k: []}]\n\
                paths:\n  /subscriptions:\n    post:\n      operationId: subscribe\n      \
                callbacks:\n        onEvent:\n          '{$request.body#/url}':\n            \
                post: {responses: {'204': {description: ok}}}\n            \
                put: {operationId: replace, responses: {'204': {description: ok}}}\n      \
                responses: {'201': {description: ok}}\n\
                x-webhooks:\n  new pet:\n    post: {responses: {'200': {description: ok}}}\n\
                components:\n  securitySchemes:\n    k: {type: apiKey, in: header, name: X-Key}\n";
    let api = api_of(spec, None);
    assert_eq!(api.operations.len(), 1);
    let got: Vec<(String, String, String, String)> = api
        .webhooks
        .iter()
        .map(|op| {
            let hook = op.webhook.as_ref().expect("a webhook");
            let origin = match &hook.origin {
                WebhookOrigin::Webhook { name } => format!("webhook {name}"),
                WebhookOrigin::Callback { operation_id, name, expression } => {
                    format!("callback {name} {expression} of {operation_id}")
                }
            };
            assert!(op.path.is_empty() && op.security.is_empty(), "{}", op.operation_id);
            (op.operation_id.clone(), op.fn_name.clone(), origin, hook.default_path.clone())
        })
        .collect();
    let expect = [
        ("new pet", "new_pet", "webhook new pet", "/new-pet"),
        // Methods in the operations' order: `put` before `post`.
        ("replace", "replace", "callback onEvent {$request.body#/url} of subscribe", "/subscribe/onEvent"),
        (
            "subscribe_onEvent_post",
            "subscribe_on_event_post",
            "callback onEvent {$request.body#/url} of subscribe",
            "/subscribe/onEvent",
        ),
    ];
    let expect: Vec<(String, String, String, String)> =
        expect.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
    assert_eq!(got, expect);
    assert_eq!(api.webhook_signature, WebhookSignature::Standard);
    // The setting wins over the extension.
    let api = api_of(spec, Some("webhook_signature: custom\n"));
    assert_eq!(api.webhook_signature, WebhookSignature::Custom);
}
