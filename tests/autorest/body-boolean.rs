//! body-boolean.json against the AutoRest test server (`test-routes/bool.ts`): one test
//! per scenario, with the values the scenario defines.

use autorest_body_boolean::client::Client;
use autorest_body_boolean::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

#[tokio::test]
async fn get_bool_true() {
    let r = client().bool_get_true().await.expect("call");
    assert_eq!(*r, BoolGetTrueResponse::Ok(true));
}

#[tokio::test]
async fn put_bool_true() {
    let r = client().bool_put_true(true).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_bool_false() {
    let r = client().bool_get_false().await.expect("call");
    assert_eq!(*r, BoolGetFalseResponse::Ok(false));
}

#[tokio::test]
async fn put_bool_false() {
    let r = client().bool_put_false(false).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_bool_null() {
    // The server answers 200 with no body; the spec's `x-nullable` response has no value.
    let r = client().bool_get_null().await.expect("call");
    assert_eq!(*r, BoolGetNullResponse::Ok(None));
}

#[tokio::test]
async fn get_bool_invalid() {
    // `true1` is no boolean: the call must fail to decode.
    let r = client().bool_get_invalid().await;
    assert!(r.is_err(), "{r:?}");
}
