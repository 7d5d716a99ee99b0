//! `tokenlab decode`.

use serde_json::Value;
use tokenlab_engine::analysis::{analyze, AnalyzeOptions};
use tokenlab_engine::intake::IntakeKind;

use crate::args::DecodeArgs;
use crate::{input, render, Failure, Report};

/// Decodes and lints without a key. Exit 0 when a token was found and decoded without errors,
/// 1 when no token was found or it has decode errors, 2 when the input is empty or unreadable.
pub fn run(args: &DecodeArgs) -> Result<Report, Failure> {
    let text = input::text_arg(args.token.as_deref(), "token")?;
    let now = args.now.unwrap_or_else(crate::system_now);
    let a = analyze(&text, &AnalyzeOptions::at(now));
    if a.intake.kind == IntakeKind::Empty {
        return Err(Failure::usage(
            "there is nothing to decode: the input is empty",
        ));
    }
    let out = if args.json {
        crate::pretty(&Value::Object(render::common_json(&a)))
    } else {
        render::token_text(&a, now)
    };
    let failure = match (render::no_token_reason(&a), a.token()) {
        (Some(reason), _) => Some(Failure::no(reason)),
        (None, Some(token)) if !token.errors.is_empty() => Some(Failure::no(format!(
            "the token has {} decoding {}; the first: {}",
            token.errors.len(),
            if token.errors.len() == 1 {
                "problem"
            } else {
                "problems"
            },
            token
                .errors
                .first()
                .map(|e| e.message.as_str())
                .unwrap_or_default()
        ))),
        _ => None,
    };
    Ok(match failure {
        Some(f) => Report::failed(out, f),
        None => Report::ok(out),
    })
}
