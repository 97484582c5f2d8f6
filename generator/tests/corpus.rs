//! The corpus of malformed specs in `tests/corpus/`: each must fail with located errors
//! (or, for `warn-*` cases, succeed with warnings), never panic, and say exactly what its
//! snapshot says. A case is a file (the root spec) or a directory with an `openapi.yaml`.
//!
//! Cases run under `insta::glob!`, one snapshot each, and the checks on each outcome are
//! collected rather than asserted on the spot, so one failing case does not hide the rest.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Reads a case into in-memory spec files, byte for byte (the corpus holds files that are
/// not UTF-8 on purpose), and names its root: the file itself, or a directory's
/// `openapi.yaml`.
fn read_case(path: &Path) -> (BTreeMap<String, Vec<u8>>, String) {
    let mut files = BTreeMap::new();
    if path.is_dir() {
        let mut pending = vec![path.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for e in fs::read_dir(&dir).expect("read case dir").flatten() {
                if e.path().is_dir() {
                    pending.push(e.path());
                } else {
                    let rel = e.path().strip_prefix(path).expect("inside").to_string_lossy().replace('\\', "/");
                    files.insert(rel, fs::read(e.path()).expect("read"));
                }
            }
        }
        (files, "openapi.yaml".into())
    } else {
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        files.insert(name.clone(), fs::read(path).expect("read"));
        (files, name)
    }
}

struct Bytes(BTreeMap<String, Vec<u8>>);

impl generator::SpecFiles for Bytes {
    fn read(&self, path: &str) -> Result<Vec<u8>, generator::ReadError> {
        self.0.get(path).cloned().ok_or(generator::ReadError::NotFound)
    }
}

/// What is wrong with a case's outcome, beyond its snapshot: it must fail (or, for
/// `warn-*`, succeed), with every diagnostic located and none reporting a panic.
fn problems(name: &str, ok: bool, report: &generator::Report) -> Vec<String> {
    let mut found = Vec::new();
    let expect_ok = name.starts_with("warn-");
    if ok != expect_ok {
        let outcome = if ok { "generated" } else { "was refused" };
        found.push(format!("{name}: {outcome}, expected the opposite:\n{}", report.lines()));
    }
    if !ok && report.errors().count() == 0 {
        found.push(format!("{name}: failed without an error"));
    }
    for d in &report.diagnostics {
        if d.location.is_none() {
            found.push(format!("{name}: unlocated diagnostic: {d}"));
        }
        if d.message.contains("panicked") {
            found.push(format!("{name}: {d}"));
        }
    }
    found
}

#[test]
fn every_malformed_spec_gets_located_diagnostics() {
    let mut cases = 0;
    let mut found = Vec::new();
    insta::glob!("corpus/*", |case| {
        cases += 1;
        let name = case.file_stem().expect("name").to_string_lossy().into_owned();
        let (files, root) = read_case(case);
        // Strict (`--deny omissions`): every part that cannot be expressed is an error.
        let options = generator::Options {
            root,
            display_prefix: String::new(),
            omissions: generator::Omissions::Deny,
            max_file_bytes: None,
        };
        let (ok, report) = match generator::generate(&Bytes(files.clone()), &options) {
            Ok(out) => (true, out.report),
            Err(report) => (false, report),
        };
        // By default such a part is cut and the rest generated: what is left of each case.
        let options = generator::Options { omissions: generator::Omissions::Cut, ..options };
        let cut = match generator::generate(&Bytes(files), &options) {
            Ok(out) => format!("generated; left out: {:?}\n{}", out.omitted, out.report.lines()),
            Err(report) => format!("refused\n{}", report.lines()),
        };
        if cut.contains("panicked") {
            found.push(format!("{name}: a panic when cutting:\n{cut}"));
        }
        if ok && !cut.starts_with("generated; left out: []") {
            found.push(format!("{name}: generates strictly, yet cut something:\n{cut}"));
        }
        for problem in problems(&name, ok, &report) {
            // Printed now too: glob! panics at its end on a snapshot failure, before the
            // assertion on `found` below would list them.
            eprintln!("{problem}");
            found.push(problem);
        }
        // The one-line form, then the rustc-style rendering a terminal shows, which quotes
        // the source line of each case (tabs, wide characters, lines that are not there).
        let rendered: String = report.diagnostics.iter().map(|d| report.render(d)).collect();
        let snapshot = format!("{}\n{}", report.lines(), rendered.trim_end());
        // glob! names each snapshot `corpus__<test>@<file>`; the case's name alone keeps
        // the names the corpus had before it ran under glob!.
        insta::with_settings!({ snapshot_suffix => "", omit_expression => true }, {
            insta::assert_snapshot!(format!("{name}.cut"), cut);
            insta::assert_snapshot!(name, snapshot);
        });
    });
    assert!(cases >= 25, "the corpus holds {cases} cases");
    assert!(found.is_empty(), "{} problems:\n{}", found.len(), found.join("\n"));
}
