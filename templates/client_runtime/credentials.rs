//! Credentials as the builder keeps them: which security scheme each answers, and how it
//! is sent. `Debug` never shows a secret.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

/// A credential and the security scheme it answers (`*` for any).
#[derive(Clone)]
pub(super) struct Credential {
    pub(super) scheme: &'static str,
    pub(super) kind: CredentialKind,
}

#[derive(Clone)]
pub(super) enum CredentialKind {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    /// A cookie's name and value, both checked to be cookie text when set.
    Cookie(&'static str, String),
    Bearer(String),
    Basic(String, String),
}

/// Which schemes a credential is shown as in `Debug`: the secret never is.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            CredentialKind::Header(name, _) => format!("header {name}"),
            CredentialKind::Query(name, _) => format!("query {name}"),
            CredentialKind::Cookie(name, _) => format!("cookie {name}"),
            CredentialKind::Bearer(_) => "bearer".to_owned(),
            CredentialKind::Basic(user, _) => format!("basic {user}"),
        };
        write!(f, "{}: {what} <redacted>", self.scheme)
    }
}
