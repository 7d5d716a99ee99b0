//! Offline support: registers the service worker (release builds over http/https only) and shows
//! "A new version of Tokenlab is available — Reload" when a newer build has been installed.
//!
//! The worker itself (`sw.js`) is generated at build time by `scripts/postbuild.py`; it caches the
//! page's own files and nothing else. A new build waits until the user chooses to reload, so a
//! page in use is never swapped under the user's hands.

use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Set when the user clicked Reload: only then does a change of controlling worker reload the
/// page (the very first install also changes the controller, through `clients.claim()`).
static RELOAD_REQUESTED: AtomicBool = AtomicBool::new(false);

/// A notice with a Reload button, shown once a new version is waiting.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let (waiting, set_waiting) = signal(false);
    register_after_load(set_waiting);
    view! {
        <Show when=move || waiting.get()>
            <div class="tl-message tl-message--info tl-update" role="status">
                "A new version of Tokenlab is available. "
                <button class="tl-button" on:click=move |_| activate_waiting()>
                    "Reload"
                </button>
            </div>
        </Show>
    }
}

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    // Service workers need http(s); a page opened from disk simply runs without one.
    if protocol != "https:" && protocol != "http:" {
        return None;
    }
    let nav = window.navigator();
    if !js_sys::Reflect::has(nav.as_ref(), &"serviceWorker".into()).unwrap_or(false) {
        return None;
    }
    Some(nav.service_worker())
}

/// Registers the worker once the page has loaded, not while the app mounts: installing it
/// fetches every file of the app again for its cache, which should not compete with the first
/// load (and the registration itself is kept out of the task that draws the page).
fn register_after_load(set_waiting: WriteSignal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loaded = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        set_timeout(move || register(set_waiting), std::time::Duration::ZERO);
        return;
    }
    // `load` fires once per page, so a one-shot closure is enough.
    let on_load = Closure::once_into_js(move || register(set_waiting));
    let _ = window.add_event_listener_with_callback("load", on_load.unchecked_ref());
}

fn register(set_waiting: WriteSignal<bool>) {
    if cfg!(debug_assertions) {
        // `trunk serve` builds debug: no worker, so live reload always shows the newest build.
        return;
    }
    let Some(sw) = container() else { return };
    let on_registered = Closure::<dyn FnMut(JsValue)>::new(move |reg: JsValue| {
        // Anything but a registration (Playwright's `serviceWorkers: 'block'` resolves with
        // `undefined`) means there is no worker to watch.
        let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        if reg.waiting().is_some() && has_controller() {
            set_waiting.set(true);
        }
        let reg2 = reg.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = reg2.installing() {
                let worker = installing.clone();
                let on_state = Closure::<dyn FnMut()>::new(move || {
                    if worker.state() == web_sys::ServiceWorkerState::Installed && has_controller()
                    {
                        set_waiting.set(true);
                    }
                });
                installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            }
        });
        reg.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
    let _ = sw.register("./sw.js").then(&on_registered);
    on_registered.forget();

    // When the waiting worker takes over (after "Reload"), load the new version.
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if !RELOAD_REQUESTED.load(Ordering::Relaxed) {
            return;
        }
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    sw.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

fn has_controller() -> bool {
    container().and_then(|c| c.controller()).is_some()
}

fn activate_waiting() {
    RELOAD_REQUESTED.store(true, Ordering::Relaxed);
    let Some(sw) = container() else { return };
    let on_ready = Closure::<dyn FnMut(JsValue)>::new(move |reg: JsValue| {
        let reg = reg.dyn_into::<web_sys::ServiceWorkerRegistration>().ok();
        match reg.and_then(|r| r.waiting()) {
            Some(w) => {
                let _ = w.post_message(&"tokenlab:activate".into());
            }
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        }
    });
    if let Ok(p) = sw.ready() {
        let _ = p.then(&on_ready);
    }
    on_ready.forget();
}
