//! `cargo xtask mock --spec PATH --listen ADDR`: serves any spec's generated `server::Mock`
//! in one command. The crate is generated into a cache outside the repository
//! (`~/.cache/openapi-rust-gen/mock/`, or under `$XDG_CACHE_HOME`, or under
//! `$OPENAPI_RUST_GEN_CACHE` in place of `openapi-rust-gen`), with a small example
//! binary beside it that serves the mock; cargo builds it there (one shared target
//! directory, so a second spec builds only its own crate) and it runs in the foreground.
//! `conformance.rs` starts the same binary for each spec it checks.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Failure;
use crate::corpus::{Generation, generate};

/// The example that serves the mock, added to the generated crate in the cache (the
/// generated output itself stays the generator's). `{crate}` is the library's name.
const SERVE: &str = r#"//! Serves this crate's `server::Mock` on the address given (default 127.0.0.1:4010), at
//! the spec's paths as written. Written by `cargo xtask mock`; not generated.

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:4010".to_owned());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("serving the mock of {} on http://{addr}/", env!("CARGO_PKG_NAME"));
    let app = {crate}::server::mock::router({crate}::server::Mock::new());
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
"#;

/// The name of the example binary.
const EXAMPLE: &str = "serve_mock";

/// Where mock crates and their shared target directory live; its siblings hold
/// conformance's reports and schemathesis, and Prism. `$OPENAPI_RUST_GEN_CACHE` replaces
/// the whole `openapi-rust-gen` directory, so that two runs at once (two branches being
/// measured) each build and report into their own (the public corpus stays where
/// `corpus.rs` keeps it).
pub fn cache_dir() -> Result<PathBuf, Failure> {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set("OPENAPI_RUST_GEN_CACHE") {
        return Ok(dir.join("mock"));
    }
    let base = set("XDG_CACHE_HOME")
        .or_else(|| set("HOME").map(|h| h.join(".cache")))
        .ok_or_else(|| Failure::Usage("cannot choose a cache for mock crates: set HOME".into()))?;
    Ok(base.join("openapi-rust-gen").join("mock"))
}

/// The target directory mock crates are built in: `CARGO_TARGET_DIR` when set (CI points
/// it at the workspace's, whose dependencies are built already), else one shared directory
/// in the cache, so that a second spec builds only its own crate.
pub fn target_dir() -> Result<PathBuf, Failure> {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(cache_dir()?.join("target")),
    }
}

/// A spec's mock, built: the binary to run.
#[derive(Debug)]
pub struct Built {
    pub binary: PathBuf,
    pub operations: usize,
}

/// Generates `spec`'s crate into the cache (`name` names its directory), adds the example
/// that serves its mock, and builds it.
pub fn build(spec: &Path, name: &str) -> Result<Built, Failure> {
    let cache = cache_dir()?;
    let out = cache.join("crates").join(name);
    let lock = crate::workspace_root().join("Cargo.lock");
    let (generation, _) = generate(spec, &out, &lock)?;
    let operations = match generation {
        Generation::Generated { operations, .. } => operations,
        Generation::Refused { first, .. } => return Err(Failure::Io(format!("the spec is refused: {first}"))),
    };
    let manifest = fs::read_to_string(out.join("Cargo.toml"))
        .map_err(|e| Failure::Io(format!("cannot read the generated Cargo.toml: {e}")))?;
    let krate = manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .map(|n| n.trim().trim_matches('"').replace('-', "_"))
        .ok_or_else(|| Failure::Io("the generated Cargo.toml has no name".into()))?;
    let examples = out.join("examples");
    fs::create_dir_all(&examples).map_err(|e| Failure::Io(format!("cannot create {}: {e}", examples.display())))?;
    let source = examples.join(format!("{EXAMPLE}.rs"));
    fs::write(&source, SERVE.replace("{crate}", &krate))
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", source.display())))?;
    let target = target_dir()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .args(["build", "--quiet", "--features", "server", "--example", EXAMPLE])
        .status()
        .map_err(|e| Failure::Io(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(Failure::Io(format!("the mock of {} does not build ({status})", spec.display())));
    }
    // Every crate's example has the same name in the shared target directory: keep this
    // one's binary under the crate's own name, so that several can run at once.
    let built = target.join("debug").join("examples").join(EXAMPLE);
    let binary = target.join("debug").join("examples").join(format!("{EXAMPLE}-{name}"));
    // Copied beside it, then renamed over it: a copy onto a binary that is running (an
    // earlier `cargo xtask mock` of the same spec) fails, a rename does not.
    let copy = binary.with_extension("new");
    fs::copy(&built, &copy).map_err(|e| Failure::Io(format!("cannot copy {}: {e}", built.display())))?;
    fs::rename(&copy, &binary).map_err(|e| Failure::Io(format!("cannot rename {}: {e}", copy.display())))?;
    Ok(Built { binary, operations })
}

/// `cargo xtask mock`: builds and serves in the foreground until interrupted.
pub fn serve(spec: &Path, listen: &str) -> Result<(), Failure> {
    let name = crate_dir_name(spec);
    eprintln!("generating and building the mock of {} (cache: {})…", spec.display(), cache_dir()?.display());
    let built = build(spec, &name)?;
    let status = Command::new(&built.binary)
        .arg(listen)
        .status()
        .map_err(|e| Failure::Io(format!("cannot run {}: {e}", built.binary.display())))?;
    if status.success() { Ok(()) } else { Err(Failure::Io(format!("the mock stopped ({status})"))) }
}

/// A directory name for a spec's crate: its directory's name and its own, so that
/// `spec/openapi.yaml` and `tests/kitchen-sink/spec/openapi.yaml` do not share one.
pub fn crate_dir_name(spec: &Path) -> String {
    let spec = spec.canonicalize().unwrap_or_else(|_| spec.to_path_buf());
    let parent = spec.parent().and_then(Path::file_name).map(|p| p.to_string_lossy().into_owned());
    let stem = spec.file_stem().map_or_else(|| "spec".to_owned(), |s| s.to_string_lossy().into_owned());
    let name = match parent {
        Some(p) => format!("{p}-{stem}"),
        None => stem,
    };
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}
