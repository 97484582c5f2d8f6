//! Naming happens here, once. Every identifier in the IR comes from these functions:
//! cased with heck, made valid (keywords escaped, leading digits prefixed), and kept
//! unique by [`Namespace`] in a deterministic order.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Rust's strict and reserved keywords in every edition up to 2024 (which adds `gen`).
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keeps only ASCII letters and digits, splitting words at everything else (`@`, `$`,
/// `.`, `-`). Non-ASCII text is transliterated first, by deunicode (`größe` → `grosse`,
/// `北京` → `Bei Jing`), so that it still reads as a name instead of vanishing; what has
/// no transliteration splits words like a symbol. Rust accepts non-ASCII identifiers,
/// but rustc's confusable-script lints warn about some, and the generated crate builds
/// with warnings denied; the wire name is kept by `serde(rename)` either way.
fn words(raw: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu_cow(raw, " ");
    ascii.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// Whether `ident` is a Rust keyword (edition 2024's included).
pub(crate) fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

fn escape(ident: String, fallback: &str) -> String {
    let ident = if ident.is_empty() { fallback.to_string() } else { ident };
    let ident = if ident.starts_with(|c: char| c.is_ascii_digit()) { format!("{fallback}{ident}") } else { ident };
    // A trailing underscore works for every keyword, including those that cannot be raw
    // identifiers (`self`, `Self`, `super`, `crate`).
    if KEYWORDS.contains(&ident.as_str()) { format!("{ident}_") } else { ident }
}

/// A type or variant name: `access_token-list` → `AccessTokenList`.
pub fn type_name(raw: &str) -> String {
    escape(words(raw).to_pascal_case(), "T")
}

/// A variant name for an enum value: `read_api` → `ReadApi`, `1` → `V1`, `` → `Empty`.
pub fn variant_name(raw: &str) -> String {
    if words(raw).trim().is_empty() {
        return match raw {
            "" => "Empty".into(),
            "-" => "Minus".into(),
            "+" => "Plus".into(),
            "*" => "Star".into(),
            _ => "Symbol".into(),
        };
    }
    escape(words(raw).to_pascal_case(), "V")
}

/// A field, parameter or method name: `createdAt` → `created_at`, `type` → `type_`.
pub fn value_name(raw: &str) -> String {
    escape(words(raw).to_snake_case(), "n")
}

/// A module name, for a tag's module in the generated `tags` module: `Pet Store` →
/// `pet_store`, `type` → `type_`, and a name with no letter or digit to keep (`$`, `…`) →
/// `tag`, which reads better than a field's `n` as a module.
pub fn module_name(raw: &str) -> String {
    escape(words(raw).to_snake_case(), "tag")
}

/// The singular of an English plural, for naming array items (`scopes` → `scopes`'s item
/// type `Scope`). Only the regular forms; anything else gets an `Item` suffix.
pub fn item_type_name(raw: &str) -> String {
    let plural = type_name(raw);
    let singular = if let Some(stem) = plural.strip_suffix("ies") {
        Some(format!("{stem}y"))
    } else if ["sses", "xes", "ches", "shes"].iter().any(|s| plural.ends_with(s)) {
        Some(plural[..plural.len() - 2].to_string())
    } else if plural.ends_with('s') && !plural.ends_with("ss") && !plural.ends_with("us") && plural.len() > 1 {
        Some(plural[..plural.len() - 1].to_string())
    } else {
        None
    };
    match singular {
        Some(s) if !s.is_empty() => s,
        _ => format!("{plural}Item"),
    }
}

/// The response-enum variant for a status: `200` → `Ok`, `404` → `NotFound`, `299` →
/// `Status299`, `4XX` → `ClientError`, `default` → `Other`.
pub fn status_variant(status: crate::ir::Status) -> String {
    use crate::ir::Status;
    match status {
        Status::Code(code) => match http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => type_name(reason),
            None => format!("Status{code}"),
        },
        Status::Range(1) => "Informational".into(),
        Status::Range(2) => "Success".into(),
        Status::Range(3) => "Redirection".into(),
        Status::Range(4) => "ClientError".into(),
        Status::Range(5) => "ServerError".into(),
        Status::Range(n) => format!("Status{n}XX"),
        Status::Default => "Other".into(),
    }
}

/// Hands out names unique within one scope, in the order asked: the first asker gets the
/// name, later ones get `2`, `3`, … suffixes (`_2` for snake_case names).
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_string()).collect() }
    }

    /// Takes more names out of use (an emitter's reserved names, say).
    pub fn reserve(&mut self, reserved: &[&str]) {
        self.taken.extend(reserved.iter().map(|s| (*s).to_string()));
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let sep = if name.starts_with(|c: char| c.is_lowercase() || c == '_') { "_" } else { "" };
        // A keyword's escape (`type_`) is dropped before the number: `type__2` is not snake
        // case, and `type_2` is no keyword.
        let stem = if sep == "_" { name.trim_end_matches('_') } else { name };
        let stem = if stem.is_empty() { name } else { stem };
        (2..)
            .map(|i| format!("{stem}{sep}{i}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Status;

    #[test]
    fn a_numbered_keyword_drops_its_escape() {
        let mut names = Namespace::default();
        assert_eq!(names.claim("type_"), "type_");
        assert_eq!(names.claim("type_"), "type_2");
        assert_eq!(names.claim("Self_"), "Self_");
        assert_eq!(names.claim("Self_"), "Self_2");
        assert_eq!(names.claim("_"), "_");
        assert_eq!(names.claim("_"), "__2");
    }

    #[test]
    fn names_are_cased_and_escaped() {
        type Case = (fn(&str) -> String, &'static str, &'static str);
        let cases: &[Case] = &[
            (type_name, "AccessTokenList", "AccessTokenList"),
            (type_name, "access_tokens_get", "AccessTokensGet"),
            (type_name, "Self", "Self_"),
            (type_name, "2fa", "T2fa"),
            (type_name, "", "T"),
            (value_name, "createdAt", "created_at"),
            (value_name, "type", "type_"),
            (value_name, "gen", "gen_"),
            (value_name, "self", "self_"),
            (value_name, "Private-Token", "private_token"),
            (value_name, "scopes[]", "scopes"),
            (value_name, "2fa", "n2fa"),
            (value_name, "$", "n"),
            (value_name, "$ref", "ref_"),
            (value_name, "@timestamp", "timestamp"),
            (value_name, "a.b-c", "a_b_c"),
            (value_name, "名前", "ming_qian"),
            (value_name, "café", "cafe"),
            (value_name, "Straße", "strasse"),
            (type_name, "größe", "Grosse"),
            (type_name, "Ærø", "AEro"),
            (variant_name, "日本", "RiBen"),
            (variant_name, "é", "E"),
            (variant_name, "\u{e000}", "Symbol"),
            (variant_name, "read_api", "ReadApi"),
            (variant_name, "1", "V1"),
            (variant_name, "", "Empty"),
            (variant_name, "-", "Minus"),
            (module_name, "Pet Store", "pet_store"),
            (module_name, "type", "type_"),
            (module_name, "$", "tag"),
            (module_name, "2fa", "tag2fa"),
            (item_type_name, "scopes", "Scope"),
            (item_type_name, "policies", "Policy"),
            (item_type_name, "boxes", "Box"),
            (item_type_name, "status", "StatusItem"),
            (item_type_name, "data", "DataItem"),
        ];
        for (f, input, expect) in cases {
            assert_eq!(f(input), *expect, "{input}");
        }
    }

    #[test]
    fn statuses_name_variants() {
        assert_eq!(status_variant(Status::Code(200)), "Ok");
        assert_eq!(status_variant(Status::Code(204)), "NoContent");
        assert_eq!(status_variant(Status::Code(404)), "NotFound");
        assert_eq!(status_variant(Status::Code(299)), "Status299");
        assert_eq!(status_variant(Status::Range(4)), "ClientError");
        assert_eq!(status_variant(Status::Default), "Other");
    }

    #[test]
    fn namespaces_number_collisions_deterministically() {
        let mut ns = Namespace::new(&["Response"]);
        assert_eq!(ns.claim("Response"), "Response2");
        assert_eq!(ns.claim("Thing"), "Thing");
        assert_eq!(ns.claim("Thing"), "Thing2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("foo_bar"), "foo_bar");
        assert_eq!(fields.claim("foo_bar"), "foo_bar_2");
    }
}
