//! Path templates that name parameters the operation does not declare (`/search/{term}`
//! with no `term`), which sloppy but real specs do: every request to the path carries a
//! value there, so each is declared as the required string it must be, with a warning.

use serde_json::{Value, json};

use super::METHODS;
use crate::diagnostics::push_pointer;
use crate::load::Sources;
use crate::sink::Sink;

/// Declares each undeclared template parameter on the operations that lack it.
pub(super) fn declare_template_params(doc: &mut Value, sources: &Sources, sink: &mut Sink) {
    let mut missing: Vec<(String, String, String)> = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (path, item) in paths {
            let names = template_names(path);
            if names.is_empty() {
                continue;
            }
            let shared = path_params(doc, item.get("parameters"));
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let own = path_params(doc, op.get("parameters"));
                for name in &names {
                    if !own.contains(name) && !shared.contains(name) {
                        missing.push((path.clone(), method.to_string(), name.clone()));
                    }
                }
            }
        }
    }
    for (path, method, name) in missing {
        let op_ptr = push_pointer(&push_pointer("/paths", &path), &method);
        let Some(Value::Object(op)) = doc.pointer_mut(&op_ptr) else { continue };
        let params = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(params) = params {
            params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
        }
        sink.warning_at(
            sources,
            &op_ptr,
            format!(
                "the path template names `{{{name}}}`, but no path parameter `{name}` is declared; it is read as a \
                 required string"
            ),
        );
    }
}

/// The names between braces in a path template, in order, once each.
fn template_names(path: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        if !name.is_empty() && !name.contains('{') && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    names
}

/// The names of the path parameters in a `parameters` list, following references into
/// the document's own components.
fn path_params(doc: &Value, params: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(params)) = params else { return Vec::new() };
    params
        .iter()
        .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(r) => r.strip_prefix('#').and_then(|ptr| doc.pointer(ptr)),
            None => Some(p),
        })
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_read_once_each_in_order() {
        assert_eq!(template_names("/a/{x}/b/{y}.json/{x}"), ["x", "y"]);
        assert_eq!(template_names("/{owner}-{repo}"), ["owner", "repo"]);
        assert_eq!(template_names("/a/{}/{open"), Vec::<String>::new());
    }
}
