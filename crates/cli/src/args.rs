//! The command line, declared with clap's derive API. Value parsers turn names into engine types
//! (`Alg`, `SecretEncoding`, `KeyGenKind`, PKCE `Method`) so a bad name is a usage error (exit 2)
//! that lists the accepted names.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tokenlab_engine::jwa::Alg;
use tokenlab_engine::keys::KeyGenKind;
use tokenlab_engine::pkce::Method;
use tokenlab_engine::secret::SecretEncoding;

/// Decode, verify and sign JWTs; generate keys; compute JWK thumbprints and PKCE values.
///
/// Exit status: 0 success, 1 the answer is no (not verified, a claim check failed, a token that
/// does not decode cleanly, a PKCE mismatch), 2 usage errors and unreadable input.
#[derive(Debug, Parser)]
#[command(name = "tokenlab", version, propagate_version = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a token (or a Bearer header, token response or redirect URL holding one) and lint it.
    Decode(DecodeArgs),
    /// Verify a token's signature and check its claims (exit 0 only if both pass).
    Verify(VerifyArgs),
    /// Sign a payload and print the compact token.
    Sign(SignArgs),
    /// Generate a key: PEM (private PKCS#8 + public SPKI) or a private JWK.
    Keygen(KeygenArgs),
    /// Print the RFC 7638 JWK thumbprint of each key in a PEM, JWK or JWKS file.
    Thumbprint(ThumbprintArgs),
    /// Generate a PKCE code_verifier and code_challenge, or check a pair (`pkce check`).
    Pkce(PkceArgs),
}

/// `tokenlab decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token, a `Bearer …` header, a token response or a redirect URL; `-` or nothing reads
    /// standard input.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
    /// Current time for the claim checks, in Unix seconds (default: the system clock).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Where the key comes from, for `verify` and `sign`.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// A file holding a PEM key or certificate, a JWK or a JWKS (`-` reads standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "secret")]
    pub key: Option<PathBuf>,
    /// An HMAC secret, given on the command line. It may start with `-` (one base64url secret
    /// in 64 does), so it is taken as a value even then.
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub secret: Option<String>,
    /// How the text of `--secret` becomes bytes [default: utf8].
    #[arg(long, value_name = "ENCODING", requires = "secret", value_parser = secret_encoding)]
    pub secret_encoding: Option<SecretEncoding>,
}

impl KeyArgs {
    /// What clap cannot say: `--secret-encoding` means nothing next to `--key` (clap lets a
    /// requirement drop when it conflicts with an argument that is present).
    pub fn check(&self) -> Result<(), crate::Failure> {
        if self.secret_encoding.is_some() && self.secret.is_none() {
            return Err(crate::Failure::usage(
                "--secret-encoding applies to --secret only; a key file's format is read from its content",
            ));
        }
        Ok(())
    }
}

/// `tokenlab verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token (or a Bearer header, token response or redirect URL); `-` or nothing reads
    /// standard input.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
    /// The key.
    #[command(flatten)]
    pub key: KeyArgs,
    /// The only algorithm to accept (repeat to allow several). Default: the token's own `alg`,
    /// provided the key fits it (`none` is never accepted).
    #[arg(long, value_name = "ALG", value_parser = alg)]
    pub alg: Vec<Alg>,
    /// The issuer the token must name in `iss`.
    #[arg(long, value_name = "X")]
    pub iss: Option<String>,
    /// An audience the token's `aud` must contain.
    #[arg(long, value_name = "X")]
    pub aud: Option<String>,
    /// Clock skew forgiven on `exp`, `nbf` and `iat`, in seconds [default: 0].
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(i64).range(0..))]
    pub leeway: Option<i64>,
    /// Current time for the claim checks, in Unix seconds (default: the system clock).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    pub now: Option<i64>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `tokenlab sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The payload (normally a JSON object of claims); `-` or nothing reads standard input.
    #[arg(value_name = "PAYLOAD")]
    pub payload: Option<String>,
    /// The algorithm (`none` needs `--unsecured`).
    #[arg(long, value_name = "ALG", value_parser = alg)]
    pub alg: Alg,
    /// The key (not used with `--alg none`).
    #[command(flatten)]
    pub key: KeyArgs,
    /// The protected header as a JSON object; `alg` is set from `--alg`.
    #[arg(long, value_name = "JSON")]
    pub header: Option<String>,
    /// Allow `--alg none`: an unsigned token that anyone can forge.
    #[arg(long)]
    pub unsecured: bool,
}

/// Output format of `keygen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    /// Private key as PKCS#8 PEM followed by the public key as SPKI PEM (an HMAC secret as
    /// base64url).
    Pem,
    /// The private JWK with `kid` set to its thumbprint.
    Jwk,
}

/// `tokenlab keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// What to generate: hs256, hs384, hs512, rsa2048, rsa3072, rsa4096, p256, p384, p521,
    /// ed25519.
    #[arg(long = "type", value_name = "TYPE", value_parser = keygen_kind)]
    pub kind: KeyGenKind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = KeyFormat::Pem)]
    pub format: KeyFormat,
}

/// `tokenlab thumbprint`.
#[derive(Debug, Args)]
pub struct ThumbprintArgs {
    /// A file holding a PEM key or certificate, a JWK or a JWKS (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `tokenlab pkce`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PkceArgs {
    /// `check`: check a verifier against a challenge.
    #[command(subcommand)]
    pub action: Option<PkceAction>,
    /// Length of the code_verifier, 43 to 128 characters.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub length: usize,
    /// The code_challenge_method: S256 or plain.
    #[arg(long, value_name = "METHOD", default_value = "S256", value_parser = method)]
    pub method: Method,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `tokenlab pkce check`.
#[derive(Debug, Subcommand)]
pub enum PkceAction {
    /// Check a code_verifier against a code_challenge (exit 0 match, 1 mismatch).
    Check {
        /// The code_verifier.
        #[arg(long, value_name = "V", allow_hyphen_values = true)]
        verifier: String,
        /// The code_challenge.
        #[arg(long, value_name = "C", allow_hyphen_values = true)]
        challenge: String,
        /// The code_challenge_method: S256 or plain.
        #[arg(long, value_name = "METHOD", default_value = "S256", value_parser = method)]
        method: Method,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn alg(name: &str) -> Result<Alg, String> {
    if let Some(alg) = Alg::parse(name) {
        return Ok(alg);
    }
    let names: Vec<&str> = Alg::ALL.iter().map(|a| a.name()).collect();
    match Alg::ALL
        .iter()
        .find(|a| a.name().eq_ignore_ascii_case(name))
    {
        Some(close) => Err(format!(
            "algorithm names are case-sensitive; did you mean {}?",
            close.name()
        )),
        None => Err(format!("the algorithms are {}", names.join(", "))),
    }
}

fn secret_encoding(name: &str) -> Result<SecretEncoding, String> {
    SecretEncoding::parse(name)
        .ok_or_else(|| "the encodings are utf8, base64, base64url and hex".to_owned())
}

fn keygen_kind(name: &str) -> Result<KeyGenKind, String> {
    KeyGenKind::parse(name).ok_or_else(|| {
        let names: Vec<&str> = KeyGenKind::ALL.iter().map(|k| k.name()).collect();
        format!("the types are {}", names.join(", "))
    })
}

fn method(name: &str) -> Result<Method, String> {
    Method::parse(name).ok_or_else(|| "the methods are S256 and plain (case-sensitive)".to_owned())
}
