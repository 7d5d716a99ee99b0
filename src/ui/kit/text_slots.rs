//! Texts by position, each in a signal of its own, for lists drawn with `For` whose rows keep
//! their place while their text changes (the claims table's values, a JSON view's lines).

use leptos::prelude::*;

/// One signal per list position. [`TextSlots::sync`] sets only the positions whose text changed,
/// so a keystroke in one claim re-runs one row's text instead of every row reading the whole
/// list again (and the row stays in the page: the browser lays out a changed text for a
/// fraction of a replaced row). The list of signals only grows, to the longest list synced.
#[derive(Clone, Copy)]
pub struct TextSlots(StoredValue<Vec<ArcRwSignal<String>>>);

impl Default for TextSlots {
    fn default() -> Self {
        Self::new()
    }
}

impl TextSlots {
    /// No positions yet.
    pub fn new() -> Self {
        Self(StoredValue::new(Vec::new()))
    }

    /// Gives position `i` the `i`-th text, telling only the positions whose text changed and
    /// making signals for new positions. Returns how many texts there were.
    pub fn sync<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> usize {
        let mut count = 0;
        self.0.update_value(|slots| {
            for (i, text) in texts.into_iter().enumerate() {
                count = i + 1;
                match slots.get(i) {
                    Some(s) => {
                        if s.with_untracked(|x| x != text) {
                            s.set(text.to_owned());
                        }
                    }
                    None => slots.push(ArcRwSignal::new(text.to_owned())),
                }
            }
        });
        count
    }

    /// The signal of position `index`; `sync` makes it before a row at that position is built,
    /// and a row is never left without a text: otherwise a new signal holds `fallback()`.
    pub fn get(&self, index: usize, fallback: impl FnOnce() -> String) -> ArcRwSignal<String> {
        self.0
            .with_value(|slots| slots.get(index).cloned())
            .unwrap_or_else(|| ArcRwSignal::new(fallback()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn texts_follow_their_positions_and_slots_are_kept_when_the_list_shrinks() {
        let owner = Owner::new();
        owner.with(|| {
            let slots = TextSlots::new();
            assert_eq!(slots.sync(["a", "b", "c"]), 3);
            let (a, b) = (slots.get(0, String::new), slots.get(1, String::new));
            assert_eq!(
                (a.get_untracked(), b.get_untracked()),
                ("a".into(), "b".into())
            );

            assert_eq!(slots.sync(["a", "B"]), 2);
            assert_eq!(
                b.get_untracked(),
                "B",
                "the same signal carries the new text"
            );
            assert_eq!(
                slots.get(2, String::new).get_untracked(),
                "c",
                "kept for regrowth"
            );

            assert_eq!(slots.sync(["a", "B", "d", "e"]), 4);
            assert_eq!(slots.get(2, String::new).get_untracked(), "d");
            assert_eq!(slots.get(3, String::new).get_untracked(), "e");
            assert_eq!(slots.get(9, || "none".into()).get_untracked(), "none");
        });
    }
}
