//! Emits `tests/examples.rs` for the generated crate: every example in the spec must
//! deserialize into its generated type and serialize back to the same JSON.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::{Artifact, crate_ident, ident, string_literal, type_tokens_in};
use crate::ir::Api;

pub(crate) fn examples(api: &Api) -> Artifact<'_> {
    let krate = crate_ident(api);
    let tests = api.examples.iter().map(move |e| {
        let name = ident(&e.name);
        let ty = type_tokens_in(api, &e.ty, &quote!(::#krate));
        let origin = string_literal(&e.origin);
        let json = raw_string(&e.json);
        let doc = super::docs::outer([format!(" The example at `{}`.", e.origin)]);
        quote! {
            #doc
            #[test]
            fn #name() {
                check::<#ty>(#origin, #json);
            }
        }
    });
    if api.examples.is_empty() {
        let head = quote! {
            //! Every example in the spec deserializes into its generated type and serializes
            //! back to the same JSON. This spec has no examples.
        };
        return Artifact::new(head, std::iter::empty());
    }
    let head = quote! {
        //! Every example in the spec deserializes into its generated type and serializes back
        //! to the same JSON. A failure here means the spec's example and its schema disagree,
        //! or the generator typed the schema wrongly.

        #![allow(clippy::needless_raw_string_hashes)]

        #[track_caller]
        fn check<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(origin: &str, json: &str) {
            let original: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let de = &mut ::serde_json::Deserializer::from_str(json);
            let typed: T = match ::serde_path_to_error::deserialize(de) {
                ::std::result::Result::Ok(t) => t,
                ::std::result::Result::Err(e) => panic!("{origin}: the example does not fit its type at `{}`: {}", e.path(), e.inner()),
            };
            let back = ::serde_json::to_value(&typed).expect("the typed example serializes");
            assert_eq!(back, original, "{origin}: the example changed in a round trip through its type");
        }
    };
    Artifact::new(head, tests)
}

/// A raw string literal for `text`, with enough `#`s that nothing inside can end it.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text).into_token_stream())
}
