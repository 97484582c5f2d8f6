//! The diagnostics sink that load, normalise, parse and lower all report into: one place
//! that keeps the diagnostics in the order they were found and knows whether a stage
//! reported an error, so no stage counts errors by hand.

use crate::diagnostics::Diagnostic;
use crate::source::Sources;

/// Collects a run's diagnostics.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    diagnostics: Vec<Diagnostic>,
    /// The pointer into the bundled document each diagnostic was reported at, where the
    /// stage knew one, index for index: what `prune` cuts when it is an error.
    bundled: Vec<Option<String>>,
    errors: usize,
}

/// How many errors a sink had at some moment; see [`Sink::errors_since`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark(usize);

impl Sink {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.push_from(d, None);
    }

    /// Pushes a diagnostic reported at a pointer into the bundled document.
    fn push_from(&mut self, d: Diagnostic, bundled: Option<String>) {
        if d.is_error() {
            self.errors += 1;
        }
        self.diagnostics.push(d);
        self.bundled.push(bundled);
    }

    /// Turns every error that `demote` accepts (given its bundled pointer) into the
    /// warning it returns: an error inside a part that was cut is a report of the cut.
    pub(crate) fn demote(&mut self, mut demote: impl FnMut(&Diagnostic, &str) -> Option<Diagnostic>) {
        for (d, b) in self.diagnostics.iter_mut().zip(&self.bundled) {
            let Some(b) = b.as_deref().filter(|_| d.is_error()) else { continue };
            if let Some(warning) = demote(d, b) {
                *d = warning;
                self.errors -= 1;
            }
        }
    }

    /// An error at a pointer into the bundled document.
    pub(crate) fn error_at(
        &mut self,
        sources: &Sources,
        pointer: &str,
        message: impl Into<String>,
        help: Option<&str>,
    ) {
        let mut d = Diagnostic::error(message).at(Some(sources.locate(pointer)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.push_at(d, pointer);
    }

    /// A warning at a pointer into the bundled document.
    pub(crate) fn warning_at(&mut self, sources: &Sources, pointer: &str, message: impl Into<String>) {
        self.push_at(Diagnostic::warning(message).at(Some(sources.locate(pointer))), pointer);
    }

    /// Pushes a diagnostic already located at `pointer` in the bundled document.
    pub(crate) fn push_at(&mut self, d: Diagnostic, pointer: &str) {
        self.push_from(d, Some(pointer.to_string()));
    }

    /// Whether any error is reported (and not demoted).
    pub(crate) fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// How many diagnostics have been reported.
    pub(crate) fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// Each error with its index among all diagnostics and the bundled pointer it was
    /// reported at.
    pub(crate) fn indexed_errors(&self) -> impl Iterator<Item = (usize, &Diagnostic, Option<&str>)> {
        self.diagnostics
            .iter()
            .zip(&self.bundled)
            .enumerate()
            .filter(|(_, (d, _))| d.is_error())
            .map(|(i, (d, b))| (i, d, b.as_deref()))
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
