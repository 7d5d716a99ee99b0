//! The prerendered first screen, and handing over from it to the app.
//!
//! Release builds carry the Debugger's first screen in `index.html`, as the app itself draws it
//! (`scripts/prerender.mjs` saves it from the built app in headless Chromium). The page shows it
//! as soon as the HTML is parsed, and its token field takes typing and pasting at once, while the
//! wasm is still being compiled and the app has not started. It is the one control there that is
//! not `disabled` (the others have no code behind them yet); the links are plain links and work.
//!
//! When the app starts it replaces that screen with its own in one task, so no frame shows
//! neither, and carries over what the user did in the token field: the text (the Debugger starts
//! with it, as if it had been pasted), the focus and the selection. Builds without the prerendered
//! screen (`trunk serve`, tests) simply mount; these functions do nothing there.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlTextAreaElement};

/// The id of the element holding the prerendered screen (set by `scripts/prerender.mjs`).
pub const PRERENDERED_ID: &str = "tl-prerendered";

/// What the user did in the prerendered token field before the app started.
#[derive(Debug)]
struct Carried {
    /// The field's id (the app's token field has the same one).
    id: String,
    /// What the field held, until the Debugger takes it.
    value: Option<String>,
    /// Whether the field had keyboard focus.
    focused: bool,
    /// The selection (or caret, when both are equal), in UTF-16 code units.
    selection: (u32, u32),
}

thread_local! {
    static CARRIED: RefCell<Option<Carried>> = const { RefCell::new(None) };
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Removes the prerendered screen, if the page has one, and keeps what the user did in its
/// token field. Call it right before mounting the app.
pub fn take() {
    let Some(document) = document() else { return };
    let Some(screen) = document.get_element_by_id(PRERENDERED_ID) else {
        return;
    };
    let field = screen
        .query_selector("textarea[id]:not([disabled])")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok());
    if let Some(field) = field {
        let focused = document
            .active_element()
            .is_some_and(|active| active == **field);
        let start = field.selection_start().ok().flatten().unwrap_or(0);
        let end = field.selection_end().ok().flatten().unwrap_or(start);
        let value = field.value();
        let carried = Carried {
            id: field.id(),
            value: (!value.is_empty()).then_some(value),
            focused,
            selection: (start, end),
        };
        CARRIED.with(|c| *c.borrow_mut() = Some(carried));
    }
    screen.remove();
}

/// What the user typed or pasted into the prerendered token field, once: the Debugger starts
/// with it, as if it had been pasted into its own field.
pub fn typed_text() -> Option<String> {
    CARRIED.with(|c| c.borrow_mut().as_mut().and_then(|c| c.value.take()))
}

/// Gives the app's token field the focus (at once) and the selection (once Leptos has written
/// its value) the prerendered one had. Call it right after mounting the app.
pub fn restore_focus() {
    let Some(carried) = CARRIED.with(|c| c.borrow_mut().take()) else {
        return;
    };
    if !carried.focused {
        return;
    }
    let Some(field) = document()
        .and_then(|d| d.get_element_by_id(&carried.id))
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let _ = field.focus();
    // Leptos writes a field's value in a microtask queued while mounting (tachys'
    // `set_property_or_value`), which puts the caret at the end; the selection is set back in a
    // microtask queued after that one.
    let (start, end) = carried.selection;
    leptos::tachys::renderer::dom::queue_microtask(move || {
        let _ = field.set_selection_range(start, end);
    });
}
