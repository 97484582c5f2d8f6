//! Unions: `oneOf`/`anyOf` (and mixed enums), tagged by a discriminator or read by trying
//! their variants in order.

use serde::Serialize;

use super::{TypeId, TypeRef};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Union {
    /// How a value says which variant it is; `None` for an untagged union, whose
    /// variants are tried in order when deserialising (lowering orders them most
    /// specific first). Every variant of a tagged union is a named type with at least
    /// one value in the mapping.
    pub tag: Option<Discriminator>,
    pub variants: Vec<UnionVariant>,
    /// A schema of `properties` without `type`: the first variant is the object's struct,
    /// which reads every JSON object (refusing one that breaks it), and the second any
    /// value, which reads every other value (`lower::schemas::object_or_value`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub objects_first: bool,
    /// A `oneOf` (not an `anyOf`): JSON Schema holds a value valid under exactly one of
    /// its schemas. In a type a request carries ([`super::TypeDef::object_only`]), the
    /// server refuses a value more than one variant reads (and meets the constraints of);
    /// a client takes the first, as for any untagged union.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub one_of: bool,
}

/// A discriminator: the property whose value names the variant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Discriminator {
    /// The JSON property (`petType`).
    pub property: String,
    /// Each tag value and the type it selects, in spec order.
    pub mapping: Vec<(String, TypeId)>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Whether the variant holds its type behind a `Box` (see [`super::Field::boxed`]).
    pub boxed: bool,
    /// The constraints of the member's own schema, where its type does not carry them (a
    /// list's `minItems`, a string's `pattern`: OpenAI's `stop`, `oneOf` a string or a list
    /// of at least one): checked as a field's are, and by `oneOf`'s "valid under exactly
    /// one".
    #[serde(skip_serializing_if = "super::Constraints::is_empty")]
    pub constraints: super::Constraints,
}
