//! The spec's examples (on media types, parameters and schemas), each with the type it
//! must fit and a test name unique among them.

use std::collections::HashSet;

use super::{Lowerer, PendingExample, PendingOp};
use crate::ir;
use crate::ir::contract;
use crate::naming::Namespace;

impl Lowerer<'_> {
    /// Every example found: the operations' (in operation order), then those found on
    /// parameters and schemas.
    pub(super) fn examples_of(&mut self, ops: &mut [PendingOp]) -> Vec<PendingExample> {
        let mut all: Vec<PendingExample> = ops.iter_mut().flat_map(|o| std::mem::take(&mut o.examples)).collect();
        all.append(&mut self.examples);
        all
    }

    /// The examples with their origins located and their names made unique, each value
    /// tested once per type: a shared response's example (DigitalOcean's 401, 429 and 500
    /// on each of 290 operations) proves nothing more the second time, and repeating it
    /// made a 10 MB test file. The first place it appears is the one named.
    pub(super) fn finish_examples(&self, examples: Vec<PendingExample>) -> Vec<ir::Example> {
        // Each name is a test function, beside the test file's own helpers.
        let mut ns = Namespace::new(contract::EXAMPLES_ITEMS);
        let mut seen = HashSet::new();
        examples
            .into_iter()
            .filter_map(|(name, pointer, value, ty)| {
                let json = serde_json::to_string_pretty(&value).unwrap_or_default();
                if !seen.insert((ty.clone(), json.clone())) {
                    return None;
                }
                let loc = self.sources.locate(&pointer);
                Some(ir::Example { origin: format!("{}#{}", loc.file, loc.pointer), name: ns.claim(&name), ty, json })
            })
            .collect()
    }
}
