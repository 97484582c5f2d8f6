//! Emit: `ir::Api` → token streams, one emitter file per artifact, plus the helpers they
//! share. Emitters read only the IR; they never see openapiv3. Every path in emitted code
//! is fully qualified, so a schema named `Result` or `Option` cannot break the output.

mod auth;
pub(crate) mod client;
mod client_docs;
mod constraints;
mod credentials;
pub(crate) mod docs;
pub(crate) mod examples;
pub(crate) mod lib_rs;
pub(crate) mod mock;
pub(crate) mod models;
pub(crate) mod multipart;
mod reader;
pub(crate) mod receiver;
pub(crate) mod round_trip;
pub(crate) mod sender;
pub(crate) mod server;
mod stream;
mod tagged;
mod tags;
mod unions;
pub(crate) mod wire;
mod writer;

#[cfg(test)]
mod reserved;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Response, TextFormat, TypeRef};

/// An emitted file: a head (inner attributes, module declarations, the few items that are
/// one per API), then items made on demand, one type or operation at a time. The
/// formatter prints each chunk and drops it before asking for the next, so emitting and
/// formatting a large API never holds the whole file's tokens or syntax tree at once.
pub struct Artifact<'a> {
    pub head: TokenStream,
    pub items: Box<dyn Iterator<Item = Chunk<'a>> + 'a>,
}

impl<'a> Artifact<'a> {
    pub fn new(head: TokenStream, items: impl Iterator<Item = TokenStream> + 'a) -> Self {
        Self::chunks(head, items.map(Chunk::Item))
    }

    pub fn chunks(head: TokenStream, items: impl Iterator<Item = Chunk<'a>> + 'a) -> Self {
        Self { head, items: Box::new(items) }
    }
}

/// One item of an emitted file, whole or in parts.
pub enum Chunk<'a> {
    Item(TokenStream),
    /// An item with one member per operation (a trait, an impl, a test or a `match` over
    /// every operation), which on a large API is tens of megabytes of code in one item.
    /// `wrap` makes the item around any run of its members; the formatter prints the
    /// members a batch at a time inside it (`format::print_split`), so that such an item
    /// costs the memory of a batch, not of the whole.
    Split(Split<'a>),
}

/// The parts of a [`Chunk::Split`].
pub struct Split<'a> {
    pub wrap: Box<dyn Fn(TokenStream) -> TokenStream + 'a>,
    pub members: Box<dyn Iterator<Item = TokenStream> + 'a>,
    /// A member that prints on one line containing [`SPLIT_MARKER`], of the members' kind.
    pub marker: TokenStream,
}

/// The name the formatter looks for in a [`Split`]'s marker.
pub const SPLIT_MARKER: &str = "__generator_split_marker";

impl<'a> Chunk<'a> {
    /// An item whose members are items or statements (an `impl`, a `trait`, a function's
    /// body).
    pub fn members(
        wrap: impl Fn(TokenStream) -> TokenStream + 'a,
        members: impl Iterator<Item = TokenStream> + 'a,
    ) -> Self {
        let marker = ident(SPLIT_MARKER);
        Self::Split(Split { wrap: Box::new(wrap), members: Box::new(members), marker: quote!(fn #marker() {}) })
    }

    /// An item whose members are the arms of a `match`.
    pub fn arms(wrap: impl Fn(TokenStream) -> TokenStream + 'a, arms: impl Iterator<Item = TokenStream> + 'a) -> Self {
        let marker = ident(SPLIT_MARKER);
        Self::Split(Split { wrap: Box::new(wrap), members: Box::new(arms), marker: quote!(#marker => {}) })
    }

    /// The whole item's tokens, members and all.
    #[cfg(test)]
    pub fn into_tokens(self) -> TokenStream {
        match self {
            Self::Item(tokens) => tokens,
            Self::Split(split) => (split.wrap)(split.members.collect()),
        }
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

/// Where an operation is, in words for documentation: ``POST `/things` `` for the API's
/// own, and for a webhook or callback where it comes from (its path is empty: the
/// subscriber chooses the URL).
pub(crate) fn op_place(op: &crate::ir::Operation) -> String {
    use crate::ir::WebhookOrigin;
    let method = op.method.as_str();
    match op.webhook.as_ref().map(|w| &w.origin) {
        None => format!("{method} `{}`", op.path),
        Some(WebhookOrigin::Webhook { name }) => format!("the webhook `{name}`, a {method} request"),
        Some(WebhookOrigin::Callback { operation_id, name, expression }) => format!(
            "the callback `{name}` of `{operation_id}`, a {method} request to `{}`",
            expression.replace('`', "'")
        ),
    }
}

/// The path to the server's runtime module from anywhere in the crate: for the webhooks'
/// module (which has a `runtime` of its own) and the mock. The readers and responses that
/// the server and the webhooks share take the path as a parameter.
pub(super) fn rt() -> TokenStream {
    quote!(crate::server::runtime)
}

/// The path to the server's runtime module from `server/mod.rs`, its parent. Beta's
/// server names it 332,000 times, and the six tokens saved each time are about 5% of
/// what that file costs to format.
pub(super) fn server_rt() -> TokenStream {
    quote!(runtime)
}

/// The operation as the server's and the receiver's docs name it (`` `getA`: GET `/a`. ``).
/// The operation's tags, each as its path in the tag tree (`Tags: Pets › Dogs, Admin.`),
/// for the client's and the server's documentation of it.
pub(crate) fn tags_line(api: &Api, op: &crate::ir::Operation) -> Option<String> {
    if op.tags.is_empty() {
        return None;
    }
    let paths: Vec<String> = op.tags.iter().map(|t| escape_markdown(&api.tag_path(t).join(" › "))).collect();
    let label = if paths.len() == 1 { "Tag" } else { "Tags" };
    Some(format!("{label}: {}.", paths.join(", ")))
}

pub(super) fn operation_line(op: &crate::ir::Operation) -> String {
    format!("`{}`: {}.", op.operation_id, op_place(op))
}

/// The prelude items the emitters write short when they can ([`crate::ir::PRELUDE`]).
#[derive(Clone, Copy)]
pub(crate) enum Prelude {
    Option,
    Some,
    None,
    String,
    Vec,
    Box,
    Result,
    Ok,
    Err,
}

/// A prelude item as the generated code names it: short (`Option`) when no generated item
/// shadows the prelude ([`Api::short_prelude`]), else by its full path. Short names read
/// as hand-written Rust does, and format faster: the full paths were a third of the
/// tokens of a big spec's models.
pub(crate) fn prelude(api: &Api, item: Prelude) -> TokenStream {
    let short = match item {
        Prelude::Result | Prelude::Ok | Prelude::Err => api.short_result,
        _ => api.short_prelude,
    };
    match (short, item) {
        (true, Prelude::Option) => quote!(Option),
        (true, Prelude::Some) => quote!(Some),
        (true, Prelude::None) => quote!(None),
        (true, Prelude::String) => quote!(String),
        (true, Prelude::Vec) => quote!(Vec),
        (true, Prelude::Box) => quote!(Box),
        (false, Prelude::Option) => quote!(::std::option::Option),
        (false, Prelude::Some) => quote!(::std::option::Option::Some),
        (false, Prelude::None) => quote!(::std::option::Option::None),
        (false, Prelude::String) => quote!(::std::string::String),
        (false, Prelude::Vec) => quote!(::std::vec::Vec),
        (false, Prelude::Box) => quote!(::std::boxed::Box),
        (true, Prelude::Result) => quote!(Result),
        (true, Prelude::Ok) => quote!(Ok),
        (true, Prelude::Err) => quote!(Err),
        (false, Prelude::Result) => quote!(::std::result::Result),
        (false, Prelude::Ok) => quote!(::std::result::Result::Ok),
        (false, Prelude::Err) => quote!(::std::result::Result::Err),
    }
}

/// Every prelude item as the generated code names it ([`prelude`]), for an emitter that
/// writes several: `let Preludes { ok, some, .. } = Preludes::of(api);`.
pub(crate) struct Preludes {
    pub option: TokenStream,
    pub some: TokenStream,
    pub none: TokenStream,
    pub result: TokenStream,
    pub ok: TokenStream,
    pub err: TokenStream,
}

impl Preludes {
    pub(crate) fn of(api: &Api) -> Self {
        let item = |item| prelude(api, item);
        Self {
            option: item(Prelude::Option),
            some: item(Prelude::Some),
            none: item(Prelude::None),
            result: item(Prelude::Result),
            ok: item(Prelude::Ok),
            err: item(Prelude::Err),
        }
    }
}

/// The path `skip_serializing_if` takes for an optional field.
pub(crate) fn option_is_none(api: &Api) -> &'static str {
    if api.short_prelude { "Option::is_none" } else { "::std::option::Option::is_none" }
}

/// The Rust type for a use of a type, in a file that has the models module in scope as
/// `models` ([`use_models`]): the client, the server, the mock and the webhooks' files.
pub(crate) fn type_tokens(api: &Api, t: &TypeRef) -> TokenStream {
    type_tokens_at(api, t, &quote!(crate), &quote!(models))
}

/// The Rust type for a use of a type inside `models.rs`, where the models are `self::`.
/// Not bare names: a bare name could meet a generic parameter of the same name (a schema
/// `D` inside a `Deserialize` impl's `fn deserialize<D>`).
pub(crate) fn model_type_tokens(api: &Api, t: &TypeRef) -> TokenStream {
    type_tokens_at(api, t, &quote!(crate), &quote!(self))
}

/// `use crate::models;` for the head of a file that names a model (`used`), so that each
/// of its uses is `models::X` rather than `crate::models::X`: about 549,000 uses in Graph
/// beta's client, server and mock, three tokens fewer each for the formatter. A file that
/// names no model has no such line, which would be an unused import.
pub(crate) fn use_models(used: bool) -> TokenStream {
    if used {
        quote!(
            use crate::models;
        )
    } else {
        TokenStream::new()
    }
}

/// The Rust type for a use of a type, with named types under `root::models`.
pub(crate) fn type_tokens_in(api: &Api, t: &TypeRef, root: &TokenStream) -> TokenStream {
    type_tokens_at(api, t, root, &quote!(#root::models))
}

/// The Rust type for a use of a type, with named types under `models` (a path to the
/// crate's `models` module that the file has in scope) and the runtime's under `root`.
pub(crate) fn type_tokens_at(api: &Api, t: &TypeRef, root: &TokenStream, models: &TokenStream) -> TokenStream {
    match t {
        TypeRef::String => prelude(api, Prelude::String),
        TypeRef::Integer { bits: 32 } => quote!(i32),
        TypeRef::Integer { .. } => quote!(i64),
        TypeRef::Number { bits: 32 } => quote!(f32),
        TypeRef::Number { .. } => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Format(TextFormat::Byte) => quote!(#root::Base64),
        TypeRef::Format(TextFormat::Duration) => quote!(#root::IsoDuration),
        TypeRef::Format(TextFormat::DateTimeRfc1123) => quote!(#root::Rfc1123),
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Array(inner) => {
            let inner = type_tokens_at(api, inner, root, models);
            let vec = prelude(api, Prelude::Vec);
            quote!(#vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens_at(api, inner, root, models);
            let string = prelude(api, Prelude::String);
            quote!(::std::collections::BTreeMap<#string, #inner>)
        }
        TypeRef::Named(id) => {
            let n = ident(&api.ty(*id).name);
            quote!(#models::#n)
        }
        TypeRef::ErrorMessage => quote!(#root::ErrorMessage),
        TypeRef::File => quote!(#root::File),
    }
}

/// A response enum's variant as an expression or pattern: `path`, `path(body)`,
/// `path { status }` or `path { status, body }`, as the response carries a status and a
/// body; a response with declared headers is always `path { [status,] [body,] headers }`.
/// `status`, `body` and `headers` are the values (or patterns) to put there; a value that
/// is the field's own name is written in shorthand, as Rust style has it. This is the one
/// place that knows a variant's shape: the models declare it, and the client, the server
/// and the round-trip test build and match it through here.
pub(crate) fn response_variant(
    path: TokenStream,
    r: &Response,
    status: TokenStream,
    body: TokenStream,
    headers: TokenStream,
) -> TokenStream {
    let field = |name: &str, value: TokenStream| {
        if value.to_string() == name {
            value
        } else {
            let name = ident(name);
            quote!(#name: #value)
        }
    };
    if r.headers_type.is_some() {
        let status = r.carries_status().then(|| field("status", status));
        let body = r.body().is_some().then(|| field("body", body));
        let headers = field("headers", headers);
        let fields = status.into_iter().chain(body).chain([headers]);
        return quote!(#path { #(#fields),* });
    }
    match (r.carries_status(), r.body().is_some()) {
        (false, false) => path,
        (false, true) => quote!(#path(#body)),
        (true, false) => {
            let status = field("status", status);
            quote!(#path { #status })
        }
        (true, true) => {
            let status = field("status", status);
            let body = field("body", body);
            quote!(#path { #status, #body })
        }
    }
}

/// Doc attributes from spec text, made safe for rustdoc: link brackets and angle brackets
/// are escaped, bare URLs become autolinks, code fences are marked as text (so spec prose
/// never becomes a doctest), and indentation that Markdown would read as code is dropped.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return TokenStream::new() };
    docs::outer(doc_lines(text))
}

/// Doc attributes for text the generator wrote itself (already valid rustdoc, links kept).
pub fn doc_trusted(text: &str) -> TokenStream {
    docs::outer(text.lines().map(|l| format!(" {l}").trim_end().to_string()))
}

/// The string of a `#[doc]` attribute holding one line.
///
/// prettyplease prints such an attribute as a `///` comment of the string's value, so how
/// the literal is spelled never reaches the output. A raw string is the cheap spelling:
/// `Literal::string` escapes every character, and syn and prettyplease each unescape it
/// again, which on a spec with long descriptions was a tenth of all generation (callgrind,
/// BENCHMARKS.md §8). A line that prettyplease would print otherwise (one starting with
/// `/`, or holding a line break), or that a raw string cannot hold, is escaped as before.
pub(crate) fn doc_literal(line: &str) -> Literal {
    if !line.starts_with('/') && !line.contains(['\n', '\r']) {
        // One `#` more than the longest run of them after a quote, so nothing inside ends it.
        let longest = line
            .match_indices('"')
            .map(|(at, _)| line[at + 1..].len() - line[at + 1..].trim_start_matches('#').len())
            .max();
        let hashes = "#".repeat(longest.map_or(0, |n| n + 1));
        if let Ok(literal) = format!("r{hashes}\"{line}\"{hashes}").parse() {
            return literal;
        }
    }
    Literal::string(line)
}

/// A string literal spelled exactly as `Literal::string` spells it, but written a run of
/// plain characters at a time: `Literal::string` passes every character through
/// `char::escape_debug` and pushes the result, which on long strings (the round-trip
/// test's JSON samples) cost a hundred instructions a character. Characters that need
/// a decision are escaped as proc-macro2 escapes them (`escape_debug`, except `'`, and
/// NUL as `\x00` before a digit).
pub(crate) fn string_literal(text: &str) -> Literal {
    let mut spelled = String::with_capacity(text.len() + 2);
    spelled.push('"');
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| !matches!(c, ' '..='~') || c == '"' || c == '\\') {
        spelled.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        let c = chars.next().unwrap_or_default();
        rest = chars.as_str();
        match c {
            '\0' if rest.starts_with(|next: char| next.is_ascii_digit() && next <= '7') => spelled.push_str("\\x00"),
            '\0' => spelled.push_str("\\0"),
            '\'' => spelled.push(c),
            '"' => spelled.push_str("\\\""),
            '\\' => spelled.push_str("\\\\"),
            _ => spelled.extend(c.escape_debug()),
        }
    }
    spelled.push_str(rest);
    spelled.push('"');
    spelled.parse().unwrap_or_else(|_| Literal::string(text))
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

/// The Rust name of the generated crate (`gitlab-access-tokens` → `gitlab_access_tokens`).
pub fn crate_ident(api: &Api) -> Ident {
    ident(&api.settings.crate_name.replace('-', "_"))
}

/// A header name as `HeaderName::from_static` takes it (lowercase), when it is an HTTP
/// token, so the name is not parsed on every response; `None` for a name that is not a
/// token (which `from_static` would refuse to compile), read at run time instead.
pub(crate) fn static_header_name(wire: &str) -> Option<String> {
    let lower = wire.to_ascii_lowercase();
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    (!lower.is_empty() && lower.bytes().all(token)).then_some(lower)
}

/// The response header names a generated module reads or writes by a `const` name, each
/// declared once in its private `header_names` module: Zuora's 680 responses each
/// declare the same five headers, and one `HeaderName::from_static(…)` per use was a fifth
/// of its server's tokens. Each name is checked once, by the compiler, and never parsed
/// at run time. Names that are not HTTP tokens have no `const` (see
/// [`static_header_name`]) and are parsed where they are used.
pub(crate) struct HeaderNames {
    /// Each lowercase header name with its `const`'s identifier.
    consts: std::collections::BTreeMap<String, Ident>,
}

impl HeaderNames {
    /// The names of every response's declared headers. Identifiers are the names in
    /// screaming snake case (`ratelimit-limit` → `RATELIMIT_LIMIT`), numbered where two
    /// names case alike (`x-a` and `x_a`), in name order, so they are stable.
    pub(crate) fn of(api: &Api) -> Self {
        Self::of_operations(&api.operations)
    }

    /// The same for some operations (the webhooks', for their receiver and sender).
    pub(crate) fn of_operations(ops: &[crate::ir::Operation]) -> Self {
        let wire = ops.iter().flat_map(|op| &op.responses).flat_map(|r| &r.headers);
        Self::named(wire.map(|h| h.wire_name.as_str()))
    }

    fn named<'a>(wire: impl Iterator<Item = &'a str>) -> Self {
        use heck::ToShoutySnakeCase;
        let lower: std::collections::BTreeSet<String> = wire.filter_map(static_header_name).collect();
        let mut taken = crate::naming::Namespace::default();
        let consts = lower
            .into_iter()
            .map(|name| {
                let words: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
                let mut screaming = words.to_shouty_snake_case();
                if !screaming.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    screaming = format!("H_{screaming}");
                }
                let id = ident(&taken.claim(screaming.trim_end_matches('_')));
                (name, id)
            })
            .collect();
        Self { consts }
    }

    /// The path of a name's `const` (`header_names::RATELIMIT_LIMIT`), for a lowercase name
    /// [`static_header_name`] gave.
    pub(crate) fn path(&self, lower: &str) -> Option<TokenStream> {
        let id = self.consts.get(lower)?;
        Some(quote!(header_names::#id))
    }

    /// The module, with `ty` the path to the `HeaderName` of the side that declares it; nothing
    /// when there are no names.
    pub(crate) fn module(&self, ty: &TokenStream) -> TokenStream {
        if self.consts.is_empty() {
            return TokenStream::new();
        }
        let consts = self.consts.iter().map(|(name, id)| {
            let name = Literal::string(name);
            quote!(pub(super) const #id: HeaderName = HeaderName::from_static(#name);)
        });
        quote! {
            /// The response headers' names, each checked once, by the compiler.
            mod header_names {
                use #ty;

                #(#consts)*
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_name_consts_are_valid_distinct_and_stable() {
        let names = HeaderNames::named(
            ["RateLimit-Limit", "ratelimit-limit", "X-A", "x_a", "x.a", "1st-Try", "-", "not a token"].into_iter(),
        );
        let path = |wire: &str| names.path(&static_header_name(wire).expect("a token")).map(|p| p.to_string());
        assert_eq!(path("RateLimit-Limit").as_deref(), Some("header_names :: RATELIMIT_LIMIT"));
        assert_eq!(path("x-a").as_deref(), Some("header_names :: X_A"));
        assert_eq!(path("x.a").as_deref(), Some("header_names :: X_A2"));
        assert_eq!(path("x_a").as_deref(), Some("header_names :: X_A3"));
        assert_eq!(path("1st-try").as_deref(), Some("header_names :: H_1ST_TRY"));
        assert_eq!(path("-").as_deref(), Some("header_names :: H"));
        assert_eq!(static_header_name("not a token"), None);
        let module = names.module(&quote!(::http::HeaderName)).to_string();
        assert_eq!(module.matches("const").count(), 6, "{module}");
    }

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

    /// The cheap spellings say the same as `Literal::string`: the same text for what is
    /// printed as written, the same value for doc lines (which are printed by value).
    #[test]
    fn cheap_literals_say_what_literal_string_says() {
        let texts = [
            "",
            " plain words",
            "say \"hi\" and r\"#raw\"# or \"##\" \\ \\n",
            "tab\there",
            "nul\0 and bell\u{7}",
            "\r alone",
            "über ü 🦀 \u{301}é \u{200b} \u{feff}",
            "nul\x001 nul\x008 nul\0",
            "del\u{7f} \u{85} \u{a0} \u{2028}",
            "/ starts with a slash",
            "two\nlines",
            "quote at the end\"",
        ];
        for text in texts {
            assert_eq!(string_literal(text).to_string(), Literal::string(text).to_string(), "{text:?}");
            let doc = doc_literal(text);
            let parsed: syn::LitStr = syn::parse2(quote!(#doc)).expect("a string literal");
            assert_eq!(parsed.value(), text, "{text:?}");
        }
        // Every character of the first planes, alone and before a digit (NUL's spelling
        // depends on what follows it).
        for c in (0..0x3000).chain(0xfe00..0x10000).chain(0x1f000..0x1f100).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("{c}1")] {
                assert_eq!(string_literal(&text).to_string(), Literal::string(&text).to_string(), "{text:?}");
            }
        }
        // Printable lines without line breaks are raw, so no escaping happens at all.
        assert_eq!(doc_literal(" a \"b\"# c").to_string(), "r##\" a \"b\"# c\"##");
        assert_eq!(doc_literal(" a").to_string(), "r\" a\"");
    }
}
