//! What the client and server emitters share about the wire: the shape a parameter's value
//! takes in its style, the path template cut into segments, and the Rust type a body has.
//! Each emitter prints its own half (the client writes, the server reads) from these.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{type_tokens, type_tokens_at};
use crate::ir::{
    Api, Body, Bound, Framing, Media, Operation, Param, ParamStyle, PathSegment, RequestBody, TypeKind, TypeRef,
    UnionVariant,
};

/// The shape of a parameter's value, which decides the runtime call that writes or reads
/// it.
pub(crate) enum Shape<'a> {
    /// One value as text (the item type).
    Scalar(&'a TypeRef),
    /// A list of values (the item type).
    Array(&'a TypeRef),
    /// An object of members: a struct or a map.
    Object,
    /// `content: application/json`: the value as JSON text.
    Json,
}

pub(crate) fn shape<'a>(api: &Api, p: &'a Param) -> Shape<'a> {
    if p.content_type.is_some() {
        return Shape::Json;
    }
    // deepObject writes any value as a tree of bracketed keys, lists indexed, as Stripe's
    // SDKs send them (`expand[0]=a`, `items[0][price]=p`).
    if p.style == ParamStyle::DeepObject {
        return Shape::Object;
    }
    match &p.resolved_ty {
        TypeRef::Array(inner) => Shape::Array(inner),
        TypeRef::Map(_) => Shape::Object,
        TypeRef::Named(id) if matches!(api.ty(*id).kind, TypeKind::Struct(_)) => Shape::Object,
        other => Shape::Scalar(other),
    }
}

/// The wire name of each property of an object parameter's struct (what style form with
/// explode writes as keys); empty for a map.
pub(crate) fn object_fields(api: &Api, p: &Param) -> Vec<String> {
    match &p.resolved_ty {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire_name.clone()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The runtime `wire::Style` variant of a style.
pub(crate) fn style_ident(style: ParamStyle) -> Ident {
    format_ident!(
        "{}",
        match style {
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
        }
    )
}

/// A piece of one path segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Lit(String),
    /// The index of the parameter in `Operation::params`.
    Param(usize),
}

/// One `/`-separated segment of a path template.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    /// Its index when the request path is split at `/` (0 is the empty text before the
    /// first `/`).
    pub(crate) index: usize,
    pub(crate) pieces: Vec<Piece>,
}

impl Segment {
    /// The parameters in this segment.
    pub(crate) fn params(&self) -> impl Iterator<Item = usize> + '_ {
        self.pieces.iter().filter_map(|p| if let Piece::Param(i) = p { Some(*i) } else { None })
    }
}

/// The operation's path template, segment by segment (the empty one before the leading
/// `/` left out).
pub(crate) fn segments(op: &Operation) -> Vec<Segment> {
    let mut out = vec![Segment { index: 0, pieces: Vec::new() }];
    for s in &op.segments {
        match s {
            PathSegment::Literal(text) => {
                for (k, part) in text.split('/').enumerate() {
                    if k > 0 {
                        let index = out.len();
                        out.push(Segment { index, pieces: Vec::new() });
                    }
                    if let (false, Some(seg)) = (part.is_empty(), out.last_mut()) {
                        seg.pieces.push(Piece::Lit(part.to_string()));
                    }
                }
            }
            PathSegment::Param(i) => {
                if let Some(seg) = out.last_mut() {
                    seg.pieces.push(Piece::Param(*i));
                }
            }
        }
    }
    out.retain(|s| s.index > 0);
    out
}

/// Whether a segment is GitLab's kind: one simple-style scalar and nothing else, written
/// and read by the runtime's cheapest path.
pub(crate) fn is_plain(api: &Api, op: &Operation, seg: &Segment) -> bool {
    match seg.pieces.as_slice() {
        [Piece::Param(i)] => {
            let p = &op.params[*i];
            p.style == ParamStyle::Simple && matches!(shape(api, p), Shape::Scalar(_))
        }
        _ => false,
    }
}

/// The router's path for an operation: the template, except that a segment holding text
/// or several parameters (`{Sid}.json`) becomes one capture named after its first
/// parameter, since axum's router captures whole segments only. The reader splits it.
pub(crate) fn route(path: &str) -> String {
    let mut out = String::new();
    for (k, part) in path.split('/').enumerate() {
        if k > 0 {
            out.push('/');
        }
        let whole = part.starts_with('{') && part.ends_with('}') && part.matches('{').count() == 1;
        match part.find('{') {
            Some(open) if !whole => {
                let name = part[open + 1..].split('}').next().unwrap_or_default();
                out.push_str(&format!("{{{name}}}"));
            }
            _ => out.push_str(part),
        }
    }
    out
}

/// `t` with aliases followed to what they name (lowering refuses alias cycles; the bound
/// is for safety only).
pub(crate) fn resolved<'a>(api: &'a Api, mut t: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..=api.types.len() {
        match t {
            TypeRef::Named(id) => match &api.ty(*id).kind {
                TypeKind::Alias(next) => t = next,
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}

/// The media types a multipart body's file part may have (empty: any) and the one a
/// client sends when its file does not say: the first declared type that is not a range,
/// else `application/octet-stream`, OpenAPI's default for binary parts.
pub(crate) fn part_media<'b>(b: &'b Body, wire_name: &str) -> (Vec<&'b str>, &'b str) {
    let declared: Vec<&str> = b
        .part_types
        .iter()
        .find(|p| p.name == wire_name)
        .map(|p| p.content_types.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let default = declared.iter().copied().find(|t| !t.contains('*')).unwrap_or("application/octet-stream");
    (declared, default)
}

/// Whether a value of this type travels as one text (a multipart text part); otherwise it
/// is JSON.
pub(crate) fn is_text(api: &Api, t: &TypeRef) -> bool {
    match resolved(api, t) {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => true,
            TypeKind::Union(u) => scalar_union(api, &u.variants),
            _ => false,
        },
        other => other.is_primitive(),
    }
}

/// The representations of a request body that carry its first one's Rust type (a JSON
/// and a form body of one schema, say): the first, then the others in spec order. The
/// server reads each by its `Content-Type`; the client sends any one of them.
pub(crate) fn alternatives(b: &RequestBody) -> Vec<&Body> {
    let primary = b.primary();
    let same = |a: &Body| match (primary.media, a.media) {
        (Media::Binary, Media::Binary) | (Media::Text, Media::Text) => true,
        (Media::Binary | Media::Text, _) | (_, Media::Binary | Media::Text) => false,
        _ => a.ty == primary.ty,
    };
    b.bodies.iter().filter(|a| same(a)).collect()
}

/// The Rust type of a body: bytes for binary media, a string for text, else its type,
/// optional when a JSON response may be `null` ([`Body::nullable`]); named types under
/// `models` (the name the client, the server and the webhooks give the models module).
pub(crate) fn body_type(api: &Api, b: &Body) -> TokenStream {
    body_type_at(api, &quote!(models), b)
}

/// [`body_type`] with named types under `models`, a path to the models module: `self`
/// in `models.rs`.
pub(crate) fn body_type_at(api: &Api, models: &TokenStream, b: &Body) -> TokenStream {
    let ty = || type_tokens_at(api, &b.ty, &quote!(crate), models);
    match b.media {
        Media::Binary => quote!(::bytes::Bytes),
        Media::Text => quote!(::std::string::String),
        Media::Json if b.nullable => {
            let ty = ty();
            quote!(::std::option::Option<#ty>)
        }
        Media::Json | Media::FormUrlEncoded | Media::Multipart => ty(),
        Media::Sequence(Framing::Events) => {
            let item = ty();
            quote!(crate::stream::Items<crate::stream::Event<#item>>)
        }
        Media::Sequence(_) => {
            let item = ty();
            quote!(crate::stream::Items<#item>)
        }
    }
}

/// A form body's `encoding` as the runtime's `FormEncoding` (`&[("tags", …::Comma)]`):
/// the top-level array properties that are not repeated keys. `wire` is the path of the
/// runtime's `wire` module on the side that uses it.
pub(crate) fn form_encoding(body: &Body, wire: &TokenStream) -> TokenStream {
    let arrays = body.encoding.iter().map(|e| {
        let name = &e.name;
        let form = format_ident!(
            "{}",
            match e.style {
                ParamStyle::SpaceDelimited => "Space",
                ParamStyle::PipeDelimited => "Pipe",
                ParamStyle::DeepObject => "Indexed",
                _ => "Comma",
            }
        );
        quote!((#name, #wire::ArrayForm::#form))
    });
    quote!(&[#(#arrays),*])
}

/// The media type to send or answer for a body: the declared one, or for a declared range
/// (`image/*`, `*/*`) the generic type of its kind.
pub(crate) fn concrete_type(b: &Body) -> &str {
    if !b.content_type.contains('*') {
        return &b.content_type;
    }
    match b.media {
        Media::Json => "application/json",
        Media::Text => "text/plain",
        Media::FormUrlEncoded => "application/x-www-form-urlencoded",
        Media::Sequence(Framing::Events) => "text/event-stream",
        Media::Sequence(Framing::JsonLines) => "application/jsonl",
        Media::Sequence(Framing::JsonSeq) => "application/json-seq",
        _ => "application/octet-stream",
    }
}

/// Whether every variant prints as one text token, so the union gets `Display`/`FromStr`:
/// built-in scalars, and string or integer enums (an `enum` of mixed scalars).
pub(super) fn scalar_union(api: &Api, variants: &[UnionVariant]) -> bool {
    variants.iter().all(|v| match v.ty {
        TypeRef::Named(id) => matches!(api.ty(id).kind, TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)),
        _ => v.ty.is_primitive(),
    })
}

/// [`parser`] for a value of parameter `p` (`t`, or an item of it), checking the
/// parameter's numeric bounds after parsing: a non-capturing closure, which the runtime
/// takes as the same `fn` pointer.
pub(super) fn param_parser(api: &Api, p: &Param, t: &TypeRef, rt: &TokenStream) -> TokenStream {
    let parse = parser(api, t, rt);
    if *t == TypeRef::String && (p.uuid || p.length.is_some()) {
        let parse = if p.uuid { quote!(#rt::uuid) } else { parse };
        let Some((min, max)) = p.length else { return parse };
        let end = |n: Option<u64>| match n {
            Some(n) => {
                let n = Literal::u64_unsuffixed(n);
                quote!(::std::option::Option::Some(#n))
            }
            None => quote!(::std::option::Option::None),
        };
        let (min, max) = (end(min), end(max));
        return quote!(|s: &str| #parse(s).and_then(|v| #rt::length(v, #min, #max)));
    }
    let Some(bounds) = &p.bounds else { return parse };
    // Each end as `(bound, exclusive)` in the value's type; `None` where nothing bounds it.
    let end = |bound: Option<Bound>| -> Option<TokenStream> {
        let Bound { value, exclusive } = bound?;
        let literal = match t {
            // An integer schema's bounds are integers (openapiv3 reads them as `i64`).
            TypeRef::Integer { bits } => {
                let (min, max) = if *bits == 32 {
                    (f64::from(i32::MIN), f64::from(i32::MAX))
                } else {
                    (-9_223_372_036_854_775_808.0, 9_223_372_036_854_775_807.0)
                };
                // A bound outside the type's range is left to the type (and a literal
                // past it would not compile).
                if !(min..=max).contains(&value) {
                    return None;
                }
                // Integral and in range (`as` saturates at i64's ends).
                Literal::i64_unsuffixed(value as i64)
            }
            TypeRef::Number { .. } if value.is_finite() => Literal::f64_unsuffixed(value),
            _ => return None,
        };
        Some(quote!((#literal, #exclusive)))
    };
    if !matches!(t, TypeRef::Integer { .. } | TypeRef::Number { .. }) {
        return parse;
    }
    let (minimum, maximum) = (end(bounds.minimum), end(bounds.maximum));
    if minimum.is_none() && maximum.is_none() {
        return parse;
    }
    let option = |end: Option<TokenStream>| match end {
        Some(end) => quote!(::std::option::Option::Some(#end)),
        None => quote!(::std::option::Option::None),
    };
    let (minimum, maximum) = (option(minimum), option(maximum));
    quote!(|s: &str| #parse(s).and_then(|v| #rt::bounded(v, #minimum, #maximum)))
}

/// The runtime function that parses text of type `t`, aliases resolved (see the
/// runtime's "parsing values").
pub(super) fn parser(api: &Api, t: &TypeRef, rt: &TokenStream) -> TokenStream {
    let ty = type_tokens(api, t);
    match t {
        TypeRef::String => quote!(#rt::text),
        TypeRef::Integer { .. } => quote!(#rt::integer::<#ty>),
        TypeRef::Number { .. } => quote!(#rt::number::<#ty>),
        TypeRef::Boolean => quote!(#rt::boolean),
        TypeRef::Date => quote!(#rt::date),
        TypeRef::DateTime => quote!(#rt::date_time),
        TypeRef::Format(_) => quote!(#rt::from_str::<#ty>),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => quote!(#rt::from_str::<#ty>),
            TypeKind::Union(u) if scalar_union(api, &u.variants) => quote!(#rt::from_str::<#ty>),
            _ => quote!(#rt::json::<#ty>),
        },
        // A file is never text: it is read from its part (`multipart_read`).
        TypeRef::Any | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::ErrorMessage | TypeRef::File => {
            quote!(#rt::json::<#ty>)
        }
    }
}

/// A `&dyn Display` expression for a scalar parameter value (`v` is a reference), written
/// into the URL as it is encoded.
pub(super) fn display(v: TokenStream, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::DateTime => quote!(&runtime::Rfc3339(#v)),
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_capture_whole_segments() {
        assert_eq!(route("/v4/projects/{id}/access_tokens"), "/v4/projects/{id}/access_tokens");
        assert_eq!(route("/Accounts/{AccountSid}/Calls/{Sid}.json"), "/Accounts/{AccountSid}/Calls/{Sid}");
        assert_eq!(route("/repos/{owner}-{repo}/x"), "/repos/{owner}/x");
        assert_eq!(route("/v{version}/x"), "/{version}/x");
    }
}
