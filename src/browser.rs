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

/// The page's address without its fragment (the base of share links).
pub fn page_url_without_fragment() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
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

/// True when keyboard focus is in a place that uses the arrow keys itself: a text field, a
/// select, a text area or anything editable. Section-wide arrow-key shortcuts stand back then.
pub fn focus_in_text_field() -> bool {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    if tag == "input" {
        // Check boxes and buttons have no use for the arrow keys; every other input does.
        let kind = el
            .get_attribute("type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        return !matches!(
            kind.as_str(),
            "checkbox" | "button" | "submit" | "reset" | "image" | "file" | "color"
        );
    }
    if matches!(tag.as_str(), "textarea" | "select") {
        return true;
    }
    el.dyn_into::<web_sys::HtmlElement>()
        .map(|h| h.is_content_editable())
        .unwrap_or(false)
}

/// True when the page may ask for full screen (the Fullscreen API exists and is allowed).
pub fn fullscreen_available() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| {
            js_sys::Reflect::has(d.as_ref(), &"fullscreenEnabled".into()).unwrap_or(false)
                && d.fullscreen_enabled()
        })
        .unwrap_or(false)
}

/// Asks the browser to show the element with `id` full screen; false when it refuses at once.
pub fn request_fullscreen(id: &str) -> bool {
    if !fullscreen_available() {
        return false;
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .map(|el| el.request_fullscreen().is_ok())
        .unwrap_or(false)
}

/// Leaves full screen, if the page is in it.
pub fn exit_fullscreen() {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        if fullscreen_available() && d.fullscreen_element().is_some() {
            d.exit_fullscreen();
        }
    }
}

/// Scrolls the box with id `container` (and nothing else: not the page) as little as needed to
/// show the element with id `child`, keeping `top_inset` pixels free at the top (for a sticky
/// header inside the box). Does nothing when either is missing.
pub fn scroll_within(container: &str, child: &str, top_inset: f64) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(container), Some(child)) = (
        doc.get_element_by_id(container),
        doc.get_element_by_id(child),
    ) else {
        return;
    };
    let outer = container.get_bounding_client_rect();
    let inner = child.get_bounding_client_rect();
    let margin = 8.0;
    let top = outer.top() + top_inset;
    let delta = if inner.top() < top {
        inner.top() - top - margin
    } else if inner.bottom() > outer.bottom() {
        (inner.bottom() - outer.bottom() + margin).min(inner.top() - top)
    } else {
        return;
    };
    container.set_scroll_top(container.scroll_top() + delta.round() as i32);
}

/// The rendered height of the element with `id` in CSS pixels; 0 when it is missing.
pub fn element_height(id: &str) -> f64 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .map(|e| e.get_bounding_client_rect().height())
        .unwrap_or(0.0)
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

/// Formats Unix seconds in the browser's time zone: `"2023-11-15 00:13:20 (UTC+02:00)"`.
pub fn format_local(t: i64) -> String {
    // `as f64` is exact for every time the engine formats (years 0000–9999).
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
    let offset = date.get_timezone_offset();
    if offset.is_finite() {
        format_with_offset(t, -(offset as i64))
    } else {
        tokenlab_engine::claims::format_utc(t)
    }
}

/// Formats Unix seconds at a fixed offset east of UTC, in minutes (the pure half of
/// [`format_local`]).
pub fn format_with_offset(t: i64, offset_minutes: i64) -> String {
    let shifted = t.saturating_add(offset_minutes.saturating_mul(60));
    let text = tokenlab_engine::claims::format_utc(shifted);
    let Some(date) = text.strip_suffix(" UTC") else {
        return text;
    };
    let sign = if offset_minutes < 0 { '−' } else { '+' };
    let m = offset_minutes.unsigned_abs();
    format!("{date} (UTC{sign}{:02}:{:02})", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_carry_their_offset() {
        assert_eq!(
            format_with_offset(1_700_000_000, 120),
            "2023-11-15 00:13:20 (UTC+02:00)"
        );
        assert_eq!(
            format_with_offset(1_700_000_000, -330),
            "2023-11-14 16:43:20 (UTC−05:30)"
        );
        assert_eq!(
            format_with_offset(1_700_000_000, 0),
            "2023-11-14 22:13:20 (UTC+00:00)"
        );
    }
}
