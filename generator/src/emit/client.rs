//! Emits `client/mod.rs`: a method per operation on the runtime's `Client`, a pending-call
//! type per operation (optional parameters as setters, then `.await`), the builder's
//! credential setters for the spec's security schemes, and response decoding by status.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::wire::{self as w, Shape};
use super::writer::{
    optional, optional_ref, path_pushes, query_push, query_string_push, set_body, text, typed_body, value_ref,
    wire_value,
};
use super::{Artifact, HeaderNames, doc, doc_trusted, ident, type_tokens};
use crate::ir::{
    Api, Body, Media, MediaEnum, Method, NextPage, Operation, Param, ParamLocation, Response, Status, TypeRef,
};

pub(crate) fn client(api: &Api) -> Artifact<'_> {
    let schemes = api.security_schemes.iter().map(super::auth::scheme_setter);
    let server = api.servers.first().map(|s| format!(" The spec's server is `{s}`.")).unwrap_or_default();
    let module_doc = super::docs::inner(super::doc_lines(&format!(
        "The async client (feature `client`): one method per operation.\n\n\
         Required parameters are the method's arguments; optional ones are setters on the \
         pending call it returns, which runs when awaited. Each call answers with the \
         operation's response enum (one variant per declared status) inside a [`Response`] \
         that also has the status and headers; anything else is an [`Error`].{server}"
    )));
    let names = HeaderNames::of(api);
    let header_names = names.module(&quote!(::reqwest::header::HeaderName));
    let redirects = redirects_are_answers(api);
    // Every operation's method names its request and response types.
    let use_models = super::use_models(!api.operations.is_empty());
    let head = quote! {
        #module_doc

        pub mod runtime;

        #use_models

        /// Whether an operation declares a redirect (`3XX`, but `304`) among its answers: the
        /// client's own HTTP client then hands every redirect back as the answer it is, with
        /// its `Location`, instead of following it to an answer of another resource.
        const REDIRECTS_ARE_ANSWERS: bool = #redirects;

        pub use runtime::{Client, ClientBuilder, Error, ErrorResponse, Response, RetryPolicy};

        impl ClientBuilder {
            #(#schemes)*
        }

        #header_names
    };
    // One `impl Client` block per operation, beside its pending-call type.
    let operations = api.operations.iter().map(move |op| {
        let method = method(api, &names, op);
        let call = call_type(api, &names, op);
        quote! {
            impl Client {
                #method
            }

            #call
        }
    });
    Artifact::new(head, operations)
}

/// Whether any operation declares a redirect as one of its answers (`301`, `3XX`, …; `304
/// Not Modified` is no redirect). reqwest follows redirects by default, so such an answer,
/// with the `Location` the spec declares for it, would never reach the caller.
fn redirects_are_answers(api: &Api) -> bool {
    api.operations.iter().filter(|op| op.webhook.is_none()).flat_map(|op| &op.responses).any(|r| match r.status {
        Status::Code(code) => (300..400).contains(&code) && code != 304,
        Status::Range(hundreds) => hundreds == 3,
        Status::Default => false,
    })
}

/// An argument type that takes what converts (`42` or `"group/project"` for a union).
fn arg_type(api: &Api, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String | TypeRef::Named(_) => {
            let t = type_tokens(api, t);
            quote!(impl ::std::convert::Into<#t>)
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(api, inner);
            quote!(impl ::std::iter::IntoIterator<Item = #inner>)
        }
        other => type_tokens(api, other),
    }
}

/// A parameter's argument type: a secret takes what converts into `Secret` (a `&str`, a
/// `String`, or a `Secret` already).
fn param_arg_type(api: &Api, p: &Param) -> TokenStream {
    if p.secret {
        let t = type_tokens(api, &p.ty);
        return quote!(impl ::std::convert::Into<crate::Secret<#t>>);
    }
    arg_type(api, &p.ty)
}

/// The expression that turns an argument into the field's type.
fn arg_convert(name: &proc_macro2::Ident, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String | TypeRef::Named(_) => quote!(#name.into()),
        TypeRef::Array(_) => quote!(#name.into_iter().collect()),
        _ => quote!(#name),
    }
}

/// Whether the pending call may override the client's reconnection policy: it answers
/// events (and its body's media is not chosen too; nor is it a webhook's, sent by `Sender`).
fn reconnects(op: &Operation) -> bool {
    super::stream::answers_events(op) && op.webhook.is_none() && !chooses_media(op)
}

pub(super) fn method(api: &Api, names: &HeaderNames, op: &Operation) -> TokenStream {
    let super::Preludes { result, none, option, .. } = super::Preludes::of(api);
    let docs = super::client_docs::op_docs(api, op);
    let name = ident(&op.fn_name);
    let with = ident(&op.with_fn_name);
    let call = ident(&op.call_type);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let n = ident(&p.name);
        let t = param_arg_type(api, p);
        quote!(#n: #t)
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        if op.streams_request() {
            return super::stream::client_arg(api, b);
        }
        let n = ident(&b.name);
        let t = w::body_type(api, b.primary());
        // `None` is sent as `null`, which the body's schema holds.
        let t = if b.nullable { quote!(#option<#t>) } else { t };
        quote!(#n: #t,)
    });
    let fields = op.params.iter().map(|p| {
        let n = ident(&p.name);
        if p.required {
            match p.ty {
                TypeRef::String | TypeRef::Named(_) | TypeRef::Array(_) => {
                    let conv = arg_convert(&n, &p.ty);
                    quote!(#n: #conv,)
                }
                _ => quote!(#n,),
            }
        } else {
            quote!(#n: #none,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        if op.streams_request() {
            return super::stream::client_items(b);
        }
        let n = ident(&b.name);
        if b.required { quote!(#n,) } else { quote!(#n: #none,) }
    });
    let with_docs = doc(Some(&format!(
        "Sends `{}` from a whole typed request (as a server implementation receives it).",
        op.operation_id
    )));
    let (build, finish) = send_body(api, names, op, Ending::Decode);
    let media_init = chooses_media(op).then(|| quote!(media: #none,));
    let reconnect_init = reconnects(op).then(|| quote!(reconnecting: #none,));
    // An operation without parameters reads nothing from its (empty) request.
    let request_arg = if op.request_is_empty() { quote!(_request) } else { quote!(request) };
    quote! {
        #docs
        pub fn #name(&self, #(#args,)* #body_arg) -> #call<'_> {
            #call {
                client: self,
                #media_init
                #reconnect_init
                request: models::#request {
                    #(#fields)*
                    #body_field
                },
            }
        }

        #with_docs
        pub async fn #with(
            &self,
            #request_arg: models::#request,
        ) -> #result<Response<models::#response>, Error> {
            #build
            #finish
        }
    }
}

/// What a call's code does once the request is built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Reads the whole response and decodes it by status (`Client::execute`).
    Decode,
    /// Returns the response unread (`Call::send`), for streaming a large body.
    Stream,
    /// Like `Decode`, from a pending call whose body goes as the representation `media`.
    Chosen,
    /// Only builds the call, with the body as the representation `media`, from a `request`
    /// and `media` already in scope: `stream`'s page builder, where the caller chose one.
    ChosenPage,
}

impl Ending {
    /// Whether the body goes as the representation `media` rather than the default.
    fn chosen(self) -> bool {
        matches!(self, Ending::Chosen | Ending::ChosenPage)
    }
}

/// The statements that build `call` (a `runtime::Call`) from `request`, and those that
/// send it and, unless the call streams, decode the answer. `stream` reuses the first
/// half for every page it fetches.
fn send_body(api: &Api, names: &HeaderNames, op: &Operation, ending: Ending) -> (TokenStream, TokenStream) {
    let super::Preludes { ok, err, some, none, .. } = super::Preludes::of(api);
    let path = path_pushes(api, op);
    let query = op.params_in(ParamLocation::Query).map(|p| query_push(api, p));
    let query_string = op.params_in(ParamLocation::QueryString).map(|p| query_string_push(api, p));
    let query = query.chain(query_string);
    let headers = op.params_in(ParamLocation::Header).map(|p| {
        let wire = Literal::string(&p.wire_name);
        match w::shape(api, p) {
            Shape::Scalar(_) if p.required => {
                let value = text(value_ref(p), &p.resolved_ty);
                quote!(runtime::header(&mut headers, #wire, #value)?;)
            }
            Shape::Scalar(_) => {
                let value = text(quote!(v), &p.resolved_ty);
                let place = optional_ref(p);
                let some = super::prelude(api, super::Prelude::Some);
                quote! {
                    if let #some(v) = #place {
                        runtime::header(&mut headers, #wire, #value)?;
                    }
                }
            }
            _ => optional(api, p, |place| {
                let value = wire_value(api, p, place);
                let explode = p.explode;
                quote!(runtime::wire::header(&mut headers, #wire, #explode, &#value)?;)
            }),
        }
    });
    let cookies: Vec<TokenStream> = op
        .params_in(ParamLocation::Cookie)
        .map(|p| {
            let wire = Literal::string(&p.wire_name);
            optional(api, p, |place| {
                let value = wire_value(api, p, place);
                quote!(cookies.push(#wire, &#value)?;)
            })
        })
        .collect();
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = runtime::wire::Cookies::default();
            #(#cookies)*
            cookies.apply(&mut headers)?;
        }
    });
    let typed_body = op.body.as_ref().and_then(|b| typed_body(api, b));
    let body = match &op.body {
        None => quote!(#none),
        Some(_) if typed_body.is_some() || ending.chosen() => quote!(#none),
        // One runtime call per body, not the serializing and its error written out in
        // every operation: on Microsoft Graph's beta that block was 9,000 times 30 tokens.
        Some(b) => {
            let n = ident(&b.name);
            if b.required {
                quote!(#some(runtime::json_body(&request.#n)?))
            } else {
                quote!(match &request.#n {
                    #some(b) => #some(runtime::json_body(b)?),
                    #none => #none,
                })
            }
        }
    };
    let mut schemes: Vec<&str> = op.security.iter().flatten().map(String::as_str).collect();
    schemes.sort_unstable();
    schemes.dedup();
    let operation = Literal::string(&op.operation_id);
    let method = match &op.method {
        // Lowering checked that the name is a token, which is what `from_bytes` asks.
        Method::Other(name) => {
            let name = Literal::byte_string(name.as_bytes());
            quote!(runtime::method(#name)?)
        }
        m => {
            let m = format_ident!("{}", m.as_str());
            quote!(::reqwest::Method::#m)
        }
    };
    let response = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let pattern = match r.status {
            Status::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                quote!(#c)
            }
            // A variant that carries its status binds it in the pattern, once, for the
            // value to name it in shorthand.
            Status::Range(n) => {
                let lo = Literal::u16_unsuffixed(n * 100);
                let hi = Literal::u16_unsuffixed(n * 100 + 99);
                quote!(status @ #lo..=#hi)
            }
            Status::Default => quote!(status),
        };
        // A stream beside JSON shares its status: it is the answer `whole_unless` left unread.
        let pattern = if super::stream::streams(r) && super::stream::shared(op, r) {
            quote!(#pattern if unread.is_some())
        } else {
            pattern
        };
        let decode = match (&r.media, r.body()) {
            (Some(media), _) => media_decode(r, media),
            (None, Some(b)) => body_decode(b),
            (None, None) => TokenStream::new(),
        };
        let headers = r.headers_type.as_ref().map(|h| {
            let h = ident(h);
            let fields = r.headers.iter().map(|header| {
                let name = ident(&header.name);
                let wire = Literal::string(&header.wire_name);
                // A name that is an HTTP token is a `const`, checked by the compiler and not
                // parsed on every response (`X-Page` would be lowercased on each lookup).
                let constant = super::static_header_name(&header.wire_name).and_then(|lower| names.path(&lower));
                match (constant, header.required) {
                    (Some(constant), true) => quote!(#name: raw.required_header_named(&#constant, #wire)?),
                    (Some(constant), false) => quote!(#name: raw.header_named(&#constant, #wire)?),
                    (None, true) => quote!(#name: raw.required_header(#wire)?),
                    (None, false) => quote!(#name: raw.header(#wire)?),
                }
            });
            quote!(models::#h { #(#fields),* })
        });
        let value = super::response_variant(
            quote!(models::#response::#v),
            r,
            quote!(status),
            decode,
            headers.unwrap_or_default(),
        );
        quote!(#pattern => #value,)
    });
    // A 429 the operation does not declare is a typed error carrying the wait, even where
    // a `4XX` or `default` would match it: GitLab answers it in plain text, which no
    // declared body fits, and a caller wants the delay, not a decode error.
    let rate_limited = (!op.responses.iter().any(|r| r.status == Status::Code(429)))
        .then(|| quote!(429 => return #err(raw.rate_limited()),));
    let has_default = op.responses.iter().any(|r| r.status == Status::Default);
    let fallback = (!has_default).then(|| quote!(_ => return #err(raw.unexpected()),));
    let headers_count = op.params_in(ParamLocation::Header).count() + op.params_in(ParamLocation::Cookie).count();
    let query_count = op.params_in(ParamLocation::Query).count() + op.params_in(ParamLocation::QueryString).count();
    let header_mut = if headers_count == 0 { quote!() } else { quote!(mut) };
    // Room for the literal path and a modest value per parameter, so that building the
    // URL does not reallocate as it grows.
    let path_capacity = Literal::usize_unsuffixed(op.path.len() + 32 * op.params_in(ParamLocation::Path).count());
    // A webhook's path is empty: the subscriber's URL is the whole of it.
    let path_init = if path.is_empty() {
        quote!(let path = ::std::string::String::new();)
    } else {
        quote!(let mut path = ::std::string::String::with_capacity(#path_capacity);)
    };
    let query_new = if query_count == 0 {
        quote!(runtime::Query::default())
    } else {
        let bytes = Literal::usize_unsuffixed(48 * query_count);
        quote!(runtime::Query::with_capacity(#bytes))
    };
    let query_mut = if query_count == 0 { quote!() } else { quote!(mut) };
    let call = quote! {
        runtime::Call {
            operation: #operation,
            method: #method,
            path,
            query,
            headers,
            body: #body,
            schemes: &[#(#schemes),*],
        }
    };
    // A body that is not plain JSON is set on the call with its own `Content-Type`.
    let chosen = op.body.as_ref().filter(|_| ending.chosen()).map(|b| {
        let declared: Vec<&str> = w::alternatives(b).iter().map(|a| a.content_type.as_str()).collect();
        let arms = w::alternatives(b).into_iter().map(|a| {
            let ct = &a.content_type;
            let set = set_body(api, b, a);
            quote!(#ct => { #set })
        });
        let list = declared.join(", ");
        quote! {
            match media {
                #(#arms)*
                other => {
                    return #err(Error::Parameter {
                        parameter: "body",
                        reason: format!("cannot be sent as `{other}`; it is sent as one of {}", #list),
                    });
                }
            }
        }
    });
    let set = if ending.chosen() { chosen } else { typed_body };
    let bind = match set {
        Some(set) => quote! {
            let mut call = #call;
            #set
        },
        None => quote!(let call = #call;),
    };
    // A pending call's methods read the request it holds; the `{op}_with` method and `stream`'s
    // page builder are handed theirs.
    let reads_own = matches!(ending, Ending::Stream | Ending::Chosen);
    // A body that streams is moved out of it, to be sent.
    let own = if op.streams_request() { quote!(self.request) } else { quote!(&self.request) };
    let request = (reads_own && !op.request_is_empty()).then(|| quote!(let request = #own;));
    let build = quote! {
        #request
        #path_init
        #(#path)*
        let #query_mut query = #query_new;
        #(#query)*
        let #header_mut headers = ::reqwest::header::HeaderMap::new();
        #(#headers)*
        #cookies
        #bind
    };
    let client = if ending == Ending::Decode { quote!(self) } else { quote!(self.client) };
    // Nothing is sent before the arguments meet the spec's constraints.
    let checks = super::constraints::client_checks(api, op, &client);
    // A body that streams goes beside the call (`upload`), which cannot hold it.
    let send =
        if op.streams_request() { quote!(call.send_body(#client, #some(upload))) } else { quote!(call.send(#client)) };
    match ending {
        Ending::Stream => return (build, quote!(#checks #send.await)),
        Ending::ChosenPage => return (build, TokenStream::new()),
        Ending::Decode | Ending::Chosen => {}
    }
    // A stream's body is left unread, for its items to be read as they arrive.
    let execute = match super::stream::client_streams(op) {
        Some(streams) => {
            let setup = super::stream::client_setup(op, &client);
            quote! {
                #setup
                let (raw, unread) = crate::stream::read::whole_unless(#operation, #send.await?, #streams).await?;
            }
        }
        None if op.streams_request() => quote! {
            let (raw, _) = crate::stream::read::whole_unless(#operation, #send.await?, |_: u16, _: &str| false).await?;
        },
        None => quote!(let raw = #client.execute(call).await?;),
    };
    let finish = quote! {
        #checks
        #execute
        let body = match raw.status.as_u16() {
            #rate_limited
            #(#arms)*
            #fallback
        };
        #ok(raw.into_response(body))
    };
    (build, finish)
}

/// The expression that decodes `raw`'s body as one representation. `ErrorMessage` reads
/// any body (it keeps text that is not its JSON as the message), so it cannot fail; every
/// other type but text and bytes is decoded as JSON, a nullable one empty or `null` as `None`.
fn body_decode(b: &Body) -> TokenStream {
    match b.media {
        _ if b.ty == TypeRef::ErrorMessage => quote!(raw.error_message()),
        Media::Text => quote!(runtime::wire::text(&raw)?),
        Media::Binary => quote!(::std::clone::Clone::clone(&raw.body)),
        Media::FormUrlEncoded => {
            let encoding = w::form_encoding(b, &quote!(runtime::wire));
            quote!(runtime::wire::form_response(&raw, #encoding)?)
        }
        Media::Json if b.nullable => quote!(raw.decode_nullable()?),
        Media::Json | Media::Multipart => quote!(raw.decode()?),
        Media::Sequence(framing) => super::stream::client_decode(b, framing),
    }
}

/// The expression that decodes a response whose representations decode differently, by
/// the `Content-Type` it carries: a declared type exactly first (so `problem+json` is not
/// taken for `application/json`'s), then `application/json` for any `+json`, then ranges
/// (`image/*`), `*/*` last. A type the response does not declare is an error naming it,
/// which keeps the body.
fn media_decode(r: &Response, media: &MediaEnum) -> TokenStream {
    let name = ident(&media.name);
    let essence = |b: &Body| b.content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let exact = r.bodies.iter().enumerate().filter(|(_, b)| !b.content_type.contains('*'));
    let mut loose: Vec<(usize, &Body)> = r
        .bodies
        .iter()
        .enumerate()
        .filter(|(_, b)| b.content_type.contains('*') || essence(b) == "application/json")
        .collect();
    loose.sort_by_key(|(_, b)| {
        usize::from(b.content_type.contains('*')) + usize::from(b.content_type.starts_with("*/"))
    });
    let arm = |i: usize, b: &Body, test: TokenStream| {
        let v = ident(&media.variants[i]);
        let decode = body_decode(b);
        quote!(if #test { models::#name::#v(#decode) })
    };
    let exact = exact.map(|(i, b)| {
        let essence = essence(b);
        arm(i, b, quote!(media == #essence))
    });
    let loose = loose.into_iter().map(|(i, b)| {
        let declared = b.content_type.as_str();
        arm(i, b, quote!(runtime::wire::media_is(&media, #declared)))
    });
    let arms = exact.chain(loose);
    let declared: Vec<&str> = r.bodies.iter().map(|b| b.content_type.as_str()).collect();
    let declared = declared.join(", ");
    quote! {
        {
            let media = runtime::wire::media_type(&raw).unwrap_or_default();
            #(#arms else)* {
                return ::std::result::Result::Err(runtime::wire::unexpected_media(&raw, &media, #declared));
            }
        }
    }
}

/// Whether the operation's body may go in more than one representation.
fn chooses_media(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| w::alternatives(b).len() > 1)
}

pub(super) fn call_type(api: &Api, names: &HeaderNames, op: &Operation) -> TokenStream {
    let super::Preludes { result, option, some, .. } = super::Preludes::of(api);
    let call = ident(&op.call_type);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let with = ident(&op.with_fn_name);
    let docs = doc(Some(&format!(
        "A pending `{}` call: set optional parameters, then `.await` it (or call `send`).",
        op.operation_id
    )));
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let n = ident(&p.name);
        let docs = doc(p.doc.as_deref());
        let t = param_arg_type(api, p);
        let conv = arg_convert(&n, &p.ty);
        quote! {
            #docs
            pub fn #n(mut self, #n: #t) -> Self {
                self.request.#n = #some(#conv);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let n = ident(&b.name);
        let t = w::body_type(api, b.primary());
        quote! {
            /// The request body.
            pub fn #n(mut self, #n: #t) -> Self {
                self.request.#n = #some(#n);
                self
            }
        }
    });
    let output = quote!(#result<Response<models::#response>, Error>);
    // A webhook is sent by the webhooks' `Sender`, to a subscriber's URL.
    let client_type = if op.webhook.is_some() { quote!(Sender) } else { quote!(Client) };
    let stream = stream_method(api, names, op);
    let streaming_flag = super::stream::call_streaming(api, op);
    // A body declared in several representations of one type may go as any of them.
    let chooses = chooses_media(op);
    let media_field = chooses.then(|| quote!(media: #option<&'static str>,));
    let media_setter = op.body.as_ref().filter(|_| chooses).map(|b| {
        let declared: Vec<String> = w::alternatives(b).iter().map(|a| format!("`{}`", a.content_type)).collect();
        let docs = doc_trusted(&format!(
            "Sends the body as `media`, one of the media types the operation declares for it: {} \
             (the first is the default). Any other is an [`Error::Parameter`] when sent.",
            declared.join(", ")
        ));
        quote! {
            #docs
            pub fn body_media(mut self, media: &'static str) -> Self {
                self.media = #some(media);
                self
            }
        }
    });
    // An operation answering events may reconnect by its own policy (`reconnect_events`),
    // sent with a client of that policy. (Not where the body's media is chosen too.)
    let reconnects = reconnects(op);
    let (reconnect_field, reconnect_setter) = reconnects.then(super::stream::call_reconnect).unzip();
    let send = if reconnects {
        quote! {
            let client = self.reconnecting.as_ref().unwrap_or(self.client);
            client.#with(self.request).await
        }
    } else if chooses {
        let (build, finish) = send_body(api, names, op, Ending::Chosen);
        quote! {
            let #some(media) = self.media else {
                return self.client.#with(self.request).await;
            };
            #build
            #finish
        }
    } else {
        quote!(self.client.#with(self.request).await)
    };
    // `.await` boxes the future: without a media choice to make, it boxes the typed call
    // itself, not a `send` future around it that would hold the request a second time.
    let awaited = if chooses || reconnects { quote!(self.send()) } else { quote!(self.client.#with(self.request)) };
    // A binary response may be too large to buffer: it can be read as it arrives.
    let binary = op.responses.iter().flat_map(|r| &r.bodies).any(|b| b.media == Media::Binary);
    let streaming = binary.then(|| {
        let (build, finish) = send_body(api, names, op, Ending::Stream);
        quote! {
            /// Sends the call and returns the response as soon as its status and headers
            /// arrive, its body unread, so that a large binary body can be read piece by
            /// piece (`reqwest::Response::chunk`) instead of buffered. The status is not
            /// matched against the declared ones: check it before reading.
            pub async fn send_streaming(self) -> #result<::reqwest::Response, Error> {
                #build
                #finish
            }
        }
    });
    // The usual call is the runtime's `Pending` of its request, which sends and awaits
    // through the request's `Operation` impl: only the setters are the operation's own.
    if op.webhook.is_none() && !chooses && !reconnects {
        let own = quote!(#(#setters)* #body_setter #streaming_flag #stream #streaming);
        // A call without setters of its own has only the runtime's methods.
        let own = (!own.is_empty()).then(|| quote!(impl<'a> #call<'a> { #own }));
        return quote! {
            #docs
            pub type #call<'a> = runtime::Pending<'a, models::#request>;

            #own

            impl runtime::Operation for models::#request {
                type Response = models::#response;

                fn send(self, client: &Client) -> runtime::Sending<'_, Self::Response> {
                    ::std::boxed::Box::pin(client.#with(self))
                }
            }
        };
    }
    quote! {
        #docs
        #[derive(::std::fmt::Debug)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #call<'a> {
            client: &'a #client_type,
            #media_field
            #reconnect_field
            request: models::#request,
        }

        impl<'a> #call<'a> {
            #(#setters)*
            #body_setter

            #media_setter
            #streaming_flag
            #reconnect_setter

            /// Sends the call.
            pub async fn send(self) -> #output {
                #send
            }

            #stream

            #streaming
        }

        impl<'a> ::std::future::IntoFuture for #call<'a> {
            type Output = #output;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(#awaited)
            }
        }
    }
}

/// `stream` for a list operation: every item of every page, as the runtime's `paginate`
/// follows them.
fn stream_method(api: &Api, names: &HeaderNames, op: &Operation) -> Option<TokenStream> {
    let super::Preludes { ok, result, some, none, option, .. } = super::Preludes::of(api);
    let paging = op.pagination.as_ref()?;
    let item = type_tokens(api, &paging.item);
    let request = ident(&op.request_type);
    let status = Literal::u16_unsuffixed(paging.status);
    let (build, _) = send_body(api, names, op, Ending::Decode);
    let request_arg = if op.request_is_empty() { quote!(_request) } else { quote!(request) };
    // A body the caller chose to send as another representation (`body_media`) goes so on
    // every page: the pages' request carries the choice beside the typed request, since
    // the runtime's page builder is a plain `fn`.
    let chooses = chooses_media(op);
    let req_ty = quote!(models::#request);
    let (pages_value, call_arg, page_arg) = if chooses {
        let ty = quote!((#req_ty, #option<&'static str>));
        (quote!((self.request, self.media)), quote!((request, media): &#ty), quote!((request, _): &mut #ty))
    } else {
        (quote!(self.request), quote!(#request_arg: &#req_ty), quote!(request: &mut #req_ty))
    };
    let build = if chooses {
        let (chosen, _) = send_body(api, names, op, Ending::ChosenPage);
        quote! {
            if let #some(media) = *media {
                #chosen
                return #ok(call);
            }
            #build
        }
    } else {
        build
    };
    let (next, how) = match &paging.next {
        NextPage::Link => (quote!(runtime::Next::Link), "the `Link` header's `rel=\"next\"`".to_string()),
        NextPage::PageHeader(h) => {
            let how = format!("the `{h}` header (or else `Link`)");
            let h = Literal::string(h);
            (quote!(runtime::Next::PageHeader(#h)), how)
        }
        NextPage::BodyLink { items, next } => {
            let how = match next {
                Some(n) => format!("the URL in the page's `{n}`"),
                None => "no link, as the first page is the only one".to_string(),
            };
            let next = match next {
                Some(n) => quote!(#some(#n)),
                None => quote!(#none),
            };
            (quote!(runtime::Next::Body { items: #items, next: #next }), how)
        }
    };
    let set_page = match paging.page_param.map(|i| &op.params[i]) {
        Some(p) => {
            let n = ident(&p.name);
            let wire = Literal::string(&p.wire_name);
            let value = quote! {
                ::std::convert::TryFrom::try_from(page).map_err(|_| Error::Parameter {
                    parameter: #wire,
                    reason: ::std::string::ToString::to_string("cannot hold the next page's number"),
                })?
            };
            let assign = if p.required { value } else { quote!(#some(#value)) };
            quote! {
                #some(|#page_arg, page: u64| {
                    request.#n = #assign;
                    #ok(())
                })
            }
        }
        None => quote!(#none),
    };
    let media = if chooses { ", and so does the body's media type (`body_media`)" } else { "" };
    let docs = doc_trusted(&format!(
        "Every item of every page, as a stream that fetches the next page when it needs it \
         (following {how}), from the page the parameters set. A page size set here \
         (`per_page`, say) holds for every page{media}. The stream ends after the last page; \
         an error is its last item."
    ));
    Some(quote! {
        #docs
        pub fn stream(self) -> impl ::futures_util::Stream<Item = #result<#item, Error>> + ::std::marker::Send + 'a {
            runtime::paginate(
                self.client,
                runtime::Pages {
                    request: #pages_value,
                    call: |#call_arg| {
                        #build
                        #ok(call)
                    },
                    set_page: #set_page,
                    next: #next,
                    status: #status,
                },
            )
        }
    })
}
