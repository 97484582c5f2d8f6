//! The string formats whose text stands for another value, read strictly and written in
//! their canonical form: `format: byte` (base64 bytes), `format: duration` (an ISO 8601
//! duration) and AutoRest's `format: date-time-rfc1123` (an HTTP date). Malformed text is
//! a decode error (a 400 on the server), never a string passed on as if it were valid.

use std::fmt;
use std::str::FromStr;

use base64::Engine;

use crate::ParseError;

/// Reads through `FromStr` and writes through `Display`, so JSON, forms, parameters and
/// headers all see one text form.
macro_rules! serde_as_text {
    ($t:ty, $expected:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Text;
                impl serde::de::Visitor<'_> for Text {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expected)
                    }
                    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<$t, E> {
                        s.parse().map_err(|_| E::invalid_value(serde::de::Unexpected::Str(s), &self))
                    }
                }
                deserializer.deserialize_str(Text)
            }
        }
    };
}

/// Bytes written as base64 (`format: byte`; RFC 4648 §4, the standard alphabet). Read
/// with or without its `=` padding and with pad bits that are not zero (Mux's example
/// `abcd123=`: RFC 4648 §3.5 lets a decoder refuse them, and JSON Schema's validators,
/// Prism's and schemathesis's among them, take such text as `byte`), refusing any other
/// character; written padded, its pad bits zero.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

/// The standard alphabet, strict about everything but whether the padding is there and
/// the pad bits.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&BASE64.encode(&self.0))
    }
}

impl FromStr for Base64 {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        BASE64.decode(s).map(Self).map_err(|_| ParseError::new("base64 value", s, &[]))
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl std::ops::Deref for Base64 {
    type Target = Vec<u8>;

    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

serde_as_text!(Base64, "base64 text");

/// An ISO 8601 duration (`format: duration`): `P3Y6M4DT12H30M5S`, `PT0.5S`, `P2W`. The
/// `iso8601` crate reads it; the whole text must be one duration (the crate alone stops
/// where a duration ends and leaves the rest). Seconds keep three decimals. Written in
/// the crate's canonical form (`P0D` for nothing, zero parts left out).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IsoDuration(pub iso8601::Duration);

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for IsoDuration {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        match iso8601::parsers::parse_duration(s.as_bytes()) {
            Ok((b"", duration)) => Ok(Self(duration)),
            _ => Err(ParseError::new("ISO 8601 duration", s, &[])),
        }
    }
}

impl std::hash::Hash for IsoDuration {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.0 {
            iso8601::Duration::YMDHMS { year, month, day, hour, minute, second, millisecond } => {
                [year, month, day, hour, minute, second, millisecond].hash(state)
            }
            iso8601::Duration::Weeks(weeks) => weeks.hash(state),
        }
    }
}

serde_as_text!(IsoDuration, "an ISO 8601 duration");

/// A time written as an HTTP date (`format: date-time-rfc1123`, AutoRest's): `Fri, 31 Dec
/// 9999 23:59:59 GMT`. Read case-insensitively, with a one- or two-digit day, a
/// four-digit year and a weekday that must be the date's; written with a two-digit day.
/// chrono, not `httpdate`: an HTTP date's year may be before 1970 (`Mon, 01 Jan 0001`),
/// which `httpdate`'s `SystemTime` cannot hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rfc1123(pub chrono::DateTime<chrono::Utc>);

const RFC1123: &str = "%a, %d %b %Y %H:%M:%S";

impl fmt::Display for Rfc1123 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} GMT", self.0.format(RFC1123))
    }
}

impl FromStr for Rfc1123 {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::new("RFC 1123 date-time", s, &[]);
        let split = s.len().checked_sub(4).filter(|n| s.is_char_boundary(*n)).ok_or_else(bad)?;
        let (time, zone) = s.split_at(split);
        // chrono's `%Y` would also take a fifth digit or a sign (`Sat, 1 Jan 10000`).
        let year = time.split(' ').nth(3);
        if !zone.eq_ignore_ascii_case(" GMT") || year.is_none_or(|y| y.len() != 4) {
            return Err(bad());
        }
        chrono::NaiveDateTime::parse_from_str(time, RFC1123).map(|t| Self(t.and_utc())).map_err(|_| bad())
    }
}

impl From<chrono::DateTime<chrono::Utc>> for Rfc1123 {
    fn from(time: chrono::DateTime<chrono::Utc>) -> Self {
        Self(time)
    }
}

serde_as_text!(Rfc1123, "an RFC 1123 date-time");

#[cfg(test)]
mod tests {
    use super::*;

    /// Each format: text that reads and writes back as itself, text that reads and writes
    /// back canonical, and text that does not read.
    #[test]
    fn formats_read_strictly_and_write_canonically() {
        fn check<T: FromStr + fmt::Display>(same: &[&str], canonical: &[(&str, &str)], bad: &[&str]) {
            for text in same {
                assert_eq!(text.parse::<T>().ok().map(|v| v.to_string()).as_deref(), Some(*text), "{text}");
            }
            for (text, written) in canonical {
                assert_eq!(text.parse::<T>().ok().map(|v| v.to_string()).as_deref(), Some(*written), "{text}");
            }
            for text in bad {
                assert!(text.parse::<T>().is_err(), "{text}");
            }
        }
        check::<Base64>(
            &["", "//79/Pv6+fj39g==", "AP8NCi0t"],
            &[("//79/Pv6+fj39g", "//79/Pv6+fj39g==")],
            &["::::SWAGGER::::", "_-8", "YQ=a"],
        );
        check::<IsoDuration>(
            &["P3Y6M4DT12H30M5S", "P123DT22H14M12.011S", "P2W", "P0D"],
            &[("PT0S", "P0D")],
            &["123ABC", "P", "P1DX", "P1D2W", ""],
        );
        check::<Rfc1123>(
            &["Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"],
            &[
                ("fri, 31 dec 9999 23:59:59 gmt", "Fri, 31 Dec 9999 23:59:59 GMT"),
                ("Mon, 1 Jan 0001 00:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"),
            ],
            &[
                "Tue, 01 Dec 2000 00:00:0A ABC",
                "Sat, 1 Jan 10000 00:00:00 GMT",
                "Tue, 00 Jan 0000 00:00:00 GMT",
                "Sun, 31 Dec 9999 23:59:59 GMT",
                "Fri, 31 Dec 9999 23:59:59 +0000",
                "GMT",
            ],
        );
    }

    #[test]
    fn json_reads_and_writes_the_text() {
        let bytes: Base64 = serde_json::from_str("\"AP8=\"").expect("base64");
        assert_eq!(bytes.0, [0, 255]);
        assert_eq!(serde_json::to_string(&bytes).expect("json"), "\"AP8=\"");
        // Pad bits that are not zero (Mux's `abcd123=`) read; the text written has them zero.
        let loose: Base64 = serde_json::from_str("\"abcd123=\"").expect("non-zero pad bits");
        assert_eq!(loose.to_string(), "abcd120=");
        assert!(serde_json::from_str::<Base64>("\"abc*\"").is_err());
        assert!(serde_json::from_str::<IsoDuration>("\"123ABC\"").is_err());
        assert!(serde_json::from_str::<Rfc1123>("5").is_err());
    }
}
