//! The receiver's routes at the paths the subscriber chose ([`Routes`]), refusing paths
//! axum cannot serve and two webhooks on one path and method with a [`RouteError`].

use std::fmt;

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;

use super::signatures::Verify;

/// Reads a delivery's body (within `limit`: 413 past it) and checks its signature on
/// the bytes as received (401 when it fails, naming why); gives the request back, the
/// same bytes as its body, for the operation's reader.
pub async fn verified<V: Verify + ?Sized>(verifier: &V, request: Request, limit: usize) -> Result<Request, Response> {
    use crate::server::runtime::{Location, Problem, Rejection};
    use axum::response::IntoResponse as _;
    let (parts, body) = request.into_parts();
    let too_large = || {
        let problem = Problem::Invalid(format!("is larger than {limit} bytes"));
        Rejection::with_status(StatusCode::PAYLOAD_TOO_LARGE, Location::Body, ".", problem).into_response()
    };
    let declared =
        parts.headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    // Past the limit is the only way reading a body can fail that a sender can cause.
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| too_large())?;
    if let Err(e) = verifier.verify(&parts.headers, &bytes) {
        let message = format!("401 Unauthorized - signature: {e}");
        return Err(crate::server::runtime::json_response(401, &serde_json::json!({ "message": message })));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Why the receiver's routes could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// A path axum cannot serve as written: it must start with `/`, and hold no `{`, `}`,
    /// and no segment starting with `:` or `*`.
    #[error("`{0}` is not a path the receiver can serve (start it with `/`; no `{{`, `}}`, `:…` or `*…` segments)")]
    Path(String),
    /// Two webhooks at one path with one method: the router could not tell them apart.
    #[error("two webhooks are served at `{method} {path}`")]
    Twice { method: &'static str, path: String },
}

/// The receiver's routes, grouped by path (axum wants one method router per path).
#[derive(Default)]
pub struct Routes {
    paths: std::collections::BTreeMap<String, axum::routing::MethodRouter>,
    taken: Vec<(String, &'static str)>,
    error: Option<RouteError>,
}

impl fmt::Debug for Routes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Routes").field("taken", &self.taken).field("error", &self.error).finish()
    }
}

impl Routes {
    /// Serves `method` at `path` by `route`; the first problem is kept for [`Routes::build`].
    #[must_use]
    pub fn route(mut self, path: &str, method: &'static str, route: axum::routing::MethodRouter) -> Self {
        if self.error.is_some() {
            return self;
        }
        let servable = path.starts_with('/')
            && !path.contains(['{', '}'])
            && !path.split('/').any(|s| s.starts_with(':') || s.starts_with('*'));
        if !servable {
            self.error = Some(RouteError::Path(path.to_owned()));
            return self;
        }
        if self.taken.iter().any(|(p, m)| p == path && *m == method) {
            self.error = Some(RouteError::Twice { method, path: path.to_owned() });
            return self;
        }
        self.taken.push((path.to_owned(), method));
        // Methods are distinct here, so merging cannot panic.
        let merged = match self.paths.remove(path) {
            Some(existing) => existing.merge(route),
            None => route,
        };
        self.paths.insert(path.to_owned(), merged);
        self
    }

    /// The router: each path with its methods, JSON 405 for other methods, JSON 404
    /// elsewhere.
    pub fn build(self) -> Result<axum::Router, RouteError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let runtime = |router: axum::Router| router.fallback(crate::server::runtime::not_found);
        let mut router = axum::Router::new();
        for (path, methods) in self.paths {
            router = router.route(&path, methods.fallback(crate::server::runtime::method_not_allowed));
        }
        Ok(runtime(router))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_refuse_what_axum_would_panic_on() {
        let route = || axum::routing::post(|| async {});
        assert!(
            Routes::default()
                .route("/a", "POST", route())
                .route("/a", "GET", axum::routing::get(|| async {}))
                .build()
                .is_ok()
        );
        let twice = Routes::default().route("/a", "POST", route()).route("/a", "POST", route()).build();
        assert_eq!(twice.err(), Some(RouteError::Twice { method: "POST", path: "/a".to_owned() }));
        for bad in ["", "a", "/{id}", "/:id", "/*rest", "/x/}"] {
            assert_eq!(
                Routes::default().route(bad, "POST", route()).build().err(),
                Some(RouteError::Path(bad.to_owned()))
            );
        }
    }
}
