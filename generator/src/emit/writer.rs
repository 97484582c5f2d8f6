//! The client's request writers: the statements that put each parameter in its place
//! (path pieces, query, headers, cookies) and the body in its media type. GitLab's kinds
//! of values keep the runtime's cheapest calls; every other style and media goes through
//! `runtime::wire`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use super::wire::{self as w, Piece, Shape};
use crate::ir::{Api, ArrayQueryStyle, Body, Media, Operation, Param, ParamStyle, RequestBody, TypeRef};

/// A `&str`-like expression for a scalar parameter value (`v` is a reference).
pub(super) fn text(v: TokenStream, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => v,
        TypeRef::DateTime => quote!(&runtime::date_time(#v)),
        _ => quote!(&::std::string::ToString::to_string(#v)),
    }
}

/// A reference to a required parameter's value in `request`. A secret is exposed here,
/// where it goes on the wire, and nowhere else.
pub(super) fn value_ref(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    if p.secret { quote!(request.#n.expose()) } else { quote!(&request.#n) }
}

/// What `if let Some(v) = …` matches for an optional parameter, so that `v` is a
/// reference to its value (a secret's exposed, as in [`value_ref`]).
pub(super) fn optional_ref(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    if p.secret { quote!(request.#n.as_ref().map(crate::Secret::expose)) } else { quote!(&request.#n) }
}

/// Runs `write` on a reference to the parameter's value: directly when it is required,
/// inside `if let Some(v)` when it is optional.
pub(super) fn optional(api: &Api, p: &Param, write: impl FnOnce(TokenStream) -> TokenStream) -> TokenStream {
    if p.required {
        write(value_ref(p))
    } else {
        let inner = write(quote!(v));
        let value = optional_ref(p);
        let some = super::prelude(api, super::Prelude::Some);
        quote! {
            if let #some(v) = #value {
                #inner
            }
        }
    }
}

/// A `runtime::wire::Value` expression for a parameter's value (`value` is a reference).
pub(super) fn wire_value(api: &Api, p: &Param, value: TokenStream) -> TokenStream {
    let wire = Literal::string(&p.wire_name);
    match w::shape(api, p) {
        Shape::Scalar(t) => {
            let value = w::display(value, t);
            quote!(runtime::wire::Value::scalar(#value))
        }
        Shape::Array(inner) => {
            let items = match inner {
                TypeRef::DateTime => quote!(::std::iter::IntoIterator::into_iter(#value).map(runtime::Rfc3339)),
                _ => quote!(::std::iter::IntoIterator::into_iter(#value)),
            };
            quote!(runtime::wire::Value::array(#items))
        }
        Shape::Object => quote!(runtime::wire::Value::object(#wire, #value)?),
        Shape::Json => quote!(runtime::wire::Value::Scalar(::serde_json::to_string(#value)
            .map_err(|e| Error::Parameter { parameter: #wire, reason: e.to_string() })?)),
    }
}

/// The statements that build the path. A template whose parameters each fill a segment
/// as one simple scalar (GitLab's) is written by the runtime's cheapest calls; any other
/// segment goes through `runtime::wire::Segment`, which keeps each value in its place.
pub(super) fn path_pushes(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let flush = |literal: &mut String, out: &mut Vec<TokenStream>| {
        if !literal.is_empty() {
            let l = Literal::string(&std::mem::take(literal));
            out.push(quote!(path.push_str(#l);));
        }
    };
    for seg in w::segments(op) {
        if seg.params().next().is_none() || w::is_plain(api, op, &seg) {
            literal.push('/');
        }
        if w::is_plain(api, op, &seg) {
            flush(&mut literal, &mut out);
            let p = &op.params[seg.params().next().unwrap_or_default()];
            let wire = Literal::string(&p.wire_name);
            let value = w::display(value_ref(p), &p.resolved_ty);
            out.push(quote!(runtime::push_segment_display(&mut path, #wire, #value)?;));
            continue;
        }
        if seg.params().next().is_none() {
            for piece in &seg.pieces {
                if let Piece::Lit(text) = piece {
                    literal.push_str(text);
                }
            }
            continue;
        }
        flush(&mut literal, &mut out);
        let pieces = seg.pieces.iter().map(|piece| match piece {
            Piece::Lit(text) => quote!(s.literal(#text);),
            Piece::Param(i) => {
                let p = &op.params[*i];
                let wire = Literal::string(&p.wire_name);
                let style = w::style_ident(p.style);
                let explode = p.explode;
                let value = wire_value(api, p, value_ref(p));
                quote!(s.param(#wire, runtime::wire::Style::#style, #explode, &#value)?;)
            }
        });
        out.push(quote! {
            {
                let mut s = runtime::wire::Segment::new(&mut path);
                #(#pieces)*
                s.finish()?;
            }
        });
    }
    flush(&mut literal, &mut out);
    out
}

/// The statements that set a body that is not plain `application/json` on `call`: its
/// bytes and its `Content-Type`. `None` for a JSON body, which `Call::body` carries.
pub(super) fn typed_body(api: &Api, b: &RequestBody) -> Option<TokenStream> {
    let body = b.primary();
    if body.media == Media::Json && w::concrete_type(body) == "application/json" {
        return None;
    }
    Some(set_body(api, b, body))
}

/// The statements that set the body on `call` as one of its representations.
pub(super) fn set_body(api: &Api, b: &RequestBody, body: &Body) -> TokenStream {
    let content_type = w::concrete_type(body);
    let bytes = match body.media {
        Media::Json => quote! {
            ::serde_json::to_vec(b).map_err(|e| Error::Parameter { parameter: "body", reason: e.to_string() })?
        },
        Media::FormUrlEncoded => {
            let encoding = w::form_encoding(body, &quote!(runtime::wire));
            quote!(runtime::wire::form_body(b, #encoding)?.into_bytes())
        }
        Media::Text => quote!(::std::string::String::clone(b).into_bytes()),
        Media::Binary => quote!(b.to_vec()),
        Media::Sequence(framing) => return super::stream::client_body(b, body, framing),
        Media::Multipart => return multipart_body(api, b, body),
    };
    let set = quote! {
        runtime::wire::set_body(&mut call, ::reqwest::header::HeaderValue::from_static(#content_type), #bytes);
    };
    with_body(b, set)
}

/// `set` run with `b` bound to the request's body: always when the body is required,
/// only when present otherwise.
fn with_body(b: &RequestBody, set: TokenStream) -> TokenStream {
    let n = ident(&b.name);
    if b.required {
        quote!({ let b = &request.#n; #set })
    } else {
        quote! {
            if let ::std::option::Option::Some(b) = &request.#n {
                #set
            }
        }
    }
}

/// The statements that set a multipart body on `call`: the parts of its object (or of the
/// variant its union holds, see `multipart.rs`).
fn multipart_body(api: &Api, b: &RequestBody, body: &Body) -> TokenStream {
    if let Some(set) = super::multipart::write_items(api, body) {
        return with_body(b, set);
    }
    let pushes = super::multipart::write(api, body);
    let set = quote! {
        let mut parts = ::std::vec::Vec::new();
        #pushes
        let (content_type, bytes) = runtime::wire::multipart(&parts)?;
        runtime::wire::set_body(&mut call, content_type, bytes);
    };
    with_body(b, set)
}

pub(super) fn query_push(api: &Api, p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let wire = Literal::string(&p.wire_name);
    let shape = w::shape(api, p);
    let plain = matches!(shape, Shape::Scalar(_) | Shape::Array(_)) && p.style == ParamStyle::Form && !p.allow_reserved;
    if !plain {
        return optional(api, p, |place| match shape {
            Shape::Json => quote!(runtime::wire::query_json(&mut query, #wire, #place)?;),
            Shape::Object if p.style == ParamStyle::DeepObject => {
                quote!(runtime::wire::query_deep_object(&mut query, #wire, #place)?;)
            }
            _ => {
                let value = wire_value(api, p, place);
                let style = w::style_ident(p.style);
                let (explode, reserved) = (p.explode, p.allow_reserved);
                quote!(runtime::wire::query(&mut query, #wire, runtime::wire::Style::#style, #explode, #reserved, &#value)?;)
            }
        });
    }
    // `reference` borrows the value; `place` names it (for method calls, which borrow).
    let push = |reference: TokenStream, place: TokenStream| match &p.resolved_ty {
        TypeRef::Array(inner) => {
            let style = match (api.settings.array_query_style, p.explode) {
                (ArrayQueryStyle::Rails, _) => quote!(runtime::ArrayStyle::Brackets),
                (ArrayQueryStyle::OpenApi, true) => quote!(runtime::ArrayStyle::Repeat),
                (ArrayQueryStyle::OpenApi, false) => quote!(runtime::ArrayStyle::Comma),
            };
            let items = match **inner {
                TypeRef::DateTime => quote!(#place.iter().map(runtime::Rfc3339)),
                _ => quote!(#place.iter()),
            };
            quote!(query.push_array(#wire, #items, #style);)
        }
        other => {
            let value = w::display(reference, other);
            quote!(query.push_display(#wire, #value);)
        }
    };
    if p.required {
        push(value_ref(p), quote!(request.#n))
    } else {
        let inner = push(quote!(v), quote!(v));
        let value = optional_ref(p);
        let some = super::prelude(api, super::Prelude::Some);
        quote! {
            if let #some(v) = #value {
                #inner
            }
        }
    }
}

/// A parameter `in: querystring` (OpenAPI 3.2): the whole query string, written as a form
/// (by `crate::form`, as a form body is) or as JSON text, percent-encoded.
pub(super) fn query_string_push(api: &Api, p: &Param) -> TokenStream {
    let wire = Literal::string(&p.wire_name);
    optional(api, p, |place| {
        if p.content_is_form() {
            quote!(runtime::wire::query_string_form(&mut query, #wire, #place)?;)
        } else {
            quote!(runtime::wire::query_string_json(&mut query, #wire, #place)?;)
        }
    })
}
