//! Lower: openapiv3's document → [`ir::Api`]. This is where `$ref`s are resolved, types
//! are deduplicated, every name is chosen (the spec's and the ones emitters add), every
//! decision is taken, and what we do not support is refused. One room per job:
//!
//! - `mod.rs` (this file): the driver and the state the rooms share.
//! - `refs.rs`: the one resolver of `#/components/…` references.
//! - `security.rs`: security schemes and requirements.
//! - `operations.rs`: operations, their names and path templates.
//! - `params.rs`: parameters, their location and style.
//! - `media.rs`: request bodies and responses, and what media they carry.
//! - `schemas.rs`: schemas into candidate types.
//! - `compose.rs`: `allOf`, and properties beside unions, merged into one object.
//! - `types.rs`: deduplicated candidates into named types: naming, boxing, the arena.
//! - `examples.rs`: the spec's examples, to check against the generated types.
//! - `synth.rs`: a JSON value that validates against a schema (rejection bodies, the mock).
//! - `mock.rs`: what the generated mock answers for each response.
//! - `rejections.rs`: which declared response answers each rejection, and where its
//!   message goes.
//! - `tags.rs`: the spec's tags as a tree, for documentation.
//! - `webhooks.rs`: 3.1 `webhooks` and operations' `callbacks`, lowered as operations.
//!
//! Types are found in three steps:
//! 1. Walk the operations and component schemas. Every schema that needs a named type (an
//!    object with properties, an enum, a union) becomes a candidate keyed by its
//!    structure (title included, documentation excluded), so identical schemas found in
//!    different places are one candidate. Type uses refer to candidates by [`TypeId`].
//! 2. Choose names (the rules are in ARCHITECTURE.md, "Naming"): component schemas keep
//!    their key; a title names its schema unless several different shapes share it, in
//!    which case each is qualified by the operation that uses it; untitled schemas are
//!    named from where they appear. A name wanted by two different types is qualified for
//!    both; what still collides gets a number.
//! 3. Number the arena in name order (so output is alphabetical), rewriting every id once.

mod compose;
mod constraints;
mod encoding;
mod examples;
mod fits;
mod media;
mod mock;
mod multipart;
mod operations;
mod pagination;
mod params;
mod refs;
mod rejections;
mod schemas;
mod security;
mod shapes;
mod stream;
mod synth;
mod tags;

/// Text matching a simple pattern, for the round trip's samples of constrained strings.
pub(crate) use synth::from_pattern as text_matching;
mod types;
mod unions;
mod webhooks;

use std::collections::BTreeMap;

use openapiv3::OpenAPI;

use crate::diagnostics::push_pointer;
use crate::ir::{self, TypeId, TypeKind};
use crate::sink::Sink;
use crate::source::Sources;

/// Lowers a parsed document. `None` if an error was reported.
pub(crate) fn lower(
    doc: &OpenAPI,
    sources: &Sources,
    settings: ir::Settings,
    spec_path: &str,
    sink: &mut Sink,
) -> Option<ir::Api> {
    let mark = sink.mark();
    let mut l = Lowerer {
        doc,
        sources,
        sink,
        candidates: Vec::new(),
        by_key: BTreeMap::new(),
        components: BTreeMap::new(),
        settings: settings.clone(),
        examples: Vec::new(),
        inlining: Vec::new(),
        unserved: Vec::new(),
    };
    l.reserve_components();
    let (security_schemes, bearer_fallback) = l.security_schemes();
    let mut operations = l.operations(&security_schemes, bearer_fallback.as_deref());
    l.component_bodies();
    l.polymorphic_bases();
    l.alias_cycles();
    l.fit_aliased();
    if l.sink.errors_since(mark) {
        return None;
    }
    l.resolve_params(&mut operations, &security_schemes);
    l.check_multipart(&mut operations);
    if l.sink.errors_since(mark) {
        return None;
    }
    // Reads parameters' resolved types, so it runs once they are known.
    let mut unpaged = Vec::new();
    for pending in operations.iter_mut().filter(|p| p.op.webhook.is_none()) {
        pending.op.pagination = match &pending.pageable {
            None => pagination::detect(&pending.op),
            Some(p) => {
                let fields = |t: &ir::TypeRef| match l.resolve_aliases(t) {
                    ir::TypeRef::Named(id) => match &l.candidates[id.index()].kind {
                        TypeKind::Struct(s) => Some(s.fields.as_slice()),
                        _ => None,
                    },
                    _ => None,
                };
                let found = pagination::pageable(&pending.op, &p.items, p.next.as_deref(), fields);
                if found.is_none() {
                    unpaged.push((p.pointer.clone(), p.items.clone()));
                }
                found
            }
        };
        pending.op.stream_flag = l.stream_flag(&pending.op);
    }
    for (pointer, items) in unpaged {
        let message = format!("`x-ms-pageable`: the answer is no object with a list `{items}`; no page stream is made");
        l.warn(&pointer, message);
    }
    let webhook_signature = l.webhook_signature();
    let tags = l.tags(&operations);
    let mut examples = l.examples_of(&mut operations);
    let types = l.name_types(&mut operations, &mut examples);
    let examples = l.finish_examples(examples);
    if l.sink.errors_since(mark) {
        return None;
    }
    let info = &doc.info;
    let mut api = ir::Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        spec_path: spec_path.to_string(),
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        settings,
        types,
        operations: Vec::new(),
        webhooks: Vec::new(),
        webhook_signature,
        security_schemes,
        bearer_fallback,
        examples,
        omitted: Vec::new(),
        tags,
        short_prelude: false,
        unserved: std::mem::take(&mut l.unserved),
        short_result: false,
    };
    // Lowered as one list, so every pass above treats them alike; the emitters print
    // the API's own operations and the ones it sends apart.
    let (webhooks, own): (Vec<ir::Operation>, Vec<ir::Operation>) =
        operations.into_iter().map(|o| o.op).partition(|op| op.webhook.is_some());
    api.operations = own;
    api.webhooks = webhooks;
    api.short_prelude = api.prelude_is_free(&ir::PRELUDE);
    api.short_result = api.prelude_is_free(&ir::RESULT_PRELUDE);
    schemas::tri_state_fields(&mut api);
    // A body type that holds `null` itself (a union with a JSON value, the kitchen sink's
    // `properties` without `type`) reads it as a value: its field need not be an `Option`.
    let holding_null: Vec<bool> = api
        .operations
        .iter()
        .chain(&api.webhooks)
        .map(|op| op.body.as_ref().is_some_and(|b| api.holds_null(&b.primary().ty)))
        .collect();
    for (op, holds) in api.operations.iter_mut().chain(&mut api.webhooks).zip(holding_null) {
        if let Some(b) = op.body.as_mut().filter(|_| holds) {
            b.nullable = false;
        }
    }
    for (t, checked) in api.checked_types().into_iter().enumerate() {
        api.types[t].checked = checked;
    }
    Some(api)
}

/// Where a candidate type was first needed, for naming it.
#[derive(Clone, Debug)]
struct Hint {
    /// The name it gets if nothing else wants it.
    preferred: String,
    /// The name it gets when its preferred name is ambiguous.
    qualified: String,
    /// Where it is, in words, for documentation (`the 200 response of `accessTokens_get``).
    context: String,
}

/// A type found in the spec, before it has its final name and place in the arena.
#[derive(Debug)]
struct Candidate {
    kind: TypeKind,
    title: Option<String>,
    component: Option<String>,
    hint: Hint,
    /// The operation prefix of the first use, for qualifying a shared title.
    op_prefix: String,
    /// Where it was first found (a bundled pointer).
    pointer: String,
    doc: Option<String>,
    /// Parameters and properties typed by this candidate, with their descriptions.
    uses: Vec<(String, Option<String>)>,
}

/// An example found in the spec, before its name is unique: (test name, bundled
/// pointer, value, its type).
type PendingExample = (String, String, serde_json::Value, ir::TypeRef);

/// An operation with what lowering still needs of its source: where each parameter is
/// declared, and the examples found in its responses.
struct PendingOp {
    op: ir::Operation,
    /// Bundled pointers to `op.params`, index for index.
    param_pointers: Vec<String>,
    /// The bundled pointer to the request body, if there is one.
    body_pointer: Option<String>,
    examples: Vec<PendingExample>,
    /// AutoRest's `x-ms-pageable`, when the operation has it.
    pageable: Option<Pageable>,
}

/// AutoRest's `x-ms-pageable`: which property of the answer holds the items, which the
/// next page's URL, and where it was written.
struct Pageable {
    items: String,
    next: Option<String>,
    pointer: String,
}

/// Context for lowering one schema: where it is and what to call it.
#[derive(Clone)]
struct Ctx<'p> {
    pointer: String,
    hint: Hint,
    op_prefix: &'p str,
    /// The parameter or property this schema types, for documenting shared types.
    use_name: Option<(String, Option<String>)>,
}

impl Ctx<'_> {
    fn child(&self, token: &str, preferred: String, context: String) -> Self {
        Ctx {
            pointer: push_pointer(&self.pointer, token),
            hint: Hint { qualified: format!("{}{preferred}", self.op_prefix), preferred, context },
            op_prefix: self.op_prefix,
            use_name: None,
        }
    }
}

/// The state the rooms share: the document, where diagnostics go, and the candidate
/// types found so far. Each room adds its methods in its own file.
struct Lowerer<'a> {
    doc: &'a OpenAPI,
    sources: &'a Sources,
    sink: &'a mut Sink,
    candidates: Vec<Candidate>,
    by_key: BTreeMap<String, TypeId>,
    components: BTreeMap<String, TypeId>,
    settings: ir::Settings,
    /// Examples found on schemas and parameters (media-type examples stay with their op).
    examples: Vec<PendingExample>,
    /// Component schemas whose properties `allOf` is merging inline right now (compose.rs).
    inlining: Vec<String>,
    /// What the crate leaves out that `openapi.json` should not offer ([`ir::Api::unserved`]).
    unserved: Vec<String>,
}

impl Lowerer<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>, help: Option<&str>) {
        self.sink.error_at(self.sources, pointer, message, help);
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.sink.warning_at(self.sources, pointer, message);
    }

    /// Adds a candidate and returns its id.
    fn push_candidate(&mut self, c: Candidate) -> TypeId {
        let id = TypeId(u32::try_from(self.candidates.len()).unwrap_or(u32::MAX));
        self.candidates.push(c);
        id
    }
}

/// The name AutoRest's `x-ms-client-name` gives a property or parameter in generated code,
/// in place of its wire name (Azure's specs rename `$filter` and `properties.x-ms-…`
/// so): a string, else nothing.
fn client_name(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<&str> {
    extensions.get("x-ms-client-name").and_then(serde_json::Value::as_str).filter(|n| !n.trim().is_empty())
}
