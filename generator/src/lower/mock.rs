//! What the generated mock (`server::Mock`) answers: for each response a status, a body
//! and headers, from the spec's example where it has one, else synthesised from the
//! schema (`synth.rs`) so that it validates; and which response an operation answers when
//! the request prefers none (its first success).

use openapiv3::{ParameterSchemaOrContent, ReferenceOr};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::push_pointer;
use crate::ir::{self, Media, Status, TypeRef};

impl Lowerer<'_> {
    /// The mock's values for one declared response.
    pub(super) fn mock_answer(
        &mut self,
        pointer: &str,
        status: Status,
        response: &openapiv3::Response,
        bodies: &[ir::Body],
        headers: &[ir::ResponseHeader],
    ) -> ir::MockAnswer {
        let code = match status {
            Status::Code(c) => c,
            Status::Range(r) => r * 100,
            // Settled by `settle_default` once every response is known.
            Status::Default => 500,
        };
        let (body, example) = match bodies.first() {
            None => (None, None),
            Some(b) => {
                let entry = response.content.get(&b.content_type).or_else(|| response.content.values().next());
                let schema = entry.and_then(|e| e.schema.as_ref());
                let synthesised = match (b.media, &b.ty) {
                    (_, TypeRef::ErrorMessage) => {
                        serde_json::json!({ "message": format!("{code} {}", reason(code)) })
                    }
                    (Media::Binary, _) => Value::String("mock".to_owned()),
                    (Media::Text, _) | (Media::Sequence(_), TypeRef::String) => {
                        match schema.map(|s| self.synthesise(s)) {
                            Some(Value::String(text)) => Value::String(text),
                            _ => Value::String("mock".to_owned()),
                        }
                    }
                    _ => schema.map_or(Value::Object(serde_json::Map::new()), |s| self.synthesise(s)),
                };
                // The example is answered only where it validates against the schema; one
                // that does not is named, and a synthesised value answered instead.
                let example = entry.and_then(|e| self.media_example(e));
                let example = example.filter(|(e, at)| match b.media {
                    Media::Binary | Media::Text => e.is_string(),
                    Media::Sequence(_) if b.ty == TypeRef::String => e.is_string(),
                    _ => match schema.and_then(|s| self.misfit(s, e, 0)) {
                        None => true,
                        Some((inside, what)) => {
                            let content = push_pointer(&format!("{pointer}/content"), &b.content_type);
                            let message = format!(
                                "the example does not validate against its schema{}: {what}; the mock answers a \
                                 value synthesised from the schema",
                                if inside.is_empty() { String::new() } else { format!(" at `{inside}`") }
                            );
                            self.warn(&format!("{content}/{at}"), message);
                            false
                        }
                    },
                });
                let example = example.map(|(e, _)| e);
                (Some(synthesised.to_string()), example.map(|e| e.to_string()))
            }
        };
        // Optional headers are left out: specs copied from captured responses declare
        // HTTP's own (`Connection`, `Content-Encoding`, `Transfer-Encoding`), whose made-up
        // values would break the answer's framing.
        let headers = headers
            .iter()
            .map(|h| {
                if !h.required {
                    return None;
                }
                let declared = response.headers.get(&h.wire_name).and_then(|r| self.lookup(r));
                let value = declared.and_then(|d| match &d.format {
                    ParameterSchemaOrContent::Schema(s) => Some(self.synthesise(s)),
                    ParameterSchemaOrContent::Content(_) => None,
                });
                let value = match (value, &h.ty) {
                    (Some(v), _) if !v.is_null() => v,
                    (_, TypeRef::Integer { .. } | TypeRef::Number { .. }) => Value::from(1),
                    (_, TypeRef::Boolean) => Value::Bool(true),
                    _ => Value::String("mock".to_owned()),
                };
                Some(value.to_string())
            })
            .collect();
        ir::MockAnswer { status: code, body, example, headers }
    }

    /// The media type's example: `example`, else the first of `examples` (through a
    /// `$ref`), when it has a value; and where it is, below the media type.
    fn media_example(&self, entry: &openapiv3::MediaType) -> Option<(Value, String)> {
        if let Some(e) = &entry.example {
            return Some((e.clone(), "example".to_owned()));
        }
        let (name, first) = entry.examples.iter().next()?;
        let example = match first {
            ReferenceOr::Item(e) => Some(e),
            r @ ReferenceOr::Reference { .. } => self.lookup(r),
        };
        let at = push_pointer("examples", name);
        example.and_then(|e| e.value.clone()).map(|e| (e, at))
    }
}

/// Gives a `default` response the status it is answered with (200 when the operation
/// declares no success, so `default` is it), and says which response the mock answers
/// unless the request prefers another: the first success, else the first declared.
pub(super) fn settle_default(responses: &mut [ir::Response]) -> Option<usize> {
    let success = |r: &ir::Response| matches!(r.status, Status::Code(200..=299) | Status::Range(2));
    // A stream offered beside JSON is its own variant, listed first; the JSON is the default.
    let streams = |r: &ir::Response| r.bodies.iter().any(|b| matches!(b.media, Media::Sequence(_)));
    let first_success =
        responses.iter().position(|r| success(r) && !streams(r)).or_else(|| responses.iter().position(success));
    if first_success.is_none() {
        if let Some(d) = responses.iter_mut().find(|r| r.status == Status::Default) {
            d.mock.status = 200;
        }
    }
    first_success.or_else(|| responses.iter().position(|r| r.status == Status::Default)).or(if responses.is_empty() {
        None
    } else {
        Some(0)
    })
}

/// A status's reason phrase, for the mock's `{"message"}` bodies.
fn reason(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Error",
    }
}
