//! Every parameter style and body media type, both ways: whatever the client's
//! `runtime::wire` writes, the server's `runtime::wire` reads back to the same typed value
//! (property tests), and what the client refuses to write is refused before anything is
//! sent. Plus the answers a server gives to unusable bodies (413, 415) and malformed input.

use std::collections::BTreeMap;

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::http::request::Parts;
use gitlab_access_tokens::client::runtime::{self as crt, wire as cw};
use gitlab_access_tokens::server::runtime::{self as srt, Location, Problem, wire as sw};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

/// An object parameter: members of several scalar types, one optional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Thing {
    role: String,
    count: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    active: Option<bool>,
}

fn thing() -> impl Strategy<Value = Thing> {
    (any::<String>(), any::<i64>(), any::<Option<bool>>()).prop_map(|(role, count, active)| Thing {
        role,
        count,
        active,
    })
}

/// Non-empty text: a style cannot tell one empty item from no items.
fn item() -> impl Strategy<Value = String> {
    "\\PC{1,12}"
}

/// What a header's list item can carry as it is, header values being never
/// percent-encoded: visible ASCII but the comma, `%` included, spaces only inside.
fn header_item() -> impl Strategy<Value = String> {
    "[!-+\\--~]([ !-+\\--~]{0,10}[!-+\\--~])?"
}

fn path_style() -> impl Strategy<Value = (cw::Style, sw::Style)> {
    prop_oneof![
        Just((cw::Style::Simple, sw::Style::Simple)),
        Just((cw::Style::Label, sw::Style::Label)),
        Just((cw::Style::Matrix, sw::Style::Matrix)),
    ]
}

/// The segment templates a value is tried in: alone, before a literal suffix (Twilio's
/// `{Sid}.json`), and first of two parameters around a literal (`{owner}-{repo}`).
#[derive(Clone, Copy, Debug)]
enum Template {
    Alone,
    Suffix,
    Pair,
}

fn template() -> impl Strategy<Value = Template> {
    prop_oneof![Just(Template::Alone), Just(Template::Suffix), Just(Template::Pair)]
}

/// Writes `value` as parameter `id` in a segment of `template` (with `repo` = `other` for
/// a pair); returns the raw text of `id` as the server splits it back, or the client's
/// refusal.
fn through_segment(
    template: Template,
    style: cw::Style,
    explode: bool,
    value: &cw::Value,
    other: &str,
) -> Option<String> {
    let mut path = String::from("/base");
    let mut segment = cw::Segment::new(&mut path);
    segment.param("id", style, explode, value).ok()?;
    match template {
        Template::Alone => {}
        Template::Suffix => {
            segment.literal(".json");
        }
        Template::Pair => {
            segment.literal("-");
            segment.param("repo", cw::Style::Simple, false, &cw::Value::Scalar(other.to_owned())).ok()?;
        }
    }
    segment.finish().ok()?;
    let raw = path.strip_prefix("/base/").expect("the segment follows the base");
    assert!(!raw.contains('/'), "{raw} left its segment");
    assert!(url_keeps(&path), "{path} is changed by the URL parser");
    let pieces: &[sw::Piece] = match template {
        Template::Alone => &[sw::Piece::Param("id")],
        Template::Suffix => &[sw::Piece::Param("id"), sw::Piece::Lit(".json")],
        Template::Pair => &[sw::Piece::Param("id"), sw::Piece::Lit("-"), sw::Piece::Param("repo")],
    };
    let split = sw::split_segment(raw, pieces).expect("the server splits what the client wrote");
    if let Template::Pair = template {
        assert_eq!(sw::path_scalar(split[1], "repo", sw::Style::Simple, srt::text).as_deref(), Ok(other));
    }
    Some(split[0].to_owned())
}

/// Whether the URL parser leaves the path as built (it would resolve dot segments).
fn url_keeps(path: &str) -> bool {
    reqwest::Url::parse(&format!("http://x{path}")).is_ok_and(|u| u.path() == path)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn path_scalars_round_trip(
        (cs, ss) in path_style(), template in template(), value in any::<String>(), other in item(),
    ) {
        let Some(raw) = through_segment(template, cs, false, &cw::Value::Scalar(value.clone()), &other) else {
            // The client refuses only what a path cannot carry: an empty simple value, or
            // one that leaves its segment a dot segment.
            prop_assert!(value.is_empty() || matches!(template, Template::Alone));
            return Ok(());
        };
        prop_assert_eq!(sw::path_scalar(&raw, "id", ss, srt::text), Ok(value));
    }

    #[test]
    fn path_arrays_round_trip(
        (cs, ss) in path_style(), explode in any::<bool>(), template in template(),
        items in prop::collection::vec(item(), 1..5), other in item(),
    ) {
        let Some(raw) = through_segment(template, cs, explode, &cw::Value::array(&items), &other) else {
            // Refused only when the whole segment would be a dot segment.
            let dots = items.len() == 1 && (items[0] == "." || items[0] == "..");
            prop_assert!(matches!(template, Template::Alone) && dots, "{items:?} refused");
            return Ok(());
        };
        prop_assert_eq!(sw::path_array(&raw, "id", ss, explode, srt::text), Ok(items));
    }

    #[test]
    fn path_integer_arrays_round_trip(
        (cs, ss) in path_style(), explode in any::<bool>(), items in prop::collection::vec(any::<i64>(), 1..5),
    ) {
        let raw = through_segment(Template::Alone, cs, explode, &cw::Value::array(&items), "").expect("a path array");
        prop_assert_eq!(sw::path_array(&raw, "id", ss, explode, srt::integer::<i64>), Ok(items));
    }

    #[test]
    fn path_objects_round_trip(
        (cs, ss) in path_style(), explode in any::<bool>(), template in template(), value in thing(), other in item(),
    ) {
        let object = cw::Value::object("id", &value).expect("an object of scalars");
        let raw = through_segment(template, cs, explode, &object, &other).expect("a path object");
        prop_assert_eq!(sw::path_object::<Thing>(&raw, "id", ss, explode), Ok(value));
    }

    #[test]
    fn query_scalars_and_json_round_trip(value in any::<String>(), reserved in any::<bool>(), content in thing()) {
        let mut q = crt::Query::default();
        cw::query(&mut q, "name", cw::Style::Form, true, reserved, &cw::Value::Scalar(value.clone())).expect("a scalar");
        cw::query_json(&mut q, "filter", &content).expect("JSON content");
        let raw = sw::RawQuery::parse(Some(q.as_str())).expect("a query");
        prop_assert_eq!(raw.scalar("name", srt::text), Ok(Some(value)));
        prop_assert_eq!(raw.json::<Thing>("filter"), Ok(Some(content)));
    }

    #[test]
    fn query_arrays_round_trip(
        style in 0..3usize, explode in any::<bool>(), reserved in any::<bool>(),
        items in prop::collection::vec(item(), 0..5),
    ) {
        let (cs, ss) = [
            (cw::Style::Form, sw::Style::Form),
            (cw::Style::SpaceDelimited, sw::Style::SpaceDelimited),
            (cw::Style::PipeDelimited, sw::Style::PipeDelimited),
        ][style];
        let mut q = crt::Query::default();
        q.push("before", "1");
        let sent = cw::query(&mut q, "tags", cs, explode, reserved, &cw::Value::array(&items));
        if cs == cw::Style::SpaceDelimited && !explode && items.iter().any(|i| i.contains(' ')) {
            prop_assert!(sent.is_err(), "a space inside a spaceDelimited item is refused");
            return Ok(());
        }
        sent.expect("an array");
        q.push("after", "2");
        let raw = sw::RawQuery::parse(Some(q.as_str())).expect("a query");
        // Exploded, an empty array sends no pair, so it reads as absent.
        let expect = (!(explode && items.is_empty())).then_some(items);
        prop_assert_eq!(raw.array("tags", ss, explode, srt::text), Ok(expect));
        prop_assert_eq!(raw.scalar("after", srt::integer::<i32>), Ok(Some(2)));
    }

    #[test]
    fn query_objects_round_trip(style in 0..5usize, reserved in any::<bool>(), value in thing()) {
        let (cs, ss, explode) = [
            (cw::Style::Form, sw::Style::Form, true),
            (cw::Style::Form, sw::Style::Form, false),
            (cw::Style::DeepObject, sw::Style::DeepObject, true),
            (cw::Style::SpaceDelimited, sw::Style::SpaceDelimited, false),
            (cw::Style::PipeDelimited, sw::Style::PipeDelimited, false),
        ][style];
        let mut q = crt::Query::default();
        let object = cw::Value::object("thing", &value).expect("an object of scalars");
        let sent = cw::query(&mut q, "thing", cs, explode, reserved, &object);
        if cs == cw::Style::SpaceDelimited && value.role.contains(' ') {
            prop_assert!(sent.is_err(), "a space inside a spaceDelimited member is refused");
            return Ok(());
        }
        sent.expect("an object");
        let raw = sw::RawQuery::parse(Some(q.as_str())).expect("a query");
        let got = raw.object::<Thing>("thing", ss, explode, &["role", "count", "active"]);
        prop_assert_eq!(got, Ok(Some(value)));
    }

    #[test]
    fn nested_deep_objects_round_trip(value in form_value()) {
        let mut q = crt::Query::default();
        q.push("page", "3");
        cw::query_deep_object(&mut q, "filter", &value).expect("a deep object");
        let raw = sw::RawQuery::parse(Some(q.as_str())).expect("a query");
        prop_assert_eq!(raw.object::<FormValue>("filter", sw::Style::DeepObject, true, &[]), Ok(Some(value)));
        prop_assert_eq!(raw.scalar("page", srt::integer::<i32>), Ok(Some(3)));
    }

    #[test]
    fn headers_round_trip(
        items in prop::collection::vec(header_item(), 0..5),
        role in header_item(),
        count in any::<i64>(),
        active in any::<Option<bool>>(),
        explode in any::<bool>(),
    ) {
        let value = Thing { role, count, active };
        let mut headers = reqwest::header::HeaderMap::new();
        cw::header(&mut headers, "X-Tags", false, &cw::Value::array(&items)).expect("an array header");
        cw::header(&mut headers, "X-Thing", explode, &cw::Value::object("X-Thing", &value).expect("an object"))
            .expect("an object header");
        let headers = server_headers(&headers);
        prop_assert_eq!(sw::header_array(&headers, "X-Tags", srt::text), Ok(Some(items)));
        prop_assert_eq!(sw::header_object::<Thing>(&headers, "X-Thing", explode), Ok(Some(value)));
    }

    #[test]
    fn cookies_round_trip(text in any::<String>(), items in prop::collection::vec(item(), 0..5), value in thing()) {
        let mut cookies = cw::Cookies::default();
        cookies.push("session", &cw::Value::Scalar(text.clone())).expect("a scalar cookie");
        cookies.push("tags", &cw::Value::array(&items)).expect("an array cookie");
        cookies.push("thing", &cw::Value::object("thing", &value).expect("an object")).expect("an object cookie");
        let mut headers = reqwest::header::HeaderMap::new();
        cookies.apply(&mut headers).expect("a header");
        let read = sw::Cookies::parse(&server_headers(&headers)).expect("cookies");
        prop_assert_eq!(read.scalar("session", srt::text), Ok(Some(text)));
        prop_assert_eq!(read.array("tags", srt::text), Ok(Some(items)));
        prop_assert_eq!(read.object::<Thing>("thing"), Ok(Some(value)));
    }

    #[test]
    fn form_bodies_round_trip(value in form_value(), form in 0..5usize) {
        let (client, server) = [
            (cw::ArrayForm::Repeat, sw::ArrayForm::Repeat),
            (cw::ArrayForm::Comma, sw::ArrayForm::Comma),
            (cw::ArrayForm::Space, sw::ArrayForm::Space),
            (cw::ArrayForm::Pipe, sw::ArrayForm::Pipe),
            (cw::ArrayForm::Indexed, sw::ArrayForm::Indexed),
        ][form];
        let body = cw::form_body(&value, &[("tags", client)]);
        if client == cw::ArrayForm::Space && value.tags.iter().any(|t| t.contains(' ')) {
            prop_assert!(body.is_err(), "a space inside a spaceDelimited item is refused");
            return Ok(());
        }
        let body = body.expect("a form");
        prop_assert_eq!(sw::form::<FormValue>(body.as_bytes(), &[("tags", server)]), Ok(value));
    }

    #[test]
    fn multipart_bodies_round_trip(parts in prop::collection::vec(part(), 0..5)) {
        let (content_type, body) = cw::multipart(&parts).expect("a multipart body");
        let request = parts_with(content_type.to_str().expect("ASCII"));
        let mut read = sw::Multipart::parse(&request, &body).expect("the server reads it");
        let mut names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let expect: Vec<_> = parts.iter().filter(|p| p.name == name).collect();
            let got = read.many(name);
            prop_assert_eq!(got.len(), expect.len());
            for (got, expect) in got.iter().zip(expect) {
                prop_assert_eq!(&got.name, &expect.name);
                prop_assert_eq!(&got.filename, &expect.filename);
                prop_assert_eq!(&got.content_type, &expect.content_type);
                prop_assert_eq!(&got.data, &expect.data);
            }
        }
        prop_assert!(read.finish().is_ok());
    }

    /// A multipart body that is an array (OpenAPI 3.2's positional encodings): whatever
    /// the parts, in `multipart/mixed` (no `Content-Disposition` but a file's
    /// `attachment; filename=…`) or `multipart/form-data` (each part named), the server
    /// reads every part back in order, with its file name, media type and bytes.
    #[test]
    fn multipart_array_bodies_round_trip_in_order(parts in prop::collection::vec(part(), 0..5), form in any::<bool>()) {
        let media = if form { "multipart/form-data" } else { "multipart/mixed" };
        let (content_type, body) = cw::multipart_items(media, &parts).expect("a multipart body");
        let content_type = content_type.to_str().expect("ASCII");
        prop_assert!(content_type.starts_with(&format!("{media}; boundary=")), "{}", content_type);
        let read = sw::Multipart::parse_items(&parts_with(content_type), &body).expect("the server reads it");
        let read = read.items(&[], &[]).expect("nothing declared: any media type");
        prop_assert_eq!(read.len(), parts.len());
        for (got, expect) in read.iter().zip(&parts) {
            // Mixed parts have no names; form data keeps each part's.
            prop_assert_eq!(&got.name, if form { &expect.name } else { "" });
            prop_assert_eq!(&got.filename, &expect.filename);
            prop_assert_eq!(&got.content_type, &expect.content_type);
            prop_assert_eq!(&got.data, &expect.data);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// A form the server answers (`sw::form_response`) decodes in the client
    /// (`cw::form_response`) to the value it was: one definition writes and reads forms on
    /// both sides.
    #[test]
    fn form_responses_round_trip(value in form_value(), form in 0..5usize) {
        let form = [
            sw::ArrayForm::Repeat,
            sw::ArrayForm::Comma,
            sw::ArrayForm::Space,
            sw::ArrayForm::Pipe,
            sw::ArrayForm::Indexed,
        ][form];
        // A spaceDelimited item cannot hold a space (the writer refuses it: a 500 here).
        let value = FormValue {
            tags: value.tags.iter().map(|t| t.replace(' ', "_")).collect(),
            ..value
        };
        let response = sw::form_response(200, "application/x-www-form-urlencoded", &value, &[("tags", form)]);
        prop_assert_eq!(response.status(), StatusCode::OK);
        let body = response_bytes(response);
        let raw = crt::RawResponse {
            operation: "formResponse",
            status: reqwest::StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            body,
        };
        prop_assert_eq!(cw::form_response::<FormValue>(&raw, &[("tags", form)]).ok(), Some(value));
    }

    /// A multipart body's undeclared properties: text parts read back as the map's scalar
    /// values, JSON parts as its object values, every part left after the declared ones.
    #[test]
    fn multipart_maps_round_trip(
        counts in prop::collection::btree_map("[a-z]{1,4}", any::<i64>(), 0..4),
        things in prop::collection::btree_map("[A-Z]{1,4}", thing(), 0..4),
    ) {
        let mut parts = vec![cw::Part::text("title", &"t")];
        parts.extend(counts.iter().map(|(k, v)| cw::Part::text(k, v)));
        let (content_type, body) = cw::multipart(&parts).expect("a multipart body");
        let request = parts_with(content_type.to_str().expect("ASCII"));
        let mut read = sw::Multipart::parse(&request, &body).expect("the server reads it");
        prop_assert_eq!(read.text("title", srt::text), Ok(Some("t".to_owned())));
        prop_assert_eq!(read.rest_text(srt::integer::<i64>), Ok(counts));
        prop_assert!(read.finish().is_ok());

        let parts: Vec<_> = things.iter().map(|(k, v)| cw::Part::json_entry(k, v).expect("JSON")).collect();
        let (content_type, body) = cw::multipart(&parts).expect("a multipart body");
        let request = parts_with(content_type.to_str().expect("ASCII"));
        let mut read = sw::Multipart::parse(&request, &body).expect("the server reads it");
        prop_assert_eq!(read.rest_json::<Thing>(), Ok(things));
    }
}

/// The bytes of a server's response body (buffered in memory, so polled once).
fn response_bytes(response: axum::response::Response) -> Bytes {
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).expect("the body")
}

/// A form body the way Stripe's are: scalars, an array of scalars, a map, an array of
/// objects, and an object nested in an object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct FormValue {
    name: String,
    amount: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    // A form cannot say "an empty array": none is sent, and none reads as empty.
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default)]
    items: Vec<Item>,
    address: Address,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Item {
    price: String,
    quantity: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Address {
    city: String,
    primary: bool,
}

fn form_value() -> impl Strategy<Value = FormValue> {
    let item = (any::<String>(), any::<i64>()).prop_map(|(price, quantity)| Item { price, quantity });
    (
        any::<String>(),
        any::<u32>(),
        any::<Option<String>>(),
        prop::collection::vec(any::<String>(), 0..4),
        prop::collection::btree_map("[a-z0-9_]{1,6}", any::<String>(), 0..4),
        prop::collection::vec(item, 0..12),
        (any::<String>(), any::<bool>()),
    )
        .prop_map(|(name, amount, description, tags, metadata, items, (city, primary))| FormValue {
            name,
            amount,
            description,
            tags,
            metadata,
            items,
            address: Address { city, primary },
        })
}

fn part() -> impl Strategy<Value = cw::Part> {
    let data = prop::collection::vec(any::<u8>(), 0..64).prop_map(Bytes::from);
    prop_oneof![
        ("[a-z]{1,3}", "\\PC{0,12}").prop_map(|(name, text)| cw::Part::text(&name, &text)),
        // A `;` in a file name stays inside its quotes.
        ("[a-z]{1,3}", "[a-z.; ]{1,8}", data.clone()).prop_map(|(name, file, data)| cw::Part::file(
            &name,
            &file,
            "application/octet-stream",
            data
        )),
        // Data that holds the boundary's usual text makes the client pick another.
        ("[a-z]{1,3}", data).prop_map(|(name, data)| {
            let mut with = b"\r\n------openapi-rust-gen\r\n".to_vec();
            with.extend_from_slice(&data);
            cw::Part::file(&name, "x.bin", "image/png", with.into())
        }),
    ]
}

/// The client's headers as the server's type (the same `http` types under two names).
fn server_headers(headers: &reqwest::header::HeaderMap) -> axum::http::HeaderMap {
    let mut out = axum::http::HeaderMap::new();
    for (name, value) in headers {
        out.append(
            axum::http::HeaderName::from_bytes(name.as_str().as_bytes()).expect("a name"),
            axum::http::HeaderValue::from_bytes(value.as_bytes()).expect("a value"),
        );
    }
    out
}

fn parts_with(content_type: &str) -> Parts {
    let request = axum::http::Request::builder().uri("/upload").header("content-type", content_type);
    request.body(()).expect("a request").into_parts().0
}

// ----- what is refused, and how -----

#[test]
fn a_value_cannot_leave_its_place() {
    // `{Sid}.json` with a value that itself ends in `.json`: the dot is encoded, so the
    // server still finds the template's own suffix.
    let mut path = String::new();
    let mut segment = cw::Segment::new(&mut path);
    segment.param("Sid", cw::Style::Simple, false, &cw::Value::Scalar("CA1.json".to_owned())).expect("a value");
    segment.literal(".json");
    segment.finish().expect("a segment");
    assert_eq!(path, "/CA1%2Ejson.json");
    let split = sw::split_segment(&path[1..], &[sw::Piece::Param("Sid"), sw::Piece::Lit(".json")]).expect("split");
    assert_eq!(sw::path_scalar(split[0], "Sid", sw::Style::Simple, srt::text).as_deref(), Ok("CA1.json"));

    // `{owner}-{repo}` with dashes in both values.
    let mut path = String::new();
    let mut segment = cw::Segment::new(&mut path);
    let scalar = |s: &str| cw::Value::Scalar(s.to_owned());
    segment.param("owner", cw::Style::Simple, false, &scalar("a-b")).expect("owner");
    segment.literal("-");
    segment.param("repo", cw::Style::Simple, false, &scalar("c-d")).expect("repo");
    segment.finish().expect("a segment");
    assert_eq!(path, "/a%2Db-c%2Dd");

    // Dot segments, spelled any way, are refused before anything is sent.
    for (style, value) in
        [(cw::Style::Simple, "."), (cw::Style::Simple, ".."), (cw::Style::Label, ""), (cw::Style::Label, ".")]
    {
        let mut path = String::from("/x");
        let mut segment = cw::Segment::new(&mut path);
        segment.param("id", style, false, &scalar(value)).expect("written");
        let refused = segment.finish().expect_err("a dot segment");
        assert!(refused.to_string().contains("dot segment"), "{refused}");
        assert_eq!(path, "/x/", "nothing of the refused value is left");
    }
}

/// A file part's media type is held to the declared ones, and comes back `None` when it
/// is the default one a client sends for a file that does not say.
#[test]
fn file_parts_are_checked_and_their_default_type_left_out() {
    let parts = [
        cw::Part::binary("a", Some("a;b.png"), "image/png", Bytes::from_static(b"\x89PNG")),
        cw::Part::binary("b", None, "image/jpeg", Bytes::from_static(b"\xff\xd8")),
        cw::Part::binary("b", None, "image/gif", Bytes::from_static(b"GIF")),
    ];
    let (content_type, body) = cw::multipart(&parts).expect("a multipart body");
    let request = parts_with(content_type.to_str().expect("ASCII"));
    let mut read = sw::Multipart::parse(&request, &body).expect("the server reads it");
    let a = read.file("a", &["image/*"], "application/octet-stream").expect("declared").expect("present");
    assert_eq!((a.filename.as_deref(), a.content_type.as_deref()), (Some("a;b.png"), Some("image/png")));
    let refused = read.files("b", &["image/png", "image/jpeg"], "image/png").expect_err("a gif is not declared");
    assert_eq!(refused.location(), Location::Body);
    assert!(format!("{refused}").contains("image/gif"), "{refused}");
    let mut read = sw::Multipart::parse(&request, &body).expect("the server reads it");
    let b = read.files("b", &[], "image/jpeg").expect("any type");
    let types: Vec<_> = b.iter().map(|p| p.content_type.as_deref()).collect();
    assert_eq!(types, [None, Some("image/gif")]);
}

#[test]
fn the_examples_of_the_openapi_style_table() {
    let color = cw::Value::array(["blue", "black", "brown"]);
    let object =
        cw::Value::Object(vec![("R".into(), "100".into()), ("G".into(), "200".into()), ("B".into(), "150".into())]);
    let cases = [
        (cw::Style::Simple, false, &color, "blue,black,brown"),
        (cw::Style::Simple, true, &object, "R=100,G=200,B=150"),
        (cw::Style::Simple, false, &object, "R,100,G,200,B,150"),
        (cw::Style::Label, false, &color, ".blue,black,brown"),
        (cw::Style::Label, true, &color, ".blue.black.brown"),
        (cw::Style::Label, true, &object, ".R=100.G=200.B=150"),
        (cw::Style::Matrix, false, &color, ";color=blue,black,brown"),
        (cw::Style::Matrix, true, &color, ";color=blue;color=black;color=brown"),
        (cw::Style::Matrix, false, &object, ";color=R,100,G,200,B,150"),
        (cw::Style::Matrix, true, &object, ";R=100;G=200;B=150"),
    ];
    for (style, explode, value, expect) in cases {
        let mut path = String::new();
        let mut segment = cw::Segment::new(&mut path);
        segment.param("color", style, explode, value).expect("written");
        segment.finish().expect("a segment");
        assert_eq!(&path[1..], expect, "{style:?} explode {explode}");
    }
    let queries = [
        (cw::Style::Form, true, &color, "color=blue&color=black&color=brown"),
        (cw::Style::Form, false, &color, "color=blue,black,brown"),
        (cw::Style::SpaceDelimited, false, &color, "color=blue%20black%20brown"),
        (cw::Style::PipeDelimited, false, &color, "color=blue|black|brown"),
        (cw::Style::Form, true, &object, "R=100&G=200&B=150"),
        (cw::Style::Form, false, &object, "color=R,100,G,200,B,150"),
        (cw::Style::DeepObject, true, &object, "color[R]=100&color[G]=200&color[B]=150"),
        (cw::Style::SpaceDelimited, false, &object, "color=R%20100%20G%20200%20B%20150"),
        (cw::Style::PipeDelimited, false, &object, "color=R|100|G|200|B|150"),
    ];
    for (style, explode, value, expect) in queries {
        let mut q = crt::Query::default();
        cw::query(&mut q, "color", style, explode, false, value).expect("written");
        assert_eq!(q.as_str(), expect, "{style:?} explode {explode}");
    }
}

#[test]
fn reserved_characters_stay_only_when_allowed() {
    let value = cw::Value::Scalar("a/b?c:d&e=f+g".to_owned());
    let mut q = crt::Query::default();
    cw::query(&mut q, "next", cw::Style::Form, true, true, &value).expect("written");
    assert_eq!(q.as_str(), "next=a/b?c:d%26e%3Df%2Bg");
    let mut q = crt::Query::default();
    cw::query(&mut q, "next", cw::Style::Form, true, false, &value).expect("written");
    assert_eq!(q.as_str(), "next=a%2Fb%3Fc%3Ad%26e%3Df%2Bg");
}

#[test]
fn form_bodies_are_written_as_stripe_writes_them() {
    let value = FormValue {
        name: "a b".into(),
        amount: 5,
        description: None,
        tags: vec!["x".into(), "y".into()],
        metadata: BTreeMap::from([("order".into(), "6735".into())]),
        items: vec![Item { price: "price_1".into(), quantity: 2 }],
        address: Address { city: "Paris".into(), primary: true },
    };
    let body = cw::form_body(&value, &[]).expect("a form");
    assert_eq!(
        body,
        "name=a%20b&amount=5&tags=x&tags=y&metadata[order]=6735&items[0][price]=price_1&items[0][quantity]=2\
         &address[city]=Paris&address[primary]=true"
    );
    let body = cw::form_body(&value, &[("tags", cw::ArrayForm::Comma)]).expect("a form");
    assert!(body.contains("&tags=x,y&"), "{body}");
    let mut bad = value.clone();
    bad.metadata.insert("a[b]".into(), "1".into());
    assert!(cw::form_body(&bad, &[]).is_err(), "a bracket in a key would read as nesting");
}

/// `allowEmptyValue` (Asana's `opt_pretty=`, which schemathesis sends as valid): an empty
/// value is the parameter left out; a parameter without it still refuses one it cannot parse.
#[test]
fn an_empty_value_is_absent_where_the_parameter_allows_it() {
    let query = srt::Query::parse(Some("pretty=&flag=&twice=&twice=")).expect("a query");
    assert_eq!(query.one_or_empty("pretty", srt::boolean), Ok(None));
    assert_eq!(query.one_or_empty("missing", srt::boolean), Ok(None));
    assert!(query.one("flag", srt::boolean).is_err(), "no allowEmptyValue: `` is not a boolean");
    let repeated = query.one_or_empty("twice", srt::boolean).expect_err("given twice");
    assert_eq!(repeated.problem(), &Problem::Repeated);
    let query = srt::Query::parse(Some("pretty=true")).expect("a query");
    assert_eq!(query.one_or_empty("pretty", srt::boolean), Ok(Some(true)));
}

/// A JSON `null` body is no body where the schema holds `null` (discourse's `properties`
/// without `type: object`), and refused where it is an object's; an array is never an
/// object, though serde would read a struct from one.
#[test]
fn a_null_body_is_absent_only_where_the_schema_holds_null() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let parts = parts_with("application/json");
    let or_null = |text: &'static str| {
        runtime.block_on(srt::json_object_or_null_body::<Thing>(&parts, Body::from(text))).map(|t| t.is_some())
    };
    assert_eq!(or_null("null"), Ok(false));
    assert_eq!(or_null(r#" {"role":"a","count":1}"#), Ok(true));
    assert!(or_null("[\"a\", 1]").is_err(), "an array is not an object");
    let strict = runtime.block_on(srt::json_object_body::<Thing>(&parts, Body::from("null")));
    assert!(strict.is_err(), "`type: object` does not hold null");
}

/// A key is read as written where its brackets are not nesting (issue 19: schemathesis
/// sends property names holding `]`, which a schema allows): a deepObject's
/// `name[a]b]` is the property `a]b`, and a form body's `é[x` is a name of its own,
/// undeclared, which a struct ignores as it ignores any unknown JSON member.
#[test]
fn keys_holding_brackets_are_read_as_written() {
    let query = sw::RawQuery::parse(Some("f[a]b]=1&f[c[d]]=2&f[e]=3")).expect("a query");
    let read = query.object::<BTreeMap<String, String>>("f", sw::Style::DeepObject, true, &[]).expect("read");
    let expect =
        BTreeMap::from([("a]b".to_owned(), "1".to_owned()), ("c[d]".into(), "2".into()), ("e".into(), "3".into())]);
    assert_eq!(read, Some(expect));
    let body = b"name=a&amount=1&address[city]=x&address[primary]=true&%C3%A9[x=1&y]=2";
    let value = sw::form::<FormValue>(body, &[]).expect("the undeclared keys are left");
    assert_eq!((value.name.as_str(), value.address.city.as_str()), ("a", "x"));
    let map = sw::form::<BTreeMap<String, String>>(b"%C3%A9[x=1&k=2", &[]).expect("a map keeps them");
    assert_eq!(map, BTreeMap::from([("é[x".to_owned(), "1".to_owned()), ("k".into(), "2".into())]));
}

#[test]
fn malformed_input_is_refused_and_located() {
    let query = |text: &'static str| sw::RawQuery::parse(Some(text)).expect("a query");
    let problem = |r: srt::Rejection| (r.location(), r.parameter().to_owned(), r.problem().clone());
    assert_eq!(
        query("a=1&a=2").scalar("a", srt::text).map_err(problem),
        Err((Location::Query, "a".to_owned(), Problem::Repeated))
    );
    assert_eq!(
        query("a=1,2&a=3").array("a", sw::Style::Form, false, srt::text).map_err(problem),
        Err((Location::Query, "a".to_owned(), Problem::Repeated))
    );
    let rejection = query("f[role]=x&f[count]=many").object::<Thing>("f", sw::Style::DeepObject, true, &[]);
    let rejection = rejection.expect_err("`many` is not an integer");
    assert_eq!((rejection.location(), rejection.parameter()), (Location::Query, "f"));
    assert!(rejection.to_string().contains("at `count`"), "{rejection}");
    assert!(sw::RawQuery::parse(Some("a=%zz")).is_err());

    let rejection = sw::path_object::<Thing>("role,x,count", "id", sw::Style::Simple, false).expect_err("odd members");
    assert_eq!(rejection.location(), Location::Path);
    let rejection = sw::path_scalar(";other=1", "id", sw::Style::Matrix, srt::text).expect_err("another name");
    assert_eq!(rejection.parameter(), "id");
    let rejection =
        sw::split_segment("CA1.xml", &[sw::Piece::Param("Sid"), sw::Piece::Lit(".json")]).expect_err("no suffix");
    assert_eq!((rejection.location(), rejection.parameter()), (Location::Path, "Sid"));

    let rejection = sw::form::<FormValue>(b"name=a&name=b&amount=1&address[city]=x&address[primary]=true", &[])
        .expect_err("a name given twice");
    assert_eq!((rejection.location(), rejection.parameter()), (Location::Body, "name"));
    let rejection =
        sw::form::<FormValue>(b"name=a&amount=1&address[city]=x&address[primary]=yes", &[]).expect_err("not a boolean");
    assert_eq!(rejection.parameter(), "address.primary");

    // Nesting is bounded, so a hostile key cannot exhaust the stack.
    let deep = format!("name=a&amount=1&address{}=x", "[a]".repeat(100_000));
    let rejection = sw::form::<FormValue>(deep.as_bytes(), &[]).expect_err("too deep");
    assert_eq!((rejection.location(), rejection.parameter()), (Location::Body, "address"));

    let mut headers = axum::http::HeaderMap::new();
    headers.append("cookie", "a=1".parse().expect("a value"));
    headers.append("cookie", "b=2; flag; a=3".parse().expect("a value"));
    let cookies = sw::Cookies::parse(&headers).expect("cookies");
    assert_eq!(cookies.scalar("b", srt::integer::<i32>), Ok(Some(2)));
    let rejection = cookies.scalar("a", srt::text).expect_err("a cookie given twice");
    assert_eq!((rejection.location(), rejection.problem()), (Location::Cookie, &Problem::Repeated));
}

#[test]
fn multipart_parts_are_taken_strictly() {
    let parts = [
        cw::Part::text("title", &"Report"),
        cw::Part::json("meta", &Thing { role: "a".into(), count: 1, active: None }).expect("JSON"),
        cw::Part::file("files", "a.pdf", "application/pdf", Bytes::from_static(b"%PDF-1")),
        cw::Part::file("files", "b.pdf", "application/pdf", Bytes::from_static(b"%PDF-2")),
        cw::Part::text("extra", &1),
    ];
    let (content_type, body) = cw::multipart(&parts).expect("a body");
    let request = parts_with(content_type.to_str().expect("ASCII"));
    let mut read = sw::Multipart::parse(&request, &body).expect("parts");
    assert_eq!(read.text("title", srt::text), Ok(Some("Report".to_owned())));
    assert_eq!(read.json::<Thing>("meta").map(|t| t.map(|t| t.count)), Ok(Some(1)));
    let files = read.many("files");
    assert_eq!(files.iter().map(|f| f.filename.as_deref()).collect::<Vec<_>>(), [Some("a.pdf"), Some("b.pdf")]);
    let rejection = read.finish().expect_err("`extra` is not declared");
    assert_eq!((rejection.location(), rejection.parameter()), (Location::Body, "extra"));
    assert!(sw::Multipart::parse(&parts_with("multipart/form-data"), &body).is_err(), "no boundary");
    let truncated = &body[..body.len() - 10];
    assert!(sw::Multipart::parse(&request, truncated).is_err(), "no closing boundary");
}

/// A malformed multipart body is a 400 naming what is wrong with it, never a panic:
/// the framing is multer's, the rules on top (a form's part has headers and a name) ours.
#[test]
fn malformed_multipart_bodies_are_400s() {
    let check = |content_type: &str, body: &str, reason: &str| {
        let rejection = sw::Multipart::parse(&parts_with(content_type), body.as_bytes()).expect_err(body);
        assert_eq!((rejection.status(), rejection.location()), (StatusCode::BAD_REQUEST, Location::Body), "{body}");
        assert!(rejection.to_string().contains(reason), "{body}: {rejection}");
    };
    let form = "multipart/form-data; boundary=b";
    let named = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
    check(form, named, "ends before its closing boundary");
    check(form, &format!("{named}\r\n--b"), "ends before its closing boundary");
    check(form, "no delimiter at all", "ends before its closing boundary");
    check(form, "--b\r\n\r\nno headers\r\n--b--\r\n", "has a part without headers");
    check(form, &format!("{named}\r\n--b\r\n\r\nno headers\r\n--b--\r\n"), "has a part without headers");
    check(form, "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", "has a part without a name");
    check(form, "--b\r\nContent-Disposition: inline; name=a\r\n\r\nx\r\n--b--\r\n", "not form-data");
    check(form, "--b\r\nno colon here\r\n\r\nx\r\n--b--\r\n", "malformed headers");
    let long = "b".repeat(71);
    let body = format!("--{long}\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--{long}--\r\n");
    check(&format!("multipart/form-data; boundary={long}"), &body, "without a boundary");
    check("multipart/form-data; boundary=\"\"", "--\r\n", "without a boundary");
    check("multipart/form-data", "--b--\r\n", "without a boundary");

    // A boundary of 70 characters, transport padding after a delimiter, a preamble and an
    // epilogue are all allowed (RFC 2046).
    let long = "b".repeat(70);
    let body =
        format!("preamble\r\n--{long} \t\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--{long}--\r\nepilogue");
    let parts = parts_with(&format!("multipart/form-data; boundary=\"{long}\""));
    let mut read = sw::Multipart::parse(&parts, body.as_bytes()).expect("a well-formed body");
    assert_eq!(read.text("a", srt::text), Ok(Some("x".to_owned())));
    read.finish().expect("one part");

    // An array body's parts may have no headers, even the empty one last.
    let body = "--b\r\n\r\none\r\n--b\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--b\r\n\r\n\r\n--b--\r\n";
    let items = sw::Multipart::parse_items(&parts_with("multipart/mixed; boundary=b"), body.as_bytes())
        .and_then(|m| m.items(&[], &[]))
        .expect("items");
    let read: Vec<_> = items.iter().map(|p| (p.name.as_str(), p.content_type.as_deref(), &p.data[..])).collect();
    assert_eq!(read, [("", None, &b"one"[..]), ("", Some("text/plain"), b"two"), ("", None, b"")]);
}

#[tokio::test]
async fn bodies_are_limited_and_typed() {
    let read = |content_type: &'static str, data: &'static [u8], limit: usize| async move {
        let mut request = axum::http::Request::builder().uri("/upload").header("content-type", content_type);
        request = request.header("content-length", data.len());
        let parts = request.body(()).expect("a request").into_parts().0;
        sw::body(&parts, Body::from(data), limit, &["application/octet-stream", "image/*", "text/plain"]).await
    };
    let (media, bytes) = read("image/png", b"\x89PNG", 16).await.expect("accepted").expect("a body");
    assert_eq!((media.as_str(), &bytes[..]), ("image/png", &b"\x89PNG"[..]));
    let (_, text) = read("text/plain; charset=utf-8", b"hi", 16).await.expect("accepted").expect("a body");
    assert_eq!(sw::text(text).as_deref(), Ok("hi"));
    assert!(sw::text(Bytes::from_static(b"\xff")).is_err());

    let too_large = read("image/png", b"0123456789", 4).await.expect_err("over the limit");
    assert_eq!((too_large.status(), too_large.location()), (StatusCode::PAYLOAD_TOO_LARGE, Location::Body));
    let unsupported = read("application/json", b"{}", 16).await.expect_err("not declared");
    assert_eq!(unsupported.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(unsupported.to_string().contains("`application/json`"), "{unsupported}");

    // Without a `Content-Length`, the body is cut off as soon as it passes the limit.
    let parts = axum::http::Request::builder().header("content-type", "text/plain").body(()).expect("a request");
    let too_large = sw::body(&parts.into_parts().0, Body::from("abcdef"), 5, &["text/plain"]).await;
    assert_eq!(too_large.map_err(|r| r.status()), Err(StatusCode::PAYLOAD_TOO_LARGE));
}

// ----- over a real socket -----

/// Serves `app` on an ephemeral port of 127.0.0.1, on the current runtime.
async fn serve(app: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    addr
}

/// What the test server read from a request, sent back as JSON.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Seen {
    owner: String,
    repo: String,
    tags: Option<Vec<String>>,
    session: Option<String>,
    form: FormValue,
}

/// An operation as a generated server would read it: `POST /things/{owner}-{repo}` with a
/// pipe-delimited query array, a cookie and a form body of at most 4 KiB.
async fn read_everything(request: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (parts, body) = request.into_parts();
    let read = async {
        let segment = parts.uri.path().rsplit('/').next().unwrap_or_default();
        let pieces = [sw::Piece::Param("owner"), sw::Piece::Lit("-"), sw::Piece::Param("repo")];
        let split = sw::split_segment(segment, &pieces)?;
        let owner = sw::path_scalar(split[0], "owner", sw::Style::Simple, srt::text)?;
        let repo = sw::path_scalar(split[1], "repo", sw::Style::Simple, srt::text)?;
        let query = sw::RawQuery::parse(parts.uri.query())?;
        let tags = query.array("tags", sw::Style::PipeDelimited, false, srt::text)?;
        let session = sw::Cookies::parse(&parts.headers)?.scalar("session", srt::text)?;
        let accepted = ["application/x-www-form-urlencoded"];
        let (_, bytes) = srt::required(Location::Body, ".", sw::body(&parts, body, 4096, &accepted).await?)?;
        let form = sw::form(&bytes, &[("tags", sw::ArrayForm::Indexed)])?;
        Ok::<_, srt::Rejection>(Seen { owner, repo, tags, session, form })
    };
    match read.await {
        Ok(seen) => srt::json_response(200, &seen),
        Err(rejection) => rejection.into_response(),
    }
}

/// A large binary response, for the client to stream.
async fn download() -> axum::response::Response {
    sw::bytes_response(200, "application/octet-stream", vec![7u8; 1 << 20])
}

fn sample_form() -> FormValue {
    FormValue {
        name: "Widget & Co".into(),
        amount: 1999,
        description: Some("50% off".into()),
        tags: vec!["a,b".into(), "c".into()],
        metadata: BTreeMap::from([("0".into(), "zero".into()), ("order".into(), "6735".into())]),
        items: vec![Item { price: "price_1".into(), quantity: 2 }, Item { price: "price_2".into(), quantity: -1 }],
        address: Address { city: "São Paulo".into(), primary: true },
    }
}

#[tokio::test]
async fn the_client_and_server_agree_over_a_socket() {
    let app = axum::Router::new()
        .route("/api/things/{segment}", axum::routing::post(read_everything))
        .route("/api/download", axum::routing::get(download));
    let addr = serve(app).await;
    let client = crt::Client::new(&format!("http://{addr}/api/")).expect("a client");
    let call = |content_type: &'static str, body: Vec<u8>| {
        let mut path = String::from("/things");
        let mut segment = cw::Segment::new(&mut path);
        segment.param("owner", cw::Style::Simple, false, &cw::Value::Scalar("my-org".into())).expect("owner");
        segment.literal("-");
        segment.param("repo", cw::Style::Simple, false, &cw::Value::Scalar("a.b/c".into())).expect("repo");
        segment.finish().expect("a segment");
        let mut query = crt::Query::default();
        let tags = cw::Value::array(["x|y", "z"]);
        cw::query(&mut query, "tags", cw::Style::PipeDelimited, false, false, &tags).expect("tags");
        let mut headers = reqwest::header::HeaderMap::new();
        let mut cookies = cw::Cookies::default();
        cookies.push("session", &cw::Value::Scalar("s; 1=2".into())).expect("a cookie");
        cookies.apply(&mut headers).expect("a header");
        let mut call = crt::Call {
            operation: "things_post",
            method: reqwest::Method::POST,
            path,
            query,
            headers,
            body: None,
            schemes: &[],
        };
        cw::set_body(&mut call, reqwest::header::HeaderValue::from_static(content_type), body);
        call
    };

    let form = cw::form_body(&sample_form(), &[("tags", cw::ArrayForm::Indexed)]).expect("a form");
    let response = client.execute(call("application/x-www-form-urlencoded", form.into_bytes())).await.expect("sent");
    assert_eq!(response.status, 200, "{:?}", response.body);
    let seen: Seen = response.decode().expect("what the server saw");
    let expect = Seen {
        owner: "my-org".into(),
        repo: "a.b/c".into(),
        tags: Some(vec!["x|y".into(), "z".into()]),
        session: Some("s; 1=2".into()),
        form: sample_form(),
    };
    assert_eq!(seen, expect);

    let response = client.execute(call("application/json", b"{}".to_vec())).await.expect("sent");
    assert_eq!(response.status, 415);
    let body: serde_json::Value = response.decode().expect("JSON");
    assert_eq!((body["in"].as_str(), body["parameter"].as_str()), (Some("header"), Some("Content-Type")));
    assert!(body["message"].as_str().is_some_and(|m| m.contains("`application/json`")), "{body}");

    let response = client.execute(call("application/x-www-form-urlencoded", vec![b'a'; 5000])).await.expect("sent");
    assert_eq!(response.status, 413);

    // A large binary response, read piece by piece rather than buffered.
    let download = crt::Call {
        operation: "download",
        method: reqwest::Method::GET,
        path: "/download".into(),
        query: crt::Query::default(),
        headers: reqwest::header::HeaderMap::new(),
        body: None,
        schemes: &[],
    };
    let mut response = download.send(&client).await.expect("sent");
    let (mut total, mut chunks) = (0, 0);
    while let Some(chunk) = response.chunk().await.expect("a chunk") {
        assert!(chunk.iter().all(|b| *b == 7));
        total += chunk.len();
        chunks += 1;
    }
    assert_eq!(total, 1 << 20);
    assert!(chunks > 1, "the body arrived in one piece, so nothing was streamed");
}

/// Header values are never percent-encoded (OpenAPI 3.1.2 and 3.2, Appendix D): a `%` in
/// one is a `%`, whether or not an escape follows, and the client refuses an item that
/// holds the list's delimiter rather than encode it.
#[test]
fn header_values_are_not_percent_encoded() {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("x-tags", "%y3, a%20b,100%".parse().expect("a value"));
    headers.insert("x-thing", "role=%zz,count=5".parse().expect("a value"));
    assert_eq!(
        sw::header_array(&headers, "X-Tags", srt::text),
        Ok(Some(vec!["%y3".to_owned(), "a%20b".to_owned(), "100%".to_owned()]))
    );
    let thing = sw::header_object::<Thing>(&headers, "X-Thing", true).expect("an object");
    assert_eq!(thing, Some(Thing { role: "%zz".to_owned(), count: 5, active: None }));

    let mut sent = reqwest::header::HeaderMap::new();
    cw::header(&mut sent, "X-Tags", false, &cw::Value::array(&["%y3", "a b"])).expect("plain items");
    assert_eq!(sent.get("x-tags").map(|v| v.as_bytes()), Some(&b"%y3,a b"[..]));
    for refused in [&["a,b"][..], &[" a"], &["a "]] {
        let result = cw::header(&mut sent, "X-Tags", false, &cw::Value::array(refused));
        assert!(result.is_err(), "{refused:?}");
    }
    let keyed = Thing { role: "a=b".to_owned(), count: 1, active: None };
    cw::header(&mut sent, "X-Thing", true, &cw::Value::object("X-Thing", &keyed).expect("an object"))
        .expect("`=` in an exploded value is fine: members split at their first `=`");
}
