//! The generated clients against AutoRest's test server (`@microsoft.azure/autorest.testserver`
//! from npm), tested the way AutoRest's own generators test theirs: one test per scenario,
//! asserting the exact values the scenario defines.
//!
//! The test server is installed with npm into a cache outside the repository
//! (`$AUTOREST_TESTSERVER_DIR`, else `~/.cache/openapi-rust-gen/autorest-testserver`). For each
//! spec in `SCENARIOS`, a crate is generated from the server's own Swagger 2.0 file into one
//! workspace under the target directory, with `tests/autorest/<spec>.rs` as its test; the
//! server is started on a free loopback port (a fixture that stops it when dropped), and
//! `cargo test` runs the scenarios against it. The server's own coverage figure is printed.
//!
//! Ignored by a plain `cargo test`, since it needs node and npm and builds a second
//! dependency tree; `.ci/run` runs it with `--ignored`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The version whose scenarios the tests assert.
const SERVER_VERSION: &str = "3.3.51";
const PACKAGE: &str = "@microsoft.azure/autorest.testserver";

/// The specs whose generated clients are tested: the server's `swagger/<spec>.json`, tested
/// by `tests/autorest/<spec>.rs`.
const SCENARIOS: &[&str] = &[
    "body-string",
    "body-boolean",
    "body-integer",
    "body-number",
    "body-date",
    "body-datetime",
    "body-duration",
    "body-byte",
    "body-array",
    "body-dictionary",
    "body-file",
    "body-formdata",
    "url-multi-collectionFormat",
    "extensible-enums-swagger",
    "validation",
    "body-datetime-rfc1123",
    "paging",
    "header",
    "url",
    "required-optional",
    "httpInfrastructure",
    "body-complex",
];

#[test]
#[ignore = "needs node and npm, and builds the generated clients; .ci/run runs it"]
fn generated_clients_pass_the_autorest_test_server() {
    let server_dir = install_server();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("autorest");
    let members = generate_workspace(&server_dir, &work);

    let server = TestServer::start(&server_dir, &work);
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    let features: Vec<String> = members.iter().map(|m| format!("{m}/client")).collect();
    cargo
        .current_dir(&work)
        .args(["test", "--workspace", "--no-fail-fast", "--no-default-features", "--features", &features.join(",")])
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("AUTOREST_URL", server.url())
        .env("AUTOREST_SERVER_DIR", &server_dir);
    let status = cargo.status().expect("cannot run cargo");
    let coverage = server.coverage();
    drop(server);
    eprintln!("{coverage}");
    assert!(status.success(), "the scenarios failed (cargo test in {})", work.display());
}

/// Installs the test server with npm into the cache, once; the directory holding its
/// package.
fn install_server() -> PathBuf {
    let cache = std::env::var_os("AUTOREST_TESTSERVER_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/openapi-rust-gen/autorest-testserver")
    });
    let package = cache.join("node_modules").join(PACKAGE);
    let installed = std::fs::read_to_string(package.join("package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{SERVER_VERSION}\"")));
    for tool in ["node", "npm"] {
        let found = Command::new(tool).arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
        assert!(found, "`{tool}` is not installed: the AutoRest test server needs node and npm (see .ci/run)");
    }
    if !installed {
        std::fs::create_dir_all(&cache).expect("cannot create the test server's cache");
        let status = Command::new("npm")
            .current_dir(&cache)
            .args(["install", "--no-audit", "--no-fund", "--no-save", &format!("{PACKAGE}@{SERVER_VERSION}")])
            .status()
            .expect("cannot run npm");
        assert!(status.success(), "npm could not install {PACKAGE}@{SERVER_VERSION} into {}", cache.display());
    }
    package
}

/// Generates one crate per spec into a workspace at `work`, each with its scenarios as a
/// test; the package names.
/// reqwest with a cookie store, for the scenarios' own clients (see `generate_workspace`).
const COOKIES: &str = r#"reqwest = { version = "0.13.5", default-features = false, features = ["cookies"] }"#;

fn generate_workspace(server_dir: &Path, work: &Path) -> Vec<String> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut members = Vec::new();
    for spec in SCENARIOS {
        let out = work.join(spec);
        let job = xtask::Job {
            spec: server_dir.join("swagger").join(format!("{spec}.json")),
            spec_root: None,
            out,
            omissions: generator::Omissions::default(),
            max_file_bytes: None,
        };
        let output = xtask::run(&job).unwrap_or_else(|e| panic!("{spec} does not generate: {e:?}"));
        xtask::write(&output, &job.out, &xtask::drift(&output, &job.out))
            .unwrap_or_else(|e| panic!("cannot write {spec}: {e:?}"));
        // Every crate gets its own package name: the specs share titles.
        let name = format!("autorest-{}", spec.to_ascii_lowercase().replace('.', "-"));
        let manifest = job.out.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).expect("manifest");
        // The scenarios that resend a call (retries) are told apart by a cookie the server
        // sets, so their clients are given a `reqwest::Client` that keeps cookies, as a user
        // of such a service would (`ClientBuilder::http_client`): reqwest's `cookies`
        // feature, for the tests only.
        let renamed: String = text
            .lines()
            .map(|l| match l {
                l if l.starts_with("name = ") => format!("name = \"{name}\"\n"),
                "[dev-dependencies]" => format!("{l}\n{COOKIES}\n"),
                l => format!("{l}\n"),
            })
            .collect();
        assert!(renamed.contains(COOKIES), "the generated manifest has a [dev-dependencies] section");
        std::fs::write(&manifest, renamed).expect("write manifest");
        let scenarios = here.join("autorest").join(format!("{spec}.rs"));
        std::fs::create_dir_all(job.out.join("tests")).expect("tests dir");
        std::fs::copy(&scenarios, job.out.join("tests/scenarios.rs"))
            .unwrap_or_else(|e| panic!("cannot copy {}: {e}", scenarios.display()));
        members.push(name);
    }
    let list: Vec<String> = SCENARIOS.iter().map(|s| format!("{s:?}")).collect();
    let workspace = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", list.join(", "));
    std::fs::write(work.join("Cargo.toml"), workspace).expect("write workspace");
    std::fs::copy(xtask::workspace_root().join("Cargo.lock"), work.join("Cargo.lock")).expect("copy Cargo.lock");
    members
}

/// The running test server, stopped when dropped.
struct TestServer {
    child: Child,
    port: u16,
}

impl TestServer {
    /// Starts the server on a free loopback port and waits until it answers.
    fn start(server_dir: &Path, work: &Path) -> Self {
        let port =
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|l| l.local_addr()).expect("a free port").port();
        let log = std::fs::File::create(work.join("server.log")).expect("server log");
        let child = Command::new("node")
            .current_dir(work)
            .arg(server_dir.join("dist/cli/cli.js"))
            .args(["run", &format!("--port={port}"), "--coverageDirectory", &work.join("coverage").to_string_lossy()])
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("cannot start the test server");
        let server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.get("/report").is_none() {
            assert!(
                Instant::now() < deadline,
                "the test server did not answer in 60 s (see {}/server.log)",
                work.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        server
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The body of a GET, if the server answers 200.
    fn get(&self, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).ok()?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
        let mut text = String::new();
        stream.read_to_string(&mut text).ok()?;
        let (head, body) = text.split_once("\r\n\r\n")?;
        head.starts_with("HTTP/1.1 200").then(|| body.to_string())
    }

    /// The server's own coverage figure: of the scenarios it knows in each category, how
    /// many were exercised.
    fn coverage(&self) -> String {
        let mut out = String::from("AutoRest test server coverage:");
        for category in ["vanilla", "optional", "azure"] {
            let Some(report) = self.get(&format!("/report/{category}")) else { continue };
            let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&report) else { continue };
            let hit = map.values().filter(|v| v.as_u64().is_some_and(|n| n > 0)).count();
            out.push_str(&format!(" {category} {hit}/{}", map.len()));
        }
        out
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
