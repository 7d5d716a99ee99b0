//! A piece of text in an element of its own with a class, `<span class="…">text</span>` (or
//! `<mark>`), that is drawn again in place by changing only what changed.
//!
//! Written by hand because the app is built with Leptos's `erase_components` (every element's
//! attributes are one `Vec<AnyAttribute>`), and tachys draws such an element again by removing
//! every attribute and setting it anew. The Debugger's coloured token and JSON view are lines of
//! such pieces: a key pressed in a claim drew one JSON line and one token line again, and each of
//! their pieces lost its class and got it back (a `MutationObserver` counted eight class removals
//! and eight sets per key), which costs calls into the page and a style recalculation of every
//! piece. This view compares the tag, the class and the text with what is on the page and
//! touches only what differs: a changed text is one `nodeValue` set.

use std::borrow::Cow;

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node, Text};
use leptos::tachys::renderer::{CastFrom, Rndr};
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// `<tag class="class">text</tag>`, drawn again in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyledText {
    /// The element's tag: `span` or `mark` (nothing from the input).
    pub tag: &'static str,
    /// Its class attribute (class names from this crate, never from the input).
    pub class: Cow<'static, str>,
    /// The text, set as a text node (never parsed as HTML).
    pub text: String,
}

impl StyledText {
    /// A `<span>` with `class` around `text`.
    pub fn span(class: impl Into<Cow<'static, str>>, text: impl Into<String>) -> Self {
        Self {
            tag: "span",
            class: class.into(),
            text: text.into(),
        }
    }
}

impl StyledText {
    /// Gives `el` this class and this text (a new text node in it), and keeps both as its state.
    fn fill(self, el: Element) -> StyledTextState {
        Rndr::set_attribute(&el, "class", &self.class);
        let node = Rndr::create_text_node(&self.text);
        Rndr::insert_node(&el, &node, None);
        self.into_state(el, node)
    }

    /// The state of `el` and its text `node`, drawn from this.
    fn into_state(self, el: Element, node: Text) -> StyledTextState {
        StyledTextState {
            el,
            node,
            tag: self.tag,
            class: self.class,
            text: self.text,
        }
    }
}

/// What is on the page for a [`StyledText`], and what it was drawn from.
pub struct StyledTextState {
    el: Element,
    node: Text,
    tag: &'static str,
    class: Cow<'static, str>,
    text: String,
}

impl Render for StyledText {
    type State = StyledTextState;

    fn build(self) -> Self::State {
        let el = Rndr::create_element(self.tag, None);
        self.fill(el)
    }

    fn rebuild(self, state: &mut Self::State) {
        if self.tag != state.tag {
            // Another element: put the new one where the old one is.
            let mut new = self.build();
            state.insert_before_this(&mut new);
            state.unmount();
            *state = new;
            return;
        }
        if self.class != state.class {
            Rndr::set_attribute(&state.el, "class", &self.class);
            state.class = self.class;
        }
        if self.text != state.text {
            Rndr::set_text(&state.node, &self.text);
            state.text = self.text;
        }
    }
}

impl Mountable for StyledTextState {
    fn unmount(&mut self) {
        Rndr::remove(&self.el);
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        Rndr::insert_node(parent, &self.el, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.el.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        vec![self.el.clone()]
    }
}

leptos::tachys::no_attrs!(StyledText);

impl RenderHtml for StyledText {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self
    }

    fn html_len(&self) -> usize {
        2 * self.tag.len() + self.class.len() + self.text.len() + 14
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        buf.push('<');
        buf.push_str(self.tag);
        buf.push_str(" class=\"");
        crate::ui::debugger::markup::push_escaped(buf, &self.class);
        buf.push_str("\">");
        // The text as `String` writes it (escaped, with its separators).
        let mut inner = Position::FirstChild;
        self.text
            .to_html_with_buf(buf, &mut inner, escape, mark_branches, extra_attrs);
        buf.push_str("</");
        buf.push_str(self.tag);
        buf.push('>');
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        // The element is the next node, its text its first child (as `to_html_with_buf` wrote).
        if position.get() == Position::FirstChild {
            cursor.child();
        } else {
            cursor.sibling();
        }
        let current = cursor.current();
        position.set(Position::NextChild);
        let Some(el) = Element::cast_from(current.clone()) else {
            // Not the markup this view writes: draw it afresh in that place.
            let mut state = self.build();
            if let Some(parent) = Rndr::get_parent(&current).and_then(Element::cast_from) {
                state.mount(&parent, Some(&current));
            }
            return state;
        };
        let Some(node) = Rndr::first_child(&el).and_then(Text::cast_from) else {
            return self.fill(el);
        };
        if !FROM_SERVER {
            Rndr::set_attribute(&el, "class", &self.class);
            Rndr::set_text(&node, &self.text);
        }
        self.into_state(el, node)
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
