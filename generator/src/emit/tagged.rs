//! `Deserialize` for a union with a discriminator (`models.rs` emits the union itself).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, model_type_tokens};
use crate::ir::{Api, Discriminator, TypeDef, TypeRef, Union};

/// `Deserialize` for a union with a discriminator: the tag property's value picks the
/// variant, which then reads the whole object, tag included. serde's own
/// `#[serde(tag = …)]` would hand the variant the object without its tag, and the variant
/// types (shared component schemas) declare the tag as a property of their own, so
/// reading would fail on the missing field; writing is untagged for the same reason:
/// the variant writes its tag itself.
///
/// A value whose tag names no variant, or that has no tag, is read by the one variant
/// that reads it: OpenAPI (3.0.4 and 3.1.1, Discriminator Object) says the discriminator
/// "MUST NOT change the validation outcome of the schema", so `{"kind": "string",
/// "radius": 0}` is a valid `Circle | Square` (Prism answers it), which only a tag that
/// names another variant could make invalid. None or more than one reading it is an
/// error, as `oneOf` has it.
pub(super) fn tagged_deserialize(api: &Api, t: &TypeDef, u: &Union, tag: &Discriminator) -> TokenStream {
    let name = ident(&t.name);
    let property = Literal::string(&tag.property);
    let wrap = |v: &crate::ir::UnionVariant| {
        let vname = ident(&v.name);
        if v.boxed { quote!(|v| Self::#vname(::std::boxed::Box::new(v))) } else { quote!(Self::#vname) }
    };
    let arms = u.variants.iter().filter_map(|v| {
        let TypeRef::Named(id) = v.ty else { return None };
        let values: Vec<Literal> =
            tag.mapping.iter().filter(|(_, t)| *t == id).map(|(value, _)| Literal::string(value)).collect();
        if values.is_empty() {
            return None;
        }
        let wrap = wrap(v);
        Some(quote! {
            #(::std::option::Option::Some(#values))|* => ::serde_json::from_value(value).map(#wrap).map_err(::serde::de::Error::custom),
        })
    });
    // An array of readers, not a chain of `Option`s: a chain's type nests once per
    // variant, and Bitbucket's 65-variant `object` overflowed rustc's recursion limit.
    let tries = u.variants.iter().map(|v| {
        let (ty, wrap) = (model_type_tokens(api, &v.ty), wrap(v));
        quote!(|value| ::serde_json::from_value::<#ty>(::std::clone::Clone::clone(value)).ok().map(#wrap))
    });
    let count = Literal::usize_unsuffixed(u.variants.len());
    let expected: Vec<Literal> = tag.mapping.iter().map(|(value, _)| Literal::string(value)).collect();
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    other => {
                        let readers: [fn(&::serde_json::Value) -> ::std::option::Option<Self>; #count] = [#(#tries),*];
                        let mut read = readers.iter().filter_map(|read_as| read_as(&value));
                        match (read.next(), read.next()) {
                            (::std::option::Option::Some(one), ::std::option::Option::None) => ::std::result::Result::Ok(one),
                            _ => ::std::result::Result::Err(match other {
                                ::std::option::Option::Some(other) => ::serde::de::Error::unknown_variant(other, &[#(#expected),*]),
                                ::std::option::Option::None => ::serde::de::Error::missing_field(#property),
                            }),
                        }
                    }
                }
            }
        }
    }
}
