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

#[wasm_bindgen_test]
async fn a_disclosure_builds_its_content_only_while_open() {
    use tokenlab::ui::kit::disclosure::Disclosure;
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! {
            <Disclosure class="t" summary="More">
                <p>"The inside"</p>
            </Disclosure>
        }
    });
    leptos::task::tick().await;
    let text = || root.text_content().unwrap_or_default();
    assert_eq!(text(), "More", "closed: only the summary exists");
    let details = root
        .query_selector("details")
        .expect("query")
        .expect("a details element");
    details.set_attribute("open", "").expect("open");
    common::next_task().await;
    leptos::task::tick().await;
    assert!(text().contains("The inside"), "{}", text());
    details.remove_attribute("open").expect("close");
    common::next_task().await;
    leptos::task::tick().await;
    assert_eq!(text(), "More");
}

#[wasm_bindgen_test]
async fn deferred_content_is_built_in_the_task_after_it_is_first_shown_then_kept_while_hidden() {
    use tokenlab::ui::kit::deferred::Deferred;
    let root = container();
    let shown = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Deferred shown=shown>
                <input aria-label="Kept" />
            </Deferred>
        }
    });
    leptos::task::tick().await;
    let input = || root.query_selector("input").expect("query");
    assert!(input().is_none(), "never shown: never built");
    shown.set(true);
    leptos::task::tick().await;
    assert!(
        input().is_none(),
        "built in the next task, not in the one that first wants it"
    );
    common::next_task().await;
    leptos::task::tick().await;
    let first: web_sys::HtmlInputElement = input().expect("built").unchecked_into();
    first.set_value("typed");
    let wrapper_hidden = || {
        first
            .parent_element()
            .expect("wrapper")
            .has_attribute("hidden")
    };
    assert!(!wrapper_hidden());
    shown.set(false);
    leptos::task::tick().await;
    assert!(wrapper_hidden(), "hidden, not removed");
    shown.set(true);
    leptos::task::tick().await;
    let again: web_sys::HtmlInputElement = input().expect("kept").unchecked_into();
    assert!(!wrapper_hidden());
    assert_eq!(
        again.value(),
        "typed",
        "the same element, with what was typed"
    );
}
