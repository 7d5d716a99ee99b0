//! Setting one member of a JSON object in the text a person is editing, leaving every other
//! character as it was (their formatting, their member order, numbers exactly as typed).
//!
//! Re-serialising through `serde_json` would reformat the whole editor and turn a 20-digit number
//! into a float; instead the engine's span-keeping reader ([`tokenlab_engine::json::parse`]) says
//! where the member's value is, and only that range is replaced (or a member is appended, indented
//! like its neighbours).

use tokenlab_engine::json::{self, Value};

/// Why a member could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The text is not JSON (the message has the line and column).
    NotJson(String),
    /// The JSON is not an object.
    NotObject(&'static str),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NotJson(e) => write!(f, "fix the JSON first: {e}"),
            EditError::NotObject(kind) => write!(f, "the JSON is {kind}, not an object"),
        }
    }
}

/// Sets member `name` of the top-level object in `text` to `value` (already JSON text, e.g.
/// `1700000000` or `"abc"`). An existing member (the last one, if the name is repeated) keeps its
/// place; a new one is appended after the last member, on its own line when the object spans
/// several lines.
pub fn set_member(text: &str, name: &str, value: &str) -> Result<String, EditError> {
    let doc = json::parse(text).map_err(|e| EditError::NotJson(e.to_string()))?;
    let Value::Object(members) = &doc.root.value else {
        return Err(EditError::NotObject(doc.root.value.kind_name()));
    };
    let replace = |start: usize, end: usize, with: &str| -> String {
        let mut out = String::with_capacity(text.len() + with.len());
        out.push_str(text.get(..start).unwrap_or(""));
        out.push_str(with);
        out.push_str(text.get(end..).unwrap_or(""));
        out
    };
    if let Some(m) = members.iter().rev().find(|m| m.key == name) {
        return Ok(replace(m.value.span.start, m.value.span.end, value));
    }
    let key = serde_json::Value::String(name.to_string()).to_string();
    match members.last() {
        Some(last) => {
            let indent = line_indent(text, last.key_span.start);
            let multiline = text
                .get(doc.root.span.start..last.key_span.start)
                .is_some_and(|s| s.contains('\n'));
            let insert = if multiline {
                format!(",\n{indent}{key}: {value}")
            } else {
                format!(", {key}: {value}")
            };
            let at = last.value.span.end;
            Ok(replace(at, at, &insert))
        }
        None => {
            let (start, end) = (doc.root.span.start, doc.root.span.end);
            Ok(replace(start, end, &format!("{{\n  {key}: {value}\n}}")))
        }
    }
}

/// The whitespace at the start of the line holding byte `offset`, if the line has only
/// whitespace before it (else two spaces).
fn line_indent(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prefix = before.get(line_start..).unwrap_or("");
    if prefix.chars().all(|c| c == ' ' || c == '\t') && line_start > 0 {
        prefix.to_string()
    } else {
        "  ".to_string()
    }
}

/// A JSON string literal for `s`.
pub fn string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_member_is_replaced_in_place_and_nothing_else_changes() {
        let text = "{\n  \"sub\": \"a\",\n  \"iat\": 1,\n  \"big\": 12345678901234567890\n}";
        let out = set_member(text, "iat", "1700000000").unwrap();
        assert_eq!(
            out,
            "{\n  \"sub\": \"a\",\n  \"iat\": 1700000000,\n  \"big\": 12345678901234567890\n}"
        );
    }

    #[test]
    fn a_new_member_is_appended_with_the_same_indentation() {
        let text = "{\n    \"sub\": \"a\"\n}";
        let out = set_member(text, "exp", "5").unwrap();
        assert_eq!(out, "{\n    \"sub\": \"a\",\n    \"exp\": 5\n}");
    }

    #[test]
    fn one_line_objects_stay_on_one_line_and_empty_ones_get_a_member() {
        assert_eq!(
            set_member(r#"{"a":1}"#, "b", "2").unwrap(),
            r#"{"a":1, "b": 2}"#
        );
        assert_eq!(set_member(" {} ", "b", "2").unwrap(), " {\n  \"b\": 2\n} ");
    }

    #[test]
    fn names_are_escaped_and_broken_json_or_arrays_are_refused() {
        assert_eq!(
            set_member("{}", "we\"ird", &string("v\n")).unwrap(),
            "{\n  \"we\\\"ird\": \"v\\n\"\n}"
        );
        assert!(matches!(
            set_member("{", "a", "1"),
            Err(EditError::NotJson(_))
        ));
        assert_eq!(
            set_member("[1]", "a", "1"),
            Err(EditError::NotObject("an array"))
        );
    }

    #[test]
    fn the_last_of_repeated_members_is_the_one_set() {
        assert_eq!(
            set_member(r#"{"a":1,"a":2}"#, "a", "3").unwrap(),
            r#"{"a":1,"a":3}"#
        );
    }
}
