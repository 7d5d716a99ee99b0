//! Component tests in headless Chromium (wasm-bindgen-test): mount a component, act, assert on
//! the text a user sees. Run with `cargo test --target wasm32-unknown-unknown -p tokenlab --tests`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::container;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_shell_shows_the_privacy_statement_and_the_sections() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), tokenlab::app::App);
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("Everything runs in this page; nothing is sent anywhere."),
        "{text}"
    );
    for s in tokenlab::route::Section::ALL {
        assert!(text.contains(s.title()), "navigation lacks {}", s.title());
    }
}

#[wasm_bindgen_test]
async fn choosing_dark_theme_sets_the_root_attribute() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), tokenlab::ui::theme::ThemePicker);
    leptos::task::tick().await;
    let select: web_sys::HtmlSelectElement = root
        .query_selector("select")
        .expect("query")
        .expect("a select")
        .unchecked_into();
    select.set_value("dark");
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    leptos::task::tick().await;
    let attr = document()
        .document_element()
        .and_then(|e| e.get_attribute("data-theme"));
    assert_eq!(attr.as_deref(), Some("dark"));
}
