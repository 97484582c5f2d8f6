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
