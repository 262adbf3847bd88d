//! YAML, read once with positions, into typed records that report every problem of a file.
//!
//! The text is parsed by yaml-rust2's event parser into a [`Node`] tree that keeps each value's
//! line and column; records are deserialized from the tree with serde. A value that does not
//! fit (a bad date, a typo in a key) is reported at its own position and taken out of the tree,
//! and the record is read again, so that one run reports all of a file's problems, not the first.
//!
//! Hostile input is bounded: nesting deeper than [`MAX_DEPTH`], aliases that expand to more than
//! [`MAX_ALIAS_NODES`] values (an "alias bomb") and duplicate keys are placed errors.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Deserialize;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::Position;

/// Nesting deeper than this is refused: no record needs it, and it bounds recursion.
pub const MAX_DEPTH: usize = 64;
/// Values that aliases may add to one file, in all.
pub const MAX_ALIAS_NODES: usize = 10_000;
/// A file stops being read again after this many problems: the rest may be consequences.
const MAX_PROBLEMS: usize = 50;

/// A problem in the YAML text, at its place in the text (not yet shifted to the file).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub at: Position,
    pub message: String,
}

/// How a scalar was written: quoted text is always a string, plain text may be a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
}

#[derive(Clone, Debug)]
pub enum Value {
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub key_at: Position,
    pub value: Node,
}

/// A YAML value with the position where it starts.
#[derive(Clone, Debug)]
pub struct Node {
    pub at: Position,
    pub value: Value,
    /// Unique in its tree: how a value that failed is found again to be taken out.
    id: u32,
}

impl Node {
    fn null(at: Position) -> Node {
        Node {
            at,
            value: Value::Scalar(String::new(), Style::Plain),
            id: u32::MAX,
        }
    }

    /// The value of `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s, Style::Plain) if is_null(s))
    }

    /// Position of the value at a dotted path (`teams.payments.oncall.0`), and of its key when
    /// it has one; of the nearest ancestor on the path when the path goes further than the tree.
    /// Keys that contain dots are matched whole.
    pub fn locate(&self, path: &str) -> (Position, Option<Position>) {
        let (mut node, mut key_at, mut rest) = (self, None, path);
        while !rest.is_empty() {
            let step = match &node.value {
                Value::Map(entries) => entries
                    .iter()
                    .filter(|e| {
                        rest == e.key
                            || rest
                                .strip_prefix(e.key.as_str())
                                .is_some_and(|r| r.starts_with('.'))
                    })
                    .max_by_key(|e| e.key.len())
                    .map(|e| (&e.value, Some(e.key_at), &rest[e.key.len()..])),
                Value::Seq(items) => {
                    let (index, after) = rest.split_once('.').unwrap_or((rest, ""));
                    let item = index.parse::<usize>().ok().and_then(|i| items.get(i));
                    item.map(|n| {
                        (
                            n,
                            None,
                            if after.is_empty() {
                                ""
                            } else {
                                &rest[index.len()..]
                            },
                        )
                    })
                }
                Value::Scalar(..) => None,
            };
            match step {
                Some((next, key, after)) => {
                    node = next;
                    key_at = key;
                    rest = after.strip_prefix('.').unwrap_or(after);
                }
                None => return (node.at, None),
            }
        }
        (node.at, key_at)
    }
}

/// Plain scalars that mean "no value" (YAML 1.2 core schema).
fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// A marker's place in the file, for a text that starts on the file's line `first_line`.
fn position(mark: Marker, first_line: usize) -> Position {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Position::new(mark.line() + first_line - 1, mark.col() + 1)
}

enum Open {
    Seq(Node, usize),
    /// A mapping, its anchor, and the key read but whose value is not complete yet.
    Map(Node, usize, Option<(String, Position)>),
}

struct Builder {
    next_id: u32,
    stack: Vec<Open>,
    anchors: Vec<(usize, Node, usize)>,
    alias_nodes: usize,
    problems: Vec<Problem>,
}

fn count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Scalar(..) => 0,
        Value::Seq(items) => items.iter().map(count).sum(),
        Value::Map(entries) => entries.iter().map(|e| count(&e.value)).sum(),
    }
}

impl Builder {
    fn id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }

    fn renumber(&mut self, node: &mut Node) {
        node.id = self.id();
        match &mut node.value {
            Value::Scalar(..) => {}
            Value::Seq(items) => items.iter_mut().for_each(|n| self.renumber(n)),
            Value::Map(entries) => entries.iter_mut().for_each(|e| self.renumber(&mut e.value)),
        }
    }

    /// A value is complete: it goes into its parent, or is the document.
    fn complete(&mut self, node: Node, anchor: usize) -> Result<Option<Node>, Problem> {
        if anchor > 0 {
            let size = count(&node);
            self.anchors.push((anchor, node.clone(), size));
        }
        match self.stack.last_mut() {
            None => Ok(Some(node)),
            Some(Open::Seq(seq, _)) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
                Ok(None)
            }
            Some(Open::Map(map, _, pending)) => match pending.take() {
                None => {
                    let Value::Scalar(key, _) = node.value else {
                        return Err(Problem {
                            at: node.at,
                            message: "a key must be plain text (expected `key: value`)".into(),
                        });
                    };
                    // The parser's mark for a block mapping can sit after its first key; the
                    // first key is where a reader sees the mapping begin.
                    if let Value::Map(entries) = &map.value {
                        if entries.is_empty() && node.at < map.at {
                            map.at = node.at;
                        }
                    }
                    *pending = Some((key, node.at));
                    Ok(None)
                }
                Some((key, key_at)) => {
                    if let Value::Map(entries) = &mut map.value {
                        if let Some(first) = entries.iter().find(|e| e.key == key) {
                            self.problems.push(Problem {
                                at: key_at,
                                message: format!(
                                    "`{key}` is given twice in one mapping (first on line {}; expected each key once)",
                                    first.key_at.line
                                ),
                            });
                        } else {
                            entries.push(Entry {
                                key,
                                key_at,
                                value: node,
                            });
                        }
                    }
                    Ok(None)
                }
            },
        }
    }
}

fn check_tag(tag: &Option<Tag>, at: Position) -> Result<bool, Problem> {
    let Some(tag) = tag else { return Ok(false) };
    if tag.handle == "tag:yaml.org,2002:" {
        return match tag.suffix.as_str() {
            "str" => Ok(true),
            "int" | "float" | "bool" | "null" | "map" | "seq" => Ok(false),
            other => Err(Problem {
                at,
                message: format!("unsupported YAML tag `!!{other}` (expected plain values)"),
            }),
        };
    }
    Err(Problem {
        at,
        message: format!(
            "unsupported YAML tag `{}{}` (expected plain values without tags)",
            tag.handle, tag.suffix
        ),
    })
}

/// The documents of a YAML text that starts on line `first_line` of its file (positions are
/// the file's), its problems, and whether it was read to the end. A syntax
/// error ends the text there: the documents before it are returned with the problem. Duplicate
/// keys are problems too, but do not stop the reading.
pub fn parse(text: &str, first_line: usize) -> (Vec<Node>, Vec<Problem>, bool) {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        next_id: 0,
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_nodes: 0,
        problems: Vec::new(),
    };
    let mut docs = Vec::new();
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(e) => e,
            Err(e) => {
                b.problems.push(Problem {
                    at: position(*e.marker(), first_line),
                    message: syntax_message(e.info()),
                });
                return (docs, b.problems, false);
            }
        };
        let at = position(mark, first_line);
        let done = match event {
            Event::StreamEnd => return (docs, b.problems, true),
            Event::DocumentStart => {
                b.anchors.clear();
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_string = match check_tag(&tag, at) {
                    Ok(s) => s,
                    Err(p) => {
                        b.problems.push(p);
                        return (docs, b.problems, false);
                    }
                };
                let style = match style {
                    TScalarStyle::Plain if !forced_string => Style::Plain,
                    _ => Style::Quoted,
                };
                let id = b.id();
                let node = Node {
                    at,
                    value: Value::Scalar(text, style),
                    id,
                };
                b.complete(node, anchor)
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if let Err(p) = check_tag(tag, at) {
                    b.problems.push(p);
                    return (docs, b.problems, false);
                }
                if b.stack.len() >= MAX_DEPTH {
                    b.problems.push(Problem {
                        at,
                        message: format!(
                            "values are nested more than {MAX_DEPTH} levels deep (expected a record's fields)"
                        ),
                    });
                    return (docs, b.problems, false);
                }
                let id = b.id();
                let is_seq = matches!(event, Event::SequenceStart(..));
                let node = Node {
                    at,
                    value: if is_seq {
                        Value::Seq(Vec::new())
                    } else {
                        Value::Map(Vec::new())
                    },
                    id,
                };
                b.stack.push(if is_seq {
                    Open::Seq(node, anchor)
                } else {
                    Open::Map(node, anchor, None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match b.stack.pop() {
                Some(Open::Seq(node, anchor)) | Some(Open::Map(node, anchor, _)) => {
                    b.complete(node, anchor)
                }
                None => continue,
            },
            Event::Alias(anchor) => {
                let Some((_, node, size)) = b.anchors.iter().rev().find(|(a, ..)| *a == anchor)
                else {
                    b.problems.push(Problem {
                        at,
                        message: "alias to an unknown anchor (expected `*name` after `&name`)"
                            .into(),
                    });
                    return (docs, b.problems, false);
                };
                let (mut node, size) = (node.clone(), *size);
                b.alias_nodes += size;
                if b.alias_nodes > MAX_ALIAS_NODES {
                    b.problems.push(Problem {
                        at,
                        message: format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} values (expected plain values; a file like this is an alias bomb)"
                        ),
                    });
                    return (docs, b.problems, false);
                }
                b.renumber(&mut node);
                node.at = at;
                b.complete(node, 0)
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
        };
        match done {
            Ok(Some(doc)) => docs.push(doc),
            Ok(None) => {}
            Err(p) => {
                b.problems.push(p);
                return (docs, b.problems, false);
            }
        }
    }
}

/// yaml-rust2's own words, marked as a syntax problem.
fn syntax_message(info: &str) -> String {
    if info.contains("recursion limit") {
        return "values are nested too deeply (expected a record's fields)".into();
    }
    format!("invalid YAML: {info}")
}

/// Deserializes a record from a document, reporting every value that does not fit. Returns the
/// record when there was none; with problems, what could still be read (for more checks) — or
/// nothing, when the problems leave no record.
pub fn from_node<T: de::DeserializeOwned>(doc: &mut Node) -> (Option<T>, Vec<Problem>) {
    let mut problems = Vec::new();
    // Keys taken out because their value was wrong: a "missing field" for them is no news.
    let mut removed: Vec<(u32, String)> = Vec::new();
    loop {
        let error = match T::deserialize(&*doc) {
            Ok(value) => return (Some(value), problems),
            Err(e) => e,
        };
        let (at, target) = error.at.unwrap_or((doc.at, doc.id));
        let suppressed = match &error.kind {
            ErrorKind::MissingField(field) => {
                removed.iter().any(|(m, k)| *m == target && k == field)
            }
            _ => false,
        };
        if !suppressed {
            problems.push(Problem {
                at,
                message: error.message(),
            });
        }
        if problems.len() >= MAX_PROBLEMS {
            problems.push(Problem {
                at,
                message: format!(
                    "stopped after {MAX_PROBLEMS} problems in this file (fix these first)"
                ),
            });
            return (None, problems);
        }
        // The value that failed goes (for an unknown key, its entry), and the record is read
        // again; when the record itself failed, nothing more can be read.
        if target == doc.id || !take(doc, target, &mut removed) {
            return (None, problems);
        }
    }
}

/// Takes the node `id` out of the tree (its entry, in a mapping). False when it is not there.
fn take(node: &mut Node, id: u32, removed: &mut Vec<(u32, String)>) -> bool {
    let parent = node.id;
    match &mut node.value {
        Value::Scalar(..) => false,
        Value::Seq(items) => match items.iter().position(|n| n.id == id) {
            Some(i) => {
                items.remove(i);
                true
            }
            None => items.iter_mut().any(|n| take(n, id, removed)),
        },
        Value::Map(entries) => match entries.iter().position(|e| e.value.id == id) {
            Some(i) => {
                removed.push((parent, entries.remove(i).key));
                true
            }
            None => entries.iter_mut().any(|e| take(&mut e.value, id, removed)),
        },
    }
}

/// Why a value did not deserialize, and where.
#[derive(Debug)]
pub struct Error {
    text: String,
    /// Keys and indexes from the record's root to the value, innermost first.
    path: Vec<String>,
    /// The position and node of the value, set by the innermost node that saw the error.
    at: Option<(Position, u32)>,
    kind: ErrorKind,
}

#[derive(Debug)]
enum ErrorKind {
    Other,
    MissingField(String),
}

impl Error {
    fn new(text: String) -> Error {
        Error {
            text,
            path: Vec::new(),
            at: None,
            kind: ErrorKind::Other,
        }
    }

    fn at(mut self, node: &Node) -> Error {
        self.at.get_or_insert((node.at, node.id));
        self
    }

    fn message(&self) -> String {
        let text = crate::diagnostics::expected_in_parentheses(&self.text);
        if self.path.is_empty() {
            text
        } else {
            let path: Vec<&str> = self.path.iter().rev().map(String::as_str).collect();
            format!("{}: {text}", path.join("."))
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: fmt::Display>(msg: M) -> Error {
        Error::new(msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Error {
        Error::new(format!(
            "invalid type: {}, expected {}",
            unexpected(&unexp),
            expected(&exp.to_string())
        ))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        let list: Vec<String> = expected.iter().map(|f| format!("`{f}`")).collect();
        Error::new(if list.is_empty() {
            format!("unknown field `{field}`, expected no fields")
        } else {
            format!(
                "unknown field `{field}`, expected one of {}",
                list.join(", ")
            )
        })
    }

    fn missing_field(field: &'static str) -> Error {
        let mut e = Error::new(format!("missing field `{field}`"));
        e.kind = ErrorKind::MissingField(field.to_string());
        e
    }
}

fn unexpected(u: &de::Unexpected<'_>) -> String {
    match u {
        de::Unexpected::Unit => "no value".into(),
        de::Unexpected::Str(s) => format!("string \"{s}\""),
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "a mapping".into(),
        other => other.to_string(),
    }
}

/// serde's names for what was expected, in words a person writing YAML knows.
fn expected(serde_name: &str) -> String {
    let whole = |max: &str| format!("a whole number from 0 to {max}");
    match serde_name {
        "u8" => whole("255"),
        "u16" => whole("65535"),
        "u32" => whole("4294967295"),
        "u64" | "usize" => whole("18446744073709551615"),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        "a map" => "a mapping (`key: value` lines)".into(),
        s if s.starts_with("struct ") => "a mapping (`key: value` lines)".into(),
        s => s.to_string(),
    }
}

/// An integer of a plain scalar: decimal, `0x` hex or `0o` octal, with an optional sign.
fn integer(s: &str) -> Option<i128> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i128::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if negative { -value } else { value })
}

/// A float of a plain scalar, YAML 1.2 core schema (`.inf` and `.nan` included).
fn float(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let numeric = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    if numeric && has_digit {
        s.parse().ok()
    } else {
        None
    }
}

fn boolean(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

macro_rules! deserialize_integer {
    ($($method:ident $visit:ident $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                let n = self.integer(stringify!($ty))?;
                match <$ty>::try_from(n) {
                    Ok(v) => visitor.$visit(v.into()).map_err(|e: Error| e.at(self)),
                    Err(_) => Err(Error::new(format!(
                        "{n} is out of range (expected {})",
                        expected(stringify!($ty))
                    ))
                    .at(self)),
                }
            }
        )*
    };
}

impl Node {
    fn scalar(&self) -> Option<(&str, Style)> {
        match &self.value {
            Value::Scalar(s, style) => Some((s, *style)),
            _ => None,
        }
    }

    fn found(&self) -> de::Unexpected<'_> {
        match &self.value {
            Value::Scalar(s, Style::Plain) if is_null(s) => de::Unexpected::Unit,
            Value::Scalar(s, _) => de::Unexpected::Str(s),
            Value::Seq(_) => de::Unexpected::Seq,
            Value::Map(_) => de::Unexpected::Map,
        }
    }

    fn invalid(&self, exp: &str) -> Error {
        <Error as de::Error>::invalid_type(self.found(), &exp).at(self)
    }

    fn integer(&self, ty: &str) -> Result<i128, Error> {
        match self.scalar() {
            Some((s, Style::Plain)) => match integer(s) {
                Some(n) => Ok(n),
                None => Err(self.invalid(ty)),
            },
            _ => Err(self.invalid(ty)),
        }
    }
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Scalar(s, Style::Quoted) => visitor.visit_borrowed_str(s),
            Value::Scalar(s, Style::Plain) => {
                if is_null(s) {
                    visitor.visit_unit()
                } else if let Some(b) = boolean(s) {
                    visitor.visit_bool(b)
                } else if let Some(n) = integer(s) {
                    match (u64::try_from(n), i64::try_from(n)) {
                        (Ok(u), _) => visitor.visit_u64(u),
                        (_, Ok(i)) => visitor.visit_i64(i),
                        _ => visitor.visit_borrowed_str(s),
                    }
                } else if let Some(f) = float(s) {
                    visitor.visit_f64(f)
                } else {
                    visitor.visit_borrowed_str(s)
                }
            }
            Value::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.iter(),
                index: 0,
            }),
            Value::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                current: None,
            }),
        };
        result.map_err(|e: Error| e.at(self))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar() {
            Some((s, Style::Plain)) => match boolean(s) {
                Some(b) => visitor.visit_bool(b).map_err(|e: Error| e.at(self)),
                None => Err(self.invalid("a boolean")),
            },
            _ => Err(self.invalid("a boolean")),
        }
    }

    deserialize_integer! {
        deserialize_i8 visit_i64 i8,
        deserialize_i16 visit_i64 i16,
        deserialize_i32 visit_i64 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u64 u8,
        deserialize_u16 visit_u64 u16,
        deserialize_u32 visit_u64 u32,
        deserialize_u64 visit_u64 u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Some((s, Style::Plain)) = self.scalar() else {
            return Err(self.invalid("f64"));
        };
        match float(s) {
            Some(f) if f.is_finite() => visitor.visit_f64(f).map_err(|e: Error| e.at(self)),
            Some(_) => Err(Error::new(format!(
                "`{s}` is not a finite number (expected a number like 99.95)"
            ))
            .at(self)),
            None => Err(self.invalid("f64")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar(s, Style::Plain) if is_null(s) => Err(self.invalid("a string")),
            Value::Scalar(s, _) => visitor.visit_borrowed_str(s).map_err(|e: Error| e.at(self)),
            _ => Err(self.invalid("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() {
            visitor.visit_none().map_err(|e: Error| e.at(self))
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() {
            visitor.visit_unit().map_err(|e: Error| e.at(self))
        } else {
            Err(self.invalid("no value"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Seq(items) => visitor
                .visit_seq(SeqAccess {
                    items: items.iter(),
                    index: 0,
                })
                .map_err(|e: Error| e.at(self)),
            _ => Err(self.invalid("a sequence")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Map(entries) => visitor
                .visit_map(MapAccess {
                    entries: entries.iter(),
                    current: None,
                })
                .map_err(|e: Error| e.at(self)),
            _ => Err(self.invalid("a map")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Scalar(s, _) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => match entries.first() {
                Some(entry) => visitor.visit_enum(EnumAccess { entry }),
                None => return Err(self.invalid("a name, or a mapping with one key")),
            },
            _ => return Err(self.invalid("a name, or a mapping with one key")),
        };
        result.map_err(|e: Error| e.at(self))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl<'de> IntoDeserializer<'de, Error> for &'de Node {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

struct SeqAccess<'de> {
    items: std::slice::Iter<'de, Node>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(item).map(Some).map_err(|e| {
            let mut e = e.at(item);
            e.path.push(index.to_string());
            e
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess<'de> {
    entries: std::slice::Iter<'de, Entry>,
    current: Option<&'de Entry>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.current = Some(entry);
        let key: de::value::BorrowedStrDeserializer<'de, Error> =
            de::value::BorrowedStrDeserializer::new(&entry.key);
        seed.deserialize(key).map(Some).map_err(|mut e| {
            // An unknown key is placed at the key, and taken out with its value.
            e.at.get_or_insert((entry.key_at, entry.value.id));
            e
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(entry) = self.current.take() else {
            return Err(Error::new("a value without a key".into()));
        };
        seed.deserialize(&entry.value).map_err(|e| {
            let mut e = e.at(&entry.value);
            e.path.push(entry.key.clone());
            e
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct EnumAccess<'de> {
    entry: &'de Entry,
}

impl<'de> de::EnumAccess<'de> for EnumAccess<'de> {
    type Error = Error;
    type Variant = &'de Node;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, &'de Node), Error> {
        let key: de::value::BorrowedStrDeserializer<'de, Error> =
            de::value::BorrowedStrDeserializer::new(&self.entry.key);
        let variant = seed.deserialize(key)?;
        Ok((variant, &self.entry.value))
    }
}

impl<'de> de::VariantAccess<'de> for &'de Node {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        <()>::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

/// The one document of a text, for records that are one mapping: front matter, site.yaml. An
/// empty text is an empty document (a null at 1:1), so that missing fields are named. `None`
/// when the text has a syntax error: what was read of it would only give false problems.
pub fn single(text: &str, first_line: usize) -> (Option<Node>, Vec<Problem>) {
    let (mut docs, mut problems, complete) = parse(text, first_line);
    if let Some(second) = docs.get(1) {
        problems.push(Problem {
            at: second.at,
            message: "a second YAML document (expected one document: remove the `---` line)".into(),
        });
    }
    if !complete {
        return (None, problems);
    }
    let doc = if docs.is_empty() {
        Node::null(Position::new(1, 1))
    } else {
        docs.swap_remove(0)
    };
    (Some(doc), problems)
}

/// Every document of a text as one list, for positions in files of several documents
/// (`1.spec.service` is in the second document).
pub fn documents(text: &str) -> Node {
    let (docs, ..) = parse(text, 1);
    Node {
        at: Position::new(1, 1),
        value: Value::Seq(docs),
        id: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: String,
        #[serde(default)]
        count: Option<u8>,
        #[serde(default)]
        ratio: Option<f64>,
        #[serde(default)]
        on: Option<bool>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Record {
        title: String,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        map: BTreeMap<String, u32>,
    }

    fn read<T: de::DeserializeOwned>(text: &str) -> (Option<T>, Vec<String>) {
        let (doc, mut problems) = single(text, 1);
        let (value, more) = from_node::<T>(&mut doc.unwrap());
        problems.extend(more);
        let shown = problems
            .iter()
            .map(|p| format!("{}:{}: {}", p.at.line, p.at.column, p.message))
            .collect();
        (value, shown)
    }

    #[test]
    fn values_deserialize_with_yaml_types() {
        let (r, problems) = read::<Record>(
            "title: 2025\nitems:\n  - id: a\n    count: 0x10\n    ratio: 99.5\n    on: true\nmap: {x: 1, 'y': 2}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let r = r.unwrap();
        assert_eq!(r.title, "2025");
        assert_eq!(r.items[0].count, Some(16));
        assert_eq!(r.items[0].ratio, Some(99.5));
        assert_eq!(r.map["y"], 2);
    }

    #[test]
    fn every_problem_of_a_file_is_placed_at_its_value() {
        let text = "title: t\nitems:\n  - id: a\n    count: 300\n  - id: b\n    ratio: .nan\n    colour: red\n  - count: 1\nmap:\n  x: -1\n";
        let (r, problems) = read::<Record>(text);
        assert!(r.is_some(), "what could be read is still returned");
        assert_eq!(
            problems,
            [
                "4:12: items.0.count: 300 is out of range (expected a whole number from 0 to 255)",
                "6:12: items.1.ratio: `.nan` is not a finite number (expected a number like 99.95)",
                "7:5: items.1: unknown field `colour` (expected one of `id`, `count`, `ratio`, `on`)",
                "8:5: items.2: missing field `id`",
                "10:6: map.x: -1 is out of range (expected a whole number from 0 to 4294967295)",
            ]
        );
    }

    #[test]
    fn a_missing_field_is_not_reported_again_for_a_wrong_value() {
        let (r, problems) = read::<Record>("title: [a, b]\n");
        assert!(r.is_none());
        assert_eq!(
            problems,
            ["1:8: title: invalid type: a list (expected a string)"]
        );
    }

    #[test]
    fn duplicate_keys_are_placed_at_the_second() {
        let (_, problems) = read::<Record>("title: a\nmap:\n  x: 1\n  x: 2\n");
        assert_eq!(
            problems,
            ["4:3: `x` is given twice in one mapping (first on line 3; expected each key once)"]
        );
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (n, prev) in ["b", "c", "d", "e", "f"]
            .iter()
            .zip(["a", "b", "c", "d", "e"])
        {
            bomb += &format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n");
        }
        let (_, problems, _) = parse(&bomb, 1);
        assert!(problems[0].message.contains("alias bomb"), "{problems:?}");
        let deep = "[".repeat(10_000);
        let (_, problems, _) = parse(&deep, 1);
        assert!(problems[0].message.contains("nested"), "{problems:?}");
        let deep = "a:\n".to_string()
            + &(1..100)
                .map(|n| format!("{}b{n}:\n", " ".repeat(n)))
                .collect::<String>();
        let (_, problems, _) = parse(&deep, 1);
        assert!(
            problems[0].message.contains("nested more than 64"),
            "{problems:?}"
        );
    }

    #[test]
    fn syntax_errors_are_placed() {
        let (_, problems, _) = parse("a: [1, 2\nb: 3\n", 1);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.starts_with("invalid YAML: "),
            "{problems:?}"
        );
    }

    #[test]
    fn paths_locate_values_and_keys() {
        let doc = single("week: 2025-W14\nteams:\n  payments:\n    oncall: [bob, erin]\n    slos:\n      a.b: 99\n", 1).0.unwrap();
        assert_eq!(doc.locate("week").0, Position::new(1, 7));
        assert_eq!(doc.locate("teams.payments").1, Some(Position::new(3, 3)));
        assert_eq!(
            doc.locate("teams.payments.oncall.1").0,
            Position::new(4, 19)
        );
        assert_eq!(
            doc.locate("teams.payments.slos.a.b").1,
            Some(Position::new(6, 7))
        );
        // Beyond the tree: the nearest ancestor.
        assert_eq!(
            doc.locate("teams.payments.oncall.9").0,
            Position::new(4, 13)
        );
        assert_eq!(doc.locate("").0, Position::new(1, 1));
    }
}
