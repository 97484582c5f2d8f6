//! body-formdata.json against the AutoRest test server (`routes/formData.js`,
//! `test-routes/formdata.ts`): one test per scenario, with the values the scenario defines.
//! The spec's `in: formData` parameters (a `type: file` among them) are a multipart body.

use autorest_body_formdata::File;
use autorest_body_formdata::client::Client;
use autorest_body_formdata::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

const CONTENT: &[u8] = b"Test file content";

/// The server echoes the uploaded file, with no `Content-Type`: the client refuses a body
/// of a media type the spec does not declare, and keeps its bytes in the error.
#[tokio::test]
async fn formdata_stream_upload_file() {
    let body = FormdataUploadFileBody {
        file_content: File::new(CONTENT).with_filename("UploadFile.txt"),
        file_name: "UploadFile.txt".into(),
    };
    let r = client().formdata_upload_file(body).await;
    let error = r.expect_err("no Content-Type, which the spec does not declare");
    assert_eq!(error.body(), Some(CONTENT));
}

/// The server echoes the body as `application/text`, which the spec does not declare.
#[tokio::test]
async fn stream_upload_file() {
    let r = client().formdata_upload_file_via_body(CONTENT.into()).await;
    let error = r.expect_err("application/text, which the spec does not declare");
    assert_eq!(error.body(), Some(CONTENT));
}
