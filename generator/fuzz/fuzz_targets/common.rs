//! What every target checks: the generator returns (never panics, never hangs) and any
//! failure carries at least one located error.

use std::collections::BTreeMap;

pub struct Files(pub BTreeMap<String, Vec<u8>>);

impl generator::SpecFiles for Files {
    fn read(&self, path: &str) -> Result<Vec<u8>, generator::ReadError> {
        self.0.get(path).cloned().ok_or(generator::ReadError::NotFound)
    }
}

pub fn check(files: Files, root: &str) {
    let options = generator::Options { root: root.into(), display_prefix: String::new(), ..Default::default() };
    match generator::generate(&files, &options) {
        Ok(_) => {}
        Err(report) => {
            // The generator turns panics into diagnostics; for the fuzzer they are crashes.
            // Matched by how those messages start: a message may quote the input, and the
            // fuzzer once wrote `in: panickedpath`.
            for d in &report.diagnostics {
                let caught = d.message.starts_with("internal error: the generator panicked")
                    || d.message.starts_with("the OpenAPI parser (openapiv3) panicked");
                assert!(!caught, "{d}");
            }
            assert!(report.errors().count() > 0, "failed without an error: {}", report.lines());
        }
    }
}
