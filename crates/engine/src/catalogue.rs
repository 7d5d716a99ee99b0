//! What each JOSE header parameter and JWT claim means, with the spec that defines it.
//!
//! Two static tables feed the decoder's header and claims tables (product rows B2, B3): JOSE
//! header parameters (RFC 7515, 7516, 7518, 7797, 8555, 8225) and claims (RFC 7519, OpenID
//! Connect Core 1.0, RFC 9068, RFC 8693 and common provider claims). Every entry links to its
//! specification; links are only shown, never fetched.
//!
//! Provider-specific claims that no specification registers (`tid`, `oid`, `upn`) are private
//! claims in the sense of RFC 7519 §4.3 and link there, since the catalogue links only to
//! rfc-editor.org and openid.net.

/// One catalogue entry: a header parameter or a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// The name as it appears in JSON (`"exp"`, `"x5t#S256"`), case-sensitive.
    pub name: &'static str,
    /// Its title in the spec (`"Expiration Time"`).
    pub title: &'static str,
    /// What it means, in one sentence.
    pub description: &'static str,
    /// The defining specification and section (`"RFC 7519 §4.1.4"`).
    pub spec: &'static str,
    /// Link to that section (shown to people, never fetched).
    pub url: &'static str,
}

const fn entry(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    spec: &'static str,
    url: &'static str,
) -> Entry {
    Entry {
        name,
        title,
        description,
        spec,
        url,
    }
}

/// JOSE header parameters, in the order the UI lists them.
pub const HEADER_PARAMS: &[Entry] = &[
    entry(
        "alg",
        "Algorithm",
        "The algorithm that signs or MACs the token; a verifier must check it against its own allowlist rather than trust it.",
        "RFC 7515 §4.1.1",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.1",
    ),
    entry(
        "typ",
        "Type",
        "The media type of the whole token, such as JWT or at+jwt, used to tell kinds of tokens apart.",
        "RFC 7515 §4.1.9",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.9",
    ),
    entry(
        "cty",
        "Content Type",
        "The media type of the payload; \"JWT\" marks a nested token, and it is usually absent otherwise.",
        "RFC 7515 §4.1.10",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.10",
    ),
    entry(
        "kid",
        "Key ID",
        "A hint naming the key that signed the token, used to pick it from a JWK Set.",
        "RFC 7515 §4.1.4",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.4",
    ),
    entry(
        "crit",
        "Critical",
        "Header parameters the recipient must understand and process, or else reject the token.",
        "RFC 7515 §4.1.11",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11",
    ),
    entry(
        "b64",
        "Base64url-Encode Payload",
        "When false, the payload is signed as raw bytes instead of base64url text; it must then be listed in crit.",
        "RFC 7797 §3",
        "https://www.rfc-editor.org/rfc/rfc7797#section-3",
    ),
    entry(
        "jku",
        "JWK Set URL",
        "A URL of the JWK Set holding the signing key; a verifier must not fetch it without an allowlist, and Tokenlab never does.",
        "RFC 7515 §4.1.2",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.2",
    ),
    entry(
        "jwk",
        "JSON Web Key",
        "The public key that signed the token, embedded in the token itself; trusting it lets anyone sign with their own key.",
        "RFC 7515 §4.1.3",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.3",
    ),
    entry(
        "x5u",
        "X.509 URL",
        "A URL of the X.509 certificate chain of the signing key; Tokenlab never fetches it.",
        "RFC 7515 §4.1.5",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.5",
    ),
    entry(
        "x5c",
        "X.509 Certificate Chain",
        "The X.509 certificate chain of the signing key, as standard base64 (not base64url) DER certificates.",
        "RFC 7515 §4.1.6",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.6",
    ),
    entry(
        "x5t",
        "X.509 Certificate SHA-1 Thumbprint",
        "The base64url SHA-1 digest of the DER certificate holding the signing key.",
        "RFC 7515 §4.1.7",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.7",
    ),
    entry(
        "x5t#S256",
        "X.509 Certificate SHA-256 Thumbprint",
        "The base64url SHA-256 digest of the DER certificate holding the signing key.",
        "RFC 7515 §4.1.8",
        "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.8",
    ),
    entry(
        "enc",
        "Encryption Algorithm",
        "The content encryption algorithm of an encrypted token (JWE), such as A256GCM.",
        "RFC 7516 §4.1.2",
        "https://www.rfc-editor.org/rfc/rfc7516#section-4.1.2",
    ),
    entry(
        "zip",
        "Compression Algorithm",
        "Compression applied to a JWE's plaintext before encryption; \"DEF\" means DEFLATE.",
        "RFC 7516 §4.1.3",
        "https://www.rfc-editor.org/rfc/rfc7516#section-4.1.3",
    ),
    entry(
        "epk",
        "Ephemeral Public Key",
        "The sender's one-time public key for ECDH-ES key agreement in a JWE.",
        "RFC 7518 §4.6.1.1",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.6.1.1",
    ),
    entry(
        "apu",
        "Agreement PartyUInfo",
        "Information about the producer, mixed into the ECDH-ES key derivation.",
        "RFC 7518 §4.6.1.2",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.6.1.2",
    ),
    entry(
        "apv",
        "Agreement PartyVInfo",
        "Information about the recipient, mixed into the ECDH-ES key derivation.",
        "RFC 7518 §4.6.1.3",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.6.1.3",
    ),
    entry(
        "iv",
        "Initialization Vector",
        "The 96-bit initialization vector used when the content key is wrapped with AES-GCM.",
        "RFC 7518 §4.7.1.1",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.7.1.1",
    ),
    entry(
        "tag",
        "Authentication Tag",
        "The 128-bit authentication tag produced when the content key is wrapped with AES-GCM.",
        "RFC 7518 §4.7.1.2",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.7.1.2",
    ),
    entry(
        "p2s",
        "PBES2 Salt Input",
        "Salt input for deriving the key-wrapping key from a password with PBES2.",
        "RFC 7518 §4.8.1.1",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.8.1.1",
    ),
    entry(
        "p2c",
        "PBES2 Count",
        "The PBKDF2 iteration count for PBES2; a huge value can be used to make the recipient burn CPU.",
        "RFC 7518 §4.8.1.2",
        "https://www.rfc-editor.org/rfc/rfc7518#section-4.8.1.2",
    ),
    entry(
        "url",
        "URL",
        "The URL an ACME request is sent to, which the ACME server checks against the URL it was received on.",
        "RFC 8555 §6.4.1",
        "https://www.rfc-editor.org/rfc/rfc8555#section-6.4.1",
    ),
    entry(
        "nonce",
        "Nonce",
        "A one-time value from an ACME server that protects its requests against replay.",
        "RFC 8555 §6.5.2",
        "https://www.rfc-editor.org/rfc/rfc8555#section-6.5.2",
    ),
    entry(
        "ppt",
        "PASSporT Extension",
        "The PASSporT extension a telephone-identity (STIR) token uses, such as \"shaken\".",
        "RFC 8225 §8.1",
        "https://www.rfc-editor.org/rfc/rfc8225#section-8.1",
    ),
];

/// JWT claims, in the order the UI lists them: RFC 7519 registered claims, OpenID Connect ID
/// token claims, OpenID Connect standard claims, access-token claims, then common private claims.
pub const CLAIMS: &[Entry] = &[
    // RFC 7519 §4.1: registered claim names.
    entry(
        "iss",
        "Issuer",
        "Who issued the token, usually the authorization server's URL; compared exactly, case-sensitive.",
        "RFC 7519 §4.1.1",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.1",
    ),
    entry(
        "sub",
        "Subject",
        "Whom the token is about, such as a user ID, unique within its issuer.",
        "RFC 7519 §4.1.2",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.2",
    ),
    entry(
        "aud",
        "Audience",
        "The recipients the token is meant for, as a string or an array; a recipient must reject a token that does not name it.",
        "RFC 7519 §4.1.3",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3",
    ),
    entry(
        "exp",
        "Expiration Time",
        "The time (seconds since 1970-01-01 UTC) at or after which the token must be rejected.",
        "RFC 7519 §4.1.4",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4",
    ),
    entry(
        "nbf",
        "Not Before",
        "The time (seconds since 1970-01-01 UTC) before which the token must be rejected.",
        "RFC 7519 §4.1.5",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5",
    ),
    entry(
        "iat",
        "Issued At",
        "The time (seconds since 1970-01-01 UTC) at which the token was issued, which tells its age.",
        "RFC 7519 §4.1.6",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.6",
    ),
    entry(
        "jti",
        "JWT ID",
        "A unique identifier for the token, which lets a recipient detect a replayed token.",
        "RFC 7519 §4.1.7",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.7",
    ),
    // OpenID Connect Core 1.0 §2 and §3: ID token claims.
    entry(
        "auth_time",
        "Authentication Time",
        "When the user last actively authenticated (seconds since 1970-01-01 UTC), checked against max_age.",
        "OpenID Connect Core 1.0 §2",
        "https://openid.net/specs/openid-connect-core-1_0.html#IDToken",
    ),
    entry(
        "nonce",
        "Nonce",
        "The value the client sent in its authorization request, echoed back so the client can reject a replayed ID token.",
        "OpenID Connect Core 1.0 §2",
        "https://openid.net/specs/openid-connect-core-1_0.html#IDToken",
    ),
    entry(
        "acr",
        "Authentication Context Class Reference",
        "The strength or class of the authentication the user went through, as agreed between client and provider.",
        "OpenID Connect Core 1.0 §2",
        "https://openid.net/specs/openid-connect-core-1_0.html#IDToken",
    ),
    entry(
        "amr",
        "Authentication Methods References",
        "The authentication methods used, such as pwd, otp or mfa, as an array of strings.",
        "OpenID Connect Core 1.0 §2",
        "https://openid.net/specs/openid-connect-core-1_0.html#IDToken",
    ),
    entry(
        "azp",
        "Authorized Party",
        "The client the ID token was issued to; expected when aud has several values, and equal to the client's own client_id.",
        "OpenID Connect Core 1.0 §2",
        "https://openid.net/specs/openid-connect-core-1_0.html#IDToken",
    ),
    entry(
        "at_hash",
        "Access Token Hash",
        "The base64url left half of the hash of the access token issued with this ID token, binding the two together.",
        "OpenID Connect Core 1.0 §3.1.3.6",
        "https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken",
    ),
    entry(
        "c_hash",
        "Code Hash",
        "The base64url left half of the hash of the authorization code issued with this ID token in the hybrid flow.",
        "OpenID Connect Core 1.0 §3.3.2.11",
        "https://openid.net/specs/openid-connect-core-1_0.html#HybridIDToken",
    ),
    entry(
        "sid",
        "Session ID",
        "An identifier of the user's session at the provider, used to log that session out.",
        "OpenID Connect Front-Channel Logout 1.0 §3",
        "https://openid.net/specs/openid-connect-frontchannel-1_0.html",
    ),
    // OpenID Connect Core 1.0 §5.1: standard claims.
    entry(
        "name",
        "Full Name",
        "The user's full name in displayable form.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "given_name",
        "Given Name",
        "The user's given (first) name or names.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "family_name",
        "Family Name",
        "The user's surname or last name.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "middle_name",
        "Middle Name",
        "The user's middle name or names.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "nickname",
        "Nickname",
        "A casual name for the user, which may differ from the given name.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "preferred_username",
        "Preferred Username",
        "The short name the user likes to be called by; it is not unique and must not identify the user.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "profile",
        "Profile Page",
        "The URL of the user's profile page.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "picture",
        "Profile Picture",
        "The URL of the user's profile picture.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "website",
        "Website",
        "The URL of the user's web page or blog.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "email",
        "Email Address",
        "The user's preferred email address; it is not guaranteed to be unique or verified.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "email_verified",
        "Email Verified",
        "True if the provider took steps to verify that the email address belongs to the user.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "gender",
        "Gender",
        "The user's gender, such as female or male, or another value.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "birthdate",
        "Birthdate",
        "The user's birthday as YYYY-MM-DD, or YYYY alone, or 0000-MM-DD to leave the year out.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "zoneinfo",
        "Time Zone",
        "The user's time zone as an IANA tz database name, such as Europe/Paris.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "locale",
        "Locale",
        "The user's locale as a BCP 47 language tag, such as en-US.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "phone_number",
        "Phone Number",
        "The user's preferred telephone number, ideally in E.164 form such as +1 (425) 555-1212.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "phone_number_verified",
        "Phone Number Verified",
        "True if the provider took steps to verify that the phone number belongs to the user.",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    entry(
        "address",
        "Address",
        "The user's postal address, as a JSON object with formatted, street_address, locality, region, postal_code and country.",
        "OpenID Connect Core 1.0 §5.1.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#AddressClaim",
    ),
    entry(
        "updated_at",
        "Updated At",
        "When the user's information was last updated (seconds since 1970-01-01 UTC).",
        "OpenID Connect Core 1.0 §5.1",
        "https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims",
    ),
    // RFC 9068 (JWT access tokens) and RFC 8693 (token exchange).
    entry(
        "client_id",
        "Client Identifier",
        "The OAuth client that requested the access token.",
        "RFC 9068 §2.2 (defined in RFC 8693 §4.3)",
        "https://www.rfc-editor.org/rfc/rfc9068#section-2.2",
    ),
    entry(
        "scope",
        "Scope",
        "The scopes granted to the token, as one space-separated string.",
        "RFC 9068 §2.2.3 (defined in RFC 8693 §4.2)",
        "https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3",
    ),
    entry(
        "roles",
        "Roles",
        "Roles the user holds, as used by the resource server to authorize requests.",
        "RFC 9068 §2.2.3.1",
        "https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3.1",
    ),
    entry(
        "groups",
        "Groups",
        "Groups the user belongs to, as used by the resource server to authorize requests.",
        "RFC 9068 §2.2.3.1",
        "https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3.1",
    ),
    entry(
        "entitlements",
        "Entitlements",
        "Entitlements (rights) the user holds, as used by the resource server to authorize requests.",
        "RFC 9068 §2.2.3.1",
        "https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3.1",
    ),
    entry(
        "act",
        "Actor",
        "The party acting on behalf of the subject after a token exchange (delegation), possibly nested.",
        "RFC 8693 §4.1",
        "https://www.rfc-editor.org/rfc/rfc8693#section-4.1",
    ),
    entry(
        "may_act",
        "Authorized Actor",
        "The party allowed to act on behalf of the subject through a later token exchange.",
        "RFC 8693 §4.4",
        "https://www.rfc-editor.org/rfc/rfc8693#section-4.4",
    ),
    entry(
        "cnf",
        "Confirmation",
        "The key the presenter must prove possession of (proof-of-possession), such as a jkt or x5t#S256 thumbprint.",
        "RFC 7800 §3.1",
        "https://www.rfc-editor.org/rfc/rfc7800#section-3.1",
    ),
    entry(
        "events",
        "Security Events",
        "The security events a Security Event Token reports, keyed by event type URI.",
        "RFC 8417 §2.2",
        "https://www.rfc-editor.org/rfc/rfc8417#section-2.2",
    ),
    // Common private claims (RFC 7519 §4.3).
    entry(
        "scp",
        "Scopes (provider-specific)",
        "Granted scopes as used by Microsoft Entra ID and Okta in place of the standard scope claim.",
        "Private claim (Microsoft Entra ID, Okta); standard form: RFC 8693 §4.2",
        "https://www.rfc-editor.org/rfc/rfc8693#section-4.2",
    ),
    entry(
        "tid",
        "Tenant ID",
        "The Microsoft Entra ID tenant (directory) the user signed in to.",
        "Private claim (Microsoft Entra ID); RFC 7519 §4.3",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.3",
    ),
    entry(
        "oid",
        "Object ID",
        "The immutable identifier of the user or application in a Microsoft Entra ID tenant.",
        "Private claim (Microsoft Entra ID); RFC 7519 §4.3",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.3",
    ),
    entry(
        "upn",
        "User Principal Name",
        "The user's sign-in name in Microsoft Entra ID, often an email address, which can change.",
        "Private claim (Microsoft Entra ID); RFC 7519 §4.3",
        "https://www.rfc-editor.org/rfc/rfc7519#section-4.3",
    ),
];

/// Claims that identify or describe a person. A readable (unencrypted) token carrying them leaks
/// personal data to anyone who sees it, which the security lint reports (RFC 7519 §12, Privacy
/// Considerations).
pub const PERSONAL_DATA: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "phone_number",
    "address",
    "birthdate",
    "gender",
    "upn",
];

/// Looks up a JOSE header parameter by its exact (case-sensitive) name.
pub fn header_param(name: &str) -> Option<&'static Entry> {
    HEADER_PARAMS.iter().find(|e| e.name == name)
}

/// Looks up a claim by its exact (case-sensitive) name.
pub fn claim(name: &str) -> Option<&'static Entry> {
    CLAIMS.iter().find(|e| e.name == name)
}

/// True for claims carrying personal data about the user (see [`PERSONAL_DATA`]).
pub fn is_personal_data(name: &str) -> bool {
    PERSONAL_DATA.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const HEADER_NAMES: &[&str] = &[
        "alg", "typ", "cty", "kid", "crit", "b64", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256",
        "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "url", "nonce", "ppt",
    ];

    const CLAIM_NAMES: &[&str] = &[
        "iss",
        "sub",
        "aud",
        "exp",
        "nbf",
        "iat",
        "jti",
        "auth_time",
        "nonce",
        "acr",
        "amr",
        "azp",
        "at_hash",
        "c_hash",
        "sid",
        "name",
        "given_name",
        "family_name",
        "middle_name",
        "nickname",
        "preferred_username",
        "profile",
        "picture",
        "website",
        "email",
        "email_verified",
        "gender",
        "birthdate",
        "zoneinfo",
        "locale",
        "phone_number",
        "phone_number_verified",
        "address",
        "updated_at",
        "client_id",
        "scope",
        "roles",
        "groups",
        "entitlements",
        "act",
        "may_act",
        "scp",
        "tid",
        "oid",
        "upn",
        "cnf",
        "events",
    ];

    fn tables() -> [(&'static str, &'static [Entry]); 2] {
        [("header", HEADER_PARAMS), ("claims", CLAIMS)]
    }

    #[test]
    fn every_listed_header_parameter_is_explained() {
        for (i, name) in HEADER_NAMES.iter().enumerate() {
            assert!(header_param(name).is_some(), "case {i}: {name}");
        }
        assert_eq!(HEADER_PARAMS.len(), HEADER_NAMES.len());
    }

    #[test]
    fn every_listed_claim_is_explained() {
        for (i, name) in CLAIM_NAMES.iter().enumerate() {
            assert!(claim(name).is_some(), "case {i}: {name}");
        }
        assert_eq!(CLAIMS.len(), CLAIM_NAMES.len());
    }

    #[test]
    fn lookups_are_case_sensitive_and_unknown_names_are_none() {
        assert_eq!(claim("exp").map(|e| e.title), Some("Expiration Time"));
        assert_eq!(claim("EXP"), None);
        assert_eq!(header_param("ALG"), None);
        assert_eq!(claim("x-custom"), None);
        assert_eq!(header_param(""), None);
        assert_eq!(
            header_param("x5t#S256").map(|e| e.spec),
            Some("RFC 7515 §4.1.8")
        );
    }

    #[test]
    fn names_are_unique_within_each_table() {
        for (table, entries) in tables() {
            for (i, e) in entries.iter().enumerate() {
                let dupes = entries.iter().filter(|o| o.name == e.name).count();
                assert_eq!(
                    dupes, 1,
                    "{table} case {i}: {} appears {dupes} times",
                    e.name
                );
            }
        }
    }

    #[test]
    fn every_entry_links_to_rfc_editor_or_openid_and_is_filled_in() {
        for (table, entries) in tables() {
            for (i, e) in entries.iter().enumerate() {
                assert!(
                    e.url.starts_with("https://www.rfc-editor.org/")
                        || e.url.starts_with("https://openid.net/"),
                    "{table} case {i}: {} links to {}",
                    e.name,
                    e.url
                );
                assert!(!e.title.is_empty(), "{table} case {i}: {}", e.name);
                assert!(e.spec.contains('§'), "{table} case {i}: {}", e.name);
                assert!(
                    e.description.ends_with('.') && e.description.len() > 20,
                    "{table} case {i}: {} description {:?}",
                    e.name,
                    e.description
                );
                assert!(
                    !e.description.contains(". "),
                    "{table} case {i}: one sentence"
                );
            }
        }
    }

    #[test]
    fn rfc_links_point_at_the_section_the_spec_names() {
        for (table, entries) in tables() {
            for (i, e) in entries.iter().enumerate() {
                let Some(at) = e.spec.find("RFC ") else {
                    continue;
                };
                let rest = &e.spec[at + 4..];
                let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let section: String = rest
                    .split('§')
                    .nth(1)
                    .map(|s| {
                        s.chars()
                            .take_while(|c| c.is_ascii_digit() || *c == '.')
                            .collect()
                    })
                    .unwrap_or_default();
                let expected =
                    format!("https://www.rfc-editor.org/rfc/rfc{number}#section-{section}");
                assert_eq!(e.url, expected, "{table} case {i}: {}", e.name);
            }
        }
    }

    #[test]
    fn personal_data_claims_are_recognised() {
        for name in [
            "email",
            "phone_number",
            "address",
            "name",
            "given_name",
            "family_name",
            "birthdate",
        ] {
            assert!(is_personal_data(name), "{name}");
        }
        for name in ["sub", "iss", "exp", "email_verified", "scope", "Email"] {
            assert!(!is_personal_data(name), "{name}");
        }
        for (i, name) in PERSONAL_DATA.iter().enumerate() {
            assert!(
                claim(name).is_some(),
                "case {i}: {name} is personal data but not catalogued"
            );
        }
    }
}
