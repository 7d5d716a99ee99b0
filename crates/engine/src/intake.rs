//! "Paste anything": works out what a pasted text is and finds the token in it.
//!
//! [`intake`] accepts a compact JWS/JWE (with surrounding whitespace, quotes, line breaks from
//! wrapping, a `Bearer ` prefix or a whole `Authorization: Bearer …` header line), a token
//! endpoint response (JSON, RFC 6749 §5.1), or a redirect URL whose query or fragment carries
//! `code`, `access_token`, `id_token`, … (RFC 6749 §4.1.2 and §4.2.2, OIDC Core §3.2.2.5). Each
//! thing it changes is said in a note, so the user never wonders why the decoder shows something
//! slightly different from what they pasted.
//!
//! It does not decode the token: pass [`Intake::token`] to [`crate::jws::decode`].

use crate::b64;
use crate::json;
use crate::jws::TokenForm;

/// What the pasted text was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntakeKind {
    /// Nothing but whitespace (and perhaps quotes or a `Bearer ` prefix).
    Empty,
    /// One compact token (it may still be broken; the decoder says how).
    Compact,
    /// A token endpoint response: a JSON object.
    TokenResponse,
    /// A redirect URL, or just its query string or fragment.
    RedirectUrl,
    /// Nothing Tokenlab knows; [`Intake::notes`] says why.
    Unrecognised,
}

/// A token found inside a response or URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundToken {
    /// The member or parameter name: `"access_token"`, `"id_token"`, `"refresh_token"`, `"code"`, ….
    pub name: String,
    /// The token text (percent-decoding or JSON escapes resolved).
    pub value: String,
    /// `Some` when it is a compact JWS or JWE; `None` for an opaque token or code.
    pub form: Option<TokenForm>,
}

/// The result of [`intake`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Intake {
    /// What the text was.
    pub kind: IntakeKind,
    /// The compact token to decode, cleaned up; for a response or URL, the token chosen from
    /// [`Intake::found`] (see [`intake`] for which).
    pub token: Option<String>,
    /// Byte offset in the original input where `token` starts, for highlighting. When line
    /// breaks inside a wrapped token were removed, later characters sit further right in the
    /// input than in `token`.
    pub token_offset: usize,
    /// Sentences saying what was done ("Removed the 'Bearer ' prefix.") or noticed.
    pub notes: Vec<String>,
    /// Every token found in a response or URL, in source order. Empty for [`IntakeKind::Compact`].
    pub found: Vec<FoundToken>,
    /// For a response: every top-level member as text (strings without quotes, other values as
    /// compact JSON), plus `expires_at` after `expires_in`. For a URL: every query, then every
    /// fragment parameter, percent-decoded.
    pub params: Vec<(String, String)>,
}

impl Intake {
    pub(crate) fn new(kind: IntakeKind, notes: Vec<String>) -> Intake {
        Intake {
            kind,
            token: None,
            token_offset: 0,
            notes,
            found: Vec::new(),
            params: Vec::new(),
        }
    }
}

/// Works out what `input` is. `now` (Unix seconds) turns a response's `expires_in` into an
/// absolute `expires_at` (ISO 8601, UTC).
///
/// For a response or URL, [`Intake::token`] is the `access_token` if it is a JWT or JWE, else
/// the `id_token` if it is one, else the first JWT/JWE found; `None` when every token is opaque.
/// The access token comes first because it is what a developer debugging an API call usually
/// has in hand; the ID token is one click away in [`Intake::found`].
///
/// Only an input over [`crate::MAX_INPUT_BYTES`] is an error; everything else gives an
/// [`Intake`], at worst [`IntakeKind::Unrecognised`] with a note.
pub fn intake(input: &str, now: i64) -> Result<Intake, crate::TooLarge> {
    crate::check_size(input)?;
    let mut notes = Vec::new();
    let (offset, s) = strip_wrapping(input, &mut notes);
    if s.is_empty() {
        return Ok(Intake::new(IntakeKind::Empty, notes));
    }
    if s.starts_with('{') {
        return Ok(token_response(s, offset, now, notes));
    }
    if let Some(shape) = url_shape(s) {
        return Ok(redirect_url(s, offset, shape, notes));
    }
    Ok(compact(s, offset, notes))
}

/// Trims whitespace, quotes, `Authorization:` and `Bearer `/`DPoP ` around the text, noting each.
/// Returns the text left and its byte offset in `input`.
fn strip_wrapping<'a>(input: &'a str, notes: &mut Vec<String>) -> (usize, &'a str) {
    let mut offset = 0;
    let mut s = input;
    // Each pass removes at least one layer; a handful of passes covers every real paste
    // ("'Authorization: Bearer \"eyJ…\"'") and bounds the work on adversarial input.
    for _ in 0..6 {
        let before = s.len();
        let trimmed = s.trim_start();
        offset += s.len() - trimmed.len();
        s = trimmed.trim_end();

        if let Some(inner) = strip_quotes(s) {
            notes.push("Trimmed surrounding quotes.".into());
            offset += 1;
            s = inner;
            continue;
        }
        if let Some(rest) = strip_prefix_ci(s, "authorization:") {
            notes.push("Removed the 'Authorization:' header name.".into());
            offset += s.len() - rest.len();
            s = rest;
            continue;
        }
        for scheme in ["Bearer", "DPoP"] {
            if let Some(rest) = strip_prefix_ci(s, scheme) {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    notes.push(format!("Removed the '{scheme} ' prefix."));
                    offset += s.len() - rest.len();
                    s = rest;
                    break;
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    (offset, s)
}

/// The text inside matching quotes (`"…"`, `'…'`, `` `…` ``), if it is quoted.
fn strip_quotes(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    if !matches!(first, '"' | '\'' | '`') || s.len() < 2 || !s.ends_with(first) {
        return None;
    }
    s.get(1..s.len() - 1)
}

/// `s` without `prefix`, compared ASCII-case-insensitively.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// How a URL-ish text is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UrlShape {
    /// A URL with a scheme, or a text starting with `?` or `#`: parameters follow `?` and `#`.
    Url,
    /// Bare parameters `code=…&state=…` (perhaps followed by `#…`).
    Bare,
}

/// `s.contains(char::is_whitespace)`, made fast for the usual case: runs on every keystroke
/// over the whole input, and the `char` search was a third of the Debugger's analysis of a 4 KB
/// token (measured with `perf`). ASCII whitespace is found by a byte scan; only a text with
/// non-ASCII characters is searched again for Unicode whitespace (U+00A0, U+2028…).
fn has_whitespace(s: &str) -> bool {
    // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, return, space.
    s.bytes().any(|b| matches!(b, b'\t'..=b'\r' | b' '))
        || (!s.is_ascii() && s.chars().any(char::is_whitespace))
}

/// Is `s` a URL, a query string or a fragment?
fn url_shape(s: &str) -> Option<UrlShape> {
    if has_whitespace(s) {
        return None;
    }
    if s.starts_with(['?', '#']) {
        return Some(UrlShape::Url);
    }
    if s.starts_with('&') {
        return Some(UrlShape::Bare);
    }
    // `https://…`, `com.example.app:/callback?…`, `http://localhost:3000/cb#…`: a scheme.
    if let Some(colon) = s.find(':') {
        let scheme = s.get(..colon).unwrap_or("");
        let mut chars = scheme.chars();
        if chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return Some(UrlShape::Url);
        }
    }
    // A bare `code=…&state=…`: a parameter name first, and either several parameters or a name
    // an OAuth server sends. (A base64-padded token segment `eyJ…=` has neither.)
    let eq = s.find('=')?;
    let name = s.get(..eq).unwrap_or("");
    let plausible_name =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    const KNOWN: [&str; 10] = [
        "access_token",
        "id_token",
        "refresh_token",
        "code",
        "state",
        "error",
        "token_type",
        "expires_in",
        "response",
        "token",
    ];
    (plausible_name && (s.contains('&') || KNOWN.contains(&name))).then_some(UrlShape::Bare)
}

/// Does `value` look like a compact JWS or JWE: 2 or 4 dots, base64url segments, and a first
/// segment that decodes to a JSON object?
pub fn token_form(value: &str) -> Option<TokenForm> {
    let dots = value.bytes().filter(|&b| b == b'.').count();
    let form = TokenForm::from_dots(dots)?;
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return None;
    }
    let header = value.split('.').next()?;
    let bytes = b64::decode(header).ok()?.bytes;
    let text = std::str::from_utf8(&bytes).ok()?;
    let doc = json::parse(text).ok()?;
    matches!(doc.root.value, json::Value::Object(_)).then_some(form)
}

/// Is this parameter a token (or code) worth listing, by name or by shape?
fn is_token_param(name: &str, form: Option<TokenForm>) -> bool {
    form.is_some() || name.ends_with("_token") || matches!(name, "token" | "code" | "device_code")
}

/// Picks the token to open: access_token if JWT/JWE, else id_token if so, else the first
/// JWT/JWE. Returns its index in `found`.
fn choose(found: &[FoundToken]) -> Option<usize> {
    let decodable = |name: &str| {
        found
            .iter()
            .position(|f| f.name == name && f.form.is_some())
    };
    decodable("access_token")
        .or_else(|| decodable("id_token"))
        .or_else(|| found.iter().position(|f| f.form.is_some()))
}

/// Fills `token`, `token_offset` and notes from `found` (with each token's offset in the input).
fn finish(mut out: Intake, offsets: &[usize]) -> Intake {
    if let Some(i) = choose(&out.found) {
        if let (Some(f), Some(&at)) = (out.found.get(i), offsets.get(i)) {
            out.notes.push(format!(
                "Opened the {} ({}).",
                f.name,
                f.form.map_or("token", TokenForm::label)
            ));
            out.token = Some(f.value.clone());
            out.token_offset = at;
        }
    }
    if out
        .found
        .iter()
        .any(|f| f.name == "access_token" && f.form.is_none())
    {
        out.notes.push(
            "The access_token is opaque (not a JWT): only the server that issued it can read it, \
             through introspection (RFC 7662)."
                .into(),
        );
    }
    if out.found.is_empty() {
        out.notes.push("No token was found in it.".into());
    }
    let param = |name: &str| {
        out.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(error) = param("error") {
        let description = param("error_description")
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        out.notes.push(format!(
            "The authorization server answered with the error '{error}'{description}."
        ));
    }
    out
}

fn token_response(s: &str, offset: usize, now: i64, mut notes: Vec<String>) -> Intake {
    let doc = match json::parse(s) {
        Ok(doc) => doc,
        Err(e) => {
            notes.push(format!("This looks like JSON, but it is not valid: {e}."));
            return Intake::new(IntakeKind::Unrecognised, notes);
        }
    };
    let json::Value::Object(members) = &doc.root.value else {
        notes.push("This JSON is not an object, so it is not a token response.".into());
        return Intake::new(IntakeKind::Unrecognised, notes);
    };
    if !doc.duplicates.is_empty() {
        notes.push(format!(
            "The response repeats the member {}; the last value is the one clients use.",
            doc.duplicates
                .iter()
                .map(|d| format!("\"{}\"", d.key))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut out = Intake::new(IntakeKind::TokenResponse, notes);
    let mut offsets = Vec::new();
    for m in members {
        let text = match &m.value.value {
            json::Value::String(v) => v.clone(),
            _ => m.value.to_serde().to_string(),
        };
        if let json::Value::String(v) = &m.value.value {
            let form = token_form(v);
            if is_token_param(&m.key, form) {
                out.found.push(FoundToken {
                    name: m.key.clone(),
                    value: v.clone(),
                    form,
                });
                offsets.push(offset + m.value.span.start + 1);
            }
        }
        let expires_at = (m.key == "expires_in")
            .then(|| seconds(&m.value.value))
            .flatten()
            .and_then(|secs| now.checked_add(secs))
            .map(iso8601_utc);
        out.params.push((m.key.clone(), text));
        if let Some(at) = expires_at {
            out.params.push(("expires_at".into(), at));
            out.notes.push(
                "Computed expires_at from expires_in and the current time (the response does \
                 not say when it was issued)."
                    .into(),
            );
        }
    }
    let looks_like_response = members.iter().any(|m| {
        matches!(
            m.key.as_str(),
            "access_token" | "id_token" | "refresh_token" | "issued_token" | "token_type" | "error"
        )
    });
    if !looks_like_response && out.found.is_empty() {
        out.kind = IntakeKind::Unrecognised;
        out.notes.push(
            "This JSON object is not a token response: it has no access_token, id_token or \
             refresh_token."
                .into(),
        );
        return out;
    }
    finish(out, &offsets)
}

/// A whole number of seconds from a JSON number or numeric string (`3600`, `"3600"`, `3600.0`).
fn seconds(value: &json::Value) -> Option<i64> {
    let raw = match value {
        json::Value::Number(raw) => raw.as_str(),
        json::Value::String(s) => s.trim(),
        _ => return None,
    };
    if let Ok(n) = raw.parse::<i64>() {
        return Some(n);
    }
    let f = raw.parse::<f64>().ok()?;
    // `as` saturates; the range check keeps absurd values out instead.
    (f.is_finite() && f.abs() < 1e15).then(|| f.floor() as i64)
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
///
/// Written out (Howard Hinnant's `civil_from_days`) rather than pulling in a date crate for one
/// line of output; it is exact for every `i64` input and cannot overflow.
pub(crate) fn iso8601_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    )
}

fn redirect_url(s: &str, offset: usize, shape: UrlShape, notes: Vec<String>) -> Intake {
    let mut out = Intake::new(IntakeKind::RedirectUrl, notes);
    // Split off the fragment first: a '?' inside the fragment is not the query.
    let (before_hash, fragment) = match s.find('#') {
        Some(h) => (s.get(..h).unwrap_or(""), Some(h + 1)),
        None => (s, None),
    };
    let mut ranges = Vec::new();
    match shape {
        UrlShape::Bare => ranges.push((0, before_hash.len())),
        UrlShape::Url => {
            if let Some(q) = before_hash.find('?') {
                ranges.push((q + 1, before_hash.len()));
            }
        }
    }
    if let Some(f) = fragment {
        let frag = s.get(f..).unwrap_or("");
        // Hash routers put a path in the fragment: `#/callback?code=…`.
        let skip = match (frag.find('?'), frag.find('=')) {
            (Some(q), Some(eq)) if q < eq => q + 1,
            _ => 0,
        };
        ranges.push((f + skip, s.len()));
    }
    let mut offsets = Vec::new();
    for (from, to) in ranges {
        let part = s.get(from..to).unwrap_or("");
        let mut at = from;
        for piece in part.split('&') {
            let piece_at = at;
            at += piece.len() + 1;
            if piece.is_empty() {
                continue;
            }
            let Some((name, value)) = form_urlencoded::parse(piece.as_bytes()).next() else {
                continue;
            };
            let value_at = piece.find('=').map_or(piece.len(), |eq| eq + 1);
            let form = token_form(&value);
            if is_token_param(&name, form) {
                out.found.push(FoundToken {
                    name: name.clone().into_owned(),
                    value: value.clone().into_owned(),
                    form,
                });
                offsets.push(offset + piece_at + value_at);
            }
            out.params.push((name.into_owned(), value.into_owned()));
        }
    }
    if out.params.is_empty() {
        out.notes
            .push("The URL has no query or fragment parameters.".into());
        return out;
    }
    finish(out, &offsets)
}

fn compact(s: &str, offset: usize, mut notes: Vec<String>) -> Intake {
    let token: String = if has_whitespace(s) {
        let joined: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let tokenish = joined.contains('.')
            && joined.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'=' | b'+' | b'/')
            });
        if !tokenish {
            notes.push(
                "Tokenlab could not recognise this text: paste a JWT or JWE, a token response \
                 (JSON) or a redirect URL."
                    .into(),
            );
            return Intake::new(IntakeKind::Unrecognised, notes);
        }
        notes.push("Removed line breaks and spaces inside the token.".into());
        joined
    } else {
        s.to_owned()
    };
    if !token.contains('.') {
        let opaque = token.len() >= 16
            && token.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=' | b'+' | b'/' | b'~')
            });
        let mut out = Intake::new(IntakeKind::Unrecognised, notes);
        if opaque {
            out.notes.push(
                "This looks like an opaque token (it has no dots): it carries no readable \
                 content; only the server that issued it can look it up (introspection, RFC 7662)."
                    .into(),
            );
            out.found.push(FoundToken {
                name: "token".into(),
                value: token,
                form: None,
            });
        } else {
            out.notes.push(
                "Tokenlab could not recognise this text: paste a JWT or JWE, a token response \
                 (JSON) or a redirect URL."
                    .into(),
            );
        }
        return out;
    }
    let mut out = Intake::new(IntakeKind::Compact, notes);
    out.token = Some(token);
    out.token_offset = offset;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jws;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// RFC 7515 Appendix A.1.
    const JWT: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// An unsecured JWT ({"alg":"none"}.{"sub":"id"}).
    const ID_TOKEN: &str = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJpZCJ9.";
    const NOW: i64 = 1_700_000_000;

    fn run(input: &str) -> Intake {
        intake(input, NOW).expect("not too large")
    }

    #[test]
    fn the_fast_whitespace_search_finds_what_char_is_whitespace_finds() {
        // Every character up to U+30FF (the last Unicode whitespace is U+3000), alone and inside
        // a token.
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            let alone = c.to_string();
            let inside = format!("{}{c}{}", &JWT[..20], &JWT[20..]);
            assert_eq!(
                has_whitespace(&alone),
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(
                has_whitespace(&inside),
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
        }
        // A no-break space in a pasted token is removed like a space.
        let i = run(&format!("{}\u{a0}{}", &JWT[..30], &JWT[30..]));
        assert_eq!(i.token.as_deref(), Some(JWT));
    }

    #[test]
    fn a_plain_token_is_compact_at_offset_zero() {
        let i = run(JWT);
        assert_eq!(i.kind, IntakeKind::Compact);
        assert_eq!(i.token.as_deref(), Some(JWT));
        assert_eq!(i.token_offset, 0);
        assert!(i.notes.is_empty());
    }

    #[test]
    fn whitespace_and_quotes_are_trimmed_and_the_offset_follows() {
        let input = format!("  \n\"{JWT}\"\n");
        let i = run(&input);
        assert_eq!(i.kind, IntakeKind::Compact);
        assert_eq!(i.token.as_deref(), Some(JWT));
        assert_eq!(i.token_offset, 4);
        assert_eq!(&input[i.token_offset..i.token_offset + 3], "eyJ");
        assert_eq!(i.notes, ["Trimmed surrounding quotes."]);
    }

    #[test]
    fn line_breaks_inside_a_wrapped_token_are_removed() {
        let (a, b) = JWT.split_at(50);
        let (b, c) = b.split_at(40);
        let i = run(&format!("{a}\n{b}\r\n    {c}"));
        assert_eq!(i.token.as_deref(), Some(JWT));
        assert_eq!(
            i.notes,
            ["Removed line breaks and spaces inside the token."]
        );
    }

    #[test]
    fn bearer_prefixes_are_removed_with_a_note() {
        for (input, notes) in [
            (
                format!("Bearer {JWT}"),
                vec!["Removed the 'Bearer ' prefix."],
            ),
            (
                format!("bearer\t{JWT}"),
                vec!["Removed the 'Bearer ' prefix."],
            ),
            (
                format!("Authorization: Bearer {JWT}"),
                vec![
                    "Removed the 'Authorization:' header name.",
                    "Removed the 'Bearer ' prefix.",
                ],
            ),
            (
                format!("'AUTHORIZATION:bearer   \"{JWT}\"'"),
                vec![
                    "Trimmed surrounding quotes.",
                    "Removed the 'Authorization:' header name.",
                    "Removed the 'Bearer ' prefix.",
                    "Trimmed surrounding quotes.",
                ],
            ),
        ] {
            let i = run(&input);
            assert_eq!(i.kind, IntakeKind::Compact, "{input}");
            assert_eq!(i.token.as_deref(), Some(JWT), "{input}");
            assert_eq!(i.notes, notes, "{input}");
            assert_eq!(&input[i.token_offset..i.token_offset + JWT.len()], JWT);
        }
    }

    #[test]
    fn a_word_starting_with_bearer_is_not_a_prefix() {
        let i = run("Bearerxyz.abc.def");
        assert_eq!(i.token.as_deref(), Some("Bearerxyz.abc.def"));
        assert!(i.notes.is_empty());
    }

    #[test]
    fn empty_and_whitespace_only_input_is_empty() {
        assert_eq!(run("").kind, IntakeKind::Empty);
        assert_eq!(run(" \n\t ").kind, IntakeKind::Empty);
        let i = run("Bearer  ");
        assert_eq!(i.kind, IntakeKind::Empty);
    }

    #[test]
    fn a_token_response_lists_tokens_params_and_expires_at() {
        let input = format!(
            r#"{{"access_token":"{JWT}","token_type":"Bearer","expires_in":3600,"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA","id_token":"{ID_TOKEN}","scope":["openid"]}}"#
        );
        let i = run(&input);
        assert_eq!(i.kind, IntakeKind::TokenResponse);
        assert_eq!(i.token.as_deref(), Some(JWT));
        assert_eq!(&input[i.token_offset..i.token_offset + JWT.len()], JWT);
        let names: Vec<(&str, Option<TokenForm>)> =
            i.found.iter().map(|f| (f.name.as_str(), f.form)).collect();
        assert_eq!(
            names,
            [
                ("access_token", Some(TokenForm::Jws)),
                ("refresh_token", None),
                ("id_token", Some(TokenForm::Jws)),
            ]
        );
        let params: Vec<(&str, &str)> = i
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(params[1], ("token_type", "Bearer"));
        assert_eq!(params[2], ("expires_in", "3600"));
        assert_eq!(params[3], ("expires_at", "2023-11-14T23:13:20Z"));
        assert_eq!(params[6], ("scope", "[\"openid\"]"));
        assert!(i
            .notes
            .contains(&"Opened the access_token (JWS).".to_owned()));
    }

    #[test]
    fn an_opaque_access_token_makes_the_id_token_the_one_opened() {
        let input = format!(
            "{{\n  \"access_token\": \"SlAV32hkKG\",\n  \"expires_in\": \"60\",\n  \"id_token\": \"{ID_TOKEN}\"\n}}"
        );
        let i = run(&input);
        assert_eq!(i.token.as_deref(), Some(ID_TOKEN));
        assert_eq!(
            &input[i.token_offset..i.token_offset + ID_TOKEN.len()],
            ID_TOKEN
        );
        assert!(
            i.notes.iter().any(|n| n.contains("opaque")),
            "{:?}",
            i.notes
        );
        assert!(i
            .params
            .contains(&("expires_at".into(), "2023-11-14T22:14:20Z".into())));
    }

    #[test]
    fn an_error_response_is_explained() {
        let i = run(r#"{"error":"invalid_grant","error_description":"code expired"}"#);
        assert_eq!(i.kind, IntakeKind::TokenResponse);
        assert!(i.token.is_none());
        assert!(
            i.notes.contains(
                &"The authorization server answered with the error 'invalid_grant': code expired."
                    .to_owned()
            ),
            "{:?}",
            i.notes
        );
    }

    #[test]
    fn invalid_or_unrelated_json_is_unrecognised_with_a_reason() {
        let i = run(r#"{"access_token": "x",}"#);
        assert_eq!(i.kind, IntakeKind::Unrecognised);
        assert!(i.notes[0].contains("trailing comma"), "{:?}", i.notes);
        let i = run(r#"{"sub":"alice"}"#);
        assert_eq!(i.kind, IntakeKind::Unrecognised);
        assert!(i.notes.iter().any(|n| n.contains("not a token response")));
    }

    #[test]
    fn a_redirect_url_with_a_fragment_lists_every_parameter() {
        let input = format!(
            "https://app.example/cb?x=1#access_token=opaque123&token_type=Bearer&id_token={ID_TOKEN}&state=a%20b&expires_in=300"
        );
        let i = run(&input);
        assert_eq!(i.kind, IntakeKind::RedirectUrl);
        let params: Vec<(&str, &str)> = i
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("x", "1"),
                ("access_token", "opaque123"),
                ("token_type", "Bearer"),
                ("id_token", ID_TOKEN),
                ("state", "a b"),
                ("expires_in", "300"),
            ]
        );
        assert_eq!(i.found.len(), 2);
        assert_eq!(i.token.as_deref(), Some(ID_TOKEN));
        assert_eq!(
            &input[i.token_offset..i.token_offset + ID_TOKEN.len()],
            ID_TOKEN
        );
    }

    #[test]
    fn a_code_redirect_lists_the_code_as_an_opaque_token() {
        for input in [
            "https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
            "com.example.app:/oauth2redirect?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
            "?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
            "code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
            "https://spa.example/#/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
        ] {
            let i = run(input);
            assert_eq!(i.kind, IntakeKind::RedirectUrl, "{input}");
            assert_eq!(
                i.found,
                [FoundToken {
                    name: "code".into(),
                    value: "SplxlOBeZQQYbYS6WxSbIA".into(),
                    form: None
                }],
                "{input}"
            );
            assert_eq!(i.params.len(), 2, "{input}: {:?}", i.params);
            assert!(i.token.is_none());
        }
    }

    #[test]
    fn a_jwt_in_any_parameter_is_found() {
        let i = run(&format!("https://rp.example/cb?response={ID_TOKEN}"));
        assert_eq!(i.found[0].name, "response");
        assert_eq!(i.token.as_deref(), Some(ID_TOKEN));
    }

    #[test]
    fn an_authorization_error_redirect_is_explained() {
        let i = run("https://c.example/cb?error=access_denied&error_description=User+said+no");
        assert_eq!(i.kind, IntakeKind::RedirectUrl);
        assert!(i.notes.iter().any(|n| n
            == "The authorization server answered with the error 'access_denied': User said no."));
    }

    #[test]
    fn a_jwe_is_recognised_by_form() {
        let jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y3Q.dGFn";
        assert_eq!(token_form(jwe), Some(TokenForm::Jwe));
        let i = run(&format!("{{\"id_token\":\"{jwe}\"}}"));
        assert_eq!(i.found[0].form, Some(TokenForm::Jwe));
        assert_eq!(i.token.as_deref(), Some(jwe));
        assert_eq!(token_form("a.b.c"), None);
        assert_eq!(token_form("ya29.a0AfH6SM"), None);
    }

    #[test]
    fn opaque_and_unknown_text_is_unrecognised() {
        let i = run("2YotnFZFEjr1zCsicMWpAA");
        assert_eq!(i.kind, IntakeKind::Unrecognised);
        assert_eq!(i.found[0].form, None);
        assert!(i.notes[0].contains("opaque"));
        let i = run("hello there, friend");
        assert_eq!(i.kind, IntakeKind::Unrecognised);
        assert!(i.found.is_empty());
        assert!(i.token.is_none());
    }

    #[test]
    fn broken_text_with_dots_still_goes_to_the_decoder() {
        let i = run("abc.d!f.ghi");
        assert_eq!(i.kind, IntakeKind::Compact);
        let d = jws::decode(i.token.as_deref().unwrap_or("")).expect("three parts");
        assert!(!d.errors.is_empty());
    }

    #[test]
    fn too_large_input_is_refused() {
        let e = intake(&" ".repeat(crate::MAX_INPUT_BYTES + 1), NOW).expect_err("too large");
        assert_eq!(e.len, crate::MAX_INPUT_BYTES + 1);
    }

    #[test]
    fn iso8601_formats_known_instants() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601_utc(1_300_819_380), "2011-03-22T18:43:00Z");
        assert_eq!(iso8601_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601_utc(253_402_300_799), "9999-12-31T23:59:59Z");
        // Extremes must not overflow.
        assert!(!iso8601_utc(i64::MAX).is_empty());
        assert!(!iso8601_utc(i64::MIN).is_empty());
    }

    #[test]
    fn expires_in_that_would_overflow_is_left_out() {
        let i = intake(
            r#"{"access_token":"x","expires_in":9223372036854775807}"#,
            NOW,
        )
        .expect("small");
        assert!(i.params.iter().all(|(k, _)| k != "expires_at"));
    }

    /// xorshift64*: a tiny deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }

    /// Pieces that reach the interesting branches of every parser.
    const PIECES: [&str; 40] = [
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        ".",
        ":",
        ",",
        "-",
        "0",
        "1",
        "e",
        "E",
        "+",
        "u",
        "\\u",
        "d83d",
        "true",
        "null",
        "eyJ",
        "Bearer ",
        "Authorization:",
        "#",
        "?",
        "&",
        "=",
        "%2",
        "%",
        "\n",
        " ",
        "ä",
        "😀",
        "'",
        "`",
        "access_token=",
        "\"id_token\":",
        "https://",
        "==",
        "\u{feff}",
    ];

    fn random_text(rng: &mut Rng) -> String {
        let len = rng.below(48);
        let mut s = String::new();
        for _ in 0..len {
            if rng.below(4) == 0 {
                // A raw byte, which may make the text invalid UTF-8 (repaired lossily below).
                let b = u8::try_from(rng.next() & 0xff).unwrap_or(0);
                let bytes = [b];
                s.push_str(&String::from_utf8_lossy(&bytes));
            } else {
                s.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
        s
    }

    #[test]
    fn no_input_makes_intake_decode_parse_or_highlight_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..20_000 {
            let text = random_text(&mut rng);
            let i = intake(&text, NOW).expect("small");
            assert!(i.token_offset <= text.len(), "case {case}: {text:?}");
            if let Some(t) = &i.token {
                let _ = jws::decode(t);
            }
            let _ = jws::decode(&text);
            // Put the random text inside segments so the JSON parser sees it after base64url.
            let embedded = format!(
                "{}.{}.{}",
                b64::encode(text.as_bytes()),
                b64::encode(text.as_bytes()),
                text.replace('.', "")
            );
            if let Ok(d) = jws::decode(&embedded) {
                assert!(d.header_text.is_some(), "case {case}: {text:?}");
                for e in &d.errors {
                    assert!(e.offset <= embedded.len(), "case {case}: {text:?}");
                }
            }
            match json::parse(&text) {
                Ok(doc) => {
                    let _ = doc.to_serde();
                }
                Err(e) => {
                    assert!(e.offset <= text.len(), "case {case}: {text:?}");
                    assert!(e.line >= 1 && e.column >= 1);
                }
            }
            let mut prev = 0;
            for (span, _) in json::highlight(&text) {
                assert!(
                    span.start >= prev && span.end > span.start,
                    "case {case}: {text:?}"
                );
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prev = span.end;
            }
            let _ = b64::decode(&text);
        }
    }
}
