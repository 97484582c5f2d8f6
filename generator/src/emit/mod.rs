//! Emit: `ir::Api` → token streams, one emitter file per artifact, plus the helpers they
//! share. Emitters read only the IR; they never see openapiv3. Every path in emitted code
//! is fully qualified, so a schema named `Result` or `Option` cannot break the output.

pub mod client;
pub mod examples;
pub mod lib_rs;
pub mod models;
pub mod round_trip;
pub mod server;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, TypeKind, TypeRef};

/// An emitted file: a head (inner attributes, module declarations, the few items that are
/// one per API), then items made on demand, one type or operation at a time. The
/// formatter prints each chunk and drops it before asking for the next, so emitting and
/// formatting a large API never holds the whole file's tokens or syntax tree at once.
pub struct Artifact<'a> {
    pub head: TokenStream,
    pub items: Box<dyn Iterator<Item = TokenStream> + 'a>,
}

impl<'a> Artifact<'a> {
    pub fn new(head: TokenStream, items: impl Iterator<Item = TokenStream> + 'a) -> Self {
        Self { head, items: Box::new(items) }
    }

    /// The whole file as one token stream (for tests that look at emitted code).
    pub fn into_tokens(self) -> TokenStream {
        let mut all = self.head;
        all.extend(self.items);
        all
    }
}

impl std::fmt::Debug for Artifact<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Artifact").finish_non_exhaustive()
    }
}

/// An identifier from a final IR name. Names are validated by `naming`, so this is safe.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type for a use of a type, inside the generated crate.
pub fn type_tokens(t: &TypeRef) -> TokenStream {
    type_tokens_in(t, &quote!(crate))
}

/// The Rust type for a use of a type, with named types under `root::models`.
pub fn type_tokens_in(t: &TypeRef, root: &TokenStream) -> TokenStream {
    match t {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer { bits: 32 } => quote!(i32),
        TypeRef::Integer { .. } => quote!(i64),
        TypeRef::Number { bits: 32 } => quote!(f32),
        TypeRef::Number { .. } => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Array(inner) => {
            let inner = type_tokens_in(inner, root);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens_in(inner, root);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Named(n) => {
            let n = format_ident!("{}", n);
            quote!(#root::models::#n)
        }
    }
}

/// Doc attributes from spec text, made safe for rustdoc: link brackets and angle brackets
/// are escaped, bare URLs become autolinks, code fences are marked as text (so spec prose
/// never becomes a doctest), and indentation that Markdown would read as code is dropped.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return TokenStream::new() };
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Doc attributes for text the generator wrote itself (already valid rustdoc, links kept).
pub fn doc_trusted(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
    quote!(#(#[doc = #lines])*)
}

pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix("```") {
            in_fence = !in_fence;
            out.push(if in_fence && rest.trim().is_empty() { " ```text".to_string() } else { format!(" {line}") });
            continue;
        }
        if in_fence {
            out.push(format!(" {}", raw.trim_end()));
            continue;
        }
        out.push(format!(" {}", escape_markdown(line)).trim_end().to_string());
    }
    if in_fence {
        out.push(" ```".to_string());
    }
    out
}

pub fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min();
        let (text, url) = match url_at {
            Some(at) => {
                let end =
                    rest[at..].find(|c: char| c.is_whitespace() || c == '>' || c == '<').map_or(rest.len(), |e| at + e);
                // A sentence's full stop or comma is not part of the URL.
                let end = at + rest[at..end].trim_end_matches(['.', ',', ')', ';', ':', '\'', '"']).len();
                (&rest[..at], Some(&rest[at..end]))
            }
            None => (rest, None),
        };
        for c in text.chars() {
            // These are what rustdoc's lints trip over: links that resolve to nothing
            // and HTML tags that are not closed.
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
            out.push(c);
        }
        match url {
            Some(u) => {
                out.push('<');
                out.push_str(u);
                out.push('>');
                rest = &rest[text.len() + u.len()..];
            }
            None => rest = "",
        }
    }
    out
}

/// Named types by name, for the emitters' lookups.
#[derive(Debug)]
pub struct TypeIndex<'a>(std::collections::BTreeMap<&'a str, &'a crate::ir::TypeDef>);

impl<'a> TypeIndex<'a> {
    pub fn new(api: &'a Api) -> Self {
        Self(api.types.iter().map(|t| (t.name.as_str(), t)).collect())
    }

    pub fn get(&self, name: &str) -> Option<&'a crate::ir::TypeDef> {
        self.0.get(name).copied()
    }

    /// Whether a field of type `t` inside type `owner` must be boxed: `t` contains
    /// `owner` again without a `Vec` or map in between, so the type would be infinitely
    /// large.
    pub fn needs_box(&self, owner: &str, t: &'a TypeRef) -> bool {
        let TypeRef::Named(start) = t else { return false };
        let mut stack = vec![start.as_str()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == owner {
                return true;
            }
            if !seen.insert(name) {
                continue;
            }
            let Some(def) = self.0.get(name) else { continue };
            let mut direct = |t: &'a TypeRef| {
                if let TypeRef::Named(n) = t {
                    stack.push(n.as_str());
                }
            };
            match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| direct(&f.ty)),
                TypeKind::Union(vs) => vs.iter().for_each(|v| direct(&v.ty)),
                TypeKind::Alias(t) => direct(t),
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
            }
        }
        false
    }
}

/// The Rust name of the generated crate (`gitlab-access-tokens` → `gitlab_access_tokens`).
pub fn crate_ident(api: &Api) -> Ident {
    ident(&api.settings.crate_name.replace('-', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_made_safe_for_rustdoc() {
        assert_eq!(
            doc_lines("See https://docs.gitlab.com/api. Use [x] or <id>."),
            vec![" See <https://docs.gitlab.com/api>. Use \\[x\\] or \\<id\\>."]
        );
        assert_eq!(
            doc_lines("a\n    indented code\n```\nfn x\n```"),
            vec![" a", " indented code", " ```text", " fn x", " ```"]
        );
        assert_eq!(doc_lines("snake_case *bold*"), vec![" snake_case *bold*"]);
    }
}
