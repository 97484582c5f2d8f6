//! Security schemes (the credentials an API takes) and operations' security requirements.

use openapiv3::{OAuth2Flows, ReferenceOr, SecurityRequirement, SecurityScheme as OaSecurityScheme};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::push_pointer;
use crate::ir;
use crate::ir::contract;
use crate::naming::{self, Namespace};
use crate::v32::{DEVICE_FLOW, OAUTH2_METADATA_URL, SCHEME_DEPRECATED};

type Extensions = indexmap::IndexMap<String, Value>;

impl Lowerer<'_> {
    /// The schemes, and the name of the extra bearer credential (see `ir::Api::bearer_fallback`).
    pub(super) fn security_schemes(&mut self) -> (Vec<ir::SecurityScheme>, Option<String>) {
        let mut out = Vec::new();
        let Some(components) = &self.doc.components else { return (out, None) };
        // Scheme idents name `ClientBuilder` methods, beside the runtime's own; they are
        // also `Credentials` fields, which have no other names.
        let mut idents = Namespace::new(contract::BUILDER_METHODS);
        for (name, scheme) in &components.security_schemes {
            let pointer = push_pointer("/components/securitySchemes", name);
            let scheme = match scheme {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.error(&pointer, "a `$ref` to a security scheme is not supported yet", None);
                    continue;
                }
            };
            let (kind, doc) = match scheme {
                OaSecurityScheme::APIKey { location, name: key, description, .. } => match location {
                    openapiv3::APIKeyLocation::Header => {
                        (ir::SecurityKind::ApiKeyHeader { header: key.clone() }, description.clone())
                    }
                    openapiv3::APIKeyLocation::Query => {
                        (ir::SecurityKind::ApiKeyQuery { param: key.clone() }, description.clone())
                    }
                    openapiv3::APIKeyLocation::Cookie => {
                        (ir::SecurityKind::ApiKeyCookie { cookie: key.clone() }, description.clone())
                    }
                },
                OaSecurityScheme::HTTP { scheme: s, description, .. } if s.eq_ignore_ascii_case("bearer") => {
                    (ir::SecurityKind::Bearer, description.clone())
                }
                OaSecurityScheme::HTTP { scheme: s, description, .. } if s.eq_ignore_ascii_case("basic") => {
                    (ir::SecurityKind::Basic, description.clone())
                }
                OaSecurityScheme::HTTP { scheme: s, description, .. } => {
                    // Digest, HOBA, Negotiate and vendors' own (`Token …`) all travel in
                    // `Authorization`; the caller gives its whole value.
                    self.warn(
                        &pointer,
                        format!(
                            "HTTP authentication scheme `{s}` has no typed support; its credential is the whole \
                             value of the `Authorization` header (`{s} …`), given by the caller"
                        ),
                    );
                    (ir::SecurityKind::ApiKeyHeader { header: "Authorization".into() }, description.clone())
                }
                OaSecurityScheme::OAuth2 { description, .. } | OaSecurityScheme::OpenIDConnect { description, .. } => {
                    // Both end in a bearer access token; obtaining it is the caller's business.
                    (ir::SecurityKind::Bearer, description.clone())
                }
            };
            let extensions = match scheme {
                OaSecurityScheme::APIKey { extensions, .. }
                | OaSecurityScheme::HTTP { extensions, .. }
                | OaSecurityScheme::OAuth2 { extensions, .. }
                | OaSecurityScheme::OpenIDConnect { extensions, .. } => extensions,
            };
            let deprecated = extensions.get(SCHEME_DEPRECATED) == Some(&Value::Bool(true));
            let oauth = match scheme {
                OaSecurityScheme::OAuth2 { flows, .. } => Some(self.oauth(flows, extensions, &pointer)),
                _ => None,
            };
            out.push(ir::SecurityScheme {
                name: name.clone(),
                ident: idents.claim(&naming::value_name(name)),
                doc,
                kind,
                deprecated,
                oauth,
            });
        }
        let has_bearer = out.iter().any(|s| s.kind == ir::SecurityKind::Bearer);
        let fallback = (!out.is_empty() && !has_bearer).then(|| idents.claim("bearer"));
        (out, fallback)
    }

    /// An OAuth 2.0 scheme's flows, with 3.2's metadata URL and device flow (the
    /// extensions `v32` carries them in). A device flow without its two endpoints is left
    /// out with a warning.
    fn oauth(&mut self, flows: &OAuth2Flows, extensions: &Extensions, pointer: &str) -> ir::OAuth {
        let scopes = |s: &indexmap::IndexMap<String, String>| s.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let flow = |ident: &str, name: &str| ir::OAuthFlow {
            ident: ident.into(),
            name: name.into(),
            authorization_url: None,
            device_authorization_url: None,
            token_url: None,
            refresh_url: None,
            scopes: Vec::new(),
        };
        let mut out = Vec::new();
        if let Some(f) = &flows.implicit {
            out.push(ir::OAuthFlow {
                authorization_url: Some(f.authorization_url.clone()),
                refresh_url: f.refresh_url.clone(),
                scopes: scopes(&f.scopes),
                ..flow("implicit", "implicit")
            });
        }
        if let Some(f) = &flows.password {
            out.push(ir::OAuthFlow {
                token_url: Some(f.token_url.clone()),
                refresh_url: f.refresh_url.clone(),
                scopes: scopes(&f.scopes),
                ..flow("password", "password")
            });
        }
        if let Some(f) = &flows.client_credentials {
            out.push(ir::OAuthFlow {
                token_url: Some(f.token_url.clone()),
                refresh_url: f.refresh_url.clone(),
                scopes: scopes(&f.scopes),
                ..flow("client_credentials", "clientCredentials")
            });
        }
        if let Some(f) = &flows.authorization_code {
            out.push(ir::OAuthFlow {
                authorization_url: Some(f.authorization_url.clone()),
                token_url: Some(f.token_url.clone()),
                refresh_url: f.refresh_url.clone(),
                scopes: scopes(&f.scopes),
                ..flow("authorization_code", "authorizationCode")
            });
        }
        if let Some(device) = flows.extensions.get(DEVICE_FLOW) {
            let at = format!("{pointer}/flows/{DEVICE_FLOW}");
            let text = |key: &str| device.get(key).and_then(Value::as_str).map(str::to_owned);
            let scopes: Option<Vec<(String, String)>> = match device.get("scopes") {
                None => Some(Vec::new()),
                Some(Value::Object(m)) => {
                    m.iter().map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect::<Option<Vec<_>>>()
                }
                Some(_) => None,
            };
            match (text("deviceAuthorizationUrl"), text("tokenUrl"), scopes) {
                (Some(device_url), Some(token_url), Some(scopes)) => out.push(ir::OAuthFlow {
                    device_authorization_url: Some(device_url),
                    token_url: Some(token_url),
                    refresh_url: text("refreshUrl"),
                    scopes,
                    ..flow("device_authorization", "deviceAuthorization")
                }),
                _ => self.warn(
                    &at,
                    "the device authorization flow needs `deviceAuthorizationUrl` and `tokenUrl` (strings) and \
                     `scopes` (a map of strings); it is left out of the scheme's documentation",
                ),
            }
        }
        let metadata_url = extensions.get(OAUTH2_METADATA_URL).and_then(Value::as_str).map(str::to_owned);
        ir::OAuth { metadata_url, flows: out }
    }

    /// An operation's requirements (its own, or else the document's), as alternatives
    /// of scheme idents, and what the router checks of them (see [`guard`]).
    pub(super) fn requirements(
        &mut self,
        own: Option<&Vec<SecurityRequirement>>,
        schemes: &[ir::SecurityScheme],
        bearer_fallback: Option<&str>,
        op_ptr: &str,
    ) -> (Vec<Vec<String>>, Option<ir::Guard>) {
        let Some(reqs) = own.or(self.doc.security.as_ref()) else { return (Vec::new(), None) };
        let mut alternatives = Vec::new();
        for req in reqs {
            let mut all = Vec::new();
            for name in req.keys() {
                match schemes.iter().find(|s| &s.name == name) {
                    Some(s) => all.push(s.ident.clone()),
                    None => self.warn(
                        op_ptr,
                        format!(
                            "security requirement names an undefined scheme `{name}`; that requirement is \
                             ignored, as no credential for it can be sent or read"
                        ),
                    ),
                }
            }
            if all.len() == req.len() {
                alternatives.push(all);
            }
        }
        // A requirement left out (its scheme is undefined, so no request can be seen to
        // meet it) may be what a caller meets: the router cannot refuse then.
        let guard =
            if alternatives.len() == reqs.len() { guard(&alternatives, schemes, bearer_fallback) } else { None };
        (alternatives, guard)
    }
}

/// What the router checks before the implementation sees a request: that one alternative
/// has all its credentials present. Whether they are valid stays the implementation's
/// call. `None` for an open operation (no requirement, or an empty one, `{}`). Where the
/// spec has no bearer scheme, a bearer token meets any requirement too: that is why
/// `Credentials` reads one (GitLab takes `Authorization: Bearer` wherever it takes
/// `Private-Token`).
fn guard(
    alternatives: &[Vec<String>],
    schemes: &[ir::SecurityScheme],
    bearer_fallback: Option<&str>,
) -> Option<ir::Guard> {
    if alternatives.is_empty() || alternatives.iter().any(Vec::is_empty) {
        return None;
    }
    let first = schemes.iter().find(|s| s.ident == alternatives[0][0])?;
    let (location, name) = match &first.kind {
        ir::SecurityKind::ApiKeyHeader { header } => (ir::ParamLocation::Header, header.clone()),
        ir::SecurityKind::ApiKeyQuery { param } => (ir::ParamLocation::Query, param.clone()),
        ir::SecurityKind::ApiKeyCookie { cookie } => (ir::ParamLocation::Cookie, cookie.clone()),
        ir::SecurityKind::Bearer | ir::SecurityKind::Basic => (ir::ParamLocation::Header, "Authorization".to_owned()),
    };
    let mut alternatives = alternatives.to_vec();
    if let Some(bearer) = bearer_fallback {
        alternatives.push(vec![bearer.to_owned()]);
    }
    Some(ir::Guard { alternatives, location, name })
}
