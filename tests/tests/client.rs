//! The generated client over real HTTP on 127.0.0.1: the exact requests it sends, how each
//! declared status maps to its variant, and how everything else becomes an error.

use std::time::Duration;

use gitlab_access_tokens::client::{Client, Error, RetryPolicy};
use gitlab_access_tokens::models::{
    AccessLevel, AccessTokensDeleteResponse, AccessTokensGetResponse, AccessTokensPostResponse, IntegerOrString, Scope,
};
use tests::recorder::{Recorded, Recorder, Reply};

/// GitLab's documented answers (doc/api/project_access_tokens.md): a list is an array.
const GET_EXAMPLE: &str = r#"[{"user_id":141,"scopes":["api"],"name":"token","expires_at":"2021-01-31","id":42,"active":true,"created_at":"2021-01-20T22:11:48.151Z","description":"Test Token description","last_used_at":null,"revoked":false,"access_level":40}]"#;
const POST_EXAMPLE: &str = r#"{"scopes":["api","read_repository"],"active":true,"name":"test","revoked":false,"created_at":"2021-01-21T19:35:37.921Z","description":"Test Token description","user_id":166,"id":58,"expires_at":"2021-01-31","token":"D4y...Wzr","access_level":30}"#;

fn client(r: &Recorder) -> Client {
    Client::builder(&r.base_url).private_token("glpat-secret").build().expect("client")
}

#[tokio::test]
async fn list_sends_the_exact_request_and_decodes_200() {
    let r = Recorder::start().await;
    r.reply(Reply::json(200, GET_EXAMPLE).header("x-request-id", "abc"));
    let response = client(&r).access_tokens_get("group/project").await.expect("200");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "abc");
    let AccessTokensGetResponse::Ok { body: tokens, .. } = response.into_inner() else { panic!("not Ok") };
    let token = &tokens[0];
    assert_eq!(token.id, 42);
    assert_eq!(token.created_at.to_rfc3339(), "2021-01-20T22:11:48.151+00:00");
    assert_eq!(token.expires_at.map(|d| d.to_string()), Some("2021-01-31".into()));
    assert_eq!((token.last_used_at, token.access_level), (None, Some(AccessLevel::V40)));

    let sent = r.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "GET");
    assert_eq!(sent[0].target, "/api/v4/projects/group%2Fproject/access_tokens");
    assert_eq!(sent[0].headers["private-token"], "glpat-secret");
    assert!(sent[0].headers.get("authorization").is_none());
    assert!(sent[0].headers["user-agent"].to_str().expect("ascii").starts_with("gitlab-access-tokens/"));
}

/// GitLab's `per_page` is `minimum: 1` (the overlay drops the fragment's `maximum: 100`:
/// GitLab reads more as 100): a call below is refused before anything is sent, naming the
/// parameter and the keyword; the bound itself and any larger page are sent; with the
/// check turned off the server is left to judge.
#[tokio::test]
async fn arguments_that_break_the_spec_are_refused_before_sending() {
    let r = Recorder::start().await;
    let e = client(&r).access_tokens_get("1").per_page(0).await.expect_err("refused");
    let Error::Constraint(c) = &e else { panic!("{e:?}") };
    assert_eq!((c.target(), c.constraint()), ("per_page", "minimum"));
    assert_eq!(e.to_string(), format!("{c}; nothing was sent"));
    assert!(r.take().is_empty(), "nothing reached the server");
    r.reply(Reply::json(200, "[]"));
    client(&r).access_tokens_get("1").per_page(1).await.expect("the bound itself is valid");
    r.reply(Reply::json(200, "[]"));
    client(&r).access_tokens_get("1").per_page(1000).await.expect("no maximum");
    r.reply(Reply::json(200, "[]"));
    let unchecked = Client::builder(&r.base_url).client_side_validation(false).build().expect("client");
    unchecked.access_tokens_get("1").per_page(0).await.expect("sent unchecked");
    let sent: Vec<String> = r.take().into_iter().map(|s| s.target).collect();
    assert_eq!(
        sent,
        [
            "/api/v4/projects/1/access_tokens?per_page=1",
            "/api/v4/projects/1/access_tokens?per_page=1000",
            "/api/v4/projects/1/access_tokens?per_page=0"
        ]
    );
}

#[tokio::test]
async fn create_sends_gitlab_arrays_and_a_date_and_keeps_the_token() {
    let r = Recorder::start().await;
    r.reply(Reply::json(201, POST_EXAMPLE));
    let expires = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).expect("date");
    let response = client(&r)
        .access_tokens_post(42, "ci bot", [Scope::Api, Scope::CreateRunner])
        .expires_at(expires)
        .access_level(AccessLevel::V15)
        .description("a bot")
        .await
        .expect("201");
    assert_eq!(response.status(), 201);
    let AccessTokensPostResponse::Created(token) = response.into_inner() else { panic!("not Created") };
    assert_eq!(token.token.expose(), "D4y...Wzr");
    let sent = r.take();
    assert_eq!(sent[0].method, "POST");
    assert_eq!(
        sent[0].target,
        "/api/v4/projects/42/access_tokens?name=ci%20bot&scopes[]=api&scopes[]=create_runner&expires_at=2026-01-31\
         &description=a%20bot&access_level=15"
    );
    // The 2021 spec's 200 is no longer declared.
    r.reply(Reply::json(200, POST_EXAMPLE));
    assert!(matches!(client(&r).access_tokens_post(1, "n", [Scope::Api]).await, Err(Error::UnexpectedStatus { .. })));
}

#[tokio::test]
async fn revoke_sends_both_ids_and_maps_204() {
    let r = Recorder::start().await;
    r.reply(Reply::empty(204));
    let response = client(&r).access_tokens_delete("group/sub/project", 7).await.expect("204");
    assert_eq!(response.into_inner(), AccessTokensDeleteResponse::NoContent);
    let sent = r.take();
    assert_eq!(sent[0].method, "DELETE");
    assert_eq!(sent[0].target, "/api/v4/projects/group%2Fsub%2Fproject/access_tokens/7");
}

#[tokio::test]
async fn every_declared_status_maps_to_its_variant() {
    let r = Recorder::start().await;
    let c = client(&r);
    let unauthorized = r#"{"message":"401 Unauthorized"}"#;

    r.reply(Reply::json(401, unauthorized));
    let AccessTokensGetResponse::Unauthorized(m) = c.access_tokens_get(1).await.expect("401").into_inner() else {
        panic!("not Unauthorized")
    };
    assert_eq!(m.to_string(), "401 Unauthorized");

    r.reply(Reply::json(404, r#"{"message":"404 Project Not Found"}"#));
    let got = c.access_tokens_get(1).await.expect("404").into_inner();
    assert!(matches!(got, AccessTokensGetResponse::NotFound(ref m) if m.to_string() == "404 Project Not Found"));

    r.reply(Reply::json(401, unauthorized));
    let got = c.access_tokens_post(1, "n", [Scope::Api]).await.expect("401").into_inner();
    assert!(matches!(got, AccessTokensPostResponse::Unauthorized(_)));

    r.reply(Reply::json(404, r#"{"message":"404 Not Found"}"#));
    let got = c.access_tokens_post(1, "n", [Scope::Api]).await.expect("404").into_inner();
    assert!(matches!(got, AccessTokensPostResponse::NotFound(_)));

    r.reply(Reply::json(400, r#"{"message":{"token_id":["is invalid"]}}"#));
    let got = c.access_tokens_delete(1, 2).await.expect("400").into_inner();
    let AccessTokensDeleteResponse::BadRequest(m) = got else { panic!("not BadRequest") };
    assert_eq!(m.message["token_id"][0], "is invalid");

    r.reply(Reply::json(404, r#"{"message":"404 Not Found"}"#));
    assert!(matches!(
        c.access_tokens_delete(1, 2).await.expect("404").into_inner(),
        AccessTokensDeleteResponse::NotFound(_)
    ));

    // A proxy's HTML error page is still the declared status, with its text kept.
    r.reply(Reply { status: 404, headers: vec![], body: "<html>gone</html>".into(), delay: Duration::ZERO });
    let AccessTokensGetResponse::NotFound(m) = c.access_tokens_get(1).await.expect("404").into_inner() else {
        panic!("not NotFound")
    };
    assert_eq!(m.to_string(), "<html>gone</html>");
}

#[tokio::test]
async fn undeclared_statuses_and_malformed_bodies_are_errors_that_keep_the_body() {
    let r = Recorder::start().await;
    let c = client(&r);

    r.reply(Reply::json(500, r#"{"message":"500 Internal Server Error"}"#).header("retry-after", "5"));
    match c.access_tokens_get(1).await {
        Err(Error::UnexpectedStatus { operation, response }) => {
            assert_eq!(operation, "accessTokens_get");
            assert_eq!(response.status, 500);
            assert_eq!(response.headers["retry-after"], "5");
            assert_eq!(&response.body[..], br#"{"message":"500 Internal Server Error"}"#);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }

    let malformed = [
        (r#"[{"id":"forty-two"}]"#, "[0].id"),
        (r#"[{"created_at":"yesterday"}]"#, "[0].created_at"),
        (r#"[{"scopes":"api"}]"#, "[0].scopes"),
        (r#"{"id":42}"#, "."),
        ("not json", "."),
        ("", "."),
        ("[] trailing", "."),
    ];
    for (body, path) in malformed {
        r.reply(Reply::json(200, body));
        match c.access_tokens_get(1).await {
            Err(e @ Error::Decode { .. }) => {
                assert_eq!(e.status().map(|s| s.as_u16()), Some(200));
                assert_eq!(e.body(), Some(body.as_bytes()));
                let Error::Decode { path: got, .. } = e else { unreachable!() };
                assert_eq!(got, path, "{body}");
            }
            other => panic!("{body}: expected Decode, got {other:?}"),
        }
    }
    // The 204 of revoke ignores any body; a 200 there is undeclared.
    r.reply(Reply::json(200, "{}"));
    assert!(matches!(c.access_tokens_delete(1, 2).await, Err(Error::UnexpectedStatus { .. })));
}

#[tokio::test]
async fn hostile_path_values_never_leave_their_segment() {
    let r = Recorder::start().await;
    let c = client(&r);
    let cases = [
        ("../x", "/api/v4/projects/..%2Fx/access_tokens"),
        ("a b?c#d", "/api/v4/projects/a%20b%3Fc%23d/access_tokens"),
        ("%2F", "/api/v4/projects/%252F/access_tokens"),
        ("%2e%2e", "/api/v4/projects/%252e%252e/access_tokens"),
        ("..;", "/api/v4/projects/..%3B/access_tokens"),
        ("grüße/ü", "/api/v4/projects/gr%C3%BC%C3%9Fe%2F%C3%BC/access_tokens"),
        ("007", "/api/v4/projects/007/access_tokens"),
    ];
    for (value, target) in cases {
        r.reply(Reply::json(200, GET_EXAMPLE));
        c.access_tokens_get(value).await.unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(r.take()[0].target, target, "{value}");
    }
    for value in ["..", ".", ""] {
        match c.access_tokens_get(value).await {
            Err(Error::Parameter { parameter: "id", .. }) => {}
            other => panic!("{value:?}: expected a refused parameter, got {other:?}"),
        }
        match c.access_tokens_delete(1, IntegerOrString::from(value)).await {
            Err(Error::Parameter { parameter: "token_id", .. }) => {}
            other => panic!("{value:?}: expected a refused parameter, got {other:?}"),
        }
    }
    assert!(r.take().is_empty(), "a refused value was sent");
}

#[tokio::test]
async fn bearer_tokens_and_base_urls() {
    let r = Recorder::start().await;
    r.reply(Reply::empty(204));
    let base = r.base_url.trim_end_matches('/').to_string(); // no trailing slash
    let c = Client::builder(&base).bearer_token("oauth-token").build().expect("client");
    c.access_tokens_delete(1, 2).await.expect("204");
    let sent = r.take();
    assert_eq!(sent[0].target, "/api/v4/projects/1/access_tokens/2");
    assert_eq!(sent[0].headers["authorization"], "Bearer oauth-token");
    assert!(sent[0].headers.get("private-token").is_none());
    assert!(!format!("{c:?}").contains("oauth-token"));
}

#[tokio::test]
async fn transport_failures_and_timeouts_are_errors() {
    // A port that was free a moment ago: nothing listens there.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let c = Client::new(&format!("http://{closed}/api/")).expect("client");
    match c.access_tokens_get(1).await {
        Err(Error::Transport { operation: "accessTokens_get", .. }) => {}
        other => panic!("expected Transport, got {other:?}"),
    }

    let r = Recorder::start().await;
    let mut slow = Reply::json(200, GET_EXAMPLE);
    slow.delay = Duration::from_secs(5);
    r.reply(slow);
    let c = Client::builder(&r.base_url).timeout(Duration::from_millis(200)).build().expect("client");
    match c.access_tokens_get(1).await {
        Err(Error::Transport { source, .. }) => assert!(source.is_timeout(), "{source}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_caller_supplied_reqwest_client_is_used() {
    let r = Recorder::start().await;
    r.reply(Reply::empty(204));
    let http = reqwest::Client::builder().build().expect("reqwest");
    let c = Client::builder(&r.base_url).http_client(http).user_agent("my-tool/1.0").build().expect("client");
    c.access_tokens_delete(1, 2).await.expect("204");
    assert_eq!(r.take()[0].headers["user-agent"], "my-tool/1.0");
}

/// Runs the example's command line against the recorder.
async fn cli(r: &Recorder, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--base-url".to_string(), r.base_url.clone()];
    all.extend(args.iter().map(|s| s.to_string()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = tests::client_cli::run(all.into_iter().map(Into::into).collect(), None, &mut out, &mut err).await;
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

#[tokio::test]
async fn the_example_cli_prints_json_and_exits_by_status() {
    let r = Recorder::start().await;

    r.reply(Reply::json(200, GET_EXAMPLE));
    let (code, out, err) = cli(&r, &["--private-token", "glpat-s3cret", "list", "group/project"]).await;
    assert_eq!((code, err.as_str()), (0, ""));
    let printed: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(printed[0]["id"], 42);
    assert_eq!(r.take()[0].target, "/api/v4/projects/group%2Fproject/access_tokens");

    r.reply(Reply::json(201, POST_EXAMPLE));
    let args =
        ["create", "42", "--name", "bot", "--scope", "api", "--scope", "read_repository", "--expires-at", "2026-02-01"];
    let (code, out, _) = cli(&r, &args).await;
    assert_eq!(code, 0);
    assert!(out.contains("\"token\":\"D4y...Wzr\""), "{out}");
    assert_eq!(
        r.take()[0].target,
        "/api/v4/projects/42/access_tokens?name=bot&scopes[]=api&scopes[]=read_repository&expires_at=2026-02-01"
    );

    r.reply(Reply::empty(204));
    let (code, out, err) = cli(&r, &["revoke", "42", "7"]).await;
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));

    r.reply(Reply::json(401, r#"{"message":"401 Unauthorized"}"#));
    let (code, out, err) = cli(&r, &["--private-token", "glpat-s3cret", "list", "1"]).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, "error: 401 Unauthorized: 401 Unauthorized\n");
    assert!(!err.contains("s3cret"));

    r.reply(Reply::json(502, "bad gateway"));
    let (code, _, err) = cli(&r, &["revoke", "1", "2"]).await;
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("undeclared status 502") && !err.contains("bad gateway"), "{err}");

    // An undeclared answer's body is never printed, only its short message: it may hold a
    // secret (here a 200 where create declares 201).
    r.reply(Reply::json(200, r#"{"message":"made it","token":"glpat-leaked"}"#));
    let (code, out, err) = cli(&r, &["create", "1", "--name", "x", "--scope", "api"]).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, "error: accessTokens_post: undeclared status 200 OK: made it\n");
    r.reply(Reply::json(200, r#"[{"id":1,"token":"glpat-leaked","name":{"nested":"glpat-leaked"}}]"#));
    let (code, _, err) = cli(&r, &["list", "1"]).await;
    assert_eq!(code, 1);
    assert!(!err.contains("glpat-leaked"), "{err}");

    r.take();
    for bad in [
        &["list"][..],
        &["create", "1", "--name", "x"],
        &["frob", "1"],
        &["list", "1", "--name", "x"],
        &["get", "1", "self"],
        &["create", "1", "--name", "x", "--scope", "api", "--access-level", "35"],
        &["rotate", "1"],
        &["revoke", "1", "2", "--all"],
    ] {
        let (code, _, err) = cli(&r, bad).await;
        assert_eq!(code, 2, "{bad:?}: {err}");
    }
    assert!(r.take().is_empty(), "a usage error sent a request");
}

#[tokio::test]
async fn open_enums_decode_and_send_unlisted_values() {
    let r = Recorder::start().await;
    // GitLab adds scopes; one this spec does not list still decodes, and goes back as is.
    let body = GET_EXAMPLE.replace(r#""scopes":["api"]"#, r#""scopes":["api","future_scope"]"#);
    r.reply(Reply::json(200, &body));
    let AccessTokensGetResponse::Ok { body: tokens, .. } =
        client(&r).access_tokens_get(1).await.expect("200").into_inner()
    else {
        panic!("not Ok")
    };
    assert_eq!(tokens[0].scopes, [Scope::Api, Scope::Other("future_scope".into())]);
    assert_eq!(serde_json::to_string(&tokens[0].scopes).expect("json"), r#"["api","future_scope"]"#);
    // A listed value is its variant, however it was made; FromStr, Display and serde agree.
    assert_eq!("self_rotate".parse::<Scope>(), Ok(Scope::SelfRotate));
    assert_eq!(Scope::from("k8s_proxy"), Scope::K8sProxy);
    assert_eq!(Scope::Other("x".into()).to_string(), "x");

    r.reply(Reply::json(201, POST_EXAMPLE));
    client(&r).access_tokens_post(1, "n", [Scope::Other("future_scope".into()), Scope::Api]).await.expect("201");
    assert_eq!(r.take()[1].target, "/api/v4/projects/1/access_tokens?name=n&scopes[]=future_scope&scopes[]=api");
}

#[tokio::test]
async fn secrets_never_reach_debug_display_or_errors() {
    let r = Recorder::start().await;
    let secret_body = POST_EXAMPLE.replace("D4y...Wzr", "glpat-LEAKED");
    r.reply(Reply::json(201, &secret_body));
    let response = client(&r).access_tokens_post(1, "n", [Scope::Api]).await.expect("201");
    let shown = format!("{response:?} {:#?}", response.body());
    assert!(!shown.contains("glpat-LEAKED"), "{shown}");
    assert!(shown.contains(r#"token: Secret("***")"#), "{shown}");
    let AccessTokensPostResponse::Created(token) = response.into_inner() else { panic!("not Created") };
    // The declared success output is the one place the secret is shown.
    assert_eq!(token.token.expose(), "glpat-LEAKED");
    assert!(serde_json::to_string(&token).expect("json").contains(r#""token":"glpat-LEAKED""#));

    // An undeclared answer carrying a secret: the error quotes only a short message.
    let leaky = r#"{"message":"403 Forbidden","token":"glpat-LEAKED"}"#;
    r.reply(Reply::json(403, leaky));
    let e = client(&r).access_tokens_post(1, "n", [Scope::Api]).await.expect_err("403 is not declared");
    let shown = format!("{e} {e:?}");
    assert_eq!(e.to_string(), "accessTokens_post: undeclared status 403 Forbidden: 403 Forbidden");
    assert!(!shown.contains("glpat-LEAKED"), "{shown}");
    assert_eq!(e.body(), Some(leaky.as_bytes()), "the raw body stays reachable");

    // A body that is not JSON is never quoted, even in part.
    r.reply(Reply { status: 502, headers: vec![], body: "token=glpat-LEAKED".into(), delay: Duration::ZERO });
    let e = client(&r).access_tokens_get(1).await.expect_err("502 is not declared");
    assert_eq!(e.to_string(), "accessTokens_get: undeclared status 502 Bad Gateway");
    assert!(!format!("{e:?}").contains("glpat-LEAKED"));

    // A declared status whose body does not fit: the decoder's message leaves out values.
    let wrong = POST_EXAMPLE.replace(r#""id":58"#, r#""id":"glpat-LEAKED""#);
    r.reply(Reply::json(201, &wrong));
    let e = client(&r).access_tokens_post(1, "n", [Scope::Api]).await.expect_err("does not decode");
    let shown = format!("{e} {e:?}");
    assert!(matches!(e, Error::Decode { ref path, .. } if path == "id"), "{shown}");
    assert!(!shown.contains("glpat-LEAKED"), "{shown}");
}

#[tokio::test]
async fn rate_limits_are_typed_errors_and_retried_when_asked() {
    let r = Recorder::start().await;
    let retry_later = || Reply {
        status: 429,
        headers: vec![("content-type", "text/plain".into()), ("retry-after", "1".into())],
        body: "Retry later".into(),
        delay: Duration::ZERO,
    };
    // Without a policy: at once an error carrying the delay, never a decode error, even
    // for revoke, whose 4xx answers are declared with a JSON body.
    r.reply(retry_later());
    let e = client(&r).access_tokens_delete(1, 2).await.expect_err("429");
    assert!(matches!(e, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(1)), "{e:?}");
    assert_eq!(e.to_string(), "accessTokens_delete: rate limited (429), retry after 1s");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(r.take().len(), 1);

    // With a policy: the call waits as asked and is sent again.
    let patient = Client::builder(&r.base_url)
        .private_token("glpat-secret")
        .retry(RetryPolicy::new(3, Duration::from_secs(5)))
        .build()
        .expect("client");
    r.reply(retry_later());
    r.reply(Reply::empty(204));
    let started = std::time::Instant::now();
    let got = patient.access_tokens_delete(1, 2).await.expect("retried").into_inner();
    assert_eq!(got, AccessTokensDeleteResponse::NoContent);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    // The request is built once and copied for the retry: the same target and headers.
    let sent = r.take();
    assert_eq!(sent.len(), 2);
    let same = |s: &Recorded| (s.method.clone(), s.target.clone(), s.headers.clone());
    assert_eq!(same(&sent[0]), same(&sent[1]), "the retry is the same request");
    assert_eq!(sent[1].headers.get("private-token").map(|v| v.as_bytes()), Some(&b"glpat-secret"[..]));

    // Bounded: a delay past the policy's total wait is not waited for.
    let hasty =
        Client::builder(&r.base_url).retry(RetryPolicy::new(5, Duration::from_millis(500))).build().expect("client");
    r.reply(retry_later());
    let e = hasty.access_tokens_delete(1, 2).await.expect_err("gives up");
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(r.take().len(), 1);
}

/// `RetryPolicy::transient` also resends after 408, 500, 502, 503 and 504 (not 501, nor
/// a 5xx without it), each wait `default_delay` when the answer names none.
#[tokio::test]
async fn a_transient_policy_resends_after_server_errors() {
    let r = Recorder::start().await;
    let transient = Client::builder(&r.base_url)
        .retry(RetryPolicy::new(6, Duration::from_secs(5)).default_delay(Duration::from_millis(1)).transient())
        .build()
        .expect("client");
    for status in [408, 500, 502, 503, 504] {
        r.reply(Reply::empty(status));
    }
    r.reply(Reply::empty(204));
    let got = transient.access_tokens_delete(1, 2).await.expect("retried").into_inner();
    assert_eq!(got, AccessTokensDeleteResponse::NoContent);
    assert_eq!(r.take().len(), 6, "five transient errors, then the answer");

    r.reply(Reply::empty(501));
    transient.access_tokens_delete(1, 2).await.expect_err("501 is not transient");
    assert_eq!(r.take().len(), 1);

    // Without `transient`, a 503 is the answer.
    let plain = Client::builder(&r.base_url)
        .retry(RetryPolicy::new(6, Duration::from_secs(5)).default_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    r.reply(Reply::empty(503));
    plain.access_tokens_delete(1, 2).await.expect_err("503");
    assert_eq!(r.take().len(), 1);
}

#[tokio::test]
async fn a_retry_after_http_date_is_waited_for_like_seconds() {
    let r = Recorder::start().await;
    // The server's clock says 07:28:00 and asks to come back at 07:28:01: one second,
    // whatever this machine's clock says.
    let retry_at = |at: &str| {
        Reply::empty(429)
            .header("content-type", "text/plain")
            .header("date", "Wed, 21 Oct 2015 07:28:00 GMT")
            .header("retry-after", at)
    };
    r.reply(retry_at("Wed, 21 Oct 2015 07:28:01 GMT"));
    let e = client(&r).access_tokens_delete(1, 2).await.expect_err("429");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(1)), "{e:?}");
    assert_eq!(r.take().len(), 1);

    let patient =
        Client::builder(&r.base_url).retry(RetryPolicy::new(3, Duration::from_secs(5))).build().expect("client");
    r.reply(retry_at("Wed, 21 Oct 2015 07:28:01 GMT"));
    r.reply(Reply::empty(204));
    let started = std::time::Instant::now();
    let got = patient.access_tokens_delete(1, 2).await.expect("retried").into_inner();
    assert_eq!(got, AccessTokensDeleteResponse::NoContent);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    // The request is built once and copied for the retry: the same target and headers.
    let sent = r.take();
    assert_eq!(sent.len(), 2);
    let same = |s: &Recorded| (s.method.clone(), s.target.clone(), s.headers.clone());
    assert_eq!(same(&sent[0]), same(&sent[1]), "the retry is the same request");

    // Bounded as seconds are: an hour away is past the policy's total wait.
    r.reply(retry_at("Wed, 21 Oct 2015 08:28:00 GMT"));
    let e = patient.access_tokens_delete(1, 2).await.expect_err("gives up");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)), "{e:?}");
    assert_eq!(r.take().len(), 1);

    // A real server's own `Date` (hyper, under the recorder, adds it) and a date two
    // seconds on by this machine's clock: the wait is about two seconds (the header's
    // resolution is one second).
    let soon = chrono::Utc::now() + chrono::TimeDelta::seconds(2);
    r.reply(
        Reply::empty(429)
            .header("content-type", "text/plain")
            .header("retry-after", &soon.format("%a, %d %b %Y %H:%M:%S GMT").to_string()),
    );
    let e = client(&r).access_tokens_delete(1, 2).await.expect_err("429");
    let wait = e.retry_after().expect("a wait");
    assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(3), "{wait:?}");
    assert_eq!(r.take().len(), 1);
}

/// A page of one token, `id`, as GitLab lists it.
fn page_of(id: i64) -> String {
    GET_EXAMPLE.replace(r#""id":42"#, &format!(r#""id":{id}"#))
}

async fn streamed_ids(call: gitlab_access_tokens::client::AccessTokensGet<'_>) -> Result<Vec<i64>, Error> {
    use futures_util::TryStreamExt as _;
    call.stream().map_ok(|t| t.id).try_collect().await
}

#[tokio::test]
async fn the_stream_follows_x_next_page_to_its_empty_end() {
    let r = Recorder::start().await;
    r.reply(Reply::json(200, &page_of(1)).header("x-next-page", "2").header("x-page", "1"));
    r.reply(Reply::json(200, &page_of(2)).header("x-next-page", "3"));
    r.reply(Reply::json(200, &page_of(3)).header("x-next-page", ""));
    let ids = streamed_ids(client(&r).access_tokens_get(1).per_page(1).search("tok")).await.expect("every page");
    assert_eq!(ids, [1, 2, 3]);
    let targets: Vec<String> = r.take().into_iter().map(|s| s.target).collect();
    assert_eq!(
        targets,
        [
            "/api/v4/projects/1/access_tokens?search=tok&per_page=1",
            "/api/v4/projects/1/access_tokens?search=tok&page=2&per_page=1",
            "/api/v4/projects/1/access_tokens?search=tok&page=3&per_page=1",
        ]
    );
    // A next page that goes back ends the stream rather than looping.
    r.reply(Reply::json(200, &page_of(1)).header("x-next-page", "1"));
    assert_eq!(streamed_ids(client(&r).access_tokens_get(1)).await.expect("one page"), [1]);
    assert_eq!(r.take().len(), 1);
}

#[tokio::test]
async fn the_stream_follows_link_rel_next_under_the_base_url_only() {
    let r = Recorder::start().await;
    // No X-Next-Page (GitLab's keyset pagination): `Link` is followed, absolute or relative.
    let absolute = format!("<{}v4/projects/1/access_tokens?cursor=b&per_page=1>; rel=\"next\"", r.base_url);
    r.reply(Reply::json(200, &page_of(1)).header("link", &absolute));
    r.reply(Reply::json(200, &page_of(2)).header("link", "<?cursor=c&per_page=1>; rel=\"next\", </x>; rel=\"first\""));
    r.reply(Reply::json(200, &page_of(3)).header("link", "</api/v4/first>; rel=\"first\""));
    assert_eq!(streamed_ids(client(&r).access_tokens_get(1)).await.expect("every page"), [1, 2, 3]);
    let sent = r.take();
    let targets: Vec<&str> = sent.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/api/v4/projects/1/access_tokens",
            "/api/v4/projects/1/access_tokens?cursor=b&per_page=1",
            "/api/v4/projects/1/access_tokens?cursor=c&per_page=1",
        ]
    );
    assert!(sent.iter().all(|s| s.headers["private-token"] == "glpat-secret"), "every page is authenticated");

    // A link to another host is not followed: the token would go with it.
    r.reply(Reply::json(200, &page_of(1)).header("link", "<http://evil.example/api/v4/x?page=2>; rel=\"next\""));
    let e = streamed_ids(client(&r).access_tokens_get(1)).await.expect_err("not followed");
    assert!(matches!(e, Error::Url { .. }), "{e:?}");
    assert_eq!(r.take().len(), 1);
    // Nor is one outside the base URL's path.
    r.reply(Reply::json(200, &page_of(1)).header("link", "</elsewhere?page=2>; rel=\"next\""));
    assert!(matches!(streamed_ids(client(&r).access_tokens_get(1)).await, Err(Error::Url { .. })));
}

#[tokio::test]
async fn typed_headers_decode_strictly_and_read_empty_as_none() {
    let r = Recorder::start().await;
    r.reply(Reply::json(200, GET_EXAMPLE).header("x-total", "7").header("x-next-page", "").header("x-page", "1"));
    let AccessTokensGetResponse::Ok { headers, .. } = client(&r).access_tokens_get(1).await.expect("200").into_inner()
    else {
        panic!("not Ok")
    };
    assert_eq!((headers.x_total, headers.x_page, headers.x_next_page, headers.link), (Some(7), Some(1), None, None));
    // A declared header that does not parse fails the call, keeping the answer.
    r.reply(Reply::json(200, GET_EXAMPLE).header("x-total", "many"));
    let e = client(&r).access_tokens_get(1).await.expect_err("malformed X-Total");
    assert!(matches!(e, Error::Header { header: "X-Total", .. }), "{e:?}");
    assert_eq!(e.body(), Some(GET_EXAMPLE.as_bytes()));
}
