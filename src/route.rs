//! Sections and the URL fragment.
//!
//! The fragment is a `&`-separated list. A bare word names the section (`#keys`); `name=value`
//! pairs (percent-encoded as in a query string) carry parameters such as `#token=eyJ…` (which
//! opens the Debugger) or `#flows&flow=pkce&step=4`. Parsing is plain data in, plain data out, so
//! it is tested natively.

/// A top-level section of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Paste anything, see header, payload and signature status.
    Debugger,
    /// Write a header and claims and sign them.
    Encoder,
    /// Generate and convert keys.
    Keys,
    /// PKCE verifiers and challenges, state and nonce, authorization URLs.
    Pkce,
    /// OAuth 2 and OpenID Connect flows as sequence diagrams with real HTTP messages.
    Flows,
}

impl Section {
    /// The sections that work, in navigation order. A section is listed here only once it is
    /// complete: there are no placeholder pages.
    pub const ALL: &'static [Section] = &[
        Section::Debugger,
        Section::Encoder,
        Section::Keys,
        Section::Pkce,
        Section::Flows,
    ];

    /// The fragment word that selects the section.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Debugger => "debugger",
            Section::Encoder => "encoder",
            Section::Keys => "keys",
            Section::Pkce => "pkce",
            Section::Flows => "flows",
        }
    }

    /// The name shown in the navigation.
    pub fn title(self) -> &'static str {
        match self {
            Section::Debugger => "Debugger",
            Section::Encoder => "Encoder",
            Section::Keys => "Keys",
            Section::Pkce => "PKCE",
            Section::Flows => "Flows",
        }
    }

    /// Finds a section by its fragment word.
    pub fn from_slug(slug: &str) -> Option<Section> {
        Section::ALL.iter().copied().find(|s| s.slug() == slug)
    }
}

/// A parsed URL fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fragment {
    /// The section named by a bare word, if any.
    pub section: Option<Section>,
    /// Every `name=value` pair, decoded, in order.
    pub params: Vec<(String, String)>,
}

impl Fragment {
    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The section to show: the named one; else the Debugger when a `token` is given; else the
    /// first section.
    pub fn effective_section(&self) -> Section {
        match self.section {
            Some(s) => s,
            None if self.param("token").is_some() => Section::Debugger,
            None => Section::ALL[0],
        }
    }
}

/// Parses a fragment (with or without its leading `#`). Unknown words are ignored.
pub fn parse_fragment(fragment: &str) -> Fragment {
    let body = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut out = Fragment::default();
    for part in body.split('&').filter(|p| !p.is_empty()) {
        if part.contains('=') {
            out.params.extend(
                form_urlencoded::parse(part.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        } else if out.section.is_none() {
            out.section = Section::from_slug(part);
        }
    }
    out
}

/// Builds a fragment (with its leading `#`) from a section and parameters.
pub fn build_fragment(section: Section, params: &[(&str, &str)]) -> String {
    let mut s = format!("#{}", section.slug());
    for (k, v) in params {
        s.push('&');
        s.extend(form_urlencoded::byte_serialize(k.as_bytes()));
        s.push('=');
        s.extend(form_urlencoded::byte_serialize(v.as_bytes()));
    }
    s
}

/// The fragment of a share link: `section` with `params`, and the key (`key`, `enc`) only when
/// one is given. Share links live in the fragment, never the query: browsers do not send the
/// fragment to the server that hosts the page.
pub fn share_fragment(
    section: Section,
    params: &[(String, String)],
    key: Option<(&str, &str)>,
) -> String {
    let mut all: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Some((key, enc)) = key.filter(|(k, _)| !k.trim().is_empty()) {
        all.push(("key", key));
        all.push(("enc", enc));
    }
    build_fragment(section, &all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_fragments_carry_the_key_only_when_asked_and_round_trip() {
        let params = vec![("token".to_string(), "a.b.c".to_string())];
        let without = share_fragment(Section::Debugger, &params, None);
        assert_eq!(without, "#debugger&token=a.b.c");
        let secret = "s3cret &=+# é";
        let with = share_fragment(Section::Debugger, &params, Some((secret, "utf8")));
        let parsed = parse_fragment(&with);
        assert_eq!(parsed.section, Some(Section::Debugger));
        assert_eq!(parsed.param("token"), Some("a.b.c"));
        assert_eq!(parsed.param("key"), Some(secret));
        assert_eq!(parsed.param("enc"), Some("utf8"));
        // An empty key adds nothing.
        assert_eq!(
            share_fragment(Section::Debugger, &params, Some(("  ", "utf8"))),
            without
        );
    }

    #[test]
    fn a_bare_word_selects_the_section_and_pairs_become_parameters() {
        let f = parse_fragment("#debugger&token=a.b.c");
        assert_eq!(f.section, Some(Section::Debugger));
        assert_eq!(f.param("token"), Some("a.b.c"));
    }

    #[test]
    fn a_bare_token_parameter_opens_the_debugger() {
        let f = parse_fragment("#token=eyJ.a.b");
        assert_eq!(f.effective_section(), Section::Debugger);
        assert_eq!(f.param("token"), Some("eyJ.a.b"));
    }

    #[test]
    fn an_empty_or_unknown_fragment_shows_the_first_section() {
        assert_eq!(parse_fragment("").effective_section(), Section::ALL[0]);
        assert_eq!(
            parse_fragment("#nonsense").effective_section(),
            Section::ALL[0]
        );
    }

    #[test]
    fn built_fragments_parse_back_with_every_character_intact() {
        let value = "a b&c=d#e+f/é";
        let built = build_fragment(Section::Debugger, &[("token", value)]);
        let parsed = parse_fragment(&built);
        assert_eq!(parsed.section, Some(Section::Debugger));
        assert_eq!(parsed.param("token"), Some(value));
    }

    #[test]
    fn every_section_round_trips_through_its_slug() {
        for s in Section::ALL {
            assert_eq!(Section::from_slug(s.slug()), Some(*s));
        }
    }
}
