//! Emits the generated crate's `lib.rs`: its documentation and module tree.

use quote::quote;

use super::Artifact;
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
    if !api.omitted.is_empty() {
        text.push_str(
            "\n\n# Left out\n\nWhat the generator could not express, and left out or loosened \
             (each is a warning when generating, with where and why):\n",
        );
        for what in &api.omitted {
            text.push_str("\n- ");
            text.push_str(what);
        }
    }
    let lines = super::doc_lines(&text);
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
    let head = quote! {
        #(#![doc = #lines])*

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
        pub use values::{not_null, not_null_tri_state};
        #file
        #formats
        #constraints
        #stream
    };
    Artifact::new(head, std::iter::empty())
}
