//! validation.json against the AutoRest test server (`routes/validation.js`): one test per
//! scenario, with the values the scenario defines. AutoRest's constants (required
//! one-value enums) are one-variant enums here, set like any other value.

use autorest_validation::client::Client;
use autorest_validation::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

fn product() -> Product {
    Product {
        display_names: None,
        capacity: None,
        image: None,
        child: ChildProduct { const_property: ConstantParam::Constant, count: None },
        const_child: ConstantProduct {
            const_property: ConstantParam::Constant,
            const_property2: ConstantProductConstProperty2::Constant2,
        },
        const_int: ProductConstInt::V0,
        const_string: ConstantParam::Constant,
        const_string_as_enum: None,
    }
}

#[tokio::test]
async fn constants_in_path() {
    let r = client().get_with_constant_in_path(ConstantParam::Constant).await.expect("call");
    assert_eq!(*r, GetWithConstantInPathResponse::Ok);
}

#[tokio::test]
async fn constants_in_body() {
    let r = client().post_with_constant_in_body(ConstantParam::Constant).body(product()).await.expect("call");
    assert_eq!(*r, PostWithConstantInBodyResponse::Ok(product()));
}

/// AutoRest's generated clients refuse a `resourceGroupName` longer than `maxLength: 10`
/// before sending; the scenario is that nothing reaches the server.
#[tokio::test]
#[ignore = "the generated client does not check `maxLength`/`pattern`/`minimum` before sending; the server does"]
async fn validation_of_method_parameters_is_client_side() {
    let r = client().validation_of_method_parameters("123", "1234567890A", 100, "12.34.5").await;
    assert!(r.is_err(), "{r:?}");
}
