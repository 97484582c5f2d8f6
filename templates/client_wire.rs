//! Parameter styles and body media types as the client writes them: every OpenAPI 3.0.3
//! `style` for path, query, header and cookie parameters, `application/x-www-form-urlencoded`
//! bodies with deepObject brackets, and `multipart/form-data` bodies.
//!
//! The generated client calls these; the server's `runtime::wire` reads what they write
//! back into the same typed values (the tests crate proves it with property tests). Every
//! value but a header's is percent-encoded so that its delimiters (`,` `.` `;` `=` `|` `[`
//! `]` `&`) cannot be mistaken for the style's own; header values are never
//! percent-encoded (OpenAPI 3.1.2 and 3.2, Appendix D), so a delimiter in one is refused.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{COOKIE, HeaderMap, HeaderValue};

use super::{COMPONENT, Error, Query};
use crate::form::{Form, push_encoded, push_joined, scalar_text};

/// How a parameter is laid out on the wire: OpenAPI's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `5`, `3,4,5`, `role,admin` (path and header; RFC 6570 `{x}`).
    Simple,
    /// `.5`, `.3.4.5` (path; RFC 6570 `{.x}`).
    Label,
    /// `;id=5`, `;id=3;id=4` (path; RFC 6570 `{;x}`).
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

/// In a path piece shared with literal text or another parameter, and in array items and
/// object members, every byte but ASCII letters and digits is encoded: a value can then
/// hold neither a delimiter nor a template's literal text that starts with punctuation
/// (`{Sid}.json`, `{owner}-{repo}`), and a `.` in a value never makes a dot segment.
const STRICT: &AsciiSet = NON_ALPHANUMERIC;

/// What a template's literal path text may keep: RFC 3986's `pchar` (unreserved,
/// sub-delimiters, `:` and `@`). Anything else in the spec's text is encoded.
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

/// `allowReserved: true`: the reserved characters that cannot change how the query is
/// split or decoded stay as they are. `&`, `=`, `#` and `+` are still encoded (they would
/// end the pair, the value or the URL, or become a space), and so are `,` and `|`, which
/// delimit array items.
const RESERVED_ALLOWED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b';');

/// A parameter's value in the shape its schema gives it, each item already as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string, number, boolean, date or enum.
    Scalar(String),
    /// An array of scalars.
    Array(Vec<String>),
    /// An object of scalar members, in order (`None` members are left out).
    Object(Vec<(String, String)>),
}

impl Value {
    /// A scalar, as it displays (dates through [`super::Rfc3339`]).
    pub fn scalar(value: &dyn fmt::Display) -> Self {
        Self::Scalar(value.to_string())
    }

    /// An array of scalars.
    pub fn array<I>(items: I) -> Self
    where
        I: IntoIterator,
        I::Item: fmt::Display,
    {
        Self::Array(items.into_iter().map(|i| i.to_string()).collect())
    }

    /// An object whose members are scalars. Styles have no way to nest, so a member that is
    /// itself an array or object is refused (send such a parameter as `content` JSON, or
    /// as a deepObject through [`query_deep_object`]).
    pub fn object<T: serde::Serialize>(parameter: &'static str, value: &T) -> Result<Self, Error> {
        let fail = |reason: String| Error::Parameter { parameter, reason };
        let serde_json::Value::Object(members) = serde_json::to_value(value).map_err(|e| fail(e.to_string()))? else {
            return Err(fail("is not an object".to_owned()));
        };
        let mut out = Vec::with_capacity(members.len());
        for (name, member) in members {
            match scalar_text(&member) {
                Some(Some(text)) => out.push((name, text)),
                Some(None) => {}
                None => {
                    return Err(fail(format!("has a member `{name}` that is not a scalar, which no style can carry")));
                }
            }
        }
        Ok(Self::Object(out))
    }
}

/// An object's members as `k,v,k,v` (`explode: false`) or `k=v<sep>k=v` (`explode: true`).
fn push_members(out: &mut String, members: &[(String, String)], explode: bool, separator: &str) {
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push_str(if explode { separator } else { "," });
        }
        push_encoded(out, name, STRICT);
        out.push_str(if explode { "=" } else { "," });
        push_encoded(out, value, STRICT);
    }
}

// ----- path -----

/// One path segment built from literal text and parameters (`/Calls/{Sid}.json`,
/// `/{owner}-{repo}`, `/{;id*}`). Start it with [`Segment::new`], add the template's pieces
/// in order, and [`Segment::finish`] it, which refuses a segment that would be empty or a
/// dot segment (`.`, `..`, or their encodings), as these would change the endpoint called.
///
/// A segment that is exactly one simple-style scalar keeps using
/// [`super::push_segment_display`], which is cheaper and leaves `.` unencoded.
#[derive(Debug)]
pub struct Segment<'p> {
    path: &'p mut String,
    start: usize,
    last: &'static str,
}

impl<'p> Segment<'p> {
    /// Starts a segment: appends the `/`.
    pub fn new(path: &'p mut String) -> Self {
        path.push('/');
        let start = path.len();
        Self { path, start, last: "" }
    }

    /// Literal text of the template.
    pub fn literal(&mut self, text: &str) -> &mut Self {
        push_encoded(self.path, text, PCHAR);
        self
    }

    /// A parameter in `style` (simple, label or matrix), exploded or not.
    pub fn param(
        &mut self,
        name: &'static str,
        style: Style,
        explode: bool,
        value: &Value,
    ) -> Result<&mut Self, Error> {
        self.last = name;
        let path = &mut *self.path;
        let prefix = match style {
            Style::Simple => "",
            Style::Label => ".",
            Style::Matrix => ";",
            other => {
                return Err(Error::Parameter {
                    parameter: name,
                    reason: format!("has style {other:?}, not a path style"),
                });
            }
        };
        match (style, value) {
            (Style::Simple, Value::Scalar(s)) if s.is_empty() => {
                return Err(Error::Parameter {
                    parameter: name,
                    reason: "is empty, and a path value cannot be".to_owned(),
                });
            }
            (Style::Matrix, Value::Scalar(s)) => {
                path.push(';');
                push_encoded(path, name, STRICT);
                if !s.is_empty() {
                    path.push('=');
                    push_encoded(path, s, STRICT);
                }
            }
            (_, Value::Scalar(s)) => {
                path.push_str(prefix);
                push_encoded(path, s, STRICT);
            }
            (Style::Matrix, Value::Array(items)) if explode && !items.is_empty() => {
                for item in items {
                    path.push(';');
                    push_encoded(path, name, STRICT);
                    path.push('=');
                    push_encoded(path, item, STRICT);
                }
            }
            (Style::Matrix, Value::Array(items)) => {
                path.push(';');
                push_encoded(path, name, STRICT);
                if !items.is_empty() {
                    path.push('=');
                    push_joined(path, items.iter().map(String::as_str), ",", STRICT);
                }
            }
            (_, Value::Array(items)) => {
                path.push_str(prefix);
                let between = if explode && style == Style::Label { "." } else { "," };
                push_joined(path, items.iter().map(String::as_str), between, STRICT);
            }
            (Style::Matrix, Value::Object(members)) if explode => {
                path.push(';');
                push_members(path, members, true, ";");
            }
            (Style::Matrix, Value::Object(members)) => {
                path.push(';');
                push_encoded(path, name, STRICT);
                path.push('=');
                push_members(path, members, false, "");
            }
            (_, Value::Object(members)) => {
                path.push_str(prefix);
                push_members(path, members, explode, if style == Style::Label { "." } else { "," });
            }
        }
        Ok(self)
    }

    /// Ends the segment, refusing one that is empty or a dot segment.
    pub fn finish(self) -> Result<(), Error> {
        let segment = &self.path[self.start..];
        let undotted = segment.replace("%2E", ".").replace("%2e", ".");
        let reason = match undotted.as_str() {
            "" => "leaves its path segment empty",
            "." | ".." => "makes a dot segment, which would change the endpoint called",
            _ => return Ok(()),
        };
        self.path.truncate(self.start);
        Err(Error::Parameter { parameter: self.last, reason: reason.to_owned() })
    }
}

// ----- query -----

/// A query parameter in `style` (form, spaceDelimited, pipeDelimited or deepObject),
/// exploded or not, encoded fully or, with `allow_reserved`, keeping the reserved characters
/// that cannot change how the query is read. An absent parameter is simply not pushed.
pub fn query(
    q: &mut Query,
    name: &'static str,
    style: Style,
    explode: bool,
    allow_reserved: bool,
    value: &Value,
) -> Result<(), Error> {
    let set = if allow_reserved { RESERVED_ALLOWED } else { COMPONENT };
    let fail = |reason: String| Error::Parameter { parameter: name, reason };
    match (style, value) {
        (Style::Form | Style::SpaceDelimited | Style::PipeDelimited, Value::Scalar(s)) => {
            q.key(name, "");
            push_encoded(&mut q.0, s, set);
        }
        (Style::Form | Style::SpaceDelimited | Style::PipeDelimited, Value::Array(items)) if explode => {
            for item in items {
                q.key(name, "");
                push_encoded(&mut q.0, item, set);
            }
        }
        (Style::SpaceDelimited, Value::Array(items)) if items.iter().any(|i| i.contains(' ')) => {
            return Err(fail("has an item with a space, which spaceDelimited cannot tell from a delimiter".to_owned()));
        }
        (Style::Form | Style::SpaceDelimited | Style::PipeDelimited, Value::Array(items)) => {
            let between = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            q.key(name, "");
            push_joined(&mut q.0, items.iter().map(String::as_str), between, set);
        }
        (Style::Form, Value::Object(members)) if explode => {
            for (member, value) in members {
                q.key(member, "");
                push_encoded(&mut q.0, value, set);
            }
        }
        (Style::Form, Value::Object(members)) => {
            q.key(name, "");
            push_members(&mut q.0, members, false, "");
        }
        // OpenAPI 3.0.3's style table: `color=R%20100%20G%20200` and `color=R|100|G|200`.
        // Exploded, these styles are "n/a" for objects, which lowering refuses.
        (Style::SpaceDelimited | Style::PipeDelimited, Value::Object(members)) if !explode => {
            if style == Style::SpaceDelimited && members.iter().any(|(k, v)| k.contains(' ') || v.contains(' ')) {
                return Err(fail(
                    "has a member with a space, which spaceDelimited cannot tell from a delimiter".to_owned(),
                ));
            }
            let between = if style == Style::SpaceDelimited { "%20" } else { "|" };
            q.key(name, "");
            let flat = members.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()]);
            push_joined(&mut q.0, flat, between, STRICT);
        }
        (Style::DeepObject, Value::Object(members)) => {
            for (member, value) in members {
                deep_key(q, name, member)?;
                push_encoded(&mut q.0, value, set);
            }
        }
        (style, value) => return Err(fail(format!("has style {style:?}, which cannot carry {value:?}"))),
    }
    Ok(())
}

/// Starts the pair `name[member]=`, refusing a member name with brackets, which the server
/// could not tell from nesting.
fn deep_key(q: &mut Query, name: &'static str, member: &str) -> Result<(), Error> {
    if member.is_empty() || member.contains(['[', ']']) {
        return Err(Error::Parameter { parameter: name, reason: format!("has a key `{member}` with a bracket") });
    }
    if !q.0.is_empty() {
        q.0.push('&');
    }
    push_encoded(&mut q.0, name, COMPONENT);
    q.0.push('[');
    push_encoded(&mut q.0, member, COMPONENT);
    q.0.push_str("]=");
    Ok(())
}

/// A deepObject query parameter of any shape, nested as Stripe writes them
/// (`filter[created][gte]=1&filter[tags][0]=a`): the rules of [`form_body`].
pub fn query_deep_object<T: serde::Serialize>(q: &mut Query, name: &'static str, value: &T) -> Result<(), Error> {
    let value = serde_json::to_value(value).map_err(|e| Error::Parameter { parameter: name, reason: e.to_string() })?;
    let mut key = String::new();
    push_encoded(&mut key, name, COMPONENT);
    let mut form = Form { out: std::mem::take(&mut q.0) };
    let done = form.nested(&mut key, &value);
    q.0 = form.out;
    done.map_err(|reason| Error::Parameter { parameter: name, reason })
}

/// A query parameter described with `content: application/json`: the value's JSON text,
/// percent-encoded.
pub fn query_json<T: serde::Serialize>(q: &mut Query, name: &'static str, value: &T) -> Result<(), Error> {
    let text = serde_json::to_string(value).map_err(|e| Error::Parameter { parameter: name, reason: e.to_string() })?;
    q.push(name, &text);
    Ok(())
}

/// A parameter `in: querystring` (OpenAPI 3.2) whose content is a form: the value's form
/// is the whole query string, written by `crate::form` as a form body is, so the server
/// reads it back with the same definition.
pub fn query_string_form<T: serde::Serialize>(q: &mut Query, name: &'static str, value: &T) -> Result<(), Error> {
    let text = crate::form::write(value, &[]).map_err(|reason| Error::Parameter { parameter: name, reason })?;
    q.extend_encoded(&text);
    Ok(())
}

/// A parameter `in: querystring` whose content is JSON: the value's JSON text,
/// percent-encoded (every byte but RFC 3986's unreserved ones), is the whole query string.
pub fn query_string_json<T: serde::Serialize>(q: &mut Query, name: &'static str, value: &T) -> Result<(), Error> {
    let text = serde_json::to_string(value).map_err(|e| Error::Parameter { parameter: name, reason: e.to_string() })?;
    let mut encoded = String::with_capacity(text.len() * 3 / 2);
    push_encoded(&mut encoded, &text, COMPONENT);
    q.extend_encoded(&encoded);
    Ok(())
}

// ----- header and cookie -----

/// A header parameter (style simple): a scalar as is, an array as `a,b` and an object as
/// `k,v,k,v` or, exploded, `k=v,k=v`. Header values are never percent-encoded (OpenAPI
/// 3.1.2 and 3.2, Appendix D), so an item or member that holds the style's own delimiter
/// (a comma; `=` in an exploded key), or space at either end, which HTTP trims, cannot be
/// sent and is refused, as is anything a header cannot carry.
pub fn header(headers: &mut HeaderMap, name: &'static str, explode: bool, value: &Value) -> Result<(), Error> {
    let refuse = |what: &str| Error::Parameter {
        parameter: name,
        reason: format!("has {what}, which a header's list cannot carry (header values are not percent-encoded)"),
    };
    let plain = |text: &str| !text.contains(',') && text.trim() == text;
    let text = match value {
        Value::Scalar(s) => return super::header(headers, name, s),
        Value::Array(items) => {
            if items.iter().any(|item| !plain(item)) {
                return Err(refuse("an item with a comma or space at its ends"));
            }
            items.join(",")
        }
        Value::Object(members) => {
            let mut out = String::new();
            for (i, (key, value)) in members.iter().enumerate() {
                if !plain(key) || !plain(value) || (explode && key.contains('=')) {
                    return Err(refuse("a member with a delimiter or space at its ends"));
                }
                if i > 0 {
                    out.push(',');
                }
                out.push_str(key);
                out.push(if explode { '=' } else { ',' });
                out.push_str(value);
            }
            out
        }
    };
    super::header(headers, name, &text)
}

/// Builds the one `Cookie` header of a request: `a=1; b=2`, each value percent-encoded
/// (RFC 6265 forbids `;`, `,`, spaces and quotes in a cookie value), arrays and objects as
/// style form without explode (`a=1,2`; `o=k,v,k,v`).
#[derive(Debug, Default)]
pub struct Cookies(String);

impl Cookies {
    /// Adds a cookie parameter.
    pub fn push(&mut self, name: &'static str, value: &Value) -> Result<(), Error> {
        if name.is_empty() || name.bytes().any(|b| !b.is_ascii_graphic() || b"()<>@,;:\\\"/[]?={}".contains(&b)) {
            return Err(Error::Parameter { parameter: name, reason: "is not a cookie name".to_owned() });
        }
        if !self.0.is_empty() {
            self.0.push_str("; ");
        }
        self.0.push_str(name);
        self.0.push('=');
        match value {
            Value::Scalar(s) => push_encoded(&mut self.0, s, STRICT),
            Value::Array(items) => push_joined(&mut self.0, items.iter().map(String::as_str), ",", STRICT),
            Value::Object(members) => push_members(&mut self.0, members, false, ""),
        }
        Ok(())
    }

    /// Adds the `Cookie` header, if any cookie was pushed. Names are checked and values
    /// encoded as they are pushed, so the header is always valid; the error is kept for the
    /// day that changes rather than a panic.
    pub fn apply(self, headers: &mut HeaderMap) -> Result<(), Error> {
        if self.0.is_empty() {
            return Ok(());
        }
        let value = HeaderValue::from_str(&self.0)
            .map_err(|_| Error::Parameter { parameter: "Cookie", reason: "cannot be a header".to_owned() })?;
        headers.append(COOKIE, value);
        Ok(())
    }

    /// The header's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// ----- application/x-www-form-urlencoded -----

pub use crate::form::{ArrayForm, FormEncoding};

/// Writes `value` (an object) as an `application/x-www-form-urlencoded` body: see
/// `crate::form::write` for the rules.
pub fn form_body<T: serde::Serialize>(value: &T, encoding: FormEncoding<'_>) -> Result<String, Error> {
    crate::form::write(value, encoding).map_err(|reason| Error::Parameter { parameter: "body", reason })
}

/// Decodes an `application/x-www-form-urlencoded` response into `T` with the reader the
/// server uses for request bodies (`crate::form::read`). A failure is `Error::Decode`
/// naming the field (`items[0].price`), without the values it quotes, and keeping the body.
pub fn form_response<T: serde::de::DeserializeOwned>(
    response: &super::RawResponse,
    encoding: FormEncoding<'_>,
) -> Result<T, Error> {
    crate::form::read(&response.body, encoding)
        .map_err(|e| response.decode_error(e.name.clone(), super::without_values(&e.to_string())))
}

// ----- multipart/form-data: `multipart.rs` -----

mod multipart;

pub use multipart::{Part, declared_type, multipart, multipart_items};

/// Sets a call's body and its `Content-Type` (a form, multipart, binary or text body; a
/// JSON body needs only `Call::body`, whose type is the default).
pub fn set_body(call: &mut super::Call, content_type: HeaderValue, body: impl Into<Vec<u8>>) {
    call.headers.insert(reqwest::header::CONTENT_TYPE, content_type);
    call.body = Some(body.into());
}

// ----- responses -----

/// The media type a response carries, lowercased and without parameters (`text/csv`), so
/// that a response offering several types is decoded by the one it actually has.
pub fn media_type(response: &super::RawResponse) -> Option<String> {
    let value = response.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

/// Whether a response's media type (as [`media_type`] gives it) is the declared one: the
/// same essence, within a declared range (`image/*`, `*/*`), or a `+json` type where
/// `application/json` is declared, as the server accepts request bodies.
pub fn media_is(media: &str, declared: &str) -> bool {
    let declared = declared.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    declared == media
        || declared == "*/*"
        || declared.strip_suffix("/*").is_some_and(|top| media.split('/').next() == Some(top))
        || (declared == "application/json" && media.starts_with("application/") && media.ends_with("+json"))
}

/// The error for a response whose `Content-Type` (`media`, empty when there is none) is
/// none of those its status declares; it keeps the response, body and all.
pub fn unexpected_media(response: &super::RawResponse, media: &str, declared: &str) -> Error {
    let message = if media.is_empty() {
        format!("the response has no Content-Type; it declares {declared}")
    } else {
        format!("the response's Content-Type `{media}` is not one it declares ({declared})")
    };
    Error::Decode {
        operation: response.operation,
        path: ".".to_owned(),
        message,
        response: Box::new(super::ErrorResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
        }),
    }
}

/// A text response body (`text/plain`, `text/html`, `text/csv`), which must be UTF-8.
pub fn text(response: &super::RawResponse) -> Result<String, Error> {
    String::from_utf8(response.body.to_vec()).map_err(|e| Error::Decode {
        operation: response.operation,
        path: ".".to_owned(),
        message: format!("the text body is not UTF-8: {e}"),
        response: Box::new(super::ErrorResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
        }),
    })
}
