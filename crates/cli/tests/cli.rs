//! The `tokenlab` binary as scripts see it: every command, every exit status (0 yes, 1 no,
//! 2 usage or unreadable input), the `--json` shapes, standard input, and sign → verify round
//! trips with fixture keys and freshly generated ones.

#![allow(clippy::panic)] // A test reports a failure by panicking, helpers included.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_tokenlab");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../engine/tests/fixtures");

/// 2023-11-14T22:13:20Z, the `--now` of every time-dependent test.
const NOW: i64 = 1_700_000_000;

/// One run of the binary.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts the exit status, showing both streams when it differs.
    fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tokenlab starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // A command that exits without reading its input closes the pipe: that is not an error.
        let _ = pipe.write_all(bytes);
    }
    let out = child.wait_with_output().expect("tokenlab runs");
    Run {
        code: out
            .status
            .code()
            .expect("tokenlab exits normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn tokenlab(args: &[&str]) -> Run {
    run_with(args, None)
}

fn tokenlab_stdin(args: &[&str], stdin: &str) -> Run {
    run_with(args, Some(stdin.as_bytes()))
}

/// Writes `contents` to a fresh file under Cargo's test scratch directory.
fn scratch(name: &str, contents: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("scratch file");
    path
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn now() -> String {
    NOW.to_string()
}

/// A token signed with `secret` (UTF-8) by the binary itself.
fn hs256(secret: &str, claims: &str) -> String {
    let run = tokenlab(&["sign", "--alg", "HS256", "--secret", secret, claims]).expect(0);
    run.stdout.trim().to_owned()
}

/// Claims that pass every check at [`NOW`].
const GOOD_CLAIMS: &str = r#"{"iss":"https://issuer.example","sub":"alice","aud":"tokenlab","iat":1699999000,"exp":1700003600}"#;

/// A 32-byte secret that no lint calls weak.
const SECRET: &str = "0123456789abcdef0123456789abcdef";

/// Asserts a one-line error sentence on stderr.
fn assert_sentence(stderr: &str) {
    let line = stderr.trim_end();
    assert!(!line.contains('\n'), "one line on stderr: {stderr}");
    assert!(
        line.starts_with("error: "),
        "stderr starts with error: {stderr}"
    );
    assert!(line.ends_with('.'), "stderr is a sentence: {stderr}");
}

mod general {
    use super::*;

    #[test]
    fn help_lists_every_command() {
        let run = tokenlab(&["--help"]).expect(0);
        for cmd in ["decode", "verify", "sign", "keygen", "thumbprint", "pkce"] {
            assert!(run.stdout.contains(cmd), "{cmd} in help:\n{}", run.stdout);
        }
    }

    #[test]
    fn an_unknown_command_is_a_usage_error() {
        let run = tokenlab(&["frobnicate"]).expect(2);
        assert!(run.stderr.contains("frobnicate"), "{}", run.stderr);
    }

    #[test]
    fn no_command_at_all_is_a_usage_error() {
        tokenlab(&[]).expect(2);
    }

    #[test]
    fn a_bad_algorithm_name_is_a_usage_error_that_suggests_the_right_case() {
        let run = tokenlab(&["sign", "--alg", "hs256", "--secret", "x", "{}"]).expect(2);
        assert!(run.stderr.contains("HS256"), "{}", run.stderr);
    }
}

mod decode {
    use super::*;

    #[test]
    fn decoding_prints_header_and_payload_as_pretty_json() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let run = tokenlab(&["decode", &token, "--now", &now()]).expect(0);
        assert!(run.stdout.contains("\"alg\": \"HS256\""), "{}", run.stdout);
        assert!(run.stdout.contains("\"sub\": \"alice\""), "{}", run.stdout);
    }

    #[test]
    fn decoding_json_has_header_payload_errors_findings_and_notes() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let run = tokenlab(&["decode", &format!("Bearer {token}"), "--json"]).expect(0);
        let v = run.json();
        assert_eq!(v["header"]["alg"], "HS256");
        assert_eq!(v["payload"]["sub"], "alice");
        assert_eq!(v["errors"], Value::Array(vec![]));
        assert!(v["findings"].is_array());
        let notes = v["notes"].as_array().expect("notes");
        assert!(
            notes
                .iter()
                .any(|n| n.as_str().is_some_and(|n| n.contains("Bearer"))),
            "a note says the Bearer prefix was removed: {v}"
        );
    }

    #[test]
    fn decode_errors_carry_segment_offset_and_code_and_exit_1() {
        // The payload segment holds '*', which is not base64url.
        let token = "eyJhbGciOiJIUzI1NiJ9.ab*d.c2ln";
        let run = tokenlab(&["decode", token, "--json"]).expect(1);
        let v = run.json();
        let error = &v["errors"][0];
        assert_eq!(error["segment"], "payload", "{v}");
        assert_eq!(error["offset"], 23, "{v}");
        assert!(
            error["code"].is_string() && error["message"].is_string(),
            "{v}"
        );
        assert_eq!(v["header"]["alg"], "HS256", "the header still decodes: {v}");
    }

    #[test]
    fn decode_errors_are_printed_with_segment_and_offset_in_text_mode() {
        let run = tokenlab(&["decode", "eyJhbGciOiJIUzI1NiJ9.ab*d.c2ln"]).expect(1);
        assert!(run.stdout.contains("payload"), "{}", run.stdout);
        assert!(run.stdout.contains("23"), "{}", run.stdout);
    }

    #[test]
    fn decoding_reads_standard_input_when_the_token_is_a_dash_or_absent() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        for args in [&["decode", "-", "--json"][..], &["decode", "--json"][..]] {
            let v = tokenlab_stdin(args, &format!("{token}\n")).expect(0).json();
            assert_eq!(v["payload"]["sub"], "alice", "{args:?}");
        }
    }

    #[test]
    fn decoding_finds_the_token_in_a_token_response_and_a_redirect_url() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let response =
            format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#);
        let v = tokenlab_stdin(&["decode", "--json"], &response)
            .expect(0)
            .json();
        assert_eq!(v["payload"]["sub"], "alice", "{v}");
        let url = format!("https://app.example/cb#access_token={token}&state=xyz");
        let v = tokenlab(&["decode", &url, "--json"]).expect(0).json();
        assert_eq!(v["payload"]["sub"], "alice", "{v}");
    }

    #[test]
    fn decoding_reports_findings_such_as_an_unsigned_token() {
        let run = tokenlab(&["sign", "--alg", "none", "--unsecured", GOOD_CLAIMS]).expect(0);
        let v = tokenlab(&["decode", run.stdout.trim(), "--json"]).json();
        let codes: Vec<&str> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(codes.contains(&"alg_none"), "{v}");
        let f = &v["findings"][0];
        assert!(f["severity"].is_string() && f["message"].is_string(), "{v}");
    }

    #[test]
    fn something_that_is_not_a_token_exits_1_with_a_sentence() {
        let run = tokenlab(&["decode", "hello world"]).expect(1);
        assert_sentence(&run.stderr);
    }

    #[test]
    fn empty_input_is_a_usage_error() {
        let run = tokenlab_stdin(&["decode"], "  \n").expect(2);
        assert_sentence(&run.stderr);
    }

    #[test]
    fn input_that_is_not_utf8_is_unreadable_and_exits_2() {
        let run = run_with(&["decode"], Some(&[0x65, 0xff, 0xfe, 0x2e])).expect(2);
        assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
        assert_sentence(&run.stderr);
    }

    #[test]
    fn input_over_two_mebibytes_is_refused_without_a_panic() {
        let huge = "a".repeat(3 * 1024 * 1024);
        let run = tokenlab_stdin(&["decode"], &huge).expect(2);
        assert_sentence(&run.stderr);
    }
}

mod verify {
    use super::*;

    #[test]
    fn a_good_token_with_the_right_secret_exits_0() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let run = tokenlab(&["verify", &token, "--secret", SECRET, "--now", &now()]).expect(0);
        assert!(
            run.stdout.to_lowercase().contains("verified"),
            "{}",
            run.stdout
        );
    }

    #[test]
    fn the_json_report_has_signature_claims_and_findings() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let args = [
            "verify",
            &token,
            "--secret",
            SECRET,
            "--now",
            &now(),
            "--json",
        ];
        let v = tokenlab(&args).expect(0).json();
        assert_eq!(v["signature"], "verified", "{v}");
        assert_eq!(v["valid"], true, "{v}");
        assert!(v["findings"].is_array(), "{v}");
        assert_eq!(v["claims"]["passed"], true, "{v}");
        let checks = v["claims"]["checks"].as_array().expect("checks");
        assert!(
            checks
                .iter()
                .all(|c| c["code"].is_string() && c["outcome"].is_string()),
            "{v}"
        );
    }

    #[test]
    fn a_wrong_secret_exits_1_with_invalid_signature() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let args = [
            "verify",
            &token,
            "--secret",
            "another secret entirely, 32 bytes",
            "--now",
            &now(),
            "--json",
        ];
        let run = tokenlab(&args).expect(1);
        assert_eq!(run.json()["signature"], "invalid_signature");
        assert_sentence(&run.stderr);
    }

    #[test]
    fn an_expired_token_exits_1_even_with_a_good_signature() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let later = (NOW + 7200).to_string();
        let run = tokenlab(&[
            "verify", &token, "--secret", SECRET, "--now", &later, "--json",
        ])
        .expect(1);
        let v = run.json();
        assert_eq!(v["signature"], "verified", "{v}");
        assert_eq!(v["claims"]["passed"], false, "{v}");
        let failed: Vec<&str> = v["claims"]["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["outcome"] == "fail")
            .filter_map(|c| c["code"].as_str())
            .collect();
        assert_eq!(failed, ["expired"], "{v}");
    }

    #[test]
    fn leeway_forgives_a_token_that_just_expired() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let just_after = (1_700_003_600 + 30).to_string();
        let base = ["verify", &token, "--secret", SECRET, "--now", &just_after];
        tokenlab(&base).expect(1);
        let mut with_leeway = base.to_vec();
        with_leeway.extend(["--leeway", "60"]);
        tokenlab(&with_leeway).expect(0);
    }

    #[test]
    fn issuer_and_audience_are_checked_when_given() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let n = now();
        let base = ["verify", &token, "--secret", SECRET, "--now", &n];
        let with = |extra: &[&str]| {
            let mut args = base.to_vec();
            args.extend(extra);
            tokenlab(&args)
        };
        with(&["--iss", "https://issuer.example", "--aud", "tokenlab"]).expect(0);
        let run = with(&["--iss", "https://evil.example", "--json"]).expect(1);
        assert_eq!(run.json()["claims"]["passed"], false);
        with(&["--aud", "someone-else"]).expect(1);
    }

    #[test]
    fn an_algorithm_outside_the_allowlist_is_refused() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let args = [
            "verify",
            &token,
            "--secret",
            SECRET,
            "--now",
            &now(),
            "--alg",
            "HS512",
            "--json",
        ];
        let v = tokenlab(&args).expect(1).json();
        assert_eq!(v["signature"], "unsupported", "{v}");
        let args = [
            "verify",
            &token,
            "--secret",
            SECRET,
            "--now",
            &now(),
            "--alg",
            "HS256",
        ];
        tokenlab(&args).expect(0);
    }

    #[test]
    fn an_unsigned_token_never_verifies() {
        let token = tokenlab(&["sign", "--alg", "none", "--unsecured", GOOD_CLAIMS])
            .expect(0)
            .stdout;
        let args = [
            "verify",
            token.trim(),
            "--secret",
            SECRET,
            "--now",
            &now(),
            "--json",
        ];
        let v = tokenlab(&args).expect(1).json();
        assert_eq!(v["signature"], "unsigned", "{v}");
    }

    #[test]
    fn a_public_key_as_hmac_secret_is_key_mismatch() {
        // Algorithm confusion: an HS256 token checked against an RSA public key file.
        let token = hs256(SECRET, GOOD_CLAIMS);
        let args = [
            "verify",
            &token,
            "--key",
            &fixture("rsa2048-spki.pem"),
            "--now",
            &now(),
            "--json",
        ];
        let v = tokenlab(&args).expect(1).json();
        assert_eq!(v["signature"], "key_mismatch", "{v}");
    }

    #[test]
    fn the_token_can_come_from_standard_input() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let args = ["verify", "--secret", SECRET, "--now", &now()];
        tokenlab_stdin(&args, &format!("Authorization: Bearer {token}\n")).expect(0);
    }

    #[test]
    fn a_secret_in_base64url_or_hex_is_decoded_first() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let b64u = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
        let hex = "3031323334353637383961626364656630313233343536373839616263646566";
        for (enc, s) in [("base64url", b64u), ("hex", hex)] {
            let args = [
                "verify",
                &token,
                "--secret",
                s,
                "--secret-encoding",
                enc,
                "--now",
                &now(),
            ];
            tokenlab(&args).expect(0);
        }
        let args = [
            "verify",
            &token,
            "--secret",
            "zz",
            "--secret-encoding",
            "hex",
            "--now",
            &now(),
        ];
        assert_sentence(&tokenlab(&args).expect(2).stderr);
    }

    #[test]
    fn a_jwks_key_is_picked_by_kid() {
        let a = tokenlab(&["keygen", "--type", "p256", "--format", "jwk"])
            .expect(0)
            .json();
        let b = tokenlab(&["keygen", "--type", "p256", "--format", "jwk"])
            .expect(0)
            .json();
        let private_b = scratch("b.jwk", &b.to_string());
        let kid_b = b["kid"].as_str().expect("kid");
        let header = format!(r#"{{"kid":"{kid_b}"}}"#);
        let token = tokenlab(&[
            "sign",
            "--alg",
            "ES256",
            "--key",
            p(&private_b),
            "--header",
            &header,
            GOOD_CLAIMS,
        ])
        .expect(0)
        .stdout;
        let public = |mut jwk: Value| {
            jwk.as_object_mut().expect("object").remove("d");
            jwk
        };
        let jwks = serde_json::json!({ "keys": [public(a), public(b.clone())] });
        let file = scratch("jwks.json", &jwks.to_string());
        let args = [
            "verify",
            token.trim(),
            "--key",
            p(&file),
            "--now",
            &now(),
            "--json",
        ];
        let v = tokenlab(&args).expect(0).json();
        assert!(
            v["key_used"].as_str().is_some_and(|k| k.contains(kid_b)),
            "{v}"
        );
    }

    #[test]
    fn a_key_is_required_and_only_one_kind_of_key() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        tokenlab(&["verify", &token]).expect(2);
        let both = [
            "verify",
            &token,
            "--secret",
            SECRET,
            "--key",
            &fixture("p256-spki.pem"),
        ];
        tokenlab(&both).expect(2);
        tokenlab(&[
            "verify",
            &token,
            "--secret-encoding",
            "hex",
            "--key",
            &fixture("p256-spki.pem"),
        ])
        .expect(2);
    }

    #[test]
    fn a_missing_key_file_is_a_usage_error_in_one_sentence() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let run = tokenlab(&["verify", &token, "--key", "/no/such/key.pem"]).expect(2);
        assert!(run.stderr.contains("/no/such/key.pem"), "{}", run.stderr);
        assert_sentence(&run.stderr);
    }

    #[test]
    fn a_key_file_that_holds_no_key_is_a_usage_error() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        let file = scratch("notes.txt", "just some text\n");
        let run = tokenlab(&["verify", &token, "--key", p(&file)]).expect(2);
        assert_sentence(&run.stderr);
        let file = scratch(
            "broken.pem",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        );
        let run = tokenlab(&["verify", &token, "--key", p(&file)]).expect(2);
        assert_sentence(&run.stderr);
    }

    #[test]
    fn a_token_that_does_not_decode_is_not_verified() {
        let run = tokenlab(&["verify", "not.a.token!", "--secret", SECRET, "--json"]).expect(1);
        assert_ne!(run.json()["signature"], "verified");
    }

    #[test]
    fn negative_leeway_is_a_usage_error() {
        let token = hs256(SECRET, GOOD_CLAIMS);
        tokenlab(&["verify", &token, "--secret", SECRET, "--leeway", "-5"]).expect(2);
    }
}

mod sign {
    use super::*;

    /// Signs with the private fixture, verifies with the public one.
    fn round_trip(alg: &str, private: &str, public: &str) {
        let token = tokenlab(&[
            "sign",
            "--alg",
            alg,
            "--key",
            &fixture(private),
            GOOD_CLAIMS,
        ])
        .expect(0)
        .stdout;
        let token = token.trim();
        assert_eq!(token.matches('.').count(), 2, "{alg}: compact JWS: {token}");
        let args = [
            "verify",
            token,
            "--key",
            &fixture(public),
            "--now",
            &now(),
            "--alg",
            alg,
            "--json",
        ];
        let v = tokenlab(&args).expect(0).json();
        assert_eq!(v["signature"], "verified", "{alg}: {v}");
    }

    #[test]
    fn rsa_pkcs1_tokens_round_trip() {
        round_trip("RS256", "rsa2048-pkcs8.pem", "rsa2048-spki.pem");
        round_trip("RS512", "rsa2048-pkcs1.pem", "rsa2048-cert.pem");
    }

    #[test]
    fn rsa_pss_tokens_round_trip() {
        round_trip("PS256", "rsa2048-pkcs8.pem", "rsa2048-pkcs1-public.pem");
        round_trip("PS384", "rsa2048-pkcs1.pem", "rsa2048-spki.pem");
    }

    #[test]
    fn ecdsa_tokens_round_trip() {
        round_trip("ES256", "p256-sec1.pem", "p256-spki.pem");
        round_trip("ES384", "p384-pkcs8.pem", "p384-pkcs8.pem");
        round_trip("ES512", "p521-pkcs8.pem", "p521-cert.pem");
    }

    #[test]
    fn eddsa_tokens_round_trip() {
        round_trip("EdDSA", "ed25519-pkcs8.pem", "ed25519-spki.pem");
    }

    #[test]
    fn hmac_tokens_round_trip_for_every_hash() {
        for alg in ["HS256", "HS384", "HS512"] {
            let secret = "a secret that is long enough for HS512 use, 64 bytes long please!";
            let token = tokenlab(&["sign", "--alg", alg, "--secret", secret, GOOD_CLAIMS])
                .expect(0)
                .stdout;
            let args = [
                "verify",
                token.trim(),
                "--secret",
                secret,
                "--now",
                &now(),
                "--alg",
                alg,
            ];
            tokenlab(&args).expect(0);
        }
    }

    #[test]
    fn the_header_option_is_kept_and_alg_is_set_from_the_flag() {
        let token = tokenlab(&[
            "sign",
            "--alg",
            "HS256",
            "--secret",
            SECRET,
            "--header",
            r#"{"kid":"k1","alg":"none"}"#,
            "{}",
        ])
        .expect(0)
        .stdout;
        let v = tokenlab(&["decode", token.trim(), "--json"]).json();
        assert_eq!(v["header"]["alg"], "HS256", "{v}");
        assert_eq!(v["header"]["kid"], "k1", "{v}");
    }

    #[test]
    fn the_payload_can_come_from_standard_input() {
        let run = tokenlab_stdin(
            &["sign", "--alg", "HS256", "--secret", SECRET],
            &format!("{GOOD_CLAIMS}\n"),
        )
        .expect(0);
        let v = tokenlab(&["decode", run.stdout.trim(), "--json"]).json();
        assert_eq!(v["payload"]["sub"], "alice", "{v}");
        let run = tokenlab_stdin(
            &["sign", "--alg", "HS256", "--secret", SECRET, "-"],
            "{\"a\":1}",
        )
        .expect(0);
        assert_eq!(
            tokenlab(&["decode", run.stdout.trim(), "--json"]).json()["payload"]["a"],
            1
        );
    }

    #[test]
    fn alg_none_needs_the_unsecured_switch() {
        let run = tokenlab(&["sign", "--alg", "none", "{}"]).expect(2);
        assert!(run.stderr.contains("--unsecured"), "{}", run.stderr);
        let run = tokenlab(&["sign", "--alg", "none", "--unsecured", "{}"]).expect(0);
        assert!(
            run.stdout.trim().ends_with('.'),
            "empty signature: {}",
            run.stdout
        );
    }

    #[test]
    fn signing_needs_a_private_key_that_fits() {
        tokenlab(&["sign", "--alg", "HS256", "{}"]).expect(2);
        let run = tokenlab(&[
            "sign",
            "--alg",
            "RS256",
            "--key",
            &fixture("rsa2048-spki.pem"),
            "{}",
        ])
        .expect(2);
        assert_sentence(&run.stderr);
        let run = tokenlab(&[
            "sign",
            "--alg",
            "ES384",
            "--key",
            &fixture("p256-sec1.pem"),
            "{}",
        ])
        .expect(2);
        assert_sentence(&run.stderr);
    }

    #[test]
    fn a_payload_that_looks_like_json_but_is_not_is_refused() {
        let run = tokenlab(&["sign", "--alg", "HS256", "--secret", SECRET, "{\"a\":"]).expect(2);
        assert_sentence(&run.stderr);
    }
}

mod keygen {
    use super::*;

    /// Splits `keygen --format pem` output into its private and public PEM files.
    fn split_pem(out: &str) -> (PathBuf, PathBuf) {
        let end = "-----END PRIVATE KEY-----\n";
        let cut = out.find(end).expect("a private key block") + end.len();
        let (private, public) = out.split_at(cut);
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{out}");
        (
            scratch("private.pem", private),
            scratch("public.pem", public),
        )
    }

    #[test]
    fn generated_pem_keys_sign_and_verify_for_every_asymmetric_family() {
        for (kind, alg) in [
            ("rsa2048", "PS256"),
            ("p256", "ES256"),
            ("p384", "ES384"),
            ("p521", "ES512"),
            ("ed25519", "EdDSA"),
        ] {
            let out = tokenlab(&["keygen", "--type", kind]).expect(0).stdout;
            let (private, public) = split_pem(&out);
            let token = tokenlab(&["sign", "--alg", alg, "--key", p(&private), GOOD_CLAIMS])
                .expect(0)
                .stdout;
            let args = ["verify", token.trim(), "--key", p(&public), "--now", &now()];
            tokenlab(&args).expect(0);
        }
    }

    #[test]
    fn a_secret_starting_with_a_hyphen_is_a_value_not_an_option() {
        // One generated base64url secret in 64 starts with "-".
        let enc = [
            "--secret",
            "-q9Zc1kQ3oN0yT8vX2bW7eR4uI6pA5sD1fG3hJ8kL0k",
            "--secret-encoding",
            "base64url",
        ];
        let token = tokenlab(&[&["sign", "--alg", "HS256"][..], &enc, &[GOOD_CLAIMS]].concat())
            .expect(0)
            .stdout;
        tokenlab(&[&["verify", token.trim(), "--now", &now()][..], &enc].concat()).expect(0);
    }

    #[test]
    fn a_generated_hmac_secret_is_base64url_of_the_hash_length() {
        for (kind, alg, bytes) in [
            ("hs256", "HS256", 32),
            ("hs384", "HS384", 48),
            ("hs512", "HS512", 64),
        ] {
            let secret = tokenlab(&["keygen", "--type", kind]).expect(0).stdout;
            let secret = secret.trim();
            assert_eq!(
                secret.len(),
                (bytes * 4usize).div_ceil(3),
                "{kind}: {secret}"
            );
            assert!(secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            let enc = ["--secret", secret, "--secret-encoding", "base64url"];
            let token = tokenlab(&[&["sign", "--alg", alg][..], &enc, &[GOOD_CLAIMS]].concat())
                .expect(0)
                .stdout;
            tokenlab(&[&["verify", token.trim(), "--now", &now()][..], &enc].concat()).expect(0);
        }
    }

    #[test]
    fn a_generated_jwk_has_its_thumbprint_as_kid_and_signs() {
        let run = tokenlab(&["keygen", "--type", "ed25519", "--format", "jwk"]).expect(0);
        let jwk = run.json();
        assert_eq!(jwk["kty"], "OKP");
        assert!(jwk["d"].is_string(), "private JWK: {jwk}");
        let file = scratch("ed.jwk", &run.stdout);
        let thumb = tokenlab(&["thumbprint", p(&file)]).expect(0).stdout;
        assert_eq!(
            thumb.split_whitespace().next(),
            jwk["kid"].as_str(),
            "{thumb}"
        );
        let token = tokenlab(&["sign", "--alg", "EdDSA", "--key", p(&file), GOOD_CLAIMS])
            .expect(0)
            .stdout;
        tokenlab(&["verify", token.trim(), "--key", p(&file), "--now", &now()]).expect(0);
    }

    #[test]
    fn every_type_name_is_accepted_and_others_are_not() {
        for kind in [
            "hs256", "hs384", "hs512", "p256", "p384", "p521", "ed25519", "rsa2048",
        ] {
            tokenlab(&["keygen", "--type", kind, "--format", "jwk"]).expect(0);
        }
        let run = tokenlab(&["keygen", "--type", "rsa1024"]).expect(2);
        assert!(
            run.stderr.contains("rsa2048"),
            "lists the types: {}",
            run.stderr
        );
        tokenlab(&["keygen", "--type", "p256", "--format", "der"]).expect(2);
    }
}

mod thumbprint {
    use super::*;

    #[test]
    fn every_form_of_one_key_has_one_thumbprint() {
        let forms = [
            "rsa2048-pkcs8.pem",
            "rsa2048-pkcs1.pem",
            "rsa2048-spki.pem",
            "rsa2048-pkcs1-public.pem",
            "rsa2048-cert.pem",
        ];
        let prints: Vec<String> = forms
            .iter()
            .map(|f| tokenlab(&["thumbprint", &fixture(f)]).expect(0).stdout)
            .map(|out| out.split_whitespace().next().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(prints[0].len(), 43, "{prints:?}");
        assert!(prints.iter().all(|t| *t == prints[0]), "{prints:?}");
    }

    #[test]
    fn rfc7638_example_key_has_the_published_thumbprint() {
        // RFC 7638 §3.1.
        let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
        let file = scratch("rfc7638.jwk", jwk);
        let out = tokenlab(&["thumbprint", p(&file)]).expect(0).stdout;
        assert!(
            out.starts_with("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"),
            "{out}"
        );
    }

    #[test]
    fn a_jwks_gives_one_line_per_key_and_stdin_works() {
        let a = tokenlab(&["keygen", "--type", "p256", "--format", "jwk"])
            .expect(0)
            .json();
        let b = tokenlab(&["keygen", "--type", "ed25519", "--format", "jwk"])
            .expect(0)
            .json();
        let jwks = serde_json::json!({ "keys": [a, b] }).to_string();
        let out = tokenlab_stdin(&["thumbprint", "-"], &jwks).expect(0).stdout;
        assert_eq!(out.lines().count(), 2, "{out}");
    }

    #[test]
    fn a_missing_or_keyless_file_is_a_usage_error() {
        assert_sentence(&tokenlab(&["thumbprint", "/no/such/file"]).expect(2).stderr);
        let file = scratch("text.txt", "hello\n");
        assert_sentence(&tokenlab(&["thumbprint", p(&file)]).expect(2).stderr);
        tokenlab(&["thumbprint"]).expect(2);
    }
}

mod pkce {
    use super::*;

    #[test]
    fn a_generated_pair_checks_out() {
        let v = tokenlab(&["pkce", "--json", "--length", "100"])
            .expect(0)
            .json();
        let verifier = v["code_verifier"].as_str().expect("verifier");
        let challenge = v["code_challenge"].as_str().expect("challenge");
        assert_eq!(verifier.len(), 100);
        assert_eq!(challenge.len(), 43);
        assert_eq!(v["code_challenge_method"], "S256");
        tokenlab(&[
            "pkce",
            "check",
            "--verifier",
            verifier,
            "--challenge",
            challenge,
        ])
        .expect(0);
    }

    #[test]
    fn the_text_output_names_verifier_and_challenge() {
        let out = tokenlab(&["pkce", "--method", "plain"]).expect(0).stdout;
        assert!(
            out.contains("code_verifier") && out.contains("code_challenge"),
            "{out}"
        );
        assert!(out.contains("plain"), "{out}");
    }

    #[test]
    fn rfc7636_appendix_b_matches() {
        let args = [
            "pkce",
            "check",
            "--verifier",
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "--challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "--json",
        ];
        let v = tokenlab(&args).expect(0).json();
        assert_eq!(v["match"], true, "{v}");
    }

    #[test]
    fn a_mismatch_exits_1_with_the_challenge_the_verifier_gives() {
        let args = [
            "pkce",
            "check",
            "--verifier",
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "--challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cA",
        ];
        let run = tokenlab(&args).expect(1);
        assert!(
            run.stderr
                .contains("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            "{}",
            run.stderr
        );
        assert_sentence(&run.stderr);
    }

    #[test]
    fn a_short_verifier_exits_1_with_its_length() {
        let args = [
            "pkce",
            "check",
            "--verifier",
            "short",
            "--challenge",
            "short",
            "--method",
            "plain",
            "--json",
        ];
        let run = tokenlab(&args).expect(1);
        let v = run.json();
        assert_eq!(v["match"], false);
        assert_eq!(v["code"], "verifier_too_short", "{v}");
        assert!(run.stderr.contains('5'), "{}", run.stderr);
    }

    #[test]
    fn bad_lengths_and_methods_are_usage_errors() {
        tokenlab(&["pkce", "--length", "42"]).expect(2);
        tokenlab(&["pkce", "--length", "129"]).expect(2);
        tokenlab(&["pkce", "--method", "s256"]).expect(2);
        tokenlab(&["pkce", "check", "--verifier", "x"]).expect(2);
    }
}
