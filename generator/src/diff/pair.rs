//! One operation pair being compared: the operation on each side ([`Op`]) and where its
//! changes go ([`Sink`]). Below `operations.rs` and the rooms it hands each pair to
//! (`parameters.rs`, `responses.rs`, `security.rs`), which all read these.

use openapiv3::{Operation, PathItem};

use super::model::{Change, Rule, Spec};
use super::schemas::Finding;

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
    /// For a webhook or callback, what pairs it across documents in place of its path
    /// (`webhook newPet`, `callback onEvent {$request.body#/url} of POST /subscriptions`);
    /// `None` for the API's own operations.
    pub hook: Option<String>,
}

impl Op<'_> {
    /// How reports name the operation: its operationId, else `GET /path`.
    pub fn label(&self) -> String {
        match (&self.operation.operation_id, &self.hook) {
            (Some(id), _) => id.clone(),
            (None, Some(hook)) => format!("{} {hook}", self.method.to_uppercase()),
            (None, None) => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }

    /// How messages name it: `operation POST /a`, `webhook newPet (POST)`.
    pub fn what(&self) -> String {
        match &self.hook {
            Some(hook) => format!("{hook} ({})", self.method.to_uppercase()),
            None => format!("operation {} {}", self.method.to_uppercase(), self.path),
        }
    }

    /// What pairs an operation across documents: the method, and the path with its
    /// parameter names blanked (renaming `{id}` to `{project_id}` is the same endpoint).
    pub fn key(&self) -> (String, String) {
        if let Some(hook) = &self.hook {
            return (hook.clone(), self.method.to_string());
        }
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

/// Where the changes of one operation pair go.
#[derive(Debug)]
pub(crate) struct Sink<'c> {
    pub operation: String,
    pub changes: &'c mut Vec<Change>,
    /// Whether the operation is a webhook or callback (its verdicts turned around).
    pub webhook: bool,
}

impl Sink<'_> {
    pub fn push(&mut self, rule: &Rule, spec: Spec, pointer: String, message: String) {
        let mut change = Change::new(rule, &self.operation, spec, pointer, message);
        if self.webhook {
            change.breaks = change.breaks.for_webhook();
        }
        self.changes.push(change);
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
