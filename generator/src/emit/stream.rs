//! What the client, server, mock and round trip print for a response that is a sequence
//! of items ([`Media::Sequence`]): the runtime's `stream` module does the work, so each is
//! one call into it (`templates/stream_runtime.rs` → `src/stream.rs`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Body, Framing, Operation, Status, TypeRef};

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
            quote!(crate::stream::read::events(unread, #sentinel, #read))
        }
        _ => {
            let records = records(framing);
            quote!(crate::stream::read::records(unread, #records))
        }
    }
}

/// The client's test of a status whose body is a stream, which `whole_unless` leaves
/// unread: `None` when no response of the operation streams.
pub(super) fn client_streams(op: &Operation) -> Option<TokenStream> {
    let tests: Vec<TokenStream> = op
        .responses
        .iter()
        .filter(|r| r.bodies.iter().any(|b| matches!(b.media, crate::ir::Media::Sequence(_))))
        .filter_map(|r| match r.status {
            Status::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                Some(quote!(status == #c))
            }
            Status::Range(n) => {
                let n = Literal::u16_unsuffixed(n);
                Some(quote!(status / 100 == #n))
            }
            // Lowering does not let a `default` response stream.
            Status::Default => None,
        })
        .collect();
    (!tests.is_empty()).then(|| quote!(|status: u16| #(#tests)||*))
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
