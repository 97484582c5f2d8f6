//! `cargo xtask codegen [--check] [--spec PATH] [--spec-root DIR] [--out DIR]`.
//!
//! Exit codes: 0 success; 1 the spec has errors, or `--check` found stale output, or a
//! file could not be read or written; 2 the command line is wrong.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Failure, Job, display};

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec PATH] [--spec-root DIR] [--out DIR]

  --check          write nothing; fail listing each file that is out of date
  --spec PATH      the root spec (default: spec/openapi.yaml)
  --spec-root DIR  the directory references may not leave (default: the spec's directory)
  --out DIR        the crate to write (default: generated/)";

fn main() -> ExitCode {
    match parse_args() {
        Ok(Some((job, check))) => codegen(&job, check),
        Ok(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Option<(Job, bool)>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut job = Job::default_job();
    let mut check = false;
    let mut command = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Value(v) if command.is_none() => command = Some(v.string().map_err(|e| e.to_string())?),
            Long("check") => check = true,
            Long("spec") => job.spec = PathBuf::from(parser.value().map_err(|e| e.to_string())?),
            Long("spec-root") => job.spec_root = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?)),
            Long("out") => job.out = PathBuf::from(parser.value().map_err(|e| e.to_string())?),
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    match command.as_deref() {
        Some("codegen") => Ok(Some((job, check))),
        Some(other) => Err(format!("unknown command `{other}`")),
        None => Err("no command given".into()),
    }
}

fn codegen(job: &Job, check: bool) -> ExitCode {
    let terminal = std::io::stderr().is_terminal();
    let result = xtask::codegen(job, check);
    let report = match &result {
        Ok((output, ..)) => Some(&output.report),
        Err(Failure::Spec(report)) => Some(report),
        Err(_) => None,
    };
    if let Some(report) = report {
        for d in &report.diagnostics {
            if terminal {
                eprint!("{}", report.render(d));
            } else {
                eprintln!("{d}");
            }
        }
    }
    let out = display(&job.out);
    match result {
        Ok((output, drift, elapsed)) => {
            if check {
                for f in &drift.changed {
                    eprintln!("stale: {out}/{f}");
                }
                for f in &drift.stale {
                    eprintln!("stale: {out}/{f} (no longer generated)");
                }
                if drift.is_empty() {
                    eprintln!("{}", xtask::summary(&output, elapsed, &format!("{out} is up to date")));
                    ExitCode::SUCCESS
                } else {
                    eprintln!(
                        "{}",
                        xtask::summary(&output, elapsed, &format!("{out} is out of date: run `cargo xtask codegen`"))
                    );
                    ExitCode::from(1)
                }
            } else {
                let what = format!(
                    "{} written, {} removed, {} unchanged in {out}",
                    drift.changed.len(),
                    drift.stale.len(),
                    drift.unchanged
                );
                eprintln!("{}", xtask::summary(&output, elapsed, &what));
                ExitCode::SUCCESS
            }
        }
        Err(Failure::Spec(report)) => {
            let n = report.errors().count();
            eprintln!("error: {n} error{} in the spec; nothing was written", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
