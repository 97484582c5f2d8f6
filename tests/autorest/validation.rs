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

/// AutoRest's generated clients refuse, before sending, a call whose arguments break the
/// spec's constraints, naming the parameter (or body property) and the keyword; the
/// scenario is that nothing reaches the server. These are AutoRest's own cases
/// (`test_validation` of its Python generator: min and max length, pattern, multiple,
/// minimum, maximum, exclusive bounds, max items and the API version's pattern).
fn refused(r: Result<impl std::fmt::Debug, autorest_validation::client::Error>, target: &str, constraint: &str) {
    match r {
        Err(autorest_validation::client::Error::Constraint(e)) => {
            assert_eq!((e.target(), e.constraint()), (target, constraint), "{e}");
        }
        other => panic!("expected `{target}` refused by `{constraint}`: {other:?}"),
    }
}

#[tokio::test]
async fn validation_of_method_parameters_is_client_side() {
    let r = client().validation_of_method_parameters("123", "1234567890A", 100, "12-34-5678").await;
    refused(r, "resourceGroupName", "maxLength");
    let r = client().validation_of_method_parameters("123", "1", 100, "12-34-5678").await;
    refused(r, "resourceGroupName", "minLength");
    let r = client().validation_of_method_parameters("123", "!@#$", 100, "12-34-5678").await;
    refused(r, "resourceGroupName", "pattern");
    let r = client().validation_of_method_parameters("123", "123", 105, "12-34-5678").await;
    refused(r, "id", "multipleOf");
    let r = client().validation_of_method_parameters("123", "123", 0, "12-34-5678").await;
    refused(r, "id", "minimum");
    let r = client().validation_of_method_parameters("123", "123", 2000, "12-34-5678").await;
    refused(r, "id", "maximum");
    let r = client().validation_of_method_parameters("123", "123", 150, "abc").await;
    refused(r, "apiVersion", "pattern");
}

#[tokio::test]
async fn validation_of_body_is_client_side() {
    let with = |f: fn(&mut Product)| {
        let mut p = product();
        f(&mut p);
        p
    };
    let r = client().validation_of_body("123", "123", 150, "12-34-5678").body(with(|p| p.capacity = Some(0))).await;
    refused(r, "body.capacity", "exclusiveMinimum");
    let r = client().validation_of_body("123", "123", 150, "12-34-5678").body(with(|p| p.capacity = Some(100))).await;
    refused(r, "body.capacity", "exclusiveMaximum");
    let names = |p: &mut Product| p.display_names = Some((1..=7).map(|i| format!("item{i}")).collect());
    let r = client().validation_of_body("123", "123", 150, "12-34-5678").body(with(names)).await;
    refused(r, "body.display_names", "maxItems");
    let twice = |p: &mut Product| p.display_names = Some(vec!["a".into(), "a".into()]);
    let r = client().validation_of_body("123", "123", 150, "12-34-5678").body(with(twice)).await;
    refused(r, "body.display_names", "uniqueItems");
    let image = |p: &mut Product| p.image = Some("ftp://x".into());
    let r = client().validation_of_body("123", "123", 150, "12-34-5678").body(with(image)).await;
    refused(r, "body.image", "pattern");
}

/// Turned off, the check leaves the server to judge: it answers the over-long name with
/// an error, not the client.
#[tokio::test]
async fn validation_can_be_left_to_the_server() {
    let url = std::env::var("AUTOREST_URL").expect("AUTOREST_URL");
    let client = Client::builder(&url).client_side_validation(false).build().expect("client");
    let r = client.validation_of_method_parameters("123", "1234567890A", 100, "12-34-5678").await;
    assert!(!matches!(r, Err(autorest_validation::client::Error::Constraint(_))), "{r:?}");
}
