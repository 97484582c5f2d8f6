//! Swagger 2.0 input: a 2.0 spec and the 3.0 spec that says the same thing generate the
//! same crate, byte for byte (the normalised `openapi.json` included). The fixtures in
//! `tests/v20/` use the conversions `v20` makes silently: servers, media types, body and
//! form parameters, collection formats, components, references, `x-nullable`, open
//! `x-ms-enum`s and discriminator values.

use std::collections::BTreeMap;
use std::path::Path;

/// Generates from one fixture, read under the same name for both versions so the
/// `@generated … from <spec>` headers match.
fn generate(fixture: &str) -> generator::Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/v20").join(fixture);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let files: BTreeMap<String, String> = [("pets.yaml".to_string(), text)].into();
    let options = generator::Options { root: "pets.yaml".into(), display_prefix: String::new(), ..Default::default() };
    generator::generate(&files, &options).unwrap_or_else(|report| panic!("{fixture}:\n{}", report.lines()))
}

#[test]
fn equivalent_2_0_and_3_0_specs_generate_identical_crates() {
    let v30 = generate("pets-3.0.yaml");
    let v20 = generate("pets-2.0.yaml");
    let paths = |o: &generator::Output| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&v30), paths(&v20));
    for (a, b) in v30.files.iter().zip(&v20.files) {
        // `assert!` rather than `assert_eq!`: the first differing line says more than two
        // whole files.
        if a.contents != b.contents {
            let line = a.contents.lines().zip(b.contents.lines()).position(|(x, y)| x != y);
            let show = |c: &str| line.and_then(|l| c.lines().nth(l)).unwrap_or("(shorter)").to_string();
            panic!(
                "{} differs at line {:?}:\n 3.0: {}\n 2.0: {}",
                a.path,
                line.map(|l| l + 1),
                show(&a.contents),
                show(&b.contents)
            );
        }
    }
    assert_eq!((v30.operations, v30.types), (v20.operations, v20.types));
    assert_eq!(v30.report.lines(), v20.report.lines());
}

#[test]
fn the_2_0_conversions_reach_the_generated_code() {
    let out = generate("pets-2.0.yaml");
    let file = |name: &str| &out.files.iter().find(|f| f.path == name).expect(name).contents;
    let models = file("src/models.rs");
    // `x-nullable` beside a `$ref` keeps the description; `modelAsString` opens the enum;
    // the discriminator value names the variant.
    for expected in ["/// Who looks after the pet.", "pub tag: crate::Nullable<String>", "Other(", "\"cat\""] {
        assert!(models.contains(expected), "models.rs lacks {expected:?}");
    }
}

/// Odd values where the conversion expects objects, lists or strings: each ends in output
/// or in located diagnostics, never in a panic.
#[test]
fn odd_2_0_values_end_in_located_diagnostics() {
    let bodies = [
        "paths: 3",
        "paths: {/a: 3}",
        "paths: {/a: {get: 3}}",
        "paths: {/a: {parameters: 3, get: {parameters: [3, {in: body}, {in: formData}], responses: 3}}}",
        "paths: {/a: {get: {consumes: 3, produces: [3], parameters: [{$ref: '#/parameters/P'}], responses: {'200': 3}}}}\nparameters: {P: {name: p, in: formData, type: [x]}}",
        "paths: {/a: {get: {parameters: [{name: q, in: query, type: array, items: 3, collectionFormat: 7}], responses: {'200': {description: d, headers: 3, schema: 3}}}}}",
        "paths: {}\nhost: 3\nbasePath: [a]\nschemes: 7",
        "paths: {}\nsecurityDefinitions: {a: 3, b: {type: oauth2, flow: 3}}",
        "paths: {}\ndefinitions: {A: {discriminator: 3, x-nullable: 3, x-ms-enum: 3}, B: {allOf: 3, x-ms-discriminator-value: 3}}",
        "paths: {}\nx-ms-paths: {'/a?x': 3, '/b': {get: {responses: {'204': {description: d}}}}}",
        "paths: {}\nresponses: {R: 3}\nparameters: {P: 3}",
    ];
    for body in bodies {
        let spec = format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{body}\n");
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
        let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
        let report = match generator::generate(&files, &options) {
            Ok(output) => output.report,
            Err(report) => report,
        };
        for d in &report.diagnostics {
            assert!(!d.message.contains("panicked"), "{body}: {d}");
            assert!(d.location.is_some(), "{body}: unlocated: {d}");
        }
    }
}

/// A byte-order mark before a JSON or YAML spec is read as nothing (29 of the 74 AutoRest
/// test server's specs start with one).
#[test]
fn a_byte_order_mark_is_accepted() {
    let json = "\u{feff}{\"swagger\": \"2.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
    let yaml = "\u{feff}swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n";
    for (name, text) in [("s.json", json), ("s.yaml", yaml)] {
        let files: BTreeMap<String, String> = [(name.to_string(), text.to_string())].into();
        let options = generator::Options { root: name.into(), display_prefix: String::new(), ..Default::default() };
        if let Err(report) = generator::generate(&files, &options) {
            panic!("{name}:\n{}", report.lines());
        }
    }
}

/// Generates from an inline 2.0 document.
fn generate_inline(body: &str) -> generator::Output {
    let spec = format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{body}\n");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    generator::generate(&files, &options).unwrap_or_else(|report| panic!("{body}:\n{}", report.lines()))
}

fn file<'o>(out: &'o generator::Output, name: &str) -> &'o str {
    &out.files.iter().find(|f| f.path == name).expect(name).contents
}

/// AutoRest's names: `x-ms-client-name` names properties (inline, and beside a `$ref`) and
/// parameters; `x-ms-enum`'s `name` names an inline enum and its `values[].name` the
/// variants. The wire keeps the spec's names.
#[test]
fn autorest_names_name_the_generated_code() {
    let out = generate_inline(
        "paths:\n  /pets/{petId}:\n    get:\n      operationId: getPet\n      parameters:\n        \
         - {name: petId, in: path, required: true, type: string, x-ms-client-name: animalId}\n        \
         - {name: $filter, in: query, type: string, x-ms-client-name: where}\n      \
         responses: {'200': {description: d, schema: {$ref: '#/definitions/Pet'}}}\n  \
         /forms:\n    post:\n      operationId: postForm\n      consumes: [application/x-www-form-urlencoded]\n      \
         parameters: [{name: fileName, in: formData, type: string, x-ms-client-name: title}]\n      \
         responses: {'204': {description: d}}\n\
         definitions:\n  Owner: {type: object, properties: {n: {type: string}}}\n  Pet:\n    type: object\n    properties:\n      \
         nm: {type: string, x-ms-client-name: displayName}\n      \
         own: {$ref: '#/definitions/Owner', x-ms-client-name: keeper}\n      \
         colour:\n        type: string\n        enum: [red, 'green-ish', '']\n        \
         x-ms-enum: {name: Shade, values: [{value: red, name: Crimson}, {value: 'green-ish', name: Lime}]}\n      \
         size: {type: integer, enum: [1, 2], x-ms-enum: {name: Size, values: [{value: 1, name: Small}, {value: 2, name: Large}]}}",
    );
    let models = file(&out, "src/models.rs");
    for expected in [
        "pub display_name: ",
        "rename = \"nm\"",
        "pub keeper: ",
        "pub enum Shade",
        "Crimson",
        "Lime",
        "pub enum Size",
        "Small",
        "Large",
        "pub animal_id: ",
        "pub where_: ",
        "pub title: ",
        "rename = \"fileName\"",
    ] {
        assert!(models.contains(expected), "models.rs lacks {expected:?}:\n{models}");
    }
    let client = file(&out, "src/client/mod.rs");
    assert!(client.contains("\"$filter\""), "the query keeps its wire name");
}

/// A response whose schema may be `null` (`x-nullable: true`, 3.0's `nullable`) is an
/// `Option`: the client reads an empty body or `null` as `None` (AutoRest's test server
/// answers its `getNull` scenarios with no body). One that may not stays a plain value.
#[test]
fn a_nullable_response_is_an_option() {
    let out = generate_inline(
        "paths:\n  /n:\n    get:\n      operationId: getNull\n      \
         responses: {'200': {description: d, schema: {type: integer, x-nullable: true}}}\n  /v:\n    get:\n      \
         operationId: getValue\n      responses: {'200': {description: d, schema: {type: integer}}}",
    );
    let models = file(&out, "src/models.rs");
    let client = file(&out, "src/client/mod.rs");
    assert!(models.contains("Ok(::std::option::Option<i64>)"), "{models}");
    assert!(models.contains("Ok(i64)"), "{models}");
    assert_eq!(client.matches("decode_nullable").count(), 1, "{client}");
}

/// AutoRest's `x-ms-pageable`: the stream reads the items from `itemName` (default `value`)
/// and follows the URL in `nextLinkName` (`null`: one page). An answer without that list
/// makes no stream, with a warning located at the extension.
#[test]
fn x_ms_pageable_pages_follow_the_body_link() {
    let out = generate_inline(
        "paths:\n  /p:\n    get:\n      operationId: list\n      x-ms-pageable: {nextLinkName: odata.nextLink}\n      \
         responses: {'200': {description: d, schema: {$ref: '#/definitions/Page'}}}\n  /q:\n    get:\n      \
         operationId: one\n      x-ms-pageable: {nextLinkName: null, itemName: items}\n      \
         responses: {'200': {description: d, schema: {type: object, properties: {items: {type: array, items: {type: integer}}}}}}\n  \
         /r:\n    get:\n      operationId: none\n      x-ms-pageable: {nextLinkName: next}\n      \
         responses: {'200': {description: d, schema: {type: array, items: {type: integer}}}}\n\
         definitions:\n  Page:\n    type: object\n    properties:\n      value: {type: array, items: {type: string}}\n      \
         odata.nextLink: {type: string}",
    );
    let client = file(&out, "src/client/mod.rs");
    let client: String = client.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "runtime::Next::Body { items: \"value\", next: ::std::option::Option::Some(\"odata.nextLink\"), }",
        "runtime::Next::Body { items: \"items\", next: ::std::option::Option::None, }",
    ] {
        assert!(client.contains(expected), "client lacks {expected:?}");
    }
    assert_eq!(client.matches("runtime::Next::").count(), 2, "`none` has no stream");
    let warning = out.report.lines();
    assert!(
        warning.contains("s.yaml:17:7 (#/paths/~1r/get/x-ms-pageable): `x-ms-pageable`: the answer is no object"),
        "{warning}"
    );
}

/// A crate of models alone (AutoRest's `no-operations`) has no round-trip test: it would
/// test nothing, behind a `webhooks` feature the crate does not have (a warning).
#[test]
fn a_crate_of_models_alone_has_no_round_trip_test() {
    let out = generate_inline("paths: {}\ndefinitions: {E: {type: object, properties: {m: {type: string}}}}");
    let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    assert!(!paths.contains(&"tests/round_trip.rs"), "{paths:?}");
    assert!(paths.contains(&"src/models.rs"), "{paths:?}");
}
