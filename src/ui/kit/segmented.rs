//! A segmented control: a radio group drawn as a row of buttons.

use leptos::prelude::*;

/// A `<fieldset>` of radio buttons (keyboard: Tab into the group, arrows to move) showing one
/// choice per segment. When `value` is not among `options` (the options changed), the first
/// option is shown as chosen, matching what callers fall back to.
#[component]
pub fn Segmented(
    /// The group's visible name, a `<legend>` (and the radio group's accessible name).
    legend: &'static str,
    /// The choices, in order.
    options: Vec<&'static str>,
    /// The chosen option.
    value: RwSignal<&'static str>,
) -> impl IntoView {
    let name = super::unique_id("tl-seg");
    let first = options.first().copied().unwrap_or_default();
    let known = options.clone();
    let current = move || {
        let v = value.get();
        if known.contains(&v) {
            v
        } else {
            first
        }
    };
    let current = Signal::derive(current);
    view! {
        <fieldset class="tl-segmented">
            <legend class="tl-segmented__legend">{legend}</legend>
            <div class="tl-segmented__options">
                {options
                    .into_iter()
                    .map(|opt| {
                        view! {
                            <label class="tl-segmented__option">
                                <input
                                    type="radio"
                                    name=name.clone()
                                    value=opt
                                    prop:checked=move || current.get() == opt
                                    on:change=move |_| value.set(opt)
                                />
                                <span>{opt}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
