//! PKCE (RFC 7636), `state` and `nonce` values, and authorization request URLs (RFC 6749
//! §4.1.1, OpenID Connect Core §3.1.2.1, RFC 8707).
//!
//! Every function that takes text a person typed returns a [`Result`] with an exact reason (which
//! length, which character at which position); nothing here panics on input. Randomness comes
//! from the caller's [`CryptoRngCore`] (in the app and CLI, `rand_core::OsRng`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest allowed `code_verifier`, in characters (RFC 7636 §4.1).
pub const VERIFIER_MIN_LEN: usize = 43;
/// Longest allowed `code_verifier`, in characters (RFC 7636 §4.1).
pub const VERIFIER_MAX_LEN: usize = 128;
/// Length of an S256 `code_challenge`: a 32-byte SHA-256 digest in unpadded base64url.
pub const S256_CHALLENGE_LEN: usize = 43;

/// The 66 "unreserved" characters a `code_verifier` may use (RFC 3986 §2.3, RFC 7636 §4.1).
pub const UNRESERVED: &[u8; 66] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// Random bytes behind [`random_state`] and [`random_nonce`]: 32 bytes (256 bits, twice the
/// 128 bits asked for), giving 43 base64url characters.
const RANDOM_VALUE_BYTES: usize = 32;

/// A `code_challenge_method` (RFC 7636 §4.3); names are case-sensitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// `BASE64URL(SHA256(ASCII(code_verifier)))`, the method clients should use.
    #[serde(rename = "S256")]
    S256,
    /// The challenge is the verifier itself; only for clients that cannot hash.
    #[serde(rename = "plain")]
    Plain,
}

impl Method {
    /// The registered name: `"S256"` or `"plain"`.
    pub fn name(self) -> &'static str {
        match self {
            Method::S256 => "S256",
            Method::Plain => "plain",
        }
    }

    /// Parses a registered name, case-sensitively (`"s256"` is not a method).
    pub fn parse(name: &str) -> Option<Method> {
        match name {
            "S256" => Some(Method::S256),
            "plain" => Some(Method::Plain),
            _ => None,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with a PKCE value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PkceError {
    /// [`generate_verifier`] was asked for a length outside 43..=128.
    #[error("a code_verifier must be 43 to 128 characters long; {len} characters were requested")]
    RequestedLength {
        /// The requested length.
        len: usize,
    },
    /// The verifier has fewer than 43 characters.
    #[error("the code_verifier is {len} characters long; it must be at least 43 (RFC 7636 §4.1)")]
    VerifierTooShort {
        /// Its length in characters.
        len: usize,
    },
    /// The verifier has more than 128 characters.
    #[error("the code_verifier is {len} characters long; it must be at most 128 (RFC 7636 §4.1)")]
    VerifierTooLong {
        /// Its length in characters.
        len: usize,
    },
    /// The verifier contains a character outside [`UNRESERVED`].
    #[error("the code_verifier has {} at position {position}; only A-Z, a-z, 0-9 and - . _ ~ are allowed (RFC 7636 §4.1)", describe_char(*.ch))]
    VerifierCharacter {
        /// The character.
        ch: char,
        /// Its position, counting characters from 1.
        position: usize,
    },
    /// The challenge cannot have come from any valid verifier with this method.
    #[error("the {method} code_challenge is malformed: {detail}")]
    ChallengeMalformed {
        /// The method the challenge was checked for.
        method: Method,
        /// What is wrong, as a sentence fragment.
        detail: String,
    },
    /// The verifier is valid but does not produce the challenge.
    #[error("the code_verifier does not match the code_challenge: with method {method} it gives \"{computed}\"")]
    Mismatch {
        /// The method used.
        method: Method,
        /// The challenge the verifier actually gives.
        computed: String,
    },
    /// The random number generator failed.
    #[error("the random number generator failed: {reason}")]
    Random {
        /// What it reported.
        reason: String,
    },
}

impl PkceError {
    /// Stable snake_case code for the UI, the CLI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            PkceError::RequestedLength { .. } => "requested_length",
            PkceError::VerifierTooShort { .. } => "verifier_too_short",
            PkceError::VerifierTooLong { .. } => "verifier_too_long",
            PkceError::VerifierCharacter { .. } => "verifier_character",
            PkceError::ChallengeMalformed { .. } => "challenge_malformed",
            PkceError::Mismatch { .. } => "mismatch",
            PkceError::Random { .. } => "random_failure",
        }
    }
}

/// A character for a message: `"%"` in quotes, or a name for invisible ones.
fn describe_char(ch: char) -> String {
    match ch {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_control() || c.is_whitespace() => {
            format!("the invisible character U+{:04X}", u32::from(c))
        }
        c if c.is_ascii() => format!("'{c}'"),
        c => format!("'{c}' (U+{:04X})", u32::from(c)),
    }
}

/// Maps one random byte to an unreserved character, or rejects it.
///
/// 256 = 3 × 66 + 58: bytes 0..198 map three-to-one onto the 66 characters and bytes 198..256
/// are rejected, so every character is exactly equally likely (no modulo bias).
fn sample_unreserved(byte: u8) -> Option<char> {
    const LIMIT: u8 = 3 * 66;
    if byte >= LIMIT {
        return None;
    }
    UNRESERVED
        .get(usize::from(byte) % UNRESERVED.len())
        .map(|b| char::from(*b))
}

/// Generates a `code_verifier` of `len` characters (43..=128) drawn uniformly from the 66
/// unreserved characters by rejection sampling. Each character carries log2(66) ≈ 6.04 bits, so
/// 43 characters carry about 260 bits.
pub fn generate_verifier(len: usize, rng: &mut impl CryptoRngCore) -> Result<String, PkceError> {
    if !(VERIFIER_MIN_LEN..=VERIFIER_MAX_LEN).contains(&len) {
        return Err(PkceError::RequestedLength { len });
    }
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    // Each round yields about 49 characters; a generator that keeps returning rejected bytes is
    // broken, and this bound turns that into an error instead of an endless loop.
    for _ in 0..1_000 {
        rng.try_fill_bytes(&mut buf)
            .map_err(|e| PkceError::Random {
                reason: e.to_string(),
            })?;
        for ch in buf.iter().filter_map(|b| sample_unreserved(*b)) {
            out.push(ch);
            if out.len() == len {
                return Ok(out);
            }
        }
    }
    Err(PkceError::Random {
        reason: "it kept returning bytes outside the accepted range".to_owned(),
    })
}

/// Checks that `verifier` is 43..=128 unreserved characters (RFC 7636 §4.1). The length is
/// checked first, then each character.
pub fn validate_verifier(verifier: &str) -> Result<(), PkceError> {
    let len = verifier.chars().count();
    if len < VERIFIER_MIN_LEN {
        return Err(PkceError::VerifierTooShort { len });
    }
    if len > VERIFIER_MAX_LEN {
        return Err(PkceError::VerifierTooLong { len });
    }
    match first_bad_char(verifier) {
        Some((position, ch)) => Err(PkceError::VerifierCharacter { ch, position }),
        None => Ok(()),
    }
}

/// The first character outside [`UNRESERVED`], with its 1-based position.
fn first_bad_char(s: &str) -> Option<(usize, char)> {
    s.chars()
        .zip(1..)
        .find(|(c, _)| !c.is_ascii() || !UNRESERVED.contains(&(*c as u8)))
        .map(|(c, position)| (position, c))
}

/// The `code_challenge` for `verifier` (RFC 7636 §4.2), after validating the verifier.
pub fn challenge(verifier: &str, method: Method) -> Result<String, PkceError> {
    validate_verifier(verifier)?;
    Ok(match method {
        Method::S256 => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
        Method::Plain => verifier.to_owned(),
    })
}

/// Checks that `challenge` has the form `method` produces: 43 base64url characters encoding 32
/// bytes for S256; a valid verifier for plain.
pub fn validate_challenge(challenge: &str, method: Method) -> Result<(), PkceError> {
    let malformed = |detail: String| PkceError::ChallengeMalformed { method, detail };
    let len = challenge.chars().count();
    match method {
        Method::S256 => {
            if challenge.contains('=') {
                return Err(malformed(
                    "it has '=' padding; an S256 challenge is unpadded base64url".to_owned(),
                ));
            }
            if len != S256_CHALLENGE_LEN {
                return Err(malformed(format!(
                    "it is {len} characters long; an S256 challenge is exactly 43 base64url characters (a SHA-256 digest)"
                )));
            }
            let bad = challenge
                .chars()
                .zip(1..)
                .find(|(c, _)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
            if let Some((c, position)) = bad {
                let hint = if c == '+' || c == '/' {
                    " (standard base64 instead of base64url?)"
                } else {
                    ""
                };
                return Err(malformed(format!(
                    "it has {} at position {position}, which is not a base64url character{hint}",
                    describe_char(c)
                )));
            }
            if URL_SAFE_NO_PAD.decode(challenge).is_err() {
                return Err(malformed(
                    "its last character leaves stray bits set, so it is not the encoding of a SHA-256 digest".to_owned(),
                ));
            }
            Ok(())
        }
        Method::Plain => match validate_verifier(challenge) {
            Ok(()) => Ok(()),
            Err(PkceError::VerifierCharacter { ch, position }) => Err(malformed(format!(
                "it has {} at position {position}; a plain challenge is the verifier itself and may only use A-Z, a-z, 0-9 and - . _ ~",
                describe_char(ch)
            ))),
            Err(_) => Err(malformed(format!(
                "it is {len} characters long; a plain challenge is the verifier itself and must be 43 to 128 characters"
            ))),
        },
    }
}

/// Checks a verifier against a challenge, as the authorization server does at the token
/// endpoint (RFC 7636 §4.6): the verifier is validated, then the challenge, then compared (in
/// constant time) with the challenge the verifier gives.
pub fn check(verifier: &str, challenge: &str, method: Method) -> Result<(), PkceError> {
    validate_verifier(verifier)?;
    validate_challenge(challenge, method)?;
    let computed = self::challenge(verifier, method)?;
    if bool::from(computed.as_bytes().ct_eq(challenge.as_bytes())) {
        Ok(())
    } else {
        Err(PkceError::Mismatch { method, computed })
    }
}

/// A fresh `state` value (RFC 6749 §10.12): 256 random bits as 43 base64url characters.
pub fn random_state(rng: &mut impl CryptoRngCore) -> String {
    random_value(rng)
}

/// A fresh `nonce` value (OpenID Connect Core §15.5.2): 256 random bits as 43 base64url
/// characters.
pub fn random_nonce(rng: &mut impl CryptoRngCore) -> String {
    random_value(rng)
}

fn random_value(rng: &mut impl CryptoRngCore) -> String {
    let mut bytes = [0u8; RANDOM_VALUE_BYTES];
    rng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// An authorization request (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2.1, RFC 7636 §4.3,
/// RFC 8707). Optional values that are `None` or empty are left out of the URL (RFC 6749 §3.1:
/// a parameter without a value is treated as omitted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizeRequest {
    /// The authorization endpoint, `https://` or `http://`; it may carry a query, never a
    /// fragment.
    pub endpoint: String,
    /// `client_id` (required).
    pub client_id: String,
    /// `redirect_uri`.
    pub redirect_uri: Option<String>,
    /// `scope`, space-separated (`"openid profile"`).
    pub scope: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `nonce` (OpenID Connect).
    pub nonce: Option<String>,
    /// `code_challenge` (RFC 7636).
    pub code_challenge: Option<String>,
    /// `code_challenge_method`; needs a `code_challenge`.
    pub code_challenge_method: Option<Method>,
    /// `response_type` (required), usually `"code"`.
    pub response_type: String,
    /// `response_mode` (`"query"`, `"fragment"`, `"form_post"`).
    pub response_mode: Option<String>,
    /// `prompt` (`"login"`, `"consent"`, `"none"`, …).
    pub prompt: Option<String>,
    /// `login_hint`.
    pub login_hint: Option<String>,
    /// `resource` indicators (RFC 8707), each sent as its own `resource` parameter.
    pub resource: Vec<String>,
    /// Any other parameters, in order.
    pub extra: Vec<(String, String)>,
}

impl AuthorizeRequest {
    /// A request for `response_type=code` with nothing else set.
    pub fn new(endpoint: impl Into<String>, client_id: impl Into<String>) -> AuthorizeRequest {
        AuthorizeRequest {
            endpoint: endpoint.into(),
            client_id: client_id.into(),
            response_type: "code".to_owned(),
            ..AuthorizeRequest::default()
        }
    }
}

/// Why an authorization URL cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// The endpoint is empty.
    #[error("the authorization endpoint is empty")]
    EmptyEndpoint,
    /// The endpoint has no `scheme://`.
    #[error(
        "the authorization endpoint is not an absolute URL; it must start with https:// or http://"
    )]
    NotAbsolute,
    /// The scheme is not http or https.
    #[error(
        "the authorization endpoint uses the scheme \"{scheme}\"; only https and http are allowed"
    )]
    UnsupportedScheme {
        /// The scheme found.
        scheme: String,
    },
    /// Nothing between `://` and the path.
    #[error("the authorization endpoint has no host")]
    MissingHost,
    /// The endpoint contains `#`.
    #[error("the authorization endpoint has a fragment (\"#…\"), which RFC 6749 §3.1 forbids")]
    EndpointFragment,
    /// Whitespace or a control character in the endpoint.
    #[error("the authorization endpoint has {} at position {position}; a URL cannot contain it", describe_char(*.ch))]
    EndpointCharacter {
        /// The character.
        ch: char,
        /// Its position, counting characters from 1.
        position: usize,
    },
    /// `client_id` is empty.
    #[error("client_id is empty; every authorization request needs one (RFC 6749 §4.1.1)")]
    MissingClientId,
    /// `response_type` is empty.
    #[error("response_type is empty; every authorization request needs one (RFC 6749 §3.1.1)")]
    MissingResponseType,
    /// A parameter would appear twice.
    #[error(
        "the parameter \"{name}\" would appear twice; RFC 6749 §3.1 allows each parameter once"
    )]
    DuplicateParameter {
        /// The parameter name.
        name: String,
    },
    /// An extra parameter has an empty name.
    #[error("an extra parameter has an empty name")]
    EmptyParameterName,
    /// `code_challenge_method` without `code_challenge`.
    #[error("code_challenge_method is set but code_challenge is empty")]
    MethodWithoutChallenge,
}

impl UrlError {
    /// Stable snake_case code for the UI, the CLI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            UrlError::EmptyEndpoint => "empty_endpoint",
            UrlError::NotAbsolute => "not_absolute",
            UrlError::UnsupportedScheme { .. } => "unsupported_scheme",
            UrlError::MissingHost => "missing_host",
            UrlError::EndpointFragment => "endpoint_fragment",
            UrlError::EndpointCharacter { .. } => "endpoint_character",
            UrlError::MissingClientId => "missing_client_id",
            UrlError::MissingResponseType => "missing_response_type",
            UrlError::DuplicateParameter { .. } => "duplicate_parameter",
            UrlError::EmptyParameterName => "empty_parameter_name",
            UrlError::MethodWithoutChallenge => "method_without_challenge",
        }
    }
}

/// Checks the endpoint and returns the query already on it (empty when none).
fn check_endpoint(endpoint: &str) -> Result<&str, UrlError> {
    if endpoint.is_empty() {
        return Err(UrlError::EmptyEndpoint);
    }
    if endpoint.contains('#') {
        return Err(UrlError::EndpointFragment);
    }
    if let Some((ch, position)) = endpoint
        .chars()
        .zip(1..)
        .find(|(c, _)| c.is_whitespace() || c.is_control())
    {
        return Err(UrlError::EndpointCharacter { ch, position });
    }
    let Some((scheme, rest)) = endpoint.split_once(':') else {
        return Err(UrlError::NotAbsolute);
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(UrlError::NotAbsolute);
    }
    let lower = scheme.to_ascii_lowercase();
    if lower != "https" && lower != "http" {
        return Err(UrlError::UnsupportedScheme {
            scheme: scheme.to_owned(),
        });
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Err(UrlError::NotAbsolute);
    };
    let authority = after.split(['/', '?']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err(UrlError::MissingHost);
    }
    Ok(endpoint.split_once('?').map_or("", |(_, q)| q))
}

/// Builds the authorization URL: the endpoint, then `response_type`, `client_id`,
/// `redirect_uri`, `scope`, `state`, `nonce`, `code_challenge`, `code_challenge_method`,
/// `response_mode`, `prompt`, `login_hint`, each `resource`, then `extra`, all encoded as
/// `application/x-www-form-urlencoded` (RFC 6749 Appendix B: space as `+`, everything but
/// `A-Z a-z 0-9 * - . _` percent-encoded as UTF-8).
///
/// An endpoint that already has a query keeps it and gets `&` before the new parameters. A
/// parameter may appear only once across the endpoint's query and the request, except
/// `resource` (RFC 8707 §2).
pub fn build_authorize_url(req: &AuthorizeRequest) -> Result<String, UrlError> {
    let existing = check_endpoint(&req.endpoint)?;
    if req.client_id.is_empty() {
        return Err(UrlError::MissingClientId);
    }
    if req.response_type.is_empty() {
        return Err(UrlError::MissingResponseType);
    }
    let challenge = req.code_challenge.as_deref().filter(|c| !c.is_empty());
    if req.code_challenge_method.is_some() && challenge.is_none() {
        return Err(UrlError::MethodWithoutChallenge);
    }

    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", req.response_type.as_str()),
        ("client_id", req.client_id.as_str()),
    ];
    let optional = [
        ("redirect_uri", req.redirect_uri.as_deref()),
        ("scope", req.scope.as_deref()),
        ("state", req.state.as_deref()),
        ("nonce", req.nonce.as_deref()),
        ("code_challenge", challenge),
        (
            "code_challenge_method",
            req.code_challenge_method.map(Method::name),
        ),
        ("response_mode", req.response_mode.as_deref()),
        ("prompt", req.prompt.as_deref()),
        ("login_hint", req.login_hint.as_deref()),
    ];
    params.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    params.extend(req.resource.iter().map(|r| ("resource", r.as_str())));
    for (name, value) in &req.extra {
        if name.is_empty() {
            return Err(UrlError::EmptyParameterName);
        }
        params.push((name.as_str(), value.as_str()));
    }
    params.retain(|(_, v)| !v.is_empty());

    let mut seen: Vec<String> = form_urlencoded::parse(existing.as_bytes())
        .map(|(k, _)| k.into_owned())
        .collect();
    for (name, _) in &params {
        if *name != "resource" && seen.iter().any(|s| s == name) {
            return Err(UrlError::DuplicateParameter {
                name: (*name).to_owned(),
            });
        }
        seen.push((*name).to_owned());
    }

    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &params {
        query.append_pair(name, value);
    }
    let query = query.finish();
    let separator = if !req.endpoint.contains('?') {
        "?"
    } else if existing.is_empty() || existing.ends_with('&') {
        ""
    } else {
        "&"
    };
    Ok(format!("{}{separator}{query}", req.endpoint))
}

/// Decodes the query of a URL (between `?` and `#`) into name/value pairs, in order, with `+`
/// and percent-escapes decoded. Input without `?` is read as a bare query unless it contains
/// `://` (a URL without a query gives no pairs).
pub fn parse_query(url: &str) -> Vec<(String, String)> {
    let without_fragment = url.split('#').next().unwrap_or("");
    let query = match without_fragment.split_once('?') {
        Some((_, q)) => q,
        None if url.contains("://") => "",
        None => without_fragment,
    };
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{CryptoRng, OsRng, RngCore};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A test generator that repeats a fixed byte script.
    struct Script {
        bytes: Vec<u8>,
        at: usize,
    }

    impl Script {
        fn new(bytes: &[u8]) -> Script {
            Script {
                bytes: bytes.to_vec(),
                at: 0,
            }
        }
    }

    impl RngCore for Script {
        fn next_u32(&mut self) -> u32 {
            let mut b = [0; 4];
            self.fill_bytes(&mut b);
            u32::from_le_bytes(b)
        }
        fn next_u64(&mut self) -> u64 {
            let mut b = [0; 8];
            self.fill_bytes(&mut b);
            u64::from_le_bytes(b)
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            for d in dest {
                *d = self.bytes[self.at % self.bytes.len()];
                self.at += 1;
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }

    // Test-only: the script is not random, but the API demands the marker.
    impl CryptoRng for Script {}

    /// A generator that always fails.
    struct Broken;

    impl RngCore for Broken {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, _: &mut [u8]) {}
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), rand_core::Error> {
            Err(rand_core::Error::from(
                std::num::NonZeroU32::new(rand_core::Error::CUSTOM_START).expect("nonzero"),
            ))
        }
    }

    impl CryptoRng for Broken {}

    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    mod rfc7636 {
        use super::*;
        #[cfg(target_arch = "wasm32")]
        use wasm_bindgen_test::wasm_bindgen_test as test;

        /// RFC 7636 Appendix B: the 32 octets, the verifier, the digest and the challenge.
        #[test]
        fn appendix_b() {
            let octets: [u8; 32] = [
                116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22,
                212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
            ];
            assert_eq!(URL_SAFE_NO_PAD.encode(octets), RFC_VERIFIER);
            let digest: [u8; 32] = [
                19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120,
                173, 109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195,
            ];
            assert_eq!(
                Sha256::digest(RFC_VERIFIER.as_bytes()).to_vec(),
                digest.to_vec()
            );
            assert_eq!(
                challenge(RFC_VERIFIER, Method::S256).as_deref(),
                Ok(RFC_CHALLENGE)
            );
            assert_eq!(check(RFC_VERIFIER, RFC_CHALLENGE, Method::S256), Ok(()));
        }

        /// A mistyped copy of the Appendix B challenge (44 characters) is malformed, not a
        /// mismatch.
        #[test]
        fn a_44_character_challenge_is_malformed() {
            let err = check(
                RFC_VERIFIER,
                "E9Melhoa2OwvFrYMtQ_0bDOyKGHHYWGw0WnY9_HqnBgA",
                Method::S256,
            )
            .expect_err("44 characters");
            assert_eq!(err.code(), "challenge_malformed");
            assert!(err.to_string().contains("44 characters"), "{err}");
        }
    }

    #[test]
    fn plain_challenge_is_the_verifier_itself() {
        assert_eq!(
            challenge(RFC_VERIFIER, Method::Plain).as_deref(),
            Ok(RFC_VERIFIER)
        );
        assert_eq!(check(RFC_VERIFIER, RFC_VERIFIER, Method::Plain), Ok(()));
    }

    #[test]
    fn verifier_length_bounds_are_43_and_128() {
        let v = |n: usize| "a".repeat(n);
        assert_eq!(
            validate_verifier(&v(42)),
            Err(PkceError::VerifierTooShort { len: 42 })
        );
        assert_eq!(validate_verifier(&v(43)), Ok(()));
        assert_eq!(validate_verifier(&v(128)), Ok(()));
        assert_eq!(
            validate_verifier(&v(129)),
            Err(PkceError::VerifierTooLong { len: 129 })
        );
        assert_eq!(
            PkceError::VerifierTooShort { len: 42 }.to_string(),
            "the code_verifier is 42 characters long; it must be at least 43 (RFC 7636 §4.1)"
        );
        assert_eq!(
            challenge(&v(129), Method::S256).map_err(|e| e.code()),
            Err("verifier_too_long")
        );
    }

    #[test]
    fn generated_verifiers_have_the_requested_length_and_valid_characters() {
        for (i, len) in [43, 64, 128].into_iter().enumerate() {
            let v = generate_verifier(len, &mut OsRng).expect("generate");
            assert_eq!(v.len(), len, "case {i}");
            assert_eq!(validate_verifier(&v), Ok(()), "case {i}");
        }
        for (i, len) in [0, 42, 129, 10_000].into_iter().enumerate() {
            let err = generate_verifier(len, &mut OsRng).expect_err("bad length");
            assert_eq!(err, PkceError::RequestedLength { len }, "case {i}");
            assert_eq!(err.code(), "requested_length");
        }
    }

    #[test]
    fn every_unreserved_character_is_equally_likely_per_byte() {
        let mut counts = [0u32; 66];
        let mut rejected = 0;
        for byte in 0..=255u8 {
            match sample_unreserved(byte) {
                Some(c) => {
                    let i = UNRESERVED
                        .iter()
                        .position(|u| char::from(*u) == c)
                        .expect("unreserved");
                    counts[i] += 1;
                }
                None => rejected += 1,
            }
        }
        assert!(counts.iter().all(|c| *c == 3), "{counts:?}");
        assert_eq!(rejected, 256 - 198);
    }

    #[test]
    fn all_66_characters_appear_over_many_draws() {
        let mut seen = [false; 66];
        for _ in 0..100 {
            let v = generate_verifier(128, &mut OsRng).expect("generate");
            for b in v.bytes() {
                let i = UNRESERVED.iter().position(|u| *u == b).expect("unreserved");
                seen[i] = true;
            }
        }
        let missing: String = UNRESERVED
            .iter()
            .zip(seen)
            .filter(|(_, s)| !s)
            .map(|(u, _)| char::from(*u))
            .collect();
        assert!(missing.is_empty(), "never drawn: {missing}");
    }

    #[test]
    fn bytes_above_the_limit_are_rejected_not_folded() {
        // 198..=255 are rejected; 0 → 'A', 66 → 'A', 65 → '~', 197 → '~'.
        let mut rng = Script::new(&[198, 255, 0, 66, 65, 197]);
        let v = generate_verifier(43, &mut rng).expect("generate");
        assert!(v.starts_with("AA~~AA~~"), "{v}");
    }

    #[test]
    fn a_broken_generator_is_an_error_not_a_hang() {
        let err = generate_verifier(43, &mut Script::new(&[255])).expect_err("all rejected");
        assert_eq!(err.code(), "random_failure");
        let err = generate_verifier(43, &mut Broken).expect_err("failing rng");
        assert_eq!(err.code(), "random_failure");
    }

    #[test]
    fn a_disallowed_character_is_named_with_its_position() {
        let mut v = "a".repeat(50);
        v.replace_range(9..10, "%");
        let err = validate_verifier(&v).expect_err("percent");
        assert_eq!(
            err,
            PkceError::VerifierCharacter {
                ch: '%',
                position: 10
            }
        );
        assert_eq!(
            err.to_string(),
            "the code_verifier has '%' at position 10; only A-Z, a-z, 0-9 and - . _ ~ are allowed (RFC 7636 §4.1)"
        );
        assert_eq!(err.code(), "verifier_character");
        let err = validate_verifier(&format!("é{}", "a".repeat(50))).expect_err("accent");
        assert!(
            err.to_string().contains("'é' (U+00E9) at position 1"),
            "{err}"
        );
        let err = validate_verifier(&format!("{} b", "a".repeat(50))).expect_err("space");
        assert!(err.to_string().contains("a space at position 51"), "{err}");
        let err = validate_verifier(&format!("{}\u{7}", "a".repeat(50))).expect_err("bell");
        assert!(err.to_string().contains("U+0007"), "{err}");
        // Positions count characters, not bytes.
        let err = validate_verifier(&format!("{}ééé", "a".repeat(50))).expect_err("accent");
        assert_eq!(
            err,
            PkceError::VerifierCharacter {
                ch: 'é',
                position: 51
            }
        );
    }

    #[test]
    fn malformed_s256_challenges_are_explained() {
        let cases: [(String, &str); 6] = [
            (RFC_CHALLENGE[..42].to_owned(), "42 characters"),
            (format!("{RFC_CHALLENGE}A"), "44 characters"),
            (format!("{RFC_CHALLENGE}="), "padding"),
            (RFC_CHALLENGE.replace('-', "+"), "standard base64"),
            (RFC_CHALLENGE.replace('-', "!"), "'!' at position 41"),
            // 'M' ends the digest with two zero bits; 'N' sets one: not a 32-byte encoding.
            (RFC_CHALLENGE.replace("-cM", "-cN"), "stray bits"),
        ];
        for (i, (c, text)) in cases.iter().enumerate() {
            let err = check(RFC_VERIFIER, c, Method::S256).expect_err("malformed");
            assert_eq!(err.code(), "challenge_malformed", "case {i}");
            assert!(err.to_string().contains(text), "case {i}: {err}");
            assert!(
                err.to_string().starts_with("the S256 code_challenge"),
                "case {i}"
            );
        }
    }

    #[test]
    fn malformed_plain_challenges_are_explained() {
        let err = check(RFC_VERIFIER, "short", Method::Plain).expect_err("short");
        assert_eq!(err.code(), "challenge_malformed");
        assert!(err.to_string().contains("5 characters"), "{err}");
        let bad = format!("{}+", &RFC_VERIFIER[..43]);
        let err = check(RFC_VERIFIER, &bad, Method::Plain).expect_err("plus");
        assert!(err.to_string().contains("'+' at position 44"), "{err}");
    }

    #[test]
    fn mismatch_names_the_method_and_the_computed_challenge() {
        let other = "A".repeat(43);
        let err = check(&other, RFC_CHALLENGE, Method::S256).expect_err("mismatch");
        let computed = challenge(&other, Method::S256).expect("challenge");
        assert_eq!(
            err,
            PkceError::Mismatch {
                method: Method::S256,
                computed: computed.clone()
            }
        );
        assert_eq!(
            err.to_string(),
            format!("the code_verifier does not match the code_challenge: with method S256 it gives \"{computed}\"")
        );
        assert_eq!(err.code(), "mismatch");
        let err = check(&other, RFC_VERIFIER, Method::Plain).expect_err("plain mismatch");
        assert!(
            err.to_string()
                .contains("with method plain it gives \"AAAA"),
            "{err}"
        );
        // The S256 challenge of one verifier is not accepted as its plain challenge.
        assert!(check(RFC_VERIFIER, RFC_CHALLENGE, Method::Plain).is_err());
    }

    #[test]
    fn verifier_errors_come_before_challenge_errors() {
        let err = check("short", "also bad", Method::S256).expect_err("both bad");
        assert_eq!(err.code(), "verifier_too_short");
    }

    #[test]
    fn methods_use_their_registered_names() {
        assert_eq!(
            serde_json::to_string(&Method::S256).expect("json"),
            "\"S256\""
        );
        assert_eq!(
            serde_json::to_string(&Method::Plain).expect("json"),
            "\"plain\""
        );
        let m: Method = serde_json::from_str("\"plain\"").expect("json");
        assert_eq!(m, Method::Plain);
        assert!(serde_json::from_str::<Method>("\"s256\"").is_err());
        assert_eq!(Method::parse("S256"), Some(Method::S256));
        assert_eq!(Method::parse("PLAIN"), None);
        assert_eq!(Method::Plain.to_string(), "plain");
    }

    #[test]
    fn state_and_nonce_carry_256_random_bits() {
        let a = random_state(&mut OsRng);
        let b = random_state(&mut OsRng);
        let n = random_nonce(&mut OsRng);
        for (i, v) in [&a, &b, &n].into_iter().enumerate() {
            assert_eq!(v.len(), 43, "case {i}");
            assert_eq!(
                URL_SAFE_NO_PAD.decode(v).map(|b| b.len()),
                Ok(32),
                "case {i}"
            );
        }
        assert_ne!(a, b);
        assert_ne!(a, n);
    }

    fn request() -> AuthorizeRequest {
        AuthorizeRequest {
            redirect_uri: Some("https://app.example/cb".into()),
            scope: Some("openid profile".into()),
            state: Some("xyz".into()),
            ..AuthorizeRequest::new("https://as.example/authorize", "client-1")
        }
    }

    #[test]
    fn authorize_url_is_form_encoded_in_a_fixed_order() {
        let mut req = request();
        req.code_challenge = Some(RFC_CHALLENGE.into());
        req.code_challenge_method = Some(Method::S256);
        req.redirect_uri = Some("https://app.example/cb?x=1&y=2".into());
        assert_eq!(
            build_authorize_url(&req).as_deref(),
            Ok(concat!(
                "https://as.example/authorize?response_type=code&client_id=client-1",
                "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%26y%3D2",
                "&scope=openid+profile&state=xyz",
                "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "&code_challenge_method=S256"
            ))
        );
    }

    #[test]
    fn tricky_values_survive_a_round_trip() {
        let mut req = request();
        req.state = Some("a b&c=d+e#f%g/h?i".into());
        req.nonce = Some("ünï©ødé ✓ 日本".into());
        req.login_hint = Some("user+tag@example.com".into());
        req.prompt = Some("login consent".into());
        req.response_mode = Some("form_post".into());
        req.resource = vec![
            "https://api.example/".into(),
            "https://other.example/x?y=1".into(),
        ];
        req.extra = vec![("claims".into(), "{\"id_token\":{\"acr\":null}}".into())];
        let url = build_authorize_url(&req).expect("url");
        assert!(!url.contains(' ') && !url.contains('#'), "{url}");
        assert_eq!(url.matches('?').count(), 1, "{url}");
        let expected: Vec<(String, String)> = [
            ("response_type", "code"),
            ("client_id", "client-1"),
            ("redirect_uri", "https://app.example/cb"),
            ("scope", "openid profile"),
            ("state", "a b&c=d+e#f%g/h?i"),
            ("nonce", "ünï©ødé ✓ 日本"),
            ("response_mode", "form_post"),
            ("prompt", "login consent"),
            ("login_hint", "user+tag@example.com"),
            ("resource", "https://api.example/"),
            ("resource", "https://other.example/x?y=1"),
            ("claims", "{\"id_token\":{\"acr\":null}}"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(parse_query(&url), expected);
    }

    #[test]
    fn an_endpoint_with_a_query_gets_an_ampersand() {
        for (i, (endpoint, prefix)) in [
            (
                "https://as.example/auth?tenant=t1",
                "https://as.example/auth?tenant=t1&response_type=",
            ),
            (
                "https://as.example/auth?",
                "https://as.example/auth?response_type=",
            ),
            (
                "https://as.example/auth?tenant=t1&",
                "https://as.example/auth?tenant=t1&response_type=",
            ),
            (
                "http://localhost:8080",
                "http://localhost:8080?response_type=",
            ),
            (
                "HTTPS://AS.EXAMPLE/a",
                "HTTPS://AS.EXAMPLE/a?response_type=",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let req = AuthorizeRequest::new(endpoint, "c");
            let url = build_authorize_url(&req).expect("url");
            assert!(url.starts_with(prefix), "case {i}: {url}");
        }
        let url = build_authorize_url(&AuthorizeRequest::new(
            "https://as.example/auth?tenant=t1",
            "c",
        ))
        .expect("url");
        assert_eq!(
            parse_query(&url).first().map(|(k, _)| k.as_str()),
            Some("tenant")
        );
    }

    #[test]
    fn bad_endpoints_are_rejected_with_a_reason() {
        for (i, (endpoint, code)) in [
            ("", "empty_endpoint"),
            ("https://as.example/auth#frag", "endpoint_fragment"),
            ("ftp://as.example/auth", "unsupported_scheme"),
            ("javascript:alert(1)", "unsupported_scheme"),
            ("as.example/authorize", "not_absolute"),
            ("https:as.example", "not_absolute"),
            ("://as.example", "not_absolute"),
            ("https:///authorize", "missing_host"),
            ("https://:443/authorize", "missing_host"),
            ("https://as.example/auth orize", "endpoint_character"),
            ("https://as.example/\nauth", "endpoint_character"),
        ]
        .into_iter()
        .enumerate()
        {
            let err = build_authorize_url(&AuthorizeRequest::new(endpoint, "c"))
                .expect_err("bad endpoint");
            assert_eq!(err.code(), code, "case {i}: {endpoint:?} → {err}");
        }
        let err = build_authorize_url(&AuthorizeRequest::new("https://a.example/x y", "c"))
            .expect_err("space");
        assert_eq!(
            err.to_string(),
            "the authorization endpoint has a space at position 20; a URL cannot contain it"
        );
    }

    #[test]
    fn required_parameters_and_consistency_are_enforced() {
        let err = build_authorize_url(&AuthorizeRequest::new("https://a.example", ""))
            .expect_err("client_id");
        assert_eq!(err.code(), "missing_client_id");
        let mut req = request();
        req.response_type = String::new();
        assert_eq!(
            build_authorize_url(&req).map_err(|e| e.code()),
            Err("missing_response_type")
        );
        let mut req = request();
        req.code_challenge_method = Some(Method::S256);
        assert_eq!(
            build_authorize_url(&req).map_err(|e| e.code()),
            Err("method_without_challenge")
        );
        let mut req = request();
        req.extra = vec![(String::new(), "v".into())];
        assert_eq!(
            build_authorize_url(&req).map_err(|e| e.code()),
            Err("empty_parameter_name")
        );
    }

    #[test]
    fn a_parameter_may_not_appear_twice_except_resource() {
        let mut req = request();
        req.extra = vec![("state".into(), "again".into())];
        assert_eq!(
            build_authorize_url(&req),
            Err(UrlError::DuplicateParameter {
                name: "state".into()
            })
        );
        let mut req = request();
        req.endpoint = "https://as.example/authorize?client_id=x".into();
        assert_eq!(
            build_authorize_url(&req).map_err(|e| e.to_string()),
            Err("the parameter \"client_id\" would appear twice; RFC 6749 §3.1 allows each parameter once".into())
        );
        let mut req = request();
        req.endpoint = "https://as.example/authorize?resource=a".into();
        req.resource = vec!["b".into()];
        req.extra = vec![("resource".into(), "c".into())];
        let url = build_authorize_url(&req).expect("resource repeats");
        let resources: Vec<String> = parse_query(&url)
            .into_iter()
            .filter(|(k, _)| k == "resource")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(resources, ["a", "b", "c"]);
    }

    #[test]
    fn empty_optional_values_are_left_out() {
        let mut req = AuthorizeRequest::new("https://a.example", "c");
        req.scope = Some(String::new());
        req.code_challenge = Some(String::new());
        req.extra = vec![("foo".into(), String::new())];
        assert_eq!(
            build_authorize_url(&req).as_deref(),
            Ok("https://a.example?response_type=code&client_id=c")
        );
    }

    #[test]
    fn parse_query_reads_urls_and_bare_queries() {
        assert_eq!(
            parse_query("https://a.example/cb?code=x%2By&state=a+b#frag=1"),
            [
                ("code".to_owned(), "x+y".to_owned()),
                ("state".to_owned(), "a b".to_owned())
            ]
        );
        assert_eq!(parse_query("code=1"), [("code".to_owned(), "1".to_owned())]);
        assert!(parse_query("https://a.example/cb").is_empty());
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn url_errors_have_distinct_codes() {
        let all = [
            UrlError::EmptyEndpoint,
            UrlError::NotAbsolute,
            UrlError::UnsupportedScheme {
                scheme: "ftp".into(),
            },
            UrlError::MissingHost,
            UrlError::EndpointFragment,
            UrlError::EndpointCharacter {
                ch: ' ',
                position: 1,
            },
            UrlError::MissingClientId,
            UrlError::MissingResponseType,
            UrlError::DuplicateParameter { name: "x".into() },
            UrlError::EmptyParameterName,
            UrlError::MethodWithoutChallenge,
        ];
        for (i, e) in all.iter().enumerate() {
            let same = all.iter().filter(|o| o.code() == e.code()).count();
            assert_eq!(same, 1, "case {i}: {}", e.code());
            assert!(!e.to_string().contains("{"), "case {i}: {e}");
        }
    }
}
