//! Where each node of a spec came from: the room that the readers (`json.rs`, `yaml.rs`,
//! `load.rs`), the sink and every later stage share, and that imports none of them.
//!
//! - `tokens.rs`: JSON-pointer tokens, written without allocating.
//! - `locations.rs`: a file's location index (pointer → line and column) and a file read
//!   into a value with it.
//! - `limits.rs`: the bounds every reader runs under.
//! - here: [`Sources`], the files behind a bundled document and where its subtrees came
//!   from, which locates any pointer into it for a diagnostic.

mod limits;
mod locations;
mod tokens;

use std::collections::BTreeMap;

use crate::diagnostics::Location;

pub use limits::{Limits, MAX_BUNDLED_NODES, MAX_DEPTH, MAX_FILE_BYTES};
pub(crate) use locations::NodeId;
pub use locations::{Document, LineCol, LocationIndex};
pub(crate) use tokens::{itoa, push_token};

/// One file that was read, kept for locating and quoting diagnostics.
#[derive(Debug)]
pub struct SourceFile {
    pub text: String,
    pub locations: LocationIndex,
}

/// The files behind a bundled document, and the provenance of its subtrees.
#[derive(Debug, Default)]
pub struct Sources {
    display_prefix: String,
    root: String,
    files: BTreeMap<String, SourceFile>,
    /// Bundled pointer → (file, pointer in that file) for every inlined reference.
    origins: BTreeMap<String, (String, String)>,
}

impl Sources {
    /// No files read yet, for a spec whose root is `root`, shown under `display_prefix`.
    pub fn new(root: &str, display_prefix: &str) -> Self {
        Self { display_prefix: display_prefix.to_string(), root: root.to_string(), ..Self::default() }
    }

    /// The display name of a file (`spec/v4/access_tokens.yaml`).
    pub fn display(&self, file: &str) -> String {
        if self.display_prefix.is_empty() {
            file.to_string()
        } else {
            format!("{}/{file}", self.display_prefix.trim_end_matches('/'))
        }
    }

    /// The root spec's path, relative to the spec base.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Locates a pointer into one file.
    pub fn locate_in(&self, file: &str, pointer: &str) -> Location {
        let line_col = self.files.get(file).and_then(|f| f.locations.locate(pointer));
        Location { file: self.display(file), pointer: pointer.to_string(), line_col }
    }

    /// Locates a pointer into the bundled document in the file it came from.
    pub fn locate(&self, bundled: &str) -> Location {
        let (file, pointer) = self.origin(bundled);
        self.locate_in(&file, &pointer)
    }

    /// The file and the pointer in it that a pointer into the bundled document came from.
    fn origin(&self, bundled: &str) -> (String, String) {
        let mut prefix = bundled;
        loop {
            if let Some((file, original)) = self.origins.get(prefix) {
                let rest = &bundled[prefix.len()..];
                return (file.clone(), format!("{original}{rest}"));
            }
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => return (self.root.clone(), bundled.to_string()),
            }
        }
    }

    /// Records that each subtree now at `to` was at `from` before a rewrite moved it (a
    /// Swagger 2.0 body parameter that became a request body), so that what later stages
    /// say about it points where it was written. Every `from` is read before any `to` is
    /// recorded: a rewrite may move one node into another's old place.
    pub fn relocate(&mut self, moves: &[(String, String)]) {
        let mut recorded = Vec::new();
        for (to, from) in moves {
            recorded.push((to.clone(), self.origin(from)));
            let under = format!("{from}/");
            for (at, origin) in self.origins.range(under.clone()..) {
                let Some(rest) = at.strip_prefix(&under) else { break };
                recorded.push((format!("{to}/{rest}"), origin.clone()));
            }
        }
        self.origins.extend(recorded);
    }

    /// The text of a file by its display name, for quoting source lines.
    pub fn text_of_display(&self, display: &str) -> Option<&str> {
        self.files.iter().find(|(name, _)| self.display(name) == display).map(|(_, f)| f.text.as_str())
    }

    /// Adds a file that was read (a spec file, or an overlay no `$ref` reached), so that its
    /// diagnostics are located and quoted.
    pub fn add_file(&mut self, path: &str, file: SourceFile) {
        self.files.insert(path.to_string(), file);
    }

    /// Records that the subtree at `bundled` now comes from `pointer` in `file`: an overlay
    /// inserted it, so what later stages say about it should point at the overlay.
    pub fn record_origin(&mut self, bundled: &str, file: &str, pointer: &str) {
        self.origins.insert(bundled.to_string(), (file.to_string(), pointer.to_string()));
    }

    /// Forgets the provenance recorded at or under `bundled`, whose subtree was removed.
    pub fn forget_origins(&mut self, bundled: &str) {
        let under = format!("{bundled}/");
        self.origins.retain(|at, _| at != bundled && !at.starts_with(&under));
    }

    /// Moves the provenance of the items after `removed` in the sequence at `sequence` down
    /// one index, as the items themselves moved when that one was removed.
    pub fn shift_origins_after(&mut self, sequence: &str, removed: usize) {
        let prefix = format!("{sequence}/");
        let index_of = |at: &str| {
            let rest = at.strip_prefix(&prefix)?;
            let (index, tail) = rest.split_once('/').map_or((rest, ""), |(i, t)| (i, t));
            Some((index.parse::<usize>().ok().filter(|i| *i > removed)?, tail.to_string()))
        };
        let moved: Vec<(String, usize, String)> =
            self.origins.keys().filter_map(|at| index_of(at).map(|(i, tail)| (at.clone(), i, tail))).collect();
        // All out first, then all back in: moving one at a time could land on a sibling's
        // entry that has yet to move.
        let taken: Vec<_> = moved
            .into_iter()
            .filter_map(|(at, index, tail)| self.origins.remove(&at).map(|origin| (index, tail, origin)))
            .collect();
        for (index, tail, origin) in taken {
            let tail = if tail.is_empty() { String::new() } else { format!("/{tail}") };
            self.origins.insert(format!("{prefix}{}{tail}", index - 1), origin);
        }
    }
}
