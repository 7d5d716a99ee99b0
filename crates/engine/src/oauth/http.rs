//! HTTP messages as plain data: what every step of a flow shows, and what the simulated servers
//! read and answer.
//!
//! A request has a method and an absolute URL; a response has a status. Bodies are text: forms
//! are `application/x-www-form-urlencoded` (RFC 6749 Appendix B), JSON responses are stored
//! pretty-printed so they read well as they are. Every reader here is total: a tampered message
//! gives empty or `None` results, never a panic.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The media type of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";
/// The media type of JSON bodies.
pub const JSON: &str = "application/json";

/// An HTTP request or response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpMessage {
    /// The method (`"GET"`, `"POST"`) of a request; `None` for a response.
    pub method: Option<String>,
    /// The absolute URL of a request. For a response, the URL of the request it answers (shown
    /// for context, never sent).
    pub url: String,
    /// The status of a response (`200`, `302`, `400`, `401`); `None` for a request.
    pub status: Option<u16>,
    /// The header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

/// Why a `Basic` Authorization header could not be read (RFC 7617, RFC 6749 §2.3.1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BasicAuthError {
    /// The credentials are not valid base64.
    #[error("the Basic credentials are not valid base64")]
    NotBase64,
    /// The decoded credentials are not UTF-8 text.
    #[error("the decoded Basic credentials are not UTF-8 text")]
    NotUtf8,
    /// No `:` between the client id and the secret.
    #[error("the decoded Basic credentials have no ':' between the client id and the secret")]
    NoColon,
}

impl BasicAuthError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            BasicAuthError::NotBase64 => "basic_not_base64",
            BasicAuthError::NotUtf8 => "basic_not_utf8",
            BasicAuthError::NoColon => "basic_no_colon",
        }
    }
}

/// The credentials a request carries in its `Authorization` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authorization {
    /// No `Authorization` header.
    None,
    /// `Basic` with a readable client id and secret (already form-decoded, RFC 6749 §2.3.1).
    Basic {
        /// The client id.
        user: String,
        /// The secret.
        password: String,
    },
    /// `Basic` that could not be read.
    BadBasic(BasicAuthError),
    /// `Bearer` with its token (RFC 6750 §2.1).
    Bearer(String),
    /// Any other scheme, with the header's value.
    Other(String),
}

/// The parts of an absolute URL this module needs.
struct UrlParts<'a> {
    /// `https://host` (scheme and authority).
    origin: &'a str,
    /// The authority (`host[:port]`).
    authority: &'a str,
    /// The path, `/` when empty.
    path: &'a str,
    /// The query without `?`.
    query: Option<&'a str>,
    /// The fragment without `#`.
    fragment: Option<&'a str>,
}

fn split_url(url: &str) -> UrlParts<'_> {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (url, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let after_scheme = before_query.find("://").map_or(0, |i| i + 3);
    let path_start = before_query
        .get(after_scheme..)
        .and_then(|rest| rest.find('/'))
        .map_or(before_query.len(), |i| i + after_scheme);
    UrlParts {
        origin: before_query.get(..path_start).unwrap_or(""),
        authority: before_query.get(after_scheme..path_start).unwrap_or(""),
        path: before_query
            .get(path_start..)
            .filter(|p| !p.is_empty())
            .unwrap_or("/"),
        query,
        fragment,
    }
}

/// Decodes `application/x-www-form-urlencoded` text into pairs, in order.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Encodes pairs as `application/x-www-form-urlencoded`, leaving out pairs with an empty value
/// (RFC 6749 §3.1: a parameter without a value is treated as omitted).
pub fn encode_form<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.as_ref().is_empty() {
            s.append_pair(k.as_ref(), v.as_ref());
        }
    }
    s.finish()
}

/// Replaces (or adds) `name` in form pairs; an empty value removes it.
pub(crate) fn set_pair(pairs: &mut Vec<(String, String)>, name: &str, value: &str) {
    if value.is_empty() {
        pairs.retain(|(k, _)| k != name);
        return;
    }
    let mut found = false;
    pairs.retain_mut(|(k, v)| {
        if k != name {
            return true;
        }
        if found {
            return false;
        }
        found = true;
        *v = value.to_owned();
        true
    });
    if !found {
        pairs.push((name.to_owned(), value.to_owned()));
    }
}

/// The value of the first pair named `name`.
pub fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A URL with its query replaced by `pairs` (the fragment is kept).
pub fn with_query(url: &str, pairs: &[(String, String)]) -> String {
    let parts = split_url(url);
    let base = match url.split_once(['?', '#']) {
        Some((b, _)) => b,
        None => url,
    };
    let query = encode_form(pairs);
    let mut out = base.to_owned();
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if let Some(f) = parts.fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// A URL with its fragment replaced by form-encoded `pairs`.
pub fn with_fragment(url: &str, pairs: &[(String, String)]) -> String {
    let base = url.split('#').next().unwrap_or("");
    let fragment = encode_form(pairs);
    if fragment.is_empty() {
        base.to_owned()
    } else {
        format!("{base}#{fragment}")
    }
}

/// The decoded query of a URL.
pub fn url_query(url: &str) -> Vec<(String, String)> {
    split_url(url).query.map(parse_form).unwrap_or_default()
}

/// The decoded fragment of a URL (as the implicit grant uses it, RFC 6749 §4.2.2).
pub fn url_fragment(url: &str) -> Vec<(String, String)> {
    split_url(url).fragment.map(parse_form).unwrap_or_default()
}

/// A URL without its query and fragment, for exact comparisons and display.
pub fn url_without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or("")
}

/// The `Basic` credentials for a client (RFC 6749 §2.3.1: id and secret are form-encoded first,
/// then joined by `:` and base64-encoded).
pub fn basic_credentials(user: &str, password: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", enc(user), enc(password)))
    )
}

/// Decodes one form-encoded component (`+` is a space, then percent-escapes).
fn form_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        303 => "See Other",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

impl HttpMessage {
    /// A `GET` request for an absolute URL.
    pub fn get(url: impl Into<String>) -> HttpMessage {
        HttpMessage {
            method: Some("GET".to_owned()),
            url: url.into(),
            ..HttpMessage::default()
        }
    }

    /// A `POST` request with a form body (pairs with an empty value are left out).
    pub fn post_form<K: AsRef<str>, V: AsRef<str>>(
        url: impl Into<String>,
        pairs: &[(K, V)],
    ) -> HttpMessage {
        HttpMessage {
            method: Some("POST".to_owned()),
            url: url.into(),
            status: None,
            headers: vec![("Content-Type".to_owned(), FORM.to_owned())],
            body: Some(encode_form(pairs)),
        }
    }

    /// A response with a status and no body.
    pub fn response(status: u16) -> HttpMessage {
        HttpMessage {
            status: Some(status),
            ..HttpMessage::default()
        }
    }

    /// A JSON response, pretty-printed, with `Cache-Control: no-store` (RFC 6749 §5.1 asks it
    /// of every response carrying tokens or credentials; it is harmless on the others).
    pub fn json(status: u16, value: &Value) -> HttpMessage {
        let body = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
        HttpMessage {
            status: Some(status),
            headers: vec![
                ("Content-Type".to_owned(), JSON.to_owned()),
                ("Cache-Control".to_owned(), "no-store".to_owned()),
            ],
            body: Some(body),
            ..HttpMessage::default()
        }
    }

    /// A `302 Found` redirect to `location`.
    pub fn redirect(location: impl Into<String>) -> HttpMessage {
        HttpMessage {
            status: Some(302),
            headers: vec![("Location".to_owned(), location.into())],
            ..HttpMessage::default()
        }
    }

    /// An HTML page response.
    pub fn html(status: u16, html: impl Into<String>) -> HttpMessage {
        HttpMessage {
            status: Some(status),
            headers: vec![(
                "Content-Type".to_owned(),
                "text/html; charset=utf-8".to_owned(),
            )],
            body: Some(html.into()),
            ..HttpMessage::default()
        }
    }

    /// This message with a header added.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> HttpMessage {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// This response with `url` set to the request it answers.
    pub fn answering(mut self, request: &HttpMessage) -> HttpMessage {
        self.url = request.url.clone();
        self
    }

    /// True for a request (it has a method).
    pub fn is_request(&self) -> bool {
        self.method.is_some()
    }

    /// The first header named `name` (case-insensitive, RFC 9110 §5.1).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing every field of that name; an empty value removes it.
    pub fn set_header(&mut self, name: &str, value: &str) {
        let at = self
            .headers
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(name));
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        if !value.is_empty() {
            let at = at.unwrap_or(self.headers.len()).min(self.headers.len());
            self.headers.insert(at, (name.to_owned(), value.to_owned()));
        }
    }

    /// The decoded query of [`HttpMessage::url`].
    pub fn query(&self) -> Vec<(String, String)> {
        url_query(&self.url)
    }

    /// The media type of the body, lower-cased, without parameters (`"application/json"`).
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The decoded form body; empty unless the body is `application/x-www-form-urlencoded`.
    pub fn form(&self) -> Vec<(String, String)> {
        match (&self.body, self.content_type().as_deref()) {
            (Some(body), Some(FORM)) => parse_form(body),
            _ => Vec::new(),
        }
    }

    /// The body as JSON, when it parses.
    pub fn json_body(&self) -> Option<Value> {
        self.body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
    }

    /// A string member of a JSON body.
    pub fn json_str(&self, name: &str) -> Option<String> {
        self.json_body()?.get(name)?.as_str().map(str::to_owned)
    }

    /// The `Location` header of a redirect.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The decoded query of the `Location` header.
    pub fn location_query(&self) -> Vec<(String, String)> {
        self.location().map(url_query).unwrap_or_default()
    }

    /// The decoded fragment of the `Location` header.
    pub fn location_fragment(&self) -> Vec<(String, String)> {
        self.location().map(url_fragment).unwrap_or_default()
    }

    /// Sets a query parameter of the URL; an empty value removes it.
    pub fn set_query_param(&mut self, name: &str, value: &str) {
        let mut pairs = self.query();
        set_pair(&mut pairs, name, value);
        self.url = with_query(&self.url, &pairs);
    }

    /// Sets a query parameter of the `Location` header; an empty value removes it.
    pub fn set_location_param(&mut self, name: &str, value: &str) {
        let Some(location) = self.location().map(str::to_owned) else {
            return;
        };
        let mut pairs = url_query(&location);
        set_pair(&mut pairs, name, value);
        self.set_header("Location", &with_query(&location, &pairs));
    }

    /// Sets a parameter of the `Location` header's fragment; an empty value removes it.
    pub fn set_fragment_param(&mut self, name: &str, value: &str) {
        let Some(location) = self.location().map(str::to_owned) else {
            return;
        };
        let mut pairs = url_fragment(&location);
        set_pair(&mut pairs, name, value);
        self.set_header("Location", &with_fragment(&location, &pairs));
    }

    /// Sets a parameter of a form body; an empty value removes it.
    pub fn set_form_param(&mut self, name: &str, value: &str) {
        let mut pairs = self.form();
        set_pair(&mut pairs, name, value);
        self.body = Some(encode_form(&pairs));
        if self.content_type().as_deref() != Some(FORM) {
            self.set_header("Content-Type", FORM);
        }
    }

    /// Sets a string member of a JSON body (pretty-printed again); an empty value removes it.
    /// A body that is not a JSON object is left alone.
    pub fn set_json_member(&mut self, name: &str, value: &str) {
        let Some(Value::Object(mut o)) = self.json_body() else {
            return;
        };
        if value.is_empty() {
            o.remove(name);
        } else {
            o.insert(name.to_owned(), Value::from(value));
        }
        let v = Value::Object(o);
        self.body = Some(serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string()));
    }

    /// The credentials in the `Authorization` header.
    pub fn authorization(&self) -> Authorization {
        let Some(value) = self.header("authorization") else {
            return Authorization::None;
        };
        let value = value.trim();
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        let rest = rest.trim();
        if scheme.eq_ignore_ascii_case("basic") {
            let Ok(bytes) = STANDARD.decode(rest) else {
                return Authorization::BadBasic(BasicAuthError::NotBase64);
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return Authorization::BadBasic(BasicAuthError::NotUtf8);
            };
            let Some((user, password)) = text.split_once(':') else {
                return Authorization::BadBasic(BasicAuthError::NoColon);
            };
            Authorization::Basic {
                user: form_decode(user),
                password: form_decode(password),
            }
        } else if scheme.eq_ignore_ascii_case("bearer") {
            Authorization::Bearer(rest.to_owned())
        } else {
            Authorization::Other(value.to_owned())
        }
    }

    /// Sets `Authorization: Basic …` for a client id and secret.
    pub fn set_basic_auth(&mut self, user: &str, password: &str) {
        self.set_header("Authorization", &basic_credentials(user, password));
    }

    /// The status line's reason phrase (`"Found"` for 302); empty for requests and unknown codes.
    pub fn reason(&self) -> &'static str {
        self.status.map_or("", reason_phrase)
    }

    /// The message as HTTP/1.1 text: request line (path and query, with a `Host` header) or
    /// status line, the header fields, a computed `Content-Length` when there is a body, a blank
    /// line and the body. Lines end in `\n` for display (on the wire they end in CRLF).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        match (&self.method, self.status) {
            (Some(method), _) => {
                let parts = split_url(&self.url);
                out.push_str(method);
                out.push(' ');
                out.push_str(parts.path);
                if let Some(q) = parts.query {
                    out.push('?');
                    out.push_str(q);
                }
                out.push_str(" HTTP/1.1\n");
                if !parts.authority.is_empty() && self.header("host").is_none() {
                    out.push_str("Host: ");
                    out.push_str(parts.authority);
                    out.push('\n');
                }
            }
            (None, status) => {
                let status = status.unwrap_or(200);
                out.push_str(&format!("HTTP/1.1 {status} {}", reason_phrase(status)));
                out = out.trim_end().to_owned();
                out.push('\n');
            }
        }
        for (k, v) in &self.headers {
            out.push_str(k);
            out.push_str(": ");
            out.push_str(v);
            out.push('\n');
        }
        if let Some(body) = &self.body {
            if self.header("content-length").is_none() {
                out.push_str(&format!("Content-Length: {}\n", body.len()));
            }
            out.push('\n');
            out.push_str(body);
        }
        out
    }

    /// `https://host` of the URL.
    pub fn origin(&self) -> &str {
        split_url(&self.url).origin
    }

    /// The path of the URL (`/token`).
    pub fn path(&self) -> &str {
        split_url(&self.url).path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_form_request_prints_as_http_1_1_with_host_and_length() {
        let mut req = HttpMessage::post_form(
            "https://auth.tokenlab.example/token",
            &[("grant_type", "authorization_code"), ("code", "a b")],
        );
        req.set_basic_auth("app", "s3cret");
        let text = req.to_text();
        assert!(text.starts_with("POST /token HTTP/1.1\nHost: auth.tokenlab.example\n"));
        assert!(text.contains("Content-Type: application/x-www-form-urlencoded\n"));
        assert!(text.contains("Authorization: Basic YXBwOnMzY3JldA==\n"));
        assert!(text.ends_with("Content-Length: 38\n\ngrant_type=authorization_code&code=a+b"));
    }

    #[test]
    fn a_redirect_prints_its_status_line_and_location() {
        let text = HttpMessage::redirect("https://app.example/cb?code=x").to_text();
        assert_eq!(
            text,
            "HTTP/1.1 302 Found\nLocation: https://app.example/cb?code=x\n"
        );
    }

    #[test]
    fn basic_credentials_are_form_encoded_before_base64() {
        let mut req = HttpMessage::get("https://x.example/");
        req.set_basic_auth("my app", "p:ss%");
        assert_eq!(
            req.authorization(),
            Authorization::Basic {
                user: "my app".into(),
                password: "p:ss%".into()
            }
        );
    }

    #[test]
    fn broken_basic_credentials_are_reported_not_panicked_on() {
        let mut req = HttpMessage::get("https://x.example/");
        for (value, code) in [
            ("Basic !!!", "basic_not_base64"),
            ("Basic //79", "basic_not_utf8"),
            ("Basic YXBw", "basic_no_colon"),
        ] {
            req.set_header("Authorization", value);
            match req.authorization() {
                Authorization::BadBasic(e) => assert_eq!(e.code(), code, "{value}"),
                other => panic!("{value}: {other:?}"),
            }
        }
        req.set_header("Authorization", "Bearer abc");
        assert_eq!(req.authorization(), Authorization::Bearer("abc".into()));
    }

    #[test]
    fn query_and_location_parameters_can_be_edited_and_removed() {
        let mut req = HttpMessage::get("https://a.example/authorize?state=x&scope=a+b#frag");
        req.set_query_param("state", "y z");
        assert_eq!(
            req.url,
            "https://a.example/authorize?state=y+z&scope=a+b#frag"
        );
        req.set_query_param("scope", "");
        assert_eq!(req.query(), vec![("state".into(), "y z".into())]);
        let mut resp = HttpMessage::redirect("https://app.example/cb#access_token=t&state=s");
        resp.set_fragment_param("state", "evil");
        assert_eq!(
            resp.location(),
            Some("https://app.example/cb#access_token=t&state=evil")
        );
        resp.set_location_param("code", "c");
        assert_eq!(
            resp.location(),
            Some("https://app.example/cb?code=c#access_token=t&state=evil")
        );
    }

    #[test]
    fn json_members_can_be_edited_and_bodies_that_are_not_json_are_left_alone() {
        let mut resp = HttpMessage::json(200, &serde_json::json!({"access_token": "a"}));
        resp.set_json_member("access_token", "b");
        assert_eq!(resp.json_str("access_token").as_deref(), Some("b"));
        let mut page = HttpMessage::html(200, "<p>hi</p>");
        page.set_json_member("x", "y");
        assert_eq!(page.body.as_deref(), Some("<p>hi</p>"));
    }

    #[test]
    fn the_form_body_is_only_read_with_the_form_content_type() {
        let mut req = HttpMessage::post_form("https://a.example/token", &[("a", "1")]);
        assert_eq!(req.form(), vec![("a".into(), "1".into())]);
        req.set_header("Content-Type", "application/json");
        assert!(req.form().is_empty());
    }

    #[test]
    fn urls_without_paths_or_schemes_do_not_panic() {
        for url in [
            "",
            "?",
            "#",
            "https://",
            "https://host",
            "no-scheme?x=1",
            "://?#",
        ] {
            let m = HttpMessage::get(url);
            let _ = (m.to_text(), m.query(), m.path(), m.origin());
        }
        assert_eq!(HttpMessage::get("https://host").path(), "/");
    }
}
