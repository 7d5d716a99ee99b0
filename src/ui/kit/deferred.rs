//! Content built the first time it is needed, then kept.

use leptos::prelude::*;

/// Builds its content the first time `shown` is true and keeps it from then on, hidden while
/// `shown` is false. For parts that come and go with the input (the claims table while a
/// payload is mid-edit): coming back redraws only what changed, and a page that never needs
/// them never builds them (the empty Debugger at start-up).
///
/// Hidden content keeps its computed style and layout (`.tl-deferred[hidden]` is
/// `content-visibility: hidden`, not `display: none`), so showing it again costs the browser
/// only what changed: a 71-claim table coming back took 20 ms of style and layout with
/// `display: none`, 10 ms this way (bench/README.md).
#[component]
pub fn Deferred(
    /// Whether the content is on show.
    #[prop(into)]
    shown: Signal<bool>,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    // Once true, stays true. The first time the content is wanted it is built in the next task,
    // not in the one that wanted it: the first token pasted after load is drawn without waiting
    // for the parts that follow it, and the page is not blocked for both at once.
    let built = RwSignal::new(false);
    Effect::new(move |_| {
        if shown.get() && !built.get_untracked() {
            set_timeout(
                move || {
                    built.try_set(true);
                },
                std::time::Duration::ZERO,
            );
        }
    });
    view! {
        <Show when=move || built.get()>
            <div class="tl-deferred" hidden=move || !shown.get()>{children()}</div>
        </Show>
    }
}
