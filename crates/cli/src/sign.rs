//! `tokenlab sign`.

use tokenlab_engine::jwa::Alg;
use tokenlab_engine::keys::{Key, KeyEntry, KeyInput, KeySource};
use tokenlab_engine::secret::{decode_secret, SecretEncoding};
use tokenlab_engine::sign::sign_token;

use crate::args::{KeyArgs, SignArgs};
use crate::{input, keygen, Failure, Report};

/// The header used when `--header` is not given; `alg` is added by the engine.
const DEFAULT_HEADER: &str = r#"{"typ":"JWT"}"#;

/// Signs the payload and prints the compact token. Every failure here is the caller's input
/// (bad JSON, a key that does not fit, a public key), so it exits 2.
pub fn run(args: &SignArgs) -> Result<Report, Failure> {
    let key = match (args.alg, load_key(&args.key)?) {
        (Alg::None, Some(_)) => {
            return Err(Failure::usage(
                "--alg none signs with no key; leave out --key and --secret",
            ))
        }
        (Alg::None, None) if !args.unsecured => {
            return Err(Failure::usage(
                "--alg none makes an unsigned token that anyone can forge; add --unsecured to make one anyway",
            ))
        }
        (Alg::None, None) => None,
        (alg, None) => {
            return Err(Failure::usage(format!(
                "signing with {alg} needs a key: give --key FILE or --secret S"
            )))
        }
        (_, Some(input)) => Some(single_key(input, args.header.as_deref())?),
    };
    let payload = match args.payload.as_deref() {
        Some(text) if text != "-" => input::text_arg(Some(text), "payload")?,
        _ => strip_final_newline(input::stdin("payload")?),
    };
    let header = args.header.as_deref().unwrap_or(DEFAULT_HEADER);
    let token = sign_token(header, &payload, args.alg, key.as_ref(), args.unsecured)
        .map_err(|e| Failure::usage(format!("the token could not be signed: {e}")))?;
    Ok(Report::ok(format!("{token}\n")))
}

/// The key given with `--key FILE` or `--secret S`, if any.
pub fn load_key(args: &KeyArgs) -> Result<Option<KeyInput>, Failure> {
    args.check()?;
    if let Some(path) = &args.key {
        let text = input::file(path, "key file")?;
        return keygen::parse_key_file(&text, &path.display().to_string()).map(Some);
    }
    let Some(text) = &args.secret else {
        return Ok(None);
    };
    let encoding = args.secret_encoding.unwrap_or(SecretEncoding::Utf8);
    let secret = decode_secret(text, encoding).map_err(|e| Failure::usage(e.to_string()))?;
    if secret.is_empty() {
        return Err(Failure::usage("the secret given with --secret is empty"));
    }
    Ok(Some(KeyInput::Single(KeyEntry::new(
        Key::Oct(secret),
        KeySource::Secret(encoding),
    ))))
}

/// The one key to sign with: the key itself, or from a JWKS the only key, or the key whose `kid`
/// the header names.
fn single_key(input: KeyInput, header: Option<&str>) -> Result<Key, Failure> {
    let mut entries = match input {
        KeyInput::Single(entry) => return Ok(entry.key),
        KeyInput::Set(entries) => entries,
    };
    if entries.len() == 1 {
        return Ok(entries.swap_remove(0).key);
    }
    let kid = header
        .and_then(|h| serde_json::from_str::<serde_json::Value>(h).ok())
        .and_then(|h| h.get("kid").and_then(|k| k.as_str()).map(str::to_owned));
    let Some(kid) = kid else {
        return Err(Failure::usage(format!(
            "the JWKS holds {} keys; name the one to sign with by its kid in --header",
            entries.len()
        )));
    };
    match entries
        .iter()
        .position(|e| e.kid.as_deref() == Some(kid.as_str()))
    {
        Some(i) => Ok(entries.swap_remove(i).key),
        None => Err(Failure::usage(format!(
            "no key in the JWKS has the kid \"{kid}\" named in --header"
        ))),
    }
}

/// Standard input usually ends with the newline `echo` or an editor added; it is not part of the
/// payload.
fn strip_final_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}
