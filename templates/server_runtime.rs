//! The server runtime: the spec-independent half of the generated server, one room each.
//! It reads requests strictly (`request`: percent-decoding, query pairs in both array
//! styles, headers, credentials, JSON bodies; `values`: each kind of value) and answers every
//! failure as the spec declares its errors, else with JSON (`{"message": …}`), never
//! text/plain (`rejection`); `responses` writes answers. The generated `server` module
//! decides, per operation, which of these to call and with what. [`wire`] reads every other
//! parameter style and body media type (label and matrix paths, deepObject queries,
//! cookies, forms, multipart, binary and text bodies).

#[rustfmt::skip] // Its file is a separate template: rustfmt checks `templates/*.rs` one by one.
pub mod wire;

mod rejection;
mod request;
mod responses;
mod values;

pub use rejection::{Location, Problem, Rejection, RejectionShape};
pub use request::{
    PathSegments, Query, Secret, authorization, cookie_secret, fits_template, header, header_secret, is_strict,
    json_body, json_body_or_null, json_object, json_object_body, json_object_or_null_body, required, strictly,
    strictly_now,
};
pub use responses::{
    OperationId, display_header, empty_response, integer_header, internal_error, json_response, message_response,
    method_not_allowed, method_not_allowed_but, not_found, preferred_code, ranged_empty_response, ranged_json_response,
    serve, tagged, text_header, with_header, with_parsed_header,
};
pub use values::{boolean, bounded, date, date_time, from_str, integer, json, length, number, text, uuid};

// What `wire` reads through its parent: the strict decoding, header reading and JSON.
use request::{decode, header_text};
use values::json_text;
