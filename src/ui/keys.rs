//! The Keys section (PRODUCT.md E1–E4): generate keys without blocking the page, convert any
//! key between PEM and JWK, and see its facts and RFC 7638 thumbprint.

pub mod convert_pane;
pub mod exports;
pub mod generate_pane;
pub mod key_view;

use leptos::prelude::*;

/// The Keys page: a generator and a converter, each showing every form of its key.
#[component]
pub fn Keys() -> impl IntoView {
    view! {
        <h1 class="tl-page__title">"Keys"</h1>
        <p class="tl-page__lead">
            "Generate signing keys and convert them between PEM and JWK. Keys are made and shown "
            "only in this tab: nothing is stored or sent."
        </p>
        <generate_pane::GeneratePane />
        <convert_pane::ConvertPane />
    }
}
