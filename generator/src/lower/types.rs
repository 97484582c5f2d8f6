//! Candidate types into the arena of named types: deduplication keys, final names (the
//! rules are in ARCHITECTURE.md, "Naming"), variant names, documentation, which fields
//! need a `Box`, and the arena's order.

use std::collections::{BTreeMap, BTreeSet};

use super::{Candidate, Lowerer, PendingExample, PendingOp};
use crate::ir::{self, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// What makes two schemas the same type: their shape and title, not their documentation.
pub(super) fn structural_key(kind: &TypeKind, title: Option<&str>) -> String {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                f.doc = None;
            }
        }
        // A `oneOf` and an `anyOf` of the same variants stay one type, so no type is
        // renamed for it; `intern` keeps `one_of` only where every schema merged says it.
        TypeKind::Union(u) => u.one_of = false,
        _ => {}
    }
    format!("{title:?}|{kind:?}")
}

impl Lowerer<'_> {
    /// `t` with every alias replaced by what it names (once component bodies are lowered).
    pub(super) fn resolve_aliases(&self, t: &TypeRef) -> TypeRef {
        self.resolve_aliases_within(t, self.candidates.len())
    }

    fn resolve_aliases_within(&self, t: &TypeRef, budget: usize) -> TypeRef {
        match t {
            TypeRef::Array(inner) => TypeRef::Array(Box::new(self.resolve_aliases_within(inner, budget))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(self.resolve_aliases_within(inner, budget))),
            // The budget stops a cycle of aliases, which `alias_cycles` reports.
            TypeRef::Named(id) if budget > 0 => match &self.candidates[id.index()].kind {
                TypeKind::Alias(target) => self.resolve_aliases_within(target, budget - 1),
                _ => t.clone(),
            },
            _ => t.clone(),
        }
    }

    /// Reports component schemas that are aliases reaching themselves through other
    /// aliases (`A = B`, `B = [A]`): no type stands behind them, and Rust refuses them.
    pub(super) fn alias_cycles(&mut self) {
        for start in 0..self.candidates.len() {
            let TypeKind::Alias(target) = &self.candidates[start].kind else { continue };
            // Depth-first through aliases only; `path` is the chain of aliases to the
            // type use being looked at.
            let mut path = vec![start];
            let mut stack = vec![(target.clone(), 1)];
            let mut seen = BTreeSet::new();
            while let Some((t, depth)) = stack.pop() {
                path.truncate(depth);
                match t {
                    TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push((*inner, depth)),
                    TypeRef::Named(id) if id.index() == start => {
                        self.report_alias_cycle(&path);
                        break;
                    }
                    TypeRef::Named(id) if seen.insert(id) => {
                        if let TypeKind::Alias(next) = &self.candidates[id.index()].kind {
                            path.push(id.index());
                            stack.push((next.clone(), depth + 1));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Reports the alias at `path[0]`, which `path` leads back to.
    fn report_alias_cycle(&mut self, path: &[usize]) {
        let start = &self.candidates[path[0]];
        let names: Vec<String> =
            path.iter().filter_map(|i| self.candidates[*i].component.as_ref()).map(|n| format!("`{n}`")).collect();
        let message = format!(
            "the component schema `{}` refers to itself only through aliases ({}), so no type stands behind it",
            start.component.as_deref().unwrap_or_default(),
            names.join(" → ")
        );
        let pointer = start.pointer.clone();
        self.error(&pointer, message, Some("give the recursion a type: an object with a property of it"));
    }

    /// Chooses every type's final name (see the module docs of `lower`), and returns the
    /// arena in name order, with the ids in `ops` and `examples` rewritten to match.
    pub(super) fn name_types(&mut self, ops: &mut [PendingOp], examples: &mut [PendingExample]) -> Vec<ir::TypeDef> {
        let names = self.choose_names(ops);
        let mut types: Vec<ir::TypeDef> = self
            .candidates
            .iter()
            .zip(&names)
            .map(|(c, name)| {
                let mut kind = c.kind.clone();
                name_variants(&mut kind, name, &names);
                ir::TypeDef { name: name.clone(), doc: type_doc(c, &kind), kind, checked: false, object_only: false }
            })
            .collect();
        self.order_unions(&mut types);
        decide_boxing(&mut types);
        // Name order: the arena is printed in order, and alphabetical reads best.
        let mut order: Vec<usize> = (0..types.len()).collect();
        order.sort_by(|a, b| types[*a].name.cmp(&types[*b].name));
        let mut new_id = vec![TypeId(0); types.len()];
        for (new, old) in order.iter().enumerate() {
            new_id[*old] = TypeId(u32::try_from(new).unwrap_or(u32::MAX));
        }
        let mut slots: Vec<Option<ir::TypeDef>> = types.into_iter().map(Some).collect();
        let mut arena: Vec<ir::TypeDef> = order.iter().filter_map(|old| slots[*old].take()).collect();
        let mut renumber = |t: &mut TypeRef| renumber(t, &new_id);
        for t in &mut arena {
            visit_kind(&mut t.kind, &mut renumber);
        }
        for op in ops.iter_mut() {
            visit_operation(&mut op.op, &mut renumber);
        }
        for e in examples.iter_mut() {
            renumber(&mut e.3);
        }
        arena
    }

    /// Orders each untagged union's variants so that reading tries the most specific
    /// first (objects with more required properties, enums, then scalars, strings, maps
    /// and any value last), and warns where two object variants require the same
    /// properties: a value of one reads as whichever comes first.
    fn order_unions(&mut self, types: &mut [ir::TypeDef]) {
        let mut warnings = Vec::new();
        for i in 0..types.len() {
            let TypeKind::Union(u) = &types[i].kind else { continue };
            if u.tag.is_some() {
                continue;
            }
            let mut variants = u.variants.clone();
            variants.sort_by_key(|v| specificity(types, &v.ty));
            // Object variants grouped by the properties they require; a group of two or
            // more is one warning.
            let mut groups: BTreeMap<Vec<&str>, Vec<String>> = BTreeMap::new();
            for v in &variants {
                if let Some(required) = required_of(types, &v.ty) {
                    groups.entry(required).or_default().push(format!("`{}`", v.name));
                }
            }
            for same in groups.into_values().filter(|g| g.len() > 1) {
                warnings.push((i, same, u.one_of));
            }
            if let TypeKind::Union(u) = &mut types[i].kind {
                u.variants = variants;
            }
        }
        for (i, same, one_of) in warnings {
            let pointer = self.candidates[i].pointer.clone();
            let first = same[0].clone();
            // A `oneOf` holds a value valid under exactly one variant: a server reading a
            // request refuses one that more than one variant reads (`ir::Union::one_of`).
            let refused =
                if one_of { " (a server refuses it in a request when both read it, as `oneOf` says)" } else { "" };
            self.warn(
                &pointer,
                format!(
                    "the variants {} of `{}` require the same properties, so a value cannot say which it \
                     is; it is read as {first}{refused}",
                    same.join(" and "),
                    types[i].name
                ),
            );
        }
    }

    fn choose_names(&mut self, ops: &mut [PendingOp]) -> Vec<String> {
        let mut ns = Namespace::default();
        let mut names = vec![String::new(); self.candidates.len()];
        // 1. Component schemas keep their names.
        for (i, c) in self.candidates.iter().enumerate() {
            if let Some(name) = &c.component {
                names[i] = ns.claim(&naming::type_name(name));
            }
        }
        // 2. Per-operation types are reserved next, so that inline schemas yield to them.
        //    A component schema that already has the name keeps it (it is the spec's own
        //    word); the operation's type becomes `{Op}OperationRequest` instead.
        //    Specs that name a schema for every operation's body (plaid's
        //    `ItemGetRequest`) would get hundreds of these, so it is one warning.
        let mut renamed: Vec<(String, String)> = Vec::new();
        for op in ops.iter_mut() {
            let prefix = op.op.type_prefix.clone();
            for (slot, suffix) in [(&mut op.op.response_type, "Response"), (&mut op.op.request_type, "Request")] {
                if ns.is_taken(slot) {
                    let new = ns.claim(&format!("{prefix}Operation{suffix}"));
                    renamed.push((std::mem::replace(slot, new.clone()), new));
                } else {
                    ns.claim(slot);
                }
            }
            for r in &op.op.responses {
                for name in r.headers_type.iter().chain(r.media.as_ref().map(|m| &m.name)) {
                    ns.claim(name);
                }
            }
        }
        if let Some((first, _)) = renamed.first() {
            let at = names.iter().position(|n| n == first).map(|i| self.candidates[i].pointer.clone());
            let listed: Vec<String> =
                renamed.iter().take(3).map(|(schema, op)| format!("`{op}` (beside the schema `{schema}`)")).collect();
            let more = if renamed.len() > 3 { format!(" and {} more", renamed.len() - 3) } else { String::new() };
            let message = format!(
                "component schemas have the names of operations' request or response types, so those are named \
                 `{{Op}}OperationRequest`/`{{Op}}OperationResponse`: {}{more}",
                listed.join(", ")
            );
            self.warn(&at.unwrap_or_default(), message);
        }
        // 3. Everything else, by the rules in the module docs.
        let anonymous: Vec<usize> =
            (0..self.candidates.len()).filter(|i| self.candidates[*i].component.is_none()).collect();
        let mut titles: BTreeMap<String, usize> = BTreeMap::new();
        for &i in &anonymous {
            if let Some(t) = &self.candidates[i].title {
                *titles.entry(naming::type_name(t)).or_default() += 1;
            }
        }
        let wanted: Vec<(String, String)> = anonymous
            .iter()
            .map(|&i| {
                let c = &self.candidates[i];
                match &c.title {
                    Some(t) if titles[&naming::type_name(t)] > 1 => {
                        let q = format!("{}{}", c.op_prefix, naming::type_name(t));
                        (q.clone(), q)
                    }
                    Some(t) => (naming::type_name(t), format!("{}{}", c.op_prefix, naming::type_name(t))),
                    None => match structural_name(&c.kind) {
                        Some(s) => (s.clone(), s),
                        None => (c.hint.preferred.clone(), c.hint.qualified.clone()),
                    },
                }
            })
            .collect();
        let mut wanted_count: BTreeMap<&str, usize> = BTreeMap::new();
        for (preferred, _) in &wanted {
            *wanted_count.entry(preferred.as_str()).or_default() += 1;
        }
        for (&i, (preferred, qualified)) in anonymous.iter().zip(&wanted) {
            let name =
                if wanted_count[preferred.as_str()] > 1 || ns.is_taken(preferred) { qualified } else { preferred };
            names[i] = ns.claim(name);
        }
        // Say so wherever one title or name stood for different shapes.
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (&i, (preferred, _)) in anonymous.iter().zip(&wanted) {
            let c = &self.candidates[i];
            let key = c.title.as_deref().map_or_else(|| preferred.clone(), naming::type_name);
            groups.entry(key).or_default().push(i);
        }
        for (key, ids) in groups {
            if ids.len() < 2 {
                continue;
            }
            let first = &self.candidates[ids[0]];
            let what = if first.title.is_some() { "title" } else { "name" };
            // A spec can repeat one name hundreds of times (Microsoft Graph's `$select` items,
            // 987 of them): a line naming all is unreadable, and each type's doc names its place.
            let listed: Vec<String> = ids
                .iter()
                .take(SHARED_NAMES_LISTED)
                .map(|i| format!("`{}` ({})", names[*i], self.candidates[*i].hint.context))
                .collect();
            let rest = match ids.len().saturating_sub(SHARED_NAMES_LISTED) {
                0 => String::new(),
                n => format!(", and {n} more named likewise after their places"),
            };
            let pointer = first.pointer.clone();
            self.warn(
                &pointer,
                format!(
                    "{} different schemas share the {what} `{key}`; named {}{rest}",
                    ids.len(),
                    listed.join(" and ")
                ),
            );
        }
        names
    }
}

/// How many of the types that share one name a warning lists by name.
const SHARED_NAMES_LISTED: usize = 4;

/// Calls `f` on every type use directly inside a type's body.
fn visit_kind(kind: &mut TypeKind, f: &mut impl FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                f(&mut field.ty);
            }
            if let Some(a) = &mut s.additional {
                f(&mut a.ty);
            }
            for flat in &mut s.flattened {
                f(&mut flat.ty);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                f(&mut v.ty);
            }
            if let Some(tag) = &mut u.tag {
                for (_, id) in &mut tag.mapping {
                    let mut t = TypeRef::Named(*id);
                    f(&mut t);
                    if let TypeRef::Named(new) = t {
                        *id = new;
                    }
                }
            }
        }
        TypeKind::Alias(t) => f(t),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
    }
}

/// Calls `f` on every type use in an operation.
fn visit_operation(op: &mut ir::Operation, f: &mut impl FnMut(&mut TypeRef)) {
    for p in &mut op.params {
        f(&mut p.ty);
        f(&mut p.resolved_ty);
    }
    for b in op.body.iter_mut().flat_map(|b| &mut b.bodies) {
        f(&mut b.ty);
    }
    for r in &mut op.responses {
        for b in &mut r.bodies {
            f(&mut b.ty);
        }
        for h in &mut r.headers {
            f(&mut h.ty);
        }
    }
    if let Some(p) = &mut op.pagination {
        f(&mut p.item);
    }
}

fn renumber(t: &mut TypeRef, new_id: &[TypeId]) {
    match t {
        TypeRef::Named(id) => *id = new_id[id.index()],
        TypeRef::Array(inner) | TypeRef::Map(inner) => renumber(inner, new_id),
        _ => {}
    }
}

/// Boxes every field and union variant whose type contains its owner again without a
/// `Vec` or map in between, which would make the owner infinitely large.
fn decide_boxing(types: &mut [ir::TypeDef]) {
    let mut decisions = Vec::new();
    for (owner, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct(s) => {
                for (i, f) in s.fields.iter().enumerate() {
                    decisions.push((owner, i, contains_directly(types, &f.ty, owner)));
                }
                // Flattened unions are numbered after the fields.
                for (i, f) in s.flattened.iter().enumerate() {
                    decisions.push((owner, s.fields.len() + i, contains_directly(types, &f.ty, owner)));
                }
            }
            TypeKind::Union(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    decisions.push((owner, i, contains_directly(types, &v.ty, owner)));
                }
            }
            TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
    for (owner, i, boxed) in decisions {
        match &mut types[owner].kind {
            TypeKind::Struct(s) if i < s.fields.len() => s.fields[i].boxed = boxed,
            TypeKind::Struct(s) => {
                let at = i - s.fields.len();
                s.flattened[at].boxed = boxed;
            }
            TypeKind::Union(u) => u.variants[i].boxed = boxed,
            TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
}

/// Whether a value of type `t` holds a value of type `owner` inline (not behind a `Vec`
/// or map), directly or through other types.
fn contains_directly(types: &[ir::TypeDef], t: &TypeRef, owner: usize) -> bool {
    let TypeRef::Named(start) = t else { return false };
    let mut stack = vec![start.index()];
    let mut seen = BTreeSet::new();
    while let Some(at) = stack.pop() {
        if at == owner {
            return true;
        }
        if !seen.insert(at) {
            continue;
        }
        let mut direct = |t: &TypeRef| {
            if let TypeRef::Named(id) = t {
                stack.push(id.index());
            }
        };
        match &types[at].kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| direct(&f.ty));
                s.flattened.iter().for_each(|f| direct(&f.ty));
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| direct(&v.ty)),
            TypeKind::Alias(t) => direct(t),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
    false
}

/// How specific a variant is: lower sorts first. Objects requiring more properties come
/// before those requiring fewer; a plain string, a map or any value would accept what
/// others are meant for, so they come last.
fn specificity(types: &[ir::TypeDef], t: &TypeRef) -> (u8, i64) {
    match t {
        TypeRef::Named(id) => match &types[id.index()].kind {
            TypeKind::Struct(s) => {
                let required = s.fields.iter().filter(|f| f.required).count();
                (0, -i64::try_from(required * 1000 + s.fields.len()).unwrap_or(i64::MAX))
            }
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) | TypeKind::Union(_) => (1, 0),
            TypeKind::Alias(inner) => specificity(types, inner),
        },
        TypeRef::ErrorMessage | TypeRef::File => (0, 0),
        TypeRef::Integer { .. }
        | TypeRef::Boolean
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Format(_)
        | TypeRef::Array(_) => (2, 0),
        TypeRef::Number { .. } => (3, 0),
        TypeRef::String => (4, 0),
        TypeRef::Map(_) => (5, 0),
        TypeRef::Any => (6, 0),
    }
}

/// The required property names of an object variant.
fn required_of<'t>(types: &'t [ir::TypeDef], t: &TypeRef) -> Option<Vec<&'t str>> {
    let TypeRef::Named(id) = t else { return None };
    let TypeKind::Struct(s) = &types[id.index()].kind else { return None };
    if !s.flattened.is_empty() {
        return None;
    }
    let mut names: Vec<&str> = s.fields.iter().filter(|f| f.required).map(|f| f.wire_name.as_str()).collect();
    names.sort_unstable();
    Some(names)
}

/// A name that follows from the shape alone: unions of scalars are named by their members
/// (`IntegerOrString`), whatever parameter or property they were found on.
fn structural_name(kind: &TypeKind) -> Option<String> {
    let TypeKind::Union(u) = kind else { return None };
    let parts: Option<Vec<&str>> = u
        .variants
        .iter()
        .map(|v| match v.ty {
            TypeRef::String => Some("String"),
            TypeRef::Integer { .. } => Some("Integer"),
            TypeRef::Number { .. } => Some("Number"),
            TypeRef::Boolean => Some("Boolean"),
            TypeRef::Date => Some("Date"),
            TypeRef::DateTime => Some("DateTime"),
            TypeRef::Format(f) => Some(format_name(f)),
            _ => None,
        })
        .collect();
    parts.map(|p| p.join("Or"))
}

fn name_variants(kind: &mut TypeKind, own: &str, names: &[String]) {
    match kind {
        TypeKind::StringEnum(e) => {
            let mut ns = Namespace::default();
            for v in &mut e.variants {
                // The name lowering found for it (`x-ms-enum`'s), else its value's.
                let given = if v.name.is_empty() { &v.value } else { &v.name };
                v.name = ns.claim(&naming::variant_name(given));
            }
            if let Some(other) = &mut e.other {
                *other = ns.claim("Other");
            }
        }
        TypeKind::IntegerEnum(e) => {
            let mut ns = Namespace::default();
            for v in &mut e.variants {
                let raw = if !v.name.is_empty() {
                    v.name.clone()
                } else if v.value < 0 {
                    format!("Minus{}", v.value.unsigned_abs())
                } else {
                    v.value.to_string()
                };
                v.name = ns.claim(&naming::variant_name(&raw));
            }
            if let Some(other) = &mut e.other {
                *other = ns.claim("Other");
            }
        }
        TypeKind::Union(u) => {
            let mut ns = Namespace::default();
            for v in &mut u.variants {
                // `PetEventAnyOf(PetEventAnyOfVariant0)` reads as `Variant0`: a variant
                // repeating its enum's name is noise (and clippy's `enum_variant_names`).
                let full = variant_for(&v.ty, names);
                let short = full.strip_prefix(own).filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
                v.name = ns.claim(short.unwrap_or(&full));
            }
        }
        TypeKind::Struct(_) | TypeKind::Alias(_) => {}
    }
}

/// How a union's variant of a text format is named.
fn format_name(f: ir::TextFormat) -> &'static str {
    match f {
        ir::TextFormat::Byte => "Base64",
        ir::TextFormat::Duration => "Duration",
        ir::TextFormat::DateTimeRfc1123 => "Rfc1123",
    }
}

fn variant_for(t: &TypeRef, names: &[String]) -> String {
    match t {
        TypeRef::String => "String".into(),
        TypeRef::Integer { .. } => "Integer".into(),
        TypeRef::Number { .. } => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Format(f) => format_name(*f).into(),
        TypeRef::Any => "Value".into(),
        TypeRef::ErrorMessage => "ErrorMessage".into(),
        TypeRef::File => "File".into(),
        TypeRef::Array(inner) => format!("{}List", variant_for(inner, names)),
        TypeRef::Map(inner) => format!("{}Map", variant_for(inner, names)),
        TypeRef::Named(id) => names[id.index()].clone(),
    }
}

fn type_doc(c: &Candidate, kind: &TypeKind) -> Option<String> {
    let mut doc = c.doc.clone();
    if doc.is_none() && c.component.is_none() && !matches!(kind, TypeKind::Union(_)) {
        doc = Some(match &c.title {
            Some(t) => format!("`{t}`: {}.", c.hint.context),
            None => format!("The schema of {}.", c.hint.context),
        });
    }
    if let TypeKind::Union(u) = kind {
        let members: Vec<String> = u.variants.iter().map(|v| format!("`{}`", v.name)).collect();
        let mut text = doc.map(|d| format!("{d}\n\n")).unwrap_or_default();
        text.push_str(&format!("One of {}.", members.join(", ")));
        if structural_name(kind).is_some() {
            text.push_str(
                " As text (in a path or a query) it is the first of these that the text is the \
                 canonical form of, and otherwise a string.",
            );
        }
        let described: BTreeSet<String> =
            c.uses.iter().filter_map(|(name, d)| d.as_ref().map(|d| format!("- `{name}`: {d}"))).collect();
        if !described.is_empty() {
            text.push_str("\n\nUsed for:\n");
            text.push_str(&described.into_iter().collect::<Vec<_>>().join("\n"));
        }
        doc = Some(text);
    }
    doc
}
