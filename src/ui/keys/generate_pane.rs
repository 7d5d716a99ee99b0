//! Generating a key without blocking the page, with progress and Cancel.

use leptos::prelude::*;
use std::time::Duration;
use tokenlab_engine::keys::{KeyEntry, KeyGenKind, KeySource};

use super::exports::exports;
use super::key_view::KeyView;
use crate::browser;
use crate::keygen;
use crate::ui::kit::sentence;

/// Where generation stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Nothing asked yet.
    Idle,
    /// Working on `kind` since `started` (`performance.now()` ms).
    Working {
        /// What is being generated.
        kind: KeyGenKind,
        /// When it started.
        started: f64,
    },
    /// Done: the status sentence.
    Done(String),
    /// Cancelled by the user.
    Cancelled,
    /// Failed: the engine's message.
    Failed(String),
}

/// The option group a kind is listed under.
pub fn group(kind: KeyGenKind) -> &'static str {
    match kind {
        KeyGenKind::Hs256 | KeyGenKind::Hs384 | KeyGenKind::Hs512 => "HMAC secret",
        KeyGenKind::Rsa2048 | KeyGenKind::Rsa3072 | KeyGenKind::Rsa4096 => "RSA",
        KeyGenKind::P256 | KeyGenKind::P384 | KeyGenKind::P521 => "Elliptic curve (ECDSA)",
        KeyGenKind::Ed25519 => "EdDSA",
    }
}

/// The progress line: "Generating RSA 4096-bit key…".
pub fn working_text(kind: KeyGenKind) -> String {
    let what = match kind {
        KeyGenKind::Hs256 => "256-bit HMAC secret",
        KeyGenKind::Hs384 => "384-bit HMAC secret",
        KeyGenKind::Hs512 => "512-bit HMAC secret",
        KeyGenKind::Rsa2048 => "RSA 2048-bit key",
        KeyGenKind::Rsa3072 => "RSA 3072-bit key",
        KeyGenKind::Rsa4096 => "RSA 4096-bit key",
        KeyGenKind::P256 => "EC P-256 key",
        KeyGenKind::P384 => "EC P-384 key",
        KeyGenKind::P521 => "EC P-521 key",
        KeyGenKind::Ed25519 => "Ed25519 key",
    };
    format!("Generating {what}…")
}

/// The generator: a key type, Generate, a live progress line with elapsed time and Cancel, then
/// the key. A click anywhere stays answered while a key is being made: WebCrypto works off the
/// page's thread (see [`crate::keygen`]).
#[component]
pub fn GeneratePane() -> impl IntoView {
    let (kind, set_kind) = signal(KeyGenKind::Rsa2048);
    let progress = RwSignal::new(Progress::Idle);
    let key = RwSignal::new(None::<KeyEntry>);
    let elapsed = RwSignal::new(0.0f64);
    // Each request gets a number; a result for an older number (cancelled or superseded) is
    // dropped.
    let request = StoredValue::new(0u64);
    let ticker = StoredValue::new(None::<IntervalHandle>);

    let stop_ticker = move || {
        if let Some(h) = ticker.get_value() {
            h.clear();
        }
        ticker.set_value(None);
    };
    let generate = move |_| {
        let k = kind.get_untracked();
        let id = request.get_value().wrapping_add(1);
        request.set_value(id);
        let started = browser::now_ms();
        elapsed.set(0.0);
        progress.set(Progress::Working { kind: k, started });
        stop_ticker();
        ticker.set_value(
            set_interval_with_handle(
                move || elapsed.set(browser::now_ms() - started),
                Duration::from_millis(100),
            )
            .ok(),
        );
        leptos::task::spawn_local(async move {
            let result = keygen::generate(k).await;
            // The Keys section may have closed meanwhile (its stored values are gone then).
            if request.try_get_value() != Some(id) {
                return;
            }
            stop_ticker();
            match result {
                Ok(g) => {
                    let description = g.key.description();
                    key.set(Some(KeyEntry::new(g.key, KeySource::Jwk)));
                    progress.set(Progress::Done(format!(
                        "Generated an {description} in {:.0} ms {}.",
                        g.took_ms,
                        g.via.label()
                    )));
                }
                Err(e) => progress.set(Progress::Failed(sentence(&e.to_string()))),
            }
        });
    };
    let cancel = move |_| {
        request.update_value(|r| *r = r.wrapping_add(1));
        stop_ticker();
        progress.set(Progress::Cancelled);
    };
    on_cleanup(stop_ticker);

    let working = move || matches!(progress.get(), Progress::Working { .. });
    let view_exports = Memo::new(move |_| key.with(|k| k.as_ref().map(exports)));

    view! {
        <section class="tl-pane tl-keys__pane" aria-labelledby="tl-keys-gen-title">
            <div class="tl-pane__head">
                <h2 class="tl-pane__title" id="tl-keys-gen-title">"Generate a key"</h2>
            </div>
            <div class="tl-row tl-keys__controls">
                <div class="tl-field tl-field--inline">
                    <label class="tl-label" for="tl-keys-kind">"Key type"</label>
                    <select
                        id="tl-keys-kind"
                        class="tl-select"
                        on:change=move |ev| {
                            if let Some(k) = KeyGenKind::parse(&event_target_value(&ev)) {
                                set_kind.set(k);
                            }
                        }
                    >
                        {["HMAC secret", "RSA", "Elliptic curve (ECDSA)", "EdDSA"]
                            .into_iter()
                            .map(|g| view! {
                                <optgroup label=g>
                                    {KeyGenKind::ALL
                                        .into_iter()
                                        .filter(|k| group(*k) == g)
                                        .map(|k| view! {
                                            <option value=k.name() selected=move || kind.get() == k>
                                                {k.label()}
                                            </option>
                                        })
                                        .collect_view()}
                                </optgroup>
                            })
                            .collect_view()}
                    </select>
                </div>
                <button
                    type="button"
                    class="tl-button tl-button--primary"
                    on:click=generate
                    disabled=working
                >
                    "Generate"
                </button>
            </div>
            <div class="tl-keys__progress" role="status" aria-label="Key generation progress">
                {move || match progress.get() {
                    Progress::Idle => view! {
                        <p class="tl-hint">
                            "RSA, EC and Ed25519 keys come from the browser's WebCrypto, off the "
                            "page's thread; HMAC secrets from its random generator."
                        </p>
                    }.into_any(),
                    Progress::Working { kind, .. } => view! {
                        <div class="tl-keys__working">
                            <span class="tl-spinner" aria-hidden="true"></span>
                            <span>{working_text(kind)}</span>
                            <span class="tl-keys__elapsed" aria-hidden="true">
                                {move || format!("{:.1} s", elapsed.get() / 1000.0)}
                            </span>
                            <button type="button" class="tl-button tl-button--small" on:click=cancel>
                                "Cancel"
                            </button>
                        </div>
                    }.into_any(),
                    Progress::Done(text) => view! {
                        <p class="tl-message tl-message--ok">{text}</p>
                    }.into_any(),
                    Progress::Cancelled => view! {
                        <p class="tl-message tl-message--info">"Cancelled: no key was generated."</p>
                    }.into_any(),
                    Progress::Failed(text) => view! {
                        <p class="tl-message tl-message--error">{text}</p>
                    }.into_any(),
                }}
            </div>
            <KeyView exports=view_exports />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_under_a_group_and_says_what_it_generates() {
        for k in KeyGenKind::ALL {
            assert!(!group(k).is_empty());
            assert!(working_text(k).starts_with("Generating "), "{k:?}");
        }
        assert_eq!(
            working_text(KeyGenKind::Rsa4096),
            "Generating RSA 4096-bit key…"
        );
    }
}
