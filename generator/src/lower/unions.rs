//! Unions: `oneOf` and `anyOf` lowered to the distinct types of their members, each
//! with the constraints its type does not carry, tagged where a discriminator names every
//! variant.

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::refs::component_name;
use super::shapes::{Lowered, UnionPart, object_typed};
use super::{Ctx, Lowerer};
use crate::diagnostics::push_pointer;
use crate::ir::{self, TypeId, TypeKind, TypeRef};

impl Lowerer<'_> {
    /// `oneOf`/`anyOf`: a union of the distinct member types, or the one member's type.
    /// With a `discriminator` whose values name every variant, the union is tagged.
    pub(super) fn union(&mut self, part: &UnionPart<'_>, ctx: &Ctx<'_>) -> Lowered {
        let mut variants: Vec<ir::UnionVariant> = Vec::new();
        // The component each variant is a `$ref` to, for the implicit mapping.
        let mut components: Vec<Option<String>> = Vec::new();
        // Each member's type, in order.
        let mut seen: Vec<TypeRef> = Vec::new();
        for (i, m) in part.members.iter().enumerate() {
            let mut member_ctx = ctx.child(
                part.key,
                format!("{}Variant{i}", ctx.hint.preferred),
                format!("a variant of {}", ctx.hint.context),
            );
            member_ctx.pointer = push_pointer(&part.pointer, &i.to_string());
            let ty = match m {
                ReferenceOr::Item(s) if part.objects => match object_typed(s) {
                    Some(typed) => self.schema(&typed, &member_ctx),
                    None => self.schema(s, &member_ctx),
                },
                _ => self.schema_ref(m, &member_ctx),
            };
            if let Some(j) = (part.key == "oneOf").then(|| seen.iter().position(|t| *t == ty)).flatten() {
                // JSON Schema refuses a value valid under two members; these two hold the
                // same values as far as the crate can tell, which would refuse them all.
                self.warn(
                    &member_ctx.pointer,
                    format!(
                        "`oneOf` members {j} and {i} read as one type (what tells them apart, a format or a \
                         constraint, is not checked here), so a value valid under both, which `oneOf` refuses, \
                         is taken"
                    ),
                );
            }
            seen.push(ty.clone());
            // A member's own constraints, where its type does not carry them (a named
            // type checks its own).
            let constraints = match &ty {
                TypeRef::Named(_) => ir::Constraints::default(),
                _ => self.constraints(m, &ty, &member_ctx.pointer),
            };
            if let Some(same) = variants.iter_mut().find(|v| v.ty == ty) {
                // Two members read as one type (warned above for `oneOf`): the variant holds
                // the values of either, so neither's constraints are its own.
                if same.constraints != constraints {
                    same.constraints = ir::Constraints::default();
                }
            } else {
                variants.push(ir::UnionVariant { name: String::new(), ty, boxed: false, constraints });
                components.push(match m {
                    ReferenceOr::Reference { reference } => component_name::<Schema>(reference).map(str::to_string),
                    ReferenceOr::Item(_) => None,
                });
            }
        }
        if variants.len() == 1 {
            return Lowered::Ref(variants.remove(0).ty);
        }
        let tag = part.discriminator.and_then(|d| self.discriminator(d, &variants, &components, &part.pointer));
        // Only an untagged `oneOf` can be valid under more than one variant: a tag names one.
        let one_of = part.key == "oneOf";
        Lowered::Kind(TypeKind::Union(ir::Union { tag, variants, objects_first: false, one_of }))
    }

    /// The tag of a union: `mapping`'s values, then each `$ref` variant by its schema's
    /// name. `None` (with a warning) when some variant has no value, since such a union
    /// cannot be read by its tag.
    fn discriminator(
        &mut self,
        d: &Discriminator,
        variants: &[ir::UnionVariant],
        components: &[Option<String>],
        pointer: &str,
    ) -> Option<ir::Discriminator> {
        let at = format!("{}/discriminator", pointer.rsplit_once('/').map_or(pointer, |(p, _)| p));
        let mut mapping: Vec<(String, TypeId)> = Vec::new();
        for (value, target) in &d.mapping {
            let name = component_name::<Schema>(target).unwrap_or(target);
            let Some(id) = self.components.get(name).copied() else {
                let at = push_pointer(&format!("{at}/mapping"), value);
                let named: Vec<(&str, TypeId)> = variants
                    .iter()
                    .zip(components)
                    .filter_map(|(v, c)| match (&v.ty, c) {
                        (TypeRef::Named(id), Some(c)) => Some((c.as_str(), *id)),
                        _ => None,
                    })
                    .collect();
                if let Some(id) = self.unresolved_mapping(value, target, &named, &at) {
                    mapping.push((value.clone(), id));
                }
                continue;
            };
            if variants.iter().any(|v| v.ty == TypeRef::Named(id)) {
                mapping.push((value.clone(), id));
            } else {
                self.error(
                    &push_pointer(&format!("{at}/mapping"), value),
                    format!("the discriminator maps `{value}` to `{target}`, which is not a variant of this union"),
                    None,
                );
                return None;
            }
        }
        for (v, component) in variants.iter().zip(components) {
            let TypeRef::Named(id) = v.ty else { continue };
            if mapping.iter().any(|(_, t)| *t == id) {
                // Mapped explicitly, a `$ref` variant is still named by its schema's name:
                // "the value of the property named in propertyName is used as the name of the
                // associated schema under the Components Object, unless a mapping is present
                // for that value" (OpenAPI 3.1.1, Discriminator Object). So DigitalOcean's
                // `resize` and `CorpusResize` both select `CorpusResize`; the mapped value
                // stays first, the one written.
                if let Some(c) = component.as_ref().filter(|c| !mapping.iter().any(|(v, _)| v == *c)) {
                    mapping.push((c.clone(), id));
                }
                continue;
            }
            // A variant whose tag property is an enum of one says its own value, the only
            // one its schema allows (Spotify's `TrackObject` has `type: {enum: [track]}`,
            // where the implicit `TrackObject` could never validate): that value first,
            // then a `$ref` variant's schema name, which OpenAPI's implicit mapping gives.
            let single = self
                .single_value(id, &d.property_name)
                .or_else(|| component.as_deref().and_then(|c| self.declared_single_value(c, &d.property_name)));
            for value in single.into_iter().chain(component.clone()) {
                if !mapping.iter().any(|(v, _)| *v == value) {
                    mapping.push((value, id));
                }
            }
        }
        let unmapped =
            variants.iter().any(|v| !matches!(v.ty, TypeRef::Named(id) if mapping.iter().any(|(_, t)| *t == id)));
        if unmapped {
            self.warn(
                &at,
                "a variant of this union has no discriminator value (not in `mapping`, not a `$ref` to a \
                 component schema, and its tag property is not an enum of one value); the union is read \
                 untagged, trying its variants in order",
            );
            return None;
        }
        Some(ir::Discriminator { property: d.property_name.clone(), mapping })
    }

    /// A `mapping` value that names no schema here (OpenAPI 3.0.3: a value is a schema name
    /// or a reference): typically a reference into a file the bundle left out, as in
    /// DigitalOcean's `models/droplet_actions.yml#/droplet_action`. Such a value still
    /// says which schema it means by its last name, so a variant that is a `$ref` to a
    /// component of exactly that name (`named`: each such variant's component and type)
    /// takes the tag value; otherwise the entry is left out and the variants keep their
    /// implicit values. Either way the warning says which.
    pub(super) fn unresolved_mapping(
        &mut self,
        value: &str,
        target: &str,
        named: &[(&str, TypeId)],
        at: &str,
    ) -> Option<TypeId> {
        let last = target.rsplit(['/', '#']).find(|s| !s.is_empty()).unwrap_or(target);
        let stem =
            last.strip_suffix(".json").or_else(|| last.strip_suffix(".yaml")).or_else(|| last.strip_suffix(".yml"));
        let name = stem.unwrap_or(last);
        let matches: Vec<TypeId> = named.iter().filter(|(c, _)| *c == name).map(|(_, id)| *id).collect();
        let head = format!("the discriminator maps `{value}` to `{target}`, which names no schema in this document");
        if let [id] = matches.as_slice() {
            self.warn(at, format!("{head}; `{value}` selects the variant `{name}`, the one by that name"));
            return Some(*id);
        }
        self.warn(
            at,
            format!(
                "{head}, nor a variant by its name `{name}`; the entry is left out, so `{value}` selects no \
                 variant and each variant keeps its implicit value"
            ),
        );
        None
    }
}
