//! The validity timeline: iat → nbf → exp with a "now" marker, in SVG with a text alternative.

use leptos::prelude::*;
use tokenlab_engine::claims::{self, Timeline, TokenState};

/// Width of the drawing in SVG units.
pub const VIEW_W: f64 = 560.0;
/// Height of the drawing in SVG units.
pub const VIEW_H: f64 = 84.0;
/// Space left and right of the scale.
const PAD: f64 = 18.0;
/// The axis' vertical position.
const AXIS_Y: f64 = 66.0;
/// Labels closer than this (in SVG units) go on separate rows.
const LABEL_GAP: f64 = 34.0;

/// Which moment a marker shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// `iat`, issued at.
    Iat,
    /// `nbf`, not before.
    Nbf,
    /// `exp`, expiration.
    Exp,
    /// The time the check ran at.
    Now,
}

impl MarkKind {
    /// The label drawn above the marker.
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Iat => "iat",
            MarkKind::Nbf => "nbf",
            MarkKind::Exp => "exp",
            MarkKind::Now => "now",
        }
    }

    /// Words for the text alternative.
    pub fn words(self) -> &'static str {
        match self {
            MarkKind::Iat => "Issued",
            MarkKind::Nbf => "Valid from",
            MarkKind::Exp => "Expires",
            MarkKind::Now => "Now",
        }
    }

    fn class(self) -> &'static str {
        match self {
            MarkKind::Iat => "tl-dbg-timeline__mark tl-dbg-timeline__mark--iat",
            MarkKind::Nbf => "tl-dbg-timeline__mark tl-dbg-timeline__mark--nbf",
            MarkKind::Exp => "tl-dbg-timeline__mark tl-dbg-timeline__mark--exp",
            MarkKind::Now => "tl-dbg-timeline__mark tl-dbg-timeline__mark--now",
        }
    }
}

/// One marker on the scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// Which moment.
    pub kind: MarkKind,
    /// Its time, Unix seconds.
    pub time: i64,
    /// Horizontal position in SVG units.
    pub x: f64,
    /// Label row: 0 is nearest the axis; markers close together get different rows.
    pub row: u8,
}

/// Everything the drawing needs, in SVG units.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    /// The markers, left to right.
    pub marks: Vec<Mark>,
    /// The span in which the token is valid (`nbf` or the scale start, to `exp` or the scale
    /// end), as `(x, width)`.
    pub live: (f64, f64),
    /// The leeway spans (before `nbf`, after `exp`), as `(x, width)`.
    pub leeway: Vec<(f64, f64)>,
}

fn x_of(fraction: f64) -> f64 {
    PAD + fraction * (VIEW_W - 2.0 * PAD)
}

/// Lays out a timeline on the scale the engine gives ([`Timeline::fraction`]).
pub fn geometry(t: &Timeline) -> Geometry {
    let at = |time: i64| t.fraction(time).map(x_of);
    // At most four marks, each put in its place from left to right (ties keep this order); no
    // sort, whose code would be one more thing in the first load (see `coord`).
    let mut marks: Vec<Mark> = Vec::with_capacity(4);
    for (kind, time) in [
        (MarkKind::Iat, t.iat),
        (MarkKind::Nbf, t.nbf),
        (MarkKind::Exp, t.exp),
        (MarkKind::Now, Some(t.now)),
    ] {
        let Some(time) = time else { continue };
        let Some(x) = at(time) else { continue };
        let place = marks.partition_point(|m| m.x.total_cmp(&x).is_le());
        marks.insert(
            place,
            Mark {
                kind,
                time,
                x,
                row: 0,
            },
        );
    }
    // Stagger labels that would overlap: a marker takes the lowest row whose last label is far
    // enough to the left.
    let mut last_x: [f64; 4] = [f64::NEG_INFINITY; 4];
    for m in &mut marks {
        let row = (0..4u8)
            .find(|&r| m.x - last_x[usize::from(r)] >= LABEL_GAP)
            .unwrap_or(3);
        m.row = row;
        last_x[usize::from(row)] = m.x;
    }
    let start = x_of(0.0);
    let end = x_of(1.0);
    let live_from = t.nbf.and_then(at).unwrap_or(start);
    let live_to = t.exp.and_then(at).unwrap_or(end);
    let mut leeway = Vec::new();
    if t.leeway > 0 {
        if let (Some(a), Some(b)) = (
            t.nbf.and_then(|n| at(n.saturating_sub(t.leeway))),
            t.nbf.and_then(at),
        ) {
            leeway.push((a, (b - a).max(0.0)));
        }
        if let (Some(a), Some(b)) = (
            t.exp.and_then(at),
            t.exp.and_then(|e| at(e.saturating_add(t.leeway))),
        ) {
            leeway.push((a, (b - a).max(0.0)));
        }
    }
    Geometry {
        marks,
        live: (live_from, (live_to - live_from).max(0.0)),
        leeway,
    }
}

/// One sentence saying where the token stands, for the caption and for screen readers.
pub fn summary(t: &Timeline) -> String {
    let with_leeway = if t.leeway > 0 {
        format!(
            " (with {} leeway)",
            claims::describe_duration(i128::from(t.leeway))
        )
    } else {
        String::new()
    };
    match t.state {
        TokenState::Live => match t.exp {
            Some(exp) => format!(
                "Live: valid now, expires {}{with_leeway}.",
                claims::describe_relative(exp, t.now)
            ),
            None => format!("Live: valid now{with_leeway}."),
        },
        TokenState::Expired => match t.exp {
            Some(exp) => format!(
                "Expired: expired {}{with_leeway}.",
                claims::describe_relative(exp, t.now)
            ),
            None => format!("Expired{with_leeway}."),
        },
        TokenState::NotYetValid => match t.nbf {
            Some(nbf) => format!(
                "Not yet valid: becomes valid {}{with_leeway}.",
                claims::describe_relative(nbf, t.now)
            ),
            None => format!("Not yet valid{with_leeway}."),
        },
        TokenState::NoExpiry => "Never expires: the token has no usable exp claim.".to_owned(),
    }
}

/// The CSS modifier for a token state (colours the "now" marker and the caption).
pub fn state_class(state: TokenState) -> &'static str {
    match state {
        TokenState::Live => "tl-dbg-timeline--live",
        TokenState::Expired => "tl-dbg-timeline--expired",
        TokenState::NotYetValid => "tl-dbg-timeline--early",
        TokenState::NoExpiry => "tl-dbg-timeline--no-expiry",
    }
}

/// The short state label used in badges: "Live", "Expired", "Not yet valid", "No expiry".
pub fn state_label(state: TokenState) -> &'static str {
    match state {
        TokenState::Live => "Live",
        TokenState::Expired => "Expired",
        TokenState::NotYetValid => "Not yet valid",
        TokenState::NoExpiry => "No expiry",
    }
}

/// An SVG coordinate with one decimal ("12.3"), written from whole tenths. `format!("{:.1}")` on
/// an `f64` would bring core's float formatting (about 13 KB of wasm) into the first load, and
/// nothing else the Debugger shows needs it.
fn coord(v: f64) -> String {
    // `as` saturates, and NaN becomes 0: no panic for any input.
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// The drawing, its caption, and the list of times it shows.
#[component]
pub fn ValidityTimeline(
    /// The token's times as the engine computed them.
    timeline: Timeline,
) -> impl IntoView {
    let g = geometry(&timeline);
    let text = summary(&timeline);
    let class = format!("tl-dbg-timeline {}", state_class(timeline.state));
    let (live_x, live_w) = g.live;
    let axis_from = x_of(0.0);
    let axis_to = x_of(1.0);
    let marks_svg = g
        .marks
        .iter()
        .map(|m| {
            let label_y = AXIS_Y - 16.0 - f64::from(m.row) * 13.0;
            let anchor = if m.x < 30.0 {
                "start"
            } else if m.x > VIEW_W - 30.0 {
                "end"
            } else {
                "middle"
            };
            view! {
                <g class=m.kind.class()>
                    <line
                        x1=coord(m.x)
                        x2=coord(m.x)
                        y1=coord(label_y + 4.0)
                        y2=coord(AXIS_Y + 12.0)
                    ></line>
                    <text x=coord(m.x) y=coord(label_y) text-anchor=anchor>
                        {m.kind.label()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let leeway_svg = g
        .leeway
        .iter()
        .map(|(x, w)| {
            view! {
                <rect
                    class="tl-dbg-timeline__leeway"
                    x=coord(*x)
                    y=coord(AXIS_Y - 8.0)
                    width=coord(*w)
                    height="16"
                ></rect>
            }
        })
        .collect_view();
    let times = g
        .marks
        .iter()
        .map(|m| {
            let relative = (m.kind != MarkKind::Now)
                .then(|| format!(" {}", claims::describe_relative(m.time, timeline.now)));
            view! {
                <li>
                    <span class="tl-dbg-timeline__term">{m.kind.words()}</span>
                    {relative}
                    <span class="tl-hint">{format!(" · {}", claims::format_utc(m.time))}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class=class>
            <svg
                class="tl-dbg-timeline__svg"
                viewBox=format!("0 0 {} {}", coord(VIEW_W), coord(VIEW_H))
                role="img"
                aria-label=format!("Validity timeline. {text}")
                preserveAspectRatio="xMidYMid meet"
            >
                <line
                    class="tl-dbg-timeline__axis"
                    x1=coord(axis_from)
                    x2=coord(axis_to)
                    y1=coord(AXIS_Y)
                    y2=coord(AXIS_Y)
                ></line>
                <rect
                    class="tl-dbg-timeline__live"
                    x=coord(live_x)
                    y=coord(AXIS_Y - 6.0)
                    width=coord(live_w)
                    height="12"
                    rx="3"
                ></rect>
                {leeway_svg}
                {marks_svg}
            </svg>
            <figcaption class="tl-dbg-timeline__caption">
                <strong class="tl-dbg-timeline__state">{text}</strong>
                <ul class="tl-dbg-timeline__times">{times}</ul>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn coordinates_are_written_like_one_decimal_float_formatting() {
        assert_eq!(coord(12.34), "12.3");
        assert_eq!(coord(-3.26), "-3.3");
        assert_eq!(coord(-0.04), "0.0");
        assert_eq!(coord(560.0), "560.0");
        assert_eq!(coord(f64::NAN), "0.0");
        // Everywhere away from a tie at the second decimal, the same text as `{:.1}`.
        for i in 0..20_000 {
            let v = f64::from(i) * 0.0731 - 600.0;
            let second = (v.abs() * 100.0).rem_euclid(10.0);
            if (second - 5.0).abs() < 1e-3 {
                continue;
            }
            assert_eq!(coord(v), format!("{v:.1}").replace("-0.0", "0.0"), "{v}");
        }
    }

    #[test]
    fn markers_sit_in_time_order_within_the_drawing() {
        let t = Timeline::new(Some(NOW - 600), Some(NOW - 600), Some(NOW + 3000), NOW, 0);
        let g = geometry(&t);
        let kinds: Vec<MarkKind> = g.marks.iter().map(|m| m.kind).collect();
        assert_eq!(kinds.len(), 4);
        assert_eq!(*kinds.last().unwrap_or(&MarkKind::Iat), MarkKind::Exp);
        for m in &g.marks {
            assert!(m.x >= PAD && m.x <= VIEW_W - PAD, "{m:?}");
        }
        let now = g
            .marks
            .iter()
            .find(|m| m.kind == MarkKind::Now)
            .map(|m| m.x);
        let exp = g
            .marks
            .iter()
            .find(|m| m.kind == MarkKind::Exp)
            .map(|m| m.x);
        assert!(now < exp);
    }

    #[test]
    fn markers_at_the_same_time_get_separate_label_rows() {
        let t = Timeline::new(Some(NOW - 600), Some(NOW - 600), Some(NOW + 3000), NOW, 0);
        let g = geometry(&t);
        let rows: Vec<u8> = g
            .marks
            .iter()
            .filter(|m| matches!(m.kind, MarkKind::Iat | MarkKind::Nbf))
            .map(|m| m.row)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_ne!(rows[0], rows[1]);
    }

    #[test]
    fn the_live_span_runs_from_nbf_to_exp_and_leeway_extends_it() {
        let t = Timeline::new(None, Some(NOW - 100), Some(NOW + 100), NOW, 30);
        let g = geometry(&t);
        let nbf = t.fraction(NOW - 100).map(x_of).unwrap_or(0.0);
        let exp = t.fraction(NOW + 100).map(x_of).unwrap_or(0.0);
        assert!((g.live.0 - nbf).abs() < 1e-9);
        assert!((g.live.0 + g.live.1 - exp).abs() < 1e-9);
        assert_eq!(g.leeway.len(), 2);
        assert!(g.leeway.iter().all(|(_, w)| *w > 0.0));
    }

    #[test]
    fn a_token_without_times_still_draws_now() {
        let t = Timeline::new(None, None, None, NOW, 0);
        let g = geometry(&t);
        assert_eq!(g.marks.len(), 1);
        assert_eq!(g.live.0, PAD);
        assert!((g.live.1 - (VIEW_W - 2.0 * PAD)).abs() < 1e-9);
        assert_eq!(
            summary(&t),
            "Never expires: the token has no usable exp claim."
        );
    }

    #[test]
    fn the_summary_says_how_long_ago_a_token_expired() {
        let t = Timeline::new(Some(NOW - 7200), None, Some(NOW - 3600), NOW, 0);
        assert_eq!(summary(&t), "Expired: expired 1 h ago.");
        let t = Timeline::new(None, Some(NOW + 300), Some(NOW + 900), NOW, 60);
        assert_eq!(
            summary(&t),
            "Not yet valid: becomes valid in 5 min (with 1 min leeway)."
        );
    }

    #[test]
    fn every_state_has_its_own_css_modifier() {
        let all = [
            (TokenState::Live, "tl-dbg-timeline--live"),
            (TokenState::Expired, "tl-dbg-timeline--expired"),
            (TokenState::NotYetValid, "tl-dbg-timeline--early"),
            (TokenState::NoExpiry, "tl-dbg-timeline--no-expiry"),
        ];
        for (state, css) in all {
            assert_eq!(state_class(state), css, "{state:?}");
        }
    }
}
