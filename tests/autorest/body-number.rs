//! body-number.json against the AutoRest test server (`routes/number.js`): one test per
//! scenario, with the values the scenario defines.

use autorest_body_number::client::Client;
use autorest_body_number::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

#[tokio::test]
async fn get_number_null() {
    // The server answers 200 with no body; the spec's `x-nullable` response has no value.
    let r = client().number_get_null().await.expect("call");
    assert_eq!(*r, NumberGetNullResponse::Ok(None));
}

#[tokio::test]
async fn get_float_invalid() {
    let r = client().number_get_invalid_float().await;
    assert!(r.is_err(), "2147483656.090096789909j is no number: {r:?}");
}

#[tokio::test]
async fn get_double_invalid() {
    let r = client().number_get_invalid_double().await;
    assert!(r.is_err(), "9223372036854775910.980089k is no number: {r:?}");
}

#[tokio::test]
async fn get_float_big_scientific_notation() {
    let r = client().number_get_big_float().await.expect("call");
    assert_eq!(*r, NumberGetBigFloatResponse::Ok(3.402823e20));
}

#[tokio::test]
async fn put_float_big_scientific_notation() {
    let r = client().number_put_big_float(3.402823e20).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_double_big_scientific_notation() {
    let r = client().number_get_big_double().await.expect("call");
    assert_eq!(*r, NumberGetBigDoubleResponse::Ok(2.5976931e101));
}

#[tokio::test]
async fn put_double_big_scientific_notation() {
    let r = client().number_put_big_double(2.5976931e101).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_double_big_positive_decimal() {
    let r = client().number_get_big_double_positive_decimal().await.expect("call");
    assert_eq!(*r, NumberGetBigDoublePositiveDecimalResponse::Ok(99999999.99));
}

#[tokio::test]
async fn put_double_big_positive_decimal() {
    let r = client().number_put_big_double_positive_decimal(99999999.99).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_double_big_negative_decimal() {
    let r = client().number_get_big_double_negative_decimal().await.expect("call");
    assert_eq!(*r, NumberGetBigDoubleNegativeDecimalResponse::Ok(-99999999.99));
}

#[tokio::test]
async fn put_double_big_negative_decimal() {
    let r = client().number_put_big_double_negative_decimal(-99999999.99).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_float_small_scientific_notation() {
    let r = client().number_get_small_float().await.expect("call");
    assert_eq!(*r, NumberGetSmallFloatResponse::Ok(3.402823e-20));
}

#[tokio::test]
async fn put_float_small_scientific_notation() {
    let r = client().number_put_small_float(3.402823e-20).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_double_small_scientific_notation() {
    let r = client().number_get_small_double().await.expect("call");
    assert_eq!(*r, NumberGetSmallDoubleResponse::Ok(2.5976931e-101));
}

#[tokio::test]
async fn put_double_small_scientific_notation() {
    let r = client().number_put_small_double(2.5976931e-101).await.expect("call");
    assert_eq!(r.status(), 200);
}
