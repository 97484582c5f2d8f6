//! The shape of a multipart body, and the two halves that walk it: the client's part
//! pushes and the server's strict reading. An object's properties are its parts; a
//! `oneOf`/`anyOf` of such objects (Zoom's settings bodies) sends the parts of the variant
//! it holds, and is read back by its discriminator's part, or else as the first variant,
//! in the union's order, whose reading accepts every part (the order a JSON body of the
//! same union is decoded in). An object's map of undeclared properties
//! (`additionalProperties`, or a body that is only such a map) takes the parts no declared
//! property names, one per entry. Lowering has checked that every leaf is an object.
//! A body that is an array (OpenAPI 3.2's `prefixEncoding`/`itemEncoding`, `ir::Positions`)
//! is a part per item instead, in order, each with the media type its position declares.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::wire as w;
use super::{ident, type_tokens};
use crate::ir::contract::MULTIPART_DEPTH;
use crate::ir::{Additional, Api, Body, Field, Positions, TypeId, TypeKind, TypeRef};

/// A multipart body's type, as far as parts go.
enum Tree<'a> {
    /// An object: one part per property, then one per entry of its map of the others.
    Object(TypeRef, &'a [Field], Option<&'a Additional>),
    /// A map (an object of `additionalProperties` only): one part per entry, of this type.
    Map(TypeRef, &'a TypeRef),
    /// A union of such shapes, each variant as the union holds it. `objects_only`: the
    /// union of an object and any other value (`ir::Union::objects_first`), of which
    /// `variants` holds the object alone; its other values have no parts.
    Union { ty: TypeRef, id: TypeId, variants: Vec<Variant<'a>>, objects_only: bool },
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
        TypeKind::Union(u) if depth < MULTIPART_DEPTH => {
            let parted = if u.objects_first { &u.variants[..1.min(u.variants.len())] } else { &u.variants[..] };
            let variants = parted
                .iter()
                .map(|v| Some(Variant { name: &v.name, boxed: v.boxed, tree: tree(api, &v.ty, depth + 1)? }))
                .collect::<Option<Vec<_>>>()?;
            Some(Tree::Union { ty: t.clone(), id: *id, variants, objects_only: u.objects_first })
        }
        _ => None,
    }
}

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
            let pushes = part_pushes(api, body, fields);
            let entries = additional.map(|a| {
                let map = ident(&a.name);
                entry_pushes(api, &quote!(&b.#map), &a.ty, fields)
            });
            quote!(#pushes #entries)
        }
        Tree::Map(_, value) => entry_pushes(api, &quote!(b), value, &[]),
        Tree::Union { ty, variants, objects_only, .. } => {
            let ty = type_tokens(api, ty);
            let arms = variants.iter().map(|v| {
                let name = ident(v.name);
                let inner = write_tree(api, body, &v.tree);
                // The arm rebinds `b` to the variant's value, which the pushes read.
                quote!(#ty::#name(b) => { #inner })
            });
            let content_type = &body.content_type;
            let others = objects_only.then(|| {
                let reason = format!("is not an object, so it has no parts to send as `{content_type}`");
                // As `?` does, so that it fits whatever error the caller returns.
                quote! {
                    _ => ::std::result::Result::<(), Error>::Err(
                        Error::Parameter { parameter: "body", reason: ::std::borrow::ToOwned::to_owned(#reason) },
                    )?,
                }
            });
            quote!(match b { #(#arms)* #others })
        }
    }
}

/// The expression that reads a multipart body from `parts` and `bytes` (in scope as the
/// request's `Parts` and the body's bytes), a `Result<_, Rejection>`.
pub(super) fn read(api: &Api, body: &Body, rt: &TokenStream) -> TokenStream {
    if let Some(read) = read_items(api, body, rt) {
        return read;
    }
    let Some(tree) = tree(api, &body.ty, 0) else { return TokenStream::new() };
    match &tree {
        Tree::Object(ty, fields, additional) => {
            let input = (&quote!(&parts), &quote!(&bytes));
            object_read(api, body, ty, (fields, *additional), input, Leftovers::Leave, rt)
        }
        Tree::Map(_, value) => map_read(api, value, &quote!(&parts), &quote!(&bytes), rt),
        Tree::Union { ty, .. } => {
            let ty = type_tokens(api, ty);
            let read = read_tree(api, body, &tree, Leftovers::Leave, rt);
            // In a function, so that each variant's failure is its own to handle; not
            // `strict`, so that a body no variant takes whole is read by the first that
            // takes it with parts left over (see `read_tree`).
            quote!({
                fn read(
                    parts: &::axum::http::request::Parts,
                    bytes: &[u8],
                    strict: bool,
                ) -> ::std::result::Result<#ty, #rt::Rejection> #read
                read(&parts, &bytes, false)
            })
        }
    }
}

/// The body (a block) of a function that reads `tree` from its arguments `parts`,
/// `bytes` and `strict`, its objects doing with undeclared parts as `leftovers` says,
/// except that the variants of an untagged union refuse them while `strict`: the first
/// variant that takes every part is chosen, and when none does (and the caller is not
/// itself strict) the one variant that takes some of the parts, leaving the others. A
/// schema allows properties it does not declare, so `mute=false` with an undeclared part
/// is still the `{mute}` variant of a `oneOf` (schemathesis sends such bodies); a body
/// that two variants take in part (`theme` and `mute`) matches both, which `oneOf`
/// refuses.
fn read_tree(api: &Api, body: &Body, tree: &Tree<'_>, leftovers: Leftovers, rt: &TokenStream) -> TokenStream {
    let (ty, id, variants) = match tree {
        Tree::Object(ty, fields, additional) => {
            let input = (&quote!(parts), &quote!(bytes));
            let read = object_read(api, body, ty, (fields, *additional), input, leftovers, rt);
            // Only an object that refuses leftovers asks whether it is read strictly.
            return match leftovers {
                Leftovers::Refuse => read,
                Leftovers::Leave => quote!({ let _ = strict; #read }),
            };
        }
        Tree::Map(_, value) => {
            let read = map_read(api, value, &quote!(parts), &quote!(bytes), rt);
            return quote!({ let _ = strict; #read });
        }
        Tree::Union { ty, id, variants, objects_only } => {
            // The parts are the object, read as an object is (no variant to choose).
            if let (true, [only]) = (*objects_only, &variants[..]) {
                let (union_ty, name) = (type_tokens(api, ty), ident(only.name));
                let read = read_tree(api, body, &only.tree, leftovers, rt);
                let wrap = if only.boxed {
                    quote!(|v| #union_ty::#name(::std::boxed::Box::new(v)))
                } else {
                    quote!(#union_ty::#name)
                };
                return quote!({ #read.map(#wrap) });
            }
            (ty, *id, variants)
        }
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
        let read = read_tree(api, body, &v.tree, inner, rt);
        quote! {
            fn #name(
                parts: &::axum::http::request::Parts,
                bytes: &[u8],
                strict: bool,
            ) -> ::std::result::Result<#vty, #rt::Rejection> #read
        }
    });
    let wrap_as = |i: usize, v: &Variant<'_>, strict: TokenStream| {
        let (f, name) = (format_ident!("variant_{i}"), ident(v.name));
        if v.boxed {
            quote!(#f(parts, bytes, #strict).map(|v| #union_ty::#name(::std::boxed::Box::new(v))))
        } else {
            quote!(#f(parts, bytes, #strict).map(#union_ty::#name))
        }
    };
    let wrap = |i: usize, v: &Variant<'_>| wrap_as(i, v, quote!(strict));
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
                let read = wrap_as(i, v, quote!(true));
                quote!(if let ::std::result::Result::Ok(value) = #read { return ::std::result::Result::Ok(value); })
            });
            let fits = variants.iter().enumerate().map(|(i, v)| {
                let read = wrap_as(i, v, quote!(false));
                quote!(if let ::std::result::Result::Ok(value) = #read { fits.push(value); })
            });
            // The first variant that takes every part; else (unless the caller reads
            // strictly) the one variant that takes some and leaves the rest: as `oneOf`
            // says, a body two variants fit is neither.
            let attempts = quote! {
                #(#attempts)*
                if !strict {
                    let mut fits = ::std::vec::Vec::new();
                    #(#fits)*
                    if fits.len() == 1 && let ::std::option::Option::Some(value) = fits.pop() {
                        return ::std::result::Result::Ok(value);
                    }
                }
            };
            let names = variants.iter().map(|v| format!("`{}`", v.name)).collect::<Vec<_>>().join(", ");
            let message = format!("its parts fit none of the body's variants ({names})");
            quote! {
                #attempts
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

// ----- the client's half: parts pushed -----

/// The statements that push one part per property of the object `b` (of the multipart
/// body `body`) onto `parts`, in order (a file part for a file, one per file for a list of
/// them, a text part for a scalar, a JSON part otherwise), absent ones left out.
fn part_pushes(api: &Api, body: &Body, fields: &[Field]) -> TokenStream {
    let pushes = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = Literal::string(&f.wire_name);
        let (_, default) = w::part_media(body, &f.wire_name);
        // `file` is a `&crate::File`.
        let push_file = quote! {
            parts.push(runtime::wire::Part::binary(
                #wire,
                file.filename.as_deref(),
                file.content_type.as_deref().unwrap_or(#default),
                ::std::clone::Clone::clone(&file.data),
            ));
        };
        if f.ty.is_file() {
            let v = if f.required && !f.nullable { quote!(&b.#field) } else { quote!(v) };
            let push = if f.ty == TypeRef::File {
                quote!({ let file = #v; #push_file })
            } else {
                quote!(for file in #v { #push_file })
            };
            return if f.required && !f.nullable {
                push
            } else {
                quote! {
                    if let ::std::option::Option::Some(v) = &b.#field {
                        #push
                    }
                }
            };
        }
        if let Some(each) = item_pushes(api, f) {
            return each;
        }
        let part = |v: TokenStream| {
            // A secret is exposed here, where it goes on the wire (a JSON part would
            // serialise it transparently, a text part needs the value's `Display`); `v`
            // is then a place, not a reference.
            let v = if f.secret { quote!(#v.expose()) } else { v };
            if w::is_text(api, &f.ty) {
                let value = w::display(v, w::resolved(api, &f.ty));
                quote!(runtime::wire::Part::text(#wire, #value))
            } else {
                quote!(runtime::wire::Part::json(#wire, #v)?)
            }
        };
        if f.required && !f.nullable {
            let part = part(if f.secret { quote!(b.#field) } else { quote!(&b.#field) });
            quote!(parts.push(#part);)
        } else {
            let text = w::is_text(api, &f.ty);
            let part = part(quote!(v));
            if f.tri_state && !text {
                // A JSON part says `null` as JSON does, which the server reads back as
                // `Null`; a missing part is `Absent`.
                return quote! {
                    match &b.#field {
                        crate::Nullable::Value(v) => parts.push(#part),
                        crate::Nullable::Null => parts.push(runtime::wire::Part::json(#wire, &())?),
                        crate::Nullable::Absent => {}
                    }
                };
            }
            // A text part has no `null` of its own (a string's `null` is the string; the
            // server reads the text `null` of another type as one): a tri-state field's
            // `null` is left out like its absence.
            let value = if f.tri_state { quote!(b.#field.as_option()) } else { quote!(&b.#field) };
            quote! {
                if let ::std::option::Option::Some(v) = #value {
                    parts.push(#part);
                }
            }
        }
    });
    quote!(#(#pushes)*)
}

/// The statements that push one part per item of the array property `f` (a text part for
/// a scalar item, a JSON part otherwise), as OpenAPI says a multipart array travels (3.0.3,
/// "Special Considerations for multipart Content": an array's `contentType` is its items';
/// 3.1.1 and 3.2: RFC 7578 section 4.3, one part per value of a field). An empty list is no
/// part at all, which the server reads back as an empty list when the property is
/// required and as absent otherwise. `None` when `f` is no array (or a secret or boxed one,
/// which travels as one JSON part).
fn item_pushes(api: &Api, f: &Field) -> Option<TokenStream> {
    let (TypeRef::Array(item), false, false) = (w::resolved(api, &f.ty), f.secret, f.boxed) else { return None };
    let field = ident(&f.name);
    let wire = Literal::string(&f.wire_name);
    let part = if w::is_text(api, item) {
        let value = w::display(quote!(item), w::resolved(api, item));
        quote!(runtime::wire::Part::text(#wire, #value))
    } else {
        quote!(runtime::wire::Part::json(#wire, item)?)
    };
    let each = |list: TokenStream| quote!(for item in #list.iter() { parts.push(#part); });
    Some(if f.required && !f.nullable {
        each(quote!(b.#field))
    } else {
        let value = if f.tri_state { quote!(b.#field.as_option()) } else { quote!(&b.#field) };
        let each = each(quote!(v));
        quote! {
            if let ::std::option::Option::Some(v) = #value {
                #each
            }
        }
    })
}

/// The statements that push one part per entry of `map` (a reference to a map of the
/// multipart body's undeclared properties, of `value` type) onto `parts`: a text part
/// for a scalar, a JSON part otherwise. An entry named like one of the `declared` fields
/// is left out: the server would read it as that property.
fn entry_pushes(api: &Api, map: &TokenStream, value: &TypeRef, declared: &[Field]) -> TokenStream {
    let part = if w::is_text(api, value) {
        let v = w::display(quote!(v), w::resolved(api, value));
        quote!(runtime::wire::Part::text(key, #v))
    } else {
        quote!(runtime::wire::Part::json_entry(key, v)?)
    };
    let push = quote!(parts.push(#part););
    let push = if declared.is_empty() {
        push
    } else {
        let names = declared.iter().map(|f| Literal::string(&f.wire_name));
        quote!(if !::std::matches!(key.as_str(), #(#names)|*) { #push })
    };
    quote! {
        for (key, v) in #map {
            #push
        }
    }
}

// ----- the server's half: parts read -----

/// What reading a multipart object does with parts that none of its properties took.
#[derive(Clone, Copy, Debug)]
enum Leftovers {
    /// Leaves them, as a JSON body's unknown members are left: a schema allows properties
    /// it does not declare unless it says `additionalProperties: false`, so a request with
    /// one is valid (schemathesis sends such requests, and expects them taken).
    Leave,
    /// Refuses them: a union's variant must take every part, so that the first variant
    /// that fits is the one the client sent.
    Refuse,
}

/// The expression that reads the object `ty` from the multipart body `bytes` of the
/// request `parts` (each an expression of a reference): each property from its part (text
/// parsed like a parameter, anything else JSON), then the parts it does not declare as
/// `leftovers` says.
fn object_read(
    api: &Api,
    body: &Body,
    ty: &TypeRef,
    (fields, additional): (&[Field], Option<&Additional>),
    (parts, bytes): (&TokenStream, &TokenStream),
    leftovers: Leftovers,
    rt: &TokenStream,
) -> TokenStream {
    let ty = type_tokens(api, ty);
    let fields = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if f.ty.is_file() {
            return file_read(f, body, rt);
        }
        if let Some(read) = items_read(api, f, rt) {
            return read;
        }
        // A JSON part can say `null`, which a nullable property's schema allows: read as an
        // `Option` inside the part's `Option`. So can a text part, as the text `null` where
        // the value's own text cannot be that (a string's `null` is the string).
        let null_part = f.nullable;
        let read = if w::is_text(api, &f.ty) {
            let parse = w::parser(api, w::resolved(api, &f.ty), rt);
            if null_part { quote!(m.text_or_null(#wire, #parse)?) } else { quote!(m.text(#wire, #parse)?) }
        } else if null_part {
            let ty = type_tokens(api, &f.ty);
            quote!(m.json::<::std::option::Option<#ty>>(#wire)?)
        } else {
            let ty = type_tokens(api, &f.ty);
            quote!(m.json::<#ty>(#wire)?)
        };
        let wrap = |read: TokenStream, with: TokenStream| {
            if null_part { quote!(#read.map(|v| v.map(#with))) } else { quote!(#read.map(#with)) }
        };
        let read = if f.boxed { wrap(read, quote!(::std::boxed::Box::new)) } else { read };
        let read = if f.secret { wrap(read, quote!(crate::Secret::new)) } else { read };
        if f.required && !f.nullable {
            quote!(#field: #rt::required(#rt::Location::Body, #wire, #read)?,)
        } else if f.tri_state && null_part {
            quote!(#field: #read.map_or(crate::Nullable::Absent, |v| v.map_or(crate::Nullable::Null, crate::Nullable::Value)),)
        } else if f.tri_state {
            quote!(#field: #read.map_or(crate::Nullable::Absent, crate::Nullable::Value),)
        } else if null_part {
            quote!(#field: #read.flatten(),)
        } else {
            quote!(#field: #read,)
        }
    });
    // The map of undeclared properties takes every part the declared ones left.
    let rest = additional.map(|a| {
        let (name, read) = (ident(&a.name), rest_read(api, &a.ty, rt));
        quote!(#name: #read?,)
    });
    let (before, finish) = match leftovers {
        Leftovers::Refuse => (quote!(let before = m.remaining();), quote!(m.finish_variant(strict, before)?;)),
        Leftovers::Leave => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        {
            let mut m = #rt::wire::Multipart::parse(#parts, #bytes)?;
            #before
            let value = #ty { #(#fields)* #rest };
            #finish
            ::std::result::Result::<_, #rt::Rejection>::Ok(value)
        }
    }
}

/// The field of a multipart body's array property, read from every part of its name, each
/// an item (as `item_pushes` writes them): a text parsed for a scalar item, JSON otherwise.
/// No part is an empty list when the property is required (the wire cannot tell it from a
/// missing one, and `minItems` still holds it) and absent otherwise. `None` when `f` is no
/// array (or a secret or boxed one, one JSON part).
fn items_read(api: &Api, f: &Field, rt: &TokenStream) -> Option<TokenStream> {
    let (TypeRef::Array(item), false, false) = (w::resolved(api, &f.ty), f.secret, f.boxed) else { return None };
    let field = ident(&f.name);
    let wire = &f.wire_name;
    let read = if w::is_text(api, item) {
        let parse = w::parser(api, w::resolved(api, item), rt);
        quote!(m.texts(#wire, #parse)?)
    } else {
        let ty = type_tokens(api, item);
        quote!(m.jsons::<#ty>(#wire)?)
    };
    Some(if f.required && !f.nullable {
        quote!(#field: #read,)
    } else if f.tri_state {
        let read = quote!(::std::option::Option::Some(#read).filter(|v| !v.is_empty()));
        quote!(#field: #read.map_or(crate::Nullable::Absent, crate::Nullable::Value),)
    } else {
        quote!(#field: ::std::option::Option::Some(#read).filter(|v| !v.is_empty()),)
    })
}

/// The expression (a `Result`) that reads every part left in `m` into a map of `value`:
/// texts parsed for a scalar, JSON otherwise.
fn rest_read(api: &Api, value: &TypeRef, rt: &TokenStream) -> TokenStream {
    if w::is_text(api, value) {
        let parse = w::parser(api, w::resolved(api, value), rt);
        quote!(m.rest_text(#parse))
    } else {
        let ty = type_tokens(api, value);
        quote!(m.rest_json::<#ty>())
    }
}

/// The expression that reads a multipart body that is only a map (of `value`) from
/// `parts` and `bytes`: every part an entry.
fn map_read(api: &Api, value: &TypeRef, parts: &TokenStream, bytes: &TokenStream, rt: &TokenStream) -> TokenStream {
    let read = rest_read(api, value, rt);
    quote! {
        {
            let mut m = #rt::wire::Multipart::parse(#parts, #bytes)?;
            #read
        }
    }
}

/// The field of a multipart body's file property (or list of files), read from its parts
/// strictly (each part's media type one of the declared ones). A required list of files
/// may be empty, which the client writes as no part at all; an optional one with no part
/// is absent.
fn file_read(f: &crate::ir::Field, body: &Body, rt: &TokenStream) -> TokenStream {
    let field = ident(&f.name);
    let wire = &f.wire_name;
    let (accepted, default) = w::part_media(body, wire);
    let to_file = quote! {
        |p: #rt::wire::Part| crate::File { data: p.data, filename: p.filename, content_type: p.content_type }
    };
    let required = f.required && !f.nullable;
    if f.ty == TypeRef::File {
        let read = quote!(m.file(#wire, &[#(#accepted),*], #default)?.map(#to_file));
        return if required {
            quote!(#field: #rt::required(#rt::Location::Body, #wire, #read)?,)
        } else {
            quote!(#field: #read,)
        };
    }
    let read =
        quote!(m.files(#wire, &[#(#accepted),*], #default)?.into_iter().map(#to_file).collect::<::std::vec::Vec<_>>());
    if required {
        quote!(#field: #read,)
    } else {
        quote!(#field: ::std::option::Option::Some(#read).filter(|files| !files.is_empty()),)
    }
}

// ----- a body that is an array: a part per item, by position -----

/// A multipart array body's item type and the media types its positions declare (as
/// the runtime takes them: `&[&[&str]]` for the first parts, `&[&str]` for the rest), if
/// `body` is one.
fn items<'a>(api: &'a Api, body: &'a Body) -> Option<(&'a TypeRef, TokenStream, TokenStream)> {
    let Positions { prefix, items } = body.positions.as_ref()?;
    let TypeRef::Array(item) = w::resolved(api, &body.ty) else { return None };
    let prefix = prefix.iter().map(|types| quote!(&[#(#types),*]));
    Some((item, quote!(&[#(#prefix),*]), quote!(&[#(#items),*])))
}

/// The statements that set a multipart array body (`b`, a reference to the list) on
/// `call`: one part per item, in order, each with the media type its position declares
/// (a file's own first), named by its position where the media type names parts.
/// `None` when the body is not an array of parts.
pub(super) fn write_items(api: &Api, body: &Body) -> Option<TokenStream> {
    let (item, prefix, items) = items(api, body)?;
    let part = if *item == TypeRef::File {
        quote! {
            runtime::wire::Part::binary(
                &name,
                v.filename.as_deref(),
                v.content_type.as_deref().or(declared).unwrap_or("application/octet-stream"),
                ::std::clone::Clone::clone(&v.data),
            )
        }
    } else if w::is_text(api, item) {
        let value = w::display(quote!(v), w::resolved(api, item));
        quote!(runtime::wire::Part::text(&name, #value).typed(declared))
    } else {
        quote!(runtime::wire::Part::json_entry(&name, v)?.typed(declared))
    };
    let media = &body.content_type;
    Some(quote! {
        let mut parts = ::std::vec::Vec::with_capacity(b.len());
        for (i, v) in b.iter().enumerate() {
            let declared = runtime::wire::declared_type(#prefix, #items, i);
            let name = i.to_string();
            parts.push(#part);
        }
        let (content_type, bytes) = runtime::wire::multipart_items(#media, &parts)?;
        runtime::wire::set_body(&mut call, content_type, bytes);
    })
}

/// The expression that reads a multipart array body from `parts` and `bytes`: every part
/// an item, in order, held to the media types its position declares. `None` when the
/// body is not an array of parts.
fn read_items(api: &Api, body: &Body, rt: &TokenStream) -> Option<TokenStream> {
    let (item, prefix, items) = items(api, body)?;
    let read = if *item == TypeRef::File {
        quote! {{
            let p = #rt::wire::item_file(p, #rt::wire::declared_type(#prefix, #items, i));
            ::std::result::Result::Ok(crate::File { data: p.data, filename: p.filename, content_type: p.content_type })
        }}
    } else if w::is_text(api, item) {
        let parse = w::parser(api, w::resolved(api, item), rt);
        quote!(#rt::wire::item_text(i, &p, #parse))
    } else {
        let ty = type_tokens(api, item);
        quote!(#rt::wire::item_json::<#ty>(i, &p))
    };
    Some(quote! {{
        let items = #rt::wire::Multipart::parse_items(&parts, &bytes)?.items(#prefix, #items)?;
        items
            .into_iter()
            .enumerate()
            .map(|(i, p)| #read)
            .collect::<::std::result::Result<::std::vec::Vec<_>, #rt::Rejection>>()
    }})
}
