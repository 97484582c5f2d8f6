//! Values synthesised from a schema (`lower/synth.rs`), as the IR keeps them: the mock's
//! answer to an operation's first response, and the samples of its parameters and body
//! that the conformance check sends to Prism. Each row is a case a tool we did not write
//! (schemathesis, Prism) found a value that does not validate.

use std::collections::BTreeMap;

/// `components` is the spec's `components.schemas`; the operation takes a path parameter
/// `id` of schema `param`, a JSON body of `body` and answers 200 with `answer`. Checks the
/// JSON texts of the parameter's sample, the body's and the mock's answer.
fn check(components: &str, (param, body, answer): (&str, &str, &str), expect: [&str; 3]) {
    let spec = format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a/{{id}}:
    post:
      operationId: postA
      parameters: [{{name: id, in: path, required: true, schema: {param}}}]
      requestBody: {{content: {{application/json: {{schema: {body}}}}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {answer}}}}}}}
components:
  schemas:
{components}"
    );
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), ..Default::default() };
    let api = match generator::analyse(&files, &options) {
        Ok(a) => a.api,
        Err(report) => panic!("does not lower:\n{}", report.lines()),
    };
    let op = &api.operations[0];
    let body = op.body.as_ref().map(|b| b.sample.as_str()).unwrap_or_default();
    let answer = op.responses[0].mock.body.as_deref().unwrap_or_default();
    assert_eq!([op.params[0].sample.as_str(), body, answer], expect);
}

const PETS: &str = "
    Named: {type: object, required: [name], properties: {name: {type: string}}}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Named'
        - {type: object, required: [kind, lives], properties: {kind: {type: string}, lives: {type: integer}}}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Named'
        - {type: object, required: [kind], properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Page:
      type: object
      required: [total, items]
      properties: {total: {type: integer}}
    TypedPage:
      type: object
      allOf:
        - $ref: '#/components/schemas/Page'
        - {type: object, properties: {items: {type: array, items: {type: integer}}}}
    Artist: {type: object, properties: {type: {type: string, enum: [artist]}, genres: {type: array, items: {type: string}}}}
    Song: {type: object, properties: {type: {type: string, enum: [track]}, explicit: {type: boolean}}}
    Top:
      oneOf: [{$ref: '#/components/schemas/Artist'}, {$ref: '#/components/schemas/Song'}]
      discriminator: {propertyName: type}
    TypedTop:
      type: object
      oneOf: [{$ref: '#/components/schemas/Artist'}, {$ref: '#/components/schemas/Song'}]
      discriminator: {propertyName: type}
    PetPage:
      allOf:
        - $ref: '#/components/schemas/Page'
        - {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/Dog'}}}}
";

#[test]
fn a_one_of_value_fits_exactly_one_variant() {
    // Every `Cat` is a valid `Dog` (extra properties are allowed), so a `Dog` it is; as
    // text, `0` is both an integer and a string, so the string is the parameter's.
    check(
        PETS,
        ("{oneOf: [{type: integer}, {type: string}]}", "{$ref: '#/components/schemas/Pet'}", "{type: string}"),
        ["\"string\"", r#"{"name":"string","kind":"Dog"}"#, "\"string\""],
    );
}

#[test]
fn a_property_one_all_of_member_requires_and_another_declares_is_filled() {
    // Spotify's paging objects: `Page` requires the `items` only its extension declares.
    check(
        PETS,
        ("{type: integer}", "{type: object}", "{$ref: '#/components/schemas/PetPage'}"),
        ["0", "{}", r#"{"total":0,"items":[{"name":"string","kind":"string"}]}"#],
    );
}

#[test]
fn a_required_name_no_property_declares_is_filled() {
    // Spotify's saveEpisodes body requires `uris` and declares only `ids`.
    check(
        PETS,
        (
            "{type: string, format: uuid}",
            "{type: object, required: [uris], properties: {ids: {type: array, items: {type: string}}}}",
            "{type: object, required: [n], additionalProperties: {type: integer}}",
        ),
        ["\"00000000-0000-4000-8000-000000000000\"", r#"{"uris":"string"}"#, r#"{"n":0}"#],
    );
}

#[test]
fn an_object_with_all_of_beside_its_type_fills_what_a_member_requires() {
    // Spotify writes `type: object` beside the `allOf`, which openapiv3 reads as another kind.
    check(
        PETS,
        ("{type: boolean}", "{type: string}", "{$ref: '#/components/schemas/TypedPage'}"),
        ["true", "\"string\"", r#"{"total":0,"items":[0]}"#],
    );
}

#[test]
fn a_tagged_variant_says_the_value_its_tag_property_allows() {
    // Spotify's top artists and tracks: the implicit `Artist` would fit neither variant;
    // its items write `type: object` beside the `oneOf`, which is still the union.
    check(
        PETS,
        (
            "{type: integer, minimum: 3}",
            "{$ref: '#/components/schemas/Top'}",
            "{type: array, items: {$ref: '#/components/schemas/Top'}}",
        ),
        ["3", r#"{"type":"artist"}"#, r#"[{"type":"artist"}]"#],
    );
}

#[test]
fn a_name_required_beside_an_all_of_is_given_its_member_s_schema() {
    // Plaid's `AccountAssets`: `{allOf: [AccountBase, {properties: {days_available: number}}],
    // required: [days_available]}`; `"string"` for the number made the mock's typed body
    // unreadable (its 500s on four `asset_report` operations).
    let components = "
    Base: {type: object, required: [id], properties: {id: {type: string}}}
    Assets:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {days: {type: number}, owners: {type: array, items: {type: string}}}}
      required: [days, owners]
";
    check(
        components,
        ("{type: integer}", "{type: object}", "{$ref: '#/components/schemas/Assets'}"),
        ["0", "{}", r#"{"days":0,"owners":["string"],"id":"string"}"#],
    );
}

#[test]
fn a_pattern_wins_over_the_format_s_usual_text() {
    // Sendgrid's dates: `format: date-time` with a pattern of another form; a format with
    // a pattern its usual text matches keeps that text; an example that breaks the
    // pattern is not answered.
    check(
        PETS,
        (
            "{type: string, format: date-time, pattern: '^\\d{4}-\\d{2}-\\d{2}$'}",
            "{type: string, format: uuid, pattern: '^[0-9a-f-]{36}$'}",
            "{type: string, pattern: '^[A-Z]{2}$', example: 'usa'}",
        ),
        ["\"0000-00-00\"", "\"00000000-0000-4000-8000-000000000000\"", "\"AA\""],
    );
}

#[test]
fn an_array_whose_item_ends_past_the_depth_limit_is_empty() {
    // Plaid's Freddie Mac report nests thirteen levels: the synthesised item's deepest
    // required values were `null`, which the typed answer could not read (the mock's 500).
    let mut components = String::new();
    for level in 0..14 {
        components.push_str(&format!(
            "    L{level}: {{type: object, required: [n], properties: {{n: {{$ref: '#/components/schemas/L{}'}}}}}}\n",
            level + 1
        ));
    }
    components.push_str("    L14: {type: object, required: [v], properties: {v: {type: number}}}\n");
    check(
        &components,
        (
            "{type: integer}",
            "{type: object}",
            "{type: object, required: [list], properties: {list: {type: array, items: {$ref: '#/components/schemas/L0'}}}}",
        ),
        ["0", "{}", r#"{"list":[]}"#],
    );
}

#[test]
fn a_one_of_of_variants_that_require_nothing_fills_a_variant_s_optional_properties() {
    // Box's search results, with and without shared links: both variants require nothing,
    // so `{}` was valid under both, which `oneOf` forbids (schemathesis: "{} is valid
    // under more than one of the schemas listed in the 'oneOf' keyword"). With its
    // optional `entries` filled in, the first variant alone takes the value: a `File`
    // entry's `type` is no shared-link result's.
    let components = "
    File: {type: object, required: [type], properties: {type: {type: string, enum: [file]}}}
    Shared: {type: object, required: [type], properties: {type: {type: string, enum: [shared]}}}
    Results: {type: object, properties: {total: {type: integer}, entries: {type: array, items: {$ref: '#/components/schemas/File'}}}}
    SharedResults: {type: object, properties: {entries: {type: array, items: {$ref: '#/components/schemas/Shared'}}}}
";
    check(
        components,
        (
            "{type: integer}",
            "{type: object}",
            "{oneOf: [{$ref: '#/components/schemas/Results'}, {$ref: '#/components/schemas/SharedResults'}]}",
        ),
        ["0", "{}", r#"{"total":0,"entries":[{"type":"file"}]}"#],
    );
}

#[test]
fn a_property_declared_beside_an_all_of_and_in_a_member_is_valid_under_both() {
    // Sendgrid's message: `msg_id` is `^[A-Za-z0-9]+` with `minLength: 5` beside the
    // `allOf` and a plain string in a member; `template_id` a `uuid` beside it; the
    // `events` items' `bounce_type` enums share no value, so only an empty list is valid.
    // The mock answered `"A"`, the member's `"string"` and an item of one enum.
    let components = "
    Common: {type: object, properties: {msg_id: {type: string}}}
";
    check(
        components,
        (
            "{type: string, pattern: '^[A-Za-z0-9]+', minLength: 3}",
            "{type: object}",
            "{type: object, required: [msg_id, template_id, events],
              properties: {
                msg_id: {type: string, minLength: 5, maxLength: 50, pattern: '^[A-Za-z0-9]+'},
                template_id: {type: string, format: uuid},
                events: {type: array, items: {type: object, required: [kind], properties: {kind: {type: string, enum: [bounced]}}}}},
              allOf: [
                {$ref: '#/components/schemas/Common'},
                {type: object, required: [template_id, events], properties: {
                  template_id: {type: string},
                  events: {type: array, items: {type: object, required: [kind], properties: {kind: {type: string, enum: [soft]}}}}}}]}",
        ),
        [
            "\"AAA\"",
            "{}",
            r#"{"msg_id":"AAAAA","template_id":"00000000-0000-4000-8000-000000000000","events":[]}"#,
        ],
    );
}

/// Zoom's settings: `type: object` beside a `oneOf` whose variants both take the
/// response's example, which `oneOf` forbids (schemathesis: "valid under more than one of
/// the schemas listed in the 'oneOf' keyword"). The mock does not answer that example (it
/// answers its synthesised value, with a warning); an example only one variant takes it
/// still answers.
#[test]
fn an_example_valid_under_two_variants_of_a_one_of_beside_a_type_is_not_answered() {
    let spec = |example: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /settings:
    get:
      operationId: getSettings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, oneOf: [{{$ref: '#/components/schemas/Short'}}, {{$ref: '#/components/schemas/Long'}}]}}
              example: {example}
components:
  schemas:
    Short: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}
    Long: {{type: object, required: [kind, size], properties: {{kind: {{type: string}}, size: {{type: integer}}}}}}
"
        )
    };
    let mock = |example: &str| {
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec(example))].into();
        let options = generator::Options { root: "s.yaml".into(), ..Default::default() };
        let analysed = generator::analyse(&files, &options).unwrap_or_else(|r| panic!("{}", r.lines()));
        let warnings: Vec<String> = analysed.report.warnings().map(|d| d.message.clone()).collect();
        (analysed.api.operations[0].responses[0].mock.example.clone(), warnings)
    };
    let (example, warnings) = mock("{kind: x, size: 1}");
    assert_eq!(example, None);
    assert!(warnings.iter().any(|w| w.contains("2 of the `oneOf`'s variants take it")), "{warnings:?}");
    let (example, _) = mock("{kind: x}");
    assert_eq!(example.as_deref(), Some(r#"{"kind":"x"}"#));
}
