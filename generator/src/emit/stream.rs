//! What the client, server, mock and round trip print for a body that is a sequence of
//! items ([`Media::Sequence`]), a response's or a request's: the runtime's `stream` module
//! does the work, so each is one call into it (`templates/stream_runtime.rs` →
//! `src/stream.rs`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Api, Body, Framing, Media, Operation, RequestBody, Response, Status, TypeRef};

/// The runtime's name for a framing of JSON records.
fn records(framing: Framing) -> TokenStream {
    match framing {
        Framing::JsonSeq => quote!(crate::stream::Records::Seq),
        _ => quote!(crate::stream::Records::Lines),
    }
}

/// Whether an event stream's data is text as it is (a `string` schema, or none), not
/// JSON of the item type.
fn text_data(b: &Body) -> bool {
    b.ty == TypeRef::String
}

/// The data that ends a stream of events, as an `Option<&'static str>`.
fn sentinel(b: &Body) -> TokenStream {
    match &b.sentinel {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// The client's expression for a streaming body: the runtime reads `unread` (the response
/// `whole_unless` left unread) as it arrives. The item type is the variant's, inferred.
pub(super) fn client_decode(b: &Body, framing: Framing) -> TokenStream {
    match framing {
        Framing::Events => {
            let sentinel = sentinel(b);
            let read = if text_data(b) { quote!(crate::stream::text_data) } else { quote!(crate::stream::json_data) };
            quote!(crate::stream::read::events(unread, #sentinel, #read, resend, limit))
        }
        _ => {
            let records = records(framing);
            quote!(crate::stream::read::records(unread, #records, limit))
        }
    }
}

/// What the client's reading of an operation's streams needs before the call is sent:
/// the client's item `limit`, and for Server-Sent Events, whose reading may reconnect,
/// what it needs to send the call again (`resend`: `read::Resend`, `None` unless the client
/// was built with `reconnect_events`).
pub(super) fn client_setup(op: &Operation, client: &TokenStream) -> TokenStream {
    let resend = answers_events(op).then(|| quote!(let resend = crate::stream::read::Resend::of(#client, &call);));
    quote! {
        let limit = crate::client::runtime::stream_item_limit(#client);
        #resend
    }
}

/// Whether an operation answers Server-Sent Events (whose reading may reconnect).
pub(super) fn answers_events(op: &Operation) -> bool {
    op.responses.iter().flat_map(|r| &r.bodies).any(|b| matches!(b.media, Media::Sequence(Framing::Events)))
}

/// The pending call's override of the client's reconnection policy, for an operation that
/// answers events: its field (a client like the call's, but for its policy) and its setter.
pub(super) fn call_reconnect() -> (TokenStream, TokenStream) {
    let field = quote!(reconnecting: ::std::option::Option<crate::client::runtime::Client>,);
    let setter = quote! {
        /// How this call's stream of events reconnects, whatever the client was built
        /// with (`ClientBuilder::reconnect_events`): by `policy`, or, with `None`, not at
        /// all (the stream is read once).
        pub fn reconnect_events(
            mut self,
            policy: ::std::option::Option<crate::client::runtime::Reconnect>,
        ) -> Self {
            self.reconnecting = ::std::option::Option::Some(crate::client::runtime::with_reconnect(self.client, policy));
            self
        }
    };
    (field, setter)
}

/// Whether a response's body is a stream.
pub(super) fn streams(r: &Response) -> bool {
    r.bodies.iter().any(|b| matches!(b.media, Media::Sequence(_)))
}

/// Whether a streaming response shares its status with another representation (JSON),
/// so that only its `Content-Type` tells it.
pub(super) fn shared(op: &Operation, r: &Response) -> bool {
    op.responses.iter().filter(|o| o.status == r.status).count() > 1
}

/// The client's test of an answer whose body is a stream (by its status and media type),
/// which `whole_unless` leaves unread: `None` when no response of the operation streams.
pub(super) fn client_streams(op: &Operation) -> Option<TokenStream> {
    let tests: Vec<TokenStream> = op
        .responses
        .iter()
        .filter(|r| streams(r))
        .filter_map(|r| {
            let status = match r.status {
                Status::Code(c) => {
                    let c = Literal::u16_unsuffixed(c);
                    quote!(status == #c)
                }
                Status::Range(n) => {
                    let n = Literal::u16_unsuffixed(n);
                    quote!(status / 100 == #n)
                }
                // Lowering does not let a `default` response stream.
                Status::Default => return None,
            };
            let essence = r.body()?.content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            Some(if shared(op, r) { quote!(#status && media == #essence) } else { status })
        })
        .collect();
    let media = if op.responses.iter().any(|r| streams(r) && shared(op, r)) { quote!(media) } else { quote!(_media) };
    (!tests.is_empty()).then(|| quote!(|status: u16, #media: &str| #(#tests)||*))
}

/// The server's answer of a streaming body, `body`, with status `status`.
pub(super) fn server_answer(b: &Body, framing: Framing, status: TokenStream) -> TokenStream {
    match framing {
        Framing::Events => {
            let write =
                if text_data(b) { quote!(crate::stream::write_text) } else { quote!(crate::stream::write_json) };
            let sentinel = sentinel(b);
            quote!(crate::stream::write::events(#status, body, #sentinel, #write))
        }
        _ => {
            let content_type = super::wire::concrete_type(b);
            let records = records(framing);
            quote!(crate::stream::write::records(#status, #content_type, body, #records))
        }
    }
}

/// A stream of the one item `value` (the mock's answer, the round trip's), in the crate
/// at `root`.
pub(super) fn one_item(root: &TokenStream, framing: Framing, value: TokenStream) -> TokenStream {
    match framing {
        Framing::Events => quote!(::std::iter::FromIterator::from_iter([#root::stream::Event::new(#value)])),
        _ => quote!(::std::iter::FromIterator::from_iter([#value])),
    }
}

/// The pending call's `streaming`, for an operation whose body's flag asks for the stream
/// a response offers beside JSON: it sets the flag, and the answer is that variant.
pub(super) fn call_streaming(api: &Api, op: &Operation) -> Option<TokenStream> {
    let flag = op.stream_flag.as_ref()?;
    let body = op.body.as_ref()?;
    let (b, f) = (super::ident(&body.name), super::ident(&flag.field));
    let some = super::prelude(api, super::Prelude::Some);
    let value = if flag.required { quote!(true) } else { quote!(#some(true)) };
    let set = if body.required {
        quote!(self.request.#b.#f = #value;)
    } else {
        quote!(if let #some(b) = &mut self.request.#b { b.#f = #value; })
    };
    let variants: Vec<String> =
        op.responses.iter().filter(|r| streams(r) && shared(op, r)).map(|r| format!("`{}`", r.variant)).collect();
    let docs = super::doc_trusted(&format!(
        "Asks for the stream: sets the body's `{}` to `true`, so that the answer is the {} variant's \
         items, read as they arrive, rather than the JSON.",
        flag.field,
        variants.join(" or ")
    ));
    Some(quote! {
        #docs
        pub fn streaming(mut self) -> Self {
            #set
            self
        }
    })
}

/// The client method's argument for a request body that streams: any stream of items,
/// which the typed request holds as an `Items` (see [`client_items`]).
pub(super) fn client_arg(api: &Api, b: &RequestBody) -> TokenStream {
    let n = super::ident(&b.name);
    let item = super::type_tokens(api, &b.primary().ty);
    quote!(#n: impl ::futures_util::stream::Stream<Item = #item> + ::std::marker::Send + 'static,)
}

/// The typed request's field made from the client method's argument (see [`client_arg`]).
pub(super) fn client_items(b: &RequestBody) -> TokenStream {
    let n = super::ident(&b.name);
    quote!(#n: crate::stream::Items::of(#n),)
}

/// The client's statements that set a request body that streams: its `Content-Type` on
/// `call`, and `upload`, the body written as the request's items come (sent by
/// `Call::send_body`, never sent again).
pub(super) fn client_body(b: &RequestBody, body: &Body, framing: Framing) -> TokenStream {
    let n = super::ident(&b.name);
    let records = records(framing);
    let content_type = super::wire::concrete_type(body);
    quote! {
        let upload = crate::stream::send::records(request.#n, #records);
        call.headers.insert(
            ::reqwest::header::CONTENT_TYPE,
            ::reqwest::header::HeaderValue::from_static(#content_type),
        );
    }
}

/// The server's expression for a request body that streams, read from `body` as it
/// arrives after its `Content-Type` is checked (a `Rejection` otherwise; also when the spec
/// requires the body and none is sent), each item within the reader's `limit`.
pub(super) fn server_body(framing: Framing, accepted: &TokenStream, required: bool, rt: &TokenStream) -> TokenStream {
    let records = records(framing);
    quote! {{
        #rt::wire::streamed(&parts, #accepted, #required)?;
        crate::stream::receive::records(body, #records, limit)
    }}
}
