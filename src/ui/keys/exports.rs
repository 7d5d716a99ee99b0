//! Every form a key can be taken away in, computed once per key by calling the engine: PEM
//! (PKCS#8, PKCS#1, SEC1, SPKI), JWK (private and public, `kid` = RFC 7638 thumbprint unless the
//! key came with one), the public JWKS, and for HMAC secrets the secret in base64url, base64 and
//! hex. Plain data, no signals, so it is tested natively.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use tokenlab_engine::jwk;
use tokenlab_engine::keys::{Key, KeyEntry, KeyFacts};
use tokenlab_engine::pem::{self, PemFormat};

/// One way of writing a key down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The choice's name: `"PKCS#8 PEM"`, `"JWK"`, `"JWKS"`, `"hex"`.
    pub format: &'static str,
    /// The text, or why the engine could not write it.
    pub text: Result<String, String>,
    /// Suggested file name for a download.
    pub filename: String,
    /// MIME type for a download.
    pub mime: &'static str,
}

/// All the forms of one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyExports {
    /// The engine's facts (description, size, curve, thumbprint, algorithms).
    pub facts: KeyFacts,
    /// The `kid` written into the JWKs (the key's own, or its thumbprint).
    pub kid: Option<String>,
    /// Private (or secret) forms; empty for a public key.
    pub private: Vec<Export>,
    /// Public forms; empty for an HMAC secret, which has no public half.
    pub public: Vec<Export>,
}

const PEM_MIME: &str = "application/x-pem-file";
const JSON_MIME: &str = "application/json";
const TEXT_MIME: &str = "text/plain";

/// A short file-name stem for a key: `rsa-2048`, `ec-p-256`, `ed25519`, `hmac-256`.
pub fn stem(facts: &KeyFacts) -> String {
    let base = match (facts.kty, facts.curve) {
        ("oct", _) => format!("hmac-{}", facts.bits),
        ("RSA", _) => format!("rsa-{}", facts.bits),
        ("OKP", Some(crv)) => crv.to_string(),
        (_, Some(crv)) => format!("ec-{crv}"),
        (kty, None) => kty.to_string(),
    };
    base.to_ascii_lowercase()
}

fn pem_format_name(format: PemFormat) -> &'static str {
    match format {
        PemFormat::Pkcs8Private => "PKCS#8 PEM",
        PemFormat::Pkcs1Private | PemFormat::Pkcs1Public => "PKCS#1 PEM",
        PemFormat::Sec1Private => "SEC1 PEM",
        PemFormat::Spki => "SPKI PEM",
    }
}

fn pem_file_part(format: PemFormat) -> &'static str {
    match format {
        PemFormat::Pkcs8Private => "private.pkcs8.pem",
        PemFormat::Pkcs1Private => "private.pkcs1.pem",
        PemFormat::Sec1Private => "private.sec1.pem",
        PemFormat::Spki => "public.spki.pem",
        PemFormat::Pkcs1Public => "public.pkcs1.pem",
    }
}

fn json(value: &serde_json::Value) -> String {
    tokenlab_engine::json::pretty(value)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Computes every export of `entry`. The JWKs keep the entry's `kid`, `alg` and `use`; an
/// asymmetric key without a `kid` gets its RFC 7638 thumbprint as `kid` (an HMAC secret does not:
/// its thumbprint is a hash of the secret).
pub fn exports(entry: &KeyEntry) -> KeyExports {
    let key = &entry.key;
    let facts = key.facts();
    let mut entry = entry.clone();
    if entry.kid.is_none() && key.is_asymmetric() {
        entry.kid = facts.thumbprint.clone();
    }
    let stem = stem(&facts);
    let file = |part: &str| format!("{stem}-{part}");
    let mut private = Vec::new();
    let mut public = Vec::new();

    if let Key::Oct(secret) = key {
        let bytes = secret.expose();
        for (format, text, part) in [
            (
                "base64url",
                URL_SAFE_NO_PAD.encode(bytes),
                "secret.b64u.txt",
            ),
            ("base64", STANDARD.encode(bytes), "secret.b64.txt"),
            ("hex", hex(bytes), "secret.hex.txt"),
        ] {
            private.push(Export {
                format,
                text: Ok(text),
                filename: file(part),
                mime: TEXT_MIME,
            });
        }
        private.push(Export {
            format: "JWK",
            text: Ok(json(&jwk::entry_to_jwk(&entry, true))),
            filename: file("secret.jwk.json"),
            mime: JSON_MIME,
        });
    } else {
        for format in PemFormat::applicable(key) {
            let export = Export {
                format: pem_format_name(format),
                text: pem::to_pem(key, format).map_err(|e| e.to_string()),
                filename: file(pem_file_part(format)),
                mime: PEM_MIME,
            };
            if format.is_private() {
                private.push(export);
            } else {
                public.push(export);
            }
        }
        if key.is_private() {
            private.push(Export {
                format: "JWK",
                text: Ok(json(&jwk::entry_to_jwk(&entry, true))),
                filename: file("private.jwk.json"),
                mime: JSON_MIME,
            });
        }
        let public_jwk = jwk::entry_to_jwk(&entry, false);
        public.push(Export {
            format: "JWK",
            text: Ok(json(&public_jwk)),
            filename: file("public.jwk.json"),
            mime: JSON_MIME,
        });
        public.push(Export {
            format: "JWKS",
            text: Ok(json(&jwk::jwks(&[public_jwk]))),
            filename: file("jwks.json"),
            mime: JSON_MIME,
        });
    }
    KeyExports {
        facts,
        kid: entry.kid,
        private,
        public,
    }
}

impl KeyExports {
    /// The private export named `format`, or the first one.
    pub fn private_as(&self, format: &str) -> Option<&Export> {
        pick(&self.private, format)
    }

    /// The public export named `format`, or the first one.
    pub fn public_as(&self, format: &str) -> Option<&Export> {
        pick(&self.public, format)
    }
}

fn pick<'a>(list: &'a [Export], format: &str) -> Option<&'a Export> {
    list.iter()
        .find(|e| e.format == format)
        .or_else(|| list.first())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenlab_engine::keys::{self, KeyGenKind, KeyInput, KeySource};
    use tokenlab_engine::secret::SecretEncoding;

    fn generated(kind: KeyGenKind) -> KeyEntry {
        let key = keys::generate(kind, &mut rand_core::OsRng).expect("keygen");
        KeyEntry::new(key, KeySource::Jwk)
    }

    fn reparse(text: &str) -> Key {
        match keys::parse_key(text, SecretEncoding::Base64Url).expect("parses") {
            KeyInput::Single(e) => e.key,
            KeyInput::Set(mut v) => v.remove(0).key,
        }
    }

    #[test]
    fn an_ec_private_key_offers_pkcs8_sec1_and_jwk_and_public_spki_jwk_and_jwks() {
        let x = exports(&generated(KeyGenKind::P256));
        let names = |l: &[Export]| l.iter().map(|e| e.format).collect::<Vec<_>>();
        assert_eq!(names(&x.private), ["PKCS#8 PEM", "SEC1 PEM", "JWK"]);
        assert_eq!(names(&x.public), ["SPKI PEM", "JWK", "JWKS"]);
        assert_eq!(x.kid, x.facts.thumbprint, "kid defaults to the thumbprint");
        assert!(x
            .public_as("JWKS")
            .unwrap()
            .text
            .as_ref()
            .unwrap()
            .contains("\"keys\""));
        assert_eq!(x.private[0].filename, "ec-p-256-private.pkcs8.pem");
    }

    #[test]
    fn every_export_reads_back_as_a_key_with_the_same_thumbprint() {
        for kind in [KeyGenKind::P384, KeyGenKind::Ed25519, KeyGenKind::Hs256] {
            let x = exports(&generated(kind));
            let want = x.facts.thumbprint.clone();
            for e in x.private.iter().chain(&x.public) {
                let text = e.text.as_ref().expect("exported");
                if matches!(e.format, "base64" | "hex") {
                    continue; // read with another encoding; covered by the engine's tests
                }
                let got = reparse(text).facts().thumbprint;
                assert_eq!(got, want, "{kind:?} {}", e.format);
            }
        }
    }

    #[test]
    fn a_secret_has_no_public_form_and_no_kid() {
        let x = exports(&generated(KeyGenKind::Hs384));
        assert!(x.public.is_empty());
        assert_eq!(x.kid, None);
        let hex = x.private_as("hex").unwrap().text.clone().unwrap();
        assert_eq!(hex.len(), 96);
    }

    #[test]
    fn a_public_key_has_no_private_forms() {
        let entry = generated(KeyGenKind::Ed25519);
        let public = KeyEntry::new(entry.key.to_public().unwrap(), KeySource::Jwk);
        let x = exports(&public);
        assert!(x.private.is_empty());
        assert_eq!(x.public_as("nonsense").unwrap().format, "SPKI PEM");
    }

    #[test]
    fn file_stems_name_the_key() {
        let stem_of = |k| stem(&keys::generate(k, &mut rand_core::OsRng).unwrap().facts());
        assert_eq!(stem_of(KeyGenKind::Hs512), "hmac-512");
        assert_eq!(stem_of(KeyGenKind::P521), "ec-p-521");
        assert_eq!(stem_of(KeyGenKind::Ed25519), "ed25519");
    }
}
