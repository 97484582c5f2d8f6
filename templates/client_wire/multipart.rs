//! A multipart body written: a `multipart/form-data` part per property, files with their
//! names and media types, or (OpenAPI 3.2's arrays of parts) a part per item in order,
//! under a boundary no part contains.
//!
//! Written here rather than with reqwest's `multipart::Form` (its `multipart` feature):
//! a `Form` is always `multipart/form-data` (an array body may be `multipart/mixed`, whose
//! parts have no `Content-Disposition`), it is sent as a stream body, which reqwest cannot
//! clone to resend a rate-limited call, and the feature pulls in `mime_guess`. Writing
//! parts under a boundary is the easy half of multipart; reading them (the server's
//! `wire/multipart.rs`) is multer's.

use std::fmt;

use super::{Bytes, Error, HeaderValue};

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The form field it answers (`Content-Disposition: form-data; name="…"`).
    pub name: String,
    /// A file part's file name.
    pub filename: Option<String>,
    /// Its media type (`encoding.contentType`); none for plain text fields.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: Bytes,
}

impl Part {
    /// A text field.
    pub fn text(name: &str, value: &dyn fmt::Display) -> Self {
        Self { name: name.to_owned(), filename: None, content_type: None, data: Bytes::from(value.to_string()) }
    }

    /// A field holding `value` as JSON (an object or array property of a multipart body,
    /// whose default `contentType` is `application/json`).
    pub fn json<T: serde::Serialize>(name: &'static str, value: &T) -> Result<Self, Error> {
        let data =
            serde_json::to_vec(value).map_err(|e| Error::Parameter { parameter: name, reason: e.to_string() })?;
        Ok(Self {
            name: name.to_owned(),
            filename: None,
            content_type: Some("application/json".to_owned()),
            data: Bytes::from(data),
        })
    }

    /// A part for an entry of a multipart body's map of undeclared properties
    /// (`additionalProperties`) holding `value` as JSON (an object, array or any value).
    pub fn json_entry<T: serde::Serialize>(key: &str, value: &T) -> Result<Self, Error> {
        let mut part = Self::json("body", value)?;
        key.clone_into(&mut part.name);
        Ok(part)
    }

    /// A file part of a multipart body's `format: binary` property: its bytes, its file
    /// name if it has one, and its media type (the file's own, else the declared one).
    pub fn binary(name: &str, filename: Option<&str>, content_type: &str, data: Bytes) -> Self {
        Self {
            name: name.to_owned(),
            filename: filename.map(str::to_owned),
            content_type: Some(content_type.to_owned()),
            data,
        }
    }

    /// The same part with the media type `content_type`, when there is one (what the
    /// position of an array body's part declares, see [`declared_type`]).
    pub fn typed(mut self, content_type: Option<&str>) -> Self {
        if let Some(content_type) = content_type {
            self.content_type = Some(content_type.to_owned());
        }
        self
    }

    /// A file, with its name and media type.
    pub fn file(name: &str, filename: &str, content_type: &str, data: Bytes) -> Self {
        Self {
            name: name.to_owned(),
            filename: Some(filename.to_owned()),
            content_type: Some(content_type.to_owned()),
            data,
        }
    }
}

/// Writes `parts` as a `multipart/form-data` body (RFC 7578) and returns it with its
/// `Content-Type` (which carries the boundary). An array of files is several parts of one
/// name. The boundary is chosen so that no part contains it, so any bytes can be sent.
///
/// The body is built here rather than by `reqwest::multipart` so that the client and the
/// server's reader share one definition of the format, tested against each other, and so
/// that the request stays retryable (a buffered body, not a stream).
pub fn multipart(parts: &[Part]) -> Result<(HeaderValue, Bytes), Error> {
    frame("multipart/form-data", parts, true)
}

/// The media type the part at `position` of a multipart body that is an array declares
/// (OpenAPI 3.2's `prefixEncoding`, position by position, then `itemEncoding`): the first
/// of its declared types that is not a range, if any.
pub fn declared_type(prefix: &[&[&'static str]], items: &[&'static str], position: usize) -> Option<&'static str> {
    prefix.get(position).copied().unwrap_or(items).iter().copied().find(|t| !t.contains('*'))
}

/// Writes `parts` in order as a multipart body of the media type `media` whose parts are
/// its items, not named properties (OpenAPI 3.2's arrays of parts), and returns it with
/// its `Content-Type`. `multipart/form-data` names every part (RFC 7578), so there each
/// part has its `name` (the generated client names them by position: `0`, `1`, …); in any
/// other multipart type (`multipart/mixed`, RFC 2046) a part has no `Content-Disposition`
/// unless it is a file with a name (`attachment; filename="…"`).
pub fn multipart_items(media: &str, parts: &[Part]) -> Result<(HeaderValue, Bytes), Error> {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let named = essence == "multipart/form-data";
    frame(&essence, parts, named)
}

/// The body of `parts` as the multipart type `media`, each part named (`form-data`) when
/// `named`.
fn frame(media: &str, parts: &[Part], named: bool) -> Result<(HeaderValue, Bytes), Error> {
    for part in parts {
        let quoted = [Some(&part.name), part.filename.as_ref()];
        if quoted.into_iter().flatten().any(|t| t.contains(['"', '\r', '\n'])) {
            return Err(Error::Parameter {
                parameter: "body",
                reason: format!("part `{}` has a name with a quote or line break", part.name.escape_debug()),
            });
        }
        if part.content_type.as_deref().is_some_and(|t| HeaderValue::from_str(t).is_err() || t.contains(['\r', '\n'])) {
            return Err(Error::Parameter {
                parameter: "body",
                reason: format!("part `{}` has an invalid content type", part.name),
            });
        }
    }
    let mut boundary = String::from("----openapi-rust-gen");
    let mut n: u64 = 0;
    while parts.iter().any(|p| contains(&p.data, boundary.as_bytes())) {
        n += 1;
        boundary = format!("----openapi-rust-gen-{n:x}");
    }
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.data.len() + 128).sum());
    for part in parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        if named {
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.extend_from_slice(part.name.as_bytes());
            out.push(b'"');
        } else if part.filename.is_some() {
            out.extend_from_slice(b"\r\nContent-Disposition: attachment");
        }
        if let Some(filename) = &part.filename {
            out.extend_from_slice(b"; filename=\"");
            out.extend_from_slice(filename.as_bytes());
            out.push(b'"');
        }
        if let Some(content_type) = &part.content_type {
            out.extend_from_slice(b"\r\nContent-Type: ");
            out.extend_from_slice(content_type.as_bytes());
        }
        out.extend_from_slice(b"\r\n\r\n");
        out.extend_from_slice(&part.data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    let content_type = HeaderValue::from_str(&format!("{media}; boundary={boundary}"))
        .map_err(|_| Error::Parameter { parameter: "body", reason: "has no usable boundary".to_owned() })?;
    Ok((content_type, Bytes::from(out)))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
