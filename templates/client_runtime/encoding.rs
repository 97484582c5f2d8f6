//! Path segments, query strings and header parameters, percent-encoded as they are built,
//! in which a path parameter can never leave its segment.

use std::fmt;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::COMPONENT;
use super::error::Error;

/// Encodes one path parameter as exactly one path segment. Values that would change
/// which endpoint is called are refused before anything is sent: the empty string (it
/// would merge two slashes) and the dot segments `.` and `..`. Any other text is safe
/// once percent-encoded, `%2e%2e` included, since its `%` is encoded too.
pub fn segment(parameter: &'static str, value: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(value.len());
    push_segment(&mut out, parameter, value)?;
    Ok(out)
}

/// [`segment`], appended to `path` without an intermediate string.
pub fn push_segment(path: &mut String, parameter: &'static str, value: &str) -> Result<(), Error> {
    push_segment_display(path, parameter, &value)
}

/// [`segment`] for any `Display` value, encoded as it is written: no intermediate string.
pub fn push_segment_display(path: &mut String, parameter: &'static str, value: &dyn fmt::Display) -> Result<(), Error> {
    let start = path.len();
    // Writing into a String cannot fail; a Display impl that reports an error wrote
    // nothing usable, which the checks below refuse as an empty segment.
    let _ = fmt::write(&mut Encoder(path), format_args!("{value}"));
    // Percent-encoding leaves `.` alone, so these are exactly the refused values.
    let refusal = match &path[start..] {
        "" => Some("is empty, and a path segment cannot be".to_owned()),
        dots @ ("." | "..") => Some(format!("is `{dots}`, a dot segment that would change the endpoint called")),
        _ => None,
    };
    match refusal {
        Some(reason) => {
            path.truncate(start);
            Err(Error::Parameter { parameter, reason })
        }
        None => Ok(()),
    }
}

/// A `fmt::Write` that percent-encodes what is written into a string.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        push_component(self.0, s);
        Ok(())
    }

    // chrono writes dates and times a character at a time; the default would encode each
    // through a one-character `str`.
    fn write_char(&mut self, c: char) -> fmt::Result {
        match u8::try_from(c) {
            Ok(b) if unreserved(b) => self.0.push(c),
            _ => push_component(self.0, c.encode_utf8(&mut [0; 4])),
        }
        Ok(())
    }
}

/// Appends `text` percent-encoded with [`COMPONENT`]. Most values (numbers, dates, enum
/// names, parameter names) need no escape, and copying them whole costs less than
/// `utf8_percent_encode`'s search for the next byte to escape.
fn push_component(out: &mut String, text: &str) {
    if text.bytes().all(unreserved) {
        out.push_str(text);
    } else {
        out.extend(utf8_percent_encode(text, COMPONENT));
    }
}

/// Whether a byte is left as it is by [`COMPONENT`]: RFC 3986's unreserved characters (a
/// test holds the two to agree). A table, so that checking a value costs a load a byte.
fn unreserved(b: u8) -> bool {
    const UNRESERVED: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
            b += 1;
        }
        table
    };
    UNRESERVED[usize::from(b)]
}

/// A JSON request body's bytes. A value JSON cannot hold (a map whose keys are not
/// text) is refused before anything is sent, as a parameter named `body`.
pub fn json_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body).map_err(|e| Error::Parameter { parameter: "body", reason: e.to_string() })
}

/// A date-time as RFC 3339 text (`2021-01-20T14:13:35Z`), for [`Query::push_display`].
pub struct Rfc3339<'a>(pub &'a chrono::DateTime<chrono::Utc>);

impl fmt::Display for Rfc3339<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&date_time(self.0))
    }
}

/// How array query parameters are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `a=1&a=2` (OpenAPI's `form` with `explode: true`).
    Repeat,
    /// `a[]=1&a[]=2` (Rails' and PHP's form).
    Brackets,
    /// `a=1,2` (`form` with `explode: false`).
    Comma,
}

/// A query string, percent-encoded as it is built.
#[derive(Clone, Debug, Default)]
pub struct Query(pub(super) String);

impl Query {
    /// An empty query with room for `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        Self(String::with_capacity(bytes))
    }

    /// The query as it will be sent (without the `?`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Adds `name=value`.
    pub fn push(&mut self, name: &str, value: &str) {
        self.push_display(name, &value);
    }

    /// Adds `name=value` for any `Display` value, encoded as it is written.
    pub fn push_display(&mut self, name: &str, value: &dyn fmt::Display) {
        self.key(name, "");
        let _ = fmt::write(&mut Encoder(&mut self.0), format_args!("{value}"));
    }

    /// Appends text that is already query text (encoded pieces joined by `&`): the whole
    /// query string of a parameter `in: querystring`.
    pub(super) fn extend_encoded(&mut self, encoded: &str) {
        if encoded.is_empty() {
            return;
        }
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(encoded);
    }

    /// Whether the query already has a pair named `name` (a call's own parameter, which
    /// a credential of the same name must not repeat).
    pub(super) fn has(&self, name: &str) -> bool {
        let mut key = String::with_capacity(name.len() + 1);
        push_component(&mut key, name);
        key.push('=');
        self.0.split('&').any(|pair| pair.starts_with(&key))
    }

    /// Starts a pair: `&`, the encoded name, a literal suffix (`[]`), `=`.
    pub(super) fn key(&mut self, name: &str, suffix: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        push_component(&mut self.0, name);
        self.0.push_str(suffix);
        self.0.push('=');
    }

    /// Adds an array in the given style.
    pub fn push_array<I>(&mut self, name: &str, values: I, style: ArrayStyle)
    where
        I: IntoIterator,
        I::Item: fmt::Display,
    {
        match style {
            ArrayStyle::Repeat => values.into_iter().for_each(|v| self.push_display(name, &v)),
            ArrayStyle::Brackets => {
                for v in values {
                    self.key(name, "[]");
                    let _ = fmt::write(&mut Encoder(&mut self.0), format_args!("{v}"));
                }
            }
            ArrayStyle::Comma => {
                self.key(name, "");
                for (i, v) in values.into_iter().enumerate() {
                    if i > 0 {
                        self.0.push(',');
                    }
                    let _ = fmt::write(&mut Encoder(&mut self.0), format_args!("{v}"));
                }
            }
        }
    }
}

/// Adds a header parameter, refusing values a header cannot carry (a newline, say).
pub fn header(headers: &mut HeaderMap, parameter: &'static str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(parameter.as_bytes())
        .map_err(|e| Error::Parameter { parameter, reason: format!("is not a header name: {e}") })?;
    let value = HeaderValue::from_str(value)
        .map_err(|_| Error::Parameter { parameter, reason: "has characters a header cannot carry".to_owned() })?;
    headers.append(name, value);
    Ok(())
}

/// A date-time as RFC 3339 text (`2021-01-20T14:13:35Z`), as query and path values need.
pub fn date_time(value: &chrono::DateTime<chrono::Utc>) -> String {
    value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_bytes_are_what_component_leaves_alone() {
        for b in 0..=127u8 {
            let text = char::from(b).to_string();
            let left_alone = utf8_percent_encode(&text, COMPONENT).to_string() == text;
            assert_eq!(unreserved(b), left_alone, "byte {b:#04x}");
            let (mut written, mut pushed) = (String::new(), String::new());
            fmt::Write::write_char(&mut Encoder(&mut written), char::from(b)).unwrap();
            push_component(&mut pushed, &text);
            assert_eq!(written, utf8_percent_encode(&text, COMPONENT).to_string());
            assert_eq!(pushed, written);
        }
        let mut out = String::new();
        fmt::Write::write_char(&mut Encoder(&mut out), 'ü').unwrap();
        assert_eq!(out, "%C3%BC");
    }
    #[test]
    fn path_parameters_stay_in_their_segment() {
        let cases = [
            ("group/project", Some("group%2Fproject")),
            ("../x", Some("..%2Fx")),
            ("a b?c#d", Some("a%20b%3Fc%23d")),
            ("%2F", Some("%252F")),
            ("%2e%2e", Some("%252e%252e")),
            ("ünï", Some("%C3%BCn%C3%AF")),
            ("42", Some("42")),
            ("..", None),
            (".", None),
            ("", None),
        ];
        for (value, expect) in cases {
            let got = segment("id", value).ok();
            assert_eq!(got.as_deref(), expect, "{value:?}");
        }
    }
    #[test]
    fn arrays_follow_their_style() {
        let values = || ["api".to_owned(), "read api".to_owned()];
        let mut q = Query::default();
        q.push("name", "t&x=1");
        q.push_array("scopes", values(), ArrayStyle::Brackets);
        assert_eq!(q.0, "name=t%26x%3D1&scopes[]=api&scopes[]=read%20api");
        let mut q = Query::default();
        q.push_array("scopes", values(), ArrayStyle::Repeat);
        assert_eq!(q.0, "scopes=api&scopes=read%20api");
        let mut q = Query::default();
        q.push_array("scopes", values(), ArrayStyle::Comma);
        assert_eq!(q.0, "scopes=api,read%20api");
    }
}
