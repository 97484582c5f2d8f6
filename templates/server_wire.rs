//! Parameter styles and body media types as the server reads them, strictly: the inverse of
//! the client's `runtime::wire`. Every OpenAPI 3.0.3 `style` for path, query, header and
//! cookie parameters; `application/x-www-form-urlencoded` bodies with deepObject brackets;
//! `multipart/form-data`, binary and text bodies read within a size limit (413) and by
//! declared `Content-Type` (415).
//!
//! Values are split at their style's delimiters *before* they are percent-decoded, so a
//! delimiter inside a value (which the client encodes) never splits it. Header values are
//! not percent-decoded at all: OpenAPI never percent-encodes them (3.1.2 and 3.2,
//! Appendix D), so `%y3` in a header is the text `%y3`. Typed values come
//! out through a `parse` function (the parent module's `integer`, `text`, …) for scalars and
//! array items, and through serde for objects, whose members are parsed from text as their
//! fields ask (`"5"` becomes `5` for an integer field).

use std::borrow::Cow;
use std::pin::Pin;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de;

use super::{Location, Problem, Rejection, decode, header_text, json_text};
use crate::form::{Node, Tree, bracket_keys, escapes_are_well_formed, split_spaces};

/// How a parameter is laid out on the wire: OpenAPI's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `5`, `3,4,5`, `role,admin` (path and header).
    Simple,
    /// `.5`, `.3.4.5` (path).
    Label,
    /// `;id=5`, `;id=3;id=4` (path).
    Matrix,
    /// `id=5`, `id=3&id=4`, `id=3,4` (query and cookie).
    Form,
    /// `id=3%204%205` (query arrays and, not exploded, objects: `color=R%20100%20G%20200`).
    SpaceDelimited,
    /// `id=3|4|5` (query arrays and, not exploded, objects: `color=R|100|G|200`).
    PipeDelimited,
    /// `id[role]=admin` (query objects).
    DeepObject,
}

/// A parse function for a scalar or array item (`runtime::integer::<i64>`, `runtime::text`).
pub type Parse<T> = fn(&str) -> Result<T, String>;

fn invalid(location: Location, name: &str, reason: impl Into<String>) -> Rejection {
    Rejection::new(location, name, Problem::Invalid(reason.into()))
}

// ----- path -----

/// A piece of a path segment's template: `/Calls/{Sid}.json` has the segment
/// `[Param("Sid"), Lit(".json")]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A parameter, by name.
    Param(&'static str),
    /// Literal text, as the spec writes it.
    Lit(&'static str),
}

/// What the client leaves unencoded in a template's literal text (RFC 3986 `pchar`); the
/// literal is compared in that form.
const PCHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Splits one raw (still percent-encoded) path segment into the raw text of each of its
/// parameters, in template order.
///
/// The client encodes every byte of a value but ASCII letters and digits, so a literal
/// that starts with anything else (`.json`, `-`, `_`) can only be the literal: it is found
/// at its first occurrence. A literal at the end of the template is matched at the end of
/// the segment. A literal starting with a letter or digit between two parameters could
/// also be inside the first value; the first occurrence is taken, which is what a client
/// that encodes as ours does means whenever the first value does not contain that text.
/// Two parameters with no literal between them cannot be split and are refused.
pub fn split_segment<'s>(segment: &'s str, pieces: &[Piece]) -> Result<Vec<&'s str>, Rejection> {
    let first = pieces.iter().find_map(|p| if let Piece::Param(n) = p { Some(*n) } else { None }).unwrap_or("");
    let template = || {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Param(n) => format!("{{{n}}}"),
                Piece::Lit(l) => (*l).to_owned(),
            })
            .collect::<String>()
    };
    let mismatch = || invalid(Location::Path, first, format!("is in a segment that does not match `{}`", template()));
    let mut out = Vec::with_capacity(pieces.len());
    let mut rest = segment;
    let mut pending: Option<&'static str> = None;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Param(name) => {
                if let Some(before) = pending {
                    return Err(invalid(
                        Location::Path,
                        before,
                        format!("cannot be told apart from `{name}`: nothing separates them in `{}`", template()),
                    ));
                }
                pending = Some(name);
            }
            Piece::Lit(lit) => {
                let lit: Cow<'_, str> = utf8_percent_encode(lit, PCHAR).into();
                match pending.take() {
                    None => rest = rest.strip_prefix(&*lit).ok_or_else(mismatch)?,
                    Some(_) if i == pieces.len() - 1 => {
                        out.push(rest.strip_suffix(&*lit).ok_or_else(mismatch)?);
                        rest = "";
                    }
                    Some(_) => {
                        let at = rest.find(&*lit).ok_or_else(mismatch)?;
                        out.push(&rest[..at]);
                        rest = &rest[at + lit.len()..];
                    }
                }
            }
        }
    }
    match pending {
        Some(_) => out.push(rest),
        None if !rest.is_empty() => return Err(mismatch()),
        None => {}
    }
    Ok(out)
}

/// The body of a label or matrix value after its prefix; for matrix, `;name=` (or `;name`
/// alone, an empty value).
fn unprefix<'r>(raw: &'r str, name: &str, style: Style) -> Result<&'r str, Rejection> {
    match style {
        Style::Simple => Ok(raw),
        Style::Label => {
            raw.strip_prefix('.').ok_or_else(|| invalid(Location::Path, name, "does not start with `.` (style label)"))
        }
        Style::Matrix => {
            let encoded: Cow<'_, str> = utf8_percent_encode(name, NON_ALPHANUMERIC).into();
            let after = raw.strip_prefix(';').and_then(|r| r.strip_prefix(&*encoded)).ok_or_else(|| {
                invalid(Location::Path, name, format!("does not start with `;{name}` (style matrix)"))
            })?;
            if after.is_empty() {
                return Ok(after);
            }
            after
                .strip_prefix('=')
                .ok_or_else(|| invalid(Location::Path, name, "has no `=` after its name (style matrix)"))
        }
        other => Err(invalid(Location::Path, name, format!("has style {other:?}, not a path style"))),
    }
}

/// A value's text: percent-decoded, except in a header, whose values are never
/// percent-encoded (OpenAPI 3.1.2 and 3.2, Appendix D), so a `%` there is a `%`.
fn decoded(location: Location, name: &str, raw: &str) -> Result<String, Rejection> {
    if location == Location::Header {
        return Ok(raw.to_owned());
    }
    decode(raw).map(Cow::into_owned).map_err(|p| Rejection::new(location, name, p))
}

fn parsed<T>(location: Location, name: &str, raw: &str, parse: Parse<T>) -> Result<T, Rejection> {
    let text = decoded(location, name, raw)?;
    parse(&text).map_err(|e| invalid(location, name, e))
}

/// A scalar path parameter in `style` from its raw text (a whole segment, or a piece of
/// one from [`split_segment`]). Empty is missing, as for a plain segment.
pub fn path_scalar<T>(raw: &str, name: &str, style: Style, parse: Parse<T>) -> Result<T, Rejection> {
    let body = unprefix(raw, name, style)?;
    if body.is_empty() && style == Style::Simple {
        return Err(Rejection::new(Location::Path, name, Problem::Missing));
    }
    parsed(Location::Path, name, body, parse)
}

/// An array path parameter in `style`, exploded or not.
pub fn path_array<T>(raw: &str, name: &str, style: Style, explode: bool, parse: Parse<T>) -> Result<Vec<T>, Rejection> {
    let items: Vec<&str> = match style {
        Style::Matrix if explode => {
            let encoded: Cow<'_, str> = utf8_percent_encode(name, NON_ALPHANUMERIC).into();
            let Some(rest) = raw.strip_prefix(';') else {
                return Err(invalid(Location::Path, name, "does not start with `;` (style matrix)"));
            };
            if rest == &*encoded {
                Vec::new()
            } else {
                let key = format!("{encoded}=");
                let items = rest.split(';').map(|pair| pair.strip_prefix(key.as_str()));
                items.collect::<Option<_>>().ok_or_else(|| {
                    invalid(Location::Path, name, format!("has an item not written `;{name}=…` (style matrix)"))
                })?
            }
        }
        _ => {
            let body = unprefix(raw, name, style)?;
            if body.is_empty() && style == Style::Simple {
                return Err(Rejection::new(Location::Path, name, Problem::Missing));
            }
            if body.is_empty() {
                Vec::new()
            } else {
                body.split(if explode && style == Style::Label { '.' } else { ',' }).collect()
            }
        }
    };
    items.into_iter().map(|item| parsed(Location::Path, name, item, parse)).collect()
}

/// An object path parameter in `style`, exploded or not, into any deserialisable type.
pub fn path_object<T: de::DeserializeOwned>(
    raw: &str,
    name: &str,
    style: Style,
    explode: bool,
) -> Result<T, Rejection> {
    let (body, separator) = match style {
        Style::Matrix if explode => {
            let rest = raw
                .strip_prefix(';')
                .ok_or_else(|| invalid(Location::Path, name, "does not start with `;` (style matrix)"))?;
            (rest, ';')
        }
        Style::Label if explode => (unprefix(raw, name, style)?, '.'),
        _ => (unprefix(raw, name, style)?, ','),
    };
    let pairs =
        members(body, explode, separator).ok_or_else(|| invalid(Location::Path, name, "is not a list of members"))?;
    object_from(Location::Path, name, pairs)
}

/// Raw `k=v<sep>k=v` (exploded) or `k,v,k,v` members; `None` when malformed.
fn members(body: &str, explode: bool, separator: char) -> Option<Vec<(&str, &str)>> {
    if body.is_empty() {
        return Some(Vec::new());
    }
    if explode {
        body.split(separator).map(|m| m.split_once('=')).collect()
    } else {
        let items: Vec<&str> = body.split(',').collect();
        if items.len() % 2 != 0 {
            return None;
        }
        Some(items.chunks(2).map(|kv| (kv[0], kv[1])).collect())
    }
}

/// Decodes raw members and deserialises them as `T`, naming a failing member.
fn object_from<T: de::DeserializeOwned>(
    location: Location,
    name: &str,
    pairs: Vec<(&str, &str)>,
) -> Result<T, Rejection> {
    let mut map = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let key = decoded(location, name, k)?;
        if map.iter().any(|(seen, _)| *seen == key) {
            return Err(invalid(location, name, format!("has the member `{key}` more than once")));
        }
        map.push((key, Node::Text(decoded(location, name, v)?)));
    }
    deserialize(location, name, Node::Map(map))
}

fn deserialize<T: de::DeserializeOwned>(location: Location, name: &str, node: Node) -> Result<T, Rejection> {
    serde_path_to_error::deserialize(node).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { format!("at `{path}` ") };
        invalid(location, name, format!("{at}{}", e.inner()))
    })
}

// ----- query -----

/// A query string's pairs with keys decoded and values still raw, for styles that split a
/// value at delimiters before decoding it. Read it once per request with
/// [`RawQuery::parse`].
#[derive(Debug, Default)]
pub struct RawQuery<'q>(Vec<(String, &'q str)>);

/// Decodes query text: `+` is a space, escapes are strict.
fn decode_query(location: Location, name: &str, raw: &str) -> Result<String, Rejection> {
    if raw.contains('+') { decoded(location, name, &raw.replace('+', " ")) } else { decoded(location, name, raw) }
}

impl<'q> RawQuery<'q> {
    /// Splits a query string, refusing malformed escapes and text that is not UTF-8.
    pub fn parse(raw: Option<&'q str>) -> Result<Self, Rejection> {
        let Some(raw) = raw else { return Ok(Self::default()) };
        let mut pairs = Vec::new();
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            let key = decode_query(Location::Query, "", key)
                .map_err(|r| Rejection::new(Location::Query, key, r.problem().clone()))?;
            if !escapes_are_well_formed(value) {
                return Err(Rejection::new(Location::Query, &key, Problem::MalformedEscape));
            }
            pairs.push((key, value));
        }
        Ok(Self(pairs))
    }

    fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'q str> + 's {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| *v)
    }

    /// The one raw value of `name`; given twice, refused.
    fn one_raw(&self, name: &str) -> Result<Option<&'q str>, Rejection> {
        let mut values = self.values(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(Rejection::new(Location::Query, name, Problem::Repeated));
        }
        Ok(first)
    }

    /// A scalar parameter (any style); `None` when absent, refused when given twice.
    pub fn scalar<T>(&self, name: &str, parse: Parse<T>) -> Result<Option<T>, Rejection> {
        let Some(raw) = self.one_raw(name)? else { return Ok(None) };
        let text = decode_query(Location::Query, name, raw)?;
        parse(&text).map(Some).map_err(|e| invalid(Location::Query, name, e))
    }

    /// A parameter with `content: application/json`.
    pub fn json<T: de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        self.scalar(name, super::json)
    }

    /// An array parameter in `style` (form, spaceDelimited, pipeDelimited). Exploded, each
    /// repeated key is one item; otherwise the one value is split at the style's delimiter.
    pub fn array<T>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        parse: Parse<T>,
    ) -> Result<Option<Vec<T>>, Rejection> {
        let item = |raw: &str| {
            let text = decode_query(Location::Query, name, raw)?;
            parse(&text).map_err(|e| invalid(Location::Query, name, e))
        };
        if explode {
            let raws: Vec<&str> = self.values(name).collect();
            if raws.is_empty() {
                return Ok(None);
            }
            return raws.into_iter().map(item).collect::<Result<_, _>>().map(Some);
        }
        let Some(raw) = self.one_raw(name)? else { return Ok(None) };
        if raw.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let items: Vec<&str> = match style {
            Style::Form => raw.split(',').collect(),
            Style::PipeDelimited => raw.split('|').collect(),
            Style::SpaceDelimited => split_spaces(raw),
            other => return Err(invalid(Location::Query, name, format!("has style {other:?}, not an array style"))),
        };
        items.into_iter().map(item).collect::<Result<_, _>>().map(Some)
    }

    /// A map parameter in style form, exploded (`?a=1&b=2`): every key that is not one of
    /// `others` (the operation's other query parameters, `k[…]` of a deepObject `k`
    /// included) is the map's; `None` when there is none. A key given twice is refused.
    pub fn rest<T: de::DeserializeOwned>(&self, name: &str, others: &[&str]) -> Result<Option<T>, Rejection> {
        let theirs = |key: &str| {
            others.iter().any(|o| key == *o || key.strip_prefix(o).is_some_and(|rest| rest.starts_with('[')))
        };
        let mut map: Vec<(String, Node)> = Vec::new();
        for (key, raw) in &self.0 {
            if theirs(key) {
                continue;
            }
            // Keys are decoded already (`parse`).
            if map.iter().any(|(k, _)| k == key) {
                return Err(Rejection::new(Location::Query, key, Problem::Repeated));
            }
            let value = Node::Text(decode_query(Location::Query, key, raw)?);
            map.push((key.clone(), value));
        }
        if map.is_empty() {
            return Ok(None);
        }
        deserialize(Location::Query, name, Node::Map(map)).map(Some)
    }

    /// An object parameter. Style form exploded: each of `fields` (the object's property
    /// names) is its own key, each at most once, and `None` when none is there. Style form
    /// not exploded: `name=k,v,k,v`; spaceDelimited and pipeDelimited (never exploded, as
    /// OpenAPI defines them for objects): `name=k%20v%20k%20v`, `name=k|v|k|v`. Style deepObject: `name[k]=v`, nested as deep as the
    /// type goes (`name[a][0][b]=v`).
    pub fn object<T: de::DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
        fields: &[&str],
    ) -> Result<Option<T>, Rejection> {
        match style {
            Style::Form if explode => {
                let mut map = Vec::new();
                for field in fields {
                    if let Some(raw) = self.one_raw(field)? {
                        map.push(((*field).to_owned(), Node::Text(decode_query(Location::Query, field, raw)?)));
                    }
                }
                if map.is_empty() {
                    return Ok(None);
                }
                deserialize(Location::Query, name, Node::Map(map)).map(Some)
            }
            Style::Form => {
                let Some(raw) = self.one_raw(name)? else { return Ok(None) };
                let pairs = members(raw, false, ',')
                    .ok_or_else(|| invalid(Location::Query, name, "is not a list of members `k,v,…`"))?;
                object_from(Location::Query, name, pairs).map(Some)
            }
            Style::DeepObject => {
                let mut tree = Tree::default();
                let mut found = false;
                for (key, raw) in &self.0 {
                    let Some(path) = key.strip_prefix(name).filter(|p| p.starts_with('[')) else { continue };
                    found = true;
                    let keys = bracket_keys(path)
                        .ok_or_else(|| invalid(Location::Query, name, format!("has a malformed key `{key}`")))?;
                    // Under the parameter's own name, so that `name[]=a` adds an item to
                    // a list parameter as it does to a list inside one.
                    let keys: Vec<&str> = std::iter::once(name).chain(keys).collect();
                    let value = decode_query(Location::Query, name, raw)?;
                    tree.insert(&keys, value).map_err(|e| invalid(Location::Query, name, format!("`{key}` {e}")))?;
                }
                if !found {
                    return Ok(None);
                }
                let Node::Map(mut top) = tree.into_node() else { return Ok(None) };
                let Some((_, node)) = top.pop() else { return Ok(None) };
                deserialize(Location::Query, name, node).map(Some)
            }
            Style::SpaceDelimited | Style::PipeDelimited if !explode => {
                let Some(raw) = self.one_raw(name)? else { return Ok(None) };
                let items: Vec<&str> = match (raw.is_empty(), style) {
                    (true, _) => Vec::new(),
                    (false, Style::SpaceDelimited) => split_spaces(raw),
                    (false, _) => raw.split('|').collect(),
                };
                if items.len() % 2 != 0 {
                    return Err(invalid(Location::Query, name, "is not a list of members `k<sep>v<sep>…`"));
                }
                let pairs = items.chunks(2).map(|kv| (kv[0], kv[1])).collect();
                object_from(Location::Query, name, pairs).map(Some)
            }
            other => Err(invalid(Location::Query, name, format!("has style {other:?}, not an object style"))),
        }
    }
}

// ----- header and cookie -----

/// All the text of header `name`, with several lines joined by `,` as RFC 9110 allows for
/// lists; `None` when absent.
fn header_list(headers: &HeaderMap, name: &str) -> Result<Option<String>, Rejection> {
    let mut out: Option<String> = None;
    for value in headers.get_all(name) {
        let text = std::str::from_utf8(value.as_bytes())
            .map_err(|_| Rejection::new(Location::Header, name, Problem::NotUtf8))?;
        match &mut out {
            Some(all) => {
                all.push(',');
                all.push_str(text);
            }
            None => out = Some(text.to_owned()),
        }
    }
    Ok(out)
}

/// An array header parameter (style simple): `a,b`, items as they are (header values
/// are never percent-encoded), whitespace around them ignored.
pub fn header_array<T>(headers: &HeaderMap, name: &str, parse: Parse<T>) -> Result<Option<Vec<T>>, Rejection> {
    let Some(text) = header_list(headers, name)? else { return Ok(None) };
    if text.trim().is_empty() {
        return Ok(Some(Vec::new()));
    }
    text.split(',').map(|item| parsed(Location::Header, name, item.trim(), parse)).collect::<Result<_, _>>().map(Some)
}

/// An object header parameter (style simple): `k,v,k,v`, or `k=v,k=v` exploded.
pub fn header_object<T: de::DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
    explode: bool,
) -> Result<Option<T>, Rejection> {
    let Some(text) = header_text(headers, name)? else { return Ok(None) };
    let text = text.trim();
    let pairs =
        members(text, explode, ',').ok_or_else(|| invalid(Location::Header, name, "is not a list of members"))?;
    let pairs = pairs.into_iter().map(|(k, v)| (k.trim(), v.trim())).collect();
    object_from(Location::Header, name, pairs).map(Some)
}

/// The cookies of a request (`Cookie: a=1; b=2`, possibly over several header lines, as
/// HTTP/2 sends them), values still raw. A cookie parameter given twice is refused when
/// read, rather than one of the two guessed at.
#[derive(Debug, Default)]
pub struct Cookies(Vec<(String, String)>);

impl Cookies {
    /// Reads the `Cookie` headers.
    pub fn parse(headers: &HeaderMap) -> Result<Self, Rejection> {
        let mut out = Vec::new();
        for value in headers.get_all(axum::http::header::COOKIE) {
            let text = std::str::from_utf8(value.as_bytes())
                .map_err(|_| Rejection::new(Location::Header, "Cookie", Problem::NotUtf8))?;
            // A pair without `=` is not `name=value`, so it cannot be one of the operation's
            // cookies; it is some other application's business and is left alone rather
            // than failing every request that carries it.
            for (name, value) in text.split(';').filter_map(|p| p.split_once('=')) {
                out.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        Ok(Self(out))
    }

    /// A cookie's value as sent (an API key), once at most.
    pub fn raw(&self, name: &str) -> Result<Option<&str>, Rejection> {
        self.one_raw(name)
    }

    fn one_raw(&self, name: &str) -> Result<Option<&str>, Rejection> {
        let mut values = self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(Rejection::new(Location::Cookie, name, Problem::Repeated));
        }
        Ok(first)
    }

    /// A scalar cookie parameter, percent-decoded.
    pub fn scalar<T>(&self, name: &str, parse: Parse<T>) -> Result<Option<T>, Rejection> {
        let Some(raw) = self.one_raw(name)? else { return Ok(None) };
        parsed(Location::Cookie, name, raw, parse).map(Some)
    }

    /// An array cookie parameter (style form, `a=1,2`).
    pub fn array<T>(&self, name: &str, parse: Parse<T>) -> Result<Option<Vec<T>>, Rejection> {
        let Some(raw) = self.one_raw(name)? else { return Ok(None) };
        if raw.is_empty() {
            return Ok(Some(Vec::new()));
        }
        raw.split(',').map(|item| parsed(Location::Cookie, name, item, parse)).collect::<Result<_, _>>().map(Some)
    }

    /// An object cookie parameter (style form, `o=k,v,k,v`).
    pub fn object<T: de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        let Some(raw) = self.one_raw(name)? else { return Ok(None) };
        let pairs =
            members(raw, false, ',').ok_or_else(|| invalid(Location::Cookie, name, "is not a list of members"))?;
        object_from(Location::Cookie, name, pairs).map(Some)
    }
}

// ----- application/x-www-form-urlencoded -----

pub use crate::form::{ArrayForm, FormEncoding};

/// Decodes an `application/x-www-form-urlencoded` body into `T` (see `crate::form::read`
/// for the rules). A failure is a 400 naming the body path (`items[0].price`).
pub fn form<T: de::DeserializeOwned>(body: &[u8], encoding: FormEncoding<'_>) -> Result<T, Rejection> {
    crate::form::read(body, encoding).map_err(|e| {
        let problem = match e.problem {
            crate::form::Problem::NotUtf8 => Problem::NotUtf8,
            crate::form::Problem::MalformedEscape => Problem::MalformedEscape,
            crate::form::Problem::Invalid(reason) => Problem::Invalid(reason),
        };
        Rejection::new(Location::Body, &e.name, problem)
    })
}

/// A parameter `in: querystring` (OpenAPI 3.2) whose content is a form: the whole query
/// string read as a form of `T`, by `crate::form` as a form body is. An empty or absent
/// query is `None` for an optional parameter and the empty form for a required one (an
/// object whose every property is optional is written as nothing). A field that does not
/// read is a 400 naming `name.field`.
pub fn query_string_form<T: de::DeserializeOwned>(
    raw: Option<&str>,
    name: &str,
    required: bool,
) -> Result<Option<T>, Rejection> {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() && !required {
        return Ok(None);
    }
    crate::form::read(raw.as_bytes(), &[]).map(Some).map_err(|e| {
        let problem = match e.problem {
            crate::form::Problem::NotUtf8 => Problem::NotUtf8,
            crate::form::Problem::MalformedEscape => Problem::MalformedEscape,
            crate::form::Problem::Invalid(reason) => Problem::Invalid(reason),
        };
        let at = if e.name.is_empty() { name.to_owned() } else { format!("{name}.{}", e.name) };
        Rejection::new(Location::Query, &at, problem)
    })
}

/// A parameter `in: querystring` whose content is JSON: the whole query string,
/// percent-decoded (strictly: malformed escapes and bad UTF-8 are refused), read as JSON.
/// An empty or absent query is `None`.
pub fn query_string_json<T: de::DeserializeOwned>(raw: Option<&str>, name: &str) -> Result<Option<T>, Rejection> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else { return Ok(None) };
    let text = decoded(Location::Query, name, raw)?;
    super::json(&text).map(Some).map_err(|e| invalid(Location::Query, name, e))
}

// ----- bodies -----

/// The media type of a request, lowercased and without parameters; `None` without a
/// `Content-Type`.
fn essence(parts: &Parts) -> Result<Option<String>, Rejection> {
    let text = header_text(&parts.headers, "Content-Type")?;
    Ok(text.map(|t| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()))
}

/// Whether `essence` is one of `accepted`, which may hold ranges (`image/*`, `*/*`) and
/// `application/json`, which also accepts any `+json` type.
fn accepts(accepted: &[&str], essence: &str) -> bool {
    accepted.iter().any(|a| {
        let a = a.to_ascii_lowercase();
        a == essence
            || a == "*/*"
            || a.strip_suffix("/*").is_some_and(|top| essence.split('/').next() == Some(top))
            || (a == "application/json" && essence.starts_with("application/") && essence.ends_with("+json"))
    })
}

/// Checks the media type of a request body that streams, read as it arrives
/// (`crate::stream::receive`): a `Content-Type` that is not one of `accepted` is refused
/// with 415 naming it; a missing one is taken for the declared type (an empty body is an
/// empty stream), unless the body is `required` and the request sends none: no
/// `Content-Type` and, by its headers, no byte (`Content-Length: 0`, or neither it nor
/// `Transfer-Encoding`), which is 400 as any required body left out.
pub fn streamed(parts: &Parts, accepted: &[&str], required: bool) -> Result<(), Rejection> {
    match essence(parts)? {
        Some(media) if !accepts(accepted, &media) => Err(Rejection::with_status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Location::Header,
            "Content-Type",
            Problem::Unsupported(media, accepted.join(", ")),
        )),
        None if required && sends_nothing(parts) => Err(Rejection::new(Location::Body, ".", Problem::Missing)),
        _ => Ok(()),
    }
}

/// Whether a request's headers say its body is empty.
fn sends_nothing(parts: &Parts) -> bool {
    let length = parts.headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok());
    match length {
        Some(length) => length.trim() == "0",
        None => !parts.headers.contains_key(axum::http::header::TRANSFER_ENCODING),
    }
}

/// Reads a request body of a declared media type: refuses a `Content-Type` that is not
/// one of `accepted` with 415 naming it (a missing one too, when a body is sent), and a
/// body over `limit` bytes with 413, stopping as soon as the limit is passed (or before
/// reading, when `Content-Length` says so). Returns the media type found and the bytes;
/// `None` for an empty body.
pub async fn body(
    parts: &Parts,
    body: Body,
    limit: usize,
    accepted: &[&str],
) -> Result<Option<(String, Bytes)>, Rejection> {
    let too_large = || {
        Rejection::with_status(
            StatusCode::PAYLOAD_TOO_LARGE,
            Location::Body,
            ".",
            Problem::Invalid(format!("is larger than {limit} bytes")),
        )
    };
    let declared =
        parts.headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = body;
    let mut data: Vec<u8> = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| Rejection::new(Location::Body, ".", Problem::Unreadable(e.to_string())))?;
        if let Ok(chunk) = frame.into_data() {
            if data.len() + chunk.len() > limit {
                return Err(too_large());
            }
            data.extend_from_slice(&chunk);
        }
    }
    let unsupported =
        |problem| Rejection::with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE, Location::Header, "Content-Type", problem);
    if data.is_empty() {
        // No bytes are no body, except under a media type the operation takes whose values
        // include no bytes: the empty text (Gitea's `POST /markdown/raw` of `""`) or the
        // empty file (Netlify's `PUT /deploys/{deploy_id}/files/{path}` of an empty
        // `application/octet-stream`), which a missing body is not. JSON, a form and
        // multipart have no empty value, so there no bytes stay no body.
        return Ok(match essence(parts)? {
            Some(media) if holds_no_bytes(&media) && accepts(accepted, &media) => Some((media, Bytes::new())),
            _ => None,
        });
    }
    let media = essence(parts)?.ok_or_else(|| unsupported(Problem::Missing))?;
    if !accepts(accepted, &media) {
        return Err(unsupported(Problem::Unsupported(media, accepted.join(", "))));
    }
    Ok(Some((media, Bytes::from(data))))
}

/// Whether a media type's values include the empty byte string: every one but JSON
/// (`application/json`, any `+json`), a form and multipart, whose empty text is no value.
fn holds_no_bytes(essence: &str) -> bool {
    let json = essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"));
    !json && essence != "application/x-www-form-urlencoded" && !essence.starts_with("multipart/")
}

/// A response with a body of any media type (binary, text, a form): the status, its
/// `Content-Type` and the bytes. A status or media type that cannot be sent is the
/// implementation's bug: it is logged and answered 500, as for JSON responses.
pub fn bytes_response(status: u16, content_type: &str, body: impl Into<Bytes>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (Ok(status), Ok(value)) = (StatusCode::from_u16(status), axum::http::HeaderValue::from_str(content_type))
    else {
        tracing::error!(status, content_type, "a response has a status or media type that cannot be sent");
        return super::message_response(StatusCode::INTERNAL_SERVER_ERROR);
    };
    (status, [(axum::http::header::CONTENT_TYPE, value)], body.into()).into_response()
}

/// A response with a JSON body of a declared JSON media type (`application/problem+json`,
/// say): [`bytes_response`] with the value's JSON. A value that cannot be JSON is the
/// implementation's bug: it is logged and answered 500, as for `application/json`.
pub fn json_response_as<T: serde::Serialize>(status: u16, content_type: &str, body: &T) -> axum::response::Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => bytes_response(status, content_type, bytes),
        Err(error) => {
            tracing::error!(%error, "a response body cannot be written as JSON");
            super::message_response(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// A response with an `application/x-www-form-urlencoded` body, written as the client
/// writes request bodies (`crate::form::write`; `encoding` as for those). A value that
/// cannot be a form (not an object, a key with brackets) is the implementation's bug: it
/// is logged and answered 500, as for JSON.
pub fn form_response<T: serde::Serialize>(
    status: u16,
    content_type: &str,
    body: &T,
    encoding: FormEncoding<'_>,
) -> axum::response::Response {
    match crate::form::write(body, encoding) {
        Ok(text) => bytes_response(status, content_type, text),
        Err(reason) => {
            tracing::error!(%reason, "a response body cannot be written as a form");
            super::message_response(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// A text body (`text/plain`, `text/csv`, …) as a string, refused unless it is UTF-8.
pub fn text(bytes: Bytes) -> Result<String, Rejection> {
    String::from_utf8(bytes.into()).map_err(|_| Rejection::new(Location::Body, ".", Problem::NotUtf8))
}

// ----- multipart/form-data: `multipart.rs` -----

mod multipart;

pub use multipart::{Multipart, Part, declared_type, item_file, item_json, item_text};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_at_their_literals() {
        let pieces = [Piece::Lit("v"), Piece::Param("a"), Piece::Lit("-"), Piece::Param("b"), Piece::Lit(".json")];
        assert_eq!(split_segment("vx%2Dy-z.json.json", &pieces), Ok(vec!["x%2Dy", "z.json"]));
        assert!(split_segment("x-z.json", &pieces).is_err(), "no leading literal");
        assert!(split_segment("vx-z.xml", &pieces).is_err(), "no trailing literal");
        let adjacent = split_segment("xy", &[Piece::Param("a"), Piece::Param("b")]).expect_err("cannot be split");
        assert_eq!(adjacent.parameter(), "a");
    }
}
