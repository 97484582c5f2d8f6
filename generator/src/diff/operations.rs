//! Operations: pairs OLD's operations with NEW's by method and path (path parameter names
//! aside), reports the unpaired ones, and hands each pair to the other rooms.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

use super::model::{self, Change, Rule, Spec};
use super::schemas::{Finding, Schemas};
use super::{parameters, responses, security};
use crate::diagnostics::push_pointer;

/// One operation of one document, with what identifies and locates it.
#[derive(Debug)]
pub(crate) struct Op<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub item: &'a PathItem,
    pub operation: &'a Operation,
    /// `/paths/~1a~1{id}/get`.
    pub pointer: String,
    /// The path item's pointer (`/paths/~1a~1{id}`), for parameters declared there.
    pub item_pointer: String,
}

impl Op<'_> {
    /// How reports name the operation: its operationId, else `GET /path`.
    pub fn label(&self) -> String {
        match &self.operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }

    /// What pairs an operation across documents: the method, and the path with its
    /// parameter names blanked (renaming `{id}` to `{project_id}` is the same endpoint).
    fn key(&self) -> (String, String) {
        let mut template = String::with_capacity(self.path.len());
        let mut in_name = false;
        for c in self.path.chars() {
            match c {
                '{' => {
                    in_name = true;
                    template.push_str("{}");
                }
                '}' => in_name = false,
                c if !in_name => template.push(c),
                _ => {}
            }
        }
        (template, self.method.to_string())
    }
}

fn operations(doc: &OpenAPI) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.iter() {
        // The loader inlines references to other files; a local `$ref` to a path item is
        // not something OpenAPI 3.0 allows, so there is nothing to follow.
        let ReferenceOr::Item(item) = item else { continue };
        let item_pointer = push_pointer("/paths", path);
        for (method, operation) in item.iter() {
            let pointer = push_pointer(&item_pointer, method);
            out.push(Op { path, method, item, operation, pointer, item_pointer: item_pointer.clone() });
        }
    }
    out
}

/// Where the changes of one operation pair go.
#[derive(Debug)]
pub(crate) struct Sink<'c> {
    pub operation: String,
    pub changes: &'c mut Vec<Change>,
}

impl Sink<'_> {
    pub fn push(&mut self, rule: &Rule, spec: Spec, pointer: String, message: String) {
        self.changes.push(Change::new(rule, &self.operation, spec, pointer, message));
    }

    /// Adds what a schema comparison found, saying where (`the 200 response
    /// (application/json)`) when the finding does not.
    pub fn findings(&mut self, findings: Vec<Finding>, place: &str) {
        for f in super::schemas::distinct(findings) {
            let message = if place.is_empty() { f.message } else { format!("{} in {place}", f.message) };
            self.push(f.rule, f.spec, f.pointer, message);
        }
    }
}

/// Every change from OLD to NEW, operation by operation in NEW's order, then the
/// operations NEW no longer has in OLD's order.
pub(crate) fn diff(old: &OpenAPI, new: &OpenAPI) -> Vec<Change> {
    let mut schemas = Schemas::new(old, new);
    let olds = operations(old);
    let news = operations(new);
    let mut unpaired: BTreeMap<(String, String), &Op<'_>> = olds.iter().map(|op| (op.key(), op)).collect();
    let mut changes = Vec::new();
    for new_op in &news {
        let mut sink = Sink { operation: new_op.label(), changes: &mut changes };
        match unpaired.remove(&new_op.key()) {
            Some(old_op) => compare(&mut schemas, old_op, new_op, &mut sink),
            None => {
                let message = format!("operation {} {} was added", new_op.method.to_uppercase(), new_op.path);
                sink.push(&model::ENDPOINT_ADDED, Spec::New, new_op.pointer.clone(), message);
            }
        }
    }
    for old_op in &olds {
        if unpaired.remove(&old_op.key()).is_some() {
            let mut sink = Sink { operation: old_op.label(), changes: &mut changes };
            let message = format!("operation {} {} was removed", old_op.method.to_uppercase(), old_op.path);
            sink.push(&model::ENDPOINT_REMOVED, Spec::Old, old_op.pointer.clone(), message);
        }
    }
    changes
}

fn compare<'a>(schemas: &mut Schemas<'a>, old: &Op<'a>, new: &Op<'a>, sink: &mut Sink<'_>) {
    let (old_id, new_id) = (&old.operation.operation_id, &new.operation.operation_id);
    if old_id != new_id {
        let show = |id: &Option<String>| id.as_ref().map_or("none".to_string(), |id| format!("`{id}`"));
        let message = format!("the operationId changed from {} to {}", show(old_id), show(new_id));
        sink.push(&model::OPERATION_ID_CHANGED, Spec::New, push_pointer(&new.pointer, "operationId"), message);
    }
    parameters::compare(schemas, old, new, sink);
    responses::compare_request_bodies(schemas, old, new, sink);
    responses::compare_responses(schemas, old, new, sink);
    security::compare(schemas.old_doc(), schemas.new_doc(), old, new, sink);
}
