//! The generator's settings as the IR carries them: what is not OpenAPI but shapes the
//! crate (its name, GitLab's conventions, open enums, secrets, webhook signatures).

use serde::Serialize;

/// Generator settings that are not OpenAPI (see `settings.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub crate_name: String,
    pub crate_version: String,
    pub array_query_style: ArrayQueryStyle,
    pub error_body: ErrorBody,
    /// Which enums are open besides those marked `x-open-enum: true`.
    pub open_enums: OpenEnums,
    /// Properties that are secret besides those with `format: password`: JSON pointers
    /// into the bundled document, each to a property's schema
    /// (`/components/schemas/NewAccessToken/properties/token`).
    pub secret_fields: Vec<String>,
    /// How webhooks and callbacks are signed, when the settings say (`webhook_signature`);
    /// lowering decides [`super::Api::webhook_signature`] from it and the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_signature: Option<WebhookSignature>,
}

/// How the webhook receiver checks a delivery before reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum WebhookSignature {
    /// The Standard Webhooks scheme, built in: the router takes its `StandardWebhooks`.
    Standard,
    /// The team's own check (Stripe's, GitHub's, or none): the router takes any `Verify`.
    Custom,
}

impl WebhookSignature {
    pub fn is_custom(&self) -> bool {
        *self == WebhookSignature::Custom
    }
}

/// Which enums keep values outside their list (see [`super::Enum::other`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum OpenEnums {
    /// Every enum in the spec.
    All,
    /// The enums at these JSON pointers into the bundled document
    /// (`/components/schemas/Scope`); empty: only those the spec marks.
    Listed(Vec<String>),
}

/// How array query parameters go on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ArrayQueryStyle {
    /// As the parameter's `style`/`explode` say (OpenAPI's default: `a=1&a=2`).
    OpenApi,
    /// Rails' convention, `a[]=1&a[]=2`, which GitLab requires.
    Rails,
}

/// What a bodiless error response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ErrorBody {
    /// Nothing: the body is ignored.
    None,
    /// GitLab's JSON `{"message": …}` (lowered as a JSON body of [`super::TypeRef::ErrorMessage`]).
    Message,
}
