//! Where a path item holds its operations: under the eight methods OpenAPI 3.0 names, and
//! under the extension the 3.2 rewrite keeps the others in (the `query` method and
//! `additionalOperations`), since openapiv3's path item has a field per method and drops
//! any other key. Every walk over a document's operations asks here, so none misses them.

use serde_json::{Map, Value};

use crate::diagnostics::push_pointer;

/// The operations of a path item that 3.0 and 3.1 know, in the order walks visit them.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The path item extension that holds operations of other methods, keyed by the method
/// as it is sent (`QUERY`, `COPY`); `v32` fills it and records where each was written.
pub(crate) const ADDITIONAL: &str = "x-additional-operations";

/// Where one operation sits in its path item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    /// The JSON pointer relative to the item (`/get`, `/x-additional-operations/QUERY`).
    pub(crate) pointer: String,
    /// The method as it is sent (`GET`, `QUERY`).
    pub(crate) method: String,
    /// Its key: the item's (`get`), or the extension's (`QUERY`).
    key: String,
    additional: bool,
}

impl Slot {
    pub(crate) fn get<'a>(&self, item: &'a Map<String, Value>) -> Option<&'a Value> {
        match self.additional {
            false => item.get(&self.key),
            true => item.get(ADDITIONAL).and_then(|more| more.get(&self.key)),
        }
    }

    pub(crate) fn get_mut<'a>(&self, item: &'a mut Map<String, Value>) -> Option<&'a mut Value> {
        match self.additional {
            false => item.get_mut(&self.key),
            true => item.get_mut(ADDITIONAL).and_then(|more| more.get_mut(&self.key)),
        }
    }

    pub(crate) fn remove(&self, item: &mut Map<String, Value>) {
        match self.additional {
            false => {
                item.shift_remove(&self.key);
            }
            true => {
                if let Some(Value::Object(more)) = item.get_mut(ADDITIONAL) {
                    more.shift_remove(&self.key);
                }
            }
        }
    }
}

/// The operations a path item holds, the eight methods first, then the others as written.
pub(crate) fn slots(item: &Value) -> Vec<Slot> {
    let Value::Object(item) = item else { return Vec::new() };
    slots_of(item)
}

/// [`slots`] of an item already known to be an object.
pub(crate) fn slots_of(item: &Map<String, Value>) -> Vec<Slot> {
    let mut out: Vec<Slot> = METHODS
        .iter()
        .filter(|m| item.contains_key(**m))
        .map(|m| Slot { pointer: format!("/{m}"), method: m.to_ascii_uppercase(), key: (*m).into(), additional: false })
        .collect();
    if let Some(Value::Object(more)) = item.get(ADDITIONAL) {
        let at = push_pointer("", ADDITIONAL);
        out.extend(more.keys().map(|method| Slot {
            pointer: push_pointer(&at, method),
            method: method.clone(),
            key: method.clone(),
            additional: true,
        }));
    }
    out
}

/// True when `name` is a method an HTTP request can carry: an RFC 9110 token.
pub(crate) fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eight_methods_come_first_then_the_others_as_written() {
        let item = serde_json::json!({"x-additional-operations": {"COPY": {}, "QUERY": {}}, "post": {}, "get": {}});
        let slots: Vec<String> = slots(&item).into_iter().map(|s| format!("{} {}", s.pointer, s.method)).collect();
        assert_eq!(
            slots,
            ["/get GET", "/post POST", "/x-additional-operations/COPY COPY", "/x-additional-operations/QUERY QUERY"]
        );
    }

    #[test]
    fn methods_are_tokens() {
        assert!(is_token("QUERY") && is_token("M-SEARCH"));
        assert!(!is_token("") && !is_token("NO SPACE") && !is_token("a/b") && !is_token("ÜBER"));
    }
}
