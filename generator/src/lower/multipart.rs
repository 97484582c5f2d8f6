//! Multipart bodies, checked once every type is known: which properties are files
//! (`format: binary`), whether each body is an object (or a union of objects, a few levels
//! deep) whose properties can be parts, and the file parts the runtime's `File` serves.
//! A body that is an array, one part an item, is read from OpenAPI 3.2's `prefixEncoding`
//! and `itemEncoding` (the registry's `x-oai-…` extensions in 3.0 and 3.1) as
//! [`ir::Positions`].

use openapiv3::ReferenceOr;
use serde_json::Value;

use super::media::is_binary;
use super::{Lowerer, PendingOp};
use crate::diagnostics::push_pointer;
use crate::ir::{self, contract};
use crate::ir::{Media, TypeKind, TypeRef};
use crate::v32::{ITEM_ENCODING, PREFIX_ENCODING};

impl Lowerer<'_> {
    /// Whether a property's schema is binary data: a `format: binary` string, or an array
    /// of them (looked up through `$ref`s). Kept on the field (`ir::Field::binary`), since
    /// the type a property lowers to (`String`) no longer says so, and an object reached
    /// through `allOf` or a union's variant is only known to be a multipart body's later.
    pub(super) fn is_binary_property(&self, p: &ReferenceOr<Box<openapiv3::Schema>>) -> bool {
        use openapiv3::{SchemaKind, Type};
        self.lookup(&p.clone().unbox()).is_some_and(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                a.items.as_ref().and_then(|i| self.lookup(&i.clone().unbox()).map(is_binary)).unwrap_or(false)
            }
            _ => is_binary(s),
        })
    }

    /// Multipart bodies whose schema is not an object, or a union of objects (see
    /// [`Lowerer::multipart_fits`]): each property is one part, so there must be
    /// properties to name them (a bare string or array has none). When the body offers other media, only the multipart one is
    /// left out, with a warning; when it is the only one, the spec is refused.
    ///
    /// Then makes the `format: binary` properties of the objects a multipart body sends as
    /// parts files ([`TypeRef::File`]): its object's (merged through `allOf` or not), or
    /// each object variant's of its union. The struct is changed where it is, so a component schema that
    /// is both a multipart body and part of a JSON one has files in both; a binary string
    /// inside JSON is not meaningful anyway (OpenAPI 3.0.3 puts binary data in bodies and
    /// parts only).
    pub(super) fn check_multipart(&mut self, ops: &mut [PendingOp]) {
        for op in ops {
            let (Some(body), Some(ptr)) = (&mut op.op.body, &op.body_pointer) else { continue };
            // A body offered as a form is an object, whose properties are its fields: of a
            // schema of `properties` without `type` (the union of its struct and any value,
            // `ir::Union::objects_first`), the struct, in every media type it is offered
            // in, so that they stay one type (a form is read by serde, which cannot hand
            // a union's variants its text). Parts are read by our own code, which reads
            // them into the union's object, so beside multipart alone the union stays,
            // and a JSON `null` (Zoom's recording status bodies) is read as JSON says.
            if body.bodies.iter().any(|b| b.media == Media::FormUrlEncoded) {
                for b in &mut body.bodies {
                    if let TypeRef::Named(id) = &b.ty {
                        if let TypeKind::Union(u) = &self.candidates[id.index()].kind {
                            if let (true, Some(object)) = (u.objects_first, u.variants.first()) {
                                b.ty = object.ty.clone();
                            }
                        }
                    }
                }
            }
            // A body of positions is an array, one part an item (checked by `positions`).
            let unfit: Vec<String> = body
                .bodies
                .iter()
                .filter(|b| b.media == Media::Multipart && b.positions.is_none() && !self.multipart_fits(&b.ty, 0))
                .map(|b| b.content_type.clone())
                .collect();
            for content_type in &unfit {
                let what = format!(
                    "the `{content_type}` body must be an object, whose properties (declared or \
                     `additionalProperties`) are its parts, or a `oneOf`/`anyOf` of such objects"
                );
                if body.bodies.len() > unfit.len() {
                    body.bodies.retain(|b| b.content_type != *content_type);
                    let offered = &body.bodies[0].content_type;
                    self.warn(ptr, format!("{what}; `{content_type}` is not offered, `{offered}` is"));
                    // Nor offered by `openapi.json`, where checkers sent it and got a 415
                    // (Zoom's `PATCH /rooms/events`).
                    self.unserved.push(push_pointer(&format!("{ptr}/content"), content_type));
                } else {
                    // At the media type, so that only it is loosened (to a map of parts).
                    self.error(&push_pointer(&format!("{ptr}/content"), content_type), what, None);
                }
            }
            let multipart: Vec<TypeRef> =
                body.bodies.iter().filter(|b| b.media == Media::Multipart).map(|b| b.ty.clone()).collect();
            for t in &multipart {
                self.files_in_parts(t, 0);
            }
        }
    }

    /// Makes the binary fields of the objects a multipart body of type `t` sends as parts
    /// files: the body's own object, or each object variant of its union, however nested
    /// (an `allOf` object is already merged into one struct).
    fn files_in_parts(&mut self, t: &TypeRef, depth: usize) {
        let TypeRef::Named(id) = self.resolve_aliases(t) else { return };
        match &mut self.candidates[id.index()].kind {
            TypeKind::Struct(s) => {
                for f in s.fields.iter_mut().filter(|f| f.binary) {
                    f.ty = match &f.ty {
                        TypeRef::Array(_) => TypeRef::Array(Box::new(TypeRef::File)),
                        _ => {
                            // A file's bytes are no text: `maxLength` and `pattern` said
                            // what the string of them would be.
                            f.constraints = crate::ir::Constraints::default();
                            TypeRef::File
                        }
                    };
                }
            }
            TypeKind::Union(u) if depth < contract::MULTIPART_DEPTH => {
                let variants: Vec<TypeRef> = u.variants.iter().map(|v| v.ty.clone()).collect();
                for v in &variants {
                    self.files_in_parts(v, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Whether a multipart body of type `t` has parts to name: an object (of declared
    /// properties, `additionalProperties`, or both: each property or entry is a part), or
    /// a `oneOf`/`anyOf` whose every variant is one (nested as deep as the emitters
    /// follow), which sends the parts of the variant it holds; or the union of an object
    /// and any other value (`properties` without `type`), whose object is the parts.
    fn multipart_fits(&self, t: &TypeRef, depth: usize) -> bool {
        let id = match self.resolve_aliases(t) {
            TypeRef::Named(id) => id,
            // An object of `additionalProperties` only: each entry is a part.
            TypeRef::Map(_) => return true,
            _ => return false,
        };
        match &self.candidates[id.index()].kind {
            // Unions flattened beside the properties have no parts of their own to name;
            // a map of undeclared properties takes the parts the declared ones leave.
            TypeKind::Struct(s) => s.flattened.is_empty(),
            // Parts are an object, its first variant; its other values have none.
            TypeKind::Union(u) if u.objects_first => {
                depth < contract::MULTIPART_DEPTH
                    && u.variants.first().is_some_and(|v| self.multipart_fits(&v.ty, depth + 1))
            }
            TypeKind::Union(u) => {
                depth < contract::MULTIPART_DEPTH && u.variants.iter().all(|v| self.multipart_fits(&v.ty, depth + 1))
            }
            _ => false,
        }
    }
}

impl Lowerer<'_> {
    /// What a multipart body that is an array declares of its parts by position (3.2's
    /// `prefixEncoding` and `itemEncoding`, which travel as [`PREFIX_ENCODING`] and
    /// [`ITEM_ENCODING`]): `None` when it declares neither, or its schema is no array
    /// (a warning: an object's parts are its properties, which `encoding` describes).
    /// What an Encoding Object says that the parts of an array cannot carry is a warning
    /// at its key, and only that is ignored.
    pub(super) fn positions(&mut self, entry: &openapiv3::MediaType, pointer: &str) -> Option<ir::Positions> {
        let (items, prefix) = (entry.extensions.get(ITEM_ENCODING), entry.extensions.get(PREFIX_ENCODING));
        if items.is_none() && prefix.is_none() {
            return None;
        }
        let array = entry
            .schema
            .as_ref()
            .and_then(|s| self.lookup(s))
            .is_some_and(|s| matches!(s.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Array(_))));
        if !array {
            for key in [ITEM_ENCODING, PREFIX_ENCODING].into_iter().filter(|k| entry.extensions.contains_key(*k)) {
                // Named as 3.2 writes it, which is where the warning points in a 3.2 spec.
                let said = key.trim_start_matches("x-oai-");
                let message = format!(
                    "`{said}` describes the parts of a multipart body whose `schema` is an array (one item a part); \
                     this body's is not, so its parts are its properties; it is ignored"
                );
                self.warn(&format!("{pointer}/{key}"), message);
            }
            return None;
        }
        let mut positions = ir::Positions::default();
        if let Some(items) = items {
            positions.items = self.encoding_types(items, &format!("{pointer}/{ITEM_ENCODING}"));
        }
        match prefix {
            Some(Value::Array(prefix)) => {
                for (i, encoding) in prefix.iter().enumerate() {
                    let types = self.encoding_types(encoding, &format!("{pointer}/{PREFIX_ENCODING}/{i}"));
                    positions.prefix.push(types);
                }
            }
            Some(_) => {
                let message = "a `prefixEncoding` is a list of Encoding Objects, one per position; it is ignored";
                self.warn(&format!("{pointer}/{PREFIX_ENCODING}"), message);
            }
            None => {}
        }
        Some(positions)
    }

    /// The media types an Encoding Object of one position declares (`contentType`, a
    /// comma-separated list), each field it holds that a part of an array does not carry
    /// a warning at its key.
    fn encoding_types(&mut self, encoding: &Value, pointer: &str) -> Vec<String> {
        let Value::Object(fields) = encoding else {
            self.warn(pointer, "an Encoding Object is an object; this one is ignored");
            return Vec::new();
        };
        let mut types = Vec::new();
        for (key, value) in fields {
            let why = match key.as_str() {
                "contentType" => match value.as_str() {
                    Some(list) => {
                        let list = list.split(',').map(str::trim).filter(|t| !t.is_empty());
                        types.extend(list.map(str::to_owned));
                        continue;
                    }
                    None => "is not a string of media types",
                },
                "headers" => {
                    "names headers of the part, which are not sent or read: a part of an array body is its \
                              item's value alone"
                }
                "style" | "explode" | "allowReserved" => {
                    "applies to `application/x-www-form-urlencoded` bodies, not to a multipart body's parts"
                }
                "encoding" | "prefixEncoding" | "itemEncoding" => {
                    "describes a multipart part's own parts, which are not read: a part is its item's value as a whole"
                }
                k if k.starts_with("x-") => continue,
                _ => "is not a field of the Encoding Object",
            };
            self.warn(&push_pointer(pointer, key), format!("`{key}` {why}; it is ignored"));
        }
        types
    }

    /// Whether the items of a multipart array body's schema are files (`format: binary`).
    pub(super) fn binary_items(&self, entry: &openapiv3::MediaType) -> bool {
        let Some(schema) = entry.schema.as_ref().and_then(|s| self.lookup(s)) else { return false };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Array(a)) = &schema.schema_kind else { return false };
        a.items.as_ref().is_some_and(|i| self.lookup(&i.clone().unbox()).is_some_and(is_binary))
    }
}
