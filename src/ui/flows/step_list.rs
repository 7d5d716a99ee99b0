//! The steps so far as an ordered list: the diagram's text alternative and a way to jump to any
//! step that has already happened.

use leptos::prelude::*;

use super::diagram::DiagramMessage;

/// Id of the list (it scrolls when long).
pub const LIST_ID: &str = "tl-flows-steps";

/// Id of the item of step `index`.
pub fn item_id(index: usize) -> String {
    format!("tl-flows-step-{index}")
}

/// The ordered list of steps.
#[component]
pub fn StepList(
    /// Every step so far.
    #[prop(into)]
    steps: Signal<Vec<DiagramMessage>>,
    /// Index of the step shown.
    #[prop(into)]
    current: Signal<usize>,
    /// Called with a step's index to show it.
    on_select: Callback<usize>,
) -> impl IntoView {
    view! {
        <ol id=LIST_ID class="tl-flows__steps">
            <For
                each=move || steps.get()
                key=|m| m.clone()
                children=move |m: DiagramMessage| {
                    let index = m.index;
                    let here = move || current.get() == index;
                    let ahead = move || current.get() < index;
                    let sentence = m.sentence();
                    view! {
                        <li
                            id=item_id(index)
                            class="tl-flows__step"
                            class:tl-flows__step--current=here
                            class:tl-flows__step--ahead=ahead
                            class:tl-flows__step--error=m.error
                        >
                            <button
                                type="button"
                                class="tl-flows__step-button"
                                aria-current=move || here().then_some("step")
                                on:click=move |_| on_select.run(index)
                            >
                                <span class="tl-flows__step-number">{index + 1} "."</span>
                                <span class="tl-flows__step-text">{sentence}</span>
                                {m
                                    .tampered
                                    .then(|| {
                                        view! {
                                            <span class="tl-flows__tag tl-flows__tag--tampered">
                                                "tampered"
                                            </span>
                                        }
                                    })}
                                {m
                                    .error
                                    .then(|| {
                                        view! {
                                            <span class="tl-flows__tag tl-flows__tag--error">"error"</span>
                                        }
                                    })}
                            </button>
                        </li>
                    }
                }
            />
        </ol>
    }
}
