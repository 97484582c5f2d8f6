//! The example client against GitLab's documentation: a loopback server that answers each
//! request with the example body and status that doc/api/project_access_tokens.md (in
//! gitlab-org/gitlab) shows for it, with GitLab's pagination headers across two pages.
//! The example client must pass it unchanged, for every command; what it sent is checked
//! against the documented requests.

use std::sync::{Arc, Mutex};

use axum::extract::{OriginalUri, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// "List all project access tokens": the documented array, served one token a page.
const LIST: &str = r#"[
   {
      "user_id" : 141,
      "scopes" : [
         "api"
      ],
      "name" : "token",
      "expires_at" : "2021-01-31",
      "id" : 42,
      "active" : true,
      "created_at" : "2021-01-20T22:11:48.151Z",
      "description": "Test Token description",
      "last_used_at" : null,
      "revoked" : false,
      "access_level" : 40
   },
   {
      "user_id" : 141,
      "scopes" : [
         "read_api"
      ],
      "name" : "token-2",
      "expires_at" : "2021-01-31",
      "id" : 43,
      "active" : false,
      "created_at" : "2021-01-21T12:12:38.123Z",
      "description": "Test Token description",
      "revoked" : true,
      "last_used_at" : "2021-02-13T10:34:57.178Z",
      "access_level" : 40
   }
]"#;

/// "Get details on a project access token".
const GET: &str = r#"{
   "user_id" : 141,
   "scopes" : [
      "api"
   ],
   "name" : "token",
   "expires_at" : "2021-01-31",
   "id" : 42,
   "active" : true,
   "created_at" : "2021-01-20T22:11:48.151Z",
   "description": "Test Token description",
   "revoked" : false,
   "access_level": 40,
   "last_used_at": "2022-03-15T11:05:42.437Z"
}"#;

/// "Create a project access token".
const CREATE: &str = r#"{
   "scopes" : [
      "api",
      "read_repository"
   ],
   "active" : true,
   "name" : "test",
   "revoked" : false,
   "created_at" : "2021-01-21T19:35:37.921Z",
   "description": "Test Token description",
   "user_id" : 166,
   "id" : 58,
   "expires_at" : "2021-01-31",
   "token" : "D4y...Wzr",
   "access_level": 30
}"#;

/// "Rotate a project access token".
const ROTATE: &str = r#"{
    "id": 42,
    "name": "Rotated Token",
    "revoked": false,
    "created_at": "2023-08-01T15:00:00.000Z",
    "description": "Test project access token",
    "scopes": ["api"],
    "user_id": 1337,
    "last_used_at": null,
    "active": true,
    "expires_at": "2023-08-15",
    "access_level": 30,
    "token": "s3cr3t"
}"#;

/// Every request the replay received, as `METHOD /path?query`.
type Log = Arc<Mutex<Vec<String>>>;

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

/// Answers as the documentation does. Project 7 has the documented tokens.
async fn replay(State(log): State<Log>, method: Method, OriginalUri(uri): OriginalUri) -> Response {
    let target = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    log.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{method} {target}"));
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    let list = "/api/v4/projects/7/access_tokens";
    match (method.as_str(), path) {
        ("GET", p) if p == list => {
            let page = if query.split('&').any(|kv| kv == "page=2") { 2 } else { 1 };
            let tokens: Vec<Value> = serde_json::from_str(LIST).unwrap_or_default();
            let item = tokens.get(page - 1).cloned().unwrap_or(Value::Null);
            let body = serde_json::to_string(&json!([item])).unwrap_or_default();
            let link =
                |n: usize, rel: &str| format!("<http://gitlab.example.com{list}?page={n}&per_page=1>; rel=\"{rel}\"");
            let (next, prev, links) = match page {
                1 => ("2", "", format!("{}, {}, {}", link(2, "next"), link(1, "first"), link(2, "last"))),
                _ => ("", "1", format!("{}, {}, {}", link(1, "prev"), link(1, "first"), link(2, "last"))),
            };
            let mut response = json_response(StatusCode::OK, body);
            let page = page.to_string();
            for (name, value) in [
                ("x-page", page.as_str()),
                ("x-per-page", "1"),
                ("x-next-page", next),
                ("x-prev-page", prev),
                ("x-total", "2"),
                ("x-total-pages", "2"),
                ("link", links.as_str()),
            ] {
                if let Ok(value) = value.parse() {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        ("POST", p) if p == list => json_response(StatusCode::CREATED, CREATE.into()),
        ("GET", p) if p == format!("{list}/42") => json_response(StatusCode::OK, GET.into()),
        ("POST", p) if p == format!("{list}/42/rotate") || p == format!("{list}/self/rotate") => {
            json_response(StatusCode::OK, ROTATE.into())
        }
        ("DELETE", p) if p == format!("{list}/42") => StatusCode::NO_CONTENT.into_response(),
        _ => json_response(StatusCode::NOT_FOUND, r#"{"message":"404 Not Found"}"#.into()),
    }
}

async fn serve() -> (String, Log) {
    let log = Log::default();
    let app = axum::Router::new().fallback(replay).with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/api/"), log)
}

/// Runs the example's command line against the replay: exit code, stdout as JSON (or
/// `Null` when empty), stderr.
async fn cli(base: &str, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["--base-url".to_string(), base.to_string(), "--private-token".into(), "glpat-doc".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = tests::client_cli::run(all.into_iter().map(Into::into).collect(), None, &mut out, &mut err).await;
    let out = String::from_utf8_lossy(&out);
    let printed = if out.trim().is_empty() { Value::Null } else { serde_json::from_str(&out).expect("JSON on stdout") };
    (code, printed, String::from_utf8_lossy(&err).into_owned())
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array().expect("an array").iter().filter_map(|t| t["id"].as_i64()).collect()
}

#[tokio::test]
async fn every_command_passes_the_documentation_replay() {
    let (base, log) = serve().await;
    let sent = || std::mem::take(&mut *log.lock().unwrap_or_else(|e| e.into_inner()));

    // list: the first page only.
    let (code, printed, err) = cli(&base, &["list", "7"]).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(ids(&printed), [42]);
    assert_eq!(printed[0]["last_used_at"], Value::Null);
    assert_eq!(sent(), ["GET /api/v4/projects/7/access_tokens"]);

    // list --all: follows X-Next-Page to the end, one array.
    let (code, printed, err) = cli(&base, &["list", "7", "--all", "--state", "inactive", "--search", "tok"]).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(ids(&printed), [42, 43]);
    assert_eq!(printed[1]["last_used_at"], "2021-02-13T10:34:57.178Z");
    assert_eq!(
        sent(),
        [
            "GET /api/v4/projects/7/access_tokens?search=tok&state=inactive",
            "GET /api/v4/projects/7/access_tokens?search=tok&state=inactive&page=2",
        ]
    );

    // get
    let (code, printed, err) = cli(&base, &["get", "7", "42"]).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!((printed["id"].as_i64(), printed["access_level"].as_i64()), (Some(42), Some(40)));
    assert_eq!(sent(), ["GET /api/v4/projects/7/access_tokens/42"]);

    // create: 201 is success, and the secret is the declared output.
    let args = [
        "create",
        "7",
        "--name",
        "test_token",
        "--scope",
        "api",
        "--scope",
        "read_repository",
        "--expires-at",
        "2021-01-31",
        "--access-level",
        "30",
        "--description",
        "Test Token description",
    ];
    let (code, printed, err) = cli(&base, &args).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!((printed["id"].as_i64(), printed["token"].as_str()), (Some(58), Some("D4y...Wzr")));
    assert_eq!(
        sent(),
        ["POST /api/v4/projects/7/access_tokens?name=test_token&scopes[]=api&scopes[]=read_repository\
          &expires_at=2021-01-31&description=Test%20Token%20description&access_level=30"]
    );

    // rotate, by id and as `self`
    let (code, printed, err) = cli(&base, &["rotate", "7", "42", "--expires-at", "2023-08-15"]).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!((printed["name"].as_str(), printed["token"].as_str()), (Some("Rotated Token"), Some("s3cr3t")));
    let (code, _, err) = cli(&base, &["rotate", "7", "self"]).await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        sent(),
        [
            "POST /api/v4/projects/7/access_tokens/42/rotate?expires_at=2023-08-15",
            "POST /api/v4/projects/7/access_tokens/self/rotate",
        ]
    );

    // revoke: 204, nothing printed.
    let (code, printed, err) = cli(&base, &["revoke", "7", "42"]).await;
    assert_eq!((code, printed, err.as_str()), (0, Value::Null, ""));
    assert_eq!(sent(), ["DELETE /api/v4/projects/7/access_tokens/42"]);

    // And a documented failure: an unknown token is 404, one line, exit 1.
    let (code, printed, err) = cli(&base, &["get", "7", "1"]).await;
    assert_eq!((code, printed), (1, Value::Null));
    assert_eq!(err, "error: 404 Not Found: 404 Not Found\n");
}
