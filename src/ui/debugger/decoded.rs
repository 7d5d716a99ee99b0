//! The bodies of the Debugger's header, payload and findings panes: the highlighted JSON, the
//! header and claims tables, the validity timeline with its time controls, and the findings.
//!
//! The panes themselves (their titles and copy buttons) belong to the Debugger; these bodies are
//! only needed once there is a token to show. In the release build (feature `split`) they are in
//! a wasm module of their own with the engine's analysis, fetched for the first input (see
//! `super::DecodedCode`).

use std::sync::Arc;

use leptos::prelude::*;
use tokenlab_engine::analysis::Analysis;
use tokenlab_engine::claims::Timeline;
use tokenlab_engine::jws::{Payload, TokenForm};
use tokenlab_engine::lint::Finding;

use super::findings_list::FindingsList;
use super::json_view::{CodeContent, CodeView};
use super::member_table::{member_count, member_rows, MemberKind, MemberRow, MemberTable};
use super::time_controls::TimeControls;
use super::timeline::ValidityTimeline;
use crate::browser;
use crate::ui::kit::deferred::Deferred;

/// What the bodies read: handles to the Debugger's signals (all `Copy`, so they cross a split
/// point as plain values).
#[derive(Clone, Copy)]
pub struct DecodedInputs {
    /// The engine's analysis of the input.
    pub analysis: RwSignal<Arc<Analysis>>,
    /// "Now" for the claims, shifted by the time controls.
    pub now: Memo<i64>,
    /// The time controls' shift of "now", in seconds.
    pub shift: RwSignal<i64>,
    /// The time controls' leeway, in seconds.
    pub leeway: RwSignal<i64>,
    /// The decoded token's form (JWS or JWE).
    pub form: Memo<Option<TokenForm>>,
    /// The payload as the payload pane shows it.
    pub payload_code: Memo<Option<CodeContent>>,
}

/// The header pane's content.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeaderData {
    code: CodeContent,
    rows: Vec<MemberRow>,
    total: usize,
}

/// Local time for the claims table: the browser's time zone, with its offset.
fn local_time(t: i64) -> String {
    browser::format_local(t)
}

/// The header pane's body: the header as highlighted JSON and as a table of its parameters.
pub fn header_body(inputs: DecodedInputs) -> AnyView {
    let DecodedInputs { analysis, .. } = inputs;
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
    view! {
        <Show
            when=move || header_data.with(Option::is_some)
            fallback=|| view! { <p class="tl-hint">{NO_HEADER}</p> }
        >
            <CodeView
                content=Signal::derive(move || {
                    header_data.with(|h| h.as_ref().map(|h| h.code.clone())).unwrap_or(CodeContent::Text(String::new()))
                })
                label="Header JSON"
            />
            <Show when=move || header_data.with(|h| h.as_ref().is_some_and(|h| h.total > 0))>
                <MemberTable
                    rows=Signal::derive(move || header_data.with(|h| h.as_ref().map(|h| h.rows.clone()).unwrap_or_default()))
                    total=Signal::derive(move || header_data.with(|h| h.as_ref().map_or(0, |h| h.total)))
                    kind=MemberKind::Header
                />
            </Show>
        </Show>
    }
    .into_any()
}

/// The payload pane's body: the payload (JSON, text or bytes), the validity timeline and time
/// controls, and the claims table.
pub fn payload_body(inputs: DecodedInputs) -> AnyView {
    let DecodedInputs {
        analysis,
        now,
        shift,
        leeway,
        form,
        payload_code,
    } = inputs;
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
    let claims_shown =
        Memo::new(move |_| claim_rows.with(|c| c.as_ref().is_some_and(|(_, total)| *total > 0)));
    // The last claims drawn, kept while the payload is not a claims object.
    let kept_claims = last_some(move || claim_rows.get());
    let timeline: Memo<Option<Timeline>> =
        Memo::new(move |_| analysis.with(|a| a.claims.as_ref().map(|c| c.timeline)));
    // The last payload drawn, kept in the page (hidden, like the claims table below) while the
    // payload does not decode: a key typed mid-token breaks it until the next one, and coming
    // back then redraws only what changed instead of the whole payload. Not `Deferred`: that
    // builds its content a task after it is first wanted, and the payload is the first thing a
    // pasted token should show.
    let has_code = Memo::new(move |_| payload_code.with(Option::is_some));
    let kept_code = last_some(move || payload_code.get());
    // The timeline too: kept, hidden, while the token has no times.
    let has_timeline = Memo::new(move |_| timeline.with(Option::is_some));
    let kept_timeline = last_some(move || timeline.get());
    view! {
        <div class="tl-deferred" hidden=move || !has_code.get()>
            <CodeView
                content=Signal::derive(move || kept_code.get().unwrap_or(CodeContent::Text(String::new())))
                label="Payload JSON"
            />
        </div>
        {move || match (has_code.get(), form.get()) {
            (true, _) => ().into_any(),
            (false, Some(TokenForm::Jwe)) => {
                view! {
                    <p class="tl-message tl-message--info">
                        "The payload of a JWE is encrypted: only the protected header can be read without the key."
                    </p>
                }
                    .into_any()
            }
            (false, _) => view! { <p class="tl-hint">{NO_PAYLOAD}</p> }.into_any(),
        }}
        <div class="tl-deferred" hidden=move || !has_timeline.get()>
            {move || {
                kept_timeline
                    .get()
                    .map(|t| {
                        view! {
                            <h3 class="tl-dbg-subtitle">"Validity"</h3>
                            <ValidityTimeline timeline=t />
                        }
                    })
            }}
        </div>
        // The controls and the claims table are built for the first token that has them,
        // then stay in the page, hidden, while the payload is briefly not a claims object
        // (mid-edit): coming back redraws only what changed.
        <Deferred shown=has_timeline>
            <TimeControls shift=shift leeway=leeway now=now />
        </Deferred>
        <Deferred shown=claims_shown>
            <h3 class="tl-dbg-subtitle">"Claims"</h3>
            <MemberTable
                rows=Signal::derive(move || {
                    kept_claims.with(|k| k.as_ref().map(|(r, _)| r.clone()).unwrap_or_default())
                })
                total=Signal::derive(move || kept_claims.with(|k| k.as_ref().map_or(0, |(_, t)| *t)))
                kind=MemberKind::Claims
            />
        </Deferred>
    }
    .into_any()
}

/// The last `Some` that `source` gave, kept while it gives `None`: what the payload pane keeps
/// in the page, hidden, while the payload is mid-edit.
fn last_some<T>(source: impl Fn() -> Option<T> + Send + Sync + 'static) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |prev: Option<&Option<T>>| source().or_else(|| prev.cloned().flatten()))
}

/// The findings pane's body: the security findings, most severe first.
pub fn findings_body(inputs: DecodedInputs) -> AnyView {
    let DecodedInputs { analysis, .. } = inputs;
    let findings: Memo<Option<Vec<Finding>>> =
        Memo::new(move |_| analysis.with(|a| a.token().is_some().then(|| a.findings.clone())));
    (move || match findings.get() {
        Some(list) => view! { <FindingsList findings=list /> }.into_any(),
        None => view! { <p class="tl-hint">{NO_FINDINGS}</p> }.into_any(),
    })
    .into_any()
}

/// The header pane's line while no header is decoded.
pub const NO_HEADER: &str = "No header decoded yet.";
/// The payload pane's line while no payload is decoded.
pub const NO_PAYLOAD: &str = "No payload decoded yet.";
/// The findings pane's line while no token is decoded.
pub const NO_FINDINGS: &str = "Findings appear once a token is decoded.";
