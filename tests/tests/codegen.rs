//! The checked-in crates end to end (`generated/` from GitLab's spec, and the kitchen sink):
//! both are fresh, their warnings and file lists are snapshotted, and generation is
//! deterministic. Their contents are not snapshotted: the freshness test guards every byte,
//! and `git diff` shows what changed.

use xtask::Job;

#[test]
fn checked_in_crates_are_fresh() {
    for job in Job::checked_in() {
        let output = xtask::run(&job).unwrap_or_else(|e| panic!("{} does not generate: {e:?}", job.spec.display()));
        let drift = xtask::drift(&output, &job.out);
        assert!(
            drift.is_empty(),
            "{} is out of date (changed: {:?}, no longer generated: {:?}); run `cargo xtask codegen`",
            xtask::display(&job.out),
            drift.changed,
            drift.stale
        );
    }
}

#[test]
fn the_generated_file_list_is_snapshotted() {
    let output = xtask::run(&Job::default_job()).expect("the default spec generates");
    let paths: Vec<&str> = output.files.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!("file_list", paths.join("\n"));
}

/// The kitchen sink uses everything the generator supports; what it still warns about is
/// what the generator reads differently from the spec (a discriminator, today).
#[test]
fn warnings_for_the_kitchen_sink_are_snapshotted() {
    let output = xtask::run(&Job::kitchen_sink()).expect("the kitchen sink generates");
    insta::assert_snapshot!("kitchen_sink_warnings", output.report.lines());
}

/// Facts about the kitchen sink's server that a compile alone would not show.
#[test]
fn the_kitchen_sinks_server_names_hold() {
    let output = xtask::run(&Job::kitchen_sink()).expect("the kitchen sink generates");
    let server = &output.files.iter().find(|f| f.path == "src/server/mod.rs").expect("a server").contents;
    // Bearer schemes take the token, so there is no extra bearer credential.
    assert!(!server.contains("pub bearer:"));
    // An operation may not take the name of the trait's provided method.
    assert!(server.contains("fn error_response_2("));
}

#[test]
fn warnings_for_gitlab_access_tokens_are_snapshotted() {
    let output = xtask::run(&Job::default_job()).expect("the default spec generates");
    insta::assert_snapshot!("warnings", output.report.lines());
    // The rustc-style rendering quotes the offending line.
    let rendered: String = output.report.diagnostics.iter().map(|d| output.report.render(d)).collect();
    insta::assert_snapshot!("warnings_rendered", rendered);
}

#[test]
fn generation_is_deterministic() {
    for job in Job::checked_in() {
        let a = xtask::run(&job).expect("generates");
        let b = xtask::run(&job).expect("generates");
        assert_eq!(a.files, b.files);
    }
}

#[test]
fn the_issues_named_facts_hold() {
    let output = xtask::run(&Job::default_job()).expect("generates");
    let file = |p: &str| &output.files.iter().find(|f| f.path == p).expect("generated").contents;
    let models = file("src/models.rs");
    // The GitLab overlay is applied: list answers an array, create answers 201, and the
    // operations GitLab's fragment lacks exist.
    assert!(models.contains("body: Vec<self::AccessToken>,"), "list is not an array");
    // …with GitLab's pagination headers typed, and a stream of every page's items.
    assert!(models.contains("headers: self::AccessTokensGetOkHeaders"), "list's headers are not typed");
    assert!(models.contains("pub x_next_page: Option<String>,"));
    assert!(file("src/client/mod.rs").contains("next: runtime::Next::PageHeader(\"X-Next-Page\")"));
    assert!(models.contains("Created(self::NewAccessToken)"), "create has no 201");
    assert!(!models.contains("AccessTokensPostResponse {\n    /// 200"), "create still declares 200");
    let client = file("src/client/mod.rs");
    assert!(client.contains("pub fn access_tokens_get_one("), "no get-one");
    assert!(client.contains("pub fn access_tokens_rotate("), "no rotate");
    // Scopes are today's, self_rotate among them, in requests and responses alike.
    let scope = models.split("pub enum Scope {").nth(1).expect("Scope").split("\n}").next().expect("body");
    for variant in ["SelfRotate", "CreateRunner", "K8sProxy", "AiFeatures", "ReadObservability"] {
        assert!(scope.contains(variant), "no {variant}");
    }
    assert_eq!(models.matches("pub scopes: Vec<self::Scope>").count(), 3);
    // created_at and last_used_at are date-times, expires_at a date.
    assert!(models.contains("pub created_at: ::chrono::DateTime<::chrono::Utc>"));
    assert!(models.contains("pub last_used_at: Option<::chrono::DateTime<::chrono::Utc>>"));
    assert!(models.contains("pub expires_at: Option<::chrono::NaiveDate>"));
    // Only the token with a secret has one.
    let new = models.split("pub struct NewAccessToken").nth(1).expect("NewAccessToken");
    // …and it is a `Secret` (`format: password`), whose `Debug` never shows it.
    assert!(new.split("\n}").next().expect("body").contains("pub token: crate::Secret<String>"));
    // Scopes are open (`x-open-enum`): a scope GitLab adds later decodes and is sent back.
    assert!(scope.contains("Other(::std::string::String)"), "Scope is not open");
    let listed = models.split("pub struct AccessToken {").nth(1).expect("AccessToken");
    assert!(!listed.split("\n}").next().expect("body").contains("pub token:"));
    // The four path ids of the fragment, and rotate's, are one type.
    assert_eq!(models.matches("pub enum IntegerOrString").count(), 1);
    // The normalised spec shows the overlay's marks that the models above act on.
    let spec: serde_json::Value = serde_json::from_str(file("openapi.json")).expect("JSON");
    assert_eq!(spec["components"]["schemas"]["Scope"]["x-open-enum"], true);
    assert_eq!(spec["components"]["schemas"]["NewAccessToken"]["properties"]["token"]["format"], "password");
    let list = &spec["paths"]["/v4/projects/{id}/access_tokens"]["get"];
    assert!(list["responses"]["200"]["headers"]["X-Next-Page"].is_object());
    // The settings' `array_query_style: rails` names create's scopes as the client sends them
    // (`scopes[]=api&scopes[]=read_api`), so that a checker of the spec reads the same wire.
    let create = spec["paths"]["/v4/projects/{id}/access_tokens"]["post"]["parameters"].as_array().expect("list");
    let names: Vec<&str> = create.iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(names.contains(&"scopes[]") && !names.contains(&"scopes"), "{names:?}");
    // Every applied overlay action is reported, one note each, located in the overlay.
    let notes: Vec<String> = output.report.notes().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 12, "{notes:#?}");
    assert!(notes.iter().all(|n| n.starts_with("note: spec/overlays/gitlab-real-api.yaml:")), "{notes:#?}");
}

/// The overlay is a choice, not a dependency: without the `overlays` setting, GitLab's
/// fragment as published still generates, with its warnings, as the 2021 API.
#[test]
fn the_unpatched_spec_still_generates_without_the_overlay() {
    let root = xtask::workspace_root().join("spec");
    let mut files = std::collections::BTreeMap::new();
    for path in ["openapi.yaml", "v4/access_tokens.yaml"] {
        let text = std::fs::read_to_string(root.join(path)).expect("spec file");
        files.insert(path.to_string(), text);
    }
    let settings = std::fs::read_to_string(root.join("openapi.codegen.yaml")).expect("settings");
    let without: String = settings.split("\noverlays:").next().expect("settings").to_string();
    assert!(!without.contains("overlays"), "{without}");
    files.insert("openapi.codegen.yaml".into(), without);
    let options =
        generator::Options { root: "openapi.yaml".into(), display_prefix: "spec".into(), ..Default::default() };
    let output = generator::generate(&files, &options).unwrap_or_else(|r| panic!("{}", r.lines()));
    assert_eq!(output.operations, 3);
    assert_eq!(output.report.notes().count(), 0);
    let warnings = output.report.lines();
    assert!(warnings.contains("`type: date` is not OpenAPI"), "{warnings}");
    assert!(warnings.contains("AccessTokensPostAccessTokenList"), "{warnings}");
    let models = &output.files.iter().find(|f| f.path == "src/models.rs").expect("models").contents;
    assert!(models.contains("Ok(self::AccessTokensGetAccessTokenList)"), "the 2021 list is one object");
}

/// Counts the examples a spec holds: `example` values and `examples/*/value`s, anywhere but
/// as property names.
fn count_examples(v: &serde_json::Value, parent_key: &str) -> usize {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, child)| {
                let here = match (k.as_str(), parent_key) {
                    (_, "properties") => 0,
                    ("example", _) => 1,
                    ("examples", _) => {
                        child.as_object().map_or(0, |e| e.values().filter(|x| x.get("value").is_some()).count())
                    }
                    _ => 0,
                };
                here + count_examples(child, k)
            })
            .sum(),
        serde_json::Value::Array(a) => a.iter().map(|x| count_examples(x, "")).sum(),
        _ => 0,
    }
}

/// GitLab's spec only: in the kitchen sink one example may be checked more than once (a
/// path-level parameter's, once per operation; an `allOf` member's, once per merged type),
/// so counts do not compare there.
#[test]
fn every_example_in_the_spec_is_placed_in_the_examples_test() {
    let output = xtask::run(&Job::default_job()).expect("generates");
    let file = |p: &str| &output.files.iter().find(|f| f.path == p).expect("generated").contents;
    let spec: serde_json::Value = serde_json::from_str(file("openapi.json")).expect("JSON");
    let in_spec = count_examples(&spec, "");
    let placed = file("tests/examples.rs").matches("#[test]").count();
    assert!(in_spec > 0);
    assert_eq!(placed, in_spec, "some examples in the spec have no test checking them against a type");
}

/// GitLab's other fragments, through the second root: every generated file and the
/// warnings, snapshotted. (`.ci/run` also builds this output on its own, outside the
/// workspace, with all features and clippy.)
#[test]
fn gitlab_v4_root_over_all_four_fragments_is_snapshotted() {
    let root = xtask::workspace_root();
    let job = Job {
        spec: root.join("spec/gitlab-v4.yaml"),
        spec_root: None,
        out: root.join("target/gitlab-v4"),
        omissions: generator::Omissions::Cut,
        max_file_bytes: None,
    };
    let output = xtask::run(&job).unwrap_or_else(|e| panic!("gitlab-v4.yaml does not generate: {e:?}"));
    assert_eq!(output.operations, 13);
    insta::assert_snapshot!("gitlab_v4_warnings", output.report.lines());
    let mut copies = Vec::new();
    for file in &output.files {
        // Files that come out as in generated/ but for the `@generated` line naming the spec
        // (the runtime templates) are guarded by the freshness test already; a snapshot
        // would only repeat them.
        let body = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_string());
        let checked_in = std::fs::read_to_string(root.join("generated").join(&file.path)).ok();
        if checked_in.is_some_and(|c| body(&c) == body(&file.contents)) {
            copies.push(file.path.as_str());
            continue;
        }
        let name = format!("gitlab_v4__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
    assert_eq!(
        copies,
        [
            "src/client/runtime.rs",
            "src/client/runtime/builder.rs",
            "src/client/runtime/call.rs",
            "src/client/runtime/credentials.rs",
            "src/client/runtime/encoding.rs",
            "src/client/runtime/error.rs",
            "src/client/runtime/links.rs",
            "src/client/runtime/pages.rs",
            "src/client/runtime/response.rs",
            "src/client/runtime/retry.rs",
            "src/client/runtime/wire.rs",
            "src/client/runtime/wire/multipart.rs",
            "src/form.rs",
            "src/server/runtime.rs",
            "src/server/runtime/rejection.rs",
            "src/server/runtime/request.rs",
            "src/server/runtime/responses.rs",
            "src/server/runtime/values.rs",
            "src/server/runtime/wire.rs",
            "src/server/runtime/wire/multipart.rs",
            "src/values.rs",
        ],
        "only the runtime templates are the same for every spec"
    );
    let models = &output.files.iter().find(|f| f.path == "src/models.rs").expect("models").contents;
    // The access requests' lists are arrays, and `username` (the examples' spelling) is kept.
    assert!(models.contains("Ok(Vec<self::ProjectAccessResponse>)"), "list is not an array");
    assert!(models.contains("pub username: Option<String>"));
    assert!(models.contains("pub usename: Option<String>"));
}
