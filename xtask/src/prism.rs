//! The client half of `cargo xtask conformance`: Prism (`@stoplight/prism-cli`, installed
//! with npm into the cache outside the repository on first use) serves a spec in mock mode,
//! where it validates every request and answers 422 to one that violates the spec, and the
//! generated crate's `every_operation_against_another_server` test (`emit/round_trip.rs`)
//! calls every operation on it with arguments synthesised from the spec. The test prints a
//! line per call; this module counts them. When Prism stops on a request (it has its own
//! bugs: a `spaceDelimited` object throws), the operation is left out and Prism restarted.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Failure;

/// The Prism release the table was made with.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";

/// What the calls came to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Calls made and answered or failed (not the ones left out).
    pub requests: u64,
    /// Calls Prism answered 422: a request that violates the spec, as Prism reads it.
    pub violations: Vec<String>,
    /// Answers the client could not decode (body or declared header).
    pub decode_errors: Vec<String>,
    /// Every other failure: a status the operation does not declare, a transport error.
    pub other: Vec<String>,
    /// Operations whose synthesised arguments do not read as the typed request (a file
    /// part, a union the synthesis does not fit), so they were not called.
    pub unsampled: Vec<String>,
    /// Operations left out because Prism stopped while answering them.
    pub stopped_prism: Vec<String>,
}

/// Prism's binary in the cache, installed with npm on first use.
fn prism() -> Result<PathBuf, Failure> {
    let dir = crate::mock::cache_dir()?.with_file_name("prism");
    let bin = dir.join("node_modules").join(".bin").join("prism");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!("installing {PRISM} with npm into {}", dir.display());
    std::fs::create_dir_all(&dir).map_err(|e| Failure::Io(format!("cannot create {}: {e}", dir.display())))?;
    let installed = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&dir)
        .arg(PRISM)
        .status()
        .is_ok_and(|s| s.success());
    if installed && bin.is_file() { Ok(bin) } else { Err(Failure::Io(format!("cannot install {PRISM} with npm"))) }
}

/// Calls every operation of the crate in `krate` (built in the shared `target`) on Prism's
/// mock of `spec`; Prism's own account of each request (which rule a request broke) goes
/// to `log`.
pub fn check(krate: &Path, spec: &Path, target: &Path, log: &Path) -> Result<Outcome, String> {
    let prism = prism().map_err(message)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let test = |envs: &[(&str, String)]| {
        Command::new(&cargo)
            .current_dir(krate)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
            .args(["test", "--quiet", "--features", "client,server", "--test", "round_trip", "--"])
            .args(["--ignored", "--nocapture", "--exact", "every_operation_against_another_server"])
            .output()
    };
    // Built before Prism starts, so that its time does not count against Prism's start.
    let built = Command::new(&cargo)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .args(["test", "--quiet", "--no-run", "--features", "client,server", "--test", "round_trip"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err("the crate's round-trip test does not build".into());
    }
    let mut stopped: Vec<String> = Vec::new();
    loop {
        let addr = crate::conformance::free_port().map_err(message)?;
        let mut command = Command::new(&prism);
        command.args(["mock", "--host", "127.0.0.1", "--port", &addr.port().to_string()]).arg(spec);
        let file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = file.try_clone().map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        command.stdout(file).stderr(err);
        let running = crate::conformance::start(command, addr).map_err(message)?;
        let output = test(&[("ROUND_TRIP_URL", format!("http://{addr}/")), ("ROUND_TRIP_SKIP", stopped.join(","))])
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        drop(running);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !stdout.lines().any(|l| l.starts_with("outside\t")) {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
            return Err(format!("the calls did not run: {last}"));
        }
        let mut outcome = tally(&stdout);
        // The first call Prism did not answer at all stopped it; the rest met no server.
        match outcome.other.iter().find(|o| o.contains("request failed")).and_then(|o| o.split(':').next()) {
            Some(op) if stopped.len() < 8 && !stopped.iter().any(|s| s == op) => stopped.push(op.to_owned()),
            _ => {
                outcome.stopped_prism = stopped;
                return Ok(outcome);
            }
        }
    }
}

/// A failure's message, for the table.
fn message(failure: Failure) -> String {
    match failure {
        Failure::Io(e) | Failure::Usage(e) => e,
        Failure::Spec(report) => format!("refused ({} errors)", report.errors().count()),
    }
}

/// Counts the test's lines (`outside<TAB>operation<TAB>outcome<TAB>detail`).
pub fn tally(stdout: &str) -> Outcome {
    let mut outcome = Outcome::default();
    for line in stdout.lines() {
        let mut fields = line.splitn(4, '\t');
        let (Some("outside"), Some(op), Some(kind)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let detail = fields.next().unwrap_or_default();
        let entry = format!("{op}: {detail}");
        match kind {
            "skipped" => continue,
            "no-sample" => {
                outcome.unsampled.push(op.to_owned());
                continue;
            }
            "ok" if detail == "422" => outcome.violations.push(entry),
            "ok" => {}
            "decode" => outcome.decode_errors.push(entry),
            _ if detail.contains("undeclared status 422") => outcome.violations.push(entry),
            _ => outcome.other.push(entry),
        }
        outcome.requests += 1;
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calls_are_counted_by_what_came_of_them() {
        let text = "running 1 test\noutside\ta\tok\t200\noutside\tb\tok\t422\noutside\tc\terror\tc: undeclared status 422 \
                    Unprocessable Entity\noutside\td\tdecode\td: the 200 OK response does not decode\noutside\te\tno-sample\t\n\
                    outside\tf\tskipped\t\noutside\tg\terror\tg: request failed: error sending request\n";
        let outcome = tally(text);
        assert_eq!(outcome.requests, 5);
        assert_eq!(outcome.violations, ["b: 422", "c: c: undeclared status 422 Unprocessable Entity"]);
        assert_eq!(outcome.decode_errors, ["d: d: the 200 OK response does not decode"]);
        assert_eq!(outcome.unsampled, ["e"]);
        assert_eq!(outcome.other, ["g: g: request failed: error sending request"]);
    }
}
