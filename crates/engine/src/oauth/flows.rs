//! The flows the sequence diagram walks, one message at a time (product rows G1–G6).
//!
//! A [`Flow`] is a step machine. [`Flow::new`] sets up a fresh [`AuthServer`] (its key generated
//! in the page), the client and the API, and computes the first [`Step`]. Each call to
//! [`Flow::next`] first applies the learner's edits to the last step's message (its
//! [`Step::tamperable`] fields), then delivers it: the next step is computed from the real
//! server's real answer. Tampering the `code_verifier` therefore yields the server's real
//! `invalid_grant`, tampering the `state` makes the client detect CSRF, and tampering the
//! `redirect_uri` makes the server refuse without redirecting — each with a narration naming the
//! attack that was prevented.
//!
//! Time is simulated: the flow has its own clock, starting at the `now` given to [`Flow::new`],
//! and each step advances it by a scripted delay (the device polls after 5 s, the access token is
//! used again after it expired…), so every run tells the same story. [`Step::at`] is the
//! simulated time of each step.

use std::collections::VecDeque;

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::errors::ErrorResponse;
use super::http::{self, Authorization, HttpMessage};
use super::resource::{Received, ResourceServer, ValidationMode};
use super::server::{
    AuthServer, Client, ClientType, GrantType, ServerConfig, ServerError, TokenFormat,
    DEVICE_CODE_GRANT,
};
use super::{oidc, rfc, Check, Spec};
use crate::claims::{self, Expectations, Outcome, ValidationOptions};
use crate::jwa::Alg;
use crate::keys::Key;
use crate::pkce::{self, Method};

/// The client's origin.
pub const CLIENT_ORIGIN: &str = "https://app.tokenlab.example";
/// The default redirect URI.
pub const DEFAULT_REDIRECT_URI: &str = "https://app.tokenlab.example/callback";
/// The client id of the simulated client.
pub const CLIENT_ID: &str = "tokenlab-app";
/// The client ids of the two clients of [`FlowKind::JwtVsOpaque`].
pub const JWT_CLIENT_ID: &str = "jwt-app";
/// See [`JWT_CLIENT_ID`].
pub const OPAQUE_CLIENT_ID: &str = "opaque-app";

/// The flows Tokenlab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// Authorization Code (RFC 6749 §4.1), without PKCE.
    AuthorizationCode,
    /// Authorization Code with PKCE (RFC 7636).
    AuthorizationCodePkce,
    /// OpenID Connect: Authorization Code with PKCE, plus an ID token (nonce, at_hash).
    OpenIdConnect,
    /// Client Credentials (RFC 6749 §4.4).
    ClientCredentials,
    /// Device Authorization (RFC 8628).
    DeviceAuthorization,
    /// Refresh Token with rotation and reuse detection (RFC 6749 §6, RFC 9700 §4.14).
    RefreshToken,
    /// Token Introspection (RFC 7662).
    Introspection,
    /// Token Revocation (RFC 7009).
    Revocation,
    /// JWT vs opaque access tokens after revocation.
    JwtVsOpaque,
    /// Implicit (RFC 6749 §4.2), deprecated by RFC 9700 §2.1.2.
    Implicit,
    /// Resource Owner Password Credentials (RFC 6749 §4.3), deprecated by RFC 9700 §2.4.
    Password,
}

impl FlowKind {
    /// Every flow, in menu order (the deprecated ones last).
    pub const ALL: [FlowKind; 11] = [
        FlowKind::AuthorizationCode,
        FlowKind::AuthorizationCodePkce,
        FlowKind::OpenIdConnect,
        FlowKind::ClientCredentials,
        FlowKind::DeviceAuthorization,
        FlowKind::RefreshToken,
        FlowKind::Introspection,
        FlowKind::Revocation,
        FlowKind::JwtVsOpaque,
        FlowKind::Implicit,
        FlowKind::Password,
    ];

    /// A name for URLs: `"authorization-code-pkce"`.
    pub fn slug(self) -> &'static str {
        match self {
            FlowKind::AuthorizationCode => "authorization-code",
            FlowKind::AuthorizationCodePkce => "authorization-code-pkce",
            FlowKind::OpenIdConnect => "openid-connect",
            FlowKind::ClientCredentials => "client-credentials",
            FlowKind::DeviceAuthorization => "device-authorization",
            FlowKind::RefreshToken => "refresh-token",
            FlowKind::Introspection => "introspection",
            FlowKind::Revocation => "revocation",
            FlowKind::JwtVsOpaque => "jwt-vs-opaque",
            FlowKind::Implicit => "implicit",
            FlowKind::Password => "password",
        }
    }

    /// Parses a [`FlowKind::slug`].
    pub fn parse(slug: &str) -> Option<FlowKind> {
        FlowKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The title: `"Authorization Code + PKCE"`.
    pub fn title(self) -> &'static str {
        match self {
            FlowKind::AuthorizationCode => "Authorization Code",
            FlowKind::AuthorizationCodePkce => "Authorization Code + PKCE",
            FlowKind::OpenIdConnect => "OpenID Connect",
            FlowKind::ClientCredentials => "Client Credentials",
            FlowKind::DeviceAuthorization => "Device Authorization",
            FlowKind::RefreshToken => "Refresh Token (rotation)",
            FlowKind::Introspection => "Token Introspection",
            FlowKind::Revocation => "Token Revocation",
            FlowKind::JwtVsOpaque => "JWT vs opaque: revocation",
            FlowKind::Implicit => "Implicit (deprecated)",
            FlowKind::Password => "Password (deprecated)",
        }
    }

    /// True for the flows RFC 9700 deprecates.
    pub fn deprecated(self) -> bool {
        matches!(self, FlowKind::Implicit | FlowKind::Password)
    }

    /// The specification, as shown: `"RFC 6749 §4.1"`.
    pub fn rfc(self) -> &'static str {
        self.spec().reference
    }

    /// The specification with its link.
    pub fn spec(self) -> Spec {
        match self {
            FlowKind::AuthorizationCode => rfc!("6749", "4.1"),
            FlowKind::AuthorizationCodePkce => rfc!("7636", "1.1"),
            FlowKind::OpenIdConnect => oidc!("3.1", "CodeFlowAuth"),
            FlowKind::ClientCredentials => rfc!("6749", "4.4"),
            FlowKind::DeviceAuthorization => rfc!("8628", "3"),
            FlowKind::RefreshToken => rfc!("9700", "4.14"),
            FlowKind::Introspection => rfc!("7662", "2"),
            FlowKind::Revocation => rfc!("7009", "2"),
            FlowKind::JwtVsOpaque => rfc!("9068", "1"),
            FlowKind::Implicit => rfc!("9700", "2.1.2"),
            FlowKind::Password => rfc!("9700", "2.4"),
        }
    }

    /// One sentence saying what the flow is for.
    pub fn summary(self) -> &'static str {
        match self {
            FlowKind::AuthorizationCode => "A user lets a web application with a secret act on their behalf: the browser carries a one-time code, the application exchanges it for tokens.",
            FlowKind::AuthorizationCodePkce => "The authorization code flow with a proof key: a stolen code is useless without the verifier that never left the client. Use it for every client.",
            FlowKind::OpenIdConnect => "Sign-in: the authorization code flow with PKCE also returns an ID token saying who the user is, bound to the request by its nonce and to the access token by at_hash.",
            FlowKind::ClientCredentials => "A service calls an API on its own behalf; no user is involved.",
            FlowKind::DeviceAuthorization => "A device without a browser (a TV, a CLI) shows a code; the user approves it on their phone while the device polls.",
            FlowKind::RefreshToken => "An expired access token is renewed with a refresh token that rotates; replaying an old one revokes the whole family.",
            FlowKind::Introspection => "An API asks the authorization server whether a token is active, on every call.",
            FlowKind::Revocation => "The client tells the server a token is no longer needed (sign-out).",
            FlowKind::JwtVsOpaque => "Both tokens are revoked: the opaque one is refused at once, the JWT is still accepted until it expires.",
            FlowKind::Implicit => "Deprecated: the access token comes back in the URL fragment, exposed to the browser and unbound to the client.",
            FlowKind::Password => "Deprecated: the user gives their password to the client itself.",
        }
    }

    /// The settings the flow starts with.
    pub fn default_settings(self) -> Settings {
        let base = Settings::default();
        match self {
            FlowKind::AuthorizationCodePkce
            | FlowKind::DeviceAuthorization
            | FlowKind::RefreshToken
            | FlowKind::Implicit => Settings {
                client_type: ClientType::Public,
                ..base
            },
            FlowKind::OpenIdConnect => Settings {
                scope: "openid profile email api.read".to_owned(),
                ..base
            },
            FlowKind::Introspection => Settings {
                access_token_format: TokenFormat::Opaque,
                ..base
            },
            _ => base,
        }
    }

    fn uses_pkce(self) -> bool {
        !matches!(self, FlowKind::AuthorizationCode | FlowKind::Implicit)
    }
}

/// How a confidential client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    /// `Authorization: Basic` with the client id and secret.
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
}

/// What the learner chooses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Public or confidential client. Default confidential. The implicit flow always uses a
    /// public client; JWT vs opaque always uses confidential ones.
    pub client_type: ClientType,
    /// How a confidential client authenticates. Default `client_secret_basic`.
    pub client_auth: ClientAuth,
    /// JWT or opaque access tokens. Default JWT. JWT vs opaque always uses one of each.
    pub access_token_format: TokenFormat,
    /// The scope asked for. Default `"api.read"` (`"openid profile email api.read"` for OpenID
    /// Connect).
    pub scope: String,
    /// The client's redirect URI (registered, and sent). Default [`DEFAULT_REDIRECT_URI`].
    pub redirect_uri: String,
    /// The server's signing algorithm: ES256 (default, fast) or RS256 (any asymmetric one
    /// works).
    pub alg: Alg,
    /// The PKCE method. Default S256.
    pub pkce_method: Method,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            client_type: ClientType::Confidential,
            client_auth: ClientAuth::ClientSecretBasic,
            access_token_format: TokenFormat::Jwt,
            scope: "api.read".to_owned(),
            redirect_uri: DEFAULT_REDIRECT_URI.to_owned(),
            alg: Alg::ES256,
            pkce_method: Method::S256,
        }
    }
}

/// A lane of the sequence diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The user and their browser.
    User,
    /// The client application (or, in the replay step, an attacker posing as it).
    Client,
    /// The authorization server.
    AuthServer,
    /// The resource server (the API).
    ResourceServer,
}

impl Actor {
    /// The lanes, left to right.
    pub const ALL: [Actor; 4] = [
        Actor::User,
        Actor::Client,
        Actor::AuthServer,
        Actor::ResourceServer,
    ];

    /// The lane's label.
    pub fn label(self) -> &'static str {
        match self {
            Actor::User => "User / Browser",
            Actor::Client => "Client",
            Actor::AuthServer => "Authorization Server",
            Actor::ResourceServer => "Resource Server",
        }
    }

    /// The lane's position, 0 to 3.
    pub fn lane(self) -> usize {
        match self {
            Actor::User => 0,
            Actor::Client => 1,
            Actor::AuthServer => 2,
            Actor::ResourceServer => 3,
        }
    }
}

/// Where a tamperable value sits in a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TamperTarget {
    /// A query parameter of the request URL.
    Query,
    /// A parameter of the form body.
    Form,
    /// A query parameter of the `Location` header.
    LocationQuery,
    /// A parameter of the `Location` header's fragment.
    LocationFragment,
    /// A string member of the JSON body.
    Json,
    /// The client id inside `Authorization: Basic`.
    BasicUser,
    /// The client secret inside `Authorization: Basic`.
    BasicPassword,
    /// The token of `Authorization: Bearer`.
    Bearer,
}

/// A value of a step's message the learner may change before it is delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TamperField {
    /// The name to pass to [`Flow::next`]: `"code_verifier"`, `"state"`.
    pub name: String,
    /// A label for the form.
    pub label: String,
    /// The current value.
    pub value: String,
    /// Where it sits.
    pub target: TamperTarget,
}

/// One message (or one action) of a flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Position in the flow, from 0.
    pub index: usize,
    /// The sender's lane.
    pub from: Actor,
    /// The receiver's lane.
    pub to: Actor,
    /// A short title for the arrow: `"Token request"`.
    pub title: String,
    /// The HTTP message, when the step is one (a device showing a code is not).
    pub message: Option<HttpMessage>,
    /// What happens and why, in sentences.
    pub narration: String,
    /// The section that defines this step.
    pub spec: Spec,
    /// Values the learner may change before the message is delivered. Only the last step's are
    /// applied (by [`Flow::next`]); the list is emptied when the flow ends.
    pub tamperable: Vec<TamperField>,
    /// The names of the values the learner changed.
    pub tampered: Vec<String>,
    /// Tokens carried by the message, `(name, token)`, for "open in the decoder".
    pub tokens: Vec<(String, String)>,
    /// The checks the sender made before sending (the client on `state`, the API on a token).
    pub checks: Vec<Check>,
    /// The error the message carries (`"invalid_grant"`), if any.
    pub error: Option<String>,
    /// Simulated time of the step, Unix seconds: when its message was sent (after any
    /// [`Step::waited`]).
    pub at: i64,
    /// Seconds the learner let pass with [`Flow::wait`] before this step's message was
    /// delivered; 0 when it was sent at once.
    pub waited: i64,
}

/// When the authorization code a token request is about to redeem expires (see
/// [`Flow::code_expiry`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CodeExpiry {
    /// The simulated time the code expires, Unix seconds. The server refuses it from then on.
    pub expires_at: i64,
    /// Seconds from the flow's clock until then (0 once it has expired).
    pub expires_in: i64,
    /// How long the server's codes live, in seconds ([`ServerConfig::code_lifetime`]).
    pub lifetime: i64,
    /// A wait that gets the code refused as expired: one second past its expiry.
    pub wait_to_expire: i64,
}

/// How a flow ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ending {
    /// True when the flow reached its intended end.
    pub completed: bool,
    /// One sentence.
    pub summary: String,
}

/// What the simulated client knows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClientState {
    /// Its client id.
    pub client_id: String,
    /// Its secret, for a confidential client (the learner's own simulated secret).
    pub client_secret: Option<String>,
    /// Its redirect URI.
    pub redirect_uri: String,
    /// The `state` it stored in the user's session.
    pub state: String,
    /// The OpenID Connect `nonce` it stored.
    pub nonce: Option<String>,
    /// Its PKCE `code_verifier` (never sent before the token request).
    pub code_verifier: Option<String>,
    /// The `code_challenge` derived from it.
    pub code_challenge: Option<String>,
    /// The tokens and codes it holds, by name (`access_token`, `refresh_token`, `id_token`,
    /// `old_refresh_token`, `jwt_access_token`, `opaque_access_token`, and for the device flow
    /// `device_code` and `user_code`).
    pub tokens: Vec<(String, String)>,
}

impl ClientState {
    /// A token it holds.
    pub fn token(&self, name: &str) -> Option<&str> {
        http::find(&self.tokens, name)
    }

    fn set_token(&mut self, name: &str, value: &str) {
        http::set_pair(&mut self.tokens, name, value);
    }
}

/// Setting a flow up failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// The server could not be created (its algorithm or key).
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The sign-in that happens before the flow (for refresh, introspection, revocation) was
    /// refused, usually because of the settings.
    #[error("the sign-in before the flow was refused: {reason}")]
    Setup {
        /// The server's answer.
        reason: String,
    },
}

impl FlowError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            FlowError::Server(e) => e.code(),
            FlowError::Setup { .. } => "flow_setup_failed",
        }
    }
}

/// When a scripted step happens, relative to the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delay {
    /// This many seconds later.
    Secs(i64),
    /// One second after the named token expired.
    PastExpiry(&'static str),
}

/// What the token response should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Tokens; any error ends the flow.
    Tokens,
    /// Device polling: `authorization_pending` and `slow_down` go on, other errors end the flow.
    Polling,
    /// A refusal is the point of the step: the flow goes on whatever the answer.
    Refusal,
}

/// Why the client calls the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    First,
    AfterRevocation,
    AfterExpiry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    RedirectToAuthorize,
    BrowserAuthorize,
    LoginPage,
    SubmitLogin,
    AuthorizeRedirect,
    FollowRedirect,
    HandleCallback,
    TokenResponse {
        expect: Expect,
        store_as: &'static str,
    },
    SignedIn,
    ApiCall {
        slot: &'static str,
        phase: Phase,
    },
    ApiReceive,
    IntrospectAnswer,
    ApiConclude,
    ClientCredentialsRequest {
        client_id: &'static str,
    },
    DeviceRequest,
    DeviceResponse,
    ShowUserCode,
    Poll {
        n: u8,
    },
    UserVerifies,
    VerificationPage,
    RefreshRequest {
        slot: &'static str,
        attacker: bool,
    },
    RevokeRequest {
        slot: &'static str,
    },
    RevokeResponse,
    PasswordForm,
    PasswordRequest,
}

/// Where an answer came from, for the attack notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    Authorize,
    Token,
    Device,
    Api,
    Revoke,
}

/// A flow in progress. It is `Clone`: keep a copy per step to go back and try another edit.
#[derive(Clone, Debug)]
pub struct Flow {
    /// Which flow.
    pub kind: FlowKind,
    /// The settings in force (after [`Settings`] values the flow requires).
    pub settings: Settings,
    /// The steps so far.
    pub steps: Vec<Step>,
    /// The authorization server (its clients, codes, tokens, JWKS).
    pub server: AuthServer,
    /// The resource server.
    pub api: ResourceServer,
    /// What the client knows.
    pub client: ClientState,
    /// The simulated time the flow started at.
    pub started_at: i64,
    /// The simulated time now.
    pub clock: i64,
    /// How it ended, once it did.
    pub ending: Option<Ending>,
    queue: VecDeque<(Delay, Action)>,
    pending_authorization: Option<HttpMessage>,
    pending_api_request: Option<HttpMessage>,
    tampered: Vec<String>,
}

fn field(msg: &HttpMessage, name: &str, label: &str, target: TamperTarget) -> TamperField {
    let value = match target {
        TamperTarget::Query => http::find(&msg.query(), name).map(str::to_owned),
        TamperTarget::Form => http::find(&msg.form(), name).map(str::to_owned),
        TamperTarget::LocationQuery => http::find(&msg.location_query(), name).map(str::to_owned),
        TamperTarget::LocationFragment => {
            http::find(&msg.location_fragment(), name).map(str::to_owned)
        }
        TamperTarget::Json => msg.json_str(name),
        TamperTarget::BasicUser | TamperTarget::BasicPassword => match msg.authorization() {
            Authorization::Basic { user, password } => Some(if target == TamperTarget::BasicUser {
                user
            } else {
                password
            }),
            _ => None,
        },
        TamperTarget::Bearer => match msg.authorization() {
            Authorization::Bearer(t) => Some(t),
            _ => None,
        },
    };
    TamperField {
        name: name.to_owned(),
        label: label.to_owned(),
        value: value.unwrap_or_default(),
        target,
    }
}

fn apply(msg: &mut HttpMessage, f: &TamperField, value: &str) {
    match f.target {
        TamperTarget::Query => msg.set_query_param(&f.name, value),
        TamperTarget::Form => msg.set_form_param(&f.name, value),
        TamperTarget::LocationQuery => msg.set_location_param(&f.name, value),
        TamperTarget::LocationFragment => msg.set_fragment_param(&f.name, value),
        TamperTarget::Json => msg.set_json_member(&f.name, value),
        TamperTarget::BasicUser | TamperTarget::BasicPassword => {
            let (user, password) = match msg.authorization() {
                Authorization::Basic { user, password } => (user, password),
                _ => (String::new(), String::new()),
            };
            if f.target == TamperTarget::BasicUser {
                msg.set_basic_auth(value, &password);
            } else {
                msg.set_basic_auth(&user, value);
            }
        }
        TamperTarget::Bearer => {
            msg.set_header("Authorization", &format!("Bearer {value}"));
        }
    }
}

/// The tokens a message carries.
fn tokens_in(msg: &HttpMessage) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, value: &str| {
        if !value.is_empty() && !out.iter().any(|(_, v)| v == value) {
            out.push((name.to_owned(), value.to_owned()));
        }
    };
    if let Some(body) = msg.json_body() {
        for name in ["access_token", "refresh_token", "id_token"] {
            if let Some(v) = body.get(name).and_then(Value::as_str) {
                add(name, v);
            }
        }
    }
    for (k, v) in msg.location_fragment() {
        if k == "access_token" {
            add("access_token", &v);
        }
    }
    if let Authorization::Bearer(t) = msg.authorization() {
        add("access_token", &t);
    }
    for (k, v) in msg.form() {
        match k.as_str() {
            "refresh_token" => add("refresh_token", &v),
            "token" => add("token", &v),
            _ => {}
        }
    }
    out
}

fn describe_error(e: &ErrorResponse) -> String {
    match &e.description {
        Some(d) => format!(
            "The server answers HTTP {} with error={}: {d}.",
            e.status, e.error
        ),
        None => format!(
            "The server answers HTTP {} with error={}.",
            e.status, e.error
        ),
    }
}

/// The attack a failed, tampered request illustrates.
fn attack_note(field: &str, code: &str, at: Endpoint) -> Option<&'static str> {
    use Endpoint as E;
    Some(match (field, code, at) {
        ("client_id", _, E::Authorize) => "The server does not know this client, so it has no registered redirect URI it could trust: it shows the user an error page and redirects nowhere (RFC 6749 §4.1.2.1).",
        ("redirect_uri", _, E::Authorize) => "Redirecting to an unregistered URI would hand the code to whoever controls it and turn the server into an open redirector. Redirect URIs are compared exactly, and a bad one is never redirected to (RFC 6749 §4.1.2.1, RFC 9700 §4.1 and §4.11).",
        ("response_type", _, E::Authorize) => "The client asked for a response type the server does not offer it; the error can still go back to the trusted redirect URI.",
        ("scope", "invalid_scope", E::Token) => "A client may only ask for scopes it is registered for, and a refresh can only keep or narrow the original scope (RFC 6749 §3.3, §6).",
        ("scope", "invalid_scope", _) => "A client may only ask for scopes it is registered for (RFC 6749 §3.3).",
        ("code_challenge" | "code_challenge_method", "invalid_request", E::Authorize) => "The challenge must be what RFC 7636 §4.2 produces; a malformed or missing one is refused before any code is issued (RFC 7636 §4.4.1). A public client without PKCE would have a code anyone could redeem (RFC 9700 §2.1.1).",
        ("consent", "access_denied", _) => "The user refused: the client learns only access_denied — no code, no token.",
        ("code_verifier", "invalid_grant", _) => "This is what PKCE is for: an attacker who intercepted the authorization code (a malicious app on the same redirect URI, a leaked log or Referer) cannot redeem it without the code_verifier, which never left the client (RFC 7636 §1, §4.6).",
        ("code_challenge" | "code_challenge_method", "invalid_grant", _) => "The challenge was changed on its way to the server, so the code is bound to a challenge the client's real verifier does not produce: the server refuses, as it would refuse an attacker holding the wrong verifier (RFC 7636 §4.6).",
        ("code", "invalid_grant", _) => "A code the server did not issue to this client, or one already used or expired, is worthless: code injection and replay fail (RFC 6749 §4.1.2, RFC 9700 §4.5).",
        ("redirect_uri", "invalid_grant", _) => "The code is bound to the redirect URI it was delivered to; a code obtained through another redirect URI cannot be redeemed (RFC 6749 §4.1.3, §10.6).",
        ("redirect_uri", "invalid_request", E::Token) => "The authorization request named a redirect_uri, so the token request must repeat it (RFC 6749 §4.1.3).",
        ("client_id" | "client_secret", "invalid_client", _) => "Only the real client knows its secret: impersonating it fails (RFC 6749 §2.3.1). When the client used Basic, the answer is 401 with a WWW-Authenticate challenge (RFC 6749 §5.2).",
        ("client_id", "invalid_grant", _) => "Codes and refresh tokens are bound to the client they were issued to; another client cannot redeem them (RFC 6749 §4.1.3, §6).",
        ("grant_type", _, _) => "The grant type decides which rules apply; one the server does not know is unsupported_grant_type, one the client is not registered for is unauthorized_client (RFC 6749 §5.2).",
        ("refresh_token", "invalid_grant", _) => "A refresh token the server did not issue to this client, or one that was rotated out or revoked, is refused (RFC 6749 §6).",
        ("device_code", "invalid_grant", _) => "Only the device that started the flow knows its device_code; a guessed one gets nothing (RFC 8628 §5.2).",
        ("user_code", _, _) => "A mistyped or guessed user code matches no waiting device, so the device is never approved. User codes are short, which is why servers limit guesses (RFC 8628 §5.1).",
        ("username" | "password", "invalid_grant", _) => "Wrong credentials: the server refuses the grant. Note that the client saw them either way.",
        ("access_token" | "token", _, E::Api) => "A token that was altered or made up fails the signature check (JWT) or is unknown to the authorization server (opaque).",
        _ => return None,
    })
}

fn title_case_error(e: &ErrorResponse) -> String {
    format!("Error: {}", e.error)
}

impl Flow {
    /// Starts a flow with a freshly generated server key for `settings.alg` (RSA keys take a
    /// few seconds in a debug build; see [`Flow::with_key`] to reuse one) and computes its
    /// first step.
    pub fn new(
        kind: FlowKind,
        settings: Settings,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Flow, FlowError> {
        let config = ServerConfig {
            alg: settings.alg,
            ..ServerConfig::default()
        };
        let server = AuthServer::new(config, rng)?;
        Flow::start(kind, settings, server, now, rng)
    }

    /// Starts a flow whose server signs with `key` (which must fit `settings.alg`).
    pub fn with_key(
        kind: FlowKind,
        settings: Settings,
        key: Key,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Flow, FlowError> {
        let config = ServerConfig {
            alg: settings.alg,
            ..ServerConfig::default()
        };
        let server = AuthServer::with_key(config, key)?;
        Flow::start(kind, settings, server, now, rng)
    }

    fn start(
        kind: FlowKind,
        mut settings: Settings,
        mut server: AuthServer,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Flow, FlowError> {
        match kind {
            FlowKind::Implicit => settings.client_type = ClientType::Public,
            FlowKind::JwtVsOpaque => settings.client_type = ClientType::Confidential,
            _ => {}
        }
        let scopes = server.config().scopes_supported.clone();
        let register = |server: &mut AuthServer,
                        rng: &mut dyn CryptoRngCore,
                        client_id: &str,
                        format: TokenFormat,
                        grants: Vec<GrantType>|
         -> Option<String> {
            let secret = (settings.client_type == ClientType::Confidential).then(|| {
                let mut b = [0u8; 24];
                rng.fill_bytes(&mut b);
                crate::b64::encode(&b)
            });
            server.register_client(Client {
                client_id: client_id.to_owned(),
                client_type: settings.client_type,
                secret: secret
                    .as_ref()
                    .map(|s| crate::secret::Secret::new(s.as_bytes().to_vec())),
                name: "Tokenlab App".to_owned(),
                redirect_uris: vec![settings.redirect_uri.clone()],
                grant_types: grants,
                scopes: scopes.clone(),
                default_scope: "api.read".to_owned(),
                access_token_format: format,
            });
            secret
        };
        use GrantType as G;
        let grants = match kind {
            FlowKind::ClientCredentials => vec![G::ClientCredentials],
            FlowKind::DeviceAuthorization => vec![G::DeviceCode, G::RefreshToken],
            FlowKind::Implicit => vec![G::Implicit],
            FlowKind::Password => vec![G::Password, G::RefreshToken],
            FlowKind::JwtVsOpaque => vec![G::ClientCredentials],
            _ => vec![G::AuthorizationCode, G::RefreshToken],
        };
        let (client_id, client_secret) = if kind == FlowKind::JwtVsOpaque {
            let _ = register(
                &mut server,
                rng,
                OPAQUE_CLIENT_ID,
                TokenFormat::Opaque,
                grants.clone(),
            );
            let s = register(&mut server, rng, JWT_CLIENT_ID, TokenFormat::Jwt, grants);
            (JWT_CLIENT_ID, s)
        } else {
            let s = register(
                &mut server,
                rng,
                CLIENT_ID,
                settings.access_token_format,
                grants,
            );
            (CLIENT_ID, s)
        };
        let mut api = ResourceServer::register(&mut server, rng);
        if kind == FlowKind::Introspection {
            api.mode = ValidationMode::Introspection;
        }
        let verifier = pkce::generate_verifier(64, rng).ok();
        let challenge = verifier
            .as_deref()
            .and_then(|v| pkce::challenge(v, settings.pkce_method).ok());
        let client = ClientState {
            client_id: client_id.to_owned(),
            client_secret,
            redirect_uri: settings.redirect_uri.clone(),
            state: pkce::random_state(rng),
            nonce: (kind == FlowKind::OpenIdConnect).then(|| pkce::random_nonce(rng)),
            code_verifier: verifier.filter(|_| kind.uses_pkce()),
            code_challenge: challenge.filter(|_| kind.uses_pkce()),
            tokens: Vec::new(),
        };
        let mut flow = Flow {
            kind,
            settings,
            steps: Vec::new(),
            server,
            api,
            client,
            started_at: now,
            clock: now,
            ending: None,
            queue: Flow::script(kind),
            pending_authorization: None,
            pending_api_request: None,
            tampered: Vec::new(),
        };
        if matches!(
            kind,
            FlowKind::RefreshToken | FlowKind::Introspection | FlowKind::Revocation
        ) {
            flow.sign_in_beforehand(rng)?;
        }
        flow.advance(rng);
        Ok(flow)
    }

    fn script(kind: FlowKind) -> VecDeque<(Delay, Action)> {
        use Action as A;
        use Delay::{PastExpiry, Secs};
        let tokens = A::TokenResponse {
            expect: Expect::Tokens,
            store_as: "access_token",
        };
        let refusal = A::TokenResponse {
            expect: Expect::Refusal,
            store_as: "access_token",
        };
        let polling = A::TokenResponse {
            expect: Expect::Polling,
            store_as: "access_token",
        };
        let api = |slot, phase| A::ApiCall { slot, phase };
        let first = api("access_token", Phase::First);
        let steps: Vec<(Delay, Action)> = match kind {
            FlowKind::AuthorizationCode
            | FlowKind::AuthorizationCodePkce
            | FlowKind::OpenIdConnect => {
                let mut v = vec![
                    (Secs(0), A::RedirectToAuthorize),
                    (Secs(0), A::BrowserAuthorize),
                    (Secs(0), A::LoginPage),
                    (Secs(8), A::SubmitLogin),
                    (Secs(0), A::AuthorizeRedirect),
                    (Secs(0), A::FollowRedirect),
                    (Secs(0), A::HandleCallback),
                    (Secs(0), tokens),
                ];
                if kind == FlowKind::OpenIdConnect {
                    v.push((Secs(0), A::SignedIn));
                }
                v.push((Secs(1), first));
                v.push((Secs(0), A::ApiReceive));
                v
            }
            FlowKind::Implicit => vec![
                (Secs(0), A::RedirectToAuthorize),
                (Secs(0), A::BrowserAuthorize),
                (Secs(0), A::LoginPage),
                (Secs(8), A::SubmitLogin),
                (Secs(0), A::AuthorizeRedirect),
                (Secs(0), A::FollowRedirect),
                (Secs(1), A::HandleCallback),
                (Secs(0), A::ApiReceive),
            ],
            FlowKind::ClientCredentials => vec![
                (
                    Secs(0),
                    A::ClientCredentialsRequest {
                        client_id: CLIENT_ID,
                    },
                ),
                (Secs(0), tokens),
                (Secs(1), first),
                (Secs(0), A::ApiReceive),
            ],
            FlowKind::Password => vec![
                (Secs(0), A::PasswordForm),
                (Secs(0), A::PasswordRequest),
                (Secs(0), tokens),
                (Secs(1), first),
                (Secs(0), A::ApiReceive),
            ],
            FlowKind::DeviceAuthorization => vec![
                (Secs(0), A::DeviceRequest),
                (Secs(0), A::DeviceResponse),
                (Secs(0), A::ShowUserCode),
                (Secs(5), A::Poll { n: 1 }),
                (Secs(0), polling.clone()),
                (Secs(2), A::Poll { n: 2 }),
                (Secs(0), polling),
                (Secs(3), A::UserVerifies),
                (Secs(0), A::VerificationPage),
                (Secs(7), A::Poll { n: 3 }),
                (Secs(0), tokens),
            ],
            FlowKind::RefreshToken => vec![
                (
                    PastExpiry("access_token"),
                    A::RefreshRequest {
                        slot: "refresh_token",
                        attacker: false,
                    },
                ),
                (Secs(0), tokens),
                (
                    Secs(60),
                    A::RefreshRequest {
                        slot: "old_refresh_token",
                        attacker: true,
                    },
                ),
                (Secs(0), refusal.clone()),
                (
                    Secs(60),
                    A::RefreshRequest {
                        slot: "refresh_token",
                        attacker: false,
                    },
                ),
                (Secs(0), refusal),
            ],
            FlowKind::Introspection => vec![
                (Secs(1), first),
                (Secs(0), A::ApiReceive),
                (
                    PastExpiry("access_token"),
                    api("access_token", Phase::AfterExpiry),
                ),
                (Secs(0), A::ApiReceive),
            ],
            FlowKind::Revocation => vec![
                (
                    Secs(30),
                    A::RevokeRequest {
                        slot: "refresh_token",
                    },
                ),
                (Secs(0), A::RevokeResponse),
                (
                    Secs(5),
                    A::RefreshRequest {
                        slot: "refresh_token",
                        attacker: false,
                    },
                ),
                (Secs(0), refusal),
                (Secs(5), api("access_token", Phase::AfterRevocation)),
                (Secs(0), A::ApiReceive),
            ],
            FlowKind::JwtVsOpaque => vec![
                (
                    Secs(0),
                    A::ClientCredentialsRequest {
                        client_id: JWT_CLIENT_ID,
                    },
                ),
                (
                    Secs(0),
                    A::TokenResponse {
                        expect: Expect::Tokens,
                        store_as: "jwt_access_token",
                    },
                ),
                (
                    Secs(1),
                    A::ClientCredentialsRequest {
                        client_id: OPAQUE_CLIENT_ID,
                    },
                ),
                (
                    Secs(0),
                    A::TokenResponse {
                        expect: Expect::Tokens,
                        store_as: "opaque_access_token",
                    },
                ),
                (Secs(1), api("jwt_access_token", Phase::First)),
                (Secs(0), A::ApiReceive),
                (Secs(1), api("opaque_access_token", Phase::First)),
                (Secs(0), A::ApiReceive),
                (
                    Secs(10),
                    A::RevokeRequest {
                        slot: "jwt_access_token",
                    },
                ),
                (Secs(0), A::RevokeResponse),
                (
                    Secs(1),
                    A::RevokeRequest {
                        slot: "opaque_access_token",
                    },
                ),
                (Secs(0), A::RevokeResponse),
                (Secs(5), api("jwt_access_token", Phase::AfterRevocation)),
                (Secs(0), A::ApiReceive),
                (Secs(1), api("opaque_access_token", Phase::AfterRevocation)),
                (Secs(0), A::ApiReceive),
                (
                    PastExpiry("jwt_access_token"),
                    api("jwt_access_token", Phase::AfterExpiry),
                ),
                (Secs(0), A::ApiReceive),
            ],
        };
        steps.into_iter().collect()
    }

    /// The lanes of the diagram.
    pub fn lanes() -> [Actor; 4] {
        Actor::ALL
    }

    /// True once the flow has ended (no further step).
    pub fn finished(&self) -> bool {
        self.ending.is_some()
    }

    /// The last step.
    pub fn current(&self) -> Option<&Step> {
        self.steps.last()
    }

    /// Applies the learner's edits to the last step's message (by [`TamperField::name`]; an
    /// empty value removes the parameter; unknown names and unchanged values are ignored), then
    /// computes the next step from the real answer. `None` once the flow has ended.
    pub fn next(&mut self, tamper: &[(&str, &str)], rng: &mut impl CryptoRngCore) -> Option<&Step> {
        if self.ending.is_some() {
            return None;
        }
        if let Some(last) = self.steps.last_mut() {
            let mut changed = Vec::new();
            if let Some(msg) = last.message.as_mut() {
                for (name, value) in tamper {
                    let Some(f) = last.tamperable.iter_mut().find(|f| f.name == *name) else {
                        continue;
                    };
                    if f.value == *value {
                        continue;
                    }
                    apply(msg, f, value);
                    f.value = (*value).to_owned();
                    changed.push((*name).to_owned());
                }
            }
            if !changed.is_empty() {
                if let Some(msg) = &last.message {
                    last.tokens = tokens_in(msg);
                }
                for name in changed {
                    if !last.tampered.contains(&name) {
                        last.tampered.push(name.clone());
                    }
                    self.tampered.retain(|n| *n != name);
                    self.tampered.push(name);
                }
            }
        }
        let before = self.steps.len();
        self.advance(rng);
        if self.steps.len() > before {
            self.steps.last()
        } else {
            None
        }
    }

    /// Runs the flow to its end without tampering (for tests and the "play all" button).
    pub fn run_to_end(&mut self, rng: &mut impl CryptoRngCore) {
        while self.next(&[], rng).is_some() {}
    }

    /// Lets `secs` seconds of simulated time pass before the last step's message is
    /// delivered: tamper mode's "send an expired code". Call it, then [`Flow::next`]. The
    /// step records the wait in [`Step::waited`] and its [`Step::at`] moves to when it is
    /// actually sent. When a token request then fails because its code expired, the answer's
    /// narration explains what short code lifetimes prevent.
    ///
    /// Negative waits count as none and the clock saturates, so any value is safe. Nothing
    /// happens once the flow has ended.
    pub fn wait(&mut self, secs: i64) {
        let secs = secs.max(0);
        if self.ending.is_some() || secs == 0 {
            return;
        }
        self.clock = self.clock.saturating_add(secs);
        if let Some(last) = self.steps.last_mut() {
            last.waited = last.waited.saturating_add(secs);
            last.at = self.clock;
        }
    }

    /// When the last step is a token request redeeming an authorization code this server
    /// issued (Authorization Code, + PKCE, OpenID Connect), when that code expires; `None`
    /// for any other step and once the flow has ended. Waiting ([`Flow::wait`]) at least
    /// [`CodeExpiry::expires_in`] seconds before sending gets the code refused.
    pub fn code_expiry(&self) -> Option<CodeExpiry> {
        if self.ending.is_some()
            || !matches!(self.queue.front(), Some((_, Action::TokenResponse { .. })))
        {
            return None;
        }
        let form = self.steps.last()?.message.as_ref()?.form();
        if http::find(&form, "grant_type") != Some("authorization_code") {
            return None;
        }
        let code = http::find(&form, "code")?;
        let record = self.server.codes().iter().find(|c| c.code == code)?;
        let expires_in = record.expires_at.saturating_sub(self.clock).max(0);
        Some(CodeExpiry {
            expires_at: record.expires_at,
            expires_in,
            lifetime: self.server.config().code_lifetime,
            wait_to_expire: expires_in.saturating_add(1),
        })
    }

    /// True when `req` redeems an authorization code the server issued and has not seen
    /// used, which has expired by now: the server will refuse it for that reason.
    fn sends_expired_code(&self, req: &HttpMessage) -> bool {
        let form = req.form();
        if http::find(&form, "grant_type") != Some("authorization_code") {
            return false;
        }
        let Some(code) = http::find(&form, "code") else {
            return false;
        };
        self.server
            .codes()
            .iter()
            .find(|c| c.code == code)
            .is_some_and(|c| !c.used && self.clock >= c.expires_at)
    }

    fn advance(&mut self, rng: &mut impl CryptoRngCore) {
        let Some((delay, action)) = self.queue.pop_front() else {
            if self.ending.is_none() {
                self.end(true, "The flow is complete.");
            }
            return;
        };
        let wait = match delay {
            Delay::Secs(s) => s,
            Delay::PastExpiry(slot) => self
                .client
                .token(slot)
                .and_then(|t| self.server.token_record(t))
                .map_or(0, |r| {
                    r.expires_at.saturating_sub(self.clock).saturating_add(1)
                })
                .max(0),
        };
        self.clock = self.clock.saturating_add(wait);
        self.run(action, rng);
        if self.queue.is_empty() && self.ending.is_none() {
            self.end(true, self.completion_summary());
        }
    }

    fn completion_summary(&self) -> &'static str {
        match self.kind {
            FlowKind::AuthorizationCode | FlowKind::AuthorizationCodePkce => {
                "The client got an access token for the user and used it at the API."
            }
            FlowKind::OpenIdConnect => {
                "The user is signed in (ID token checked) and the client used the access token."
            }
            FlowKind::ClientCredentials => "The client got a token for itself and used it.",
            FlowKind::DeviceAuthorization => "The device got its tokens after the user approved it.",
            FlowKind::RefreshToken => "Rotation caught the replay: the whole token family is revoked and the user must sign in again.",
            FlowKind::Introspection => "The API asked about the token on every call: active, then inactive after it expired.",
            FlowKind::Revocation => "The refresh token and the access tokens of its grant are revoked.",
            FlowKind::JwtVsOpaque => "The revoked opaque token was refused at once; the revoked JWT was accepted until it expired.",
            FlowKind::Implicit => "The client got an access token straight from the URL fragment — and so could anything else in the browser.",
            FlowKind::Password => "The client got tokens — after handling the user's password itself.",
        }
    }

    fn end(&mut self, completed: bool, summary: impl Into<String>) {
        self.queue.clear();
        // Nothing will be delivered any more, so nothing can be tampered with.
        if let Some(last) = self.steps.last_mut() {
            last.tamperable.clear();
        }
        self.ending = Some(Ending {
            completed,
            summary: summary.into(),
        });
    }

    fn stop(&mut self, summary: impl Into<String>) {
        self.end(false, summary);
    }

    fn push(
        &mut self,
        from: Actor,
        to: Actor,
        title: impl Into<String>,
        message: Option<HttpMessage>,
        narration: impl Into<String>,
        spec: Spec,
    ) -> &mut Step {
        let tokens = message.as_ref().map(tokens_in).unwrap_or_default();
        let error = message
            .as_ref()
            .filter(|m| !m.is_request())
            .and_then(ErrorResponse::read)
            .map(|e| e.error);
        let index = self.steps.len();
        self.steps.push(Step {
            index,
            from,
            to,
            title: title.into(),
            message,
            narration: narration.into(),
            spec,
            tamperable: Vec::new(),
            tampered: Vec::new(),
            tokens,
            checks: Vec::new(),
            error,
            at: self.clock,
            waited: 0,
        });
        let last = self.steps.len() - 1;
        &mut self.steps[last]
    }

    fn last_message(&self) -> HttpMessage {
        self.steps
            .last()
            .and_then(|s| s.message.clone())
            .unwrap_or_default()
    }

    /// The attack notes of every tampered value, most recent first, for an error at `at`.
    fn notes(&self, code: &str, at: Endpoint) -> String {
        let mut notes: Vec<&str> = Vec::new();
        for name in self.tampered.iter().rev() {
            if let Some(n) = attack_note(name, code, at) {
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
        notes.join(" ")
    }

    /// Why codes are short-lived, for a token request refused because its code expired.
    fn code_expiry_note(&self) -> String {
        let waited = self.steps.last().map_or(0, |s| s.waited).max(0);
        let lifetime = self.server.config().code_lifetime;
        let seconds = |n: i64| {
            if n < 3_600 {
                format!("{n} s")
            } else {
                claims::describe_duration(i128::from(n))
            }
        };
        let waited = if waited > 0 {
            format!(
                "The client waited {} before sending the token request, so the code had expired. ",
                seconds(waited)
            )
        } else {
            "The code had expired before the token request was sent. ".to_owned()
        };
        format!("{waited}This is what short-lived codes are for: a code stolen after the fact — from a server or proxy log, a Referer header, the browser history — is worthless by the time an attacker tries to redeem it. RFC 6749 §4.1.2 says a code must expire shortly after it is issued, a lifetime of at most 10 minutes being recommended; this server's codes live {} (RFC 6749 §10.5, RFC 9700 §4.2 and §4.3).", seconds(lifetime))
    }

    fn error_narration(&self, e: &ErrorResponse, at: Endpoint) -> String {
        let notes = self.notes(&e.error, at);
        if notes.is_empty() {
            describe_error(e)
        } else {
            format!("{} {notes}", describe_error(e))
        }
    }

    /// A request from a client to the authorization server, authenticated as the settings say.
    fn client_request(&self, url: String, pairs: &[(&str, &str)], client_id: &str) -> HttpMessage {
        let secret = self.server.client(client_id).and_then(Client::secret_text);
        let mut all: Vec<(&str, &str)> = pairs.to_vec();
        let basic = match (&secret, self.settings.client_auth) {
            (Some(_), ClientAuth::ClientSecretBasic) => true,
            (Some(s), ClientAuth::ClientSecretPost) => {
                all.push(("client_id", client_id));
                all.push(("client_secret", s.as_str()));
                false
            }
            (None, _) => {
                all.push(("client_id", client_id));
                false
            }
        };
        let mut req = HttpMessage::post_form(url, &all);
        if let (true, Some(s)) = (basic, &secret) {
            req.set_basic_auth(client_id, s);
        }
        req
    }

    /// The tamperable client-authentication fields of a request.
    fn auth_fields(msg: &HttpMessage) -> Vec<TamperField> {
        match msg.authorization() {
            Authorization::Basic { .. } => vec![
                field(
                    msg,
                    "client_id",
                    "client_id (in Basic)",
                    TamperTarget::BasicUser,
                ),
                field(
                    msg,
                    "client_secret",
                    "client_secret (in Basic)",
                    TamperTarget::BasicPassword,
                ),
            ],
            _ => {
                let mut v = vec![field(msg, "client_id", "client_id", TamperTarget::Form)];
                if msg.form().iter().any(|(k, _)| k == "client_secret") {
                    v.push(field(
                        msg,
                        "client_secret",
                        "client_secret",
                        TamperTarget::Form,
                    ));
                }
                v
            }
        }
    }

    fn auth_sentence(&self, client_id: &str) -> String {
        let confidential = self
            .server
            .client(client_id)
            .is_some_and(|c| c.client_type == ClientType::Confidential);
        match (confidential, self.settings.client_auth) {
            (true, ClientAuth::ClientSecretBasic) => "It authenticates with client_secret_basic: its id and secret in the Authorization header (RFC 6749 §2.3.1).".to_owned(),
            (true, ClientAuth::ClientSecretPost) => "It authenticates with client_secret_post: its id and secret in the form body (RFC 6749 §2.3.1).".to_owned(),
            (false, _) => "As a public client it has no secret: it only names itself with client_id (RFC 6749 §2.1).".to_owned(),
        }
    }

    /// Signs in before the flow starts (refresh, introspection, revocation need tokens).
    fn sign_in_beforehand(&mut self, rng: &mut impl CryptoRngCore) -> Result<(), FlowError> {
        let now = self.clock;
        let authorize = self.authorize_request();
        let redirect = self.server.authorize(&authorize, true, now, rng);
        let setup = |resp: &HttpMessage| FlowError::Setup {
            reason: ErrorResponse::read(resp)
                .map(|e| format!("{} ({})", e.error, e.description.unwrap_or_default()))
                .unwrap_or_else(|| format!("HTTP {}", resp.status.unwrap_or(0))),
        };
        let Some(code) = http::find(&redirect.location_query(), "code").map(str::to_owned) else {
            return Err(setup(&redirect));
        };
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", self.client.redirect_uri.as_str()),
        ];
        let verifier = self.client.code_verifier.clone().unwrap_or_default();
        if !verifier.is_empty() {
            pairs.push(("code_verifier", verifier.as_str()));
        }
        let req = self.client_request(
            self.server.token_endpoint(),
            &pairs,
            &self.client.client_id.clone(),
        );
        let resp = self.server.token(&req, now, rng);
        if resp.status != Some(200) {
            return Err(setup(&resp));
        }
        self.store_tokens(&resp, "access_token");
        Ok(())
    }

    fn store_tokens(&mut self, resp: &HttpMessage, store_as: &str) {
        if let Some(at) = resp.json_str("access_token") {
            self.client.set_token(store_as, &at);
        }
        if let Some(rt) = resp.json_str("refresh_token") {
            if let Some(old) = self.client.token("refresh_token").map(str::to_owned) {
                if old != rt {
                    self.client.set_token("old_refresh_token", &old);
                }
            }
            self.client.set_token("refresh_token", &rt);
        }
        if let Some(id) = resp.json_str("id_token") {
            self.client.set_token("id_token", &id);
        }
    }

    /// The authorization request the client sends (RFC 6749 §4.1.1 / §4.2.1).
    fn authorize_request(&self) -> HttpMessage {
        let response_type = if self.kind == FlowKind::Implicit {
            "token"
        } else {
            "code"
        };
        let mut pairs: Vec<(String, String)> = vec![
            ("response_type".into(), response_type.into()),
            ("client_id".into(), self.client.client_id.clone()),
            ("redirect_uri".into(), self.client.redirect_uri.clone()),
            ("scope".into(), self.settings.scope.clone()),
            ("state".into(), self.client.state.clone()),
        ];
        if let Some(n) = &self.client.nonce {
            pairs.push(("nonce".into(), n.clone()));
        }
        if let Some(c) = &self.client.code_challenge {
            pairs.push(("code_challenge".into(), c.clone()));
            pairs.push((
                "code_challenge_method".into(),
                self.settings.pkce_method.name().into(),
            ));
        }
        HttpMessage::get(http::with_query(
            &self.server.authorization_endpoint(),
            &pairs,
        ))
    }

    fn run(&mut self, action: Action, rng: &mut impl CryptoRngCore) {
        use Actor::{AuthServer as AS, Client as C, ResourceServer as RS, User as U};
        match action {
            Action::RedirectToAuthorize => {
                let req = self.authorize_request();
                let location = req.url.clone();
                let mut n = String::from("The client sends the user's browser to the authorization server. It generates a random state and stores it in the user's session, to recognise the answer to its own request when it comes back (RFC 6749 §10.12).");
                if let (Some(v), Some(c)) =
                    (&self.client.code_verifier, &self.client.code_challenge)
                {
                    n.push_str(&format!(" For PKCE it generates a code_verifier ({} random characters) and keeps it secret; only code_challenge = {} goes into the URL ({c}).", v.len(), if self.settings.pkce_method == Method::S256 { "BASE64URL(SHA-256(code_verifier))" } else { "the verifier itself (plain: weaker, only for clients that cannot hash)" }));
                }
                if self.client.nonce.is_some() {
                    n.push_str(" For OpenID Connect it adds a nonce, which must come back inside the ID token (replay protection).");
                }
                if self.kind == FlowKind::Implicit {
                    n.push_str(" response_type=token asks for the access token itself in the answer — the implicit grant.");
                }
                if self.kind == FlowKind::AuthorizationCode {
                    n.push_str(
                        " There is no PKCE here: the code alone is what the client will redeem.",
                    );
                }
                let spec = match self.kind {
                    FlowKind::Implicit => rfc!("6749", "4.2.1"),
                    FlowKind::OpenIdConnect => oidc!("3.1.2.1", "AuthRequest"),
                    FlowKind::AuthorizationCode => rfc!("6749", "4.1.1"),
                    _ => rfc!("7636", "4.3"),
                };
                self.push(
                    C,
                    U,
                    "Redirect to the authorization endpoint",
                    Some(HttpMessage::redirect(location)),
                    n,
                    spec,
                );
            }
            Action::BrowserAuthorize => {
                let req = self.authorize_request();
                let mut fields = vec![
                    field(&req, "client_id", "client_id", TamperTarget::Query),
                    field(&req, "redirect_uri", "redirect_uri", TamperTarget::Query),
                    field(&req, "response_type", "response_type", TamperTarget::Query),
                    field(&req, "scope", "scope", TamperTarget::Query),
                    field(&req, "state", "state", TamperTarget::Query),
                ];
                if self.client.nonce.is_some() {
                    fields.push(field(&req, "nonce", "nonce", TamperTarget::Query));
                }
                if self.client.code_challenge.is_some() {
                    fields.push(field(
                        &req,
                        "code_challenge",
                        "code_challenge",
                        TamperTarget::Query,
                    ));
                    fields.push(field(
                        &req,
                        "code_challenge_method",
                        "code_challenge_method",
                        TamperTarget::Query,
                    ));
                }
                let n = "The browser follows the redirect. Everything in this URL passed through the browser, so the server trusts none of it: it checks client_id, that redirect_uri exactly matches a registered one, response_type, scope and the PKCE challenge. Try changing a value before sending it.";
                let spec = if self.kind == FlowKind::Implicit {
                    rfc!("6749", "4.2.1")
                } else {
                    rfc!("6749", "4.1.1")
                };
                self.push(U, AS, "Authorization request", Some(req), n, spec)
                    .tamperable = fields;
            }
            Action::LoginPage => {
                let req = self.last_message();
                self.pending_authorization = Some(req.clone());
                let resp = self.server.authorize_page(&req);
                match resp.status {
                    Some(200) => {
                        let n = "The request is valid. The server asks the user to sign in and shows what the client wants (consent). The user types the password on the server's own page: the client never sees it.";
                        self.push(
                            AS,
                            U,
                            "Sign-in and consent page",
                            Some(resp),
                            n,
                            rfc!("6749", "4.1"),
                        );
                    }
                    Some(302) => {
                        let e = ErrorResponse::read(&resp);
                        let n = match &e {
                            Some(e) => format!("{} The client and redirect URI are trusted, so the server sends the error back to the client (RFC 6749 §4.1.2.1).", self.error_narration(e, Endpoint::Authorize)),
                            None => "The server redirects back to the client.".to_owned(),
                        };
                        let title = e
                            .as_ref()
                            .map_or("Redirect back".to_owned(), title_case_error);
                        self.push(AS, U, title, Some(resp), n, rfc!("6749", "4.1.2.1"));
                        self.queue = VecDeque::from(vec![
                            (Delay::Secs(0), Action::FollowRedirect),
                            (Delay::Secs(0), Action::HandleCallback),
                        ]);
                    }
                    _ => {
                        let e = ErrorResponse::read(&resp).or_else(|| page_error(&resp));
                        let mut n = "The server shows the user an error page and does not redirect: the client or the redirect URI cannot be trusted (RFC 6749 §4.1.2.1).".to_owned();
                        if let Some(e) = &e {
                            let notes = self.notes(&e.error, Endpoint::Authorize);
                            if !notes.is_empty() {
                                n = format!("{n} {notes}");
                            }
                        }
                        self.push(
                            AS,
                            U,
                            "Error page (no redirect)",
                            Some(resp),
                            n,
                            rfc!("6749", "4.1.2.1"),
                        );
                        self.stop(
                            "The authorization server refused the request and did not redirect.",
                        );
                    }
                }
            }
            Action::SubmitLogin => {
                let user = self.server.user().clone();
                let password = String::from_utf8_lossy(user.password.expose()).into_owned();
                let req = HttpMessage::post_form(
                    self.server.endpoint("/login"),
                    &[
                        ("username", user.username.as_str()),
                        ("password", password.as_str()),
                        ("consent", "allow"),
                    ],
                );
                let f = field(
                    &req,
                    "consent",
                    "consent (allow or deny)",
                    TamperTarget::Form,
                );
                let n = "The user signs in and approves. Set consent to deny to see what the client gets when the user refuses.";
                self.push(
                    U,
                    AS,
                    "Sign in and approve",
                    Some(req),
                    n,
                    rfc!("6749", "4.1"),
                )
                .tamperable = vec![f];
            }
            Action::AuthorizeRedirect => {
                let consent = http::find(&self.last_message().form(), "consent") == Some("allow");
                let req = self.pending_authorization.clone().unwrap_or_default();
                let resp = self.server.authorize(&req, consent, self.clock, rng);
                let e = ErrorResponse::read(&resp);
                let implicit = self.kind == FlowKind::Implicit;
                let (title, n, spec) = match &e {
                    Some(e) => (title_case_error(e), self.error_narration(e, Endpoint::Authorize), rfc!("6749", "4.1.2.1")),
                    None if implicit => ("Redirect with the access token in the fragment".to_owned(), "The server puts the access token itself in the URL fragment. It now sits in the browser: in its history, visible to every script on the page and to browser extensions, and nothing binds it to this client — an attacker can inject a stolen token the same way (RFC 9700 §2.1.2, §4.6). This is why the implicit grant is deprecated.".to_owned(), rfc!("6749", "4.2.2")),
                    None => ("Redirect back with the code".to_owned(), format!("The server issues a one-time authorization code, valid {} s, bound to the client, the redirect_uri{}, and sends the browser back to the redirect URI with the code and the unchanged state. It adds iss, so the client can check which server answered (RFC 9207, mix-up defence).", self.server.config().code_lifetime, if self.client.code_challenge.is_some() { " and the code_challenge" } else { "" }), rfc!("6749", "4.1.2")),
                };
                let step = self.push(AS, U, title, Some(resp.clone()), n, spec);
                if implicit && e.is_none() {
                    step.tamperable = vec![
                        field(
                            &resp,
                            "access_token",
                            "access_token (an attacker could inject another)",
                            TamperTarget::LocationFragment,
                        ),
                        field(&resp, "state", "state", TamperTarget::LocationFragment),
                    ];
                }
            }
            Action::FollowRedirect => {
                let location = self
                    .last_message()
                    .location()
                    .unwrap_or_default()
                    .to_owned();
                if self.kind == FlowKind::Implicit {
                    let url = http::url_without_query(&location).to_owned();
                    let n = "The browser loads the redirect URI. The fragment (#…) is never sent to the server: the page's JavaScript reads the token from location.hash — as can any other script running in that page.";
                    self.push(
                        U,
                        C,
                        "Browser loads the callback page",
                        Some(HttpMessage::get(url)),
                        n,
                        rfc!("6749", "4.2.2"),
                    );
                } else {
                    let req = HttpMessage::get(location.split('#').next().unwrap_or("").to_owned());
                    let has_code = req.query().iter().any(|(k, _)| k == "code");
                    let mut fields = Vec::new();
                    if has_code {
                        fields.push(field(
                            &req,
                            "code",
                            "code (an attacker could inject their own)",
                            TamperTarget::Query,
                        ));
                    }
                    fields.push(field(
                        &req,
                        "state",
                        "state (a CSRF attacker would not know it)",
                        TamperTarget::Query,
                    ));
                    let n = if has_code {
                        "The browser delivers the code to the client's redirect URI. The code is in the URL, so it can leak through history, logs or Referer headers: that is why it lives only seconds, works once, and — with PKCE — is useless on its own."
                    } else {
                        "The browser delivers the answer to the client's redirect URI."
                    };
                    self.push(U, C, "Callback", Some(req), n, rfc!("6749", "4.1.2"))
                        .tamperable = fields;
                }
            }
            Action::HandleCallback => self.handle_callback(rng),
            Action::TokenResponse { expect, store_as } => {
                let req = self.last_message();
                let expired_code = self.sends_expired_code(&req);
                let resp = self.server.token(&req, self.clock, rng);
                self.token_response(resp, expect, store_as, expired_code);
            }
            Action::SignedIn => self.signed_in(),
            Action::ApiCall { slot, phase } => {
                let token = self.client.token(slot).unwrap_or_default().to_owned();
                let req = self.api.api_request(&token);
                let f = field(&req, "access_token", "access token", TamperTarget::Bearer);
                let which = match slot {
                    "jwt_access_token" => "the JWT access token",
                    "opaque_access_token" => "the opaque access token",
                    _ => "the access token",
                };
                let n = match phase {
                    Phase::First => format!("The client calls the API with {which} in the Authorization header (RFC 6750 §2.1). The client does not need to understand the token; the API does."),
                    Phase::AfterRevocation => format!("The token was revoked. The client (or an attacker who copied the token) calls the API again with {which}."),
                    Phase::AfterExpiry => format!("{} later {which} has expired. It is sent once more.", claims::describe_duration(i128::from(self.clock.saturating_sub(self.started_at)))),
                };
                self.pending_api_request = Some(req.clone());
                self.push(C, RS, "API request", Some(req), n, rfc!("6750", "2.1"))
                    .tamperable = vec![f];
            }
            Action::ApiReceive => {
                let req = self.last_message();
                self.pending_api_request = Some(req.clone());
                match self.api.receive(&req, self.clock) {
                    Received::Respond { response, checks } => {
                        self.api_answer(&req, response, checks, "local")
                    }
                    Received::Introspect { request, checks } => {
                        let f = field(&request, "token", "token", TamperTarget::Form);
                        let n = if self.api.mode == ValidationMode::Introspection {
                            "The API is set to ask the authorization server about every token. It calls the introspection endpoint, authenticating with its own credentials (RFC 7662 §2.1)."
                        } else {
                            "The token is opaque: a random string only the authorization server can interpret. The API asks it at the introspection endpoint, authenticating with its own credentials (RFC 7662 §2.1) — one extra request on every call."
                        };
                        let step = self.push(
                            RS,
                            AS,
                            "Introspection request",
                            Some(request),
                            n,
                            rfc!("7662", "2.1"),
                        );
                        step.checks = checks;
                        step.tamperable = vec![f];
                        self.queue.push_front((Delay::Secs(0), Action::ApiConclude));
                        self.queue
                            .push_front((Delay::Secs(0), Action::IntrospectAnswer));
                    }
                }
            }
            Action::IntrospectAnswer => {
                let req = self.last_message();
                let resp = self.server.introspect(&req, self.clock);
                let active = resp.json_body().and_then(|b| b.get("active").cloned())
                    == Some(Value::Bool(true));
                let n = if active {
                    "The token is active. The server returns what it knows about it: scope, client_id, the user, exp, aud (RFC 7662 §2.2)."
                } else if resp.status == Some(200) {
                    "The token is not active (expired, revoked or unknown). The server says only {\"active\": false}, nothing more, so it reveals nothing about tokens that do not exist (RFC 7662 §2.2)."
                } else {
                    "The introspection request itself was refused."
                };
                self.push(
                    AS,
                    RS,
                    if active {
                        "active: true"
                    } else {
                        "active: false"
                    },
                    Some(resp),
                    n,
                    rfc!("7662", "2.2"),
                );
            }
            Action::ApiConclude => {
                let answer = self.last_message();
                let req = self.pending_api_request.clone().unwrap_or_default();
                let (resp, checks) = self.api.conclude(&req, &answer, self.clock);
                self.api_answer(&req, resp, checks, "introspection");
            }
            Action::ClientCredentialsRequest { client_id } => {
                let public = self
                    .server
                    .client(client_id)
                    .is_some_and(|c| c.client_type == ClientType::Public);
                let req = self.client_request(
                    self.server.token_endpoint(),
                    &[
                        ("grant_type", "client_credentials"),
                        ("scope", self.settings.scope.as_str()),
                    ],
                    client_id,
                );
                let mut fields = vec![
                    field(&req, "grant_type", "grant_type", TamperTarget::Form),
                    field(&req, "scope", "scope", TamperTarget::Form),
                ];
                fields.extend(Flow::auth_fields(&req));
                let mut n = format!("No user is involved: the client asks for a token for itself (RFC 6749 §4.4.2). {}", self.auth_sentence(client_id));
                if self.kind == FlowKind::JwtVsOpaque {
                    n = format!(
                        "Client {client_id} is registered for {} access tokens. {n}",
                        if client_id == JWT_CLIENT_ID {
                            "JWT"
                        } else {
                            "opaque"
                        }
                    );
                }
                if public {
                    n.push_str(" But a public client has no credentials of its own, so this grant is not for it.");
                }
                self.push(
                    C,
                    AS,
                    "Token request (client_credentials)",
                    Some(req),
                    n,
                    rfc!("6749", "4.4.2"),
                )
                .tamperable = fields;
            }
            Action::DeviceRequest => {
                let req = self.client_request(
                    self.server.device_authorization_endpoint(),
                    &[("scope", self.settings.scope.as_str())],
                    &self.client.client_id.clone(),
                );
                let mut fields = vec![field(&req, "scope", "scope", TamperTarget::Form)];
                fields.extend(Flow::auth_fields(&req));
                let n = "A device without a comfortable browser or keyboard (a TV, a CLI) starts the flow at the device authorization endpoint.";
                self.push(
                    C,
                    AS,
                    "Device authorization request",
                    Some(req),
                    n,
                    rfc!("8628", "3.1"),
                )
                .tamperable = fields;
            }
            Action::DeviceResponse => {
                let req = self.last_message();
                let resp = self.server.device_authorization(&req, self.clock, rng);
                match ErrorResponse::read(&resp) {
                    Some(e) => {
                        let n = self.error_narration(&e, Endpoint::Device);
                        self.push(
                            AS,
                            C,
                            title_case_error(&e),
                            Some(resp),
                            n,
                            rfc!("8628", "3.2"),
                        );
                        self.stop("The device authorization request was refused.");
                    }
                    None => {
                        if let Some(dc) = resp.json_str("device_code") {
                            self.client.set_token("device_code", &dc);
                        }
                        if let Some(uc) = resp.json_str("user_code") {
                            self.client.set_token("user_code", &uc);
                        }
                        let n = "The server answers with a device_code (the device's secret, for polling), a short user_code for the user to type, the verification URI, how long the codes live, and how often the device may poll (interval).";
                        self.push(
                            AS,
                            C,
                            "Device and user codes",
                            Some(resp),
                            n,
                            rfc!("8628", "3.2"),
                        );
                    }
                }
            }
            Action::ShowUserCode => {
                let uc = self
                    .client
                    .token("user_code")
                    .unwrap_or_default()
                    .to_owned();
                let n = format!("The device shows: \"Visit {} and enter {uc}\" (often also as a QR code of verification_uri_complete). The user does that on their phone, where they can sign in comfortably; meanwhile the device polls.", self.server.verification_uri());
                self.push(C, U, format!("Shows {uc}"), None, n, rfc!("8628", "3.3"));
            }
            Action::Poll { n } => {
                let dc = self
                    .client
                    .token("device_code")
                    .unwrap_or_default()
                    .to_owned();
                let req = self.client_request(
                    self.server.token_endpoint(),
                    &[
                        ("grant_type", DEVICE_CODE_GRANT),
                        ("device_code", dc.as_str()),
                    ],
                    &self.client.client_id.clone(),
                );
                let mut fields = vec![field(
                    &req,
                    "device_code",
                    "device_code",
                    TamperTarget::Form,
                )];
                fields.extend(Flow::auth_fields(&req));
                let text = match n {
                    1 => "After the interval (5 s) the device asks the token endpoint whether the user has approved.".to_owned(),
                    2 => "Impatient, the device polls again after only 2 s.".to_owned(),
                    _ => "The device waits the new, longer interval and polls again.".to_owned(),
                };
                self.push(
                    C,
                    AS,
                    format!("Poll #{n}"),
                    Some(req),
                    text,
                    rfc!("8628", "3.4"),
                )
                .tamperable = fields;
            }
            Action::UserVerifies => {
                let uc = self
                    .client
                    .token("user_code")
                    .unwrap_or_default()
                    .to_owned();
                let req = HttpMessage::post_form(
                    self.server.verification_uri(),
                    &[("user_code", uc.as_str()), ("consent", "allow")],
                );
                let fields = vec![
                    field(&req, "user_code", "user_code", TamperTarget::Form),
                    field(
                        &req,
                        "consent",
                        "consent (allow or deny)",
                        TamperTarget::Form,
                    ),
                ];
                let n = "On their phone the user opens the verification URI, signs in, types the user code and approves the device.";
                self.push(
                    U,
                    AS,
                    "User enters the code",
                    Some(req),
                    n,
                    rfc!("8628", "3.3"),
                )
                .tamperable = fields;
            }
            Action::VerificationPage => {
                let req = self.last_message();
                let resp = self.server.device_verification(&req, self.clock);
                let n = if resp.status == Some(200) {
                    "The server records the user's decision. The device does not learn it until it polls again.".to_owned()
                } else {
                    let note = self.notes("", Endpoint::Device);
                    format!("The code was not accepted. {note}")
                        .trim_end()
                        .to_owned()
                };
                self.push(
                    AS,
                    U,
                    if resp.status == Some(200) {
                        "Decision recorded"
                    } else {
                        "Code not accepted"
                    },
                    Some(resp),
                    n,
                    rfc!("8628", "3.3"),
                );
            }
            Action::RefreshRequest { slot, attacker } => {
                let rt = self.client.token(slot).unwrap_or_default().to_owned();
                let req = self.client_request(
                    self.server.token_endpoint(),
                    &[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", rt.as_str()),
                    ],
                    &self.client.client_id.clone(),
                );
                let mut fields = vec![
                    field(&req, "refresh_token", "refresh_token", TamperTarget::Form),
                    field(&req, "scope", "scope (may only narrow)", TamperTarget::Form),
                ];
                fields.extend(Flow::auth_fields(&req));
                let (title, n) = match (self.kind, attacker) {
                    (_, true) => ("Attacker replays the old refresh token", "An attacker copied the first refresh token earlier (from the browser's storage, a log, a backup) and now uses it, posing as the client. For a public client the refresh token alone is enough.".to_owned()),
                    (FlowKind::Revocation, _) => ("Refresh with the revoked token", "Later, something tries to use the revoked refresh token.".to_owned()),
                    (_, false) if self.client.token("old_refresh_token").is_some() => ("Client refreshes with its current token", "The legitimate client, unaware of the attack, refreshes with the newest refresh token it holds.".to_owned()),
                    _ => ("Refresh request", format!("The access token has expired. Instead of sending the user through the login again, the client uses its refresh token (RFC 6749 §6). {}", self.auth_sentence(&self.client.client_id))),
                };
                self.push(C, AS, title, Some(req), n, rfc!("6749", "6"))
                    .tamperable = fields;
            }
            Action::RevokeRequest { slot } => {
                let client_id = if slot == "opaque_access_token" {
                    OPAQUE_CLIENT_ID
                } else {
                    self.client.client_id.as_str()
                }
                .to_owned();
                let token = self.client.token(slot).unwrap_or_default().to_owned();
                let hint = if slot == "refresh_token" {
                    "refresh_token"
                } else {
                    "access_token"
                };
                let req = self.client_request(
                    self.server.revocation_endpoint(),
                    &[("token", token.as_str()), ("token_type_hint", hint)],
                    &client_id,
                );
                let mut fields = vec![field(&req, "token", "token", TamperTarget::Form)];
                fields.extend(Flow::auth_fields(&req));
                let n = if slot == "refresh_token" {
                    "The user signs out. The client tells the server it no longer needs its refresh token (RFC 7009 §2.1).".to_owned()
                } else {
                    format!(
                        "The client revokes {} (RFC 7009 §2.1).",
                        if slot == "jwt_access_token" {
                            "the JWT access token"
                        } else {
                            "the opaque access token"
                        }
                    )
                };
                self.push(
                    C,
                    AS,
                    "Revocation request",
                    Some(req),
                    n,
                    rfc!("7009", "2.1"),
                )
                .tamperable = fields;
            }
            Action::RevokeResponse => {
                let req = self.last_message();
                let resp = self.server.revoke(&req, self.clock);
                match ErrorResponse::read(&resp) {
                    Some(e) => {
                        let n = self.error_narration(&e, Endpoint::Revoke);
                        self.push(
                            AS,
                            C,
                            title_case_error(&e),
                            Some(resp),
                            n,
                            rfc!("7009", "2.2.1"),
                        );
                        self.stop("The revocation request was refused.");
                    }
                    None => {
                        let n = "HTTP 200, empty body. The server answers the same whether or not the token was valid, so the answer tells an attacker nothing (RFC 7009 §2.2). Revoking a refresh token also revokes the access tokens of the same grant (§2.1).";
                        self.push(AS, C, "Revoked", Some(resp), n, rfc!("7009", "2.2"));
                    }
                }
            }
            Action::PasswordForm => {
                let user = self.server.user().clone();
                let password = String::from_utf8_lossy(user.password.expose()).into_owned();
                let req = HttpMessage::post_form(
                    format!("{CLIENT_ORIGIN}/login"),
                    &[
                        ("username", user.username.as_str()),
                        ("password", password.as_str()),
                    ],
                );
                let fields = vec![
                    field(&req, "username", "username", TamperTarget::Form),
                    field(&req, "password", "password", TamperTarget::Form),
                ];
                let n = "The user types their password into the client's own form. The client now knows the password: it could store it, log it or misuse it, the user cannot tell which scopes it will use, and the authorization server cannot add a second factor or detect phishing. This is why RFC 9700 §2.4 says the password grant MUST NOT be used.";
                self.push(
                    U,
                    C,
                    "User gives the client their password",
                    Some(req),
                    n,
                    rfc!("9700", "2.4"),
                )
                .tamperable = fields;
            }
            Action::PasswordRequest => {
                let form = self.last_message().form();
                let username = http::find(&form, "username").unwrap_or("").to_owned();
                let password = http::find(&form, "password").unwrap_or("").to_owned();
                let req = self.client_request(
                    self.server.token_endpoint(),
                    &[
                        ("grant_type", "password"),
                        ("username", username.as_str()),
                        ("password", password.as_str()),
                        ("scope", self.settings.scope.as_str()),
                    ],
                    &self.client.client_id.clone(),
                );
                let mut fields = vec![
                    field(&req, "username", "username", TamperTarget::Form),
                    field(&req, "password", "password", TamperTarget::Form),
                    field(&req, "scope", "scope", TamperTarget::Form),
                ];
                fields.extend(Flow::auth_fields(&req));
                let n = format!("The client sends the user's password on to the token endpoint (RFC 6749 §4.3.2). {}", self.auth_sentence(&self.client.client_id));
                self.push(
                    C,
                    AS,
                    "Token request (password)",
                    Some(req),
                    n,
                    rfc!("6749", "4.3.2"),
                )
                .tamperable = fields;
            }
        }
    }

    fn handle_callback(&mut self, _rng: &mut impl CryptoRngCore) {
        use Actor::{Client as C, ResourceServer as RS, User as U};
        let implicit = self.kind == FlowKind::Implicit;
        let params = if implicit {
            let n = self.steps.len();
            self.steps
                .get(n.saturating_sub(2))
                .and_then(|s| s.message.as_ref())
                .map(HttpMessage::location_fragment)
                .unwrap_or_default()
        } else {
            self.last_message().query()
        };
        let mut checks = Vec::new();
        if let Some(error) = http::find(&params, "error") {
            let page = HttpMessage::html(200, format!("<!doctype html>\n<title>Sign-in failed</title>\n<p>The sign-in did not complete: {error}.</p>\n"));
            let n = format!("The client got error={error} instead of a code and tells the user. It never learns more than the error code and its description.");
            self.push(
                C,
                U,
                "Sign-in failed",
                Some(page),
                n,
                rfc!("6749", "4.1.2.1"),
            );
            self.stop(format!("The authorization server answered {error}."));
            return;
        }
        let got = http::find(&params, "state").unwrap_or("");
        if got != self.client.state {
            checks.push(Check::fail("state", format!("the state that came back (\"{got}\") is not the one stored in the session (\"{}\")", self.client.state)));
            let page = HttpMessage::html(400, "<!doctype html>\n<title>Sign-in refused</title>\n<p>This response does not belong to a sign-in you started.</p>\n");
            let n = "The client compares the state with the value in the user's session, and they differ: this response was not caused by this user's request. An attacker could be making the browser deliver the attacker's own code, so the victim ends up signed in to the attacker's account (login CSRF, RFC 6749 §10.12, RFC 9700 §4.7). The client stops here.";
            self.push(
                C,
                U,
                "State mismatch: CSRF detected",
                Some(page),
                n,
                rfc!("6749", "10.12"),
            )
            .checks = checks;
            self.stop("The client detected a forged response (state mismatch) and stopped.");
            return;
        }
        checks.push(Check::pass(
            "state",
            "the state matches the one stored in the user's session",
        ));
        match http::find(&params, "iss") {
            Some(iss) if iss == self.server.issuer() => checks.push(Check::pass(
                "iss",
                "the answer comes from the expected authorization server (RFC 9207)",
            )),
            Some(iss) => checks.push(Check::fail(
                "iss",
                format!("the answer claims to come from {iss}"),
            )),
            None => {}
        }
        if implicit {
            let token = http::find(&params, "access_token").unwrap_or("").to_owned();
            self.client.set_token("access_token", &token);
            checks.push(Check::pass("access token", "taken from the URL fragment; the client has no way to check that it was issued to it"));
            let req = self.api.api_request(&token);
            self.pending_api_request = Some(req.clone());
            let n = "The page's script takes the access token from the fragment and calls the API with it. Nothing tells the client whether this token was issued to it or injected by an attacker — there is no code exchange, no client authentication, no PKCE.";
            let f = field(&req, "access_token", "access token", TamperTarget::Bearer);
            let step = self.push(C, RS, "API request", Some(req), n, rfc!("6750", "2.1"));
            step.checks = checks;
            step.tamperable = vec![f];
            return;
        }
        let code = http::find(&params, "code").unwrap_or("").to_owned();
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", self.client.redirect_uri.as_str()),
        ];
        let verifier = self.client.code_verifier.clone().unwrap_or_default();
        if !verifier.is_empty() {
            pairs.push(("code_verifier", verifier.as_str()));
        }
        let client_id = self.client.client_id.clone();
        let req = self.client_request(self.server.token_endpoint(), &pairs, &client_id);
        let mut fields = vec![
            field(&req, "grant_type", "grant_type", TamperTarget::Form),
            field(&req, "code", "code", TamperTarget::Form),
            field(&req, "redirect_uri", "redirect_uri", TamperTarget::Form),
        ];
        if !verifier.is_empty() {
            fields.push(field(
                &req,
                "code_verifier",
                "code_verifier (an attacker would not have it)",
                TamperTarget::Form,
            ));
        }
        fields.extend(Flow::auth_fields(&req));
        let mut n = format!("The state matches. The client exchanges the code at the token endpoint, directly (server to server, not through the browser). {}", self.auth_sentence(&client_id));
        if !verifier.is_empty() {
            n.push_str(" It now reveals the code_verifier: the server hashes it and compares it with the code_challenge it bound to the code (RFC 7636 §4.6).");
        }
        let spec = if verifier.is_empty() {
            rfc!("6749", "4.1.3")
        } else {
            rfc!("7636", "4.5")
        };
        let step = self.push(C, Actor::AuthServer, "Token request", Some(req), n, spec);
        step.checks = checks;
        step.tamperable = fields;
    }

    /// The step answering a token request. `expired_code`: the request redeemed a code that
    /// had expired (see [`Flow::sends_expired_code`]).
    fn token_response(
        &mut self,
        resp: HttpMessage,
        expect: Expect,
        store_as: &'static str,
        expired_code: bool,
    ) {
        use Actor::{AuthServer as AS, Client as C};
        let e = ErrorResponse::read(&resp);
        let Some(e) = e else {
            self.store_tokens(&resp, store_as);
            let format = resp
                .json_str("access_token")
                .and_then(|t| self.server.token_record(&t).map(|r| r.format));
            let mut parts = vec![match format {
                Some(TokenFormat::Jwt) => "an access token — a JWT (RFC 9068, typ at+jwt) that the API can validate on its own with the server's JWKS",
                _ => "an access token — an opaque random string that only the server can interpret",
            }];
            if resp.json_str("refresh_token").is_some() {
                parts.push("a refresh token, to get new access tokens later without the user");
            }
            if resp.json_str("id_token").is_some() {
                parts.push("an ID token: a JWT for the client saying who the user is (aud = client_id, nonce, at_hash)");
            }
            let listed = match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{}, and {last}", rest.join(", "))
                }
                _ => parts.concat(),
            };
            let mut n = format!("The server answers with {listed}");
            n.push_str(". Cache-Control: no-store keeps tokens out of caches (RFC 6749 §5.1).");
            if self.kind == FlowKind::RefreshToken {
                n = "Rotation: along with a new access token the server issues a new refresh token and marks the old one as used. It must never be accepted again (RFC 9700 §4.14.2).".to_owned();
            }
            if self.kind == FlowKind::DeviceAuthorization {
                n = format!("The user has approved: the poll is answered with tokens. {n}");
            }
            let mut fields = Vec::new();
            if self.kind == FlowKind::OpenIdConnect {
                fields.push(field(
                    &resp,
                    "access_token",
                    "access_token (a substituted token)",
                    TamperTarget::Json,
                ));
                if resp.json_str("id_token").is_some() {
                    fields.push(field(&resp, "id_token", "id_token", TamperTarget::Json));
                }
            }
            let spec = if self.kind == FlowKind::RefreshToken {
                rfc!("9700", "4.14.2")
            } else {
                rfc!("6749", "5.1")
            };
            self.push(AS, C, "Tokens", Some(resp), n, spec).tamperable = fields;
            return;
        };
        let code = e.error.clone();
        let mut n = if expired_code && code == "invalid_grant" {
            // The server refused the code for its age: the other tamper notes would explain a
            // check it never reached.
            format!("{} {}", describe_error(&e), self.code_expiry_note())
        } else {
            self.error_narration(&e, Endpoint::Token)
        };
        let continues = match expect {
            Expect::Tokens => false,
            Expect::Polling => code == "authorization_pending" || code == "slow_down",
            Expect::Refusal => true,
        };
        match code.as_str() {
            "authorization_pending" => {
                n.push_str(" The device waits the interval and polls again (RFC 8628 §3.5).")
            }
            "slow_down" => {
                let interval = self.server.devices().last().map_or(10, |d| d.interval);
                n.push_str(&format!(
                    " From now on the device must wait {interval} s between polls (RFC 8628 §3.5)."
                ));
            }
            "expired_token" => n.push_str(
                " The device code expired before the user approved; the device must start over.",
            ),
            "invalid_grant"
                if self.kind == FlowKind::RefreshToken
                    && self.client.token("old_refresh_token").is_some() =>
            {
                let last_attacker = self
                    .steps
                    .last()
                    .is_some_and(|s| s.title.starts_with("Attacker"));
                if last_attacker {
                    n.push_str(" The server sees a refresh token that was already rotated out. It cannot tell whether the attacker or the real client is presenting it, so it revokes the whole token family: every refresh and access token of this grant (RFC 9700 §4.14.2).");
                } else {
                    n.push_str(" The current refresh token belonged to the revoked family, so it is refused too. The user has to sign in again — and the attacker's stolen copy is worthless.");
                }
            }
            "invalid_grant" if self.kind == FlowKind::Revocation => {
                n.push_str(" The refresh token was revoked: it can never be used again.")
            }
            _ => {}
        }
        let spec = match code.as_str() {
            "authorization_pending" | "slow_down" | "expired_token" => rfc!("8628", "3.5"),
            _ => rfc!("6749", "5.2"),
        };
        self.push(AS, C, title_case_error(&e), Some(resp), n, spec);
        if !continues {
            match (expect, code.as_str()) {
                (Expect::Polling, _) => {
                    self.stop(format!("The device got {code} and stops polling."))
                }
                _ => self.stop(format!("The token endpoint answered {code}.")),
            }
        }
    }

    fn signed_in(&mut self) {
        use Actor::{Client as C, User as U};
        // The token response may have been tampered with: the client reads what it received.
        let resp = self.last_message();
        self.store_tokens(&resp, "access_token");
        let id = self.client.token("id_token").unwrap_or_default().to_owned();
        let at = self
            .client
            .token("access_token")
            .unwrap_or_default()
            .to_owned();
        let checks = self.check_id_token(&id, &at);
        let ok = !checks.is_empty() && checks.iter().all(|c| c.passed);
        if ok {
            let name = crate::jws::decode(&id)
                .ok()
                .and_then(|d| {
                    d.claims()
                        .and_then(|c| c.get("name"))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| self.server.user().name.clone());
            let page = HttpMessage::html(
                200,
                format!("<!doctype html>\n<title>Signed in</title>\n<p>Welcome, {name}.</p>\n"),
            );
            let n = "Before trusting the ID token the client validates it (OpenID Connect Core §3.1.3.7): the signature with the server's JWKS, iss, aud (its own client_id), azp, exp, the nonce it stored (so an old ID token cannot be replayed), and at_hash (so the access token that came with it cannot be swapped for another). All pass: the user is signed in.";
            self.push(
                C,
                U,
                "Signed in",
                Some(page),
                n,
                oidc!("3.1.3.7", "IDTokenValidation"),
            )
            .checks = checks;
        } else {
            let page = HttpMessage::html(401, "<!doctype html>\n<title>Sign-in refused</title>\n<p>The identity token could not be trusted.</p>\n");
            let mut n = "The client validates the ID token (OpenID Connect Core §3.1.3.7) and a check fails, so it refuses the sign-in.".to_owned();
            let failed: Vec<&str> = checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| c.label.as_str())
                .collect();
            if failed.contains(&"at_hash") {
                n.push_str(" at_hash does not match the access token: the access token was substituted (token injection); the ID token binds the two together.");
            }
            if failed.contains(&"nonce") {
                n.push_str(" The nonce is not the one stored in the session: this ID token was not issued for this sign-in (replay).");
            }
            if failed.contains(&"signature") {
                n.push_str(" The signature does not verify with the server's JWKS: the token was forged or altered.");
            }
            self.push(
                C,
                U,
                "Sign-in refused",
                Some(page),
                n,
                oidc!("3.1.3.7", "IDTokenValidation"),
            )
            .checks = checks;
            self.stop("The client refused the ID token.");
        }
    }

    /// The client's validation of an ID token (OpenID Connect Core §3.1.3.7).
    fn check_id_token(&self, id_token: &str, access_token: &str) -> Vec<Check> {
        let mut checks = Vec::new();
        let decoded = match crate::jws::decode(id_token) {
            Ok(d) => d,
            Err(e) => {
                checks.push(Check::fail(
                    "id_token",
                    format!("the ID token cannot be decoded: {e}"),
                ));
                return checks;
            }
        };
        match super::resource::verify_signature(&decoded, &self.api.jwks, self.server.alg()) {
            Ok(()) => checks.push(Check::pass("signature", "verified with the server's JWKS")),
            Err(why) => {
                checks.push(Check::fail("signature", why));
                return checks;
            }
        }
        let Some(claims_value) = decoded.claims() else {
            checks.push(Check::fail("claims", "the payload is not a JSON object"));
            return checks;
        };
        let expect = Expectations {
            iss: Some(self.server.issuer().to_owned()),
            aud: Some(self.client.client_id.clone()),
            azp: Some(self.client.client_id.clone()),
            nonce: self.client.nonce.clone(),
            access_token: Some(access_token.to_owned()),
            ..Expectations::default()
        };
        let report = claims::validate(
            decoded.header_value(),
            claims_value,
            Some(self.server.alg()),
            &ValidationOptions::at(self.clock),
            &expect,
        );
        for c in &report.checks {
            match c.outcome {
                Outcome::Pass => checks.push(Check::pass(c.claim.clone(), c.message.clone())),
                Outcome::Fail => checks.push(Check::fail(c.claim.clone(), c.message.clone())),
                Outcome::Info => {}
            }
        }
        checks
    }

    fn api_answer(&mut self, req: &HttpMessage, resp: HttpMessage, checks: Vec<Check>, how: &str) {
        use Actor::{Client as C, ResourceServer as RS};
        let token = match req.authorization() {
            Authorization::Bearer(t) => t,
            _ => String::new(),
        };
        let record = self.server.token_record(&token).cloned();
        let status = resp.status.unwrap_or(0);
        let mut n = match (status, how) {
            (200, "local") => "The API validated the JWT itself: the algorithm, typ at+jwt, the signature with the issuer's JWKS, iss, aud and exp, then the scope (RFC 9068 §4). It did not contact the authorization server.".to_owned(),
            (200, _) => "The authorization server said the token is active, so the API serves the request.".to_owned(),
            (403, _) => "The token is valid but lacks the scope this API needs: 403 insufficient_scope (RFC 6750 §3.1).".to_owned(),
            (401, _) => {
                let e = ErrorResponse::read(&resp);
                let base = "The API refuses the token: 401 with WWW-Authenticate: Bearer error=\"invalid_token\" (RFC 6750 §3.1).".to_owned();
                let notes = e.map(|e| self.notes(&e.error, Endpoint::Api)).unwrap_or_default();
                if notes.is_empty() { base } else { format!("{base} {notes}") }
            }
            _ => format!("The API answers HTTP {status}."),
        };
        if let Some(r) = &record {
            if status == 200 && how == "local" && r.revoked.is_some() {
                n.push_str(" Yet this token was revoked! Local validation cannot know that: a JWT is valid until its exp. This is the price of not asking the server on every call — and why JWT access tokens should live only minutes.");
            }
            if status == 401 && how == "introspection" && r.revoked.is_some() {
                n.push_str(" The token was revoked, and since the API asks the server on every call, it is refused at once.");
            }
            if status == 401 && how == "local" && r.revoked.is_some() && self.clock >= r.expires_at
            {
                n.push_str(" The revoked JWT has finally expired: only now does local validation refuse it.");
            }
        }
        let title = match status {
            200 => "API response".to_owned(),
            s => format!("API refuses ({s})"),
        };
        self.push(
            RS,
            C,
            title,
            Some(resp),
            n,
            if status == 200 {
                rfc!("9068", "4")
            } else {
                rfc!("6750", "3.1")
            },
        )
        .checks = checks;
        if status != 200
            && !matches!(
                self.kind,
                FlowKind::JwtVsOpaque | FlowKind::Introspection | FlowKind::Revocation
            )
        {
            self.stop("The API refused the request.");
        }
    }
}

/// The error code named on an authorization error page (`<strong>code</strong>`).
fn page_error(resp: &HttpMessage) -> Option<ErrorResponse> {
    let body = resp.body.as_deref()?;
    let start = body.find("<strong>")? + "<strong>".len();
    let end = body.get(start..)?.find("</strong>")? + start;
    let error = body.get(start..end)?.to_owned();
    Some(ErrorResponse {
        status: resp.status.unwrap_or(0),
        code: super::errors::ErrorCode::parse(&error),
        description: None,
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::testing::TestRng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_750_000_000;

    fn start(kind: FlowKind, seed: u64) -> (Flow, TestRng) {
        start_with(kind, kind.default_settings(), seed)
    }

    fn start_with(kind: FlowKind, settings: Settings, seed: u64) -> (Flow, TestRng) {
        let mut rng = TestRng::new(seed);
        let flow = Flow::new(kind, settings, NOW, &mut rng).expect("flow starts");
        (flow, rng)
    }

    /// Advances until the last step has this title prefix.
    fn until(flow: &mut Flow, rng: &mut TestRng, title: &str) {
        while !flow.current().is_some_and(|s| s.title.starts_with(title)) {
            assert!(
                flow.next(&[], rng).is_some(),
                "the flow ended before a step titled {title}: {:?}",
                titles(flow)
            );
        }
    }

    fn titles(flow: &Flow) -> Vec<String> {
        flow.steps.iter().map(|s| s.title.clone()).collect()
    }

    fn errors(flow: &Flow) -> Vec<String> {
        flow.steps.iter().filter_map(|s| s.error.clone()).collect()
    }

    fn statuses(flow: &Flow, from: Actor) -> Vec<u16> {
        flow.steps
            .iter()
            .filter(|s| s.from == from)
            .filter_map(|s| s.message.as_ref().and_then(|m| m.status))
            .collect()
    }

    #[test]
    fn every_flow_runs_to_its_end_with_default_settings() {
        for (i, kind) in FlowKind::ALL.into_iter().enumerate() {
            let (mut flow, mut rng) = start(kind, 100 + i as u64);
            flow.run_to_end(&mut rng);
            let ending = flow.ending.clone().expect("ended");
            assert!(
                ending.completed,
                "#{i} {kind:?}: {} / {:?}",
                ending.summary,
                titles(&flow)
            );
            assert!(flow.next(&[], &mut rng).is_none(), "#{i}");
            for (j, s) in flow.steps.iter().enumerate() {
                assert_eq!(s.index, j);
                assert!(!s.narration.is_empty(), "#{i} step {j}");
                assert!(s.spec.url.starts_with("https://"), "#{i} step {j}");
                assert!(s.at >= NOW);
            }
            let json = serde_json::to_value(&flow.steps).expect("steps serialise");
            assert!(json.is_array());
        }
    }

    #[test]
    fn the_pkce_flow_ends_with_the_api_serving_the_request() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 1);
        flow.run_to_end(&mut rng);
        assert_eq!(
            titles(&flow),
            [
                "Redirect to the authorization endpoint",
                "Authorization request",
                "Sign-in and consent page",
                "Sign in and approve",
                "Redirect back with the code",
                "Callback",
                "Token request",
                "Tokens",
                "API request",
                "API response",
            ]
        );
        assert!(errors(&flow).is_empty());
        let token_request = &flow.steps[6];
        assert!(token_request.checks.iter().all(|c| c.passed));
        let form = token_request.message.as_ref().expect("message").form();
        assert_eq!(http::find(&form, "client_id"), Some(CLIENT_ID));
        assert!(http::find(&form, "code_verifier").is_some());
        assert!(flow.steps[7]
            .tokens
            .iter()
            .any(|(n, _)| n == "refresh_token"));
    }

    #[test]
    fn a_tampered_code_verifier_gets_the_real_invalid_grant_and_names_code_interception() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 2);
        until(&mut flow, &mut rng, "Token request");
        let wrong = "A".repeat(43);
        let step = flow
            .next(&[("code_verifier", wrong.as_str())], &mut rng)
            .expect("answer")
            .clone();
        assert_eq!(step.error.as_deref(), Some("invalid_grant"));
        assert_eq!(step.message.as_ref().and_then(|m| m.status), Some(400));
        assert!(
            step.narration
                .contains("intercepted the authorization code"),
            "{}",
            step.narration
        );
        assert_eq!(flow.steps[6].tampered, ["code_verifier"]);
        assert!(flow.ending.as_ref().is_some_and(|e| !e.completed));
        assert!(flow.next(&[], &mut rng).is_none());
    }

    #[test]
    fn a_tampered_state_makes_the_client_detect_csrf() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 3);
        until(&mut flow, &mut rng, "Callback");
        let step = flow
            .next(&[("state", "attacker-state")], &mut rng)
            .expect("step")
            .clone();
        assert_eq!(step.title, "State mismatch: CSRF detected");
        assert_eq!((step.from, step.to), (Actor::Client, Actor::User));
        assert!(step.checks.iter().any(|c| c.label == "state" && !c.passed));
        assert!(step.narration.contains("CSRF"));
        assert!(flow.finished());
    }

    #[test]
    fn a_tampered_redirect_uri_is_refused_without_a_redirect() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCode, 4);
        until(&mut flow, &mut rng, "Authorization request");
        let step = flow
            .next(&[("redirect_uri", "https://evil.example/steal")], &mut rng)
            .expect("step")
            .clone();
        let msg = step.message.expect("message");
        assert_eq!(msg.status, Some(400));
        assert_eq!(msg.location(), None);
        assert!(
            step.narration.contains("open redirector"),
            "{}",
            step.narration
        );
        assert!(flow.finished());
    }

    #[test]
    fn a_user_who_denies_consent_ends_the_flow_with_access_denied() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCode, 5);
        until(&mut flow, &mut rng, "Sign in and approve");
        let step = flow
            .next(&[("consent", "deny")], &mut rng)
            .expect("step")
            .clone();
        assert_eq!(step.error.as_deref(), Some("access_denied"));
        assert!(step.narration.contains("refused"));
        flow.run_to_end(&mut rng);
        assert_eq!(
            flow.current().map(|s| s.title.as_str()),
            Some("Sign-in failed")
        );
        assert!(flow.ending.as_ref().is_some_and(|e| !e.completed));
    }

    #[test]
    fn a_tampered_client_secret_is_invalid_client_401_with_a_basic_challenge() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCode, 6);
        until(&mut flow, &mut rng, "Token request");
        let step = flow
            .next(&[("client_secret", "guessed")], &mut rng)
            .expect("step")
            .clone();
        let msg = step.message.expect("message");
        assert_eq!(msg.status, Some(401));
        assert!(msg
            .header("www-authenticate")
            .is_some_and(|h| h.starts_with("Basic ")));
        assert!(
            step.narration.contains("impersonating"),
            "{}",
            step.narration
        );
    }

    #[test]
    fn a_tampered_code_or_token_redirect_uri_is_invalid_grant() {
        for (i, (name, value)) in [
            ("code", "stolen-code"),
            ("redirect_uri", "https://app.tokenlab.example/other"),
        ]
        .into_iter()
        .enumerate()
        {
            let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 7 + i as u64);
            until(&mut flow, &mut rng, "Token request");
            let step = flow.next(&[(name, value)], &mut rng).expect("step").clone();
            assert_eq!(step.error.as_deref(), Some("invalid_grant"), "{name}");
            assert!(step.narration.contains("RFC"), "{name}: {}", step.narration);
        }
    }

    #[test]
    fn a_public_client_without_pkce_is_refused_by_the_server() {
        let settings = Settings {
            client_type: ClientType::Public,
            ..FlowKind::AuthorizationCode.default_settings()
        };
        let (mut flow, mut rng) = start_with(FlowKind::AuthorizationCode, settings, 9);
        flow.run_to_end(&mut rng);
        assert_eq!(
            errors(&flow).first().map(String::as_str),
            Some("invalid_request")
        );
        assert_eq!(
            flow.current().map(|s| s.title.as_str()),
            Some("Sign-in failed")
        );
    }

    #[test]
    fn the_openid_connect_flow_checks_a_verifiable_id_token_with_nonce_and_at_hash() {
        let (mut flow, mut rng) = start(FlowKind::OpenIdConnect, 10);
        until(&mut flow, &mut rng, "Tokens");
        let id = flow.client.token("id_token").expect("id token").to_owned();
        let at = flow
            .client
            .token("access_token")
            .expect("access token")
            .to_owned();
        let decoded = crate::jws::decode(&id).expect("decodes");
        let (entries, _) = crate::jwk::parse_jwks(&flow.server.jwks()).expect("jwks");
        let v = crate::verify::verify_token(
            &decoded,
            Some(&crate::keys::KeyInput::Set(entries)),
            &crate::verify::VerifyOptions::default(),
        );
        assert!(v.is_verified(), "{}", v.detail);
        let claims = decoded.claims().expect("claims");
        assert_eq!(claims["nonce"].as_str(), flow.client.nonce.as_deref());
        assert_eq!(
            claims["at_hash"].as_str(),
            claims::oidc_half_hash(Alg::ES256, &at).as_deref()
        );
        assert_eq!(claims["aud"], CLIENT_ID);
        assert_eq!(claims["name"], "Alice Example");
        let step = flow.next(&[], &mut rng).expect("signed in").clone();
        assert_eq!(step.title, "Signed in");
        for label in ["signature", "iss", "aud", "azp", "nonce", "at_hash", "exp"] {
            assert!(
                step.checks.iter().any(|c| c.label == label && c.passed),
                "{label}: {:?}",
                step.checks
            );
        }
        flow.run_to_end(&mut rng);
        assert!(flow.ending.as_ref().is_some_and(|e| e.completed));
    }

    #[test]
    fn a_substituted_access_token_fails_at_hash_and_a_tampered_nonce_fails_the_nonce_check() {
        let (mut flow, mut rng) = start(FlowKind::OpenIdConnect, 11);
        until(&mut flow, &mut rng, "Tokens");
        let step = flow
            .next(&[("access_token", "someone-elses-token")], &mut rng)
            .expect("step")
            .clone();
        assert_eq!(step.title, "Sign-in refused");
        assert!(
            step.checks
                .iter()
                .any(|c| c.label == "at_hash" && !c.passed),
            "{:?}",
            step.checks
        );
        assert!(step.narration.contains("substituted"));

        let (mut flow, mut rng) = start(FlowKind::OpenIdConnect, 12);
        until(&mut flow, &mut rng, "Authorization request");
        flow.next(&[("nonce", "replayed-nonce")], &mut rng);
        until(&mut flow, &mut rng, "Tokens");
        let step = flow.next(&[], &mut rng).expect("step").clone();
        assert_eq!(step.title, "Sign-in refused");
        assert!(step.checks.iter().any(|c| c.label == "nonce" && !c.passed));
    }

    #[test]
    fn client_credentials_with_a_public_client_is_unauthorized_client() {
        let settings = Settings {
            client_type: ClientType::Public,
            ..FlowKind::ClientCredentials.default_settings()
        };
        let (mut flow, mut rng) = start_with(FlowKind::ClientCredentials, settings, 13);
        flow.run_to_end(&mut rng);
        assert_eq!(errors(&flow), ["unauthorized_client"]);
        assert_eq!(flow.steps.len(), 2);
    }

    #[test]
    fn client_secret_post_sends_the_secret_in_the_body() {
        let settings = Settings {
            client_auth: ClientAuth::ClientSecretPost,
            ..FlowKind::ClientCredentials.default_settings()
        };
        let (mut flow, mut rng) = start_with(FlowKind::ClientCredentials, settings, 14);
        let req = flow.steps[0].message.clone().expect("request");
        assert_eq!(req.header("authorization"), None);
        assert!(http::find(&req.form(), "client_secret").is_some());
        let step = flow
            .next(&[("client_secret", "nope")], &mut rng)
            .expect("step")
            .clone();
        let msg = step.message.expect("message");
        assert_eq!(
            (msg.status, msg.header("www-authenticate")),
            (Some(401), None)
        );
    }

    #[test]
    fn the_device_flow_polls_pending_then_slow_down_then_gets_tokens() {
        let (mut flow, mut rng) = start(FlowKind::DeviceAuthorization, 15);
        flow.run_to_end(&mut rng);
        assert_eq!(errors(&flow), ["authorization_pending", "slow_down"]);
        let last = flow.current().expect("last");
        assert_eq!(last.title, "Tokens");
        let polls: Vec<i64> = flow
            .steps
            .iter()
            .filter(|s| s.title.starts_with("Poll"))
            .map(|s| s.at - NOW)
            .collect();
        assert_eq!(polls, [5, 7, 17]);
        assert!(flow
            .steps
            .iter()
            .any(|s| s.message.is_none() && s.title.starts_with("Shows ")));
    }

    #[test]
    fn a_mistyped_user_code_leaves_the_device_pending() {
        let (mut flow, mut rng) = start(FlowKind::DeviceAuthorization, 16);
        until(&mut flow, &mut rng, "User enters the code");
        let step = flow
            .next(&[("user_code", "BBBB-BBBB")], &mut rng)
            .expect("page")
            .clone();
        assert_eq!(step.message.as_ref().and_then(|m| m.status), Some(400));
        flow.run_to_end(&mut rng);
        assert_eq!(
            errors(&flow).last().map(String::as_str),
            Some("authorization_pending")
        );
        assert!(flow.ending.as_ref().is_some_and(|e| !e.completed));
    }

    #[test]
    fn refresh_rotation_then_replay_revokes_the_family() {
        let (mut flow, mut rng) = start(FlowKind::RefreshToken, 17);
        let rt1 = flow.client.token("refresh_token").expect("rt1").to_owned();
        flow.run_to_end(&mut rng);
        assert_eq!(errors(&flow), ["invalid_grant", "invalid_grant"]);
        let rt2 = flow.client.token("refresh_token").expect("rt2").to_owned();
        assert_ne!(rt1, rt2);
        assert_eq!(flow.client.token("old_refresh_token"), Some(rt1.as_str()));
        let replay = &flow.steps[2];
        assert!(replay.title.starts_with("Attacker"));
        assert_eq!(
            http::find(&replay.message.as_ref().expect("m").form(), "refresh_token"),
            Some(rt1.as_str())
        );
        assert!(flow.steps[3]
            .narration
            .contains("revokes the whole token family"));
        assert!(flow
            .server
            .token_record(&rt2)
            .is_some_and(|t| t.revoked.is_some()));
        assert!(
            flow.steps[0].at > NOW + 300,
            "the refresh happens after the access token expired"
        );
    }

    #[test]
    fn introspection_answers_active_then_inactive() {
        let (mut flow, mut rng) = start(FlowKind::Introspection, 18);
        flow.run_to_end(&mut rng);
        let answers: Vec<&str> = flow
            .steps
            .iter()
            .filter(|s| s.from == Actor::AuthServer)
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(answers, ["active: true", "active: false"]);
        assert_eq!(statuses(&flow, Actor::ResourceServer), [200, 401]);
        // Introspection is used even for a JWT in this flow.
        let settings = Settings {
            access_token_format: TokenFormat::Jwt,
            ..FlowKind::Introspection.default_settings()
        };
        let (mut flow, mut rng) = start_with(FlowKind::Introspection, settings, 19);
        flow.run_to_end(&mut rng);
        assert_eq!(statuses(&flow, Actor::ResourceServer), [200, 401]);
    }

    #[test]
    fn revocation_refuses_the_refresh_token_and_shows_the_format_trade_off() {
        for (format, api_status) in [(TokenFormat::Jwt, 200), (TokenFormat::Opaque, 401)] {
            let settings = Settings {
                access_token_format: format,
                ..FlowKind::Revocation.default_settings()
            };
            let (mut flow, mut rng) = start_with(FlowKind::Revocation, settings, 20);
            flow.run_to_end(&mut rng);
            assert_eq!(
                errors(&flow).first().map(String::as_str),
                Some("invalid_grant"),
                "{format:?}"
            );
            assert_eq!(
                statuses(&flow, Actor::ResourceServer),
                [api_status],
                "{format:?}"
            );
            assert!(flow.ending.as_ref().is_some_and(|e| e.completed));
        }
    }

    #[test]
    fn jwt_vs_opaque_shows_the_revoked_jwt_accepted_until_exp() {
        let (mut flow, mut rng) = start(FlowKind::JwtVsOpaque, 21);
        flow.run_to_end(&mut rng);
        assert_eq!(
            statuses(&flow, Actor::ResourceServer),
            [200, 200, 200, 401, 401]
        );
        let accepted_after_revoke = flow
            .steps
            .iter()
            .find(|s| s.narration.contains("Yet this token was revoked"))
            .expect("the revoked JWT is accepted");
        assert_eq!(
            accepted_after_revoke
                .message
                .as_ref()
                .and_then(|m| m.status),
            Some(200)
        );
        let last = flow.current().expect("last");
        assert!(last.checks.iter().any(|c| c.label == "exp" && !c.passed));
        let jwt = flow.client.token("jwt_access_token").expect("jwt");
        let exp = flow.server.token_record(jwt).expect("record").expires_at;
        assert_eq!(last.at, exp + 1);
    }

    #[test]
    fn the_implicit_flow_delivers_the_token_in_the_fragment_and_accepts_an_injected_one() {
        let (mut flow, mut rng) = start(FlowKind::Implicit, 22);
        assert_eq!(flow.settings.client_type, ClientType::Public);
        until(&mut flow, &mut rng, "Redirect with the access token");
        let step = flow.current().expect("step");
        assert!(step.narration.contains("deprecated"));
        assert!(step.tokens.iter().any(|(n, _)| n == "access_token"));
        flow.run_to_end(&mut rng);
        assert_eq!(statuses(&flow, Actor::ResourceServer).last(), Some(&200));

        let (mut flow, mut rng) = start(FlowKind::Implicit, 23);
        until(&mut flow, &mut rng, "Redirect with the access token");
        flow.next(&[("access_token", "injected")], &mut rng);
        flow.run_to_end(&mut rng);
        assert_eq!(flow.client.token("access_token"), Some("injected"));
        assert_eq!(statuses(&flow, Actor::ResourceServer).last(), Some(&401));
    }

    #[test]
    fn the_password_flow_says_the_client_sees_the_password() {
        let (mut flow, mut rng) = start(FlowKind::Password, 24);
        assert!(flow.steps[0]
            .narration
            .contains("The client now knows the password"));
        assert!(FlowKind::Password.deprecated());
        let step = flow
            .next(&[("password", "wrong")], &mut rng)
            .expect("request")
            .clone();
        assert_eq!(
            http::find(&step.message.expect("m").form(), "password"),
            Some("wrong")
        );
        let step = flow.next(&[], &mut rng).expect("answer").clone();
        assert_eq!(step.error.as_deref(), Some("invalid_grant"));
    }

    #[test]
    fn an_rs256_flow_runs_with_a_given_key() {
        let key = crate::keys::fixtures::key(crate::keys::fixtures::RSA_PKCS8);
        let settings = Settings {
            alg: Alg::RS256,
            scope: "openid api.read".into(),
            ..FlowKind::OpenIdConnect.default_settings()
        };
        let mut rng = TestRng::new(25);
        let mut flow =
            Flow::with_key(FlowKind::OpenIdConnect, settings, key, NOW, &mut rng).expect("flow");
        flow.run_to_end(&mut rng);
        assert!(
            flow.ending.as_ref().is_some_and(|e| e.completed),
            "{:?}",
            titles(&flow)
        );
        assert_eq!(flow.server.jwks()["keys"][0]["alg"], "RS256");
        let wrong = crate::keys::fixtures::key(crate::keys::fixtures::P256_SEC1);
        let settings = Settings {
            alg: Alg::RS256,
            ..Settings::default()
        };
        assert!(Flow::with_key(FlowKind::Password, settings, wrong, NOW, &mut rng).is_err());
    }

    #[test]
    fn a_sign_in_refused_before_the_flow_is_a_setup_error() {
        let settings = Settings {
            scope: "admin".into(),
            ..FlowKind::RefreshToken.default_settings()
        };
        let mut rng = TestRng::new(26);
        let err = Flow::new(FlowKind::RefreshToken, settings, NOW, &mut rng)
            .map(|_| ())
            .expect_err("refused");
        assert_eq!(err.code(), "flow_setup_failed");
        assert!(err.to_string().contains("invalid_scope"), "{err}");
    }

    #[test]
    fn unknown_or_unchanged_tamper_fields_are_ignored_and_weird_values_do_not_panic() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 27);
        flow.next(&[("no_such_field", "x")], &mut rng);
        assert!(flow.steps[0].tampered.is_empty());
        for kind in FlowKind::ALL {
            for value in ["", "%00", "é\u{0}", "a b&c=d#e", "....", "Bearer x"] {
                let (mut flow, mut rng) = start(kind, 28);
                while !flow.finished() {
                    let names: Vec<String> = flow
                        .current()
                        .map(|s| s.tamperable.iter().map(|f| f.name.clone()).collect())
                        .unwrap_or_default();
                    let tamper: Vec<(&str, &str)> =
                        names.iter().map(|n| (n.as_str(), value)).collect();
                    if flow.next(&tamper, &mut rng).is_none() {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn a_code_sent_after_its_lifetime_is_invalid_grant_with_the_stolen_code_narration() {
        for (i, kind) in [
            FlowKind::AuthorizationCode,
            FlowKind::AuthorizationCodePkce,
            FlowKind::OpenIdConnect,
        ]
        .into_iter()
        .enumerate()
        {
            let (mut flow, mut rng) = start(kind, 40 + i as u64);
            until(&mut flow, &mut rng, "Token request");
            let expiry = flow
                .code_expiry()
                .expect("the token request redeems a code");
            assert_eq!(expiry.lifetime, 60, "#{i} {kind:?}");
            assert_eq!(expiry.expires_in, 60, "#{i} {kind:?}");
            assert_eq!(expiry.wait_to_expire, 61, "#{i} {kind:?}");
            let sent = flow.clock;
            flow.wait(expiry.wait_to_expire);
            let request = flow.current().expect("token request").clone();
            assert_eq!(request.waited, 61, "#{i} {kind:?}");
            assert_eq!(request.at, sent + 61, "#{i} {kind:?}");
            let step = flow.next(&[], &mut rng).expect("answer").clone();
            assert_eq!(step.title, "Error: invalid_grant", "#{i} {kind:?}");
            assert_eq!(
                step.error.as_deref(),
                Some("invalid_grant"),
                "#{i} {kind:?}"
            );
            assert_eq!(
                step.message.as_ref().and_then(|m| m.status),
                Some(400),
                "#{i} {kind:?}"
            );
            assert_eq!(step.at, sent + 61, "#{i} {kind:?}");
            for needle in [
                "expired",
                "waited 61 s",
                "stolen after the fact",
                "Referer",
                "RFC 6749 §4.1.2",
                "10 minutes",
                "RFC 9700",
            ] {
                assert!(
                    step.narration.contains(needle),
                    "#{i} {kind:?} lacks {needle:?}: {}",
                    step.narration
                );
            }
            assert!(
                flow.ending.as_ref().is_some_and(|e| !e.completed),
                "#{i} {kind:?}"
            );
            assert_eq!(flow.code_expiry(), None, "#{i} {kind:?}");
        }
    }

    #[test]
    fn a_code_sent_within_its_lifetime_is_still_redeemed() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 45);
        until(&mut flow, &mut rng, "Token request");
        let expiry = flow.code_expiry().expect("code");
        flow.wait(expiry.expires_in - 1);
        assert_eq!(flow.code_expiry().map(|e| e.expires_in), Some(1));
        let step = flow.next(&[], &mut rng).expect("answer").clone();
        assert_eq!(step.title, "Tokens");
        assert!(step.error.is_none());
        flow.run_to_end(&mut rng);
        assert!(flow.ending.as_ref().is_some_and(|e| e.completed));
    }

    #[test]
    fn a_code_expired_despite_a_tampered_verifier_is_explained_by_its_age_alone() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 46);
        until(&mut flow, &mut rng, "Token request");
        flow.wait(3_600);
        let wrong = "B".repeat(43);
        let step = flow
            .next(&[("code_verifier", wrong.as_str())], &mut rng)
            .expect("answer")
            .clone();
        assert_eq!(step.error.as_deref(), Some("invalid_grant"));
        assert!(
            step.narration.contains("stolen after the fact"),
            "{}",
            step.narration
        );
        assert!(
            !step.narration.contains("This is what PKCE is for"),
            "{}",
            step.narration
        );
    }

    #[test]
    fn only_a_token_request_redeeming_a_code_has_a_code_expiry() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCodePkce, 47);
        while flow.current().is_none_or(|s| s.title != "Token request") {
            assert_eq!(flow.code_expiry(), None, "{:?}", titles(&flow));
            flow.next(&[], &mut rng).expect("step");
        }
        assert!(flow.code_expiry().is_some());
        // A code the server never issued has no expiry to wait for.
        let (mut other, mut rng2) = start(FlowKind::ClientCredentials, 48);
        while other.next(&[], &mut rng2).is_some() {
            assert_eq!(other.code_expiry(), None);
        }
    }

    #[test]
    fn negative_and_huge_waits_never_panic_and_saturate() {
        let (mut flow, mut rng) = start(FlowKind::AuthorizationCode, 49);
        until(&mut flow, &mut rng, "Token request");
        let before = flow.clock;
        flow.wait(-5);
        flow.wait(i64::MIN);
        assert_eq!(flow.clock, before);
        assert_eq!(flow.current().map(|s| s.waited), Some(0));
        flow.wait(i64::MAX);
        flow.wait(i64::MAX);
        assert_eq!(flow.clock, i64::MAX);
        assert_eq!(flow.current().map(|s| s.waited), Some(i64::MAX));
        assert_eq!(flow.code_expiry().map(|e| e.expires_in), Some(0));
        let step = flow.next(&[], &mut rng).expect("answer").clone();
        assert_eq!(step.error.as_deref(), Some("invalid_grant"));
        assert!(step.narration.contains("stolen after the fact"));
        // Any wait before any step of any flow.
        for (i, kind) in FlowKind::ALL.into_iter().enumerate() {
            for secs in [i64::MIN, -1, 0, 1, 61, 86_401, i64::MAX] {
                let (mut flow, mut rng) = start(kind, 50 + i as u64);
                while !flow.finished() {
                    flow.wait(secs);
                    if flow.next(&[], &mut rng).is_none() {
                        break;
                    }
                }
                flow.wait(secs);
                assert!(flow.finished(), "#{i} {kind:?} {secs}");
            }
        }
    }

    #[test]
    fn flow_kinds_round_trip_through_their_slugs_and_lanes_are_in_order() {
        for (i, k) in FlowKind::ALL.into_iter().enumerate() {
            assert_eq!(FlowKind::parse(k.slug()), Some(k), "#{i}");
            assert!(
                !k.title().is_empty() && !k.summary().is_empty() && k.rfc().starts_with("RFC")
                    || k == FlowKind::OpenIdConnect
            );
        }
        assert_eq!(Flow::lanes().map(Actor::lane), [0, 1, 2, 3]);
        assert_eq!(FlowKind::ALL.iter().filter(|k| k.deprecated()).count(), 2);
    }
}
