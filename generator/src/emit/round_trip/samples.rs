//! The values the round-trip test sends and answers: a small JSON sample of each type,
//! fitted to the constraints the server checks.

use serde_json::{Value, json};

use crate::ir::{Api, Constraints, TextFormat, TypeKind, TypeRef, Union};

use super::reads::reads;

/// `value` changed to meet the constraints `c` where it breaks them, since the server
/// refuses a body that breaks one: the encoding test's string gives way to a format's or
/// a simple pattern's text, then to a length; a number moves into its bounds and onto
/// its multiple; a list is given its least count, and each item is fitted too.
fn fit(value: Value, c: &Constraints) -> Value {
    match value {
        Value::String(text) => {
            let text = match (&c.format, &c.pattern) {
                (Some(format), _) => format_sample(format).to_owned(),
                (None, Some(pattern)) => crate::lower::text_matching(pattern).unwrap_or(text),
                (None, None) => text,
            };
            let (min, max) = (c.min_length.unwrap_or(0), c.max_length.unwrap_or(u64::MAX));
            let mut chars: Vec<char> = text.chars().collect();
            let pad = chars.last().copied().unwrap_or('a');
            while (chars.len() as u64) < min {
                chars.push(pad);
            }
            chars.truncate(usize::try_from(max).unwrap_or(usize::MAX));
            Value::String(chars.into_iter().collect())
        }
        Value::Number(n) => {
            let Some(mut x) = n.as_f64() else { return Value::Number(n) };
            let integer = n.is_i64() || n.is_u64();
            let step = if integer { 1.0 } else { 0.5 };
            if let Some(b) = c.minimum.filter(|b| x < b.value || (b.exclusive && x == b.value)) {
                x = if b.exclusive { b.value + step } else { b.value };
            }
            if let Some(b) = c.maximum.filter(|b| x > b.value || (b.exclusive && x == b.value)) {
                x = if b.exclusive { b.value - step } else { b.value };
            }
            if let Some(m) = c.multiple_of {
                x = (x / m).floor() * m;
                if c.minimum.is_some_and(|b| x < b.value || (b.exclusive && x == b.value)) {
                    x += m;
                }
            }
            if integer { json!(x as i64) } else { json!(x) }
        }
        Value::Array(items) => {
            let each = c.each.as_deref();
            let mut items: Vec<Value> =
                items.into_iter().map(|v| each.map_or(v.clone(), |each| fit(v, each))).collect();
            let least = usize::try_from(c.min_items.unwrap_or(0)).unwrap_or(0);
            while items.len() < least && !c.unique_items {
                let Some(first) = items.first().cloned() else { break };
                items.push(first);
            }
            Value::Array(items)
        }
        Value::Object(map) => {
            let each = c.each.as_deref();
            let most = usize::try_from(c.max_properties.unwrap_or(u64::MAX)).unwrap_or(usize::MAX);
            let mut map: serde_json::Map<String, Value> = map
                .into_iter()
                .take(most)
                .map(|(k, v)| (k.clone(), each.map_or(v.clone(), |each| fit(v, each))))
                .collect();
            let least = usize::try_from(c.min_properties.unwrap_or(0)).unwrap_or(0);
            while map.len() < least {
                let Some(first) = map.values().next().cloned() else { break };
                map.insert(format!("key{}", map.len()), first);
            }
            Value::Object(map)
        }
        other => other,
    }
}

/// Text of a format the constraints check (`ir::Constraints::format`).
fn format_sample(format: &str) -> &'static str {
    match format {
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "email" => "round.trip@example.com",
        "uri" => "https://example.com/a%20b?c=d#e",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "hostname" => "round-trip.example.com",
        "time" => "13:45:30Z",
        _ => "a/b%20c?d#e",
    }
}

/// How deep a sample nests before it stops, whatever the types require.
const MAX_SAMPLE_DEPTH: usize = 12;

/// A small JSON value of type `t`: every property filled (not only the required ones), so
/// that the round trip exercises them all. Recursion stops after a few levels.
pub(super) fn sample(api: &Api, t: &TypeRef, depth: usize) -> Value {
    // A type that requires itself (`TreeNode` whose `parent` is a required `TreeNode`)
    // has no finite value: the sample stops, and such a body does not read.
    if depth > MAX_SAMPLE_DEPTH {
        return Value::Null;
    }
    match t {
        TypeRef::String => json!("a/b c?d#e%f ü"),
        TypeRef::Integer { .. } => json!(7),
        TypeRef::Number { .. } => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Date => json!("2022-01-31"),
        TypeRef::DateTime => json!("2021-01-20T14:13:35Z"),
        // Canonical text, which the runtime writes back as it read it.
        TypeRef::Format(TextFormat::Byte) => json!("AP8NCi0t"),
        TypeRef::Format(TextFormat::Duration) => json!("P1Y2M3DT4H5M6.789S"),
        TypeRef::Format(TextFormat::DateTimeRfc1123) => json!("Wed, 20 Jan 2021 14:13:35 GMT"),
        TypeRef::Any => json!({"any": [1, "two"]}),
        TypeRef::Array(inner) if depth < 4 => json!([sample(api, inner, depth + 1)]),
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(inner) if depth < 4 => json!({"key": sample(api, inner, depth + 1)}),
        TypeRef::Map(_) => json!({}),
        TypeRef::ErrorMessage => json!({"message": "round trip"}),
        // Bytes that are not UTF-8 (the runtime's `File` reads them as a list of numbers);
        // no media type, which is the part's declared one either way.
        TypeRef::File => {
            json!({"data": [0, 255, 13, 10, 45, 45], "filename": "round trip ü.bin", "content_type": null})
        }
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => {
                let mut m = serde_json::Map::new();
                for f in &s.fields {
                    if f.required || depth < 3 {
                        let value = fit(sample(api, &f.ty, depth + 1), &f.constraints);
                        m.insert(f.wire_name.clone(), value);
                    }
                }
                // A flattened union's properties sit beside the declared ones.
                for f in &s.flattened {
                    if let Value::Object(more) = sample(api, &f.ty, depth + 1) {
                        m.extend(more);
                    }
                }
                Value::Object(m)
            }
            TypeKind::StringEnum(e) => e.variants.first().map_or(Value::Null, |v| json!(v.value)),
            TypeKind::IntegerEnum(e) => e.variants.first().map_or(Value::Null, |v| json!(v.value)),
            TypeKind::Union(u) if u.one_of && u.tag.is_none() => one_of_sample(api, u, depth),
            TypeKind::Union(u) => {
                let Some(first) = u.variants.first() else { return Value::Null };
                let mut value = fit(sample(api, &first.ty, depth + 1), &first.constraints);
                // A tagged union's variant carries the value that selects it.
                if let (Some(tag), TypeRef::Named(vid), Value::Object(m)) = (&u.tag, &first.ty, &mut value) {
                    if let Some((tag_value, _)) = tag.mapping.iter().find(|(_, t)| t == vid) {
                        m.insert(tag.property.clone(), json!(tag_value));
                    }
                }
                value
            }
            TypeKind::Alias(t) => sample(api, t, depth + 1),
        },
    }
}

/// A value of an untagged `oneOf` that exactly one variant reads, since the server refuses
/// one that more than one reads (JSON Schema's `oneOf`: valid under exactly one). Each
/// variant in turn gives its sample, then the same without the optional properties another
/// variant requires (DigitalOcean's `SingleDropletRequest` declares the `names` that only
/// `MultipleDropletRequest` requires), then without any optional property; the first that
/// only its own variant reads is taken. Where none is, the first variant's sample: the
/// spec's variants then cannot be told apart, which lowering warns about. A variant of any
/// JSON value does not count, as in the server's reading.
fn one_of_sample(api: &Api, u: &Union, depth: usize) -> Value {
    let others_read = |i: usize, value: &Value| {
        u.variants.iter().enumerate().any(|(j, v)| j != i && v.ty != TypeRef::Any && reads(api, &v.ty, value, 0))
    };
    let mut first = None;
    for (i, variant) in u.variants.iter().enumerate() {
        let full = fit(sample(api, &variant.ty, depth + 1), &variant.constraints);
        let required_elsewhere: Vec<&str> = u
            .variants
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, v)| required_names(api, &v.ty))
            .collect();
        let optional = optional_names(api, &variant.ty);
        let without = |value: &Value, leave_out: &dyn Fn(&str) -> bool| match value {
            Value::Object(m) => {
                Value::Object(m.iter().filter(|(k, _)| !leave_out(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            other => other.clone(),
        };
        let candidates = [
            without(&full, &|k| optional.contains(&k) && required_elsewhere.contains(&k)),
            without(&full, &|k| optional.contains(&k)),
        ];
        let mut tries = std::iter::once(full.clone()).chain(candidates);
        if let Some(value) = tries.find(|v| reads(api, &variant.ty, v, 0) && !others_read(i, v)) {
            return value;
        }
        first.get_or_insert(full);
    }
    first.unwrap_or(Value::Null)
}

/// The wire names a struct type requires (none for any other type).
fn required_names<'a>(api: &'a Api, t: &TypeRef) -> Vec<&'a str> {
    match struct_of(api, t) {
        Some(s) => s.fields.iter().filter(|f| f.required).map(|f| f.wire_name.as_str()).collect(),
        None => Vec::new(),
    }
}

/// The wire names a struct type declares as optional (none for any other type).
fn optional_names<'a>(api: &'a Api, t: &TypeRef) -> Vec<&'a str> {
    match struct_of(api, t) {
        Some(s) => s.fields.iter().filter(|f| !f.required).map(|f| f.wire_name.as_str()).collect(),
        None => Vec::new(),
    }
}

fn struct_of<'a>(api: &'a Api, t: &TypeRef) -> Option<&'a crate::ir::Struct> {
    match t {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(inner) => struct_of(api, inner),
            _ => None,
        },
        _ => None,
    }
}
