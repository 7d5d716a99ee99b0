//! The signed token, coloured by segment, with Copy and "Open in the Debugger".

use crate::ui::debugger::token_view::segment_class;
use leptos::prelude::*;
use tokenlab_engine::jws;

use crate::ui::kit::copy_button::CopyButton;

/// `(text, class)` runs of a compact token: each segment with its class, the dots between them.
/// Text that does not decode as a token is one unstyled run.
pub fn runs(token: &str) -> Vec<(String, &'static str)> {
    let Ok(decoded) = jws::decode(token) else {
        return vec![(token.to_string(), "")];
    };
    let mut out = Vec::new();
    let mut pos = 0;
    for seg in &decoded.segments {
        if seg.range.start > pos {
            out.push((
                token.get(pos..seg.range.start).unwrap_or("").to_string(),
                "tl-seg--dot",
            ));
        }
        out.push((seg.text(token).to_string(), segment_class(seg.kind)));
        pos = seg.range.end;
    }
    if pos < token.len() {
        out.push((token.get(pos..).unwrap_or("").to_string(), "tl-seg--dot"));
    }
    out
}

/// The signed token (an `<output>` named "Signed token"), coloured header / payload / signature,
/// with Copy and a button that opens it in the Debugger with the key that verifies it.
#[component]
pub fn TokenOutput(
    /// The token, when signing succeeded.
    #[prop(into)]
    token: Signal<Option<String>>,
    /// Opens the token in the Debugger.
    on_open: Callback<()>,
) -> impl IntoView {
    let text = Signal::derive(move || token.get().unwrap_or_default());
    let missing = Signal::derive(move || token.with(Option::is_none));
    view! {
        <div class="tl-output tl-encoder__token">
            <div class="tl-output__head">
                <label class="tl-label" for="tl-encoder-token">"Signed token"</label>
                <div class="tl-output__actions">
                    <CopyButton text=text what="signed token" disabled=missing />
                    <button
                        type="button"
                        class="tl-button tl-button--small tl-button--primary"
                        disabled=missing
                        on:click=move |_| on_open.run(())
                    >
                        "Open in Debugger"
                    </button>
                </div>
            </div>
            <output id="tl-encoder-token" class="tl-output__value tl-mono tl-encoder__token-value" aria-live="off" tabindex="0">
                {move || match token.get() {
                    Some(t) => runs(&t)
                        .into_iter()
                        .map(|(s, class)| view! { <span class=class>{s}</span> })
                        .collect_view()
                        .into_any(),
                    None => view! { <span class="tl-hint">"No token: see the message above."</span> }.into_any(),
                }}
            </output>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_splits_into_coloured_segments_and_dots() {
        let r = runs("eyJhbGciOiJub25lIn0.e30.");
        let classes: Vec<_> = r.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            classes,
            [
                "tl-seg--header",
                "tl-seg--dot",
                "tl-seg--payload",
                "tl-seg--dot",
                "tl-seg--signature"
            ]
        );
        let joined: String = r.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(joined, "eyJhbGciOiJub25lIn0.e30.");
    }

    #[test]
    fn every_segment_kind_maps_to_its_css_class() {
        use tokenlab_engine::jws::SegmentKind::*;
        for (k, c) in [
            (Header, "tl-seg--header"),
            (Payload, "tl-seg--payload"),
            (Signature, "tl-seg--signature"),
            (EncryptedKey, "tl-seg--encrypted-key"),
            (Iv, "tl-seg--iv"),
            (Ciphertext, "tl-seg--ciphertext"),
            (Tag, "tl-seg--tag"),
        ] {
            assert_eq!(segment_class(k), c);
        }
    }
}
