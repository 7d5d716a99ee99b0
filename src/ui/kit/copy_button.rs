//! A button that copies a text to the clipboard and says so.

use leptos::prelude::*;
use std::time::Duration;

use crate::browser;

/// How long "Copied" stays on the button.
const FEEDBACK: Duration = Duration::from_millis(1800);

/// "Copy" (named "Copy <what>" for assistive technology), turning into "Copied" for a moment; the
/// outcome is announced in a polite live region. When the Clipboard API is unavailable the button
/// says so instead of failing silently.
#[component]
pub fn CopyButton(
    /// The text to copy, read at click time.
    #[prop(into)]
    text: Signal<String>,
    /// What is copied, completing the accessible name "Copy …" (e.g. "code_verifier").
    what: &'static str,
    /// Disables the button (e.g. while there is nothing valid to copy).
    #[prop(into, optional)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let (note, set_note) = signal(String::new());
    let (done, set_done) = signal(false);
    let on_click = move |_| {
        let copied = browser::copy_text(&text.get_untracked());
        set_done.set(copied);
        set_note.set(if copied {
            format!("Copied {what} to the clipboard.")
        } else {
            "This browser does not allow copying here; select the text and copy it by hand."
                .to_string()
        });
        set_timeout(
            move || {
                set_done.set(false);
                set_note.set(String::new());
            },
            FEEDBACK,
        );
    };
    view! {
        <button
            type="button"
            class="tl-button tl-button--small"
            class:tl-button--done=move || done.get()
            on:click=on_click
            disabled=move || disabled.get()
        >
            {move || if done.get() { "Copied" } else { "Copy" }}
            <span class="tl-visually-hidden">{format!(" {what}")}</span>
        </button>
        <span class="tl-visually-hidden" aria-live="polite">{note}</span>
    }
}
