//! JWT claims validation (RFC 7519 §4, OpenID Connect Core 1.0 §2, §3.1.3.6, §3.3.2.11, RFC 9068).
//!
//! [`validate`] takes the decoded header and payload as plain [`serde_json::Value`]s, the time
//! (`now`, Unix seconds) and leeway from the caller, and what the caller expects, and returns a
//! [`ClaimsReport`]: one [`ClaimCheck`] per thing checked, each with a stable `code`, plus a
//! [`Timeline`] the UI draws. Nothing here reads a clock.
//!
//! Types are strict: a time claim given as the string `"1700000000"` is `invalid_type`, never
//! "missing" and never silently parsed; `aud` must be a string or an array of strings.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::jwa::{Alg, Hash};

/// Earliest NumericDate Tokenlab accepts: 0000-01-01 00:00:00 UTC.
pub const MIN_NUMERIC_DATE: i64 = -62_167_219_200;
/// Latest NumericDate Tokenlab accepts: 9999-12-31 23:59:59 UTC.
pub const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// The claims whose value is a NumericDate (RFC 7519 §2): `exp`, `nbf`, `iat`, and OpenID
/// Connect's `auth_time` and `updated_at`.
pub const TIME_CLAIMS: [&str; 5] = ["exp", "nbf", "iat", "auth_time", "updated_at"];

/// A time claim read strictly from the payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum TimeClaim {
    /// The claim is not in the payload.
    Absent,
    /// A JSON number between years 0000 and 9999, in whole seconds (a fractional value is
    /// rounded down: RFC 7519 allows non-integer NumericDates, Tokenlab works in seconds).
    Valid(i64),
    /// Present but not a usable NumericDate (a string, a boolean, null, out of range…).
    Invalid {
        /// A sentence naming the claim and what is wrong with it.
        reason: String,
    },
}

impl TimeClaim {
    /// Reads claim `name` from a payload object (a non-object payload has no claims: `Absent`).
    pub fn read(claims: &Value, name: &str) -> TimeClaim {
        match claims.get(name) {
            None => TimeClaim::Absent,
            Some(value) => match parse_numeric_date(name, value) {
                Ok(date) => TimeClaim::Valid(date.seconds),
                Err(problem) => TimeClaim::Invalid {
                    reason: problem.reason,
                },
            },
        }
    }

    /// The seconds, if the claim is valid.
    pub fn seconds(&self) -> Option<i64> {
        match self {
            TimeClaim::Valid(t) => Some(*t),
            TimeClaim::Absent | TimeClaim::Invalid { .. } => None,
        }
    }
}

/// A NumericDate that parsed: its whole seconds, and whether a fraction was dropped.
struct NumericDate {
    seconds: i64,
    fractional: bool,
}

/// Why a NumericDate did not parse, with the check code to report.
struct DateProblem {
    code: &'static str,
    reason: String,
}

/// Strict NumericDate parsing: finite JSON numbers between [`MIN_NUMERIC_DATE`] and
/// [`MAX_NUMERIC_DATE`]; non-integers are rounded down to whole seconds.
fn parse_numeric_date(name: &str, value: &Value) -> Result<NumericDate, DateProblem> {
    let out_of_range = |shown: String| {
        DateProblem {
        code: "out_of_range",
        reason: format!(
            "the claim \"{name}\" is {shown}, which is outside the years 0000 to 9999 Tokenlab accepts for a NumericDate"
        ),
    }
    };
    let Value::Number(number) = value else {
        return Err(DateProblem {
            code: "invalid_type",
            reason: format!(
                "the claim \"{name}\" is {}; a NumericDate must be a number",
                describe_json(value)
            ),
        });
    };
    if let Some(seconds) = number.as_i64() {
        if (MIN_NUMERIC_DATE..=MAX_NUMERIC_DATE).contains(&seconds) {
            return Ok(NumericDate {
                seconds,
                fractional: false,
            });
        }
        return Err(out_of_range(seconds.to_string()));
    }
    if number.as_u64().is_some() {
        return Err(out_of_range(number.to_string()));
    }
    match number.as_f64() {
        Some(f) if f.is_finite() => {
            let floor = f.floor();
            // The range check runs on the float, so the cast below can neither saturate nor wrap.
            if floor < MIN_NUMERIC_DATE as f64 || floor > MAX_NUMERIC_DATE as f64 {
                return Err(out_of_range(number.to_string()));
            }
            Ok(NumericDate {
                seconds: floor as i64,
                fractional: floor != f,
            })
        }
        _ => Err(out_of_range(number.to_string())),
    }
}

/// What the caller expects of the token. `Expectations::default()` expects nothing: every field
/// is `None` or empty, so only the token's own times and the types of its claims are checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Expectations {
    /// Expected `iss`, compared exactly (case-sensitive, RFC 7519 §4.1.1). Default: not checked.
    pub iss: Option<String>,
    /// A value that must be in `aud` (a string, or one member of an array). Default: not checked.
    pub aud: Option<String>,
    /// Expected `azp` (OIDC Core §3.1.3.7: the client's own client_id). When set, `azp` must be
    /// present and equal. Default: not checked, though a multi-audience token without `azp` is
    /// noted.
    pub azp: Option<String>,
    /// Expected `nonce` (OIDC Core §3.1.3.7 step 11), compared exactly. Default: not checked.
    pub nonce: Option<String>,
    /// Expected header `typ` (e.g. `"JWT"`, `"at+jwt"`). Compared case-insensitively and with the
    /// `application/` prefix optional on both sides (RFC 7515 §4.1.9). Default: not checked.
    pub typ: Option<String>,
    /// Claims that must be present, whatever their value. Default: none.
    pub required: Vec<String>,
    /// The access token issued with this ID token, to check `at_hash` (OIDC Core §3.1.3.6).
    /// Default: none, and `at_hash` is reported as unchecked.
    pub access_token: Option<String>,
    /// The authorization code issued with this ID token, to check `c_hash` (OIDC Core
    /// §3.3.2.11). Default: none, and `c_hash` is reported as unchecked.
    pub code: Option<String>,
    /// Longest acceptable lifetime in seconds, measured from `iat` (or `nbf`, or else now) to
    /// `exp`; a token without `exp` then fails. Default: no limit.
    pub max_lifetime: Option<i64>,
}

/// When the check runs and how much clock skew it forgives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationOptions {
    /// The current time, Unix seconds. Always given by the caller.
    pub now: i64,
    /// Clock skew forgiven on `exp`, `nbf`, `iat` and `auth_time`, in seconds. Default 0 (no
    /// leeway); a negative value counts as 0.
    pub leeway: i64,
}

impl ValidationOptions {
    /// Options for time `now` with the default leeway of 0 seconds.
    pub fn at(now: i64) -> ValidationOptions {
        ValidationOptions { now, leeway: 0 }
    }
}

/// How one check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The check passed.
    Pass,
    /// The check failed: the token should not be accepted.
    Fail,
    /// Information only (no expiry, unchecked hashes, dropped fractions…).
    Info,
}

/// One check on one claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimCheck {
    /// The claim (or header parameter, for `typ`) the check is about.
    pub claim: String,
    /// Stable snake_case code (`expired`, `aud_mismatch`, …), for the UI, the CLI and tests.
    pub code: &'static str,
    /// Pass, fail or info.
    pub outcome: Outcome,
    /// A sentence for people.
    pub message: String,
}

/// Where the token stands in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    /// Within `nbf`..`exp` (leeway included).
    Live,
    /// `now` is at or after `exp` plus the leeway.
    Expired,
    /// `now` plus the leeway is before `nbf`.
    NotYetValid,
    /// No valid `exp`, and not before `nbf`: the token never expires.
    NoExpiry,
}

/// The token's times, for the validity timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// `iat`, if valid.
    pub iat: Option<i64>,
    /// `nbf`, if valid.
    pub nbf: Option<i64>,
    /// `exp`, if valid.
    pub exp: Option<i64>,
    /// The time the check ran at.
    pub now: i64,
    /// The leeway used (never negative).
    pub leeway: i64,
    /// The resulting state.
    pub state: TokenState,
}

impl Timeline {
    /// Builds a timeline and works out its state (RFC 7519 §4.1.4, §4.1.5: expired when
    /// `now >= exp + leeway`, not yet valid when `now + leeway < nbf`; expired wins over not yet
    /// valid when both hold).
    pub fn new(
        iat: Option<i64>,
        nbf: Option<i64>,
        exp: Option<i64>,
        now: i64,
        leeway: i64,
    ) -> Timeline {
        let leeway = leeway.max(0);
        let expired = exp.is_some_and(|exp| now >= exp.saturating_add(leeway));
        let early = nbf.is_some_and(|nbf| now.saturating_add(leeway) < nbf);
        let state = if expired {
            TokenState::Expired
        } else if early {
            TokenState::NotYetValid
        } else if exp.is_none() {
            TokenState::NoExpiry
        } else {
            TokenState::Live
        };
        Timeline {
            iat,
            nbf,
            exp,
            now,
            leeway,
            state,
        }
    }

    /// The drawn scale as `(start, end)` in Unix seconds: from the earliest of `iat`, `nbf`
    /// (minus the leeway) and `now`, to the latest of `exp` (plus the leeway), `iat`, `nbf` and
    /// `now`, widened on each side by a tenth of that span and at least 60 seconds, so a
    /// zero-length span still draws.
    pub fn bounds(&self) -> (i64, i64) {
        let (lo, hi) = self.bounds_wide();
        (clamp_i64(lo), clamp_i64(hi))
    }

    /// Position of time `t` on the scale of [`Timeline::bounds`], from 0.0 (start) to 1.0
    /// (end), for the UI's SVG. `None` when `t` falls outside the scale. Never NaN or infinite.
    pub fn fraction(&self, t: i64) -> Option<f64> {
        let (lo, hi) = self.bounds_wide();
        let t = i128::from(t);
        if t < lo || t > hi {
            return None;
        }
        // hi - lo >= 120 by construction, so the division is always finite.
        let f = (t - lo) as f64 / (hi - lo) as f64;
        Some(f.clamp(0.0, 1.0))
    }

    fn bounds_wide(&self) -> (i128, i128) {
        let leeway = i128::from(self.leeway.max(0));
        let mut points = vec![i128::from(self.now)];
        points.extend(self.iat.map(i128::from));
        if let Some(nbf) = self.nbf {
            points.push(i128::from(nbf));
            points.push(i128::from(nbf) - leeway);
        }
        if let Some(exp) = self.exp {
            points.push(i128::from(exp));
            points.push(i128::from(exp) + leeway);
        }
        let lo = points.iter().copied().min().unwrap_or(0);
        let hi = points.iter().copied().max().unwrap_or(0);
        let margin = ((hi - lo) / 10).max(60);
        (lo - margin, hi + margin)
    }
}

fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// Everything [`validate`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimsReport {
    /// The checks, in a fixed order: payload shape, times, lifetime, iss, sub, jti, aud, azp,
    /// nonce, typ, at_hash, c_hash, other typed claims, required claims.
    pub checks: Vec<ClaimCheck>,
    /// The token's times.
    pub timeline: Timeline,
}

impl ClaimsReport {
    /// True when no check failed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.outcome != Outcome::Fail)
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &ClaimCheck> {
        self.checks.iter().filter(|c| c.outcome == Outcome::Fail)
    }

    /// The first check with this code, if any.
    pub fn find(&self, code: &str) -> Option<&ClaimCheck> {
        self.checks.iter().find(|c| c.code == code)
    }
}

/// Collects checks; keeps track of claims already reported missing so `required` does not
/// repeat them.
struct Checks {
    list: Vec<ClaimCheck>,
    missing: Vec<String>,
}

impl Checks {
    fn push(&mut self, claim: &str, code: &'static str, outcome: Outcome, message: String) {
        self.list.push(ClaimCheck {
            claim: claim.to_owned(),
            code,
            outcome,
            message,
        });
    }

    fn missing(&mut self, claim: &str, message: String) {
        self.missing.push(claim.to_owned());
        self.push(claim, "missing_required", Outcome::Fail, message);
    }
}

/// A string claim as read: absent, a string, or present with another type (already reported).
enum StrClaim<'a> {
    Absent,
    Str(&'a str),
    Invalid,
}

fn string_claim<'a>(claims: &'a Value, name: &str, checks: &mut Checks) -> StrClaim<'a> {
    match claims.get(name) {
        None => StrClaim::Absent,
        Some(Value::String(s)) => StrClaim::Str(s),
        Some(other) => {
            checks.push(
                name,
                "invalid_type",
                Outcome::Fail,
                format!(
                    "the claim \"{name}\" is {}; it must be a string",
                    describe_json(other)
                ),
            );
            StrClaim::Invalid
        }
    }
}

/// Validates a token's claims (and header `typ`) against the time and the caller's
/// expectations.
///
/// `header` is the decoded JOSE header, if any (used for `typ`); `alg` is the token's algorithm
/// (used for `at_hash` and `c_hash`). Checks run in the order documented on
/// [`ClaimsReport::checks`]. A payload that is not a JSON object yields a single
/// `not_an_object` failure.
pub fn validate(
    header: Option<&Value>,
    claims: &Value,
    alg: Option<Alg>,
    opts: &ValidationOptions,
    expect: &Expectations,
) -> ClaimsReport {
    let now = opts.now;
    let leeway = opts.leeway.max(0);
    let mut checks = Checks {
        list: Vec::new(),
        missing: Vec::new(),
    };

    if !claims.is_object() {
        checks.push(
            "",
            "not_an_object",
            Outcome::Fail,
            format!(
                "the payload is {}; JWT claims must be a JSON object (RFC 7519 §7.2)",
                describe_json(claims)
            ),
        );
        return ClaimsReport {
            checks: checks.list,
            timeline: Timeline::new(None, None, None, now, leeway),
        };
    }

    // Times.
    let mut times: [Option<i64>; 5] = [None; 5];
    for (slot, name) in times.iter_mut().zip(TIME_CLAIMS) {
        let Some(value) = claims.get(name) else {
            continue;
        };
        match parse_numeric_date(name, value) {
            Ok(date) => {
                *slot = Some(date.seconds);
                if date.fractional {
                    checks.push(
                        name,
                        "fractional_time",
                        Outcome::Info,
                        format!(
                            "the claim \"{name}\" is {value}; Tokenlab counts whole seconds and uses {}",
                            date.seconds
                        ),
                    );
                }
            }
            Err(problem) => checks.push(name, problem.code, Outcome::Fail, problem.reason),
        }
    }
    let [exp, nbf, iat, auth_time, _updated_at] = times;
    let timeline = Timeline::new(iat, nbf, exp, now, leeway);
    let leeway_note = leeway_note(leeway);

    match exp {
        Some(exp) if now >= exp.saturating_add(leeway) => checks.push(
            "exp",
            "expired",
            Outcome::Fail,
            format!(
                "the token expired {} ({}){leeway_note}",
                describe_relative(exp, now),
                format_utc(exp)
            ),
        ),
        Some(exp) if now >= exp => checks.push(
            "exp",
            "not_expired",
            Outcome::Pass,
            format!(
                "the token expired {} ({}) but is accepted within the leeway of {}",
                describe_relative(exp, now),
                format_utc(exp),
                describe_duration(i128::from(leeway))
            ),
        ),
        Some(exp) => checks.push(
            "exp",
            "not_expired",
            Outcome::Pass,
            format!(
                "the token expires {} ({})",
                describe_relative(exp, now),
                format_utc(exp)
            ),
        ),
        None if claims.get("exp").is_none() => checks.push(
            "exp",
            "no_expiry",
            Outcome::Info,
            "the token has no exp claim, so it never expires".to_owned(),
        ),
        None => {}
    }
    if let Some(nbf) = nbf {
        if now.saturating_add(leeway) < nbf {
            checks.push(
                "nbf",
                "not_yet_valid",
                Outcome::Fail,
                format!(
                    "the token is not valid before {} ({}){leeway_note}",
                    format_utc(nbf),
                    describe_relative(nbf, now)
                ),
            );
        } else {
            checks.push(
                "nbf",
                "already_valid",
                Outcome::Pass,
                format!(
                    "the token has been valid since {} ({})",
                    format_utc(nbf),
                    describe_relative(nbf, now)
                ),
            );
        }
    }
    if let Some(iat) = iat {
        if iat > now.saturating_add(leeway) {
            checks.push(
                "iat",
                "issued_in_future",
                Outcome::Fail,
                format!(
                    "the token says it was issued {} ({}), which is in the future{leeway_note}",
                    describe_relative(iat, now),
                    format_utc(iat)
                ),
            );
        } else {
            checks.push(
                "iat",
                "issued_in_past",
                Outcome::Pass,
                format!(
                    "the token was issued {} ({})",
                    describe_relative(iat, now),
                    format_utc(iat)
                ),
            );
        }
    }
    if let Some(auth_time) = auth_time {
        if auth_time > now.saturating_add(leeway) {
            checks.push(
                "auth_time",
                "auth_time_in_future",
                Outcome::Fail,
                format!(
                    "the user authenticated {} ({}), which is in the future{leeway_note}",
                    describe_relative(auth_time, now),
                    format_utc(auth_time)
                ),
            );
        } else {
            checks.push(
                "auth_time",
                "auth_time",
                Outcome::Info,
                format!(
                    "the user authenticated {} ({})",
                    describe_relative(auth_time, now),
                    format_utc(auth_time)
                ),
            );
        }
    }
    if let (Some(exp), Some(nbf)) = (exp, nbf) {
        if exp <= nbf {
            checks.push(
                "exp",
                "inconsistent_times",
                Outcome::Fail,
                format!(
                    "exp ({}) is not after nbf ({}), so the token is never valid",
                    format_utc(exp),
                    format_utc(nbf)
                ),
            );
        }
    }
    if let (Some(exp), Some(iat)) = (exp, iat) {
        if exp < iat {
            checks.push(
                "exp",
                "inconsistent_times",
                Outcome::Fail,
                format!(
                    "exp ({}) is before iat ({}): the token expired before it was issued",
                    format_utc(exp),
                    format_utc(iat)
                ),
            );
        }
    }

    // Lifetime. All times are range-checked, so the subtraction cannot overflow.
    if let Some(max) = expect.max_lifetime {
        let (start, from) = match (iat, nbf) {
            (Some(iat), _) => (iat, "iat"),
            (None, Some(nbf)) => (nbf, "nbf"),
            (None, None) => (now, "now"),
        };
        match exp {
            None => checks.push(
                "exp",
                "lifetime_too_long",
                Outcome::Fail,
                format!(
                    "the token has no exp, so its lifetime is unbounded; at most {} is allowed",
                    describe_duration(i128::from(max))
                ),
            ),
            Some(exp) => {
                let lifetime = i128::from(exp) - i128::from(start);
                if lifetime > i128::from(max) {
                    checks.push(
                        "exp",
                        "lifetime_too_long",
                        Outcome::Fail,
                        format!(
                            "the token lives {} from {from} to exp; at most {} is allowed",
                            describe_duration(lifetime),
                            describe_duration(i128::from(max))
                        ),
                    );
                } else {
                    checks.push(
                        "exp",
                        "lifetime_ok",
                        Outcome::Pass,
                        format!(
                            "the token lives {} from {from} to exp, within the {} allowed",
                            describe_duration(lifetime),
                            describe_duration(i128::from(max))
                        ),
                    );
                }
            }
        }
    }

    // iss, sub, jti.
    let iss = string_claim(claims, "iss", &mut checks);
    if let Some(expected) = &expect.iss {
        match iss {
            StrClaim::Str(actual) if actual == expected => checks.push(
                "iss",
                "iss_match",
                Outcome::Pass,
                format!("the issuer is \"{actual}\", as expected"),
            ),
            StrClaim::Str(actual) => checks.push(
                "iss",
                "iss_mismatch",
                Outcome::Fail,
                format!("the issuer is \"{actual}\", but \"{expected}\" is expected (compared exactly, case-sensitive)"),
            ),
            StrClaim::Absent => checks.missing(
                "iss",
                format!("the issuer \"{expected}\" is expected, but the token has no iss claim"),
            ),
            StrClaim::Invalid => {}
        }
    }
    string_claim(claims, "sub", &mut checks);
    string_claim(claims, "jti", &mut checks);

    // aud and azp.
    let aud = read_aud(claims, &mut checks);
    if let Some(expected) = &expect.aud {
        match &aud {
            Some(Some(list)) if list.iter().any(|a| a == expected) => checks.push(
                "aud",
                "aud_match",
                Outcome::Pass,
                format!("the audience includes \"{expected}\", as expected"),
            ),
            Some(Some(list)) => checks.push(
                "aud",
                "aud_mismatch",
                Outcome::Fail,
                format!(
                    "the audience is {}, which does not include \"{expected}\"",
                    quote_list(list)
                ),
            ),
            None => checks.missing(
                "aud",
                format!("the audience \"{expected}\" is expected, but the token has no aud claim"),
            ),
            Some(None) => {}
        }
    }
    let azp = string_claim(claims, "azp", &mut checks);
    let multi_aud = matches!(&aud, Some(Some(list)) if list.len() > 1);
    match (&expect.azp, azp) {
        (Some(expected), StrClaim::Str(actual)) if actual == expected => checks.push(
            "azp",
            "azp_match",
            Outcome::Pass,
            format!("the authorized party is \"{actual}\", as expected"),
        ),
        (Some(expected), StrClaim::Str(actual)) => checks.push(
            "azp",
            "azp_mismatch",
            Outcome::Fail,
            format!("the authorized party is \"{actual}\", but \"{expected}\" is expected"),
        ),
        (Some(expected), StrClaim::Absent) => {
            let why = if multi_aud {
                " (OpenID Connect asks for azp when aud has several values)"
            } else {
                ""
            };
            checks.missing.push("azp".to_owned());
            checks.push(
                "azp",
                "azp_missing",
                Outcome::Fail,
                format!("the authorized party \"{expected}\" is expected, but the token has no azp claim{why}"),
            );
        }
        (None, StrClaim::Absent) if multi_aud => checks.push(
            "azp",
            "azp_missing",
            Outcome::Info,
            "aud has several values but there is no azp claim; OpenID Connect Core §3.1.3.7 expects an ID token like this to name its authorized party".to_owned(),
        ),
        _ => {}
    }

    // nonce.
    let nonce = string_claim(claims, "nonce", &mut checks);
    if let Some(expected) = &expect.nonce {
        match nonce {
            StrClaim::Str(actual) if actual == expected => checks.push(
                "nonce",
                "nonce_match",
                Outcome::Pass,
                "the nonce matches the one sent in the authorization request".to_owned(),
            ),
            StrClaim::Str(actual) => checks.push(
                "nonce",
                "nonce_mismatch",
                Outcome::Fail,
                format!("the nonce is \"{actual}\", but \"{expected}\" was sent in the authorization request"),
            ),
            StrClaim::Absent => checks.missing(
                "nonce",
                format!("the nonce \"{expected}\" was sent, but the token has no nonce claim"),
            ),
            StrClaim::Invalid => {}
        }
    }

    // Header typ.
    if let Some(expected) = &expect.typ {
        check_typ(header, expected, &mut checks);
    }

    // at_hash and c_hash.
    check_half_hash(
        claims,
        "at_hash",
        "access token",
        expect.access_token.as_deref(),
        alg,
        &mut checks,
    );
    check_half_hash(
        claims,
        "c_hash",
        "authorization code",
        expect.code.as_deref(),
        alg,
        &mut checks,
    );

    // Other claims with a fixed type.
    for name in ["acr", "sid", "scope", "client_id"] {
        string_claim(claims, name, &mut checks);
    }
    if let Some(amr) = claims.get("amr") {
        let ok = amr
            .as_array()
            .is_some_and(|list| list.iter().all(Value::is_string));
        if !ok {
            checks.push(
                "amr",
                "invalid_type",
                Outcome::Fail,
                format!(
                    "the claim \"amr\" is {}; it must be an array of strings",
                    describe_json(amr)
                ),
            );
        }
    }

    // Required claims.
    for name in &expect.required {
        if checks.missing.iter().any(|m| m == name) {
            continue;
        }
        if claims.get(name).is_some() {
            checks.push(
                name,
                "present",
                Outcome::Pass,
                format!("the required claim \"{name}\" is present"),
            );
        } else {
            checks.missing(name, format!("the required claim \"{name}\" is missing"));
        }
    }

    ClaimsReport {
        checks: checks.list,
        timeline,
    }
}

fn leeway_note(leeway: i64) -> String {
    if leeway > 0 {
        format!(
            ", even with {} of leeway",
            describe_duration(i128::from(leeway))
        )
    } else {
        " (no leeway)".to_owned()
    }
}

/// Reads `aud`: `None` when absent, `Some(None)` when of the wrong type (reported),
/// `Some(Some(list))` otherwise (a single string becomes a one-element list).
fn read_aud<'a>(claims: &'a Value, checks: &mut Checks) -> Option<Option<Vec<&'a str>>> {
    let value = claims.get("aud")?;
    let list = match value {
        Value::String(s) => Some(vec![s.as_str()]),
        Value::Array(items) => items.iter().map(Value::as_str).collect::<Option<Vec<_>>>(),
        _ => None,
    };
    if list.is_none() {
        checks.push(
            "aud",
            "invalid_type",
            Outcome::Fail,
            format!(
                "the claim \"aud\" is {}; it must be a string or an array of strings",
                describe_json(value)
            ),
        );
    }
    Some(list)
}

/// RFC 7515 §4.1.9: a `typ` without a `/` means `application/` + value, and MIME types compare
/// case-insensitively.
fn normalize_typ(typ: &str) -> String {
    let lower = typ.trim().to_ascii_lowercase();
    match lower.strip_prefix("application/") {
        Some(rest) => rest.to_owned(),
        None => lower,
    }
}

fn check_typ(header: Option<&Value>, expected: &str, checks: &mut Checks) {
    match header.and_then(|h| h.get("typ")) {
        Some(Value::String(actual)) if normalize_typ(actual) == normalize_typ(expected) => checks
            .push(
                "typ",
                "typ_match",
                Outcome::Pass,
                format!("the header typ is \"{actual}\", as expected"),
            ),
        Some(Value::String(actual)) => checks.push(
            "typ",
            "typ_mismatch",
            Outcome::Fail,
            format!("the header typ is \"{actual}\", but \"{expected}\" is expected"),
        ),
        Some(other) => checks.push(
            "typ",
            "invalid_type",
            Outcome::Fail,
            format!(
                "the header parameter \"typ\" is {}; it must be a string",
                describe_json(other)
            ),
        ),
        None => checks.push(
            "typ",
            "typ_mismatch",
            Outcome::Fail,
            format!("the header has no typ, but \"{expected}\" is expected"),
        ),
    }
}

fn check_half_hash(
    claims: &Value,
    name: &'static str,
    what: &str,
    value: Option<&str>,
    alg: Option<Alg>,
    checks: &mut Checks,
) {
    let (mismatch, matched, unchecked, absent) = if name == "at_hash" {
        (
            "at_hash_mismatch",
            "at_hash_match",
            "at_hash_unchecked",
            "at_hash_absent",
        )
    } else {
        (
            "c_hash_mismatch",
            "c_hash_match",
            "c_hash_unchecked",
            "c_hash_absent",
        )
    };
    let claimed = match string_claim(claims, name, checks) {
        StrClaim::Invalid => return,
        StrClaim::Absent => {
            if value.is_some() {
                checks.push(
                    name,
                    absent,
                    Outcome::Info,
                    format!("the token has no {name}, so the {what} cannot be checked against it"),
                );
            }
            return;
        }
        StrClaim::Str(s) => s,
    };
    let Some(value) = value else {
        checks.push(
            name,
            unchecked,
            Outcome::Info,
            format!("give the {what} to check {name} against it"),
        );
        return;
    };
    let Some(computed) = alg.and_then(|alg| oidc_half_hash(alg, value)) else {
        let shown = alg.map_or_else(|| "unknown".to_owned(), |a| format!("\"{a}\""));
        checks.push(
            name,
            unchecked,
            Outcome::Info,
            format!("{name} cannot be computed: the algorithm is {shown}, which names no hash"),
        );
        return;
    };
    if computed == claimed {
        checks.push(
            name,
            matched,
            Outcome::Pass,
            format!("{name} matches the {what}"),
        );
    } else {
        checks.push(
            name,
            mismatch,
            Outcome::Fail,
            format!("{name} is \"{claimed}\", but the {what} gives \"{computed}\""),
        );
    }
}

/// The `at_hash` / `c_hash` value of `value` for a token signed with `alg` (OIDC Core §3.1.3.6):
/// base64url of the left half of the hash named by `alg` (SHA-256 for `*256`, SHA-384 for
/// `*384`, SHA-512 for `*512`).
///
/// OIDC Core 1.0 names no hash for `EdDSA`; for Ed25519 Tokenlab uses SHA-512, the hash inside
/// Ed25519 — the convention of panva's `oidc-token-hash` (used by `oidc-provider` and
/// `openid-client`) and of other OpenID implementations. `none` has no hash: `None`.
pub fn oidc_half_hash(alg: Alg, value: &str) -> Option<String> {
    let hash = match alg {
        Alg::EdDSA => Hash::Sha512,
        other => other.hash()?,
    };
    let digest: Vec<u8> = match hash {
        Hash::Sha256 => Sha256::digest(value.as_bytes()).to_vec(),
        Hash::Sha384 => Sha384::digest(value.as_bytes()).to_vec(),
        Hash::Sha512 => Sha512::digest(value.as_bytes()).to_vec(),
    };
    let half = digest.get(..digest.len() / 2)?;
    Some(URL_SAFE_NO_PAD.encode(half))
}

/// A short description of a JSON value for messages: `the string "…"`, `a boolean (true)`,
/// `null`, `an array`, `an object`, `the number 5`. Long strings are cut at 60 characters.
fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let mut shown: String = s.chars().take(60).collect();
            if shown.len() < s.len() {
                shown.push('…');
            }
            format!("the string \"{shown}\"")
        }
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn quote_list(list: &[&str]) -> String {
    match list {
        [one] => format!("\"{one}\""),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
            format!("[{}]", quoted.join(", "))
        }
    }
}

/// A duration in words, rounded down to at most two units: `45 s`, `3 min`, `4 h 12 min`,
/// `2 days 3 h`, `12 days`, `3 years` (365-day years). Negative durations describe their
/// magnitude.
pub fn describe_duration(seconds: i128) -> String {
    const MIN: u128 = 60;
    const HOUR: u128 = 3_600;
    const DAY: u128 = 86_400;
    const YEAR: u128 = 365 * DAY;
    let s = seconds.unsigned_abs();
    let plural = |n: u128, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if s < MIN {
        format!("{s} s")
    } else if s < HOUR {
        format!("{} min", s / MIN)
    } else if s < DAY {
        let (h, m) = (s / HOUR, s % HOUR / MIN);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else if s < 7 * DAY {
        let (d, h) = (s / DAY, s % DAY / HOUR);
        if h == 0 {
            plural(d, "day")
        } else {
            format!("{} {h} h", plural(d, "day"))
        }
    } else if s < YEAR {
        plural(s / DAY, "day")
    } else {
        plural(s / YEAR, "year")
    }
}

/// Time `t` relative to `now`, in words: `"now"`, `"in 45 s"`, `"3 min ago"`, `"in 4 h 12 min"`,
/// `"2 days ago"`. Units as in [`describe_duration`] (rounded down, at most two units).
pub fn describe_relative(t: i64, now: i64) -> String {
    let delta = i128::from(t) - i128::from(now);
    match delta {
        0 => "now".to_owned(),
        d if d > 0 => format!("in {}", describe_duration(d)),
        d => format!("{} ago", describe_duration(d)),
    }
}

/// Formats Unix seconds as `"2023-11-14 22:13:20 UTC"`. Times outside the years 0000–9999 give
/// a sentence instead (no panic for any `i64`).
pub fn format_utc(t: i64) -> String {
    if !(MIN_NUMERIC_DATE..=MAX_NUMERIC_DATE).contains(&t) {
        return format!("{t} s (outside the years 0000 to 9999)");
    }
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
///
/// Howard Hinnant's `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>),
/// written out rather than pulling in the `time` crate: it is twelve lines of integer
/// arithmetic, exact for every day, and it is the only calendar arithmetic the engine needs.
/// Callers keep `days` within years 0000–9999, so nothing here can overflow.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // shift the epoch to 0000-03-01
    let era = z.div_euclid(146_097); // 400-year eras
    let doe = z.rem_euclid(146_097); // day of era [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // year of era [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year, from March 1 [0, 365]
    let mp = (5 * doy + 2) / 153; // month from March [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_700_000_000;

    fn run(claims: Value, expect: &Expectations) -> ClaimsReport {
        validate(
            Some(&json!({"alg": "RS256", "typ": "JWT"})),
            &claims,
            Some(Alg::RS256),
            &ValidationOptions::at(NOW),
            expect,
        )
    }

    fn codes(report: &ClaimsReport) -> Vec<&'static str> {
        report.checks.iter().map(|c| c.code).collect()
    }

    fn outcome(report: &ClaimsReport, code: &str) -> Option<Outcome> {
        report.find(code).map(|c| c.outcome)
    }

    #[test]
    fn expired_token_is_reported_with_its_age() {
        let r = run(json!({"exp": NOW - 180}), &Expectations::default());
        let check = r.find("expired").expect("expired check");
        assert_eq!(check.outcome, Outcome::Fail);
        assert_eq!(check.claim, "exp");
        assert!(check.message.contains("3 min ago"), "{}", check.message);
        assert!(
            check.message.contains("2023-11-14 22:10:20 UTC"),
            "{}",
            check.message
        );
        assert!(!r.passed());
        assert_eq!(r.timeline.state, TokenState::Expired);
    }

    #[test]
    fn a_token_expiring_exactly_now_is_expired() {
        let r = run(json!({"exp": NOW}), &Expectations::default());
        assert_eq!(outcome(&r, "expired"), Some(Outcome::Fail));
    }

    #[test]
    fn live_token_passes_and_says_when_it_expires() {
        let r = run(
            json!({"iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 4 * 3600 + 12 * 60}),
            &Expectations::default(),
        );
        assert!(r.passed(), "{:?}", r.checks);
        let check = r.find("not_expired").expect("not_expired");
        assert!(check.message.contains("in 4 h 12 min"), "{}", check.message);
        assert_eq!(outcome(&r, "already_valid"), Some(Outcome::Pass));
        assert_eq!(outcome(&r, "issued_in_past"), Some(Outcome::Pass));
        assert_eq!(r.timeline.state, TokenState::Live);
    }

    #[test]
    fn a_token_without_exp_is_noted_as_never_expiring() {
        let r = run(json!({"sub": "x"}), &Expectations::default());
        assert_eq!(outcome(&r, "no_expiry"), Some(Outcome::Info));
        assert!(r.passed());
        assert_eq!(r.timeline.state, TokenState::NoExpiry);
    }

    #[test]
    fn not_yet_valid_token_fails_until_nbf() {
        let r = run(
            json!({"nbf": NOW + 30, "exp": NOW + 600}),
            &Expectations::default(),
        );
        let check = r.find("not_yet_valid").expect("not_yet_valid");
        assert_eq!(check.outcome, Outcome::Fail);
        assert!(check.message.contains("in 30 s"), "{}", check.message);
        assert_eq!(r.timeline.state, TokenState::NotYetValid);
        // nbf == now is valid ("after or equal", RFC 7519 §4.1.5).
        let r = run(json!({"nbf": NOW}), &Expectations::default());
        assert_eq!(outcome(&r, "already_valid"), Some(Outcome::Pass));
    }

    #[test]
    fn issued_in_the_future_fails() {
        let r = run(json!({"iat": NOW + 120}), &Expectations::default());
        assert_eq!(outcome(&r, "issued_in_future"), Some(Outcome::Fail));
    }

    #[test]
    fn leeway_forgives_skew_on_both_sides() {
        let opts = ValidationOptions {
            now: NOW,
            leeway: 60,
        };
        let none = Expectations::default();
        // Expired 30 s ago: accepted within the leeway.
        let r = validate(None, &json!({"exp": NOW - 30}), None, &opts, &none);
        assert!(r.passed(), "{:?}", r.checks);
        assert_eq!(r.timeline.state, TokenState::Live);
        let msg = &r.find("not_expired").expect("not_expired").message;
        assert!(
            msg.contains("30 s ago") && msg.contains("leeway of 1 min"),
            "{msg}"
        );
        // Valid and issued 30 s from now: accepted within the leeway.
        let claims = json!({"nbf": NOW + 30, "iat": NOW + 30, "exp": NOW + 600});
        let r = validate(None, &claims, None, &opts, &none);
        assert!(r.passed(), "{:?}", r.checks);
        assert_eq!(r.timeline.state, TokenState::Live);
        // Just past the leeway on each side.
        let r = validate(None, &json!({"exp": NOW - 60}), None, &opts, &none);
        let msg = &r.find("expired").expect("expired").message;
        assert!(msg.contains("even with 1 min of leeway"), "{msg}");
        let claims = json!({"nbf": NOW + 61, "iat": NOW + 61, "exp": NOW + 600});
        let r = validate(None, &claims, None, &opts, &none);
        assert_eq!(outcome(&r, "not_yet_valid"), Some(Outcome::Fail));
        assert_eq!(outcome(&r, "issued_in_future"), Some(Outcome::Fail));
        assert_eq!(r.timeline.state, TokenState::NotYetValid);
    }

    #[test]
    fn negative_leeway_counts_as_zero() {
        let opts = ValidationOptions {
            now: NOW,
            leeway: -1000,
        };
        let r = validate(
            None,
            &json!({"exp": NOW + 10}),
            None,
            &opts,
            &Expectations::default(),
        );
        assert!(r.passed());
        assert_eq!(r.timeline.leeway, 0);
    }

    #[test]
    fn string_exp_is_invalid_type_not_missing() {
        let r = run(json!({"exp": "1700000000"}), &Expectations::default());
        let check = r.find("invalid_type").expect("invalid_type");
        assert_eq!(check.claim, "exp");
        assert_eq!(
            check.message,
            "the claim \"exp\" is the string \"1700000000\"; a NumericDate must be a number"
        );
        assert!(r.find("no_expiry").is_none());
        assert!(!r.passed());
        assert_eq!(
            TimeClaim::read(&json!({"exp": "1700000000"}), "exp"),
            TimeClaim::Invalid {
                reason: check.message.clone()
            }
        );
    }

    #[test]
    fn time_claims_of_every_wrong_type_are_rejected() {
        for (i, bad) in [json!(true), json!(null), json!([1]), json!({"t": 1})]
            .into_iter()
            .enumerate()
        {
            for name in TIME_CLAIMS {
                let r = run(json!({ name: bad.clone() }), &Expectations::default());
                let check = r.find("invalid_type");
                assert!(
                    check.is_some_and(|c| c.claim == name),
                    "case {i} ({bad}) for {name}: {:?}",
                    r.checks
                );
            }
        }
    }

    #[test]
    fn time_claims_beyond_year_9999_are_out_of_range() {
        for (i, bad) in [
            json!(MAX_NUMERIC_DATE + 1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1e300),
            json!(-1e300),
        ]
        .into_iter()
        .enumerate()
        {
            let r = run(json!({ "exp": bad }), &Expectations::default());
            assert_eq!(outcome(&r, "out_of_range"), Some(Outcome::Fail), "case {i}");
        }
        assert_eq!(
            TimeClaim::read(&json!({"exp": MAX_NUMERIC_DATE}), "exp"),
            TimeClaim::Valid(MAX_NUMERIC_DATE)
        );
    }

    #[test]
    fn fractional_and_negative_numeric_dates_are_accepted() {
        assert_eq!(
            TimeClaim::read(&json!({"iat": 1_700_000_000.75}), "iat"),
            TimeClaim::Valid(1_700_000_000)
        );
        assert_eq!(
            TimeClaim::read(&json!({"iat": -0.5}), "iat"),
            TimeClaim::Valid(-1)
        );
        assert_eq!(
            TimeClaim::read(&json!({"iat": -86400}), "iat"),
            TimeClaim::Valid(-86400)
        );
        assert_eq!(TimeClaim::read(&json!({}), "iat"), TimeClaim::Absent);
        let r = run(json!({"iat": 1_600_000_000.5}), &Expectations::default());
        assert_eq!(outcome(&r, "fractional_time"), Some(Outcome::Info));
        assert_eq!(r.timeline.iat, Some(1_600_000_000));
        assert!(r.passed());
    }

    #[test]
    fn inconsistent_times_are_flagged() {
        let r = run(
            json!({"nbf": NOW - 10, "exp": NOW - 10}),
            &Expectations::default(),
        );
        assert_eq!(outcome(&r, "inconsistent_times"), Some(Outcome::Fail));
        let r = run(
            json!({"iat": NOW - 10, "exp": NOW - 20}),
            &Expectations::default(),
        );
        assert_eq!(outcome(&r, "inconsistent_times"), Some(Outcome::Fail));
    }

    #[test]
    fn auth_time_is_reported_and_may_not_be_in_the_future() {
        let r = run(json!({"auth_time": NOW - 7200}), &Expectations::default());
        let check = r.find("auth_time").expect("auth_time");
        assert_eq!(check.outcome, Outcome::Info);
        assert!(check.message.contains("2 h ago"), "{}", check.message);
        let r = run(json!({"auth_time": NOW + 7200}), &Expectations::default());
        assert_eq!(outcome(&r, "auth_time_in_future"), Some(Outcome::Fail));
    }

    #[test]
    fn lifetime_is_measured_from_iat_to_exp() {
        let expect = Expectations {
            max_lifetime: Some(3600),
            ..Expectations::default()
        };
        let r = run(json!({"iat": NOW, "exp": NOW + 3600}), &expect);
        assert_eq!(outcome(&r, "lifetime_ok"), Some(Outcome::Pass));
        let r = run(json!({"iat": NOW, "exp": NOW + 86_400}), &expect);
        let check = r.find("lifetime_too_long").expect("too long");
        assert!(check.message.contains("1 day"), "{}", check.message);
        let r = run(json!({"iat": NOW}), &expect);
        assert_eq!(outcome(&r, "lifetime_too_long"), Some(Outcome::Fail));
    }

    #[test]
    fn issuer_is_compared_exactly() {
        let expect = Expectations {
            iss: Some("https://issuer.example".into()),
            ..Expectations::default()
        };
        let r = run(json!({"iss": "https://issuer.example"}), &expect);
        assert_eq!(outcome(&r, "iss_match"), Some(Outcome::Pass));
        let r = run(json!({"iss": "https://ISSUER.example"}), &expect);
        assert_eq!(outcome(&r, "iss_mismatch"), Some(Outcome::Fail));
        let r = run(json!({"iss": 5}), &expect);
        assert_eq!(codes(&r).iter().filter(|c| c.starts_with("iss")).count(), 0);
        assert_eq!(outcome(&r, "invalid_type"), Some(Outcome::Fail));
        let r = run(json!({}), &expect);
        let check = r.find("missing_required").expect("missing");
        assert_eq!(check.claim, "iss");
    }

    #[test]
    fn audience_may_be_a_string_or_an_array() {
        let expect = Expectations {
            aud: Some("api".into()),
            ..Expectations::default()
        };
        let r = run(json!({"aud": "api"}), &expect);
        assert_eq!(outcome(&r, "aud_match"), Some(Outcome::Pass));
        let r = run(json!({"aud": ["web", "api"], "azp": "web"}), &expect);
        assert_eq!(outcome(&r, "aud_match"), Some(Outcome::Pass));
        let r = run(json!({"aud": ["web", "other"], "azp": "web"}), &expect);
        let check = r.find("aud_mismatch").expect("mismatch");
        assert!(
            check.message.contains("[\"web\", \"other\"]"),
            "{}",
            check.message
        );
        let r = run(json!({"aud": "API"}), &expect);
        assert_eq!(outcome(&r, "aud_mismatch"), Some(Outcome::Fail));
    }

    #[test]
    fn audience_of_another_type_is_invalid_type() {
        for (i, bad) in [json!(5), json!(["a", 5]), json!({"a": 1}), json!(null)]
            .into_iter()
            .enumerate()
        {
            let r = run(json!({"aud": bad}), &Expectations::default());
            let check = r.find("invalid_type").expect("invalid_type");
            assert_eq!(check.claim, "aud", "case {i}");
            let with_expect = run(
                json!({"aud": [1]}),
                &Expectations {
                    aud: Some("a".into()),
                    ..Expectations::default()
                },
            );
            assert!(with_expect.find("aud_mismatch").is_none(), "case {i}");
        }
    }

    #[test]
    fn azp_is_required_with_several_audiences_and_compared() {
        let expect = Expectations {
            azp: Some("web".into()),
            ..Expectations::default()
        };
        let r = run(json!({"aud": ["web", "api"], "azp": "web"}), &expect);
        assert_eq!(outcome(&r, "azp_match"), Some(Outcome::Pass));
        let r = run(json!({"aud": ["web", "api"], "azp": "evil"}), &expect);
        assert_eq!(outcome(&r, "azp_mismatch"), Some(Outcome::Fail));
        let r = run(json!({"aud": ["web", "api"]}), &expect);
        let check = r.find("azp_missing").expect("azp_missing");
        assert_eq!(check.outcome, Outcome::Fail);
        assert!(
            check.message.contains("several values"),
            "{}",
            check.message
        );
        // Without an expectation, a multi-audience token without azp is only noted.
        let r = run(json!({"aud": ["web", "api"]}), &Expectations::default());
        assert_eq!(outcome(&r, "azp_missing"), Some(Outcome::Info));
        assert!(r.passed());
        let r = run(json!({"aud": ["web"]}), &Expectations::default());
        assert!(r.find("azp_missing").is_none());
    }

    #[test]
    fn nonce_is_compared_exactly() {
        let expect = Expectations {
            nonce: Some("n-0S6_WzA2Mj".into()),
            ..Expectations::default()
        };
        let r = run(json!({"nonce": "n-0S6_WzA2Mj"}), &expect);
        assert_eq!(outcome(&r, "nonce_match"), Some(Outcome::Pass));
        let r = run(json!({"nonce": "other"}), &expect);
        assert_eq!(outcome(&r, "nonce_mismatch"), Some(Outcome::Fail));
        let r = run(json!({}), &expect);
        assert_eq!(
            r.find("missing_required").map(|c| c.claim.as_str()),
            Some("nonce")
        );
    }

    #[test]
    fn typ_is_compared_case_insensitively_with_optional_application_prefix() {
        let expect = |t: &str| Expectations {
            typ: Some(t.into()),
            ..Expectations::default()
        };
        let opts = ValidationOptions::at(NOW);
        for (i, (header_typ, expected, ok)) in [
            ("JWT", "jwt", true),
            ("at+jwt", "application/at+jwt", true),
            ("application/AT+JWT", "at+jwt", true),
            ("JWT", "at+jwt", false),
            ("application/jwt", "JWT", true),
        ]
        .into_iter()
        .enumerate()
        {
            let header = json!({ "typ": header_typ });
            let r = validate(Some(&header), &json!({}), None, &opts, &expect(expected));
            let code = if ok { "typ_match" } else { "typ_mismatch" };
            assert!(
                r.find(code).is_some(),
                "case {i}: {header_typ} vs {expected}"
            );
        }
        let r = validate(Some(&json!({})), &json!({}), None, &opts, &expect("JWT"));
        assert_eq!(outcome(&r, "typ_mismatch"), Some(Outcome::Fail));
        let r = validate(None, &json!({}), None, &opts, &expect("JWT"));
        assert_eq!(outcome(&r, "typ_mismatch"), Some(Outcome::Fail));
        let r = validate(
            Some(&json!({"typ": 1})),
            &json!({}),
            None,
            &opts,
            &expect("JWT"),
        );
        assert_eq!(outcome(&r, "invalid_type"), Some(Outcome::Fail));
    }

    #[test]
    fn required_claims_must_be_present_and_are_reported_once() {
        let expect = Expectations {
            required: vec!["sub".into(), "jti".into(), "iss".into()],
            iss: Some("x".into()),
            ..Expectations::default()
        };
        let r = run(json!({"sub": "alice"}), &expect);
        assert_eq!(outcome(&r, "present"), Some(Outcome::Pass));
        let missing: Vec<&str> = r
            .checks
            .iter()
            .filter(|c| c.code == "missing_required")
            .map(|c| c.claim.as_str())
            .collect();
        assert_eq!(missing, ["iss", "jti"]);
        // A claim set to null is present.
        let r = run(json!({"sub": null, "jti": "1", "iss": "x"}), &expect);
        assert!(r.find("missing_required").is_none(), "{:?}", r.checks);
    }

    mod oidc_core {
        use super::*;
        #[cfg(target_arch = "wasm32")]
        use wasm_bindgen_test::wasm_bindgen_test as test;

        /// OpenID Connect Core 1.0 Appendix A.3: access token and at_hash of an RS256 ID token.
        #[test]
        fn a3_at_hash() {
            assert_eq!(
                oidc_half_hash(Alg::RS256, "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")
                    .as_deref(),
                Some("77QmUPtjPfzWtF2AnpK9RQ")
            );
        }

        /// OpenID Connect Core 1.0 Appendix A.4: authorization code and c_hash.
        #[test]
        fn a4_c_hash() {
            assert_eq!(
                oidc_half_hash(
                    Alg::RS256,
                    "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
                )
                .as_deref(),
                Some("LDktKdoQak3Pk0cnXxCltA")
            );
        }
    }

    #[test]
    fn half_hash_length_follows_the_algorithm() {
        // Half of 32, 48, 64 bytes → 16, 24, 32 bytes → 22, 32, 43 base64url characters.
        for (i, (alg, len)) in [
            (Alg::HS256, 22),
            (Alg::ES384, 32),
            (Alg::PS512, 43),
            (Alg::EdDSA, 43),
        ]
        .into_iter()
        .enumerate()
        {
            let h = oidc_half_hash(alg, "token").expect("hash");
            assert_eq!(h.len(), len, "case {i}: {alg}");
        }
        assert_eq!(oidc_half_hash(Alg::None, "token"), None);
        assert_eq!(
            oidc_half_hash(Alg::EdDSA, "token"),
            oidc_half_hash(Alg::RS512, "token")
        );
    }

    #[test]
    fn at_hash_and_c_hash_are_checked_against_the_given_values() {
        let claims =
            json!({"at_hash": "77QmUPtjPfzWtF2AnpK9RQ", "c_hash": "LDktKdoQak3Pk0cnXxCltA"});
        let good = Expectations {
            access_token: Some("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".into()),
            code: Some("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk".into()),
            ..Expectations::default()
        };
        let r = run(claims.clone(), &good);
        assert_eq!(outcome(&r, "at_hash_match"), Some(Outcome::Pass));
        assert_eq!(outcome(&r, "c_hash_match"), Some(Outcome::Pass));
        let bad = Expectations {
            access_token: Some("another-token".into()),
            code: Some("another-code".into()),
            ..Expectations::default()
        };
        let r = run(claims.clone(), &bad);
        let check = r.find("at_hash_mismatch").expect("at_hash_mismatch");
        let computed = oidc_half_hash(Alg::RS256, "another-token").expect("hash");
        assert!(check.message.contains(&computed), "{}", check.message);
        assert_eq!(outcome(&r, "c_hash_mismatch"), Some(Outcome::Fail));
        // Nothing to compare with.
        let r = run(claims.clone(), &Expectations::default());
        assert_eq!(outcome(&r, "at_hash_unchecked"), Some(Outcome::Info));
        assert_eq!(outcome(&r, "c_hash_unchecked"), Some(Outcome::Info));
        // A value but no claim.
        let r = run(json!({}), &good);
        assert_eq!(outcome(&r, "at_hash_absent"), Some(Outcome::Info));
        assert_eq!(outcome(&r, "c_hash_absent"), Some(Outcome::Info));
        // An algorithm without a hash.
        let r = validate(
            None,
            &claims,
            Some(Alg::None),
            &ValidationOptions::at(NOW),
            &good,
        );
        assert_eq!(outcome(&r, "at_hash_unchecked"), Some(Outcome::Info));
        let r = validate(None, &claims, None, &ValidationOptions::at(NOW), &good);
        assert_eq!(outcome(&r, "c_hash_unchecked"), Some(Outcome::Info));
    }

    #[test]
    fn other_typed_claims_are_type_checked() {
        for (i, (claims, name)) in [
            (json!({"sub": 42}), "sub"),
            (json!({"jti": 1}), "jti"),
            (json!({"azp": ["x"]}), "azp"),
            (json!({"nonce": 1}), "nonce"),
            (json!({"at_hash": 1}), "at_hash"),
            (json!({"c_hash": false}), "c_hash"),
            (json!({"acr": 0}), "acr"),
            (json!({"amr": "pwd"}), "amr"),
            (json!({"amr": ["pwd", 2]}), "amr"),
            (json!({"scope": ["a"]}), "scope"),
            (json!({"client_id": 1}), "client_id"),
            (json!({"sid": {}}), "sid"),
        ]
        .into_iter()
        .enumerate()
        {
            let r = run(claims, &Expectations::default());
            let check = r.find("invalid_type");
            assert!(
                check.is_some_and(|c| c.claim == name),
                "case {i}: {:?}",
                r.checks
            );
        }
        let r = run(
            json!({"amr": ["pwd", "otp"], "scope": "a b"}),
            &Expectations::default(),
        );
        assert!(r.passed());
    }

    #[test]
    fn a_payload_that_is_not_an_object_is_one_failure() {
        for (i, payload) in [json!([1, 2]), json!("text"), json!(null)]
            .into_iter()
            .enumerate()
        {
            let r = run(payload, &Expectations::default());
            assert_eq!(codes(&r), ["not_an_object"], "case {i}");
        }
    }

    #[test]
    fn default_expectations_check_nothing_beyond_times_and_types() {
        let e = Expectations::default();
        assert!(e.iss.is_none() && e.aud.is_none() && e.azp.is_none() && e.nonce.is_none());
        assert!(e.typ.is_none() && e.required.is_empty() && e.max_lifetime.is_none());
        let r = run(
            json!({"iss": "a", "aud": "b", "sub": "c", "exp": NOW + 10}),
            &e,
        );
        assert_eq!(codes(&r), ["not_expired"]);
        assert_eq!(ValidationOptions::at(5).leeway, 0);
    }

    #[test]
    fn describe_relative_follows_the_documented_rules() {
        for (i, (delta, text)) in [
            (0, "now"),
            (1, "in 1 s"),
            (45, "in 45 s"),
            (59, "in 59 s"),
            (60, "in 1 min"),
            (-180, "3 min ago"),
            (-(3 * 60 + 59), "3 min ago"),
            (3600, "in 1 h"),
            (3600 + 5 * 60, "in 1 h 5 min"),
            (4 * 3600 + 12 * 60 + 30, "in 4 h 12 min"),
            (-86_400, "1 day ago"),
            (-2 * 86_400, "2 days ago"),
            (2 * 86_400 + 3 * 3600, "in 2 days 3 h"),
            (10 * 86_400 + 5 * 3600, "in 10 days"),
            (-400 * 86_400, "1 year ago"),
            (3 * 365 * 86_400, "in 3 years"),
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(
                describe_relative(NOW + delta, NOW),
                text,
                "case {i}: {delta}"
            );
        }
    }

    #[test]
    fn describe_relative_survives_extreme_values() {
        assert!(describe_relative(i64::MAX, i64::MIN).starts_with("in "));
        assert!(describe_relative(i64::MIN, i64::MAX).ends_with(" ago"));
    }

    #[test]
    fn format_utc_handles_epoch_recent_negative_and_extreme_times() {
        for (i, (t, text)) in [
            (0, "1970-01-01 00:00:00 UTC"),
            (1_700_000_000, "2023-11-14 22:13:20 UTC"),
            (-1, "1969-12-31 23:59:59 UTC"),
            (-86_400 * 365, "1969-01-01 00:00:00 UTC"),
            (951_782_400, "2000-02-29 00:00:00 UTC"),
            (MAX_NUMERIC_DATE, "9999-12-31 23:59:59 UTC"),
            (MIN_NUMERIC_DATE, "0000-01-01 00:00:00 UTC"),
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(format_utc(t), text, "case {i}: {t}");
        }
        assert_eq!(
            format_utc(i64::MAX),
            "9223372036854775807 s (outside the years 0000 to 9999)"
        );
        assert!(format_utc(i64::MIN).contains("outside"));
    }

    #[test]
    fn timeline_fraction_places_times_in_order_and_never_returns_nan() {
        let t = Timeline::new(Some(NOW - 100), Some(NOW - 100), Some(NOW + 900), NOW, 0);
        let iat = t.fraction(NOW - 100).expect("iat");
        let now = t.fraction(NOW).expect("now");
        let exp = t.fraction(NOW + 900).expect("exp");
        assert!(
            0.0 < iat && iat < now && now < exp && exp < 1.0,
            "{iat} {now} {exp}"
        );
        assert_eq!(t.fraction(NOW - 1_000_000), None);
        // Degenerate: everything at one instant.
        let t = Timeline::new(Some(NOW), Some(NOW), Some(NOW), NOW, 0);
        assert_eq!(t.fraction(NOW), Some(0.5));
        let (lo, hi) = t.bounds();
        assert_eq!((lo, hi), (NOW - 60, NOW + 60));
        // Extremes.
        let t = Timeline::new(
            None,
            Some(MIN_NUMERIC_DATE),
            Some(MAX_NUMERIC_DATE),
            i64::MAX,
            i64::MAX,
        );
        for x in [i64::MIN, MIN_NUMERIC_DATE, 0, MAX_NUMERIC_DATE, i64::MAX] {
            if let Some(f) = t.fraction(x) {
                assert!(f.is_finite() && (0.0..=1.0).contains(&f), "{x} → {f}");
            }
        }
        let t = Timeline::new(None, None, None, NOW, 0);
        assert_eq!(t.state, TokenState::NoExpiry);
        assert_eq!(t.fraction(NOW), Some(0.5));
    }

    #[test]
    fn timeline_scale_includes_the_leeway_bands() {
        let t = Timeline::new(None, Some(NOW), Some(NOW + 1000), NOW, 300);
        let (lo, hi) = t.bounds();
        assert!(lo < NOW - 300 && hi > NOW + 1300, "{lo} {hi}");
    }
}
