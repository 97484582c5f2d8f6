//! The server's `Credentials`: one field per security scheme (and the bearer fallback), and
//! how the router reads them from a request.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, server_rt};
use crate::ir::{Api, SecurityKind, SecurityScheme};

/// A security scheme's field documentation: where its credential is read from.
fn scheme_doc(s: &SecurityScheme) -> String {
    let where_ = match &s.kind {
        SecurityKind::ApiKeyHeader { header } => format!("the `{header}` header"),
        SecurityKind::ApiKeyQuery { param } => format!("the `{param}` query parameter"),
        SecurityKind::ApiKeyCookie { cookie } => format!("the `{cookie}` cookie"),
        SecurityKind::Bearer => "the token of `Authorization: Bearer …`".to_string(),
        SecurityKind::Basic => "the base64 credentials of `Authorization: Basic …`, as sent".to_string(),
    };
    let notes = super::auth::scheme_notes(s);
    match &s.doc {
        Some(d) => format!("`{}`: {where_}.\n\n{}{notes}", s.name, d.trim()),
        None => format!("`{}`: {where_}.{notes}", s.name),
    }
}

/// The server's `Credentials` struct, a field per security scheme, and how it is read.
pub(super) fn credentials(api: &Api) -> TokenStream {
    let super::Preludes { ok, result, option, .. } = super::Preludes::of(api);
    let rt = server_rt();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for s in &api.security_schemes {
        let name = ident(&s.ident);
        let docs = doc(Some(&scheme_doc(s)));
        fields.push(quote!(#docs pub #name: #option<#rt::Secret>,));
        let read = match &s.kind {
            SecurityKind::ApiKeyHeader { header } => quote!(#rt::header_secret(&parts.headers, #header)?),
            SecurityKind::ApiKeyQuery { param } => quote!(query.secret(#param)?),
            SecurityKind::ApiKeyCookie { cookie } => quote!(#rt::cookie_secret(&parts.headers, #cookie)?),
            SecurityKind::Bearer => quote!(#rt::authorization(&parts.headers, "Bearer")?),
            SecurityKind::Basic => quote!(#rt::authorization(&parts.headers, "Basic")?),
        };
        reads.push(quote!(#name: #read,));
    }
    if let Some(bearer) = &api.bearer_fallback {
        let name = ident(bearer);
        fields.push(quote! {
            /// The token of `Authorization: Bearer …`, read although the spec declares no
            /// bearer scheme, because services with key schemes often take bearer tokens too.
            pub #name: #option<#rt::Secret>,
        });
        reads.push(quote!(#name: #rt::authorization(&parts.headers, "Bearer")?,));
    }
    let reads_headers = api.bearer_fallback.is_some()
        || api.security_schemes.iter().any(|s| !matches!(s.kind, SecurityKind::ApiKeyQuery { .. }));
    let reads_query = api.security_schemes.iter().any(|s| matches!(s.kind, SecurityKind::ApiKeyQuery { .. }));
    let parts = if reads_headers { quote!(parts) } else { quote!(_parts) };
    let query = if reads_query { quote!(query) } else { quote!(_query) };
    // A router with no routes reads none: an API with no operations of its own (only
    // webhooks), or one whose every operation the server leaves out (AWS's CloudHSM, all
    // of whose operations are `POST /` told apart by a header).
    let read = api.served().next().is_some().then(|| {
        quote! {
            impl Credentials {
                /// Reads them from a request.
                fn read(
                    #parts: &::axum::http::request::Parts,
                    #query: &#rt::Query<'_>,
                ) -> #result<Self, #rt::Rejection> {
                    #ok(Self { #(#reads)* })
                }
            }
        }
    });
    quote! {
        /// The credentials a request carried, one field for each of the spec's security
        /// schemes. The router checks that they are well-formed (a header given twice is a
        /// 400) and that one of the operation's requirements has all of its credentials
        /// present (else 401); whether they are valid is the implementation's call.
        /// `Debug` shows `Secret("***")` in place of every secret.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct Credentials {
            #(#fields)*
        }

        #read
    }
}
