//! The smallest unit of refusal. A construct the generator cannot express costs the user
//! the part of the spec it is in, never the whole spec: when a run reports errors inside
//! an operation, a parameter, a body's or response's media type, a response header or a
//! component, that part alone is cut (left out, or loosened to what it is on the wire)
//! and the run is repeated on the rest. Each error inside a cut becomes a located warning
//! that says what was cut; what was cut is listed in the generated crate (`lib.rs`), so
//! a reviewer sees it in the diff.
//!
//! Cuts are applied to the document right after the version gate (so 3.1 and Swagger 2.0
//! documents are cut in the 3.0 model the rest of the pipeline reads), and every pointer
//! here is a pointer into that document. Loosening is tried before leaving out: a
//! parameter that cannot be typed is read as a string, a body that cannot be typed as
//! bytes, text or a JSON value. A part that still fails once loosened is left out with
//! the part around it (parameter → operation → path item).
//!
//! What has no smaller part (the document's root, `info`, `servers`, a file that does not
//! read, a `$ref` that leaves the spec) still refuses the whole spec.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, pointer_tokens, push_pointer};

use crate::methods::{ADDITIONAL, METHODS};

/// How many tokens of a pointer under `/paths` name an operation (`paths`, the path, the
/// method, and the extension before a method 3.0 has no field for), if it is in one.
fn operation_len(t: &[&str]) -> Option<usize> {
    match t {
        ["paths", _, method, ..] if METHODS.contains(method) => Some(3),
        ["paths", _, extension, _, ..] if *extension == ADDITIONAL => Some(4),
        _ => None,
    }
}

/// How many times a run is repeated with more cuts before its errors are final. Each
/// round cuts every part an error was found in, so only errors that later stages find,
/// or that a loosened part still has, take another.
pub(crate) const MAX_ROUNDS: usize = 12;

/// One part of the document that is cut, by its pointer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cut {
    /// A parameter, read as a string (`/paths/p/get/parameters/0`,
    /// `/paths/p/parameters/0`, `/components/parameters/x`).
    Parameter(String),
    /// A request body's or response's media type, its schema loosened to what it is on
    /// the wire: a JSON value, text, bytes, or a map of strings for forms.
    Media(String),
    /// A response header, left out.
    Header(String),
    /// A component schema, typed as any JSON value.
    Schema(String),
    /// A schema inside a component schema or a JSON media type's schema, in a value's
    /// place (a property, a list's items, a map's values), typed as any JSON value: what
    /// is around it keeps its type (see [`subschema_of`]).
    Subschema(String),
    /// An operation, left out.
    Operation(String),
    /// A path item, with every operation in it, left out.
    PathItem(String),
    /// A component other than a schema (a response, request body, header, security
    /// scheme, …), left out; what refers to it is cut in turn.
    Component(String),
    /// A webhook (`/webhooks/name`, kept as `x-webhooks` after the version gate), left out.
    Webhook(String),
    /// One callback of an operation (`/paths/p/post/callbacks/onEvent`), left out.
    Callback(String),
}

impl Cut {
    fn pointer(&self) -> &str {
        match self {
            Cut::Parameter(p)
            | Cut::Media(p)
            | Cut::Header(p)
            | Cut::Schema(p)
            | Cut::Subschema(p)
            | Cut::Operation(p)
            | Cut::PathItem(p)
            | Cut::Component(p)
            | Cut::Webhook(p)
            | Cut::Callback(p) => p,
        }
    }

    /// Whether `pointer` is this part or inside it.
    fn contains(&self, pointer: &str) -> bool {
        let own = self.pointer();
        pointer.strip_prefix(own).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The part around this one, cut when this one still fails once loosened.
    fn parent(&self) -> Option<Cut> {
        let tokens = pointer_tokens(self.pointer())?;
        let join = |n: usize| tokens[..n].iter().fold(String::new(), |p, t| push_pointer(&p, t));
        let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
        match (self, tokens.first().map(String::as_str)) {
            // Still failing once typed as any value: the schema or body around it goes.
            (Cut::Subschema(p), _) => coarse_unit(p),
            (Cut::PathItem(_) | Cut::Component(_) | Cut::Webhook(_), _) => None,
            (Cut::Operation(_), _) => Some(Cut::PathItem(join(2))),
            (_, Some("paths")) if operation_len(&t).is_some_and(|n| tokens.len() > n) => {
                Some(Cut::Operation(join(operation_len(&t).unwrap_or(3))))
            }
            (_, Some("paths")) => Some(Cut::PathItem(join(2))),
            (_, Some("components")) if tokens.len() >= 3 => Some(Cut::Component(join(3))),
            _ => None,
        }
    }
}

/// The smallest part that holds `pointer`, if it has one.
pub(crate) fn unit_of(pointer: &str) -> Option<Cut> {
    subschema_of(pointer).or_else(|| coarse_unit(pointer))
}

/// The schema in a value's place that holds `pointer`, when `pointer` is inside a
/// component schema or a JSON media type's schema below its root: the deepest node
/// reached through `properties/…`, `items` or `additionalProperties` (through `allOf`,
/// `oneOf`, `anyOf` members on the way, which are not themselves cut: an any-value member
/// would change what the others mean). A property whose tuple (`prefixItems`) or whose
/// `allOf` cannot be expressed costs that property, not the body or the type around it.
fn subschema_of(pointer: &str) -> Option<Cut> {
    let tokens = pointer_tokens(pointer)?;
    let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let base = match t.as_slice() {
        ["components", "schemas", _, ..] => 3,
        ["components", "requestBodies" | "responses", _, "content", media, "schema", ..] if is_json(media) => 6,
        _ => {
            let n = operation_len(&t)?;
            match &t[n..] {
                ["requestBody", "content", media, "schema", ..] if is_json(media) => n + 4,
                ["responses", _, "content", media, "schema", ..] if is_json(media) => n + 5,
                _ => return None,
            }
        }
    };
    let mut at = base;
    let mut value_place = base;
    loop {
        match &t[at..] {
            ["properties", _, ..] => {
                at += 2;
                value_place = at;
            }
            ["items" | "additionalProperties", ..] => {
                at += 1;
                value_place = at;
            }
            ["allOf" | "oneOf" | "anyOf", i, ..] if i.parse::<usize>().is_ok() => at += 2,
            _ => break,
        }
    }
    let join = |n: usize| tokens[..n].iter().fold(String::new(), |p, t| push_pointer(&p, t));
    (value_place > base).then(|| Cut::Subschema(join(value_place)))
}

fn is_json(media: &str) -> bool {
    matches!(media_kind(media), MediaKind::Json)
}

/// The part that holds `pointer` among operations, parameters, media types, headers and
/// components, if it has one.
fn coarse_unit(pointer: &str) -> Option<Cut> {
    let tokens = pointer_tokens(pointer)?;
    let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let join = |n: usize| tokens[..n].iter().fold(String::new(), |p, t| push_pointer(&p, t));
    if let Some(n) = operation_len(&t) {
        return Some(match &t[n..] {
            ["callbacks", _, ..] => Cut::Callback(join(n + 2)),
            ["parameters", _, ..] => Cut::Parameter(join(n + 2)),
            ["requestBody", "content", _, ..] => Cut::Media(join(n + 3)),
            ["responses", _, "content", _, ..] => Cut::Media(join(n + 4)),
            ["responses", _, "headers", _, ..] => Cut::Header(join(n + 4)),
            _ => Cut::Operation(join(n)),
        });
    }
    Some(match t.as_slice() {
        ["webhooks", _, ..] => Cut::Webhook(join(2)),
        ["paths", _, "parameters", _, ..] => Cut::Parameter(join(4)),
        ["paths", _, ..] => Cut::PathItem(join(2)),
        ["components", "schemas", _, ..] => Cut::Schema(join(3)),
        ["components", "parameters", _, ..] => Cut::Parameter(join(3)),
        ["components", "requestBodies", _, "content", _, ..] => Cut::Media(join(5)),
        ["components", "responses", _, "content", _, ..] => Cut::Media(join(5)),
        ["components", "responses", _, "headers", _, ..] => Cut::Header(join(5)),
        ["components", _, _, ..] => Cut::Component(join(3)),
        _ => return None,
    })
}

/// A run's cuts, with what applying them keeps for the report.
#[derive(Debug, Default)]
pub(crate) struct Pruning {
    pub(crate) cuts: Cuts,
    /// The document as the version gate left it, before the cuts (kept only when there
    /// are cuts): what the cuts are described from.
    pub(crate) before: Option<Value>,
    /// How many diagnostics the sink held when the cuts were applied: an error reported
    /// later inside a cut means the cut was not enough.
    pub(crate) applied_at: Option<usize>,
}

impl Pruning {
    /// Applies the cuts to the document the version gate made, and turns the errors the
    /// gate reported inside them into warnings.
    pub(crate) fn apply(&mut self, doc: &mut Value, sink: &mut crate::sink::Sink) {
        if !self.cuts.is_empty() {
            let before = doc.clone();
            self.cuts.apply(doc);
            let cuts = &self.cuts;
            sink.demote(|d, pointer| cuts.outermost(pointer).map(|cut| demoted(d, cut, &before)));
            self.before = Some(before);
        }
        self.applied_at = Some(sink.len());
    }
}

/// The parts cut so far, in the order they were found.
#[derive(Clone, Debug, Default)]
pub(crate) struct Cuts {
    cuts: Vec<Cut>,
}

impl Cuts {
    pub(crate) fn is_empty(&self) -> bool {
        self.cuts.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Cut> {
        self.cuts.iter()
    }

    /// The outermost cut that holds `pointer`: what an error there finally cost.
    pub(crate) fn outermost(&self, pointer: &str) -> Option<&Cut> {
        self.cuts.iter().filter(|c| c.contains(pointer)).min_by_key(|c| c.pointer().len())
    }

    /// The innermost cut that holds `pointer`.
    pub(crate) fn holding(&self, pointer: &str) -> Option<&Cut> {
        self.cuts.iter().filter(|c| c.contains(pointer)).max_by_key(|c| c.pointer().len())
    }

    /// Adds the part that an error at `pointer` costs. `after_cuts` says the error was
    /// found after this round's cuts were applied, so an error inside a loosened part
    /// means the loosening was not enough: the part around it is cut. False when the
    /// error has no part to cut, so the whole spec is refused.
    /// `applied` is the cuts the round ran with: a part cut for another error of the
    /// same round was not tried yet, so it is no reason to cut more.
    pub(crate) fn add_for(&mut self, pointer: &str, after_cuts: bool, applied: &Cuts) -> bool {
        let next = match applied.holding(pointer) {
            Some(held) if after_cuts => held.parent(),
            // Reported before the cuts were applied (the version gate): the cut covers it.
            Some(_) => return true,
            None => unit_of(pointer),
        };
        match next {
            Some(cut) => {
                if !self.cuts.contains(&cut) {
                    self.cuts.push(cut);
                }
                true
            }
            None => false,
        }
    }

    /// Applies every cut to `doc`, outermost first so that a cut inside a part that is
    /// left out is not looked for.
    pub(crate) fn apply(&mut self, doc: &mut Value) {
        // A schema that a `$ref` elsewhere points at or into is not cut alone: the
        // reference would point to nothing, and cutting there would spread from schema to
        // schema (Azure's network specs point deep into each other's properties). It costs
        // the part around it, as before there were such cuts.
        if self.cuts.iter().any(|c| matches!(c, Cut::Subschema(_))) {
            let mut targets = Vec::new();
            ref_targets(doc, &mut targets);
            let mut cuts = Vec::new();
            for cut in std::mem::take(&mut self.cuts) {
                let cut = match &cut {
                    Cut::Subschema(p) if targets.iter().any(|t| Cut::Subschema(p.clone()).contains(t)) => {
                        coarse_unit(p).unwrap_or(cut)
                    }
                    _ => cut,
                };
                if !cuts.contains(&cut) {
                    cuts.push(cut);
                }
            }
            self.cuts = cuts;
        }
        let mut ordered: Vec<Cut> = self.cuts.clone();
        ordered.sort_by_key(|c| c.pointer().len());
        for cut in ordered {
            // A security scheme left out closes the operations that required only it.
            for closed in apply(doc, &cut) {
                let cut = Cut::Operation(closed);
                if !self.cuts.contains(&cut) {
                    self.cuts.push(cut);
                }
            }
        }
    }

    /// What the parts cut are, in words, for the generated crate's `lib.rs` and the
    /// summary. `doc` is the document before the cuts.
    pub(crate) fn described(&self, doc: &Value) -> Vec<String> {
        // A part inside one that was left out whole is not listed apart.
        let outermost = self.cuts.iter().filter(|c| self.outermost(c.pointer()) == Some(*c));
        let mut out: Vec<String> = outermost.map(|c| describe(c, doc)).collect();
        out.sort();
        out.dedup();
        out
    }

    /// How many operations the cuts leave out of `doc` (before the cuts).
    pub(crate) fn operations_left_out(&self, doc: &Value) -> usize {
        let mut left_out: Vec<String> = Vec::new();
        for cut in &self.cuts {
            match cut {
                Cut::Operation(p) => left_out.push(p.clone()),
                Cut::PathItem(p) => {
                    if let Some(item) = doc.pointer(p) {
                        left_out.extend(crate::methods::slots(item).into_iter().map(|s| format!("{p}{}", s.pointer)));
                    }
                }
                _ => {}
            }
        }
        left_out.sort();
        left_out.dedup();
        left_out.len()
    }
}

/// The warning an error inside a cut becomes: the error, then what it cost.
pub(crate) fn demoted(error: &Diagnostic, cut: &Cut, doc: &Value) -> Diagnostic {
    let mut d = Diagnostic::warning(format!("{}; {}", error.message, consequence(cut, doc))).at(error.location.clone());
    d.help = Some(match &error.help {
        Some(h) => format!("{h}; or say what the API means with an overlay (`--deny omissions` refuses instead)"),
        None => "say what the API means with an overlay, or fix the spec (`--deny omissions` refuses instead)".into(),
    });
    d
}

/// What a cut did, in words: `operation \`getPet\` (GET /pets/{id}) is left out`.
fn consequence(cut: &Cut, doc: &Value) -> String {
    let what = describe(cut, doc);
    match cut {
        Cut::Parameter(_) | Cut::Media(_) | Cut::Schema(_) | Cut::Subschema(_) => what,
        _ => format!("{what} is left out"),
    }
}

/// A part in words, with what happens to it when it is loosened.
fn describe(cut: &Cut, doc: &Value) -> String {
    let tokens = pointer_tokens(cut.pointer()).unwrap_or_default();
    let mut t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    // An operation of another method is described as one of the eight is: by its method.
    if operation_len(&t) == Some(4) {
        t.remove(2);
    }
    let operation = |path: &str, method: &str| {
        let item = push_pointer("/paths", path);
        let id = doc
            .pointer(&push_pointer(&item, method))
            .or_else(|| doc.pointer(&push_pointer(&push_pointer(&item, ADDITIONAL), method)))
            .and_then(|op| op.get("operationId"))
            .and_then(Value::as_str);
        match id {
            Some(id) => format!("operation `{id}` ({} {path})", method.to_ascii_uppercase()),
            None => format!("operation {} {path}", method.to_ascii_uppercase()),
        }
    };
    let param_name = || {
        let node = doc.pointer(cut.pointer());
        let node = match node.and_then(|n| n.get("$ref")).and_then(Value::as_str) {
            Some(r) => r.strip_prefix('#').and_then(|p| doc.pointer(p)),
            None => node,
        };
        node.and_then(|n| n.get("name")).and_then(Value::as_str).unwrap_or("?").to_string()
    };
    match (cut, t.as_slice()) {
        (Cut::Operation(_), ["paths", path, method]) => operation(path, method),
        (Cut::Webhook(_), ["webhooks", name]) => format!("webhook `{name}`"),
        (Cut::Callback(_), ["paths", path, method, "callbacks", name]) => {
            format!("callback `{name}` of {}", operation(path, method))
        }
        (Cut::PathItem(_), ["paths", path]) => format!("path `{path}` (every operation in it)"),
        (Cut::Parameter(_), ["paths", path, "parameters", ..]) => {
            format!("parameter `{}` of path `{path}` is read as a string", param_name())
        }
        (Cut::Parameter(_), ["paths", path, method, ..]) => {
            format!("parameter `{}` of {} is read as a string", param_name(), operation(path, method))
        }
        (Cut::Parameter(_), ["components", "parameters", name]) => {
            format!("parameter `{name}` (`{}`) is read as a string", param_name())
        }
        (Cut::Media(_), ["paths", path, method, "requestBody", _, media]) => {
            format!("the {media} request body of {} is {}", operation(path, method), loosened_as(media))
        }
        (Cut::Media(_), ["paths", path, method, "responses", status, _, media]) => {
            format!("the {media} {status} response of {} is {}", operation(path, method), loosened_as(media))
        }
        (Cut::Media(_), ["components", kind, name, _, media]) => {
            format!("the {media} content of `{kind}/{name}` is {}", loosened_as(media))
        }
        (Cut::Header(_), ["paths", path, method, "responses", status, _, header]) => {
            format!("response header `{header}` of the {status} response of {}", operation(path, method))
        }
        (Cut::Schema(_), ["components", "schemas", name]) => format!("schema `{name}` is typed as any JSON value"),
        (Cut::Subschema(_), _) => {
            // The schema the part is in: a component's, or a media type's `schema`, which
            // is the first token of that name (a path, a method, a media type never is).
            let whole = match t.as_slice() {
                ["components", "schemas", ..] => 3.min(t.len()),
                ["components", _, _, "content", _, "schema", ..] => 6,
                _ => t.iter().position(|t| *t == "schema").map_or(t.len(), |i| i + 1),
            };
            let inner = &t[whole..];
            let inside = match &t[..whole] {
                ["components", "schemas", name] => format!("schema `{name}`"),
                ["components", kind, name, _, media, "schema"] => format!("the {media} content of `{kind}/{name}`"),
                ["paths", path, method, "requestBody", _, media, "schema"] => {
                    format!("the {media} request body of {}", operation(path, method))
                }
                ["paths", path, method, "responses", status, _, media, "schema"] => {
                    format!("the {media} {status} response of {}", operation(path, method))
                }
                _ => format!("`#{}`", cut.pointer()),
            };
            format!("`{}` in {inside} is typed as any JSON value", inner.join("/"))
        }
        (_, ["components", kind, name, ..]) => format!("`components/{kind}/{name}`"),
        _ => format!("`#{}`", cut.pointer()),
    }
}

/// How a media type's content is read once its schema is loosened.
fn loosened_as(media: &str) -> &'static str {
    match media_kind(media) {
        MediaKind::Json => "read as any JSON value",
        MediaKind::Form => "read as a map of strings",
        MediaKind::Text => "read as text",
        MediaKind::Bytes => "read as bytes",
    }
}

enum MediaKind {
    Json,
    Form,
    Text,
    Bytes,
}

fn media_kind(media: &str) -> MediaKind {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json") {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" || essence.starts_with("multipart/") {
        MediaKind::Form
    } else if essence.starts_with("text/") || media.to_ascii_lowercase().contains("charset=") {
        MediaKind::Text
    } else {
        MediaKind::Bytes
    }
}

/// The schema a media type's content is loosened to.
fn loosened_schema(media: &str) -> Value {
    match media_kind(media) {
        MediaKind::Json => json!({}),
        MediaKind::Form => json!({"type": "object", "additionalProperties": {"type": "string"}}),
        MediaKind::Text => json!({"type": "string"}),
        MediaKind::Bytes => json!({"type": "string", "format": "binary"}),
    }
}

/// Applies one cut. A part that is not there (already cut with the part around it) is
/// left alone. Returns the operations a security scheme's cut leaves out.
fn apply(doc: &mut Value, cut: &Cut) -> Vec<String> {
    let Some(tokens) = pointer_tokens(cut.pointer()) else { return Vec::new() };
    let mut closed = Vec::new();
    match cut {
        Cut::Operation(_) | Cut::PathItem(_) | Cut::Header(_) | Cut::Callback(_) => remove(doc, &tokens),
        Cut::Webhook(_) => {
            // 3.1's webhooks are the root extension `x-webhooks` by now (a 3.0 spec writes
            // that itself); their diagnostics say `/webhooks`.
            let mut kept = tokens.clone();
            kept[0] = crate::v31::WEBHOOKS_EXTENSION.to_string();
            remove(doc, &kept);
            remove(doc, &tokens);
        }
        Cut::Component(_) => {
            if let ["components", "securitySchemes", name] = tokens.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                closed = drop_requirements(doc, name);
            }
            remove(doc, &tokens);
        }
        Cut::Schema(_) | Cut::Subschema(_) => {
            let Some(node) = doc.pointer_mut(cut.pointer()) else { return closed };
            let description = node.get("description").cloned();
            let mut loose = Map::new();
            if let Some(d) = description {
                loose.insert("description".into(), d);
            }
            *node = Value::Object(loose);
        }
        Cut::Media(_) => {
            let media = tokens.last().cloned().unwrap_or_default();
            let Some(node) = doc.pointer_mut(cut.pointer()) else { return closed };
            *node = json!({"schema": loosened_schema(&media)});
        }
        Cut::Parameter(_) => {
            let original = doc.pointer(cut.pointer()).cloned();
            let resolved = match original.as_ref().and_then(|n| n.get("$ref")).and_then(Value::as_str) {
                Some(r) => r.strip_prefix('#').and_then(|p| doc.pointer(p)).cloned(),
                None => original,
            };
            let Some(Value::Object(param)) = resolved else { return closed };
            let location = param.get("in").cloned().unwrap_or(Value::Null);
            let mut loose = Map::new();
            for key in ["name", "in", "description", "required", "deprecated"] {
                if let Some(v) = param.get(key) {
                    loose.insert(key.into(), v.clone());
                }
            }
            if location == "path" {
                loose.insert("required".into(), Value::Bool(true));
            }
            loose.insert("schema".into(), json!({"type": "string"}));
            if let Some(node) = doc.pointer_mut(cut.pointer()) {
                *node = Value::Object(loose);
            }
        }
    }
    closed
}

/// The pointers every local `$ref` in `v` points to (percent-decoded, as the loader reads
/// them).
fn ref_targets(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref")
                && let Some(fragment) = r.strip_prefix('#')
            {
                out.push(crate::load::percent_decode(fragment).unwrap_or_else(|| fragment.to_owned()));
            }
            map.values().for_each(|v| ref_targets(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| ref_targets(v, out)),
        _ => {}
    }
}

/// Removes the node at `tokens` from its parent object.
fn remove(doc: &mut Value, tokens: &[String]) {
    let Some((last, parent)) = tokens.split_last() else { return };
    let parent_ptr = parent.iter().fold(String::new(), |p, t| push_pointer(&p, t));
    match doc.pointer_mut(&parent_ptr) {
        Some(Value::Object(map)) => {
            map.shift_remove(last);
        }
        Some(Value::Array(list)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < list.len()
            {
                list.remove(i);
            }
        }
        _ => {}
    }
}

/// A security scheme left out takes with it every requirement that names it. An
/// operation none of whose requirements is left would be open to anyone, which its spec
/// does not say, so it is left out too.
fn drop_requirements(doc: &mut Value, scheme: &str) -> Vec<String> {
    let names = |req: &Value| req.as_object().is_some_and(|r| r.contains_key(scheme));
    let global_before = doc.get("security").and_then(Value::as_array).map_or(0, Vec::len);
    if let Some(Value::Array(reqs)) = doc.get_mut("security") {
        reqs.retain(|r| !names(r));
    }
    let global_closed = global_before > 0 && doc.get("security").and_then(Value::as_array).is_some_and(Vec::is_empty);
    let mut closed_ops = Vec::new();
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return closed_ops };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for slot in crate::methods::slots_of(item) {
            let Some(Value::Object(op)) = slot.get(item) else { continue };
            let closed = match op.get("security") {
                Some(Value::Array(reqs)) => !reqs.is_empty() && reqs.iter().all(names),
                _ => global_closed,
            };
            if closed {
                slot.remove(item);
                closed_ops.push(format!("{}{}", push_pointer("/paths", path), slot.pointer));
            } else if let Some(Value::Object(op)) = slot.get_mut(item)
                && let Some(Value::Array(reqs)) = op.get_mut("security")
            {
                reqs.retain(|r| !names(r));
            }
        }
    }
    closed_ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pointer_costs_its_smallest_part() {
        let check = |pointer: &str, expect: Option<Cut>| assert_eq!(unit_of(pointer), expect, "{pointer}");
        let p = |s: &str| s.to_string();
        check("/paths/~1a/get/parameters/2/schema/type", Some(Cut::Parameter(p("/paths/~1a/get/parameters/2"))));
        check("/paths/~1a/parameters/0", Some(Cut::Parameter(p("/paths/~1a/parameters/0"))));
        check(
            "/paths/~1a/post/requestBody/content/application~1xml/schema",
            Some(Cut::Media(p("/paths/~1a/post/requestBody/content/application~1xml"))),
        );
        check(
            "/paths/~1a/get/responses/200/content/application~1x-tar",
            Some(Cut::Media(p("/paths/~1a/get/responses/200/content/application~1x-tar"))),
        );
        check(
            "/paths/~1a/get/responses/200/headers/X-Rate/schema",
            Some(Cut::Header(p("/paths/~1a/get/responses/200/headers/X-Rate"))),
        );
        check("/paths/~1a/get/operationId", Some(Cut::Operation(p("/paths/~1a/get"))));
        check("/paths/~1a/get", Some(Cut::Operation(p("/paths/~1a/get"))));
        check("/paths/~1a/summary", Some(Cut::PathItem(p("/paths/~1a"))));
        check("/components/schemas/Pet/type", Some(Cut::Schema(p("/components/schemas/Pet"))));
        check("/components/schemas/Pet/properties", Some(Cut::Schema(p("/components/schemas/Pet"))));
        // A schema in a value's place costs that place, through composition on the way.
        check("/components/schemas/Pet/properties/x", Some(Cut::Subschema(p("/components/schemas/Pet/properties/x"))));
        check(
            "/components/schemas/Pet/allOf/1/properties/tags/items/prefixItems",
            Some(Cut::Subschema(p("/components/schemas/Pet/allOf/1/properties/tags/items"))),
        );
        check(
            "/components/schemas/Pet/properties/x/oneOf/0/if",
            Some(Cut::Subschema(p("/components/schemas/Pet/properties/x"))),
        );
        check(
            "/paths/~1a/post/requestBody/content/application~1json/schema/properties/p/allOf",
            Some(Cut::Subschema(p("/paths/~1a/post/requestBody/content/application~1json/schema/properties/p"))),
        );
        check(
            "/paths/~1a/get/responses/200/content/application~1json/schema/additionalProperties/$ref",
            Some(Cut::Subschema(p(
                "/paths/~1a/get/responses/200/content/application~1json/schema/additionalProperties",
            ))),
        );
        // A form's fields are not JSON values: its body is loosened whole.
        check(
            "/paths/~1a/post/requestBody/content/multipart~1form-data/schema/properties/p/allOf",
            Some(Cut::Media(p("/paths/~1a/post/requestBody/content/multipart~1form-data"))),
        );
        check("/components/parameters/limit/schema", Some(Cut::Parameter(p("/components/parameters/limit"))));
        check("/components/securitySchemes/k", Some(Cut::Component(p("/components/securitySchemes/k"))));
        check("/webhooks/newPet/post/requestBody", Some(Cut::Webhook(p("/webhooks/newPet"))));
        check(
            "/paths/~1a/post/callbacks/onEvent/{$request.body#~1url}/post",
            Some(Cut::Callback(p("/paths/~1a/post/callbacks/onEvent"))),
        );
        check("/info/title", None);
        check("", None);
        check("/paths", None);
    }

    #[test]
    fn a_part_that_still_fails_costs_the_part_around_it() {
        let mut cuts = Cuts::default();
        let add = |cuts: &mut Cuts, pointer: &str, after: bool| {
            let applied = cuts.clone();
            cuts.add_for(pointer, after, &applied)
        };
        assert!(add(&mut cuts, "/paths/~1a/get/parameters/0/style", true));
        assert_eq!(cuts.cuts, [Cut::Parameter("/paths/~1a/get/parameters/0".into())]);
        // Found again after the parameter was loosened: the operation goes.
        assert!(add(&mut cuts, "/paths/~1a/get/parameters/0", true));
        assert_eq!(cuts.cuts[1], Cut::Operation("/paths/~1a/get".into()));
        // Found before the cuts were applied (the version gate): covered already.
        assert!(add(&mut cuts, "/paths/~1a/get/parameters/0/x", false));
        assert_eq!(cuts.cuts.len(), 2);
        assert!(add(&mut cuts, "/paths/~1a/get", true));
        assert_eq!(cuts.cuts[2], Cut::PathItem("/paths/~1a".into()));
        assert!(!add(&mut cuts, "/paths/~1a", true));
        assert!(!add(&mut cuts, "/info", true));
        // Two errors of one round in one part: the part is cut once, not escalated.
        let mut cuts = Cuts::default();
        let applied = Cuts::default();
        assert!(cuts.add_for("/paths/~1b/get/responses/200/content/x~1y/schema/$ref", false, &applied));
        assert!(cuts.add_for("/paths/~1b/get/responses/200/content/x~1y/schema", true, &applied));
        assert_eq!(cuts.cuts, [Cut::Media("/paths/~1b/get/responses/200/content/x~1y".into())]);
        // A property that still fails once typed as any value costs its schema.
        let mut cuts = Cuts::default();
        assert!(add(&mut cuts, "/components/schemas/S/properties/p/allOf", true));
        assert!(add(&mut cuts, "/components/schemas/S/properties/p", true));
        assert_eq!(
            cuts.cuts,
            [Cut::Subschema("/components/schemas/S/properties/p".into()), Cut::Schema("/components/schemas/S".into())]
        );
    }

    #[test]
    fn a_schema_a_reference_points_into_costs_the_part_around_it() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"p": {"type": "object", "properties": {"q": {"type": "string"}}}, "r": {}}},
            "B": {"$ref": "#/components/schemas/A/properties/p/properties/q"}
        }}});
        let mut cuts = Cuts::default();
        assert!(cuts.add_for("/components/schemas/A/properties/p/allOf", false, &Cuts::default()));
        assert!(cuts.add_for("/components/schemas/A/properties/r/prefixItems", false, &Cuts::default()));
        cuts.apply(&mut doc);
        // `B` points into `p`: cutting `p` alone would leave it pointing to nothing.
        // `r` is inside the part cut now, which is what the crate's list says.
        assert_eq!(
            cuts.cuts,
            [Cut::Schema("/components/schemas/A".into()), Cut::Subschema("/components/schemas/A/properties/r".into())]
        );
        assert_eq!(doc["components"]["schemas"]["A"], json!({}));
        assert_eq!(cuts.described(&json!({})), ["schema `A` is typed as any JSON value"]);
    }

    #[test]
    fn cuts_loosen_and_leave_out() {
        let mut doc = json!({
            "paths": {"/a": {
                "get": {"operationId": "getA", "parameters": [{"$ref": "#/components/parameters/p"}],
                        "responses": {"200": {"description": "ok", "content": {"application/x-tar": {"schema": {"type": "object"}}}}}},
                "post": {"operationId": "postA", "security": [{"cookie": []}], "responses": {}}
            }},
            "components": {
                "parameters": {"p": {"name": "q", "in": "query", "style": "deepObject", "schema": {"type": "array"}}},
                "schemas": {
                    "S": {"description": "kept", "title": "dropped", "type": "object"},
                    "T": {"type": "object", "properties": {"p": {"description": "kept", "prefixItems": []}, "q": {}}}
                },
                "securitySchemes": {"cookie": {"type": "apiKey", "in": "cookie", "name": "c"}}
            }
        });
        let mut cuts = Cuts::default();
        for p in [
            "/paths/~1a/get/parameters/0",
            "/paths/~1a/get/responses/200/content/application~1x-tar/schema",
            "/components/schemas/S/properties",
            "/components/securitySchemes/cookie",
            "/components/schemas/T/properties/p/prefixItems",
        ] {
            assert!(cuts.add_for(p, true, &Cuts::default()));
        }
        let before = doc.clone();
        cuts.apply(&mut doc);
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0],
            json!({"name": "q", "in": "query", "schema": {"type": "string"}})
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/x-tar"],
            json!({"schema": {"type": "string", "format": "binary"}})
        );
        assert_eq!(doc["components"]["schemas"]["S"], json!({"description": "kept"}));
        assert_eq!(
            doc["components"]["schemas"]["T"],
            json!({"type": "object", "properties": {"p": {"description": "kept"}, "q": {}}})
        );
        assert!(doc["paths"]["/a"].get("post").is_none(), "only the left-out scheme opened it");
        assert!(doc["components"]["securitySchemes"].get("cookie").is_none());
        assert_eq!(cuts.operations_left_out(&before), 1);
        assert_eq!(
            cuts.described(&before),
            [
                "`components/securitySchemes/cookie`",
                "`properties/p` in schema `T` is typed as any JSON value",
                "operation `postA` (POST /a)",
                "parameter `q` of operation `getA` (GET /a) is read as a string",
                "schema `S` is typed as any JSON value",
                "the application/x-tar 200 response of operation `getA` (GET /a) is read as bytes",
            ]
        );
    }
}
