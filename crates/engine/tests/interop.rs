//! Interop with an independent JOSE implementation: PyJWT on top of `cryptography` (OpenSSL).
//!
//! Both directions, for every signing algorithm, with fresh random keys on every run:
//!
//! - PyJWT generates a key and signs; Tokenlab reads the public key (SPKI PEM, and PyJWT's own
//!   public JWK; HMAC: the secret as base64url) and [`verify_token`] must say `verified`;
//! - Tokenlab generates a key ([`keys::generate`]) and signs ([`sign::sign_token`]), exports the
//!   public key (SPKI PEM and public JWK); PyJWT's `jwt.decode(..., algorithms=[alg])` must
//!   accept the token and return exactly the claims that were signed.
//!
//! Each direction also checks that a token whose payload was swapped after signing is refused
//! by the verifier, so "verified" cannot come from a verifier that accepts anything.
//!
//! Python is driven through `tests/interop/pyjwt_tool.py`: one process per test, a JSON array of
//! requests on standard input, a JSON array of answers on standard output. A machine without
//! `python3` or PyJWT fails these tests with a message to run `scripts/setup.sh --test`; set
//! `TOKENLAB_SKIP_INTEROP=1` to skip them on purpose.
// A failing helper reports by panicking, as a failing assertion does.
#![allow(clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use tokenlab_engine::jwa::Alg;
use tokenlab_engine::jws;
use tokenlab_engine::keys::{self, Key, KeyGenKind, KeyInput};
use tokenlab_engine::pem::{self, PemFormat};
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::sign;
use tokenlab_engine::verify::{verify_token, SignatureStatus, VerifyOptions};
use tokenlab_engine::{b64, jwk};

/// Tokens signed per algorithm and direction (each direction uses one fresh key per algorithm).
const TOKENS_PER_ALG: usize = 3;

const TOOL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/pyjwt_tool.py");

/// Sends `requests` to the Python tool and returns its answers, or `None` when the interop tests
/// are skipped on purpose (`TOKENLAB_SKIP_INTEROP=1`). Fails the test when Python or PyJWT is
/// missing.
fn python(requests: &[Value]) -> Option<Vec<Value>> {
    if std::env::var("TOKENLAB_SKIP_INTEROP").as_deref() == Ok("1") {
        eprintln!("interop with PyJWT skipped: TOKENLAB_SKIP_INTEROP=1");
        return None;
    }
    let setup = "run `scripts/setup.sh --test` (it installs PyJWT and cryptography), or set \
                 TOKENLAB_SKIP_INTEROP=1 to skip the interop tests";
    let mut child = Command::new("python3")
        .arg(TOOL)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 could not be started ({e}); {setup}"));
    let input = serde_json::to_vec(requests).expect("requests serialize");
    // Write from a thread: Python may fill its output pipe before reading all its input.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("python3 ran");
    // A Python that exits at once (missing module) closes its input early: judge it by its exit
    // status and message first, and only then by whether every request was written.
    let written = writer.join().expect("writer thread");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        if stderr.contains("No module named") {
            panic!("PyJWT or cryptography is not installed for python3; {setup}\n{stderr}");
        }
        panic!("the PyJWT tool failed ({}):\n{stderr}", output.status);
    }
    written.expect("requests written to python3");
    let answers: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("the PyJWT tool printed something that is not JSON ({e}):\n{stderr}")
    });
    assert_eq!(answers.len(), requests.len(), "one answer per request");
    Some(answers)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// Claims with strings outside ASCII, nested values, a fraction and a fresh random `jti`.
fn claims(alg: Alg, index: usize, now: i64) -> Value {
    let mut jti = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut jti);
    json!({
        "iss": "https://interop.tokenlab.test",
        "sub": format!("interop-{}-{index}", alg.name()),
        "iat": now,
        "exp": now + 600,
        "jti": b64::encode(&jti),
        "name": "Zoë Ünïcode ✓ 東京",
        "roles": ["reader", "writer"],
        "ratio": 2.5,
        "nested": { "ok": true, "none": null, "n": -42 },
    })
}

/// `token` with its payload replaced by `other` (signature kept): every verifier must refuse it.
fn swap_payload(token: &str, other: &Value) -> String {
    let mut parts = token.split('.');
    let header = parts.next().unwrap_or_default();
    parts.next();
    let signature = parts.next().unwrap_or_default();
    let payload = b64::encode(other.to_string().as_bytes());
    format!("{header}.{payload}.{signature}")
}

fn decode(token: &str) -> jws::DecodedToken {
    let decoded = jws::decode(token).unwrap_or_else(|e| panic!("{token} does not decode: {e}"));
    assert!(decoded.errors.is_empty(), "{token}: {:?}", decoded.errors);
    decoded
}

/// The status and its sentence, so a failed assertion says why.
fn verify(token: &str, key: &KeyInput, alg: Alg) -> (SignatureStatus, String) {
    let opts = VerifyOptions {
        allowed_algs: Some(vec![alg]),
    };
    let verification = verify_token(&decode(token), Some(key), &opts);
    (verification.status, verification.detail)
}

fn str_member<'v>(v: &'v Value, name: &str) -> Option<&'v str> {
    v.get(name).and_then(Value::as_str)
}

#[test]
fn tokens_signed_by_pyjwt_verify_in_tokenlab_for_every_algorithm() {
    let now = now();
    let mut requests = Vec::new();
    for alg in Alg::signing() {
        for index in 0..TOKENS_PER_ALG {
            requests.push(json!({
                "op": "sign",
                "alg": alg.name(),
                "claims": claims(alg, index, now),
                "headers": { "kid": format!("py-{}-{index}", alg.name()) },
            }));
        }
    }
    let Some(answers) = python(&requests) else {
        return;
    };
    let mut passed = Vec::new();
    for (request, answer) in requests.iter().zip(&answers) {
        let alg = Alg::parse(str_member(request, "alg").expect("alg")).expect("known alg");
        let token = str_member(answer, "token").unwrap_or_else(|| panic!("{alg}: {answer}"));
        let mut key_texts = vec![answer["public_jwk"].to_string()];
        let encoding = match (
            str_member(answer, "public_pem"),
            str_member(answer, "secret_b64url"),
        ) {
            (Some(pem), _) => {
                key_texts.push(pem.to_owned());
                SecretEncoding::Utf8
            }
            (None, Some(secret)) => {
                key_texts.push(secret.to_owned());
                SecretEncoding::Base64Url
            }
            (None, None) => panic!("{alg}: PyJWT gave no key: {answer}"),
        };
        let decoded = decode(token);
        assert_eq!(
            decoded.claims(),
            Some(&request["claims"]),
            "{alg}: the payload PyJWT signed reads back unchanged"
        );
        for text in &key_texts {
            let key = keys::parse_key(text, encoding)
                .unwrap_or_else(|e| panic!("{alg}: PyJWT's key does not parse ({e}):\n{text}"));
            let (status, detail) = verify(token, &key, alg);
            assert_eq!(
                status,
                SignatureStatus::Verified,
                "{alg}: PyJWT's token verifies with its key ({detail}):\n{text}"
            );
            let forged = swap_payload(token, &json!({ "sub": "mallory" }));
            let (status, detail) = verify(&forged, &key, alg);
            assert_eq!(
                status,
                SignatureStatus::InvalidSignature,
                "{alg}: a token whose payload was swapped is refused ({detail})"
            );
        }
        passed.push(alg);
    }
    report("PyJWT → Tokenlab", &passed);
}

#[test]
fn tokens_signed_by_tokenlab_verify_in_pyjwt_for_every_algorithm() {
    if std::env::var("TOKENLAB_SKIP_INTEROP").as_deref() == Ok("1") {
        eprintln!("interop with PyJWT skipped: TOKENLAB_SKIP_INTEROP=1");
        return;
    }
    let now = now();
    let mut requests = Vec::new();
    let mut expected = Vec::new();
    for alg in Alg::signing() {
        let kind = KeyGenKind::for_alg(alg).expect("every signing alg has a key kind");
        let key = keys::generate(kind, &mut rand_core::OsRng)
            .unwrap_or_else(|e| panic!("{alg}: key generation failed: {e}"));
        let public = public_forms(&key);
        for index in 0..TOKENS_PER_ALG {
            let claims = claims(alg, index, now);
            let header = json!({ "typ": "JWT", "kid": format!("tl-{}-{index}", alg.name()) });
            let token = sign::sign_token(
                &header.to_string(),
                &claims.to_string(),
                alg,
                Some(&key),
                false,
            )
            .unwrap_or_else(|e| panic!("{alg}: Tokenlab could not sign: {e}"));
            let forged = swap_payload(&token, &json!({ "sub": "mallory", "exp": now + 600 }));
            for (member, value) in &public {
                for (t, good) in [(&token, true), (&forged, false)] {
                    let mut request = json!({ "op": "verify", "alg": alg.name(), "token": t });
                    request[*member] = value.clone();
                    requests.push(request);
                    expected.push((alg, good, claims.clone(), *member));
                }
            }
        }
    }
    let Some(answers) = python(&requests) else {
        return;
    };
    let mut passed = Vec::new();
    for ((alg, good, claims, member), answer) in expected.iter().zip(&answers) {
        if *good {
            assert_eq!(
                answer.get("claims"),
                Some(claims),
                "{alg}: PyJWT accepts Tokenlab's token (key as {member}) and reads the same claims: {answer}"
            );
            if *member == "jwk" {
                passed.push(*alg);
            }
        } else {
            let error = str_member(answer, "error").unwrap_or_default();
            assert!(
                error.starts_with("InvalidSignatureError"),
                "{alg}: PyJWT refuses a token whose payload was swapped (key as {member}): {answer}"
            );
        }
    }
    report("Tokenlab → PyJWT", &passed);
}

/// The public forms of `key` the Python tool can take: SPKI PEM and public JWK (an HMAC secret
/// as base64url and as an `oct` JWK).
fn public_forms(key: &Key) -> Vec<(&'static str, Value)> {
    match key {
        Key::Oct(secret) => vec![
            ("secret_b64url", Value::from(b64::encode(secret.expose()))),
            ("jwk", jwk::to_jwk(key, true)),
        ],
        _ => vec![
            (
                "public_pem",
                Value::from(pem::to_pem(key, PemFormat::Spki).expect("public key exports as SPKI")),
            ),
            ("jwk", jwk::to_jwk(key, false)),
        ],
    }
}

/// Prints how many tokens passed per algorithm (visible with `--nocapture`).
fn report(direction: &str, passed: &[Alg]) {
    let mut line = format!("{direction}:");
    for alg in Alg::signing() {
        let n = passed.iter().filter(|a| **a == alg).count();
        line.push_str(&format!(" {}={n}", alg.name()));
    }
    println!("{line}");
    for alg in Alg::signing() {
        assert_eq!(
            passed.iter().filter(|a| **a == alg).count(),
            TOKENS_PER_ALG,
            "{direction}: every {alg} token passed"
        );
    }
}
