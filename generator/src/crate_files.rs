//! What every generated crate holds beside the emitted code: the runtime templates copied
//! verbatim (each only into crates that use it) and the `Cargo.toml` that names their
//! dependencies.

use crate::ir;

/// Spec-independent Rust copied verbatim into the output (after the `@generated` line).
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("src/values.rs", include_str!("../../templates/values.rs")),
    ("src/client/runtime.rs", include_str!("../../templates/client_runtime.rs")),
    ("src/client/runtime/builder.rs", include_str!("../../templates/client_runtime/builder.rs")),
    ("src/client/runtime/call.rs", include_str!("../../templates/client_runtime/call.rs")),
    ("src/client/runtime/credentials.rs", include_str!("../../templates/client_runtime/credentials.rs")),
    ("src/client/runtime/encoding.rs", include_str!("../../templates/client_runtime/encoding.rs")),
    ("src/client/runtime/error.rs", include_str!("../../templates/client_runtime/error.rs")),
    ("src/client/runtime/links.rs", include_str!("../../templates/client_runtime/links.rs")),
    ("src/client/runtime/pages.rs", include_str!("../../templates/client_runtime/pages.rs")),
    ("src/client/runtime/response.rs", include_str!("../../templates/client_runtime/response.rs")),
    ("src/client/runtime/retry.rs", include_str!("../../templates/client_runtime/retry.rs")),
    ("src/server/runtime.rs", include_str!("../../templates/server_runtime.rs")),
    ("src/server/runtime/rejection.rs", include_str!("../../templates/server_runtime/rejection.rs")),
    ("src/server/runtime/request.rs", include_str!("../../templates/server_runtime/request.rs")),
    ("src/server/runtime/responses.rs", include_str!("../../templates/server_runtime/responses.rs")),
    ("src/server/runtime/values.rs", include_str!("../../templates/server_runtime/values.rs")),
    ("src/client/runtime/wire.rs", include_str!("../../templates/client_wire.rs")),
    ("src/client/runtime/wire/multipart.rs", include_str!("../../templates/client_wire/multipart.rs")),
    ("src/server/runtime/wire.rs", include_str!("../../templates/server_wire.rs")),
    ("src/server/runtime/wire/multipart.rs", include_str!("../../templates/server_wire/multipart.rs")),
    ("src/form.rs", include_str!("../../templates/form.rs")),
];

/// The runtime's `File` (see [`ir::TypeRef::File`]), for APIs with multipart file parts.
pub(crate) const FILE_TEMPLATE: (&str, &str) = ("src/file.rs", include_str!("../../templates/file.rs"));

/// `Base64`, `IsoDuration` and `Rfc1123` (see [`ir::TextFormat`]), for APIs with those
/// string formats: they need `base64` and `iso8601`.
pub(crate) const FORMATS_TEMPLATE: (&str, &str) = ("src/formats.rs", include_str!("../../templates/formats.rs"));

/// The checks of the spec's constraints (see [`ir::Constraints`]), for APIs that have
/// some: patterns need `regex-lite`.
pub(crate) const CONSTRAINTS_TEMPLATE: (&str, &str) =
    ("src/constraints.rs", include_str!("../../templates/constraints.rs"));

/// The lines of `templates/Cargo.toml.in` (by their start) that only crates with
/// [`CONSTRAINTS_TEMPLATE`] keep.
pub(crate) const CONSTRAINTS_ONLY_LINES: &[&str] =
    &["# models, in crates with constraints", "# generator reads each with the same crate", "regex-lite = "];

/// How the constraints' patterns are matched (`src/patterns.rs`, beside
/// [`CONSTRAINTS_TEMPLATE`]): with `regex-lite`, or, in crates with a pattern it cannot
/// read (`ir::Api::uses_backtracking_patterns`), with `fancy-regex` for those.
pub(crate) const PATTERNS_TEMPLATE: (&str, &str) = ("src/patterns.rs", include_str!("../../templates/patterns.rs"));
pub(crate) const PATTERNS_BACKTRACKING_TEMPLATE: (&str, &str) =
    ("src/patterns.rs", include_str!("../../templates/patterns_backtracking.rs"));

/// The lines of `templates/Cargo.toml.in` (by their start) that only crates with
/// [`PATTERNS_BACKTRACKING_TEMPLATE`] keep.
pub(crate) const BACKTRACKING_ONLY_LINES: &[&str] =
    &["# models, in crates with patterns regex-lite", "# backtracking: those patterns", "fancy-regex = "];

/// The lines of `templates/Cargo.toml.in` (by their start) that only crates with
/// [`FORMATS_TEMPLATE`] keep.
pub(crate) const FORMATS_ONLY_LINES: &[&str] = &["# models, in crates with base64", "# durations:", "iso8601 = "];

/// The webhooks' runtime (signatures, routes, the sender), for APIs that send webhooks.
pub(crate) const WEBHOOKS_TEMPLATES: &[(&str, &str)] = &[
    ("src/webhooks/runtime.rs", include_str!("../../templates/webhook_runtime.rs")),
    ("src/webhooks/runtime/receiver.rs", include_str!("../../templates/webhook_runtime/receiver.rs")),
    ("src/webhooks/runtime/sender.rs", include_str!("../../templates/webhook_runtime/sender.rs")),
    ("src/webhooks/runtime/signatures.rs", include_str!("../../templates/webhook_runtime/signatures.rs")),
];

/// Streams of typed items (SSE, JSON Lines), for APIs with responses that stream.
pub(crate) const STREAM_TEMPLATE: (&str, &str) = ("src/stream.rs", include_str!("../../templates/stream_runtime.rs"));

/// The lines of `templates/Cargo.toml.in` (by their start) that only crates with streams
/// keep: the SSE parser and its comment.
pub(crate) const STREAMS_ONLY_LINES: &[&str] =
    &["# client, in crates whose responses stream:", "# (framing, comments and keep-alives", "eventsource-stream = "];

/// The lines of `templates/Cargo.toml.in` (by their start) that only crates with webhooks
/// keep: the feature, its comment and its dependencies.
pub(crate) const WEBHOOKS_ONLY_LINES: &[&str] = &[
    "# Webhooks and callbacks",
    "# server and the sender sends like the client",
    "# base64 for signatures.",
    "webhooks = ",
    "# webhooks:",
    "# `verify_slice` compares in constant time",
    "base64 = ",
    "hmac = ",
    "sha2 = ",
];

/// Whether the models hold bytes: binary bodies, or files of multipart bodies.
pub(crate) fn api_has_binary_bodies(api: &ir::Api) -> bool {
    api.uses_files()
        || api.operations.iter().chain(&api.webhooks).any(|op| {
            let request = op.body.iter().flat_map(|b| &b.bodies);
            let responses = op.responses.iter().flat_map(|r| &r.bodies);
            request.chain(responses).any(|b| b.media == ir::Media::Binary)
        })
}

pub(crate) fn cargo_toml(api: &ir::Api) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let description =
        format!("{} ({}): models, client and server generated from {}", api.title, api.version, api.spec_path);
    let body = include_str!("../../templates/Cargo.toml.in")
        .replace("{{name}}", &quoted(&api.settings.crate_name))
        .replace("{{version}}", &quoted(&api.settings.crate_version))
        .replace("{{description}}", &quoted(&description));
    // Binary bodies are `bytes::Bytes` in the models, which every feature compiles, so an
    // API that has them needs `bytes` always, not only with the client.
    let body = if api_has_binary_bodies(api) {
        body.replace(", \"dep:bytes\"", "")
            .replace("bytes = { version = \"1.11.0\", optional = true }", "bytes = \"1.11.0\"")
    } else {
        body
    };
    // Streams read SSE with eventsource-stream (client); the server writes them with
    // futures-util, which it always has (multipart bodies are read through it).
    let body = if api.uses_streams() {
        body.replace("\"dep:httpdate\"]", "\"dep:httpdate\", \"dep:eventsource-stream\"]")
    } else {
        body
    };
    // A request body that streams is sent with reqwest's `Body::wrap_stream`, which the
    // crate's `stream` module holds whenever the crate has streams (zuora's crate, with
    // streamed responses only, did not build without it).
    let body = if api.uses_streams() {
        body.replace(
            "default-features = false, features = [\"http2\"] }",
            "default-features = false, features = [\"http2\", \"stream\"] }",
        )
    } else {
        body
    };
    // The `formats` module's readers are the models': base64 is then no longer the
    // webhooks' alone.
    let formats = api.uses_formats();
    let body = if formats {
        body.replace(", \"dep:base64\"", "")
            .replace("base64 = { version = \"0.23.1\", optional = true }", "base64 = \"0.23.1\"")
    } else {
        body
    };
    // The `webhooks` feature and its dependencies only in crates that have webhooks, the
    // stream dependencies only in crates with streams, the formats' only in crates with them.
    let webhooks: &[&str] = if api.webhooks.is_empty() { WEBHOOKS_ONLY_LINES } else { &[] };
    let streams: &[&str] = if api.uses_streams() { &[] } else { STREAMS_ONLY_LINES };
    let format_lines: &[&str] = if formats { &[] } else { FORMATS_ONLY_LINES };
    let constraint_lines: &[&str] = if api.uses_constraints() { &[] } else { CONSTRAINTS_ONLY_LINES };
    let backtracking_lines: &[&str] = if api.uses_backtracking_patterns() { &[] } else { BACKTRACKING_ONLY_LINES };
    let kept = |line: &str| formats && line.starts_with("base64 = ");
    let body: String = body
        .lines()
        .filter(|line| {
            kept(line)
                || !webhooks
                    .iter()
                    .chain(streams)
                    .chain(format_lines)
                    .chain(constraint_lines)
                    .chain(backtracking_lines)
                    .any(|w| line.starts_with(w))
        })
        .map(|line| format!("{line}\n"))
        .collect();
    format!("# @generated by `cargo xtask codegen` from {}. Do not edit.\n{body}", api.spec_path)
}
