//! header.json against the AutoRest test server (`routes/header.js`): one test per
//! scenario, with the values the scenario defines, for the parameters sent and the
//! response headers read.

use autorest_header::client::Client;
use autorest_header::models::*;
use chrono::{DateTime, NaiveDate, Utc};

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).expect("a time").with_timezone(&Utc)
}

/// Sends a header parameter and expects the server's 200.
macro_rules! sent {
    ($name:ident, $call:expr) => {
        #[tokio::test]
        async fn $name() {
            let r = $call.await.expect("call");
            assert_eq!(r.status(), 200);
        }
    };
}

sent!(header_parameter_existing_key, client().header_param_existing_key("overwrite"));
sent!(header_parameter_integer_positive, client().header_param_integer("positive", 1));
sent!(header_parameter_integer_negative, client().header_param_integer("negative", -2));
sent!(header_parameter_long_positive, client().header_param_long("positive", 105));
sent!(header_parameter_long_negative, client().header_param_long("negative", -2));
sent!(header_parameter_float_positive, client().header_param_float("positive", 0.07));
sent!(header_parameter_float_negative, client().header_param_float("negative", -3.0));
sent!(header_parameter_double_positive, client().header_param_double("positive", 7e120));
sent!(header_parameter_double_negative, client().header_param_double("negative", -3.0));
sent!(header_parameter_bool_true, client().header_param_bool("true", true));
sent!(header_parameter_bool_false, client().header_param_bool("false", false));
sent!(
    header_parameter_string_valid,
    client().header_param_string("valid").value("The quick brown fox jumps over the lazy dog")
);
sent!(header_parameter_string_null, client().header_param_string("null"));
sent!(header_parameter_string_empty, client().header_param_string("empty").value(""));
sent!(header_parameter_date_valid, client().header_param_date("valid", date(2010, 1, 1)));
sent!(header_parameter_date_min, client().header_param_date("min", date(1, 1, 1)));
sent!(header_parameter_date_time_valid, client().header_param_datetime("valid", at("2010-01-01T12:34:56Z")));
sent!(header_parameter_date_time_min, client().header_param_datetime("min", at("0001-01-01T00:00:00Z")));
sent!(
    header_parameter_duration_valid,
    client().header_param_duration("valid", "P123DT22H14M12.011S".parse().expect("a duration"))
);
sent!(
    header_parameter_date_time_rfc1123_valid,
    client().header_param_datetime_rfc1123("valid").value("Fri, 01 Jan 2010 12:34:56 GMT".parse().expect("a time"))
);
sent!(
    header_parameter_date_time_rfc1123_min,
    client().header_param_datetime_rfc1123("min").value("Mon, 01 Jan 0001 00:00:00 GMT".parse().expect("a time"))
);
/// The UTF-8 bytes of the server's `MULTIBYTE_BUFFER` (CJK compatibility ideographs among
/// them, written as escapes so that no editor normalises them), which the server reads as base64.
fn multibyte() -> autorest_header::Base64 {
    autorest_header::Base64(
        "\u{554a}\u{9f44}\u{4e02}\u{72db}\u{72dc}\u{f9f1}\u{f92c}\u{f9f1}\u{fa0c}\u{fa29}".as_bytes().to_vec(),
    )
}
sent!(header_parameter_bytes_valid, client().header_param_byte("valid", multibyte()));
sent!(header_parameter_enum_valid, client().header_param_enum("valid").value(GreyscaleColors::Grey));
sent!(header_parameter_enum_null, client().header_param_enum("null"));

/// Reads the `value` header of a response.
macro_rules! received {
    ($name:ident, $call:expr, $variant:path, $expect:expr) => {
        #[tokio::test]
        async fn $name() {
            let r = $call.await.expect("call");
            let $variant { headers } = &*r else { panic!("{r:?}") };
            assert_eq!(headers.value, $expect);
        }
    };
}

received!(
    header_response_integer_positive,
    client().header_response_integer("positive"),
    HeaderResponseIntegerResponse::Ok,
    Some(1)
);
received!(
    header_response_integer_negative,
    client().header_response_integer("negative"),
    HeaderResponseIntegerResponse::Ok,
    Some(-2)
);
received!(
    header_response_long_positive,
    client().header_response_long("positive"),
    HeaderResponseLongResponse::Ok,
    Some(105)
);
received!(
    header_response_long_negative,
    client().header_response_long("negative"),
    HeaderResponseLongResponse::Ok,
    Some(-2)
);
received!(
    header_response_float_positive,
    client().header_response_float("positive"),
    HeaderResponseFloatResponse::Ok,
    Some(0.07)
);
received!(
    header_response_double_positive,
    client().header_response_double("positive"),
    HeaderResponseDoubleResponse::Ok,
    Some(7e120)
);
received!(header_response_bool_true, client().header_response_bool("true"), HeaderResponseBoolResponse::Ok, Some(true));
received!(
    header_response_bool_false,
    client().header_response_bool("false"),
    HeaderResponseBoolResponse::Ok,
    Some(false)
);
received!(
    header_response_string_valid,
    client().header_response_string("valid"),
    HeaderResponseStringResponse::Ok,
    Some("The quick brown fox jumps over the lazy dog".into())
);
received!(
    header_response_string_empty,
    client().header_response_string("empty"),
    HeaderResponseStringResponse::Ok,
    None
);
received!(
    header_response_date_valid,
    client().header_response_date("valid"),
    HeaderResponseDateResponse::Ok,
    Some(date(2010, 1, 1))
);
received!(
    header_response_date_min,
    client().header_response_date("min"),
    HeaderResponseDateResponse::Ok,
    Some(date(1, 1, 1))
);
received!(
    header_response_date_time_valid,
    client().header_response_datetime("valid"),
    HeaderResponseDatetimeResponse::Ok,
    Some(at("2010-01-01T12:34:56Z"))
);
received!(
    header_response_date_time_rfc1123_valid,
    client().header_response_datetime_rfc1123("valid"),
    HeaderResponseDatetimeRfc1123Response::Ok,
    Some("Fri, 01 Jan 2010 12:34:56 GMT".parse().expect("a time"))
);
received!(
    header_response_enum_valid,
    client().header_response_enum("valid"),
    HeaderResponseEnumResponse::Ok,
    Some(GreyscaleColors::Grey)
);

#[tokio::test]
async fn header_response_existing_key() {
    let r = client().header_response_existing_key().await.expect("call");
    let HeaderResponseExistingKeyResponse::Ok { headers } = &*r else { panic!("{r:?}") };
    assert_eq!(headers.user_agent.as_deref(), Some("overwrite"));
}
received!(
    header_response_date_time_rfc1123_min,
    client().header_response_datetime_rfc1123("min"),
    HeaderResponseDatetimeRfc1123Response::Ok,
    Some("Mon, 01 Jan 0001 00:00:00 GMT".parse().expect("a time"))
);
received!(
    header_response_duration_valid,
    client().header_response_duration("valid"),
    HeaderResponseDurationResponse::Ok,
    Some("P123DT22H14M12.011S".parse().expect("a duration"))
);
received!(
    header_response_bytes_valid,
    client().header_response_byte("valid"),
    HeaderResponseByteResponse::Ok,
    Some(multibyte())
);
