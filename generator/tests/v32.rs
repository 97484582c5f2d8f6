//! OpenAPI 3.2 input: a 3.2 spec and the 3.1 spec that says the same thing generate the
//! same crate, byte for byte; what 3.2 adds that the generator cannot express is a located
//! warning, each costing only its part. The fixtures in `tests/v32/` stream (SSE and JSON
//! Lines through `itemSchema`) and use every rewrite `v32` makes.

use std::collections::BTreeMap;
use std::path::Path;

/// Generates from one fixture, read under the same name for both versions so the
/// `@generated … from <spec>` headers match.
fn generate(fixture: &str) -> generator::Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/v32").join(fixture);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let files: BTreeMap<String, String> = [("chat.yaml".to_string(), text)].into();
    let options = generator::Options { root: "chat.yaml".into(), display_prefix: String::new(), ..Default::default() };
    generator::generate(&files, &options).unwrap_or_else(|report| panic!("{fixture}:\n{}", report.lines()))
}

#[test]
fn equivalent_3_1_and_3_2_specs_generate_identical_crates() {
    let v31 = generate("chat-3.1.yaml");
    let v32 = generate("chat-3.2.yaml");
    let paths = |o: &generator::Output| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&v31), paths(&v32));
    for (a, b) in v31.files.iter().zip(&v32.files) {
        if a.contents != b.contents {
            let line = a.contents.lines().zip(b.contents.lines()).position(|(x, y)| x != y);
            let show = |c: &str| line.and_then(|l| c.lines().nth(l)).unwrap_or("(shorter)").to_string();
            panic!(
                "{} differs at line {:?}:\n 3.1: {}\n 3.2: {}",
                a.path,
                line.map(|l| l + 1),
                show(&a.contents),
                show(&b.contents)
            );
        }
    }
    assert_eq!(v31.report.lines(), "");
    insta::assert_snapshot!(v32.report.lines());
    // The streams are typed: events of `Chunk` data, lines of `LogLine`, events of text.
    let models = &v32.files.iter().find(|f| f.path == "src/models.rs").expect("models").contents;
    for expected in [
        "Ok(crate::stream::Items<crate::stream::Event<self::Chunk>>)",
        "Ok(crate::stream::Items<self::LogLine>)",
        "Ok(crate::stream::Items<crate::stream::Event<String>>)",
        "OkStream(crate::stream::Items<crate::stream::Event<self::Chunk>>)",
    ] {
        assert!(models.contains(expected), "models.rs lacks {expected:?}");
    }
    // The chat completion answers JSON or the stream, which `streaming()` asks for.
    let client = &v32.files.iter().find(|f| f.path == "src/client/mod.rs").expect("client").contents;
    assert!(client.contains("pub fn streaming(mut self) -> Self"), "no `streaming()`");
    // 3.2's tag `parent` and `kind` (3.1's `x-parent` and `x-kind`): the crate's docs draw
    // the tree, and each operation's docs name its tag by path, on both sides.
    let lib = &v32.files.iter().find(|f| f.path == "src/lib.rs").expect("lib").contents;
    assert!(
        lib.contains("//! # Tags\n//!\n//! Each tag has a module in [`tags`], which lists its operations.\n//!\n//! - chat: Chatting\n//!   - streams (kind: nav): Streamed answers\n"),
        "{lib}"
    );
    let server = &v32.files.iter().find(|f| f.path == "src/server/mod.rs").expect("server").contents;
    for (side, text) in [("client", client), ("server", server)] {
        assert!(text.contains("/// Tag: chat › streams.\n"), "the {side} does not name the tag's path");
    }
    // 3.2's security schemes (3.1's `x-oauth2-metadata-url`, `x-device-authorization` and
    // `x-deprecated`): where tokens come from is in `auth`, named by both sides' docs,
    // and a deprecated scheme says so on both sides.
    for expected in [
        "pub mod auth {",
        "pub mod oauth {",
        "pub const METADATA_URL: &str = \"https://auth.example.com/.well-known/oauth-authorization-server\";",
        "pub mod device_authorization {",
        "pub const DEVICE_AUTHORIZATION_URL: &str = \"https://auth.example.com/device\";",
        "pub const TOKEN_URL: &str = \"https://auth.example.com/token\";",
        "pub const SCOPES: &[(&str, &str)] = &[(\"chat\", \"Read and write chats\")];",
        "pub mod client_credentials {",
    ] {
        assert!(lib.contains(expected), "lib.rs lacks {expected:?}");
    }
    for (side, text) in [("client", client), ("server", server)] {
        assert!(text.contains("is in `crate::auth::oauth`."), "the {side} does not point at `auth`");
        assert!(
            text.contains("(security scheme `legacy`).\n    ///\n    /// Deprecated by the spec.")
                || text.contains(
                    "`legacy`: the token of `Authorization: Bearer …`.\n    ///\n    /// Deprecated by the spec."
                ),
            "the {side} does not say `legacy` is deprecated"
        );
    }
}

/// Odd values where 3.2's additions expect objects: each ends in output or in located
/// diagnostics, never in a panic.
#[test]
fn odd_3_2_values_end_in_located_diagnostics() {
    let media = [
        "{itemSchema: 3}",
        "{itemSchema: {oneOf: 3}}",
        "{itemSchema: {properties: 3}}",
        "{itemSchema: {properties: {data: 3}}}",
        "{itemSchema: {properties: {data: {contentMediaType: 3, contentSchema: 4}}}}",
        "{itemSchema: {$ref: 3}}",
        "{$ref: '#/components/mediaTypes/Missing'}",
        "{itemEncoding: 3, prefixEncoding: [], itemSchema: {oneOf: [{}, 3]}}",
    ];
    for m in media {
        for media_type in ["text/event-stream", "application/jsonl", "application/json"] {
            let spec = format!(
                "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\n$self: 3\ntags: [3, {{name: a, parent: 3, kind: []}}]\n\
                 paths:\n  /a:\n    query: 3\n    additionalOperations: 3\n    get:\n      parameters: [3, {{in: querystring}}]\n      \
                 responses:\n        '200':\n          content:\n            '{media_type}': {m}\n"
            );
            let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.clone())].into();
            let options =
                generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
            if let Err(report) = generator::generate(&files, &options) {
                for d in &report.diagnostics {
                    assert!(d.location.is_some(), "{spec}\nunlocated: {d}");
                    assert!(!d.message.contains("panic"), "{spec}\n{d}");
                }
            }
        }
    }
}

/// The QUERY method and `additionalOperations` are operations like the others, sent and
/// routed by their method; `in: querystring` is the whole query string, as a form or as
/// JSON. What cannot be generated is a located warning costing only itself.
#[test]
fn query_additional_operations_and_querystring_are_generated() {
    let out = generate("methods.yaml");
    insta::assert_snapshot!(out.report.lines());
    let file = |path: &str| &out.files.iter().find(|f| f.path == path).expect(path).contents;
    let client = file("src/client/mod.rs");
    for expected in [
        "method: runtime::method(b\"QUERY\")?",
        "method: runtime::method(b\"LINK\")?",
        "runtime::wire::query_string_form(&mut query, \"filter\", v)?;",
        "runtime::wire::query_string_json(&mut query, \"q\", v)?;",
        "pub fn query_things(",
        "pub fn link_things(",
    ] {
        assert!(client.contains(expected), "client lacks {expected:?}");
    }
    assert!(client.contains("pub fn mixed(") && client.contains("pub fn page("), "the query parameter is kept");
    for absent in ["spaced", "post_again", "thing_changed_query", "query_string_json(&mut query, \"all\""] {
        assert!(!client.contains(absent), "client has {absent:?}");
    }
    let server = file("src/server/mod.rs");
    for expected in [
        "\"QUERY\" => handle_query_things(api, request).await,",
        "\"LINK\" => handle_link_things(api, request).await,",
        "method_not_allowed_but",
        "\"GET,HEAD,QUERY,LINK\"",
        "wire::query_string_form(",
        "query_string_json(parts.uri.query(), \"q\")?",
    ] {
        assert!(server.contains(expected), "server lacks {expected:?}");
    }
}

/// A request body of JSON Lines alone streams (3.2's `itemSchema` describes each item):
/// the client sends `Items` through the record writer, the server reads them as they
/// arrive. Beside another media type it is read whole, with a located warning.
#[test]
fn a_json_lines_request_body_streams_when_alone() {
    let spec = |content: &str| {
        format!(
            "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: send\n      \
             requestBody:\n        content:\n{content}      responses: {{'204': {{description: done}}}}\n"
        )
    };
    let lines = "          application/jsonl: {itemSchema: {type: object, properties: {n: {type: integer}}}}\n";
    let generate = |text: String| {
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), text)].into();
        let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
        generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()))
    };
    let file = |out: &generator::Output, path: &str| {
        out.files.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap_or_default()
    };
    let alone = generate(spec(lines));
    assert_eq!(alone.report.lines(), "");
    assert!(file(&alone, "src/models.rs").contains("pub body: crate::stream::Items<"), "the field is a stream");
    assert!(file(&alone, "src/client/mod.rs").contains("crate::stream::send::records("));
    assert!(file(&alone, "src/server/mod.rs").contains("crate::stream::receive::records("));
    assert!(file(&alone, "Cargo.toml").contains("features = [\"http2\", \"stream\"]"));
    let beside = generate(spec(&format!("{lines}          application/json: {{schema: {{type: object}}}}\n")));
    let report = beside.report.lines();
    assert!(report.contains("#/paths/~1a/post/requestBody") && report.contains("streams only when"), "{report}");
    assert!(!file(&beside, "src/client/mod.rs").contains("crate::stream::send::records("));
}

/// A tag tree with faults: a parent no tag declares, a loop, a tag declared twice and a
/// kind that is not a string. Each is a located warning, and the tag stands at the top
/// level; the tree that remains is drawn in order.
#[test]
fn faulty_tag_parents_are_located_warnings() {
    let spec = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\ntags:\n  - {name: a, parent: nobody}\n  \
                - {name: b, parent: c}\n  - {name: c, parent: b}\n  - {name: d, parent: c, kind: badge}\n  \
                - {name: a}\n  - {name: e, x-kind: [1]}\npaths:\n  /x:\n    get:\n      tags: [d, f]\n      \
                responses: {'204': {description: none}}\n";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()));
    let lib = &out.files.iter().find(|f| f.path == "src/lib.rs").expect("lib").contents;
    let tree: Vec<&str> = lib.lines().skip_while(|l| *l != "//! # Tags").take_while(|l| l.starts_with("//!")).collect();
    insta::assert_snapshot!(format!("{}\n\n{}", out.report.lines(), tree.join("\n")));
    let client = &out.files.iter().find(|f| f.path == "src/client/mod.rs").expect("client").contents;
    assert!(client.contains("/// Tags: c › d, f.\n"), "{client}");
}

/// `itemEncoding` and `prefixEncoding` where they do not apply (the body is not multipart,
/// or not an array) are never dropped silently: each is a warning at its own key that
/// says why, and the rest of the operation is generated.
#[test]
fn positional_multipart_encodings_are_located_warnings() {
    let check = |media_type: &str, schema: &str, expect: &str| {
        let spec = format!(
            "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    post:\n      operationId: send\n      \
             requestBody:\n        content:\n          '{media_type}':\n            schema: {schema}\n            \
             itemEncoding: {{contentType: application/json}}\n            prefixEncoding: [{{contentType: text/plain}}]\n\
             \x20         application/json: {{schema: {{type: object}}}}\n      responses: {{'204': {{description: none}}}}\n"
        );
        let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.clone())].into();
        let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
        let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{spec}\n{}", report.lines()));
        let lines = out.report.lines();
        for key in ["itemEncoding", "prefixEncoding"] {
            let pointer = format!(
                "(#/paths/~1x/post/requestBody/content/{}/{key}): `{key}` {expect}",
                media_type.replace('/', "~1")
            );
            assert!(lines.contains(&pointer), "{media_type} {schema}: no {pointer:?} in\n{lines}");
        }
        assert!(out.files.iter().any(|f| f.path == "src/client/mod.rs" && f.contents.contains("pub fn send(")));
    };
    check(
        "multipart/mixed",
        "{type: string}",
        "describes the parts of a multipart body whose `schema` is an array (one item a part), which this body's is not",
    );
    check(
        "multipart/form-data",
        "{type: object, properties: {a: {type: string}}}",
        "describes the parts of a multipart body that is an array; this body is an object",
    );
    check(
        "application/x-www-form-urlencoded",
        "{type: object}",
        "describes the parts of a multipart body, which `application/x-www-form-urlencoded` is not",
    );
}

/// A multipart body that is an array is a part per item: the client writes, and the
/// server reads, each position's part with the media types `prefixEncoding` and
/// `itemEncoding` declare (the chat fixtures' `attach` has the same in 3.1, as the
/// registry's `x-oai-…` extensions). What an Encoding Object says that such a part cannot
/// carry is a warning at its key, and the rest is generated.
#[test]
fn multipart_arrays_are_a_part_per_item_and_what_they_cannot_carry_is_located() {
    let out = generate("chat-3.2.yaml");
    // Compared without whitespace, which the formatter places as lines allow.
    let text = |path: &str| -> String {
        let file = out.files.iter().find(|f| f.path == path).expect("file");
        file.contents.split_whitespace().collect()
    };
    let (client, server) = (text("src/client/mod.rs"), text("src/server/mod.rs"));
    assert!(client.contains("pubfnattach(&self,body:Vec<crate::File>)"), "{client}");
    assert!(client.contains("runtime::wire::multipart_items(\"multipart/mixed\",&parts,)?"), "{client}");
    let declared = "declared_type(&[&[\"image/png\"]],&[\"application/pdf\",\"application/*\"],i,)";
    assert!(client.contains(declared), "the client does not declare the positions' types:\n{client}");
    assert!(server.contains(".items(&[&[\"image/png\"]],&[\"application/pdf\",\"application/*\"],)?"), "{server}");

    let spec = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      operationId: send\n      \
                requestBody:\n        content:\n          multipart/mixed:\n            schema: {type: array, items: {type: \
                integer}}\n            prefixEncoding:\n              - {contentType: text/plain, headers: {X-A: {schema: \
                {}}}, style: form}\n              - 3\n              - {contentType: 4, itemEncoding: {}, color: red, \
                x-ok: 1}\n            itemEncoding: {explode: true}\n      responses: {'204': {description: none}}\n  \
                /y:\n    post:\n      operationId: other\n      requestBody:\n        content:\n          \
                multipart/mixed:\n            schema: {type: array, items: {type: integer}}\n            prefixEncoding: 5\n      \
                responses: {'204': {description: none}}\n";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()));
    let lines = out.report.lines();
    let at = "#/paths/~1x/post/requestBody/content/multipart~1mixed";
    for (pointer, message) in [
        ("prefixEncoding/0/headers", "`headers` names headers of the part, which are not sent or read"),
        ("prefixEncoding/0/style", "`style` applies to `application/x-www-form-urlencoded` bodies"),
        ("prefixEncoding/1", "an Encoding Object is an object; this one is ignored"),
        ("prefixEncoding/2/contentType", "`contentType` is not a string of media types"),
        ("prefixEncoding/2/itemEncoding", "`itemEncoding` describes a multipart part's own parts"),
        ("prefixEncoding/2/color", "`color` is not a field of the Encoding Object"),
        ("itemEncoding/explode", "`explode` applies to `application/x-www-form-urlencoded` bodies"),
    ] {
        let expected = format!("({at}/{pointer}): {message}");
        assert!(lines.contains(&expected), "no {expected:?} in\n{lines}");
    }
    let expected =
        "(#/paths/~1y/post/requestBody/content/multipart~1mixed/prefixEncoding): a `prefixEncoding` is a list";
    assert!(lines.contains(expected), "no {expected:?} in\n{lines}");
    assert!(!lines.contains("x-ok"), "{lines}");
    // The first part is `text/plain`, the others declare nothing: integers are text parts.
    let client = &out.files.iter().find(|f| f.path == "src/client/mod.rs").expect("client").contents;
    let client: String = client.split_whitespace().collect();
    assert!(client.contains("declared_type(&[&[\"text/plain\"],&[],&[]],&[],i,)"), "{client}");
    assert!(client.contains("runtime::wire::Part::text(&name,v).typed(declared)"), "{client}");
}

/// 3.2's security scheme additions with values of the wrong shape: each a warning at its
/// key, the scheme still generated (a bearer token for OAuth 2.0, device flow or not).
#[test]
fn odd_security_scheme_values_are_located_warnings() {
    let spec = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\nsecurity: [{a: []}]\npaths:\n  /x:\n    get:\n      \
                operationId: get\n      responses: {'204': {description: none}}\ncomponents:\n  securitySchemes:\n    \
                a:\n      type: oauth2\n      oauth2MetadataUrl: 3\n      deprecated: yes please\n      flows:\n        \
                deviceAuthorization: {tokenUrl: 'https://t', scopes: {}}\n";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()));
    insta::assert_snapshot!(out.report.lines());
    let client = &out.files.iter().find(|f| f.path == "src/client/mod.rs").expect("client").contents;
    assert!(client.contains("self.bearer_for(\"a\", token.into())"), "{client}");
}

/// The `tags` module follows the tag tree, a module per tag named by the naming rules: a
/// keyword escaped, two names that meet after snake-casing numbered in declaration order
/// (per parent: the same name under two parents is no collision), a name with no letter
/// `tag`. Each module lists and re-exports its operations' types, once for an operation
/// that names its tag twice; the client's and server's links are under their features.
#[test]
fn tags_become_nested_documentation_modules() {
    let spec = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\ntags:\n  - {name: Pet Store, kind: nav}\n  \
                - {name: pet-store, description: 'Also [pets] <b>'}\n  - {name: type, parent: Pet Store}\n  \
                - {name: Dogs, parent: type}\n  - {name: '$', parent: pet-store}\n  - {name: dogs, parent: '$'}\n\
                paths:\n  /x:\n    get:\n      operationId: getX\n      tags: [Dogs, Dogs]\n      \
                responses: {'204': {description: none}}\n  /y:\n    get:\n      operationId: getY\n      \
                responses: {'204': {description: none}}\n";
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec.to_string())].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()));
    let lib = &out.files.iter().find(|f| f.path == "src/lib.rs").expect("lib").contents;
    let tags = &lib[lib.find("pub mod tags {").expect("no `tags` module")..];
    let tree: Vec<&str> = tags.lines().filter(|l| l.trim_start().starts_with("pub mod ")).collect();
    assert_eq!(
        tree,
        [
            "pub mod tags {",
            "    pub mod pet_store {",
            "        pub mod type_ {",
            "            pub mod dogs {",
            "    pub mod pet_store_2 {",
            "        pub mod tag {",
            "            pub mod dogs {",
        ],
        "{tags}"
    );
    // The tag's text is spec text, escaped as other docs are; its kind and path are given.
    assert!(tags.contains("//! The tag Pet Store (kind: nav).\n"), "{tags}");
    assert!(tags.contains("//! Also \\[pets\\] \\<b\\>\n"), "{tags}");
    assert!(tags.contains("//! The tag Pet Store › type › Dogs.\n"), "{tags}");
    // `getX` names `Dogs` twice and is listed, and re-exported, once; `getY` has no tag.
    assert_eq!(tags.matches("- `getX`: GET `/x`").count(), 1, "{tags}");
    assert_eq!(tags.matches("pub use crate::models::{GetXRequest, GetXResponse};").count(), 1, "{tags}");
    assert!(!tags.contains("getY"), "{tags}");
    assert!(tags.contains("feature = \"client\",\n") && tags.contains("crate::client::Client::get_x"), "{tags}");
    assert!(tags.contains("feature = \"server\",\n") && tags.contains("crate::server::Api::get_x"), "{tags}");
    // The crate's docs point to it.
    assert!(lib.contains("//! Each tag has a module in [`tags`], which lists its operations.\n"), "{lib}");
}

/// Tags nested deeper than the module tree goes (16 levels) are a located warning, and the
/// deeper tags' modules stand at the last level, beside each other, still uniquely named.
#[test]
fn deeply_nested_tags_stop_nesting_modules_with_a_warning() {
    let mut spec = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\ntags:\n  - {name: t0}\n".to_string();
    for i in 1..20 {
        spec.push_str(&format!("  - {{name: t{i}, parent: t{}}}\n", i - 1));
    }
    spec.push_str("  - {name: T19, parent: t18}\npaths: {}\n");
    let files: BTreeMap<String, String> = [("s.yaml".to_string(), spec)].into();
    let options = generator::Options { root: "s.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let out = generator::generate(&files, &options).unwrap_or_else(|report| panic!("{}", report.lines()));
    let lines = out.report.lines();
    assert!(lines.contains("(#/tags): tags nest deeper than 16 levels"), "{lines}");
    let lib = &out.files.iter().find(|f| f.path == "src/lib.rs").expect("lib").contents;
    let tags = &lib[lib.find("pub mod tags {").expect("no `tags` module")..];
    let deepest =
        tags.lines().filter(|l| l.trim_start().starts_with("pub mod ")).map(|l| l.len() - l.trim_start().len());
    assert_eq!(deepest.max(), Some(4 * 17), "{tags}");
    for module in ["pub mod t16 {", "pub mod t17 {", "pub mod t18 {", "pub mod t19 {", "pub mod t19_2 {"] {
        assert_eq!(tags.matches(module).count(), 1, "{module} in\n{tags}");
    }
}
