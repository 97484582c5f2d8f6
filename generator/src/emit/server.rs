//! Emits `server/mod.rs`: the `Api` trait to implement, the request credentials, the axum
//! router that serves the trait, and `IntoResponse` for every operation's response enum.
//! In the manner of oapi-codegen's strict server, an implementation sees a typed request
//! and returns a typed response; everything between is generated here or lives in the
//! spec-independent runtime (`templates/server_runtime.rs` and its rooms).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::reader::{reader, takes_body_limit};
use super::wire as w;
use super::{Artifact, Chunk, HeaderNames, doc, ident};
use super::{operation_line, server_rt};
use crate::ir::{Api, Body, Media, Method, Operation, RejectionShape, Response, Status, TypeRef};

pub(crate) fn server(api: &Api) -> Artifact<'_> {
    let docs = module_docs(api);
    let credentials = super::credentials::credentials(api);
    let api_trait = api_trait(api);
    let router = router(api);
    let shapes = rejection_shapes(api);
    // The server's runtime, as this file names it.
    let rt = server_rt();
    let handlers = {
        let rt = rt.clone();
        api.served().map(move |op| handler(op, &rt))
    };
    let readers = {
        let rt = rt.clone();
        api.served().map(move |op| reader(api, op, &rt))
    };
    let names = HeaderNames::of(api);
    let header_names = names.module(&quote!(::axum::http::HeaderName));
    // Every operation's response type has its `IntoResponse` here.
    let use_models = super::use_models(!api.operations.is_empty());
    let responses = api.operations.iter().map(move |op| into_response(api, &names, op, &rt));
    let head = quote! {
        #docs

        pub mod mock;
        pub mod runtime;

        #use_models

        pub use mock::Mock;
        pub use runtime::{OperationId, Secret};

        #credentials
    };
    let items = handlers.chain(readers).chain(responses).map(Chunk::Item);
    let whole = [api_trait, Chunk::Item(router), shapes, Chunk::Item(header_names)];
    Artifact::chunks(head, whole.into_iter().chain(items))
}

/// Doc attributes for text this emitter wrote (not the spec's), so its intra-doc links
/// and code spans stay as written.
pub(super) fn own_doc(text: &str) -> TokenStream {
    super::docs::outer(text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }))
}

/// The path part of a server URL (`https://gitlab.com/api/` → `/api`), where the router
/// belongs.
fn mount_path(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url,
    };
    path.trim_end_matches('/').to_string()
}

fn module_docs(api: &Api) -> TokenStream {
    let mount = match api.servers.first().map(|url| (url, mount_path(url))) {
        Some((url, path)) if !path.is_empty() => format!(
            "The spec's paths are relative to its server URL, `{url}`, so nest the router there: \
             `axum::Router::new().nest(\"{path}\", router(my_api))`."
        ),
        _ => "The spec's paths are served as they are; nest the router to serve them elsewhere.".to_string(),
    };
    let text = format!(
        "The axum server (feature `server`): implement [`Api`] and serve it with [`router`].\n\n\
         {mount} Add tower layers to it as to any router.\n\n\
         What the router does, so an implementation need not:\n\n\
         - It reads requests strictly into each operation's typed request: path segments are \
         percent-decoded, query arrays are accepted as repeated keys (`ids=1&ids=2`) and in \
         Rails' form (`ids[]=1&ids[]=2`), enums, integers and dates (`YYYY-MM-DD`) are \
         validated, and required parameters are enforced. Any failure is answered 400 (413 or 415 \
         for an unusable body) with JSON naming the value, ``{{\"message\": \"400 Bad Request - \
         query parameter `ids` is invalid: …\", \"parameter\": \"ids\", \"in\": \"query\"}}`` \
         (see [`runtime::Rejection`]).\n\
         - It answers unknown paths 404 `{{\"message\":\"404 Not Found\"}}`, and known paths \
         with an undeclared method 405 `{{\"message\":\"405 Method Not Allowed\"}}` with `Allow`.\n\
         - It reads credentials into [`Credentials`] and answers 401 when none of an operation's \
         security requirements has all its credentials present; whether those present are valid \
         is the implementation's call.\n\
         - Its rejections are answered by [`Api::rejection_response`]: by default in the error \
         response the spec declares for their status, else in the JSON above.\n\
         - It answers with what the implementation returns. Each response enum is `IntoResponse`: \
         its status, a JSON body (`content-type: application/json`) where the spec declares one, \
         and an empty body where it does not.\n\
         - An operation may return `Err(Self::Error)` instead; [`Api::error_response`] answers it, \
         by default by logging it with `tracing::error!` and answering 500 \
         `{{\"message\":\"500 Internal Server Error\"}}`.\n\
         - Every response an operation produces carries its [`OperationId`] in its extensions, for \
         layers that trace or count by operation; logs written inside an operation carry it as \
         the `operation_id` field of the `operation` span."
    );
    super::docs::inner(text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }))
}

// ----- the trait -----

fn security_line(api: &Api, op: &Operation) -> Option<String> {
    if op.security.is_empty() {
        return None;
    }
    let name = |ident: &String| {
        api.security_schemes.iter().find(|s| &s.ident == ident).map_or(ident.clone(), |s| format!("`{}`", s.name))
    };
    let alternatives: Vec<String> =
        op.security
            .iter()
            .map(|all| {
                if all.is_empty() { "none".to_string() } else { all.iter().map(name).collect::<Vec<_>>().join(" and ") }
            })
            .collect();
    Some(format!("Security: {} (see [`Credentials`]).", alternatives.join(", or ")))
}

pub(super) fn trait_method(api: &Api, op: &Operation) -> TokenStream {
    let result = super::prelude(api, super::Prelude::Result);
    let mut spec_text = String::new();
    for part in [op.summary.as_deref(), op.description.as_deref()].into_iter().flatten() {
        let part = part.trim();
        if !part.is_empty() && !spec_text.contains(part) {
            spec_text.push_str(part);
            spec_text.push_str("\n\n");
        }
    }
    let spec_docs = doc(Some(&spec_text));
    let separator = (!spec_text.trim().is_empty()).then(|| super::docs::outer([""]));
    let mut text = operation_line(op);
    if let Some(tags) = super::tags_line(api, op) {
        text.push_str("\n\n");
        text.push_str(&tags);
    }
    if let Some(line) = security_line(api, op) {
        text.push_str("\n\n");
        text.push_str(&line);
    }
    if op.deprecated {
        text.push_str("\n\nDeprecated by the spec.");
    }
    let own_docs = own_doc(&text);
    let docs = quote!(#spec_docs #separator #own_docs);
    let name = ident(&op.fn_name);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    // A webhook's delivery has its signature checked instead (`webhooks::Verify`). The
    // others are the server's own, in `server/mod.rs`, where `Credentials` is declared.
    let credentials = op.webhook.is_none().then(|| quote!(credentials: Credentials,));
    quote! {
        #docs
        fn #name(
            &self,
            request: models::#request,
            #credentials
        ) -> impl ::std::future::Future<
            Output = #result<models::#response, Self::Error>,
        > + ::std::marker::Send;
    }
}

fn api_trait(api: &Api) -> Chunk<'_> {
    let rt = server_rt();
    let methods = api.served().map(move |op| trait_method(api, op));
    // Only APIs with bodies that are not JSON read them through the wire runtime, which
    // takes a limit; JSON bodies keep axum's `DefaultBodyLimit`.
    let body_limit = api.served().any(takes_body_limit).then(|| {
        quote! {
            /// The largest request body, in bytes, that an operation with a form, text or
            /// binary body reads, and the largest item of a body that streams (JSON Lines,
            /// JSON text sequences); a larger one is answered 413. 2 MiB unless overridden.
            fn body_limit(&self) -> usize {
                2 * 1024 * 1024
            }
        }
    });
    let error = quote! {
        /// What an operation returns when it cannot answer with a declared response; see
        /// [`Api::error_response`].
        type Error: ::std::fmt::Display + ::std::marker::Send;
    };
    let defaults = quote! {
        /// The response for an error an operation returned. By default the error is logged
        /// with `tracing::error!` (with the operation's id) and the client gets 500
        /// `{"message":"500 Internal Server Error"}`, without the error's text. Override it
        /// to answer some errors otherwise, such as a status the spec does not declare for
        /// an operation but the real service sends (a 401 the spec forgot, say).
        fn error_response(
            &self,
            operation: crate::server::OperationId,
            error: Self::Error,
        ) -> ::axum::response::Response {
            #rt::internal_error(operation, &error)
        }

        /// The response for a request the router refused before the operation saw it
        /// (malformed, too large, of an undeclared media type, or without the
        /// credentials the operation needs). By default it is answered in the response
        /// the spec declares for its status (`400`, else `4XX`, else `default`), its
        /// message in the string that carries it, or else as the runtime's JSON (see
        /// [`runtime::Rejection`]). Override it to answer otherwise.
        fn rejection_response(
            &self,
            operation: crate::server::OperationId,
            rejection: #rt::Rejection,
        ) -> ::axum::response::Response {
            rejection.answer(crate::server::rejection_shapes(operation))
        }

        #body_limit
    };
    Chunk::members(
        |members| {
            quote! {
                /// The API, one method per operation. Implement it and serve it with [`router`].
                ///
                /// Each method gets the operation's typed request, already read and validated, and the
                /// request's [`Credentials`]; it returns one of the responses the spec declares for the
                /// operation, or an error. Implement the methods as `async fn`; their futures must be
                /// `Send`.
                pub trait Api: ::std::marker::Send + ::std::marker::Sync + 'static {
                    #members
                }
            }
        },
        std::iter::once(error).chain(methods).chain(std::iter::once(defaults)),
    )
}

/// The shapes the spec declares for each operation's rejections (`ir::Operation::rejections`).
/// Operations that declare the same shapes share an arm: an API's operations mostly
/// declare one error response, and Microsoft Graph's 11,422 spelled out the same four
/// shapes each (21 MB of its server).
fn rejection_shapes(api: &Api) -> Chunk<'_> {
    let mut lists: Vec<(&[RejectionShape], Vec<&str>)> = Vec::new();
    let mut seen: BTreeMap<&[RejectionShape], usize> = BTreeMap::new();
    for op in api.served().filter(|op| !op.rejections.is_empty()) {
        let at = *seen.entry(&op.rejections).or_insert_with(|| {
            lists.push((&op.rejections, Vec::new()));
            lists.len() - 1
        });
        lists[at].1.push(&op.operation_id);
    }
    let arms = lists.into_iter().map(|(list, ids)| {
        let rt = server_rt();
        let shapes = list.iter().map(|r| {
            let status = Literal::u16_unsuffixed(r.status);
            let content_type = &r.content_type;
            let template = &r.template;
            let optional = |v: &Option<String>| match v {
                Some(v) => quote!(::std::option::Option::Some(#v)),
                None => quote!(::std::option::Option::None),
            };
            let message = optional(&r.message);
            let code = optional(&r.code);
            let max = match r.message_max {
                Some(m) => {
                    let m = Literal::usize_unsuffixed(usize::try_from(m).unwrap_or(usize::MAX));
                    quote!(::std::option::Option::Some(#m))
                }
                None => quote!(::std::option::Option::None),
            };
            quote! {
                #rt::RejectionShape {
                    status: #status,
                    content_type: #content_type,
                    template: #template,
                    message: #message,
                    message_max: #max,
                    code: #code,
                }
            }
        });
        quote!(#(#ids)|* => &[#(#shapes),*],)
    });
    let rt = server_rt();
    let wrap = move |binding: TokenStream, body: TokenStream| {
        quote! {
            /// The responses the spec declares for each operation's rejections, which
            /// [`Api::rejection_response`] answers in by default.
            fn rejection_shapes(#binding: crate::server::OperationId) -> &'static [#rt::RejectionShape] {
                #body
            }
        }
    };
    if api.served().all(|op| op.rejections.is_empty()) {
        return Chunk::Item(wrap(quote!(_operation), quote!(&[])));
    }
    Chunk::arms(move |arms| wrap(quote!(operation), quote!(match operation.as_str() { #arms _ => &[] })), arms)
}

// ----- the router -----

/// axum's routing function for a method, if it has one: axum's `MethodFilter` knows the
/// nine methods of RFC 9110 only, so any other (`QUERY`) is served by the route's fallback.
pub(super) fn method_fn(m: &Method) -> Option<TokenStream> {
    Some(match m {
        Method::Get => quote!(get),
        Method::Put => quote!(put),
        Method::Post => quote!(post),
        Method::Delete => quote!(delete),
        Method::Options => quote!(options),
        Method::Head => quote!(head),
        Method::Patch => quote!(patch),
        Method::Trace => quote!(trace),
        Method::Other(_) => return None,
    })
}

fn router(api: &Api) -> TokenStream {
    let rt = server_rt();
    // One `route` per path: axum refuses to merge two method routers that both have a
    // fallback, and each needs one for its JSON 405.
    // Paths of one shape are one route to axum (`/exports/{id}.tar`, `/exports/{format}`),
    // whatever their captures are named, so they share the first one's; readers find
    // their parameters by segment, not by capture name.
    let mut paths: Vec<(String, String, Vec<&Operation>)> = Vec::new();
    for op in api.served() {
        let shape = crate::ir::route_shape(&op.path);
        match paths.iter_mut().find(|(s, _, _)| *s == shape) {
            Some((_, _, ops)) => ops.push(op),
            None => paths.push((shape, w::route(&op.path), vec![op])),
        }
    }
    let routes = paths.iter().map(|(_, path, ops)| {
        // Lowering serves several operations of one method on a route only when the text
        // beside their parameters tells them apart (`{index}.{diffType}`, `{index}`).
        let mut methods: Vec<(&Method, Vec<&Operation>)> = Vec::new();
        for op in ops {
            match methods.iter_mut().find(|(m, _)| *m == &op.method) {
                Some((_, same)) => same.push(op),
                None => methods.push((&op.method, vec![op])),
            }
        }
        let methods = methods.into_iter().filter_map(|(method, same)| {
            let method = method_fn(method)?;
            let handler = match same.as_slice() {
                [op] => {
                    let handler = ident(&op.handler_fn);
                    quote!(move |request: ::axum::extract::Request| #handler(api, request))
                }
                _ => shared_route(same),
            };
            Some(quote! {
                .#method({
                    let api = ::std::sync::Arc::clone(&api);
                    #handler
                })
            })
        });
        let fallback = other_methods(ops);
        quote! {
            .route(
                #path,
                ::axum::routing::MethodRouter::new()
                    #(#methods)*
                    .fallback(#fallback),
            )
        }
    });
    // With no operations there is nothing to share the implementation with.
    let share = if api.served().next().is_none() {
        quote!(let _ = api;)
    } else {
        quote!(let api = ::std::sync::Arc::new(api);)
    };
    quote! {
        /// The router for an [`Api`]: the spec's paths, each operation's method, JSON 404 and
        /// 405 for the rest. Nest it, merge it or add layers to it like any router.
        pub fn router<A: crate::server::Api>(api: A) -> ::axum::Router {
            #share
            ::axum::Router::new()
                #(#routes)*
                .fallback(#rt::not_found)
        }
    }
}

/// The handler of operations of one method that are one route to axum: each is tried in
/// turn, the template with the most literal text in its captured segments first (the
/// spec's order among equals), and serves the request when every such segment holds its
/// text (`rt::fits_template`); a path that fits none is not found.
fn shared_route(mut ops: Vec<&Operation>) -> TokenStream {
    let rt = server_rt();
    let mixed = |op: &Operation| -> Vec<(usize, Vec<Option<String>>)> {
        w::segments(op)
            .into_iter()
            .filter(|seg| seg.params().next().is_some() && seg.pieces.iter().any(|p| matches!(p, w::Piece::Lit(_))))
            .map(|seg| {
                let pieces = seg
                    .pieces
                    .iter()
                    .map(|p| match p {
                        w::Piece::Lit(text) => Some(text.clone()),
                        w::Piece::Param(_) => None,
                    })
                    .collect();
                (seg.index, pieces)
            })
            .collect()
    };
    let text = |op: &Operation| -> usize {
        mixed(op).iter().flat_map(|(_, pieces)| pieces.iter().flatten()).map(String::len).sum()
    };
    ops.sort_by_key(|op| std::cmp::Reverse(text(op)));
    let tries = ops.iter().map(|op| (ident(&op.handler_fn), mixed(op)));
    let (checked, plain): (Vec<_>, Vec<_>) = tries.partition(|(_, mixed)| !mixed.is_empty());
    let tries = checked.into_iter().map(|(handler, mixed)| {
        let checks = mixed.into_iter().map(|(index, pieces)| {
            let pieces = pieces.iter().map(|p| match p {
                Some(text) => quote!(::std::option::Option::Some(#text)),
                None => quote!(::std::option::Option::None),
            });
            quote!(#rt::fits_template(request.uri().path(), #index, &[#(#pieces),*]))
        });
        quote! {
            if #(#checks)&&* {
                return #handler(api, request).await;
            }
        }
    });
    // A template with no text beside its parameters takes whatever the others did not.
    let last = match plain.first() {
        Some((handler, _)) => quote!(#handler(api, request).await),
        None => quote!(#rt::not_found().await),
    };
    quote! {
        move |request: ::axum::extract::Request| async move {
            #(#tries)*
            #last
        }
    }
}

/// A route's fallback: the runtime's 405, or where the route has operations of methods
/// axum cannot route (`QUERY`, `COPY`), a match on the method that serves them and
/// answers 405 otherwise, with an `Allow` that names them too (axum's own would not).
fn other_methods(ops: &[&Operation]) -> TokenStream {
    let rt = server_rt();
    let others: Vec<&&Operation> = ops.iter().filter(|op| method_fn(&op.method).is_none()).collect();
    if others.is_empty() {
        return quote!(#rt::method_not_allowed);
    }
    let mut allow: Vec<&str> = Vec::new();
    for op in ops {
        // Several operations of one method may share the route.
        if allow.contains(&op.method.as_str()) {
            continue;
        }
        allow.push(op.method.as_str());
        // axum serves HEAD wherever it serves GET.
        if op.method == Method::Get && !ops.iter().any(|o| o.method == Method::Head) {
            allow.push("HEAD");
        }
    }
    let allow = allow.join(",");
    let arms = others.iter().map(|op| {
        let wire = op.method.as_str();
        let handler = ident(&op.handler_fn);
        quote!(#wire => #handler(api, request).await,)
    });
    quote! {{
        let api = ::std::sync::Arc::clone(&api);
        move |request: ::axum::extract::Request| async move {
            match request.method().as_str() {
                #(#arms)*
                _ => #rt::method_not_allowed_but(#allow),
            }
        }
    }}
}

pub(super) fn handler(op: &Operation, rt: &TokenStream) -> TokenStream {
    let read = if takes_body_limit(op) { quote!(api.body_limit()) } else { quote!() };
    let name = ident(&op.handler_fn);
    let reader = ident(&op.reader_fn);
    let method = ident(&op.fn_name);
    let operation_id = &op.operation_id;
    let doc_text = super::docs::outer([format!(" Serves {}", operation_line(op))]);
    // The usual operation is the runtime's `serve` around its reader and method: the body
    // every handler shares is written once, in the runtime, not once per operation. Only
    // the server has such handlers, so `Api` and `OperationId` are its own names.
    if op.webhook.is_none() && !op.streams_request() {
        return quote! {
            #doc_text
            async fn #name<A: Api>(
                api: ::std::sync::Arc<A>,
                request: ::axum::extract::Request,
            ) -> ::axum::response::Response {
                #rt::serve(
                    &*api,
                    OperationId(#operation_id),
                    #reader(request, #read),
                    |request, credentials| api.#method(request, credentials),
                )
                .await
            }
        };
    }
    // A webhook's body is read and its signature checked before the reader sees it; the
    // implementation is the receiver, and there are no credentials.
    // A webhook receiver answers in the runtime's JSON: its sender's spec is the API's.
    let reject = if op.webhook.is_some() {
        quote!(::axum::response::IntoResponse::into_response(rejection))
    } else {
        quote!(api.rejection_response(OPERATION, rejection))
    };
    let (generics, verifier, verify, bind, call) = if op.webhook.is_some() {
        (
            quote!(<A: crate::webhooks::Receiver, V: crate::webhooks::Verify>),
            quote!(verifier: ::std::sync::Arc<V>,),
            quote! {
                let request = match crate::webhooks::runtime::verified(&*verifier, request, api.body_limit()).await {
                    ::std::result::Result::Ok(request) => request,
                    ::std::result::Result::Err(response) => return #rt::tagged(OPERATION, response),
                };
            },
            quote!(request),
            quote!(api.#method(request)),
        )
    } else {
        (
            quote!(<A: Api>),
            TokenStream::new(),
            TokenStream::new(),
            quote!((request, credentials)),
            quote!(api.#method(request, credentials)),
        )
    };
    let answer = quote! {
        match #rt::strictly(#reader(request, #read)).await {
            ::std::result::Result::Ok(#bind) => {
                let span = ::tracing::info_span!("operation", operation_id = OPERATION.as_str());
                let result = ::tracing::Instrument::instrument(#call, span).await;
                match result {
                    ::std::result::Result::Ok(response) => ::axum::response::IntoResponse::into_response(response),
                    ::std::result::Result::Err(error) => api.error_response(OPERATION, error),
                }
            }
            ::std::result::Result::Err(rejection) => #reject,
        }
    };
    // An item of a body that streams past the body limit makes the request one too
    // large, whatever the implementation answered having read the error item.
    let serve = if op.streams_request() {
        quote! {
            let (response, too_large) = crate::stream::receive::watched(async { #answer }).await;
            let response = match too_large {
                ::std::option::Option::Some(rejection) => #reject,
                ::std::option::Option::None => response,
            };
        }
    } else {
        quote!(let response = #answer;)
    };
    quote! {
        #doc_text
        async fn #name #generics(
            api: ::std::sync::Arc<A>,
            #verifier
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            const OPERATION: crate::server::OperationId = crate::server::OperationId(#operation_id);
            #verify
            #serve
            #rt::tagged(OPERATION, response)
        }
    }
}

// ----- responses -----

fn response_arm(api: &Api, names: &HeaderNames, r: &Response, rt: &TokenStream) -> TokenStream {
    let v = ident(&r.variant);
    let pattern = super::response_variant(quote!(Self::#v), r, quote!(status), quote!(body), quote!(headers));
    let answer = match (&r.media, r.body()) {
        // Each representation is answered with its own `Content-Type`.
        (Some(media), _) => {
            let name = ident(&media.name);
            let arms = r.bodies.iter().zip(&media.variants).map(|(b, v)| {
                let v = ident(v);
                let answer = media_answer(r.status, b, rt);
                quote!(models::#name::#v(body) => #answer,)
            });
            quote!(match body { #(#arms)* })
        }
        // JSON of another declared type (`application/vnd.api+json`, `application/json;
        // charset=utf-8`) is answered as that type; plain `application/json` by the
        // shorter path.
        (None, Some(b)) if b.media != Media::Json || w::concrete_type(b) != "application/json" => {
            media_answer(r.status, b, rt)
        }
        (None, _) => json_answer(r, rt),
    };
    with_headers(api, names, r, pattern, answer, rt)
}

/// The answer of a body in one representation, `body`, with its `Content-Type`: bytes
/// for binary and text, JSON of its type otherwise.
fn media_answer(status: Status, b: &Body, rt: &TokenStream) -> TokenStream {
    let content_type = w::concrete_type(b);
    let answer = |status: TokenStream| match b.media {
        Media::Json => quote!(#rt::wire::json_response_as(#status, #content_type, &body)),
        Media::FormUrlEncoded => {
            let encoding = super::wire::form_encoding(b, &quote!(#rt::wire));
            quote!(#rt::wire::form_response(#status, #content_type, &body, #encoding))
        }
        Media::Sequence(framing) => super::stream::server_answer(b, framing, status),
        _ => quote!(#rt::wire::bytes_response(#status, #content_type, body)),
    };
    match status {
        Status::Code(code) => answer(Literal::u16_unsuffixed(code).into_token_stream()),
        Status::Range(range) => {
            let answer = answer(quote!(status));
            let range = Literal::u16_unsuffixed(range);
            // Out of its range, the status is the implementation's bug: the empty
            // ranged response logs it and answers 500.
            quote! {
                if status / 100 == #range {
                    #answer
                } else {
                    #rt::ranged_empty_response(status, #range)
                }
            }
        }
        Status::Default => answer(quote!(status)),
    }
}

/// The answer of a response with a JSON body or none.
fn json_answer(r: &Response, rt: &TokenStream) -> TokenStream {
    match (r.status, r.body().is_some()) {
        (Status::Code(code), true) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#rt::json_response(#code, &body))
        }
        (Status::Code(code), false) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#rt::empty_response(#code))
        }
        (Status::Range(range), true) => {
            let range = Literal::u16_unsuffixed(range);
            quote!(#rt::ranged_json_response(status, #range, &body))
        }
        (Status::Range(range), false) => {
            let range = Literal::u16_unsuffixed(range);
            quote!(#rt::ranged_empty_response(status, #range))
        }
        (Status::Default, true) => quote!(#rt::json_response(status, &body)),
        (Status::Default, false) => quote!(#rt::empty_response(status)),
    }
}

/// The arm that answers `pattern` with `answer` and sets the response's typed headers.
fn with_headers(
    api: &Api,
    names: &HeaderNames,
    r: &Response,
    pattern: TokenStream,
    answer: TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    if r.headers.is_empty() {
        return quote!(#pattern => #answer,);
    }
    // Headers go on whatever the answer is, so a refused status (a 500) carries them too,
    // which is harmless; `with_header` logs and leaves out a value a header cannot carry.
    let sets = r.headers.iter().map(|h| {
        let name = ident(&h.name);
        // Every list answer sets these, so each value takes its cheapest way to header
        // text: integers by `HeaderValue::from` (itoa), text as it is, the rest by `Display`.
        // `at` is the value (`headers.x_total`, or `v` bound to it by reference), `by_ref`
        // a reference to it.
        let value = |at: &TokenStream, by_ref: &TokenStream| match &h.ty {
            TypeRef::Integer { .. } => quote!(#rt::integer_header(#by_ref)),
            TypeRef::String => quote!(#rt::text_header(#by_ref)),
            TypeRef::DateTime => {
                quote!(#rt::text_header(&#at.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true)))
            }
            _ => quote!(#rt::display_header(#by_ref)),
        };
        let set = |at: TokenStream, by_ref: TokenStream| {
            let v = value(&at, &by_ref);
            // `const`, so the name is checked once, by the compiler, not on every answer.
            match super::static_header_name(&h.wire_name).and_then(|lower| names.path(&lower)) {
                Some(name) => quote!(#rt::with_header(&mut response, #name, #v);),
                None => {
                    let wire = Literal::string(&h.wire_name);
                    quote!(#rt::with_parsed_header(&mut response, #wire, #v);)
                }
            }
        };
        if h.required {
            set(quote!(headers.#name), quote!(&headers.#name))
        } else {
            let set = set(quote!(v), quote!(v));
            let some = super::prelude(api, super::Prelude::Some);
            quote! {
                if let #some(v) = &headers.#name {
                    #set
                }
            }
        }
    });
    quote! {
        #pattern => {
            let mut response = #answer;
            #(#sets)*
            response
        }
    }
}

pub(super) fn into_response(api: &Api, names: &HeaderNames, op: &Operation, rt: &TokenStream) -> TokenStream {
    let name = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| response_arm(api, names, r, rt));
    quote! {
        impl ::axum::response::IntoResponse for models::#name {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
