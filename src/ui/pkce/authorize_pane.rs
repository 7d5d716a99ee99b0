//! The authorization request URL builder (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2.1,
//! RFC 7636 §4.3, RFC 8707), with state and nonce generators.

use leptos::prelude::*;
use rand_core::OsRng;
use tokenlab_engine::pkce::{self, AuthorizeRequest, Method, UrlError};

use crate::ui::kit::choice_field::ChoiceField;
use crate::ui::kit::output_box::OutputBox;
use crate::ui::kit::sentence;
use crate::ui::kit::text_field::TextField;

/// The input an authorization URL error points at, so that it can be marked invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlField {
    /// The authorization endpoint (also for parameters repeated in its query).
    Endpoint,
    /// client_id.
    ClientId,
    /// response_type.
    ResponseType,
    /// code_challenge.
    CodeChallenge,
}

/// Which input caused `error`.
pub fn field_for(error: &UrlError) -> UrlField {
    match error {
        UrlError::MissingClientId => UrlField::ClientId,
        UrlError::MissingResponseType => UrlField::ResponseType,
        UrlError::MethodWithoutChallenge => UrlField::CodeChallenge,
        _ => UrlField::Endpoint,
    }
}

/// `None` for an empty (or blank) value: the engine leaves such parameters out.
fn optional(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

/// One `resource` per non-empty line (RFC 8707 allows several).
pub fn resources(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The builder: every common parameter, the URL built by the engine (encoded as
/// `application/x-www-form-urlencoded`, RFC 6749 Appendix B), its parameters decoded back in a
/// table, and the engine's error in place, with the input at fault marked.
#[component]
pub fn AuthorizePane(
    /// The generated code_verifier; code_challenge follows it (with the chosen method).
    verifier: RwSignal<String>,
) -> impl IntoView {
    let endpoint = RwSignal::new("https://auth.example.com/authorize".to_string());
    let client_id = RwSignal::new("tokenlab-demo".to_string());
    let redirect_uri = RwSignal::new("https://app.example.com/callback".to_string());
    let scope = RwSignal::new("openid profile email".to_string());
    let state = RwSignal::new(pkce::random_state(&mut OsRng));
    let nonce = RwSignal::new(pkce::random_nonce(&mut OsRng));
    let challenge = RwSignal::new(String::new());
    let method = RwSignal::new("S256".to_string());
    let response_type = RwSignal::new("code".to_string());
    let response_mode = RwSignal::new(String::new());
    let prompt = RwSignal::new(String::new());
    let login_hint = RwSignal::new(String::new());
    let resource = RwSignal::new(String::new());

    // A new verifier or method gives a new challenge (typing your own stays until then). Without
    // a code_challenge_method the server assumes plain (RFC 7636 §4.3).
    Effect::new(move |_| {
        let v = verifier.get();
        let m = Method::parse(&method.get()).unwrap_or(Method::Plain);
        challenge.set(pkce::challenge(&v, m).unwrap_or_default());
    });

    let built = Memo::new(move |_| {
        let req = AuthorizeRequest {
            endpoint: endpoint.get(),
            client_id: client_id.get(),
            redirect_uri: optional(redirect_uri.get()),
            scope: optional(scope.get()),
            state: optional(state.get()),
            nonce: optional(nonce.get()),
            code_challenge: optional(challenge.get()),
            code_challenge_method: Method::parse(&method.get()),
            response_type: response_type.get(),
            response_mode: optional(response_mode.get()),
            prompt: optional(prompt.get()),
            login_hint: optional(login_hint.get()),
            resource: resources(&resource.get()),
            extra: Vec::new(),
        };
        pkce::build_authorize_url(&req)
    });
    let bad = move |field: UrlField| {
        Signal::derive(move || built.with(|b| b.as_ref().err().map(field_for) == Some(field)))
    };
    let url = Signal::derive(move || built.with(|b| b.clone().unwrap_or_default()));
    let resource_id = crate::ui::kit::unique_id("tl-resource");

    view! {
        <section class="tl-pane tl-pkce__authorize" aria-labelledby="tl-pkce-url-title">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-pkce-url-title">"Authorization request URL"</h2>
            </div>
            <div class="tl-form-grid">
                <TextField label="Authorization endpoint" value=endpoint mono=true wide=true invalid=bad(UrlField::Endpoint)
                    hint="https:// (or http://) URL; it may already carry a query." />
                <TextField label="client_id" value=client_id mono=true invalid=bad(UrlField::ClientId) />
                <TextField label="response_type" value=response_type mono=true invalid=bad(UrlField::ResponseType)
                    hint="code for the authorization code flow." />
                <TextField label="redirect_uri" value=redirect_uri mono=true wide=true />
                <TextField label="scope" value=scope mono=true hint="Space-separated." />
                <ChoiceField label="prompt" value=prompt
                    choices=&[("", "(not sent)"), ("none", "none"), ("login", "login"), ("consent", "consent"), ("select_account", "select_account")] />
                <TextField label="state" value=state mono=true
                    hint="Binds the response to this browser session (RFC 6749 §10.12).">
                    <button type="button" class="tl-button tl-button--small"
                        on:click=move |_| state.set(pkce::random_state(&mut OsRng))>
                        "New"<span class="tl-visually-hidden">" state"</span>
                    </button>
                </TextField>
                <TextField label="nonce" value=nonce mono=true
                    hint="Binds the ID token to this request (OpenID Connect).">
                    <button type="button" class="tl-button tl-button--small"
                        on:click=move |_| nonce.set(pkce::random_nonce(&mut OsRng))>
                        "New"<span class="tl-visually-hidden">" nonce"</span>
                    </button>
                </TextField>
                <TextField label="code_challenge" value=challenge mono=true invalid=bad(UrlField::CodeChallenge)
                    hint="Follows the generated verifier above." />
                <ChoiceField label="code_challenge_method" value=method
                    choices=&[("S256", "S256"), ("plain", "plain"), ("", "(not sent: means plain)")] />
                <ChoiceField label="response_mode" value=response_mode
                    choices=&[("", "(not sent)"), ("query", "query"), ("fragment", "fragment"), ("form_post", "form_post")] />
                <TextField label="login_hint" value=login_hint mono=true />
                <div class="tl-field">
                    <label class="tl-label" for=resource_id.clone()>"resource"</label>
                    <textarea
                        id=resource_id.clone()
                        class="tl-textarea tl-textarea--short"
                        spellcheck="false"
                        aria-describedby=format!("{resource_id}-hint")
                        prop:value=move || resource.get()
                        on:input=move |ev| resource.set(event_target_value(&ev))
                    ></textarea>
                    <p class="tl-hint" id=format!("{resource_id}-hint")>
                        "Resource indicators (RFC 8707), one absolute URI per line."
                    </p>
                </div>
            </div>
            <div aria-live="polite">
                {move || built.with(|b| b.as_ref().err().map(|e| view! {
                    <p class="tl-message tl-message--error">{sentence(&e.to_string())}</p>
                }))}
            </div>
            <Show when=move || built.with(Result::is_ok)>
                <OutputBox label="Authorization URL" value=url />
                <table class="tl-table tl-pkce__params">
                    <caption class="tl-table__caption">"Parameters as the server will read them"</caption>
                    <thead>
                        <tr><th scope="col">"Name"</th><th scope="col">"Value"</th></tr>
                    </thead>
                    <tbody>
                        {move || pkce::parse_query(&url.get())
                            .into_iter()
                            .map(|(k, v)| view! { <tr><td class="tl-mono">{k}</td><td class="tl-mono">{v}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_url_error_marks_the_input_that_causes_it() {
        assert_eq!(field_for(&UrlError::MissingClientId), UrlField::ClientId);
        assert_eq!(
            field_for(&UrlError::MissingResponseType),
            UrlField::ResponseType
        );
        assert_eq!(
            field_for(&UrlError::MethodWithoutChallenge),
            UrlField::CodeChallenge
        );
        assert_eq!(field_for(&UrlError::EmptyEndpoint), UrlField::Endpoint);
        assert_eq!(field_for(&UrlError::EndpointFragment), UrlField::Endpoint);
    }

    #[test]
    fn resources_are_one_per_non_empty_line() {
        assert_eq!(
            resources(" https://a.example/\n\n  https://b.example/api \n"),
            vec!["https://a.example/", "https://b.example/api"]
        );
        assert!(resources("  \n").is_empty());
    }
}
