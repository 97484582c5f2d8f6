//! Schemas: each one becomes a type use, and those that need a named type (objects with
//! properties, enums, unions) become candidates, merged with identical ones found before.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::refs::component_name;
use super::types::structural_key;
use super::{Candidate, Ctx, Hint, Lowerer};
use crate::diagnostics::push_pointer;
use crate::ir::{self, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// A lowered schema: a use of an existing type, or the body of a type still to be named.
pub(super) enum Lowered {
    Ref(TypeRef),
    Kind(TypeKind),
}

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
    fn reference(&mut self, reference: &str, ctx: &Ctx<'_>) -> TypeRef {
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

    fn schema(&mut self, schema: &Schema, ctx: &Ctx<'_>) -> TypeRef {
        let t = match self.schema_kind(schema, ctx) {
            Lowered::Ref(t) => t,
            Lowered::Kind(kind) => {
                let data = &schema.schema_data;
                self.intern(kind, data.title.clone(), data.description.clone(), ctx)
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
                if s.enumeration.is_empty() {
                    return Ref(match &s.format {
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
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
                if i.enumeration.is_empty() {
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
                if !any.properties.is_empty() || any.additional_properties.is_some() {
                    return match self.object(&any.properties, &any.required, any.additional_properties.as_ref(), ctx) {
                        Ok(kind) => Lowered::Kind(kind),
                        Err(t) => Ref(t),
                    };
                } else if !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                    || !any.all_of.is_empty()
                    || any.not.is_some()
                {
                    self.error(&ctx.pointer, "a schema that mixes `type` or properties with `oneOf`/`anyOf`/`allOf`/`not` is not supported yet", None);
                }
                return Ref(TypeRef::Any);
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                return self.union(schema, members, key, ctx);
            }
            SchemaKind::AllOf { all_of } => return self.all_of(all_of, ctx),
            SchemaKind::Not { .. } => {
                self.error(&ctx.pointer, "`not` schemas are not supported", None);
                return Ref(TypeRef::Any);
            }
        };
        Lowered::Kind(kind)
    }

    /// `oneOf`/`anyOf`: a union of the distinct member types, or the one member's type.
    fn union(&mut self, schema: &Schema, members: &[ReferenceOr<Schema>], key: &str, ctx: &Ctx<'_>) -> Lowered {
        // The IR can carry a tag (`ir::Union::tag`), but the emitters print untagged
        // unions only; until they print tagged ones the discriminator is ignored, and
        // said so.
        if schema.schema_data.discriminator.is_some() {
            self.warn(
                &format!("{}/discriminator", ctx.pointer),
                "`discriminator` is not supported yet and is ignored: the union is untagged, and its \
                 variants are tried in order",
            );
        }
        let mut variants: Vec<ir::UnionVariant> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let mut member_ctx = ctx.child(
                key,
                format!("{}Variant{i}", ctx.hint.preferred),
                format!("a variant of {}", ctx.hint.context),
            );
            member_ctx.pointer = format!("{}/{i}", member_ctx.pointer);
            let ty = self.schema_ref(m, &member_ctx);
            if !variants.iter().any(|v| v.ty == ty) {
                variants.push(ir::UnionVariant { name: String::new(), ty, boxed: false });
            }
        }
        if variants.len() == 1 {
            return Lowered::Ref(variants.remove(0).ty);
        }
        Lowered::Kind(TypeKind::Union(ir::Union { tag: None, variants }))
    }

    /// An object: a struct when it has properties, otherwise a map (`Err` carries that type).
    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ctx: &Ctx<'_>,
    ) -> Result<TypeKind, TypeRef> {
        let additional_ty = match additional {
            None | Some(AdditionalProperties::Any(_)) => None,
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
            let preferred = format!("{}{}", ctx.hint.preferred, naming::type_name(wire));
            let mut c = ctx.child("properties", preferred, format!("the `{wire}` property of {}", ctx.hint.context));
            c.pointer = push_pointer(&c.pointer, wire);
            let doc = match prop {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            c.use_name = Some((wire.clone(), doc.clone()));
            let nullable = matches!(prop, ReferenceOr::Item(s) if s.schema_data.nullable);
            let password = matches!(prop, ReferenceOr::Item(s) if matches!(&s.schema_kind,
                SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)));
            let secret = password || self.settings.secret_fields.contains(&c.pointer);
            let ty = self.boxed_ref(prop, &c);
            fields.push(ir::Field {
                name: names.claim(&naming::value_name(wire)),
                wire_name: wire.clone(),
                doc,
                ty,
                required: required.contains(wire),
                nullable,
                secret,
                // Decided once every type is known (`types.rs`).
                boxed: false,
            });
        }
        for r in required {
            if !properties.contains_key(r) {
                self.warn(&ctx.pointer, format!("`required` names `{r}`, which is not a property; ignored"));
            }
        }
        let additional = additional_ty.map(|ty| ir::Additional { name: additional_name(&fields), ty });
        Ok(TypeKind::Struct(ir::Struct { fields, additional }))
    }

    fn all_of(&mut self, members: &[ReferenceOr<Schema>], ctx: &Ctx<'_>) -> Lowered {
        if let [only] = members {
            return match only {
                ReferenceOr::Item(s) => self.schema_kind(s, ctx),
                ReferenceOr::Reference { reference } => Lowered::Ref(self.reference(reference, ctx)),
            };
        }
        // Merge object members into one set of properties.
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        for (i, m) in members.iter().enumerate() {
            match self.lookup(m).map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Object(o))) => {
                    properties.extend(o.properties.clone());
                    required.extend(o.required.clone());
                }
                _ => {
                    self.error(
                        &format!("{}/allOf/{i}", ctx.pointer),
                        "`allOf` is supported only over object schemas",
                        None,
                    );
                    return Lowered::Ref(TypeRef::Any);
                }
            }
        }
        match self.object(&properties, &required, None, ctx) {
            Ok(kind) => Lowered::Kind(kind),
            Err(t) => Lowered::Ref(t),
        }
    }

    /// Registers a candidate type, merging it with an identical one found before.
    fn intern(&mut self, kind: TypeKind, title: Option<String>, doc: Option<String>, ctx: &Ctx<'_>) -> TypeRef {
        let key = structural_key(&kind, title.as_deref());
        let id = match self.by_key.get(&key) {
            Some(id) => *id,
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

impl Lowerer<'_> {
    /// An enum of these values; variants are named later. It is open (see
    /// `ir::Enum::other`) when the schema says `x-open-enum: true` or the settings list it.
    fn new_enum<T>(&mut self, values: impl Iterator<Item = T>, schema: &Schema, ctx: &Ctx<'_>) -> ir::Enum<T> {
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
        ir::Enum { variants: values.map(|value| ir::EnumVariant { name: String::new(), value }).collect(), other }
    }
}

/// The name of the field for undeclared properties, clear of the declared fields' names.
fn additional_name(fields: &[ir::Field]) -> String {
    let mut name = String::from("additional_properties");
    while fields.iter().any(|f| f.name == name) {
        name.push('_');
    }
    name
}
