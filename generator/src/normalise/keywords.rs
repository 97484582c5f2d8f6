//! Unknown keys in schema objects: a typo (`tpye`, `requried`, `nulable`) or a stray key
//! from a mis-indented or mis-punctuated mapping would otherwise vanish in openapiv3, and
//! the schema would silently mean something else. Each is a located warning naming the
//! key, with the keyword it was probably meant to be.
//!
//! The vocabulary is the OpenAPI 3.0.3 Schema Object's, plus JSON Schema 2020-12's for a
//! 3.1 document. A 3.1 document has already been rewritten by `v31` when this runs, and
//! what `v31` reports (the keywords it refuses) is not reported again. `x-` extensions
//! are never warned about.

use serde_json::{Map, Value};

use super::{Normaliser, Version};
use crate::diagnostics::{Diagnostic, push_pointer};

/// The OpenAPI 3.0.3 Schema Object's fields (its JSON Schema subset, the adjusted
/// keywords and its own fixed fields), in the order a suggestion prefers them.
const OPENAPI_30: &[&str] = &[
    "type",
    "format",
    "properties",
    "required",
    "items",
    "nullable",
    "description",
    "title",
    "enum",
    "default",
    "example",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "additionalProperties",
    "discriminator",
    "readOnly",
    "writeOnly",
    "deprecated",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "xml",
    "externalDocs",
    "$ref",
];

/// JSON Schema 2020-12 keywords that OpenAPI 3.1 schemas have and 3.0 schemas do not.
/// In a 3.1 document `v31` has rewritten, refused or dropped (with a warning) each of
/// them except `$defs` and `$vocabulary`, which stay and mean nothing to the output.
const JSON_SCHEMA_2020_12: &[&str] = &[
    "$defs",
    "$id",
    "$schema",
    "$anchor",
    "$comment",
    "$vocabulary",
    "$dynamicRef",
    "$dynamicAnchor",
    "const",
    "examples",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// Keywords of earlier JSON Schema drafts that specs still carry (draft 4 to 2019-09).
/// They are in neither OpenAPI version's vocabulary.
const OLDER_JSON_SCHEMA: &[(&str, &str)] = &[
    ("definitions", "put shared schemas under `components/schemas` and `$ref` them"),
    ("dependencies", "OpenAPI schemas cannot make one property depend on another"),
    ("additionalItems", "OpenAPI schemas describe arrays with one `items` schema"),
    ("id", "OpenAPI schemas are named by their key under `components/schemas`"),
    ("$recursiveRef", "reference the schema by `$ref`"),
    ("$recursiveAnchor", "reference the schema by `$ref`"),
];

/// What to write in 3.0 instead of a 3.1 keyword, where there is something.
const IN_OPENAPI_30: &[(&str, &str)] = &[
    ("const", "write `enum` with the one value"),
    ("examples", "write one `example`"),
    ("$defs", "put shared schemas under `components/schemas` and `$ref` them"),
    ("contentEncoding", "write `format: byte` for base64 text"),
    ("contentMediaType", "write `format: binary` for raw content"),
    ("patternProperties", "write `additionalProperties` with the values' schema"),
];

/// Keys that other schema languages use for an OpenAPI keyword and that edit distance
/// cannot find (vercel's spec writes `regex` beside `format: regex`).
const SYNONYMS: &[(&str, &str)] = &[("regex", "pattern")];

impl Normaliser<'_> {
    /// Warns about each key of the schema object `s` that its OpenAPI version does not
    /// know, so a typo is not silently dropped.
    pub(super) fn unknown_keys(&mut self, s: &Map<String, Value>, pointer: &str) {
        let unknown: Vec<(&String, &Value)> = s.iter().filter(|(k, _)| !self.is_keyword(k)).collect();
        if unknown.is_empty() {
            return;
        }
        // A schema none of whose keys is a keyword is usually a value (an example)
        // written where the schema belongs: one warning says so, not one per key.
        let extensions = s.keys().filter(|k| k.starts_with("x-")).count();
        if unknown.len() >= 2
            && unknown.len() + extensions == s.len()
            && unknown.iter().all(|(k, _)| !is_other_vocabulary(k) && closest_keyword(k, self.version).is_none())
        {
            let keys: Vec<String> = unknown.iter().take(3).map(|(k, _)| format!("`{k}`")).collect();
            let more = if unknown.len() > 3 { ", …" } else { "" };
            let message = format!(
                "no key of this schema is a schema keyword ({}{more}), so it describes any value",
                keys.join(", ")
            );
            let help = "if this is an example of the value, put it under `example` and describe the value beside it";
            let at = self.sources.locate(pointer);
            self.sink.push(Diagnostic::warning(message).at(Some(at)).help(help));
            return;
        }
        for (key, value) in unknown {
            let at = self.sources.locate(&push_pointer(pointer, key));
            let (message, help) = if JSON_SCHEMA_2020_12.contains(&key.as_str()) {
                let fix = IN_OPENAPI_30
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or("declare `openapi: 3.1.0` if the document is written for OpenAPI 3.1", |(_, fix)| fix);
                (format!("`{key}` is JSON Schema, not an OpenAPI 3.0 schema keyword; ignored"), fix.to_string())
            } else {
                self.unknown(key, value, s, at.file.ends_with(".json"))
            };
            self.sink.push(Diagnostic::warning(message).at(Some(at)).help(help));
        }
    }

    /// Whether `key` means something in a schema of this document (or is `v31`'s to
    /// report): a keyword of its version, or an extension.
    pub(super) fn is_keyword(&self, key: &str) -> bool {
        if key.starts_with("x-") || OPENAPI_30.contains(&key) {
            return true;
        }
        // A 3.1 document's JSON Schema keywords are `v31`'s to read or report, and so is
        // `$recursiveRef`, which it refuses.
        self.version == Version::V31 && (JSON_SCHEMA_2020_12.contains(&key) || key == "$recursiveRef")
    }

    /// The message and likely fix for a key no JSON Schema of this version has: the
    /// keyword it is close to, else what its value suggests it was meant to be.
    fn unknown(&self, key: &str, value: &Value, s: &Map<String, Value>, json: bool) -> (String, String) {
        let unknown = format!("unknown schema keyword `{key}`; ignored");
        if let Some((_, keyword)) = SYNONYMS.iter().find(|(k, _)| *k == key) {
            return (unknown, format!("OpenAPI calls this `{keyword}`"));
        }
        if let Some(keyword) = closest_keyword(key, self.version) {
            return (unknown, format!("did you mean `{keyword}`?"));
        }
        // Checked before the older drafts' keywords: `id: {type: integer}` beside
        // `properties` is a property far more often than draft 4's `id`.
        let looks_like_schema = value.as_object().is_some_and(|v| v.contains_key("type") || v.contains_key("$ref"));
        if looks_like_schema && (s.contains_key("properties") || s.get("type").is_some_and(|t| t == "object")) {
            return (unknown, format!("if `{key}` is a property, indent it under `properties`"));
        }
        if let Some((_, fix)) = OLDER_JSON_SCHEMA.iter().find(|(k, _)| *k == key) {
            return (
                format!("`{key}` is a keyword of an older JSON Schema draft, not OpenAPI's; ignored"),
                (*fix).into(),
            );
        }
        // In a YAML flow mapping (`{description: a, b}`), an unquoted comma ends the
        // value and what follows becomes a key with no value.
        if value.is_null() && !json {
            let help = "a key with no value: in a flow mapping (`{…}`), a comma inside an unquoted string starts a new key; quote the string";
            return (unknown, help.into());
        }
        (unknown, "extensions must start with `x-`".into())
    }
}

/// Whether `key` is a keyword of some JSON Schema, or another language's name for one.
fn is_other_vocabulary(key: &str) -> bool {
    JSON_SCHEMA_2020_12.contains(&key)
        || OLDER_JSON_SCHEMA.iter().any(|(k, _)| *k == key)
        || SYNONYMS.iter().any(|(k, _)| *k == key)
}

/// The keyword `key` is probably a misspelling of: the same but for case, or within a
/// small edit distance (one edit for short keys, where two would match too much).
fn closest_keyword(key: &str, version: Version) -> Option<&'static str> {
    let vocabulary = || {
        let extra = if version == Version::V31 { JSON_SCHEMA_2020_12 } else { &[] };
        OPENAPI_30.iter().chain(extra).copied()
    };
    if let Some(same) = vocabulary().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    let limit = if key.chars().count() <= 4 { 1 } else { 2 };
    vocabulary()
        .map(|k| (strsim::damerau_levenshtein(key, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
