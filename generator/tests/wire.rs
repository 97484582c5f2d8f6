//! Lowering of what goes on the wire, table-driven: a path template and its parameters,
//! or one parameter, or one body, in; the IR's account of it (or the diagnostics) out.

use std::collections::BTreeMap;

use generator::ir::{Api, ParamLocation, PathSegment};

/// The first operation as one line per fact: its path pieces, each parameter's location,
/// style, explode and content, each body's media; then the warnings.
fn summary(api: &Api) -> String {
    let Some(op) = api.operations.first() else { return "no operation".into() };
    let pieces: Vec<String> = op
        .segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(l) => format!("{l:?}"),
            PathSegment::Param(i) => format!("{{{}}}", op.params[*i].wire_name),
        })
        .collect();
    let mut out = format!("path {}\n", pieces.join(" "));
    for p in &op.params {
        let content = p.content_type.as_deref().map(|c| format!(" content {c}")).unwrap_or_default();
        let reserved = if p.allow_reserved { " allowReserved" } else { "" };
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::QueryString => "querystring",
        };
        out += &format!("{location} {}: {:?} explode={}{reserved}{content}\n", p.wire_name, p.style, p.explode);
    }
    for b in op.body.iter().flat_map(|b| &b.bodies) {
        let encoding: Vec<String> = b.encoding.iter().map(|e| format!("{}={:?}", e.name, e.style)).collect();
        out += &format!("body {:?} {} {}\n", b.media, b.content_type, encoding.join(" "));
    }
    for r in &op.responses {
        for b in &r.bodies {
            out += &format!("response {:?} {:?} {}\n", r.status, b.media, b.content_type);
        }
        if let Some(m) = &r.media {
            out += &format!("media {} {}\n", m.name, m.variants.join(" "));
        }
    }
    out
}

/// The analysis of a spec of these paths (their inner YAML), which must lower.
fn lowered(operation: &str) -> generator::Analysis {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{operation}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    match generator::analyse(&files, &options) {
        Ok(a) => a,
        Err(report) => panic!("the spec lowers:\n{}", report.lines()),
    }
}

fn check(operation: &str, expect: &str) {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{operation}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options {
        root: "s.yaml".into(),
        display_prefix: String::new(),
        omissions: generator::Omissions::Deny,
        max_file_bytes: None,
    };
    let got = match generator::analyse(&files, &options) {
        Ok(a) => {
            let warnings: String = a.report.warnings().map(|d| format!("warning: {}\n", d.message)).collect();
            format!("{}{warnings}", summary(&a.api))
        }
        Err(report) => {
            let errors: String = report.errors().map(|d| format!("error: {}\n", d.message)).collect();
            format!("failed\n{errors}")
        }
    };
    assert_eq!(got.trim_end(), expect.trim(), "\n--- got ---\n{got}");
}

#[test]
fn path_templates_keep_text_beside_parameters() {
    let cases: &[(&str, &str)] = &[
        (
            r#"
  /Accounts/{AccountSid}/Calls/{Sid}.json:
    get:
      operationId: getCall
      parameters:
        - {name: AccountSid, in: path, required: true, schema: {type: string}}
        - {name: Sid, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: done}}"#,
            r#"
path "/Accounts/" {AccountSid} "/Calls/" {Sid} ".json"
path AccountSid: Simple explode=false
path Sid: Simple explode=false"#,
        ),
        (
            r#"
  /repos/{owner}-{repo}/{repo_name}-issues-{task_id}.zip:
    get:
      operationId: getZip
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: repo, in: path, required: true, schema: {type: string}}
        - {name: repo_name, in: path, required: true, schema: {type: string}}
        - {name: task_id, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: done}}"#,
            r#"
path "/repos/" {owner} "-" {repo} "/" {repo_name} "-issues-" {task_id} ".zip"
path owner: Simple explode=false
path repo: Simple explode=false
path repo_name: Simple explode=false
path task_id: Simple explode=false"#,
        ),
        (
            r#"
  /a/{x}{y}:
    get:
      operationId: getA
      parameters:
        - {name: x, in: path, required: true, schema: {type: string}}
        - {name: y, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: done}}"#,
            "path \"/a/\" {x} {y}\npath x: Simple explode=false\npath y: Simple explode=false\nwarning: path segment `{x}{y}` puts \
             `{x}` right beside `{y}`; nothing tells where one ends: the client writes it, but the generated server does not route it (add it to the router by hand, or separate them with punctuation, as in `{a}-{b}`, with an overlay)",
        ),
        (
            r#"
  /a/{x}v{y}:
    get:
      operationId: getA
      parameters:
        - {name: x, in: path, required: true, schema: {type: string}}
        - {name: y, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: done}}"#,
            "path \"/a/\" {x} \"v\" {y}\npath x: Simple explode=false\npath y: Simple explode=false\nwarning: path segment \
             `{x}v{y}` parts two parameters with `v`, which a value could contain: the client writes it, but the generated server does not route it (add it to the router by hand, or separate them with punctuation, as in `{a}-{b}`, with an overlay)",
        ),
        (
            r#"
  /a/{x:
    get:
      operationId: getA
      responses: {'204': {description: done}}"#,
            "failed\nerror: path segment `{x` has unbalanced or empty braces",
        ),
        (
            r#"
  /a/{l}/{m}:
    get:
      operationId: getA
      parameters:
        - {name: l, in: path, required: true, style: label, explode: true, schema: {type: array, items: {type: integer}}}
        - {name: m, in: path, required: true, style: matrix, schema: {type: object, properties: {a: {type: string}}}}
      responses: {'204': {description: done}}"#,
            r#"
path "/a/" {l} "/" {m}
path l: Label explode=true
path m: Matrix explode=false"#,
        ),
        (
            r#"
  /a:
    get:
      operationId: getA
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: done}}"#,
            "path \"/a\"\nwarning: path parameter `owner` is not in the path template `/a`; dropped",
        ),
    ];
    for (operation, expect) in cases {
        check(operation, expect);
    }
}

/// One `GET /a/{p}` whose parameters are `params` (YAML list items).
fn with_params(params: &str) -> String {
    format!(
        r#"
  /a/{{p}}:
    get:
      operationId: getA
      parameters:
        - {{name: p, in: path, required: true, schema: {{type: string}}}}
{params}
      responses: {{'204': {{description: done}}}}"#
    )
}

#[test]
fn parameters_keep_their_style_or_say_why_not() {
    let head = "path \"/a/\" {p}\npath p: Simple explode=false\n";
    let cases: &[(&str, &str)] = &[
        (
            "        - {name: q, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}",
            "query q: PipeDelimited explode=false",
        ),
        (
            "        - {name: f, in: query, style: deepObject, explode: true, schema: {type: object, properties: {a: {type: object, properties: {b: {type: string}}}}}}",
            "query f: DeepObject explode=true",
        ),
        (
            "        - {name: r, in: query, allowReserved: true, schema: {type: string}}",
            "query r: Form explode=true allowReserved",
        ),
        (
            "        - {name: w, in: query, content: {application/json: {schema: {type: array, items: {type: array, items: {type: string}}}}}}",
            "query w: Form explode=true content application/json",
        ),
        ("        - {name: s, in: cookie, schema: {type: string}}", "cookie s: Form explode=true"),
        // No style carries a list of objects or lists: it goes as JSON, and says so.
        (
            "        - {name: q, in: query, schema: {type: array, items: {type: array, items: {type: string}}}}",
            "query q: Form explode=true content application/json\nwarning: parameter `q` is a list of lists or \
             objects, which style `form` cannot carry (OpenAPI defines styles for scalars, lists of scalars and \
             objects only); it is sent as JSON text in one query value, percent-encoded (`q=<JSON>`), as if declared \
             with `content: {application/json: …}`",
        ),
        (
            "        - {name: X-F, in: header, schema: {type: array, items: {type: object, properties: {a: {type: string}}}}}",
            "header X-F: Simple explode=false content application/json\nwarning: parameter `X-F` is a list of lists \
             or objects, which style `simple` cannot carry (OpenAPI defines styles for scalars, lists of scalars and \
             objects only); it is sent as JSON text in the header's value, as if declared with `content: \
             {application/json: …}`",
        ),
        (
            "        - {name: o, in: query, style: spaceDelimited, schema: {type: object, properties: {a: {type: string}}}}",
            "query o: SpaceDelimited explode=false",
        ),
        (
            "        - {name: o, in: query, style: pipeDelimited, explode: false, schema: {type: object, additionalProperties: {type: integer}}}",
            "query o: PipeDelimited explode=false",
        ),
        (
            "        - {name: X-O, in: header, schema: {type: object, properties: {a: {type: string}}}}",
            "header X-O: Simple explode=false",
        ),
        // deepObject beyond objects, as Stripe uses it: a list in brackets; a single value
        // in style form.
        (
            "        - {name: q, in: query, style: deepObject, schema: {type: array, items: {type: string}}}",
            "query q: DeepObject explode=false\nwarning: parameter `q` has style `deepObject`, which OpenAPI defines for objects only; its value is sent as nested brackets with lists indexed (`q[0]=a`, `q[0][k]=v`), as Stripe's SDKs send them",
        ),
        (
            "        - {name: q, in: query, style: deepObject, schema: {type: string}}",
            "query q: Form explode=true\nwarning: parameter `q` has style `deepObject`, which OpenAPI defines for objects only; a single value has no keys to bracket, so it is sent in style `form` (`q=a`)",
        ),
        // A map in style form, exploded: every key that is no other parameter's.
        (
            "        - {name: q, in: query, schema: {type: object, additionalProperties: {type: string}}}",
            "query q: Form explode=true",
        ),
    ];
    for (param, expect) in cases {
        check(&with_params(param), &format!("{head}{expect}"));
    }
    let refused: &[(&str, &str)] = &[
        (
            "        - {name: q, in: query, style: pipeDelimited, explode: true, schema: {type: object, properties: {a: {type: string}}}}",
            "parameter `q` is an object in style `pipeDelimited` with `explode: true`, which OpenAPI 3.0.3 leaves undefined (n/a in its style table); use `explode: false` or `deepObject`",
        ),
        (
            "        - {name: q, in: query, content: {application/xml: {schema: {type: string}}}}",
            "parameter `q` is `application/xml` content; only JSON content is supported",
        ),
    ];
    for (param, error) in refused {
        check(&with_params(param), &format!("failed\nerror: {error}"));
    }
}

#[test]
fn text_of_an_object_is_json_text_after_the_json() {
    // Gitea's Swagger 2.0 `consumes` lists `text/plain` beside JSON for object bodies; a
    // text response of an object stays text (a server may answer anything there).
    check(
        r#"
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          text/plain: {schema: {type: object, properties: {a: {type: string}}}}
          application/json: {schema: {type: object, properties: {a: {type: string}}}}
      responses:
        '200':
          description: ok
          content:
            text/plain: {schema: {type: object, properties: {a: {type: string}}}}"#,
        r#"
path "/a"
body Json application/json 
body Json text/plain 
response Code(200) Text text/plain
warning: `text/plain` declares an object or a list, which text can only carry as JSON: request bodies in it are read and written as JSON text"#,
    );
}

#[test]
fn bodies_keep_every_printable_media_json_first() {
    check(
        r#"
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}
            encoding: {tags: {style: pipeDelimited}}
          application/xml: {schema: {type: object, properties: {tags: {type: string}}}}
          application/vnd.api+json: {schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}}
      responses:
        '200':
          description: ok
          content:
            text/csv: {schema: {type: string}}
            image/png: {schema: {type: string, format: binary}}
            '*/*': {schema: {type: object, properties: {a: {type: string}}}}"#,
        r#"
path "/a"
body Json application/vnd.api+json 
body FormUrlEncoded application/x-www-form-urlencoded tags=PipeDelimited
response Code(200) Json */*
response Code(200) Text text/csv
response Code(200) Binary image/png
media PostAOkMedia Any TextCsv ImagePng
warning: `application/xml` is not a media type the generator decodes; its request bodies are bytes, not checked against their schema
warning: `application/xml` carries a value of another type than `application/vnd.api+json`, and a request body has one type (its first representation's); `application/xml` is not offered"#,
    );
}

/// `format: binary` is a file only as a multipart body's property (or a list of them), with
/// the part types its `encoding` declares; inside JSON and forms it stays a string.
#[test]
fn binary_properties_are_files_in_multipart_bodies_only() {
    use generator::ir::{TypeKind, TypeRef};
    let binary = "{type: string, format: binary}";
    let spec = format!(
        r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties: {{doc: {binary}, pages: {{type: array, items: {binary}}}, note: {binary_ref}}}
            encoding: {{pages: {{contentType: 'image/png, image/*'}}}}
      responses: {{'204': {{description: done}}}}
  /b:
    post:
      operationId: postB
      requestBody:
        content:
          application/json: {{schema: {{type: object, properties: {{blob: {binary}}}}}}}
          application/x-www-form-urlencoded: {{schema: {{type: object, properties: {{blob: {binary}}}}}}}
      responses: {{'204': {{description: done}}}}
"#,
        binary_ref = "{type: string}"
    );
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let api = generator::analyse(&files, &options).expect("lowered").api;
    let fields = |op: usize, body: usize| -> Vec<(String, TypeRef)> {
        let b = &api.operations[op].body.as_ref().expect("a body").bodies[body];
        let TypeRef::Named(id) = &b.ty else { panic!("{:?}", b.ty) };
        let TypeKind::Struct(s) = &api.ty(*id).kind else { panic!("not a struct") };
        s.fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone())).collect()
    };
    let file_list = TypeRef::Array(Box::new(TypeRef::File));
    assert_eq!(
        fields(0, 0),
        [("doc".into(), TypeRef::File), ("pages".into(), file_list), ("note".into(), TypeRef::String)]
    );
    let part_types = &api.operations[0].body.as_ref().expect("a body").bodies[0].part_types;
    assert_eq!(part_types.len(), 1);
    assert_eq!(
        (part_types[0].name.as_str(), part_types[0].content_types.clone()),
        ("pages", vec!["image/png".to_string(), "image/*".to_string()])
    );
    assert_eq!(fields(1, 0), [("blob".into(), TypeRef::String)]);
    assert_eq!(fields(1, 1), [("blob".into(), TypeRef::String)]);
    assert!(api.uses_files());
}

/// Representations that decode alike (JSON and `+json` of one schema, or two texts) are
/// one type; any that decode otherwise make the response's enum of media types.
/// An operation `getA` whose 200 response has this content map (its inner YAML).
fn response(content: &str) -> String {
    format!(
        r#"
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content: {{{content}}}"#
    )
}

#[test]
fn responses_get_an_enum_only_when_their_media_decode_differently() {
    let point = "{type: object, properties: {x: {type: integer}}}";
    check(
        &response(&format!("application/json: {{schema: {point}}}, application/problem+json: {{schema: {point}}}")),
        "path \"/a\"\nresponse Code(200) Json application/json\nresponse Code(200) Json application/problem+json",
    );
    check(
        &response("text/plain: {schema: {type: string}}, text/csv: {schema: {type: string}}"),
        "path \"/a\"\nresponse Code(200) Text text/plain\nresponse Code(200) Text text/csv",
    );
    check(
        &response(&format!(
            "text/csv: {{schema: {{type: string}}}}, application/json: {{schema: {point}}}, application/pdf: {{}}"
        )),
        "path \"/a\"\nresponse Code(200) Json application/json\nresponse Code(200) Text text/csv\n\
         response Code(200) Binary application/pdf\nmedia GetAOkMedia ApplicationJson TextCsv ApplicationPdf",
    );
    // A form response decodes by its type like JSON, but by another reader: an enum, with
    // the form's `encoding` kept.
    check(
        &response(&format!(
            "application/json: {{schema: {point}}}, application/x-www-form-urlencoded: {{schema: {point}, encoding: \
             {{x: {{style: pipeDelimited}}}}}}"
        )),
        "path \"/a\"\nresponse Code(200) Json application/json\n\
         response Code(200) FormUrlEncoded application/x-www-form-urlencoded\n\
         media GetAOkMedia ApplicationJson ApplicationXWwwFormUrlencoded",
    );
    // A multipart response is carried as the bytes it is, with a warning.
    check(
        &response(&format!("multipart/form-data: {{schema: {point}}}")),
        "path \"/a\"\nresponse Code(200) Binary multipart/form-data\nwarning: `multipart/form-data` is not a media \
         type the generator decodes; its responses are bytes, not checked against their schema",
    );
}

/// Keys that differ only in parameters are one media type: a `Content-Type` cannot tell
/// them apart, so they are one body (Zuora's `application/json`, with only examples, beside
/// `application/json; charset=utf-8` with the schema, on 614 responses). Two different
/// schemas for one media type keep the first and warn about the other.
#[test]
fn keys_of_one_media_type_are_one_body() {
    let point = "{type: object, properties: {x: {type: integer}}}";
    // The schema wins over no schema, whichever comes first.
    check(
        &response(&format!(
            "application/json: {{example: {{x: 1}}}}, 'application/json; charset=utf-8': {{schema: {point}}}"
        )),
        "path \"/a\"\nresponse Code(200) Json application/json; charset=utf-8",
    );
    check(
        &response(&format!("'application/json; charset=utf-8': {{schema: {point}}}, application/json: {{}}")),
        "path \"/a\"\nresponse Code(200) Json application/json; charset=utf-8",
    );
    // The same schema twice, and text twice: the first, quietly.
    check(
        &response(&format!(
            "application/json: {{schema: {point}}}, 'application/json; charset=utf-8': {{schema: {point}}}"
        )),
        "path \"/a\"\nresponse Code(200) Json application/json",
    );
    check(
        &response("text/plain: {schema: {type: string}}, 'text/plain; charset=utf-8': {schema: {type: string}}"),
        "path \"/a\"\nresponse Code(200) Text text/plain",
    );
    // Two different schemas: the first, and a warning naming the other.
    check(
        &response(&format!(
            "application/json: {{schema: {point}}}, 'Application/JSON; charset=utf-8': {{schema: {{type: string}}}}"
        )),
        "path \"/a\"\nresponse Code(200) Json application/json\nwarning: `Application/JSON; charset=utf-8` and \
         `application/json` are one media type (`application/json`; only parameters differ), which a \
         `Content-Type` cannot tell apart; `Application/JSON; charset=utf-8`'s schema is not used, \
         `application/json`'s is",
    );
}

/// The examples of a key without a schema test the schema of its twin.
#[test]
fn a_schemaless_twins_examples_test_the_schema() {
    let a = lowered(&response(
        "application/json: {example: {x: 1}}, \
         'application/json; charset=utf-8': {schema: {type: object, properties: {x: {type: integer}}}}",
    ));
    assert_eq!(a.api.examples.len(), 1, "{:?}", a.api.examples);
    let example = &a.api.examples[0];
    assert!(example.origin.ends_with("/content/application~1json/example"), "{}", example.origin);
    assert!(matches!(example.ty, generator::ir::TypeRef::Named(_)), "{:?}", example.ty);
}

/// The schema of a twin that is not used makes no type: the generated crate holds no
/// struct that nothing reads or writes.
#[test]
fn an_unused_twins_schema_makes_no_type() {
    let a = lowered(&response(
        "application/json: {schema: {type: object, properties: {x: {type: integer}}}}, \
         'application/json; charset=utf-8': {schema: {type: object, properties: {y: {type: string}}}}",
    ));
    let structs: Vec<Vec<&str>> = a
        .api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            generator::ir::TypeKind::Struct(s) => Some(s.fields.iter().map(|f| f.name.as_str()).collect()),
            _ => None,
        })
        .collect();
    assert_eq!(structs, vec![vec!["x"]]);
    assert_eq!(a.report.warnings().count(), 1);
}

/// A list whose pages may also come as HTML (gitea declares `text/html` beside JSON on
/// every response) keeps its page stream: the pages are its JSON representation.
#[test]
fn a_list_offering_other_media_still_pages() {
    let spec = r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: a page
          content:
            application/json: {schema: {type: array, items: {type: string}}}
            text/html: {schema: {type: string}}
"#;
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let api = generator::analyse(&files, &options).expect("lowered").api;
    let op = &api.operations[0];
    assert_eq!(
        op.responses[0].media.as_ref().map(|m| m.variants.clone()),
        Some(vec!["ApplicationJson".into(), "TextHtml".into()])
    );
    assert_eq!(op.pagination.as_ref().map(|p| p.item.clone()), Some(generator::ir::TypeRef::String));
}

/// A multipart body's parts are an object's properties: an object (also through `allOf`
/// or `$ref`), or a union of objects, which sends the variant it holds. Anything else has
/// no parts to name: left out with a warning beside other media, refused alone.
#[test]
fn multipart_bodies_are_objects_or_unions_of_objects() {
    let body = |schema: &str| {
        format!(
            r#"
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          multipart/form-data:
            schema: {schema}
      responses: {{'204': {{description: done}}}}"#
        )
    };
    let accepted = [
        "{type: object, properties: {a: {type: string}}}",
        "{allOf: [{type: object, properties: {a: {type: string}}}, {properties: {b: {type: integer}}}]}",
        "{oneOf: [{type: object, required: [a], properties: {a: {type: string}}}, {type: object, properties: {b: {type: boolean}}}]}",
        "{anyOf: [{type: object, required: [a], properties: {a: {type: string}}}, {oneOf: [{type: object, required: [b], properties: {b: {type: string}}}, {type: object, required: [c], properties: {c: {type: string}}}]}]}",
        "{type: object, additionalProperties: {type: string}}",
        "{type: object, properties: {a: {type: string}}, additionalProperties: {type: object}}",
        "{oneOf: [{type: object, required: [a], properties: {a: {type: string}}}, {type: object, additionalProperties: {type: integer}}]}",
    ];
    for schema in accepted {
        check(&body(schema), "path \"/a\"\nbody Multipart multipart/form-data");
    }
    // A single value or a list has no part names: it is sent as one part (`file` when
    // binary, as Jira's attachments are, `value` otherwise).
    let one_part = [
        ("{type: string}", "a single value", "value"),
        ("{type: array, items: {type: string}}", "a list", "value"),
        ("{type: string, format: binary}", "a single value", "file"),
        ("{type: array, items: {type: string, format: binary}}", "a list", "file"),
    ];
    for (schema, what, part) in one_part {
        check(
            &body(schema),
            &format!(
                "path \"/a\"\nbody Multipart multipart/form-data \nwarning: the `multipart/form-data` body is {what} \
                 rather than an object whose properties name its parts; it is sent as one part named `{part}`"
            ),
        );
    }
    let refused = ["{oneOf: [{type: object, required: [a], properties: {a: {type: string}}}, {type: string}]}"];
    for schema in refused {
        check(
            &body(schema),
            "failed\nerror: the `multipart/form-data` body must be an object, whose properties (declared or \
             `additionalProperties`) are its parts, or a `oneOf`/`anyOf` of such objects",
        );
    }
}

/// A media type the generator does not know is bytes when its schema is a string or
/// absent (GitHub's `GET /octocat` answers `application/octocat-stream`, `{type: string}`);
/// with a structured schema it is not guessed at, and alone it is refused, naming it.
#[test]
fn unknown_media_types_of_strings_are_bytes() {
    check(
        r#"
  /octocat:
    get:
      operationId: getOctocat
      responses:
        '200':
          description: ASCII art
          content:
            application/octocat-stream: {schema: {type: string}}
            audio/mpeg: {schema: {type: object}}
            application/x-thing: {}"#,
        r#"path "/octocat"
response Code(200) Binary application/octocat-stream
response Code(200) Binary audio/mpeg
response Code(200) Binary application/x-thing
"#,
    );
    check(
        r#"
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: XML of an object
          content:
            application/xml: {schema: {type: object, properties: {a: {type: string}}}}"#,
        "path \"/a\"\nresponse Code(200) Binary application/xml\nwarning: `application/xml` is not a media type the \
         generator decodes; its responses are bytes, not checked against their schema",
    );
}

/// A form is `name=value` pairs, so its schema must be an object: a string or a list has
/// no names. Beside another media type the form is left out, with a warning; alone, as a
/// request body or a response, it is refused, naming it. A free-form schema is let through.
#[test]
fn form_content_must_be_an_object() {
    let op = |content: &str| {
        format!(
            r#"
  /a:
    post:
      operationId: postA
      requestBody:
        content:
{content}
      responses: {{'204': {{description: done}}}}"#
        )
    };
    check(
        &op(
            "          application/x-www-form-urlencoded: {schema: {type: string}}\n          application/json: {schema: {type: string}}",
        ),
        "path \"/a\"\nbody Json application/json \nwarning: the `application/x-www-form-urlencoded` content must be an \
         object (or a `oneOf`/`anyOf`/`allOf` of objects), whose properties are the form's fields; \
         `application/x-www-form-urlencoded` is not offered, `application/json` is",
    );
    check(
        &op("          application/x-www-form-urlencoded: {schema: {type: array, items: {type: string}}}"),
        "failed\nerror: the `application/x-www-form-urlencoded` content must be an object (or a \
         `oneOf`/`anyOf`/`allOf` of objects), whose properties are the form's fields\n",
    );
    check(
        &op("          application/x-www-form-urlencoded: {schema: {type: object}}"),
        "path \"/a\"\nbody FormUrlEncoded application/x-www-form-urlencoded ",
    );
    check(
        r#"
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: a number as a form
          content:
            application/x-www-form-urlencoded: {schema: {type: integer}}"#,
        "failed\nerror: the `application/x-www-form-urlencoded` content must be an object (or a \
         `oneOf`/`anyOf`/`allOf` of objects), whose properties are the form's fields\n",
    );
}

/// Under `array_query_style: rails` the client writes `ids[]=1&ids[]=2`; the crate's
/// `openapi.json` names each array query parameter so (an inline array, an alias of one
/// through `$ref`, a shared parameter, one not exploded), and leaves the rest and the Rust
/// names as they were. Without the setting nothing is renamed.
#[test]
fn rails_arrays_are_named_as_they_travel_in_the_bundle() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    parameters:\n      - {name: \
                tags, in: query, schema: {type: array, items: {type: string}}}\n    get:\n      parameters:\n        \
                - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}\n        - \
                {name: alias, in: query, schema: {$ref: '#/components/schemas/Ids'}}\n        - {name: one, in: \
                query, schema: {type: string}}\n        - {name: h, in: header, schema: {type: array, items: {type: \
                string}}}\n        - {name: 'done[]', in: query, schema: {type: array, items: {type: string}}}\n        \
                - $ref: '#/components/parameters/Shared'\n      responses: {'204': {description: ok}}\ncomponents:\n  \
                schemas:\n    Ids: {type: array, items: {type: integer}}\n  parameters:\n    Shared: {name: scopes, \
                in: query, schema: {type: array, items: {type: string}}}\n";
    let names = |settings: Option<&str>| {
        let mut files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
        if let Some(s) = settings {
            files.insert("s.codegen.yaml".into(), s.into());
        }
        let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
        let a = generator::analyse(&files, &options).unwrap_or_else(|r| panic!("{}", r.lines()));
        let doc: serde_json::Value = serde_json::from_str(&a.bundled).expect("JSON");
        let mut out: Vec<String> = doc["paths"]["/x"]["parameters"]
            .as_array()
            .into_iter()
            .chain(doc["paths"]["/x"]["get"]["parameters"].as_array())
            .flatten()
            .chain(doc["components"]["parameters"].as_object().into_iter().flat_map(|m| m.values()))
            .filter_map(|p| Some(format!("{}{}", p.get("name")?.as_str()?, p.get("explode").map_or("", |_| "!"))))
            .collect();
        out.sort();
        let fields: Vec<String> = a.api.operations[0].params.iter().map(|p| p.wire_name.clone()).collect();
        (out.join(" "), fields.join(" "))
    };
    let (bundle, wire) = names(Some("array_query_style: rails\n"));
    assert_eq!(bundle, "alias[] done[] h ids[]! one scopes[] tags[]");
    // Lowering reads the spec's names: the writer adds the brackets.
    assert_eq!(wire, "tags ids alias one done[] scopes h");
    let (bundle, _) = names(None);
    assert_eq!(bundle, "alias done[] h ids! one scopes tags");
}

/// Parameters no request carries as declared (a nameless one; the `Accept` and
/// `Content-Type` headers, which OpenAPI says "SHALL be ignored") are left out of the
/// crate and of its `openapi.json` alike, so that a checker of that file does not build
/// requests around them; `Authorization` and a query key named `accept` stay.
#[test]
fn parameters_openapi_ignores_leave_the_bundle_too() {
    let a = lowered(
        "  /p:\n    get:\n      operationId: p\n      parameters:\n        - {name: '', in: header, schema: {type: string}}\n        - \
         {name: Content-Type, in: header, required: true, schema: {type: string}}\n        - {name: ACCEPT, in: \
         header, schema: {type: string}}\n        - {name: Authorization, in: header, schema: {type: string}}\n        \
         - {name: accept, in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
    );
    let params: Vec<&str> = a.api.operations[0].params.iter().map(|p| p.wire_name.as_str()).collect();
    // The IR lists query parameters before headers.
    assert_eq!(params, ["accept", "Authorization"]);
    let doc: serde_json::Value = serde_json::from_str(&a.bundled).expect("JSON");
    let bundled: Vec<&str> = doc["paths"]["/p"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(bundled, ["Authorization", "accept"]);
    assert_eq!(a.report.warnings().count(), 3, "{}", a.report.lines());
}

/// A request body's representation of another type than the first's (the kitchen sink's
/// `text/plain` string beside a `Point`) is neither read nor sent: it leaves the IR and the
/// crate's `openapi.json`, where schemathesis sent it as valid and was answered 415.
#[test]
fn a_body_of_another_type_leaves_the_bundle() {
    let a = lowered(
        "  /d:\n    post:\n      operationId: d\n      requestBody:\n        content:\n          application/json: \
         {schema: {type: object, properties: {x: {type: integer}}}}\n          text/plain: {schema: {type: \
         string}}\n          application/x-www-form-urlencoded: {schema: {type: object, properties: {x: {type: \
         integer}}}}\n      responses: {'204': {description: ok}}\n",
    );
    let offered: Vec<&str> =
        a.api.operations[0].body.iter().flat_map(|b| &b.bodies).map(|b| b.content_type.as_str()).collect();
    assert_eq!(offered, ["application/json", "application/x-www-form-urlencoded"]);
    let doc: serde_json::Value = serde_json::from_str(&a.bundled).expect("JSON");
    let content = doc["paths"]["/d"]["post"]["requestBody"]["content"].as_object().expect("content");
    assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json", "application/x-www-form-urlencoded"]);
    assert!(a.report.lines().contains("`text/plain` is not offered"), "{}", a.report.lines());
}

/// The crate reads `type: integer` as `i64` (`i32` under `format: int32`) and `format:
/// float` as `f32`, and refuses what lies past them; its `openapi.json` says so, so that
/// a checker of that file (schemathesis sent `ids=9223372036854775808` as valid) knows the
/// range. A tighter declared bound stays; a looser one, and its exclusive flag, give way;
/// an `enum`, a `double`, a `not` and the parsed document (the Rust types) are left as
/// they were.
#[test]
fn the_bundle_states_the_ranges_numbers_are_read_in() {
    let schemas = [
        (
            "{type: integer}",
            r#"{"type":"integer","format":"int64","minimum":-9223372036854775808,"maximum":9223372036854775807}"#,
        ),
        (
            "{type: integer, format: int32}",
            r#"{"type":"integer","format":"int32","minimum":-2147483648,"maximum":2147483647}"#,
        ),
        (
            "{type: integer, format: int32, minimum: 1, maximum: 10000000000, exclusiveMaximum: true}",
            r#"{"type":"integer","format":"int32","minimum":1,"maximum":2147483647}"#,
        ),
        (
            "{type: integer, minimum: 0, maximum: 100}",
            r#"{"type":"integer","minimum":0,"maximum":100,"format":"int64"}"#,
        ),
        ("{type: integer, format: uint64}", r#"{"type":"integer","format":"uint64","maximum":9223372036854775807}"#),
        (
            "{type: integer, format: unix-time}",
            r#"{"type":"integer","format":"unix-time","minimum":-9223372036854775808,"maximum":9223372036854775807}"#,
        ),
        ("{type: integer, enum: [1, 2]}", r#"{"type":"integer","enum":[1,2]}"#),
        (
            "{type: number, format: float}",
            r#"{"type":"number","format":"float","minimum":-3.4028234663852886e+38,"maximum":3.4028234663852886e+38}"#,
        ),
        (
            "{type: number, format: float, minimum: 0.5}",
            r#"{"type":"number","format":"float","minimum":0.5,"maximum":3.4028234663852886e+38}"#,
        ),
        ("{type: number}", r#"{"type":"number"}"#),
        ("{not: {type: integer}}", r#"{"not":{"type":"integer"}}"#),
        (
            "{type: array, items: {type: object, properties: {n: {type: integer, format: int32, maximum: 5}}}}",
            r#"{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer","format":"int32","maximum":5,"minimum":-2147483648}}}}"#,
        ),
    ];
    let mut spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /n/{id}:\n    get:\n      operationId: \
                    n\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      \
                    responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n"
        .to_string();
    for (i, (schema, _)) in schemas.iter().enumerate() {
        spec.push_str(&format!("    S{i}: {schema}\n"));
    }
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let a = generator::analyse(&files, &options).unwrap_or_else(|r| panic!("{}", r.lines()));
    let doc: serde_json::Value = serde_json::from_str(&a.bundled).expect("JSON");
    for (i, (schema, expect)) in schemas.iter().enumerate() {
        // Both sides are read by the same serde_json, so the comparison holds whether or not
        // the build unifies in its `float_roundtrip` feature (the workspace's tests do).
        let expect: serde_json::Value = serde_json::from_str(expect).expect("expected JSON");
        assert_eq!(doc["components"]["schemas"][format!("S{i}")], expect, "{schema}");
    }
    // The bundle holds `f32::MAX` exactly (serde_json's fast float reading, without
    // `float_roundtrip`, is not exact in the last digit).
    assert!(a.bundled.contains("\"maximum\": 3.4028234663852886e+38"), "{}", a.bundled);
    assert_eq!("3.4028234663852886e+38".parse::<f64>(), Ok(f64::from(f32::MAX)));
    let id = &doc["paths"]["/n/{id}"]["get"]["parameters"][0]["schema"];
    assert_eq!(id["maximum"], serde_json::json!(i64::MAX), "{id}");
    // The types are the spec's: `i64`, `i32` and `f32`, with no range check of their own.
    let types = format!("{:?}", a.api.operations[0].params[0]);
    assert!(types.contains("Integer { bits: 64 }"), "{types}");
    // The one warning is the `not`'s, which the crate reads as any value.
    assert_eq!(a.report.warnings().count(), 1, "{}", a.report.lines());
}

/// A request body's media type lowering leaves out beside others leaves the crate's
/// `openapi.json` too: multipart of a schema that is no object (a union of scalars; Zoom's
/// `PATCH /rooms/events`, a union of `properties` without `type`, was one until its
/// members' objects became its parts), a form of a list, and a media type the generator
/// does not read. schemathesis sent each as valid and was answered 415. A response keeps
/// what it declares.
#[test]
fn request_media_left_out_leave_the_bundle() {
    let a = lowered(
        "  /d:\n    post:\n      operationId: d\n      requestBody:\n        content:\n          application/json: \
         {schema: {oneOf: [{type: string}, {type: integer}]}}\n          \
         multipart/form-data: {schema: {oneOf: [{type: string}, {type: integer}]}}\n      responses: {'204': {description: ok}}\n  /e:\n    post:\n      operationId: e\n      \
         requestBody:\n        content:\n          application/json: {schema: {type: array, items: {type: \
         string}}}\n          application/x-www-form-urlencoded: {schema: {type: array, items: {type: string}}}\n          \
         application/xml: {schema: {type: array, items: {type: string}}}\n      responses:\n        '200':\n          \
         description: ok\n          content:\n            application/json: {schema: {type: string}}\n            \
         application/xml: {schema: {type: string}}\n",
    );
    let doc: serde_json::Value = serde_json::from_str(&a.bundled).expect("JSON");
    let keys = |pointer: &str| -> Vec<String> {
        doc.pointer(pointer).and_then(|c| c.as_object()).expect(pointer).keys().cloned().collect()
    };
    assert_eq!(keys("/paths/~1d/post/requestBody/content"), ["application/json"], "{}", a.report.lines());
    assert_eq!(keys("/paths/~1e/post/requestBody/content"), ["application/json"], "{}", a.report.lines());
    assert_eq!(keys("/paths/~1e/post/responses/200/content"), ["application/json", "application/xml"]);
    for left in ["`multipart/form-data` is not offered", "`application/x-www-form-urlencoded` is not offered"] {
        assert!(a.report.lines().contains(left), "{left}: {}", a.report.lines());
    }
}
