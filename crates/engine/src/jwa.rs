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
    /// Output length in bytes.
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

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
