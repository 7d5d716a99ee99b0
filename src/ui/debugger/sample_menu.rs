//! The menu of sample tokens: one per algorithm, plus expired, unsigned and algorithm confusion.

use leptos::prelude::*;
use tokenlab_engine::samples::SAMPLE_IDS;

/// A `<select>` of the engine's samples. Choosing one calls `on_pick` with its id; the menu
/// then shows its placeholder again, so the same sample can be picked twice.
#[component]
pub fn SampleMenu(
    /// Called with the chosen sample's id.
    on_pick: Callback<&'static str>,
    /// Called when a pick may be coming: the pointer is over the menu or it has focus.
    #[prop(optional)]
    on_intent: Option<Callback<()>>,
) -> impl IntoView {
    let select_ref = NodeRef::<leptos::html::Select>::new();
    let intent = move || {
        if let Some(cb) = on_intent {
            cb.run(());
        }
    };
    view! {
        <div
            class="tl-field tl-dbg-samples"
            on:pointerenter=move |_| intent()
            on:focusin=move |_| intent()
        >
            <label class="tl-label" for="tl-dbg-sample">
                "Sample token"
            </label>
            <select
                id="tl-dbg-sample"
                class="tl-select"
                node_ref=select_ref
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some((id, _)) = SAMPLE_IDS.iter().find(|(id, _)| *id == value) {
                        on_pick.run(id);
                    }
                    if let Some(el) = select_ref.get_untracked() {
                        el.set_value("");
                    }
                }
            >
                <option value="" selected>
                    "Choose a sample…"
                </option>
                {SAMPLE_IDS
                    .iter()
                    .map(|(id, title)| view! { <option value=*id>{*title}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}
