//! A real HTTP server on 127.0.0.1 that records every request exactly as it arrived
//! (method, request target, headers) and answers with queued replies. Client tests use it
//! to see the bytes the generated client sends, with no mock of our own types.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// One request as received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The request target as sent: path and query, still percent-encoded.
    pub target: String,
    pub headers: HeaderMap,
}

/// A reply to send: status, headers, body, and a delay before answering.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Reply {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Self {
        Reply { status, headers: Vec::new(), body: String::new(), delay: Duration::ZERO }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

#[derive(Debug, Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    replies: Mutex<VecDeque<Reply>>,
}

/// The running server.
#[derive(Debug)]
pub struct Recorder {
    pub base_url: String,
    shared: Arc<Shared>,
}

impl Recorder {
    /// Starts a server on a free port of 127.0.0.1; it runs until the test's runtime ends.
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let app = axum::Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Recorder { base_url: format!("http://{addr}/api/"), shared }
    }

    /// Queues the reply to the next request.
    pub fn reply(&self, reply: Reply) {
        self.shared.replies.lock().unwrap_or_else(PoisonError::into_inner).push_back(reply);
    }

    /// Takes the requests received so far.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.shared.requests.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let recorded = Recorded {
        method: request.method().to_string(),
        target: request.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default(),
        headers: request.headers().clone(),
    };
    shared.requests.lock().unwrap_or_else(PoisonError::into_inner).push(recorded);
    let reply = shared.replies.lock().unwrap_or_else(PoisonError::into_inner).pop_front();
    let Some(reply) = reply else {
        return Response::builder()
            .status(StatusCode::IM_A_TEAPOT)
            .body(Body::from("no reply queued"))
            .unwrap_or_default();
    };
    tokio::time::sleep(reply.delay).await;
    let mut builder = Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    builder.body(Body::from(reply.body)).unwrap_or_default()
}
