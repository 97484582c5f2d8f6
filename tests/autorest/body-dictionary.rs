//! body-dictionary.json against the AutoRest test server (`routes/dictionary.js`): one
//! test per scenario, with the values the scenario defines (the primitive maps).

use std::collections::BTreeMap;

use autorest_body_dictionary::client::Client;
use autorest_body_dictionary::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

/// `{"0": a, "1": b, …}`.
fn numbered<T>(values: impl IntoIterator<Item = T>) -> BTreeMap<String, T> {
    values.into_iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect()
}

#[tokio::test]
async fn get_dictionary_empty() {
    let r = client().dictionary_get_empty().await.expect("call");
    assert_eq!(*r, DictionaryGetEmptyResponse::Ok(BTreeMap::new()));
}

#[tokio::test]
async fn put_dictionary_empty() {
    let r = client().dictionary_put_empty(BTreeMap::new()).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_dictionary_invalid() {
    let r = client().dictionary_get_invalid().await;
    assert!(r.is_err(), "the body is no JSON object: {r:?}");
}

#[tokio::test]
async fn get_dictionary_boolean_valid() {
    let r = client().dictionary_get_boolean_tfft().await.expect("call");
    assert_eq!(*r, DictionaryGetBooleanTfftResponse::Ok(numbered([true, false, false, true])));
}

#[tokio::test]
async fn put_dictionary_boolean_valid() {
    let r = client().dictionary_put_boolean_tfft(numbered([true, false, false, true])).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_dictionary_boolean_with_string() {
    let r = client().dictionary_get_boolean_invalid_string().await;
    assert!(r.is_err(), "\"boolean\" is no boolean: {r:?}");
}

#[tokio::test]
async fn get_dictionary_integer_valid() {
    let r = client().dictionary_get_integer_valid().await.expect("call");
    assert_eq!(*r, DictionaryGetIntegerValidResponse::Ok(numbered([1, -1, 3, 300])));
}

#[tokio::test]
async fn put_dictionary_integer_valid() {
    let r = client().dictionary_put_integer_valid(numbered([1, -1, 3, 300])).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn get_dictionary_string_valid() {
    let r = client().dictionary_get_string_valid().await.expect("call");
    let expect = numbered(["foo1", "foo2", "foo3"].map(String::from));
    assert_eq!(*r, DictionaryGetStringValidResponse::Ok(expect));
}

#[tokio::test]
async fn put_dictionary_string_valid() {
    let r = client().dictionary_put_string_valid(numbered(["foo1", "foo2", "foo3"].map(String::from))).await;
    assert_eq!(r.expect("call").status(), 200);
}
