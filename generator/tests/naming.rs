//! Naming and deduplication, table-driven: a minimal inline spec in, a one-line-per-item
//! summary of the IR (and the warnings) out.

use std::collections::BTreeMap;

use generator::ir::{Api, TypeKind, TypeRef};

fn ty(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".into(),
        TypeRef::Integer { bits } => format!("i{bits}"),
        TypeRef::Number { bits } => format!("f{bits}"),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Format(f) => format!("{f:?}"),
        TypeRef::Any => "Value".into(),
        TypeRef::Array(i) => format!("[{}]", ty(api, i)),
        TypeRef::Map(i) => format!("{{{}}}", ty(api, i)),
        TypeRef::Named(id) => api.ty(*id).name.clone(),
        TypeRef::ErrorMessage => "ErrorMessage".into(),
        TypeRef::File => "File".into(),
    }
}

fn summary(api: &Api) -> String {
    let mut out = String::new();
    for t in &api.types {
        let body = match &t.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let wire = if f.name == f.wire_name { String::new() } else { format!(" as {:?}", f.wire_name) };
                        format!("{}{wire}: {}{}", f.name, ty(api, &f.ty), if f.required { "" } else { "?" })
                    })
                    .collect();
                format!("struct {{ {} }}", fields.join(", "))
            }
            TypeKind::StringEnum(e) => {
                let vs: Vec<String> = e.variants.iter().map(|v| format!("{}={:?}", v.name, v.value)).collect();
                format!("enum {{ {} }}", vs.join(", "))
            }
            TypeKind::IntegerEnum(e) => {
                let vs: Vec<String> = e.variants.iter().map(|v| format!("{}={}", v.name, v.value)).collect();
                format!("enum {{ {} }}", vs.join(", "))
            }
            TypeKind::Union(u) => {
                let vs: Vec<String> = u.variants.iter().map(|v| format!("{}({})", v.name, ty(api, &v.ty))).collect();
                format!("union {{ {} }}", vs.join(", "))
            }
            TypeKind::Alias(t) => format!("= {}", ty(api, t)),
        };
        out.push_str(&format!("type {}: {body}\n", t.name));
    }
    for op in &api.operations {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| format!("{}: {}{}", p.name, ty(api, &p.ty), if p.required { "" } else { "?" }))
            .collect();
        let responses: Vec<String> = op.responses.iter().map(|r| r.variant.clone()).collect();
        out.push_str(&format!(
            "fn {}({}) -> {} {{ {} }}\n",
            op.fn_name,
            params.join(", "),
            op.response_type,
            responses.join(", ")
        ));
    }
    out
}

/// Lowers `paths` (and optional `components`) YAML into a summary plus warnings.
fn check(body: &str, expect: &str) {
    let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let got = match generator::analyse(&files, &options) {
        Ok(a) => {
            let warnings: String = a.report.warnings().map(|d| format!("{}\n", d.message)).collect();
            format!("{}{warnings}", summary(&a.api))
        }
        Err(report) => format!("failed\n{}", report.lines()),
    };
    assert_eq!(got.trim_end(), expect.trim(), "\n--- got ---\n{got}");
}

#[test]
fn identical_inline_schemas_share_one_type() {
    check(
        r#"
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {oneOf: [{type: integer}, {type: string}]}}
      responses: {'204': {description: done}}
  /b/{id}/{other_id}:
    delete:
      operationId: deleteB
      parameters:
        - {name: id, in: path, required: true, schema: {oneOf: [{type: integer}, {type: string}]}}
        - {name: other_id, in: path, required: true, schema: {oneOf: [{type: integer}, {type: string}]}}
      responses: {'204': {description: done}}
"#,
        "
type IntegerOrString: union { Integer(i64), String(String) }
fn get_a(id: IntegerOrString) -> GetAResponse { NoContent }
fn delete_b(id: IntegerOrString, other_id: IntegerOrString) -> DeleteBResponse { NoContent }
",
    );
}

#[test]
fn a_title_shared_by_different_shapes_is_qualified_and_nothing_is_dropped() {
    check(
        r#"
paths:
  /t:
    get:
      operationId: list_things
      responses:
        '200': {description: ok, content: {application/json: {schema: {title: Thing, type: object, properties: {id: {type: integer}}}}}}
    post:
      operationId: make_thing
      responses:
        '200': {description: ok, content: {application/json: {schema: {title: Thing, type: object, properties: {id: {type: integer}, secret: {type: string}}}}}}
"#,
        "
type ListThingsThing: struct { id: i64? }
type MakeThingThing: struct { id: i64?, secret: String? }
fn list_things() -> ListThingsResponse { Ok }
fn make_thing() -> MakeThingResponse { Ok }
2 different schemas share the title `Thing`; named `ListThingsThing` (the 200 response of `list_things`) and `MakeThingThing` (the 200 response of `make_thing`)
",
    );
}

#[test]
fn a_title_shared_by_identical_shapes_is_one_type() {
    check(
        r#"
paths:
  /t:
    get:
      operationId: a
      responses:
        '200': {description: ok, content: {application/json: {schema: {title: Thing, type: object, properties: {id: {type: integer}}}}}}
    put:
      operationId: b
      responses:
        '200': {description: ok, content: {application/json: {schema: {title: Thing, description: other words, type: object, properties: {id: {type: integer}}}}}}
"#,
        "
type Thing: struct { id: i64? }
fn a() -> AResponse { Ok }
fn b() -> BResponse { Ok }
",
    );
}

#[test]
fn keywords_and_collisions_get_valid_distinct_names() {
    check(
        r#"
paths:
  /k:
    get:
      operationId: gen
      parameters:
        - {name: type, in: query, schema: {type: string, enum: [Self, self, '1', '']}}
        - {name: self, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                title: Result
                type: object
                required: [fn]
                properties:
                  fn: {type: boolean}
                  fooBar: {type: string}
                  foo_bar: {type: string}
                  async: {type: array, items: {type: string, format: date-time}}
"#,
        r#"
type Result: struct { fn_ as "fn": bool, foo_bar as "fooBar": String?, foo_bar_2 as "foo_bar": String?, async_ as "async": [DateTime]? }
type Type: enum { Self_="Self", Self_2="self", V1="1", Empty="" }
fn gen_(type_: Type?, self_: String?) -> GenResponse { Ok }
"#,
    );
}

/// An escaped keyword keeps its underscore only where it stands alone: the names built on an
/// operation's (`self_with`, `SelfRequest`) must not carry it inside, which rustc's case
/// lints reject (`self__with`, `Self_Request`), while the pending call's type, which is the
/// bare prefix, keeps it (`Self_`). Names the client module and the server trait already
/// use (`ErrorResponse`, `error_response`) are numbered.
#[test]
fn operation_names_are_valid_rust_and_clear_of_the_runtimes() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:
  /a: {get: {operationId: self, responses: {'204': {description: ok}}}}
  /b: {get: {operationId: type, responses: {'204': {description: ok}}}}
  /c: {get: {operationId: error_response, responses: {'204': {description: ok}}}}
";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let api = generator::analyse(&files, &options).unwrap_or_else(|r| panic!("analyses:\n{}", r.lines())).api;
    let names: Vec<String> = api
        .operations
        .iter()
        .map(|o| format!("{} {} {} {} {}", o.fn_name, o.with_fn_name, o.call_type, o.request_type, o.response_type))
        .collect();
    assert_eq!(
        names,
        [
            "self_ self_with Self_ SelfRequest SelfResponse",
            "type_ type_with Type TypeRequest TypeResponse",
            "error_response_2 error_response_2_with ErrorResponse2 ErrorResponseRequest ErrorResponseResponse",
        ]
    );
}

#[test]
fn names_wanted_twice_are_qualified_by_operation() {
    check(
        r#"
paths:
  /s:
    get:
      operationId: get_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [a, b]}}}
      responses: {'204': {description: done}}
    post:
      operationId: post_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [c]}}}
        - {name: level, in: query, schema: {type: integer, enum: [0, 10]}}
      responses: {'204': {description: done}}
"#,
        r#"
type GetSScope: enum { A="a", B="b" }
type Level: enum { V0=0, V10=10 }
type PostSScope: enum { C="c" }
fn get_s(scopes: [GetSScope]?) -> GetSResponse { NoContent }
fn post_s(scopes: [PostSScope]?, level: Level?) -> PostSResponse { NoContent }
2 different schemas share the name `Scope`; named `GetSScope` (an item of the `scopes` parameter of `get_s`) and `PostSScope` (an item of the `scopes` parameter of `post_s`)
"#,
    );
}

#[test]
fn a_name_shared_by_many_schemas_lists_a_few_and_counts_the_rest() {
    // Microsoft Graph's beta spec has 987 `$select` item enums: one warning line naming all of
    // them was 150,000 characters long.
    let spec = r#"
paths:
  /s:
    get:
      operationId: get_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [get]}}}
      responses: {'204': {description: done}}
    put:
      operationId: put_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [put]}}}
      responses: {'204': {description: done}}
    post:
      operationId: post_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [post]}}}
      responses: {'204': {description: done}}
    delete:
      operationId: delete_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [delete]}}}
      responses: {'204': {description: done}}
    patch:
      operationId: patch_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [patch]}}}
      responses: {'204': {description: done}}
    head:
      operationId: head_s
      parameters:
        - {name: scopes, in: query, schema: {type: array, items: {type: string, enum: [head]}}}
      responses: {'204': {description: done}}
"#;
    check(
        spec,
        "
type DeleteSScope: enum { Delete=\"delete\" }
type GetSScope: enum { Get=\"get\" }
type HeadSScope: enum { Head=\"head\" }
type PatchSScope: enum { Patch=\"patch\" }
type PostSScope: enum { Post=\"post\" }
type PutSScope: enum { Put=\"put\" }
fn get_s(scopes: [GetSScope]?) -> GetSResponse { NoContent }
fn put_s(scopes: [PutSScope]?) -> PutSResponse { NoContent }
fn post_s(scopes: [PostSScope]?) -> PostSResponse { NoContent }
fn delete_s(scopes: [DeleteSScope]?) -> DeleteSResponse { NoContent }
fn head_s(scopes: [HeadSScope]?) -> HeadSResponse { NoContent }
fn patch_s(scopes: [PatchSScope]?) -> PatchSResponse { NoContent }
6 different schemas share the name `Scope`; named `GetSScope` (an item of the `scopes` parameter of `get_s`) and \
`PutSScope` (an item of the `scopes` parameter of `put_s`) and `PostSScope` (an item of the `scopes` parameter of \
`post_s`) and `DeleteSScope` (an item of the `scopes` parameter of `delete_s`), and 2 more named likewise after \
their places
",
    );
}

#[test]
fn component_schemas_keep_their_names_and_may_recurse() {
    check(
        r#"
paths:
  /n:
    get:
      operationId: tree
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
components:
  schemas:
    Node:
      type: object
      required: [children]
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
        labels: {type: object, additionalProperties: {type: string}}
    Option: {type: string}
"#,
        "
type Node: struct { children: [Node], parent: Node?, labels: {String}? }
type Option: = String
fn tree() -> TreeResponse { Ok }
",
    );
}

#[test]
fn spec_names_yield_to_the_names_emitters_reserve() {
    // `execute` is a method of the runtime's `Client`, `send` one of every pending call,
    // and `request` an argument of the functions that build and read a request.
    check(
        r#"
paths:
  /x:
    get:
      operationId: execute
      parameters:
        - {name: send, in: query, schema: {type: string}}
        - {name: request, in: header, schema: {type: string}}
      responses: {'204': {description: done}}
"#,
        "
fn execute_2(send_2: String?, request_2: String?) -> ExecuteResponse { NoContent }
",
    );
}

#[test]
fn aliases_that_reach_themselves_are_any_json_value() {
    check(
        r#"
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {type: array, items: {$ref: '#/components/schemas/A'}}
"#,
        "
type A: = Value
type B: = Value
the component schema `A` refers to itself only through aliases (`A` → `B`), so no type stands behind it; schema `A` is typed as any JSON value
the component schema `B` refers to itself only through aliases (`B` → `A`), so no type stands behind it; schema `B` is typed as any JSON value
",
    );
}

/// A derived schema that narrows a property of its base with `required` (and properties
/// without a type) keeps the base's types and adds the requirement: Linode's firewall body
/// is `allOf: [Firewall]` beside `rules: {required: [inbound_policy, …]}`. Replacing the
/// base's property read it as an object of optional untyped fields.
#[test]
fn a_property_narrowed_by_a_derived_schema_keeps_its_base() {
    check(
        r#"
paths:
  /f:
    post:
      operationId: create
      requestBody:
        content:
          application/json:
            schema:
              allOf: [{$ref: '#/components/schemas/Firewall'}]
              properties:
                rules: {properties: {inbound: {required: [action]}}, required: [policy]}
      responses: {'204': {description: done}}
components:
  schemas:
    Firewall:
      type: object
      properties:
        rules:
          type: object
          properties:
            inbound: {type: array, items: {type: string}}
            policy: {type: string}
"#,
        "
type CreateBody: struct { rules: CreateBodyRules? }
type CreateBodyRules: struct { inbound: [String]?, policy: String }
type Firewall: struct { rules: FirewallRules? }
type FirewallRules: struct { inbound: [String]?, policy: String? }
fn create() -> CreateResponse { NoContent }
",
    );
}
