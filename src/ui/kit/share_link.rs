//! "Share link": the current state of a section as a link, in the URL fragment.

use leptos::prelude::*;
use tokenlab_engine::secret::SecretEncoding;

use super::disclosure::Disclosure;
use super::output_box::OutputBox;
use crate::browser;
use crate::route::{self, Section};

/// A collapsible "Share link" with the link to copy. The key (a secret or a private key) stays
/// out of the link unless the user ticks "Include the key", which shows a warning first.
#[component]
pub fn ShareLink(
    /// The section the link opens.
    section: Section,
    /// The state to share, as fragment parameters (never a key).
    #[prop(into)]
    params: Signal<Vec<(String, String)>>,
    /// The key on show and its encoding, added only when the user asks for it.
    #[prop(into)]
    key: Signal<Option<(String, SecretEncoding)>>,
) -> impl IntoView {
    let include_key = RwSignal::new(false);
    let warning_id = super::unique_id("tl-share-warning");
    let link = Signal::derive(move || {
        let params = params.get();
        let key = include_key.get().then(|| key.get()).flatten();
        let fragment = route::share_fragment(
            section,
            &params,
            key.as_ref().map(|(k, e)| (k.as_str(), e.name())),
        );
        format!("{}{fragment}", browser::page_url_without_fragment())
    });
    view! {
        // Closed, the link is not built (the Debugger would rebuild it on every keystroke).
        <Disclosure class="tl-share" summary="Share link">
            <div class="tl-share__body">
                <p class="tl-hint">
                    "The state goes after the # of the link: browsers never send that part to a server."
                </p>
                <label class="tl-check">
                    <input
                        type="checkbox"
                        prop:checked=move || include_key.get()
                        on:change=move |ev| include_key.set(event_target_checked(&ev))
                        aria-describedby=warning_id.clone()
                    />
                    "Include the key"
                </label>
                <p
                    class="tl-message"
                    class:tl-message--warn=move || include_key.get()
                    class:tl-hint=move || !include_key.get()
                    id=warning_id.clone()
                >
                    {move || {
                        if include_key.get() {
                            "Warning: the link now holds the key. Anyone who has the link can sign tokens with a secret or private key; it also stays in browser history and wherever the link is pasted."
                        } else {
                            "The key is left out: whoever opens the link pastes their own."
                        }
                    }}
                </p>
                <OutputBox label="Share link" value=link />
            </div>
        </Disclosure>
    }
}
