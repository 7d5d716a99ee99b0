//! The Debugger section: paste anything, see header, payload and signature status at once.

pub mod copy_button;
pub mod json_view;
pub mod markup;
pub mod member_table;
pub mod time_controls;
pub mod timeline;
pub mod token_view;

use leptos::prelude::*;

/// The Debugger page.
#[component]
pub fn Debugger() -> impl IntoView {
    let (input, set_input) = signal(String::new());
    view! {
        <h1 class="tl-page__title">"Debugger"</h1>
        <div class="tl-field">
            <label class="tl-label" for="tl-token-input">"Encoded token"</label>
            <textarea
                id="tl-token-input"
                class="tl-textarea"
                spellcheck="false"
                prop:value=input
                on:input=move |ev| set_input.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}
