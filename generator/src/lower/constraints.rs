//! The validation keywords of a parameter's or property's own schema, which the client
//! checks before sending and the server after reading a body (`ir::Constraints`): only
//! those that the value's Rust type can be checked against, and only patterns that the
//! runtime's regex engine reads.

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerType, NumberType, ReferenceOr, Schema, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowerer;
use super::refs::component_name;
use crate::ir::{Bound, Constraints, TypeKind, TypeRef};

/// The string formats that are kept as `String` but whose text is checked: a UUID's
/// groups of hex digits, an email address's `@`, a URI's scheme, an IP address, a host
/// name's labels (DigitalOcean's CDN `origin`), an RFC 3339 time of day with its offset
/// (Zoom's phone hours).
const CHECKED_FORMATS: [&str; 8] = ["uuid", "email", "uri", "uri-reference", "ipv4", "ipv6", "hostname", "time"];

impl<'a> Lowerer<'a> {
    /// The constraints of a parameter's schema, lowered to `ty`; `pointer` locates the
    /// schema for the warning about a pattern left out.
    pub(super) fn constraints(&mut self, schema: &ReferenceOr<Schema>, ty: &TypeRef, pointer: &str) -> Constraints {
        let Some(s) = self.lookup(schema) else { return Constraints::default() };
        self.schema_constraints(s, ty, pointer)
    }

    /// The constraints of a property's schema (see [`Lowerer::constraints`]).
    pub(super) fn property_constraints(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        ty: &TypeRef,
        pointer: &str,
    ) -> Constraints {
        match self.boxed_schema(schema) {
            Some(s) => self.schema_constraints(s, ty, pointer),
            None => Constraints::default(),
        }
    }

    /// `s`'s own constraints, and for a list or a map those of each item or value (an
    /// array of `maxLength` strings, a map of bounded numbers), at any depth.
    fn schema_constraints(&mut self, s: &Schema, ty: &TypeRef, pointer: &str) -> Constraints {
        let mut unkept = Vec::new();
        let own = self.composed_keywords(s, 0, &mut unkept);
        for (keyword, value) in unkept {
            let message = format!(
                "a second `{keyword}` (`{value}`) applies here through `allOf`; the crate checks one `{keyword}` \
                 of a value, the first, so this one is not checked"
            );
            self.warn(pointer, message);
        }
        let mut kept = self.fit(own, ty, pointer);
        let inner = match (&s.schema_kind, ty) {
            (SchemaKind::Type(Type::Array(a)), TypeRef::Array(inner)) => {
                a.items.as_ref().and_then(|items| self.boxed_schema(items)).map(|s| (s, inner, "items"))
            }
            (SchemaKind::Type(Type::Object(o)), TypeRef::Map(inner)) => match &o.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    self.lookup(&**values).map(|s| (s, inner, "additionalProperties"))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((schema, inner, keyword)) = inner {
            let pointer = format!("{pointer}/{keyword}");
            // At any depth: the items of a list of lists are checked by the runtime's
            // `each_with`, each list's own counts and its items'.
            let each = self.schema_constraints(schema, inner, &pointer);
            kept.each = (!each.is_empty()).then(|| Box::new(each));
        }
        kept
    }

    /// A JSON request body's own constraints (a list's or a map's counts; those of what it
    /// holds are its types' `Validate`), refitted once components are known
    /// (`resolve_params`).
    pub(super) fn body_constraints(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        body: &crate::ir::Body,
        pointer: &str,
    ) -> Constraints {
        match schema {
            Some(schema) if body.media == crate::ir::Media::Json => {
                Constraints { each: None, ..self.constraints(schema, &body.ty, pointer) }
            }
            _ => Constraints::default(),
        }
    }

    /// Refits the constraints of fields typed by a component, kept whole by `fit` while the
    /// component's type was unknown, to the type it turned out to be: an alias of a string
    /// or a map keeps its lengths or counts, a struct or an enum none. Runs once every
    /// component is lowered.
    pub(super) fn fit_aliased(&mut self) {
        for i in 0..self.candidates.len() {
            let TypeKind::Struct(s) = &self.candidates[i].kind else { continue };
            let refitted: Vec<Constraints> =
                s.fields.iter().map(|f| refit(f.constraints.clone(), &self.resolve_aliases(&f.ty))).collect();
            if let TypeKind::Struct(s) = &mut self.candidates[i].kind {
                for (f, c) in s.fields.iter_mut().zip(refitted) {
                    f.constraints = c;
                }
            }
        }
    }

    /// `s`'s keywords with those of every `allOf` member it composes (through `$ref`s),
    /// all of which a value must meet: DigitalOcean's `filesystem_label` is `allOf: [{type:
    /// string}, {maxLength: 16}]`, whose length no single member carries with the type. A
    /// `oneOf` or `anyOf` of one member asks the same of its value as an `allOf` of it
    /// (`oneOf: [{type: string, maxLength: 3}]`, a wrapper some specs write for a
    /// description): lowering reads it as that member's type, so its keywords are the
    /// value's too.
    /// `unkept` collects the keywords a second member states differently that one value's
    /// rules cannot hold both of (see [`both`]), for the caller's warning.
    fn composed_keywords(&self, s: &Schema, depth: usize, unkept: &mut Vec<(&'static str, String)>) -> Constraints {
        let mut c = keywords(s);
        let members: Vec<&ReferenceOr<Schema>> = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.iter().collect(),
            SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } => lone(m).iter().collect(),
            SchemaKind::Any(a) => a.all_of.iter().chain(lone(&a.one_of)).chain(lone(&a.any_of)).collect(),
            _ => return c,
        };
        // Deeper than this is a cycle, which lowering reports where it meets the type.
        if depth > 16 {
            return c;
        }
        for m in members {
            if let Some(m) = self.lookup(m) {
                let m = self.composed_keywords(m, depth + 1, unkept);
                c = both(c, m, unkept);
            }
        }
        c
    }

    /// Whether a property's schema (through `$ref`s and `allOf`s of one member besides
    /// members that say nothing, `{}`) is nullable (`nullable`, or `null` among its `enum`
    /// values), read-only, write-only. DigitalOcean's firewall rules' `tags` is `allOf:
    /// [{$ref: tags}, {}]` of a nullable list: `null` is one of its values.
    pub(super) fn flags(&self, prop: &ReferenceOr<Box<Schema>>) -> (bool, bool, bool) {
        let schema: Option<&Schema> = match prop {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => component_name::<Schema>(reference)
                .and_then(|n| self.doc.components.as_ref()?.schemas.get(n))
                .and_then(|r| match r {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => None,
                }),
        };
        let Some(s) = schema else { return (false, false, false) };
        let d = &s.schema_data;
        let null_in_enum = match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => t.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Number(t)) => t.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        };
        // A `oneOf` or `anyOf` holds `null` when one of its members does (OpenAI's `stop`:
        // `oneOf: [{type: string, nullable: true}, {type: array}]`), though the union's
        // variant types do not say so.
        let member_nullable = match &s.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.iter().any(|m| self.holds_null_itself(m))
            }
            _ => false,
        };
        let mut flags = (d.nullable || null_in_enum || member_nullable, d.read_only, d.write_only);
        if let SchemaKind::AllOf { all_of } = &s.schema_kind {
            // Annotations (a description, an example) say nothing about what is valid.
            let says_something = |m: &&ReferenceOr<Schema>| match m {
                ReferenceOr::Item(s) => {
                    let d = &s.schema_data;
                    d.nullable
                        || d.read_only
                        || d.write_only
                        || d.discriminator.is_some()
                        || !matches!(&s.schema_kind, SchemaKind::Any(a) if *a == openapiv3::AnySchema::default())
                }
                ReferenceOr::Reference { .. } => true,
            };
            if let [member] = all_of.iter().filter(says_something).collect::<Vec<_>>().as_slice() {
                let member = match member {
                    ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
                    ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s.clone())),
                };
                let (n, r, w) = self.flags(&member);
                flags = (flags.0 || n, flags.1 || r, flags.2 || w);
            }
        }
        flags
    }

    /// Whether a property's own schema (through a `$ref`) has an `enum` that does not
    /// list `null`: `nullable: true` beside it does not add `null` to it (see
    /// `ir::Field::null_refused`).
    pub(super) fn enum_refuses_null(&self, prop: &ReferenceOr<Box<Schema>>) -> bool {
        fn refuses<T>(values: &[Option<T>]) -> bool {
            !values.is_empty() && values.iter().all(Option::is_some)
        }
        match self.boxed_schema(prop).map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(t))) => refuses(&t.enumeration),
            Some(SchemaKind::Type(Type::Integer(t))) => refuses(&t.enumeration),
            Some(SchemaKind::Type(Type::Number(t))) => refuses(&t.enumeration),
            _ => false,
        }
    }

    /// Whether a union's member says `nullable: true` itself (one level: a member that is a
    /// union again is its own type, and following it could loop).
    fn holds_null_itself(&self, member: &ReferenceOr<Schema>) -> bool {
        self.lookup(member).is_some_and(|s| s.schema_data.nullable)
    }

    /// The schema `r` is or names (`None` for a dangling reference, which lowering
    /// reports where it meets the type).
    fn boxed_schema<'d>(&self, r: &'d ReferenceOr<Box<Schema>>) -> Option<&'d Schema>
    where
        'a: 'd,
    {
        match r {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                let name = component_name::<Schema>(reference)?;
                match self.doc.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// Keeps what applies to a value of `ty`: lengths and patterns of text, bounds of
    /// numbers, counts of lists. A pattern neither of the runtime's engines (`regex-lite`,
    /// then `fancy-regex` for look-around and backreferences: `crate::patterns`, the
    /// same crates the generator reads it with) can read is left out with a warning, so
    /// the generated check never meets a pattern it cannot compile.
    fn fit(&mut self, c: Constraints, ty: &TypeRef, pointer: &str) -> Constraints {
        let kept = applicable(c, ty);
        let pattern = match kept.pattern {
            Some(p) if crate::patterns::engine(&p).is_none() => {
                self.warn(
                    &format!("{pointer}/pattern"),
                    format!(
                        "pattern `{p}` is not one the crate's regular expressions read; neither its client nor its server checks it"
                    ),
                );
                None
            }
            p => p,
        };
        // `minLength: 0` and `minItems: 0` hold of every value.
        Constraints {
            pattern,
            min_length: kept.min_length.filter(|n| *n > 0),
            min_items: kept.min_items.filter(|n| *n > 0),
            min_properties: kept.min_properties.filter(|n| *n > 0),
            multiple_of: kept.multiple_of.filter(|m| *m > 0.0),
            ..kept
        }
    }
}

/// What of `c` applies to a value of `ty`: lengths and patterns of text, bounds of
/// numbers, counts of lists and maps (a named type: everything, until it is resolved).
fn applicable(c: Constraints, ty: &TypeRef) -> Constraints {
    match ty {
        TypeRef::String => Constraints {
            min_length: c.min_length,
            max_length: c.max_length,
            pattern: c.pattern,
            format: c.format,
            excluded: c.excluded.into_iter().filter(Value::is_string).collect(),
            ..Default::default()
        },
        TypeRef::Integer { .. } | TypeRef::Number { .. } => Constraints {
            minimum: c.minimum,
            maximum: c.maximum,
            multiple_of: c.multiple_of,
            excluded: c.excluded.into_iter().filter(Value::is_number).collect(),
            ..Default::default()
        },
        TypeRef::Boolean => {
            Constraints { excluded: c.excluded.into_iter().filter(Value::is_boolean).collect(), ..Default::default() }
        }
        TypeRef::Array(_) => Constraints {
            min_items: c.min_items,
            max_items: c.max_items,
            unique_items: c.unique_items,
            ..Default::default()
        },
        TypeRef::Map(_) => {
            Constraints { min_properties: c.min_properties, max_properties: c.max_properties, ..Default::default() }
        }
        // A component's type is not known yet (an alias of a string, Plaid's `$ref`'d
        // `idempotency_key`, or of a map, its `metadata`): all is kept, and
        // `fit_aliased` keeps what applies once it is.
        TypeRef::Named(_) => c,
        _ => Constraints::default(),
    }
}

/// `c`, fitted to `ty` with its aliases resolved (see [`Lowerer::fit_aliased`]); a named
/// type that is not an alias keeps only `required`.
pub(super) fn refit(c: Constraints, ty: &TypeRef) -> Constraints {
    let Constraints { required, each, .. } = c.clone();
    let own = match ty {
        TypeRef::Named(_) => Constraints::default(),
        _ => applicable(c, ty),
    };
    let each = match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => each.map(|e| refit(*e, inner)).filter(|e| !e.is_empty()),
        _ => None,
    };
    Constraints { required, each: each.map(Box::new), ..own }
}

/// The validation keywords a schema writes itself.
fn keywords(s: &Schema) -> Constraints {
    let count = |n: Option<usize>| n.and_then(|n| u64::try_from(n).ok());
    let bound = |v: Option<f64>, exclusive: bool| v.map(|value| Bound { value, exclusive });
    // openapiv3 reads integer bounds as i64; as f64 they compare with any value the
    // runtime meets (beyond 2^53 a bound is rounded, which only matters at its edge).
    let int = |v: Option<i64>, exclusive: bool| bound(v.map(|v| v as f64), exclusive);
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => Constraints {
            min_length: count(t.min_length),
            max_length: count(t.max_length),
            pattern: t.pattern.clone(),
            format: match &t.format {
                VariantOrUnknownOrEmpty::Unknown(f) => checked_format(f),
                _ => None,
            },
            ..Default::default()
        },
        SchemaKind::Type(Type::Integer(t)) => Constraints {
            minimum: int(t.minimum, t.exclusive_minimum),
            maximum: int(t.maximum, t.exclusive_maximum),
            multiple_of: t.multiple_of.map(|m| m as f64),
            ..Default::default()
        },
        SchemaKind::Type(Type::Number(t)) => Constraints {
            minimum: bound(t.minimum, t.exclusive_minimum),
            maximum: bound(t.maximum, t.exclusive_maximum),
            multiple_of: t.multiple_of,
            ..Default::default()
        },
        // A boolean's `enum` of one value (`[true]`) leaves the other out; an empty one
        // says nothing here (lowering reads no `enum` as any value).
        SchemaKind::Type(Type::Boolean(t)) if !t.enumeration.is_empty() => Constraints {
            excluded: [false, true]
                .into_iter()
                .filter(|b| !t.enumeration.contains(&Some(*b)))
                .map(Value::Bool)
                .collect(),
            ..Default::default()
        },
        SchemaKind::Type(Type::Object(o)) => Constraints {
            min_properties: count(o.min_properties),
            max_properties: count(o.max_properties),
            ..Default::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: count(a.min_items),
            max_items: count(a.max_items),
            unique_items: a.unique_items,
            ..Default::default()
        },
        SchemaKind::Any(a) => Constraints {
            min_length: count(a.min_length),
            max_length: count(a.max_length),
            pattern: a.pattern.clone(),
            minimum: bound(a.minimum, a.exclusive_minimum.unwrap_or(false)),
            maximum: bound(a.maximum, a.exclusive_maximum.unwrap_or(false)),
            multiple_of: a.multiple_of,
            min_items: count(a.min_items),
            max_items: count(a.max_items),
            unique_items: a.unique_items.unwrap_or(false),
            min_properties: count(a.min_properties),
            max_properties: count(a.max_properties),
            format: a.format.as_deref().and_then(checked_format),
            excluded: match a.not.as_deref() {
                Some(ReferenceOr::Item(not)) => excluded_values(not).unwrap_or_default(),
                _ => Vec::new(),
            },
            ..Default::default()
        },
        _ => Constraints::default(),
    }
}

/// The values a `not` schema that is only an `enum` (with or without its `type`) holds,
/// which the schema beside it excludes; `None` for any other `not`.
fn excluded_values(not: &Schema) -> Option<Vec<Value>> {
    // `t` when it says nothing but what `bare` (its enum, and its type) says.
    fn only<T: PartialEq>(t: &T, bare: T) -> Option<&T> {
        (*t == bare).then_some(t)
    }
    let values: Vec<Value> = match &not.schema_kind {
        SchemaKind::Any(a) => {
            let bare = AnySchema { enumeration: a.enumeration.clone(), typ: a.typ.clone(), ..Default::default() };
            only(a, bare)?.enumeration.clone()
        }
        SchemaKind::Type(Type::String(t)) => {
            let t = only(t, StringType { enumeration: t.enumeration.clone(), ..Default::default() })?;
            t.enumeration.iter().flatten().map(|v| Value::from(v.as_str())).collect()
        }
        SchemaKind::Type(Type::Integer(t)) => {
            let t = only(t, IntegerType { enumeration: t.enumeration.clone(), ..Default::default() })?;
            t.enumeration.iter().flatten().map(|v| Value::from(*v)).collect()
        }
        SchemaKind::Type(Type::Number(t)) => {
            let t = only(t, NumberType { enumeration: t.enumeration.clone(), ..Default::default() })?;
            t.enumeration.iter().flatten().map(|v| Value::from(*v)).collect()
        }
        _ => return None,
    };
    (!values.is_empty()).then_some(values)
}

impl Lowerer<'_> {
    /// Warns about the `not` of `a` (at `pointer`) unless it is checked: `not: {enum: […]}`
    /// beside a string or number type (its values are [`Constraints::excluded`]), or `not:
    /// {type: T}` beside another type, which the value's type already holds of (JSON
    /// Schema's `integer` is a `number`, so `not: {type: integer}` beside `number` is not).
    pub(super) fn check_not(&mut self, a: &AnySchema, pointer: &str) {
        let Some(not) = a.not.as_deref() else { return };
        let pointer = format!("{pointer}/not");
        let own = a.typ.as_deref();
        let not = match not {
            ReferenceOr::Item(not) => not,
            ReferenceOr::Reference { .. } => return self.warn(&pointer, UNCHECKED_NOT),
        };
        let excluded_type = match &not.schema_kind {
            SchemaKind::Any(n) if *n == AnySchema { typ: n.typ.clone(), ..Default::default() } => n.typ.as_deref(),
            SchemaKind::Type(t) => match t {
                Type::String(t) if *t == StringType::default() => Some("string"),
                Type::Integer(t) if *t == IntegerType::default() => Some("integer"),
                Type::Number(t) if *t == NumberType::default() => Some("number"),
                Type::Boolean(_) => Some("boolean"),
                _ => None,
            },
            _ => None,
        };
        let checked = match (own, excluded_type) {
            (Some(own), Some(t)) if own == t => {
                let message = format!("`not: {{type: {t}}}` beside `type: {t}`: no value is valid; ignored");
                return self.warn(&pointer, message);
            }
            (Some(own), Some(t)) => !(own == "number" && t == "integer"),
            (Some("string" | "integer" | "number"), None) => excluded_values(not).is_some(),
            _ => false,
        };
        if !checked {
            self.warn(&pointer, UNCHECKED_NOT);
        }
    }
}

/// The warning for a `not` that is neither checked nor held by the type.
const UNCHECKED_NOT: &str = "`not` is not checked (only `not: {enum: […]}` beside a string or number type, and \
                             `not: {type: …}` beside another type, are); ignored";

/// What a value meeting both `a` and `b` meets: the tighter of each bound and count, the
/// `multipleOf` that is a multiple of the other. `Rules` holds one pattern, one format and
/// one `multipleOf`: where `b` states another than `a`, `a`'s is kept and `b`'s goes to
/// `unkept` (with its keyword), for a warning.
fn both(a: Constraints, b: Constraints, unkept: &mut Vec<(&'static str, String)>) -> Constraints {
    fn first<T: PartialEq + ToString>(
        keyword: &'static str,
        x: Option<T>,
        y: Option<T>,
        unkept: &mut Vec<(&'static str, String)>,
    ) -> Option<T> {
        match (x, y) {
            (Some(x), Some(y)) if x != y => {
                unkept.push((keyword, y.to_string()));
                Some(x)
            }
            (x, y) => x.or(y),
        }
    }
    // A multiple of the other's is a multiple of both.
    let multiple_of = match (a.multiple_of, b.multiple_of) {
        (Some(x), Some(y)) if (x / y).fract() == 0.0 => Some(x),
        (Some(x), Some(y)) if (y / x).fract() == 0.0 => Some(y),
        (x, y) => first("multipleOf", x, y, unkept),
    };
    fn tighter<T: PartialOrd>(x: Option<T>, y: Option<T>, keep_greater: bool) -> Option<T> {
        match (x, y) {
            (Some(x), Some(y)) => Some(if (x > y) == keep_greater { x } else { y }),
            (x, y) => x.or(y),
        }
    }
    let bound = |x: Option<Bound>, y: Option<Bound>, keep_greater: bool| match (x, y) {
        (Some(x), Some(y)) if x.value == y.value => {
            Some(Bound { value: x.value, exclusive: x.exclusive || y.exclusive })
        }
        (Some(x), Some(y)) => Some(if (x.value > y.value) == keep_greater { x } else { y }),
        (x, y) => x.or(y),
    };
    Constraints {
        min_length: tighter(a.min_length, b.min_length, true),
        max_length: tighter(a.max_length, b.max_length, false),
        pattern: first("pattern", a.pattern, b.pattern, unkept),
        minimum: bound(a.minimum, b.minimum, true),
        maximum: bound(a.maximum, b.maximum, false),
        multiple_of,
        min_items: tighter(a.min_items, b.min_items, true),
        max_items: tighter(a.max_items, b.max_items, false),
        unique_items: a.unique_items || b.unique_items,
        min_properties: tighter(a.min_properties, b.min_properties, true),
        max_properties: tighter(a.max_properties, b.max_properties, false),
        format: first("format", a.format, b.format, unkept),
        excluded: [a.excluded, b.excluded].concat(),
        required: a.required || b.required,
        each: a.each.or(b.each),
    }
}

/// `format` when the runtime checks it (see [`CHECKED_FORMATS`]).
fn checked_format(format: &str) -> Option<String> {
    CHECKED_FORMATS.contains(&format).then(|| format.to_owned())
}

/// A `oneOf`'s or `anyOf`'s members when there is one (see `composed_keywords`), else none.
fn lone(members: &[ReferenceOr<Schema>]) -> &[ReferenceOr<Schema>] {
    if members.len() == 1 { members } else { &[] }
}
