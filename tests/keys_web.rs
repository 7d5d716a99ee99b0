//! Component tests for the Keys section in headless Chromium: mount, act, read the text a user
//! sees. Run with `cargo test --target wasm32-unknown-unknown -p tokenlab --test keys_web`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::{container, select};

wasm_bindgen_test_configure!(run_in_browser);

fn button(root: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlElement {
    let buttons = root.query_selector_all("button").expect("buttons");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text}"))
}

/// Waits (up to ~5 s) until the root's text contains `needle`.
async fn until_text(root: &web_sys::HtmlElement, needle: &str) -> String {
    for _ in 0..100 {
        let text = root.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        tokenlab::browser::sleep_ms(50).await;
    }
    panic!(
        "never saw {needle:?} in {}",
        root.text_content().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn generating_an_hmac_secret_shows_it_without_a_public_half() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::keys::Keys);
    leptos::task::tick().await;
    select(&root, "tl-keys-kind", "hs384");
    leptos::task::tick().await;
    button(&root, "Generate").click();
    let text = until_text(&root, "Generated an HMAC secret, 384 bits").await;
    assert!(text.contains("An HMAC secret has no public half"), "{text}");
}

#[wasm_bindgen_test]
async fn generating_an_ed25519_key_with_webcrypto_shows_its_pem_forms() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::keys::Keys);
    leptos::task::tick().await;
    select(&root, "tl-keys-kind", "ed25519");
    leptos::task::tick().await;
    button(&root, "Generate").click();
    let text = until_text(&root, "Generated an Ed25519 private key").await;
    assert!(text.contains("-----BEGIN PRIVATE KEY-----"), "{text}");
    assert!(text.contains("EdDSA"), "{text}");
}

#[wasm_bindgen_test]
async fn a_pasted_rfc_8037_key_shows_its_rfc_thumbprint() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::keys::Keys);
    leptos::task::tick().await;
    let input: web_sys::HtmlTextAreaElement = root
        .query_selector("#tl-keys-convert-input")
        .expect("query")
        .expect("textarea")
        .unchecked_into();
    input.set_value(
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    );
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    leptos::task::tick().await;
    let text = root.text_content().unwrap_or_default();
    // RFC 8037 Appendix A.3.
    assert!(
        text.contains("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"),
        "{text}"
    );
    assert!(
        text.contains("Read an Ed25519 public key from JWK"),
        "{text}"
    );
}
