//! Highlighted JSON, laid out with one member per line.

use leptos::either::Either;
use leptos::prelude::*;
use tokenlab_engine::json::{self, TokenClass};

use super::markup::{escape, group_digits, truncate_chars};
use crate::ui::kit::row_width::{fits_one_row, probe_text, watch_row_chars, Settle};
use crate::ui::kit::slots::Slots;
use crate::ui::kit::styled_text::StyledText;

/// How many characters of a document are highlighted; the rest is left out with a note, so a
/// huge payload never puts hundreds of thousands of elements into the page.
pub const JSON_VIEW_LIMIT: usize = 20_000;

/// Deepest indentation drawn; deeper levels stay at this depth (a hostile document nested a
/// hundred levels deep would otherwise be mostly spaces).
const MAX_INDENT: usize = 24;

/// The CSS class for a highlighted JSON token.
pub fn class_of(class: TokenClass) -> &'static str {
    match class {
        TokenClass::Key => "tl-json--key",
        TokenClass::String => "tl-json--string",
        TokenClass::Number => "tl-json--number",
        TokenClass::Bool | TokenClass::Null => "tl-json--literal",
        TokenClass::Punct => "tl-json--punct",
        TokenClass::Invalid => "tl-json--invalid",
    }
}

/// One line of laid-out JSON: its text, and the runs it is made of, each with the CSS class of
/// its token (none for indentation and the space after a colon) and where it ends in the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonLine {
    /// The line as shown.
    pub text: String,
    /// (class, end byte in `text`) per run, in order.
    pub runs: Vec<(Option<&'static str>, usize)>,
}

impl JsonLine {
    fn push(&mut self, class: Option<&'static str>, piece: &str) {
        if !piece.is_empty() {
            self.text.push_str(piece);
            self.runs.push((class, self.text.len()));
        }
    }

    /// The line's runs as (class, text).
    pub fn pieces(&self) -> impl Iterator<Item = (Option<&'static str>, &str)> {
        let mut start = 0;
        self.runs.iter().map(move |&(class, end)| {
            let piece = self.text.get(start..end).unwrap_or("");
            start = end;
            (class, piece)
        })
    }
}

/// `text` (JSON, possibly broken) highlighted and re-laid out with two-space indents, one
/// member per line.
///
/// Only whitespace between tokens changes: every token (strings with their escapes, numbers as
/// written, duplicate members) is shown exactly as in the source, which a round trip through a
/// JSON library would not do.
pub fn json_lines(text: &str) -> Vec<JsonLine> {
    let tokens = json::highlight(text);
    let mut done = Vec::new();
    let mut line = JsonLine::default();
    let mut depth: usize = 0;
    let newline = |done: &mut Vec<JsonLine>, line: &mut JsonLine, depth: usize| {
        done.push(std::mem::take(line));
        for _ in 0..depth.min(MAX_INDENT) {
            line.text.push_str("  ");
        }
        if !line.text.is_empty() {
            line.runs.push((None, line.text.len()));
        }
    };
    let mut iter = tokens.iter().peekable();
    while let Some((span, class)) = iter.next() {
        let piece = span.of(text);
        let css = Some(class_of(*class));
        if *class != TokenClass::Punct {
            line.push(css, piece);
            continue;
        }
        match piece {
            "{" | "[" => {
                let closer = if piece == "{" { "}" } else { "]" };
                line.push(css, piece);
                let empty = iter
                    .peek()
                    .is_some_and(|(s, c)| *c == TokenClass::Punct && s.of(text) == closer);
                if empty {
                    iter.next();
                    line.push(css, closer);
                } else {
                    depth = depth.saturating_add(1);
                    newline(&mut done, &mut line, depth);
                }
            }
            "}" | "]" => {
                depth = depth.saturating_sub(1);
                newline(&mut done, &mut line, depth);
                line.push(css, piece);
            }
            "," => {
                line.push(css, piece);
                newline(&mut done, &mut line, depth);
            }
            ":" => {
                line.push(css, piece);
                line.push(None, " ");
            }
            other => line.push(css, other),
        }
    }
    done.push(line);
    done
}

/// A line's runs as elements: a `<span>` with its class per token, plain text for the rest,
/// all as text nodes (nothing from the token goes through `innerHTML`). Drawn again, the runs
/// are updated in place: a changed string is one new text, and a class is set only if it
/// changed ([`StyledText`]).
fn line_view(line: &JsonLine) -> Vec<Either<StyledText, String>> {
    line.pieces()
        .map(|(class, text)| match class {
            Some(class) => Either::Left(StyledText::span(class, text)),
            None => Either::Right(text.to_owned()),
        })
        .collect()
}

/// A hex dump: offset, 16 bytes in hex, and their printable ASCII (`.` for the others).
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 + 16);
    for (row, chunk) in bytes.chunks(16).enumerate() {
        out.push_str(&format!("{:08x}  ", row * 16));
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => out.push_str(&format!("{b:02x} ")),
                None => out.push_str("   "),
            }
            if i == 7 {
                out.push(' ');
            }
        }
        out.push(' ');
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        }));
        out.push('\n');
    }
    out
}

/// What a read-only code view shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeContent {
    /// JSON text, highlighted.
    Json(String),
    /// Plain text.
    Text(String),
    /// Bytes, shown as a hex dump.
    Bytes(Vec<u8>),
}

/// What a code view draws: JSON as highlighted lines, text and hex dumps as escaped HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Body {
    Lines(Vec<JsonLine>),
    Html(String),
}

/// The drawn view (JSON highlighted, text and hex escaped), and the note when it was cut.
fn render(content: &CodeContent, limit: usize) -> (Body, Option<String>) {
    // Characters are only counted when the text was cut (counting a megabyte costs time).
    let count = |text: &str, cut: bool| if cut { text.chars().count() } else { 0 };
    let (total, body, cut) = match content {
        CodeContent::Json(text) => {
            let (shown, cut) = truncate_chars(text, limit);
            (count(text, cut), Body::Lines(json_lines(shown)), cut)
        }
        CodeContent::Text(text) => {
            let (shown, cut) = truncate_chars(text, limit);
            (count(text, cut), Body::Html(escape(shown)), cut)
        }
        CodeContent::Bytes(bytes) => {
            // 16 bytes make one 78-character line.
            let max_bytes = (limit / 78).max(1) * 16;
            let cut = bytes.len() > max_bytes;
            let shown = bytes.get(..max_bytes.min(bytes.len())).unwrap_or(bytes);
            (bytes.len(), Body::Html(escape(&hex_dump(shown))), cut)
        }
    };
    let note = cut.then(|| match content {
        CodeContent::Bytes(_) => format!(
            "Showing the first {} of {} bytes.",
            group_digits((limit / 78).max(1) * 16),
            group_digits(total)
        ),
        _ => format!(
            "Showing the first {} of {} characters.",
            group_digits(limit),
            group_digits(total)
        ),
    });
    (body, note)
}

fn kind_class(content: &CodeContent) -> &'static str {
    match content {
        CodeContent::Json(_) => "tl-code tl-dbg-code tl-dbg-code--json",
        CodeContent::Text(_) => "tl-code tl-dbg-code tl-dbg-code--text",
        CodeContent::Bytes(_) => "tl-code tl-dbg-code tl-dbg-code--hex",
    }
}

/// A read-only, keyboard-scrollable code block: highlighted JSON, text, or a hex dump of
/// bytes. Long content is cut at `limit` characters with a note saying so. The block stays in
/// the page; as `content` changes, only the lines that changed are drawn again.
///
/// JSON is laid out one member per line, and each line is its own block: editing one claim
/// changes one text in one line. A line that fits on one row is held to it (`kit::row_width`),
/// and the browser then lays out that line alone, not the view and the page around it. Text and hex
/// dumps are one block. While the content is text or bytes (an encoded payload mid-edit), the
/// last JSON's lines stay in the page, hidden like `kit::Deferred`'s content (style and layout
/// kept): when JSON comes back, only the lines that differ are drawn again.
#[component]
pub fn CodeView(
    /// What to show.
    #[prop(into)]
    content: Signal<CodeContent>,
    /// Accessible name of the block (e.g. "Header JSON").
    label: &'static str,
    /// Characters shown before the rest is left out.
    #[prop(default = JSON_VIEW_LIMIT)]
    limit: usize,
) -> impl IntoView {
    let drawn = Memo::new(move |_| content.with(|c| render(c, limit)));
    let is_json = Memo::new(move |_| content.with(|c| matches!(c, CodeContent::Json(_))));
    // Each line in a signal of its own, the lines keyed by position: editing one claim draws
    // one line again, and in it one text changes; the other lines are neither copied, hashed as
    // keys nor drawn. While the content is not JSON, the last JSON's lines stay as they were.
    let line_slots = Slots::<JsonLine>::new();
    // The line count alone drives the `For` below: an edit that keeps the count does not make it
    // compare its keys again.
    let line_count = Memo::new(move |prev: Option<&usize>| {
        let prev = prev.copied().unwrap_or(0);
        if !is_json.get() {
            return prev;
        }
        drawn.with(|d| match &d.0 {
            Body::Lines(lines) => line_slots.sync(lines),
            Body::Html(_) => prev,
        })
    });
    let other = Memo::new(move |_| {
        drawn.with(|d| match &d.0 {
            Body::Html(html) => html.clone(),
            Body::Lines(_) => String::new(),
        })
    });
    let class = Memo::new(move |_| content.with(kind_class));
    // How many characters fit on a row of the view, once it is laid out (kit::row_width).
    let row_chars = RwSignal::new(None);
    let wrap = NodeRef::<leptos::html::Div>::new();
    watch_row_chars(wrap, row_chars, Settle::NarrowerAtOnce);
    view! {
        <div class="tl-row-wrap" node_ref=wrap>
            <pre class=move || class.get() role="region" tabindex="0" aria-label=label>
                <span class="tl-dbg-lines tl-deferred" hidden=move || !is_json.get()>
                    <For
                        each=move || 0..line_count.get()
                        key=|i| *i
                        children=move |i| {
                            let line = line_slots.get(i, JsonLine::default);
                            let runs = line.clone();
                            // Held to one row when it certainly fits (kit::row_width).
                            let class = move || {
                                let fixed = row_chars
                                    .get()
                                    .is_some_and(|n| line.with(|l| fits_one_row(&l.text, n)));
                                if fixed { "tl-dbg-line tl-row-fixed" } else { "tl-dbg-line" }
                            };
                            view! { <span class=class>{move || runs.with(line_view)}</span> }
                        }
                    />
                </span>
                <span class="tl-dbg-line" hidden=move || is_json.get() inner_html=move || other.get()></span>
            </pre>
            <span class="tl-code tl-dbg-code tl-row-probe" aria-hidden="true">{probe_text()}</span>
        </div>
        {move || {
            drawn.with(|d| d.1.clone()).map(|n| view! { <p class="tl-hint tl-dbg-note">{n}</p> })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_token_class_has_its_own_css_modifier() {
        let all = [
            (TokenClass::Key, "tl-json--key"),
            (TokenClass::String, "tl-json--string"),
            (TokenClass::Number, "tl-json--number"),
            (TokenClass::Bool, "tl-json--literal"),
            (TokenClass::Null, "tl-json--literal"),
            (TokenClass::Punct, "tl-json--punct"),
            (TokenClass::Invalid, "tl-json--invalid"),
        ];
        for (class, css) in all {
            assert_eq!(class_of(class), css, "{class:?}");
        }
    }

    /// The lines as a reader sees them.
    fn plain(lines: &[JsonLine]) -> String {
        lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn compact_json_is_laid_out_one_member_per_line() {
        let lines = json_lines(r#"{"a":1,"b":[],"c":{"d":true}}"#);
        assert_eq!(
            plain(&lines),
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {\n    \"d\": true\n  }\n}"
        );
        let second: Vec<_> = lines[1].pieces().collect();
        assert_eq!(
            second,
            [
                (None, "  "),
                (Some("tl-json--key"), "\"a\""),
                (Some("tl-json--punct"), ":"),
                (None, " "),
                (Some("tl-json--number"), "1"),
                (Some("tl-json--punct"), ","),
            ]
        );
    }

    #[test]
    fn tokens_keep_their_source_text() {
        let lines = json_lines(r#"{"x":"<b>\u0041","n":1e400,"x":2}"#);
        let pieces: Vec<_> = lines.iter().flat_map(JsonLine::pieces).collect();
        assert!(
            pieces.contains(&(Some("tl-json--string"), r#""<b>\u0041""#)),
            "{pieces:?}"
        );
        assert!(
            pieces.contains(&(Some("tl-json--number"), "1e400")),
            "{pieces:?}"
        );
        let keys = pieces
            .iter()
            .filter(|(c, _)| *c == Some("tl-json--key"))
            .count();
        assert_eq!(keys, 3, "{pieces:?}");
    }

    #[test]
    fn broken_json_still_renders_with_invalid_parts_marked() {
        let lines = json_lines(r#"{"a": tru, @"#);
        let invalid = lines
            .iter()
            .flat_map(JsonLine::pieces)
            .any(|(c, _)| c == Some("tl-json--invalid"));
        assert!(invalid, "{lines:?}");
    }

    #[test]
    fn deep_nesting_stops_indenting() {
        let lines = json_lines(&"[".repeat(200));
        let widest = lines.iter().map(|l| l.text.len()).max().unwrap_or(0);
        assert!(widest <= MAX_INDENT * 2 + 1, "{widest}");
    }

    #[test]
    fn hex_dumps_show_offset_bytes_and_printable_characters() {
        let dump = hex_dump(b"AB\x00\xffhello world, this is long");
        let first = dump.lines().next().unwrap_or("");
        assert!(first.starts_with("00000000  41 42 00 ff"), "{first}");
        assert!(first.ends_with("AB..hello world,"), "{first}");
        assert_eq!(dump.lines().count(), 2);
    }

    #[test]
    fn long_content_is_cut_with_a_note() {
        let (_, note) = render(&CodeContent::Text("x".repeat(30)), 10);
        assert_eq!(
            note.as_deref(),
            Some("Showing the first 10 of 30 characters.")
        );
        let (_, note) = render(&CodeContent::Text("x".repeat(10)), 10);
        assert_eq!(note, None);
        let (body, _) = render(&CodeContent::Text("<b>".into()), 10);
        assert_eq!(body, Body::Html("&lt;b&gt;".into()));
    }
}
