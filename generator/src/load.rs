//! Load: reads the root spec and every file its `$ref`s reach through a caller-supplied
//! [`SpecFiles`], and bundles them into one JSON document. External references are
//! inlined; the [`Sources`] map remembers where each inlined subtree came from, so that
//! later stages can report a bundled pointer as a file, pointer and line.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, pointer_tokens, push_pointer};
use crate::json;
use crate::sink::Sink;
use crate::source::{self, Limits, LocationIndex, MAX_DEPTH, SourceFile, Sources};
use crate::yaml;

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// Any other failure, already worded for people (for example a refused symlink).
    Other(String),
}

/// Where spec files come from. The generator never touches the disk itself: `xtask`
/// implements this over a directory, tests over a map of in-memory files.
pub trait SpecFiles {
    /// Reads `path`: relative to the spec base, `/`-separated, with no `.` or `..` left.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError>;
}

impl SpecFiles for BTreeMap<String, String> {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.get(path).map(|s| s.clone().into_bytes()).ok_or(ReadError::NotFound)
    }
}

/// The bundled document with its provenance.
#[derive(Debug)]
pub struct Loaded {
    pub document: Value,
    pub sources: Sources,
}

/// Reads `root` and everything it references into one document.
///
/// Errors are returned together with the sources read so far, so they can be located.
pub fn load(
    files: &dyn SpecFiles,
    root: &str,
    display_prefix: &str,
    limits: Limits,
    sink: &mut Sink,
) -> Result<Loaded, Sources> {
    let mut loader = Loader {
        files,
        limits,
        sources: Sources::new(root, display_prefix),
        docs: BTreeMap::new(),
        sink,
        nodes: 0,
        failed: false,
        keep_ref_siblings: false,
        opaque_extensions: false,
    };
    let Some(doc) = loader.file(root, None) else {
        return Err(loader.sources);
    };
    // Swagger 2.0 documents are converted later; what AutoRest's dialect writes beside a
    // `$ref` (`x-nullable`, a description) means something there.
    loader.keep_ref_siblings = doc.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"))
        || doc.get("swagger").is_some_and(|v| v == "2.0");
    // AutoRest's 2.0 specs reference example files from `x-ms-examples`, some of which
    // are missing; an extension is opaque, so a `$ref` in one is no reference to follow.
    loader.opaque_extensions = doc.get("swagger").is_some_and(|v| v == "2.0");
    if !doc.is_object() {
        let loc = loader.sources.locate_in(root, "");
        loader.sink.push(
            Diagnostic::error(format!("the root spec must be a mapping, not {}", json_kind(&doc)))
                .at(Some(loc))
                .help("an OpenAPI document starts with `openapi: 3.0.3`, `info:` and `paths:`"),
        );
        return Err(loader.sources);
    }
    let mut stack = Vec::new();
    let resolved = loader.resolve(&doc, root, &mut String::new(), &mut String::new(), &mut stack, 0);
    if loader.failed {
        return Err(loader.sources);
    }
    // A root that needed no change (every spec of one file whose references are written as
    // the bundle writes them) is the document itself: moved, not copied and dropped.
    let document = resolved.unwrap_or_else(|| {
        loader.docs.clear();
        Rc::try_unwrap(doc).unwrap_or_else(|shared| (*shared).clone())
    });
    Ok(Loaded { document, sources: loader.sources })
}

/// Why a file's text could not be read: the message, and the pointer and line:column where.
struct ParseError {
    message: String,
    pointer: String,
    line_col: Option<source::LineCol>,
}

/// Reads a file's text by its kind: `.json` files as JSON, everything else as YAML. JSON is
/// nearly YAML, but libyaml refuses valid JSON (C1 control characters in strings, integers
/// past 64 bits), gives no locations, and is quadratic in flow nesting.
fn parse_text(path: &str, text: &str) -> Result<source::Document, ParseError> {
    let is_json = path.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("json"));
    if is_json {
        return json::parse(text).map_err(|e| ParseError {
            message: e.message,
            pointer: e.pointer,
            line_col: Some(e.at),
        });
    }
    // A byte-order mark is no YAML content (serde_yaml takes it for a document of its
    // own); editors write one, and columns are counted as people see them, without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    yaml::parse(text).map_err(|e| match e {
        yaml::YamlError::Syntax { message, at } => ParseError { message, pointer: String::new(), line_col: at },
        yaml::YamlError::Unrepresentable { message, pointer } => {
            // Locations come from the strict parser; index them if it can read the file.
            let line_col = yaml::parse_locations_only(text).locate(&pointer);
            ParseError { message, pointer, line_col }
        }
    })
}

pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

struct Loader<'a> {
    files: &'a dyn SpecFiles,
    limits: Limits,
    sources: Sources,
    /// Each file's value, shared: a `$ref` into a file copies only what it inlines.
    docs: BTreeMap<String, Rc<Value>>,
    sink: &'a mut Sink,
    nodes: usize,
    failed: bool,
    /// OpenAPI 3.1: keywords beside a `$ref` into the root apply too, so they are kept
    /// for `v31` to rewrite instead of being dropped; Swagger 2.0: kept for `v20`.
    keep_ref_siblings: bool,
    /// Swagger 2.0: values under `x-` keys are copied as written, their `$ref`s unfollowed.
    opaque_extensions: bool,
}

impl Loader<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.failed = true;
        self.sink.push(d);
    }

    /// Reads and parses one file once; `referrer` locates the `$ref` that asked for it.
    fn file(&mut self, path: &str, referrer: Option<Location>) -> Option<Rc<Value>> {
        if let Some(doc) = self.docs.get(path) {
            return Some(Rc::clone(doc));
        }
        let display = self.sources.display(path);
        let bytes = match self.files.read(path) {
            Ok(b) => b,
            Err(ReadError::NotFound) => {
                let what = if referrer.is_some() { "the referenced file" } else { "the spec" };
                self.error(Diagnostic::error(format!("{what} `{display}` does not exist")).at(referrer));
                return None;
            }
            Err(ReadError::Other(why)) => {
                self.error(Diagnostic::error(format!("cannot read `{display}`: {why}")).at(referrer));
                return None;
            }
        };
        let at_file = Some(Location { file: display.clone(), pointer: String::new(), line_col: None });
        if bytes.len() > self.limits.file_bytes {
            self.error(
                Diagnostic::error(format!(
                    "`{display}` is {} bytes; files over {} bytes are refused",
                    bytes.len(),
                    self.limits.file_bytes
                ))
                .at(at_file)
                .help("raise the cap with `--max-spec-bytes` (Options::max_file_bytes) if the file is trusted"),
            );
            return None;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                self.error(
                    Diagnostic::error(format!("`{display}` is not UTF-8 (invalid byte at offset {offset})"))
                        .at(at_file),
                );
                return None;
            }
        };
        match parse_text(path, &text) {
            Ok(doc) => {
                for (message, at) in doc.warnings {
                    let pointer = at.and_then(|lc| doc.locations.enclosing(lc)).unwrap_or_default();
                    self.sink.push(Diagnostic::warning(message).at(Some(Location {
                        file: display.clone(),
                        pointer,
                        line_col: at,
                    })));
                }
                self.sources.add_file(path, SourceFile { text, locations: doc.locations });
                let value = Rc::new(doc.value);
                self.docs.insert(path.to_string(), Rc::clone(&value));
                Some(value)
            }
            Err(ParseError { message, pointer, line_col }) => {
                let loc = Location { file: display.clone(), pointer, line_col };
                self.sources.add_file(path, SourceFile { text, locations: LocationIndex::default() });
                self.error(Diagnostic::error(message).at(Some(loc)));
                None
            }
        }
    }

    /// What `value` (found at `pointer` of `file`) becomes in the bundle at `bundled`, with
    /// external references inlined: `None` when that is `value` unchanged, which for most
    /// nodes of most specs it is. Only the nodes on the way to a change are built anew, so a
    /// spec of one file is walked, not copied (Microsoft Graph's 47 MB, BENCHMARKS.md §9).
    /// After an error the result is meaningless: the caller discards it.
    fn resolve(
        &mut self,
        value: &Value,
        file: &str,
        pointer: &mut String,
        bundled: &mut String,
        stack: &mut Vec<(String, String)>,
        depth: usize,
    ) -> Option<Value> {
        self.nodes += 1;
        if self.failed {
            return None;
        }
        if self.nodes > self.limits.bundled_nodes || depth > MAX_DEPTH {
            let what = if depth > MAX_DEPTH {
                format!("the document nests deeper than {MAX_DEPTH} levels once references are inlined")
            } else {
                format!("the document grows past {} values once references are inlined", self.limits.bundled_nodes)
            };
            let loc = self.sources.locate_in(file, pointer);
            self.error(Diagnostic::error(what).at(Some(loc)).help("look for references that fan out or chain"));
            return None;
        }
        let resolved = match value {
            Value::Object(map) => {
                // Under `properties`, a `$ref` key whose value is not a string is a property
                // of that name (Kubernetes' `JSONSchemaProps`), not a reference.
                let is_property = pointer.ends_with("/properties") && map.get("$ref").is_some_and(|r| !r.is_string());
                if let Some(reference) = map.get("$ref").filter(|_| !is_property) {
                    let ref_ptr = push_pointer(pointer, "$ref");
                    let Some(reference) = reference.as_str() else {
                        let loc = self.sources.locate_in(file, &ref_ptr);
                        self.error(Diagnostic::error("`$ref` must be a string").at(Some(loc)));
                        return None;
                    };
                    let v = self.reference(reference, file, &ref_ptr, bundled, stack, depth)?;
                    if map.len() > 1 && self.keep_ref_siblings && v.get("$ref").is_some() {
                        let mut out = serde_json::Map::with_capacity(map.len());
                        for (k, sibling) in map {
                            let child = match k.as_str() {
                                "$ref" => v["$ref"].clone(),
                                _ => self
                                    .resolve_child(sibling, file, pointer, bundled, k, stack, depth)
                                    .unwrap_or_else(|| sibling.clone()),
                            };
                            out.insert(k.clone(), child);
                        }
                        Value::Object(out)
                    } else {
                        if map.len() > 1 {
                            let loc = self.sources.locate_in(file, pointer);
                            let others: Vec<&str> = map.keys().filter(|k| *k != "$ref").map(String::as_str).collect();
                            self.sink.push(
                                Diagnostic::warning(format!(
                                    "keys beside `$ref` are ignored in OpenAPI 3.0: {}",
                                    others.join(", ")
                                ))
                                .at(Some(loc)),
                            );
                        }
                        v
                    }
                } else {
                    // Children are resolved in order (diagnostics come out in document order);
                    // the map is built only from the first child that changed.
                    let mut out: Option<serde_json::Map<String, Value>> = None;
                    for (i, (k, v)) in map.iter().enumerate() {
                        let child = self.resolve_child(v, file, pointer, bundled, k, stack, depth);
                        if let Some(out) = out.as_mut() {
                            out.insert(k.clone(), child.unwrap_or_else(|| v.clone()));
                        } else if let Some(child) = child {
                            let mut changed = serde_json::Map::with_capacity(map.len());
                            changed.extend(map.iter().take(i).map(|(k, v)| (k.clone(), v.clone())));
                            changed.insert(k.clone(), child);
                            out = Some(changed);
                        }
                    }
                    return out.map(Value::Object);
                }
            }
            Value::Array(items) => {
                let mut out: Option<Vec<Value>> = None;
                for (i, v) in items.iter().enumerate() {
                    let child = self.resolve_child(v, file, pointer, bundled, source::itoa(i).as_str(), stack, depth);
                    if let Some(out) = out.as_mut() {
                        out.push(child.unwrap_or_else(|| v.clone()));
                    } else if let Some(child) = child {
                        let mut changed = Vec::with_capacity(items.len());
                        changed.extend(items[..i].iter().cloned());
                        changed.push(child);
                        out = Some(changed);
                    }
                }
                return out.map(Value::Array);
            }
            _ => return None,
        };
        // A reference rewritten as it was written is no change.
        (resolved != *value).then_some(resolved)
    }

    /// Resolves the child `token` of the node at `pointer` (in `file`) and `bundled` (in the
    /// output). The two pointers are buffers the walk pushes onto and truncates back, so a
    /// node costs no allocation: a large spec has a million of them, and most runs never
    /// quote a pointer.
    #[allow(clippy::too_many_arguments)]
    fn resolve_child(
        &mut self,
        value: &Value,
        file: &str,
        pointer: &mut String,
        bundled: &mut String,
        token: &str,
        stack: &mut Vec<(String, String)>,
        depth: usize,
    ) -> Option<Value> {
        if self.opaque_extensions && token.starts_with("x-") && token != "x-ms-paths" {
            return None;
        }
        let (pointer_len, bundled_len) = (pointer.len(), bundled.len());
        source::push_token(pointer, token);
        source::push_token(bundled, token);
        let child = self.resolve(value, file, pointer, bundled, stack, depth + 1);
        pointer.truncate(pointer_len);
        bundled.truncate(bundled_len);
        child
    }

    /// Resolves one `$ref`: internal references of the root stay; everything else is inlined.
    fn reference(
        &mut self,
        reference: &str,
        file: &str,
        ref_ptr: &str,
        bundled: &mut String,
        stack: &mut Vec<(String, String)>,
        depth: usize,
    ) -> Option<Value> {
        // Where the `$ref` is, worked out only for a message or a file it opens: a large spec
        // has a hundred thousand references into its own root, which need neither.
        let here = |sources: &Sources| sources.locate_in(file, ref_ptr);
        let (target_file, target_ptr) = match split_reference(reference, file) {
            Ok(t) => t,
            Err(RefError::Remote) => {
                self.error(
                    Diagnostic::error(format!("`{reference}` is a remote reference; the generator reads no network"))
                        .at(Some(here(&self.sources)))
                        .help("download the document into the spec directory and reference it by relative path"),
                );
                return None;
            }
            Err(RefError::Escapes) => {
                self.error(
                    Diagnostic::error(format!("`{reference}` leaves the spec directory"))
                        .at(Some(here(&self.sources)))
                        .help(
                            "keep referenced files under the root spec's directory, or widen the root (`--spec-root`)",
                        ),
                );
                return None;
            }
            Err(RefError::BadPointer) => {
                self.error(
                    Diagnostic::error(format!("`{reference}` has a fragment that is not a JSON pointer"))
                        .at(Some(here(&self.sources)))
                        .help("fragments look like `#/components/schemas/Name`"),
                );
                return None;
            }
        };
        if target_file == self.sources.root() {
            // References into the root stay references: openapiv3 resolves those, and
            // keeping them preserves recursive schemas.
            let exists = self.docs.get(&target_file).is_some_and(|d| lookup(d, &target_ptr).is_some());
            if !exists {
                // Located in the bundled document too, so that the part holding it can be
                // cut (`prune.rs`) rather than the whole spec refused; the reference stays,
                // and nothing that reads it resolves it.
                let d = Diagnostic::error(format!("`{reference}` points to nothing: `#{target_ptr}` does not exist"))
                    .at(Some(here(&self.sources)));
                self.sink.push_at(d, bundled);
            }
            return Some(serde_json::json!({ "$ref": format!("#{target_ptr}") }));
        }
        let key = (target_file.clone(), target_ptr.clone());
        if stack.contains(&key) {
            let mut chain: Vec<String> =
                stack.iter().map(|(f, p)| format!("{}#{p}", self.sources.display(f))).collect();
            chain.push(format!("{}#{target_ptr}", self.sources.display(&target_file)));
            self.error(
                Diagnostic::error(format!("cyclic reference: {}", chain.join(" → ")))
                    .at(Some(here(&self.sources)))
                    .help("a recursive schema must live in the root's `components/schemas`"),
            );
            return None;
        }
        let doc = self.file(&target_file, Some(here(&self.sources)))?;
        let Some(target) = lookup(&doc, &target_ptr) else {
            self.error(
                Diagnostic::error(format!(
                    "`{reference}` points to nothing: `{}` has no `#{target_ptr}`",
                    self.sources.display(&target_file)
                ))
                .at(Some(here(&self.sources))),
            );
            return None;
        };
        self.sources.record_origin(bundled, &key.0, &key.1);
        stack.push(key);
        let mut target_ptr = target_ptr;
        let v = self.resolve(target, &target_file, &mut target_ptr, bundled, stack, depth + 1);
        stack.pop();
        Some(v.unwrap_or_else(|| target.clone()))
    }
}

#[derive(Debug, PartialEq, Eq)]
enum RefError {
    Remote,
    Escapes,
    BadPointer,
}

/// Splits `reference` (made in `file`) into a normalised file path and a JSON pointer.
fn split_reference(reference: &str, file: &str) -> Result<(String, String), RefError> {
    let (path, fragment) = match reference.split_once('#') {
        Some((p, f)) => (p, f),
        None => (reference, ""),
    };
    if path.contains("://") || path.starts_with("//") {
        return Err(RefError::Remote);
    }
    // A pointer in a URI fragment is percent-encoded (RFC 6901, section 6): digitalocean
    // writes `#/paths/~1v2~1account~1keys~1%7Bssh_key_identifier%7D/…`.
    let fragment = percent_decode(fragment).ok_or(RefError::BadPointer)?;
    let fragment = fragment.as_str();
    if !fragment.is_empty() && pointer_tokens(fragment).is_none() {
        return Err(RefError::BadPointer);
    }
    if path.is_empty() {
        return Ok((file.to_string(), fragment.to_string()));
    }
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return Err(RefError::Escapes);
    }
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(RefError::Escapes);
                }
            }
            s => parts.push(s),
        }
    }
    Ok((parts.join("/"), fragment.to_string()))
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as written. `None`
/// when the decoded bytes are not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex.filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit())).and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) if bytes[i] == b'%' => {
                out.push(b);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Follows a JSON pointer into a value.
pub fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut v = value;
    for token in pointer_tokens(pointer)? {
        v = match v {
            Value::Object(m) => m.get(&token)?,
            Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reference: &str, file: &str, expect: Result<(&str, &str), RefError>) {
        let got = split_reference(reference, file);
        let expect = expect.map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(got, expect, "{reference} from {file}");
    }

    #[test]
    fn references_resolve_relative_to_their_file() {
        check("v4/a.yaml#/x", "openapi.yaml", Ok(("v4/a.yaml", "/x")));
        check("b.yaml", "v4/a.yaml", Ok(("v4/b.yaml", "")));
        check("../c.yaml#/y~1z", "v4/a.yaml", Ok(("c.yaml", "/y~1z")));
        check("./d.yaml", "openapi.yaml", Ok(("d.yaml", "")));
        check("#/components/schemas/A", "v4/a.yaml", Ok(("v4/a.yaml", "/components/schemas/A")));
        check("../x.yaml", "openapi.yaml", Err(RefError::Escapes));
        check("v4/../../x.yaml", "openapi.yaml", Err(RefError::Escapes));
        check("/etc/passwd", "openapi.yaml", Err(RefError::Escapes));
        check("C:/x.yaml", "openapi.yaml", Err(RefError::Escapes));
        check("https://example.com/x.yaml", "openapi.yaml", Err(RefError::Remote));
        check("//example.com/x.yaml", "openapi.yaml", Err(RefError::Remote));
        check("a.yaml#nope", "openapi.yaml", Err(RefError::BadPointer));
        check("#/paths/~1a~1%7Bid%7D/get", "o.json", Ok(("o.json", "/paths/~1a~1{id}/get")));
        check("#/x/caf%C3%A9/100%", "o.json", Ok(("o.json", "/x/café/100%")));
        check("#/x/%FF", "o.json", Err(RefError::BadPointer));
    }

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn bundles_fragments_and_locates_inlined_nodes() {
        let fs = files(&[
            ("root.yaml", "paths:\n  /a:\n    $ref: 'v/frag.yaml#/thing'\n"),
            ("v/frag.yaml", "# comment\nthing:\n  get:\n    summary: hi\n"),
        ]);
        let mut sink = Sink::default();
        let loaded = load(&fs, "root.yaml", "spec", Limits::with_file_bytes(None), &mut sink).unwrap();
        assert!(sink.diagnostics().is_empty(), "{:?}", sink.diagnostics());
        assert_eq!(loaded.document["paths"]["/a"]["get"]["summary"], "hi");
        let loc = loaded.sources.locate("/paths/~1a/get/summary");
        assert_eq!(loc.to_string(), "spec/v/frag.yaml:4:5 (#/thing/get/summary)");
        let loc = loaded.sources.locate("/paths");
        assert_eq!(loc.to_string(), "spec/root.yaml:1:1 (#/paths)");
    }

    /// Only the nodes on the way to a change are rebuilt (`Loader::resolve`): what changes
    /// must change wherever it sits among unchanged siblings, and the rest stay as written.
    #[test]
    fn a_root_is_rebuilt_only_where_it_changes() {
        let root = "\
list:
  - 1
  - $ref: '#/x/caf%C3%A9'
  - {k: v}
map:
  before: {$ref: '#/x/plain'}
  changed: {$ref: 'f.yaml#/t', ignored: true}
  after: [true, null]
x:
  plain: 1
  café: 2
";
        let fs = files(&[("r.yaml", root), ("f.yaml", "t: {inlined: 3}\n")]);
        let mut sink = Sink::default();
        let loaded = load(&fs, "r.yaml", "", Limits::with_file_bytes(None), &mut sink).unwrap();
        let expected = serde_json::json!({
            "list": [1, {"$ref": "#/x/café"}, {"k": "v"}],
            "map": {"before": {"$ref": "#/x/plain"}, "changed": {"inlined": 3}, "after": [true, null]},
            "x": {"plain": 1, "café": 2},
        });
        assert_eq!(loaded.document, expected);
        let keys: Vec<&String> = loaded.document["map"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["before", "changed", "after"], "members keep their order");
        let messages: Vec<&str> = sink.diagnostics().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["keys beside `$ref` are ignored in OpenAPI 3.0: ignored"]);
        // A root with nothing to change is the document as read.
        let fs = files(&[("r.yaml", "a: [1, {$ref: '#/b'}]\nb: {c: d}\n")]);
        let loaded = load(&fs, "r.yaml", "", Limits::with_file_bytes(None), &mut Sink::default()).unwrap();
        assert_eq!(loaded.document, serde_json::json!({"a": [1, {"$ref": "#/b"}], "b": {"c": "d"}}));
    }

    #[test]
    fn cycles_missing_targets_and_escapes_are_errors() {
        let cases = [
            (
                files(&[
                    ("r.yaml", "a:\n  $ref: 'x.yaml'\n"),
                    ("x.yaml", "b:\n  $ref: 'r2.yaml'\n"),
                    ("r2.yaml", "$ref: 'x.yaml'\n"),
                ]),
                "cyclic reference",
            ),
            (files(&[("r.yaml", "a:\n  $ref: 'missing.yaml'\n")]), "does not exist"),
            (files(&[("r.yaml", "a:\n  $ref: 'x.yaml#/nope'\n"), ("x.yaml", "b: 1\n")]), "points to nothing"),
            (files(&[("r.yaml", "a:\n  $ref: '../up.yaml'\n")]), "leaves the spec directory"),
            (files(&[("r.yaml", "- 1\n")]), "must be a mapping"),
        ];
        for (fs, expect) in cases {
            let mut sink = Sink::default();
            assert!(load(&fs, "r.yaml", "", Limits::with_file_bytes(None), &mut sink).is_err());
            let diags = sink.diagnostics();
            assert!(diags.iter().any(|d| d.is_error() && d.message.contains(expect)), "{expect}: {diags:?}");
        }
    }
}
