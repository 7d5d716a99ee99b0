//! What stays off the wire: the values the client keeps in its session (state, nonce, PKCE
//! verifier, the tokens it holds) and the simulated server's public key set.

use leptos::prelude::*;
use tokenlab_engine::oauth::flows::ClientState;

use super::token_list::abbreviate;

/// The client's kept values as `(name, value)` rows, in the order they come into play.
pub fn client_rows(c: &ClientState) -> Vec<(String, String)> {
    let mut rows = vec![
        ("client_id".to_owned(), c.client_id.clone()),
        ("redirect_uri".to_owned(), c.redirect_uri.clone()),
    ];
    if let Some(secret) = &c.client_secret {
        rows.push(("client_secret".to_owned(), secret.clone()));
    }
    rows.push(("state".to_owned(), c.state.clone()));
    if let Some(n) = &c.nonce {
        rows.push(("nonce".to_owned(), n.clone()));
    }
    if let Some(v) = &c.code_verifier {
        rows.push(("code_verifier".to_owned(), v.clone()));
    }
    if let Some(ch) = &c.code_challenge {
        rows.push(("code_challenge".to_owned(), ch.clone()));
    }
    for (name, token) in &c.tokens {
        rows.push((name.clone(), abbreviate(token)));
    }
    rows
}

/// Two disclosures: the client's session and the server's JWKS.
#[component]
pub fn FlowFacts(
    /// What the client knows now (at the last step).
    #[prop(into)]
    client: Signal<Option<ClientState>>,
    /// The simulated server's JWK Set, pretty-printed.
    #[prop(into)]
    jwks: Signal<String>,
) -> impl IntoView {
    let rows = move || {
        client
            .with(|c| c.as_ref().map(client_rows).unwrap_or_default())
            .into_iter()
            .map(|(k, v)| {
                view! {
                    <tr>
                        <th scope="row" class="tl-mono">{k}</th>
                        <td class="tl-mono">{v}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="tl-flows__facts">
            <details class="tl-flows__fact">
                <summary>"What the client keeps (its session)"</summary>
                <p class="tl-hint">
                    "Values the client generated or received, as they stand at the last step. The code_verifier stays here until the token request; the state and nonce only ever leave to come back."
                </p>
                <table class="tl-table tl-flows__params">
                    <tbody>{rows}</tbody>
                </table>
            </details>
            <details class="tl-flows__fact">
                <summary>"The simulated server's public keys (JWKS)"</summary>
                <p class="tl-hint">
                    "Generated in this page for this run. The API and the Debugger verify JWT signatures with it."
                </p>
                <pre class="tl-code tl-flows__wire">{move || jwks.get()}</pre>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_session_lists_only_what_the_client_has() {
        let c = ClientState {
            client_id: "app".into(),
            redirect_uri: "https://app.example/cb".into(),
            state: "s".into(),
            code_verifier: Some("v".into()),
            code_challenge: Some("c".into()),
            tokens: vec![("access_token".into(), "t".into())],
            ..ClientState::default()
        };
        let names: Vec<String> = client_rows(&c).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            names,
            [
                "client_id",
                "redirect_uri",
                "state",
                "code_verifier",
                "code_challenge",
                "access_token"
            ]
        );
    }
}
