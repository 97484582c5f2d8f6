//! The crate's `tags` module: a module per tag, nested as the tag tree (3.2's `parent`), whose
//! docs give the tag's name, kind and description and list its operations, linking each to
//! its request and response types in `models` and, under their features, to the client's
//! method and the server trait's. It is grouping for readers and a short path for code (each
//! module re-exports its operations' model types); it changes no name elsewhere.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, doc_literal, escape_markdown, ident, op_place};
use crate::ir::{Api, Operation, Tag};

/// The `tags` module, or `None` when the API has no tags. Webhooks and callbacks are left
/// out: their types and receivers live under the `webhooks` feature.
pub(super) fn module(api: &Api) -> Option<TokenStream> {
    if api.tags.is_empty() {
        return None;
    }
    let mut by_tag: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        for tag in &op.tags {
            let ops = by_tag.entry(tag.as_str()).or_default();
            // A tag an operation names twice lists it once: its re-exports would clash.
            if !ops.iter().any(|o| std::ptr::eq(*o, op)) {
                ops.push(op);
            }
        }
    }
    // The tags come in tree order, so a module closes when a tag no deeper than it comes;
    // built with a stack rather than recursion, since the tree may be deep.
    let mut open: Vec<Open> = Vec::new();
    let mut top: Vec<TokenStream> = Vec::new();
    let close = |open: &mut Vec<Open>, top: &mut Vec<TokenStream>| {
        if let Some((_, tag, head, children)) = open.pop() {
            let name = ident(&tag.module);
            let module = quote!(pub mod #name { #head #(#children)* });
            match open.last_mut() {
                Some((_, _, _, siblings)) => siblings.push(module),
                None => top.push(module),
            }
        }
    };
    for tag in &api.tags {
        let depth = tag.module_depth();
        while open.last().is_some_and(|(d, _, _, _)| *d >= depth) {
            close(&mut open, &mut top);
        }
        let ops = by_tag.get(tag.name.as_str()).map_or(&[][..], Vec::as_slice);
        open.push((depth, tag, tag_head(tag, ops), Vec::new()));
    }
    while !open.is_empty() {
        close(&mut open, &mut top);
    }
    let text = "The operations grouped by the spec's tags: a module per tag, nested as the tags' \
                `parent`s nest them (the tree the crate's docs draw). Each module's docs give the \
                tag's kind and description and list its operations, with their request and \
                response types in `crate::models`, the client's method (feature `client`) and the \
                server trait's (feature `server`); each module re-exports those model types. \
                Operations without a tag, and webhooks, are in no module here.";
    let lines = super::docs::inner(doc_lines(text));
    Some(quote! {
        pub mod tags {
            #lines
            #(#top)*
        }
    })
}

/// A module being built: its depth, its tag, its docs and re-exports, its child modules.
type Open<'a> = (usize, &'a Tag, TokenStream, Vec<TokenStream>);

/// What a tag's module holds before its children: its docs and its re-exports.
fn tag_head(tag: &Tag, ops: &[&Operation]) -> TokenStream {
    let mut text = format!("The tag {}", escape_markdown(&tag.path.join(" › ")));
    if let Some(kind) = &tag.kind {
        text.push_str(&format!(" (kind: {})", escape_markdown(kind)));
    }
    text.push('.');
    // Doc lines gather in `run` until an attribute that is not one, so that each run is set
    // aside whole (`emit::docs`).
    let mut lines: Vec<TokenStream> = Vec::new();
    let mut run: Vec<String> = vec![plain(&text)];
    if let Some(description) = tag.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        run.push(String::new());
        run.extend(doc_lines(description));
    }
    run.push(String::new());
    run.push(plain("# Operations"));
    run.push(String::new());
    if ops.is_empty() {
        run.push(plain("None of the API's own operations has this tag (webhooks are in no module here)."));
    }
    for op in ops {
        let mut line = format!("- `{}`: {}", op.operation_id.replace('`', "'"), op_place(op));
        let summary = op.summary.as_deref().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        if !summary.is_empty() {
            line.push_str(": ");
            line.push_str(&escape_markdown(&summary));
        }
        run.push(plain(&line));
        let (request, response) = (&op.request_type, &op.response_type);
        // Short links: the module re-exports both types.
        run.push(plain(&format!("  - models: [`{request}`], [`{response}`]")));
        lines.push(super::docs::inner(run.drain(..)));
        // Only under the feature that builds it, so that the link never dangles.
        let f = &op.fn_name;
        let client = doc_literal(&format!("   - client: [`Client::{f}`](crate::client::Client::{f})"));
        let server = doc_literal(&format!("   - server: [`Api::{f}`](crate::server::Api::{f})"));
        lines.push(quote!(#![cfg_attr(feature = "client", doc = #client)]));
        lines.push(quote!(#![cfg_attr(feature = "server", doc = #server)]));
    }
    lines.push(super::docs::inner(run));
    let types = ops.iter().flat_map(|op| [ident(&op.request_type), ident(&op.response_type)]);
    let uses = (!ops.is_empty()).then(|| quote!(pub use crate::models::{#(#types),*};));
    quote! {
        #(#lines)*
        #uses
    }
}

/// A doc line the generator wrote.
fn plain(line: &str) -> String {
    format!(" {line}").trim_end().to_string()
}
