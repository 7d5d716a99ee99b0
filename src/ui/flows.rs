//! The Flows section: OAuth 2 and OpenID Connect flows walked one message at a time, as a
//! sequence diagram beside each step's real HTTP message, against a simulated authorization
//! server and API running in this page (product rows G1–G7).
//!
//! - Back / Next (and ← / → when focus is not in a text field) move through the steps; Next on
//!   the last step delivers its message and the engine computes the answer.
//! - Tamper mode shows the values the last message carries; the learner changes one and sends
//!   it, and the next step is the server's real error. Going back and choosing "Replay to here"
//!   rebuilds the run to an earlier step with the same random values (see [`session`]).
//! - The position is in the fragment (`#flows&flow=authorization-code-pkce&step=4`), so a link
//!   opens the same step of the same flow (with fresh random values).
//! - Any JWT in a message opens in the Debugger with the simulated server's JWKS as its key.
//! - Presentation mode: large type, diagram and message only, optionally full screen.

pub mod diagram;
pub mod flow_facts;
pub mod http_view;
pub mod layout;
pub mod link;
pub mod picker;
pub mod session;
pub mod step_detail;
pub mod step_list;
pub mod tamper_form;
pub mod token_list;
pub mod wait_field;

use std::time::Duration;

use leptos::prelude::*;
use tokenlab_engine::jwa::Alg;
use tokenlab_engine::keys::{Key, KeyGenKind};
use tokenlab_engine::oauth::flows::{CodeExpiry, Ending, FlowKind, Settings, Step, TamperField};
use tokenlab_engine::secret::SecretEncoding;

use crate::app::{Handoff, HandoffToken, Nav};
use crate::browser;
use crate::keygen;
use crate::route::Section;
use diagram::{DiagramMessage, SequenceDiagram};
use flow_facts::FlowFacts;
use http_view::HttpView;
use link::{Link, DEFAULT_FLOW};
use picker::FlowPicker;
use session::Session;
use step_detail::StepDetail;
use step_list::StepList;
use tamper_form::{changed_edits, TamperForm};
use token_list::TokenList;
use wait_field::wait_secs;

/// Id of the section's root element (what goes full screen).
pub const ROOT_ID: &str = "tl-flows-root";
/// Id of the box the diagram scrolls in.
const DIAGRAM_SCROLL_ID: &str = "tl-flows-diagram-scroll";

/// A run and the step shown: what the section renders.
#[derive(Clone, Debug)]
pub struct Model {
    /// The flow chosen.
    pub kind: FlowKind,
    /// The learner's settings.
    pub settings: Settings,
    /// The run, or why it could not start (empty while a key is being generated).
    pub run: Result<Session, String>,
    /// Index of the step shown.
    pub view: usize,
}

impl Model {
    /// The run, when it started.
    pub fn session(&self) -> Option<&Session> {
        self.run.as_ref().ok()
    }

    /// Where the learner is, as a link.
    pub fn link(&self) -> Link {
        Link {
            kind: self.kind,
            settings: self.settings.clone(),
            step: self.view + 1,
        }
    }

    /// The step shown.
    pub fn step(&self) -> Option<&Step> {
        self.session().and_then(|s| s.steps().get(self.view))
    }

    /// Shows step `index`, sending untouched messages to reach it if needed.
    pub fn show(&mut self, index: usize) {
        if let Ok(s) = &mut self.run {
            s.forward_to(index);
            self.view = index.min(s.frontier());
        }
    }
}

/// What the section keeps while the learner looks at another one (a token in the Debugger):
/// the run, the tamper-mode choice and the server keys. In memory only, never stored.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    model: Option<Model>,
    keys: Vec<(Alg, Key)>,
    tamper: bool,
}

/// [`Memory`] shared through context; [`crate::app::App`] provides one so that leaving the
/// section and coming back finds the flow where it was.
#[derive(Clone, Copy)]
pub struct FlowsMemory(StoredValue<Memory>);

impl FlowsMemory {
    /// An empty memory.
    pub fn new() -> FlowsMemory {
        FlowsMemory(StoredValue::new(Memory::default()))
    }

    fn cached_key(&self, alg: Alg) -> Option<Key> {
        self.0.with_value(|m| {
            m.keys
                .iter()
                .find(|(a, _)| *a == alg)
                .map(|(_, k)| k.clone())
        })
    }

    /// Keeps `key` as the server key for `alg`, unless one is kept already.
    fn keep_key(&self, alg: Alg, key: Key) {
        if self.cached_key(alg).is_none() {
            self.0.update_value(|m| m.keys.push((alg, key)));
        }
    }

    /// The server key for `alg`, generated on first use.
    fn key(&self, alg: Alg) -> Result<Key, String> {
        if let Some(k) = self.cached_key(alg) {
            return Ok(k);
        }
        let key = session::generate_server_key(alg, &mut rand_core::OsRng)?;
        self.keep_key(alg, key.clone());
        Ok(key)
    }
}

impl Default for FlowsMemory {
    fn default() -> Self {
        FlowsMemory::new()
    }
}

/// True when generating a key for `alg` takes long enough to deserve a status message.
fn slow_key(alg: Alg) -> bool {
    matches!(
        alg,
        Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512
    )
}

/// Starts a run of `kind` and shows step `index`.
fn start_model(memory: FlowsMemory, kind: FlowKind, settings: Settings, index: usize) -> Model {
    let run = memory.key(settings.alg).and_then(|key| {
        Session::start_ending_at(
            kind,
            settings.clone(),
            key,
            browser::unix_now(),
            session::fresh_seed(),
        )
        .map_err(|e| e.to_string())
    });
    let mut model = Model {
        kind,
        settings,
        run,
        view: 0,
    };
    model.show(index);
    model
}

/// The Flows page.
#[component]
pub fn Flows() -> impl IntoView {
    let nav = use_context::<Nav>();
    let handoff = use_context::<Handoff>();
    let memory = use_context::<FlowsMemory>().unwrap_or_default();
    let busy = RwSignal::new(false);

    // The run: from the link in the fragment, else the one left when the learner went to
    // another section, else step 1 of the default flow.
    let link_now = nav.and_then(|n| n.fragment.with_untracked(Link::parse));
    let remembered = memory.0.with_value(|m| m.model.clone());
    let (initial, pending) = match (link_now, remembered) {
        (Some(link), Some(mut m)) if m.kind == link.kind && m.settings == link.settings => {
            m.show(link.step - 1);
            (m, None)
        }
        (Some(link), _) => (placeholder(&link), Some(link)),
        (None, Some(m)) => (m, None),
        (None, None) => {
            let link = Link::start(DEFAULT_FLOW);
            (placeholder(&link), Some(link))
        }
    };
    let model = RwSignal::new(initial);
    let tamper_mode = RwSignal::new(memory.0.with_value(|m| m.tamper));
    let presenting = RwSignal::new(false);
    let edits: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let wait = RwSignal::new(String::new());

    // Starts a run. When a slow (RSA) server key must be made first, the status shows and the key
    // is made by the browser's WebCrypto, off the page's thread (`crate::keygen`; the engine in
    // this tab where WebCrypto is missing, after the status is drawn), so the page keeps
    // answering meanwhile. A run asked for while a key is being made replaces the one waiting.
    let request = StoredValue::new(0u64);
    let begin = move |kind: FlowKind, settings: Settings, index: usize| {
        edits.set(Vec::new());
        wait.set(String::new());
        let id = request.get_value().wrapping_add(1);
        request.set_value(id);
        let alg = settings.alg;
        let key_kind = KeyGenKind::for_alg(alg).filter(|_| slow_key(alg));
        match key_kind.filter(|_| memory.cached_key(alg).is_none()) {
            Some(key_kind) => {
                busy.set(true);
                model.set(Model {
                    kind,
                    settings: settings.clone(),
                    run: Err(String::new()),
                    view: index,
                });
                leptos::task::spawn_local(async move {
                    // On failure `start_model` makes the key with the engine, or says why not.
                    if let Ok(made) = keygen::generate(key_kind).await {
                        memory.keep_key(alg, made.key);
                    }
                    // Not when another run was asked for, or the section has closed meanwhile
                    // (its stored values are gone then).
                    if request.try_get_value() == Some(id) {
                        model.set(start_model(memory, kind, settings, index));
                        busy.set(false);
                    }
                });
            }
            None => {
                busy.set(false);
                model.set(start_model(memory, kind, settings, index));
            }
        }
    };
    if let Some(link) = pending {
        begin(link.kind, link.settings, link.step - 1);
    }

    Effect::new(move |_| {
        let m = model.get();
        let tamper = tamper_mode.get();
        if !busy.get() {
            memory.0.update_value(|mem| {
                mem.model = Some(m);
                mem.tamper = tamper;
            });
        }
    });

    // The fragment and the model follow each other: a link typed or followed while the section
    // is open moves the model; any other change of the model (or a bare `#flows`) is written
    // back to the fragment.
    if let Some(nav) = nav {
        Effect::new(move |prev: Option<Option<Link>>| {
            let mine = model.with(Model::link);
            let (section, theirs) = nav
                .fragment
                .with(|f| (f.effective_section(), Link::parse(f)));
            if section != Section::Flows {
                return theirs;
            }
            let followed = prev.is_none_or(|p| p != theirs);
            match &theirs {
                Some(link) if *link == mine => {}
                Some(link) if followed => {
                    let same_run = model.with_untracked(|m| {
                        m.kind == link.kind && m.settings == link.settings && m.run.is_ok()
                    });
                    if same_run {
                        model.update(|m| m.show(link.step - 1));
                    } else {
                        begin(link.kind, link.settings.clone(), link.step - 1);
                    }
                }
                _ => {
                    let params = mine.params();
                    let pairs: Vec<(&str, &str)> =
                        params.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    nav.go(Section::Flows, &pairs);
                }
            }
            theirs
        });
    }

    // Derived views of the model.
    let kind = Memo::new(move |_| model.with(|m| m.kind));
    let settings = Memo::new(move |_| model.with(|m| m.settings.clone()));
    let view_index = Memo::new(move |_| model.with(|m| m.view));
    let step = Memo::new(move |_| model.with(|m| m.step().cloned()));
    let total = Memo::new(move |_| model.with(|m| m.session().map_or(0, Session::total)));
    let frontier = Memo::new(move |_| model.with(|m| m.session().map_or(0, Session::frontier)));
    let finished = Memo::new(move |_| model.with(|m| m.session().is_some_and(Session::finished)));
    let started_at =
        Memo::new(move |_| model.with(|m| m.session().map_or(0, |s| s.flow().started_at)));
    let ending: Memo<Option<Ending>> =
        Memo::new(move |_| model.with(|m| m.session().and_then(|s| s.flow().ending.clone())));
    let all_messages = Memo::new(move |_| {
        model.with(|m| {
            m.session()
                .map(|s| s.steps().iter().map(DiagramMessage::from_step).collect())
                .unwrap_or_default()
        })
    });
    let shown_messages = Memo::new(move |_| {
        let v = view_index.get();
        all_messages.with(|all: &Vec<DiagramMessage>| {
            all.iter()
                .filter(|m| m.index <= v)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let at_frontier = Memo::new(move |_| view_index.get() == frontier.get() && !finished.get());
    let fields: Memo<Vec<TamperField>> = Memo::new(move |_| {
        if at_frontier.get() {
            step.with(|s| s.as_ref().map(|s| s.tamperable.clone()).unwrap_or_default())
        } else {
            Vec::new()
        }
    });
    let code_expiry: Memo<Option<CodeExpiry>> = Memo::new(move |_| {
        if at_frontier.get() {
            model.with(|m| m.session().and_then(|s| s.flow().code_expiry()))
        } else {
            None
        }
    });
    let error = Memo::new(move |_| model.with(|m| m.run.as_ref().err().cloned()));
    let flow_title = Signal::derive(move || kind.get().title().to_owned());
    let client_state =
        Memo::new(move |_| model.with(|m| m.session().map(|s| s.flow().client.clone())));
    let jwks =
        Memo::new(move |_| model.with(|m| m.session().map(Session::jwks_text).unwrap_or_default()));

    // Actions.
    let next = move || {
        if busy.get_untracked() {
            return;
        }
        let tampering = tamper_mode.get_untracked();
        let pending = edits.get_untracked();
        let waiting = if tampering && code_expiry.get_untracked().is_some() {
            wait.with_untracked(|w| wait_secs(w))
        } else {
            0
        };
        model.update(|m| {
            let view = m.view;
            let Ok(s) = &mut m.run else { return };
            if view < s.frontier() {
                m.view = view + 1;
                return;
            }
            if s.finished() {
                return;
            }
            let changed = match (tampering, s.steps().last()) {
                (true, Some(last)) => changed_edits(&last.tamperable, &pending),
                _ => Vec::new(),
            };
            s.send_after(waiting, changed);
            m.view = s.frontier();
        });
        edits.set(Vec::new());
        wait.set(String::new());
    };
    let back = move || {
        model.update(|m| m.view = m.view.saturating_sub(1));
    };
    let select = Callback::new(move |index: usize| {
        model.update(|m| {
            if let Some(s) = m.session() {
                m.view = index.min(s.frontier());
            }
        });
    });
    let restart = move || {
        let (k, s) = model.with_untracked(|m| (m.kind, m.settings.clone()));
        begin(k, s, 0);
    };
    let replay_here = move || {
        edits.set(Vec::new());
        wait.set(String::new());
        model.update(|m| {
            let view = m.view;
            if let Ok(s) = &mut m.run {
                if let Err(e) = s.rewind(view) {
                    m.run = Err(e.to_string());
                }
            }
        });
    };
    let on_change = Callback::new(move |(k, s): (FlowKind, Settings)| begin(k, s, 0));
    let on_send = Callback::new(move |()| next());
    // A token opens in the Debugger with the simulated server's JWKS as its key, so a JWT
    // shows as verified. The key travels in memory, never in the URL.
    let open_token = Callback::new(move |token: String| {
        let Some(nav) = nav else { return };
        match handoff {
            Some(handoff) => {
                handoff.send(HandoffToken {
                    token,
                    key_text: jwks.get_untracked(),
                    encoding: SecretEncoding::Utf8,
                });
                nav.go(Section::Debugger, &[]);
            }
            None => nav.go(Section::Debugger, &[("token", token.as_str())]),
        }
    });

    // Keyboard: ← / → step (unless the arrow keys belong to a text field), Escape leaves
    // presentation mode.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" if !browser::focus_in_text_field() => {
                ev.prevent_default();
                next();
            }
            "ArrowLeft" if !browser::focus_in_text_field() => {
                ev.prevent_default();
                back();
            }
            "Escape" if presenting.get_untracked() => {
                presenting.set(false);
                browser::exit_fullscreen();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    // Keep the current arrow and list item in view as the diagram grows (scrolling their own
    // boxes only: the page stays where the learner put it).
    Effect::new(move |_| {
        let v = view_index.get();
        set_timeout(
            move || {
                let inset = browser::element_height(diagram::LANES_ID);
                browser::scroll_within(DIAGRAM_SCROLL_ID, &diagram::arrow_id(v), inset);
                browser::scroll_within(step_list::LIST_ID, &step_list::item_id(v), 0.0);
            },
            Duration::from_millis(0),
        );
    });

    let announcement = move || {
        step.with(|s| match s {
            Some(s) => format!(
                "Step {} of {}: {}",
                s.index + 1,
                total.get(),
                DiagramMessage::from_step(s).sentence()
            ),
            None => String::new(),
        })
    };
    let next_label = move || {
        if view_index.get() < frontier.get() {
            "Next"
        } else if finished.get() {
            "Finished"
        } else if tamper_mode.get()
            && (fields.with(|f| edits.with(|e| !changed_edits(f, e).is_empty()))
                || (code_expiry.with(Option::is_some) && wait.with(|w| wait_secs(w) > 0)))
        {
            "Send tampered"
        } else {
            "Next"
        }
    };
    let fullscreen = browser::fullscreen_available();

    view! {
        <div
            id=ROOT_ID
            class="tl-flows"
            class:tl-flows--presenting=move || presenting.get()
        >
            <div class="tl-flows__title-row">
                <h1 class="tl-page__title">"Flows"</h1>
                <p class="tl-flows__presenting-title" aria-hidden="true">{flow_title}</p>
            </div>
            <FlowPicker kind=kind settings=settings on_change=on_change />

            <div class="tl-flows__toolbar" role="group" aria-label="Step controls">
                <button
                    type="button"
                    class="tl-button"
                    disabled=move || view_index.get() == 0
                    on:click=move |_| back()
                    aria-keyshortcuts="ArrowLeft"
                >
                    "← Back"
                </button>
                <p class="tl-flows__position">
                    {move || format!("Step {} of {}", view_index.get() + 1, total.get().max(1))}
                </p>
                <button
                    type="button"
                    class="tl-button tl-button--primary"
                    disabled=move || { finished.get() && view_index.get() >= frontier.get() }
                    on:click=move |_| next()
                    aria-keyshortcuts="ArrowRight"
                >
                    {next_label}
                    " →"
                </button>
                <button type="button" class="tl-button" on:click=move |_| restart()>
                    "Restart"
                </button>
                <label class="tl-field tl-field--inline tl-flows__switch">
                    <input
                        type="checkbox"
                        prop:checked=move || tamper_mode.get()
                        on:change=move |ev| tamper_mode.set(event_target_checked(&ev))
                    />
                    <span class="tl-label">"Tamper mode"</span>
                </label>
                <button
                    type="button"
                    class="tl-button"
                    aria-pressed=move || if presenting.get() { "true" } else { "false" }
                    on:click=move |_| {
                        let on = !presenting.get_untracked();
                        presenting.set(on);
                        if !on {
                            browser::exit_fullscreen();
                        }
                    }
                >
                    "Presentation mode"
                </button>
                <Show when=move || fullscreen && presenting.get()>
                    <button
                        type="button"
                        class="tl-button"
                        on:click=move |_| {
                            browser::request_fullscreen(ROOT_ID);
                        }
                    >
                        "Full screen"
                    </button>
                </Show>
                <p class="tl-hint tl-flows__keys">"Keys: ← and → step through the flow."</p>
            </div>
            <p class="tl-visually-hidden" aria-live="polite">{announcement}</p>

            <Show when=move || busy.get()>
                <p class="tl-message tl-message--info" role="status">
                    "Generating the simulated server's RSA key…"
                </p>
            </Show>
            {move || {
                error
                    .get()
                    .filter(|e| !e.is_empty())
                    .map(|e| {
                        view! {
                            <p class="tl-message tl-message--error" role="alert">
                                "The flow could not start: " {e}
                            </p>
                        }
                    })
            }}

            <div class="tl-flows__stage">
                <section class="tl-pane tl-flows__diagram-pane" aria-labelledby="tl-flows-diagram-heading">
                    <h2 id="tl-flows-diagram-heading" class="tl-pane__title">
                        {move || format!("{} — sequence", kind.get().title())}
                    </h2>
                    <div
                        id=DIAGRAM_SCROLL_ID
                        class="tl-flows__diagram-scroll"
                        tabindex="0"
                        role="region"
                        aria-label="Sequence diagram (scrollable)"
                    >
                        <SequenceDiagram
                            messages=shown_messages
                            current=view_index
                            flow_title=flow_title
                            total=total
                            on_select=select
                        />
                    </div>
                    <h3 class="tl-flows__subtitle tl-flows__steps-title">"Steps so far"</h3>
                    <StepList steps=all_messages current=view_index on_select=select />
                    <FlowFacts client=client_state jwks=jwks />
                </section>

                <section class="tl-pane tl-flows__detail" aria-label="Current step">
                    {move || {
                        step.get()
                            .map(|s| {
                                let message = s.message.clone();
                                let tampered = s.tampered.clone();
                                let tokens = s.tokens.clone();
                                view! {
                                    <StepDetail
                                        step=Signal::derive(move || s.clone())
                                        total=total
                                        started_at=started_at
                                    />
                                    {move || {
                                        let show_form = tamper_mode.get() && at_frontier.get()
                                            && fields.with(|f| !f.is_empty());
                                        let sent_already = tamper_mode.get() && !at_frontier.get()
                                            && view_index.get() < frontier.get();
                                        if show_form {
                                            view! {
                                                <TamperForm
                                                    fields=fields
                                                    edits=edits
                                                    expiry=code_expiry
                                                    wait=wait
                                                    on_send=on_send
                                                />
                                            }
                                                .into_any()
                                        } else if sent_already {
                                            view! {
                                                <div class="tl-message tl-message--info tl-flows__replay">
                                                    <p>
                                                        "This message was already sent. To change it, replay the flow to here: the same values, and everything after this step forgotten."
                                                    </p>
                                                    <button
                                                        type="button"
                                                        class="tl-button"
                                                        on:click=move |_| replay_here()
                                                    >
                                                        "Replay to here"
                                                    </button>
                                                </div>
                                            }
                                                .into_any()
                                        } else if tamper_mode.get() && at_frontier.get() {
                                            view! {
                                                <p class="tl-hint tl-flows__replay">
                                                    "Nothing in this step can be tampered with."
                                                </p>
                                            }
                                                .into_any()
                                        } else {
                                            ().into_any()
                                        }
                                    }}
                                    {match message {
                                        Some(m) => {
                                            view! {
                                                <h3 class="tl-flows__subtitle">"HTTP message"</h3>
                                                <HttpView
                                                    message=Signal::derive(move || m.clone())
                                                    tampered=Signal::derive(move || tampered.clone())
                                                />
                                            }
                                                .into_any()
                                        }
                                        None => {
                                            view! {
                                                <p class="tl-hint">
                                                    "No HTTP message: this step happens on a screen, not on the network."
                                                </p>
                                            }
                                                .into_any()
                                        }
                                    }}
                                    <TokenList
                                        tokens=Signal::derive(move || tokens.clone())
                                        on_open=open_token
                                    />
                                }
                                    .into_any()
                            })
                    }}
                    {move || {
                        let last = view_index.get() >= frontier.get();
                        ending
                            .get()
                            .filter(|_| last)
                            .map(|e| {
                                let (class, head) = if e.completed {
                                    ("tl-message tl-message--info tl-flows__ending", "Flow complete. ")
                                } else {
                                    ("tl-message tl-message--warn tl-flows__ending", "Flow stopped. ")
                                };
                                view! {
                                    <p class=class role="status">
                                        <strong>{head}</strong>
                                        {e.summary}
                                    </p>
                                }
                            })
                    }}
                </section>
            </div>
            <Show when=move || presenting.get()>
                <p class="tl-hint tl-flows__exit-hint">
                    "Presentation mode: ← and → step, Escape leaves."
                </p>
            </Show>
        </div>
    }
}

/// A model with no run yet (it starts right after mounting).
fn placeholder(link: &Link) -> Model {
    Model {
        kind: link.kind,
        settings: link.settings.clone(),
        run: Err(String::new()),
        view: link.step.saturating_sub(1),
    }
}
