//! Component tests of the Flows section in headless Chromium: mount it, step with the Next
//! button and the → key, tamper with a value, and read what a learner reads.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::container;

wasm_bindgen_test_configure!(run_in_browser);

fn text(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

/// The button whose text starts with `label`.
fn button(root: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlElement {
    let buttons = root.query_selector_all("button").expect("query");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| {
            b.text_content()
                .unwrap_or_default()
                .trim()
                .starts_with(label)
        })
        .unwrap_or_else(|| panic!("no button {label:?} in {}", text(root)))
}

fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let ev =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    window().dispatch_event(&ev).expect("dispatch");
}

async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

/// Mounts the Flows section and switches tamper mode on, as a learner ticking the box.
async fn mount_in_tamper_mode() -> (web_sys::HtmlElement, impl Sized) {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), tokenlab::ui::flows::Flows);
    settle().await;
    let checkbox: web_sys::HtmlInputElement = root
        .query_selector("input[type=checkbox]")
        .expect("query")
        .expect("tamper mode")
        .unchecked_into();
    checkbox.set_checked(true);
    checkbox
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    (root, handle)
}

#[wasm_bindgen_test]
async fn the_flows_section_opens_on_step_one_of_pkce_and_steps_with_next_and_the_arrow_key() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), tokenlab::ui::flows::Flows);
    settle().await;
    let t = text(&root);
    assert!(t.contains("Step 1 of"), "{t}");
    assert!(t.contains("Redirect to the authorization endpoint"), "{t}");
    assert!(
        t.contains("code_challenge_method"),
        "the real redirect is shown: {t}"
    );

    button(&root, "Next").click();
    settle().await;
    let t = text(&root);
    assert!(t.contains("Step 2 of"), "{t}");
    assert!(t.contains("Authorization request"), "{t}");

    press("ArrowRight");
    settle().await;
    assert!(text(&root).contains("Step 3 of"), "{}", text(&root));

    press("ArrowLeft");
    settle().await;
    assert!(text(&root).contains("Step 2 of"), "{}", text(&root));

    // The SVG has one arrow per step shown, each with its label.
    let svg = root
        .query_selector("svg[role=img]")
        .expect("query")
        .expect("the diagram");
    let svg_text = svg.text_content().unwrap_or_default();
    assert!(svg_text.contains("Authorization request"), "{svg_text}");
    assert!(
        !svg_text.contains("Sign-in and consent page"),
        "step 3 is not shown yet"
    );
}

#[wasm_bindgen_test]
async fn tampering_with_the_state_gets_the_csrf_refusal() {
    let (root, _handle) = mount_in_tamper_mode().await;
    for _ in 0..5 {
        button(&root, "Next").click();
        settle().await;
    }
    let t = text(&root);
    assert!(t.contains("Callback"), "{t}");
    let input: web_sys::HtmlInputElement = root
        .query_selector("#tl-flows-tamper-state")
        .expect("query")
        .expect("the state field")
        .unchecked_into();
    input.set_value("forged");
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    settle().await;
    button(&root, "Send tampered message").click();
    settle().await;
    let t = text(&root);
    assert!(t.contains("State mismatch: CSRF detected"), "{t}");
    assert!(t.contains("Flow stopped."), "{t}");
}

#[wasm_bindgen_test]
async fn waiting_until_the_code_expires_gets_invalid_grant_with_the_stolen_code_narration() {
    let (root, _handle) = mount_in_tamper_mode().await;
    for _ in 0..6 {
        button(&root, "Next").click();
        settle().await;
    }
    let t = text(&root);
    assert!(t.contains("Wait before sending (seconds)"), "{t}");
    button(&root, "Wait until the code expires").click();
    settle().await;
    let wait: web_sys::HtmlInputElement = root
        .query_selector("#tl-flows-tamper-wait")
        .expect("query")
        .expect("the wait field")
        .unchecked_into();
    assert_eq!(wait.value(), "61");
    button(&root, "Send tampered message").click();
    settle().await;
    let t = text(&root);
    assert!(t.contains("Error: invalid_grant"), "{t}");
    assert!(t.contains("stolen after the fact"), "{t}");
    assert!(t.contains("Flow stopped."), "{t}");
}
