//! body-file.json against the AutoRest test server (`routes/files.js`): one test per
//! scenario, with the values the scenario defines. A `type: file` response is bytes.

use autorest_body_file::client::Client;
use autorest_body_file::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

/// The file the server sends: its `routes/sample.png`.
fn sample() -> Vec<u8> {
    let dir = std::env::var("AUTOREST_SERVER_DIR").expect("AUTOREST_SERVER_DIR");
    std::fs::read(std::path::Path::new(&dir).join("legacy/routes/sample.png")).expect("sample.png")
}

#[tokio::test]
async fn file_stream_nonempty() {
    let r = client().files_get_file().await.expect("call");
    let FilesGetFileResponse::Ok(FilesGetFileOkMedia::ImagePng(bytes)) = &*r else { panic!("{r:?}") };
    assert_eq!(bytes.as_ref(), sample().as_slice());
}

/// The server answers the empty file without a `Content-Type`: the client refuses a body
/// of a media type the spec does not declare, and keeps its (no) bytes in the error.
#[tokio::test]
async fn file_stream_empty() {
    let r = client().files_get_empty_file().await;
    let error = r.expect_err("no Content-Type, which the spec does not declare");
    assert_eq!(error.body(), Some(&[][..]));
}

#[tokio::test]
async fn file_stream_very_large() {
    // 3,000 MiB, read a chunk at a time through the binary response's streaming call, so
    // that it is never held whole.
    let mut response = client().files_get_file_large().send_streaming().await.expect("call");
    assert_eq!(response.status(), 200);
    let mut total = 0u64;
    while let Some(chunk) = response.chunk().await.expect("a chunk") {
        total += chunk.len() as u64;
    }
    assert_eq!(total, 3000 * 1024 * 1024);
}
