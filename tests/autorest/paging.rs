//! paging.json against the AutoRest test server (`routes/paging.js`): one test per
//! scenario, with the values the scenario defines. A call returns its one page; its
//! `stream()` follows AutoRest's `x-ms-pageable` next links in the bodies.

use std::time::Duration;

use autorest_paging::client::{Client, RetryPolicy};
use autorest_paging::models::*;
use futures_util::TryStreamExt;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

fn product() -> Product {
    Product { properties: Some(ProductProperties { id: Some(1), name: Some("Product".into()) }) }
}

#[tokio::test]
async fn paging_single() {
    let r = client().paging_get_single_pages().await.expect("call");
    assert_eq!(*r, PagingGetSinglePagesResponse::Ok(ProductResult { values: Some(vec![product()]), next_link: None }));
}

#[tokio::test]
async fn paging_no_item_name() {
    let r = client().paging_get_no_item_name_pages().await.expect("call");
    let expect = ProductResultValue { value: Some(vec![product()]), next_link: None };
    assert_eq!(*r, PagingGetNoItemNamePagesResponse::Ok(expect));
}

#[tokio::test]
async fn paging_single_failure() {
    let r = client().paging_get_single_pages_failure().await.expect("call");
    assert_eq!(*r, PagingGetSinglePagesFailureResponse::Other { status: 400 });
}

/// The product of page `n` past the first (which is [`product`]).
fn nth(id: i64) -> Product {
    Product { properties: Some(ProductProperties { id: Some(id), name: Some("product".into()) }) }
}

/// The ten products of the ten pages the multiple-page scenarios answer, ids offset by `by`.
fn ten_pages(by: i64) -> Vec<Product> {
    std::iter::once(product()).chain((2..=10).map(|n| nth(n + by))).collect()
}

#[tokio::test]
async fn paging_multiple() {
    let items: Vec<Product> = client().paging_get_multiple_pages().stream().try_collect().await.expect("pages");
    assert_eq!(items, ten_pages(0), "all ten pages followed");
}

#[tokio::test]
async fn paging_odata_multiple() {
    let items: Vec<Product> = client().paging_get_odata_multiple_pages().stream().try_collect().await.expect("pages");
    assert_eq!(items, ten_pages(0), "all ten pages followed through `odata.nextLink`");
}

#[tokio::test]
async fn paging_multiple_path() {
    let items: Vec<Product> =
        client().paging_get_multiple_pages_with_offset(100).stream().try_collect().await.expect("pages");
    assert_eq!(items, ten_pages(100));
}

#[tokio::test]
async fn paging_multiple_failure() {
    let items: Vec<Result<Product, _>> = futures_util::StreamExt::collect(client().paging_get_multiple_pages_failure().stream()).await;
    assert_eq!(items.len(), 2, "the first page's product, then the second page's 400: {items:?}");
    assert_eq!(items[0].as_ref().expect("first page"), &product());
    assert!(items[1].is_err(), "{items:?}");
}

#[tokio::test]
async fn paging_multiple_failure_uri() {
    let items: Vec<Result<Product, _>> =
        futures_util::StreamExt::collect(client().paging_get_multiple_pages_failure_uri().stream()).await;
    assert_eq!(items.len(), 2, "the first page's product, then the bad link's failure: {items:?}");
    assert_eq!(items[0].as_ref().expect("first page"), &product());
    assert!(items[1].is_err(), "{items:?}");
}

#[tokio::test]
async fn paging_next_link_name_null() {
    // `nextLinkName: null`: the body's `nextLink` (to a 404) is not a next page.
    let items: Vec<Product> =
        client().paging_get_null_next_link_name_pages().stream().try_collect().await.expect("pages");
    assert_eq!(items, vec![product()]);
}

#[tokio::test]
async fn paging_empty_next_link() {
    let items: Vec<Product> =
        client().paging_get_empty_next_link_name_pages().stream().try_collect().await.expect("pages");
    assert_eq!(items, vec![product()]);
}

#[tokio::test]
async fn paging_first_response_empty() {
    // An empty first page with a relative next link.
    let items: Vec<Product> = client().paging_first_response_empty().stream().try_collect().await.expect("pages");
    assert_eq!(items, vec![product()]);
}

/// A client that sends a page's call again after a transient error (a 500 here).
fn retrying() -> Client {
    let policy = RetryPolicy::new(3, Duration::from_secs(5)).default_delay(Duration::from_millis(10)).transient();
    // The server marks a call sent again with a cookie it set on the first: keep cookies.
    let http = reqwest::Client::builder().cookie_store(true).build().expect("reqwest client");
    Client::builder(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL"))
        .retry(policy)
        .http_client(http)
        .build()
        .expect("client")
}

#[tokio::test]
async fn paging_multiple_retry_first() {
    let items: Vec<Product> =
        retrying().paging_get_multiple_pages_retry_first().stream().try_collect().await.expect("pages");
    assert_eq!(items, ten_pages(0));
}

#[tokio::test]
async fn paging_multiple_retry_second() {
    let items: Vec<Product> =
        retrying().paging_get_multiple_pages_retry_second().stream().try_collect().await.expect("pages");
    // The scenario's second page, once sent again, is the first page's product
    // (legacy/routes/paging.js), then pages 3 to 10.
    let expected: Vec<Product> = [product(), product()].into_iter().chain((3..=10).map(nth)).collect();
    assert_eq!(items, expected);
}

#[tokio::test]
async fn paging_single_with_body_params() {
    // A `GET` with a body, which every page's call carries.
    let body = BodyParam { name: Some("body".into()) };
    let items: Vec<Product> =
        client().paging_get_single_pages_with_body_params(body).stream().try_collect().await.expect("pages");
    assert_eq!(items, vec![product()]);
}

#[tokio::test]
async fn paging_return_model_with_xms_client_name() {
    // The page's `values` is named `indexes` by `x-ms-client-name`.
    let r = client().paging_get_paging_model_with_item_name_with_xms_client_name().await.expect("call");
    let expect = ProductResultValueWithXmsClientName { indexes: Some(vec![product()]), next_link: None };
    assert_eq!(*r, PagingGetPagingModelWithItemNameWithXmsClientNameResponse::Ok(expect));
}

#[tokio::test]
async fn paging_duplicate_params() {
    // The next link carries its own `$filter`, which replaces the one the first call sent.
    let items: Vec<Product> =
        client().paging_duplicate_params().filter("foo").stream().try_collect().await.expect("pages");
    assert_eq!(items, vec![product()]);
}

#[tokio::test]
async fn paging_dont_send_max_page_size() {
    let items: Vec<Product> = client().paging_page_with_max_page_size().stream().try_collect().await.expect("pages");
    assert_eq!(items, Vec::<Product>::new());
}
