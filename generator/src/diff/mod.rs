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
//! Not compared (yet): descriptions, examples, defaults, validation constraints
//! (`maxLength`, `pattern`, …), headers and links. oasdiff's
//! deprecation and stability-level handling has no counterpart here.

mod model;
mod operations;
mod parameters;
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
    /// How long loading, normalising and parsing took (the later stages stay zero).
    pub timings: Timings,
}

impl Document {
    /// The front end's whole time.
    pub fn elapsed(&self) -> std::time::Duration {
        self.timings.load + self.timings.normalise + self.timings.parse
    }
}

/// Reads a spec the way `generate` does (overlays included), up to and including the openapiv3 parse, on the
/// pipeline's large-stack thread and guarded against panics.
pub fn read(files: &(dyn SpecFiles + Sync), options: &Options) -> Result<Document, Report> {
    crate::guarded(|| {
        let mut sink = crate::sink::Sink::default();
        match crate::front_end(files, options, &mut sink, &mut crate::prune::Pruning::default()) {
            Ok(front) => Ok(Document {
                api: front.parsed,
                report: Report { diagnostics: sink.into_diagnostics(), sources: front.sources },
                timings: front.timings,
            }),
            Err(sources) => Err(Report { diagnostics: sink.into_diagnostics(), sources }),
        }
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
