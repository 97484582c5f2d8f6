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
    let options = generator::Options { root: root.into(), display_prefix: "spec".into() };
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
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new() };
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
"#;
    assert_eq!(got.trim(), expect.trim(), "\n--- got ---\n{got}");
}
