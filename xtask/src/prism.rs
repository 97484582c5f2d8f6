//! The client half of `cargo xtask conformance`: Prism (`@stoplight/prism-cli`, installed
//! with npm into the cache outside the repository on first use) serves a spec in mock mode,
//! where it validates every request and answers 422 to one that violates the spec, and the
//! generated crate's `every_operation_against_another_server` test (`emit/round_trip.rs`)
//! calls every operation on it with arguments synthesised from the spec. The test prints a
//! line per call; this module counts them. When Prism stops on a request (it has its own
//! bugs: a `spaceDelimited` object throws), the operation is left out and Prism restarted.
//!
//! What Prism gets wrong or cannot do is counted apart from what the client gets wrong,
//! always with Prism's own words from its log, and only when every word of it is a case
//! on record: its misreadings of OpenAPI (a 422 for a request the spec allows), general
//! ones in [`MISREADINGS`] and a spec's own in the `prism.json` beside it; and its limits
//! ([`LIMITS`]: answers it cannot write, methods it does not route, requests that stop it).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Failure;

/// The Prism release the table was made with.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";

/// What the calls came to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Calls made and answered or failed (not the ones left out).
    pub requests: u64,
    /// Calls Prism answered 422: a request that violates the spec, as Prism reads it.
    pub violations: Vec<String>,
    /// Answers the client could not decode (body or declared header).
    pub decode_errors: Vec<String>,
    /// Every other failure: a status the operation does not declare, a transport error.
    pub other: Vec<String>,
    /// Operations whose synthesised arguments do not read as the typed request (a file
    /// part, a union the synthesis does not fit), so they were not called.
    pub unsampled: Vec<String>,
    /// Operations left out because Prism stopped while answering them.
    pub stopped_prism: Vec<String>,
    /// Answers the client refused that Prism's own validator logged as breaking the spec
    /// (`Violation: response.body …`): its static examples of recursive types and
    /// discriminated unions. The client is right to refuse them; counted apart from
    /// decode errors, each with Prism's words.
    pub invalid_answers: Vec<String>,
    /// Calls Prism answered 422 for reasons that are its own misreading of the spec, each
    /// a known Prism bug (see [`MISREADINGS`] and [`Misreading`]); counted apart from
    /// violations.
    pub misread: Vec<String>,
    /// Calls Prism could not serve, each for one of its [`LIMITS`] in its own words: an
    /// answer it has no serializer for, a method it does not route, a request that stopped
    /// it. Counted apart from other errors and from operations not called.
    pub cannot: Vec<String>,
    /// Calls whose request the spec itself makes invalid, because it contradicts itself
    /// there (a `format` its only `enum` value breaks, a `oneOf` whose variants take the
    /// same values, a body schema its media type cannot carry): no request it describes is
    /// valid, as Prism rightly finds. As the spec's records say
    /// with the OpenAPI text (an entry with `"spec": true`). Counted apart from
    /// violations, each with Prism's words and why.
    pub unsatisfiable: Vec<String>,
    /// The calls that met Prism and got an answer, in order, to be matched with the
    /// requests its log records (see [`Outcome::attribute`]).
    pub(crate) answered: Vec<String>,
}

/// Prism's request errors that are its own misreading of the spec, with the bug each is.
/// A 422 whose every reason is one of these is counted as `misread`, not as a violation.
pub const MISREADINGS: &[(&str, &str)] = &[
    (
        // A query parameter named `scopes[]` (GitLab's Rails arrays, as the crate's
        // openapi.json names them) is looked up percent-encoded, so it is never found.
        "%5b%5d'",
        "stoplightio/prism#2443: a query parameter whose name holds `[]` is looked up percent-encoded",
    ),
    (
        // `Query param duration is deprecated` (Shutterstock's video search), logged at the
        // error level among the request's reasons.
        " is deprecated",
        "Prism logs a deprecated parameter as an error; OpenAPI 3.0.3 (Parameter Object `deprecated`) says only \
         that its use SHOULD be transitioned out, which a request that sends it does not break",
    ),
];

/// What Prism cannot do, by its installed code (5.14.2) and its documentation: each (its
/// words, why). A call whose only answer was Prism's own error in these words (a 500 or a
/// 405 that is no answer of the spec's), or that stopped Prism with them, is counted as
/// `cannot`; any other error of Prism's stays where it was.
pub const LIMITS: &[(&str, &str)] = &[
    (
        "Cannot find serializer for",
        "Prism's mock writes answers as JSON, XML or text only (`prism-http-server` `serialize.js`, whose \
         serializers are those three): no form, JSON Lines or JSON text sequence answer",
    ),
    (
        "NO_COMPLEX_OBJECT_TEXT",
        "Prism's mock writes a `text/*` answer only from a string (`serialize.js`), and the example of an \
         event stream whose events' schema is an object is none",
    ),
    (
        "NO_METHOD_MATCHED_ERROR",
        "Prism routes the eight methods of OpenAPI 3.0 and 3.1 only (`@stoplight/http-spec` `DEFAULT_METHODS`): \
         3.2's QUERY and `additionalOperations` are not served",
    ),
    (
        "delimited style is only applicable to array parameter",
        "Prism's `spaceDelimited`/`pipeDelimited` reader (`prism-http` `deserializers/style/delimited.js`) \
         throws for an object, which OpenAPI 3.0.3's style table writes (`R%20100%20G%20200%20B%20150`), and \
         the uncaught error ends its process",
    ),
    (
        "Cannot read properties of null (reading 'split')",
        "Prism's `simple`-style array reader (`prism-http` `validator/deserializers/style/simple.js` \
         `deserializeArray`, from `validators/params.js`) throws on a `text/plain` body whose schema has an \
         array property (Gitea's `PUT /repos/{owner}/{repo}/topics` with `{}`), and the uncaught error ends \
         its process; the same body as JSON is answered",
    ),
];

/// Answers of Prism's that break the spec where its own validator cannot see it, by its
/// installed code (5.14.2): each (the client's words on reading it, why). A decode error
/// in these words is counted with Prism's invalid answers, with the why, whether or not
/// Prism logged a violation. The words are ones only such an answer draws from the client.
pub const INVALID_ANSWERS: &[(&str, &str)] = &[
    (
        "provided string was not `…` or `…`",
        "Prism writes a generated header value only when it is a number or a string \
         (`prism-http` `mocker/index.js` `computeMockedHeaders`: anything else becomes `null`), so a \
         `type: boolean` header is answered `null`, which no boolean is, and Prism does not check its \
         answers' headers",
    ),
    (
        "floating point `…`, expected i64",
        "Prism writes numbers from JavaScript doubles: an `int64` schema's bound as the crate's \
         `openapi.json` states it (`minimum: -9223372036854775808`) comes out `-9223372036854776000`, \
         below that bound and past `i64`, and its validator, reading doubles, passes it (its clamp of \
         `int64` to ±2^53, `http-spec` `keywords/format.js`, misses a schema reached through a circular \
         `$ref`)",
    ),
    (
        "integer `…`, expected i64",
        "Prism writes numbers from JavaScript doubles: a `maximum: 9223372036854775807` (the crate's \
         `openapi.json` states it for `uint64`, read as `i64`, which `http-spec` `keywords/format.js` \
         does not clamp) comes out `9223372036854776000`, above that bound, and its validator, reading \
         doubles, passes it",
    ),
];

/// The methods Prism routes; a 405 to any of them is no limit of Prism's.
const ROUTED: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The limit of Prism's that `words` (its error) names, if any: a method it would route
/// is no limit.
fn limit(words: &str, request: &str) -> Option<&'static str> {
    let (_, why) = LIMITS.iter().find(|(needle, _)| words.contains(needle))?;
    let method = request.split(' ').next().unwrap_or_default();
    (!(words.contains("NO_METHOD_MATCHED") && ROUTED.contains(&method))).then_some(*why)
}

/// One operation's request that Prism misreads, as a spec's `prism.json` records it (the
/// kitchen sinks keep constructs on purpose that Prism reads otherwise than OpenAPI):
/// `{"operation": "pathStyles", "says": "Request path parameter point.x must be integer",
/// "why": "…"}`. A 422 of that operation whose every reason contains the `says` of one
/// of its entries (or of [`MISREADINGS`]) is counted as `misread`; as `cannot` when every
/// entry it matched says `"limit": true` (a construct Prism does not read at all, such as
/// OpenAPI 3.2's, rather than one it reads wrongly), and as `unsatisfiable` when every
/// entry it matched says `"spec": true` (Prism reads the spec right, and the spec asks
/// for what no request can be).
///
/// An entry of the file's `answers` (or one with `"answer": true`) is the other way
/// round: an answer of Prism's that breaks the spec where its own validator does not look
/// (it ignores `discriminator`, compares numbers as doubles, or serves the spec's own
/// example that breaks its schema), so the client's decode error of that operation whose
/// text contains `says` is counted as Prism's invalid answer, with `why`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misreading {
    /// The operation (every call of it), or one call of a body sent in one of its media
    /// types (`corpusCharset (text/plain)`).
    pub operation: String,
    pub says: String,
    pub why: String,
    pub limit: bool,
    /// The spec's own contradiction rather than Prism's misreading.
    pub spec: bool,
    /// From `answers`: a decode error's words, not a 422's.
    pub answer: bool,
}

/// The misreadings recorded among a spec's records (`<records>/prism.json`, `{"misreadings":
/// […], "answers": […]}`, either array optional but not both; none when there is no such
/// file): beside the spec, or for a corpus spec in `tests/corpus/<name>/`.
pub fn misreadings_for(records: &Path) -> Result<Vec<Misreading>, String> {
    let Some(path) = Some(records.join("prism.json")).filter(|p| p.is_file()) else {
        return Ok(Vec::new());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    read_misreadings(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The entries of a `prism.json`, each with its three strings.
pub fn read_misreadings(text: &str) -> Result<Vec<Misreading>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let list = |key: &'static str| {
        let answer = key == "answers";
        value.get(key).and_then(|m| m.as_array()).map(move |a| a.iter().map(move |e| (e, answer)))
    };
    let (requests, answers) = (list("misreadings"), list("answers"));
    if requests.is_none() && answers.is_none() {
        return Err("no `misreadings` or `answers` array".into());
    }
    let entries = requests.into_iter().flatten().chain(answers.into_iter().flatten());
    let field = |entry: &serde_json::Value, key: &str| {
        entry
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| format!("an entry without `{key}`: {entry}"))
    };
    entries
        .map(|(e, answer)| {
            let flag = |key: &str| e.get(key).and_then(serde_json::Value::as_bool).unwrap_or(false);
            let (limit, spec, answer) = (flag("limit"), flag("spec"), answer || flag("answer"));
            if limit && spec {
                return Err(format!("an entry both `limit` (Prism's) and `spec` (the spec's): {e}"));
            }
            let (operation, says, why) = (field(e, "operation")?, field(e, "says")?, field(e, "why")?);
            Ok(Misreading { operation, says, why, limit, spec, answer })
        })
        .collect()
}

/// What Prism's log says of one request it received.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Logged {
    /// `post /v4/projects/string/access_tokens`
    pub request: String,
    /// Its validator on its own answer: `response.body.next.next Response body property …`.
    pub answer_violations: Vec<String>,
    /// What it found wrong with the request (a 422's reasons).
    pub request_errors: Vec<String>,
    /// The error it ended the request with, when it did (`Request terminated with error: …`).
    pub terminated: Option<String>,
}

/// The requests in Prism's log, in the order it received them.
pub fn read_log(text: &str) -> Vec<Logged> {
    let mut out: Vec<Logged> = Vec::new();
    for line in text.lines() {
        if let Some((_, rest)) = line.split_once("[HTTP SERVER] ")
            && line.trim_end().ends_with("Request received")
        {
            let request = rest.split(" \u{2139}").next().unwrap_or(rest).trim().to_owned();
            out.push(Logged { request, ..Logged::default() });
            continue;
        }
        if line.contains("[HTTP SERVER] ")
            && let Some((_, words)) = line.split_once("Request terminated with error: ")
            && let Some(current) = out.last_mut()
        {
            current.terminated = Some(words.trim().to_owned());
            continue;
        }
        let (Some(current), Some((_, message))) = (out.last_mut(), line.split_once("[VALIDATOR] ")) else { continue };
        // `✖  error     Violation: …`: the level, then the message.
        let Some((_, message)) = message.split_once("error ") else { continue };
        let message = message.trim();
        if let Some(answer) = message.strip_prefix("Violation: response") {
            current.answer_violations.push(format!("response{answer}"));
        } else if !message.starts_with("Violation: request") {
            current.request_errors.push(message.to_owned());
        }
    }
    out
}

/// Whose a recorded reason of Prism's is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    /// Prism reads the spec wrongly.
    Bug,
    /// Prism does not read the construct at all.
    Limit,
    /// Prism reads the spec right, and the spec contradicts itself.
    Spec,
}

impl Whose {
    fn of(m: &Misreading) -> Self {
        match (m.limit, m.spec) {
            (true, _) => Whose::Limit,
            (_, true) => Whose::Spec,
            _ => Whose::Bug,
        }
    }
}

impl Outcome {
    /// Matches the calls that got an answer with the requests Prism logged, one for one
    /// in order, and moves a decode error of an answer Prism itself logged as breaking the
    /// spec to `invalid_answers`, and a 422 whose every reason is a known misreading to
    /// `misread`. When the two lists do not pair up (a call Prism never logged), nothing
    /// moves: the counts stay as the calls saw them. An error Prism ended a call with
    /// that is one of its [`LIMITS`] moves the call from `other` to `cannot`. A call whose
    /// request Prism logged errors for is a violation (or a misreading) whatever Prism
    /// answered it: Prism answers an invalid request with the operation's own 400 when it
    /// declares one, and a 422 only when it does not.
    pub fn attribute(&mut self, logged: &[Logged], known: &[Misreading]) {
        if self.answered.len() != logged.len() {
            return;
        }
        for (entry, log) in self.answered.iter().zip(logged) {
            let call = entry.split(": ").next().unwrap_or_default();
            let operation = operation_of(call);
            if let Some(words) = &log.terminated
                && let Some(why) = limit(words, &log.request)
                && let Some(at) = self.other.iter().position(|o| o == entry)
            {
                self.other.remove(at);
                self.cannot.push(format!("{call} (Prism: {words}; {why})"));
            }
            // A record names an operation (every call of it) or one call (`op (text/plain)`).
            let spec_own = known.iter().filter(|k| k.operation == operation || k.operation == call);
            if let Some(at) = self.decode_errors.iter().position(|d| d == entry) {
                // Prism's own word on the place the client stopped at, else the spec's record.
                let blamed = log.answer_violations.iter().find(|v| same_place(entry, v)).cloned();
                let recorded = spec_own.clone().find(|k| k.answer && entry.contains(&k.says));
                if let Some(words) = blamed.or_else(|| recorded.map(|k| format!("recorded: {}", k.why))) {
                    self.decode_errors.remove(at);
                    self.invalid_answers.push(format!("{entry} (Prism: {words})"));
                }
            }
            let spec_own = spec_own.filter(|k| !k.answer);
            // Each reason's record: why, and whose it is (Prism's bug, Prism's limit, the spec's).
            let misreadings: Vec<(&str, Whose)> = log
                .request_errors
                .iter()
                .filter_map(|e| {
                    MISREADINGS
                        .iter()
                        .find(|(needle, _)| e.contains(needle))
                        .map(|(_, why)| (*why, Whose::Bug))
                        .or_else(|| {
                            spec_own.clone().find(|k| e.contains(&k.says)).map(|k| (k.why.as_str(), Whose::of(k)))
                        })
                })
                .collect();
            // A request Prism found invalid is a violation whatever it answered: its declared
            // 400 when the operation has one (Box's `#add_shared_link`), else a 422.
            if !log.request_errors.is_empty() && !self.violations.contains(entry) {
                self.decode_errors.retain(|d| d != entry);
                self.other.retain(|o| o != entry);
                self.violations.push(entry.clone());
            }
            if let Some(at) = self.violations.iter().position(|v| v == entry)
                && !log.request_errors.is_empty()
                && misreadings.len() == log.request_errors.len()
            {
                self.violations.remove(at);
                let words = log.request_errors.join("; ");
                let mut whys: Vec<&str> = misreadings.iter().map(|(why, _)| *why).collect();
                whys.dedup();
                let line = format!("{call} (Prism: {words}; {})", whys.join("; "));
                if misreadings.iter().all(|(_, whose)| *whose == Whose::Limit) {
                    self.cannot.push(line);
                } else if misreadings.iter().all(|(_, whose)| *whose == Whose::Spec) {
                    self.unsatisfiable.push(line);
                } else {
                    self.misread.push(line);
                }
            }
        }
    }
}

impl Outcome {
    /// Moves each decode error in the words of one of [`INVALID_ANSWERS`], or of an
    /// `answer` entry of the spec's records for its operation, to Prism's invalid answers,
    /// with why.
    pub fn known_invalid_answers(&mut self, known: &[Misreading]) {
        let why = |entry: &str| {
            let operation = operation_of(entry.split(": ").next().unwrap_or_default());
            INVALID_ANSWERS.iter().find(|(words, _)| entry.contains(words)).map(|(_, why)| *why).or_else(|| {
                known
                    .iter()
                    .find(|k| k.answer && k.operation == operation && entry.contains(&k.says))
                    .map(|k| k.why.as_str())
            })
        };
        let mut kept = Vec::new();
        for entry in std::mem::take(&mut self.decode_errors) {
            match why(&entry) {
                Some(why) => self.invalid_answers.push(format!("{entry} ({why})")),
                None => kept.push(entry),
            }
        }
        self.decode_errors = kept;
    }
}

/// The operation a call's id names: the id itself, or, for a call of a body sent in one
/// of its several media types (`postDocument (application/x-www-form-urlencoded)`), the id
/// before the type. A spec's records are kept by operation, whatever the media type.
pub fn operation_of(call: &str) -> &str {
    call.strip_suffix(')')
        .and_then(|c| c.rsplit_once(" ("))
        .filter(|(_, media)| media.contains('/') && !media.contains(' '))
        .map_or(call, |(operation, _)| operation)
}

/// Whether Prism's violation of its own answer (`response.body.values.0.parent.id Response
/// body …`) is at the place the client's decode error names (`… does not decode at
/// `values[0].parent.id`: …`), or inside or around it: the client stops at the first value
/// it cannot read, and Prism names the keyword's place, which may be deeper (a pattern of
/// a property) or higher (a `oneOf`). A decode error that names no place (`.`, a union
/// read as a whole) may be any of them. Another violation of the same answer does not
/// account for it: Bitbucket's answers break a `pattern` at `hash` and hold `-2^63`
/// written as `-9223372036854776000` at `parent.id`, which only the client sees.
fn same_place(entry: &str, violation: &str) -> bool {
    let Some((_, rest)) = entry.split_once("does not decode at `") else { return true };
    let at = rest.split('`').next().unwrap_or_default().replace('[', ".").replace(']', "");
    let at = at.trim_matches('.');
    let theirs = violation.split(' ').next().unwrap_or_default();
    let theirs = theirs.strip_prefix("response.body").unwrap_or(theirs).trim_matches('.');
    let within = |outer: &str, inner: &str| {
        outer.is_empty() || inner == outer || inner.strip_prefix(outer).is_some_and(|r| r.starts_with('.'))
    };
    within(at, theirs) || within(theirs, at)
}

/// Prism's binary in the cache, installed with npm on first use.
fn prism() -> Result<PathBuf, Failure> {
    let dir = crate::mock::cache_dir()?.with_file_name("prism");
    let bin = dir.join("node_modules").join(".bin").join("prism");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!("installing {PRISM} with npm into {}", dir.display());
    std::fs::create_dir_all(&dir).map_err(|e| Failure::Io(format!("cannot create {}: {e}", dir.display())))?;
    let installed = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&dir)
        .arg(PRISM)
        .status()
        .is_ok_and(|s| s.success());
    if installed && bin.is_file() { Ok(bin) } else { Err(Failure::Io(format!("cannot install {PRISM} with npm"))) }
}

/// Calls every operation of the crate in `krate` (built in the shared `target`) on Prism's
/// mock of `spec`; Prism's own account of each request (which rule a request broke) goes
/// to `log`.
pub fn check(krate: &Path, spec: &Path, target: &Path, log: &Path, known: &[Misreading]) -> Result<Outcome, String> {
    let prism = prism().map_err(message)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let test = |envs: &[(&str, String)]| {
        Command::new(&cargo)
            .current_dir(krate)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
            .args(["test", "--quiet", "--features", "client,server", "--test", "round_trip", "--"])
            .args(["--ignored", "--nocapture", "--exact", "every_operation_against_another_server"])
            .output()
    };
    // Built before Prism starts, so that its time does not count against Prism's start.
    let built = Command::new(&cargo)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .args(["test", "--quiet", "--no-run", "--features", "client,server", "--test", "round_trip"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err("the crate's round-trip test does not build".into());
    }
    let mut stopped: Vec<String> = Vec::new();
    // What Prism printed as it stopped, for each operation in `stopped`.
    let mut last_words: Vec<Option<String>> = Vec::new();
    loop {
        let addr = crate::conformance::free_port().map_err(message)?;
        let mut command = Command::new(&prism);
        command.args(["mock", "--host", "127.0.0.1", "--port", &addr.port().to_string()]).arg(spec);
        let file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = file.try_clone().map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        command.stdout(file).stderr(err);
        let running = crate::conformance::start(command, addr).map_err(message)?;
        let output = test(&[("ROUND_TRIP_URL", format!("http://{addr}/")), ("ROUND_TRIP_SKIP", stopped.join(","))])
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        drop(running);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !stdout.lines().any(|l| l.starts_with("outside\t")) {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
            return Err(format!("the calls did not run: {last}"));
        }
        let mut outcome = tally(&stdout);
        let text = std::fs::read_to_string(log).map_err(|e| format!("cannot read {}: {e}", log.display()))?;
        outcome.attribute(&read_log(&text), known);
        outcome.known_invalid_answers(known);
        // The first call Prism did not answer at all stopped it; the rest met no server.
        match outcome.other.iter().find(|o| o.contains("request failed")).and_then(|o| o.split(": ").next()) {
            Some(op) if stopped.len() < 8 && !stopped.iter().any(|s| s == op) => {
                stopped.push(op.to_owned());
                last_words.push(uncaught(&text));
            }
            _ => {
                for (op, words) in stopped.into_iter().zip(last_words) {
                    match words.as_deref().and_then(|w| limit(w, "").map(|why| (w, why))) {
                        Some((words, why)) => outcome.cannot.push(format!("{op} (Prism stopped: {words}; {why})")),
                        None => outcome.stopped_prism.push(op),
                    }
                }
                return Ok(outcome);
            }
        }
    }
}

/// The error that ended Prism's process, as Node prints an uncaught one to its log
/// (`Error: …` or `TypeError: …` after the stack's first lines), if it did.
fn uncaught(log: &str) -> Option<String> {
    log.lines()
        .find_map(|l| {
            let (name, words) = l.split_once(": ")?;
            (name.ends_with("Error") && name.chars().all(|c| c.is_ascii_alphanumeric())).then_some(words)
        })
        .map(|w| w.trim().to_owned())
}

/// A failure's message, for the table.
fn message(failure: Failure) -> String {
    match failure {
        Failure::Io(e) | Failure::Usage(e) => e,
        Failure::Spec(report) => format!("refused ({} errors)", report.errors().count()),
    }
}

/// Counts the test's lines (`outside<TAB>operation<TAB>outcome<TAB>detail`).
pub fn tally(stdout: &str) -> Outcome {
    let mut outcome = Outcome::default();
    for line in stdout.lines() {
        let mut fields = line.splitn(4, '\t');
        let (Some("outside"), Some(op), Some(kind)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let detail = fields.next().unwrap_or_default();
        let entry = format!("{op}: {detail}");
        // A call answered by Prism, whatever the answer: Prism logged its request.
        if kind == "ok" || kind == "decode" || detail.contains("undeclared status") {
            outcome.answered.push(entry.clone());
        }
        match kind {
            "skipped" => continue,
            "no-sample" => {
                outcome.unsampled.push(op.to_owned());
                continue;
            }
            "ok" if detail == "422" => outcome.violations.push(entry),
            "ok" => {}
            "decode" => outcome.decode_errors.push(entry),
            _ if detail.contains("undeclared status 422") => outcome.violations.push(entry),
            _ => outcome.other.push(entry),
        }
        outcome.requests += 1;
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prism's log as 5.14 writes it, trimmed: GitLab's list (its own answer breaks a
    /// header's pattern), create (the bracketed name it cannot find), and a tree it
    /// answered outside its own schema.
    const LOG: &str = "[7:30:03 AM] \u{203a} [CLI] \u{25b6}  start     Prism is listening on http://127.0.0.1:1\n\
        [7:30:03 AM] \u{203a} [HTTP SERVER] get /v4/projects/string/access_tokens \u{2139}  info      Request received\n\
        [7:30:03 AM] \u{203a}     [VALIDATOR] \u{2714}  success   The request passed the validation rules.\n\
        [7:30:03 AM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: response.header.x-next-page Response header parameter x-next-page must match pattern\n\
        [7:30:03 AM] \u{203a} [HTTP SERVER] post /v4/projects/string/access_tokens \u{2139}  info      Request received\n\
        [7:30:03 AM] \u{203a}     [VALIDATOR] \u{26a0}  warning   Request did not pass the validation rules\n\
        [7:30:03 AM] \u{203a}     [VALIDATOR] \u{2716}  error     Request query must have required property 'scopes%5b%5d'\n\
        [7:30:03 AM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: request.query Request query must have required property 'scopes%5b%5d'\n\
        [7:30:03 AM] \u{203a} [HTTP SERVER] post /v4/projects/string/access_tokens \u{2716}  error     Request terminated with error: 422\n\
        [7:30:03 AM] \u{203a} [HTTP SERVER] get /tree \u{2139}  info      Request received\n\
        [7:30:03 AM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: response.body.first.first Response body property first.first must have required property 'name'\n";

    #[test]
    fn prisms_log_is_read_request_by_request() {
        let logged = read_log(LOG);
        let requests: Vec<&str> = logged.iter().map(|l| l.request.as_str()).collect();
        assert_eq!(
            requests,
            ["get /v4/projects/string/access_tokens", "post /v4/projects/string/access_tokens", "get /tree"]
        );
        assert_eq!(logged[0].answer_violations.len(), 1);
        assert!(logged[0].request_errors.is_empty());
        assert_eq!(logged[1].request_errors, ["Request query must have required property 'scopes%5b%5d'"]);
        assert!(logged[1].answer_violations.is_empty());
        assert_eq!(
            logged[2].answer_violations,
            ["response.body.first.first Response body property first.first must have required property 'name'"]
        );
    }

    #[test]
    fn only_what_prisms_log_blames_on_prism_moves() {
        let text = "outside\tlist\tok\t200\noutside\tcreate\terror\tcreate: undeclared status 422 Unprocessable Entity\n\
                    outside\ttree\tdecode\ttree: the 200 OK response does not decode\n";
        let mut outcome = tally(text);
        outcome.attribute(&read_log(LOG), &[]);
        assert!(outcome.violations.is_empty(), "{outcome:?}");
        assert_eq!(outcome.misread.len(), 1);
        assert!(outcome.misread[0].starts_with("create (Prism: Request query must have required property"));
        assert!(outcome.misread[0].contains("prism#2443"), "{:?}", outcome.misread);
        assert!(outcome.decode_errors.is_empty());
        assert_eq!(outcome.invalid_answers.len(), 1);
        assert!(outcome.invalid_answers[0].contains("must have required property 'name'"));
        // A 422 with one reason that is not a known misreading stays a violation; so do
        // decode errors of answers Prism found nothing wrong with.
        let other = LOG.replace("error     Request query must", "error     Request body must be object\n[x] \u{203a}     [VALIDATOR] \u{2716}  error     Request query must");
        let mut outcome = tally(text);
        outcome.attribute(&read_log(&other), &[]);
        assert_eq!(outcome.violations.len(), 1);
        assert!(outcome.misread.is_empty());
        let clean = LOG.replace("\u{2716}  error     Violation: response.body.first.first", "\u{2714}  success   fine");
        let mut outcome = tally(text);
        outcome.attribute(&read_log(&clean), &[]);
        assert_eq!(outcome.decode_errors.len(), 1);
        // Calls and logged requests that do not pair up move nothing.
        let mut outcome = tally(&text.replace("outside\tlist\tok\t200\n", ""));
        outcome.attribute(&read_log(LOG), &[]);
        assert_eq!((outcome.violations.len(), outcome.decode_errors.len()), (1, 1));
    }

    /// Prism's log of the 3.2 kitchen sink and the 3.0 one, trimmed: a QUERY it does not
    /// route, a form answer it cannot write, a GET it routes but found no method for (no
    /// limit of Prism's), and the kitchen sink's label-exploded object it misreads.
    const ENDED: &str = "[1:00:00 PM] \u{203a} [HTTP SERVER] query /notes \u{2139}  info      Request received\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] query /notes \u{2716}  error     Request terminated with error: https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR: Route resolved, but no method matched\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] post /oauth/token \u{2139}  info      Request received\n\
        [1:00:00 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: response Target is not a string\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] post /oauth/token \u{2716}  error     Request terminated with error: Error: Cannot find serializer for application/x-www-form-urlencoded\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] get /notes \u{2139}  info      Request received\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] get /notes \u{2716}  error     Request terminated with error: https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR: Route resolved, but no method matched\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] get /styles/.x=0.y=0 \u{2139}  info      Request received\n\
        [1:00:00 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Request path parameter point must have required property 'y'\n\
        [1:00:00 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Request path parameter point.x must be integer\n\
        [1:00:00 PM] \u{203a} [HTTP SERVER] get /styles/.x=0.y=0 \u{2716}  error     Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request\n";

    const CALLS: &str = "outside\tqueryNotes\terror\tqueryNotes: undeclared status 405 Method Not Allowed\n\
        outside\texchangeToken\terror\texchangeToken: undeclared status 500 Internal Server Error\n\
        outside\tlistNotes\terror\tlistNotes: undeclared status 405 Method Not Allowed\n\
        outside\tpathStyles\terror\tpathStyles: undeclared status 422 Unprocessable Entity\n";

    fn point(says: &str) -> Misreading {
        Misreading {
            operation: "pathStyles".into(),
            says: says.into(),
            why: "label objects".into(),
            limit: false,
            spec: false,
            answer: false,
        }
    }

    #[test]
    fn what_prism_cannot_do_is_counted_apart_in_its_words() {
        let logged = read_log(ENDED);
        assert_eq!(logged.len(), 4);
        assert!(logged[1].terminated.as_deref().is_some_and(|t| t.starts_with("Error: Cannot find serializer")));
        let mut outcome = tally(CALLS);
        outcome.attribute(&logged, &[point("Request path parameter point")]);
        assert_eq!(outcome.cannot.len(), 2, "{outcome:?}");
        assert!(
            outcome.cannot[0]
                .starts_with("queryNotes (Prism: https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR")
        );
        assert!(outcome.cannot[1].contains("Cannot find serializer for application/x-www-form-urlencoded"));
        // A GET is a method Prism routes: its 405 stays an error of ours.
        assert_eq!(outcome.other, ["listNotes: listNotes: undeclared status 405 Method Not Allowed"]);
        // Both of Prism's reasons are the spec's recorded misreading of that operation.
        assert!(outcome.violations.is_empty(), "{outcome:?}");
        assert_eq!(
            outcome.misread,
            ["pathStyles (Prism: Request path parameter point must have required property 'y'; Request path \
              parameter point.x must be integer; label objects)"]
        );
    }

    #[test]
    fn a_spec_misreading_holds_for_its_operation_and_words_only() {
        let check = |known: &[Misreading]| {
            let mut outcome = tally(CALLS);
            outcome.attribute(&read_log(ENDED), known);
            (outcome.violations.len(), outcome.misread.len())
        };
        // One of the two reasons only: the other may be the client's.
        assert_eq!(check(&[point("must have required property 'y'")]), (1, 0));
        // Another operation's record.
        let mut other = point("Request path parameter point");
        other.operation = "getFile".into();
        assert_eq!(check(&[other]), (1, 0));
        assert_eq!(check(&[point("Request path parameter point")]), (0, 1));
        // A construct Prism does not read at all is one of its limits.
        let mut outcome = tally(CALLS);
        outcome.attribute(&read_log(ENDED), &[Misreading { limit: true, ..point("Request path parameter point") }]);
        assert!(outcome.misread.is_empty() && outcome.violations.is_empty(), "{outcome:?}");
        assert_eq!(outcome.cannot.len(), 3, "{outcome:?}");
    }

    #[test]
    fn a_request_the_spec_makes_impossible_is_counted_as_the_specs() {
        let spec = |says: &str| Misreading { spec: true, ..point(says) };
        let mut outcome = tally(CALLS);
        outcome.attribute(&read_log(ENDED), &[spec("Request path parameter point")]);
        assert!(outcome.violations.is_empty() && outcome.misread.is_empty(), "{outcome:?}");
        assert_eq!(outcome.unsatisfiable.len(), 1, "{outcome:?}");
        assert!(outcome.unsatisfiable[0].starts_with("pathStyles (Prism: Request path parameter point"));
        // Each reason must be the spec's: one reason of two is no excuse for the other.
        let mut outcome = tally(CALLS);
        outcome.attribute(&read_log(ENDED), &[spec("must have required property 'y'")]);
        assert_eq!((outcome.violations.len(), outcome.unsatisfiable.len()), (1, 0), "{outcome:?}");
        // One reason the spec's and one Prism's misreading: a misreading, not the spec's.
        let mut outcome = tally(CALLS);
        outcome
            .attribute(&read_log(ENDED), &[spec("must have required property 'y'"), point("point.x must be integer")]);
        assert_eq!((outcome.misread.len(), outcome.unsatisfiable.len()), (1, 0), "{outcome:?}");
    }

    #[test]
    fn a_call_in_another_media_type_is_counted_and_held_to_its_operations_records() {
        assert_eq!(operation_of("postDocument (application/x-www-form-urlencoded)"), "postDocument");
        assert_eq!(operation_of("postDocument"), "postDocument");
        // Only a media type is taken off: an id that ends in other words in brackets is whole.
        assert_eq!(operation_of("list (all of them)"), "list (all of them)");
        let media = "pathStyles (multipart/form-data)";
        let calls = CALLS.replace("outside\tpathStyles\t", &format!("outside\t{media}\t"));
        let mut outcome = tally(&calls);
        assert_eq!(outcome.requests, 4);
        assert_eq!(outcome.violations, [format!("{media}: pathStyles: undeclared status 422 Unprocessable Entity")]);
        outcome.attribute(&read_log(ENDED), &[point("Request path parameter point")]);
        assert!(outcome.violations.is_empty(), "{outcome:?}");
        assert_eq!(outcome.misread.len(), 1, "{outcome:?}");
        assert!(outcome.misread[0].starts_with(&format!("{media} (Prism: ")), "{outcome:?}");
        // A record of that one call holds for it, and one of another media type does not.
        for (recorded, moved) in [(media, true), ("pathStyles (text/plain)", false)] {
            let mut outcome = tally(&calls);
            let record = Misreading { operation: recorded.into(), ..point("Request path parameter point") };
            outcome.attribute(&read_log(ENDED), &[record]);
            assert_eq!(outcome.misread.len(), usize::from(moved), "{recorded}: {outcome:?}");
        }
        // A spec's answer record holds for the operation's every media type too.
        let line = format!("outside\t{media}\tdecode\tpathStyles: the 200 OK response does not decode at `x`: bad\n");
        let mut outcome = tally(&line);
        outcome.known_invalid_answers(&[Misreading { answer: true, ..point("does not decode at `x`") }]);
        assert!(outcome.decode_errors.is_empty() && outcome.invalid_answers.len() == 1, "{outcome:?}");
    }

    /// Bitbucket's commit, as Prism answered it (trimmed): its validator finds the
    /// `hash` pattern broken, but not `parent.id`, `-2^63` as JavaScript writes it, which is
    /// below `i64`'s minimum the bundle states; nor `subject`'s discriminator value, which
    /// names no schema.
    const COMMIT: &str = "[1:00:00 PM] \u{203a} [HTTP SERVER] get /commit \u{2139}  info      Request received\n\
        [1:00:00 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: response.body.values.0.commit.hash Response body property values.0.commit.hash must match pattern \"[0-9a-f]{7,}?\"\n\
        [1:00:00 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: response.body.values.0.parents.0 Response body property values.0.parents.0 must be object\n";

    fn decode(at: &str) -> Outcome {
        tally(&format!("outside\tcommit\tdecode\tcommit: the 200 OK response does not decode at `{at}`: invalid\n"))
    }

    #[test]
    fn an_invalid_answer_is_prisms_where_its_validator_names_the_place_the_client_stopped() {
        let moved = |at: &str, known: &[Misreading]| {
            let mut outcome = decode(at);
            outcome.attribute(&read_log(COMMIT), known);
            assert_eq!(outcome.decode_errors.len() + outcome.invalid_answers.len(), 1);
            outcome.invalid_answers.len() == 1
        };
        // The place itself, one inside it (Prism's keyword is deeper), one around it, or
        // a decode error that names no place.
        assert!(moved("values[0].parents[0]", &[]));
        assert!(moved("values[0].commit", &[]));
        assert!(moved("values[0].parents[0].parents[0]", &[]));
        assert!(moved(".", &[]));
        // Elsewhere in the same answer: the client's to explain, unless the spec's records
        // say why, in the decode error's words and for that operation.
        assert!(!moved("values[0].parent.id", &[]));
        assert!(!moved("values[0].commitment", &[]));
        let record = Misreading {
            operation: "commit".into(),
            says: "at `values[0].parent.id`".into(),
            why: "-2^63".into(),
            limit: false,
            spec: false,
            answer: true,
        };
        assert!(moved("values[0].parent.id", std::slice::from_ref(&record)));
        assert!(!moved("values[0].parent.uuid", std::slice::from_ref(&record)));
        assert!(!moved("values[0].parent.id", &[Misreading { operation: "other".into(), ..record.clone() }]));
        // A request's misreading is no answer's.
        assert!(!moved("values[0].parent.id", &[Misreading { answer: false, ..record }]));
    }

    #[test]
    fn a_request_prism_found_invalid_is_a_violation_whatever_it_answered() {
        // Box's `PUT /files/{file_id}#add_shared_link` declares a 400, which Prism answers.
        let log = "[1:00:00 PM] \u{203a} [HTTP SERVER] put /files/x \u{2139}  info      Request received\n\
            [1:00:00 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Request path must have required property 'file_id'\n\
            [1:00:00 PM] \u{203a} [HTTP SERVER] get /files/x \u{2139}  info      Request received\n";
        let calls = "outside\tadd\tok\t400\noutside\tget\tok\t400\n";
        let mut outcome = tally(calls);
        outcome.attribute(&read_log(log), &[]);
        // The second 400 is an answer of Prism's to a request it found nothing wrong with.
        assert_eq!(outcome.violations, ["add: 400"]);
        let mut outcome =
            tally(&calls.replace("ok\t400\noutside\tget", "decode\tadd: the 400 answer does not decode\noutside\tget"));
        outcome.attribute(&read_log(log), &[]);
        assert_eq!(outcome.violations, ["add: add: the 400 answer does not decode"]);
        assert!(outcome.decode_errors.is_empty(), "{outcome:?}");
        // A deprecated parameter is no violation; with a recorded reason beside it, the
        // request is Prism's misreading.
        let deprecated = log.replace(
            "Request path must",
            "Query param fps is deprecated\n[x] \u{203a}     [VALIDATOR] \u{2716}  error     Request path must",
        );
        let record = Misreading { operation: "add".into(), says: "Request path must".into(), ..point("") };
        let mut outcome = tally(calls);
        outcome.attribute(&read_log(&deprecated), std::slice::from_ref(&record));
        assert!(outcome.violations.is_empty(), "{outcome:?}");
        assert!(outcome.misread[0].contains("deprecated parameter"), "{outcome:?}");
    }

    #[test]
    fn every_checked_in_record_of_prism_reads() {
        let root = crate::workspace_root();
        let mut dirs: Vec<PathBuf> =
            ["tests/kitchen-sink/spec", "tests/kitchen-sink-3-2/spec"].map(|d| root.join(d)).into();
        let corpus = std::fs::read_dir(root.join("tests/corpus")).expect("tests/corpus");
        dirs.extend(corpus.map(|e| e.expect("an entry").path()));
        let mut answers = 0;
        for dir in dirs.iter().filter(|d| d.join("prism.json").is_file()) {
            let read = misreadings_for(dir).unwrap_or_else(|e| panic!("{e}"));
            assert!(!read.is_empty(), "{}", dir.display());
            answers += read.iter().filter(|m| m.answer).count();
        }
        // Box's and Bitbucket's answers at least.
        assert!(answers >= 2, "{answers}");
    }

    #[test]
    fn answers_prism_writes_past_the_spec_unseen_are_its_own() {
        // Gitea's answers: a boolean header Prism wrote `null`, an `int64` bound and a
        // `uint64` one written from doubles; and a string where an integer belongs, which
        // is no such case.
        let text = "outside\tcommits\tdecode\tcommits: the 200 OK response's header `X-HasMore` provided string was \
                    not `…` or `…`\noutside\trepo\tdecode\trepo: the 200 OK response does not decode at \
                    `parent.forks_count`: invalid type: floating point `…`, expected i64 at line 1 column 2446\n\
                    outside\tcomments\tdecode\tcomments: the 200 OK response does not decode at `[0].position`: \
                    invalid value: integer `…`, expected i64 at line 1 column 208\n\
                    outside\tother\tdecode\tother: the 200 OK response does not decode at `id`: invalid type: \
                    string `…`, expected i64 at line 1 column 9\n";
        let mut outcome = tally(text);
        outcome.known_invalid_answers(&[]);
        assert_eq!(outcome.decode_errors.len(), 1, "{outcome:?}");
        assert!(outcome.decode_errors[0].starts_with("other: "));
        assert_eq!(outcome.invalid_answers.len(), 3);
        assert!(
            outcome.invalid_answers[0].starts_with("commits: ")
                && outcome.invalid_answers[0].contains("computeMockedHeaders")
        );
        assert!(outcome.invalid_answers[1].contains("-9223372036854776000"));
        assert!(outcome.invalid_answers[2].contains("uint64"));
    }

    #[test]
    fn a_specs_own_invalid_example_is_counted_with_prisms_answers_for_its_operation_only() {
        let text = "outside\tdepositSwitchGet\tdecode\tdepositSwitchGet: the 200 OK response does not decode at \
                    `date_completed`: trailing input at line 1 column 108\n\
                    outside\ttransferGet\tdecode\ttransferGet: the 200 OK response does not decode at \
                    `date_completed`: trailing input at line 1 column 108\n\
                    outside\tpathStyles\terror\tpathStyles: undeclared status 422 Unprocessable Entity\n";
        let record = |operation: &str, says: &str| Misreading {
            operation: operation.into(),
            says: says.into(),
            why: "the example is a date-time".into(),
            limit: false,
            spec: false,
            answer: true,
        };
        let known = [
            record("depositSwitchGet", "at `date_completed`: trailing input"),
            // An answer record says nothing of a 422 in the same words.
            record("pathStyles", "Request path parameter point"),
        ];
        let mut outcome = tally(text);
        outcome.attribute(&read_log(ENDED), &known);
        outcome.known_invalid_answers(&known);
        assert_eq!(outcome.invalid_answers.len(), 1, "{outcome:?}");
        assert!(
            outcome.invalid_answers[0].starts_with("depositSwitchGet: ")
                && outcome.invalid_answers[0].ends_with("(the example is a date-time)")
        );
        assert_eq!(outcome.decode_errors.len(), 1);
        assert!(outcome.decode_errors[0].starts_with("transferGet: "));
        assert_eq!(outcome.violations.len(), 1);
    }

    #[test]
    fn a_specs_misreadings_are_read_with_every_field() {
        let text = r#"{"misreadings": [{"operation": "a", "says": "b", "why": "c"}, {"operation": "d", "says": "e", "why": "f", "limit": true}]}"#;
        let read = read_misreadings(text).expect("read");
        assert_eq!(
            read[0],
            Misreading {
                operation: "a".into(),
                says: "b".into(),
                why: "c".into(),
                limit: false,
                spec: false,
                answer: false
            }
        );
        assert!(read[1].limit && !read[1].spec);
        let spec = r#"{"misreadings": [{"operation": "a", "says": "b", "why": "c", "spec": true}]}"#;
        assert!(read_misreadings(spec).expect("read")[0].spec);
        let both = r#"{"misreadings": [{"operation": "a", "says": "b", "why": "c", "spec": true, "limit": true}]}"#;
        assert!(read_misreadings(both).is_err());
        let answer = r#"{"misreadings": [{"operation": "a", "says": "b", "why": "c", "answer": true}]}"#;
        assert!(read_misreadings(answer).expect("read")[0].answer);
        assert!(read_misreadings(r#"{"misreadings": [{"operation": "a", "says": ""}]}"#).is_err());
        let answers = read_misreadings(r#"{"answers": [{"operation": "a", "says": "b", "why": "c"}]}"#).expect("read");
        assert!(answers[0].answer && !read[0].answer);
        assert!(read_misreadings("{}").is_err());
    }

    #[test]
    fn the_error_that_stopped_prism_is_its_last_words() {
        let log = "[1:13:41 PM] \u{203a} [HTTP SERVER] get /queries/delimited \u{2139}  info      Request received\n\n\
                   /x/delimited.js:21\n            throw new Error('Space/pipe/comma.. delimited style is only applicable to array parameter');\n\
                   Error: Space/pipe/comma.. delimited style is only applicable to array parameter\n    at deserialize (/x/delimited.js:21:19)\n";
        let words = uncaught(log).expect("the error");
        assert_eq!(words, "Space/pipe/comma.. delimited style is only applicable to array parameter");
        assert!(limit(&words, "").is_some());
        assert_eq!(uncaught("[CLI] start"), None);
        // Any error Node names, as Gitea's text/plain topics ended it.
        let log = "/x/simple.js:12\n    return value.split(',');\n\n\
                   TypeError: Cannot read properties of null (reading 'split')\n    at deserializeArray (/x/simple.js:12:18)\n";
        let words = uncaught(log).expect("the error");
        assert_eq!(words, "Cannot read properties of null (reading 'split')");
        assert!(limit(&words, "").is_some());
        assert_eq!(uncaught("[1:00:00 PM] \u{203a} [HTTP SERVER] error: no"), None);
    }

    #[test]
    fn the_calls_are_counted_by_what_came_of_them() {
        let text = "running 1 test\noutside\ta\tok\t200\noutside\tb\tok\t422\noutside\tc\terror\tc: undeclared status 422 \
                    Unprocessable Entity\noutside\td\tdecode\td: the 200 OK response does not decode\noutside\te\tno-sample\t\n\
                    outside\tf\tskipped\t\noutside\tg\terror\tg: request failed: error sending request\n";
        let outcome = tally(text);
        assert_eq!(outcome.requests, 5);
        assert_eq!(outcome.violations, ["b: 422", "c: c: undeclared status 422 Unprocessable Entity"]);
        assert_eq!(outcome.decode_errors, ["d: d: the 200 OK response does not decode"]);
        assert_eq!(outcome.unsampled, ["e"]);
        assert_eq!(outcome.other, ["g: g: request failed: error sending request"]);
    }
}
