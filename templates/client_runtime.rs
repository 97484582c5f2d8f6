//! The client runtime: the spec-independent pieces the generated client uses, one room each.
//! The client, a call and a pending call (`call`), its builder (`builder`) and credentials (`credentials`),
//! URL building in which a path parameter can never leave its segment (`encoding`), what
//! came back (`response`), the error type (`error`), retrying after a 429 (`retry`), and
//! following pages (`pages`, `links`).
//!
//! It is public so that calls the spec does not describe can be made with the same
//! client, credentials and encoding: build a [`Call`] and pass it to [`Client::execute`].
//! [`wire`] writes every parameter style and body media type beyond GitLab's own.

#[rustfmt::skip] // Its file is a separate template: rustfmt checks `templates/*.rs` one by one.
pub mod wire;

mod builder;
mod call;
mod credentials;
mod encoding;
mod error;
mod links;
mod pages;
mod response;
mod retry;

pub use builder::{ClientBuilder, STREAM_ITEM_LIMIT};
pub use call::{
    Call, Client, Operation, Pending, Sending, method, reconnect_policy, stream_item_limit, with_reconnect,
};
pub use encoding::{
    ArrayStyle, Query, Rfc3339, date_time, header, json_body, push_segment, push_segment_display, segment,
};
pub(crate) use error::without_values;
pub use error::{Error, ErrorResponse};
pub use pages::{Next, Pages, SetPage, paginate};
pub use response::{RawResponse, Response};
pub use retry::{Reconnect, RetryPolicy};

// What stays unencoded in a path segment or a query component (`crate::form` says which):
// one set for paths, queries and forms alike.
use crate::form::COMPONENT;
