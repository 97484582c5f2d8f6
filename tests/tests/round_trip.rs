//! The generated client against the generated server with the reference implementation,
//! over TCP on 127.0.0.1: every operation, numeric and `group/project` ids, both array
//! styles, expiry dates, and the 401 and 404 paths.

use gitlab_access_tokens::client::runtime::{ArrayStyle, Call, Query};
use gitlab_access_tokens::client::{Client, Error};
use gitlab_access_tokens::models::{
    AccessLevel, AccessTokensDeleteResponse, AccessTokensGetOneResponse, AccessTokensGetResponse,
    AccessTokensPostResponse, AccessTokensRotateResponse, IntegerOrString, NewAccessToken, Scope, Sort, State,
};
use tests::reference::{self, Project, Reference};

const TOKEN: &str = "glpat-reference";

/// Serves the reference (projects `1:group/project` and `2:other/deep/project`) and
/// returns its base URL.
async fn serve() -> String {
    let projects =
        vec![Project { id: 1, path: "group/project".into() }, Project { id: 2, path: "other/deep/project".into() }];
    let app = reference::app(Reference::new(TOKEN, projects));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/api/")
}

fn client(base: &str) -> Client {
    Client::builder(base).private_token(TOKEN).build().expect("client")
}

async fn create(c: &Client, project: impl Into<IntegerOrString>, name: &str) -> NewAccessToken {
    match c.access_tokens_post(project, name, [Scope::Api, Scope::ReadRepository]).await.expect("create").into_inner() {
        AccessTokensPostResponse::Created(token) => token,
        other => panic!("create failed: {other:?}"),
    }
}

#[tokio::test]
async fn create_list_get_rotate_revoke_with_numeric_and_path_ids() {
    let base = serve().await;
    let c = client(&base);

    // Created by path, listed by id: the same project.
    let expires = chrono::NaiveDate::from_ymd_opt(2099, 12, 31).expect("date");
    let created = match c
        .access_tokens_post("group/project", "deploy", [Scope::ReadApi, Scope::SelfRotate])
        .expires_at(expires)
        .access_level(AccessLevel::V30)
        .description("deploys")
        .await
        .expect("create")
        .into_inner()
    {
        AccessTokensPostResponse::Created(t) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(created.name, "deploy");
    assert_eq!(created.scopes, [Scope::ReadApi, Scope::SelfRotate]);
    assert_eq!(created.expires_at, Some(expires));
    assert_eq!((created.access_level, created.description.as_deref()), (Some(AccessLevel::V30), Some("deploys")));
    assert!(created.active && !created.revoked && created.last_used_at.is_none());
    assert!(!created.token.expose().is_empty(), "the secret is shown once, on creation");

    let listed = match c.access_tokens_get(1).await.expect("list").into_inner() {
        AccessTokensGetResponse::Ok { body: t, .. } => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id, listed[0].expires_at, listed[0].created_at),
        (created.id, Some(expires), created.created_at)
    );

    let AccessTokensGetOneResponse::Ok(one) =
        c.access_tokens_get_one("group/project", created.id).await.expect("get").into_inner()
    else {
        panic!("get-one")
    };
    assert_eq!(one, listed[0]);

    // Rotating revokes the old token and answers a new one with a new secret.
    let AccessTokensRotateResponse::Ok(rotated) =
        c.access_tokens_rotate(1, created.id).await.expect("rotate").into_inner()
    else {
        panic!("rotate")
    };
    assert_ne!((rotated.id, &rotated.token), (created.id, &created.token));
    assert_eq!(
        (rotated.name.as_str(), &rotated.scopes, rotated.access_level),
        ("deploy", &created.scopes, Some(AccessLevel::V30))
    );
    let AccessTokensGetOneResponse::Ok(old) = c.access_tokens_get_one(1, created.id).await.expect("get").into_inner()
    else {
        panic!("get-one")
    };
    assert!(old.revoked && !old.active);

    // Revoke by id, then again: 204, then 404.
    assert_eq!(
        c.access_tokens_delete(1, rotated.id).await.expect("revoke").into_inner(),
        AccessTokensDeleteResponse::NoContent
    );
    assert!(matches!(
        c.access_tokens_delete("group/project", rotated.id).await.expect("revoke again").into_inner(),
        AccessTokensDeleteResponse::NotFound(_)
    ));
    // With both revoked, nothing is active, and both are listed as revoked.
    let active = c.access_tokens_get("group/project").state(State::Active).await.expect("list").into_inner();
    assert!(matches!(active, AccessTokensGetResponse::Ok { ref body, .. } if body.is_empty()), "{active:?}");
    let AccessTokensGetResponse::Ok { body: revoked, .. } =
        c.access_tokens_get(1).revoked(true).sort(Sort::CreatedDesc).await.expect("list").into_inner()
    else {
        panic!("list")
    };
    assert_eq!(revoked.iter().map(|t| t.id).collect::<Vec<_>>(), [rotated.id, created.id]);
}

#[tokio::test]
async fn pages_follow_x_next_page() {
    use futures_util::TryStreamExt as _;
    let base = serve().await;
    let c = client(&base);
    for i in 0..5 {
        create(&c, 1, &format!("t{i}")).await;
    }
    // By hand, through the typed headers.
    let mut names = Vec::new();
    let mut page = 1;
    loop {
        let response = c.access_tokens_get(1).per_page(2).page(page).await.expect("list");
        let AccessTokensGetResponse::Ok { body, headers } = response.into_inner() else { panic!("list") };
        assert_eq!((headers.x_page, headers.x_per_page, headers.x_total), (Some(page), Some(2), Some(5)));
        assert_eq!(headers.x_total_pages, Some(3));
        names.extend(body.into_iter().map(|t| t.name));
        // The last page's empty `X-Next-Page` reads as none.
        match headers.x_next_page {
            Some(n) => page = n.parse().expect("a number"),
            None => break,
        }
    }
    assert_eq!(names, ["t0", "t1", "t2", "t3", "t4"]);
    assert_eq!(page, 3);
    // The stream does the same, filters and page size kept on every page.
    let streamed: Vec<String> =
        c.access_tokens_get(1).per_page(2).search("t").stream().map_ok(|t| t.name).try_collect().await.expect("all");
    assert_eq!(streamed, names);
    let from_page_2: Vec<String> =
        c.access_tokens_get(1).per_page(2).page(2).stream().map_ok(|t| t.name).try_collect().await.expect("rest");
    assert_eq!(from_page_2, ["t2", "t3", "t4"]);
    // A declared answer that is not a page ends the stream with an error.
    let e = c.access_tokens_get(99).stream().try_collect::<Vec<_>>().await.expect_err("no such project");
    assert_eq!(e.to_string(), "accessTokens_get: answered 404 Not Found instead of a page: 404 Project Not Found");
}

#[tokio::test]
async fn a_deep_project_path_travels_as_one_segment() {
    let base = serve().await;
    let c = client(&base);
    let token = create(&c, "other/deep/project", "deep").await;
    let listed = c.access_tokens_get(2).await.expect("list").into_inner();
    assert!(
        matches!(listed, AccessTokensGetResponse::Ok { body: ref t, .. } if t.len() == 1 && t[0].id == token.id),
        "{listed:?}"
    );
}

#[tokio::test]
async fn both_array_styles_reach_the_server() {
    let base = serve().await;
    let c = client(&base);
    // The generated client sends GitLab's form (`scopes[]=`); send the repeated-key form
    // through the same client's runtime, as a caller with another convention would.
    let mut query = Query::default();
    query.push("name", "repeated");
    query.push_array("scopes", ["api".to_string(), "read_api".to_string()], ArrayStyle::Repeat);
    let raw = c
        .execute(Call {
            operation: "accessTokens_post",
            method: reqwest::Method::POST,
            path: "/v4/projects/1/access_tokens".into(),
            query,
            headers: Default::default(),
            body: None,
            schemes: &["private_token"],
        })
        .await
        .expect("sent");
    assert_eq!(raw.status, 201, "{}", String::from_utf8_lossy(&raw.body));
    let token: NewAccessToken = raw.decode().expect("decodes");
    assert_eq!(token.scopes, [Scope::Api, Scope::ReadApi]);

    let bracketed = create(&c, 1, "bracketed").await;
    assert_eq!(bracketed.scopes, [Scope::Api, Scope::ReadRepository]);
}

#[tokio::test]
async fn expired_tokens_are_inactive() {
    let base = serve().await;
    let c = client(&base);
    let yesterday = chrono::Utc::now().date_naive().pred_opt().expect("date");
    let old = c.access_tokens_post(1, "old", [Scope::Api]).expires_at(yesterday).await.expect("create").into_inner();
    let AccessTokensPostResponse::Created(old) = old else { panic!("{old:?}") };
    assert!(!old.active);
    let active = c.access_tokens_get(1).state(State::Active).await.expect("list").into_inner();
    assert!(matches!(active, AccessTokensGetResponse::Ok { ref body, .. } if body.is_empty()), "{active:?}");
    let inactive = c.access_tokens_get(1).state(State::Inactive).await.expect("list").into_inner();
    assert!(matches!(inactive, AccessTokensGetResponse::Ok { body: ref t, .. } if t.len() == 1 && t[0].id == old.id));
    // An expired token does not rotate.
    let rotated = c.access_tokens_rotate(1, old.id).await.expect("rotate").into_inner();
    assert!(matches!(rotated, AccessTokensRotateResponse::Unauthorized(_)), "{rotated:?}");
}

#[tokio::test]
async fn unauthorized_and_not_found_paths() {
    let base = serve().await;
    let anonymous = Client::new(&base).expect("client");
    let wrong = Client::builder(&base).private_token("glpat-wrong").build().expect("client");
    let bearer = Client::builder(&base).bearer_token(TOKEN).build().expect("client");

    for c in [&anonymous, &wrong] {
        let AccessTokensGetResponse::Unauthorized(m) = c.access_tokens_get(1).await.expect("401").into_inner() else {
            panic!("expected 401")
        };
        // The router answers a request without credentials itself, saying which it wants;
        // the reference answers wrong ones as GitLab does.
        assert!(m.to_string().starts_with("401 Unauthorized"), "{m}");
        assert!(matches!(
            c.access_tokens_post(1, "x", [Scope::Api]).await.expect("401").into_inner(),
            AccessTokensPostResponse::Unauthorized(_)
        ));
        assert!(matches!(
            c.access_tokens_get_one(1, 1).await.expect("401").into_inner(),
            AccessTokensGetOneResponse::Unauthorized(_)
        ));
        // Revoke declares no 401: the client reports the undeclared status with its body.
        match c.access_tokens_delete(1, 1).await {
            Err(Error::UnexpectedStatus { response, .. }) => {
                assert_eq!(response.status, 401);
                assert!(response.body.starts_with(br#"{"message":"401 Unauthorized"#), "{response:?}");
            }
            other => panic!("expected an undeclared 401, got {other:?}"),
        }
    }

    // GitLab's Bearer form works wherever Private-Token does.
    create(&bearer, 1, "via-bearer").await;

    let c = client(&base);
    let AccessTokensGetResponse::NotFound(m) = c.access_tokens_get("no/such").await.expect("404").into_inner() else {
        panic!("expected 404")
    };
    assert_eq!(m.to_string(), "404 Project Not Found");
    assert!(matches!(
        c.access_tokens_get_one(1, 424242).await.expect("404").into_inner(),
        AccessTokensGetOneResponse::NotFound(_)
    ));
    assert!(matches!(
        c.access_tokens_rotate(1, 424242).await.expect("404").into_inner(),
        AccessTokensRotateResponse::NotFound(_)
    ));
    assert!(matches!(
        c.access_tokens_post(999, "x", [Scope::Api]).await.expect("404").into_inner(),
        AccessTokensPostResponse::NotFound(_)
    ));
    assert!(matches!(
        c.access_tokens_delete(1, 424242).await.expect("404").into_inner(),
        AccessTokensDeleteResponse::NotFound(_)
    ));
    // A token id that is not an integer: GitLab validates it, 400.
    assert!(matches!(
        c.access_tokens_delete(1, "abc").await.expect("400").into_inner(),
        AccessTokensDeleteResponse::BadRequest(_)
    ));
}

/// The example CLI against the reference: `--all` follows the reference's `X-Next-Page`
/// past GitLab's default page of 20; without it, `list` prints the first page.
#[tokio::test]
async fn the_example_cli_lists_every_page_of_the_reference() {
    let base = serve().await;
    let c = client(&base);
    for i in 0..25 {
        create(&c, 1, &format!("t{i:02}")).await;
    }
    let cli = |args: &'static [&'static str]| {
        let base = base.clone();
        async move {
            let mut all = vec!["--base-url".to_string(), base, "--private-token".into(), TOKEN.into()];
            all.extend(args.iter().map(|s| s.to_string()));
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code =
                tests::client_cli::run(all.into_iter().map(Into::into).collect(), None, &mut out, &mut err).await;
            assert_eq!((code, String::from_utf8_lossy(&err).as_ref()), (0, ""));
            let printed: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
            printed.as_array().expect("an array").len()
        }
    };
    assert_eq!(cli(&["list", "group/project"]).await, 20);
    assert_eq!(cli(&["list", "group/project", "--all"]).await, 25);
    assert_eq!(cli(&["list", "1", "--all", "--search", "t2"]).await, 5);
}
