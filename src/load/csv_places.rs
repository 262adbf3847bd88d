//! Where each cell of a CSV record is in its file, so that a problem with a value is placed at
//! its line and column — also after a quoted cell with a line break in it, and for cells that
//! are quoted. The `csv` crate reads the records; this finds their cells again in the bytes.

use crate::diagnostics::Position;

/// The start of each cell of the record that begins at byte `start` on line `line` (a record
/// always begins a line; comment lines starting with `#` before it are skipped, as the `csv`
/// crate counts them into the record's start): the line and the column, in characters, of its
/// first character (the opening quote of a quoted cell). At most `cells` positions; fewer when
/// the record ends first.
pub(crate) fn cells(bytes: &[u8], start: usize, line: usize, cells: usize) -> Vec<Position> {
    let mut places = Vec::with_capacity(cells);
    let (mut line, mut column) = (line, 1);
    let mut from = bytes.get(start..).unwrap_or_default();
    while from.first() == Some(&b'#') {
        match from.iter().position(|&b| b == b'\n') {
            Some(end) => {
                from = from.get(end + 1..).unwrap_or_default();
                line += 1;
            }
            None => from = &[],
        }
    }
    let mut rest = from.iter().peekable();
    // One step over a byte: lines and columns follow it (a column counts characters, so the
    // continuation bytes of UTF-8 do not count).
    let step = |b: u8, line: &mut usize, column: &mut usize| {
        if b == b'\n' {
            *line += 1;
            *column = 1;
        } else if b & 0xC0 != 0x80 {
            *column += 1;
        }
    };
    while places.len() < cells {
        places.push(Position::new(line, column));
        let quoted = rest.peek() == Some(&&b'"');
        let mut in_quotes = false;
        if quoted {
            rest.next();
            step(b'"', &mut line, &mut column);
            in_quotes = true;
        }
        let mut ended = true;
        while let Some(&b) = rest.next() {
            if in_quotes {
                if b == b'"' {
                    if rest.peek() == Some(&&b'"') {
                        rest.next();
                        step(b, &mut line, &mut column);
                    } else {
                        in_quotes = false;
                    }
                }
                step(b, &mut line, &mut column);
                continue;
            }
            match b {
                b',' => {
                    step(b, &mut line, &mut column);
                    ended = false;
                    break;
                }
                b'\n' | b'\r' => break,
                _ => step(b, &mut line, &mut column),
            }
        }
        if ended {
            break;
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, start: usize, line: usize) -> Vec<(usize, usize)> {
        cells(text.as_bytes(), start, line, 10)
            .iter()
            .map(|p| (p.line, p.column))
            .collect()
    }

    #[test]
    fn cells_are_found_after_quotes_line_breaks_and_wide_characters() {
        assert_eq!(at("a,bb,,d\n", 0, 1), [(1, 1), (1, 3), (1, 6), (1, 7)]);
        // A quoted cell with a comma, a doubled quote and a line break.
        let text = "h\n\"x, \"\"y\"\"\nz\",é,q\r\nnext\n";
        assert_eq!(at(text, 2, 2), [(2, 1), (3, 4), (3, 6)]);
        // A trailing empty cell counts.
        assert_eq!(at("a,\n", 0, 1), [(1, 1), (1, 3)]);
        assert_eq!(cells(b"a,b,c", 0, 1, 2).len(), 2);
        assert!(cells(b"a", 9, 1, 2).len() == 1);
        assert_eq!(at("# note\n# more\na,b\n", 0, 1), [(3, 1), (3, 3)]);
    }
}
