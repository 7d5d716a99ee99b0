//! Security findings about a token and the key offered for it, after RFC 8725 (JWT Best Current
//! Practices) and the specifications it builds on (product row C5).
//!
//! [`lint`] looks at a decoded token, the key (if any) and the verification result (if any) and
//! returns [`Finding`]s, most severe first. Each finding has a stable code (every one is in
//! [`CODES`]), a severity, one sentence saying why it matters, and a reference with a link
//! (shown, never fetched). Nothing here changes a verdict: the verifier refuses what must be
//! refused; the lints explain what is risky, including in tokens that verify.
//!
//! Messages follow the engine's style: one sentence, lower-case first letter, no final full stop.
//! Secrets are never echoed in a message.

use serde::Serialize;
use serde_json::Value;

use crate::catalogue;
use crate::claims::{describe_duration, describe_relative, format_utc, TimeClaim};
use crate::jwa::{Alg, Family};
use crate::jws::{AlgHeader, DecodedToken, SegmentKind, TokenForm};
use crate::keys::{Key, KeyEntry, KeyInput, Selection};
use crate::secret::SecretEncoding;
use crate::verify::{check_crit, quote_join, SignatureStatus, Verification};

/// How serious a finding is. Ordered most severe first (`Critical < High < …`), so an ascending
/// sort puts the worst on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Anyone can forge or is forging tokens (unsigned, algorithm confusion, a guessable secret).
    Critical,
    /// A verifier that trusts this is one mistake away from accepting forged tokens.
    High,
    /// The token should be rejected or has a weakness worth fixing (expired, no expiry).
    Medium,
    /// Worth knowing (long lifetime, readable personal data, non-canonical encoding).
    Low,
    /// Information only.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// `"Critical"`, `"High"`, `"Medium"`, `"Low"`, `"Info"`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
            Severity::Info => "Info",
        }
    }

    /// Stable code (also the serde name and the CSS modifier): `critical`, `high`, `medium`,
    /// `low`, `info`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One security finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, one of [`CODES`].
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence saying what was found and why it matters.
    pub message: String,
    /// The specification section behind the finding (`"RFC 8725 §3.1"`).
    pub reference: &'static str,
    /// Link to that section (shown, never fetched).
    pub url: &'static str,
}

/// Every finding code [`lint`] can produce.
pub const CODES: &[&str] = &[
    "alg_none",
    "alg_key_mismatch",
    "embedded_jwk",
    "remote_key_url",
    "suspicious_kid",
    "unknown_crit",
    "b64_false",
    "weak_secret",
    "small_rsa_key",
    "missing_exp",
    "long_lifetime",
    "expired",
    "not_yet_valid",
    "personal_data",
    "non_canonical_base64url",
    "duplicate_member",
];

/// Lifetimes above this many seconds (24 hours) are reported as `long_lifetime`. Access tokens
/// usually live minutes to an hour, ID tokens minutes; a day is already generous, and a token
/// that lives longer stays useful to whoever copies it for that long (RFC 6819 §5.1.5.3).
pub const LONG_LIFETIME_SECONDS: i64 = 24 * 60 * 60;

/// A `kid` longer than this many bytes is reported as `suspicious_kid`. Real key ids are
/// thumbprints (43 characters), UUIDs (36) or short names.
pub const MAX_KID_LEN: usize = 256;

/// Smallest RSA modulus RFC 7518 §3.3 allows, in bits.
pub const MIN_RSA_BITS: usize = 2048;

/// The built-in list of well-known secrets, one per line (see the file's header).
const COMMON_SECRETS_FILE: &str = include_str!("lint/common-secrets.txt");

/// The well-known secrets [`lint`] checks HMAC keys against (lower case): documentation and
/// framework defaults (`your-256-bit-secret`, `keyboard cat`), placeholders (`secret`,
/// `changeme`, `jwt_secret`) and the most common passwords.
pub fn common_secrets() -> impl Iterator<Item = &'static str> {
    COMMON_SECRETS_FILE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// True when `secret` is on the list of [`common_secrets`], ignoring ASCII case and surrounding
/// ASCII whitespace (so `"Secret\n"` counts).
pub fn is_common_secret(secret: &[u8]) -> bool {
    // The list is read into a set once: scanning its lines on every keystroke was 8% of the
    // Debugger's analysis of a 4 KB token (measured with `perf`).
    static SET: std::sync::OnceLock<(std::collections::HashSet<Vec<u8>>, usize)> =
        std::sync::OnceLock::new();
    let (set, longest) = SET.get_or_init(|| {
        let set: std::collections::HashSet<Vec<u8>> = common_secrets()
            .map(|s| s.as_bytes().to_ascii_lowercase())
            .collect();
        let longest = set.iter().map(Vec::len).max().unwrap_or(0);
        (set, longest)
    });
    let trimmed = secret.trim_ascii();
    // The length check spares lower-casing a pasted 1 MiB "secret".
    trimmed.len() <= *longest && set.contains(&trimmed.to_ascii_lowercase())
}

/// What [`lint`] looks at.
#[derive(Clone, Copy, Debug)]
pub struct LintInput<'a> {
    /// The decoded token.
    pub token: &'a DecodedToken,
    /// The key or JWKS offered for it, if any.
    pub key: Option<&'a KeyInput>,
    /// The verification result, if the token was verified (its `KeyMismatch` detail is reused).
    pub verification: Option<&'a Verification>,
    /// The current time, Unix seconds.
    pub now: i64,
    /// Clock skew forgiven on `exp` and `nbf`, in seconds (negative counts as 0).
    pub leeway: i64,
    /// How the secret text was read (named in weak-secret messages).
    pub secret_encoding: SecretEncoding,
}

/// Where each finding points.
struct Refs;

impl Refs {
    const RFC8725_3_1: (&'static str, &'static str) = (
        "RFC 8725 §3.1",
        "https://www.rfc-editor.org/rfc/rfc8725#section-3.1",
    );
    const RFC8725_3_5: (&'static str, &'static str) = (
        "RFC 8725 §3.5",
        "https://www.rfc-editor.org/rfc/rfc8725#section-3.5",
    );
    const RFC8725_3_10: (&'static str, &'static str) = (
        "RFC 8725 §3.10",
        "https://www.rfc-editor.org/rfc/rfc8725#section-3.10",
    );
    const RFC7515_4: (&'static str, &'static str) = (
        "RFC 7515 §4",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4",
    );
    const RFC7515_4_1_11: (&'static str, &'static str) = (
        "RFC 7515 §4.1.11",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11",
    );
    const RFC7797_3: (&'static str, &'static str) = (
        "RFC 7797 §3",
        "https://www.rfc-editor.org/rfc/rfc7797#section-3",
    );
    const RFC7518_3_2: (&'static str, &'static str) = (
        "RFC 7518 §3.2",
        "https://www.rfc-editor.org/rfc/rfc7518#section-3.2",
    );
    const RFC7518_3_3: (&'static str, &'static str) = (
        "RFC 7518 §3.3",
        "https://www.rfc-editor.org/rfc/rfc7518#section-3.3",
    );
    const RFC7519_4: (&'static str, &'static str) = (
        "RFC 7519 §4",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4",
    );
    const RFC7519_4_1_4: (&'static str, &'static str) = (
        "RFC 7519 §4.1.4",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4",
    );
    const RFC7519_4_1_5: (&'static str, &'static str) = (
        "RFC 7519 §4.1.5",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5",
    );
    const RFC7519_12: (&'static str, &'static str) = (
        "RFC 7519 §12",
        "https://www.rfc-editor.org/rfc/rfc7519#section-12",
    );
    const RFC6819_5_1_5_3: (&'static str, &'static str) = (
        "RFC 6819 §5.1.5.3",
        "https://www.rfc-editor.org/rfc/rfc6819#section-5.1.5.3",
    );
    const RFC4648_3_5: (&'static str, &'static str) = (
        "RFC 4648 §3.5",
        "https://www.rfc-editor.org/rfc/rfc4648#section-3.5",
    );
}

struct Findings(Vec<Finding>);

impl Findings {
    fn push(
        &mut self,
        code: &'static str,
        severity: Severity,
        (reference, url): (&'static str, &'static str),
        message: String,
    ) {
        self.0.push(Finding {
            code,
            severity,
            message,
            reference,
            url,
        });
    }
}

/// Reports the security findings for a token (and the key offered for it), most severe first;
/// findings of equal severity keep the order they are checked in: algorithm, key, header
/// parameters, claims, encoding.
pub fn lint(input: &LintInput) -> Vec<Finding> {
    let mut out = Findings(Vec::new());
    let token = input.token;
    let header = token.header_value().filter(|h| h.is_object());

    if token.form == TokenForm::Jws {
        lint_alg(token, &mut out);
        lint_key(input, &mut out);
    }
    if let Some(header) = header {
        lint_header(header, token.form, &mut out);
    }
    if token.form == TokenForm::Jws {
        if let Some(claims) = token.claims() {
            lint_claims(claims, input.now, input.leeway, &mut out);
        }
    }
    lint_encoding(token, &mut out);

    by_severity(&out.0)
}

/// `findings` most severe first, each severity in the order the checks found them. Grouped pass
/// by pass rather than sorted: a stable sort here and in the page cost the first load about 15 KB
/// of wasm (its code is made once per element type), and there are only five severities.
pub fn by_severity(findings: &[Finding]) -> Vec<Finding> {
    let mut out = Vec::with_capacity(findings.len());
    for severity in Severity::ALL {
        out.extend(findings.iter().filter(|f| f.severity == severity).cloned());
    }
    out
}

fn lint_alg(token: &DecodedToken, out: &mut Findings) {
    match &token.alg {
        AlgHeader::Known(Alg::None) => out.push(
            "alg_none",
            Severity::Critical,
            Refs::RFC8725_3_1,
            "the token is unsigned (alg \"none\"), so anyone can change its contents; a verifier \
             must never accept it unless unsecured tokens were explicitly agreed on"
                .into(),
        ),
        AlgHeader::Unknown(name) if name.eq_ignore_ascii_case("none") => out.push(
            "alg_none",
            Severity::Critical,
            Refs::RFC8725_3_1,
            format!(
                "the alg \"{}\" is a case variant of \"none\": a verifier that compares \
                 algorithm names loosely treats the token as unsigned and accepts it unchecked",
                shown(name)
            ),
        ),
        _ => {}
    }
}

/// The keys of `key` that the token would be checked against: the selection for its `alg`, or
/// every entry when the `alg` is not a signing algorithm Tokenlab knows.
fn keys_in_play<'k>(token: &DecodedToken, key: &'k KeyInput) -> Vec<&'k KeyEntry> {
    match &token.alg {
        AlgHeader::Known(alg) if *alg != Alg::None => match key.select(token.kid(), *alg) {
            Selection::Chosen { entry, .. } => vec![entry],
            Selection::Ambiguous { candidates } => candidates,
            Selection::NoMatch { .. } => Vec::new(),
        },
        _ => key.entries().iter().collect(),
    }
}

fn lint_key(input: &LintInput, out: &mut Findings) {
    let token = input.token;
    let alg = match token.alg {
        // An unsigned token uses no key: nothing to say about the one in the key box.
        AlgHeader::Known(Alg::None) => return,
        AlgHeader::Known(alg) => Some(alg),
        _ => None,
    };

    // alg_key_mismatch: worked out from the key when one is given (the verifier's own view),
    // else taken from the verification (which also refuses keys whose JWK "alg"/"use" forbid it).
    let from_key = match (input.key, alg) {
        (Some(key), Some(alg)) => match key.select(token.kid(), alg) {
            Selection::Chosen { entry, .. } => entry.key.check_fits(alg).err().map(|m| (m, entry)),
            _ => None,
        },
        _ => None,
    };
    let verification_mismatch = input
        .verification
        .filter(|v| v.status == SignatureStatus::KeyMismatch)
        .map(|v| v.detail.clone());
    match (from_key, alg) {
        (Some((m, entry)), Some(alg))
            if alg.family() == Family::Hmac && entry.key.is_asymmetric() =>
        {
            out.push(
                "alg_key_mismatch",
                Severity::Critical,
                Refs::RFC8725_3_1,
                format!(
                    "algorithm confusion: this {alg} token is to be checked with {}{}; a \
                     verifier that lets the token's alg decide how a key is used accepts tokens \
                     HMAC-signed with the public key, which anyone can get",
                    article(&m.key_description),
                    kid_note(entry)
                ),
            )
        }
        (Some((m, _)), _) => out.push(
            "alg_key_mismatch",
            Severity::High,
            Refs::RFC8725_3_1,
            format!("{m}; each key must be used with exactly one algorithm"),
        ),
        (None, _) => {
            if let Some(detail) = verification_mismatch {
                out.push(
                    "alg_key_mismatch",
                    Severity::High,
                    Refs::RFC8725_3_1,
                    format!("{detail}; each key must be used with exactly one algorithm"),
                );
            }
        }
    }

    let Some(key) = input.key else {
        return;
    };
    for entry in keys_in_play(token, key) {
        match &entry.key {
            Key::Oct(secret) => {
                let min_bits = alg
                    .filter(|a| a.family() == Family::Hmac)
                    .and_then(Alg::hash)
                    .map_or(256, |h| h.bits());
                let alg_name = alg.map_or("HMAC".to_string(), |a| a.name().to_string());
                let common = is_common_secret(secret.expose());
                let short = secret.bits() < min_bits;
                let size = format!(
                    "{} bits (read as {})",
                    secret.bits(),
                    input.secret_encoding.label()
                );
                match (common, short) {
                    (true, _) => out.push(
                        "weak_secret",
                        Severity::Critical,
                        Refs::RFC8725_3_5,
                        format!(
                            "the HMAC secret{} is a well-known default or common password \
                             (it is on Tokenlab's list), so anyone can guess it and forge tokens{}",
                            kid_note(entry),
                            if short {
                                format!(
                                    "; it is also only {size}, below the {min_bits} bits {alg_name} needs"
                                )
                            } else {
                                String::new()
                            }
                        ),
                    ),
                    (false, true) => out.push(
                        "weak_secret",
                        Severity::High,
                        Refs::RFC7518_3_2,
                        format!(
                            "the HMAC secret{} is {size}; {alg_name} needs at least {min_bits} \
                             bits, and a short secret can be guessed offline from a single token",
                            kid_note(entry)
                        ),
                    ),
                    (false, false) => {}
                }
            }
            k @ (Key::RsaPublic(_) | Key::RsaPrivate(_)) if k.bits() < MIN_RSA_BITS => out.push(
                "small_rsa_key",
                Severity::High,
                Refs::RFC7518_3_3,
                format!(
                    "the RSA key{} is {} bits; RSA keys for JWS must be at least {MIN_RSA_BITS} \
                     bits, and smaller ones are within reach of factoring",
                    kid_note(entry),
                    k.bits()
                ),
            ),
            _ => {}
        }
    }
}

/// `"an RSA 2048-bit public key"`: every key description starts with a vowel sound
/// ("RSA", "EC", "Ed25519", "HMAC").
fn article(description: &str) -> String {
    format!("an {description}")
}

fn kid_note(entry: &KeyEntry) -> String {
    entry
        .kid
        .as_deref()
        .map_or(String::new(), |kid| format!(" (kid \"{}\")", shown(kid)))
}

fn lint_header(header: &Value, form: TokenForm, out: &mut Findings) {
    if header.get("jwk").is_some() {
        out.push(
            "embedded_jwk",
            Severity::High,
            Refs::RFC8725_3_10,
            "the header carries its own key (\"jwk\"); Tokenlab never verifies with it, and a \
             verifier that does accepts tokens anyone can sign with a key of their own"
                .into(),
        );
    }
    for param in ["jku", "x5u"] {
        if let Some(value) = header.get(param) {
            let what = match value {
                Value::String(url) => format!("{param} \"{}\"", shown(url)),
                _ => format!("\"{param}\""),
            };
            out.push(
                "remote_key_url",
                Severity::High,
                Refs::RFC8725_3_10,
                format!(
                    "the header points to keys on the network ({what}); Tokenlab never fetches \
                     it, and a verifier that follows it can be made to trust an attacker's keys \
                     or to send requests inside its own network (SSRF)"
                ),
            );
        }
    }
    if let Some(kid) = header.get("kid") {
        lint_kid(kid, out);
    }
    if let Err(problem) = check_crit(header) {
        out.push(
            "unknown_crit",
            Severity::High,
            Refs::RFC7515_4_1_11,
            problem.sentence(),
        );
    }
    if form == TokenForm::Jws {
        match header.get("b64") {
            Some(Value::Bool(false)) => {
                let listed = header
                    .get("crit")
                    .and_then(Value::as_array)
                    .is_some_and(|c| c.iter().any(|n| n == "b64"));
                out.push(
                    "b64_false",
                    Severity::High,
                    Refs::RFC7797_3,
                    format!(
                        "the header sets \"b64\": false, so the payload is signed unencoded \
                         (RFC 7797); Tokenlab and most JWT libraries reject such tokens, and \
                         verifiers that ignore the flag read a different payload than was signed{}",
                        if listed {
                            ""
                        } else {
                            " (it is also missing from \"crit\", which RFC 7797 §6 requires)"
                        }
                    ),
                );
            }
            Some(Value::Bool(true)) | None => {}
            Some(_) => out.push(
                "b64_false",
                Severity::High,
                Refs::RFC7797_3,
                "the header's \"b64\" is not a boolean; RFC 7797 allows only true or false, and \
                 verifiers will disagree on what it means"
                    .into(),
            ),
        }
    }
}

/// Why a `kid` looks like an injection attempt, if it does (RFC 8725 §3.10).
pub fn kid_concerns(kid: &str) -> Vec<&'static str> {
    let mut why = Vec::new();
    let lower = kid.to_ascii_lowercase();
    if kid.len() > MAX_KID_LEN {
        why.push("is unusually long");
    }
    if kid.contains('\0') {
        why.push("contains a NUL character");
    } else if kid.chars().any(char::is_control) {
        why.push("contains control characters");
    }
    if kid.contains("../")
        || kid.contains("..\\")
        || lower.contains("%2e%2e")
        || kid.starts_with('/')
        || kid.starts_with('\\')
        || lower.contains("/etc/")
        || lower.contains("/dev/")
        || lower.contains("/proc/")
        || (kid.len() > 1 && kid.get(1..3) == Some(":\\"))
    {
        why.push("looks like a file path (path traversal)");
    }
    if kid.contains("://") {
        why.push("looks like a URL");
    }
    // Quotes and comment markers, or phrases that only occur in injections (plain words such
    // as "or" alone are left alone: "primary or backup" is a plausible kid).
    let sql = kid.contains('\'')
        || kid.contains('"')
        || kid.contains("--")
        || kid.contains("/*")
        || [
            "union select",
            "union all select",
            "select ",
            " or 1",
            "drop table",
            "sleep(",
            "waitfor delay",
            "benchmark(",
        ]
        .iter()
        .any(|w| lower.contains(w));
    if sql {
        why.push("contains SQL metacharacters or keywords");
    }
    if kid.contains(['|', '`', ';', '<', '>', '&', '\n']) || kid.contains("$(") {
        why.push("contains shell metacharacters");
    }
    why
}

fn lint_kid(kid: &Value, out: &mut Findings) {
    let Value::String(kid) = kid else {
        out.push(
            "suspicious_kid",
            Severity::Medium,
            Refs::RFC8725_3_10,
            "the header's \"kid\" is not a string; key ids are strings (RFC 7515 §4.1.4), and a \
             verifier that passes other values to a key lookup may misbehave"
                .into(),
        );
        return;
    };
    let why = kid_concerns(kid);
    if why.is_empty() {
        return;
    }
    let why: Vec<String> = why.into_iter().map(str::to_string).collect();
    out.push(
        "suspicious_kid",
        Severity::High,
        Refs::RFC8725_3_10,
        format!(
            "the kid \"{}\" {}; a verifier that puts the kid into a file path, an SQL query, a \
             shell command or a URL can be tricked into using a key the attacker chose",
            shown(kid),
            and_join(&why)
        ),
    );
}

fn lint_claims(claims: &Value, now: i64, leeway: i64, out: &mut Findings) {
    let leeway = leeway.max(0);
    let exp = TimeClaim::read(claims, "exp");
    let iat = TimeClaim::read(claims, "iat").seconds();
    let nbf = TimeClaim::read(claims, "nbf").seconds();

    match &exp {
        TimeClaim::Absent => out.push(
            "missing_exp",
            Severity::Medium,
            Refs::RFC7519_4_1_4,
            "the token has no exp, so it never expires: a leaked copy stays usable forever".into(),
        ),
        TimeClaim::Invalid { reason } => out.push(
            "missing_exp",
            Severity::Medium,
            Refs::RFC7519_4_1_4,
            format!(
                "the token has no usable expiry ({reason}), so some verifiers treat it as never \
                 expiring"
            ),
        ),
        TimeClaim::Valid(_) => {}
    }
    if let Some(exp) = exp.seconds() {
        let (start, from) = match iat {
            Some(iat) => (iat, "from iat to exp"),
            None => (now, "from now to exp"),
        };
        let lifetime = i128::from(exp) - i128::from(start);
        if lifetime > i128::from(LONG_LIFETIME_SECONDS) {
            out.push(
                "long_lifetime",
                Severity::Low,
                Refs::RFC6819_5_1_5_3,
                format!(
                    "the token lives {} ({from}); anyone who copies it can use it that long, \
                     while access tokens usually live minutes to an hour (Tokenlab reports \
                     lifetimes over {})",
                    describe_duration(lifetime),
                    describe_duration(i128::from(LONG_LIFETIME_SECONDS))
                ),
            );
        }
        if i128::from(now) >= i128::from(exp) + i128::from(leeway) {
            out.push(
                "expired",
                Severity::Medium,
                Refs::RFC7519_4_1_4,
                format!(
                    "the token expired {} ({}){}, so a verifier must reject it",
                    describe_relative(exp, now),
                    format_utc(exp),
                    leeway_note(leeway)
                ),
            );
        }
    }
    if let Some(nbf) = nbf {
        if i128::from(now) + i128::from(leeway) < i128::from(nbf) {
            out.push(
                "not_yet_valid",
                Severity::Medium,
                Refs::RFC7519_4_1_5,
                format!(
                    "the token is not valid before {} ({}){}, so a verifier must reject it until then",
                    format_utc(nbf),
                    describe_relative(nbf, now),
                    leeway_note(leeway)
                ),
            );
        }
    }
    if let Some(members) = claims.as_object() {
        let personal: Vec<String> = members
            .keys()
            .filter(|k| catalogue::is_personal_data(k))
            .cloned()
            .collect();
        if !personal.is_empty() {
            out.push(
                "personal_data",
                Severity::Low,
                Refs::RFC7519_12,
                format!(
                    "the payload carries personal data ({}) that anyone holding the token can \
                     read: a JWS is signed, not encrypted",
                    quote_join(&personal)
                ),
            );
        }
    }
}

fn leeway_note(leeway: i64) -> String {
    if leeway > 0 {
        format!(
            " even with the leeway of {}",
            describe_duration(i128::from(leeway))
        )
    } else {
        String::new()
    }
}

fn lint_encoding(token: &DecodedToken, out: &mut Findings) {
    for (segment, offset) in &token.non_canonical {
        let severity = if *segment == SegmentKind::Signature {
            Severity::Medium
        } else {
            Severity::Low
        };
        out.push(
            "non_canonical_base64url",
            severity,
            Refs::RFC4648_3_5,
            format!(
                "the {}'s last character (offset {offset}) has stray low bits: it decodes, but is \
                 not the canonical base64url, so the same token can be spelled differently and \
                 slip past a list of revoked or seen tokens",
                segment.label()
            ),
        );
    }
    for (segment, dup) in token.duplicates() {
        let (severity, reference, names) = if segment == SegmentKind::Header {
            (Severity::High, Refs::RFC7515_4, "header parameter names")
        } else {
            (Severity::Medium, Refs::RFC7519_4, "claim names")
        };
        let place = if dup.path.is_empty() {
            String::new()
        } else {
            format!(" in {}", dup.path)
        };
        out.push(
            "duplicate_member",
            severity,
            reference,
            format!(
                "the {} has \"{}\" twice{place} ({}, then {}); {names} must be unique, and \
                 libraries disagree on which value counts (Tokenlab, like JavaScript, uses the \
                 last)",
                segment.label(),
                shown(&dup.key),
                shown(&dup.first_value),
                shown(&dup.second_value)
            ),
        );
    }
}

/// Text from a token, made safe to show in a sentence: control characters escaped, cut at 80
/// characters.
fn shown(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn and_join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    use crate::b64;
    use crate::jwa;
    use crate::jws::decode;
    use crate::keys::{fixtures, parse_key};
    use crate::secret::Secret;
    use crate::verify::{verify_token, VerifyOptions};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_700_000_000;
    /// A proper 256-bit secret that is on no list.
    const GOOD_SECRET: &str = "tokenlab-lint-test-secret-0123456789abcdef";

    #[test]
    fn findings_come_most_severe_first_in_the_order_found() {
        let finding = |code: &'static str, severity| Finding {
            code,
            severity,
            message: code.into(),
            reference: "RFC 8725 §3.1",
            url: "https://www.rfc-editor.org/rfc/rfc8725#section-3.1",
        };
        let list = by_severity(&[
            finding("a", Severity::Low),
            finding("b", Severity::Critical),
            finding("c", Severity::Medium),
            finding("d", Severity::Critical),
            finding("e", Severity::Info),
            finding("f", Severity::High),
        ]);
        let codes: Vec<&str> = list.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["b", "d", "f", "c", "a", "e"]);
    }

    /// A token with exactly this header and payload text, signed with `key`.
    fn raw(header: &str, payload: &str, alg: Alg, key: &Key) -> String {
        let input = format!(
            "{}.{}",
            b64::encode(header.as_bytes()),
            b64::encode(payload.as_bytes())
        );
        let sig = jwa::sign(alg, key, input.as_bytes()).expect("fixture signs");
        format!("{input}.{}", b64::encode(&sig))
    }

    fn secret(s: &str) -> Key {
        Key::Oct(Secret::new(s.as_bytes().to_vec()))
    }

    fn live() -> String {
        format!(r#"{{"sub":"u1","iat":{},"exp":{}}}"#, NOW - 60, NOW + 600)
    }

    /// One attack: a token, the key the verifier holds, the finding it must raise and the
    /// verdict the verifier must give.
    struct Attack {
        name: &'static str,
        token: String,
        key: Option<String>,
        code: &'static str,
        severity: Severity,
        status: SignatureStatus,
    }

    fn attacks() -> Vec<Attack> {
        let good = secret(GOOD_SECRET);
        let rsa = fixtures::key(fixtures::RSA_PKCS8);
        let attacker_ec = Key::P256Private(p256::SecretKey::random(&mut rand_core::OsRng));
        let attacker_jwk = crate::jwk::to_jwk(&attacker_ec, false);
        let hs = |header: &str, payload: &str| raw(header, payload, Alg::HS256, &good);
        let good_key = Some(GOOD_SECRET.to_string());
        let mut non_canonical = hs(r#"{"alg":"HS256"}"#, &live());
        // HS256 signatures are 43 characters; the last carries 4 stray bits. Set one of them.
        let last = non_canonical.pop().unwrap_or('A');
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let idx = alphabet.find(last).unwrap_or(0);
        non_canonical.push(alphabet.chars().nth(idx | 1).unwrap_or('B'));

        vec![
            Attack {
                name: "alg none",
                token: format!(
                    "{}.{}.",
                    b64::encode(br#"{"alg":"none"}"#),
                    b64::encode(live().as_bytes())
                ),
                key: good_key.clone(),
                code: "alg_none",
                severity: Severity::Critical,
                status: SignatureStatus::Unsigned,
            },
            Attack {
                name: "alg NoNe",
                token: format!(
                    "{}.{}.",
                    b64::encode(br#"{"alg":"NoNe"}"#),
                    b64::encode(live().as_bytes())
                ),
                key: good_key.clone(),
                code: "alg_none",
                severity: Severity::Critical,
                status: SignatureStatus::Unsupported,
            },
            Attack {
                name: "RS256 public key used as HS256 secret",
                token: raw(
                    r#"{"alg":"HS256"}"#,
                    &live(),
                    Alg::HS256,
                    &secret(fixtures::RSA_SPKI),
                ),
                key: Some(fixtures::RSA_SPKI.to_string()),
                code: "alg_key_mismatch",
                severity: Severity::Critical,
                status: SignatureStatus::KeyMismatch,
            },
            Attack {
                name: "EC key offered for RS256",
                token: raw(r#"{"alg":"RS256"}"#, &live(), Alg::RS256, &rsa),
                key: Some(fixtures::P256_SPKI.to_string()),
                code: "alg_key_mismatch",
                severity: Severity::High,
                status: SignatureStatus::KeyMismatch,
            },
            Attack {
                name: "embedded jwk signed by the attacker",
                token: raw(
                    &format!(r#"{{"alg":"ES256","jwk":{attacker_jwk}}}"#),
                    &live(),
                    Alg::ES256,
                    &attacker_ec,
                ),
                key: Some(fixtures::P256_SPKI.to_string()),
                code: "embedded_jwk",
                severity: Severity::High,
                status: SignatureStatus::InvalidSignature,
            },
            Attack {
                name: "jku to the attacker's JWKS",
                token: raw(
                    r#"{"alg":"ES256","jku":"https://attacker.example/jwks.json"}"#,
                    &live(),
                    Alg::ES256,
                    &attacker_ec,
                ),
                key: Some(fixtures::P256_SPKI.to_string()),
                code: "remote_key_url",
                severity: Severity::High,
                status: SignatureStatus::InvalidSignature,
            },
            Attack {
                name: "x5u to the attacker's certificate",
                token: raw(
                    r#"{"alg":"ES256","x5u":"https://attacker.example/cert.pem"}"#,
                    &live(),
                    Alg::ES256,
                    &attacker_ec,
                ),
                key: None,
                code: "remote_key_url",
                severity: Severity::High,
                status: SignatureStatus::NoKey,
            },
            Attack {
                name: "kid path traversal to /dev/null with an empty-file secret",
                token: raw(
                    r#"{"alg":"HS256","kid":"../../../../../../dev/null"}"#,
                    &live(),
                    Alg::HS256,
                    &secret("\0"),
                ),
                key: good_key.clone(),
                code: "suspicious_kid",
                severity: Severity::High,
                status: SignatureStatus::InvalidSignature,
            },
            Attack {
                name: "kid SQL injection",
                token: hs(
                    r#"{"alg":"HS256","kid":"x' UNION SELECT 'secret' --"}"#,
                    &live(),
                ),
                key: good_key.clone(),
                code: "suspicious_kid",
                severity: Severity::High,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "kid shell injection",
                token: hs(
                    r#"{"alg":"HS256","kid":"key1|curl attacker.example"}"#,
                    &live(),
                ),
                key: good_key.clone(),
                code: "suspicious_kid",
                severity: Severity::High,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "unknown critical extension",
                token: hs(
                    r#"{"alg":"HS256","exp_check":false,"crit":["exp_check"]}"#,
                    &live(),
                ),
                key: good_key.clone(),
                code: "unknown_crit",
                severity: Severity::High,
                status: SignatureStatus::Unsupported,
            },
            Attack {
                name: "b64 false",
                token: {
                    let header = b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
                    let input = format!("{header}.$02");
                    let sig = jwa::sign(Alg::HS256, &good, input.as_bytes()).expect("signs");
                    format!("{input}.{}", b64::encode(&sig))
                },
                key: good_key.clone(),
                code: "b64_false",
                severity: Severity::High,
                status: SignatureStatus::Unsupported,
            },
            Attack {
                name: "jwt.io's default secret",
                token: raw(
                    r#"{"alg":"HS256"}"#,
                    &live(),
                    Alg::HS256,
                    &secret("your-256-bit-secret"),
                ),
                key: Some("your-256-bit-secret".into()),
                code: "weak_secret",
                severity: Severity::Critical,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "HS512 with a 256-bit secret",
                token: raw(r#"{"alg":"HS512"}"#, &live(), Alg::HS512, &good),
                key: good_key.clone(),
                code: "weak_secret",
                severity: Severity::High,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "RSA 1024",
                token: raw(
                    r#"{"alg":"RS256"}"#,
                    &live(),
                    Alg::RS256,
                    &fixtures::key(fixtures::RSA1024_PKCS8),
                ),
                key: Some(fixtures::RSA1024_PKCS8.to_string()),
                code: "small_rsa_key",
                severity: Severity::High,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "no exp",
                token: hs(r#"{"alg":"HS256"}"#, r#"{"sub":"u1","admin":true}"#),
                key: good_key.clone(),
                code: "missing_exp",
                severity: Severity::Medium,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "exp as a string",
                token: hs(r#"{"alg":"HS256"}"#, r#"{"sub":"u1","exp":"9999999999"}"#),
                key: good_key.clone(),
                code: "missing_exp",
                severity: Severity::Medium,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "ten-year token",
                token: hs(
                    r#"{"alg":"HS256"}"#,
                    &format!(r#"{{"iat":{NOW},"exp":{}}}"#, NOW + 10 * 365 * 86_400),
                ),
                key: good_key.clone(),
                code: "long_lifetime",
                severity: Severity::Low,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "replayed expired token",
                token: hs(
                    r#"{"alg":"HS256"}"#,
                    &format!(r#"{{"iat":{},"exp":{}}}"#, NOW - 7200, NOW - 3600),
                ),
                key: good_key.clone(),
                code: "expired",
                severity: Severity::Medium,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "token used before nbf",
                token: hs(
                    r#"{"alg":"HS256"}"#,
                    &format!(r#"{{"nbf":{},"exp":{}}}"#, NOW + 3600, NOW + 7200),
                ),
                key: good_key.clone(),
                code: "not_yet_valid",
                severity: Severity::Medium,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "personal data in a readable token",
                token: hs(
                    r#"{"alg":"HS256"}"#,
                    &format!(
                        r#"{{"sub":"u1","email":"ada@example.com","birthdate":"1815-12-10","exp":{}}}"#,
                        NOW + 600
                    ),
                ),
                key: good_key.clone(),
                code: "personal_data",
                severity: Severity::Low,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "second spelling of a valid signature",
                token: non_canonical,
                key: good_key.clone(),
                code: "non_canonical_base64url",
                severity: Severity::Medium,
                status: SignatureStatus::Verified,
            },
            Attack {
                name: "duplicate alg: HS256 then none",
                token: hs(r#"{"alg":"HS256","alg":"none"}"#, &live()),
                key: good_key.clone(),
                code: "duplicate_member",
                severity: Severity::High,
                status: SignatureStatus::Unsigned,
            },
            Attack {
                name: "duplicate sub in the claims",
                token: hs(
                    r#"{"alg":"HS256"}"#,
                    &format!(r#"{{"sub":"user","sub":"admin","exp":{}}}"#, NOW + 600),
                ),
                key: good_key,
                code: "duplicate_member",
                severity: Severity::Medium,
                status: SignatureStatus::Verified,
            },
        ]
    }

    fn run(token: &str, key: Option<&str>) -> (Verification, Vec<Finding>) {
        let decoded = decode(token).expect("decodes");
        let key = key.map(|k| parse_key(k, SecretEncoding::Utf8).expect("key parses"));
        let v = verify_token(&decoded, key.as_ref(), &VerifyOptions::default());
        let findings = lint(&LintInput {
            token: &decoded,
            key: key.as_ref(),
            verification: Some(&v),
            now: NOW,
            leeway: 0,
            secret_encoding: SecretEncoding::Utf8,
        });
        (v, findings)
    }

    #[test]
    fn every_attack_raises_its_finding_and_gets_the_right_verdict() {
        for (i, a) in attacks().iter().enumerate() {
            let (v, findings) = run(&a.token, a.key.as_deref());
            assert_eq!(v.status, a.status, "case {i} ({}): {}", a.name, v.detail);
            let found = findings.iter().find(|f| f.code == a.code);
            let Some(f) = found else {
                panic!("case {i} ({}): no {} in {findings:#?}", a.name, a.code);
            };
            assert_eq!(
                f.severity, a.severity,
                "case {i} ({}): {}",
                a.name, f.message
            );
            assert!(
                f.url.starts_with("https://www.rfc-editor.org/rfc/"),
                "case {i}"
            );
            assert!(
                f.url.ends_with(
                    &f.reference
                        .rsplit('§')
                        .next()
                        .map(|s| format!("section-{s}"))
                        .unwrap_or_default()
                ),
                "case {i}: reference {} and url {} agree",
                f.reference,
                f.url
            );
        }
    }

    #[test]
    fn every_code_is_produced_by_at_least_one_attack() {
        let attacks = attacks();
        for code in CODES {
            assert!(
                attacks.iter().any(|a| a.code == *code),
                "no attack test for {code}"
            );
        }
        for a in &attacks {
            assert!(CODES.contains(&a.code), "{} is not in CODES", a.code);
        }
    }

    #[test]
    fn a_clean_token_with_a_strong_key_has_no_findings() {
        let token = raw(
            r#"{"alg":"ES256","typ":"JWT","kid":"k-2024"}"#,
            &live(),
            Alg::ES256,
            &fixtures::key(fixtures::P256_SEC1),
        );
        let (v, findings) = run(&token, Some(fixtures::P256_SPKI));
        assert_eq!(v.status, SignatureStatus::Verified);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn findings_are_sorted_most_severe_first() {
        let token = format!(
            "{}.{}.",
            b64::encode(br#"{"alg":"none","jku":"https://x.example/k"}"#),
            b64::encode(br#"{"email":"a@b.example"}"#)
        );
        let (_, findings) = run(&token, None);
        let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
        let mut sorted = severities.clone();
        sorted.sort();
        assert_eq!(severities, sorted);
        assert_eq!(findings.first().map(|f| f.code), Some("alg_none"));
        assert_eq!(findings.last().map(|f| f.code), Some("personal_data"));
    }

    #[test]
    fn weak_secret_messages_never_echo_the_secret() {
        let token = raw(
            r#"{"alg":"HS256"}"#,
            &live(),
            Alg::HS256,
            &secret("changeme"),
        );
        let (_, findings) = run(&token, Some("changeme"));
        let f = findings
            .iter()
            .find(|f| f.code == "weak_secret")
            .expect("weak");
        assert!(!f.message.contains("changeme"), "{}", f.message);
        assert!(
            f.message.contains("64 bits (read as UTF-8)"),
            "{}",
            f.message
        );
    }

    #[test]
    fn common_secrets_match_ignoring_case_and_whitespace() {
        assert!(is_common_secret(b"Secret\n"));
        assert!(is_common_secret(b"YOUR-256-BIT-SECRET"));
        assert!(!is_common_secret(GOOD_SECRET.as_bytes()));
        assert!(!is_common_secret(b""));
    }

    #[test]
    fn the_common_secret_list_has_about_a_hundred_distinct_lower_case_entries() {
        let all: Vec<&str> = common_secrets().collect();
        assert!(all.len() >= 100, "{} entries", all.len());
        for (i, s) in all.iter().enumerate() {
            assert_eq!(*s, s.to_ascii_lowercase(), "entry {i}");
            assert!(!all[..i].contains(s), "entry {i} ({s}) repeats");
        }
        for s in [
            "secret",
            "your-256-bit-secret",
            "password",
            "changeme",
            "supersecret",
            "jwt_secret",
        ] {
            assert!(all.contains(&s), "{s} is listed");
        }
    }

    #[test]
    fn kid_concerns_flag_injections_and_spare_ordinary_ids() {
        let ordinary = [
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
            "3f9a1c2e-7b4d-4e8a-9c1f-2a6b8d0e4f31",
            "rsa-2024-01",
            "key 1",
            "primary or backup",
            "signing and encryption",
        ];
        for (i, kid) in ordinary.iter().enumerate() {
            assert!(kid_concerns(kid).is_empty(), "case {i}: {kid}");
        }
        let long = "a".repeat(MAX_KID_LEN + 1);
        let bad = [
            ("../keys/public.pem", "file path"),
            ("/dev/null", "file path"),
            ("..%2F..%2Fetc%2Fpasswd%2e%2e", "file path"),
            ("https://attacker.example/k", "URL"),
            ("1' OR '1'='1", "SQL"),
            ("k; rm -rf /", "shell"),
            ("$(id)", "shell"),
            ("k\0", "NUL"),
            ("1 OR 1=1", "SQL"),
            ("x UNION SELECT password FROM users", "SQL"),
            (long.as_str(), "long"),
        ];
        for (i, (kid, words)) in bad.iter().enumerate() {
            let why = kid_concerns(kid).join(", ");
            assert!(why.contains(words), "case {i}: {kid:?} → {why}");
        }
    }

    #[test]
    fn kid_that_is_not_a_string_is_noted() {
        let token = raw(
            r#"{"alg":"HS256","kid":7}"#,
            &live(),
            Alg::HS256,
            &secret(GOOD_SECRET),
        );
        let (_, findings) = run(&token, Some(GOOD_SECRET));
        assert!(findings
            .iter()
            .any(|f| f.code == "suspicious_kid" && f.severity == Severity::Medium));
    }

    #[test]
    fn leeway_forgives_a_just_expired_token() {
        let token = raw(
            r#"{"alg":"HS256"}"#,
            &format!(r#"{{"iat":{},"exp":{}}}"#, NOW - 100, NOW - 10),
            Alg::HS256,
            &secret(GOOD_SECRET),
        );
        let decoded = decode(&token).expect("decodes");
        let at = |leeway| {
            lint(&LintInput {
                token: &decoded,
                key: None,
                verification: None,
                now: NOW,
                leeway,
                secret_encoding: SecretEncoding::Utf8,
            })
            .iter()
            .any(|f| f.code == "expired")
        };
        assert!(at(0));
        assert!(!at(30));
    }

    #[test]
    fn key_mismatch_is_found_without_a_verification_too() {
        let token = raw(
            r#"{"alg":"HS256"}"#,
            &live(),
            Alg::HS256,
            &secret(fixtures::RSA_SPKI),
        );
        let decoded = decode(&token).expect("decodes");
        let key = parse_key(fixtures::RSA_SPKI, SecretEncoding::Utf8).expect("parses");
        let findings = lint(&LintInput {
            token: &decoded,
            key: Some(&key),
            verification: None,
            now: NOW,
            leeway: 0,
            secret_encoding: SecretEncoding::Utf8,
        });
        let f = findings
            .iter()
            .find(|f| f.code == "alg_key_mismatch")
            .expect("mismatch");
        assert!(
            f.message.starts_with("algorithm confusion"),
            "{}",
            f.message
        );
    }

    #[test]
    fn jwe_headers_are_linted_but_not_their_claims() {
        let token = format!(
            "{}.a.b.c.d",
            b64::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM","jku":"https://x.example/k"}"#)
        );
        let (v, findings) = run(&token, None);
        assert_eq!(v.status, SignatureStatus::Unsupported);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["remote_key_url"]);
    }

    #[test]
    fn severity_labels_codes_and_order_match() {
        let expected = [
            ("Critical", "critical"),
            ("High", "high"),
            ("Medium", "medium"),
            ("Low", "low"),
            ("Info", "info"),
        ];
        for (i, (s, (label, code))) in Severity::ALL.iter().zip(expected).enumerate() {
            assert_eq!((s.label(), s.code()), (label, code), "case {i}");
            assert_eq!(
                serde_json::to_value(s).expect("serialises"),
                Value::String(code.into())
            );
        }
        assert!(Severity::Critical < Severity::High && Severity::Low < Severity::Info);
    }
}
