//! How many characters fit on one row of a monospace view, measured in the page, and which
//! lines can be held to one row.
//!
//! The Debugger's coloured token and JSON view are drawn as lines, each a block of its own. A
//! line known to fit on one row is given a fixed height and size and layout containment
//! (`.tl-row-fixed` in the CSS): the browser then lays out a changed line alone, without the
//! view, the pane and the page around it. Measured in the page (a text changed from script, then
//! a forced layout; bench/README.md, 2026-11-25): one changed text costs about 0.35 ms of layout
//! in a line of the view, 0.1 ms in a line held to one row.
//!
//! A line is held to one row only when it certainly fits: every character is printable ASCII
//! (one advance wide in a monospace font) and there are no more of them than the row holds.
//! Other lines (an emoji, a CJK character, a tab) keep wrapping as before.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// How many characters the width probe holds (a hidden `<span>` of the view's font).
pub const PROBE_CHARS: usize = 10;

/// The probe's text.
pub fn probe_text() -> String {
    "0".repeat(PROBE_CHARS)
}

/// How many characters of `char_width` pixels fit in `width` pixels, with half a pixel to spare
/// against rounding; `None` while either is unknown (the view hidden or not laid out).
pub fn fitting_chars(width: f64, char_width: f64) -> Option<usize> {
    if !(width > 0.0 && char_width > 0.0) {
        return None;
    }
    let fit = ((width - 0.5) / char_width).floor();
    (fit.is_finite() && fit >= 0.0).then_some(fit as usize)
}

/// Whether `text` fits on one row of `row_chars` characters: every character printable ASCII
/// (space included, tab not), and no more of them than the row holds.
pub fn fits_one_row(text: &str, row_chars: usize) -> bool {
    text.len() <= row_chars && one_advance_each(text)
}

/// Whether every character of `text` is printable ASCII (space included, tab not): one advance
/// wide in a monospace font.
pub fn one_advance_each(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// When [`watch_row_chars`] passes on a new measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// A narrower view at once (before the frame is painted: lines held to a row that no longer
    /// fits would overlap); the first measure and a wider view in the task after the frame, so
    /// the frame that first lays the view out does not lay it out twice. For a view whose lines
    /// are drawn fitting either way (held to a row or not).
    NarrowerAtOnce,
    /// The first measure too at once: the view's lines are cut to it.
    FirstAndNarrowerAtOnce,
}

/// Watches the view inside `wrap` (its first element child) with a `ResizeObserver`, and sets
/// `row_chars` to how many characters fit on one of its rows whenever that changes, at once or
/// after the frame as `settle` says. The wrapper's last element child is the probe:
/// [`PROBE_CHARS`] characters in the view's font.
pub fn watch_row_chars(
    wrap: NodeRef<leptos::html::Div>,
    row_chars: RwSignal<Option<usize>>,
    settle: Settle,
) {
    Effect::new(move |_| {
        let Some(wrap) = wrap.get() else {
            return;
        };
        let (Some(view), Some(probe)) = (wrap.first_element_child(), wrap.last_element_child())
        else {
            return;
        };
        // The latest measure, for a later task to pass on (an earlier one may be stale by then).
        let latest = std::rc::Rc::new(std::cell::Cell::new(None));
        let measure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let char_width = probe.get_bounding_client_rect().width() / PROBE_CHARS as f64;
            let Some(fit) = fitting_chars(entry.content_rect().width(), char_width) else {
                return;
            };
            latest.set(Some(fit));
            let Some(now) = row_chars.try_get_untracked() else {
                return;
            };
            let at_once = match now {
                Some(n) => fit < n,
                None => settle == Settle::FirstAndNarrowerAtOnce,
            };
            if at_once {
                row_chars.set(Some(fit));
            } else if now != Some(fit) {
                let latest = latest.clone();
                set_timeout(
                    move || {
                        let fit = latest.get();
                        if fit.is_some() && row_chars.try_get_untracked().is_some_and(|n| n != fit)
                        {
                            row_chars.set(fit);
                        }
                    },
                    std::time::Duration::ZERO,
                );
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(measure.as_ref().unchecked_ref()) {
            observer.observe(&view);
            let kept = send_wrapper::SendWrapper::new((observer, measure));
            on_cleanup(move || kept.0.disconnect());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_width_fits_whole_characters_with_room_to_spare() {
        assert_eq!(fitting_chars(530.0, 8.4), Some(63));
        assert_eq!(
            fitting_chars(504.0, 8.4),
            Some(59),
            "60 exactly would touch the edge"
        );
        assert_eq!(fitting_chars(30.0, 8.4), Some(3));
        assert_eq!(fitting_chars(0.0, 8.4), None, "hidden");
        assert_eq!(fitting_chars(500.0, 0.0), None);
        assert_eq!(fitting_chars(f64::NAN, 8.4), None);
    }

    #[test]
    fn only_short_printable_ascii_is_held_to_one_row() {
        assert!(fits_one_row(r#"  "iss": "https://a.example","#, 40));
        assert!(fits_one_row("", 0));
        assert!(
            !fits_one_row(r#"  "iss": "https://a.example","#, 20),
            "too long"
        );
        assert!(!fits_one_row("  \"name\": \"José\"", 40), "é");
        assert!(!fits_one_row("\"😀\"", 40), "emoji");
        assert!(!fits_one_row("a\tb", 40), "tab");
    }
}
