//! The generated server over real sockets: implementations of the generated `Api` behind
//! the generated router, served on 127.0.0.1 and driven by reqwest (not the generated
//! client). A table of requests with the exact status and JSON each gets, what an
//! implementation receives, the token lifecycle, the operation id and the error mapping,
//! and property tests that no request makes the server fail.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::response::Response;
use gitlab_access_tokens::ErrorMessage;
use gitlab_access_tokens::models::{
    AccessTokensDeleteRequest, AccessTokensDeleteResponse, AccessTokensGetRequest, AccessTokensGetResponse,
    AccessTokensPostRequest, AccessTokensPostResponse,
};
use gitlab_access_tokens::server::{self, Credentials, OperationId, Secret};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use tests::reference::{self, Project, Reference};

/// Request headers, a name possibly more than once.
type Headers<'a> = &'a [(&'a str, &'a str)];

const TOKEN: &str = "secret-token";
const AUTH: Headers = &[("Private-Token", TOKEN)];
const NO_AUTH: Headers = &[];

/// Serves `app` on an ephemeral port of 127.0.0.1, on the current runtime.
async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    addr
}

/// The reference server as the example serves it, with three projects: 1 (which the
/// table gives a token), 2 (which stays empty) and 3 (where the table creates tokens).
async fn reference_server() -> SocketAddr {
    let projects: Vec<Project> =
        ["1:group/project", "2:group/empty", "3:group/scratch"].iter().map(|p| p.parse().expect("a project")).collect();
    serve(reference::app(Reference::new(TOKEN, projects))).await
}

fn client() -> reqwest::Client {
    // No proxy: the environment's must not stand between the test and 127.0.0.1.
    reqwest::Client::builder().no_proxy().build().expect("a client")
}

/// A response as the tests compare it.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: Option<String>,
    allow: Option<String>,
    operation: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

/// Sends `method target` (the path and query exactly as written) with `headers`, which
/// may repeat a name.
async fn try_send(
    client: &reqwest::Client,
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: Headers<'_>,
) -> Result<Answer, String> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
    let mut request = client.request(method, format!("http://{addr}{target}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.map_err(|e| format!("{target}: {e:?}"))?;
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (content_type, allow, operation) = (header("content-type"), header("allow"), header("x-operation-id"));
    let status = response.status().as_u16();
    let body = response.text().await.map_err(|e| format!("{target}: reading the body: {e:?}"))?;
    Ok(Answer { status, content_type, allow, operation, body })
}

async fn send(client: &reqwest::Client, addr: SocketAddr, method: &str, target: &str, headers: Headers<'_>) -> Answer {
    try_send(client, addr, method, target, headers).await.unwrap_or_else(|e| panic!("{e}"))
}

/// What a row expects of the body.
#[derive(Debug)]
enum Body {
    /// Exactly this JSON.
    Is(Value),
    /// JSON with at least these members (for bodies with a timestamp or a new secret).
    Has(Value),
    /// Nothing.
    Empty,
}

fn includes(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|av| includes(av, v))),
        _ => actual == expected,
    }
}

/// The one check for every row: the status, and the body, which is JSON whenever there is
/// one (never text/plain).
fn check(name: &str, answer: &Answer, status: u16, body: &Body) {
    assert_eq!(answer.status, status, "{name}: status; body {:?}", answer.body);
    match body {
        Body::Empty => assert_eq!(answer.body, "", "{name}: body"),
        Body::Is(expected) | Body::Has(expected) => {
            assert_eq!(answer.content_type.as_deref(), Some("application/json"), "{name}: content-type");
            let actual = answer.json();
            let ok = match body {
                Body::Is(_) => actual == *expected,
                _ => includes(&actual, expected),
            };
            assert!(ok, "{name}:\n  expected {expected}\n  got      {actual}");
        }
    }
}

fn bad_request(location: &str, parameter: &str, problem: &str) -> Body {
    Body::Is(json!({
        "message": format!("400 Bad Request - {location} parameter `{parameter}` {problem}"),
        "parameter": parameter,
        "in": location,
    }))
}

const SCOPES: &str = "api, read_api, read_registry, write_registry, read_repository, write_repository";
const MALFORMED: &str = "has a malformed percent-encoding (`%` must start `%XX`, XX hexadecimal)";

fn message(text: &str) -> Body {
    Body::Is(json!({ "message": text }))
}

#[tokio::test]
async fn requests_get_exactly_these_answers() {
    let addr = reference_server().await;
    let client = client();
    let setup = send(&client, addr, "POST", "/api/v4/projects/1/access_tokens?name=setup&scopes[]=api", AUTH).await;
    check("setup", &setup, 200, &Body::Has(json!({ "name": "setup" })));

    let p = "/api/v4/projects";
    let new = |scopes: Value| Body::Has(json!({ "name": "ci", "scopes": scopes, "active": true, "revoked": false }));
    // One row a line, so the table reads as a table.
    #[rustfmt::skip]
    let cases: Vec<(&str, &str, String, Headers, u16, Body)> = vec![
        // Paths: ids, URL-encoded project paths, and what cannot be decoded.
        ("list by id", "GET", format!("{p}/1/access_tokens"), AUTH, 200, Body::Has(json!({ "name": "setup", "scopes": ["api"], "active": true, "revoked": false }))),
        ("group%2Fproject names project 1", "GET", format!("{p}/group%2Fproject/access_tokens"), AUTH, 200, Body::Has(json!({ "name": "setup" }))),
        ("lower-case escapes too", "GET", format!("{p}/group%2fproject/access_tokens"), AUTH, 200, Body::Has(json!({ "name": "setup" }))),
        ("only canonical digits are an id", "GET", format!("{p}/01/access_tokens"), AUTH, 404, message("404 Project Not Found")),
        ("unknown project id", "GET", format!("{p}/99/access_tokens"), AUTH, 404, message("404 Project Not Found")),
        ("unknown project path", "GET", format!("{p}/group%2Fnone/access_tokens"), AUTH, 404, message("404 Project Not Found")),
        ("project without tokens", "GET", format!("{p}/2/access_tokens"), AUTH, 404, message("404 Access Token Not Found")),
        ("an empty id is a missing one", "GET", format!("{p}//access_tokens"), AUTH, 400, bad_request("path", "id", "is missing")),
        ("malformed escape in the path", "GET", format!("{p}/%zz/access_tokens"), AUTH, 400, bad_request("path", "id", MALFORMED)),
        ("truncated escape in the path", "GET", format!("{p}/group%2/access_tokens"), AUTH, 400, bad_request("path", "id", MALFORMED)),
        ("not UTF-8 once decoded", "GET", format!("{p}/%FF/access_tokens"), AUTH, 400, bad_request("path", "id", "is not valid UTF-8")),
        ("malformed second parameter", "DELETE", format!("{p}/1/access_tokens/%zz"), AUTH, 400, bad_request("path", "token_id", MALFORMED)),
        ("token_id not an integer", "DELETE", format!("{p}/1/access_tokens/abc"), AUTH, 400, message("400 Bad request - token_id is invalid")),
        ("refused before credentials are judged", "GET", format!("{p}/%zz/access_tokens"), NO_AUTH, 400, bad_request("path", "id", MALFORMED)),
        // Query parameters.
        ("bad enum value", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=sudo"), AUTH, 400, bad_request("query", "scopes", &format!("is invalid: `sudo` is not a valid Scope (expected one of: {SCOPES})"))),
        ("empty array item", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]="), AUTH, 400, bad_request("query", "scopes", &format!("is invalid: `` is not a valid Scope (expected one of: {SCOPES})"))),
        ("bad date", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&expires_at=2022-13-01"), AUTH, 400, bad_request("query", "expires_at", "is invalid: `2022-13-01` is not a date (YYYY-MM-DD)")),
        ("date not YYYY-MM-DD", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&expires_at=2022-1-31"), AUTH, 400, bad_request("query", "expires_at", "is invalid: `2022-1-31` is not a date (YYYY-MM-DD)")),
        ("date-time for a date", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&expires_at=2022-01-31T00:00:00Z"), AUTH, 400, bad_request("query", "expires_at", "is invalid: `2022-01-31T00:00:00Z` is not a date (YYYY-MM-DD)")),
        ("missing required name", "POST", format!("{p}/3/access_tokens?scopes[]=api"), AUTH, 400, bad_request("query", "name", "is missing")),
        ("missing required scopes", "POST", format!("{p}/3/access_tokens?name=ci"), AUTH, 400, bad_request("query", "scopes", "is missing")),
        ("no query at all", "POST", format!("{p}/3/access_tokens"), AUTH, 400, bad_request("query", "name", "is missing")),
        ("a single value given twice", "POST", format!("{p}/3/access_tokens?name=a&name=b&scopes[]=api"), AUTH, 400, bad_request("query", "name", "is given more than once")),
        ("malformed escape in the query", "POST", format!("{p}/3/access_tokens?name=%zz&scopes[]=api"), AUTH, 400, bad_request("query", "name", MALFORMED)),
        ("malformed escape under a Rails key", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=%2"), AUTH, 400, bad_request("query", "scopes", MALFORMED)),
        ("not UTF-8 in the query", "POST", format!("{p}/3/access_tokens?name=%FF&scopes[]=api"), AUTH, 400, bad_request("query", "name", "is not valid UTF-8")),
        ("repeated keys", "POST", format!("{p}/3/access_tokens?name=ci&scopes=api&scopes=read_api"), AUTH, 200, new(json!(["api", "read_api"]))),
        ("Rails' form", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&scopes[]=read_api"), AUTH, 200, new(json!(["api", "read_api"]))),
        ("both forms at once", "POST", format!("{p}/3/access_tokens?name=ci&scopes=api&scopes[]=read_api"), AUTH, 200, new(json!(["api", "read_api"]))),
        ("escaped brackets are Rails' form", "POST", format!("{p}/3/access_tokens?name=ci&scopes%5B%5D=write_registry"), AUTH, 200, new(json!(["write_registry"]))),
        ("a valid date", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&expires_at=2099-01-31"), AUTH, 200, Body::Has(json!({ "expires_at": "2099-01-31", "active": true }))),
        ("+ is a space", "POST", format!("{p}/3/access_tokens?name=my+token&scopes[]=api"), AUTH, 200, Body::Has(json!({ "name": "my token" }))),
        ("unknown parameters are ignored", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&color=blue"), AUTH, 200, new(json!(["api"]))),
        // Credentials.
        ("no token", "GET", format!("{p}/1/access_tokens"), NO_AUTH, 401, message("401 Unauthorized")),
        ("wrong token", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", "guess")], 401, message("401 Unauthorized")),
        ("empty token", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", "")], 401, message("401 Unauthorized")),
        ("bearer token", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "Bearer secret-token")], 200, Body::Has(json!({ "name": "setup" }))),
        ("bearer, any case", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "bearer secret-token")], 200, Body::Has(json!({ "name": "setup" }))),
        ("wrong bearer token", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "Bearer guess")], 401, message("401 Unauthorized")),
        ("another scheme is no token", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "Basic c2VjcmV0LXRva2Vu")], 401, message("401 Unauthorized")),
        ("Private-Token is looked at first", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", "guess"), ("Authorization", "Bearer secret-token")], 401, message("401 Unauthorized")),
        ("Private-Token twice", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", TOKEN), ("Private-Token", TOKEN)], 400, bad_request("header", "Private-Token", "is given more than once")),
        ("no token on create, unknown project", "POST", format!("{p}/99/access_tokens?name=ci&scopes[]=api"), NO_AUTH, 401, message("401 Unauthorized")),
        ("no token on revoke (spec: no 401)", "DELETE", format!("{p}/1/access_tokens/1"), NO_AUTH, 401, message("401 Unauthorized")),
        // Routing.
        ("unknown path", "GET", "/api/v4/nothing".into(), AUTH, 404, message("404 Not Found")),
        ("outside /api", "GET", "/v4/projects/1/access_tokens".into(), AUTH, 404, message("404 Not Found")),
        ("trailing slash", "GET", format!("{p}/1/access_tokens/"), AUTH, 404, message("404 Not Found")),
        ("wrong method", "PUT", format!("{p}/1/access_tokens"), AUTH, 405, message("405 Method Not Allowed")),
        ("wrong method on a token", "GET", format!("{p}/1/access_tokens/1"), AUTH, 405, message("405 Method Not Allowed")),
    ];
    for (name, method, target, headers, status, body) in &cases {
        let answer = send(&client, addr, method, target, headers).await;
        check(name, &answer, *status, body);
    }
}

#[tokio::test]
async fn method_not_allowed_says_what_is() {
    let addr = reference_server().await;
    let client = client();
    let answer = send(&client, addr, "PUT", "/api/v4/projects/1/access_tokens", AUTH).await;
    assert_eq!(answer.allow.as_deref(), Some("GET,HEAD,POST"));
    let answer = send(&client, addr, "POST", "/api/v4/projects/1/access_tokens/1", AUTH).await;
    assert_eq!(answer.allow.as_deref(), Some("DELETE"));
}

#[tokio::test]
async fn a_token_lives_and_is_revoked() {
    let addr = reference_server().await;
    let client = client();
    let list = "/api/v4/projects/1/access_tokens";

    let first =
        send(&client, addr, "POST", &format!("{list}?name=first&scopes[]=api&scopes[]=read_repository"), AUTH).await;
    check(
        "create",
        &first,
        200,
        &Body::Has(
            json!({ "id": 1, "name": "first", "scopes": ["api", "read_repository"], "active": true, "revoked": false }),
        ),
    );
    let first = first.json();
    let secret = first["token"].as_str().expect("the secret, once");
    assert!(secret.starts_with("glpat-") && secret.len() == 26, "{secret}");
    let keys: Vec<&str> = first.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["user_id", "scopes", "name", "id", "active", "created_at", "revoked", "token"]);

    let listed = send(&client, addr, "GET", list, AUTH).await;
    check(
        "list shows it",
        &listed,
        200,
        &Body::Has(json!({ "id": 1, "name": "first", "created_at": first["created_at"] })),
    );
    assert!(listed.json().get("token").is_none(), "the secret is shown only on creation");

    send(&client, addr, "POST", &format!("{list}?name=second&scopes[]=read_api"), AUTH).await;
    check("the most recent", &send(&client, addr, "GET", list, AUTH).await, 200, &Body::Has(json!({ "id": 2 })));

    let revoked = send(&client, addr, "DELETE", &format!("{list}/2"), AUTH).await;
    check("revoke", &revoked, 204, &Body::Empty);
    assert_eq!(revoked.content_type, None);
    check("back to the first", &send(&client, addr, "GET", list, AUTH).await, 200, &Body::Has(json!({ "id": 1 })));
    let again = send(&client, addr, "DELETE", &format!("{list}/2"), AUTH).await;
    check("revoke again", &again, 404, &message("404 Could not find project access token with token_id: 2 Not Found"));

    let by_path = "/api/v4/projects/group%2Fproject/access_tokens/1";
    check("revoke by path", &send(&client, addr, "DELETE", by_path, AUTH).await, 204, &Body::Empty);
    check("none left", &send(&client, addr, "GET", list, AUTH).await, 404, &message("404 Access Token Not Found"));

    // A token expires at the start of its day, so one expiring today is not active.
    let today = chrono::Utc::now().date_naive();
    let expired = send(&client, addr, "POST", &format!("{list}?name=old&scopes[]=api&expires_at={today}"), AUTH).await;
    check("created expired", &expired, 200, &Body::Has(json!({ "active": false })));
    check(
        "expired is not listed",
        &send(&client, addr, "GET", list, AUTH).await,
        404,
        &message("404 Access Token Not Found"),
    );
}

/// An implementation that records what it is given, in a log the test keeps a handle
/// to, and answers 404.
#[derive(Clone, Debug, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn record(&self, what: String) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).push(what);
    }

    fn last(&self) -> Option<String> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }
}

fn not_found() -> ErrorMessage {
    ErrorMessage::new("404 Not Found")
}

impl server::Api for Recorder {
    type Error = std::convert::Infallible;

    async fn access_tokens_get(
        &self,
        request: AccessTokensGetRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensGetResponse, Self::Error> {
        let secret = |s: &Option<Secret>| s.as_ref().map(|s| s.expose().to_owned());
        self.record(format!(
            "{:?} {:?} {:?}",
            request.id,
            secret(&credentials.private_token),
            secret(&credentials.bearer)
        ));
        Ok(AccessTokensGetResponse::NotFound(not_found()))
    }

    async fn access_tokens_post(
        &self,
        request: AccessTokensPostRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensPostResponse, Self::Error> {
        self.record(format!("{:?} {:?} {:?} {:?}", request.id, request.name, request.scopes, request.expires_at));
        Ok(AccessTokensPostResponse::NotFound(not_found()))
    }

    async fn access_tokens_delete(
        &self,
        request: AccessTokensDeleteRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensDeleteResponse, Self::Error> {
        self.record(format!("{:?} {:?}", request.id, request.token_id));
        Ok(AccessTokensDeleteResponse::NotFound(not_found()))
    }
}

#[tokio::test]
async fn implementations_receive_typed_requests() {
    let recorder = Recorder::default();
    let addr = serve(axum::Router::new().nest("/api", server::router(recorder.clone()))).await;
    let client = client();
    let p = "/api/v4/projects";
    let cases: &[(&str, &str, Headers, &str)] = &[
        ("GET", "/42/access_tokens", NO_AUTH, "Integer(42) None None"),
        ("GET", "/group%2Fproject/access_tokens", NO_AUTH, "String(\"group/project\") None None"),
        ("GET", "/group%2Fsub%2Fproject/access_tokens", NO_AUTH, "String(\"group/sub/project\") None None"),
        ("GET", "/007/access_tokens", NO_AUTH, "String(\"007\") None None"),
        ("GET", "/-1/access_tokens", NO_AUTH, "Integer(-1) None None"),
        ("GET", "/%E2%82%AC/access_tokens", NO_AUTH, "String(\"€\") None None"),
        ("GET", "/a+b/access_tokens", NO_AUTH, "String(\"a+b\") None None"),
        ("GET", "/1/access_tokens", &[("Private-Token", " pat ")], "Integer(1) Some(\"pat\") None"),
        ("GET", "/1/access_tokens", &[("Authorization", "Bearer  oauth ")], "Integer(1) None Some(\"oauth\")"),
        (
            "POST",
            "/1/access_tokens?name=a%26b&scopes=api&scopes[]=read_api",
            NO_AUTH,
            "Integer(1) \"a&b\" [Api, ReadApi] None",
        ),
        (
            "POST",
            "/1/access_tokens?name=&scopes[]=api&expires_at=2030-02-28",
            NO_AUTH,
            "Integer(1) \"\" [Api] Some(2030-02-28)",
        ),
        ("DELETE", "/group%2Fproject/access_tokens/7", NO_AUTH, "String(\"group/project\") Integer(7)"),
    ];
    for (method, target, headers, expected) in cases {
        let answer = send(&client, addr, method, &format!("{p}{target}"), headers).await;
        assert_eq!(answer.status, 404, "{target}: {}", answer.body);
        assert_eq!(recorder.last().as_deref(), Some(*expected), "{method} {target}");
    }
}

/// Copies the operation id the router leaves in a response's extensions into a header,
/// as a metrics or tracing layer would read it.
async fn expose_operation(mut response: Response) -> Response {
    if let Some(op) = response.extensions().get::<OperationId>().copied() {
        response.headers_mut().insert("x-operation-id", axum::http::HeaderValue::from_static(op.as_str()));
    }
    response
}

#[tokio::test]
async fn layers_see_the_operation_of_every_response() {
    let router =
        server::router(Reference::new(TOKEN, Vec::new())).layer(axum::middleware::map_response(expose_operation));
    let addr = serve(axum::Router::new().nest("/api", router)).await;
    let client = client();
    let p = "/api/v4/projects/1/access_tokens";
    let cases: &[(&str, &str, Headers, u16, Option<&str>)] = &[
        ("GET", p, AUTH, 404, Some("accessTokens_get")),
        ("POST", &format!("{p}?name=x&scopes[]=api"), AUTH, 200, Some("accessTokens_post")),
        ("POST", &format!("{p}?name=x"), AUTH, 400, Some("accessTokens_post")),
        ("DELETE", &format!("{p}/9"), NO_AUTH, 401, Some("accessTokens_delete")),
        ("PUT", p, AUTH, 405, None),
        ("GET", "/api/v4/nothing", AUTH, 404, None),
    ];
    for (method, target, headers, status, operation) in cases {
        let answer = send(&client, addr, method, target, headers).await;
        assert_eq!(answer.status, *status, "{method} {target}: {}", answer.body);
        assert_eq!(answer.operation.as_deref(), *operation, "{method} {target}");
    }
}

/// An implementation whose every operation fails.
#[derive(Debug)]
struct Failing;

impl server::Api for Failing {
    type Error = String;

    async fn access_tokens_get(
        &self,
        _: AccessTokensGetRequest,
        _: Credentials,
    ) -> Result<AccessTokensGetResponse, String> {
        Err("the database is on fire".into())
    }

    async fn access_tokens_post(
        &self,
        _: AccessTokensPostRequest,
        _: Credentials,
    ) -> Result<AccessTokensPostResponse, String> {
        Err("the database is on fire".into())
    }

    async fn access_tokens_delete(
        &self,
        _: AccessTokensDeleteRequest,
        _: Credentials,
    ) -> Result<AccessTokensDeleteResponse, String> {
        Err("the database is on fire".into())
    }
}

#[tokio::test]
async fn errors_are_a_500_that_keeps_its_secrets() {
    let addr = serve(server::router(Failing)).await;
    let client = client();
    for (method, target) in [
        ("GET", "/v4/projects/1/access_tokens"),
        ("POST", "/v4/projects/1/access_tokens?name=x&scopes[]=api"),
        ("DELETE", "/v4/projects/1/access_tokens/1"),
    ] {
        let answer = send(&client, addr, method, target, NO_AUTH).await;
        check(target, &answer, 500, &message("500 Internal Server Error"));
    }
}

#[test]
fn credentials_never_show_a_secret() {
    let credentials =
        Credentials { private_token: Some(Secret::new("glpat-abc")), bearer: Some(Secret::new("oauth-xyz")) };
    let shown = format!("{credentials:?} {credentials:#?}");
    assert!(!shown.contains("glpat-abc") && !shown.contains("oauth-xyz"), "{shown}");
    assert!(shown.contains("Secret(\"***\")"), "{shown}");
}

// ----- properties -----

/// A path segment: arbitrary text percent-encoded byte by byte, raw URI characters with
/// stray `%`s, or arbitrary bytes (mostly not UTF-8) escaped.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect()),
        "[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,12}",
        prop::collection::vec(any::<u8>(), 0..6).prop_map(|bs| bs.iter().map(|b| format!("%{b:02x}")).collect()),
        Just("group%2Fproject".to_owned()),
        Just("1".to_owned()),
    ]
}

fn path() -> impl Strategy<Value = String> {
    (segment(), segment(), 0..4u8).prop_map(|(a, b, shape)| match shape {
        0 => format!("/api/v4/projects/{a}/access_tokens"),
        1 => format!("/api/v4/projects/{a}/access_tokens/{b}"),
        2 => format!("/api/v4/projects/{a}/{b}"),
        _ => format!("/api/{a}/{b}"),
    })
}

/// A query string: pairs of likely keys and values, or a soup of query characters.
fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("name".to_owned()),
        Just("scopes".to_owned()),
        Just("scopes[]".to_owned()),
        Just("expires_at".to_owned()),
        "[a-z_\\[\\]%]{0,10}",
    ];
    let value = prop_oneof![
        Just("api".to_owned()),
        Just("read_api".to_owned()),
        Just("2030-01-31".to_owned()),
        "[A-Za-z0-9%+=,._~-]{0,12}",
        segment(),
    ];
    prop_oneof![
        prop::collection::vec((key, value), 0..6).prop_map(|pairs| pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")),
        "[A-Za-z0-9%&=+\\[\\];,._~-]{0,40}",
    ]
}

fn method() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("GET"), Just("POST"), Just("DELETE"), Just("PUT")]
}

/// Sends each generated request to one shared reference server, and holds that the answer
/// is never a 5xx, that every error is JSON with a message, and (since a panic would drop
/// the connection) that there is an answer at all.
fn never_fails(strategy: impl Strategy<Value = (&'static str, String, bool)>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let addr = runtime.block_on(reference_server());
    let client = client();
    let mut runner = TestRunner::new(Config { cases: 256, failure_persistence: None, ..Config::default() });
    let result = runner.run(&strategy, |(method, target, authorised)| {
        let headers = if authorised { AUTH } else { NO_AUTH };
        let answer =
            runtime.block_on(try_send(&client, addr, method, &target, headers)).map_err(TestCaseError::fail)?;
        prop_assert!(answer.status < 500, "{method} {target}: {answer:?}");
        if answer.status >= 400 {
            prop_assert_eq!(answer.content_type.as_deref(), Some("application/json"), "{} {}", method, target);
            let body: Value = serde_json::from_str(&answer.body).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(body["message"].is_string(), "{method} {target}: {body}");
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // Still serving after all that.
    let after = runtime.block_on(send(&client, addr, "GET", "/api/v4/projects/2/access_tokens", AUTH));
    assert_eq!(after.status, 404);
}

#[test]
fn arbitrary_paths_never_fail_the_server() {
    never_fails((method(), path(), any::<bool>()));
}

#[test]
fn arbitrary_queries_never_fail_the_server() {
    let target = (prop_oneof![Just("1"), Just("group%2Fproject"), Just("9")], query())
        .prop_map(|(id, q)| format!("/api/v4/projects/{id}/access_tokens?{q}"));
    never_fails((method(), target, any::<bool>()));
}
