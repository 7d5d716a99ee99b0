//! Highlighted JSON, laid out with one member per line.

use leptos::prelude::*;
use tokenlab_engine::json::{self, TokenClass};

use super::markup::{escape, group_digits, push_span, truncate_chars};
use crate::ui::kit::text_slots::TextSlots;

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

/// Highlighted HTML for `text` (JSON, possibly broken), re-laid out with two-space indents.
///
/// Only whitespace between tokens changes: every token (strings with their escapes, numbers as
/// written, duplicate members) is shown exactly as in the source, which a round trip through a
/// JSON library would not do.
pub fn json_html(text: &str) -> String {
    let tokens = json::highlight(text);
    let mut out = String::with_capacity(text.len() * 3);
    let mut depth: usize = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth.min(MAX_INDENT) {
            out.push_str("  ");
        }
    };
    let mut iter = tokens.iter().peekable();
    while let Some((span, class)) = iter.next() {
        let piece = span.of(text);
        let css = class_of(*class);
        if *class != TokenClass::Punct {
            push_span(&mut out, css, piece);
            continue;
        }
        match piece {
            "{" | "[" => {
                let closer = if piece == "{" { "}" } else { "]" };
                push_span(&mut out, css, piece);
                let empty = iter
                    .peek()
                    .is_some_and(|(s, c)| *c == TokenClass::Punct && s.of(text) == closer);
                if empty {
                    iter.next();
                    push_span(&mut out, css, closer);
                } else {
                    depth = depth.saturating_add(1);
                    newline(&mut out, depth);
                }
            }
            "}" | "]" => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                push_span(&mut out, css, piece);
            }
            "," => {
                push_span(&mut out, css, piece);
                newline(&mut out, depth);
            }
            ":" => {
                push_span(&mut out, css, piece);
                out.push(' ');
            }
            other => push_span(&mut out, css, other),
        }
    }
    out
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

/// The rendered view as HTML (JSON highlighted, text and hex escaped), and the note when it
/// was cut.
fn render(content: &CodeContent, limit: usize) -> (String, Option<String>) {
    // Characters are only counted when the text was cut (counting a megabyte costs time).
    let count = |text: &str, cut: bool| if cut { text.chars().count() } else { 0 };
    let (total, body, cut) = match content {
        CodeContent::Json(text) => {
            let (shown, cut) = truncate_chars(text, limit);
            (count(text, cut), json_html(shown), cut)
        }
        CodeContent::Text(text) => {
            let (shown, cut) = truncate_chars(text, limit);
            (count(text, cut), escape(shown), cut)
        }
        CodeContent::Bytes(bytes) => {
            // 16 bytes make one 78-character line.
            let max_bytes = (limit / 78).max(1) * 16;
            let cut = bytes.len() > max_bytes;
            let shown = bytes.get(..max_bytes.min(bytes.len())).unwrap_or(bytes);
            (bytes.len(), escape(&hex_dump(shown)), cut)
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
/// gives one line new markup, and the browser lays out only that line again. Text and hex dumps
/// are one block. While the content is text or bytes (an encoded payload mid-edit), the last JSON's
/// lines stay in the page, hidden like `kit::Deferred`'s content (style and layout kept): when
/// JSON comes back, only the lines that differ are drawn again.
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
    // Each line's markup in a signal of its own, the lines keyed by position: editing one claim
    // sets one line's `innerHTML`; the other lines are neither copied, hashed as keys nor
    // replaced. While the content is not JSON, the last JSON's lines stay as they were.
    let line_html = TextSlots::new();
    let line_count = StoredValue::new(0usize);
    let lines = move || {
        if is_json.get() {
            drawn.with(|d| line_count.set_value(line_html.sync(d.0.split('\n'))));
        }
        (0..line_count.get_value()).collect::<Vec<usize>>()
    };
    let other = Memo::new(move |_| {
        if is_json.get() {
            String::new()
        } else {
            drawn.with(|d| d.0.clone())
        }
    });
    let class = Memo::new(move |_| content.with(kind_class));
    view! {
        <pre class=move || class.get() role="region" tabindex="0" aria-label=label>
            <span class="tl-dbg-lines tl-deferred" hidden=move || !is_json.get()>
                <For
                    each=lines
                    key=|i| *i
                    children=move |i| {
                        let html = line_html.get(i, String::new);
                        view! { <span class="tl-dbg-line" inner_html=move || html.get()></span> }
                    }
                />
            </span>
            <span class="tl-dbg-line" hidden=move || is_json.get() inner_html=move || other.get()></span>
        </pre>
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

    #[test]
    fn compact_json_is_laid_out_one_member_per_line() {
        let html = json_html(r#"{"a":1,"b":[],"c":{"d":true}}"#);
        let text = strip_tags(&html);
        assert_eq!(
            text,
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {\n    \"d\": true\n  }\n}"
        );
    }

    #[test]
    fn tokens_keep_their_source_text_and_are_escaped() {
        let html = json_html(r#"{"x":"<b>\u0041","n":1e400,"x":2}"#);
        assert!(html.contains("&lt;b&gt;\\u0041"), "{html}");
        assert!(html.contains(">1e400<"), "{html}");
        assert_eq!(html.matches("tl-json--key").count(), 3, "{html}");
    }

    #[test]
    fn broken_json_still_renders_with_invalid_parts_marked() {
        let html = json_html(r#"{"a": tru, @"#);
        assert!(html.contains("tl-json--invalid"), "{html}");
    }

    #[test]
    fn deep_nesting_stops_indenting() {
        let html = json_html(&"[".repeat(200));
        let widest = strip_tags(&html).lines().map(str::len).max().unwrap_or(0);
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
        let (html, _) = render(&CodeContent::Text("<b>".into()), 10);
        assert_eq!(html, "&lt;b&gt;");
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for ch in html.chars() {
            match ch {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }
}
