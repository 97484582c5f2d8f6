//! Doc comments set aside: while a file is emitted and formatted, each run of doc lines is
//! emitted as one short marker attribute, its text kept in a table of this thread, and the
//! formatter puts the text back where prettyplease printed the marker.
//!
//! Doc comments are a fifth of a large API's output (Microsoft Graph's beta spec: 71 MB of
//! 364 MB, BENCHMARKS.md §9). As `#[doc = "…"]` attributes every line is a literal that
//! quote spells, syn copies and classifies, and prettyplease unescapes and prints back as
//! `/// …`; as a marker, a run of lines costs one short attribute, and its text is copied
//! once, into the output.
//!
//! prettyplease prints a `#[doc]` attribute whose value has no line break (and, outside an
//! item, does not start with `/`) as `///` or `//!`, the value with its trailing spaces
//! trimmed, and a line break; each such attribute of a run is on a line of its own at the
//! same indentation. A marker is such an attribute, so it is printed on one line at the
//! indentation its run's lines would have had, and [`splice`] writes them there. Lines that
//! prettyplease would print otherwise keep their attribute.
//!
//! A marker is `$` and a number that starts at a random value for each table, so no text
//! of a spec can name a marker that is alive: a line that reads like one but is not in the
//! table is text, and is left as printed. (The text of a run is never printed by
//! prettyplease, so only the few lines that keep their attribute could read like one.)

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// What a marker's value starts with: a character the formatter finds with `memchr`, that
/// a literal holds unescaped (syn reads an escape slowly), and rare in code.
const SENTINEL: char = '$';

/// The digits of a marker's number.
const DIGITS: usize = 16;

/// The runs of doc lines whose markers have been emitted and not yet printed. Markers are
/// numbered in the order they are made and printed in about that order, so the runs are a
/// queue from `first` on, a printed run's slot empty until the slots before it are.
struct Table {
    /// The number of this table's first marker.
    start: u64,
    /// The number of the run in `runs[0]`.
    first: u64,
    runs: VecDeque<Option<String>>,
    pending: usize,
}

impl Table {
    /// The number the next marker gets.
    fn next(&self) -> u64 {
        self.first.wrapping_add(self.runs.len() as u64)
    }

    /// Takes the run of marker `id`: `Ok(None)` if this table never made it (the line is
    /// text), an error if it was printed already (emitted into two places, whose second
    /// would keep the marker's line).
    fn take(&mut self, id: u64) -> Result<Option<String>, String> {
        let made = id.wrapping_sub(self.start) < self.next().wrapping_sub(self.start);
        if !made {
            return Ok(None);
        }
        let at = id.wrapping_sub(self.first);
        let Some(run) = usize::try_from(at).ok().and_then(|at| self.runs.get_mut(at)).and_then(Option::take) else {
            return Err("a doc marker was printed twice; this is a generator bug".to_string());
        };
        self.pending -= 1;
        while self.runs.front().is_some_and(Option::is_none) {
            self.runs.pop_front();
            self.first = self.first.wrapping_add(1);
        }
        Ok(Some(run))
    }
}

thread_local! {
    static TABLE: RefCell<Option<Table>> = const { RefCell::new(None) };
}

/// Sets doc comments aside on this thread until dropped (see the module's documentation).
/// Tokens emitted meanwhile hold markers, so they are for the formatter (`format::format`)
/// on this thread alone, before the guard is dropped.
pub struct SetAside(());

/// Starts setting doc comments aside on this thread.
pub fn set_aside() -> SetAside {
    // A fresh random start per table: `RandomState` is randomly keyed per thread.
    let start = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0u8);
    TABLE.with_borrow_mut(|t| *t = Some(Table { start, first: start, runs: VecDeque::new(), pending: 0 }));
    SetAside(())
}

impl Drop for SetAside {
    fn drop(&mut self) {
        TABLE.with_borrow_mut(|t| *t = None);
    }
}

/// How many runs were emitted and not yet printed: none, once a whole file is formatted.
pub(crate) fn pending() -> usize {
    TABLE.with_borrow(|t| t.as_ref().map_or(0, |t| t.pending))
}

/// Outer doc attributes (`///`), one line each.
pub(crate) fn outer<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> TokenStream {
    attributes(lines, false)
}

/// An outer doc attribute of one line the generator wrote.
pub(crate) fn said(line: &str) -> TokenStream {
    outer([line])
}

/// Inner doc attributes (`//!`), one line each.
pub(crate) fn inner<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> TokenStream {
    attributes(lines, true)
}

fn attributes<S: AsRef<str>>(lines: impl IntoIterator<Item = S>, inner: bool) -> TokenStream {
    let attribute = |literal: Literal| if inner { quote!(#![doc = #literal]) } else { quote!(#[doc = #literal]) };
    TABLE.with_borrow_mut(|table| {
        let mut out = TokenStream::new();
        let Some(table) = table else {
            out.extend(lines.into_iter().map(|l| attribute(super::doc_literal(l.as_ref()))));
            return out;
        };
        // The run being gathered: its lines joined by line breaks, and whether it has any.
        let mut run = String::new();
        let mut open = false;
        let mut close = |run: &mut String, open: &mut bool, out: &mut TokenStream| {
            if std::mem::take(open) {
                let id = table.next();
                table.runs.push_back(Some(std::mem::take(run)));
                table.pending += 1;
                out.extend(attribute(Literal::string(&format!("{SENTINEL}{id:0DIGITS$x}"))));
            }
        };
        for line in lines {
            let line = line.as_ref();
            if printed_as_comment(line, inner) {
                if open {
                    run.push('\n');
                }
                run.push_str(line.trim_end_matches(' '));
                open = true;
            } else {
                close(&mut run, &mut open, &mut out);
                out.extend(attribute(super::doc_literal(line)));
            }
        }
        close(&mut run, &mut open, &mut out);
        out
    })
}

/// Whether prettyplease prints a doc attribute of `line` as a `///` (or `//!`) comment, so
/// that the line can go in a run.
fn printed_as_comment(line: &str, inner: bool) -> bool {
    !line.contains('\n') && (inner || !line.starts_with('/'))
}

/// Appends `printed` (prettyplease's text of an item) to `out`, each marker's line replaced
/// by its run's lines at the marker's indentation. A marker printed twice is a generator
/// bug, reported as one.
pub(crate) fn splice(printed: &str, out: &mut String) -> Result<(), String> {
    TABLE.with_borrow_mut(|table| {
        // Until a marker is made there is none to find (nor to find twice).
        let Some(table) = table.as_mut().filter(|t| t.next() != t.start) else {
            out.push_str(printed);
            return Ok(());
        };
        let mut done = 0;
        let mut from = 0;
        while let Some(found) = printed[from..].find(SENTINEL) {
            let at = from + found;
            from = at + SENTINEL.len_utf8();
            let Some((start, end, id)) = marker_at(printed, at) else { continue };
            let Some(run) = table.take(id).map_err(|e| format!("{e}:\n{printed}"))? else { continue };
            let (indent, slashes) = (&printed[start..at - 3], &printed[at - 3..at]);
            out.push_str(&printed[done..start]);
            for line in run.split('\n') {
                let _ = writeln!(out, "{indent}{slashes}{line}");
            }
            done = end;
            from = end;
        }
        out.push_str(&printed[done..]);
        Ok(())
    })
}

/// The marker line around the sentinel at `at`: the line's start, the end of its line
/// break, and the marker's number; `None` unless the line is spaces, `///` or `//!`, the
/// sentinel and the number, alone.
fn marker_at(printed: &str, at: usize) -> Option<(usize, usize, u64)> {
    let slashes = printed.get(at.checked_sub(3)?..at)?;
    if slashes != "///" && slashes != "//!" {
        return None;
    }
    let start = printed[..at - 3].rfind('\n').map_or(0, |i| i + 1);
    if !printed[start..at - 3].bytes().all(|b| b == b' ') {
        return None;
    }
    let digits_at = at + SENTINEL.len_utf8();
    let digits = printed.get(digits_at..digits_at + DIGITS)?;
    let end = digits_at + DIGITS;
    if printed.as_bytes().get(end) != Some(&b'\n') || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((start, end + 1, u64::from_str_radix(digits, 16).ok()?))
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::{inner, outer, set_aside};
    use crate::emit::Artifact;
    use crate::format::format;

    /// The file `make` emits, formatted with doc comments set aside and without.
    fn both(make: impl Fn() -> (TokenStream, TokenStream)) -> (String, String) {
        let print = || {
            let (head, item) = make();
            format(Artifact::new(head, std::iter::once(item)), "s.yaml").expect("prints")
        };
        let plain = print();
        let _aside = set_aside();
        let aside = print();
        assert_eq!(super::pending(), 0, "every run was printed");
        (plain, aside)
    }

    #[test]
    fn set_aside_docs_print_as_attributes_do() {
        let lines = [
            " A line.",
            "",
            " Trailing spaces are trimmed.   ",
            "/ Starts with a slash: printed as an attribute.",
            " Two\nlines: printed as a block comment.",
            "\t a tab, \"quotes\", \\ and r#\"raw\"# ü 🦀",
            "  indented",
            "//! not inner",
        ];
        let (plain, aside) = both(|| {
            let head = inner(lines);
            let docs = outer(lines);
            let again = outer(lines);
            let field = outer([" A field."]);
            let arm = outer([" An arm.", "/ and a slash"]);
            let item = quote! {
                #docs
                pub struct S {
                    #field
                    pub a: u8,
                }
                impl S {
                    #again
                    fn f(&self) -> u8 {
                        match self.a {
                            #arm
                            0 => 1,
                            _ => 2,
                        }
                    }
                }
            };
            (head, item)
        });
        assert!(plain.contains("    /// A field.\n"), "{plain}");
        assert!(plain.contains("#[doc = \"/ Starts with a slash"), "{plain}");
        assert_eq!(aside, plain);
    }

    /// A line that reads like a marker is text: it keeps its attribute and is printed as
    /// written. (A live marker's number is drawn at random, so no spec can name one.)
    #[test]
    fn a_line_like_a_marker_is_text() {
        // The value of a marker of a table now gone, as the line a spec could hold.
        let gone: String = {
            let _aside = set_aside();
            let marker = outer([" real"]).to_string();
            let literal = marker.split('"').nth(1).expect("a string literal");
            let parsed: syn::LitStr = syn::parse_str(&format!("\"{literal}\"")).expect("a literal");
            parsed.value()
        };
        let lines = [gone.clone(), format!(" {gone}"), format!("{}0123456789abcdef", super::SENTINEL)];
        let (plain, aside) = both(|| {
            let docs = outer(&lines);
            let more = outer([" More."]);
            (TokenStream::new(), quote!(#docs #more struct S;))
        });
        assert!(plain.contains(&format!("///{gone}\n")), "{plain}");
        assert_eq!(aside, plain);
    }

    /// A marker emitted into two places would leave its line in the second: an error.
    #[test]
    fn a_marker_printed_twice_is_an_error() {
        let _aside = set_aside();
        let docs = outer([" Once."]);
        let printed = format(
            Artifact::new(TokenStream::new(), std::iter::once(quote!(#docs struct A; #docs struct B;))),
            "s.yaml",
        );
        assert!(printed.is_err_and(|e| e.contains("printed twice")));
    }
}
