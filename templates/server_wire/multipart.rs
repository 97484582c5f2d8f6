//! A multipart body read strictly: its `multipart/form-data` parts, each taken by the
//! property it answers, or (OpenAPI 3.2's arrays of parts) every part an item in order;
//! a part held to its declared media types.

use std::collections::BTreeMap;

use super::{Bytes, Location, Parse, Parts, Problem, Rejection, accepts, de, header_text, invalid};

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The form field it answers.
    pub name: String,
    /// A file part's file name.
    pub filename: Option<String>,
    /// Its declared media type.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: Bytes,
}

/// A multipart body's parts, taken one property at a time and then [`Multipart::finish`]ed.
///
/// Decided per OpenAPI: a multipart body is an object whose properties are parts. A part
/// for a property the schema does not declare is left by a body that is one object, since
/// JSON Schema allows such properties (and JSON bodies leave unknown members alike), and
/// refused by [`Multipart::finish`] (400 naming it) while a union's variant is chosen, so
/// that the variant taking every part wins. A property that is not an array may have one
/// part only.
#[derive(Debug)]
pub struct Multipart(Vec<Part>);

impl Multipart {
    /// Splits a body read with [`body`](super::body) into parts, strictly (RFC 7578): the boundary comes
    /// from the `Content-Type`, every part needs `Content-Disposition: form-data; name=…`.
    pub fn parse(parts: &Parts, bytes: &[u8]) -> Result<Self, Rejection> {
        Self::split(parts, bytes, true)
    }

    /// Splits a body whose parts are the items of an array (OpenAPI 3.2's
    /// `prefixEncoding`/`itemEncoding`), not named properties: a part's
    /// `Content-Disposition` (and its name) is optional and of any kind, and a part may
    /// have no headers at all (RFC 2046).
    pub fn parse_items(parts: &Parts, bytes: &[u8]) -> Result<Self, Rejection> {
        Self::split(parts, bytes, false)
    }

    fn split(parts: &Parts, bytes: &[u8], named: bool) -> Result<Self, Rejection> {
        let content_type = header_text(&parts.headers, "Content-Type")?.unwrap_or_default();
        let bad = |reason: String| invalid(Location::Body, ".", reason);
        let boundary = content_type
            .split(';')
            .skip(1)
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v.trim().trim_matches('"'))
            .filter(|b| !b.is_empty() && b.len() <= 70)
            .ok_or_else(|| bad("is multipart without a boundary".to_owned()))?;
        let delimiter = format!("--{boundary}");
        let mut rest = bytes;
        // Anything before the first delimiter is a preamble, which RFC 2046 says to ignore.
        let at = find(rest, delimiter.as_bytes()).ok_or_else(|| bad("has no multipart boundary".to_owned()))?;
        rest = &rest[at + delimiter.len()..];
        let mut out = Vec::new();
        let next = format!("\r\n{delimiter}");
        loop {
            if rest.starts_with(b"--") {
                break;
            }
            rest = rest
                .strip_prefix(b"\r\n")
                .ok_or_else(|| bad("has a boundary not followed by a line break".to_owned()))?;
            let end = find(rest, next.as_bytes()).ok_or_else(|| bad("ends before its closing boundary".to_owned()))?;
            out.push(part(&rest[..end], named).map_err(bad)?);
            rest = &rest[end + next.len()..];
        }
        Ok(Self(out))
    }

    /// The one part named `name`, if any; two are refused.
    pub fn one(&mut self, name: &str) -> Result<Option<Part>, Rejection> {
        let mut found = self.many(name);
        if found.len() > 1 {
            return Err(Rejection::new(Location::Body, name, Problem::Repeated));
        }
        Ok(found.pop())
    }

    /// Every part named `name`, in order (an array of files).
    pub fn many(&mut self, name: &str) -> Vec<Part> {
        let (found, rest) = std::mem::take(&mut self.0).into_iter().partition(|p| p.name == name);
        self.0 = rest;
        found
    }

    /// A text part, parsed.
    pub fn text<T>(&mut self, name: &str, parse: Parse<T>) -> Result<Option<T>, Rejection> {
        let Some(part) = self.one(name)? else { return Ok(None) };
        let text =
            std::str::from_utf8(&part.data).map_err(|_| Rejection::new(Location::Body, name, Problem::NotUtf8))?;
        parse(text).map(Some).map_err(|e| invalid(Location::Body, name, e))
    }

    /// A JSON part.
    pub fn json<T: de::DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, Rejection> {
        let Some(part) = self.one(name)? else { return Ok(None) };
        serde_json::from_slice(&part.data).map(Some).map_err(|e| invalid(Location::Body, name, e.to_string()))
    }

    /// The one file part named `name` (a `format: binary` property), if any. `accepted` are
    /// the media types the spec declares for it (`encoding.contentType`; empty: any), and
    /// `default` the one a client sends when its file does not say, so the part's
    /// `content_type` comes back `None` when it is that one (or the part has none).
    pub fn file(&mut self, name: &str, accepted: &[&str], default: &str) -> Result<Option<Part>, Rejection> {
        self.one(name)?.map(|p| file_part(p, accepted, default)).transpose()
    }

    /// Every file part named `name` (an array of `format: binary`), in order, each as
    /// [`Multipart::file`] reads one.
    pub fn files(&mut self, name: &str, accepted: &[&str], default: &str) -> Result<Vec<Part>, Rejection> {
        self.many(name).into_iter().map(|p| file_part(p, accepted, default)).collect()
    }

    /// Every part no property took, as the entries of the object's map of undeclared
    /// properties (`additionalProperties`), each a text parsed by `parse`. A name given
    /// twice is refused, as a property's would be.
    pub fn rest_text<T>(&mut self, parse: Parse<T>) -> Result<BTreeMap<String, T>, Rejection> {
        self.rest(|part| {
            let text = std::str::from_utf8(&part.data)
                .map_err(|_| Rejection::new(Location::Body, &part.name, Problem::NotUtf8))?;
            parse(text).map_err(|e| invalid(Location::Body, &part.name, e))
        })
    }

    /// Every part no property took, as [`Multipart::rest_text`] reads them, each JSON.
    pub fn rest_json<T: de::DeserializeOwned>(&mut self) -> Result<BTreeMap<String, T>, Rejection> {
        self.rest(|part| {
            serde_json::from_slice(&part.data).map_err(|e| invalid(Location::Body, &part.name, e.to_string()))
        })
    }

    fn rest<T>(&mut self, read: impl Fn(&Part) -> Result<T, Rejection>) -> Result<BTreeMap<String, T>, Rejection> {
        let mut out = BTreeMap::new();
        for part in std::mem::take(&mut self.0) {
            let value = read(&part)?;
            if out.insert(part.name.clone(), value).is_some() {
                return Err(Rejection::new(Location::Body, &part.name, Problem::Repeated));
            }
        }
        Ok(out)
    }

    /// Every part, in order: the items of an array body. A part whose `Content-Type` is
    /// not one its position declares (`prefix`, position by position, then `items`; an
    /// empty list: any) is refused, at its position.
    pub fn items(self, prefix: &[&[&str]], items: &[&str]) -> Result<Vec<Part>, Rejection> {
        for (position, part) in self.0.iter().enumerate() {
            let Some(content_type) = &part.content_type else { continue };
            let essence = |t: &str| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            let accepted = prefix.get(position).copied().unwrap_or(items);
            // Declared with their parameters (`text/plain; charset=utf-8`), compared without.
            let declared: Vec<String> = accepted.iter().map(|t| essence(t)).collect();
            let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
            if !declared.is_empty() && !accepts(&declared, &essence(content_type)) {
                let reason = format!("has media type `{content_type}`, not one of {}", accepted.join(", "));
                return Err(invalid(Location::Body, &position.to_string(), reason));
            }
        }
        Ok(self.0)
    }

    /// Refuses any part no property took.
    pub fn finish(self) -> Result<(), Rejection> {
        match self.0.first() {
            Some(p) => Err(invalid(Location::Body, &p.name, "is a part the operation does not declare")),
            None => Ok(()),
        }
    }
}

/// The media type the part at `position` of an array body declares (`prefix`, position
/// by position, then `items`): the first that is not a range, if any.
pub fn declared_type(prefix: &[&[&'static str]], items: &[&'static str], position: usize) -> Option<&'static str> {
    prefix.get(position).copied().unwrap_or(items).iter().copied().find(|t| !t.contains('*'))
}

/// The item at `position` of an array body, a text part parsed.
pub fn item_text<T>(position: usize, part: &Part, parse: Parse<T>) -> Result<T, Rejection> {
    let at = position.to_string();
    let text = std::str::from_utf8(&part.data).map_err(|_| Rejection::new(Location::Body, &at, Problem::NotUtf8))?;
    parse(text).map_err(|e| invalid(Location::Body, &at, e))
}

/// The item at `position` of an array body, a JSON part.
pub fn item_json<T: de::DeserializeOwned>(position: usize, part: &Part) -> Result<T, Rejection> {
    serde_json::from_slice(&part.data).map_err(|e| invalid(Location::Body, &position.to_string(), e.to_string()))
}

/// A file item of an array body, its media type left out when it is the one a client
/// sends when the file does not say (`declared` for its position, else
/// `application/octet-stream`).
pub fn item_file(mut part: Part, declared: Option<&str>) -> Part {
    let default = declared.unwrap_or("application/octet-stream");
    if part.content_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(default)) {
        part.content_type = None;
    }
    part
}

/// Checks a file part's media type against the declared ones, and leaves it out when it
/// is the default one.
fn file_part(mut part: Part, accepted: &[&str], default: &str) -> Result<Part, Rejection> {
    if let Some(content_type) = &part.content_type {
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !accepted.is_empty() && !accepts(accepted, &essence) {
            let reason = format!("has media type `{content_type}`, not one of {}", accepted.join(", "));
            return Err(invalid(Location::Body, &part.name, reason));
        }
        if content_type.eq_ignore_ascii_case(default) {
            part.content_type = None;
        }
    }
    Ok(part)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A `Content-Disposition` value split at the `;`s that are outside quotes, so a file
/// name may hold one (`filename="a;b.txt"`).
fn disposition_params(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(value[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(value[start..].trim());
    out
}

/// One part: headers, a blank line, the data. A part of `named` properties must say its
/// name in `Content-Disposition: form-data`; an item's may have no headers at all.
fn part(raw: &[u8], named: bool) -> Result<Part, String> {
    let split = match raw.strip_prefix(b"\r\n") {
        Some(data) if !named => Some((&b""[..], data)),
        _ => find(raw, b"\r\n\r\n").map(|at| (&raw[..at], &raw[at + 4..])),
    };
    let (head, data) = match split {
        Some(found) => found,
        // A part may have no headers at all, but then it has no name either.
        None => return Err("has a part without headers".to_owned()),
    };
    let head = std::str::from_utf8(head).map_err(|_| "has part headers that are not UTF-8".to_owned())?;
    let (mut name, mut filename, mut content_type) = (None, None, None);
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let (field, value) = line.split_once(':').ok_or_else(|| format!("has a malformed part header `{line}`"))?;
        let value = value.trim();
        if field.trim().eq_ignore_ascii_case("content-disposition") {
            let mut params = disposition_params(value).into_iter();
            if !params.next().is_some_and(|d| !named || d.eq_ignore_ascii_case("form-data")) {
                return Err(format!("has a part that is not form-data: `{value}`"));
            }
            for param in params {
                let (k, v) = param.split_once('=').ok_or_else(|| format!("has a malformed disposition `{value}`"))?;
                let v = v.trim().trim_matches('"').to_owned();
                match k.trim().to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if field.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        }
    }
    let name = match name {
        Some(name) => name,
        None if !named => String::new(),
        None => return Err("has a part without a name".to_owned()),
    };
    Ok(Part { name, filename, content_type, data: Bytes::copy_from_slice(data) })
}
