//! The shape of a multipart body, and the two halves that walk it: the client's part
//! pushes and the server's strict reading. An object's properties are its parts; a
//! `oneOf`/`anyOf` of such objects (Zoom's settings bodies) sends the parts of the variant
//! it holds, and is read back by its discriminator's part, or else as the first variant,
//! in the union's order, whose reading accepts every part (the order a JSON body of the
//! same union is decoded in). An object's map of undeclared properties
//! (`additionalProperties`, or a body that is only such a map) takes the parts no declared
//! property names, one per entry. Lowering has checked that every leaf is an object.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::reader::Leftovers;
use super::server::rt;
use super::wire as w;
use super::{ident, type_tokens};
use crate::ir::{Additional, Api, Body, Field, TypeId, TypeKind, TypeRef};

/// A multipart body's type, as far as parts go.
enum Tree<'a> {
    /// An object: one part per property, then one per entry of its map of the others.
    Object(TypeRef, &'a [Field], Option<&'a Additional>),
    /// A map (an object of `additionalProperties` only): one part per entry, of this type.
    Map(TypeRef, &'a TypeRef),
    /// A union of such shapes, each variant as the union holds it.
    Union { ty: TypeRef, id: TypeId, variants: Vec<Variant<'a>> },
}

struct Variant<'a> {
    name: &'a str,
    boxed: bool,
    tree: Tree<'a>,
}

/// The shape of `t`, if every leaf is an object (unions are followed a few levels deep,
/// which is as deep as lowering accepts).
fn tree<'a>(api: &'a Api, t: &'a TypeRef, depth: usize) -> Option<Tree<'a>> {
    let t = w::resolved(api, t);
    if let TypeRef::Map(value) = t {
        return Some(Tree::Map(t.clone(), value));
    }
    let TypeRef::Named(id) = t else { return None };
    match &api.ty(*id).kind {
        TypeKind::Struct(s) => Some(Tree::Object(t.clone(), &s.fields, s.additional.as_ref())),
        TypeKind::Union(u) if depth < MAX_DEPTH => {
            let variants = u
                .variants
                .iter()
                .map(|v| Some(Variant { name: &v.name, boxed: v.boxed, tree: tree(api, &v.ty, depth + 1)? }))
                .collect::<Option<Vec<_>>>()?;
            Some(Tree::Union { ty: t.clone(), id: *id, variants })
        }
        _ => None,
    }
}

/// How many unions deep a multipart body may nest (lowering checks the same bound).
pub(crate) const MAX_DEPTH: usize = 8;

/// The statements that push the parts of `b` (a reference to the body's value) onto
/// `parts`.
pub(super) fn write(api: &Api, body: &Body) -> TokenStream {
    match tree(api, &body.ty, 0) {
        Some(tree) => write_tree(api, body, &tree),
        None => TokenStream::new(),
    }
}

fn write_tree(api: &Api, body: &Body, tree: &Tree<'_>) -> TokenStream {
    match tree {
        Tree::Object(_, fields, additional) => {
            let pushes = super::writer::part_pushes(api, body, fields);
            let entries = additional.map(|a| {
                let map = ident(&a.name);
                super::writer::entry_pushes(api, &quote!(&b.#map), &a.ty, fields)
            });
            quote!(#pushes #entries)
        }
        Tree::Map(_, value) => super::writer::entry_pushes(api, &quote!(b), value, &[]),
        Tree::Union { ty, variants, .. } => {
            let ty = type_tokens(api, ty);
            let arms = variants.iter().map(|v| {
                let name = ident(v.name);
                let inner = write_tree(api, body, &v.tree);
                // The arm rebinds `b` to the variant's value, which the pushes read.
                quote!(#ty::#name(b) => { #inner })
            });
            quote!(match b { #(#arms)* })
        }
    }
}

/// The expression that reads a multipart body from `parts` and `bytes` (in scope as the
/// request's `Parts` and the body's bytes), a `Result<_, Rejection>`.
pub(super) fn read(api: &Api, body: &Body) -> TokenStream {
    let Some(tree) = tree(api, &body.ty, 0) else { return TokenStream::new() };
    match &tree {
        Tree::Object(ty, fields, additional) => {
            let input = (&quote!(&parts), &quote!(&bytes));
            super::reader::object_read(api, body, ty, (fields, *additional), input, Leftovers::Leave)
        }
        Tree::Map(_, value) => super::reader::map_read(api, value, &quote!(&parts), &quote!(&bytes)),
        Tree::Union { ty, .. } => {
            let (rt, ty) = (rt(), type_tokens(api, ty));
            let read = read_tree(api, body, &tree, Leftovers::Leave);
            // In a function, so that each variant's failure is its own to handle.
            quote!({
                fn read(
                    parts: &::axum::http::request::Parts,
                    bytes: &[u8],
                ) -> ::std::result::Result<#ty, #rt::Rejection> #read
                read(&parts, &bytes)
            })
        }
    }
}

/// The body (a block) of a function that reads `tree` from its arguments `parts` and
/// `bytes`, its objects doing with undeclared parts as `leftovers` says, except that the
/// variants of an untagged union refuse them: the first that takes every part is chosen.
fn read_tree(api: &Api, body: &Body, tree: &Tree<'_>, leftovers: Leftovers) -> TokenStream {
    let rt = rt();
    let (ty, id, variants) = match tree {
        Tree::Object(ty, fields, additional) => {
            let input = (&quote!(parts), &quote!(bytes));
            return super::reader::object_read(api, body, ty, (fields, *additional), input, leftovers);
        }
        Tree::Map(_, value) => {
            let read = super::reader::map_read(api, value, &quote!(parts), &quote!(bytes));
            return quote!({ #read });
        }
        Tree::Union { ty, id, variants } => (ty, *id, variants),
    };
    let union_ty = type_tokens(api, ty);
    let tagged = match &api.ty(id).kind {
        TypeKind::Union(u) => u.tag.as_ref().map(|t| (t, &u.variants)),
        _ => None,
    };
    // A tag chooses the variant; without one, the first variant that takes every part does.
    let inner = if tagged.is_some() { leftovers } else { Leftovers::Refuse };
    // Each variant is read by a function of its own, so that a variant that does not fit
    // (a `?` inside its reading) moves on to the next instead of rejecting the request.
    let readers = variants.iter().enumerate().map(|(i, v)| {
        let name = format_ident!("variant_{i}");
        let vty = match &v.tree {
            Tree::Object(t, ..) | Tree::Map(t, _) | Tree::Union { ty: t, .. } => type_tokens(api, t),
        };
        let read = read_tree(api, body, &v.tree, inner);
        quote! {
            fn #name(
                parts: &::axum::http::request::Parts,
                bytes: &[u8],
            ) -> ::std::result::Result<#vty, #rt::Rejection> #read
        }
    });
    let wrap = |i: usize, v: &Variant<'_>| {
        let (f, name) = (format_ident!("variant_{i}"), ident(v.name));
        if v.boxed {
            quote!(#f(parts, bytes).map(|v| #union_ty::#name(::std::boxed::Box::new(v))))
        } else {
            quote!(#f(parts, bytes).map(#union_ty::#name))
        }
    };
    let choose = match tagged {
        Some((tag, declared)) => {
            let (property, mapping) = (tag.property.as_str(), &tag.mapping);
            let arms = variants.iter().zip(declared).enumerate().map(|(i, (v, declared))| {
                let values: Vec<Literal> = mapping
                    .iter()
                    .filter(|(_, t)| declared.ty == TypeRef::Named(*t))
                    .map(|(value, _)| Literal::string(value))
                    .collect();
                let read = wrap(i, v);
                quote!(::std::option::Option::Some(#(#values)|*) => #read,)
            });
            let expected = mapping.iter().map(|(value, _)| format!("`{value}`")).collect::<Vec<_>>().join(", ");
            quote! {
                let tag = #rt::wire::Multipart::parse(parts, bytes)?.text(#property, #rt::text)?;
                match tag.as_deref() {
                    #(#arms)*
                    ::std::option::Option::Some(other) => ::std::result::Result::Err(#rt::Rejection::new(
                        #rt::Location::Body,
                        #property,
                        #rt::Problem::Invalid(::std::format!("`{other}` is not one of {}", #expected)),
                    )),
                    ::std::option::Option::None => ::std::result::Result::Err(
                        #rt::Rejection::new(#rt::Location::Body, #property, #rt::Problem::Missing),
                    ),
                }
            }
        }
        None => {
            let attempts = variants.iter().enumerate().map(|(i, v)| {
                let read = wrap(i, v);
                quote!(if let ::std::result::Result::Ok(value) = #read { return ::std::result::Result::Ok(value); })
            });
            let names = variants.iter().map(|v| format!("`{}`", v.name)).collect::<Vec<_>>().join(", ");
            let message = format!("its parts fit none of the body's variants ({names})");
            quote! {
                #(#attempts)*
                ::std::result::Result::Err(#rt::Rejection::new(
                    #rt::Location::Body,
                    ".",
                    #rt::Problem::Invalid(::std::borrow::ToOwned::to_owned(#message)),
                ))
            }
        }
    };
    quote!({ #(#readers)* #choose })
}
