//! Tokenlab entry point: installs the panic hook and mounts the app, in place of the prerendered
//! first screen when the page has one (see `tokenlab::prerendered`). Nothing else lives here.

fn main() {
    console_error_panic_hook::set_once();
    tokenlab::prerendered::take();
    leptos::mount::mount_to_body(tokenlab::app::App);
    tokenlab::prerendered::restore_focus();
}
