//! Which regular expression engine reads a schema's `pattern`. JSON Schema's patterns are
//! ECMA-262 regular expressions; `regex-lite` (small, linear time) reads most of them, and
//! `fancy-regex` (backtracking) those that need look-around or backreferences (Linode's
//! `(?!--|__)`, `\A…\Z`), which `regex-lite` refuses. The generated crate checks each with
//! the engine chosen here, and only a crate with such a pattern depends on `fancy-regex`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The engine a pattern is read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// `regex-lite`: no look-around, no backreferences; linear time.
    Lite,
    /// `fancy-regex`, where `regex-lite` cannot read the pattern.
    Backtracking,
}

/// A pattern as compiled once, by the engine that reads it.
enum Compiled {
    Lite(regex_lite::Regex),
    Backtracking(fancy_regex::Regex),
}

/// How many compiled patterns are kept: a spec names far fewer distinct patterns, and a
/// hostile one that names more only compiles them again.
const KEPT: usize = 4096;

/// `pattern` compiled by the engine that reads it (`None` when neither does), once per
/// distinct pattern: a spec repeats its patterns (Seldon's engine names `^.{1,2097152}`
/// 29 times, each of which took regex-lite about 40 ms to compile).
fn compiled(pattern: &str) -> Arc<Option<Compiled>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Option<Compiled>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(c) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(pattern) {
        return Arc::clone(c);
    }
    // Compiled outside the lock, so that other threads' patterns do not wait for this one.
    let c = Arc::new(match regex_lite::Regex::new(pattern) {
        Ok(re) => Some(Compiled::Lite(re)),
        Err(_) => fancy_regex::Regex::new(pattern).ok().map(Compiled::Backtracking),
    });
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= KEPT {
        cache.clear();
    }
    cache.insert(pattern.to_owned(), Arc::clone(&c));
    c
}

/// The engine that reads `pattern`, trying `regex-lite` first; `None` when neither does.
pub fn engine(pattern: &str) -> Option<Engine> {
    match *compiled(pattern) {
        Some(Compiled::Lite(_)) => Some(Engine::Lite),
        Some(Compiled::Backtracking(_)) => Some(Engine::Backtracking),
        None => None,
    }
}

/// Whether `text` contains a match of `pattern` (JSON Schema's patterns are not anchored).
/// A pattern neither engine reads, or one whose backtracking gives up, counts as matching:
/// it is not checked.
pub fn is_match(pattern: &str, text: &str) -> bool {
    match &*compiled(pattern) {
        Some(Compiled::Lite(re)) => re.is_match(text),
        Some(Compiled::Backtracking(re)) => re.is_match(text).unwrap_or(true),
        None => true,
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

    #[test]
    fn a_pattern_is_compiled_once() {
        let pattern = "^.{1,2048}-once$";
        let first = compiled(pattern);
        assert!(Arc::ptr_eq(&first, &compiled(pattern)), "compiled again");
        assert_eq!(engine(pattern), Some(Engine::Lite));
        assert!(is_match(pattern, "a-once") && !is_match(pattern, "-once"));
        assert!(Arc::ptr_eq(&compiled("(unclosed-once"), &compiled("(unclosed-once")));
    }
}
