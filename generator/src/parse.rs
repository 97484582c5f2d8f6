//! Parse: the normalised JSON value → `openapiv3::OpenAPI`, with the failing JSON path
//! reported, and guarded so that a panic inside the third-party parser is an error.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::sink::Sink;
use crate::source::Sources;

mod locate;
mod split;

pub(crate) fn parse(doc: &Value, sources: &Sources, sink: &mut Sink) -> Option<openapiv3::OpenAPI> {
    let result = std::panic::catch_unwind(move || {
        // From `&Value`, not `Value`: openapiv3's untagged and flattened enums make serde
        // buffer and re-buffer each subtree once per level of schema nesting, and from a
        // borrowed value its strings are buffered as borrowed slices instead of copies.
        // The path is tracked only to locate an error, so only a failed parse pays for it.
        if let Some(api) = split::parse(doc) {
            return Ok(api);
        }
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(doc, &mut track);
        match <openapiv3::OpenAPI as serde::Deserialize>::deserialize(de) {
            Ok(api) => Ok(api),
            // The whole document's path stops at the first flattened object; the part that
            // fails on its own is where the error is, and what a cut can leave out.
            Err(e) => Err(locate::narrowest(doc).unwrap_or_else(|| (e.to_string(), pointer_of(&track.path())))),
        }
    });
    match result {
        Ok(Ok(api)) => Some(api),
        Ok(Err((message, pointer))) => {
            let loc = sources.locate(&pointer);
            sink.push_at(
                Diagnostic::error(format!("not a valid OpenAPI 3.0 document: {message}"))
                    .at(Some(loc))
                    .help("check this object against the OpenAPI 3.0 specification"),
                &pointer,
            );
            None
        }
        Err(_) => {
            sink.push(Diagnostic::error(
                "the OpenAPI parser (openapiv3) panicked on this document; this is a bug in the generator's guard, please report it",
            ));
            None
        }
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out = crate::diagnostics::push_pointer(&out, &index.to_string()),
            Segment::Map { key } => out = crate::diagnostics::push_pointer(&out, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}
