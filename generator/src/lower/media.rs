//! Request bodies and responses: which media each offers, and the types they carry.
//! Every body is classified ([`ir::Media`]). The emitters print JSON, text and binary
//! bodies both ways, and form and multipart request bodies; lowering keeps each of those
//! a content map offers, JSON first, and skips (with a warning) or refuses (when nothing
//! else is offered) the rest.

use openapiv3::{ReferenceOr, StatusCode};

use super::encoding::{form_arrays, part_types};
use super::operations::Names;
use super::stream;
use super::{Ctx, Hint, Lowerer, PendingExample};
use crate::diagnostics::push_pointer;
use crate::ir::{self, Media, Status, TypeRef};
use crate::naming::{self, Namespace};

/// What a media type is, by its essence (parameters such as `charset` ignored), and for
/// otherwise untyped content by its schema's `format: binary`; `None` if unknown here.
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
        || ["image/", "audio/", "video/", "font/"].iter().any(|p| essence.starts_with(p))
        || schema_is_binary
    {
        Media::Binary
    } else {
        return None;
    };
    Some(media)
}

/// The enum of a response's representations, when they decode differently: JSON and form
/// bodies by their type, text and binary ones whatever their schema. Its variants are
/// named after their media types (`ApplicationJson`, `TextCsv`, `Any` for `*/*`).
/// Claimed beside the other types in `types.rs`, as `{Op}Response` is.
fn media_enum(bodies: &[ir::Body], name: &str) -> Option<ir::MediaEnum> {
    fn decoding(b: &ir::Body) -> (Media, Option<&TypeRef>) {
        match b.media {
            Media::Json | Media::FormUrlEncoded | Media::Multipart => (b.media, Some(&b.ty)),
            Media::Text | Media::Binary => (b.media, None),
            Media::Sequence(_) => (b.media, Some(&b.ty)),
        }
    }
    let first = decoding(bodies.first()?);
    if bodies.iter().all(|b| decoding(b) == first) {
        return None;
    }
    let mut names = Namespace::default();
    let variants = bodies
        .iter()
        .map(|b| {
            let essence = b.content_type.split(';').next().unwrap_or_default().trim();
            names.claim(&if essence == "*/*" { "Any".to_string() } else { naming::variant_name(essence) })
        })
        .collect();
    Some(ir::MediaEnum { name: name.to_string(), variants })
}

/// Whether the emitters can print a body of this media.
fn printable(media: Media) -> bool {
    matches!(
        media,
        Media::Json | Media::FormUrlEncoded | Media::Multipart | Media::Text | Media::Binary | Media::Sequence(_)
    )
}

/// What one entry of a content map is. `*/*` (and `application/*`) with a schema that is
/// not binary is JSON, the only encoding that can carry a schema's value for any media.
/// Any other media type this generator does not decode (`application/x-tar`,
/// `application/jwt`, XML, `message/*`) is what it is on the wire: text when its key names
/// a charset, else bytes; the caller warns when a schema described more.
fn entry_media(content_type: &str, entry: &openapiv3::MediaType) -> Option<Media> {
    let binary = matches!(&entry.schema, Some(ReferenceOr::Item(s)) if is_binary(s));
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence == "*/*" || essence.eq_ignore_ascii_case("application/*") {
        return Some(if entry.schema.is_some() && !binary { Media::Json } else { Media::Binary });
    }
    Some(classify(content_type, binary).unwrap_or_else(|| unknown_media(content_type)))
}

/// How a media type the generator does not decode is carried.
fn unknown_media(content_type: &str) -> Media {
    if content_type.to_ascii_lowercase().contains("charset=") { Media::Text } else { Media::Binary }
}

/// Whether `entry`'s schema describes a structure (an object, a list, a reference) that
/// a body read as text or bytes does not decode.
fn structured(entry: &openapiv3::MediaType) -> bool {
    match &entry.schema {
        None => false,
        Some(ReferenceOr::Reference { .. }) => true,
        Some(ReferenceOr::Item(s)) => {
            !matches!(
                &s.schema_kind,
                openapiv3::SchemaKind::Type(openapiv3::Type::String(_)) | openapiv3::SchemaKind::Any(_)
            ) || matches!(&s.schema_kind, openapiv3::SchemaKind::Any(a) if !a.properties.is_empty())
        }
    }
}

pub(super) fn is_binary(s: &openapiv3::Schema) -> bool {
    matches!(
        &s.schema_kind,
        openapiv3::SchemaKind::Type(openapiv3::Type::String(t))
            if t.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
    )
}

/// A body a content map offers, while the map is read (see [`Lowerer::twin`]).
struct Offered<'e> {
    body: ir::Body,
    /// Its content map entry.
    entry: &'e openapiv3::MediaType,
    /// Whether `examples_from` has an `example` or `examples`.
    has_examples: bool,
    /// The content map key whose examples the body is tested with.
    examples_from: String,
}

/// What a content map entry is beside those already offered ([`Lowerer::twin`]).
enum Twin {
    /// Another media type.
    None,
    /// A key of the media type of the offered body at this index, which stays.
    Kept(usize),
    /// A key of the media type of the offered body at this index, which it replaces.
    Replaced(usize),
}

/// Where a content map is and what to call the types found in it.
struct ContentCtx<'c> {
    /// The pointer of the request body or response that holds the map.
    pointer: &'c str,
    /// What the map belongs to, in words, for messages (`request bodies`, `responses`).
    what: &'c str,
    /// Whether multipart bodies are printable here: the client writes them and the server
    /// reads them, not the other way round (forms are printable both ways: one definition,
    /// `templates/form.rs`, writes and reads them on each side).
    multipart: bool,
    /// The status of the response the map belongs to, whose sequential media may stream
    /// (see `stream::framing`); `None` for a request body, whose do not.
    status: Option<Status>,
    hint: Hint,
    prefix: &'c str,
}

impl Lowerer<'_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        prefix: &str,
        fields: &mut Namespace,
    ) -> Option<ir::RequestBody> {
        let reference = match body {
            ReferenceOr::Reference { reference } => reference.strip_prefix('#'),
            ReferenceOr::Item(_) => None,
        };
        let body = self.resolve(body, pointer)?;
        // `content: {}` (Just Eat's subscriptions) names no media type to send a body as.
        if body.content.is_empty() {
            let message = "the request body declares no media types (`content: {}`), so there is nothing to send it \
                           as; the operation is generated without a body";
            self.warn(pointer, message);
            return None;
        }
        let cx = ContentCtx {
            pointer,
            what: "request bodies",
            multipart: true,
            status: None,
            hint: Hint {
                preferred: format!("{prefix}Body"),
                qualified: format!("{prefix}Body"),
                context: format!("the request body of `{prefix}`"),
            },
            prefix,
        };
        let mut bodies: Vec<ir::Body> = self.bodies(&body.content, &cx).into_iter().map(|(b, _)| b).collect();
        if bodies.is_empty() {
            return None;
        }
        self.one_type(&mut bodies, reference.unwrap_or(pointer));
        let schema = body.content.get(&bodies[0].content_type).and_then(|m| m.schema.as_ref());
        let sample = schema.map_or(serde_json::Value::Null, |s| self.synthesise(s)).to_string();
        // A schema without `type` holds `null`, unless an `allOf` member has a type that
        // does not (Linode's `allOf: [OAuthClient]` beside `required`, which openapiv3
        // reads as a schema of any kind: schemathesis's `null` body was taken as none).
        let typed = |m: &ReferenceOr<openapiv3::Schema>| {
            self.lookup(m).is_some_and(|m| {
                !m.schema_data.nullable && !matches!(&m.schema_kind, openapiv3::SchemaKind::Any(a) if a.typ.is_none())
            })
        };
        let null_is_absent = schema.and_then(|s| self.lookup(s)).is_some_and(|s| {
            s.schema_data.nullable
                || matches!(&s.schema_kind, openapiv3::SchemaKind::Any(a) if a.typ.is_none() && !a.all_of.iter().any(typed))
        });
        // A stream is always there: no body is a stream of no items.
        let required = body.required || matches!(bodies[0].media, Media::Sequence(_));
        // A required body that may be `null` carries it as `None`; where it has other
        // representations, the typed request keeps one type for them all, and `null` is
        // JSON's alone, so it stays refused there.
        let nullable = body.required && null_is_absent && bodies.len() == 1 && bodies[0].media == Media::Json;
        Some(ir::RequestBody {
            constraints: self.body_constraints(schema, &bodies[0], pointer),
            name: fields.claim("body"),
            bodies,
            required,
            declared_required: body.required,
            doc: body.description.clone(),
            sample,
            null_is_absent,
            nullable,
        })
    }

    /// A request body has one Rust type, its first representation's, which the server
    /// reads each other one into and the client sends from: a representation of another
    /// type (the kitchen sink's `text/plain` string beside a `Point` in JSON and a form) can
    /// be neither. It is left out, with a warning, and out of `openapi.json`
    /// ([`ir::Api::unserved`]), where checkers sent it and were refused (415).
    fn one_type(&mut self, bodies: &mut Vec<ir::Body>, at: &str) {
        let primary = (bodies[0].media, bodies[0].ty.clone());
        let same = |a: &ir::Body| match (primary.0, a.media) {
            (Media::Binary, Media::Binary) | (Media::Text, Media::Text) => true,
            (Media::Binary | Media::Text, _) | (_, Media::Binary | Media::Text) => false,
            _ => a.ty == primary.1,
        };
        let (kept, other): (Vec<ir::Body>, Vec<ir::Body>) = std::mem::take(bodies).into_iter().partition(same);
        *bodies = kept;
        for b in other {
            let pointer = push_pointer(&format!("{at}/content"), &b.content_type);
            let message = format!(
                "`{}` carries a value of another type than `{}`, and a request body has one type (its first \
                 representation's); `{}` is not offered",
                b.content_type, bodies[0].content_type, b.content_type
            );
            self.warn(&pointer, message);
            self.unserved.push(pointer);
        }
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
                let preferred = format!("{}{variant}Body", names.type_prefix);
                let cx = ContentCtx {
                    pointer: &r_ptr,
                    what: "responses",
                    multipart: false,
                    status: Some(status),
                    hint: Hint {
                        preferred: preferred.clone(),
                        qualified: preferred,
                        context: format!("the {key} response of `{op_id}`"),
                    },
                    prefix: &names.type_prefix,
                };
                let mut bodies = self.bodies(&response.content, &cx);
                if bodies.is_empty() {
                    continue;
                }
                for (b, _) in &mut bodies {
                    let schema = response.content.get(&b.content_type).and_then(|e| e.schema.as_ref());
                    b.nullable = b.media == Media::Json
                        && schema.and_then(|s| self.lookup(s)).is_some_and(|s| s.schema_data.nullable);
                }
                let test = format!("{}_{}", names.fn_name, key.to_lowercase());
                for (body, examples_from) in bodies.iter().filter(|(b, _)| b.media == Media::Json).take(1) {
                    let mt_ptr = push_pointer(&format!("{r_ptr}/content"), examples_from);
                    if let Some(entry) = response.content.get(examples_from.as_str()) {
                        self.media_examples(entry, &mt_ptr, &test, &body.ty, &mut examples);
                    }
                }
                bodies.into_iter().map(|(b, _)| b).collect()
            };
            // A stream beside JSON is a variant of its own (`OkStream`), told by the
            // `Content-Type`, so the JSON keeps the variant it would have alone.
            let (bodies, streamed) = stream::beside(bodies);
            let media = media_enum(&bodies, &format!("{}{variant}Media", names.type_prefix));
            let headers = self.response_headers(response, &r_ptr, &names.type_prefix, &variant, op_id, &key);
            if let Some(b) = streamed {
                let (variant, headers_type) = stream::variant(&mut variants, &variant, &names.type_prefix, &headers);
                let mock = self.mock_answer(&r_ptr, status, response, std::slice::from_ref(&b), &headers);
                let description = response.description.clone();
                let (bodies, headers) = (vec![b], headers.clone());
                let description = Some(description).filter(|d| !d.is_empty());
                out.push(ir::Response {
                    status,
                    variant,
                    description,
                    bodies,
                    media: None,
                    headers,
                    headers_type,
                    mock,
                });
            }
            // Claimed beside the other types in `types.rs`, as `{Op}Response` is.
            let headers_type = (!headers.is_empty()).then(|| format!("{}{variant}Headers", names.type_prefix));
            let mock = self.mock_answer(&r_ptr, status, response, &bodies, &headers);
            out.push(ir::Response {
                status,
                variant,
                description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                bodies,
                media,
                headers,
                headers_type,
                mock,
            });
        }
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            // OpenAPI 3.1 allows it; every answer is then the response enum's undeclared case.
            self.warn(
                &format!("{op_ptr}/responses"),
                "operation declares no responses; every answer is read as an undeclared one",
            );
        }
        (out, examples)
    }

    /// Whether a form's schema can be one: an object (by `type`, properties or
    /// `additionalProperties`), a composition (whose members lowering checks), or no
    /// schema or a free-form one (any value, checked when sent). A scalar or a list has no
    /// field names.
    fn form_fits(&self, schema: Option<&ReferenceOr<openapiv3::Schema>>) -> bool {
        use openapiv3::{SchemaKind, Type};
        let Some(schema) = schema.and_then(|s| self.lookup(s)) else { return true };
        !matches!(
            schema.schema_kind,
            SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_) | Type::Array(_))
        )
    }

    /// The representations a content map offers that the emitters print, JSON first (the
    /// one a client sends, and a response's variant carries), each with the content map
    /// key whose examples it is tested with (see [`Lowerer::twin`]). Media the emitters cannot print are skipped with a warning when others are
    /// offered, and refused when none is; an empty list means an error was reported.
    fn bodies(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        cx: &ContentCtx<'_>,
    ) -> Vec<(ir::Body, String)> {
        let mut out: Vec<Offered<'_>> = Vec::new();
        let mut skipped = Vec::new();
        let mut not_objects = Vec::new();
        for (content_type, entry) in content {
            let framing = match stream::reading(cx.status, content, content_type) {
                stream::Reading::Stream(framing) => Some(framing),
                stream::Reading::Whole(warning) => {
                    if let Some(warning) = warning {
                        self.warn(cx.pointer, warning);
                    }
                    None
                }
                stream::Reading::LeftOut(warning) => {
                    self.warn(cx.pointer, warning);
                    continue;
                }
            };
            let media = match framing.map(Media::Sequence).or_else(|| entry_media(content_type, entry)) {
                Some(m) if printable(m) && (cx.multipart || m != Media::Multipart) => m,
                // A multipart response is carried as the bytes it is.
                Some(Media::Multipart) => Media::Binary,
                _ => {
                    skipped.push(content_type.as_str());
                    continue;
                }
            };
            // A text request body whose schema is an object or a list (Gitea's `text/plain`
            // beside JSON, from its Swagger 2.0 `consumes`) can only be that value as JSON
            // text: read and written as JSON under its own media type, so it is one more
            // media type of the JSON body's type.
            let as_json = media == Media::Text && cx.status.is_none() && self.holds_structure(entry);
            let media = if as_json {
                let message = format!(
                    "`{content_type}` declares an object or a list, which text can only carry as JSON: {} in it \
                     are read and written as JSON text",
                    cx.what
                );
                self.warn(&push_pointer(&format!("{}/content", cx.pointer), content_type), message);
                Media::Json
            } else {
                media
            };
            let essence = content_type.split(';').next().unwrap_or("").trim();
            let known = as_json
                || classify(content_type, false).is_some_and(|m| m == media)
                || essence.contains('*')
                || framing.is_some();
            if !known && structured(entry) {
                let carried = if media == Media::Text { "text" } else { "bytes" };
                self.warn(
                    &push_pointer(&format!("{}/content", cx.pointer), content_type),
                    format!(
                        "`{content_type}` is not a media type the generator decodes; its {} are {carried}, \
                         not checked against their schema",
                        cx.what
                    ),
                );
            }
            if media == Media::FormUrlEncoded && !self.form_fits(entry.schema.as_ref()) {
                not_objects.push(content_type.as_str());
                continue;
            }
            // A twin (a key of a media type already offered) is settled before its schema
            // is lowered, so that a schema it does not use makes no type.
            let replaces = match self.twin(&out, content_type, entry, media, cx.pointer) {
                Twin::None => None,
                Twin::Kept(i) => {
                    let has_examples = entry.example.is_some() || !entry.examples.is_empty();
                    if has_examples && !out[i].has_examples {
                        out[i].examples_from = content_type.clone();
                        out[i].has_examples = true;
                    }
                    continue;
                }
                Twin::Replaced(i) => Some(i),
            };
            let schema_ptr = format!("{}/schema", push_pointer(&format!("{}/content", cx.pointer), content_type));
            let ty = match (media, &entry.schema) {
                (Media::Binary | Media::Text, _) | (Media::Sequence(ir::Framing::Events), None) => TypeRef::String,
                (_, None) => TypeRef::Any,
                (_, Some(schema)) => {
                    let ctx = Ctx { pointer: schema_ptr, hint: cx.hint.clone(), op_prefix: cx.prefix, use_name: None };
                    self.schema_ref(schema, &ctx)
                }
            };
            let media_ptr = push_pointer(&format!("{}/content", cx.pointer), content_type);
            let positions = if media == Media::Multipart { self.positions(entry, &media_ptr) } else { None };
            // An array of files is a part per file.
            let ty = if positions.is_some() && self.binary_items(entry) {
                TypeRef::Array(Box::new(TypeRef::File))
            } else {
                ty
            };
            let body = ir::Body {
                media,
                content_type: content_type.clone(),
                ty,
                // Set for responses by `responses`: request bodies are never optional values.
                nullable: false,
                encoding: form_arrays(media, entry),
                part_types: part_types(media, entry),
                positions,
                sentinel: stream::sentinel(entry).filter(|_| media == Media::Sequence(ir::Framing::Events)),
            };
            let has_examples = entry.example.is_some() || !entry.examples.is_empty();
            let mut offered = Offered { body, entry, has_examples, examples_from: content_type.clone() };
            match replaces {
                Some(i) => {
                    // The schemaless twin's examples test this schema when it has none.
                    if !has_examples && out[i].has_examples {
                        offered.examples_from = out[i].examples_from.clone();
                        offered.has_examples = true;
                    }
                    out[i] = offered;
                }
                None => out.push(offered),
            }
        }
        let mut out: Vec<(ir::Body, String)> = out.into_iter().map(|o| (o.body, o.examples_from)).collect();
        // Stable: the spec's order among the rest; JSON read from a text media type last
        // of the JSON, so that clients send JSON as JSON.
        out.sort_by_key(|(b, _)| {
            (b.media != Media::Json, b.media == Media::Json && b.content_type.starts_with("text/"))
        });
        // A form is `name=value` pairs: a string, a number or a list has no names to give.
        for content_type in &not_objects {
            let what = format!(
                "the `{content_type}` content must be an object (or a `oneOf`/`anyOf`/`allOf` of objects), whose \
                 properties are the form's fields"
            );
            match out.first() {
                Some((offered, _)) => {
                    let offered = &offered.content_type;
                    let message = format!("{what}; `{content_type}` is not offered, `{offered}` is");
                    self.warn(cx.pointer, message);
                    self.not_offered(cx, content_type);
                }
                // At the media type, so that only it is loosened (to a map of fields).
                None => {
                    let at = push_pointer(&format!("{}/content", cx.pointer), content_type);
                    self.error(&at, what, None);
                }
            }
        }
        if out.is_empty() && not_objects.is_empty() {
            self.error(
                cx.pointer,
                format!(
                    "{} of type {} are not supported yet; JSON, {}text and binary ones are",
                    cx.what,
                    skipped.join(", "),
                    if cx.multipart { "form, multipart, " } else { "form, " }
                ),
                None,
            );
        } else if !skipped.is_empty() {
            self.warn(
                cx.pointer,
                format!(
                    "media type {} is not supported yet and is not offered; {} is",
                    skipped.join(", "),
                    out[0].0.content_type
                ),
            );
            for content_type in &skipped {
                self.not_offered(cx, content_type);
            }
        }
        out
    }

    /// A request body's media type left out beside others is not offered by
    /// `openapi.json` either ([`ir::Api::unserved`]), where checkers would send it and be
    /// answered 415. A response's stays: the crate still answers what it declares.
    fn not_offered(&mut self, cx: &ContentCtx<'_>, content_type: &str) {
        if cx.status.is_none() {
            self.unserved.push(push_pointer(&format!("{}/content", cx.pointer), content_type));
        }
    }

    /// Whether a media type's schema is an object or a list (through references and
    /// `allOf`), whose values are no text of their own.
    fn holds_structure(&self, entry: &openapiv3::MediaType) -> bool {
        use openapiv3::{SchemaKind, Type};
        let Some(schema) = entry.schema.as_ref().and_then(|s| self.lookup(s)) else { return false };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_) | Type::Array(_)) | SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(a) => matches!(a.typ.as_deref(), Some("object" | "array")) || !a.properties.is_empty(),
            _ => false,
        }
    }

    /// Whether a content map's entry is a twin of one already offered: keys that differ
    /// only in parameters (Zuora's `application/json` beside `application/json;
    /// charset=utf-8` on 614 responses) name one media type, and neither side reads
    /// parameters (a response is told by its `Content-Type`'s essence, a request body the
    /// same), so two bodies of it could not be told apart and the second would never be
    /// chosen. They become one body:
    /// - one with a schema, the other without (Zuora's plain key carries only examples):
    ///   the one with the schema, tested with the other's examples when it has none;
    /// - decoded alike (the same schema, or both text, or both bytes): the first, quietly;
    /// - two different schemas: the first, and a located warning naming what is not used.
    fn twin(
        &mut self,
        out: &[Offered<'_>],
        key: &str,
        entry: &openapiv3::MediaType,
        media: Media,
        pointer: &str,
    ) -> Twin {
        let essence = |t: &str| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let Some(i) = out.iter().position(|o| essence(&o.body.content_type) == essence(key)) else {
            return Twin::None;
        };
        let kept = &out[i];
        match (&kept.entry.schema, &entry.schema) {
            (_, None) => Twin::Kept(i),
            (None, Some(_)) => Twin::Replaced(i),
            (Some(a), Some(b))
                if kept.body.media == media && (a == b || matches!(media, Media::Text | Media::Binary)) =>
            {
                Twin::Kept(i)
            }
            (Some(_), Some(_)) => {
                let kept = &kept.body.content_type;
                self.warn(
                    pointer,
                    format!(
                        "`{key}` and `{kept}` are one media type (`{}`; only parameters differ), which a \
                         `Content-Type` cannot tell apart; `{key}`'s schema is not used, `{kept}`'s is",
                        essence(key)
                    ),
                );
                Twin::Kept(i)
            }
        }
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
            vec![ir::Body {
                media: Media::Json,
                content_type: "application/json".into(),
                ty: TypeRef::ErrorMessage,
                nullable: false,
                encoding: Vec::new(),
                part_types: Vec::new(),
                positions: None,
                sentinel: None,
            }]
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
            ("audio/mpeg", false, Some(Media::Binary)),
            ("video/mp4", false, Some(Media::Binary)),
            ("application/zip", true, Some(Media::Binary)),
            ("application/zip", false, None),
            ("application/xml", false, None),
        ];
        for (content_type, binary, expect) in cases {
            assert_eq!(classify(content_type, *binary), *expect, "{content_type}");
        }
    }
}
