//! Helpers shared by the cross-crate tests, and the reference server they (and the
//! `access_tokens_server` example) run.

pub mod client_cli;
pub mod recorder;
pub mod reference;
