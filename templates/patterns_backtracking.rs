//! How a constraint's `pattern` is matched, in a crate with patterns `regex-lite` cannot
//! read: JSON Schema's patterns are ECMA-262's, which have look-around (`(?!--)`) and
//! backreferences (`(\w)\1`). `regex-lite` (linear time) reads the others; those go to
//! `fancy-regex`, which backtracks, as the generator read them.

/// Whether `text` contains a match of `pattern` (JSON Schema's patterns are not anchored).
/// A pattern that does not compile, or whose backtracking gives up (`fancy-regex` stops at
/// its limit rather than run without end), is not checked rather than refuse the value.
pub fn is_match(pattern: &str, text: &str) -> bool {
    match regex_lite::Regex::new(pattern) {
        Ok(re) => re.is_match(text),
        Err(_) => fancy_regex::Regex::new(pattern).map_or(true, |re| re.is_match(text).unwrap_or(true)),
    }
}
