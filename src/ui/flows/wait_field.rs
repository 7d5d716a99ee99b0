//! Tamper mode's clock control: on a token request that redeems an authorization code, the
//! learner may let simulated time pass before it is sent, to see the server refuse a code that
//! expired (what makes a code stolen later from a log or a Referer header worthless).

use leptos::prelude::*;
use tokenlab_engine::oauth::flows::CodeExpiry;

/// The id of the wait input.
pub const INPUT_ID: &str = "tl-flows-tamper-wait";
const HINT_ID: &str = "tl-flows-tamper-wait-hint";

/// The seconds the learner typed: a whole number of seconds, 0 for anything else (empty,
/// negative, fractional, not a number). Large values are kept: the engine saturates.
pub fn wait_secs(text: &str) -> i64 {
    text.trim().parse::<i64>().map_or(0, |s| s.max(0))
}

/// "The code expires in 60 s; this server's codes live 60 s."
fn expiry_hint(e: &CodeExpiry) -> String {
    if e.expires_in == 0 {
        format!(
            "The code has expired; this server's codes live {} s.",
            e.lifetime
        )
    } else {
        format!(
            "The code expires in {} s; this server's codes live {} s.",
            e.expires_in, e.lifetime
        )
    }
}

/// "Wait before sending (seconds)", with a button that fills in a wait past the code's expiry.
#[component]
pub fn WaitField(
    /// When the code the message redeems expires.
    #[prop(into)]
    expiry: Signal<CodeExpiry>,
    /// The seconds typed (text, as in the input; cleared when the message is sent).
    wait: RwSignal<String>,
) -> impl IntoView {
    let waiting = move || wait.with(|w| wait_secs(w) > 0);
    view! {
        <div class="tl-field tl-flows__tamper-field tl-flows__wait">
            <label class="tl-label" for=INPUT_ID>
                "Wait before sending (seconds)"
                <Show when=waiting>
                    <span class="tl-flows__tag tl-flows__tag--tampered">"changed"</span>
                </Show>
            </label>
            <div class="tl-row">
                <input
                    id=INPUT_ID
                    class="tl-input tl-mono tl-flows__wait-input"
                    type="number"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    placeholder="0"
                    aria-describedby=HINT_ID
                    prop:value=move || wait.get()
                    on:input=move |ev| wait.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    class="tl-button"
                    on:click=move |_| wait.set(expiry.get().wait_to_expire.to_string())
                >
                    "Wait until the code expires"
                </button>
            </div>
            <p id=HINT_ID class="tl-hint">
                {move || expiry.with(expiry_hint)}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn only_whole_positive_seconds_are_a_wait() {
        let cases = [
            ("61", 61),
            (" 5 ", 5),
            ("", 0),
            ("-3", 0),
            ("1.5", 0),
            ("abc", 0),
            ("9223372036854775807", i64::MAX),
            ("99999999999999999999", 0),
        ];
        for (i, (text, secs)) in cases.into_iter().enumerate() {
            assert_eq!(wait_secs(text), secs, "#{i} {text:?}");
        }
    }

    #[test]
    fn the_hint_says_when_the_code_expires() {
        let e = CodeExpiry {
            expires_at: 160,
            expires_in: 60,
            lifetime: 60,
            wait_to_expire: 61,
        };
        assert_eq!(
            expiry_hint(&e),
            "The code expires in 60 s; this server's codes live 60 s."
        );
        let gone = CodeExpiry {
            expires_in: 0,
            wait_to_expire: 1,
            ..e
        };
        assert!(expiry_hint(&gone).starts_with("The code has expired"));
    }
}
