//! The simulated resource server (an API): it accepts a Bearer access token (RFC 6750) and
//! decides whether to serve the request.
//!
//! A JWT access token is validated locally, with the authorization server's JWKS (RFC 9068 §4:
//! the algorithm, `typ: "at+jwt"`, the signature, then `iss`, `aud`, `exp`); nothing is asked of
//! the authorization server, so a revoked JWT is still accepted until it expires. An opaque token
//! means nothing to the API, so it asks the authorization server by introspection (RFC 7662) on
//! every call, and a revoked token is refused at once. That is the JWT-versus-opaque trade-off.

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::{ErrorCode, OAuthError};
use super::http::{Authorization, HttpMessage};
use super::server::{AuthServer, Client, ClientType, TokenFormat};
use super::{random_token, Check};
use crate::claims::{self, Expectations, Outcome, ValidationOptions};
use crate::jwa::Alg;
use crate::jws::{self, AlgHeader};
use crate::keys::KeyInput;
use crate::secret::Secret;
use crate::verify::{verify_token, VerifyOptions};

/// The API's URL.
pub const API_URL: &str = "https://api.tokenlab.example/v1/me";
/// The API's client id at the authorization server (for introspection).
pub const API_CLIENT_ID: &str = "api.tokenlab.example";
/// The scope the API needs.
pub const REQUIRED_SCOPE: &str = "api.read";

/// How the API validates access tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidationMode {
    /// JWTs locally with the JWKS, anything else by introspection.
    Auto,
    /// Every token by introspection, JWTs too.
    Introspection,
}

/// What the API does with a request it received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Received {
    /// It answers at once (local validation, or a request without a usable token).
    Respond {
        /// The answer.
        response: HttpMessage,
        /// The checks it made.
        checks: Vec<Check>,
    },
    /// It must ask the authorization server first: send `request` to
    /// [`AuthServer::introspect`], then call [`ResourceServer::conclude`] with the answer.
    Introspect {
        /// The introspection request.
        request: HttpMessage,
        /// The checks made so far.
        checks: Vec<Check>,
    },
}

/// One API call from start to end (see [`ResourceServer::call`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiExchange {
    /// The API's answer.
    pub response: HttpMessage,
    /// What it checked.
    pub checks: Vec<Check>,
    /// The introspection request and answer, when it asked the authorization server.
    pub introspection: Option<(HttpMessage, HttpMessage)>,
}

/// The resource server.
#[derive(Clone, Debug)]
pub struct ResourceServer {
    /// The API's URL ([`API_URL`]).
    pub url: String,
    /// The audience it expects in tokens (the authorization server's
    /// [`super::server::ServerConfig::audience`]).
    pub audience: String,
    /// The issuer it trusts.
    pub issuer: String,
    /// The only algorithm it accepts (the issuer's).
    pub alg: Alg,
    /// Its copy of the issuer's JWKS.
    pub jwks: Value,
    /// The scope a token needs.
    pub required_scope: String,
    /// Its client id at the authorization server.
    pub client_id: String,
    secret: Secret,
    /// Where it introspects.
    pub introspection_endpoint: String,
    /// How it validates tokens.
    pub mode: ValidationMode,
}

fn bearer_error(
    status: u16,
    code: ErrorCode,
    description: &str,
    scope: Option<&str>,
) -> HttpMessage {
    let d = OAuthError::new(code, description).safe_description();
    let mut challenge = format!(
        "Bearer realm=\"{API_CLIENT_ID}\", error=\"{}\", error_description=\"{d}\"",
        code.code()
    );
    if let Some(s) = scope {
        challenge.push_str(&format!(", scope=\"{s}\""));
    }
    HttpMessage::response(status).with_header("WWW-Authenticate", challenge)
}

impl ResourceServer {
    /// Registers the API at `server` as a confidential client (so it may introspect) with a
    /// fresh secret, and copies the server's JWKS.
    pub fn register(server: &mut AuthServer, rng: &mut impl CryptoRngCore) -> ResourceServer {
        let secret = random_token(rng, 24);
        server.register_client(Client {
            client_id: API_CLIENT_ID.to_owned(),
            client_type: ClientType::Confidential,
            secret: Some(Secret::new(secret.clone().into_bytes())),
            name: "Tokenlab API".to_owned(),
            redirect_uris: Vec::new(),
            grant_types: Vec::new(),
            scopes: Vec::new(),
            default_scope: String::new(),
            access_token_format: TokenFormat::Opaque,
        });
        ResourceServer {
            url: API_URL.to_owned(),
            audience: server.config().audience.clone(),
            issuer: server.issuer().to_owned(),
            alg: server.alg(),
            jwks: server.jwks(),
            required_scope: REQUIRED_SCOPE.to_owned(),
            client_id: API_CLIENT_ID.to_owned(),
            secret: Secret::new(secret.into_bytes()),
            introspection_endpoint: server.introspection_endpoint(),
            mode: ValidationMode::Auto,
        }
    }

    /// The API request a client sends with `token` (RFC 6750 §2.1).
    pub fn api_request(&self, token: &str) -> HttpMessage {
        HttpMessage::get(self.url.clone()).with_header("Authorization", format!("Bearer {token}"))
    }

    /// The introspection request for `token`, authenticated with the API's own credentials.
    pub fn introspection_request(&self, token: &str) -> HttpMessage {
        let mut req = HttpMessage::post_form(
            self.introspection_endpoint.clone(),
            &[("token", token), ("token_type_hint", "access_token")],
        );
        req.set_basic_auth(
            &self.client_id,
            &String::from_utf8_lossy(self.secret.expose()),
        );
        req
    }

    fn ok(&self, sub: &str, client_id: &str, scope: &str, how: &str) -> HttpMessage {
        HttpMessage::json(
            200,
            &json!({"sub": sub, "client_id": client_id, "scope": scope, "message": format!("Hello, {sub}"), "validated_by": how}),
        )
    }

    /// Receives an API request: answers it after local validation of a JWT, or asks to
    /// introspect an opaque token (or any token in [`ValidationMode::Introspection`]).
    pub fn receive(&self, req: &HttpMessage, now: i64) -> Received {
        let respond = |response: HttpMessage, checks| Received::Respond {
            response: response.answering(req),
            checks,
        };
        let token = match req.authorization() {
            Authorization::Bearer(t) if !t.is_empty() => t,
            Authorization::None => {
                let resp = HttpMessage::response(401).with_header(
                    "WWW-Authenticate",
                    format!("Bearer realm=\"{API_CLIENT_ID}\""),
                );
                return respond(
                    resp,
                    vec![Check::fail(
                        "access token",
                        "the request carries no access token",
                    )],
                );
            }
            _ => {
                return respond(
                    bearer_error(
                        400,
                        ErrorCode::InvalidRequest,
                        "send the token as Authorization: Bearer",
                        None,
                    ),
                    vec![Check::fail(
                        "access token",
                        "the Authorization header is not a Bearer token",
                    )],
                )
            }
        };
        let looks_like_jwt = token.bytes().filter(|b| *b == b'.').count() == 2;
        if self.mode == ValidationMode::Introspection || !looks_like_jwt {
            let why = if looks_like_jwt {
                "the API is set to introspect every token"
            } else {
                "the token is opaque: only the authorization server knows what it means"
            };
            return Received::Introspect {
                request: self.introspection_request(&token),
                checks: vec![Check::pass("token format", why)],
            };
        }
        let (response, checks) = self.validate_locally(&token, now);
        respond(response, checks)
    }

    /// RFC 9068 §4: algorithm, `typ`, signature with the JWKS, then `iss`, `aud`, `exp`, and the
    /// scope the API needs.
    fn validate_locally(&self, token: &str, now: i64) -> (HttpMessage, Vec<Check>) {
        let mut checks = vec![Check::pass(
            "token format",
            "a JWT: validated locally with the issuer's JWKS, without asking the authorization server",
        )];
        let refuse = |mut checks: Vec<Check>, label: &str, detail: String| {
            let resp = bearer_error(401, ErrorCode::InvalidToken, &detail, None);
            checks.push(Check::fail(label, detail));
            (resp, checks)
        };
        let decoded = match jws::decode(token) {
            Ok(d) if d.errors.is_empty() => d,
            Ok(d) => {
                let why = d
                    .errors
                    .first()
                    .map_or_else(String::new, ToString::to_string);
                return refuse(
                    checks,
                    "token format",
                    format!("the JWT cannot be decoded: {why}"),
                );
            }
            Err(e) => {
                return refuse(
                    checks,
                    "token format",
                    format!("the JWT cannot be decoded: {e}"),
                )
            }
        };
        match &decoded.alg {
            AlgHeader::Known(a) if *a == self.alg => {
                checks.push(Check::pass("alg", format!("{a} is the issuer's algorithm")))
            }
            AlgHeader::Known(a) => {
                return refuse(
                    checks,
                    "alg",
                    format!("{a} is not accepted; only {} is (RFC 8725 §3.1)", self.alg),
                )
            }
            _ => return refuse(checks, "alg", "the header has no usable alg".to_owned()),
        }
        let header = decoded.header_value().cloned().unwrap_or(Value::Null);
        match header.get("typ").and_then(Value::as_str) {
            Some(t)
                if t.eq_ignore_ascii_case("at+jwt")
                    || t.eq_ignore_ascii_case("application/at+jwt") =>
            {
                checks.push(Check::pass(
                    "typ",
                    "at+jwt: an access token, not an ID token (RFC 9068 §4)",
                ))
            }
            other => {
                return refuse(
                    checks,
                    "typ",
                    format!(
                        "typ is {}, not at+jwt, so this is not an access token (RFC 9068 §4)",
                        other.unwrap_or("missing")
                    ),
                )
            }
        }
        if let Err(why) = verify_signature(&decoded, &self.jwks, self.alg) {
            return refuse(checks, "signature", why);
        }
        checks.push(Check::pass(
            "signature",
            format!(
                "verified with the key {} from the issuer's JWKS",
                decoded.kid().unwrap_or("")
            ),
        ));
        let Some(claims_value) = decoded.claims().cloned() else {
            return refuse(
                checks,
                "claims",
                "the payload is not a JSON object".to_owned(),
            );
        };
        let expect = Expectations {
            iss: Some(self.issuer.clone()),
            aud: Some(self.audience.clone()),
            ..Expectations::default()
        };
        let report = claims::validate(
            Some(&header),
            &claims_value,
            Some(self.alg),
            &ValidationOptions::at(now),
            &expect,
        );
        let mut failed = None;
        for name in ["iss", "aud", "exp", "nbf", "iat"] {
            for c in report.checks.iter().filter(|c| c.claim == name) {
                match c.outcome {
                    Outcome::Pass => checks.push(Check::pass(name, c.message.clone())),
                    Outcome::Fail => {
                        checks.push(Check::fail(name, c.message.clone()));
                        failed.get_or_insert_with(|| c.message.clone());
                    }
                    Outcome::Info => {}
                }
            }
        }
        if let Some(why) = failed {
            return (
                bearer_error(401, ErrorCode::InvalidToken, &why, None),
                checks,
            );
        }
        let scope = claims_value
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or("");
        let str_claim = |n: &str| {
            claims_value
                .get(n)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        self.finish(
            checks,
            &str_claim("sub"),
            &str_claim("client_id"),
            scope,
            "local JWT validation",
        )
    }

    fn finish(
        &self,
        mut checks: Vec<Check>,
        sub: &str,
        client_id: &str,
        scope: &str,
        how: &str,
    ) -> (HttpMessage, Vec<Check>) {
        if !scope.split(' ').any(|s| s == self.required_scope) {
            let why = format!(
                "the token's scope \"{scope}\" lacks {}",
                self.required_scope
            );
            checks.push(Check::fail("scope", why.clone()));
            let resp = bearer_error(
                403,
                ErrorCode::InsufficientScope,
                &why,
                Some(&self.required_scope),
            );
            return (resp, checks);
        }
        checks.push(Check::pass(
            "scope",
            format!("the token has {}", self.required_scope),
        ));
        (self.ok(sub, client_id, scope, how), checks)
    }

    /// Answers the API request `req` once the authorization server answered the introspection:
    /// served when the token is active (with the right audience and scope), refused with
    /// `invalid_token` when it is not.
    pub fn conclude(
        &self,
        req: &HttpMessage,
        introspection: &HttpMessage,
        now: i64,
    ) -> (HttpMessage, Vec<Check>) {
        let _ = now;
        let mut checks = Vec::new();
        let body = introspection
            .json_body()
            .filter(|_| introspection.status == Some(200));
        let Some(body) = body else {
            checks.push(Check::fail(
                "introspection",
                format!(
                    "the authorization server answered {}",
                    introspection.status.unwrap_or(0)
                ),
            ));
            let resp =
                HttpMessage::json(500, &json!({"error": "the API could not check the token"}));
            return (resp.answering(req), checks);
        };
        if body.get("active") != Some(&Value::Bool(true)) {
            let why = "the authorization server says the token is not active (unknown, expired or revoked)";
            checks.push(Check::fail("active", why));
            return (
                bearer_error(401, ErrorCode::InvalidToken, why, None).answering(req),
                checks,
            );
        }
        checks.push(Check::pass(
            "active",
            "the authorization server says the token is active",
        ));
        let aud_ok = match body.get("aud") {
            Some(Value::String(a)) => *a == self.audience,
            Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(&self.audience)),
            _ => false,
        };
        if !aud_ok {
            let why = format!("the token is not meant for {}", self.audience);
            checks.push(Check::fail("aud", why.clone()));
            return (
                bearer_error(401, ErrorCode::InvalidToken, &why, None).answering(req),
                checks,
            );
        }
        checks.push(Check::pass(
            "aud",
            format!("the token is meant for {}", self.audience),
        ));
        let s = |n: &str| body.get(n).and_then(Value::as_str).unwrap_or("").to_owned();
        let (resp, checks) = self.finish(
            checks,
            &s("sub"),
            &s("client_id"),
            &s("scope"),
            "introspection",
        );
        (resp.answering(req), checks)
    }

    /// A whole API call: receive, introspect at `server` when needed, conclude.
    pub fn call(&self, req: &HttpMessage, server: &AuthServer, now: i64) -> ApiExchange {
        match self.receive(req, now) {
            Received::Respond { response, checks } => ApiExchange {
                response,
                checks,
                introspection: None,
            },
            Received::Introspect {
                request,
                mut checks,
            } => {
                let answer = server.introspect(&request, now);
                let (response, more) = self.conclude(req, &answer, now);
                checks.extend(more);
                ApiExchange {
                    response,
                    checks,
                    introspection: Some((request, answer)),
                }
            }
        }
    }
}

/// Verifies a JWT's signature with a JWKS through [`crate::verify::verify_token`], accepting
/// only `alg`; the error is the verifier's sentence.
pub(crate) fn verify_signature(
    token: &jws::DecodedToken,
    jwks: &Value,
    alg: Alg,
) -> Result<(), String> {
    let (entries, _) =
        crate::jwk::parse_jwks(jwks).map_err(|e| format!("the JWKS cannot be read: {e}"))?;
    let opts = VerifyOptions {
        allowed_algs: Some(vec![alg]),
    };
    let v = verify_token(token, Some(&KeyInput::Set(entries)), &opts);
    if v.is_verified() {
        Ok(())
    } else {
        Err(format!("{}: {}", v.status.label(), v.detail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::errors::ErrorResponse;
    use crate::oauth::server::tests::{server, token_request, NOW};
    use crate::oauth::testing::TestRng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A server, the API, and one access token of each format (client credentials).
    fn setup(seed: u64) -> (AuthServer, ResourceServer, String, String, TestRng) {
        let mut rng = TestRng::new(seed);
        let mut s = server(&mut rng);
        let api = ResourceServer::register(&mut s, &mut rng);
        let req = token_request("web-app", true, &[("grant_type", "client_credentials")]);
        let jwt = s
            .token(&req, NOW, &mut rng)
            .json_str("access_token")
            .expect("jwt");
        let mut spa = s.client("web-app").cloned().expect("client");
        spa.client_id = "worker".into();
        spa.access_token_format = TokenFormat::Opaque;
        s.register_client(spa);
        let mut req = token_request("worker", true, &[("grant_type", "client_credentials")]);
        req.set_basic_auth("worker", crate::oauth::server::tests::SECRET);
        let opaque = s
            .token(&req, NOW, &mut rng)
            .json_str("access_token")
            .expect("opaque");
        (s, api, jwt, opaque, rng)
    }

    fn status(x: &ApiExchange) -> u16 {
        x.response.status.unwrap_or(0)
    }

    #[test]
    fn a_jwt_is_validated_locally_and_an_opaque_token_by_introspection() {
        let (s, api, jwt, opaque, _) = setup(1);
        let x = api.call(&api.api_request(&jwt), &s, NOW + 1);
        assert_eq!(status(&x), 200, "{:?}", x.checks);
        assert!(x.introspection.is_none());
        assert!(x.checks.iter().all(|c| c.passed), "{:?}", x.checks);
        assert_eq!(
            x.response.json_str("validated_by").as_deref(),
            Some("local JWT validation")
        );
        let x = api.call(&api.api_request(&opaque), &s, NOW + 1);
        assert_eq!(status(&x), 200, "{:?}", x.checks);
        let (req, answer) = x.introspection.expect("introspected");
        assert!(matches!(req.authorization(), Authorization::Basic { .. }));
        assert_eq!(answer.json_body().expect("json")["active"], true);
    }

    #[test]
    fn after_revocation_the_opaque_token_is_refused_at_once_but_the_jwt_only_after_exp() {
        let (mut s, api, jwt, opaque, _) = setup(2);
        for (client, token) in [("web-app", &jwt), ("worker", &opaque)] {
            let mut req = token_request(client, true, &[("token", token)]);
            req.set_basic_auth(client, crate::oauth::server::tests::SECRET);
            assert_eq!(s.revoke(&req, NOW + 10).status, Some(200));
        }
        let x = api.call(&api.api_request(&opaque), &s, NOW + 11);
        assert_eq!(status(&x), 401);
        let e = ErrorResponse::read(&x.response).expect("error");
        assert_eq!(e.code, Some(ErrorCode::InvalidToken));
        let x = api.call(&api.api_request(&jwt), &s, NOW + 11);
        assert_eq!(status(&x), 200, "the revoked JWT is still accepted locally");
        let x = api.call(&api.api_request(&jwt), &s, NOW + 300);
        assert_eq!(status(&x), 401, "…until it expires");
        assert!(
            x.checks.iter().any(|c| c.label == "exp" && !c.passed),
            "{:?}",
            x.checks
        );
        // An API that introspects every token refuses the revoked JWT at once.
        let strict = ResourceServer {
            mode: ValidationMode::Introspection,
            ..api.clone()
        };
        assert_eq!(
            status(&strict.call(&api.api_request(&jwt), &s, NOW + 11)),
            401
        );
    }

    #[test]
    fn a_missing_token_gets_a_bare_bearer_challenge_and_a_basic_header_is_invalid_request() {
        let (s, api, _, _, _) = setup(3);
        let x = api.call(&HttpMessage::get(API_URL), &s, NOW);
        assert_eq!(status(&x), 401);
        assert_eq!(
            x.response.header("www-authenticate"),
            Some("Bearer realm=\"api.tokenlab.example\"")
        );
        let mut req = HttpMessage::get(API_URL);
        req.set_basic_auth("a", "b");
        let x = api.call(&req, &s, NOW);
        assert_eq!(status(&x), 400);
        assert_eq!(
            ErrorResponse::read(&x.response).map(|e| e.error).as_deref(),
            Some("invalid_request")
        );
    }

    #[test]
    fn a_tampered_jwt_or_an_id_token_is_refused() {
        let (mut s, api, jwt, _, mut rng) = setup(4);
        let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
        if let Some(p) = parts.get_mut(1) {
            let claims =
                crate::oauth::server::tests::tamper_claims(p, "scope", "api.read api.write");
            *p = claims;
        }
        let forged = parts.join(".");
        let x = api.call(&api.api_request(&forged), &s, NOW + 1);
        assert_eq!(status(&x), 401);
        assert!(
            x.checks.iter().any(|c| c.label == "signature" && !c.passed),
            "{:?}",
            x.checks
        );
        // An ID token is signed by the same key but is not an access token (RFC 9068 §4).
        let req = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "correct-horse-battery-staple"),
                ("scope", "openid api.read"),
            ],
        );
        let id = s
            .token(&req, NOW, &mut rng)
            .json_str("id_token")
            .expect("id token");
        let x = api.call(&api.api_request(&id), &s, NOW + 1);
        assert_eq!(status(&x), 401);
        assert!(
            x.checks.iter().any(|c| c.label == "typ" && !c.passed),
            "{:?}",
            x.checks
        );
        for junk in ["a.b.c", "..", "x", "eyJhbGciOiJub25lIn0.e30."] {
            assert_eq!(
                status(&api.call(&api.api_request(junk), &s, NOW)),
                401,
                "{junk}"
            );
        }
    }

    #[test]
    fn a_token_without_the_api_scope_is_insufficient_scope_403() {
        let (mut s, api, _, _, mut rng) = setup(5);
        let req = token_request(
            "web-app",
            true,
            &[("grant_type", "client_credentials"), ("scope", "api.write")],
        );
        let jwt = s
            .token(&req, NOW, &mut rng)
            .json_str("access_token")
            .expect("jwt");
        let x = api.call(&api.api_request(&jwt), &s, NOW + 1);
        assert_eq!(status(&x), 403);
        let challenge = x.response.header("www-authenticate").unwrap_or("");
        assert!(
            challenge.contains("error=\"insufficient_scope\"")
                && challenge.contains("scope=\"api.read\""),
            "{challenge}"
        );
    }
}
