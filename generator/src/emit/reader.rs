//! The server's request readers: for each operation, the function that reads its typed
//! request strictly (path pieces, query, headers, cookies, the body by its media type) and
//! its credentials, or answers what is wrong. GitLab's kinds of values keep the runtime's
//! cheap calls; every other style and media goes through `runtime::wire`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::operation_line;
use super::wire::{self as w, Piece, Shape};
use super::{ident, type_tokens};
use crate::ir::{Api, Body, Guard, Media, Operation, Param, ParamLocation, ParamStyle, RequestBody, TypeKind, TypeRef};

/// Whether an operation reads its body through the wire runtime: anything but one JSON
/// representation.
pub(super) fn takes_body_limit(op: &Operation) -> bool {
    // A body that streams is read as it arrives, item by item, never held whole: the
    // limit is each item's.
    op.streams_request()
        || op.body.as_ref().is_some_and(|b| b.primary().media != Media::Json || w::alternatives(b).len() > 1)
}

/// The expression that reads a path value from its raw text `raw`.
fn path_read(api: &Api, p: &Param, raw: TokenStream, rt: &TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    let style = w::style_ident(p.style);
    let explode = p.explode;
    match w::shape(api, p) {
        Shape::Scalar(t) => {
            let parse = w::param_parser(api, p, t, rt);
            quote!(#rt::wire::path_scalar(#raw, #wire, #rt::wire::Style::#style, #parse)?)
        }
        Shape::Array(t) => {
            let parse = w::param_parser(api, p, t, rt);
            quote!(#rt::wire::path_array(#raw, #wire, #rt::wire::Style::#style, #explode, #parse)?)
        }
        Shape::Object => {
            let ty = type_tokens(api, &p.ty);
            quote!(#rt::wire::path_object::<#ty>(#raw, #wire, #rt::wire::Style::#style, #explode)?)
        }
        Shape::Json => {
            let ty = type_tokens(api, &p.ty);
            quote!(#rt::wire::path_scalar(#raw, #wire, #rt::wire::Style::Simple, #rt::json::<#ty>)?)
        }
    }
}

/// A path parameter's value as its field holds it: a secret wrapped in `Secret`.
fn secret(p: &Param, read: TokenStream) -> TokenStream {
    if p.secret { quote!(crate::Secret::new(#read)) } else { read }
}

/// The statements that read the path's parameters, and each one's field, in the order
/// the parameters are declared.
fn path_fields(api: &Api, op: &Operation, rt: &TokenStream) -> (Vec<TokenStream>, Vec<(usize, TokenStream)>) {
    let err = super::prelude(api, super::Prelude::Err);
    let mut prelude = Vec::new();
    // Each place a path parameter is read from, in the path's order.
    let mut reads: Vec<(usize, TokenStream)> = Vec::new();
    for seg in w::segments(op) {
        let index = Literal::usize_unsuffixed(seg.index);
        let params: Vec<usize> = seg.params().collect();
        let Some(&first) = params.first() else { continue };
        if w::is_plain(api, op, &seg) {
            let p = &op.params[first];
            let (wire, parse) = (&p.wire_name, w::param_parser(api, p, &p.resolved_ty, rt));
            reads.push((first, quote!(path.param(#index, #wire, #parse)?)));
            continue;
        }
        let raw = format_ident!("segment_{}", seg.index);
        // The segment as it came, still percent-encoded: the wire runtime splits it
        // before decoding. A missing segment is empty, which reads as missing.
        prelude.push(quote!(let #raw = parts.uri.path().split('/').nth(#index).unwrap_or_default();));
        if let [Piece::Param(i)] = seg.pieces.as_slice() {
            reads.push((*i, path_read(api, &op.params[*i], quote!(#raw), rt)));
            continue;
        }
        let pieces = seg.pieces.iter().map(|piece| match piece {
            Piece::Lit(text) => quote!(#rt::wire::Piece::Lit(#text)),
            Piece::Param(i) => {
                let wire = &op.params[*i].wire_name;
                quote!(#rt::wire::Piece::Param(#wire))
            }
        });
        let split = format_ident!("pieces_{}", seg.index);
        prelude.push(quote!(let #split = #rt::wire::split_segment(#raw, &[#(#pieces),*])?;));
        for (k, i) in params.iter().enumerate() {
            let piece = if k == 0 {
                quote!(#split.first())
            } else {
                let k = Literal::usize_unsuffixed(k);
                quote!(#split.get(#k))
            };
            reads.push((*i, path_read(api, &op.params[*i], quote!(#piece.copied().unwrap_or_default()), rt)));
        }
    }
    // A parameter the template names twice (Azure's `System.{location}/…/{location}`) is
    // read from each place, and the request is refused unless they agree.
    let mut fields = Vec::new();
    for (n, (i, read)) in reads.iter().enumerate() {
        if reads[..n].iter().any(|(earlier, _)| earlier == i) {
            continue;
        }
        let p = &op.params[*i];
        let field = ident(&p.name);
        let again: Vec<&TokenStream> = reads[n + 1..].iter().filter(|(j, _)| j == i).map(|(_, r)| r).collect();
        if again.is_empty() {
            let read = secret(p, read.clone());
            fields.push((*i, quote!(#field: #read,)));
            continue;
        }
        let (local, wire) = (format_ident!("path_{}", p.name), &p.wire_name);
        prelude.push(quote!(let #local = #read;));
        for other in again {
            prelude.push(quote! {
                if #other != #local {
                    return #err(#rt::Rejection::new(
                        #rt::Location::Path,
                        #wire,
                        #rt::Problem::Invalid(::std::borrow::ToOwned::to_owned("differs between its places in the path")),
                    ));
                }
            });
        }
        let read = secret(p, quote!(#local));
        fields.push((*i, quote!(#field: #read,)));
    }
    // Path parameters in the order they are declared, which is the struct's order.
    fields.sort_by_key(|(i, _)| *i);
    (prelude, fields)
}

/// The expression that reads a query parameter (`None` when absent), and whether it
/// needs the wire runtime's raw query.
fn query_read(api: &Api, p: &Param, rt: &TokenStream) -> (TokenStream, bool) {
    let wire = &p.wire_name;
    let style = w::style_ident(p.style);
    let explode = p.explode;
    match w::shape(api, p) {
        // `allowEmptyValue`: `name=` is the parameter left out (Asana's `opt_pretty=`).
        Shape::Scalar(t) if p.allow_empty => {
            let parse = w::param_parser(api, p, t, rt);
            (quote!(query.one_or_empty(#wire, #parse)?), false)
        }
        Shape::Scalar(t) => {
            let parse = w::param_parser(api, p, t, rt);
            (quote!(query.one(#wire, #parse)?), false)
        }
        Shape::Array(item) if p.style == ParamStyle::Form => {
            let parse = w::param_parser(api, p, item, rt);
            (quote!(query.many(#wire, #explode, #parse)?), false)
        }
        Shape::Array(item) => {
            let parse = w::param_parser(api, p, item, rt);
            (quote!(raw_query.array(#wire, #rt::wire::Style::#style, #explode, #parse)?), true)
        }
        // An exploded form map: every query key that is nobody else's.
        Shape::Object if p.style == ParamStyle::Form && p.explode && matches!(p.resolved_ty, TypeRef::Map(_)) => {
            let ty = type_tokens(api, &p.ty);
            let others = &p.other_query_keys;
            (quote!(raw_query.rest::<#ty>(#wire, &[#(#others),*])?), true)
        }
        Shape::Object => {
            let ty = type_tokens(api, &p.ty);
            let fields = w::object_fields(api, p);
            (quote!(raw_query.object::<#ty>(#wire, #rt::wire::Style::#style, #explode, &[#(#fields),*])?), true)
        }
        Shape::Json => {
            let ty = type_tokens(api, &p.ty);
            (quote!(raw_query.json::<#ty>(#wire)?), true)
        }
    }
}

/// The expression that reads a header parameter (`None` when absent).
fn header_read(api: &Api, p: &Param, rt: &TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    let explode = p.explode;
    match w::shape(api, p) {
        Shape::Scalar(t) => {
            let parse = w::param_parser(api, p, t, rt);
            quote!(#rt::header(&parts.headers, #wire, #parse)?)
        }
        Shape::Array(item) => {
            let parse = w::param_parser(api, p, item, rt);
            quote!(#rt::wire::header_array(&parts.headers, #wire, #parse)?)
        }
        Shape::Object => {
            let ty = type_tokens(api, &p.ty);
            quote!(#rt::wire::header_object::<#ty>(&parts.headers, #wire, #explode)?)
        }
        Shape::Json => {
            let ty = type_tokens(api, &p.ty);
            quote!(#rt::header(&parts.headers, #wire, #rt::json::<#ty>)?)
        }
    }
}

/// The expression that reads a cookie parameter (`None` when absent).
fn cookie_read(api: &Api, p: &Param, rt: &TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match w::shape(api, p) {
        Shape::Scalar(t) => {
            let parse = w::param_parser(api, p, t, rt);
            quote!(cookies.scalar(#wire, #parse)?)
        }
        Shape::Array(item) => {
            let parse = w::param_parser(api, p, item, rt);
            quote!(cookies.array(#wire, #parse)?)
        }
        Shape::Object => {
            let ty = type_tokens(api, &p.ty);
            quote!(cookies.object::<#ty>(#wire)?)
        }
        Shape::Json => {
            let ty = type_tokens(api, &p.ty);
            quote!(cookies.scalar(#wire, #rt::json::<#ty>)?)
        }
    }
}

/// The expression that reads the body (`None` when empty).
fn body_read(api: &Api, b: &RequestBody, rt: &TokenStream) -> TokenStream {
    let super::Preludes { some, none, .. } = super::Preludes::of(api);
    let accepted = w::alternatives(b);
    let Some((primary, others)) = accepted.split_first() else { return TokenStream::new() };
    if primary.media == Media::Json && others.is_empty() {
        // `null` is a body here (`Some(None)`), and only no body at all is missing.
        if b.nullable {
            let object = is_struct(api, &primary.ty);
            return quote!(#rt::json_body_or_null(&parts, body, #object).await?);
        }
        if is_struct(api, &primary.ty) && b.null_is_absent {
            return quote!(#rt::json_object_or_null_body(&parts, body).await?);
        }
        if is_struct(api, &primary.ty) {
            return quote!(#rt::json_object_body(&parts, body).await?);
        }
        return quote!(#rt::json_body(&parts, body).await?);
    }
    let types = accepted.iter().map(|a| &a.content_type);
    let read = quote!(#rt::wire::body(&parts, body, limit, &[#(#types),*]).await?);
    // The runtime has checked the media type is one of these; each but the last is told
    // by its essence (or its range's prefix), and the last takes the rest.
    let mut decode = decode_body(api, accepted[accepted.len() - 1], rt);
    for a in accepted[..accepted.len() - 1].iter().rev() {
        let essence = a.content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let test = match essence.strip_suffix('*') {
            Some(prefix) => quote!(media.starts_with(#prefix)),
            None => quote!(media == #essence),
        };
        let this = decode_body(api, a, rt);
        decode = quote!(if #test { #this } else { #decode });
    }
    let media = if accepted.len() > 1 { quote!(media) } else { quote!(_) };
    quote! {
        match #read {
            #some((#media, bytes)) => #some(#decode?),
            #none => #none,
        }
    }
}

/// Whether values of `ty` are read as a Rust struct, which serde also reads from an array
/// of its fields: such a body is checked to be a JSON object first.
fn is_struct(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(inner) => is_struct(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// The expression that decodes `bytes` as one representation, a `Result<_, Rejection>`.
fn decode_body(api: &Api, body: &Body, rt: &TokenStream) -> TokenStream {
    let ty = type_tokens(api, &body.ty);
    match body.media {
        Media::Json => {
            let read = quote! {
                ::serde_path_to_error::deserialize::<_, #ty>(&mut ::serde_json::Deserializer::from_slice(&bytes)).map_err(|e| {
                    #rt::Rejection::new(#rt::Location::Body, &e.path().to_string(), #rt::Problem::Invalid(e.inner().to_string()))
                })
            };
            if is_struct(api, &body.ty) { quote!(#rt::json_object(&bytes).and_then(|()| #read)) } else { read }
        }
        Media::FormUrlEncoded => {
            let encoding = w::form_encoding(body, &quote!(#rt::wire));
            quote!(#rt::wire::form::<#ty>(&bytes, #encoding))
        }
        Media::Text => quote!(#rt::wire::text(bytes)),
        Media::Multipart => multipart_read(api, body, rt),
        // A body that streams is read by `stream::server_body`, item by item.
        Media::Binary | Media::Sequence(_) => quote!(::std::result::Result::<_, #rt::Rejection>::Ok(bytes)),
    }
}

/// The expression that reads a multipart body from `bytes` (see `multipart.rs`).
fn multipart_read(api: &Api, body: &Body, rt: &TokenStream) -> TokenStream {
    super::multipart::read(api, body, rt)
}

pub(super) fn reader(api: &Api, op: &Operation, rt: &TokenStream) -> TokenStream {
    let super::Preludes { ok, result, .. } = super::Preludes::of(api);
    let name = ident(&op.reader_fn);
    let request_type = ident(&op.request_type);
    let (prelude, fields) = path_fields(api, op, rt);
    let mut fields: Vec<TokenStream> = fields.into_iter().map(|(_, f)| f).collect();
    let mut raw_query = false;
    let mut plain_query = false;
    // A required parameter's reader yields an `Option`, which must be `Some`; an optional
    // one's is the field itself.
    let field = |p: &crate::ir::Param, location: TokenStream, read: TokenStream| {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let read = if p.secret { quote!(#read.map(crate::Secret::new)) } else { read };
        if p.required {
            quote!(#name: #rt::required(#rt::Location::#location, #wire, #read)?,)
        } else {
            quote!(#name: #read,)
        }
    };
    for p in op.params_in(ParamLocation::Query) {
        let (read, raw) = query_read(api, p, rt);
        raw_query |= raw;
        plain_query |= !raw;
        fields.push(field(p, quote!(Query), read));
    }
    // The whole query string as one value (3.2's `in: querystring`): a form, or JSON.
    for p in op.params_in(ParamLocation::QueryString) {
        let wire = &p.wire_name;
        let read = if p.content_is_form() {
            let required = p.required;
            quote!(#rt::wire::query_string_form(parts.uri.query(), #wire, #required)?)
        } else {
            quote!(#rt::wire::query_string_json(parts.uri.query(), #wire)?)
        };
        fields.push(field(p, quote!(Query), read));
    }
    for p in op.params_in(ParamLocation::Header) {
        fields.push(field(p, quote!(Header), header_read(api, p, rt)));
    }
    for p in op.params_in(ParamLocation::Cookie) {
        fields.push(field(p, quote!(Cookie), cookie_read(api, p, rt)));
    }
    let body_binding = match &op.body {
        Some(b) => {
            let n = ident(&b.name);
            let read = match b.primary().media {
                // Read as it arrives: always there (no body is no items), unless the spec
                // requires one and none was sent.
                Media::Sequence(framing) => {
                    let types = w::alternatives(b).into_iter().map(|a| &a.content_type);
                    super::stream::server_body(framing, &quote!(&[#(#types),*]), b.declared_required, rt)
                }
                _ => body_read(api, b, rt),
            };
            fields.push(if op.streams_request() {
                quote!(#n: #read,)
            } else if b.required {
                quote!(#n: #rt::required(#rt::Location::Body, ".", #read)?,)
            } else {
                quote!(#n: #read,)
            });
            quote!(body)
        }
        None => quote!(_body),
    };
    let path = w::segments(op)
        .iter()
        .any(|s| w::is_plain(api, op, s))
        .then(|| quote!(let path = #rt::PathSegments::new(parts.uri.path());));
    let raw_query = raw_query.then(|| quote!(let raw_query = #rt::wire::RawQuery::parse(parts.uri.query())?;));
    let cookies = op
        .params_in(ParamLocation::Cookie)
        .next()
        .is_some()
        .then(|| quote!(let cookies = #rt::wire::Cookies::parse(&parts.headers)?;));
    let limit = takes_body_limit(op).then(|| quote!(, limit: usize));
    let params = super::constraints::server_param_checks(api, op, rt);
    let body = body_checks(api, op);
    let checks = quote!(#params #body);
    // A webhook's delivery is authenticated by its signature, checked before this runs;
    // it has no credentials to read. The others are the server's, in `server/mod.rs`,
    // where `Credentials` is declared.
    // The router's 401 when none of the operation's requirements is met.
    let guard = op.guard.as_ref().map(|g| guard(g, rt));
    let (what, output, credentials, made) = if op.webhook.is_some() {
        ("", quote!(models::#request_type), None, quote!(request))
    } else {
        (
            " and its credentials",
            quote!((models::#request_type, Credentials)),
            Some(quote! {
                let credentials = Credentials::read(&parts, &query)?;
                #guard
            }),
            quote!((request, credentials)),
        )
    };
    let doc_text = super::docs::outer([format!(
        " Reads the request of {}{what}, or says what is wrong with it.",
        operation_line(op).trim_end_matches('.')
    )]);
    // Only credentials read the plain query when no parameter does.
    let query_name = if credentials.is_some() || plain_query { quote!(query) } else { quote!(_query) };
    quote! {
        #doc_text
        async fn #name(
            request: ::axum::extract::Request #limit,
        ) -> #result<#output, #rt::Rejection> {
            let (parts, #body_binding) = request.into_parts();
            let #query_name = #rt::Query::parse(parts.uri.query())?;
            #raw_query
            #path
            #(#prelude)*
            #cookies
            let request = models::#request_type { #(#fields)* };
            #checks
            #credentials
            #ok(#made)
        }
    }
}

/// The checks of a body read whole against the spec's constraints (`minLength`,
/// `pattern`, `maximum`, … on its properties, at any depth): the same `Validate` the
/// client runs before sending, so client and server agree on what a valid body is. A
/// value that breaks one is a 400 naming its path in the body and the keyword.
fn body_checks(api: &Api, op: &Operation) -> Option<TokenStream> {
    let own = super::constraints::own_body_checks(api, op);
    let b = op.body.as_ref().filter(|b| !op.streams_request() && b.primary().ty.is_checked(api));
    let nested = b.map(|b| {
        let name = ident(&b.name);
        quote!(crate::constraints::Validate::validate(&request.#name, "body")?;)
    });
    (own.is_some() || nested.is_some()).then(|| quote!(#own #nested))
}

/// The 401 of a request none of whose alternatives has all its credentials present.
fn guard(g: &Guard, rt: &TokenStream) -> TokenStream {
    let alternatives = g.alternatives.iter().map(|all| {
        let present = all.iter().map(|s| {
            let s = ident(s);
            quote!(credentials.#s.is_some())
        });
        // Parenthesised only beside another alternative (rustc warns on `(a && b)` alone).
        if all.len() == 1 || g.alternatives.len() == 1 { quote!(#(#present)&&*) } else { quote!((#(#present)&&*)) }
    });
    let location = match g.location {
        ParamLocation::Query => quote!(#rt::Location::Query),
        ParamLocation::Cookie => quote!(#rt::Location::Cookie),
        _ => quote!(#rt::Location::Header),
    };
    let name = &g.name;
    quote! {
        let met = #(#alternatives)||*;
        if !met {
            return ::std::result::Result::Err(#rt::Rejection::unauthenticated(#location, #name));
        }
    }
}
