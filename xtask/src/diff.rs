//! `cargo xtask diff OLD NEW [--format text|json] [--fail-on LEVEL]`, and the API
//! changes `cargo xtask codegen` reports against what `generated/` was made from.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::Output;
use generator::diff::{self, Change, Document};

use crate::{DirFiles, Failure, display};

pub const USAGE: &str = "usage: cargo xtask diff OLD NEW [--format text|json] [--fail-on LEVEL] [--deny omissions]

  OLD, NEW              root specs (YAML or JSON; fragments, references and GitLab's dialect
                        are read as `codegen` reads them)
  --format text|json    text for people (default), or {\"changes\": [...]} for tools
  --fail-on LEVEL       exit 1 when a change is at LEVEL; otherwise the exit code ignores
                        the changes. LEVEL is one of
                          breaking               breaking for anyone
                          breaking-for-clients   breaking for code calling the client
                          breaking-for-servers   breaking for code implementing the server

  --deny omissions      refuse a spec with a part the generator cannot express, instead of
                        leaving that part out as `codegen` does (each cut is a warning)

Exit codes: 0 compared; 1 a spec has errors, or --fail-on found a breaking change; 2 a
wrong command line.";

/// How to print the changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// A parsed `diff` command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub old: PathBuf,
    pub new: PathBuf,
    pub format: Format,
    pub fail_on: FailOn,
    /// Whether a part that cannot be expressed refuses the spec (`--deny omissions`) or
    /// is left out, with a warning, as `codegen` leaves it out.
    pub omissions: generator::Omissions,
}

/// Which changes make `diff` exit 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    /// None: the exit code says only whether the specs could be compared.
    #[default]
    Never,
    /// Any breaking change.
    Breaking,
    /// Changes breaking client users (a team that only calls the client).
    BreakingForClients,
    /// Changes breaking server implementers (a team that only implements the server).
    BreakingForServers,
}

impl FailOn {
    pub fn fails_on(self, change: &Change) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Breaking => change.is_breaking(),
            FailOn::BreakingForClients => change.breaks.clients,
            FailOn::BreakingForServers => change.breaks.servers,
        }
    }
}

/// Parses the arguments after `diff`; `Ok(None)` for `--help`.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut specs = Vec::new();
    let mut format = Format::Text;
    let mut fail_on = FailOn::Never;
    let mut omissions = generator::Omissions::Cut;
    let text = |v: OsString| v.into_string().map_err(|v| format!("not UTF-8: {}", v.to_string_lossy()));
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Value(v) if specs.len() < 2 => specs.push(PathBuf::from(v)),
            Long("format") => {
                format = match text(parser.value().map_err(|e| e.to_string())?)?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format `{other}` (text or json)")),
                }
            }
            Long("fail-on") => match text(parser.value().map_err(|e| e.to_string())?)?.as_str() {
                "breaking" => fail_on = FailOn::Breaking,
                "breaking-for-clients" => fail_on = FailOn::BreakingForClients,
                "breaking-for-servers" => fail_on = FailOn::BreakingForServers,
                other => {
                    return Err(format!(
                        "unknown level `{other}` for --fail-on (breaking, breaking-for-clients or breaking-for-servers)"
                    ));
                }
            },
            Long("deny") => match text(parser.value().map_err(|e| e.to_string())?)?.as_str() {
                "omissions" => omissions = generator::Omissions::Deny,
                other => return Err(format!("`--deny {other}`: only `--deny omissions` is known")),
            },
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    match <[PathBuf; 2]>::try_from(specs) {
        Ok([old, new]) => Ok(Some(Args { old, new, format, fail_on, omissions })),
        Err(_) => Err("diff needs two specs, OLD and NEW".into()),
    }
}

/// Reads one root spec through the front end, its own directory being the spec root.
pub fn read(spec: &Path, omissions: generator::Omissions) -> Result<Document, Failure> {
    let spec = spec.canonicalize().map_err(|e| Failure::Usage(format!("cannot read {}: {e}", spec.display())))?;
    let (Some(base), Some(root)) = (spec.parent(), spec.file_name()) else {
        return Err(Failure::Usage(format!("{} is not a file", spec.display())));
    };
    let files = DirFiles::new(base).map_err(|e| Failure::Io(format!("cannot read {}: {e}", base.display())))?;
    let options = generator::Options {
        root: root.to_string_lossy().into_owned(),
        display_prefix: display(base),
        omissions,
        ..Default::default()
    };
    diff::read(&files, &options).map_err(Failure::Spec)
}

/// Reads OLD and NEW at once, each on its own thread: reading is most of a diff's time
/// (a GitHub-sized spec takes seconds to load, the comparison tens of milliseconds).
pub fn read_both(
    old: &Path,
    new: &Path,
    omissions: generator::Omissions,
) -> (Result<Document, Failure>, Result<Document, Failure>) {
    std::thread::scope(|scope| {
        let other = scope.spawn(|| read(old, omissions));
        let new = read(new, omissions);
        let old = other.join().unwrap_or_else(|_| Err(Failure::Io("reading OLD panicked; this is a bug".into())));
        (old, new)
    })
}

/// Runs `cargo xtask diff` on the arguments after `diff`.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match parse_args(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (old, new) = match read_both(&args.old, &args.new, args.omissions) {
        (Ok(old), Ok(new)) => {
            // What was left out of either spec is said, as `codegen` says it: the diff
            // compares what the generated crates hold.
            print_left_out(&old);
            print_left_out(&new);
            (old, new)
        }
        (old, new) => {
            // Both are reported, so one run shows every problem.
            let mut code = ExitCode::SUCCESS;
            for (path, result) in [(&args.old, old), (&args.new, new)] {
                if let Err(failure) = result {
                    code = report_failure(path, &failure);
                }
            }
            return code;
        }
    };
    let changes = match diff::diff(&old.api, &new.api) {
        Ok(changes) => changes,
        Err(report) => return report_failure(&args.new, &Failure::Spec(report)),
    };
    match args.format {
        Format::Json => print!("{}", diff::render::json(&changes)),
        Format::Text => {
            print!("{}", diff::render::text(&changes));
            println!("{}", diff::render::summary(&changes));
        }
    }
    if changes.iter().any(|c| args.fail_on.fails_on(c)) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Prints the warnings that say what was left out of a spec, the way `codegen` prints
/// them (rustc-style on a terminal, one line otherwise). The front end's other warnings
/// (dialect rewrites) are `codegen`'s to show.
fn print_left_out(document: &Document) {
    let terminal = std::io::stderr().is_terminal();
    for d in &document.left_out {
        if terminal {
            eprint!("{}", document.report.render(d));
        } else {
            eprintln!("{d}");
        }
    }
}

/// Prints why a spec could not be read, the way `codegen` does: each diagnostic
/// (rustc-style on a terminal, one line otherwise), then a count. Returns the exit code.
fn report_failure(path: &Path, failure: &Failure) -> ExitCode {
    match failure {
        Failure::Spec(report) => {
            let terminal = std::io::stderr().is_terminal();
            for d in &report.diagnostics {
                if terminal {
                    eprint!("{}", report.render(d));
                } else {
                    eprintln!("{d}");
                }
            }
            let n = report.errors().count();
            eprintln!("error: {n} error{} in {}", if n == 1 { "" } else { "s" }, display(path));
            ExitCode::from(1)
        }
        Failure::Usage(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Failure::Io(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The API changes from what the output directory was generated from (its `openapi.json`,
/// the normalised bundle) to what `output` was. Empty when there is no previous bundle or
/// it cannot be read: the report is advice, and must not stop a regeneration.
pub fn since_generated(output: &Output, out: &Path) -> Vec<Change> {
    let Some(bundle) = output.files.iter().find(|f| f.path == "openapi.json") else { return Vec::new() };
    let Ok(previous) = DirFiles::new(out) else { return Vec::new() };
    let options =
        generator::Options { root: "openapi.json".into(), display_prefix: display(out), ..Default::default() };
    let Ok(old) = diff::read(&previous, &options) else { return Vec::new() };
    let now: BTreeMap<String, String> = [("openapi.json".to_string(), bundle.contents.clone())].into();
    let Ok(new) = diff::read(&now, &options) else { return Vec::new() };
    diff::diff(&old.api, &new.api).unwrap_or_default()
}

/// What `codegen` prints after its summary when the API changed: each change, then a count.
pub fn codegen_report(changes: &[Change], out: &str) -> String {
    format!(
        "{}API changes since {out}/openapi.json was generated: {}",
        diff::render::text(changes),
        diff::render::summary(changes)
    )
}
