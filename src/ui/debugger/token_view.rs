//! The encoded token, coloured by segment, with the characters at fault marked.

use leptos::prelude::*;
use tokenlab_engine::jws::{Segment, SegmentKind, TokenForm};

use super::markup::{group_digits, push_escaped, push_span, truncate_chars};

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
    let label = kind.label();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// HTML for `token` coloured by `segments`, with the character at each offset in `marks`
/// wrapped in `<mark>`. Only the first `limit` characters are drawn; the flag says whether
/// anything was cut. Text outside every segment (the dots) is drawn muted.
pub fn token_html(
    token: &str,
    segments: &[Segment],
    marks: &[usize],
    limit: usize,
) -> (String, bool) {
    let (shown, cut) = truncate_chars(token, limit);
    let end = shown.len();
    let mut marks: Vec<usize> = marks.iter().copied().filter(|&m| m < end).collect();
    marks.sort_unstable();
    marks.dedup();
    let mut out = String::with_capacity(end * 2 + 64);
    let mut pos = 0;
    let draw = |out: &mut String, from: usize, to: usize, class: &str| {
        let mut at = from;
        for &m in marks.iter().filter(|&&m| m >= from && m < to) {
            push_span(out, class, shown.get(at..m).unwrap_or(""));
            let ch_len = shown
                .get(m..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            let Some(ch) = shown.get(m..m + ch_len) else {
                continue;
            };
            out.push_str("<mark class=\"tl-seg--error ");
            out.push_str(class);
            out.push_str("\">");
            push_escaped(out, ch);
            out.push_str("</mark>");
            at = m + ch_len;
        }
        push_span(out, class, shown.get(at..to).unwrap_or(""));
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

/// The coloured token and its legend. The block stays in the page and only its content is
/// replaced as the token changes.
#[component]
pub fn TokenView(
    /// The token, its segments and the characters at fault.
    #[prop(into)]
    parts: Signal<TokenParts>,
) -> impl IntoView {
    let drawn = Memo::new(move |_| {
        parts.with(|p| {
            let (html, cut) = token_html(&p.token, &p.segments, &p.marks, TOKEN_VIEW_LIMIT);
            let note = cut.then(|| {
                format!(
                    "Showing the first {} of {} characters.",
                    group_digits(TOKEN_VIEW_LIMIT),
                    group_digits(p.token.chars().count()),
                )
            });
            (html, note)
        })
    });
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
            inner_html=move || drawn.with(|d| d.0.clone())
        ></pre>
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

    #[test]
    fn a_jws_is_drawn_as_three_coloured_segments_and_two_dots() {
        let t = "aaa.bb.c";
        let (html, cut) = token_html(t, &segs(t), &[], 100);
        assert!(!cut);
        assert_eq!(
            html,
            "<span class=\"tl-seg--header\">aaa</span><span class=\"tl-seg--dot\">.</span>\
             <span class=\"tl-seg--payload\">bb</span><span class=\"tl-seg--dot\">.</span>\
             <span class=\"tl-seg--signature\">c</span>"
        );
    }

    #[test]
    fn the_character_at_fault_is_marked_inside_its_segment() {
        let t = "ab*d.e.f";
        let (html, _) = token_html(t, &segs(t), &[2], 100);
        assert!(
            html.starts_with(
                "<span class=\"tl-seg--header\">ab</span><mark class=\"tl-seg--error tl-seg--header\">*</mark><span class=\"tl-seg--header\">d</span>"
            ),
            "{html}"
        );
    }

    #[test]
    fn a_jwe_gets_five_colours() {
        let t = "h.k.i.c.t";
        let (html, _) = token_html(t, &segs(t), &[], 100);
        for class in [
            "tl-seg--header",
            "tl-seg--encrypted-key",
            "tl-seg--iv",
            "tl-seg--ciphertext",
            "tl-seg--tag",
        ] {
            assert!(html.contains(class), "{class} in {html}");
        }
    }

    #[test]
    fn long_tokens_are_cut_and_marks_past_the_cut_are_dropped() {
        let t = format!("{}.b.c", "a".repeat(50));
        let (html, cut) = token_html(&t, &segs(&t), &[45, 52], 10);
        assert!(cut);
        assert_eq!(html, "<span class=\"tl-seg--header\">aaaaaaaaaa</span>");
    }

    #[test]
    fn unsplit_text_is_drawn_muted_and_escaped() {
        let (html, _) = token_html("<a.b>", &[], &[0], 100);
        assert_eq!(
            html,
            "<mark class=\"tl-seg--error tl-seg--dot\">&lt;</mark><span class=\"tl-seg--dot\">a.b&gt;</span>"
        );
    }
}
