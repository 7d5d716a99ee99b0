//! The tokens and parameters found in a pasted token response or redirect URL.

use leptos::prelude::*;
use tokenlab_engine::intake::{FoundToken, IntakeKind};

use super::markup::truncate_chars;

/// Characters of a parameter value shown in the table.
const MAX_PARAM_CHARS: usize = 80;
/// Rows drawn in each list.
const MAX_ITEMS: usize = 100;

/// A short preview of a long value: the first characters and `…`.
pub fn preview(value: &str, max_chars: usize) -> String {
    match truncate_chars(value, max_chars) {
        (shown, true) => format!("{shown}…"),
        (shown, false) => shown.to_owned(),
    }
}

/// What kind of token a found value is, in words.
pub fn kind_label(found: &FoundToken) -> &'static str {
    match found.form {
        Some(form) => form.label(),
        None if found.name == "code" || found.name == "device_code" => "code",
        None => "opaque",
    }
}

/// The list of tokens (each opens with one click) and the table of parameters.
#[component]
pub fn FoundTokens(
    /// What the input was (response or URL), for the headings.
    kind: IntakeKind,
    /// The tokens found, in source order.
    found: Vec<FoundToken>,
    /// Every parameter or top-level member, as text.
    params: Vec<(String, String)>,
    /// The value of the token open in the panes, if any.
    open: Option<String>,
    /// Called with a token's value when its Open button is pressed.
    on_open: Callback<String>,
) -> impl IntoView {
    let (tokens_title, params_title) = match kind {
        IntakeKind::TokenResponse => ("Tokens in the response", "Response members"),
        _ => ("Tokens in the URL", "URL parameters"),
    };
    let items = found
        .into_iter()
        .take(MAX_ITEMS)
        .map(|f| {
            let kind = kind_label(&f);
            let is_open = open.as_deref() == Some(f.value.as_str());
            let openable = f.form.is_some();
            let name = f.name.clone();
            let value = f.value.clone();
            view! {
                <li class="tl-dbg-found__item" class:tl-dbg-found__item--open=is_open>
                    <div class="tl-dbg-found__head">
                        <code class="tl-dbg-found__name">{f.name.clone()}</code>
                        <span class="tl-dbg-tag">{kind}</span>
                        {openable
                            .then(|| {
                                let value = value.clone();
                                view! {
                                    <button
                                        type="button"
                                        class="tl-button tl-button--small"
                                        aria-pressed=if is_open { "true" } else { "false" }
                                        on:click=move |_| on_open.run(value.clone())
                                    >
                                        {if is_open { "Showing " } else { "Open " }}
                                        <span class="tl-visually-hidden">{name.clone()}</span>
                                    </button>
                                }
                            })}
                    </div>
                    <code class="tl-dbg-found__value">{preview(&f.value, 64)}</code>
                </li>
            }
        })
        .collect_view();
    let rows = params
        .into_iter()
        .take(MAX_ITEMS)
        .map(|(name, value)| {
            view! {
                <tr>
                    <th scope="row">
                        <code>{name}</code>
                    </th>
                    <td>
                        <code>{preview(&value, MAX_PARAM_CHARS)}</code>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="tl-dbg-found" aria-label=tokens_title>
            <h3 class="tl-dbg-subtitle">{tokens_title}</h3>
            <ul class="tl-dbg-found__list">{items}</ul>
            <details class="tl-dbg-details">
                <summary>{params_title}</summary>
                <div class="tl-dbg-table-wrap">
                    <table class="tl-table">
                        <caption class="tl-visually-hidden">{params_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Value"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenlab_engine::jws::TokenForm;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn long_values_are_previewed_with_an_ellipsis() {
        assert_eq!(preview("abcdef", 3), "abc…");
        assert_eq!(preview("abc", 3), "abc");
    }

    #[test]
    fn found_values_are_labelled_by_their_form() {
        let f = |name: &str, form| FoundToken {
            name: name.into(),
            value: "v".into(),
            form,
        };
        assert_eq!(kind_label(&f("id_token", Some(TokenForm::Jws))), "JWS");
        assert_eq!(kind_label(&f("code", None)), "code");
        assert_eq!(kind_label(&f("refresh_token", None)), "opaque");
    }
}
