//! The Encoder section (PRODUCT.md D1–D4): header and payload editors with live validation, an
//! algorithm picker, a key (typed, pasted or generated to fit), the signed token coloured by
//! segment, claim helpers, the engine's findings, and a handoff to the Debugger.
//!
//! Opened with `#encoder&header=…&payload=…` (the Debugger's "Edit and re-sign"), it starts with
//! that header and payload; the parameters are then removed from the address bar.

pub mod claim_helpers;
pub mod excerpt;
pub mod findings_list;
pub mod json_edit;
pub mod json_editor;
pub mod signing_key;
pub mod token_output;

use std::sync::Arc;

use leptos::prelude::*;
use rand_core::OsRng;
use tokenlab_engine::analysis::{self, AnalyzeOptions};
use tokenlab_engine::backend::{AllKeys, Backend, LastKey};
use tokenlab_engine::jwa::{Alg, Family};
use tokenlab_engine::keys::{self, Key, KeyGenKind, KeyInput, Selection};
use tokenlab_engine::lint::Finding;
use tokenlab_engine::pem::{self, PemFormat};
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::sign::{self, SignTokenError};
use tokenlab_engine::{json, jwk};

use crate::app::{Handoff, HandoffToken, Nav};
use crate::browser;
use crate::keygen;
use crate::route::Section;
use crate::ui::kit::sentence;
use crate::ui::kit::share_link::ShareLink;
use crate::websign;

/// A problem in one editor's text, where it is and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorError {
    /// Byte offset of the character at fault.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The engine's message.
    pub message: String,
}

impl EditorError {
    fn from_sign(e: &SignTokenError) -> EditorError {
        let p = e.position();
        EditorError {
            offset: p.map_or(0, |p| p.offset),
            line: p.map_or(1, |p| p.line),
            column: p.map_or(1, |p| p.column),
            message: e.to_string(),
        }
    }
}

/// What is wrong with a header text, by the engine's signing rules (a JSON object without
/// repeated names).
pub fn header_problem(header: &str) -> Option<EditorError> {
    sign::sign_token(header, "", Alg::None, None, true)
        .err()
        .map(|e| EditorError::from_sign(&e))
}

/// What is wrong with a payload text, by the engine's signing rules (JSON without repeated
/// names, or text that does not look like JSON).
pub fn payload_problem(payload: &str) -> Option<EditorError> {
    sign::sign_token("{}", payload, Alg::None, None, true)
        .err()
        .map(|e| EditorError::from_sign(&e))
}

/// The option group an algorithm is listed under.
pub fn alg_group(alg: Alg) -> &'static str {
    match alg.family() {
        Family::Hmac => "HMAC (shared secret)",
        Family::RsaPkcs1 => "RSA PKCS#1 v1.5",
        Family::RsaPss => "RSA-PSS",
        Family::Ecdsa => "ECDSA",
        Family::EdDsa => "EdDSA",
        Family::Unsecured => "Unsecured",
    }
}

/// The key in `input` to sign with `alg` (a JWKS must have exactly one key that fits).
fn pick_key(input: &KeyInput, alg: Alg) -> Result<Key, String> {
    match input.select(None, alg) {
        Selection::Chosen { entry, .. } => Ok(entry.key.clone()),
        Selection::Ambiguous { candidates } => Err(format!(
            "The JWKS has {} keys that fit {alg}; paste the one to sign with.",
            candidates.len()
        )),
        Selection::NoMatch { why } => Err(sentence(&why)),
    }
}

/// What the Encoder words a signing error as: JSON errors are marked in their editor.
fn sign_error(e: &SignTokenError) -> String {
    if e.position().is_some() || e.code().starts_with("header_") {
        "Fix the JSON marked above to sign.".to_string()
    } else {
        sentence(&e.to_string())
    }
}

/// What WebCrypto is asked to sign: with which algorithm and RSA key (PKCS#8 DER), and the
/// signing input (or why there is none).
#[derive(Clone, Debug, PartialEq)]
struct WebJob {
    alg: Alg,
    der: Arc<Vec<u8>>,
    input: Result<String, String>,
}

/// A token signed through WebCrypto (or by the engine after WebCrypto refused the key).
#[derive(Clone, Debug, PartialEq)]
struct WebSigned {
    alg: Alg,
    der: Arc<Vec<u8>>,
    input: String,
    token: Result<String, String>,
}

impl WebSigned {
    fn is_for(&self, alg: Alg, der: &Arc<Vec<u8>>, input: &str) -> bool {
        self.alg == alg && (Arc::ptr_eq(&self.der, der) || self.der == *der) && self.input == input
    }
}

/// The `alg` member of a header text, when it names an algorithm Tokenlab signs with.
fn header_alg(header: &str) -> Option<Alg> {
    let doc = json::parse(header).ok()?;
    match &doc.root.get("alg")?.value {
        json::Value::String(name) => Alg::parse(name),
        _ => None,
    }
}

const DEFAULT_HEADER: &str = "{\n  \"alg\": \"HS256\",\n  \"typ\": \"JWT\"\n}";

fn default_payload(now: i64) -> String {
    format!(
        "{{\n  \"iss\": \"https://auth.example.com\",\n  \"sub\": \"user-123\",\n  \"aud\": \"https://api.example.com\",\n  \"iat\": {now},\n  \"exp\": {}\n}}",
        now.saturating_add(3600)
    )
}

/// The signing key, the last key text read kept: the findings analyse the token again on every
/// keystroke in the header or payload, with the key field unchanged, and reading a private key
/// costs up to a millisecond in wasm (a P-256 key; an EC key's public half, which verifying
/// derives, is kept too). One entry, dropped when the key field is emptied or the Encoder closes.
static SIGNING_KEYS: LastKey<AllKeys> = LastKey::new(AllKeys);

/// The Encoder page.
#[component]
pub fn Encoder() -> impl IntoView {
    on_cleanup(|| {
        SIGNING_KEYS.forget_keys();
        websign::forget();
    });
    let nav = use_context::<Nav>();
    let handoff = use_context::<Handoff>();
    let now = browser::unix_now();

    // A fresh 256-bit secret, so a token is shown from the start.
    let (first_key, first_enc) = keys::generate(KeyGenKind::Hs256, &mut OsRng)
        .ok()
        .and_then(|k| signing_key::key_text_for(&k).ok())
        .unwrap_or_default();
    let header = RwSignal::new(DEFAULT_HEADER.to_string());
    let payload = RwSignal::new(default_payload(now));
    let alg = RwSignal::new(Alg::HS256);
    let allow_none = RwSignal::new(false);
    let key_text = RwSignal::new(first_key);
    let encoding = RwSignal::new(first_enc);
    let key_auto = RwSignal::new(true);
    let generating = RwSignal::new(None::<KeyGenKind>);
    let key_error = RwSignal::new(None::<String>);
    let request = StoredValue::new(0u64);

    // The key, read once per edit of the key field (and kept in `SIGNING_KEYS`, where the
    // findings below read it again on every keystroke in the header or payload).
    let parsed = Memo::new_with_compare(
        move |_| {
            let text = key_text.get();
            if text.trim().is_empty() {
                SIGNING_KEYS.forget_keys();
                return None;
            }
            Some(
                SIGNING_KEYS
                    .parse_key_report(&text, encoding.get())
                    .map(|p| p.input)
                    .map_err(|e| sentence(&e.to_string())),
            )
        },
        |_: Option<&Option<Result<KeyInput, String>>>, _| true,
    );
    let signing_key = Memo::new_with_compare(
        move |_| {
            let a = alg.get();
            parsed.with(|p| match p {
                Some(Ok(input)) => Some(pick_key(input, a)),
                Some(Err(e)) => Some(Err(e.clone())),
                None => None,
            })
        },
        |_: Option<&Option<Result<Key, String>>>, _| true,
    );

    let generate_key = move |for_alg: Alg| {
        let Some(kind) = KeyGenKind::for_alg(for_alg) else {
            return;
        };
        let id = request.get_value().wrapping_add(1);
        request.set_value(id);
        generating.set(Some(kind));
        key_error.set(None);
        let text_then = key_text.get_untracked();
        leptos::task::spawn_local(async move {
            let result = keygen::generate(kind).await;
            // The Encoder may have closed meanwhile (its stored values are gone then).
            if request.try_get_value() != Some(id) {
                return;
            }
            generating.set(None);
            // A key typed or pasted while this one was being made is the one to sign with.
            if key_text.get_untracked() != text_then {
                return;
            }
            match result
                .map_err(|e| e.to_string())
                .and_then(|g| signing_key::key_text_for(&g.key))
            {
                Ok((text, enc)) => {
                    encoding.set(enc);
                    key_text.set(text);
                    key_auto.set(true);
                }
                Err(e) => key_error.set(Some(sentence(&e))),
            }
        });
    };

    let choose_alg = move |a: Alg| {
        alg.set(a);
        // Keep the header's alg in step with the picker (the engine sets it when signing anyway).
        if let Ok(t) =
            json_edit::set_member(&header.get_untracked(), "alg", &json_edit::string(a.name()))
        {
            header.set(t);
        }
        // A key we generated that does not fit the new algorithm is replaced by one that does.
        let fits =
            signing_key.with_untracked(|k| matches!(k, Some(Ok(key)) if key.check_fits(a).is_ok()));
        if a != Alg::None && key_auto.get_untracked() && !fits {
            generate_key(a);
        }
    };

    // "Edit and re-sign" from the Debugger: take the header and payload from the fragment once.
    if let Some(nav) = nav {
        let (h, p, k) = nav.fragment.with_untracked(|f| {
            let k = f.param("key").map(|k| {
                let enc = f.param("enc").and_then(SecretEncoding::parse);
                (k.to_string(), enc.unwrap_or_default())
            });
            (
                f.param("header").map(str::to_string),
                f.param("payload").map(str::to_string),
                k,
            )
        });
        if h.is_some() || p.is_some() || k.is_some() {
            // A key from a share link is used as given; without one, a key that fits is made.
            let given_key = k.is_some();
            if let Some((text, enc)) = k {
                encoding.set(enc);
                key_text.set(text);
                key_auto.set(false);
            }
            if let Some(h) = h {
                if let Some(a) = header_alg(&h).filter(|a| *a != Alg::None) {
                    alg.set(a);
                    if a.family() != Family::Hmac && !given_key {
                        generate_key(a);
                    }
                }
                header.set(h);
            }
            if let Some(p) = p {
                payload.set(p);
            }
            // Not in the address bar any more: the editors hold them now.
            Effect::new(move |_| nav.go(Section::Encoder, &[]));
        }
    }

    let header_error = Memo::new(move |_| header_problem(&header.get()));
    let payload_error = Memo::new(move |_| payload_problem(&payload.get()));

    // RSA signatures come from the browser's WebCrypto where it can make them (`websign`: about
    // 1 ms off the page's thread, against about 15 ms of the engine in this page): `web_job` is
    // what to sign, an effect below asks for it, and `web_signed` holds the last answer.
    let rsa_der = Memo::new(move |_| {
        let a = alg.get();
        if !websign::signs(a) {
            return None;
        }
        signing_key.with(|k| match k {
            Some(Ok(key)) if key.check_fits(a).is_ok() => {
                pem::rsa_private_pkcs8_der(key).map(Arc::new)
            }
            _ => None,
        })
    });
    let web_job = Memo::new(move |_| {
        rsa_der.get().map(|der| WebJob {
            alg: alg.get(),
            der,
            input: sign::signing_input(&header.get(), &payload.get(), alg.get())
                .map_err(|e| sign_error(&e)),
        })
    });
    let web_signed = RwSignal::new(None::<WebSigned>);
    let web_request = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(WebJob {
            alg: a,
            der,
            input: Ok(input),
        }) = web_job.get()
        else {
            return;
        };
        if web_signed.with_untracked(|w| w.as_ref().is_some_and(|w| w.is_for(a, &der, &input))) {
            return;
        }
        let id = web_request.get_value().wrapping_add(1);
        web_request.set_value(id);
        leptos::task::spawn_local(async move {
            let signature = websign::sign_rsa(a, &der, input.as_bytes()).await;
            // A newer request was made meanwhile, or the Encoder closed.
            if web_request.try_get_value() != Some(id) {
                return;
            }
            let token = match signature {
                Some(signature) => Ok(sign::with_signature(input.clone(), &signature)),
                // WebCrypto refused the key: the engine signs, as it does without WebCrypto.
                None => signing_key
                    .try_with_untracked(|k| match k {
                        Some(Ok(key)) => tokenlab_engine::jwa::sign(a, key, input.as_bytes())
                            .map(|s| sign::with_signature(input.clone(), &s))
                            .map_err(|e| sentence(&e.to_string())),
                        _ => Err(String::new()),
                    })
                    .unwrap_or_else(|| Err(String::new())),
            };
            web_signed.set(Some(WebSigned {
                alg: a,
                der,
                input,
                token,
            }));
        });
    });

    let signed = Memo::new(move |prev: Option<&Result<String, String>>| {
        if let Some(job) = web_job.get() {
            let input = job.input?;
            let done = web_signed.with(|w| {
                w.as_ref()
                    .filter(|w| w.is_for(job.alg, &job.der, &input))
                    .map(|w| w.token.clone())
            });
            // Until WebCrypto answers (a millisecond or two), the token before stays on screen.
            return done.unwrap_or_else(|| prev.cloned().unwrap_or_else(|| Err(String::new())));
        }
        let a = alg.get();
        let key = if a == Alg::None {
            None
        } else {
            match signing_key.get() {
                Some(Ok(k)) => Some(k),
                Some(Err(e)) => return Err(e),
                None => None,
            }
        };
        sign::sign_token(
            &header.get(),
            &payload.get(),
            a,
            key.as_ref(),
            allow_none.get(),
        )
        .map_err(|e| sign_error(&e))
    });
    let token = Signal::derive(move || signed.get().ok());

    let findings = Memo::new(move |_| -> Vec<Finding> {
        let Ok(token) = signed.get() else {
            return Vec::new();
        };
        let mut opts = AnalyzeOptions::at(browser::unix_now());
        if alg.get() != Alg::None {
            opts = opts.with_key(key_text.get(), encoding.get());
        }
        analysis::analyze_token_with(&token, &opts, &SIGNING_KEYS).findings
    });
    let key_warnings = Signal::derive(move || {
        findings.with(|f| {
            f.iter()
                .filter(|f| f.code == "weak_secret")
                .map(|f| sentence(&f.message))
                .collect::<Vec<_>>()
        })
    });

    let key_status = Signal::derive(move || {
        if let Some(e) = key_error.get() {
            return Some(Err(e));
        }
        if alg.get() == Alg::None {
            return None;
        }
        signing_key.with(|k| {
            k.as_ref().map(|k| {
                k.as_ref().map_err(Clone::clone).and_then(|key| {
                    key.check_fits(alg.get())
                        .map(|()| format!("Signing with an {}.", key.description()))
                        .map_err(|e| sentence(&e.to_string()))
                })
            })
        })
    });
    let public_key = Memo::new_with_compare(
        move |_| {
            signing_key.with(|k| match k {
                Some(Ok(key)) if key.is_asymmetric() => Some(key.clone()),
                _ => None,
            })
        },
        |_: Option<&Option<Key>>, _| true,
    );
    let public_pem = Signal::derive(move || {
        public_key.with(|k| {
            k.as_ref()
                .and_then(|k| pem::to_pem(k, PemFormat::Spki).ok())
        })
    });
    let thumbprint = Signal::derive(move || public_key.with(|k| k.as_ref().map(jwk::thumbprint)));

    let open_in_debugger = Callback::new(move |()| {
        let Ok(token) = signed.get_untracked() else {
            return;
        };
        let (key_text, encoding) = if alg.get_untracked() == Alg::None {
            (String::new(), SecretEncoding::Utf8)
        } else if let Some(p) = public_pem.get_untracked() {
            // The Debugger verifies with the public half; the private key stays here.
            (p, SecretEncoding::Utf8)
        } else {
            (key_text.get_untracked(), encoding.get_untracked())
        };
        if let Some(h) = handoff {
            h.send(HandoffToken {
                token,
                key_text,
                encoding,
            });
        }
        if let Some(nav) = nav {
            nav.go(Section::Debugger, &[]);
        }
    });

    view! {
        <h1 class="tl-page__title">"Encoder"</h1>
        <p class="tl-page__lead">
            "Write a header and claims, pick an algorithm and a key, and get a signed JWT. Signing "
            "happens in this tab; keys are never stored or sent."
        </p>
        <div class="tl-grid tl-grid--two tl-encoder">
            <section class="tl-pane" aria-labelledby="tl-encoder-edit-title">
                <div class="tl-pane__head">
                    <h2 class="tl-pane__title" id="tl-encoder-edit-title">"Header and payload"</h2>
                </div>
                <json_editor::JsonEditor label="Header" text=header error=header_error
                    ok_text="Valid JSON object" rows=5 />
                <json_editor::JsonEditor label="Payload" text=payload error=payload_error
                    ok_text="Valid JSON" rows=10 />
                <claim_helpers::ClaimHelpers payload=payload header=header thumbprint=thumbprint />
            </section>
            <div class="tl-encoder__side">
                <section class="tl-pane" aria-labelledby="tl-encoder-sign-title">
                    <div class="tl-pane__head">
                        <h2 class="tl-pane__title" id="tl-encoder-sign-title">"Algorithm and key"</h2>
                    </div>
                    <div class="tl-field">
                        <label class="tl-label" for="tl-encoder-alg">"Algorithm"</label>
                        <select
                            id="tl-encoder-alg"
                            class="tl-select"
                            on:change=move |ev| {
                                if let Some(a) = Alg::parse(&event_target_value(&ev)) {
                                    choose_alg(a);
                                }
                            }
                        >
                            {["HMAC (shared secret)", "RSA PKCS#1 v1.5", "RSA-PSS", "ECDSA", "EdDSA", "Unsecured"]
                                .into_iter()
                                .map(|g| view! {
                                    <optgroup label=g>
                                        {Alg::ALL
                                            .into_iter()
                                            .filter(|a| alg_group(*a) == g)
                                            .map(|a| view! {
                                                <option
                                                    value=a.name()
                                                    selected=move || alg.get() == a
                                                    disabled=move || a == Alg::None && !allow_none.get()
                                                >
                                                    {a.name()}
                                                </option>
                                            })
                                            .collect_view()}
                                    </optgroup>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="tl-encoder__none">
                        <label class="tl-check">
                            <input
                                type="checkbox"
                                prop:checked=move || allow_none.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    allow_none.set(on);
                                    if !on && alg.get_untracked() == Alg::None {
                                        choose_alg(Alg::HS256);
                                    }
                                }
                            />
                            <span>"Allow alg \"none\": unsigned tokens that anyone can forge"</span>
                        </label>
                        <p class="tl-hint">
                            "Only for testing that a verifier refuses them (RFC 8725 §3.1)."
                        </p>
                        <Show when=move || alg.get() == Alg::None>
                            <p class="tl-message tl-message--warn">
                                "This token has no signature. A verifier that accepts it accepts "
                                "tokens from anyone."
                            </p>
                        </Show>
                    </div>
                    <signing_key::SigningKey
                        alg=alg
                        key_text=key_text
                        encoding=encoding
                        key_auto=key_auto
                        generating=generating
                        on_generate=Callback::new(move |()| generate_key(alg.get_untracked()))
                        status=key_status
                        public_pem=public_pem
                        warnings=key_warnings
                    />
                </section>
                <section class="tl-pane" aria-labelledby="tl-encoder-token-title">
                    <div class="tl-pane__head">
                        <h2 class="tl-pane__title" id="tl-encoder-token-title">"Token"</h2>
                    </div>
                    <div aria-live="polite">
                        {move || signed.get().err().filter(|e| !e.is_empty()).map(|e| view! {
                            <p class="tl-message tl-message--error">{e}</p>
                        })}
                    </div>
                    <token_output::TokenOutput token=token on_open=open_in_debugger />
                    <ShareLink
                        section=Section::Encoder
                        params=Signal::derive(move || {
                            vec![
                                ("header".to_owned(), header.get()),
                                ("payload".to_owned(), payload.get()),
                            ]
                        })
                        key=Signal::derive(move || {
                            let k = key_text.get();
                            (alg.get() != Alg::None && !k.trim().is_empty()).then(|| (k, encoding.get()))
                        })
                    />
                    <Show when=move || signed.with(Result::is_ok)>
                        <h3 class="tl-encoder__subtitle">"Findings"</h3>
                        <findings_list::FindingsList findings=findings />
                    </Show>
                </section>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_errors_point_at_the_character_at_fault() {
        let e = header_problem("{\n  \"alg\": \"HS256\",\n}").expect("an error");
        assert_eq!((e.line, e.column), (2, 17), "the trailing comma");
        assert!(e.message.contains("header"), "{}", e.message);
        assert!(header_problem("[]").is_some(), "an array is not a header");
        assert_eq!(header_problem("{\"typ\":\"JWT\"}"), None);
    }

    #[test]
    fn a_payload_may_be_text_but_not_broken_json() {
        assert_eq!(payload_problem("hello"), None);
        assert_eq!(payload_problem("{\"a\":1}"), None);
        let e = payload_problem("{\"a\":1,\"a\":2}").expect("duplicate");
        assert!(e.message.contains("twice"), "{}", e.message);
        assert!(payload_problem("{\"a\":}").is_some());
    }

    #[test]
    fn every_algorithm_is_listed_in_a_group() {
        let groups = [
            "HMAC (shared secret)",
            "RSA PKCS#1 v1.5",
            "RSA-PSS",
            "ECDSA",
            "EdDSA",
            "Unsecured",
        ];
        for a in Alg::ALL {
            assert!(groups.contains(&alg_group(a)), "{a}");
        }
    }

    #[test]
    fn the_header_alg_is_read_for_edit_and_re_sign() {
        assert_eq!(header_alg(r#"{"alg":"ES256"}"#), Some(Alg::ES256));
        assert_eq!(header_alg(r#"{"alg":"HS999"}"#), None);
        assert_eq!(header_alg("not json"), None);
    }
}
