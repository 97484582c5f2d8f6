//! Multipart bodies, checked once every type is known: which properties are files
//! (`format: binary`), whether each body is an object (or a union of objects, a few levels
//! deep) whose properties can be parts, and the file parts the runtime's `File` serves.

use openapiv3::ReferenceOr;

use super::media::is_binary;
use super::{Lowerer, PendingOp};
use crate::diagnostics::push_pointer;
use crate::ir::contract;
use crate::ir::{Media, TypeKind, TypeRef};

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
            // A body offered as a form or as parts is an object, whose properties are its
            // fields: of a schema of `properties` without `type` (the union of its struct
            // and any value, `ir::Union::objects_first`), the struct, in every media type
            // it is offered in, so that they stay one type.
            if body.bodies.iter().any(|b| matches!(b.media, Media::Multipart | Media::FormUrlEncoded)) {
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
            let unfit: Vec<String> = body
                .bodies
                .iter()
                .filter(|b| b.media == Media::Multipart && !self.multipart_fits(&b.ty, 0))
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
    /// follow), which sends the parts of the variant it holds.
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
            TypeKind::Union(u) => {
                depth < contract::MULTIPART_DEPTH && u.variants.iter().all(|v| self.multipart_fits(&v.ty, depth + 1))
            }
            _ => false,
        }
    }
}
