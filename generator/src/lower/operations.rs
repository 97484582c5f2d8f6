//! Operations: their names (the spec's and every one an emitter adds for them), their
//! path templates, and the parts the other rooms lower (parameters, bodies, responses,
//! security).

use std::collections::BTreeMap;

use openapiv3::ReferenceOr;

use super::{Lowerer, PendingOp};
use crate::diagnostics::push_pointer;
use crate::ir::contract;
use crate::ir::{self, ParamLocation};
use crate::naming::{self, Namespace};

pub(super) const METHODS: [(&str, ir::Method); 8] = [
    ("get", ir::Method::Get),
    ("put", ir::Method::Put),
    ("post", ir::Method::Post),
    ("delete", ir::Method::Delete),
    ("options", ir::Method::Options),
    ("head", ir::Method::Head),
    ("patch", ir::Method::Patch),
    ("trace", ir::Method::Trace),
];

/// The scopes operation names must be unique in (webhooks' and callbacks' too: their
/// types share `models`, their methods the sender's and receiver's namespaces).
pub(super) struct OpNames {
    /// Methods of the generated `Client` (beside the runtime's own) and of the server's
    /// `Api` trait (beside its provided methods).
    fns: Namespace,
    /// Prefixes of the operation's types in `models`.
    prefixes: Namespace,
    /// Pending-call types in the `client` module, beside the module's own items.
    call_types: Namespace,
    /// The `server` module's private functions, beside its own items.
    server_fns: Namespace,
}

/// The final names of one operation.
pub(super) struct Names {
    pub(super) fn_name: String,
    pub(super) with_fn_name: String,
    pub(super) handler_fn: String,
    pub(super) reader_fn: String,
    pub(super) type_prefix: String,
    pub(super) call_type: String,
}

impl OpNames {
    fn new() -> Self {
        let mut fns = Namespace::new(contract::CLIENT_METHODS);
        fns.reserve(contract::TRAIT_METHODS);
        // The webhooks' pending calls and private functions live beside the sender's and
        // the receiver's own items.
        let mut call_types = Namespace::new(contract::CLIENT_ITEMS);
        call_types.reserve(contract::SENDER_ITEMS);
        let mut server_fns = Namespace::new(contract::SERVER_ITEMS);
        server_fns.reserve(contract::RECEIVER_ITEMS);
        Self { fns, prefixes: Namespace::default(), call_types, server_fns }
    }

    pub(super) fn claim(&mut self, operation_id: &str) -> Names {
        let fn_name = self.fns.claim(&naming::value_name(operation_id));
        // A keyword keeps its escape (`self_`, `Self_`) only where it stands alone: names
        // built on it must not carry the underscore inside (`self__with`, `Self_Request`),
        // which rustc's case lints reject.
        let stem = fn_name.trim_end_matches('_');
        let with_fn_name = self.fns.claim(&format!("{stem}_with"));
        let escaped = naming::type_name(operation_id);
        let type_prefix = self.prefixes.claim(escaped.trim_end_matches('_'));
        let call_type =
            self.call_types.claim(if type_prefix == escaped.trim_end_matches('_') { &escaped } else { &type_prefix });
        let handler_fn = self.server_fns.claim(&format!("handle_{stem}"));
        let reader_fn = self.server_fns.claim(&format!("read_{stem}"));
        Names { fn_name, with_fn_name, handler_fn, reader_fn, type_prefix, call_type }
    }
}

impl Lowerer<'_> {
    pub(super) fn operations(
        &mut self,
        schemes: &[ir::SecurityScheme],
        bearer_fallback: Option<&str>,
    ) -> Vec<PendingOp> {
        let mut out = Vec::new();
        let mut names = OpNames::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut callbacks = Vec::new();
        let others = self.other_methods();
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
            let mut ops: Vec<(String, ir::Method, &openapiv3::Operation, String)> = METHODS
                .iter()
                .filter_map(|(key, method)| {
                    let op = match *key {
                        "get" => &item.get,
                        "put" => &item.put,
                        "post" => &item.post,
                        "delete" => &item.delete,
                        "options" => &item.options,
                        "head" => &item.head,
                        "patch" => &item.patch,
                        _ => &item.trace,
                    };
                    op.as_ref().map(|op| ((*key).to_string(), method.clone(), op, push_pointer(&item_ptr, key)))
                })
                .collect();
            for (method, op_ptr, op) in others.get(path.as_str()).into_iter().flatten() {
                ops.push((method.to_ascii_lowercase(), ir::Method::Other(method.clone()), op, op_ptr.clone()));
            }
            for (key, method, op, op_ptr) in ops {
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
                // Names never refuse: a second operation with the same id is named from its
                // method and path, as one without an id is.
                let operation_id = match seen_ids.get(&operation_id) {
                    Some(first) => {
                        let first = self.sources.locate(first);
                        let made = format!("{key}{}", path.replace(['{', '}'], ""));
                        self.warn(
                            &format!("{op_ptr}/operationId"),
                            format!(
                                "duplicate operationId `{operation_id}` (first used at {first}); this operation is \
                                 named `{}` from its method and path",
                                naming::value_name(&made)
                            ),
                        );
                        made
                    }
                    None => operation_id,
                };
                seen_ids.insert(operation_id.clone(), op_ptr.clone());
                if !op.callbacks.is_empty() {
                    callbacks.push(Owner { operation_id: operation_id.clone(), op_ptr: op_ptr.clone(), op });
                }
                let names = names.claim(&operation_id);
                let input = OpInput { path, item, op, method, op_ptr: &op_ptr, item_ptr: &item_ptr, operation_id };
                out.push(self.operation(input, names, schemes, bearer_fallback));
            }
        }
        self.one_route_each(&mut out);
        // Named after the operations, so an operation keeps its names whatever webhooks
        // the spec adds.
        let mut ids = Ids { names, seen: seen_ids };
        out.extend(self.webhooks(&mut ids, schemes, &callbacks));
        out
    }

    /// The operations of methods 3.0 has no field for, which the 3.2 rewrite keeps in the
    /// path item's extension (`methods::ADDITIONAL`), read per path: the method as sent,
    /// the operation's pointer and the operation. One that does not read as an operation
    /// is an error there, which costs that operation. Their callbacks are left out (with a
    /// warning): a callback's owner is found among the eight methods' operations.
    fn other_methods(&mut self) -> BTreeMap<String, Vec<(String, String, openapiv3::Operation)>> {
        let mut out: BTreeMap<String, Vec<(String, String, openapiv3::Operation)>> = BTreeMap::new();
        for (path, item) in &self.doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let Some(serde_json::Value::Object(more)) = item.extensions.get(crate::methods::ADDITIONAL) else {
                continue;
            };
            let at = push_pointer(&push_pointer("/paths", path), crate::methods::ADDITIONAL);
            for (method, op) in more {
                let op_ptr = push_pointer(&at, method);
                match serde_json::from_value::<openapiv3::Operation>(op.clone()) {
                    Ok(mut op) => {
                        if !op.callbacks.is_empty() {
                            op.callbacks.clear();
                            let message = format!("the callbacks of a `{method}` operation are not generated yet");
                            self.warn(&format!("{op_ptr}/callbacks"), message);
                        }
                        out.entry(path.clone()).or_default().push((method.clone(), op_ptr, op));
                    }
                    Err(e) => self.error(&op_ptr, format!("the `{method}` operation does not read: {e}"), None),
                }
            }
        }
        out
    }

    /// The server's router captures whole segments, so `/exports/{id}.tar` and
    /// `/exports/{format}` are one route to it. Operations of one method on one route are
    /// told apart by the text beside their parameters (Gitea's `/pulls/{index}.{diffType}`
    /// beside `/pulls/{index}`; the router tries the template with the most text first),
    /// so both are served; two whose templates differ only in their parameters' names
    /// (or of a method axum does not route) could not be: the first is served, a later one
    /// is written by the client only, with a warning (see `ir::Operation::unserved`).
    fn one_route_each(&mut self, ops: &mut [PendingOp]) {
        let mut taken: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
        for op in ops.iter_mut().filter(|op| !op.op.unserved) {
            let method = op.op.method.as_str().to_string();
            let key = (ir::route_shape(&op.op.path), method.clone());
            let template = route_template(&op.op.path);
            let routed = taken.entry(key).or_default();
            let clash = routed
                .iter()
                .find(|(t, _)| *t == template || matches!(op.op.method, ir::Method::Other(_)))
                .map(|(_, path)| path.clone());
            match clash {
                Some(first) => {
                    op.op.unserved = true;
                    let item = push_pointer("/paths", &op.op.path);
                    let pointer = match &op.op.method {
                        ir::Method::Other(m) => push_pointer(&push_pointer(&item, crate::methods::ADDITIONAL), m),
                        _ => push_pointer(&item, &method.to_ascii_lowercase()),
                    };
                    let message = format!(
                        "`{method} {}` is the same route to the server as `{method} {first}` (its router captures \
                         whole path segments): the client writes it, but only `{first}` is routed",
                        op.op.path
                    );
                    self.warn(&pointer, message);
                }
                None => routed.push((template, op.op.path.clone())),
            }
        }
    }

    /// Claims a webhook's operation id. Names never refuse: one already taken is
    /// numbered (`newPet_2`), with a warning when the spec wrote it (a made-up one, from
    /// the webhook's key, is numbered silently).
    pub(super) fn claim_id(&mut self, ids: &mut Ids, operation_id: String, op_ptr: &str, made: bool) -> String {
        let mut id = operation_id.clone();
        let mut n = 1;
        while ids.seen.contains_key(&id) {
            n += 1;
            id = format!("{operation_id}_{n}");
        }
        if n > 1 && !made {
            let first = ids.seen.get(&operation_id).map(|p| self.sources.locate(p).to_string()).unwrap_or_default();
            self.warn(
                &format!("{op_ptr}/operationId"),
                format!("duplicate operationId `{operation_id}` (first used at {first}); this one is named `{id}`"),
            );
        }
        ids.seen.insert(id.clone(), op_ptr.to_string());
        id
    }

    pub(super) fn operation(
        &mut self,
        input: OpInput<'_>,
        names: Names,
        schemes: &[ir::SecurityScheme],
        bearer_fallback: Option<&str>,
    ) -> PendingOp {
        let OpInput { path, item, op, method, op_ptr, item_ptr, operation_id } = input;
        let (params, mut request_names) = self.params(item, op, item_ptr, op_ptr, &names, &operation_id);
        let sent = self.without_fragment(path, op_ptr);
        let params = self.drop_unused_path_params(sent, params);
        let (params, param_pointers): (Vec<ir::Param>, Vec<String>) = params.into_iter().unzip();
        let (segments, unserved) = self.path_segments(sent, &params, &push_pointer("/paths", path));
        // A request cannot say which operation of the path it is for.
        let unserved = unserved || sent.len() < path.len();
        let body = match &op.request_body {
            None => None,
            Some(b) => self.request_body(b, &format!("{op_ptr}/requestBody"), &names.type_prefix, &mut request_names),
        };
        let (mut responses, examples) = self.responses(op, op_ptr, &names, &operation_id);
        let mock = super::mock::settle_default(&mut responses);
        let (security, guard) = self.requirements(op.security.as_ref(), schemes, bearer_fallback, op_ptr);
        let rejections = self.rejection_shapes(op, op_ptr);
        let Names { fn_name, with_fn_name, handler_fn, reader_fn, type_prefix, call_type } = names;
        PendingOp {
            op: ir::Operation {
                operation_id,
                fn_name,
                response_type: format!("{type_prefix}Response"),
                request_type: format!("{type_prefix}Request"),
                call_type,
                with_fn_name,
                handler_fn,
                reader_fn,
                type_prefix,
                method,
                path: path.clone(),
                segments,
                summary: op.summary.clone(),
                description: op.description.clone(),
                tags: op.tags.clone(),
                deprecated: op.deprecated,
                params,
                body,
                responses,
                security,
                pagination: None,
                stream_flag: None,
                unserved,
                webhook: None,
                guard,
                rejections,
                mock,
            },
            param_pointers,
            body_pointer: op.request_body.as_ref().map(|_| format!("{op_ptr}/requestBody")),
            examples,
            pageable: pageable(op, op_ptr),
        }
    }

    /// The part of a path key a request carries: `#` begins a URI fragment (RFC 3986,
    /// section 3.5), which is no part of the request target (RFC 9110, section 7.1), yet
    /// OpenAPI appends the key to the server's URL as it is. Box tells overloads of one path
    /// apart by one (`/files/{file_id}#add_shared_link` beside `/files/{file_id}`). The
    /// client calls the path before it; the server, which cannot tell such an operation from
    /// another of that path, does not route it. Both with a warning.
    fn without_fragment<'p>(&mut self, path: &'p str, op_ptr: &str) -> &'p str {
        let Some((sent, fragment)) = path.split_once('#') else { return path };
        let message = format!(
            "`#{fragment}` in the path is a URI fragment, which a request never carries: the client calls \
             `{sent}`, and the server does not route this operation (a request cannot say it is this one \
             rather than another of that path)"
        );
        self.warn(op_ptr, message);
        sent
    }

    /// The parameters without the path parameters the template does not name (gitea
    /// declares some): a request could never carry them, so each is dropped with a warning.
    fn drop_unused_path_params(&mut self, path: &str, params: Vec<(ir::Param, String)>) -> Vec<(ir::Param, String)> {
        let mut kept = Vec::with_capacity(params.len());
        for (p, ptr) in params {
            if p.location == ParamLocation::Path && !path.contains(&format!("{{{}}}", p.wire_name)) {
                let message = if path.is_empty() {
                    // Webhooks and callbacks: the subscriber's URL is the whole path.
                    format!(
                        "path parameter `{}` of a webhook or callback is dropped: the subscriber chooses its URL",
                        p.wire_name
                    )
                } else {
                    format!("path parameter `{}` is not in the path template `{path}`; dropped", p.wire_name)
                };
                self.warn(&ptr, message);
                continue;
            }
            kept.push((p, ptr));
        }
        kept
    }

    /// Splits a path template into literal text and parameters. A parameter may share its
    /// segment with text or with other parameters (Twilio's `{Sid}.json`, `{owner}-{repo}`)
    /// when the segment can be split back unambiguously: every two parameters are separated
    /// by text that starts with punctuation, which encoded values never contain raw
    /// (bitbucket's `{repo_name}-issues-{task_id}.zip`).
    /// Also says whether a segment cannot be split back (the server cannot route it).
    fn path_segments(&mut self, path: &str, params: &[ir::Param], pointer: &str) -> (Vec<ir::PathSegment>, bool) {
        let mut unserved = false;
        let mut segments = Vec::new();
        let mut literal = String::new();
        let is_path = |p: &&ir::Param| p.location == ParamLocation::Path;
        for (i, part) in path.split('/').enumerate() {
            if i > 0 {
                literal.push('/');
            }
            let Some((pieces, ambiguous)) = self.split_segment(part, pointer) else { continue };
            unserved |= ambiguous;
            for piece in pieces {
                match piece {
                    Piece::Text(text) => literal.push_str(text),
                    Piece::Param(name) => match params.iter().position(|p| is_path(&p) && p.wire_name == name) {
                        Some(idx) => {
                            segments.push(ir::PathSegment::Literal(std::mem::take(&mut literal)));
                            segments.push(ir::PathSegment::Param(idx));
                        }
                        None => self.error(
                            pointer,
                            format!("the path template names `{{{name}}}`, but no path parameter `{name}` is declared"),
                            Some("declare it under `parameters` with `in: path` and `required: true`"),
                        ),
                    },
                }
            }
        }
        if !literal.is_empty() {
            segments.push(ir::PathSegment::Literal(literal));
        }
        segments.retain(|s| !matches!(s, ir::PathSegment::Literal(l) if l.is_empty()));
        (segments, unserved)
    }

    /// One segment of a path template as text and parameter names, and whether it cannot
    /// be split back into them; `None` (after a located error) when it cannot be read.
    fn split_segment<'s>(&mut self, part: &'s str, pointer: &str) -> Option<(Vec<Piece<'s>>, bool)> {
        let mut pieces = Vec::new();
        let mut rest = part;
        while !rest.is_empty() {
            let open = rest.find('{');
            let close = rest.find('}');
            match (open, close) {
                (None, None) => {
                    pieces.push(Piece::Text(rest));
                    break;
                }
                (Some(o), Some(c)) if o < c && !rest[o + 1..c].is_empty() && !rest[o + 1..c].contains('{') => {
                    if o > 0 {
                        pieces.push(Piece::Text(&rest[..o]));
                    }
                    pieces.push(Piece::Param(&rest[o + 1..c]));
                    rest = &rest[c + 1..];
                }
                _ => {
                    self.error(pointer, format!("path segment `{part}` has unbalanced or empty braces"), None);
                    return None;
                }
            }
        }
        // Two parameters must be parted by text that starts with a character the client
        // always percent-encodes inside values (anything but letters and digits), or the
        // server could not tell where one value ends.
        // The client can always write such a segment; only the server, which must split
        // it back, cannot, so only its route is left out.
        let unserved = "the client writes it, but the generated server does not route it (add it to the router by \
                        hand, or separate them with punctuation, as in `{a}-{b}`, with an overlay)";
        for pair in pieces.windows(2) {
            if let [Piece::Param(a), Piece::Param(b)] = pair {
                let message = format!(
                    "path segment `{part}` puts `{{{a}}}` right beside `{{{b}}}`; nothing tells where one ends: \
                     {unserved}"
                );
                self.warn(pointer, message);
                return Some((pieces, true));
            }
        }
        for triple in pieces.windows(3) {
            if let [Piece::Param(_), Piece::Text(t), Piece::Param(_)] = triple {
                if t.starts_with(char::is_alphanumeric) {
                    let message = format!(
                        "path segment `{part}` parts two parameters with `{t}`, which a value could contain: \
                         {unserved}"
                    );
                    self.warn(pointer, message);
                    return Some((pieces, true));
                }
            }
        }
        Some((pieces, false))
    }
}

/// A piece of one path segment.
enum Piece<'s> {
    Text(&'s str),
    Param(&'s str),
}

/// Where an operation is in the document.
pub(super) struct OpInput<'o> {
    pub(super) path: &'o String,
    pub(super) item: &'o openapiv3::PathItem,
    pub(super) op: &'o openapiv3::Operation,
    pub(super) method: ir::Method,
    pub(super) op_ptr: &'o str,
    pub(super) item_ptr: &'o str,
    pub(super) operation_id: String,
}

/// The operation ids taken so far, and the names claimed for them.
pub(super) struct Ids {
    pub(super) names: OpNames,
    /// Each id with where it was first used.
    pub(super) seen: BTreeMap<String, String>,
}

/// An operation that declares callbacks, for lowering them after every operation.
pub(super) struct Owner<'o> {
    pub(super) operation_id: String,
    pub(super) op_ptr: String,
    pub(super) op: &'o openapiv3::Operation,
}

/// AutoRest's `x-ms-pageable` of an operation: `itemName` (default `value`) and
/// `nextLinkName` (`null`: one page only).
fn pageable(op: &openapiv3::Operation, op_ptr: &str) -> Option<super::Pageable> {
    let spec = op.extensions.get("x-ms-pageable")?.as_object()?;
    let text = |key: &str| spec.get(key).and_then(serde_json::Value::as_str).map(str::to_string);
    Some(super::Pageable {
        items: text("itemName").unwrap_or_else(|| "value".to_string()),
        next: text("nextLinkName"),
        pointer: format!("{op_ptr}/x-ms-pageable"),
    })
}

/// A path template with its parameters' names left out (`/pulls/{}.{}`): two operations of
/// one method whose templates are the same here cannot be told apart by any request.
fn route_template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
