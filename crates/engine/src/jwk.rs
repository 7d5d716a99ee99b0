//! JSON Web Keys (RFC 7517) with the key-type members of RFC 7518 §6 and RFC 8037 §2, JWK Sets,
//! and RFC 7638 thumbprints.
//!
//! [`Jwk`] mirrors the RFC member names, tagged by `kty`; reading and writing JSON happens in
//! [`Jwk::from_value`] / [`Jwk::to_value`], and the conversions between a [`Jwk`] and the `rsa`,
//! `p256`/`p384`/`p521` and `ed25519-dalek` types behind [`Key`] live apart, at the end of the file,
//! as `TryFrom`/`From` impls.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::BigUint;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::jwa::Curve;
use crate::keys::{Key, KeyEntry, KeyError, KeySource, SkippedKey};
use crate::secret::Secret;

/// A JWK's key material, by `kty`. Public values are plain bytes; private values are [`Secret`]s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jwk {
    /// `kty: "oct"` (RFC 7518 §6.4).
    Oct(OctJwk),
    /// `kty: "RSA"` (RFC 7518 §6.3).
    Rsa(RsaJwk),
    /// `kty: "EC"` (RFC 7518 §6.2).
    Ec(EcJwk),
    /// `kty: "OKP"` (RFC 8037 §2).
    Okp(OkpJwk),
}

/// Members of a symmetric JWK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OctJwk {
    /// `k`: the key value.
    pub k: Secret,
}

/// Members of an RSA JWK (big-endian unsigned integers, RFC 7518 §6.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaJwk {
    /// `n`: modulus.
    pub n: Vec<u8>,
    /// `e`: public exponent.
    pub e: Vec<u8>,
    /// Private members, when `d` is present.
    pub private: Option<RsaPrivateJwk>,
}

/// Private members of an RSA JWK (RFC 7518 §6.3.2). Only `d` is required; the others come
/// together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaPrivateJwk {
    /// `d`: private exponent.
    pub d: Secret,
    /// `p`: first prime factor.
    pub p: Option<Secret>,
    /// `q`: second prime factor.
    pub q: Option<Secret>,
    /// `dp`: d mod (p − 1).
    pub dp: Option<Secret>,
    /// `dq`: d mod (q − 1).
    pub dq: Option<Secret>,
    /// `qi`: q⁻¹ mod p.
    pub qi: Option<Secret>,
}

/// Members of an EC JWK (RFC 7518 §6.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcJwk {
    /// `crv`: `"P-256"`, `"P-384"` or `"P-521"`.
    pub crv: Curve,
    /// `x`: x coordinate, full field length.
    pub x: Vec<u8>,
    /// `y`: y coordinate, full field length.
    pub y: Vec<u8>,
    /// `d`: private scalar.
    pub d: Option<Secret>,
}

/// Members of an OKP JWK (RFC 8037 §2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OkpJwk {
    /// `crv`: `"Ed25519"`.
    pub crv: Curve,
    /// `x`: public key bytes.
    pub x: Vec<u8>,
    /// `d`: private key bytes.
    pub d: Option<Secret>,
}

fn b64u(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn jwk_error(member: &str, reason: impl Into<String>) -> KeyError {
    KeyError::InvalidJwk {
        member: member.to_string(),
        reason: reason.into(),
    }
}

/// Why `text` is not unpadded base64url (RFC 7515 §2), as the end of a sentence.
fn base64url_problem(text: &str, e: &base64::DecodeError) -> String {
    let char_at = |i: usize| text.get(i..).and_then(|s| s.chars().next()).unwrap_or('?');
    match e {
        base64::DecodeError::InvalidByte(i, b'=') => format!(
            "is not base64url: '=' padding at offset {i} is not allowed in JWKs (RFC 7515 §2)"
        ),
        base64::DecodeError::InvalidByte(i, b @ (b'+' | b'/')) => format!(
            "is not base64url: '{}' at offset {i} belongs to standard base64, not base64url",
            *b as char
        ),
        base64::DecodeError::InvalidByte(i, _) => {
            format!("is not base64url: '{}' at offset {i} is not a base64url character", char_at(*i))
        }
        base64::DecodeError::InvalidLength(_) => format!(
            "is not base64url: {} characters leave one character over",
            text.len()
        ),
        base64::DecodeError::InvalidLastSymbol(i, _) => format!(
            "is not base64url: the last character '{}' at offset {i} has unused bits set (non-canonical)",
            char_at(*i)
        ),
        base64::DecodeError::InvalidPadding => "is not base64url: its padding is wrong".to_string(),
    }
}

/// Reads JWK members from a JSON object, wording every problem with the member's name.
struct Members<'a>(&'a Map<String, Value>);

impl<'a> Members<'a> {
    fn string(&self, name: &str) -> Result<Option<&'a str>, KeyError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(jwk_error(name, "must be a string")),
        }
    }

    fn required_string(&self, name: &str) -> Result<&'a str, KeyError> {
        self.string(name)?
            .ok_or_else(|| jwk_error(name, "is missing"))
    }

    fn bytes(&self, name: &str) -> Result<Option<Vec<u8>>, KeyError> {
        let Some(text) = self.string(name)? else {
            return Ok(None);
        };
        if text.is_empty() {
            return Err(jwk_error(name, "is empty"));
        }
        URL_SAFE_NO_PAD
            .decode(text)
            .map(Some)
            .map_err(|e| jwk_error(name, base64url_problem(text, &e)))
    }

    fn required_bytes(&self, name: &str) -> Result<Vec<u8>, KeyError> {
        self.bytes(name)?
            .ok_or_else(|| jwk_error(name, "is missing"))
    }

    fn secret(&self, name: &str) -> Result<Option<Secret>, KeyError> {
        Ok(self.bytes(name)?.map(Secret::new))
    }
}

impl Jwk {
    /// The `kty` value.
    pub fn kty(&self) -> &'static str {
        match self {
            Jwk::Oct(_) => "oct",
            Jwk::Rsa(_) => "RSA",
            Jwk::Ec(_) => "EC",
            Jwk::Okp(_) => "OKP",
        }
    }

    /// Reads the key-type members of a JWK object (`kid`, `alg`, `use` are read by [`parse_jwk`]).
    /// Unknown members are ignored, as RFC 7517 §4 asks.
    pub fn from_value(value: &Value) -> Result<Jwk, KeyError> {
        let Some(object) = value.as_object() else {
            return Err(jwk_error("kty", "is missing: the JWK is not a JSON object"));
        };
        let m = Members(object);
        match m.required_string("kty")? {
            "oct" => Ok(Jwk::Oct(OctJwk {
                k: Secret::new(m.required_bytes("k")?),
            })),
            "RSA" => {
                if object.contains_key("oth") {
                    return Err(KeyError::UnsupportedKeyType {
                        what: "multi-prime RSA (JWK member \"oth\")".to_string(),
                    });
                }
                let private = match m.secret("d")? {
                    None => None,
                    Some(d) => Some(RsaPrivateJwk {
                        d,
                        p: m.secret("p")?,
                        q: m.secret("q")?,
                        dp: m.secret("dp")?,
                        dq: m.secret("dq")?,
                        qi: m.secret("qi")?,
                    }),
                };
                Ok(Jwk::Rsa(RsaJwk {
                    n: m.required_bytes("n")?,
                    e: m.required_bytes("e")?,
                    private,
                }))
            }
            "EC" => {
                let crv_name = m.required_string("crv")?;
                let crv = match Curve::parse(crv_name) {
                    Some(c @ (Curve::P256 | Curve::P384 | Curve::P521)) => c,
                    _ => {
                        return Err(KeyError::UnsupportedCurve {
                            curve: format!("\"{crv_name}\" (kty \"EC\")"),
                        })
                    }
                };
                Ok(Jwk::Ec(EcJwk {
                    crv,
                    x: m.required_bytes("x")?,
                    y: m.required_bytes("y")?,
                    d: m.secret("d")?,
                }))
            }
            "OKP" => {
                let crv_name = m.required_string("crv")?;
                if crv_name != Curve::Ed25519.name() {
                    return Err(KeyError::UnsupportedCurve {
                        curve: format!("\"{crv_name}\" (kty \"OKP\")"),
                    });
                }
                Ok(Jwk::Okp(OkpJwk {
                    crv: Curve::Ed25519,
                    x: m.required_bytes("x")?,
                    d: m.secret("d")?,
                }))
            }
            other => Err(jwk_error(
                "kty",
                format!("is \"{other}\"; Tokenlab reads \"oct\", \"RSA\", \"EC\" and \"OKP\" keys"),
            )),
        }
    }

    /// The JWK as a JSON object: `kty` first, then the RFC's members in the RFC's order.
    pub fn to_value(&self) -> Value {
        fn put(o: &mut Map<String, Value>, name: &str, bytes: &[u8]) {
            o.insert(name.into(), Value::from(b64u(bytes)));
        }
        let mut o = Map::new();
        o.insert("kty".into(), Value::from(self.kty()));
        match self {
            Jwk::Oct(j) => put(&mut o, "k", j.k.expose()),
            Jwk::Rsa(j) => {
                put(&mut o, "n", &j.n);
                put(&mut o, "e", &j.e);
                if let Some(p) = &j.private {
                    put(&mut o, "d", p.d.expose());
                    for (name, v) in [
                        ("p", &p.p),
                        ("q", &p.q),
                        ("dp", &p.dp),
                        ("dq", &p.dq),
                        ("qi", &p.qi),
                    ] {
                        if let Some(v) = v {
                            put(&mut o, name, v.expose());
                        }
                    }
                }
            }
            Jwk::Ec(j) => {
                o.insert("crv".into(), Value::from(j.crv.name()));
                put(&mut o, "x", &j.x);
                put(&mut o, "y", &j.y);
                if let Some(d) = &j.d {
                    put(&mut o, "d", d.expose());
                }
            }
            Jwk::Okp(j) => {
                o.insert("crv".into(), Value::from(j.crv.name()));
                put(&mut o, "x", &j.x);
                if let Some(d) = &j.d {
                    put(&mut o, "d", d.expose());
                }
            }
        }
        Value::Object(o)
    }

    /// The JWK of `key`. With `include_private == false`, private members are left out: an
    /// asymmetric private key gives its public JWK, and an HMAC secret gives `{"kty":"oct"}`
    /// without `k` (a secret has no public form).
    pub fn from_key(key: &Key, include_private: bool) -> Jwk {
        let jwk = Jwk::from(key);
        if include_private {
            jwk
        } else {
            jwk.without_private()
        }
    }

    /// This JWK with every private member removed (for `oct`, `k` becomes empty).
    pub fn without_private(self) -> Jwk {
        match self {
            Jwk::Oct(_) => Jwk::Oct(OctJwk {
                k: Secret::new(Vec::new()),
            }),
            Jwk::Rsa(j) => Jwk::Rsa(RsaJwk { private: None, ..j }),
            Jwk::Ec(j) => Jwk::Ec(EcJwk { d: None, ..j }),
            Jwk::Okp(j) => Jwk::Okp(OkpJwk { d: None, ..j }),
        }
    }
}

/// The JWK JSON of `key` (RFC 7517/7518/8037 member names, `kty` first, EC coordinates at full
/// field length). See [`Jwk::from_key`] for `include_private`. `kid`, `alg` and `use` are not
/// added: see [`entry_to_jwk`].
pub fn to_jwk(key: &Key, include_private: bool) -> Value {
    let value = Jwk::from_key(key, include_private).to_value();
    match (key, include_private, value) {
        // A secret without its secret: just the type.
        (Key::Oct(_), false, Value::Object(mut o)) => {
            o.remove("k");
            Value::Object(o)
        }
        (_, _, v) => v,
    }
}

/// [`to_jwk`] followed by the entry's `kid`, `alg` and `use`.
pub fn entry_to_jwk(entry: &KeyEntry, include_private: bool) -> Value {
    let mut value = to_jwk(&entry.key, include_private);
    if let Value::Object(o) = &mut value {
        for (name, v) in [
            ("kid", &entry.kid),
            ("alg", &entry.alg),
            ("use", &entry.use_),
        ] {
            if let Some(v) = v {
                o.insert(name.into(), Value::from(v.as_str()));
            }
        }
    }
    value
}

/// A JWK Set (RFC 7517 §5): `{"keys": [...]}`.
pub fn jwks(keys: &[Value]) -> Value {
    let mut o = Map::new();
    o.insert("keys".into(), Value::Array(keys.to_vec()));
    Value::Object(o)
}

/// The RFC 7638 JWK thumbprint: SHA-256 over the required members in lexicographic order with no
/// whitespace, base64url without padding. Private keys have the thumbprint of their public half;
/// `oct` keys hash `{"k","kty"}` (RFC 7638 §3.2).
pub fn thumbprint(key: &Key) -> String {
    b64u(&Sha256::digest(thumbprint_input(key).as_bytes()))
}

/// The exact JSON text [`thumbprint`] hashes (RFC 7638 §3.3; values are base64url or fixed names,
/// so no escaping is needed).
pub fn thumbprint_input(key: &Key) -> String {
    match Jwk::from(key) {
        Jwk::Oct(j) => format!(r#"{{"k":"{}","kty":"oct"}}"#, b64u(j.k.expose())),
        Jwk::Rsa(j) => format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            b64u(&j.e),
            b64u(&j.n)
        ),
        Jwk::Ec(j) => format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            j.crv.name(),
            b64u(&j.x),
            b64u(&j.y)
        ),
        Jwk::Okp(j) => format!(
            r#"{{"crv":"{}","kty":"OKP","x":"{}"}}"#,
            j.crv.name(),
            b64u(&j.x)
        ),
    }
}

/// Reads one JWK object into a key entry with its `kid`, `alg` and `use`.
pub fn parse_jwk(value: &Value) -> Result<KeyEntry, KeyError> {
    let jwk = Jwk::from_value(value)?;
    let key = Key::try_from(&jwk)?;
    let m = Members(
        value
            .as_object()
            .ok_or_else(|| jwk_error("kty", "is missing"))?,
    );
    Ok(KeyEntry {
        key,
        kid: m.string("kid")?.map(str::to_string),
        alg: m.string("alg")?.map(str::to_string),
        use_: m.string("use")?.map(str::to_string),
        source: KeySource::Jwk,
    })
}

/// Reads a JWK Set. Members that cannot be read are returned as [`SkippedKey`]s; a set with no
/// readable member is [`KeyError::NoUsableKey`].
pub fn parse_jwks(value: &Value) -> Result<(Vec<KeyEntry>, Vec<SkippedKey>), KeyError> {
    let Some(keys) = value.get("keys").and_then(Value::as_array) else {
        return Err(jwk_error("keys", "must be an array of JWKs"));
    };
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (index, member) in keys.iter().enumerate() {
        match parse_jwk(member) {
            Ok(entry) => entries.push(entry),
            Err(error) => skipped.push(SkippedKey {
                index,
                kid: member
                    .get("kid")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                error,
            }),
        }
    }
    if entries.is_empty() {
        return Err(KeyError::NoUsableKey { skipped });
    }
    Ok((entries, skipped))
}

// ---------------------------------------------------------------------------------------------
// Conversions between JWK members and the crypto crates' key types.
// ---------------------------------------------------------------------------------------------

/// Left-pads a big-endian value to `len` bytes (refusing longer values).
fn left_pad(member: &str, bytes: &[u8], len: usize, crv: Curve) -> Result<Vec<u8>, KeyError> {
    if bytes.len() > len {
        return Err(jwk_error(
            member,
            format!(
                "is {} bytes; a {} coordinate is {len} bytes (RFC 7518 §6.2.1)",
                bytes.len(),
                crv.name()
            ),
        ));
    }
    let mut out = vec![0u8; len - bytes.len()];
    out.extend_from_slice(bytes);
    Ok(out)
}

fn inconsistent(reason: &str) -> KeyError {
    KeyError::InconsistentJwk {
        reason: reason.to_string(),
    }
}

impl TryFrom<&Jwk> for Key {
    type Error = KeyError;

    fn try_from(jwk: &Jwk) -> Result<Key, KeyError> {
        match jwk {
            Jwk::Oct(j) => Key::try_from(j),
            Jwk::Rsa(j) => Key::try_from(j),
            Jwk::Ec(j) => Key::try_from(j),
            Jwk::Okp(j) => Key::try_from(j),
        }
    }
}

impl TryFrom<&OctJwk> for Key {
    type Error = KeyError;

    fn try_from(j: &OctJwk) -> Result<Key, KeyError> {
        if j.k.is_empty() {
            return Err(jwk_error("k", "is empty"));
        }
        Ok(Key::Oct(j.k.clone()))
    }
}

impl TryFrom<&RsaJwk> for Key {
    type Error = KeyError;

    /// Checks the public key, then (with `d`) that the private members belong to it: `p`·`q` = `n`,
    /// `d`·`e` ≡ 1 mod `p`−1, and `dp`, `dq`, `qi` (when given) equal the values they name.
    fn try_from(j: &RsaJwk) -> Result<Key, KeyError> {
        let public = crate::pem::rsa_public_from_be(&j.n, &j.e)?;
        let Some(private) = &j.private else {
            return Ok(Key::RsaPublic(public));
        };
        let primes = match (&private.p, &private.q) {
            (Some(p), Some(q)) => Some((p.expose(), q.expose())),
            (None, None) => None,
            (Some(_), None) => return Err(jwk_error("q", "is missing (\"p\" is present)")),
            (None, Some(_)) => return Err(jwk_error("p", "is missing (\"q\" is present)")),
        };
        let key = crate::pem::rsa_private_from_be(&j.n, &j.e, private.d.expose(), primes).map_err(
            |e| match e {
                KeyError::InvalidKey { reason, .. } => KeyError::InconsistentJwk {
                    reason: format!("\"d\", \"p\" and \"q\" do not fit \"n\" and \"e\": {reason}"),
                },
                other => other,
            },
        )?;
        if let [p, q] = key.primes() {
            let one = BigUint::from(1u8);
            let checks = [
                ("dp", &private.dp, key.d() % (p - &one)),
                ("dq", &private.dq, key.d() % (q - &one)),
                (
                    "qi",
                    &private.qi,
                    key.crt_coefficient().unwrap_or_else(|| BigUint::from(0u8)),
                ),
            ];
            for (name, given, expected) in checks {
                if let Some(given) = given {
                    if BigUint::from_bytes_be(given.expose()) != expected {
                        return Err(KeyError::InconsistentJwk {
                            reason: format!(
                                "\"{name}\" is not the value \"d\", \"p\" and \"q\" give"
                            ),
                        });
                    }
                }
            }
        }
        Ok(Key::RsaPrivate(Box::new(key)))
    }
}

impl TryFrom<&EcJwk> for Key {
    type Error = KeyError;

    /// Checks that (`x`, `y`) is on the curve and, with `d`, that it is `d`'s public key.
    fn try_from(j: &EcJwk) -> Result<Key, KeyError> {
        let len = j.crv.field_len();
        let mut point = vec![0x04];
        point.extend(left_pad("x", &j.x, len, j.crv)?);
        point.extend(left_pad("y", &j.y, len, j.crv)?);
        let public =
            crate::pem::ec_public_from_sec1(j.crv, &point).map_err(|_| KeyError::InvalidJwk {
                member: "x".to_string(),
                reason: format!("and \"y\" are not a point on {}", j.crv.name()),
            })?;
        let Some(d) = &j.d else {
            return Ok(public);
        };
        use crate::pem::ec_secret_from_scalar as scalar;
        let not_d = |_| {
            jwk_error(
                "d",
                format!("is not a valid {} private scalar", j.crv.name()),
            )
        };
        let (private, derived) = match j.crv {
            Curve::P256 => {
                let s = scalar::<p256::NistP256>(j.crv, d.expose()).map_err(not_d)?;
                let pk = Key::P256Public(s.public_key());
                (Key::P256Private(s), pk)
            }
            Curve::P384 => {
                let s = scalar::<p384::NistP384>(j.crv, d.expose()).map_err(not_d)?;
                let pk = Key::P384Public(s.public_key());
                (Key::P384Private(s), pk)
            }
            Curve::P521 => {
                let s = scalar::<p521::NistP521>(j.crv, d.expose()).map_err(not_d)?;
                let pk = Key::P521Public(s.public_key());
                (Key::P521Private(s), pk)
            }
            Curve::Ed25519 => return Err(jwk_error("crv", "\"Ed25519\" is an OKP curve, not EC")),
        };
        if thumbprint(&derived) != thumbprint(&public) {
            return Err(inconsistent(
                "\"x\" and \"y\" are not the public key of \"d\"",
            ));
        }
        Ok(private)
    }
}

impl TryFrom<&OkpJwk> for Key {
    type Error = KeyError;

    /// Checks that `x` decodes to an Ed25519 point and, with `d`, that it is `d`'s public key.
    fn try_from(j: &OkpJwk) -> Result<Key, KeyError> {
        let public = crate::pem::ed25519_public(&j.x).map_err(|e| match e {
            KeyError::InvalidKey { reason, .. } => jwk_error("x", reason),
            other => other,
        })?;
        let Some(d) = &j.d else {
            return Ok(public);
        };
        let bytes: &[u8; 32] = d
            .expose()
            .try_into()
            .map_err(|_| jwk_error("d", format!("is {} bytes, not 32", d.len())))?;
        let signing = ed25519_dalek::SigningKey::from_bytes(bytes);
        if signing.verifying_key().as_bytes().as_slice() != j.x.as_slice() {
            return Err(inconsistent("\"x\" is not the public key of \"d\""));
        }
        Ok(Key::Ed25519Private(Box::new(signing)))
    }
}

impl From<&Key> for Jwk {
    /// Every member the key has (private members included for private keys).
    fn from(key: &Key) -> Jwk {
        fn ec<C>(crv: Curve, pk: &p256::elliptic_curve::PublicKey<C>, d: Option<Secret>) -> Jwk
        where
            C: p256::elliptic_curve::CurveArithmetic,
            p256::elliptic_curve::AffinePoint<C>: ToEncodedPoint<C>,
            p256::elliptic_curve::FieldBytesSize<C>: p256::elliptic_curve::sec1::ModulusSize,
        {
            let point = pk.as_affine().to_encoded_point(false);
            Jwk::Ec(EcJwk {
                crv,
                x: point.x().map(|x| x.to_vec()).unwrap_or_default(),
                y: point.y().map(|y| y.to_vec()).unwrap_or_default(),
                d,
            })
        }
        let rsa_public = |k: &rsa::RsaPublicKey| RsaJwk {
            n: k.n().to_bytes_be(),
            e: k.e().to_bytes_be(),
            private: None,
        };
        match key {
            Key::Oct(s) => Jwk::Oct(OctJwk { k: s.clone() }),
            Key::RsaPublic(k) => Jwk::Rsa(rsa_public(k)),
            Key::RsaPrivate(k) => {
                let secret = |v: &BigUint| Secret::new(v.to_bytes_be());
                let one = BigUint::from(1u8);
                let private = match k.primes() {
                    [p, q] => RsaPrivateJwk {
                        d: secret(k.d()),
                        p: Some(secret(p)),
                        q: Some(secret(q)),
                        dp: Some(secret(&(k.d() % (p - &one)))),
                        dq: Some(secret(&(k.d() % (q - &one)))),
                        qi: k.crt_coefficient().map(|c| secret(&c)),
                    },
                    _ => RsaPrivateJwk {
                        d: secret(k.d()),
                        p: None,
                        q: None,
                        dp: None,
                        dq: None,
                        qi: None,
                    },
                };
                Jwk::Rsa(RsaJwk {
                    private: Some(private),
                    ..rsa_public(&k.to_public_key())
                })
            }
            Key::P256Public(k) => ec(Curve::P256, k, None),
            Key::P256Private(k) => ec(
                Curve::P256,
                &k.public_key(),
                Some(Secret::new(k.to_bytes().to_vec())),
            ),
            Key::P384Public(k) => ec(Curve::P384, k, None),
            Key::P384Private(k) => ec(
                Curve::P384,
                &k.public_key(),
                Some(Secret::new(k.to_bytes().to_vec())),
            ),
            Key::P521Public(k) => ec(Curve::P521, k, None),
            Key::P521Private(k) => ec(
                Curve::P521,
                &k.public_key(),
                Some(Secret::new(k.to_bytes().to_vec())),
            ),
            Key::Ed25519Public(k) => Jwk::Okp(OkpJwk {
                crv: Curve::Ed25519,
                x: k.to_bytes().to_vec(),
                d: None,
            }),
            Key::Ed25519Private(k) => Jwk::Okp(OkpJwk {
                crv: Curve::Ed25519,
                x: k.verifying_key().to_bytes().to_vec(),
                d: Some(Secret::new(k.to_bytes().to_vec())),
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    use crate::keys::fixtures;
    use crate::pem::{parse_pem, to_pem, PemFormat};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn parse(text: &str) -> Result<KeyEntry, KeyError> {
        parse_jwk(&serde_json::from_str(text).expect("json"))
    }

    fn member_error(text: &str) -> (String, String) {
        match parse(text) {
            Err(KeyError::InvalidJwk { member, reason }) => (member, reason),
            other => panic!("expected a JWK member error, got {other:?}"),
        }
    }

    #[test]
    fn rfc7638_section_3_1_thumbprint_of_the_example_rsa_key() {
        let jwk = serde_json::json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        });
        let entry = parse_jwk(&jwk).expect("parses");
        assert_eq!(
            thumbprint(&entry.key),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert!(thumbprint_input(&entry.key).starts_with(r#"{"e":"AQAB","kty":"RSA","n":"0vx7"#));
    }

    #[test]
    fn every_pem_fixture_goes_to_jwk_and_back_to_pem_with_the_same_thumbprint() {
        for (name, pem, _) in fixtures::ALL {
            let key = fixtures::key(pem);
            let jwk = to_jwk(&key, true);
            let back = parse_jwk(&jwk).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back.key.is_private(), key.is_private(), "{name}");
            assert_eq!(thumbprint(&back.key), thumbprint(&key), "{name}");
            for format in PemFormat::applicable(&back.key) {
                let again = to_pem(&back.key, format).expect("pem");
                let (reread, _) = parse_pem(&again).expect("reparses");
                assert_eq!(thumbprint(&reread), thumbprint(&key), "{name} {format:?}");
            }
        }
    }

    #[test]
    fn jwk_members_follow_the_rfc_order_and_ec_coordinates_keep_their_full_length() {
        let key = fixtures::key(fixtures::P521_PKCS8);
        let jwk = to_jwk(&key, true);
        let names: Vec<&str> = jwk
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, ["kty", "crv", "x", "y", "d"]);
        for member in ["x", "y", "d"] {
            let text = jwk[member].as_str().expect("string");
            assert_eq!(
                text.len(),
                88,
                "{member}: 66 bytes are 88 base64url characters"
            );
        }
        let rsa = to_jwk(&fixtures::key(fixtures::RSA_PKCS1), true);
        let names: Vec<&str> = rsa
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, ["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi"]);
    }

    #[test]
    fn public_jwks_leave_every_private_member_out() {
        let rsa = to_jwk(&fixtures::key(fixtures::RSA_PKCS8), false);
        assert_eq!(rsa.as_object().map(|o| o.len()), Some(3));
        let ec = to_jwk(&fixtures::key(fixtures::P256_SEC1), false);
        assert!(ec.get("d").is_none());
        let ed = to_jwk(&fixtures::key(fixtures::ED25519_PKCS8), false);
        assert!(ed.get("d").is_none());
        let oct = to_jwk(&Key::Oct(Secret::new(vec![1, 2, 3])), false);
        assert_eq!(oct, serde_json::json!({"kty": "oct"}));
        let oct = to_jwk(&Key::Oct(Secret::new(vec![1, 2, 3])), true);
        assert_eq!(oct, serde_json::json!({"kty": "oct", "k": "AQID"}));
    }

    #[test]
    fn entries_keep_their_kid_alg_and_use_and_sets_wrap_keys() {
        let mut entry = KeyEntry::new(fixtures::key(fixtures::P256_SPKI), KeySource::Jwk);
        entry.kid = Some("k1".to_string());
        entry.alg = Some("ES256".to_string());
        entry.use_ = Some("sig".to_string());
        let value = entry_to_jwk(&entry, false);
        assert_eq!(value["kid"], "k1");
        assert_eq!(value["alg"], "ES256");
        assert_eq!(value["use"], "sig");
        let set = jwks(std::slice::from_ref(&value));
        assert_eq!(set["keys"][0], value);
        let (entries, skipped) = parse_jwks(&set).expect("set");
        assert_eq!((entries.len(), skipped.len()), (1, 0));
    }

    #[test]
    fn jwk_errors_name_the_member_at_fault() {
        assert_eq!(
            member_error(r#"{"kty":"RSA","e":"AQAB"}"#),
            ("n".into(), "is missing".into())
        );
        let (member, reason) = member_error(r#"{"kty":"RSA","n":"ab+d","e":"AQAB"}"#);
        assert_eq!(member, "n");
        assert!(reason.starts_with("is not base64url"), "{reason}");
        assert!(reason.contains("'+' at offset 2"), "{reason}");
        let (_, reason) = member_error(r#"{"kty":"oct","k":"AQ=="}"#);
        assert!(reason.contains("padding"), "{reason}");
        let (member, reason) = member_error(r#"{"kty":"EC","crv":"P-256","x":1,"y":"AA"}"#);
        assert_eq!(
            (member.as_str(), reason.as_str()),
            ("x", "must be a string")
        );
        let (member, _) = member_error(r#"{"kty":"DSA"}"#);
        assert_eq!(member, "kty");
        let err = parse(r#"{"kty":"OKP","crv":"X25519","x":"AA"}"#).expect_err("x25519");
        assert_eq!(err.code(), "unsupported_curve");
        let err = parse(r#"{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}"#).expect_err("k1");
        assert_eq!(err.code(), "unsupported_curve");
        let (member, reason) = member_error(r#"{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}"#);
        assert_eq!(member, "x");
        assert!(reason.contains("not a point on P-256"), "{reason}");
    }

    #[test]
    fn a_private_part_that_does_not_belong_to_the_public_part_is_refused() {
        let mine = to_jwk(&fixtures::key(fixtures::P256_SEC1), true);
        let other = to_jwk(
            &crate::keys::generate(crate::keys::KeyGenKind::P256, &mut rand_core::OsRng)
                .expect("gen"),
            true,
        );
        let mut mixed = mine.clone();
        mixed["d"] = other["d"].clone();
        assert_eq!(
            parse_jwk(&mixed).expect_err("mixed").code(),
            "jwk_inconsistent"
        );

        let ed = to_jwk(&fixtures::key(fixtures::ED25519_PKCS8), true);
        let mut mixed = ed.clone();
        mixed["d"] = serde_json::Value::from(b64u(&[9u8; 32]));
        assert_eq!(
            parse_jwk(&mixed).expect_err("mixed").code(),
            "jwk_inconsistent"
        );

        let rsa = to_jwk(&fixtures::key(fixtures::RSA_PKCS8), true);
        let mut wrong_dp = rsa.clone();
        wrong_dp["dp"] = wrong_dp["dq"].clone();
        assert_eq!(
            parse_jwk(&wrong_dp).expect_err("dp").code(),
            "jwk_inconsistent"
        );
        let mut wrong_d = rsa.clone();
        wrong_d["d"] = serde_json::Value::from("AQAB");
        assert_eq!(
            parse_jwk(&wrong_d).expect_err("d").code(),
            "jwk_inconsistent"
        );
        let mut only_p = rsa.clone();
        if let Some(o) = only_p.as_object_mut() {
            o.remove("q");
        }
        let err = parse_jwk(&only_p).expect_err("q missing");
        assert_eq!(
            err.to_string(),
            "the JWK member \"q\" is missing (\"p\" is present)"
        );
    }

    #[test]
    fn an_rsa_private_jwk_with_only_d_recovers_its_primes() {
        let full = to_jwk(&fixtures::key(fixtures::RSA_PKCS8), true);
        let mut minimal = serde_json::Map::new();
        for member in ["kty", "n", "e", "d"] {
            minimal.insert(member.to_string(), full[member].clone());
        }
        let entry = parse_jwk(&serde_json::Value::Object(minimal)).expect("parses");
        assert!(entry.key.is_private());
        assert_eq!(
            thumbprint(&entry.key),
            thumbprint(&fixtures::key(fixtures::RSA_SPKI))
        );
    }

    #[test]
    fn rfc7638_defines_oct_thumbprints_over_k_and_kty() {
        let key = Key::Oct(Secret::new(b"secret".to_vec()));
        assert_eq!(thumbprint_input(&key), r#"{"k":"c2VjcmV0","kty":"oct"}"#);
    }
}
