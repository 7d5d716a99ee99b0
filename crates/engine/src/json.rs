//! A small, strict JSON reader (RFC 8259) that keeps source spans and reports duplicate member
//! names.
//!
//! `serde_json` is used everywhere else, but it cannot do two things a token debugger needs: it
//! forgets where each value came from (so an error or a claim cannot be highlighted in the
//! original text), and it silently keeps the last of two members with the same name (RFC 8259
//! §4 leaves duplicates undefined, RFC 7515 §4 says a JOSE header with duplicates must be
//! rejected or the last one used, and different libraries pick differently — exactly the kind of
//! disagreement an attacker can use). We considered `jsonc-parser`, which keeps ranges and can be
//! made strict through its `ParseOptions`, but duplicate reporting, error messages that name the
//! member at fault, stable error codes and the depth limit would still have to be built on top
//! of its tree, and it is one more crate in the wasm bundle. This reader is a few hundred lines,
//! never panics, never recurses deeper than [`MAX_DEPTH`], and is fed 20,000 pseudo-random inputs
//! by the property test in `intake`'s tests.
//!
//! [`parse`] gives a [`Document`]: a tree of [`Node`]s (value + [`Span`]) with object members in
//! source order, plus every [`Duplicate`]. [`Document::to_serde`] converts to `serde_json::Value`
//! for everything else. [`highlight`] is a separate tolerant lexer for syntax colouring, which
//! also works on broken JSON.

use crate::b64::describe_char;
use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest nesting of arrays and objects [`parse`] accepts; deeper input is an error (code
/// `too_deep`), never a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// A byte range in the parsed text (`start` inclusive, `end` exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

impl Span {
    /// The text the span covers (empty if the span does not fit `text`).
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The span moved `by` bytes to the right (for text that sits inside a larger text).
    pub fn shifted(self, by: usize) -> Span {
        Span {
            start: self.start.saturating_add(by),
            end: self.end.saturating_add(by),
        }
    }
}

/// A JSON value. Numbers keep their source text so nothing is lost to floating point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the source (`1e3`, `-0`, `12345678901234567890`).
    Number(String),
    /// A string, with escapes resolved.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in source order (duplicates included).
    Object(Vec<Member>),
}

impl Value {
    /// What kind of value this is, with an article, for messages: "an object", "a string", ….
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A value and where it is in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Its extent in the source (strings include their quotes).
    pub span: Span,
}

impl Node {
    /// Converts this value to `serde_json`, with the rules of [`Document::to_serde`].
    pub fn to_serde(&self) -> serde_json::Value {
        node_to_serde(self)
    }

    /// The member `key` of an object (the last one when the name is duplicated, as in
    /// [`Document::to_serde`]); `None` for non-objects and missing keys.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }
}

/// One object member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member name, escapes resolved.
    pub key: String,
    /// Where the name is in the source, quotes included.
    pub key_span: Span,
    /// The member value.
    pub value: Node,
}

/// A member name that occurs more than once in one object.
///
/// When a name occurs three or more times, each later occurrence is reported against the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// The repeated name.
    pub key: String,
    /// JSON Pointer (RFC 6901) of the object holding both members; `""` for the root.
    pub path: String,
    /// Span of the first occurrence's name (quotes included).
    pub first: Span,
    /// Span of the later occurrence's name (quotes included).
    pub second: Span,
    /// Source text of the first occurrence's value.
    pub first_value: String,
    /// Source text of the later occurrence's value.
    pub second_value: String,
}

/// A parsed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The top-level value.
    pub root: Node,
    /// Every duplicated member name, in source order.
    pub duplicates: Vec<Duplicate>,
}

impl Document {
    /// Converts to a `serde_json::Value`, members in source order.
    ///
    /// For duplicate names the LAST value wins, at the position of the first occurrence — what
    /// JavaScript's `JSON.parse` does. Numbers go through `serde_json`: integers that fit `i64`
    /// or `u64` stay exact, others become `f64`; a number too large even for `f64` (`1e400`) is
    /// kept as a string of its source text rather than lost.
    pub fn to_serde(&self) -> serde_json::Value {
        node_to_serde(&self.root)
    }
}

fn node_to_serde(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(raw) => match serde_json::from_str::<serde_json::Number>(raw) {
            Ok(n) => J::Number(n),
            Err(_) => raw
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| J::String(raw.clone()), J::Number),
        },
        Value::String(s) => J::String(s.clone()),
        Value::Array(items) => J::Array(items.iter().map(node_to_serde).collect()),
        Value::Object(members) => {
            let mut map = serde_json::Map::with_capacity(members.len());
            for m in members {
                // With `preserve_order`, insert on an existing key replaces the value in place.
                map.insert(m.key.clone(), node_to_serde(&m.value));
            }
            J::Object(map)
        }
    }
}

/// Why a text is not JSON, with the position of the problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {line}, column {column})")]
pub struct JsonError {
    /// Byte offset of the problem in the parsed text.
    pub offset: usize,
    /// 1-based line number (lines end at `\n`).
    pub line: usize,
    /// 1-based column, counted in characters (Unicode scalar values) from the start of the line.
    pub column: usize,
    /// What is wrong, as a sentence fragment: `unterminated string`, `trailing comma`, ….
    pub message: String,
    code: &'static str,
}

impl JsonError {
    /// A stable snake_case code: `empty_document`, `unexpected_character`, `unexpected_end`,
    /// `expected_comma_or_close`, `expected_colon`, `expected_key`, `trailing_comma`,
    /// `unterminated_string`, `control_character`, `invalid_escape`, `invalid_unicode_escape`,
    /// `lone_surrogate`, `invalid_number`, `invalid_literal`, `single_quotes`, `comment`,
    /// `byte_order_mark`, `too_deep`, `trailing_characters`, `too_large`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    fn new(text: &str, offset: usize, code: &'static str, message: String) -> JsonError {
        let (line, column) = line_column(text, offset);
        JsonError {
            offset,
            line,
            column,
            message,
            code,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut cut = offset.min(text.len());
    while !text.is_char_boundary(cut) {
        cut = cut.saturating_sub(1);
    }
    let before = text.get(..cut).unwrap_or("");
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Parses a JSON text strictly (RFC 8259): one value, surrounded only by JSON whitespace; no
/// comments, trailing commas, single quotes, `NaN` or byte order mark. Never panics.
pub fn parse(text: &str) -> Result<Document, JsonError> {
    if let Err(e) = crate::check_size(text) {
        return Err(JsonError::new(text, 0, "too_large", e.to_string()));
    }
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        path: Vec::new(),
        duplicates: Vec::new(),
    };
    if text.starts_with('\u{feff}') {
        return Err(p.error(
            0,
            "byte_order_mark",
            "the text starts with a byte order mark (U+FEFF), which JSON does not allow".into(),
        ));
    }
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Err(p.error(
            p.pos,
            "empty_document",
            "the text is empty; expected a JSON value".into(),
        ));
    }
    let root = p.value(0, &Ctx::Root)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.unexpected(
            p.pos,
            "trailing_characters",
            "expected the end of the text after the JSON value",
        ));
    }
    Ok(Document {
        root,
        duplicates: p.duplicates,
    })
}

/// Where a value sits, for messages.
enum Ctx<'k> {
    Root,
    Member(&'k str),
    Element(usize),
}

impl Ctx<'_> {
    fn describe(&self) -> String {
        match self {
            Ctx::Root => "a JSON value".into(),
            Ctx::Member(key) => format!("a value for {}", quoted(key)),
            Ctx::Element(i) => format!("item {} of the array", i + 1),
        }
    }
}

/// A member name in double quotes for a message, shortened if long.
fn quoted(key: &str) -> String {
    let short: String = key.chars().take(40).collect();
    if short.len() < key.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{key}\"")
    }
}

/// Escapes one JSON Pointer reference token (RFC 6901 §3).
fn pointer_token(key: &str) -> String {
    // Nearly every key has neither character: one scan and one copy (called for every member).
    if !key.bytes().any(|b| b == b'~' || b == b'/') {
        return key.to_owned();
    }
    key.replace('~', "~0").replace('/', "~1")
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The steps from the root to the container being parsed. Only a duplicate needs them as a
    /// JSON Pointer, so they are kept as positions and written out then (per member, building
    /// the pointer token cost an allocation and, per array item, a number formatted).
    path: Vec<Step>,
    duplicates: Vec<Duplicate>,
}

/// One step of [`Parser::path`].
#[derive(Clone, Copy)]
enum Step {
    /// Into the member whose name starts (at its opening quote) at this byte offset.
    Member(usize),
    /// Into the array item with this index.
    Item(usize),
}

/// How many members an object may have before its duplicate check uses a hash map instead of
/// comparing each new name with every earlier one (cheaper for the small objects of most
/// tokens; the map keeps large objects linear).
const SCAN_MEMBERS: usize = 8;

impl<'a> Parser<'a> {
    fn error(&self, offset: usize, code: &'static str, message: String) -> JsonError {
        JsonError::new(self.text, offset, code, message)
    }

    // Called for nearly every byte; at the engine's `opt-level = "z"` it was not inlined (a
    // sixth of parsing a 4 KB token's JSON went to the calls).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The error for finding something else than `expected` at `at`, with specific messages for
    /// the usual mistakes (comments, single quotes, end of text).
    fn unexpected(&self, at: usize, code: &'static str, expected: &str) -> JsonError {
        let Some(ch) = self.char_at(at) else {
            return self.error(
                at,
                "unexpected_end",
                format!("{expected}, but the text ended"),
            );
        };
        let next = self.bytes.get(at + 1).copied();
        if ch == '/' && matches!(next, Some(b'/' | b'*')) {
            return self.error(at, "comment", "comments are not allowed in JSON".into());
        }
        if ch == '\'' {
            return self.error(
                at,
                "single_quotes",
                format!("{expected}, found a single quote; JSON strings and member names use double quotes"),
            );
        }
        self.error(at, code, format!("{expected}, found {}", describe_char(ch)))
    }

    fn path_pointer(&mut self) -> String {
        let resume = self.pos;
        let mut s = String::new();
        for i in 0..self.path.len() {
            s.push('/');
            match self.path[i] {
                Step::Member(at) => {
                    // The name was read once already: reading it again cannot fail.
                    self.pos = at;
                    let key = self.string().unwrap_or_default();
                    s.push_str(&pointer_token(&key));
                }
                Step::Item(index) => s.push_str(&index.to_string()),
            }
        }
        self.pos = resume;
        s
    }

    /// A member name as a key for the duplicate check: its source text between the quotes when
    /// it has no escape (then that text is the name), else the name itself.
    fn name_key(&self, key: &str, span: Span) -> Cow<'a, str> {
        match self.text.get(span.start + 1..span.end.saturating_sub(1)) {
            Some(raw) if !raw.contains('\\') => Cow::Borrowed(raw),
            _ => Cow::Owned(key.to_owned()),
        }
    }

    fn value(&mut self, depth: usize, ctx: &Ctx<'_>) -> Result<Node, JsonError> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b) if b.is_ascii_alphabetic() => self.literal()?,
            _ => {
                return Err(self.unexpected(
                    start,
                    "unexpected_character",
                    &format!("expected {}", ctx.describe()),
                ))
            }
        };
        Ok(Node {
            value,
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    fn too_deep(&self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            Err(self.error(
                self.pos,
                "too_deep",
                format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"),
            ))
        } else {
            Ok(())
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.too_deep(depth)?;
        self.pos += 1; // '{'
        let mut members: Vec<Member> = Vec::new();
        // Built once the object has more than `SCAN_MEMBERS` members.
        let mut seen: HashMap<Cow<'a, str>, usize> = HashMap::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            // At a member name (after '{' or ',' and whitespace).
            let key_start = self.pos;
            if self.peek() != Some(b'"') {
                return Err(self.unexpected(
                    key_start,
                    "expected_key",
                    "expected a member name in double quotes",
                ));
            }
            let key = self.string()?;
            let key_span = Span {
                start: key_start,
                end: self.pos,
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected(
                    self.pos,
                    "expected_colon",
                    &format!("expected ':' after the member name {}", quoted(&key)),
                ));
            }
            self.pos += 1;
            self.skip_ws();
            self.path.push(Step::Member(key_start));
            let value = self.value(depth, &Ctx::Member(&key))?;
            self.path.pop();
            if members.len() == SCAN_MEMBERS {
                for (i, m) in members.iter().enumerate() {
                    seen.entry(self.name_key(&m.key, m.key_span)).or_insert(i);
                }
            }
            let first = if members.len() < SCAN_MEMBERS {
                members.iter().position(|m| m.key == key)
            } else {
                let name = self.name_key(&key, key_span);
                match seen.get(&name) {
                    Some(&i) => Some(i),
                    None => {
                        seen.insert(name, members.len());
                        None
                    }
                }
            };
            if let Some(first) = first.and_then(|i| members.get(i)) {
                let (first_span, first_value) = (first.key_span, first.value.span);
                let path = self.path_pointer();
                self.duplicates.push(Duplicate {
                    key: key.clone(),
                    path,
                    first: first_span,
                    second: key_span,
                    first_value: first_value.of(self.text).to_owned(),
                    second_value: value.span.of(self.text).to_owned(),
                });
            }
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        return Err(self.error(
                            comma,
                            "trailing_comma",
                            "trailing comma: a ',' must be followed by another member, not '}'"
                                .into(),
                        ));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    let last = members.last().map_or("", |m| m.key.as_str());
                    return Err(self.unexpected(
                        self.pos,
                        "expected_comma_or_close",
                        &format!("expected ',' or '}}' after the value of {}", quoted(last)),
                    ));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.too_deep(depth)?;
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            let index = items.len();
            self.path.push(Step::Item(index));
            let item = self.value(depth, &Ctx::Element(index))?;
            self.path.pop();
            items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        return Err(self.error(
                            comma,
                            "trailing_comma",
                            "trailing comma: a ',' must be followed by another item, not ']'"
                                .into(),
                        ));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(self.unexpected(
                        self.pos,
                        "expected_comma_or_close",
                        &format!("expected ',' or ']' after item {} of the array", index + 1),
                    ))
                }
            }
        }
    }

    /// Parses a string starting at the opening quote; leaves `pos` after the closing quote.
    fn string(&mut self) -> Result<String, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chunk = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error(
                    open,
                    "unterminated_string",
                    "unterminated string: the closing '\"' is missing".into(),
                ));
            };
            match b {
                b'"' => {
                    out.push_str(self.text.get(chunk..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(chunk..self.pos).unwrap_or(""));
                    self.escape(open, &mut out)?;
                    chunk = self.pos;
                }
                0x00..=0x1f => {
                    let hint = match b {
                        b'\n' => " (escape it as \\n; the closing '\"' may be missing)",
                        b'\r' => " (escape it as \\r)",
                        b'\t' => " (escape it as \\t)",
                        _ => "",
                    };
                    return Err(self.error(
                        self.pos,
                        "control_character",
                        format!("control character U+{b:04X} in a string{hint}"),
                    ));
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Parses one escape at `pos` (a backslash), appending the character to `out`.
    fn escape(&mut self, open: usize, out: &mut String) -> Result<(), JsonError> {
        let at = self.pos;
        let simple = match self.bytes.get(at + 1).copied() {
            None => {
                return Err(self.error(
                    open,
                    "unterminated_string",
                    "unterminated string: the closing '\"' is missing".into(),
                ))
            }
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4(at)?;
                let ch = match unit {
                    0xD800..=0xDBFF => {
                        let low = if self.bytes.get(at + 6) == Some(&b'\\')
                            && self.bytes.get(at + 7) == Some(&b'u')
                        {
                            self.hex4(at + 6).ok()
                        } else {
                            None
                        };
                        match low {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                self.pos = at + 12;
                                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                char::from_u32(c).unwrap_or('\u{fffd}')
                            }
                            _ => {
                                return Err(self.error(
                                    at,
                                    "lone_surrogate",
                                    format!("lone surrogate \\u{unit:04X}: a high surrogate must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)"),
                                ))
                            }
                        }
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.error(
                            at,
                            "lone_surrogate",
                            format!("lone surrogate \\u{unit:04X}: a low surrogate must follow a high surrogate escape (\\uD800 to \\uDBFF)"),
                        ))
                    }
                    _ => {
                        self.pos = at + 6;
                        char::from_u32(unit).unwrap_or('\u{fffd}')
                    }
                };
                out.push(ch);
                return Ok(());
            }
            Some(_) => {
                let ch = self.char_at(at + 1).unwrap_or('\u{fffd}');
                let shown = if ch.is_control() || ch.is_whitespace() {
                    describe_char(ch)
                } else {
                    format!("'\\{ch}'")
                };
                return Err(self.error(
                    at,
                    "invalid_escape",
                    format!("invalid escape {shown} in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"),
                ));
            }
        };
        out.push(simple);
        self.pos = at + 2;
        Ok(())
    }

    /// Reads the four hex digits of a `\u` escape whose backslash is at `at`.
    fn hex4(&self, at: usize) -> Result<u32, JsonError> {
        let digits = self.bytes.get(at + 2..at + 6);
        let value = digits.and_then(|d| {
            d.iter().try_fold(0u32, |acc, &b| {
                char::from(b).to_digit(16).map(|v| (acc << 4) | v)
            })
        });
        value.ok_or_else(|| {
            self.error(
                at,
                "invalid_unicode_escape",
                "invalid unicode escape: \\u must be followed by four hex digits".into(),
            )
        })
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error(
                        start,
                        "invalid_number",
                        "numbers cannot have leading zeros".into(),
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => {
                return Err(self.unexpected(
                    self.pos,
                    "invalid_number",
                    "expected a digit after '-'",
                ))
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected(
                    self.pos,
                    "invalid_number",
                    "expected a digit after the decimal point",
                ));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected(
                    self.pos,
                    "invalid_number",
                    "expected a digit in the exponent",
                ));
            }
        }
        Ok(Value::Number(
            self.text.get(start..self.pos).unwrap_or("").to_owned(),
        ))
    }

    fn literal(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let mut end = start;
        while let Some(b) = self.bytes.get(end) {
            if b.is_ascii_alphanumeric() || *b == b'_' {
                end += 1;
            } else {
                break;
            }
        }
        let word = self.text.get(start..end).unwrap_or("");
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => {
                let shown: String = word.chars().take(24).collect();
                let ell = if shown.len() < word.len() { "…" } else { "" };
                return Err(self.error(
                    start,
                    "invalid_literal",
                    format!("invalid literal '{shown}{ell}': JSON only knows true, false and null (lower case), and strings need double quotes"),
                ));
            }
        };
        self.pos = end;
        Ok(value)
    }
}

/// The class of a highlighted token, for syntax colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A string used as a member name (followed by `:`).
    Key,
    /// Any other string (also an unterminated one, up to the end of its line).
    String,
    /// A number (also a malformed one such as `01` or `1.`).
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// `{ } [ ] : ,`.
    Punct,
    /// Anything else: unknown words, stray characters.
    Invalid,
}

/// Splits text into coloured tokens, tolerating broken JSON: it never fails, never panics, runs
/// in linear time, and its spans are ascending, non-overlapping and on character boundaries.
/// Whitespace is not reported.
pub fn highlight(text: &str) -> Vec<(Span, TokenClass)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        let start = pos;
        let class = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                pos += 1;
                continue;
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                pos += 1;
                TokenClass::Punct
            }
            b'"' => {
                pos += 1;
                while let Some(&c) = bytes.get(pos) {
                    match c {
                        b'"' => {
                            pos += 1;
                            break;
                        }
                        // An escape covers the next byte, unless that is a line break.
                        b'\\' if !matches!(bytes.get(pos + 1), None | Some(b'\n' | b'\r')) => {
                            pos += 2
                        }
                        b'\n' | b'\r' => break,
                        _ => pos += 1,
                    }
                }
                // `pos` may sit after a backslash escape of a multibyte character's first byte:
                // move to the next character boundary.
                while pos < bytes.len() && !text.is_char_boundary(pos) {
                    pos += 1;
                }
                let mut after = pos;
                while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(after) {
                    after += 1;
                }
                if bytes.get(after) == Some(&b':') {
                    TokenClass::Key
                } else {
                    TokenClass::String
                }
            }
            b'-' | b'0'..=b'9' => {
                pos += 1;
                while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = bytes.get(pos) {
                    pos += 1;
                }
                TokenClass::Number
            }
            _ if b.is_ascii_alphabetic() => {
                while bytes
                    .get(pos)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    pos += 1;
                }
                match text.get(start..pos) {
                    Some("true" | "false") => TokenClass::Bool,
                    Some("null") => TokenClass::Null,
                    _ => TokenClass::Invalid,
                }
            }
            _ => {
                // One stray character (possibly multibyte).
                pos += text
                    .get(pos..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                TokenClass::Invalid
            }
        };
        out.push((Span { start, end: pos }, class));
    }
    out
}

/// Pretty-prints a value with a two-space indent, members in their original order.
pub fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn err(text: &str) -> JsonError {
        parse(text).expect_err(text)
    }

    fn ok(text: &str) -> Document {
        parse(text).expect(text)
    }

    fn members(node: &Node) -> &[Member] {
        match &node.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
        .expect("an object")
    }

    fn items(node: &Node) -> &[Node] {
        match &node.value {
            Value::Array(i) => Some(i),
            _ => None,
        }
        .expect("an array")
    }

    #[test]
    fn values_carry_their_source_spans() {
        let text = r#"{ "a": [1, "x", true, null], "b": {"c": -1.5e3} }"#;
        let doc = ok(text);
        assert_eq!(
            doc.root.span,
            Span {
                start: 0,
                end: text.len()
            }
        );
        let members = members(&doc.root);
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_span.of(text), "\"a\"");
        assert_eq!(members[0].value.span.of(text), r#"[1, "x", true, null]"#);
        let items = items(&members[0].value);
        assert_eq!(items[1].span.of(text), "\"x\"");
        assert_eq!(items[2].value, Value::Bool(true));
        let c = doc.root.get("b").and_then(|b| b.get("c")).expect("b.c");
        assert_eq!(c.value, Value::Number("-1.5e3".into()));
        assert_eq!(c.span.of(text), "-1.5e3");
    }

    #[test]
    fn duplicates_are_reported_with_both_values_and_the_last_wins_in_serde() {
        let text = r#"{"sub":"alice","x":{"k":1,"k":2},"sub":"admin"}"#;
        let doc = ok(text);
        assert_eq!(doc.duplicates.len(), 2);
        let inner = &doc.duplicates[0];
        assert_eq!(inner.key, "k");
        assert_eq!(inner.path, "/x");
        assert_eq!(inner.first_value, "1");
        assert_eq!(inner.second_value, "2");
        let outer = &doc.duplicates[1];
        assert_eq!(outer.key, "sub");
        assert_eq!(outer.path, "");
        assert_eq!(outer.first.of(text), "\"sub\"");
        assert_eq!(outer.first.start, 1);
        assert_eq!(outer.second.of(text), "\"sub\"");
        assert_eq!(outer.first_value, "\"alice\"");
        assert_eq!(outer.second_value, "\"admin\"");
        let v = doc.to_serde();
        assert_eq!(v["sub"], "admin");
        assert_eq!(v["x"]["k"], 2);
        // Position of the first occurrence is kept, as JSON.parse does.
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["sub", "x"]);
    }

    #[test]
    fn duplicate_paths_are_json_pointers_with_escapes() {
        let doc = ok(r#"{"a/b":[{"t~":{"z":1,"z":2}}]}"#);
        assert_eq!(doc.duplicates[0].path, "/a~1b/0/t~0");
    }

    #[test]
    fn a_name_three_times_is_reported_twice_against_the_first() {
        let doc = ok(r#"{"a":1,"a":2,"a":3}"#);
        let seconds: Vec<&str> = doc
            .duplicates
            .iter()
            .map(|d| d.second_value.as_str())
            .collect();
        assert_eq!(seconds, ["2", "3"]);
        assert!(doc.duplicates.iter().all(|d| d.first_value == "1"));
        assert_eq!(doc.to_serde()["a"], 3);
    }

    #[test]
    fn duplicates_in_large_objects_are_found_whether_escaped_or_not() {
        // Past `SCAN_MEMBERS` members the check uses a map: names written with escapes must
        // still meet their plain twins, each later one against the first.
        let mut text = String::from(r#"{"list":[0,{"#);
        for i in 0..20 {
            text.push_str(&format!("\"m{i}\":{i},"));
        }
        text.push_str(r#""m3":"again","\u006d3":"escaped","m\/x":1,"m/x":2,"m19":true}]}"#);
        let doc = ok(&text);
        let found: Vec<(&str, &str, &str, &str)> = doc
            .duplicates
            .iter()
            .map(|d| {
                (
                    d.key.as_str(),
                    d.path.as_str(),
                    d.first_value.as_str(),
                    d.second_value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("m3", "/list/1", "3", "\"again\""),
                ("m3", "/list/1", "3", "\"escaped\""),
                ("m/x", "/list/1", "1", "2"),
                ("m19", "/list/1", "19", "true"),
            ]
        );
        // A duplicate among a large object's first members, with an escaped name in the path.
        let mut text = String::from(r#"{"a\/b":{"k":1,"k":2"#);
        for i in 0..12 {
            text.push_str(&format!(",\"n{i}\":{i}"));
        }
        text.push_str(r#","k":3}}"#);
        let doc = ok(&text);
        assert_eq!(doc.duplicates.len(), 2);
        assert!(doc
            .duplicates
            .iter()
            .all(|d| d.path == "/a~1b" && d.first_value == "1"));
        assert_eq!(doc.to_serde()["a/b"]["k"], 3);
    }

    #[test]
    fn nesting_up_to_the_limit_parses_and_deeper_is_an_error() {
        let ok_text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        ok(&ok_text);
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = err(&deep);
        assert_eq!(e.code(), "too_deep");
        assert_eq!(e.offset, MAX_DEPTH);
        // Far deeper input must not overflow the stack either.
        let huge = "[{\"a\":".repeat(100_000);
        assert_eq!(err(&huge).code(), "too_deep");
    }

    #[test]
    fn unicode_escapes_including_surrogate_pairs_are_decoded() {
        let doc = ok(r#"["\u00e9\u20AC\ud83d\ude00 \"\\\/\b\f\n\r\t"]"#);
        let v = doc.to_serde();
        assert_eq!(v[0], "é€😀 \"\\/\u{8}\u{c}\n\r\t");
        // Raw (unescaped) non-ASCII passes through.
        assert_eq!(ok("\"äö😀\"").to_serde(), "äö😀");
    }

    #[test]
    fn lone_surrogates_are_errors_at_the_escape() {
        let e = err(r#"["ab\ud83d"]"#);
        assert_eq!(e.code(), "lone_surrogate");
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("\\uD83D"), "{}", e.message);
        assert_eq!(err(r#"["\ude00"]"#).code(), "lone_surrogate");
        assert_eq!(err(r#"["\ud83d\u0041"]"#).code(), "lone_surrogate");
        assert_eq!(err(r#"["\ud83dx"]"#).code(), "lone_surrogate");
    }

    #[test]
    fn every_error_kind_has_its_code_offset_and_a_sentence() {
        let cases: &[(&str, &str, usize, &str)] = &[
            ("", "empty_document", 0, "the text is empty"),
            ("  \n ", "empty_document", 4, "the text is empty"),
            ("\u{feff}{}", "byte_order_mark", 0, "byte order mark"),
            (
                "{\"exp\": 1 \"nbf\": 2}",
                "expected_comma_or_close",
                10,
                "expected ',' or '}' after the value of \"exp\", found '\"'",
            ),
            (
                "[1 2]",
                "expected_comma_or_close",
                3,
                "expected ',' or ']' after item 1 of the array",
            ),
            ("{\"a\":1", "unexpected_end", 6, "but the text ended"),
            (
                "{\"a\" 1}",
                "expected_colon",
                5,
                "expected ':' after the member name \"a\"",
            ),
            (
                "{a:1}",
                "expected_key",
                1,
                "expected a member name in double quotes, found 'a'",
            ),
            ("{\"a\":1,}", "trailing_comma", 6, "trailing comma"),
            ("[1,]", "trailing_comma", 2, "trailing comma"),
            ("\"abc", "unterminated_string", 0, "unterminated string"),
            ("\"ab\\", "unterminated_string", 0, "unterminated string"),
            (
                "\"a\nb\"",
                "control_character",
                2,
                "control character U+000A in a string",
            ),
            ("\"\\x\"", "invalid_escape", 1, "invalid escape '\\x'"),
            (
                "\"\\u12G4\"",
                "invalid_unicode_escape",
                1,
                "four hex digits",
            ),
            ("\"\\u12\"", "invalid_unicode_escape", 1, "four hex digits"),
            ("01", "invalid_number", 0, "leading zeros"),
            ("-", "unexpected_end", 1, "expected a digit after '-'"),
            (
                "-a",
                "invalid_number",
                1,
                "expected a digit after '-', found 'a'",
            ),
            ("1.", "unexpected_end", 2, "after the decimal point"),
            ("1.e3", "invalid_number", 2, "after the decimal point"),
            ("1e+", "unexpected_end", 3, "in the exponent"),
            ("tru", "invalid_literal", 0, "invalid literal 'tru'"),
            ("True", "invalid_literal", 0, "lower case"),
            ("NaN", "invalid_literal", 0, "invalid literal 'NaN'"),
            ("{'a':1}", "single_quotes", 1, "double quotes"),
            ("[1] // c", "comment", 4, "comments are not allowed"),
            ("/* c */ 1", "comment", 0, "comments are not allowed"),
            (
                "{} x",
                "trailing_characters",
                3,
                "expected the end of the text",
            ),
            (
                "[,1]",
                "unexpected_character",
                1,
                "expected item 1 of the array, found ','",
            ),
            (
                "{\"a\":}",
                "unexpected_character",
                5,
                "expected a value for \"a\", found '}'",
            ),
            (
                "+1",
                "unexpected_character",
                0,
                "expected a JSON value, found '+'",
            ),
            (
                "[\u{a0}1]",
                "unexpected_character",
                1,
                "U+00A0 (no-break space)",
            ),
        ];
        for (i, (text, code, offset, message)) in cases.iter().enumerate() {
            let e = err(text);
            assert_eq!(e.code(), *code, "case {i} {text:?}: {e}");
            assert_eq!(e.offset, *offset, "case {i} {text:?}: {e}");
            assert!(
                e.message.contains(message),
                "case {i} {text:?}: {}",
                e.message
            );
            assert!(
                !e.message.contains('\n'),
                "case {i}: raw newline in message"
            );
        }
    }

    #[test]
    fn input_over_the_size_limit_is_refused_without_parsing() {
        let e = err(&" ".repeat(crate::MAX_INPUT_BYTES + 1));
        assert_eq!(e.code(), "too_large");
        assert_eq!(e.offset, 0);
    }

    #[test]
    fn error_positions_have_lines_and_character_columns() {
        let e = err("{\n  \"ä\": 1,\n  \"b\" 2\n}");
        assert_eq!((e.line, e.column), (3, 7));
        assert_eq!(e.to_string(), format!("{} (line 3, column 7)", e.message));
        let e = err("[\"äöü\" x]");
        assert_eq!(e.offset, 10);
        assert_eq!((e.line, e.column), (1, 8));
    }

    #[test]
    fn numbers_convert_to_serde_keeping_big_integers_exact_where_possible() {
        let v = ok("[18446744073709551615, -9223372036854775808, 1e400, 0.5, -0]").to_serde();
        assert_eq!(v[0].as_u64(), Some(u64::MAX));
        assert_eq!(v[1].as_i64(), Some(i64::MIN));
        assert_eq!(v[2], "1e400");
        assert_eq!(v[3].as_f64(), Some(0.5));
        assert!(v[4].is_number());
    }

    #[test]
    fn pretty_uses_two_spaces_and_keeps_member_order() {
        let v = ok(r#"{"z":1,"a":[true]}"#).to_serde();
        assert_eq!(pretty(&v), "{\n  \"z\": 1,\n  \"a\": [\n    true\n  ]\n}");
    }

    #[test]
    fn highlight_classifies_keys_strings_and_literals() {
        let text = r#"{"a": "b", "n": -1.5, "t": true, "z": null}"#;
        let classes: Vec<(&str, TokenClass)> = highlight(text)
            .into_iter()
            .map(|(s, c)| (s.of(text), c))
            .collect();
        use TokenClass::*;
        assert_eq!(
            classes,
            [
                ("{", Punct),
                ("\"a\"", Key),
                (":", Punct),
                ("\"b\"", String),
                (",", Punct),
                ("\"n\"", Key),
                (":", Punct),
                ("-1.5", Number),
                (",", Punct),
                ("\"t\"", Key),
                (":", Punct),
                ("true", Bool),
                (",", Punct),
                ("\"z\"", Key),
                (":", Punct),
                ("null", Null),
                ("}", Punct),
            ]
        );
    }

    #[test]
    fn highlight_tolerates_broken_json() {
        let text = "{\"a\": \"unterminated\n  \"b\" : nope, ä 'x' \"\\";
        let tokens = highlight(text);
        let classes: Vec<(&str, TokenClass)> =
            tokens.iter().map(|(s, c)| (s.of(text), *c)).collect();
        assert_eq!(classes[3], ("\"unterminated", TokenClass::String));
        assert_eq!(classes[4], ("\"b\"", TokenClass::Key));
        assert_eq!(classes[6], ("nope", TokenClass::Invalid));
        assert_eq!(classes[8], ("ä", TokenClass::Invalid));
        assert_eq!(classes.last(), Some(&("\"\\", TokenClass::String)));
        let mut prev = 0;
        for (span, _) in &tokens {
            assert!(span.start >= prev && span.end > span.start);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            prev = span.end;
        }
    }

    #[test]
    fn highlight_of_an_escaped_multibyte_character_stays_on_boundaries() {
        let text = "\"\\ä";
        let tokens = highlight(text);
        assert_eq!(
            tokens,
            [(
                Span {
                    start: 0,
                    end: text.len()
                },
                TokenClass::String
            )]
        );
    }

    #[test]
    fn highlight_is_linear_on_pathological_input() {
        let text = "\"a\"".to_owned() + &" ".repeat(200_000) + "x";
        let tokens = highlight(&text);
        assert_eq!(tokens.len(), 2);
        let many = "\"\" ".repeat(100_000);
        assert_eq!(highlight(&many).len(), 100_000);
    }
}
