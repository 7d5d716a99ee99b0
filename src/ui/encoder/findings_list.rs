//! The engine's security findings about the token just signed.

use leptos::prelude::*;
use tokenlab_engine::lint::{Finding, Severity};

use crate::ui::kit::sentence;

/// The status modifier for a severity: critical and high are bad, medium a warning, the rest
/// information.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "tl-status--bad",
        Severity::Medium => "tl-status--warn",
        Severity::Low | Severity::Info => "tl-status--info",
    }
}

/// A list of findings (weak secret, alg none, missing exp, …), most severe first, each with its
/// severity, one sentence, and the specification section (a link, shown, never fetched).
#[component]
pub fn FindingsList(
    /// The findings.
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
) -> impl IntoView {
    view! {
        <Show
            when=move || findings.with(|f| !f.is_empty())
            fallback=|| view! { <p class="tl-hint">"No security findings for this token."</p> }
        >
            <ul class="tl-findings">
                {move || findings
                    .get()
                    .into_iter()
                    .map(|f| view! {
                        <li class="tl-findings__item">
                            <span class=format!("tl-status tl-findings__severity {}", severity_class(f.severity))>
                                {f.severity.label()}
                            </span>
                            <span class="tl-findings__message">
                                {sentence(&f.message)}
                                " "
                                <a href=f.url target="_blank" rel="noopener noreferrer">{f.reference}</a>
                            </span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_severity_maps_to_a_status_style() {
        for s in Severity::ALL {
            assert!(severity_class(s).starts_with("tl-status--"), "{s:?}");
        }
        assert_eq!(severity_class(Severity::Critical), "tl-status--bad");
        assert_eq!(severity_class(Severity::Medium), "tl-status--warn");
    }
}
