//! Everything about one key: its facts, its thumbprint, and its private and public forms with
//! Copy and Download.

use leptos::prelude::*;

use super::exports::{Export, KeyExports};
use crate::ui::kit::download_button::DownloadButton;
use crate::ui::kit::output_box::OutputBox;
use crate::ui::kit::segmented::Segmented;

/// Shows a key's [`KeyExports`]: facts (type, size or curve, algorithms, kid), the RFC 7638
/// thumbprint, then two columns: the private key (or secret) and the public key, each in a
/// format chosen with a segmented control. The format choices survive a new key of the same kind.
#[component]
pub fn KeyView(
    /// The key's exports (recomputed by the caller when the key changes); nothing is shown while
    /// there is no key.
    #[prop(into)]
    exports: Signal<Option<KeyExports>>,
) -> impl IntoView {
    let private_fmt = RwSignal::new("PKCS#8 PEM");
    let public_fmt = RwSignal::new("SPKI PEM");
    move || {
        let x = exports.get()?;
        let facts = x.facts.clone();
        let secret = facts.kty == "oct";
        let algs = facts
            .suitable_algs
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ");
        let kind = match (facts.kty, facts.curve) {
            (kty, Some(crv)) => format!("{kty} ({crv})"),
            (kty, None) => kty.to_string(),
        };
        let thumbprint = facts.thumbprint.clone().unwrap_or_default();
        let column = |list: Vec<Export>,
                      fmt: RwSignal<&'static str>,
                      legend: &'static str,
                      label: &'static str,
                      what: &'static str| {
            let names = list.iter().map(|e| e.format).collect::<Vec<_>>();
            let chosen = {
                let list = list.clone();
                Signal::derive(move || {
                    let f = fmt.get();
                    list.iter()
                        .find(|e| e.format == f)
                        .or_else(|| list.first())
                        .cloned()
                })
            };
            let text = Signal::derive(move || {
                chosen.with(|c| {
                    c.as_ref()
                        .map(|e| e.text.clone().unwrap_or_else(|err| err))
                        .unwrap_or_default()
                })
            });
            let filename = Signal::derive(move || {
                chosen.with(|c| c.as_ref().map(|e| e.filename.clone()).unwrap_or_default())
            });
            let mime = list.first().map_or("text/plain", |e| e.mime);
            view! {
                <Segmented legend=legend options=names value=fmt />
                <OutputBox label=label value=text hide_label=true>
                    <DownloadButton text=text filename=filename mime=mime what=what />
                </OutputBox>
            }
        };
        let private_col = if x.private.is_empty() {
            view! {
                <p class="tl-hint">"This is a public key: there is no private half to show."</p>
            }
            .into_any()
        } else if secret {
            column(
                x.private.clone(),
                private_fmt,
                "Secret format",
                "Secret",
                "secret",
            )
            .into_any()
        } else {
            column(
                x.private.clone(),
                private_fmt,
                "Private key format",
                "Private key",
                "private key",
            )
            .into_any()
        };
        let public_col = if x.public.is_empty() {
            view! {
                <p class="tl-hint">
                    "An HMAC secret has no public half: whoever verifies needs the same secret. "
                    "Share it only over a safe channel."
                </p>
            }
            .into_any()
        } else {
            column(
                x.public.clone(),
                public_fmt,
                "Public key format",
                "Public key",
                "public key",
            )
            .into_any()
        };
        Some(view! {
            <div class="tl-keyview">
                <dl class="tl-facts">
                    <dt>"Key"</dt>
                    <dd>{facts.description.clone()}</dd>
                    <dt>"kty"</dt>
                    <dd class="tl-mono">{kind}</dd>
                    <dt>"Size"</dt>
                    <dd>{format!("{} bits", facts.bits)}</dd>
                    <dt>"Algorithms"</dt>
                    <dd class="tl-mono">{algs}</dd>
                    {x.kid.clone().map(|kid| view! {
                        <dt>"kid in the JWKs"</dt>
                        <dd class="tl-mono">{kid}</dd>
                    })}
                </dl>
                <OutputBox label="Thumbprint (RFC 7638)" value=thumbprint />
                <div class="tl-keyview__columns">
                    <div class="tl-keyview__column">
                        <h3 class="tl-keyview__title">{if secret { "Secret" } else { "Private key" }}</h3>
                        {private_col}
                    </div>
                    <div class="tl-keyview__column">
                        <h3 class="tl-keyview__title">"Public key"</h3>
                        {public_col}
                    </div>
                </div>
            </div>
        })
    }
}
