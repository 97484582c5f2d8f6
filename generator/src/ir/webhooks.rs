//! The IR's webhooks and callbacks: what makes an operation a request the API sends to a
//! URL a subscriber chose (`lower/webhooks.rs` builds them).

use serde::Serialize;

/// What makes an operation a webhook or a callback: a request the API sends to a URL a
/// subscriber chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Webhook {
    pub origin: WebhookOrigin,
    /// The path the receiver's router serves it at unless the subscriber chooses another
    /// (`/webhooks/newPet`): the field of `Paths` has this default.
    pub default_path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum WebhookOrigin {
    /// A 3.1 `webhooks` entry, by its name (`newPet`).
    Webhook { name: String },
    /// A callback of one of the API's operations.
    Callback {
        /// The owning operation's `operationId`.
        operation_id: String,
        /// The callback's name (`onStatus`).
        name: String,
        /// The runtime expression that gives the URL (`{$request.body#/callbackUrl}`).
        expression: String,
    },
}
