//! Component tests for the Encoder section in headless Chromium: mount, act, read the text a
//! user sees. Run with `cargo test --target wasm32-unknown-unknown -p tokenlab --test encoder_web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::container;

wasm_bindgen_test_configure!(run_in_browser);

fn token(root: &web_sys::HtmlElement) -> String {
    root.query_selector("#tl-encoder-token")
        .expect("query")
        .expect("token output")
        .text_content()
        .unwrap_or_default()
}

fn editor(root: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlTextAreaElement {
    let labels = root.query_selector_all("label").expect("labels");
    let id = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|l| l.unchecked_into::<web_sys::HtmlLabelElement>())
        .find(|l| l.text_content().as_deref() == Some(label))
        .map(|l| l.html_for())
        .expect("label");
    document()
        .get_element_by_id(&id)
        .expect("editor")
        .unchecked_into()
}

fn type_into(area: &web_sys::HtmlTextAreaElement, value: &str) {
    area.set_value(value);
    area.dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_encoder_starts_with_a_signed_hs256_token() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::encoder::Encoder);
    leptos::task::tick().await;
    let t = token(&root);
    assert_eq!(t.split('.').count(), 3, "{t}");
    assert!(t.starts_with("eyJhbGciOiJIUzI1NiIs"), "{t}");
}

#[wasm_bindgen_test]
async fn broken_payload_json_is_marked_and_nothing_is_signed() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::encoder::Encoder);
    leptos::task::tick().await;
    type_into(&editor(&root, "Payload"), "{\n  \"a\": 1,\n}");
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("✗ Line 2, column 9"), "{text}");
    assert!(
        text.contains("Fix the JSON marked above to sign."),
        "{text}"
    );
    let marks = root.query_selector_all("mark").expect("marks");
    assert_eq!(marks.length(), 1);
}

#[wasm_bindgen_test]
async fn a_weak_secret_signs_with_a_warning() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::encoder::Encoder);
    leptos::task::tick().await;
    let select: web_sys::HtmlSelectElement = root
        .query_selector("#tl-encoder-encoding")
        .expect("query")
        .expect("encoding")
        .unchecked_into();
    select.set_value("utf8");
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    type_into(&editor(&root, "Secret"), "secret");
    leptos::task::tick().await;
    assert_eq!(token(&root).split('.').count(), 3);
    let warnings = root
        .query_selector_all(".tl-message--warn")
        .expect("warnings");
    assert!(
        warnings.length() >= 1,
        "{}",
        root.text_content().unwrap_or_default()
    );
}
