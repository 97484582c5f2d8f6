//! The validation keywords of a parameter's or property's own schema, which the client
//! checks before sending (`ir::Constraints`): only those that the value's Rust type can be
//! checked against, and only patterns that the runtime's regex engine reads.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use crate::ir::{Bound, Constraints, TypeRef};

impl Lowerer<'_> {
    /// The constraints of a parameter's schema, lowered to `ty`; `pointer` locates the
    /// schema for the warning about a pattern left out.
    pub(super) fn constraints(&mut self, schema: &ReferenceOr<Schema>, ty: &TypeRef, pointer: &str) -> Constraints {
        let Some(s) = self.lookup(schema) else { return Constraints::default() };
        let c = keywords(s);
        self.fit(c, ty, pointer)
    }

    /// The constraints of a property's schema (see [`Lowerer::constraints`]).
    pub(super) fn property_constraints(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        ty: &TypeRef,
        pointer: &str,
    ) -> Constraints {
        let c = match schema {
            ReferenceOr::Item(s) => keywords(s),
            ReferenceOr::Reference { reference } => {
                match self.lookup(&ReferenceOr::<Schema>::Reference { reference: reference.clone() }) {
                    Some(s) => keywords(s),
                    None => return Constraints::default(),
                }
            }
        };
        self.fit(c, ty, pointer)
    }

    /// Keeps what applies to a value of `ty`: lengths and patterns of text, bounds of
    /// numbers, counts of lists. A pattern the runtime's regex (`regex-lite`, the same
    /// crate the generator reads it with) cannot read is left out with a warning, so the
    /// generated check never meets a pattern it cannot compile.
    fn fit(&mut self, c: Constraints, ty: &TypeRef, pointer: &str) -> Constraints {
        let kept = match ty {
            TypeRef::String => Constraints {
                min_length: c.min_length,
                max_length: c.max_length,
                pattern: c.pattern,
                ..Default::default()
            },
            TypeRef::Integer { .. } | TypeRef::Number { .. } => {
                Constraints { minimum: c.minimum, maximum: c.maximum, multiple_of: c.multiple_of, ..Default::default() }
            }
            TypeRef::Array(_) => Constraints {
                min_items: c.min_items,
                max_items: c.max_items,
                unique_items: c.unique_items,
                ..Default::default()
            },
            _ => Constraints::default(),
        };
        let pattern = match kept.pattern {
            Some(p) if regex_lite::Regex::new(&p).is_err() => {
                self.warn(
                    &format!("{pointer}/pattern"),
                    format!(
                        "pattern `{p}` is not one the client's regular expressions read; the client does not check it"
                    ),
                );
                None
            }
            p => p,
        };
        // `minLength: 0` and `minItems: 0` hold of every value.
        Constraints {
            pattern,
            min_length: kept.min_length.filter(|n| *n > 0),
            min_items: kept.min_items.filter(|n| *n > 0),
            multiple_of: kept.multiple_of.filter(|m| *m > 0.0),
            ..kept
        }
    }
}

/// The validation keywords a schema writes itself.
fn keywords(s: &Schema) -> Constraints {
    let count = |n: Option<usize>| n.and_then(|n| u64::try_from(n).ok());
    let bound = |v: Option<f64>, exclusive: bool| v.map(|value| Bound { value, exclusive });
    // openapiv3 reads integer bounds as i64; as f64 they compare with any value the
    // runtime meets (beyond 2^53 a bound is rounded, which only matters at its edge).
    let int = |v: Option<i64>, exclusive: bool| bound(v.map(|v| v as f64), exclusive);
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => Constraints {
            min_length: count(t.min_length),
            max_length: count(t.max_length),
            pattern: t.pattern.clone(),
            ..Default::default()
        },
        SchemaKind::Type(Type::Integer(t)) => Constraints {
            minimum: int(t.minimum, t.exclusive_minimum),
            maximum: int(t.maximum, t.exclusive_maximum),
            multiple_of: t.multiple_of.map(|m| m as f64),
            ..Default::default()
        },
        SchemaKind::Type(Type::Number(t)) => Constraints {
            minimum: bound(t.minimum, t.exclusive_minimum),
            maximum: bound(t.maximum, t.exclusive_maximum),
            multiple_of: t.multiple_of,
            ..Default::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: count(a.min_items),
            max_items: count(a.max_items),
            unique_items: a.unique_items,
            ..Default::default()
        },
        SchemaKind::Any(a) => Constraints {
            min_length: count(a.min_length),
            max_length: count(a.max_length),
            pattern: a.pattern.clone(),
            minimum: bound(a.minimum, a.exclusive_minimum.unwrap_or(false)),
            maximum: bound(a.maximum, a.exclusive_maximum.unwrap_or(false)),
            multiple_of: a.multiple_of,
            min_items: count(a.min_items),
            max_items: count(a.max_items),
            unique_items: a.unique_items.unwrap_or(false),
        },
        _ => Constraints::default(),
    }
}
