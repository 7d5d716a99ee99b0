//! `tokenlab pkce` and `tokenlab pkce check` (RFC 7636).

use serde_json::json;
use tokenlab_engine::pkce::{self, Method};

use crate::args::{PkceAction, PkceArgs};
use crate::{Failure, Report};

/// Generates a verifier and its challenge, or runs `check`.
pub fn run(args: &PkceArgs) -> Result<Report, Failure> {
    if let Some(PkceAction::Check {
        verifier,
        challenge,
        method,
        json,
    }) = &args.action
    {
        return check(verifier, challenge, *method, *json);
    }
    let verifier = pkce::generate_verifier(args.length, &mut rand_core::OsRng)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let challenge =
        pkce::challenge(&verifier, args.method).map_err(|e| Failure::usage(e.to_string()))?;
    let out = if args.json {
        crate::pretty(&json!({
            "code_verifier": verifier,
            "code_challenge": challenge,
            "code_challenge_method": args.method.name(),
        }))
    } else {
        format!(
            "code_verifier:         {verifier}\ncode_challenge:        {challenge}\ncode_challenge_method: {}\n",
            args.method.name()
        )
    };
    Ok(Report::ok(out))
}

/// Exit 0 when `verifier` gives `challenge` under `method`; exit 1 with the engine's exact reason
/// (too short, a bad character and where, a malformed challenge, or the challenge it does give).
fn check(verifier: &str, challenge: &str, method: Method, json: bool) -> Result<Report, Failure> {
    let result = pkce::check(verifier, challenge, method);
    let out = if json {
        crate::pretty(&match &result {
            Ok(()) => json!({ "match": true, "method": method.name() }),
            Err(e) => json!({
                "match": false,
                "method": method.name(),
                "code": e.code(),
                "message": e.to_string(),
            }),
        })
    } else if result.is_ok() {
        format!(
            "The code_verifier matches the {} code_challenge.\n",
            method.name()
        )
    } else {
        String::new()
    };
    Ok(match result {
        Ok(()) => Report::ok(out),
        Err(e) => Report::failed(out, Failure::no(e.to_string())),
    })
}
