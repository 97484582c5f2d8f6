//! Emits `client/mod.rs`: the async client, one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub fn client(_api: &Api) -> TokenStream {
    quote! {
        //! The async client (feature `client`).

        mod runtime;
    }
}
