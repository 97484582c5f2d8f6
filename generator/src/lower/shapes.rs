//! What lowering a schema gives, shared by `schemas.rs` and `compose.rs` (which lower
//! into each other through `Lowerer`'s methods, but import only from here).

use openapiv3::{Discriminator, ReferenceOr, Schema};

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
}
