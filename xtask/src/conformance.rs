//! `cargo xtask conformance`: checks generated crates with a tool we did not write. Each
//! spec's `server::Mock` (built by `mock.rs`) is served on loopback and schemathesis (from
//! PyPI, installed with pip into a virtual environment in the cache, outside the
//! repository, on first use) runs against it with the checks below, seeded, with a
//! bounded number of examples per operation; the table gives each spec's cases and
//! failures by check. The specs: GitLab's, the kitchen sink, and the corpus
//! (`corpus.rs`). Each is read from its crate's `openapi.json`, the normalised spec the
//! crate implements.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Failure;

/// The schemathesis checks run, as the issue lists them.
pub const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                          response_headers_conformance,response_schema_conformance,\
                          negative_data_rejection,positive_data_acceptance";

/// The schemathesis release the table was made with.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only these specs (`gitlab`, `kitchen-sink`, or corpus names as `corpus --only` takes).
    pub only: Vec<String>,
    /// Test cases per operation.
    pub max_examples: u32,
    pub seed: u64,
}

/// One spec's line of the table.
#[derive(Debug)]
pub struct Row {
    pub spec: String,
    pub operations: usize,
    pub outcome: Result<Outcome, String>,
}

/// What schemathesis said.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Test cases generated.
    pub cases: u64,
    /// Failures, by check name.
    pub failures: Vec<(String, u64)>,
}

/// The specs: (name, path of the root spec).
fn specs(only: &[String]) -> Result<Vec<(String, PathBuf)>, Failure> {
    let root = crate::workspace_root();
    let mut out = Vec::new();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    if wanted("gitlab") {
        out.push(("gitlab".to_owned(), root.join("spec/openapi.yaml")));
    }
    if wanted("kitchen-sink") {
        out.push(("kitchen-sink".to_owned(), root.join("tests/kitchen-sink/spec/openapi.yaml")));
    }
    let corpus_only: Vec<String> = only.iter().filter(|o| *o != "gitlab" && *o != "kitchen-sink").cloned().collect();
    if only.is_empty() || !corpus_only.is_empty() {
        let chosen = crate::corpus::select(&corpus_only).map_err(Failure::Usage)?;
        let cache = crate::corpus::cache_dir(|k| std::env::var(k).ok()).map_err(Failure::Usage)?;
        let api = crate::corpus::fetch(&cache)?;
        for spec in chosen {
            out.push((spec.trim_end_matches(".json").to_owned(), api.join(spec)));
        }
    }
    Ok(out)
}

/// schemathesis in its virtual environment, installed with pip on first use.
fn schemathesis() -> Result<PathBuf, Failure> {
    let venv = crate::mock::cache_dir()?.with_file_name("conformance").join("venv");
    let bin = venv.join("bin").join("schemathesis");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!("installing {SCHEMATHESIS} with pip into {}", venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let made = Command::new(python).args(["-m", "venv"]).arg(&venv).status();
    let pip = venv.join("bin").join("pip");
    let installed = made.is_ok_and(|s| s.success())
        && Command::new(pip).args(["install", "-q", SCHEMATHESIS]).status().is_ok_and(|s| s.success());
    if installed && bin.is_file() { Ok(bin) } else { Err(Failure::Io("cannot install schemathesis with pip".into())) }
}

/// A free port on loopback.
fn free_port() -> Result<SocketAddr, Failure> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| Failure::Io(format!("cannot find a port: {e}")))?;
    listener.local_addr().map_err(|e| Failure::Io(format!("cannot find a port: {e}")))
}

/// The mock, running; stopped when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(binary: &Path, addr: SocketAddr) -> Result<Running, Failure> {
    let child = Command::new(binary)
        .arg(addr.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Failure::Io(format!("cannot start {}: {e}", binary.display())))?;
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            return Err(Failure::Io(format!("the mock did not listen on {addr}")));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(running)
}

/// Credentials for every security scheme the spec declares in a header, as schemathesis's
/// `-H` options: the router answers 401 without them, which is right but tests nothing.
fn credential_headers(spec: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut authorization = None;
    let schemes = spec.pointer("/components/securitySchemes").and_then(|s| s.as_object());
    for scheme in schemes.into_iter().flat_map(|s| s.values()) {
        let kind = scheme.get("type").and_then(|t| t.as_str()).unwrap_or_default();
        let place = scheme.get("in").and_then(|t| t.as_str()).unwrap_or_default();
        match (kind, place) {
            ("apiKey", "header") => {
                if let Some(name) = scheme.get("name").and_then(|n| n.as_str()) {
                    out.push(format!("{name}: conformance"));
                }
            }
            ("http", _)
                if scheme.get("scheme").and_then(|s| s.as_str()).is_some_and(|s| s.eq_ignore_ascii_case("basic")) =>
            {
                authorization.get_or_insert("Authorization: Basic dXNlcjpwYXNzd29yZA==");
            }
            ("http" | "oauth2" | "openIdConnect", _) => authorization = Some("Authorization: Bearer conformance"),
            _ => {}
        }
    }
    out.extend(authorization.map(str::to_owned));
    out
}

/// Runs schemathesis against a served mock and reads its summary.
fn check(
    schemathesis: &Path,
    spec: &Path,
    addr: SocketAddr,
    options: &Options,
    report: &Path,
) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut command = Command::new(schemathesis);
    // Its working directory is the reports', so that nothing it writes lands in the repository.
    if let Some(dir) = report.parent() {
        command.current_dir(dir);
    }
    command
        .arg("run")
        .arg(spec)
        .args(["--url", &format!("http://{addr}")])
        .args(["--checks", CHECKS])
        .args(["--max-examples", &options.max_examples.to_string()])
        .args(["--seed", &options.seed.to_string()])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--workers", "1", "--no-color", "--generation-database", "none", "--report", "ndjson"])
        .arg("--report-ndjson-path")
        .arg(report);
    for header in credential_headers(&value) {
        command.args(["-H", &header]);
    }
    let output = command.output().map_err(|e| format!("cannot run schemathesis: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut outcome = summary(&stdout);
    if outcome.cases == 0 && !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().chain(stdout.lines()).rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Err(format!("schemathesis failed: {last}"));
    }
    outcome.failures.sort();
    Ok(outcome)
}

/// The case count and failures by check from schemathesis's text summary:
///
/// ```text
/// Failures:
///   ❌ ST103 Undocumented status code: 35
/// Errors:
///   🚫 Runtime Error: 1
/// Test cases:
///   515 generated, 44 found 46 unique failures
/// ```
///
/// A failure is named by its check where the title says which (`status_code_conformance`),
/// else by its title; errors count as `error: <title>`.
pub fn summary(stdout: &str) -> Outcome {
    let mut outcome = Outcome::default();
    let mut section = "";
    for line in stdout.lines() {
        if !line.starts_with(' ') {
            section = line.trim_end();
            continue;
        }
        let line = line.trim();
        match section {
            "Test cases:" => {
                if let Some(n) = line.split_whitespace().next().and_then(|n| n.parse().ok()) {
                    outcome.cases = n;
                }
            }
            "Failures:" | "Errors:" => {
                let Some((title, count)) = line.rsplit_once(':') else { continue };
                let Ok(count) = count.trim().parse::<u64>() else { continue };
                let title = title.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()).trim();
                // `ST103 Undocumented status code`: the code, then the title.
                let title = match title.split_once(' ') {
                    Some((code, rest)) if code.starts_with("ST") => rest,
                    _ => title,
                };
                let name = match (section, check_name(title)) {
                    ("Errors:", _) => format!("error: {title}"),
                    (_, Some(check)) => check.to_owned(),
                    (_, None) => title.to_owned(),
                };
                outcome.failures.push((name, count));
            }
            _ => {}
        }
    }
    outcome
}

/// The check a failure's title names.
fn check_name(title: &str) -> Option<&'static str> {
    Some(match title {
        "Server error" => "not_a_server_error",
        "Undocumented status code" => "status_code_conformance",
        "Undocumented Content-Type" | "Malformed media type" => "content_type_conformance",
        "Response header does not conform to the schema" | "Missing required header" => "response_headers_conformance",
        "Response violates schema" | "JSON deserialization error" => "response_schema_conformance",
        "Schema-violating request accepted" => "negative_data_rejection",
        "Schema-valid request rejected" => "positive_data_acceptance",
        _ => return None,
    })
}

pub fn run(options: &Options) -> Result<Vec<Row>, Failure> {
    let specs = specs(&options.only)?;
    let schemathesis = schemathesis()?;
    let reports = crate::mock::cache_dir()?.with_file_name("conformance").join("reports");
    std::fs::create_dir_all(&reports).map_err(|e| Failure::Io(format!("cannot create {}: {e}", reports.display())))?;
    let mut rows = Vec::new();
    for (name, spec) in specs {
        eprint!("{name}: building the mock…");
        let built = match crate::mock::build(&spec, &name) {
            Ok(built) => built,
            Err(Failure::Io(e) | Failure::Usage(e)) => {
                eprintln!(" {e}");
                rows.push(Row { spec: name, operations: 0, outcome: Err(e) });
                continue;
            }
            Err(Failure::Spec(report)) => {
                let e = format!("refused ({} errors)", report.errors().count());
                rows.push(Row { spec: name, operations: 0, outcome: Err(e) });
                continue;
            }
        };
        eprint!(" schemathesis…");
        let addr = free_port()?;
        let running = start(&built.binary, addr)?;
        let bundled = crate::mock::cache_dir()?.join("crates").join(&name).join("openapi.json");
        let outcome = check(&schemathesis, &bundled, addr, options, &reports.join(format!("{name}.ndjson")));
        drop(running);
        eprintln!(" done");
        rows.push(Row { spec: name, operations: built.operations, outcome });
    }
    Ok(rows)
}

/// The table: one line a spec, failures by check.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| spec | operations | schemathesis cases | failures | by check |");
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | --- |");
    for row in rows {
        match &row.outcome {
            Ok(o) => {
                let total: u64 = o.failures.iter().map(|(_, n)| n).sum();
                let by: Vec<String> = o.failures.iter().map(|(c, n)| format!("{c} {n}")).collect();
                let _ =
                    writeln!(out, "| {} | {} | {} | {total} | {} |", row.spec, row.operations, o.cases, by.join(", "));
            }
            Err(e) => {
                let _ =
                    writeln!(out, "| {} | {} | – | – | {} |", row.spec, row.operations, crate::corpus::shorten(e, 80));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_read_by_check() {
        let text = "Failures:\n  \u{274c} ST108 Response violates schema: 3\n  \u{274c} ST103 Undocumented status code: 35\n\nErrors:\n  \u{1f6ab} Runtime Error: 1\n\nTest cases:\n  515 generated, 44 found 46 unique failures\n";
        let outcome = summary(text);
        assert_eq!(outcome.cases, 515);
        assert_eq!(
            outcome.failures,
            [
                ("response_schema_conformance".to_owned(), 3),
                ("status_code_conformance".to_owned(), 35),
                ("error: Runtime Error".to_owned(), 1)
            ]
        );
    }
}
