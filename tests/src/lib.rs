//! Helpers shared by the cross-crate tests.

pub mod client_cli;
pub mod recorder;
