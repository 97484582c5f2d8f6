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

const RFC1123: [&str; 3] =
    ["Fri, 01 Dec 2000 00:00:01 GMT", "Wed, 02 Jan 1980 00:11:35 GMT", "Wed, 12 Oct 1492 10:15:01 GMT"];

fn times() -> BTreeMap<String, autorest_body_dictionary::Rfc1123> {
    numbered(RFC1123.map(|t| t.parse().expect("an RFC 1123 time")))
}

#[tokio::test]
async fn get_dictionary_date_time_rfc1123_valid() {
    let r = client().dictionary_get_date_time_rfc1123_valid().await.expect("call");
    assert_eq!(*r, DictionaryGetDateTimeRfc1123ValidResponse::Ok(times()));
}

#[tokio::test]
async fn put_dictionary_date_time_rfc1123_valid() {
    let r = client().dictionary_put_date_time_rfc1123_valid(times()).await;
    assert_eq!(r.expect("call").status(), 200);
}

fn durations() -> BTreeMap<String, autorest_body_dictionary::IsoDuration> {
    numbered(["P123DT22H14M12.011S", "P5DT1H"].map(|t| t.parse().expect("a duration")))
}

#[tokio::test]
async fn get_dictionary_duration_valid() {
    let r = client().dictionary_get_duration_valid().await.expect("call");
    assert_eq!(*r, DictionaryGetDurationValidResponse::Ok(durations()));
}

#[tokio::test]
async fn put_dictionary_duration_valid() {
    let r = client().dictionary_put_duration_valid(durations()).await;
    assert_eq!(r.expect("call").status(), 200);
}

fn byte_lists() -> BTreeMap<String, autorest_body_dictionary::Base64> {
    numbered([vec![255, 255, 255, 250], vec![1, 2, 3], vec![37, 41, 67]].map(autorest_body_dictionary::Base64))
}

#[tokio::test]
async fn get_dictionary_byte_valid() {
    let r = client().dictionary_get_byte_valid().await.expect("call");
    assert_eq!(*r, DictionaryGetByteValidResponse::Ok(byte_lists()));
}

#[tokio::test]
async fn put_dictionary_byte_valid() {
    let r = client().dictionary_put_byte_valid(byte_lists()).await;
    assert_eq!(r.expect("call").status(), 200);
}
