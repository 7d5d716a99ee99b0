//! The PKCE section (PRODUCT.md F1–F3): code_verifier and challenges, a verifier/challenge
//! checker, and an authorization URL builder with state and nonce.

pub mod authorize_pane;
pub mod check_pane;
pub mod verifier_pane;

use leptos::prelude::*;
use rand_core::OsRng;
use tokenlab_engine::pkce;

/// Length of the verifier generated when the page opens (any of 43–128 is valid).
pub const DEFAULT_VERIFIER_LEN: usize = 64;

/// The PKCE page. The generated verifier is shared: the checker can take it, and the URL builder
/// fills its code_challenge from it.
#[component]
pub fn Pkce() -> impl IntoView {
    let verifier = RwSignal::new(
        pkce::generate_verifier(DEFAULT_VERIFIER_LEN, &mut OsRng).unwrap_or_default(),
    );
    view! {
        <h1 class="tl-page__title">"PKCE"</h1>
        <p class="tl-page__lead">
            "Proof Key for Code Exchange (RFC 7636): the client keeps a random code_verifier, sends "
            "its code_challenge with the authorization request, and proves possession at the token "
            "endpoint. Values are drawn from this browser's cryptographic random generator."
        </p>
        <div class="tl-grid tl-grid--two">
            <verifier_pane::VerifierPane verifier=verifier />
            <check_pane::CheckPane verifier=verifier />
        </div>
        <authorize_pane::AuthorizePane verifier=verifier />
    }
}
