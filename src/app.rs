//! The application shell: skip link, header with the privacy statement, theme picker,
//! navigation between the sections that work, and the current section.

use leptos::prelude::*;
use tokenlab_engine::secret::SecretEncoding;

use crate::browser;
use crate::lazy::{split_point, LoadError};
use crate::route::{self, Section};
use crate::ui;

/// Id of the `<main>` element, the skip link's target.
pub const MAIN_ID: &str = "tl-main";

/// Shared navigation state, provided as context: the current section and the parameters that
/// came with the fragment (e.g. a `token` for the Debugger).
#[derive(Clone, Copy)]
pub struct Nav {
    /// The parsed URL fragment, updated on every `hashchange`.
    pub fragment: ReadSignal<route::Fragment>,
    set_fragment: WriteSignal<route::Fragment>,
}

impl Nav {
    /// Shows `section` with `params`, writing the fragment without adding a history entry.
    pub fn go(&self, section: Section, params: &[(&str, &str)]) {
        let built = route::build_fragment(section, params);
        browser::replace_fragment(&built);
        self.set_fragment.set(route::parse_fragment(&built));
    }
}

/// A token handed to the Debugger by another section, with the key that verifies it.
///
/// Keys never travel in the URL, so a section that wants a token to open *already verified*
/// (the Encoder's "open in Debugger", a flow's "inspect this token") puts it here instead of in
/// `#token=…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoffToken {
    /// The token (or anything the Debugger's intake accepts).
    pub token: String,
    /// The verification key as text (secret, PEM, JWK or JWKS); empty for none.
    pub key_text: String,
    /// How a secret in `key_text` is encoded.
    pub encoding: SecretEncoding,
}

/// The in-app handoff to the Debugger, provided as context by [`App`].
///
/// Usage from another section (set the handoff *before* switching, the Debugger takes it when
/// it appears — or at once if it is already showing):
///
/// ```ignore
/// let nav = use_context::<crate::app::Nav>().expect("inside App");
/// let handoff = use_context::<crate::app::Handoff>().expect("inside App");
/// handoff.send(HandoffToken { token, key_text: secret, encoding: SecretEncoding::Utf8 });
/// nav.go(Section::Debugger, &[]);
/// ```
///
/// The Debugger loads the token and key exactly as if they had been pasted, and empties the
/// handoff. Nothing here is stored or put in the URL.
#[derive(Clone, Copy)]
pub struct Handoff(RwSignal<Option<HandoffToken>>);

impl Handoff {
    /// An empty handoff (for tests that mount sections without [`App`]).
    pub fn new() -> Handoff {
        Handoff(RwSignal::new(None))
    }

    /// Hands `token` over; it replaces anything handed over before and not yet taken.
    pub fn send(&self, token: HandoffToken) {
        self.0.set(Some(token));
    }

    /// Takes what was handed over, leaving the handoff empty. Reactive: called in an effect,
    /// the effect runs again at the next [`Handoff::send`].
    pub fn take(&self) -> Option<HandoffToken> {
        let token = self.0.get()?;
        self.0.set(None);
        Some(token)
    }
}

impl Default for Handoff {
    fn default() -> Self {
        Handoff::new()
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (fragment, set_fragment) = signal(route::parse_fragment(&browser::fragment()));
    let nav = Nav {
        fragment,
        set_fragment,
    };
    provide_context(nav);
    provide_context(Handoff::new());
    // The Flows section keeps its run here while the learner looks at a token in the Debugger.
    provide_context(ui::flows::FlowsMemory::new());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_fragment.set(route::parse_fragment(&browser::fragment()));
    });
    on_cleanup(move || handle.remove());

    let current = Memo::new(move |_| fragment.with(|f| f.effective_section()));

    view! {
        <a class="tl-skip-link" href=format!("#{MAIN_ID}") on:click=move |ev| {
            // A plain `#tl-main` link would replace the fragment that holds the app state.
            ev.prevent_default();
            browser::focus_id(MAIN_ID);
        }>"Skip to content"</a>
        <header class="tl-header">
            <div class="tl-header__brand">
                <p class="tl-header__title">"Tokenlab"</p>
                <p class="tl-header__privacy">
                    "Everything runs in this page; nothing is sent anywhere."
                </p>
            </div>
            <div class="tl-header__tools">
                <ui::theme::ThemePicker />
            </div>
            <nav class="tl-nav" aria-label="Sections">
                <ul class="tl-nav__list">
                    {Section::ALL
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! {
                                <li>
                                    <a
                                        class="tl-nav__link"
                                        href=format!("#{}", s.slug())
                                        aria-current=move || (current.get() == s).then_some("page")
                                        on:pointerenter=move |_| preload_section(s)
                                        on:focus=move |_| preload_section(s)
                                    >
                                        {s.title()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <ui::update_notice::UpdateNotice />
        <main id=MAIN_ID class="tl-main" tabindex="-1">
            {move || section_view(current.get())}
        </main>
        <footer class="tl-footer">
            "Tokenlab — decoding, verification, signing and key generation happen in WebAssembly in this tab."
        </footer>
    }
}

/// The Debugger is drawn at once; the other sections through [`LazySection`].
fn section_view(section: Section) -> AnyView {
    match section {
        Section::Debugger => view! { <ui::debugger::Debugger /> }.into_any(),
        other => view! { <LazySection section=other /> }.into_any(),
    }
}

/// A section other than the Debugger. In the release build (feature `split`) each is its own
/// wasm module, fetched the first time the section is opened (and cached by the offline worker
/// like every file of the build), so the first load carries the Debugger alone. Until its code
/// is there the section's place stays empty; if it cannot be fetched, the section says so and
/// offers to try again (a failed fetch is not remembered).
#[component]
fn LazySection(section: Section) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        view! {
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match load_section(section).await {
                        Ok(view) => view,
                        Err(LoadError) => view! {
                            <h1 class="tl-page__title">{section.title()}</h1>
                            <div class="tl-message tl-message--error" role="alert">
                                <p>
                                    "This section's code could not be loaded. The page fetches it \
                                     from the site it came from when the section is first opened; \
                                     after one visit online, every section also works offline."
                                </p>
                                <button class="tl-button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    "Try again"
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        }
    }
}

/// Starts fetching a section's code when the pointer is over its link or the link has focus, so
/// the click a moment later usually finds it there (first open of the Encoder on loopback: ≈ 200
/// ms from a cold click, see bench/README). A failed fetch is left to the click, which reports it.
fn preload_section(section: Section) {
    leptos::task::spawn_local(async move {
        // Whether it worked does not matter here: the click loads (or reports) it anyway.
        let _ = match section {
            Section::Encoder => preload_encoder().await.is_ok(),
            Section::Keys => preload_keys().await.is_ok(),
            Section::Pkce => preload_pkce().await.is_ok(),
            Section::Flows => preload_flows().await.is_ok(),
            Section::Debugger => true,
        };
    });
}

async fn load_section(section: Section) -> Result<AnyView, LoadError> {
    match section {
        Section::Encoder => encoder_section().await,
        Section::Keys => keys_section().await,
        Section::Pkce => pkce_section().await,
        Section::Flows => flows_section().await,
        Section::Debugger => Ok(section_view(section)),
    }
}

// The sections' split points (see `crate::lazy`).
split_point! {
    module tokenlab_encoder, preload preload_encoder;
    fn encoder_section() -> Result<AnyView, LoadError> {
        Ok(view! { <ui::encoder::Encoder /> }.into_any())
    }
}

split_point! {
    module tokenlab_keys, preload preload_keys;
    fn keys_section() -> Result<AnyView, LoadError> {
        Ok(view! { <ui::keys::Keys /> }.into_any())
    }
}

split_point! {
    module tokenlab_pkce, preload preload_pkce;
    fn pkce_section() -> Result<AnyView, LoadError> {
        Ok(view! { <ui::pkce::Pkce /> }.into_any())
    }
}

split_point! {
    module tokenlab_flows, preload preload_flows;
    fn flows_section() -> Result<AnyView, LoadError> {
        Ok(view! { <ui::flows::Flows /> }.into_any())
    }
}
