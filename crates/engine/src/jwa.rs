//! JSON Web Algorithms (RFC 7518, RFC 8037): the one table that knows, per algorithm, its family,
//! hash, key type, curve and signature length.
//!
//! Everything about one `alg` lives in [`Alg`]'s methods, so adding an algorithm means touching one
//! match per property here and nowhere else.

use serde::{Deserialize, Serialize};

/// A JWS algorithm, named exactly as registered in the IANA "JSON Web Signature and Encryption
/// Algorithms" registry (case-sensitive: `"HS256"`, `"EdDSA"`, `"none"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Alg {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384 and MGF1 with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512 and MGF1 with SHA-512.
    PS512,
    /// ECDSA using P-256 and SHA-256.
    ES256,
    /// ECDSA using P-384 and SHA-384.
    ES384,
    /// ECDSA using P-521 and SHA-512.
    ES512,
    /// EdDSA (RFC 8037); Tokenlab supports the Ed25519 curve.
    EdDSA,
    /// No digital signature or MAC (an Unsecured JWS, RFC 7515 §A.5). Decoded, never verified.
    #[serde(rename = "none")]
    None,
}

/// The family of an algorithm: which kind of key it needs and how it signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// HMAC with a shared secret (`kty: "oct"`).
    Hmac,
    /// RSASSA-PKCS1-v1_5 (`kty: "RSA"`).
    RsaPkcs1,
    /// RSASSA-PSS (`kty: "RSA"`).
    RsaPss,
    /// ECDSA on a NIST curve (`kty: "EC"`).
    Ecdsa,
    /// EdDSA (`kty: "OKP"`).
    EdDsa,
    /// Unsecured: no key at all.
    Unsecured,
}

/// The hash function an algorithm uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hash {
    /// SHA-256 (32-byte output).
    Sha256,
    /// SHA-384 (48-byte output).
    Sha384,
    /// SHA-512 (64-byte output).
    Sha512,
}

impl Hash {
    /// Output length in bytes (never zero, hence no `is_empty`).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// Output length in bits (also the minimum HMAC key length RFC 7518 §3.2 asks for).
    pub fn bits(self) -> usize {
        self.len() * 8
    }
}

/// A named elliptic curve used by a JWS algorithm, with its JWK `crv` name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 (`"P-256"`).
    P256,
    /// NIST P-384 (`"P-384"`).
    P384,
    /// NIST P-521 (`"P-521"`).
    P521,
    /// Ed25519 (`"Ed25519"`).
    Ed25519,
}

impl Curve {
    /// The JWK `crv` value.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Ed25519 => "Ed25519",
        }
    }

    /// Parses a JWK `crv` value (case-sensitive).
    pub fn parse(name: &str) -> Option<Curve> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            "Ed25519" => Some(Curve::Ed25519),
            _ => None,
        }
    }

    /// Size of one field element / scalar in bytes (coordinate length in a JWK).
    pub fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
            Curve::Ed25519 => 32,
        }
    }
}

impl Alg {
    /// Every algorithm, in the order the UI lists them.
    pub const ALL: [Alg; 14] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
        Alg::None,
    ];

    /// Every algorithm that signs (all but `none`).
    pub fn signing() -> impl Iterator<Item = Alg> {
        Alg::ALL.into_iter().filter(|a| *a != Alg::None)
    }

    /// The registered name (`"HS256"`, `"EdDSA"`, `"none"`).
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
            Alg::None => "none",
        }
    }

    /// Parses a registered name, case-sensitively (`"hs256"` and `"None"` are not algorithms).
    pub fn parse(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The algorithm's family.
    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 => Family::RsaPkcs1,
            Alg::PS256 | Alg::PS384 | Alg::PS512 => Family::RsaPss,
            Alg::ES256 | Alg::ES384 | Alg::ES512 => Family::Ecdsa,
            Alg::EdDSA => Family::EdDsa,
            Alg::None => Family::Unsecured,
        }
    }

    /// The hash the algorithm uses (`None` for EdDSA, whose hash is internal, and for `none`).
    pub fn hash(self) -> Option<Hash> {
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => Some(Hash::Sha256),
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => Some(Hash::Sha384),
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 => Some(Hash::Sha512),
            Alg::EdDSA | Alg::None => None,
        }
    }

    /// The JWK `kty` a key for this algorithm has (`None` for `none`).
    pub fn kty(self) -> Option<&'static str> {
        match self.family() {
            Family::Hmac => Some("oct"),
            Family::RsaPkcs1 | Family::RsaPss => Some("RSA"),
            Family::Ecdsa => Some("EC"),
            Family::EdDsa => Some("OKP"),
            Family::Unsecured => None,
        }
    }

    /// The curve the algorithm is bound to (ES256 → P-256, …; EdDSA → Ed25519 here).
    pub fn curve(self) -> Option<Curve> {
        match self {
            Alg::ES256 => Some(Curve::P256),
            Alg::ES384 => Some(Curve::P384),
            Alg::ES512 => Some(Curve::P521),
            Alg::EdDSA => Some(Curve::Ed25519),
            _ => None,
        }
    }

    /// The exact signature length in bytes where the algorithm fixes it: HMAC output, ECDSA raw
    /// `r‖s` (RFC 7518 §3.4), Ed25519's 64 bytes, 0 for `none`. RSA depends on the key: `None`.
    pub fn signature_len(self) -> Option<usize> {
        match self.family() {
            Family::Hmac => self.hash().map(Hash::len),
            Family::Ecdsa => self.curve().map(|c| 2 * c.field_len()),
            Family::EdDsa => Some(64),
            Family::Unsecured => Some(0),
            Family::RsaPkcs1 | Family::RsaPss => None,
        }
    }

    /// True for algorithms that use an asymmetric key pair.
    pub fn is_asymmetric(self) -> bool {
        matches!(
            self.family(),
            Family::RsaPkcs1 | Family::RsaPss | Family::Ecdsa | Family::EdDsa
        )
    }
}

impl std::fmt::Display for Alg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

// ---------------------------------------------------------------------------------------------
// Primitives: sign and verify one JWS signing input with one key.
// ---------------------------------------------------------------------------------------------

use crate::keys::{Key, KeyMismatch};
use hmac::{Hmac, Mac};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};

mod rsa_public;

/// Signing failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The key does not fit the algorithm (see [`Key::check_fits`]).
    #[error(transparent)]
    KeyMismatch(#[from] KeyMismatch),
    /// An asymmetric algorithm was given a public key.
    #[error("signing with {alg} needs a private key, but {key_description} was given")]
    PrivateKeyRequired {
        /// The algorithm.
        alg: Alg,
        /// [`Key::description`] of the key given.
        key_description: String,
    },
    /// `alg: none` has no signature to compute.
    #[error("\"none\" has no signature to compute; an unsecured token is built explicitly by the caller (its signature is empty)")]
    Unsigned,
    /// The key fits but cannot sign with this algorithm (e.g. an RSA key too small for PS512).
    #[error("signing with {alg} failed: {reason}")]
    Failed {
        /// The algorithm.
        alg: Alg,
        /// Why.
        reason: String,
    },
}

impl SignError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            SignError::KeyMismatch(_) => "alg_key_mismatch",
            SignError::PrivateKeyRequired { .. } => "private_key_required",
            SignError::Unsigned => "unsigned",
            SignError::Failed { .. } => "sign_failed",
        }
    }
}

/// Verification failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The key does not fit the algorithm (algorithm confusion is one of these).
    #[error(transparent)]
    KeyMismatch(#[from] KeyMismatch),
    /// The signature does not verify. Deliberately no detail.
    #[error("invalid signature")]
    InvalidSignature,
    /// The signature cannot be a signature of this algorithm: wrong length, or an ECDSA `r`/`s`
    /// that is zero or not below the group order (CVE-2022-21449, "psychic signatures").
    #[error("malformed signature: {reason}")]
    MalformedSignature {
        /// What is wrong with its form (never why a well-formed signature failed).
        reason: String,
    },
    /// `alg: none`: there is nothing to verify, and an unsecured token never counts as verified.
    #[error("the token is unsigned (alg \"none\"); it can never be verified")]
    Unsigned,
}

impl VerifyError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::KeyMismatch(_) => "alg_key_mismatch",
            VerifyError::InvalidSignature => "invalid_signature",
            VerifyError::MalformedSignature { .. } => "malformed_signature",
            VerifyError::Unsigned => "unsigned",
        }
    }
}

fn hmac(hash: Hash, key: &[u8]) -> Result<Box<dyn HmacLike>, String> {
    // HMAC accepts keys of any length; the error case cannot happen but is not unwrapped.
    Ok(match hash {
        Hash::Sha256 => Box::new(Hmac::<Sha256>::new_from_slice(key).map_err(|e| e.to_string())?),
        Hash::Sha384 => Box::new(Hmac::<Sha384>::new_from_slice(key).map_err(|e| e.to_string())?),
        Hash::Sha512 => Box::new(Hmac::<Sha512>::new_from_slice(key).map_err(|e| e.to_string())?),
    })
}

/// The three HMACs behind one object-safe face.
trait HmacLike {
    fn tag(self: Box<Self>, input: &[u8]) -> Vec<u8>;
    /// Constant-time comparison (`hmac`'s `verify_slice`).
    fn check(self: Box<Self>, input: &[u8], tag: &[u8]) -> bool;
}

impl<M: Mac> HmacLike for M {
    fn tag(mut self: Box<Self>, input: &[u8]) -> Vec<u8> {
        self.update(input);
        self.finalize().into_bytes().to_vec()
    }

    fn check(mut self: Box<Self>, input: &[u8], tag: &[u8]) -> bool {
        self.update(input);
        self.verify_slice(tag).is_ok()
    }
}

fn digest(hash: Hash, input: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => Sha256::digest(input).to_vec(),
        Hash::Sha384 => Sha384::digest(input).to_vec(),
        Hash::Sha512 => Sha512::digest(input).to_vec(),
    }
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): the public operation by `rsa_public` (see
/// there why), then the encoded message compared whole with the one expected,
/// `0x00 0x01 FF…FF 0x00 DigestInfo hash` (§9.2), as `rsa` does.
fn verify_pkcs1v15(
    key: &rsa::RsaPublicKey,
    hash: Hash,
    hashed: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let em = rsa_public::public_op(key, signature).ok_or(VerifyError::InvalidSignature)?;
    let prefix = pkcs1v15(hash).prefix;
    let t_len = prefix.len() + hashed.len();
    // RFC 8017 §9.2 step 3: at least 8 bytes of 0xFF.
    let well_formed = em.len() >= t_len + 11 && {
        let ps_end = em.len() - t_len - 1;
        em[0] == 0
            && em[1] == 1
            && em[2..ps_end].iter().all(|&b| b == 0xff)
            && em[ps_end] == 0
            && em[ps_end + 1..ps_end + 1 + prefix.len()] == *prefix
            && em[ps_end + 1 + prefix.len()..] == *hashed
    };
    well_formed
        .then_some(())
        .ok_or(VerifyError::InvalidSignature)
}

fn pkcs1v15(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
    }
}

/// RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash (RFC 7518 §3.5).
fn pss(hash: Hash) -> Pss {
    match hash {
        Hash::Sha256 => Pss::new_with_salt::<Sha256>(32),
        Hash::Sha384 => Pss::new_with_salt::<Sha384>(48),
        Hash::Sha512 => Pss::new_with_salt::<Sha512>(64),
    }
}

/// ECDSA over the curve's own hash with an RFC 6979 nonce, as `ecdsa::SigningKey`'s `Signer`
/// computes it (`sign_prehash`: `bits2field` of the digest, then the scalar's
/// `try_sign_prehashed_rfc6979`), but from the secret scalar alone. Building a `SigningKey`
/// also computes its public key, a scalar multiplication that costs about as much as the
/// signature and that signing does not use (the tests check the two give the same bytes).
/// (`allow(deprecated)`: the bound the RustCrypto traits require names generic-array 0.14's
/// `ArrayLength`, which that crate's last release marks deprecated.)
#[allow(deprecated)]
fn ecdsa_rfc6979<C>(
    secret: &ecdsa::elliptic_curve::SecretKey<C>,
    input: &[u8],
) -> Result<Vec<u8>, String>
where
    C: ecdsa::PrimeCurve + ecdsa::elliptic_curve::CurveArithmetic + ecdsa::hazmat::DigestPrimitive,
    ecdsa::elliptic_curve::Scalar<C>: ecdsa::hazmat::SignPrimitive<C>,
    ecdsa::SignatureSize<C>: ecdsa::elliptic_curve::generic_array::ArrayLength<u8>,
{
    use ecdsa::hazmat::{bits2field, SignPrimitive};
    let digest = <C::Digest as Digest>::new_with_prefix(input).finalize();
    let z = bits2field::<C>(&digest).map_err(|e| e.to_string())?;
    let (sig, _) = secret
        .to_nonzero_scalar()
        .try_sign_prehashed_rfc6979::<C::Digest>(&z, &[])
        .map_err(|e| e.to_string())?;
    Ok(sig.to_bytes().to_vec())
}

/// Signs a JWS signing input (`BASE64URL(header) '.' BASE64URL(payload)`) with `key`.
///
/// - HS*: HMAC over the input.
/// - RS*: RSASSA-PKCS1-v1_5 (deterministic; computed with blinding).
/// - PS*: RSASSA-PSS, MGF1 with the same hash, salt length = hash length (RFC 7518 §3.5).
/// - ES*: ECDSA, returned as the fixed-length raw `r‖s` (RFC 7518 §3.4, IEEE P1363); P-256 and
///   P-384 use RFC 6979 deterministic nonces.
/// - EdDSA: Ed25519 (RFC 8037).
///
/// `none` is refused ([`SignError::Unsigned`]): a caller that really wants an unsecured token
/// builds it explicitly. Asymmetric algorithms need a private key. Randomness (PSS salt, RSA
/// blinding, P-521 nonces) comes from `rand_core::OsRng`.
pub fn sign(alg: Alg, key: &Key, input: &[u8]) -> Result<Vec<u8>, SignError> {
    if alg == Alg::None {
        return Err(SignError::Unsigned);
    }
    key.check_fits(alg)?;
    let failed = |reason: String| SignError::Failed { alg, reason };
    let hash = alg.hash();
    match (key, hash) {
        (Key::Oct(secret), Some(h)) => Ok(hmac(h, secret.expose()).map_err(failed)?.tag(input)),
        (Key::RsaPrivate(k), Some(h)) => {
            let hashed = digest(h, input);
            let mut rng = rand_core::OsRng;
            let result = if alg.family() == Family::RsaPss {
                k.sign_with_rng(&mut rng, pss(h), &hashed)
            } else {
                k.sign_with_rng(&mut rng, pkcs1v15(h), &hashed)
            };
            result.map_err(|e| failed(rsa_sign_reason(alg, k.n().bits(), &e)))
        }
        (Key::P256Private(k), _) => ecdsa_rfc6979(k, input).map_err(failed),
        (Key::P384Private(k), _) => ecdsa_rfc6979(k, input).map_err(failed),
        (Key::P521Private(k), _) => {
            // As p521's `SigningKey` signs (a random nonce, `bits2field` of the SHA-512 digest),
            // from the secret scalar alone: building the `SigningKey` would also compute the
            // public key, a P-521 scalar multiplication (see `ecdsa_rfc6979`).
            use ecdsa::hazmat::{bits2field, sign_prehashed};
            use p521::elliptic_curve::Field;
            let z = bits2field::<p521::NistP521>(&Sha512::digest(input))
                .map_err(|e| failed(e.to_string()))?;
            let nonce = p521::Scalar::random(&mut rand_core::OsRng);
            let (sig, _) = sign_prehashed::<p521::NistP521, _>(&k.to_nonzero_scalar(), nonce, &z)
                .map_err(|e| failed(e.to_string()))?;
            Ok(sig.to_bytes().to_vec())
        }
        (Key::Ed25519Private(k), _) => {
            use ed25519_dalek::Signer;
            Ok(k.sign(input).to_bytes().to_vec())
        }
        (k, _) if !k.is_private() => Err(SignError::PrivateKeyRequired {
            alg,
            key_description: k.description(),
        }),
        (k, _) => Err(failed(format!(
            "{} cannot sign with {alg}",
            k.description()
        ))),
    }
}

fn rsa_sign_reason(alg: Alg, bits: usize, e: &rsa::Error) -> String {
    match e {
        rsa::Error::MessageTooLong | rsa::Error::Internal => {
            // PSS needs emLen ≥ 2·hLen + 2 bytes with emBits = modBits − 1 (RFC 8017 §9.1.1);
            // PKCS#1 v1.5 needs k ≥ 19-byte DigestInfo prefix + hLen + 11 (RFC 8017 §9.2).
            let need = match (alg.family(), alg.hash()) {
                (Family::RsaPss, Some(h)) => 8 * (2 * h.len() + 2) + 1,
                (_, Some(h)) => 8 * (19 + h.len() + 11),
                (_, None) => 0,
            };
            format!("a {bits}-bit RSA key is too small for {alg} (it needs at least {need} bits)")
        }
        other => other.to_string(),
    }
}

/// Maps any library error to the one plain [`VerifyError::InvalidSignature`].
fn invalid<E>(_: E) -> VerifyError {
    VerifyError::InvalidSignature
}

fn malformed(reason: String) -> VerifyError {
    VerifyError::MalformedSignature { reason }
}

/// Checks an ECDSA signature's form: `2 × field length` bytes of `r‖s` with 0 < r, s < n. This is
/// checked explicitly (not left to the library) because accepting r = s = 0 is CVE-2022-21449.
fn check_ecdsa_form<C: p256::elliptic_curve::Curve>(
    alg: Alg,
    curve: Curve,
    signature: &[u8],
) -> Result<(), VerifyError> {
    let half = curve.field_len();
    if signature.len() != 2 * half {
        return Err(malformed(format!(
            "an {alg} signature is {} bytes (r‖s, {half} bytes each, RFC 7518 §3.4); this one is {} bytes{}",
            2 * half,
            signature.len(),
            if signature.first() == Some(&0x30) { " and looks DER-encoded, which JWS does not use" } else { "" }
        )));
    }
    let (r, s) = signature.split_at(half);
    for (name, bytes) in [("r", r), ("s", s)] {
        match p256::elliptic_curve::ScalarPrimitive::<C>::from_slice(bytes) {
            Err(_) => {
                return Err(malformed(format!(
                    "{name} is not below the {} group order n",
                    curve.name()
                )))
            }
            Ok(v) if bool::from(v.is_zero()) => {
                return Err(malformed(format!(
                    "{name} is zero, which no valid ECDSA signature has (CVE-2022-21449, \"psychic signatures\")"
                )))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Verifies `signature` over a JWS signing input with `key` (a private key verifies with its
/// public half).
///
/// Order: `none` → [`VerifyError::Unsigned`]; [`Key::check_fits`] →
/// [`VerifyError::KeyMismatch`]; the signature's form (length; ECDSA r, s in 1..n) →
/// [`VerifyError::MalformedSignature`]; then the cryptography → [`VerifyError::InvalidSignature`].
/// HMAC tags are compared in constant time. PS* requires the salt length to equal the hash length.
pub fn verify(alg: Alg, key: &Key, input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
    if let Key::Oct(_) = key {
        return verify_secret(alg, key, input, signature);
    }
    precheck(alg, key, signature)?;
    let public = key.to_public().ok_or(VerifyError::InvalidSignature)?;
    match (&public, alg.hash()) {
        (Key::RsaPublic(k), Some(h)) => {
            let size = k.size();
            if signature.len() != size {
                return Err(malformed(format!(
                    "an {alg} signature with a {}-bit key is {size} bytes; this one is {} bytes",
                    k.n().bits(),
                    signature.len()
                )));
            }
            let hashed = digest(h, input);
            if alg.family() == Family::RsaPss {
                k.verify(pss(h), &hashed, signature).map_err(invalid)
            } else {
                verify_pkcs1v15(k, h, &hashed, signature)
            }
        }
        (Key::P256Public(k), _) => {
            use p256::ecdsa::signature::Verifier;
            check_ecdsa_form::<p256::NistP256>(alg, Curve::P256, signature)?;
            let sig = p256::ecdsa::Signature::from_slice(signature).map_err(invalid)?;
            p256::ecdsa::VerifyingKey::from(k)
                .verify(input, &sig)
                .map_err(invalid)
        }
        (Key::P384Public(k), _) => {
            use p384::ecdsa::signature::Verifier;
            check_ecdsa_form::<p384::NistP384>(alg, Curve::P384, signature)?;
            let sig = p384::ecdsa::Signature::from_slice(signature).map_err(invalid)?;
            p384::ecdsa::VerifyingKey::from(k)
                .verify(input, &sig)
                .map_err(invalid)
        }
        (Key::P521Public(k), _) => {
            use p521::ecdsa::signature::Verifier;
            check_ecdsa_form::<p521::NistP521>(alg, Curve::P521, signature)?;
            let sig = p521::ecdsa::Signature::from_slice(signature).map_err(invalid)?;
            p521::ecdsa::VerifyingKey::from_affine(*k.as_affine())
                .map_err(invalid)?
                .verify(input, &sig)
                .map_err(invalid)
        }
        (Key::Ed25519Public(k), _) => {
            let bytes: &[u8; 64] = signature.try_into().map_err(invalid)?;
            let sig = ed25519_dalek::Signature::from_bytes(bytes);
            k.verify_strict(input, &sig).map_err(invalid)
        }
        _ => Err(VerifyError::InvalidSignature),
    }
}

/// [`verify`] for HMAC secrets only, without the asymmetric-key code (see
/// [`crate::backend::SecretsOnly`]): the same checks in the same order for a secret; any other
/// key is [`VerifyError::InvalidSignature`].
pub fn verify_secret(
    alg: Alg,
    key: &Key,
    input: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    precheck(alg, key, signature)?;
    match (key, alg.hash()) {
        (Key::Oct(secret), Some(h)) => {
            let mac = hmac(h, secret.expose()).map_err(|_| VerifyError::InvalidSignature)?;
            if mac.check(input, signature) {
                Ok(())
            } else {
                Err(VerifyError::InvalidSignature)
            }
        }
        _ => Err(VerifyError::InvalidSignature),
    }
}

/// [`verify`]'s checks before any cryptography: `none`, whether the key fits, the signature's
/// length.
fn precheck(alg: Alg, key: &Key, signature: &[u8]) -> Result<(), VerifyError> {
    if alg == Alg::None {
        return Err(VerifyError::Unsigned);
    }
    key.check_fits(alg)?;
    if let Some(expected) = alg.signature_len() {
        if alg.family() != Family::Ecdsa && signature.len() != expected {
            return Err(malformed(format!(
                "an {alg} signature is {expected} bytes; this one is {} bytes",
                signature.len()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::keys::fixtures;
    use crate::secret::Secret;

    const INPUT: &[u8] = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0b2tlbmxhYiJ9";

    fn private_key_for(alg: Alg) -> Key {
        match alg.family() {
            Family::Hmac => Key::Oct(Secret::new(vec![
                0x42;
                alg.hash().map(Hash::len).unwrap_or(32)
            ])),
            Family::RsaPkcs1 | Family::RsaPss => fixtures::key(fixtures::RSA_PKCS1),
            Family::Ecdsa => match alg {
                Alg::ES256 => fixtures::key(fixtures::P256_SEC1),
                Alg::ES384 => fixtures::key(fixtures::P384_PKCS8),
                _ => fixtures::key(fixtures::P521_PKCS8),
            },
            Family::EdDsa => fixtures::key(fixtures::ED25519_PKCS8),
            Family::Unsecured => Key::Oct(Secret::new(vec![1])),
        }
    }

    #[test]
    fn every_algorithm_verifies_what_it_signed_and_rejects_a_changed_input() {
        for alg in Alg::signing() {
            let key = private_key_for(alg);
            let sig = sign(alg, &key, INPUT).unwrap_or_else(|e| panic!("{alg}: {e}"));
            if let Some(len) = alg.signature_len() {
                assert_eq!(sig.len(), len, "{alg}");
            }
            assert_eq!(
                verify(alg, &key, INPUT, &sig),
                Ok(()),
                "{alg} with the private key"
            );
            if let Some(public) = key.to_public() {
                assert_eq!(
                    verify(alg, &public, INPUT, &sig),
                    Ok(()),
                    "{alg} with the public key"
                );
            }
            assert_eq!(
                verify(
                    alg,
                    &key,
                    b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0",
                    &sig
                ),
                Err(VerifyError::InvalidSignature),
                "{alg}"
            );
            let mut flipped = sig.clone();
            if let Some(b) = flipped.last_mut() {
                *b ^= 1;
            }
            assert!(verify(alg, &key, INPUT, &flipped).is_err(), "{alg}");
        }
    }

    #[test]
    fn none_never_signs_and_never_verifies() {
        let key = Key::Oct(Secret::new(vec![1; 32]));
        assert_eq!(sign(Alg::None, &key, INPUT), Err(SignError::Unsigned));
        assert_eq!(
            verify(Alg::None, &key, INPUT, &[]),
            Err(VerifyError::Unsigned)
        );
        assert_eq!(VerifyError::Unsigned.code(), "unsigned");
    }

    #[test]
    fn a_public_key_cannot_sign() {
        let public = fixtures::key(fixtures::P256_SPKI);
        let err = sign(Alg::ES256, &public, INPUT).expect_err("public");
        assert_eq!(err.code(), "private_key_required");
        assert!(err.to_string().contains("EC P-256 public key"), "{err}");
    }

    #[test]
    fn verifying_hs256_with_an_rsa_public_key_is_refused_before_any_hmac() {
        let public = fixtures::key(fixtures::RSA_SPKI);
        let pem = crate::pem::to_pem(&public, crate::pem::PemFormat::Spki).expect("pem");
        // The classic attack: an HMAC made with the public key's PEM text as the secret.
        let forged =
            sign(Alg::HS256, &Key::Oct(Secret::new(pem.into_bytes())), INPUT).expect("hmac");
        match verify(Alg::HS256, &public, INPUT, &forged) {
            Err(VerifyError::KeyMismatch(m)) => {
                assert!(m.reason.contains("algorithm-confusion"), "{m}");
            }
            other => panic!("expected a key mismatch, got {other:?}"),
        }
    }

    #[test]
    fn ecdsa_signatures_with_r_or_s_zero_are_malformed_not_verified() {
        for alg in [Alg::ES256, Alg::ES384, Alg::ES512] {
            let key = private_key_for(alg);
            let len = alg.signature_len().unwrap_or(0);
            let good = sign(alg, &key, INPUT).expect("signs");
            let half = len / 2;
            let zero = vec![0u8; len];
            let mut r_zero = good.clone();
            r_zero[..half].fill(0);
            let mut s_zero = good.clone();
            s_zero[half..].fill(0);
            for (what, sig) in [("r=s=0", zero), ("r=0", r_zero), ("s=0", s_zero)] {
                match verify(alg, &key, INPUT, &sig) {
                    Err(VerifyError::MalformedSignature { reason }) => {
                        assert!(reason.contains("is zero"), "{alg} {what}: {reason}")
                    }
                    other => panic!("{alg} {what}: expected malformed, got {other:?}"),
                }
            }
            let mut r_too_big = good.clone();
            r_too_big[..half].fill(0xff);
            match verify(alg, &key, INPUT, &r_too_big) {
                Err(VerifyError::MalformedSignature { reason }) => {
                    assert!(reason.contains("group order"), "{alg}: {reason}")
                }
                other => panic!("{alg}: expected malformed, got {other:?}"),
            }
        }
    }

    #[test]
    fn signatures_of_the_wrong_length_are_malformed() {
        let hs = private_key_for(Alg::HS256);
        let err = verify(Alg::HS256, &hs, INPUT, &[0; 16]).expect_err("short");
        assert_eq!(err.code(), "malformed_signature");
        assert!(err.to_string().contains("32 bytes"), "{err}");
        let ec = private_key_for(Alg::ES256);
        let der = [0x30, 0x44, 0x02, 0x20];
        let err = verify(Alg::ES256, &ec, INPUT, &der).expect_err("der");
        assert!(err.to_string().contains("DER"), "{err}");
        let rsa = private_key_for(Alg::RS256);
        let err = verify(Alg::RS256, &rsa, INPUT, &[1; 255]).expect_err("rsa length");
        assert!(err.to_string().contains("256 bytes"), "{err}");
        let ed = private_key_for(Alg::EdDSA);
        assert_eq!(
            verify(Alg::EdDSA, &ed, INPUT, &[0; 63]).map_err(|e| e.code()),
            Err("malformed_signature")
        );
    }

    #[test]
    fn an_rsa_key_too_small_for_pss_512_says_how_large_it_must_be() {
        let small = fixtures::key(fixtures::RSA1024_PKCS8);
        assert_eq!(small.description(), "RSA 1024-bit private key");
        let err = sign(Alg::PS512, &small, INPUT).expect_err("too small");
        assert_eq!(err.code(), "sign_failed");
        assert!(err.to_string().contains("at least 1041 bits"), "{err}");
        let sig = sign(Alg::PS256, &small, INPUT).expect("PS256 fits in 1024 bits");
        assert_eq!(verify(Alg::PS256, &small, INPUT, &sig), Ok(()));
    }

    #[test]
    fn an_invalid_signature_says_nothing_more() {
        let key = private_key_for(Alg::HS256);
        let err = verify(Alg::HS256, &key, INPUT, &[0; 32]).expect_err("wrong");
        assert_eq!(err.to_string(), "invalid signature");
        assert_eq!(err.code(), "invalid_signature");
    }

    #[test]
    fn openssl_signatures_verify_and_deterministic_ones_match_byte_for_byte() {
        let rsa = fixtures::key(fixtures::RSA_PKCS8);
        let rsa_public = fixtures::key(fixtures::RSA_SPKI);
        assert_eq!(
            sign(Alg::RS256, &rsa, fixtures::MESSAGE).as_deref(),
            Ok(fixtures::MESSAGE_RS256)
        );
        assert_eq!(
            verify(
                Alg::RS256,
                &rsa_public,
                fixtures::MESSAGE,
                fixtures::MESSAGE_RS256
            ),
            Ok(())
        );
        assert_eq!(
            verify(
                Alg::PS512,
                &rsa_public,
                fixtures::MESSAGE,
                fixtures::MESSAGE_PS512
            ),
            Ok(())
        );
        assert_eq!(
            verify(
                Alg::PS256,
                &rsa_public,
                fixtures::MESSAGE,
                fixtures::MESSAGE_PS512
            ),
            Err(VerifyError::InvalidSignature)
        );
        let ed = fixtures::key(fixtures::ED25519_PKCS8);
        let ed_public = fixtures::key(fixtures::ED25519_SPKI);
        assert_eq!(
            sign(Alg::EdDSA, &ed, fixtures::MESSAGE).as_deref(),
            Ok(fixtures::MESSAGE_ED25519)
        );
        assert_eq!(
            verify(
                Alg::EdDSA,
                &ed_public,
                fixtures::MESSAGE,
                fixtures::MESSAGE_ED25519
            ),
            Ok(())
        );
    }

    /// RFC 6979 appendix A.2.5 (P-256, SHA-256) and A.2.6 (P-384, SHA-384), message "sample":
    /// ES256 and ES384 are signed from the secret scalar alone (`ecdsa_rfc6979`), and give the
    /// RFC's deterministic signatures and the same bytes as `ecdsa::SigningKey`.
    #[test]
    fn ecdsa_signatures_are_rfc_6979_and_the_same_as_a_signing_key_gives() {
        let hex = |h: &str| -> Vec<u8> {
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex"))
                .collect()
        };
        let p256 = Key::P256Private(
            p256::SecretKey::from_slice(&hex(
                "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
            ))
            .expect("scalar"),
        );
        assert_eq!(
            sign(Alg::ES256, &p256, b"sample"),
            Ok(hex(concat!(
                "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
                "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
            )))
        );
        let p384 = Key::P384Private(
            p384::SecretKey::from_slice(&hex(concat!(
                "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba",
                "9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5"
            )))
            .expect("scalar"),
        );
        assert_eq!(
            sign(Alg::ES384, &p384, b"sample"),
            Ok(hex(concat!(
                "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c",
                "81a648152e44acf96e36dd1e80fabe46",
                "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94f",
                "a329c145786e679e7b82c71a38628ac8"
            )))
        );
        use ecdsa::signature::Signer;
        let (Key::P256Private(a), Key::P384Private(b)) = (
            fixtures::key(fixtures::P256_SEC1),
            fixtures::key(fixtures::P384_PKCS8),
        ) else {
            panic!("fixtures are EC private keys");
        };
        let with_signing_key: p256::ecdsa::Signature =
            p256::ecdsa::SigningKey::from(&a).sign(INPUT);
        assert_eq!(
            sign(Alg::ES256, &Key::P256Private(a), INPUT),
            Ok(with_signing_key.to_bytes().to_vec())
        );
        let with_signing_key: p384::ecdsa::Signature =
            p384::ecdsa::SigningKey::from(&b).sign(INPUT);
        assert_eq!(
            sign(Alg::ES384, &Key::P384Private(b), INPUT),
            Ok(with_signing_key.to_bytes().to_vec())
        );
    }

    /// ES512 is signed from the secret scalar with a fresh random nonce, as p521's `SigningKey`
    /// signs: two signatures of the same input differ, and both verify with the public key.
    #[test]
    fn es512_signatures_take_a_fresh_nonce_and_verify_with_the_public_key() {
        let key = fixtures::key(fixtures::P521_PKCS8);
        let public = key.to_public().expect("public half");
        let a = sign(Alg::ES512, &key, INPUT).expect("signs");
        let b = sign(Alg::ES512, &key, INPUT).expect("signs");
        assert_ne!(a, b);
        for sig in [a, b] {
            assert_eq!(sig.len(), 132);
            assert_eq!(verify(Alg::ES512, &public, INPUT, &sig), Ok(()));
        }
    }

    #[test]
    fn every_algorithm_round_trips_through_its_registered_name_and_serde() {
        for alg in Alg::ALL {
            assert_eq!(Alg::parse(alg.name()), Some(alg), "{alg}");
            let json = serde_json::to_string(&alg).expect("serialize");
            assert_eq!(json, format!("\"{}\"", alg.name()));
            let back: Alg = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, alg);
        }
    }

    #[test]
    fn algorithm_names_are_case_sensitive() {
        assert_eq!(Alg::parse("hs256"), None);
        assert_eq!(Alg::parse("None"), None);
        assert_eq!(Alg::parse("NONE"), None);
        assert_eq!(Alg::parse("none"), Some(Alg::None));
    }

    #[test]
    fn ecdsa_signatures_have_the_raw_r_s_length_of_their_curve() {
        assert_eq!(Alg::ES256.signature_len(), Some(64));
        assert_eq!(Alg::ES384.signature_len(), Some(96));
        assert_eq!(Alg::ES512.signature_len(), Some(132));
        assert_eq!(Alg::EdDSA.signature_len(), Some(64));
        assert_eq!(Alg::HS384.signature_len(), Some(48));
        assert_eq!(Alg::RS256.signature_len(), None);
    }

    #[test]
    fn key_types_follow_the_family() {
        assert_eq!(Alg::PS512.kty(), Some("RSA"));
        assert_eq!(Alg::ES512.kty(), Some("EC"));
        assert_eq!(Alg::EdDSA.kty(), Some("OKP"));
        assert_eq!(Alg::HS256.kty(), Some("oct"));
        assert_eq!(Alg::None.kty(), None);
        assert!(Alg::signing().all(|a| a != Alg::None));
    }
}
