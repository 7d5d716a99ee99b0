//! Tokenlab engine: every rule about tokens, keys, claims, PKCE and OAuth lives here.
//!
//! The engine is pure: plain data in, plain data out. It imports no UI or browser crate, keeps no
//! global state and takes the current time (`now`, seconds since the Unix epoch) as an argument.
//! It builds for native targets and for `wasm32-unknown-unknown` and is tested on both.
//!
//! Modules are named after the specifications they implement.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::panic))]

pub mod analysis;
pub mod b64;
pub mod backend;
pub mod catalogue;
pub mod claims;
pub mod intake;
pub mod json;
pub mod jwa;
pub mod jwk;
pub mod jws;
pub mod keys;
pub mod lint;
pub mod oauth;
pub mod pem;
pub mod pkce;
pub mod samples;
pub mod secret;
pub mod sign;
pub mod verify;

/// Largest input the engine accepts in one piece (token, key text, JSON document): 2 MiB.
///
/// Anything larger is refused at once with [`TooLarge`] before any parsing, so a huge paste can
/// never make the page (or the CLI) spend time on it.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// The error for an input over [`MAX_INPUT_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the input is {len} bytes; Tokenlab accepts at most {max} bytes ({max_mib} MiB)", max = MAX_INPUT_BYTES, max_mib = MAX_INPUT_BYTES / (1024 * 1024))]
pub struct TooLarge {
    /// Size of the refused input in bytes.
    pub len: usize,
}

/// Refuses inputs over [`MAX_INPUT_BYTES`].
pub fn check_size(input: &str) -> Result<(), TooLarge> {
    if input.len() > MAX_INPUT_BYTES {
        Err(TooLarge { len: input.len() })
    } else {
        Ok(())
    }
}
