//! Buttons that set common claims: iat, nbf, exp, jti, and the header's kid.

use leptos::prelude::*;
use rand_core::OsRng;
use tokenlab_engine::pkce;

use super::json_edit::{self, set_member};
use crate::browser;

/// The `exp` offsets offered, in seconds, with their labels.
pub const EXP_CHOICES: &[(i64, &str)] = &[
    (5 * 60, "5 minutes"),
    (15 * 60, "15 minutes"),
    (60 * 60, "1 hour"),
    (24 * 60 * 60, "1 day"),
    (7 * 24 * 60 * 60, "7 days"),
    (30 * 24 * 60 * 60, "30 days"),
];

/// Claim helpers (PRODUCT.md D4): each button edits one member of the payload (or the header's
/// `kid`) in place, keeping the rest of the text as typed. Times come from this browser's clock.
#[component]
pub fn ClaimHelpers(
    /// The payload text.
    payload: RwSignal<String>,
    /// The header text.
    header: RwSignal<String>,
    /// The signing key's RFC 7638 thumbprint, when there is a public-key key.
    #[prop(into)]
    thumbprint: Signal<Option<String>>,
) -> impl IntoView {
    let (note, set_note) = signal(None::<String>);
    let (exp_after, set_exp_after) = signal(60 * 60i64);

    let edit = move |target: RwSignal<String>, name: &'static str, value: String| match set_member(
        &target.get_untracked(),
        name,
        &value,
    ) {
        Ok(t) => {
            target.set(t);
            set_note.set(None);
        }
        Err(e) => set_note.set(Some(format!("Could not set {name}: {e}."))),
    };
    let now = browser::unix_now;

    view! {
        <fieldset class="tl-helpers">
            <legend class="tl-helpers__legend">"Claim helpers"</legend>
            <div class="tl-helpers__row">
                <button type="button" class="tl-button tl-button--small"
                    on:click=move |_| edit(payload, "iat", now().to_string())>
                    "iat = now"
                </button>
                <button type="button" class="tl-button tl-button--small"
                    on:click=move |_| edit(payload, "nbf", now().to_string())>
                    "nbf = now"
                </button>
                <button type="button" class="tl-button tl-button--small"
                    on:click=move |_| edit(payload, "jti", json_edit::string(&pkce::random_nonce(&mut OsRng)))>
                    "jti = random"
                </button>
                <button type="button" class="tl-button tl-button--small"
                    disabled=move || thumbprint.with(Option::is_none)
                    on:click=move |_| {
                        if let Some(t) = thumbprint.get_untracked() {
                            edit(header, "kid", json_edit::string(&t));
                        }
                    }>
                    "kid = key thumbprint"
                </button>
            </div>
            <div class="tl-helpers__row">
                <label class="tl-label" for="tl-encoder-exp">"exp = now +"</label>
                <select id="tl-encoder-exp" class="tl-select"
                    on:change=move |ev| set_exp_after.set(event_target_value(&ev).parse().unwrap_or(3600))>
                    {EXP_CHOICES
                        .iter()
                        .map(|(secs, label)| {
                            let secs = *secs;
                            view! { <option value=secs.to_string() selected=move || exp_after.get() == secs>{*label}</option> }
                        })
                        .collect_view()}
                </select>
                <button type="button" class="tl-button tl-button--small"
                    on:click=move |_| edit(payload, "exp", now().saturating_add(exp_after.get_untracked()).to_string())>
                    "Set exp"
                </button>
            </div>
            <p class="tl-hint">
                "kid from the thumbprint is offered for public-key algorithms only: an HMAC secret's "
                "thumbprint would let anyone test guesses of the secret offline."
            </p>
            <div aria-live="polite">
                {move || note.get().map(|n| view! { <p class="tl-message tl-message--error">{n}</p> })}
            </div>
        </fieldset>
    }
}
