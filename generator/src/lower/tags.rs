//! The spec's tags as a tree, for the generated documentation: each tag's parent (3.2's
//! `parent`, carried as `x-parent` by `v32`, which a 3.0 or 3.1 spec may write itself) and
//! kind (`kind`, carried as `x-kind`). A parent that names no declared tag, or that would
//! make the tree a loop, is a located warning, and the tag stands at the top level.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Lowerer, PendingOp};
use crate::ir;
use crate::naming::{self, Namespace};
use crate::v32::{TAG_KIND, TAG_PARENT};

impl Lowerer<'_> {
    /// Every tag, declared ones first (in tree order: roots in declaration order, each
    /// followed by its children), then the ones operations name without declaring them.
    pub(super) fn tags(&mut self, operations: &[PendingOp]) -> Vec<ir::Tag> {
        let doc = self.doc;
        let mut declared: Vec<Node> = Vec::new();
        let mut parents: Vec<(usize, String, String)> = Vec::new();
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, tag) in doc.tags.iter().enumerate() {
            let pointer = format!("/tags/{i}");
            if index.contains_key(tag.name.as_str()) {
                self.warn(&pointer, format!("the tag `{}` is declared twice; the second is ignored", tag.name));
                continue;
            }
            let kind = match tag.extensions.get(TAG_KIND) {
                None => None,
                Some(Value::String(kind)) => Some(kind.clone()),
                Some(_) => {
                    self.warn(&format!("{pointer}/{TAG_KIND}"), "the tag's kind is not a string; it is ignored");
                    None
                }
            };
            match tag.extensions.get(TAG_PARENT) {
                None => {}
                Some(Value::String(parent)) => parents.push((declared.len(), parent.clone(), pointer)),
                Some(_) => {
                    self.warn(&format!("{pointer}/{TAG_PARENT}"), "the tag's parent is not a string; it is ignored")
                }
            }
            index.insert(&tag.name, declared.len());
            declared.push(Node { name: tag.name.clone(), description: tag.description.clone(), kind, parent: None });
        }
        for (child, parent, pointer) in parents {
            let at = format!("{pointer}/{TAG_PARENT}");
            let Some(&found) = index.get(parent.as_str()) else {
                let message = format!("the parent `{parent}` is no declared tag; the tag stands at the top level");
                self.warn(&at, message);
                continue;
            };
            // Linking `child` under `found` makes a loop when `child` is `found` or one of
            // its ancestors; the links made so far form no loop, so the walk ends.
            let mut up = Some(found);
            while let Some(i) = up.filter(|i| *i != child) {
                up = declared[i].parent;
            }
            if up == Some(child) {
                let message = format!("the parent `{parent}` makes the tags a loop; the tag stands at the top level");
                self.warn(&at, message);
                continue;
            }
            declared[child].parent = Some(found);
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); declared.len()];
        for (i, t) in declared.iter().enumerate() {
            if let Some(parent) = t.parent {
                children[parent].push(i);
            }
        }
        let mut tags = Vec::with_capacity(declared.len());
        // Depth first, children in declaration order, without recursion: a spec may nest
        // tags deeply.
        let mut stack: Vec<(usize, Vec<String>)> = declared
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, t)| t.parent.is_none())
            .map(|(i, _)| (i, Vec::new()))
            .collect();
        while let Some((i, mut path)) = stack.pop() {
            let Node { name, description, kind, .. } = &declared[i];
            path.push(name.clone());
            stack.extend(children[i].iter().rev().map(|c| (*c, path.clone())));
            let (description, kind) = (description.clone(), kind.clone());
            tags.push(ir::Tag { name: name.clone(), path, module: String::new(), description, kind });
        }
        let mut known: BTreeSet<String> = tags.iter().map(|t| t.name.clone()).collect();
        for op in operations {
            for name in &op.op.tags {
                if known.insert(name.clone()) {
                    let path = vec![name.clone()];
                    tags.push(ir::Tag {
                        name: name.clone(),
                        path,
                        module: String::new(),
                        description: None,
                        kind: None,
                    });
                }
            }
        }
        if tags.iter().any(|t| t.depth() > MODULE_DEPTH) {
            let message = format!(
                "tags nest deeper than {MODULE_DEPTH} levels; the modules of the deeper ones stand at that level"
            );
            self.warn("/tags", message);
        }
        name_modules(&mut tags);
        tags
    }
}

/// How deep the generated `tags` module nests (a spec may nest tags without bound).
const MODULE_DEPTH: usize = ir::TAG_MODULE_DEPTH;

/// Names each tag's module, unique among the modules of its parent (by the naming rules:
/// snake case, keywords escaped, collisions numbered), in tree order, so that of two
/// colliding tags the first declared keeps the plain name.
fn name_modules(tags: &mut [ir::Tag]) {
    let mut scopes: BTreeMap<Vec<String>, Namespace> = BTreeMap::new();
    for tag in tags {
        let parent = tag.path.len().saturating_sub(1).min(MODULE_DEPTH);
        let scope = scopes.entry(tag.path[..parent].to_vec()).or_default();
        tag.module = scope.claim(&naming::module_name(&tag.name));
    }
}

/// A declared tag, and the index of its parent once that is known to be one.
struct Node {
    name: String,
    description: Option<String>,
    kind: Option<String>,
    parent: Option<usize>,
}
