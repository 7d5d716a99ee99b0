//! The encoded token, coloured by segment, with the characters at fault marked.

use leptos::prelude::*;
use tokenlab_engine::jws::{Segment, SegmentKind, TokenForm};

use super::markup::{group_digits, truncate_chars};
use crate::ui::kit::capitalised;

/// How many characters of the token are coloured; the rest is left out with a note.
pub const TOKEN_VIEW_LIMIT: usize = 20_000;

/// The CSS modifier that colours a segment.
pub fn segment_class(kind: SegmentKind) -> &'static str {
    match kind {
        SegmentKind::Header => "tl-seg--header",
        SegmentKind::Payload => "tl-seg--payload",
        SegmentKind::Signature => "tl-seg--signature",
        SegmentKind::EncryptedKey => "tl-seg--encrypted-key",
        SegmentKind::Iv => "tl-seg--iv",
        SegmentKind::Ciphertext => "tl-seg--ciphertext",
        SegmentKind::Tag => "tl-seg--tag",
    }
}

/// A segment's name for the legend, capitalised: "Header", "Encrypted key", ….
pub fn segment_title(kind: SegmentKind) -> String {
    capitalised(kind.label())
}

/// One run of the coloured token: a segment's (or a dot's) text, or one character at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The segment's CSS modifier (`tl-seg--dot` for text outside every segment).
    pub class: &'static str,
    /// The text, as in the token.
    pub text: String,
    /// A character at fault (drawn as `<mark>`).
    pub mark: bool,
}

/// `token` cut into coloured runs by `segments`, with the character at each offset in `marks`
/// as a run of its own. Only the first `limit` characters are drawn; the flag says whether
/// anything was cut. Text outside every segment (the dots) is muted.
pub fn token_runs(
    token: &str,
    segments: &[Segment],
    marks: &[usize],
    limit: usize,
) -> (Vec<Run>, bool) {
    let (shown, cut) = truncate_chars(token, limit);
    let end = shown.len();
    let mut marks: Vec<usize> = marks.iter().copied().filter(|&m| m < end).collect();
    marks.sort_unstable();
    marks.dedup();
    let mut out = Vec::new();
    let mut pos = 0;
    let push = |out: &mut Vec<Run>, class: &'static str, text: &str, mark: bool| {
        if !text.is_empty() {
            out.push(Run {
                class,
                text: text.to_owned(),
                mark,
            });
        }
    };
    let draw = |out: &mut Vec<Run>, from: usize, to: usize, class: &'static str| {
        let mut at = from;
        for &m in marks.iter().filter(|&&m| m >= from && m < to) {
            push(out, class, shown.get(at..m).unwrap_or(""), false);
            let ch_len = shown
                .get(m..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            let Some(ch) = shown.get(m..m + ch_len) else {
                continue;
            };
            push(out, class, ch, true);
            at = m + ch_len;
        }
        push(out, class, shown.get(at..to).unwrap_or(""), false);
    };
    for seg in segments {
        let start = seg.range.start.min(end);
        let stop = seg.range.end.min(end);
        if start > pos {
            draw(&mut out, pos, start, "tl-seg--dot");
        }
        if stop > start {
            draw(&mut out, start, stop, segment_class(seg.kind));
        }
        pos = pos.max(stop);
    }
    if pos < end {
        draw(&mut out, pos, end, "tl-seg--dot");
    }
    (out, cut)
}

/// What the coloured view draws.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenParts {
    /// The token exactly as decoded (after intake clean-up).
    pub token: String,
    /// Its segments, in order; empty when the token could not be split.
    pub segments: Vec<Segment>,
    /// JWS or JWE, for the legend; `None` when the token could not be split.
    pub form: Option<TokenForm>,
    /// Byte offsets of characters at fault.
    pub marks: Vec<usize>,
}

/// The coloured token and its legend. The block stays in the page, and so do its runs: as the
/// token changes, a run whose text changed gets its new text, so a keystroke in a 4 KB payload
/// sets one text node instead of parsing the whole token's markup again.
#[component]
pub fn TokenView(
    /// The token, its segments and the characters at fault.
    #[prop(into)]
    parts: Signal<TokenParts>,
) -> impl IntoView {
    let drawn = Memo::new(move |_| {
        parts.with(|p| {
            let (runs, cut) = token_runs(&p.token, &p.segments, &p.marks, TOKEN_VIEW_LIMIT);
            let note = cut.then(|| {
                format!(
                    "Showing the first {} of {} characters.",
                    group_digits(TOKEN_VIEW_LIMIT),
                    group_digits(p.token.chars().count()),
                )
            });
            (runs, note)
        })
    });
    // A run is kept while its position, colour and kind stay; only its text is updated.
    let runs = move || {
        drawn.with(|d| {
            d.0.iter()
                .enumerate()
                .map(|(i, p)| (i, p.class, p.mark))
                .collect::<Vec<_>>()
        })
    };
    let run_view = move |(i, class, mark): (usize, &'static str, bool)| {
        let text = move || drawn.with(|d| d.0.get(i).map(|p| p.text.clone()).unwrap_or_default());
        if mark {
            view! { <mark class=format!("tl-seg--error {class}")>{text}</mark> }.into_any()
        } else {
            view! { <span class=class>{text}</span> }.into_any()
        }
    };
    let form = Memo::new(move |_| parts.with(|p| p.form));
    let legend = move || {
        form.get().map(|f| {
            view! {
                <ul class="tl-dbg-legend" aria-label="Colour key">
                    {f
                        .kinds()
                        .iter()
                        .map(|k| {
                            view! {
                                <li>
                                    <span class=format!(
                                        "tl-dbg-legend__swatch {}",
                                        segment_class(*k),
                                    )>"■"</span>
                                    {segment_title(*k)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    view! {
        <pre
            class="tl-code tl-dbg-token"
            role="region"
            aria-label="Token coloured by segment"
            tabindex="0"
        >
            <For each=runs key=|run| *run children=run_view />
        </pre>
        {move || drawn.with(|d| d.1.clone()).map(|n| view! { <p class="tl-hint tl-dbg-note">{n}</p> })}
        {legend}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn segs(token: &str) -> Vec<Segment> {
        let kinds = TokenForm::from_dots(token.matches('.').count())
            .map(TokenForm::kinds)
            .unwrap_or(&[]);
        let mut at = 0;
        kinds
            .iter()
            .zip(token.split('.'))
            .map(|(k, part)| {
                let s = Segment {
                    kind: *k,
                    range: at..at + part.len(),
                };
                at += part.len() + 1;
                s
            })
            .collect()
    }

    #[test]
    fn every_segment_kind_has_its_own_css_modifier() {
        let all = [
            (SegmentKind::Header, "tl-seg--header"),
            (SegmentKind::Payload, "tl-seg--payload"),
            (SegmentKind::Signature, "tl-seg--signature"),
            (SegmentKind::EncryptedKey, "tl-seg--encrypted-key"),
            (SegmentKind::Iv, "tl-seg--iv"),
            (SegmentKind::Ciphertext, "tl-seg--ciphertext"),
            (SegmentKind::Tag, "tl-seg--tag"),
        ];
        for (kind, css) in all {
            assert_eq!(segment_class(kind), css, "{kind:?}");
        }
        assert_eq!(segment_title(SegmentKind::EncryptedKey), "Encrypted key");
    }

    /// The runs as `(class, text, mark)`, for comparing.
    fn runs(
        token: &str,
        segments: &[Segment],
        marks: &[usize],
        limit: usize,
    ) -> (Vec<(&'static str, String, bool)>, bool) {
        let (got, cut) = token_runs(token, segments, marks, limit);
        (
            got.into_iter().map(|p| (p.class, p.text, p.mark)).collect(),
            cut,
        )
    }

    fn run(class: &'static str, text: &str, mark: bool) -> (&'static str, String, bool) {
        (class, text.to_owned(), mark)
    }

    #[test]
    fn a_jws_is_drawn_as_three_coloured_segments_and_two_dots() {
        let t = "aaa.bb.c";
        let (got, cut) = runs(t, &segs(t), &[], 100);
        assert!(!cut);
        assert_eq!(
            got,
            [
                run("tl-seg--header", "aaa", false),
                run("tl-seg--dot", ".", false),
                run("tl-seg--payload", "bb", false),
                run("tl-seg--dot", ".", false),
                run("tl-seg--signature", "c", false),
            ]
        );
    }

    #[test]
    fn the_character_at_fault_is_marked_inside_its_segment() {
        let t = "ab*d.e.f";
        let (got, _) = runs(t, &segs(t), &[2], 100);
        assert_eq!(
            got.get(..3),
            Some(
                &[
                    run("tl-seg--header", "ab", false),
                    run("tl-seg--header", "*", true),
                    run("tl-seg--header", "d", false),
                ][..]
            )
        );
    }

    #[test]
    fn a_multibyte_character_at_fault_is_marked_whole() {
        let t = "aé.b.c";
        let (got, _) = runs(t, &segs(t), &[1, 2], 100);
        assert_eq!(
            got.get(..2),
            Some(
                &[
                    run("tl-seg--header", "a", false),
                    run("tl-seg--header", "é", true)
                ][..]
            )
        );
    }

    #[test]
    fn a_jwe_gets_five_colours() {
        let t = "h.k.i.c.t";
        let (got, _) = runs(t, &segs(t), &[], 100);
        let classes: Vec<&str> = got
            .iter()
            .map(|r| r.0)
            .filter(|c| *c != "tl-seg--dot")
            .collect();
        assert_eq!(
            classes,
            [
                "tl-seg--header",
                "tl-seg--encrypted-key",
                "tl-seg--iv",
                "tl-seg--ciphertext",
                "tl-seg--tag",
            ]
        );
    }

    #[test]
    fn long_tokens_are_cut_and_marks_past_the_cut_are_dropped() {
        let t = format!("{}.b.c", "a".repeat(50));
        let (got, cut) = runs(&t, &segs(&t), &[45, 52], 10);
        assert!(cut);
        assert_eq!(got, [run("tl-seg--header", "aaaaaaaaaa", false)]);
    }

    #[test]
    fn unsplit_text_is_drawn_muted() {
        let (got, _) = runs("<a.b>", &[], &[0], 100);
        assert_eq!(
            got,
            [
                run("tl-seg--dot", "<", true),
                run("tl-seg--dot", "a.b>", false)
            ]
        );
    }
}
