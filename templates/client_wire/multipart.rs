//! A `multipart/form-data` body written: one part per property, files with their names and
//! media types, under a boundary no part contains.

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
        out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        out.extend_from_slice(part.name.as_bytes());
        out.push(b'"');
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
    let content_type = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
        .map_err(|_| Error::Parameter { parameter: "body", reason: "has no usable boundary".to_owned() })?;
    Ok((content_type, Bytes::from(out)))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
