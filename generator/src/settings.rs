//! Generator settings kept beside a spec (`openapi.yaml` → `openapi.codegen.yaml`). They
//! record what OpenAPI cannot say: the crate's name and the real API's conventions.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::ir::{ArrayQueryStyle, ErrorBody, Settings};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    crate_name: Option<String>,
    crate_version: Option<String>,
    #[serde(default)]
    array_query_style: RawStyle,
    #[serde(default)]
    error_body: RawErrorBody,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawStyle {
    #[default]
    Openapi,
    Rails,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawErrorBody {
    #[default]
    None,
    Message,
}

/// The settings file that belongs to a root spec: `dir/name.yaml` → `dir/name.codegen.yaml`.
pub fn path_for(root: &str) -> String {
    let stem = root.rsplit_once('.').map_or(root, |(stem, _)| stem);
    format!("{stem}.codegen.yaml")
}

/// Parses settings text; `None` text means defaults. `title` names the crate by default.
pub fn parse(text: Option<&str>, display: &str, title: &str) -> Result<Settings, Diagnostic> {
    let raw = match text {
        None => Raw {
            crate_name: None,
            crate_version: None,
            array_query_style: RawStyle::default(),
            error_body: RawErrorBody::default(),
        },
        Some(text) => {
            let at = |line_col| Some(Location { file: display.to_string(), pointer: String::new(), line_col });
            let value = match crate::yaml::parse(text) {
                Ok(doc) => doc.value,
                Err(crate::yaml::YamlError::Syntax { message, at: lc }) => {
                    return Err(Diagnostic::error(message).at(at(lc)));
                }
                Err(e) => return Err(Diagnostic::error(e.to_string()).at(at(None))),
            };
            let value = if value.is_null() { serde_json::json!({}) } else { value };
            serde_json::from_value::<Raw>(value)
                .map_err(|e| Diagnostic::error(format!("invalid generator settings: {e}")).at(at(None)))?
        }
    };
    // "GitLab API" → `gitlab-api`: words as written, lowercased (heck would split "GitLab").
    let default_name = || {
        title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("-")
    };
    let crate_name = raw.crate_name.unwrap_or_else(default_name);
    let valid = !crate_name.is_empty()
        && crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && crate_name.starts_with(|c: char| c.is_ascii_alphabetic());
    if !valid {
        return Err(Diagnostic::error(format!("`{crate_name}` is not a valid crate name"))
            .at(Some(Location { file: display.to_string(), pointer: "/crate_name".into(), line_col: None }))
            .help("use ASCII letters, digits, `-` and `_`, starting with a letter"));
    }
    Ok(Settings {
        crate_name,
        crate_version: raw.crate_version.unwrap_or_else(|| "0.1.0".into()),
        array_query_style: match raw.array_query_style {
            RawStyle::Openapi => ArrayQueryStyle::OpenApi,
            RawStyle::Rails => ArrayQueryStyle::Rails,
        },
        error_body: match raw.error_body {
            RawErrorBody::None => ErrorBody::None,
            RawErrorBody::Message => ErrorBody::Message,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_default() {
        assert_eq!(path_for("spec/openapi.yaml"), "spec/openapi.codegen.yaml");
        let s = parse(None, "x", "GitLab API").unwrap();
        assert_eq!(s.crate_name, "gitlab-api");
        assert_eq!(s.array_query_style, ArrayQueryStyle::OpenApi);
        let s = parse(Some("crate_name: x\narray_query_style: rails\nerror_body: message\n"), "x", "t").unwrap();
        assert_eq!((s.array_query_style, s.error_body), (ArrayQueryStyle::Rails, ErrorBody::Message));
        let e = parse(Some("array_query_style: php\n"), "x", "t").unwrap_err();
        assert!(e.message.contains("unknown variant `php`"), "{}", e.message);
        let e = parse(Some("crate_nam: x\n"), "x", "t").unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
        assert!(parse(Some("crate_name: '../x'\n"), "x", "t").is_err());
    }
}
