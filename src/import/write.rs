//! What an import writes, and writing it carefully: the week's alert logs (one CSV per
//! team-week, opsbook's own columns), the reviews' `pages_csv` (a missing week scaffolded as a
//! draft), incident records. Every file is under `content/`, never written through a symbolic
//! link or a folder that leads out of the site root, and replaced in one step (a temporary file
//! beside it, renamed over it).

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use jiff::Timestamp;

use super::{plural, Page, Report, Request, Stop};
use crate::diagnostics::Diagnostics;
use crate::load::records::{Tool, Urgency};
use crate::resolve::Archive;
use crate::types::Week;

/// One file to write.
pub(super) struct Change {
    /// Relative to the site root, under `content/`.
    pub rel: PathBuf,
    pub text: String,
    /// What the change is, for the report: `3 pages`, `teams.search.pages_csv`.
    pub what: String,
    pub new: bool,
}

/// The files to write, and lines for the report that come before them.
#[derive(Default)]
pub(super) struct Plan {
    pub changes: Vec<Change>,
    pub summary: Vec<String>,
}

/// FNV-1a, 64 bits: stable across Rust releases (std's hasher is not), enough to tell whether a
/// text is still the one the import wrote.
pub(super) fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The columns of an alert log the import writes.
const HEADER: [&str; 7] = [
    "time",
    "alert",
    "service",
    "responder",
    "ack_seconds",
    "urgency",
    "actionable",
];

/// The first line of an alert log the import wrote.
fn marker(tool: Tool, hash: &str) -> String {
    format!(
        "# Written by `opsbook import {}` (hash {hash}). Mark each page's actionable as true or false: a re-import keeps the marks; after any other edit the import leaves this file alone.\n",
        tool.key()
    )
}

/// `(tool, hash)` of a marker line.
fn read_marker(line: &str) -> Option<(Tool, String)> {
    let rest = line.strip_prefix("# Written by `opsbook import ")?;
    let (tool, rest) = rest.split_once("` (hash ")?;
    let (hash, _) = rest.split_once(')')?;
    let tool = Tool::ALL.into_iter().find(|t| t.key() == tool)?;
    Some((tool, hash.to_string()))
}

/// Rows as CSV text (header first).
fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(vec![]);
    let _ = w.write_record(HEADER);
    for row in rows {
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// What the hash covers: the rows with `actionable` left out, as a person marks that.
fn hashed(rows: &[Vec<String>]) -> String {
    let blank: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Some(last) = r.get_mut(6) {
                last.clear();
            }
            r
        })
        .collect();
    fnv(&csv_text(&blank))
}

/// An alert log the import wrote and nobody changed but for `actionable`: its tool and rows.
fn managed(text: &str) -> Option<(Tool, Vec<Vec<String>>)> {
    let first = text.lines().next()?;
    let (tool, hash) = read_marker(first)?;
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().ok()?.iter().map(str::to_string).collect();
    if header != HEADER {
        return None;
    }
    let mut rows = vec![];
    for r in reader.records() {
        rows.push(r.ok()?.iter().map(str::to_string).collect::<Vec<_>>());
    }
    (hashed(&rows) == hash).then_some((tool, rows))
}

fn page_row(a: &Archive, team: &str, p: &Page) -> Vec<String> {
    let zone = a.team_zone(team).clone();
    let at = Timestamp::from_second(p.at.as_second()).unwrap_or(p.at);
    vec![
        at.to_zoned(zone)
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        p.alert.clone(),
        p.service.clone(),
        p.responder.clone().unwrap_or_default(),
        p.ack_seconds.map_or(String::new(), |s| s.to_string()),
        match p.urgency {
            Some(Urgency::High) => "high".into(),
            Some(Urgency::Low) => "low".into(),
            None => String::new(),
        },
        String::new(),
    ]
}

fn row_time(row: &[String]) -> Option<Timestamp> {
    row.first()?.parse().ok()
}

/// The key that carries a person's `actionable` mark over to a re-imported row.
fn row_key(row: &[String]) -> (String, String, String) {
    let cell = |i: usize| row.get(i).cloned().unwrap_or_default();
    (cell(0), cell(1), cell(2))
}

/// The rows of a team-week: the new ones, with the marks of the rows they re-import, and the
/// earlier import's rows that this one does not have.
fn merge(old: Vec<Vec<String>>, new: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut marks: BTreeMap<(String, String, String), VecDeque<String>> = BTreeMap::new();
    for row in &old {
        marks
            .entry(row_key(row))
            .or_default()
            .push_back(row.get(6).cloned().unwrap_or_default());
    }
    let new_keys: std::collections::BTreeSet<_> = new.iter().map(|r| row_key(r)).collect();
    let mut rows: Vec<Vec<String>> = new
        .into_iter()
        .map(|mut r| {
            let mark = marks.get_mut(&row_key(&r)).and_then(VecDeque::pop_front);
            if let (Some(mark), Some(cell)) = (mark, r.get_mut(6)) {
                *cell = mark;
            }
            r
        })
        .collect();
    rows.extend(old.into_iter().filter(|r| !new_keys.contains(&row_key(r))));
    rows.sort_by(|x, y| (row_time(x), &x[..]).cmp(&(row_time(y), &y[..])));
    rows
}

/// Reads a file of the archive, if it is there. One that is there but cannot be read (not
/// UTF-8, no permission) is an error, so that it is never taken as missing and written over.
pub(super) fn read(root: &Path, rel: &Path, d: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            d.error(
                rel,
                None,
                format!("cannot read it: {e} (expected a UTF-8 text file, which the import changes; nothing was written)"),
            );
            None
        }
    }
}

/// The alert logs and review changes for the imported pages.
pub(super) fn plan_pages(
    a: &Archive,
    req: &Request,
    weeks: &BTreeMap<(String, Week), Vec<Page>>,
    d: &mut Diagnostics,
) -> Plan {
    let mut plan = Plan::default();
    let mut reviews: BTreeMap<Week, Vec<(String, String)>> = BTreeMap::new();
    let mut unreferenced = vec![];
    for ((team, week), pages) in weeks {
        let value = format!("{week}/{team}-pages.csv");
        let rel = PathBuf::from(format!("content/reviews/{}/{value}", week.year()));
        let review = a.review(*week);
        let section = review.and_then(|r| r.front.teams.get(team));
        let existing = read(&a.root, &rel, d);
        let earlier = existing.as_deref().and_then(managed);
        let mut conflict = None;
        if let (Some(r), Some(tw)) = (review, section) {
            let at = |key: &str| r.source.key_at(&format!("teams.{team}.{key}"));
            match &tw.pages_csv {
                None if !tw.pages.is_empty() => {
                    conflict = Some((
                        &r.source.path,
                        at("pages"),
                        format!(
                            "teams.{team} has {} typed by hand",
                            plural(tw.pages.len(), "page")
                        ),
                    ));
                }
                Some(other) if *other != value => {
                    conflict = Some((
                        &r.source.path,
                        at("pages_csv"),
                        format!("teams.{team} reads its pages from `{other}`"),
                    ));
                    unreferenced.push(format!("content/reviews/{}/{other}", week.year()));
                }
                _ => {}
            }
        }
        if conflict.is_none() && existing.is_some() {
            match &earlier {
                None => {
                    conflict = Some((
                        &rel,
                        None,
                        "the file was written or edited by a person (its first line is not the import's, or its rows changed)".to_string(),
                    ));
                }
                Some((tool, _)) if *tool != req.tool => {
                    conflict = Some((
                        &rel,
                        None,
                        format!(
                            "the file was imported from {}: importing {} too would count its pages twice",
                            tool.title(),
                            req.tool.title()
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some((file, at, why)) = conflict {
            if !req.replace {
                d.error(
                    file,
                    at,
                    format!(
                        "{why}; importing {} for {team} in {week} would replace them (expected a team-week without pages, or --replace to replace them with the import's)",
                        plural(pages.len(), "page")
                    ),
                );
                continue;
            }
        }
        let new: Vec<Vec<String>> = pages.iter().map(|p| page_row(a, team, p)).collect();
        let rows = match (req.replace, earlier) {
            (false, Some((_, old))) => merge(old, new),
            _ => merge(vec![], new),
        };
        let text = marker(req.tool, &hashed(&rows)) + &csv_text(&rows);
        if existing.as_deref() != Some(text.as_str()) {
            plan.changes.push(Change {
                rel: rel.clone(),
                what: plural(rows.len(), "page"),
                new: existing.is_none(),
                text,
            });
        }
        reviews
            .entry(*week)
            .or_default()
            .push((team.clone(), value));
    }
    if d.has_errors() {
        return plan;
    }
    for (week, teams) in reviews {
        let rel = crate::scaffold::week_path(week);
        let (before, new) = match read(&a.root, &rel, d) {
            Some(text) if a.review(week).is_some() => (text, false),
            _ => (crate::scaffold::week_record(a, week), true),
        };
        let mut text = before.clone();
        let mut set = vec![];
        for (team, value) in &teams {
            let unchanged = a
                .review(week)
                .and_then(|r| r.front.teams.get(team))
                .is_some_and(|tw| tw.pages_csv.as_deref() == Some(value.as_str()));
            if unchanged && !new {
                continue;
            }
            match super::reviews::set_pages_csv(&text, team, value) {
                Ok(changed) => {
                    text = changed;
                    set.push(format!("teams.{team}.pages_csv"));
                }
                Err(why) => d.error(
                    &rel,
                    None,
                    format!("cannot set `pages_csv: {value}` for {team}: {why}; add it under teams.{team} by hand, then import again"),
                ),
            }
        }
        if text != before || new {
            plan.changes.push(Change {
                rel,
                what: if new {
                    format!("a new draft week, {}", set.join(", "))
                } else {
                    set.join(", ")
                },
                new,
                text,
            });
        }
    }
    // Only --replace gets here with such files: without it each came with an error.
    for file in unreferenced {
        plan.summary.push(format!(
            "{file} is no longer read (--replace); delete it if nothing else needs it"
        ));
    }
    plan
}

/// Why a path may not be written: outside `content/`, through a link out of the root, or a link.
fn refused(root: &Path, rel: &Path) -> Option<String> {
    let inside =
        rel.starts_with("content") && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Some(format!(
            "{} is not a path inside content/ (expected the import to write only there)",
            rel.display()
        ));
    }
    let path = root.join(rel);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) {
        return Some(format!(
            "{} is a symbolic link; the import never writes through one (expected a file)",
            rel.display()
        ));
    }
    let real_root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => return Some(format!("{}: {e}", root.display())),
    };
    // The folders that exist must be inside the root; the rest is created there.
    let mut existing = path.parent()?;
    while !existing.exists() {
        existing = existing.parent()?;
    }
    match existing.canonicalize() {
        Ok(real) if real.starts_with(&real_root) => None,
        Ok(real) => Some(format!(
            "{} leads out of the site root through a symbolic link (it is {}; expected a folder inside {})",
            existing.strip_prefix(root).unwrap_or(existing).display(),
            real.display(),
            real_root.display()
        )),
        Err(e) => Some(format!("{}: {e}", existing.display())),
    }
}

/// Writes one file in one step: a temporary file beside it, renamed over it.
fn write_atomic(root: &Path, rel: &Path, text: &str) -> Result<(), String> {
    if let Some(why) = refused(root, rel) {
        return Err(why);
    }
    let path = root.join(rel);
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", rel.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".opsbook-import-");
    // The mode of the file it replaces, else that of a file created as usual (not the
    // temporary file's owner-only 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| format!("{}: {e}", rel.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("{}: {e}", rel.display()))?;
    tmp.persist(&path)
        .map_err(|e| format!("{}: {}", rel.display(), e.error))?;
    Ok(())
}

/// Writes the plan (or, in a dry run, says what it would write): alert logs first, then the
/// records that read them, so that no review ever names a log that is not there.
pub(super) fn apply(root: &Path, plan: Plan, dry_run: bool) -> Result<Report, Stop> {
    let mut lines = plan.summary;
    if plan.changes.is_empty() {
        lines.push("nothing to change: the archive has these already".into());
        return Ok(Report { lines });
    }
    // Checked before anything is written.
    for c in &plan.changes {
        if let Some(why) = refused(root, &c.rel) {
            return Err(Stop::Io(why, Report { lines }));
        }
    }
    let mut changes = plan.changes;
    changes.sort_by_key(|c| c.rel.extension().is_none_or(|e| e != "csv"));
    for c in changes {
        let verb = match (dry_run, c.new) {
            (true, true) => "would write",
            (true, false) => "would update",
            (false, true) => "wrote",
            (false, false) => "updated",
        };
        if !dry_run {
            if let Err(why) = write_atomic(root, &c.rel, &c.text) {
                return Err(Stop::Io(why, Report { lines }));
            }
        }
        let mut line = String::new();
        let _ = write!(line, "  {verb} {} ({})", c.rel.display(), c.what);
        lines.push(line);
    }
    if dry_run {
        lines.push("dry run: nothing written".into());
    }
    Ok(Report { lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(time: &str, alert: &str, mark: &str) -> Vec<String> {
        [time, alert, "ledger-api", "bob", "", "high", mark]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn a_log_written_by_the_import_is_known_again_with_its_marks() {
        let rows = vec![row("2025-04-01T03:12:00+02:00", "A", "")];
        let text = marker(Tool::Pagerduty, &hashed(&rows)) + &csv_text(&rows);
        assert!(text.starts_with("# Written by `opsbook import pagerduty` (hash "));
        assert_eq!(
            managed(&text).map(|(t, r)| (t, r.len())),
            Some((Tool::Pagerduty, 1))
        );
        // Marking a page keeps it the import's; any other edit makes it a person's.
        let marked = text.replace(",high,\n", ",high,true\n");
        assert_eq!(managed(&marked).unwrap().1[0][6], "true");
        assert!(managed(&text.replace(",A,", ",B,")).is_none());
        assert!(managed(&text.replacen("# Written", "# written", 1)).is_none());
    }

    #[test]
    fn a_re_import_keeps_marks_and_rows_it_does_not_have() {
        let old = vec![
            row("2025-04-01T03:12:00+02:00", "A", "false"),
            row("2025-04-02T03:12:00+02:00", "B", "true"),
        ];
        let new = vec![
            row("2025-04-01T03:12:00+02:00", "A", ""),
            row("2025-03-31T23:00:00+01:00", "C", ""),
        ];
        let merged = merge(old, new);
        let summary: Vec<(&str, &str)> = merged
            .iter()
            .map(|r| (r[1].as_str(), r[6].as_str()))
            .collect();
        assert_eq!(summary, [("C", ""), ("A", "false"), ("B", "true")]);
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(fnv(""), "cbf29ce484222325");
        assert_eq!(fnv("a"), "af63dc4c8601ec8c");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_outside_content_or_through_a_link_out() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("out");
        std::fs::create_dir_all(root.join("content/reviews")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        symlink(&out, root.join("content/reviews/2025")).unwrap();
        let why =
            write_atomic(&root, Path::new("content/reviews/2025/2025-W14/p.csv"), "x").unwrap_err();
        assert!(why.contains("leads out of the site root"), "{why}");
        assert!(refused(&root, Path::new("content/../x")).is_some());
        assert!(refused(&root, Path::new("public/x")).is_some());
        std::fs::write(out.join("t.md"), "x").unwrap();
        symlink(out.join("t.md"), root.join("content/t.md")).unwrap();
        assert!(write_atomic(&root, Path::new("content/t.md"), "y")
            .unwrap_err()
            .contains("symbolic link"));
        assert_eq!(std::fs::read_to_string(out.join("t.md")).unwrap(), "x");
        write_atomic(
            &root,
            Path::new("content/incidents/2025/INC-2025-002.md"),
            "z",
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("content/incidents/2025/INC-2025-002.md")).unwrap(),
            "z"
        );
        let left: Vec<_> = std::fs::read_dir(root.join("content/incidents/2025"))
            .unwrap()
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        // Readable as a file written as usual, and a replaced file keeps its mode.
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        std::fs::write(root.join("content/usual.md"), "u").unwrap();
        let written = root.join("content/incidents/2025/INC-2025-002.md");
        assert_eq!(mode(&written), mode(&root.join("content/usual.md")));
        std::fs::set_permissions(&written, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(
            &root,
            Path::new("content/incidents/2025/INC-2025-002.md"),
            "w",
        )
        .unwrap();
        assert_eq!(mode(&written), 0o640);
    }
}
