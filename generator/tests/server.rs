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
    assert!(server.contains(&flat(r#"path.param(2, "when", runtime::date_time)?"#)), "{server}");
    assert!(server.contains(&flat(r#"query.many("ids", true, runtime::integer::<i64>)?"#)), "{server}");
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
    // The server names its own runtime module from its parent, `server/mod.rs`.
    let rt = "runtime";
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

/// The server writes streams with futures-util, so a crate with streams enables it with
/// `server` alone (a server-only build of the kitchen sink's mock found it missing once the
/// feature's list changed under the text that adds it).
#[test]
fn a_server_that_streams_has_its_dependencies() {
    let spec = r#"
openapi: 3.0.3
info: {title: Streams, version: '1'}
paths:
  /log:
    get:
      operationId: log
      responses:
        '200': {description: events, content: {text/event-stream: {schema: {type: string}}}}
"#;
    let manifest = generated(spec, "Cargo.toml");
    let server = manifest.lines().find(|l| l.starts_with("server = ")).expect("a server feature");
    for dependency in ["\"dep:futures-util\"", "\"dep:axum\"", "\"tokio/rt\""] {
        assert!(server.contains(dependency), "{server}");
    }
    // The `stream` module sends request streams with `Body::wrap_stream`, so reqwest's
    // `stream` feature is on with streamed responses alone too.
    let reqwest = manifest.lines().find(|l| l.starts_with("reqwest = ")).expect("reqwest");
    assert!(reqwest.contains("\"stream\""), "{reqwest}");
}

/// What a server's request must keep that a client reads leniently: `null` is refused
/// for an optional property only where its schema does not hold it, and a parameter's
/// bounds (of each item, for a list; one past the type's range left to the type), a
/// string's length and a `format: uuid` are checked after parsing.
#[test]
fn requests_are_read_within_the_schema() {
    let spec = r#"
openapi: 3.0.3
info: {title: Strict, version: '1'}
paths:
  /things:
    get:
      operationId: list
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32, minimum: 1, maximum: 10, exclusiveMaximum: true}}
        - {name: ratio, in: query, schema: {type: number, minimum: 0, exclusiveMinimum: true}}
        - {name: ids, in: query, schema: {type: array, items: {type: integer, format: int32, maximum: 99999999999}}}
        - {name: Track-Id, in: header, schema: {type: string, maxLength: 64}}
        - {name: owner, in: query, schema: {type: string, format: uuid}}
      responses:
        '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Thing:
      type: object
      properties:
        plain: {type: string}
        nullable: {type: string, nullable: true}
        anything: {}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let server = flat(&generated(spec, "src/server/mod.rs"));
    let bounded = |parse: &str, min: &str, max: &str| {
        flat(&format!("runtime::{parse}(s).and_then(|v| runtime::bounded(v, {min}, {max},"))
    };
    let some = |v: &str| format!("::std::option::Option::Some(({v}))");
    let none = "::std::option::Option::None";
    assert!(server.contains(&bounded("integer::<i32>", &some("1, false"), &some("10, true"))), "{server}");
    assert!(server.contains(&bounded("number::<f64>", &some("0.0, true"), none)), "{server}");
    // 99999999999 is past i32: the type bounds the items.
    assert!(server.contains(&flat(r#"query.many("ids", true, runtime::integer::<i32>)?"#)), "{server}");
    // Strings: `maxLength` (Zuora's `Zuora-Track-Id`), `format: uuid`.
    let length = flat(
        "runtime::text(s).and_then(|v| runtime::length(v, ::std::option::Option::None, ::std::option::Option::Some(64),",
    );
    assert!(server.contains(&length), "{server}");
    assert!(server.contains(&flat(r#"query.one("owner", runtime::uuid)?"#)), "{server}");
    let models = flat(&generated(spec, "src/models.rs"));
    let not_null = |field: &str| {
        let at = models.find(&format!("pub{field}:")).expect("the field");
        models[..at].rsplit("#[serde(").next().is_some_and(|attr| attr.contains("crate::not_null"))
    };
    assert!(not_null("plain"), "{models}");
    assert!(!not_null("nullable") && !not_null("anything"), "{models}");
}

/// A 204 that declares content (Sendgrid's deletes) carries none in HTTP: the content is
/// left out of the crate, its `openapi.json` included (schemathesis read it there and
/// expected JSON from every 204 the mock sent), with a warning at the content.
#[test]
fn a_no_content_status_declares_no_content() {
    let spec = r#"
openapi: 3.0.3
info: {title: NoContent, version: '1'}
paths:
  /blocks:
    delete:
      operationId: deleteBlocks
      responses:
        '204': {description: gone, content: {application/json: {schema: {type: object}}}}
        '200': {description: kept, content: {application/json: {schema: {type: object}}}}
"#;
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: "spec".into(), ..Default::default() };
    let output = generator::generate(&files, &options).unwrap_or_else(|r| panic!("generates:\n{}", r.lines()));
    let bundle = &output.files.iter().find(|f| f.path == "openapi.json").expect("openapi.json").contents;
    let bundle: serde_json::Value = serde_json::from_str(bundle).expect("JSON");
    let responses = &bundle["paths"]["/blocks"]["delete"]["responses"];
    assert_eq!(responses["204"], serde_json::json!({"description": "gone"}), "{responses}");
    assert!(responses["200"]["content"].is_object(), "{responses}");
    let lines = output.report.lines();
    assert!(lines.contains("responses/204/content") && lines.contains("a 204 response has no content"), "{lines}");
}

/// A body schema without `type` holds `null` unless an `allOf` member has a type that
/// does not: Linode's `{allOf: [OAuthClient], required: [...]}`, whose `null` body
/// schemathesis found taken as none. One of `properties` alone holds any value, `null`
/// too: the union of its struct and any JSON value, read as any JSON.
#[test]
fn a_typed_all_of_member_keeps_null_out_of_a_body() {
    let spec = r#"
openapi: 3.0.3
info: {title: Bodies, version: '1'}
paths:
  /clients:
    post:
      operationId: createClient
      requestBody:
        content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/Client'}], required: [label]}}}
      responses: {'204': {description: made}}
  /loose:
    post:
      operationId: createLoose
      requestBody:
        content: {application/json: {schema: {properties: {label: {type: string}}}}}
      responses: {'204': {description: made}}
components:
  schemas:
    Client: {type: object, properties: {label: {type: string}}}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let server = flat(&generated(spec, "src/server/mod.rs"));
    let reader = |name: &str| {
        let at = server.find(&format!("asyncfnread_{name}(")).expect("the reader");
        server[at..].split("asyncfnread_").nth(1).unwrap_or_default().to_owned()
    };
    assert!(reader("create_client").contains("json_object_body("), "{server}");
    assert!(reader("create_loose").contains("json_body("), "{server}");
    let nullable = spec.replace("{schema: {properties:", "{schema: {type: object, nullable: true, properties:");
    let server = flat(&generated(&nullable, "src/server/mod.rs"));
    assert!(server.contains("json_object_or_null_body("), "{server}");
    // Required, a nullable body is an `Option` whose `None` is `null` (OpenAPI 3.0.3:
    // `nullable: true` adds `null` to the values of the schema, and `null` is a body), and
    // only no body at all is missing; `properties` alone, a union that reads `null` as a
    // JSON value, stays what it was.
    let required =
        nullable.replace("requestBody:\n        content", "requestBody:\n        required: true\n        content");
    let server = flat(&generated(&required, "src/server/mod.rs"));
    let models = flat(&generated(&required, "src/models.rs"));
    assert!(server.contains("runtime::json_body_or_null(&parts,body,true).await?"), "{server}");
    assert!(models.contains("pubbody:Option<self::CreateLooseBody>"), "{models}");
    let loose = spec.replace("requestBody:\n        content", "requestBody:\n        required: true\n        content");
    let server = flat(&generated(&loose, "src/server/mod.rs"));
    assert!(!server.contains("json_body_or_null("), "{server}");
}

/// A response whose media types are a stream and a whole body (zuora's
/// `getChargeMetrics`: JSON and `application/json-seq`) is two variants with one headers
/// type, which is written once (it was written twice, and zuora's crate did not compile).
#[test]
fn a_stream_and_its_whole_twin_share_one_headers_type() {
    let spec = r#"
openapi: 3.0.3
info: {title: Twins, version: '1'}
paths:
  /metrics:
    get:
      operationId: getMetrics
      responses:
        '200':
          description: metrics
          headers: {Zuora-Request-Id: {schema: {type: string}}}
          content:
            application/json: {schema: {type: object, properties: {n: {type: integer}}}}
            application/json-seq: {schema: {type: object, properties: {n: {type: integer}}}}
"#;
    let models = generated(spec, "src/models.rs");
    assert_eq!(models.matches("pub struct GetMetricsOkHeaders").count(), 1, "{models}");
    assert!(models.contains("OkStream"), "{models}");
}

/// The server's reader checks a body whose type has constraints with the `Validate` the
/// client runs before sending, and only then; the round trip's sample meets them.
#[test]
fn a_body_is_checked_against_its_constraints_after_reading() {
    let spec = r#"
openapi: 3.0.3
info: {title: Checked, version: '1'}
paths:
  /a:
    post:
      operationId: checked
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/A'}}
      responses: {'204': {description: done}}
  /b:
    post:
      operationId: plain
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, properties: {x: {type: string}}}}
      responses: {'204': {description: done}}
components:
  schemas:
    A:
      type: object
      required: [id]
      properties:
        id: {type: string, format: uuid}
        zip: {type: string, pattern: '^[0-9]{5}$'}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let server = flat(&generated(spec, "src/server/mod.rs"));
    let check = flat(r#"crate::constraints::Validate::validate(&request.body, "body")?;"#);
    assert_eq!(server.matches(&check).count(), 1, "{server}");
    let round_trip = generated(spec, "tests/round_trip.rs");
    assert!(round_trip.contains(r#"\"id\":\"00000000-0000-4000-8000-000000000000\""#), "{round_trip}");
    assert!(round_trip.contains(r#"\"zip\":\"00000\""#), "{round_trip}");
}

/// A list body's own `maxItems` (Shutterstock's bulk search, through a `$ref` to an alias)
/// is checked by the server after reading and by the client before sending, besides its
/// items' `Validate`.
#[test]
fn a_list_body_is_held_to_its_own_counts() {
    let spec = r#"
openapi: 3.0.3
info: {title: Counted, version: '1'}
paths:
  /a:
    post:
      operationId: bulk
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/Searches'}}
      responses: {'204': {description: done}}
components:
  schemas:
    Searches: {type: array, maxItems: 5, items: {$ref: '#/components/schemas/Search'}}
    Search:
      type: object
      properties:
        query: {type: string, maxLength: 9}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let own = flat(r#"crate::constraints::check(&request.body, "body", &crate::constraints::Rules {"#);
    let items = flat(r#"crate::constraints::Validate::validate(&request.body, "body")?;"#);
    for path in ["src/server/mod.rs", "src/client/mod.rs"] {
        let code = flat(&generated(spec, path));
        assert_eq!((code.matches(&own).count(), code.matches(&items).count()), (1, 1), "{path}: {code}");
        assert!(code.contains("max_items:Some(5u64)"), "{path}");
    }
}

/// `uniqueItems` alone (OData's `$select` on every Microsoft Graph collection) is checked
/// through the runtime's named `Rules::UNIQUE_ITEMS`, by the client and the server alike;
/// with another keyword beside it, the rules are written out.
#[test]
fn unique_items_alone_is_checked_by_its_name() {
    let spec = r#"
openapi: 3.0.3
info: {title: Unique, version: '1'}
paths:
  /a:
    get:
      operationId: pick
      parameters:
        - {name: select, in: query, schema: {type: array, uniqueItems: true, items: {type: string}}}
        - {name: order, in: query, schema: {type: array, uniqueItems: true, maxItems: 2, items: {type: string}}}
      responses: {'204': {description: done}}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let alone =
        flat(r#"crate::constraints::check(&request.select, "select", &crate::constraints::Rules::UNIQUE_ITEMS"#);
    let beside = flat(
        r#"crate::constraints::check(&request.order, "order", &crate::constraints::Rules { max_items: Some(2u64),
        unique_items: true, ..crate::constraints::Rules::NONE }"#,
    );
    for path in ["src/server/mod.rs", "src/client/mod.rs"] {
        let code = flat(&generated(spec, path));
        assert_eq!((code.matches(&alone).count(), code.matches(&beside).count()), (1, 1), "{path}: {code}");
    }
}

/// A `oneOf` body's round-trip sample is valid under one variant alone: DigitalOcean's
/// `SingleDropletRequest` declares an optional `names` that only `MultipleDropletRequest`
/// requires, and a sample of every property was valid under both, which the server refuses
/// (JSON Schema's `oneOf`). Where leaving out what another variant requires is not enough
/// (every value of the first variant reads as the second), the next variant's is taken.
#[test]
fn a_one_of_round_trip_sample_is_valid_under_one_variant_alone() {
    let spec = r#"
openapi: 3.0.3
info: {title: Droplets, version: '1'}
paths:
  /droplets:
    post:
      operationId: create
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf: [{$ref: '#/components/schemas/Single'}, {$ref: '#/components/schemas/Multiple'}]
      responses: {'204': {description: done}}
  /actions:
    post:
      operationId: act
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf: [{$ref: '#/components/schemas/Strict'}, {$ref: '#/components/schemas/Loose'}]
      responses: {'204': {description: done}}
components:
  schemas:
    Single:
      type: object
      required: [name, size]
      properties: {name: {type: string}, names: {type: array, items: {type: string}}, size: {type: string}}
    Multiple:
      type: object
      required: [names, size]
      properties: {names: {type: array, items: {type: string}}, size: {type: string}}
    Loose:
      type: object
      required: [kind]
      properties: {kind: {type: string}, note: {type: string}}
    Strict:
      type: object
      required: [kind, note]
      properties: {kind: {type: string}, note: {type: string}}
"#;
    let round_trip = generated(spec, "tests/round_trip.rs");
    // `Single` without `names`, which `Multiple` requires.
    assert!(round_trip.contains(r#"{\"name\":\"a/b c?d#e%f ü\",\"size\":\"a/b c?d#e%f ü\"}"#), "{round_trip}");
    assert!(!round_trip.contains(r#"\"names\":[\"a/b c?d#e%f ü\"],\"size\""#), "{round_trip}");
    // Every `Strict` reads as a `Loose`, so `Loose` it is, without the `note` that
    // `Strict` requires.
    assert!(round_trip.contains(r#"{\"kind\":\"a/b c?d#e%f ü\"}"#), "{round_trip}");
}

/// A `oneOf` body no value of which one variant alone reads (DigitalOcean's
/// `dropletActions_post_byTag`: an action, or the same action with an optional `name`) has
/// no request a server takes: the round trip does not send it and says why, and calls the
/// other operations as before.
#[test]
fn a_one_of_body_no_value_of_which_one_variant_alone_reads_is_not_sent() {
    let spec = r#"
openapi: 3.0.3
info: {title: Actions, version: '1'}
paths:
  /actions:
    post:
      operationId: act
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - {$ref: '#/components/schemas/Action'}
                - allOf: [{$ref: '#/components/schemas/Action'}, {type: object, properties: {name: {type: string}}}]
      responses: {'204': {description: done}}
  /pings:
    post:
      operationId: ping
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Action'}
      responses: {'204': {description: done}}
components:
  schemas:
    Action:
      type: object
      required: [type]
      properties: {type: {type: string}}
"#;
    let round_trip = generated(spec, "tests/round_trip.rs");
    assert!(round_trip.contains("not called: its request body holds"), "{round_trip}");
    // `act` is still called on another server (Prism, which refuses it too), once; `ping`
    // in the round trip and there.
    assert_eq!(round_trip.matches("|c, r| c.act_with(r)").count(), 1, "{round_trip}");
    assert_eq!(round_trip.matches("|c, r| c.ping_with(r)").count(), 2, "{round_trip}");
}

#[test]
fn a_declared_redirect_is_an_answer_the_client_does_not_follow() {
    // Bitbucket's attachments: `302` with the `Location` of the file's contents. reqwest
    // follows redirects by default, so the client could never return that declared answer
    // (Prism's `Location: string` sent it round a loop of redirects until reqwest gave up).
    let spec = |status: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{title: Redirects, version: '1'}}
paths:
  /files/{{path}}:
    get:
      operationId: file
      parameters: [{{name: path, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '{status}':
          description: an answer
          headers: {{Location: {{schema: {{type: string}}}}}}
        '404': {{description: none}}
"#
        )
    };
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let check = |status: &str, follows: bool| {
        let client = flat(&generated(&spec(status), "src/client/mod.rs"));
        let expect = format!("constREDIRECTS_ARE_ANSWERS:bool={};", !follows);
        assert!(client.contains(&expect), "{status}: {client}");
    };
    check("302", false);
    check("3XX", false);
    check("307", false);
    // `304 Not Modified` is no redirect, and a `2XX` none either.
    check("304", true);
    check("200", true);
    // The runtime's builder reads it: without a client of the caller's own, it follows
    // no redirect when the spec declares one.
    let builder = flat(&generated(&spec("302"), "src/client/runtime/builder.rs"));
    let reads = flat("if crate::client::REDIRECTS_ARE_ANSWERS { b = b.redirect(reqwest::redirect::Policy::none()); }");
    assert!(builder.contains(&reads), "{builder}");
}

#[test]
fn a_path_fragment_is_not_sent_and_its_operation_not_routed() {
    // Box's overloads of one path, told apart by a fragment that no request carries.
    let spec = r#"
openapi: 3.0.3
info: {title: Fragments, version: '1'}
paths:
  /files/{file_id}:
    put:
      operationId: updateFile
      parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: done}}
  /files/{file_id}#add_shared_link:
    put:
      operationId: addSharedLink
      parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: done}}
  /shared_items#folders:
    get:
      operationId: sharedFolder
      responses: {'204': {description: done}}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let client = flat(&generated(spec, "src/client/mod.rs"));
    assert!(!client.contains("#add_shared_link\")") && !client.contains("#folders\")"), "{client}");
    assert!(client.contains(&flat(r#"path.push_str("/shared_items");"#)), "{client}");
    // Both calls of `/files/{file_id}` write the same path.
    let writes = flat(r#"path.push_str("/files/"); runtime::push_segment_display(&mut path, "file_id""#);
    assert_eq!(client.matches(&writes).count(), 2, "{client}");
    // The server routes the plain operation alone.
    let server = flat(&generated(spec, "src/server/mod.rs"));
    assert!(server.contains("fnupdate_file"), "{server}");
    assert!(!server.contains("fnadd_shared_link") && !server.contains("fnshared_folder"), "{server}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: "spec".into(), ..Default::default() };
    let output = generator::generate(&files, &options).unwrap_or_else(|r| panic!("generates:\n{}", r.lines()));
    let warnings = output.report.lines();
    assert!(warnings.contains("`#add_shared_link` in the path is a URI fragment"), "{warnings}");
    assert!(warnings.contains("the client calls `/shared_items`"), "{warnings}");
}

/// The test that calls another server (Prism, in `cargo xtask conformance`) sends a body
/// in every media type the client can send it in: the first through `{op}_with`, each other
/// through the pending call's `body_media`, as a caller picks it, each call's line naming
/// its type. A representation of another type, which the client cannot send, is left out
/// with a located warning, so it is no call of the test either.
#[test]
fn another_server_is_sent_a_body_in_each_of_its_media_types() {
    let spec = r#"
openapi: 3.0.3
info: {title: Media, version: '1'}
paths:
  /docs/{id}:
    post:
      operationId: postDoc
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/Doc'}}
          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/Doc'}}
          multipart/form-data: {schema: {$ref: '#/components/schemas/Doc'}}
          text/plain: {schema: {type: string}}
      responses: {'204': {description: done}}
  /ping:
    post:
      operationId: ping
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Doc'}}
      responses: {'204': {description: done}}
components:
  schemas:
    Doc: {type: object, required: [title], properties: {title: {type: string}}}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let test = flat(&generated(spec, "tests/round_trip.rs"));
    let start = test.find("fnevery_operation_against_another_server").expect("the test of another server");
    let test = &test[start..];
    // The first media type through `post_doc_with`, its line naming it.
    let first = r#"call_other_server(&client,&skip,"postDoc (application/json)",||Some(models::PostDocRequest{"#;
    assert!(test.contains(&flat(first)), "{test}");
    assert_eq!(test.matches(".post_doc_with(r)").count(), 1, "{test}");
    // Each other one through the pending call: required values as arguments, the optional
    // one set when the sample has it, then the media type.
    for media in ["application/x-www-form-urlencoded", "multipart/form-data"] {
        let call = format!(
            r#""postDoc ({media})", || Some(models::PostDocRequest {{ id: sample("0")?, page: Some(sample("0")?),
            body: sample("{{\"title\":\"string\"}}")?, }}), |c, r| {{ let mut call = c.post_doc(r.id, r.body);
            if let Some(v) = r.page {{ call = call.page(v); }} call.body_media("{media}").send() }}"#
        );
        assert!(test.contains(&flat(&call)), "{media}: {test}");
    }
    // `text/plain` carries another type than the body's: not offered, so not called.
    assert!(!test.contains("text/plain"), "{test}");
    // A body of one media type is called as before, by its operation's id alone, and its
    // optional body is not the pending call's to choose.
    assert!(test.contains(&flat(r#"call_other_server(&client,&skip,"ping",||"#)), "{test}");
    assert!(!test.contains("\"ping("), "{test}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), ..Default::default() };
    let output = generator::generate(&files, &options).expect("generates");
    let warning = output
        .report
        .warnings()
        .find(|d| d.message.contains("`text/plain` carries a value of another type than `application/json`"))
        .unwrap_or_else(|| panic!("no warning for text/plain: {:?}", output.report.warnings().collect::<Vec<_>>()));
    let at = warning.location.as_ref().expect("a located warning");
    assert!(at.pointer.ends_with("/requestBody/content/text~1plain"), "{at:?}");
}

/// A nullable scalar property of a multipart body reads the text `null` as its `null`
/// (OpenAI's `n: {type: integer, nullable: true}`, which schemathesis sends as `null` and
/// the server refused as "not an integer"); one that is not nullable reads its text alone.
#[test]
fn a_nullable_text_part_of_a_multipart_body_reads_null() {
    let spec = r#"
openapi: 3.0.3
info: {title: Parts, version: '1'}
paths:
  /images:
    post:
      operationId: edit
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [prompt]
              properties:
                prompt: {type: string}
                n: {type: integer, nullable: true}
                size: {type: integer}
      responses: {'204': {description: done}}
"#;
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let server = flat(&generated(spec, "src/server/mod.rs"));
    assert!(server.contains(&flat(r#"m.text_or_null("n","#)), "{server}");
    assert!(server.contains(&flat(r#"m.text("size","#)), "{server}");
    assert!(!server.contains(&flat(r#"m.text_or_null("size","#)), "{server}");
}

/// A server whose every operation is left out has no routes, so it reads no credentials:
/// `Credentials::read` would be dead code, a warning in the generated crate (AWS's
/// CloudHSM, whose operations are all `POST /` told apart by a header). With one route
/// served, it is there and called.
#[test]
fn a_server_with_no_routes_reads_no_credentials() {
    let spec = |second: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{title: Targets, version: '1'}}
security: [{{hmac: []}}]
paths:
  /#X-Amz-Target=Service.First:
    post:
      operationId: first
      parameters: [{{name: X-Amz-Target, in: header, required: true, schema: {{type: string}}}}]
      responses: {{'200': {{description: done}}}}
  {second}:
    post:
      operationId: second
      parameters: [{{name: X-Amz-Target, in: header, required: true, schema: {{type: string}}}}]
      responses: {{'200': {{description: done}}}}
components:
  securitySchemes:
    hmac: {{type: apiKey, in: header, name: Authorization}}
"#
        )
    };
    let none = generated(&spec("/#X-Amz-Target=Service.Second"), "src/server/mod.rs");
    assert!(!none.contains("fn read("), "{none}");
    assert!(none.contains("pub struct Credentials"), "{none}");
    let one = generated(&spec("/second"), "src/server/mod.rs");
    assert!(one.contains("fn read("), "{one}");
    assert!(one.contains("Credentials::read("), "{one}");
}

/// A request body's own constraints are the only ones in the spec (AutoRest's
/// `body-boolean`: a body of `{type: boolean, enum: [true]}`; a list body's `maxItems`):
/// the crate still gets the runtime's `constraints` module that its checks call.
#[test]
fn a_body_s_own_constraints_alone_bring_the_constraints_module() {
    for schema in ["{type: boolean, enum: [true]}", "{type: array, maxItems: 5, items: {type: string}}"] {
        let spec = format!(
            r#"
openapi: 3.0.3
info: {{title: Bodies, version: '1'}}
paths:
  /put:
    put:
      operationId: put
      requestBody:
        required: true
        content:
          application/json: {{schema: {schema}}}
      responses: {{'204': {{description: done}}}}
"#
        );
        let client = generated(&spec, "src/client/mod.rs");
        assert!(client.contains("crate::constraints::check("), "{schema}: {client}");
        let module = generated(&spec, "src/constraints.rs");
        assert!(module.contains("pub fn check"), "{schema}: {module}");
        assert!(generated(&spec, "src/lib.rs").contains("pub mod constraints;"), "{schema}");
    }
}
