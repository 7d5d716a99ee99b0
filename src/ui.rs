//! UI components, one per file.

pub mod debugger;
pub mod theme;
