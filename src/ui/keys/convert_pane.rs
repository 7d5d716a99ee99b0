//! Converting a pasted key: PEM ↔ JWK, JWKS members, secrets.

use crate::ui::kit::encoding_field::EncodingField;
use leptos::prelude::*;
use tokenlab_engine::keys::{self, KeyInput, ParsedKey};
use tokenlab_engine::secret::SecretEncoding;

use super::exports::exports;
use super::key_view::KeyView;
use crate::ui::kit::sentence;

/// The converter: paste a PEM block (SPKI, PKCS#1, PKCS#8, SEC1, X.509 certificate), a JWK, a
/// JWKS or a secret, and get every other form, its facts and thumbprint. A JWKS member is chosen
/// from a list; members the engine could not read are listed with the reason.
#[component]
pub fn ConvertPane() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    let (encoding, set_encoding) = signal(SecretEncoding::Utf8);
    let (member, set_member) = signal(0usize);

    // Parsed once per edit (ParsedKey is not comparable, so the memo always notifies).
    let parsed = Memo::new_with_compare(
        move |_| {
            let t = text.get();
            if t.trim().is_empty() {
                return None;
            }
            Some(keys::parse_key_report(&t, encoding.get()).map_err(|e| sentence(&e.to_string())))
        },
        |_: Option<&Option<Result<ParsedKey, String>>>, _| true,
    );
    let entries = Memo::new(move |_| {
        parsed.with(|p| match p {
            Some(Ok(ParsedKey {
                input: KeyInput::Set(v),
                ..
            })) => v.iter().map(|e| e.label()).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let view_exports = Memo::new(move |_| {
        parsed.with(|p| {
            let entries = p.as_ref()?.as_ref().ok()?.input.entries();
            entries
                .get(member.get())
                .or_else(|| entries.first())
                .map(exports)
        })
    });
    let skipped = Memo::new(move |_| {
        parsed.with(|p| match p {
            Some(Ok(parsed)) => parsed.skipped.iter().map(ToString::to_string).collect(),
            _ => Vec::<String>::new(),
        })
    });

    view! {
        <section class="tl-pane tl-keys__pane" aria-labelledby="tl-keys-convert-title">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-keys-convert-title">"Convert a key"</h2>
            </div>
            <div class="tl-field">
                <label class="tl-label" for="tl-keys-convert-input">"Key to convert"</label>
                <textarea
                    id="tl-keys-convert-input"
                    class="tl-textarea"
                    spellcheck="false"
                    aria-describedby="tl-keys-convert-hint"
                    aria-invalid=move || parsed.with(|p| matches!(p, Some(Err(_)))).then_some("true")
                    placeholder="-----BEGIN PUBLIC KEY-----   or   {\"kty\":\"EC\", …}"
                    prop:value=text
                    on:input=move |ev| {
                        set_member.set(0);
                        set_text.set(event_target_value(&ev));
                    }
                ></textarea>
                <p class="tl-hint" id="tl-keys-convert-hint">
                    "PEM (SPKI, PKCS#1, PKCS#8, SEC1 or an X.509 certificate), a JWK, a JWKS, or an "
                    "HMAC secret."
                </p>
            </div>
            <div class="tl-row">
                <EncodingField
                    id="tl-keys-convert-encoding"
                    label="Read a secret as"
                    value=encoding
                    on_change=Callback::new(move |e| set_encoding.set(e))
                />
                <Show when=move || entries.with(|e| e.len() > 1)>
                    <div class="tl-field tl-field--inline">
                        <label class="tl-label" for="tl-keys-convert-member">"Key in the set"</label>
                        <select
                            id="tl-keys-convert-member"
                            class="tl-select"
                            on:change=move |ev| {
                                set_member.set(event_target_value(&ev).parse().unwrap_or(0));
                            }
                        >
                            {move || entries
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, label)| view! {
                                    <option value=i.to_string() selected=move || member.get() == i>{label}</option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                </Show>
            </div>
            <div aria-live="polite">
                {move || parsed.with(|p| match p {
                    None => None,
                    Some(Err(e)) => Some(view! { <p class="tl-message tl-message--error">{e.clone()}</p> }.into_any()),
                    Some(Ok(p)) => Some(view! {
                        <p class="tl-message tl-message--ok">
                            {match &p.input {
                                KeyInput::Single(e) => format!("Read an {} from {}", e.key.description(), e.source.label()),
                                KeyInput::Set(v) => format!("Read a JWKS with {} usable key(s)", v.len()),
                            }}
                        </p>
                    }.into_any()),
                })}
                {move || skipped.get().into_iter().map(|s| view! {
                    <p class="tl-message tl-message--warn">{format!("Skipped {s}")}</p>
                }).collect_view()}
            </div>
            <KeyView exports=view_exports />
        </section>
    }
}
