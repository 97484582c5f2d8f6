//! Which regular expression engine reads a schema's `pattern`. JSON Schema's patterns are
//! ECMA-262 regular expressions; `regex-lite` (small, linear time) reads most of them, and
//! `fancy-regex` (backtracking) those that need look-around or backreferences (Linode's
//! `(?!--|__)`, `\A…\Z`), which `regex-lite` refuses. The generated crate checks each with
//! the engine chosen here, and only a crate with such a pattern depends on `fancy-regex`.

/// The engine a pattern is read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// `regex-lite`: no look-around, no backreferences; linear time.
    Lite,
    /// `fancy-regex`, where `regex-lite` cannot read the pattern.
    Backtracking,
}

/// The engine that reads `pattern`, trying `regex-lite` first; `None` when neither does.
pub fn engine(pattern: &str) -> Option<Engine> {
    if regex_lite::Regex::new(pattern).is_ok() {
        Some(Engine::Lite)
    } else if fancy_regex::Regex::new(pattern).is_ok() {
        Some(Engine::Backtracking)
    } else {
        None
    }
}

/// Whether `text` contains a match of `pattern` (JSON Schema's patterns are not anchored).
/// A pattern neither engine reads, or one whose backtracking gives up, counts as matching:
/// it is not checked.
pub fn is_match(pattern: &str, text: &str) -> bool {
    match regex_lite::Regex::new(pattern) {
        Ok(re) => re.is_match(text),
        Err(_) => fancy_regex::Regex::new(pattern).map_or(true, |re| re.is_match(text).unwrap_or(true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_around_and_backreferences_need_the_backtracking_engine() {
        assert_eq!(engine("^[a-z]+$"), Some(Engine::Lite));
        assert_eq!(engine("^[a-zA-Z]((?!--|__)[a-zA-Z0-9-_])+$"), Some(Engine::Backtracking));
        assert_eq!(engine(r"^(\w)\1$"), Some(Engine::Backtracking));
        assert_eq!(engine(r"\A[a-z]+\Z"), Some(Engine::Backtracking));
        assert_eq!(engine("(unclosed"), None);
        assert!(is_match("^[a-zA-Z]((?!--|__)[a-zA-Z0-9-_])+$", "ab-c"));
        assert!(!is_match("^[a-zA-Z]((?!--|__)[a-zA-Z0-9-_])+$", "ab--c"));
        assert!(is_match("(unclosed", "anything"));
    }
}
