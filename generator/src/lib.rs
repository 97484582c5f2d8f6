//! The generator: an OpenAPI 3.0 spec (and GitLab's fragment dialect of it) in, the files
//! of a Rust crate out. The library is pure: it reads spec files through [`SpecFiles`] and
//! returns the files to write; only `xtask` touches the disk.
//!
//! ```text
//! spec ──load──▶ JSON value + sources ──overlay──▶ patched value ──normalise──▶ OpenAPI 3.0 value
//!      ──parse──▶ openapiv3 ──lower──▶ ir::Api ──emit──▶ TokenStreams ──format──▶ files
//! ```

// Only the IR is a public module (tests read it); the rest of the library's surface is
// the items re-exported and defined here.
mod crate_files;
mod diagnostics;
pub mod diff;
mod emit;
mod format;
pub mod ir;
mod json;
mod load;
mod lower;
mod methods;
mod naming;
mod normalise;
mod overlay;
mod parse;
mod patterns;
mod prune;
mod schedule;
mod settings;
mod sink;
mod source;
mod v20;
mod v31;
mod v32;
mod widths;
mod yaml;

/// What the fuzz targets (`generator/fuzz`, outside the workspace) check beyond
/// `generate`: the JSON reader against serde_json, and that every node is located. Not an
/// API for anyone else.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::diagnostics::push_pointer;
    pub use crate::json::parse as parse_json;
    pub use crate::source::LocationIndex;
}

use std::time::{Duration, Instant};

use crate_files::{
    CONSTRAINTS_TEMPLATE, FILE_TEMPLATE, FORMATS_TEMPLATE, PATTERNS_BACKTRACKING_TEMPLATE, PATTERNS_TEMPLATE,
    STREAM_TEMPLATE, TEMPLATES, WEBHOOKS_TEMPLATES, cargo_toml,
};
pub use diagnostics::{Diagnostic, Location, Severity};
pub use load::{ReadError, SpecFiles};
use sink::Sink;

/// What to generate from.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The root spec, relative to the spec base (`openapi.yaml`). References may not leave
    /// the base.
    pub root: String,
    /// How the caller names the spec base in messages and headers (`spec`).
    pub display_prefix: String,
    /// What happens to a part of the spec that cannot be expressed.
    pub omissions: Omissions,
    /// The largest spec file read, in bytes (`None`: 64 MiB). A cap against hostile
    /// input, which a user with a larger trusted spec raises.
    pub max_file_bytes: Option<usize>,
}

/// What a part of the spec that cannot be expressed costs (see `prune.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Omissions {
    /// The part alone: it is left out or loosened, with a located warning, and the rest
    /// is generated.
    #[default]
    Cut,
    /// The whole spec: every such part is an error, and nothing is generated (for CI).
    Deny,
}

/// One file of the generated crate, relative to its root (`src/models.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}

/// How long each stage took, for benchmarks. With [`EmitThreads::Two`], `emit` and
/// `format` are the work summed over the files, not the time that passed.
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
    /// Operations of the spec that could not be expressed and were left out.
    pub operations_left_out: usize,
    /// Everything left out or loosened, in words (`ir::Api::omitted`).
    pub omitted: Vec<String>,
    pub types: usize,
    pub timings: Timings,
}

/// The diagnostics of a run, with the sources needed to quote them.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    sources: source::Sources,
}

impl Report {
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// What was changed on request (each applied overlay action), as opposed to warned about.
    pub fn notes(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Note)
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
    /// Operations of the spec that could not be expressed and were left out.
    pub operations_left_out: usize,
    /// The normalised, bundled spec as pretty JSON.
    pub bundled: String,
    pub report: Report,
    pub timings: Timings,
}

/// The stack the pipeline runs on. Recursion over the document is bounded by
/// `source::MAX_DEPTH`; this leaves room for the deepest document that limit allows, in
/// every stage (serde's and openapiv3's recursive deserializers included).
pub(crate) const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `stage` on a thread with a large stack, turning a panic into an error diagnostic:
/// the entry points return errors, never unwind into the caller.
fn guarded<T: Send>(stage: impl FnOnce() -> Result<T, Report> + Send) -> Result<T, Report> {
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("generator".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, stage)
            .map(|handle| handle.join())
    });
    let diagnostic = match outcome {
        Ok(Ok(result)) => return result,
        Ok(Err(panic)) => panic_diagnostic(panic),
        Err(e) => Diagnostic::error(format!("cannot start the generator's thread: {e}")),
    };
    Err(Report { diagnostics: vec![diagnostic], sources: source::Sources::default() })
}

/// The error a caught panic becomes.
fn panic_diagnostic(panic: Box<dyn std::any::Any + Send>) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    Diagnostic::error(format!(
        "internal error: the generator panicked ({what}); this is a bug, please report it with the spec"
    ))
}

/// Runs the pipeline up to the IR: load, normalise, parse, lower.
pub fn analyse(files: &(dyn SpecFiles + Sync), options: &Options) -> Result<Analysis, Report> {
    guarded(|| analyse_unguarded(files, options))
}

fn analyse_unguarded(files: &dyn SpecFiles, options: &Options) -> Result<Analysis, Report> {
    let (mut analysis, pruning, demoted) = in_rounds(
        options,
        |pruning, sink| analyse_round(files, options, pruning, sink),
        |analysis| &analysis.report.diagnostics,
    )?;
    if let Some(before) = pruning.before.as_ref() {
        analysis.api.omitted = pruning.cuts.described(before);
        analysis.operations_left_out = pruning.cuts.operations_left_out(before);
    }
    analysis.report.diagnostics.splice(0..0, demoted);
    Ok(analysis)
}

/// Runs `round` (the pipeline, or a prefix of it) until it succeeds: a round that fails
/// only inside parts of the spec cuts those parts and runs again (`prune.rs`), so a
/// construct we cannot express costs the part it is in. The first round is the whole cost
/// of a spec that has none. On success, returns what the round made, the cuts it ran
/// under, and the errors that made them as warnings saying what each cost (without those
/// the last round reported itself, which `reported` reads off what it made).
pub(crate) fn in_rounds<R>(
    options: &Options,
    mut round: impl FnMut(&mut prune::Pruning, &mut Sink) -> Result<R, source::Sources>,
    reported: impl Fn(&R) -> &[Diagnostic],
) -> Result<(R, prune::Pruning, Vec<Diagnostic>), Report> {
    let mut pruning = prune::Pruning::default();
    // The errors that made each cut, in the order found: reported as warnings at the end.
    let mut causes: Vec<(Diagnostic, String)> = Vec::new();
    let mut rounds = 0;
    loop {
        let mut sink = Sink::default();
        pruning.before = None;
        pruning.applied_at = None;
        let sources = match round(&mut pruning, &mut sink) {
            Ok(made) => {
                let demoted = demote_causes(&causes, &pruning, reported(&made));
                return Ok((made, pruning, demoted));
            }
            Err(sources) => sources,
        };
        let mut cut_more = options.omissions == Omissions::Cut && rounds + 1 < prune::MAX_ROUNDS;
        let mut new_causes = Vec::new();
        if cut_more {
            let before = pruning.cuts.iter().count();
            let applied = pruning.cuts.clone();
            for (index, error, pointer) in sink.indexed_errors() {
                let after_cuts = pruning.applied_at.is_some_and(|at| index >= at);
                let cuttable = pointer.is_some_and(|p| pruning.cuts.add_for(p, after_cuts, &applied));
                if !cuttable {
                    cut_more = false;
                    break;
                }
                new_causes.push((error.clone(), pointer.unwrap_or_default().to_string()));
            }
            cut_more &= pruning.cuts.iter().count() > before;
        }
        if !cut_more {
            let mut diagnostics = demote_causes(&causes, &pruning, &[]);
            diagnostics.extend(sink.into_diagnostics());
            return Err(Report { diagnostics, sources });
        }
        // Which cut covers each error is decided at the end, when the cut around it is known.
        causes.extend(new_causes);
        rounds += 1;
    }
}

/// The warnings the errors that made cuts become, each saying what its cut cost, without
/// repeating one the last round reported itself (an error the version gate reports in
/// every round). Each cause is an error with its bundled pointer.
fn demote_causes(
    causes: &[(Diagnostic, String)],
    pruning: &prune::Pruning,
    reported: &[Diagnostic],
) -> Vec<Diagnostic> {
    let Some(before) = pruning.before.as_ref() else { return Vec::new() };
    let mut out: Vec<Diagnostic> = Vec::new();
    for (error, pointer) in causes {
        let Some(cut) = pruning.cuts.outermost(pointer) else { continue };
        let warning = prune::demoted(error, cut, before);
        if !reported.contains(&warning) && !out.contains(&warning) {
            out.push(warning);
        }
    }
    out
}

/// One round of [`analyse_unguarded`]: the pipeline with `pruning`'s cuts.
fn analyse_round(
    files: &dyn SpecFiles,
    options: &Options,
    pruning: &mut prune::Pruning,
    sink: &mut Sink,
) -> Result<Analysis, source::Sources> {
    let FrontEnd { parsed, mut document, settings, sources, mut timings } = front_end(files, options, sink, pruning)?;

    // The bundled text (`openapi.json`) is printed on a second thread while this one
    // lowers: lowering runs on one thread, so the other core would idle, and on a large
    // spec the printing takes a good part of it (DigitalOcean's normalised document is
    // 13 MB). Both only read what the front end made.
    let t = Instant::now();
    let spec_path = sources.display(&options.root);
    // `openapi.json` states the ranges the crate reads numbers in; lowering reads the
    // parsed document, which keeps the spec's words (`widths.rs`).
    widths::state(&mut document);
    let (api, mut bundled) = std::thread::scope(|scope| {
        let printer = std::thread::Builder::new()
            .name("generator-bundle".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || print_bundled(&document))
            .ok();
        let api = lower::lower(&parsed, &sources, settings, &spec_path, sink);
        // A printer that could not start prints here instead; a panic in it is re-raised
        // for `guarded` to report, as if it had happened on this thread.
        let bundled = match printer.map(std::thread::ScopedJoinHandle::join) {
            Some(Ok(text)) => text,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => print_bundled(&document),
        };
        (api, bundled)
    });
    // An error a stage reported without stopping (a reference to nothing, kept for the
    // part holding it to be cut) fails the round too.
    let Some(api) = api.filter(|_| !sink.has_errors()) else {
        return Err(sources);
    };
    // What lowering left out is not offered by `openapi.json` either; printed again only
    // then, which is rare.
    if !api.unserved.is_empty() {
        for pointer in &api.unserved {
            remove_at(&mut document, pointer);
        }
        bundled = print_bundled(&document);
    }
    timings.lower = t.elapsed();
    drop_aside((parsed, document));
    let report = Report { diagnostics: std::mem::take(sink).into_diagnostics(), sources };
    Ok(Analysis { api, operations_left_out: 0, bundled, report, timings })
}

/// Drops `value` on a thread of its own, which nothing waits for: the parsed and the
/// normalised document are millions of small allocations (on Microsoft Graph's beta, a
/// 47 MB spec, freeing them takes about 0.2 s), and emission, which needs neither, need
/// not wait for them to be freed. A thread that cannot start drops `value` here.
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("generator-drop".into()).spawn(move || drop(value));
}

/// What the front end makes of a root spec: the normalised, parsed document and what
/// lowering still needs from the way there.
struct FrontEnd {
    parsed: openapiv3::OpenAPI,
    /// The normalised document, which `openapi.json` prints, its array query parameters
    /// named as the settings' style writes them (`settings::name_rails_arrays`).
    document: serde_json::Value,
    /// The settings beside the root spec (`<root>.codegen.yaml`), checked against it.
    settings: ir::Settings,
    sources: source::Sources,
    timings: Timings,
}

/// Load, overlays, normalise and parse: everything before lowering, shared by `analyse`
/// and `diff::read`, so both read a root spec the same way (fragments, overlays, 3.1).
/// On failure the diagnostics are in `sink` and the sources come back for the report.
fn front_end(
    files: &dyn SpecFiles,
    options: &Options,
    sink: &mut Sink,
    pruning: &mut prune::Pruning,
) -> Result<FrontEnd, source::Sources> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let limits = source::Limits::with_file_bytes(options.max_file_bytes);
    let loaded = load::load(files, &options.root, &options.display_prefix, limits, sink)?;
    let settings_path = settings::path_for(&options.root);
    let settings_text = match files.read(&settings_path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(ReadError::NotFound) => None,
        Err(ReadError::Other(why)) => {
            sink.push(Diagnostic::error(format!("cannot read `{}`: {why}", loaded.sources.display(&settings_path))));
            return Err(loaded.sources);
        }
    };
    timings.load = t.elapsed();

    let t = Instant::now();
    let mut document = loaded.document;
    let mut sources = loaded.sources;
    // Overlays patch the bundled document before anything reads it (ARCHITECTURE.md).
    let applied = settings::overlays(settings_text.as_deref(), &sources.display(&settings_path))
        .map(|listed| overlay::apply_all(files, &options.root, &listed, &mut document, &mut sources, sink));
    match applied {
        Ok(true) => {}
        Ok(false) => return Err(sources),
        Err(d) => {
            sink.push(d);
            return Err(sources);
        }
    }
    if !normalise::normalise(&mut document, &mut sources, sink, pruning) {
        return Err(sources);
    }
    timings.normalise = t.elapsed();

    let t = Instant::now();
    let parsed = parse_document(&document, &sources, &settings_path, settings_text.as_deref(), sink);
    timings.parse = t.elapsed();
    let Ok((parsed, settings)) = parsed else { return Err(sources) };
    settings::name_rails_arrays(&settings, &mut document);
    Ok(FrontEnd { parsed, document, settings, sources, timings })
}

/// Removes the node at a JSON pointer, if there is one.
fn remove_at(document: &mut serde_json::Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let last = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(serde_json::Value::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(serde_json::Value::Array(list)) => {
            if let Some(i) = last.parse::<usize>().ok().filter(|i| *i < list.len()) {
                list.remove(i);
            }
        }
        _ => {}
    }
}

/// The normalised document as `openapi.json` holds it.
fn print_bundled(document: &serde_json::Value) -> String {
    serde_json::to_string_pretty(document).unwrap_or_default() + "\n"
}

/// Reads the settings against the normalised document and parses the document.
fn parse_document(
    document: &serde_json::Value,
    sources: &source::Sources,
    settings_path: &str,
    settings_text: Option<&str>,
    sink: &mut Sink,
) -> Result<(openapiv3::OpenAPI, ir::Settings), ()> {
    let title = document.pointer("/info/title").and_then(|v| v.as_str()).unwrap_or("api").to_string();
    let settings_display = sources.display(settings_path);
    let file_stem = settings_path.rsplit('/').next().unwrap_or_default().split('.').next().unwrap_or_default();
    let mut warnings = Vec::new();
    let settings = settings::parse(settings_text, &settings_display, &title, file_stem, &mut warnings);
    for d in warnings {
        sink.push(d);
    }
    let settings = match settings {
        Ok(s) => s,
        Err(d) => {
            sink.push(d);
            return Err(());
        }
    };
    // A setting that names a place the spec does not have has gone stale: say so.
    for d in settings::unmatched_places(&settings, document, &settings_display) {
        sink.push(d);
    }
    let parsed = parse::parse(document, sources, sink).ok_or(())?;
    Ok((parsed, settings))
}

/// Runs the whole pipeline. On failure the report holds at least one error.
///
/// Analysis recurses over the document, so it runs on its own large-stack thread
/// ([`analyse`]). Emission does not (emitted code nests a few levels however deep the spec
/// is), so it runs here, on the caller's thread, still guarded against panics. That also
/// keeps it out of the analysis thread's heap: glibc gives that thread an arena of its
/// own, which analysis leaves fragmented, and formatting a large API in it took twice as
/// long (see BENCHMARKS.md). The files are formatted one after another: see
/// [`generate_with`] for two at a time.
pub fn generate(files: &(dyn SpecFiles + Sync), options: &Options) -> Result<Output, Report> {
    generate_with(files, options, EmitThreads::One)
}

/// How many threads emit and format the generated files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmitThreads {
    /// The caller's alone. Right under glibc's malloc, where two formatters took half as
    /// much CPU again as one (10,000 operations: 22 s of CPU against 15 s, BENCHMARKS.md §8).
    One,
    /// The caller's and a helper (when the machine has two cores), each taking the next
    /// file: for binaries whose allocator keeps a heap per thread, as `xtask`'s mimalloc
    /// does, where two formatters cost no more CPU than one and take half the time.
    Two,
}

/// [`generate`], emitting and formatting on as many threads as `threads` says.
pub fn generate_with(
    files: &(dyn SpecFiles + Sync),
    options: &Options,
    threads: EmitThreads,
) -> Result<Output, Report> {
    let analysis = analyse(files, options)?;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| emit_all(analysis, threads))) {
        Ok(result) => result,
        Err(panic) => Err(Report { diagnostics: vec![panic_diagnostic(panic)], sources: source::Sources::default() }),
    }
}

fn emit_all(analysis: Analysis, threads: EmitThreads) -> Result<Output, Report> {
    let Analysis { api, operations_left_out, bundled, mut report, mut timings } = analysis;
    let spec_path = api.spec_path.as_str();

    // Each file with its cost per operation, type, example or webhook: the time each took
    // to emit and format on Microsoft Graph's beta spec (22,361 operations, 11,117 types;
    // BENCHMARKS.md §9, "Graph a sixth time"), where the balance of the two workers matters
    // most. Only the ratios matter (see `schedule`). They are not the files' sizes: a
    // megabyte of `lib.rs`'s doc lines formats four times as fast as one of the client.
    let (ops, types, examples) = (api.operations.len() as u64, api.types.len() as u64, api.examples.len() as u64);
    let mut emitters: Vec<(&str, Emitter, u64)> = vec![
        ("src/lib.rs", emit::lib_rs::lib_rs, ops * 80),
        ("src/models.rs", emit::models::models, types * 1_300),
        ("src/client/mod.rs", emit::client::client, ops * 1_650),
        ("src/server/mod.rs", emit::server::server, ops * 1_400),
        ("src/server/mock.rs", emit::mock::mock, ops * 440),
        ("tests/examples.rs", emit::examples::examples, examples * 25),
    ];
    let hooks = api.webhooks.len() as u64;
    // A round trip only where there is something to send: a crate of models alone (AutoRest's
    // `no-operations`) would get a test of nothing, behind a feature it does not have.
    if ops > 0 || hooks > 0 {
        emitters.push(("tests/round_trip.rs", emit::round_trip::round_trip, (ops + hooks) * 510));
    }
    // The webhooks module only where the spec sends requests (webhooks or callbacks).
    if hooks > 0 {
        emitters.push(("src/webhooks/mod.rs", emit::receiver::receiver, hooks * 1_400));
        emitters.push(("src/webhooks/sender.rs", emit::sender::sender, hooks * 1_650));
    }
    let formatted = emit_files(&api, spec_path, &emitters, threads);
    let mut out = Vec::new();
    out.push(OutputFile { path: "Cargo.toml".into(), contents: cargo_toml(&api) });
    out.push(OutputFile { path: "openapi.json".into(), contents: bundled });
    // Results are in the emitters' order, so the error reported is the one a sequential
    // run would have stopped at.
    for ((path, _, _), done) in emitters.iter().zip(formatted) {
        timings.emit += done.emit;
        timings.format += done.format;
        match done.contents {
            Ok(contents) => out.push(OutputFile { path: (*path).into(), contents }),
            Err(e) => {
                report.diagnostics.push(Diagnostic::error(format!("{path}: {e}")));
                return Err(report);
            }
        }
    }
    let t = Instant::now();
    // The runtime's `File` only where a multipart body has file parts: it needs `bytes`.
    let file = api.uses_files().then_some(FILE_TEMPLATE);
    let webhooks = if api.webhooks.is_empty() { &[] } else { WEBHOOKS_TEMPLATES };
    let streams = api.uses_streams().then_some(STREAM_TEMPLATE);
    let formats = api.uses_formats().then_some(FORMATS_TEMPLATE);
    let constraints = api.uses_constraints().then_some(CONSTRAINTS_TEMPLATE);
    // Patterns with regex-lite alone, unless one needs the backtracking engine.
    let backtracking = api.uses_backtracking_patterns();
    let patterns =
        api.uses_constraints().then_some(if backtracking { PATTERNS_BACKTRACKING_TEMPLATE } else { PATTERNS_TEMPLATE });
    let optional = file
        .iter()
        .chain(webhooks)
        .chain(streams.as_ref())
        .chain(formats.as_ref())
        .chain(constraints.as_ref())
        .chain(patterns.as_ref());
    for (path, template) in TEMPLATES.iter().chain(optional) {
        out.push(OutputFile {
            path: (*path).into(),
            contents: format!(
                "{}
{template}",
                format::header(spec_path)
            ),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    timings.format += t.elapsed();

    Ok(Output {
        files: out,
        operations: api.operations.len(),
        operations_left_out,
        omitted: api.omitted.clone(),
        types: api.types.len(),
        report,
        timings,
    })
}

/// One emitted and formatted file, with the time each step took on its worker.
struct Formatted {
    contents: Result<String, String>,
    emit: Duration,
    format: Duration,
}

/// The stack of each emit worker: the 8 MiB a main thread gets, since emission used to run
/// on the caller's thread. Emitted code nests a few levels, so this is plenty.
const EMIT_STACK_BYTES: usize = 8 * 1024 * 1024;

/// Emits and formats every file on `threads`, each taking the next file when free, in the
/// order `schedule::start_order` gives for the estimated costs, so that the workers finish
/// together. Results come back in the emitters' order.
///
/// The files are independent, and formatting (syn then prettyplease) is most of the time
/// of emission. Each worker streams one file's items at a time (`emit::Artifact`), so the
/// live tokens are one item per worker. A panic in the helper is re-raised here, where
/// `generate` turns it into a diagnostic.
fn emit_files(
    api: &ir::Api,
    spec_path: &str,
    emitters: &[(&str, Emitter, u64)],
    threads: EmitThreads,
) -> Vec<Formatted> {
    let workers = match threads {
        EmitThreads::One => 1,
        EmitThreads::Two => std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(2),
    };
    let costs: Vec<u64> = emitters.iter().map(|(_, _, cost)| *cost).collect();
    let order = schedule::start_order(&costs, workers);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&index) = order.get(taken) else { return done };
            let t = Instant::now();
            // Doc comments go around syn and prettyplease (`emit::docs`), for this file.
            let _docs = emit::docs::set_aside();
            let tokens = emitters[index].1(api);
            let emit = t.elapsed();
            let t = Instant::now();
            let contents = format::format(tokens, spec_path);
            done.push((index, Formatted { contents, emit, format: t.elapsed() }));
        }
    };
    let mut finished: Vec<(usize, Formatted)> = std::thread::scope(|scope| {
        // A helper that cannot start is not needed: the caller's thread does all the work.
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("generator-emit".into())
                    .stack_size(EMIT_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut finished = work();
        for helper in helpers {
            match helper.join() {
                Ok(done) => finished.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        finished
    });
    finished.sort_by_key(|(index, _)| *index);
    finished.into_iter().map(|(_, done)| done).collect()
}

/// One artifact's emitter.
type Emitter = for<'a> fn(&'a ir::Api) -> emit::Artifact<'a>;
