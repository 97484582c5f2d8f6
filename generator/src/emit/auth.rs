//! The client builder's setters for the spec's security schemes: one per scheme, named
//! after it, saying where the credential goes (header, query, cookie, `Authorization`);
//! and the crate's `auth` module: for each OAuth 2.0 scheme, where its tokens come from
//! (the metadata URL, each flow's endpoints and scopes) as constants, since the generated
//! client is given tokens and never fetches them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, doc_trusted, ident, string_literal};
use crate::ir::{Api, OAuthFlow, SecurityKind, SecurityScheme};

/// What the client's setter and the server's `Credentials` field add about a scheme
/// beyond where its credential goes: that the spec deprecates it, and where an OAuth 2.0
/// scheme's tokens come from.
pub(super) fn scheme_notes(s: &SecurityScheme) -> String {
    let mut text = String::new();
    if s.deprecated {
        text.push_str("\n\nDeprecated by the spec.");
    }
    if s.oauth.as_ref().is_some_and(|o| o.metadata_url.is_some() || !o.flows.is_empty()) {
        text.push_str(&format!(
            "\n\nAn OAuth 2.0 access token: where to get one (the authorization server's metadata, each \
             flow's endpoints and scopes) is in `crate::auth::{}`.",
            s.ident
        ));
    }
    text
}

/// The `auth` module: a module per OAuth 2.0 scheme that says where its tokens come
/// from. `None` when no scheme says.
pub(super) fn module(api: &Api) -> Option<TokenStream> {
    let schemes: Vec<TokenStream> = api
        .security_schemes
        .iter()
        .filter_map(|s| {
            let oauth = s.oauth.as_ref().filter(|o| o.metadata_url.is_some() || !o.flows.is_empty())?;
            let name = ident(&s.ident);
            let mut text = format!("Security scheme `{}` (OAuth 2.0).", s.name);
            if s.deprecated {
                text.push_str("\n\nDeprecated by the spec.");
            }
            let docs = doc_trusted(&text);
            let metadata = oauth.metadata_url.as_deref().map(|url| {
                let url = string_literal(url);
                quote! {
                    /// The authorization server's metadata (RFC 8414): its endpoints, scopes and
                    /// the flows it offers.
                    pub const METADATA_URL: &str = #url;
                }
            });
            let flows = oauth.flows.iter().map(flow);
            Some(quote! {
                #docs
                pub mod #name {
                    #metadata
                    #(#flows)*
                }
            })
        })
        .collect();
    if schemes.is_empty() {
        return None;
    }
    Some(quote! {
        /// Where the OAuth 2.0 schemes' access tokens come from, as the spec says: the
        /// authorization server's metadata, and each flow's endpoints and scopes. The client
        /// is given a token (its builder's setter for the scheme) and never fetches one; the
        /// server reads it as `Authorization: Bearer`.
        pub mod auth {
            #(#schemes)*
        }
    })
}

/// One flow's module: its endpoints and scopes.
fn flow(f: &OAuthFlow) -> TokenStream {
    let name = ident(&f.ident);
    // The device flow is new (3.2, RFC 8628) and unlike the others, so it says how it goes.
    let how = if f.device_authorization_url.is_some() {
        " (RFC 8628): the device shows a code, the user approves it elsewhere, and the device polls the token \
         endpoint"
    } else {
        ""
    };
    let docs = doc_trusted(&format!("The `{}` flow{how}.", f.name));
    let url = |v: &Option<String>, name: &str, text: &str| {
        v.as_deref().map(|v| {
            let (name, v) = (quote::format_ident!("{name}"), string_literal(v));
            let text = doc_trusted(text);
            quote!(#text pub const #name: &str = #v;)
        })
    };
    let authorization = url(&f.authorization_url, "AUTHORIZATION_URL", "The authorization endpoint.");
    let device = url(&f.device_authorization_url, "DEVICE_AUTHORIZATION_URL", "The device authorization endpoint.");
    let token = url(&f.token_url, "TOKEN_URL", "The token endpoint.");
    let refresh = url(&f.refresh_url, "REFRESH_URL", "The endpoint that refreshes tokens.");
    let scopes = f.scopes.iter().map(|(scope, about)| {
        let (scope, about) = (string_literal(scope), string_literal(about));
        quote!((#scope, #about))
    });
    quote! {
        #docs
        pub mod #name {
            #authorization
            #device
            #token
            #refresh
            /// The scopes, each with its description.
            pub const SCOPES: &[(&str, &str)] = &[#(#scopes),*];
        }
    }
}

pub(super) fn scheme_setter(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.ident);
    let id = Literal::string(&s.ident);
    let extra = s.doc.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default() + &scheme_notes(s);
    match &s.kind {
        SecurityKind::ApiKeyHeader { header } => {
            let docs =
                doc(Some(&format!("Authenticates with the `{header}` header (security scheme `{}`).{extra}", s.name)));
            let header = Literal::string(header);
            quote! {
                #docs
                pub fn #name(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.api_key_header(#id, #header, key.into())
                }
            }
        }
        SecurityKind::ApiKeyQuery { param } => {
            let docs = doc(Some(&format!(
                "Authenticates with the `{param}` query parameter (security scheme `{}`).{extra}",
                s.name
            )));
            let param = Literal::string(param);
            quote! {
                #docs
                pub fn #name(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.api_key_query(#id, #param, key.into())
                }
            }
        }
        SecurityKind::ApiKeyCookie { cookie } => {
            let docs =
                doc(Some(&format!("Authenticates with the `{cookie}` cookie (security scheme `{}`).{extra}", s.name)));
            let cookie = Literal::string(cookie);
            quote! {
                #docs
                pub fn #name(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.api_key_cookie(#id, #cookie, key.into())
                }
            }
        }
        SecurityKind::Bearer => {
            let docs = doc(Some(&format!(
                "Authenticates with `Authorization: Bearer` (security scheme `{}`).{extra}",
                s.name
            )));
            quote! {
                #docs
                pub fn #name(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.bearer_for(#id, token.into())
                }
            }
        }
        SecurityKind::Basic => {
            let docs =
                doc(Some(&format!("Authenticates with `Authorization: Basic` (security scheme `{}`).{extra}", s.name)));
            quote! {
                #docs
                pub fn #name(
                    self,
                    user: impl ::std::convert::Into<::std::string::String>,
                    password: impl ::std::convert::Into<::std::string::String>,
                ) -> Self {
                    self.basic_for(#id, user.into(), password.into())
                }
            }
        }
    }
}
