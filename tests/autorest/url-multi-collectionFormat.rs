//! url-multi-collectionFormat.json against the AutoRest test server (`routes/queries.js`):
//! one test per scenario, with the values the scenario defines. The spec's
//! `collectionFormat: multi` is 3.0's `style: form, explode: true`: one `arrayQuery=` per
//! item.

use autorest_url_multi_collectionformat::client::Client;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

#[tokio::test]
async fn url_queries_array_multi_null() {
    let r = client().queries_array_string_multi_null().await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn url_queries_array_multi_empty() {
    let r = client().queries_array_string_multi_empty().array_query(Vec::new()).await.expect("call");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn url_queries_array_multi_valid() {
    let items = ["ArrayQuery1", "begin!*'();:@ &=+$,/?#[]end", "", ""].map(String::from);
    let r = client().queries_array_string_multi_valid().array_query(items).await.expect("call");
    assert_eq!(r.status(), 200);
}
