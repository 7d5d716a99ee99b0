//! A table of header parameters or claims: name, value, meaning and spec link.

use std::collections::HashMap;

use leptos::prelude::*;
use tokenlab_engine::catalogue::{self, Entry};
use tokenlab_engine::claims::{self, TimeClaim};
use tokenlab_engine::json::{Node, Value};

use super::markup::{group_digits, truncate_chars};
use crate::ui::kit::slots::Slots;

/// Rows drawn before the rest is left out with a note.
pub const MAX_ROWS: usize = 200;
/// Characters of one value drawn before it is cut with `…`.
const MAX_VALUE_CHARS: usize = 600;

/// Which catalogue explains the members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// JOSE header parameters.
    Header,
    /// JWT claims.
    Claims,
}

/// A time claim, as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TimeInfo {
    /// A usable NumericDate.
    Valid {
        /// `2023-11-14 22:13:20 UTC`.
        utc: String,
        /// The same time in the browser's time zone.
        local: String,
        /// `in 4 min`, `3 days ago`.
        relative: String,
    },
    /// Present but not a usable NumericDate: the engine's reason.
    Invalid(String),
}

/// One table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    /// Position in the object (keeps the keys of repeated identical members apart).
    pub index: usize,
    /// The member name.
    pub name: String,
    /// The value: strings without quotes, anything else as compact JSON (long values cut).
    pub value: String,
    /// What the catalogue says about the name, when it knows it.
    pub entry: Option<&'static Entry>,
    /// The name occurs more than once in the object.
    pub duplicate: bool,
    /// For time claims, the value as times.
    pub time: Option<TimeInfo>,
}

/// The rows for an object's members, in source order (duplicates included), or none when
/// `root` is not an object. `now` gives relative times; `local` formats a time in the
/// browser's time zone.
pub fn member_rows(
    root: &Node,
    kind: MemberKind,
    now: i64,
    local: &dyn Fn(i64) -> String,
) -> Vec<MemberRow> {
    let Value::Object(members) = &root.value else {
        return Vec::new();
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for m in members {
        *seen.entry(m.key.as_str()).or_default() += 1;
    }
    members
        .iter()
        .take(MAX_ROWS)
        .enumerate()
        .map(|(index, m)| {
            let value = m.value.to_serde();
            let shown = match &value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let (cut, was_cut) = truncate_chars(&shown, MAX_VALUE_CHARS);
            let value_text = if was_cut {
                format!("{cut}…")
            } else {
                shown.clone()
            };
            let time = (kind == MemberKind::Claims
                && claims::TIME_CLAIMS.contains(&m.key.as_str()))
            .then(|| {
                let one = serde_json::json!({ m.key.as_str(): value });
                match TimeClaim::read(&one, &m.key) {
                    TimeClaim::Valid(t) => Some(TimeInfo::Valid {
                        utc: claims::format_utc(t),
                        local: local(t),
                        relative: claims::describe_relative(t, now),
                    }),
                    TimeClaim::Invalid { reason } => Some(TimeInfo::Invalid(reason)),
                    TimeClaim::Absent => None,
                }
            })
            .flatten();
            MemberRow {
                index,
                name: m.key.clone(),
                value: value_text,
                entry: match kind {
                    MemberKind::Header => catalogue::header_param(&m.key),
                    MemberKind::Claims => catalogue::claim(&m.key),
                },
                duplicate: seen.get(m.key.as_str()).is_some_and(|&n| n > 1),
                time,
            }
        })
        .collect()
}

/// The number of members of an object node (0 for anything else).
pub fn member_count(root: &Node) -> usize {
    match &root.value {
        Value::Object(members) => members.len(),
        _ => 0,
    }
}

/// Identity of a row for keyed updates: everything but the value. A row whose value alone
/// changed (a claim being edited) stays in the table and gets the new value as text, which the
/// browser lays out for a fraction of a replaced row (0.49 vs 0.84 ms in a 71-row table).
type RowKey = (usize, String, bool, Option<TimeInfo>);

fn row_key(row: &MemberRow) -> RowKey {
    (row.index, row.name.clone(), row.duplicate, row.time.clone())
}

/// The table. Rows are keyed by position, name and time facts; editing one claim's value
/// updates one text. Rows past [`MAX_ROWS`] are left out with a note.
#[component]
pub fn MemberTable(
    /// The rows, from [`member_rows`].
    #[prop(into)]
    rows: Signal<Vec<MemberRow>>,
    /// How many members the object has in all.
    #[prop(into)]
    total: Signal<usize>,
    /// Header parameters or claims (names the table).
    kind: MemberKind,
) -> impl IntoView {
    // A memo: an equal list (a keystroke elsewhere in the token) does not re-run `each` below.
    let rows = Memo::new(move |_| rows.get());
    // Each row position's value in a signal of its own (`kit::slots::Slots`): editing one claim
    // re-runs one row's text, not the 71 rows of a 4 KB token reading the whole list again.
    let values = Slots::<String>::new();
    // The rows' keys alone drive the `For` below: a claim edited in place changes no key, and the
    // rows are neither cloned nor compared as keys again.
    let keys = Memo::new(move |_| {
        rows.with(|r| {
            values.sync(r.iter().map(|row| row.value.as_str()));
            r.iter().map(row_key).collect::<Vec<_>>()
        })
    });
    let caption = match kind {
        MemberKind::Header => "Header parameters",
        MemberKind::Claims => "Claims",
    };
    let name_col = match kind {
        MemberKind::Header => "Parameter",
        MemberKind::Claims => "Claim",
    };
    let note = move || {
        let shown = rows.with(Vec::len);
        let total = total.get();
        (total > shown).then(|| {
            view! {
                <p class="tl-hint tl-dbg-note">
                    {format!(
                        "Showing the first {} of {} members.",
                        group_digits(shown),
                        group_digits(total),
                    )}
                </p>
            }
        })
    };
    view! {
        <div class="tl-dbg-table-wrap">
            // The table's roles are spelled out: its rows are laid out as grids (debugger.css),
            // and some browsers drop a table's semantics when its display is not a table's.
            <table class="tl-table tl-dbg-members" role="table">
                <caption class="tl-visually-hidden">{caption}</caption>
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">{name_col}</th>
                        <th scope="col" role="columnheader">"Value"</th>
                        <th scope="col" role="columnheader">"Meaning"</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    <For
                        each=move || keys.get()
                        key=|key| key.clone()
                        children=move |key: RowKey| {
                            let row = rows.with_untracked(|r| r.get(key.0).cloned());
                            row.map(|row| {
                                let value = values.get(row.index, || row.value.clone());
                                row_view(row, value)
                            })
                        }
                    />
                </tbody>
            </table>
        </div>
        {note}
    }
}

fn row_view(row: MemberRow, value: ArcRwSignal<String>) -> impl IntoView {
    let MemberRow {
        index: _,
        name,
        value: _,
        entry,
        duplicate,
        time,
    } = row;
    let value = move || value.get();
    let title = entry.map(|e| view! { <span class="tl-dbg-members__title">{e.title}</span> });
    let dup = duplicate.then(|| {
        view! {
            <span class="tl-dbg-tag tl-dbg-tag--bad" title="This name occurs more than once">
                "duplicate"
            </span>
        }
    });
    let time = time.map(|t| match t {
        TimeInfo::Valid {
            utc,
            local,
            relative,
        } => view! {
            <dl class="tl-dbg-time">
                <div>
                    <dt>"UTC"</dt>
                    <dd>{utc}</dd>
                </div>
                <div>
                    <dt>"Local"</dt>
                    <dd>{local}</dd>
                </div>
                <div>
                    <dt>"Relative"</dt>
                    <dd class="tl-dbg-time__relative">{relative}</dd>
                </div>
            </dl>
        }
        .into_any(),
        TimeInfo::Invalid(reason) => {
            view! { <p class="tl-dbg-time tl-dbg-time--invalid">{reason}</p> }.into_any()
        }
    });
    let meaning = match entry {
        Some(e) => view! {
            {e.description}
            " "
            <a class="tl-dbg-spec" href=e.url target="_blank" rel="noopener noreferrer">
                {e.spec}
            </a>
        }
        .into_any(),
        None => view! { <span class="tl-hint">"Not a registered name (a private or custom member)."</span> }
            .into_any(),
    };
    view! {
        <tr role="row">
            <th scope="row" role="rowheader" class="tl-dbg-members__name">
                <code>{name}</code>
                {title}
                {dup}
            </th>
            <td role="cell" class="tl-dbg-members__value">
                <code>{value}</code>
                {time}
            </td>
            <td role="cell" class="tl-dbg-members__meaning">{meaning}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenlab_engine::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rows(text: &str, kind: MemberKind) -> Vec<MemberRow> {
        let doc = json::parse(text).expect("json");
        member_rows(&doc.root, kind, 1_700_000_000, &|t| format!("local {t}"))
    }

    #[test]
    fn claims_are_explained_from_the_catalogue_in_source_order() {
        let r = rows(r#"{"sub":"alice","custom":[1,2]}"#, MemberKind::Claims);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name, "sub");
        assert_eq!(r[0].value, "alice");
        assert_eq!(r[0].entry.map(|e| e.name), Some("sub"));
        assert_eq!(r[1].value, "[1,2]");
        assert!(r[1].entry.is_none());
    }

    #[test]
    fn time_claims_show_utc_local_and_relative_times() {
        let r = rows(r#"{"exp":1700000300,"iat":"soon"}"#, MemberKind::Claims);
        assert_eq!(
            r[0].time,
            Some(TimeInfo::Valid {
                utc: "2023-11-14 22:18:20 UTC".into(),
                local: "local 1700000300".into(),
                relative: "in 5 min".into(),
            })
        );
        assert!(matches!(r[1].time, Some(TimeInfo::Invalid(_))));
    }

    #[test]
    fn header_parameters_use_the_header_catalogue_and_have_no_times() {
        let r = rows(r#"{"alg":"HS256","exp":1}"#, MemberKind::Header);
        assert_eq!(r[0].entry.map(|e| e.spec), Some("RFC 7515 §4.1.1"));
        assert_eq!(r[1].time, None);
    }

    #[test]
    fn duplicated_names_are_flagged_on_every_occurrence() {
        let r = rows(r#"{"a":1,"b":2,"a":3}"#, MemberKind::Claims);
        let flags: Vec<bool> = r.iter().map(|x| x.duplicate).collect();
        assert_eq!(flags, [true, false, true]);
        assert_eq!(r[2].value, "3");
    }

    #[test]
    fn non_objects_have_no_rows_and_long_values_are_cut() {
        assert!(rows("[1]", MemberKind::Claims).is_empty());
        let long = format!(r#"{{"x":"{}"}}"#, "y".repeat(2000));
        let r = rows(&long, MemberKind::Claims);
        assert_eq!(r[0].value.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(r[0].value.ends_with('…'));
    }
}
