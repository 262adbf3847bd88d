//! A week's alert log as CSV (`pages_csv:`), such as a PagerDuty incident export. Columns are
//! found by name; PagerDuty's own names are accepted beside ours (docs/format.md).

use std::path::{Component, Path};

use super::records::{PageCells, PageEvent, Pages, ReviewFront, Urgency};
use super::Document;
use crate::diagnostics::{Diagnostics, Position};
use crate::types::Duration;

/// Our column, then the other names it may have in an export.
const COLUMNS: [(&str, &[&str]); 7] = [
    ("time", &["created_on", "created_at"]),
    ("alert", &["description", "title"]),
    ("service", &["service_name"]),
    ("actionable", &[]),
    ("ack_seconds", &["seconds_to_first_ack"]),
    ("responder", &["assigned_to"]),
    ("urgency", &[]),
];
const REQUIRED: [&str; 3] = ["time", "alert", "service"];

/// Reads every team's `pages_csv` of a review into its `pages`.
pub fn read_review_logs(root: &Path, review: &mut Document<ReviewFront>, d: &mut Diagnostics) {
    let review_dir = review
        .source
        .path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    for (team, tw) in review.front.teams.iter_mut() {
        let Some(rel) = tw.pages_csv.clone() else {
            continue;
        };
        let at = review.source.at(&format!("teams.{team}.pages_csv"));
        if tw.pages.reported {
            d.error(
                &review.source.path,
                at,
                "both `pages` and `pages_csv` are given (expected one of them)",
            );
            continue;
        }
        let escapes = Path::new(&rel)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            let expected = "expected a path inside the review's folder, like 2025-W14/pages.csv";
            d.error(
                &review.source.path,
                at,
                format!("`{rel}` leaves the reviews folder ({expected})"),
            );
            continue;
        }
        let shown = review_dir.join(&rel);
        // Not through a link out of the site root, and not from a pipe that never ends.
        let full = root.join(&shown);
        let unreadable = match super::walk::inside_root(root, &full) {
            Ok(()) if !full.is_file() => Some("it is not a file".to_string()),
            Ok(()) => None,
            Err(why) => Some(why),
        };
        if let Some(why) = unreadable {
            let message = format!("cannot read alert log `{}`: {why}", shown.display());
            d.error(&review.source.path, at, message);
            continue;
        }
        match std::fs::read(&full) {
            Ok(bytes) => tw.pages = Pages::reported(parse(&shown, &bytes, d)),
            Err(e) => d.error(
                &review.source.path,
                at,
                format!("cannot read alert log `{}`: {e}", shown.display()),
            ),
        }
    }
}

/// Parses an alert log; problems are placed at the row and column of the CSV file.
pub fn parse(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<PageEvent> {
    // Lines starting with `#` are comments: `opsbook import` says in one what wrote the file.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            d.error(
                shown,
                Some(Position::new(1, 1)),
                format!("unreadable CSV header: {e}"),
            );
            return vec![];
        }
    };
    let column = |ours: &str| -> Option<usize> {
        let (_, others) = COLUMNS.iter().find(|(name, _)| *name == ours)?;
        headers.iter().position(|h| {
            h.eq_ignore_ascii_case(ours) || others.iter().any(|o| h.eq_ignore_ascii_case(o))
        })
    };
    let mut missing = false;
    for name in REQUIRED {
        if column(name).is_none() {
            missing = true;
            let others = COLUMNS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&[][..], |(_, others)| *others);
            let also = others.join(" or ");
            d.error(
                shown,
                Some(Position::new(1, 1)),
                format!(
                    "no `{name}` column (expected a header named {name}{}{also})",
                    if also.is_empty() { "" } else { " or " }
                ),
            );
        }
    }
    if missing {
        return vec![];
    }
    // A PagerDuty export in its own layout: its people are user names, not read here.
    let has = |name: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    if has("assigned_to_user_names") && column("responder").is_none() {
        d.warning(
            shown,
            Some(Position::new(1, 1)),
            "column `assigned_to_user_names` is not read here: its user names are not person ids (expected a `responder` column of person ids; `opsbook import pagerduty` reads this export as PagerDuty writes it, see docs/format.md)",
        );
    }
    let col: Vec<Option<usize>> = COLUMNS.iter().map(|(name, _)| column(name)).collect();
    let file: std::sync::Arc<Path> = shown.into();
    let mut pages = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                d.error(
                    shown,
                    Some(Position::new(line, 1)),
                    format!("unreadable CSV row: {e}"),
                );
                continue;
            }
        };
        let (line, start) = row
            .position()
            .map_or((0, 0), |p| (p.line() as usize, p.byte() as usize));
        let cells = super::csv_places::cells(bytes, start, line, row.len());
        let cell = |i: usize| {
            cells
                .get(i)
                .copied()
                .unwrap_or_else(|| Position::new(line, 1))
        };
        let place = |i: usize| Some(cell(i));
        let index = |which: usize| col.get(which).copied().flatten();
        let get = |which: usize| {
            let i = index(which)?;
            row.get(i).filter(|v| !v.is_empty()).map(|v| (v, i))
        };
        let mut bad = |i: usize, message: String| d.error(shown, place(i), message);

        let Some((time, ti)) = get(0) else {
            bad(
                index(0).unwrap_or(0),
                "empty time (expected an RFC 3339 time like 2025-04-01T03:12:00+02:00)".into(),
            );
            continue;
        };
        let at = match time.parse() {
            Ok(t) if crate::types::check_time(t).is_err() => {
                let why = crate::types::check_time(t).err().unwrap_or_default();
                bad(ti, format!("`{time}`: {why}"));
                continue;
            }
            Ok(t) => t,
            Err(_) => {
                bad(ti, format!("`{time}` is not a time (expected RFC 3339 with an offset, like 2025-04-01T03:12:00+02:00)"));
                continue;
            }
        };
        let (Some((alert, _)), Some((service, si))) = (get(1), get(2)) else {
            bad(
                index(1).unwrap_or(0),
                "empty alert or service (expected both on every row)".into(),
            );
            continue;
        };
        let actionable = match get(3) {
            None => None,
            Some((v, i)) => match v.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => {
                    bad(
                        i,
                        format!("`{v}` is not a yes/no value (expected true or false)"),
                    );
                    None
                }
            },
        };
        let ack = match get(4) {
            None => None,
            Some((v, i)) => match v.parse::<f64>() {
                Ok(s) if s >= 0.0 => Some(Duration {
                    seconds: s.round() as i64,
                }),
                _ => {
                    bad(
                        i,
                        format!("`{v}` is not a number of seconds (expected a number like 240)"),
                    );
                    None
                }
            },
        };
        let urgency = match get(6) {
            None => None,
            Some((v, i)) => match v.to_ascii_lowercase().as_str() {
                "high" => Some(Urgency::High),
                "low" => Some(Urgency::Low),
                _ => {
                    bad(i, format!("`{v}` is not an urgency (expected high or low)"));
                    None
                }
            },
        };
        let responder = get(5);
        pages.push(PageEvent {
            at,
            alert: alert.to_string(),
            service: service.to_string(),
            actionable,
            ack,
            responder: responder.map(|(v, _)| v.to_string()),
            urgency,
            cells: Some(PageCells {
                file: file.clone(),
                at: cell(ti),
                service: cell(si),
                responder: responder.map(|(_, i)| cell(i)),
            }),
        });
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_pagerduty_export_by_its_column_names() {
        let csv = "id,created_on,description,service_name,seconds_to_first_ack,assigned_to,urgency,actionable\n\
                   Q1,2025-04-01T03:12:00+02:00,LedgerHighLatency,ledger-api,240,bob,high,false\n";
        let mut d = Diagnostics::new();
        let pages = parse(Path::new("x.csv"), csv.as_bytes(), &mut d);
        assert!(!d.has_errors());
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].alert, "LedgerHighLatency");
        assert_eq!(pages[0].service, "ledger-api");
        assert_eq!(pages[0].ack.unwrap().seconds, 240);
        assert_eq!(pages[0].responder.as_deref(), Some("bob"));
        assert_eq!(pages[0].actionable, Some(false));
        assert_eq!(pages[0].at.to_string(), "2025-04-01T01:12:00Z");
    }

    #[test]
    fn bad_cells_are_placed_at_their_row_and_column() {
        let csv = "time,alert,service,ack_seconds\n2025-04-01T03:12:00Z,A,s,soon\nyesterday,A,s,\n";
        let mut d = Diagnostics::new();
        let pages = parse(Path::new("x.csv"), csv.as_bytes(), &mut d);
        let messages: Vec<String> = d.sorted().iter().map(|m| m.to_string()).collect();
        assert_eq!(pages.len(), 1, "a row with a bad ack keeps its page");
        assert!(
            messages[0].starts_with("x.csv:2:26: error: `soon` is not a number"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("x.csv:3:1: error: `yesterday` is not a time"),
            "{messages:?}"
        );
    }

    #[test]
    fn cells_are_placed_after_quoted_line_breaks_and_comments_are_skipped() {
        let csv = "# written by hand\ntime,alert,service,ack_seconds\n\
                   2025-04-01T03:12:00Z,\"Two\nlines\",s,\"soon\"\n\
                   # a note\n\
                   2025-04-01T04:12:00Z,A,s2,\n";
        let mut d = Diagnostics::new();
        let pages = parse(Path::new("x.csv"), csv.as_bytes(), &mut d);
        let messages: Vec<String> = d.sorted().iter().map(|m| m.to_string()).collect();
        assert_eq!(pages.len(), 2, "{messages:?}");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("x.csv:4:10: error: `soon` is not a number"),
            "{messages:?}"
        );
        let cells = pages[1].cells.as_ref().unwrap();
        assert_eq!(&*cells.file, Path::new("x.csv"));
        assert_eq!(cells.service, Position::new(6, 24));
        assert_eq!(cells.at, Position::new(6, 1));
        assert!(cells.responder.is_none());
    }

    #[test]
    fn a_pagerduty_export_in_its_own_layout_points_to_the_import() {
        let csv = "id,created_on,description,service_name,assigned_to_user_names\n\
                   Q1,2025-04-01T03:12:00+02:00,LedgerHighLatency,ledger-api,Bob Nakamura\n";
        let mut d = Diagnostics::new();
        let pages = parse(Path::new("x.csv"), csv.as_bytes(), &mut d);
        assert_eq!(pages.len(), 1);
        let m = d.sorted()[0].to_string();
        assert!(
            m.starts_with("x.csv:1:1: warning: column `assigned_to_user_names` is not read here"),
            "{m}"
        );
        assert!(m.contains("`opsbook import pagerduty`"), "{m}");
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let mut d = Diagnostics::new();
        parse(Path::new("x.csv"), b"time,alert\n", &mut d);
        let m = d.sorted()[0].to_string();
        assert!(
            m.contains("no `service` column (expected a header named service or service_name)"),
            "{m}"
        );
    }
}
