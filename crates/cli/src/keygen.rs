//! `tokenlab keygen` and `tokenlab thumbprint`.

use serde_json::Value;
use tokenlab_engine::jwk;
use tokenlab_engine::keys::{self, Key, KeyInput};
use tokenlab_engine::pem::{self, PemFormat};
use tokenlab_engine::secret::SecretEncoding;

use crate::args::{KeyFormat, KeygenArgs, ThumbprintArgs};
use crate::{input, Failure, Report};

/// Generates a key and prints it: PEM (private PKCS#8, then public SPKI; an HMAC secret as one
/// line of base64url) or the private JWK with `kid` = its RFC 7638 thumbprint.
pub fn run(args: &KeygenArgs) -> Result<Report, Failure> {
    let key = keys::generate(args.kind, &mut rand_core::OsRng)
        .map_err(|e| Failure::usage(e.to_string()))?;
    let out = match args.format {
        KeyFormat::Pem => pem_pair(&key)?,
        KeyFormat::Jwk => crate::pretty(&private_jwk(&key)),
    };
    Ok(Report::ok(out))
}

/// The PEM output of `keygen`: private PKCS#8 then public SPKI; for a secret, base64url.
pub fn pem_pair(key: &Key) -> Result<String, Failure> {
    if let Key::Oct(secret) = key {
        let mut out = tokenlab_engine::b64::encode(secret.expose());
        out.push('\n');
        return Ok(out);
    }
    let export = |format| pem::to_pem(key, format).map_err(|e| Failure::usage(e.to_string()));
    let mut out = export(PemFormat::Pkcs8Private)?;
    out.push_str(&export(PemFormat::Spki)?);
    Ok(out)
}

/// The private JWK of `key` with `kid` set to its thumbprint (placed right after `kty`).
pub fn private_jwk(key: &Key) -> Value {
    let mut jwk = jwk::to_jwk(key, true);
    if let Value::Object(members) = &mut jwk {
        members.shift_insert(1, "kid".to_owned(), Value::from(jwk::thumbprint(key)));
    }
    jwk
}

/// Prints the thumbprint of every key in a PEM, JWK or JWKS file: one per line, followed by the
/// key's `kid` when it has one and a description.
pub fn thumbprint(args: &ThumbprintArgs) -> Result<Report, Failure> {
    let text = input::file(&args.file, "key file")?;
    let parsed = parse_key_file(&text, &args.file.display().to_string())?;
    let mut out = String::new();
    for entry in parsed.entries() {
        out.push_str(&jwk::thumbprint(&entry.key));
        out.push_str("  ");
        out.push_str(&entry.label());
        out.push('\n');
    }
    Ok(Report::ok(out))
}

/// Reads a key file that must hold PEM, a JWK or a JWKS. Anything else would be taken as an
/// HMAC secret by the engine, which is never what a file given to `--key` means.
pub fn parse_key_file(text: &str, shown: &str) -> Result<KeyInput, Failure> {
    check_key_file(text, shown)?;
    keys::parse_key(text, SecretEncoding::Utf8)
        .map_err(|e| Failure::usage(format!("the key file \"{shown}\" could not be read: {e}")))
}

/// Refuses key file text that is neither PEM nor JSON (the engine would read it as a secret).
pub fn check_key_file(text: &str, shown: &str) -> Result<(), Failure> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('{') || trimmed.contains("-----BEGIN") {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "the key file \"{shown}\" holds neither a PEM block nor a JWK or JWKS; give an HMAC secret with --secret"
    )))
}
