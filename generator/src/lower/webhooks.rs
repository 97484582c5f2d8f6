//! Webhooks and callbacks: the requests the API sends rather than serves. 3.1's
//! `webhooks` (kept by the 3.1 rewrite as the root extension `x-webhooks`) and each
//! operation's `callbacks` are lowered as operations like any other, so their parameters,
//! bodies and responses take the same rooms, names and types; what makes them webhooks
//! is their [`ir::Webhook`]: where they came from and the path a receiver serves them at
//! by default. Their `path` is empty, since the subscriber chooses the URL.

use openapiv3::{PathItem, ReferenceOr};

use super::operations::{Ids, METHODS, OpInput, Owner};
use super::{Lowerer, PendingOp};
use crate::diagnostics::push_pointer;
use crate::ir;
use crate::naming;
use crate::v31::WEBHOOKS_EXTENSION;

/// A path item the API sends, with what it came from.
struct Source<'o> {
    item: &'o PathItem,
    item_ptr: String,
    origin: ir::WebhookOrigin,
    /// The id an operation without `operationId` is named from (`newPet`,
    /// `createSubscription_onEvent`).
    stem: String,
    default_path: String,
}

/// The empty path every webhook has (the subscriber's URL takes its place).
static NO_PATH: String = String::new();

impl Lowerer<'_> {
    /// The webhooks, then the callbacks of `owners`, as operations.
    pub(super) fn webhooks(
        &mut self,
        ids: &mut Ids,
        schemes: &[ir::SecurityScheme],
        owners: &[Owner<'_>],
    ) -> Vec<PendingOp> {
        let items = self.webhook_items();
        let mut sources: Vec<Source<'_>> = items
            .iter()
            .map(|(name, item)| Source {
                item,
                item_ptr: push_pointer("/webhooks", name),
                origin: ir::WebhookOrigin::Webhook { name: name.clone() },
                stem: name.clone(),
                default_path: format!("/{}", path_safe(name)),
            })
            .collect();
        for owner in owners {
            for (name, callback) in &owner.op.callbacks {
                let callback_ptr = push_pointer(&format!("{}/callbacks", owner.op_ptr), name);
                for (expression, item) in callback {
                    sources.push(Source {
                        item,
                        item_ptr: push_pointer(&callback_ptr, expression),
                        origin: ir::WebhookOrigin::Callback {
                            operation_id: owner.operation_id.clone(),
                            name: name.clone(),
                            expression: expression.clone(),
                        },
                        stem: format!("{}_{name}", owner.operation_id),
                        default_path: format!("/{}/{}", path_safe(&owner.operation_id), path_safe(name)),
                    });
                }
            }
        }
        let mut out = Vec::new();
        for source in &sources {
            self.webhook_item(source, ids, schemes, &mut out);
        }
        out
    }

    fn webhook_item(
        &mut self,
        source: &Source<'_>,
        ids: &mut Ids,
        schemes: &[ir::SecurityScheme],
        out: &mut Vec<PendingOp>,
    ) {
        let item = source.item;
        let ops: Vec<(&str, ir::Method, &openapiv3::Operation)> = METHODS
            .iter()
            .filter_map(|(key, method)| {
                let op = match *key {
                    "get" => &item.get,
                    "put" => &item.put,
                    "post" => &item.post,
                    "delete" => &item.delete,
                    "options" => &item.options,
                    "head" => &item.head,
                    "patch" => &item.patch,
                    _ => &item.trace,
                };
                op.as_ref().map(|op| (*key, method.clone(), op))
            })
            .collect();
        let several = ops.len() > 1;
        for (key, method, op) in ops {
            let op_ptr = push_pointer(&source.item_ptr, key);
            let (id, made) = match &op.operation_id {
                Some(id) => (id.clone(), false),
                // A webhook is named by its key; only one of several methods needs more.
                None if several => (format!("{}_{key}", source.stem), true),
                None => (source.stem.clone(), true),
            };
            let operation_id = self.claim_id(ids, id, &op_ptr, made);
            if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                self.warn(
                    &format!("{op_ptr}/security"),
                    "a webhook's security requirement is not checked by the receiver; its signature \
                     check (`webhooks::Verify`) is where a delivery is authenticated",
                );
            }
            if !op.callbacks.is_empty() {
                self.warn(&format!("{op_ptr}/callbacks"), "callbacks of a webhook or callback are not generated");
            }
            let names = ids.names.claim(&operation_id);
            let input =
                OpInput { path: &NO_PATH, item, op, method, op_ptr: &op_ptr, item_ptr: &source.item_ptr, operation_id };
            let mut pending = self.operation(input, names, schemes, None);
            // The root's requirements are the API's own; a delivery is authenticated by its
            // signature.
            pending.op.security = Vec::new();
            pending.op.guard = None;
            pending.op.webhook =
                Some(ir::Webhook { origin: source.origin.clone(), default_path: source.default_path.clone() });
            self.unstream(&mut pending.op, &op_ptr);
            out.push(pending);
        }
    }

    /// The 3.1 `webhooks`, as the rewrite kept them; each one that does not read is an
    /// error located at it.
    fn webhook_items(&mut self) -> Vec<(String, PathItem)> {
        let Some(serde_json::Value::Object(map)) = self.doc.extensions.get(WEBHOOKS_EXTENSION) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, value) in map {
            // A vendor's extension beside the webhooks (Apideck's `x-sdk-exclude: true`)
            // is not one of them, and extensions are never warned about.
            if name.starts_with("x-") {
                continue;
            }
            let pointer = push_pointer("/webhooks", name);
            match serde_json::from_value::<ReferenceOr<PathItem>>(value.clone()) {
                Ok(ReferenceOr::Item(item)) => out.push((name.clone(), item)),
                // Only a 3.0 spec's own `x-webhooks` can hold one (3.1's are inlined by
                // the rewrite): that webhook is left out, not the spec.
                Ok(ReferenceOr::Reference { reference }) => self.warn(
                    &pointer,
                    format!("a webhook `$ref` (`{reference}`) is not followed; this webhook is not generated"),
                ),
                Err(e) => self.error(&pointer, format!("this webhook is not a valid path item: {e}"), None),
            }
        }
        out
    }

    /// How the receiver checks deliveries: the setting, else the spec's
    /// `x-webhook-signature`, else the team's own check.
    pub(super) fn webhook_signature(&mut self) -> ir::WebhookSignature {
        if let Some(scheme) = self.settings.webhook_signature {
            return scheme;
        }
        match self.doc.extensions.get("x-webhook-signature") {
            None => ir::WebhookSignature::Custom,
            Some(value) => match value.as_str() {
                Some("standard") => ir::WebhookSignature::Standard,
                Some("custom") => ir::WebhookSignature::Custom,
                _ => {
                    self.warn(
                        "/x-webhook-signature",
                        "`x-webhook-signature` is `standard` or `custom`; read as `custom`",
                    );
                    ir::WebhookSignature::Custom
                }
            },
        }
    }
}

/// A name as one path segment that needs no encoding: characters other than letters,
/// digits, `-`, `_`, `.` and `~` become `-`.
fn path_safe(name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.~".contains(c) { c } else { '-' }).collect();
    let safe = safe.trim_matches('-');
    if safe.is_empty() || safe.chars().all(|c| c == '.') { naming::value_name(name) } else { safe.to_string() }
}
