//! Emits `webhooks/mod.rs`: the receiving end of the requests the API sends (3.1
//! `webhooks` and operations' `callbacks`). It is the server's shape over the webhooks'
//! operations (`ir::Api::webhooks`): a `Receiver` trait of typed requests and responses,
//! their readers and `IntoResponse`s, printed by `server.rs`'s and `reader.rs`'s own
//! functions, which read each operation's `webhook` to leave credentials out and check
//! the signature first. What is its own: the router takes the paths the subscriber chose
//! (`Paths`) and the signature check (`Verify`), and the module brings in the sender
//! (`sender.rs`) and the runtime (`templates/webhook_runtime.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::reader::reader;
use super::rt;
use super::server::{handler, into_response, method_fn, own_doc, trait_method};
use super::{Artifact, HeaderNames, ident};
use crate::ir::{Api, Operation, WebhookOrigin, WebhookSignature};

pub(crate) fn receiver(api: &Api) -> Artifact<'_> {
    let docs = module_docs(api);
    let receiver_trait = receiver_trait(api);
    let paths = paths(api);
    let router = router(api);
    // The server's runtime, as this file names it.
    let rt = rt();
    let handlers = {
        let rt = rt.clone();
        api.webhooks.iter().map(move |op| handler(op, &rt))
    };
    let readers = {
        let rt = rt.clone();
        api.webhooks.iter().map(move |op| reader(api, op, &rt))
    };
    let names = HeaderNames::of_operations(&api.webhooks);
    let header_names = names.module(&quote!(::axum::http::HeaderName));
    // Every webhook's response type has its `IntoResponse` here.
    let use_models = super::use_models(!api.webhooks.is_empty());
    let responses = api.webhooks.iter().map(move |op| into_response(api, &names, op, &rt));
    let head = quote! {
        #docs

        pub mod runtime;
        pub mod sender;

        #use_models

        pub use runtime::{
            Backoff, RouteError, Sender, SenderBuilder, Sign, SignatureError, StandardWebhooks, Unsigned, Verify,
        };

        #receiver_trait
        #paths
        #router
        #header_names
    };
    Artifact::new(head, handlers.chain(readers).chain(responses))
}

fn module_docs(api: &Api) -> TokenStream {
    let check = match api.webhook_signature {
        WebhookSignature::Standard => {
            "Deliveries are signed by the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, \
             `webhook-signature`): the router takes a [`StandardWebhooks`] with the subscriber's \
             `whsec_…` secret(s), and the sender signs with one (`SenderBuilder::signer`)."
        }
        WebhookSignature::Custom => {
            "The router takes the check deliveries must pass, any [`Verify`]: [`StandardWebhooks`] \
             for the Standard Webhooks scheme, a closure for a provider's own (Stripe's \
             `Stripe-Signature`, GitHub's `X-Hub-Signature-256`, written over \
             [`runtime::hmac_sha256_matches`]), or [`Unsigned`]."
        }
    };
    let text = format!(
        "Webhooks and callbacks (feature `webhooks`): the requests this API sends to its \
         subscribers.\n\n\
         - Receiving (a subscriber): implement [`Receiver`] and serve it with [`router`] at the \
         paths you registered ([`Paths`]). {check} The router reads the whole body (413 past \
         [`Receiver::body_limit`]) and checks it as received, byte for byte, before parsing it; \
         a missing or bad signature is answered 401 and never reaches the receiver. Reading is \
         then as strict as the server's: 400 with JSON naming the value, 415, 413.\n\
         - Sending (the API's own implementation): [`Sender`] delivers each one to a \
         subscriber's URL, with its typed body and headers, signed, and decodes the declared \
         responses; [`SenderBuilder`] sets the timeout and opts into retries with backoff \
         ([`Backoff`])."
    );
    super::docs::inner(text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }))
}

fn receiver_trait(api: &Api) -> TokenStream {
    let rt = rt();
    let methods = api.webhooks.iter().map(|op| trait_method(api, op));
    quote! {
        /// The receiving end, one method per webhook and callback. Implement it and serve it
        /// with [`router`].
        ///
        /// Each method gets the delivery's typed request, its signature checked and its body
        /// read and validated; it returns one of the responses the spec declares, or an error.
        /// Implement the methods as `async fn`; their futures must be `Send`.
        pub trait Receiver: ::std::marker::Send + ::std::marker::Sync + 'static {
            /// What a method returns when it cannot answer with a declared response; see
            /// [`Receiver::error_response`].
            type Error: ::std::fmt::Display + ::std::marker::Send;

            #(#methods)*

            /// The response for an error a method returned: by default logged with
            /// `tracing::error!` and answered 500 `{"message":"500 Internal Server Error"}`.
            fn error_response(
                &self,
                operation: crate::server::OperationId,
                error: Self::Error,
            ) -> ::axum::response::Response {
                #rt::internal_error(operation, &error)
            }

            /// The largest delivery body, in bytes, that is read (and so verified); a larger
            /// one is answered 413. 2 MiB unless overridden.
            fn body_limit(&self) -> usize {
                2 * 1024 * 1024
            }
        }
    }
}

/// What a webhook's field of `Paths` says about where it comes from.
fn origin_doc(op: &Operation) -> String {
    let Some(webhook) = &op.webhook else { return String::new() };
    let default = &webhook.default_path;
    match &webhook.origin {
        WebhookOrigin::Webhook { name } => format!(
            "The webhook `{name}` ({} request), at the path you registered for it (default `{default}`).",
            op.method.as_str()
        ),
        WebhookOrigin::Callback { operation_id, name, expression } => format!(
            "The callback `{name}` of `{operation_id}` ({} request), sent to the URL the runtime \
             expression `{}` gives, so at that URL's path (default `{default}`).",
            op.method.as_str(),
            expression.replace('`', "'")
        ),
    }
}

fn paths(api: &Api) -> TokenStream {
    let fields = api.webhooks.iter().map(|op| {
        let name = ident(&op.fn_name);
        let docs = own_doc(&origin_doc(op));
        quote!(#docs pub #name: ::std::string::String,)
    });
    let defaults = api.webhooks.iter().map(|op| {
        let name = ident(&op.fn_name);
        let path = op.webhook.as_ref().map(|w| w.default_path.as_str()).unwrap_or("/");
        quote!(#name: ::std::string::ToString::to_string(#path),)
    });
    quote! {
        /// Where the router serves each webhook and callback: the path of the URL the
        /// subscriber registered, one field each. Several may share a path when their
        /// methods differ.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct Paths {
            #(#fields)*
        }

        impl ::std::default::Default for Paths {
            fn default() -> Self {
                Self { #(#defaults)* }
            }
        }
    }
}

fn router(api: &Api) -> TokenStream {
    let (generics, verifier_ty) = match api.webhook_signature {
        WebhookSignature::Standard => {
            (quote!(<R: crate::webhooks::Receiver>), quote!(crate::webhooks::StandardWebhooks))
        }
        WebhookSignature::Custom => (quote!(<R: crate::webhooks::Receiver, V: crate::webhooks::Verify>), quote!(V)),
    };
    // A webhook's method is one of the eight (`v32` leaves out the others'), each with an
    // axum routing function.
    let routes = api.webhooks.iter().filter_map(|op| {
        let method = method_fn(&op.method)?;
        let wire = op.method.as_str();
        let handler = ident(&op.handler_fn);
        let path = ident(&op.fn_name);
        Some(quote! {
            .route(&paths.#path, #wire, ::axum::routing::#method({
                let receiver = ::std::sync::Arc::clone(&receiver);
                let verifier = ::std::sync::Arc::clone(&verifier);
                move |request: ::axum::extract::Request| #handler(receiver, verifier, request)
            }))
        })
    });
    quote! {
        /// The router for a [`Receiver`]: each webhook and callback at its path in `paths`,
        /// every delivery checked by `verifier` before it is read; JSON 404 and 405 for the
        /// rest. An error when a path cannot be served, or two share a path and method.
        pub fn router #generics(
            receiver: R,
            verifier: #verifier_ty,
            paths: &crate::webhooks::Paths,
        ) -> ::std::result::Result<::axum::Router, crate::webhooks::RouteError> {
            let receiver = ::std::sync::Arc::new(receiver);
            let verifier = ::std::sync::Arc::new(verifier);
            crate::webhooks::runtime::Routes::default()
                #(#routes)*
                .build()
        }
    }
}
