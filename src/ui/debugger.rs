//! The Debugger section: paste anything, see header, payload and signature status at once.
//!
//! The page keeps its inputs in signals (the pasted text, the key, the expectations, the time
//! controls), runs the engine's analysis in one memo, and derives one small memo per pane so
//! that only the panes whose content changed are drawn again. Big pastes (over
//! [`DEBOUNCE_ABOVE`] bytes) are analysed after a short pause instead of at every keystroke,
//! and every large view is cut to its first characters, so a 1 MiB paste never blocks the page
//! for long: the engine is fast, it is the DOM that costs time.

pub mod decoded;
pub mod findings_list;
pub mod found_tokens;
pub mod json_view;
pub mod markup;
pub mod member_table;
pub mod sample_menu;
pub mod signature_pane;
pub mod status_badge;
pub mod time_controls;
pub mod timeline;
pub mod token_view;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tokenlab_engine::analysis::{
    analyze_token_with, analyze_with, decode_stage_with, Analysis, AnalyzeOptions, TokenStage,
};
use tokenlab_engine::backend::{AllKeys, Backend, LastKey, SecretsOnly};
use tokenlab_engine::claims::ClaimCheck;
use tokenlab_engine::intake::{self, FoundToken, IntakeKind};
use tokenlab_engine::jws::StructureError;
use tokenlab_engine::jws::{Payload, SegmentKind, TokenForm};
use tokenlab_engine::keys::{KeyError, KeyInput};
use tokenlab_engine::samples;
use tokenlab_engine::secret::SecretEncoding;
use tokenlab_engine::verify::Verification;
use tokenlab_engine::TooLarge;

use wasm_bindgen::JsCast;

use crate::app::{Handoff, HandoffToken, Nav};
use crate::browser;
use crate::lazy::{split_point, LoadError};
use crate::ui::kit::copy_button::CopyButton;
use crate::ui::kit::share_link::ShareLink;
use decoded::DecodedInputs;
use found_tokens::FoundTokens;
use json_view::CodeContent;
use markup::group_digits;
use sample_menu::SampleMenu;
use signature_pane::{ExpectationInputs, KeyState, SignaturePane};
use token_view::{segment_title, TokenParts, TokenView};

/// Inputs larger than this (in bytes) are "big": analysed after a pause in typing rather than at
/// every keystroke, and held out of the token field, which shows only their beginning
/// (read-only). A browser spends about a third of a second laying out a text field holding
/// 1 MiB, whatever its styles; the engine needs a tenth of that.
pub const BIG_INPUT: usize = 64 * 1024;
/// Characters of a held input shown in the token field.
const HELD_PREVIEW_CHARS: usize = 2_000;
/// The pause before a big input is analysed.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// How often the clock behind "now" moves on.
const CLOCK_TICK: Duration = Duration::from_secs(15);
/// The token field's id (the skip target after Clear).
const TOKEN_INPUT_ID: &str = "tl-token-input";

/// The response or URL the token came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FoundData {
    kind: IntakeKind,
    found: Vec<FoundToken>,
    params: Vec<(String, String)>,
}

/// The first characters of a held input, shown read-only in the token field.
fn held_preview(text: &str) -> String {
    let (shown, _) = markup::truncate_chars(text, HELD_PREVIEW_CHARS);
    format!("{shown}…")
}

/// The Debugger page.
#[component]
pub fn Debugger() -> impl IntoView {
    // ---- Inputs ----
    // The text being analysed (the whole paste, even when the field shows only its beginning).
    let text = RwSignal::new(String::new());
    // What the token field shows when the page (not the user) changes it.
    let field = RwSignal::new(String::new());
    // A big input held out of the field: its length in characters.
    let held = RwSignal::new(None::<usize>);
    // A token opened from a pasted response or URL.
    let opened = RwSignal::new(None::<String>);
    // A big paste waiting for the pause in typing: its length in characters.
    let pending = RwSignal::new(None::<usize>);
    let key_text = RwSignal::new(String::new());
    let encoding = RwSignal::new(SecretEncoding::Utf8);
    let expect = ExpectationInputs::new();
    let shift = RwSignal::new(0i64);
    let leeway = RwSignal::new(0i64);
    let clock = RwSignal::new(browser::unix_now());
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    // The sample on show (title, description), until the token is edited.
    let sample_note = RwSignal::new(None::<(&'static str, &'static str)>);

    let is_big = move || {
        opened
            .with_untracked(|o| o.as_ref().map(String::len))
            .unwrap_or_else(|| text.with_untracked(String::len))
            > BIG_INPUT
    };
    // The clock moves on for relative times; a big input is not analysed again just for that.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !is_big() {
                clock.set(browser::unix_now());
            }
        },
        CLOCK_TICK,
    ) {
        on_cleanup(move || handle.clear());
    }
    let now = Memo::new(move |_| clock.get().saturating_add(shift.get()));
    // New input is judged at the time it arrives, not at the last clock tick.
    // (Also called when a sample or a big paste arrives after a pause, by which time the
    // Debugger may have closed: hence `try_get_untracked`.)
    let refresh_clock = move || {
        let t = browser::unix_now();
        if clock.try_get_untracked() != Some(t) {
            clock.set(t);
        }
    };

    let cancel_pending = move || {
        if let Some(h) = debounce.try_update_value(Option::take).flatten() {
            h.clear();
        }
        pending.set(None);
    };
    // Shows `value` in the token field, or only its beginning (read-only) when it is big.
    let show_in_field = move |value: &str| {
        if value.len() > BIG_INPUT {
            held.set(Some(value.chars().count()));
            field.set(held_preview(value));
        } else {
            held.set(None);
            field.set(value.to_owned());
        }
    };
    // Puts a token (and optionally a key) into the page, as a paste would.
    let load = move |token: String, key: Option<(String, SecretEncoding)>| {
        cancel_pending();
        refresh_clock();
        opened.set(None);
        sample_note.set(None);
        show_in_field(&token);
        text.set(token);
        if let Some((k, e)) = key {
            key_text.set(k);
            encoding.set(e);
        }
    };

    // ---- Tokens handed over by the prerendered page, other sections and the URL fragment ----
    if let Some(typed) = crate::prerendered::typed_text() {
        load(typed, None);
    }
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
            let (token, key) = nav.fragment.with(|f| {
                let key = f.param("key").map(|k| {
                    let enc = f.param("enc").and_then(SecretEncoding::parse);
                    (k.to_owned(), enc.unwrap_or_default())
                });
                (f.param("token").map(str::to_owned), key)
            });
            if let Some(token) = token {
                if last.with_value(|l| l.as_deref() != Some(token.as_str())) {
                    last.set_value(Some(token.clone()));
                    let had_key = key.is_some();
                    load(token.clone(), key);
                    // A key from a share link goes into the key field, not the address bar.
                    if had_key {
                        nav.go(crate::route::Section::Debugger, &[("token", &token)]);
                    }
                }
            }
        });
    }

    // ---- The analysis ----
    // Small inputs are analysed and drawn at once, in the task of the keystroke. A big input is
    // analysed in one task and drawn in the next, so neither the engine's work nor the DOM's
    // blocks the page for the sum of both.
    let analysis = RwSignal::new(Arc::new(Analysis::nothing()));
    let working = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    // The engine's analysis and the decoded panes (see `DecodedCode`): until they are here,
    // input waits ("Analysing…").
    let decoded_code = RwSignal::new(DECODED_CODE_AT_START);
    let decoded_failed = RwSignal::new(false);
    let decoded_loading = StoredValue::new(false);
    // The code that reads PEM, JWK and JWKS keys and verifies with them: until it is here the
    // analysis reads secrets only (`DecodedCode::secrets_only`), and such key text is
    // `KeyError::CodeNotLoaded`.
    let key_code = RwSignal::new(KEY_CODE_AT_START);
    let key_code_failed = RwSignal::new(false);
    let key_code_loading = StoredValue::new(false);
    // The key field emptied: nothing of the last key read stays in memory (`LastKey`). An effect
    // of its own, so that it runs when the key field changes, not with every keystroke.
    Effect::new(move |_| {
        if key_text.with(|k| k.trim().is_empty()) {
            if let Some(keys) = key_code.get() {
                keys.0.forget_keys();
            }
        }
    });
    Effect::new(move |_| {
        let keys = key_code.get();
        let opts = AnalyzeOptions {
            now: now.get(),
            leeway: leeway.get(),
            key_text: key_text.with(|k| (!k.trim().is_empty()).then(|| k.clone())),
            secret_encoding: encoding.get(),
            expectations: expect.get(),
            verify: Default::default(),
        };
        opened.track();
        text.track();
        generation.update_value(|g| *g = g.wrapping_add(1));
        let this = generation.get_value();
        // False too once the Debugger has closed (a big paste is analysed over several tasks).
        let current = move || generation.try_get_value() == Some(this);
        let Some(code) = decoded_code.get() else {
            // Input waits for the code (its fetch is started by the input, see below).
            let waiting = opened.with(Option::is_some) || text.with(|t| !t.trim().is_empty());
            working.set(waiting && !decoded_failed.get());
            return;
        };
        let backend: &'static dyn Backend = keys.map_or(code.secrets_only, |keys| keys.0);
        // A token opened from a response or URL is analysed as it is; the pasted text goes
        // through the intake.
        let run = move |opts: &AnalyzeOptions| -> Analysis {
            opened.with_untracked(|o| match o {
                Some(token) => (code.analyze_token)(token, opts, backend),
                None => text.with_untracked(|t| (code.analyze)(t, opts, backend)),
            })
        };
        if !is_big() {
            working.set(false);
            analysis.set(Arc::new(run(&opts)));
            return;
        }
        working.set(true);
        // Task 1: find the token in the text (the intake). Task 2: decode it and read the key.
        // Task 3: verify, check the claims, lint. Task 4: draw. `analyze` is exactly `intake`
        // followed by `decode_stage(..).finish(..)` on the token found (1 MiB of HMAC input
        // alone is tens of milliseconds in wasm, so verifying gets a task of its own).
        let draw = move |result: Analysis| {
            set_timeout(
                move || {
                    if current() {
                        analysis.set(Arc::new(result));
                        working.set(false);
                    }
                },
                Duration::ZERO,
            );
        };
        let staged = move |token: String, found: Option<intake::Intake>, opts: AnalyzeOptions| {
            set_timeout(
                move || {
                    if !current() {
                        return;
                    }
                    let stage = (code.decode_stage)(&token, &opts, backend);
                    set_timeout(
                        move || {
                            if !current() {
                                return;
                            }
                            let mut result = (code.finish)(stage, &opts, backend);
                            if let Some(found) = found {
                                result.intake = found;
                            }
                            draw(result);
                        },
                        Duration::ZERO,
                    );
                },
                Duration::ZERO,
            );
        };
        set_timeout(
            move || {
                if !current() {
                    return;
                }
                if let Some(token) = opened.get_untracked() {
                    staged(token, None, opts);
                    return;
                }
                let found = text.with_untracked(|t| (code.intake)(t, opts.now));
                let Ok(found) = found else {
                    // Over the engine's size limit: refused at once.
                    draw(text.with_untracked(|t| (code.analyze)(t, &opts, backend)));
                    return;
                };
                staged(found.token.clone().unwrap_or_default(), Some(found), opts);
            },
            Duration::ZERO,
        );
    });

    // When a token from a response or URL is open, the list still comes from the pasted text.
    let outer_intake = Memo::new(move |_| {
        if opened.with(Option::is_none) {
            return None;
        }
        let code = decoded_code.get()?;
        text.with(|t| (code.intake)(t, now.get()).ok())
    });
    let intake_view = move |f: &mut dyn FnMut(Option<&intake::Intake>)| {
        if let Some(i) = outer_intake.get() {
            f(Some(&i));
        } else {
            analysis.with(|a| f(Some(&a.intake)));
        }
    };

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
    let token_parts = Memo::new(move |_| {
        analysis
            .with(|a| match a.decoded.as_ref()? {
                Ok(d) => Some(TokenParts {
                    token: d.token.clone(),
                    segments: d.segments.clone(),
                    form: Some(d.form),
                    marks: d.errors.iter().map(|e| e.offset).collect(),
                }),
                Err(e) => Some(TokenParts {
                    token: a.intake.token.clone().unwrap_or_default(),
                    segments: Vec::new(),
                    form: None,
                    marks: match e {
                        StructureError::IllegalCharacter { offset, .. } => vec![*offset],
                        _ => Vec::new(),
                    },
                }),
            })
            .filter(|p| !p.token.is_empty())
    });
    // One sentence per decoding problem, naming its segment.
    let token_errors = Memo::new(move |_| {
        analysis.with(|a| match a.decoded.as_ref() {
            Some(Ok(d)) => d
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
            Some(Err(e)) => vec![signature_pane::sentence(&e.to_string())],
            None => Vec::new(),
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
        analysis.with(|a| {
            let skipped = a
                .key_skipped
                .iter()
                .map(|k| format!("Skipped {k}"))
                .collect();
            match &a.key {
                None => KeyState::Empty,
                Some(Err(KeyError::CodeNotLoaded)) if key_code_failed.get() => {
                    KeyState::Error(KEY_CODE_NOT_LOADED.to_string())
                }
                Some(Err(KeyError::CodeNotLoaded)) => KeyState::Loading,
                Some(Err(e)) => KeyState::Error(e.to_string()),
                Some(Ok(KeyInput::Single(entry))) => KeyState::Read {
                    lines: vec![format!("{}, from {}", entry.label(), entry.source.label())],
                    skipped,
                },
                Some(Ok(KeyInput::Set(entries))) => {
                    let mut lines = vec![format!(
                        "a JWKS with {} usable {}",
                        entries.len(),
                        if entries.len() == 1 { "key" } else { "keys" }
                    )];
                    lines.extend(entries.iter().map(|e| e.label()));
                    KeyState::Read { lines, skipped }
                }
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
    // "Edit and re-sign": the decoded header and payload exactly as they were signed, when both
    // are JSON (a JWE's payload is sealed, and bytes have no JSON form for the editors).
    let resign = Memo::new(move |_| {
        analysis.with(|a| {
            let d = a.decoded.as_ref()?.as_ref().ok()?;
            if d.form == TokenForm::Jwe {
                return None;
            }
            let header = d.header.as_ref()?.text.clone();
            match d.payload.as_ref()? {
                Payload::Json(p) => Some((header, p.text.clone())),
                Payload::Text(_) | Payload::Bytes(_) => None,
            }
        })
    });

    // The decoded code (see `DecodedCode`) is loaded once the page is drawn (the offline worker
    // fetches every file of the build then anyway), or sooner when the pointer is over the token
    // field or the sample menu, or either has focus, or there is input. Input before it is here
    // waits for it; input after a failed fetch fetches it again (that is the retry).
    let load_decoded = move || {
        fetch_code(
            decoded_code,
            decoded_failed,
            decoded_loading,
            load_decoded_code,
        )
    };
    // After the frame that shows the page.
    request_animation_frame(move || set_timeout(load_decoded, Duration::ZERO));

    // ---- Actions ----
    // A big input is taken out of the field before the browser lays it out and analysed after
    // a pause; `area` is the field, when the text is already in it.
    let take_big = move |value: String, area: Option<web_sys::HtmlTextAreaElement>| {
        let preview = held_preview(&value);
        if let Some(area) = area {
            area.set_value(&preview);
        }
        let chars = value.chars().count();
        held.set(Some(chars));
        field.set(preview);
        pending.set(Some(chars));
        let handle = set_timeout_with_handle(
            move || {
                pending.set(None);
                refresh_clock();
                text.set(value);
            },
            DEBOUNCE,
        )
        .ok();
        debounce.set_value(handle);
    };
    let forget_opened = move || {
        if opened.with_untracked(Option::is_some) {
            opened.set(None);
        }
        if sample_note.with_untracked(Option::is_some) {
            sample_note.set(None);
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        forget_opened();
        cancel_pending();
        if value.len() <= BIG_INPUT {
            refresh_clock();
            held.set(None);
            text.set(value);
            return;
        }
        take_big(
            value,
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()),
        );
    };
    // A big paste never enters the field at all: inserting a megabyte into a text field costs the
    // browser far more than everything Tokenlab does with it. It replaces the whole input.
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let Some(pasted) = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
        else {
            return;
        };
        if pasted.len() <= BIG_INPUT {
            return;
        }
        ev.prevent_default();
        forget_opened();
        cancel_pending();
        take_big(pasted, None);
    };
    let clear = move |_| {
        cancel_pending();
        opened.set(None);
        held.set(None);
        field.set(String::new());
        text.set(String::new());
        key_text.set(String::new());
        sample_note.set(None);
        browser::focus_id(TOKEN_INPUT_ID);
    };
    let on_open = Callback::new(move |token: String| opened.set(Some(token)));
    let nav = use_context::<Nav>();
    let edit_and_resign = move |_| {
        if let (Some(nav), Some((header, payload))) = (nav, resign.get_untracked()) {
            nav.go(
                crate::route::Section::Encoder,
                &[("header", &header), ("payload", &payload)],
            );
        }
    };
    // Key text that needs the key code fetches it; so does every later analysis that still
    // needs it after a failed fetch (the key edited, a sample picked): that is the retry.
    Effect::new(move |_| {
        let needs = analysis.with(|a| matches!(a.key, Some(Err(KeyError::CodeNotLoaded))));
        if needs {
            fetch_code(key_code, key_code_failed, key_code_loading, load_key_code);
        }
    });
    // The pointer is over the key field or it has focus: a key is about to be pasted, so start
    // fetching the key code (a failed fetch is left to the analysis that needs it).
    let on_key_intent = Callback::new(move |()| {
        if key_code.get_untracked().is_none() {
            leptos::task::spawn_local(async {
                let _ = preload_key_code().await;
            });
        }
    });
    // The pointer is over the sample menu or it has focus: start fetching the sample maker, so
    // the pick a moment later finds it there (a failed fetch is left to the pick). Most samples
    // come with a PEM key, so the key code too.
    let on_sample_intent = Callback::new(move |()| {
        load_decoded();
        leptos::task::spawn_local(async {
            let _ = preload_samples().await;
        });
        on_key_intent.run(());
    });
    let on_sample = Callback::new(move |id: &'static str| {
        let Some(index) = samples::SAMPLE_IDS.iter().position(|(i, _)| *i == id) else {
            return;
        };
        leptos::task::spawn_local(async move {
            // Samples are made at the real time, whatever "now" is shifted to.
            match make_sample(index, browser::unix_now()).await {
                Ok(Some(s)) => {
                    load(s.token, Some((s.key, s.encoding)));
                    sample_note.set(Some((s.title, s.description)));
                }
                Ok(None) => {}
                Err(LoadError) => sample_note.set(Some(SAMPLES_NOT_LOADED)),
            }
        });
    });

    // ---- Views ----
    let empty = move || {
        text.with(|t| t.trim().is_empty())
            && opened.with(Option::is_none)
            && pending.get().is_none()
    };
    Effect::new(move |_| {
        if !empty() {
            load_decoded();
        }
    });
    let token_pane = view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--token" aria-labelledby="tl-dbg-h-token">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-token">
                    "Token"
                </h2>
                <CopyButton what="token" text=token_copy />
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
                    aria-describedby=move || {
                        if held.get().is_some() {
                            "tl-dbg-input-hint tl-dbg-held"
                        } else {
                            "tl-dbg-input-hint"
                        }
                    }
                    prop:value=move || field.get()
                    readonly=move || held.get().is_some()
                    on:input=on_input
                    on:paste=on_paste
                    on:focus=move |_| load_decoded()
                    on:pointerenter=move |_| load_decoded()
                ></textarea>
                <span class="tl-hint" id="tl-dbg-input-hint">
                    "“Bearer ”, quotes and line breaks are removed for you. Nothing leaves this page."
                </span>
            </div>
            {move || {
                sample_note
                    .get()
                    .map(|(title, description)| {
                        view! {
                            <p class="tl-message tl-message--info tl-dbg-sample-note">
                                <strong>{format!("Sample: {title}. ")}</strong>
                                {description}
                            </p>
                        }
                    })
            }}
            {move || {
                held.get()
                    .map(|n| {
                        view! {
                            <p class="tl-message tl-message--info tl-dbg-held" id="tl-dbg-held">
                                {format!(
                                    "This input has {} characters, too many to edit comfortably here: the box shows its first {} characters and is read-only. Everything else uses the whole input. Clear to start again.",
                                    group_digits(n),
                                    group_digits(HELD_PREVIEW_CHARS),
                                )}
                            </p>
                        }
                    })
            }}
            <p class="tl-hint tl-dbg-note" role="status">
                {move || match (pending.get(), working.get()) {
                    (Some(n), _) => format!("Reading {} characters…", group_digits(n)),
                    (None, true) => "Analysing…".to_owned(),
                    (None, false) => String::new(),
                }}
            </p>
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
            <Show when=move || open_token.with(Option::is_some)>
                <ShareLink
                    section=crate::route::Section::Debugger
                    params=Signal::derive(move || {
                        open_token.get().map(|t| vec![("token".to_owned(), t)]).unwrap_or_default()
                    })
                    key=Signal::derive(move || {
                        let k = key_text.get();
                        (!k.trim().is_empty()).then(|| (k, encoding.get()))
                    })
                />
            </Show>
            <Show when=move || token_parts.with(Option::is_some)>
                <h3 class="tl-dbg-subtitle">"Segments"</h3>
                <TokenView parts=Signal::derive(move || token_parts.get().unwrap_or_default()) />
            </Show>
            {move || {
                let errors = token_errors.get();
                (!errors.is_empty())
                    .then(|| {
                        view! {
                            <ul class="tl-dbg-errors" aria-label="Decoding problems">
                                {errors
                                    .into_iter()
                                    .map(|e| view! { <li class="tl-message tl-message--error">{e}</li> })
                                    .collect_view()}
                            </ul>
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

    let retry_decoded = Callback::new(move |()| load_decoded());
    let decoded = DecodedInputs {
        analysis,
        now,
        shift,
        leeway,
        form,
        payload_code,
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
                <CopyButton what="header" text=header_copy />
            </div>
            <DecodedSlot body=Body::Header inputs=decoded code=decoded_code failed=decoded_failed retry=retry_decoded waiting=working />
        </section>
    };

    let payload_pane = view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--payload" aria-labelledby="tl-dbg-h-payload">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-payload">
                    <span class="tl-dbg-dot tl-seg--payload" aria-hidden="true">"●"</span>
                    "Payload"
                </h2>
                <CopyButton what="payload" text=payload_copy />
            </div>
            <DecodedSlot body=Body::Payload inputs=decoded code=decoded_code failed=decoded_failed retry=retry_decoded waiting=working />
        </section>
    };

    let findings_pane = view! {
        <section class="tl-pane tl-dbg-pane tl-dbg-pane--findings" aria-labelledby="tl-dbg-h-findings">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-dbg-h-findings">
                    "Security findings"
                </h2>
            </div>
            <DecodedSlot body=Body::Findings inputs=decoded code=decoded_code failed=decoded_failed retry=retry_decoded waiting=working />
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
            on_key_intent=on_key_intent
        />
    };

    view! {
        <div class="tl-dbg">
            <div class="tl-dbg__top">
                <h1 class="tl-page__title">"Debugger"</h1>
                <div class="tl-row tl-dbg__tools">
                    <SampleMenu on_pick=on_sample on_intent=on_sample_intent />
                    <Show when=move || resign.with(Option::is_some)>
                        <button
                            type="button"
                            class="tl-button"
                            on:click=edit_and_resign
                            title="Open the Encoder with this header and payload"
                        >
                            "Edit and re-sign"
                        </button>
                    </Show>
                    <button type="button" class="tl-button" on:click=clear>
                        "Clear"
                    </button>
                </div>
            </div>
            <div class="tl-dbg__grid">
                <div class="tl-dbg__col tl-dbg__col--input">{token_pane} {signature_pane}</div>
                <div class="tl-dbg__col tl-dbg__col--output">
                    {header_pane} {payload_pane} {findings_pane}
                </div>
            </div>
        </div>
    }
}

/// Fetches a split point's code into `code` with `load`, unless it is there or on its way
/// (`loading`). A failed fetch sets `failed`, and the next call tries again. `try_` throughout:
/// the page may be gone by the time the fetch comes back.
fn fetch_code<T, F>(
    code: RwSignal<Option<T>>,
    failed: RwSignal<bool>,
    loading: StoredValue<bool>,
    load: impl FnOnce() -> F,
) where
    T: Send + Sync + 'static,
    F: std::future::Future<Output = Result<T, LoadError>> + 'static,
{
    if loading.try_get_value().unwrap_or(true)
        || code.try_with_untracked(Option::is_some) != Some(false)
    {
        return;
    }
    loading.set_value(true);
    let fetch = load();
    leptos::task::spawn_local(async move {
        let result = fetch.await;
        loading.try_set_value(false);
        match result {
            Ok(value) => {
                failed.try_set(false);
                code.try_set(Some(value));
            }
            Err(LoadError) => {
                failed.try_set(true);
            }
        }
    });
}

/// Shown in the sample note when the samples' code could not be fetched.
const SAMPLES_NOT_LOADED: (&str, &str) = (
    "Sample not loaded",
    "The code that makes sample tokens could not be fetched from the site (it is fetched when a \
     sample is first chosen; after one visit online it also works offline). Choose the sample \
     again to retry.",
);

/// Shown for PEM, JWK or JWKS key text when the key code could not be fetched.
const KEY_CODE_NOT_LOADED: &str = "the code that reads PEM, JWK and JWKS keys could not be \
     fetched from the site (it is fetched when such a key is first pasted; after that it also \
     works offline); edit the key to try again";

/// The asymmetric-key code: what [`load_key_code`] gives.
#[derive(Clone, Copy)]
struct KeyCode(&'static dyn Backend);

/// Every key, the last key text read kept: the token is analysed again on every keystroke,
/// with the key field unchanged, and reading a private key costs up to a millisecond in wasm.
static ALL_KEYS: LastKey<AllKeys> = LastKey::new(AllKeys);

/// The key code when the Debugger starts: in one-module builds (`cargo test`) it is simply
/// there; in the split build it is fetched when a key first needs it.
#[cfg(not(feature = "split"))]
const KEY_CODE_AT_START: Option<KeyCode> = Some(KeyCode(&ALL_KEYS));
#[cfg(feature = "split")]
const KEY_CODE_AT_START: Option<KeyCode> = None;

split_point! {
    /// The code that reads PEM, JWK and JWKS keys and verifies with them (RSA, P-256/384/521,
    /// Ed25519): a split point (see `crate::lazy`). It is about a third of the Debugger's wasm
    /// and only keys other than secrets need it (`tokenlab_engine::backend`).
    module tokenlab_keycode, preload preload_key_code;
    fn load_key_code() -> Result<KeyCode, LoadError> {
        Ok(KeyCode(&ALL_KEYS))
    }
}

split_point! {
    /// Makes the sample at `index` of [`samples::SAMPLE_IDS`]: a split point (see `crate::lazy`).
    /// Samples are signed when chosen, with RSA, ECDSA and Ed25519 private keys; only they sign
    /// anything in the Debugger, so the signing code is fetched with the first sample instead of
    /// with the page.
    module tokenlab_samples, preload preload_samples;
    fn make_sample(index: usize, now: i64) -> Result<Option<samples::Sample>, LoadError> {
        Ok(samples::SAMPLE_IDS
            .get(index)
            .and_then(|(id, _)| samples::sample(id, now)))
    }
}

/// The engine's analysis and the bodies of the header, payload and findings panes
/// (`decoded`): what [`load_decoded_code`] gives. In the split build it is a wasm module of its
/// own, about a sixth of the Debugger's code with the engine's decoding, verifying, claim
/// checks and lints, which the first load does without: an empty page needs none of it.
#[derive(Clone, Copy)]
struct DecodedCode {
    analyze: fn(&str, &AnalyzeOptions, &dyn Backend) -> Analysis,
    analyze_token: fn(&str, &AnalyzeOptions, &dyn Backend) -> Analysis,
    decode_stage: fn(&str, &AnalyzeOptions, &dyn Backend) -> TokenStage,
    finish: fn(TokenStage, &AnalyzeOptions, &dyn Backend) -> Analysis,
    intake: fn(&str, i64) -> Result<intake::Intake, TooLarge>,
    /// Reading secrets and verifying HMAC (SHA-2 is in here): the backend until the key code
    /// is there.
    secrets_only: &'static dyn Backend,
    header_body: fn(DecodedInputs) -> AnyView,
    payload_body: fn(DecodedInputs) -> AnyView,
    findings_body: fn(DecodedInputs) -> AnyView,
}

/// The decoded code's functions (reached in the split build only through [`load_decoded_code`]).
const fn decoded_code() -> DecodedCode {
    DecodedCode {
        analyze: analyze_with,
        analyze_token: analyze_token_with,
        decode_stage: decode_stage_with,
        finish: TokenStage::finish_with,
        intake: intake::intake,
        secrets_only: &SecretsOnly,
        header_body: decoded::header_body,
        payload_body: decoded::payload_body,
        findings_body: decoded::findings_body,
    }
}

/// The decoded code when the Debugger starts: in one-module builds (`cargo test`) it is simply
/// there; in the split build it is fetched for the first input.
#[cfg(not(feature = "split"))]
const DECODED_CODE_AT_START: Option<DecodedCode> = Some(decoded_code());
#[cfg(feature = "split")]
const DECODED_CODE_AT_START: Option<DecodedCode> = None;

split_point! {
    module tokenlab_decoded, preload preload_decoded_code;
    fn load_decoded_code() -> Result<DecodedCode, LoadError> {
        Ok(decoded_code())
    }
}

/// Shown in the token pane and the decoded panes when the decoded code could not be fetched.
const DECODED_NOT_LOADED: &str = "The code that decodes tokens could not be fetched from the site \
     (after one visit online it also works offline). Choose Try again, or edit the token, to \
     retry.";

/// Which body a [`DecodedSlot`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Body {
    Header,
    Payload,
    Findings,
}

/// The body of the header, payload or findings pane, drawn once `code` is there (at once in
/// one-module builds). Until then the pane shows the line it shows for an empty page, which is
/// all there is to show until the first input fetches the code, then "Loading…"; a failed fetch
/// says so, with a button to try again.
#[component]
fn DecodedSlot(
    body: Body,
    inputs: DecodedInputs,
    code: RwSignal<Option<DecodedCode>>,
    failed: RwSignal<bool>,
    retry: Callback<()>,
    /// There is input waiting for the code.
    waiting: RwSignal<bool>,
) -> impl IntoView {
    let empty_hint = match body {
        Body::Header => decoded::NO_HEADER,
        Body::Payload => decoded::NO_PAYLOAD,
        Body::Findings => decoded::NO_FINDINGS,
    };
    move || match code.get() {
        Some(code) => match body {
            Body::Header => (code.header_body)(inputs),
            Body::Payload => (code.payload_body)(inputs),
            Body::Findings => (code.findings_body)(inputs),
        },
        None if failed.get() => view! {
            <div class="tl-message tl-message--error" role="alert">
                <p>{DECODED_NOT_LOADED}</p>
                <button class="tl-button" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            </div>
        }
        .into_any(),
        None => view! {
            <p class="tl-hint">
                {move || if waiting.get() { "Loading…" } else { empty_hint }}
            </p>
        }
        .into_any(),
    }
}
