//! Strict base64url without padding (RFC 7515 §2, RFC 4648 §5), the encoding of every JOSE segment.
//!
//! Encoding and the bit-shuffling of decoding are done by the `base64` crate. What is written by
//! hand here is the validation pass that runs first, because the crate cannot tell a person what
//! is wrong in the terms we need:
//!
//! * it reports the offending *byte* (`0xC3`), not the character (`'ä'`), and it does not
//!   distinguish a character from the standard alphabet (`+`, `/` — someone used base64, not
//!   base64url) or padding (`=`) from any other stray byte;
//! * it either rejects or silently accepts a last character that carries non-zero stray bits
//!   (`Zh` decodes to the same byte as the canonical `Zg`). Tokenlab must do neither:
//!   such a string decodes, but is not the canonical encoding, and that is *reported* (RFC 8725
//!   asks verifiers to be strict about encodings; a token that changes when re-encoded can smuggle
//!   a second valid spelling past a deny-list).
//!
//! So [`decode`] walks the characters once, reporting the first problem with its byte offset in
//! the input, and only then hands the (now known-good) text to the crate with trailing bits
//! allowed.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

/// The engine used once the input has been validated by hand: URL-safe alphabet, no padding on
/// encode, padding refused and stray trailing bits tolerated on decode (we report them ourselves).
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// Encodes bytes as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    ENGINE.encode(bytes)
}

/// The result of decoding a base64url string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// `Some(offset of the last character)` when that character carries non-zero stray bits: the
    /// string decodes, but [`encode`] of the bytes would give a different (canonical) string.
    pub non_canonical: Option<usize>,
}

/// Why a string is not strict base64url. Offsets are byte offsets in the decoded string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum B64Error {
    /// A character outside the base64url alphabet (`A–Z a–z 0–9 - _`).
    #[error("character {} at offset {offset} is not base64url", describe_char(*ch))]
    InvalidChar {
        /// Byte offset of the character.
        offset: usize,
        /// The character.
        ch: char,
    },
    /// A padding character `=`; JOSE base64url is never padded.
    #[error(
        "padding character '=' at offset {offset}: base64url in JOSE is written without padding"
    )]
    Padding {
        /// Byte offset of the first `=`.
        offset: usize,
    },
    /// A `+` or `/` from the standard base64 alphabet (base64url uses `-` and `_` instead).
    #[error("character '{ch}' at offset {offset} belongs to standard base64, not base64url (which uses '{}' instead)", if *ch == '+' { '-' } else { '_' })]
    StandardAlphabet {
        /// Byte offset of the character.
        offset: usize,
        /// `'+'` or `'/'`.
        ch: char,
    },
    /// A length that no byte string encodes to (`len % 4 == 1`).
    #[error(
        "a base64url string cannot be {len} characters long (one character too many or too few)"
    )]
    InvalidLength {
        /// The length in characters.
        len: usize,
    },
}

impl B64Error {
    /// A stable snake_case code for the UI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            B64Error::InvalidChar { .. } => "invalid_character",
            B64Error::Padding { .. } => "padding",
            B64Error::StandardAlphabet { .. } => "standard_alphabet",
            B64Error::InvalidLength { .. } => "invalid_length",
        }
    }

    /// The byte offset the error points at, where there is one (length errors have none).
    pub fn offset(&self) -> Option<usize> {
        match self {
            B64Error::InvalidChar { offset, .. }
            | B64Error::Padding { offset }
            | B64Error::StandardAlphabet { offset, .. } => Some(*offset),
            B64Error::InvalidLength { .. } => None,
        }
    }

    /// The same error with its offset moved by `by` bytes (for a string that sits inside a larger
    /// text, such as one segment of a token). Saturates instead of overflowing.
    pub fn shifted(self, by: usize) -> B64Error {
        match self {
            B64Error::InvalidChar { offset, ch } => B64Error::InvalidChar {
                offset: offset.saturating_add(by),
                ch,
            },
            B64Error::Padding { offset } => B64Error::Padding {
                offset: offset.saturating_add(by),
            },
            B64Error::StandardAlphabet { offset, ch } => B64Error::StandardAlphabet {
                offset: offset.saturating_add(by),
                ch,
            },
            other @ B64Error::InvalidLength { .. } => other,
        }
    }
}

/// Describes a character for an error message: `'ä'` when it is visible, `U+000A (line feed)` or
/// `U+00A0` when it is whitespace or invisible, so the message never contains a raw line break.
pub fn describe_char(ch: char) -> String {
    let name = match ch {
        ' ' => Some("space"),
        '\t' => Some("tab"),
        '\n' => Some("line feed"),
        '\r' => Some("carriage return"),
        '\u{a0}' => Some("no-break space"),
        '\u{feff}' => Some("byte order mark"),
        '\u{200b}' => Some("zero-width space"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", u32::from(ch)),
        None if ch.is_control() || ch.is_whitespace() || is_invisible(ch) => {
            format!("U+{:04X}", u32::from(ch))
        }
        None => format!("'{ch}'"),
    }
}

/// Format characters that render as nothing (zero-width joiners, direction marks, …).
fn is_invisible(ch: char) -> bool {
    matches!(u32::from(ch), 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF)
}

/// Marks a byte that is not a base64url character in [`SEXTETS`].
const NOT_B64: u8 = 0xff;

/// The 6-bit value of each base64url character, [`NOT_B64`] for every other byte. A table,
/// because the check runs over every character of every token on every keystroke: the lookups
/// are OR-ed together without a branch per character (a `match` per byte cost a fifth of
/// decoding a 4 KB token).
const SEXTETS: [u8; 256] = {
    let mut t = [NOT_B64; 256];
    let mut i = 0;
    while i < 64 {
        t[b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[i] as usize] =
            i as u8;
        i += 1;
    }
    t
};

/// The 6-bit value of a base64url character, or `None` for anything else.
fn sextet(b: u8) -> Option<u8> {
    match SEXTETS[usize::from(b)] {
        NOT_B64 => None,
        v => Some(v),
    }
}

/// Decodes strict, unpadded base64url.
///
/// The first problem found (scanning left to right) is returned with its byte offset in `s`; a
/// length problem is only reported once every character is valid. A last character with stray
/// bits is not an error: see [`Decoded::non_canonical`]. The empty string decodes to no bytes.
pub fn decode(s: &str) -> Result<Decoded, B64Error> {
    let bytes = s.as_bytes();
    let any_bad = bytes
        .iter()
        .fold(0u8, |acc, &b| acc | SEXTETS[usize::from(b)]);
    if any_bad > 63 {
        // Valid values are below 64, so only a bad byte sets the top bits; find the first one.
        if let Some(offset) = bytes.iter().position(|&b| sextet(b).is_none()) {
            return Err(classify(s, offset));
        }
    }
    let last = bytes.last().and_then(|&b| sextet(b)).unwrap_or(0);
    let len = bytes.len();
    // Number of stray bits carried by the last character, from the length of the final quantum.
    let stray_mask = match len % 4 {
        1 => return Err(B64Error::InvalidLength { len }),
        2 => 0b1111,
        3 => 0b11,
        _ => 0,
    };
    let non_canonical = if last & stray_mask != 0 {
        len.checked_sub(1)
    } else {
        None
    };
    match ENGINE.decode(bytes) {
        Ok(bytes) => Ok(Decoded {
            bytes,
            non_canonical,
        }),
        // Unreachable after the validation above; mapped rather than unwrapped so that a change
        // in the crate can never turn into a panic on user input.
        Err(_) => Err(B64Error::InvalidLength { len }),
    }
}

/// Builds the error for the non-alphabet byte at `offset` (the start of a character, since every
/// earlier byte was ASCII).
fn classify(s: &str, offset: usize) -> B64Error {
    let ch = s
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\u{fffd}');
    match ch {
        '=' => B64Error::Padding { offset },
        '+' | '/' => B64Error::StandardAlphabet { offset, ch },
        _ => B64Error::InvalidChar { offset, ch },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rfc4648_test_vectors_round_trip_without_padding() {
        let vectors: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (i, (raw, text)) in vectors.iter().enumerate() {
            assert_eq!(encode(raw), *text, "vector {i}");
            let d = decode(text).expect("decodes");
            assert_eq!(d.bytes, *raw, "vector {i}");
            assert_eq!(d.non_canonical, None, "vector {i}");
        }
    }

    #[test]
    fn url_safe_characters_are_used_for_62_and_63() {
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").expect("decodes").bytes, vec![0xfb, 0xff]);
    }

    #[test]
    fn padding_is_refused_with_the_offset_of_the_first_equals_sign() {
        let err = decode("Zg==").expect_err("padded");
        assert_eq!(err, B64Error::Padding { offset: 2 });
        assert_eq!(err.code(), "padding");
        assert_eq!(
            decode("Zm9=v").expect_err("inner ="),
            B64Error::Padding { offset: 3 }
        );
    }

    #[test]
    fn standard_alphabet_characters_are_named_as_such() {
        let err = decode("ab+d").expect_err("plus");
        assert_eq!(err, B64Error::StandardAlphabet { offset: 2, ch: '+' });
        assert_eq!(err.code(), "standard_alphabet");
        assert!(err.to_string().contains("'-' instead"), "{err}");
        let err = decode("abc/").expect_err("slash");
        assert_eq!(err, B64Error::StandardAlphabet { offset: 3, ch: '/' });
        assert!(err.to_string().contains("'_' instead"), "{err}");
    }

    #[test]
    fn invalid_character_reports_the_character_and_its_byte_offset() {
        // 'ä' sits after twelve ASCII characters.
        let err = decode("abcdefghijklä").expect_err("umlaut");
        assert_eq!(
            err,
            B64Error::InvalidChar {
                offset: 12,
                ch: 'ä'
            }
        );
        assert_eq!(
            err.to_string(),
            "character 'ä' at offset 12 is not base64url"
        );
        assert_eq!(err.code(), "invalid_character");
    }

    #[test]
    fn exactly_the_64_alphabet_characters_are_accepted_and_the_first_bad_one_is_reported() {
        const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for b in 0u8..=127 {
            let text = format!("QUJD{}QUJD{}", char::from(b), char::from(b));
            let accepted = decode(&text).map(|_| ()).map_err(|e| e.offset());
            if ALPHABET.contains(char::from(b)) {
                assert_eq!(accepted, Ok(()), "byte {b}");
            } else {
                assert_eq!(accepted, Err(Some(4)), "byte {b}");
            }
        }
    }

    #[test]
    fn offsets_after_multibyte_characters_are_byte_offsets() {
        // The first problem is reported, so put the multibyte character first.
        let err = decode("€abc").expect_err("euro");
        assert_eq!(
            err,
            B64Error::InvalidChar {
                offset: 0, ch: '€'
            }
        );
        assert_eq!(err.shifted(10).offset(), Some(10));
    }

    #[test]
    fn whitespace_is_described_by_code_point_not_printed_raw() {
        let err = decode("ab\ncd").expect_err("newline");
        assert_eq!(
            err.to_string(),
            "character U+000A (line feed) at offset 2 is not base64url"
        );
        let err = decode("ab cd").expect_err("space");
        assert!(err.to_string().contains("U+0020 (space)"), "{err}");
    }

    #[test]
    fn length_one_more_than_a_multiple_of_four_is_invalid() {
        for s in ["a", "abcde", "abcdefghi"] {
            let err = decode(s).expect_err("bad length");
            assert_eq!(err, B64Error::InvalidLength { len: s.len() });
            assert_eq!(err.code(), "invalid_length");
            assert_eq!(err.offset(), None);
        }
    }

    #[test]
    fn a_bad_character_is_reported_before_a_bad_length() {
        assert_eq!(
            decode("a!").expect_err("bang"),
            B64Error::InvalidChar { offset: 1, ch: '!' }
        );
    }

    #[test]
    fn stray_bits_in_the_last_character_are_reported_not_rejected() {
        // "Zg" is canonical for "f"; "Zh" carries a stray low bit and decodes to the same byte.
        let d = decode("Zh").expect("decodes");
        assert_eq!(d.bytes, b"f");
        assert_eq!(d.non_canonical, Some(1));
        // Three-character quantum: 2 stray bits. "Zm8" is canonical for "fo"; "Zm9" is not.
        let d = decode("Zm9").expect("decodes");
        assert_eq!(d.bytes, b"fo");
        assert_eq!(d.non_canonical, Some(2));
        assert_eq!(encode(&d.bytes), "Zm8");
        // Full quanta have no stray bits.
        assert_eq!(decode("Zm9v").expect("decodes").non_canonical, None);
    }

    #[test]
    fn every_byte_value_round_trips() {
        let all: Vec<u8> = (0..=255u8).collect();
        for n in 0..all.len() {
            let slice = all.get(..n).unwrap_or_default();
            let d = decode(&encode(slice)).expect("round trip");
            assert_eq!(d.bytes, slice);
            assert_eq!(d.non_canonical, None);
        }
    }
}
