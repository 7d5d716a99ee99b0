//! `tokenlab`: the Tokenlab engine on the command line.
//!
//! The commands, their options, their `--json` shapes and their exit statuses are a contract that
//! scripts rely on:
//!
//! - exit 0: the command succeeded (for `verify`: the signature is verified and every claim check
//!   passed; for `pkce check`: the verifier matches);
//! - exit 1: the command ran and the answer is no (signature not verified, a claim check failed,
//!   the token did not decode cleanly, the PKCE verifier does not match);
//! - exit 2: usage errors (clap's own, and ours) and input that cannot be read.
//!
//! Errors go to standard error as one sentence. Nothing a user types can make the CLI panic:
//! every engine call returns a `Result`, and output is written without `println!` (which panics
//! on a closed pipe).

#![forbid(unsafe_code)]

mod args;
mod decode;
mod input;
mod keygen;
mod pkce;
mod render;
mod sign;
mod verify;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Why a command did not end with exit status 0.
#[derive(Debug)]
pub enum Failure {
    /// Exit 1: the command ran and the answer is no. The message (if any) goes to standard error;
    /// whatever the command printed on standard output is still printed.
    No(Option<String>),
    /// Exit 2: the command was used wrongly or its input cannot be read.
    Usage(String),
}

impl Failure {
    /// An exit-2 failure with this sentence.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    /// An exit-1 failure with this sentence.
    pub fn no(message: impl Into<String>) -> Failure {
        Failure::No(Some(message.into()))
    }
}

/// What a command produced: its standard output, and whether it succeeded.
pub struct Report {
    /// Text for standard output.
    pub out: String,
    /// `None` for success; otherwise the failure (its message goes to standard error).
    pub failure: Option<Failure>,
}

impl Report {
    /// A successful command that printed `out`.
    pub fn ok(out: String) -> Report {
        Report { out, failure: None }
    }

    /// A command that printed `out` and then failed with `failure`.
    pub fn failed(out: String, failure: Failure) -> Report {
        Report {
            out,
            failure: Some(failure),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = match cli.command {
        Command::Decode(a) => decode::run(&a),
        Command::Verify(a) => verify::run(&a),
        Command::Sign(a) => sign::run(&a),
        Command::Keygen(a) => keygen::run(&a),
        Command::Thumbprint(a) => keygen::thumbprint(&a),
        Command::Pkce(a) => pkce::run(&a),
    };
    let report = report.unwrap_or_else(|failure| Report::failed(String::new(), failure));
    // A closed pipe (`tokenlab decode … | head -1`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(report.out.as_bytes());
    let (code, message) = match report.failure {
        None => (0, None),
        Some(Failure::No(message)) => (1, message),
        Some(Failure::Usage(message)) => (2, Some(message)),
    };
    if let Some(message) = message {
        let _ = writeln!(std::io::stderr().lock(), "error: {}", sentence(&message));
    }
    ExitCode::from(code)
}

/// `message` as a sentence: a capital first letter and a final full stop.
fn sentence(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The current time in Unix seconds (the engine never reads the clock; the CLI does).
pub fn system_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Pretty JSON with a final newline (serde_json cannot fail on a `Value`).
pub fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
