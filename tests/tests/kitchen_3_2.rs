//! The 3.2 kitchen sink's generated client and server over a socket: operations of the
//! QUERY method and of `additionalOperations` (PURGE, COPY) reach their methods of `Api`
//! by their HTTP method, other methods get a 405 whose `Allow` names them, and a
//! parameter `in: querystring` is the whole query string, as a form or as JSON, read the
//! same from the generated client and from hand-written URLs. A token of 3.2's device
//! authorization flow is a bearer token like any OAuth 2.0 flow's. A multipart body that
//! is an array is a part per item, in order, each part's media type the one its position
//! declares (`prefixEncoding`, then `itemEncoding`), read back into the list. Streams
//! whose items 3.2's `itemSchema` describes (events with JSON `data`, JSON Lines) are read
//! item by item.

use std::sync::{Arc, Mutex};

use kitchen_sink_3_2::File;
use kitchen_sink_3_2::client::{Client, Error};
use kitchen_sink_3_2::models::{
    AppendLinesRequest, AppendLinesResponse, AttachFilesRequest, AttachFilesResponse, CopyNoteRequest,
    CopyNoteResponse, GetNoteRequest, GetNoteResponse, ImportNotesRequest, ImportNotesResponse, ListNotesRequest,
    ListNotesResponse, Note, NoteEventsRequest, NoteEventsResponse, NoteFilter, NoteLinesRequest, NoteLinesResponse,
    PurgeNotesOkBody, PurgeNotesRequest, PurgeNotesResponse, QueryNotesRequest, QueryNotesResponse, SearchQuery,
    SearchQueryNear, SearchRequest, SearchResponse, WhoAmIOkBody, WhoAmIRequest, WhoAmIResponse,
};
use kitchen_sink_3_2::server::{Api, Credentials, router};
use kitchen_sink_3_2::stream::Event;

/// Notes in memory, and the filters the server was handed.
#[derive(Clone, Default)]
struct Notes {
    notes: Arc<Mutex<Vec<Note>>>,
    filters: Arc<Mutex<Vec<Option<NoteFilter>>>>,
}

impl Notes {
    fn matching(&self, filter: &NoteFilter) -> Vec<Note> {
        let notes = self.notes.lock().expect("lock").clone();
        let limit = filter.limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(0));
        notes
            .into_iter()
            .filter(|n| filter.text.as_ref().is_none_or(|t| n.text.contains(t.as_str())))
            .filter(|n| filter.tag.as_ref().is_none_or(|t| n.tags.iter().flatten().any(|x| x == t)))
            .take(limit)
            .collect()
    }
}

impl Api for Notes {
    type Error = std::convert::Infallible;

    async fn list_notes(&self, request: ListNotesRequest, _: Credentials) -> Result<ListNotesResponse, Self::Error> {
        self.filters.lock().expect("lock").push(request.filter.clone());
        let everything = NoteFilter { text: None, tag: None, limit: None };
        Ok(ListNotesResponse::Ok(self.matching(&request.filter.unwrap_or(everything))))
    }

    async fn query_notes(&self, request: QueryNotesRequest, _: Credentials) -> Result<QueryNotesResponse, Self::Error> {
        Ok(QueryNotesResponse::Ok(self.matching(&request.body)))
    }

    async fn purge_notes(&self, request: PurgeNotesRequest, _: Credentials) -> Result<PurgeNotesResponse, Self::Error> {
        let mut notes = self.notes.lock().expect("lock");
        let before = notes.len();
        notes.retain(|n| n.id >= request.older_than);
        let purged = i64::try_from(before - notes.len()).unwrap_or(i64::MAX);
        Ok(PurgeNotesResponse::Ok(PurgeNotesOkBody { purged }))
    }

    async fn get_note(&self, request: GetNoteRequest, _: Credentials) -> Result<GetNoteResponse, Self::Error> {
        let notes = self.notes.lock().expect("lock");
        Ok(match notes.iter().find(|n| n.id == request.id) {
            Some(n) => GetNoteResponse::Ok(n.clone()),
            None => GetNoteResponse::NotFound,
        })
    }

    async fn copy_note(&self, request: CopyNoteRequest, _: Credentials) -> Result<CopyNoteResponse, Self::Error> {
        let mut notes = self.notes.lock().expect("lock");
        let mut copy = notes.iter().find(|n| n.id == request.id).cloned().unwrap_or(Note {
            id: 0,
            text: String::new(),
            tags: None,
        });
        copy.id = notes.iter().map(|n| n.id).max().unwrap_or(0) + 1;
        copy.tags = Some(vec![format!("copied to {}", request.destination)]);
        notes.push(copy.clone());
        Ok(CopyNoteResponse::Created(copy))
    }

    async fn search(&self, request: SearchRequest, _: Credentials) -> Result<SearchResponse, Self::Error> {
        Ok(SearchResponse::Ok(request.q))
    }

    async fn import_notes(
        &self,
        request: ImportNotesRequest,
        _: Credentials,
    ) -> Result<ImportNotesResponse, Self::Error> {
        Ok(ImportNotesResponse::Ok(request.body))
    }

    async fn attach_files(
        &self,
        request: AttachFilesRequest,
        _: Credentials,
    ) -> Result<AttachFilesResponse, Self::Error> {
        let described = request.body.iter().map(|f| format!("{:?} {:?} {}", f.filename, f.content_type, f.data.len()));
        Ok(AttachFilesResponse::Ok(described.collect()))
    }

    async fn append_lines(
        &self,
        request: AppendLinesRequest,
        _: Credentials,
    ) -> Result<AppendLinesResponse, Self::Error> {
        Ok(AppendLinesResponse::Ok(request.body.unwrap_or_default()))
    }

    async fn note_events(&self, _: NoteEventsRequest, _: Credentials) -> Result<NoteEventsResponse, Self::Error> {
        let notes = self.notes.lock().expect("lock").clone();
        let events = notes.into_iter().map(|n| Event {
            event: Some("note".into()),
            id: Some(n.id.to_string()),
            ..Event::new(n)
        });
        Ok(NoteEventsResponse::Ok(events.collect()))
    }

    async fn note_lines(&self, _: NoteLinesRequest, _: Credentials) -> Result<NoteLinesResponse, Self::Error> {
        Ok(NoteLinesResponse::Ok(self.notes.lock().expect("lock").clone().into_iter().collect()))
    }

    async fn who_am_i(&self, _: WhoAmIRequest, credentials: Credentials) -> Result<WhoAmIResponse, Self::Error> {
        let given = [("device", credentials.device), ("legacyKey", credentials.legacy_key)];
        Ok(match given.into_iter().find_map(|(scheme, c)| Some((scheme, c?))) {
            Some((scheme, c)) => {
                WhoAmIResponse::Ok(WhoAmIOkBody { scheme: scheme.into(), credential: c.expose().to_owned() })
            }
            None => WhoAmIResponse::Unauthorized,
        })
    }
}

fn note(id: i64, text: &str, tags: &[&str]) -> Note {
    Note { id, text: text.into(), tags: Some(tags.iter().map(|t| (*t).to_string()).collect()) }
}

async fn serve() -> (String, Notes) {
    let notes = Notes::default();
    *notes.notes.lock().expect("lock") =
        vec![note(1, "buy milk", &["home"]), note(2, "milk the cow & café", &["farm"]), note(3, "call bob", &["home"])];
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(notes.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), notes)
}

fn ids(notes: &[Note]) -> Vec<i64> {
    notes.iter().map(|n| n.id).collect()
}

#[tokio::test]
async fn query_and_additional_operations_reach_their_methods() {
    let (base, notes) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");

    let filter = NoteFilter { text: Some("milk".into()), tag: None, limit: None };
    let QueryNotesResponse::Ok(found) = client.query_notes(filter).await.expect("query").into_inner();
    assert_eq!(ids(&found), [1, 2]);
    let CopyNoteResponse::Created(copy) = client.copy_note(3, "/archive").await.expect("copy").into_inner();
    assert_eq!((copy.id, copy.text.as_str()), (4, "call bob"));
    assert_eq!(copy.tags, Some(vec!["copied to /archive".to_string()]));
    let PurgeNotesResponse::Ok(body) = client.purge_notes(3).await.expect("purge").into_inner();
    assert_eq!(body.purged, 2);
    assert_eq!(ids(&notes.notes.lock().expect("lock")), [3, 4]);

    // On the wire the methods are the spec's, and nothing else reaches those operations.
    let http = reqwest::Client::new();
    let method = |m: &str| reqwest::Method::from_bytes(m.as_bytes()).expect("method");
    let answer = http
        .request(method("QUERY"), format!("{base}/notes"))
        .header("content-type", "application/json")
        .body(r#"{"tag":"home"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.expect("body"), r#"[{"id":3,"text":"call bob","tags":["home"]}]"#);
    for (m, path, allow) in [
        ("POST", "/notes", "GET,HEAD,QUERY,PURGE"),
        ("SEARCH", "/notes", "GET,HEAD,QUERY,PURGE"),
        ("query", "/notes", "GET,HEAD,QUERY,PURGE"),
        ("QUERY", "/notes/3", "GET,HEAD,COPY"),
        ("DELETE", "/notes/3", "GET,HEAD,COPY"),
    ] {
        let answer = http.request(method(m), format!("{base}{path}")).send().await.expect("sent");
        assert_eq!(answer.status(), 405, "{m} {path}");
        assert_eq!(answer.headers()["allow"], allow, "{m} {path}");
        assert_eq!(answer.text().await.expect("body"), r#"{"message":"405 Method Not Allowed"}"#);
    }
    // A custom method's request is read as strictly as any: PURGE without its parameter.
    let answer = http.request(method("PURGE"), format!("{base}/notes")).send().await.expect("sent");
    assert_eq!(answer.status(), 400);
    // And a path the spec does not have is still a 404, whatever the method.
    let answer = http.request(method("QUERY"), format!("{base}/elsewhere")).send().await.expect("sent");
    assert_eq!(answer.status(), 404);
}

#[tokio::test]
async fn a_form_querystring_is_the_whole_query() {
    let (base, notes) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");
    let filter = NoteFilter { text: Some("milk the cow & café".into()), tag: Some("farm".into()), limit: Some(5) };
    let ListNotesResponse::Ok(found) = client.list_notes().filter(filter.clone()).await.expect("list").into_inner();
    assert_eq!(ids(&found), [2]);
    let ListNotesResponse::Ok(found) = client.list_notes().await.expect("list").into_inner();
    assert_eq!(ids(&found), [1, 2, 3]);
    // A hand-written query is the same form.
    let http = reqwest::Client::new();
    let answer = http.get(format!("{base}/notes?tag=home&limit=1")).send().await.expect("sent");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.expect("body"), r#"[{"id":1,"text":"buy milk","tags":["home"]}]"#);
    let seen = notes.filters.lock().expect("lock").clone();
    assert_eq!(seen, [Some(filter), None, Some(NoteFilter { text: None, tag: Some("home".into()), limit: Some(1) })]);
    // A field that does not read is a 400 naming the parameter and the field.
    let answer = http.get(format!("{base}/notes?limit=many")).send().await.expect("sent");
    assert_eq!(answer.status(), 400);
    let body: serde_json::Value = serde_json::from_str(&answer.text().await.expect("body")).expect("json");
    assert_eq!(body["parameter"], "filter.limit", "{body}");
    assert_eq!(body["in"], "query", "{body}");
}

#[tokio::test]
async fn a_json_querystring_is_the_whole_query() {
    let (base, _) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");
    let q = SearchQuery {
        terms: vec!["a&b=c".into(), "100% ü €".into(), "plus+sign".into(), "#frag?".into(), String::new()],
        exact: Some(true),
        near: Some(SearchQueryNear { lat: Some(52.5), lon: Some(-13.25) }),
    };
    let SearchResponse::Ok(echo) = client.search(q.clone()).await.expect("search").into_inner();
    assert_eq!(echo, q);
    let http = reqwest::Client::new();
    let answer = http.get(format!("{base}/search?%7B%22terms%22%3A%5B%22x%22%5D%7D")).send().await.expect("sent");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.expect("body"), r#"{"terms":["x"]}"#);
    for (query, why) in [("", "missing"), ("?terms=x", "not JSON"), ("?%7B%22terms%22%3A1%7D", "terms not a list")] {
        let answer = http.get(format!("{base}/search{query}")).send().await.expect("sent");
        assert_eq!(answer.status(), 400, "{why}");
        let body: serde_json::Value = serde_json::from_str(&answer.text().await.expect("body")).expect("json");
        assert_eq!((body["parameter"].as_str(), body["in"].as_str()), (Some("q"), Some("query")), "{why}: {body}");
    }
    // The client refuses nothing JSON can say; an error here would be a transport one.
    let unreachable = Client::builder("http://127.0.0.1:9/").build().expect("client");
    match unreachable.search(q).await {
        Err(Error::Transport { .. }) => {}
        other => panic!("{other:?}"),
    }
}

/// 3.2's tags nested by `parent`, of a `kind`: the crate's docs draw the tree with each
/// tag's kind, and an operation's docs name each of its tags by its path, on the client
/// and on the server's trait alike.
#[test]
fn tags_are_documented_as_a_tree() {
    let lib = include_str!("../kitchen-sink-3-2/generated/src/lib.rs");
    let tree = "//! # Tags\n//!\n//! Each tag has a module in [`tags`], which lists its operations.\n//!\n//! - Notes (kind: nav): Notes and their copies\n//!   - Archive (kind: nav): Old notes, \
                and purging them.\n//!     - Expiry (kind: badge): Notes past their age\n//! - Search (kind: nav): Finding \
                notes by query\n//! - Operators (kind: audience): For the people who run the service\n";
    assert!(lib.contains(tree), "the crate's docs lack the tag tree:\n{lib}");
    let client = include_str!("../kitchen-sink-3-2/generated/src/client/mod.rs");
    let server = include_str!("../kitchen-sink-3-2/generated/src/server/mod.rs");
    for (side, text) in [("client", client), ("server", server)] {
        for line in
            ["/// Tags: Notes › Archive › Expiry, Operators.\n", "/// Tags: Notes, Search.\n", "/// Tag: Search.\n"]
        {
            assert!(text.contains(line), "the {side} lacks {line:?}");
        }
    }
}

/// Each tag is a module of `tags`, nested as the tree, that lists its operations and
/// re-exports their model types: the same types as `models`', usable in code.
#[test]
fn tags_are_modules_along_the_tree() {
    use kitchen_sink_3_2::{models, tags};
    let same: fn(tags::notes::archive::expiry::PurgeNotesRequest) -> models::PurgeNotesRequest = |r| r;
    let _ = same;
    let _: fn(tags::search::SearchResponse) -> models::SearchResponse = |r| r;
    let lib = include_str!("../kitchen-sink-3-2/generated/src/lib.rs");
    let tags = &lib[lib.find("pub mod tags {").expect("no `tags` module")..];
    let tree: Vec<&str> = tags.lines().filter(|l| l.trim_start().starts_with("pub mod ")).collect();
    let expect = [
        "pub mod tags {",
        "    pub mod notes {",
        "        pub mod archive {",
        "            pub mod expiry {",
        "    pub mod search {",
        "    pub mod operators {",
    ];
    assert_eq!(tree, expect);
    assert!(tags.contains("//! The tag Notes › Archive › Expiry (kind: badge).\n"), "{tags}");
    assert!(tags.contains("//!   - models: [`PurgeNotesRequest`], [`PurgeNotesResponse`]\n"), "{tags}");
}

/// An OAuth 2.0 scheme whose only flow is 3.2's device authorization flow takes a bearer
/// token like any other: the client's setter sends it, the server's `Credentials` reads
/// it, and without it the router answers 401. Where such tokens come from is in `auth`.
#[tokio::test]
async fn a_device_flow_token_is_a_bearer_token() {
    use kitchen_sink_3_2::auth::device;
    assert_eq!(device::METADATA_URL, "https://auth.example.com/.well-known/oauth-authorization-server");
    assert_eq!(device::device_authorization::DEVICE_AUTHORIZATION_URL, "https://auth.example.com/device_authorization");
    assert_eq!(device::device_authorization::TOKEN_URL, "https://auth.example.com/token");
    assert_eq!(device::device_authorization::SCOPES, [("notes.read", "Read notes"), ("notes.write", "Write notes")]);

    let (base, _) = serve().await;
    let client = Client::builder(&format!("{base}/")).device("t0ken").build().expect("client");
    let WhoAmIResponse::Ok(me) = client.who_am_i().await.expect("me").into_inner() else { panic!("not 200") };
    assert_eq!((me.scheme.as_str(), me.credential.as_str()), ("device", "t0ken"));
    let answer = reqwest::get(format!("{base}/me")).await.expect("sent");
    assert_eq!(answer.status(), 401);
    let answer = reqwest::Client::new().get(format!("{base}/me")).bearer_auth("other").send().await.expect("sent");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.expect("body"), r#"{"scheme":"device","credential":"other"}"#);
}

/// What a client sent: its `Content-Type` and body, answered with `answer` (JSON).
async fn recorder(answer: &'static str) -> (String, tokio::sync::mpsc::UnboundedReceiver<(String, String)>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let record = move |headers: axum::http::HeaderMap, body: axum::body::Bytes| async move {
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let _ = tx.send((content_type, String::from_utf8_lossy(&body).into_owned()));
        ([("content-type", "application/json")], answer)
    };
    let app = axum::Router::new().fallback(record);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/"), rx)
}

/// A body's parts, by its boundary: each part's text between delimiters.
fn parts_of(content_type: &str, body: &str) -> Vec<String> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
    let delimiter = format!("--{boundary}");
    let mut parts: Vec<String> = body.split(&delimiter).map(str::to_owned).collect();
    assert_eq!(parts.pop().as_deref(), Some("--\r\n"), "the body ends at its closing delimiter");
    assert_eq!(parts.remove(0), "", "no preamble");
    parts
}

/// A `multipart/mixed` array of notes: the client sends a part per note, in order, with
/// no `Content-Disposition` (mixed parts have no names) and each part's media type the
/// one its position declares: the first `prefixEncoding`'s first type, the rest
/// `itemEncoding`'s. The server reads them back in order.
#[tokio::test]
async fn notes_travel_as_the_parts_of_a_mixed_body_in_order() {
    let batch = vec![
        note(10, "first", &["a"]),
        note(11, "second, with\r\n--a boundary-like line", &[]),
        note(12, "third", &["b", "c"]),
    ];
    let (base, _) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");
    let ImportNotesResponse::Ok(read) = client.import_notes(batch.clone()).await.expect("import").into_inner();
    assert_eq!(read, batch);

    let (url, mut sent) = recorder("[]").await;
    let client = Client::builder(&url).build().expect("client");
    let ImportNotesResponse::Ok(_) = client.import_notes(batch.clone()).await.expect("import").into_inner();
    let (content_type, body) = sent.recv().await.expect("a request");
    assert!(content_type.starts_with("multipart/mixed; boundary="), "{content_type}");
    let parts = parts_of(&content_type, &body);
    let expected: Vec<String> = batch
        .iter()
        .zip(["application/vnd.note+json", "application/json", "application/json"])
        .map(|(n, t)| format!("\r\nContent-Type: {t}\r\n\r\n{}\r\n", serde_json::to_string(n).expect("json")))
        .collect();
    assert_eq!(parts, expected);
}

/// A `multipart/form-data` array of files: each part is named by its position (form data
/// names every part), carries its file name, and has the file's own media type, else the
/// one its position declares (`text/markdown` first, then `image/png`, the first of
/// `itemEncoding`'s that is not a range). The server gives back the media type only when
/// it is not the declared one, as for files of an object's properties.
#[tokio::test]
async fn files_travel_as_the_parts_of_a_form_in_order() {
    let file = |data: &'static [u8], filename: Option<&str>, content_type: Option<&str>| File {
        data: axum::body::Bytes::from_static(data),
        filename: filename.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
    };
    let files = vec![
        file(b"# notes", Some("notes.md"), None),
        file(b"\x89PNG\r\n", Some("a.png"), None),
        file(b"GIF89a", None, Some("image/gif")),
    ];
    let (base, _) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");
    let AttachFilesResponse::Ok(read) = client.attach_files(files.clone()).await.expect("attach").into_inner();
    assert_eq!(read, [r#"Some("notes.md") None 7"#, r#"Some("a.png") None 6"#, r#"None Some("image/gif") 6"#]);

    let (url, mut sent) = recorder("[]").await;
    let client = Client::builder(&url).build().expect("client");
    let AttachFilesResponse::Ok(_) = client.attach_files(files).await.expect("attach").into_inner();
    let (content_type, body) = sent.recv().await.expect("a request");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let heads: Vec<String> = parts_of(&content_type, &body)
        .iter()
        .map(|p| p.split("\r\n\r\n").next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        heads,
        [
            "\r\nContent-Disposition: form-data; name=\"0\"; filename=\"notes.md\"\r\nContent-Type: text/markdown",
            "\r\nContent-Disposition: form-data; name=\"1\"; filename=\"a.png\"\r\nContent-Type: image/png",
            "\r\nContent-Disposition: form-data; name=\"2\"\r\nContent-Type: image/gif",
        ]
    );
}

/// The server holds each part to its position's media types, and reads parts as RFC 2046
/// allows a hand-written body to write them: a part without headers is text, any
/// `Content-Disposition` is taken. A part of a media type its position does not declare
/// is a 400 naming its position.
#[tokio::test]
async fn the_server_reads_parts_by_position_strictly() {
    let (base, _) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");
    let lines = vec!["one".to_owned(), "two ü".to_owned(), String::new()];
    let AppendLinesResponse::Ok(read) = client.append_lines().body(lines.clone()).await.expect("append").into_inner();
    assert_eq!(read, lines);

    let http = reqwest::Client::new();
    let post = |path: &str, body: &'static str| {
        http.post(format!("{base}{path}")).header("content-type", "multipart/mixed; boundary=b").body(body).send()
    };
    let answer = post(
        "/notes/lines",
        "--b\r\n\r\nno headers\r\n--b\r\nContent-Disposition: inline\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b--\r\n",
    )
    .await
    .expect("sent");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.expect("body"), r#"["no headers","plain"]"#);

    let answer = post("/notes/lines", "--b\r\nContent-Type: text/html\r\n\r\n<p>\r\n--b--\r\n").await.expect("sent");
    assert_eq!(answer.status(), 400);
    let body: serde_json::Value = serde_json::from_str(&answer.text().await.expect("body")).expect("json");
    assert_eq!(body["parameter"], "0", "{body}");
    // The second note's part may not be `text/plain`, which its position does not declare.
    let note = r#"{"id":1,"text":"x"}"#;
    let body = format!(
        "--b\r\nContent-Type: application/vnd.note+json\r\n\r\n{note}\r\n--b\r\nContent-Type: text/plain\r\n\r\n{note}\r\n--b--\r\n"
    );
    let answer = post("/notes/batch", Box::leak(body.into_boxed_str())).await.expect("sent");
    assert_eq!(answer.status(), 400);
    let body: serde_json::Value = serde_json::from_str(&answer.text().await.expect("body")).expect("json");
    assert_eq!(body["parameter"], "1", "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("`text/plain`, not one of application/json")),
        "{body}"
    );
    // A part that is not the item's JSON is refused at its position too.
    let answer = post("/notes/batch", "--b\r\n\r\n{\"id\":\"one\"}\r\n--b--\r\n").await.expect("sent");
    assert_eq!(answer.status(), 400);
    let body: serde_json::Value = serde_json::from_str(&answer.text().await.expect("body")).expect("json");
    assert_eq!(body["parameter"], "0", "{body}");
}

#[tokio::test]
async fn item_schema_streams_are_read_item_by_item() {
    use futures_util::StreamExt;
    let (base, _) = serve().await;
    let client = Client::builder(&format!("{base}/")).build().expect("client");
    let NoteEventsResponse::Ok(events) = client.note_events().await.expect("events").into_inner();
    let events: Vec<Event<Note>> = events.map(|e| e.expect("an event")).collect().await;
    let seen: Vec<(Option<&str>, Option<&str>, i64)> =
        events.iter().map(|e| (e.event.as_deref(), e.id.as_deref(), e.data.id)).collect();
    assert_eq!(seen, [(Some("note"), Some("1"), 1), (Some("note"), Some("2"), 2), (Some("note"), Some("3"), 3)]);
    let NoteLinesResponse::Ok(lines) = client.note_lines().await.expect("lines").into_inner();
    let lines: Vec<Note> = lines.map(|n| n.expect("a note")).collect().await;
    assert_eq!(ids(&lines), [1, 2, 3]);
    // On the wire: one JSON text a line, each note as the JSON Lines item schema says.
    let answer = reqwest::get(format!("{base}/feed/notes.jsonl")).await.expect("sent");
    assert_eq!(answer.headers()["content-type"], "application/jsonl");
    assert_eq!(
        answer.text().await.expect("body").lines().next(),
        Some(r#"{"id":1,"text":"buy milk","tags":["home"]}"#)
    );
}
