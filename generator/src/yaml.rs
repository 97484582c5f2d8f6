//! The only module that knows YAML. serde_yaml is frozen and deprecated, so everything it
//! does for us passes through here: text in, a JSON value and a location index out.
//!
//! Two parsers run, each for what it does best:
//! - serde_yaml (libyaml) produces the values. It is lenient the way GitLab's tooling
//!   was, and it bounds alias expansion and nesting depth, which protects us from
//!   "billion laughs" documents.
//! - yaml-rust2's event parser is strict and reports a line:column for every node, which
//!   we index by JSON pointer. When it rejects text that libyaml accepted (GitLab's
//!   `access_tokens.yaml` closes a flow sequence at its key's indentation), that is a
//!   portability warning, and we retry on a re-indented shadow copy so that locations
//!   still work. Line numbers do not move, because only leading spaces are added.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};

use crate::diagnostics::push_pointer;
use crate::source::{Document, LineCol, LocationIndex, NodeId, itoa, push_token};

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum YamlError {
    #[error("{message}")]
    Syntax { message: String, at: Option<LineCol> },
    #[error("{message}")]
    Unrepresentable { message: String, pointer: String },
}

/// Parses YAML (or JSON, which is read as YAML) into a JSON value with locations.
pub fn parse(text: &str) -> Result<Document, YamlError> {
    if let Some(at) = flow_too_deep(text) {
        return Err(YamlError::Syntax {
            message: format!("invalid YAML: the document nests deeper than {MAX_FLOW_DEPTH} levels"),
            at: Some(at),
        });
    }
    let yaml: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let mut at = e.location().map(|l| (to_u32(l.line()), to_u32(l.column())));
            // serde_yaml appends " at line L column C" itself; the location is reported apart.
            let message = e.to_string();
            let mut message = match message.find(" at line ") {
                Some(cut) => message[..cut].to_string(),
                None => message,
            };
            if message.starts_with("duplicate entry") {
                // libyaml reports the document; the strict walk knows the second key's place.
                if let Ok(walk) = walk_events(text) {
                    at = walk.duplicates.first().map(|(_, lc)| *lc).or(at);
                }
            } else if message.contains("repetition limit exceeded") {
                message = "aliases expand past the repetition limit (a \"billion laughs\" document?)".into();
            } else if message.contains("recursion limit exceeded") {
                message = "the document nests deeper than 128 levels".into();
            }
            return Err(YamlError::Syntax { message: format!("invalid YAML: {message}"), at });
        }
    };
    let mut yaml = yaml;
    yaml.apply_merge()
        .map_err(|e| YamlError::Syntax { message: format!("invalid YAML merge key (`<<`): {e}"), at: None })?;
    let value = to_json(yaml, "")?;
    let (locations, warnings) = index_locations(text);
    Ok(Document { value, locations, warnings })
}

/// serde_yaml's own nesting limit, which refuses anything deeper anyway.
const MAX_FLOW_DEPTH: usize = 128;

/// Where flow collections (`[`, `{`) first nest deeper than [`MAX_FLOW_DEPTH`], if they do.
///
/// libyaml's scanner checks every open flow level for a pending simple key on each token,
/// so its time grows with the square of the nesting: 200 KB of `[` took 21 s, all before
/// serde_yaml's own depth limit is consulted. This linear scan refuses such text first. It
/// follows flow levels the way the scanner does, skipping comments and quoted scalars (a
/// quote opens one only where a node may start), so it does not count brackets that are
/// text. Brackets inside a block scalar (`|`, `>`) are counted, which errs towards refusing
/// a document with over a hundred unclosed `[` in a literal block; none has been seen.
fn flow_too_deep(text: &str) -> Option<LineCol> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1u32, 0u32);
    // Whether a node may start here: after a flow indicator, `: `, `- `, `? `, or at the
    // start of a line outside flow collections (inside, a line may continue a plain scalar).
    let mut node_start = true;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = 0;
                if depth == 0 {
                    node_start = true;
                }
            }
            '#' if prev.is_whitespace() => {
                // A comment runs to the end of the line.
                while chars.next_if(|&n| n != '\n').is_some() {}
            }
            '\'' | '"' if node_start => {
                // A quoted scalar; `''` inside single quotes and `\"` inside double quotes
                // are escaped quotes. Newlines inside still count as lines.
                loop {
                    match chars.next() {
                        None => return None,
                        Some('\n') => {
                            line += 1;
                            col = 0;
                        }
                        Some('\\') if c == '"' => {
                            col += 1;
                            if chars.next().is_some_and(|n| n == '\n') {
                                line += 1;
                                col = 0;
                            } else {
                                col += 1;
                            }
                            continue;
                        }
                        Some(q) if q == c => {
                            col += 1;
                            if c == '\'' && chars.peek() == Some(&'\'') {
                                chars.next();
                                col += 1;
                                continue;
                            }
                            break;
                        }
                        Some(_) => col += 1,
                    }
                }
                node_start = false;
            }
            '[' | '{' if node_start || depth > 0 => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, col));
                }
                node_start = true;
            }
            ']' | '}' if depth > 0 => {
                depth -= 1;
                node_start = false;
            }
            ',' if depth > 0 => node_start = true,
            ':' | '-' | '?' if chars.peek().is_none_or(|n| n.is_whitespace()) => node_start = true,
            c if c.is_whitespace() => {}
            _ => node_start = false,
        }
        prev = c;
    }
    None
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value, YamlError> {
    use serde_yaml::Value as Y;
    // Depth is bounded by serde_yaml's own recursion limit (128), so recursing is safe here.
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match Number::from_f64(f) {
                    Some(n) => Value::Number(n),
                    None => {
                        return Err(YamlError::Unrepresentable {
                            message: format!("the number `{n}` has no JSON form"),
                            pointer: pointer.to_string(),
                        });
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| to_json(item, &push_pointer(pointer, &i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    // Unquoted status codes (`200:`) are numbers to YAML and strings to OpenAPI.
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(YamlError::Unrepresentable {
                            message: format!("a mapping key must be a string, not {}", kind(&other)),
                            pointer: pointer.to_string(),
                        });
                    }
                };
                let child = push_pointer(pointer, &key);
                if out.contains_key(&key) {
                    return Err(YamlError::Unrepresentable {
                        message: format!("the key `{key}` appears twice"),
                        pointer: child,
                    });
                }
                let v = to_json(v, &child)?;
                out.insert(key, v);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            return Err(YamlError::Unrepresentable {
                message: format!("YAML tags are not supported (found `{}`)", tagged.tag),
                pointer: pointer.to_string(),
            });
        }
    })
}

fn kind(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "null",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a sequence",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// How many times a shadow copy may be re-indented before we give up on locations.
const MAX_REINDENTS: usize = 64;

fn index_locations(text: &str) -> (LocationIndex, Vec<(String, Option<LineCol>)>) {
    let mut warnings = Vec::new();
    let mut shadow: Option<String> = None;
    let mut warned_lines = Vec::new();
    for _ in 0..=MAX_REINDENTS {
        let current = shadow.as_deref().unwrap_or(text);
        match walk_events(current) {
            Ok(index) => return (index, warnings),
            Err((info, line, col)) => {
                let line_text = current.lines().nth(line.saturating_sub(1) as usize).unwrap_or("");
                let closes_flow = matches!(line_text.trim_start().chars().next(), Some(']' | '}'));
                if info.contains("indentation") && closes_flow {
                    if !warned_lines.contains(&line) {
                        warned_lines.push(line);
                        warnings.push((
                            "this flow collection closes at an indentation strict YAML parsers \
                             reject (it must be indented more than its key); read as libyaml does"
                                .to_string(),
                            Some((line, col)),
                        ));
                    }
                    shadow = Some(reindent(current, line));
                    continue;
                }
                warnings.push((
                    format!(
                        "strict YAML parsers reject this file ({info}); read as libyaml does, \
                         without line numbers for its nodes"
                    ),
                    Some((line, col)),
                ));
                return (LocationIndex::default(), warnings);
            }
        }
    }
    (LocationIndex::default(), warnings)
}

/// Adds one leading space to 1-based line `line`.
fn reindent(text: &str, line: u32) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// `key` escaped as a pointer token (`~0`, `~1`), written into `buf` when it must change.
fn escaped<'b>(key: &'b str, buf: &'b mut String) -> &'b str {
    if !key.contains(['~', '/']) {
        return key;
    }
    buf.clear();
    push_token(buf, key);
    &buf[1..]
}

/// An open collection of the event walk. Each holds its pointer (for duplicate-key
/// reports) and its node in the index, under which its children are recorded.
enum Frame {
    Map {
        pointer: String,
        node: NodeId,
        key: Option<String>,
        seen: std::collections::BTreeSet<String>,
    },
    Seq {
        pointer: String,
        node: NodeId,
        next: usize,
    },
    /// A complex (non-scalar) mapping key, skipped with its nesting depth.
    Skip {
        depth: usize,
    },
}

/// Walks the strict parser's event stream without recursion, recording node starts.
fn walk_events(text: &str) -> Result<LocationIndex, (String, u32, u32)> {
    let mut parser = Parser::new_from_str(text);
    let mut index = LocationIndex::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = 0;
    // A buffer for the escaped token of a key.
    let mut token = String::new();
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| (e.info().to_string(), to_u32(e.marker().line()), to_u32(e.marker().col() + 1)))?;
        let at = (to_u32(mark.line()), to_u32(mark.col() + 1));
        let starts_container = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        let is_node = starts_container || matches!(event, Event::Scalar(..) | Event::Alias(..));
        match event {
            Event::StreamEnd => {
                // A container's start mark is where its first entry is read; the document
                // itself reads best as starting at its first node.
                if let Some(first) = index.first() {
                    index.insert("", first);
                }
                return Ok(index);
            }
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Ok(index);
                }
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                match stack.last_mut() {
                    Some(Frame::Skip { depth }) if *depth > 1 => *depth -= 1,
                    Some(Frame::Skip { .. }) => {
                        stack.pop();
                    }
                    _ => {
                        stack.pop();
                    }
                }
                continue;
            }
            _ if !is_node => continue,
            _ => {}
        }
        // Work out this node's place from its parent. Its pointer is only built when it
        // opens a collection (or repeats a key): most nodes are scalars.
        let (node, pointer) = match stack.last_mut() {
            None => (index.record_first(NodeId::TOP, "", at), String::new()),
            Some(Frame::Skip { depth }) => {
                if starts_container {
                    *depth += 1;
                }
                continue;
            }
            Some(Frame::Seq { pointer, node, next }) => {
                let token = itoa(*next);
                *next += 1;
                let child = index.record_first(*node, token.as_str(), at);
                (child, if starts_container { push_pointer(pointer, token.as_str()) } else { String::new() })
            }
            Some(Frame::Map { pointer, node, key, seen }) => {
                if let Some(k) = key.take() {
                    // A value: it is located at its key, recorded when the key was read.
                    let child = index.record_first(*node, escaped(&k, &mut token), at);
                    (child, if starts_container { push_pointer(pointer, &k) } else { String::new() })
                } else {
                    // A key. Scalar keys name the entry; complex keys are skipped whole.
                    match &event {
                        Event::Scalar(s, ..) => {
                            if !seen.insert(s.clone()) {
                                index.duplicates.push((push_pointer(pointer, s), at));
                            }
                            index.record_first(*node, escaped(s, &mut token), at);
                            *key = Some(s.clone());
                        }
                        _ => *key = Some(String::from("?")),
                    }
                    if starts_container {
                        stack.push(Frame::Skip { depth: 1 });
                    }
                    continue;
                }
            }
        };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { pointer, node, key: None, seen: Default::default() }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { pointer, node, next: 0 }),
            _ => {}
        }
    }
}

/// Indexes node locations only (for locating errors in text serde_yaml read but we refused).
pub fn parse_locations_only(text: &str) -> LocationIndex {
    index_locations(text).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_items() {
        let doc = parse("a:\n  b: [1, 2]\n  c:\n    - x: 1\n").unwrap();
        assert_eq!(doc.locations.locate("/a"), Some((1, 1)));
        assert_eq!(doc.locations.locate("/a/b"), Some((2, 3)));
        assert_eq!(doc.locations.locate("/a/b/1"), Some((2, 10)));
        assert_eq!(doc.locations.locate("/a/c/0/x"), Some((4, 7)));
        // Unknown children fall back to the nearest ancestor.
        assert_eq!(doc.locations.locate("/a/c/0/x/nope"), Some((4, 7)));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn flow_sequence_closed_at_key_indentation_is_read_with_a_warning() {
        let text = "ex:\n  \"scopes\" : [\n    \"api\"\n  ]\n  \"name\": \"t\"\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.value["ex"]["scopes"][0], "api");
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert_eq!(doc.warnings[0].1, Some((4, 3)));
        assert_eq!(doc.locations.locate("/ex/name"), Some((5, 3)));
    }

    #[test]
    fn errors_carry_locations() {
        match parse("a: [1, 2\nb: 3\n") {
            Err(YamlError::Syntax { at: Some((line, _)), .. }) => assert!(line >= 2),
            other => panic!("unexpected: {other:?}"),
        }
        match parse("a: 1\na: 2\n") {
            Err(YamlError::Syntax { message, .. }) => assert!(message.contains("duplicate"), "{message}"),
            other => panic!("unexpected: {other:?}"),
        }
        match parse("a: .nan\n") {
            Err(YamlError::Unrepresentable { pointer, .. }) => assert_eq!(pointer, "/a"),
            other => panic!("unexpected: {other:?}"),
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_in_linear_time() {
        // Quadratic in libyaml: 200 KB of `[` took 21 s before this check.
        let deep = format!("a: {}", "[".repeat(200_000));
        match parse(&deep) {
            Err(YamlError::Syntax { message, at }) => {
                assert!(message.contains("nests deeper than 128"), "{message}");
                assert_eq!(at, Some((1, 132)));
            }
            other => panic!("unexpected: {other:?}"),
        }
        let braces = format!("a:\n  b: {}", "{x: ".repeat(200));
        assert!(matches!(parse(&braces), Err(YamlError::Syntax { at: Some((2, _)), .. })));
    }

    #[test]
    fn brackets_that_are_text_do_not_count_as_nesting() {
        let cases = [
            format!("a: '{}'\n", "[".repeat(300)),
            format!("a: \"{}\\\"{}\"\n", "[".repeat(300), "{".repeat(300)),
            format!("a: x{}\n", "[".repeat(300)),
            format!("# {}\na: 1\n", "[".repeat(300)),
            format!("a: ['it''s {}', \"{}\"]\n", "[".repeat(300), "]".repeat(3)),
        ];
        for text in cases {
            assert_eq!(flow_too_deep(&text), None, "{text}");
            assert!(parse(&text).is_ok(), "{text}");
        }
        assert_eq!(flow_too_deep(&format!("a: [x, {}", "[".repeat(200))), Some((1, 135)));
    }

    #[test]
    fn numeric_keys_become_strings() {
        let doc = parse("200: {description: ok}\n").unwrap();
        assert_eq!(doc.value["200"]["description"], "ok");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }
}
