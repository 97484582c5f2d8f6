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
    AccessTokensDeleteRequest, AccessTokensDeleteResponse, AccessTokensGetOneRequest, AccessTokensGetOneResponse,
    AccessTokensGetRequest, AccessTokensGetResponse, AccessTokensPostRequest, AccessTokensPostResponse,
    AccessTokensRotateRequest, AccessTokensRotateResponse,
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
        // A list's items, in order, each with at least the expected members.
        (Value::Array(a), Value::Array(e)) => a.len() == e.len() && a.iter().zip(e).all(|(a, e)| includes(a, e)),
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

const MALFORMED: &str = "has a malformed percent-encoding (`%` must start `%XX`, XX hexadecimal)";

/// The list of project 1 after the table's setup: the one token it made.
fn setup_listed() -> Body {
    Body::Has(json!([{ "name": "setup" }]))
}

/// The router's 401, before the implementation sees a request that carries no credential
/// the operation accepts (neither `Private-Token` nor a bearer token).
fn unauthenticated() -> Body {
    Body::Is(json!({
        "message": "401 Unauthorized - header parameter `Private-Token` is missing",
        "parameter": "Private-Token",
        "in": "header",
    }))
}

fn message(text: &str) -> Body {
    Body::Is(json!({ "message": text }))
}

#[tokio::test]
async fn requests_get_exactly_these_answers() {
    let addr = reference_server().await;
    let client = client();
    let setup = send(&client, addr, "POST", "/api/v4/projects/1/access_tokens?name=setup&scopes[]=api", AUTH).await;
    check("setup", &setup, 201, &Body::Has(json!({ "name": "setup" })));

    let p = "/api/v4/projects";
    let new = |scopes: Value| Body::Has(json!({ "name": "ci", "scopes": scopes, "active": true, "revoked": false }));
    // One row a line, so the table reads as a table.
    #[rustfmt::skip]
    let cases: Vec<(&str, &str, String, Headers, u16, Body)> = vec![
        // Paths: ids, URL-encoded project paths, and what cannot be decoded.
        ("list by id", "GET", format!("{p}/1/access_tokens"), AUTH, 200, Body::Has(json!([{ "name": "setup", "scopes": ["api"], "active": true, "revoked": false, "access_level": 40 }]))),
        ("group%2Fproject names project 1", "GET", format!("{p}/group%2Fproject/access_tokens"), AUTH, 200, setup_listed()),
        ("lower-case escapes too", "GET", format!("{p}/group%2fproject/access_tokens"), AUTH, 200, setup_listed()),
        ("only canonical digits are an id", "GET", format!("{p}/01/access_tokens"), AUTH, 404, message("404 Project Not Found")),
        ("unknown project id", "GET", format!("{p}/99/access_tokens"), AUTH, 404, message("404 Project Not Found")),
        ("unknown project path", "GET", format!("{p}/group%2Fnone/access_tokens"), AUTH, 404, message("404 Project Not Found")),
        ("project without tokens", "GET", format!("{p}/2/access_tokens"), AUTH, 200, Body::Is(json!([]))),
        // List filters.
        ("state active", "GET", format!("{p}/1/access_tokens?state=active"), AUTH, 200, setup_listed()),
        ("state inactive", "GET", format!("{p}/1/access_tokens?state=inactive"), AUTH, 200, Body::Is(json!([]))),
        ("bad state", "GET", format!("{p}/1/access_tokens?state=gone"), AUTH, 400, bad_request("query", "state", "is invalid: `gone` is not a valid State (expected one of: active, inactive)")),
        ("search, any case", "GET", format!("{p}/1/access_tokens?search=SET"), AUTH, 200, setup_listed()),
        ("search, no match", "GET", format!("{p}/1/access_tokens?search=nope"), AUTH, 200, Body::Is(json!([]))),
        ("revoked only", "GET", format!("{p}/1/access_tokens?revoked=true"), AUTH, 200, Body::Is(json!([]))),
        ("created after long ago", "GET", format!("{p}/1/access_tokens?created_after=2000-01-01T00:00:00Z"), AUTH, 200, setup_listed()),
        ("created before long ago", "GET", format!("{p}/1/access_tokens?created_before=2000-01-01T00:00:00Z"), AUTH, 200, Body::Is(json!([]))),
        ("never used, so not used after", "GET", format!("{p}/1/access_tokens?last_used_after=2000-01-01T00:00:00Z"), AUTH, 200, Body::Is(json!([]))),
        ("no expiry, so not expiring before", "GET", format!("{p}/1/access_tokens?expires_before=2099-01-01"), AUTH, 200, Body::Is(json!([]))),
        ("bad date-time", "GET", format!("{p}/1/access_tokens?created_after=yesterday"), AUTH, 400, bad_request("query", "created_after", "is invalid: `yesterday` is not an RFC 3339 date-time")),
        ("a page past the end", "GET", format!("{p}/1/access_tokens?page=2"), AUTH, 200, Body::Is(json!([]))),
        // Get one.
        ("get one", "GET", format!("{p}/1/access_tokens/1"), AUTH, 200, Body::Has(json!({ "id": 1, "name": "setup", "access_level": 40 }))),
        ("get one, unknown", "GET", format!("{p}/1/access_tokens/99"), AUTH, 404, message("404 Could not find project access token with token_id: 99 Not Found")),
        ("get one, another project's", "GET", format!("{p}/2/access_tokens/1"), AUTH, 404, message("404 Could not find project access token with token_id: 1 Not Found")),
        ("get one, no token", "GET", format!("{p}/1/access_tokens/1"), NO_AUTH, 401, unauthenticated()),
        // Rotate.
        ("rotate, unknown", "POST", format!("{p}/1/access_tokens/99/rotate"), AUTH, 404, message("404 Could not find project access token with token_id: 99 Not Found")),
        ("rotate self with an admin token", "POST", format!("{p}/1/access_tokens/self/rotate"), AUTH, 405, message("405 Method Not Allowed - the token is not a project access token")),
        ("rotate, neither id nor self", "POST", format!("{p}/1/access_tokens/me/rotate"), AUTH, 400, message("400 Bad request - token_id `me` is neither an id nor `self`")),
        ("rotate, no token", "POST", format!("{p}/1/access_tokens/1/rotate"), NO_AUTH, 401, unauthenticated()),
        ("an empty id is a missing one", "GET", format!("{p}//access_tokens"), AUTH, 400, bad_request("path", "id", "is missing")),
        ("malformed escape in the path", "GET", format!("{p}/%zz/access_tokens"), AUTH, 400, bad_request("path", "id", MALFORMED)),
        ("truncated escape in the path", "GET", format!("{p}/group%2/access_tokens"), AUTH, 400, bad_request("path", "id", MALFORMED)),
        ("not UTF-8 once decoded", "GET", format!("{p}/%FF/access_tokens"), AUTH, 400, bad_request("path", "id", "is not valid UTF-8")),
        ("malformed second parameter", "DELETE", format!("{p}/1/access_tokens/%zz"), AUTH, 400, bad_request("path", "token_id", MALFORMED)),
        ("token_id not an integer", "DELETE", format!("{p}/1/access_tokens/abc"), AUTH, 400, message("400 Bad request - token_id is invalid")),
        ("refused before credentials are judged", "GET", format!("{p}/%zz/access_tokens"), NO_AUTH, 400, bad_request("path", "id", MALFORMED)),
        // Query parameters.
        // Scopes are an open enum (`x-open-enum`) so that a client reads a scope GitLab adds
        // later; a server still grants only the scopes it has, and GitLab refuses the rest.
        ("an unlisted scope", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=bogus&scopes[]=api"), AUTH, 400, message("400 Bad request - scopes does not have a valid value")),
        ("an unlisted scope, unknown project", "POST", format!("{p}/99/access_tokens?name=ci&scopes[]=bogus"), AUTH, 400, message("400 Bad request - scopes does not have a valid value")),
        ("a closed enum refuses", "GET", format!("{p}/1/access_tokens?sort=newest"), AUTH, 400, bad_request("query", "sort", "is invalid: `newest` is not a valid Sort (expected one of: created_asc, created_desc, expires_asc, expires_desc, last_used_asc, last_used_desc, name_asc, name_desc)")),
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
        ("repeated keys", "POST", format!("{p}/3/access_tokens?name=ci&scopes=api&scopes=read_api"), AUTH, 201, new(json!(["api", "read_api"]))),
        ("Rails' form", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&scopes[]=read_api"), AUTH, 201, new(json!(["api", "read_api"]))),
        ("both forms at once", "POST", format!("{p}/3/access_tokens?name=ci&scopes=api&scopes[]=read_api"), AUTH, 201, new(json!(["api", "read_api"]))),
        ("escaped brackets are Rails' form", "POST", format!("{p}/3/access_tokens?name=ci&scopes%5B%5D=write_registry"), AUTH, 201, new(json!(["write_registry"]))),
        ("a valid date", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&expires_at=2099-01-31"), AUTH, 201, Body::Has(json!({ "expires_at": "2099-01-31", "active": true }))),
        ("+ is a space", "POST", format!("{p}/3/access_tokens?name=my+token&scopes[]=api"), AUTH, 201, Body::Has(json!({ "name": "my token" }))),
        ("an access level and a description", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=self_rotate&access_level=30&description=a+bot"), AUTH, 201, Body::Has(json!({ "scopes": ["self_rotate"], "access_level": 30, "description": "a bot" }))),
        ("an access level GitLab does not have", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&access_level=35"), AUTH, 400, bad_request("query", "access_level", "is invalid: `35` is not a valid AccessLevel (expected one of: 10, 15, 20, 30, 40, 50)")),
        ("unknown parameters are ignored", "POST", format!("{p}/3/access_tokens?name=ci&scopes[]=api&color=blue"), AUTH, 201, new(json!(["api"]))),
        // Credentials.
        ("no token", "GET", format!("{p}/1/access_tokens"), NO_AUTH, 401, unauthenticated()),
        ("wrong token", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", "guess")], 401, message("401 Unauthorized")),
        ("empty token", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", "")], 401, unauthenticated()),
        ("bearer token", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "Bearer secret-token")], 200, setup_listed()),
        ("bearer, any case", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "bearer secret-token")], 200, setup_listed()),
        ("wrong bearer token", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "Bearer guess")], 401, message("401 Unauthorized")),
        ("another scheme is no token", "GET", format!("{p}/1/access_tokens"), &[("Authorization", "Basic c2VjcmV0LXRva2Vu")], 401, unauthenticated()),
        ("Private-Token is looked at first", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", "guess"), ("Authorization", "Bearer secret-token")], 401, message("401 Unauthorized")),
        ("Private-Token twice", "GET", format!("{p}/1/access_tokens"), &[("Private-Token", TOKEN), ("Private-Token", TOKEN)], 400, bad_request("header", "Private-Token", "is given more than once")),
        ("no token on create, unknown project", "POST", format!("{p}/99/access_tokens?name=ci&scopes[]=api"), NO_AUTH, 401, unauthenticated()),
        ("no token on revoke (spec: no 401)", "DELETE", format!("{p}/1/access_tokens/1"), NO_AUTH, 401, unauthenticated()),
        // Routing.
        ("unknown path", "GET", "/api/v4/nothing".into(), AUTH, 404, message("404 Not Found")),
        ("outside /api", "GET", "/v4/projects/1/access_tokens".into(), AUTH, 404, message("404 Not Found")),
        ("trailing slash", "GET", format!("{p}/1/access_tokens/"), AUTH, 404, message("404 Not Found")),
        ("wrong method", "PUT", format!("{p}/1/access_tokens"), AUTH, 405, message("405 Method Not Allowed")),
        ("wrong method on a token", "PUT", format!("{p}/1/access_tokens/1"), AUTH, 405, message("405 Method Not Allowed")),
        ("wrong method on rotate", "GET", format!("{p}/1/access_tokens/1/rotate"), AUTH, 405, message("405 Method Not Allowed")),
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
    assert_eq!(answer.allow.as_deref(), Some("GET,HEAD,DELETE"));
}

#[tokio::test]
async fn a_token_lives_rotates_and_is_revoked() {
    let addr = reference_server().await;
    let client = client();
    let list = "/api/v4/projects/1/access_tokens";

    let first =
        send(&client, addr, "POST", &format!("{list}?name=first&scopes[]=api&scopes[]=read_repository"), AUTH).await;
    check(
        "create",
        &first,
        201,
        &Body::Has(json!({
            "id": 1, "name": "first", "scopes": ["api", "read_repository"], "active": true, "revoked": false,
            "access_level": 40
        })),
    );
    let first = first.json();
    let secret = first["token"].as_str().expect("the secret, once");
    assert!(secret.starts_with("glpat-") && secret.len() == 26, "{secret}");

    let listed = send(&client, addr, "GET", list, AUTH).await;
    check("list shows it", &listed, 200, &Body::Has(json!([{ "id": 1, "created_at": first["created_at"] }])));
    assert!(listed.json()[0].get("token").is_none(), "the secret is shown only on creation");
    let one = send(&client, addr, "GET", &format!("{list}/1"), AUTH).await;
    assert!(one.json().get("token").is_none(), "nor by get-one");

    // Rotating revokes the old token and shows a new secret, once.
    let rotated = send(&client, addr, "POST", &format!("{list}/1/rotate?expires_at=2099-06-30"), AUTH).await;
    check(
        "rotate",
        &rotated,
        200,
        &Body::Has(
            json!({ "id": 2, "name": "first", "scopes": ["api", "read_repository"], "expires_at": "2099-06-30", "active": true }),
        ),
    );
    let new_secret = rotated.json()["token"].as_str().expect("a new secret").to_owned();
    assert_ne!(new_secret, secret);
    check(
        "the old one is revoked",
        &send(&client, addr, "GET", &format!("{list}/1"), AUTH).await,
        200,
        &Body::Has(json!({ "revoked": true, "active": false })),
    );
    let again = send(&client, addr, "POST", &format!("{list}/1/rotate"), AUTH).await;
    check("a revoked token does not rotate", &again, 401, &message("401 Unauthorized"));
    let states = send(&client, addr, "GET", &format!("{list}?state=active"), AUTH).await;
    check("only the new one is active", &states, 200, &Body::Has(json!([{ "id": 2 }])));

    // A project token rotates itself with `self`, authenticated by its own secret.
    let own = [("Private-Token", new_secret.as_str())];
    let itself = send(&client, addr, "POST", &format!("{list}/self/rotate"), &own).await;
    check("self-rotate", &itself, 200, &Body::Has(json!({ "id": 3, "name": "first" })));
    let default_expiry = (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string();
    assert_eq!(itself.json()["expires_at"], json!(default_expiry), "a week from today by default");
    check(
        "its old secret is dead",
        &send(&client, addr, "POST", &format!("{list}/self/rotate"), &own).await,
        401,
        &message("401 Unauthorized"),
    );
    check("and lists nothing", &send(&client, addr, "GET", list, &own).await, 401, &message("401 Unauthorized"));
    let reader = send(&client, addr, "POST", &format!("{list}?name=reader&scopes[]=read_api"), AUTH).await;
    let reader_secret = reader.json()["token"].as_str().expect("secret").to_owned();
    let forbidden =
        send(&client, addr, "POST", &format!("{list}/self/rotate"), &[("Private-Token", reader_secret.as_str())]).await;
    check(
        "self-rotate needs api or self_rotate",
        &forbidden,
        403,
        &message("403 Forbidden - the token needs the api or self_rotate scope to rotate itself"),
    );

    let revoked = send(&client, addr, "DELETE", &format!("{list}/3"), AUTH).await;
    check("revoke", &revoked, 204, &Body::Empty);
    assert_eq!(revoked.content_type, None);
    let again = send(&client, addr, "DELETE", &format!("{list}/3"), AUTH).await;
    check("revoke again", &again, 404, &message("404 Could not find project access token with token_id: 3 Not Found"));
    let by_path = "/api/v4/projects/group%2Fproject/access_tokens/4";
    check("revoke by path", &send(&client, addr, "DELETE", by_path, AUTH).await, 204, &Body::Empty);
    check(
        "none active",
        &send(&client, addr, "GET", &format!("{list}?state=active"), AUTH).await,
        200,
        &Body::Is(json!([])),
    );
    check(
        "all four listed, revoked",
        &send(&client, addr, "GET", &format!("{list}?revoked=true&sort=name_desc"), AUTH).await,
        200,
        &Body::Has(json!([{ "name": "reader" }, { "id": 3 }, { "id": 2 }, { "id": 1 }])),
    );

    // A token expires at the start of its day, so one expiring today is not active.
    let today = chrono::Utc::now().date_naive();
    let expired = send(&client, addr, "POST", &format!("{list}?name=old&scopes[]=api&expires_at={today}"), AUTH).await;
    check("created expired", &expired, 201, &Body::Has(json!({ "active": false })));
    check(
        "expired is inactive",
        &send(&client, addr, "GET", &format!("{list}?state=inactive&search=old"), AUTH).await,
        200,
        &Body::Has(json!([{ "name": "old" }])),
    );
}

#[tokio::test]
async fn lists_are_paged_with_gitlabs_headers() {
    let addr = reference_server().await;
    let client = client();
    let list = "/api/v4/projects/3/access_tokens";
    for i in 1..=5 {
        let created = send(&client, addr, "POST", &format!("{list}?name=t{i}&scopes[]=api"), AUTH).await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    let headers = |page: &str| {
        let client = client.clone();
        let url = format!("http://{addr}{list}?{page}");
        async move {
            let response = client.get(url).header("Private-Token", TOKEN).send().await.expect("sent");
            let get = |n: &str| response.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("<none>").to_owned();
            let shown = ["x-page", "x-per-page", "x-next-page", "x-prev-page", "x-total", "x-total-pages"]
                .map(|n| format!("{n}={}", get(n)))
                .join(" ");
            let link = get("link");
            let names: Vec<String> = serde_json::from_str::<Value>(&response.text().await.expect("a body"))
                .expect("JSON")
                .as_array()
                .expect("an array")
                .iter()
                .map(|t| t["name"].to_string())
                .collect();
            (shown, link, names.join(","))
        }
    };
    let (first, link, names) = headers("state=active&per_page=2").await;
    assert_eq!(first, "x-page=1 x-per-page=2 x-next-page=2 x-prev-page= x-total=5 x-total-pages=3");
    assert_eq!(names, r#""t1","t2""#);
    // Query-only targets, which RFC 8288 resolves against the request's URL.
    assert_eq!(
        link,
        "<?state=active&page=2&per_page=2>; rel=\"next\", <?state=active&page=1&per_page=2>; rel=\"first\", \
         <?state=active&page=3&per_page=2>; rel=\"last\""
    );
    let (middle, _, names) = headers("state=active&per_page=2&page=2").await;
    assert_eq!(middle, "x-page=2 x-per-page=2 x-next-page=3 x-prev-page=1 x-total=5 x-total-pages=3");
    assert_eq!(names, r#""t3","t4""#);
    let (last, _, names) = headers("state=active&per_page=2&page=3").await;
    assert_eq!(last, "x-page=3 x-per-page=2 x-next-page= x-prev-page=2 x-total=5 x-total-pages=3");
    assert_eq!(names, r#""t5""#);
    // At most 100 a page, whatever is asked.
    let (clamped, _, _) = headers("per_page=1000").await;
    assert!(clamped.contains("x-per-page=100 "), "{clamped}");
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
        if request.state.is_some() || request.per_page.is_some() {
            self.record(format!(
                "{:?} {:?} {:?} {:?} {:?} {:?}",
                request.state, request.search, request.sort, request.page, request.per_page, request.created_after
            ));
        }
        Ok(AccessTokensGetResponse::NotFound(not_found()))
    }

    async fn access_tokens_post(
        &self,
        request: AccessTokensPostRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensPostResponse, Self::Error> {
        self.record(format!(
            "{:?} {:?} {:?} {:?} {:?} {:?}",
            request.id, request.name, request.scopes, request.expires_at, request.access_level, request.description
        ));
        Ok(AccessTokensPostResponse::NotFound(not_found()))
    }

    async fn access_tokens_get_one(
        &self,
        request: AccessTokensGetOneRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensGetOneResponse, Self::Error> {
        self.record(format!("{:?} {:?}", request.id, request.token_id));
        Ok(AccessTokensGetOneResponse::NotFound(not_found()))
    }

    async fn access_tokens_rotate(
        &self,
        request: AccessTokensRotateRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensRotateResponse, Self::Error> {
        self.record(format!("{:?} {:?} {:?}", request.id, request.token_id, request.expires_at));
        Ok(AccessTokensRotateResponse::NotFound(not_found()))
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
        ("GET", "/42/access_tokens", AUTH, "Integer(42) Some(\"secret-token\") None"),
        ("GET", "/group%2Fproject/access_tokens", AUTH, "String(\"group/project\") Some(\"secret-token\") None"),
        (
            "GET",
            "/group%2Fsub%2Fproject/access_tokens",
            AUTH,
            "String(\"group/sub/project\") Some(\"secret-token\") None",
        ),
        ("GET", "/007/access_tokens", AUTH, "String(\"007\") Some(\"secret-token\") None"),
        ("GET", "/-1/access_tokens", AUTH, "Integer(-1) Some(\"secret-token\") None"),
        ("GET", "/%E2%82%AC/access_tokens", AUTH, "String(\"€\") Some(\"secret-token\") None"),
        ("GET", "/a+b/access_tokens", AUTH, "String(\"a+b\") Some(\"secret-token\") None"),
        ("GET", "/1/access_tokens", &[("Private-Token", " pat ")], "Integer(1) Some(\"pat\") None"),
        ("GET", "/1/access_tokens", &[("Authorization", "Bearer  oauth ")], "Integer(1) None Some(\"oauth\")"),
        (
            "POST",
            "/1/access_tokens?name=a%26b&scopes=api&scopes[]=read_api",
            AUTH,
            "Integer(1) \"a&b\" [Api, ReadApi] None None None",
        ),
        (
            "POST",
            "/1/access_tokens?name=&scopes[]=api&expires_at=2030-02-28",
            AUTH,
            "Integer(1) \"\" [Api] Some(2030-02-28) None None",
        ),
        (
            "POST",
            "/1/access_tokens?name=n&scopes[]=k8s_proxy&access_level=50&description=d",
            AUTH,
            "Integer(1) \"n\" [K8sProxy] None Some(V50) Some(\"d\")",
        ),
        (
            "GET",
            "/1/access_tokens?state=inactive&search=ci&sort=last_used_desc&page=3&per_page=100&created_after=2024-05-01T10:00:00%2B02:00",
            AUTH,
            "Some(Inactive) Some(\"ci\") Some(LastUsedDesc) Some(3) Some(100) Some(2024-05-01T08:00:00Z)",
        ),
        ("GET", "/group%2Fproject/access_tokens/7", AUTH, "String(\"group/project\") 7"),
        ("POST", "/1/access_tokens/self/rotate", AUTH, "Integer(1) String(\"self\") None"),
        ("POST", "/1/access_tokens/5/rotate?expires_at=2030-01-01", AUTH, "Integer(1) Integer(5) Some(2030-01-01)"),
        ("DELETE", "/group%2Fproject/access_tokens/7", AUTH, "String(\"group/project\") Integer(7)"),
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
        ("GET", p, AUTH, 200, Some("accessTokens_get")),
        ("POST", &format!("{p}?name=x&scopes[]=api"), AUTH, 201, Some("accessTokens_post")),
        ("GET", &format!("{p}/1"), AUTH, 200, Some("accessTokens_getOne")),
        ("POST", &format!("{p}/1/rotate"), AUTH, 200, Some("accessTokens_rotate")),
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

    async fn access_tokens_get_one(
        &self,
        _: AccessTokensGetOneRequest,
        _: Credentials,
    ) -> Result<AccessTokensGetOneResponse, String> {
        Err("the database is on fire".into())
    }

    async fn access_tokens_rotate(
        &self,
        _: AccessTokensRotateRequest,
        _: Credentials,
    ) -> Result<AccessTokensRotateResponse, String> {
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
        ("GET", "/v4/projects/1/access_tokens/1"),
        ("POST", "/v4/projects/1/access_tokens/self/rotate"),
    ] {
        let answer = send(&client, addr, method, target, AUTH).await;
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
    (segment(), segment(), 0..5u8).prop_map(|(a, b, shape)| match shape {
        0 => format!("/api/v4/projects/{a}/access_tokens"),
        1 => format!("/api/v4/projects/{a}/access_tokens/{b}"),
        4 => format!("/api/v4/projects/{a}/access_tokens/{b}/rotate"),
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
        Just("page".to_owned()),
        Just("per_page".to_owned()),
        Just("access_level".to_owned()),
        Just("created_after".to_owned()),
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
    assert_eq!(after.status, 200);
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

/// Whatever the query string, the router's `Query` reads what `form_urlencoded` reads
/// (`+` a space, empty pieces skipped, the key up to the first `=`), but refuses what
/// `form_urlencoded` would guess at: a piece with a malformed escape or bad UTF-8.
#[test]
fn the_query_reader_decodes_as_forms_do() {
    use gitlab_access_tokens::server::runtime::{Query, text};
    let well_formed = |piece: &str| {
        let bytes = piece.as_bytes();
        bytes.iter().enumerate().all(|(at, b)| {
            *b != b'%' || bytes.get(at + 1..at + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
        })
    };
    let strict = |raw: &str| {
        raw.split('&').all(|p| well_formed(p) && percent_encoding::percent_decode_str(p).decode_utf8().is_ok())
    };
    let raw = prop_oneof![query(), "([a-c=&+\\[\\]%]|%[0-9A-Fa-f]{2}|%C3%A9|é){0,16}"];
    let mut runner = TestRunner::new(Config { cases: 512, failure_persistence: None, ..Config::default() });
    let result = runner.run(&raw, |raw| {
        let read = Query::parse(Some(&raw));
        prop_assert_eq!(read.is_ok(), strict(&raw), "{}", raw);
        let Ok(read) = read else { return Ok(()) };
        for key in ["a", "b", "name", "scopes", ""] {
            let expected: Vec<String> = form_urlencoded::parse(raw.as_bytes())
                .filter(|(k, _)| *k == key || k.strip_suffix("[]") == Some(key))
                .map(|(_, v)| v.into_owned())
                .collect();
            let expected = (!expected.is_empty()).then_some(expected);
            prop_assert_eq!(read.many(key, true, text), Ok(expected), "{} in {}", key, raw);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
