//! The `access_tokens_client` example's logic, as a library so tests can run it against a
//! server and read what it prints.
//!
//! ```text
//! access_tokens_client --base-url URL [--private-token T] COMMAND
//!   list PROJECT [--state active|inactive] [--search TEXT] [--all]
//!   get PROJECT TOKEN_ID
//!   create PROJECT --name NAME --scope S [--scope S …] [--expires-at YYYY-MM-DD]
//!          [--access-level 10|15|20|30|40|50] [--description TEXT]
//!   rotate PROJECT TOKEN_ID|self [--expires-at YYYY-MM-DD]
//!   revoke PROJECT TOKEN_ID
//! ```
//!
//! PROJECT is a numeric id or a path like `group/project`. The token may also come from
//! the `GITLAB_PRIVATE_TOKEN` environment variable, which keeps it out of shell history.
//! The response body is printed as JSON on stdout and the exit code is 0 on any declared
//! success status (201 for create); otherwise one line on stderr and a non-zero exit (1
//! for an API or transport failure, 2 for a wrong command line). `list` prints the first
//! page; `--all` reads the client's stream of every item, which follows GitLab's
//! `X-Next-Page` header through every page, and prints one array. The private token is never printed, and neither is any body the server sends
//! with an error: only its short `message`. A token's secret is printed only as what
//! create and rotate declare they answer.

use std::ffi::OsString;
use std::io::Write;
use std::pin::pin;

use futures_util::StreamExt as _;

use gitlab_access_tokens::client::{Client, Error};
use gitlab_access_tokens::models::{
    AccessLevel, AccessTokensDeleteResponse, AccessTokensGetOneResponse, AccessTokensGetResponse,
    AccessTokensPostResponse, AccessTokensRotateResponse, IntegerOrString, Scope, State,
};

pub const USAGE: &str = "usage: access_tokens_client --base-url URL [--private-token TOKEN] COMMAND
commands:
  list PROJECT [--state active|inactive] [--search TEXT] [--all]
  get PROJECT TOKEN_ID
  create PROJECT --name NAME --scope SCOPE [--scope SCOPE ...] [--expires-at YYYY-MM-DD]
         [--access-level 10|15|20|30|40|50] [--description TEXT]
  rotate PROJECT TOKEN_ID|self [--expires-at YYYY-MM-DD]
  revoke PROJECT TOKEN_ID
PROJECT is a numeric id or a path such as group/project.
The token may also be given in the GITLAB_PRIVATE_TOKEN environment variable.";

/// `--all` stops after this many tokens (10,000 pages of GitLab's largest, 100), whatever
/// the server says: a server that always names a further page must not keep the client
/// going for ever.
pub const MAX_TOKENS: usize = 1_000_000;

#[derive(Debug)]
enum Command {
    List { project: IntegerOrString, state: Option<State>, search: Option<String>, all: bool },
    Get { project: IntegerOrString, token_id: i64 },
    Create(Create),
    Rotate { project: IntegerOrString, token_id: IntegerOrString, expires_at: Option<chrono::NaiveDate> },
    Revoke { project: IntegerOrString, token_id: IntegerOrString },
}

#[derive(Debug)]
struct Create {
    project: IntegerOrString,
    name: String,
    scopes: Vec<Scope>,
    expires_at: Option<chrono::NaiveDate>,
    access_level: Option<AccessLevel>,
    description: Option<String>,
}

#[derive(Debug)]
struct Args {
    base_url: String,
    token: Option<String>,
    command: Command,
}

/// The options as given, before the command says which it takes.
#[derive(Debug, Default)]
struct Options {
    name: Option<String>,
    scopes: Vec<Scope>,
    expires_at: Option<chrono::NaiveDate>,
    access_level: Option<AccessLevel>,
    description: Option<String>,
    state: Option<State>,
    search: Option<String>,
    all: bool,
}

impl Options {
    /// Refuses options the command does not take, so a typo is not silently ignored.
    fn only(&self, command: &str, allowed: &[&str]) -> Result<(), String> {
        let given = [
            ("--name", self.name.is_some()),
            ("--scope", !self.scopes.is_empty()),
            ("--expires-at", self.expires_at.is_some()),
            ("--access-level", self.access_level.is_some()),
            ("--description", self.description.is_some()),
            ("--state", self.state.is_some()),
            ("--search", self.search.is_some()),
            ("--all", self.all),
        ];
        match given.iter().find(|(name, set)| *set && !allowed.contains(name)) {
            Some((name, _)) => Err(format!("{command} does not take {name}")),
            None => Ok(()),
        }
    }
}

/// The value of the option just read.
fn value(p: &mut lexopt::Parser) -> Result<String, String> {
    p.value().map_err(|e| e.to_string())?.into_string().map_err(|_| "arguments must be UTF-8".to_string())
}

fn parse(args: Vec<OsString>, env_token: Option<String>) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut base_url = None;
    let mut token = env_token;
    let mut positional: Vec<String> = Vec::new();
    let mut o = Options::default();
    let text = |v: OsString| v.into_string().map_err(|_| "arguments must be UTF-8".to_string());
    let date = |s: String| {
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|_| format!("--expires-at `{s}` is not a date (YYYY-MM-DD)"))
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("base-url") => base_url = Some(value(&mut p)?),
            Long("private-token") => token = Some(value(&mut p)?),
            Long("name") => o.name = Some(value(&mut p)?),
            Long("scope") => o.scopes.push(value(&mut p)?.parse::<Scope>().map_err(|e| e.to_string())?),
            Long("expires-at") => o.expires_at = Some(date(value(&mut p)?)?),
            Long("access-level") => {
                let s = value(&mut p)?;
                let level = s.parse::<i64>().ok().and_then(|n| AccessLevel::try_from(n).ok());
                o.access_level = Some(level.ok_or(format!("--access-level `{s}` is not 10, 15, 20, 30, 40 or 50"))?);
            }
            Long("description") => o.description = Some(value(&mut p)?),
            Long("state") => o.state = Some(value(&mut p)?.parse::<State>().map_err(|e| e.to_string())?),
            Long("search") => o.search = Some(value(&mut p)?),
            Long("all") => o.all = true,
            Value(v) => positional.push(text(v)?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let base_url = base_url.ok_or("--base-url is required")?;
    let id = |s: &String| s.parse::<IntegerOrString>().unwrap_or_else(|never| match never {});
    let command = match positional.as_slice() {
        [cmd, p] if cmd == "list" => {
            o.only("list", &["--state", "--search", "--all"])?;
            Command::List { project: id(p), state: o.state, search: o.search, all: o.all }
        }
        [cmd, p, t] if cmd == "get" => {
            o.only("get", &[])?;
            let token_id = t.parse().map_err(|_| format!("TOKEN_ID `{t}` is not a number"))?;
            Command::Get { project: id(p), token_id }
        }
        [cmd, p] if cmd == "create" => {
            o.only("create", &["--name", "--scope", "--expires-at", "--access-level", "--description"])?;
            let name = o.name.ok_or("create needs --name")?;
            if o.scopes.is_empty() {
                return Err("create needs at least one --scope".into());
            }
            Command::Create(Create {
                project: id(p),
                name,
                scopes: o.scopes,
                expires_at: o.expires_at,
                access_level: o.access_level,
                description: o.description,
            })
        }
        [cmd, p, t] if cmd == "rotate" => {
            o.only("rotate", &["--expires-at"])?;
            Command::Rotate { project: id(p), token_id: id(t), expires_at: o.expires_at }
        }
        [cmd, p, t] if cmd == "revoke" => {
            o.only("revoke", &[])?;
            Command::Revoke { project: id(p), token_id: id(t) }
        }
        [] => return Err("no command given".into()),
        [cmd, ..] => return Err(format!("`{cmd}` with these arguments is not a command")),
    };
    Ok(Args { base_url, token, command })
}

/// Runs the command line `args` (without the program name). Returns the exit code.
pub async fn run(args: Vec<OsString>, env_token: Option<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let args = match parse(args, env_token) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\n{USAGE}");
            return 2;
        }
    };
    let mut builder = Client::builder(&args.base_url);
    if let Some(t) = args.token {
        builder = builder.private_token(t);
    }
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    match execute(&client, args.command).await {
        Ok(Some(json)) => {
            let _ = writeln!(out, "{json}");
            0
        }
        Ok(None) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            1
        }
    }
}

/// Runs one command: `Ok(Some(json))` to print, `Ok(None)` for success without a body.
async fn execute(client: &Client, command: Command) -> Result<Option<String>, String> {
    match command {
        Command::List { project, state, search, all } => {
            let mut call = client.access_tokens_get(project);
            if let Some(s) = state {
                call = call.state(s);
            }
            if let Some(s) = search {
                call = call.search(s);
            }
            if !all {
                return match call.await.map_err(describe)?.into_inner() {
                    AccessTokensGetResponse::Ok { body, .. } => Ok(Some(json(&body))),
                    AccessTokensGetResponse::Unauthorized(m) => Err(format!("401 Unauthorized: {m}")),
                    AccessTokensGetResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
                };
            }
            // The client's stream follows GitLab's `X-Next-Page` (or `Link`) to the end.
            let mut pages = pin!(call.stream().take(MAX_TOKENS));
            let mut tokens = Vec::new();
            while let Some(token) = pages.next().await {
                tokens.push(token.map_err(describe)?);
            }
            Ok(Some(json(&tokens)))
        }
        Command::Get { project, token_id } => {
            match client.access_tokens_get_one(project, token_id).await.map_err(describe)?.into_inner() {
                AccessTokensGetOneResponse::Ok(body) => Ok(Some(json(&body))),
                AccessTokensGetOneResponse::Unauthorized(m) => Err(format!("401 Unauthorized: {m}")),
                AccessTokensGetOneResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
            }
        }
        Command::Create(c) => {
            let mut call = client.access_tokens_post(c.project, c.name, c.scopes);
            if let Some(d) = c.expires_at {
                call = call.expires_at(d);
            }
            if let Some(l) = c.access_level {
                call = call.access_level(l);
            }
            if let Some(d) = c.description {
                call = call.description(d);
            }
            match call.await.map_err(describe)?.into_inner() {
                AccessTokensPostResponse::Created(body) => Ok(Some(json(&body))),
                AccessTokensPostResponse::Unauthorized(m) => Err(format!("401 Unauthorized: {m}")),
                AccessTokensPostResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
            }
        }
        Command::Rotate { project, token_id, expires_at } => {
            let mut call = client.access_tokens_rotate(project, token_id);
            if let Some(d) = expires_at {
                call = call.expires_at(d);
            }
            match call.await.map_err(describe)?.into_inner() {
                AccessTokensRotateResponse::Ok(body) => Ok(Some(json(&body))),
                AccessTokensRotateResponse::BadRequest(m) => Err(format!("400 Bad Request: {m}")),
                AccessTokensRotateResponse::Unauthorized(m) => Err(format!("401 Unauthorized: {m}")),
                AccessTokensRotateResponse::Forbidden(m) => Err(format!("403 Forbidden: {m}")),
                AccessTokensRotateResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
                AccessTokensRotateResponse::MethodNotAllowed(m) => Err(format!("405 Method Not Allowed: {m}")),
            }
        }
        Command::Revoke { project, token_id } => {
            match client.access_tokens_delete(project, token_id).await.map_err(describe)?.into_inner() {
                AccessTokensDeleteResponse::NoContent => Ok(None),
                AccessTokensDeleteResponse::BadRequest(m) => Err(format!("400 Bad Request: {m}")),
                AccessTokensDeleteResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
            }
        }
    }
}

/// One line for an error. The client's errors are safe to print as they are: they never
/// show a body (which may hold a secret), only a short, sanitised `message` from it.
fn describe(e: Error) -> String {
    e.to_string()
}

/// A model as JSON text for printing.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
