//! The 3.2 kitchen sink's generated client and server over a socket: operations of the
//! QUERY method and of `additionalOperations` (PURGE, COPY) reach their methods of `Api`
//! by their HTTP method, other methods get a 405 whose `Allow` names them, and a
//! parameter `in: querystring` is the whole query string, as a form or as JSON, read the
//! same from the generated client and from hand-written URLs. A token of 3.2's device
//! authorization flow is a bearer token like any OAuth 2.0 flow's.

use std::sync::{Arc, Mutex};

use kitchen_sink_3_2::client::{Client, Error};
use kitchen_sink_3_2::models::{
    CopyNoteRequest, CopyNoteResponse, GetNoteRequest, GetNoteResponse, ListNotesRequest, ListNotesResponse, Note,
    NoteFilter, PurgeNotesOkBody, PurgeNotesRequest, PurgeNotesResponse, QueryNotesRequest, QueryNotesResponse,
    SearchQuery, SearchQueryNear, SearchRequest, SearchResponse, WhoAmIOkBody, WhoAmIRequest, WhoAmIResponse,
};
use kitchen_sink_3_2::server::{Api, Credentials, router};

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
    let tree = "//! # Tags\n//!\n//! - Notes (kind: nav): Notes and their copies\n//!   - Archive (kind: nav): Old notes, \
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
