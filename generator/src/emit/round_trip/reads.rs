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

/// The name of a `oneOf` in `t` that more than one variant reads `value` as, following the
/// variant that reads it where only one does: a request holding it is refused by the
/// server (`oneOf`: valid under exactly one), so the round trip cannot send it. Samples
/// avoid such values where a variant has one of its own (`one_of_sample`); where none
/// has, the spec's variants cannot be told apart, which lowering warns about.
pub(super) fn ambiguous<'a>(api: &'a Api, t: &TypeRef, value: &Value, depth: usize) -> Option<&'a str> {
    if depth > MAX_DEPTH {
        return None;
    }
    let depth = depth + 1;
    match (t, value) {
        (TypeRef::Array(inner), Value::Array(items)) => items.iter().find_map(|v| ambiguous(api, inner, v, depth)),
        (TypeRef::Map(inner), Value::Object(m)) => m.values().find_map(|v| ambiguous(api, inner, v, depth)),
        (TypeRef::Named(id), _) => {
            let def = api.ty(*id);
            match &def.kind {
                TypeKind::Struct(s) => {
                    let Value::Object(map) = value else { return None };
                    let own = s
                        .fields
                        .iter()
                        .find_map(|f| map.get(&f.wire_name).and_then(|v| ambiguous(api, &f.ty, v, depth)));
                    let extra = || {
                        let a = s.additional.as_ref()?;
                        map.iter()
                            .filter(|(k, _)| !s.fields.iter().any(|f| f.wire_name == **k))
                            .find_map(|(_, v)| ambiguous(api, &a.ty, v, depth))
                    };
                    own.or_else(extra).or_else(|| s.flattened.iter().find_map(|f| ambiguous(api, &f.ty, value, depth)))
                }
                TypeKind::Union(u) if u.tag.is_none() => {
                    let reading: Vec<_> =
                        u.variants.iter().filter(|v| v.ty != TypeRef::Any && reads(api, &v.ty, value, 0)).collect();
                    match reading.as_slice() {
                        [one] => ambiguous(api, &one.ty, value, depth),
                        [_, _, ..] if u.one_of => Some(def.name.as_str()),
                        [first, ..] => ambiguous(api, &first.ty, value, depth),
                        [] => None,
                    }
                }
                TypeKind::Union(u) => {
                    let tag = u.tag.as_ref()?;
                    let given = value.get(&tag.property).and_then(Value::as_str)?;
                    let (_, vid) = tag.mapping.iter().find(|(name, _)| name == given)?;
                    ambiguous(api, &TypeRef::Named(*vid), value, depth)
                }
                TypeKind::Alias(inner) => ambiguous(api, inner, value, depth),
                _ => None,
            }
        }
        _ => None,
    }
}
