//! Values the models share with the client and server: the error for text that is not a
//! valid value of a type, the `{"message": …}` JSON error body, the wrapper that keeps
//! secret fields out of `Debug` output, and the field that tells `null` from absent.

use std::fmt;

use serde::Deserialize as _;

/// A text (or number) that is not one of a type's values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {type_name}{expected}")]
pub struct ParseError {
    type_name: &'static str,
    value: String,
    expected: String,
}

impl ParseError {
    /// An error for `value`, which is not a `type_name`; `expected` lists the valid values
    /// when there are few enough to list.
    pub fn new(type_name: &'static str, value: &str, expected: &[&str]) -> Self {
        let expected =
            if expected.is_empty() { String::new() } else { format!(" (expected one of: {})", expected.join(", ")) };
        Self { type_name, value: value.to_owned(), expected }
    }

    /// The rejected text.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A value that breaks one of the spec's constraints (`maxLength`, `pattern`, `minimum`,
/// …), found by the client before it sends and by the server after it reads a body:
/// `target` is the parameter's name, or the body property's path (`body.capacity`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{target}` {reason} (`{constraint}`)")]
pub struct ConstraintError {
    target: String,
    constraint: &'static str,
    reason: String,
}

impl ConstraintError {
    /// `target` breaks the keyword `constraint`, as `reason` says.
    pub fn new(target: &str, constraint: &'static str, reason: String) -> Self {
        Self { target: target.to_owned(), constraint, reason }
    }

    /// The parameter's name, or the body property's path.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The keyword broken, as the spec writes it (`maxLength`, `exclusiveMinimum`, …).
    pub fn constraint(&self) -> &'static str {
        self.constraint
    }

    /// How the value breaks it (`is longer than 3 characters`).
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// An error body of the `{"message": …}` shape.
///
/// The message is usually a string (`"401 Unauthorized"`), sometimes an object of field
/// errors (`{"name": ["can't be blank"]}`). Other members (OAuth's `error` and
/// `error_description`, say) are kept in `other`, so nothing the server said is lost.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorMessage {
    /// The message: a string, or an object of field errors. `null` when absent.
    #[serde(default)]
    pub message: serde_json::Value,
    /// Any other members of the body.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl ErrorMessage {
    /// A body with this message (`"404 Not Found"`).
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: serde_json::Value::String(message.into()), other: serde_json::Map::new() }
    }
}

impl fmt::Display for ErrorMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            serde_json::Value::String(s) => f.write_str(s),
            serde_json::Value::Null if self.other.is_empty() => f.write_str("(no message)"),
            serde_json::Value::Null => write!(f, "{}", serde_json::Value::Object(self.other.clone())),
            other => write!(f, "{other}"),
        }
    }
}

/// A value that must not be shown: a token, a password. Fields the spec marks secret
/// (`format: password`, or the `secret_fields` setting) have this type.
///
/// On the wire it is the value itself (serde-transparent), so a secret still decodes and
/// encodes as the API sends it. Everywhere else it hides: `Debug` prints `Secret("***")`,
/// there is no `Display`, and reading it takes an explicit [`Secret::expose`]. The type
/// makes a leak impossible rather than unlikely: a struct that derives `Debug`, an error
/// that formats a model, or a log line that prints one cannot reach the value without
/// someone writing `expose()`.
#[derive(Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret<T = String>(T);

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that has to use it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The secret itself, unwrapped.
    pub fn into_exposed(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

/// An optional field that may be `null`, in a type that request bodies carry: absent,
/// `null`, or a value. An API that updates in part (PATCH) reads an absent field as
/// "leave it" and `null` as "clear it", which `Option` cannot tell apart.
///
/// Its field is `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so
/// [`Nullable::Absent`] is left out of the JSON, [`Nullable::Null`] is written `null`,
/// and each reads back as itself. Types that only responses carry keep `Option<T>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// Not sent: the field is left as it is.
    #[default]
    Absent,
    /// Sent as `null`: the field is cleared.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent (what the field's `skip_serializing_if` asks).
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if there is one (`None` for absent and `null` alike).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one (`None` for absent and `null` alike).
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Value(v) => Some(v),
            Self::Absent | Self::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Self::Value(value.to_owned())
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(v) => serializer.serialize_some(v),
            // Absent is skipped by the field's attribute; if it is written anyway (in a
            // sequence, say), it can only be `null`.
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// A present field: `null` or a value. An absent one is the field's `default`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|v| v.map_or(Self::Null, Self::Value))
    }
}

/// Whether values are being read strictly: while the server reads a request
/// (`server::runtime::strictly`), never without the server. A client reads `null` for an
/// optional property the spec forgot to make nullable, because real APIs send it; a
/// server holds its clients to the spec and refuses it (OpenAPI 3.0.3, Schema Object:
/// with `nullable: false`, `null` is not allowed).
#[doc(hidden)]
pub fn reading_strictly() -> bool {
    #[cfg(feature = "server")]
    return crate::server::runtime::is_strict();
    #[cfg(not(feature = "server"))]
    false
}

/// Reads an optional property whose schema does not hold `null` (the field's
/// `deserialize_with`): `null` reads as absent, as real APIs send it, except while the
/// server reads a request, where it is refused (see `reading_strictly`).
#[doc(hidden)]
pub fn not_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let value = Option::<T>::deserialize(deserializer)?;
    if value.is_none() && reading_strictly() {
        return Err(serde::de::Error::custom("null is not a value of this property (its schema is not nullable)"));
    }
    Ok(value)
}

/// As [`not_null`], for a field that tells `null` from absent (`Nullable`) whose schema's
/// `enum` does not list `null` though it says `nullable: true` (OpenAPI 3.0.3: `nullable`
/// adds `null` to the `type` only, and the `enum` still refuses it): a client reads the
/// `null` real APIs send, a server refuses it in a request.
#[doc(hidden)]
pub fn not_null_tri_state<'de, D, T>(deserializer: D) -> Result<Nullable<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let value = Option::<T>::deserialize(deserializer)?;
    if value.is_none() && reading_strictly() {
        return Err(serde::de::Error::custom("null is not a value of this property (its enum does not list it)"));
    }
    Ok(value.map_or(Nullable::Null, Nullable::Value))
}

/// The `Deserializer` a struct a request carries is read through (its `Deserialize`, by
/// [`object_only!`], is serde's derive made inherent by `#[serde(remote = "Self")]`):
/// while the server reads a request (see `reading_strictly`), a struct comes from a JSON
/// object only, where serde's derive also reads one from an array of its fields (`[null,
/// null]` for `{a, b}`), which no schema of an object allows; and the properties named
/// beside it (its required nullable ones, whose `Option` fields serde reads as `None` when
/// they are missing) must be there, `null` or not. Otherwise, as a client reads, it is
/// the deserializer it wraps. Only the struct's own reading passes through here: its
/// fields are read by their own types, nested structs by their own `ObjectOnly`. A
/// missing property fails the struct's own reading, so an untagged union goes on to its
/// next variant, as for any other required property.
///
/// The check sits in each struct's own `Deserialize`, not in a wrapper around the
/// request's deserializer, because serde hands some values on in a form of its own: an
/// untagged union and a flattened struct read from a buffered copy of the value, and the
/// unions the generator writes (`oneOf`, discriminators) read their variants from a
/// `serde_json::Value` with a fresh deserializer; a wrapper reaches none of these, while
/// each struct's own call is made on every path, and the buffer and the `Value` refuse a
/// map from an array as serde_json does. (serde has no attribute that turns the
/// sequence form off: serde-rs/serde#1587, open; #2432, where its maintainer points to a
/// `Deserialize` that asks for a map, as this one does; the draft attribute of #2639.)
/// A client stays lenient on purpose, as for `null` (`not_null`): it reads what real
/// servers answer, and an answer is the server's to get right; the conformance records
/// show example answers that put an array in an object's place (Zuora's `profiles`).
#[doc(hidden)]
pub struct ObjectOnly<D>(pub D, pub &'static [&'static str], pub bool);

impl<'de, D: serde::Deserializer<'de>> ObjectOnly<D> {
    /// Reads the map through [`Present`] when there is something to note: required
    /// nullable names, or the struct's own names (`known`) when it is closed.
    fn read_map<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
        known: Option<&'static [&'static str]>,
    ) -> Result<V::Value, D::Error> {
        if reading_strictly() && (!self.1.is_empty() || known.is_some()) {
            self.0.deserialize_map(Present { visitor, names: self.1, known })
        } else {
            self.0.deserialize_map(visitor)
        }
    }
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if reading_strictly() {
            // A closed struct (`additionalProperties: false`) knows its names here only.
            let known = self.2.then_some(fields);
            self.read_map(visitor, known)
        } else {
            self.0.deserialize_struct(name, fields, visitor)
        }
    }

    /// A struct with flattened fields reads as a map, which takes no array anyway.
    fn deserialize_map<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.read_map(visitor, None)
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    // serde's derive of a struct asks for nothing else.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

/// A struct's visitor, refusing a map that lacks one of `names` (see [`ObjectOnly`]), or
/// that has a key `known` does not list when there is such a list (a closed struct): it
/// notes each key as the struct's own visitor reads it.
struct Present<V> {
    visitor: V,
    names: &'static [&'static str],
    known: Option<&'static [&'static str]>,
}

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for Present<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let mut seen = vec![false; self.names.len()];
        let value =
            self.visitor.visit_map(Noting { inner: map, names: self.names, known: self.known, seen: &mut seen })?;
        match seen.iter().position(|s| !s) {
            Some(i) => Err(serde::de::Error::missing_field(self.names[i])),
            None => Ok(value),
        }
    }
}

/// A map, its keys noted among `names` as they are read (for [`Present`]), or a key's
/// deserializer and the key's visitor, which note the key's text the same way.
struct Noting<'a, T> {
    inner: T,
    names: &'static [&'static str],
    known: Option<&'static [&'static str]>,
    seen: &'a mut [bool],
}

impl<T> Noting<'_, T> {
    /// Notes `key`; a key a closed struct does not declare is an error (JSON Schema's
    /// `additionalProperties: false`).
    fn note<E: serde::de::Error>(&mut self, key: &[u8]) -> Result<(), E> {
        if let Some(i) = self.names.iter().position(|n| n.as_bytes() == key) {
            self.seen[i] = true;
        }
        match self.known {
            Some(known) if !known.iter().any(|n| n.as_bytes() == key) => {
                Err(E::unknown_field(&String::from_utf8_lossy(key), known))
            }
            _ => Ok(()),
        }
    }
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Noting<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let (names, known, seen) = (self.names, self.known, &mut *self.seen);
        self.inner.next_key_seed(Noting { inner: seed, names, known, seen })
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, K: serde::de::DeserializeSeed<'de>> serde::de::DeserializeSeed<'de> for Noting<'_, K> {
    type Value = K::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        let Noting { inner, names, known, seen } = self;
        inner.deserialize(Noting { inner: deserializer, names, known, seen })
    }
}

/// A key's deserializer: the struct's key visitor asks for an identifier (or any value, or
/// a string), whose text is noted before the visitor sees it.
impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for Noting<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Noting { inner, names, known, seen } = self;
        inner.deserialize_any(Noting { inner: visitor, names, known, seen })
    }

    fn deserialize_identifier<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Noting { inner, names, known, seen } = self;
        inner.deserialize_identifier(Noting { inner: visitor, names, known, seen })
    }

    fn deserialize_str<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Noting { inner, names, known, seen } = self;
        inner.deserialize_str(Noting { inner: visitor, names, known, seen })
    }

    fn deserialize_string<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Noting { inner, names, known, seen } = self;
        inner.deserialize_string(Noting { inner: visitor, names, known, seen })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    // A struct's keys are identifiers; nothing else is asked of them.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}
/// A key's visitor: notes the key's text, then hands it on.
impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for Noting<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_str<E: serde::de::Error>(mut self, v: &str) -> Result<V::Value, E> {
        self.note(v.as_bytes())?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: serde::de::Error>(mut self, v: &'de str) -> Result<V::Value, E> {
        self.note(v.as_bytes())?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: serde::de::Error>(mut self, v: String) -> Result<V::Value, E> {
        self.note(v.as_bytes())?;
        self.inner.visit_string(v)
    }

    fn visit_bytes<E: serde::de::Error>(mut self, v: &[u8]) -> Result<V::Value, E> {
        self.note(v)?;
        self.inner.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: serde::de::Error>(mut self, v: &'de [u8]) -> Result<V::Value, E> {
        self.note(v)?;
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: serde::de::Error>(mut self, v: Vec<u8>) -> Result<V::Value, E> {
        self.note(&v)?;
        self.inner.visit_byte_buf(v)
    }

    /// A field by its index, which no JSON key is; not one of the names.
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.inner.visit_u64(v)
    }
}

/// Of the variants of a `oneOf` that read a value (each with whether it also meets its
/// constraints), the one the value is, while the server reads a request: JSON Schema's
/// `oneOf` holds a value valid under exactly one of its schemas, where an untagged union
/// takes the first variant that reads (DigitalOcean's droplet actions sent with both a
/// `tag` and `droplet_ids`). More than one valid is an error naming them; none valid gives
/// the first that read, whose constraints then refuse it with their own words; `None` when
/// no variant read the value.
#[doc(hidden)]
pub fn exactly_one<T>(read: Vec<(&'static str, T, bool)>) -> Option<Result<T, String>> {
    let valid: Vec<&str> = read.iter().filter(|(_, _, valid)| *valid).map(|(name, _, _)| *name).collect();
    if valid.len() > 1 {
        return Some(Err(format!(
            "the value is valid under more than one of the schemas of `oneOf` (`{}`), and must be valid under exactly one",
            valid.join("`, `")
        )));
    }
    let chosen = read.iter().position(|(_, _, valid)| *valid).unwrap_or(0);
    read.into_iter().nth(chosen).map(|(_, value, _)| Ok(value))
}

/// `Deserialize` and `Serialize` for a struct derived with `#[serde(remote = "Self")]`:
/// reading through [`ObjectOnly`], with the wire names of its required nullable
/// properties (which a request must carry), writing as derived. Exported (hidden) like
/// [`not_null`], which the models name the same way, so a crate none of whose structs a
/// request carries has no unused item.
#[doc(hidden)]
#[macro_export]
macro_rules! object_only {
    ($name:ident, closed $(, $present:literal)*) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                $name::deserialize($crate::ObjectOnly(deserializer, &[$($present),*], true))
            }
        }

        $crate::object_only!(@serialize $name);
    };
    ($name:ident $(, $present:literal)*) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                $name::deserialize($crate::ObjectOnly(deserializer, &[$($present),*], false))
            }
        }

        $crate::object_only!(@serialize $name);
    };
    (@serialize $name:ident) => {

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                $name::serialize(self, serializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_hide_everywhere_but_the_wire() {
        let s: Secret = Secret::from("glpat-SECRET");
        assert_eq!(format!("{s:?}"), "Secret(\"***\")");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(\"***\"))");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"glpat-SECRET\"");
        let back: Secret = serde_json::from_str("\"glpat-SECRET\"").unwrap();
        assert_eq!(back.expose(), "glpat-SECRET");
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        nickname: Nullable<String>,
    }

    #[test]
    fn nullable_fields_tell_null_from_absent() {
        for (value, json) in [
            (Nullable::Absent, "{}"),
            (Nullable::Null, r#"{"nickname":null}"#),
            (Nullable::from("Ann"), r#"{"nickname":"Ann"}"#),
        ] {
            let patch = Patch { nickname: value };
            assert_eq!(serde_json::to_string(&patch).unwrap(), json);
            assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
        }
        assert_eq!(Nullable::from(1).as_option(), Some(&1));
        assert_eq!(Nullable::<i32>::Null.into_option(), None);
        assert!(Nullable::<i32>::default().is_absent() && Nullable::<i32>::Null.is_null());
        assert!(serde_json::from_str::<Patch>(r#"{"nickname":1}"#).is_err());
    }

    #[test]
    fn parse_errors_say_what_was_expected() {
        let e = ParseError::new("Scope", "sudo", &["api", "read_api"]);
        assert_eq!(e.to_string(), "`sudo` is not a valid Scope (expected one of: api, read_api)");
        assert_eq!(e.value(), "sudo");
    }

    #[test]
    fn error_messages_keep_everything() {
        let text = r#"{"message":{"name":["can't be blank"]},"error":"x"}"#;
        let m: ErrorMessage = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), text);
        assert_eq!(m.to_string(), r#"{"name":["can't be blank"]}"#);
        let m: ErrorMessage = serde_json::from_str(r#"{"error":"invalid_token"}"#).unwrap();
        assert_eq!(m.to_string(), r#"{"error":"invalid_token"}"#);
        assert_eq!(ErrorMessage::new("401 Unauthorized").to_string(), "401 Unauthorized");
    }
}
