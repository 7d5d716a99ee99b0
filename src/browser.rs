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
