//! The version gate: which OpenAPI documents the generator reads at all.

use serde_json::Value;

use super::Version;
use crate::sink::Sink;
use crate::source::Sources;

/// The version of `doc`, if it is one this generator reads (3.0.x; 3.1.x, which is
/// rewritten here to the 3.0 model by `v31::rewrite`; 3.2.x, rewritten to 3.1 by
/// `v32::rewrite` first; and Swagger 2.0, converted to 3.0 by
/// `v20::rewrite`). The one place a version decision is taken: a conversion of other
/// versions into 3.0 belongs here, before the walk, which is why the document is passed
/// mutably, and the sources too (a conversion that moves a node records where it was).
pub(super) fn gate(doc: &mut Value, sources: &mut Sources, sink: &mut Sink) -> Option<Version> {
    if let Some(v) = doc.get("swagger") {
        if v.as_str() == Some("2.0") {
            crate::v20::rewrite(doc, sources, sink);
            // The converted document holds 3.0 keywords only.
            return Some(Version::V30);
        }
        sink.error_at(
            sources,
            "/swagger",
            format!("unknown Swagger version {v}; only Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 are supported"),
            Some("write `swagger: \"2.0\"` or `openapi: 3.0.3`"),
        );
        return None;
    }
    if doc.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.2.") || v == "3.2") {
        // 3.2 is rewritten to 3.1's words, then like 3.1 to the 3.0 model; the operations
        // it moves are recorded, so what later stages say of them points where they were.
        let moves = crate::v32::rewrite(doc, sources, sink);
        sources.relocate(&moves);
        crate::v31::rewrite(doc, sources, sink);
        return Some(Version::V31);
    }
    let sources = &*sources;
    let mut error = |pointer: &str, message: String, help: Option<&str>| sink.error_at(sources, pointer, message, help);
    match doc.get("openapi") {
        None => {
            error(
                "",
                "not an OpenAPI document: the `openapi` field is missing".into(),
                Some("add `openapi: 3.0.3` at the top of the root spec"),
            );
            None
        }
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Some(Version::V30),
        Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => {
            // 3.1 is rewritten to the 3.0 model first; everything after the gate reads 3.0.
            crate::v31::rewrite(doc, sources, sink);
            Some(Version::V31)
        }
        Some(v) => {
            error("/openapi", format!("unknown OpenAPI version {v}; only 3.0.x, 3.1.x and 3.2.x are supported"), None);
            None
        }
    }
}
