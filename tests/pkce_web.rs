//! Component tests for the PKCE section in headless Chromium: mount, act, read the text a user
//! sees. Run with `cargo test --target wasm32-unknown-unknown -p tokenlab --test pkce_web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::container;

wasm_bindgen_test_configure!(run_in_browser);

/// The input whose `<label>` reads exactly `label`.
fn labelled<T: JsCast>(root: &web_sys::HtmlElement, label: &str) -> T {
    let labels = root.query_selector_all("label").expect("labels");
    for i in 0..labels.length() {
        let l: web_sys::HtmlLabelElement = labels.item(i).expect("label").unchecked_into();
        if l.text_content().as_deref() == Some(label) {
            let id = l.html_for();
            return document()
                .get_element_by_id(&id)
                .expect("labelled element")
                .unchecked_into();
        }
    }
    panic!("no label {label}");
}

fn type_into(input: &web_sys::HtmlInputElement, value: &str) {
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_generator_shows_a_64_character_verifier_and_passes_the_rfc_self_check() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::pkce::Pkce);
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("✓ Self-check passed"), "{text}");
    let verifier: web_sys::HtmlElement = labelled(&root, "code_verifier");
    assert_eq!(verifier.text_content().unwrap_or_default().len(), 64);
}

#[wasm_bindgen_test]
async fn the_checker_names_the_bad_character_and_accepts_the_rfc_pair() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::pkce::Pkce);
    leptos::task::tick().await;
    let v: web_sys::HtmlInputElement = labelled(&root, "code_verifier to check");
    let c: web_sys::HtmlInputElement = labelled(&root, "code_challenge to check");
    type_into(&v, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX!");
    type_into(&c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("'!' at position 43"), "{text}");
    type_into(&v, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("✓ Match"), "{text}");
}

#[wasm_bindgen_test]
async fn an_empty_client_id_is_reported_in_place_and_marked() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::pkce::Pkce);
    leptos::task::tick().await;
    let client: web_sys::HtmlInputElement = labelled(&root, "client_id");
    type_into(&client, "");
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("client_id is empty"), "{text}");
    assert_eq!(
        client.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
}
