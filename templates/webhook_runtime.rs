//! The webhooks runtime: the spec-independent pieces of the receiver and the sender, one
//! room each (`signatures`, `receiver`, `sender`).
//!
//! - Signatures: [`Verify`] (the receiver's check, run on the body as received, before
//!   it is parsed) and [`Sign`] (the sender's), with [`StandardWebhooks`] built in and
//!   [`Unsigned`] for deliveries that carry none. A provider's own scheme (Stripe's
//!   `Stripe-Signature`, GitHub's `X-Hub-Signature-256`) is a closure over
//!   [`hmac_sha256`] and [`hmac_sha256_matches`]. No cryptography is written here: HMAC
//!   and SHA-256 are RustCrypto's `hmac` and `sha2`, and every comparison of a MAC is
//!   `hmac`'s `verify_slice`, which is constant-time (by `subtle`).
//! - [`Routes`]: the receiver's routes at the paths the subscriber chose, refusing paths
//!   axum cannot serve and two webhooks on one path and method with a [`RouteError`]
//!   rather than a panic.
//! - [`Sender`]: delivers a webhook to a subscriber's URL, signed, with a timeout and, as
//!   an opt-in, retries with exponential backoff ([`Backoff`]).

mod receiver;
mod sender;
mod signatures;

pub use receiver::{RouteError, Routes, verified};
pub use sender::{Backoff, Sender, SenderBuilder};
pub use signatures::{
    Sign, SignatureError, StandardWebhooks, Unsigned, Verify, decode_hex, header_text, hmac_sha256, hmac_sha256_matches,
};
