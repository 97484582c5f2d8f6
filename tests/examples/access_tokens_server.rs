//! Serves the reference implementation of GitLab's project access token API on a port,
//! under `/api` as gitlab.com does:
//!
//! ```text
//! cargo run --example access_tokens_server -- --listen 127.0.0.1:8080 --private-token TOKEN
//! curl -H 'Private-Token: TOKEN' -X POST \
//!     'http://127.0.0.1:8080/api/v4/projects/group%2Fproject/access_tokens?name=ci&scopes[]=read_api'
//! ```
//!
//! Each request is logged (`RUST_LOG` filters, `info` by default); Ctrl-C stops it after
//! the requests in flight are answered.

use std::net::SocketAddr;
use std::process::ExitCode;

use tests::reference::{self, Project, Reference};

const USAGE: &str = "\
usage: access_tokens_server --private-token TOKEN [--listen ADDR] [--project ID:PATH]...

  --private-token TOKEN  the token requests must carry (Private-Token or Authorization: Bearer)
  --listen ADDR          where to listen (default 127.0.0.1:8080)
  --project ID:PATH      a project, named in URLs by its id or its path; repeatable
                         (default 1:group/project)";

#[derive(Debug)]
struct Args {
    listen: SocketAddr,
    private_token: String,
    projects: Vec<Project>,
}

/// What the command line asked for; `Ok(None)` for `--help`.
fn parse_args() -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut listen = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut private_token = None;
    let mut projects = Vec::new();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("listen") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                listen = value.parse().map_err(|e| format!("--listen: {e}"))?;
            }
            Long("private-token") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                private_token = Some(value.string().map_err(|e| e.to_string())?);
            }
            Long("project") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.string().map_err(|e| e.to_string())?;
                projects.push(value.parse::<Project>().map_err(|e| format!("--project: {e}"))?);
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let private_token = private_token.filter(|t| !t.is_empty()).ok_or("--private-token is required")?;
    if projects.is_empty() {
        projects.push(reference::default_project());
    }
    Ok(Some(Args { listen, private_token, projects }))
}

fn main() -> ExitCode {
    let args = match parse_args() {
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
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: Args) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let projects: Vec<String> = args.projects.iter().map(Project::to_string).collect();
    tracing::info!(address = %listener.local_addr()?, projects = ?projects, "serving GitLab's project access tokens under /api");
    let app = reference::app(Reference::new(args.private_token, args.projects));
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C. If the signal cannot be listened for, the server runs until killed
/// rather than stopping at once.
async fn shutdown() {
    match tokio::signal::ctrl_c().await {
        Ok(()) => tracing::info!("Ctrl-C: finishing the requests in flight"),
        Err(error) => {
            tracing::warn!(%error, "cannot listen for Ctrl-C; stop the server by killing it");
            std::future::pending::<()>().await;
        }
    }
}
