//! UI components, one per file.

pub mod debugger;
pub mod theme;
pub mod update_notice;
