//! A command-line client for GitLab's project access tokens, built on the generated client.
//!
//! `cargo run --example access_tokens_client -- --base-url https://gitlab.com/api/ list group/project`
//! (see `tests/src/client_cli.rs` for the commands).

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = std::env::args_os().skip(1).collect();
    let token = std::env::var("GITLAB_PRIVATE_TOKEN").ok();
    let code = tests::client_cli::run(args, token, &mut std::io::stdout(), &mut std::io::stderr()).await;
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
