//! Emits `models.rs`: the spec's types as serde structs and enums, and for every operation
//! a typed request and a response enum with one variant per declared status.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Artifact, doc, ident, type_tokens};
use crate::ir::{Api, Field, Operation, Response, Status, TypeDef, TypeKind, TypeRef, UnionVariant};

pub(crate) fn models(api: &Api) -> Artifact<'_> {
    let head = quote! {
        //! The API's types: the spec's schemas, and each operation's request and responses.
    };
    let types = api.types.iter().map(move |t| type_def(api, t));
    let requests = api.operations.iter().map(move |op| request(api, op));
    let responses = api.operations.iter().map(move |op| response(api, op));
    Artifact::new(head, types.chain(requests).chain(responses))
}

fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let docs = doc(t.doc.as_deref());
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|f| field(api, f));
            let additional = s.additional.as_ref().map(|a| {
                let ty = type_tokens(api, &a.ty);
                let fname = ident(&a.name);
                quote! {
                    /// Properties beyond the declared ones.
                    #[serde(flatten)]
                    pub #fname: ::std::collections::BTreeMap<::std::string::String, #ty>,
                }
            });
            quote! {
                #docs
                #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                    #additional
                }
            }
        }
        TypeKind::StringEnum(e) => {
            let variants = &e.variants;
            let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let values: Vec<_> = variants.iter().map(|v| Literal::string(&v.value)).collect();
            let value_docs: Vec<_> = variants.iter().map(|v| format!(" `{}`", v.value)).collect();
            let count = Literal::usize_unsuffixed(variants.len());
            let type_name = Literal::string(&t.name);
            quote! {
                #docs
                #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::serde::Serialize, ::serde::Deserialize)]
                pub enum #name {
                    #(
                        #[doc = #value_docs]
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

                    fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                        match s {
                            #(#values => ::std::result::Result::Ok(Self::#names),)*
                            _ => ::std::result::Result::Err(crate::ParseError::new(#type_name, s, &[#(#values),*])),
                        }
                    }
                }
            }
        }
        TypeKind::IntegerEnum(e) => {
            let variants = &e.variants;
            let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let values: Vec<_> = variants.iter().map(|v| Literal::i64_unsuffixed(v.value)).collect();
            let texts: Vec<_> = variants.iter().map(|v| v.value.to_string()).collect();
            let value_docs: Vec<_> = variants.iter().map(|v| format!(" `{}`", v.value)).collect();
            let count = Literal::usize_unsuffixed(variants.len());
            let type_name = Literal::string(&t.name);
            quote! {
                #docs
                #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = "i64", into = "i64")]
                pub enum #name {
                    #(
                        #[doc = #value_docs]
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

                    fn try_from(v: i64) -> ::std::result::Result<Self, Self::Error> {
                        match v {
                            #(#values => ::std::result::Result::Ok(Self::#names),)*
                            _ => ::std::result::Result::Err(crate::ParseError::new(#type_name, &v.to_string(), &[#(#texts),*])),
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
                        match s {
                            #(#texts => ::std::result::Result::Ok(Self::#names),)*
                            _ => ::std::result::Result::Err(crate::ParseError::new(#type_name, s, &[#(#texts),*])),
                        }
                    }
                }
            }
        }
        TypeKind::Union(u) => union(api, t, &u.variants),
        TypeKind::Alias(target) => {
            let ty = type_tokens(api, target);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let docs = doc(f.doc.as_deref());
    let name = ident(&f.name);
    let mut ty = type_tokens(api, &f.ty);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let rename = (f.name != f.wire_name).then(|| {
        let wire = Literal::string(&f.wire_name);
        quote!(rename = #wire,)
    });
    if !f.required {
        // Absent and null both read as `None`; `None` is written as absent.
        quote! {
            #docs
            #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #name: ::std::option::Option<#ty>,
        }
    } else if f.nullable {
        quote! {
            #docs
            #[serde(#rename)]
            pub #name: ::std::option::Option<#ty>,
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

/// Whether every variant prints as one text token, so the union gets `Display`/`FromStr`.
pub(crate) fn scalar_union(variants: &[UnionVariant]) -> bool {
    variants.iter().all(|v| v.ty.is_primitive())
}

fn union(api: &Api, t: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
    let docs = doc(t.doc.as_deref());
    let name = ident(&t.name);
    let arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = type_tokens(api, &v.ty);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        quote!(#vname(#ty),)
    });
    let eq = variants
        .iter()
        .all(|v| !matches!(v.ty, TypeRef::Number { .. } | TypeRef::Any | TypeRef::Named(_) | TypeRef::ErrorMessage));
    let eq_derives = eq.then(|| quote!(::std::cmp::Eq, ::std::hash::Hash,));
    let froms = variants.iter().filter(|v| !matches!(v.ty, TypeRef::Named(_))).map(|v| {
        let vname = ident(&v.name);
        let ty = type_tokens(api, &v.ty);
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
    let text = scalar_union(variants).then(|| union_text(t, variants));
    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, #eq_derives ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#arms)*
        }
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
    let mut attempts = Vec::new();
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
    format!("`{}` ({} `{}`)", op.operation_id, op.method.as_str(), op.path)
}

fn request(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let doc_text = format!("The parameters of {}.", op_summary(op));
    let docs = doc(Some(&doc_text));
    let params = op.params.iter().map(|p| {
        let docs = doc(p.doc.as_deref());
        let pname = ident(&p.name);
        let ty = type_tokens(api, &p.ty);
        if p.required { quote!(#docs pub #pname: #ty,) } else { quote!(#docs pub #pname: ::std::option::Option<#ty>,) }
    });
    let body = op.body.as_ref().map(|b| {
        let docs = doc(b.doc.as_deref().or(Some("The request body.")));
        let name = ident(&b.name);
        let ty = super::wire::body_type(api, b.primary());
        if b.required { quote!(#docs pub #name: #ty,) } else { quote!(#docs pub #name: ::std::option::Option<#ty>,) }
    });
    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
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
        let docs = doc(Some(&text));
        let body = body_type(api, r);
        match (r.carries_status(), body) {
            (false, Some(b)) => quote!(#docs #v(#b),),
            (false, None) => quote!(#docs #v,),
            (true, Some(b)) => {
                quote!(#docs #v { #[doc = " The status received."] status: u16, #[doc = " The body."] body: #b },)
            }
            (true, None) => quote!(#docs #v { #[doc = " The status received."] status: u16 },),
        }
    });
    let status_arms = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        match r.status {
            Status::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                let pattern = super::response_variant(quote!(Self::#v), r, quote!(_), quote!(..));
                quote!(#pattern => #c,)
            }
            _ => quote!(Self::#v { status, .. } => *status,),
        }
    });
    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
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

/// The Rust type a response variant carries, if any.
fn body_type(api: &Api, r: &Response) -> Option<TokenStream> {
    r.body().map(|b| super::wire::body_type(api, b))
}
