//! Tokenlab entry point: installs the panic hook and mounts the app. Nothing else lives here.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tokenlab::app::App);
}
