//! Small building blocks shared by the sections: copy and download buttons, and a labelled,
//! copyable output.

pub mod choice_field;
pub mod copy_button;
pub mod deferred;
pub mod disclosure;
pub mod download_button;
pub mod encoding_field;
pub mod output_box;
pub mod row_width;
pub mod segmented;
pub mod share_link;
pub mod slots;
pub mod styled_text;
pub mod text_field;

use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A page-unique element id starting with `prefix` (for `<label for>` and `aria-*` references in
/// components that may appear more than once).
pub fn unique_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// The engine's messages are sentence fragments starting in lower case ("the code_verifier is 12
/// characters long; …"); shown on their own they start with a capital and end with a full stop.
/// A first word that is an identifier (`client_id`, `kid`-like names with `_` or digits) keeps its
/// case.
pub fn sentence(message: &str) -> String {
    if message.is_empty() {
        return String::new();
    }
    let first_word = message.split(' ').next().unwrap_or("");
    if first_word.chars().all(|c| c.is_ascii_lowercase()) {
        end_sentence(capitalised(message))
    } else {
        end_sentence(message.to_owned())
    }
}

/// `text` with its first character in upper case. ASCII only: every text this is given starts
/// with an ASCII letter, and ASCII upper-casing keeps core's Unicode case table out of the wasm.
pub fn capitalised(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// `text` ending with a full stop, unless it already ends with `.`, `!` or `?`.
pub fn end_sentence(mut text: String) -> String {
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_messages_become_sentences() {
        assert_eq!(
            sentence("the code_verifier is short"),
            "The code_verifier is short."
        );
        assert_eq!(sentence("already done."), "Already done.");
        assert_eq!(sentence(""), "");
        assert_eq!(
            sentence("client_id is empty"),
            "client_id is empty.",
            "identifiers keep their case"
        );
    }

    #[test]
    fn ids_are_unique_per_call() {
        assert_ne!(unique_id("tl-x"), unique_id("tl-x"));
    }
}
