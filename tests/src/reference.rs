//! The reference server: the generated `server::Api` implemented in memory, with GitLab's
//! semantics where the spec allows them. Tests run it over real sockets, and
//! `examples/access_tokens_server.rs` serves it on a port.
//!
//! What it does, operation by operation:
//!
//! - Every operation first checks the `Private-Token` header, or else the bearer token,
//!   against the one configured, and answers 401 `{"message":"401 Unauthorized"}` when it is
//!   missing or wrong, as GitLab does. The spec declares no 401 for revoking, so there the
//!   401 goes through [`server::Api::error_response`] as an error.
//! - A project is named by its id or its path (`1` or `group/project`, sent as
//!   `group%2Fproject`); an unknown one is 404 `{"message":"404 Project Not Found"}`.
//! - Creating returns the new token with its secret (`token`); only this once.
//! - Listing answers what the spec declares, one object, although GitLab itself returns an
//!   array: the project's most recent active token (neither revoked nor expired), or 404
//!   `{"message":"404 Access Token Not Found"}` when it has none.
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
use gitlab_access_tokens::ErrorMessage;
use gitlab_access_tokens::models::{
    AccessTokensDeleteRequest, AccessTokensDeleteResponse, AccessTokensGetAccessTokenList, AccessTokensGetRequest,
    AccessTokensGetResponse, AccessTokensPostAccessTokenList, AccessTokensPostRequest, AccessTokensPostResponse,
    IntegerOrString, Scope,
};
use gitlab_access_tokens::server::{self, Credentials, OperationId, runtime};

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

/// A project access token as the reference keeps it. Its secret is not kept: GitLab shows
/// it once, when it is created, and so does this.
#[derive(Clone, Debug)]
struct Token {
    id: i64,
    user_id: i64,
    name: String,
    scopes: Vec<Scope>,
    expires_at: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    revoked: bool,
}

impl Token {
    /// GitLab's "active": not revoked, and not expired (a token expires at the start, in
    /// UTC, of its `expires_at` day).
    fn active(&self, today: NaiveDate) -> bool {
        !self.revoked && self.expires_at.is_none_or(|d| d > today)
    }
}

#[derive(Debug)]
struct ProjectState {
    project: Project,
    tokens: Vec<Token>,
}

#[derive(Debug)]
struct State {
    projects: Vec<ProjectState>,
    next_token_id: i64,
}

/// The in-memory implementation of the generated [`server::Api`].
#[derive(Debug)]
pub struct Reference {
    private_token: String,
    state: Mutex<State>,
}

/// Why the reference answers other than with a declared response.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Credentials missing or wrong on an operation whose spec declares no 401.
    #[error("401 Unauthorized")]
    Unauthorized,
}

impl Reference {
    /// A server that accepts `private_token` and has these projects (or
    /// [`default_project`] when there are none).
    pub fn new(private_token: impl Into<String>, projects: Vec<Project>) -> Self {
        let projects = if projects.is_empty() { vec![default_project()] } else { projects };
        let projects = projects.into_iter().map(|project| ProjectState { project, tokens: Vec::new() }).collect();
        Self { private_token: private_token.into(), state: Mutex::new(State { projects, next_token_id: 1 }) }
    }

    /// Whether the request may go on: the `Private-Token` header when there is one (GitLab
    /// looks there first), else the bearer token.
    fn authorised(&self, credentials: &Credentials) -> bool {
        let given = credentials.private_token.as_ref().or(credentials.bearer.as_ref());
        given.is_some_and(|secret| secret.matches(&self.private_token))
    }

    /// The state. A panic while it was held cannot leave it half-changed (every change is
    /// one push or one assignment), so a poisoned lock is still good to use.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn project(&mut self, id: &IntegerOrString) -> Option<&mut ProjectState> {
        self.projects.iter_mut().find(|p| match id {
            IntegerOrString::Integer(n) => p.project.id == *n,
            // GitLab finds paths without regard to case.
            IntegerOrString::String(path) => p.project.path.eq_ignore_ascii_case(path),
        })
    }
}

fn unauthorized() -> ErrorMessage {
    ErrorMessage::new("401 Unauthorized")
}

fn project_not_found() -> ErrorMessage {
    ErrorMessage::new("404 Project Not Found")
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

fn scope_names(scopes: &[Scope]) -> Vec<String> {
    scopes.iter().map(|s| s.as_str().to_owned()).collect()
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
        let Some(token) = project.tokens.iter().rev().find(|t| t.active(today)) else {
            return Ok(AccessTokensGetResponse::NotFound(ErrorMessage::new("404 Access Token Not Found")));
        };
        Ok(AccessTokensGetResponse::Ok(AccessTokensGetAccessTokenList {
            user_id: Some(token.user_id),
            scopes: Some(scope_names(&token.scopes)),
            name: Some(token.name.clone()),
            expires_at: token.expires_at,
            id: Some(token.id),
            active: Some(true),
            created_at: Some(token.created_at),
            revoked: Some(false),
        }))
    }

    async fn access_tokens_post(
        &self,
        request: AccessTokensPostRequest,
        credentials: Credentials,
    ) -> Result<AccessTokensPostResponse, Error> {
        if !self.authorised(&credentials) {
            return Ok(AccessTokensPostResponse::Unauthorized(unauthorized()));
        }
        let mut state = self.state();
        let id = state.next_token_id;
        let Some(project) = state.project(&request.id) else {
            return Ok(AccessTokensPostResponse::NotFound(project_not_found()));
        };
        let token = Token {
            id,
            // GitLab makes a bot user for each project token.
            user_id: 1000 + id,
            name: request.name,
            scopes: request.scopes,
            expires_at: request.expires_at,
            created_at: Utc::now(),
            revoked: false,
        };
        project.tokens.push(token.clone());
        state.next_token_id += 1;
        Ok(AccessTokensPostResponse::Ok(AccessTokensPostAccessTokenList {
            user_id: Some(token.user_id),
            scopes: Some(scope_names(&token.scopes)),
            name: Some(token.name.clone()),
            expires_at: token.expires_at,
            id: Some(token.id),
            active: Some(token.active(Utc::now().date_naive())),
            created_at: Some(token.created_at),
            revoked: Some(false),
            token: Some(new_secret()),
        }))
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
            None => Ok(AccessTokensDeleteResponse::NotFound(ErrorMessage::new(format!(
                "404 Could not find project access token with token_id: {token_id} Not Found"
            )))),
        }
    }

    /// The one error is GitLab's 401 where the spec forgot it; the router tags the
    /// response with the operation, as it does every other.
    fn error_response(&self, _operation: OperationId, error: Error) -> Response {
        match error {
            Error::Unauthorized => runtime::message_response(StatusCode::UNAUTHORIZED),
        }
    }
}

/// The reference served as GitLab serves its API: under `/api`, with JSON 404s outside it,
/// and every request logged.
pub fn app(api: Reference) -> axum::Router {
    axum::Router::new()
        .nest("/api", server::router(api))
        .fallback(runtime::not_found)
        .layer(axum::middleware::from_fn(log_request))
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
}
