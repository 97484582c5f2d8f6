//! Parsing values: one function per kind of value; the generated code picks the one for
//! each parameter's type. Each says what it wanted in its error, which becomes the
//! rejection's message.

use std::fmt;
use std::str::FromStr;

/// Text, as is.
pub fn text(s: &str) -> Result<String, String> {
    Ok(s.to_owned())
}

/// An integer in decimal (`i32` or `i64`).
pub fn integer<T: FromStr>(s: &str) -> Result<T, String>
where
    T::Err: fmt::Display,
{
    s.parse().map_err(|e| format!("`{s}` is not an integer: {e}"))
}

/// A finite number (`f32` or `f64`).
pub fn number<T: FromStr + Into<f64> + Copy>(s: &str) -> Result<T, String> {
    match s.parse::<T>() {
        Ok(n) if n.into().is_finite() => Ok(n),
        _ => Err(format!("`{s}` is not a finite number")),
    }
}

/// `true` or `false`.
pub fn boolean(s: &str) -> Result<bool, String> {
    s.parse().map_err(|_| format!("`{s}` is not `true` or `false`"))
}

/// A date, exactly `YYYY-MM-DD`. chrono alone would also take `2022-1-5` or a signed year.
pub fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    let bytes = s.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    let date = shaped.then(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).flatten();
    date.ok_or_else(|| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

/// An RFC 3339 date-time (`2021-01-20T14:13:35Z`), in UTC.
pub fn date_time(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|_| format!("`{s}` is not an RFC 3339 date-time"))
}

/// Text of at least `min` and at most `max` characters (`minLength`, `maxLength`).
pub fn length(text: String, min: Option<u64>, max: Option<u64>) -> Result<String, String> {
    let n = text.chars().count() as u64;
    if min.is_some_and(|min| n < min) || max.is_some_and(|max| n > max) {
        let (min, max) = (min.unwrap_or(0), max.map_or_else(|| "any".to_owned(), |m| m.to_string()));
        return Err(format!("`{text}` has {n} characters; it must have {min} to {max}"));
    }
    Ok(text)
}

/// Text of `format: uuid`: 32 hexadecimal digits in groups of 8, 4, 4, 4 and 12 (RFC
/// 9562's form), kept as written.
pub fn uuid(s: &str) -> Result<String, String> {
    let groups: Vec<&str> = s.split('-').collect();
    let shaped = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    if shaped { Ok(s.to_owned()) } else { Err(format!("`{s}` is not a UUID")) }
}

/// `value`, when it keeps the parameter's `minimum` and `maximum` (each `(bound,
/// exclusive)`).
pub fn bounded<T: PartialOrd + fmt::Display>(
    value: T,
    minimum: Option<(T, bool)>,
    maximum: Option<(T, bool)>,
) -> Result<T, String> {
    if let Some((min, exclusive)) = minimum {
        if value < min || (exclusive && value == min) {
            let least = if exclusive { "more than" } else { "at least" };
            return Err(format!("`{value}` is out of bounds: it must be {least} {min}"));
        }
    }
    if let Some((max, exclusive)) = maximum {
        if value > max || (exclusive && value == max) {
            let most = if exclusive { "less than" } else { "at most" };
            return Err(format!("`{value}` is out of bounds: it must be {most} {max}"));
        }
    }
    Ok(value)
}

/// A value of a generated enum or union, through its `FromStr`.
pub fn from_str<T: FromStr>(s: &str) -> Result<T, String>
where
    T::Err: fmt::Display,
{
    s.parse().map_err(|e: T::Err| e.to_string())
}

/// A value with no text form of its own (an object, say), written as JSON.
pub fn json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    json_text(s.as_bytes()).map_err(|e| format!("`{s}` is not valid JSON for this parameter: {e}"))
}

/// JSON text of a parameter or a part read as `T`; a failure inside the value says where
/// (`at `range`: invalid type: sequence, expected struct FilterRange`), as a body's
/// rejection names its path. Read while the request is read strictly, a struct at any
/// depth comes from a JSON object only (the models' `ObjectOnly`).
pub(super) fn json_text<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| match e.path().to_string() {
        path if path == "." => e.into_inner().to_string(),
        path => format!("at `{path}`: {}", e.into_inner()),
    })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters() {
        assert_eq!(length("éé".to_owned(), Some(2), Some(2)).as_deref(), Ok("éé"));
        assert!(length("a".to_owned(), Some(2), None).is_err());
        assert!(length("abc".to_owned(), None, Some(2)).is_err());
    }

    #[test]
    fn uuids_are_five_groups_of_hex() {
        assert_eq!(uuid("123e4567-e89b-12d3-a456-426614174000").as_deref(), Ok("123e4567-e89b-12d3-a456-426614174000"));
        for bad in ["null,null", "", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"] {
            assert!(uuid(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds_hold_at_each_end() {
        assert_eq!(bounded(1, Some((1, false)), Some((100, false))), Ok(1));
        assert_eq!(bounded(100, Some((1, false)), Some((100, false))), Ok(100));
        assert!(bounded(0, Some((1, false)), None).is_err());
        assert!(bounded(101, None, Some((100, false))).is_err());
        assert!(bounded(1.0, Some((1.0, true)), None).is_err());
        assert!(bounded(2.5, None, Some((2.5, true))).is_err());
        assert_eq!(bounded(-7, None, None), Ok(-7));
    }

    #[test]
    fn dates_are_exactly_iso() {
        assert!(date("2022-01-31").is_ok());
        for bad in ["2022-1-31", "+2022-01-31", "2022-02-30", "2022-01-31T00:00:00Z", " 2022-01-31"] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }
}
