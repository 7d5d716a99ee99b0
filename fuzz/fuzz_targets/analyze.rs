//! Fuzzes everything a paste reaches: intake → decode → key parsing → signature verification →
//! claim checks → the whole analysis (lints included), plus a sign → verify round trip with any
//! HMAC secret the input yields.
//!
//! Input layout: byte 0 picks options (secret encoding, leeway, whether to restrict the
//! algorithm); the rest is split at the first NUL byte into the token text and the key text (no
//! NUL: no key). Both are read as UTF-8 with invalid bytes replaced, so every input reaches the
//! parsers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenlab_engine::analysis::{analyze, analyze_token, AnalyzeOptions};
use tokenlab_engine::claims::{self, Expectations, ValidationOptions};
use tokenlab_engine::intake;
use tokenlab_engine::jwa::Alg;
use tokenlab_engine::jws::{self, AlgHeader};
use tokenlab_engine::keys::{self, Key, KeyInput};
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::sign::sign_token;
use tokenlab_engine::verify::{verify_token, SignatureStatus, VerifyOptions};

/// A fixed "now" (2023-11-14T22:13:20Z): the engine never reads the clock.
const NOW: i64 = 1_700_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (token_bytes, key_bytes) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let token_text = String::from_utf8_lossy(token_bytes);
    let key_text = key_bytes.map(String::from_utf8_lossy);
    let encoding = SecretEncoding::ALL[usize::from(flags & 3)];
    let leeway = i64::from((flags >> 2) & 7) * 30;

    // 1. Intake, then decode what it found and the raw text too.
    let Ok(found) = intake::intake(&token_text, NOW) else {
        return;
    };
    let _ = jws::decode(&token_text);
    let decoded = found.token.as_deref().and_then(|t| jws::decode(t).ok());

    // 2. The key.
    let key = key_text
        .as_deref()
        .and_then(|text| keys::parse_key_report(text, encoding).ok())
        .map(|parsed| parsed.input);

    // 3. Verification, with and without an allowlist.
    if let Some(decoded) = &decoded {
        let _ = verify_token(decoded, key.as_ref(), &VerifyOptions::default());
        if flags & 0x20 != 0 {
            let opts = VerifyOptions {
                allowed_algs: Some(vec![Alg::HS256, Alg::RS256, Alg::ES256, Alg::EdDSA]),
            };
            let _ = verify_token(decoded, key.as_ref(), &opts);
        }
        // 4. Claims.
        if let Some(claims_value) = decoded.claims() {
            let alg = match decoded.alg {
                AlgHeader::Known(a) => Some(a),
                _ => None,
            };
            let expect = Expectations {
                iss: Some("https://issuer.example".into()),
                aud: Some("tokenlab".into()),
                max_lifetime: Some(3600),
                access_token: found.token.clone(),
                ..Expectations::default()
            };
            let opts = ValidationOptions { now: NOW, leeway };
            let _ = claims::validate(decoded.header_value(), claims_value, alg, &opts, &expect);
        }
    }

    // 5. The whole analysis (lints included), as the Debugger and the CLI run it.
    let opts = AnalyzeOptions {
        now: NOW,
        leeway,
        key_text: key_text.as_deref().map(str::to_owned),
        secret_encoding: encoding,
        expectations: Expectations {
            iss: Some("https://issuer.example".into()),
            aud: Some("tokenlab".into()),
            nonce: Some("n-0S6_WzA2Mj".into()),
            typ: Some("at+jwt".into()),
            required: vec!["sub".into(), "jti".into()],
            ..Expectations::default()
        },
        verify: if flags & 0x40 != 0 {
            VerifyOptions {
                allowed_algs: Some(vec![Alg::PS256, Alg::ES384, Alg::HS512]),
            }
        } else {
            VerifyOptions::default()
        },
    };
    let analysis = analyze(&token_text, &opts);
    if let Some(token) = &found.token {
        let direct = analyze_token(token, &opts);
        // The same token gets the same verdict however it was pasted.
        if analysis.status() != direct.status() {
            panic!(
                "analyze and analyze_token disagree: {:?} vs {:?}",
                analysis.status(),
                direct.status()
            );
        }
    }

    // 6. Sign → verify round trip with an HMAC secret: what Tokenlab signs, it must verify.
    if let (Some(decoded), Some(KeyInput::Single(entry))) = (&decoded, &key) {
        if let (Key::Oct(_), Some(header)) = (&entry.key, &decoded.header) {
            let payload = decoded.claims().map(|c| c.to_string()).unwrap_or_default();
            round_trip(&header.text, &payload, &entry.key);
        }
    }
});

fn round_trip(header: &str, payload: &str, key: &Key) {
    let Ok(token) = sign_token(header, payload, Alg::HS256, Some(key), false) else {
        return;
    };
    let Ok(decoded) = jws::decode(&token) else {
        panic!("a token Tokenlab signed does not decode: {token}");
    };
    let single = KeyInput::Single(keys::KeyEntry::new(
        key.clone(),
        keys::KeySource::Secret(SecretEncoding::Utf8),
    ));
    let verification = verify_token(&decoded, Some(&single), &VerifyOptions::default());
    // Headers with `crit` or `b64` are refused by design; anything else must verify.
    let special = decoded
        .header_value()
        .is_some_and(|h| h.get("crit").is_some() || h.get("b64").is_some());
    if !special && verification.status != SignatureStatus::Verified {
        panic!(
            "a token Tokenlab signed with HS256 does not verify ({}: {}): {token}",
            verification.status.code(),
            verification.detail
        );
    }
}
