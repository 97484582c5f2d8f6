//! The `access_tokens_client` example's logic, as a library so tests can run it against a
//! server and read what it prints.
//!
//! ```text
//! access_tokens_client --base-url URL [--private-token T] COMMAND
//!   list PROJECT
//!   create PROJECT --name NAME --scope S [--scope S …] [--expires-at YYYY-MM-DD]
//!   revoke PROJECT TOKEN_ID
//! ```
//!
//! PROJECT is a numeric id or a path like `group/project`. The token may also come from
//! the `GITLAB_PRIVATE_TOKEN` environment variable, which keeps it out of shell history.
//! The response body is printed as JSON on stdout and the exit code is 0 on the declared
//! success status; otherwise one line on stderr and a non-zero exit (1 for an API or
//! transport failure, 2 for a wrong command line). The token is never printed.

use std::ffi::OsString;
use std::io::Write;

use gitlab_access_tokens::client::{Client, Error};
use gitlab_access_tokens::models::{
    AccessTokensDeleteResponse, AccessTokensGetResponse, AccessTokensPostResponse, IntegerOrString, Scope,
};

pub const USAGE: &str = "usage: access_tokens_client --base-url URL [--private-token TOKEN] COMMAND
commands:
  list PROJECT
  create PROJECT --name NAME --scope SCOPE [--scope SCOPE ...] [--expires-at YYYY-MM-DD]
  revoke PROJECT TOKEN_ID
PROJECT is a numeric id or a path such as group/project.
The token may also be given in the GITLAB_PRIVATE_TOKEN environment variable.";

#[derive(Debug)]
enum Command {
    List { project: IntegerOrString },
    Create { project: IntegerOrString, name: String, scopes: Vec<Scope>, expires_at: Option<chrono::NaiveDate> },
    Revoke { project: IntegerOrString, token_id: IntegerOrString },
}

#[derive(Debug)]
struct Args {
    base_url: String,
    token: Option<String>,
    command: Command,
}

fn parse(args: Vec<OsString>, env_token: Option<String>) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut base_url = None;
    let mut token = env_token;
    let mut positional: Vec<String> = Vec::new();
    let mut name = None;
    let mut scopes = Vec::new();
    let mut expires_at = None;
    let text = |v: OsString| v.into_string().map_err(|_| "arguments must be UTF-8".to_string());
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("base-url") => base_url = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("private-token") => token = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("name") => name = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("scope") => {
                let s = text(p.value().map_err(|e| e.to_string())?)?;
                scopes.push(s.parse::<Scope>().map_err(|e| e.to_string())?);
            }
            Long("expires-at") => {
                let s = text(p.value().map_err(|e| e.to_string())?)?;
                let d = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .map_err(|_| format!("--expires-at `{s}` is not a date (YYYY-MM-DD)"))?;
                expires_at = Some(d);
            }
            Value(v) => positional.push(text(v)?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let base_url = base_url.ok_or("--base-url is required")?;
    let project = |s: &String| s.parse::<IntegerOrString>().unwrap_or_else(|never| match never {});
    let command = match positional.as_slice() {
        [cmd, p] if cmd == "list" => Command::List { project: project(p) },
        [cmd, p] if cmd == "create" => {
            let name = name.ok_or("create needs --name")?;
            if scopes.is_empty() {
                return Err("create needs at least one --scope".into());
            }
            Command::Create { project: project(p), name, scopes, expires_at }
        }
        [cmd, p, t] if cmd == "revoke" => Command::Revoke { project: project(p), token_id: project(t) },
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
        Command::List { project } => match client.access_tokens_get(project).await.map_err(describe)?.into_inner() {
            AccessTokensGetResponse::Ok(body) => Ok(Some(json(&body))),
            AccessTokensGetResponse::Unauthorized(m) => Err(format!("401 Unauthorized: {m}")),
            AccessTokensGetResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
        },
        Command::Create { project, name, scopes, expires_at } => {
            let mut call = client.access_tokens_post(project, name, scopes);
            if let Some(d) = expires_at {
                call = call.expires_at(d);
            }
            match call.await.map_err(describe)?.into_inner() {
                AccessTokensPostResponse::Ok(body) => Ok(Some(json(&body))),
                AccessTokensPostResponse::Unauthorized(m) => Err(format!("401 Unauthorized: {m}")),
                AccessTokensPostResponse::NotFound(m) => Err(format!("404 Not Found: {m}")),
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

/// One line for an error, with the body the server sent when there is one.
fn describe(e: Error) -> String {
    match e.body() {
        Some(body) if !body.is_empty() => {
            let body = String::from_utf8_lossy(body);
            let body: String = body.chars().take(200).collect();
            format!("{e}: {}", body.replace('\n', " "))
        }
        _ => e.to_string(),
    }
}

/// A model as JSON text for printing.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
