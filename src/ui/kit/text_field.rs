//! A labelled one-line text input bound to a signal.

use leptos::prelude::*;

/// A `<label>` and an `<input type="text">` two-way bound to `value`. `invalid` sets
/// `aria-invalid` (and the error style); `hint` is shown under the input and linked with
/// `aria-describedby`; `children` are extra controls placed beside the input (e.g. "New").
#[component]
pub fn TextField(
    /// The visible label (and the input's accessible name).
    label: &'static str,
    /// The value, read and written by the input.
    value: RwSignal<String>,
    /// Marks the input as the cause of the current error.
    #[prop(into, optional)]
    invalid: Signal<bool>,
    /// A short help text under the input.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Monospace text (for codes, URLs and random values).
    #[prop(optional)]
    mono: bool,
    /// Spans two columns of a `tl-form-grid` on wide screens (for URLs).
    #[prop(optional)]
    wide: bool,
    /// The input's `placeholder`.
    #[prop(optional)]
    placeholder: &'static str,
    /// Controls shown beside the input.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let id = super::unique_id("tl-field");
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="tl-field" class:tl-field--wide=wide>
            <label class="tl-label" for=id.clone()>{label}</label>
            <div class="tl-field__row">
                <input
                    id=id
                    class="tl-input"
                    class:tl-mono=mono
                    class:tl-input--invalid=move || invalid.get()
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder=placeholder
                    aria-invalid=move || invalid.get().then_some("true")
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {children.map(|c| c())}
            </div>
            {hint.map(|h| view! { <p class="tl-hint" id=hint_id>{h}</p> })}
        </div>
    }
}
