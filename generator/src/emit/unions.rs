//! `Deserialize` for a union serde's untagged derive reads wrongly that has no
//! discriminator (`tagged.rs` has those): a schema of `properties` without `type`, whose
//! objects are its struct's and whose other values are any JSON value; and a `oneOf` a
//! request carries, which the server reads as exactly one of its variants.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, model_type_tokens};
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
    let object_ty = model_type_tokens(api, &object.ty);
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

/// `Deserialize` and `Serialize` for a `oneOf` a request carries (`ir::Union::one_of`,
/// derived with `#[serde(remote = "Self")]`, whose inherent functions are serde's untagged
/// reading and writing). A client reads as derived: the first variant that reads. While
/// the server reads a request, every variant is tried on the value, and the runtime's
/// `exactly_one` takes the one that reads and meets its constraints (`Validate`), or
/// refuses the value when more than one does: JSON Schema's `oneOf` holds a value valid
/// under exactly one of its schemas. A variant of any JSON value does not count: such a
/// variant is mostly a schema the generator loosened (with a warning), which holds more
/// than the spec's schema does.
pub(super) fn one_of_deserialize(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&t.name);
    let attempts = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let label = &v.name;
        let ty = model_type_tokens(api, &v.ty);
        let wrap = if v.boxed { quote!(Self::#vname(::std::boxed::Box::new(v))) } else { quote!(Self::#vname(v)) };
        let push = if !v.constraints.is_empty() {
            // The variant's own constraints, then its type's.
            let checks = super::constraints::variant_checks(api, v);
            quote! {
                let valid = (|value: &#ty, at: &str| -> ::std::result::Result<(), crate::ConstraintError> {
                    #checks
                    ::std::result::Result::Ok(())
                })(&v, "")
                .is_ok();
                read.push((#label, #wrap, valid));
            }
        } else if v.ty.is_checked(api) {
            quote! {
                let valid = crate::constraints::Validate::validate(&v, "").is_ok();
                read.push((#label, #wrap, valid));
            }
        } else {
            let valid = v.ty != TypeRef::Any;
            quote!(read.push((#label, #wrap, #valid));)
        };
        quote! {
            if let ::std::result::Result::Ok(v) = ::serde_json::from_value::<#ty>(value.clone()) {
                #push
            }
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                if !crate::reading_strictly() {
                    return #name::deserialize(deserializer);
                }
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut read = ::std::vec::Vec::new();
                #(#attempts)*
                match crate::exactly_one(read) {
                    ::std::option::Option::Some(chosen) => chosen.map_err(::serde::de::Error::custom),
                    ::std::option::Option::None => #name::deserialize(value).map_err(::serde::de::Error::custom),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #name::serialize(self, serializer)
            }
        }
    }
}
