//! Small building blocks shared by the sections: copy and download buttons, and a labelled,
//! copyable output.

pub mod choice_field;
pub mod copy_button;
pub mod deferred;
pub mod disclosure;
pub mod download_button;
pub mod encoding_field;
pub mod output_box;
pub mod segmented;
pub mod share_link;
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
    let first_word = message.split(' ').next().unwrap_or("");
    let plain_word = first_word.chars().all(|c| c.is_ascii_lowercase());
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) if plain_word => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        Some(_) => message.to_string(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
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
