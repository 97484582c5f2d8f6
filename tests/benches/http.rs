//! Generated code against hand-written code, over loopback, in one process, interleaved:
//!
//! 1. the generated server (router + `Api` implementation) against a hand-written axum
//!    server doing the same in-memory work for the same routes;
//! 2. the generated client against direct reqwest calls building the same requests and
//!    decoding the same responses.
//!
//! It prints figures; it asserts nothing about time. `cargo xtask bench` runs it;
//! `cargo bench -p tests --bench http -- [--quick] [--only server|client]` runs it alone.
//!
//! `-- --count N --side generated|hand-written|none [--op list|create|revoke]` sends N
//! requests of each operation (or of one) through one side's router without a socket,
//! for counting instructions with callgrind (BENCHMARKS.md §3 says how).
//! `-- --count N --client generated|direct|none [--op …]` makes N sequential calls of each
//! operation through one client side against the hand-written server over loopback, in
//! one thread (BENCHMARKS.md §4).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use gitlab_access_tokens::models::{
    AccessLevel, AccessToken, AccessTokensDeleteRequest, AccessTokensDeleteResponse, AccessTokensGetOkHeaders,
    AccessTokensGetOneRequest, AccessTokensGetOneResponse, AccessTokensGetRequest, AccessTokensGetResponse,
    AccessTokensPostRequest, AccessTokensPostResponse, AccessTokensRotateRequest, AccessTokensRotateResponse,
    IntegerOrString, NewAccessToken, Scope, Sort, State,
};
use gitlab_access_tokens::server::{self, Credentials};
use gitlab_access_tokens::{ErrorMessage, client};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

const TOKEN: &str = "glpat-bench";

// ---------- the work both servers do ----------

fn timestamp() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_611_152_015, 0).unwrap_or_default()
}

/// A one-token page, as GitLab lists.
fn listed(id: &IntegerOrString) -> Vec<AccessToken> {
    vec![AccessToken {
        id: 42,
        name: format!("token of {id}"),
        description: None,
        scopes: vec![Scope::Api],
        user_id: 141,
        active: true,
        revoked: false,
        created_at: timestamp(),
        expires_at: chrono::NaiveDate::from_ymd_opt(2030, 1, 31),
        last_used_at: None,
        access_level: Some(AccessLevel::V40),
    }]
}

/// The `Link` header of the only page of a project's tokens, as GitLab writes it.
fn page_links(id: &IntegerOrString) -> String {
    let id = utf8_percent_encode(&id.to_string(), SEGMENT).to_string();
    let page = |rel: &str| {
        format!("<https://gitlab.example.com/api/v4/projects/{id}/access_tokens?page=1&per_page=20>; rel=\"{rel}\"")
    };
    format!("{}, {}", page("first"), page("last"))
}

fn created(name: String, scopes: &[Scope], expires_at: Option<chrono::NaiveDate>) -> NewAccessToken {
    NewAccessToken {
        token: "D4y...Wzr".into(),
        id: 58,
        name,
        description: None,
        scopes: scopes.to_vec(),
        user_id: 166,
        active: true,
        revoked: false,
        created_at: timestamp(),
        expires_at,
        last_used_at: None,
        access_level: Some(AccessLevel::V40),
    }
}

fn authorized(token: Option<&str>) -> bool {
    token == Some(TOKEN)
}

// ---------- the generated server ----------

#[derive(Clone)]
struct Generated;

/// The token a request carried, in either header GitLab reads.
fn credential(credentials: &Credentials) -> Option<&str> {
    credentials.private_token.as_ref().or(credentials.bearer.as_ref()).map(|s| s.expose())
}

impl server::Api for Generated {
    type Error = std::convert::Infallible;

    async fn access_tokens_get(
        &self,
        request: AccessTokensGetRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensGetResponse, Self::Error> {
        if !authorized(credential(&credentials)) {
            return Ok(AccessTokensGetResponse::Unauthorized(ErrorMessage::new("401 Unauthorized")));
        }
        // GitLab's pagination headers for the only page (an empty next and previous page).
        let headers = AccessTokensGetOkHeaders {
            x_page: Some(1),
            x_per_page: Some(20),
            x_next_page: Some(String::new()),
            x_prev_page: Some(String::new()),
            x_total: Some(1),
            x_total_pages: Some(1),
            link: Some(page_links(&request.id)),
        };
        Ok(AccessTokensGetResponse::Ok { body: listed(&request.id), headers })
    }

    async fn access_tokens_post(
        &self,
        request: AccessTokensPostRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensPostResponse, Self::Error> {
        if !authorized(credential(&credentials)) {
            return Ok(AccessTokensPostResponse::Unauthorized(ErrorMessage::new("401 Unauthorized")));
        }
        Ok(AccessTokensPostResponse::Created(created(request.name, &request.scopes, request.expires_at)))
    }

    // Not measured: the comparison covers list, create and revoke.
    async fn access_tokens_get_one(
        &self,
        _request: AccessTokensGetOneRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensGetOneResponse, Self::Error> {
        Ok(AccessTokensGetOneResponse::NotFound(ErrorMessage::new("404 Not Found")))
    }

    async fn access_tokens_rotate(
        &self,
        _request: AccessTokensRotateRequest,
        _credentials: Credentials,
    ) -> Result<AccessTokensRotateResponse, Self::Error> {
        Ok(AccessTokensRotateResponse::NotFound(ErrorMessage::new("404 Not Found")))
    }

    async fn access_tokens_delete(
        &self,
        _request: AccessTokensDeleteRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensDeleteResponse, Self::Error> {
        if !authorized(credential(&credentials)) {
            return Ok(AccessTokensDeleteResponse::NotFound(ErrorMessage::new("401 Unauthorized")));
        }
        Ok(AccessTokensDeleteResponse::NoContent)
    }
}

// ---------- the hand-written server ----------
//
// What GitLab's API (the overlay-corrected spec) asks of a server, written as a person
// writes axum by hand: axum's extractors for the path and headers, `form_urlencoded` for
// the query, each declared parameter validated (a malformed value, a malformed escape or a
// single value given twice is a JSON 400 naming it), both credential headers read, and
// list's pagination headers set.

fn json(status: StatusCode, body: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [("content-type", "application/json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A request refused with a JSON 400 naming the value and where it was.
#[derive(Debug)]
struct Bad {
    location: &'static str,
    parameter: String,
}

fn bad(location: &'static str, parameter: &str) -> Bad {
    Bad { location, parameter: parameter.to_owned() }
}

impl IntoResponse for Bad {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"message": "400 Bad Request", "parameter": self.parameter, "in": self.location});
        json(StatusCode::BAD_REQUEST, &body)
    }
}

/// Whether every `%` starts a `%XX` escape: axum's `Path` and `form_urlencoded` would pass
/// `%zz` through as text.
fn escapes_ok(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes
        .iter()
        .enumerate()
        .all(|(at, b)| *b != b'%' || bytes.get(at + 1..at + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)))
}

/// A header that may be given once.
fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, Bad> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(bad("header", name));
    }
    value.to_str().map(Some).map_err(|_| bad("header", name))
}

/// The token from `Private-Token` or `Authorization: Bearer`.
fn header_token(headers: &HeaderMap) -> Result<Option<&str>, Bad> {
    if let Some(token) = single(headers, "private-token")?.map(str::trim).filter(|t| !t.is_empty()) {
        return Ok(Some(token));
    }
    let bearer = single(headers, "authorization")?
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    Ok(bearer)
}

/// The project's id from its path segment, refusing a malformed escape.
fn project(uri: &Uri, id: &str) -> Result<IntegerOrString, Bad> {
    if !escapes_ok(uri.path()) {
        return Err(bad("path", "id"));
    }
    Ok(id.parse().unwrap_or_else(|never| match never {}))
}

/// The pairs of a query string, refusing malformed escapes and text that is not UTF-8.
fn pairs(query: Option<&str>) -> Result<form_urlencoded::Parse<'_>, Bad> {
    let raw = query.unwrap_or("");
    if !escapes_ok(raw) || percent_encoding::percent_decode_str(raw).decode_utf8().is_err() {
        return Err(bad("query", "?"));
    }
    Ok(form_urlencoded::parse(raw.as_bytes()))
}

/// Sets a single-valued query parameter, refusing a second value and one that does not parse.
fn set<T, E>(
    slot: &mut Option<T>,
    name: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<(), Bad> {
    if slot.is_some() {
        return Err(bad("query", name));
    }
    *slot = Some(parse(value).map_err(|_| bad("query", name))?);
    Ok(())
}

fn date(s: &str) -> Result<chrono::NaiveDate, chrono::ParseError> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
}

fn date_time(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, chrono::ParseError> {
    chrono::DateTime::parse_from_rfc3339(s)
}

fn text(s: &str) -> Result<String, std::convert::Infallible> {
    Ok(s.to_owned())
}

/// List's filters and pagination, each validated as the spec types it.
#[derive(Default)]
struct ListQuery {
    created_after: Option<chrono::DateTime<chrono::FixedOffset>>,
    created_before: Option<chrono::DateTime<chrono::FixedOffset>>,
    last_used_after: Option<chrono::DateTime<chrono::FixedOffset>>,
    last_used_before: Option<chrono::DateTime<chrono::FixedOffset>>,
    expires_after: Option<chrono::NaiveDate>,
    expires_before: Option<chrono::NaiveDate>,
    revoked: Option<bool>,
    search: Option<String>,
    sort: Option<Sort>,
    state: Option<State>,
    page: Option<i64>,
    per_page: Option<i64>,
}

impl ListQuery {
    fn parse(query: Option<&str>) -> Result<Self, Bad> {
        let mut q = Self::default();
        for (k, v) in pairs(query)? {
            match &*k {
                "created_after" => set(&mut q.created_after, &k, &v, date_time)?,
                "created_before" => set(&mut q.created_before, &k, &v, date_time)?,
                "last_used_after" => set(&mut q.last_used_after, &k, &v, date_time)?,
                "last_used_before" => set(&mut q.last_used_before, &k, &v, date_time)?,
                "expires_after" => set(&mut q.expires_after, &k, &v, date)?,
                "expires_before" => set(&mut q.expires_before, &k, &v, date)?,
                "revoked" => set(&mut q.revoked, &k, &v, str::parse)?,
                "search" => set(&mut q.search, &k, &v, text)?,
                "sort" => set(&mut q.sort, &k, &v, str::parse)?,
                "state" => set(&mut q.state, &k, &v, str::parse)?,
                "page" => set(&mut q.page, &k, &v, str::parse)?,
                "per_page" => set(&mut q.per_page, &k, &v, str::parse)?,
                _ => {}
            }
        }
        Ok(q)
    }
}

async fn hand_list(
    uri: Uri,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Bad> {
    let id = project(&uri, &id)?;
    let token = header_token(&headers)?;
    let _filters = ListQuery::parse(query.as_deref())?;
    if !authorized(token) {
        return Ok(json(StatusCode::UNAUTHORIZED, &ErrorMessage::new("401 Unauthorized")));
    }
    let mut response = json(StatusCode::OK, &listed(&id));
    let h = response.headers_mut();
    h.insert("x-page", HeaderValue::from(1_i64));
    h.insert("x-per-page", HeaderValue::from(20_i64));
    h.insert("x-next-page", HeaderValue::from_static(""));
    h.insert("x-prev-page", HeaderValue::from_static(""));
    h.insert("x-total", HeaderValue::from(1_i64));
    h.insert("x-total-pages", HeaderValue::from(1_i64));
    if let Ok(link) = HeaderValue::try_from(page_links(&id)) {
        h.insert("link", link);
    }
    Ok(response)
}

async fn hand_create(
    uri: Uri,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Bad> {
    let _id = project(&uri, &id)?;
    let token = header_token(&headers)?;
    let (mut name, mut scopes, mut expires_at) = (None, Vec::new(), None);
    let (mut description, mut access_level) = (None::<String>, None::<AccessLevel>);
    for (k, v) in pairs(query.as_deref())? {
        match &*k {
            "name" => set(&mut name, "name", &v, text)?,
            "scopes" | "scopes[]" => scopes.push(v.parse::<Scope>().unwrap_or_else(|never| match never {})),
            "expires_at" => set(&mut expires_at, "expires_at", &v, date)?,
            "description" => set(&mut description, "description", &v, text)?,
            "access_level" => set(&mut access_level, "access_level", &v, str::parse)?,
            _ => {}
        }
    }
    let name = name.ok_or_else(|| bad("query", "name"))?;
    if scopes.is_empty() {
        return Err(bad("query", "scopes"));
    }
    if !authorized(token) {
        return Ok(json(StatusCode::UNAUTHORIZED, &ErrorMessage::new("401 Unauthorized")));
    }
    Ok(json(StatusCode::CREATED, &created(name, &scopes, expires_at)))
}

async fn hand_revoke(
    uri: Uri,
    Path((id, token_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Bad> {
    let _id = project(&uri, &id)?;
    let token = header_token(&headers)?;
    let _token: IntegerOrString = token_id.parse().unwrap_or_else(|never| match never {});
    if !authorized(token) {
        return Ok(json(StatusCode::NOT_FOUND, &ErrorMessage::new("401 Unauthorized")));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn hand_written() -> axum::Router {
    use axum::routing::{delete, get};
    axum::Router::new()
        .route("/v4/projects/{id}/access_tokens", get(hand_list).post(hand_create))
        .route("/v4/projects/{id}/access_tokens/{token_id}", delete(hand_revoke))
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/")
}

// ---------- measuring ----------

#[derive(Default)]
struct Sample {
    latencies: Vec<Duration>,
    elapsed: Duration,
    /// The process's CPU time over the rounds (server, load generator and runtime alike),
    /// when the platform says (Linux).
    cpu: Option<Duration>,
}

impl Sample {
    fn merge(&mut self, other: Sample) {
        // An empty sample (nothing merged yet) takes the other's figure as it is.
        self.cpu = if self.elapsed.is_zero() { other.cpu } else { self.cpu.zip(other.cpu).map(|(a, b)| a + b) };
        self.latencies.extend(other.latencies);
        self.elapsed += other.elapsed;
    }

    /// CPU time per request in µs. Unlike wall-clock time it leaves out the time other
    /// processes hold the cores, so on a shared machine it still compares the two sides.
    fn cpu_per_request(&self) -> Option<f64> {
        self.cpu.map(|cpu| cpu.as_secs_f64() * 1e6 / self.latencies.len().max(1) as f64)
    }

    fn rps(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&mut self, q: f64) -> f64 {
        self.latencies.sort_unstable();
        let i = ((self.latencies.len().saturating_sub(1)) as f64 * q).round() as usize;
        self.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e6)
    }
}

/// The process's CPU time, user and system, from `/proc/self/stat` (Linux; in clock
/// ticks, which are 10 ms on every Linux this runs on).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are the 14th and 15th fields of the whole line.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let ticks: u64 = fields.next()?.parse::<u64>().ok()? + fields.next()?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Runs `tasks` concurrent loops of `call` for `duration`, recording each call's latency.
async fn load<F, Fut>(tasks: usize, duration: Duration, call: F) -> Sample
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let cpu_start = cpu_time();
    let handles: Vec<_> = (0..tasks)
        .map(|t| {
            let (call, stop) = (call.clone(), stop.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = t;
                while !stop.load(Ordering::Relaxed) {
                    let began = Instant::now();
                    call(i).await;
                    latencies.push(began.elapsed());
                    i += tasks;
                }
                latencies
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut sample = Sample::default();
    for h in handles {
        sample.latencies.extend(h.await.unwrap_or_default());
    }
    sample.elapsed = start.elapsed();
    sample.cpu = cpu_start.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    sample
}

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A declared optional response header as the generated client reads it (absent or empty
/// is `None`), written as a person would by hand.
fn header<T: std::str::FromStr>(headers: &reqwest::header::HeaderMap, name: &str) -> Option<T> {
    let text = headers.get(name)?.to_str().expect("visible ASCII").trim();
    if text.is_empty() { None } else { Some(text.parse().ok().expect("a typed header")) }
}

/// One of the three operations, in turn, as raw reqwest requests (the load generator for
/// the server comparison, and the "direct" side of the client comparison). It does what
/// the generated client does for the same call: the path and query written from typed
/// values (the date and scopes formatted, text percent-encoded), the same headers, the
/// body decoded into the same types and list's pagination headers read into theirs.
async fn direct_call(http: &reqwest::Client, base: &str, i: usize) {
    let project = utf8_percent_encode("group/project", SEGMENT);
    let request = match i % 3 {
        0 => http.get(format!("{base}v4/projects/{project}/access_tokens")),
        1 => {
            let name = utf8_percent_encode("bench token", SEGMENT);
            let (api, read) = (Scope::Api, Scope::ReadRepository);
            let expires = chrono::NaiveDate::from_ymd_opt(2030, 1, 31).expect("date");
            http.post(format!(
                "{base}v4/projects/{project}/access_tokens?name={name}&scopes[]={api}&scopes[]={read}&expires_at={expires}"
            ))
        }
        _ => http.delete(format!("{base}v4/projects/{project}/access_tokens/{i}")),
    };
    // The same headers the generated client sends, so that both sides' requests are equal.
    let response = request
        .header("private-token", TOKEN)
        .header("user-agent", concat!("gitlab-access-tokens/", "0.1.0"))
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    // List's pagination headers, read before the body consumes the response.
    let pages = (i % 3 == 0 && status == 200).then(|| {
        let headers = response.headers();
        AccessTokensGetOkHeaders {
            x_page: header(headers, "x-page"),
            x_per_page: header(headers, "x-per-page"),
            x_next_page: header(headers, "x-next-page"),
            x_prev_page: header(headers, "x-prev-page"),
            x_total: header(headers, "x-total"),
            x_total_pages: header(headers, "x-total-pages"),
            link: header(headers, "link"),
        }
    });
    let body = response.bytes().await.expect("body");
    // Decode as the generated client does, so both sides do the same work.
    match (i % 3, status) {
        (0, 200) => {
            let tokens = serde_json::from_slice::<Vec<AccessToken>>(&body).expect("decode");
            // Both servers must answer list with GitLab's pagination headers.
            assert!(pages.as_ref().is_some_and(|p| p.x_total.is_some()), "list without pagination headers");
            drop((tokens, pages));
        }
        (1, 201) => drop(serde_json::from_slice::<NewAccessToken>(&body).expect("decode")),
        (2, 204) => {}
        other => panic!("unexpected answer {other:?}: {}", String::from_utf8_lossy(&body)),
    }
}

async fn generated_call(c: &client::Client, i: usize) {
    match i % 3 {
        0 => {
            let r = c.access_tokens_get("group/project").await.expect("list").into_inner();
            assert!(matches!(r, AccessTokensGetResponse::Ok { .. }));
        }
        1 => {
            let expires = chrono::NaiveDate::from_ymd_opt(2030, 1, 31).expect("date");
            let r = c
                .access_tokens_post("group/project", "bench token", [Scope::Api, Scope::ReadRepository])
                .expires_at(expires)
                .await
                .expect("create")
                .into_inner();
            assert!(matches!(r, AccessTokensPostResponse::Created(_)));
        }
        _ => {
            let token = i64::try_from(i).unwrap_or(0);
            let r = c.access_tokens_delete("group/project", token).await.expect("revoke").into_inner();
            assert_eq!(r, AccessTokensDeleteResponse::NoContent);
        }
    }
}

fn report(title: &str, ours: &mut Sample, theirs: &mut Sample, ours_name: &str, theirs_name: &str) {
    let (p50a, p99a, p50b, p99b) =
        (ours.percentile(0.5), ours.percentile(0.99), theirs.percentile(0.5), theirs.percentile(0.99));
    println!("{title}\n");
    println!("| side | requests | req/s | p50 µs | p99 µs |");
    println!("|---|---:|---:|---:|---:|");
    println!("| {ours_name} | {} | {:.0} | {p50a:.1} | {p99a:.1} |", ours.latencies.len(), ours.rps());
    println!("| {theirs_name} | {} | {:.0} | {p50b:.1} | {p99b:.1} |", theirs.latencies.len(), theirs.rps());
    println!(
        "\nratio (generated / hand-written): throughput {:.3}; latency, as hand-written / generated: p50 {:.3}, p99 {:.3}",
        ours.rps() / theirs.rps(),
        p50b / p50a,
        p99b / p99a
    );
    if let (Some(a), Some(b)) = (ours.cpu_per_request(), theirs.cpu_per_request()) {
        println!(
            "process CPU per request (both ends): {ours_name} {a:.2} µs, {theirs_name} {b:.2} µs; ratio {:.3}",
            b / a
        );
    }
    println!();
}

// ---------- counting instructions ----------

/// The request of operation `i % 3` (list, create, revoke), as `direct_call` sends it over
/// the wire (with the headers reqwest adds).
fn request(i: usize) -> axum::extract::Request {
    let (method, uri) = match i % 3 {
        0 => ("GET", "/v4/projects/group%2Fproject/access_tokens".to_owned()),
        1 => (
            "POST",
            "/v4/projects/group%2Fproject/access_tokens?name=bench%20token&scopes[]=api&scopes[]=read_repository&expires_at=2030-01-31"
                .to_owned(),
        ),
        _ => ("DELETE", format!("/v4/projects/group%2Fproject/access_tokens/{i}")),
    };
    axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("private-token", TOKEN)
        .header("user-agent", concat!("gitlab-access-tokens/", "0.1.0"))
        .header("accept", "*/*")
        .header("host", "127.0.0.1")
        .body(axum::body::Body::empty())
        .unwrap_or_default()
}

/// Sends `n` requests of each operation straight through one side's router, with no
/// socket, for `valgrind --tool=callgrind`: instruction counts are repeatable on a loaded
/// machine where wall-clock time is not. `side` is `generated`, `hand-written`, or `none`
/// (requests built and dropped: the driver's own cost, to subtract). `op` (`list`,
/// `create` or `revoke`) sends only that operation's `n`.
fn count(side: &str, n: usize, op: Option<&str>) {
    use tower::ServiceExt;
    let app = match side {
        "generated" => Some(server::router(Generated)),
        "hand-written" => Some(hand_written()),
        _ => None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    runtime.block_on(async move {
        let ops: &[usize] = match op {
            Some("list") => &[0],
            Some("create") => &[1],
            Some("revoke") => &[2],
            _ => &[0, 1, 2],
        };
        for i in (0..n).flat_map(|k| ops.iter().map(move |o| 3 * k + o)) {
            let request = request(i);
            let Some(app) = &app else { continue };
            let response = app.clone().oneshot(request).await.unwrap_or_else(|never| match never {});
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap_or_default();
            assert_eq!(status, [200, 201, 204][i % 3], "{}", String::from_utf8_lossy(&body));
        }
    });
}

/// Makes `n` sequential calls of each operation (or of one) through one client side, over
/// loopback to the hand-written server in the same single-threaded runtime, for
/// `valgrind --tool=callgrind`. `side` is `generated` (the generated client), `direct`
/// (direct reqwest) or `none` (the server started and the connection warmed, no calls: the
/// fixed cost to subtract). Both sides send the same requests to the same server, so the
/// difference of two counts is the difference of the two clients.
fn count_client(side: &str, n: usize, op: Option<&str>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async move {
        let base = serve(hand_written()).await;
        let http = reqwest::Client::new();
        let client =
            client::Client::builder(&base).private_token(TOKEN).http_client(http.clone()).build().expect("client");
        // One call of each operation first, so that connecting is in every count alike.
        for i in 0..3 {
            direct_call(&http, &base, i).await;
        }
        let ops: &[usize] = match op {
            Some("list") => &[0],
            Some("create") => &[1],
            Some("revoke") => &[2],
            _ => &[0, 1, 2],
        };
        for i in (0..n).flat_map(|k| ops.iter().map(move |o| 3 * k + o)) {
            match side {
                "generated" => generated_call(&client, i).await,
                "direct" => direct_call(&http, &base, i).await,
                _ => {}
            }
        }
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    if let Some(n) = value("--count") {
        let n = n.parse().expect("--count takes a number");
        match value("--client") {
            Some(side) => count_client(&side, n, value("--op").as_deref()),
            None => count(&value("--side").unwrap_or_default(), n, value("--op").as_deref()),
        }
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    let run_server = only.as_deref().is_none_or(|o| o == "server");
    let run_client = only.as_deref().is_none_or(|o| o == "client");
    let (rounds, each, tasks) =
        if quick { (4, Duration::from_millis(300), 16) } else { (10, Duration::from_secs(2), 32) };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async move {
        let generated_base = serve(server::router(Generated)).await;
        let hand_base = serve(hand_written()).await;
        let http = reqwest::Client::new();
        // Warm up both servers and the connection pool.
        for i in 0..300 {
            direct_call(&http, &generated_base, i).await;
            direct_call(&http, &hand_base, i).await;
        }

        if run_server {
        println!(
            "Server: {rounds} interleaved rounds of {each:?} each, {tasks} concurrent connections, a mix of list, create and revoke\n"
        );
        let (mut ours, mut theirs) = (Sample::default(), Sample::default());
        for round in 0..rounds {
            for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
                let base = if side == 0 { generated_base.clone() } else { hand_base.clone() };
                let target = Arc::new((http.clone(), base));
                let sample = load(tasks, each, move |i| {
                    let target = target.clone();
                    async move { direct_call(&target.0, &target.1, i).await }
                })
                .await;
                if side == 0 { ours.merge(sample) } else { theirs.merge(sample) }
            }
        }
        report("Generated server vs hand-written axum server", &mut ours, &mut theirs, "generated", "hand-written");
        }
        if !run_client {
            return;
        }

        let client = client::Client::builder(&hand_base).private_token(TOKEN).http_client(http.clone()).build().expect("client");
        for tasks in [1, tasks] {
            let (mut ours, mut theirs) = (Sample::default(), Sample::default());
            for round in 0..rounds {
                for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
                    let sample = if side == 0 {
                        let c = client.clone();
                        load(tasks, each, move |i| {
                            let c = c.clone();
                            async move { generated_call(&c, i).await }
                        })
                        .await
                    } else {
                        // One reference count per call on both sides: the generated client is
                        // an `Arc` inside.
                        let target = Arc::new((http.clone(), hand_base.clone()));
                        load(tasks, each, move |i| {
                            let target = target.clone();
                            async move { direct_call(&target.0, &target.1, i).await }
                        })
                        .await
                    };
                    if side == 0 { ours.merge(sample) } else { theirs.merge(sample) }
                }
            }
            let title = format!("Generated client vs direct reqwest, {tasks} concurrent caller(s), against the hand-written server");
            report(&title, &mut ours, &mut theirs, "generated client", "direct reqwest");
        }
    });
}
