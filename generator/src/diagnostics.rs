//! Warnings and errors with a place in the input: file, JSON pointer, and line:column.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

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

    /// Renders the diagnostic like rustc does (with annotate-snippets, which rustc and cargo
    /// use), quoting the offending source line when the text of its file is known: the
    /// file, line and column on the `-->` line, the marker labelled with the JSON pointer,
    /// and `= help:`. Ends with a blank line, so rendered diagnostics read apart.
    pub fn render(&self, source: Option<&str>) -> String {
        let level = match self.severity {
            Severity::Note => Level::NOTE,
            Severity::Warning => Level::WARNING,
            Severity::Error => Level::ERROR,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        if let Some(loc) = &self.location {
            let pointer = format!("#{}", loc.pointer);
            let quoted = loc.line_col.and_then(|(line, col)| {
                let text = source?.lines().nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
                Some((line, col, text))
            });
            group = match quoted {
                Some((line, col, text)) => {
                    let (part, span) = window(text, col);
                    let snippet = Snippet::source(part)
                        .line_start(line as usize)
                        .annotation(AnnotationKind::Primary.span(span).label(pointer));
                    if part.len() == text.len() {
                        group.element(snippet.path(loc.file.as_str()))
                    } else {
                        // The renderer would count the column within the quoted part, so
                        // the origin is given apart with the document's own column.
                        let origin = Origin::path(loc.file.as_str()).line(line as usize).char_column(col as usize);
                        group.element(origin).element(snippet)
                    }
                }
                None => {
                    let mut origin = Origin::path(loc.file.as_str());
                    if let Some((line, col)) = loc.line_col {
                        origin = origin.line(line as usize).char_column(col as usize);
                    }
                    group.element(origin).element(Level::NOTE.message(format!("at {pointer}")))
                }
            };
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let mut out = Renderer::plain().render(&[group]);
        out.push_str("\n\n");
        out
    }
}

/// How many characters of a line are quoted on either side of the column. The renderer
/// works over the whole text it is given, so a minified document's one 16 MiB line would
/// take it seconds per diagnostic; it shows no more than a terminal's width anyway.
const QUOTE_CHARS: usize = 120;

/// The part of `line` to quote around 1-based character column `col` (all of it when it
/// is short), and the byte range the marker underlines in that part.
fn window(line: &str, col: u32) -> (&str, std::ops::Range<usize>) {
    let col = col as usize;
    let first = col.saturating_sub(1).saturating_sub(QUOTE_CHARS);
    let start = line.char_indices().nth(first).map_or(line.len(), |(i, _)| i);
    let end = line[start..].char_indices().nth(2 * QUOTE_CHARS + 1).map_or(line.len(), |(i, _)| start + i);
    let part = &line[start..end];
    let span = marked(part, u32::try_from(col - first).unwrap_or(u32::MAX));
    (part, span)
}

/// The byte range the marker underlines in `line`: the word starting at 1-based character
/// column `col` (a key, a scalar, up to the next blank or YAML punctuation), or the one
/// character there when it is punctuation, or nothing past the end of the line.
fn marked(line: &str, col: u32) -> std::ops::Range<usize> {
    let skip = (col as usize).saturating_sub(1);
    let Some((start, first)) = line.char_indices().nth(skip) else {
        return line.len()..line.len();
    };
    let stops = |c: char| c.is_whitespace() || matches!(c, ':' | ',' | '[' | ']' | '{' | '}' | '#');
    if stops(first) {
        return start..start + first.len_utf8();
    }
    let len = line[start..].find(stops).unwrap_or(line.len() - start);
    start..start + len
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

    /// Renders a diagnostic at `line_col` of `f.yaml` (pointer `/a`) and compares.
    fn check(d: Diagnostic, line_col: Option<(u32, u32)>, source: Option<&str>, expect: &str) {
        let d = d.at(Some(Location { file: "f.yaml".into(), pointer: "/a".into(), line_col }));
        assert_eq!(d.render(source), expect, "rendered:\n{}", d.render(source));
    }

    #[test]
    fn render_quotes_the_source_line() {
        let warning = || Diagnostic::warning("something odd");
        // The marker underlines the word at the column and carries the pointer; help last.
        check(
            warning().help("do better"),
            Some((2, 1)),
            Some("x: 1\ntype: strng\n"),
            "warning: something odd\n --> f.yaml:2:1\n  |\n2 | type: strng\n  | ^^^^ #/a\n  |\n  = help: do better\n\n",
        );
        check(
            Diagnostic::error("unknown type `strng`"),
            Some((2, 7)),
            Some("x: 1\ntype: strng\n"),
            "error: unknown type `strng`\n --> f.yaml:2:7\n  |\n2 | type: strng\n  |       ^^^^^ #/a\n\n",
        );
        // Punctuation is marked alone (GitLab's flow sequence closing at line 130).
        check(
            warning(),
            Some((1, 3)),
            Some("  ]\n"),
            "warning: something odd\n --> f.yaml:1:3\n  |\n1 |   ]\n  |   ^ #/a\n\n",
        );
        // Columns count characters, not bytes.
        check(
            warning(),
            Some((1, 5)),
            Some("é: [x]\n"),
            "warning: something odd\n --> f.yaml:1:5\n  |\n1 | é: [x]\n  |     ^ #/a\n\n",
        );
    }

    #[test]
    fn render_without_a_source_line_still_names_the_place() {
        let unquoted = "warning: something odd\n--> f.yaml:9:2\n = note: at #/a\n\n";
        // No text for the file (not UTF-8, say), or a line past its end.
        check(Diagnostic::warning("something odd"), Some((9, 2)), None, unquoted);
        check(Diagnostic::warning("something odd"), Some((9, 2)), Some("a: 1\n"), unquoted);
        check(
            Diagnostic::warning("something odd"),
            None,
            Some("a: 1\n"),
            "warning: something odd\n--> f.yaml\n = note: at #/a\n\n",
        );
        // A minified document's long line is quoted around the column only, which keeps
        // rendering cheap; the origin still gives the document's own column.
        let long = format!("{{\"a\": \"{}\", \"b\": 1}}", "x".repeat(1 << 20));
        let col = u32::try_from(long.len()).unwrap() - 6; // the `"b"` key
        let d = Diagnostic::warning("w").at(Some(Location {
            file: "f.json".into(),
            pointer: "/b".into(),
            line_col: Some((1, col)),
        }));
        let rendered = d.render(Some(&long));
        assert!(rendered.starts_with(&format!("warning: w\n --> f.json:1:{col}\n")), "{rendered}");
        assert!(rendered.contains("\"b\": 1}") && rendered.contains("^^^ #/b"), "{rendered}");
        assert!(rendered.len() < 1000, "{} bytes", rendered.len());
        let bare = Diagnostic::error("no file at all").help("look elsewhere");
        assert_eq!(bare.render(None), "error: no file at all\n |\n = help: look elsewhere\n\n");
    }
}
