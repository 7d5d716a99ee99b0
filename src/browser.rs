//! Thin browser glue: storage, the URL fragment, colour-scheme media query, clipboard.
//!
//! We call `web-sys` directly instead of pulling in `leptos-use`: the app needs five small
//! functions, and each one here fails soft (returns `None`/`false`) where a browser, a `file://`
//! page or a privacy setting refuses access, which is exactly the behaviour we want to test.
//!
//! Only preferences go into storage (the theme). Tokens, secrets and keys never do.

use wasm_bindgen::JsCast;

/// Reads a preference from `localStorage`; `None` when storage is unavailable or the key unset.
pub fn load_pref(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

/// Stores a preference in `localStorage`; silently does nothing when storage is refused.
pub fn save_pref(key: &str, value: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// True when the operating system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// Sets an attribute on the root `<html>` element.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute(name, value);
    }
}

/// The current URL fragment, with its leading `#` (empty when there is none).
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the URL fragment without adding a history entry and without scrolling.
pub fn replace_fragment(fragment: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(fragment));
        }
    }
}

/// Copies text to the clipboard (asynchronously; the promise is not awaited). Returns false when
/// the Clipboard API is unavailable (e.g. a page opened from disk in some browsers).
pub fn copy_text(text: &str) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let nav = w.navigator();
    let has_clipboard = js_sys::Reflect::has(nav.as_ref(), &"clipboard".into()).unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let _ = nav.clipboard().write_text(text);
    true
}

/// Milliseconds since the page started (`performance.now()`), for measurements; 0 when absent.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The current time in whole Unix seconds, from the browser clock. The engine never reads a
/// clock itself; the UI passes this in.
pub fn unix_now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Moves keyboard focus to the element with `id`, if it exists.
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Offers `text` as a file download named `filename`: a `Blob` object URL clicked through a
/// temporary `<a download>`. Nothing is fetched: the bytes never leave the tab. Returns false when
/// the browser refuses (no document, no Blob support).
pub fn download_text(filename: &str, mime: &str, text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let clicked = document
        .create_element("a")
        .ok()
        .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(filename);
            a.click();
        })
        .is_some();
    // Revoke later: revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    clicked
}

/// Resolves after `ms` milliseconds (a `setTimeout` promise), giving the browser a chance to
/// paint before a long synchronous computation.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_ok()
        });
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
