//! The import drawing of the generator's own source (ARCHITECTURE.md): no two modules
//! import each other, directly or around a loop, and no stage before emission imports
//! from the emitters, the formatter or the diff. A child module's use of its parent
//! (`super::Ctx`) is how Rust nests modules, not an arrow between rooms, and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read generator/src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `emit/client.rs` → `["emit", "client"]`; `lib.rs`, `x/mod.rs` → their directory.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).expect("under src").with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (whitespace already removed).
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else { return vec![path.to_string()] };
    let (prefix, inner) = (&path[..open], &path[open + 1..path.len() - 1]);
    let (mut items, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items.iter().filter(|i| !i.is_empty()).flat_map(|i| expand(i)).map(|e| format!("{prefix}{e}")).collect()
}

/// The paths a file names: its `use` items, expanded, and every inline `crate::…` and
/// `super::…` path. Its `#[cfg(test)] mod tests` is not part of the drawing.
fn named_paths(text: &str) -> Vec<String> {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let mut out = Vec::new();
    for statement in text.split("use ").skip(1) {
        let Some(end) = statement.find(';') else { continue };
        let path: String = statement[..end].chars().filter(|c| !c.is_whitespace()).collect();
        if path.starts_with("crate::") || path.starts_with("super::") || path.starts_with("self::") {
            out.extend(expand(&path).into_iter().map(|p| p.split(" as ").next().unwrap_or_default().to_string()));
        }
    }
    let bytes = text.as_bytes();
    for start in ["crate::", "super::"] {
        for (at, _) in text.match_indices(start) {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let end = text[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(text.len(), |e| at + e);
            out.push(text[at..end].trim_end_matches(':').to_string());
        }
    }
    out
}

/// The drawing: each module and the modules it imports from.
fn drawing() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&root, f)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&root, file);
        let text = std::fs::read_to_string(file).expect("read a source file");
        for path in named_paths(&text) {
            let mut segments = path.split("::").map(str::to_string);
            let mut base = match segments.next().as_deref() {
                Some("crate") => Vec::new(),
                Some("self") => module.clone(),
                // `super` in `a/b.rs` (module a::b) is `a`; in `a/mod.rs` (module a), the root.
                _ => module[..module.len().saturating_sub(1)].to_vec(),
            };
            let mut rest: Vec<String> = segments.collect();
            while rest.first().is_some_and(|s| s == "super") {
                rest.remove(0);
                base.pop();
            }
            base.extend(rest);
            let target = (1..=base.len()).rev().map(|n| base[..n].to_vec()).find(|m| modules.contains(m));
            let Some(target) = target else { continue };
            if target == module || module.starts_with(&target) {
                continue;
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    edges
}

#[test]
fn no_two_modules_import_each_other_around_a_loop() {
    let edges = drawing();
    // Every module that can reach itself is in a loop: reported with the way round it.
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.join("::")])];
        let mut seen = BTreeSet::new();
        while let Some((module, way)) = stack.pop() {
            for next in edges.get(&module).into_iter().flatten() {
                let way = [way.clone(), vec![next.join("::")]].concat();
                assert!(next != start, "an import loop: {}", way.join(" → "));
                if seen.insert(next.clone()) {
                    stack.push((next.clone(), way));
                }
            }
        }
    }
    assert!(edges.len() > 20, "the drawing found the modules: {edges:?}");
}

#[test]
fn arrows_point_down_the_pipeline() {
    let edges = drawing();
    let before_emission = ["source", "json", "yaml", "load", "overlay", "normalise", "parse", "lower", "ir", "naming"];
    let after = ["emit", "format", "diff"];
    for (from, to) in &edges {
        for to in to {
            fn stage(m: &[String]) -> &str {
                m.first().map_or("lib", String::as_str)
            }
            let backwards = before_emission.contains(&stage(from)) && after.contains(&stage(to));
            assert!(!backwards, "{} imports {}, a later stage", from.join("::"), to.join("::"));
        }
    }
    let found =
        |from: &str, to: &str| edges.get(&vec![from.to_string()]).is_some_and(|t| t.contains(&vec![to.to_string()]));
    assert!(found("load", "source"), "the drawing sees ordinary imports: {edges:?}");
}
