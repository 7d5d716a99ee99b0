//! The Signature pane: the status badge, the verification key, expectations and claim checks.

use crate::ui::kit::encoding_field::EncodingField;
use leptos::prelude::*;
use tokenlab_engine::claims::{ClaimCheck, Expectations, Outcome};
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::verify::Verification;

use super::status_badge::StatusBadge;
use crate::ui::kit::copy_button::CopyButton;
use crate::ui::kit::disclosure::Disclosure;
use crate::ui::kit::{capitalised, end_sentence};

/// What was read from the key field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyState {
    /// The field is empty.
    Empty,
    /// The key (or keys of a JWKS) that were read, one line each.
    Read {
        /// What was read: one line for a key; for a JWKS a summary line, then one per key.
        lines: Vec<String>,
        /// JWKS members that could not be read, with why.
        skipped: Vec<String>,
    },
    /// Why the text is not a key.
    Error(String),
    /// The text is a PEM, JWK or JWKS and the code that reads it is being fetched.
    Loading,
}

/// The expectation fields, one signal per field (all text, empty meaning "not checked").
#[derive(Clone, Copy)]
pub struct ExpectationInputs {
    /// Expected `iss`.
    pub iss: RwSignal<String>,
    /// A value that must be in `aud`.
    pub aud: RwSignal<String>,
    /// Expected `azp`.
    pub azp: RwSignal<String>,
    /// Expected `nonce`.
    pub nonce: RwSignal<String>,
    /// Expected header `typ`.
    pub typ: RwSignal<String>,
    /// The access token, for `at_hash`.
    pub access_token: RwSignal<String>,
    /// The authorization code, for `c_hash`.
    pub code: RwSignal<String>,
    /// Required claims, separated by commas or spaces.
    pub required: RwSignal<String>,
}

impl ExpectationInputs {
    /// Empty fields.
    pub fn new() -> ExpectationInputs {
        ExpectationInputs {
            iss: RwSignal::new(String::new()),
            aud: RwSignal::new(String::new()),
            azp: RwSignal::new(String::new()),
            nonce: RwSignal::new(String::new()),
            typ: RwSignal::new(String::new()),
            access_token: RwSignal::new(String::new()),
            code: RwSignal::new(String::new()),
            required: RwSignal::new(String::new()),
        }
    }

    /// The engine's expectations (tracked: reading this subscribes to every field).
    pub fn get(&self) -> Expectations {
        expectations_from(
            &self.iss.get(),
            &self.aud.get(),
            &self.azp.get(),
            &self.nonce.get(),
            &self.typ.get(),
            &self.access_token.get(),
            &self.code.get(),
            &self.required.get(),
        )
    }
}

impl Default for ExpectationInputs {
    fn default() -> Self {
        ExpectationInputs::new()
    }
}

/// Builds expectations from the fields' text: surrounding whitespace is not part of a value,
/// and an empty field checks nothing. `required` is split on commas and whitespace.
#[allow(clippy::too_many_arguments)]
pub fn expectations_from(
    iss: &str,
    aud: &str,
    azp: &str,
    nonce: &str,
    typ: &str,
    access_token: &str,
    code: &str,
    required: &str,
) -> Expectations {
    let opt = |s: &str| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_owned())
    };
    Expectations {
        iss: opt(iss),
        aud: opt(aud),
        azp: opt(azp),
        nonce: opt(nonce),
        typ: opt(typ),
        access_token: opt(access_token),
        code: opt(code),
        required: required
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        ..Expectations::default()
    }
}

/// An engine sentence ("the signature does not verify") as a displayed sentence ("The
/// signature does not verify.").
pub fn sentence(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    end_sentence(capitalised(text))
}

/// Claim checks ordered for reading: failures first, then notes, then passes (each group in
/// the engine's order).
pub fn ordered_checks(checks: &[ClaimCheck]) -> Vec<ClaimCheck> {
    // Grouped pass by pass, not sorted: see `tokenlab_engine::lint::by_severity`.
    let mut out = Vec::with_capacity(checks.len());
    for outcome in [Outcome::Fail, Outcome::Info, Outcome::Pass] {
        out.extend(checks.iter().filter(|c| c.outcome == outcome).cloned());
    }
    out
}

fn outcome_view(outcome: Outcome) -> (&'static str, &'static str, &'static str) {
    match outcome {
        Outcome::Pass => ("tl-dbg-check--pass", "✓", "Passed"),
        Outcome::Fail => ("tl-dbg-check--fail", "✗", "Failed"),
        Outcome::Info => ("tl-dbg-check--info", "i", "Note"),
    }
}

/// The Signature pane.
#[component]
pub fn SignaturePane(
    /// The key text.
    key_text: RwSignal<String>,
    /// How a secret's text becomes bytes.
    encoding: RwSignal<SecretEncoding>,
    /// The expectation fields.
    expect: ExpectationInputs,
    /// The signature check, when a token was decoded.
    #[prop(into)]
    verification: Signal<Option<Verification>>,
    /// What was read from the key field.
    #[prop(into)]
    key_state: Signal<KeyState>,
    /// The claim checks, when the payload holds claims.
    #[prop(into)]
    checks: Signal<Vec<ClaimCheck>>,
    /// The signature segment, for the copy button.
    #[prop(into)]
    signature_text: Signal<String>,
    /// The pointer went over the key field or it took focus (a key is about to be pasted).
    #[prop(optional)]
    on_key_intent: Option<Callback<()>>,
) -> impl IntoView {
    let key_intent = move || {
        if let Some(cb) = on_key_intent {
            cb.run(());
        }
    };
    let field =
        |id: &'static str, label: &'static str, hint: &'static str, sig: RwSignal<String>| {
            view! {
                <div class="tl-field">
                    <label class="tl-label" for=id>
                        {label}
                    </label>
                    <input
                        id=id
                        class="tl-input"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || sig.get()
                        on:input=move |ev| sig.set(event_target_value(&ev))
                    />
                    {(!hint.is_empty()).then(|| view! { <span class="tl-hint">{hint}</span> })}
                </div>
            }
        };
    let status = move || {
        verification.get().map(|v| {
            // A single key is named in the detail already; from a JWKS, say which one was used.
            let from_set = matches!(key_state.get(), KeyState::Read { lines, .. } if lines.len() > 1);
            let key_used = v.key_used.clone().filter(|_| from_set).map(|k| {
                view! {
                    <p class="tl-dbg-status__key">
                        <span class="tl-dbg-status__term">"Key used: "</span>
                        {k}
                    </p>
                }
            });
            let candidates = (!v.candidates.is_empty()).then(|| {
                view! {
                    <div class="tl-dbg-status__candidates">
                        <p>"Keys that could be the token's:"</p>
                        <ul>
                            {v.candidates.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                        </ul>
                    </div>
                }
            });
            view! {
                <StatusBadge status=v.status />
                <p class="tl-dbg-status__detail">{sentence(&v.detail)}</p>
                {key_used}
                {candidates}
            }
        })
    };
    let key_read = move || {
        match key_state.get() {
        KeyState::Empty => None,
        KeyState::Read { lines, skipped } => Some(
            view! {
                <div class="tl-dbg-keyinfo">
                    <span class="tl-dbg-status__term">"Read as: "</span>
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                </div>
                {skipped
                    .into_iter()
                    .map(|k| view! { <p class="tl-message tl-message--warn tl-dbg-skipped">{sentence(&k)}</p> })
                    .collect_view()}
            }
            .into_any(),
        ),
        KeyState::Error(message) => Some(
            view! {
                <p class="tl-message tl-message--error" id="tl-dbg-key-error">
                    {sentence(&message)}
                </p>
            }
            .into_any(),
        ),
        KeyState::Loading => Some(
            view! {
                <p class="tl-message tl-dbg-keyinfo">
                    "Loading the code that reads PEM, JWK and JWKS keys…"
                </p>
            }
            .into_any(),
        ),
    }
    };
    let checks_view = move || {
        let list = ordered_checks(&checks.get());
        (!list.is_empty()).then(|| {
            view! {
                <h3 class="tl-dbg-subtitle">"Claim checks"</h3>
                <ul class="tl-dbg-checks">
                    {list
                        .into_iter()
                        .map(|c| {
                            let (class, symbol, word) = outcome_view(c.outcome);
                            view! {
                                <li class=format!("tl-dbg-check {class}")>
                                    <span class="tl-dbg-check__symbol" aria-hidden="true">
                                        {symbol}
                                    </span>
                                    <span class="tl-visually-hidden">{format!("{word}: ")}</span>
                                    <span>{sentence(&c.message)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--signature" aria-labelledby="tl-dbg-h-signature">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-signature">
                    "Signature"
                </h2>
                <CopyButton what="signature" text=signature_text />
            </div>
            <div class="tl-dbg-status" role="status" aria-label="Signature status">
                {status}
            </div>
            <div class="tl-field">
                <label class="tl-label" for="tl-dbg-key">
                    "Verification key"
                </label>
                <textarea
                    id="tl-dbg-key"
                    class="tl-textarea tl-dbg-key"
                    spellcheck="false"
                    autocomplete="off"
                    rows="4"
                    placeholder="A shared secret, a PEM public key or certificate, a JWK, or a JWKS"
                    aria-describedby=move || {
                        if key_state.with(|k| matches!(k, KeyState::Error(_))) {
                            "tl-dbg-key-hint tl-dbg-key-error"
                        } else {
                            "tl-dbg-key-hint"
                        }
                    }
                    aria-invalid=move || {
                        key_state.with(|k| matches!(k, KeyState::Error(_))).then_some("true")
                    }
                    prop:value=move || key_text.get()
                    on:input=move |ev| key_text.set(event_target_value(&ev))
                    on:pointerenter=move |_| key_intent()
                    on:focus=move |_| key_intent()
                ></textarea>
                <span class="tl-hint" id="tl-dbg-key-hint">
                    "PEM, JWK and JWKS are recognised by themselves; in a JWKS the key is picked by the token's kid. The key stays in this page."
                </span>
            </div>
            <EncodingField
                id="tl-dbg-encoding"
                label="Secret encoding"
                value=encoding
                on_change=Callback::new(move |e| encoding.set(e))
            />
            {key_read}
            <Disclosure class="tl-dbg-details" summary="Expectations (iss, aud, nonce, at_hash …)">
                <div class="tl-dbg-expect">
                    {field("tl-dbg-exp-iss", "Expected issuer (iss)", "", expect.iss)}
                    {field("tl-dbg-exp-aud", "Expected audience (aud)", "", expect.aud)}
                    {field("tl-dbg-exp-azp", "Expected authorized party (azp)", "", expect.azp)}
                    {field("tl-dbg-exp-nonce", "Expected nonce", "", expect.nonce)}
                    {field("tl-dbg-exp-typ", "Expected type (typ)", "For example JWT or at+jwt.", expect.typ)}
                    {field(
                        "tl-dbg-exp-at",
                        "Access token (checks at_hash)",
                        "",
                        expect.access_token,
                    )}
                    {field("tl-dbg-exp-code", "Authorization code (checks c_hash)", "", expect.code)}
                    {field(
                        "tl-dbg-exp-required",
                        "Required claims",
                        "Names separated by commas or spaces.",
                        expect.required,
                    )}
                </div>
            </Disclosure>
            {checks_view}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn empty_fields_expect_nothing_and_values_are_trimmed() {
        let e = expectations_from("", " https://idp ", "", "", "", "", "", "");
        assert_eq!(e.iss, None);
        assert_eq!(e.aud.as_deref(), Some("https://idp"));
        assert!(e.required.is_empty());
    }

    #[test]
    fn required_claims_split_on_commas_and_spaces() {
        let e = expectations_from("", "", "", "", "", "", "", "sub, exp  jti,");
        assert_eq!(e.required, ["sub", "exp", "jti"]);
    }

    #[test]
    fn engine_sentences_are_capitalised_and_closed() {
        assert_eq!(
            sentence("the signature does not verify"),
            "The signature does not verify."
        );
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn failed_checks_come_first() {
        let c = |code: &'static str, outcome| ClaimCheck {
            claim: "x".into(),
            code,
            outcome,
            message: code.into(),
        };
        let list = ordered_checks(&[
            c("a", Outcome::Pass),
            c("b", Outcome::Info),
            c("c", Outcome::Fail),
            c("d", Outcome::Pass),
        ]);
        let codes: Vec<&str> = list.iter().map(|c| c.code).collect();
        assert_eq!(codes, ["c", "b", "a", "d"]);
    }
}
