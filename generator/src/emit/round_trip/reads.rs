//! Whether a JSON value reads as a type of the IR, as the crate's derived `Deserialize`
//! reads it: what the round trip's samples of a `oneOf` are checked with, since the server
//! refuses a value that more than one of the union's variants reads.

use serde_json::Value;

use crate::ir::{Api, TypeKind, TypeRef};

/// How deep the check follows types before it takes a value as read: past it, a sample
/// has stopped too (`samples::MAX_SAMPLE_DEPTH`).
const MAX_DEPTH: usize = 16;

/// Whether `value` reads as `t`. Formats but dates, and constraints, are not looked at: a
/// value the check takes may still be refused by them, never the other way round, which
/// is the direction the samples need (a variant counted as reading a value makes the
/// sample try another shape, never send an ambiguous one).
pub(super) fn reads(api: &Api, t: &TypeRef, value: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    let depth = depth + 1;
    match t {
        TypeRef::String | TypeRef::Format(_) => value.is_string(),
        // As the crate's chrono reads them: a date tells itself from other text.
        TypeRef::Date => value.as_str().is_some_and(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok()),
        TypeRef::DateTime => value.as_str().is_some_and(|v| chrono::DateTime::parse_from_rfc3339(v).is_ok()),
        TypeRef::Integer { bits: 32 } => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        TypeRef::Integer { .. } => value.is_i64() || value.is_u64(),
        TypeRef::Number { .. } => value.is_number(),
        TypeRef::Boolean => value.is_boolean(),
        TypeRef::Any | TypeRef::ErrorMessage | TypeRef::File => true,
        TypeRef::Array(inner) => {
            value.as_array().is_some_and(|items| items.iter().all(|v| reads(api, inner, v, depth)))
        }
        TypeRef::Map(inner) => value.as_object().is_some_and(|m| m.values().all(|v| reads(api, inner, v, depth))),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => {
                let Some(map) = value.as_object() else { return false };
                let fields_read = s.fields.iter().all(|f| match map.get(&f.wire_name) {
                    None => !f.required || f.nullable && !api.ty(*id).object_only,
                    Some(Value::Null) => f.nullable || !f.required,
                    Some(v) => reads(api, &f.ty, v, depth),
                });
                let extras_read = s.additional.as_ref().is_none_or(|a| {
                    map.iter()
                        .filter(|(k, _)| !s.fields.iter().any(|f| f.wire_name == **k))
                        .all(|(_, v)| reads(api, &a.ty, v, depth))
                });
                fields_read && extras_read && s.flattened.iter().all(|f| reads(api, &f.ty, value, depth))
            }
            TypeKind::StringEnum(e) => {
                value.as_str().is_some_and(|v| e.other.is_some() || e.variants.iter().any(|x| x.value == v))
            }
            TypeKind::IntegerEnum(e) => {
                value.as_i64().is_some_and(|v| e.other.is_some() || e.variants.iter().any(|x| x.value == v))
            }
            TypeKind::Union(u) => match &u.tag {
                Some(tag) => {
                    let given = value.get(&tag.property).and_then(Value::as_str);
                    tag.mapping.iter().any(|(name, vid)| {
                        given == Some(name.as_str()) && reads(api, &TypeRef::Named(*vid), value, depth)
                    })
                }
                None => u.variants.iter().any(|v| reads(api, &v.ty, value, depth)),
            },
            TypeKind::Alias(inner) => reads(api, inner, value, depth),
        },
    }
}
