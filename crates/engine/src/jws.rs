//! Decoding compact JWS (RFC 7515 §7.1, three parts) and compact JWE (RFC 7516 §7.1, five parts;
//! only the protected header is readable without the key).
//!
//! [`decode`] never gives up early: once the token has the right number of parts, every segment
//! is decoded on its own, so a broken signature still shows the header and the payload, and a
//! broken header still shows the payload. Every problem becomes a [`DecodeError`] carrying the
//! segment and the absolute byte offset in the token, for highlighting. Only problems with the
//! token as a whole (empty, too large, wrong number of dots) are a [`StructureError`].
//!
//! Nothing is verified here; that is the job of `jwa` (signatures) and `claims`.

use crate::b64;
use crate::json::{self, Document, Duplicate};
use crate::jwa::Alg;
use std::ops::Range;

/// Which compact serialization a token uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenForm {
    /// JSON Web Signature: `header.payload.signature`.
    Jws,
    /// JSON Web Encryption: `header.encrypted_key.iv.ciphertext.tag`.
    Jwe,
}

impl TokenForm {
    /// `"JWS"` or `"JWE"`.
    pub fn label(self) -> &'static str {
        match self {
            TokenForm::Jws => "JWS",
            TokenForm::Jwe => "JWE",
        }
    }

    /// The segments of this form, in order.
    pub fn kinds(self) -> &'static [SegmentKind] {
        match self {
            TokenForm::Jws => &[
                SegmentKind::Header,
                SegmentKind::Payload,
                SegmentKind::Signature,
            ],
            TokenForm::Jwe => &[
                SegmentKind::Header,
                SegmentKind::EncryptedKey,
                SegmentKind::Iv,
                SegmentKind::Ciphertext,
                SegmentKind::Tag,
            ],
        }
    }

    /// The form of a token with this many dots, if any (2 → JWS, 4 → JWE).
    pub fn from_dots(dots: usize) -> Option<TokenForm> {
        match dots {
            2 => Some(TokenForm::Jws),
            4 => Some(TokenForm::Jwe),
            _ => None,
        }
    }
}

/// One segment of a compact token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// The (protected) header, both forms.
    Header,
    /// The JWS payload.
    Payload,
    /// The JWS signature.
    Signature,
    /// The JWE encrypted key (empty for direct encryption).
    EncryptedKey,
    /// The JWE initialization vector.
    Iv,
    /// The JWE ciphertext.
    Ciphertext,
    /// The JWE authentication tag.
    Tag,
}

impl SegmentKind {
    /// A lower-case name for messages: `"header"`, `"payload"`, `"signature"`, `"encrypted key"`,
    /// `"initialization vector"`, `"ciphertext"`, `"authentication tag"`.
    pub fn label(self) -> &'static str {
        match self {
            SegmentKind::Header => "header",
            SegmentKind::Payload => "payload",
            SegmentKind::Signature => "signature",
            SegmentKind::EncryptedKey => "encrypted key",
            SegmentKind::Iv => "initialization vector",
            SegmentKind::Ciphertext => "ciphertext",
            SegmentKind::Tag => "authentication tag",
        }
    }
}

/// Where one segment sits in the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Which segment.
    pub kind: SegmentKind,
    /// Its byte range in the token text (dots excluded).
    pub range: Range<usize>,
}

impl Segment {
    /// The segment's text inside `token`.
    pub fn text<'t>(&self, token: &'t str) -> &'t str {
        token.get(self.range.clone()).unwrap_or("")
    }
}

/// A segment that decoded to a JSON document.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPart {
    /// The decoded UTF-8 text.
    pub text: String,
    /// The document with spans (into `text`) and duplicates.
    pub doc: Document,
    /// The same document as `serde_json` (last duplicate wins, see [`Document::to_serde`]).
    pub value: serde_json::Value,
}

/// A decoded JWS payload.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// A JSON document (normally the claims object).
    Json(JsonPart),
    /// Valid UTF-8 that is not a JSON document. If it looked like JSON (starting with `{` or
    /// `[`), the reason it failed is in [`DecodedToken::errors`].
    Text(String),
    /// Bytes that are not UTF-8.
    Bytes(Vec<u8>),
}

/// The header's `alg` member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlgHeader {
    /// No `alg` member, or no readable header object.
    Missing,
    /// `alg` is present but not a string.
    NotAString,
    /// A string that is not one of [`Alg`]'s names. For a JWE this is normal: its `alg` names a
    /// key-management algorithm (`RSA-OAEP`, `dir`, …), which `Alg` does not cover.
    Unknown(String),
    /// A known JWS algorithm.
    Known(Alg),
}

/// A problem in one segment. Decoding goes on past it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    /// The segment at fault.
    pub segment: SegmentKind,
    /// Absolute byte offset in the token of the character at fault (for problems found in
    /// decoded bytes, the first base64url character that encodes the bad byte).
    pub offset: usize,
    /// A sentence saying what is wrong.
    pub message: String,
    code: &'static str,
}

impl DecodeError {
    /// A stable snake_case code: `invalid_base64url`, `invalid_utf8`, `invalid_json`,
    /// `empty_header`, `header_not_object`, `payload_not_object`, `missing_alg`,
    /// `alg_not_a_string`, `b64_false_unsupported`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    fn new(segment: SegmentKind, offset: usize, code: &'static str, message: String) -> Self {
        DecodeError {
            segment,
            offset,
            message,
            code,
        }
    }
}

/// Everything that could be read from a compact token.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedToken {
    /// The token exactly as given.
    pub token: String,
    /// JWS or JWE.
    pub form: TokenForm,
    /// The segments in order (3 or 5).
    pub segments: Vec<Segment>,
    /// The header, when it is UTF-8 JSON (also when it is JSON but not an object; that is
    /// reported in `errors`).
    pub header: Option<JsonPart>,
    /// The decoded header text whenever the header is valid base64url, even if it is not JSON
    /// (not valid UTF-8 is shown with U+FFFD replacement characters), so it can still be shown.
    pub header_text: Option<String>,
    /// The JWS payload; `None` for a JWE or when it is not valid base64url.
    pub payload: Option<Payload>,
    /// The JWS signature bytes; `None` for a JWE or when it is not valid base64url. Empty for an
    /// unsecured JWS.
    pub signature: Option<Vec<u8>>,
    /// The header's `alg`.
    pub alg: AlgHeader,
    /// Every problem found, in segment order.
    pub errors: Vec<DecodeError>,
    /// Segments whose last character has stray bits (see [`b64::Decoded::non_canonical`]), with
    /// the absolute offset of that character.
    pub non_canonical: Vec<(SegmentKind, usize)>,
}

impl DecodedToken {
    /// The JWS Signing Input, `header.payload` exactly as in the token (RFC 7515 §5.1). For a
    /// JWE, the protected header segment (its Additional Authenticated Data).
    pub fn signing_input(&self) -> &str {
        let end = match self.form {
            TokenForm::Jws => self.segment(SegmentKind::Payload),
            TokenForm::Jwe => self.segment(SegmentKind::Header),
        }
        .map_or(0, |s| s.range.end);
        self.token.get(..end).unwrap_or("")
    }

    /// The segment of a kind, if this form has it.
    pub fn segment(&self, kind: SegmentKind) -> Option<&Segment> {
        self.segments.iter().find(|s| s.kind == kind)
    }

    /// The header as `serde_json`, when it is JSON.
    pub fn header_value(&self) -> Option<&serde_json::Value> {
        self.header.as_ref().map(|h| &h.value)
    }

    /// The claims: the payload when it is a JSON object.
    pub fn claims(&self) -> Option<&serde_json::Value> {
        match &self.payload {
            Some(Payload::Json(p)) if p.value.is_object() => Some(&p.value),
            _ => None,
        }
    }

    /// The header's `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header_value()?.get("kid")?.as_str()
    }

    /// Every duplicated member name in the header and the payload.
    pub fn duplicates(&self) -> Vec<(SegmentKind, &Duplicate)> {
        let header = self
            .header
            .iter()
            .flat_map(|h| h.doc.duplicates.iter())
            .map(|d| (SegmentKind::Header, d));
        let payload = match &self.payload {
            Some(Payload::Json(p)) => p.doc.duplicates.as_slice(),
            _ => &[],
        }
        .iter()
        .map(|d| (SegmentKind::Payload, d));
        header.chain(payload).collect()
    }
}

/// A problem with the token as a whole; no segment could be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StructureError {
    /// Nothing to decode.
    #[error("the token is empty")]
    Empty,
    /// Over [`crate::MAX_INPUT_BYTES`].
    #[error("{0}")]
    TooLarge(crate::TooLarge),
    /// Neither 3 nor 5 dot-separated parts.
    #[error("a JWS has 3 parts separated by dots and a JWE has 5; this has {found}")]
    PartCount {
        /// How many parts there are (dots + 1).
        found: usize,
    },
    /// A character that cannot appear anywhere in a compact token. [`decode`] does not return
    /// this: it reports bad characters per segment (as [`DecodeError`]s) so the other segments
    /// can still be shown. It is here for callers that check a whole token at once.
    #[error("character {} at offset {offset} cannot appear in a compact token", b64::describe_char(*ch))]
    IllegalCharacter {
        /// Byte offset of the character.
        offset: usize,
        /// The character.
        ch: char,
    },
}

impl StructureError {
    /// A stable snake_case code: `empty_token`, `too_large`, `part_count`, `illegal_character`.
    pub fn code(&self) -> &'static str {
        match self {
            StructureError::Empty => "empty_token",
            StructureError::TooLarge(_) => "too_large",
            StructureError::PartCount { .. } => "part_count",
            StructureError::IllegalCharacter { .. } => "illegal_character",
        }
    }
}

/// Decodes a compact JWS or JWE, exactly as given (no trimming: see `intake` for that).
///
/// Size is checked first, then the dots are counted (one pass over the bytes, no allocation), so
/// huge or dot-filled input is refused at once. After that nothing makes decoding stop: each
/// segment is decoded independently and every problem is collected in
/// [`DecodedToken::errors`].
///
/// The header must be a JSON object. A JWS payload may be a JSON object (claims), other JSON
/// (reported as `payload_not_object`), text or bytes. With `"b64": false` in the header
/// (RFC 7797) the payload is not base64url: that is reported as `b64_false_unsupported` and
/// the payload is shown as the raw text of its segment.
pub fn decode(token: &str) -> Result<DecodedToken, StructureError> {
    crate::check_size(token).map_err(StructureError::TooLarge)?;
    if token.is_empty() {
        return Err(StructureError::Empty);
    }
    let dots = token.bytes().filter(|&b| b == b'.').count();
    let form = TokenForm::from_dots(dots).ok_or(StructureError::PartCount {
        found: dots.saturating_add(1),
    })?;

    let mut segments = Vec::with_capacity(form.kinds().len());
    let mut start = 0;
    for (kind, part) in form.kinds().iter().zip(token.split('.')) {
        let end = start + part.len();
        segments.push(Segment {
            kind: *kind,
            range: start..end,
        });
        start = end + 1;
    }

    let mut out = DecodedToken {
        token: token.to_owned(),
        form,
        segments: Vec::new(),
        header: None,
        header_text: None,
        payload: None,
        signature: None,
        alg: AlgHeader::Missing,
        errors: Vec::new(),
        non_canonical: Vec::new(),
    };

    for seg in &segments {
        match seg.kind {
            SegmentKind::Header => decode_header(&mut out, seg),
            SegmentKind::Payload => decode_payload(&mut out, seg),
            SegmentKind::Signature => out.signature = base64url(&mut out, seg),
            // JWE parts cannot be read without the key: only check that they are base64url.
            SegmentKind::EncryptedKey
            | SegmentKind::Iv
            | SegmentKind::Ciphertext
            | SegmentKind::Tag => {
                base64url(&mut out, seg);
            }
        }
    }
    out.segments = segments;
    Ok(out)
}

/// Decodes one segment's base64url, recording errors and stray bits.
fn base64url(out: &mut DecodedToken, seg: &Segment) -> Option<Vec<u8>> {
    let text = seg.text(&out.token);
    match b64::decode(text) {
        Ok(d) => {
            if let Some(at) = d.non_canonical {
                out.non_canonical.push((seg.kind, seg.range.start + at));
            }
            Some(d.bytes)
        }
        Err(e) => {
            let offset = match e.offset() {
                Some(at) => seg.range.start + at,
                // A length problem: point at the last character of the segment.
                None => seg.range.end.saturating_sub(1).max(seg.range.start),
            };
            let e = e.shifted(seg.range.start);
            out.errors.push(DecodeError::new(
                seg.kind,
                offset,
                "invalid_base64url",
                format!("the {} is not valid base64url: {e}", seg.kind.label()),
            ));
            None
        }
    }
}

/// The absolute token offset of decoded byte `index` of a segment: the first base64url
/// character carrying its bits.
fn byte_to_token_offset(seg: &Segment, index: usize) -> usize {
    let within = index.saturating_mul(4) / 3;
    seg.range
        .start
        .saturating_add(within)
        .min(seg.range.end.saturating_sub(1).max(seg.range.start))
}

fn json_error(seg: &Segment, e: &json::JsonError) -> DecodeError {
    DecodeError::new(
        seg.kind,
        byte_to_token_offset(seg, e.offset),
        "invalid_json",
        format!("the {} is not valid JSON: {e}", seg.kind.label()),
    )
}

fn json_part(text: String, doc: Document) -> JsonPart {
    let value = doc.to_serde();
    JsonPart { text, doc, value }
}

fn decode_header(out: &mut DecodedToken, seg: &Segment) {
    let Some(bytes) = base64url(out, seg) else {
        return;
    };
    if bytes.is_empty() {
        out.errors.push(DecodeError::new(
            seg.kind,
            seg.range.start,
            "empty_header",
            "the header is empty; it must be a JSON object with at least \"alg\"".into(),
        ));
        out.header_text = Some(String::new());
        return;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            out.errors.push(DecodeError::new(
                seg.kind,
                byte_to_token_offset(seg, at),
                "invalid_utf8",
                format!("the header is not valid UTF-8 (bad byte at position {at} of the decoded header)"),
            ));
            out.header_text = Some(String::from_utf8_lossy(e.as_bytes()).into_owned());
            return;
        }
    };
    out.header_text = Some(text.clone());
    let doc = match json::parse(&text) {
        Ok(doc) => doc,
        Err(e) => {
            out.errors.push(json_error(seg, &e));
            return;
        }
    };
    if !matches!(doc.root.value, json::Value::Object(_)) {
        out.errors.push(DecodeError::new(
            seg.kind,
            seg.range.start,
            "header_not_object",
            format!(
                "the header is {}, but it must be a JSON object",
                doc.root.value.kind_name()
            ),
        ));
    }
    let part = json_part(text, doc);
    out.alg = match part.value.get("alg") {
        None => AlgHeader::Missing,
        Some(serde_json::Value::String(name)) => {
            Alg::parse(name).map_or_else(|| AlgHeader::Unknown(name.clone()), AlgHeader::Known)
        }
        Some(_) => AlgHeader::NotAString,
    };
    if part.value.is_object() {
        match out.alg {
            AlgHeader::Missing => out.errors.push(DecodeError::new(
                seg.kind,
                seg.range.start,
                "missing_alg",
                "the header has no \"alg\" member, which RFC 7515 §4.1.1 requires".into(),
            )),
            AlgHeader::NotAString => out.errors.push(DecodeError::new(
                seg.kind,
                seg.range.start,
                "alg_not_a_string",
                "the header's \"alg\" must be a string such as \"RS256\"".into(),
            )),
            AlgHeader::Unknown(_) | AlgHeader::Known(_) => {}
        }
    }
    out.header = Some(part);
}

fn decode_payload(out: &mut DecodedToken, seg: &Segment) {
    let unencoded = out
        .header_value()
        .and_then(|h| h.get("b64"))
        .is_some_and(|b| *b == serde_json::Value::Bool(false));
    if unencoded {
        out.errors.push(DecodeError::new(
            seg.kind,
            seg.range.start,
            "b64_false_unsupported",
            "the header sets \"b64\": false (RFC 7797), so the payload is not base64url-encoded; \
             it is shown as it is, but Tokenlab does not verify such tokens"
                .into(),
        ));
        out.payload = Some(Payload::Text(seg.text(&out.token).to_owned()));
        return;
    }
    let Some(bytes) = base64url(out, seg) else {
        return;
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            out.payload = Some(Payload::Bytes(e.into_bytes()));
            return;
        }
    };
    match json::parse(&text) {
        Ok(doc) => {
            if !matches!(doc.root.value, json::Value::Object(_)) {
                out.errors.push(DecodeError::new(
                    seg.kind,
                    seg.range.start,
                    "payload_not_object",
                    format!(
                        "the payload is {}, not a JSON object, so it holds no JWT claims (RFC 7519 §7.2)",
                        doc.root.value.kind_name()
                    ),
                ));
            }
            out.payload = Some(Payload::Json(json_part(text, doc)));
        }
        Err(e) => {
            if text.trim_start().starts_with(['{', '[']) {
                out.errors.push(json_error(seg, &e));
            }
            out.payload = Some(Payload::Text(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn token(header: &str, payload: &[u8], signature: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            b64::encode(header.as_bytes()),
            b64::encode(payload),
            b64::encode(signature)
        )
    }

    fn codes(d: &DecodedToken) -> Vec<&'static str> {
        d.errors.iter().map(DecodeError::code).collect()
    }

    mod rfc7515 {
        use super::super::*;
        #[cfg(target_arch = "wasm32")]
        use wasm_bindgen_test::wasm_bindgen_test as test;

        /// RFC 7515 Appendix A.1: an HS256 JWS whose header contains a CRLF.
        pub const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        #[test]
        fn a1() {
            let d = decode(A1).expect("decodes");
            assert_eq!(d.form, TokenForm::Jws);
            assert!(d.errors.is_empty(), "{:?}", d.errors);
            assert!(d.non_canonical.is_empty());
            let header = d.header.as_ref().expect("header");
            assert_eq!(header.text, "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
            assert_eq!(d.alg, AlgHeader::Known(Alg::HS256));
            let claims = d.claims().expect("claims");
            assert_eq!(claims["iss"], "joe");
            assert_eq!(claims["exp"], 1_300_819_380);
            assert_eq!(claims["http://example.com/is_root"], true);
            assert_eq!(
                d.signature.as_deref(),
                Some(
                    &[
                        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                        22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121
                    ][..]
                )
            );
            let dot = A1.rfind('.').expect("dot");
            assert_eq!(d.signing_input(), &A1[..dot]);
            assert_eq!(d.segments[2].range, dot + 1..A1.len());
            assert_eq!(
                d.segments[0].text(A1),
                "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            );
        }
    }

    #[test]
    fn a_broken_signature_still_shows_header_and_payload() {
        let mut t = rfc7515::A1.to_owned();
        let sig_start = t.rfind('.').expect("dot") + 1;
        t.replace_range(sig_start + 3..sig_start + 4, "!");
        let d = decode(&t).expect("decodes");
        assert_eq!(codes(&d), ["invalid_base64url"]);
        let e = &d.errors[0];
        assert_eq!(e.segment, SegmentKind::Signature);
        assert_eq!(e.offset, sig_start + 3);
        assert_eq!(
            e.to_string(),
            format!(
                "the signature is not valid base64url: character '!' at offset {} is not base64url",
                sig_start + 3
            )
        );
        assert!(d.signature.is_none());
        assert!(d.header.is_some());
        assert_eq!(d.claims().expect("claims")["iss"], "joe");
    }

    #[test]
    fn a_bad_character_in_the_payload_has_its_absolute_offset() {
        let t = rfc7515::A1.replacen("eyJpc3Mi", "eyJpc3 i", 1);
        let d = decode(&t).expect("decodes");
        let e = &d.errors[0];
        assert_eq!(e.code(), "invalid_base64url");
        assert_eq!(e.segment, SegmentKind::Payload);
        assert_eq!(e.offset, t.find(' ').expect("space"));
        assert!(e.message.contains("U+0020 (space)"), "{}", e.message);
        assert!(d.payload.is_none());
        assert_eq!(d.signature.as_ref().map(Vec::len), Some(32));
    }

    #[test]
    fn a_broken_header_still_shows_the_payload() {
        let t = format!("x{}", rfc7515::A1);
        let d = decode(&t).expect("decodes");
        assert_eq!(codes(&d), ["invalid_base64url"]);
        assert_eq!(d.errors[0].segment, SegmentKind::Header);
        assert_eq!(d.alg, AlgHeader::Missing);
        assert!(d.claims().is_some());
    }

    #[test]
    fn a_five_part_token_is_a_jwe_with_its_protected_header_decoded() {
        // RFC 7516 Appendix A.1's protected header, with short stand-in parts.
        let t = format!(
            "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.{}.{}.{}.{}",
            b64::encode(b"encrypted key"),
            b64::encode(b"iv"),
            b64::encode(b"ciphertext"),
            b64::encode(b"tag")
        );
        let d = decode(&t).expect("decodes");
        assert_eq!(d.form, TokenForm::Jwe);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.segments.len(), 5);
        assert_eq!(d.segments[4].kind, SegmentKind::Tag);
        assert_eq!(d.header_value().expect("header")["enc"], "A256GCM");
        assert_eq!(d.alg, AlgHeader::Unknown("RSA-OAEP".into()));
        assert!(d.payload.is_none() && d.signature.is_none());
        assert_eq!(
            d.signing_input(),
            "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ"
        );
    }

    #[test]
    fn a_bad_jwe_part_is_reported_against_that_part() {
        let t = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y+Q.dGFn";
        let d = decode(t).expect("decodes");
        assert_eq!(codes(&d), ["invalid_base64url"]);
        assert_eq!(d.errors[0].segment, SegmentKind::Ciphertext);
        assert_eq!(d.errors[0].offset, t.find('+').expect("plus"));
        assert_eq!(d.alg, AlgHeader::Unknown("dir".into()));
    }

    #[test]
    fn wrong_part_counts_are_structure_errors() {
        for (t, found) in [("abc", 1), ("a.b", 2), ("a.b.c.d", 4), ("a.b.c.d.e.f", 6)] {
            let e = decode(t).expect_err(t);
            assert_eq!(e, StructureError::PartCount { found });
            assert_eq!(e.code(), "part_count");
        }
        assert_eq!(
            decode("a.b.c.d").expect_err("4 parts").to_string(),
            "a JWS has 3 parts separated by dots and a JWE has 5; this has 4"
        );
        assert_eq!(decode("").expect_err("empty"), StructureError::Empty);
    }

    #[test]
    fn ten_thousand_dots_are_refused_at_once() {
        let e = decode(&".".repeat(10_000)).expect_err("dots");
        assert_eq!(e, StructureError::PartCount { found: 10_001 });
        // The largest accepted input made of dots is counted in one pass too.
        let e = decode(&".".repeat(crate::MAX_INPUT_BYTES)).expect_err("dots");
        assert_eq!(e.code(), "part_count");
    }

    #[test]
    fn over_two_mebibytes_is_refused_before_parsing() {
        let e = decode(&"a".repeat(crate::MAX_INPUT_BYTES + 1)).expect_err("too large");
        assert_eq!(e.code(), "too_large");
        assert!(e.to_string().contains("at most"), "{e}");
    }

    #[test]
    fn a_one_mebibyte_token_is_accepted() {
        let claim = "a".repeat(768 * 1024);
        let payload = format!("{{\"data\":\"{claim}\"}}");
        let t = token(r#"{"alg":"HS256"}"#, payload.as_bytes(), &[0; 32]);
        assert!(t.len() > 1024 * 1024);
        let d = decode(&t).expect("decodes");
        assert!(d.errors.is_empty());
        assert_eq!(
            d.claims().and_then(|c| c["data"].as_str()).map(str::len),
            Some(claim.len())
        );
    }

    #[test]
    fn the_header_must_be_a_json_object() {
        let d = decode(&token("[1]", b"{}", b"")).expect("decodes");
        assert_eq!(codes(&d), ["header_not_object"]);
        assert!(d.errors[0].message.contains("an array"));
        let d = decode(&token("", b"{}", b"")).expect("decodes");
        assert_eq!(codes(&d), ["empty_header"]);
    }

    #[test]
    fn invalid_header_json_points_into_the_header_segment() {
        let t = token(r#"{"alg":"HS256",}"#, b"{}", b"sig");
        let d = decode(&t).expect("decodes");
        assert_eq!(codes(&d), ["invalid_json"]);
        let e = &d.errors[0];
        assert_eq!(e.segment, SegmentKind::Header);
        // The comma is decoded byte 14: base64url character 18 carries it.
        assert_eq!(e.offset, 18);
        assert!(
            e.message
                .starts_with("the header is not valid JSON: trailing comma"),
            "{}",
            e.message
        );
        assert!(d.header.is_none());
        assert_eq!(d.header_text.as_deref(), Some(r#"{"alg":"HS256",}"#));
        assert!(d.claims().is_some());
    }

    #[test]
    fn a_header_that_is_not_utf8_is_reported_and_shown_lossily() {
        let t = format!("{}.e30.", b64::encode(b"{\"a\xff\":1}"));
        let d = decode(&t).expect("decodes");
        assert_eq!(codes(&d), ["invalid_utf8"]);
        assert_eq!(d.errors[0].offset, 4);
        assert_eq!(d.header_text.as_deref(), Some("{\"a\u{fffd}\":1}"));
    }

    #[test]
    fn alg_is_missing_not_a_string_unknown_or_known() {
        let cases = [
            (r#"{"typ":"JWT"}"#, AlgHeader::Missing, vec!["missing_alg"]),
            (
                r#"{"alg":256}"#,
                AlgHeader::NotAString,
                vec!["alg_not_a_string"],
            ),
            (
                r#"{"alg":"hs256"}"#,
                AlgHeader::Unknown("hs256".into()),
                vec![],
            ),
            (r#"{"alg":"none"}"#, AlgHeader::Known(Alg::None), vec![]),
        ];
        for (i, (header, alg, expected)) in cases.into_iter().enumerate() {
            let d = decode(&token(header, b"{}", b"")).expect("decodes");
            assert_eq!(d.alg, alg, "case {i}");
            assert_eq!(codes(&d), expected, "case {i}");
        }
    }

    #[test]
    fn a_duplicated_alg_is_reported_and_the_last_value_is_used() {
        let d = decode(&token(
            r#"{"alg":"HS256","kid":"k1","alg":"none"}"#,
            br#"{"sub":"a","sub":"b"}"#,
            b"",
        ))
        .expect("decodes");
        assert_eq!(d.alg, AlgHeader::Known(Alg::None));
        assert_eq!(d.kid(), Some("k1"));
        let dups = d.duplicates();
        assert_eq!(dups.len(), 2);
        assert_eq!(dups[0].0, SegmentKind::Header);
        assert_eq!(dups[0].1.first_value, "\"HS256\"");
        assert_eq!(dups[0].1.second_value, "\"none\"");
        assert_eq!(dups[1].0, SegmentKind::Payload);
        assert_eq!(dups[1].1.key, "sub");
    }

    #[test]
    fn payloads_can_be_json_text_or_bytes() {
        let h = r#"{"alg":"HS256"}"#;
        let d = decode(&token(h, b"hello", b"")).expect("decodes");
        assert_eq!(d.payload, Some(Payload::Text("hello".into())));
        assert!(d.errors.is_empty());
        assert!(d.claims().is_none());

        let d = decode(&token(h, b" {\"a\":", b"")).expect("decodes");
        assert_eq!(d.payload, Some(Payload::Text(" {\"a\":".into())));
        assert_eq!(codes(&d), ["invalid_json"]);
        assert_eq!(d.errors[0].segment, SegmentKind::Payload);

        let d = decode(&token(h, &[0xff, 0xfe, 0], b"")).expect("decodes");
        assert_eq!(d.payload, Some(Payload::Bytes(vec![0xff, 0xfe, 0])));
        assert!(d.errors.is_empty());

        let d = decode(&token(h, b"[1,2]", b"")).expect("decodes");
        assert!(matches!(d.payload, Some(Payload::Json(_))));
        assert_eq!(codes(&d), ["payload_not_object"]);
        assert!(d.claims().is_none());
    }

    #[test]
    fn unencoded_payload_is_reported_and_shown_as_text() {
        let t = format!(
            "{}.hello world.",
            b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#)
        );
        let d = decode(&t).expect("decodes");
        assert_eq!(codes(&d), ["b64_false_unsupported"]);
        assert_eq!(d.errors[0].segment, SegmentKind::Payload);
        assert_eq!(d.payload, Some(Payload::Text("hello world".into())));
    }

    #[test]
    fn stray_bits_are_listed_with_their_absolute_offset() {
        // "e30" is "{}"; "e31" decodes to the same two bytes with a stray bit.
        let t = "eyJhbGciOiJub25lIn0.e31.";
        let d = decode(t).expect("decodes");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(
            d.non_canonical,
            [(SegmentKind::Payload, t.find("e31").expect("e31") + 2)]
        );
        assert_eq!(d.signature, Some(vec![]));
        assert_eq!(d.alg, AlgHeader::Known(Alg::None));
    }

    #[test]
    fn a_length_error_points_at_the_last_character_of_the_segment() {
        let t = "eyJhbGciOiJub25lIn0.e30.abcde";
        let d = decode(t).expect("decodes");
        assert_eq!(d.errors[0].offset, t.len() - 1);
        assert!(d.errors[0].message.contains("5 characters long"));
    }

    #[test]
    fn segment_kinds_have_human_labels() {
        let labels: Vec<&str> = TokenForm::Jwe.kinds().iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "header",
                "encrypted key",
                "initialization vector",
                "ciphertext",
                "authentication tag"
            ]
        );
        assert_eq!(SegmentKind::Payload.label(), "payload");
        assert_eq!(TokenForm::Jws.label(), "JWS");
    }
}
