//! A labelled JSON editor with live validation and the error marked in place.

use leptos::html::Textarea;
use leptos::prelude::*;

use super::excerpt::{excerpt, Line};
use super::EditorError;
use crate::ui::kit::sentence;

/// Lines of context shown around an error.
const CONTEXT_LINES: usize = 2;

/// A `<textarea>` for a header or payload. Under it: "✓ Valid JSON", or the engine's error with
/// its line and column, the lines around it syntax-coloured with the character at fault marked,
/// and a button that puts the caret on that character in the editor.
#[component]
pub fn JsonEditor(
    /// The visible label ("Header", "Payload"), also the textarea's accessible name.
    label: &'static str,
    /// The text, read and written by the editor.
    text: RwSignal<String>,
    /// The current problem with the text, if any (from the engine's signing rules).
    #[prop(into)]
    error: Signal<Option<EditorError>>,
    /// What valid text is called in the status line ("Valid JSON", "Valid JSON object").
    ok_text: &'static str,
    /// Visible rows.
    rows: u32,
) -> impl IntoView {
    let id = crate::ui::kit::unique_id("tl-editor");
    let status_id = format!("{id}-status");
    let area = NodeRef::<Textarea>::new();

    let show_in_editor = move |_| {
        let Some(e) = error.get_untracked() else {
            return;
        };
        let Some(el) = area.get_untracked() else {
            return;
        };
        let value = text.get_untracked();
        // The textarea counts UTF-16 code units; the engine counts bytes.
        let start = value
            .get(..e.offset.min(value.len()))
            .map_or(0, |s| s.encode_utf16().count());
        let end = value
            .get(e.offset.min(value.len())..)
            .and_then(|s| s.chars().next())
            .map_or(start, |c| start + c.len_utf16());
        let _ = el.focus();
        let (start, end) = (start as u32, end as u32);
        let _ = el.set_selection_range(start, end);
    };

    let render_line = |line: Line| {
        view! {
            <span class="tl-excerpt__line">
                <span class="tl-excerpt__number" aria-hidden="true">{line.number}</span>
                <span class="tl-excerpt__text">
                    {line
                        .pieces
                        .into_iter()
                        .map(|p| {
                            let class = p.class.unwrap_or("");
                            if p.marked {
                                view! { <mark class=format!("tl-excerpt__mark {class}")>{p.text}</mark> }
                                    .into_any()
                            } else {
                                view! { <span class=class>{p.text}</span> }.into_any()
                            }
                        })
                        .collect_view()}
                </span>
            </span>
        }
    };

    view! {
        <div class="tl-field tl-editor">
            <div class="tl-editor__head">
                <label class="tl-label" for=id.clone()>{label}</label>
                <span
                    class="tl-editor__status"
                    class:tl-editor__status--bad=move || error.with(Option::is_some)
                    id=status_id.clone()
                    aria-live="polite"
                >
                    {move || match error.get() {
                        None => format!("✓ {ok_text}"),
                        Some(e) => format!("✗ Line {}, column {}", e.line, e.column),
                    }}
                </span>
            </div>
            <textarea
                id=id
                node_ref=area
                class="tl-textarea tl-editor__area"
                rows=rows
                spellcheck="false"
                autocomplete="off"
                aria-describedby=status_id
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            {move || {
                error
                    .get()
                    .map(|e| {
                        let lines = excerpt(&text.get(), e.offset, CONTEXT_LINES);
                        view! {
                            <div class="tl-message tl-message--error tl-editor__error">
                                <p class="tl-editor__message">{sentence(&e.message)}</p>
                                <pre
                                    class="tl-excerpt"
                                    role="group"
                                    aria-label=format!("{label} around line {}, the character at fault marked", e.line)
                                    tabindex="0"
                                >
                                    {lines.into_iter().map(render_line).collect_view()}
                                </pre>
                                <button type="button" class="tl-button tl-button--small" on:click=show_in_editor>
                                    "Show in editor"
                                    <span class="tl-visually-hidden">{format!(" ({label})")}</span>
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
