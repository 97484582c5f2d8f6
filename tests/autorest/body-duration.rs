//! body-duration.json against the AutoRest test server (`routes/duration.js`): one test
//! per scenario, with the values the scenario defines. `format: duration` is the runtime's
//! `IsoDuration`, read from ISO 8601 text strictly.

use autorest_body_duration::client::Client;
use autorest_body_duration::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

fn duration(text: &str) -> autorest_body_duration::IsoDuration {
    let d: autorest_body_duration::IsoDuration = text.parse().expect("a duration");
    assert_eq!(d.to_string(), text, "written as read");
    d
}

#[tokio::test]
async fn get_duration_null() {
    // The server answers 200 with no body; the spec's `x-nullable` response has no value.
    let r = client().duration_get_null().await.expect("call");
    assert_eq!(*r, DurationGetNullResponse::Ok(None));
}

#[tokio::test]
async fn get_duration_positive() {
    let r = client().duration_get_positive_duration().await.expect("call");
    assert_eq!(*r, DurationGetPositiveDurationResponse::Ok(duration("P3Y6M4DT12H30M5S")));
}

#[tokio::test]
async fn put_duration_positive() {
    let r = client().duration_put_positive_duration(duration("P123DT22H14M12.011S")).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_duration_invalid() {
    let r = client().duration_get_invalid().await;
    assert!(r.is_err(), "123ABC is no duration: {r:?}");
}
