//! The signature status as one badge with text.

use leptos::prelude::*;
use tokenlab_engine::verify::SignatureStatus;

/// The tone of a status: which shared `tl-status--…` modifier colours it.
pub fn status_modifier(status: SignatureStatus) -> &'static str {
    match status {
        SignatureStatus::Verified => "tl-status--ok",
        SignatureStatus::InvalidSignature
        | SignatureStatus::KeyMismatch
        | SignatureStatus::Malformed
        | SignatureStatus::Unsigned => "tl-status--bad",
        SignatureStatus::Unsupported => "tl-status--warn",
        SignatureStatus::NoKey => "tl-status--info",
    }
}

/// A symbol that repeats the tone without relying on colour (hidden from screen readers: the
/// label says it all).
pub fn status_symbol(status: SignatureStatus) -> &'static str {
    match status {
        SignatureStatus::Verified => "✓",
        SignatureStatus::InvalidSignature
        | SignatureStatus::KeyMismatch
        | SignatureStatus::Malformed
        | SignatureStatus::Unsigned => "✗",
        SignatureStatus::Unsupported => "!",
        SignatureStatus::NoKey => "?",
    }
}

/// The badge: symbol and the engine's label ("Verified", "Invalid signature", …).
#[component]
pub fn StatusBadge(
    /// The outcome of the signature check.
    status: SignatureStatus,
) -> impl IntoView {
    view! {
        <span
            class=format!("tl-status tl-dbg-badge {}", status_modifier(status))
            data-status=status.code()
        >
            <span class="tl-dbg-badge__symbol" aria-hidden="true">
                {status_symbol(status)}
            </span>
            {status.label()}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_status_maps_to_the_intended_tone() {
        for status in SignatureStatus::ALL {
            let expected = match status {
                SignatureStatus::Verified => "tl-status--ok",
                SignatureStatus::NoKey => "tl-status--info",
                SignatureStatus::Unsupported => "tl-status--warn",
                _ => "tl-status--bad",
            };
            assert_eq!(status_modifier(status), expected, "{status:?}");
        }
    }

    #[test]
    fn only_verified_looks_verified() {
        for status in SignatureStatus::ALL {
            let ok = status_modifier(status) == "tl-status--ok" || status_symbol(status) == "✓";
            assert_eq!(ok, status == SignatureStatus::Verified, "{status:?}");
        }
    }
}
