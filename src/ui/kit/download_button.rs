//! A button that saves a text as a file, without any request.

use leptos::prelude::*;

use crate::browser;

/// "Download" (named "Download <what>"): saves `text` as `filename` through a `Blob` object URL.
#[component]
pub fn DownloadButton(
    /// The file content, read at click time.
    #[prop(into)]
    text: Signal<String>,
    /// The suggested file name, read at click time (e.g. "private-key.pem").
    #[prop(into)]
    filename: Signal<String>,
    /// The MIME type (e.g. "application/x-pem-file", "application/json").
    mime: &'static str,
    /// What is saved, completing the accessible name "Download …".
    what: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="tl-button tl-button--small"
            on:click=move |_| {
                browser::download_text(&filename.get_untracked(), mime, &text.get_untracked());
            }
        >
            "Download"
            <span class="tl-visually-hidden">{format!(" {what}")}</span>
        </button>
    }
}
