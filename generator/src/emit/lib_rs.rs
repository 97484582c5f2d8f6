//! Emits the generated crate's `lib.rs`: its documentation and module tree.

use quote::quote;

use super::{Artifact, escape_markdown};
use crate::ir::Api;

pub(crate) fn lib_rs(api: &Api) -> Artifact<'_> {
    let mut text = format!("{} ({}), generated from `{}`.", api.title, api.version, api.spec_path);
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    text.push_str(
        "\n\n- `models`: the spec's types, and each operation's request and response enum \
         (always built; needs only serde and chrono).\n\
         - `client` (feature `client`): an async client over reqwest. Its TLS stack is a \
         feature: `rustls` (the default; rustls with aws-lc-rs), `rustls-ring` (rustls with \
         ring, a lighter build) or `native-tls` (the platform's; OpenSSL on Linux). With \
         `default-features = false` and none of them it speaks plain HTTP, or uses the \
         `reqwest::Client` given to `ClientBuilder::http_client`.\n\
         - `server` (feature `server`): a trait to implement and an axum router that serves it.",
    );
    if !api.webhooks.is_empty() {
        text.push_str(
            "\n- `webhooks` (feature `webhooks`): the webhooks and callbacks this API sends: a \
             receiver to implement and mount where a subscriber registered, a sender to deliver \
             them, and their signatures checked.",
        );
    }
    text.push_str(
        "\n\nNumbers are read as the Rust types they are: `type: integer` as `i64` (`i32` under \
         `format: int32`), `type: number` as `f64` (`f32` under `format: float`). An integer \
         past its type's range does not read (the server answers 400, the client reports a \
         decode error); a `format: float` value past `f32` reads as infinity in a JSON body \
         and is refused in a parameter. The crate's `openapi.json` (the spec as this crate \
         reads it) states these ranges as each schema's `minimum` and `maximum` (and \
         `format: int64` where the spec gave none) where the spec declares no tighter bound.",
    );
    let mut lines = super::doc_lines(&text);
    lines.extend(tag_lines(api));
    if !api.omitted.is_empty() {
        let mut text = "# Left out\n\nWhat the generator could not express, and left out or loosened (each is a \
                        warning when generating, with where and why):\n"
            .to_string();
        for what in &api.omitted {
            text.push_str("\n- ");
            text.push_str(what);
        }
        lines.push(String::new());
        lines.extend(super::doc_lines(&text));
    }
    // Multipart file parts are the runtime's `File`, which only APIs that have them get.
    let file = api.uses_files().then(|| {
        quote! {
            mod file;
            pub use file::File;
        }
    });
    // Strings of `format: byte`, `duration` and `date-time-rfc1123`, read strictly.
    let formats = api.uses_formats().then(|| {
        quote! {
            mod formats;
            pub use formats::{Base64, IsoDuration, Rfc1123};
        }
    });
    // The checks of the spec's constraints, which the client runs before sending.
    let constraints = api.uses_constraints().then(|| {
        quote! {
            pub mod constraints;
            mod patterns;
        }
    });
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "webhooks")]
            pub mod webhooks;
        }
    });
    // Streams of items (`Items`), named by the models of APIs whose responses stream.
    let stream = api.uses_streams().then(|| {
        quote!(
            pub mod stream;
        )
    });
    // Where OAuth 2.0 tokens come from, for client and server alike.
    let auth = super::auth::module(api);
    // The operations grouped by tag, for reading and for short paths to their types.
    let tags = super::tags::module(api);
    let lines = super::docs::inner(lines);
    let head = quote! {
        #lines

        pub mod models;
        mod values;

        #[cfg(feature = "client")]
        pub mod client;
        #[cfg(feature = "server")]
        pub mod server;
        #webhooks
        // Forms, written and read alike by the client and the server.
        #[cfg(any(feature = "client", feature = "server"))]
        mod form;

        pub use values::{ConstraintError, ErrorMessage, Nullable, ParseError, Secret};
        // What the models' `deserialize_with` names; not API.
        #[doc(hidden)]
        pub use values::{ObjectOnly, exactly_one, not_null, not_null_tri_state, reading_strictly};
        #file
        #formats
        #constraints
        #stream
        #auth
        #tags
    };
    Artifact::new(head, std::iter::empty())
}

/// The tags as a nested list, each with its kind and the first paragraph of its
/// description: the tree that 3.2's `parent` draws, which operations' docs name by path.
fn tag_lines(api: &Api) -> Vec<String> {
    if api.tags.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        " # Tags".to_string(),
        String::new(),
        " Each tag has a module in [`tags`], which lists its operations.".to_string(),
        String::new(),
    ];
    for tag in &api.tags {
        let mut line = format!(" {}- {}", "  ".repeat(tag.depth()), escape_markdown(&tag.name));
        if let Some(kind) = &tag.kind {
            line.push_str(&format!(" (kind: {})", escape_markdown(kind)));
        }
        let first = tag.description.as_deref().and_then(|d| d.trim().split("\n\n").next()).unwrap_or_default();
        let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
        if !first.is_empty() {
            line.push_str(": ");
            line.push_str(&escape_markdown(&first));
        }
        lines.push(line);
    }
    lines
}
