//! Operations: pairs OLD's operations with NEW's by method and path (path parameter names
//! aside), reports the unpaired ones, and hands each pair to the other rooms.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

use super::model::{self, Change, Spec};
use super::pair::{Op, Sink};
use super::schemas::Schemas;
use super::{parameters, responses, security};
use crate::diagnostics::push_pointer;

/// An operation of a method 3.0 has no field for (3.2's QUERY, `additionalOperations`),
/// which the 3.2 rewrite keeps in the path item's extension: its path, its method as sent,
/// where the spec wrote it, and the operation.
struct Other {
    path: String,
    method: String,
    pointer: String,
    operation: Operation,
}

/// A document's operations of other methods, path by path; one that does not read as an
/// operation is left out (generating reports it).
fn others(doc: &OpenAPI) -> Vec<Other> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        let Some(serde_json::Value::Object(more)) = item.extensions.get(crate::methods::ADDITIONAL) else { continue };
        let item_pointer = push_pointer("/paths", path);
        for (method, value) in more {
            let Ok(operation) = serde_json::from_value::<Operation>(value.clone()) else { continue };
            // Where the 3.2 spec wrote it, as generating's diagnostics say.
            let pointer = match method.as_str() {
                "QUERY" => push_pointer(&item_pointer, "query"),
                _ => push_pointer(&push_pointer(&item_pointer, "additionalOperations"), method),
            };
            out.push(Other { path: path.clone(), method: method.clone(), pointer, operation });
        }
    }
    out
}

fn operations<'a>(doc: &'a OpenAPI, webhooks: &'a [(String, PathItem)], others: &'a [Other]) -> Vec<Op<'a>> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.iter() {
        // The loader inlines references to other files; a local `$ref` to a path item is
        // not something OpenAPI 3.0 allows, so there is nothing to follow.
        let ReferenceOr::Item(item) = item else { continue };
        let item_pointer = push_pointer("/paths", path);
        for (method, operation) in item.iter() {
            let pointer = push_pointer(&item_pointer, method);
            out.push(Op { path, method, item, operation, pointer, item_pointer: item_pointer.clone(), hook: None });
        }
        for other in others.iter().filter(|o| &o.path == path) {
            out.push(Op {
                path,
                method: &other.method,
                item,
                operation: &other.operation,
                pointer: other.pointer.clone(),
                item_pointer: item_pointer.clone(),
                hook: None,
            });
        }
    }
    // Webhooks, then callbacks, each judged like an operation with the roles turned
    // around (see `Breaks::for_webhook`).
    for (name, item) in webhooks {
        let item_pointer = push_pointer("/webhooks", name);
        for (method, operation) in item.iter() {
            let pointer = push_pointer(&item_pointer, method);
            let hook = Some(format!("webhook {name}"));
            out.push(Op { path: name, method, item, operation, pointer, item_pointer: item_pointer.clone(), hook });
        }
    }
    let mut callbacks = Vec::new();
    for owner in out.iter().filter(|op| op.hook.is_none()) {
        let (owner_method, owner_path) = (owner.method.to_uppercase(), owner.path);
        for (name, callback) in &owner.operation.callbacks {
            let callback_ptr = push_pointer(&format!("{}/callbacks", owner.pointer), name);
            for (expression, item) in callback {
                let item_pointer = push_pointer(&callback_ptr, expression);
                for (method, operation) in item.iter() {
                    let pointer = push_pointer(&item_pointer, method);
                    let hook = Some(format!("callback {name} {expression} of {owner_method} {owner_path}"));
                    let item_pointer = item_pointer.clone();
                    callbacks.push(Op { path: expression, method, item, operation, pointer, item_pointer, hook });
                }
            }
        }
    }
    out.extend(callbacks);
    out
}

/// A document's 3.1 webhooks, as the 3.1 rewrite keeps them (`x-webhooks`); one that
/// does not read as a path item is left out (generating reports it).
fn webhooks(doc: &OpenAPI) -> Vec<(String, PathItem)> {
    let Some(serde_json::Value::Object(map)) = doc.extensions.get(crate::v31::WEBHOOKS_EXTENSION) else {
        return Vec::new();
    };
    map.iter().filter_map(|(name, value)| Some((name.clone(), serde_json::from_value(value.clone()).ok()?))).collect()
}

/// Every change from OLD to NEW, operation by operation in NEW's order, then the
/// operations NEW no longer has in OLD's order.
pub(crate) fn diff(old: &OpenAPI, new: &OpenAPI) -> Vec<Change> {
    let mut schemas = Schemas::new(old, new);
    let (old_hooks, new_hooks) = (webhooks(old), webhooks(new));
    let (old_others, new_others) = (others(old), others(new));
    let olds = operations(old, &old_hooks, &old_others);
    let news = operations(new, &new_hooks, &new_others);
    let mut unpaired: BTreeMap<(String, String), &Op<'_>> = olds.iter().map(|op| (op.key(), op)).collect();
    let mut changes = Vec::new();
    for new_op in &news {
        let mut sink = Sink { operation: new_op.label(), changes: &mut changes, webhook: new_op.hook.is_some() };
        match unpaired.remove(&new_op.key()) {
            Some(old_op) => compare(&mut schemas, old_op, new_op, &mut sink),
            None => {
                let message = format!("{} was added", new_op.what());
                sink.push(&model::ENDPOINT_ADDED, Spec::New, new_op.pointer.clone(), message);
            }
        }
    }
    for old_op in &olds {
        if unpaired.remove(&old_op.key()).is_some() {
            let mut sink = Sink { operation: old_op.label(), changes: &mut changes, webhook: old_op.hook.is_some() };
            let message = format!("{} was removed", old_op.what());
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
