//! Where each node of one file starts, by JSON pointer, and a file read into a value with
//! its locations: what the JSON and YAML readers make and everything after them reads.

use serde_json::Value;

/// A 1-based line and column.
pub type LineCol = (u32, u32);

/// Where each node of a document starts, by JSON pointer. A map entry is located at its key.
///
/// A large spec has a million nodes whose pointers share long prefixes, so pointers are not
/// stored: each node keeps its parent and its own (escaped) pointer token, the tokens in one
/// string, and a hash table finds a node by parent and token. Recording a node costs no
/// allocation and hashes one token, not its whole pointer; a pointer is only rebuilt for
/// [`LocationIndex::enclosing`]. The segments of a pointer are its text split at `/`, so
/// `""` is the root and `"/a"` its child `a`, exactly as prefixes of the pointer string.
#[derive(Clone, Debug, Default)]
pub struct LocationIndex {
    nodes: Vec<Node>,
    tokens: String,
    /// Node ids, hashed by (parent, token).
    children: hashbrown::HashTable<u32>,
    /// foldhash with a random seed: tokens come from the input, and a hash without a
    /// secret seed would let a spec collide them on purpose; the seed is never shown, and a
    /// run is too short for anyone to learn it from its timing, which is the one attack
    /// foldhash's documentation names. It hashes in a fraction of SipHash's instructions,
    /// which were 4% of the front end's instructions on Microsoft Graph's v1.0.
    hasher: foldhash::fast::RandomState,
    /// Keys that appear twice in one mapping: (pointer, where the second one is), which
    /// the YAML reader records and reports.
    pub(crate) duplicates: Vec<(String, LineCol)>,
}

/// A node of the index: where its token is in `tokens`, and where it starts if recorded (a
/// node can exist only as the ancestor of a recorded one).
#[derive(Clone, Debug)]
struct Node {
    parent: NodeId,
    token: (u32, u32),
    at: Option<LineCol>,
}

/// A node of a [`LocationIndex`], for readers that record children as they descend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NodeId(u32);

impl NodeId {
    /// The parent of the first segment of every pointer (the root's is `""`).
    pub(crate) const TOP: NodeId = NodeId(u32::MAX);
}

impl LocationIndex {
    /// An empty index with room for `nodes` nodes, for the JSON reader (which records each
    /// node once, a map entry at its key).
    pub(crate) fn with_capacity(nodes: usize) -> Self {
        Self {
            nodes: Vec::with_capacity(nodes),
            children: hashbrown::HashTable::with_capacity(nodes),
            ..Self::default()
        }
    }

    fn token(&self, id: u32) -> &str {
        let (start, len) = self.nodes[id as usize].token;
        &self.tokens[start as usize..(start + len) as usize]
    }

    fn hash(&self, parent: NodeId, token: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.hasher, (parent.0, token))
    }

    /// The child `token` of `parent`, if the index has it.
    fn find(&self, parent: NodeId, token: &str) -> Option<u32> {
        self.find_hashed(self.hash(parent, token), parent, token)
    }

    /// [`Self::find`] with the hash of `(parent, token)` already known.
    fn find_hashed(&self, hash: u64, parent: NodeId, token: &str) -> Option<u32> {
        self.children.find(hash, |&id| self.nodes[id as usize].parent == parent && self.token(id) == token).copied()
    }

    /// The child `token` of `parent`, added (unlocated) if it is not there yet.
    fn child(&mut self, parent: NodeId, token: &str) -> NodeId {
        let hash = self.hash(parent, token);
        if let Some(id) = self.find_hashed(hash, parent, token) {
            return NodeId(id);
        }
        // Indices are u32; a document of four billion nodes is refused long before here
        // (`load::MAX_BUNDLED_NODES`), and the text of one is limited to `MAX_FILE_BYTES`.
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX - 1);
        let start = u32::try_from(self.tokens.len()).unwrap_or(u32::MAX);
        let len = u32::try_from(token.len()).unwrap_or(0);
        self.tokens.push_str(token);
        self.nodes.push(Node { parent, token: (start, len), at: None });
        let Self { children, nodes, tokens, hasher, .. } = self;
        children.insert_unique(hash, id, |&id| {
            let node = &nodes[id as usize];
            let (start, len) = node.token;
            std::hash::BuildHasher::hash_one(&*hasher, (node.parent.0, &tokens[start as usize..(start + len) as usize]))
        });
        NodeId(id)
    }

    /// Records that the child `token` (escaped as in a pointer) of `parent` starts at `at`,
    /// replacing an earlier location, and returns it.
    pub(crate) fn record(&mut self, parent: NodeId, token: &str, at: LineCol) -> NodeId {
        let id = self.child(parent, token);
        self.nodes[id.0 as usize].at = Some(at);
        id
    }

    /// [`Self::record`] for a node that must not have a location yet: `None`, recording
    /// nothing, if it has one (the JSON reader's duplicate key).
    pub(crate) fn record_new(&mut self, parent: NodeId, token: &str, at: LineCol) -> Option<NodeId> {
        let id = self.child(parent, token);
        let node = &mut self.nodes[id.0 as usize];
        if node.at.is_some() {
            return None;
        }
        node.at = Some(at);
        Some(id)
    }

    /// The node of `pointer`, added with its ancestors if missing.
    fn node_of(&mut self, pointer: &str) -> NodeId {
        pointer.split('/').fold(NodeId::TOP, |parent, token| self.child(parent, token))
    }

    /// Records that `pointer` starts at `at`, replacing an earlier location.
    pub(crate) fn insert(&mut self, pointer: &str, at: LineCol) {
        let id = self.node_of(pointer);
        self.nodes[id.0 as usize].at = Some(at);
    }

    /// Records that the child `token` of `parent` starts at `at` unless it already has a
    /// location, and returns it.
    pub(crate) fn record_first(&mut self, parent: NodeId, token: &str, at: LineCol) -> NodeId {
        let id = self.child(parent, token);
        self.nodes[id.0 as usize].at.get_or_insert(at);
        id
    }

    /// Records that `pointer` starts at `at` unless it already has a location.
    #[cfg(test)]
    fn insert_first(&mut self, pointer: &str, at: LineCol) {
        let id = self.node_of(pointer);
        self.nodes[id.0 as usize].at.get_or_insert(at);
    }

    /// The earliest location recorded, if any.
    pub(crate) fn first(&self) -> Option<LineCol> {
        self.nodes.iter().filter_map(|n| n.at).min()
    }

    /// The pointer of a node, rebuilt from its tokens.
    fn pointer(&self, id: u32) -> String {
        let mut chain = vec![id];
        while let Some(&NodeId(parent)) = chain.last().map(|&id| &self.nodes[id as usize].parent) {
            if NodeId(parent) == NodeId::TOP {
                break;
            }
            chain.push(parent);
        }
        let tokens: Vec<&str> = chain.iter().rev().map(|&id| self.token(id)).collect();
        tokens.join("/")
    }

    /// Every located node's pointer and location, in pointer order: for tests comparing
    /// two indexes.
    #[cfg(test)]
    pub(crate) fn located(&self) -> Vec<(String, LineCol)> {
        let mut all: Vec<(String, LineCol)> = (0..self.nodes.len())
            .filter_map(|id| Some((self.pointer(u32::try_from(id).ok()?), self.nodes[id].at?)))
            .collect();
        all.sort();
        all
    }

    /// The pointer of the collection a position closes: the parent of the last node that
    /// starts before it.
    pub fn enclosing(&self, at: LineCol) -> Option<String> {
        let last = self.nodes.iter().filter_map(|n| n.at).filter(|lc| *lc < at).max()?;
        // Ties are broken by pointer, as when the index was keyed by pointer.
        let last = (0..self.nodes.len())
            .filter(|&id| self.nodes[id].at == Some(last))
            .map(|id| self.pointer(u32::try_from(id).unwrap_or(u32::MAX)))
            .max()?;
        Some(last.rfind('/').map_or(String::new(), |cut| last[..cut].to_string()))
    }

    /// Whether `pointer` itself has a location (not just an ancestor).
    pub fn contains(&self, pointer: &str) -> bool {
        let mut parent = NodeId::TOP;
        for token in pointer.split('/') {
            match self.find(parent, token) {
                Some(id) => parent = NodeId(id),
                None => return false,
            }
        }
        self.nodes[parent.0 as usize].at.is_some()
    }

    /// The location of `pointer`, or of its nearest located ancestor.
    pub fn locate(&self, pointer: &str) -> Option<LineCol> {
        let mut parent = NodeId::TOP;
        let mut found = None;
        for token in pointer.split('/') {
            let Some(id) = self.find(parent, token) else { break };
            parent = NodeId(id);
            found = self.nodes[id as usize].at.or(found);
        }
        found
    }
}

/// A successfully read document.
#[derive(Debug)]
pub struct Document {
    pub value: Value,
    pub locations: LocationIndex,
    /// Things the text does that some YAML parsers reject, with where they are.
    pub warnings: Vec<(String, Option<LineCol>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_answers_as_a_map_keyed_by_pointer_would() {
        let mut index = LocationIndex::default();
        index.insert("/a/b~1c/0", (3, 5));
        index.insert("/a", (2, 1));
        index.insert_first("/a", (9, 9));
        index.insert("/x", (7, 1));
        index.insert("/x", (8, 1));
        index.insert("odd", (1, 1));
        // Ancestors that were never recorded are not located; the nearest recorded one is.
        assert!(!index.contains(""));
        assert!(!index.contains("/a/b~1c"));
        assert!(index.contains("/a/b~1c/0"));
        assert_eq!(index.locate("/a/b~1c/0/deeper/still"), Some((3, 5)));
        assert_eq!(index.locate("/a/b~1c"), Some((2, 1)), "insert_first kept the first location");
        assert_eq!(index.locate("/a/b/c"), Some((2, 1)), "`b~1c` is one token, not `b` then `c`");
        assert_eq!(index.locate("/x"), Some((8, 1)), "insert replaced the location");
        assert_eq!(index.locate("/nowhere"), None);
        assert_eq!(index.locate("odd/1"), Some((1, 1)));
        assert_eq!(index.first(), Some((1, 1)));
        // The enclosing collection is the parent of the last node before the position.
        assert_eq!(index.enclosing((3, 6)).as_deref(), Some("/a/b~1c"));
        assert_eq!(index.enclosing((2, 9)).as_deref(), Some(""));
        assert_eq!(index.enclosing((1, 1)), None);
        // Two nodes at one place: the greater pointer wins, whatever the insertion order.
        index.insert("/z/q", (9, 1));
        index.insert("/m/q", (9, 1));
        assert_eq!(index.enclosing((10, 1)).as_deref(), Some("/z"));
    }
}
