//! Native speed of the engine's main operations: time per operation, as a table.
//!
//! ```sh
//! cargo run --release -p tokenlab-cli --bin tokenlab-bench            # the table
//! cargo run --release -p tokenlab-cli --bin tokenlab-bench -- --json  # one JSON object
//! cargo run --release -p tokenlab-cli --bin tokenlab-bench -- --quick # fewer runs
//! ```
//!
//! The release profile is the wasm one (`opt-level = "z"`, LTO); for numbers at full native speed
//! add `CARGO_PROFILE_RELEASE_OPT_LEVEL=3`. Each operation is timed call by call with
//! [`Instant`] and the median is reported (robust to the odd scheduler hiccup on a shared
//! machine). [`workload`] builds the operations and their inputs; the wasm bench times the same
//! list, so keep it free of anything native-only.
#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use serde_json::json;
use tokenlab_engine::analysis::{analyze, AnalyzeOptions};
use tokenlab_engine::jwa::Alg;
use tokenlab_engine::jws;
use tokenlab_engine::keys::{self, Key, KeyEntry, KeyGenKind, KeyInput, KeySource};
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::sign::sign_token;
use tokenlab_engine::verify::{verify_token, SignatureStatus, VerifyOptions};

/// The fixed "now" of every operation (2023-11-14T22:13:20Z).
const NOW: i64 = 1_700_000_000;

/// One timed operation.
struct Op {
    /// Its name in the table.
    name: String,
    /// How many calls to time (each call is one sample).
    runs: usize,
    /// One call. Returns false when the operation did not do what it should (a bench of a
    /// failing operation measures nothing).
    call: Box<dyn FnMut() -> bool>,
}

/// A typical access token's claims.
fn claims() -> serde_json::Value {
    json!({
        "iss": "https://issuer.example",
        "sub": "248289761001",
        "aud": ["tokenlab", "https://api.example"],
        "iat": NOW - 60,
        "nbf": NOW - 60,
        "exp": NOW + 3600,
        "jti": "6f0a4b1c-3d2e-4f5a-8b9c-0d1e2f3a4b5c",
        "scope": "openid profile email",
        "name": "Jane Doe",
    })
}

/// Claims padded with a `data` string so the signed HS256 token is `len` bytes long, give or
/// take a few.
fn padded_claims(len: usize) -> serde_json::Value {
    let mut c = claims();
    let base = sign_token("{}", &c.to_string(), Alg::None, None, true)
        .map(|t| t.len())
        .unwrap_or(0);
    // base64url makes 4 characters of 3 bytes; keep room for the signature (43) and `"data":""`.
    let room = len.saturating_sub(base + 43 + 12) * 3 / 4;
    c["data"] = json!("x".repeat(room));
    c
}

fn entry(key: &Key) -> KeyInput {
    let public = key.to_public().unwrap_or_else(|| key.clone());
    KeyInput::Single(KeyEntry::new(
        public,
        KeySource::Secret(SecretEncoding::Utf8),
    ))
}

/// The operations and their inputs (keys are generated once, outside the timing).
fn workload(quick: bool) -> Result<Vec<Op>, String> {
    let scale = |n: usize| if quick { (n / 10).max(3) } else { n };
    let mut ops = Vec::new();

    // Analyse a 4 KB HS256 token pasted as a Bearer header, with its secret: the Debugger's work
    // per keystroke (intake, decode, key, verify, claims, lints).
    let secret =
        keys::generate(KeyGenKind::Hs256, &mut rand_core::OsRng).map_err(|e| e.to_string())?;
    let big = sign_token(
        r#"{"typ":"JWT"}"#,
        &padded_claims(4096).to_string(),
        Alg::HS256,
        Some(&secret),
        false,
    )
    .map_err(|e| e.to_string())?;
    let pasted = format!("Authorization: Bearer {big}");
    let Key::Oct(bytes) = &secret else {
        return Err("an HS256 key is a secret".to_owned());
    };
    let opts = AnalyzeOptions::at(NOW).with_key(
        tokenlab_engine::b64::encode(bytes.expose()),
        SecretEncoding::Base64Url,
    );
    ops.push(Op {
        name: format!("analyze {} B token (HS256)", big.len()),
        runs: scale(2000),
        call: Box::new(move || {
            let a = analyze(&pasted, &opts);
            a.status() == Some(SignatureStatus::Verified)
                && a.claims.as_ref().is_some_and(|c| c.passed())
        }),
    });

    let payload = claims().to_string();
    for (alg, kind, runs) in [
        (Alg::HS256, KeyGenKind::Hs256, 20_000),
        (Alg::RS256, KeyGenKind::Rsa2048, 200),
        (Alg::ES256, KeyGenKind::P256, 2000),
        (Alg::EdDSA, KeyGenKind::Ed25519, 5000),
    ] {
        let private = keys::generate(kind, &mut rand_core::OsRng).map_err(|e| e.to_string())?;
        let token = sign_token(r#"{"typ":"JWT"}"#, &payload, alg, Some(&private), false)
            .map_err(|e| e.to_string())?;
        let decoded = jws::decode(&token).map_err(|e| e.to_string())?;
        let public = entry(&private);
        let p = payload.clone();
        ops.push(Op {
            name: format!("{alg} sign"),
            runs: scale(runs),
            call: Box::new(move || {
                sign_token(r#"{"typ":"JWT"}"#, &p, alg, Some(&private), false).is_ok()
            }),
        });
        let opts = VerifyOptions {
            allowed_algs: Some(vec![alg]),
        };
        ops.push(Op {
            name: format!("{alg} verify"),
            runs: scale(runs * 4),
            call: Box::new(move || {
                verify_token(&decoded, Some(&public), &opts).status == SignatureStatus::Verified
            }),
        });
    }

    ops.push(Op {
        name: "RSA-2048 keygen".to_owned(),
        runs: if quick { 3 } else { 15 },
        call: Box::new(|| keys::generate(KeyGenKind::Rsa2048, &mut rand_core::OsRng).is_ok()),
    });
    Ok(ops)
}

/// Times `op.runs` calls (after a few warm-up calls) and returns the sorted samples.
fn time(op: &mut Op) -> Result<Vec<Duration>, String> {
    for _ in 0..op.runs.min(3) {
        if !(op.call)() {
            return Err(format!("{} failed", op.name));
        }
    }
    let mut samples = Vec::with_capacity(op.runs);
    for _ in 0..op.runs {
        let start = Instant::now();
        let ok = (op.call)();
        samples.push(start.elapsed());
        if !ok {
            return Err(format!("{} failed", op.name));
        }
    }
    samples.sort();
    Ok(samples)
}

/// `1.23 µs`, `4.56 ms`.
fn show(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let as_json = args.iter().any(|a| a == "--json");
    if let Some(bad) = args.iter().find(|a| *a != "--quick" && *a != "--json") {
        eprintln!("error: unknown argument {bad}; tokenlab-bench takes --quick and --json.");
        return std::process::ExitCode::from(2);
    }
    let mut ops = match workload(quick) {
        Ok(ops) => ops,
        Err(e) => {
            eprintln!("error: the workload could not be built: {e}.");
            return std::process::ExitCode::from(1);
        }
    };
    let profile = if cfg!(debug_assertions) {
        "debug (numbers are meaningless: add --release)"
    } else {
        "release"
    };
    let mut rows = Vec::new();
    if !as_json {
        println!("tokenlab-bench, native, {profile} build; median of N timed calls");
        println!(
            "{:<34} {:>7} {:>11} {:>11} {:>11}",
            "operation", "N", "median", "p10", "p90"
        );
    }
    for op in &mut ops {
        let samples = match time(op) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}.");
                return std::process::ExitCode::from(1);
            }
        };
        let at = |q: usize| {
            samples
                .get(samples.len().saturating_sub(1) * q / 100)
                .copied()
                .unwrap_or_default()
        };
        let (median, p10, p90) = (at(50), at(10), at(90));
        if as_json {
            rows.push(json!({
                "op": op.name,
                "runs": samples.len(),
                "median_ns": median.as_nanos() as u64,
                "p10_ns": p10.as_nanos() as u64,
                "p90_ns": p90.as_nanos() as u64,
            }));
        } else {
            println!(
                "{:<34} {:>7} {:>11} {:>11} {:>11}",
                op.name,
                samples.len(),
                show(median),
                show(p10),
                show(p90)
            );
        }
    }
    if as_json {
        println!(
            "{}",
            json!({ "target": "native", "profile": profile, "ops": rows })
        );
    }
    std::process::ExitCode::SUCCESS
}
