//! What the IR says about a value beyond its type: the string formats the runtime reads
//! strictly ([`TextFormat`]), and the constraints a value must meet ([`Constraints`]),
//! which the client checks before it sends.

use serde::Serialize;

use super::{Api, TypeKind, TypeRef};
use crate::patterns::Engine;

/// A string format with a type of its own in the runtime's `formats` module: malformed
/// text is a decode error (a 400 on the server), and writing gives the canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TextFormat {
    /// `format: byte`: base64 (RFC 4648 §4), the runtime's `Base64` (its `Vec<u8>`).
    Byte,
    /// `format: duration`: an ISO 8601 duration (`P3Y6M4DT12H30M5S`), the runtime's
    /// `IsoDuration`.
    Duration,
    /// `format: date-time-rfc1123` (AutoRest's): `Fri, 31 Dec 9999 23:59:59 GMT`, the
    /// runtime's `Rfc1123`.
    DateTimeRfc1123,
}

/// An inclusive or exclusive bound of a number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// `minimum` and `maximum` of a number or integer parameter (of each item, for a list),
/// which the server's reader checks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bounds {
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
}

/// The JSON Schema validation keywords of a parameter's or property's own schema
/// (`minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `multipleOf`, `minItems`,
/// `maxItems`, `uniqueItems`, some formats), and its items' or values': what the client
/// checks before sending and the server after reading a body. A `pattern` here
/// compiles (lowering leaves out, with a warning, one the runtime's regex cannot read).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    /// A map's least and greatest number of entries (`minProperties`, `maxProperties`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    /// A string format the crate keeps as text but checks (`uuid`, `email`, `uri`,
    /// `uri-reference`, `ipv4`, `ipv6`, `hostname`, `time`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// A property a request must carry though its field is optional: `required` and
    /// `writeOnly`, which a response leaves out, so the one type that serves both cannot
    /// require it (Linode's `root_pass`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The values `not: {enum: […]}` excludes, strings of a string and numbers of a
    /// number (the `not` the runtime checks; `lower::constraints::check_not`), and the
    /// boolean a boolean's `enum` leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<serde_json::Value>,
    /// The constraints of each item of a list, or of each value of a map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub each: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Whether a pattern here (or its items' or values') needs the backtracking engine
    /// (`crate::patterns::Engine::Backtracking`).
    fn backtracks(&self) -> bool {
        let own = self.pattern.as_deref().and_then(crate::patterns::engine) == Some(Engine::Backtracking);
        own || self.each.as_deref().is_some_and(Constraints::backtracks)
    }
}

impl Api {
    /// Whether any type, parameter, body or header holds a [`TypeRef::Format`], so the
    /// crate needs the runtime's `formats` module and its dependencies.
    pub fn uses_formats(&self) -> bool {
        let types = self.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().any(|f| f.ty.has_format()) || s.additional.as_ref().is_some_and(|a| a.ty.has_format())
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| v.ty.has_format()),
            TypeKind::Alias(t) => t.has_format(),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => false,
        });
        types
            || self.operations.iter().chain(&self.webhooks).any(|op| {
                let params = op.params.iter().any(|p| p.ty.has_format());
                let request = op.body.iter().flat_map(|b| &b.bodies).any(|b| b.ty.has_format());
                let responses = op
                    .responses
                    .iter()
                    .any(|r| r.bodies.iter().any(|b| b.ty.has_format()) || r.headers.iter().any(|h| h.ty.has_format()));
                params || request || responses
            })
    }

    /// Whether a pattern the crate checks needs the backtracking engine, so the crate
    /// depends on `fancy-regex` and its `patterns` module falls back to it.
    pub fn uses_backtracking_patterns(&self) -> bool {
        let fields = self.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.constraints.backtracks()),
            TypeKind::Union(u) => u.variants.iter().any(|v| v.constraints.backtracks()),
            _ => false,
        });
        fields
            || self.operations.iter().chain(&self.webhooks).any(|op| {
                op.params.iter().any(|p| p.constraints.backtracks())
                    || op.body.as_ref().is_some_and(|b| b.constraints.backtracks())
            })
    }

    /// Whether the crate needs the runtime's `constraints` module: a parameter, a request
    /// body's own value or a field has constraints.
    pub fn uses_constraints(&self) -> bool {
        let ops = || self.operations.iter().chain(&self.webhooks);
        self.types.iter().any(|t| t.checked)
            || ops().flat_map(|o| &o.params).any(|p| !p.constraints.is_empty())
            || ops().filter_map(|o| o.body.as_ref()).any(|b| !b.constraints.is_empty())
    }

    /// For each type of the arena, whether its values have something to check: a struct
    /// with a constrained field, or a field holding such a type (in a list, a map or an
    /// option); a union with a constrained variant or a variant holding one
    /// (DigitalOcean's `oneOf` bodies); an alias of one.
    pub fn checked_types(&self) -> Vec<bool> {
        let mut checked = vec![false; self.types.len()];
        // A fixed point: each round marks the structs that hold a struct marked before.
        loop {
            let mut changed = false;
            for (i, t) in self.types.iter().enumerate() {
                let holds = match &t.kind {
                    TypeKind::Struct(s) => {
                        !s.present_any.is_empty()
                            || s.fields.iter().any(|f| !f.constraints.is_empty() || holds_checked(&f.ty, &checked))
                    }
                    TypeKind::Union(u) => {
                        u.variants.iter().any(|v| !v.constraints.is_empty() || holds_checked(&v.ty, &checked))
                    }
                    TypeKind::Alias(inner) => holds_checked(inner, &checked),
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => false,
                };
                if !checked[i] && holds {
                    checked[i] = true;
                    changed = true;
                }
            }
            if !changed {
                return checked;
            }
        }
    }
}

impl TypeRef {
    /// Whether a value of this type holds a [`super::TypeDef::checked`] type, through
    /// lists and maps.
    pub fn is_checked(&self, api: &Api) -> bool {
        match self {
            TypeRef::Named(id) => api.ty(*id).checked,
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.is_checked(api),
            _ => false,
        }
    }
}

/// Whether a value of `t` holds a type `checked` marks, through lists and maps.
fn holds_checked(t: &TypeRef, checked: &[bool]) -> bool {
    match t {
        TypeRef::Named(id) => checked.get(id.index()).copied().unwrap_or(false),
        TypeRef::Array(inner) | TypeRef::Map(inner) => holds_checked(inner, checked),
        _ => false,
    }
}
