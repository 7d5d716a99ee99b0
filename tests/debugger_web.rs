//! Debugger component tests in headless Chromium: mount a component, act, assert on what a user
//! sees. Run with `cargo test --target wasm32-unknown-unknown -p tokenlab --test debugger_web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tokenlab::ui::debugger::json_view::{CodeContent, CodeView};
use tokenlab::ui::debugger::status_badge::{status_modifier, StatusBadge};
use tokenlab::ui::debugger::timeline::{geometry, MarkKind, ValidityTimeline};
use tokenlab::ui::debugger::token_view::{TokenParts, TokenView};
use tokenlab::ui::debugger::Debugger;
use tokenlab_engine::claims::Timeline;
use tokenlab_engine::jws::{self, SegmentKind};
use tokenlab_engine::samples;
use tokenlab_engine::verify::SignatureStatus;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::container;

wasm_bindgen_test_configure!(run_in_browser);

fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn one(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .expect("selector")
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Lets effects, memos and the render run (a few microtask rounds).
async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}

/// Types `value` into the textarea or input with `id`, as a paste would.
fn type_into(root: &web_sys::HtmlElement, id: &str, value: &str) {
    let el = one(root, &format!("#{id}"));
    if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).expect("event"))
        .expect("dispatch");
}

/// Mounts the Debugger and pastes the engine's sample `id` (made at the current time) into it.
async fn debugger_with_sample(id: &str) -> (web_sys::HtmlElement, impl Sized, samples::Sample) {
    let sample = samples::sample(id, tokenlab::browser::unix_now()).expect("sample");
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), Debugger);
    settle().await;
    type_into(&root, "tl-token-input", &sample.token);
    (root, handle, sample)
}

#[wasm_bindgen_test]
async fn json_is_drawn_as_one_element_per_coloured_token() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), || {
        let content = CodeContent::Json(r#"{"alg":"HS256","n":1,"ok":true}"#.into());
        view! { <CodeView content=Signal::stored(content) label="Header JSON" /> }
    });
    settle().await;
    let keys: Vec<String> = all(&root, ".tl-json--key").iter().map(text).collect();
    assert_eq!(keys, ["\"alg\"", "\"n\"", "\"ok\""]);
    assert_eq!(text(&one(&root, ".tl-json--string")), "\"HS256\"");
    assert_eq!(text(&one(&root, ".tl-json--number")), "1");
    assert_eq!(text(&one(&root, ".tl-json--literal")), "true");
    let pre = one(&root, "pre");
    assert_eq!(
        pre.get_attribute("aria-label").as_deref(),
        Some("Header JSON")
    );
}

#[wasm_bindgen_test]
async fn markup_in_json_stays_text() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), || {
        let content = CodeContent::Json(r#"{"x":"<img src=x onerror=alert(1)>"}"#.into());
        view! { <CodeView content=Signal::stored(content) label="Payload JSON" /> }
    });
    settle().await;
    assert!(all(&root, "img").is_empty(), "{}", root.inner_html());
    assert!(text(&one(&root, ".tl-json--string")).contains("<img"));
}

#[wasm_bindgen_test]
async fn json_lines_wait_hidden_while_the_content_is_text_and_only_changed_lines_are_redrawn() {
    let content = RwSignal::new(CodeContent::Json(r#"{"a":1,"b":2}"#.into()));
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <CodeView content=content label="Payload JSON" /> }
    });
    settle().await;
    // The lines a reader gets: nothing inside an element with the `hidden` attribute.
    let shown = || -> Vec<String> {
        all(&root, ".tl-dbg-line")
            .iter()
            .filter(|l| l.closest("[hidden]").ok().flatten().is_none())
            .map(text)
            .filter(|t| !t.is_empty())
            .collect()
    };
    let line_b = || {
        all(&root, ".tl-dbg-line")
            .into_iter()
            .find(|l| text(l).contains("\"b\""))
            .expect("the line of b")
    };
    assert_eq!(shown(), ["{", "  \"a\": 1,", "  \"b\": 2", "}"]);
    let b_before = line_b();
    let a_before = all(&root, ".tl-dbg-line")
        .into_iter()
        .find(|l| text(l).contains("\"a\""))
        .expect("the line of a");

    content.set(CodeContent::Text("not JSON <b>".into()));
    settle().await;
    assert_eq!(shown(), ["not JSON <b>"]);
    assert!(b_before.is_connected(), "the JSON lines stay in the page");

    content.set(CodeContent::Json(r#"{"a":3,"b":2}"#.into()));
    settle().await;
    assert_eq!(shown(), ["{", "  \"a\": 3,", "  \"b\": 2", "}"]);
    assert!(
        line_b().is_same_node(Some(&b_before)),
        "an unchanged line is the same element"
    );
    assert_eq!(
        text(&a_before),
        "  \"a\": 3,",
        "a changed line gets its new markup in place"
    );

    // Lines added and taken away again: each position shows its own line.
    content.set(CodeContent::Json(r#"{"a":3,"c":[1],"b":2}"#.into()));
    settle().await;
    assert_eq!(
        shown(),
        [
            "{",
            "  \"a\": 3,",
            "  \"c\": [",
            "    1",
            "  ],",
            "  \"b\": 2",
            "}"
        ]
    );
    content.set(CodeContent::Json(r#"{"b":5}"#.into()));
    settle().await;
    assert_eq!(shown(), ["{", "  \"b\": 5", "}"]);
}

#[wasm_bindgen_test]
async fn the_token_is_coloured_by_segment_and_the_bad_character_marked() {
    let token = "eyJhbGciOiJIUzI1NiJ9.e*J9.c2ln";
    let decoded = jws::decode(token).expect("three parts");
    let marks: Vec<usize> = decoded.errors.iter().map(|e| e.offset).collect();
    assert_eq!(
        decoded.errors.first().map(|e| e.segment),
        Some(SegmentKind::Payload)
    );
    let parts = TokenParts {
        token: token.to_owned(),
        segments: decoded.segments.clone(),
        form: Some(decoded.form),
        marks,
    };
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <TokenView parts=Signal::stored(parts.clone()) /> }
    });
    settle().await;
    assert_eq!(text(&one(&root, ".tl-seg--header")), "eyJhbGciOiJIUzI1NiJ9");
    assert_eq!(text(&one(&root, "mark.tl-seg--error")), "*");
    assert!(one(&root, "mark.tl-seg--error")
        .class_list()
        .contains("tl-seg--payload"));
    assert_eq!(text(&one(&root, ".tl-seg--signature")), "c2ln");
    let legend: Vec<String> = all(&root, ".tl-dbg-legend li").iter().map(text).collect();
    assert_eq!(legend, ["■Header", "■Payload", "■Signature"]);
}

#[wasm_bindgen_test]
async fn an_edited_claim_value_updates_its_row_in_place_and_a_renamed_claim_gets_a_new_row() {
    use tokenlab::ui::debugger::member_table::{member_rows, MemberKind, MemberTable};
    let rows_of = |text: &str| {
        let doc = tokenlab_engine::json::parse(text).expect("json");
        member_rows(&doc.root, MemberKind::Claims, 1_700_000_000, &|t| {
            t.to_string()
        })
    };
    let rows = RwSignal::new(rows_of(r#"{"sub":"alice","scope":"read"}"#));
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <MemberTable rows=rows total=Signal::derive(move || rows.with(Vec::len)) kind=MemberKind::Claims /> }
    });
    settle().await;
    let row_texts = || -> Vec<String> {
        all(&root, "tbody tr")
            .iter()
            .map(|r| text(&one_in(r, ".tl-dbg-members__value")))
            .collect()
    };
    let first_row = one(&root, "tbody tr");
    assert_eq!(row_texts(), ["alice", "read"]);

    rows.set(rows_of(r#"{"sub":"bob","scope":"read"}"#));
    settle().await;
    assert_eq!(row_texts(), ["bob", "read"]);
    assert!(
        one(&root, "tbody tr").is_same_node(Some(&first_row)),
        "the edited claim's row is kept"
    );

    rows.set(rows_of(r#"{"aud":"bob","scope":"read"}"#));
    settle().await;
    assert_eq!(row_texts(), ["bob", "read"]);
    let renamed = one(&root, "tbody tr");
    assert!(
        !renamed.is_same_node(Some(&first_row)),
        "a new name is a new row"
    );
    assert!(text(&renamed).contains("Audience"), "{}", text(&renamed));

    // Fewer rows, then more again with other values: every row shows its own value.
    rows.set(rows_of(r#"{"aud":"carol"}"#));
    settle().await;
    assert_eq!(row_texts(), ["carol"]);
    rows.set(rows_of(r#"{"aud":"dave","scope":"write","jti":"j-1"}"#));
    settle().await;
    assert_eq!(row_texts(), ["dave", "write", "j-1"]);
}

fn one_in(el: &web_sys::Element, selector: &str) -> web_sys::Element {
    el.query_selector(selector)
        .expect("selector")
        .unwrap_or_else(|| panic!("no {selector} in {}", el.inner_html()))
}

/// What the Debugger gives the coloured view for `token`, a three-part token.
fn parts_of(token: &str) -> TokenParts {
    let decoded = jws::decode(token).expect("three parts");
    TokenParts {
        token: token.to_owned(),
        segments: decoded.segments.clone(),
        form: Some(decoded.form),
        marks: decoded.errors.iter().map(|e| e.offset).collect(),
    }
}

#[wasm_bindgen_test]
async fn an_edited_token_updates_its_runs_in_place_and_markup_in_it_stays_text() {
    let parts = RwSignal::new(parts_of("eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2ln"));
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || view! { <TokenView parts=parts /> });
    settle().await;
    let header = one(&root, ".tl-seg--header");
    parts.set(parts_of("eyJhbGciOiJIUzI1NiJ9.eyJhIjoyfQ.c2ln"));
    settle().await;
    assert_eq!(text(&one(&root, ".tl-seg--payload")), "eyJhIjoyfQ");
    assert!(
        one(&root, ".tl-seg--header").is_same_node(Some(&header)),
        "the header's run is kept"
    );

    let hostile = "<img src=x onerror=alert(1)>";
    parts.set(TokenParts {
        token: hostile.to_owned(),
        segments: Vec::new(),
        form: None,
        marks: vec![0],
    });
    settle().await;
    assert!(all(&root, "img").is_empty(), "{}", root.inner_html());
    assert_eq!(text(&one(&root, "pre")), hostile);
    assert_eq!(text(&one(&root, "mark.tl-seg--error")), "<");
}

type Seen = std::rc::Rc<std::cell::RefCell<Vec<(String, String)>>>;

fn note(seen: &Seen, records: &js_sys::Array) {
    seen.borrow_mut().extend(
        records
            .iter()
            .filter_map(|r| r.dyn_into::<web_sys::MutationRecord>().ok())
            .map(|r| (r.type_(), r.attribute_name().unwrap_or_default())),
    );
}

/// Starts noting what changes in the page under `root`, as (kind, attribute) per change:
/// `("characterData", "")` for a text set, `("attributes", "class")` for a class removed or set.
fn watch(root: &web_sys::HtmlElement) -> (web_sys::MutationObserver, Seen) {
    let seen = Seen::default();
    let sink = seen.clone();
    let noted = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |records: js_sys::Array| note(&sink, &records),
    );
    let observer =
        web_sys::MutationObserver::new(noted.as_ref().unchecked_ref()).expect("observer");
    noted.forget();
    let init = web_sys::MutationObserverInit::new();
    init.set_subtree(true);
    init.set_child_list(true);
    init.set_attributes(true);
    init.set_character_data(true);
    observer.observe_with_options(root, &init).expect("observe");
    (observer, seen)
}

/// Everything noted since `watch`, and stops watching.
fn changes((observer, seen): (web_sys::MutationObserver, Seen)) -> Vec<(String, String)> {
    note(&seen, &observer.take_records());
    observer.disconnect();
    seen.take()
}

#[wasm_bindgen_test]
async fn a_key_pressed_in_a_claim_sets_one_text_per_view_and_no_class() {
    // The JSON view: one string changed is one text set, and no piece loses its class.
    let content = RwSignal::new(CodeContent::Json(
        r#"{"iss":"https://a.example","n":1}"#.into(),
    ));
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <CodeView content=content label="Payload JSON" /> }
    });
    settle().await;
    let observer = watch(&root);
    content.set(CodeContent::Json(
        r#"{"iss":"https://A.example","n":1}"#.into(),
    ));
    settle().await;
    assert_eq!(
        changes(observer),
        [("characterData".to_owned(), String::new())]
    );
    assert_eq!(
        all(&root, ".tl-json--string")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["\"https://A.example\""]
    );

    // The coloured token: the same for a character replaced in the payload.
    let parts = RwSignal::new(parts_of("eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2ln"));
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || view! { <TokenView parts=parts /> });
    settle().await;
    let observer = watch(&root);
    parts.set(parts_of("eyJhbGciOiJIUzI1NiJ9.eyJhIjoyfQ.c2ln"));
    settle().await;
    assert_eq!(
        changes(observer),
        [("characterData".to_owned(), String::new())]
    );
    assert_eq!(text(&one(&root, ".tl-seg--payload")), "eyJhIjoyfQ");

    // A character at fault becomes a <mark> in place, and a span again once it is mended.
    parts.set(parts_of("eyJhbGciOiJIUzI1NiJ9.e*JhIjoyfQ.c2ln"));
    settle().await;
    assert_eq!(text(&one(&root, "mark.tl-seg--error.tl-seg--payload")), "*");
    assert_eq!(
        text(&one(&root, "pre")),
        "eyJhbGciOiJIUzI1NiJ9.e*JhIjoyfQ.c2ln"
    );
    parts.set(parts_of("eyJhbGciOiJIUzI1NiJ9.eyJhIjoyfQ.c2ln"));
    settle().await;
    assert!(all(&root, "mark").is_empty(), "{}", root.inner_html());
    assert_eq!(
        text(&one(&root, "pre")),
        "eyJhbGciOiJIUzI1NiJ9.eyJhIjoyfQ.c2ln"
    );
    assert_eq!(text(&one(&root, ".tl-seg--payload")), "eyJhIjoyfQ");
}

#[wasm_bindgen_test]
async fn the_timeline_places_now_where_the_scale_says_and_names_the_state() {
    let now = 1_700_000_000;
    let t = Timeline::new(Some(now - 7200), None, Some(now - 3600), now, 0);
    let expected_now_x = geometry(&t)
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Now)
        .map(|m| m.x)
        .expect("now is drawn");
    let root = container();
    let _h = leptos::mount::mount_to(
        root.clone(),
        move || view! { <ValidityTimeline timeline=t /> },
    );
    settle().await;
    let svg = one(&root, "svg[role=img]");
    let label = svg.get_attribute("aria-label").unwrap_or_default();
    assert!(label.contains("Expired: expired 1 h ago."), "{label}");
    let line = one(&root, ".tl-dbg-timeline__mark--now line");
    assert_eq!(
        line.get_attribute("x1"),
        Some(format!("{expected_now_x:.1}"))
    );
    assert!(one(&root, "figure")
        .class_list()
        .contains("tl-dbg-timeline--expired"));
    assert!(text(&one(&root, "figcaption")).contains("Expires 1 h ago"));
}

#[wasm_bindgen_test]
async fn each_signature_status_gets_its_css_modifier_and_label() {
    for status in SignatureStatus::ALL {
        let root = container();
        let _h = leptos::mount::mount_to(
            root.clone(),
            move || view! { <StatusBadge status=status /> },
        );
        settle().await;
        let badge = one(&root, ".tl-status");
        assert!(
            badge.class_list().contains(status_modifier(status)),
            "{status:?}: {}",
            badge.class_name()
        );
        assert!(
            text(&badge).ends_with(status.label()),
            "{status:?}: {}",
            text(&badge)
        );
    }
}

#[wasm_bindgen_test]
async fn a_sample_token_with_its_key_verifies_and_an_edit_breaks_it() {
    let (root, _h, sample) = debugger_with_sample("hs256").await;
    type_into(&root, "tl-dbg-key", &sample.key);
    settle().await;
    assert_eq!(
        one(&root, ".tl-dbg-badge")
            .get_attribute("data-status")
            .as_deref(),
        Some("verified")
    );
    assert!(text(&one(&root, ".tl-dbg-pane--header")).contains("HS256"));
    assert!(text(&one(&root, ".tl-dbg-pane--payload")).contains("Live: valid now"));

    // Change one character of the payload: same header, same key, a different signing input.
    let dot = sample.token.find('.').expect("a dot") + 5;
    let mut edited = sample.token.clone().into_bytes();
    edited[dot] = if edited[dot] == b'A' { b'B' } else { b'A' };
    type_into(
        &root,
        "tl-token-input",
        &String::from_utf8(edited).expect("ascii"),
    );
    settle().await;
    assert_eq!(
        text(&one(&root, ".tl-dbg-badge")).trim_start_matches('✗'),
        "Invalid signature"
    );
}

#[wasm_bindgen_test]
async fn a_handed_over_token_opens_already_verified() {
    let now = tokenlab::browser::unix_now();
    let sample = samples::sample("es256", now).expect("sample");
    let root = container();
    let handoff = tokenlab::app::Handoff::new();
    let token = tokenlab::app::HandoffToken {
        token: sample.token.clone(),
        key_text: sample.key.clone(),
        encoding: sample.encoding,
    };
    let _h = leptos::mount::mount_to(root.clone(), move || {
        provide_context(handoff);
        handoff.send(token.clone());
        view! { <Debugger /> }
    });
    settle().await;
    assert_eq!(
        one(&root, ".tl-dbg-badge")
            .get_attribute("data-status")
            .as_deref(),
        Some("verified")
    );
    let field: web_sys::HtmlTextAreaElement = one(&root, "#tl-token-input").unchecked_into();
    assert_eq!(field.value(), sample.token);
}

#[wasm_bindgen_test]
async fn an_unsigned_token_is_never_verified_and_has_a_critical_finding() {
    let (root, _h, _sample) = debugger_with_sample("none").await;
    settle().await;
    assert_eq!(
        one(&root, ".tl-dbg-badge")
            .get_attribute("data-status")
            .as_deref(),
        Some("unsigned")
    );
    let first = one(&root, ".tl-dbg-finding");
    assert!(
        first.class_list().contains("tl-dbg-finding--critical"),
        "{}",
        first.class_name()
    );
    assert_eq!(
        first.get_attribute("data-code").as_deref(),
        Some("alg_none")
    );
}
