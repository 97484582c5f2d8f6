//! OpenAPI 3.1 input: a 3.1 spec and the 3.0 spec that says the same thing generate the
//! same crate, byte for byte. The fixtures in `tests/v31/` use every rewrite `v31.rs` makes
//! silently; webhooks are kept as `x-webhooks`, which a 3.0 spec may write itself.

use std::collections::BTreeMap;
use std::path::Path;

/// Generates from one fixture, read under the same name for both versions so the
/// `@generated … from <spec>` headers match.
fn generate(fixture: &str) -> generator::Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/v31").join(fixture);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let files: BTreeMap<String, String> = [("pets.yaml".to_string(), text)].into();
    let options = generator::Options { root: "pets.yaml".into(), display_prefix: String::new(), ..Default::default() };
    generator::generate(&files, &options).unwrap_or_else(|report| panic!("{fixture}:\n{}", report.lines()))
}

#[test]
fn equivalent_3_0_and_3_1_specs_generate_identical_crates() {
    let v30 = generate("pets-3.0.yaml");
    let v31 = generate("pets-3.1.yaml");
    let paths = |o: &generator::Output| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&v30), paths(&v31));
    for (a, b) in v30.files.iter().zip(&v31.files) {
        // `assert!` rather than `assert_eq!`: the first differing line says more than two
        // whole files.
        if a.contents != b.contents {
            let line = a.contents.lines().zip(b.contents.lines()).position(|(x, y)| x != y);
            let show = |c: &str| line.and_then(|l| c.lines().nth(l)).unwrap_or("(shorter)").to_string();
            panic!(
                "{} differs at line {:?}:\n 3.0: {}\n 3.1: {}",
                a.path,
                line.map(|l| l + 1),
                show(&a.contents),
                show(&b.contents)
            );
        }
    }
    assert_eq!((v30.operations, v30.types), (v31.operations, v31.types));
    assert_eq!(v30.report.lines(), "");
    assert_eq!(v31.report.lines(), "");
    // The webhook is generated: a receiver and a sender.
    assert!(v31.files.iter().any(|f| f.path == "src/webhooks/sender.rs"));
}

#[test]
fn the_3_1_rewrites_reach_the_generated_models() {
    let models = generate("pets-3.1.yaml");
    let models = &models.files.iter().find(|f| f.path == "src/models.rs").expect("models").contents;
    // `$ref` with a description sibling keeps the description; `anyOf [ref, null]` is an
    // optional value; `type: [string, null]` is nullable.
    for expected in ["/// Who looks after the pet.", "/// The pet's vet, if it has one.", "pub tag: Option<"] {
        assert!(models.contains(expected), "models.rs lacks {expected:?}");
    }
}

/// Odd values where the rewrite expects schemas, lists or numbers: each ends in output or
/// in located diagnostics, never in a panic.
#[test]
fn odd_3_1_values_end_in_located_diagnostics() {
    let schemas = [
        "S: 3",
        "S: [a]",
        "S: null",
        "S: {type: []}",
        "S: {type: [[string]]}",
        "S: {type: [string, string, 'null']}",
        "S: {type: [object, array], properties: {a: {}}, items: {}, enum: [{}, []]}",
        "S: {const: null}",
        "S: {const: {a: 1}}",
        "S: {examples: {a: 1}}",
        "S: {exclusiveMinimum: true, exclusiveMaximum: x}",
        "S: {exclusiveMinimum: 1e400}",
        "S: {contentEncoding: 7, contentMediaType: 8}",
        "S: {patternProperties: 3}",
        "S: {patternProperties: {a: 3}}",
        "S: {anyOf: [{type: 'null'}]}",
        "S: {oneOf: 3, anyOf: [{type: 'null'}, 3]}",
        "S: {$ref: '#/components/schemas/T', allOf: 3}",
        "S: {$ref: '#/components/schemas/T', properties: {a: false}, $comment: c}",
        "S: {properties: {a: true, b: false}, items: true, additionalProperties: false}",
        "S: {unevaluatedItems: 3, propertyNames: 3, $schema: 3}",
    ];
    for schema in schemas {
        let spec = format!(
            "openapi: 3.1.1\ninfo: {{title: t, version: '1', license: {{name: n, identifier: 3}}}}\n\
             paths:\n  /a: {{$ref: '#/components/pathItems/A'}}\n\
             components:\n  pathItems: {{A: {{get: {{responses: {{'204': {{description: ok}}}}}}}}}}\n  \
             schemas:\n    T: {{type: object}}\n    {schema}\n"
        );
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
        let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
        let report = match generator::generate(&files, &options) {
            Ok(output) => output.report,
            Err(report) => report,
        };
        for d in &report.diagnostics {
            assert!(!d.message.contains("panicked"), "{schema}: {d}");
            assert!(d.location.is_some(), "{schema}: unlocated: {d}");
        }
    }
}

/// A spec of webhooks only (@readme/oas-examples' 3.1 example, checked in as
/// `tests/webhooks-only`) generates a receiver and a sender, and says nothing.
#[test]
fn a_webhook_only_spec_generates_a_receiver_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/webhooks-only/spec/openapi.yaml");
    let text = std::fs::read_to_string(root).expect("the spec");
    let files: BTreeMap<String, String> = [("openapi.yaml".to_string(), text)].into();
    let options =
        generator::Options { root: "openapi.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()));
    assert_eq!(out.report.lines(), "");
    let receiver = &out.files.iter().find(|f| f.path == "src/webhooks/mod.rs").expect("a receiver").contents;
    for expected in ["pub trait Receiver", "fn new_pet_post(", "fn new_pet_delete(", "pub fn router<"] {
        assert!(receiver.contains(expected), "the receiver lacks {expected:?}");
    }
    assert!(out.files.iter().any(|f| f.path == "src/webhooks/sender.rs"));
}
