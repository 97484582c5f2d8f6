//! The reference server: the generated `server::Api` implemented in memory, answering as
//! GitLab's documentation (doc/api/project_access_tokens.md) says GitLab does. Tests run
//! it over real sockets, and `examples/access_tokens_server.rs` serves it on a port.
//!
//! What it does, operation by operation:
//!
//! - Every operation first checks the `Private-Token` header, or else the bearer token,
//!   against the one configured (an administrator's), and answers 401
//!   `{"message":"401 Unauthorized"}` when it is missing or wrong, as GitLab does. The
//!   spec declares no 401 for revoking, so there the 401 goes through
//!   [`server::Api::error_response`] as an error. A project access token's own secret
//!   authenticates one thing: rotating itself (`token_id` `self`).
//! - A project is named by its id or its path (`1` or `group/project`, sent as
//!   `group%2Fproject`); an unknown one is 404 `{"message":"404 Project Not Found"}`.
//! - Creating answers 201 with the new token and its secret (`token`), only this once;
//!   the access level is 40 (Maintainer) unless given. A scope GitLab does not have
//!   (`scopes[]=bogus`) is 400 `{"message":"400 Bad request - scopes does not have a valid
//!   value"}`, as GitLab's parameter validation refuses it, although the spec declares no 400
//!   there.
//! - Listing answers an array, in creation order, filtered by `state`, `revoked`,
//!   `search` (part of the name, any case) and the `created_*`, `last_used_*` and
//!   `expires_*` bounds, sorted by `sort`, a page at a time (`page` from 1, `per_page` 20
//!   by default and at most 100). GitLab's pagination headers (`X-Page`, `X-Per-Page`,
//!   `X-Next-Page` and `X-Prev-Page`, empty when there is none, `X-Total`,
//!   `X-Total-Pages` and `Link`) are the list response's typed headers. `Link`'s targets
//!   are query-only references (`<?state=active&page=2&per_page=20>; rel="next"`), which
//!   RFC 8288 resolves against the request's URL: the implementation does not know the
//!   prefix it is mounted under, and the client follows them as it would GitLab's absolute
//!   ones.
//! - Getting one token answers it whatever its state, or 404.
//! - Rotating revokes the token and answers 200 with a new one (new id and secret, same
//!   name, description, scopes and access level) that expires on `expires_at`, or a week
//!   from today. A revoked or expired token is 401, an unknown one 404; `self` with the
//!   administrator's token is 405, since that is not a project access token.
//! - Revoking answers 204, and 404 for a token that is unknown or already revoked; a
//!   `token_id` that is not an integer is 400, as GitLab validates it.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use gitlab_access_tokens::client::runtime::Query;
use gitlab_access_tokens::models::{
    AccessLevel, AccessToken, AccessTokensDeleteRequest, AccessTokensDeleteResponse, AccessTokensGetOkHeaders,
    AccessTokensGetOneRequest, AccessTokensGetOneResponse, AccessTokensGetRequest, AccessTokensGetResponse,
    AccessTokensPostRequest, AccessTokensPostResponse, AccessTokensRotateRequest, AccessTokensRotateResponse,
    IntegerOrString, NewAccessToken, Scope, Sort, State,
};
use gitlab_access_tokens::server::{self, Credentials, OperationId, runtime};
use gitlab_access_tokens::{ErrorMessage, Secret};

/// A project, which a URL may name by its id or by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    pub path: String,
}

/// Why `ID:PATH` does not name a project.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    #[error("`{0}` is not `ID:PATH` (as in `1:group/project`)")]
    Shape(String),
    #[error("`{0}` is not a project id (a positive integer)")]
    Id(String),
}

impl FromStr for Project {
    type Err = ProjectError;

    /// `ID:PATH`, as in `1:group/project`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (id, path) = s.split_once(':').ok_or_else(|| ProjectError::Shape(s.to_owned()))?;
        let id = id.parse().ok().filter(|n: &i64| *n > 0).ok_or_else(|| ProjectError::Id(id.to_owned()))?;
        if path.is_empty() || path.starts_with('/') || path.ends_with('/') {
            return Err(ProjectError::Shape(s.to_owned()));
        }
        Ok(Self { id, path: path.to_owned() })
    }
}

/// The project a server has when none is configured: `1:group/project`.
pub fn default_project() -> Project {
    Project { id: 1, path: "group/project".to_owned() }
}

/// GitLab's page size when none is asked for, and the largest it allows.
const DEFAULT_PER_PAGE: usize = 20;
const MAX_PER_PAGE: usize = 100;

/// A project access token as the reference keeps it. The secret is kept only so that a
/// token can authenticate its own rotation; it is shown once, on creation or rotation.
#[derive(Clone, Debug)]
struct Token {
    id: i64,
    user_id: i64,
    name: String,
    description: Option<String>,
    scopes: Vec<Scope>,
    access_level: AccessLevel,
    expires_at: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked: bool,
    secret: String,
}

impl Token {
    /// GitLab's "active": not revoked, and not expired (a token expires at the start, in
    /// UTC, of its `expires_at` day).
    fn active(&self, today: NaiveDate) -> bool {
        !self.revoked && self.expires_at.is_none_or(|d| d > today)
    }

    fn model(&self, today: NaiveDate) -> AccessToken {
        AccessToken {
            id: self.id,
            name: self.name.clone(),
            description: self.description.clone(),
            scopes: self.scopes.clone(),
            user_id: self.user_id,
            active: self.active(today),
            revoked: self.revoked,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            access_level: Some(self.access_level),
        }
    }

    fn with_secret(&self, today: NaiveDate) -> NewAccessToken {
        let t = self.model(today);
        NewAccessToken {
            token: Secret::new(self.secret.clone()),
            id: t.id,
            name: t.name,
            description: t.description,
            scopes: t.scopes,
            user_id: t.user_id,
            active: t.active,
            revoked: t.revoked,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            access_level: t.access_level,
        }
    }
}

#[derive(Debug)]
struct ProjectState {
    project: Project,
    tokens: Vec<Token>,
}

#[derive(Debug)]
struct Store {
    projects: Vec<ProjectState>,
    next_token_id: i64,
}

/// The in-memory implementation of the generated [`server::Api`].
#[derive(Debug)]
pub struct Reference {
    private_token: String,
    state: Mutex<Store>,
}

/// Why the reference answers other than with a declared response.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Credentials missing or wrong on an operation whose spec declares no 401.
    #[error("401 Unauthorized")]
    Unauthorized,
    /// A parameter GitLab's own validation refuses where the spec declares no 400, in
    /// GitLab's words (`scopes does not have a valid value`).
    #[error("400 Bad Request - {0}")]
    Invalid(&'static str),
}

/// The page a list answered, which [`page_headers`] turns into GitLab's headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
}

impl Page {
    pub fn total_pages(&self) -> usize {
        self.total.div_ceil(self.per_page).max(1)
    }

    pub fn next(&self) -> Option<usize> {
        (self.page < self.total_pages()).then_some(self.page + 1)
    }

    pub fn prev(&self) -> Option<usize> {
        (self.page > 1).then(|| (self.page - 1).min(self.total_pages()))
    }
}

impl Reference {
    /// A server that accepts `private_token` and has these projects (or
    /// [`default_project`] when there are none).
    pub fn new(private_token: impl Into<String>, projects: Vec<Project>) -> Self {
        let projects = if projects.is_empty() { vec![default_project()] } else { projects };
        let projects = projects.into_iter().map(|project| ProjectState { project, tokens: Vec::new() }).collect();
        Self { private_token: private_token.into(), state: Mutex::new(Store { projects, next_token_id: 1 }) }
    }

    /// The token the request carries: the `Private-Token` header when there is one (GitLab
    /// looks there first), else the bearer token.
    fn given(credentials: &Credentials) -> Option<&server::Secret> {
        credentials.private_token.as_ref().or(credentials.bearer.as_ref())
    }

    /// Whether the request carries the administrator's token.
    fn authorised(&self, credentials: &Credentials) -> bool {
        Self::given(credentials).is_some_and(|secret| secret.matches(&self.private_token))
    }

    /// The state. A panic while it was held cannot leave it half-changed (every change is
    /// one push or one assignment), so a poisoned lock is still good to use.
    fn state(&self) -> MutexGuard<'_, Store> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Store {
    fn project(&mut self, id: &IntegerOrString) -> Option<&mut ProjectState> {
        self.projects.iter_mut().find(|p| match id {
            IntegerOrString::Integer(n) => p.project.id == *n,
            // GitLab finds paths without regard to case.
            IntegerOrString::String(path) => p.project.path.eq_ignore_ascii_case(path),
        })
    }

    fn take_token_id(&mut self) -> i64 {
        let id = self.next_token_id;
        self.next_token_id += 1;
        id
    }
}

fn unauthorized() -> ErrorMessage {
    ErrorMessage::new("401 Unauthorized")
}

fn project_not_found() -> ErrorMessage {
    ErrorMessage::new("404 Project Not Found")
}

fn token_not_found(token_id: impl fmt::Display) -> ErrorMessage {
    ErrorMessage::new(format!("404 Could not find project access token with token_id: {token_id} Not Found"))
}

/// A new secret in GitLab's format (`glpat-` and 20 characters). `RandomState` is seeded
/// afresh from the OS for each call; enough for a fake, not for production secrets.
fn new_secret() -> String {
    let mut secret = String::from("glpat-");
    let mut round = 0u64;
    while secret.len() < 26 {
        let n = RandomState::new().hash_one(round);
        secret.push_str(&format!("{n:016x}"));
        round += 1;
    }
    secret.truncate(26);
    secret
}

/// Whether `token` passes every filter of a list request.
fn listed(token: &Token, request: &AccessTokensGetRequest, today: NaiveDate) -> bool {
    let after = |t: Option<DateTime<Utc>>, bound: Option<DateTime<Utc>>| bound.is_none_or(|b| t.is_some_and(|t| t > b));
    let before =
        |t: Option<DateTime<Utc>>, bound: Option<DateTime<Utc>>| bound.is_none_or(|b| t.is_some_and(|t| t < b));
    let state_ok = match request.state {
        None => true,
        Some(State::Active) => token.active(today),
        Some(State::Inactive) => !token.active(today),
    };
    let search_ok =
        request.search.as_ref().is_none_or(|s| token.name.to_ascii_lowercase().contains(&s.to_ascii_lowercase()));
    state_ok
        && search_ok
        && request.revoked.is_none_or(|r| token.revoked == r)
        && after(Some(token.created_at), request.created_after)
        && before(Some(token.created_at), request.created_before)
        && after(token.last_used_at, request.last_used_after)
        && before(token.last_used_at, request.last_used_before)
        && request.expires_after.is_none_or(|b| token.expires_at.is_some_and(|d| d > b))
        && request.expires_before.is_none_or(|b| token.expires_at.is_some_and(|d| d < b))
}

fn sort(tokens: &mut [&Token], sort: Option<Sort>) {
    match sort {
        None => {}
        Some(Sort::CreatedAsc) => tokens.sort_by_key(|t| (t.created_at, t.id)),
        Some(Sort::CreatedDesc) => tokens.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id))),
        Some(Sort::ExpiresAsc) => tokens.sort_by_key(|t| (t.expires_at, t.id)),
        Some(Sort::ExpiresDesc) => tokens.sort_by_key(|t| std::cmp::Reverse((t.expires_at, t.id))),
        Some(Sort::LastUsedAsc) => tokens.sort_by_key(|t| (t.last_used_at, t.id)),
        Some(Sort::LastUsedDesc) => tokens.sort_by_key(|t| std::cmp::Reverse((t.last_used_at, t.id))),
        Some(Sort::NameAsc) => tokens.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
        Some(Sort::NameDesc) => tokens.sort_by(|a, b| b.name.cmp(&a.name).then(b.id.cmp(&a.id))),
    }
}

/// `page` and `per_page` as GitLab reads them: from 1, 20 a page by default, at most 100.
fn page_of(request: &AccessTokensGetRequest, total: usize) -> Page {
    let clamp = |n: Option<i64>, default: usize, max: usize| {
        n.map_or(default, |n| usize::try_from(n).unwrap_or(default).clamp(1, max))
    };
    Page {
        page: clamp(request.page, 1, usize::MAX),
        per_page: clamp(request.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE),
        total,
    }
}

impl server::Api for Reference {
    type Error = Error;

    async fn access_tokens_get(
        &self,
        request: AccessTokensGetRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensGetResponse, Error> {
        if !self.authorised(&credentials) {
            return Ok(AccessTokensGetResponse::Unauthorized(unauthorized()));
        }
        let mut state = self.state();
        let Some(project) = state.project(&request.id) else {
            return Ok(AccessTokensGetResponse::NotFound(project_not_found()));
        };
        let today = Utc::now().date_naive();
        let mut tokens: Vec<&Token> = project.tokens.iter().filter(|t| listed(t, &request, today)).collect();
        sort(&mut tokens, request.sort);
        let page = page_of(&request, tokens.len());
        let items = tokens
            .iter()
            .skip((page.page - 1).saturating_mul(page.per_page))
            .take(page.per_page)
            .map(|t| t.model(today))
            .collect();
        Ok(AccessTokensGetResponse::Ok { body: items, headers: page_headers(page, &kept_query(&request)) })
    }

    async fn access_tokens_post(
        &self,
        request: AccessTokensPostRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensPostResponse, Error> {
        if !self.authorised(&credentials) {
            return Ok(AccessTokensPostResponse::Unauthorized(unauthorized()));
        }
        // The enum is open so that a client reads scopes GitLab adds later; a server still
        // grants only the scopes it has, and GitLab validates them before it looks anything up.
        if request.scopes.iter().any(|s| matches!(s, Scope::Other(_))) {
            return Err(Error::Invalid("scopes does not have a valid value"));
        }
        let mut state = self.state();
        if state.project(&request.id).is_none() {
            return Ok(AccessTokensPostResponse::NotFound(project_not_found()));
        }
        let id = state.take_token_id();
        let token = Token {
            id,
            // GitLab makes a bot user for each project token.
            user_id: 1000 + id,
            name: request.name,
            description: request.description,
            scopes: request.scopes,
            access_level: request.access_level.unwrap_or(AccessLevel::V40),
            expires_at: request.expires_at,
            created_at: Utc::now(),
            last_used_at: None,
            revoked: false,
            secret: new_secret(),
        };
        let answer = token.with_secret(Utc::now().date_naive());
        if let Some(project) = state.project(&request.id) {
            project.tokens.push(token);
        }
        Ok(AccessTokensPostResponse::Created(answer))
    }

    async fn access_tokens_get_one(
        &self,
        request: AccessTokensGetOneRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensGetOneResponse, Error> {
        if !self.authorised(&credentials) {
            return Ok(AccessTokensGetOneResponse::Unauthorized(unauthorized()));
        }
        let mut state = self.state();
        let Some(project) = state.project(&request.id) else {
            return Ok(AccessTokensGetOneResponse::NotFound(project_not_found()));
        };
        Ok(match project.tokens.iter().find(|t| t.id == request.token_id) {
            Some(token) => AccessTokensGetOneResponse::Ok(token.model(Utc::now().date_naive())),
            None => AccessTokensGetOneResponse::NotFound(token_not_found(request.token_id)),
        })
    }

    async fn access_tokens_rotate(
        &self,
        request: AccessTokensRotateRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensRotateResponse, Error> {
        let admin = self.authorised(&credentials);
        let given = Self::given(&credentials).map(|s| s.expose().to_owned());
        let today = Utc::now().date_naive();
        let mut state = self.state();
        let Some(project) = state.project(&request.id) else {
            // Only the administrator learns which projects exist.
            return Ok(if admin {
                AccessTokensRotateResponse::NotFound(project_not_found())
            } else {
                AccessTokensRotateResponse::Unauthorized(unauthorized())
            });
        };
        let index = match (&request.token_id, admin) {
            (IntegerOrString::String(s), true) if s == "self" => {
                return Ok(AccessTokensRotateResponse::MethodNotAllowed(ErrorMessage::new(
                    "405 Method Not Allowed - the token is not a project access token",
                )));
            }
            // `self` with a project token: that token, if it may rotate itself.
            (IntegerOrString::String(s), false) if s == "self" => {
                let own =
                    project.tokens.iter().position(|t| given.as_deref() == Some(t.secret.as_str()) && t.active(today));
                let Some(index) = own else {
                    return Ok(AccessTokensRotateResponse::Unauthorized(unauthorized()));
                };
                if !project.tokens[index].scopes.iter().any(|s| matches!(s, Scope::Api | Scope::SelfRotate)) {
                    return Ok(AccessTokensRotateResponse::Forbidden(ErrorMessage::new(
                        "403 Forbidden - the token needs the api or self_rotate scope to rotate itself",
                    )));
                }
                index
            }
            (_, false) => return Ok(AccessTokensRotateResponse::Unauthorized(unauthorized())),
            (IntegerOrString::Integer(id), true) => match project.tokens.iter().position(|t| t.id == *id) {
                Some(index) if project.tokens[index].active(today) => index,
                Some(_) => return Ok(AccessTokensRotateResponse::Unauthorized(unauthorized())),
                None => return Ok(AccessTokensRotateResponse::NotFound(token_not_found(id))),
            },
            (IntegerOrString::String(other), true) => {
                return Ok(AccessTokensRotateResponse::BadRequest(ErrorMessage::new(format!(
                    "400 Bad request - token_id `{other}` is neither an id nor `self`"
                ))));
            }
        };
        project.tokens[index].revoked = true;
        let old = project.tokens[index].clone();
        let id = state.take_token_id();
        let token = Token {
            id,
            created_at: Utc::now(),
            last_used_at: None,
            revoked: false,
            secret: new_secret(),
            expires_at: Some(request.expires_at.unwrap_or_else(|| today + chrono::Days::new(7))),
            ..old
        };
        let answer = token.with_secret(today);
        if let Some(project) = state.project(&request.id) {
            project.tokens.push(token);
        }
        Ok(AccessTokensRotateResponse::Ok(answer))
    }

    async fn access_tokens_delete(
        &self,
        request: AccessTokensDeleteRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensDeleteResponse, Error> {
        if !self.authorised(&credentials) {
            return Err(Error::Unauthorized);
        }
        let mut state = self.state();
        let Some(project) = state.project(&request.id) else {
            return Ok(AccessTokensDeleteResponse::NotFound(project_not_found()));
        };
        let IntegerOrString::Integer(token_id) = request.token_id else {
            return Ok(AccessTokensDeleteResponse::BadRequest(ErrorMessage::new(
                "400 Bad request - token_id is invalid",
            )));
        };
        match project.tokens.iter_mut().find(|t| t.id == token_id && !t.revoked) {
            Some(token) => {
                token.revoked = true;
                Ok(AccessTokensDeleteResponse::NoContent)
            }
            None => Ok(AccessTokensDeleteResponse::NotFound(token_not_found(token_id))),
        }
    }

    /// The errors are GitLab's answers where the spec forgot them: its 401, and the 400 of
    /// its parameter validation (as `{"message"}`, like every other answer here); the router
    /// tags the response with the operation, as it does every other.
    fn error_response(&self, _operation: OperationId, error: Error) -> Response {
        match error {
            Error::Unauthorized => runtime::message_response(StatusCode::UNAUTHORIZED),
            Error::Invalid(text) => {
                runtime::json_response(400, &ErrorMessage::new(format!("400 Bad request - {text}")))
            }
        }
    }
}

/// The reference served as GitLab serves its API: under `/api`, with JSON 404s outside it,
/// GitLab's pagination headers on lists, and every request logged.
pub fn app(api: Reference) -> axum::Router {
    axum::Router::new()
        .nest("/api", server::router(api))
        .fallback(runtime::not_found)
        .layer(axum::middleware::from_fn(log_request))
}

/// The list's query without `page` and `per_page`, encoded as the client encodes it, for
/// the `Link` targets to keep.
fn kept_query(request: &AccessTokensGetRequest) -> String {
    let mut q = Query::default();
    let time = |t: &DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let times = [
        ("created_after", &request.created_after),
        ("created_before", &request.created_before),
        ("last_used_after", &request.last_used_after),
        ("last_used_before", &request.last_used_before),
    ];
    for (name, value) in times {
        if let Some(t) = value {
            q.push(name, &time(t));
        }
    }
    for (name, value) in [("expires_after", &request.expires_after), ("expires_before", &request.expires_before)] {
        if let Some(d) = value {
            q.push_display(name, d);
        }
    }
    if let Some(r) = request.revoked {
        q.push_display("revoked", &r);
    }
    if let Some(s) = &request.search {
        q.push("search", s);
    }
    if let Some(s) = request.sort {
        q.push_display("sort", &s);
    }
    if let Some(s) = request.state {
        q.push_display("state", &s);
    }
    q.as_str().to_owned()
}

/// GitLab's headers for `page` of a list asked for with `query` (without its page
/// numbers): the numbers, and an RFC 8288 `Link` whose targets keep the query.
pub fn page_headers(page: Page, query: &str) -> AccessTokensGetOkHeaders {
    let link = |n: usize, rel: &str| {
        let numbers = format!("page={n}&per_page={}", page.per_page);
        let q = if query.is_empty() { numbers } else { format!("{query}&{numbers}") };
        format!("<?{q}>; rel=\"{rel}\"")
    };
    let mut links = Vec::new();
    if let Some(prev) = page.prev() {
        links.push(link(prev, "prev"));
    }
    if let Some(next) = page.next() {
        links.push(link(next, "next"));
    }
    links.push(link(1, "first"));
    links.push(link(page.total_pages(), "last"));
    // GitLab writes an empty `X-Next-Page` on the last page, and so does this: the
    // spec's header is text, `Some("")` is written as is, and clients read it as none.
    let number = |n: Option<usize>| Some(n.map(|n| n.to_string()).unwrap_or_default());
    let count = |n: usize| i64::try_from(n).ok();
    AccessTokensGetOkHeaders {
        x_page: count(page.page),
        x_per_page: count(page.per_page),
        x_next_page: number(page.next()),
        x_prev_page: number(page.prev()),
        x_total: count(page.total),
        x_total_pages: count(page.total_pages()),
        link: Some(links.join(", ")),
    }
}

/// Logs a request's method, path (not its query, which may hold a token), status, time and
/// the operation that answered it, which the generated router leaves in the response's
/// extensions.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let operation = response.extensions().get::<OperationId>().map_or("-", |o| o.as_str());
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        operation,
        elapsed_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

impl fmt::Display for Project {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.id, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_parse_from_id_and_path() {
        assert_eq!("7:a/b".parse(), Ok(Project { id: 7, path: "a/b".into() }));
        assert_eq!("a/b".parse::<Project>(), Err(ProjectError::Shape("a/b".into())));
        assert_eq!("x:a/b".parse::<Project>(), Err(ProjectError::Id("x".into())));
        assert_eq!("0:a/b".parse::<Project>(), Err(ProjectError::Id("0".into())));
        assert_eq!(default_project().to_string(), "1:group/project");
    }

    #[test]
    fn secrets_look_like_gitlabs() {
        let (a, b) = (new_secret(), new_secret());
        assert!(a.starts_with("glpat-") && a.len() == 26);
        assert_ne!(a, b);
    }

    #[test]
    fn pages_have_gitlabs_headers() {
        let h = page_headers(Page { page: 2, per_page: 2, total: 5 }, "state=active");
        assert_eq!((h.x_page, h.x_per_page, h.x_total, h.x_total_pages), (Some(2), Some(2), Some(5), Some(3)));
        assert_eq!((h.x_next_page.as_deref(), h.x_prev_page.as_deref()), (Some("3"), Some("1")));
        assert_eq!(
            h.link.as_deref(),
            Some(
                "<?state=active&page=1&per_page=2>; rel=\"prev\", <?state=active&page=3&per_page=2>; rel=\"next\", \
                 <?state=active&page=1&per_page=2>; rel=\"first\", <?state=active&page=3&per_page=2>; rel=\"last\""
            )
        );
        // No tokens: one empty page, with no next or previous (empty, as GitLab sends them).
        let h = page_headers(Page { page: 1, per_page: 20, total: 0 }, "");
        assert_eq!((h.x_next_page.as_deref(), h.x_prev_page.as_deref()), (Some(""), Some("")));
        assert_eq!((h.x_total, h.x_total_pages), (Some(0), Some(1)));
        assert_eq!(
            h.link.as_deref(),
            Some("<?page=1&per_page=20>; rel=\"first\", <?page=1&per_page=20>; rel=\"last\"")
        );
    }
}
