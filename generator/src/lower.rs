//! Lower: openapiv3's document → [`ir::Api`]. This is where `$ref`s are resolved, types
//! are deduplicated, every name is chosen, and what we do not support is refused.
//!
//! Types are found in three passes:
//! 1. Walk the operations and component schemas. Every schema that needs a named type (an
//!    object with properties, an enum, a union) becomes a candidate keyed by its
//!    structure (title included, documentation excluded), so identical schemas found in
//!    different places are one candidate. References between candidates are placeholders.
//! 2. Choose names (the rules are in ARCHITECTURE.md, "Naming"): component schemas keep
//!    their key; a title names its schema unless several different shapes share it, in
//!    which case each is qualified by the operation that uses it; untitled schemas are
//!    named from where they appear. A name wanted by two different types is qualified for
//!    both; what still collides gets a number.
//! 3. Replace placeholders with the chosen names.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    SecurityScheme as OaSecurityScheme, StatusCode, Type, VariantOrUnknownOrEmpty,
};

use crate::diagnostics::{Diagnostic, push_pointer};
use crate::ir::{self, ResponseBody, Status, TypeKind, TypeRef};
use crate::load::Sources;
use crate::naming::{self, Namespace};

/// Lowers a parsed document. `None` if an error was reported.
pub fn lower(
    doc: &OpenAPI,
    sources: &Sources,
    settings: ir::Settings,
    spec_path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<ir::Api> {
    let mut l = Lowerer {
        doc,
        sources,
        diags,
        failed: false,
        candidates: Vec::new(),
        by_key: BTreeMap::new(),
        components: BTreeMap::new(),
        settings: settings.clone(),
        examples: Vec::new(),
    };
    l.reserve_components();
    let (security_schemes, bearer_fallback) = l.security_schemes();
    let operations = l.operations(&security_schemes);
    l.component_bodies();
    if l.failed {
        return None;
    }
    let (types, names) = l.name_types(&operations);
    let mut operations = operations;
    for op in &mut operations {
        op.resolve(&names);
    }
    let examples = l.examples_resolved(&operations, &names);
    if l.failed {
        return None;
    }
    let info = &doc.info;
    Some(ir::Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        spec_path: spec_path.to_string(),
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        settings,
        types,
        operations: operations.into_iter().map(|o| o.op).collect(),
        security_schemes,
        bearer_fallback,
        examples,
    })
}

/// Where a candidate type was first needed, for naming it.
#[derive(Clone, Debug)]
struct Hint {
    /// The name it gets if nothing else wants it.
    preferred: String,
    /// The name it gets when its preferred name is ambiguous.
    qualified: String,
    /// Where it is, in words, for documentation (`the 200 response of `accessTokens_get``).
    context: String,
}

#[derive(Debug)]
struct Candidate {
    kind: TypeKind,
    title: Option<String>,
    component: Option<String>,
    hint: Hint,
    /// The operation prefix of the first use, for qualifying a shared title.
    op_prefix: String,
    /// Where it was first found (a bundled pointer).
    pointer: String,
    doc: Option<String>,
    /// Parameters and properties typed by this candidate, with their descriptions.
    uses: Vec<(String, Option<String>)>,
}

const PLACEHOLDER: char = '\u{0}';

fn placeholder(id: usize) -> TypeRef {
    TypeRef::Named(format!("{PLACEHOLDER}{id}"))
}

/// An example found in a response: (test name, bundled pointer, value, its type).
type PendingExample = (String, String, serde_json::Value, TypeRef);

/// An operation before its types have final names.
struct PendingOp {
    op: ir::Operation,
    examples: Vec<PendingExample>,
}

impl PendingOp {
    fn resolve(&mut self, names: &[String]) {
        let op = &mut self.op;
        for p in op.path_params.iter_mut().chain(&mut op.query_params).chain(&mut op.header_params) {
            resolve_ref(&mut p.ty, names);
        }
        if let Some(b) = &mut op.body {
            resolve_ref(&mut b.ty, names);
        }
        for r in &mut op.responses {
            if let ResponseBody::Json(t) = &mut r.body {
                resolve_ref(t, names);
            }
        }
        for e in &mut self.examples {
            resolve_ref(&mut e.3, names);
        }
    }
}

fn resolve_ref(t: &mut TypeRef, names: &[String]) {
    match t {
        TypeRef::Named(n) => {
            if let Some(id) = n.strip_prefix(PLACEHOLDER).and_then(|i| i.parse::<usize>().ok()) {
                *n = names[id].clone();
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => resolve_ref(inner, names),
        _ => {}
    }
}

/// Context for lowering one schema: where it is and what to call it.
#[derive(Clone)]
struct Ctx<'p> {
    pointer: String,
    hint: Hint,
    op_prefix: &'p str,
    /// The parameter or property this schema types, for documenting shared types.
    use_name: Option<(String, Option<String>)>,
}

impl Ctx<'_> {
    fn child(&self, token: &str, preferred: String, context: String) -> Self {
        Ctx {
            pointer: push_pointer(&self.pointer, token),
            hint: Hint { qualified: format!("{}{preferred}", self.op_prefix), preferred, context },
            op_prefix: self.op_prefix,
            use_name: None,
        }
    }
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    sources: &'a Sources,
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
    candidates: Vec<Candidate>,
    by_key: BTreeMap<String, usize>,
    components: BTreeMap<String, usize>,
    settings: ir::Settings,
    /// Examples found on schemas and parameters (media-type examples stay with their op).
    examples: Vec<PendingExample>,
}

const METHODS: [(&str, ir::Method); 8] = [
    ("get", ir::Method::Get),
    ("put", ir::Method::Put),
    ("post", ir::Method::Post),
    ("delete", ir::Method::Delete),
    ("options", ir::Method::Options),
    ("head", ir::Method::Head),
    ("patch", ir::Method::Patch),
    ("trace", ir::Method::Trace),
];

impl<'a> Lowerer<'a> {
    fn error(&mut self, pointer: &str, message: impl Into<String>, help: Option<&str>) {
        self.failed = true;
        let mut d = Diagnostic::error(message).at(Some(self.sources.locate(pointer)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(message).at(Some(self.sources.locate(pointer))));
    }

    // ----- security -----

    /// The schemes, and the name of the extra bearer credential (see `ir::Api::bearer_fallback`).
    fn security_schemes(&mut self) -> (Vec<ir::SecurityScheme>, Option<String>) {
        let mut out = Vec::new();
        let Some(components) = &self.doc.components else { return (out, None) };
        // Scheme idents name `ClientBuilder` methods, beside the runtime's own.
        let mut idents = Namespace::new(&[
            "bearer_token",
            "timeout",
            "connect_timeout",
            "user_agent",
            "http_client",
            "build",
            "fail",
            "api_key_header",
            "api_key_query",
            "bearer_for",
            "basic_for",
        ]);
        for (name, scheme) in &components.security_schemes {
            let pointer = push_pointer("/components/securitySchemes", name);
            let scheme = match scheme {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.error(&pointer, "a `$ref` to a security scheme is not supported yet", None);
                    continue;
                }
            };
            let (kind, doc) = match scheme {
                OaSecurityScheme::APIKey { location, name: key, description, .. } => match location {
                    openapiv3::APIKeyLocation::Header => {
                        (ir::SecurityKind::ApiKeyHeader { header: key.clone() }, description.clone())
                    }
                    openapiv3::APIKeyLocation::Query => {
                        (ir::SecurityKind::ApiKeyQuery { param: key.clone() }, description.clone())
                    }
                    openapiv3::APIKeyLocation::Cookie => {
                        self.error(&pointer, "API keys in cookies are not supported yet", None);
                        continue;
                    }
                },
                OaSecurityScheme::HTTP { scheme: s, description, .. } if s.eq_ignore_ascii_case("bearer") => {
                    (ir::SecurityKind::Bearer, description.clone())
                }
                OaSecurityScheme::HTTP { scheme: s, description, .. } if s.eq_ignore_ascii_case("basic") => {
                    (ir::SecurityKind::Basic, description.clone())
                }
                OaSecurityScheme::HTTP { scheme: s, .. } => {
                    self.error(&pointer, format!("HTTP authentication scheme `{s}` is not supported yet"), None);
                    continue;
                }
                OaSecurityScheme::OAuth2 { description, .. } | OaSecurityScheme::OpenIDConnect { description, .. } => {
                    // Both end in a bearer access token; obtaining it is the caller's business.
                    (ir::SecurityKind::Bearer, description.clone())
                }
            };
            out.push(ir::SecurityScheme {
                name: name.clone(),
                ident: idents.claim(&naming::value_name(name)),
                doc,
                kind,
            });
        }
        let has_bearer = out.iter().any(|s| s.kind == ir::SecurityKind::Bearer);
        let fallback = (!out.is_empty() && !has_bearer).then(|| idents.claim("bearer"));
        (out, fallback)
    }

    // ----- operations -----

    fn operations(&mut self, schemes: &[ir::SecurityScheme]) -> Vec<PendingOp> {
        let mut out = Vec::new();
        // Methods of the generated `Client` live beside the runtime's own, and the server's
        // `Api` trait has a provided method `error_response` beside the operations'.
        let mut fn_names = Namespace::new(&["new", "builder", "base_url", "execute", "error_response"]);
        let mut prefixes = Namespace::default();
        // The client module's own names; pending-call types must not shadow them.
        let mut call_types = Namespace::new(&[
            "Client",
            "ClientBuilder",
            "Error",
            "ErrorResponse",
            "Response",
            "Call",
            "Query",
            "RawResponse",
        ]);
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.doc.paths.paths {
            let item_ptr = push_pointer("/paths", path);
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { reference } => {
                    self.error(
                        &item_ptr,
                        format!("a path item `$ref` inside the root (`{reference}`) is not supported yet"),
                        None,
                    );
                    continue;
                }
            };
            for (key, method) in METHODS {
                let op = match key {
                    "get" => &item.get,
                    "put" => &item.put,
                    "post" => &item.post,
                    "delete" => &item.delete,
                    "options" => &item.options,
                    "head" => &item.head,
                    "patch" => &item.patch,
                    _ => &item.trace,
                };
                let Some(op) = op else { continue };
                let op_ptr = push_pointer(&item_ptr, key);
                let operation_id = match &op.operation_id {
                    Some(id) => id.clone(),
                    None => {
                        let made = format!("{key}{}", path.replace(['{', '}'], ""));
                        self.warn(
                            &op_ptr,
                            format!(
                                "operation has no `operationId`; named `{}` from its method and path",
                                naming::value_name(&made)
                            ),
                        );
                        made
                    }
                };
                if let Some(first) = seen_ids.insert(operation_id.clone(), op_ptr.clone()) {
                    let first = self.sources.locate(&first);
                    self.error(
                        &format!("{op_ptr}/operationId"),
                        format!("duplicate operationId `{operation_id}` (first used at {first})"),
                        Some("operationIds must be unique across the API"),
                    );
                    continue;
                }
                if !op.callbacks.is_empty() {
                    self.error(&format!("{op_ptr}/callbacks"), "callbacks are not supported", None);
                }
                let fn_name = fn_names.claim(&naming::value_name(&operation_id));
                // A keyword keeps its escape (`self_`, `Self_`) only where it stands alone:
                // names built on it must not carry the underscore inside (`self__with`,
                // `Self_Request`), which rustc's case lints reject.
                let with_fn_name = fn_names.claim(&format!("{}_with", fn_name.trim_end_matches('_')));
                let escaped = naming::type_name(&operation_id);
                let type_prefix = prefixes.claim(escaped.trim_end_matches('_'));
                let call_type = call_types.claim(if type_prefix == escaped.trim_end_matches('_') {
                    &escaped
                } else {
                    &type_prefix
                });
                let pending = self.operation(OpInput {
                    path,
                    item,
                    op,
                    method,
                    op_ptr: &op_ptr,
                    item_ptr: &item_ptr,
                    operation_id,
                    fn_name,
                    with_fn_name,
                    type_prefix,
                    call_type,
                    schemes,
                });
                if let Some(p) = pending {
                    out.push(p);
                }
            }
        }
        out
    }

    fn operation(&mut self, input: OpInput<'_>) -> Option<PendingOp> {
        let OpInput {
            path,
            item,
            op,
            method,
            op_ptr,
            item_ptr,
            operation_id,
            fn_name,
            with_fn_name,
            type_prefix,
            call_type,
            schemes,
        } = input;
        let prefix = type_prefix.clone();
        // Operation parameters override path-item parameters with the same name and location.
        let mut params: Vec<(String, &Parameter)> = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let ptr = format!("{item_ptr}/parameters/{i}");
            if let Some(p) = self.parameter_ref(p, &ptr) {
                params.push((ptr, p));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let ptr = format!("{op_ptr}/parameters/{i}");
            if let Some(p) = self.parameter_ref(p, &ptr) {
                let data = p.parameter_data_ref();
                params.retain(|(_, q)| !(q.parameter_data_ref().name == data.name && same_location(p, q)));
                params.push((ptr, p));
            }
        }
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut names = Namespace::new(&["request", "credentials"]);
        for (ptr, p) in params {
            let data = p.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    self.error(
                        &ptr,
                        format!("parameter `{}` uses `content`; only `schema` is supported yet", data.name),
                        None,
                    );
                    continue;
                }
            };
            let preferred = naming::type_name(&data.name);
            let ctx = Ctx {
                pointer: format!("{ptr}/schema"),
                hint: Hint {
                    qualified: format!("{prefix}{preferred}"),
                    preferred,
                    context: format!("the `{}` parameter of `{operation_id}`", data.name),
                },
                op_prefix: &prefix,
                use_name: Some((data.name.clone(), data.description.clone())),
            };
            let ty = self.schema_ref(schema, &ctx);
            let param_name = naming::value_name(&data.name);
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
            let explode = data.explode.unwrap_or(true);
            let param = ir::Param {
                wire_name: data.name.clone(),
                name: names.claim(&naming::value_name(&data.name)),
                doc: data.description.clone(),
                ty,
                required: data.required,
                explode,
            };
            match p {
                Parameter::Path { style, .. } => {
                    if *style != openapiv3::PathStyle::Simple {
                        self.error(&ptr, "path parameter styles other than `simple` are not supported yet", None);
                    }
                    if !param.required {
                        self.warn(&ptr, format!("path parameter `{}` must be required; read as required", data.name));
                    }
                    if !param.ty.is_scalar() {
                        self.error(
                            &ptr,
                            format!("path parameter `{}` must be a single value, not an array or object", data.name),
                            None,
                        );
                    }
                    path_params.push(ir::Param { required: true, ..param });
                }
                Parameter::Query { style, allow_reserved, .. } => {
                    if *style != openapiv3::QueryStyle::Form {
                        self.error(&ptr, format!("query style `{style:?}` is not supported yet; only `form` is"), None);
                    }
                    if *allow_reserved {
                        self.warn(&ptr, "`allowReserved` is ignored; reserved characters are always percent-encoded");
                    }
                    if matches!(&param.ty, TypeRef::Map(_)) {
                        self.error(
                            &ptr,
                            format!(
                                "query parameter `{}` is an object; object query parameters are not supported yet",
                                data.name
                            ),
                            None,
                        );
                    }
                    query_params.push(param);
                }
                Parameter::Header { .. } => {
                    if !param.ty.is_scalar() {
                        self.error(&ptr, format!("header `{}` must be a single value", data.name), None);
                    }
                    header_params.push(param);
                }
                Parameter::Cookie { .. } => {
                    self.error(&ptr, format!("cookie parameter `{}` is not supported yet", data.name), None);
                }
            }
        }
        let segments = self.path_segments(path, &path_params, &push_pointer("/paths", path));
        let body = match &op.request_body {
            None => None,
            Some(b) => self.request_body(b, &format!("{op_ptr}/requestBody"), &prefix),
        };
        let (responses, examples) = self.responses(op, op_ptr, &prefix, &fn_name, &operation_id);
        let security = match op.security.as_ref().or(self.doc.security.as_ref()) {
            None => Vec::new(),
            Some(reqs) => {
                let mut alternatives = Vec::new();
                for req in reqs {
                    let mut all = Vec::new();
                    for name in req.keys() {
                        match schemes.iter().find(|s| &s.name == name) {
                            Some(s) => all.push(s.ident.clone()),
                            None => self.error(
                                op_ptr,
                                format!("security requirement names an undefined scheme `{name}`"),
                                None,
                            ),
                        }
                    }
                    alternatives.push(all);
                }
                alternatives
            }
        };
        Some(PendingOp {
            op: ir::Operation {
                operation_id,
                fn_name,
                response_type: format!("{type_prefix}Response"),
                request_type: format!("{type_prefix}Request"),
                call_type,
                with_fn_name,
                type_prefix,
                method,
                path: path.clone(),
                segments,
                summary: op.summary.clone(),
                description: op.description.clone(),
                tags: op.tags.clone(),
                deprecated: op.deprecated,
                path_params,
                query_params,
                header_params,
                body,
                responses,
                security,
            },
            examples,
        })
    }

    fn parameter_ref<'d>(&mut self, p: &'d ReferenceOr<Parameter>, pointer: &str) -> Option<&'d Parameter>
    where
        'a: 'd,
    {
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| self.doc.components.as_ref()?.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(p)) => Some(p),
                    _ => {
                        self.error(
                            pointer,
                            format!("`{reference}` does not name a parameter in `components/parameters`"),
                            None,
                        );
                        None
                    }
                }
            }
        }
    }

    fn path_segments(&mut self, path: &str, params: &[ir::Param], pointer: &str) -> Vec<ir::PathSegment> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut used = BTreeSet::new();
        for (i, part) in path.split('/').enumerate() {
            if i > 0 {
                literal.push('/');
            }
            if part.contains(['{', '}']) {
                let name = part.strip_prefix('{').and_then(|p| p.strip_suffix('}'));
                match name.filter(|n| !n.contains(['{', '}'])) {
                    Some(name) => match params.iter().position(|p| p.wire_name == name) {
                        Some(idx) => {
                            segments.push(ir::PathSegment::Literal(std::mem::take(&mut literal)));
                            segments.push(ir::PathSegment::Param(idx));
                            used.insert(idx);
                        }
                        None => self.error(
                            pointer,
                            format!("the path template names `{{{name}}}`, but no path parameter `{name}` is declared"),
                            Some("declare it under `parameters` with `in: path` and `required: true`"),
                        ),
                    },
                    None => self.error(
                        pointer,
                        format!(
                            "path segment `{part}` mixes a parameter with text; a parameter must fill a whole segment"
                        ),
                        None,
                    ),
                }
            } else {
                literal.push_str(part);
            }
        }
        if !literal.is_empty() {
            segments.push(ir::PathSegment::Literal(literal));
        }
        segments.retain(|s| !matches!(s, ir::PathSegment::Literal(l) if l.is_empty()));
        for (idx, p) in params.iter().enumerate() {
            if !used.contains(&idx) {
                self.error(
                    pointer,
                    format!(
                        "path parameter `{}` is declared but the path template has no `{{{}}}`",
                        p.wire_name, p.wire_name
                    ),
                    None,
                );
            }
        }
        segments
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        prefix: &str,
    ) -> Option<ir::RequestBody> {
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| self.doc.components.as_ref()?.request_bodies.get(name));
                match found {
                    Some(ReferenceOr::Item(b)) => b,
                    _ => {
                        self.error(
                            pointer,
                            format!("`{reference}` does not name a request body in `components/requestBodies`"),
                            None,
                        );
                        return None;
                    }
                }
            }
        };
        let (content_type, media) = match json_media(&body.content) {
            Some(found) => found,
            None => {
                let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
                self.error(
                    pointer,
                    format!("request bodies of type {} are not supported yet; only JSON is", types.join(", ")),
                    None,
                );
                return None;
            }
        };
        let ctx = Ctx {
            pointer: format!("{}/schema", push_pointer(&format!("{pointer}/content"), content_type)),
            hint: Hint {
                preferred: format!("{prefix}Body"),
                qualified: format!("{prefix}Body"),
                context: format!("the request body of `{prefix}`"),
            },
            op_prefix: prefix,
            use_name: None,
        };
        let ty = match &media.schema {
            Some(s) => self.schema_ref(s, &ctx),
            None => TypeRef::Any,
        };
        Some(ir::RequestBody {
            content_type: content_type.to_string(),
            ty,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        prefix: &str,
        fn_name: &str,
        op_id: &str,
    ) -> (Vec<ir::Response>, Vec<PendingExample>) {
        let mut list: Vec<(Status, String, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .collect();
        if let Some(d) = &op.responses.default {
            list.push((Status::Default, "default".to_string(), d));
        }
        // Declared order varies (GitLab lists 404 before 200); status order reads best.
        list.sort_by_key(|(s, _, _)| *s);
        let mut variants = Namespace::default();
        let mut out = Vec::new();
        let mut examples = Vec::new();
        for (status, key, response) in list {
            let r_ptr = push_pointer(&format!("{op_ptr}/responses"), &key);
            let response = match response {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    let found = reference
                        .strip_prefix("#/components/responses/")
                        .and_then(|name| self.doc.components.as_ref()?.responses.get(name));
                    match found {
                        Some(ReferenceOr::Item(r)) => r,
                        _ => {
                            self.error(
                                &r_ptr,
                                format!("`{reference}` does not name a response in `components/responses`"),
                                None,
                            );
                            continue;
                        }
                    }
                }
            };
            if let Status::Code(c) = status {
                if !(100..=599).contains(&c) {
                    self.error(&r_ptr, format!("`{c}` is not an HTTP status code"), None);
                    continue;
                }
            }
            let variant = variants.claim(&naming::status_variant(status));
            let body = if response.content.is_empty() {
                let is_error = match status {
                    Status::Code(c) => c >= 400,
                    Status::Range(r) => r >= 4,
                    Status::Default => true,
                };
                if is_error && self.settings.error_body == ir::ErrorBody::Message {
                    ResponseBody::ErrorMessage
                } else {
                    ResponseBody::Empty
                }
            } else {
                match json_media(&response.content) {
                    Some((content_type, media)) => {
                        let mt_ptr = push_pointer(&format!("{r_ptr}/content"), content_type);
                        let preferred = format!("{prefix}{variant}Body");
                        let ctx = Ctx {
                            pointer: format!("{mt_ptr}/schema"),
                            hint: Hint {
                                preferred: preferred.clone(),
                                qualified: preferred,
                                context: format!("the {key} response of `{op_id}`"),
                            },
                            op_prefix: prefix,
                            use_name: None,
                        };
                        let ty = match &media.schema {
                            Some(s) => self.schema_ref(s, &ctx),
                            None => TypeRef::Any,
                        };
                        let code = key.to_lowercase();
                        if let Some(e) = &media.example {
                            examples.push((
                                format!("{fn_name}_{code}"),
                                format!("{mt_ptr}/example"),
                                e.clone(),
                                ty.clone(),
                            ));
                        }
                        for (name, ex) in &media.examples {
                            let e_ptr = push_pointer(&format!("{mt_ptr}/examples"), name);
                            match ex {
                                ReferenceOr::Item(openapiv3::Example { value: Some(v), .. }) => examples.push((
                                    format!("{fn_name}_{code}_{}", naming::value_name(name)),
                                    format!("{e_ptr}/value"),
                                    v.clone(),
                                    ty.clone(),
                                )),
                                ReferenceOr::Item(_) => self.warn(
                                    &e_ptr,
                                    "example without an inline `value` (external examples are not checked)",
                                ),
                                ReferenceOr::Reference { .. } => {
                                    self.warn(&e_ptr, "example `$ref`s are not checked against the generated types")
                                }
                            }
                        }
                        ResponseBody::Json(ty)
                    }
                    None => {
                        let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
                        self.error(
                            &r_ptr,
                            format!("responses of type {} are not supported yet; only JSON is", types.join(", ")),
                            None,
                        );
                        continue;
                    }
                }
            };
            out.push(ir::Response {
                status,
                variant,
                description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                body,
            });
        }
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            self.error(
                &format!("{op_ptr}/responses"),
                "operation declares no responses",
                Some("declare at least one, for example `'200': {description: OK}`"),
            );
        }
        (out, examples)
    }

    // ----- schemas -----

    fn resolve_schema<'s>(&self, s: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match s {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                match self.doc.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn schema_ref(&mut self, s: &ReferenceOr<Schema>, ctx: &Ctx<'_>) -> TypeRef {
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

    fn reference(&mut self, reference: &str, ctx: &Ctx<'_>) -> TypeRef {
        match reference.strip_prefix("#/components/schemas/").and_then(|n| self.components.get(n).copied()) {
            Some(id) => {
                if let Some(u) = &ctx.use_name {
                    self.candidates[id].uses.push(u.clone());
                }
                placeholder(id)
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
    fn schema_kind(&mut self, schema: &Schema, ctx: &Ctx<'_>) -> Lowered {
        use Lowered::Ref;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !s.enumeration.is_empty() {
                    let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                    TypeKind::StringEnum(
                        values.into_iter().map(|value| ir::EnumVariant { name: String::new(), value }).collect(),
                    )
                } else {
                    return Ref(match &s.format {
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
                        _ => TypeRef::String,
                    });
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let bits = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => 32,
                    _ => 64,
                };
                if i.enumeration.is_empty() {
                    return Ref(TypeRef::Integer { bits });
                }
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                TypeKind::IntegerEnum(
                    values.into_iter().map(|value| ir::EnumVariant { name: String::new(), value }).collect(),
                )
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
                if schema.schema_data.discriminator.is_some() {
                    self.warn(
                        &format!("{}/discriminator", ctx.pointer),
                        "`discriminator` is not supported yet and is ignored: the union is untagged, and its \
                         variants are tried in order",
                    );
                }
                let mut variants = Vec::new();
                for (i, m) in members.iter().enumerate() {
                    let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                    let mut member_ctx = ctx.child(
                        key,
                        format!("{}Variant{i}", ctx.hint.preferred),
                        format!("a variant of {}", ctx.hint.context),
                    );
                    member_ctx.pointer = format!("{}/{i}", member_ctx.pointer);
                    let ty = self.schema_ref(m, &member_ctx);
                    if !variants.iter().any(|v: &ir::UnionVariant| v.ty == ty) {
                        variants.push(ir::UnionVariant { name: String::new(), ty });
                    }
                }
                if variants.len() == 1 {
                    return Ref(variants.remove(0).ty);
                }
                TypeKind::Union(variants)
            }
            SchemaKind::AllOf { all_of } => return self.all_of(all_of, ctx),
            SchemaKind::Not { .. } => {
                self.error(&ctx.pointer, "`not` schemas are not supported", None);
                return Ref(TypeRef::Any);
            }
        };
        Lowered::Kind(kind)
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
            None | Some(AdditionalProperties::Any(true)) => None,
            Some(AdditionalProperties::Any(false)) => None,
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
            let ty = self.boxed_ref(prop, &c);
            fields.push(ir::Field {
                name: names.claim(&naming::value_name(wire)),
                wire_name: wire.clone(),
                doc,
                ty,
                required: required.contains(wire),
                nullable,
            });
        }
        for r in required {
            if !properties.contains_key(r) {
                self.warn(&ctx.pointer, format!("`required` names `{r}`, which is not a property; ignored"));
            }
        }
        Ok(TypeKind::Struct(ir::Struct { fields, additional: additional_ty }))
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
            match self.resolve_schema(m).map(|s| &s.schema_kind) {
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
                self.candidates.push(Candidate {
                    kind,
                    title,
                    component: None,
                    hint: ctx.hint.clone(),
                    op_prefix: ctx.op_prefix.to_string(),
                    pointer: ctx.pointer.clone(),
                    doc: None,
                    uses: Vec::new(),
                });
                let id = self.candidates.len() - 1;
                self.by_key.insert(key, id);
                id
            }
        };
        let c = &mut self.candidates[id];
        if c.doc.is_none() {
            c.doc = doc;
        }
        if let Some(u) = &ctx.use_name {
            if !c.uses.contains(u) {
                c.uses.push(u.clone());
            }
        }
        placeholder(id)
    }

    /// Component schemas get their ids first, so that references (even recursive ones)
    /// can point at them before their bodies are lowered.
    fn reserve_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for name in components.schemas.keys() {
            self.candidates.push(Candidate {
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
            self.components.insert(name.clone(), self.candidates.len() - 1);
        }
    }

    fn component_bodies(&mut self) {
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
            self.candidates[id].kind = kind;
            self.candidates[id].doc = doc;
        }
    }

    /// Chooses every type's final name (see the module docs), and returns the types with
    /// their placeholders replaced, sorted by name, and the id → name table.
    fn name_types(&mut self, ops: &[PendingOp]) -> (Vec<ir::TypeDef>, Vec<String>) {
        let mut ns = Namespace::default();
        let mut names = vec![String::new(); self.candidates.len()];
        // 1. Component schemas keep their names.
        for (i, c) in self.candidates.iter().enumerate() {
            if let Some(name) = &c.component {
                names[i] = ns.claim(&naming::type_name(name));
            }
        }
        // 2. Per-operation types are reserved next, so that schemas yield to them.
        for op in ops {
            ns.claim(&op.op.response_type);
            ns.claim(&op.op.request_type);
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
                let structural = structural_name(&c.kind);
                match &c.title {
                    Some(t) if titles[&naming::type_name(t)] > 1 => {
                        let q = format!("{}{}", c.op_prefix, naming::type_name(t));
                        (q.clone(), q)
                    }
                    Some(t) => (naming::type_name(t), format!("{}{}", c.op_prefix, naming::type_name(t))),
                    None => match structural {
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
            let listed: Vec<String> =
                ids.iter().map(|i| format!("`{}` ({})", names[*i], self.candidates[*i].hint.context)).collect();
            let pointer = first.pointer.clone();
            self.warn(
                &pointer,
                format!("{} different schemas share the {what} `{key}`; named {}", ids.len(), listed.join(" and ")),
            );
        }
        let mut types = Vec::new();
        for (i, c) in self.candidates.iter().enumerate() {
            let mut kind = c.kind.clone();
            resolve_kind(&mut kind, &names);
            name_variants(&mut kind);
            types.push(ir::TypeDef { name: names[i].clone(), doc: type_doc(c, &kind), kind });
        }
        types.sort_by(|a, b| a.name.cmp(&b.name));
        (types, names)
    }

    fn examples_resolved(&mut self, ops: &[PendingOp], names: &[String]) -> Vec<ir::Example> {
        let mut out = Vec::new();
        let mut ns = Namespace::default();
        let mut own = std::mem::take(&mut self.examples);
        for e in &mut own {
            resolve_ref(&mut e.3, names);
        }
        for (name, pointer, value, ty) in ops.iter().flat_map(|o| &o.examples).chain(&own) {
            {
                let loc = self.sources.locate(pointer);
                out.push(ir::Example {
                    origin: format!("{}#{}", loc.file, loc.pointer),
                    name: ns.claim(name),
                    ty: ty.clone(),
                    json: serde_json::to_string_pretty(value).unwrap_or_default(),
                });
            }
        }
        out
    }
}

struct OpInput<'o> {
    path: &'o String,
    item: &'o openapiv3::PathItem,
    op: &'o openapiv3::Operation,
    method: ir::Method,
    op_ptr: &'o str,
    item_ptr: &'o str,
    operation_id: String,
    fn_name: String,
    with_fn_name: String,
    type_prefix: String,
    call_type: String,
    schemes: &'o [ir::SecurityScheme],
}

/// A lowered schema: a use of an existing type, or the body of a type still to be named.
enum Lowered {
    Ref(TypeRef),
    Kind(TypeKind),
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// The JSON entry of a content map: `application/json`, or any `…/json` or `…+json`.
fn json_media(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(k, _)| {
            let essence = k.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
        })
        .map(|(k, v)| (k.as_str(), v))
}

/// What makes two schemas the same type: their shape and title, not their documentation.
fn structural_key(kind: &TypeKind, title: Option<&str>) -> String {
    let mut kind = kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        for f in &mut s.fields {
            f.doc = None;
        }
    }
    format!("{title:?}|{kind:?}")
}

/// A name that follows from the shape alone: unions of scalars are named by their members
/// (`IntegerOrString`), whatever parameter or property they were found on.
fn structural_name(kind: &TypeKind) -> Option<String> {
    let TypeKind::Union(variants) = kind else { return None };
    let parts: Option<Vec<&str>> = variants
        .iter()
        .map(|v| match v.ty {
            TypeRef::String => Some("String"),
            TypeRef::Integer { .. } => Some("Integer"),
            TypeRef::Number { .. } => Some("Number"),
            TypeRef::Boolean => Some("Boolean"),
            TypeRef::Date => Some("Date"),
            TypeRef::DateTime => Some("DateTime"),
            _ => None,
        })
        .collect();
    parts.map(|p| p.join("Or"))
}

fn resolve_kind(kind: &mut TypeKind, names: &[String]) {
    match kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                resolve_ref(&mut f.ty, names);
            }
            if let Some(a) = &mut s.additional {
                resolve_ref(a, names);
            }
        }
        TypeKind::Union(vs) => {
            for v in vs {
                resolve_ref(&mut v.ty, names);
            }
        }
        TypeKind::Alias(t) => resolve_ref(t, names),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
    }
}

fn name_variants(kind: &mut TypeKind) {
    match kind {
        TypeKind::StringEnum(vs) => {
            let mut ns = Namespace::default();
            for v in vs {
                v.name = ns.claim(&naming::variant_name(&v.value));
            }
        }
        TypeKind::IntegerEnum(vs) => {
            let mut ns = Namespace::default();
            for v in vs {
                let raw = if v.value < 0 { format!("Minus{}", v.value.unsigned_abs()) } else { v.value.to_string() };
                v.name = ns.claim(&naming::variant_name(&raw));
            }
        }
        TypeKind::Union(vs) => {
            let mut ns = Namespace::default();
            for v in vs {
                v.name = ns.claim(&variant_for(&v.ty));
            }
        }
        TypeKind::Struct(_) | TypeKind::Alias(_) => {}
    }
}

fn variant_for(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".into(),
        TypeRef::Integer { .. } => "Integer".into(),
        TypeRef::Number { .. } => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Any => "Value".into(),
        TypeRef::Array(inner) => format!("{}List", variant_for(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_for(inner)),
        TypeRef::Named(n) => n.clone(),
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
    if let TypeKind::Union(variants) = kind {
        let members: Vec<String> = variants.iter().map(|v| format!("`{}`", v.name)).collect();
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
