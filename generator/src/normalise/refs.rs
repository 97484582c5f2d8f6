//! References into the middle of things (`#/components/schemas/X/properties/y`,
//! `#/paths/~1a/get/parameters/0/schema`) are replaced by a copy of what they point at.
//! openapiv3 and lowering resolve only whole components (`#/components/<section>/<name>`),
//! and a copied schema is deduplicated with its original by structure in lowering, so
//! both uses still get one type. Whole-component references stay references, which keeps
//! recursion through components working.

use serde_json::Value;

use crate::diagnostics::{pointer_tokens, push_pointer};
use crate::sink::Sink;
use crate::source::Sources;

/// How many references into the middle of things may be followed inside one copy.
const MAX_CHAIN: usize = 32;

/// How many sub-schemas that reach themselves may be given names of their own.
const MAX_HOISTS: usize = 64;

/// Inlines every internal `$ref` that does not name a whole component. A sub-schema that
/// reaches itself through such references (Azure's network specs) cannot be copied into
/// itself; it is given a name in `components/schemas` first, where recursion is a
/// reference like any other, with a warning.
pub(super) fn inline_deep(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    for _ in 0..MAX_HOISTS {
        let mut found = Vec::new();
        collect(doc, "", &mut found);
        if found.is_empty() {
            return;
        }
        let mut targets: Vec<&String> = found.iter().map(|(_, t)| t).collect();
        targets.sort();
        targets.dedup();
        let cyclic = targets.into_iter().find_map(|t| match resolve(doc, t, &mut vec![t.clone()]) {
            Err((_, Some(first))) if first.starts_with("/components/schemas/") => Some(first),
            _ => None,
        });
        match cyclic {
            Some(target) => hoist(doc, &target, sources, sink),
            None => break,
        }
    }
    let mut found = Vec::new();
    collect(doc, "", &mut found);
    if found.is_empty() {
        return;
    }
    // Targets are read from the document as it was, so the order of replacement does
    // not matter.
    let original = doc.clone();
    // One resolution per target: DigitalOcean's bundle points 289 times at each of a few
    // shared responses.
    let mut resolved: std::collections::HashMap<String, Result<Value, String>> = std::collections::HashMap::new();
    for (at, target) in found {
        let result = resolved
            .entry(target.clone())
            .or_insert_with(|| resolve(&original, &target, &mut vec![target.clone()]).map_err(|(m, _)| m))
            .clone();
        match result {
            Ok(copy) => {
                if let Some(slot) = doc.pointer_mut(&at) {
                    *slot = copy;
                }
            }
            Err(message) => sink.error_at(
                sources,
                &push_pointer(&at, "$ref"),
                message,
                Some("give the recursive schema a name in `components/schemas` and refer to that"),
            ),
        }
    }
}

/// Gives the sub-schema at `target` a name in `components/schemas` (its component's name
/// and the path to it, `LoopPropertiesA`, numbered if taken), and points every reference
/// to it there.
fn hoist(doc: &mut Value, target: &str, sources: &Sources, sink: &mut Sink) {
    let Some(value) = doc.pointer(target).cloned() else { return };
    let tokens = pointer_tokens(target).unwrap_or_default();
    let stem: String = tokens
        .iter()
        .skip(2)
        .map(|t| {
            let mut chars = t.chars().filter(char::is_ascii_alphanumeric);
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + &chars.collect::<String>()).unwrap_or_default()
        })
        .collect();
    let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") else { return };
    let mut name = stem.clone();
    let mut n = 2;
    while schemas.contains_key(&name) {
        name = format!("{stem}{n}");
        n += 1;
    }
    schemas.insert(name.clone(), value);
    let old = format!("#{target}");
    let new = format!("#{}", push_pointer("/components/schemas", &name));
    retarget(doc, &old, &new);
    // Where it was, it is now a use of its component like the others.
    if let Some(slot) = doc.pointer_mut(target) {
        *slot = serde_json::json!({ "$ref": new });
    }
    sink.warning_at(
        sources,
        target,
        format!(
            "`{old}` reaches itself through references into sub-schemas; it is named `{name}` in \
             `components/schemas` so that the recursion has a type"
        ),
    );
}

/// Points every `$ref` to `old` at `new`.
fn retarget(v: &mut Value, old: &str, new: &str) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if map.get("$ref").and_then(Value::as_str) == Some(old) {
                    map.insert("$ref".into(), Value::String(new.to_string()));
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// Every `$ref` (a string, so not a property named `$ref`) that points inside the
/// document but not at a whole component: (where it is, the pointer it names).
fn collect(v: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    // An explicit stack: the document may nest as deep as the loader allows.
    let mut stack = vec![(v, pointer.to_string())];
    while let Some((v, pointer)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(deep_target) {
                    out.push((pointer, target));
                    continue;
                }
                for (k, child) in map {
                    stack.push((child, push_pointer(&pointer, k)));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((child, push_pointer(&pointer, &i.to_string())));
                }
            }
            _ => {}
        }
    }
    out.sort();
}

/// The pointer of an internal reference that is not a whole component.
fn deep_target(reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    let tokens = pointer_tokens(pointer)?;
    let whole_component = tokens.len() == 3 && tokens[0] == "components";
    (!whole_component).then(|| pointer.to_string())
}

/// A copy of the value at `target`, with the deep references inside it inlined too. An
/// error says why not, and where a cycle starts when it is one.
fn resolve(doc: &Value, target: &str, chain: &mut Vec<String>) -> Result<Value, (String, Option<String>)> {
    let Some(found) = doc.pointer(target) else {
        return Err((format!("`#{target}` points to nothing"), None));
    };
    let mut copy = found.clone();
    let mut inner = Vec::new();
    collect(&copy, "", &mut inner);
    for (at, next) in inner {
        if let Some(at) = chain.iter().position(|c| *c == next) {
            let message = format!("`#{}` reaches itself through references into sub-schemas", chain[0]);
            return Err((message, Some(chain[at].clone())));
        }
        if chain.len() >= MAX_CHAIN {
            return Err((format!("`#{}` reaches itself through references into sub-schemas", chain[0]), None));
        }
        chain.push(next.clone());
        let value = resolve(doc, &next, chain)?;
        chain.pop();
        if at.is_empty() {
            copy = value;
        } else if let Some(slot) = copy.pointer_mut(&at) {
            *slot = value;
        }
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_references_into_the_middle_of_things_are_deep() {
        assert_eq!(deep_target("#/components/schemas/X"), None);
        assert_eq!(
            deep_target("#/components/schemas/X/properties/y").as_deref(),
            Some("/components/schemas/X/properties/y")
        );
        assert_eq!(
            deep_target("#/paths/~1a/get/parameters/0/schema").as_deref(),
            Some("/paths/~1a/get/parameters/0/schema")
        );
        assert_eq!(deep_target("other.yaml#/x"), None);
    }

    #[test]
    fn copies_replace_deep_references_and_a_property_named_ref_is_left_alone() {
        let mut doc = serde_json::json!({
            "components": {"schemas": {
                "X": {"type": "object", "properties": {"y": {"type": "string"}, "$ref": {"type": "string"}}},
                "Z": {"type": "object", "properties": {"w": {"$ref": "#/components/schemas/X/properties/y"}}},
                "Loop": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Loop/properties/a"}}},
            }}
        });
        let sources = Sources::default();
        let mut sink = Sink::default();
        inline_deep(&mut doc, &sources, &mut sink);
        assert_eq!(doc.pointer("/components/schemas/Z/properties/w"), Some(&serde_json::json!({"type": "string"})));
        assert_eq!(doc.pointer("/components/schemas/X/properties/$ref"), Some(&serde_json::json!({"type": "string"})));
        let messages: Vec<String> = sink.diagnostics().iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            ["`#/components/schemas/Loop/properties/a` reaches itself through references into sub-schemas; it is \
                 named `LoopPropertiesA` in `components/schemas` so that the recursion has a type"]
        );
    }

    /// Azure's shape: a property whose schema refers back into itself. It becomes a
    /// component, so the recursion is an ordinary one.
    #[test]
    fn a_sub_schema_that_reaches_itself_is_named() {
        let mut doc = serde_json::json!({
            "components": {"schemas": {
                "Rule": {"type": "object", "properties": {
                    "match": {"type": "object", "properties": {
                        "and": {"type": "array", "items": {"$ref": "#/components/schemas/Rule/properties/match"}},
                        "name": {"type": "string"},
                    }},
                }},
                "Other": {"type": "object", "properties": {"m": {"$ref": "#/components/schemas/Rule/properties/match"}}},
            }}
        });
        let mut sink = Sink::default();
        inline_deep(&mut doc, &Sources::default(), &mut sink);
        let to_it = serde_json::json!({"$ref": "#/components/schemas/RulePropertiesMatch"});
        assert_eq!(doc.pointer("/components/schemas/Rule/properties/match"), Some(&to_it), "{doc:#}");
        assert_eq!(doc.pointer("/components/schemas/Other/properties/m"), Some(&to_it));
        assert_eq!(doc.pointer("/components/schemas/RulePropertiesMatch/properties/and/items"), Some(&to_it));
        assert_eq!(sink.diagnostics().len(), 1);
        assert!(!sink.diagnostics()[0].is_error());
    }
}
