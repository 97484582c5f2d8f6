//! Renders changes for people (text, like the diagnostics) and for tools (JSON).

use std::fmt::Write as _;

use super::model::{Change, Level, Spec};

/// One entry per change: the level and whom it breaks, the operation, the sentence, then
/// where (`--> new #/paths/…`) with the rule's id.
pub fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let level = match c.level {
            Level::Breaking => format!("breaking for {}", c.breaks.names().join(" and ")),
            Level::NonBreaking => "non-breaking".into(),
        };
        let spec = match c.spec {
            Spec::Old => "old",
            Spec::New => "new",
        };
        let _ = writeln!(out, "{level}: {}: {}", c.operation, c.message);
        let _ = writeln!(out, "  --> {spec} #{} ({})", c.pointer, c.rule);
    }
    out
}

/// `{"changes": [...]}`, pretty-printed, with a final newline.
pub fn json(changes: &[Change]) -> String {
    let report = serde_json::json!({ "changes": changes });
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// One line counting the changes: `3 API changes: 2 breaking (2 for client users, 1 for
/// server implementers), 1 non-breaking`.
pub fn summary(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no API changes".into();
    }
    let breaking: Vec<&Change> = changes.iter().filter(|c| c.is_breaking()).collect();
    let clients = breaking.iter().filter(|c| c.breaks.clients).count();
    let servers = breaking.iter().filter(|c| c.breaks.servers).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!("{}: {} breaking", plural(changes.len(), "API change", "API changes"), breaking.len());
    if !breaking.is_empty() {
        let _ = write!(s, " ({clients} for client users, {servers} for server implementers)");
    }
    let _ = write!(s, ", {} non-breaking", changes.len() - breaking.len());
    s
}
