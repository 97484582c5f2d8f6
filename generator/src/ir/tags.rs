//! The IR's tags: the spec's tags as a tree (3.2's `parent`), each with its `kind`, which
//! the generated documentation shows. Lowering builds it (`lower/tags.rs`); tags group
//! documentation only, never code, so a tag changes no name: the `tags` module it gets
//! is documentation and re-exports, beside the modules that hold the code.

use serde::Serialize;

use super::Api;

/// How deep the generated `tags` module nests; a deeper tag's module stands at this depth
/// (beside its ancestor's), since rustc and the formatter recurse into nested modules.
pub const TAG_MODULE_DEPTH: usize = 16;

/// One tag, at its place in the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub name: String,
    /// The names of its ancestors, outermost first, then its own: `["Pets", "Dogs"]`.
    pub path: Vec<String>,
    /// Its module's name in the generated `tags` module, unique among its siblings (the
    /// tags of one parent): `tags::notes::archive` for `Notes` › `Archive`.
    pub module: String,
    pub description: Option<String>,
    /// What kind of tag it is, as the spec says (`nav`, `badge`, `audience`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl Tag {
    /// How deep it sits: 0 for a tag without a parent.
    pub fn depth(&self) -> usize {
        self.path.len().saturating_sub(1)
    }

    /// How deep its module sits in the generated `tags` module.
    pub fn module_depth(&self) -> usize {
        self.depth().min(TAG_MODULE_DEPTH)
    }
}

impl Api {
    /// The path of the tag named `name` in the tree (its ancestors, then itself); an
    /// undeclared tag is its own path.
    pub fn tag_path<'a>(&'a self, name: &'a str) -> Vec<&'a str> {
        match self.tags.iter().find(|t| t.name == name) {
            Some(tag) => tag.path.iter().map(String::as_str).collect(),
            None => vec![name],
        }
    }
}
