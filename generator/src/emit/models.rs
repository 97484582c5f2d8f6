//! Emits `models.rs`: the spec's types as serde structs and enums, and for every operation
//! a typed request and a response enum with one variant per declared status.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::said;
use super::{Artifact, doc, ident, model_type_tokens};
use crate::ir::{Api, Enum, Field, Operation, Response, Status, TypeDef, TypeKind, TypeRef, Union, UnionVariant};

pub(crate) fn models(api: &Api) -> Artifact<'_> {
    let head = quote! {
        //! The API's types: the spec's schemas, and each operation's request and responses.
    };
    let types = api.types.iter().map(move |t| {
        let def = type_def(api, t);
        let validate = super::constraints::validate_impl(api, t);
        quote!(#def #validate)
    });
    // Webhooks' and callbacks' typed requests and responses are models like the
    // operations': the sender builds them and the receiver reads them.
    let ops = || api.operations.iter().chain(&api.webhooks);
    let requests = ops().map(move |op| request(api, op));
    let responses = ops().map(move |op| response(api, op));
    // A status that answers JSON or a stream (zuora's `getChargeMetrics`) has two variants
    // sharing one headers struct: the JSON variant's defines it, once.
    let headers = ops()
        .flat_map(|op| op.responses.iter().map(move |r| (op, r)))
        .filter(|(_, r)| r.headers_type.is_some())
        .filter(|(op, r)| {
            op.responses.iter().find(|o| o.headers_type == r.headers_type).is_some_and(|f| std::ptr::eq(f, *r))
        })
        .map(move |(op, r)| response_headers(api, op, r));
    let media = ops().filter(|op| op.responses.iter().any(|r| r.media.is_some())).map(move |op| media_enums(api, op));
    Artifact::new(head, types.chain(requests).chain(responses).chain(headers).chain(media))
}

fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let super::Preludes { ok, err, result, .. } = super::Preludes::of(api);
    // Made in the arms that print them: a run of doc lines made and not printed is an
    // error (`emit::docs`), and the open enums and unions make their own.
    let docs = || doc(t.doc.as_deref());
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct(s) => {
            let docs = docs();
            let fields = s.fields.iter().map(|f| field(api, f));
            let additional = s.additional.as_ref().map(|a| {
                let ty = model_type_tokens(api, &a.ty);
                let fname = ident(&a.name);
                quote! {
                    /// Properties beyond the declared ones.
                    #[serde(flatten)]
                    pub #fname: ::std::collections::BTreeMap<::std::string::String, #ty>,
                }
            });
            let flattened = s.flattened.iter().map(|f| {
                let mut ty = model_type_tokens(api, &f.ty);
                if f.boxed {
                    ty = quote!(::std::boxed::Box<#ty>);
                }
                let fname = ident(&f.name);
                quote! {
                    /// What the object is besides its declared properties.
                    #[serde(flatten)]
                    pub #fname: #ty,
                }
            });
            // The derives become inherent functions that the runtime's `object_only!`
            // implements the traits with, reading through `ObjectOnly` (see `ir::TypeDef`).
            // Its required nullable properties, which a request must carry (their `Option`
            // fields read a missing one as `None`).
            let present = s.fields.iter().filter(|f| f.required && f.nullable).map(|f| &f.wire_name);
            // A closed struct (`additionalProperties: false`) refuses other keys; its names
            // are known to the runtime only where serde reads it as a struct (no flatten).
            let closed = (s.closed && s.flattened.is_empty() && s.additional.is_none()).then(|| quote!(, closed));
            let (remote, object_only) = match t.object_only {
                true => (quote!(#[serde(remote = "Self")]), quote!(crate::object_only!(#name #closed #(, #present)*);)),
                false => (TokenStream::new(), TokenStream::new()),
            };
            quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #remote
                pub struct #name {
                    #(#fields)*
                    #(#flattened)*
                    #additional
                }
                #object_only
            }
        }
        TypeKind::StringEnum(e) if e.other.is_some() => open_string_enum(t, e),
        TypeKind::IntegerEnum(e) if e.other.is_some() => open_integer_enum(t, e),
        TypeKind::StringEnum(e) => {
            let docs = docs();
            let variants = &e.variants;
            let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let values: Vec<_> = variants.iter().map(|v| Literal::string(&v.value)).collect();
            let value_docs: Vec<_> = variants.iter().map(|v| super::docs::outer([format!(" `{}`", v.value)])).collect();
            let count = Literal::usize_unsuffixed(variants.len());
            let type_name = Literal::string(&t.name);
            quote! {
                #docs
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
                pub enum #name {
                    #(
                        #value_docs
                        #[serde(rename = #values)]
                        #names,
                    )*
                }

                impl #name {
                    /// Every value, in the order the spec lists them.
                    pub const ALL: [Self; #count] = [#(Self::#names),*];

                    /// The value as it appears on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(Self::#names => #values,)*
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = crate::ParseError;

                    fn from_str(s: &str) -> #result<Self, Self::Err> {
                        match s {
                            #(#values => #ok(Self::#names),)*
                            _ => #err(crate::ParseError::new(#type_name, s, &[#(#values),*])),
                        }
                    }
                }
            }
        }
        TypeKind::IntegerEnum(e) => {
            let docs = docs();
            let variants = &e.variants;
            let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let values: Vec<_> = variants.iter().map(|v| Literal::i64_unsuffixed(v.value)).collect();
            let texts: Vec<_> = variants.iter().map(|v| v.value.to_string()).collect();
            let value_docs: Vec<_> = variants.iter().map(|v| super::docs::outer([format!(" `{}`", v.value)])).collect();
            let count = Literal::usize_unsuffixed(variants.len());
            let type_name = Literal::string(&t.name);
            quote! {
                #docs
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = "i64", into = "i64")]
                pub enum #name {
                    #(
                        #value_docs
                        #names,
                    )*
                }

                impl #name {
                    /// Every value, in the order the spec lists them.
                    pub const ALL: [Self; #count] = [#(Self::#names),*];

                    /// The value as it appears on the wire.
                    pub fn value(&self) -> i64 {
                        match self {
                            #(Self::#names => #values,)*
                        }
                    }
                }

                impl ::std::convert::From<#name> for i64 {
                    fn from(v: #name) -> i64 {
                        v.value()
                    }
                }

                impl ::std::convert::TryFrom<i64> for #name {
                    type Error = crate::ParseError;

                    fn try_from(v: i64) -> #result<Self, Self::Error> {
                        match v {
                            #(#values => #ok(Self::#names),)*
                            _ => #err(crate::ParseError::new(#type_name, &v.to_string(), &[#(#texts),*])),
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.value(), f)
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = crate::ParseError;

                    fn from_str(s: &str) -> #result<Self, Self::Err> {
                        match s {
                            #(#texts => #ok(Self::#names),)*
                            _ => #err(crate::ParseError::new(#type_name, s, &[#(#texts),*])),
                        }
                    }
                }
            }
        }
        TypeKind::Union(u) => union(api, t, u),
        TypeKind::Alias(target) => {
            let docs = docs();
            let ty = model_type_tokens(api, target);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

/// An open string enum: the listed values are variants, any other text is kept in the
/// `Other` variant, so decoding never fails on a value the spec did not list and the value
/// goes back on the wire unchanged. Serde goes through `as_str` and `FromStr`, which are
/// the same mapping as `Display`, so every way in and out agrees.
fn open_string_enum(t: &TypeDef, e: &Enum<String>) -> TokenStream {
    let name = ident(&t.name);
    let other = ident(e.other.as_deref().unwrap_or("Other"));
    let names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| Literal::string(&v.value)).collect();
    let value_docs: Vec<_> = e.variants.iter().map(|v| super::docs::outer([format!(" `{}`", v.value)])).collect();
    let count = Literal::usize_unsuffixed(e.variants.len());
    let docs = open_docs(t, &other);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(
                #value_docs
                #names,
            )*
            /// A value the spec does not list, as received (never one it lists: that is
            /// read as its variant).
            #other(::std::string::String),
        }

        impl #name {
            /// Every listed value, in the order the spec lists them.
            pub const ALL: [Self; #count] = [#(Self::#names),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::#other(v) => v,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(match s {
                    #(#values => Self::#names,)*
                    _ => Self::#other(::std::borrow::ToOwned::to_owned(s)),
                })
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    ::std::result::Result::Ok(v) => v,
                    ::std::result::Result::Err(never) => match never {},
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(&*text))
            }
        }
    }
}

/// An open integer enum: the listed values are variants, any other integer is kept in
/// the `Other` variant (see [`open_string_enum`]).
fn open_integer_enum(t: &TypeDef, e: &Enum<i64>) -> TokenStream {
    let name = ident(&t.name);
    let other = ident(e.other.as_deref().unwrap_or("Other"));
    let names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| Literal::i64_unsuffixed(v.value)).collect();
    let value_docs: Vec<_> = e.variants.iter().map(|v| super::docs::outer([format!(" `{}`", v.value)])).collect();
    let count = Literal::usize_unsuffixed(e.variants.len());
    let type_name = Literal::string(&t.name);
    let docs = open_docs(t, &other);
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "i64", into = "i64")]
        pub enum #name {
            #(
                #value_docs
                #names,
            )*
            /// A value the spec does not list, as received (never one it lists: that is
            /// read as its variant).
            #other(i64),
        }

        impl #name {
            /// Every listed value, in the order the spec lists them.
            pub const ALL: [Self; #count] = [#(Self::#names),*];

            /// The value as it appears on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#names => #values,)*
                    Self::#other(v) => *v,
                }
            }
        }

        impl ::std::convert::From<#name> for i64 {
            fn from(v: #name) -> i64 {
                v.value()
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(v: i64) -> Self {
                match v {
                    #(#values => Self::#names,)*
                    _ => Self::#other(v),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::ParseError;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s.parse::<i64>() {
                    ::std::result::Result::Ok(v) if ::std::string::ToString::to_string(&v) == s => {
                        ::std::result::Result::Ok(Self::from(v))
                    }
                    _ => ::std::result::Result::Err(crate::ParseError::new(#type_name, s, &[])),
                }
            }
        }
    }
}

/// An open enum's docs: the spec's, then what happens to values it does not list.
fn open_docs(t: &TypeDef, other: &proc_macro2::Ident) -> TokenStream {
    let spec = doc(t.doc.as_deref());
    let separator = (!spec.is_empty()).then(|| super::docs::outer([""]));
    let open =
        super::docs::outer([format!(" The set is open: a value the spec does not list is kept in [`Self::{other}`].")]);
    quote!(#spec #separator #open)
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let docs = doc(f.doc.as_deref());
    let name = ident(&f.name);
    let mut ty = model_type_tokens(api, &f.ty);
    if f.boxed {
        let boxed = super::prelude(api, super::Prelude::Box);
        ty = quote!(#boxed<#ty>);
    }
    let option = super::prelude(api, super::Prelude::Option);
    if f.secret {
        ty = quote!(crate::Secret<#ty>);
    }
    let rename = (f.name != f.wire_name).then(|| {
        let wire = Literal::string(&f.wire_name);
        quote!(rename = #wire,)
    });
    // A server's request refuses a `null` that the schema does not hold; a client reads it.
    let not_null = f.null_refused.then(|| quote!(deserialize_with = "crate::not_null",));
    if f.tri_state {
        // Absent, null and a value each read and write as themselves (PATCH bodies).
        let not_null = f.null_refused.then(|| quote!(deserialize_with = "crate::not_null_tri_state",));
        quote! {
            #docs
            #[serde(#rename default, #not_null skip_serializing_if = "crate::Nullable::is_absent")]
            pub #name: crate::Nullable<#ty>,
        }
    } else if !f.required {
        // Absent and null both read as `None` (a server's request refuses the `null` when
        // the schema does not hold it); `None` is written as absent.
        let is_none = super::option_is_none(api);
        let not_null = not_null
            .or_else(|| (!f.nullable && !api.holds_null(&f.ty)).then(|| quote!(deserialize_with = "crate::not_null",)));
        quote! {
            #docs
            #[serde(#rename default, #not_null skip_serializing_if = #is_none)]
            pub #name: #option<#ty>,
        }
    } else if f.nullable {
        quote! {
            #docs
            #[serde(#rename #not_null)]
            pub #name: #option<#ty>,
        }
    } else {
        let attr = rename.map(|r| quote!(#[serde(#r)]));
        quote! {
            #docs
            #attr
            pub #name: #ty,
        }
    }
}

fn union(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let variants = &u.variants;
    let docs = doc(t.doc.as_deref());
    let name = ident(&t.name);
    let arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = model_type_tokens(api, &v.ty);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        quote!(#vname(#ty),)
    });
    /// Whether `Eq` and `Hash` derive for a value of `t`: not floats, JSON values, named
    /// types (whose own derives are not followed) or runtime types without `Hash`, at any
    /// depth (GitHub's `Vec<Repository>` in a union is as named as `Repository`).
    fn eq_hash(t: &TypeRef) -> bool {
        match t {
            TypeRef::Array(inner) | TypeRef::Map(inner) => eq_hash(inner),
            TypeRef::Number { .. } | TypeRef::Any | TypeRef::Named(_) | TypeRef::ErrorMessage | TypeRef::File => false,
            _ => true,
        }
    }
    let eq = variants.iter().all(|v| eq_hash(&v.ty));
    let eq_derives = eq.then(|| quote!(Eq, Hash,));
    let froms = variants.iter().filter(|v| !matches!(v.ty, TypeRef::Named(_))).map(|v| {
        let vname = ident(&v.name);
        let ty = model_type_tokens(api, &v.ty);
        let from_str = (v.ty == TypeRef::String).then(|| {
            quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(v: &str) -> Self {
                        Self::#vname(v.to_owned())
                    }
                }
            }
        });
        quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(v: #ty) -> Self {
                    Self::#vname(v)
                }
            }
            #from_str
        }
    });
    let text = super::wire::scalar_union(api, variants).then(|| union_text(t, variants));
    // A `oneOf` a request carries: the derives become inherent functions, which the
    // impls `one_of_deserialize` writes call (see `ir::Union::one_of`).
    let exclusive = u.tag.is_none() && !u.objects_first && u.one_of && t.object_only;
    let (derive_de, tagged) = match &u.tag {
        None if u.objects_first => (None, Some(super::unions::objects_first_deserialize(api, t, u))),
        None if exclusive => (Some(quote!(::serde::Deserialize)), Some(super::unions::one_of_deserialize(api, t, u))),
        None => (Some(quote!(::serde::Deserialize)), None),
        Some(tag) => (None, Some(super::tagged::tagged_deserialize(api, t, u, tag))),
    };
    let remote = exclusive.then(|| quote!(#[serde(remote = "Self")]));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #eq_derives ::serde::Serialize, #derive_de)]
        #[serde(untagged)]
        #remote
        pub enum #name {
            #(#arms)*
        }
        #tagged
        #(#froms)*
        #text
    }
}

/// `Display` and `FromStr` for a union of scalars. Parsing tries the variants in a fixed
/// order (integer, number, boolean, date, date-time) and falls back to the string variant;
/// an integer is taken only in its canonical form, so `Display` gives back the same text
/// (`007` stays a string, as a GitLab project path would).
fn union_text(t: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&t.name);
    let display_arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote!(Self::#vname(v) => ::std::fmt::Display::fmt(v, f),)
    });
    let find = |pred: fn(&TypeRef) -> bool| variants.iter().find(|v| pred(&v.ty)).map(|v| ident(&v.name));
    // Enums first: each accepts only its own values, so trying them cannot take text
    // meant for another variant.
    let mut attempts: Vec<TokenStream> = variants
        .iter()
        .filter(|v| matches!(v.ty, TypeRef::Named(_)))
        .map(|v| {
            let vname = ident(&v.name);
            quote! {
                if let ::std::result::Result::Ok(v) = s.parse() {
                    return ::std::result::Result::Ok(Self::#vname(v));
                }
            }
        })
        .collect();
    if let Some(v) = find(|t| matches!(t, TypeRef::Integer { .. })) {
        attempts.push(quote! {
            if let ::std::result::Result::Ok(n) = s.parse() {
                if ::std::string::ToString::to_string(&n) == s {
                    return ::std::result::Result::Ok(Self::#v(n));
                }
            }
        });
    }
    if let Some(v) = find(|t| matches!(t, TypeRef::Number { .. })) {
        attempts.push(quote! {
            if let ::std::result::Result::Ok(n) = s.parse::<f64>() {
                if n.is_finite() {
                    if let ::std::result::Result::Ok(n) = s.parse() {
                        return ::std::result::Result::Ok(Self::#v(n));
                    }
                }
            }
        });
    }
    if let Some(v) = find(|t| *t == TypeRef::Boolean) {
        attempts.push(quote! {
            if let ::std::result::Result::Ok(b) = s.parse() {
                return ::std::result::Result::Ok(Self::#v(b));
            }
        });
    }
    if let Some(v) = find(|t| *t == TypeRef::Date) {
        attempts.push(quote! {
            if let ::std::result::Result::Ok(d) = s.parse() {
                return ::std::result::Result::Ok(Self::#v(d));
            }
        });
    }
    if let Some(v) = find(|t| *t == TypeRef::DateTime) {
        attempts.push(quote! {
            if let ::std::result::Result::Ok(d) = s.parse() {
                return ::std::result::Result::Ok(Self::#v(d));
            }
        });
    }
    // The runtime's formats parse strictly, so each takes only its own text.
    for v in variants.iter().filter(|v| matches!(v.ty, TypeRef::Format(_))) {
        let vname = ident(&v.name);
        attempts.push(quote! {
            if let ::std::result::Result::Ok(v) = s.parse() {
                return ::std::result::Result::Ok(Self::#vname(v));
            }
        });
    }
    let (err_ty, fallback) = match find(|t| *t == TypeRef::String) {
        Some(v) => (
            quote!(::std::convert::Infallible),
            quote!(::std::result::Result::Ok(Self::#v(::std::borrow::ToOwned::to_owned(s)))),
        ),
        None => {
            let tn = Literal::string(&t.name);
            (quote!(crate::ParseError), quote!(::std::result::Result::Err(crate::ParseError::new(#tn, s, &[]))))
        }
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = #err_ty;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                #(#attempts)*
                #fallback
            }
        }
    }
}

fn op_summary(op: &Operation) -> String {
    format!("`{}` ({})", op.operation_id, super::op_place(op))
}

fn request(api: &Api, op: &Operation) -> TokenStream {
    let option = super::prelude(api, super::Prelude::Option);
    let name = ident(&op.request_type);
    let doc_text = format!("The parameters of {}.", op_summary(op));
    let docs = doc(Some(&doc_text));
    let params = op.params.iter().map(|p| {
        let docs = doc(p.doc.as_deref());
        let pname = ident(&p.name);
        let ty = model_type_tokens(api, &p.ty);
        let ty = if p.secret { quote!(crate::Secret<#ty>) } else { ty };
        if p.required { quote!(#docs pub #pname: #ty,) } else { quote!(#docs pub #pname: #option<#ty>,) }
    });
    let body = op.body.as_ref().map(|b| {
        let docs = doc(b.doc.as_deref().or(Some("The request body.")));
        let name = ident(&b.name);
        let ty = super::wire::body_type_at(api, &quote!(self), b.primary());
        if b.required && !b.nullable { quote!(#docs pub #name: #ty,) } else { quote!(#docs pub #name: #option<#ty>,) }
    });
    // A body that streams is read once: the request can be neither copied nor compared.
    let derives =
        if op.streams_request() { quote!(#[derive(Debug)]) } else { quote!(#[derive(Clone, Debug, PartialEq)]) };
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#params)*
            #body
        }
    }
}

fn response(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.response_type);
    let doc_text = format!("The responses of {}, one variant per declared status.", op_summary(op));
    let docs = doc(Some(&doc_text));
    let variants = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let text = match (&r.status, &r.description) {
            (Status::Code(c), Some(d)) => format!("{c}: {d}"),
            (Status::Code(c), None) => c.to_string(),
            (Status::Range(n), d) => format!("{n}XX: {}", d.as_deref().unwrap_or("any status in the range")),
            (Status::Default, d) => format!("Any other status: {}", d.as_deref().unwrap_or("undeclared")),
        };
        // A stream beside JSON shares its status and description: its media type tells it.
        let text = match r.body().filter(|_| super::stream::streams(r) && super::stream::shared(op, r)) {
            Some(b) => format!("{text} (as `{}`, read as it arrives)", b.content_type),
            None => text,
        };
        let docs = doc(Some(&text));
        let body = body_type(api, r);
        if let Some(h) = &r.headers_type {
            let h = ident(h);
            let status = r.carries_status().then(|| {
                let doc = said(" The status received.");
                quote!(#doc status: u16,)
            });
            let body = body.map(|b| {
                let doc = said(" The body.");
                quote!(#doc body: #b,)
            });
            let doc = said(" The declared headers.");
            return quote!(#docs #v { #status #body #doc headers: self::#h },);
        }
        match (r.carries_status(), body) {
            (false, Some(b)) => quote!(#docs #v(#b),),
            (false, None) => quote!(#docs #v,),
            (true, Some(b)) => {
                let (status, body) = (said(" The status received."), said(" The body."));
                quote!(#docs #v { #status status: u16, #body body: #b },)
            }
            (true, None) => {
                let status = said(" The status received.");
                quote!(#docs #v { #status status: u16 },)
            }
        }
    });
    let status_arms = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        match r.status {
            Status::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                let pattern = if r.headers_type.is_some() {
                    quote!(Self::#v { .. })
                } else {
                    super::response_variant(quote!(Self::#v), r, quote!(_), quote!(..), TokenStream::new())
                };
                quote!(#pattern => #c,)
            }
            _ => quote!(Self::#v { status, .. } => *status,),
        }
    });
    // A stream of items is read once, as it arrives: it can be neither copied nor compared.
    let derives = if op.streams() { quote!(#[derive(Debug)]) } else { quote!(#[derive(Clone, Debug, PartialEq)]) };
    quote! {
        #docs
        #derives
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status of this response.
            pub fn status(&self) -> u16 {
                match self {
                    #(#status_arms)*
                }
            }
        }
    }
}

/// The struct of a response's declared headers: a field each, `Option` unless required.
/// It is `Default` when every header is optional, so an implementation names only the
/// headers it sets.
fn response_headers(api: &Api, op: &Operation, r: &Response) -> TokenStream {
    let option = super::prelude(api, super::Prelude::Option);
    let name = ident(r.headers_type.as_deref().unwrap_or_default());
    let doc_text = format!("The declared headers of the `{}` response of {}.", r.variant, op_summary(op));
    let docs = doc(Some(&doc_text));
    let fields = r.headers.iter().map(|h| {
        let docs = doc(h.doc.as_deref().or(Some(&format!("`{}`", h.wire_name))));
        let fname = ident(&h.name);
        let ty = model_type_tokens(api, &h.ty);
        if h.required { quote!(#docs pub #fname: #ty,) } else { quote!(#docs pub #fname: #option<#ty>,) }
    });
    let default = r.headers.iter().all(|h| !h.required).then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The Rust type a response variant carries, if any: its body's, or the enum of its
/// representations.
fn body_type(api: &Api, r: &Response) -> Option<TokenStream> {
    match &r.media {
        Some(media) => {
            let name = ident(&media.name);
            Some(quote!(self::#name))
        }
        None => r.body().map(|b| super::wire::body_type_at(api, &quote!(self), b)),
    }
}

/// The enums of an operation's responses whose representations decode differently: a
/// variant per media type, holding that representation's value.
fn media_enums(api: &Api, op: &Operation) -> TokenStream {
    let enums = op.responses.iter().filter_map(|r| {
        let media = r.media.as_ref()?;
        let name = ident(&media.name);
        let docs = doc(Some(&format!(
            "The `{}` response of {} in each of its media types: the client decodes the one the \
             response's `Content-Type` names; a server answers with the one it returns.",
            r.variant,
            op_summary(op)
        )));
        let variants = r.bodies.iter().zip(&media.variants).map(|(b, v)| {
            let v = ident(v);
            let ty = super::wire::body_type_at(api, &quote!(self), b);
            let text = super::docs::outer([format!(" `{}`", b.content_type)]);
            quote!(#text #v(#ty),)
        });
        Some(quote! {
            #docs
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name {
                #(#variants)*
            }
        })
    });
    quote!(#(#enums)*)
}
