//! OAuth 2.0 and OpenID Connect, simulated: an authorization server, a resource server and the
//! flows between them, built from real HTTP messages and real signed tokens.
//!
//! - [`http`]: HTTP requests and responses as plain data ([`http::HttpMessage`]), with form,
//!   query, Basic and Bearer helpers and a printable HTTP/1.1 text.
//! - [`errors`]: the error codes of RFC 6749 §4.1.2.1 and §5.2, RFC 8628 §3.5, RFC 7009 and
//!   RFC 6750, with the HTTP status each one is answered with.
//! - [`server`]: the authorization server ([`server::AuthServer`]): authorize, token, device
//!   authorization, introspection (RFC 7662) and revocation (RFC 7009) endpoints, its JWKS and
//!   discovery document.
//! - [`resource`]: the resource server ([`resource::ResourceServer`]): validates access tokens
//!   locally (JWTs, with the JWKS) or by introspection (opaque tokens).
//! - [`flows`]: the step machine the sequence diagram walks ([`flows::Flow`]).
//!
//! Everything is plain data: the current time (`now`, Unix seconds) and a random source
//! (`&mut impl CryptoRngCore`) are passed in, nothing reads a clock or keeps global state, and a
//! tampered value is simply an edited message: the server answers it as a real one would.

use serde::Serialize;

pub mod errors;
pub mod flows;
pub mod http;
pub mod resource;
pub mod server;

/// One check a party made on a message it received (the client on the state it got back, the
/// resource server on an access token, the client on an ID token), for the UI to list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked: `"state matches"`, `"signature"`, `"aud"`.
    pub label: String,
    /// True when the check passed.
    pub passed: bool,
    /// A sentence saying what was found.
    pub detail: String,
}

impl Check {
    /// A passed check.
    pub fn pass(label: impl Into<String>, detail: impl Into<String>) -> Check {
        Check {
            label: label.into(),
            passed: true,
            detail: detail.into(),
        }
    }

    /// A failed check.
    pub fn fail(label: impl Into<String>, detail: impl Into<String>) -> Check {
        Check {
            label: label.into(),
            passed: false,
            detail: detail.into(),
        }
    }
}

/// A specification reference: `"RFC 6749 §4.1.1"` with its link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Spec {
    /// The reference as shown: `"RFC 6749 §4.1.1"`.
    pub reference: &'static str,
    /// The link to that section.
    pub url: &'static str,
}

/// A [`Spec`] for an RFC section: `rfc!("6749", "4.1.1")`.
macro_rules! rfc {
    ($rfc:literal, $section:literal) => {
        $crate::oauth::Spec {
            reference: concat!("RFC ", $rfc, " §", $section),
            url: concat!(
                "https://www.rfc-editor.org/rfc/rfc",
                $rfc,
                "#section-",
                $section
            ),
        }
    };
}
pub(crate) use rfc;

/// A [`Spec`] for a section of OpenID Connect Core 1.0, by its anchor.
macro_rules! oidc {
    ($section:literal, $anchor:literal) => {
        $crate::oauth::Spec {
            reference: concat!("OpenID Connect Core 1.0 §", $section),
            url: concat!(
                "https://openid.net/specs/openid-connect-core-1_0.html#",
                $anchor
            ),
        }
    };
}
pub(crate) use oidc;

/// Random bytes as unpadded base64url: codes, opaque tokens, `jti`s, secrets.
pub(crate) fn random_token(rng: &mut impl rand_core::CryptoRngCore, bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rng.fill_bytes(&mut buf);
    crate::b64::encode(&buf)
}

/// A deterministic generator for tests: SHA-256 of a seed and a counter. Not random at all, which
/// is the point: the same seed gives the same keys, codes and tokens on every run.
#[cfg(test)]
pub(crate) mod testing {
    use rand_core::{CryptoRng, RngCore};
    use sha2::{Digest, Sha256};

    /// Counter-mode SHA-256 over a seed.
    pub struct TestRng {
        seed: u64,
        counter: u64,
        block: [u8; 32],
        used: usize,
    }

    impl TestRng {
        /// A generator for `seed`.
        pub fn new(seed: u64) -> TestRng {
            TestRng {
                seed,
                counter: 0,
                block: [0; 32],
                used: 32,
            }
        }
    }

    impl RngCore for TestRng {
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
                if self.used == 32 {
                    let mut h = Sha256::new();
                    h.update(self.seed.to_le_bytes());
                    h.update(self.counter.to_le_bytes());
                    self.block = h.finalize().into();
                    self.counter += 1;
                    self.used = 0;
                }
                *d = self.block[self.used];
                self.used += 1;
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }

    // Test-only: deterministic on purpose; the API demands the marker.
    impl CryptoRng for TestRng {}
}
