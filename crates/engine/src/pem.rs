//! PEM (RFC 7468) keys: reading SPKI, PKCS#1, PKCS#8, SEC1 and X.509 blocks into [`Key`]s, and
//! writing keys back out. The DER work is done by RustCrypto's format crates (`spki`, `pkcs1`,
//! `pkcs8`, `sec1`, `x509-cert`, `pem-rfc7468`); this module only dispatches and words errors.

use pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use pkcs8::der::{Decode, Encode};
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding, ObjectIdentifier};
use rsa::BigUint;

use p256::elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};

use crate::jwa::Curve;
use crate::keys::{Key, KeyError};

/// The PEM formats a key can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PemFormat {
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8, RFC 5958), for every private key type.
    Pkcs8Private,
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1, RFC 8017).
    Pkcs1Private,
    /// `-----BEGIN EC PRIVATE KEY-----` (SEC1, RFC 5915).
    Sec1Private,
    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, RFC 5280), for every public key type.
    Spki,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1).
    Pkcs1Public,
}

impl PemFormat {
    /// Every format, in the order the UI offers them.
    pub const ALL: [PemFormat; 5] = [
        PemFormat::Pkcs8Private,
        PemFormat::Pkcs1Private,
        PemFormat::Sec1Private,
        PemFormat::Spki,
        PemFormat::Pkcs1Public,
    ];

    /// `"PKCS#8 private key"`, `"SPKI public key"`, … (the same words [`parse_pem`] reports).
    pub fn label(self) -> &'static str {
        match self {
            PemFormat::Pkcs8Private => "PKCS#8 private key",
            PemFormat::Pkcs1Private => "PKCS#1 RSA private key",
            PemFormat::Sec1Private => "SEC1 EC private key",
            PemFormat::Spki => "SPKI public key",
            PemFormat::Pkcs1Public => "PKCS#1 RSA public key",
        }
    }

    /// The PEM label written after `-----BEGIN `.
    pub fn pem_label(self) -> &'static str {
        match self {
            PemFormat::Pkcs8Private => "PRIVATE KEY",
            PemFormat::Pkcs1Private => "RSA PRIVATE KEY",
            PemFormat::Sec1Private => "EC PRIVATE KEY",
            PemFormat::Spki => "PUBLIC KEY",
            PemFormat::Pkcs1Public => "RSA PUBLIC KEY",
        }
    }

    /// True for formats that hold private key material.
    pub fn is_private(self) -> bool {
        matches!(
            self,
            PemFormat::Pkcs8Private | PemFormat::Pkcs1Private | PemFormat::Sec1Private
        )
    }

    /// The formats `key` can be written in: private formats first (private keys only), then the
    /// public ones (a private key's public half). Empty for HMAC secrets.
    pub fn applicable(key: &Key) -> Vec<PemFormat> {
        let private = key.is_private();
        match key {
            Key::Oct(_) => vec![],
            Key::RsaPrivate(_) | Key::RsaPublic(_) if private => vec![
                PemFormat::Pkcs8Private,
                PemFormat::Pkcs1Private,
                PemFormat::Spki,
                PemFormat::Pkcs1Public,
            ],
            Key::RsaPrivate(_) | Key::RsaPublic(_) => vec![PemFormat::Spki, PemFormat::Pkcs1Public],
            Key::Ed25519Private(_) => vec![PemFormat::Pkcs8Private, PemFormat::Spki],
            _ if private => vec![
                PemFormat::Pkcs8Private,
                PemFormat::Sec1Private,
                PemFormat::Spki,
            ],
            _ => vec![PemFormat::Spki],
        }
    }
}

impl std::fmt::Display for PemFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// An RSA private key as PKCS#8 DER, the form the browser's WebCrypto imports (`importKey("pkcs8",
/// …)`); `None` for any other key.
pub fn rsa_private_pkcs8_der(key: &Key) -> Option<Vec<u8>> {
    match key {
        Key::RsaPrivate(k) => k.to_pkcs8_der().ok().map(|d| d.as_bytes().to_vec()),
        _ => None,
    }
}

/// Writes `key` as PEM (LF line endings). Public formats of a private key write its public half.
/// Fails with [`KeyError::UnsupportedExport`] for formats not in [`PemFormat::applicable`].
pub fn to_pem(key: &Key, format: PemFormat) -> Result<String, KeyError> {
    let unsupported = || KeyError::UnsupportedExport {
        format: format.label(),
        key: format!("an {}", key.description()),
    };
    let enc = |e: &dyn std::fmt::Display| KeyError::Encoding {
        reason: e.to_string(),
    };
    let lf = LineEnding::LF;
    let public = key.to_public();
    Ok(match (format, key) {
        (PemFormat::Pkcs8Private, Key::RsaPrivate(k)) => {
            k.to_pkcs8_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Pkcs8Private, Key::P256Private(k)) => {
            k.to_pkcs8_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Pkcs8Private, Key::P384Private(k)) => {
            k.to_pkcs8_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Pkcs8Private, Key::P521Private(k)) => {
            k.to_pkcs8_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Pkcs8Private, Key::Ed25519Private(k)) => {
            // Version 1 (no embedded public key), as `openssl genpkey -algorithm ed25519` writes;
            // ed25519-dalek's own encoder writes version 2, which older readers refuse.
            let bytes = ed25519_dalek::pkcs8::KeypairBytes {
                secret_key: k.to_bytes(),
                public_key: None,
            };
            bytes.to_pkcs8_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Pkcs1Private, Key::RsaPrivate(k)) => {
            k.to_pkcs1_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Sec1Private, Key::P256Private(k)) => {
            k.to_sec1_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Sec1Private, Key::P384Private(k)) => {
            k.to_sec1_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Sec1Private, Key::P521Private(k)) => {
            k.to_sec1_pem(lf).map_err(|e| enc(&e))?.to_string()
        }
        (PemFormat::Spki | PemFormat::Pkcs1Public, _) => match (format, public) {
            (PemFormat::Spki, Some(Key::RsaPublic(k))) => {
                k.to_public_key_pem(lf).map_err(|e| enc(&e))?
            }
            (PemFormat::Spki, Some(Key::P256Public(k))) => {
                k.to_public_key_pem(lf).map_err(|e| enc(&e))?
            }
            (PemFormat::Spki, Some(Key::P384Public(k))) => {
                k.to_public_key_pem(lf).map_err(|e| enc(&e))?
            }
            (PemFormat::Spki, Some(Key::P521Public(k))) => {
                k.to_public_key_pem(lf).map_err(|e| enc(&e))?
            }
            (PemFormat::Spki, Some(Key::Ed25519Public(k))) => {
                k.to_public_key_pem(lf).map_err(|e| enc(&e))?
            }
            (PemFormat::Pkcs1Public, Some(Key::RsaPublic(k))) => {
                k.to_pkcs1_pem(lf).map_err(|e| enc(&e))?
            }
            _ => return Err(unsupported()),
        },
        _ => return Err(unsupported()),
    })
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const RSA_ENCRYPTION: ObjectIdentifier = pkcs1::ALGORITHM_OID;
const EC_PUBLIC_KEY: ObjectIdentifier = p256::elliptic_curve::ALGORITHM_OID;
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const P256_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// Largest RSA modulus accepted, in bits (the `rsa` crate's default for public keys is 4096;
/// 8192-bit keys exist in the wild, so Tokenlab allows more, but not unbounded sizes).
pub const MAX_RSA_PUBLIC_BITS: usize = 16384;

/// Names for key-algorithm OIDs Tokenlab does not handle, for messages.
fn key_algorithm_name(oid: ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.113549.1.1.10" => "RSASSA-PSS-restricted RSA (id-RSASSA-PSS)".to_string(),
        "1.2.840.10040.4.1" => "DSA".to_string(),
        "1.3.101.110" => "X25519".to_string(),
        "1.3.101.111" => "X448".to_string(),
        "1.3.101.113" => "Ed448".to_string(),
        "1.2.840.10046.2.1" => "Diffie-Hellman".to_string(),
        other => format!("OID {other}"),
    }
}

/// Names for curve OIDs Tokenlab does not handle, for messages.
fn curve_name(oid: ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.3.132.0.10" => "secp256k1".to_string(),
        "1.2.840.10045.3.1.1" => "P-192".to_string(),
        "1.3.132.0.33" => "P-224".to_string(),
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1".to_string(),
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1".to_string(),
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1".to_string(),
        other => format!("OID {other}"),
    }
}

fn curve_from_oid(oid: ObjectIdentifier) -> Result<Curve, KeyError> {
    if oid == P256_OID {
        Ok(Curve::P256)
    } else if oid == P384_OID {
        Ok(Curve::P384)
    } else if oid == P521_OID {
        Ok(Curve::P521)
    } else {
        Err(KeyError::UnsupportedCurve {
            curve: curve_name(oid),
        })
    }
}

/// One `-----BEGIN …-----` … `-----END …-----` block, found leniently.
struct Block<'a> {
    label: &'a str,
    body: &'a str,
}

/// Finds every PEM block in `text` (text around and between blocks is ignored).
fn blocks(text: &str) -> Result<Vec<Block<'_>>, KeyError> {
    const BEGIN: &str = "-----BEGIN ";
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after = rest.get(start + BEGIN.len()..).unwrap_or("");
        let Some(label_end) = after.find("-----") else {
            return Err(KeyError::InvalidPem {
                label: String::new(),
                reason: "the \"-----BEGIN\" line does not end with \"-----\"".to_string(),
            });
        };
        let label = after.get(..label_end).unwrap_or("").trim();
        let body_and_rest = after.get(label_end + 5..).unwrap_or("");
        let end_line = format!("-----END {label}-----");
        let Some(body_end) = body_and_rest.find(&end_line) else {
            return Err(KeyError::InvalidPem {
                label: label.to_string(),
                reason: format!("the closing line \"{end_line}\" is missing"),
            });
        };
        found.push(Block {
            label,
            body: body_and_rest.get(..body_end).unwrap_or(""),
        });
        rest = body_and_rest.get(body_end + end_line.len()..).unwrap_or("");
    }
    Ok(found)
}

/// Decodes one block's base64 body through `pem-rfc7468`, after normalising the layout people
/// paste (CRLF, indentation, any line width).
fn decode_block(block: &Block<'_>) -> Result<Vec<u8>, KeyError> {
    let label = block.label;
    if block.body.lines().any(|l| l.contains(':')) {
        if block.body.contains("ENCRYPTED") {
            return Err(KeyError::UnsupportedPem {
                label: label.to_string(),
                hint: " with a passphrase (Proc-Type: 4,ENCRYPTED); decrypt it first, e.g. \
                       `openssl pkey -in key.pem -out plain.pem`"
                    .to_string(),
            });
        }
        return Err(KeyError::InvalidPem {
            label: label.to_string(),
            reason: "it has header lines (\"Name: value\"), which RFC 7468 does not allow"
                .to_string(),
        });
    }
    let base64: String = block
        .body
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if let Some((i, c)) = base64
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
    {
        return Err(KeyError::InvalidPem {
            label: label.to_string(),
            reason: format!("'{c}' (base64 character {i} of the body) is not a base64 character"),
        });
    }
    let mut normalised = format!("-----BEGIN {label}-----\n");
    let bytes = base64.as_bytes();
    for line in bytes.chunks(64) {
        normalised.push_str(std::str::from_utf8(line).unwrap_or(""));
        normalised.push('\n');
    }
    normalised.push_str(&format!("-----END {label}-----\n"));
    pem_rfc7468::decode_vec(normalised.as_bytes())
        .map(|(_, der)| der)
        .map_err(|e| KeyError::InvalidPem {
            label: label.to_string(),
            reason: e.to_string(),
        })
}

/// Reads the first key block of a PEM text. Returns the key and the kind of block it came from
/// (`"SPKI public key"`, `"PKCS#1 RSA public key"`, `"PKCS#1 RSA private key"`,
/// `"PKCS#8 private key"`, `"SEC1 EC private key"`, `"X.509 certificate"`).
///
/// `EC PARAMETERS` blocks (written by `openssl ecparam -genkey`) are skipped; in a certificate
/// chain the first certificate (the leaf) is read. Encrypted keys are refused with advice.
pub fn parse_pem(text: &str) -> Result<(Key, &'static str), KeyError> {
    crate::check_size(text)?;
    let all = blocks(text)?;
    let Some(block) = all.iter().find(|b| b.label != "EC PARAMETERS") else {
        return Err(KeyError::InvalidPem {
            label: String::new(),
            reason: "no key block was found (only EC PARAMETERS)".to_string(),
        });
    };
    let hint = |h: &str| KeyError::UnsupportedPem {
        label: block.label.to_string(),
        hint: h.to_string(),
    };
    match block.label {
        "PUBLIC KEY" => {
            let der = decode_block(block)?;
            Ok((parse_spki_der(&der)?, PemFormat::Spki.label()))
        }
        "RSA PUBLIC KEY" => {
            let der = decode_block(block)?;
            Ok((
                parse_pkcs1_public_der(&der)?,
                PemFormat::Pkcs1Public.label(),
            ))
        }
        "RSA PRIVATE KEY" => {
            let der = decode_block(block)?;
            Ok((
                parse_pkcs1_private_der(&der)?,
                PemFormat::Pkcs1Private.label(),
            ))
        }
        "PRIVATE KEY" => {
            let der = decode_block(block)?;
            Ok((parse_pkcs8_der(&der)?, PemFormat::Pkcs8Private.label()))
        }
        "EC PRIVATE KEY" => {
            let der = decode_block(block)?;
            Ok((parse_sec1_der(&der)?, PemFormat::Sec1Private.label()))
        }
        "CERTIFICATE" | "X509 CERTIFICATE" => {
            let der = decode_block(block)?;
            Ok((parse_certificate_der(&der)?, "X.509 certificate"))
        }
        "ENCRYPTED PRIVATE KEY" => Err(hint(
            ": the key is encrypted with a passphrase; decrypt it first, e.g. \
             `openssl pkey -in key.pem -out plain.pem`",
        )),
        "OPENSSH PRIVATE KEY" => Err(hint(
            ": convert the key to PKCS#8 first, e.g. `ssh-keygen -p -m PKCS8 -f key` (on a copy)",
        )),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Err(hint(
            ": extract its public key first, e.g. `openssl req -in csr.pem -pubkey -noout`",
        )),
        "DSA PRIVATE KEY" => Err(KeyError::UnsupportedKeyType {
            what: "DSA".to_string(),
        }),
        _ => Err(hint(
            "; Tokenlab reads PUBLIC KEY, RSA PUBLIC KEY, RSA PRIVATE KEY, PRIVATE KEY, \
             EC PRIVATE KEY and CERTIFICATE",
        )),
    }
}

fn bad_der<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> KeyError {
    move |e| KeyError::BadDer {
        what,
        reason: e.to_string(),
    }
}

fn invalid(what: &str, reason: impl std::fmt::Display) -> KeyError {
    KeyError::InvalidKey {
        what: what.to_string(),
        reason: reason.to_string(),
    }
}

/// An RSA public key from big-endian `n` and `e`, checked by the `rsa` crate (odd modulus,
/// 1 < e < n, e odd, at most [`MAX_RSA_PUBLIC_BITS`]).
pub fn rsa_public_from_be(n: &[u8], e: &[u8]) -> Result<rsa::RsaPublicKey, KeyError> {
    rsa::RsaPublicKey::new_with_max_size(
        BigUint::from_bytes_be(n),
        BigUint::from_bytes_be(e),
        MAX_RSA_PUBLIC_BITS,
    )
    .map_err(|e| invalid("RSA public key", rsa_reason(&e)))
}

/// Words the `rsa` crate's key errors as sentences.
pub(crate) fn rsa_reason(e: &rsa::Error) -> String {
    match e {
        rsa::Error::ModulusTooLarge => {
            format!("the modulus is over {MAX_RSA_PUBLIC_BITS} bits, the most Tokenlab reads")
        }
        rsa::Error::InvalidModulus => {
            "the modulus is even, or not the product of the primes".to_string()
        }
        rsa::Error::InvalidExponent => {
            "the exponents do not fit together (d·e ≢ 1 mod p−1) or e is even".to_string()
        }
        rsa::Error::PublicExponentTooSmall => "the public exponent e is below 3".to_string(),
        rsa::Error::PublicExponentTooLarge => "the public exponent e is too large".to_string(),
        rsa::Error::InvalidPrime => "a prime factor is invalid".to_string(),
        other => other.to_string(),
    }
}

/// A two-prime RSA private key from its components (`p`, `q` may be absent: they are then
/// recovered from `n`, `e`, `d`). The key is validated (Πprimes = n, d·e ≡ 1 mod p−1).
pub fn rsa_private_from_be(
    n: &[u8],
    e: &[u8],
    d: &[u8],
    primes: Option<(&[u8], &[u8])>,
) -> Result<rsa::RsaPrivateKey, KeyError> {
    // Refuse oversized moduli before any arithmetic on them (a pasted 2 MiB "n" must not hang).
    let n_bits = BigUint::from_bytes_be(n).bits();
    if n_bits > MAX_RSA_PUBLIC_BITS {
        return Err(invalid(
            "RSA private key",
            format!("the modulus has {n_bits} bits; Tokenlab reads RSA keys up to {MAX_RSA_PUBLIC_BITS} bits"),
        ));
    }
    let primes = match primes {
        Some((p, q)) => vec![BigUint::from_bytes_be(p), BigUint::from_bytes_be(q)],
        None => vec![],
    };
    rsa::RsaPrivateKey::from_components(
        BigUint::from_bytes_be(n),
        BigUint::from_bytes_be(e),
        BigUint::from_bytes_be(d),
        primes,
    )
    .map_err(|e| invalid("RSA private key", rsa_reason(&e)))
}

/// Reads a DER SubjectPublicKeyInfo (RSA, EC P-256/384/521 or Ed25519).
pub fn parse_spki_der(der: &[u8]) -> Result<Key, KeyError> {
    let what = "SPKI public key";
    let spki = spki::SubjectPublicKeyInfoRef::try_from(der).map_err(bad_der(what))?;
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| KeyError::BadDer {
            what,
            reason: "the public key BIT STRING has unused bits".to_string(),
        })?;
    let oid = spki.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        parse_pkcs1_public_der(bits)
    } else if oid == EC_PUBLIC_KEY {
        let curve_oid = spki
            .algorithm
            .parameters_oid()
            .map_err(|_| KeyError::BadDer {
                what,
                reason: "the EC key names no curve (only named curves are supported)".to_string(),
            })?;
        ec_public_from_sec1(curve_from_oid(curve_oid)?, bits)
    } else if oid == ED25519 {
        ed25519_public(bits)
    } else {
        Err(KeyError::UnsupportedKeyType {
            what: key_algorithm_name(oid),
        })
    }
}

/// An EC public key from a SEC1 point encoding (uncompressed or compressed), checked on the curve.
pub fn ec_public_from_sec1(curve: Curve, point: &[u8]) -> Result<Key, KeyError> {
    let what = format!("{} public key", curve.name());
    let not_on_curve = |_| {
        invalid(
            &what,
            "the point is not on the curve (or is the point at infinity)",
        )
    };
    Ok(match curve {
        Curve::P256 => {
            Key::P256Public(p256::PublicKey::from_sec1_bytes(point).map_err(not_on_curve)?)
        }
        Curve::P384 => {
            Key::P384Public(p384::PublicKey::from_sec1_bytes(point).map_err(not_on_curve)?)
        }
        Curve::P521 => {
            Key::P521Public(p521::PublicKey::from_sec1_bytes(point).map_err(not_on_curve)?)
        }
        Curve::Ed25519 => ed25519_public(point)?,
    })
}

/// An Ed25519 public key from its 32 bytes, refused if they do not decode to a curve point.
pub fn ed25519_public(bytes: &[u8]) -> Result<Key, KeyError> {
    let what = "Ed25519 public key";
    let array: &[u8; 32] = bytes
        .try_into()
        .map_err(|_| invalid(what, format!("it is {} bytes, not 32", bytes.len())))?;
    ed25519_dalek::VerifyingKey::from_bytes(array)
        .map(Key::Ed25519Public)
        .map_err(|_| invalid(what, "the bytes do not decode to a point on Ed25519"))
}

/// Reads a DER PKCS#1 RSAPublicKey.
pub fn parse_pkcs1_public_der(der: &[u8]) -> Result<Key, KeyError> {
    let k = pkcs1::RsaPublicKey::from_der(der).map_err(bad_der("PKCS#1 RSA public key"))?;
    rsa_public_from_be(k.modulus.as_bytes(), k.public_exponent.as_bytes()).map(Key::RsaPublic)
}

/// Reads a DER PKCS#1 RSAPrivateKey (two-prime only).
pub fn parse_pkcs1_private_der(der: &[u8]) -> Result<Key, KeyError> {
    let k = pkcs1::RsaPrivateKey::from_der(der).map_err(bad_der("PKCS#1 RSA private key"))?;
    if k.other_prime_infos.is_some() {
        return Err(KeyError::UnsupportedKeyType {
            what: "multi-prime RSA".to_string(),
        });
    }
    rsa_private_from_be(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
        k.private_exponent.as_bytes(),
        Some((k.prime1.as_bytes(), k.prime2.as_bytes())),
    )
    .map(|k| Key::RsaPrivate(Box::new(k)))
}

/// Reads a DER PKCS#8 PrivateKeyInfo (RSA, EC P-256/384/521 or Ed25519).
pub fn parse_pkcs8_der(der: &[u8]) -> Result<Key, KeyError> {
    let what = "PKCS#8 private key";
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|e| KeyError::BadDer {
        what,
        reason: e.to_string(),
    })?;
    let oid = info.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        parse_pkcs1_private_der(info.private_key)
    } else if oid == EC_PUBLIC_KEY {
        let curve_oid = info
            .algorithm
            .parameters_oid()
            .map_err(|_| KeyError::BadDer {
                what,
                reason: "the EC key names no curve (only named curves are supported)".to_string(),
            })?;
        let ec = sec1::EcPrivateKey::from_der(info.private_key).map_err(bad_der(what))?;
        ec_private_from_sec1(curve_from_oid(curve_oid)?, &ec)
    } else if oid == ED25519 {
        let key = ed25519_dalek::SigningKey::try_from(info).map_err(|e| {
            invalid(
                "Ed25519 private key",
                format!("{e} (or its embedded public key does not match)"),
            )
        })?;
        Ok(Key::Ed25519Private(Box::new(key)))
    } else {
        Err(KeyError::UnsupportedKeyType {
            what: key_algorithm_name(oid),
        })
    }
}

/// Reads a DER SEC1 ECPrivateKey. The curve comes from its parameters or, when they are absent,
/// from the length of the private scalar (32, 48 or 66 bytes).
pub fn parse_sec1_der(der: &[u8]) -> Result<Key, KeyError> {
    let ec = sec1::EcPrivateKey::from_der(der).map_err(bad_der("SEC1 EC private key"))?;
    let curve = match ec.parameters.and_then(|p| p.named_curve()) {
        Some(oid) => curve_from_oid(oid)?,
        None => match ec.private_key.len() {
            32 => Curve::P256,
            48 => Curve::P384,
            66 => Curve::P521,
            n => {
                return Err(KeyError::BadDer {
                    what: "SEC1 EC private key",
                    reason: format!("it names no curve and its {n}-byte scalar fits none"),
                })
            }
        },
    };
    ec_private_from_sec1(curve, &ec)
}

fn ec_private_from_sec1(curve: Curve, ec: &sec1::EcPrivateKey<'_>) -> Result<Key, KeyError> {
    Ok(match curve {
        Curve::P256 => Key::P256Private(ec_secret::<p256::NistP256>(curve, ec)?),
        Curve::P384 => Key::P384Private(ec_secret::<p384::NistP384>(curve, ec)?),
        Curve::P521 => Key::P521Private(ec_secret::<p521::NistP521>(curve, ec)?),
        Curve::Ed25519 => {
            return Err(invalid(
                "Ed25519 private key",
                "Ed25519 keys are not SEC1 keys",
            ))
        }
    })
}

/// Checks the scalar (0 < d < n) and, when the SEC1 structure carries a public key, that it is
/// the scalar's public key.
fn ec_secret<C>(
    curve: Curve,
    ec: &sec1::EcPrivateKey<'_>,
) -> Result<p256::elliptic_curve::SecretKey<C>, KeyError>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = ec_secret_from_scalar::<C>(curve, ec.private_key)?;
    if let Some(given) = ec.public_key {
        let matches = p256::elliptic_curve::PublicKey::<C>::from_sec1_bytes(given)
            .map(|pk| pk == secret.public_key())
            .unwrap_or(false);
        if !matches {
            return Err(invalid(
                &format!("{} private key", curve.name()),
                "its embedded public key is not the public key of its private scalar",
            ));
        }
    }
    Ok(secret)
}

/// An EC secret key from its big-endian scalar (shorter inputs are left-padded), refused when the
/// scalar is zero or not below the curve order.
pub(crate) fn ec_secret_from_scalar<C>(
    curve: Curve,
    scalar: &[u8],
) -> Result<p256::elliptic_curve::SecretKey<C>, KeyError>
where
    C: CurveArithmetic,
{
    let what = format!("{} private key", curve.name());
    if scalar.len() > curve.field_len() {
        return Err(invalid(
            &what,
            format!(
                "the private scalar is {} bytes; a {} scalar has {}",
                scalar.len(),
                curve.name(),
                curve.field_len()
            ),
        ));
    }
    let mut padded = vec![0u8; curve.field_len() - scalar.len()];
    padded.extend_from_slice(scalar);
    p256::elliptic_curve::SecretKey::<C>::from_slice(&padded).map_err(|_| {
        invalid(
            &what,
            "the private scalar is zero or not below the curve order",
        )
    })
}

/// Reads a DER X.509 certificate and returns its subject public key (the certificate's validity,
/// issuer and signature are not checked: Tokenlab only borrows the key).
pub fn parse_certificate_der(der: &[u8]) -> Result<Key, KeyError> {
    let what = "X.509 certificate";
    let cert = x509_cert::Certificate::from_der(der).map_err(bad_der(what))?;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(bad_der(what))?;
    parse_spki_der(&spki)
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    use crate::keys::{generate, KeyGenKind};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rng() -> rand_core::OsRng {
        rand_core::OsRng
    }

    #[test]
    fn every_ec_and_ed25519_key_round_trips_through_every_applicable_format() {
        for kind in [
            KeyGenKind::P256,
            KeyGenKind::P384,
            KeyGenKind::P521,
            KeyGenKind::Ed25519,
        ] {
            let key = generate(kind, &mut rng()).expect("generate");
            let thumb = crate::jwk::thumbprint(&key);
            for format in PemFormat::applicable(&key) {
                let pem = to_pem(&key, format).expect("to_pem");
                assert!(
                    pem.starts_with(&format!("-----BEGIN {}-----\n", format.pem_label())),
                    "{kind:?} {format:?}: {pem}"
                );
                let (back, source) = parse_pem(&pem).expect("parse_pem");
                assert_eq!(source, format.label(), "{kind:?} {format:?}");
                assert_eq!(
                    back.is_private(),
                    format.is_private(),
                    "{kind:?} {format:?}"
                );
                assert_eq!(crate::jwk::thumbprint(&back), thumb, "{kind:?} {format:?}");
            }
        }
    }

    #[test]
    fn formats_that_do_not_fit_the_key_are_refused() {
        let key = generate(KeyGenKind::P256, &mut rng()).expect("generate");
        let err = to_pem(&key, PemFormat::Pkcs1Private).expect_err("refused");
        assert_eq!(err.code(), "unsupported_export");
        let public = key.to_public().expect("public");
        assert!(to_pem(&public, PemFormat::Pkcs8Private).is_err());
        let secret = generate(KeyGenKind::Hs256, &mut rng()).expect("generate");
        assert!(PemFormat::applicable(&secret).is_empty());
        assert!(to_pem(&secret, PemFormat::Spki).is_err());
    }

    #[test]
    fn pem_pasted_with_crlf_indentation_and_long_lines_still_reads() {
        let key = generate(KeyGenKind::P256, &mut rng()).expect("generate");
        let pem = to_pem(&key, PemFormat::Spki).expect("pem");
        let body: String = pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
            .concat();
        let messy = format!(
            "Here is my key:\r\n   -----BEGIN PUBLIC KEY-----\r\n  {body}  \r\n-----END PUBLIC KEY-----  \r\n"
        );
        let (back, _) = parse_pem(&messy).expect("reads");
        assert_eq!(crate::jwk::thumbprint(&back), crate::jwk::thumbprint(&key));
    }

    #[test]
    fn ec_parameters_blocks_before_the_key_are_skipped() {
        let key = generate(KeyGenKind::P256, &mut rng()).expect("generate");
        let pem = to_pem(&key, PemFormat::Sec1Private).expect("pem");
        let with_params = format!(
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{pem}"
        );
        let (back, source) = parse_pem(&with_params).expect("reads");
        assert_eq!(source, "SEC1 EC private key");
        assert!(back.is_private());
    }

    #[test]
    fn damaged_pem_is_reported_with_its_label() {
        let err = parse_pem("-----BEGIN PUBLIC KEY-----\nMFkw!EwYHKoZI\n-----END PUBLIC KEY-----")
            .expect_err("bad base64");
        assert_eq!(err.code(), "invalid_pem");
        assert!(err.to_string().contains("'!'"), "{err}");
        let err = parse_pem("-----BEGIN PUBLIC KEY-----\nMFkw\n").expect_err("no end");
        assert!(
            err.to_string().contains("-----END PUBLIC KEY-----"),
            "{err}"
        );
        let err = parse_pem("-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----")
            .expect_err("bad der");
        assert_eq!(err.code(), "bad_der");
    }

    #[test]
    fn oversized_rsa_moduli_are_refused_before_any_arithmetic() {
        let huge = vec![0xffu8; MAX_RSA_PUBLIC_BITS / 8 + 1];
        let err = rsa_public_from_be(&huge, &[1, 0, 1]).expect_err("too large");
        assert!(err.to_string().contains("over 16384 bits"), "{err}");
        let err = rsa_private_from_be(&huge, &[1, 0, 1], &[3], None).expect_err("too large");
        assert!(err.to_string().contains("up to 16384 bits"), "{err}");
    }

    #[test]
    fn encrypted_and_unknown_pem_labels_are_refused_with_advice() {
        let err = parse_pem(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        )
        .expect_err("encrypted");
        assert_eq!(err.code(), "unsupported_pem_label");
        assert!(err.to_string().contains("openssl pkey"), "{err}");
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----";
        let err = parse_pem(legacy).expect_err("legacy encrypted");
        assert!(err.to_string().contains("passphrase"), "{err}");
        let err = parse_pem("-----BEGIN FOO-----\nAAAA\n-----END FOO-----").expect_err("unknown");
        assert!(err.to_string().contains("\"FOO\""), "{err}");
    }
}
