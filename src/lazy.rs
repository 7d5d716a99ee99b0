//! Split points: code fetched as a wasm module of its own the first time it is needed.
//!
//! The release build (Trunk, cargo feature `split`) cuts the wasm at every function marked with
//! `wasm_split_helpers`' attribute (re-exported by Leptos as `leptos::wasm_split`, which its
//! `#[lazy]` wraps); `scripts/postbuild.py` does the cutting. Such a function becomes `async`, and
//! with the `fallible` option a failed fetch (offline before the first visit, a host that lost the
//! file) is an `Err` instead of an abort of the whole module. Without `split` (`cargo test`) the
//! functions are plain calls. [`split_point!`] defines one, [`call_split!`] calls one.

/// The code behind a split point could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for LoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadError
    }
}

/// Calls a function marked as a split point: awaits its module's load in the split build.
#[cfg(feature = "split")]
macro_rules! call_split {
    ($call:expr) => {
        $call.await
    };
}

/// Calls a function marked as a split point: a plain call in the build without `split`.
#[cfg(not(feature = "split"))]
macro_rules! call_split {
    ($call:expr) => {
        $call
    };
}

pub(crate) use call_split;

/// Defines a split point: a function whose code (and what only it reaches) goes into the wasm
/// module `module`, and `preload`, an async function that fetches that module ahead of the call.
/// In the split build the function becomes `async`; its error type must convert from the
/// loader's error, as [`LoadError`] does. Call it with [`call_split!`].
macro_rules! split_point {
    (
        $(#[$attr:meta])*
        module $module:ident, preload $preload:ident;
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$attr])*
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload($preload)
            )
        )]
        fn $name($($arg: $ty),*) -> $ret $body
    };
}

pub(crate) use split_point;
