//! Values by position, each in a signal of its own, for lists drawn with `For` whose rows keep
//! their place while their content changes (the claims table's values, a JSON view's lines).

use leptos::prelude::*;

/// One signal per list position. [`Slots::sync`] sets only the positions whose value changed,
/// so a keystroke in one claim re-runs one row's view instead of every row reading the whole
/// list again (and the row stays in the page: the browser lays out a changed text for a
/// fraction of a replaced row). The list of signals only grows, to the longest list synced.
pub struct Slots<T: Send + Sync + 'static>(StoredValue<Vec<ArcRwSignal<T>>>);

impl<T: Send + Sync + 'static> Clone for Slots<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Slots<T> {}

impl<T: Send + Sync + 'static> Default for Slots<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Send + Sync + 'static> Slots<T> {
    /// No positions yet.
    pub fn new() -> Self {
        Self(StoredValue::new(Vec::new()))
    }

    /// Gives position `i` the `i`-th value, telling only the positions whose value changed and
    /// making signals for new positions. Returns how many values there were.
    pub fn sync<'a, Q>(&self, values: impl IntoIterator<Item = &'a Q>) -> usize
    where
        Q: ?Sized + PartialEq<T> + ToOwned<Owned = T> + 'a,
    {
        let mut count = 0;
        self.0.update_value(|slots| {
            for (i, value) in values.into_iter().enumerate() {
                count = i + 1;
                match slots.get(i) {
                    Some(s) => {
                        if s.with_untracked(|x| value != x) {
                            s.set(value.to_owned());
                        }
                    }
                    None => slots.push(ArcRwSignal::new(value.to_owned())),
                }
            }
        });
        count
    }

    /// The signal of position `index`; `sync` makes it before a row at that position is built,
    /// and a row is never left without a value: otherwise a new signal holds `fallback()`.
    pub fn get(&self, index: usize, fallback: impl FnOnce() -> T) -> ArcRwSignal<T> {
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
    fn values_follow_their_positions_and_slots_are_kept_when_the_list_shrinks() {
        let owner = Owner::new();
        owner.with(|| {
            let slots = Slots::<String>::new();
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
                "the same signal carries the new value"
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
