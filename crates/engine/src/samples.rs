//! The Debugger's sample menu (product row B6): one live token per algorithm, plus an expired
//! token, an unsigned one and an algorithm-confusion attack, each with the text to put in the
//! key box.
//!
//! Tokens are built when asked for, with `iat = now` and `exp = now + 1 h`, so a sample is live
//! whatever day it is opened. They are signed with fixed, public keys made by OpenSSL (see
//! `src/samples/README.md`); the key box gets the public key (or the secret), so every sample
//! verifies at once.

use serde_json::{json, Value};

use crate::jwa::Alg;
use crate::keys::Key;
use crate::secret::{decode_secret, Secret, SecretEncoding};
use crate::sign::{sign_json, sign_token};

const RSA_PRIVATE: &str = include_str!("samples/rsa2048-private.pem");
const RSA_PUBLIC: &str = include_str!("samples/rsa2048-public.pem");
const P256_PRIVATE: &str = include_str!("samples/p256-private.pem");
const P256_PUBLIC: &str = include_str!("samples/p256-public.pem");
const P384_PRIVATE: &str = include_str!("samples/p384-private.pem");
const P384_PUBLIC: &str = include_str!("samples/p384-public.pem");
const P521_PRIVATE: &str = include_str!("samples/p521-private.pem");
const P521_PUBLIC: &str = include_str!("samples/p521-public.pem");
const ED25519_PRIVATE: &str = include_str!("samples/ed25519-private.pem");
const ED25519_PUBLIC: &str = include_str!("samples/ed25519-public.pem");
const HS384_SECRET_B64: &str = include_str!("samples/hs384-secret.b64");
const HS512_SECRET_HEX: &str = include_str!("samples/hs512-secret.hex");
/// The HS256 samples' secret: UTF-8 text, 50 bytes (more than the 32 RFC 7518 §3.2 asks for).
const HS256_SECRET: &str = "tokenlab-sample-secret-for-hs256-keep-it-32+-bytes";

/// Lifetime of a live sample, in seconds (1 hour).
pub const SAMPLE_LIFETIME: i64 = 3600;

/// One entry of the sample menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Stable id, used in URLs and on the command line (`"hs256"`, `"confusion"`).
    pub id: &'static str,
    /// Menu title (`"RS256 — RSA PKCS#1 v1.5 with SHA-256"`).
    pub title: &'static str,
    /// One sentence saying what the sample shows.
    pub description: &'static str,
    /// The compact token.
    pub token: String,
    /// The text to put in the key box: the secret, or the public key PEM (empty for `none`).
    pub key: String,
    /// How the key box's secret is to be read.
    pub encoding: SecretEncoding,
}

/// What a sample is made of.
#[derive(Clone, Copy)]
enum Kind {
    /// A live token signed with `alg` and its fixture key.
    Live(Alg),
    /// An HS256 token that expired an hour ago.
    Expired,
    /// An unsecured token (`alg: none`).
    Unsigned,
    /// An HS256 token whose HMAC secret is the RSA public key's PEM text.
    Confusion,
}

struct Spec {
    id: &'static str,
    title: &'static str,
    description: &'static str,
    kind: Kind,
}

const SPECS: [Spec; 16] = [
    Spec {
        id: "hs256",
        title: "HS256 — HMAC with SHA-256",
        description: "Signed with a shared secret typed as text; whoever can verify it can also sign.",
        kind: Kind::Live(Alg::HS256),
    },
    Spec {
        id: "hs384",
        title: "HS384 — HMAC with SHA-384",
        description: "Signed with a 384-bit shared secret given in base64.",
        kind: Kind::Live(Alg::HS384),
    },
    Spec {
        id: "hs512",
        title: "HS512 — HMAC with SHA-512",
        description: "Signed with a 512-bit shared secret given in hex.",
        kind: Kind::Live(Alg::HS512),
    },
    Spec {
        id: "rs256",
        title: "RS256 — RSA PKCS#1 v1.5 with SHA-256",
        description: "Signed with an RSA 2048-bit private key; verified with its public key, the most common choice of identity providers.",
        kind: Kind::Live(Alg::RS256),
    },
    Spec {
        id: "rs384",
        title: "RS384 — RSA PKCS#1 v1.5 with SHA-384",
        description: "Signed with an RSA 2048-bit private key and SHA-384.",
        kind: Kind::Live(Alg::RS384),
    },
    Spec {
        id: "rs512",
        title: "RS512 — RSA PKCS#1 v1.5 with SHA-512",
        description: "Signed with an RSA 2048-bit private key and SHA-512.",
        kind: Kind::Live(Alg::RS512),
    },
    Spec {
        id: "ps256",
        title: "PS256 — RSA-PSS with SHA-256",
        description: "Signed with RSA-PSS: the same key as RS256, a randomised padding, so every signature differs.",
        kind: Kind::Live(Alg::PS256),
    },
    Spec {
        id: "ps384",
        title: "PS384 — RSA-PSS with SHA-384",
        description: "Signed with RSA-PSS and SHA-384.",
        kind: Kind::Live(Alg::PS384),
    },
    Spec {
        id: "ps512",
        title: "PS512 — RSA-PSS with SHA-512",
        description: "Signed with RSA-PSS and SHA-512.",
        kind: Kind::Live(Alg::PS512),
    },
    Spec {
        id: "es256",
        title: "ES256 — ECDSA with P-256 and SHA-256",
        description: "Signed with an EC P-256 private key: short keys, short signatures.",
        kind: Kind::Live(Alg::ES256),
    },
    Spec {
        id: "es384",
        title: "ES384 — ECDSA with P-384 and SHA-384",
        description: "Signed with an EC P-384 private key.",
        kind: Kind::Live(Alg::ES384),
    },
    Spec {
        id: "es512",
        title: "ES512 — ECDSA with P-521 and SHA-512",
        description: "Signed with an EC P-521 private key (P-521, not P-512).",
        kind: Kind::Live(Alg::ES512),
    },
    Spec {
        id: "eddsa",
        title: "EdDSA — Ed25519",
        description: "Signed with an Ed25519 private key (RFC 8037): fast, deterministic, no parameters to get wrong.",
        kind: Kind::Live(Alg::EdDSA),
    },
    Spec {
        id: "expired",
        title: "Expired token (HS256)",
        description: "A correctly signed token that expired an hour ago: the signature verifies, the claims do not.",
        kind: Kind::Expired,
    },
    Spec {
        id: "none",
        title: "Unsigned token (alg none)",
        description: "An unsecured JWT: anyone can write one, so it is decoded but never verified.",
        kind: Kind::Unsigned,
    },
    Spec {
        id: "confusion",
        title: "Algorithm confusion (HS256 with an RSA public key)",
        description: "An attacker's token HMAC-signed with the server's RSA public key as the secret; a verifier that lets alg choose would accept it.",
        kind: Kind::Confusion,
    },
];

/// Every sample as `(id, title)`, in menu order.
pub const SAMPLE_IDS: &[(&str, &str)] = &[
    ("hs256", "HS256 — HMAC with SHA-256"),
    ("hs384", "HS384 — HMAC with SHA-384"),
    ("hs512", "HS512 — HMAC with SHA-512"),
    ("rs256", "RS256 — RSA PKCS#1 v1.5 with SHA-256"),
    ("rs384", "RS384 — RSA PKCS#1 v1.5 with SHA-384"),
    ("rs512", "RS512 — RSA PKCS#1 v1.5 with SHA-512"),
    ("ps256", "PS256 — RSA-PSS with SHA-256"),
    ("ps384", "PS384 — RSA-PSS with SHA-384"),
    ("ps512", "PS512 — RSA-PSS with SHA-512"),
    ("es256", "ES256 — ECDSA with P-256 and SHA-256"),
    ("es384", "ES384 — ECDSA with P-384 and SHA-384"),
    ("es512", "ES512 — ECDSA with P-521 and SHA-512"),
    ("eddsa", "EdDSA — Ed25519"),
    ("expired", "Expired token (HS256)"),
    ("none", "Unsigned token (alg none)"),
    (
        "confusion",
        "Algorithm confusion (HS256 with an RSA public key)",
    ),
];

/// The sample `id` as of time `now` (Unix seconds), or `None` for an unknown id.
///
/// Live samples have `iat = now`, `exp = now + 1 h`; `expired` has `iat = now − 2 h` and
/// `exp = now − 1 h`. Asymmetric samples carry `kid` = the RFC 7638 thumbprint of their key.
/// Times saturate at the ends of `i64` rather than overflow.
///
/// PS* and ES512 signatures are randomised (PSS salt, P-521 nonce), so two calls give different
/// tokens for them; the others are deterministic for a given `now`. Building an RSA sample takes
/// a few milliseconds (one private-key operation), so a UI builds a sample when it is picked, not
/// on every render.
pub fn sample(id: &str, now: i64) -> Option<Sample> {
    let spec = SPECS.iter().find(|s| s.id == id)?;
    let (token, key, encoding) = match spec.kind {
        Kind::Live(alg) => {
            let (signing, key_text, encoding) = fixture(alg)?;
            let claims = claims(alg, spec.id, now, now.saturating_add(SAMPLE_LIFETIME));
            let token = sign_json(&header(alg, &signing), &claims, alg, &signing).ok()?;
            (token, key_text, encoding)
        }
        Kind::Expired => {
            let (signing, key_text, encoding) = fixture(Alg::HS256)?;
            let claims = claims(
                Alg::HS256,
                spec.id,
                now.saturating_sub(2 * SAMPLE_LIFETIME),
                now.saturating_sub(SAMPLE_LIFETIME),
            );
            let token =
                sign_json(&header(Alg::HS256, &signing), &claims, Alg::HS256, &signing).ok()?;
            (token, key_text, encoding)
        }
        Kind::Unsigned => {
            let claims = claims(Alg::None, spec.id, now, now.saturating_add(SAMPLE_LIFETIME));
            let token = sign_token(
                r#"{"alg":"none","typ":"JWT"}"#,
                &claims.to_string(),
                Alg::None,
                None,
                true,
            )
            .ok()?;
            (token, String::new(), SecretEncoding::Utf8)
        }
        Kind::Confusion => {
            // What an attacker does: take the server's public key file and use its bytes as an
            // HMAC secret. The key box holds that public key, as the victim's verifier would.
            let pem_as_secret = Key::Oct(Secret::new(RSA_PUBLIC.as_bytes().to_vec()));
            let mut claims = claims(
                Alg::HS256,
                spec.id,
                now,
                now.saturating_add(SAMPLE_LIFETIME),
            );
            if let Some(obj) = claims.as_object_mut() {
                obj.insert("scope".into(), json!("openid profile admin"));
                obj.insert("role".into(), json!("admin"));
            }
            let header = json!({"alg": "HS256", "typ": "JWT"});
            let token = sign_json(&header, &claims, Alg::HS256, &pem_as_secret).ok()?;
            (token, RSA_PUBLIC.to_owned(), SecretEncoding::Utf8)
        }
    };
    Some(Sample {
        id: spec.id,
        title: spec.title,
        description: spec.description,
        token,
        key,
        encoding,
    })
}

/// Every sample as of time `now`, in menu order.
pub fn all(now: i64) -> Vec<Sample> {
    SAMPLE_IDS
        .iter()
        .filter_map(|(id, _)| sample(id, now))
        .collect()
}

/// The signing key for `alg`, the key-box text that verifies it, and that text's encoding.
fn fixture(alg: Alg) -> Option<(Key, String, SecretEncoding)> {
    let pem = |private: &str, public: &str| {
        crate::pem::parse_pem(private)
            .ok()
            .map(|(key, _)| (key, public.to_owned(), SecretEncoding::Utf8))
    };
    let secret = |text: &str, encoding: SecretEncoding| {
        decode_secret(text, encoding)
            .ok()
            .map(|s| (Key::Oct(s), text.to_owned(), encoding))
    };
    match alg {
        Alg::HS256 => secret(HS256_SECRET, SecretEncoding::Utf8),
        Alg::HS384 => secret(HS384_SECRET_B64.trim(), SecretEncoding::Base64),
        Alg::HS512 => secret(HS512_SECRET_HEX.trim(), SecretEncoding::Hex),
        Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
            pem(RSA_PRIVATE, RSA_PUBLIC)
        }
        Alg::ES256 => pem(P256_PRIVATE, P256_PUBLIC),
        Alg::ES384 => pem(P384_PRIVATE, P384_PUBLIC),
        Alg::ES512 => pem(P521_PRIVATE, P521_PUBLIC),
        Alg::EdDSA => pem(ED25519_PRIVATE, ED25519_PUBLIC),
        Alg::None => None,
    }
}

fn header(alg: Alg, key: &Key) -> Value {
    if key.is_asymmetric() {
        json!({"alg": alg.name(), "typ": "JWT", "kid": crate::jwk::thumbprint(key)})
    } else {
        json!({"alg": alg.name(), "typ": "JWT"})
    }
}

/// Realistic access-token claims. The HS256 sample also names the user, as jwt.io's does (the
/// personal-data lint then has something to say).
fn claims(alg: Alg, id: &str, iat: i64, exp: i64) -> Value {
    let mut claims = json!({
        "iss": "https://auth.tokenlab.example",
        "sub": "user_8f14e45f",
        "aud": "https://api.tokenlab.example",
        "iat": iat,
        "exp": exp,
        "scope": "openid profile read:messages",
        "client_id": "tokenlab-debugger",
        "jti": format!("sample-{id}"),
    });
    if alg == Alg::HS256 && id == "hs256" {
        if let Some(obj) = claims.as_object_mut() {
            obj.insert("name".into(), json!("Ada Lovelace"));
        }
    }
    claims
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    use crate::analysis::{analyze, AnalyzeOptions};
    use crate::lint::Severity;
    use crate::verify::SignatureStatus;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_750_000_000;

    fn analysed(s: &Sample) -> crate::analysis::Analysis {
        analyze(
            &s.token,
            &AnalyzeOptions::at(NOW).with_key(s.key.clone(), s.encoding),
        )
    }

    #[test]
    fn every_listed_id_builds_a_sample_with_its_title() {
        assert_eq!(SAMPLE_IDS.len(), SPECS.len());
        for (i, ((id, title), spec)) in SAMPLE_IDS.iter().zip(SPECS.iter()).enumerate() {
            assert_eq!((*id, *title), (spec.id, spec.title), "case {i}");
            let s = sample(id, NOW).unwrap_or_else(|| panic!("case {i}: {id} builds"));
            assert_eq!((s.id, s.title), (*id, *title), "case {i}");
        }
        assert!(sample("hs1024", NOW).is_none());
    }

    #[test]
    fn every_algorithm_sample_verifies_with_its_key_and_is_live() {
        for (i, alg) in Alg::signing().enumerate() {
            let id = alg.name().to_ascii_lowercase();
            let s = sample(&id, NOW).unwrap_or_else(|| panic!("case {i}: {id}"));
            let a = analysed(&s);
            let v = a.verification.as_ref().expect("verified");
            assert_eq!(
                v.status,
                SignatureStatus::Verified,
                "case {i} {id}: {}",
                v.detail
            );
            let token = a.token().expect("decoded");
            assert_eq!(token.alg, crate::jws::AlgHeader::Known(alg), "case {i}");
            let claims = a.claims.as_ref().expect("claims");
            assert!(claims.passed(), "case {i} {id}: {:?}", claims.checks);
            assert_eq!(claims.timeline.exp, Some(NOW + SAMPLE_LIFETIME), "case {i}");
            let worst = a.findings.first().map(|f| f.severity);
            assert!(
                worst.is_none_or(|s| s >= Severity::Low),
                "case {i} {id}: {:#?}",
                a.findings
            );
        }
    }

    #[test]
    fn hmac_samples_use_three_secret_encodings_of_full_length() {
        let expect = [
            ("hs256", SecretEncoding::Utf8, 50),
            ("hs384", SecretEncoding::Base64, 48),
            ("hs512", SecretEncoding::Hex, 64),
        ];
        for (i, (id, encoding, len)) in expect.into_iter().enumerate() {
            let s = sample(id, NOW).expect("builds");
            assert_eq!(s.encoding, encoding, "case {i}");
            let secret = decode_secret(&s.key, encoding).expect("decodes");
            assert_eq!(secret.len(), len, "case {i}");
        }
    }

    #[test]
    fn asymmetric_samples_carry_their_key_thumbprint_as_kid() {
        let s = sample("es256", NOW).expect("builds");
        let a = analysed(&s);
        let key = a.key_input().expect("key").entries()[0].key.clone();
        assert_eq!(
            a.token().and_then(|t| t.kid()),
            Some(crate::jwk::thumbprint(&key).as_str())
        );
    }

    #[test]
    fn expired_sample_verifies_but_fails_its_claims() {
        let s = sample("expired", NOW).expect("builds");
        let a = analysed(&s);
        assert_eq!(a.status(), Some(SignatureStatus::Verified));
        assert!(a.claims.as_ref().and_then(|c| c.find("expired")).is_some());
        assert!(a.findings.iter().any(|f| f.code == "expired"));
    }

    #[test]
    fn none_sample_is_unsigned_with_an_empty_key() {
        let s = sample("none", NOW).expect("builds");
        assert!(s.key.is_empty());
        assert!(s.token.ends_with('.'));
        let a = analysed(&s);
        assert_eq!(a.status(), Some(SignatureStatus::Unsigned));
        assert!(a.findings.iter().any(|f| f.code == "alg_none"));
    }

    #[test]
    fn confusion_sample_is_a_key_mismatch_that_would_verify_as_hmac() {
        let s = sample("confusion", NOW).expect("builds");
        let a = analysed(&s);
        assert_eq!(a.status(), Some(SignatureStatus::KeyMismatch));
        let f = a
            .findings
            .iter()
            .find(|f| f.code == "alg_key_mismatch")
            .expect("finding");
        assert_eq!(f.severity, Severity::Critical);
        // The attack is real: a naive verifier that HMACs with the PEM text accepts the token.
        let token = a.token().expect("decoded");
        let naive = Key::Oct(Secret::new(s.key.as_bytes().to_vec()));
        let sig = token.signature.clone().expect("signature");
        assert!(
            crate::jwa::verify(Alg::HS256, &naive, token.signing_input().as_bytes(), &sig).is_ok()
        );
    }

    #[test]
    fn samples_are_built_at_the_given_time_and_never_overflow() {
        let s = sample("hs256", i64::MAX).expect("builds");
        assert!(!s.token.is_empty());
        let s = sample("expired", i64::MIN).expect("builds");
        assert!(!s.token.is_empty());
        assert_eq!(all(NOW).len(), SAMPLE_IDS.len());
    }
}
