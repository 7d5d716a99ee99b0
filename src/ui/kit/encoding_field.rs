//! The "how is this secret written" choice, shared by the Debugger, the Encoder and Keys.

use leptos::prelude::*;
use tokenlab_engine::secret::SecretEncoding;

/// A labelled inline `<select>` of the secret encodings (UTF-8, base64, base64url, hex).
#[component]
pub fn EncodingField(
    /// The select's id (its label points at it).
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The encoding chosen now.
    #[prop(into)]
    value: Signal<SecretEncoding>,
    /// Called with the encoding picked.
    on_change: Callback<SecretEncoding>,
) -> impl IntoView {
    view! {
        <div class="tl-field tl-field--inline">
            <label class="tl-label" for=id>{label}</label>
            <select
                id=id
                class="tl-select"
                on:change=move |ev| {
                    if let Some(e) = SecretEncoding::parse(&event_target_value(&ev)) {
                        on_change.run(e);
                    }
                }
            >
                {SecretEncoding::ALL
                    .into_iter()
                    .map(|e| {
                        view! {
                            <option value=e.name() selected=move || value.get() == e>
                                {e.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
