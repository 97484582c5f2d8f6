//! `cargo xtask diff` as users run it (arguments, output, exit codes, broken specs), and
//! the API changes `cargo xtask codegen` reports against the crate's previous bundle.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::Job;
use xtask::diff::Args;

fn check_args(args: &[&str], expect: &str) {
    let got = match xtask::diff::parse_args(args.iter().map(OsString::from)) {
        Ok(Some(Args { old, new, format, fail_on, omissions })) => {
            format!("{} {} {format:?} {fail_on:?} {omissions:?}", old.display(), new.display())
        }
        Ok(None) => "help".into(),
        Err(e) => format!("error: {e}"),
    };
    assert_eq!(got, expect, "for {args:?}");
}

#[test]
fn command_lines() {
    check_args(&["a.yaml", "b.yaml"], "a.yaml b.yaml Text Never Cut");
    check_args(&["a", "b", "--format", "json", "--fail-on", "breaking"], "a b Json Breaking Cut");
    check_args(&["--format=text", "a", "b"], "a b Text Never Cut");
    check_args(&["a", "b", "--fail-on", "breaking-for-clients"], "a b Text BreakingForClients Cut");
    check_args(&["a", "b", "--fail-on=breaking-for-servers"], "a b Text BreakingForServers Cut");
    check_args(&["a", "b", "--deny", "omissions"], "a b Text Never Deny");
    check_args(&["a", "b", "--deny", "warnings"], "error: `--deny warnings`: only `--deny omissions` is known");
    check_args(&["--help"], "help");
    check_args(&["a"], "error: diff needs two specs, OLD and NEW");
    check_args(&["a", "b", "c"], "error: unexpected argument \"c\"");
    check_args(&["a", "b", "--format", "xml"], "error: unknown format `xml` (text or json)");
    check_args(
        &["a", "b", "--fail-on", "warn"],
        "error: unknown level `warn` for --fail-on (breaking, breaking-for-clients or breaking-for-servers)",
    );
    check_args(&["a", "b", "--fail-on"], "error: missing argument for option '--fail-on'");
}

fn fixture(name: &str) -> PathBuf {
    xtask::workspace_root().join("generator/tests/diff").join(name)
}

/// Runs the built `xtask` binary: (exit code, stdout, stderr).
fn xtask(args: &[&Path]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn identical_specs_print_no_changes_and_exit_0() {
    let spec = xtask::workspace_root().join("spec/openapi.yaml");
    let (code, stdout, stderr) = xtask(&[
        Path::new("diff"),
        &spec,
        &spec,
        Path::new("--format"),
        Path::new("json"),
        Path::new("--fail-on"),
        Path::new("breaking"),
    ]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "{\n  \"changes\": []\n}\n", ""));
}

#[test]
fn fail_on_breaking_exits_1_only_when_something_breaks() {
    let (old, new) = (fixture("published.yaml"), fixture("corrected.yaml"));
    let (code, stdout, _) = xtask(&[Path::new("diff"), &old, &new]);
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with("3 API changes: 2 breaking (2 for client users, 2 for server implementers), 1 non-breaking\n"),
        "{stdout}"
    );
    let (code, stdout, _) = xtask(&[Path::new("diff"), &old, &new, Path::new("--fail-on"), Path::new("breaking")]);
    assert_eq!(code, 1, "{stdout}");
    let (code, _, stderr) = xtask(&[Path::new("diff"), &old, &new, Path::new("--fail-on"), Path::new("minor")]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_broken_spec_is_reported_as_codegen_reports_it() {
    let broken = xtask::workspace_root().join("generator/tests/corpus/in-body-swagger.yaml");
    let good = fixture("published.yaml");
    let out = tempfile::tempdir().expect("temp dir");
    let codegen = |extra: &[&Path]| {
        let mut args: Vec<&Path> =
            vec![Path::new("codegen"), Path::new("--spec"), &broken, Path::new("--out"), out.path()];
        args.extend_from_slice(extra);
        xtask(&args)
    };
    let deny: [&Path; 2] = [Path::new("--deny"), Path::new("omissions")];

    // Strictly (`--deny omissions` on both): refused, with the same diagnostics rendered
    // the same way; only the closing count differs.
    let (code, stdout, diff_err) = xtask(&[Path::new("diff"), &good, &broken, deny[0], deny[1]]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    let (code, _, codegen_err) = codegen(&deny);
    assert_eq!(code, 1);
    let body = |s: &str| s.lines().filter(|l| !l.starts_with("error: 1 error in")).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&diff_err), body(&codegen_err));
    assert!(diff_err.ends_with("error: 1 error in generator/tests/corpus/in-body-swagger.yaml\n"), "{diff_err}");

    // By default the diff cuts what codegen cuts, with the same warning, and compares what
    // the crates hold: the operation left out is one removed.
    let (code, stdout, diff_err) = xtask(&[Path::new("diff"), &good, &broken]);
    assert_eq!(code, 0, "{diff_err}");
    let (code, _, codegen_err) = codegen(&[]);
    assert_eq!(code, 0, "{codegen_err}");
    let warning =
        diff_err.lines().find(|l| l.contains("is left out")).unwrap_or_else(|| panic!("a warning: {diff_err}"));
    assert!(codegen_err.lines().any(|l| l == warning), "codegen says the same:\n{codegen_err}");
    assert!(stdout.contains("breaking"), "{stdout}");
}

#[test]
fn codegen_reports_api_changes_since_the_bundle_it_last_wrote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("api.yaml");
    let job = Job {
        spec: spec.clone(),
        spec_root: None,
        out: dir.path().join("out"),
        omissions: generator::Omissions::Cut,
        max_file_bytes: None,
    };
    let write = |responses: &str| {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n{responses}"
        );
        fs::write(&spec, text).expect("write spec");
    };
    let rules = |job: &Job| {
        let (_, drift, _) = xtask::codegen(job, false).unwrap_or_else(|e| panic!("codegen: {e:?}"));
        drift.api.iter().map(|c| c.rule).collect::<Vec<_>>()
    };
    write("        '204': {description: done}\n");
    assert!(rules(&job).is_empty(), "nothing to compare with the first time");
    write("        '204': {description: done}\n        '404': {description: missing}\n");
    assert_eq!(rules(&job), ["response-non-success-status-added"]);
    assert!(rules(&job).is_empty(), "regenerating the same spec changes nothing");

    // As printed by the command, after the diagnostics and before the file summary.
    write("        '204': {description: done}\n");
    let (code, _, stderr) = xtask(&[Path::new("codegen"), Path::new("--spec"), &spec, Path::new("--out"), &job.out]);
    assert_eq!(code, 0, "{stderr}");
    let out = job.out.display();
    let expect = format!(
        "breaking for client users and server implementers: getA: error status 404 was removed
  --> old #/paths/~1a/get/responses/404 (response-non-success-status-removed)
API changes since {out}/openapi.json was generated: 1 API change: 1 breaking (1 for client users, 1 for server implementers), 0 non-breaking
"
    );
    assert!(stderr.starts_with(&expect), "{stderr}");
}

#[test]
fn fail_on_can_count_one_audience() {
    // An added operation breaks only server implementers (the trait gains a method).
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = |paths: &str| format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
    let a = "  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: done}}\n";
    let b = "  /b:\n    get:\n      operationId: getB\n      responses: {'204': {description: done}}\n";
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    fs::write(&old, spec(a)).expect("write");
    fs::write(&new, spec(&format!("{a}{b}"))).expect("write");
    for (level, expect) in [("breaking", 1), ("breaking-for-clients", 0), ("breaking-for-servers", 1)] {
        let (code, stdout, _) = xtask(&[Path::new("diff"), &old, &new, Path::new("--fail-on"), Path::new(level)]);
        assert_eq!(code, expect, "--fail-on {level}: {stdout}");
    }
}
