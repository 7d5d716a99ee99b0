//! The encoded token, coloured by segment, with the characters at fault marked.

use leptos::prelude::*;
use tokenlab_engine::jws::{Segment, SegmentKind, TokenForm};
use wasm_bindgen::JsCast;

use super::markup::{group_digits, truncate_chars};
use crate::ui::kit::capitalised;
use crate::ui::kit::row_width::{one_advance_each, probe_text, watch_row_chars, Settle};
use crate::ui::kit::styled_text::StyledText;

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

/// One line of the coloured token: its runs, cut where the line ends.
pub type TokenLine = Vec<Run>;

/// How many characters a line holds until the view has been laid out and measured.
const DEFAULT_LINE_CHARS: usize = 64;

/// The fewest characters per line, however narrow the view.
const MIN_LINE_CHARS: usize = 8;

/// Where each line starts (in characters) when `len` characters are cut into lines of `width`.
pub fn even_starts(len: usize, width: usize) -> Vec<usize> {
    (0..len).step_by(width.max(1)).collect()
}

/// Where each line of `new` starts, given that `old` was drawn with lines starting at
/// `old_starts`. The lines before the characters that changed keep theirs, the lines after them
/// keep theirs (moved by the change in length), and only the lines the change touched are cut
/// again, into lines of `width`; a short last piece takes in the next line when both fit in one.
/// A character typed mid-token thus changes one or two lines, where cutting every line at a
/// multiple of `width` would change every line after it; the price is a shorter line where a
/// character was added, until the token is replaced or the view changes width.
///
/// Returns the starts, and for each line the old line it continues (for keeping its place in
/// the page), if any; no old line is continued twice.
pub fn reflow(
    old: &str,
    old_starts: &[usize],
    new: &str,
    width: usize,
) -> (Vec<usize>, Vec<Option<usize>>) {
    let width = width.max(1);
    let count = |s: &str| {
        if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        }
    };
    let new_len = count(new);
    if old.is_empty() || old_starts.first() != Some(&0) {
        let starts = even_starts(new_len, width);
        let from = (0..starts.len())
            .map(|i| (i < old_starts.len()).then_some(i))
            .collect();
        return (starts, from);
    }
    let old_len = count(old);
    // The characters in common at both ends, compared as bytes and counted as characters.
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut prefix_bytes = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !(old.is_char_boundary(prefix_bytes) && new.is_char_boundary(prefix_bytes)) {
        prefix_bytes -= 1;
    }
    let room = a.len().min(b.len()) - prefix_bytes;
    let mut suffix_bytes = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while !(old.is_char_boundary(a.len() - suffix_bytes)
        && new.is_char_boundary(b.len() - suffix_bytes))
    {
        suffix_bytes -= 1;
    }
    let prefix = count(old.get(..prefix_bytes).unwrap_or_default());
    let suffix = count(old.get(a.len() - suffix_bytes..).unwrap_or_default());
    let old_end = old_len - suffix;
    // The line the change starts in, and the first line after it that it does not reach.
    let first = old_starts
        .partition_point(|&s| s <= prefix)
        .saturating_sub(1);
    let span_start = old_starts.get(first).copied().unwrap_or(0);
    let mut next = old_starts.partition_point(|&s| s < old_end.max(span_start + 1));
    let line_end = |i: usize| old_starts.get(i + 1).copied().unwrap_or(old_len);
    let moved = |s: usize| s + new_len - old_len;
    let mut span_end = old_starts.get(next).copied().map_or(new_len, moved);
    while let Some(&following) = old_starts.get(next) {
        let span = span_end - span_start;
        let last = match span % width {
            0 if span > 0 => width,
            r => r,
        };
        if last + (line_end(next) - following) > width {
            break;
        }
        next += 1;
        span_end = old_starts.get(next).copied().map_or(new_len, moved);
    }
    let mut starts = old_starts.get(..first).unwrap_or_default().to_vec();
    let mut from: Vec<Option<usize>> = (0..first).map(Some).collect();
    for (k, start) in (span_start..span_end).step_by(width).enumerate() {
        starts.push(start);
        from.push((first + k < next).then_some(first + k));
    }
    for (j, &s) in old_starts.iter().enumerate().skip(next) {
        starts.push(moved(s));
        from.push(Some(j));
    }
    (starts, from)
}

/// `runs` cut into lines starting at the character offsets `starts` (ascending, the first 0).
/// A run that crosses the end of a line is cut in two, both halves keeping its colour and mark.
pub fn cut_lines(runs: &[Run], starts: &[usize]) -> Vec<TokenLine> {
    let mut lines: Vec<TokenLine> = Vec::with_capacity(starts.len());
    let mut line = Vec::new();
    let mut at = 0;
    let mut next_start = 1;
    for run in runs {
        let ascii = run.text.is_ascii();
        let mut rest = run.text.as_str();
        while !rest.is_empty() {
            let room = starts
                .get(next_start)
                .map_or(usize::MAX, |&s| s.saturating_sub(at));
            let (cut, taken) = if ascii {
                (room.min(rest.len()), room.min(rest.len()))
            } else {
                match rest.char_indices().nth(room) {
                    Some((i, _)) => (i, room),
                    None => (rest.len(), rest.chars().count()),
                }
            };
            // Checked: a panic path would bring core's string formatting into the module.
            let Some((head, tail)) = rest.split_at_checked(cut) else {
                break;
            };
            if !head.is_empty() {
                line.push(Run {
                    class: run.class,
                    text: head.to_owned(),
                    mark: run.mark,
                });
            }
            at += taken;
            rest = tail;
            if starts.get(next_start) == Some(&at) {
                lines.push(std::mem::take(&mut line));
                next_start += 1;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// How many characters a line holds, given how many fit on a row of the view (`None` until it is
/// measured): never fewer than [`MIN_LINE_CHARS`], however narrow the view.
pub fn line_chars(row_chars: Option<usize>) -> usize {
    row_chars.map_or(DEFAULT_LINE_CHARS, |n| n.max(MIN_LINE_CHARS))
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

/// The coloured token's lines as drawn: each line has an id (its key in the page) and its runs
/// in a signal of its own, so that an edit redraws only the lines whose runs changed, and a line
/// put in or taken out (`reflow`) moves none of the others.
#[derive(Default)]
struct DrawnLines {
    /// The text drawn, where its lines start and the width they were cut for.
    text: String,
    starts: Vec<usize>,
    width: usize,
    /// Each line's id, in order, and its runs (no map: the lines are few, and a lookup by id
    /// only happens when a line is first drawn).
    ids: Vec<u64>,
    slots: Vec<ArcRwSignal<TokenLine>>,
    next_id: u64,
}

impl DrawnLines {
    /// Draws `shown` (cut into `runs`) in lines of `width`; returns the lines' ids in order.
    fn update(&mut self, runs: &[Run], shown: &str, width: usize) -> Vec<u64> {
        let (starts, from) = if self.width == width {
            reflow(&self.text, &self.starts, shown, width)
        } else {
            // A new width cuts every line again; the lines keep their places by position.
            reflow("", &self.starts, shown, width)
        };
        let mut ids = Vec::with_capacity(starts.len());
        let mut slots = Vec::with_capacity(starts.len());
        for (line, old) in cut_lines(runs, &starts).into_iter().zip(from) {
            match old.and_then(|j| Some((*self.ids.get(j)?, self.slots.get(j)?))) {
                Some((id, slot)) => {
                    if slot.with_untracked(|l| *l != line) {
                        slot.set(line);
                    }
                    ids.push(id);
                    slots.push(slot.clone());
                }
                None => {
                    self.next_id += 1;
                    ids.push(self.next_id);
                    slots.push(ArcRwSignal::new(line));
                }
            }
        }
        self.slots = slots;
        self.text.clear();
        self.text.push_str(shown);
        self.starts = starts;
        self.width = width;
        self.ids.clone_from(&ids);
        ids
    }
}

/// One piece of a line: a coloured span, or a `<mark>` for a character at fault. Drawn again in
/// place, only a changed text or class is set ([`StyledText`]).
fn run_view(run: &Run) -> StyledText {
    if run.mark {
        StyledText {
            tag: "mark",
            class: format!("tl-seg--error {}", run.class).into(),
            text: run.text.clone(),
        }
    } else {
        StyledText::span(run.class, run.text.clone())
    }
}

/// The coloured token and its legend.
///
/// The token is drawn as lines of as many characters as fit across the view (measured with a
/// `ResizeObserver` and a hidden probe of the same font), each line a block of its own, rather
/// than as one wrapped paragraph. A keystroke that replaces a character (a claim edited in
/// place) then changes one line, and the browser lays out those few dozen characters instead of
/// the whole 4 KB token: `ab_keystroke.mjs`, 2026-11-25 (bench/README.md). A character inserted
/// or deleted mid-token still moves every line after it. Lines carry no line break characters,
/// so a selection copied from the view is the token as one line again (the `copy` handler drops
/// the breaks the browser puts between blocks).
#[component]
pub fn TokenView(
    /// The token, its segments and the characters at fault.
    #[prop(into)]
    parts: Signal<TokenParts>,
) -> impl IntoView {
    let drawn = Memo::new(move |_| {
        parts.with(|p| {
            // Cut once here; the runs and the lines are made of the same shown text.
            let (shown, cut) = truncate_chars(&p.token, TOKEN_VIEW_LIMIT);
            let (runs, _) = token_runs(shown, &p.segments, &p.marks, usize::MAX);
            let note = cut.then(|| {
                format!(
                    "Showing the first {} of {} characters.",
                    group_digits(TOKEN_VIEW_LIMIT),
                    group_digits(p.token.chars().count()),
                )
            });
            (runs, note, shown.to_owned())
        })
    });
    // How many characters fit on a row of the view, once it is laid out (kit::row_width).
    let row_chars = RwSignal::new(None);
    // Each line in a signal of its own, keyed by id (`DrawnLines`); the ids alone drive the `For`,
    // so an edit that keeps them redraws only the lines whose runs changed.
    let lines = StoredValue::new(DrawnLines::default());
    let ids = Memo::new(move |_| {
        let width = line_chars(row_chars.get());
        drawn
            .with(|(runs, _, shown)| lines.try_update_value(|l| l.update(runs, shown, width)))
            .unwrap_or_default()
    });
    let line_view = move |id: u64| {
        let line = lines
            .with_value(|l| {
                let at = l.ids.iter().position(|&x| x == id)?;
                l.slots.get(at).cloned()
            })
            .unwrap_or_else(|| ArcRwSignal::new(Vec::new()));
        view! {
            <span class="tl-dbg-token__line">
                {move || line.with(|runs| runs.iter().map(run_view).collect::<Vec<_>>())}
            </span>
        }
    };
    // One reference, to the wrapper: its first child is the view, its last the probe.
    let wrap_ref = NodeRef::<leptos::html::Div>::new();
    watch_row_chars(wrap_ref, row_chars, Settle::FirstAndNarrowerAtOnce);
    // Every line holds at most a row's characters; when each character is one advance wide
    // (printable ASCII, as a well-formed token is) the lines are held to one row, so a changed
    // line is laid out on its own (kit::row_width).
    let rows_fixed = Memo::new(move |_| {
        row_chars.get().is_some_and(|n| n >= MIN_LINE_CHARS)
            && drawn.with(|(_, _, shown)| one_advance_each(shown))
    });
    // Only a selection wholly inside the view is copied as one line: one that runs on into the
    // page around it is left to the browser, line breaks and all (the text outside has real ones).
    let on_copy = move |ev: web_sys::ClipboardEvent| {
        let Some(selection) = window().get_selection().ok().flatten() else {
            return;
        };
        let Some(view) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        else {
            return;
        };
        let inside = |node: Option<web_sys::Node>| node.is_some_and(|n| view.contains(Some(&n)));
        if !(inside(selection.anchor_node()) && inside(selection.focus_node())) {
            return;
        }
        let text = String::from(selection.to_string()).replace('\n', "");
        if let Some(data) = ev.clipboard_data() {
            if data.set_data("text/plain", &text).is_ok() {
                ev.prevent_default();
            }
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
        <div class="tl-row-wrap" node_ref=wrap_ref>
            <pre
                class=move || {
                    if rows_fixed.get() {
                        "tl-code tl-dbg-token tl-dbg-token--rows"
                    } else {
                        "tl-code tl-dbg-token"
                    }
                }
                role="region"
                aria-label="Token coloured by segment"
                tabindex="0"
                on:copy=on_copy
            >
                <For each=move || ids.get() key=|id| *id children=line_view />
            </pre>
            <span class="tl-code tl-dbg-token tl-row-probe" aria-hidden="true">
                {probe_text()}
            </span>
        </div>
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

    /// The lines as their texts, each line's runs joined.
    fn line_texts(lines: &[TokenLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    /// `reflow`'s lines of `new` as texts.
    fn reflowed(old: &str, old_starts: &[usize], new: &str, width: usize) -> Vec<String> {
        let (starts, from) = reflow(old, old_starts, new, width);
        let mut continued: Vec<usize> = from.into_iter().flatten().collect();
        let before = continued.len();
        continued.sort_unstable();
        continued.dedup();
        assert_eq!(continued.len(), before, "an old line continued twice");
        assert!(continued.iter().all(|&j| j < old_starts.len().max(1)));
        let runs = [Run {
            class: "tl-seg--payload",
            text: new.to_owned(),
            mark: false,
        }];
        line_texts(&cut_lines(&runs, &starts))
    }

    #[test]
    fn lines_are_cut_across_segments_and_keep_each_runs_colour() {
        let t = "aaa.bb.c";
        let (runs, _) = token_runs(t, &segs(t), &[], 100);
        let lines = cut_lines(&runs, &even_starts(t.len(), 4));
        assert_eq!(line_texts(&lines), ["aaa.", "bb.c"]);
        let classes: Vec<Vec<&str>> = lines
            .iter()
            .map(|l| l.iter().map(|r| r.class).collect())
            .collect();
        assert_eq!(
            classes,
            [
                vec!["tl-seg--header", "tl-seg--dot"],
                vec!["tl-seg--payload", "tl-seg--dot", "tl-seg--signature"]
            ]
        );
        let lines = cut_lines(&runs, &even_starts(t.len(), 5));
        assert_eq!(line_texts(&lines), ["aaa.b", "b.c"]);
        assert_eq!(lines[0][2].class, "tl-seg--payload");
        assert_eq!(lines[1][0].class, "tl-seg--payload");
    }

    #[test]
    fn a_mark_stays_a_mark_in_its_line_and_characters_are_counted_not_bytes() {
        let t = "aé*d.e.f";
        let (runs, _) = token_runs(t, &segs(t), &[3], 100);
        let lines = cut_lines(&runs, &even_starts(t.chars().count(), 3));
        assert_eq!(line_texts(&lines), ["aé*", "d.e", ".f"]);
        assert!(lines[0][1].mark && lines[0][1].text == "*");
    }

    #[test]
    fn a_replaced_character_changes_no_line_start() {
        let old = "abcdefghij";
        let starts = even_starts(10, 4);
        assert_eq!(starts, [0, 4, 8]);
        assert_eq!(
            reflow(old, &starts, "abcdEfghij", 4),
            (starts.clone(), vec![Some(0), Some(1), Some(2)])
        );
        assert_eq!(
            reflowed(old, &starts, "abcdEfghij", 4),
            ["abcd", "Efgh", "ij"]
        );
    }

    #[test]
    fn a_character_typed_mid_token_changes_its_line_and_not_the_lines_after_it() {
        let old = "abcdefghijklmnop";
        let starts = even_starts(16, 4);
        let typed = "abcdeXfghijklmnop";
        assert_eq!(
            reflowed(old, &starts, typed, 4),
            ["abcd", "eXfg", "h", "ijkl", "mnop"]
        );
        // Deleted again: the short line is taken back in and the lines are as before.
        let (after, from) = reflow(old, &starts, typed, 4);
        assert_eq!(
            from,
            [Some(0), Some(1), None, Some(2), Some(3)],
            "one line put in"
        );
        assert_eq!(
            reflow(typed, &after, old, 4),
            (starts.clone(), vec![Some(0), Some(1), Some(3), Some(4)]),
            "and taken out again"
        );
        // A character deleted: its line is one shorter; the next (full) line does not fit in it.
        assert_eq!(
            reflowed(old, &starts, "abcdefhijklmnop", 4),
            ["abcd", "efh", "ijkl", "mnop"]
        );
    }

    #[test]
    fn typing_at_the_end_and_pasting_anew_cut_evenly() {
        let starts = even_starts(6, 4);
        assert_eq!(reflowed("abcdef", &starts, "abcdefgh", 4), ["abcd", "efgh"]);
        assert_eq!(
            reflowed("abcdef", &starts, "abcdefghi", 4),
            ["abcd", "efgh", "i"]
        );
        assert_eq!(
            reflowed("abcdef", &starts, "0123456789", 4),
            ["0123", "4567", "89"]
        );
        assert_eq!(reflowed("", &[], "0123456789", 4), ["0123", "4567", "89"]);
        assert_eq!(reflowed("abcdef", &starts, "", 4), Vec::<String>::new());
        assert_eq!(reflowed("abcdef", &starts, "abcdef", 4), ["abcd", "ef"]);
    }

    #[test]
    fn reflow_keeps_every_character_and_no_line_is_too_long() {
        // Edits at every position of a 23-character text, ASCII and not: typed, deleted and
        // replaced (with a character of another width in bytes, too).
        for old in [
            ('a'..='w').collect::<String>(),
            "aéb€cdé€fghé€ijé€k".to_owned(),
        ] {
            let chars: Vec<char> = old.chars().collect();
            let width = 5;
            let starts = even_starts(chars.len(), width);
            let with = |at: usize, put: &str, drop: usize| -> String {
                let mut s: String = chars.iter().take(at).collect();
                s.push_str(put);
                s.extend(chars.iter().skip(at + drop));
                s
            };
            for at in 0..=chars.len() {
                let mut edits = vec![with(at, "X", 0), with(at, "é", 0)];
                if at < chars.len() {
                    edits.extend([with(at, "", 1), with(at, "Y", 1), with(at, "€", 1)]);
                }
                for new in edits {
                    let lines = reflowed(&old, &starts, &new, width);
                    assert_eq!(lines.concat(), new, "at {at}");
                    assert!(
                        lines
                            .iter()
                            .all(|l| !l.is_empty() && l.chars().count() <= width),
                        "{lines:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_line_holds_what_fits_on_a_row_but_never_too_few() {
        assert_eq!(line_chars(Some(63)), 63);
        assert_eq!(line_chars(Some(3)), MIN_LINE_CHARS);
        assert_eq!(line_chars(None), DEFAULT_LINE_CHARS, "not measured yet");
    }
}
