//! url.json against the AutoRest test server (`routes/paths.js`, `routes/queries.js`): one
//! test per scenario, with the values the scenario defines. AutoRest's constant path and
//! query values (required one-value enums) are one-variant enums here.

use autorest_url::client::Client;
use autorest_url::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

/// A call the server answers 200 when the value arrived as the scenario defines.
macro_rules! ok {
    ($name:ident, $call:expr) => {
        #[tokio::test]
        async fn $name() {
            let r = $call.await.expect("call");
            assert_eq!(r.status(), 200);
        }
    };
}

const ENCODED: &str = "begin!*'();:@ &=+$,/?#[]end";

ok!(url_path_bool_true, client().paths_get_boolean_true(true));
ok!(url_path_bool_false, client().paths_get_boolean_false(false));
ok!(url_path_int_positive, client().paths_get_int_one_million(PathsGetIntOneMillionIntPath::V1000000));
ok!(
    url_path_int_negative,
    client().paths_get_int_negative_one_million(PathsGetIntNegativeOneMillionIntPath::Minus1000000)
);
ok!(url_path_long_positive, client().paths_get_ten_billion(PathsGetTenBillionLongPath::V10000000000));
ok!(
    url_path_long_negative,
    client().paths_get_negative_ten_billion(PathsGetNegativeTenBillionLongPath::Minus10000000000)
);
ok!(url_path_float_positive, client().paths_float_scientific_positive(1.034e20));
ok!(url_path_float_negative, client().paths_float_scientific_negative(-1.034e-20));
ok!(url_path_double_positive, client().paths_double_decimal_positive(9999999.999));
ok!(url_path_double_negative, client().paths_double_decimal_negative(-9999999.999));
ok!(url_path_string_unicode, client().paths_string_unicode(PathsStringUnicodeStringPath::AZhaKaoPoGuInNangInWu));
ok!(url_path_string_url_encoded, client().paths_string_url_encoded(PathsStringUrlEncodedStringPath::BeginEnd));
ok!(url_path_enum_valid, client().paths_enum_valid(UriColor::GreenColor));
ok!(url_path_date_valid, client().paths_date_valid(DatePath::V20120101));
ok!(url_path_date_time_valid, client().paths_date_time_valid(DateTimePath::V20120101t010101z));
// `format: base64url` is text here: the caller encodes `lorem`.
ok!(url_path_base64_url, client().paths_base64_url("bG9yZW0"));
ok!(url_path_unix_time, client().paths_unix_time_url(1_460_505_600));
ok!(url_path_array_csv_valid, client().paths_array_csv_in_path(["ArrayPath1", ENCODED, "", ""].map(String::from)));

ok!(url_query_bool_true, client().queries_get_boolean_true(true));
ok!(url_query_bool_false, client().queries_get_boolean_false(false));
ok!(url_query_bool_null, client().queries_get_boolean_null());
ok!(url_query_int_positive, client().queries_get_int_one_million(PathsGetIntOneMillionIntPath::V1000000));
ok!(url_query_int_null, client().queries_get_int_null());
ok!(url_query_long_positive, client().queries_get_ten_billion(PathsGetTenBillionLongPath::V10000000000));
ok!(url_query_float_positive, client().queries_float_scientific_positive(1.034e20));
ok!(url_query_float_negative, client().queries_float_scientific_negative(-1.034e-20));
ok!(url_query_double_positive, client().queries_double_decimal_positive(9999999.999));
ok!(url_query_double_negative, client().queries_double_decimal_negative(-9999999.999));
ok!(url_query_string_unicode, client().queries_string_unicode(PathsStringUnicodeStringPath::AZhaKaoPoGuInNangInWu));
ok!(url_query_string_url_encoded, client().queries_string_url_encoded(PathsStringUrlEncodedStringPath::BeginEnd));
ok!(url_query_string_empty, client().queries_string_empty(PathsStringEmptyStringPath::Empty));
ok!(url_query_string_null, client().queries_string_null());
ok!(url_query_enum_valid, client().queries_enum_valid().enum_query(UriColor::GreenColor));
ok!(url_query_enum_null, client().queries_enum_null());
ok!(url_query_date_valid, client().queries_date_valid(DatePath::V20120101));
ok!(url_query_date_time_valid, client().queries_date_time_valid(DateTimePath::V20120101t010101z));
ok!(
    url_queries_array_csv_valid,
    client().queries_array_string_csv_valid().array_query(["ArrayQuery1", ENCODED, "", ""].map(String::from))
);
ok!(url_queries_array_csv_null, client().queries_array_string_csv_null());
ok!(url_queries_array_csv_empty, client().queries_array_string_csv_empty().array_query(Vec::new()));
/// spaceDelimited cannot carry an item with a space (the scenario's second item has one):
/// the client refuses to send what the server would split wrongly.
#[tokio::test]
async fn url_queries_array_ssv_valid() {
    let items = ["ArrayQuery1", ENCODED, "", ""].map(String::from);
    let r = client().queries_array_string_ssv_valid().array_query(items).await;
    assert!(r.is_err(), "{r:?}");
}
// `collectionFormat: tsv` has no 3.0 style: the parameter is one string, joined by tabs.
ok!(
    url_queries_array_tsv_valid,
    client().queries_array_string_tsv_valid().array_query(["ArrayQuery1", ENCODED, "", ""].join("\t"))
);
ok!(
    url_queries_array_pipes_valid,
    client().queries_array_string_pipes_valid().array_query(["ArrayQuery1", ENCODED, "", ""].map(String::from))
);

/// The UTF-8 bytes of the server's `MULTIBYTE_BUFFER` (CJK compatibility ideographs among
/// them, written as escapes so that no editor normalises them), which the server reads as base64 (whose `+`
/// and `/` the path and query encode).
fn multibyte() -> autorest_url::Base64 {
    autorest_url::Base64(
        "\u{554a}\u{9f44}\u{4e02}\u{72db}\u{72dc}\u{f9f1}\u{f92c}\u{f9f1}\u{fa0c}\u{fa29}".as_bytes().to_vec(),
    )
}

ok!(url_path_byte_multibyte, client().paths_byte_multi_byte(multibyte()));
ok!(url_query_byte_multibyte, client().queries_byte_multi_byte().byte_query(multibyte()));
ok!(url_query_byte_null, client().queries_byte_null());
