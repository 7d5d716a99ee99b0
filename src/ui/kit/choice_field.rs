//! A labelled `<select>` over a fixed list of choices.

use leptos::prelude::*;

/// A labelled `<select>` over fixed choices, `""` meaning "not sent".
#[component]
pub fn ChoiceField(
    /// The visible label.
    label: &'static str,
    /// The chosen value (`""` = not sent).
    value: RwSignal<String>,
    /// `(value, text)` pairs, in order.
    choices: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let id = super::unique_id("tl-choice");
    view! {
        <div class="tl-field">
            <label class="tl-label" for=id.clone()>{label}</label>
            <select id=id class="tl-select" on:change=move |ev| value.set(event_target_value(&ev))>
                {choices
                    .iter()
                    .map(|(v, text)| {
                        let v = *v;
                        view! { <option value=v selected=move || value.get() == v>{*text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
