//! Reading exports with the place of every value: CSV tables found by column name, with each
//! cell's line and column, and JSON documents whose values are placed by their offset in the
//! text (serde_json's raw values borrow from the text, so a value's offset is where it is).

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::diagnostics::{Diagnostics, Position};

/// A CSV export: its header and its rows, each cell with its place.
pub(super) struct Table {
    header: Vec<String>,
    pub rows: Vec<Row>,
}

pub(super) struct Row {
    /// The line the row starts on.
    pub line: usize,
    cells: Vec<String>,
    places: Vec<Position>,
}

impl Table {
    /// Reads a CSV file with a header row; unreadable rows are reported and left out.
    pub(super) fn read(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Option<Table> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header = match reader.headers() {
            Ok(h) => h.iter().map(|h| h.trim().to_string()).collect(),
            Err(e) => {
                d.error(
                    shown,
                    Some(Position::new(1, 1)),
                    format!("unreadable CSV header: {e} (expected a header row of column names)"),
                );
                return None;
            }
        };
        let mut rows = vec![];
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let (line, start) = r
                        .position()
                        .map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
                    let places = crate::load::csv_places::cells(bytes, start, line, r.len());
                    rows.push(Row {
                        line,
                        cells: r.iter().map(str::to_string).collect(),
                        places,
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(1, |p| p.line() as usize);
                    d.error(
                        shown,
                        Some(Position::new(line, 1)),
                        format!(
                            "unreadable CSV row: {e} (expected UTF-8 text, with quotes closed)"
                        ),
                    );
                }
            }
        }
        Some(Table { header, rows })
    }

    /// The first column with one of these names (case does not matter).
    pub(super) fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            self.header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    /// Reports the first of `required` (each a list of accepted names) missing from the header.
    pub(super) fn require(&self, shown: &Path, required: &[&[&str]], d: &mut Diagnostics) -> bool {
        let mut fine = true;
        for names in required {
            if self.column(names).is_none() {
                fine = false;
                let first = names.first().copied().unwrap_or_default();
                d.error(
                    shown,
                    Some(Position::new(1, 1)),
                    format!(
                        "no `{first}` column (expected a header named {})",
                        names.join(" or ")
                    ),
                );
            }
        }
        fine
    }
}

impl Row {
    /// The trimmed text of a cell, when it has any, with its place.
    pub(super) fn get(&self, column: Option<usize>) -> Option<(&str, Position)> {
        let i = column?;
        let text = self.cells.get(i)?.trim();
        (!text.is_empty()).then(|| (text, self.place(Some(i))))
    }

    pub(super) fn text(&self, column: Option<usize>) -> Option<&str> {
        self.get(column).map(|(t, _)| t)
    }

    /// Where a cell is (the row's start when the row has no such cell).
    pub(super) fn place(&self, column: Option<usize>) -> Position {
        column
            .and_then(|i| self.places.get(i).copied())
            .unwrap_or(Position::new(self.line, 1))
    }
}

/// A JSON text, able to place any part of it.
pub(super) struct JsonText<'a> {
    text: &'a str,
    /// The byte offset of each line's start.
    starts: Vec<usize>,
}

impl<'a> JsonText<'a> {
    pub(super) fn new(text: &'a str) -> JsonText<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        JsonText { text, starts }
    }

    /// The line and column (in characters) of a byte offset.
    pub(super) fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count());
        Position::new(line.max(1), column + 1)
    }

    /// Where a part of this text (a raw value borrowed from it) starts.
    pub(super) fn at(&self, part: &str) -> Position {
        let offset = (part.as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|o| *o <= self.text.len())
            .unwrap_or(0);
        self.position(offset)
    }

    /// Where serde_json's error in a part of this text is.
    pub(super) fn error_at(&self, part: &str, e: &serde_json::Error) -> Position {
        if e.line() == 0 {
            return self.at(part);
        }
        let base = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let line_start = part
            .match_indices('\n')
            .nth(e.line().saturating_sub(2))
            .map_or(0, |(i, _)| i + 1);
        let line_start = if e.line() == 1 { 0 } else { line_start };
        let within = line_start + e.column().saturating_sub(1);
        self.position((base + within).min(self.text.len()))
    }

    /// Parses a part of the text, reporting a problem at its place.
    pub(super) fn parse<T: DeserializeOwned>(
        &self,
        shown: &Path,
        part: &'a str,
        what: &str,
        d: &mut Diagnostics,
    ) -> Option<T> {
        match serde_json::from_str(part) {
            Ok(v) => Some(v),
            Err(e) => {
                let why = e.to_string();
                let why = why.split(" at line ").next().unwrap_or(&why).to_string();
                d.error(
                    shown,
                    Some(self.error_at(part, &e)),
                    format!("{why} (expected {what})"),
                );
                None
            }
        }
    }
}

/// The whole document as a raw value, or the syntax problem placed.
pub(super) fn document<'a>(
    shown: &Path,
    json: &JsonText<'a>,
    d: &mut Diagnostics,
) -> Option<&'a RawValue> {
    match serde_json::from_str::<&RawValue>(json.text) {
        Ok(raw) => Some(raw),
        Err(e) => {
            let why = e.to_string();
            let why = why.split(" at line ").next().unwrap_or(&why).to_string();
            d.error(
                shown,
                Some(json.error_at(json.text, &e)),
                format!("{why} (expected a JSON document)"),
            );
            None
        }
    }
}

/// The member `key` of a JSON object.
pub(super) fn member<'a>(raw: &'a RawValue, key: &str) -> Option<&'a RawValue> {
    let object: std::collections::BTreeMap<String, &'a RawValue> =
        serde_json::from_str(raw.get()).ok()?;
    object.get(key).copied()
}

/// The items of a JSON array.
pub(super) fn items(raw: &RawValue) -> Option<Vec<&RawValue>> {
    serde_json::from_str(raw.get()).ok()
}

/// The value at a path of object members below `raw`.
pub(super) fn path<'a>(raw: &'a RawValue, keys: &[&str]) -> Option<&'a RawValue> {
    keys.iter().try_fold(raw, |at, key| member(at, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_are_placed_by_their_offset() {
        let text = "{\n  \"a\": [1,\n    {\"é\": \"x\", \"b\": true}]\n}\n";
        let json = JsonText::new(text);
        let mut d = Diagnostics::new();
        let doc = document(Path::new("x.json"), &json, &mut d).unwrap();
        let list = items(member(doc, "a").unwrap()).unwrap();
        let second = list.get(1).unwrap();
        assert_eq!(json.at(second.get()), Position::new(3, 5));
        assert_eq!(
            json.at(path(second, &["b"]).unwrap().get()),
            Position::new(3, 21)
        );
        // A type problem inside a part is placed in the file.
        let bad: Option<Vec<String>> = json.parse(
            Path::new("x.json"),
            member(doc, "a").unwrap().get(),
            "strings",
            &mut d,
        );
        assert!(bad.is_none());
        let m = d.sorted()[0].to_string();
        assert!(
            m.starts_with("x.json:2:9: error: invalid type: integer `1`"),
            "{m}"
        );
        let mut d = Diagnostics::new();
        assert!(document(Path::new("y.json"), &JsonText::new("{\n \"a\": }"), &mut d).is_none());
        assert!(d.sorted()[0]
            .to_string()
            .starts_with("y.json:2:7: error: expected value"));
    }

    #[test]
    fn csv_cells_are_found_by_name_and_placed() {
        let mut d = Diagnostics::new();
        let csv = "\u{feff}Id,Service_Name\n1,\"Ledger, API\"\n";
        let t = Table::read(Path::new("x.csv"), csv.as_bytes(), &mut d).unwrap();
        let col = t.column(&["service_name"]);
        let row = t.rows.first().unwrap();
        assert_eq!(row.get(col), Some(("Ledger, API", Position::new(2, 3))));
        assert!(row.get(t.column(&["nothing"])).is_none());
        assert!(!t.require(Path::new("x.csv"), &[&["created_on"]], &mut d));
        assert!(d.sorted()[0].to_string().contains("no `created_on` column"));
    }
}
