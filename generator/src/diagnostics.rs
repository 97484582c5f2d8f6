//! Warnings and errors with a place in the input: file, JSON pointer, and line:column.

use std::fmt;

/// How bad a diagnostic is. Errors stop generation; warnings report a rewrite or a guess;
/// notes report a change someone asked for (an overlay's action), which is not a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// Where in the input a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, as the caller displays it (for example `spec/v4/access_tokens.yaml`).
    pub file: String,
    /// An RFC 6901 JSON pointer into that file (`""` is the whole file).
    pub pointer: String,
    /// 1-based line and column, where the YAML layer knows them.
    pub line_col: Option<(u32, u32)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, " (#{})", self.pointer)
    }
}

/// One located message. `message` says what is wrong; `help`, where present, the fix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, location: None, message: message.into(), help: None }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, location: None, message: message.into(), help: None }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, location: None, message: message.into(), help: None }
    }

    #[must_use]
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic like rustc does, quoting the offending source line when the
    /// text of its file is known.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        out.push_str(label);
        out.push_str(": ");
        out.push_str(&self.message);
        out.push('\n');
        if let Some(loc) = &self.location {
            out.push_str(&format!("  --> {loc}\n"));
            if let (Some((line, col)), Some(text)) = (loc.line_col, source) {
                if let Some(src_line) = text.lines().nth(line.saturating_sub(1) as usize) {
                    let number = line.to_string();
                    let pad = " ".repeat(number.len());
                    let caret_pad: String = src_line
                        .chars()
                        .take(col.saturating_sub(1) as usize)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    out.push_str(&format!("{pad} |\n{number} | {}\n{pad} | {caret_pad}^\n", src_line.trim_end()));
                }
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out.push('\n');
        out
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form used in snapshots and logs: `warning: file:line:col (#/ptr): message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.location {
            Some(loc) => write!(f, "{label}: {loc}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Appends a reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Splits a JSON pointer into its unescaped reference tokens. `None` if it is malformed.
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|t| {
            let mut out = String::with_capacity(t.len());
            let mut chars = t.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    }
                } else {
                    out.push(c);
                }
            }
            Some(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_round_trip_through_escaping() {
        let p = push_pointer(&push_pointer("", "content"), "application/json");
        assert_eq!(p, "/content/application~1json");
        assert_eq!(pointer_tokens(&p).unwrap(), vec!["content", "application/json"]);
        assert_eq!(pointer_tokens("/a~2").as_deref(), None);
        assert_eq!(pointer_tokens("no-slash"), None);
    }

    #[test]
    fn render_quotes_the_source_line() {
        let d = Diagnostic::warning("something odd")
            .at(Some(Location { file: "f.yaml".into(), pointer: "/a".into(), line_col: Some((2, 3)) }))
            .help("do better");
        let rendered = d.render(Some("x: 1\na:  2\n"));
        assert_eq!(
            rendered,
            "warning: something odd\n  --> f.yaml:2:3 (#/a)\n  |\n2 | a:  2\n  |   ^\n  = help: do better\n\n"
        );
    }
}
