//! A button that copies a pane's text, with a short confirmation.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser;

/// Copies `text` to the clipboard; says "Copied" (or why not) for a moment, politely announced.
#[component]
pub fn CopyButton(
    /// The visible label, e.g. "Copy header".
    label: &'static str,
    /// The text to copy, read at click time.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let (said, set_said) = signal(None::<&'static str>);
    let on_click = move |_| {
        let ok = browser::copy_text(&text.get_untracked());
        set_said.set(Some(if ok {
            "Copied"
        } else {
            "Copying is not available here"
        }));
        set_timeout(move || set_said.set(None), Duration::from_millis(1600));
    };
    view! {
        <span class="tl-dbg-copy">
            <button type="button" class="tl-button tl-button--small" on:click=on_click>
                {label}
            </button>
            <span class="tl-dbg-copy__said" aria-live="polite">{move || said.get()}</span>
        </span>
    }
}
