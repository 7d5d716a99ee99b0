//! Checking a code_verifier against a code_challenge, as the token endpoint does.

use leptos::prelude::*;
use tokenlab_engine::pkce::{self, Method};

use crate::ui::kit::sentence;
use crate::ui::kit::text_field::TextField;

/// The checker: verifier, challenge and method in, "match" or the engine's exact reason out
/// (length, the offending character and its position, the method, or the challenge the verifier
/// really gives).
#[component]
pub fn CheckPane(
    /// The generated verifier, offered by the "Use the generated pair" button.
    verifier: RwSignal<String>,
) -> impl IntoView {
    let input_verifier = RwSignal::new(String::new());
    let input_challenge = RwSignal::new(String::new());
    let (method, set_method) = signal(Method::S256);

    let outcome = Memo::new(move |_| {
        let v = input_verifier.get();
        let c = input_challenge.get();
        if v.is_empty() && c.is_empty() {
            return None;
        }
        Some(pkce::check(&v, &c, method.get()).map_err(|e| (e.code(), e.to_string())))
    });

    let fill = move |_| {
        let v = verifier.get_untracked();
        let m = method.get_untracked();
        input_challenge.set(pkce::challenge(&v, m).unwrap_or_default());
        input_verifier.set(v);
    };

    view! {
        <section class="tl-pane" aria-labelledby="tl-pkce-check-title">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-pkce-check-title">"Check a verifier against a challenge"</h2>
                <button type="button" class="tl-button tl-button--small" on:click=fill>
                    "Use the generated pair"
                </button>
            </div>
            <TextField label="code_verifier to check" value=input_verifier mono=true />
            <TextField label="code_challenge to check" value=input_challenge mono=true />
            <div class="tl-field">
                <label class="tl-label" for="tl-pkce-check-method">"code_challenge_method"</label>
                <select
                    id="tl-pkce-check-method"
                    class="tl-select"
                    on:change=move |ev| {
                        if let Some(m) = Method::parse(&event_target_value(&ev)) {
                            set_method.set(m);
                        }
                    }
                >
                    {[Method::S256, Method::Plain]
                        .into_iter()
                        .map(|m| view! { <option value=m.name() selected=move || method.get() == m>{m.name()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="tl-check-result" aria-live="polite">
                {move || match outcome.get() {
                    None => view! {
                        <p class="tl-hint">"Paste a verifier and a challenge to check them."</p>
                    }.into_any(),
                    Some(Ok(())) => view! {
                        <p class="tl-status tl-status--ok">
                            {format!("✓ Match: the verifier gives this challenge with {}", method.get())}
                        </p>
                    }.into_any(),
                    Some(Err((code, message))) => view! {
                        <p class="tl-status tl-status--bad">
                            {if code == "mismatch" { "✗ No match" } else { "✗ Not valid" }}
                        </p>
                        <p class="tl-message tl-message--error">{sentence(&message)}</p>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
