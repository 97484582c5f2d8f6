//! Schemas: compares the schema OLD and NEW give one body or parameter, property by
//! property, with rules picked by direction (what the client sends versus what the server
//! returns). Shared components are compared once per pair and direction, then reused.

use std::collections::{BTreeSet, HashMap, HashSet};

use openapiv3::{AdditionalProperties, OpenAPI, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::model::{self, Rule, Spec};
use super::resolve::{self, Found};
use crate::diagnostics::push_pointer;

/// Where a schema sits, which decides which rules apply to its changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Place {
    /// A parameter's schema: sent by clients, read by servers.
    Parameter,
    /// A request body: sent by clients, read by servers.
    Request,
    /// A response body: sent by servers, read by clients.
    Response,
}

/// A change inside a schema, before it is attached to an operation.
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    pub rule: &'static Rule,
    pub spec: Spec,
    pub pointer: String,
    pub message: String,
}

/// What happened to a schema or one of its properties.
#[derive(Clone, Copy, Debug)]
enum Event {
    PropertyAdded { required: bool },
    PropertyRemoved { required: bool },
    BecameRequired,
    BecameOptional,
    BecameNullable,
    BecameNotNullable,
    Type,
    Format,
    EnumAdded,
    EnumRemoved,
}

/// The rule for an event at a place; `in_property` tells a body's own type from a
/// property's.
fn rule(place: Place, in_property: bool, event: Event) -> &'static Rule {
    use Event as E;
    use Place as P;
    match (place, event) {
        (P::Parameter, E::Type) => &model::PARAMETER_TYPE_CHANGED,
        (P::Parameter, E::Format) => &model::PARAMETER_FORMAT_CHANGED,
        (P::Parameter, E::EnumAdded) => &model::PARAMETER_ENUM_VALUE_ADDED,
        (P::Parameter, E::EnumRemoved) => &model::PARAMETER_ENUM_VALUE_REMOVED,
        (P::Parameter | P::Request, E::PropertyAdded { required: true }) => &model::NEW_REQUIRED_REQUEST_PROPERTY,
        (P::Parameter | P::Request, E::PropertyAdded { required: false }) => &model::NEW_OPTIONAL_REQUEST_PROPERTY,
        (P::Parameter | P::Request, E::PropertyRemoved { .. }) => &model::REQUEST_PROPERTY_REMOVED,
        (P::Parameter | P::Request, E::BecameRequired) => &model::REQUEST_PROPERTY_BECAME_REQUIRED,
        (P::Parameter | P::Request, E::BecameOptional) => &model::REQUEST_PROPERTY_BECAME_OPTIONAL,
        (P::Parameter | P::Request, E::BecameNullable) => &model::REQUEST_PROPERTY_BECAME_NULLABLE,
        (P::Parameter | P::Request, E::BecameNotNullable) => &model::REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
        (P::Request, E::Type) if !in_property => &model::REQUEST_BODY_TYPE_CHANGED,
        (P::Request, E::Type) => &model::REQUEST_PROPERTY_TYPE_CHANGED,
        (P::Request, E::Format) => &model::REQUEST_PROPERTY_FORMAT_CHANGED,
        (P::Request, E::EnumAdded) => &model::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
        (P::Request, E::EnumRemoved) => &model::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
        (P::Response, E::PropertyAdded { required: true }) => &model::RESPONSE_REQUIRED_PROPERTY_ADDED,
        (P::Response, E::PropertyAdded { required: false }) => &model::RESPONSE_OPTIONAL_PROPERTY_ADDED,
        (P::Response, E::PropertyRemoved { required: true }) => &model::RESPONSE_REQUIRED_PROPERTY_REMOVED,
        (P::Response, E::PropertyRemoved { required: false }) => &model::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
        (P::Response, E::BecameRequired) => &model::RESPONSE_PROPERTY_BECAME_REQUIRED,
        (P::Response, E::BecameOptional) => &model::RESPONSE_PROPERTY_BECAME_OPTIONAL,
        (P::Response, E::BecameNullable) => &model::RESPONSE_PROPERTY_BECAME_NULLABLE,
        (P::Response, E::BecameNotNullable) => &model::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
        (P::Response, E::Type) if !in_property => &model::RESPONSE_BODY_TYPE_CHANGED,
        (P::Response, E::Type) => &model::RESPONSE_PROPERTY_TYPE_CHANGED,
        (P::Response, E::Format) => &model::RESPONSE_PROPERTY_FORMAT_CHANGED,
        (P::Response, E::EnumAdded) => &model::RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
        (P::Response, E::EnumRemoved) => &model::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
    }
}

/// How deep schemas are followed; deeper differences are not reported. Documents are
/// already bounded by the loader, this bounds chains of references between components.
const MAX_DEPTH: usize = 128;

/// What a comparison of two referenced schemas depends on, for reuse.
type Key = (String, String, Place, bool);

/// Compares schemas of two documents, remembering what shared components gave.
#[derive(Debug)]
pub(crate) struct Schemas<'a> {
    old: &'a OpenAPI,
    new: &'a OpenAPI,
    memo: HashMap<Key, Vec<Finding>>,
    active: HashSet<Key>,
    /// How many times a cycle was cut; a result computed while one was cut is incomplete
    /// for other entry points, so it is not remembered.
    cuts: usize,
}

/// One side's schema, and where the comparison stands.
#[derive(Clone, Copy, Debug)]
pub(crate) struct At<'s> {
    pub place: Place,
    pub in_property: bool,
    /// The property path so far (`Token.scopes[]`), empty at a body's root.
    pub label: &'s str,
    pub depth: usize,
}

impl<'a> Schemas<'a> {
    pub fn new(old: &'a OpenAPI, new: &'a OpenAPI) -> Self {
        Self { old, new, memo: HashMap::new(), active: HashSet::new(), cuts: 0 }
    }

    pub fn old_doc(&self) -> &'a OpenAPI {
        self.old
    }

    pub fn new_doc(&self) -> &'a OpenAPI {
        self.new
    }

    /// Compares two resolved schemas.
    pub fn compare(&mut self, old: &Found<'a, Schema>, new: &Found<'a, Schema>, at: At<'_>) -> Vec<Finding> {
        if at.depth > MAX_DEPTH {
            return Vec::new();
        }
        let (Some(old_name), Some(new_name)) = (old.name, new.name) else {
            return self.compare_views(old, new, at);
        };
        let key = (old.pointer.clone(), new.pointer.clone(), at.place, at.in_property);
        if let Some(found) = self.memo.get(&key) {
            return found.clone();
        }
        if !self.active.insert(key.clone()) {
            self.cuts += 1;
            return Vec::new();
        }
        let cuts = self.cuts;
        // Inside a component, paths start at its name, so the result is the same for every
        // operation that reaches it.
        let label = if old_name == new_name { new_name.to_string() } else { format!("{old_name}→{new_name}") };
        let found = distinct(self.compare_views(old, new, At { label: &label, ..at }));
        self.active.remove(&key);
        if self.cuts == cuts {
            self.memo.insert(key, found.clone());
        }
        found
    }

    fn compare_views(&mut self, old: &Found<'a, Schema>, new: &Found<'a, Schema>, at: At<'_>) -> Vec<Finding> {
        let ov = view(self.old, old.item, &old.pointer, 0);
        let nv = view(self.new, new.item, &new.pointer, 0);
        let mut out = Vec::new();
        let subject = subject(at);
        let finding = |event, spec, pointer: &str, message: String| Finding {
            rule: rule(at.place, at.in_property, event),
            spec,
            pointer: pointer.to_string(),
            message,
        };
        if ov.shape() != nv.shape() {
            out.push(finding(
                Event::Type,
                Spec::New,
                &new.pointer,
                format!("the type of {subject} changed from {} to {}", ov.describe(), nv.describe()),
            ));
            return out;
        }
        if ov.format != nv.format {
            let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".into());
            out.push(finding(
                Event::Format,
                Spec::New,
                &new.pointer,
                format!("the format of {subject} changed from {} to {}", show(&ov.format), show(&nv.format)),
            ));
        }
        for value in ov.enumeration.iter().filter(|v| !nv.enumeration.contains(v)) {
            let message = format!("enum value {value} was removed from {subject}");
            out.push(finding(Event::EnumRemoved, Spec::Old, &old.pointer, message));
        }
        for value in nv.enumeration.iter().filter(|v| !ov.enumeration.contains(v)) {
            let message = format!("enum value {value} was added to {subject}");
            out.push(finding(Event::EnumAdded, Spec::New, &new.pointer, message));
        }
        self.properties(&ov, &nv, at, &mut out);
        let nested = |suffix: &str| join(at.label, suffix);
        if let (Some(o), Some(n)) = (&ov.items, &nv.items) {
            let label = nested("[]");
            out.extend(self.compare(o, n, At { label: &label, depth: at.depth + 1, ..at }));
        }
        if let (Some(o), Some(n)) = (&ov.values, &nv.values) {
            let label = nested("{}");
            out.extend(self.compare(o, n, At { label: &label, depth: at.depth + 1, ..at }));
        }
        for (i, (o, n)) in ov.variants.iter().zip(&nv.variants).enumerate() {
            let label = nested(&format!("<{i}>"));
            out.extend(self.compare(o, n, At { label: &label, depth: at.depth + 1, ..at }));
        }
        out
    }

    fn properties(&mut self, ov: &View<'a>, nv: &View<'a>, at: At<'_>, out: &mut Vec<Finding>) {
        let finding = |event, spec, pointer: &str, message: String| Finding {
            rule: rule(at.place, true, event),
            spec,
            pointer: pointer.to_string(),
            message,
        };
        let direction = if at.place == Place::Response { "response" } else { "request" };
        for prop in &ov.properties {
            if !nv.properties.iter().any(|p| p.name == prop.name) {
                let required = ov.required.contains(prop.name);
                let message = format!(
                    "{} {direction} property `{}` was removed",
                    if required { "required" } else { "optional" },
                    join(at.label, prop.name)
                );
                out.push(finding(Event::PropertyRemoved { required }, Spec::Old, &prop.at, message));
            }
        }
        for prop in &nv.properties {
            let path = join(at.label, prop.name);
            let required = nv.required.contains(prop.name);
            let Some(before) = ov.properties.iter().find(|p| p.name == prop.name) else {
                let message = format!(
                    "{} {direction} property `{path}` was added",
                    if required { "required" } else { "optional" }
                );
                out.push(finding(Event::PropertyAdded { required }, Spec::New, &prop.at, message));
                continue;
            };
            match (ov.required.contains(prop.name), required) {
                (false, true) => {
                    let message = format!("{direction} property `{path}` became required");
                    out.push(finding(Event::BecameRequired, Spec::New, &prop.at, message));
                }
                (true, false) => {
                    let message = format!("{direction} property `{path}` became optional");
                    out.push(finding(Event::BecameOptional, Spec::New, &prop.at, message));
                }
                // A required property's Rust type is `Option<T>` exactly when it is nullable
                // (an optional one is `Option<T>` either way).
                (true, true) => match (nullable(&before.schema), nullable(&prop.schema)) {
                    (false, true) => {
                        let message = format!("{direction} property `{path}` became nullable");
                        out.push(finding(Event::BecameNullable, Spec::New, &prop.at, message));
                    }
                    (true, false) => {
                        let message = format!("{direction} property `{path}` is no longer nullable");
                        out.push(finding(Event::BecameNotNullable, Spec::New, &prop.at, message));
                    }
                    _ => {}
                },
                (false, false) => {}
            }
            if let (Some(o), Some(n)) = (&before.schema, &prop.schema) {
                out.extend(self.compare(o, n, At { in_property: true, label: &path, depth: at.depth + 1, ..at }));
            }
        }
    }
}

/// Drops repeated findings, keeping the first of each. A component reached along several
/// paths (`next: Node`, `children: [Node]`) reports each of its changes once, and results
/// stay as small as the set of distinct changes however often components share parts.
pub(crate) fn distinct(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen = HashSet::new();
    findings.into_iter().filter(|f| seen.insert((f.rule.id, f.pointer.clone(), f.message.clone()))).collect()
}

/// Whether a property is declared `nullable`, as lowering reads it: on an inline schema
/// (OpenAPI 3.0 ignores keywords beside a `$ref`).
fn nullable(schema: &Option<Found<'_, Schema>>) -> bool {
    schema.as_ref().is_some_and(|s| s.name.is_none() && s.item.schema_data.nullable)
}

/// How a message names the schema at `at`.
fn subject(at: At<'_>) -> String {
    match (at.place, at.label.is_empty()) {
        (Place::Parameter, _) => format!("parameter `{}`", at.label),
        (Place::Request, true) => "the request body".into(),
        (Place::Response, true) => "the response body".into(),
        (_, false) => format!("`{}`", at.label),
    }
}

fn join(label: &str, name: &str) -> String {
    match (label.is_empty(), name.starts_with(['[', '{', '<'])) {
        (true, _) => name.to_string(),
        (false, true) => format!("{label}{name}"),
        (false, false) => format!("{label}.{name}"),
    }
}

/// One property of an object schema: where it is declared, and its schema if it resolves.
#[derive(Debug)]
struct Property<'a> {
    name: &'a str,
    at: String,
    schema: Option<Found<'a, Schema>>,
}

/// A schema flattened for comparison: `allOf` merged, references one level down resolved.
#[derive(Debug, Default)]
struct View<'a> {
    kind: &'static str,
    format: Option<String>,
    /// Each allowed value as JSON text, in the document's order.
    enumeration: Vec<String>,
    properties: Vec<Property<'a>>,
    required: BTreeSet<&'a str>,
    items: Option<Found<'a, Schema>>,
    /// `additionalProperties` with a schema: the values of a map.
    values: Option<Found<'a, Schema>>,
    /// `oneOf` or `anyOf` members.
    variants: Vec<Found<'a, Schema>>,
}

impl View<'_> {
    /// What must be equal for the generated type to keep its shape: the kind, whether it
    /// is an enum, and how many variants a union has.
    fn shape(&self) -> (&'static str, bool, usize) {
        (self.kind, !self.enumeration.is_empty(), self.variants.len())
    }

    fn describe(&self) -> String {
        let mut s = match self.kind {
            "oneOf" | "anyOf" => format!("{} of {}", self.kind, self.variants.len()),
            kind => kind.to_string(),
        };
        if let Some(f) = &self.format {
            s = format!("{s} ({f})");
        }
        if !self.enumeration.is_empty() {
            s = format!("{s} enum");
        }
        s
    }
}

/// How deep `allOf` members are merged.
const MAX_ALL_OF_DEPTH: usize = 16;

fn view<'a>(doc: &'a OpenAPI, schema: &'a Schema, pointer: &str, depth: usize) -> View<'a> {
    let mut v = View { kind: "any", ..View::default() };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            v.kind = "string";
            v.format = format_name(&t.format);
            v.enumeration = t.enumeration.iter().map(json).collect();
        }
        SchemaKind::Type(Type::Number(t)) => {
            v.kind = "number";
            v.format = format_name(&t.format);
            v.enumeration = t.enumeration.iter().map(json).collect();
        }
        SchemaKind::Type(Type::Integer(t)) => {
            v.kind = "integer";
            v.format = format_name(&t.format);
            v.enumeration = t.enumeration.iter().map(json).collect();
        }
        SchemaKind::Type(Type::Boolean(t)) => {
            v.kind = "boolean";
            v.enumeration = t.enumeration.iter().map(json).collect();
        }
        SchemaKind::Type(Type::Object(t)) => {
            v.kind = "object";
            add_properties(doc, &mut v, t.properties.iter(), &t.required, pointer);
            add_values(doc, &mut v, t.additional_properties.as_ref(), pointer);
        }
        SchemaKind::Type(Type::Array(t)) => {
            v.kind = "array";
            v.items = t.items.as_ref().and_then(|i| resolve::schema(doc, i, push_pointer(pointer, "items")));
        }
        SchemaKind::OneOf { one_of } => {
            v.kind = "oneOf";
            v.variants = variants(doc, one_of, pointer, "oneOf");
        }
        SchemaKind::AnyOf { any_of } => {
            v.kind = "anyOf";
            v.variants = variants(doc, any_of, pointer, "anyOf");
        }
        SchemaKind::AllOf { all_of } => merge_all_of(doc, &mut v, all_of, pointer, depth),
        SchemaKind::Not { .. } => v.kind = "not",
        SchemaKind::Any(a) => {
            v.kind = match a.typ.as_deref() {
                Some("string") => "string",
                Some("number") => "number",
                Some("integer") => "integer",
                Some("boolean") => "boolean",
                Some("array") => "array",
                Some("object") => "object",
                _ if !a.properties.is_empty() || a.additional_properties.is_some() => "object",
                _ if a.items.is_some() => "array",
                _ if !a.one_of.is_empty() => "oneOf",
                _ if !a.any_of.is_empty() => "anyOf",
                _ => "any",
            };
            v.format = a.format.clone();
            v.enumeration = a.enumeration.iter().map(json).collect();
            add_properties(doc, &mut v, a.properties.iter(), &a.required, pointer);
            add_values(doc, &mut v, a.additional_properties.as_ref(), pointer);
            v.items = a.items.as_ref().and_then(|i| resolve::schema(doc, i, push_pointer(pointer, "items")));
            if !a.one_of.is_empty() {
                v.variants = variants(doc, &a.one_of, pointer, "oneOf");
            } else if !a.any_of.is_empty() {
                v.variants = variants(doc, &a.any_of, pointer, "anyOf");
            }
            merge_all_of(doc, &mut v, &a.all_of, pointer, depth);
        }
    }
    v
}

/// Merges `allOf` members into one object view, the way lowering flattens them into one
/// struct: properties in order (a later member's declaration wins), required sets united.
fn merge_all_of<'a>(
    doc: &'a OpenAPI,
    v: &mut View<'a>,
    all_of: &'a [openapiv3::ReferenceOr<Schema>],
    pointer: &str,
    depth: usize,
) {
    if all_of.is_empty() || depth >= MAX_ALL_OF_DEPTH {
        return;
    }
    let all_of_at = push_pointer(pointer, "allOf");
    for (i, member) in all_of.iter().enumerate() {
        let Some(found) = resolve::schema(doc, member, push_pointer(&all_of_at, &i.to_string())) else { continue };
        let part = view(doc, found.item, &found.pointer, depth + 1);
        if v.kind == "any" {
            v.kind = part.kind;
        }
        if part.kind == "object" {
            v.kind = "object";
        }
        v.format = v.format.take().or(part.format);
        if v.enumeration.is_empty() {
            v.enumeration = part.enumeration;
        }
        for prop in part.properties {
            v.properties.retain(|p| p.name != prop.name);
            v.properties.push(prop);
        }
        v.required.extend(part.required);
        v.items = v.items.take().or(part.items);
        v.values = v.values.take().or(part.values);
        if v.variants.is_empty() {
            v.variants = part.variants;
        }
    }
}

fn add_properties<'a>(
    doc: &'a OpenAPI,
    v: &mut View<'a>,
    properties: impl Iterator<Item = (&'a String, &'a openapiv3::ReferenceOr<Box<Schema>>)>,
    required: &'a [String],
    pointer: &str,
) {
    let at = push_pointer(pointer, "properties");
    for (name, schema) in properties {
        let prop_at = push_pointer(&at, name);
        let schema = resolve::schema(doc, schema, prop_at.clone());
        v.properties.retain(|p| p.name != name.as_str());
        v.properties.push(Property { name, at: prop_at, schema });
    }
    v.required.extend(required.iter().map(String::as_str));
}

fn add_values<'a>(doc: &'a OpenAPI, v: &mut View<'a>, additional: Option<&'a AdditionalProperties>, pointer: &str) {
    if let Some(AdditionalProperties::Schema(s)) = additional {
        v.values = resolve::schema(doc, s.as_ref(), push_pointer(pointer, "additionalProperties"));
    }
}

fn variants<'a>(
    doc: &'a OpenAPI,
    members: &'a [openapiv3::ReferenceOr<Schema>],
    pointer: &str,
    keyword: &str,
) -> Vec<Found<'a, Schema>> {
    let at = push_pointer(pointer, keyword);
    members.iter().enumerate().filter_map(|(i, m)| resolve::schema(doc, m, push_pointer(&at, &i.to_string()))).collect()
}

fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_string)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
