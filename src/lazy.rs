//! Split points: code fetched as a wasm module of its own the first time it is needed.
//!
//! The release build (Trunk, cargo feature `split`) cuts the wasm at every function marked with
//! `wasm_split_helpers`' attribute (re-exported by Leptos as `leptos::wasm_split`, which its
//! `#[lazy]` wraps); `scripts/postbuild.py` does the cutting. Such a function becomes `async`, and
//! with the `fallible` option a failed fetch (offline before the first visit, a host that lost the
//! file) is an `Err` instead of an abort of the whole module. Without `split` (`cargo test`)
//! [`split_point!`] defines the same `async` function, and a preload that has nothing to fetch, so
//! callers are the same in both builds.

/// The code behind a split point could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for LoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadError
    }
}

/// Defines a split point: an `async` function whose code (and what only it reaches) goes into the
/// wasm module `module`, and `preload`, an async function that fetches that module ahead of the
/// call (its error is worth ignoring: the call itself reports a failed fetch; code that is
/// always loaded rather than fetched ahead, like the Debugger's decoding code, leaves it unused,
/// which is no warning). The function's
/// error type must convert from the loader's error, as [`LoadError`] does. Its arguments cross a
/// C ABI call in the split build, so they are plain values (an index, not a `&str`).
macro_rules! split_point {
    (
        $(#[$attr:meta])*
        module $module:ident, preload $preload:ident;
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        // wasm_split makes the wrapper it generates `async`, and generates `$preload`.
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(#[allow(dead_code)] $preload)
        )]
        fn $name($($arg: $ty),*) -> $ret $body

        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        async fn $preload() -> Result<(), $crate::lazy::LoadError> {
            Ok(())
        }
    };
}

pub(crate) use split_point;
