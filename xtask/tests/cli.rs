//! `cargo xtask codegen` as users run it: writes only what changed, `--check` writes
//! nothing and lists stale files, and a broken spec leaves the output untouched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::Job;

/// A copy of `spec/` in a temporary directory, and an output directory beside it.
fn sandbox() -> (tempfile::TempDir, Job) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    copy_dir(&xtask::workspace_root().join("spec"), &spec);
    let job = Job {
        spec: spec.join("openapi.yaml"),
        spec_root: None,
        out: dir.path().join("out"),
        omissions: generator::Omissions::Cut,
        max_file_bytes: None,
    };
    (dir, job)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.file_type().expect("type").is_dir() {
                pending.push(e.path());
            } else {
                out.push((e.path(), fs::read(e.path()).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn writes_only_changed_files_and_check_finds_drift() {
    let (_dir, job) = sandbox();
    let (_, drift, _) = xtask::codegen(&job, false).expect("first run");
    assert!(!drift.changed.is_empty());
    let models = job.out.join("src/models.rs");
    let before = fs::metadata(&models).expect("written").modified().expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));

    let (_, drift, _) = xtask::codegen(&job, false).expect("second run");
    assert!(drift.is_empty(), "{drift:?}");
    assert_eq!(fs::metadata(&models).expect("still there").modified().expect("mtime"), before);

    // Hand edits and leftovers are drift; --check reports them and writes nothing.
    fs::write(&models, "// edited by hand\n").expect("edit");
    fs::write(job.out.join("src/old.rs"), format!("// {} from x. Do not edit.\n", xtask::MARKER)).expect("write");
    fs::write(job.out.join("src/mine.rs"), "// a file of the user's own\n").expect("write");
    let files_before = snapshot(&job.out);
    let (_, drift, _) = xtask::codegen(&job, true).expect("check");
    assert_eq!(drift.changed, vec!["src/models.rs".to_string()]);
    assert_eq!(drift.stale, vec!["src/old.rs".to_string()]);
    assert_eq!(snapshot(&job.out), files_before, "--check wrote something");

    // A real run repairs the edit and removes the stale file, and nothing else.
    xtask::codegen(&job, false).expect("repair");
    assert!(!job.out.join("src/old.rs").exists());
    assert!(job.out.join("src/mine.rs").exists());
    let (_, drift, _) = xtask::codegen(&job, true).expect("check");
    assert!(drift.is_empty());
}

#[test]
fn a_broken_spec_writes_nothing() {
    let (_dir, job) = sandbox();
    xtask::codegen(&job, false).expect("first run");
    let before = snapshot(&job.out);
    let fragment = job.spec.parent().expect("dir").join("v4/access_tokens.yaml");
    let text = fs::read_to_string(&fragment).expect("read");
    // The project ids' `oneOf` survives the overlay (the booleans it replaces would not).
    fs::write(&fragment, text.replace("- type: string", "- type: strng")).expect("break it");
    // Strictly, the error refuses the spec and nothing is written.
    let strict = xtask::Job { omissions: generator::Omissions::Deny, ..job.clone() };
    match xtask::codegen(&strict, false) {
        Err(xtask::Failure::Spec(report)) => {
            let lines = report.lines();
            assert!(lines.contains("unknown type `strng`"), "{lines}");
            assert!(lines.contains("v4/access_tokens.yaml:19:"), "{lines}");
        }
        other => panic!("expected spec errors, got {other:?}"),
    }
    assert_eq!(snapshot(&job.out), before, "a failed run changed the output");
    // By default the part it is in is cut: the parameter is read as a string, the crate written, and
    // its documentation says what was left out.
    let (output, _, _) = xtask::codegen(&job, false).expect("the rest generates");
    let warnings: Vec<String> = output.report.warnings().map(|d| d.message.clone()).collect();
    assert!(
        warnings.iter().any(|w| w.contains("unknown type `strng`") && w.contains("is read as a string")),
        "{warnings:?}"
    );
    let lib = fs::read_to_string(job.out.join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("# Left out") && lib.contains("is read as a string"), "{lib}");
}

/// The binary's exit codes: 0 success, 1 spec errors or stale output, 2 usage errors.
#[test]
fn exit_codes() {
    let (_dir, job) = sandbox();
    let xtask = env!("CARGO_BIN_EXE_xtask");
    let run = |args: &[&str]| Command::new(xtask).args(args).output().expect("runs");
    let spec = job.spec.to_string_lossy().into_owned();
    let out = job.out.to_string_lossy().into_owned();

    let check = run(&["codegen", "--check", "--spec", &spec, "--out", &out]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("stale:"), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(!job.out.exists(), "--check created the output");

    assert_eq!(run(&["codegen", "--spec", &spec, "--out", &out]).status.code(), Some(0));
    assert_eq!(run(&["codegen", "--check", "--spec", &spec, "--out", &out]).status.code(), Some(0));
    assert_eq!(run(&["codegen", "--bogus"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["codegen", "--spec", "/nonexistent/openapi.yaml"]).status.code(), Some(2));

    fs::write(&job.spec, "openapi: 3.0.0\ninfo: [\n").expect("break it");
    let broken = run(&["codegen", "--spec", &spec, "--out", &out]);
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("invalid YAML") && stderr.contains("nothing was written"), "{stderr}");
}

/// Without `--spec`, `--spec-root` or `--out`, codegen covers every checked-in crate (here
/// with `--check`, which writes nothing); with any of them, only the one asked for.
#[test]
fn without_spec_or_out_codegen_covers_every_checked_in_crate() {
    let root = xtask::workspace_root();
    let jobs: Vec<(PathBuf, PathBuf)> = Job::checked_in().into_iter().map(|j| (j.spec, j.out)).collect();
    assert_eq!(
        jobs,
        [
            (root.join("spec/openapi.yaml"), root.join("generated")),
            (root.join("tests/kitchen-sink/spec/openapi.yaml"), root.join("tests/kitchen-sink/generated")),
            (root.join("tests/webhooks-only/spec/openapi.yaml"), root.join("tests/webhooks-only/generated")),
            (root.join("tests/kitchen-sink-3-1/spec/openapi.yaml"), root.join("tests/kitchen-sink-3-1/generated")),
            (root.join("tests/kitchen-sink-3-2/spec/openapi.yaml"), root.join("tests/kitchen-sink-3-2/generated")),
        ]
    );
    let xtask = env!("CARGO_BIN_EXE_xtask");
    // One summary line per crate, each naming its output directory. Whether they are fresh
    // is the freshness test's business (tests/tests/codegen.rs).
    let summaries = |args: &[&str]| {
        let run = Command::new(xtask).args(args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        stderr.lines().filter(|l| l.contains(" operations, ")).map(str::to_owned).collect::<Vec<_>>()
    };
    let all = summaries(&["codegen", "--check"]);
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all[0].contains("; generated is "), "{all:?}");
    assert!(all[1].contains("; tests/kitchen-sink/generated is "), "{all:?}");
    assert!(all[2].contains("; tests/webhooks-only/generated is "), "{all:?}");
    assert!(all[3].contains("; tests/kitchen-sink-3-1/generated is "), "{all:?}");
    assert!(all[4].contains("; tests/kitchen-sink-3-2/generated is "), "{all:?}");

    let (_dir, job) = sandbox();
    let out = job.out.to_string_lossy().into_owned();
    let one = summaries(&["codegen", "--check", "--out", &out]);
    assert_eq!(one.len(), 1, "{one:?}");
    assert!(one[0].contains(&format!("; {out} is out of date")), "{one:?}");
}
