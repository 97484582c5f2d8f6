//! Reading a request strictly: percent-decoding, path segments, query pairs in both array
//! styles, headers, credentials ([`Secret`]) and JSON bodies; each failure a [`Rejection`].

use std::borrow::Cow;
use std::fmt;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
// The strict escape check is the form reader's, one definition for both.
use crate::form::escapes_are_well_formed;

use super::rejection::{Location, Problem, Rejection};
use super::values::text;
use super::wire;

/// A credential taken from a request (an API key, a bearer token).
///
/// `Debug` prints `Secret("***")` and there is no `Display`, so a secret cannot reach a log
/// by accident; reading it takes an explicit [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether this is `expected`. Every byte is compared, not just up to the first
    /// difference, so the time taken does not tell a guesser how much of a guess was right.
    pub fn matches(&self, expected: &str) -> bool {
        let (given, expected) = (self.0.as_bytes(), expected.as_bytes());
        given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

/// Percent-decodes `raw` strictly. `percent_encoding` passes a malformed escape (`%zz`)
/// through as text and the result may not be UTF-8; both are refused here, as Rack and
/// most servers refuse them. Text with no escape is borrowed, not copied: most values
/// have none, and this runs for every one a request carries.
pub(super) fn decode(raw: &str) -> Result<Cow<'_, str>, Problem> {
    if !raw.bytes().any(|b| b == b'%') {
        return Ok(Cow::Borrowed(raw));
    }
    if !escapes_are_well_formed(raw) {
        return Err(Problem::MalformedEscape);
    }
    percent_encoding::percent_decode_str(raw).decode_utf8().map_err(|_| Problem::NotUtf8)
}

/// Decodes query text as `form_urlencoded` does (`+` is a space), strictly as [`decode`].
fn decode_form(raw: &str) -> Result<Cow<'_, str>, Problem> {
    if raw.bytes().any(|b| b == b'+') {
        decode(&raw.replace('+', " ")).map(|text| Cow::Owned(text.into_owned()))
    } else {
        decode(raw)
    }
}

/// The segments of a request path, still percent-encoded. The router has matched the path
/// against an operation's template, so the generated code knows which segment holds which
/// parameter (`/v1/items/{id}` has `id` in segment 3, counting the empty one before
/// the first `/`). Decoding happens per segment, so `group%2Fproject` stays one value.
/// Each parameter finds its segment by splitting again, which is cheaper for the one or
/// two a path holds than collecting the segments once.
#[derive(Debug)]
pub struct PathSegments<'a>(&'a str);

impl<'a> PathSegments<'a> {
    /// Holds a path (the request URI's path, which `Router::nest` has already stripped of
    /// its prefix).
    pub fn new(path: &'a str) -> Self {
        Self(path)
    }

    /// The parameter `name` in segment `index`, decoded and parsed.
    pub fn param<T>(&self, index: usize, name: &str, parse: fn(&str) -> Result<T, String>) -> Result<T, Rejection> {
        let reject = |problem| Rejection::new(Location::Path, name, problem);
        let raw = segment(self.0, index).filter(|s| !s.is_empty()).ok_or_else(|| reject(Problem::Missing))?;
        let text = decode(raw).map_err(reject)?;
        parse(&text).map_err(|e| reject(Problem::Invalid(e)))
    }
}

/// Whether segment `index` of `path` is text that a template segment of `pieces` writes:
/// its literal text (`Some`) in order, each parameter (`None`) at least one byte. The router
/// tells apart with it the operations of one method that are one route to axum, which
/// captures whole segments (`/pulls/{index}.{diffType}` beside `/pulls/{index}`).
pub fn fits_template(path: &str, index: usize, pieces: &[Option<&str>]) -> bool {
    segment(path, index).is_some_and(|text| fits_pieces(text, pieces))
}

fn fits_pieces(text: &str, pieces: &[Option<&str>]) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Some(literal), rest)) => text.strip_prefix(literal).is_some_and(|t| fits_pieces(t, rest)),
        Some((None, [])) => !text.is_empty(),
        Some((None, rest)) => (1..text.len()).any(|i| text.is_char_boundary(i) && fits_pieces(&text[i..], rest)),
    }
}

/// Segment `index` of `path`. A loop over bytes, not `split('/')`: segments are short, and
/// the search `split` starts for each one costs more than it saves.
fn segment(path: &str, index: usize) -> Option<&str> {
    let mut start = 0;
    for _ in 0..index {
        start += path.as_bytes().get(start..)?.iter().position(|b| *b == b'/')? + 1;
    }
    let rest = path.get(start..)?;
    Some(rest.as_bytes().iter().position(|b| *b == b'/').map_or(rest, |end| &rest[..end]))
}

/// `text` split at the first `at` (an ASCII byte), without it; the second half is `None`
/// when there is none. A loop over bytes, for the same reason as [`segment`].
fn split_at(text: &str, at: u8) -> (&str, Option<&str>) {
    match text.as_bytes().iter().position(|b| *b == at) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    }
}

/// A query string's pairs, decoded as `form_urlencoded` decodes them (so `+` is a space).
/// Keys and values with nothing to decode borrow from the request's URI.
#[derive(Debug, Default)]
pub struct Query<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Query<'a> {
    /// Decodes a query string, refusing malformed escapes and text that is not UTF-8 (which
    /// `form_urlencoded` would keep as text or replace), and naming the key they were under.
    pub fn parse(raw: Option<&'a str>) -> Result<Self, Rejection> {
        let Some(raw) = raw else { return Ok(Self::default()) };
        let mut pairs = Vec::new();
        // `form_urlencoded`'s pieces: split at `&` only, empty ones skipped, the key ending
        // at the first `=`.
        let mut rest = Some(raw);
        while let Some(text) = rest {
            let (piece, after) = split_at(text, b'&');
            rest = after;
            if piece.is_empty() {
                continue;
            }
            let (key, value) = split_at(piece, b'=');
            let value = value.unwrap_or_default();
            // A malformed escape anywhere in the piece is reported before text that is
            // not UTF-8, whichever half holds which.
            let decoded = if escapes_are_well_formed(piece) {
                decode_form(key).and_then(|key| Ok((key, decode_form(value)?)))
            } else {
                Err(Problem::MalformedEscape)
            };
            match decoded {
                Ok(pair) => pairs.push(pair),
                Err(problem) => {
                    let key = form_urlencoded::parse(piece.as_bytes()).next().map(|(k, _)| k).unwrap_or_default();
                    let key = key.strip_suffix("[]").unwrap_or(&key);
                    return Err(Rejection::new(Location::Query, key, problem));
                }
            }
        }
        Ok(Self(pairs))
    }

    /// The value of a single-valued parameter (`name=value`), parsed; `None` when absent.
    /// Given twice, it is refused rather than guessed at.
    pub fn one<T>(&self, name: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, Rejection> {
        let mut values = self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let Some(value) = values.next() else { return Ok(None) };
        if values.next().is_some() {
            return Err(Rejection::new(Location::Query, name, Problem::Repeated));
        }
        parse(value).map(Some).map_err(|e| Rejection::new(Location::Query, name, Problem::Invalid(e)))
    }

    /// As [`Query::one`], for a parameter declared with `allowEmptyValue`: an empty value
    /// (`opt_pretty=`) is the parameter sent without one, read as absent.
    pub fn one_or_empty<T>(&self, name: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, Rejection> {
        let mut values = self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let Some(value) = values.next() else { return Ok(None) };
        if values.next().is_some() {
            return Err(Rejection::new(Location::Query, name, Problem::Repeated));
        }
        if value.is_empty() {
            return Ok(None);
        }
        parse(value).map(Some).map_err(|e| Rejection::new(Location::Query, name, Problem::Invalid(e)))
    }

    /// The values of an array parameter, in order, whichever way they came: repeated keys
    /// (`scopes=a&scopes=b`), Rails' and PHP's form (`scopes[]=a&scopes[]=b`), or
    /// both. With `explode: false` each value is also split at commas (`scopes=a,b`).
    /// `None` when the parameter is absent.
    ///
    /// With `explode: false`, `scopes=` is the empty list or a list of one empty item, which
    /// a style cannot tell apart (OpenAPI 3.0.3, Style Values: form writes an empty value
    /// `color=`); it is read as the one empty item when an item can be empty, else as no
    /// items, so an empty list of enum values or numbers is not refused.
    pub fn many<T>(
        &self,
        name: &str,
        explode: bool,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<Vec<T>>, Rejection> {
        let mut found = false;
        let mut out = Vec::new();
        for (_, value) in self.0.iter().filter(|(k, _)| k == name || k.strip_suffix("[]") == Some(name)) {
            found = true;
            if !explode && value.is_empty() {
                out.extend(parse(value).ok());
                continue;
            }
            for item in value.split(|c| !explode && c == ',') {
                out.push(parse(item).map_err(|e| Rejection::new(Location::Query, name, Problem::Invalid(e)))?);
            }
        }
        Ok(found.then_some(out))
    }

    /// An API key sent as a query parameter; `None` when absent or empty.
    pub fn secret(&self, name: &str) -> Result<Option<Secret>, Rejection> {
        Ok(self.one(name, text)?.filter(|s| !s.is_empty()).map(Secret::new))
    }
}

/// The text of header `name`; `None` when absent. A header given twice is refused.
pub(super) fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, Rejection> {
    known_header_text(headers, name, name)
}

/// [`header_text`] for a header `http` knows (`header::AUTHORIZATION`), which it finds
/// without parsing its name; `name` is how a rejection spells it.
fn known_header_text<'h>(
    headers: &'h HeaderMap,
    key: impl header::AsHeaderName,
    name: &str,
) -> Result<Option<&'h str>, Rejection> {
    let mut values = headers.get_all(key).iter();
    let Some(value) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(Rejection::new(Location::Header, name, Problem::Repeated));
    }
    std::str::from_utf8(value.as_bytes())
        .map(Some)
        .map_err(|_| Rejection::new(Location::Header, name, Problem::NotUtf8))
}

/// The value of header parameter `name`, parsed; `None` when absent.
pub fn header<T>(
    headers: &HeaderMap,
    name: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, Rejection> {
    match header_text(headers, name)? {
        Some(text) => parse(text).map(Some).map_err(|e| Rejection::new(Location::Header, name, Problem::Invalid(e))),
        None => Ok(None),
    }
}

/// An API key sent as header `name` (`X-Api-Key`, say); `None` when absent or empty.
pub fn header_secret(headers: &HeaderMap, name: &str) -> Result<Option<Secret>, Rejection> {
    Ok(header_text(headers, name)?.map(str::trim).filter(|s| !s.is_empty()).map(Secret::new))
}

/// An API key sent as cookie `name` (`Cookie: session=…`), as sent; `None` when absent
/// or empty. The same cookie given twice is a 400, as for a cookie parameter.
pub fn cookie_secret(headers: &HeaderMap, name: &str) -> Result<Option<Secret>, Rejection> {
    let cookies = wire::Cookies::parse(headers)?;
    Ok(cookies.raw(name)?.map(str::trim).filter(|s| !s.is_empty()).map(Secret::new))
}

/// The credentials of `Authorization: <scheme> <credentials>` when it names `scheme`
/// (`Bearer`, `Basic`; compared without regard to case, as RFC 9110 says). `None` when the
/// header is absent, empty, or names another scheme.
pub fn authorization(headers: &HeaderMap, scheme: &str) -> Result<Option<Secret>, Rejection> {
    let Some(text) = known_header_text(headers, header::AUTHORIZATION, "Authorization")? else { return Ok(None) };
    let Some((given, rest)) = text.trim().split_once(' ') else { return Ok(None) };
    let token = rest.trim();
    Ok((given.eq_ignore_ascii_case(scheme) && !token.is_empty()).then(|| Secret::new(token)))
}

tokio::task_local! {
    /// Set while a request is read (see [`strictly`]).
    static STRICT: ();
}

/// Reads a request strictly: the models refuse, while `read` runs, what a client reads
/// leniently (`null` for an optional property that is not nullable; see `crate::values`). A task-local, not a thread-local: the reading
/// awaits the body, and the task may move between threads while it does.
pub async fn strictly<F: std::future::Future>(read: F) -> F::Output {
    STRICT.scope((), read).await
}

/// Runs `read` as [`strictly`] runs a future, for reading done in one poll: the items
/// of a request body that streams, which the implementation reads after the request's
/// reader has returned (`stream::receive::records`).
pub fn strictly_now<R>(read: impl FnOnce() -> R) -> R {
    STRICT.sync_scope((), read)
}

/// Whether the current task is reading a request (see [`strictly`]).
pub fn is_strict() -> bool {
    STRICT.try_with(|()| ()).is_ok()
}

/// `value`, or a rejection saying it is missing.
pub fn required<T>(location: Location, name: &str, value: Option<T>) -> Result<T, Rejection> {
    value.ok_or_else(|| Rejection::new(location, name, Problem::Missing))
}

/// The JSON body of a request; `None` when it is empty. It is read within axum's body limit
/// (`DefaultBodyLimit`), must say it is JSON, and is decoded with the JSON path of any
/// failure.
pub async fn json_body<T: serde::de::DeserializeOwned>(parts: &Parts, body: Body) -> Result<Option<T>, Rejection> {
    let Some(bytes) = json_bytes(parts, body).await? else { return Ok(None) };
    json_value(&bytes).map(Some)
}

/// As [`json_body`], for a body whose schema is an object: anything but a JSON object is
/// refused before it is read, since serde reads a struct from an array of its fields too
/// (`[null, null]` would be an object of two absent properties).
pub async fn json_object_body<T: serde::de::DeserializeOwned>(
    parts: &Parts,
    body: Body,
) -> Result<Option<T>, Rejection> {
    let Some(bytes) = json_bytes(parts, body).await? else { return Ok(None) };
    json_object(&bytes)?;
    json_value(&bytes).map(Some)
}

/// As [`json_object_body`], for a schema that also holds `null`: `properties` without
/// `type: object` (discourse's), or `nullable`. An object cannot hold it, so `null` is no
/// body, which an optional body may be and a required one is refused as missing.
pub async fn json_object_or_null_body<T: serde::de::DeserializeOwned>(
    parts: &Parts,
    body: Body,
) -> Result<Option<T>, Rejection> {
    let Some(bytes) = json_bytes(parts, body).await? else { return Ok(None) };
    if bytes.trim_ascii() == b"null" {
        return Ok(None);
    }
    json_object(&bytes)?;
    json_value(&bytes).map(Some)
}

/// As [`json_body`], for a required body whose schema holds `null` (OpenAPI 3.0's
/// `nullable`, or no `type`): `null` is a body, `Some(None)`, and only an empty one is
/// none, which the caller refuses as missing. Where `object`, anything else but a JSON
/// object is refused before it is read (see [`json_object_body`]).
pub async fn json_body_or_null<T: serde::de::DeserializeOwned>(
    parts: &Parts,
    body: Body,
    object: bool,
) -> Result<Option<Option<T>>, Rejection> {
    let Some(bytes) = json_bytes(parts, body).await? else { return Ok(None) };
    if bytes.trim_ascii() == b"null" {
        return Ok(Some(None));
    }
    if object {
        json_object(&bytes)?;
    }
    json_value(&bytes).map(|v| Some(Some(v)))
}

/// Refuses JSON text that is not an object (see [`json_object_body`]).
pub fn json_object(bytes: &[u8]) -> Result<(), Rejection> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(()),
        _ => Err(Rejection::new(Location::Body, ".", Problem::Invalid("is not a JSON object".to_owned()))),
    }
}

/// The body's bytes, `None` when empty, after checking that it says it is JSON.
async fn json_bytes(parts: &Parts, body: Body) -> Result<Option<Bytes>, Rejection> {
    let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), &())
        .await
        .map_err(|r| Rejection::with_status(r.status(), Location::Body, ".", Problem::Unreadable(r.body_text())))?;
    if bytes.is_empty() {
        return Ok(None);
    }
    let content_type = known_header_text(&parts.headers, header::CONTENT_TYPE, "Content-Type")?;
    let unsupported =
        |problem| Rejection::with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE, Location::Header, "Content-Type", problem);
    match content_type {
        None => Err(unsupported(Problem::Missing)),
        Some(ct) if !is_json(ct) => Err(unsupported(Problem::NotJson(ct.to_owned()))),
        Some(_) => Ok(Some(bytes)),
    }
}

/// JSON text read as `T`, a failure located at its path.
fn json_value<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Rejection> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| Rejection::new(Location::Body, &e.path().to_string(), Problem::Invalid(e.inner().to_string())))?;
    de.end().map_err(|e| Rejection::new(Location::Body, ".", Problem::Invalid(e.to_string())))?;
    Ok(value)
}

/// `application/json`, or any `application/…+json`, with or without parameters.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::runtime::integer;
    use axum::extract::Request;

    #[test]
    fn malformed_escapes_are_found() {
        for ok in ["", "a", "%2F", "group%2Fproject", "%e2%82%ac"] {
            assert!(escapes_are_well_formed(ok), "{ok}");
        }
        for bad in ["%", "%2", "%zz", "a%2", "%%41", "%2F%"] {
            assert!(!escapes_are_well_formed(bad), "{bad}");
        }
    }
    #[test]
    fn arrays_come_in_every_form() {
        let query = Query::parse(Some("tags=1,2&tags[]=3&tags=4")).expect("a query");
        assert_eq!(query.many("tags", false, integer::<i64>), Ok(Some(vec![1, 2, 3, 4])));
        assert_eq!(query.many("none", true, integer::<i64>), Ok(None));
        let empty = Query::parse(Some("ids=&names=")).expect("a query");
        assert_eq!(empty.many("ids", false, integer::<i64>), Ok(Some(vec![])), "no numbers, not one empty number");
        assert_eq!(empty.many("names", false, text), Ok(Some(vec![String::new()])), "one empty name");
        assert!(empty.many("ids", true, integer::<i64>).is_err(), "exploded, `ids=` is one item");
        let rejection = query.many("tags", true, integer::<i64>).expect_err("`1,2` is not an integer");
        assert_eq!((rejection.location(), rejection.parameter()), (Location::Query, "tags"));
    }
    #[test]
    fn a_missing_path_segment_is_a_missing_parameter() {
        let path = PathSegments::new("/things/");
        assert_eq!(path.param(2, "id", text).map_err(|r| r.problem().clone()), Err(Problem::Missing));
        assert_eq!(path.param(9, "id", text).map_err(|r| r.problem().clone()), Err(Problem::Missing));
        let path = "/v4/projects/group%2Fproject/access_tokens";
        let segments: Vec<_> = (0..6).map(|i| segment(path, i)).collect();
        assert_eq!(
            segments,
            [Some(""), Some("v4"), Some("projects"), Some("group%2Fproject"), Some("access_tokens"), None]
        );
    }
    #[test]
    fn a_segment_fits_a_template_of_text_and_parameters() {
        let diff: &[Option<&str>] = &[None, Some("."), None];
        let tar: &[Option<&str>] = &[None, Some(".tar")];
        for (path, pieces, expect) in [
            ("/pulls/5.diff", diff, true),
            ("/pulls/-1.2.patch", diff, true),
            ("/pulls/5", diff, false),
            ("/pulls/.diff", diff, false),
            ("/pulls/5.", diff, false),
            ("/pulls/a.tar", tar, true),
            ("/pulls/.tar", tar, false),
            ("/pulls/a.tar.gz", tar, false),
            ("/pulls/\u{fc}.tar", tar, true),
        ] {
            assert_eq!(fits_template(path, 2, pieces), expect, "{path}");
        }
        assert!(!fits_template("/pulls", 2, diff));
    }
    #[test]
    fn query_pairs_decode_as_forms_do() {
        let query = Query::parse(Some("a=1&&b=x+y%2B&c&a%5B%5D=2&=v")).expect("a query");
        let pairs: Vec<_> = query.0.iter().map(|(k, v)| (&**k, &**v)).collect();
        assert_eq!(pairs, [("a", "1"), ("b", "x y+"), ("c", ""), ("a[]", "2"), ("", "v")]);
        assert!(matches!(query.0[0], (Cow::Borrowed(_), Cow::Borrowed(_))), "nothing to decode is borrowed");
        let rejection = Query::parse(Some("ok=1&bad[]=%zz")).expect_err("a malformed escape");
        assert_eq!((rejection.parameter(), rejection.problem()), ("bad", &Problem::MalformedEscape));
        let rejection = Query::parse(Some("k%FF=%zz")).expect_err("both wrong");
        assert_eq!(rejection.problem(), &Problem::MalformedEscape);
        let rejection = Query::parse(Some("name=%FF")).expect_err("not UTF-8");
        assert_eq!((rejection.parameter(), rejection.problem()), ("name", &Problem::NotUtf8));
    }
    #[test]
    fn secrets_do_not_show() {
        let s = Secret::new("key-123");
        assert_eq!(format!("{s:?}"), "Secret(\"***\")");
        assert!(s.matches("key-123") && !s.matches("key-124") && !s.matches("key-12"));
    }

    fn parts(content_type: Option<&str>) -> Parts {
        let mut request = Request::builder().uri("/things");
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.body(()).expect("a request").into_parts().0
    }

    #[derive(Debug, serde::Deserialize)]
    struct Thing {
        name: String,
        parts: Vec<Part>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Part {
        size: u32,
    }

    async fn read(content_type: Option<&str>, body: &'static str) -> Result<Option<Thing>, Rejection> {
        json_body(&parts(content_type), Body::from(body)).await
    }

    /// Structs as the models derive them for a request (see `crate::ObjectOnly`).
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(remote = "Self")]
    struct Owner {
        name: String,
        team: Option<i64>,
    }
    crate::object_only!(Owner);

    /// An untagged union, which serde reads from a buffered copy of the value.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(untagged)]
    enum OwnerOrName {
        Owner(Owner),
        Name(String),
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(remote = "Self")]
    struct Order {
        owner: Option<Owner>,
        #[serde(default)]
        owners: Vec<Owner>,
        #[serde(default)]
        by_name: std::collections::BTreeMap<String, Owner>,
        any: Option<serde_json::Value>,
        either: Option<OwnerOrName>,
        #[serde(flatten)]
        rest: Rest,
    }
    crate::object_only!(Order);

    /// Flattened: serde reads its fields from a buffered copy of the members.
    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    #[serde(remote = "Self")]
    struct Rest {
        deputy: Option<Owner>,
    }
    crate::object_only!(Rest);

    fn strict<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Rejection> {
        strictly_now(|| json_value(json.as_bytes()))
    }

    #[test]
    fn a_struct_comes_from_a_json_object_only_at_any_depth() {
        let sequence = "invalid type: sequence, expected struct Owner";
        for (json, at, why) in [
            (r#"["x"]"#, ".", "invalid type: sequence, expected struct Order"),
            (r#"{"owner":["x",3]}"#, "owner", sequence),
            (r#"{"owners":[{"name":"a"},["b",1]]}"#, "owners[1]", sequence),
            (r#"{"by_name":{"a":["b",1]}}"#, "by_name.a", sequence),
            (r#"{"either":["b",1]}"#, "either", "did not match any variant of untagged enum OwnerOrName"),
            // Refused too, though serde hands a flattened struct its members from a buffer
            // `serde_path_to_error` does not see into, so the path ends at the object.
            (r#"{"deputy":["b",1]}"#, ".", sequence),
        ] {
            let rejection = strict::<Order>(json).expect_err(json);
            assert_eq!((rejection.location(), rejection.parameter()), (Location::Body, at), "{json}: {rejection}");
            assert!(rejection.to_string().contains(why), "{json}: {rejection}");
        }
        // A free-form value (`serde_json::Value`) still takes an array, and objects read.
        let order: Order = strict(r#"{"any":[1,[2]],"either":{"name":"x"},"deputy":{"name":"y"}}"#).expect("an order");
        assert_eq!(order.any, Some(serde_json::json!([1, [2]])));
        assert_eq!(order.either, Some(OwnerOrName::Owner(Owner { name: "x".to_owned(), team: None })));
        assert_eq!(order.rest.deputy.map(|d| d.name).as_deref(), Some("y"));
        // A client reads leniently, as serde derives: the struct from an array of its fields.
        let lenient: Order = json_value(br#"{"owner":["x",3],"deputy":["y",null]}"#).expect("a client reads it");
        assert_eq!(lenient.owner, Some(Owner { name: "x".to_owned(), team: Some(3) }));
    }

    #[tokio::test]
    async fn bodies_are_json_and_failures_name_their_path() {
        let json = Some("application/json");
        let Ok(Some(Thing { name, parts })) = read(json, r#"{"name":"x","parts":[{"size":1}]}"#).await else {
            panic!("a thing")
        };
        assert_eq!((name.as_str(), parts.iter().map(|p| p.size).collect::<Vec<_>>()), ("x", vec![1]));
        assert!(matches!(
            read(Some("application/merge-patch+json; charset=utf-8"), r#"{"name":"x","parts":[]}"#).await,
            Ok(Some(_))
        ));
        assert!(matches!(read(None, "").await, Ok(None)));

        let rejection = read(json, r#"{"name":"x","parts":[{"size":"big"}]}"#).await.expect_err("a string size");
        assert_eq!(
            (rejection.status(), rejection.location(), rejection.parameter()),
            (StatusCode::BAD_REQUEST, Location::Body, "parts[0].size")
        );
        assert!(
            rejection.to_string().starts_with("request body at `parts[0].size` is invalid: invalid type: string"),
            "{rejection}"
        );
        let rejection = read(json, r#"{"name":"x","parts":[]} and more"#).await.expect_err("trailing text");
        assert_eq!((rejection.location(), rejection.parameter()), (Location::Body, "."));

        let rejection = read(Some("text/plain"), "{}").await.expect_err("not JSON");
        assert_eq!(
            (rejection.status(), rejection.location(), rejection.parameter()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, Location::Header, "Content-Type")
        );
        let rejection = read(None, "{}").await.expect_err("no content type");
        assert_eq!((rejection.status(), rejection.problem()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, &Problem::Missing));
    }
}
