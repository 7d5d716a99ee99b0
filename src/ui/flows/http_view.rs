//! One HTTP message as it would travel: the request or status line, the headers and the body
//! (`HttpMessage::to_text`), then its parameters decoded in tables — the query, the redirect's
//! `Location` parameters, the form body, the `Authorization` header and the JSON members.

use leptos::prelude::*;
use tokenlab_engine::oauth::http::{Authorization, HttpMessage};

/// A table of decoded parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamTable {
    /// The caption: "Query parameters".
    pub caption: &'static str,
    /// `(name, value)` in order.
    pub rows: Vec<(String, String)>,
}

/// The tables worth showing for a message (empty ones are left out).
pub fn param_tables(msg: &HttpMessage) -> Vec<ParamTable> {
    let mut out = Vec::new();
    let mut add = |caption: &'static str, rows: Vec<(String, String)>| {
        if !rows.is_empty() {
            out.push(ParamTable { caption, rows });
        }
    };
    add("Query parameters", msg.query());
    add("Redirect (Location) query parameters", msg.location_query());
    add(
        "Redirect (Location) fragment parameters",
        msg.location_fragment(),
    );
    match msg.authorization() {
        Authorization::Basic { user, password } => add(
            "Authorization: Basic, decoded",
            vec![
                ("client_id".to_owned(), user),
                ("client_secret".to_owned(), password),
            ],
        ),
        Authorization::Bearer(token) => add(
            "Authorization: Bearer",
            vec![("access_token".to_owned(), token)],
        ),
        _ => {}
    }
    add("Form body parameters", msg.form());
    if let Some(serde_value) = msg.json_body() {
        if let Some(o) = serde_value.as_object() {
            let rows = o
                .iter()
                .map(|(k, v)| {
                    let text = match v.as_str() {
                        Some(s) => s.to_owned(),
                        None => v.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect();
            add("JSON body members", rows);
        }
    }
    out
}

/// The first line of a message: `POST https://auth.tokenlab.example/token` or `HTTP 302 Found`.
pub fn headline(msg: &HttpMessage) -> String {
    match (&msg.method, msg.status) {
        (Some(m), _) => format!("{m} {}", msg.url),
        (None, Some(status)) => format!("HTTP {status} {}", msg.reason())
            .trim_end()
            .to_owned(),
        (None, None) => "HTTP response".to_owned(),
    }
}

/// An HTTP message with its decoded parameters.
#[component]
pub fn HttpView(
    /// The message.
    #[prop(into)]
    message: Signal<HttpMessage>,
    /// Names of the values the learner changed (marked in the tables).
    #[prop(into)]
    tampered: Signal<Vec<String>>,
) -> impl IntoView {
    let tables = move || {
        let tampered = tampered.get();
        message.with(param_tables)
            .into_iter()
            .map(|t| {
                let tampered = tampered.clone();
                view! {
                    <table class="tl-table tl-flows__params">
                        <caption class="tl-flows__caption">{t.caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Value"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {t
                                .rows
                                .into_iter()
                                .map(|(k, v)| {
                                    let changed = tampered.contains(&k);
                                    view! {
                                        <tr class:tl-flows__row--tampered=changed>
                                            <th scope="row" class="tl-mono">
                                                {k}
                                                {changed
                                                    .then(|| {
                                                        view! {
                                                            <span class="tl-flows__tag tl-flows__tag--tampered">
                                                                "tampered"
                                                            </span>
                                                        }
                                                    })}
                                            </th>
                                            <td class="tl-mono">{v}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })
            .collect_view()
    };
    view! {
        <div class="tl-flows__http">
            <p class="tl-flows__headline tl-mono">{move || message.with(headline)}</p>
            <pre class="tl-code tl-flows__wire">
                {move || message.with(HttpMessage::to_text)}
            </pre>
            {tables}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_token_request_shows_its_form_and_decoded_basic_credentials() {
        let mut req = HttpMessage::post_form(
            "https://auth.tokenlab.example/token",
            &[("grant_type", "authorization_code"), ("code", "a b")],
        );
        req.set_basic_auth("app", "s3cret");
        let tables = param_tables(&req);
        let captions: Vec<&str> = tables.iter().map(|t| t.caption).collect();
        assert_eq!(
            captions,
            ["Authorization: Basic, decoded", "Form body parameters"]
        );
        assert_eq!(tables[0].rows[1], ("client_secret".into(), "s3cret".into()));
        assert_eq!(tables[1].rows[1], ("code".into(), "a b".into()));
        assert_eq!(headline(&req), "POST https://auth.tokenlab.example/token");
    }

    #[test]
    fn a_redirect_shows_its_location_parameters_and_status() {
        let resp = HttpMessage::redirect("https://app.example/cb?code=c&state=s#x=1");
        let tables = param_tables(&resp);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows[0], ("code".into(), "c".into()));
        assert_eq!(tables[1].rows[0], ("x".into(), "1".into()));
        assert_eq!(headline(&resp), "HTTP 302 Found");
    }

    #[test]
    fn json_members_are_listed_with_strings_unquoted() {
        let body = HttpMessage {
            status: Some(400),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(r#"{"error": "invalid_grant", "expires_in": 300}"#.into()),
            ..HttpMessage::default()
        };
        let tables = param_tables(&body);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows[0], ("error".into(), "invalid_grant".into()));
        assert_eq!(tables[0].rows[1], ("expires_in".into(), "300".into()));
    }
}
