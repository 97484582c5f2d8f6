//! The kitchen sink's webhook receiver, read as strictly as its server: an answer table of
//! deliveries (signed or not, well-formed or not) and what each gets, and a property test
//! that no delivery, however malformed, gets a 5xx or reaches the receiver unsigned.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use kitchen_sink::models as m;
use kitchen_sink::webhooks::{self, Paths, Receiver, StandardWebhooks};
use proptest::prelude::*;
use tower::ServiceExt as _;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[derive(Clone, Default)]
struct Recording {
    received: Arc<Mutex<Vec<String>>>,
    limit: Option<usize>,
}

impl Recording {
    fn keep(&self, request: &dyn std::fmt::Debug) {
        self.received.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(format!("{request:?}"));
    }

    fn count(&self) -> usize {
        self.received.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }
}

impl Receiver for Recording {
    type Error = String;

    async fn deliver_event(&self, request: m::DeliverEventRequest) -> Result<m::DeliverEventResponse, String> {
        self.keep(&request);
        Ok(m::DeliverEventResponse::Accepted)
    }

    async fn create_subscription_on_form(
        &self,
        request: m::CreateSubscriptionOnFormRequest,
    ) -> Result<m::CreateSubscriptionOnFormResponse, String> {
        self.keep(&request);
        Ok(m::CreateSubscriptionOnFormResponse::NoContent)
    }

    fn body_limit(&self) -> usize {
        self.limit.unwrap_or(2 * 1024 * 1024)
    }
}

fn scheme() -> StandardWebhooks {
    StandardWebhooks::new(SECRET).expect("the secret")
}

/// A delivery to `path`, signed for `body` unless `signed` is false.
fn delivery(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8], signed: bool) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::from(body.to_vec())).expect("a request");
    if signed {
        webhooks::Sign::sign(&scheme(), request.headers_mut(), "msg_test", body).expect("signed");
    }
    request
}

async fn answer(receiver: &Recording, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let router = webhooks::router(receiver.clone(), scheme(), &Paths::default()).expect("routes");
    let response = router.oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

const EVENT: &str = r#"{"id":"e1","kind":"created","at":"2024-01-02T03:04:05Z"}"#;
const JSON: (&str, &str) = ("content-type", "application/json");
const KIND: (&str, &str) = ("x-event-kind", "created");

#[tokio::test]
async fn deliveries_are_answered_as_the_server_answers_requests() {
    let event = "/createSubscription/onEvent";
    let form = "/createSubscription/onForm";
    // (case, request, status, what the JSON answer's `message` starts with or `in` is)
    let cases: Vec<(&str, Request<Body>, u16, &str)> = vec![
        ("signed JSON", delivery("POST", event, &[JSON, KIND], EVENT.as_bytes(), true), 202, ""),
        (
            "signed form",
            delivery(
                "PUT",
                form,
                &[("content-type", "application/x-www-form-urlencoded")],
                b"id=e1&kind=deleted&count=2",
                true,
            ),
            204,
            "",
        ),
        (
            "unsigned",
            delivery("POST", event, &[JSON, KIND], EVENT.as_bytes(), false),
            401,
            "401 Unauthorized - signature",
        ),
        (
            "signed for another body",
            {
                let mut r = delivery("POST", event, &[JSON, KIND], EVENT.as_bytes(), true);
                *r.body_mut() = Body::from(EVENT.replace("e1", "e2"));
                r
            },
            401,
            "401 Unauthorized - signature: no signature matches",
        ),
        ("malformed JSON", delivery("POST", event, &[JSON, KIND], b"{\"id\":", true), 400, "body"),
        (
            "a field of the wrong type",
            delivery("POST", event, &[JSON, KIND], br#"{"id":"e1","kind":"maybe","at":"2024-01-02T03:04:05Z"}"#, true),
            400,
            "body",
        ),
        ("a missing required header", delivery("POST", event, &[JSON], EVENT.as_bytes(), true), 400, "header"),
        (
            "a malformed optional header",
            delivery("POST", event, &[JSON, KIND, ("x-attempt", "two")], EVENT.as_bytes(), true),
            400,
            "header",
        ),
        (
            "not JSON",
            delivery("POST", event, &[("content-type", "text/plain"), KIND], EVENT.as_bytes(), true),
            415,
            "header",
        ),
        (
            "a malformed form",
            delivery("PUT", form, &[("content-type", "application/x-www-form-urlencoded")], b"id=e1&count=x", true),
            400,
            "body",
        ),
        ("the wrong method", delivery("GET", event, &[], b"", true), 405, "405 Method Not Allowed"),
        ("another path", delivery("POST", "/elsewhere", &[JSON], b"{}", true), 404, "404 Not Found"),
    ];
    for (case, request, status, expect) in cases {
        let receiver = Recording::default();
        let (got, body) = answer(&receiver, request).await;
        assert_eq!(got.as_u16(), status, "{case}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        let location = body["in"].as_str().unwrap_or_default();
        assert!(message.starts_with(expect) || location == expect, "{case}: {body}");
        // Only what was accepted reached the receiver.
        assert_eq!(receiver.count(), usize::from(got.is_success()), "{case}");
    }
}

#[tokio::test]
async fn a_body_past_the_limit_is_413_before_it_is_verified() {
    let receiver = Recording { limit: Some(16), ..Recording::default() };
    let (status, _) =
        answer(&receiver, delivery("POST", "/createSubscription/onEvent", &[JSON, KIND], EVENT.as_bytes(), true)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(receiver.count(), 0);
}

#[test]
fn paths_that_cannot_be_served_are_errors_not_panics() {
    let same = Paths { deliver_event: "/hooks".into(), create_subscription_on_form: "/hooks".into() };
    assert!(webhooks::router(Recording::default(), scheme(), &same).is_ok(), "different methods share a path");
    let bad = Paths { deliver_event: "hooks/{id}".into(), ..Paths::default() };
    assert!(webhooks::router(Recording::default(), scheme(), &bad).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Whatever the body, headers and signature, the answer is never a 5xx, and an
    /// unsigned delivery never reaches the receiver.
    #[test]
    fn no_delivery_gets_a_5xx(
        body in proptest::collection::vec(any::<u8>(), 0..64),
        kind in "[ -~]{0,12}",
        content_type in prop::sample::select(vec!["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
        form in any::<bool>(),
        signed in any::<bool>(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let (method, path) = if form { ("PUT", "/createSubscription/onForm") } else { ("POST", "/createSubscription/onEvent") };
        let mut headers = vec![("x-event-kind", kind.as_str())];
        if !content_type.is_empty() {
            headers.push(("content-type", content_type));
        }
        let receiver = Recording::default();
        let (status, _) = runtime.block_on(answer(&receiver, delivery(method, path, &headers, &body, signed)));
        prop_assert!(!status.is_server_error(), "{status}");
        if !signed {
            prop_assert_eq!(status, StatusCode::UNAUTHORIZED);
            prop_assert_eq!(receiver.count(), 0);
        }
    }
}

/// A delivery answered 503 is sent again after the backoff's wait, with the same
/// `webhook-id` and a fresh signature, until it is accepted or the attempts run out.
#[tokio::test]
async fn the_sender_retries_with_backoff_keeping_the_message_id() {
    use std::time::Duration;
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&seen);
    let flaky = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let log = Arc::clone(&log);
            async move {
                let verified = webhooks::Verify::verify(&scheme(), &headers, &body).is_ok();
                let id = headers.get("webhook-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                let mut log = log.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                log.push(format!("{id} {verified}"));
                if log.len() < 3 { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::ACCEPTED }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, flaky).await });
    let event: m::Event = serde_json::from_str(EVENT).expect("an event");
    let backoff =
        webhooks::Backoff { max_attempts: 3, initial: Duration::from_millis(10), max_delay: Duration::from_millis(20) };
    let sender = webhooks::Sender::builder(&format!("http://{addr}/hook"))
        .signer(scheme())
        .retry(backoff)
        .build()
        .expect("a sender");
    let answer = sender.deliver_event(m::EventKind::Created, event.clone()).await.expect("delivered");
    assert_eq!(answer.into_inner(), m::DeliverEventResponse::Accepted);
    let seen = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen.iter().all(|s| s.ends_with(" true") && s.starts_with("msg_")), "{seen:?}");
    assert!(seen.iter().all(|s| *s == seen[0]), "one message id across attempts: {seen:?}");
}

/// Without retries, a failing receiver's answer comes back at once: an undeclared
/// status is an error that carries it.
#[tokio::test]
async fn without_retries_an_undeclared_status_is_an_error() {
    let event: m::Event = serde_json::from_str(EVENT).expect("an event");
    let always = axum::Router::new().route("/hook", axum::routing::post(|| async { StatusCode::BAD_GATEWAY }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, always).await });
    let sender = webhooks::Sender::builder(&format!("http://{addr}/hook")).signer(scheme()).build().expect("a sender");
    let error = sender.deliver_event(m::EventKind::Created, event).await.expect_err("502 is not declared");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
}

/// A receiver slower than the sender's timeout is a transport error, not a hang.
#[tokio::test]
async fn the_sender_times_out() {
    use std::time::Duration;
    let slow = axum::Router::new().route(
        "/hook",
        axum::routing::post(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::ACCEPTED
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, slow).await });
    let sender = webhooks::Sender::builder(&format!("http://{addr}/hook"))
        .timeout(Duration::from_millis(100))
        .build()
        .expect("a sender");
    let event: m::Event = serde_json::from_str(EVENT).expect("an event");
    let started = std::time::Instant::now();
    let error = sender.deliver_event(m::EventKind::Created, event).await.expect_err("too slow");
    assert!(matches!(error, kitchen_sink::client::Error::Transport { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(4));
}
