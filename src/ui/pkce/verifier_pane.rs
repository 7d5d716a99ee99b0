//! Generating a code_verifier and its challenges, with the RFC 7636 Appendix B self-check.

use leptos::prelude::*;
use rand_core::OsRng;
use tokenlab_engine::pkce::{self, Method};

use crate::ui::kit::output_box::OutputBox;

/// RFC 7636 Appendix B: the example code_verifier.
pub const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// RFC 7636 Appendix B: the S256 code_challenge the RFC gives for [`RFC7636_VERIFIER`].
pub const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The verifier pane: length slider, Regenerate, the verifier with its S256 and plain challenges,
/// and a live self-check of the S256 computation against RFC 7636 Appendix B.
#[component]
pub fn VerifierPane(
    /// The current code_verifier (written here, read by the other panes).
    verifier: RwSignal<String>,
) -> impl IntoView {
    let (len, set_len) = signal(super::DEFAULT_VERIFIER_LEN);
    let (error, set_error) = signal(None::<String>);
    let regenerate = move || match pkce::generate_verifier(len.get_untracked(), &mut OsRng) {
        Ok(v) => {
            set_error.set(None);
            verifier.set(v);
        }
        Err(e) => set_error.set(Some(e.to_string())),
    };
    let challenge = move |method: Method| {
        Signal::derive(move || {
            pkce::challenge(&verifier.get(), method).unwrap_or_else(|e| e.to_string())
        })
    };
    // Computed at render time with the engine, so a broken SHA-256 or base64url shows up here.
    let self_check = pkce::challenge(RFC7636_VERIFIER, Method::S256);
    let self_check_ok = self_check.as_deref() == Ok(RFC7636_CHALLENGE);
    let computed = self_check.unwrap_or_else(|e| e.to_string());

    view! {
        <section class="tl-pane" aria-labelledby="tl-pkce-gen-title">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-pkce-gen-title">"Code verifier and challenges"</h2>
            </div>
            <div class="tl-field">
                <label class="tl-label" for="tl-pkce-len">"Verifier length"</label>
                <div class="tl-row tl-pkce__length">
                    <input
                        id="tl-pkce-len"
                        class="tl-range"
                        type="range"
                        min=pkce::VERIFIER_MIN_LEN
                        max=pkce::VERIFIER_MAX_LEN
                        prop:value=move || len.get().to_string()
                        aria-describedby="tl-pkce-len-value"
                        on:input=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                                set_len.set(n);
                                regenerate();
                            }
                        }
                    />
                    <span class="tl-pkce__length-value" id="tl-pkce-len-value">
                        {move || format!("{} characters", len.get())}
                    </span>
                    <button
                        type="button"
                        class="tl-button tl-button--primary"
                        on:click=move |_| regenerate()
                    >
                        "Regenerate"
                    </button>
                </div>
                <p class="tl-hint">
                    "43 to 128 characters from A–Z a–z 0–9 - . _ ~ (about 6 bits each)."
                </p>
            </div>
            {move || error.get().map(|e| view! { <p class="tl-message tl-message--error">{e}</p> })}
            <OutputBox label="code_verifier" value=Signal::derive(move || verifier.get()) />
            <OutputBox label="S256 code_challenge" value=challenge(Method::S256) />
            <OutputBox label="plain code_challenge" value=challenge(Method::Plain) />
            <p class="tl-hint">
                "S256 is BASE64URL(SHA-256(verifier)); plain sends the verifier itself and is only for "
                "clients that cannot hash (RFC 7636 §4.2)."
            </p>
            <div
                class="tl-selfcheck"
                class:tl-selfcheck--ok=self_check_ok
                class:tl-selfcheck--bad=!self_check_ok
            >
                <span class="tl-status" class:tl-status--ok=self_check_ok class:tl-status--bad=!self_check_ok>
                    {if self_check_ok { "✓ Self-check passed" } else { "✗ Self-check failed" }}
                </span>
                <details class="tl-selfcheck__details">
                    <summary>"RFC 7636 Appendix B, computed in this page"</summary>
                    <dl class="tl-facts">
                        <dt>"Verifier"</dt>
                        <dd class="tl-mono">{RFC7636_VERIFIER}</dd>
                        <dt>"Expected S256 challenge"</dt>
                        <dd class="tl-mono">{RFC7636_CHALLENGE}</dd>
                        <dt>"Computed here"</dt>
                        <dd class="tl-mono">{computed}</dd>
                    </dl>
                </details>
            </div>
        </section>
    }
}
