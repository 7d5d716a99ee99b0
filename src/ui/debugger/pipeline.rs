//! TEMPORARY stand-in for `tokenlab_engine::analysis` until it lands on main: the same shape,
//! built from the engine modules that exist. Deleted when the engine's `analyze` arrives.

use tokenlab_engine::claims::{self, ClaimsReport, Expectations, ValidationOptions};
use tokenlab_engine::intake::{self, Intake};
use tokenlab_engine::jws::{self, AlgHeader, DecodedToken, StructureError};
use tokenlab_engine::keys::{self, KeyError, KeyInput};
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::verify::{self, Verification, VerifyOptions};
use tokenlab_engine::TooLarge;

/// Options, as the engine's `AnalyzeOptions` will have them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// Unix seconds.
    pub now: i64,
    /// Seconds.
    pub leeway: i64,
    /// Verification key text.
    pub key_text: Option<String>,
    /// Encoding of a secret.
    pub secret_encoding: SecretEncoding,
    /// Claim expectations.
    pub expectations: Expectations,
    /// Verification options.
    pub verify: VerifyOptions,
}

/// Everything found.
#[derive(Debug)]
pub struct Analysis {
    /// What the input was.
    pub intake: Result<Intake, TooLarge>,
    /// The decoded token.
    pub decoded: Option<Result<DecodedToken, StructureError>>,
    /// The key.
    pub key: Option<Result<KeyInput, KeyError>>,
    /// The signature check.
    pub verification: Option<Verification>,
    /// Claims checks.
    pub claims: Option<ClaimsReport>,
}

/// Runs intake, decode, key parsing, verification and claims validation.
pub fn analyze(input: &str, opts: &AnalyzeOptions) -> Analysis {
    let intake = intake::intake(input, opts.now);
    let decoded = intake
        .as_ref()
        .ok()
        .and_then(|i| i.token.as_deref())
        .map(jws::decode);
    let key = opts
        .key_text
        .as_deref()
        .filter(|k| !k.trim().is_empty())
        .map(|k| keys::parse_key(k, opts.secret_encoding));
    let verification = match &decoded {
        Some(Ok(d)) => Some(verify::verify_token(
            d,
            key.as_ref().and_then(|k| k.as_ref().ok()),
            &opts.verify,
        )),
        _ => None,
    };
    let claims = match &decoded {
        Some(Ok(d)) => d.claims().map(|c| {
            let alg = match d.alg {
                AlgHeader::Known(a) => Some(a),
                _ => None,
            };
            claims::validate(
                d.header_value(),
                c,
                alg,
                &ValidationOptions {
                    now: opts.now,
                    leeway: opts.leeway,
                },
                &opts.expectations,
            )
        }),
        _ => None,
    };
    Analysis {
        intake,
        decoded,
        key,
        verification,
        claims,
    }
}
