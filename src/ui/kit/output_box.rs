//! A labelled, read-only output with a Copy button.

use leptos::prelude::*;

use super::copy_button::CopyButton;

/// A value the user will want to take away: its name as a label, the value in monospace (wrapping
/// anywhere, so long values fit a phone), and a Copy button. `children` may add more buttons.
#[component]
pub fn OutputBox(
    /// The visible name, also the accessible name of the value and the Copy button's "Copy …".
    label: &'static str,
    /// The value.
    #[prop(into)]
    value: Signal<String>,
    /// Keeps the label for assistive technology only (when a heading right above already says
    /// what the value is).
    #[prop(optional)]
    hide_label: bool,
    /// Extra controls shown next to Copy (e.g. a Download button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let id = super::unique_id(&format!("tl-out-{}", slug(label)));
    view! {
        <div class="tl-output">
            <div class="tl-output__head">
                <label class="tl-label" class:tl-visually-hidden=hide_label for=id.clone()>
                    {label}
                </label>
                <div class="tl-output__actions">
                    <CopyButton text=value what=label />
                    {children.map(|c| c())}
                </div>
            </div>
            // `<output>` is labelable; its implicit live region is switched off so that long values
            // are not read out on every change (sections announce what matters themselves). It is
            // focusable because long values scroll, and keyboard users must be able to scroll too.
            <output class="tl-output__value tl-mono" id=id aria-live="off" tabindex="0">
                {move || value.get()}
            </output>
        </div>
    }
}

/// A label turned into an id fragment: lowercase ASCII letters and digits, other runs as `-`.
pub fn slug(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_readable_ids() {
        assert_eq!(slug("S256 code_challenge"), "s256-code-challenge");
        assert_eq!(slug("  PKCS#8 (private) "), "pkcs-8-private");
    }
}
