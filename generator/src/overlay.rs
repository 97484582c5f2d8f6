//! OpenAPI Overlay 1.0: ordered changes to the bundled document, kept in files of their own
//! so that a published spec stays byte for byte what its authors published.
//!
//! An overlay is `overlay: 1.0.x`, an `info` with `title` and `version`, and `actions`,
//! each a `target` (an RFC 9535 JSONPath, evaluated by `serde_json_path`) with an `update`
//! or `remove: true`. Overlays are listed in the settings (`overlays:`) and applied in order
//! after loading and before normalisation, so the normaliser, the parser and every later
//! diagnostic see the patched document, and `openapi.json` shows it.
//!
//! How an update merges, as in the specification and its reference implementations: into
//! a mapping, each key of the update replaces a scalar, merges into a mapping and appends to
//! a sequence; a sequence target gets the update appended (each element of a sequence
//! update, or the value itself). A scalar cannot be a target: target its parent instead.
//! Every applied action is reported as a note; a target that matches nothing, a JSONPath
//! that does not parse and a malformed overlay are errors located in the overlay file.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostic, Location, pointer_tokens, push_pointer};
use crate::load::{ReadError, SpecFiles, json_kind};
use crate::sink::Sink;
use crate::source::{MAX_BUNDLED_NODES, MAX_DEPTH, MAX_FILE_BYTES, SourceFile, Sources};
use crate::yaml;

/// JSONPath targets longer than this are refused: the parser recurses on nesting.
const MAX_TARGET_CHARS: usize = 4096;

/// One overlay the settings list: its path as written and where the settings say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub path: String,
    pub at: Location,
}

/// Applies `overlays` (paths relative to the directory of `root`) to `document`, in order.
/// Returns false when any error was reported; the document may then be half-patched and
/// must not be used.
pub fn apply_all(
    files: &dyn SpecFiles,
    root: &str,
    overlays: &[Listed],
    document: &mut Value,
    sources: &mut Sources,
    sink: &mut Sink,
) -> bool {
    overlays.iter().all(|listed| {
        let Some(path) = beside(root, &listed.path) else {
            sink.push(
                Diagnostic::error(format!("the overlay `{}` leaves the spec directory", listed.path))
                    .at(Some(listed.at.clone()))
                    .help("keep overlays under the root spec's directory, as a relative path"),
            );
            return false;
        };
        let Some(overlay) = read(files, &path, &listed.at, sources, sink) else {
            return false;
        };
        let mut run = Run { file: &path, sources, sink, failed: false, inserted: 0 };
        run.overlay(&overlay, document);
        !run.failed
    })
}

/// `path` relative to the directory of `root`, normalised; `None` when it would leave the
/// spec base or is not a relative path.
fn beside(root: &str, path: &str) -> Option<String> {
    if path.is_empty() || path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = root.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Reads and parses one overlay file, registering it with `sources` so that its
/// diagnostics are located and quoted.
fn read(
    files: &dyn SpecFiles,
    path: &str,
    listed_at: &Location,
    sources: &mut Sources,
    sink: &mut Sink,
) -> Option<Value> {
    let display = sources.display(path);
    let at_file = Some(Location { file: display.clone(), pointer: String::new(), line_col: None });
    let bytes = match files.read(path) {
        Ok(b) => b,
        Err(ReadError::NotFound) => {
            sink.push(Diagnostic::error(format!("the overlay `{display}` does not exist")).at(Some(listed_at.clone())));
            return None;
        }
        Err(ReadError::Other(why)) => {
            sink.push(Diagnostic::error(format!("cannot read `{display}`: {why}")).at(Some(listed_at.clone())));
            return None;
        }
    };
    if bytes.len() > MAX_FILE_BYTES {
        sink.push(
            Diagnostic::error(format!(
                "`{display}` is {} bytes; files over {MAX_FILE_BYTES} bytes are refused",
                bytes.len()
            ))
            .at(at_file),
        );
        return None;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        sink.push(Diagnostic::error(format!("`{display}` is not UTF-8")).at(at_file));
        return None;
    };
    match yaml::parse(&text) {
        Ok(doc) => {
            for (message, at) in doc.warnings {
                let pointer = at.and_then(|lc| doc.locations.enclosing(lc)).unwrap_or_default();
                sink.push(Diagnostic::warning(message).at(Some(Location {
                    file: display.clone(),
                    pointer,
                    line_col: at,
                })));
            }
            sources.add_file(path, SourceFile { text, locations: doc.locations });
            Some(doc.value)
        }
        Err(e) => {
            let (message, pointer, line_col) = match e {
                yaml::YamlError::Syntax { message, at } => (message, String::new(), at),
                yaml::YamlError::Unrepresentable { message, pointer } => {
                    let line_col = yaml::parse_locations_only(&text).locate(&pointer);
                    (message, pointer, line_col)
                }
            };
            sources.add_file(path, SourceFile { text, locations: crate::source::LocationIndex::default() });
            sink.push(Diagnostic::error(message).at(Some(Location { file: display, pointer, line_col })));
            None
        }
    }
}

/// Applying one overlay file.
struct Run<'a> {
    /// The overlay's path relative to the spec base.
    file: &'a str,
    sources: &'a mut Sources,
    sink: &'a mut Sink,
    failed: bool,
    /// Values copied into the document so far: overlays are bounded like bundling is.
    inserted: usize,
}

/// What an action does.
enum Change<'v> {
    Update(&'v Value),
    Remove,
}

/// One action, checked and ready to apply.
struct Action<'v> {
    /// Where the action is in the overlay (`/actions/3`).
    pointer: String,
    path: JsonPath,
    target: &'v str,
    change: Change<'v>,
    description: Option<&'v str>,
}

impl Run<'_> {
    fn here(&self, pointer: &str) -> Option<Location> {
        Some(self.sources.locate_in(self.file, pointer))
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, help: Option<&str>) {
        let mut d = Diagnostic::error(message).at(self.here(pointer));
        if let Some(help) = help {
            d = d.help(help);
        }
        self.sink.push(d);
        self.failed = true;
    }

    /// Checks the overlay's shape, then applies its actions in order. Every action is
    /// checked before any is applied, so a malformed overlay changes nothing.
    fn overlay(&mut self, overlay: &Value, document: &mut Value) {
        let Some(map) = overlay.as_object() else {
            let kind = json_kind(overlay);
            self.error("", format!("an overlay must be a mapping, not {kind}"), Some(OVERLAY_HELP));
            return;
        };
        self.unknown_keys(map, "", &["overlay", "info", "extends", "actions"]);
        match map.get("overlay") {
            Some(Value::String(v)) if is_version_1_0(v) => {}
            Some(Value::String(v)) => self.error(
                "/overlay",
                format!("overlay version `{v}` is not supported"),
                Some("this generator reads Overlay 1.0 (`overlay: 1.0.0`)"),
            ),
            Some(other) => {
                self.error("/overlay", format!("`overlay` must be a string, not {}", json_kind(other)), None)
            }
            None => self.error("", "an overlay needs `overlay: 1.0.0`", Some(OVERLAY_HELP)),
        }
        match map.get("info") {
            Some(Value::Object(info)) => {
                self.unknown_keys(info, "/info", &["title", "version"]);
                for key in ["title", "version"] {
                    if !info.get(key).is_some_and(Value::is_string) {
                        self.error("/info", format!("`info` needs a string `{key}`"), None);
                    }
                }
            }
            Some(other) => self.error("/info", format!("`info` must be a mapping, not {}", json_kind(other)), None),
            None => self.error("", "an overlay needs `info` with `title` and `version`", Some(OVERLAY_HELP)),
        }
        let actions = match map.get("actions") {
            Some(Value::Array(actions)) if !actions.is_empty() => actions,
            Some(Value::Array(_)) => {
                self.error("/actions", "`actions` is empty", Some("an overlay has at least one action"));
                return;
            }
            Some(other) => {
                self.error("/actions", format!("`actions` must be a sequence, not {}", json_kind(other)), None);
                return;
            }
            None => {
                self.error("", "an overlay needs `actions`", Some(OVERLAY_HELP));
                return;
            }
        };
        let checked: Vec<_> =
            actions.iter().enumerate().filter_map(|(i, a)| self.action(a, &format!("/actions/{i}"))).collect();
        if self.failed {
            return;
        }
        for action in checked {
            self.apply(action, document);
            if self.failed {
                return;
            }
        }
    }

    /// Reports keys that neither the specification defines nor are extensions (`x-…`).
    fn unknown_keys(&mut self, map: &Map<String, Value>, pointer: &str, known: &[&str]) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) && !key.starts_with("x-") {
                let expected = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                self.error(
                    &push_pointer(pointer, key),
                    format!("unknown key `{key}`"),
                    Some(&format!("expected {expected}, or an extension `x-…`")),
                );
            }
        }
    }

    /// Checks one action: its JSONPath, and that it says what to do.
    fn action<'v>(&mut self, action: &'v Value, pointer: &str) -> Option<Action<'v>> {
        let Some(map) = action.as_object() else {
            self.error(pointer, format!("an action must be a mapping, not {}", json_kind(action)), None);
            return None;
        };
        self.unknown_keys(map, pointer, &["target", "description", "update", "remove"]);
        let description = match map.get("description") {
            None => None,
            Some(Value::String(d)) => Some(d.as_str()),
            Some(other) => {
                let at = push_pointer(pointer, "description");
                self.error(&at, format!("`description` must be a string, not {}", json_kind(other)), None);
                None
            }
        };
        let target_at = push_pointer(pointer, "target");
        let target = match map.get("target") {
            Some(Value::String(t)) => t.as_str(),
            Some(other) => {
                self.error(&target_at, format!("`target` must be a string, not {}", json_kind(other)), None);
                return None;
            }
            None => {
                self.error(pointer, "an action needs a `target`", Some("a JSONPath such as `$.paths['/a'].get`"));
                return None;
            }
        };
        if target.chars().count() > MAX_TARGET_CHARS {
            self.error(&target_at, format!("`target` is longer than {MAX_TARGET_CHARS} characters"), None);
            return None;
        }
        let path = match JsonPath::parse(target) {
            Ok(p) => p,
            Err(e) => {
                self.error(
                    &target_at,
                    format!("`{target}` is not a JSONPath: {e}"),
                    Some("targets are RFC 9535 JSONPath, such as `$.paths['/a'].get.responses`"),
                );
                return None;
            }
        };
        let remove = match map.get("remove") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let at = push_pointer(pointer, "remove");
                self.error(&at, format!("`remove` must be a boolean, not {}", json_kind(other)), None);
                return None;
            }
        };
        let change = match (remove, map.get("update")) {
            (true, None) => Change::Remove,
            (true, Some(_)) => {
                let at = push_pointer(pointer, "update");
                self.error(
                    &at,
                    "an action with `remove: true` must not have an `update`",
                    Some("the specification ignores the update then; make them two actions"),
                );
                return None;
            }
            (false, Some(update)) => {
                self.external_refs(update, &push_pointer(pointer, "update"));
                Change::Update(update)
            }
            (false, None) => {
                self.error(pointer, "an action needs an `update` or `remove: true`", None);
                return None;
            }
        };
        Some(Action { pointer: pointer.to_string(), path, target, change, description })
    }

    /// Overlays are applied after bundling, so a reference in an update can only point into
    /// the root document.
    fn external_refs(&mut self, value: &Value, pointer: &str) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let at = push_pointer(pointer, k);
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) if !r.starts_with('#') => self.error(
                            &at,
                            format!("`{r}` points outside the root document"),
                            Some("overlays apply to the bundled document: reference `#/components/…` of the root"),
                        ),
                        _ => self.external_refs(v, &at),
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.external_refs(v, &push_pointer(pointer, &i.to_string()));
                }
            }
            _ => {}
        }
    }

    /// Applies one checked action to every node its target selects, and reports it.
    fn apply(&mut self, action: Action<'_>, document: &mut Value) {
        let Action { pointer, path, target, change, description } = action;
        let pointer = pointer.as_str();
        let mut matched: Vec<String> = path.query_located(document).locations().map(|l| l.to_json_pointer()).collect();
        // A union may select one node twice (`$['a','a']`); it is changed once.
        let mut seen = std::collections::BTreeSet::new();
        matched.retain(|p| seen.insert(p.clone()));
        let target_at = push_pointer(pointer, "target");
        if matched.is_empty() {
            self.error(
                &target_at,
                format!("`{target}` matches nothing in the document"),
                Some("targets are matched against the bundled document, after `$ref`s are inlined"),
            );
            return;
        }
        let verb = match change {
            Change::Update(update) => {
                self.inserted = self.inserted.saturating_add(nodes(update).saturating_mul(matched.len()));
                if self.inserted > MAX_BUNDLED_NODES {
                    self.error(
                        &target_at,
                        format!("`{target}` copies the overlay's updates past {MAX_BUNDLED_NODES} values"),
                        Some("narrow the target"),
                    );
                    return;
                }
                let deepest = matched.iter().map(|at| at.matches('/').count()).max().unwrap_or(0);
                if deepest + depth(update) > MAX_DEPTH {
                    self.error(
                        &target_at,
                        format!("`{target}` nests the update deeper than {MAX_DEPTH} levels"),
                        Some("the document's nesting is bounded, overlays included"),
                    );
                    return;
                }
                let update_at = push_pointer(pointer, "update");
                for at in &matched {
                    self.update(document, at, update, &update_at, &target_at);
                    // One report is enough when every match fails the same way.
                    if self.failed {
                        return;
                    }
                }
                "updated"
            }
            Change::Remove => {
                if matched.iter().any(String::is_empty) {
                    self.error(&target_at, "`$` is the whole document, which cannot be removed", None);
                    return;
                }
                for at in removal_order(matched.clone()) {
                    self.sources.forget_origins(&at);
                    if let Some((sequence, index)) = remove(document, &at) {
                        self.sources.shift_origins_after(&sequence, index);
                    }
                }
                "removed"
            }
        };
        if self.failed {
            return;
        }
        let n = matched.len();
        let what = description.map(|d| format!(": {}", d.trim())).unwrap_or_default();
        let nodes = if n == 1 { "node" } else { "nodes" };
        self.sink.push(
            Diagnostic::note(format!("overlay {verb} {n} {nodes} at `{target}`{what}")).at(self.here(&target_at)),
        );
    }

    /// Merges `update` (at `update_at` in the overlay) into the node at `at`.
    fn update(&mut self, document: &mut Value, at: &str, update: &Value, update_at: &str, target_at: &str) {
        // An earlier match of the same action may have replaced this node's parent.
        let Some(node) = document.pointer_mut(at) else { return };
        match (node, update) {
            (Value::Object(node), Value::Object(update)) => self.merge_map(node, at, update, update_at),
            (Value::Array(items), Value::Array(more)) => {
                for (i, v) in more.iter().enumerate() {
                    self.record(&push_pointer(at, &items.len().to_string()), &push_pointer(update_at, &i.to_string()));
                    items.push(v.clone());
                }
            }
            (Value::Array(items), one) => {
                self.record(&push_pointer(at, &items.len().to_string()), update_at);
                items.push(one.clone());
            }
            (Value::Object(_), other) => self.error(
                update_at,
                format!("the target `#{at}` is a mapping, so the update must be one too, not {}", json_kind(other)),
                Some("to replace the node, remove it and update its parent"),
            ),
            (scalar, _) => self.error(
                target_at,
                format!("the target `#{at}` is {}; an update changes a mapping or a sequence", json_kind(scalar)),
                Some("target the parent mapping and update the key"),
            ),
        }
    }

    fn merge_map(&mut self, node: &mut Map<String, Value>, at: &str, update: &Map<String, Value>, update_at: &str) {
        for (key, value) in update {
            let child_at = push_pointer(at, key);
            let value_at = push_pointer(update_at, key);
            match (node.get_mut(key), value) {
                (Some(Value::Object(inner)), Value::Object(more)) => self.merge_map(inner, &child_at, more, &value_at),
                (Some(Value::Array(items)), Value::Array(more)) => {
                    for (i, v) in more.iter().enumerate() {
                        let item_at = push_pointer(&child_at, &items.len().to_string());
                        self.record(&item_at, &push_pointer(&value_at, &i.to_string()));
                        items.push(v.clone());
                    }
                }
                (_, value) => {
                    self.sources.forget_origins(&child_at);
                    self.record(&child_at, &value_at);
                    node.insert(key.clone(), value.clone());
                }
            }
        }
    }

    /// Later diagnostics about an inserted node point at the overlay that inserted it.
    fn record(&mut self, bundled: &str, overlay_pointer: &str) {
        self.sources.record_origin(bundled, self.file, overlay_pointer);
    }
}

const OVERLAY_HELP: &str =
    "an overlay is `overlay: 1.0.0`, `info: {title, version}` and `actions: [{target, update | remove}]`";

/// `1.0.0`, `1.0.1`, …: the versions whose schema this reads.
fn is_version_1_0(v: &str) -> bool {
    v.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

/// How deep `v` nests: 1 for a scalar.
fn depth(v: &Value) -> usize {
    1 + match v {
        Value::Object(m) => m.values().map(depth).max().unwrap_or(0),
        Value::Array(a) => a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// How many values `v` holds, itself included.
fn nodes(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(nodes).sum::<usize>(),
        Value::Array(a) => 1 + a.iter().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Orders removals so that none moves another: deeper nodes first (removing one shifts only
/// its own siblings), and among siblings the higher array index first.
fn removal_order(mut pointers: Vec<String>) -> Vec<String> {
    let key = |p: &String| {
        let tokens = pointer_tokens(p).unwrap_or_default();
        let index = tokens.last().and_then(|t| t.parse::<usize>().ok());
        (std::cmp::Reverse(tokens.len()), std::cmp::Reverse(index))
    };
    pointers.sort_by_key(key);
    pointers
}

/// Removes the node at `pointer` from its parent mapping or sequence. Returns the
/// sequence and index when it was a sequence's item, whose followers have moved down.
fn remove(document: &mut Value, pointer: &str) -> Option<(String, usize)> {
    let cut = pointer.rfind('/')?;
    let last = pointer_tokens(&pointer[cut..]).and_then(|mut t| t.pop())?;
    match document.pointer_mut(&pointer[..cut]) {
        Some(Value::Object(map)) => {
            map.shift_remove(&last);
            None
        }
        Some(Value::Array(items)) => {
            let i = last.parse::<usize>().ok().filter(|i| *i < items.len())?;
            items.remove(i);
            Some((pointer[..cut].to_string(), i))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Applies `overlay` (as `fix.yaml`, listed beside `root.yaml`) to the YAML `doc`, and
    /// returns the document as compact JSON followed by every diagnostic, one a line.
    fn run(doc: &str, overlay: &str) -> String {
        run_on(yaml::parse(doc).expect("test documents are YAML").value, overlay)
    }

    fn run_on(mut document: Value, overlay: &str) -> String {
        let files: BTreeMap<String, String> = [("fix.yaml".to_string(), overlay.to_string())].into();
        let mut sources = Sources::default();
        let mut sink = Sink::default();
        let listed = Listed {
            path: "fix.yaml".into(),
            at: Location { file: "root.codegen.yaml".into(), pointer: "/overlays/0".into(), line_col: None },
        };
        let ok = apply_all(&files, "root.yaml", &[listed], &mut document, &mut sources, &mut sink);
        assert_eq!(ok, !sink.diagnostics().iter().any(Diagnostic::is_error), "{:?}", sink.diagnostics());
        let mut out = serde_json::to_string(&document).expect("JSON");
        for d in sink.into_diagnostics() {
            out.push('\n');
            out.push_str(&d.to_string());
        }
        out
    }

    fn check(doc: &str, actions: &str, expect: &str) {
        let overlay = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
        assert_eq!(run(doc, &overlay), expect.trim(), "\n--- actions:\n{actions}");
    }

    #[test]
    fn actions_update_remove_and_append() {
        let doc = "a: {b: 1, c: {d: 2}, l: [1]}\nx: [{n: 1}, {n: 2}, {n: 3}]\n";
        let cases = [
            // A mapping update merges: scalars replace, mappings merge, new keys are added.
            (
                "- {target: $.a, update: {b: 9, c: {e: 3}, z: true}, description: merge}\n",
                r#"{"a":{"b":9,"c":{"d":2,"e":3},"l":[1],"z":true},"x":[{"n":1},{"n":2},{"n":3}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay updated 1 node at `$.a`: merge"#,
            ),
            // A sequence inside the update appends to the sequence it meets.
            (
                "- {target: $.a, update: {l: [2, 3]}}\n",
                r#"{"a":{"b":1,"c":{"d":2},"l":[1,2,3]},"x":[{"n":1},{"n":2},{"n":3}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay updated 1 node at `$.a`"#,
            ),
            // A sequence target gets each element of a sequence update, or the value itself.
            (
                "- {target: $.a.l, update: [7, 8]}\n- {target: $.a.l, update: {k: 1}}\n",
                r#"{"a":{"b":1,"c":{"d":2},"l":[1,7,8,{"k":1}]},"x":[{"n":1},{"n":2},{"n":3}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay updated 1 node at `$.a.l`
note: fix.yaml:5:4 (#/actions/1/target): overlay updated 1 node at `$.a.l`"#,
            ),
            // Every match is changed.
            (
                "- {target: '$.x[*]', update: {m: 0}}\n",
                r#"{"a":{"b":1,"c":{"d":2},"l":[1]},"x":[{"n":1,"m":0},{"n":2,"m":0},{"n":3,"m":0}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay updated 3 nodes at `$.x[*]`"#,
            ),
            // Removal from mappings, and from sequences without shifting the other matches.
            (
                "- {target: $.a.c, remove: true}\n- {target: '$.x[?@.n != 2]', remove: true}\n",
                r#"{"a":{"b":1,"l":[1]},"x":[{"n":2}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay removed 1 node at `$.a.c`
note: fix.yaml:5:4 (#/actions/1/target): overlay removed 2 nodes at `$.x[?@.n != 2]`"#,
            ),
            // Actions apply in order: the second sees what the first made.
            (
                "- {target: $.a, update: {new: {}}}\n- {target: $.a.new, update: {k: v}}\n",
                r#"{"a":{"b":1,"c":{"d":2},"l":[1],"new":{"k":"v"}},"x":[{"n":1},{"n":2},{"n":3}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay updated 1 node at `$.a`
note: fix.yaml:5:4 (#/actions/1/target): overlay updated 1 node at `$.a.new`"#,
            ),
            // One node selected twice by a union is changed once.
            (
                "- {target: \"$['a','a'].l\", update: [5]}\n",
                r#"{"a":{"b":1,"c":{"d":2},"l":[1,5]},"x":[{"n":1},{"n":2},{"n":3}]}
note: fix.yaml:4:4 (#/actions/0/target): overlay updated 1 node at `$['a','a'].l`"#,
            ),
        ];
        for (actions, expect) in cases {
            check(doc, actions, expect);
        }
    }

    #[test]
    fn bad_actions_are_located_errors_and_change_nothing() {
        let doc = "a: {b: 1}\n";
        let unchanged = r#"{"a":{"b":1}}"#;
        let cases = [
            (
                "- {target: $.nope, update: {b: 2}}\n",
                "error: fix.yaml:4:4 (#/actions/0/target): `$.nope` matches nothing in the document (help: targets are matched against the bundled document, after `$ref`s are inlined)",
            ),
            (
                "- {target: '$.a[', update: {b: 2}}\n",
                "error: fix.yaml:4:4 (#/actions/0/target): `$.a[` is not a JSONPath: at position 3, parser error (help: targets are RFC 9535 JSONPath, such as `$.paths['/a'].get.responses`)",
            ),
            (
                "- {target: $.a, update: 3}\n",
                "error: fix.yaml:4:17 (#/actions/0/update): the target `#/a` is a mapping, so the update must be one too, not a number (help: to replace the node, remove it and update its parent)",
            ),
            (
                "- {target: $.a.b, update: {c: 1}}\n",
                "error: fix.yaml:4:4 (#/actions/0/target): the target `#/a/b` is a number; an update changes a mapping or a sequence (help: target the parent mapping and update the key)",
            ),
            ("- {target: $.a}\n", "error: fix.yaml:4:3 (#/actions/0): an action needs an `update` or `remove: true`"),
            (
                "- {target: $.a, remove: true, update: {}}\n",
                "error: fix.yaml:4:31 (#/actions/0/update): an action with `remove: true` must not have an `update` (help: the specification ignores the update then; make them two actions)",
            ),
            (
                "- {target: $, remove: true}\n",
                "error: fix.yaml:4:4 (#/actions/0/target): `$` is the whole document, which cannot be removed",
            ),
            (
                "- {target: $.a, update: {s: {$ref: 'other.yaml#/x'}}}\n",
                "error: fix.yaml:4:30 (#/actions/0/update/s/$ref): `other.yaml#/x` points outside the root document (help: overlays apply to the bundled document: reference `#/components/…` of the root)",
            ),
            (
                "- {target: $.a, updat: {}}\n",
                "error: fix.yaml:4:17 (#/actions/0/updat): unknown key `updat` (help: expected `target`, `description`, `update`, `remove`, or an extension `x-…`)\nerror: fix.yaml:4:3 (#/actions/0): an action needs an `update` or `remove: true`",
            ),
        ];
        for (actions, expect) in cases {
            check(doc, actions, &format!("{unchanged}\n{expect}"));
        }
    }

    #[test]
    fn updates_stay_within_the_documents_bounds() {
        // 250 levels of `a`, and an update that adds 10 more.
        let doc = (0..250).fold(serde_json::json!({}), |inner, _| serde_json::json!({ "a": inner }));
        let deep = "'$..a[?length(@) == 0]'";
        let update = (0..10).fold(String::from("1"), |inner, _| format!("{{b: {inner}}}"));
        let out = run_on(
            doc,
            &format!(
                "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n- {{target: {deep}, update: {update}}}\n"
            ),
        );
        assert!(
            out.ends_with(
                "nests the update deeper than 256 levels (help: the document's nesting is bounded, overlays included)"
            ),
            "{}",
            &out[out.len() - 200..]
        );
        // Every match failing alike is reported once.
        let out = run(
            "x: [1, 2, 3]\n",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n- {target: '$.x[*]', update: {a: 1}}\n",
        );
        assert_eq!(out.matches("error:").count(), 1, "{out}");
    }

    #[test]
    fn malformed_overlays_are_located_errors() {
        let doc = "a: 1\n";
        let cases = [
            (
                "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, update: {}}]\n",
                "error: fix.yaml:1:1 (#/overlay): overlay version `2.0.0` is not supported (help: this generator reads Overlay 1.0 (`overlay: 1.0.0`))",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $, update: {}}]\n",
                "error: fix.yaml:2:1 (#/info): `info` needs a string `version`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
                "error: fix.yaml:3:1 (#/actions): `actions` is empty (help: an overlay has at least one action)",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n",
                "error: fix.yaml:1:1 (#): an overlay needs `actions` (help: an overlay is `overlay: 1.0.0`, `info: {title, version}` and `actions: [{target, update | remove}]`)",
            ),
            (
                "- 1\n",
                "error: fix.yaml:1:1 (#): an overlay must be a mapping, not a sequence (help: an overlay is `overlay: 1.0.0`, `info: {title, version}` and `actions: [{target, update | remove}]`)",
            ),
            ("a: [1\n", "error: fix.yaml:2:1 (#): invalid YAML: did not find expected ',' or ']'"),
        ];
        for (overlay, expect) in cases {
            assert_eq!(run(doc, overlay), format!("{{\"a\":1}}\n{expect}"), "\n--- overlay:\n{overlay}");
        }
    }

    #[test]
    fn overlays_are_found_beside_the_root_and_not_outside_the_base() {
        assert_eq!(beside("openapi.yaml", "overlays/fix.yaml").as_deref(), Some("overlays/fix.yaml"));
        assert_eq!(beside("v/root.yaml", "../o.yaml").as_deref(), Some("o.yaml"));
        assert_eq!(beside("root.yaml", "../o.yaml"), None);
        assert_eq!(beside("root.yaml", "/etc/o.yaml"), None);
        assert_eq!(beside("root.yaml", "https://x/o.yaml"), None);
    }

    #[test]
    fn inserted_nodes_are_located_in_the_overlay() {
        let files: BTreeMap<String, String> = [(
            "fix.yaml".to_string(),
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    update:\n      n:\n        deep: 1\n"
                .to_string(),
        )]
        .into();
        let mut document = serde_json::json!({"a": {}});
        let mut sources = Sources::default();
        let mut sink = Sink::default();
        let listed = Listed {
            path: "fix.yaml".into(),
            at: Location { file: "s".into(), pointer: String::new(), line_col: None },
        };
        assert!(
            apply_all(&files, "root.yaml", &[listed], &mut document, &mut sources, &mut sink),
            "{:?}",
            sink.diagnostics()
        );
        assert_eq!(sources.locate("/a/n/deep").to_string(), "fix.yaml:7:9 (#/actions/0/update/n/deep)");
    }

    #[test]
    fn provenance_follows_items_when_an_earlier_one_is_removed() {
        let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.l\n    update: [x, y, z]\n  - target: '$.l[1]'\n    remove: true\n";
        let files: BTreeMap<String, String> = [("fix.yaml".to_string(), overlay.to_string())].into();
        // A status-like key is a mapping's key, not an index: it must not move.
        let mut document = serde_json::json!({"l": [], "r": {"200": 1, "201": 2}});
        let mut sources = Sources::default();
        sources.record_origin("/r/201", "elsewhere.yaml", "/q");
        let mut sink = Sink::default();
        let listed = Listed {
            path: "fix.yaml".into(),
            at: Location { file: "s".into(), pointer: String::new(), line_col: None },
        };
        assert!(
            apply_all(&files, "root.yaml", &[listed], &mut document, &mut sources, &mut sink),
            "{:?}",
            sink.diagnostics()
        );
        assert_eq!(document["l"], serde_json::json!(["x", "z"]));
        assert_eq!(sources.locate("/l/0").pointer, "/actions/0/update/0");
        assert_eq!(sources.locate("/l/1").pointer, "/actions/0/update/2", "z moved down, with its origin");
        assert_eq!(sources.locate("/l/2").pointer, "/l/2", "nothing is left at the old place");
        assert_eq!(sources.locate("/r/201").file, "elsewhere.yaml");
    }
}
