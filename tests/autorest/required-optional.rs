//! required-optional.json against the AutoRest test server
//! (`test-routes/required-optional-params/`): one test per scenario, with the values the
//! scenario defines. The "required value not given" scenarios need no test: a required
//! parameter is a method argument of a non-optional type, so a call without it does not
//! compile; the optional ones are sent without their value.

use autorest_required_optional::client::Client;
use autorest_required_optional::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

/// A call the server answers 200 when the optional value was left out as the scenario
/// defines.
macro_rules! ok {
    ($name:ident, $call:expr) => {
        #[tokio::test]
        async fn $name() {
            let r = $call.await.expect("call");
            assert_eq!(r.status(), 200);
        }
    };
}

ok!(optional_implicit_query, client().implicit_put_optional_query());
ok!(optional_implicit_header, client().implicit_put_optional_header());
ok!(optional_implicit_body, client().implicit_put_optional_body());
ok!(optional_global_query, client().implicit_get_optional_global_query());
ok!(implicit_optional_binary_body, client().implicit_put_optional_binary_body());
ok!(explicit_optional_binary_body, client().explicit_put_optional_binary_body());
ok!(explicit_required_binary_body, client().explicit_put_required_binary_body(vec![1, 2, 3].into()));

ok!(optional_integer_parameter, client().explicit_post_optional_integer_parameter());
ok!(
    optional_integer_property,
    client().explicit_post_optional_integer_property().body(IntOptionalWrapper { value: None })
);
ok!(optional_integer_header, client().explicit_post_optional_integer_header());
ok!(optional_string_parameter, client().explicit_post_optional_string_parameter());
ok!(
    optional_string_property,
    client().explicit_post_optional_string_property().body(StringOptionalWrapper { value: None })
);
ok!(optional_string_header, client().explicit_post_optional_string_header());
ok!(optional_class_parameter, client().explicit_post_optional_class_parameter());
ok!(
    optional_class_property,
    client().explicit_post_optional_class_property().body(ClassOptionalWrapper { value: None })
);
ok!(optional_array_parameter, client().explicit_post_optional_array_parameter());
ok!(
    optional_array_property,
    client().explicit_post_optional_array_property().body(ArrayOptionalWrapper { value: None })
);
ok!(optional_array_header, client().explicit_post_optional_array_header());
