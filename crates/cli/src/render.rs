//! Turning an [`Analysis`] into the CLI's text and `--json` output. `decode` and `verify` share
//! these pieces so a field means the same in both.

use serde_json::{json, Map, Value};
use tokenlab_engine::analysis::Analysis;
use tokenlab_engine::b64;
use tokenlab_engine::claims::{self, ClaimsReport, TIME_CLAIMS};
use tokenlab_engine::intake::IntakeKind;
use tokenlab_engine::jws::{DecodedToken, Payload, StructureError};
use tokenlab_engine::lint::Finding;

/// The stable name of an intake kind.
pub fn kind_name(kind: IntakeKind) -> &'static str {
    match kind {
        IntakeKind::Empty => "empty",
        IntakeKind::Compact => "compact",
        IntakeKind::TokenResponse => "token_response",
        IntakeKind::RedirectUrl => "redirect_url",
        IntakeKind::Unrecognised => "unrecognised",
    }
}

/// Why no token could be decoded, as a sentence fragment; `None` when one was decoded.
pub fn no_token_reason(a: &Analysis) -> Option<String> {
    match &a.decoded {
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(format!("the token cannot be decoded: {e}")),
        None => Some(match a.intake.notes.last() {
            Some(note) => format!("no token was found: {}", note.trim_end_matches('.')),
            None => "no token was found in the input".to_owned(),
        }),
    }
}

/// The members `decode --json` and `verify --json` share: `kind`, `token`, `form`, `header`,
/// `payload`, `payload_type`, `errors`, `findings`, `notes`, `found`.
pub fn common_json(a: &Analysis) -> Map<String, Value> {
    let token = a.token();
    let mut o = Map::new();
    o.insert("kind".into(), kind_name(a.intake.kind).into());
    o.insert("token".into(), json!(a.intake.token));
    o.insert("form".into(), json!(token.map(|t| t.form.label())));
    o.insert("header".into(), token.map_or(Value::Null, header_value));
    let (payload, payload_type) = token.map_or((Value::Null, Value::Null), payload_value);
    o.insert("payload".into(), payload);
    o.insert("payload_type".into(), payload_type);
    o.insert("errors".into(), Value::Array(errors_json(a)));
    o.insert(
        "findings".into(),
        Value::Array(a.findings.iter().map(finding_json).collect()),
    );
    o.insert("notes".into(), json!(notes(a)));
    let found: Vec<Value> = a
        .intake
        .found
        .iter()
        .map(|f| json!({ "name": f.name, "form": f.form.map(|f| f.label()) }))
        .collect();
    o.insert("found".into(), Value::Array(found));
    o
}

fn header_value(t: &DecodedToken) -> Value {
    match (&t.header, &t.header_text) {
        (Some(h), _) => h.value.clone(),
        // Not JSON, but readable: show the text so the user sees what is there.
        (None, Some(text)) => Value::String(text.clone()),
        (None, None) => Value::Null,
    }
}

/// The payload and its type: `json` (the value), `text` (a string), `bytes` (base64url).
fn payload_value(t: &DecodedToken) -> (Value, Value) {
    match &t.payload {
        Some(Payload::Json(p)) => (p.value.clone(), "json".into()),
        Some(Payload::Text(s)) => (Value::String(s.clone()), "text".into()),
        Some(Payload::Bytes(b)) => (Value::String(b64::encode(b)), "bytes".into()),
        None => (Value::Null, Value::Null),
    }
}

/// Decode errors as `{segment, offset, code, message}`; a token that could not be decoded at all
/// gives one error with a `null` segment.
pub fn errors_json(a: &Analysis) -> Vec<Value> {
    match &a.decoded {
        Some(Ok(t)) => t
            .errors
            .iter()
            .map(|e| {
                json!({
                    "segment": e.segment.label(),
                    "offset": e.offset,
                    "code": e.code(),
                    "message": e.message,
                })
            })
            .collect(),
        Some(Err(e)) => {
            let offset = match e {
                StructureError::IllegalCharacter { offset, .. } => Some(*offset),
                _ => None,
            };
            vec![
                json!({ "segment": null, "offset": offset, "code": e.code(), "message": e.to_string() }),
            ]
        }
        None => vec![json!({
            "segment": null,
            "offset": null,
            "code": "no_token",
            "message": no_token_reason(a).unwrap_or_default(),
        })],
    }
}

/// One finding as `{code, severity, message, reference, url}`.
pub fn finding_json(f: &Finding) -> Value {
    json!({
        "code": f.code,
        "severity": f.severity.code(),
        "message": f.message,
        "reference": f.reference,
        "url": f.url,
    })
}

/// The intake's notes plus one per JWKS member that was skipped.
pub fn notes(a: &Analysis) -> Vec<String> {
    let mut notes = a.intake.notes.clone();
    notes.extend(
        a.key_skipped
            .iter()
            .map(|s| format!("The JWKS {s} was skipped.")),
    );
    notes
}

/// `{passed, checks: [{claim, code, outcome, message}]}`.
pub fn claims_json(report: &ClaimsReport) -> Value {
    json!({
        "passed": report.passed(),
        "checks": report.checks,
    })
}

/// The text shown by `decode` and `verify` for the token itself: notes, header, payload, times,
/// decode errors, findings.
pub fn token_text(a: &Analysis, now: i64) -> String {
    let mut out = String::new();
    for note in notes(a) {
        out.push_str(&format!("Note: {note}\n"));
    }
    if a.intake.found.len() > 1 {
        let names: Vec<&str> = a.intake.found.iter().map(|f| f.name.as_str()).collect();
        out.push_str(&format!("Found: {}\n", names.join(", ")));
    }
    let Some(token) = a.token() else {
        if let Some(reason) = no_token_reason(a) {
            out.push_str(&format!("Error: {reason}\n"));
        }
        return out;
    };
    out.push_str(&format!("Form: {}\n", token.form.label()));
    out.push_str("Header:\n");
    out.push_str(&indent(&pretty_or_text(&header_value(token))));
    match payload_value(token) {
        (Value::Null, _) => {}
        (value, kind) => {
            let label = match kind.as_str() {
                Some("bytes") => "Payload (binary, shown as base64url):",
                Some("text") => "Payload (text):",
                _ => "Payload:",
            };
            out.push_str(label);
            out.push('\n');
            out.push_str(&indent(&pretty_or_text(&value)));
        }
    }
    if let Some(claims) = token.claims() {
        let times: Vec<String> = TIME_CLAIMS
            .iter()
            .filter_map(|name| {
                let t = claims::TimeClaim::read(claims, name).seconds()?;
                Some(format!(
                    "  {name:<10} {} ({})\n",
                    claims::format_utc(t),
                    claims::describe_relative(t, now)
                ))
            })
            .collect();
        if !times.is_empty() {
            out.push_str("Times:\n");
            out.push_str(&times.concat());
        }
    }
    if !token.errors.is_empty() {
        out.push_str("Errors:\n");
        for e in &token.errors {
            out.push_str(&format!(
                "  {} at offset {} [{}]: {}\n",
                e.segment.label(),
                e.offset,
                e.code(),
                e.message
            ));
        }
    }
    out.push_str(&findings_text(&a.findings));
    out
}

/// Findings, most severe first, one per line.
pub fn findings_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "Findings: none\n".to_owned();
    }
    let mut out = String::from("Findings:\n");
    for f in findings {
        out.push_str(&format!(
            "  {:<8} {}: {} ({})\n",
            f.severity.code(),
            f.code,
            f.message,
            f.reference
        ));
    }
    out
}

fn pretty_or_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out
}
