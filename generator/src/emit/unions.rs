//! `Deserialize` for the unions serde's untagged derive reads wrongly: one with a
//! discriminator, whose tag picks the variant, and a schema of `properties` without
//! `type`, whose objects are its struct's and whose other values are any JSON value.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, type_tokens};
use crate::ir::{Api, Discriminator, TypeDef, TypeRef, Union};

/// `Deserialize` for a union with a discriminator: the tag property's value picks the
/// variant, which then reads the whole object, tag included. serde's own
/// `#[serde(tag = …)]` would hand the variant the object without its tag, and the variant
/// types (shared component schemas) declare the tag as a property of their own, so
/// reading would fail on the missing field; writing is untagged for the same reason:
/// the variant writes its tag itself.
pub(super) fn tagged_deserialize(t: &TypeDef, u: &Union, tag: &Discriminator) -> TokenStream {
    let name = ident(&t.name);
    let property = Literal::string(&tag.property);
    let arms = u.variants.iter().filter_map(|v| {
        let TypeRef::Named(id) = v.ty else { return None };
        let values: Vec<Literal> =
            tag.mapping.iter().filter(|(_, t)| *t == id).map(|(value, _)| Literal::string(value)).collect();
        if values.is_empty() {
            return None;
        }
        let vname = ident(&v.name);
        let wrap = if v.boxed { quote!(|v| Self::#vname(::std::boxed::Box::new(v))) } else { quote!(Self::#vname) };
        Some(quote! {
            #(#values)|* => ::serde_json::from_value(value).map(#wrap).map_err(::serde::de::Error::custom),
        })
    });
    let expected: Vec<Literal> = tag.mapping.iter().map(|(value, _)| Literal::string(value)).collect();
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = match value.get(#property).and_then(::serde_json::Value::as_str) {
                    ::std::option::Option::Some(tag) => ::std::borrow::ToOwned::to_owned(tag),
                    ::std::option::Option::None => return ::std::result::Result::Err(::serde::de::Error::missing_field(#property)),
                };
                match tag.as_str() {
                    #(#arms)*
                    other => ::std::result::Result::Err(::serde::de::Error::unknown_variant(other, &[#(#expected),*])),
                }
            }
        }
    }
}

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
