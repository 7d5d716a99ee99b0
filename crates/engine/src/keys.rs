//! Keys: one [`Key`] type for every key Tokenlab can sign or verify with, the facts shown about a
//! key, whether a key fits an algorithm (RFC 8725 algorithm confusion is refused here), reading keys
//! from pasted text (PEM, JWK, JWKS or a secret), picking a key from a JWKS, and generating keys.

use rand_core::CryptoRngCore;
use rsa::traits::PublicKeyParts;
use serde::{Deserialize, Serialize};

use crate::jwa::{Alg, Curve, Family};
use crate::secret::{decode_secret, Secret, SecretEncoding};
use crate::TooLarge;

/// A key Tokenlab can sign or verify with.
///
/// `Debug` prints only a description (`Key(RSA 2048-bit private key)`), never key material.
#[derive(Clone)]
pub enum Key {
    /// A shared HMAC secret (`kty: "oct"`).
    Oct(Secret),
    /// An RSA public key.
    RsaPublic(rsa::RsaPublicKey),
    /// An RSA private key (boxed: it is large).
    RsaPrivate(Box<rsa::RsaPrivateKey>),
    /// A P-256 public key.
    P256Public(p256::PublicKey),
    /// A P-256 private key.
    P256Private(p256::SecretKey),
    /// A P-384 public key.
    P384Public(p384::PublicKey),
    /// A P-384 private key.
    P384Private(p384::SecretKey),
    /// A P-521 public key.
    P521Public(p521::PublicKey),
    /// A P-521 private key.
    P521Private(p521::SecretKey),
    /// An Ed25519 public key.
    Ed25519Public(ed25519_dalek::VerifyingKey),
    /// An Ed25519 private key (boxed to keep [`Key`] small).
    Ed25519Private(Box<ed25519_dalek::SigningKey>),
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.description())
    }
}

impl Key {
    /// The JWK `kty`: `"oct"`, `"RSA"`, `"EC"` or `"OKP"`.
    pub fn kty(&self) -> &'static str {
        match self {
            Key::Oct(_) => "oct",
            Key::RsaPublic(_) | Key::RsaPrivate(_) => "RSA",
            Key::P256Public(_)
            | Key::P256Private(_)
            | Key::P384Public(_)
            | Key::P384Private(_)
            | Key::P521Public(_)
            | Key::P521Private(_) => "EC",
            Key::Ed25519Public(_) | Key::Ed25519Private(_) => "OKP",
        }
    }

    /// True for private asymmetric keys and for HMAC secrets (which are private by nature).
    pub fn is_private(&self) -> bool {
        matches!(
            self,
            Key::Oct(_)
                | Key::RsaPrivate(_)
                | Key::P256Private(_)
                | Key::P384Private(_)
                | Key::P521Private(_)
                | Key::Ed25519Private(_)
        )
    }

    /// True for RSA, EC and OKP keys (public or private); false for HMAC secrets.
    pub fn is_asymmetric(&self) -> bool {
        !matches!(self, Key::Oct(_))
    }

    /// The public half of an asymmetric key (a public key returns a copy of itself); `None` for an
    /// HMAC secret, which has no public half.
    pub fn to_public(&self) -> Option<Key> {
        Some(match self {
            Key::Oct(_) => return None,
            Key::RsaPublic(k) => Key::RsaPublic(k.clone()),
            Key::RsaPrivate(k) => Key::RsaPublic(k.to_public_key()),
            Key::P256Public(k) => Key::P256Public(*k),
            Key::P256Private(k) => Key::P256Public(k.public_key()),
            Key::P384Public(k) => Key::P384Public(*k),
            Key::P384Private(k) => Key::P384Public(k.public_key()),
            Key::P521Public(k) => Key::P521Public(*k),
            Key::P521Private(k) => Key::P521Public(k.public_key()),
            Key::Ed25519Public(k) => Key::Ed25519Public(*k),
            Key::Ed25519Private(k) => Key::Ed25519Public(k.verifying_key()),
        })
    }

    /// Size in bits: the RSA modulus length, the curve size (256/384/521; 256 for Ed25519), or the
    /// length of an HMAC secret.
    pub fn bits(&self) -> usize {
        match self {
            Key::Oct(s) => s.bits(),
            Key::RsaPublic(k) => k.n().bits(),
            Key::RsaPrivate(k) => k.n().bits(),
            Key::P256Public(_) | Key::P256Private(_) => 256,
            Key::P384Public(_) | Key::P384Private(_) => 384,
            Key::P521Public(_) | Key::P521Private(_) => 521,
            Key::Ed25519Public(_) | Key::Ed25519Private(_) => 256,
        }
    }

    /// The curve of an EC or OKP key.
    pub fn curve(&self) -> Option<Curve> {
        match self {
            Key::Oct(_) | Key::RsaPublic(_) | Key::RsaPrivate(_) => None,
            Key::P256Public(_) | Key::P256Private(_) => Some(Curve::P256),
            Key::P384Public(_) | Key::P384Private(_) => Some(Curve::P384),
            Key::P521Public(_) | Key::P521Private(_) => Some(Curve::P521),
            Key::Ed25519Public(_) | Key::Ed25519Private(_) => Some(Curve::Ed25519),
        }
    }

    /// The kind of key without its visibility: `"RSA"`, `"EC P-256"`, `"Ed25519"`, `"HMAC"`.
    fn kind(&self) -> String {
        match (self, self.curve()) {
            (Key::Oct(_), _) => "HMAC".to_string(),
            (Key::RsaPublic(_) | Key::RsaPrivate(_), _) => "RSA".to_string(),
            (_, Some(Curve::Ed25519)) => "Ed25519".to_string(),
            (_, Some(c)) => format!("EC {}", c.name()),
            (_, None) => self.kty().to_string(),
        }
    }

    /// A short human description: `"RSA 2048-bit private key"`, `"EC P-256 public key"`,
    /// `"Ed25519 private key"`, `"HMAC secret, 256 bits"`.
    pub fn description(&self) -> String {
        let half = if self.is_private() {
            "private"
        } else {
            "public"
        };
        match self {
            Key::Oct(s) => format!("HMAC secret, {} bits", s.bits()),
            Key::RsaPublic(_) | Key::RsaPrivate(_) => format!("RSA {}-bit {half} key", self.bits()),
            _ => format!("{} {half} key", self.kind()),
        }
    }

    /// [`Key::description`] with an indefinite article (`"an RSA 2048-bit public key"`).
    fn with_article(&self) -> String {
        // Every description starts with "RSA", "EC", "Ed25519" or "HMAC": all take "an".
        format!("an {}", self.description())
    }

    /// Everything the UI and the CLI show about a key.
    pub fn facts(&self) -> KeyFacts {
        KeyFacts {
            kty: self.kty(),
            description: self.description(),
            bits: self.bits(),
            curve: self.curve().map(Curve::name),
            private: self.is_private(),
            thumbprint: Some(crate::jwk::thumbprint(self)),
            suitable_algs: Alg::ALL
                .into_iter()
                .filter(|a| self.check_fits(*a).is_ok())
                .collect(),
        }
    }

    /// Whether this key may be used with `alg` at all (before any cryptography).
    ///
    /// Refuses, with a reason a person can act on:
    /// - any RSA, EC or Ed25519 key for `HS*`: a public key used as an HMAC secret is the
    ///   algorithm-confusion attack (RFC 8725 §2.1, §3.1); the key is never turned into a secret;
    /// - an empty HMAC secret;
    /// - anything but RSA for `RS*`/`PS*`, anything but the exact curve for `ES*` (ES256 needs
    ///   P-256, RFC 7518 §3.4), anything but Ed25519 for `EdDSA`;
    /// - every key for `none`, which uses no key.
    ///
    /// Weak keys (short secrets, RSA under 2048 bits) fit: warning about them is the lints' job.
    pub fn check_fits(&self, alg: Alg) -> Result<(), KeyMismatch> {
        let mismatch = |reason: String| {
            Err(KeyMismatch {
                alg,
                key_description: self.description(),
                reason,
            })
        };
        match (alg.family(), self) {
            (Family::Unsecured, _) => mismatch(format!(
                "\"none\" uses no key, so {} cannot be used with it",
                self.with_article()
            )),
            (Family::Hmac, Key::Oct(s)) if s.is_empty() => {
                mismatch("the HMAC secret is empty".to_string())
            }
            (Family::Hmac, Key::Oct(_)) => Ok(()),
            (Family::Hmac, k) if !k.is_private() => mismatch(format!(
                "{} was given for {alg}; using a public key as an HMAC secret is the \
                 algorithm-confusion attack (RFC 8725 §2.1), so it is refused",
                self.with_article()
            )),
            (Family::Hmac, _) => mismatch(format!(
                "{} was given for {alg}, which needs a shared HMAC secret; an asymmetric key is \
                 never used as an HMAC secret (RFC 8725 §2.1, algorithm confusion)",
                self.with_article()
            )),
            (Family::RsaPkcs1 | Family::RsaPss, Key::RsaPublic(_) | Key::RsaPrivate(_)) => Ok(()),
            (Family::RsaPkcs1 | Family::RsaPss, _) => mismatch(format!(
                "{alg} needs an RSA key, but {} was given",
                self.with_article()
            )),
            (Family::Ecdsa, k) => match (alg.curve(), k.curve(), k.kty()) {
                (Some(want), Some(have), "EC") if want == have => Ok(()),
                (Some(want), _, _) => mismatch(format!(
                    "{alg} needs an EC {} key (RFC 7518 §3.4), but {} was given",
                    want.name(),
                    self.with_article()
                )),
                (None, _, _) => mismatch(format!("{alg} has no curve")),
            },
            (Family::EdDsa, Key::Ed25519Public(_) | Key::Ed25519Private(_)) => Ok(()),
            (Family::EdDsa, _) => mismatch(format!(
                "EdDSA needs an Ed25519 key (kty \"OKP\"), but {} was given",
                self.with_article()
            )),
        }
    }
}

/// What the UI and the CLI show about a key (RFC 7517 vocabulary).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyFacts {
    /// JWK `kty`: `"oct"`, `"RSA"`, `"EC"` or `"OKP"`.
    pub kty: &'static str,
    /// `"RSA 2048-bit private key"`, `"EC P-256 public key"`, `"HMAC secret, 256 bits"`.
    pub description: String,
    /// See [`Key::bits`].
    pub bits: usize,
    /// JWK `crv` for EC and OKP keys.
    pub curve: Option<&'static str>,
    /// True for private keys and HMAC secrets.
    pub private: bool,
    /// RFC 7638 JWK thumbprint (SHA-256, base64url). Always present; RFC 7638 §3.2 defines it for
    /// `oct` keys too (`{"k","kty"}`). Note that an HMAC secret's thumbprint is a hash of the secret
    /// and lets anyone who sees it test guesses of a weak secret offline.
    pub thumbprint: Option<String>,
    /// Every algorithm [`Key::check_fits`] accepts, in [`Alg::ALL`] order.
    pub suitable_algs: Vec<Alg>,
}

/// The key does not fit the algorithm (stable code `alg_key_mismatch`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the key does not fit {alg}: {reason}")]
pub struct KeyMismatch {
    /// The algorithm the key was offered for.
    pub alg: Alg,
    /// [`Key::description`] of the offered key.
    pub key_description: String,
    /// Why, as a sentence (names RFC 8725 algorithm confusion where that is the case).
    pub reason: String,
}

impl KeyMismatch {
    /// Stable code: `"alg_key_mismatch"`.
    pub fn code(&self) -> &'static str {
        "alg_key_mismatch"
    }
}

/// Where a key came from, as the UI names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// A secret typed in the given encoding.
    Secret(SecretEncoding),
    /// A PEM block: `"SPKI public key"`, `"PKCS#1 RSA public key"`, `"PKCS#1 RSA private key"`,
    /// `"PKCS#8 private key"`, `"SEC1 EC private key"` or `"X.509 certificate"`.
    Pem(&'static str),
    /// A JWK, alone or in a JWKS.
    Jwk,
}

impl KeySource {
    /// `"secret (base64)"`, `"PEM (SPKI public key)"`, `"JWK"`.
    pub fn label(&self) -> String {
        match self {
            KeySource::Secret(enc) => format!("secret ({})", enc.label()),
            KeySource::Pem(kind) => format!("PEM ({kind})"),
            KeySource::Jwk => "JWK".to_string(),
        }
    }
}

/// A key with the JWK metadata that came with it.
#[derive(Clone, Debug)]
pub struct KeyEntry {
    /// The key.
    pub key: Key,
    /// JWK `kid`.
    pub kid: Option<String>,
    /// JWK `alg` (kept as text: it may name an algorithm Tokenlab does not know).
    pub alg: Option<String>,
    /// JWK `use` (`"sig"` or `"enc"`).
    pub use_: Option<String>,
    /// Where the key came from.
    pub source: KeySource,
}

impl KeyEntry {
    /// An entry without metadata.
    pub fn new(key: Key, source: KeySource) -> KeyEntry {
        KeyEntry {
            key,
            kid: None,
            alg: None,
            use_: None,
            source,
        }
    }

    /// `"RSA 2048-bit public key (kid \"a\")"`, for candidate lists.
    pub fn label(&self) -> String {
        match &self.kid {
            Some(kid) => format!("{} (kid \"{kid}\")", self.key.description()),
            None => self.key.description(),
        }
    }

    /// True when the entry may serve `alg`: the key fits, its JWK `alg` (if any) names `alg`, and
    /// its `use` (if any) is `"sig"`.
    pub fn serves(&self, alg: Alg) -> bool {
        self.key.check_fits(alg).is_ok()
            && self.alg.as_deref().is_none_or(|a| a == alg.name())
            && self.use_.as_deref().is_none_or(|u| u == "sig")
    }
}

/// The key material given for verification: one key, or a JWKS.
// One KeyInput exists per pasted key; boxing the single entry would only complicate matching.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum KeyInput {
    /// One key (a secret, a PEM block, a single JWK).
    Single(KeyEntry),
    /// The usable keys of a JWKS, in document order. Entries that could not be read are reported
    /// by [`parse_key_report`] in [`ParsedKey::skipped`] (and left out here).
    Set(Vec<KeyEntry>),
}

/// A JWKS member that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedKey {
    /// Position in the `keys` array (0-based).
    pub index: usize,
    /// Its `kid`, when it had a string one.
    pub kid: Option<String>,
    /// Why it was skipped.
    pub error: KeyError,
}

impl std::fmt::Display for SkippedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kid {
            Some(kid) => write!(f, "key {} (kid \"{kid}\"): {}", self.index, self.error),
            None => write!(f, "key {}: {}", self.index, self.error),
        }
    }
}

/// [`parse_key_report`]'s result: the keys, plus JWKS members that were skipped.
#[derive(Clone, Debug)]
pub struct ParsedKey {
    /// The usable key or keys.
    pub input: KeyInput,
    /// JWKS members that could not be read (always empty for a single key).
    pub skipped: Vec<SkippedKey>,
}

/// Which key of a [`KeyInput`] to use for a token.
#[derive(Clone, Debug)]
pub enum Selection<'a> {
    /// One key was picked.
    Chosen {
        /// The key.
        entry: &'a KeyEntry,
        /// Why it was picked: `kid "abc" matched`, `the only key given`.
        why: String,
    },
    /// Several keys fit equally well; the UI lists them and lets the person choose.
    Ambiguous {
        /// The keys that fit.
        candidates: Vec<&'a KeyEntry>,
    },
    /// No key fits.
    NoMatch {
        /// Why, naming the kids or keys available.
        why: String,
    },
}

impl KeyInput {
    /// Every entry (one for [`KeyInput::Single`]).
    pub fn entries(&self) -> &[KeyEntry] {
        match self {
            KeyInput::Single(e) => std::slice::from_ref(e),
            KeyInput::Set(v) => v,
        }
    }

    /// Picks the key for a token with header `kid` (if any) and algorithm `alg`.
    ///
    /// - A single key is always chosen (whether it fits `alg` is decided later by
    ///   [`Key::check_fits`], which gives the better message).
    /// - In a set, a token `kid` selects by exact `kid`; if no key has it, there is no match (the
    ///   available kids are named). Several keys with that kid are narrowed by [`KeyEntry::serves`].
    /// - Without a `kid`, the keys that serve `alg` are the candidates: one is chosen, several are
    ///   ambiguous.
    pub fn select(&self, kid: Option<&str>, alg: Alg) -> Selection<'_> {
        let entries = match self {
            KeyInput::Single(entry) => {
                let why = match (kid, entry.kid.as_deref()) {
                    (Some(want), Some(have)) if want != have => format!(
                        "the only key given (its kid \"{have}\" differs from the token's kid \"{want}\")"
                    ),
                    _ => "the only key given".to_string(),
                };
                return Selection::Chosen { entry, why };
            }
            KeyInput::Set(entries) => entries,
        };
        if let Some(want) = kid {
            let same_kid: Vec<&KeyEntry> = entries
                .iter()
                .filter(|e| e.kid.as_deref() == Some(want))
                .collect();
            return match same_kid.as_slice() {
                [] => Selection::NoMatch {
                    why: format!(
                        "no key in the set has kid \"{want}\"; {}",
                        available_kids(entries)
                    ),
                },
                [only] => Selection::Chosen {
                    entry: only,
                    why: format!("kid \"{want}\" matched"),
                },
                several => {
                    let serving: Vec<&KeyEntry> =
                        several.iter().copied().filter(|e| e.serves(alg)).collect();
                    match serving.as_slice() {
                        [only] => Selection::Chosen {
                            entry: only,
                            why: format!(
                                "kid \"{want}\" matched {} keys; only one fits {alg}",
                                several.len()
                            ),
                        },
                        [] => Selection::NoMatch {
                            why: format!(
                                "{} keys have kid \"{want}\" but none fits {alg}",
                                several.len()
                            ),
                        },
                        _ => Selection::Ambiguous {
                            candidates: serving,
                        },
                    }
                }
            };
        }
        let serving: Vec<&KeyEntry> = entries.iter().filter(|e| e.serves(alg)).collect();
        match serving.as_slice() {
            [only] => Selection::Chosen {
                entry: only,
                why: format!(
                    "the token has no kid and this is the only key in the set that fits {alg}"
                ),
            },
            [] => Selection::NoMatch {
                why: format!(
                    "the token has no kid and no key in the set fits {alg}; the set has {}",
                    list_entries(entries)
                ),
            },
            _ => Selection::Ambiguous {
                candidates: serving,
            },
        }
    }
}

fn available_kids(entries: &[KeyEntry]) -> String {
    let kids: Vec<String> = entries
        .iter()
        .filter_map(|e| e.kid.as_ref().map(|k| format!("\"{k}\"")))
        .collect();
    if kids.is_empty() {
        "its keys have no kid".to_string()
    } else {
        format!("the kids available are {}", kids.join(", "))
    }
}

fn list_entries(entries: &[KeyEntry]) -> String {
    if entries.is_empty() {
        return "no keys".to_string();
    }
    entries
        .iter()
        .map(KeyEntry::label)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reading a key failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Nothing (or only whitespace) was given.
    #[error("no key was given")]
    Empty,
    /// The input is over [`crate::MAX_INPUT_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// A PEM block is damaged (boundaries, base64, headers).
    #[error("the PEM block \"{label}\" is not valid: {reason}")]
    InvalidPem {
        /// The label after `-----BEGIN ` (may be empty when the boundary itself is broken).
        label: String,
        /// What is wrong.
        reason: String,
    },
    /// A PEM block with a label Tokenlab does not read.
    #[error("PEM blocks labelled \"{label}\" are not supported{hint}")]
    UnsupportedPem {
        /// The label.
        label: String,
        /// Extra advice, starting with `"; "` (or empty).
        hint: String,
    },
    /// The DER inside a PEM block does not parse as the structure its label promises.
    #[error("the {what} inside the PEM block is not valid DER: {reason}")]
    BadDer {
        /// `"SPKI public key"`, `"PKCS#8 private key"`, ….
        what: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// A key algorithm Tokenlab does not handle (DSA, X25519, RSA-PSS-only keys, …).
    #[error("{what} keys are not supported; Tokenlab reads RSA, EC P-256/P-384/P-521, Ed25519 and HMAC secrets")]
    UnsupportedKeyType {
        /// The key type, by name or OID.
        what: String,
    },
    /// An elliptic curve Tokenlab does not handle.
    #[error("the curve {curve} is not supported; Tokenlab reads P-256, P-384, P-521 and Ed25519")]
    UnsupportedCurve {
        /// The curve, by name or OID.
        curve: String,
    },
    /// The structure parsed but the numbers do not make a valid key.
    #[error("the {what} is not a valid key: {reason}")]
    InvalidKey {
        /// What was being read (`"RSA public key"`, `"P-256 public key"`).
        what: String,
        /// What is wrong.
        reason: String,
    },
    /// The text starts with `{` but is not JSON.
    #[error("the key looks like JSON but does not parse: {reason} (line {line}, column {column})")]
    InvalidJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        reason: String,
    },
    /// A JWK member is missing or wrong.
    #[error("the JWK member \"{member}\" {reason}")]
    InvalidJwk {
        /// The member name (`"n"`, `"crv"`, `"kty"`).
        member: String,
        /// What is wrong, continuing the sentence (`"is missing"`, `"is not base64url: …"`).
        reason: String,
    },
    /// A JWK's private part does not match its public part.
    #[error("the JWK's private part does not belong to its public part: {reason}")]
    InconsistentJwk {
        /// What does not match.
        reason: String,
    },
    /// A JWKS with no key Tokenlab could read.
    #[error("the JWKS has no usable key{}", describe_skipped(.skipped))]
    NoUsableKey {
        /// Every member and why it was skipped (empty for `"keys": []`).
        skipped: Vec<SkippedKey>,
    },
    /// A secret could not be decoded in the chosen encoding.
    #[error("the secret is not valid {encoding}: {reason}")]
    InvalidSecret {
        /// The chosen encoding.
        encoding: SecretEncoding,
        /// Byte offset in the secret text of the character at fault.
        offset: usize,
        /// What is wrong (names the character and the offset).
        reason: String,
    },
    /// Key generation failed.
    #[error("key generation failed: {reason}")]
    Generation {
        /// The generator's message.
        reason: String,
    },
    /// The key cannot be written in the requested format.
    #[error("{key} cannot be written as {format}")]
    UnsupportedExport {
        /// `"PKCS#1 RSA private key"`, ….
        format: &'static str,
        /// [`Key::with_article`]-style description of the key.
        key: String,
    },
    /// Encoding a key to DER/PEM failed (not expected for keys Tokenlab holds).
    #[error("the key could not be encoded: {reason}")]
    Encoding {
        /// The encoder's message.
        reason: String,
    },
    /// The text is PEM or JSON, and the analysis ran with [`crate::backend::SecretsOnly`]: the
    /// code that reads such keys is not there (yet).
    #[error("PEM, JWK and JWKS keys are read by code that is not loaded yet")]
    CodeNotLoaded,
}

fn describe_skipped(skipped: &[SkippedKey]) -> String {
    if skipped.is_empty() {
        " (its \"keys\" array is empty)".to_string()
    } else {
        let parts: Vec<String> = skipped.iter().map(SkippedKey::to_string).collect();
        format!(": {}", parts.join("; "))
    }
}

impl KeyError {
    /// Stable snake_case code for the UI, the CLI's `--json` and tests.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::Empty => "key_empty",
            KeyError::TooLarge(_) => "too_large",
            KeyError::InvalidPem { .. } => "invalid_pem",
            KeyError::UnsupportedPem { .. } => "unsupported_pem_label",
            KeyError::BadDer { .. } => "bad_der",
            KeyError::UnsupportedKeyType { .. } => "unsupported_key_type",
            KeyError::UnsupportedCurve { .. } => "unsupported_curve",
            KeyError::InvalidKey { .. } => "invalid_key",
            KeyError::InvalidJson { .. } => "invalid_json",
            KeyError::InvalidJwk { .. } => "invalid_jwk",
            KeyError::InconsistentJwk { .. } => "jwk_inconsistent",
            KeyError::NoUsableKey { .. } => "jwks_no_usable_key",
            KeyError::InvalidSecret { .. } => "invalid_secret",
            KeyError::Generation { .. } => "keygen_failed",
            KeyError::UnsupportedExport { .. } => "unsupported_export",
            KeyError::Encoding { .. } => "encode_failed",
            KeyError::CodeNotLoaded => "key_code_not_loaded",
        }
    }
}

/// Reads key material pasted by a person, recognising its form from the text:
///
/// - contains `-----BEGIN` → PEM (see [`crate::pem::parse_pem`]);
/// - starts with `{` → JSON: an object with `"keys"` is a JWKS, anything else a JWK;
/// - otherwise a secret in `secret_encoding` (see [`decode_secret`]; UTF-8 secrets are taken
///   exactly as given, without trimming).
///
/// Inputs over [`crate::MAX_INPUT_BYTES`] are refused before parsing. JWKS members that cannot be
/// read are left out; use [`parse_key_report`] to learn which and why.
pub fn parse_key(text: &str, secret_encoding: SecretEncoding) -> Result<KeyInput, KeyError> {
    parse_key_report(text, secret_encoding).map(|parsed| parsed.input)
}

/// [`parse_key`], also reporting the JWKS members that were skipped.
pub fn parse_key_report(
    text: &str,
    secret_encoding: SecretEncoding,
) -> Result<ParsedKey, KeyError> {
    match key_form(text)? {
        KeyForm::Pem(trimmed) => {
            let (key, kind) = crate::pem::parse_pem(trimmed)?;
            Ok(single(KeyEntry::new(key, KeySource::Pem(kind))))
        }
        KeyForm::Json(trimmed) => {
            let value: serde_json::Value =
                serde_json::from_str(trimmed).map_err(|e| KeyError::InvalidJson {
                    line: e.line(),
                    column: e.column(),
                    reason: json_reason(&e),
                })?;
            if value.get("keys").is_some() {
                let (entries, skipped) = crate::jwk::parse_jwks(&value)?;
                return Ok(ParsedKey {
                    input: KeyInput::Set(entries),
                    skipped,
                });
            }
            Ok(single(crate::jwk::parse_jwk(&value)?))
        }
        KeyForm::Secret => read_secret(text, secret_encoding),
    }
}

/// [`parse_key_report`] without the code that reads PEM, JWK and JWKS (see
/// [`crate::backend::SecretsOnly`]): a secret is read exactly as there, and key text in one of
/// those forms is [`KeyError::CodeNotLoaded`].
pub fn parse_secret_report(
    text: &str,
    secret_encoding: SecretEncoding,
) -> Result<ParsedKey, KeyError> {
    match key_form(text)? {
        KeyForm::Pem(_) | KeyForm::Json(_) => Err(KeyError::CodeNotLoaded),
        KeyForm::Secret => read_secret(text, secret_encoding),
    }
}

/// Which of [`parse_key_report`]'s forms key text is in.
enum KeyForm<'a> {
    /// PEM, with the text trimmed.
    Pem(&'a str),
    /// JSON (a JWK or a JWKS), trimmed.
    Json(&'a str),
    /// Anything else: a secret.
    Secret,
}

/// Refuses text over the size limit and blank text, then tells the form (see [`parse_key`]).
fn key_form(text: &str) -> Result<KeyForm<'_>, KeyError> {
    crate::check_size(text)?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        Err(KeyError::Empty)
    } else if trimmed.contains("-----BEGIN") {
        Ok(KeyForm::Pem(trimmed))
    } else if trimmed.starts_with('{') {
        Ok(KeyForm::Json(trimmed))
    } else {
        Ok(KeyForm::Secret)
    }
}

/// A secret in `secret_encoding` (UTF-8 secrets are taken exactly as given, without trimming).
fn read_secret(text: &str, secret_encoding: SecretEncoding) -> Result<ParsedKey, KeyError> {
    let secret = decode_secret(text, secret_encoding)?;
    if secret.is_empty() {
        return Err(KeyError::Empty);
    }
    Ok(single(KeyEntry::new(
        Key::Oct(secret),
        KeySource::Secret(secret_encoding),
    )))
}

fn single(entry: KeyEntry) -> ParsedKey {
    ParsedKey {
        input: KeyInput::Single(entry),
        skipped: Vec::new(),
    }
}

/// serde_json's message without its own " at line L column C" suffix (we add ours).
fn json_reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full.get(..i).unwrap_or(&full).to_string(),
        None => full,
    }
}

/// The keys Tokenlab can generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyGenKind {
    /// A 256-bit HMAC secret.
    Hs256,
    /// A 384-bit HMAC secret.
    Hs384,
    /// A 512-bit HMAC secret.
    Hs512,
    /// A 2048-bit RSA key pair.
    Rsa2048,
    /// A 3072-bit RSA key pair.
    Rsa3072,
    /// A 4096-bit RSA key pair.
    Rsa4096,
    /// A P-256 key pair.
    P256,
    /// A P-384 key pair.
    P384,
    /// A P-521 key pair.
    P521,
    /// An Ed25519 key pair.
    Ed25519,
}

impl KeyGenKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [KeyGenKind; 10] = [
        KeyGenKind::Hs256,
        KeyGenKind::Hs384,
        KeyGenKind::Hs512,
        KeyGenKind::Rsa2048,
        KeyGenKind::Rsa3072,
        KeyGenKind::Rsa4096,
        KeyGenKind::P256,
        KeyGenKind::P384,
        KeyGenKind::P521,
        KeyGenKind::Ed25519,
    ];

    /// The command-line name: `"hs256"`, `"rsa2048"`, `"p256"`, `"ed25519"`.
    pub fn name(self) -> &'static str {
        match self {
            KeyGenKind::Hs256 => "hs256",
            KeyGenKind::Hs384 => "hs384",
            KeyGenKind::Hs512 => "hs512",
            KeyGenKind::Rsa2048 => "rsa2048",
            KeyGenKind::Rsa3072 => "rsa3072",
            KeyGenKind::Rsa4096 => "rsa4096",
            KeyGenKind::P256 => "p256",
            KeyGenKind::P384 => "p384",
            KeyGenKind::P521 => "p521",
            KeyGenKind::Ed25519 => "ed25519",
        }
    }

    /// A human label: `"HMAC secret (256 bits)"`, `"RSA 2048"`, `"EC P-256"`, `"Ed25519"`.
    pub fn label(self) -> &'static str {
        match self {
            KeyGenKind::Hs256 => "HMAC secret (256 bits)",
            KeyGenKind::Hs384 => "HMAC secret (384 bits)",
            KeyGenKind::Hs512 => "HMAC secret (512 bits)",
            KeyGenKind::Rsa2048 => "RSA 2048",
            KeyGenKind::Rsa3072 => "RSA 3072",
            KeyGenKind::Rsa4096 => "RSA 4096",
            KeyGenKind::P256 => "EC P-256",
            KeyGenKind::P384 => "EC P-384",
            KeyGenKind::P521 => "EC P-521",
            KeyGenKind::Ed25519 => "Ed25519",
        }
    }

    /// Parses a command-line name, case-insensitively; `-` and `_` are ignored, so `"P-256"`,
    /// `"rsa-2048"` and `"HS256"` work too.
    pub fn parse(name: &str) -> Option<KeyGenKind> {
        let wanted: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        KeyGenKind::ALL.into_iter().find(|k| k.name() == wanted)
    }

    /// The algorithm a key of this kind is usually used with (HS*, RS256, ES*, EdDSA).
    pub fn default_alg(self) -> Alg {
        match self {
            KeyGenKind::Hs256 => Alg::HS256,
            KeyGenKind::Hs384 => Alg::HS384,
            KeyGenKind::Hs512 => Alg::HS512,
            KeyGenKind::Rsa2048 | KeyGenKind::Rsa3072 | KeyGenKind::Rsa4096 => Alg::RS256,
            KeyGenKind::P256 => Alg::ES256,
            KeyGenKind::P384 => Alg::ES384,
            KeyGenKind::P521 => Alg::ES512,
            KeyGenKind::Ed25519 => Alg::EdDSA,
        }
    }

    /// The kind to generate for `alg` (RS*/PS* → RSA 2048; `none` → `None`).
    pub fn for_alg(alg: Alg) -> Option<KeyGenKind> {
        match alg {
            Alg::HS256 => Some(KeyGenKind::Hs256),
            Alg::HS384 => Some(KeyGenKind::Hs384),
            Alg::HS512 => Some(KeyGenKind::Hs512),
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Some(KeyGenKind::Rsa2048)
            }
            Alg::ES256 => Some(KeyGenKind::P256),
            Alg::ES384 => Some(KeyGenKind::P384),
            Alg::ES512 => Some(KeyGenKind::P521),
            Alg::EdDSA => Some(KeyGenKind::Ed25519),
            Alg::None => None,
        }
    }
}

impl std::fmt::Display for KeyGenKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Generates a fresh key (RSA takes seconds in a debug build; release builds are fast).
///
/// HMAC secrets are as long as the hash (RFC 7518 §3.2). RSA keys use e = 65537.
pub fn generate(kind: KeyGenKind, rng: &mut impl CryptoRngCore) -> Result<Key, KeyError> {
    let secret = |rng: &mut dyn CryptoRngCore, len: usize| {
        let mut bytes = vec![0u8; len];
        rng.fill_bytes(&mut bytes);
        Key::Oct(Secret::new(bytes))
    };
    let rsa = |rng: &mut dyn CryptoRngCore, bits: usize| {
        rsa::RsaPrivateKey::new(rng, bits)
            .map(|k| Key::RsaPrivate(Box::new(k)))
            .map_err(|e| KeyError::Generation {
                reason: e.to_string(),
            })
    };
    Ok(match kind {
        KeyGenKind::Hs256 => secret(rng, 32),
        KeyGenKind::Hs384 => secret(rng, 48),
        KeyGenKind::Hs512 => secret(rng, 64),
        KeyGenKind::Rsa2048 => rsa(rng, 2048)?,
        KeyGenKind::Rsa3072 => rsa(rng, 3072)?,
        KeyGenKind::Rsa4096 => rsa(rng, 4096)?,
        KeyGenKind::P256 => Key::P256Private(p256::SecretKey::random(rng)),
        KeyGenKind::P384 => Key::P384Private(p384::SecretKey::random(rng)),
        KeyGenKind::P521 => Key::P521Private(p521::SecretKey::random(rng)),
        KeyGenKind::Ed25519 => {
            Key::Ed25519Private(Box::new(ed25519_dalek::SigningKey::generate(rng)))
        }
    })
}

/// Fixture keys made by OpenSSL (see `tests/fixtures/README.md`), for unit tests in every module.
#[cfg(test)]
pub(crate) mod fixtures {
    pub const RSA_PKCS8: &str = include_str!("../tests/fixtures/rsa2048-pkcs8.pem");
    pub const RSA_PKCS1: &str = include_str!("../tests/fixtures/rsa2048-pkcs1.pem");
    pub const RSA_SPKI: &str = include_str!("../tests/fixtures/rsa2048-spki.pem");
    pub const RSA_PKCS1_PUBLIC: &str = include_str!("../tests/fixtures/rsa2048-pkcs1-public.pem");
    pub const RSA_CERT: &str = include_str!("../tests/fixtures/rsa2048-cert.pem");
    pub const RSA1024_PKCS8: &str = include_str!("../tests/fixtures/rsa1024-pkcs8.pem");
    pub const P256_SEC1: &str = include_str!("../tests/fixtures/p256-sec1.pem");
    pub const P256_SPKI: &str = include_str!("../tests/fixtures/p256-spki.pem");
    pub const P384_PKCS8: &str = include_str!("../tests/fixtures/p384-pkcs8.pem");
    pub const P521_PKCS8: &str = include_str!("../tests/fixtures/p521-pkcs8.pem");
    pub const P521_CERT: &str = include_str!("../tests/fixtures/p521-cert.pem");
    pub const ED25519_PKCS8: &str = include_str!("../tests/fixtures/ed25519-pkcs8.pem");
    pub const ED25519_SPKI: &str = include_str!("../tests/fixtures/ed25519-spki.pem");
    pub const MESSAGE: &[u8] = include_bytes!("../tests/fixtures/message.txt");
    pub const MESSAGE_RS256: &[u8] = include_bytes!("../tests/fixtures/message.rs256.sig");
    pub const MESSAGE_PS512: &[u8] = include_bytes!("../tests/fixtures/message.ps512.sig");
    pub const MESSAGE_ED25519: &[u8] = include_bytes!("../tests/fixtures/message.ed25519.sig");

    /// Every PEM fixture with the source kind it must be reported as.
    pub const ALL: [(&str, &str, &str); 12] = [
        ("rsa2048-pkcs8", RSA_PKCS8, "PKCS#8 private key"),
        ("rsa2048-pkcs1", RSA_PKCS1, "PKCS#1 RSA private key"),
        ("rsa2048-spki", RSA_SPKI, "SPKI public key"),
        (
            "rsa2048-pkcs1-public",
            RSA_PKCS1_PUBLIC,
            "PKCS#1 RSA public key",
        ),
        ("rsa2048-cert", RSA_CERT, "X.509 certificate"),
        ("p256-sec1", P256_SEC1, "SEC1 EC private key"),
        ("p256-spki", P256_SPKI, "SPKI public key"),
        ("p384-pkcs8", P384_PKCS8, "PKCS#8 private key"),
        ("p521-pkcs8", P521_PKCS8, "PKCS#8 private key"),
        ("p521-cert", P521_CERT, "X.509 certificate"),
        ("ed25519-pkcs8", ED25519_PKCS8, "PKCS#8 private key"),
        ("ed25519-spki", ED25519_SPKI, "SPKI public key"),
    ];

    /// The key in a PEM fixture.
    pub fn key(pem: &str) -> super::Key {
        crate::pem::parse_pem(pem).expect("fixture parses").0
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::fixtures::*;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn single(input: KeyInput) -> KeyEntry {
        match input {
            KeyInput::Single(entry) => entry,
            KeyInput::Set(_) => panic!("expected a single key"),
        }
    }

    fn entry(key: Key, kid: Option<&str>) -> KeyEntry {
        KeyEntry {
            key,
            kid: kid.map(str::to_string),
            alg: None,
            use_: None,
            source: KeySource::Jwk,
        }
    }

    #[test]
    fn every_openssl_fixture_reads_as_the_key_its_name_says() {
        let expected = [
            "RSA 2048-bit private key",
            "RSA 2048-bit private key",
            "RSA 2048-bit public key",
            "RSA 2048-bit public key",
            "RSA 2048-bit public key",
            "EC P-256 private key",
            "EC P-256 public key",
            "EC P-384 private key",
            "EC P-521 private key",
            "EC P-521 public key",
            "Ed25519 private key",
            "Ed25519 public key",
        ];
        for ((name, pem, kind), description) in ALL.iter().zip(expected) {
            let entry = single(parse_key(pem, SecretEncoding::Utf8).expect(name));
            assert_eq!(entry.source, KeySource::Pem(kind), "{name}");
            assert_eq!(entry.key.description(), description, "{name}");
        }
    }

    #[test]
    fn all_files_of_one_key_share_one_thumbprint() {
        for group in [
            &[RSA_PKCS8, RSA_PKCS1, RSA_SPKI, RSA_PKCS1_PUBLIC, RSA_CERT][..],
            &[P256_SEC1, P256_SPKI],
            &[P521_PKCS8, P521_CERT],
            &[ED25519_PKCS8, ED25519_SPKI],
        ] {
            let prints: Vec<String> = group
                .iter()
                .map(|pem| crate::jwk::thumbprint(&key(pem)))
                .collect();
            assert!(prints.windows(2).all(|w| w[0] == w[1]), "{prints:?}");
        }
    }

    #[test]
    fn key_facts_describe_size_curve_and_suitable_algorithms() {
        let rsa = key(RSA_SPKI).facts();
        assert_eq!(rsa.kty, "RSA");
        assert_eq!(rsa.bits, 2048);
        assert!(!rsa.private);
        assert_eq!(rsa.curve, None);
        assert_eq!(
            rsa.suitable_algs,
            [
                Alg::RS256,
                Alg::RS384,
                Alg::RS512,
                Alg::PS256,
                Alg::PS384,
                Alg::PS512
            ]
        );
        let ec = key(P521_PKCS8).facts();
        assert_eq!(
            (ec.kty, ec.bits, ec.curve, ec.private),
            ("EC", 521, Some("P-521"), true)
        );
        assert_eq!(ec.suitable_algs, [Alg::ES512]);
        let ed = key(ED25519_SPKI).facts();
        assert_eq!((ed.kty, ed.curve), ("OKP", Some("Ed25519")));
        assert_eq!(ed.suitable_algs, [Alg::EdDSA]);
        let secret = Key::Oct(Secret::new(vec![7; 32])).facts();
        assert_eq!(secret.description, "HMAC secret, 256 bits");
        assert_eq!(secret.suitable_algs, [Alg::HS256, Alg::HS384, Alg::HS512]);
        assert!(secret.thumbprint.is_some());
    }

    #[test]
    fn private_keys_never_show_their_material_in_debug_output() {
        let k = key(P256_SEC1);
        assert_eq!(format!("{k:?}"), "Key(EC P-256 private key)");
        let s = Key::Oct(Secret::new(b"hunter2".to_vec()));
        assert!(!format!("{s:?}").contains("hunter2"));
        let e = single(parse_key(RSA_PKCS8, SecretEncoding::Utf8).expect("parses"));
        assert!(format!("{e:?}").contains("Key(RSA 2048-bit private key)"));
    }

    #[test]
    fn a_public_key_offered_for_hmac_is_refused_as_algorithm_confusion() {
        for pem in [RSA_SPKI, P256_SPKI, ED25519_SPKI] {
            let k = key(pem);
            for alg in [Alg::HS256, Alg::HS384, Alg::HS512] {
                let err = k.check_fits(alg).expect_err("refused");
                assert_eq!(err.code(), "alg_key_mismatch");
                assert!(err.reason.contains("algorithm-confusion"), "{err}");
                assert!(err.reason.contains(&format!("for {alg}")), "{err}");
            }
        }
        let err = key(RSA_SPKI).check_fits(Alg::HS256).expect_err("refused");
        assert_eq!(
            err.reason,
            "an RSA 2048-bit public key was given for HS256; using a public key as an HMAC \
             secret is the algorithm-confusion attack (RFC 8725 §2.1), so it is refused"
        );
        assert!(key(RSA_PKCS8).check_fits(Alg::HS256).is_err());
    }

    #[test]
    fn ecdsa_needs_exactly_its_curve_and_rsa_needs_rsa() {
        let p384 = key(P384_PKCS8);
        assert!(p384.check_fits(Alg::ES384).is_ok());
        let err = p384.check_fits(Alg::ES256).expect_err("wrong curve");
        assert!(err.reason.contains("needs an EC P-256 key"), "{err}");
        let secret = Key::Oct(Secret::new(vec![1; 32]));
        let err = secret.check_fits(Alg::RS256).expect_err("oct for RS256");
        assert!(err.reason.contains("needs an RSA key"), "{err}");
        assert!(key(ED25519_SPKI).check_fits(Alg::ES256).is_err());
        assert!(key(P256_SPKI).check_fits(Alg::EdDSA).is_err());
        assert!(key(RSA_SPKI).check_fits(Alg::None).is_err());
        assert!(Key::Oct(Secret::new(vec![]))
            .check_fits(Alg::HS256)
            .is_err());
    }

    #[test]
    fn parse_key_recognises_pem_jwk_jwks_and_secrets() {
        let pem =
            single(parse_key(&format!("\n  {P256_SPKI}\n"), SecretEncoding::Utf8).expect("pem"));
        assert_eq!(pem.source, KeySource::Pem("SPKI public key"));
        let jwk = r#"{"kty":"oct","k":"c2VjcmV0","kid":"one","alg":"HS256","use":"sig"}"#;
        let jwk = single(parse_key(jwk, SecretEncoding::Utf8).expect("jwk"));
        assert_eq!(jwk.source, KeySource::Jwk);
        assert_eq!(jwk.kid.as_deref(), Some("one"));
        assert_eq!(jwk.alg.as_deref(), Some("HS256"));
        assert_eq!(jwk.use_.as_deref(), Some("sig"));
        match parse_key(
            r#"{"keys":[{"kty":"oct","k":"AQID"}]}"#,
            SecretEncoding::Utf8,
        ) {
            Ok(KeyInput::Set(v)) => assert_eq!(v.len(), 1),
            other => panic!("expected a set, got {other:?}"),
        }
        let secret = single(parse_key("c2VjcmV0", SecretEncoding::Base64).expect("secret"));
        assert_eq!(secret.source, KeySource::Secret(SecretEncoding::Base64));
        match secret.key {
            Key::Oct(s) => assert_eq!(s.expose(), b"secret"),
            other => panic!("expected a secret, got {other:?}"),
        }
    }

    #[test]
    fn empty_oversized_and_broken_json_inputs_are_named() {
        assert_eq!(
            parse_key("  \n", SecretEncoding::Utf8).expect_err("empty"),
            KeyError::Empty
        );
        let huge = "a".repeat(crate::MAX_INPUT_BYTES + 1);
        assert_eq!(
            parse_key(&huge, SecretEncoding::Utf8)
                .expect_err("huge")
                .code(),
            "too_large"
        );
        let err =
            parse_key("{\"kty\": \"RSA\",\n \"n\": }", SecretEncoding::Utf8).expect_err("json");
        match err {
            KeyError::InvalidJson { line, .. } => assert_eq!(line, 2),
            other => panic!("expected invalid JSON, got {other:?}"),
        }
        let err = parse_key("{\"n\": \"AQAB\"}", SecretEncoding::Utf8).expect_err("no kty");
        assert_eq!(err.to_string(), "the JWK member \"kty\" is missing");
    }

    #[test]
    fn unreadable_jwks_members_are_skipped_and_reported() {
        let text = r#"{"keys":[{"kty":"RSA","kid":"bad","n":"a+b","e":"AQAB"},{"kty":"oct","kid":"good","k":"AQID"},{"kty":"X"}]}"#;
        let parsed = parse_key_report(text, SecretEncoding::Utf8).expect("parses");
        assert_eq!(parsed.input.entries().len(), 1);
        assert_eq!(parsed.skipped.len(), 2);
        assert_eq!(parsed.skipped[0].index, 0);
        assert_eq!(parsed.skipped[0].kid.as_deref(), Some("bad"));
        assert!(
            parsed.skipped[0].to_string().contains("\"n\""),
            "{}",
            parsed.skipped[0]
        );
        let err =
            parse_key(r#"{"keys":[{"kty":"X"}]}"#, SecretEncoding::Utf8).expect_err("none usable");
        assert_eq!(err.code(), "jwks_no_usable_key");
        assert!(err.to_string().contains("key 0"), "{err}");
        let err = parse_key(r#"{"keys":[]}"#, SecretEncoding::Utf8).expect_err("empty set");
        assert!(err.to_string().contains("empty"), "{err}");
    }

    #[test]
    fn a_jwks_key_is_selected_by_kid() {
        let set = KeyInput::Set(vec![
            entry(key(RSA_SPKI), Some("rsa-1")),
            entry(key(P256_SPKI), Some("ec-1")),
        ]);
        match set.select(Some("ec-1"), Alg::ES256) {
            Selection::Chosen { entry, why } => {
                assert_eq!(entry.kid.as_deref(), Some("ec-1"));
                assert_eq!(why, "kid \"ec-1\" matched");
            }
            other => panic!("expected a choice, got {other:?}"),
        }
        match set.select(Some("nope"), Alg::ES256) {
            Selection::NoMatch { why } => {
                assert!(why.contains("\"rsa-1\", \"ec-1\""), "{why}");
            }
            other => panic!("expected no match, got {other:?}"),
        }
    }

    #[test]
    fn without_a_kid_the_only_fitting_key_is_chosen_and_several_are_ambiguous() {
        let set = KeyInput::Set(vec![
            entry(key(RSA_SPKI), Some("rsa-1")),
            entry(key(RSA_CERT), Some("rsa-2")),
            entry(key(P256_SPKI), Some("ec-1")),
        ]);
        match set.select(None, Alg::ES256) {
            Selection::Chosen { entry, .. } => assert_eq!(entry.kid.as_deref(), Some("ec-1")),
            other => panic!("expected a choice, got {other:?}"),
        }
        match set.select(None, Alg::RS256) {
            Selection::Ambiguous { candidates } => assert_eq!(candidates.len(), 2),
            other => panic!("expected ambiguity, got {other:?}"),
        }
        match set.select(None, Alg::EdDSA) {
            Selection::NoMatch { why } => assert!(why.contains("EC P-256 public key"), "{why}"),
            other => panic!("expected no match, got {other:?}"),
        }
    }

    #[test]
    fn jwk_alg_and_use_narrow_the_candidates() {
        let mut signing = entry(key(RSA_SPKI), Some("a"));
        signing.alg = Some("RS256".to_string());
        let mut encrypting = entry(key(RSA_CERT), Some("b"));
        encrypting.use_ = Some("enc".to_string());
        let set = KeyInput::Set(vec![signing, encrypting]);
        assert!(matches!(
            set.select(None, Alg::RS256),
            Selection::Chosen { .. }
        ));
        assert!(matches!(
            set.select(None, Alg::PS256),
            Selection::NoMatch { .. }
        ));
    }

    #[test]
    fn a_single_key_is_chosen_even_when_its_kid_differs() {
        let one = KeyInput::Single(entry(key(P256_SPKI), Some("mine")));
        match one.select(Some("theirs"), Alg::ES256) {
            Selection::Chosen { why, .. } => assert!(why.contains("differs"), "{why}"),
            other => panic!("expected a choice, got {other:?}"),
        }
    }

    #[test]
    fn key_generation_kinds_parse_from_cli_names() {
        for kind in KeyGenKind::ALL {
            assert_eq!(KeyGenKind::parse(kind.name()), Some(kind));
            assert_eq!(
                KeyGenKind::for_alg(kind.default_alg()).map(|k| k.default_alg()),
                Some(kind.default_alg())
            );
        }
        assert_eq!(KeyGenKind::parse("P-256"), Some(KeyGenKind::P256));
        assert_eq!(KeyGenKind::parse("RSA-2048"), Some(KeyGenKind::Rsa2048));
        assert_eq!(KeyGenKind::parse("HS512"), Some(KeyGenKind::Hs512));
        assert_eq!(KeyGenKind::parse("dsa"), None);
        assert_eq!(KeyGenKind::for_alg(Alg::None), None);
    }

    #[test]
    fn generated_keys_have_the_requested_size() {
        let mut rng = rand_core::OsRng;
        for (kind, description) in [
            (KeyGenKind::Hs256, "HMAC secret, 256 bits"),
            (KeyGenKind::Hs384, "HMAC secret, 384 bits"),
            (KeyGenKind::Hs512, "HMAC secret, 512 bits"),
            (KeyGenKind::P256, "EC P-256 private key"),
            (KeyGenKind::P384, "EC P-384 private key"),
            (KeyGenKind::P521, "EC P-521 private key"),
            (KeyGenKind::Ed25519, "Ed25519 private key"),
        ] {
            let k = generate(kind, &mut rng).expect("generates");
            assert_eq!(k.description(), description);
            assert!(k.check_fits(kind.default_alg()).is_ok());
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", ignore)]
    fn a_generated_rsa_key_has_2048_bits() {
        let k = generate(KeyGenKind::Rsa2048, &mut rand_core::OsRng).expect("generates");
        assert_eq!(k.description(), "RSA 2048-bit private key");
        assert_eq!(k.to_public().map(|p| p.bits()), Some(2048));
    }
}
