//! The spec's constraints on values (`minLength`, `maxLength`, `pattern`, `minimum`,
//! `maximum`, `multipleOf`, `minItems`, `maxItems`, `uniqueItems`, `minProperties`,
//! `maxProperties`, and the formats kept as
//! text: `uuid`, `email`, `uri`, `uri-reference`, `ipv4`, `ipv6`, `hostname`), checked by
//! the client before it sends and by the server after it reads a request's parameters and
//! body: one check for both, so they agree on what is valid. A value that breaks one is a [`ConstraintError`] naming the parameter or
//! body property and the keyword; the client sends nothing, the server answers 400.

use std::collections::BTreeMap;

use crate::ConstraintError;

/// One value's constraints, as the spec writes them; `Rules::NONE` checks nothing.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A regular expression the text must contain a match of (JSON Schema's patterns are
    /// not anchored), one the generator checked the crate's `patterns` module reads.
    pub pattern: Option<&'static str>,
    /// The least value, and whether it is itself excluded.
    pub minimum: Option<(f64, bool)>,
    /// The greatest value, and whether it is itself excluded.
    pub maximum: Option<(f64, bool)>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// A map's least and greatest number of entries (`minProperties`, `maxProperties`).
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// A format the text must have (`uuid`, `email`, `uri`, `uri-reference`, `ipv4`, `ipv6`,
    /// `hostname`, `time`).
    pub format: Option<&'static str>,
    /// Texts the value may not be (`not: {enum: […]}` beside `type: string`).
    pub not_texts: &'static [&'static str],
    /// Numbers the value may not be (`not: {enum: […]}` beside a number type).
    pub not_numbers: &'static [f64],
    /// Booleans the value may not be: the one a boolean's `enum` leaves out (Discourse's
    /// `include_subcategories`, `{type: boolean, enum: [true]}`).
    pub not_booleans: &'static [bool],
}

impl Rules {
    /// No constraint, for `..Rules::NONE`.
    pub const NONE: Rules = Rules {
        min_length: None,
        max_length: None,
        pattern: None,
        minimum: None,
        maximum: None,
        multiple_of: None,
        min_items: None,
        max_items: None,
        unique_items: false,
        min_properties: None,
        max_properties: None,
        format: None,
        not_texts: &[],
        not_numbers: &[],
        not_booleans: &[],
    };

    /// `uniqueItems` alone: the one rule of many array parameters (OData's `$select`,
    /// `$expand` and `$orderby` on every Microsoft Graph collection), so named that each of
    /// their checks reads as one short line.
    pub const UNIQUE_ITEMS: Rules = Rules { unique_items: true, ..Rules::NONE };
}

/// A value that can break [`Rules`]: the keyword it breaks and how.
pub trait Checked {
    /// `Err((keyword, reason))` for the first rule the value breaks.
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)>;
}

/// Checks `value`, the parameter or property `target` (a body property's path, `body.a.b`).
pub fn check<T: Checked + ?Sized>(value: &T, target: &str, rules: &Rules) -> Result<(), ConstraintError> {
    value.broken(rules).map_err(|(constraint, reason)| ConstraintError::new(target, constraint, reason))
}

/// Checks each item of the list or each value of the map `values` (the property
/// `target`) against `rules`; an item's path is `target[i]`, a value's `target.key`.
pub fn each<T: Items + ?Sized>(values: &T, target: &str, rules: &Rules) -> Result<(), ConstraintError> {
    values.each(target, rules)
}

/// Checks each item of the list or each value of the map `values` (the property
/// `target`) with `check_one`, given the item and its path: the items of a list of lists,
/// whose own items have constraints too (OpenAI's `examples`, lists of non-empty strings).
pub fn each_with<T: EachItem + ?Sized>(
    values: &T,
    target: &str,
    check_one: &CheckOne<T::Item>,
) -> Result<(), ConstraintError> {
    values.each_with(target, check_one)
}

/// The check of one item (or value) at its path, for [`each_with`].
pub type CheckOne<T> = dyn Fn(&T, &str) -> Result<(), ConstraintError>;

/// A list or a map whose items or values are checked by a function (see [`each_with`]).
pub trait EachItem {
    type Item;
    fn each_with(&self, at: &str, check_one: &CheckOne<Self::Item>) -> Result<(), ConstraintError>;
}

impl<T> EachItem for Vec<T> {
    type Item = T;
    fn each_with(&self, at: &str, check_one: &CheckOne<T>) -> Result<(), ConstraintError> {
        self.iter().enumerate().try_for_each(|(i, v)| check_one(v, &format!("{at}[{i}]")))
    }
}

impl<T> EachItem for BTreeMap<String, T> {
    type Item = T;
    fn each_with(&self, at: &str, check_one: &CheckOne<T>) -> Result<(), ConstraintError> {
        self.iter().try_for_each(|(k, v)| check_one(v, &member(at, k)))
    }
}

impl<T: EachItem> EachItem for Option<T> {
    type Item = T::Item;
    fn each_with(&self, at: &str, check_one: &CheckOne<T::Item>) -> Result<(), ConstraintError> {
        self.as_ref().map_or(Ok(()), |v| v.each_with(at, check_one))
    }
}

impl<T: EachItem> EachItem for crate::Nullable<T> {
    type Item = T::Item;
    fn each_with(&self, at: &str, check_one: &CheckOne<T::Item>) -> Result<(), ConstraintError> {
        self.as_option().map_or(Ok(()), |v| v.each_with(at, check_one))
    }
}

/// Checks that the optional field `value` (the property `target`) is there: a property
/// `required` and `writeOnly`, which a request must carry and a response leaves out.
pub fn present<T: Presence + ?Sized>(value: &T, target: &str) -> Result<(), ConstraintError> {
    if value.is_present() { Ok(()) } else { Err(ConstraintError::new(target, "required", "is missing".to_owned())) }
}

/// An optional field: whether the property was there.
pub trait Presence {
    fn is_present(&self) -> bool;
}

impl<T> Presence for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

/// A tri-state field is there when it is `null` too.
impl<T> Presence for crate::Nullable<T> {
    fn is_present(&self) -> bool {
        !self.is_absent()
    }
}

/// A list or a map whose items or values the spec constrains (`items: {maxLength: 5}`).
pub trait Items {
    /// Checks each item or value, as [`each`] says.
    fn each(&self, at: &str, rules: &Rules) -> Result<(), ConstraintError>;
}

impl<T: Checked> Items for Vec<T> {
    fn each(&self, at: &str, rules: &Rules) -> Result<(), ConstraintError> {
        self.iter().enumerate().try_for_each(|(i, v)| check(v, &format!("{at}[{i}]"), rules))
    }
}

impl<T: Checked> Items for BTreeMap<String, T> {
    fn each(&self, at: &str, rules: &Rules) -> Result<(), ConstraintError> {
        self.iter().try_for_each(|(k, v)| check(v, &member(at, k), rules))
    }
}

impl<T: Items> Items for Option<T> {
    fn each(&self, at: &str, rules: &Rules) -> Result<(), ConstraintError> {
        self.as_ref().map_or(Ok(()), |v| v.each(at, rules))
    }
}

impl<T: Items> Items for crate::Nullable<T> {
    fn each(&self, at: &str, rules: &Rules) -> Result<(), ConstraintError> {
        self.as_option().map_or(Ok(()), |v| v.each(at, rules))
    }
}

/// A struct whose fields (or whose fields' structs) have constraints.
pub trait Validate {
    /// Checks every constrained field; `at` is the value's own path (`body`).
    fn validate(&self, at: &str) -> Result<(), ConstraintError>;
}

/// The path of a property of the value at `at`.
pub fn member(at: &str, name: &str) -> String {
    format!("{at}.{name}")
}

impl Checked for str {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        let length = || u64::try_from(self.chars().count()).unwrap_or(u64::MAX);
        if let Some(min) = rules.min_length.filter(|min| length() < *min) {
            return Err(("minLength", format!("is shorter than {min} characters")));
        }
        if let Some(max) = rules.max_length.filter(|max| length() > *max) {
            return Err(("maxLength", format!("is longer than {max} characters")));
        }
        if let Some(pattern) = rules.pattern {
            if !crate::patterns::is_match(pattern, self) {
                return Err(("pattern", format!("does not match the pattern `{pattern}`")));
            }
        }
        if rules.not_texts.contains(&self) {
            return Err(("not", "is a value `not` excludes".to_owned()));
        }
        match rules.format {
            Some(format) if !has_format(self, format) => Err(("format", format!("is not a valid `{format}`"))),
            _ => Ok(()),
        }
    }
}

/// Whether `text` has the shape of `format`. Only the shape: a UUID is 32 hexadecimal
/// digits in groups of 8, 4, 4, 4 and 12 (RFC 9562); an email address is a local part, an
/// `@` and a domain, without spaces (RFC 5321's form, not its every quoting rule); a URI
/// is RFC 3986's characters (percent-escapes well formed), after a scheme for `uri`; an
/// IP address is one the standard library reads; a host name is RFC 1123's labels; a time
/// is RFC 3339's `full-time`, as JSON Schema's `time` says. A format the runtime does not
/// know holds of every text.
pub fn has_format(text: &str, format: &str) -> bool {
    match format {
        "uuid" => {
            let groups: Vec<&str> = text.split('-').collect();
            groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "email" => text.rsplit_once('@').is_some_and(|(local, domain)| {
            let plain = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
            plain(local) && plain(domain) && !domain.starts_with('.') && !domain.ends_with('.')
        }),
        "uri" => uri_characters(text) && has_scheme(text),
        "uri-reference" => uri_characters(text),
        // The standard library reads both exactly as RFC 2673 and RFC 4291 write them.
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "hostname" => is_hostname(text),
        "time" => is_time(text),
        _ => true,
    }
}

/// Whether `text` is a host name as RFC 1123 (section 2.1) writes one: dot-separated
/// labels of 1 to 63 letters, digits and hyphens, none starting or ending with a hyphen,
/// 253 characters at most (a final dot, the root's, allowed).
fn is_hostname(text: &str) -> bool {
    let name = text.strip_suffix('.').unwrap_or(text);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Whether `text` is an RFC 3339 `full-time` (`13:45:30Z`, `08:00:00.5+02:00`): a time of
/// day with seconds and an offset. chrono reads only whole date-times by RFC 3339, so the
/// time is read after a fixed date, which no `full-time` can change the reading of.
fn is_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(&format!("1970-01-01T{text}")).is_ok()
}

/// Whether every character is one RFC 3986 allows in a URI, and every `%` starts an escape.
fn uri_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, b)| match b {
        b'%' => bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => true,
        _ => b"-._~:/?#[]@!$&'()*+,;=".contains(b),
    })
}

/// Whether the URI starts with a scheme: a letter, then letters, digits, `+`, `-` or `.`,
/// then `:`.
fn has_scheme(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

impl Checked for String {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        self.as_str().broken(rules)
    }
}

/// A number's bounds and `multipleOf`.
fn number(n: f64, rules: &Rules) -> Result<(), (&'static str, String)> {
    if rules.not_numbers.contains(&n) {
        return Err(("not", "is a value `not` excludes".to_owned()));
    }
    match rules.minimum {
        Some((min, true)) if n <= min => return Err(("exclusiveMinimum", format!("is not greater than {min}"))),
        Some((min, false)) if n < min => return Err(("minimum", format!("is less than {min}"))),
        _ => {}
    }
    match rules.maximum {
        Some((max, true)) if n >= max => return Err(("exclusiveMaximum", format!("is not less than {max}"))),
        Some((max, false)) if n > max => return Err(("maximum", format!("is greater than {max}"))),
        _ => {}
    }
    if let Some(m) = rules.multiple_of {
        // A quotient within a rounding error of a whole number is one (`0.3` of `0.1`).
        let q = n / m;
        if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
            return Err(("multipleOf", format!("is not a multiple of {m}")));
        }
    }
    Ok(())
}

impl Checked for bool {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        if rules.not_booleans.contains(self) {
            return Err(("enum", format!("is `{self}`, which is not one of the enum's values")));
        }
        Ok(())
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            // Bounds are compared as `f64`, as JSON Schema compares numbers.
            fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
                number(*self as f64, rules)
            }
        }
    )*};
}

numbers!(i32, i64, f32, f64);

impl<T: PartialEq> Checked for Vec<T> {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        let count = u64::try_from(self.len()).unwrap_or(u64::MAX);
        if let Some(min) = rules.min_items.filter(|min| count < *min) {
            return Err(("minItems", format!("has fewer than {min} items")));
        }
        if let Some(max) = rules.max_items.filter(|max| count > *max) {
            return Err(("maxItems", format!("has more than {max} items")));
        }
        if rules.unique_items && self.iter().enumerate().any(|(i, a)| self[i + 1..].contains(a)) {
            return Err(("uniqueItems", "holds an item twice".to_owned()));
        }
        Ok(())
    }
}

impl<T> Checked for BTreeMap<String, T> {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        let count = u64::try_from(self.len()).unwrap_or(u64::MAX);
        if let Some(min) = rules.min_properties.filter(|min| count < *min) {
            return Err(("minProperties", format!("has fewer than {min} properties")));
        }
        match rules.max_properties.filter(|max| count > *max) {
            Some(max) => Err(("maxProperties", format!("has more than {max} properties"))),
            None => Ok(()),
        }
    }
}

/// An absent value breaks nothing: `required` is the type's to say.
impl<T: Checked> Checked for Option<T> {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        self.as_ref().map_or(Ok(()), |v| v.broken(rules))
    }
}

impl<T: Checked> Checked for crate::Nullable<T> {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        self.as_option().map_or(Ok(()), |v| v.broken(rules))
    }
}

impl<T: Checked> Checked for crate::Secret<T> {
    fn broken(&self, rules: &Rules) -> Result<(), (&'static str, String)> {
        self.expose().broken(rules)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, at: &str) -> Result<(), ConstraintError> {
        self.as_ref().map_or(Ok(()), |v| v.validate(at))
    }
}

impl<T: Validate> Validate for crate::Nullable<T> {
    fn validate(&self, at: &str) -> Result<(), ConstraintError> {
        self.as_option().map_or(Ok(()), |v| v.validate(at))
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, at: &str) -> Result<(), ConstraintError> {
        (**self).validate(at)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, at: &str) -> Result<(), ConstraintError> {
        self.iter().enumerate().try_for_each(|(i, v)| v.validate(&format!("{at}[{i}]")))
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, at: &str) -> Result<(), ConstraintError> {
        self.iter().try_for_each(|(k, v)| v.validate(&member(at, k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule, a value that meets it and one that breaks it with that keyword.
    #[test]
    fn each_rule_names_its_keyword() {
        let length = Rules { min_length: Some(3), max_length: Some(10), pattern: Some("^[a-z]+$"), ..Rules::NONE };
        assert!(check("abc", "p", &length).is_ok());
        for (text, keyword) in [("ab", "minLength"), ("abcdefghijk", "maxLength"), ("abc1", "pattern")] {
            let e = check(text, "p", &length).expect_err(text);
            assert_eq!((e.target(), e.constraint()), ("p", keyword), "{text}");
        }
        let bounds =
            Rules { minimum: Some((0.0, true)), maximum: Some((100.0, false)), multiple_of: Some(10.0), ..Rules::NONE };
        assert!(check(&100_i64, "n", &bounds).is_ok());
        for (n, keyword) in [(0_i64, "exclusiveMinimum"), (110, "maximum"), (15, "multipleOf")] {
            assert_eq!(check(&n, "n", &bounds).expect_err("breaks").constraint(), keyword, "{n}");
        }
        assert!(check(&0.3_f64, "x", &Rules { multiple_of: Some(0.1), ..Rules::NONE }).is_ok());
        let items = Rules { min_items: Some(1), max_items: Some(2), unique_items: true, ..Rules::NONE };
        assert!(check(&vec![1, 2], "l", &items).is_ok());
        for (list, keyword) in [(vec![], "minItems"), (vec![1, 2, 3], "maxItems"), (vec![1, 1], "uniqueItems")] {
            assert_eq!(check(&list, "l", &items).expect_err("breaks").constraint(), keyword, "{list:?}");
        }
        assert!(check(&None::<String>, "o", &length).is_ok());
        assert!(present(&Some(1), "o").is_ok());
        assert_eq!(present(&None::<i32>, "body.o").expect_err("absent").constraint(), "required");
        let values = BTreeMap::from([("a".to_owned(), "abc".to_owned()), ("b".to_owned(), "ab".to_owned())]);
        let counts = Rules { min_properties: Some(2), max_properties: Some(2), ..Rules::NONE };
        assert!(check(&values, "m", &counts).is_ok());
        assert_eq!(
            check(&BTreeMap::<String, i32>::new(), "m", &counts).expect_err("empty").constraint(),
            "minProperties"
        );
        let mut three = values.clone();
        three.insert("c".to_owned(), String::new());
        assert_eq!(check(&three, "m", &counts).expect_err("three").constraint(), "maxProperties");
        let short = Rules { max_length: Some(2), ..Rules::NONE };
        assert_eq!(each(&values, "m", &short).expect_err("a is long").target(), "m.a");
        assert_eq!(
            each(&Some(vec!["ab".to_owned(), "abc".to_owned()]), "l", &short).expect_err("long").target(),
            "l[1]"
        );
    }

    /// Each format's shape, with values schemathesis sends that break it.
    #[test]
    fn formats_are_checked_by_their_shape() {
        let holds = [
            ("uuid", "123e4567-e89b-12d3-a456-426614174000"),
            ("email", "a.b+c@example.com"),
            ("uri", "https://example.com/a%20b?c=d#e"),
            ("uri", "urn:isbn:0451450523"),
            ("uri-reference", "../a/b?c"),
            ("uri-reference", ""),
            ("ipv4", "192.0.2.1"),
            ("ipv6", "2001:db8::1"),
            ("hostname", "api.example.com"),
            ("hostname", "localhost"),
            ("hostname", "xn--bcher-kva.example."),
            ("time", "13:45:30Z"),
            ("time", "08:00:00.125+02:00"),
            ("time", "23:59:60-00:00"),
            ("time", "13:45:30z"),
            ("date-time", "anything: not checked here"),
        ];
        for (format, text) in holds {
            assert!(has_format(text, format), "{format}: {text}");
        }
        let breaks = [
            ("uuid", "null,null"),
            ("uuid", "123e4567e89b12d3a456426614174000"),
            ("email", ""),
            ("email", "a@"),
            ("email", "a b@example.com"),
            ("uri", ""),
            ("uri", "example.com/a"),
            ("uri", "https://example.com/a b"),
            ("uri", "1http://example.com"),
            ("uri-reference", "a%zz"),
            ("uri-reference", "ü"),
            ("ipv4", "192.0.2"),
            ("ipv6", "2001:db8::1/64"),
            ("hostname", ""),
            ("hostname", "-a.example.com"),
            ("hostname", "a_b.example.com"),
            ("hostname", "a..example.com"),
            ("hostname", "example.com/"),
            ("time", "13:45:30"),
            ("time", "13:45Z"),
            ("time", "24:00:00Z"),
            ("time", "13:45:30+0200"),
            ("time", "13:45:30Z trailing"),
            ("time", "2024-01-01T13:45:30Z"),
            ("time", ""),
        ];
        for (format, text) in breaks {
            assert!(!has_format(text, format), "{format}: {text}");
        }
        let e = check("x", "body.id", &Rules { format: Some("uuid"), ..Rules::NONE }).expect_err("not a uuid");
        assert_eq!((e.target(), e.constraint()), ("body.id", "format"));
        let not = Rules { not_texts: &["", "none"], not_numbers: &[0.0], ..Rules::NONE };
        assert!(check("some", "p", &not).is_ok() && check(&1_i64, "n", &not).is_ok());
        assert_eq!(check("none", "p", &not).expect_err("excluded").constraint(), "not");
        assert_eq!(check(&0_i64, "n", &not).expect_err("excluded").constraint(), "not");
        assert_eq!(check(&0.0_f64, "n", &not).expect_err("excluded").constraint(), "not");
        // A boolean's `enum` of one value leaves the other out (Discourse's
        // `include_subcategories=false`, which its mock took).
        let only_true = Rules { not_booleans: &[false], ..Rules::NONE };
        assert_eq!(check(&false, "p", &only_true).expect_err("left out").constraint(), "enum");
        assert!(check(&true, "p", &only_true).is_ok());
        assert!(check(&Some(false), "p", &Rules::NONE).is_ok());
        let e = check("x", "body.id", &Rules { format: Some("uuid"), ..Rules::NONE }).expect_err("not a uuid");
        assert_eq!((e.target(), e.constraint()), ("body.id", "format"));
    }
}
