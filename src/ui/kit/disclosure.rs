//! A `<details>` disclosure whose content is built only while it is open.

use leptos::prelude::*;

/// `<details>` with a `<summary>`; the content exists in the page only while the disclosure is
/// open. Collapsed content costs nothing: not when the page starts, and not on every keystroke
/// that would update it unseen. State that must outlive closing lives in signals the content
/// reads (a field's value), not in the elements.
#[component]
pub fn Disclosure(
    /// CSS class of the `<details>` element.
    class: &'static str,
    /// The always-visible summary.
    summary: &'static str,
    /// The content, built each time the disclosure opens.
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details
            class=class
            on:toggle=move |ev| {
                open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))
            }
        >
            <summary>{summary}</summary>
            <Show when=move || open.get()>{children()}</Show>
        </details>
    }
}
