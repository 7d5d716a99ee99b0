//! Helpers shared by the component tests (each `tests/*_web.rs` file is its own crate and
//! includes this module with `mod common;`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// A fresh `<div>` appended to the page's body, to mount a component into.
pub fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").expect("create div");
    document()
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div.unchecked_into()
}

/// Waits for the next task of the page's event loop (`setTimeout(0)`): events the browser
/// queues, such as a `<details>` element's `toggle`, have been dispatched by then.
#[allow(dead_code)] // each test file compiles this module; not every one waits for a task
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Picks `value` in the `<select>` with id `id` under `root`, as a user does: the value set, then
/// its `change` event.
#[allow(dead_code)] // each test file compiles this module; not every one has a select
pub fn select(root: &web_sys::HtmlElement, id: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = root
        .query_selector(&format!("#{id}"))
        .expect("query")
        .expect("select")
        .unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
}
