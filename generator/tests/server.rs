//! Emission details that the kitchen sink (tests/kitchen-sink) compiles but cannot show
//! line by line: aliases, followed to what they name, choose how a parameter is read and
//! written.

use std::collections::BTreeMap;

fn generated(spec: &str, path: &str) -> String {
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: "spec".into(), ..Default::default() };
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

#[test]
fn response_headers_take_their_cheapest_way_to_header_text() {
    let spec = r#"
openapi: 3.0.3
info: {title: Headers, version: '1'}
paths:
  /things:
    get:
      operationId: things
      responses:
        '200':
          description: a page
          headers:
            X-Total: {required: true, schema: {type: integer}}
            X-Cursor: {schema: {type: string}}
            X-Checked: {required: true, schema: {type: string, format: date-time}}
            X-Ratio: {schema: {type: number}}
            X Odd: {schema: {type: integer}}
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let server = flat(&generated(spec, "src/server/mod.rs"));
    let rt = "crate::server::runtime";
    // A token is a constant, declared once in `header_names`, lowercased as `from_static`
    // requires it.
    for (name, constant, value) in [
        ("x-total", "X_TOTAL", format!("{rt}::integer_header(&headers.x_total)")),
        ("x-cursor", "X_CURSOR", format!("{rt}::text_header(v)")),
        (
            "x-checked",
            "X_CHECKED",
            format!("{rt}::text_header(&headers.x_checked.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true),)"),
        ),
        ("x-ratio", "X_RATIO", format!("{rt}::display_header(v)")),
    ] {
        let set = format!("{rt}::with_header(&mut response, header_names::{constant}, {value},);");
        assert!(server.contains(&flat(&set)), "{name}: {server}");
        let declared = format!("pub(super) const {constant}: HeaderName = HeaderName::from_static(\"{name}\");");
        assert!(server.contains(&flat(&declared)), "{name}: {server}");
    }
    // A name that is not a token cannot be a constant (`from_static` would panic): it is
    // parsed, and refused, at run time.
    let odd = format!("{rt}::with_parsed_header(&mut response, \"X Odd\", {rt}::integer_header(v),);");
    assert!(server.contains(&flat(&odd)), "{server}");
}

/// The round trip's `sample` reads parameters and JSON bodies from text: an API whose
/// operations take neither has none, and an unused function would warn in its tests.
#[test]
fn the_round_trip_reads_samples_only_when_an_operation_takes_one() {
    let spec = |parameters: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Samples, version: '1'}}\npaths:\n  /ping:\n    get:\n      operationId: ping\n{parameters}      responses: {{'204': {{description: done}}}}\n"
        )
    };
    let none = generated(&spec(""), "tests/round_trip.rs");
    assert!(!none.contains("fn sample<"), "{none}");
    let one =
        generated(&spec("      parameters: [{name: q, in: query, schema: {type: string}}]\n"), "tests/round_trip.rs");
    assert!(one.contains("fn sample<"), "{one}");
}
