//! Tamper mode's form: the values of the message about to be sent that the learner may change
//! (state, code, code_verifier, redirect_uri, the client secret…). Sending it delivers the edited
//! message, and the next step shows the real server's real answer. On a token request that
//! redeems a code, the learner may also let time pass before sending ([`WaitField`]).

use leptos::prelude::*;
use tokenlab_engine::oauth::flows::{CodeExpiry, TamperField};

use super::wait_field::{wait_secs, WaitField};

/// The learner's edits that differ from the message's values, in field order.
pub fn changed_edits(fields: &[TamperField], edits: &[(String, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter_map(|f| {
            let (_, v) = edits.iter().find(|(k, _)| *k == f.name)?;
            (*v != f.value).then(|| (f.name.clone(), v.clone()))
        })
        .collect()
}

/// The id of a field's input.
fn input_id(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("tl-flows-tamper-{safe}")
}

/// The form of editable values, shown for the message about to be sent.
#[component]
pub fn TamperForm(
    /// The values of the message the learner may change, with their current values.
    #[prop(into)]
    fields: Signal<Vec<TamperField>>,
    /// The learner's edits, by field name (cleared when the message is sent).
    edits: RwSignal<Vec<(String, String)>>,
    /// When the message redeems an authorization code: when that code expires.
    #[prop(into)]
    expiry: Signal<Option<CodeExpiry>>,
    /// The seconds to wait before sending, as typed (cleared when the message is sent).
    wait: RwSignal<String>,
    /// Sends the message with the edits, after the wait.
    on_send: Callback<()>,
) -> impl IntoView {
    let changed = move || fields.with(|f| edits.with(|e| changed_edits(f, e)));
    let tampered = move || !changed().is_empty() || wait.with(|w| wait_secs(w) > 0);
    let inputs = move || {
        fields
            .get()
            .into_iter()
            .map(|f| {
                let id = input_id(&f.name);
                let name = f.name.clone();
                let name2 = f.name.clone();
                let original = f.value.clone();
                let value = move || {
                    edits.with(|e| {
                        e.iter()
                            .find(|(k, _)| *k == name)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_else(|| original.clone())
                    })
                };
                let original2 = f.value.clone();
                let name3 = f.name.clone();
                let is_changed =
                    move || edits.with(|e| e.iter().any(|(k, v)| *k == name3 && *v != original2));
                view! {
                    <div class="tl-field tl-flows__tamper-field">
                        <label class="tl-label" for=id.clone()>
                            {f.label.clone()}
                            <Show when=is_changed>
                                <span class="tl-flows__tag tl-flows__tag--tampered">"changed"</span>
                            </Show>
                        </label>
                        <input
                            id=id
                            class="tl-input tl-mono"
                            type="text"
                            spellcheck="false"
                            autocomplete="off"
                            prop:value=value
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                let n = name2.clone();
                                edits
                                    .update(|e| {
                                        match e.iter_mut().find(|(k, _)| *k == n) {
                                            Some(slot) => slot.1 = v,
                                            None => e.push((n, v)),
                                        }
                                    });
                            }
                        />
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <form
            class="tl-flows__tamper"
            aria-labelledby="tl-flows-tamper-title"
            on:submit=move |ev| {
                ev.prevent_default();
                on_send.run(());
            }
        >
            <h3 id="tl-flows-tamper-title" class="tl-flows__subtitle">
                "Tamper with this message before it is sent"
            </h3>
            <p class="tl-hint">
                "Change a value as an attacker (or a buggy client) would, then send it: the next step is the real answer. An empty value removes the parameter."
            </p>
            {inputs}
            {move || {
                expiry
                    .get()
                    .map(|e| {
                        view! { <WaitField expiry=Signal::derive(move || e) wait=wait /> }
                    })
            }}
            <div class="tl-row">
                <button type="submit" class="tl-button tl-button--primary">
                    {move || {
                        if tampered() { "Send tampered message" } else { "Send unchanged" }
                    }}
                </button>
                <button
                    type="button"
                    class="tl-button"
                    disabled=move || !tampered()
                    on:click=move |_| {
                        edits.set(Vec::new());
                        wait.set(String::new());
                    }
                >
                    "Undo changes"
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenlab_engine::oauth::flows::TamperTarget;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn field(name: &str, value: &str) -> TamperField {
        TamperField {
            name: name.into(),
            label: name.into(),
            value: value.into(),
            target: TamperTarget::Form,
        }
    }

    #[test]
    fn only_values_that_differ_are_sent_as_edits() {
        let fields = [
            field("state", "abc"),
            field("code", "c1"),
            field("scope", "x"),
        ];
        let edits = vec![
            ("code".to_owned(), "c1".to_owned()),
            ("state".to_owned(), "evil".to_owned()),
            ("unknown".to_owned(), "z".to_owned()),
            ("scope".to_owned(), String::new()),
        ];
        assert_eq!(
            changed_edits(&fields, &edits),
            vec![
                ("state".to_owned(), "evil".to_owned()),
                ("scope".to_owned(), String::new())
            ]
        );
    }

    #[test]
    fn input_ids_are_safe_for_any_field_name() {
        assert_eq!(input_id("code_verifier"), "tl-flows-tamper-code-verifier");
        assert_eq!(input_id("a b\"c"), "tl-flows-tamper-a-b-c");
    }
}
