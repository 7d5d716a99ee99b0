//! Tokenlab, the browser app: Leptos components that call `tokenlab_engine` and render what it
//! returns. No token rules live here.
//!
//! Sections are addressed by the URL fragment (`#debugger`, `#keys`, …), not by paths, so that
//! `dist/` works from any static host, any sub-path and straight from disk (`file://`), where
//! path-based routing cannot work. See [`route`].

pub mod app;
pub mod browser;
pub mod keygen;
pub mod lazy;
pub mod prerendered;
pub mod route;
pub mod ui;
pub mod websign;
