//! A multipart body read strictly: its `multipart/form-data` parts, each taken by the
//! property it answers, or (OpenAPI 3.2's arrays of parts) every part an item in order;
//! a part held to its declared media types. The framing (boundary, parts, their headers)
//! is multer's, axum's own multipart parser; what a part must say is decided here.

use std::collections::BTreeMap;

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use futures_util::FutureExt as _;

use super::{Bytes, Location, Parse, Parts, Problem, Rejection, accepts, de, header_text, invalid, json_text};

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
        let bad = |reason: &str| invalid(Location::Body, ".", reason);
        // `multer::parse_boundary` takes `multipart/form-data` only, and an array body may
        // be `multipart/mixed`, so the boundary is read with `mime` (multer's own parser).
        // RFC 2046 bounds a boundary to 1 to 70 characters.
        let boundary = content_type
            .parse::<mime::Mime>()
            .ok()
            .filter(|m| m.type_() == mime::MULTIPART)
            .and_then(|m| m.get_param(mime::BOUNDARY).map(|b| b.as_str().to_owned()))
            .filter(|b| !b.is_empty() && b.len() <= 70)
            .ok_or_else(|| bad("is multipart without a boundary"))?;
        let body = headerless(bytes, &boundary, named).map_err(|reason| bad(&reason))?;
        // The body is already in memory (read within its limit by `body`), so the stream is
        // one ready chunk and multer's futures never wait: `now_or_never` drives them
        // without making every caller (and a union's variant readers) async.
        let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(body)));
        let mut reader = multer::Multipart::new(stream, boundary);
        let mut out = Vec::new();
        loop {
            let field = reader.next_field().now_or_never().unwrap_or(Err(multer::Error::IncompleteStream));
            let Some(field) = field.map_err(|e| bad(&framing(&e)))? else { break };
            let header = |name| field.headers().get(name).map(|v| std::str::from_utf8(v.as_bytes()));
            let disposition = header(CONTENT_DISPOSITION).transpose();
            let content_type = header(CONTENT_TYPE).transpose();
            let (Ok(disposition), Ok(content_type)) = (disposition, content_type) else {
                return Err(bad("has part headers that are not UTF-8"));
            };
            // RFC 7578: a form's part is `Content-Disposition: form-data`, which multer does
            // not check (it reads `name` and `filename` from any disposition).
            let form_data = |d: &str| d.split(';').next().is_some_and(|d| d.trim().eq_ignore_ascii_case("form-data"));
            if let Some(value) = disposition.filter(|d| named && !form_data(d)) {
                return Err(bad(&format!("has a part that is not form-data: `{value}`")));
            }
            let name = match field.name() {
                Some(name) => name.to_owned(),
                None if !named => String::new(),
                None => return Err(bad("has a part without a name")),
            };
            let filename = field.file_name().map(str::to_owned);
            let content_type = content_type.map(str::to_owned);
            let data = field.bytes().now_or_never().unwrap_or(Err(multer::Error::IncompleteStream));
            let data = data.map_err(|e| bad(&framing(&e)))?;
            out.push(Part { name, filename, content_type, data });
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

    /// Every part named `name`, in order (an array's items, or files).
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

    /// A text part of a nullable property: its value parsed, or else, when the text is
    /// `null`, the `null` the schema allows (`Some(None)`). A text part has no `null` of
    /// its own, and a writer of JSON values writes this one so (schemathesis, OpenAI's
    /// `n: {type: integer, nullable: true}`); the value is tried first, so a string's
    /// `null` stays the string.
    pub fn text_or_null<T>(&mut self, name: &str, parse: Parse<T>) -> Result<Option<Option<T>>, Rejection> {
        let Some(part) = self.one(name)? else { return Ok(None) };
        let text =
            std::str::from_utf8(&part.data).map_err(|_| Rejection::new(Location::Body, name, Problem::NotUtf8))?;
        match parse(text) {
            Ok(value) => Ok(Some(Some(value))),
            Err(_) if text == "null" => Ok(Some(None)),
            Err(e) => Err(invalid(Location::Body, name, e)),
        }
    }

    /// A JSON part.
    pub fn json<T: de::DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, Rejection> {
        let Some(part) = self.one(name)? else { return Ok(None) };
        json_text(&part.data).map(Some).map_err(|e| invalid(Location::Body, name, e))
    }

    /// Every part named `name`, in order, each an item of an array property (a part per
    /// value, RFC 7578 section 4.3), a text parsed.
    pub fn texts<T>(&mut self, name: &str, parse: Parse<T>) -> Result<Vec<T>, Rejection> {
        let read = |part: Part| {
            let text =
                std::str::from_utf8(&part.data).map_err(|_| Rejection::new(Location::Body, name, Problem::NotUtf8))?;
            parse(text).map_err(|e| invalid(Location::Body, name, e))
        };
        self.many(name).into_iter().map(read).collect()
    }

    /// Every part named `name`, in order, each an item of an array property, JSON. A part
    /// that is not an item but a JSON array of them is those items: schemathesis (and
    /// other senders) put an array of objects in one `application/json` part, which
    /// cannot be one object item, so reading it so is no ambiguity (an item that is itself
    /// an array is read as an item first).
    pub fn jsons<T: de::DeserializeOwned>(&mut self, name: &str) -> Result<Vec<T>, Rejection> {
        let mut out = Vec::new();
        for part in self.many(name) {
            match json_text::<T>(&part.data) {
                Ok(item) => out.push(item),
                Err(e) => match json_text::<Vec<T>>(&part.data) {
                    Ok(items) => out.extend(items),
                    Err(_) => return Err(invalid(Location::Body, name, e)),
                },
            }
        }
        Ok(out)
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
        self.rest(|part| json_text(&part.data).map_err(|e| invalid(Location::Body, &part.name, e)))
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

    /// How many parts no property has taken yet.
    pub fn remaining(&self) -> usize {
        self.0.len()
    }

    /// Ends the reading of one variant of an untagged union of objects, which had `before`
    /// parts to take. Read `strict`ly, it refuses any part left over (the variant that takes
    /// every part is the one sent); otherwise it leaves them (a schema allows properties it
    /// does not declare) but refuses when the variant took none at all, so that undeclared
    /// parts alone fit no variant.
    pub fn finish_variant(self, strict: bool, before: usize) -> Result<(), Rejection> {
        if strict {
            return self.finish();
        }
        if self.0.len() == before {
            return Err(invalid(Location::Body, ".", "takes none of the parts"));
        }
        Ok(())
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
    json_text(&part.data).map_err(|e| invalid(Location::Body, &position.to_string(), e))
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

/// What a multer error says of the body, as a reason for the 400.
fn framing(error: &multer::Error) -> String {
    match error {
        multer::Error::IncompleteStream | multer::Error::IncompleteFieldData { .. } => {
            "ends before its closing boundary".to_owned()
        }
        multer::Error::IncompleteHeaders | multer::Error::ReadHeaderFailed(_) => {
            "has a part with malformed headers".to_owned()
        }
        other => format!("is not a well-formed multipart body: {other}"),
    }
}

/// The body as multer can read it. RFC 2046 lets a part have no headers at all (the
/// delimiter line, then a blank line, then the data), which multer cannot read: it takes
/// everything up to the next blank line as the part's headers, so it would swallow the
/// data and the next part's headers. A form's part needs a name, so there such a part is
/// refused; an array body's part (`named` false) is given a header that says nothing
/// (`Content-Transfer-Encoding: binary`, HTTP's only encoding, RFC 7578 section 4.7) so
/// multer reads it as a part with no name and no media type, as it is.
fn headerless(bytes: &[u8], boundary: &str, named: bool) -> Result<Bytes, String> {
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = bytes;
    let mut at_line_start = true;
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        let line_start = if at == 0 { at_line_start } else { rest[..at].ends_with(b"\r\n") };
        let end = at + delimiter.len();
        // Transport padding (spaces and tabs) may follow a delimiter.
        let padding = rest[end..].iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let after = &rest[end + padding..];
        if line_start && after.starts_with(b"\r\n\r\n") {
            if named {
                return Err("has a part without headers".to_owned());
            }
            out.extend_from_slice(&rest[..end + padding + 2]);
            out.extend_from_slice(b"Content-Transfer-Encoding: binary\r\n");
            rest = &after[2..];
        } else {
            out.extend_from_slice(&rest[..end]);
            rest = &rest[end..];
        }
        at_line_start = false;
    }
    out.extend_from_slice(rest);
    Ok(Bytes::from(out))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(named: &[(&str, &'static [u8])]) -> Multipart {
        let part = |(name, data): &(&str, &'static [u8])| Part {
            name: (*name).to_owned(),
            filename: None,
            content_type: None,
            data: Bytes::from_static(data),
        };
        Multipart(named.iter().map(part).collect())
    }

    #[test]
    fn a_nullable_text_part_reads_null_where_its_value_cannot_be() {
        let integer: Parse<i64> = |t| t.parse().map_err(|e: std::num::ParseIntError| e.to_string());
        let string: Parse<String> = |t| Ok(t.to_owned());
        let mut m = parts(&[("n", b"null"), ("m", b"2"), ("s", b"null"), ("x", b"nil")]);
        assert_eq!(m.text_or_null("n", integer), Ok(Some(None)));
        assert_eq!(m.text_or_null("m", integer), Ok(Some(Some(2))));
        assert_eq!(m.text_or_null("s", string), Ok(Some(Some("null".to_owned()))));
        assert_eq!(m.text_or_null("absent", integer), Ok(None));
        assert!(m.text_or_null("x", integer).is_err(), "only `null` is null");
        // A property that is not nullable reads `null` as its value's text, as before.
        assert!(parts(&[("n", b"null")]).text("n", integer).is_err());
    }
}
