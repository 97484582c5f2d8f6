//! `application/x-www-form-urlencoded`, written and read by one definition on both sides:
//! the client writes request bodies (and deepObject queries) and reads responses with it,
//! the server reads request bodies and writes responses with it, so whatever one side
//! writes the other reads back as the same typed value. The server's object parameters
//! (path, query, header) are read through the same untyped tree ([`Node`]).
//!
//! Errors here are side-independent (a reason, or a [`FormError`]); each side's runtime
//! places them in its own error: the client's `Error`, the server's `Rejection`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::{self, IntoDeserializer};

/// What stays unencoded in a path segment, a query component or a form key or value:
/// RFC 3986's unreserved characters. Everything else, `/`, `?`, `#`, `%`, spaces and
/// non-ASCII included, is percent-encoded, so a value such as `group/project` travels as
/// one segment, `group%2Fproject`.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How an array-valued top-level property of a form body is written: its `encoding`'s
/// style and explode. Arrays below the top level, and arrays of objects, are always
/// indexed (`items[0][price]=p`), as Stripe's spec writes them. Whatever it says, the
/// reader takes repeated keys, `name[]=` and indexed `name[0]=` as items; `Comma`, `Space`
/// and `Pipe` also split each value at their delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayForm {
    /// `tags=a&tags=b`: style form, explode true (OpenAPI's default for form bodies).
    Repeat,
    /// `tags=a,b`: style form, explode false.
    Comma,
    /// `tags=a%20b`: style spaceDelimited.
    Space,
    /// `tags=a|b`: style pipeDelimited.
    Pipe,
    /// `tags[0]=a&tags[1]=b`: style deepObject, as Stripe writes arrays.
    Indexed,
}

/// The `encoding` of a form body: which top-level array properties depart from
/// [`ArrayForm::Repeat`]. Objects always use deepObject brackets (`metadata[key]=v`).
pub type FormEncoding<'a> = &'a [(&'a str, ArrayForm)];

// ----- text -----

/// A JSON scalar as parameter text: `Some(None)` for null (left out), `None` for an array
/// or object.
pub(crate) fn scalar_text(value: &serde_json::Value) -> Option<Option<String>> {
    match value {
        serde_json::Value::Null => Some(None),
        serde_json::Value::String(s) => Some(Some(s.clone())),
        serde_json::Value::Bool(b) => Some(Some(b.to_string())),
        serde_json::Value::Number(n) => Some(Some(n.to_string())),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
    }
}

pub(crate) fn push_encoded(out: &mut String, text: &str, set: &'static AsciiSet) {
    out.extend(utf8_percent_encode(text, set));
}

/// Writes items joined by `between`, each encoded with `set`.
pub(crate) fn push_joined<'a>(
    out: &mut String,
    items: impl IntoIterator<Item = &'a str>,
    between: &str,
    set: &'static AsciiSet,
) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(between);
        }
        push_encoded(out, item, set);
    }
}

/// spaceDelimited items: split at `%20` or `+` (a space, as forms write it).
pub(crate) fn split_spaces(raw: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'+' {
            out.push(&raw[start..i]);
            start = i + 1;
        } else if bytes[i] == b'%' && raw[i..].get(..3).is_some_and(|e| e == "%20") {
            out.push(&raw[start..i]);
            start = i + 3;
            i += 2;
        }
        i += 1;
    }
    out.push(&raw[start..]);
    out
}

/// How deep brackets may nest (`a[b][c]` is 2). Reading recurses once per level, so a key
/// of a million brackets would otherwise overflow the stack; no real schema nests this deep.
pub(crate) const MAX_DEPTH: usize = 32;

/// `[a][0][b]` → `["a", "0", "b"]`, at most [`MAX_DEPTH`] keys. Text that is not only
/// bracketed keys but is one pair of outer brackets (`[a]b]`, `[a[b]]`) is one key holding
/// brackets (`a]b`, `a[b]`): a property's name may hold any character, and OpenAPI's
/// deepObject is one level, `name[property]`, so such a key is read as written rather than
/// refused. `None` for anything else, and past the depth.
pub(crate) fn bracket_keys(path: &str) -> Option<Vec<&str>> {
    match split_brackets(path) {
        Ok(keys) => Some(keys),
        Err(Split::TooDeep) => None,
        Err(Split::NotKeys) => path.strip_prefix('[')?.strip_suffix(']').map(|key| vec![key]),
    }
}

/// Why a text is not split into bracketed keys.
enum Split {
    TooDeep,
    NotKeys,
}

/// `[a][0][b]` → `["a", "0", "b"]`, when the text is only bracketed keys, none holding a
/// bracket.
fn split_brackets(mut path: &str) -> Result<Vec<&str>, Split> {
    let mut keys = Vec::new();
    while !path.is_empty() {
        if keys.len() == MAX_DEPTH {
            return Err(Split::TooDeep);
        }
        let inner = path.strip_prefix('[').ok_or(Split::NotKeys)?;
        let end = inner.find(']').ok_or(Split::NotKeys)?;
        let key = &inner[..end];
        if key.contains('[') {
            return Err(Split::NotKeys);
        }
        keys.push(key);
        path = &inner[end + 1..];
    }
    Ok(keys)
}

// ----- writing -----

/// The form looked up for property `name`.
fn array_form(encoding: FormEncoding<'_>, name: &str) -> ArrayForm {
    encoding.iter().find(|(n, _)| *n == name).map_or(ArrayForm::Repeat, |(_, f)| *f)
}

/// Writes `value` (an object) as an `application/x-www-form-urlencoded` body. Scalars are
/// `name=value`; nested objects use brackets (`metadata[key]=v`); nested arrays are
/// indexed (`items[0][price]=p`); `null` members and empty arrays are left out, since a
/// form has no way to say them. An error is the reason, for the caller to place.
pub(crate) fn write<T: serde::Serialize>(value: &T, encoding: FormEncoding<'_>) -> Result<String, String> {
    let serde_json::Value::Object(members) = serde_json::to_value(value).map_err(|e| e.to_string())? else {
        return Err("is not an object, so it cannot be a form".to_owned());
    };
    let mut form = Form::default();
    for (name, member) in &members {
        let mut key = String::new();
        check_key(name)?;
        push_encoded(&mut key, name, COMPONENT);
        match member {
            serde_json::Value::Array(items) if items.iter().all(|i| scalar_text(i).is_some()) => {
                let texts = items.iter().filter_map(|i| scalar_text(i).flatten()).collect::<Vec<_>>();
                form.array(&key, &texts, array_form(encoding, name))?;
            }
            other => form.nested(&mut key, other)?,
        }
    }
    Ok(form.out)
}

/// A form being written (or a deepObject query, which is written the same way).
#[derive(Default)]
pub(crate) struct Form {
    pub(crate) out: String,
}

/// Refuses a key the server could not read back: one with brackets, which it would take
/// for nesting, or an empty one, which `name[]` means an array item.
fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key.contains(['[', ']']) {
        return Err(format!("has a key `{key}` with a bracket"));
    }
    Ok(())
}

impl Form {
    fn pair(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.push_str(key);
        self.out.push('=');
        push_encoded(&mut self.out, value, COMPONENT);
    }

    fn array(&mut self, key: &str, items: &[String], form: ArrayForm) -> Result<(), String> {
        let joined = |between: &str| {
            let mut out = String::new();
            push_joined(&mut out, items.iter().map(String::as_str), between, COMPONENT);
            out
        };
        match form {
            ArrayForm::Repeat => items.iter().for_each(|i| self.pair(key, i)),
            ArrayForm::Indexed => {
                for (i, item) in items.iter().enumerate() {
                    self.pair(&format!("{key}[{i}]"), item);
                }
            }
            _ if items.is_empty() => {}
            ArrayForm::Space if items.iter().any(|i| i.contains(' ')) => {
                return Err(format!(
                    "`{key}` has an item with a space, which spaceDelimited cannot tell from a delimiter"
                ));
            }
            ArrayForm::Comma | ArrayForm::Space | ArrayForm::Pipe => {
                let between = match form {
                    ArrayForm::Space => "%20",
                    ArrayForm::Pipe => "|",
                    _ => ",",
                };
                let text = joined(between);
                if !self.out.is_empty() {
                    self.out.push('&');
                }
                self.out.push_str(key);
                self.out.push('=');
                self.out.push_str(&text);
            }
        }
        Ok(())
    }

    /// Writes `value` under `key` (already encoded), with brackets for what it holds.
    pub(crate) fn nested(&mut self, key: &mut String, value: &serde_json::Value) -> Result<(), String> {
        let at = key.len();
        match value {
            serde_json::Value::Object(members) => {
                for (name, member) in members {
                    check_key(name)?;
                    key.push('[');
                    push_encoded(key, name, COMPONENT);
                    key.push(']');
                    self.nested(key, member)?;
                    key.truncate(at);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    use std::fmt::Write;
                    let _ = write!(key, "[{i}]");
                    self.nested(key, item)?;
                    key.truncate(at);
                }
            }
            scalar => {
                if let Some(Some(text)) = scalar_text(scalar) {
                    self.pair(key, &text);
                }
            }
        }
        Ok(())
    }
}

// ----- reading -----

/// Decodes an `application/x-www-form-urlencoded` body into `T`: scalars from `name=v`,
/// nested objects from brackets (`metadata[key]=v`), arrays from repeated keys, `name[]`
/// or indexes (`items[0][price]=p`), and the delimited forms `encoding` declares. A failure
/// names the body path (`items[0].price`), or the top-level key whose text is malformed.
pub(crate) fn read<T: de::DeserializeOwned>(body: &[u8], encoding: FormEncoding<'_>) -> Result<T, FormError> {
    let error = |name: &str, problem| FormError { name: name.to_owned(), problem };
    let text = std::str::from_utf8(body).map_err(|_| error(".", Problem::NotUtf8))?;
    let mut tree = Tree::default();
    for piece in text.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
        let key = decode(raw_key).map_err(|p| error(".", p))?;
        let (head, brackets) = key.find('[').map_or((key.as_str(), ""), |at| key.split_at(at));
        // A key whose brackets are not keys (`a[b`) is a name of its own, as a property's
        // name may be any text: an undeclared one, which a struct ignores and a map keeps.
        let (head, mut keys) = match bracket_keys(brackets) {
            Some(keys) => (head, keys),
            None if matches!(split_brackets(brackets), Err(Split::TooDeep)) => {
                return Err(error(head, Problem::Invalid(format!("nests deeper than {MAX_DEPTH} levels"))));
            }
            None => (key.as_str(), Vec::new()),
        };
        let fail = |reason: String| error(head, Problem::Invalid(reason));
        keys.insert(0, head);
        let delimited = match encoding.iter().find(|(n, _)| *n == head).map(|(_, f)| *f) {
            Some(ArrayForm::Comma) => Some(raw_value.split(',').collect::<Vec<_>>()),
            Some(ArrayForm::Pipe) => Some(raw_value.split('|').collect()),
            Some(ArrayForm::Space) => Some(split_spaces(raw_value)),
            _ => None,
        };
        match delimited {
            Some(items) if keys.len() == 1 => {
                for item in items {
                    let value = decode(item).map_err(|p| error(head, p))?;
                    tree.insert(&[head, ""], value).map_err(|e| fail(format!("`{key}` {e}")))?;
                }
            }
            _ => {
                let value = decode(raw_value).map_err(|p| error(head, p))?;
                tree.insert(&keys, value).map_err(|e| fail(format!("`{key}` {e}")))?;
            }
        }
    }
    serde_path_to_error::deserialize(tree.into_node())
        .map_err(|e| error(&e.path().to_string(), Problem::Invalid(e.inner().to_string())))
}

/// Why a form (or a value in one) could not be read, and where: the body path, or the
/// top-level key whose text is malformed (`.` for the body as a whole).
#[derive(Debug)]
pub(crate) struct FormError {
    pub(crate) name: String,
    pub(crate) problem: Problem,
}

/// What was wrong with a form, in words each side places in its own error.
#[derive(Debug)]
pub(crate) enum Problem {
    NotUtf8,
    MalformedEscape,
    Invalid(String),
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            Problem::NotUtf8 => f.write_str("is not UTF-8"),
            Problem::MalformedEscape => f.write_str("has a malformed percent-escape"),
            Problem::Invalid(reason) => f.write_str(reason),
        }
    }
}

/// Decodes form text: `+` is a space, escapes are strict (every `%` starts a `%XX`), and
/// the result must be UTF-8.
fn decode(raw: &str) -> Result<String, Problem> {
    let spaced = if raw.contains('+') { std::borrow::Cow::Owned(raw.replace('+', " ")) } else { raw.into() };
    if !escapes_are_well_formed(&spaced) {
        return Err(Problem::MalformedEscape);
    }
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| Problem::NotUtf8)
}

/// Whether every `%` in `raw` starts a `%XX` escape (`percent_encoding` passes `%zz`
/// through as text). This only checks; decoding is left to `percent_encoding`. The
/// server's runtime checks its path, query and header text with it too.
pub(crate) fn escapes_are_well_formed(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(at, _)| bytes.get(at + 1..at + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)))
}

/// Pairs with bracketed keys, gathered into a tree before serde sees them.
#[derive(Debug, Default)]
pub(crate) struct Tree(Vec<(String, Node)>);

impl Tree {
    /// Puts `value` at `keys`. A key repeated at the end (`tags=a&tags=b`) or an empty
    /// bracket (`tags[]=a`) adds an item; a key that is both a value and a container is
    /// refused.
    pub(crate) fn insert(&mut self, keys: &[&str], value: String) -> Result<(), String> {
        insert(&mut self.0, keys, value)
    }

    pub(crate) fn into_node(self) -> Node {
        Node::Map(self.0)
    }
}

fn insert(map: &mut Vec<(String, Node)>, keys: &[&str], value: String) -> Result<(), String> {
    let Some((first, rest)) = keys.split_first() else { return Err("has no name".to_owned()) };
    let at = match map.iter().position(|(k, _)| k == first) {
        Some(at) => at,
        None => {
            let fresh = match rest {
                [] => Node::Text(value),
                [""] => Node::Seq(vec![Node::Text(value)]),
                _ => {
                    let mut inner = Vec::new();
                    insert(&mut inner, rest, value)?;
                    Node::Map(inner)
                }
            };
            map.push(((*first).to_owned(), fresh));
            return Ok(());
        }
    };
    let node = &mut map[at].1;
    match (node, rest) {
        (Node::Seq(items), [] | [""]) => items.push(Node::Text(value)),
        (node @ Node::Text(_), [] | [""]) => {
            let previous = std::mem::replace(node, Node::Seq(Vec::new()));
            *node = Node::Seq(vec![previous, Node::Text(value)]);
        }
        (Node::Map(inner), [_, ..]) => insert(inner, rest, value)?,
        _ => return Err("mixes a value with nested keys".to_owned()),
    }
    Ok(())
}

/// Text gathered from the wire, shaped but untyped: serde asks each leaf for the type its
/// field wants, and the text is parsed then (`"5"` as an integer, `"true"` as a boolean).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Text(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

type DeError = de::value::Error;

impl<'de> IntoDeserializer<'de, DeError> for Node {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl Node {
    fn text(self) -> Result<String, DeError> {
        match self {
            Node::Text(t) => Ok(t),
            Node::Seq(_) => Err(de::Error::custom("is given more than once")),
            Node::Map(_) => Err(de::Error::custom("has nested keys where a single value belongs")),
        }
    }

    /// Items of a sequence: repeated values, one value, or a map indexed `0, 1, …` (sorted
    /// by index, which must be a number).
    fn items(self) -> Result<Vec<Node>, DeError> {
        match self {
            Node::Seq(items) => Ok(items),
            text @ Node::Text(_) => Ok(vec![text]),
            Node::Map(entries) => {
                let mut indexed = entries
                    .into_iter()
                    .map(|(k, v)| k.parse::<usize>().map(|i| (i, v)))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| de::Error::custom("has a key that is not an array index"))?;
                indexed.sort_by_key(|(i, _)| *i);
                if indexed.windows(2).any(|w| w[0].0 == w[1].0) {
                    return Err(de::Error::custom("has an array index twice"));
                }
                Ok(indexed.into_iter().map(|(_, v)| v).collect())
            }
        }
    }
}

macro_rules! parse_text {
    ($($method:ident => $visit:ident : $ty:ty),* $(,)?) => {
        $(
            fn $method<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                let text = self.text()?;
                let value: $ty = text
                    .parse()
                    .map_err(|_| de::Error::custom(format!("`{text}` is not a valid {}", stringify!($ty))))?;
                visitor.$visit(value)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = DeError;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Node::Text(t) => visitor.visit_string(t),
            Node::Seq(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.into_iter())),
            Node::Map(entries) => visitor.visit_map(de::value::MapDeserializer::new(entries.into_iter())),
        }
    }

    parse_text! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
        deserialize_char => visit_char: char,
    }

    fn deserialize_str<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_string(self.text()?)
    }

    fn deserialize_string<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_string(self.text()?)
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.text()?.as_str() {
            "" => visitor.visit_unit(),
            other => Err(de::Error::custom(format!("`{other}` is not empty"))),
        }
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_seq(de::value::SeqDeserializer::new(self.items()?.into_iter()))
    }

    fn deserialize_tuple<V: de::Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // Parameters and form fields carry unit variants (string enums) only.
        visitor.visit_enum(self.text()?.into_deserializer())
    }

    /// An object (a struct, or a map of `additionalProperties`) comes from nested keys
    /// only. serde's derived struct also reads a sequence of its fields in order, which a
    /// form cannot mean: `items[0]=p&items[0]=2` is a member given twice, not the object
    /// `{price: p, quantity: 2}`, on the server and the client alike.
    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Node::Map(entries) => visitor.visit_map(de::value::MapDeserializer::new(entries.into_iter())),
            Node::Seq(_) => Err(de::Error::custom("is given more than once where an object belongs")),
            Node::Text(_) => Err(de::Error::custom("is a single value where an object belongs")),
        }
    }

    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bytes byte_buf unit_struct tuple_struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_keys_are_split_or_refused() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("", Some(&[])),
            ("[a]", Some(&["a"])),
            ("[a][0][b]", Some(&["a", "0", "b"])),
            ("[]", Some(&[""])),
            ("[a", None),
            ("a]", None),
            ("[a]x", None),
            ("[a[b]]", Some(&["a[b]"])),
            ("[a]b]", Some(&["a]b"])),
            ("[a][b", None),
        ];
        for (path, expect) in cases {
            assert_eq!(bracket_keys(path).as_deref(), *expect, "{path}");
        }
        assert!(bracket_keys(&"[a]".repeat(MAX_DEPTH)).is_some());
        assert!(bracket_keys(&"[a]".repeat(MAX_DEPTH + 1)).is_none());
    }

    #[test]
    fn space_delimited_items_split_at_either_spelling() {
        assert_eq!(split_spaces("a%20b+c"), ["a", "b", "c"]);
        assert_eq!(split_spaces("a%2520b"), ["a%2520b"]);
        assert_eq!(split_spaces(""), [""]);
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        price: String,
        quantity: Option<u8>,
    }

    #[test]
    fn an_object_comes_from_nested_keys_only() {
        let text = |t: &str| Node::Text(t.to_owned());
        let keyed = Node::Map(vec![("price".to_owned(), text("p")), ("quantity".to_owned(), text("2"))]);
        assert_eq!(de::Deserialize::deserialize(keyed), Ok(Item { price: "p".to_owned(), quantity: Some(2) }));
        // `items[0]=p&items[0]=2`, which serde's derive would read as the fields in order.
        let repeated = Node::Seq(vec![text("p"), text("2")]);
        let error = <Item as de::Deserialize>::deserialize(repeated.clone()).expect_err("a member given twice");
        assert_eq!(error.to_string(), "is given more than once where an object belongs");
        assert!(<std::collections::BTreeMap<String, String> as de::Deserialize>::deserialize(repeated).is_err());
        assert!(<Item as de::Deserialize>::deserialize(text("p")).is_err());
    }

    #[test]
    fn indexed_items_come_out_in_index_order() {
        let node = Node::Map((0..12).rev().map(|i| (i.to_string(), Node::Text(i.to_string()))).collect());
        let items: Vec<u8> = de::Deserialize::deserialize(node).expect("a sequence");
        assert_eq!(items, (0..12).collect::<Vec<u8>>());
        let twice = Node::Map(vec![("1".into(), Node::Text("a".into())), ("01".into(), Node::Text("b".into()))]);
        assert!(<Vec<String> as de::Deserialize>::deserialize(twice).is_err(), "index 1 given twice");
    }
}
