//! The Flows section's place in the URL fragment: `#flows&flow=authorization-code-pkce&step=4`,
//! plus the learner's settings when they differ from the flow's defaults
//! (`&client=public&token=opaque&scope=…&auth=post&pkce=plain&alg=RS256`).
//!
//! `step` counts from 1, as people do ("step 4 of PKCE"). Nothing secret is ever written here:
//! the server key and the random seed stay in memory, so opening a link replays the flow to the
//! same step with fresh random values (see [`super::session`]).

use tokenlab_engine::jwa::Alg;
use tokenlab_engine::oauth::flows::{ClientAuth, FlowKind, Settings};
use tokenlab_engine::oauth::server::{ClientType, TokenFormat};
use tokenlab_engine::pkce::Method;

use crate::route::Fragment;

/// The flow Tokenlab opens with: the one every client should use.
pub const DEFAULT_FLOW: FlowKind = FlowKind::AuthorizationCodePkce;

/// A position in a flow, as a link carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Which flow.
    pub kind: FlowKind,
    /// The learner's settings.
    pub settings: Settings,
    /// The step shown, counting from 1.
    pub step: usize,
}

impl Link {
    /// Step 1 of `kind` with its default settings.
    pub fn start(kind: FlowKind) -> Link {
        Link {
            kind,
            settings: kind.default_settings(),
            step: 1,
        }
    }

    /// The fragment parameters: `flow`, `step`, then each setting that differs from the flow's
    /// default.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let d = self.kind.default_settings();
        let s = &self.settings;
        let mut out = vec![
            ("flow", self.kind.slug().to_owned()),
            ("step", self.step.max(1).to_string()),
        ];
        if s.client_type != d.client_type {
            out.push(("client", s.client_type.name().to_owned()));
        }
        if s.client_auth != d.client_auth {
            out.push(("auth", client_auth_slug(s.client_auth).to_owned()));
        }
        if s.access_token_format != d.access_token_format {
            out.push(("token", token_format_slug(s.access_token_format).to_owned()));
        }
        if s.scope != d.scope {
            out.push(("scope", s.scope.clone()));
        }
        if s.pkce_method != d.pkce_method {
            out.push(("pkce", s.pkce_method.name().to_owned()));
        }
        if s.alg != d.alg {
            out.push(("alg", s.alg.name().to_owned()));
        }
        out
    }

    /// Reads a link from a fragment; `None` when it names no known flow. Unknown or malformed
    /// settings fall back to the flow's defaults, a missing or malformed step to 1.
    pub fn parse(fragment: &Fragment) -> Option<Link> {
        let kind = FlowKind::parse(fragment.param("flow")?)?;
        let mut settings = kind.default_settings();
        if let Some(c) = fragment.param("client").and_then(parse_client_type) {
            settings.client_type = c;
        }
        if let Some(a) = fragment.param("auth").and_then(parse_client_auth) {
            settings.client_auth = a;
        }
        if let Some(t) = fragment.param("token").and_then(parse_token_format) {
            settings.access_token_format = t;
        }
        if let Some(scope) = fragment.param("scope").filter(|s| !s.trim().is_empty()) {
            settings.scope = scope.to_owned();
        }
        if let Some(m) = fragment.param("pkce").and_then(Method::parse) {
            settings.pkce_method = m;
        }
        if let Some(a) = fragment
            .param("alg")
            .and_then(Alg::parse)
            .filter(|a| SERVER_ALGS.contains(a))
        {
            settings.alg = a;
        }
        let step = fragment
            .param("step")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        Some(Link {
            kind,
            settings,
            step,
        })
    }
}

/// The algorithms the learner may choose for the simulated server (asymmetric, so its JWKS can
/// be public). RSA ones take a moment to generate a key.
pub const SERVER_ALGS: [Alg; 5] = [Alg::ES256, Alg::ES384, Alg::EdDSA, Alg::RS256, Alg::PS256];

/// `basic` or `post`.
pub fn client_auth_slug(a: ClientAuth) -> &'static str {
    match a {
        ClientAuth::ClientSecretBasic => "basic",
        ClientAuth::ClientSecretPost => "post",
    }
}

/// Parses [`client_auth_slug`].
pub fn parse_client_auth(s: &str) -> Option<ClientAuth> {
    match s {
        "basic" => Some(ClientAuth::ClientSecretBasic),
        "post" => Some(ClientAuth::ClientSecretPost),
        _ => None,
    }
}

/// `jwt` or `opaque`.
pub fn token_format_slug(f: TokenFormat) -> &'static str {
    match f {
        TokenFormat::Jwt => "jwt",
        TokenFormat::Opaque => "opaque",
    }
}

/// Parses [`token_format_slug`].
pub fn parse_token_format(s: &str) -> Option<TokenFormat> {
    match s {
        "jwt" => Some(TokenFormat::Jwt),
        "opaque" => Some(TokenFormat::Opaque),
        _ => None,
    }
}

/// Parses [`ClientType::name`].
pub fn parse_client_type(s: &str) -> Option<ClientType> {
    match s {
        "public" => Some(ClientType::Public),
        "confidential" => Some(ClientType::Confidential),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::{build_fragment, parse_fragment, Section};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn round_trip(link: &Link) -> Option<Link> {
        let params = link.params();
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Link::parse(&parse_fragment(&build_fragment(Section::Flows, &pairs)))
    }

    #[test]
    fn a_default_link_names_only_the_flow_and_the_step() {
        let link = Link {
            step: 4,
            ..Link::start(FlowKind::AuthorizationCodePkce)
        };
        assert_eq!(
            link.params(),
            vec![
                ("flow", "authorization-code-pkce".to_owned()),
                ("step", "4".to_owned())
            ]
        );
        assert_eq!(round_trip(&link), Some(link));
    }

    #[test]
    fn every_flow_and_every_changed_setting_round_trips() {
        for kind in FlowKind::ALL {
            let mut link = Link::start(kind);
            link.step = 7;
            link.settings.client_type = match link.settings.client_type {
                ClientType::Public => ClientType::Confidential,
                _ => ClientType::Public,
            };
            link.settings.client_auth = ClientAuth::ClientSecretPost;
            link.settings.access_token_format = TokenFormat::Opaque;
            link.settings.scope = "openid api.read & more".to_owned();
            link.settings.pkce_method = Method::Plain;
            link.settings.alg = Alg::RS256;
            assert_eq!(round_trip(&link), Some(link.clone()), "{kind:?}");
        }
    }

    #[test]
    fn a_teacher_link_opens_step_4_of_pkce() {
        let f = parse_fragment("#flows&flow=authorization-code-pkce&step=4");
        let link = Link::parse(&f).expect("a link");
        assert_eq!(link.kind, FlowKind::AuthorizationCodePkce);
        assert_eq!(link.step, 4);
        assert_eq!(
            link.settings,
            FlowKind::AuthorizationCodePkce.default_settings()
        );
    }

    #[test]
    fn nonsense_values_fall_back_to_defaults_and_unknown_flows_give_no_link() {
        let f = parse_fragment(
            "#flows&flow=device-authorization&step=-3&client=root&alg=HS256&token=xml&scope=+",
        );
        let link = Link::parse(&f).expect("a link");
        assert_eq!(link.step, 1);
        assert_eq!(
            link.settings,
            FlowKind::DeviceAuthorization.default_settings()
        );
        assert_eq!(Link::parse(&parse_fragment("#flows&flow=magic")), None);
        assert_eq!(Link::parse(&parse_fragment("#flows")), None);
    }

    #[test]
    fn slugs_parse_back() {
        for a in [ClientAuth::ClientSecretBasic, ClientAuth::ClientSecretPost] {
            assert_eq!(parse_client_auth(client_auth_slug(a)), Some(a));
        }
        for t in [TokenFormat::Jwt, TokenFormat::Opaque] {
            assert_eq!(parse_token_format(token_format_slug(t)), Some(t));
        }
        for c in [ClientType::Public, ClientType::Confidential] {
            assert_eq!(parse_client_type(c.name()), Some(c));
        }
    }
}
