//! UI components, one per file.

pub mod debugger;
pub mod encoder;
pub mod flows;
pub mod keys;
pub mod kit;
pub mod pkce;
pub mod theme;
pub mod update_notice;
