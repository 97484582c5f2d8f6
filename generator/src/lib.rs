//! The generator: an OpenAPI 3.0 spec (and GitLab's fragment dialect of it) in, the files
//! of a Rust crate out. The library is pure: it reads spec files through [`SpecFiles`] and
//! returns the files to write; only `xtask` touches the disk.
//!
//! ```text
//! spec ──load──▶ JSON value + sources ──normalise──▶ OpenAPI 3.0 value ──parse──▶ openapiv3
//!      ──lower──▶ ir::Api ──emit──▶ TokenStreams ──format──▶ files
//! ```

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalise;
pub mod parse;
pub mod settings;
pub mod yaml;

use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Location, Severity};
pub use load::{ReadError, SpecFiles};

/// What to generate from.
#[derive(Clone, Debug)]
pub struct Options {
    /// The root spec, relative to the spec base (`openapi.yaml`). References may not leave
    /// the base.
    pub root: String,
    /// How the caller names the spec base in messages and headers (`spec`).
    pub display_prefix: String,
}

/// One file of the generated crate, relative to its root (`src/models.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}

/// How long each stage took, for benchmarks.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub normalise: Duration,
    pub parse: Duration,
    pub lower: Duration,
    pub emit: Duration,
    pub format: Duration,
}

/// A successful run: the files, the warnings, and what was made.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<OutputFile>,
    pub report: Report,
    pub operations: usize,
    pub types: usize,
    pub timings: Timings,
}

/// The diagnostics of a run, with the sources needed to quote them.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    sources: load::Sources,
}

impl Report {
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Renders one diagnostic like rustc, with its source line.
    pub fn render(&self, d: &Diagnostic) -> String {
        let text = d.location.as_ref().and_then(|l| self.sources.text_of_display(&l.file));
        d.render(text)
    }

    /// Every diagnostic in its one-line form, one a line (for snapshots and logs).
    pub fn lines(&self) -> String {
        self.diagnostics.iter().map(|d| format!("{d}\n")).collect()
    }
}

/// The API as the emitters see it, with what it took to get there.
#[derive(Debug)]
pub struct Analysis {
    pub api: ir::Api,
    /// The normalised, bundled spec as pretty JSON.
    pub bundled: String,
    pub report: Report,
    pub timings: Timings,
}

/// Runs the pipeline up to the IR: load, normalise, parse, lower.
pub fn analyse(files: &dyn SpecFiles, options: &Options) -> Result<Analysis, Report> {
    let mut diags = Vec::new();
    let mut timings = Timings::default();
    let fail = |diagnostics, sources| Err(Report { diagnostics, sources });

    let t = Instant::now();
    let loaded = match load::load(files, &options.root, &options.display_prefix, &mut diags) {
        Ok(l) => l,
        Err(sources) => return fail(diags, sources),
    };
    let settings_path = settings::path_for(&options.root);
    let settings_text = match files.read(&settings_path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(ReadError::NotFound) => None,
        Err(ReadError::Other(why)) => {
            diags.push(Diagnostic::error(format!("cannot read `{}`: {why}", loaded.sources.display(&settings_path))));
            return fail(diags, loaded.sources);
        }
    };
    timings.load = t.elapsed();

    let t = Instant::now();
    let mut document = loaded.document;
    let sources = loaded.sources;
    if !normalise::normalise(&mut document, &sources, &mut diags) {
        return fail(diags, sources);
    }
    let bundled = serde_json::to_string_pretty(&document).unwrap_or_default() + "\n";
    timings.normalise = t.elapsed();

    let t = Instant::now();
    let title = document.pointer("/info/title").and_then(|v| v.as_str()).unwrap_or("api").to_string();
    let Some(parsed) = parse::parse(document, &sources, &mut diags) else {
        return fail(diags, sources);
    };
    timings.parse = t.elapsed();

    let t = Instant::now();
    let settings = match settings::parse(settings_text.as_deref(), &sources.display(&settings_path), &title) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return fail(diags, sources);
        }
    };
    let spec_path = sources.display(&options.root);
    let Some(api) = lower::lower(&parsed, &sources, settings, &spec_path, &mut diags) else {
        return fail(diags, sources);
    };
    timings.lower = t.elapsed();
    Ok(Analysis { api, bundled, report: Report { diagnostics: diags, sources }, timings })
}

/// Runs the whole pipeline. On failure the report holds at least one error.
pub fn generate(files: &dyn SpecFiles, options: &Options) -> Result<Output, Report> {
    let Analysis { api, bundled, mut report, mut timings } = analyse(files, options)?;
    let spec_path = api.spec_path.clone();

    let t = Instant::now();
    let emitted = [
        ("src/lib.rs", emit::lib_rs::lib_rs(&api)),
        ("src/models.rs", emit::models::models(&api)),
        ("src/client/mod.rs", emit::client::client(&api)),
        ("src/server/mod.rs", emit::server::server(&api)),
        ("tests/examples.rs", emit::examples::examples(&api)),
    ];
    timings.emit = t.elapsed();

    let t = Instant::now();
    let mut out = Vec::new();
    out.push(OutputFile { path: "Cargo.toml".into(), contents: cargo_toml(&api) });
    out.push(OutputFile { path: "openapi.json".into(), contents: bundled });
    for (path, tokens) in emitted {
        match format::format(tokens, &spec_path) {
            Ok(contents) => out.push(OutputFile { path: path.into(), contents }),
            Err(e) => {
                report.diagnostics.push(Diagnostic::error(format!("{path}: {e}")));
                return Err(report);
            }
        }
    }
    for (path, template) in TEMPLATES {
        out.push(OutputFile { path: (*path).into(), contents: format!("{}\n{template}", format::header(&spec_path)) });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    timings.format = t.elapsed();

    Ok(Output { files: out, operations: api.operations.len(), types: api.types.len(), report, timings })
}

/// Spec-independent Rust copied verbatim into the output (after the `@generated` line).
const TEMPLATES: &[(&str, &str)] = &[
    ("src/values.rs", include_str!("../../templates/values.rs")),
    ("src/client/runtime.rs", include_str!("../../templates/client_runtime.rs")),
    ("src/server/runtime.rs", include_str!("../../templates/server_runtime.rs")),
];

fn cargo_toml(api: &ir::Api) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let description =
        format!("{} ({}): models, client and server generated from {}", api.title, api.version, api.spec_path);
    let body = include_str!("../../templates/Cargo.toml.in")
        .replace("{{name}}", &quoted(&api.settings.crate_name))
        .replace("{{version}}", &quoted(&api.settings.crate_version))
        .replace("{{description}}", &quoted(&description));
    format!("# @generated by `cargo xtask codegen` from {}. Do not edit.\n{body}", api.spec_path)
}
