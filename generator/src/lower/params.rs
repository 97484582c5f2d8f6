//! Parameters: one list per operation, each with its location, style and explode, in the
//! order of the typed request's fields.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::operations::Names;
use super::{Ctx, Hint, Lowerer, PendingOp};
use crate::diagnostics::push_pointer;
use crate::ir::contract;
use crate::ir::{self, ParamLocation, ParamStyle, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

impl Lowerer<'_> {
    /// The operation's parameters (path-item ones overridden by the operation's own with
    /// the same name and location), and the namespace of the typed request's fields, in
    /// which the body's field is claimed next.
    pub(super) fn params(
        &mut self,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        item_ptr: &str,
        op_ptr: &str,
        names: &Names,
        operation_id: &str,
    ) -> (Vec<(ir::Param, String)>, Namespace) {
        let mut declared: Vec<(String, &Parameter)> = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let ptr = format!("{item_ptr}/parameters/{i}");
            if let Some(p) = self.resolve(p, &ptr) {
                declared.push((ptr, p));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let ptr = format!("{op_ptr}/parameters/{i}");
            if let Some(p) = self.resolve(p, &ptr) {
                let data = p.parameter_data_ref();
                declared.retain(|(_, q)| !(q.parameter_data_ref().name == data.name && same_location(p, q)));
                declared.push((ptr, p));
            }
        }
        // A parameter's name is a field of the typed request, a client argument or setter
        // (beside the pending call's own methods), and sits beside the arguments of the
        // functions that build and read the request.
        let mut fields = Namespace::new(contract::PARAM_NAMES);
        fields.reserve(contract::CALL_METHODS);
        let mut out = Vec::new();
        for (ptr, p) in declared {
            if let Some(param) = self.param(p, &ptr, names, operation_id, &mut fields) {
                out.push((param, ptr));
            }
        }
        // Stable: each location keeps declaration order.
        out.sort_by_key(|(p, _)| p.location);
        self.one_query_string(&mut out);
        (out, fields)
    }

    /// A parameter `in: querystring` is the whole query string, so it cannot share the
    /// query with `in: query` parameters or another of its kind (OpenAPI 3.2 forbids both):
    /// the others are kept and it is left out, with a warning.
    fn one_query_string(&mut self, params: &mut Vec<(ir::Param, String)>) {
        let mut seen_query = params.iter().any(|(p, _)| p.location == ParamLocation::Query);
        let mut left_out = Vec::new();
        params.retain(|(p, ptr)| {
            if p.location != ParamLocation::QueryString {
                return true;
            }
            if seen_query {
                left_out.push(ptr.clone());
                return false;
            }
            seen_query = true;
            true
        });
        for ptr in left_out {
            let message = "a parameter `in: querystring` is the whole query string, which this operation's other \
                           query parameters share; it is left out";
            self.warn(&ptr, message);
        }
    }

    fn param(
        &mut self,
        p: &Parameter,
        ptr: &str,
        names: &Names,
        operation_id: &str,
        fields: &mut Namespace,
    ) -> Option<ir::Param> {
        let data = p.parameter_data_ref();
        // No request can carry a header, query key or cookie without a name (Notion's
        // retrievePage declares a header named ``): the parameter is left out.
        if data.name.is_empty() {
            self.warn(ptr, "a parameter with an empty `name` cannot be sent or read; it is left out");
            return None;
        }
        let whole_query = data.extensions.get(crate::v32::QUERYSTRING) == Some(&serde_json::Value::Bool(true));
        let (schema, content_type) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (s, None),
            ParameterSchemaOrContent::Content(content) => {
                // OpenAPI allows exactly one entry; JSON is what real APIs put there.
                let mut entries = content.iter();
                let (Some((media, entry)), None) = (entries.next(), entries.next()) else {
                    self.error(ptr, format!("parameter `{}` must have exactly one `content` entry", data.name), None);
                    return None;
                };
                let kind = super::media::classify(media, false);
                // The whole query string may be a form, the query's own media type.
                let form = whole_query && kind == Some(ir::Media::FormUrlEncoded);
                if kind != Some(ir::Media::Json) && !form {
                    self.error(
                        ptr,
                        format!("parameter `{}` is `{media}` content; only JSON content is supported", data.name),
                        None,
                    );
                    return None;
                }
                let Some(schema) = &entry.schema else {
                    self.error(ptr, format!("parameter `{}` has `content` without a `schema`", data.name), None);
                    return None;
                };
                (schema, Some(media.clone()))
            }
        };
        let prefix = &names.type_prefix;
        // What the code calls the parameter: its wire name, unless `x-ms-client-name` says.
        let spoken = super::client_name(&data.extensions).unwrap_or(&data.name);
        let preferred = naming::type_name(spoken);
        let schema_ptr = match &content_type {
            None => format!("{ptr}/schema"),
            Some(media) => format!("{}/schema", push_pointer(&format!("{ptr}/content"), media)),
        };
        let ctx = Ctx {
            pointer: schema_ptr,
            hint: Hint {
                qualified: format!("{prefix}{preferred}"),
                preferred,
                context: format!("the `{}` parameter of `{operation_id}`", data.name),
            },
            op_prefix: prefix,
            use_name: Some((data.name.clone(), data.description.clone())),
        };
        let ty = self.schema_ref(schema, &ctx);
        let param_name = naming::value_name(spoken);
        let fn_name = &names.fn_name;
        if let Some(example) = &data.example {
            self.examples.push((
                format!("{fn_name}_{param_name}"),
                format!("{ptr}/example"),
                example.clone(),
                ty.clone(),
            ));
        }
        for (key, ex) in &data.examples {
            if let ReferenceOr::Item(openapiv3::Example { value: Some(v), .. }) = ex {
                let e_ptr = push_pointer(&format!("{ptr}/examples"), key);
                let name = format!("{fn_name}_{param_name}_{}", naming::value_name(key));
                self.examples.push((name, format!("{e_ptr}/value"), v.clone(), ty.clone()));
            }
        }
        let allow_empty = matches!(p, Parameter::Query { allow_empty_value: Some(true), .. });
        let (location, style, allow_reserved) = match p {
            Parameter::Path { style, .. } => (
                ParamLocation::Path,
                match style {
                    openapiv3::PathStyle::Simple => ParamStyle::Simple,
                    openapiv3::PathStyle::Label => ParamStyle::Label,
                    openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
                },
                false,
            ),
            Parameter::Query { .. } if whole_query => (ParamLocation::QueryString, ParamStyle::Form, false),
            Parameter::Query { style, allow_reserved, .. } => (
                ParamLocation::Query,
                match style {
                    openapiv3::QueryStyle::Form => ParamStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
                *allow_reserved,
            ),
            Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple, false),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, false),
        };
        let secret = matches!(schema, ReferenceOr::Item(s) if super::schemas::is_password(s));
        let constraints = self.constraints(schema, &ty, &ctx.pointer);
        let param = ir::Param {
            wire_name: data.name.clone(),
            name: fields.claim(&param_name),
            doc: data.description.clone(),
            // Aliases are resolved once every component is lowered (`resolve_params`).
            resolved_ty: ty.clone(),
            ty,
            required: data.required,
            location,
            style,
            // OpenAPI's default: exploded for `form`, joined for every other style.
            explode: data.explode.unwrap_or(style == ParamStyle::Form),
            allow_reserved,
            allow_empty,
            content_type,
            secret,
            other_query_keys: Vec::new(),
            sample: self.synthesise_text(schema).to_string(),
            constraints,
            bounds: self.bounds(schema),
            uuid: self.is_uuid(schema),
            length: self.length(schema),
        };
        self.supported(param, ptr)
    }

    /// A string schema's (or an array's items') `minLength` and `maxLength` (Zuora's
    /// `Zuora-Track-Id` header, `maxLength: 64`, on every operation).
    fn length(&self, schema: &ReferenceOr<openapiv3::Schema>) -> Option<(Option<u64>, Option<u64>)> {
        use openapiv3::{SchemaKind, Type};
        let schema = self.lookup(schema)?;
        let as_u64 = |n: Option<usize>| n.and_then(|n| u64::try_from(n).ok());
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) if t.min_length.is_some() || t.max_length.is_some() => {
                Some((as_u64(t.min_length), as_u64(t.max_length)))
            }
            SchemaKind::Type(Type::Array(a)) => match a.items.as_ref()? {
                ReferenceOr::Item(item) => self.length(&ReferenceOr::Item((**item).clone())),
                ReferenceOr::Reference { reference } => {
                    self.length(&ReferenceOr::Reference { reference: reference.clone() })
                }
            },
            _ => None,
        }
    }

    /// Whether a string schema (or an array's items) says `format: uuid` (DigitalOcean's
    /// path ids took `null,null`: schemathesis's negative_data_rejection).
    fn is_uuid(&self, schema: &ReferenceOr<openapiv3::Schema>) -> bool {
        use openapiv3::{SchemaKind, Type, VariantOrUnknownOrEmpty};
        let Some(schema) = self.lookup(schema) else { return false };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                matches!(&t.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid")
            }
            SchemaKind::Type(Type::Array(a)) => match a.items.as_ref() {
                Some(ReferenceOr::Item(item)) => self.is_uuid(&ReferenceOr::Item((**item).clone())),
                Some(ReferenceOr::Reference { reference }) => {
                    self.is_uuid(&ReferenceOr::Reference { reference: reference.clone() })
                }
                None => false,
            },
            _ => false,
        }
    }

    /// A number or integer schema's `minimum` and `maximum`, or its items' for an array
    /// (schemathesis's negative_data_rejection found them unchecked: Box's `limit`,
    /// Shutterstock's `per_page`).
    fn bounds(&self, schema: &ReferenceOr<openapiv3::Schema>) -> Option<ir::Bounds> {
        use openapiv3::{SchemaKind, Type};
        let schema = self.lookup(schema)?;
        let bound = |value: Option<f64>, exclusive: bool| value.map(|value| ir::Bound { value, exclusive });
        // An integer bound past 2^53 is rounded to the nearest `f64`: emission turns it back
        // into the parameter's integer type, clamped.
        let bounds = match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(t)) => ir::Bounds {
                minimum: bound(t.minimum.map(|m| m as f64), t.exclusive_minimum),
                maximum: bound(t.maximum.map(|m| m as f64), t.exclusive_maximum),
            },
            SchemaKind::Type(Type::Number(t)) => ir::Bounds {
                minimum: bound(t.minimum, t.exclusive_minimum),
                maximum: bound(t.maximum, t.exclusive_maximum),
            },
            SchemaKind::Type(Type::Array(a)) => {
                return match a.items.as_ref()? {
                    ReferenceOr::Item(item) => self.bounds(&ReferenceOr::Item((**item).clone())),
                    ReferenceOr::Reference { reference } => {
                        self.bounds(&ReferenceOr::Reference { reference: reference.clone() })
                    }
                };
            }
            _ => return None,
        };
        (bounds.minimum.is_some() || bounds.maximum.is_some()).then_some(bounds)
    }

    /// Resolves the aliases in every parameter's type, now that every component is
    /// lowered, and refuses the values a parameter's style cannot carry.
    pub(super) fn resolve_params(&mut self, ops: &mut [PendingOp], schemes: &[ir::SecurityScheme]) {
        let query_keys: Vec<String> = schemes
            .iter()
            .filter_map(|s| match &s.kind {
                ir::SecurityKind::ApiKeyQuery { param } => Some(param.clone()),
                _ => None,
            })
            .collect();
        for op in ops {
            self.rest_of_query(op, &query_keys);
            if let Some(b) = &mut op.op.body {
                let ty = self.resolve_aliases(&b.primary().ty);
                b.constraints = super::constraints::refit(std::mem::take(&mut b.constraints), &ty);
            }
            for (p, ptr) in op.op.params.iter_mut().zip(&op.param_pointers) {
                p.resolved_ty = self.resolve_aliases(&p.ty);
                p.constraints = super::constraints::refit(std::mem::take(&mut p.constraints), &p.resolved_ty);
                if p.content_type.is_some() {
                    continue;
                }
                let kind = self.value_kind(&p.resolved_ty);
                // OpenAPI defines deepObject for objects only; APIs that use it for lists
                // and deeper values (Stripe's `expand[]`, `items[0][price]`) send them as
                // nested brackets, which is what the client writes and the server reads.
                if p.location == ParamLocation::Query && p.style == ParamStyle::DeepObject {
                    if kind == ValueKind::Scalar {
                        let message = format!(
                            "parameter `{}` has style `deepObject`, which OpenAPI defines for objects only; a \
                             single value has no keys to bracket, so it is sent in style `form` (`{0}=a`)",
                            p.wire_name
                        );
                        self.warn(ptr, message);
                        p.style = ParamStyle::Form;
                        p.explode = true;
                    } else if !matches!(kind, ValueKind::Struct | ValueKind::Map) {
                        let message = format!(
                            "parameter `{}` has style `deepObject`, which OpenAPI defines for objects only; its \
                             value is sent as nested brackets with lists indexed (`{0}[0]=a`, `{0}[0][k]=v`), as \
                             Stripe's SDKs send them",
                            p.wire_name
                        );
                        self.warn(ptr, message);
                    }
                    continue;
                }
                if kind == ValueKind::Other {
                    self.json_fallback(p, ptr);
                    continue;
                }
                if let Some(why) = refusal(p, kind) {
                    self.error(ptr, format!("parameter `{}` {why}", p.wire_name), None);
                }
            }
        }
    }

    /// Gives an exploded form map the query keys that are not its own (see
    /// `ir::Param::other_query_keys`). Two such maps in one operation could not tell their
    /// keys apart: the second is refused.
    fn rest_of_query(&mut self, op: &mut PendingOp, api_keys: &[String]) {
        let mut claimed = false;
        for i in 0..op.op.params.len() {
            let resolved = self.resolve_aliases(&op.op.params[i].ty);
            let p = &op.op.params[i];
            let exploded_map = p.location == ParamLocation::Query
                && p.style == ParamStyle::Form
                && p.explode
                && p.content_type.is_none()
                && self.value_kind(&resolved) == ValueKind::Map;
            if !exploded_map {
                continue;
            }
            if claimed {
                let message = format!(
                    "parameter `{}` is a second map in style `form` with `explode` in this operation: the \
                     query keys could not be told apart between them",
                    p.wire_name
                );
                let ptr = op.param_pointers[i].clone();
                self.error(&ptr, message, Some("give one of them `style: deepObject`, or `explode: false`"));
                continue;
            }
            claimed = true;
            let mut others: Vec<String> = op
                .op
                .params
                .iter()
                .enumerate()
                .filter(|(j, q)| *j != i && q.location == ParamLocation::Query)
                .map(|(_, q)| q.wire_name.clone())
                .chain(api_keys.iter().cloned())
                .collect();
            others.sort();
            others.dedup();
            op.op.params[i].other_query_keys = others;
        }
    }

    /// What a type is to a parameter style.
    fn value_kind(&self, t: &TypeRef) -> ValueKind {
        let named = |t: &TypeRef| match t {
            TypeRef::Named(id) => Some(&self.candidates[id.index()].kind),
            _ => None,
        };
        let is_enum = |t: &TypeRef| matches!(named(t), Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)));
        // A free-form value is written as its JSON text, as it always has been. A union of
        // scalars and enums (an `enum` of mixed scalars) prints as one text, as
        // `emit::models::scalar_union` gives it `Display`/`FromStr`.
        let scalar = |t: &TypeRef| {
            t.is_primitive()
                || *t == TypeRef::Any
                || is_enum(t)
                || match named(t) {
                    Some(TypeKind::Union(u)) => u.variants.iter().all(|v| v.ty.is_primitive() || is_enum(&v.ty)),
                    _ => false,
                }
        };
        match t {
            _ if scalar(t) => ValueKind::Scalar,
            TypeRef::Array(inner) if scalar(&self.resolve_aliases(inner)) => ValueKind::Array,
            TypeRef::Map(inner) if scalar(&self.resolve_aliases(inner)) => ValueKind::Map,
            _ => match named(t) {
                Some(TypeKind::Struct(s)) if s.additional.is_none() => ValueKind::Struct,
                _ => ValueKind::Other,
            },
        }
    }

    /// The parameter, with a warning where OpenAPI requires what the spec left out.
    fn supported(&mut self, param: ir::Param, ptr: &str) -> Option<ir::Param> {
        if param.location == ParamLocation::Path && !param.required {
            self.warn(ptr, format!("path parameter `{}` must be required; read as required", param.wire_name));
            return Some(ir::Param { required: true, ..param });
        }
        Some(param)
    }
}

impl Lowerer<'_> {
    /// Sends a parameter whose value no style can write as JSON text, as if it were
    /// declared with `content: {application/json: …}`, and says so where it is declared.
    /// OpenAPI 3.0.3 defines each style for scalars, lists of scalars and objects only, so
    /// a list of objects (Box's `mdfilters`) has no serialization of its own; the APIs that
    /// declare one take JSON there (Box documents `mdfilters=[{"scope":…}]`), and JSON is
    /// the one encoding that carries any schema's value in a single text. Client and server
    /// both read `content_type`, so they agree on it.
    fn json_fallback(&mut self, p: &mut ir::Param, ptr: &str) {
        let what = match &p.resolved_ty {
            TypeRef::Array(_) => "a list of lists or objects",
            TypeRef::Map(_) => "a map of lists or objects",
            _ => "an object or union holding lists or objects",
        };
        let name = &p.wire_name;
        let place = match p.location {
            ParamLocation::Path => "in the path segment, percent-encoded".to_string(),
            ParamLocation::Query => format!("in one query value, percent-encoded (`{name}=<JSON>`)"),
            ParamLocation::QueryString => "as the whole query string, percent-encoded".to_string(),
            ParamLocation::Header => "in the header's value".to_string(),
            ParamLocation::Cookie => "in the cookie's value".to_string(),
        };
        let style = match p.style {
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        };
        self.warn(
            ptr,
            format!(
                "parameter `{name}` is {what}, which style `{style}` cannot carry (OpenAPI defines styles \
                 for scalars, lists of scalars and objects only); it is sent as JSON text {place}, as if \
                 declared with `content: {{application/json: …}}`"
            ),
        );
        p.content_type = Some(JSON_FALLBACK.to_string());
    }
}

/// The media type a parameter falls back to when its style cannot carry its value.
const JSON_FALLBACK: &str = "application/json";

/// What a parameter's type is, to its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    /// Text, a number, a boolean, a date, an enum or a union of those.
    Scalar,
    /// A list of scalars.
    Array,
    /// A struct of declared properties (which the runtime checks are scalars, or for
    /// deepObject nested as deep as they go).
    Struct,
    /// A map of scalars.
    Map,
    /// Anything else: lists of lists or objects, free-form values.
    Other,
}

/// Why a parameter's style cannot carry its value, if it cannot: OpenAPI defines styles
/// for scalars, lists of scalars and objects (anything deeper went to JSON already, see
/// [`Lowerer::json_fallback`]).
fn refusal(p: &ir::Param, kind: ValueKind) -> Option<String> {
    match (p.location, p.style, kind) {
        // OpenAPI 3.0.3's style table defines these objects without `explode` only
        // (`color=R|100|G|200`); exploded, the table says "n/a".
        (
            ParamLocation::Query,
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited,
            ValueKind::Struct | ValueKind::Map,
        ) if p.explode => Some(format!(
            "is an object in style `{}` with `explode: true`, which OpenAPI 3.0.3 leaves undefined (n/a in its \
             style table); use `explode: false` or `deepObject`",
            if p.style == ParamStyle::SpaceDelimited { "spaceDelimited" } else { "pipeDelimited" }
        )),
        _ => None,
    }
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}
