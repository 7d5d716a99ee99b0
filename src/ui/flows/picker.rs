//! The flow picker and the learner's settings: which flow, public or confidential client, how
//! it authenticates, JWT or opaque access tokens, the scope, the PKCE method and the server's
//! signing algorithm. Any change starts the flow again.

use leptos::prelude::*;
use tokenlab_engine::oauth::flows::{ClientAuth, FlowKind, Settings};
use tokenlab_engine::oauth::server::{ClientType, TokenFormat};
use tokenlab_engine::pkce::Method;

use super::link::{
    client_auth_slug, parse_client_auth, parse_client_type, parse_token_format, token_format_slug,
    SERVER_ALGS,
};

/// True when the flow's client must be of one type whatever the learner picks.
pub fn client_type_is_fixed(kind: FlowKind) -> bool {
    matches!(kind, FlowKind::Implicit | FlowKind::JwtVsOpaque)
}

/// True when the flow uses both token formats whatever the learner picks.
pub fn token_format_is_fixed(kind: FlowKind) -> bool {
    kind == FlowKind::JwtVsOpaque
}

/// True when the PKCE method shows in the flow's messages.
pub fn shows_pkce(kind: FlowKind) -> bool {
    matches!(
        kind,
        FlowKind::AuthorizationCodePkce | FlowKind::OpenIdConnect
    )
}

/// The flow picker and settings.
#[component]
pub fn FlowPicker(
    /// The flow shown.
    #[prop(into)]
    kind: Signal<FlowKind>,
    /// The learner's settings.
    #[prop(into)]
    settings: Signal<Settings>,
    /// Called with the new flow and settings.
    on_change: Callback<(FlowKind, Settings)>,
) -> impl IntoView {
    let change = move |f: &dyn Fn(&mut Settings)| {
        let mut s = settings.get_untracked();
        f(&mut s);
        on_change.run((kind.get_untracked(), s));
    };
    let flow_options = move |deprecated: bool| {
        FlowKind::ALL
            .into_iter()
            .filter(move |k| k.deprecated() == deprecated)
            .map(|k| {
                view! {
                    <option value=k.slug() selected=move || kind.get() == k>
                        {k.title()}
                    </option>
                }
            })
            .collect_view()
    };
    let spec = move || kind.get().spec();
    view! {
        <section class="tl-pane tl-flows__picker" aria-labelledby="tl-flows-picker-title">
            <h2 id="tl-flows-picker-title" class="tl-pane__title">"Flow and settings"</h2>
            <div class="tl-flows__picker-grid">
                <div class="tl-field tl-flows__flow-field">
                    <label class="tl-label" for="tl-flows-kind">"Flow"</label>
                    <select
                        id="tl-flows-kind"
                        class="tl-select"
                        on:change=move |ev| {
                            if let Some(k) = FlowKind::parse(&event_target_value(&ev)) {
                                on_change.run((k, k.default_settings()));
                            }
                        }
                    >
                        <optgroup label="Flows">{flow_options(false)}</optgroup>
                        <optgroup label="Deprecated (shown to explain why)">
                            {flow_options(true)}
                        </optgroup>
                    </select>
                </div>
                <div class="tl-flows__summary">
                    <p class="tl-flows__summary-text">
                        {move || kind.get().summary()} " "
                        <a href=move || spec().url target="_blank" rel="noopener noreferrer">
                            {move || spec().reference}
                        </a>
                    </p>
                    <Show when=move || kind.get().deprecated()>
                        <p class="tl-message tl-message--warn" role="note">
                            <strong>"Deprecated. "</strong>
                            {move || match kind.get() {
                                FlowKind::Implicit => "OAuth 2.0 Security Best Current Practice (RFC 9700 §2.1.2) says clients should not use the implicit grant: the token travels in the URL, lands in browser history and scripts, and nothing binds it to the client. Use Authorization Code + PKCE instead.",
                                _ => "RFC 9700 §2.4 says the resource owner password credentials grant MUST NOT be used: the client sees the user's password, and the server cannot add a second factor or protect against phishing. Use Authorization Code + PKCE (or Device Authorization for devices) instead.",
                            }}
                        </p>
                    </Show>
                </div>
            </div>
            <div class="tl-flows__settings">
                <SettingSelect
                    id="tl-flows-client-type"
                    label="Client type"
                    options=vec![
                        (ClientType::Public.name(), "Public (no secret)"),
                        (ClientType::Confidential.name(), "Confidential (secret)"),
                    ]
                    current=Signal::derive(move || settings.with(|s| s.client_type.name()))
                    disabled=Signal::derive(move || client_type_is_fixed(kind.get()))
                    on_pick=Callback::new(move |v: &str| {
                        if let Some(c) = parse_client_type(v) {
                            change(&|s| s.client_type = c);
                        }
                    })
                />
                <SettingSelect
                    id="tl-flows-client-auth"
                    label="Client authentication"
                    options=vec![
                        (client_auth_slug(ClientAuth::ClientSecretBasic), "client_secret_basic"),
                        (client_auth_slug(ClientAuth::ClientSecretPost), "client_secret_post"),
                    ]
                    current=Signal::derive(move || settings.with(|s| client_auth_slug(s.client_auth)))
                    disabled=Signal::derive(move || settings.with(|s| s.client_type == ClientType::Public))
                    on_pick=Callback::new(move |v: &str| {
                        if let Some(a) = parse_client_auth(v) {
                            change(&|s| s.client_auth = a);
                        }
                    })
                />
                <SettingSelect
                    id="tl-flows-token-format"
                    label="Access token"
                    options=vec![
                        (token_format_slug(TokenFormat::Jwt), "JWT"),
                        (token_format_slug(TokenFormat::Opaque), "Opaque"),
                    ]
                    current=Signal::derive(move || {
                        settings.with(|s| token_format_slug(s.access_token_format))
                    })
                    disabled=Signal::derive(move || token_format_is_fixed(kind.get()))
                    on_pick=Callback::new(move |v: &str| {
                        if let Some(t) = parse_token_format(v) {
                            change(&|s| s.access_token_format = t);
                        }
                    })
                />
                <div class="tl-field">
                    <label class="tl-label" for="tl-flows-scope">"Scope"</label>
                    <input
                        id="tl-flows-scope"
                        class="tl-input tl-mono"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || settings.with(|s| s.scope.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            change(&|s| s.scope = v.trim().to_owned());
                        }
                    />
                </div>
                <Show when=move || shows_pkce(kind.get())>
                    <SettingSelect
                        id="tl-flows-pkce"
                        label="PKCE method"
                        options=vec![(Method::S256.name(), "S256"), (Method::Plain.name(), "plain (weak)")]
                        current=Signal::derive(move || settings.with(|s| s.pkce_method.name()))
                        on_pick=Callback::new(move |v: &str| {
                            if let Some(m) = Method::parse(v) {
                                change(&|s| s.pkce_method = m);
                            }
                        })
                    />
                </Show>
                <SettingSelect
                    id="tl-flows-alg"
                    label="Server signs with"
                    options=SERVER_ALGS.into_iter().map(|a| (a.name(), a.name())).collect()
                    current=Signal::derive(move || settings.with(|s| s.alg.name()))
                    on_pick=Callback::new(move |v: &str| {
                        if let Some(a) = tokenlab_engine::jwa::Alg::parse(v) {
                            change(&|s| s.alg = a);
                        }
                    })
                />
            </div>
            <p class="tl-hint">
                "Changing the flow or a setting starts it again, with a new simulated server (its key is generated in this page)."
            </p>
        </section>
    }
}

/// One setting as a labelled `<select>`: `options` are `(slug, text)`; the option whose slug is
/// `current` is selected, and picking another calls `on_pick` with its slug. (Slugs rather
/// than a generic value: one copy of the view code for every setting.)
#[component]
fn SettingSelect(
    /// The select's id (its label points at it).
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The choices: the slug in the option's `value` attribute, and the text shown.
    options: Vec<(&'static str, &'static str)>,
    /// The slug of the value chosen now.
    current: Signal<&'static str>,
    /// Greys the select out (when the flow fixes the setting).
    #[prop(optional)]
    disabled: Signal<bool>,
    /// Called with the slug picked.
    on_pick: Callback<&'static str>,
) -> impl IntoView {
    let lookup = options.clone();
    view! {
        <div class="tl-field">
            <label class="tl-label" for=id>{label}</label>
            <select
                id=id
                class="tl-select"
                disabled=move || disabled.get()
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    if let Some((slug, _)) = lookup.iter().find(|(s, _)| *s == picked) {
                        on_pick.run(slug);
                    }
                }
            >
                {options
                    .into_iter()
                    .map(|(slug, text)| {
                        view! {
                            <option value=slug selected=move || current.get() == slug>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn fixed_settings_match_what_the_engine_forces() {
        assert!(client_type_is_fixed(FlowKind::Implicit));
        assert!(client_type_is_fixed(FlowKind::JwtVsOpaque));
        assert!(!client_type_is_fixed(FlowKind::AuthorizationCode));
        assert!(token_format_is_fixed(FlowKind::JwtVsOpaque));
        assert!(shows_pkce(FlowKind::AuthorizationCodePkce));
        assert!(!shows_pkce(FlowKind::AuthorizationCode));
    }
}
