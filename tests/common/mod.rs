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
