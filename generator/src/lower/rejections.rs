//! Which declared response the router answers each of its rejections in (400 for a
//! malformed request, 401 for missing credentials, 413 and 415 for an unusable body), and
//! where in that response's schema the message and the status go. A client written from
//! the spec can then read our rejections as it reads the API's own errors.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode, Type};
use serde_json::Value;

use super::Lowerer;
use super::media::classify;
use crate::ir::{self, Media};

/// The statuses the router rejects with.
const REJECTIONS: [u16; 4] = [400, 401, 413, 415];

/// Names of the string property that carries an error's text, most telling first.
const MESSAGE_NAMES: [&str; 10] = [
    "message",
    "detail",
    "error_description",
    "errormessage",
    "error",
    "msg",
    "description",
    "title",
    "reason",
    "details",
];

/// Names of the integer property that carries an error's status.
const CODE_NAMES: [&str; 6] = ["code", "status", "statuscode", "status_code", "httpstatus", "http_status"];

/// How deep inside the body the message is looked for (`{"error": {"message": …}}`).
const MAX_NESTING: usize = 2;

impl Lowerer<'_> {
    /// The shapes of an operation's rejections: for each status, the response declared for
    /// it, else for its range (`4XX`), else `default`, when that has a JSON schema or is
    /// text. A
    /// response without one (GitLab's, which its settings give `{"message"}`) leaves the
    /// runtime's own JSON, which already has a `message`.
    pub(super) fn rejection_shapes(&self, op: &openapiv3::Operation, _op_ptr: &str) -> Vec<ir::RejectionShape> {
        let responses = &op.responses;
        let mut out = Vec::new();
        for status in REJECTIONS {
            let declared = responses
                .responses
                .get(&StatusCode::Code(status))
                .or_else(|| responses.responses.get(&StatusCode::Range(status / 100)))
                .or(responses.default.as_ref());
            let Some(response) = declared.and_then(|r| self.lookup(r)) else { continue };
            let json = response.content.iter().find(|(ct, _)| classify(ct, false) == Some(Media::Json));
            let Some((content_type, media)) = json else {
                out.extend(self.text_rejection(status, &response.content));
                continue;
            };
            let Some(schema) = &media.schema else { continue };
            if let Some(shape) = self.rejection_shape(status, content_type, schema) {
                out.push(shape);
            }
        }
        out
    }

    /// A response declared only as text (`text/plain`, whose schema, if any, is a string):
    /// the message is the whole body, within the string's `maxLength`. (The pointer `""`
    /// is the whole document; the runtime writes a string there as bare text.)
    fn text_rejection(
        &self,
        status: u16,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    ) -> Option<ir::RejectionShape> {
        let (content_type, media) = content.iter().find(|(ct, _)| classify(ct, false) == Some(Media::Text))?;
        let max = match media.schema.as_ref().map(|s| self.lookup(s).map(|s| &s.schema_kind)) {
            None => None,
            Some(Some(SchemaKind::Type(Type::String(t)))) => t.max_length,
            Some(_) => return None,
        };
        Some(ir::RejectionShape {
            status,
            content_type: content_type.clone(),
            template: "\"\"".to_owned(),
            message: Some(String::new()),
            message_max: max.map(|m| m as u64),
            code: None,
        })
    }

    fn rejection_shape(
        &self,
        status: u16,
        content_type: &str,
        schema: &ReferenceOr<Schema>,
    ) -> Option<ir::RejectionShape> {
        let mut template = self.synthesise(schema);
        if !template.is_object() {
            // An error schema that is not an object has nowhere to say anything; the
            // value still validates, so it is answered as it is.
            return Some(ir::RejectionShape {
                status,
                content_type: content_type.to_owned(),
                template: template.to_string(),
                message: None,
                message_max: None,
                code: None,
            });
        }
        let mut fields = Vec::new();
        self.rejection_fields(schema, "", 0, &mut fields);
        let pick = |names: &[&str], want: Kind| {
            names.iter().find_map(|name| {
                fields.iter().find(|f| f.kind == want && f.name.eq_ignore_ascii_case(name) && f.fits(status))
            })
        };
        let message = pick(&MESSAGE_NAMES, Kind::Text)
            .or_else(|| fields.iter().find(|f| f.kind == Kind::Text && f.required))
            .cloned();
        let code = pick(&CODE_NAMES, Kind::Integer).cloned();
        for field in [&message, &code].into_iter().flatten() {
            set(
                &mut template,
                &field.pointer,
                match field.kind {
                    Kind::Text => Value::String(String::new()),
                    Kind::Integer => Value::from(status),
                },
            );
        }
        Some(ir::RejectionShape {
            status,
            content_type: content_type.to_owned(),
            template: template.to_string(),
            message_max: message.as_ref().and_then(|m| m.max_length),
            message: message.map(|m| m.pointer),
            code: code.map(|c| c.pointer),
        })
    }

    /// The free properties of an object schema (through `$ref`s and `allOf`), nested
    /// objects included: strings without an enum, a format or a pattern, and integers
    /// without an enum.
    fn rejection_fields(&self, schema: &ReferenceOr<Schema>, at: &str, depth: usize, out: &mut Vec<Field>) {
        let Some(s) = self.lookup(schema) else { return };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => self.rejection_properties(&o.properties, &o.required, at, depth, out),
            SchemaKind::AllOf { all_of } => {
                for member in all_of {
                    self.rejection_fields(member, at, depth, out);
                }
            }
            SchemaKind::Any(a) => {
                self.rejection_properties(&a.properties, &a.required, at, depth, out);
                for member in &a.all_of {
                    self.rejection_fields(member, at, depth, out);
                }
            }
            _ => {}
        }
    }

    fn rejection_properties(
        &self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &str,
        depth: usize,
        out: &mut Vec<Field>,
    ) {
        for (name, schema) in properties {
            let schema = match schema {
                ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
                ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
            };
            let Some(s) = self.lookup(&schema) else { continue };
            let pointer = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
            let required = required.contains(name);
            let field = |kind, max_length, bounds| Field {
                name: name.clone(),
                pointer: pointer.clone(),
                kind,
                required,
                max_length,
                bounds,
            };
            match &s.schema_kind {
                SchemaKind::Type(Type::String(t))
                    if t.enumeration.is_empty()
                        && t.pattern.is_none()
                        && matches!(t.format, openapiv3::VariantOrUnknownOrEmpty::Empty)
                        && t.min_length.unwrap_or(0) <= 1 =>
                {
                    out.push(field(Kind::Text, t.max_length.map(|m| m as u64), (None, None)));
                }
                SchemaKind::Type(Type::Integer(t)) if t.enumeration.is_empty() && t.multiple_of.is_none() => {
                    out.push(field(Kind::Integer, None, (t.minimum, t.maximum)));
                }
                // A nested error object is only written into when the template has it: when
                // it is required.
                SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } if required && depth + 1 < MAX_NESTING => {
                    self.rejection_fields(&schema, &pointer, depth + 1, out);
                }
                _ => {}
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Integer,
}

/// A property the message or the status may go into.
#[derive(Clone, Debug)]
struct Field {
    name: String,
    /// Its JSON pointer from the body's root.
    pointer: String,
    kind: Kind,
    required: bool,
    max_length: Option<u64>,
    /// An integer's inclusive bounds.
    bounds: (Option<i64>, Option<i64>),
}

impl Field {
    /// Whether the status fits the field's bounds.
    fn fits(&self, status: u16) -> bool {
        let status = i64::from(status);
        self.bounds.0.is_none_or(|lo| lo <= status) && self.bounds.1.is_none_or(|hi| status <= hi)
    }
}

/// Writes `value` at `pointer`, adding the last key where its object lacks it.
fn set(root: &mut Value, pointer: &str, value: Value) {
    let Some((parent, key)) = pointer.rsplit_once('/') else { return };
    let key = key.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(map)) = root.pointer_mut(parent) {
        map.insert(key, value);
    }
}
