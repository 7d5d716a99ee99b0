//! Building and signing compact JWS tokens (RFC 7515 §5.1, §7.1): the Encoder's "sign" button,
//! "edit and re-sign", the CLI's `sign` and the simulated authorization server.
//!
//! [`sign_token`] takes the header and payload as the text a person typed. The header must be a
//! JSON object; its `alg` is set to the chosen algorithm (replacing an `alg` member where it
//! stands, or inserted as the first member). Both are written compactly, members in the order
//! they were typed, numbers exactly as typed (`1e3` stays `1e3`, a 20-digit `jti` stays exact):
//! the text is re-emitted from [`crate::json`]'s tree, not round-tripped through floating point.
//! A payload that is not JSON (and does not look like it) is signed as the text it is.

use serde_json::Value;

use crate::b64;
use crate::json::{self, JsonError, Node};
use crate::jwa::{self, Alg, SignError};
use crate::keys::Key;
use crate::TooLarge;

/// Which editor a [`TextPosition`] points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignPart {
    /// The header editor.
    Header,
    /// The payload editor.
    Payload,
}

/// Where in the header or payload text a problem is, for the Encoder to mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPosition {
    /// The editor.
    pub part: SignPart,
    /// Byte offset in that editor's text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Building or signing a token failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignTokenError {
    /// The header text is not JSON.
    #[error("the header is not valid JSON: {error}")]
    HeaderJson {
        /// The parser's error, with offset, line and column in the header text.
        error: JsonError,
    },
    /// The header is JSON but not an object.
    #[error("the header is {found}, but it must be a JSON object")]
    HeaderNotObject {
        /// `"an array"`, `"a string"`, `"null"`, ….
        found: &'static str,
    },
    /// The header repeats a member name.
    #[error("the header has the member \"{key}\" twice{}{} (line {line}, column {column}); JOSE header parameter names must be unique (RFC 7515 §4)", if path.is_empty() { "" } else { " in " }, path)]
    HeaderDuplicate {
        /// The repeated name.
        key: String,
        /// JSON Pointer of the object holding it (`""` for the header itself).
        path: String,
        /// Byte offset of the second occurrence's name.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column.
        column: usize,
    },
    /// The payload starts like JSON (`{` or `[`) but is not valid JSON.
    #[error("the payload looks like JSON but is not valid: {error}")]
    PayloadJson {
        /// The parser's error, with offset, line and column in the payload text.
        error: JsonError,
    },
    /// The payload repeats a member name.
    #[error("the payload has the member \"{key}\" twice{}{} (line {line}, column {column}); JWT claim names must be unique (RFC 7519 §4)", if path.is_empty() { "" } else { " in " }, path)]
    PayloadDuplicate {
        /// The repeated name.
        key: String,
        /// JSON Pointer of the object holding it (`""` for the claims object itself).
        path: String,
        /// Byte offset of the second occurrence's name.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column.
        column: usize,
    },
    /// `alg: none` was asked for without the explicit switch.
    #[error("signing with alg none needs the explicit unsecured switch")]
    NoneNotAllowed,
    /// A signing algorithm was chosen but no key given.
    #[error("signing with {alg} needs a key")]
    NoKey {
        /// The algorithm.
        alg: Alg,
    },
    /// The header or payload is over [`crate::MAX_INPUT_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// The key could not sign (it does not fit the algorithm, is public, is too small…).
    #[error(transparent)]
    Sign(#[from] SignError),
}

impl SignTokenError {
    /// Stable snake_case code: `header_invalid_json`, `header_not_object`,
    /// `header_duplicate_member`, `payload_invalid_json`, `payload_duplicate_member`,
    /// `none_not_allowed`, `no_key`, `too_large`, or the [`SignError::code`] of a signing
    /// failure (`alg_key_mismatch`, `private_key_required`, `sign_failed`, …).
    pub fn code(&self) -> &'static str {
        match self {
            SignTokenError::HeaderJson { .. } => "header_invalid_json",
            SignTokenError::HeaderNotObject { .. } => "header_not_object",
            SignTokenError::HeaderDuplicate { .. } => "header_duplicate_member",
            SignTokenError::PayloadJson { .. } => "payload_invalid_json",
            SignTokenError::PayloadDuplicate { .. } => "payload_duplicate_member",
            SignTokenError::NoneNotAllowed => "none_not_allowed",
            SignTokenError::NoKey { .. } => "no_key",
            SignTokenError::TooLarge(_) => "too_large",
            SignTokenError::Sign(e) => e.code(),
        }
    }

    /// Where the problem is in the header or payload text, when it has a place.
    pub fn position(&self) -> Option<TextPosition> {
        let json = |part, e: &JsonError| TextPosition {
            part,
            offset: e.offset,
            line: e.line,
            column: e.column,
        };
        match self {
            SignTokenError::HeaderJson { error } => Some(json(SignPart::Header, error)),
            SignTokenError::PayloadJson { error } => Some(json(SignPart::Payload, error)),
            SignTokenError::HeaderDuplicate {
                offset,
                line,
                column,
                ..
            } => Some(TextPosition {
                part: SignPart::Header,
                offset: *offset,
                line: *line,
                column: *column,
            }),
            SignTokenError::PayloadDuplicate {
                offset,
                line,
                column,
                ..
            } => Some(TextPosition {
                part: SignPart::Payload,
                offset: *offset,
                line: *line,
                column: *column,
            }),
            _ => None,
        }
    }
}

/// Builds and signs a compact JWS from the text of a header and a payload.
///
/// - `header_json` must be a JSON object without repeated names (parsed by [`crate::json::parse`],
///   so errors carry offset, line and column). Its `alg` member is set to `alg`: replaced where it
///   stands, or inserted first.
/// - `payload`: when it is JSON it is written compactly (members in order, numbers exactly as
///   typed; repeated names are an error); when it starts with `{` or `[` but is not JSON, that is
///   an error ([`SignTokenError::PayloadJson`], as the decoder would report it); any other text is
///   signed byte for byte as it is (the empty payload included).
/// - `alg: none` is refused unless `allow_none` is true; then `key` is ignored and the signature
///   is empty (`header.payload.`).
/// - Any other `alg` needs `key`; weak keys (short secrets, small RSA keys) are allowed — warning
///   about them is the lints' job.
pub fn sign_token(
    header_json: &str,
    payload: &str,
    alg: Alg,
    key: Option<&Key>,
    allow_none: bool,
) -> Result<String, SignTokenError> {
    finish(
        signing_input(header_json, payload, alg)?,
        alg,
        key,
        allow_none,
    )
}

/// What [`sign_token`] signs, `base64url(header).base64url(payload)`, with the header and payload
/// read and written exactly as it does (and failing as it does on them), for a caller that signs
/// elsewhere, such as the page with the browser's WebCrypto; [`with_signature`] then makes the
/// token.
pub fn signing_input(header_json: &str, payload: &str, alg: Alg) -> Result<String, SignTokenError> {
    crate::check_size(header_json)?;
    crate::check_size(payload)?;
    let header = json::parse(header_json).map_err(|error| SignTokenError::HeaderJson { error })?;
    if let Some(d) = header.duplicates.first() {
        let (line, column) = line_column(header_json, d.second.start);
        return Err(SignTokenError::HeaderDuplicate {
            key: d.key.clone(),
            path: d.path.clone(),
            offset: d.second.start,
            line,
            column,
        });
    }
    let json::Value::Object(members) = &header.root.value else {
        return Err(SignTokenError::HeaderNotObject {
            found: header.root.value.kind_name(),
        });
    };
    let mut header_text = String::with_capacity(header_json.len());
    header_text.push('{');
    let mut first = true;
    if !members.iter().any(|m| m.key == "alg") {
        write_string("alg", &mut header_text);
        header_text.push(':');
        write_string(alg.name(), &mut header_text);
        first = false;
    }
    for m in members {
        if !first {
            header_text.push(',');
        }
        first = false;
        write_string(&m.key, &mut header_text);
        header_text.push(':');
        if m.key == "alg" {
            write_string(alg.name(), &mut header_text);
        } else {
            write_compact(&m.value, &mut header_text);
        }
    }
    header_text.push('}');

    let payload_text = compact_payload(payload)?;
    Ok(joined(header_text.as_bytes(), payload_text.as_bytes()))
}

/// The token: the signing input, a dot and the signature in base64url.
pub fn with_signature(mut signing_input: String, signature: &[u8]) -> String {
    signing_input.push('.');
    signing_input.push_str(&b64::encode(signature));
    signing_input
}

/// The payload as it will be signed: compact JSON, or the text itself.
fn compact_payload(payload: &str) -> Result<String, SignTokenError> {
    match json::parse(payload) {
        Ok(doc) => {
            if let Some(d) = doc.duplicates.first() {
                let (line, column) = line_column(payload, d.second.start);
                return Err(SignTokenError::PayloadDuplicate {
                    key: d.key.clone(),
                    path: d.path.clone(),
                    offset: d.second.start,
                    line,
                    column,
                });
            }
            let mut out = String::with_capacity(payload.len());
            write_compact(&doc.root, &mut out);
            Ok(out)
        }
        Err(error) if payload.trim_start().starts_with(['{', '[']) => {
            Err(SignTokenError::PayloadJson { error })
        }
        Err(_) => Ok(payload.to_owned()),
    }
}

/// Signs `claims` with `header` (whose `alg` is set to `alg`, in place or first), both written as
/// compact JSON in their member order. For code that builds tokens itself, such as the simulated
/// authorization server. `alg: none` is refused ([`SignTokenError::NoneNotAllowed`]).
pub fn sign_json(
    header: &Value,
    claims: &Value,
    alg: Alg,
    key: &Key,
) -> Result<String, SignTokenError> {
    let Value::Object(members) = header else {
        return Err(SignTokenError::HeaderNotObject {
            found: serde_kind(header),
        });
    };
    let alg_value = Value::String(alg.name().to_owned());
    let header = if members.contains_key("alg") {
        let mut m = members.clone();
        // With `preserve_order`, inserting an existing key keeps its position.
        m.insert("alg".to_owned(), alg_value);
        m
    } else {
        let mut m = serde_json::Map::with_capacity(members.len() + 1);
        m.insert("alg".to_owned(), alg_value);
        m.extend(members.iter().map(|(k, v)| (k.clone(), v.clone())));
        m
    };
    let header_text = Value::Object(header).to_string();
    let claims_text = claims.to_string();
    assemble(
        header_text.as_bytes(),
        claims_text.as_bytes(),
        alg,
        Some(key),
        false,
    )
}

fn assemble(
    header: &[u8],
    payload: &[u8],
    alg: Alg,
    key: Option<&Key>,
    allow_none: bool,
) -> Result<String, SignTokenError> {
    finish(joined(header, payload), alg, key, allow_none)
}

/// `base64url(header).base64url(payload)`.
fn joined(header: &[u8], payload: &[u8]) -> String {
    let mut input = b64::encode(header);
    input.push('.');
    input.push_str(&b64::encode(payload));
    input
}

/// The signing input signed with `key` (or left unsigned for an allowed `none`).
fn finish(
    input: String,
    alg: Alg,
    key: Option<&Key>,
    allow_none: bool,
) -> Result<String, SignTokenError> {
    if alg == Alg::None {
        if !allow_none {
            return Err(SignTokenError::NoneNotAllowed);
        }
        return Ok(input + ".");
    }
    let key = key.ok_or(SignTokenError::NoKey { alg })?;
    let signature = jwa::sign(alg, key, input.as_bytes())?;
    Ok(with_signature(input, &signature))
}

fn serde_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Writes a node as compact JSON: no whitespace, members in source order, numbers as written.
/// Depth is bounded by [`json::MAX_DEPTH`], so the recursion is too.
fn write_compact(node: &Node, out: &mut String) {
    match &node.value {
        json::Value::Null => out.push_str("null"),
        json::Value::Bool(true) => out.push_str("true"),
        json::Value::Bool(false) => out.push_str("false"),
        json::Value::Number(raw) => out.push_str(raw),
        json::Value::String(s) => write_string(s, out),
        json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        json::Value::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(&m.key, out);
                out.push(':');
                write_compact(&m.value, out);
            }
            out.push('}');
        }
    }
}

/// Writes a JSON string with the minimal escaping RFC 8259 §7 requires (quote, backslash,
/// control characters), as `serde_json` and `JSON.stringify` do.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut cut = offset.min(text.len());
    while !text.is_char_boundary(cut) {
        cut = cut.saturating_sub(1);
    }
    let before = text.get(..cut).unwrap_or("");
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jws::{decode, Payload};
    use crate::keys::fixtures;
    use crate::secret::Secret;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn secret() -> Key {
        Key::Oct(Secret::new(
            b"a-string-secret-at-least-256-bits-long".to_vec(),
        ))
    }

    fn header_text(token: &str) -> String {
        decode(token).expect("decodes").header.expect("header").text
    }

    fn payload_text(token: &str) -> String {
        match decode(token).expect("decodes").payload {
            Some(Payload::Json(p)) => p.text,
            Some(Payload::Text(t)) => t,
            other => format!("{other:?}"),
        }
    }

    /// The parts a caller that signs elsewhere uses make the token `sign_token` makes, and fail
    /// on the header and payload as it does.
    #[test]
    fn signing_input_and_with_signature_make_the_token_sign_token_makes() {
        let key = fixtures::key(fixtures::RSA_PKCS8);
        let (header, payload) = ("{ \"typ\": \"JWT\" }", "{ \"sub\": \"1\", \"n\": 1.50 }");
        for alg in [Alg::RS256, Alg::RS512] {
            let input = signing_input(header, payload, alg).expect("input");
            let signature = jwa::sign(alg, &key, input.as_bytes()).expect("signs");
            assert_eq!(
                with_signature(input, &signature),
                sign_token(header, payload, alg, Some(&key), false).expect("token"),
            );
        }
        let input = signing_input(header, payload, Alg::PS256).expect("input");
        assert!(input.starts_with(&b64::encode(b"{\"alg\":\"PS256\",\"typ\":\"JWT\"}")));
        assert!(input.ends_with(&b64::encode(b"{\"sub\":\"1\",\"n\":1.50}")));
        assert_eq!(
            signing_input("{\"a\":1,\"a\":2}", payload, Alg::RS256).map_err(|e| e.code()),
            sign_token("{\"a\":1,\"a\":2}", payload, Alg::RS256, Some(&key), false)
                .map_err(|e| e.code()),
        );
        assert_eq!(
            signing_input(header, "{broken", Alg::RS256).map_err(|e| e.code()),
            sign_token(header, "{broken", Alg::RS256, Some(&key), false).map_err(|e| e.code()),
        );
        assert!(signing_input(header, "{broken", Alg::RS256).is_err());
    }

    /// An RSA private key exported as PKCS#8 DER reads back as the same key; other keys have none.
    #[test]
    fn an_rsa_private_key_is_exported_as_pkcs8_der_for_webcrypto() {
        let key = fixtures::key(fixtures::RSA_PKCS1);
        let der = crate::pem::rsa_private_pkcs8_der(&key).expect("der");
        let back = crate::pem::parse_pkcs8_der(&der).expect("reads back");
        assert_eq!(
            jwa::sign(Alg::RS256, &back, b"x").expect("signs"),
            jwa::sign(Alg::RS256, &key, b"x").expect("signs"),
        );
        assert!(crate::pem::rsa_private_pkcs8_der(&fixtures::key(fixtures::RSA_SPKI)).is_none());
        assert!(crate::pem::rsa_private_pkcs8_der(&secret()).is_none());
    }

    /// RFC 7515 Appendix A.1: the same header and payload bytes give the same HS256 token.
    #[test]
    fn rfc7515_a1_signing_input_signs_to_the_published_signature() {
        let key = crate::jwk::parse_jwk(&serde_json::json!({
            "kty":"oct",
            "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
        }))
        .expect("jwk")
        .key;
        let input = format!(
            "{}.{}",
            b64::encode(b"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"),
            b64::encode(b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}")
        );
        let sig = jwa::sign(Alg::HS256, &key, input.as_bytes()).expect("signs");
        assert_eq!(
            b64::encode(&sig),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        // sign_token writes compactly, so its output differs from A.1's CRLF layout but verifies.
        let token = sign_token(
            "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}",
            Alg::HS256,
            Some(&key),
            false,
        )
        .expect("signs");
        assert_eq!(header_text(&token), r#"{"typ":"JWT","alg":"HS256"}"#);
        assert_eq!(
            payload_text(&token),
            r#"{"iss":"joe","exp":1300819380,"http://example.com/is_root":true}"#
        );
    }

    #[test]
    fn alg_is_replaced_in_place_or_inserted_first() {
        let token = sign_token(
            r#"{ "typ": "JWT", "alg": "RS256", "kid": "k1" }"#,
            "{}",
            Alg::HS256,
            Some(&secret()),
            false,
        )
        .expect("signs");
        assert_eq!(
            header_text(&token),
            r#"{"typ":"JWT","alg":"HS256","kid":"k1"}"#
        );
        let token = sign_token(r#"{"typ":"JWT"}"#, "{}", Alg::HS384, Some(&secret()), false)
            .expect("signs");
        assert_eq!(header_text(&token), r#"{"alg":"HS384","typ":"JWT"}"#);
    }

    #[test]
    fn payload_numbers_and_order_are_kept_exactly() {
        let token = sign_token(
            "{}",
            "{\n  \"z\": 1e3,\n  \"a\": 12345678901234567890123,\n  \"s\": \"tab\\there \\u00e9\",\n  \"n\": [1, -0.5, {\"x\": null}]\n}",
            Alg::HS256,
            Some(&secret()),
            false,
        )
        .expect("signs");
        assert_eq!(
            payload_text(&token),
            "{\"z\":1e3,\"a\":12345678901234567890123,\"s\":\"tab\\there é\",\"n\":[1,-0.5,{\"x\":null}]}"
        );
    }

    #[test]
    fn text_payload_is_signed_as_is_and_broken_json_is_an_error_with_position() {
        let token =
            sign_token("{}", "hello, world", Alg::HS256, Some(&secret()), false).expect("signs");
        assert_eq!(payload_text(&token), "hello, world");
        let err = sign_token(
            "{}",
            "{\n  \"a\": 1,\n}",
            Alg::HS256,
            Some(&secret()),
            false,
        )
        .expect_err("trailing comma");
        assert_eq!(err.code(), "payload_invalid_json");
        let pos = err.position().expect("has a position");
        assert_eq!(
            (pos.part, pos.line),
            (SignPart::Payload, 2),
            "at the trailing comma"
        );
    }

    #[test]
    fn header_errors_carry_codes_and_positions() {
        let err = sign_token("{\"typ\": }", "{}", Alg::HS256, Some(&secret()), false)
            .expect_err("bad json");
        assert_eq!(err.code(), "header_invalid_json");
        assert_eq!(err.position().map(|p| p.column), Some(9));
        let err =
            sign_token("[]", "{}", Alg::HS256, Some(&secret()), false).expect_err("array header");
        assert_eq!(err.code(), "header_not_object");
        assert_eq!(
            err.to_string(),
            "the header is an array, but it must be a JSON object"
        );
        let err = sign_token(
            "{\"kid\":\"a\",\n\"kid\":\"b\"}",
            "{}",
            Alg::HS256,
            Some(&secret()),
            false,
        )
        .expect_err("duplicate");
        assert_eq!(err.code(), "header_duplicate_member");
        assert_eq!(err.position().map(|p| (p.line, p.column)), Some((2, 1)));
        let err = sign_token(
            "{}",
            r#"{"a":{"b":1,"b":2}}"#,
            Alg::HS256,
            Some(&secret()),
            false,
        )
        .expect_err("duplicate");
        assert_eq!(err.code(), "payload_duplicate_member");
        assert!(err.to_string().contains("twice in /a"), "{err}");
    }

    #[test]
    fn none_needs_the_explicit_switch_and_then_has_an_empty_signature() {
        let err = sign_token("{}", "{}", Alg::None, Some(&secret()), false).expect_err("refused");
        assert_eq!(err.code(), "none_not_allowed");
        assert_eq!(
            err.to_string(),
            "signing with alg none needs the explicit unsecured switch"
        );
        let token = sign_token("{}", "{}", Alg::None, Some(&secret()), true).expect("unsecured");
        assert_eq!(token, "eyJhbGciOiJub25lIn0.e30.");
    }

    #[test]
    fn missing_or_unfit_keys_are_errors() {
        let err = sign_token("{}", "{}", Alg::RS256, None, false).expect_err("no key");
        assert_eq!(err.code(), "no_key");
        let public = fixtures::key(fixtures::RSA_SPKI);
        let err = sign_token("{}", "{}", Alg::RS256, Some(&public), false).expect_err("public");
        assert_eq!(err.code(), "private_key_required");
        let err = sign_token("{}", "{}", Alg::HS256, Some(&public), false).expect_err("confusion");
        assert_eq!(err.code(), "alg_key_mismatch");
    }

    #[test]
    fn short_secrets_may_sign() {
        let short = Key::Oct(Secret::new(b"secret".to_vec()));
        assert!(sign_token("{}", "{}", Alg::HS256, Some(&short), false).is_ok());
    }

    #[test]
    fn sign_json_keeps_member_order_and_verifies() {
        let key = fixtures::key(fixtures::P256_SEC1);
        let header = serde_json::json!({"typ": "JWT", "kid": "k"});
        let claims = serde_json::json!({"sub": "u", "aud": ["a", "b"], "exp": 2});
        let token = sign_json(&header, &claims, Alg::ES256, &key).expect("signs");
        assert_eq!(
            header_text(&token),
            r#"{"alg":"ES256","typ":"JWT","kid":"k"}"#
        );
        assert_eq!(
            payload_text(&token),
            r#"{"sub":"u","aud":["a","b"],"exp":2}"#
        );
        let decoded = decode(&token).expect("decodes");
        let sig = decoded.signature.clone().expect("signature");
        assert!(jwa::verify(Alg::ES256, &key, decoded.signing_input().as_bytes(), &sig).is_ok());
        let header = serde_json::json!({"alg": "none", "typ": "JWT"});
        let token = sign_json(&header, &claims, Alg::ES256, &key).expect("signs");
        assert_eq!(header_text(&token), r#"{"alg":"ES256","typ":"JWT"}"#);
        let err = sign_json(&header, &claims, Alg::None, &key).expect_err("none");
        assert_eq!(err.code(), "none_not_allowed");
    }

    #[test]
    fn control_characters_are_escaped_the_way_serde_json_does() {
        let mut out = String::new();
        let text = "a\"b\\c\n\u{1}\u{7f}é";
        write_string(text, &mut out);
        assert_eq!(out, serde_json::to_string(text).expect("serialises"));
    }
}
