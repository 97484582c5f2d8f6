//! The IR's security schemes: where each credential goes, and for OAuth 2.0 where its
//! tokens come from (flows, their endpoints and scopes, 3.2's metadata URL and device
//! authorization flow), which the generated crate documents and exposes as constants;
//! its client is given tokens, it never fetches them. Lowering builds them
//! (`lower/security.rs`).

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecurityScheme {
    /// The name in `components/securitySchemes`.
    pub name: String,
    /// The Rust name used in emitted code (`private_token`).
    pub ident: String,
    pub doc: Option<String>,
    pub kind: SecurityKind,
    /// The spec marks the scheme deprecated (3.2's `deprecated`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Where an OAuth 2.0 scheme's tokens come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OAuth>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum SecurityKind {
    /// An API key in a header (`Private-Token`).
    ApiKeyHeader { header: String },
    /// An API key in the query string.
    ApiKeyQuery { param: String },
    /// An API key in a cookie (`Cookie: session=…`).
    ApiKeyCookie { cookie: String },
    /// `Authorization: Bearer …` (also OAuth2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
}

/// An OAuth 2.0 scheme's authorization server, as the spec describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OAuth {
    /// The authorization server's metadata document (RFC 8414; 3.2's `oauth2MetadataUrl`).
    pub metadata_url: Option<String>,
    /// The flows, in the order `implicit`, `password`, `clientCredentials`,
    /// `authorizationCode`, `deviceAuthorization`.
    pub flows: Vec<OAuthFlow>,
}

/// One OAuth 2.0 flow: its endpoints and scopes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OAuthFlow {
    /// The Rust name of the flow's module (`authorization_code`, `device_authorization`).
    pub ident: String,
    /// The flow as the spec names it (`authorizationCode`, `deviceAuthorization`).
    pub name: String,
    pub authorization_url: Option<String>,
    /// The device authorization endpoint (RFC 8628), of the device flow only.
    pub device_authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Each scope with its description, in spec order.
    pub scopes: Vec<(String, String)>,
}
