//! The asymmetric-key code behind the analysis, as a value a caller passes in.
//!
//! Two steps of [`crate::analysis`] need RSA, P-256/384/521 and Ed25519 and their DER, PKCS and
//! JWK forms: reading key text and checking a signature with a key. They go through a
//! [`Backend`]. [`AllKeys`] does both for every key Tokenlab knows; it is what
//! [`crate::analysis::analyze`] and every other plain function use. [`SecretsOnly`] does the same
//! for HMAC secrets and answers [`KeyError::CodeNotLoaded`] for PEM, JWK and JWKS text, without
//! reaching any asymmetric-key code.
//!
//! Why: that code is about a third of the page's wasm, and the Debugger needs it only once a PEM,
//! JWK or JWKS is in its key field. The page's first load analyses with [`SecretsOnly`] and
//! fetches [`AllKeys`] as a wasm module of its own when a key needs it (the split is made where
//! the page takes its `&LastKey<AllKeys>` as a `&dyn Backend`: only code that names [`AllKeys`]
//! reaches the cryptography).

use crate::jwa::{self, Alg, VerifyError};
use crate::keys::{self, Key, KeyError, ParsedKey};
use crate::secret::SecretEncoding;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// Reading key text and verifying a signature (see the module documentation).
pub trait Backend: Sync {
    /// Reads key text as [`keys::parse_key_report`] does.
    fn parse_key_report(
        &self,
        text: &str,
        secret_encoding: SecretEncoding,
    ) -> Result<ParsedKey, KeyError>;

    /// Verifies a signature as [`jwa::verify`] does.
    fn verify(
        &self,
        alg: Alg,
        key: &Key,
        input: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError>;

    /// Drops whatever it keeps of key text read before (see [`LastKey`]); by default it keeps
    /// nothing. A method of the trait so that a page calls it through the backend it was given,
    /// without linking the keys' code itself.
    fn forget_keys(&self) {}
}

/// Every key Tokenlab reads: [`keys::parse_key_report`] and [`jwa::verify`].
#[derive(Clone, Copy, Debug, Default)]
pub struct AllKeys;

impl Backend for AllKeys {
    fn parse_key_report(
        &self,
        text: &str,
        secret_encoding: SecretEncoding,
    ) -> Result<ParsedKey, KeyError> {
        keys::parse_key_report(text, secret_encoding)
    }

    fn verify(
        &self,
        alg: Alg,
        key: &Key,
        input: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        jwa::verify(alg, key, input, signature)
    }
}

/// HMAC secrets only: [`keys::parse_secret_report`] and [`jwa::verify_secret`]. PEM, JWK and
/// JWKS text is [`KeyError::CodeNotLoaded`]; everything about secrets is exactly as with
/// [`AllKeys`].
#[derive(Clone, Copy, Debug, Default)]
pub struct SecretsOnly;

impl Backend for SecretsOnly {
    fn parse_key_report(
        &self,
        text: &str,
        secret_encoding: SecretEncoding,
    ) -> Result<ParsedKey, KeyError> {
        keys::parse_secret_report(text, secret_encoding)
    }

    fn verify(
        &self,
        alg: Alg,
        key: &Key,
        input: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        jwa::verify_secret(alg, key, input, signature)
    }
}

/// A [`Backend`] that remembers the last key text it read and gives the same result again for
/// the same text and encoding, without reading it again.
///
/// Why: the Debugger analyses the token on every keystroke, and the key text (unchanged while
/// the token is edited) went with it. Reading a key again cost, in wasm (`bench_ops`
/// `parse_key_*`): a P-256 private key 0.92 ms, an RSA-2048 private key 0.28 ms, their public
/// keys 12 and 28 µs. A copy of the result costs a few allocations. Only one entry is kept, so
/// no earlier key stays in memory once the field holds another, and [`Backend::forget_keys`]
/// drops it when the field is emptied (its text is zeroized then, like the
/// [`crate::secret::Secret`] in it). It also keeps the public half of the last EC private key it
/// verified with (see `public`), and the last verdict it gave (see `verdict`). (No `Debug`: it
/// holds keys.)
pub struct LastKey<B> {
    inner: B,
    last: Mutex<Option<LastRead>>,
    /// The public half of the last EC private key verified with, by its scalar: verifying with a
    /// private key derives it, a scalar multiplication (≈ 0.6 ms for P-256 in wasm) that would
    /// otherwise come with every keystroke.
    public: Mutex<Option<(Zeroizing<Vec<u8>>, Key)>>,
    /// The last signature checked and its verdict. Verifying is deterministic, so the same
    /// algorithm, key, input and signature give the same verdict; the page analyses an unchanged
    /// token again whenever the time controls or the expected claims change, and an EC
    /// verification costs milliseconds in wasm (P-256 ≈ 2 ms, P-521 ≈ 20 ms).
    verdict: Mutex<Option<Verdict>>,
}

/// What was verified (the key by [`key_identity`]) and what came of it.
struct Verdict {
    alg: Alg,
    key: KeyIdentity,
    input: Vec<u8>,
    signature: Vec<u8>,
    result: Result<(), VerifyError>,
}

/// The kind of key and its own bytes: enough to tell two keys apart.
type KeyIdentity = (std::mem::Discriminant<Key>, Zeroizing<Vec<u8>>);

/// `key`'s kind and bytes: the secret, the private scalar, the RSA modulus and exponent, the
/// public point or the Ed25519 key. Cheap for every kind (no key is derived from another).
fn key_identity(key: &Key) -> KeyIdentity {
    use rsa::traits::PublicKeyParts;
    let rsa = |n: &rsa::BigUint, e: &rsa::BigUint| {
        let mut bytes = n.to_bytes_be();
        bytes.push(b'.');
        bytes.extend(e.to_bytes_be());
        bytes
    };
    let bytes = match key {
        Key::Oct(secret) => secret.expose().to_vec(),
        Key::RsaPublic(k) => rsa(k.n(), k.e()),
        Key::RsaPrivate(k) => rsa(k.n(), k.e()),
        Key::P256Public(k) => k.to_sec1_bytes().to_vec(),
        Key::P256Private(k) => k.to_bytes().to_vec(),
        Key::P384Public(k) => k.to_sec1_bytes().to_vec(),
        Key::P384Private(k) => k.to_bytes().to_vec(),
        Key::P521Public(k) => k.to_sec1_bytes().to_vec(),
        Key::P521Private(k) => k.to_bytes().to_vec(),
        Key::Ed25519Public(k) => k.as_bytes().to_vec(),
        Key::Ed25519Private(k) => k.to_bytes().to_vec(),
    };
    (std::mem::discriminant(key), Zeroizing::new(bytes))
}

/// The text, the encoding and what reading them gave.
type LastRead = (
    Zeroizing<String>,
    SecretEncoding,
    Result<ParsedKey, KeyError>,
);

impl<B> LastKey<B> {
    /// `inner`, remembering its last read (a `const fn`, for a `static`).
    pub const fn new(inner: B) -> LastKey<B> {
        LastKey {
            inner,
            last: Mutex::new(None),
            public: Mutex::new(None),
            verdict: Mutex::new(None),
        }
    }

    /// The public half of `key` when it is an EC private key, derived once per key.
    fn ec_public(&self, key: &Key) -> Option<Key> {
        let scalar = Zeroizing::new(match key {
            Key::P256Private(k) => k.to_bytes().to_vec(),
            Key::P384Private(k) => k.to_bytes().to_vec(),
            Key::P521Private(k) => k.to_bytes().to_vec(),
            _ => return None,
        });
        let mut public = self.public.lock().ok()?;
        if let Some((s, p)) = public.as_ref() {
            if *s == scalar {
                return Some(p.clone());
            }
        }
        let derived = key.to_public()?;
        *public = Some((scalar, derived.clone()));
        Some(derived)
    }
}

impl<B: Backend> Backend for LastKey<B> {
    fn parse_key_report(
        &self,
        text: &str,
        secret_encoding: SecretEncoding,
    ) -> Result<ParsedKey, KeyError> {
        // A poisoned lock (impossible with `panic = "abort"`) only costs the memory.
        let Ok(mut last) = self.last.lock() else {
            return self.inner.parse_key_report(text, secret_encoding);
        };
        if let Some((t, e, result)) = last.as_ref() {
            if t.as_str() == text && *e == secret_encoding {
                return result.clone();
            }
        }
        let result = self.inner.parse_key_report(text, secret_encoding);
        *last = Some((
            Zeroizing::new(text.to_owned()),
            secret_encoding,
            result.clone(),
        ));
        result
    }

    fn verify(
        &self,
        alg: Alg,
        key: &Key,
        input: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        let identity = key_identity(key);
        if let Ok(verdict) = self.verdict.lock() {
            if let Some(v) = verdict.as_ref() {
                if v.alg == alg && v.key == identity && v.input == input && v.signature == signature
                {
                    return v.result.clone();
                }
            }
        }
        // Only a key that fits the algorithm is swapped for its public half: a mismatch is
        // reported about the key as given (private or public), as `jwa::verify` words it.
        let result = match key.check_fits(alg).ok().and_then(|()| self.ec_public(key)) {
            Some(public) => self.inner.verify(alg, &public, input, signature),
            None => self.inner.verify(alg, key, input, signature),
        };
        if let Ok(mut verdict) = self.verdict.lock() {
            *verdict = Some(Verdict {
                alg,
                key: identity,
                input: input.to_vec(),
                signature: signature.to_vec(),
                result: result.clone(),
            });
        }
        result
    }

    /// Drops the remembered key (for when the key field is emptied).
    fn forget_keys(&self) {
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
        if let Ok(mut public) = self.public.lock() {
            *public = None;
        }
        if let Ok(mut verdict) = self.verdict.lock() {
            *verdict = None;
        }
        self.inner.forget_keys();
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::analysis::{analyze, analyze_with, AnalyzeOptions};
    use crate::keys::fixtures;
    use crate::verify::SignatureStatus;

    const NOW: i64 = 1_700_000_000;

    fn token(alg: Alg, key: &Key) -> String {
        let input = format!(
            "{}.{}",
            crate::b64::encode(format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name()).as_bytes()),
            crate::b64::encode(br#"{"sub":"ada","exp":1800000000}"#)
        );
        let sig = jwa::sign(alg, key, input.as_bytes()).expect("fixture signs");
        format!("{input}.{}", crate::b64::encode(&sig))
    }

    #[test]
    fn secrets_are_read_and_verified_exactly_as_with_all_keys() {
        let secret = "a-string-secret-at-least-256-bits-long";
        let key = Key::Oct(crate::secret::Secret::new(secret.as_bytes().to_vec()));
        for (text, enc) in [
            (secret, SecretEncoding::Utf8),
            ("not base64url!", SecretEncoding::Base64Url),
            ("   ", SecretEncoding::Utf8),
        ] {
            assert_eq!(
                format!("{:?}", SecretsOnly.parse_key_report(text, enc)),
                format!("{:?}", AllKeys.parse_key_report(text, enc)),
                "{text:?}"
            );
        }
        let good = token(Alg::HS256, &key);
        let mut bad = good.clone();
        bad.replace_range(bad.len() - 2.., "AA");
        let wrong = Key::Oct(crate::secret::Secret::new(b"another secret".to_vec()));
        for t in [&good, &bad] {
            let decoded = crate::jws::decode(t).expect("decodes");
            let input = decoded.signing_input().as_bytes();
            let sig = decoded.signature.clone().expect("has a signature");
            for k in [&key, &wrong] {
                for alg in [Alg::HS256, Alg::HS512, Alg::RS256, Alg::None] {
                    assert_eq!(
                        SecretsOnly.verify(alg, k, input, &sig),
                        AllKeys.verify(alg, k, input, &sig),
                        "{alg} {t}"
                    );
                }
            }
            let with = AnalyzeOptions::at(NOW).with_key(secret, SecretEncoding::Utf8);
            assert_eq!(
                analyze_with(t, &with, &SecretsOnly).status(),
                analyze(t, &with).status()
            );
        }
        let with = AnalyzeOptions::at(NOW).with_key(secret, SecretEncoding::Utf8);
        assert_eq!(
            analyze_with(&good, &with, &SecretsOnly).status(),
            Some(SignatureStatus::Verified)
        );
    }

    #[test]
    fn pem_and_jwk_text_is_code_not_loaded_and_the_rest_of_the_analysis_is_there() {
        let private = fixtures::key(fixtures::RSA_PKCS8);
        let t = token(Alg::RS256, &private);
        let pem = fixtures::RSA_SPKI;
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}"#;
        let jwks = r#"{"keys":[]}"#;
        for text in [pem, jwk, jwks, "  {not even json", "x-----BEGIN"] {
            let e = SecretsOnly
                .parse_key_report(text, SecretEncoding::Utf8)
                .expect_err("not read without the key code");
            assert_eq!(e, KeyError::CodeNotLoaded, "{text}");
            assert_eq!(e.code(), "key_code_not_loaded");
        }
        let opts = AnalyzeOptions::at(NOW).with_key(pem, SecretEncoding::Utf8);
        let light = analyze_with(&t, &opts, &SecretsOnly);
        assert!(matches!(light.key, Some(Err(KeyError::CodeNotLoaded))));
        assert_eq!(light.status(), Some(SignatureStatus::NoKey));
        assert!(light
            .verification
            .as_ref()
            .is_some_and(|v| v.detail.contains("not loaded yet")));
        // The token, its claims and the lints are all there.
        assert!(light.token().is_some());
        assert!(light.claims.is_some());
        let full = analyze_with(&t, &opts, &AllKeys);
        assert_eq!(full.status(), Some(SignatureStatus::Verified));
        assert_eq!(full.status(), analyze(&t, &opts).status());
    }

    #[test]
    fn secrets_only_never_verifies_an_asymmetric_key() {
        let private = fixtures::key(fixtures::RSA_PKCS8);
        let input = b"e30.e30";
        let sig = jwa::sign(Alg::RS256, &private, input).expect("signs");
        assert_eq!(AllKeys.verify(Alg::RS256, &private, input, &sig), Ok(()));
        assert_eq!(
            SecretsOnly.verify(Alg::RS256, &private, input, &sig),
            Err(VerifyError::InvalidSignature)
        );
    }

    /// Counts the key reads and the signature checks that reach the inner backend.
    #[derive(Default)]
    struct Counting {
        reads: std::sync::atomic::AtomicUsize,
        checks: std::sync::atomic::AtomicUsize,
    }

    impl Counting {
        fn reads(&self) -> usize {
            self.reads.load(std::sync::atomic::Ordering::Relaxed)
        }

        fn checks(&self) -> usize {
            self.checks.load(std::sync::atomic::Ordering::Relaxed)
        }
    }

    impl Backend for Counting {
        fn parse_key_report(
            &self,
            text: &str,
            secret_encoding: SecretEncoding,
        ) -> Result<ParsedKey, KeyError> {
            self.reads
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            AllKeys.parse_key_report(text, secret_encoding)
        }

        fn verify(
            &self,
            alg: Alg,
            key: &Key,
            input: &[u8],
            signature: &[u8],
        ) -> Result<(), VerifyError> {
            self.checks
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            AllKeys.verify(alg, key, input, signature)
        }
    }

    #[test]
    fn the_last_key_is_read_once_while_the_token_changes_and_again_when_the_key_does() {
        let cached = LastKey::new(Counting::default());
        let reads = || cached.inner.reads();
        let key = fixtures::key(fixtures::P256_SEC1);
        let pem = fixtures::P256_SPKI;
        let other_pem = fixtures::RSA_SPKI;
        let opts = |text: &str, enc| AnalyzeOptions::at(NOW).with_key(text.to_owned(), enc);
        let signed = token(Alg::ES256, &key);
        // Every keystroke in the token: the same verdict as without the cache, one read.
        for edit in [signed.clone(), format!("{signed}x"), signed.clone()] {
            let a = analyze_with(&edit, &opts(pem, SecretEncoding::Utf8), &cached);
            let b = analyze(&edit, &opts(pem, SecretEncoding::Utf8));
            assert_eq!(a.status(), b.status(), "{edit}");
        }
        assert_eq!(
            analyze_with(&signed, &opts(pem, SecretEncoding::Utf8), &cached).status(),
            Some(SignatureStatus::Verified)
        );
        assert_eq!(reads(), 1);
        // Another key, another encoding, a broken key, then the first key again: read each time.
        let wrong = analyze_with(&signed, &opts(other_pem, SecretEncoding::Utf8), &cached);
        assert_ne!(wrong.status(), Some(SignatureStatus::Verified));
        analyze_with(&signed, &opts(pem, SecretEncoding::Hex), &cached);
        let broken = analyze_with(&signed, &opts("-----BEGIN", SecretEncoding::Utf8), &cached);
        assert!(matches!(broken.key, Some(Err(_))));
        analyze_with(&signed, &opts("-----BEGIN", SecretEncoding::Utf8), &cached);
        let again = analyze_with(&signed, &opts(pem, SecretEncoding::Utf8), &cached);
        assert_eq!(again.status(), Some(SignatureStatus::Verified));
        assert_eq!(reads(), 5);
        // Forgotten (the field emptied), the same key is read again.
        cached.forget_keys();
        analyze_with(&signed, &opts(pem, SecretEncoding::Utf8), &cached);
        assert_eq!(reads(), 6);
    }

    #[test]
    fn the_same_signature_with_the_same_key_is_checked_once_and_anything_else_again() {
        let cached = LastKey::new(Counting::default());
        let checks = || cached.inner.checks();
        let private = fixtures::key(fixtures::P256_SEC1);
        let public = fixtures::key(fixtures::P256_SPKI);
        let secret = |s: &[u8]| Key::Oct(crate::secret::Secret::new(s.to_vec()));
        let sig = jwa::sign(Alg::ES256, &private, b"input").expect("signs");
        let mut tampered = sig.clone();
        tampered[5] ^= 1;
        let hs = jwa::sign(Alg::HS256, &secret(b"one secret"), b"input").expect("signs");
        let mut count = 0;
        let mut check = |alg, key: &Key, input: &[u8], sig: &[u8], again: bool| {
            let got = cached.verify(alg, key, input, sig);
            assert_eq!(got, AllKeys.verify(alg, key, input, sig), "{alg}");
            if !again {
                count += 1;
            }
            assert_eq!(checks(), count, "{alg} {input:?}");
            got
        };
        assert_eq!(check(Alg::ES256, &public, b"input", &sig, false), Ok(()));
        // The time controls moved: the same token and key again, not checked again.
        assert_eq!(check(Alg::ES256, &public, b"input", &sig, true), Ok(()));
        assert_eq!(check(Alg::ES256, &public, b"input", &sig, true), Ok(()));
        // Another input, signature, algorithm, key or kind of key: checked, its own verdict.
        assert!(check(Alg::ES256, &public, b"inpuT", &sig, false).is_err());
        assert!(check(Alg::ES256, &public, b"input", &tampered, false).is_err());
        assert!(check(Alg::ES384, &public, b"input", &sig, false).is_err());
        assert_eq!(check(Alg::ES256, &private, b"input", &sig, false), Ok(()));
        assert_eq!(check(Alg::ES256, &public, b"input", &sig, false), Ok(()));
        assert_eq!(
            check(Alg::HS256, &secret(b"one secret"), b"input", &hs, false),
            Ok(())
        );
        assert!(check(Alg::HS256, &secret(b"two secret"), b"input", &hs, false).is_err());
        assert!(check(Alg::HS256, &secret(b"two secret"), b"input", &hs, true).is_err());
        // The key field emptied: nothing is kept, the next check is made.
        cached.forget_keys();
        assert!(check(Alg::HS256, &secret(b"two secret"), b"input", &hs, false).is_err());
    }

    #[test]
    fn verifying_with_a_remembered_private_key_gives_what_all_keys_gives() {
        let cached = LastKey::new(AllKeys);
        let keys = [
            fixtures::key(fixtures::P256_SEC1),
            fixtures::key(fixtures::P384_PKCS8),
            fixtures::key(fixtures::P521_PKCS8),
            fixtures::key(fixtures::RSA_PKCS8),
        ];
        let algs = [
            Alg::ES256,
            Alg::ES384,
            Alg::ES512,
            Alg::RS256,
            Alg::HS256,
            Alg::None,
        ];
        // Twice over, the keys taking turns: the remembered public half must follow the key.
        for _ in 0..2 {
            for key in &keys {
                for &signed_with in &algs[..4] {
                    let Ok(sig) = jwa::sign(signed_with, key, b"input") else {
                        continue;
                    };
                    let mut tampered = sig.clone();
                    tampered[5] ^= 1;
                    for alg in algs {
                        for s in [&sig, &tampered] {
                            assert_eq!(
                                format!("{:?}", cached.verify(alg, key, b"input", s)),
                                format!("{:?}", AllKeys.verify(alg, key, b"input", s)),
                                "{alg} with {key:?}"
                            );
                        }
                    }
                    assert!(cached.verify(signed_with, key, b"input", &sig).is_ok());
                }
            }
        }
        cached.forget_keys();
        assert!(cached.public.lock().map(|p| p.is_none()).unwrap_or(false));
    }
}
