//! Each emitter declares the names it puts beside the spec's (`RESERVED_*`), and lowering
//! keeps the spec's names clear of them. These tests hold the declarations to the truth:
//! they parse what the emitters emit for a spec that uses every kind of name, and what
//! the runtime templates define, and compare the names found with the names declared.
//! A runtime method or an emitted item added without declaring it fails here, instead
//! of colliding one day with an operation or parameter that happens to share its name.

use std::collections::{BTreeMap, BTreeSet};

use syn::{FnArg, ImplItem, Item, Pat, TraitItem, UseTree};

use super::{Artifact, client, examples, receiver, round_trip, sender, server};
use crate::ir::Api;
use crate::ir::contract;

/// Every kind of name the emitters derive from a spec: required and optional parameters
/// in each location, required and optional bodies (JSON and binary), each kind of security
/// scheme, and responses with and without bodies, for one status, a range and `default`,
/// and a list (whose pending call has a `stream`), and a response header (whose name is a
/// `const` in the modules' `header_names`).
const SPEC: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: getThing
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: tags, in: query, required: true, schema: {type: array, items: {type: string}}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          headers: {X-Rate: {schema: {type: integer}}}
          content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}
        '4XX': {description: client error}
        default: {description: other, content: {application/json: {schema: {type: string}}}}
    put:
      operationId: putThing
      parameters:
        - {name: check, in: query, schema: {type: string}, example: spot}
      requestBody: {required: true, content: {application/json: {schema: {type: string}}}}
      responses: {'204': {description: done}}
    post:
      operationId: postThing
      requestBody: {content: {application/json: {schema: {type: integer}}, application/merge-patch+json: {schema: {type: integer}}}}
      responses: {'204': {description: done}}
    patch:
      operationId: patchThing
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
      responses: {'200': {description: ok, content: {image/png: {schema: {type: string, format: binary}}}}}
  /list:
    get:
      operationId: listThings
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
  /chat:
    post:
      operationId: chat
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {stream: {type: boolean}}}}}
      responses:
        '200':
          description: JSON, or a stream by `stream`
          content:
            application/json: {schema: {type: object}}
            text/event-stream: {schema: {type: object}}
  /ping:
    get:
      operationId: ping
      security: []
      responses: {'204': {description: pong}}
      callbacks:
        onPong:
          '{$request.query.url}':
            post:
              operationId: pong
              parameters:
                - {name: X-Hook, in: header, schema: {type: string}}
              requestBody: {content: {application/json: {schema: {type: string}}}}
              responses:
                '200': {description: ok, headers: {X-Seen: {schema: {type: integer}}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    query_key: {type: apiKey, in: query, name: key}
    token: {type: http, scheme: bearer}
    user: {type: http, scheme: basic}
security:
  - key: []
";

fn api() -> Api {
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), SPEC.to_string())].into();
    let options = crate::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    match crate::analyse(&files, &options) {
        Ok(a) => a.api,
        Err(report) => panic!("the test spec lowers:\n{}", report.lines()),
    }
}

fn parse(artifact: Artifact<'_>) -> syn::File {
    let mut tokens = artifact.head;
    tokens.extend(artifact.items.map(super::Chunk::into_tokens));
    syn::parse2(tokens).expect("emitted code parses")
}

fn template(text: &str) -> syn::File {
    syn::parse_file(text).expect("the template parses")
}

/// The server runtime's rooms (`templates/server_runtime.rs` and the files of
/// `templates/server_runtime/`) as one file: their items together.
fn server_runtime() -> syn::File {
    let rooms = [
        include_str!("../../../templates/server_runtime.rs"),
        include_str!("../../../templates/server_runtime/rejection.rs"),
        include_str!("../../../templates/server_runtime/request.rs"),
        include_str!("../../../templates/server_runtime/responses.rs"),
        include_str!("../../../templates/server_runtime/values.rs"),
    ];
    let mut all = template(rooms[0]);
    for room in &rooms[1..] {
        all.items.extend(template(room).items);
    }
    all
}

/// The client runtime's rooms (`templates/client_runtime.rs` and the files of
/// `templates/client_runtime/`) as one file: their items together.
fn client_runtime() -> syn::File {
    let rooms = [
        include_str!("../../../templates/client_runtime.rs"),
        include_str!("../../../templates/client_runtime/builder.rs"),
        include_str!("../../../templates/client_runtime/call.rs"),
        include_str!("../../../templates/client_runtime/credentials.rs"),
        include_str!("../../../templates/client_runtime/encoding.rs"),
        include_str!("../../../templates/client_runtime/error.rs"),
        include_str!("../../../templates/client_runtime/links.rs"),
        include_str!("../../../templates/client_runtime/pages.rs"),
        include_str!("../../../templates/client_runtime/response.rs"),
        include_str!("../../../templates/client_runtime/retry.rs"),
    ];
    let mut all = template(rooms[0]);
    for room in &rooms[1..] {
        all.items.extend(template(room).items);
    }
    all
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

/// The type an inherent `impl` block is for, by its last path segment.
fn impl_target(i: &syn::ItemImpl) -> Option<String> {
    if i.trait_.is_some() {
        return None;
    }
    match &*i.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The methods of a type's inherent `impl` blocks, with their arguments' names.
fn inherent_fns(file: &syn::File, ty: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let Item::Impl(i) = item else { continue };
        if impl_target(i).as_deref() != Some(ty) {
            continue;
        }
        for it in &i.items {
            if let ImplItem::Fn(f) = it {
                out.insert(f.sig.ident.to_string(), arg_names(&f.sig));
            }
        }
    }
    out
}

fn arg_names(sig: &syn::Signature) -> Vec<String> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => match &*t.pat {
                // An unused argument keeps its name behind an underscore.
                Pat::Ident(p) => Some(p.ident.to_string().trim_start_matches('_').to_string()),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The names a `use` brings into scope.
fn use_names(tree: &UseTree, out: &mut BTreeSet<String>) {
    match tree {
        UseTree::Path(p) => use_names(&p.tree, out),
        UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        UseTree::Glob(_) => {}
    }
}

/// The names a module's top level brings into scope: its items and its imports.
fn item_names(file: &syn::File) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in &file.items {
        let name = match item {
            Item::Struct(i) => i.ident.to_string(),
            Item::Enum(i) => i.ident.to_string(),
            Item::Fn(i) => i.sig.ident.to_string(),
            Item::Mod(i) => i.ident.to_string(),
            Item::Trait(i) => i.ident.to_string(),
            Item::Type(i) => i.ident.to_string(),
            Item::Const(i) => i.ident.to_string(),
            Item::Static(i) => i.ident.to_string(),
            Item::Use(u) => {
                use_names(&u.tree, &mut out);
                continue;
            }
            _ => continue,
        };
        out.insert(name);
    }
    out
}

fn without(all: impl IntoIterator<Item = String>, spec: &BTreeSet<String>) -> BTreeSet<String> {
    all.into_iter().filter(|n| !spec.contains(n)).collect()
}

#[test]
fn client_methods_are_the_runtime_clients() {
    let api = api();
    let runtime = client_runtime();
    let declared = set(contract::CLIENT_METHODS);
    assert_eq!(inherent_fns(&runtime, "Client").into_keys().collect::<BTreeSet<_>>(), declared);
    let ops: BTreeSet<String> =
        api.operations.iter().flat_map(|o| [o.fn_name.clone(), o.with_fn_name.clone()]).collect();
    let emitted = parse(client::client(&api));
    assert_eq!(without(inherent_fns(&emitted, "Client").into_keys(), &ops), BTreeSet::new());
}

#[test]
fn builder_methods_are_the_runtime_builders() {
    let api = api();
    let runtime = client_runtime();
    let declared = set(contract::BUILDER_METHODS);
    assert_eq!(inherent_fns(&runtime, "ClientBuilder").into_keys().collect::<BTreeSet<_>>(), declared);
    let schemes: BTreeSet<String> = api.security_schemes.iter().map(|s| s.ident.clone()).collect();
    assert_eq!(schemes.len(), 4, "the test spec has every kind of scheme");
    let emitted = parse(client::client(&api));
    assert_eq!(without(inherent_fns(&emitted, "ClientBuilder").into_keys(), &schemes), BTreeSet::new());
}

#[test]
fn pending_calls_and_the_client_module_declare_their_own_names() {
    let api = api();
    let emitted = parse(client::client(&api));
    let mut own_methods = BTreeSet::new();
    for op in &api.operations {
        let setters: BTreeSet<String> =
            op.params.iter().map(|p| p.name.clone()).chain(op.body.iter().map(|b| b.name.clone())).collect();
        own_methods.extend(without(inherent_fns(&emitted, &op.call_type).into_keys(), &setters));
    }
    assert_eq!(own_methods, set(contract::CALL_METHODS));
    let call_types: BTreeSet<String> = api.operations.iter().map(|o| o.call_type.clone()).collect();
    assert_eq!(without(item_names(&emitted), &call_types), set(contract::CLIENT_ITEMS));
}

#[test]
fn the_server_module_and_trait_declare_their_own_names() {
    let api = api();
    let emitted = parse(server::server(&api));
    let private: BTreeSet<String> =
        api.operations.iter().flat_map(|o| [o.handler_fn.clone(), o.reader_fn.clone()]).collect();
    assert_eq!(without(item_names(&emitted), &private), set(contract::SERVER_ITEMS));
    let trait_fns: Vec<String> = emitted
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Trait(t) if t.ident == "Api" => Some(t),
            _ => None,
        })
        .flat_map(|t| &t.items)
        .filter_map(|i| match i {
            TraitItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    let ops: BTreeSet<String> = api.operations.iter().map(|o| o.fn_name.clone()).collect();
    assert_eq!(without(trait_fns, &ops), set(contract::TRAIT_METHODS));
}

#[test]
fn the_sender_and_the_receiver_declare_their_own_names() {
    let api = api();
    assert_eq!(api.webhooks.len(), 1, "the test spec has a callback");
    let mut runtime = template(include_str!("../../../templates/webhook_runtime.rs"));
    for room in [
        include_str!("../../../templates/webhook_runtime/receiver.rs"),
        include_str!("../../../templates/webhook_runtime/sender.rs"),
        include_str!("../../../templates/webhook_runtime/signatures.rs"),
    ] {
        runtime.items.extend(template(room).items);
    }
    // The sender's methods live among the webhooks' methods, named clear of the client's.
    let sender_fns: BTreeSet<String> = inherent_fns(&runtime, "Sender").into_keys().collect();
    assert!(sender_fns.is_subset(&set(contract::CLIENT_METHODS)), "{sender_fns:?}");
    let emitted = parse(sender::sender(&api));
    let call_types: BTreeSet<String> = api.webhooks.iter().map(|o| o.call_type.clone()).collect();
    assert_eq!(without(item_names(&emitted), &call_types), set(contract::SENDER_ITEMS));
    let emitted = parse(receiver::receiver(&api));
    let private: BTreeSet<String> =
        api.webhooks.iter().flat_map(|o| [o.handler_fn.clone(), o.reader_fn.clone()]).collect();
    assert_eq!(without(item_names(&emitted), &private), set(contract::RECEIVER_ITEMS));
    // What the receiver re-exports, the runtime defines; it imports the models besides.
    let defined = item_names(&runtime);
    let mut imports = BTreeSet::new();
    for item in &emitted.items {
        if let Item::Use(u) = item {
            let mut names = BTreeSet::new();
            use_names(&u.tree, &mut names);
            imports.extend(names.into_iter().filter(|n| !defined.contains(n)));
        }
    }
    assert_eq!(imports, set(&[contract::MODELS]));
}

#[test]
fn reserved_runtime_names_are_the_templates_items() {
    // What each module re-exports from its runtime (and `runtime` itself) is reserved;
    // those names must be items the template really defines.
    let cases = [(contract::CLIENT_ITEMS, client_runtime()), (contract::SERVER_ITEMS, server_runtime())];
    let api = api();
    let modules = [parse(client::client(&api)), parse(server::server(&api))];
    for ((reserved, runtime), emitted) in cases.into_iter().zip(&modules) {
        let defined = item_names(&runtime);
        let mut imported = BTreeSet::new();
        for item in &emitted.items {
            // Only the runtime's re-exports (`server::Mock` comes from the emitted `mock`).
            if let Item::Use(u) = item {
                if matches!(&u.tree, syn::UseTree::Path(p) if p.ident == "runtime") {
                    use_names(&u.tree, &mut imported);
                }
            }
        }
        assert!(!imported.is_empty());
        for name in &imported {
            assert!(defined.contains(name), "`{name}` is re-exported but the runtime does not define it");
            assert!(reserved.contains(&name.as_str()), "`{name}` is re-exported but not reserved");
        }
    }
}

#[test]
fn the_examples_test_declares_its_own_names() {
    let api = api();
    assert!(!api.examples.is_empty(), "the test spec has examples");
    let tests: BTreeSet<String> = api.examples.iter().map(|e| e.name.clone()).collect();
    let emitted = parse(examples::examples(&api));
    assert_eq!(without(item_names(&emitted), &tests), set(contract::EXAMPLES_ITEMS));
}

#[test]
fn request_building_arguments_are_reserved_from_parameters() {
    let api = api();
    let request_fields: BTreeSet<String> = api
        .operations
        .iter()
        .flat_map(|o| o.params.iter().map(|p| p.name.clone()).chain(o.body.iter().map(|b| b.name.clone())))
        .collect();
    let client = parse(client::client(&api));
    let mut arguments: Vec<String> = inherent_fns(&client, "Client").into_values().flatten().collect();
    // The trait's operation methods; its provided methods never see a request.
    let ops: BTreeSet<String> = api.operations.iter().map(|o| o.fn_name.clone()).collect();
    let server = parse(server::server(&api));
    for item in &server.items {
        if let Item::Trait(t) = item {
            for i in &t.items {
                if let TraitItem::Fn(f) = i {
                    if ops.contains(&f.sig.ident.to_string()) {
                        arguments.extend(arg_names(&f.sig));
                    }
                }
            }
        }
    }
    assert_eq!(without(arguments, &request_fields), set(contract::PARAM_NAMES));
}

/// The prelude's names are written short only when no generated item takes one: a
/// schema or a pending call named `Option`, `String`… keeps its name, and the emitters
/// then write every prelude item by its full path.
#[test]
fn prelude_names_are_short_only_when_nothing_shadows_them() {
    let lowered = |schemas: &str, operation_id: &str| {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: \
             {operation_id}\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      \
             responses: {{'204': {{description: done}}}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
        let options = crate::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
        match crate::analyse(&files, &options) {
            Ok(a) => a.api,
            Err(report) => panic!("the test spec lowers:\n{}", report.lines()),
        }
    };
    let text = |artifact: Artifact<'_>| prettyplease::unparse(&parse(artifact));
    // `Result`, `Ok` and `Err` go short or long apart from the rest, so a schema `Result`
    // costs only them their short form.
    for (schemas, short_result) in [
        ("    Thing: {type: object, properties: {name: {type: string}}}\n", true),
        ("    Result: {type: object, properties: {name: {type: string}}}\n", false),
        ("    Ok: {type: object, properties: {name: {type: string}}}\n", false),
    ] {
        let plain = lowered(schemas, "getA");
        assert!(plain.short_prelude, "{schemas}");
        assert_eq!(plain.short_result, short_result, "{schemas}");
        let models = text(super::models::models(&plain));
        assert!(models.contains("pub name: Option<String>,"), "{models}");
        let client = text(client::client(&plain));
        let (returns, answers) = if short_result {
            (") -> Result<Response<models::GetAResponse>, Error> {", "Ok(raw.into_response(body))")
        } else {
            (
                ") -> ::std::result::Result<Response<models::GetAResponse>, Error> {",
                "::std::result::Result::Ok(raw.into_response(body))",
            )
        };
        assert!(client.contains(returns) && client.contains(answers), "{client}");
    }
    for (schemas, operation_id) in [
        ("    Option: {type: object, properties: {name: {type: string}}}\n", "getA"),
        ("    Thing: {type: object, properties: {name: {type: string}}}\n", "string"),
    ] {
        let api = lowered(schemas, operation_id);
        assert!(!api.short_prelude, "{schemas} {operation_id}");
        let models = text(super::models::models(&api));
        assert!(models.contains("pub name: ::std::option::Option<::std::string::String>,"), "{models}");
        let client = text(client::client(&api));
        assert!(client.contains("q: ::std::option::Option::None,"), "{client}");
        assert!(!client.contains(" Some("), "{client}");
    }
}

/// The round-trip test names the crate's types `models::X` after one `use` of the
/// crate's `models`, and calls its own `json` and `round_trip`: that holds only while
/// nothing the spec names reaches the file's top level. Schemas and operations named
/// like those items must not add a name there.
#[test]
fn the_round_trip_test_declares_only_its_own_names() {
    let spec = r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /models/{json}:
    get:
      operationId: json
      parameters:
        - {name: json, in: path, required: true, schema: {type: string}}
        - {name: models, in: query, schema: {$ref: '#/components/schemas/models'}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Recording'}}}}
  /round_trip:
    post:
      operationId: round_trip
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/String'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Vec'}}}}
components:
  schemas:
    models: {type: object, properties: {json: {type: integer}}}
    Recording: {type: object, properties: {round_trip: {type: string}}}
    String: {type: object, properties: {models: {type: boolean}}}
    Vec: {type: array, items: {$ref: '#/components/schemas/Recording'}}
";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = crate::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let api = match crate::analyse(&files, &options) {
        Ok(a) => a.api,
        Err(report) => panic!("the test spec lowers:\n{}", report.lines()),
    };
    let emitted = parse(round_trip::round_trip(&api));
    let names: BTreeSet<String> = item_names(&emitted).into_iter().filter(|n| !n.starts_with("SAMPLE_")).collect();
    assert_eq!(
        names,
        set(&[
            "Mutex",
            "Recording",
            "call_other_server",
            "every_operation_against_another_server",
            "every_operation_round_trips",
            "json",
            "models",
            "round_trip",
            "sample"
        ])
    );
}
