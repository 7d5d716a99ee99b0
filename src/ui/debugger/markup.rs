//! Small HTML-building helpers for the Debugger's large read-only views.
//!
//! The highlighted JSON can hold thousands of coloured pieces. Building each line as one escaped
//! HTML string and setting it with `inner_html` costs a fraction of creating one reactive view
//! per piece, which is what keeps a big paste from blocking the page. Every piece of text goes
//! through [`escape`]; the only markup added is `<span class="…">` with class names from this
//! crate, never from the input. (The coloured token has a handful of runs, one per segment and
//! per character at fault: it is drawn as text nodes, which need no escaping.)

/// Escapes `text` for use as HTML text or a double-quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as in [`escape`].
pub fn push_escaped(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
}

/// The longest prefix of `text` with at most `max_chars` characters, and whether anything was
/// cut. Always ends on a character boundary.
pub fn truncate_chars(text: &str, max_chars: usize) -> (&str, bool) {
    // No more bytes than the limit: no more characters either (counting them costs a pass over
    // the text, on every keystroke for the Debugger's views).
    if text.len() <= max_chars {
        return (text, false);
    }
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => (text.get(..at).unwrap_or(text), true),
        None => (text, false),
    }
}

/// `1234567` → `"1,234,567"`, for notes about sizes.
pub fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn markup_characters_are_escaped_in_text_and_attributes() {
        assert_eq!(
            escape(r#"<img src=x onerror='a()'> & "q""#),
            "&lt;img src=x onerror=&#39;a()&#39;&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn truncation_counts_characters_and_keeps_boundaries() {
        assert_eq!(truncate_chars("héllo", 2), ("hé", true));
        assert_eq!(truncate_chars("héllo", 5), ("héllo", false));
        assert_eq!(truncate_chars("", 0), ("", false));
    }

    #[test]
    fn large_numbers_are_grouped_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(20_000), "20,000");
        assert_eq!(group_digits(1_048_576), "1,048,576");
    }
}
