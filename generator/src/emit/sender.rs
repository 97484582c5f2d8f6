//! Emits `webhooks/sender.rs`: the sending end of the API's webhooks and callbacks, for
//! its own implementation. It is the client's shape over the webhooks' operations
//! (`ir::Api::webhooks`), printed by `client.rs`'s own functions: a method per webhook on
//! the runtime's `Sender` (whose `execute` signs and delivers to the subscriber's URL,
//! retrying as its `Backoff` says) and a pending-call type per webhook.

use quote::quote;

use super::client::{call_type, method};
use super::{Artifact, HeaderNames};
use crate::ir::Api;

pub(crate) fn sender(api: &Api) -> Artifact<'_> {
    let names = HeaderNames::of_operations(&api.webhooks);
    let header_names = names.module(&quote!(::reqwest::header::HeaderName));
    // Every webhook's method names its request and response types.
    let use_models = super::use_models(!api.webhooks.is_empty());
    let head = quote! {
        //! Sending webhooks and callbacks: one method per webhook on [`Sender`], built like the
        //! client's calls (required parameters as arguments, optional ones as setters, then
        //! `.await`) and answered with the webhook's response enum inside a [`Response`].

        use crate::client::{runtime, Error, Response};
        #use_models
        use crate::webhooks::Sender;

        #header_names
    };
    let operations = api.webhooks.iter().map(move |op| {
        let method = method(api, &names, op);
        let call = call_type(api, &names, op);
        quote! {
            impl Sender {
                #method
            }

            #call
        }
    });
    Artifact::new(head, operations)
}
