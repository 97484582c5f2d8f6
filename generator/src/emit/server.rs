//! Emits `server/mod.rs`: the trait to implement and the axum router that serves it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub fn server(_api: &Api) -> TokenStream {
    quote! {
        //! The axum server (feature `server`).

        mod runtime;
    }
}
