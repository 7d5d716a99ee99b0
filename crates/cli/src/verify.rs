//! `tokenlab verify`.

use serde_json::{json, Value};
use tokenlab_engine::analysis::{analyze, Analysis, AnalyzeOptions};
use tokenlab_engine::claims::{self, ClaimsReport, Expectations, ValidationOptions};
use tokenlab_engine::intake::IntakeKind;
use tokenlab_engine::jws::Payload;
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::verify::{SignatureStatus, VerifyOptions};

use crate::args::VerifyArgs;
use crate::{input, keygen, render, Failure, Report};

/// Verifies the signature and checks the claims. Exit 0 only when the signature is verified and
/// every claim check passes; 1 otherwise; 2 for an empty input or a key that cannot be read.
pub fn run(args: &VerifyArgs) -> Result<Report, Failure> {
    let (key_text, encoding) = key_text(args)?;
    let text = input::text_arg(args.token.as_deref(), "token")?;
    let now = args.now.unwrap_or_else(crate::system_now);
    let leeway = args.leeway.unwrap_or(0);
    let opts = AnalyzeOptions {
        now,
        leeway,
        key_text: Some(key_text),
        secret_encoding: encoding,
        expectations: Expectations {
            iss: args.iss.clone(),
            aud: args.aud.clone(),
            ..Expectations::default()
        },
        verify: VerifyOptions {
            allowed_algs: (!args.alg.is_empty()).then(|| args.alg.clone()),
        },
    };
    let a = analyze(&text, &opts);
    if a.intake.kind == IntakeKind::Empty {
        return Err(Failure::usage(
            "there is nothing to verify: the input is empty",
        ));
    }
    if let Some(Err(e)) = &a.key {
        let what = if args.key.key.is_some() {
            "key file"
        } else {
            "secret"
        };
        return Err(Failure::usage(format!("the {what} could not be read: {e}")));
    }
    let claims = claims_report(&a, &opts);
    let status = a.status().unwrap_or(SignatureStatus::Malformed);
    let detail = match (&a.verification, render::no_token_reason(&a)) {
        (Some(v), _) => v.detail.clone(),
        (None, Some(reason)) => reason,
        (None, None) => String::new(),
    };
    let valid = status.is_verified() && claims.passed();
    let out = if args.json {
        let mut o = render::common_json(&a);
        let v = a.verification.as_ref();
        o.shift_insert(0, "valid".into(), valid.into());
        o.shift_insert(1, "signature".into(), status.code().into());
        o.shift_insert(2, "signature_detail".into(), detail.clone().into());
        o.shift_insert(
            3,
            "key_used".into(),
            json!(v.and_then(|v| v.key_used.clone())),
        );
        o.shift_insert(
            4,
            "candidates".into(),
            json!(v.map(|v| v.candidates.clone()).unwrap_or_default()),
        );
        o.shift_insert(5, "claims".into(), render::claims_json(&claims));
        crate::pretty(&Value::Object(o))
    } else {
        text_report(&a, &claims, status, &detail, valid, now)
    };
    if valid {
        return Ok(Report::ok(out));
    }
    let why = if !status.is_verified() {
        format!(
            "the signature is not verified ({}: {detail})",
            status.label().to_lowercase()
        )
    } else {
        let failed: Vec<String> = claims
            .failures()
            .map(|c| format!("{}: {}", c.code, c.message))
            .collect();
        format!(
            "{} claim {} failed ({})",
            failed.len(),
            if failed.len() == 1 { "check" } else { "checks" },
            failed.join("; ")
        )
    };
    Ok(Report::failed(
        out,
        Failure::no(format!("the token is not valid: {why}")),
    ))
}

/// The key text and how to read it. A `--key` file must hold PEM, a JWK or a JWKS; a `--secret`
/// that looks like one is refused rather than silently read as a JWK.
fn key_text(args: &VerifyArgs) -> Result<(String, SecretEncoding), Failure> {
    args.key.check()?;
    if let Some(path) = &args.key.key {
        let text = input::file(path, "key file")?;
        keygen::check_key_file(&text, &path.display().to_string())?;
        return Ok((text, SecretEncoding::Utf8));
    }
    let Some(secret) = &args.key.secret else {
        return Err(Failure::usage(
            "verify needs a key: give --key FILE or --secret S",
        ));
    };
    let trimmed = secret.trim();
    if trimmed.starts_with('{') || trimmed.contains("-----BEGIN") {
        return Err(Failure::usage(
            "the secret looks like a JWK or a PEM key; give keys in a file with --key FILE",
        ));
    }
    if secret.is_empty() {
        return Err(Failure::usage("the secret given with --secret is empty"));
    }
    Ok((secret.clone(), args.key.secret_encoding.unwrap_or_default()))
}

/// The claim checks. A token whose payload is not a JSON object fails them: the engine's own
/// `not_an_object` check says so.
fn claims_report(a: &Analysis, opts: &AnalyzeOptions) -> ClaimsReport {
    if let Some(report) = &a.claims {
        return report.clone();
    }
    let payload = match a.token().and_then(|t| t.payload.as_ref()) {
        Some(Payload::Json(p)) => p.value.clone(),
        Some(Payload::Text(s)) => Value::String(s.clone()),
        _ => Value::Null,
    };
    claims::validate(
        a.token().and_then(|t| t.header_value()),
        &payload,
        None,
        &ValidationOptions {
            now: opts.now,
            leeway: opts.leeway,
        },
        &opts.expectations,
    )
}

fn text_report(
    a: &Analysis,
    claims: &ClaimsReport,
    status: SignatureStatus,
    detail: &str,
    valid: bool,
    now: i64,
) -> String {
    let mut out = render::token_text(a, now);
    out.push_str(&format!("Signature: {} — {detail}\n", status.label()));
    if let Some(key) = a.verification.as_ref().and_then(|v| v.key_used.as_ref()) {
        out.push_str(&format!("Key: {key}\n"));
    }
    if let Some(candidates) = a
        .verification
        .as_ref()
        .map(|v| &v.candidates)
        .filter(|c| !c.is_empty())
    {
        out.push_str("Candidate keys:\n");
        for c in candidates {
            out.push_str(&format!("  {c}\n"));
        }
    }
    let failed = claims.failures().count();
    if failed == 0 {
        out.push_str("Claims: every check passed\n");
    } else {
        out.push_str(&format!(
            "Claims: {failed} of {} checks failed\n",
            claims.checks.len()
        ));
    }
    for c in &claims.checks {
        let mark = match c.outcome {
            claims::Outcome::Pass => "pass",
            claims::Outcome::Fail => "FAIL",
            claims::Outcome::Info => "info",
        };
        out.push_str(&format!("  {mark}  {:<20} {}\n", c.code, c.message));
    }
    out.push_str(if valid {
        "Result: valid\n"
    } else {
        "Result: NOT valid\n"
    });
    out
}
