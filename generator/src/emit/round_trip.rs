//! Emits `tests/round_trip.rs` for the generated crate: its client against its server over
//! TCP on 127.0.0.1, for every operation. A recording implementation of the server trait
//! keeps each typed request it receives and answers with a fixed declared response; the
//! test checks that the server received exactly the request the client sent and that the
//! client decoded exactly the response the server returned.

mod outside;
mod reads;
mod samples;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use indexmap::IndexSet;
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{Artifact, Chunk, crate_ident, ident, string_literal, type_tokens_at};
use crate::ir::{Api, Body, Media, Operation, Param, Response, SecurityKind, Status, TypeKind, TypeRef};
use outside::outside;
use samples::sample;

pub(crate) fn round_trip(api: &Api) -> Artifact<'_> {
    let krate = crate_ident(api);
    let root = quote!(::#krate);
    let credentials: Vec<TokenStream> = api
        .security_schemes
        .iter()
        .map(|s| {
            let method = ident(&s.ident);
            match s.kind {
                SecurityKind::Basic => quote!(.#method("user", "password")),
                _ => quote!(.#method("credential")),
            }
        })
        .collect();
    // The webhooks' test is behind its own feature: a constant it shared with the operations'
    // test would be unused without it, so its samples stay where they are used.
    let hooks_cx = Cx::new(root.clone(), false);
    let webhooks = webhooks(api, &hooks_cx);
    let cx = Rc::new(Cx::new(root.clone(), true));
    let features = if api.operations.is_empty() {
        quote!(#![cfg(feature = "webhooks")])
    } else {
        quote!(#![cfg(all(feature = "client", feature = "server"))])
    };
    let also = (!api.webhooks.is_empty()).then(|| {
        quote! {
            //!
            //! Webhooks and callbacks likewise, from the sender to the receiver's router, signed.
        }
    });
    // The answers are kept as `Debug` text too, and the test compares the client's decoded
    // response with that text, as it does the requests: the answer's value is written once,
    // in the recording server, not again in the test (on Microsoft Graph that was 12 MB of
    // repeated JSON samples). A response that streams is checked item by item instead.
    // Where only webhooks have such answers, only the webhooks' test reads them.
    let (ops, hooks) = (api.operations.iter().any(checks_answer), api.webhooks.iter().any(checks_answer));
    let gate = (!ops && !api.operations.is_empty()).then(|| quote!(#[cfg(feature = "webhooks")]));
    let answered_field = (ops || hooks)
        .then(|| quote!(#gate answered: ::std::sync::Arc<Mutex<::std::vec::Vec<::std::string::String>>>,));
    let answered_methods = (ops || hooks).then(|| {
        quote! {
            #gate
            fn answer<T: ::std::fmt::Debug>(&self, answer: T) -> T {
                self.answered.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).push(format!("{answer:?}"));
                answer
            }

            #gate
            fn answered(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::mem::take(&mut *self.answered.lock().unwrap_or_else(::std::sync::PoisonError::into_inner))
            }
        }
    });
    let head = quote! {
        //! The generated client against the generated server over TCP on 127.0.0.1, every
        //! operation: the server receives exactly the typed request the client sent, and the
        //! client decodes exactly the response the server returned; and against the crate's
        //! `Mock`, whose every answer the client decodes.
        #also

        #features

        use ::std::sync::Mutex;

        use #root::models;

        /// Keeps what it receives (as `Debug` text) and answers with a fixed response.
        /// Clones share what they keep: one goes to the router, one stays with the test.
        #[derive(Clone, Default)]
        struct Recording {
            received: ::std::sync::Arc<Mutex<::std::vec::Vec<::std::string::String>>>,
            #answered_field
        }

        impl Recording {
            fn keep(&self, request: &dyn ::std::fmt::Debug) {
                self.received.lock().unwrap_or_else(::std::sync::PoisonError::into_inner).push(format!("{request:?}"));
            }

            fn take(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::mem::take(&mut *self.received.lock().unwrap_or_else(::std::sync::PoisonError::into_inner))
            }

            #answered_methods
        }
    };
    // A crate of webhooks only has no operations to call: its test is the webhooks'.
    let operations = (!api.operations.is_empty()).then(|| operations(api, &cx, credentials)).into_iter().flatten();
    // The samples are known once every call has been emitted: their constants come last,
    // and `json` where a call reads one (gated like `answer` where only webhooks do).
    let hooks_read = hooks_cx.read.get();
    let samples = std::iter::once_with(move || {
        let constants = cx.sample_constants();
        let gate = (!cx.read.get() && !api.operations.is_empty()).then(|| quote!(#[cfg(feature = "webhooks")]));
        let json = (cx.read.get() || hooks_read).then(|| {
            quote! {
                /// The value a JSON sample reads as.
                #gate
                fn json<T: ::serde::de::DeserializeOwned>(text: &str) -> T {
                    ::serde_json::from_str(text).expect("sample")
                }
            }
        });
        Chunk::Item(quote!(#json #constants))
    });
    Artifact::chunks(head, operations.chain(std::iter::once(Chunk::Item(webhooks.unwrap_or_default()))).chain(samples))
}

/// What the round trip's emitters share: the crate's path, and the long JSON samples met so
/// far, each written once as a constant at the end of the file, however many calls read it
/// (Microsoft Graph's round trip reads 788 distinct long samples about 5,900 times).
struct Cx {
    root: TokenStream,
    samples: RefCell<IndexSet<String>>,
    /// Whether long samples become constants.
    share: bool,
    /// Whether a call reads a sample through the test's `json`.
    read: Cell<bool>,
}

/// How long a sample's JSON text is before it is a constant: shorter ones read better where
/// they are used.
const SHARED_SAMPLE_BYTES: usize = 200;

impl Cx {
    fn new(root: TokenStream, share: bool) -> Cx {
        Cx { root, samples: RefCell::default(), share, read: Cell::new(false) }
    }

    /// The Rust type for `t`, named types through the test's `use` of the crate's `models`.
    fn ty(&self, api: &Api, t: &TypeRef) -> TokenStream {
        type_tokens_at(api, t, &self.root, &quote!(models))
    }

    /// The sample's text as a literal, or the constant that holds it when it is long.
    fn sample_text(&self, text: String) -> TokenStream {
        if !self.share || text.len() < SHARED_SAMPLE_BYTES {
            return string_literal(&text).into_token_stream();
        }
        let (index, _) = self.samples.borrow_mut().insert_full(text);
        format_ident!("SAMPLE_{index}").into_token_stream()
    }

    fn sample_constants(&self) -> TokenStream {
        let samples = self.samples.borrow();
        let constants = samples.iter().enumerate().map(|(index, text)| {
            let name = format_ident!("SAMPLE_{index}");
            let text = string_literal(text);
            quote! {
                /// A JSON sample long enough to be written once, for every call that reads it.
                const #name: &str = #text;
            }
        });
        quote!(#(#constants)*)
    }
}

/// The tests of the operations: the recording server, the test that calls it and the mock,
/// and the test that calls another server. One test holds every call (they share a
/// server), so each is an item split by operation.
fn operations<'a>(api: &'a Api, cx: &Rc<Cx>, credentials: Vec<TokenStream>) -> Vec<Chunk<'a>> {
    let root = cx.root.clone();
    let checked = api.served().any(checked_by_helper);
    let clients = checked.then(|| quote!(let clients = [&mock_client, &client];));
    let methods = {
        let cx = Rc::clone(cx);
        api.served().map(move |op| server_method(api, &cx, op))
    };
    let recording = {
        let root = root.clone();
        Chunk::members(
            move |methods| {
                quote! {
                    impl #root::server::Api for Recording {
                        #methods
                    }
                }
            },
            std::iter::once(quote!(
                type Error = ::std::convert::Infallible;
            ))
            .chain(methods),
        )
    };
    let start = quote! {
        let api = Recording::default();
        let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("address");
        let app = #root::server::router(api.clone());
        ::tokio::spawn(async move { ::axum::serve(listener, app).await });
        // The crate's mock on another port: every operation answers its first success
        // with values the client decodes.
        let mock_listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let mock_addr = mock_listener.local_addr().expect("address");
        let mock = #root::server::mock::router(#root::server::Mock::new());
        ::tokio::spawn(async move { ::axum::serve(mock_listener, mock).await });
        // Every scheme's credential, so that every operation's requirement is met. The
        // values are chosen to test encoding (`a/b c?d#e%f ü`), not to meet the spec's
        // constraints, so the client does not check them.
        let client = #root::client::Client::builder(&format!("http://{addr}/"))
            #(#credentials)*
            .client_side_validation(false)
            .build()
            .expect("client");
        let mock_client = #root::client::Client::builder(&format!("http://{mock_addr}/"))
            #(#credentials)*
            .client_side_validation(false)
            .build()
            .expect("client");
        #clients
    };
    let calls = {
        let cx = Rc::clone(cx);
        let client = quote!(client);
        api.served().map(move |op| call(api, &cx, op, &client))
    };
    let test = Chunk::members(
        |calls| {
            quote! {
                #[tokio::test]
                async fn every_operation_round_trips() {
                    #calls
                }
            }
        },
        std::iter::once(start).chain(calls),
    );
    let (sample, outside) = outside(api, root.clone(), &credentials);
    let helper = checked.then(|| check_helper(api, &root));
    vec![recording, test, Chunk::Item(quote!(#helper #sample)), outside]
}

/// Whether the test checks an operation through [`check_helper`]'s `round_trip`: one of
/// the API's own, whose request is copied and whose answer is compared as a whole.
fn checked_by_helper(op: &Operation) -> bool {
    op.webhook.is_none() && !op.streams_request() && checks_answer(op)
}

/// The test's `round_trip`, which checks one operation: written once rather than in each
/// operation's block, which on Microsoft Graph's 22,000 operations held most of the test.
fn check_helper(api: &Api, root: &TokenStream) -> TokenStream {
    let result = super::prelude(api, super::Prelude::Result);
    quote! {
        /// Sends `sent` through `call` to the mock, which must answer `status` (as the
        /// client decodes it), then to the recording server, which must receive `sent`
        /// and whose answer the client must decode unchanged. `id` names the operation.
        async fn round_trip<'c, R, T, F>(
            api: &Recording,
            clients: [&'c #root::client::Client; 2],
            id: &str,
            status: u16,
            sent: R,
            call: impl Fn(&'c #root::client::Client, R) -> F,
        ) where
            R: Clone + ::std::fmt::Debug,
            T: ::std::fmt::Debug,
            F: ::std::future::Future<Output = #result<#root::client::Response<T>, #root::client::Error>>,
        {
            let [mock, client] = clients;
            let mocked = call(mock, sent.clone()).await.unwrap_or_else(|e| panic!("{id} (mock): {e}"));
            assert_eq!(mocked.status().as_u16(), status, "{id}: the mock's status");
            let got = call(client, sent.clone()).await.unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(api.answered(), vec![format!("{:?}", got.into_inner())], "{id}: the response changed on the way");
            assert_eq!(api.take(), vec![format!("{sent:?}")], "{id}: the request changed on the way");
        }
    }
}

/// The webhooks' test: each one delivered by a sender to the receiver's router, signed by
/// Standard Webhooks; then an unsigned, a tampered and a stale delivery, which must be
/// answered 401 without reaching the receiver.
fn webhooks(api: &Api, cx: &Cx) -> Option<TokenStream> {
    let root = &cx.root;
    let first = api.webhooks.first()?;
    let methods = api.webhooks.iter().map(|op| server_method(api, cx, op));
    let sender = quote!(sender);
    let deliveries = api.webhooks.iter().map(|op| {
        let path = ident(&op.fn_name);
        let call = call(api, cx, op, &sender);
        quote! {
            {
                let sender = #root::webhooks::Sender::builder(&format!("http://{addr}{}", paths.#path))
                    .signer(verifier())
                    .timeout(::std::time::Duration::from_secs(30))
                    .build()
                    .expect("sender");
                #call
            }
        }
    });
    let path = ident(&first.fn_name);
    let method = quote::format_ident!("{}", first.method.as_str());
    Some(quote! {
        #[cfg(feature = "webhooks")]
        impl #root::webhooks::Receiver for Recording {
            type Error = ::std::convert::Infallible;
            #(#methods)*
        }

        #[cfg(feature = "webhooks")]
        #[tokio::test]
        async fn every_webhook_round_trips_signed() {
            // The Standard Webhooks specification's test secret.
            let verifier = || #root::webhooks::StandardWebhooks::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("secret");
            let api = Recording::default();
            let paths = #root::webhooks::Paths::default();
            let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
            let addr = listener.local_addr().expect("address");
            let app = #root::webhooks::router(api.clone(), verifier(), &paths).expect("routes");
            ::tokio::spawn(async move { ::axum::serve(listener, app).await });
            #(#deliveries)*

            // Unsigned, tampered (a byte more than was signed) and stale deliveries are 401s.
            let url = format!("http://{addr}{}", paths.#path);
            let http = ::reqwest::Client::new();
            let now = ::std::time::SystemTime::now()
                .duration_since(::std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
            let mut tampered = ::reqwest::header::HeaderMap::new();
            verifier().sign_at(&mut tampered, "msg_tampered", b"{}", now).expect("signed");
            let mut stale = ::reqwest::header::HeaderMap::new();
            verifier().sign_at(&mut stale, "msg_stale", b"{}", now - 3600).expect("signed");
            let cases = [
                ("unsigned", ::reqwest::header::HeaderMap::new(), "{}"),
                ("tampered", tampered, "{} "),
                ("stale", stale, "{}"),
            ];
            for (case, headers, body) in cases {
                let answer = http
                    .request(::reqwest::Method::#method, &url)
                    .headers(headers)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(answer.status().as_u16(), 401, "{case}");
            }
            assert!(api.take().is_empty(), "a refused delivery reached the receiver");
        }
    })
}

/// The response the recording server gives: the first declared 2xx, else the first.
fn chosen(op: &Operation) -> Option<&Response> {
    op.responses.iter().find(|r| matches!(r.status, Status::Code(200..=299))).or(op.responses.first())
}

/// Whether the test checks the operation's response against the recording server's
/// answer: it has one to choose, and it does not stream (see [`streamed`]).
fn checks_answer(op: &Operation) -> bool {
    chosen(op).is_some() && !op.streams()
}

/// An expression for the chosen response.
fn response_value(api: &Api, cx: &Cx, op: &Operation) -> TokenStream {
    let response = ident(&op.response_type);
    let Some(r) = chosen(op) else { return quote!(unreachable!()) };
    let v = ident(&r.variant);
    let body = match (&r.media, r.body()) {
        // The first representation, which the server answers with its own media type.
        (Some(media), Some(b)) => {
            let (name, v) = (ident(&media.name), ident(&media.variants[0]));
            let value = body_value(api, cx, b);
            quote!(models::#name::#v(#value))
        }
        (_, b) => b.map(|b| body_value(api, cx, b)).unwrap_or_default(),
    };
    let status = match r.status {
        Status::Code(_) => TokenStream::new(),
        Status::Range(n) => Literal::u16_unsuffixed(n * 100).into_token_stream(),
        Status::Default => Literal::u16_unsuffixed(500).into_token_stream(),
    };
    let some = super::prelude(api, super::Prelude::Some);
    let headers = r.headers_type.as_ref().map(|h| {
        let h = ident(h);
        let fields = r.headers.iter().map(|header| {
            let name = ident(&header.name);
            // Header text must be visible ASCII, unlike the body samples' strings.
            let value = match &header.ty {
                TypeRef::String => quote!(::std::string::String::from("round trip")),
                t => in_place(api, cx, t),
            };
            if header.required { quote!(#name: #value) } else { quote!(#name: #some(#value)) }
        });
        quote!(models::#h { #(#fields),* })
    });
    super::response_variant(quote!(models::#response::#v), r, status, body, headers.unwrap_or_default())
}

/// A body's value: bytes that are not UTF-8 for binary media, else a sample of its type,
/// for a place that says the type (a field, a variant's member).
fn body_value(api: &Api, cx: &Cx, b: &Body) -> TokenStream {
    let some = super::prelude(api, super::Prelude::Some);
    match b.media {
        Media::Binary => quote!(::bytes::Bytes::from_static(b"\x00\xffround trip\r\n")),
        Media::Json if b.nullable => {
            let value = in_place(api, cx, &b.ty);
            quote!(#some(#value))
        }
        Media::Sequence(framing) => super::stream::one_item(&cx.root, framing, from_json(api, cx, &b.ty)),
        _ => in_place(api, cx, &b.ty),
    }
}

/// A value of type `t`, read from a small JSON sample of it, its type named: for a place
/// that does not say it (a stream's item, a list compared as text).
fn from_json(api: &Api, cx: &Cx, t: &TypeRef) -> TokenStream {
    if *t == TypeRef::ErrorMessage {
        let root = &cx.root;
        return quote!(#root::ErrorMessage::new("round trip"));
    }
    let ty = cx.ty(api, t);
    let text = cx.sample_text(sample(api, t, 0).to_string());
    cx.read.set(true);
    quote!(json::<#ty>(#text))
}

/// A value of type `t` read from a small JSON sample of it, where its place (a field, a
/// variant's member) says the type, which is then not written again: Microsoft Graph's
/// test reads about 114,000 samples.
fn in_place(api: &Api, cx: &Cx, t: &TypeRef) -> TokenStream {
    if *t == TypeRef::ErrorMessage {
        return from_json(api, cx, t);
    }
    let text = cx.sample_text(sample(api, t, 0).to_string());
    cx.read.set(true);
    quote!(json(#text))
}

/// A parameter value, for the request's field. Text-like parameters get text that needs encoding; a union with a
/// string variant gets a GitLab-style project path, so both encoding and decoding show.
fn param_value(api: &Api, cx: &Cx, p: &Param) -> TokenStream {
    let root = &cx.root;
    let has_string_variant = matches!(&p.ty, TypeRef::Named(id)
        if matches!(&api.ty(*id).kind, TypeKind::Union(u) if u.variants.iter().any(|v| v.ty == TypeRef::String)));
    if has_string_variant {
        return quote!(::std::convert::From::from("group/sub project"));
    }
    // A parameter the server holds to its schema (bounds, a length, a format, a pattern)
    // gets the synthesised value that meets it: the encoding sample would be refused with
    // a 400.
    let value = if p.uuid || p.length.is_some() || p.bounds.is_some() || !p.constraints.is_empty() {
        let text = string_literal(&p.sample);
        cx.read.set(true);
        quote!(json(#text))
    } else {
        in_place(api, cx, &p.ty)
    };
    if p.secret { quote!(#root::Secret::new(#value)) } else { value }
}

fn server_method(api: &Api, cx: &Cx, op: &Operation) -> TokenStream {
    let super::Preludes { ok, result, .. } = super::Preludes::of(api);
    let root = &cx.root;
    let name = ident(&op.fn_name);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let value = response_value(api, cx, op);
    let value = if checks_answer(op) { quote!(self.answer(#value)) } else { value };
    // A webhook's receiver gets no credentials (its signature was checked instead).
    let credentials = op.webhook.is_none().then(|| quote!(_credentials: #root::server::Credentials,));
    // A body that streams is kept as the items read from it, beside the rest.
    let keep = match op.body.as_ref().filter(|_| op.streams_request()) {
        Some(b) => {
            let n = ident(&b.name);
            quote! {
                let mut request = request;
                let items: ::std::vec::Vec<_> = ::futures_util::StreamExt::collect(&mut request.#n).await;
                self.keep(&(&request, &items));
            }
        }
        None => quote!(self.keep(&request);),
    };
    quote! {
        async fn #name(
            &self,
            request: models::#request,
            #credentials
        ) -> #result<models::#response, Self::Error> {
            #keep
            #ok(#value)
        }
    }
}

/// One call through `caller` (the client, or a webhook's sender), and what must arrive.
fn call(api: &Api, cx: &Cx, op: &Operation, caller: &TokenStream) -> TokenStream {
    let result = super::prelude(api, super::Prelude::Result);
    let some = super::prelude(api, super::Prelude::Some);
    let with = ident(&op.with_fn_name);
    let id = Literal::string(&op.operation_id);
    // A body no typed value of which a server takes (see `reads::ambiguous`) is not sent;
    // the test says so rather than fail on the spec's own contradiction.
    let refused = op
        .body
        .as_ref()
        .map(|b| b.primary())
        .filter(|b| b.media != Media::Binary)
        .and_then(|b| reads::ambiguous(api, &b.ty, &sample(api, &b.ty, 0), 0));
    if let Some(union) = refused {
        let why = Literal::string(&format!(
            "not called: its request body holds `{union}`, a `oneOf` whose variants read the same values, \
             and a server refuses a value valid under more than one of them"
        ));
        return quote!(::std::println!("{}: {}", #id, #why););
    }
    // A request whose body streams cannot be copied: it is made again for each call.
    let streams = op.streams_request();
    let sent = if streams { quote!(sent()) } else { quote!(sent.clone()) };
    // The API's own operations are also called on its mock; a webhook has none.
    let mocked = op.webhook.is_none().then(|| {
        let status = op.mock.and_then(|i| op.responses.get(i)).map_or(0, |r| r.mock.status);
        let status = Literal::u16_unsuffixed(status);
        quote! {
            let mocked = mock_client.#with(#sent).await.unwrap_or_else(|e| panic!("{} (mock): {e}", #id));
            assert_eq!(mocked.into_inner().status(), #status, "{}: the mock's status", #id);
        }
    });
    let request = ident(&op.request_type);
    let fields = op.params.iter().map(|p| {
        let n = ident(&p.name);
        let v = param_value(api, cx, p);
        if p.required { quote!(#n: #v,) } else { quote!(#n: #some(#v),) }
    });
    let body = op.body.as_ref().map(|b| {
        let n = ident(&b.name);
        let v = body_value(api, cx, b.primary());
        if b.required && !b.nullable { quote!(#n: #v,) } else { quote!(#n: #some(#v),) }
    });
    if checked_by_helper(op) {
        let status = op.mock.and_then(|i| op.responses.get(i)).map_or(0, |r| r.mock.status);
        let status = Literal::u16_unsuffixed(status);
        return quote! {
            round_trip(&api, clients, #id, #status, models::#request { #(#fields)* #body }, |c, r| c.#with(r)).await;
        };
    }
    let got = quote!(#caller.#with(#sent).await.unwrap_or_else(|e| panic!("{}: {e}", #id)));
    let check = match chosen(op) {
        Some(r) if op.streams() => streamed(api, cx, op, r, &got),
        Some(_) => quote! {
            let got = #got;
            assert_eq!(api.answered(), vec![format!("{:?}", got.into_inner())], "{}: the response changed on the way", #id);
        },
        None => {
            let expected = response_value(api, cx, op);
            quote! {
                let got = #got;
                assert_eq!(got.into_inner(), #expected, "{}: the response changed on the way", #id);
            }
        }
    };
    if let Some(b) = op.body.as_ref().filter(|_| streams) {
        // What the server kept: the request, and the items read from its body.
        let item = from_json(api, cx, &b.primary().ty);
        return quote! {
            {
                let sent = || models::#request { #(#fields)* #body };
                #mocked
                #check
                let items = vec![#result::<_, ()>::Ok(#item)];
                assert_eq!(api.take(), vec![format!("{:?}", (&sent(), &items))], "{}: the request changed on the way", #id);
            }
        };
    }
    quote! {
        {
            let sent = models::#request { #(#fields)* #body };
            #mocked
            #check
            assert_eq!(api.take(), vec![format!("{sent:?}")], "{}: the request changed on the way", #id);
        }
    }
}

/// The check of a response that streams: the server answers a stream of one sample item,
/// and the client must read exactly that item back, and then the stream's end.
fn streamed(api: &Api, cx: &Cx, op: &Operation, r: &Response, got: &TokenStream) -> TokenStream {
    let root = &cx.root;
    let id = Literal::string(&op.operation_id);
    let response = ident(&op.response_type);
    let v = ident(&r.variant);
    let Some(b) = r.body() else { return quote!(let _ = #got;) };
    let item = from_json(api, cx, &b.ty);
    let expected = match b.media {
        Media::Sequence(crate::ir::Framing::Events) => quote!(#root::stream::Event::new(#item)),
        _ => item,
    };
    let pattern = super::response_variant(quote!(models::#response::#v), r, quote!(_), quote!(body), quote!(_));
    // Another variant can only come when there is one.
    let bind = if op.responses.len() > 1 {
        quote!(let #pattern = #got.into_inner() else { panic!("{}: not the stream", #id) };)
    } else {
        quote!(let #pattern = #got.into_inner();)
    };
    quote! {
        #bind
        let items: ::std::vec::Vec<_> = ::futures_util::StreamExt::collect(body).await;
        let items: ::std::vec::Vec<_> = items.into_iter().map(|i| i.unwrap_or_else(|e| panic!("{}: {e}", #id))).collect();
        assert_eq!(items, vec![#expected], "{}: the stream changed on the way", #id);
    }
}
