//! Shared secrets for HMAC (`kty: "oct"`): a redacting, zeroizing newtype and the text encodings a
//! person may type a secret in (UTF-8, base64, base64url, hex).

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::keys::KeyError;

/// Secret key material (an HMAC key, or any bytes that must not be shown).
///
/// `Debug` and `Display` print `***`, equality is decided in constant time, and the bytes are
/// zeroized when the value is dropped.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps bytes as a secret (the vector is zeroized when the secret is dropped).
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret bytes. Every use is a place the secret can leak: keep them out of logs and UI.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for a zero-length secret.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in bits (what RFC 7518 §3.2 measures against the hash size).
    pub fn bits(&self) -> usize {
        self.0.len().saturating_mul(8)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl PartialEq for Secret {
    /// Constant-time comparison (the lengths themselves are not hidden).
    fn eq(&self, other: &Secret) -> bool {
        self.0.as_slice().ct_eq(other.0.as_slice()).into()
    }
}

impl Eq for Secret {}

impl From<Vec<u8>> for Secret {
    fn from(bytes: Vec<u8>) -> Secret {
        Secret::new(bytes)
    }
}

/// How the text of a secret is turned into bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SecretEncoding {
    /// The text's UTF-8 bytes, exactly as typed (no trimming: a trailing newline is part of it).
    #[default]
    Utf8,
    /// Standard base64 (RFC 4648 §4, `+` and `/`), with or without `=` padding.
    Base64,
    /// URL-safe base64 (RFC 4648 §5, `-` and `_`), with or without `=` padding.
    Base64Url,
    /// Hexadecimal, upper or lower case, optionally prefixed with `0x`.
    Hex,
}

impl SecretEncoding {
    /// Every encoding, in the order the UI offers them.
    pub const ALL: [SecretEncoding; 4] = [
        SecretEncoding::Utf8,
        SecretEncoding::Base64,
        SecretEncoding::Base64Url,
        SecretEncoding::Hex,
    ];

    /// A short human name (`"UTF-8"`, `"base64"`, `"base64url"`, `"hex"`).
    pub fn label(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "UTF-8",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Base64Url => "base64url",
            SecretEncoding::Hex => "hex",
        }
    }

    /// The name used in serde and on the command line (`"utf8"`, `"base64"`, `"base64url"`, `"hex"`).
    pub fn name(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "utf8",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Base64Url => "base64url",
            SecretEncoding::Hex => "hex",
        }
    }

    /// Parses [`SecretEncoding::name`] (case-insensitive; `"utf-8"` and `"b64"` are accepted too).
    pub fn parse(name: &str) -> Option<SecretEncoding> {
        match name.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" | "text" => Some(SecretEncoding::Utf8),
            "base64" | "b64" => Some(SecretEncoding::Base64),
            "base64url" | "b64url" => Some(SecretEncoding::Base64Url),
            "hex" => Some(SecretEncoding::Hex),
            _ => None,
        }
    }
}

impl std::fmt::Display for SecretEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Turns the text of a secret into its bytes.
///
/// - UTF-8: the bytes of `text`, unchanged.
/// - base64 / base64url: ASCII whitespace anywhere is ignored (wrapped lines), `=` padding is
///   optional, the alphabet is strict (a `-` in base64 or a `+` in base64url is refused with a hint),
///   and non-canonical final characters (unused bits set) are refused.
/// - hex: ASCII whitespace is ignored, case does not matter, a leading `0x` is allowed.
///
/// Errors ([`KeyError::InvalidSecret`]) name the character and its byte offset in `text`.
pub fn decode_secret(text: &str, enc: SecretEncoding) -> Result<Secret, KeyError> {
    crate::check_size(text)?;
    match enc {
        SecretEncoding::Utf8 => Ok(Secret::new(text.as_bytes().to_vec())),
        SecretEncoding::Base64 | SecretEncoding::Base64Url => decode_base64(text, enc),
        SecretEncoding::Hex => decode_hex(text),
    }
}

fn secret_error(enc: SecretEncoding, offset: usize, reason: String) -> KeyError {
    KeyError::InvalidSecret {
        encoding: enc,
        offset,
        reason,
    }
}

/// The character starting at byte `offset` of `text`, for messages.
fn char_at(text: &str, offset: usize) -> char {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('?')
}

/// Removes ASCII whitespace, remembering for every kept byte its offset in the original text.
fn strip_whitespace(text: &str) -> (Vec<u8>, Vec<usize>) {
    let mut kept = Vec::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    for (i, b) in text.bytes().enumerate() {
        if !b.is_ascii_whitespace() {
            kept.push(b);
            offsets.push(i);
        }
    }
    (kept, offsets)
}

const LENIENT_PADDING: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_ANY_PAD: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT_PADDING);
const URL_SAFE_ANY_PAD: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT_PADDING);

fn decode_base64(text: &str, enc: SecretEncoding) -> Result<Secret, KeyError> {
    let (kept, offsets) = strip_whitespace(text);
    let original = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
    if kept.is_empty() {
        return Err(secret_error(
            enc,
            0,
            "there are no base64 characters".to_string(),
        ));
    }
    // Check the alphabet ourselves first so the message can say which alphabet was meant.
    let url = enc == SecretEncoding::Base64Url;
    for (i, &b) in kept.iter().enumerate() {
        let ok = b.is_ascii_alphanumeric()
            || b == b'='
            || (url && (b == b'-' || b == b'_'))
            || (!url && (b == b'+' || b == b'/'));
        if !ok {
            let at = original(i);
            let c = char_at(text, at);
            let hint = match (url, b) {
                (false, b'-' | b'_') => " (it belongs to base64url: choose that encoding)",
                (true, b'+' | b'/') => " (it belongs to standard base64: choose that encoding)",
                _ => "",
            };
            return Err(secret_error(
                enc,
                at,
                format!(
                    "'{c}' at byte offset {at} is not a {} character{hint}",
                    enc.label()
                ),
            ));
        }
    }
    let engine = if url {
        &URL_SAFE_ANY_PAD
    } else {
        &STANDARD_ANY_PAD
    };
    match engine.decode(&kept) {
        Ok(bytes) => Ok(Secret::new(bytes)),
        Err(base64::DecodeError::InvalidByte(i, _)) => {
            let at = original(i);
            Err(secret_error(
                enc,
                at,
                format!(
                    "'{}' at byte offset {at} is misplaced: '=' may only pad the end",
                    char_at(text, at)
                ),
            ))
        }
        Err(base64::DecodeError::InvalidLastSymbol(i, _)) => {
            let at = original(i);
            Err(secret_error(
                enc,
                at,
                format!(
                    "the last character '{}' at byte offset {at} has bits set that encode nothing (non-canonical or truncated {})",
                    char_at(text, at),
                    enc.label()
                ),
            ))
        }
        Err(base64::DecodeError::InvalidLength(_)) => {
            let at = original(kept.len().saturating_sub(1));
            Err(secret_error(
                enc,
                at,
                format!(
                    "{} characters cannot be {}: one character is left over at byte offset {at}",
                    kept.iter().filter(|b| **b != b'=').count(),
                    enc.label()
                ),
            ))
        }
        Err(base64::DecodeError::InvalidPadding) => {
            let at = kept
                .iter()
                .position(|b| *b == b'=')
                .map(original)
                .unwrap_or(text.len());
            Err(secret_error(
                enc,
                at,
                format!("the '=' padding starting at byte offset {at} is wrong"),
            ))
        }
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn decode_hex(text: &str) -> Result<Secret, KeyError> {
    let enc = SecretEncoding::Hex;
    let (mut kept, mut offsets) = strip_whitespace(text);
    if kept.starts_with(b"0x") || kept.starts_with(b"0X") {
        kept.drain(..2);
        offsets.drain(..2);
    }
    if kept.is_empty() {
        return Err(secret_error(enc, 0, "there are no hex digits".to_string()));
    }
    let mut out = Zeroizing::new(Vec::with_capacity(kept.len() / 2));
    let mut high: Option<u8> = None;
    for (i, &b) in kept.iter().enumerate() {
        let Some(v) = hex_value(b) else {
            let at = offsets.get(i).copied().unwrap_or(text.len());
            return Err(secret_error(
                enc,
                at,
                format!(
                    "'{}' at byte offset {at} is not a hex digit",
                    char_at(text, at)
                ),
            ));
        };
        match high.take() {
            None => high = Some(v),
            Some(h) => out.push((h << 4) | v),
        }
    }
    if high.is_some() {
        let at = offsets.last().copied().unwrap_or(0);
        return Err(secret_error(
            enc,
            at,
            format!(
                "{} hex digits is an odd count: the digit at byte offset {at} has no partner",
                kept.len()
            ),
        ));
    }
    Ok(Secret::new(std::mem::take(&mut *out)))
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn decode(text: &str, enc: SecretEncoding) -> Vec<u8> {
        decode_secret(text, enc).expect("decodes").expose().to_vec()
    }

    fn error(text: &str, enc: SecretEncoding) -> (usize, String) {
        match decode_secret(text, enc) {
            Err(KeyError::InvalidSecret { offset, reason, .. }) => (offset, reason),
            other => panic!("expected a secret error, got {other:?}"),
        }
    }

    #[test]
    fn secrets_never_print_their_bytes() {
        let s = Secret::new(b"hunter2".to_vec());
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(***)");
        assert_eq!(s.expose(), b"hunter2");
        assert_eq!(s.len(), 7);
        assert_eq!(s.bits(), 56);
        assert!(!s.is_empty());
    }

    #[test]
    fn secrets_compare_by_content() {
        assert_eq!(Secret::new(vec![1, 2, 3]), Secret::new(vec![1, 2, 3]));
        assert_ne!(Secret::new(vec![1, 2, 3]), Secret::new(vec![1, 2, 4]));
        assert_ne!(Secret::new(vec![1, 2, 3]), Secret::new(vec![1, 2]));
    }

    #[test]
    fn utf8_secrets_are_taken_exactly_as_typed() {
        assert_eq!(
            decode("my secret \n", SecretEncoding::Utf8),
            b"my secret \n"
        );
        assert_eq!(decode("é", SecretEncoding::Utf8), "é".as_bytes());
    }

    #[test]
    fn base64_secrets_decode_with_or_without_padding_and_across_lines() {
        assert_eq!(decode("aGVsbG8=", SecretEncoding::Base64), b"hello");
        assert_eq!(decode("aGVsbG8", SecretEncoding::Base64), b"hello");
        assert_eq!(decode(" aGVs\n bG8= \n", SecretEncoding::Base64), b"hello");
        assert_eq!(decode("-_8", SecretEncoding::Base64Url), [0xfb, 0xff]);
        assert_eq!(decode("+/8=", SecretEncoding::Base64), [0xfb, 0xff]);
    }

    #[test]
    fn base64_errors_name_the_character_and_its_offset() {
        let (offset, reason) = error("ab%d", SecretEncoding::Base64);
        assert_eq!(offset, 2);
        assert!(reason.contains("'%'"), "{reason}");
        let (offset, reason) = error("ab-d", SecretEncoding::Base64);
        assert_eq!(offset, 2);
        assert!(reason.contains("base64url"), "{reason}");
        let (offset, reason) = error("ab+d", SecretEncoding::Base64Url);
        assert_eq!(offset, 2);
        assert!(reason.contains("standard base64"), "{reason}");
        let (offset, _) = error("a\nb=cd", SecretEncoding::Base64);
        assert_eq!(offset, 3);
        let (_, reason) = error("abcde", SecretEncoding::Base64);
        assert!(reason.contains("left over"), "{reason}");
        let (offset, reason) = error("QR==", SecretEncoding::Base64);
        assert_eq!(offset, 1);
        assert!(reason.contains("non-canonical"), "{reason}");
    }

    #[test]
    fn hex_secrets_ignore_case_whitespace_and_a_0x_prefix() {
        assert_eq!(
            decode("DEADbeef", SecretEncoding::Hex),
            [0xde, 0xad, 0xbe, 0xef]
        );
        assert_eq!(
            decode("0xde ad\nbe ef", SecretEncoding::Hex),
            [0xde, 0xad, 0xbe, 0xef]
        );
    }

    #[test]
    fn hex_errors_name_the_character_and_its_offset() {
        let (offset, reason) = error("abcg", SecretEncoding::Hex);
        assert_eq!(offset, 3);
        assert!(reason.contains("'g'"), "{reason}");
        let (offset, reason) = error("abc", SecretEncoding::Hex);
        assert_eq!(offset, 2);
        assert!(reason.contains("odd"), "{reason}");
        let (offset, _) = error("ab é", SecretEncoding::Hex);
        assert_eq!(offset, 3);
    }

    #[test]
    fn encodings_round_trip_through_their_names_and_serde() {
        for enc in SecretEncoding::ALL {
            assert_eq!(SecretEncoding::parse(enc.name()), Some(enc));
            let json = serde_json::to_string(&enc).expect("serialize");
            assert_eq!(json, format!("\"{}\"", enc.name()));
            let back: SecretEncoding = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, enc);
            assert!(!enc.label().is_empty());
        }
    }
}
