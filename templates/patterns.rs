//! How a constraint's `pattern` is matched: with `regex-lite` (small, linear time), which
//! the generator checked reads every pattern of this crate. A crate with patterns it
//! cannot read (look-around, backreferences) gets `patterns_backtracking.rs` instead.

/// Whether `text` contains a match of `pattern` (JSON Schema's patterns are not anchored).
/// A pattern that does not compile is not checked rather than refuse every value.
pub fn is_match(pattern: &str, text: &str) -> bool {
    regex_lite::Regex::new(pattern).map_or(true, |re| re.is_match(text))
}
