//! The Debugger section: paste anything, see header, payload and signature status at once.
//!
//! The page keeps its inputs in signals (the pasted text, the key, the expectations, the time
//! controls), runs the engine's analysis in one memo, and derives one small memo per pane so
//! that only the panes whose content changed are drawn again. Big pastes (over
//! [`DEBOUNCE_ABOVE`] bytes) are analysed after a short pause instead of at every keystroke,
//! and every large view is cut to its first characters, so a 1 MiB paste never blocks the page
//! for long: the engine is fast, it is the DOM that costs time.

pub mod copy_button;
pub mod found_tokens;
pub mod json_view;
pub mod markup;
pub mod member_table;
pub mod pipeline;
pub mod signature_pane;
pub mod status_badge;
pub mod time_controls;
pub mod timeline;
pub mod token_view;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tokenlab_engine::claims::{ClaimCheck, Timeline};
use tokenlab_engine::intake::{self, FoundToken, IntakeKind};
use tokenlab_engine::jws::{Payload, SegmentKind, TokenForm};
use tokenlab_engine::keys::KeyInput;
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::verify::Verification;

use crate::app::{Handoff, HandoffToken, Nav};
use crate::browser;
use copy_button::CopyButton;
use found_tokens::FoundTokens;
use json_view::{CodeContent, CodeView};
use markup::group_digits;
use member_table::{member_count, member_rows, MemberKind, MemberRow, MemberTable};
use pipeline::{analyze, Analysis, AnalyzeOptions};
use signature_pane::{ExpectationInputs, KeyState, SignaturePane};
use time_controls::TimeControls;
use timeline::ValidityTimeline;
use token_view::{segment_title, TokenView};

/// Inputs larger than this (in bytes) are analysed after a pause in typing, not at every
/// keystroke.
pub const DEBOUNCE_ABOVE: usize = 64 * 1024;
/// The pause before a big input is analysed.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// How often the clock behind "now" moves on.
const CLOCK_TICK: Duration = Duration::from_secs(15);
/// The token field's id (the skip target after Clear).
const TOKEN_INPUT_ID: &str = "tl-token-input";

/// What the token pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TokenData {
    /// The token as decoded.
    token: String,
    /// Its segments (empty when it could not be split).
    segments: Vec<tokenlab_engine::jws::Segment>,
    /// JWS or JWE.
    form: Option<TokenForm>,
    /// Offsets of characters at fault.
    marks: Vec<usize>,
    /// One sentence per problem, each naming its segment.
    errors: Vec<String>,
}

/// The response or URL the token came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FoundData {
    kind: IntakeKind,
    found: Vec<FoundToken>,
    params: Vec<(String, String)>,
}

/// The header pane's content.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeaderData {
    code: CodeContent,
    rows: Vec<MemberRow>,
    total: usize,
}

/// A token's text as the panes see it: the opened token, or else the pasted text.
fn with_input<R>(
    opened: RwSignal<Option<String>>,
    text: RwSignal<String>,
    f: impl FnOnce(&str) -> R,
) -> R {
    opened.with(|o| match o {
        Some(token) => f(token),
        None => text.with(|t| f(t)),
    })
}

/// Local time for the claims table: the browser's time zone, with its offset.
fn local_time(t: i64) -> String {
    browser::format_local(t)
}

/// The Debugger page.
#[component]
pub fn Debugger() -> impl IntoView {
    // ---- Inputs ----
    let text = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let opened = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<usize>);
    let key_text = RwSignal::new(String::new());
    let encoding = RwSignal::new(SecretEncoding::Utf8);
    let expect = ExpectationInputs::new();
    let shift = RwSignal::new(0i64);
    let leeway = RwSignal::new(0i64);
    let clock = RwSignal::new(browser::unix_now());
    let debounce = StoredValue::new(None::<TimeoutHandle>);

    if let Ok(handle) = set_interval_with_handle(move || clock.set(browser::unix_now()), CLOCK_TICK)
    {
        on_cleanup(move || handle.clear());
    }
    let now = Memo::new(move |_| clock.get().saturating_add(shift.get()));

    let cancel_pending = move || {
        if let Some(h) = debounce.try_update_value(Option::take).flatten() {
            h.clear();
        }
        pending.set(None);
    };
    // Puts a token (and optionally a key) into the page, as a paste would.
    let load = move |token: String, key: Option<(String, SecretEncoding)>| {
        cancel_pending();
        opened.set(None);
        field.set(token.clone());
        text.set(token);
        if let Some((k, e)) = key {
            key_text.set(k);
            encoding.set(e);
        }
    };

    // ---- Tokens handed over by other sections and by the URL fragment ----
    if let Some(handoff) = use_context::<Handoff>() {
        Effect::new(move |_| {
            if let Some(HandoffToken {
                token,
                key_text,
                encoding,
            }) = handoff.take()
            {
                load(token, Some((key_text, encoding)));
            }
        });
    }
    if let Some(nav) = use_context::<Nav>() {
        let last = StoredValue::new(None::<String>);
        Effect::new(move |_| {
            let token = nav.fragment.with(|f| f.param("token").map(str::to_owned));
            if let Some(token) = token {
                if last.with_value(|l| l.as_deref() != Some(token.as_str())) {
                    last.set_value(Some(token.clone()));
                    load(token, None);
                }
            }
        });
    }

    // ---- The analysis ----
    let analysis: Memo<Arc<Analysis>> = Memo::new_with_compare(
        move |_| {
            let opts = AnalyzeOptions {
                now: now.get(),
                leeway: leeway.get(),
                key_text: key_text.with(|k| (!k.trim().is_empty()).then(|| k.clone())),
                secret_encoding: encoding.get(),
                expectations: expect.get(),
                verify: Default::default(),
            };
            Arc::new(with_input(opened, text, |input| analyze(input, &opts)))
        },
        |_, _| true,
    );
    // When a token from a response or URL is open, the list still comes from the pasted text.
    let outer_intake = Memo::new(move |_| {
        if opened.with(Option::is_none) {
            return None;
        }
        text.with(|t| intake::intake(t, now.get()).ok())
    });
    let intake_view = move |f: &mut dyn FnMut(Option<&intake::Intake>)| {
        if let Some(i) = outer_intake.get() {
            f(Some(&i));
        } else {
            analysis.with(|a| f(a.intake.as_ref().ok()));
        }
    };

    let too_large =
        Memo::new(move |_| analysis.with(|a| a.intake.as_ref().err().map(ToString::to_string)));
    let notes = Memo::new(move |_| {
        let mut out = Vec::new();
        intake_view(&mut |i| out = i.map(|i| i.notes.clone()).unwrap_or_default());
        out
    });
    let found = Memo::new(move |_| {
        let mut out = None;
        intake_view(&mut |i| {
            out = i
                .filter(|i| matches!(i.kind, IntakeKind::TokenResponse | IntakeKind::RedirectUrl))
                .map(|i| FoundData {
                    kind: i.kind,
                    found: i.found.clone(),
                    params: i.params.clone(),
                });
        });
        out
    });
    let open_token = Memo::new(move |_| {
        analysis.with(|a| {
            a.decoded
                .as_ref()
                .and_then(|d| d.as_ref().ok())
                .map(|d| d.token.clone())
        })
    });
    let token_data = Memo::new(move |_| {
        analysis.with(|a| {
            let intake = a.intake.as_ref().ok()?;
            match a.decoded.as_ref()? {
                Ok(d) => Some(TokenData {
                    token: d.token.clone(),
                    segments: d.segments.clone(),
                    form: Some(d.form),
                    marks: d.errors.iter().map(|e| e.offset).collect(),
                    errors: d
                        .errors
                        .iter()
                        .map(|e| {
                            format!(
                                "{}: {}",
                                segment_title(e.segment),
                                signature_pane::sentence(&e.message)
                            )
                        })
                        .collect(),
                }),
                Err(e) => Some(TokenData {
                    token: intake.token.clone().unwrap_or_default(),
                    segments: Vec::new(),
                    form: None,
                    marks: match e {
                        tokenlab_engine::jws::StructureError::IllegalCharacter {
                            offset, ..
                        } => vec![*offset],
                        _ => Vec::new(),
                    },
                    errors: vec![signature_pane::sentence(&e.to_string())],
                }),
            }
        })
    });
    let header_data = Memo::new(move |_| {
        analysis.with(|a| {
            let d = a.decoded.as_ref()?.as_ref().ok()?;
            Some(match &d.header {
                Some(h) => HeaderData {
                    code: CodeContent::Json(h.text.clone()),
                    rows: member_rows(&h.doc.root, MemberKind::Header, 0, &local_time),
                    total: member_count(&h.doc.root),
                },
                None => HeaderData {
                    code: CodeContent::Text(d.header_text.clone().unwrap_or_default()),
                    rows: Vec::new(),
                    total: 0,
                },
            })
        })
    });
    let header_copy = Signal::derive(move || {
        analysis.with(|a| {
            a.decoded
                .as_ref()
                .and_then(|d| d.as_ref().ok())
                .and_then(|d| d.header_text.clone())
                .unwrap_or_default()
        })
    });
    let form = Memo::new(move |_| {
        analysis.with(|a| {
            a.decoded
                .as_ref()
                .and_then(|d| d.as_ref().ok())
                .map(|d| d.form)
        })
    });
    let payload_code = Memo::new(move |_| {
        analysis.with(|a| {
            let d = a.decoded.as_ref()?.as_ref().ok()?;
            Some(match d.payload.as_ref()? {
                Payload::Json(p) => CodeContent::Json(p.text.clone()),
                Payload::Text(t) => CodeContent::Text(t.clone()),
                Payload::Bytes(b) => CodeContent::Bytes(b.clone()),
            })
        })
    });
    let payload_copy = Signal::derive(move || match payload_code.get() {
        Some(CodeContent::Json(t) | CodeContent::Text(t)) => t,
        Some(CodeContent::Bytes(b)) => json_view::hex_dump(&b),
        None => String::new(),
    });
    let claim_rows = Memo::new(move |_| {
        let now = now.get();
        analysis.with(|a| {
            let d = a.decoded.as_ref()?.as_ref().ok()?;
            match d.payload.as_ref()? {
                Payload::Json(p) if p.value.is_object() => Some((
                    member_rows(&p.doc.root, MemberKind::Claims, now, &local_time),
                    member_count(&p.doc.root),
                )),
                _ => None,
            }
        })
    });
    let timeline: Memo<Option<Timeline>> =
        Memo::new(move |_| analysis.with(|a| a.claims.as_ref().map(|c| c.timeline)));
    let checks: Memo<Vec<ClaimCheck>> = Memo::new(move |_| {
        analysis.with(|a| {
            a.claims
                .as_ref()
                .map(|c| c.checks.clone())
                .unwrap_or_default()
        })
    });
    let verification: Memo<Option<Verification>> =
        Memo::new(move |_| analysis.with(|a| a.verification.clone()));
    let key_state = Memo::new(move |_| {
        analysis.with(|a| match &a.key {
            None => KeyState::Empty,
            Some(Err(e)) => KeyState::Error(e.to_string()),
            Some(Ok(KeyInput::Single(entry))) => KeyState::Read(vec![format!(
                "{}, from {}",
                entry.label(),
                entry.source.label()
            )]),
            Some(Ok(KeyInput::Set(entries))) => {
                let mut lines = vec![format!(
                    "a JWKS with {} usable {}",
                    entries.len(),
                    if entries.len() == 1 { "key" } else { "keys" }
                )];
                lines.extend(entries.iter().map(|e| e.label()));
                KeyState::Read(lines)
            }
        })
    });
    let signature_text = Signal::derive(move || {
        analysis.with(|a| {
            a.decoded
                .as_ref()
                .and_then(|d| d.as_ref().ok())
                .and_then(|d| {
                    d.segment(SegmentKind::Signature)
                        .map(|s| s.text(&d.token).to_owned())
                })
                .unwrap_or_default()
        })
    });
    let token_copy = Signal::derive(move || open_token.get().unwrap_or_default());

    // ---- Actions ----
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        opened.set(None);
        cancel_pending();
        if value.len() <= DEBOUNCE_ABOVE {
            text.set(value);
        } else {
            pending.set(Some(value.len()));
            let handle = set_timeout_with_handle(
                move || {
                    pending.set(None);
                    text.set(value);
                },
                DEBOUNCE,
            )
            .ok();
            debounce.set_value(handle);
        }
    };
    let clear = move |_| {
        cancel_pending();
        opened.set(None);
        field.set(String::new());
        text.set(String::new());
        key_text.set(String::new());
        browser::focus_id(TOKEN_INPUT_ID);
    };
    let on_open = Callback::new(move |token: String| opened.set(Some(token)));

    // ---- Views ----
    let empty = move || {
        text.with(|t| t.trim().is_empty())
            && opened.with(Option::is_none)
            && pending.get().is_none()
    };
    let token_pane = view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--token" aria-labelledby="tl-dbg-h-token">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-token">
                    "Token"
                </h2>
                <CopyButton label="Copy token" text=token_copy />
            </div>
            <div class="tl-field">
                <label class="tl-label" for=TOKEN_INPUT_ID>
                    "Encoded token"
                </label>
                <textarea
                    id=TOKEN_INPUT_ID
                    class="tl-textarea tl-dbg-input"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    rows="6"
                    placeholder="Paste a JWT or JWE, a token response (JSON) or a redirect URL"
                    aria-describedby="tl-dbg-input-hint"
                    prop:value=move || field.get()
                    on:input=on_input
                ></textarea>
                <span class="tl-hint" id="tl-dbg-input-hint">
                    "“Bearer ”, quotes and line breaks are removed for you. Nothing leaves this page."
                </span>
            </div>
            {move || {
                pending
                    .get()
                    .map(|n| {
                        view! {
                            <p class="tl-hint tl-dbg-note" role="status">
                                {format!("Reading {} characters…", group_digits(n))}
                            </p>
                        }
                    })
            }}
            {move || too_large.get().map(|m| view! { <p class="tl-message tl-message--error">{signature_pane::sentence(&m)}</p> })}
            {move || {
                let list = notes.get();
                (!list.is_empty())
                    .then(|| {
                        view! {
                            <ul class="tl-dbg-notes" aria-label="What Tokenlab did with the input">
                                {list
                                    .into_iter()
                                    .map(|n| view! { <li class="tl-message tl-message--info">{n}</li> })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
            {move || {
                found
                    .get()
                    .map(|f| {
                        view! {
                            <FoundTokens
                                kind=f.kind
                                found=f.found
                                params=f.params
                                open=open_token.get()
                                on_open=on_open
                            />
                        }
                    })
            }}
            {move || {
                token_data
                    .get()
                    .map(|t| {
                        let errors = (!t.errors.is_empty())
                            .then(|| {
                                view! {
                                    <ul class="tl-dbg-errors" aria-label="Decoding problems">
                                        {t
                                            .errors
                                            .iter()
                                            .map(|e| view! { <li class="tl-message tl-message--error">{e.clone()}</li> })
                                            .collect_view()}
                                    </ul>
                                }
                            });
                        view! {
                            <h3 class="tl-dbg-subtitle">"Decoded from"</h3>
                            <TokenView token=t.token segments=t.segments form=t.form marks=t.marks />
                            {errors}
                        }
                    })
            }}
            <Show when=empty>
                <p class="tl-hint tl-dbg-empty">
                    "Paste a token above, or choose a sample token to see how it works."
                </p>
            </Show>
        </section>
    };

    let header_pane = view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--header" aria-labelledby="tl-dbg-h-header">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-header">
                    <span class="tl-dbg-dot tl-seg--header" aria-hidden="true">"●"</span>
                    {move || match form.get() {
                        Some(TokenForm::Jwe) => "Protected header",
                        _ => "Header",
                    }}
                </h2>
                <CopyButton label="Copy header" text=header_copy />
            </div>
            {move || match header_data.get() {
                Some(h) => {
                    let table = (h.total > 0)
                        .then(|| view! { <MemberTable rows=h.rows total=h.total kind=MemberKind::Header /> });
                    view! {
                        <CodeView content=h.code label="Header JSON" />
                        {table}
                    }
                        .into_any()
                }
                None => view! { <p class="tl-hint">"No header decoded yet."</p> }.into_any(),
            }}
        </section>
    };

    let payload_pane = view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--payload" aria-labelledby="tl-dbg-h-payload">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-payload">
                    <span class="tl-dbg-dot tl-seg--payload" aria-hidden="true">"●"</span>
                    "Payload"
                </h2>
                <CopyButton label="Copy payload" text=payload_copy />
            </div>
            {move || match (payload_code.get(), form.get()) {
                (Some(code), _) => view! { <CodeView content=code label="Payload JSON" /> }.into_any(),
                (None, Some(TokenForm::Jwe)) => {
                    view! {
                        <p class="tl-message tl-message--info">
                            "The payload of a JWE is encrypted: only the protected header can be read without the key."
                        </p>
                    }
                        .into_any()
                }
                (None, _) => view! { <p class="tl-hint">"No payload decoded yet."</p> }.into_any(),
            }}
            {move || {
                timeline
                    .get()
                    .map(|t| {
                        view! {
                            <h3 class="tl-dbg-subtitle">"Validity"</h3>
                            <ValidityTimeline timeline=t />
                        }
                    })
            }}
            <Show when=move || timeline.with(Option::is_some)>
                <TimeControls shift=shift leeway=leeway now=now />
            </Show>
            {move || {
                claim_rows
                    .get()
                    .filter(|(_, total)| *total > 0)
                    .map(|(rows, total)| {
                        view! {
                            <h3 class="tl-dbg-subtitle">"Claims"</h3>
                            <MemberTable rows=rows total=total kind=MemberKind::Claims />
                        }
                    })
            }}
        </section>
    };

    let signature_pane = view! {
        <SignaturePane
            key_text=key_text
            encoding=encoding
            expect=expect
            verification=verification
            key_state=key_state
            checks=checks
            signature_text=signature_text
        />
    };

    view! {
        <div class="tl-dbg">
            <div class="tl-dbg__top">
                <h1 class="tl-page__title">"Debugger"</h1>
                <div class="tl-row tl-dbg__tools">
                    <button type="button" class="tl-button" on:click=clear>
                        "Clear"
                    </button>
                </div>
            </div>
            <div class="tl-dbg__grid">
                <div class="tl-dbg__col tl-dbg__col--input">{token_pane} {signature_pane}</div>
                <div class="tl-dbg__col tl-dbg__col--output">{header_pane} {payload_pane}</div>
            </div>
        </div>
    }
}
