//! The diagnostics sink that load, normalise, parse and lower all report into: one place
//! that keeps the diagnostics in the order they were found and knows whether a stage
//! reported an error, so no stage counts errors by hand.

use crate::diagnostics::{Diagnostic, Location};
use crate::load::Sources;

/// Collects a run's diagnostics.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    diagnostics: Vec<Diagnostic>,
    errors: usize,
}

/// How many errors a sink had at some moment; see [`Sink::errors_since`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark(usize);

impl Sink {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if d.is_error() {
            self.errors += 1;
        }
        self.diagnostics.push(d);
    }

    /// An error at a place in the input, with an optional hint at the fix.
    pub(crate) fn error(&mut self, at: Location, message: impl Into<String>, help: Option<&str>) {
        let mut d = Diagnostic::error(message).at(Some(at));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.push(d);
    }

    pub(crate) fn warning(&mut self, at: Location, message: impl Into<String>) {
        self.push(Diagnostic::warning(message).at(Some(at)));
    }

    /// An error at a pointer into the bundled document.
    pub(crate) fn error_at(
        &mut self,
        sources: &Sources,
        pointer: &str,
        message: impl Into<String>,
        help: Option<&str>,
    ) {
        self.error(sources.locate(pointer), message, help);
    }

    /// A warning at a pointer into the bundled document.
    pub(crate) fn warning_at(&mut self, sources: &Sources, pointer: &str, message: impl Into<String>) {
        self.warning(sources.locate(pointer), message);
    }

    /// The error count now, to ask later whether a stage added any.
    pub(crate) fn mark(&self) -> Mark {
        Mark(self.errors)
    }

    /// Whether errors were reported after `mark`.
    pub(crate) fn errors_since(&self, mark: Mark) -> bool {
        self.errors > mark.0
    }

    #[cfg(test)]
    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}
