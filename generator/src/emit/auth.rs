//! The client builder's setters for the spec's security schemes: one per scheme, named
//! after it, saying where the credential goes (header, query, cookie, `Authorization`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, ident};
use crate::ir::{SecurityKind, SecurityScheme};

pub(super) fn scheme_setter(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.ident);
    let id = Literal::string(&s.ident);
    let extra = s.doc.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default();
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
