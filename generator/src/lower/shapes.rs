//! What lowering a schema gives, shared by `schemas.rs` and `compose.rs` (which lower
//! into each other through `Lowerer`'s methods, but import only from here).

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use crate::ir::{TypeKind, TypeRef};

/// A lowered schema: a use of an existing type, or the body of a type still to be named.
pub(super) enum Lowered {
    Ref(TypeRef),
    Kind(TypeKind),
}

/// A union found among the parts: where, which keyword, its members and discriminator.
pub(super) struct UnionPart<'s> {
    pub(super) pointer: String,
    pub(super) key: &'static str,
    pub(super) members: &'s [ReferenceOr<Schema>],
    pub(super) discriminator: Option<&'s Discriminator>,
    /// Whether the schema beside the union says `type: object`, which holds of the whole
    /// value and so of every member: a member of `properties` without `type` is then an
    /// object only (see `Lowerer::union`).
    pub(super) objects: bool,
}

/// A union member of `properties` without `type`, typed `type: object` when the schema
/// beside the union says so ([`UnionPart::objects`]); `None` for any other member. Alone,
/// such a member holds every value that is not an object too (`object_or_value`); beside
/// `type: object` none of those is valid, and Zoom's `PATCH /rooms/events` took the body
/// `[null, null]` as the members' any-value variant.
pub(super) fn object_typed(member: &Schema) -> Option<Schema> {
    let SchemaKind::Any(a) = &member.schema_kind else { return None };
    let composes = !a.one_of.is_empty() || !a.any_of.is_empty() || !a.all_of.is_empty();
    let object = !a.properties.is_empty() || a.additional_properties.is_some();
    if a.typ.is_some() || composes || !object {
        return None;
    }
    let mut typed = member.clone();
    if let SchemaKind::Any(a) = &mut typed.schema_kind {
        a.typ = Some("object".to_owned());
    }
    Some(typed)
}
