//! API changes between two specs: what a regeneration changes for code that calls the
//! generated client (client users) and code that implements the generated server trait
//! (server implementers).
//!
//! Both specs go through the front end (load, normalise, parse: [`read`]), so the diff
//! sees what the generator sees: GitLab's dialect rewritten, other files inlined. The
//! comparison runs on the parsed `openapiv3` document, following `#/components` references
//! itself; it needs no lowering, so it works on specs lowering would refuse.
//!
//! Operations are paired by method and path template; parameters by location and name;
//! responses by status key; properties by name. Each difference is a [`Change`] with a
//! rule (`model.rs` holds every rule, its oasdiff id and whom it breaks), the operation,
//! a JSON pointer into NEW (into OLD for what was removed) and one sentence.
//!
//! # Where we differ from oasdiff, and why
//!
//! oasdiff judges changes by what they do on the wire to an existing client. We also judge
//! them by what they do to code compiled against the generated crate, because that is
//! what our users regenerate:
//!
//! - Adding an operation breaks server implementers: the `server::Api` trait gains a
//!   method without a default (oasdiff: info).
//! - Adding a status breaks client users: the response enum gains a variant and their
//!   exhaustive `match` stops compiling (oasdiff: info). Removing one breaks both sides.
//! - One success status replaced by another (200 → 201) is one change,
//!   `response-success-status-changed`, where oasdiff reports a removal and an addition.
//! - A parameter or property changing between required and optional changes its Rust
//!   type between `T` and `Option<T>` (and a client argument into a setter), so it breaks
//!   both sides in either direction (oasdiff: info for the relaxing direction).
//! - Enum values: generated enums are exhaustive, so a value added to a request breaks
//!   server implementers' `match` (oasdiff: info), one added to a response breaks client
//!   users (as in oasdiff), and a removed value breaks both sides.
//! - A required property becoming nullable, or no longer nullable, changes its field
//!   between `T` and `Option<T>`: breaking for both sides in either direction (oasdiff
//!   judges by direction). On an optional property it changes nothing generated and is
//!   not reported.
//! - A changed `format` is a type change (`date` is `NaiveDate`, `int32` is `i32`).
//! - Security is compared as sets of alternatives; removing one that clients may use is
//!   breaking unless the operation became public, and adding one is breaking only when
//!   the operation used to be public.
//!
//! - Webhooks (3.1, kept as `x-webhooks`) and callbacks are compared like operations,
//!   paired by name (a callback by its name, runtime expression and owning operation),
//!   with the roles turned around (`Breaks::for_webhook`): the receiver reads the payload
//!   as a server reads a request (a removed field breaks webhook receivers, who count
//!   among client users: subscribers are the API's users), and the sender builds it as a
//!   client does (a new required field breaks webhook senders, the API's own code, who
//!   count among server implementers). oasdiff compares neither.
//!
//! - A body that changes between one value and a stream of items (`application/json` to
//!   `text/event-stream`, JSON Lines or JSON sequences, or back) is one change,
//!   `response-became-stream` / `response-stopped-streaming` (or
//!   `request-body-streaming-changed`), breaking both sides: the variant's type changes
//!   (oasdiff: a media type removed and one added). A stream offered beside a body that
//!   stays is `response-stream-added`, breaking client users (a `…Stream` variant more).
//!   A stream's schema is one item's, and its changes say so (`in each item of the 200
//!   response (application/jsonl)`).
//! - OpenAPI 3.2's operations of other methods (`query`, `additionalOperations`, kept in
//!   `x-additional-operations` by the 3.2 rewrite) are paired by method and path like the
//!   others and located where the spec wrote them; an `in: querystring` parameter is a
//!   location of its own (`querystring`), so one that became a query parameter is removed
//!   and added.
//! - The media types a multipart request body's parts may have (a property's `contentType`
//!   in `encoding`; for a body that is an array, each position's in 3.2's
//!   `prefixEncoding`, then every later part's in `itemEncoding`) are compared part by
//!   part, as the generated server reads them (a part of an undeclared media type is
//!   refused; none declared, any is read): a media type no longer accepted is
//!   `request-part-media-type-removed`, breaking client users; one more accepted is
//!   `request-part-media-type-added`; the same set said otherwise (another order, a
//!   position of `prefixEncoding` that says what `itemEncoding` said) is
//!   `request-part-encoding-changed`, neither breaking (oasdiff compares no encodings).
//!   An array body that gains or loses its positions changes its type (one part holding
//!   a list, or a part per item), which the schema comparison reports. Pointers into a
//!   3.2 spec name the extensions the 3.2 rewrite keeps them in (`x-oai-prefixEncoding`),
//!   as a 3.0 or 3.1 spec writes them, and a stream's `itemSchema` its `schema`.
//!
//! Not compared (yet): descriptions, examples, defaults, validation constraints
//! (`maxLength`, `pattern`, …), headers and links. oasdiff's
//! deprecation and stability-level handling has no counterpart here.

mod model;
mod operations;
mod pair;
mod parameters;
mod parts;
pub mod render;
mod resolve;
mod responses;
mod schemas;
mod security;

pub use model::{Breaks, Change, Level, Rule, Spec};

use crate::{Options, Report, SpecFiles, Timings};

/// One spec through the front end: the normalised, parsed document and its warnings.
#[derive(Debug)]
pub struct Document {
    pub api: openapiv3::OpenAPI,
    /// The front end's warnings (errors end in `Err` instead).
    pub report: Report,
    /// Of those, the ones that say what was left out or loosened (a part the front end
    /// could not read), which a diff shows beside its changes.
    pub left_out: Vec<crate::Diagnostic>,
    /// How long loading, normalising and parsing took (the later stages stay zero).
    pub timings: Timings,
}

impl Document {
    /// The front end's whole time.
    pub fn elapsed(&self) -> std::time::Duration {
        self.timings.load + self.timings.normalise + self.timings.parse
    }
}

/// Reads a spec the way `generate` does (overlays included), up to and including the
/// openapiv3 parse, on the pipeline's large-stack thread and guarded against panics.
///
/// A part the front end cannot read is cut as `generate` cuts it (unless
/// `options.omissions` denies it), with the same warning saying what it cost, so that the
/// diff compares what the generated crates hold: a part left out of NEW but not of OLD is
/// reported as removed.
pub fn read(files: &(dyn SpecFiles + Sync), options: &Options) -> Result<Document, Report> {
    crate::guarded(|| {
        let (made, _, demoted) = crate::in_rounds(
            options,
            |pruning, sink| {
                let front = crate::front_end(files, options, sink, pruning)?;
                Ok((front, std::mem::take(sink).into_diagnostics()))
            },
            |(_, diagnostics)| diagnostics,
        )?;
        let (front, mut diagnostics) = made;
        diagnostics.splice(0..0, demoted.iter().cloned());
        Ok(Document {
            api: front.parsed,
            report: Report { diagnostics, sources: front.sources },
            left_out: demoted,
            timings: front.timings,
        })
    })
}

/// Every API change from OLD to NEW: operation by operation in NEW's order, then the
/// operations NEW no longer has. Identical documents give none.
///
/// Runs on the pipeline's large-stack thread (schemas nest, and references chain), and a
/// panic, which would be a bug, becomes an error diagnostic.
pub fn diff(old: &openapiv3::OpenAPI, new: &openapiv3::OpenAPI) -> Result<Vec<Change>, Report> {
    crate::guarded(|| Ok(operations::diff(old, new)))
}
