//! The one call the Debugger (on every keystroke) and the CLI make: paste in, everything out.
//!
//! [`analyze`] runs the whole pipeline on pasted text: intake (find the token, strip `Bearer `,
//! read responses and URLs) → decode → read the key, if any → verify the signature → validate
//! the claims (when the payload is a JSON object) → lint. Each stage's result is kept, so a
//! failure in one never hides what the others found: a broken signature still shows the claims,
//! an unreadable key still shows the token.
//!
//! It is pure and cheap: no clock, no network, no randomness; the time comes in
//! [`AnalyzeOptions::now`].

use crate::backend::{AllKeys, Backend};
use crate::claims::{self, ClaimsReport, Expectations, ValidationOptions};
use crate::intake::{self, Intake, IntakeKind};
use crate::jws::{self, AlgHeader, DecodedToken, StructureError};
use crate::keys::{KeyError, KeyInput, SkippedKey};
use crate::lint::{self, Finding, LintInput};
use crate::secret::SecretEncoding;
use crate::verify::{self, SignatureStatus, Verification, VerifyOptions};

/// What [`analyze`] needs besides the pasted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// The current time, Unix seconds (the Debugger lets a teacher move it).
    pub now: i64,
    /// Clock skew forgiven on `exp`, `nbf`, `iat` and `auth_time`, in seconds.
    pub leeway: i64,
    /// The text of the key box (secret, PEM, JWK or JWKS); `None` or blank means no key.
    pub key_text: Option<String>,
    /// How a secret in `key_text` is read (ignored for PEM, JWK and JWKS).
    pub secret_encoding: SecretEncoding,
    /// What the claims must satisfy (issuer, audience, nonce, …).
    pub expectations: Expectations,
    /// How strictly to verify (algorithm allowlist).
    pub verify: VerifyOptions,
}

impl AnalyzeOptions {
    /// Options at time `now` with the defaults: leeway 0 seconds, no key, secrets read as
    /// UTF-8, no expectations ([`Expectations::default`]), every algorithm allowed
    /// ([`VerifyOptions::default`]).
    pub fn at(now: i64) -> AnalyzeOptions {
        AnalyzeOptions {
            now,
            leeway: 0,
            key_text: None,
            secret_encoding: SecretEncoding::Utf8,
            expectations: Expectations::default(),
            verify: VerifyOptions::default(),
        }
    }

    /// The same options with this key text.
    pub fn with_key(mut self, key_text: impl Into<String>, encoding: SecretEncoding) -> Self {
        self.key_text = Some(key_text.into());
        self.secret_encoding = encoding;
        self
    }
}

/// Everything [`analyze`] found, stage by stage.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// What the pasted text was and which token was taken from it (with notes on what was
    /// trimmed).
    pub intake: Intake,
    /// The decoded token; `None` when the intake found no token (empty input, only opaque
    /// tokens), `Err` when the token as a whole is unusable (wrong number of parts, too large).
    pub decoded: Option<Result<DecodedToken, StructureError>>,
    /// The key, when key text was given.
    pub key: Option<Result<KeyInput, KeyError>>,
    /// JWKS members that could not be read (the usable ones are in `key`).
    pub key_skipped: Vec<SkippedKey>,
    /// The signature check, whenever a token was decoded.
    pub verification: Option<Verification>,
    /// The claims checks, when the payload is a JSON object.
    pub claims: Option<ClaimsReport>,
    /// Security findings, most severe first (empty without a decoded token).
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// The analysis of empty input (what [`analyze`] gives for `""`), made without running
    /// anything: a page can show it before the analysing code is loaded.
    pub fn nothing() -> Analysis {
        empty(Intake::new(IntakeKind::Empty, Vec::new()))
    }

    /// The decoded token, if decoding succeeded.
    pub fn token(&self) -> Option<&DecodedToken> {
        self.decoded.as_ref().and_then(|d| d.as_ref().ok())
    }

    /// The key, if it was given and could be read.
    pub fn key_input(&self) -> Option<&KeyInput> {
        self.key.as_ref().and_then(|k| k.as_ref().ok())
    }

    /// The signature status, if a token was decoded.
    pub fn status(&self) -> Option<SignatureStatus> {
        self.verification.as_ref().map(|v| v.status)
    }
}

/// Analyses pasted text: intake → decode → key → verify → claims → lint (see the module
/// documentation). Never panics; inputs over [`crate::MAX_INPUT_BYTES`] give a
/// [`StructureError::TooLarge`] in [`Analysis::decoded`].
pub fn analyze(input: &str, opts: &AnalyzeOptions) -> Analysis {
    analyze_with(input, opts, &AllKeys)
}

/// [`analyze`] with the key reading and signature checking of `backend` (see
/// [`crate::backend`]).
pub fn analyze_with(input: &str, opts: &AnalyzeOptions, backend: &dyn Backend) -> Analysis {
    let intake = match intake::intake(input, opts.now) {
        Ok(intake) => intake,
        Err(too_large) => {
            let mut analysis = empty(Intake {
                kind: IntakeKind::Unrecognised,
                token: None,
                token_offset: 0,
                notes: vec![sentence(&too_large.to_string())],
                found: Vec::new(),
                params: Vec::new(),
            });
            analysis.decoded = Some(Err(StructureError::TooLarge(too_large)));
            return analysis;
        }
    };
    let token = intake.token.clone();
    let mut analysis = empty(intake);
    if let Some(token) = token {
        run(&mut analysis, &token, opts, backend);
    } else {
        read_key(&mut analysis, opts, backend);
    }
    analysis
}

/// [`analyze`] for a token already taken out of its surroundings (the CLI's argument, a token
/// clicked in a flow): no trimming or prefix stripping; the intake records it as given.
pub fn analyze_token(token: &str, opts: &AnalyzeOptions) -> Analysis {
    analyze_token_with(token, opts, &AllKeys)
}

/// [`analyze_token`] with `backend` (see [`crate::backend`]).
pub fn analyze_token_with(token: &str, opts: &AnalyzeOptions, backend: &dyn Backend) -> Analysis {
    decode_stage_with(token, opts, backend).finish_with(opts, backend)
}

/// The first half of [`analyze_token`]: the key is read and the token decoded. A caller that
/// must keep each piece of work short (the page, analysing a 1 MiB paste between frames) calls
/// [`TokenStage::finish`] later for the rest; `decode_stage(t, o).finish(o)` is exactly
/// `analyze_token(t, o)`.
pub fn decode_stage(token: &str, opts: &AnalyzeOptions) -> TokenStage {
    decode_stage_with(token, opts, &AllKeys)
}

/// [`decode_stage`] with `backend` (see [`crate::backend`]); finish it with
/// [`TokenStage::finish_with`] and the same backend.
pub fn decode_stage_with(token: &str, opts: &AnalyzeOptions, backend: &dyn Backend) -> TokenStage {
    let kind = if token.is_empty() {
        IntakeKind::Empty
    } else {
        IntakeKind::Compact
    };
    let mut analysis = empty(Intake {
        kind,
        token: (!token.is_empty()).then(|| token.to_owned()),
        token_offset: 0,
        notes: Vec::new(),
        found: Vec::new(),
        params: Vec::new(),
    });
    read_key(&mut analysis, opts, backend);
    let decoded = if token.is_empty() {
        None
    } else {
        match jws::decode(token) {
            Ok(decoded) => Some(decoded),
            Err(e) => {
                analysis.decoded = Some(Err(e));
                None
            }
        }
    };
    TokenStage { analysis, decoded }
}

/// A token decoded, its key read, waiting for verification, claims checks and lints
/// ([`TokenStage::finish`]).
#[derive(Clone, Debug)]
pub struct TokenStage {
    analysis: Analysis,
    decoded: Option<DecodedToken>,
}

impl TokenStage {
    /// Verifies the signature, checks the claims and lints: the rest of [`analyze_token`].
    pub fn finish(self, opts: &AnalyzeOptions) -> Analysis {
        self.finish_with(opts, &AllKeys)
    }

    /// [`TokenStage::finish`] with `backend` (see [`crate::backend`]).
    pub fn finish_with(self, opts: &AnalyzeOptions, backend: &dyn Backend) -> Analysis {
        let TokenStage {
            mut analysis,
            decoded,
        } = self;
        if let Some(decoded) = decoded {
            complete(&mut analysis, decoded, opts, backend);
        }
        analysis
    }
}

/// An engine message as a note: capital first letter and a full stop, like intake's notes.
/// (The engine's messages start with an ASCII letter: ASCII upper-casing keeps core's Unicode
/// case tables out of the wasm.)
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    out.push('.');
    out
}

fn empty(intake: Intake) -> Analysis {
    Analysis {
        intake,
        decoded: None,
        key: None,
        key_skipped: Vec::new(),
        verification: None,
        claims: None,
        findings: Vec::new(),
    }
}

fn read_key(analysis: &mut Analysis, opts: &AnalyzeOptions, backend: &dyn Backend) {
    let Some(text) = opts.key_text.as_deref().filter(|t| !t.trim().is_empty()) else {
        return;
    };
    match backend.parse_key_report(text, opts.secret_encoding) {
        Ok(parsed) => {
            analysis.key = Some(Ok(parsed.input));
            analysis.key_skipped = parsed.skipped;
        }
        Err(e) => analysis.key = Some(Err(e)),
    }
}

fn run(analysis: &mut Analysis, token: &str, opts: &AnalyzeOptions, backend: &dyn Backend) {
    read_key(analysis, opts, backend);
    match jws::decode(token) {
        Ok(decoded) => complete(analysis, decoded, opts, backend),
        Err(e) => analysis.decoded = Some(Err(e)),
    }
}

/// Verify → claims → lint, on a decoded token whose key (if any) is already read.
fn complete(
    analysis: &mut Analysis,
    decoded: DecodedToken,
    opts: &AnalyzeOptions,
    backend: &dyn Backend,
) {
    let verification = match &analysis.key {
        Some(Err(e)) => {
            let mut v = verify::verify_token_with(&decoded, None, &opts.verify, backend);
            // Only "no key" is about the key; any other verdict comes before the key is needed.
            if v.status == SignatureStatus::NoKey {
                v.detail = format!("the key could not be read: {e}");
            }
            v
        }
        Some(Ok(key)) => verify::verify_token_with(&decoded, Some(key), &opts.verify, backend),
        None => verify::verify_token_with(&decoded, None, &opts.verify, backend),
    };

    analysis.claims = decoded.claims().map(|claims| {
        let alg = match decoded.alg {
            AlgHeader::Known(alg) => Some(alg),
            _ => None,
        };
        claims::validate(
            decoded.header_value(),
            claims,
            alg,
            &ValidationOptions {
                now: opts.now,
                leeway: opts.leeway,
            },
            &opts.expectations,
        )
    });

    analysis.findings = lint::lint(&LintInput {
        token: &decoded,
        key: analysis.key.as_ref().and_then(|k| k.as_ref().ok()),
        verification: Some(&verification),
        now: opts.now,
        leeway: opts.leeway,
        secret_encoding: opts.secret_encoding,
    });
    analysis.verification = Some(verification);
    analysis.decoded = Some(Ok(decoded));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwa::Alg;
    use crate::keys::{fixtures, Key};
    use crate::secret::Secret;
    use crate::sign::sign_token;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_700_000_000;
    const SECRET: &str = "tokenlab-analysis-test-secret-0123456789";

    fn hs256(payload: &str) -> String {
        let key = Key::Oct(Secret::new(SECRET.as_bytes().to_vec()));
        sign_token(r#"{"typ":"JWT"}"#, payload, Alg::HS256, Some(&key), false).expect("signs")
    }

    fn live() -> String {
        format!(r#"{{"sub":"u1","iat":{},"exp":{}}}"#, NOW - 60, NOW + 600)
    }

    #[test]
    fn the_two_stages_together_give_exactly_what_analyze_token_gives() {
        let opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        let bad_sig = {
            let t = hs256(&live());
            format!("{}AAAA", &t[..t.len() - 4])
        };
        for token in [
            hs256(&live()),
            bad_sig,
            "not.a.token".to_owned(),
            String::new(),
            "a.b".to_owned(),
        ] {
            let staged = decode_stage(&token, &opts).finish(&opts);
            let whole = analyze_token(&token, &opts);
            assert_eq!(format!("{staged:?}"), format!("{whole:?}"), "{token}");
        }
        // Without a key, too.
        let plain = AnalyzeOptions::at(NOW);
        let token = hs256(&live());
        assert_eq!(
            format!("{:?}", decode_stage(&token, &plain).finish(&plain)),
            format!("{:?}", analyze_token(&token, &plain))
        );
        assert_eq!(
            analyze_token(&token, &opts).status(),
            Some(SignatureStatus::Verified)
        );
    }

    #[test]
    fn bearer_header_with_its_secret_is_verified_live_and_clean() {
        let token = hs256(&live());
        let opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        let a = analyze(&format!("Authorization: Bearer {token}\n"), &opts);
        assert_eq!(a.intake.kind, IntakeKind::Compact);
        assert!(!a.intake.notes.is_empty(), "the stripping is noted");
        assert_eq!(a.status(), Some(SignatureStatus::Verified));
        let claims = a.claims.as_ref().expect("claims");
        assert!(claims.passed(), "{:?}", claims.checks);
        assert!(a.findings.is_empty(), "{:#?}", a.findings);
    }

    #[test]
    fn empty_input_gives_no_token_and_no_verdict() {
        let a = analyze("   ", &AnalyzeOptions::at(NOW));
        assert_eq!(a.intake.kind, IntakeKind::Empty);
        assert!(a.decoded.is_none() && a.verification.is_none() && a.claims.is_none());
        assert_eq!(
            format!("{:?}", analyze("", &AnalyzeOptions::at(NOW))),
            format!("{:?}", Analysis::nothing())
        );
    }

    #[test]
    fn the_key_is_read_even_without_a_token() {
        let opts = AnalyzeOptions::at(NOW).with_key(fixtures::RSA_SPKI, SecretEncoding::Utf8);
        let a = analyze("", &opts);
        assert!(a.key_input().is_some());
    }

    #[test]
    fn input_over_the_limit_is_refused_with_a_note() {
        let huge = "a".repeat(crate::MAX_INPUT_BYTES + 1);
        let a = analyze(&huge, &AnalyzeOptions::at(NOW));
        assert!(matches!(&a.decoded, Some(Err(StructureError::TooLarge(_)))));
        assert!(
            a.intake.notes[0].starts_with("The input is"),
            "{:?}",
            a.intake.notes
        );
    }

    #[test]
    fn wrong_part_count_is_a_structure_error() {
        let a = analyze("abc.def", &AnalyzeOptions::at(NOW));
        let Some(Err(e)) = &a.decoded else {
            panic!("expected a structure error, got {:?}", a.decoded);
        };
        assert_eq!(e.code(), "part_count");
        assert!(a.verification.is_none());
    }

    #[test]
    fn an_unreadable_key_is_reported_and_the_token_is_still_shown() {
        let token = hs256(&live());
        let opts = AnalyzeOptions::at(NOW).with_key("{\"kty\":", SecretEncoding::Utf8);
        let a = analyze(&token, &opts);
        assert!(matches!(a.key, Some(Err(_))));
        let v = a.verification.as_ref().expect("verification");
        assert_eq!(v.status, SignatureStatus::NoKey);
        assert!(
            v.detail.starts_with("the key could not be read"),
            "{}",
            v.detail
        );
        assert!(a.claims.is_some());
    }

    #[test]
    fn expectations_and_leeway_reach_the_claims_check() {
        let token = hs256(&format!(
            r#"{{"iss":"https://a.example","exp":{}}}"#,
            NOW - 10
        ));
        let mut opts = AnalyzeOptions::at(NOW);
        opts.expectations.iss = Some("https://b.example".into());
        let a = analyze(&token, &opts);
        let claims = a.claims.as_ref().expect("claims");
        assert!(claims.find("iss_mismatch").is_some(), "{:?}", claims.checks);
        assert!(claims.find("expired").is_some());
        assert!(a.findings.iter().any(|f| f.code == "expired"));
        opts.leeway = 60;
        let a = analyze(&token, &opts);
        assert!(a.claims.as_ref().and_then(|c| c.find("expired")).is_none());
        assert!(!a.findings.iter().any(|f| f.code == "expired"));
    }

    #[test]
    fn allowlist_reaches_the_verifier() {
        let token = hs256(&live());
        let mut opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        opts.verify.allowed_algs = Some(vec![Alg::RS256]);
        assert_eq!(
            analyze(&token, &opts).status(),
            Some(SignatureStatus::Unsupported)
        );
    }

    #[test]
    fn token_response_opens_its_access_token() {
        let token = hs256(&live());
        let response =
            format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#);
        let opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        let a = analyze(&response, &opts);
        assert_eq!(a.intake.kind, IntakeKind::TokenResponse);
        assert_eq!(a.status(), Some(SignatureStatus::Verified));
    }

    #[test]
    fn analyze_token_takes_the_token_as_given() {
        let token = hs256(&live());
        let opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        let a = analyze_token(&token, &opts);
        assert_eq!(a.intake.kind, IntakeKind::Compact);
        assert_eq!(a.intake.token.as_deref(), Some(token.as_str()));
        assert_eq!(a.status(), Some(SignatureStatus::Verified));
        // No trimming: a quoted token is not a token.
        let a = analyze_token(&format!("\"{token}\""), &opts);
        assert_ne!(a.status(), Some(SignatureStatus::Verified));
        assert_eq!(analyze_token("", &opts).intake.kind, IntakeKind::Empty);
    }

    #[test]
    fn jwks_skipped_members_are_kept() {
        let jwks = format!(
            r#"{{"keys":[{{"kty":"RSA","kid":"broken"}},{}]}}"#,
            crate::jwk::to_jwk(&fixtures::key(fixtures::RSA_SPKI), false)
        );
        let opts = AnalyzeOptions::at(NOW).with_key(jwks, SecretEncoding::Utf8);
        let a = analyze("", &opts);
        assert_eq!(a.key_skipped.len(), 1);
        assert_eq!(a.key_skipped[0].kid.as_deref(), Some("broken"));
    }

    #[test]
    fn a_four_kilobyte_token_is_analysed_whole() {
        // The size the performance bar is measured on (PRODUCT.md: ≤ 4 ms per edit in the page).
        let filler = "x".repeat(3000);
        let token = hs256(&format!(
            r#"{{"sub":"u1","exp":{},"data":"{filler}"}}"#,
            NOW + 600
        ));
        assert!(token.len() > 4000, "{}", token.len());
        let opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        let a = analyze(&token, &opts);
        assert_eq!(a.status(), Some(SignatureStatus::Verified));
    }

    /// Performance sanity, not a test: prints how long `analyze` takes on a 4 KB HS256 token
    /// with its key (parse the key, decode, verify, claims, lint). Nothing is asserted. Run it
    /// natively in release:
    /// `cargo test --release -p tokenlab-engine --lib analysis::tests::perf -- --ignored --nocapture`
    #[test]
    #[ignore = "prints timings; run by hand in release"]
    #[cfg(not(target_arch = "wasm32"))]
    fn perf_analyze_4k_hs256() {
        let filler = "x".repeat(3000);
        let token = hs256(&format!(
            r#"{{"sub":"u1","iss":"https://a.example","exp":{},"data":"{filler}"}}"#,
            NOW + 600
        ));
        let opts = AnalyzeOptions::at(NOW).with_key(SECRET, SecretEncoding::Utf8);
        let runs = 2000u32;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(analyze(std::hint::black_box(&token), &opts));
        }
        let per = start.elapsed() / runs;
        println!(
            "analyze of a {}-byte HS256 token: {per:?} per call",
            token.len()
        );
    }
}
