//! Values the models share with the client and server: the error for text that is not a
//! valid value of a type, and the `{"message": …}` JSON error body.

use std::fmt;

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

#[cfg(test)]
mod tests {
    use super::*;

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
