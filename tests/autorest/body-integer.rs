//! body-integer.json against the AutoRest test server (`routes/int.js`): one test per
//! scenario, with the values the scenario defines.

use autorest_body_integer::client::Client;
use autorest_body_integer::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

#[tokio::test]
async fn get_integer_null() {
    // The server answers 200 with no body; the spec's `x-nullable` response has no value.
    let r = client().int_get_null().await.expect("call");
    assert_eq!(*r, IntGetNullResponse::Ok(None));
}

#[tokio::test]
async fn get_integer_invalid() {
    let r = client().int_get_invalid().await;
    assert!(r.is_err(), "123jkl is no integer: {r:?}");
}

#[tokio::test]
async fn get_integer_overflow() {
    let r = client().int_get_overflow_int32().await;
    assert!(r.is_err(), "2147483656 overflows int32: {r:?}");
}

#[tokio::test]
async fn get_integer_underflow() {
    let r = client().int_get_underflow_int32().await;
    assert!(r.is_err(), "-2147483656 underflows int32: {r:?}");
}

#[tokio::test]
async fn get_long_overflow() {
    let r = client().int_get_overflow_int64().await;
    assert!(r.is_err(), "9223372036854775910 overflows int64: {r:?}");
}

#[tokio::test]
async fn get_long_underflow() {
    let r = client().int_get_underflow_int64().await;
    assert!(r.is_err(), "-9223372036854775910 underflows int64: {r:?}");
}

#[tokio::test]
async fn put_integer_max() {
    let r = client().int_put_max32(i32::MAX).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn put_long_max() {
    let r = client().int_put_max64(i64::MAX).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn put_integer_min() {
    let r = client().int_put_min32(i32::MIN).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn put_long_min() {
    let r = client().int_put_min64(i64::MIN).await.expect("call");
    assert_eq!(r.status(), 200);
}

/// `format: unixtime` is read as the integer on the wire: 2016-04-13T00:00:00Z.
#[tokio::test]
async fn get_unix_time() {
    let r = client().int_get_unix_time().await.expect("call");
    assert_eq!(*r, IntGetUnixTimeResponse::Ok(1_460_505_600));
}

#[tokio::test]
async fn put_unix_time() {
    let r = client().int_put_unix_time_date(1_460_505_600).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_invalid_unix_time() {
    let r = client().int_get_invalid_unix_time().await;
    assert!(r.is_err(), "123jkl is no time: {r:?}");
}

#[tokio::test]
async fn get_null_unix_time() {
    // The server answers 200 with no body; the spec's `x-nullable` response has no value.
    let r = client().int_get_null_unix_time().await.expect("call");
    assert_eq!(*r, IntGetNullUnixTimeResponse::Ok(None));
}
