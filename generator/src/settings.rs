//! Generator settings kept beside a spec (`openapi.yaml` → `openapi.codegen.yaml`). They
//! record what OpenAPI cannot say: the crate's name, the real API's conventions, and the
//! overlays that correct the spec (read first, by [`overlays`], since they change the
//! document the other settings describe).

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::ir::{ArrayQueryStyle, ErrorBody, OpenEnums, Settings, WebhookSignature};
use crate::overlay::Listed;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    crate_name: Option<String>,
    crate_version: Option<String>,
    #[serde(default)]
    array_query_style: RawStyle,
    #[serde(default)]
    error_body: RawErrorBody,
    #[serde(default)]
    open_enums: RawOpenEnums,
    /// Properties, as `Schema.property` or JSON pointers.
    #[serde(default)]
    secret_fields: Vec<String>,
    /// `standard` (Standard Webhooks) or `custom` (the team's own check).
    webhook_signature: Option<RawSignature>,
    /// Read early by [`overlays`], before the document is normalised; accepted here.
    #[serde(default, rename = "overlays")]
    _overlays: serde::de::IgnoredAny,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawStyle {
    #[default]
    Openapi,
    Rails,
}

/// `open_enums: all`, or a list of component schema names and JSON pointers.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawOpenEnums {
    All(AllKeyword),
    Listed(Vec<String>),
}

impl Default for RawOpenEnums {
    fn default() -> Self {
        Self::Listed(Vec::new())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum AllKeyword {
    All,
}

/// A setting's place in the document as a JSON pointer: `#/a/b` and `/a/b` as written, a
/// bare `Name` as the component schema, and `Name.property` as that schema's property.
fn pointer_of(entry: &str) -> String {
    if let Some(p) = entry.strip_prefix('#') {
        return p.to_owned();
    }
    if entry.starts_with('/') {
        return entry.to_owned();
    }
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    match entry.split_once('.') {
        Some((schema, property)) => {
            format!("/components/schemas/{}/properties/{}", escape(schema), escape(property))
        }
        None => format!("/components/schemas/{}", escape(entry)),
    }
}

/// How webhook deliveries are signed. The spec may say it too, as the root's
/// `x-webhook-signature` (same values), which lowering reads; the setting wins.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawSignature {
    Standard,
    Custom,
}

impl RawSignature {
    pub(crate) fn scheme(self) -> WebhookSignature {
        match self {
            Self::Standard => WebhookSignature::Standard,
            Self::Custom => WebhookSignature::Custom,
        }
    }
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

/// The overlays the settings list (`overlays: [overlays/fix.yaml]`), in order, each with
/// where it is listed. They are read before the rest of the settings, which need the
/// patched document (its title names the crate by default).
pub fn overlays(text: Option<&str>, display: &str) -> Result<Vec<Listed>, Diagnostic> {
    let Some(text) = text else { return Ok(Vec::new()) };
    let at = |pointer: &str, line_col| Location { file: display.to_string(), pointer: pointer.into(), line_col };
    let doc = match crate::yaml::parse(text) {
        Ok(doc) => doc,
        Err(crate::yaml::YamlError::Syntax { message, at: lc }) => {
            return Err(Diagnostic::error(message).at(Some(at("", lc))));
        }
        Err(e) => return Err(Diagnostic::error(e.to_string()).at(Some(at("", None)))),
    };
    let list = match doc.value.get("overlays") {
        None | Some(serde_json::Value::Null) => return Ok(Vec::new()),
        Some(serde_json::Value::Array(list)) => list,
        Some(_) => {
            let lc = doc.locations.locate("/overlays");
            return Err(Diagnostic::error("`overlays` must be a list of paths").at(Some(at("/overlays", lc))));
        }
    };
    list.iter()
        .enumerate()
        .map(|(i, path)| {
            let pointer = format!("/overlays/{i}");
            let located = at(&pointer, doc.locations.locate(&pointer));
            match path.as_str() {
                Some(path) => Ok(Listed { path: path.to_string(), at: located }),
                None => Err(Diagnostic::error("an overlay is listed by its path, a string")
                    .at(Some(located))
                    .help("paths are relative to the root spec's directory, as in `overlays/fix.yaml`")),
            }
        })
        .collect()
}

/// Parses settings text; `None` text means defaults. `title` names the crate by default.
pub fn parse(
    text: Option<&str>,
    display: &str,
    title: &str,
    file_stem: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Settings, Diagnostic> {
    let raw = match text {
        None => Raw {
            crate_name: None,
            crate_version: None,
            array_query_style: RawStyle::default(),
            error_body: RawErrorBody::default(),
            open_enums: RawOpenEnums::default(),
            secret_fields: Vec::new(),
            webhook_signature: None,
            _overlays: serde::de::IgnoredAny,
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
    // Names never refuse: the title's words when they make a name, else the spec file's,
    // else `api`; a name the settings give that is not one is a warning, and the same
    // fallback is used.
    let crate_name = match raw.crate_name {
        Some(name) if crate_name_of(&name).as_deref() == Some(name.as_str()) => name,
        given => {
            let made = crate_name_of(title).or_else(|| crate_name_of(file_stem)).unwrap_or_else(|| "api".into());
            if let Some(given) = given {
                warnings.push(
                    Diagnostic::warning(format!("`{given}` is not a valid crate name; the crate is named `{made}`"))
                        .at(Some(Location { file: display.to_string(), pointer: "/crate_name".into(), line_col: None }))
                        .help("use ASCII letters, digits, `-` and `_`, starting with a letter"),
                );
            }
            made
        }
    };
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
        open_enums: match raw.open_enums {
            RawOpenEnums::All(AllKeyword::All) => OpenEnums::All,
            RawOpenEnums::Listed(list) => OpenEnums::Listed(list.iter().map(|e| pointer_of(e)).collect()),
        },
        secret_fields: raw.secret_fields.iter().map(|e| pointer_of(e)).collect(),
        webhook_signature: raw.webhook_signature.map(RawSignature::scheme),
    })
}

/// A crate name made of `text`'s words (`"GitLab API"` → `gitlab-api`: words as written,
/// lowercased; heck would split "GitLab"), from its first word that starts with a letter
/// (`"1,000,000 Recipe API"` → `recipe-api`). `None` when no word does. A name that is a
/// keyword, a standard crate or a dependency of the generated crate gets `-api`, since
/// cargo would refuse it or confuse it with the dependency.
fn crate_name_of(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .skip_while(|w| !w.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let name = words.join("-");
    const TAKEN: &[&str] = &[
        "std",
        "core",
        "alloc",
        "proc-macro",
        "test",
        "self",
        "super",
        "crate",
        "axum",
        "bytes",
        "chrono",
        "futures",
        "futures-util",
        "http",
        "httpdate",
        "reqwest",
        "rustls",
        "serde",
        "serde-json",
        "thiserror",
        "tokio",
        "tracing",
        "tower",
        "url",
        "percent-encoding",
    ];
    let keyword = crate::naming::is_keyword(&name.replace('-', "_"));
    Some(if keyword || TAKEN.contains(&name.as_str()) { format!("{name}-api") } else { name })
}

/// Warnings for `open_enums` and `secret_fields` entries that name no place in the
/// (bundled, normalised) document: a renamed schema would otherwise leave its enum
/// closed, or its secret shown, without a word.
pub fn unmatched_places(settings: &Settings, document: &serde_json::Value, display: &str) -> Vec<Diagnostic> {
    let listed = match &settings.open_enums {
        OpenEnums::All => &[][..],
        OpenEnums::Listed(pointers) => &pointers[..],
    };
    let entries =
        listed.iter().map(|p| ("open_enums", p)).chain(settings.secret_fields.iter().map(|p| ("secret_fields", p)));
    entries
        .filter(|(_, pointer)| document.pointer(pointer).is_none())
        .map(|(key, pointer)| {
            Diagnostic::warning(format!("`{key}` names `#{pointer}`, which is not in the spec; ignored"))
                .at(Some(Location { file: display.to_string(), pointer: format!("/{key}"), line_col: None }))
        })
        .collect()
}

/// Under `array_query_style: rails` the client writes an array query parameter `ids` as
/// `ids[]=1&ids[]=2` (what Rails reads), and the server reads that form; the normalised
/// document that `openapi.json` prints names the parameter as it travels, `ids[]` (form,
/// exploded), so that the crate's `openapi.json` says what the crate does: a checker
/// reading it (Prism, schemathesis) otherwise finds the required `ids` missing from every
/// request the client makes. The parsed document, which lowering reads, keeps the spec's
/// name, which the Rust field is named after.
pub(crate) fn name_rails_arrays(settings: &Settings, document: &mut serde_json::Value) {
    use serde_json::Value;
    if settings.array_query_style != ArrayQueryStyle::Rails {
        return;
    }
    let schemas = document.pointer("/components/schemas");
    let is_array = |schema: Option<&Value>| {
        let mut schema = schema;
        // A few `$ref` hops: an alias of an alias of an array is still an array.
        for _ in 0..8 {
            let Some(s) = schema else { return false };
            match s.get("$ref").and_then(Value::as_str) {
                Some(target) => {
                    let name = target.strip_prefix("#/components/schemas/").unwrap_or_default();
                    schema = schemas.and_then(|all| all.get(name.replace("~1", "/").replace("~0", "~")));
                }
                None => return s.get("type").and_then(Value::as_str) == Some("array"),
            }
        }
        false
    };
    // The schema `$ref`s that are arrays, found before the parameters are changed.
    let mut arrays = std::collections::BTreeSet::new();
    let mut note = |parameter: &Value| {
        if let Some(target) = parameter.pointer("/schema/$ref").and_then(Value::as_str)
            && is_array(parameter.get("schema"))
        {
            arrays.insert(target.to_owned());
        }
    };
    for section in ["paths", crate::v31::WEBHOOKS_EXTENSION] {
        let Some(Value::Object(items)) = document.get(section) else { continue };
        for item in items.values() {
            let Value::Object(item) = item else { continue };
            let mut lists: Vec<&Value> = item.get("parameters").into_iter().collect();
            lists.extend(crate::methods::slots_of(item).iter().filter_map(|s| s.get(item)?.get("parameters")));
            lists.iter().filter_map(|l| l.as_array()).flatten().for_each(&mut note);
        }
    }
    if let Some(Value::Object(shared)) = document.pointer("/components/parameters") {
        shared.values().for_each(&mut note);
    }
    let is_array = |schema: Option<&Value>| match schema {
        Some(s) => match s.get("$ref").and_then(Value::as_str) {
            Some(target) => arrays.contains(target),
            None => s.get("type").and_then(Value::as_str) == Some("array"),
        },
        None => false,
    };
    let rename = |parameter: &mut Value| {
        let Value::Object(p) = parameter else { return };
        let query = p.get("in").and_then(Value::as_str) == Some("query");
        let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_owned) else { return };
        if !query || name.ends_with("[]") || !is_array(p.get("schema")) {
            return;
        }
        p.insert("name".into(), Value::String(format!("{name}[]")));
        if p.get("explode").and_then(Value::as_bool) == Some(false) {
            p.insert("explode".into(), Value::Bool(true));
        }
    };
    let rename_all = |list: Option<&mut Value>| {
        if let Some(Value::Array(list)) = list {
            list.iter_mut().for_each(&rename);
        }
    };
    for section in ["paths", crate::v31::WEBHOOKS_EXTENSION] {
        let Some(Value::Object(items)) = document.get_mut(section) else { continue };
        for item in items.values_mut() {
            let Value::Object(item) = item else { continue };
            rename_all(item.get_mut("parameters"));
            for slot in crate::methods::slots_of(item) {
                rename_all(slot.get_mut(item).and_then(|op| op.get_mut("parameters")));
            }
        }
    }
    if let Some(Value::Object(shared)) = document.pointer_mut("/components/parameters") {
        shared.values_mut().for_each(&rename);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_default() {
        assert_eq!(path_for("spec/openapi.yaml"), "spec/openapi.codegen.yaml");
        let s = parse(None, "x", "GitLab API", "s", &mut Vec::new()).unwrap();
        assert_eq!(s.crate_name, "gitlab-api");
        assert_eq!(s.array_query_style, ArrayQueryStyle::OpenApi);
        let s = parse(
            Some("crate_name: x\narray_query_style: rails\nerror_body: message\n"),
            "x",
            "t",
            "s",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!((s.array_query_style, s.error_body), (ArrayQueryStyle::Rails, ErrorBody::Message));
        let e = parse(Some("array_query_style: php\n"), "x", "t", "s", &mut Vec::new()).unwrap_err();
        assert!(e.message.contains("unknown variant `php`"), "{}", e.message);
        let e = parse(Some("crate_nam: x\n"), "x", "t", "s", &mut Vec::new()).unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
        // Names never refuse: a bad one is a warning, and the title names the crate.
        let mut warnings = Vec::new();
        let s = parse(Some("crate_name: '../x'\n"), "x", "Pet Store", "s", &mut warnings).unwrap();
        assert_eq!(s.crate_name, "pet-store");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn crate_names_come_from_the_title_else_the_file_else_api() {
        let name = |title: &str, stem: &str| parse(None, "x", title, stem, &mut Vec::new()).unwrap().crate_name;
        assert_eq!(name("GitLab API", "openapi"), "gitlab-api");
        assert_eq!(name("1,000,000 Recipe and Grocery List API v2", "s"), "recipe-and-grocery-list-api-v2");
        assert_eq!(name("1Forge Finance APIs", "s"), "finance-apis");
        assert_eq!(name("", "stripe"), "stripe");
        assert_eq!(name("¡Hola!", "123"), "hola");
        assert_eq!(name("", "1forge"), "api");
        assert_eq!(name("Axum", "s"), "axum-api");
        assert_eq!(name("Self", "s"), "self-api");
        assert_eq!(name("Type", "s"), "type-api");
    }

    #[test]
    fn open_enums_and_secrets_name_places() {
        let s = parse(None, "x", "t", "s", &mut Vec::new()).unwrap();
        assert_eq!((s.open_enums, s.secret_fields), (OpenEnums::Listed(vec![]), vec![]));
        let s = parse(Some("open_enums: all\n"), "x", "t", "s", &mut Vec::new()).unwrap();
        assert_eq!(s.open_enums, OpenEnums::All);
        let text = "open_enums: [Scope, '#/paths/~1a/get/parameters/0/schema']\nsecret_fields: [New.token, /x/y]\n";
        let s = parse(Some(text), "x", "t", "s", &mut Vec::new()).unwrap();
        assert_eq!(
            s.open_enums,
            OpenEnums::Listed(vec!["/components/schemas/Scope".into(), "/paths/~1a/get/parameters/0/schema".into()])
        );
        assert_eq!(s.secret_fields, ["/components/schemas/New/properties/token", "/x/y"]);
        assert!(parse(Some("open_enums: some\n"), "x", "t", "s", &mut Vec::new()).is_err());
        let doc = serde_json::json!({"components": {"schemas": {"Scope": {}, "New": {"properties": {"token": {}}}}}});
        let s = parse(
            Some("open_enums: [Scope, Scop]\nsecret_fields: [New.token, New.tokn]\n"),
            "x",
            "t",
            "s",
            &mut Vec::new(),
        )
        .unwrap();
        let shown: Vec<String> = unmatched_places(&s, &doc, "s.codegen.yaml").iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "warning: s.codegen.yaml (#/open_enums): `open_enums` names `#/components/schemas/Scop`, which is not in the spec; ignored",
                "warning: s.codegen.yaml (#/secret_fields): `secret_fields` names `#/components/schemas/New/properties/tokn`, which is not in the spec; ignored",
            ]
        );
    }

    #[test]
    fn overlays_are_listed_in_order_with_their_place() {
        let text = "crate_name: x\noverlays:\n  - a.yaml\n  - b/c.yaml\n";
        assert!(
            parse(Some(text), "s.yaml", "t", "s", &mut Vec::new()).is_ok(),
            "the rest of the settings accept the key"
        );
        let listed = overlays(Some(text), "s.yaml").unwrap();
        let shown: Vec<String> = listed.iter().map(|l| format!("{} {}", l.path, l.at)).collect();
        assert_eq!(shown, ["a.yaml s.yaml:3:5 (#/overlays/0)", "b/c.yaml s.yaml:4:5 (#/overlays/1)"]);
        assert_eq!(overlays(None, "s.yaml").unwrap(), []);
        assert_eq!(overlays(Some("crate_name: x\n"), "s.yaml").unwrap(), []);
        let e = overlays(Some("overlays: a.yaml\n"), "s.yaml").unwrap_err();
        assert_eq!(e.to_string(), "error: s.yaml:1:1 (#/overlays): `overlays` must be a list of paths");
        let e = overlays(Some("overlays:\n  - {a: 1}\n"), "s.yaml").unwrap_err();
        assert!(e.to_string().starts_with("error: s.yaml:2:5 (#/overlays/0): an overlay is listed by its path"), "{e}");
    }
}
