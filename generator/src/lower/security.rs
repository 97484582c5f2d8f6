//! Security schemes (the credentials an API takes) and operations' security requirements.

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme as OaSecurityScheme};

use super::Lowerer;
use crate::diagnostics::push_pointer;
use crate::ir;
use crate::ir::contract;
use crate::naming::{self, Namespace};

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
            out.push(ir::SecurityScheme {
                name: name.clone(),
                ident: idents.claim(&naming::value_name(name)),
                doc,
                kind,
            });
        }
        let has_bearer = out.iter().any(|s| s.kind == ir::SecurityKind::Bearer);
        let fallback = (!out.is_empty() && !has_bearer).then(|| idents.claim("bearer"));
        (out, fallback)
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
