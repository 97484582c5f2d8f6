//! `cargo xtask codegen [--check] [--spec PATH] [--spec-root DIR] [--out DIR]`.
//!
//! Exit codes: 0 success; 1 the spec has errors, or `--check` found stale output, or a
//! file could not be read or written; 2 the command line is wrong.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Failure, Job, display};

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec PATH] [--spec-root DIR] [--out DIR]
       cargo xtask bench [--quick]

  --check          write nothing; fail listing each file that is out of date
  --spec PATH      the root spec (default: spec/openapi.yaml)
  --spec-root DIR  the directory references may not leave (default: the spec's directory)
  --out DIR        the crate to write (default: generated/)

bench builds release binaries and prints generation, scaling, server and client figures.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => return bench(args.iter().any(|a| a == "--quick")),
        // Internal: one scaling measurement, run in a child process by `bench`.
        Some("bench-scale") => {
            let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
            let runs = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(3);
            println!("{}", xtask::bench::scale_child(n, runs));
            return ExitCode::SUCCESS;
        }
        // Internal: print a synthetic spec, for profiling stages by hand.
        Some("bench-spec") => {
            let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
            print!("{}", xtask::bench::synthetic_spec(n));
            return ExitCode::SUCCESS;
        }
        Some("bench-generation") => {
            let quick = args.iter().any(|a| a == "--quick");
            let me = std::env::current_exe().unwrap_or_default();
            println!("{}", xtask::bench::stages(if quick { 50 } else { 500 }));
            println!("{}", xtask::bench::process(&me, if quick { 10 } else { 50 }));
            let sizes: &[usize] = if quick { &[10, 100, 1000] } else { &[10, 100, 1000, 10_000] };
            println!("{}", xtask::bench::scaling(&me, sizes));
            println!("{}", xtask::bench::corpus(if quick { 1 } else { 3 }, &[]));
            return ExitCode::SUCCESS;
        }
        // Internal: only the corpus specs' stages (`bench-corpus [RUNS [SPEC…]]`, each SPEC
        // a path inside the corpus's `api/`), for profiling by hand.
        Some("bench-corpus") => {
            let runs = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
            println!("{}", xtask::bench::corpus(runs, args.get(2..).unwrap_or_default()));
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
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

/// Builds release binaries and runs every benchmark; cargo is used only to build.
fn bench(quick: bool) -> ExitCode {
    let root = xtask::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = std::process::Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("error: cannot build the release xtask");
        return ExitCode::from(1);
    }
    println!("machine: {} cores, {}\n", std::thread::available_parallelism().map_or(0, |n| n.get()), memory());
    let mut generation = std::process::Command::new(root.join("target/release/xtask"));
    generation.current_dir(&root).arg("bench-generation");
    if quick {
        generation.arg("--quick");
    }
    if !generation.status().is_ok_and(|s| s.success()) {
        return ExitCode::from(1);
    }
    let mut http = std::process::Command::new(&cargo);
    http.current_dir(&root).args(["bench", "--quiet", "-p", "tests", "--bench", "http", "--"]);
    if quick {
        http.arg("--quick");
    }
    if http.status().is_ok_and(|s| s.success()) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn memory() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string()))
        .and_then(|kib| kib.parse::<u64>().ok())
        .map_or("memory unknown".into(), |kib| format!("{:.1} GiB memory", kib as f64 / 1024.0 / 1024.0))
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
