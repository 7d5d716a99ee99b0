//! Teaching controls: move "now" by up to a day either way, and set the leeway.

use leptos::prelude::*;
use tokenlab_engine::claims;

/// Largest shift of "now", either way: one day.
pub const MAX_SHIFT: i64 = 86_400;
/// Largest leeway accepted: one day.
pub const MAX_LEEWAY: i64 = 86_400;

/// A shift in words: `"no shift"`, `"+1 h"`, `"−2 days 3 h"`.
pub fn describe_shift(seconds: i64) -> String {
    match seconds {
        0 => "no shift".to_owned(),
        s if s > 0 => format!("+{}", claims::describe_duration(i128::from(s))),
        s => format!("−{}", claims::describe_duration(i128::from(s))),
    }
}

/// Parses a number typed into a seconds field, clamped to `0..=max`; `None` for anything that
/// is not a whole number.
pub fn parse_seconds(text: &str, max: i64) -> Option<i64> {
    text.trim().parse::<i64>().ok().map(|v| v.clamp(0, max))
}

/// The "now" shift slider with quick buttons, and the leeway field.
#[component]
pub fn TimeControls(
    /// Seconds added to the clock (−[`MAX_SHIFT`] … +[`MAX_SHIFT`]).
    shift: RwSignal<i64>,
    /// Clock skew forgiven, in seconds.
    leeway: RwSignal<i64>,
    /// The effective "now" (clock plus shift), shown in UTC.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let nudge =
        move |by: i64| shift.update(|s| *s = s.saturating_add(by).clamp(-MAX_SHIFT, MAX_SHIFT));
    let presets: [(&'static str, &'static str, i64); 4] = [
        ("−1 day", "Move now back one day", -86_400),
        ("−1 h", "Move now back one hour", -3_600),
        ("+1 h", "Move now forward one hour", 3_600),
        ("+1 day", "Move now forward one day", 86_400),
    ];
    view! {
        <fieldset class="tl-dbg-time-controls">
            <legend class="tl-label">"Time"</legend>
            <div class="tl-field">
                <label class="tl-label" for="tl-dbg-shift">
                    "Shift “now”"
                </label>
                <input
                    id="tl-dbg-shift"
                    class="tl-dbg-range"
                    type="range"
                    min=-MAX_SHIFT
                    max=MAX_SHIFT
                    step="300"
                    prop:value=move || shift.get().to_string()
                    aria-valuetext=move || describe_shift(shift.get())
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<i64>() {
                            shift.set(v.clamp(-MAX_SHIFT, MAX_SHIFT));
                        }
                    }
                />
                <p class="tl-hint tl-dbg-time-controls__now">
                    <span class="tl-dbg-time-controls__shift">{move || describe_shift(shift.get())}</span>
                    " · now is "
                    {move || claims::format_utc(now.get())}
                </p>
                <div class="tl-row">
                    {presets
                        .into_iter()
                        .map(|(text, label, by)| {
                            view! {
                                <button
                                    type="button"
                                    class="tl-button tl-button--small"
                                    aria-label=label
                                    on:click=move |_| nudge(by)
                                >
                                    {text}
                                </button>
                            }
                        })
                        .collect_view()}
                    <button
                        type="button"
                        class="tl-button tl-button--small"
                        on:click=move |_| shift.set(0)
                        disabled=move || shift.get() == 0
                    >
                        "Reset to the real time"
                    </button>
                </div>
            </div>
            <div class="tl-field tl-field--inline">
                <label class="tl-label" for="tl-dbg-leeway">
                    "Leeway (seconds)"
                </label>
                <input
                    id="tl-dbg-leeway"
                    class="tl-input tl-dbg-number"
                    type="number"
                    min="0"
                    max=MAX_LEEWAY
                    step="1"
                    inputmode="numeric"
                    prop:value=move || leeway.get().to_string()
                    on:input=move |ev| {
                        if let Some(v) = parse_seconds(&event_target_value(&ev), MAX_LEEWAY) {
                            leeway.set(v);
                        }
                    }
                />
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn shifts_are_described_with_their_sign() {
        assert_eq!(describe_shift(0), "no shift");
        assert_eq!(describe_shift(3_600), "+1 h");
        assert_eq!(describe_shift(-90_000), "−1 day 1 h");
    }

    #[test]
    fn typed_seconds_are_clamped_and_junk_is_ignored() {
        assert_eq!(parse_seconds(" 60 ", MAX_LEEWAY), Some(60));
        assert_eq!(parse_seconds("-5", MAX_LEEWAY), Some(0));
        assert_eq!(parse_seconds("999999", MAX_LEEWAY), Some(MAX_LEEWAY));
        assert_eq!(parse_seconds("1e3", MAX_LEEWAY), None);
        assert_eq!(parse_seconds("", MAX_LEEWAY), None);
    }
}
