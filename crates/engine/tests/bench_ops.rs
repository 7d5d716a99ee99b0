//! Operation benchmark: the same engine workload, timed natively and as wasm in headless Chromium.
//!
//! A benchmark, not a test: it prints figures and asserts nothing about speed. It is excluded from
//! `cargo test` (`test = false` in Cargo.toml) and run by `scripts/bench.sh`:
//!   native: `cargo test --release -p tokenlab-engine --test bench_ops -- --nocapture`
//!   wasm:   `cargo test --release --target wasm32-unknown-unknown -p tokenlab-engine --test bench_ops`
//! Both use the release profile the app ships with (opt-level "z", LTO), so the wasm figures are
//! those of the page. Each line is `BENCH <op> <microseconds per op> <iterations>`.

use tokenlab_engine::jwa::Alg;
use tokenlab_engine::keys::{generate, parse_key, Key, KeyGenKind};
use tokenlab_engine::pem::{to_pem, PemFormat};
use tokenlab_engine::secret::{Secret, SecretEncoding};
use tokenlab_engine::{jwa, jws};

#[cfg(target_arch = "wasm32")]
mod clock {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }
    /// Milliseconds from the page's high-resolution clock.
    pub fn ms() -> f64 {
        performance_now()
    }
    pub fn emit(line: &str) {
        wasm_bindgen_test::console_log!("{line}");
    }
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
}

#[cfg(not(target_arch = "wasm32"))]
mod clock {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    /// Milliseconds since the first call.
    pub fn ms() -> f64 {
        START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
    }
    pub fn emit(line: &str) {
        println!("{line}");
    }
}

/// Runs `f` repeatedly for about `budget_ms` (at least `min` times) and prints µs per op.
///
/// The clock is read between batches of about a millisecond of calls, not after every call: in
/// wasm each read is a call out to `performance.now()` that costs about 0.5 µs (measured with an
/// empty `f`: 0.51 µs per op), which made the HS256 figures, a few µs per op, a fifth clock.
fn time(op: &str, budget_ms: f64, min: u32, mut f: impl FnMut()) {
    f(); // warm-up
    let start = clock::ms();
    let mut n = 0u32;
    let mut batch = 1u32;
    loop {
        for _ in 0..batch {
            f();
        }
        n = n.saturating_add(batch);
        let elapsed = clock::ms() - start;
        if n >= min && elapsed >= budget_ms {
            break;
        }
        // About 1 ms of calls per batch from the rate so far; doubling while the (coarse) page
        // clock has not moved yet.
        batch = if elapsed > 0.0 {
            (f64::from(n) / elapsed).clamp(1.0, 1e6) as u32
        } else {
            batch.saturating_mul(2).min(1 << 20)
        };
    }
    let per_op_us = (clock::ms() - start) * 1000.0 / f64::from(n);
    clock::emit(&format!("BENCH {op} {per_op_us:.3} {n}"));
}

fn rng() -> rand_core::OsRng {
    rand_core::OsRng
}

/// A realistic 4 KB HS256 token (a payload with many claims).
fn token_4kb(key: &Key) -> String {
    let mut claims = serde_json::Map::new();
    claims.insert("iss".into(), "https://auth.tokenlab.example".into());
    claims.insert("sub".into(), "user-123".into());
    claims.insert("exp".into(), 4_000_000_000i64.into());
    let mut i = 0;
    while serde_json::to_string(&claims).map(|s| s.len()).unwrap_or(0) < 2900 {
        claims.insert(
            format!("claim_{i}"),
            format!("value number {i} with some text").into(),
        );
        i += 1;
    }
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let payload = serde_json::Value::Object(claims).to_string();
    tokenlab_engine::sign::sign_token(header, &payload, Alg::HS256, Some(key), false)
        .expect("sign 4 KB token")
}

fn run() {
    let hmac = Key::Oct(Secret::new(b"a-32-byte-secret-for-benchmarks!".to_vec()));
    let token = token_4kb(&hmac);
    clock::emit(&format!("BENCH_INFO token_bytes {}", token.len()));
    time("decode_4kb", 300.0, 20, || {
        let d = jws::decode(&token).expect("decode");
        std::hint::black_box(d);
    });
    // What the Debugger runs per keystroke: intake, decode, key, verify, claims and lints.
    let opts = tokenlab_engine::analysis::AnalyzeOptions::at(1_767_225_600).with_key(
        "a-32-byte-secret-for-benchmarks!".to_string(),
        tokenlab_engine::secret::SecretEncoding::Utf8,
    );
    time("analyze_4kb", 300.0, 20, || {
        std::hint::black_box(tokenlab_engine::analysis::analyze(&token, &opts));
    });

    let input = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
    let cases = [
        (Alg::HS256, KeyGenKind::Hs256),
        (Alg::RS256, KeyGenKind::Rsa2048),
        (Alg::ES256, KeyGenKind::P256),
        (Alg::EdDSA, KeyGenKind::Ed25519),
    ];
    for (alg, kind) in cases {
        let key = generate(kind, &mut rng()).expect("keygen");
        let sig = jwa::sign(alg, &key, input).expect("sign");
        time(&format!("sign_{alg}"), 300.0, 5, || {
            std::hint::black_box(jwa::sign(alg, &key, input).expect("sign"));
        });
        // Verified with the public key, as a verifier holds it (and as the page's WebCrypto
        // figures are measured): given a private key, `jwa::verify` first derives the public
        // one, which for P-256 is a scalar multiplication as costly as a third of the verify.
        let verifier = key.to_public().unwrap_or_else(|| key.clone());
        time(&format!("verify_{alg}"), 300.0, 5, || {
            jwa::verify(alg, &verifier, input, &sig).expect("verify");
        });
    }
    // What the Debugger does with the key field's text on every keystroke: it reads the key
    // again (PEM here; the public key, and a private key pasted instead).
    for (name, kind) in [("RSA2048", KeyGenKind::Rsa2048), ("P256", KeyGenKind::P256)] {
        let key = generate(kind, &mut rng()).expect("keygen");
        let public = key.to_public().expect("public half");
        for (which, key, format) in [
            ("public", &public, PemFormat::Spki),
            ("private", &key, PemFormat::Pkcs8Private),
        ] {
            let pem = to_pem(key, format).expect("pem");
            time(&format!("parse_key_{name}_{which}"), 300.0, 5, || {
                std::hint::black_box(parse_key(&pem, SecretEncoding::Utf8).expect("parse"));
            });
        }
    }
    time("keygen_RSA2048", 3000.0, 3, || {
        std::hint::black_box(generate(KeyGenKind::Rsa2048, &mut rng()).expect("keygen"));
    });
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn bench_engine_operations() {
    run();
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn bench_engine_operations() {
    run();
}
