//! Parameters: one list per operation, each with its location, style and explode, in the
//! order of the typed request's fields.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::operations::Names;
use super::{Ctx, Hint, Lowerer, PendingOp};
use crate::diagnostics::push_pointer;
use crate::emit;
use crate::ir::{self, ParamLocation, ParamStyle, TypeRef};
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
        let mut fields = Namespace::new(emit::RESERVED_PARAM_NAMES);
        fields.reserve(emit::client::RESERVED_CALL_METHODS);
        let mut out = Vec::new();
        for (ptr, p) in declared {
            if let Some(param) = self.param(p, &ptr, names, operation_id, &mut fields) {
                out.push((param, ptr));
            }
        }
        // Stable: each location keeps declaration order.
        out.sort_by_key(|(p, _)| p.location);
        (out, fields)
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
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => s,
            ParameterSchemaOrContent::Content(_) => {
                self.error(
                    ptr,
                    format!("parameter `{}` uses `content`; only `schema` is supported yet", data.name),
                    None,
                );
                return None;
            }
        };
        let prefix = &names.type_prefix;
        let preferred = naming::type_name(&data.name);
        let ctx = Ctx {
            pointer: format!("{ptr}/schema"),
            hint: Hint {
                qualified: format!("{prefix}{preferred}"),
                preferred,
                context: format!("the `{}` parameter of `{operation_id}`", data.name),
            },
            op_prefix: prefix,
            use_name: Some((data.name.clone(), data.description.clone())),
        };
        let ty = self.schema_ref(schema, &ctx);
        let param_name = naming::value_name(&data.name);
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
        };
        self.supported(param, ptr)
    }

    /// Resolves the aliases in every parameter's type, now that every component is
    /// lowered, and refuses what an alias hid from [`Lowerer::supported`]: an alias of a
    /// list or map where one value must go.
    pub(super) fn resolve_params(&mut self, ops: &mut [PendingOp]) {
        for op in ops {
            for (p, ptr) in op.op.params.iter_mut().zip(&op.param_pointers) {
                p.resolved_ty = self.resolve_aliases(&p.ty);
                if !matches!(p.ty, TypeRef::Named(_)) {
                    continue;
                }
                let name = &p.wire_name;
                match p.location {
                    ParamLocation::Path | ParamLocation::Header if !p.resolved_ty.is_scalar() => self.error(
                        ptr,
                        format!("parameter `{name}` is an alias of a list or object; it must be a single value"),
                        None,
                    ),
                    ParamLocation::Query if matches!(p.resolved_ty, TypeRef::Map(_)) => self.error(
                        ptr,
                        format!("query parameter `{name}` is an object; object query parameters are not supported yet"),
                        None,
                    ),
                    _ => {}
                }
            }
        }
    }

    /// The parameter if the emitters can print it; otherwise a located error says why.
    fn supported(&mut self, param: ir::Param, ptr: &str) -> Option<ir::Param> {
        let name = &param.wire_name;
        match param.location {
            ParamLocation::Path => {
                if param.style != ParamStyle::Simple {
                    self.error(ptr, "path parameter styles other than `simple` are not supported yet", None);
                }
                if !param.required {
                    self.warn(ptr, format!("path parameter `{name}` must be required; read as required"));
                }
                if !param.ty.is_scalar() {
                    self.error(
                        ptr,
                        format!("path parameter `{name}` must be a single value, not an array or object"),
                        None,
                    );
                }
                Some(ir::Param { required: true, ..param })
            }
            ParamLocation::Query => {
                if param.style != ParamStyle::Form {
                    let style = match param.style {
                        ParamStyle::SpaceDelimited => "SpaceDelimited",
                        ParamStyle::PipeDelimited => "PipeDelimited",
                        _ => "DeepObject",
                    };
                    self.error(ptr, format!("query style `{style}` is not supported yet; only `form` is"), None);
                }
                if param.allow_reserved {
                    self.warn(ptr, "`allowReserved` is ignored; reserved characters are always percent-encoded");
                }
                if matches!(&param.ty, TypeRef::Map(_)) {
                    self.error(
                        ptr,
                        format!("query parameter `{name}` is an object; object query parameters are not supported yet"),
                        None,
                    );
                }
                Some(param)
            }
            ParamLocation::Header => {
                if !param.ty.is_scalar() {
                    self.error(ptr, format!("header `{name}` must be a single value"), None);
                }
                Some(param)
            }
            ParamLocation::Cookie => {
                self.error(ptr, format!("cookie parameter `{name}` is not supported yet"), None);
                None
            }
        }
    }
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}
