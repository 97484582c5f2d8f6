//! Composition: `allOf` over anything, and properties beside `oneOf`/`anyOf`/`allOf` in
//! one schema. The parts are gathered into one object (properties merged, `required`
//! joined, `$ref` members and nested `allOf` followed) plus the unions the value must
//! match too, which become `#[serde(flatten)]` fields. A part that is neither (a string,
//! an array) stands alone; one that contradicts another part is a located error naming
//! both.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::refs::component_name;
use super::shapes::{Lowered, UnionPart};
use super::{Ctx, Lowerer};
use crate::diagnostics::push_pointer;
use crate::ir::{self, TypeKind, TypeRef};
use crate::naming::Namespace;

/// How deep `allOf` may nest through references before we call it a cycle.
const MAX_COMPOSE_DEPTH: usize = 64;

/// A part that is neither an object nor a union.
enum Other<'s> {
    Inline(&'s Schema),
    Component(&'s str),
}

/// What the parts of one composed schema add up to.
#[derive(Default)]
struct Parts<'s> {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    /// Where the first part with properties is, to name it in a conflict.
    object_at: Option<String>,
    unions: Vec<UnionPart<'s>>,
    /// The first part that is a scalar or an array: where, what kind, the schema.
    other: Option<(String, &'static str, Other<'s>)>,
    /// Component schemas followed so far, so a cycle of `allOf`s ends.
    followed: Vec<&'s str>,
    /// Every component schema whose properties were merged in.
    merged: Vec<&'s str>,
    /// Whether a part says `type: object`: without one, parts of `properties` alone
    /// hold every value that is not an object too, as one such schema does.
    typed_object: bool,
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema that composes others (`allOf`, or properties beside a union).
    pub(super) fn composed<'s>(&mut self, schema: &'s Schema, ctx: &Ctx<'_>) -> Lowered
    where
        'a: 's,
    {
        let mut parts = Parts::default();
        if !self.gather(schema, &ctx.pointer, &mut parts, 0) {
            return Lowered::Ref(TypeRef::Any);
        }
        // Merging a component's properties inline, inside a property of that same
        // component, would unfold it without end (and did, exponentially, on AWS's
        // recursive shapes): the inner one is typed as any JSON value instead, so the
        // work is bounded by the spec's size.
        if let Some(again) = parts.merged.iter().find(|n| self.inlining.iter().any(|i| i == *n)) {
            self.warn(
                &ctx.pointer,
                format!(
                    "`allOf` merges `{again}` into a schema inside `{again}` itself, which would unfold without \
                     end; typed as any JSON value"
                ),
            );
            return Lowered::Ref(TypeRef::Any);
        }
        let depth = self.inlining.len();
        self.inlining.extend(parts.merged.iter().map(|n| (*n).to_string()));
        let lowered = self.merge_parts(parts, ctx);
        self.inlining.truncate(depth);
        lowered
    }

    /// Lowers what the parts of a composed schema add up to.
    fn merge_parts(&mut self, mut parts: Parts<'_>, ctx: &Ctx<'_>) -> Lowered {
        if let (Some(object_at), Some((other_at, what, _))) = (&parts.object_at, &parts.other) {
            if parts.unions.is_empty() {
                self.error(
                    &ctx.pointer,
                    format!(
                        "`allOf` members cannot merge: `{object_at}` is an object with properties, \
                         `{other_at}` is {what}"
                    ),
                    Some("make every member an object, or every member the same scalar type"),
                );
                return Lowered::Ref(TypeRef::Any);
            }
        }
        let has_object = parts.object_at.is_some() || parts.additional.is_some();
        match (has_object, parts.unions.len(), parts.other.take()) {
            (false, 0, Some((_, _, other))) => match other {
                Other::Inline(s) => self.schema_kind(s, ctx),
                Other::Component(reference) => Lowered::Ref(self.reference(reference, ctx)),
            },
            (false, 0, None) => Lowered::Ref(TypeRef::Any),
            (false, 1, _) => {
                let u = parts.unions.remove(0);
                self.union(&u, ctx)
            }
            _ => {
                let mut kind = match self.object(&parts.properties, &parts.required, parts.additional.as_ref(), ctx) {
                    Ok(kind) => kind,
                    // No properties: the unions are the object, beside a map of the rest
                    // when `additionalProperties` says so.
                    Err(t) => {
                        let additional = match t {
                            TypeRef::Map(ty) if parts.additional.is_some() => {
                                Some(ir::Additional { name: "additional_properties".into(), ty: *ty })
                            }
                            _ => None,
                        };
                        TypeKind::Struct(ir::Struct {
                            fields: Vec::new(),
                            additional,
                            flattened: Vec::new(),
                            present_any: Vec::new(),
                            closed: false,
                        })
                    }
                };
                let TypeKind::Struct(s) = &mut kind else { return Lowered::Kind(kind) };
                let mut names = Namespace::default();
                for f in &s.fields {
                    names.claim(&f.name);
                }
                if let Some(a) = &s.additional {
                    names.claim(&a.name);
                }
                for u in &parts.unions {
                    let preferred =
                        format!("{}{}", ctx.hint.preferred, if u.key == "oneOf" { "OneOf" } else { "AnyOf" });
                    let mut c = ctx.child(u.key, preferred, format!("the union of {}", ctx.hint.context));
                    c.pointer = u.pointer.clone();
                    let ty = match self.union(u, &c) {
                        Lowered::Ref(t) => t,
                        Lowered::Kind(k) => self.intern(k, None, None, &c),
                    };
                    match &ty {
                        // Variants that only list `required` names (`anyOf: [{required:
                        // [a]}, {required: [b]}]`) narrow what is valid and add no shape:
                        // an `anyOf` of them is checked when its names are fields.
                        TypeRef::Any => {
                            if let Some(lists) = self.required_lists(u).filter(|_| u.key == "anyOf") {
                                let fields = |n: &String| s.fields.iter().any(|f| &f.wire_name == n);
                                if s.present_any.is_empty() && lists.iter().flatten().all(fields) {
                                    s.present_any = lists;
                                }
                            }
                            continue;
                        }
                        TypeRef::Named(_) => {}
                        _ => {
                            let message = format!(
                                "a `{}` of values that are not objects cannot sit beside properties; ignored",
                                u.key
                            );
                            self.warn(&u.pointer, message);
                            continue;
                        }
                    }
                    let name = names.claim(if u.key == "oneOf" { "one_of" } else { "any_of" });
                    s.flattened.push(ir::Flattened { name, ty, boxed: false });
                }
                // A property only `required` (no part declares it) may be one a union
                // declares: a field of the struct would take it from the union, which
                // then could not read it, so the union alone is left to require it.
                if !s.flattened.is_empty() {
                    s.fields.retain(|f| parts.properties.contains_key(&f.wire_name));
                }
                // serde hands a flattened union and a flattened map the same leftover
                // properties, so the map would hold the union's too, and write them twice.
                if !s.flattened.is_empty() && s.additional.take().is_some() {
                    self.warn(
                        &ctx.pointer,
                        "`additionalProperties` beside a union is not kept: the union's properties cannot be told \
                         from the extra ones",
                    );
                }
                // Parts of `properties` alone, none saying `type: object`, hold every value
                // that is not an object as well (JSON Schema's `properties` and `required`
                // apply to objects only), as one such schema does: Zoom's
                // `dashboardIssueZoomRoom` answers `null` for an `allOf` of two of them.
                if !parts.typed_object && parts.unions.is_empty() {
                    return self.object_or_value(kind, ctx);
                }
                Lowered::Kind(kind)
            }
        }
    }

    /// `properties` without `type`: JSON Schema applies `properties` and `required` to
    /// objects only, so any other value is valid too (schemathesis sends `null`, `false`
    /// and strings to Plaid's, Linode's and LaunchDarkly's). The struct `object` keeps the
    /// properties and reads every object (its `required` still refused when missing); the
    /// schema is the union of it and any other JSON value, the `Value` variant, which
    /// reads only what is not an object (`ir::Union::objects_first`).
    pub(super) fn object_or_value(&mut self, object: TypeKind, ctx: &Ctx<'_>) -> Lowered {
        let preferred = format!("{}Object", ctx.hint.preferred);
        let mut c = ctx.child("properties", preferred, format!("an object of {}", ctx.hint.context));
        c.pointer = ctx.pointer.clone();
        // Not a warning: nothing is loosened or left out, the schema is read as it says.
        let object = self.intern(object, None, None, &c);
        let variants = [object, TypeRef::Any].map(|ty| ir::UnionVariant {
            name: String::new(),
            ty,
            boxed: false,
            constraints: Default::default(),
        });
        Lowered::Kind(TypeKind::Union(ir::Union {
            tag: None,
            variants: variants.into(),
            objects_first: true,
            one_of: false,
        }))
    }

    /// Adds one part (and the parts it composes) to `parts`. False after an error.
    fn gather<'s>(&mut self, schema: &'s Schema, pointer: &str, parts: &mut Parts<'s>, depth: usize) -> bool
    where
        'a: 's,
    {
        if depth > MAX_COMPOSE_DEPTH {
            self.error(pointer, format!("`allOf` nests deeper than {MAX_COMPOSE_DEPTH} levels"), None);
            return false;
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                parts.typed_object = true;
                add_object(parts, &o.properties, &o.required, o.additional_properties.as_ref());
                if !o.properties.is_empty() {
                    parts.object_at.get_or_insert_with(|| pointer.to_string());
                }
            }
            SchemaKind::AllOf { all_of } => return self.gather_all(all_of, pointer, parts, depth),
            SchemaKind::OneOf { one_of } => parts.unions.push(UnionPart {
                pointer: pointer.to_string(),
                key: "oneOf",
                members: one_of,
                discriminator,
                objects: false,
            }),
            SchemaKind::AnyOf { any_of } => parts.unions.push(UnionPart {
                pointer: pointer.to_string(),
                key: "anyOf",
                members: any_of,
                discriminator,
                objects: false,
            }),
            SchemaKind::Any(a) => {
                let composes = !a.all_of.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty();
                // Object keywords beside another `type` say nothing (see `schemas.rs`).
                let object_keywords = !a.properties.is_empty() || a.additional_properties.is_some();
                if (object_keywords && a.typ.is_none()) || a.typ.as_deref() == Some("object") {
                    parts.typed_object |= a.typ.is_some();
                    add_object(parts, &a.properties, &a.required, a.additional_properties.as_ref());
                    if !a.properties.is_empty() {
                        parts.object_at.get_or_insert_with(|| pointer.to_string());
                    }
                } else if !composes && (a.typ.is_some() || a.items.is_some() || !a.enumeration.is_empty()) {
                    self.other(parts, pointer, typ_words(a.typ.as_deref()), Other::Inline(schema));
                } else {
                    // Required names alone (`required: [a]` beside a `$ref`) still count.
                    parts.required.extend(a.required.iter().cloned());
                }
                let objects = a.typ.as_deref() == Some("object");
                if !a.one_of.is_empty() {
                    let p = push_pointer(pointer, "oneOf");
                    let members = &a.one_of;
                    parts.unions.push(UnionPart { pointer: p, key: "oneOf", members, discriminator, objects });
                }
                if !a.any_of.is_empty() {
                    let p = push_pointer(pointer, "anyOf");
                    let members = &a.any_of;
                    parts.unions.push(UnionPart { pointer: p, key: "anyOf", members, discriminator, objects });
                }
                self.check_not(a, pointer);
                if !a.all_of.is_empty() {
                    return self.gather_all(&a.all_of, &push_pointer(pointer, "allOf"), parts, depth);
                }
            }
            SchemaKind::Not { .. } => self.warn(pointer, "`not` alone is not checked; ignored"),
            SchemaKind::Type(t) => {
                let what = match t {
                    Type::String(_) => "a string",
                    Type::Number(_) => "a number",
                    Type::Integer(_) => "an integer",
                    Type::Boolean(_) => "a boolean",
                    Type::Array(_) => "an array",
                    Type::Object(_) => "an object",
                };
                self.other(parts, pointer, what, Other::Inline(schema));
            }
        }
        true
    }

    /// The members of an `allOf` at `pointer` (which ends in `allOf`, or is the schema
    /// whose `schema_kind` is `AllOf`).
    fn gather_all<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        pointer: &str,
        parts: &mut Parts<'s>,
        depth: usize,
    ) -> bool
    where
        'a: 's,
    {
        let base = if pointer.ends_with("/allOf") { pointer.to_string() } else { push_pointer(pointer, "allOf") };
        for (i, m) in members.iter().enumerate() {
            let at = push_pointer(&base, &i.to_string());
            let ok = match m {
                ReferenceOr::Item(s) => self.gather(s, &at, parts, depth + 1),
                ReferenceOr::Reference { reference } => {
                    let Some(name) = component_name::<Schema>(reference) else {
                        self.error(&at, format!("`{reference}` does not name a schema in `components/schemas`"), None);
                        return false;
                    };
                    if parts.followed.contains(&name) {
                        self.error(&at, format!("`allOf` includes `{reference}`, which includes it again: a schema cannot be part of itself"), None);
                        return false;
                    }
                    let Some(target) = self.lookup(m) else {
                        self.error(&at, format!("`{reference}` does not name a schema in `components/schemas`"), None);
                        return false;
                    };
                    if is_scalar_like(target) {
                        let what = kind_words(target);
                        self.other(parts, &at, what, Other::Component(reference));
                        true
                    } else {
                        parts.followed.push(name);
                        parts.merged.push(name);
                        let ok = self.gather(target, &push_pointer("/components/schemas", name), parts, depth + 1);
                        parts.followed.pop();
                        ok
                    }
                }
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// The `required` lists of a union whose members say nothing else, or `None`.
    fn required_lists(&self, u: &UnionPart<'_>) -> Option<Vec<Vec<String>>> {
        let list = |m: &ReferenceOr<Schema>| match &self.lookup(m)?.schema_kind {
            SchemaKind::Any(a) if a.typ.is_none() && a.properties.is_empty() && !a.required.is_empty() => {
                Some(a.required.clone())
            }
            _ => None,
        };
        u.members.iter().map(list).collect()
    }

    /// Records a part that is a scalar or an array; a second one of another kind is an error.
    fn other<'s>(&mut self, parts: &mut Parts<'s>, pointer: &str, what: &'static str, other: Other<'s>) {
        match &parts.other {
            None => parts.other = Some((pointer.to_string(), what, other)),
            Some((_, first, _)) if *first == what => {}
            Some((first_at, first, _)) => {
                let message = format!("`allOf` members cannot merge: `{first_at}` is {first}, `{pointer}` is {what}");
                self.error(pointer, message, Some("a value cannot be both; use `oneOf` for alternatives"));
            }
        }
    }
}

/// Merges an object part's properties: a later part's property replaces an earlier one
/// (a derived schema narrowing its base), unless the later one says nothing about type.
/// A later object schema that adds properties or `required` to an earlier property is
/// merged with it (`allOf` of both): Linode's firewall body narrows its base's `rules`
/// with `required: [inbound_policy, outbound_policy]` and property schemas without a
/// type, which replacing would have read as an object of optional untyped fields.
fn add_object(
    parts: &mut Parts<'_>,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    additional: Option<&AdditionalProperties>,
) {
    for (name, p) in properties {
        if let (Some(earlier), ReferenceOr::Item(later)) = (parts.properties.get_mut(name), p)
            && adds_to_an_object(later)
        {
            let member = |p: &ReferenceOr<Box<Schema>>| match p {
                ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
                ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
            };
            let all_of = vec![member(earlier), member(p)];
            *earlier = ReferenceOr::Item(Box::new(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::AllOf { all_of },
            }));
            continue;
        }
        let says_nothing = matches!(p, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if a.typ.is_none() && a.properties.is_empty() && a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty() && a.enumeration.is_empty() && a.items.is_none()));
        if says_nothing && parts.properties.contains_key(name) {
            continue;
        }
        parts.properties.insert(name.clone(), p.clone());
    }
    for r in required {
        if !parts.required.contains(r) {
            parts.required.push(r.clone());
        }
    }
    match (additional, &parts.additional) {
        (Some(a @ AdditionalProperties::Schema(_)), _) | (Some(a), None) => parts.additional = Some(a.clone()),
        _ => {}
    }
}

/// Whether a property's schema in a later part is an object schema that adds properties
/// or requirements, without a type other than `object` or values of its own.
fn adds_to_an_object(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty() || !o.required.is_empty(),
        SchemaKind::Any(a) => {
            matches!(a.typ.as_deref(), None | Some("object"))
                && a.enumeration.is_empty()
                && a.items.is_none()
                && (!a.properties.is_empty() || !a.required.is_empty())
        }
        _ => false,
    }
}

/// Whether a component is a scalar or an array, which `allOf` keeps whole.
fn is_scalar_like(s: &Schema) -> bool {
    matches!(
        &s.schema_kind,
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_) | Type::Array(_))
    )
}

fn kind_words(s: &Schema) -> &'static str {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => "a string",
        SchemaKind::Type(Type::Number(_)) => "a number",
        SchemaKind::Type(Type::Integer(_)) => "an integer",
        SchemaKind::Type(Type::Boolean(_)) => "a boolean",
        SchemaKind::Type(Type::Array(_)) => "an array",
        _ => "a value",
    }
}

fn typ_words(typ: Option<&str>) -> &'static str {
    match typ {
        Some("string") => "a string",
        Some("number") => "a number",
        Some("integer") => "an integer",
        Some("boolean") => "a boolean",
        Some("array") => "an array",
        _ => "a value",
    }
}

impl Lowerer<'_> {
    /// A component object with a `discriminator` that other components extend through
    /// `allOf` (`Cat: allOf: [$ref: Pet, …]`) stands for its extensions: where the spec
    /// says `Pet`, a value is a `Cat` or a `Dog`, told apart by the tag. So the base's type
    /// becomes a tagged union of the components that include it; each extension still
    /// merges the base's properties from its schema, so nothing of the base is lost.
    pub(super) fn polymorphic_bases(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(base) = schema else { continue };
            let Some(d) = &base.schema_data.discriminator else { continue };
            if !matches!(&base.schema_kind, SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. }) {
                continue;
            }
            let reference = format!("#/components/schemas/{name}");
            let extensions: Vec<&String> = components
                .schemas
                .iter()
                .filter(|(other, s)| *other != name && includes(s, &reference))
                .map(|(other, _)| other)
                .collect();
            if extensions.is_empty() {
                continue;
            }
            let mut mapping: Vec<(String, ir::TypeId)> = Vec::new();
            for (value, target) in &d.mapping {
                let component = component_name::<Schema>(target).unwrap_or(target);
                if let Some(ext) = extensions.iter().find(|e| e.as_str() == component) {
                    mapping.push((value.clone(), self.components[ext.as_str()]));
                } else {
                    let base = push_pointer("/components/schemas", name);
                    let at = push_pointer(&format!("{base}/discriminator/mapping"), value);
                    if self.components.contains_key(component) {
                        self.warn(
                            &at,
                            format!(
                                "the discriminator maps `{value}` to `{target}`, which does not extend \
                                 `{name}` through `allOf`; the entry is left out"
                            ),
                        );
                        continue;
                    }
                    // A value naming no schema here: taken by its last name among the
                    // extensions, as for a `oneOf`'s mapping, and warned about either way.
                    let named: Vec<(&str, ir::TypeId)> =
                        extensions.iter().map(|e| (e.as_str(), self.components[e.as_str()])).collect();
                    if let Some(id) = self.unresolved_mapping(value, target, &named, &at) {
                        mapping.push((value.clone(), id));
                    }
                }
            }
            let mut variants = Vec::new();
            for ext in &extensions {
                let id = self.components[ext.as_str()];
                // Each extension is named by its schema's name too, mapped or not, unless a
                // mapping takes that value (as for a `oneOf`'s tag, `schemas.rs`).
                if !mapping.iter().any(|(v, _)| v == *ext) {
                    mapping.push(((*ext).clone(), id));
                }
                variants.push(ir::UnionVariant {
                    name: String::new(),
                    ty: TypeRef::Named(id),
                    boxed: false,
                    constraints: Default::default(),
                });
            }
            let tag = ir::Discriminator { property: d.property_name.clone(), mapping };
            let id = self.components[name.as_str()];
            self.candidates[id.index()].kind =
                TypeKind::Union(ir::Union { tag: Some(tag), variants, objects_first: false, one_of: false });
        }
    }
}

/// Whether a component schema's `allOf` includes `reference` directly.
fn includes(schema: &ReferenceOr<Schema>, reference: &str) -> bool {
    let ReferenceOr::Item(s) = schema else { return false };
    let members = match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => return false,
    };
    members.iter().any(|m| matches!(m, ReferenceOr::Reference { reference: r } if r == reference))
}
