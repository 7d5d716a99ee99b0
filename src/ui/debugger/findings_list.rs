//! The security findings, most severe first.

use leptos::prelude::*;
use tokenlab_engine::lint::{Finding, Severity};

use super::signature_pane::sentence;

/// The CSS modifier for a severity (colours the severity tag and the item's edge).
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "tl-dbg-finding--critical",
        Severity::High => "tl-dbg-finding--high",
        Severity::Medium => "tl-dbg-finding--medium",
        Severity::Low => "tl-dbg-finding--low",
        Severity::Info => "tl-dbg-finding--info",
    }
}

/// The list of findings, or a line saying there are none.
#[component]
pub fn FindingsList(
    /// The engine's findings.
    findings: Vec<Finding>,
) -> impl IntoView {
    if findings.is_empty() {
        return view! { <p class="tl-hint">"No security findings for this token."</p> }.into_any();
    }
    // The engine lists findings most severe first (`lint::by_severity`).
    let items = findings
        .into_iter()
        .map(|f| {
            view! {
                <li class=format!("tl-dbg-finding {}", severity_class(f.severity)) data-code=f.code>
                    <span class="tl-dbg-finding__severity">{f.severity.label()}</span>
                    <span class="tl-dbg-finding__text">
                        {sentence(&f.message)}
                        " "
                        <a class="tl-dbg-spec" href=f.url target="_blank" rel="noopener noreferrer">
                            {f.reference}
                        </a>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="tl-dbg-findings">{items}</ul> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_severity_has_its_own_css_modifier() {
        let mut seen = std::collections::HashSet::new();
        for s in Severity::ALL {
            let class = severity_class(s);
            assert!(class.ends_with(s.code()), "{s:?} → {class}");
            assert!(seen.insert(class), "{class} used twice");
        }
    }
}
