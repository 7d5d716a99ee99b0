//! OAuth error codes and error responses: RFC 6749 §4.1.2.1 (authorization endpoint), §5.2
//! (token endpoint), RFC 8628 §3.5 (device polling), RFC 7009 §2.2.1 (revocation) and RFC 6750
//! §3.1 (resource servers), each with the HTTP status it is answered with.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::http::HttpMessage;
use super::{rfc, Spec};

/// An OAuth error code, serialised exactly as registered (`"invalid_grant"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// A required parameter is missing, a value is invalid or repeated, or the request is
    /// otherwise malformed (RFC 6749 §4.1.2.1, §5.2).
    InvalidRequest,
    /// Client authentication failed: unknown client, no authentication, or a wrong secret
    /// (RFC 6749 §5.2). Answered with 401.
    InvalidClient,
    /// The authorization grant or refresh token is invalid, expired, revoked, used, issued to
    /// another client, or does not match the redirect URI (RFC 6749 §5.2).
    InvalidGrant,
    /// The client is not allowed to use this grant type or response type (RFC 6749 §5.2).
    UnauthorizedClient,
    /// The grant type is not supported by the server (RFC 6749 §5.2).
    UnsupportedGrantType,
    /// The requested scope is invalid, unknown, or exceeds what was granted (RFC 6749 §5.2).
    InvalidScope,
    /// The resource owner (or the server) denied the request (RFC 6749 §4.1.2.1, RFC 8628 §3.5).
    AccessDenied,
    /// The server does not support this response type (RFC 6749 §4.1.2.1).
    UnsupportedResponseType,
    /// The server met an unexpected condition (RFC 6749 §4.1.2.1).
    ServerError,
    /// The server is temporarily unable to handle the request (RFC 6749 §4.1.2.1).
    TemporarilyUnavailable,
    /// The user has not yet approved the device (RFC 8628 §3.5): keep polling.
    AuthorizationPending,
    /// The device polls too fast (RFC 8628 §3.5): add 5 seconds to the interval.
    SlowDown,
    /// The device code has expired (RFC 8628 §3.5): start again.
    ExpiredToken,
    /// The server cannot revoke this type of token (RFC 7009 §2.2.1).
    UnsupportedTokenType,
    /// The access token is expired, revoked, malformed or invalid (RFC 6750 §3.1). Answered
    /// with 401.
    InvalidToken,
    /// The access token lacks the scope the resource needs (RFC 6750 §3.1). Answered with 403.
    InsufficientScope,
}

impl ErrorCode {
    /// Every code.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidClient,
        ErrorCode::InvalidGrant,
        ErrorCode::UnauthorizedClient,
        ErrorCode::UnsupportedGrantType,
        ErrorCode::InvalidScope,
        ErrorCode::AccessDenied,
        ErrorCode::UnsupportedResponseType,
        ErrorCode::ServerError,
        ErrorCode::TemporarilyUnavailable,
        ErrorCode::AuthorizationPending,
        ErrorCode::SlowDown,
        ErrorCode::ExpiredToken,
        ErrorCode::UnsupportedTokenType,
        ErrorCode::InvalidToken,
        ErrorCode::InsufficientScope,
    ];

    /// The registered value: `"invalid_request"`, `"slow_down"`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidClient => "invalid_client",
            ErrorCode::InvalidGrant => "invalid_grant",
            ErrorCode::UnauthorizedClient => "unauthorized_client",
            ErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            ErrorCode::InvalidScope => "invalid_scope",
            ErrorCode::AccessDenied => "access_denied",
            ErrorCode::UnsupportedResponseType => "unsupported_response_type",
            ErrorCode::ServerError => "server_error",
            ErrorCode::TemporarilyUnavailable => "temporarily_unavailable",
            ErrorCode::AuthorizationPending => "authorization_pending",
            ErrorCode::SlowDown => "slow_down",
            ErrorCode::ExpiredToken => "expired_token",
            ErrorCode::UnsupportedTokenType => "unsupported_token_type",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InsufficientScope => "insufficient_scope",
        }
    }

    /// Parses a registered value (case-sensitive).
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The HTTP status a JSON error response with this code carries: 401 for `invalid_client`
    /// and `invalid_token`, 403 for `insufficient_scope`, 500 for `server_error`, 503 for
    /// `temporarily_unavailable`, 400 for everything else (RFC 6749 §5.2, RFC 8628 §3.5,
    /// RFC 6750 §3.1).
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidClient | ErrorCode::InvalidToken => 401,
            ErrorCode::InsufficientScope => 403,
            ErrorCode::ServerError => 500,
            ErrorCode::TemporarilyUnavailable => 503,
            _ => 400,
        }
    }

    /// Where the code is defined.
    pub fn spec(self) -> Spec {
        match self {
            ErrorCode::AccessDenied
            | ErrorCode::UnsupportedResponseType
            | ErrorCode::ServerError
            | ErrorCode::TemporarilyUnavailable => rfc!("6749", "4.1.2.1"),
            ErrorCode::AuthorizationPending | ErrorCode::SlowDown | ErrorCode::ExpiredToken => {
                rfc!("8628", "3.5")
            }
            ErrorCode::UnsupportedTokenType => rfc!("7009", "2.2.1"),
            ErrorCode::InvalidToken | ErrorCode::InsufficientScope => rfc!("6750", "3.1"),
            _ => rfc!("6749", "5.2"),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// An OAuth error: its code and a description for the developer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{error}: {description}")]
pub struct OAuthError {
    /// The error code.
    pub error: ErrorCode,
    /// A sentence saying what was wrong (sent as `error_description`).
    pub description: String,
}

impl OAuthError {
    /// An error with a description.
    pub fn new(error: ErrorCode, description: impl Into<String>) -> OAuthError {
        OAuthError {
            error,
            description: description.into(),
        }
    }

    /// The code's registered value.
    pub fn code(&self) -> &'static str {
        self.error.code()
    }

    /// `error_description` as RFC 6749 §5.2 allows it: printable ASCII without `"` and `\`
    /// (`§` becomes `section`, other characters become `?`).
    pub fn safe_description(&self) -> String {
        let mut out = String::with_capacity(self.description.len());
        for c in self.description.chars() {
            match c {
                '§' => out.push_str("section "),
                '"' => out.push('\''),
                '\\' => out.push('/'),
                '\u{2019}' => out.push('\''),
                '\u{2014}' | '\u{2013}' => out.push('-'),
                c if (' '..='~').contains(&c) => out.push(c),
                _ => out.push('?'),
            }
        }
        out.replace("  ", " ")
    }

    /// The JSON error body: `{"error": …, "error_description": …}`.
    pub fn to_json(&self) -> Value {
        json!({"error": self.error.code(), "error_description": self.safe_description()})
    }

    /// The JSON error response with the code's status (RFC 6749 §5.2).
    pub fn to_response(&self) -> HttpMessage {
        HttpMessage::json(self.error.status(), &self.to_json()).with_header("Pragma", "no-cache")
    }

    /// The authorization-response parameters: `error`, `error_description` and, when the
    /// request had one, `state` (RFC 6749 §4.1.2.1).
    pub fn to_params(&self, state: Option<&str>) -> Vec<(String, String)> {
        let mut p = vec![
            ("error".to_owned(), self.error.code().to_owned()),
            ("error_description".to_owned(), self.safe_description()),
        ];
        if let Some(s) = state.filter(|s| !s.is_empty()) {
            p.push(("state".to_owned(), s.to_owned()));
        }
        p
    }
}

/// The error a response carries, read back from it: a JSON body's `error` (token, device,
/// introspection, revocation endpoints), the `error` parameter of a redirect's query or
/// fragment (authorization endpoint), or the `error` of a `WWW-Authenticate: Bearer` header
/// (resource servers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `error` value as sent.
    pub error: String,
    /// The parsed code, when it is one of [`ErrorCode`].
    pub code: Option<ErrorCode>,
    /// `error_description`, when sent.
    pub description: Option<String>,
}

impl ErrorResponse {
    /// Reads the error out of a response; `None` when it carries none.
    pub fn read(resp: &HttpMessage) -> Option<ErrorResponse> {
        let status = resp.status.unwrap_or(0);
        let from_pairs = |pairs: Vec<(String, String)>| {
            let error = super::http::find(&pairs, "error")?.to_owned();
            Some(ErrorResponse {
                status,
                code: ErrorCode::parse(&error),
                description: super::http::find(&pairs, "error_description").map(str::to_owned),
                error,
            })
        };
        if let Some(e) = resp.json_body().and_then(|b| {
            let error = b.get("error")?.as_str()?.to_owned();
            Some(ErrorResponse {
                status,
                code: ErrorCode::parse(&error),
                description: b
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                error,
            })
        }) {
            return Some(e);
        }
        if let Some(e) = from_pairs(resp.location_query()) {
            return Some(e);
        }
        if let Some(e) = from_pairs(resp.location_fragment()) {
            return Some(e);
        }
        let challenge = resp.header("www-authenticate")?;
        let params = challenge_params(challenge);
        let error = super::http::find(&params, "error")?.to_owned();
        Some(ErrorResponse {
            status,
            code: ErrorCode::parse(&error),
            description: super::http::find(&params, "error_description").map(str::to_owned),
            error,
        })
    }
}

/// The `name="value"` parameters of a `WWW-Authenticate` challenge (quoted values may contain
/// commas; no escapes are used by this module's own challenges).
pub fn challenge_params(challenge: &str) -> Vec<(String, String)> {
    let rest = challenge
        .split_once(' ')
        .map_or("", |(_, r)| r)
        .trim_start();
    let mut out = Vec::new();
    let mut chars = rest.char_indices().peekable();
    let mut name = String::new();
    while let Some((_, c)) = chars.next() {
        match c {
            '=' => {
                let mut value = String::new();
                if chars.peek().map(|(_, c)| *c) == Some('"') {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        value.push(c);
                    }
                } else {
                    while let Some((_, c)) = chars.peek() {
                        if *c == ',' {
                            break;
                        }
                        value.push(*c);
                        chars.next();
                    }
                }
                out.push((name.trim().to_owned(), value));
                name.clear();
            }
            ',' => name.clear(),
            c => name.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_code_round_trips_through_its_name_and_serde() {
        for (i, code) in ErrorCode::ALL.into_iter().enumerate() {
            assert_eq!(ErrorCode::parse(code.code()), Some(code), "#{i} {code}");
            let s = serde_json::to_string(&code).expect("serialise");
            assert_eq!(s, format!("\"{}\"", code.code()), "#{i}");
        }
    }

    #[test]
    fn invalid_client_is_401_and_the_polling_codes_are_400() {
        assert_eq!(ErrorCode::InvalidClient.status(), 401);
        assert_eq!(ErrorCode::InvalidGrant.status(), 400);
        assert_eq!(ErrorCode::SlowDown.status(), 400);
        assert_eq!(ErrorCode::InsufficientScope.status(), 403);
        assert_eq!(ErrorCode::SlowDown.spec().reference, "RFC 8628 §3.5");
        assert_eq!(
            ErrorCode::InvalidGrant.spec().url,
            "https://www.rfc-editor.org/rfc/rfc6749#section-5.2"
        );
    }

    #[test]
    fn error_descriptions_are_restricted_to_the_characters_rfc_6749_allows() {
        let e = OAuthError::new(
            ErrorCode::InvalidGrant,
            "the \"code\" failed RFC 7636 § 4.6 — é",
        );
        assert_eq!(
            e.safe_description(),
            "the 'code' failed RFC 7636 section 4.6 - ?"
        );
    }

    #[test]
    fn errors_are_read_back_from_json_redirects_and_bearer_challenges() {
        let e = OAuthError::new(ErrorCode::InvalidGrant, "used");
        let r = ErrorResponse::read(&e.to_response()).expect("json");
        assert_eq!((r.status, r.code), (400, Some(ErrorCode::InvalidGrant)));
        let redirect = HttpMessage::redirect(super::super::http::with_query(
            "https://app.example/cb",
            &e.to_params(Some("xyz")),
        ));
        let r = ErrorResponse::read(&redirect).expect("redirect");
        assert_eq!(r.error, "invalid_grant");
        let bearer = HttpMessage::response(401).with_header(
            "WWW-Authenticate",
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"expired, sorry\"",
        );
        let r = ErrorResponse::read(&bearer).expect("challenge");
        assert_eq!(r.code, Some(ErrorCode::InvalidToken));
        assert_eq!(r.description.as_deref(), Some("expired, sorry"));
        assert_eq!(ErrorResponse::read(&HttpMessage::response(200)), None);
    }
}
