//! The sequence diagram: four lanes and one arrow per message so far, the current one
//! highlighted. An SVG with a `<title>` and `<desc>`; every arrow carries its text label, and the
//! step list beside it is the ordered text alternative.

use leptos::prelude::*;
use tokenlab_engine::oauth::flows::{Actor, Step};

use super::layout;

/// What the diagram needs to know about one step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DiagramMessage {
    /// Position in the flow, from 0.
    pub index: usize,
    /// The sender's lane.
    pub from: Actor,
    /// The receiver's lane.
    pub to: Actor,
    /// The arrow's label.
    pub title: String,
    /// Request, response or an action without an HTTP message.
    pub kind: MessageKind,
    /// True when the message carries an error.
    pub error: bool,
    /// True when the learner changed a value of it.
    pub tampered: bool,
}

/// How a message is drawn: requests solid, responses dashed, other actions dotted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// An HTTP request.
    Request,
    /// An HTTP response.
    Response,
    /// Something without an HTTP message (a device showing a code).
    Action,
}

impl MessageKind {
    /// The CSS modifier class.
    pub fn class(self) -> &'static str {
        match self {
            MessageKind::Request => "tl-diagram__msg--request",
            MessageKind::Response => "tl-diagram__msg--response",
            MessageKind::Action => "tl-diagram__msg--action",
        }
    }
}

impl DiagramMessage {
    /// The diagram's view of a step.
    pub fn from_step(step: &Step) -> DiagramMessage {
        let kind = match &step.message {
            Some(m) if m.is_request() => MessageKind::Request,
            Some(_) => MessageKind::Response,
            None => MessageKind::Action,
        };
        DiagramMessage {
            index: step.index,
            from: step.from,
            to: step.to,
            title: step.title.clone(),
            kind,
            error: step.error.is_some(),
            tampered: !step.tampered.is_empty(),
        }
    }

    /// "Client → Authorization Server: Token request".
    pub fn sentence(&self) -> String {
        format!(
            "{} → {}: {}",
            self.from.label(),
            self.to.label(),
            self.title
        )
    }
}

/// Id of the lane header strip (its height is what the messages scroll under).
pub const LANES_ID: &str = "tl-flows-lanes";

/// The id of the arrow of step `index` (to scroll it into view).
pub fn arrow_id(index: usize) -> String {
    format!("tl-flows-arrow-{index}")
}

/// The sequence diagram of the messages so far.
#[component]
pub fn SequenceDiagram(
    /// The messages to draw, in order: those up to and including the current one.
    #[prop(into)]
    messages: Signal<Vec<DiagramMessage>>,
    /// Index of the current message (highlighted).
    #[prop(into)]
    current: Signal<usize>,
    /// The flow's title, for the SVG's `<title>`.
    #[prop(into)]
    flow_title: Signal<String>,
    /// How many steps the flow has in all (for the description).
    #[prop(into)]
    total: Signal<usize>,
    /// Called with a message's index when its arrow is clicked.
    on_select: Callback<usize>,
) -> impl IntoView {
    let rows = move || messages.with(|m| m.len());
    let desc = move || {
        let cur = current.get();
        let total = total.get();
        messages.with(|m| {
            let here = m
                .iter()
                .find(|x| x.index == cur)
                .map(|x| x.sentence())
                .unwrap_or_default();
            format!(
                "Step {} of {total}: {here}. Lanes, left to right: User / Browser, Client, Authorization Server, Resource Server.",
                cur + 1
            )
        })
    };
    let lane_heads = Actor::ALL
        .into_iter()
        .map(|actor| {
            let (x, y, w, h) = layout::lane_box(actor.lane());
            let lines = layout::wrap_label(actor.label(), layout::LANE_LABEL_CHARS);
            let baselines = layout::lane_label_baselines(lines.len());
            let cx = layout::lane_x(actor.lane());
            view! {
                <line
                    class="tl-diagram__lifeline"
                    x1=cx
                    x2=cx
                    y1=y + h
                    y2=layout::HEADER_HEIGHT
                ></line>
                <rect class="tl-diagram__lane-box" x=x y=y width=w height=h rx="6"></rect>
                <text class="tl-diagram__lane-label" x=cx text-anchor="middle">
                    {lines
                        .into_iter()
                        .zip(baselines)
                        .map(|(line, by)| view! { <tspan x=cx y=by>{line}</tspan> })
                        .collect_view()}
                </text>
            }
        })
        .collect_view();
    let lifelines = Actor::ALL
        .into_iter()
        .map(|actor| {
            let cx = layout::lane_x(actor.lane());
            view! {
                <line
                    class="tl-diagram__lifeline"
                    x1=cx
                    x2=cx
                    y1=layout::HEADER_HEIGHT
                    y2=move || layout::height(rows())
                ></line>
            }
        })
        .collect_view();

    view! {
        <svg
            id=LANES_ID
            class="tl-diagram tl-diagram--lanes"
            xmlns="http://www.w3.org/2000/svg"
            viewBox=layout::header_view_box()
            aria-hidden="true"
        >
            {lane_heads}
        </svg>
        <svg
            class="tl-diagram"
            xmlns="http://www.w3.org/2000/svg"
            viewBox=move || layout::body_view_box(rows())
            role="img"
            aria-labelledby="tl-flows-diagram-title tl-flows-diagram-desc"
        >
            <title id="tl-flows-diagram-title">
                {move || format!("Sequence diagram: {}", flow_title.get())}
            </title>
            <desc id="tl-flows-diagram-desc">{desc}</desc>
            {lifelines}
            <For
                each=move || messages.get()
                key=|m| m.clone()
                children=move |m: DiagramMessage| {
                    let a = layout::arrow(m.index, m.from.lane(), m.to.lane(), &m.title);
                    let index = m.index;
                    let class = move || {
                        let mut c = format!("tl-diagram__msg {}", m.kind.class());
                        if m.error {
                            c.push_str(" tl-diagram__msg--error");
                        }
                        if m.tampered {
                            c.push_str(" tl-diagram__msg--tampered");
                        }
                        if current.get() == index {
                            c.push_str(" tl-diagram__msg--current");
                        }
                        c
                    };
                    let label_x = a.label_x;
                    let anchor = a.anchor.svg();
                    let label = a
                        .lines
                        .iter()
                        .enumerate()
                        .map(|(i, line)| {
                            let y = a.label_y + layout::LINE_HEIGHT * i as i32;
                            view! { <tspan x=label_x y=y>{line.clone()}</tspan> }
                        })
                        .collect_view();
                    let badge_y = a.y;
                    view! {
                        <g
                            id=arrow_id(index)
                            class=class
                            on:click=move |_| on_select.run(index)
                        >
                            <rect
                                class="tl-diagram__hit"
                                x="0"
                                y=a.y - layout::ROW_HEIGHT + 12
                                width=layout::WIDTH
                                height=layout::ROW_HEIGHT
                            ></rect>
                            <path class="tl-diagram__line" d=a.path.clone()></path>
                            <polygon class="tl-diagram__head" points=a.head.clone()></polygon>
                            <circle class="tl-diagram__badge" cx=a.badge_x cy=badge_y r="10"></circle>
                            <text
                                class="tl-diagram__badge-text"
                                x=a.badge_x
                                y=badge_y + 4
                                text-anchor="middle"
                            >
                                {index + 1}
                            </text>
                            <text class="tl-diagram__label" x=label_x text-anchor=anchor>
                                {label}
                            </text>
                        </g>
                    }
                }
            />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_message_kind_has_its_own_css_modifier() {
        let classes = [
            MessageKind::Request.class(),
            MessageKind::Response.class(),
            MessageKind::Action.class(),
        ];
        assert_eq!(
            classes,
            [
                "tl-diagram__msg--request",
                "tl-diagram__msg--response",
                "tl-diagram__msg--action"
            ]
        );
    }
}
