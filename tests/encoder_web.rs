//! Component tests for the Encoder section in headless Chromium: mount, act, read the text a
//! user sees. Run with `cargo test --target wasm32-unknown-unknown -p tokenlab --test encoder_web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::{container, select};

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
    select(&root, "tl-encoder-encoding", "utf8");
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

const RSA_PKCS8: &str = include_str!("../crates/engine/tests/fixtures/rsa2048-pkcs8.pem");

fn rsa_key() -> tokenlab_engine::keys::Key {
    tokenlab_engine::pem::parse_pem(RSA_PKCS8)
        .expect("fixture key")
        .0
}

/// The browser's WebCrypto signs RS256 byte for byte as the engine does (PKCS#1 v1.5 is
/// deterministic), its PS256 signatures verify with the engine, and it refuses what it cannot
/// use (the Encoder then signs with the engine).
#[wasm_bindgen_test]
async fn webcrypto_rsa_signatures_are_the_engines() {
    use tokenlab_engine::jwa::{self, Alg};
    let key = rsa_key();
    let der = tokenlab_engine::pem::rsa_private_pkcs8_der(&key).expect("der");
    assert!(tokenlab::websign::signs(Alg::RS256));
    assert!(!tokenlab::websign::signs(Alg::ES256));
    let data = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0";
    for alg in [Alg::RS256, Alg::RS384, Alg::RS512] {
        let web = tokenlab::websign::sign_rsa(alg, &der, data)
            .await
            .expect("WebCrypto signs");
        assert_eq!(
            web,
            jwa::sign(alg, &key, data).expect("engine signs"),
            "{alg:?}"
        );
    }
    for alg in [Alg::PS256, Alg::PS384, Alg::PS512] {
        let web = tokenlab::websign::sign_rsa(alg, &der, data)
            .await
            .expect("WebCrypto signs");
        let public = key.to_public().expect("public half");
        assert!(jwa::verify(alg, &public, data, &web).is_ok(), "{alg:?}");
    }
    assert!(tokenlab::websign::sign_rsa(Alg::RS256, b"not a key", data)
        .await
        .is_none());
    assert!(tokenlab::websign::sign_rsa(Alg::ES256, &der, data)
        .await
        .is_none());
    assert!(tokenlab::websign::holds_a_key());
    tokenlab::websign::forget();
    assert!(!tokenlab::websign::holds_a_key());
    // An import still running when the key is forgotten (the Encoder closed) is not kept.
    // (the spawned task runs once the import below is waiting for WebCrypto)
    wasm_bindgen_futures::spawn_local(async { tokenlab::websign::forget() });
    let signature = tokenlab::websign::sign_rsa(Alg::RS384, &der, data).await;
    assert!(signature.is_some());
    assert!(!tokenlab::websign::holds_a_key());
}

/// With an RSA key the Encoder's token (signed through WebCrypto, which answers in a later task)
/// is the engine's token for the same header, payload and key, and follows each edit.
#[wasm_bindgen_test]
async fn an_rs256_token_follows_the_payload_and_is_the_engines_token() {
    use tokenlab_engine::jwa::Alg;
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), tokenlab::ui::encoder::Encoder);
    leptos::task::tick().await;
    select(&root, "tl-encoder-alg", "RS256");
    leptos::task::tick().await;
    type_into(&editor(&root, "Private key (PEM or JWK)"), RSA_PKCS8);
    let header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    type_into(&editor(&root, "Header"), header);
    let key = rsa_key();
    for payload in ["{\"sub\":\"a\"}", "{\"sub\":\"ab\"}", "{\"sub\":\"abc\"}"] {
        type_into(&editor(&root, "Payload"), payload);
        let want =
            tokenlab_engine::sign::sign_token(header, payload, Alg::RS256, Some(&key), false)
                .expect("engine signs");
        let mut got = String::new();
        for _ in 0..200 {
            leptos::task::tick().await;
            got = token(&root);
            if got == want {
                break;
            }
            common::next_task().await;
        }
        assert_eq!(got, want);
    }
}
