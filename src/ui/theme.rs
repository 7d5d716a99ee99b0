//! The light / dark / system theme picker.

use leptos::prelude::*;

use crate::browser;

/// Storage key for the theme preference (a preference, not a secret).
pub const THEME_KEY: &str = "tokenlab.theme";

/// A theme choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the operating system's colour scheme.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every choice, in menu order.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored and `<option>` value.
    pub fn value(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The label shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// Parses a stored value; anything unknown means `System`.
    pub fn parse(value: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.value() == value)
            .unwrap_or(Theme::System)
    }

    /// The `data-theme` attribute to set on `<html>` (always `light` or `dark`).
    pub fn resolve(self, system_dark: bool) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System if system_dark => "dark",
            Theme::System => "light",
        }
    }
}

/// Applies a theme to the document root.
pub fn apply(theme: Theme) {
    browser::set_root_attribute("data-theme", theme.resolve(browser::prefers_dark()));
}

/// A labelled `<select>` choosing the theme; the choice is applied at once and remembered in
/// `localStorage` across visits.
#[component]
pub fn ThemePicker() -> impl IntoView {
    let initial = Theme::parse(&browser::load_pref(THEME_KEY).unwrap_or_default());
    let (theme, set_theme) = signal(initial);
    Effect::new(move |_| apply(theme.get()));
    view! {
        <label class="tl-field tl-field--inline">
            <span class="tl-label">"Theme"</span>
            <select
                class="tl-select"
                on:change=move |ev| {
                    let t = Theme::parse(&event_target_value(&ev));
                    browser::save_pref(THEME_KEY, t.value());
                    set_theme.set(t);
                }
            >
                {Theme::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <option value=t.value() selected=move || theme.get() == t>
                                {t.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_theme_follows_the_operating_system() {
        assert_eq!(Theme::System.resolve(true), "dark");
        assert_eq!(Theme::System.resolve(false), "light");
        assert_eq!(Theme::Dark.resolve(false), "dark");
        assert_eq!(Theme::Light.resolve(true), "light");
    }

    #[test]
    fn stored_values_round_trip_and_unknown_ones_mean_system() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.value()), t);
        }
        assert_eq!(Theme::parse("purple"), Theme::System);
    }
}
