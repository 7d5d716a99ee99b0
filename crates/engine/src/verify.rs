//! Verifying a decoded token's signature: one [`Verification`] with one [`SignatureStatus`] and a
//! sentence saying why.
//!
//! The order is fixed (STYLE.md, "Verification order"; jsonwebtoken's `verify_signature_body`):
//!
//! 1. the token's form and header: a JWE is [`SignatureStatus::Unsupported`]; a header without a
//!    usable `alg` is [`SignatureStatus::Malformed`]; an unknown `alg` is `Unsupported`;
//!    `alg: "none"` is [`SignatureStatus::Unsigned`] (never `Verified`, whatever key is given);
//! 2. the algorithm allowlist ([`VerifyOptions::allowed_algs`]);
//! 3. header parameters that change how the token must be processed: `"b64": false`
//!    (RFC 7797) and any `crit` Tokenlab does not implement (RFC 7515 §4.1.11) are rejected;
//! 4. the signature and payload segments must be base64url;
//! 5. the key: picked from the given key or JWKS by `kid` and `alg` ([`KeyInput::select`]);
//!    the token's own header is never a source of key material (`jwk`, `jku`, `x5u`, `x5c` are
//!    ignored here and reported by the lints);
//! 6. the key family must fit the algorithm ([`crate::keys::Key::check_fits`]: algorithm
//!    confusion is [`SignatureStatus::KeyMismatch`]), and a JWK's own `alg` / `use` must allow it;
//! 7. the cryptography ([`crate::jwa::verify`]).
//!
//! Claims (`exp`, `aud`, …) are not looked at here: that is [`crate::claims`].
//!
//! [`Verification::detail`] is one sentence in the engine's message style: lower-case first
//! letter, no final full stop (like every error message in the engine), so it can follow a label
//! ("Invalid signature — the signature does not verify with …").

use serde::Serialize;
use serde_json::Value;

use crate::backend::{AllKeys, Backend};
use crate::jwa::{Alg, VerifyError};
use crate::jws::{AlgHeader, DecodedToken, SegmentKind, TokenForm};
use crate::keys::{KeyEntry, KeyInput, Selection};

/// The outcome of a signature check, as the UI shows it (product row C3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// The signature verifies with the given key.
    Verified,
    /// The signature is well-formed but does not verify.
    InvalidSignature,
    /// The key cannot be used with the token's algorithm (algorithm confusion is one case).
    KeyMismatch,
    /// The token uses something Tokenlab does not verify (JWE, an unknown `alg`, an `alg` outside
    /// the allowlist, `b64: false`, an unimplemented `crit` extension).
    Unsupported,
    /// `alg: "none"`: there is no signature, and such a token is never verified.
    Unsigned,
    /// The signature (or the header's `alg`, or a segment the signature covers) cannot be read.
    Malformed,
    /// No key was given, or none in the given JWKS is the token's.
    NoKey,
}

impl SignatureStatus {
    /// Every status, in declaration order.
    pub const ALL: [SignatureStatus; 7] = [
        SignatureStatus::Verified,
        SignatureStatus::InvalidSignature,
        SignatureStatus::KeyMismatch,
        SignatureStatus::Unsupported,
        SignatureStatus::Unsigned,
        SignatureStatus::Malformed,
        SignatureStatus::NoKey,
    ];

    /// Stable snake_case code: `verified`, `invalid_signature`, `key_mismatch`, `unsupported`,
    /// `unsigned`, `malformed`, `no_key` (also the serde name).
    pub fn code(self) -> &'static str {
        match self {
            SignatureStatus::Verified => "verified",
            SignatureStatus::InvalidSignature => "invalid_signature",
            SignatureStatus::KeyMismatch => "key_mismatch",
            SignatureStatus::Unsupported => "unsupported",
            SignatureStatus::Unsigned => "unsigned",
            SignatureStatus::Malformed => "malformed",
            SignatureStatus::NoKey => "no_key",
        }
    }

    /// The label the UI shows: `"Verified"`, `"Invalid signature"`, `"Key does not fit alg"`,
    /// `"Unsupported"`, `"Unsigned"`, `"Malformed signature"`, `"No key"`.
    pub fn label(self) -> &'static str {
        match self {
            SignatureStatus::Verified => "Verified",
            SignatureStatus::InvalidSignature => "Invalid signature",
            SignatureStatus::KeyMismatch => "Key does not fit alg",
            SignatureStatus::Unsupported => "Unsupported",
            SignatureStatus::Unsigned => "Unsigned",
            SignatureStatus::Malformed => "Malformed signature",
            SignatureStatus::NoKey => "No key",
        }
    }

    /// True only for [`SignatureStatus::Verified`].
    pub fn is_verified(self) -> bool {
        self == SignatureStatus::Verified
    }
}

impl std::fmt::Display for SignatureStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The result of [`verify_token`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The outcome.
    pub status: SignatureStatus,
    /// One sentence saying why (lower-case first letter, no final full stop).
    pub detail: String,
    /// The key the outcome is about, as [`KeyEntry::label`] describes it
    /// (`RSA 2048-bit public key (kid "abc")`), when one was picked.
    pub key_used: Option<String>,
    /// When a JWKS held several keys that could be the token's, every one of them (labels), so
    /// the UI can list them; empty otherwise.
    pub candidates: Vec<String>,
}

impl Verification {
    fn new(status: SignatureStatus, detail: impl Into<String>) -> Verification {
        Verification {
            status,
            detail: detail.into(),
            key_used: None,
            candidates: Vec::new(),
        }
    }

    fn with_key(mut self, entry: &KeyEntry) -> Verification {
        self.key_used = Some(entry.label());
        self
    }

    /// True only when the signature verified.
    pub fn is_verified(&self) -> bool {
        self.status.is_verified()
    }
}

/// How strictly to verify. `VerifyOptions::default()` allows every algorithm Tokenlab verifies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// When set, the token's `alg` must be one of these (the CLI's `--alg`), else the token is
    /// [`SignatureStatus::Unsupported`]. Default: `None` (every algorithm but `none`).
    pub allowed_algs: Option<Vec<Alg>>,
}

/// JOSE header parameters registered for JWS by RFC 7515 §4.1 and RFC 7518. RFC 7515 §4.1.11
/// forbids listing them in `crit`.
const REGISTERED_JWS_PARAMS: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

/// Extensions Tokenlab understands when listed in `crit`: only `b64` (RFC 7797), and only with
/// the value `true` (a normal base64url payload); `"b64": false` is rejected separately.
const UNDERSTOOD_CRIT: [&str; 1] = ["b64"];

/// What is wrong with a header's `crit` (RFC 7515 §4.1.11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CritProblem {
    /// `crit` breaks the rules of RFC 7515 §4.1.11 (the reason continues "crit is malformed: …").
    Malformed(String),
    /// `crit` names extensions Tokenlab does not implement.
    Unknown(Vec<String>),
}

impl CritProblem {
    /// A sentence naming the problem.
    pub(crate) fn sentence(&self) -> String {
        match self {
            CritProblem::Malformed(why) => format!(
                "the header's \"crit\" is malformed ({why}), so the token must be rejected \
                 (RFC 7515 §4.1.11)"
            ),
            CritProblem::Unknown(names) => format!(
                "the header marks {} as critical (\"crit\"); Tokenlab implements no such JWS \
                 extension, so the token must be rejected (RFC 7515 §4.1.11)",
                quote_join(names)
            ),
        }
    }
}

/// Checks a header's `crit`: absent is fine; otherwise it must be a non-empty array of distinct
/// strings, none of them a registered JWS parameter, each present in the header, and each an
/// extension Tokenlab understands (only `b64`).
pub(crate) fn check_crit(header: &Value) -> Result<(), CritProblem> {
    let Some(crit) = header.get("crit") else {
        return Ok(());
    };
    let Value::Array(items) = crit else {
        return Err(CritProblem::Malformed(
            "it must be an array of strings".into(),
        ));
    };
    if items.is_empty() {
        return Err(CritProblem::Malformed("it is an empty array".into()));
    }
    let mut names: Vec<&str> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(name) = item else {
            return Err(CritProblem::Malformed(
                "it must hold only strings".to_string(),
            ));
        };
        if names.contains(&name.as_str()) {
            return Err(CritProblem::Malformed(format!("it lists \"{name}\" twice")));
        }
        if REGISTERED_JWS_PARAMS.contains(&name.as_str()) {
            return Err(CritProblem::Malformed(format!(
                "it lists \"{name}\", a parameter of RFC 7515 itself, which must never be listed"
            )));
        }
        if header.get(name).is_none() {
            return Err(CritProblem::Malformed(format!(
                "it lists \"{name}\", which is not in the header"
            )));
        }
        names.push(name);
    }
    let unknown: Vec<String> = names
        .iter()
        .filter(|n| !UNDERSTOOD_CRIT.contains(n))
        .map(|n| (*n).to_string())
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(CritProblem::Unknown(unknown))
    }
}

/// `"a"`, `"a" and "b"`, `"a", "b" and "c"`.
pub(crate) fn quote_join(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The header's `b64` when it is not the default: `Some(Err(()))` for a non-boolean,
/// `Some(Ok(false))` for `false`; `None` when absent or `true`.
fn unencoded_payload(header: &Value) -> Option<Result<bool, ()>> {
    match header.get("b64")? {
        Value::Bool(true) => None,
        Value::Bool(false) => Some(Ok(false)),
        _ => Some(Err(())),
    }
}

/// The sentence for an `alg` that is not one of [`Alg`]'s names, with a hint when it differs
/// from one only by case (`"None"`, `"hs256"`: a classic way around case-sensitive deny-lists).
pub(crate) fn unknown_alg_sentence(name: &str) -> String {
    let near = Alg::ALL
        .into_iter()
        .find(|a| a.name().eq_ignore_ascii_case(name));
    match near {
        Some(Alg::None) => format!(
            "the algorithm \"{name}\" is not \"none\" (algorithm names are case-sensitive); \
             it is not a JWS algorithm, so nothing can verify it"
        ),
        Some(a) => format!(
            "the algorithm \"{name}\" is not supported (algorithm names are case-sensitive: \
             did you mean \"{a}\"?)"
        ),
        None => format!(
            "the algorithm \"{name}\" is not supported; Tokenlab verifies HS256, HS384, HS512, \
             RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 and EdDSA"
        ),
    }
}

/// Verifies a decoded token's signature with `key` (one key or a JWKS), in the order given in
/// the module documentation.
///
/// A header without `alg` (or with a non-string `alg`, or no readable header at all) is
/// [`SignatureStatus::Malformed`]: there is no algorithm, so there is nothing a key could be
/// checked against. Nothing is taken from the token's header to verify it except `alg` and `kid`.
pub fn verify_token(
    token: &DecodedToken,
    key: Option<&KeyInput>,
    opts: &VerifyOptions,
) -> Verification {
    verify_token_with(token, key, opts, &AllKeys)
}

/// [`verify_token`] with the cryptography of `backend` (see [`crate::backend`]).
pub fn verify_token_with(
    token: &DecodedToken,
    key: Option<&KeyInput>,
    opts: &VerifyOptions,
    backend: &dyn Backend,
) -> Verification {
    use SignatureStatus as S;

    if token.form == TokenForm::Jwe {
        return Verification::new(
            S::Unsupported,
            "JWE decryption is not supported; the protected header is shown",
        );
    }
    let (alg, header) = match (&token.alg, token.header_value()) {
        (_, None) => {
            return Verification::new(
                S::Malformed,
                "the header could not be read, so there is no algorithm to verify with",
            )
        }
        (_, Some(h)) if !h.is_object() => {
            return Verification::new(
                S::Malformed,
                "the header is not a JSON object, so there is no algorithm to verify with",
            )
        }
        (AlgHeader::Missing, _) => {
            return Verification::new(
                S::Malformed,
                "the header has no \"alg\" (RFC 7515 §4.1.1 requires one), so there is no \
                 algorithm to verify with",
            )
        }
        (AlgHeader::NotAString, _) => {
            return Verification::new(
                S::Malformed,
                "the header's \"alg\" is not a string, so there is no algorithm to verify with",
            )
        }
        (AlgHeader::Unknown(name), _) => {
            return Verification::new(S::Unsupported, unknown_alg_sentence(name))
        }
        (AlgHeader::Known(Alg::None), _) => {
            return Verification::new(
                S::Unsigned,
                "the token is unsigned (alg \"none\"); an unsecured token is never verified",
            )
        }
        (AlgHeader::Known(alg), Some(h)) => (*alg, h),
    };

    if let Some(allowed) = &opts.allowed_algs {
        if !allowed.contains(&alg) {
            let list: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
            let list = if list.is_empty() {
                "it is empty".to_string()
            } else {
                list.join(", ")
            };
            return Verification::new(
                S::Unsupported,
                format!("the token's alg {alg} is not in the allowed list ({list})"),
            );
        }
    }

    match unencoded_payload(header) {
        Some(Ok(_)) => {
            return Verification::new(
                S::Unsupported,
                "the header sets \"b64\": false (RFC 7797), so the payload is not \
                 base64url-encoded; Tokenlab does not verify such tokens and rejects them",
            )
        }
        Some(Err(())) => {
            return Verification::new(
                S::Unsupported,
                "the header's \"b64\" is not a boolean (RFC 7797 §3 requires true or false), \
                 so the token is rejected",
            )
        }
        None => {}
    }
    if let Err(problem) = check_crit(header) {
        return Verification::new(S::Unsupported, problem.sentence());
    }

    for kind in [SegmentKind::Payload, SegmentKind::Signature] {
        if let Some(e) = token
            .errors
            .iter()
            .find(|e| e.segment == kind && e.code() == "invalid_base64url")
        {
            return Verification::new(S::Malformed, e.message.clone());
        }
    }
    let Some(signature) = token.signature.as_deref() else {
        return Verification::new(S::Malformed, "the signature could not be decoded");
    };

    let Some(key) = key else {
        return Verification::new(
            S::NoKey,
            "no key was given; paste the secret or the public key that should verify this token",
        );
    };

    let input = token.signing_input().as_bytes();
    match key.select(token.kid(), alg) {
        Selection::NoMatch { why } => Verification::new(S::NoKey, why),
        Selection::Chosen { entry, why } => {
            verify_with(backend, alg, entry, input, signature, &why).with_key(entry)
        }
        Selection::Ambiguous { candidates } => {
            verify_ambiguous(backend, alg, &candidates, token.kid(), input, signature)
        }
    }
}

/// Verifies with one chosen entry; `why` says why it was chosen.
fn verify_with(
    backend: &dyn Backend,
    alg: Alg,
    entry: &KeyEntry,
    input: &[u8],
    signature: &[u8],
    why: &str,
) -> Verification {
    use SignatureStatus as S;
    if let Err(mismatch) = entry.key.check_fits(alg) {
        return Verification::new(S::KeyMismatch, mismatch.to_string());
    }
    if let Some(key_alg) = entry.alg.as_deref() {
        if key_alg != alg.name() {
            return Verification::new(
                S::KeyMismatch,
                format!(
                    "the key is meant for {key_alg} (its JWK \"alg\"), but the token uses {alg}"
                ),
            );
        }
    }
    if let Some(use_) = entry.use_.as_deref() {
        if use_ != "sig" {
            return Verification::new(
                S::KeyMismatch,
                format!(
                    "the key is meant for \"{use_}\" (its JWK \"use\"), not for signatures (\"sig\")"
                ),
            );
        }
    }
    match backend.verify(alg, &entry.key, input, signature) {
        Ok(()) => Verification::new(
            S::Verified,
            format!(
                "the {alg} signature verifies with the {} ({why})",
                entry.key.description()
            ),
        ),
        Err(e) => Verification::new(status_of(&e), verify_error_sentence(&e, entry)),
    }
}

fn status_of(e: &VerifyError) -> SignatureStatus {
    match e {
        VerifyError::KeyMismatch(_) => SignatureStatus::KeyMismatch,
        VerifyError::InvalidSignature => SignatureStatus::InvalidSignature,
        VerifyError::MalformedSignature { .. } => SignatureStatus::Malformed,
        VerifyError::Unsigned => SignatureStatus::Unsigned,
    }
}

fn verify_error_sentence(e: &VerifyError, entry: &KeyEntry) -> String {
    match e {
        // One plain sentence: nothing about why the cryptography failed (STYLE.md, Errors).
        VerifyError::InvalidSignature => format!(
            "the signature does not verify with the {}",
            entry.key.description()
        ),
        other => other.to_string(),
    }
}

/// Several keys of a JWKS could be the token's: try each.
///
/// Exactly one verifying is `Verified` naming it. Several verifying (the same key listed twice)
/// is also `Verified`, naming the first and saying so. None verifying is `InvalidSignature`, or
/// `Malformed` when the signature's form is wrong for every candidate.
fn verify_ambiguous(
    backend: &dyn Backend,
    alg: Alg,
    candidates: &[&KeyEntry],
    kid: Option<&str>,
    input: &[u8],
    signature: &[u8],
) -> Verification {
    use SignatureStatus as S;
    let labels: Vec<String> = candidates.iter().map(|e| e.label()).collect();
    let why_several = match kid {
        Some(kid) => format!(
            "{} keys in the set have kid \"{kid}\" and fit {alg}",
            labels.len()
        ),
        None => format!(
            "the token has no kid and {} keys in the set fit {alg}",
            labels.len()
        ),
    };
    let mut verified: Vec<&KeyEntry> = Vec::new();
    let mut malformed: Option<VerifyError> = None;
    let mut all_malformed = true;
    for entry in candidates {
        match backend.verify(alg, &entry.key, input, signature) {
            Ok(()) => {
                verified.push(entry);
                all_malformed = false;
            }
            Err(e @ VerifyError::MalformedSignature { .. }) => {
                malformed.get_or_insert(e);
            }
            Err(_) => all_malformed = false,
        }
    }
    let mut out = match verified.as_slice() {
        [only] => Verification::new(
            S::Verified,
            format!("{why_several}; only the {} verifies", only.label()),
        )
        .with_key(only),
        [first, rest @ ..] if !rest.is_empty() => Verification::new(
            S::Verified,
            format!(
                "{why_several}; {} of them verify (the same key appears more than once), the \
                 first being the {}",
                verified.len(),
                first.label()
            ),
        )
        .with_key(first),
        _ => match malformed {
            Some(e) if all_malformed => Verification::new(S::Malformed, e.to_string()),
            _ => Verification::new(
                S::InvalidSignature,
                format!("{why_several}; the signature verifies with none of them"),
            ),
        },
    };
    out.candidates = labels;
    out
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    use crate::b64;
    use crate::jwa;
    use crate::jws::decode;
    use crate::keys::fixtures;
    use crate::keys::{parse_key, Key, KeySource};
    use crate::secret::{Secret, SecretEncoding};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const SECRET: &str = "a-string-secret-at-least-256-bits-long";

    /// A token with this exact header text, payload and a real signature by `key`.
    fn signed(header: &str, payload: &str, alg: Alg, key: &Key) -> String {
        let input = format!(
            "{}.{}",
            b64::encode(header.as_bytes()),
            b64::encode(payload.as_bytes())
        );
        let sig = jwa::sign(alg, key, input.as_bytes()).expect("fixture signs");
        format!("{input}.{}", b64::encode(&sig))
    }

    fn hs_key() -> Key {
        Key::Oct(Secret::new(SECRET.as_bytes().to_vec()))
    }

    fn key_input(text: &str) -> KeyInput {
        parse_key(text, SecretEncoding::Utf8).expect("key parses")
    }

    fn check(token: &str, key: Option<&KeyInput>) -> Verification {
        verify_token(
            &decode(token).expect("decodes"),
            key,
            &VerifyOptions::default(),
        )
    }

    #[test]
    fn codes_and_labels_are_the_documented_ones() {
        let expected = [
            ("verified", "Verified"),
            ("invalid_signature", "Invalid signature"),
            ("key_mismatch", "Key does not fit alg"),
            ("unsupported", "Unsupported"),
            ("unsigned", "Unsigned"),
            ("malformed", "Malformed signature"),
            ("no_key", "No key"),
        ];
        for (i, (status, (code, label))) in SignatureStatus::ALL.iter().zip(expected).enumerate() {
            assert_eq!(status.code(), code, "case {i}");
            assert_eq!(status.label(), label, "case {i}");
            assert_eq!(
                serde_json::to_value(status).expect("serialises"),
                Value::String(code.into()),
                "case {i}: serde name equals code"
            );
        }
    }

    #[test]
    fn hs256_token_verifies_with_its_secret_and_names_the_key() {
        let token = signed(
            r#"{"alg":"HS256"}"#,
            r#"{"sub":"a"}"#,
            Alg::HS256,
            &hs_key(),
        );
        let v = check(&token, Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Verified, "{}", v.detail);
        assert_eq!(v.key_used.as_deref(), Some("HMAC secret, 304 bits"));
        assert!(v.detail.contains("the only key given"), "{}", v.detail);
    }

    #[test]
    fn wrong_secret_is_a_plain_invalid_signature() {
        let token = signed(
            r#"{"alg":"HS256"}"#,
            r#"{"sub":"a"}"#,
            Alg::HS256,
            &hs_key(),
        );
        let v = check(
            &token,
            Some(&key_input("another-secret-that-is-long-enough!!")),
        );
        assert_eq!(v.status, SignatureStatus::InvalidSignature);
        assert_eq!(
            v.detail,
            "the signature does not verify with the HMAC secret, 288 bits"
        );
    }

    #[test]
    fn every_signing_algorithm_verifies_with_the_public_half_of_its_fixture() {
        let cases = [
            (Alg::RS256, fixtures::RSA_PKCS8, fixtures::RSA_SPKI),
            (Alg::PS384, fixtures::RSA_PKCS1, fixtures::RSA_CERT),
            (Alg::ES256, fixtures::P256_SEC1, fixtures::P256_SPKI),
            (Alg::ES384, fixtures::P384_PKCS8, fixtures::P384_PKCS8),
            (Alg::ES512, fixtures::P521_PKCS8, fixtures::P521_CERT),
            (Alg::EdDSA, fixtures::ED25519_PKCS8, fixtures::ED25519_SPKI),
        ];
        for (i, (alg, private, public)) in cases.into_iter().enumerate() {
            let header = format!(r#"{{"alg":"{alg}"}}"#);
            let token = signed(&header, "{}", alg, &fixtures::key(private));
            let v = check(&token, Some(&key_input(public)));
            assert_eq!(
                v.status,
                SignatureStatus::Verified,
                "case {i} {alg}: {}",
                v.detail
            );
        }
    }

    #[test]
    fn jwe_is_unsupported_and_says_the_header_is_shown() {
        let token = format!(
            "{}.a.b.c.d",
            b64::encode(br#"{"alg":"dir","enc":"A256GCM"}"#)
        );
        let v = check(&token, Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Unsupported);
        assert_eq!(
            v.detail,
            "JWE decryption is not supported; the protected header is shown"
        );
    }

    #[test]
    fn alg_none_is_unsigned_even_with_a_key_and_an_empty_signature() {
        let token = format!(
            "{}.{}.",
            b64::encode(br#"{"alg":"none"}"#),
            b64::encode(br#"{"sub":"a"}"#)
        );
        for key in [None, Some(key_input(SECRET))] {
            let v = check(&token, key.as_ref());
            assert_eq!(v.status, SignatureStatus::Unsigned);
        }
        let opts = VerifyOptions {
            allowed_algs: Some(vec![Alg::None]),
        };
        let v = verify_token(&decode(&token).expect("decodes"), None, &opts);
        assert_eq!(
            v.status,
            SignatureStatus::Unsigned,
            "allowing none never verifies"
        );
    }

    #[test]
    fn missing_alg_and_unreadable_headers_are_malformed() {
        let cases = [
            (b64::encode(br#"{"typ":"JWT"}"#), "no \"alg\""),
            (b64::encode(br#"{"alg":256}"#), "not a string"),
            (b64::encode(br#"["alg"]"#), "not a JSON object"),
            ("e30!".to_string(), "could not be read"),
        ];
        for (i, (header, words)) in cases.iter().enumerate() {
            let token = format!("{header}.e30.AAAA");
            let v = check(&token, Some(&key_input(SECRET)));
            assert_eq!(v.status, SignatureStatus::Malformed, "case {i}");
            assert!(v.detail.contains(words), "case {i}: {}", v.detail);
        }
    }

    #[test]
    fn unknown_alg_is_unsupported_with_a_case_hint() {
        let cases = [
            ("HS1024", "is not supported; Tokenlab verifies"),
            ("hs256", "did you mean \"HS256\""),
            ("None", "is not \"none\""),
        ];
        for (i, (alg, words)) in cases.into_iter().enumerate() {
            let token = format!(
                "{}.e30.AAAA",
                b64::encode(format!(r#"{{"alg":"{alg}"}}"#).as_bytes())
            );
            let v = check(&token, Some(&key_input(SECRET)));
            assert_eq!(v.status, SignatureStatus::Unsupported, "case {i}");
            assert!(v.detail.contains(words), "case {i}: {}", v.detail);
        }
    }

    #[test]
    fn alg_outside_the_allowlist_is_unsupported_before_any_key_is_looked_at() {
        let token = signed(r#"{"alg":"HS256"}"#, "{}", Alg::HS256, &hs_key());
        let opts = VerifyOptions {
            allowed_algs: Some(vec![Alg::RS256, Alg::ES256]),
        };
        let v = verify_token(&decode(&token).expect("decodes"), None, &opts);
        assert_eq!(v.status, SignatureStatus::Unsupported);
        assert_eq!(
            v.detail,
            "the token's alg HS256 is not in the allowed list (RS256, ES256)"
        );
        let opts = VerifyOptions {
            allowed_algs: Some(vec![Alg::HS256]),
        };
        let v = verify_token(
            &decode(&token).expect("decodes"),
            Some(&key_input(SECRET)),
            &opts,
        );
        assert_eq!(v.status, SignatureStatus::Verified);
    }

    #[test]
    fn b64_false_is_rejected_even_with_a_valid_signature() {
        let header = r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#;
        let input = format!("{}.payload", b64::encode(header.as_bytes()));
        let sig = jwa::sign(Alg::HS256, &hs_key(), input.as_bytes()).expect("signs");
        let token = format!("{input}.{}", b64::encode(&sig));
        let v = check(&token, Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Unsupported);
        assert!(v.detail.contains("RFC 7797"), "{}", v.detail);
    }

    #[test]
    fn crit_with_b64_true_is_understood_and_verifies() {
        let token = signed(
            r#"{"alg":"HS256","b64":true,"crit":["b64"]}"#,
            "{}",
            Alg::HS256,
            &hs_key(),
        );
        let v = check(&token, Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Verified, "{}", v.detail);
    }

    #[test]
    fn unknown_or_malformed_crit_is_rejected_even_with_a_valid_signature() {
        let cases = [
            (
                r#"{"alg":"HS256","exp":1,"crit":["exp"]}"#,
                "marks \"exp\" as critical",
            ),
            (r#"{"alg":"HS256","crit":"exp"}"#, "must be an array"),
            (r#"{"alg":"HS256","crit":[]}"#, "empty array"),
            (r#"{"alg":"HS256","crit":[1]}"#, "only strings"),
            (r#"{"alg":"HS256","crit":["alg"]}"#, "parameter of RFC 7515"),
            (r#"{"alg":"HS256","crit":["x"]}"#, "not in the header"),
            (r#"{"alg":"HS256","x":1,"crit":["x","x"]}"#, "twice"),
        ];
        for (i, (header, words)) in cases.into_iter().enumerate() {
            let token = signed(header, "{}", Alg::HS256, &hs_key());
            let v = check(&token, Some(&key_input(SECRET)));
            assert_eq!(v.status, SignatureStatus::Unsupported, "case {i}");
            assert!(v.detail.contains(words), "case {i}: {}", v.detail);
            assert!(v.detail.contains("RFC 7515 §4.1.11"), "case {i}");
        }
    }

    #[test]
    fn undecodable_signature_or_payload_is_malformed() {
        let token = signed(r#"{"alg":"HS256"}"#, "{}", Alg::HS256, &hs_key());
        let broken_sig = format!("{token}!");
        let v = check(&broken_sig, Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Malformed);
        assert!(
            v.detail.contains("signature is not valid base64url"),
            "{}",
            v.detail
        );

        let mut parts: Vec<&str> = token.split('.').collect();
        parts[1] = "e30+";
        let v = check(&parts.join("."), Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Malformed);
        assert!(
            v.detail.contains("payload is not valid base64url"),
            "{}",
            v.detail
        );
    }

    #[test]
    fn wrong_length_signature_is_malformed() {
        let token = signed(r#"{"alg":"HS256"}"#, "{}", Alg::HS256, &hs_key());
        let cut = token.get(..token.len() - 4).expect("long enough");
        let v = check(cut, Some(&key_input(SECRET)));
        assert_eq!(v.status, SignatureStatus::Malformed, "{}", v.detail);
    }

    #[test]
    fn no_key_is_reported_as_such() {
        let token = signed(r#"{"alg":"HS256"}"#, "{}", Alg::HS256, &hs_key());
        let v = check(&token, None);
        assert_eq!(v.status, SignatureStatus::NoKey);
        assert!(v.detail.starts_with("no key was given"));
    }

    #[test]
    fn rsa_public_key_for_hs256_is_algorithm_confusion() {
        // The classic attack: HMAC over the token with the server's public key PEM as secret.
        let pem_secret = Key::Oct(Secret::new(fixtures::RSA_SPKI.as_bytes().to_vec()));
        let token = signed(
            r#"{"alg":"HS256"}"#,
            r#"{"admin":true}"#,
            Alg::HS256,
            &pem_secret,
        );
        let v = check(&token, Some(&key_input(fixtures::RSA_SPKI)));
        assert_eq!(v.status, SignatureStatus::KeyMismatch);
        assert!(v.detail.contains("algorithm-confusion"), "{}", v.detail);
        assert_eq!(v.key_used.as_deref(), Some("RSA 2048-bit public key"));
    }

    #[test]
    fn ec_key_of_the_wrong_curve_does_not_fit() {
        let token = signed(
            r#"{"alg":"ES384"}"#,
            "{}",
            Alg::ES384,
            &fixtures::key(fixtures::P384_PKCS8),
        );
        let v = check(&token, Some(&key_input(fixtures::P256_SPKI)));
        assert_eq!(v.status, SignatureStatus::KeyMismatch);
        assert!(v.detail.contains("P-384"), "{}", v.detail);
    }

    fn jwks(entries: &[(&Key, Option<&str>, Option<&str>)]) -> String {
        let keys: Vec<Value> = entries
            .iter()
            .map(|(key, kid, alg)| {
                let mut v = crate::jwk::to_jwk(key, false);
                if let Some(obj) = v.as_object_mut() {
                    if let Some(kid) = kid {
                        obj.insert("kid".into(), Value::String((*kid).into()));
                    }
                    if let Some(alg) = alg {
                        obj.insert("alg".into(), Value::String((*alg).into()));
                    }
                }
                v
            })
            .collect();
        crate::jwk::jwks(&keys).to_string()
    }

    #[test]
    fn jwks_key_is_picked_by_kid() {
        let rsa = fixtures::key(fixtures::RSA_PKCS8);
        let ec = fixtures::key(fixtures::P256_SEC1);
        let set = key_input(&jwks(&[(&rsa, Some("r1"), None), (&ec, Some("e1"), None)]));
        let token = signed(r#"{"alg":"ES256","kid":"e1"}"#, "{}", Alg::ES256, &ec);
        let v = check(&token, Some(&set));
        assert_eq!(v.status, SignatureStatus::Verified, "{}", v.detail);
        assert_eq!(
            v.key_used.as_deref(),
            Some("EC P-256 public key (kid \"e1\")")
        );
        assert!(v.detail.contains("kid \"e1\" matched"), "{}", v.detail);
        assert!(v.candidates.is_empty());
    }

    #[test]
    fn jwks_without_the_tokens_kid_is_no_key_naming_the_kids() {
        let rsa = fixtures::key(fixtures::RSA_PKCS8);
        let set = key_input(&jwks(&[(&rsa, Some("r1"), None)]));
        let token = signed(r#"{"alg":"RS256","kid":"zz"}"#, "{}", Alg::RS256, &rsa);
        let v = check(&token, Some(&set));
        assert_eq!(v.status, SignatureStatus::NoKey);
        assert!(v.detail.contains("\"r1\""), "{}", v.detail);
    }

    #[test]
    fn ambiguous_jwks_tries_every_candidate_and_names_the_one_that_verifies() {
        let a = fixtures::key(fixtures::RSA_PKCS8);
        let b = fixtures::key(fixtures::RSA1024_PKCS8);
        let set = key_input(&jwks(&[(&b, Some("old"), None), (&a, Some("new"), None)]));
        let token = signed(r#"{"alg":"RS256"}"#, "{}", Alg::RS256, &a);
        let v = check(&token, Some(&set));
        assert_eq!(v.status, SignatureStatus::Verified, "{}", v.detail);
        assert_eq!(
            v.key_used.as_deref(),
            Some("RSA 2048-bit public key (kid \"new\")")
        );
        assert_eq!(v.candidates.len(), 2);

        let other = signed(
            r#"{"alg":"RS256"}"#,
            "{}",
            Alg::RS256,
            &fixtures::key(fixtures::RSA1024_PKCS8),
        );
        let tampered = format!("{}x", other.get(..other.len() - 1).unwrap_or(""));
        let v = check(&tampered, Some(&set));
        assert_ne!(v.status, SignatureStatus::Verified, "{}", v.detail);
        assert_eq!(v.candidates.len(), 2, "candidates listed either way");
    }

    #[test]
    fn jwk_alg_member_restricts_the_key() {
        let rsa = fixtures::key(fixtures::RSA_PKCS8);
        let set = key_input(&jwks(&[(&rsa, Some("r1"), Some("PS256"))]));
        let token = signed(r#"{"alg":"RS256","kid":"r1"}"#, "{}", Alg::RS256, &rsa);
        let v = check(&token, Some(&set));
        assert_eq!(v.status, SignatureStatus::KeyMismatch);
        assert!(v.detail.contains("meant for PS256"), "{}", v.detail);
    }

    #[test]
    fn embedded_jwk_in_the_header_is_never_used() {
        // The attacker signs with their own key and puts its public half in the header.
        let attacker = fixtures::key(fixtures::P256_SEC1);
        let jwk = crate::jwk::to_jwk(&attacker, false);
        let header = format!(r#"{{"alg":"ES256","jwk":{jwk}}}"#);
        let token = signed(&header, "{}", Alg::ES256, &attacker);
        assert_eq!(check(&token, None).status, SignatureStatus::NoKey);
        let v = check(&token, Some(&key_input(fixtures::RSA_SPKI)));
        assert_eq!(v.status, SignatureStatus::KeyMismatch);
    }

    #[test]
    fn a_private_key_verifies_with_its_public_half() {
        let key = fixtures::key(fixtures::ED25519_PKCS8);
        let token = signed(r#"{"alg":"EdDSA"}"#, "{}", Alg::EdDSA, &key);
        let v = check(&token, Some(&key_input(fixtures::ED25519_PKCS8)));
        assert_eq!(v.status, SignatureStatus::Verified, "{}", v.detail);
        let entry = KeyEntry::new(key, KeySource::Jwk);
        assert_eq!(v.key_used, Some(entry.label()));
    }
}
