//! The tokens a message carries, each a click away from the Debugger (with the simulated
//! server's JWKS as the key, so a JWT shows as verified).

use leptos::prelude::*;

/// True when `token` is a compact JWS (three base64url segments the engine can decode).
pub fn is_jwt(token: &str) -> bool {
    tokenlab_engine::jws::decode(token).is_ok()
}

/// The first and last characters of a long token.
pub fn abbreviate(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() <= 40 {
        return token.to_owned();
    }
    let head: String = chars.iter().take(24).collect();
    let tail: String = chars.iter().skip(chars.len() - 10).collect();
    format!("{head}…{tail}")
}

/// The tokens in a message.
#[component]
pub fn TokenList(
    /// `(name, token)` pairs.
    #[prop(into)]
    tokens: Signal<Vec<(String, String)>>,
    /// Opens a token in the Debugger.
    on_open: Callback<String>,
) -> impl IntoView {
    view! {
        <Show when=move || tokens.with(|t| !t.is_empty())>
            <h3 class="tl-flows__subtitle">"Tokens in this message"</h3>
            <ul class="tl-flows__tokens">
                {move || {
                    tokens
                        .get()
                        .into_iter()
                        .map(|(name, token)| {
                            let jwt = is_jwt(&token);
                            let short = abbreviate(&token);
                            let label = format!("Open in Debugger: {name}");
                            view! {
                                <li class="tl-flows__token">
                                    <span class="tl-mono tl-flows__token-name">{name.clone()}</span>
                                    <span class=if jwt {
                                        "tl-flows__tag tl-flows__tag--jwt"
                                    } else {
                                        "tl-flows__tag"
                                    }>{if jwt { "JWT" } else { "opaque" }}</span>
                                    <code class="tl-flows__token-value">{short}</code>
                                    {if jwt {
                                        view! {
                                            <button
                                                type="button"
                                                class="tl-button"
                                                aria-label=label
                                                on:click=move |_| on_open.run(token.clone())
                                            >
                                                "Open in Debugger"
                                            </button>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <span class="tl-hint">
                                                "A random string: only the authorization server can tell what it means."
                                            </span>
                                        }
                                            .into_any()
                                    }}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn long_tokens_are_abbreviated_in_the_middle() {
        let t = "a".repeat(30) + &"b".repeat(30);
        let s = abbreviate(&t);
        assert!(
            s.starts_with(&"a".repeat(24)) && s.ends_with(&"b".repeat(10)),
            "{s}"
        );
        assert_eq!(abbreviate("short"), "short");
    }

    #[test]
    fn only_compact_jws_count_as_jwts() {
        assert!(is_jwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."));
        assert!(!is_jwt("Zm9vYmFy"));
    }
}
