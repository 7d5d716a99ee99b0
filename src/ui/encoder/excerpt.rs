//! The lines around a JSON error, syntax-coloured, with the character at fault marked: what the
//! Encoder shows under an editor whose text is not valid JSON. Plain data, tested natively.

use tokenlab_engine::json::{self, TokenClass};

/// A run of text with one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text (never contains a line break).
    pub text: String,
    /// The CSS class for its JSON token type (`tl-json--key`, …), if any.
    pub class: Option<&'static str>,
    /// True for the character at fault (or a placeholder when the error is at a line end or the
    /// end of the text).
    pub marked: bool,
}

/// One line of the excerpt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// The line's pieces, in order.
    pub pieces: Vec<Piece>,
}

/// The CSS class for a highlighted JSON token.
pub fn class_for(class: TokenClass) -> &'static str {
    match class {
        TokenClass::Key => "tl-json--key",
        TokenClass::String => "tl-json--string",
        TokenClass::Number => "tl-json--number",
        TokenClass::Bool | TokenClass::Null => "tl-json--literal",
        TokenClass::Punct => "tl-json--punct",
        TokenClass::Invalid => "tl-json--invalid",
    }
}

/// The lines `context` before and after the one holding byte `offset` of `text`, coloured, with
/// the character at `offset` marked. An offset at a line break or at the end of the text marks a
/// one-space placeholder there (the error is "something is missing here").
pub fn excerpt(text: &str, offset: usize, context: usize) -> Vec<Line> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset = offset.saturating_sub(1);
    }
    // Contiguous runs covering the whole text: highlighted tokens and the gaps between them.
    let mut runs: Vec<(usize, usize, Option<&'static str>)> = Vec::new();
    let mut pos = 0;
    for (span, class) in json::highlight(text) {
        if span.start > pos {
            runs.push((pos, span.start, None));
        }
        runs.push((span.start, span.end, Some(class_for(class))));
        pos = span.end;
    }
    if pos < text.len() {
        runs.push((pos, text.len(), None));
    }

    let at_char = text
        .get(offset..)
        .and_then(|s| s.chars().next())
        .filter(|c| *c != '\n' && *c != '\r');
    let mark_end = offset + at_char.map_or(0, char::len_utf8);

    let mut lines = vec![Line {
        number: 1,
        pieces: Vec::new(),
    }];
    let push = |s: &str, class: Option<&'static str>, marked: bool, lines: &mut Vec<Line>| {
        for (i, part) in s.split('\n').enumerate() {
            if i > 0 {
                let number = lines.len() + 1;
                lines.push(Line {
                    number,
                    pieces: Vec::new(),
                });
            }
            let part = part.trim_end_matches('\r');
            if !part.is_empty() {
                if let Some(line) = lines.last_mut() {
                    line.pieces.push(Piece {
                        text: part.to_string(),
                        class,
                        marked,
                    });
                }
            }
        }
    };
    let mut placed = false;
    for (start, end, class) in runs {
        let mut cuts = vec![start];
        for c in [offset, mark_end] {
            if c > start && c < end {
                cuts.push(c);
            }
        }
        cuts.push(end);
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == offset && !placed && at_char.is_none() {
                push_placeholder(&mut lines);
                placed = true;
            }
            let marked = at_char.is_some() && a == offset;
            if marked {
                placed = true;
            }
            push(text.get(a..b).unwrap_or(""), class, marked, &mut lines);
        }
    }
    if !placed {
        push_placeholder(&mut lines);
    }

    let error_line = text.get(..offset).unwrap_or("").matches('\n').count() + 1;
    let first = error_line.saturating_sub(context).max(1);
    let last = error_line.saturating_add(context);
    lines
        .into_iter()
        .filter(|l| l.number >= first && l.number <= last)
        .collect()
}

fn push_placeholder(lines: &mut [Line]) {
    if let Some(line) = lines.last_mut() {
        line.pieces.push(Piece {
            text: " ".to_string(),
            class: None,
            marked: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(lines: &[Line]) -> Vec<(usize, String)> {
        lines
            .iter()
            .flat_map(|l| {
                l.pieces
                    .iter()
                    .filter(|p| p.marked)
                    .map(move |p| (l.number, p.text.clone()))
            })
            .collect()
    }

    fn line_text(line: &Line) -> String {
        line.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn the_character_at_fault_is_marked_on_its_line() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let offset = text.find("\"b\"").unwrap();
        let lines = excerpt(text, offset, 1);
        assert_eq!(marked(&lines), vec![(3, "\"".to_string())]);
        assert_eq!(lines.first().map(|l| l.number), Some(2));
        assert_eq!(lines.last().map(|l| l.number), Some(4));
        assert_eq!(line_text(&lines[1]), "  \"b\": 2");
    }

    #[test]
    fn an_error_at_the_end_marks_a_placeholder() {
        let lines = excerpt("{\"a\":", 5, 2);
        assert_eq!(marked(&lines), vec![(1, " ".to_string())]);
    }

    #[test]
    fn a_multibyte_character_is_marked_whole() {
        let text = "{\"a\": é}";
        let lines = excerpt(text, text.find('é').unwrap(), 0);
        assert_eq!(marked(&lines), vec![(1, "é".to_string())]);
    }

    #[test]
    fn every_token_class_has_its_own_css_class() {
        use TokenClass::*;
        let all = [Key, String, Number, Bool, Null, Punct, Invalid];
        for c in all {
            assert!(class_for(c).starts_with("tl-json--"));
        }
        assert_eq!(class_for(Key), "tl-json--key");
        assert_eq!(class_for(Invalid), "tl-json--invalid");
    }
}
