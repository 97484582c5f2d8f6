//! The documentation of the client's method for an operation: the spec's summary and
//! description, where the operation is, its tags, and what its arguments and its pending
//! call's setters are.

use proc_macro2::TokenStream;

use super::{doc_trusted, escape_markdown};
use crate::ir::{Api, Operation, Param};

/// Spec prose made safe for rustdoc, one paragraph.
fn prose(text: &str) -> String {
    super::doc_lines(text).iter().map(|l| l.trim_start()).collect::<Vec<_>>().join("\n")
}

/// The doc comment of the client's method for `op`.
pub(super) fn op_docs(api: &Api, op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(s) = &op.summary {
        text.push_str(&prose(s));
    }
    if let Some(d) = op.description.as_deref().filter(|d| Some(d.trim()) != op.summary.as_deref().map(str::trim)) {
        text.push_str("\n\n");
        text.push_str(&prose(d));
    }
    let place = if op.webhook.is_some() {
        super::op_place(op)
    } else {
        format!("`{} {}`", op.method.as_str(), escape_markdown(&op.path))
    };
    text.push_str(&format!("\n\n{place} (operation `{}`).", op.operation_id));
    if let Some(tags) = super::tags_line(api, op) {
        text.push_str("\n\n");
        text.push_str(&tags);
    }
    if op.streams_request() {
        text.push_str(
            "\n\nThe body is a stream of items, each sent as the stream yields it; the call is sent once \
             (a stream cannot be sent again, so a `429` is not retried).",
        );
    }
    let describe = |p: &Param| format!("- `{}`: {}", p.name, p.doc.as_deref().map_or("(undocumented)".into(), prose));
    let required: Vec<String> = op.params.iter().filter(|p| p.required).map(describe).collect();
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&required.join("\n"));
    }
    let optional: Vec<String> = op.params.iter().filter(|p| !p.required).map(describe).collect();
    if !optional.is_empty() {
        text.push_str(&format!("\n\nOptional parameters are setters on [`{}`]:\n\n", op.call_type));
        text.push_str(&optional.join("\n"));
    }
    doc_trusted(&text)
}
