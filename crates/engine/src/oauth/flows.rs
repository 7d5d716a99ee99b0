//! Flows (in progress).
