//! Geometry of the sequence diagram, as plain numbers and strings so it is tested natively and
//! in the browser: where each lane stands, where each message row sits, how an arrow between two
//! lanes is drawn and how its label wraps.
//!
//! Coordinates are SVG user units in a fixed-width `viewBox` ([`WIDTH`]); the SVG scales to its
//! container. Messages are rows from top to bottom, one per step, like every sequence diagram.

/// Width of the diagram's `viewBox`.
pub const WIDTH: i32 = 760;
/// Number of lanes (User / Browser, Client, Authorization Server, Resource Server).
pub const LANES: usize = 4;
/// The x of the first lane's lifeline.
pub const FIRST_LANE_X: i32 = 100;
/// Distance between two lifelines.
pub const LANE_SPACING: i32 = 185;
/// Top of the lane header boxes.
pub const LANE_BOX_Y: i32 = 10;
/// Width of a lane header box.
pub const LANE_BOX_WIDTH: i32 = 168;
/// Height of a lane header box (room for two lines of text).
pub const LANE_BOX_HEIGHT: i32 = 46;
/// Height of the lane header strip (kept in view above the scrolling messages).
pub const HEADER_HEIGHT: i32 = 62;
// The header strip holds the lane boxes whole.
const _: () = assert!(HEADER_HEIGHT > LANE_BOX_Y + LANE_BOX_HEIGHT);
/// The y of the first message's arrow.
pub const FIRST_ROW_Y: i32 = 106;
/// Vertical distance between two messages (an arrow and up to two label lines above it).
pub const ROW_HEIGHT: i32 = 58;
/// Space below the last arrow.
pub const BOTTOM_PADDING: i32 = 26;
/// Line height of a label line.
pub const LINE_HEIGHT: i32 = 15;
/// Length of an arrowhead.
pub const HEAD_LENGTH: i32 = 10;
/// Half the width of an arrowhead.
pub const HEAD_HALF_WIDTH: i32 = 5;
/// Estimated width of one label character at the diagram's font size (13 user units).
const CHAR_WIDTH: i32 = 7;
/// Characters per line of a lane header.
pub const LANE_LABEL_CHARS: usize = 15;
/// Width of the loop drawn for a message a lane sends itself.
const LOOP_WIDTH: i32 = 42;
/// Height of that loop.
const LOOP_HEIGHT: i32 = 18;

/// The x of lane `lane`'s lifeline (lanes past the last one are clamped to it).
pub fn lane_x(lane: usize) -> i32 {
    let lane = lane.min(LANES - 1) as i32;
    FIRST_LANE_X + LANE_SPACING * lane
}

/// The y of the arrow of message `index` (0-based).
pub fn row_y(index: usize) -> i32 {
    let index = i32::try_from(index).unwrap_or(i32::MAX / ROW_HEIGHT - 1);
    FIRST_ROW_Y.saturating_add(ROW_HEIGHT.saturating_mul(index))
}

/// Height of a diagram showing `rows` messages.
pub fn height(rows: usize) -> i32 {
    match rows {
        0 => FIRST_ROW_Y,
        n => row_y(n - 1) + BOTTOM_PADDING,
    }
}

/// The `viewBox` of the lane header strip.
pub fn header_view_box() -> String {
    format!("0 0 {WIDTH} {HEADER_HEIGHT}")
}

/// The `viewBox` of the messages below the header strip, for `rows` messages. It continues the
/// header's coordinates, so both drawings line up at any width.
pub fn body_view_box(rows: usize) -> String {
    format!(
        "0 {HEADER_HEIGHT} {WIDTH} {}",
        height(rows).saturating_sub(HEADER_HEIGHT).max(1)
    )
}

/// Splits `text` into at most two lines of at most `max_chars` characters, at spaces. A word
/// longer than a line is cut; text that does not fit in two lines ends with `…`.
pub fn wrap_label(text: &str, max_chars: usize) -> Vec<String> {
    let max_chars = max_chars.max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut overflow = false;
    for word in text.split_whitespace() {
        let needed = if current.is_empty() {
            word.chars().count()
        } else {
            current.chars().count() + 1 + word.chars().count()
        };
        if needed <= max_chars {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == 2 {
            overflow = true;
            break;
        }
        if word.chars().count() > max_chars {
            current = word.chars().take(max_chars - 1).collect();
            current.push('…');
        } else {
            current = word.to_owned();
        }
    }
    if !current.is_empty() {
        if lines.len() == 2 {
            overflow = true;
        } else {
            lines.push(current);
        }
    }
    if overflow {
        if let Some(last) = lines.last_mut() {
            if last.chars().count() >= max_chars {
                *last = match last.rsplit_once(' ') {
                    Some((head, _)) => head.to_owned(),
                    None => last.chars().take(max_chars - 1).collect(),
                };
            }
            last.push('…');
        }
    }
    lines
}

/// Where a label's text is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Centred on `label_x` (arrows between two lanes).
    Middle,
    /// Starting at `label_x` (a lane's message to itself).
    Start,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Middle => "middle",
            Anchor::Start => "start",
        }
    }
}

/// One message drawn as an arrow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The line (SVG path data), ending where the arrowhead starts.
    pub path: String,
    /// The arrowhead (SVG polygon points).
    pub head: String,
    /// The y of the arrow (its row).
    pub y: i32,
    /// The x of the label.
    pub label_x: i32,
    /// The baseline of the label's first line.
    pub label_y: i32,
    /// How the label is anchored.
    pub anchor: Anchor,
    /// The label, wrapped to the space between the lanes.
    pub lines: Vec<String>,
    /// The x of the step-number badge (just outside the sender's end of the arrow).
    pub badge_x: i32,
}

/// The arrow of message `index` from lane `from` to lane `to`, labelled `title`.
pub fn arrow(index: usize, from: usize, to: usize, title: &str) -> Arrow {
    let y = row_y(index);
    let x1 = lane_x(from);
    let x2 = lane_x(to);
    if x1 == x2 {
        // A lane's message to itself: a small loop to the right.
        let lines = wrap_label(title, chars_for(LANE_SPACING - LOOP_WIDTH));
        let bottom = y + LOOP_HEIGHT;
        return Arrow {
            path: format!(
                "M {x1} {y} H {} V {bottom} H {}",
                x1 + LOOP_WIDTH,
                x1 + HEAD_LENGTH
            ),
            head: head_points(x1, bottom, -1),
            y,
            label_x: x1 + LOOP_WIDTH + 6,
            label_y: y - 6 - LINE_HEIGHT * (lines.len() as i32 - 1),
            anchor: Anchor::Start,
            lines,
            badge_x: x1 - 16,
        };
    }
    let direction = if x2 > x1 { 1 } else { -1 };
    let span = (x2 - x1).abs();
    let lines = wrap_label(title, chars_for(span - 16));
    let label_lines = lines.len() as i32;
    Arrow {
        path: format!("M {x1} {y} H {}", x2 - direction * HEAD_LENGTH),
        head: head_points(x2, y, direction),
        y,
        label_x: (x1 + x2) / 2,
        label_y: y - 7 - LINE_HEIGHT * (label_lines - 1),
        anchor: Anchor::Middle,
        lines,
        badge_x: x1 - direction * 16,
    }
}

/// How many label characters fit in `width` user units.
fn chars_for(width: i32) -> usize {
    usize::try_from(width / CHAR_WIDTH).unwrap_or(4).max(4)
}

/// An arrowhead with its tip at (`x`, `y`) pointing right (`direction` 1) or left (-1).
fn head_points(x: i32, y: i32, direction: i32) -> String {
    let base = x - direction * HEAD_LENGTH;
    format!(
        "{x},{y} {base},{} {base},{}",
        y - HEAD_HALF_WIDTH,
        y + HEAD_HALF_WIDTH
    )
}

/// The lane header box of lane `lane`: `(x, y, width, height)`.
pub fn lane_box(lane: usize) -> (i32, i32, i32, i32) {
    (
        lane_x(lane) - LANE_BOX_WIDTH / 2,
        LANE_BOX_Y,
        LANE_BOX_WIDTH,
        LANE_BOX_HEIGHT,
    )
}

/// The baselines of a lane header's lines, centred in its box.
pub fn lane_label_baselines(lines: usize) -> Vec<i32> {
    let lines = i32::try_from(lines.clamp(1, 2)).unwrap_or(1);
    let middle = LANE_BOX_Y + LANE_BOX_HEIGHT / 2;
    let first = middle + 5 - (LINE_HEIGHT * (lines - 1)) / 2;
    (0..lines).map(|i| first + LINE_HEIGHT * i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn lanes_are_evenly_spaced_and_fit_the_diagram() {
        let xs: Vec<i32> = (0..LANES).map(lane_x).collect();
        assert_eq!(xs, vec![100, 285, 470, 655]);
        for lane in 0..LANES {
            let (x, _, w, _) = lane_box(lane);
            assert!(x >= 0 && x + w <= WIDTH, "lane {lane} box {x}+{w}");
        }
        assert_eq!(
            lane_x(9),
            lane_x(LANES - 1),
            "out-of-range lanes are clamped"
        );
    }

    #[test]
    fn each_message_gets_its_own_row_below_the_lane_headers() {
        assert_eq!(row_y(0), FIRST_ROW_Y);
        assert_eq!(row_y(3), FIRST_ROW_Y + 3 * ROW_HEIGHT);
        // The first arrow's two label lines start below the header strip.
        assert!(
            arrow(0, 0, 1, "Redirect to the authorization endpoint").label_y - 12 > HEADER_HEIGHT
        );
        assert_eq!(height(0), FIRST_ROW_Y);
        assert_eq!(height(4), row_y(3) + BOTTOM_PADDING);
        assert_eq!(header_view_box(), "0 0 760 62");
        assert_eq!(
            body_view_box(2),
            format!("0 62 760 {}", row_y(1) + BOTTOM_PADDING - HEADER_HEIGHT)
        );
        assert_eq!(
            body_view_box(0),
            format!("0 62 760 {}", FIRST_ROW_Y - HEADER_HEIGHT)
        );
        // Absurd indexes saturate instead of overflowing.
        assert!(row_y(usize::MAX) > 0);
    }

    #[test]
    fn a_rightward_arrow_ends_in_a_head_at_the_receiver() {
        let a = arrow(2, 1, 2, "Token request");
        let y = row_y(2);
        assert_eq!(a.y, y);
        assert_eq!(a.path, format!("M 285 {y} H 460"));
        assert_eq!(a.head, format!("470,{y} 460,{} 460,{}", y - 5, y + 5));
        assert_eq!(a.label_x, (285 + 470) / 2);
        assert_eq!(a.anchor, Anchor::Middle);
        assert_eq!(a.lines, vec!["Token request".to_owned()]);
        assert!(a.label_y < y);
        assert!(a.badge_x < 285);
    }

    #[test]
    fn a_leftward_arrow_points_left_and_its_badge_sits_right_of_the_sender() {
        let a = arrow(0, 3, 1, "API response");
        let y = row_y(0);
        assert_eq!(a.path, format!("M 655 {y} H 295"));
        assert_eq!(a.head, format!("285,{y} 295,{} 295,{}", y - 5, y + 5));
        assert!(a.badge_x > 655);
    }

    #[test]
    fn a_message_to_the_same_lane_is_a_loop_with_its_label_beside_it() {
        let a = arrow(1, 1, 1, "Checks the state");
        assert!(a.path.starts_with(&format!("M 285 {}", row_y(1))));
        assert_eq!(a.anchor, Anchor::Start);
        assert!(a.label_x > 285);
    }

    #[test]
    fn long_labels_wrap_onto_two_lines_and_the_rest_is_elided() {
        assert_eq!(
            wrap_label("Redirect to the authorization endpoint", 24),
            vec![
                "Redirect to the".to_owned(),
                "authorization endpoint".to_owned()
            ]
        );
        let lines = wrap_label("one two three four five six seven eight nine ten", 10);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
        let long = wrap_label("eyJhbGciOiJFUzI1NiJ9.payload", 8);
        assert_eq!(long, vec!["eyJhbGc…".to_owned()]);
        assert!(wrap_label("", 10).is_empty());
    }

    #[test]
    fn a_two_line_label_starts_one_line_higher() {
        let one = arrow(0, 0, 1, "Callback");
        let two = arrow(0, 0, 1, "Redirect to the authorization endpoint");
        assert_eq!(two.lines.len(), 2);
        assert_eq!(one.label_y - two.label_y, LINE_HEIGHT);
    }

    #[test]
    fn lane_labels_are_centred_in_their_box() {
        let one = lane_label_baselines(1);
        let two = lane_label_baselines(2);
        assert_eq!(one.len(), 1);
        assert_eq!(two.len(), 2);
        assert!(two[0] < one[0] && one[0] < two[1]);
        assert!(two[0] > LANE_BOX_Y && two[1] < LANE_BOX_Y + LANE_BOX_HEIGHT);
    }
}
