//! Schemas: each one becomes a type use, and those that need a named type (objects with
//! properties, enums, unions) become candidates, merged with identical ones found before.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::refs::component_name;
use super::shapes::{Lowered, UnionPart};
use super::types::structural_key;
use super::{Candidate, Ctx, Hint, Lowerer};
use crate::diagnostics::push_pointer;
use crate::ir::{self, TextFormat, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

impl Lowerer<'_> {
    pub(super) fn schema_ref(&mut self, s: &ReferenceOr<Schema>, ctx: &Ctx<'_>) -> TypeRef {
        match s {
            ReferenceOr::Item(schema) => self.schema(schema, ctx),
            ReferenceOr::Reference { reference } => self.reference(reference, ctx),
        }
    }

    fn boxed_ref(&mut self, s: &ReferenceOr<Box<Schema>>, ctx: &Ctx<'_>) -> TypeRef {
        match s {
            ReferenceOr::Item(schema) => self.schema(schema, ctx),
            ReferenceOr::Reference { reference } => self.reference(reference, ctx),
        }
    }

    /// A `$ref` to a component schema: the id reserved for it.
    pub(super) fn reference(&mut self, reference: &str, ctx: &Ctx<'_>) -> TypeRef {
        match component_name::<Schema>(reference).and_then(|n| self.components.get(n).copied()) {
            Some(id) => {
                if let Some(u) = &ctx.use_name {
                    self.candidates[id.index()].uses.push(u.clone());
                }
                TypeRef::Named(id)
            }
            None => {
                self.error(&ctx.pointer, format!("`{reference}` does not name a schema in `components/schemas`"), None);
                TypeRef::Any
            }
        }
    }

    pub(super) fn schema(&mut self, schema: &Schema, ctx: &Ctx<'_>) -> TypeRef {
        let t = match self.schema_kind(schema, ctx) {
            Lowered::Ref(t) => t,
            Lowered::Kind(kind) => {
                let data = &schema.schema_data;
                // AutoRest's `x-ms-enum` names the enum type where no title does; like a
                // title, the name also keeps apart enums of one shape that it names apart.
                let title = data.title.clone().or_else(|| match kind {
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => ms_enum(data)
                        .and_then(|e| e.get("name"))
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_string),
                    _ => None,
                });
                self.intern(kind, title, data.description.clone(), ctx)
            }
        };
        if let Some(example) = &schema.schema_data.example {
            let name = format!("{}_schema", naming::value_name(&ctx.hint.qualified));
            self.examples.push((name, format!("{}/example", ctx.pointer), example.clone(), t.clone()));
        }
        t
    }

    /// Lowers a schema to either a type use or, when it needs a named type, that type's body.
    pub(super) fn schema_kind(&mut self, schema: &Schema, ctx: &Ctx<'_>) -> Lowered {
        use Lowered::Ref;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                // `enum: [null]` lists no value of the type (the null makes it nullable,
                // which the use reads): an enum of no variants could never be built.
                if s.enumeration.iter().all(Option::is_none) {
                    return Ref(match &s.format {
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Byte) => string_format(Some("byte")),
                        VariantOrUnknownOrEmpty::Unknown(f) => string_format(Some(f)),
                        _ => TypeRef::String,
                    });
                }
                let values = s.enumeration.iter().flatten().cloned();
                TypeKind::StringEnum(self.new_enum(values, schema, ctx))
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let bits = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => 32,
                    _ => 64,
                };
                if i.enumeration.iter().all(Option::is_none) {
                    return Ref(TypeRef::Integer { bits });
                }
                TypeKind::IntegerEnum(self.new_enum(i.enumeration.iter().flatten().copied(), schema, ctx))
            }
            SchemaKind::Type(Type::Number(n)) => {
                let bits = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => 32,
                    _ => 64,
                };
                return Ref(TypeRef::Number { bits });
            }
            SchemaKind::Type(Type::Boolean(_)) => return Ref(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(a)) => {
                let preferred = naming::item_type_name(&ctx.hint.preferred);
                let item_ctx = ctx.child("items", preferred, format!("an item of {}", ctx.hint.context));
                return Ref(match &a.items {
                    Some(items) => TypeRef::Array(Box::new(self.boxed_ref(items, &item_ctx))),
                    None => TypeRef::Array(Box::new(TypeRef::Any)),
                });
            }
            SchemaKind::Type(Type::Object(o)) => {
                match self.object(&o.properties, &o.required, o.additional_properties.as_ref(), ctx) {
                    Ok(kind) => kind,
                    Err(t) => return Ref(t),
                }
            }
            SchemaKind::Any(any) => {
                let composes = !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty();
                if composes {
                    return self.composed(schema, ctx);
                }
                self.check_not(any, &ctx.pointer);
                // `properties` and `additionalProperties` constrain objects only (JSON
                // Schema's keywords apply to instances of their type): beside another
                // `type` they say nothing (Spotify's `context_uri`: a string with
                // `additionalProperties: true`).
                let object_keywords = !any.properties.is_empty() || any.additional_properties.is_some();
                if object_keywords && matches!(any.typ.as_deref(), None | Some("object")) {
                    return match self.object(&any.properties, &any.required, any.additional_properties.as_ref(), ctx) {
                        Ok(kind) if any.typ.is_none() => self.object_or_value(kind, ctx),
                        Ok(kind) => Lowered::Kind(kind),
                        Err(t) => Ref(t),
                    };
                }
                return self.loose(any, ctx);
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let part = UnionPart {
                    pointer: push_pointer(&ctx.pointer, key),
                    key,
                    members,
                    discriminator: schema.schema_data.discriminator.as_ref(),
                    objects: false,
                };
                return self.union(&part, ctx);
            }
            SchemaKind::AllOf { all_of } => {
                // A single-member wrapper (there to add a description or `nullable` beside a
                // `$ref`) is the member itself.
                // So is one whose other members only document it (AWS writes every
                // property as `allOf: [{$ref: X}, {description: …}]`): they add no shape, and
                // merging the member's properties inline would unfold a recursive schema.
                let mut shaped = all_of.iter().filter(|m| !annotation_only(m));
                if let (Some(only), None) = (shaped.next(), shaped.next()) {
                    return match only {
                        ReferenceOr::Item(s) => self.schema_kind(s, ctx),
                        ReferenceOr::Reference { reference } => Lowered::Ref(self.reference(reference, ctx)),
                    };
                }
                return self.composed(schema, ctx);
            }
            SchemaKind::Not { .. } => {
                self.warn(&ctx.pointer, "`not` alone is not checked; read as any value");
                return Ref(TypeRef::Any);
            }
        };
        Lowered::Kind(kind)
    }

    /// An object: a struct when it has properties, otherwise a map (`Err` carries that type).
    pub(super) fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ctx: &Ctx<'_>,
    ) -> Result<TypeKind, TypeRef> {
        let additional_decl = additional;
        let additional_ty = match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            Some(AdditionalProperties::Schema(s)) => {
                let c = ctx.child(
                    "additionalProperties",
                    format!("{}Value", ctx.hint.preferred),
                    format!("a value of {}", ctx.hint.context),
                );
                Some(self.schema_ref(s, &c))
            }
        };
        if properties.is_empty() {
            return Err(TypeRef::Map(Box::new(additional_ty.unwrap_or(TypeRef::Any))));
        }
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for (wire, prop) in properties {
            // What the code calls the property: its wire name, unless `x-ms-client-name` says.
            let spoken = match prop {
                ReferenceOr::Item(s) => super::client_name(&s.schema_data.extensions),
                ReferenceOr::Reference { .. } => None,
            }
            .unwrap_or(wire);
            let preferred = format!("{}{}", ctx.hint.preferred, naming::type_name(spoken));
            let mut c = ctx.child("properties", preferred, format!("the `{wire}` property of {}", ctx.hint.context));
            c.pointer = push_pointer(&c.pointer, wire);
            let doc = match prop {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            c.use_name = Some((wire.clone(), doc.clone()));
            let (nullable, read_only, write_only) = self.flags(prop);
            let null_refused = nullable && self.enum_refuses_null(prop);
            let password = matches!(prop, ReferenceOr::Item(s) if is_password(s));
            let secret = password || self.settings.secret_fields.contains(&c.pointer);
            let binary = self.is_binary_property(prop);
            let ty = self.boxed_ref(prop, &c);
            let mut constraints = self.property_constraints(prop, &ty, &c.pointer);
            constraints.required = required.contains(wire) && write_only && !read_only;
            fields.push(ir::Field {
                name: names.claim(&naming::value_name(spoken)),
                wire_name: wire.clone(),
                doc,
                ty,
                // One type serves requests and responses alike, so a property that only
                // one direction carries (`readOnly`, `writeOnly`) cannot be required.
                required: required.contains(wire) && !read_only && !write_only,
                nullable,
                secret,
                // Decided once every type is known (`types.rs`).
                boxed: false,
                // Decided once every operation is known (`tri_state_fields`).
                tri_state: false,
                null_refused,
                binary,
                constraints,
            });
        }
        // JSON Schema's `required` asks for the property whatever declares it, and nothing
        // may: the value is then any JSON value (DigitalOcean's uptime checks require an
        // undeclared `method`). A field of any value keeps it; like a `writeOnly` one it is
        // optional, so responses without it still read, and a request must carry it
        // (`Constraints::required`).
        for r in required.iter().filter(|r| !properties.contains_key(*r)) {
            self.warn(
                &ctx.pointer,
                format!("`required` names `{r}`, which is not a property; a request must carry it, of any value"),
            );
            fields.push(ir::Field {
                name: names.claim(&naming::value_name(r)),
                wire_name: r.clone(),
                doc: None,
                ty: TypeRef::Any,
                required: false,
                nullable: true,
                secret: false,
                boxed: false,
                tri_state: false,
                null_refused: false,
                binary: false,
                constraints: ir::Constraints { required: true, ..Default::default() },
            });
        }
        let additional = additional_ty.map(|ty| ir::Additional { name: additional_name(&fields), ty });
        let closed = matches!(additional_decl, Some(AdditionalProperties::Any(false)));
        Ok(TypeKind::Struct(ir::Struct { fields, additional, flattened: Vec::new(), present_any: Vec::new(), closed }))
    }

    /// The one value a struct candidate's `property` can have (an enum of one string).
    pub(super) fn single_value(&self, id: TypeId, property: &str) -> Option<String> {
        let TypeKind::Struct(st) = &self.candidates[id.index()].kind else { return None };
        let field = st.fields.iter().find(|f| f.wire_name == property)?;
        let TypeRef::Named(e) = field.ty else { return None };
        match &self.candidates[e.index()].kind {
            TypeKind::StringEnum(en) if en.variants.len() == 1 => Some(en.variants[0].value.clone()),
            _ => None,
        }
    }

    /// As `single_value`, read from a component's schema as written: a `$ref` variant may
    /// be lowered only after the union that names it.
    pub(super) fn declared_single_value(&self, component: &str, property: &str) -> Option<String> {
        let schema = self.doc.components.as_ref()?.schemas.get(component)?;
        let properties = match &self.lookup(schema)?.schema_kind {
            SchemaKind::Type(Type::Object(o)) => &o.properties,
            SchemaKind::Any(a) => &a.properties,
            _ => return None,
        };
        let property: &Schema = match properties.get(property)? {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                let name = component_name::<Schema>(reference)?;
                match self.doc.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(s) => s,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        match &property.schema_kind {
            SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// A schema openapiv3 could not type (no `type`, or one that disagrees with its
    /// other keywords): read by what it does say.
    fn loose(&mut self, any: &openapiv3::AnySchema, ctx: &Ctx<'_>) -> Lowered {
        use Lowered::Ref;
        let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
        if !values.is_empty() {
            return self.mixed_enum(&values, ctx);
        }
        match any.typ.as_deref() {
            Some("string") => Ref(string_format(any.format.as_deref())),
            Some("integer") => {
                Ref(TypeRef::Integer { bits: if any.format.as_deref() == Some("int32") { 32 } else { 64 } })
            }
            Some("number") => {
                Ref(TypeRef::Number { bits: if any.format.as_deref() == Some("float") { 32 } else { 64 } })
            }
            Some("boolean") => Ref(TypeRef::Boolean),
            Some("object") => Ref(TypeRef::Map(Box::new(TypeRef::Any))),
            Some("array") | None if any.items.is_some() => {
                let preferred = naming::item_type_name(&ctx.hint.preferred);
                let item_ctx = ctx.child("items", preferred, format!("an item of {}", ctx.hint.context));
                let items = any.items.as_ref().map_or(TypeRef::Any, |i| self.boxed_ref(i, &item_ctx));
                Ref(TypeRef::Array(Box::new(items)))
            }
            Some("array") => Ref(TypeRef::Array(Box::new(TypeRef::Any))),
            _ => Ref(TypeRef::Any),
        }
    }

    /// An `enum` without a `type`: strings, integers, or a union of a string enum, an
    /// integer enum and the other scalar kinds when the values mix.
    fn mixed_enum(&mut self, values: &[&serde_json::Value], ctx: &Ctx<'_>) -> Lowered {
        let strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
        let integers: Vec<i64> = values.iter().filter_map(|v| v.as_i64()).collect();
        let numbers = values.iter().any(|v| v.is_number() && v.as_i64().is_none());
        let booleans = values.iter().any(|v| v.is_boolean());
        let others = values.iter().any(|v| v.is_array() || v.is_object());
        if others {
            self.warn(&format!("{}/enum", ctx.pointer), "an `enum` of arrays or objects is read as any value");
            return Lowered::Ref(TypeRef::Any);
        }
        let mut kinds = Vec::new();
        if !strings.is_empty() {
            kinds.push(TypeKind::StringEnum(closed_enum(strings.into_iter())));
        }
        if !integers.is_empty() && !numbers {
            kinds.push(TypeKind::IntegerEnum(closed_enum(integers.into_iter())));
        }
        if kinds.len() == 1 && !numbers && !booleans {
            return Lowered::Kind(kinds.remove(0));
        }
        let mut variants = Vec::new();
        for kind in kinds {
            let suffix = if matches!(kind, TypeKind::StringEnum(_)) { "String" } else { "Integer" };
            let preferred = format!("{}{suffix}", ctx.hint.preferred);
            let c =
                ctx.child("enum", preferred, format!("the {} values of {}", suffix.to_lowercase(), ctx.hint.context));
            variants.push(self.intern(kind, None, None, &c));
        }
        if numbers {
            variants.push(TypeRef::Number { bits: 64 });
        }
        if booleans {
            variants.push(TypeRef::Boolean);
        }
        let variants = variants
            .into_iter()
            .map(|ty| ir::UnionVariant { name: String::new(), ty, boxed: false, constraints: Default::default() })
            .collect();
        Lowered::Kind(TypeKind::Union(ir::Union { tag: None, variants, objects_first: false, one_of: false }))
    }

    /// Registers a candidate type, merging it with an identical one found before.
    pub(super) fn intern(
        &mut self,
        kind: TypeKind,
        title: Option<String>,
        doc: Option<String>,
        ctx: &Ctx<'_>,
    ) -> TypeRef {
        let key = structural_key(&kind, title.as_deref());
        let id = match self.by_key.get(&key) {
            Some(id) => {
                // Exactly one variant only where every schema merged here is a `oneOf`.
                if let (TypeKind::Union(new), TypeKind::Union(u)) = (&kind, &mut self.candidates[id.index()].kind) {
                    u.one_of &= new.one_of;
                }
                *id
            }
            None => {
                let id = self.push_candidate(Candidate {
                    kind,
                    title,
                    component: None,
                    hint: ctx.hint.clone(),
                    op_prefix: ctx.op_prefix.to_string(),
                    pointer: ctx.pointer.clone(),
                    doc: None,
                    uses: Vec::new(),
                });
                self.by_key.insert(key, id);
                id
            }
        };
        let c = &mut self.candidates[id.index()];
        if c.doc.is_none() {
            c.doc = doc;
        }
        if let Some(u) = &ctx.use_name {
            if !c.uses.contains(u) {
                c.uses.push(u.clone());
            }
        }
        TypeRef::Named(id)
    }

    /// Component schemas get their ids first, so that references (even recursive ones)
    /// can point at them before their bodies are lowered.
    pub(super) fn reserve_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for name in components.schemas.keys() {
            let id = self.push_candidate(Candidate {
                kind: TypeKind::Alias(TypeRef::Any),
                title: None,
                component: Some(name.clone()),
                hint: Hint {
                    preferred: naming::type_name(name),
                    qualified: naming::type_name(name),
                    context: format!("the component schema `{name}`"),
                },
                op_prefix: String::new(),
                pointer: push_pointer("/components/schemas", name),
                doc: None,
                uses: Vec::new(),
            });
            self.components.insert(name.clone(), id);
        }
    }

    pub(super) fn component_bodies(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let id = self.components[name];
            let pointer = push_pointer("/components/schemas", name);
            let type_name = naming::type_name(name);
            let ctx = Ctx {
                pointer: pointer.clone(),
                hint: Hint {
                    preferred: type_name.clone(),
                    qualified: type_name,
                    context: format!("the component schema `{name}`"),
                },
                op_prefix: "",
                use_name: None,
            };
            let (kind, doc) = match schema {
                ReferenceOr::Reference { reference } => (TypeKind::Alias(self.reference(reference, &ctx)), None),
                ReferenceOr::Item(s) => {
                    let doc = s.schema_data.description.clone().or_else(|| s.schema_data.title.clone());
                    match self.schema_kind(s, &ctx) {
                        Lowered::Kind(kind) => (kind, doc),
                        Lowered::Ref(t) => (TypeKind::Alias(t), doc),
                    }
                }
            };
            let c = &mut self.candidates[id.index()];
            c.kind = kind;
            c.doc = doc;
        }
    }
}

/// The type of a string with this `format`. Dates and date-times are chrono's (which the
/// crate needs anyway); `byte` (base64), `duration` (ISO 8601) and AutoRest's
/// `date-time-rfc1123` are the runtime's `formats` types, whose text has one reading and a
/// canonical writing (the value is bytes, a duration, a time), so malformed text is a
/// decode error. `uuid`, `uri`, `email`, `password` and `binary` stay `String`: their text
/// is the value, and a server's slightly-off id is better kept as sent than refused with
/// the whole response.
fn string_format(format: Option<&str>) -> TypeRef {
    match format {
        Some("date") => TypeRef::Date,
        Some("date-time") => TypeRef::DateTime,
        Some("byte") => TypeRef::Format(TextFormat::Byte),
        Some("duration") => TypeRef::Format(TextFormat::Duration),
        Some("date-time-rfc1123") => TypeRef::Format(TextFormat::DateTimeRfc1123),
        _ => TypeRef::String,
    }
}

/// An enum of these values, closed (see `ir::Enum::other`); variants are named later. An
/// `enum` without a `type` (mixed scalars) is always closed: `x-open-enum` marks typed enums.
fn closed_enum<T>(values: impl Iterator<Item = T>) -> ir::Enum<T> {
    ir::Enum { variants: values.map(|value| ir::EnumVariant { name: String::new(), value }).collect(), other: None }
}

impl Lowerer<'_> {
    /// An enum of these values; variants are named later. It is open (see
    /// `ir::Enum::other`) when the schema says `x-open-enum: true` or the settings list it.
    fn new_enum<T: Clone + Eq + std::hash::Hash + std::fmt::Debug + std::fmt::Display>(
        &mut self,
        values: impl Iterator<Item = T>,
        schema: &Schema,
        ctx: &Ctx<'_>,
    ) -> ir::Enum<T> {
        // A value listed twice (Stripe lists its API versions so) is one variant: a second
        // could never be read, and its match arm would be unreachable.
        let mut distinct: Vec<T> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut repeated: Vec<String> = Vec::new();
        let mut reported = std::collections::HashSet::new();
        for value in values {
            if seen.insert(value.clone()) {
                distinct.push(value);
            } else if reported.insert(value.clone()) {
                repeated.push(format!("{value:?}"));
            }
        }
        if !repeated.is_empty() {
            let message = format!("the enum lists {} more than once; each is one variant", repeated.join(", "));
            self.warn(&format!("{}/enum", ctx.pointer), message);
        }
        let values = distinct.into_iter();
        let marked = match schema.schema_data.extensions.get("x-open-enum") {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => {
                self.warn(
                    &format!("{}/x-open-enum", ctx.pointer),
                    "`x-open-enum` is `true` or `false`; other values are ignored and the enum is closed",
                );
                false
            }
        };
        let open = marked
            || match &self.settings.open_enums {
                ir::OpenEnums::All => true,
                ir::OpenEnums::Listed(pointers) => pointers.contains(&ctx.pointer),
            };
        // Named beside the listed variants in `types.rs`.
        let other = open.then(String::new);
        // A variant's name is chosen in `types.rs`, from the one `x-ms-enum` gives it if any.
        let named = |value: &T| {
            let values = ms_enum(&schema.schema_data)?.get("values")?.as_array()?;
            let entry = values.iter().find(|v| match v.get("value") {
                Some(serde_json::Value::String(s)) => *s == value.to_string(),
                Some(serde_json::Value::Number(n)) => n.to_string() == value.to_string(),
                _ => false,
            })?;
            entry.get("name").and_then(serde_json::Value::as_str).map(str::to_string)
        };
        let variants = values.map(|value| ir::EnumVariant { name: named(&value).unwrap_or_default(), value });
        ir::Enum { variants: variants.collect(), other }
    }
}

/// AutoRest's `x-ms-enum` object of a schema, which names the enum and its values.
fn ms_enum(data: &openapiv3::SchemaData) -> Option<&serde_json::Map<String, serde_json::Value>> {
    data.extensions.get("x-ms-enum").and_then(serde_json::Value::as_object)
}

/// Marks the types requests carry, which the server reads strictly. Every optional
/// nullable field of a type that a request body carries (directly or nested) tells `null`
/// from absent. That is where the difference matters: a PATCH body's `null` clears a value
/// and its absence leaves it. A type only responses carry keeps `Option<T>`, where both
/// mean "no value", so GitLab's token types read as before. Every struct a body or a
/// parameter carries (a JSON `content` parameter, a deepObject query) is `object_only`
/// (see `ir::TypeDef::object_only`), and so is every `oneOf` a body carries. Parameters
/// keep `Option<T>`, since no style but JSON writes `null` apart from absent, and their
/// unions are mostly text (GitLab's `IntegerOrString` id), which `FromStr` reads.
pub(super) fn tri_state_fields(api: &mut ir::Api) {
    let ops = || api.operations.iter().chain(&api.webhooks);
    let in_bodies = carried(api, ops().flat_map(|op| op.body.iter().flat_map(|b| &b.bodies)).map(|b| &b.ty));
    let in_params = carried(api, ops().flat_map(|op| &op.params).map(|p| &p.ty));
    for ((t, in_body), in_param) in api.types.iter_mut().zip(in_bodies).zip(in_params) {
        match &mut t.kind {
            TypeKind::Struct(s) if in_body || in_param => {
                for f in s.fields.iter_mut().filter(|_| in_body) {
                    f.tri_state = !f.required && f.nullable;
                }
                t.object_only = true;
            }
            TypeKind::Union(u) if in_body => t.object_only = u.one_of,
            _ => {}
        }
    }
}

/// Which types of the arena the types `roots` reach (through fields, items, variants and
/// aliases), by index.
fn carried<'a>(api: &'a ir::Api, roots: impl Iterator<Item = &'a TypeRef>) -> Vec<bool> {
    let mut carried = vec![false; api.types.len()];
    let mut pending: Vec<&TypeRef> = roots.collect();
    // A work list rather than recursion: types may refer to each other in cycles.
    while let Some(t) = pending.pop() {
        match t {
            TypeRef::Array(inner) | TypeRef::Map(inner) => pending.push(inner),
            TypeRef::Named(id) if !carried[id.index()] => {
                carried[id.index()] = true;
                match &api.types[id.index()].kind {
                    TypeKind::Struct(s) => {
                        pending.extend(s.fields.iter().map(|f| &f.ty));
                        pending.extend(s.additional.iter().map(|a| &a.ty));
                        pending.extend(s.flattened.iter().map(|f| &f.ty));
                    }
                    TypeKind::Union(u) => pending.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(t) => pending.push(t),
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    carried
}

/// Whether a schema is a password string (`format: password`): its values are secret,
/// in a property and in a parameter alike.
pub(super) fn is_password(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(t))
        if t.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password))
}

/// The name of the field for undeclared properties, clear of the declared fields' names.
fn additional_name(fields: &[ir::Field]) -> String {
    let mut name = String::from("additional_properties");
    while fields.iter().any(|f| f.name == name) {
        name.push('_');
    }
    name
}

/// Whether an `allOf` member only documents the others: no type, no constraint, nothing
/// that changes how a value reads or is written.
fn annotation_only(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else { return false };
    let d = &s.schema_data;
    let shapeless = matches!(&s.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default());
    shapeless && !d.nullable && !d.read_only && !d.write_only && d.discriminator.is_none()
}
