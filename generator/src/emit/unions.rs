//! `Deserialize` for a union serde's untagged derive reads wrongly that has no
//! discriminator (`tagged.rs` has those): a schema of `properties` without `type`, whose
//! objects are its struct's and whose other values are any JSON value.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_tokens};
use crate::ir::{Api, TypeDef, TypeRef, Union};

/// `Deserialize` for a union of an object's struct and any other value
/// (`ir::Union::objects_first`): an object is read as the struct, so that one missing a
/// required property is refused rather than taken as any value, and every other value
/// (`null`, a string, an array) as the value it is. The struct's `From` is written too,
/// so a value of it is `.into()` the union.
pub(super) fn objects_first_deserialize(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&t.name);
    let [object, other] = u.variants.as_slice() else { return TokenStream::new() };
    let (object_name, other_name) = (ident(&object.name), ident(&other.name));
    let object_ty = type_tokens(api, &object.ty);
    let wrap = if object.boxed {
        quote!(|v| Self::#object_name(::std::boxed::Box::new(v)))
    } else {
        quote!(Self::#object_name)
    };
    let from = matches!(object.ty, TypeRef::Named(_)).then(|| {
        let value = if object.boxed { quote!(::std::boxed::Box::new(v)) } else { quote!(v) };
        quote! {
            impl ::std::convert::From<#object_ty> for #name {
                fn from(v: #object_ty) -> Self {
                    Self::#object_name(#value)
                }
            }
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                if value.is_object() {
                    ::serde_json::from_value(value).map(#wrap).map_err(::serde::de::Error::custom)
                } else {
                    ::std::result::Result::Ok(Self::#other_name(value))
                }
            }
        }
        #from
    }
}
