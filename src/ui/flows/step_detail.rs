//! The shown step's heading, narration with its specification link, and the checks the sender
//! made (the client on the state, the API on a token, the client on an ID token).

use leptos::prelude::*;
use tokenlab_engine::claims::describe_duration;
use tokenlab_engine::oauth::flows::Step;

/// "+8 s" after the flow started; "start" for the first moment.
pub fn elapsed(started_at: i64, at: i64) -> String {
    let secs = at.saturating_sub(started_at);
    if secs <= 0 {
        "at the start".to_owned()
    } else {
        format!("{} in", describe_duration(i128::from(secs)))
    }
}

/// "61 s", "2 h": how long the learner let pass before a message was sent.
pub fn waited(secs: i64) -> String {
    if secs < 3_600 {
        format!("{} s", secs.max(0))
    } else {
        describe_duration(i128::from(secs))
    }
}

/// The heading, narration and checks of a step.
#[component]
pub fn StepDetail(
    /// The step shown.
    #[prop(into)]
    step: Signal<Step>,
    /// How many steps the flow has in all.
    #[prop(into)]
    total: Signal<usize>,
    /// The simulated time the flow started at.
    #[prop(into)]
    started_at: Signal<i64>,
) -> impl IntoView {
    let meta = move || {
        step.with(|s| {
            let mut meta = format!(
                "Step {} of {} · {} → {} · {}",
                s.index + 1,
                total.get(),
                s.from.label(),
                s.to.label(),
                elapsed(started_at.get(), s.at)
            );
            if s.waited > 0 {
                meta.push_str(&format!(" · sent after waiting {}", waited(s.waited)));
            }
            meta
        })
    };
    let checks = move || {
        step.with(|s| s.checks.clone())
            .into_iter()
            .map(|c| {
                let (class, word) = if c.passed {
                    ("tl-status tl-status--ok", "pass")
                } else {
                    ("tl-status tl-status--bad", "fail")
                };
                view! {
                    <li class="tl-flows__check">
                        <span class=class>{word}</span>
                        <span class="tl-mono tl-flows__check-label">{c.label}</span>
                        <span class="tl-flows__check-detail">{c.detail}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let has_checks = move || step.with(|s| !s.checks.is_empty());
    view! {
        <div class="tl-flows__step-head">
            <p class="tl-flows__meta">{meta}</p>
            <h2 id="tl-flows-step-title" class="tl-flows__step-title">
                {move || step.with(|s| s.title.clone())}
            </h2>
            {move || {
                step.with(|s| s.error.clone())
                    .map(|e| {
                        view! {
                            <p class="tl-flows__error">
                                <span class="tl-status tl-status--bad">{e}</span>
                            </p>
                        }
                    })
            }}
        </div>
        <div class="tl-flows__narration">
            <p>{move || step.with(|s| s.narration.clone())}</p>
            <p class="tl-flows__spec">
                "Defined in "
                <a
                    href=move || step.with(|s| s.spec.url)
                    target="_blank"
                    rel="noopener noreferrer"
                >
                    {move || step.with(|s| s.spec.reference)}
                </a>
            </p>
            <Show when=has_checks>
                <h3 class="tl-flows__subtitle">"Checks made"</h3>
                <ul class="tl-flows__checks">{checks}</ul>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn simulated_time_is_told_relative_to_the_start() {
        assert_eq!(elapsed(100, 100), "at the start");
        assert_eq!(elapsed(100, 108), "8 s in");
        assert_eq!(elapsed(100, 100 + 3601), "1 h in");
        assert!(!elapsed(i64::MIN, i64::MAX).is_empty());
    }

    #[test]
    fn a_wait_is_told_in_seconds_under_an_hour() {
        assert_eq!(waited(61), "61 s");
        assert_eq!(waited(7_200), "2 h");
        assert!(!waited(i64::MAX).is_empty());
    }
}
