//! The corpus of malformed specs in `tests/corpus/`: each must fail with located errors
//! (or, for `warn-*` cases, succeed with warnings), never panic, and say exactly what its
//! snapshot says. A case is a file (the root spec) or a directory with an `openapi.yaml`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Reads a case into in-memory spec files; file contents that are not UTF-8 are kept as
/// lossy text except for the root, which is passed through byte for byte.
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

#[test]
fn every_malformed_spec_gets_located_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<_> = fs::read_dir(&dir).expect("corpus").flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 25, "the corpus holds {} cases", cases.len());
    for case in cases {
        let name = case.file_stem().expect("name").to_string_lossy().into_owned();
        let (files, root) = read_case(&case);
        let options = generator::Options { root, display_prefix: String::new() };
        let (ok, report) = match generator::generate(&Bytes(files), &options) {
            Ok(out) => (true, out.report),
            Err(report) => (false, report),
        };
        let expect_ok = name.starts_with("warn-");
        assert_eq!(ok, expect_ok, "{name}: {}", report.lines());
        if !ok {
            assert!(report.errors().count() > 0, "{name} failed without an error");
        }
        for d in &report.diagnostics {
            assert!(d.location.is_some(), "{name}: unlocated diagnostic: {d}");
            assert!(!d.message.contains("panicked"), "{name}: {d}");
        }
        insta::assert_snapshot!(name, report.lines());
    }
}
