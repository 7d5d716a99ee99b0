//! The simulated authorization server: one issuer, a client registry, one user, a signing key
//! generated in the page, and the endpoints of RFC 6749 (authorize, token), RFC 8628 (device
//! authorization), RFC 7662 (introspection) and RFC 7009 (revocation).
//!
//! Every endpoint takes an [`HttpMessage`] and answers with one, exactly as the RFCs say: a
//! request the learner tampered with is just another request, and the answer is the real one.
//! Every rule that can fail is checked in the order a real server checks it, and answers with
//! the error code and status its RFC gives (see [`super::errors`]).

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::errors::{ErrorCode, OAuthError};
use super::http::{self, Authorization, HttpMessage};
use super::random_token;
use crate::jwa::Alg;
use crate::keys::{Key, KeyError, KeyGenKind};
use crate::pkce::{self, Method};
use crate::secret::Secret;

/// The issuer of the simulated server.
pub const ISSUER: &str = "https://auth.tokenlab.example";
/// The audience of the access tokens it issues: the simulated API.
pub const API_AUDIENCE: &str = "https://api.tokenlab.example";
/// The device-code grant type (RFC 8628 §3.4).
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The characters of a user code: 20 consonants, no vowels (no words) and no look-alikes
/// (RFC 8628 §6.1).
pub const USER_CODE_ALPHABET: &[u8; 20] = b"BCDFGHJKLMNPQRSTVWXZ";

/// Public (a browser or native app that cannot keep a secret) or confidential (a server that
/// can) — RFC 6749 §2.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientType {
    /// No client secret; identified by `client_id` only.
    Public,
    /// Authenticates with a client secret.
    Confidential,
}

impl ClientType {
    /// `"public"` or `"confidential"`.
    pub fn name(self) -> &'static str {
        match self {
            ClientType::Public => "public",
            ClientType::Confidential => "confidential",
        }
    }
}

/// How access tokens look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenFormat {
    /// A signed JWT (RFC 9068, `typ: "at+jwt"`), validated by the resource server on its own.
    Jwt,
    /// A random string that means nothing outside the server; resource servers introspect it.
    Opaque,
}

impl TokenFormat {
    /// `"JWT"` or `"opaque"`.
    pub fn label(self) -> &'static str {
        match self {
            TokenFormat::Jwt => "JWT",
            TokenFormat::Opaque => "opaque",
        }
    }
}

/// A grant type a client may be registered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    /// `authorization_code` (RFC 6749 §4.1).
    AuthorizationCode,
    /// `implicit` (RFC 6749 §4.2; deprecated by RFC 9700 §2.1.2).
    Implicit,
    /// `password` (RFC 6749 §4.3; deprecated by RFC 9700 §2.4).
    Password,
    /// `client_credentials` (RFC 6749 §4.4).
    ClientCredentials,
    /// `refresh_token` (RFC 6749 §6).
    RefreshToken,
    /// `urn:ietf:params:oauth:grant-type:device_code` (RFC 8628).
    DeviceCode,
}

impl GrantType {
    /// Every grant type.
    pub const ALL: [GrantType; 6] = [
        GrantType::AuthorizationCode,
        GrantType::Implicit,
        GrantType::Password,
        GrantType::ClientCredentials,
        GrantType::RefreshToken,
        GrantType::DeviceCode,
    ];

    /// The registered name, as sent in `grant_type`.
    pub fn name(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::Implicit => "implicit",
            GrantType::Password => "password",
            GrantType::ClientCredentials => "client_credentials",
            GrantType::RefreshToken => "refresh_token",
            GrantType::DeviceCode => DEVICE_CODE_GRANT,
        }
    }

    /// Parses a `grant_type` value. `implicit` is not one (it has no token request).
    pub fn parse(name: &str) -> Option<GrantType> {
        GrantType::ALL
            .into_iter()
            .filter(|g| *g != GrantType::Implicit)
            .find(|g| g.name() == name)
    }
}

/// A registered client.
#[derive(Clone, Debug, Serialize)]
pub struct Client {
    /// `client_id`.
    pub client_id: String,
    /// Public or confidential.
    pub client_type: ClientType,
    /// The client secret of a confidential client (never serialised; see
    /// [`Client::secret_text`]).
    #[serde(skip)]
    pub secret: Option<Secret>,
    /// A name for the consent page.
    pub name: String,
    /// The registered redirect URIs, compared exactly (RFC 9700 §2.1).
    pub redirect_uris: Vec<String>,
    /// The grant types it may use.
    pub grant_types: Vec<GrantType>,
    /// The scopes it may ask for.
    pub scopes: Vec<String>,
    /// The scope it gets when it asks for none (RFC 6749 §3.3).
    pub default_scope: String,
    /// The format of the access tokens issued to it.
    pub access_token_format: TokenFormat,
}

impl Client {
    /// True when the client is registered for `grant`.
    pub fn allows(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }

    /// The secret as text, for the learner's settings panel (the simulated client's secret is
    /// the learner's own; it is still never serialised or logged).
    pub fn secret_text(&self) -> Option<String> {
        self.secret
            .as_ref()
            .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
    }
}

/// The one end-user of the simulated server.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    /// `sub`.
    pub sub: String,
    /// The login name.
    pub username: String,
    /// The password (never serialised).
    #[serde(skip)]
    pub password: Secret,
    /// `name`.
    pub name: String,
    /// `email`.
    pub email: String,
}

impl Default for User {
    fn default() -> User {
        User {
            sub: "248289761001".to_owned(),
            username: "alice".to_owned(),
            password: Secret::new(b"correct-horse-battery-staple".to_vec()),
            name: "Alice Example".to_owned(),
            email: "alice@tokenlab.example".to_owned(),
        }
    }
}

/// The server's settings. Every default is written on its field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerConfig {
    /// The issuer. Default [`ISSUER`].
    pub issuer: String,
    /// The `aud` of access tokens. Default [`API_AUDIENCE`].
    pub audience: String,
    /// The signing algorithm of JWTs: an asymmetric one, so the JWKS can be public. Default
    /// ES256 (P-256: fast to generate); RS256 is the other usual choice.
    pub alg: Alg,
    /// Authorization code lifetime in seconds. Default 60.
    pub code_lifetime: i64,
    /// Access token lifetime in seconds. Default 300.
    pub access_token_lifetime: i64,
    /// ID token lifetime in seconds. Default 300.
    pub id_token_lifetime: i64,
    /// Refresh token lifetime in seconds. Default 86 400 (a day).
    pub refresh_token_lifetime: i64,
    /// Device code lifetime in seconds. Default 600.
    pub device_code_lifetime: i64,
    /// Initial device polling interval in seconds. Default 5 (RFC 8628 §3.2).
    pub device_interval: i64,
    /// Refuse authorization requests from public clients without PKCE. Default true
    /// (RFC 9700 §2.1.1).
    pub require_pkce_for_public_clients: bool,
    /// The scopes the server knows. Default `openid profile email offline_access api.read
    /// api.write`.
    pub scopes_supported: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            issuer: ISSUER.to_owned(),
            audience: API_AUDIENCE.to_owned(),
            alg: Alg::ES256,
            code_lifetime: 60,
            access_token_lifetime: 300,
            id_token_lifetime: 300,
            refresh_token_lifetime: 86_400,
            device_code_lifetime: 600,
            device_interval: 5,
            require_pkce_for_public_clients: true,
            scopes_supported: [
                "openid",
                "profile",
                "email",
                "offline_access",
                "api.read",
                "api.write",
            ]
            .map(str::to_owned)
            .to_vec(),
        }
    }
}

/// An authorization code the server issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeRecord {
    /// The code.
    pub code: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The redirect URI it was delivered to.
    pub redirect_uri: String,
    /// True when the authorization request named the redirect URI (then the token request
    /// must repeat it, RFC 6749 §4.1.3).
    pub redirect_uri_in_request: bool,
    /// The granted scope.
    pub scope: String,
    /// The OpenID Connect `nonce` of the request.
    pub nonce: Option<String>,
    /// The PKCE challenge bound to the code.
    pub code_challenge: Option<String>,
    /// Its method.
    pub code_challenge_method: Option<Method>,
    /// The user.
    pub sub: String,
    /// When the user authenticated.
    pub auth_time: i64,
    /// Issued at.
    pub issued_at: i64,
    /// Expires at (issued + [`ServerConfig::code_lifetime`]).
    pub expires_at: i64,
    /// True once redeemed: a second use is refused and revokes what the first issued.
    pub used: bool,
    /// The grant its tokens belong to.
    pub grant: u64,
}

/// Access or refresh token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// An access token.
    AccessToken,
    /// A refresh token.
    RefreshToken,
}

/// A token the server issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    /// Access or refresh token.
    pub kind: TokenKind,
    /// JWT or opaque (refresh tokens are always opaque).
    pub format: TokenFormat,
    /// The token itself.
    pub token: String,
    /// Its identifier (`jti` of a JWT).
    pub jti: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The user (or the client itself, for client credentials).
    pub sub: String,
    /// True when `sub` is an end-user.
    pub user: bool,
    /// The scope.
    pub scope: String,
    /// When the user authenticated.
    pub auth_time: Option<i64>,
    /// Issued at.
    pub issued_at: i64,
    /// Expires at.
    pub expires_at: i64,
    /// The grant: every token from one authorization (and its refresh family) shares it.
    pub grant: u64,
    /// Why it was revoked, if it was.
    pub revoked: Option<String>,
    /// For a refresh token: true once it was exchanged for a new one (rotation).
    pub rotated: bool,
}

impl TokenRecord {
    /// True when the token is usable at `now`: not revoked, not rotated out, not expired.
    pub fn is_active(&self, now: i64) -> bool {
        self.revoked.is_none() && !self.rotated && now < self.expires_at
    }
}

/// Where a device authorization stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Waiting for the user.
    Pending,
    /// The user approved it.
    Approved,
    /// The user denied it.
    Denied,
    /// Its tokens were issued.
    Redeemed,
}

/// A device authorization (RFC 8628).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceRecord {
    /// The device code (the device's secret).
    pub device_code: String,
    /// The user code (`XXXX-XXXX`).
    pub user_code: String,
    /// The client.
    pub client_id: String,
    /// The scope.
    pub scope: String,
    /// Issued at.
    pub issued_at: i64,
    /// Expires at.
    pub expires_at: i64,
    /// The current polling interval (grows by 5 s on each `slow_down`).
    pub interval: i64,
    /// The time of the last poll.
    pub last_poll: Option<i64>,
    /// Where it stands.
    pub status: DeviceStatus,
}

/// The server could not be set up.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The algorithm is symmetric or `none`: its key could not be published in a JWKS.
    #[error(
        "the server signs with an asymmetric algorithm so its JWKS can be public; {alg} is not one"
    )]
    UnsupportedAlg {
        /// The algorithm asked for.
        alg: Alg,
    },
    /// The key does not fit the algorithm, or is not a private key.
    #[error("the signing key cannot be used: {reason}")]
    BadKey {
        /// Why.
        reason: String,
    },
    /// Generating the key failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl ServerError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            ServerError::UnsupportedAlg { .. } => "unsupported_alg",
            ServerError::BadKey { .. } => "bad_key",
            ServerError::Key(e) => e.code(),
        }
    }
}

/// Approving a device at the verification URI failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    /// No pending device has this user code.
    #[error("no device is waiting for the code {user_code}")]
    UnknownUserCode {
        /// The code as typed.
        user_code: String,
    },
    /// The device code expired.
    #[error("the code {user_code} has expired; start again on the device")]
    Expired {
        /// The code.
        user_code: String,
    },
    /// The user already approved or denied it.
    #[error("the code {user_code} was already used")]
    AlreadyDecided {
        /// The code.
        user_code: String,
    },
}

impl DeviceError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            DeviceError::UnknownUserCode { .. } => "unknown_user_code",
            DeviceError::Expired { .. } => "user_code_expired",
            DeviceError::AlreadyDecided { .. } => "user_code_used",
        }
    }
}

/// `response_type` values the server supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseType {
    /// `code` (RFC 6749 §4.1).
    Code,
    /// `token`: the implicit grant (RFC 6749 §4.2), deprecated.
    Token,
}

/// An authorization request that passed every check (what the login page is shown for).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValidAuthorization {
    /// The client.
    pub client_id: String,
    /// The redirect URI the answer goes to.
    pub redirect_uri: String,
    /// True when the request named it.
    pub redirect_uri_in_request: bool,
    /// `code` or `token`.
    pub response_type: ResponseType,
    /// The scope that will be granted.
    pub scope: String,
    /// `state`, echoed back.
    pub state: Option<String>,
    /// OpenID Connect `nonce`.
    pub nonce: Option<String>,
    /// PKCE challenge.
    pub code_challenge: Option<String>,
    /// PKCE method.
    pub code_challenge_method: Option<Method>,
}

/// An error found at the authorization endpoint: where it goes.
struct Refusal {
    error: OAuthError,
    /// `Some((redirect_uri, state, in_fragment))` when it may be redirected; `None` when the
    /// redirect URI or client cannot be trusted and the user must see an error page instead.
    redirect: Option<(String, Option<String>, bool)>,
}

/// A failure at the token, device, introspection or revocation endpoints.
struct Failure {
    error: OAuthError,
    /// True when the client tried `Authorization: Basic` (then `invalid_client` carries a
    /// `WWW-Authenticate: Basic` challenge, RFC 6749 §5.2).
    basic: bool,
}

impl From<OAuthError> for Failure {
    fn from(error: OAuthError) -> Failure {
        Failure {
            error,
            basic: false,
        }
    }
}

fn err(code: ErrorCode, description: impl Into<String>) -> OAuthError {
    OAuthError::new(code, description)
}

/// Escapes text for an HTML page.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Names that appear more than once.
fn repeated(params: &[(String, String)]) -> Option<&str> {
    params.iter().enumerate().find_map(|(i, (k, _))| {
        params
            .get(..i)
            .is_some_and(|before| before.iter().any(|(b, _)| b == k))
            .then_some(k.as_str())
    })
}

/// Normalises a typed user code: letters upper-cased, dashes and spaces dropped (RFC 8628 §6.1).
fn normalise_user_code(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The authorization server.
#[derive(Clone, Debug)]
pub struct AuthServer {
    config: ServerConfig,
    key: Key,
    kid: String,
    clients: Vec<Client>,
    user: User,
    codes: Vec<CodeRecord>,
    tokens: Vec<TokenRecord>,
    devices: Vec<DeviceRecord>,
    next_grant: u64,
}

impl AuthServer {
    /// A server with a freshly generated key for `config.alg` (P-256 for ES256; an RSA 2048 key
    /// for RS256 takes a few seconds in a debug build) and the default user, no clients yet.
    pub fn new(
        config: ServerConfig,
        rng: &mut impl CryptoRngCore,
    ) -> Result<AuthServer, ServerError> {
        let alg = config.alg;
        let kind = KeyGenKind::for_alg(alg)
            .filter(|_| alg.is_asymmetric())
            .ok_or(ServerError::UnsupportedAlg { alg })?;
        let key = crate::keys::generate(kind, rng)?;
        AuthServer::with_key(config, key)
    }

    /// A server signing with a given private key (it must fit `config.alg`).
    pub fn with_key(config: ServerConfig, key: Key) -> Result<AuthServer, ServerError> {
        let alg = config.alg;
        if !alg.is_asymmetric() {
            return Err(ServerError::UnsupportedAlg { alg });
        }
        key.check_fits(alg).map_err(|e| ServerError::BadKey {
            reason: e.to_string(),
        })?;
        if !key.is_private() {
            return Err(ServerError::BadKey {
                reason: format!("{} cannot sign", key.description()),
            });
        }
        let kid = crate::jwk::thumbprint(&key);
        Ok(AuthServer {
            config,
            key,
            kid,
            clients: Vec::new(),
            user: User::default(),
            codes: Vec::new(),
            tokens: Vec::new(),
            devices: Vec::new(),
            next_grant: 1,
        })
    }

    /// Registers a client, replacing one with the same `client_id`.
    pub fn register_client(&mut self, client: Client) {
        self.clients.retain(|c| c.client_id != client.client_id);
        self.clients.push(client);
    }

    /// Replaces the user.
    pub fn set_user(&mut self, user: User) {
        self.user = user;
    }

    /// The settings.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// The issuer.
    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// The signing algorithm.
    pub fn alg(&self) -> Alg {
        self.config.alg
    }

    /// The signing key's `kid` (its RFC 7638 thumbprint).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The private signing key (the simulated server's own, shown to the learner on request).
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The registered clients.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// The client with this `client_id`.
    pub fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// The user.
    pub fn user(&self) -> &User {
        &self.user
    }

    /// Every authorization code issued.
    pub fn codes(&self) -> &[CodeRecord] {
        &self.codes
    }

    /// Every token issued, in order.
    pub fn tokens(&self) -> &[TokenRecord] {
        &self.tokens
    }

    /// The record of a token.
    pub fn token_record(&self, token: &str) -> Option<&TokenRecord> {
        self.tokens.iter().find(|t| t.token == token)
    }

    /// The refresh-token family of a grant: its refresh tokens in order of issue.
    pub fn refresh_family(&self, grant: u64) -> Vec<&TokenRecord> {
        self.tokens
            .iter()
            .filter(|t| t.grant == grant && t.kind == TokenKind::RefreshToken)
            .collect()
    }

    /// Every device authorization.
    pub fn devices(&self) -> &[DeviceRecord] {
        &self.devices
    }

    /// `{issuer}{path}`.
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.config.issuer)
    }

    /// The authorization endpoint.
    pub fn authorization_endpoint(&self) -> String {
        self.endpoint("/authorize")
    }

    /// The token endpoint.
    pub fn token_endpoint(&self) -> String {
        self.endpoint("/token")
    }

    /// The device authorization endpoint (RFC 8628 §3.1).
    pub fn device_authorization_endpoint(&self) -> String {
        self.endpoint("/device_authorization")
    }

    /// The page where the user types the user code (RFC 8628 §3.3).
    pub fn verification_uri(&self) -> String {
        self.endpoint("/device")
    }

    /// The introspection endpoint (RFC 7662 §2).
    pub fn introspection_endpoint(&self) -> String {
        self.endpoint("/introspect")
    }

    /// The revocation endpoint (RFC 7009 §2).
    pub fn revocation_endpoint(&self) -> String {
        self.endpoint("/revoke")
    }

    /// Where the JWKS is published.
    pub fn jwks_uri(&self) -> String {
        self.endpoint("/.well-known/jwks.json")
    }

    /// The JWK Set: the public half of the signing key with `kid`, `alg` and `use` (RFC 7517 §5).
    pub fn jwks(&self) -> Value {
        let mut jwk = crate::jwk::to_jwk(&self.key, false);
        if let Value::Object(o) = &mut jwk {
            o.insert("kid".into(), Value::from(self.kid.as_str()));
            o.insert("alg".into(), Value::from(self.config.alg.name()));
            o.insert("use".into(), Value::from("sig"));
        }
        crate::jwk::jwks(&[jwk])
    }

    /// The discovery document (RFC 8414 / OpenID Connect Discovery 1.0), shown, not served.
    pub fn discovery(&self) -> Value {
        json!({
            "issuer": self.config.issuer,
            "authorization_endpoint": self.authorization_endpoint(),
            "token_endpoint": self.token_endpoint(),
            "device_authorization_endpoint": self.device_authorization_endpoint(),
            "introspection_endpoint": self.introspection_endpoint(),
            "revocation_endpoint": self.revocation_endpoint(),
            "jwks_uri": self.jwks_uri(),
            "scopes_supported": self.config.scopes_supported,
            "response_types_supported": ["code", "token"],
            "response_modes_supported": ["query", "fragment"],
            "grant_types_supported": GrantType::ALL.map(GrantType::name),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [self.config.alg.name()],
            "authorization_response_iss_parameter_supported": true,
            "claims_supported": ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "at_hash", "name", "preferred_username", "email", "email_verified"],
        })
    }

    fn new_grant(&mut self) -> u64 {
        let g = self.next_grant;
        self.next_grant = self.next_grant.saturating_add(1);
        g
    }

    /// Revokes every token of a grant.
    fn revoke_grant(&mut self, grant: u64, why: &str) {
        for t in self.tokens.iter_mut().filter(|t| t.grant == grant) {
            if t.revoked.is_none() {
                t.revoked = Some(why.to_owned());
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Authorization endpoint (RFC 6749 §4.1.1, §4.1.2, §4.2.1, §4.2.2)
    // -----------------------------------------------------------------------------------------

    /// The parameters of an authorization request: the query of a GET, the form of a POST.
    fn authorization_params(req: &HttpMessage) -> Vec<(String, String)> {
        if req.method.as_deref() == Some("POST") {
            req.form()
        } else {
            req.query()
        }
    }

    /// Checks an authorization request, in the order RFC 6749 §4.1.2.1 implies: first what
    /// decides whether the server may redirect at all (client_id, redirect_uri), then the rest.
    pub fn validate_authorization(
        &self,
        req: &HttpMessage,
    ) -> Result<ValidAuthorization, HttpMessage> {
        self.check_authorization(req)
            .map_err(|r| self.refusal_response(r).answering(req))
    }

    fn check_authorization(&self, req: &HttpMessage) -> Result<ValidAuthorization, Refusal> {
        let page = |code, d: String| Refusal {
            error: err(code, d),
            redirect: None,
        };
        if !matches!(req.method.as_deref(), Some("GET" | "POST")) {
            return Err(page(
                ErrorCode::InvalidRequest,
                "the authorization endpoint accepts GET (and POST); this request has another method".into(),
            ));
        }
        let params = Self::authorization_params(req);
        let count = |name: &str| params.iter().filter(|(k, _)| k == name).count();
        let get = |name: &str| http::find(&params, name).filter(|v| !v.is_empty());

        // 1. client_id: without a known client there is no registered redirect URI to trust.
        if count("client_id") > 1 {
            return Err(page(
                ErrorCode::InvalidRequest,
                "client_id is repeated".into(),
            ));
        }
        let Some(client_id) = get("client_id") else {
            return Err(page(
                ErrorCode::InvalidRequest,
                "client_id is missing".into(),
            ));
        };
        let Some(client) = self.client(client_id) else {
            return Err(page(
                ErrorCode::InvalidRequest,
                format!("no client is registered with client_id {client_id}"),
            ));
        };

        // 2. redirect_uri: exact match with a registered one (RFC 9700 §2.1), or the only one.
        if count("redirect_uri") > 1 {
            return Err(page(
                ErrorCode::InvalidRequest,
                "redirect_uri is repeated".into(),
            ));
        }
        let (redirect_uri, in_request) = match get("redirect_uri") {
            Some(uri) if client.redirect_uris.iter().any(|r| r == uri) => (uri.to_owned(), true),
            Some(uri) => {
                return Err(page(
                    ErrorCode::InvalidRequest,
                    format!(
                        "the redirect_uri {uri} is not registered for client {client_id}; redirect URIs are compared exactly"
                    ),
                ))
            }
            None => match client.redirect_uris.as_slice() {
                [only] => (only.clone(), false),
                [] => {
                    return Err(page(
                        ErrorCode::InvalidRequest,
                        format!("client {client_id} has no registered redirect_uri"),
                    ))
                }
                _ => {
                    return Err(page(
                        ErrorCode::InvalidRequest,
                        "redirect_uri is missing and the client has several registered".into(),
                    ))
                }
            },
        };
        let state = get("state").map(str::to_owned);

        // From here on, errors are redirected back to the client with the state.
        let redirect = |code, d: String, fragment: bool| Refusal {
            error: err(code, d),
            redirect: Some((redirect_uri.clone(), state.clone(), fragment)),
        };

        // 3. response_type.
        if count("response_type") > 1 {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "response_type is repeated".into(),
                false,
            ));
        }
        let response_type = match get("response_type") {
            None => {
                return Err(redirect(ErrorCode::InvalidRequest, "response_type is missing".into(), false))
            }
            Some("code") => ResponseType::Code,
            Some("token") => ResponseType::Token,
            Some(other) => {
                return Err(redirect(
                    ErrorCode::UnsupportedResponseType,
                    format!("the server supports response_type code (and the deprecated token), not {other}"),
                    false,
                ))
            }
        };
        let fragment = response_type == ResponseType::Token;
        let (grant, grant_label) = match response_type {
            ResponseType::Code => (GrantType::AuthorizationCode, "the authorization code grant"),
            ResponseType::Token => (GrantType::Implicit, "the implicit grant"),
        };
        if !client.allows(grant) {
            return Err(redirect(
                ErrorCode::UnauthorizedClient,
                format!("client {client_id} is not registered for {grant_label}"),
                fragment,
            ));
        }

        // 4. Any other repeated parameter.
        if let Some(name) = repeated(&params) {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                format!("the parameter {name} is repeated"),
                fragment,
            ));
        }

        // 5. scope.
        let scope = self
            .check_scope(client, get("scope"))
            .map_err(|e| Refusal {
                error: e,
                redirect: Some((redirect_uri.clone(), state.clone(), fragment)),
            })?;

        // 6. PKCE (RFC 7636 §4.4.1).
        let (mut code_challenge, mut code_challenge_method) = (None, None);
        if response_type == ResponseType::Code {
            let challenge = get("code_challenge");
            let method = match (get("code_challenge_method"), challenge) {
                (Some(_), None) => {
                    return Err(redirect(
                        ErrorCode::InvalidRequest,
                        "code_challenge_method is given without a code_challenge".into(),
                        false,
                    ))
                }
                (Some(m), Some(_)) => match Method::parse(m) {
                    Some(m) => Some(m),
                    None => {
                        return Err(redirect(
                            ErrorCode::InvalidRequest,
                            format!("the code_challenge_method {m} is not supported; use S256"),
                            false,
                        ))
                    }
                },
                // RFC 7636 §4.3: without a method, the challenge is plain.
                (None, Some(_)) => Some(Method::Plain),
                (None, None) => None,
            };
            if let (Some(c), Some(m)) = (challenge, method) {
                if let Err(e) = pkce::validate_challenge(c, m) {
                    return Err(redirect(ErrorCode::InvalidRequest, e.to_string(), false));
                }
                code_challenge = Some(c.to_owned());
                code_challenge_method = Some(m);
            } else if client.client_type == ClientType::Public
                && self.config.require_pkce_for_public_clients
            {
                return Err(redirect(
                    ErrorCode::InvalidRequest,
                    "a public client must send a PKCE code_challenge (RFC 9700 §2.1.1)".into(),
                    false,
                ));
            }
        }

        Ok(ValidAuthorization {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.clone(),
            redirect_uri_in_request: in_request,
            response_type,
            scope,
            state: state.clone(),
            nonce: get("nonce").map(str::to_owned),
            code_challenge,
            code_challenge_method,
        })
    }

    fn refusal_response(&self, r: Refusal) -> HttpMessage {
        match r.redirect {
            Some((uri, state, fragment)) => {
                let mut params = r.error.to_params(state.as_deref());
                params.push(("iss".to_owned(), self.config.issuer.clone()));
                let location = if fragment {
                    http::with_fragment(&uri, &params)
                } else {
                    http::with_query(&uri, &params)
                };
                HttpMessage::redirect(location)
            }
            None => {
                let html = format!(
                    "<!doctype html>\n<title>Authorization error</title>\n<h1>Authorization error</h1>\n<p><strong>{}</strong>: {}</p>\n<p>The request cannot be sent back to the application, because its client or redirect URI cannot be trusted.</p>\n",
                    r.error.code(),
                    escape_html(&r.error.description)
                );
                HttpMessage::html(400, html)
            }
        }
    }

    /// The answer to the browser's authorization request before the user has decided: the
    /// sign-in and consent page (200) when the request is valid, otherwise the error (an error
    /// page for client or redirect URI problems, else a redirect with `error`).
    pub fn authorize_page(&self, req: &HttpMessage) -> HttpMessage {
        match self.check_authorization(req) {
            Err(r) => self.refusal_response(r).answering(req),
            Ok(valid) => {
                let client_name = self
                    .client(&valid.client_id)
                    .map_or(valid.client_id.clone(), |c| c.name.clone());
                let scopes: String = valid
                    .scope
                    .split(' ')
                    .map(|s| format!("  <li>{}</li>\n", escape_html(s)))
                    .collect();
                let html = format!(
                    "<!doctype html>\n<title>Sign in</title>\n<h1>Sign in to Tokenlab Auth</h1>\n<form method=\"post\" action=\"/login\">\n  <label>Username <input name=\"username\" value=\"{}\"></label>\n  <label>Password <input name=\"password\" type=\"password\"></label>\n  <p>{} would like to:</p>\n  <ul>\n{scopes}  </ul>\n  <button name=\"consent\" value=\"allow\">Allow</button>\n  <button name=\"consent\" value=\"deny\">Deny</button>\n</form>\n",
                    escape_html(&self.user.username),
                    escape_html(&client_name),
                );
                HttpMessage::html(200, html).answering(req)
            }
        }
    }

    /// The authorization endpoint after the user decided: a `302` back to the client with a
    /// `code` (or, for the implicit grant, the access token in the fragment), or with `error`
    /// (`access_denied` when the user refused). Client or redirect URI problems give a `400`
    /// error page and never a redirect (RFC 6749 §4.1.2.1).
    pub fn authorize(
        &mut self,
        req: &HttpMessage,
        user_consents: bool,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> HttpMessage {
        let valid = match self.check_authorization(req) {
            Ok(v) => v,
            Err(r) => return self.refusal_response(r).answering(req),
        };
        let fragment = valid.response_type == ResponseType::Token;
        if !user_consents {
            let r = Refusal {
                error: err(ErrorCode::AccessDenied, "the user denied the request"),
                redirect: Some((valid.redirect_uri.clone(), valid.state.clone(), fragment)),
            };
            return self.refusal_response(r).answering(req);
        }
        let grant = self.new_grant();
        let sub = self.user.sub.clone();
        let mut params: Vec<(String, String)> = Vec::new();
        match valid.response_type {
            ResponseType::Code => {
                let code = random_token(rng, 32);
                self.codes.push(CodeRecord {
                    code: code.clone(),
                    client_id: valid.client_id.clone(),
                    redirect_uri: valid.redirect_uri.clone(),
                    redirect_uri_in_request: valid.redirect_uri_in_request,
                    scope: valid.scope.clone(),
                    nonce: valid.nonce.clone(),
                    code_challenge: valid.code_challenge.clone(),
                    code_challenge_method: valid.code_challenge_method,
                    sub,
                    auth_time: now,
                    issued_at: now,
                    expires_at: now.saturating_add(self.config.code_lifetime),
                    used: false,
                    grant,
                });
                params.push(("code".into(), code));
            }
            ResponseType::Token => {
                let ctx = Issue {
                    client_id: valid.client_id.clone(),
                    sub,
                    user: true,
                    scope: valid.scope.clone(),
                    grant,
                    nonce: None,
                    auth_time: Some(now),
                    refresh: false,
                    id_token: false,
                };
                match self.issue_access_token(&ctx, now, rng) {
                    Ok((token, _)) => {
                        params.push(("access_token".into(), token));
                        params.push(("token_type".into(), "Bearer".into()));
                        params.push((
                            "expires_in".into(),
                            self.config.access_token_lifetime.to_string(),
                        ));
                        params.push(("scope".into(), valid.scope.clone()));
                    }
                    Err(e) => {
                        let r = Refusal {
                            error: e,
                            redirect: Some((valid.redirect_uri.clone(), valid.state.clone(), true)),
                        };
                        return self.refusal_response(r).answering(req);
                    }
                }
            }
        }
        if let Some(s) = &valid.state {
            params.push(("state".into(), s.clone()));
        }
        params.push(("iss".into(), self.config.issuer.clone()));
        let location = if fragment {
            http::with_fragment(&valid.redirect_uri, &params)
        } else {
            http::with_query(&valid.redirect_uri, &params)
        };
        HttpMessage::redirect(location).answering(req)
    }

    /// Checks a requested scope against the server's and the client's; none asked gives the
    /// client's default (RFC 6749 §3.3). Returns the scope to grant, duplicates removed.
    fn check_scope(&self, client: &Client, requested: Option<&str>) -> Result<String, OAuthError> {
        let requested = requested.filter(|s| !s.trim().is_empty());
        let Some(requested) = requested else {
            return Ok(client.default_scope.clone());
        };
        let mut out: Vec<&str> = Vec::new();
        for s in requested.split(' ').filter(|s| !s.is_empty()) {
            if !self.config.scopes_supported.iter().any(|k| k == s) {
                return Err(err(
                    ErrorCode::InvalidScope,
                    format!("the scope {s} is unknown to this server"),
                ));
            }
            if !client.scopes.iter().any(|k| k == s) {
                return Err(err(
                    ErrorCode::InvalidScope,
                    format!("client {} may not ask for the scope {s}", client.client_id),
                ));
            }
            if !out.contains(&s) {
                out.push(s);
            }
        }
        Ok(out.join(" "))
    }

    // -----------------------------------------------------------------------------------------
    // Client authentication (RFC 6749 §2.3) for the token, device, introspection and revocation
    // endpoints.
    // -----------------------------------------------------------------------------------------

    /// Reads a POSTed form, refusing other methods, other bodies and repeated parameters.
    fn read_form(req: &HttpMessage) -> Result<Vec<(String, String)>, OAuthError> {
        if req.method.as_deref() != Some("POST") {
            return Err(err(
                ErrorCode::InvalidRequest,
                "this endpoint accepts only POST (RFC 6749 §3.2)",
            ));
        }
        if req.content_type().as_deref() != Some(http::FORM) {
            return Err(err(
                ErrorCode::InvalidRequest,
                "the body must be application/x-www-form-urlencoded (RFC 6749 §4.1.3)",
            ));
        }
        let params = req.form();
        if let Some(name) = repeated(&params) {
            return Err(err(
                ErrorCode::InvalidRequest,
                format!("the parameter {name} is repeated (RFC 6749 §3.2)"),
            ));
        }
        Ok(params)
    }

    /// Authenticates the client: `client_secret_basic`, `client_secret_post`, or a public
    /// client's bare `client_id`. With `require_secret`, public clients are refused.
    fn authenticate(
        &self,
        req: &HttpMessage,
        params: &[(String, String)],
        require_secret: bool,
    ) -> Result<&Client, Failure> {
        let body_id = http::find(params, "client_id").filter(|v| !v.is_empty());
        let body_secret = http::find(params, "client_secret").filter(|v| !v.is_empty());
        let invalid = |basic: bool, d: String| Failure {
            error: err(ErrorCode::InvalidClient, d),
            basic,
        };
        let (client_id, secret, basic) = match req.authorization() {
            Authorization::Basic { user, password } => {
                if body_secret.is_some() {
                    return Err(Failure {
                        error: err(
                            ErrorCode::InvalidRequest,
                            "the client authenticated twice (Basic and client_secret); use one method (RFC 6749 §2.3)",
                        ),
                        basic: true,
                    });
                }
                if body_id.is_some_and(|id| id != user) {
                    return Err(invalid(
                        true,
                        "the client_id in the body differs from the one in the Basic credentials"
                            .into(),
                    ));
                }
                (user, Some(password), true)
            }
            Authorization::BadBasic(e) => return Err(invalid(true, e.to_string())),
            Authorization::Bearer(_) | Authorization::Other(_) => {
                return Err(invalid(
                    true,
                    "the Authorization header does not use the Basic scheme".into(),
                ))
            }
            Authorization::None => match (body_id, body_secret) {
                (Some(id), secret) => (id.to_owned(), secret.map(str::to_owned), false),
                (None, Some(_)) => {
                    return Err(Failure::from(err(
                        ErrorCode::InvalidRequest,
                        "client_secret is given without client_id",
                    )))
                }
                (None, None) => {
                    return Err(invalid(
                        false,
                        "no client authentication was included".into(),
                    ))
                }
            },
        };
        let Some(client) = self.client(&client_id) else {
            return Err(invalid(
                basic,
                format!("no client is registered with client_id {client_id}"),
            ));
        };
        match (client.client_type, &client.secret, secret) {
            (ClientType::Confidential, Some(expected), Some(given)) => {
                if *expected == Secret::new(given.into_bytes()) {
                    Ok(client)
                } else {
                    Err(invalid(
                        basic,
                        format!("the client secret of {client_id} is wrong"),
                    ))
                }
            }
            (ClientType::Confidential, _, None) => Err(invalid(
                basic,
                format!(
                    "{client_id} is a confidential client and must authenticate with its secret"
                ),
            )),
            (ClientType::Confidential, None, Some(_)) => Err(invalid(
                basic,
                format!("{client_id} has no secret registered"),
            )),
            (ClientType::Public, _, Some(_)) => Err(invalid(
                basic,
                format!("{client_id} is a public client and has no secret to authenticate with"),
            )),
            (ClientType::Public, _, None) if require_secret => Err(invalid(
                basic,
                format!(
                    "{client_id} is a public client; this endpoint needs an authenticated client"
                ),
            )),
            (ClientType::Public, _, None) => Ok(client),
        }
    }

    fn failure_response(&self, f: Failure, req: &HttpMessage) -> HttpMessage {
        let mut resp = f.error.to_response().answering(req);
        if f.basic && f.error.error == ErrorCode::InvalidClient {
            resp.headers.push((
                "WWW-Authenticate".to_owned(),
                format!("Basic realm=\"{}\"", self.config.issuer),
            ));
        }
        resp
    }

    // -----------------------------------------------------------------------------------------
    // Token endpoint (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6; RFC 8628 §3.4)
    // -----------------------------------------------------------------------------------------

    /// The token endpoint: authenticates the client, then redeems an authorization code, a
    /// refresh token (with rotation: reusing an old one revokes the family), the client's own
    /// credentials, a password, or a device code. Errors follow RFC 6749 §5.2 and RFC 8628 §3.5.
    pub fn token(
        &mut self,
        req: &HttpMessage,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> HttpMessage {
        match self.token_inner(req, now, rng) {
            Ok(body) => HttpMessage::json(200, &body)
                .with_header("Pragma", "no-cache")
                .answering(req),
            Err(f) => self.failure_response(f, req),
        }
    }

    fn token_inner(
        &mut self,
        req: &HttpMessage,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Value, Failure> {
        let params = Self::read_form(req)?;
        let client = self.authenticate(req, &params, false)?.clone();
        let get = |name: &str| http::find(&params, name).filter(|v| !v.is_empty());
        let Some(grant_type) = get("grant_type") else {
            return Err(err(ErrorCode::InvalidRequest, "grant_type is missing").into());
        };
        let Some(grant) = GrantType::parse(grant_type) else {
            return Err(err(
                ErrorCode::UnsupportedGrantType,
                format!("the grant_type {grant_type} is not supported"),
            )
            .into());
        };
        if grant == GrantType::ClientCredentials && client.client_type == ClientType::Public {
            return Err(err(
                ErrorCode::UnauthorizedClient,
                "a public client cannot use client_credentials: it has no credentials (RFC 6749 §4.4)",
            )
            .into());
        }
        if !client.allows(grant) {
            return Err(err(
                ErrorCode::UnauthorizedClient,
                format!(
                    "client {} is not registered for the grant type {grant_type}",
                    client.client_id
                ),
            )
            .into());
        }
        let body = match grant {
            GrantType::AuthorizationCode => self.redeem_code(&client, &params, now, rng)?,
            GrantType::RefreshToken => self.redeem_refresh(&client, &params, now, rng)?,
            GrantType::ClientCredentials => {
                let scope = self.check_scope(&client, get("scope"))?;
                if scope.split(' ').any(|s| s == "openid") {
                    return Err(err(
                        ErrorCode::InvalidScope,
                        "openid needs an end-user; client_credentials has none",
                    )
                    .into());
                }
                let grant = self.new_grant();
                let ctx = Issue {
                    client_id: client.client_id.clone(),
                    sub: client.client_id.clone(),
                    user: false,
                    scope,
                    grant,
                    nonce: None,
                    auth_time: None,
                    refresh: false,
                    id_token: false,
                };
                self.issue(&ctx, now, rng)?
            }
            GrantType::Password => {
                let (Some(username), Some(password)) = (get("username"), get("password")) else {
                    return Err(err(
                        ErrorCode::InvalidRequest,
                        "the password grant needs username and password",
                    )
                    .into());
                };
                let password_ok = self.user.password == Secret::new(password.as_bytes().to_vec());
                if username != self.user.username || !password_ok {
                    return Err(
                        err(ErrorCode::InvalidGrant, "the username or password is wrong").into(),
                    );
                }
                let scope = self.check_scope(&client, get("scope"))?;
                let grant = self.new_grant();
                let ctx = Issue {
                    client_id: client.client_id.clone(),
                    sub: self.user.sub.clone(),
                    user: true,
                    id_token: scope.split(' ').any(|s| s == "openid"),
                    scope,
                    grant,
                    nonce: None,
                    auth_time: Some(now),
                    refresh: client.allows(GrantType::RefreshToken),
                };
                self.issue(&ctx, now, rng)?
            }
            GrantType::DeviceCode => self.redeem_device(&client, &params, now, rng)?,
            GrantType::Implicit => {
                return Err(err(
                    ErrorCode::UnsupportedGrantType,
                    "the implicit grant has no token request",
                )
                .into())
            }
        };
        Ok(body)
    }

    fn redeem_code(
        &mut self,
        client: &Client,
        params: &[(String, String)],
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Value, OAuthError> {
        let get = |name: &str| http::find(params, name).filter(|v| !v.is_empty());
        let Some(code) = get("code") else {
            return Err(err(ErrorCode::InvalidRequest, "code is missing"));
        };
        let Some(index) = self.codes.iter().position(|c| c.code == code) else {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the authorization code is not one this server issued",
            ));
        };
        let record = self
            .codes
            .get(index)
            .cloned()
            .ok_or_else(|| err(ErrorCode::ServerError, "code lookup failed"))?;
        if record.client_id != client.client_id {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the authorization code was issued to another client",
            ));
        }
        if record.used {
            self.revoke_grant(
                record.grant,
                "the authorization code it was issued with was used a second time",
            );
            return Err(err(
                ErrorCode::InvalidGrant,
                "the authorization code was already used; the tokens issued with it are now revoked (RFC 6749 §4.1.2)",
            ));
        }
        if now >= record.expires_at {
            return Err(err(
                ErrorCode::InvalidGrant,
                format!(
                    "the authorization code expired {} s ago (codes live {} s)",
                    now.saturating_sub(record.expires_at),
                    self.config.code_lifetime
                ),
            ));
        }
        match (record.redirect_uri_in_request, get("redirect_uri")) {
            (true, None) => {
                return Err(err(
                    ErrorCode::InvalidRequest,
                    "redirect_uri is missing; it was in the authorization request, so it must be repeated (RFC 6749 §4.1.3)",
                ))
            }
            (_, Some(uri)) if uri != record.redirect_uri => {
                return Err(err(
                    ErrorCode::InvalidGrant,
                    format!(
                        "the redirect_uri {uri} is not the one the code was issued for ({})",
                        record.redirect_uri
                    ),
                ))
            }
            _ => {}
        }
        match (&record.code_challenge, record.code_challenge_method, get("code_verifier")) {
            (Some(challenge), Some(method), Some(verifier)) => {
                if let Err(e) = pkce::check(verifier, challenge, method) {
                    return Err(err(ErrorCode::InvalidGrant, format!("PKCE verification failed: {e}")));
                }
            }
            (Some(_), _, None) => {
                return Err(err(
                    ErrorCode::InvalidGrant,
                    "code_verifier is missing; the code is bound to a PKCE code_challenge (RFC 7636 §4.6)",
                ))
            }
            (None, _, Some(_)) => {
                return Err(err(
                    ErrorCode::InvalidGrant,
                    "a code_verifier was sent but the authorization request had no code_challenge (PKCE downgrade, RFC 9700 §4.8)",
                ))
            }
            _ => {}
        }
        if let Some(c) = self.codes.get_mut(index) {
            c.used = true;
        }
        let ctx = Issue {
            client_id: client.client_id.clone(),
            sub: record.sub.clone(),
            user: true,
            id_token: record.scope.split(' ').any(|s| s == "openid"),
            scope: record.scope.clone(),
            grant: record.grant,
            nonce: record.nonce.clone(),
            auth_time: Some(record.auth_time),
            refresh: client.allows(GrantType::RefreshToken),
        };
        self.issue(&ctx, now, rng)
    }

    fn redeem_refresh(
        &mut self,
        client: &Client,
        params: &[(String, String)],
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Value, OAuthError> {
        let get = |name: &str| http::find(params, name).filter(|v| !v.is_empty());
        let Some(token) = get("refresh_token") else {
            return Err(err(ErrorCode::InvalidRequest, "refresh_token is missing"));
        };
        let Some(index) = self
            .tokens
            .iter()
            .position(|t| t.token == token && t.kind == TokenKind::RefreshToken)
        else {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the refresh token is not one this server issued",
            ));
        };
        let record = self
            .tokens
            .get(index)
            .cloned()
            .ok_or_else(|| err(ErrorCode::ServerError, "token lookup failed"))?;
        if record.client_id != client.client_id {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the refresh token was issued to another client",
            ));
        }
        if let Some(why) = &record.revoked {
            return Err(err(
                ErrorCode::InvalidGrant,
                format!("the refresh token was revoked: {why}"),
            ));
        }
        if record.rotated {
            self.revoke_grant(
                record.grant,
                "a rotated-out refresh token of its family was used again",
            );
            return Err(err(
                ErrorCode::InvalidGrant,
                "the refresh token was already used; reuse means it was stolen, so its whole family is revoked (RFC 9700 §4.14.2)",
            ));
        }
        if now >= record.expires_at {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the refresh token has expired",
            ));
        }
        let scope = match get("scope") {
            None => record.scope.clone(),
            Some(asked) => {
                let granted: Vec<&str> = record.scope.split(' ').collect();
                if let Some(extra) = asked
                    .split(' ')
                    .find(|s| !s.is_empty() && !granted.contains(s))
                {
                    return Err(err(
                        ErrorCode::InvalidScope,
                        format!("the scope {extra} was not granted originally; a refresh can only narrow the scope (RFC 6749 §6)"),
                    ));
                }
                asked
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        if let Some(t) = self.tokens.get_mut(index) {
            t.rotated = true;
        }
        let ctx = Issue {
            client_id: client.client_id.clone(),
            sub: record.sub.clone(),
            user: record.user,
            id_token: record.user && scope.split(' ').any(|s| s == "openid"),
            scope,
            grant: record.grant,
            nonce: None,
            auth_time: record.auth_time,
            refresh: true,
        };
        self.issue(&ctx, now, rng)
    }

    fn redeem_device(
        &mut self,
        client: &Client,
        params: &[(String, String)],
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Value, OAuthError> {
        let Some(device_code) = http::find(params, "device_code").filter(|v| !v.is_empty()) else {
            return Err(err(ErrorCode::InvalidRequest, "device_code is missing"));
        };
        let Some(device) = self
            .devices
            .iter_mut()
            .find(|d| d.device_code == device_code)
        else {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the device_code is not one this server issued",
            ));
        };
        if device.client_id != client.client_id {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the device_code was issued to another client",
            ));
        }
        if device.status == DeviceStatus::Redeemed {
            return Err(err(
                ErrorCode::InvalidGrant,
                "the device_code was already exchanged for tokens",
            ));
        }
        if now >= device.expires_at {
            return Err(err(
                ErrorCode::ExpiredToken,
                "the device_code has expired; start a new device authorization (RFC 8628 §3.5)",
            ));
        }
        let last = device.last_poll.replace(now);
        match device.status {
            DeviceStatus::Denied => {
                return Err(err(ErrorCode::AccessDenied, "the user denied the device"))
            }
            DeviceStatus::Pending => {
                if let Some(last) = last {
                    let waited = now.saturating_sub(last);
                    if waited < device.interval {
                        let old = device.interval;
                        device.interval = device.interval.saturating_add(5);
                        return Err(err(
                            ErrorCode::SlowDown,
                            format!(
                                "polled {waited} s after the last poll, but the interval is {old} s; wait {} s from now on (RFC 8628 §3.5)",
                                device.interval
                            ),
                        ));
                    }
                }
                return Err(err(
                    ErrorCode::AuthorizationPending,
                    "the user has not approved the device yet; keep polling",
                ));
            }
            DeviceStatus::Approved | DeviceStatus::Redeemed => {
                device.status = DeviceStatus::Redeemed;
            }
        }
        let scope = device.scope.clone();
        let grant = self.new_grant();
        let ctx = Issue {
            client_id: client.client_id.clone(),
            sub: self.user.sub.clone(),
            user: true,
            id_token: scope.split(' ').any(|s| s == "openid"),
            scope,
            grant,
            nonce: None,
            auth_time: Some(now),
            refresh: client.allows(GrantType::RefreshToken),
        };
        self.issue(&ctx, now, rng)
    }

    // -----------------------------------------------------------------------------------------
    // Issuing tokens
    // -----------------------------------------------------------------------------------------

    /// Signs a JWT with the server's key ([`crate::sign::sign_json`]); a failure is a
    /// `server_error` (RFC 6749 §5.2 has no better code for it).
    fn sign_jwt(&self, header: &Value, claims: &Value) -> Result<String, OAuthError> {
        crate::sign::sign_json(header, claims, self.config.alg, &self.key)
            .map_err(|e| err(ErrorCode::ServerError, format!("signing failed: {e}")))
    }

    fn issue_access_token(
        &mut self,
        ctx: &Issue,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<(String, TokenFormat), OAuthError> {
        let format = self
            .client(&ctx.client_id)
            .map_or(TokenFormat::Opaque, |c| c.access_token_format);
        let jti = random_token(rng, 16);
        let exp = now.saturating_add(self.config.access_token_lifetime);
        let token = match format {
            TokenFormat::Opaque => random_token(rng, 32),
            TokenFormat::Jwt => {
                // RFC 9068 §2.1 (header) and §2.2 (claims).
                let header =
                    json!({"typ": "at+jwt", "alg": self.config.alg.name(), "kid": self.kid});
                let mut claims = Map::new();
                claims.insert("iss".into(), Value::from(self.config.issuer.as_str()));
                claims.insert("sub".into(), Value::from(ctx.sub.as_str()));
                claims.insert("aud".into(), Value::from(self.config.audience.as_str()));
                claims.insert("client_id".into(), Value::from(ctx.client_id.as_str()));
                claims.insert("iat".into(), Value::from(now));
                claims.insert("exp".into(), Value::from(exp));
                claims.insert("jti".into(), Value::from(jti.as_str()));
                claims.insert("scope".into(), Value::from(ctx.scope.as_str()));
                if let Some(t) = ctx.auth_time {
                    claims.insert("auth_time".into(), Value::from(t));
                }
                self.sign_jwt(&header, &Value::Object(claims))?
            }
        };
        self.tokens.push(TokenRecord {
            kind: TokenKind::AccessToken,
            format,
            token: token.clone(),
            jti,
            client_id: ctx.client_id.clone(),
            sub: ctx.sub.clone(),
            user: ctx.user,
            scope: ctx.scope.clone(),
            auth_time: ctx.auth_time,
            issued_at: now,
            expires_at: exp,
            grant: ctx.grant,
            revoked: None,
            rotated: false,
        });
        Ok((token, format))
    }

    fn issue_id_token(
        &self,
        ctx: &Issue,
        access_token: &str,
        now: i64,
    ) -> Result<String, OAuthError> {
        // OpenID Connect Core 1.0 §2 and §3.1.3.6.
        let header = json!({"typ": "JWT", "alg": self.config.alg.name(), "kid": self.kid});
        let mut claims = Map::new();
        claims.insert("iss".into(), Value::from(self.config.issuer.as_str()));
        claims.insert("sub".into(), Value::from(ctx.sub.as_str()));
        claims.insert("aud".into(), Value::from(ctx.client_id.as_str()));
        claims.insert("azp".into(), Value::from(ctx.client_id.as_str()));
        claims.insert("iat".into(), Value::from(now));
        claims.insert(
            "exp".into(),
            Value::from(now.saturating_add(self.config.id_token_lifetime)),
        );
        if let Some(t) = ctx.auth_time {
            claims.insert("auth_time".into(), Value::from(t));
        }
        if let Some(n) = &ctx.nonce {
            claims.insert("nonce".into(), Value::from(n.as_str()));
        }
        if let Some(h) = crate::claims::oidc_half_hash(self.config.alg, access_token) {
            claims.insert("at_hash".into(), Value::from(h));
        }
        let scopes: Vec<&str> = ctx.scope.split(' ').collect();
        if scopes.contains(&"profile") {
            claims.insert("name".into(), Value::from(self.user.name.as_str()));
            claims.insert(
                "preferred_username".into(),
                Value::from(self.user.username.as_str()),
            );
        }
        if scopes.contains(&"email") {
            claims.insert("email".into(), Value::from(self.user.email.as_str()));
            claims.insert("email_verified".into(), Value::from(true));
        }
        self.sign_jwt(&header, &Value::Object(claims))
    }

    /// Issues the tokens of a grant and builds the token response (RFC 6749 §5.1).
    fn issue(
        &mut self,
        ctx: &Issue,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Value, OAuthError> {
        let (access_token, _) = self.issue_access_token(ctx, now, rng)?;
        let mut body = Map::new();
        body.insert("access_token".into(), Value::from(access_token.as_str()));
        body.insert("token_type".into(), Value::from("Bearer"));
        body.insert(
            "expires_in".into(),
            Value::from(self.config.access_token_lifetime),
        );
        if ctx.refresh {
            let token = random_token(rng, 32);
            self.tokens.push(TokenRecord {
                kind: TokenKind::RefreshToken,
                format: TokenFormat::Opaque,
                token: token.clone(),
                jti: random_token(rng, 16),
                client_id: ctx.client_id.clone(),
                sub: ctx.sub.clone(),
                user: ctx.user,
                scope: ctx.scope.clone(),
                auth_time: ctx.auth_time,
                issued_at: now,
                expires_at: now.saturating_add(self.config.refresh_token_lifetime),
                grant: ctx.grant,
                revoked: None,
                rotated: false,
            });
            body.insert("refresh_token".into(), Value::from(token));
        }
        body.insert("scope".into(), Value::from(ctx.scope.as_str()));
        if ctx.id_token {
            let id = self.issue_id_token(ctx, &access_token, now)?;
            body.insert("id_token".into(), Value::from(id));
        }
        Ok(Value::Object(body))
    }

    // -----------------------------------------------------------------------------------------
    // Device authorization (RFC 8628 §3.1–§3.3)
    // -----------------------------------------------------------------------------------------

    fn user_code(rng: &mut impl CryptoRngCore) -> String {
        let mut out = String::with_capacity(9);
        let mut buf = [0u8; 32];
        // 256 = 12 × 20 + 16: bytes below 240 map evenly onto the 20 letters.
        for _ in 0..100 {
            rng.fill_bytes(&mut buf);
            for b in buf.iter().filter(|b| **b < 240) {
                if let Some(c) = USER_CODE_ALPHABET.get(usize::from(*b) % USER_CODE_ALPHABET.len())
                {
                    if out.len() == 4 {
                        out.push('-');
                    }
                    out.push(char::from(*c));
                    if out.len() == 9 {
                        return out;
                    }
                }
            }
        }
        out
    }

    /// The device authorization endpoint: gives the device a `device_code` and the user a
    /// `user_code` to type at the verification URI (RFC 8628 §3.2).
    pub fn device_authorization(
        &mut self,
        req: &HttpMessage,
        now: i64,
        rng: &mut impl CryptoRngCore,
    ) -> HttpMessage {
        let result = (|| -> Result<Value, Failure> {
            let params = Self::read_form(req)?;
            let client = self.authenticate(req, &params, false)?.clone();
            if !client.allows(GrantType::DeviceCode) {
                return Err(err(
                    ErrorCode::UnauthorizedClient,
                    format!(
                        "client {} is not registered for the device authorization grant",
                        client.client_id
                    ),
                )
                .into());
            }
            let scope = self.check_scope(&client, http::find(&params, "scope"))?;
            let device_code = random_token(rng, 32);
            let user_code = Self::user_code(rng);
            let uri = self.verification_uri();
            self.devices.push(DeviceRecord {
                device_code: device_code.clone(),
                user_code: user_code.clone(),
                client_id: client.client_id.clone(),
                scope,
                issued_at: now,
                expires_at: now.saturating_add(self.config.device_code_lifetime),
                interval: self.config.device_interval,
                last_poll: None,
                status: DeviceStatus::Pending,
            });
            Ok(json!({
                "device_code": device_code,
                "user_code": user_code,
                "verification_uri": uri,
                "verification_uri_complete": http::with_query(&uri, &[("user_code".to_owned(), user_code.clone())]),
                "expires_in": self.config.device_code_lifetime,
                "interval": self.config.device_interval,
            }))
        })();
        match result {
            Ok(body) => HttpMessage::json(200, &body).answering(req),
            Err(f) => self.failure_response(f, req),
        }
    }

    /// The user approves (or denies) the device whose user code they typed (RFC 8628 §3.3).
    /// The code is read case-insensitively, ignoring dashes and spaces.
    pub fn approve_device(
        &mut self,
        user_code: &str,
        approve: bool,
        now: i64,
    ) -> Result<(), DeviceError> {
        let typed = normalise_user_code(user_code);
        let Some(device) = self
            .devices
            .iter_mut()
            .rev()
            .find(|d| !typed.is_empty() && normalise_user_code(&d.user_code) == typed)
        else {
            return Err(DeviceError::UnknownUserCode {
                user_code: user_code.to_owned(),
            });
        };
        if now >= device.expires_at {
            return Err(DeviceError::Expired {
                user_code: device.user_code.clone(),
            });
        }
        if device.status != DeviceStatus::Pending {
            return Err(DeviceError::AlreadyDecided {
                user_code: device.user_code.clone(),
            });
        }
        device.status = if approve {
            DeviceStatus::Approved
        } else {
            DeviceStatus::Denied
        };
        Ok(())
    }

    /// The verification page's form post: `user_code` and `consent=allow|deny`. Answers with a
    /// page saying what happened (400 for an unknown, expired or used code).
    pub fn device_verification(&mut self, req: &HttpMessage, now: i64) -> HttpMessage {
        let params = req.form();
        let code = http::find(&params, "user_code").unwrap_or("");
        let approve = http::find(&params, "consent") == Some("allow");
        let page = |status: u16, title: &str, text: String| {
            HttpMessage::html(
                status,
                format!(
                    "<!doctype html>\n<title>{title}</title>\n<h1>{title}</h1>\n<p>{}</p>\n",
                    escape_html(&text)
                ),
            )
            .answering(req)
        };
        match self.approve_device(code, approve, now) {
            Ok(()) if approve => page(
                200,
                "Device connected",
                "You can go back to your device.".to_owned(),
            ),
            Ok(()) => page(
                200,
                "Request denied",
                "The device will not get access.".to_owned(),
            ),
            Err(e) => page(400, "Code not accepted", e.to_string()),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Introspection (RFC 7662) and revocation (RFC 7009)
    // -----------------------------------------------------------------------------------------

    /// The introspection endpoint (RFC 7662 §2): an authenticated (confidential) caller asks
    /// about a token and gets `{"active": true, …}` or only `{"active": false}` for a token that
    /// is unknown, expired, revoked or rotated out.
    pub fn introspect(&self, req: &HttpMessage, now: i64) -> HttpMessage {
        let result = (|| -> Result<Value, Failure> {
            let params = Self::read_form(req)?;
            self.authenticate(req, &params, true)?;
            let Some(token) = http::find(&params, "token").filter(|t| !t.is_empty()) else {
                return Err(err(ErrorCode::InvalidRequest, "token is missing").into());
            };
            let Some(t) = self.token_record(token).filter(|t| t.is_active(now)) else {
                return Ok(json!({"active": false}));
            };
            let mut o = Map::new();
            o.insert("active".into(), Value::from(true));
            o.insert("scope".into(), Value::from(t.scope.as_str()));
            o.insert("client_id".into(), Value::from(t.client_id.as_str()));
            if t.user {
                o.insert("username".into(), Value::from(self.user.username.as_str()));
            }
            if t.kind == TokenKind::AccessToken {
                o.insert("token_type".into(), Value::from("Bearer"));
            }
            o.insert("exp".into(), Value::from(t.expires_at));
            o.insert("iat".into(), Value::from(t.issued_at));
            o.insert("sub".into(), Value::from(t.sub.as_str()));
            let aud = match t.kind {
                TokenKind::AccessToken => self.config.audience.as_str(),
                TokenKind::RefreshToken => self.config.issuer.as_str(),
            };
            o.insert("aud".into(), Value::from(aud));
            o.insert("iss".into(), Value::from(self.config.issuer.as_str()));
            o.insert("jti".into(), Value::from(t.jti.as_str()));
            Ok(Value::Object(o))
        })();
        match result {
            Ok(body) => HttpMessage::json(200, &body).answering(req),
            Err(f) => self.failure_response(f, req),
        }
    }

    /// The revocation endpoint (RFC 7009 §2): revokes an access token, or a refresh token and
    /// with it every token of its grant. Answers 200 with an empty body, also for unknown
    /// tokens (§2.2); a token of another client is refused.
    pub fn revoke(&mut self, req: &HttpMessage, now: i64) -> HttpMessage {
        let _ = now;
        let result = (|| -> Result<(), Failure> {
            let params = Self::read_form(req)?;
            let client_id = self.authenticate(req, &params, false)?.client_id.clone();
            let Some(token) = http::find(&params, "token").filter(|t| !t.is_empty()) else {
                return Err(err(ErrorCode::InvalidRequest, "token is missing").into());
            };
            let Some(record) = self.token_record(token).cloned() else {
                return Ok(());
            };
            if record.client_id != client_id {
                return Err(err(
                    ErrorCode::UnauthorizedClient,
                    "the token was issued to another client (RFC 7009 §2.1)",
                )
                .into());
            }
            match record.kind {
                TokenKind::RefreshToken => {
                    self.revoke_grant(record.grant, "its refresh token was revoked (RFC 7009)")
                }
                TokenKind::AccessToken => {
                    if let Some(t) = self.tokens.iter_mut().find(|t| t.token == token) {
                        if t.revoked.is_none() {
                            t.revoked = Some("revoked by the client (RFC 7009)".to_owned());
                        }
                    }
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => HttpMessage::response(200)
                .with_header("Cache-Control", "no-store")
                .answering(req),
            Err(f) => self.failure_response(f, req),
        }
    }
}

/// What a grant issues.
struct Issue {
    client_id: String,
    sub: String,
    user: bool,
    scope: String,
    grant: u64,
    nonce: Option<String>,
    auth_time: Option<i64>,
    refresh: bool,
    id_token: bool,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::oauth::errors::ErrorResponse;
    use crate::oauth::testing::TestRng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    pub const NOW: i64 = 1_750_000_000;
    pub const REDIRECT: &str = "https://app.tokenlab.example/callback";
    pub const SECRET: &str = "web-app-secret";
    pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn all_scopes() -> Vec<String> {
        ServerConfig::default().scopes_supported
    }

    /// A server with a confidential `web-app` (JWT tokens) and a public `spa` (opaque tokens).
    pub fn server(rng: &mut TestRng) -> AuthServer {
        let mut s = AuthServer::new(ServerConfig::default(), rng).expect("server");
        s.register_client(Client {
            client_id: "web-app".into(),
            client_type: ClientType::Confidential,
            secret: Some(Secret::new(SECRET.as_bytes().to_vec())),
            name: "Web App".into(),
            redirect_uris: vec![REDIRECT.into()],
            grant_types: vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
                GrantType::Password,
                GrantType::DeviceCode,
            ],
            scopes: all_scopes(),
            default_scope: "api.read".into(),
            access_token_format: TokenFormat::Jwt,
        });
        s.register_client(Client {
            client_id: "spa".into(),
            client_type: ClientType::Public,
            secret: None,
            name: "Single-Page App".into(),
            redirect_uris: vec![REDIRECT.into(), "https://app.tokenlab.example/other".into()],
            grant_types: vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::Implicit,
                GrantType::DeviceCode,
            ],
            scopes: all_scopes(),
            default_scope: "api.read".into(),
            access_token_format: TokenFormat::Opaque,
        });
        s
    }

    pub fn authorize_url(client_id: &str, extra: &[(&str, &str)]) -> HttpMessage {
        let mut pairs: Vec<(String, String)> = vec![
            ("response_type".into(), "code".into()),
            ("client_id".into(), client_id.into()),
            ("redirect_uri".into(), REDIRECT.into()),
            ("scope".into(), "openid profile api.read".into()),
            ("state".into(), "st4te".into()),
            ("nonce".into(), "n0nce".into()),
            ("code_challenge".into(), CHALLENGE.into()),
            ("code_challenge_method".into(), "S256".into()),
        ];
        for (k, v) in extra {
            http::set_pair(&mut pairs, k, v);
        }
        HttpMessage::get(http::with_query(&format!("{ISSUER}/authorize"), &pairs))
    }

    pub fn code_from(resp: &HttpMessage) -> String {
        assert_eq!(resp.status, Some(302), "{}", resp.to_text());
        http::find(&resp.location_query(), "code")
            .expect("code")
            .to_owned()
    }

    pub fn token_request(client_id: &str, basic: bool, pairs: &[(&str, &str)]) -> HttpMessage {
        let mut all: Vec<(&str, &str)> = pairs.to_vec();
        if !basic {
            all.push(("client_id", client_id));
        }
        let mut req = HttpMessage::post_form(format!("{ISSUER}/token"), &all);
        if basic {
            req.set_basic_auth(client_id, SECRET);
        }
        req
    }

    fn code_request(code: &str, verifier: &str) -> HttpMessage {
        token_request(
            "web-app",
            true,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", verifier),
            ],
        )
    }

    fn error_of(resp: &HttpMessage) -> (u16, String) {
        let e =
            ErrorResponse::read(resp).unwrap_or_else(|| panic!("no error in {}", resp.to_text()));
        (e.status, e.error)
    }

    fn assert_error(resp: &HttpMessage, status: u16, code: &str) {
        assert_eq!(
            error_of(resp),
            (status, code.to_owned()),
            "{}",
            resp.to_text()
        );
    }

    /// A base64url JSON segment with one string member changed (no re-signing: a forgery).
    pub fn tamper_claims(segment: &str, name: &str, value: &str) -> String {
        let bytes = crate::b64::decode(segment).expect("base64url").bytes;
        let mut v: Value = serde_json::from_slice(&bytes).expect("json");
        v[name] = Value::from(value);
        crate::b64::encode(v.to_string().as_bytes())
    }

    #[test]
    fn the_authorization_code_flow_with_pkce_issues_verifiable_tokens() {
        let rng = &mut TestRng::new(1);
        let mut s = server(rng);
        let resp = s.authorize(&authorize_url("web-app", &[]), true, NOW, rng);
        let q = resp.location_query();
        assert_eq!(http::find(&q, "state"), Some("st4te"));
        assert_eq!(http::find(&q, "iss"), Some(ISSUER));
        assert!(resp.location().is_some_and(|l| l.starts_with(REDIRECT)));
        let code = code_from(&resp);
        let answer = s.token(&code_request(&code, VERIFIER), NOW + 5, rng);
        assert_eq!(answer.status, Some(200), "{}", answer.to_text());
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let body = answer.json_body().expect("json");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], "openid profile api.read");
        let at = body["access_token"].as_str().expect("access_token");
        let id = body["id_token"].as_str().expect("id_token");
        assert!(body["refresh_token"].is_string());

        let decoded = crate::jws::decode(id).expect("id token decodes");
        crate::oauth::resource::verify_signature(&decoded, &s.jwks(), Alg::ES256)
            .expect("the ID token verifies with the JWKS");
        let claims = decoded.claims().expect("claims");
        assert_eq!(claims["nonce"], "n0nce");
        assert_eq!(claims["aud"], "web-app");
        assert_eq!(claims["azp"], "web-app");
        assert_eq!(claims["iss"], ISSUER);
        assert_eq!(
            claims["at_hash"].as_str(),
            crate::claims::oidc_half_hash(Alg::ES256, at).as_deref()
        );
        let access = crate::jws::decode(at).expect("access token decodes");
        assert_eq!(access.header_value().expect("header")["typ"], "at+jwt");
        let ac = access.claims().expect("claims");
        assert_eq!(ac["aud"], API_AUDIENCE);
        assert_eq!(ac["client_id"], "web-app");
        assert_eq!(ac["exp"], NOW + 5 + 300);
    }

    #[test]
    fn a_wrong_secret_with_basic_is_invalid_client_401_with_a_basic_challenge() {
        let rng = &mut TestRng::new(2);
        let mut s = server(rng);
        let mut req = token_request("web-app", true, &[("grant_type", "client_credentials")]);
        req.set_basic_auth("web-app", "wrong");
        let resp = s.token(&req, NOW, rng);
        assert_error(&resp, 401, "invalid_client");
        assert_eq!(
            resp.header("www-authenticate"),
            Some("Basic realm=\"https://auth.tokenlab.example\"")
        );
        // client_secret_post: still 401, but no Basic challenge.
        let req = token_request(
            "web-app",
            false,
            &[
                ("grant_type", "client_credentials"),
                ("client_secret", "wrong"),
            ],
        );
        let resp = s.token(&req, NOW, rng);
        assert_error(&resp, 401, "invalid_client");
        assert_eq!(resp.header("www-authenticate"), None);
        // and the right secret in the body works.
        let req = token_request(
            "web-app",
            false,
            &[
                ("grant_type", "client_credentials"),
                ("client_secret", SECRET),
            ],
        );
        assert_eq!(s.token(&req, NOW, rng).status, Some(200));
    }

    #[test]
    fn client_authentication_failures_each_have_their_rfc_answer() {
        let rng = &mut TestRng::new(3);
        let mut s = server(rng);
        let cases: Vec<(&str, HttpMessage, u16, &str)> = vec![
            (
                "unknown client",
                token_request("nobody", false, &[("grant_type", "client_credentials")]),
                401,
                "invalid_client",
            ),
            (
                "confidential without secret",
                token_request("web-app", false, &[("grant_type", "client_credentials")]),
                401,
                "invalid_client",
            ),
            (
                "no client at all",
                HttpMessage::post_form(
                    format!("{ISSUER}/token"),
                    &[("grant_type", "client_credentials")],
                ),
                401,
                "invalid_client",
            ),
            (
                "public client with a secret",
                token_request(
                    "spa",
                    false,
                    &[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", "x"),
                        ("client_secret", "guess"),
                    ],
                ),
                401,
                "invalid_client",
            ),
            (
                "two methods",
                token_request(
                    "web-app",
                    true,
                    &[
                        ("grant_type", "client_credentials"),
                        ("client_secret", SECRET),
                    ],
                ),
                400,
                "invalid_request",
            ),
            (
                "GET",
                HttpMessage::get(format!("{ISSUER}/token?grant_type=client_credentials")),
                400,
                "invalid_request",
            ),
            (
                "repeated parameter",
                token_request(
                    "web-app",
                    true,
                    &[
                        ("grant_type", "client_credentials"),
                        ("scope", "api.read"),
                        ("scope", "api.write"),
                    ],
                ),
                400,
                "invalid_request",
            ),
        ];
        for (i, (name, req, status, code)) in cases.into_iter().enumerate() {
            let resp = s.token(&req, NOW, rng);
            assert_eq!(
                error_of(&resp),
                (status, code.to_owned()),
                "#{i} {name}: {}",
                resp.to_text()
            );
        }
        let mut req = token_request("web-app", false, &[("grant_type", "client_credentials")]);
        req.set_header("Authorization", "Basic not base64!");
        let resp = s.token(&req, NOW, rng);
        assert_error(&resp, 401, "invalid_client");
        assert!(resp.header("www-authenticate").is_some());
    }

    #[test]
    fn a_wrong_code_verifier_is_invalid_grant_400() {
        let rng = &mut TestRng::new(4);
        let mut s = server(rng);
        let code = code_from(&s.authorize(&authorize_url("web-app", &[]), true, NOW, rng));
        let wrong = "x".repeat(43);
        let resp = s.token(&code_request(&code, &wrong), NOW, rng);
        assert_error(&resp, 400, "invalid_grant");
        // A missing verifier too, and a malformed one.
        assert_error(
            &s.token(&code_request(&code, ""), NOW, rng),
            400,
            "invalid_grant",
        );
        assert_error(
            &s.token(&code_request(&code, "short"), NOW, rng),
            400,
            "invalid_grant",
        );
        // The failed attempts did not burn the code: the right verifier still works.
        assert_eq!(
            s.token(&code_request(&code, VERIFIER), NOW, rng).status,
            Some(200)
        );
    }

    #[test]
    fn a_reused_code_is_invalid_grant_and_revokes_the_tokens_it_issued() {
        let rng = &mut TestRng::new(5);
        let mut s = server(rng);
        let code = code_from(&s.authorize(&authorize_url("web-app", &[]), true, NOW, rng));
        let first = s.token(&code_request(&code, VERIFIER), NOW, rng);
        let at = first.json_str("access_token").expect("access token");
        assert!(s.token_record(&at).is_some_and(|t| t.is_active(NOW)));
        let again = s.token(&code_request(&code, VERIFIER), NOW + 1, rng);
        assert_error(&again, 400, "invalid_grant");
        assert!(s.token_record(&at).is_some_and(|t| t.revoked.is_some()));
    }

    #[test]
    fn an_expired_code_is_invalid_grant() {
        let rng = &mut TestRng::new(6);
        let mut s = server(rng);
        let code = code_from(&s.authorize(&authorize_url("web-app", &[]), true, NOW, rng));
        let resp = s.token(&code_request(&code, VERIFIER), NOW + 60, rng);
        assert_error(&resp, 400, "invalid_grant");
        assert!(resp
            .json_str("error_description")
            .is_some_and(|d| d.contains("expired")));
    }

    #[test]
    fn a_different_or_missing_redirect_uri_at_the_token_endpoint_is_refused() {
        let rng = &mut TestRng::new(7);
        let mut s = server(rng);
        let code = code_from(&s.authorize(&authorize_url("web-app", &[]), true, NOW, rng));
        let mut req = code_request(&code, VERIFIER);
        req.set_form_param("redirect_uri", "https://evil.example/callback");
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_grant");
        req.set_form_param("redirect_uri", "");
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_request");
    }

    #[test]
    fn a_code_of_another_client_is_invalid_grant() {
        let rng = &mut TestRng::new(8);
        let mut s = server(rng);
        let code = code_from(&s.authorize(&authorize_url("spa", &[]), true, NOW, rng));
        assert_error(
            &s.token(&code_request(&code, VERIFIER), NOW, rng),
            400,
            "invalid_grant",
        );
    }

    #[test]
    fn an_unknown_grant_type_is_unsupported_grant_type() {
        let rng = &mut TestRng::new(9);
        let mut s = server(rng);
        let req = token_request("web-app", true, &[("grant_type", "magic")]);
        assert_error(&s.token(&req, NOW, rng), 400, "unsupported_grant_type");
        let req = token_request("web-app", true, &[]);
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_request");
    }

    #[test]
    fn a_public_client_using_client_credentials_is_unauthorized_client() {
        let rng = &mut TestRng::new(10);
        let mut s = server(rng);
        let req = token_request("spa", false, &[("grant_type", "client_credentials")]);
        assert_error(&s.token(&req, NOW, rng), 400, "unauthorized_client");
        let req = token_request(
            "spa",
            false,
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "x"),
            ],
        );
        assert_error(&s.token(&req, NOW, rng), 400, "unauthorized_client");
    }

    #[test]
    fn unknown_or_unregistered_scopes_are_invalid_scope() {
        let rng = &mut TestRng::new(11);
        let mut s = server(rng);
        let req = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "client_credentials"),
                ("scope", "api.read admin"),
            ],
        );
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_scope");
        let req = token_request(
            "web-app",
            true,
            &[("grant_type", "client_credentials"), ("scope", "openid")],
        );
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_scope");
        let resp = s.authorize(
            &authorize_url("web-app", &[("scope", "root")]),
            true,
            NOW,
            rng,
        );
        assert_eq!(resp.status, Some(302));
        assert_error(&resp, 302, "invalid_scope");
        assert_eq!(http::find(&resp.location_query(), "state"), Some("st4te"));
    }

    #[test]
    fn an_unknown_response_type_is_redirected_as_unsupported_response_type() {
        let rng = &mut TestRng::new(12);
        let mut s = server(rng);
        let resp = s.authorize(
            &authorize_url("web-app", &[("response_type", "id_token")]),
            true,
            NOW,
            rng,
        );
        assert_error(&resp, 302, "unsupported_response_type");
        assert!(resp.location().is_some_and(|l| l.starts_with(REDIRECT)));
        assert_eq!(http::find(&resp.location_query(), "state"), Some("st4te"));
        // The confidential client is not registered for the implicit grant.
        let resp = s.authorize(
            &authorize_url("web-app", &[("response_type", "token")]),
            true,
            NOW,
            rng,
        );
        let frag = resp.location_fragment();
        assert_eq!(http::find(&frag, "error"), Some("unauthorized_client"));
    }

    #[test]
    fn a_user_who_refuses_sends_access_denied_back_with_the_state() {
        let rng = &mut TestRng::new(13);
        let mut s = server(rng);
        let resp = s.authorize(&authorize_url("web-app", &[]), false, NOW, rng);
        assert_error(&resp, 302, "access_denied");
        assert_eq!(http::find(&resp.location_query(), "state"), Some("st4te"));
        assert!(s.codes().is_empty());
    }

    #[test]
    fn an_unknown_client_or_mismatched_redirect_uri_gets_an_error_page_not_a_redirect() {
        let rng = &mut TestRng::new(14);
        let mut s = server(rng);
        for (i, req) in [
            authorize_url("stranger", &[]),
            authorize_url("web-app", &[("redirect_uri", "https://evil.example/steal")]),
            authorize_url(
                "web-app",
                &[("redirect_uri", "https://app.tokenlab.example/callback/")],
            ),
            authorize_url("web-app", &[("client_id", "")]),
            authorize_url("spa", &[("redirect_uri", "")]),
        ]
        .iter()
        .enumerate()
        {
            for resp in [s.authorize(req, true, NOW, rng), s.authorize_page(req)] {
                assert_eq!(resp.status, Some(400), "#{i}: {}", resp.to_text());
                assert_eq!(resp.location(), None, "#{i}");
                assert!(
                    resp.body
                        .as_deref()
                        .is_some_and(|b| b.contains("invalid_request")),
                    "#{i}"
                );
            }
        }
        // Omitting redirect_uri is fine when exactly one is registered.
        let resp = s.authorize(
            &authorize_url("web-app", &[("redirect_uri", "")]),
            true,
            NOW,
            rng,
        );
        let code = code_from(&resp);
        let req = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("code_verifier", VERIFIER),
            ],
        );
        assert_eq!(s.token(&req, NOW, rng).status, Some(200));
    }

    #[test]
    fn a_public_client_must_use_pkce_and_a_bad_challenge_is_invalid_request() {
        let rng = &mut TestRng::new(15);
        let mut s = server(rng);
        let no_pkce = authorize_url(
            "spa",
            &[("code_challenge", ""), ("code_challenge_method", "")],
        );
        assert_error(
            &s.authorize(&no_pkce, true, NOW, rng),
            302,
            "invalid_request",
        );
        let bad = authorize_url("spa", &[("code_challenge", "too-short")]);
        assert_error(&s.authorize(&bad, true, NOW, rng), 302, "invalid_request");
        let method = authorize_url("spa", &[("code_challenge_method", "S512")]);
        assert_error(
            &s.authorize(&method, true, NOW, rng),
            302,
            "invalid_request",
        );
        let repeated =
            HttpMessage::get(format!("{}&scope=api.read", authorize_url("spa", &[]).url));
        assert_error(
            &s.authorize(&repeated, true, NOW, rng),
            302,
            "invalid_request",
        );
        // The confidential client may skip PKCE, but then must not send a verifier.
        let plain = authorize_url(
            "web-app",
            &[("code_challenge", ""), ("code_challenge_method", "")],
        );
        let code = code_from(&s.authorize(&plain, true, NOW, rng));
        assert_error(
            &s.token(&code_request(&code, VERIFIER), NOW, rng),
            400,
            "invalid_grant",
        );
    }

    fn refresh(s: &mut AuthServer, rt: &str, rng: &mut TestRng, now: i64) -> HttpMessage {
        let req = token_request(
            "spa",
            false,
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        );
        s.token(&req, now, rng)
    }

    #[test]
    fn refresh_tokens_rotate_and_reusing_an_old_one_revokes_the_family() {
        let rng = &mut TestRng::new(16);
        let mut s = server(rng);
        let code = code_from(&s.authorize(&authorize_url("spa", &[]), true, NOW, rng));
        let req = token_request(
            "spa",
            false,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ],
        );
        let first = s.token(&req, NOW, rng);
        let rt1 = first.json_str("refresh_token").expect("rt1");
        let second = refresh(&mut s, &rt1, rng, NOW + 400);
        assert_eq!(second.status, Some(200), "{}", second.to_text());
        let rt2 = second.json_str("refresh_token").expect("rt2");
        let at2 = second.json_str("access_token").expect("at2");
        assert_ne!(rt1, rt2);
        // The replay of rt1 is refused and revokes everything of the grant …
        assert_error(&refresh(&mut s, &rt1, rng, NOW + 401), 400, "invalid_grant");
        assert!(s.token_record(&at2).is_some_and(|t| t.revoked.is_some()));
        // … so the legitimate rt2 stops working too.
        assert_error(&refresh(&mut s, &rt2, rng, NOW + 402), 400, "invalid_grant");
        let grant = s.token_record(&rt2).map(|t| t.grant).expect("grant");
        assert_eq!(s.refresh_family(grant).len(), 2);
    }

    #[test]
    fn a_refresh_can_narrow_the_scope_but_not_widen_it() {
        let rng = &mut TestRng::new(17);
        let mut s = server(rng);
        let req = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "correct-horse-battery-staple"),
                ("scope", "api.read api.write"),
            ],
        );
        let rt = s
            .token(&req, NOW, rng)
            .json_str("refresh_token")
            .expect("rt");
        let wide = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &rt),
                ("scope", "api.read openid"),
            ],
        );
        assert_error(&s.token(&wide, NOW, rng), 400, "invalid_scope");
        let narrow = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &rt),
                ("scope", "api.read"),
            ],
        );
        let resp = s.token(&narrow, NOW, rng);
        assert_eq!(resp.json_str("scope").as_deref(), Some("api.read"));
    }

    #[test]
    fn the_password_grant_checks_the_password() {
        let rng = &mut TestRng::new(18);
        let mut s = server(rng);
        let req = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "guess"),
            ],
        );
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_grant");
        let req = token_request(
            "web-app",
            true,
            &[("grant_type", "password"), ("username", "alice")],
        );
        assert_error(&s.token(&req, NOW, rng), 400, "invalid_request");
    }

    fn device_start(s: &mut AuthServer, rng: &mut TestRng) -> (String, String) {
        let req = HttpMessage::post_form(
            s.device_authorization_endpoint(),
            &[("client_id", "spa"), ("scope", "api.read")],
        );
        let resp = s.device_authorization(&req, NOW, rng);
        assert_eq!(resp.status, Some(200), "{}", resp.to_text());
        let body = resp.json_body().expect("json");
        assert_eq!(body["interval"], 5);
        assert_eq!(body["expires_in"], 600);
        assert_eq!(
            body["verification_uri"],
            "https://auth.tokenlab.example/device"
        );
        let user_code = body["user_code"].as_str().expect("user_code").to_owned();
        assert_eq!(user_code.len(), 9);
        assert!(user_code
            .chars()
            .all(|c| c == '-' || USER_CODE_ALPHABET.contains(&(c as u8))));
        (
            body["device_code"]
                .as_str()
                .expect("device_code")
                .to_owned(),
            user_code,
        )
    }

    fn poll(s: &mut AuthServer, device_code: &str, rng: &mut TestRng, now: i64) -> HttpMessage {
        let req = token_request(
            "spa",
            false,
            &[
                ("grant_type", DEVICE_CODE_GRANT),
                ("device_code", device_code),
            ],
        );
        s.token(&req, now, rng)
    }

    #[test]
    fn device_polling_is_pending_then_slow_down_then_tokens() {
        let rng = &mut TestRng::new(19);
        let mut s = server(rng);
        let (dc, uc) = device_start(&mut s, rng);
        assert_error(
            &poll(&mut s, &dc, rng, NOW + 5),
            400,
            "authorization_pending",
        );
        assert_error(&poll(&mut s, &dc, rng, NOW + 7), 400, "slow_down");
        assert_eq!(s.devices().first().map(|d| d.interval), Some(10));
        assert_error(
            &poll(&mut s, &dc, rng, NOW + 17),
            400,
            "authorization_pending",
        );
        s.approve_device(&uc.to_lowercase().replace('-', " "), true, NOW + 20)
            .expect("approve");
        let resp = poll(&mut s, &dc, rng, NOW + 27);
        assert_eq!(resp.status, Some(200), "{}", resp.to_text());
        assert!(resp.json_str("access_token").is_some());
        assert_error(&poll(&mut s, &dc, rng, NOW + 40), 400, "invalid_grant");
        assert_eq!(
            s.approve_device(&uc, true, NOW + 41).map_err(|e| e.code()),
            Err("user_code_used")
        );
    }

    #[test]
    fn a_device_code_expires_and_a_denied_device_gets_access_denied() {
        let rng = &mut TestRng::new(20);
        let mut s = server(rng);
        let (dc, _) = device_start(&mut s, rng);
        assert_error(&poll(&mut s, &dc, rng, NOW + 600), 400, "expired_token");
        let (dc, uc) = device_start(&mut s, rng);
        let page = s.device_verification(
            &HttpMessage::post_form(
                s.verification_uri(),
                &[("user_code", uc.as_str()), ("consent", "deny")],
            ),
            NOW + 10,
        );
        assert_eq!(page.status, Some(200));
        assert_error(&poll(&mut s, &dc, rng, NOW + 15), 400, "access_denied");
        let page = s.device_verification(
            &HttpMessage::post_form(
                s.verification_uri(),
                &[("user_code", "BBBB-BBBB"), ("consent", "allow")],
            ),
            NOW + 10,
        );
        assert_eq!(page.status, Some(400));
        assert_eq!(
            s.approve_device("", true, NOW).map_err(|e| e.code()),
            Err("unknown_user_code")
        );
    }

    fn introspect(s: &AuthServer, token: &str, now: i64) -> HttpMessage {
        let req = token_request("web-app", true, &[("token", token)]);
        s.introspect(&req, now)
    }

    #[test]
    fn introspection_says_active_until_expiry_or_revocation() {
        let rng = &mut TestRng::new(21);
        let mut s = server(rng);
        let req = token_request("web-app", true, &[("grant_type", "client_credentials")]);
        let at = s
            .token(&req, NOW, rng)
            .json_str("access_token")
            .expect("at");
        let body = introspect(&s, &at, NOW + 1).json_body().expect("json");
        assert_eq!(body["active"], true);
        assert_eq!(body["client_id"], "web-app");
        assert_eq!(body["scope"], "api.read");
        assert_eq!(body["aud"], API_AUDIENCE);
        assert_eq!(body["token_type"], "Bearer");
        let inactive = json!({"active": false});
        assert_eq!(
            introspect(&s, &at, NOW + 300).json_body(),
            Some(inactive.clone())
        );
        assert_eq!(
            introspect(&s, "nonsense", NOW).json_body(),
            Some(inactive.clone())
        );
        let revoke = token_request("web-app", true, &[("token", &at)]);
        let resp = s.revoke(&revoke, NOW + 2);
        assert_eq!((resp.status, resp.body.as_deref()), (Some(200), None));
        assert_eq!(introspect(&s, &at, NOW + 3).json_body(), Some(inactive));
    }

    #[test]
    fn introspection_needs_an_authenticated_client_and_a_token() {
        let rng = &mut TestRng::new(22);
        let s = server(rng);
        let public = token_request("spa", false, &[("token", "x")]);
        assert_error(&s.introspect(&public, NOW), 401, "invalid_client");
        let none = token_request("web-app", true, &[]);
        assert_error(&s.introspect(&none, NOW), 400, "invalid_request");
    }

    #[test]
    fn revoking_a_refresh_token_revokes_its_grant_and_unknown_tokens_are_fine() {
        let rng = &mut TestRng::new(23);
        let mut s = server(rng);
        let req = token_request(
            "web-app",
            true,
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "correct-horse-battery-staple"),
            ],
        );
        let resp = s.token(&req, NOW, rng);
        let (at, rt) = (
            resp.json_str("access_token").expect("at"),
            resp.json_str("refresh_token").expect("rt"),
        );
        assert_eq!(
            s.revoke(
                &token_request("web-app", true, &[("token", "unknown")]),
                NOW
            )
            .status,
            Some(200)
        );
        // Another client cannot revoke it.
        let other = token_request("spa", false, &[("token", &rt)]);
        assert_error(&s.revoke(&other, NOW), 400, "unauthorized_client");
        assert_eq!(
            s.revoke(
                &token_request(
                    "web-app",
                    true,
                    &[("token", &rt), ("token_type_hint", "access_token")]
                ),
                NOW
            )
            .status,
            Some(200)
        );
        assert!(s.token_record(&at).is_some_and(|t| t.revoked.is_some()));
        let again = token_request(
            "web-app",
            true,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
        );
        assert_error(&s.token(&again, NOW, rng), 400, "invalid_grant");
    }

    #[test]
    fn the_implicit_grant_puts_the_token_in_the_fragment() {
        let rng = &mut TestRng::new(24);
        let mut s = server(rng);
        let req = authorize_url("spa", &[("response_type", "token"), ("scope", "api.read")]);
        let resp = s.authorize(&req, true, NOW, rng);
        assert!(resp.location_query().is_empty());
        let frag = resp.location_fragment();
        assert!(http::find(&frag, "access_token").is_some());
        assert_eq!(http::find(&frag, "token_type"), Some("Bearer"));
        assert_eq!(http::find(&frag, "state"), Some("st4te"));
        assert_eq!(http::find(&frag, "refresh_token"), None);
        let denied = s.authorize(&req, false, NOW, rng);
        assert_eq!(
            http::find(&denied.location_fragment(), "error"),
            Some("access_denied")
        );
    }

    #[test]
    fn the_jwks_and_discovery_document_describe_the_server() {
        let rng = &mut TestRng::new(25);
        let s = server(rng);
        let jwks = s.jwks();
        let key = &jwks["keys"][0];
        assert_eq!(key["kty"], "EC");
        assert_eq!(key["crv"], "P-256");
        assert_eq!(key["alg"], "ES256");
        assert_eq!(key["use"], "sig");
        assert_eq!(key["kid"], s.kid());
        assert!(
            key.get("d").is_none(),
            "the JWKS must not leak the private key"
        );
        let d = s.discovery();
        assert_eq!(d["issuer"], ISSUER);
        assert_eq!(d["token_endpoint"], "https://auth.tokenlab.example/token");
        assert_eq!(d["grant_types_supported"][5], DEVICE_CODE_GRANT);
        assert_eq!(d["id_token_signing_alg_values_supported"][0], "ES256");
    }

    #[test]
    fn an_rs256_server_signs_tokens_its_jwks_verifies() {
        let key = crate::keys::fixtures::key(crate::keys::fixtures::RSA_PKCS8);
        let config = ServerConfig {
            alg: Alg::RS256,
            ..ServerConfig::default()
        };
        let rng = &mut TestRng::new(26);
        let mut s = AuthServer::with_key(config, key).expect("server");
        let template = server(rng);
        for c in template.clients() {
            s.register_client(c.clone());
        }
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
        let resp = s.token(&req, NOW, rng);
        let id = resp.json_str("id_token").expect("id token");
        let decoded = crate::jws::decode(&id).expect("decodes");
        crate::oauth::resource::verify_signature(&decoded, &s.jwks(), Alg::RS256)
            .expect("verifies");
        assert_eq!(s.jwks()["keys"][0]["kty"], "RSA");
    }

    #[test]
    fn a_symmetric_or_public_key_cannot_run_the_server() {
        let rng = &mut TestRng::new(27);
        let hs = ServerConfig {
            alg: Alg::HS256,
            ..ServerConfig::default()
        };
        assert_eq!(
            AuthServer::new(hs, rng).map(|_| ()).map_err(|e| e.code()),
            Err("unsupported_alg")
        );
        let public = crate::keys::fixtures::key(crate::keys::fixtures::P256_SPKI);
        assert_eq!(
            AuthServer::with_key(ServerConfig::default(), public)
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("bad_key")
        );
    }

    #[test]
    fn tampered_requests_never_panic() {
        let rng = &mut TestRng::new(28);
        let mut s = server(rng);
        let base = [
            authorize_url("spa", &[]),
            code_request("x", VERIFIER),
            token_request(
                "spa",
                false,
                &[("grant_type", DEVICE_CODE_GRANT), ("device_code", "d")],
            ),
        ];
        let values = [
            "",
            "\u{0}",
            "%",
            "%FF",
            "é",
            "a b",
            "==",
            &"z".repeat(5000),
            "openid openid",
            "S256",
            "plain",
        ];
        let names = [
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method",
            "grant_type",
            "code",
            "code_verifier",
            "refresh_token",
            "device_code",
            "token",
            "client_secret",
        ];
        for req in &base {
            for name in names {
                for value in values {
                    let mut q = req.clone();
                    q.set_query_param(name, value);
                    let _ = s.authorize(&q, true, NOW, rng);
                    let _ = s.authorize_page(&q);
                    let mut f = req.clone();
                    f.set_form_param(name, value);
                    let _ = s.token(&f, NOW, rng);
                    let _ = s.device_authorization(&f, NOW, rng);
                    let _ = s.introspect(&f, NOW);
                    let _ = s.revoke(&f, NOW);
                    let _ = s.device_verification(&f, NOW);
                }
            }
        }
        let mut odd = HttpMessage::default();
        let _ = s.token(&odd, i64::MAX, rng);
        odd.method = Some("POST".into());
        odd.body = Some("%%%&&&===".into());
        odd.headers.push((
            "content-type".into(),
            "APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8".into(),
        ));
        let _ = s.token(&odd, i64::MIN, rng);
        let _ = s.authorize(&odd, true, i64::MAX, rng);
    }
}
