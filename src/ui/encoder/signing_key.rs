//! The signing key input: a secret (with its encoding), a PEM block or a JWK, or a key generated
//! to fit the chosen algorithm.

use crate::ui::kit::encoding_field::EncodingField;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use leptos::prelude::*;
use tokenlab_engine::jwa::{Alg, Family};
use tokenlab_engine::keys::{Key, KeyGenKind};
use tokenlab_engine::pem::{self, PemFormat};
use tokenlab_engine::secret::SecretEncoding;

use crate::ui::keys::generate_pane::working_text;
use crate::ui::kit::output_box::OutputBox;

/// The text and encoding to put in the key box for a generated key: an HMAC secret as
/// base64url, any other key as PKCS#8 PEM.
pub fn key_text_for(key: &Key) -> Result<(String, SecretEncoding), String> {
    match key {
        Key::Oct(secret) => Ok((
            URL_SAFE_NO_PAD.encode(secret.expose()),
            SecretEncoding::Base64Url,
        )),
        _ => pem::to_pem(key, PemFormat::Pkcs8Private)
            .map(|p| (p, SecretEncoding::Utf8))
            .map_err(|e| e.to_string()),
    }
}

/// What the key box is called for an algorithm.
pub fn key_label(alg: Alg) -> &'static str {
    match alg.family() {
        Family::Hmac => "Secret",
        Family::Unsecured => "Key (not used with alg none)",
        _ => "Private key (PEM or JWK)",
    }
}

/// The key box: label and hint follow the algorithm; the secret encoding is offered for HMAC;
/// "Generate a key for me" makes a key that fits (progress shown while RSA is made); the key's
/// description or the reason it cannot be read; the public key to verify with.
#[component]
pub fn SigningKey(
    /// The chosen algorithm.
    #[prop(into)]
    alg: Signal<Alg>,
    /// The key text.
    key_text: RwSignal<String>,
    /// How a secret is read.
    encoding: RwSignal<SecretEncoding>,
    /// True while the key text is one we generated (typing makes it false).
    key_auto: RwSignal<bool>,
    /// The key being generated, if any.
    #[prop(into)]
    generating: Signal<Option<KeyGenKind>>,
    /// Asks for a key that fits the algorithm.
    on_generate: Callback<()>,
    /// The key as read: its description, or why it cannot be used.
    #[prop(into)]
    status: Signal<Option<Result<String, String>>>,
    /// The public key to verify with (SPKI PEM), for public-key algorithms.
    #[prop(into)]
    public_pem: Signal<Option<String>>,
    /// Warnings about the key (a weak secret), from the engine's lints.
    #[prop(into)]
    warnings: Signal<Vec<String>>,
) -> impl IntoView {
    let hmac = move || alg.get().family() == Family::Hmac;
    let unsecured = move || alg.get() == Alg::None;
    view! {
        <div class="tl-field">
            <label class="tl-label" for="tl-encoder-key">{move || key_label(alg.get())}</label>
            <textarea
                id="tl-encoder-key"
                class="tl-textarea tl-encoder__key"
                spellcheck="false"
                autocomplete="off"
                rows="4"
                disabled=unsecured
                aria-describedby="tl-encoder-key-status"
                aria-invalid=move || status.with(|s| matches!(s, Some(Err(_)))).then_some("true")
                prop:value=move || key_text.get()
                on:input=move |ev| {
                    key_auto.set(false);
                    key_text.set(event_target_value(&ev));
                }
            ></textarea>
        </div>
        <div class="tl-row tl-encoder__key-tools">
            <Show when=hmac>
                <EncodingField
                    id="tl-encoder-encoding"
                    label="Secret encoding"
                    value=encoding
                    on_change=Callback::new(move |e| encoding.set(e))
                />
            </Show>
            <button
                type="button"
                class="tl-button"
                disabled=move || unsecured() || generating.with(Option::is_some)
                on:click=move |_| on_generate.run(())
            >
                "Generate a key for me"
            </button>
        </div>
        <div id="tl-encoder-key-status" aria-live="polite">
            {move || match (generating.get(), status.get()) {
                (Some(kind), _) => Some(view! {
                    <p class="tl-encoder__working">
                        <span class="tl-spinner" aria-hidden="true"></span>
                        {working_text(kind)}
                    </p>
                }.into_any()),
                (None, Some(Ok(text))) => Some(view! { <p class="tl-hint">{text}</p> }.into_any()),
                (None, Some(Err(text))) => Some(view! {
                    <p class="tl-message tl-message--error">{text}</p>
                }.into_any()),
                (None, None) => None,
            }}
            {move || warnings.get().into_iter().map(|w| view! {
                <p class="tl-message tl-message--warn">{w}</p>
            }).collect_view()}
        </div>
        <Show when=move || public_pem.with(Option::is_some)>
            <details class="tl-encoder__public">
                <summary>"Public key to verify with"</summary>
                <OutputBox
                    label="Public key (SPKI PEM)"
                    value=Signal::derive(move || public_pem.get().unwrap_or_default())
                />
            </details>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenlab_engine::keys::{self, KeyInput};

    #[test]
    fn generated_keys_go_into_the_box_in_a_form_that_reads_back_as_the_same_key() {
        for kind in [KeyGenKind::Hs256, KeyGenKind::P256, KeyGenKind::Ed25519] {
            let key = keys::generate(kind, &mut rand_core::OsRng).unwrap();
            let (text, enc) = key_text_for(&key).unwrap();
            let KeyInput::Single(back) = keys::parse_key(&text, enc).unwrap() else {
                panic!("one key")
            };
            assert_eq!(
                back.key.facts().thumbprint,
                key.facts().thumbprint,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn the_key_box_is_named_after_what_the_algorithm_needs() {
        assert_eq!(key_label(Alg::HS256), "Secret");
        assert_eq!(key_label(Alg::ES256), "Private key (PEM or JWK)");
        assert_eq!(key_label(Alg::None), "Key (not used with alg none)");
    }
}
