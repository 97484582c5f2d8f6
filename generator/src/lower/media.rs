//! Request bodies and responses: which media each offers, and the types they carry.
//! Every body is classified ([`ir::Media`]); the emitters print JSON only today, so
//! lowering keeps an operation's first JSON body and refuses a body that offers none,
//! with the diagnostics it has always given.

use openapiv3::{ReferenceOr, StatusCode};

use super::operations::Names;
use super::{Ctx, Hint, Lowerer, PendingExample};
use crate::diagnostics::push_pointer;
use crate::ir::{self, Media, Status, TypeRef};
use crate::naming::{self, Namespace};

/// What a media type is, by its essence (parameters such as `charset` ignored), and for
/// otherwise untyped content by its schema's `format: binary`. `None` for media types
/// this generator does not know.
pub(super) fn classify(content_type: &str, schema_is_binary: bool) -> Option<Media> {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let media = if essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json") {
        Media::Json
    } else if essence == "application/x-www-form-urlencoded" {
        Media::FormUrlEncoded
    } else if essence.starts_with("multipart/") {
        Media::Multipart
    } else if essence.starts_with("text/") {
        Media::Text
    } else if essence == "application/octet-stream"
        || essence == "application/pdf"
        || essence.starts_with("image/")
        || schema_is_binary
    {
        Media::Binary
    } else {
        return None;
    };
    Some(media)
}

/// Whether the emitters can print a body of this media.
fn printable(media: Media) -> bool {
    media == Media::Json
}

/// The entry of a content map the emitters print: the first JSON one.
fn printable_entry(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, Media, &openapiv3::MediaType)> {
    content.iter().find_map(|(k, v)| {
        let binary = matches!(&v.schema, Some(ReferenceOr::Item(s)) if is_binary(s));
        let media = classify(k, binary)?;
        printable(media).then_some((k.as_str(), media, v))
    })
}

fn is_binary(s: &openapiv3::Schema) -> bool {
    matches!(
        &s.schema_kind,
        openapiv3::SchemaKind::Type(openapiv3::Type::String(t))
            if t.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
    )
}

impl Lowerer<'_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        prefix: &str,
        fields: &mut Namespace,
    ) -> Option<ir::RequestBody> {
        let body = self.resolve(body, pointer)?;
        let Some((content_type, media, entry)) = printable_entry(&body.content) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.error(
                pointer,
                format!("request bodies of type {} are not supported yet; only JSON is", types.join(", ")),
                None,
            );
            return None;
        };
        let ctx = Ctx {
            pointer: format!("{}/schema", push_pointer(&format!("{pointer}/content"), content_type)),
            hint: Hint {
                preferred: format!("{prefix}Body"),
                qualified: format!("{prefix}Body"),
                context: format!("the request body of `{prefix}`"),
            },
            op_prefix: prefix,
            use_name: None,
        };
        let ty = match &entry.schema {
            Some(s) => self.schema_ref(s, &ctx),
            None => TypeRef::Any,
        };
        Some(ir::RequestBody {
            name: fields.claim("body"),
            bodies: vec![ir::Body { media, content_type: content_type.to_string(), ty }],
            required: body.required,
            doc: body.description.clone(),
        })
    }

    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        names: &Names,
        op_id: &str,
    ) -> (Vec<ir::Response>, Vec<PendingExample>) {
        let mut list: Vec<(Status, String, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .collect();
        if let Some(d) = &op.responses.default {
            list.push((Status::Default, "default".to_string(), d));
        }
        // Declared order varies (GitLab lists 404 before 200); status order reads best.
        list.sort_by_key(|(s, _, _)| *s);
        let mut variants = Namespace::default();
        let mut out = Vec::new();
        let mut examples = Vec::new();
        for (status, key, response) in list {
            let r_ptr = push_pointer(&format!("{op_ptr}/responses"), &key);
            let Some(response) = self.resolve(response, &r_ptr) else { continue };
            if let Status::Code(c) = status {
                if !(100..=599).contains(&c) {
                    self.error(&r_ptr, format!("`{c}` is not an HTTP status code"), None);
                    continue;
                }
            }
            let variant = variants.claim(&naming::status_variant(status));
            let bodies = if response.content.is_empty() {
                self.bodiless(status)
            } else {
                let Some((content_type, media, entry)) = printable_entry(&response.content) else {
                    let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
                    self.error(
                        &r_ptr,
                        format!("responses of type {} are not supported yet; only JSON is", types.join(", ")),
                        None,
                    );
                    continue;
                };
                let mt_ptr = push_pointer(&format!("{r_ptr}/content"), content_type);
                let preferred = format!("{}{variant}Body", names.type_prefix);
                let ctx = Ctx {
                    pointer: format!("{mt_ptr}/schema"),
                    hint: Hint {
                        preferred: preferred.clone(),
                        qualified: preferred,
                        context: format!("the {key} response of `{op_id}`"),
                    },
                    op_prefix: &names.type_prefix,
                    use_name: None,
                };
                let ty = match &entry.schema {
                    Some(s) => self.schema_ref(s, &ctx),
                    None => TypeRef::Any,
                };
                let test = format!("{}_{}", names.fn_name, key.to_lowercase());
                self.media_examples(entry, &mt_ptr, &test, &ty, &mut examples);
                vec![ir::Body { media, content_type: content_type.to_string(), ty }]
            };
            let headers = self.response_headers(response, &r_ptr, &names.type_prefix, &variant, op_id, &key);
            // Claimed beside the other types in `types.rs`, as `{Op}Response` is.
            let headers_type = (!headers.is_empty()).then(|| format!("{}{variant}Headers", names.type_prefix));
            out.push(ir::Response {
                status,
                variant,
                description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                bodies,
                headers,
                headers_type,
            });
        }
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            self.error(
                &format!("{op_ptr}/responses"),
                "operation declares no responses",
                Some("declare at least one, for example `'200': {description: OK}`"),
            );
        }
        (out, examples)
    }

    /// What a response without declared content carries: an error carries GitLab's
    /// `{"message"}` when the settings say so, anything else nothing.
    fn bodiless(&self, status: Status) -> Vec<ir::Body> {
        let is_error = match status {
            Status::Code(c) => c >= 400,
            Status::Range(r) => r >= 4,
            Status::Default => true,
        };
        if is_error && self.settings.error_body == ir::ErrorBody::Message {
            vec![ir::Body { media: Media::Json, content_type: "application/json".into(), ty: TypeRef::ErrorMessage }]
        } else {
            Vec::new()
        }
    }

    fn media_examples(
        &mut self,
        entry: &openapiv3::MediaType,
        mt_ptr: &str,
        test: &str,
        ty: &TypeRef,
        examples: &mut Vec<PendingExample>,
    ) {
        if let Some(e) = &entry.example {
            examples.push((test.to_string(), format!("{mt_ptr}/example"), e.clone(), ty.clone()));
        }
        for (name, ex) in &entry.examples {
            let e_ptr = push_pointer(&format!("{mt_ptr}/examples"), name);
            match ex {
                ReferenceOr::Item(openapiv3::Example { value: Some(v), .. }) => examples.push((
                    format!("{test}_{}", naming::value_name(name)),
                    format!("{e_ptr}/value"),
                    v.clone(),
                    ty.clone(),
                )),
                ReferenceOr::Item(_) => {
                    self.warn(&e_ptr, "example without an inline `value` (external examples are not checked)")
                }
                ReferenceOr::Reference { .. } => {
                    self.warn(&e_ptr, "example `$ref`s are not checked against the generated types")
                }
            }
        }
    }

    /// The headers a response declares. A header is one text value, so only scalar types
    /// are read (a primitive, an enum, a union of primitives); others are warned about.
    fn response_headers(
        &mut self,
        response: &openapiv3::Response,
        r_ptr: &str,
        prefix: &str,
        variant: &str,
        op_id: &str,
        key: &str,
    ) -> Vec<ir::ResponseHeader> {
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (wire, header) in &response.headers {
            let h_ptr = push_pointer(&format!("{r_ptr}/headers"), wire);
            let Some(header) = self.resolve(header, &h_ptr) else { continue };
            let schema = match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(s) => s,
                openapiv3::ParameterSchemaOrContent::Content(_) => {
                    self.warn(
                        &h_ptr,
                        format!("response header `{wire}` uses `content`, which is not read yet; ignored"),
                    );
                    continue;
                }
            };
            let preferred = format!("{prefix}{variant}{}", naming::type_name(wire));
            let ctx = Ctx {
                pointer: format!("{h_ptr}/schema"),
                hint: Hint {
                    preferred: preferred.clone(),
                    qualified: preferred,
                    context: format!("the `{wire}` header of the {key} response of `{op_id}`"),
                },
                op_prefix: prefix,
                use_name: Some((wire.clone(), header.description.clone())),
            };
            if !self.is_text_schema(schema, 0) {
                self.warn(
                    &format!("{h_ptr}/schema"),
                    format!("response header `{wire}` is not a scalar (text, number, boolean, date, enum); ignored"),
                );
                continue;
            }
            let ty = self.schema_ref(schema, &ctx);
            out.push(ir::ResponseHeader {
                name: names.claim(&naming::value_name(wire)),
                wire_name: wire.clone(),
                doc: header.description.clone(),
                ty,
                required: header.required,
            });
        }
        out
    }
}

impl Lowerer<'_> {
    /// Whether a schema's values are one text token: a string, number or boolean (an enum
    /// of them included), or a union of those. It reads the schema itself, since
    /// operations are lowered before the component bodies their types may name.
    fn is_text_schema(&self, schema: &ReferenceOr<openapiv3::Schema>, depth: usize) -> bool {
        use openapiv3::{SchemaKind, Type};
        let Some(s) = self.lookup(schema) else { return false };
        match &s.schema_kind {
            SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)) => true,
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                depth < 4 && members.iter().all(|m| self.is_text_schema(m, depth + 1))
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified_by_their_essence() {
        let cases: &[(&str, bool, Option<Media>)] = &[
            ("application/json", false, Some(Media::Json)),
            ("application/json; charset=utf-8", false, Some(Media::Json)),
            ("application/merge-patch+json", false, Some(Media::Json)),
            ("Application/JSON", false, Some(Media::Json)),
            ("application/x-www-form-urlencoded", false, Some(Media::FormUrlEncoded)),
            ("multipart/form-data", false, Some(Media::Multipart)),
            ("multipart/mixed", false, Some(Media::Multipart)),
            ("text/plain", false, Some(Media::Text)),
            ("text/csv; charset=utf-8", false, Some(Media::Text)),
            ("application/octet-stream", false, Some(Media::Binary)),
            ("application/pdf", false, Some(Media::Binary)),
            ("image/png", false, Some(Media::Binary)),
            ("application/zip", true, Some(Media::Binary)),
            ("application/zip", false, None),
            ("application/xml", false, None),
        ];
        for (content_type, binary, expect) in cases {
            assert_eq!(classify(content_type, *binary), *expect, "{content_type}");
        }
    }
}
