//! The only module that reads JSON text: one pass over the bytes that builds the value and
//! the location of every node together, so `.json` specs are located like YAML ones.
//!
//! It is hand-written rather than serde_json's reader for three reasons:
//! - serde_json gives no positions for the nodes it reads, only for its errors;
//! - real specs break the letter of JSON in ways worth reading rather than refusing: raw
//!   control characters inside strings (read, with a warning) and numbers past 64 bits
//!   (digitalocean's `maximum: 18446744073709552000`);
//! - nesting is bounded by [`MAX_DEPTH`] with a located error, so a file of 200 KB of `[`
//!   ends in microseconds, and the recursion has a known depth.
//!
//! Numbers that fit `i64` or `u64` are kept exactly; every other number becomes the nearest
//! `f64`, and one past the largest double becomes `±f64::MAX` with a warning. We do not
//! turn on serde_json's `arbitrary_precision` to keep their digits: Cargo unifies features
//! across the workspace, so it would change `serde_json::Value` for the generated crate and
//! the tests too, where it breaks numbers inside untagged and flattened enums (serde
//! buffers them as a private map); and openapiv3, the next stage, stores bounds as `f64`
//! and integer enums as `i64` anyway, so the extra digits would not survive it.

use serde_json::{Map, Number, Value};

use crate::source::{Document, LineCol, LocationIndex, MAX_DEPTH, NodeId, itoa, push_token};

/// Why a JSON document could not be read, and where.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct JsonError {
    pub message: String,
    /// The node being read when the error was found.
    pub pointer: String,
    pub at: LineCol,
}

/// Parses JSON text into a value, the location of each node (a member at its key), and
/// warnings for what strict JSON would refuse but we read.
///
/// A large text is read twice at once: the values here, the locations on a helper thread.
/// Reading is the serial front end's first stage, while the second core idles, and on
/// Microsoft Graph's beta (47 MB) the locations are half of it: a node and a hash per
/// member, and its line and column. Both reads follow one grammar, so they fail at the
/// same byte; the locating read's error is the one reported, since it knows the pointer.
pub fn parse(text: &str) -> Result<Document, JsonError> {
    parse_split(text, text.len() >= SPLIT_BYTES)
}

/// Texts from this size on are read in two halves ([`parse`]): below it, a thread costs
/// more than it saves.
const SPLIT_BYTES: usize = 1 << 20;

/// [`parse`], in one read or two.
fn parse_split(text: &str, split: bool) -> Result<Document, JsonError> {
    if !split {
        return read(text, Read::Both);
    }
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("generator-json".into())
            .stack_size(crate::STACK_BYTES)
            .spawn_scoped(scope, || read(text, Read::Locations))
            .ok();
        let values = read(text, Read::Values);
        let located = match helper.map(std::thread::ScopedJoinHandle::join) {
            Some(Ok(located)) => located,
            // A panic is re-raised for the caller's guard, as if it had happened here.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => read(text, Read::Locations),
        };
        let located = located?;
        Ok(Document { value: values?.value, locations: located.locations, warnings: located.warnings })
    })
}

/// What one read of a text makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// The value and the locations, in one pass.
    Both,
    /// The value alone; its errors carry no pointer.
    Values,
    /// The locations, the warnings and the errors, with `Value::Null` for every value.
    Locations,
}

fn read(text: &str, what: Read) -> Result<Document, JsonError> {
    let locate = what != Read::Values;
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        col_cache: (0, 1),
        pointer: String::new(),
        node: NodeId::TOP,
        // Every node but the first follows a `,`, `[` or `:`, so this bounds the node count
        // closely; reserving it spares rehashing a million pointers while the index grows.
        locations: if locate {
            LocationIndex::with_capacity(
                text.bytes().filter(|b| matches!(b, b',' | b'[' | b':')).count().min(text.len() / 2) + 1,
            )
        } else {
            LocationIndex::default()
        },
        build: what != Read::Locations,
        locate,
        scratch: String::new(),
        warnings: Vec::new(),
        warned_control: false,
        warned_infinite: false,
    };
    // A byte-order mark is not JSON, but editors write one; it carries no meaning.
    if text.starts_with('\u{feff}') {
        reader.pos = 3;
        reader.col_cache = (3, 1);
    }
    reader.skip_whitespace();
    if reader.pos == reader.bytes.len() {
        return Err(reader.error_here("invalid JSON: the file holds no value"));
    }
    if locate {
        let start = reader.line_col(reader.pos);
        reader.node = reader.locations.record(NodeId::TOP, "", start);
    }
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error_here("invalid JSON: more text after the document's value"));
    }
    Ok(Document { value, locations: reader.locations, warnings: reader.warnings })
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
    /// The 1-based line of `pos`, and the byte offset where that line starts.
    line: u32,
    line_start: usize,
    /// A byte offset on the current line and its 1-based column, so that columns are
    /// counted incrementally: a minified spec is one line of megabytes.
    col_cache: (usize, u32),
    /// The pointer of the node being read; pushed and truncated as the reader descends.
    pointer: String,
    /// The same node in `locations`, whose children are recorded under it.
    node: NodeId,
    locations: LocationIndex,
    /// Whether values are built ([`Read`]); without, every value reads as `Value::Null`.
    build: bool,
    /// Whether the pointer is kept and nodes are located.
    locate: bool,
    /// The text of a string read only to be located past (or a key, to name its node),
    /// reused from one string to the next.
    scratch: String,
    warnings: Vec<(String, Option<LineCol>)>,
    warned_control: bool,
    warned_infinite: bool,
}

impl Reader<'_> {
    /// The 1-based line and column (in characters) of byte offset `at` on the current line.
    fn line_col(&mut self, at: usize) -> LineCol {
        let (from, col) = if self.col_cache.0 <= at { self.col_cache } else { (self.line_start, 1) };
        // `at` and `from` are on character boundaries of the current line: positions are
        // only taken at ASCII bytes or at the start of a character.
        let extra = self.text.get(from..at).map_or(0, |s| s.chars().count());
        let col = col.saturating_add(u32::try_from(extra).unwrap_or(u32::MAX));
        self.col_cache = (at, col);
        (self.line, col)
    }

    fn error_here(&mut self, message: impl Into<String>) -> JsonError {
        let at = self.line_col(self.pos);
        JsonError { message: message.into(), pointer: self.pointer.clone(), at }
    }

    /// Moves past whitespace, counting lines.
    fn skip_whitespace(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => self.newline(self.pos + 1),
                _ => break,
            }
        }
    }

    /// Records that a line starts at byte offset `next`.
    fn newline(&mut self, next: usize) {
        self.pos = next;
        self.line = self.line.saturating_add(1);
        self.line_start = next;
        self.col_cache = (next, 1);
    }

    /// What the next byte is, for messages.
    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => "the end of the file".into(),
            Some(c) if c.is_control() => format!("U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    /// Reads one value whose pointer is `self.pointer`, at nesting `depth`. The caller has
    /// recorded its location: an item's start, or a member's key.
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.bytes.get(self.pos) {
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => {
                Err(self.error_here(format!("invalid JSON: the document nests deeper than {MAX_DEPTH} levels")))
            }
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') if self.build => self.string().map(Value::String),
            Some(b'"') => self.string_to_scratch().map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            _ => {
                let found = self.found();
                Err(self.error_here(format!("invalid JSON: expected a value, found {found}")))
            }
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            let found = self.found();
            Err(self.error_here(format!("invalid JSON: expected a value, found {found}")))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        let len = self.pointer.len();
        let mut count = 0;
        loop {
            let parent = self.node;
            if self.locate {
                self.pointer.push('/');
                self.pointer.push_str(itoa(count).as_str());
                let start = self.line_col(self.pos);
                self.node = self.locations.record(parent, &self.pointer[len + 1..], start);
            }
            let item = self.value(depth + 1);
            self.node = parent;
            self.pointer.truncate(len);
            let item = item?;
            if self.build {
                items.push(item);
            }
            count += 1;
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    let found = self.found();
                    return Err(
                        self.error_here(format!("invalid JSON: expected `,` or `]` in an array, found {found}"))
                    );
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut map = Map::new();
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        let len = self.pointer.len();
        loop {
            if self.bytes.get(self.pos) != Some(&b'"') {
                let found = self.found();
                return Err(self.error_here(format!("invalid JSON: expected a member name in quotes, found {found}")));
            }
            let key_at = if self.locate { self.line_col(self.pos) } else { (0, 0) };
            // A read that builds no value needs the key only to name its node.
            let key = if self.build {
                self.string()?
            } else {
                self.string_to_scratch()?;
                String::new()
            };
            let parent = self.node;
            // A member is located at its key, as in YAML. A key met twice in one object is
            // a node located twice; a read that does not locate finds it in the map.
            let duplicate = if self.locate {
                push_token(&mut self.pointer, if self.build { &key } else { &self.scratch });
                match self.locations.record_new(parent, &self.pointer[len + 1..], key_at) {
                    Some(node) => {
                        self.node = node;
                        false
                    }
                    None => true,
                }
            } else {
                map.contains_key(&key)
            };
            if duplicate {
                let key = if self.build { key } else { self.scratch.clone() };
                return Err(JsonError {
                    message: format!("invalid JSON: the key `{key}` appears twice"),
                    pointer: self.pointer.clone(),
                    at: key_at,
                });
            }
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b':') {
                let found = self.found();
                self.pointer.truncate(len);
                return Err(self.error_here(format!("invalid JSON: expected `:` after a member name, found {found}")));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth + 1);
            self.node = parent;
            self.pointer.truncate(len);
            let value = value?;
            if self.build {
                map.insert(key, value);
            }
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                _ => {
                    let found = self.found();
                    return Err(
                        self.error_here(format!("invalid JSON: expected `,` or `}}` in an object, found {found}"))
                    );
                }
            }
        }
    }

    /// Reads a string starting at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        let mut out = String::new();
        self.string_into(&mut out)?;
        Ok(out)
    }

    /// [`Self::string`] into `self.scratch`, for a read that builds no value.
    fn string_to_scratch(&mut self) -> Result<(), JsonError> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let read = self.string_into(&mut scratch);
        self.scratch = scratch;
        read
    }

    /// [`Self::string`], appended to `out`.
    fn string_into(&mut self, out: &mut String) -> Result<(), JsonError> {
        self.pos += 1;
        loop {
            // Copy the run of plain bytes up to the next quote, escape or control byte.
            let run = self.bytes[self.pos..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let Some(run) = run else {
                self.pos = self.bytes.len();
                return Err(self.error_here("invalid JSON: a string is not closed"));
            };
            // Runs end at ASCII bytes, so both ends are character boundaries.
            out.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => self.escape(out)?,
                control => {
                    // JSON wants these escaped; specs written by hand or by lax tools do
                    // not always, and the text's meaning is plain. Read it, warn once.
                    if !self.warned_control {
                        self.warned_control = true;
                        let at = self.line_col(self.pos);
                        self.warnings.push((
                            format!(
                                "a string holds the raw control character U+{control:04X}, which JSON \
                                 requires escaped; read as written (warned once per file)"
                            ),
                            Some(at),
                        ));
                    }
                    out.push(char::from(control));
                    if control == b'\n' {
                        self.newline(self.pos + 1);
                    } else {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    /// Reads one escape sequence starting at its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(&kind) = self.bytes.get(self.pos + 1) else {
            self.pos += 1;
            return Err(self.error_here("invalid JSON: a string is not closed"));
        };
        let simple = match kind {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            self.pos += 2;
            return Ok(());
        }
        if kind != b'u' {
            self.pos += 1;
            let found = self.found();
            return Err(self.error_here(format!("invalid JSON: unknown escape `\\` followed by {found}")));
        }
        let first = self.hex4(self.pos + 2)?;
        let mut end = self.pos + 6;
        let code = if (0xD800..0xDC00).contains(&first) {
            // A high surrogate must be followed by `\u` and a low one.
            let low = if self.bytes.get(end..end + 2) == Some(b"\\u") { Some(self.hex4(end + 2)?) } else { None };
            match low {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    end += 6;
                    0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                }
                _ => return Err(self.error_here("invalid JSON: a `\\u` escape is an unpaired surrogate")),
            }
        } else {
            first
        };
        let Some(c) = char::from_u32(code) else {
            return Err(self.error_here("invalid JSON: a `\\u` escape is an unpaired surrogate"));
        };
        out.push(c);
        self.pos = end;
        Ok(())
    }

    /// Four hex digits at byte offset `at`.
    fn hex4(&mut self, at: usize) -> Result<u32, JsonError> {
        let digits = self.bytes.get(at..at + 4).and_then(|d| std::str::from_utf8(d).ok());
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok().filter(|_| d.bytes().all(|b| b.is_ascii_hexdigit())))
        {
            Some(n) => Ok(n),
            None => Err(self.error_here("invalid JSON: `\\u` must be followed by four hex digits")),
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos - from
        };
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = digits(self);
        if int_digits == 0 || (int_digits > 1 && self.bytes[int_start] == b'0') {
            self.pos = int_start;
            return Err(self.error_here("invalid JSON: a number needs digits, without leading zeros"));
        }
        let mut integer = true;
        if self.bytes.get(self.pos) == Some(&b'.') {
            integer = false;
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error_here("invalid JSON: a number needs digits after its `.`"));
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error_here("invalid JSON: a number needs digits in its exponent"));
            }
        }
        let text = &self.text[start..self.pos];
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
        }
        // The grammar above is Rust's float grammar too, so this parse cannot fail; an
        // overflow gives an infinity, which JSON values cannot hold.
        let f = text.parse::<f64>().unwrap_or(f64::NAN);
        if let Some(n) = Number::from_f64(f) {
            return Ok(Value::Number(n));
        }
        let clamped = if text.starts_with('-') { -f64::MAX } else { f64::MAX };
        // Once per file: load locates each warning by a search of the whole index, so a
        // warning per number would make a file of such numbers quadratic.
        if !self.warned_infinite {
            self.warned_infinite = true;
            let at = self.line_col(start);
            self.warnings.push((
                format!("the number `{text}` is past the largest double; read as {clamped:e} (warned once per file)"),
                Some(at),
            ));
        }
        Ok(Number::from_f64(clamped).map_or(Value::Null, Value::Number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` in one pass and in two (as a large text is), checks that both give the
    /// same value, locations, warnings or error, and returns the one pass's result.
    fn parse(text: &str) -> Result<Document, JsonError> {
        let whole = parse_split(text, false);
        let split = parse_split(text, true);
        match (&whole, &split) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.value, b.value, "{text:?}");
                assert_eq!(a.locations.located(), b.locations.located(), "{text:?}");
                assert_eq!(a.warnings, b.warnings, "{text:?}");
            }
            (Err(a), Err(b)) => assert_eq!((&a.message, &a.pointer, a.at), (&b.message, &b.pointer, b.at), "{text:?}"),
            _ => panic!("{text:?}: one pass {:?}, two {:?}", whole.is_ok(), split.is_ok()),
        }
        whole
    }

    #[test]
    fn two_passes_agree_with_one_on_keys_escapes_and_errors() {
        for text in [
            "{\"a/b~c\": {\"\\u00e9\": [1, {\"x\": [[]]}]}, \"d\": \"e\\n\"}",
            "{\"a\": {\"b\": 1, \"b\": 2}}",
            "[{\"a\": 1}, {\"a\": 1, \"b\" 2}]",
            "{\"k\": \"a\u{1}b\", \"n\": 1e999}",
        ] {
            let _ = parse(text);
        }
        let (message, at) = error("{\"a\": {\"b\": 1, \"b\": 2}}");
        assert!(message.contains("`b` appears twice"), "{message}");
        assert_eq!(at, (1, 16));
    }

    #[test]
    fn locates_members_at_their_keys_and_items_at_their_start() {
        let doc = parse("{\n  \"a\": {\"b\": [1, 2]},\n  \"c\": [\n    {\"x\": 1}\n  ]\n}\n").unwrap();
        assert_eq!(doc.locations.locate(""), Some((1, 1)));
        assert_eq!(doc.locations.locate("/a"), Some((2, 3)));
        assert_eq!(doc.locations.locate("/a/b"), Some((2, 9)));
        assert_eq!(doc.locations.locate("/a/b/1"), Some((2, 18)));
        assert_eq!(doc.locations.locate("/c/0"), Some((4, 5)));
        assert_eq!(doc.locations.locate("/c/0/x"), Some((4, 6)));
        assert_eq!(doc.locations.locate("/c/0/x/nope"), Some((4, 6)));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn columns_count_characters_on_long_lines() {
        let doc = parse("{\"é\": \"ü\", \"k/~\": [true, null]}").unwrap();
        assert_eq!(doc.locations.locate("/é"), Some((1, 2)));
        assert_eq!(doc.locations.locate("/k~1~0"), Some((1, 12)));
        assert_eq!(doc.locations.locate("/k~1~0/1"), Some((1, 26)));
        assert_eq!(doc.value["k/~"][1], Value::Null);
    }

    #[test]
    fn strings_unescape_and_keep_raw_controls_with_a_warning() {
        let doc = parse("[\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", \"x\u{9f}\ty\"]").unwrap();
        assert_eq!(doc.value[0], "a\"\\/\u{8}\u{c}\n\r\té😀");
        assert_eq!(doc.value[1], "x\u{9f}\ty");
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert_eq!(doc.warnings[0].1, Some((1, 44)));
    }

    #[test]
    fn numbers_past_64_bits_are_read() {
        let doc = parse("[18446744073709552000, -9223372036854775809, 1e400, -1e400, 0.5, -0, 12]").unwrap();
        assert_eq!(doc.value[0].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert_eq!(doc.value[1].as_f64(), Some(-9_223_372_036_854_775_809.0));
        assert_eq!(doc.value[2].as_f64(), Some(f64::MAX));
        assert_eq!(doc.value[3].as_f64(), Some(-f64::MAX));
        assert_eq!(doc.value[4].as_f64(), Some(0.5));
        assert_eq!(doc.value[5].as_i64(), Some(0));
        assert_eq!(doc.value[6].as_u64(), Some(12));
        // One warning per file, however many numbers are clamped.
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    }

    fn error(text: &str) -> (String, LineCol) {
        match parse(text) {
            Err(e) => (e.message, e.at),
            Ok(doc) => panic!("{text:?} parsed: {:?}", doc.value),
        }
    }

    #[test]
    fn syntax_errors_are_located() {
        let cases: &[(&str, &str, LineCol)] = &[
            ("", "holds no value", (1, 1)),
            ("{\"a\": 1,\n \"b\" 2}", "expected `:`", (2, 6)),
            ("[1, 2\n", "expected `,` or `]`", (2, 1)),
            ("{\"a\": tru}", "expected a value", (1, 7)),
            ("{\"a\": 1, \"a\": 2}", "the key `a` appears twice", (1, 10)),
            ("\"abc", "not closed", (1, 5)),
            ("[01]", "leading zeros", (1, 2)),
            ("[1.]", "after its `.`", (1, 4)),
            ("[\"\\x\"]", "unknown escape", (1, 4)),
            ("[\"\\ud800\"]", "unpaired surrogate", (1, 3)),
            ("[\"\\u12g4\"]", "four hex digits", (1, 3)),
            ("{} {}", "more text", (1, 4)),
            ("{'a': 1}", "member name in quotes", (1, 2)),
        ];
        for (text, expect, at) in cases {
            let (message, got) = error(text);
            assert!(message.contains(expect), "{text:?}: {message}");
            assert_eq!(got, *at, "{text:?}: {message}");
        }
    }

    #[test]
    fn nesting_is_bounded_and_linear() {
        let deep = "[".repeat(200_000);
        let (message, at) = error(&deep);
        assert!(message.contains("nests deeper than"), "{message}");
        assert_eq!(at, (1, u32::try_from(MAX_DEPTH).unwrap() + 1));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"example": [1, -2, 3.25, 1e3, true, false, null, {}, []]}}}}}}}}"#;
        let ours = parse(text).unwrap().value;
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        // preserve_order: members keep the file's order.
        let keys: Vec<_> = ours.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["openapi", "info", "paths"]);
    }
}
