//! `opsbook import <tool> FILE…`: the pages and incidents of other tools' exports, as the
//! archive's own records. Each tool's file is read as the tool exports it (one module per
//! tool); every row is mapped onto the archive by the declarations of its records only
//! (`mapping`), its alert named by the rule (`normalise`), and the result split by ISO week in
//! the team's time zone and by the owning team of the row's service, then written as the
//! week's alert logs and the reviews' `pages_csv` (`write`, `reviews`), or as incident records
//! (`incidentio`). Nothing is written while any row does not map, unless asked to skip those.

mod alertmanager;
mod incidentio;
mod mapping;
mod normalise;
mod opsgenie;
mod pagerduty;
pub(crate) mod prometheus;
mod read;
mod reviews;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::diagnostics::{Diagnostics, Level, Position};
use crate::load::records::{Tool, Urgency};
use crate::resolve::Archive;
use crate::types::Week;
use mapping::{either, Found, Mapping};

/// What `opsbook import` was asked to do.
pub(crate) struct Request<'a> {
    pub tool: Tool,
    pub files: &'a [PathBuf],
    /// Say what would be written, and write nothing.
    pub dry_run: bool,
    /// Replace pages a person typed (or an import of another tool wrote) for a team-week.
    pub replace: bool,
    /// Leave out the rows whose service or person is not declared, instead of stopping.
    pub skip_unknown: bool,
}

/// How an import went: what it wrote (or would write), line by line.
pub(crate) struct Report {
    pub lines: Vec<String>,
}

/// Why an import stopped. The problems are in the diagnostics.
pub(crate) enum Stop {
    /// The exports or the archive have problems; nothing was written.
    Content,
    /// Writing failed, after what the report lists.
    Io(String, Report),
}

/// What a tool calls something, as a row gives it: `value` is compared with the declared names,
/// `shown` is how messages show it, `what` says what it is (`service id`, `tag`).
#[derive(Clone, Debug)]
pub(super) struct Called {
    pub value: String,
    pub shown: String,
    pub what: &'static str,
}

impl Called {
    pub(super) fn new(value: &str, what: &'static str) -> Called {
        Called {
            value: value.trim().to_string(),
            shown: value.trim().to_string(),
            what,
        }
    }
}

/// One page as an export gives it, with the places of its values in the file.
pub(super) struct SourcePage {
    /// Its identity in the tool: the same page twice in one import is counted once.
    pub key: String,
    pub at: Timestamp,
    /// The notification's text (or, when `named`, the alert rule's name).
    pub text: String,
    pub named: bool,
    /// What the row calls its service and its responder, the most telling first.
    pub service: Vec<Called>,
    pub responder: Vec<Called>,
    pub ack_seconds: Option<i64>,
    pub urgency: Option<Urgency>,
    pub text_at: Position,
    pub service_at: Position,
    pub responder_at: Position,
}

/// One page as the archive records it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Page {
    pub at: Timestamp,
    pub alert: String,
    pub service: String,
    pub responder: Option<String>,
    pub ack_seconds: Option<i64>,
    pub urgency: Option<Urgency>,
}

/// Whether a file is JSON (else CSV).
pub(super) fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    matches!(
        bytes.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// A file's text; invalid UTF-8 is placed.
pub(super) fn utf8<'a>(shown: &Path, bytes: &'a [u8], d: &mut Diagnostics) -> Option<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let before = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let before = String::from_utf8_lossy(before);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            d.error(
                shown,
                Some(Position::new(line, column)),
                "invalid UTF-8 (expected the export as UTF-8 text)",
            );
            None
        }
    }
}

/// A time cell: RFC 3339 with an offset, within the years opsbook reads.
pub(super) fn time_cell(
    shown: &Path,
    cell: Option<(&str, Position)>,
    row: Position,
    d: &mut Diagnostics,
) -> Option<Timestamp> {
    let Some((text, place)) = cell else {
        d.error(
            shown,
            Some(row),
            "empty time (expected an RFC 3339 time with an offset, like 2025-04-01T03:12:00+02:00)",
        );
        return None;
    };
    match text.parse::<Timestamp>() {
        Ok(t) => match crate::types::check_time(t) {
            Ok(()) => Some(t),
            Err(why) => {
                d.error(shown, Some(place), format!("`{text}`: {why}"));
                None
            }
        },
        Err(_) => {
            d.error(
                shown,
                Some(place),
                format!("`{text}` is not a time (expected RFC 3339 with an offset, like 2025-04-01T03:12:00+02:00)"),
            );
            None
        }
    }
}

/// A problem with a row: an error, or with `--skip-unknown` a warning that the row is left out.
struct Rows<'d> {
    d: &'d mut Diagnostics,
    skip: bool,
    skipped: usize,
}

impl Rows<'_> {
    fn unknown(&mut self, shown: &Path, at: Position, message: String) {
        if self.skip {
            self.d.report(
                Level::Warning,
                shown,
                Some(at),
                format!("skipped: {message}"),
            );
        } else {
            self.d.error(shown, Some(at), message);
        }
    }
}

/// The rows that name one unknown thing: reported once, at the first, with the count of the rest.
struct Unknowns {
    /// (file, normalised name) → (first place, message, lines of the other rows).
    by_name: BTreeMap<(PathBuf, String), (Position, String, Vec<usize>)>,
}

impl Unknowns {
    fn new() -> Unknowns {
        Unknowns {
            by_name: BTreeMap::new(),
        }
    }

    fn add(&mut self, shown: &Path, name: &str, at: Position, message: impl FnOnce() -> String) {
        let key = (shown.to_path_buf(), mapping::norm(name));
        match self.by_name.get_mut(&key) {
            Some((_, _, more)) => more.push(at.line),
            None => {
                self.by_name.insert(key, (at, message(), vec![]));
            }
        }
    }

    fn report(self, rows: &mut Rows) {
        for ((file, _), (at, message, more)) in self.by_name {
            let also = match more.as_slice() {
                [] => String::new(),
                [one] => format!("; 1 more row names it (line {one})"),
                lines => {
                    let shown: Vec<String> = lines.iter().take(5).map(|l| l.to_string()).collect();
                    let etc = if lines.len() > 5 { ", …" } else { "" };
                    format!(
                        "; {} more rows name it (lines {}{etc})",
                        lines.len(),
                        shown.join(", ")
                    )
                }
            };
            rows.unknown(&file, at, format!("{message}{also}"));
        }
    }
}

fn unknown_service(m: &Mapping, tool: Tool, names: &[Called]) -> String {
    let first = names.first();
    let shown = first.map_or("(none)", |c| c.shown.as_str());
    // Ids and names are all worth declaring; of tags and labels, the first (a `service` one).
    let own: Vec<&Called> = names
        .iter()
        .filter(|c| c.what != "label" && c.what != "tag" && c.what != "entity")
        .collect();
    let declare: Vec<&Called> = if own.is_empty() {
        first.into_iter().collect()
    } else {
        own
    };
    let others: Vec<String> = declare
        .iter()
        .skip(1)
        .map(|c| format!("{} {}", c.what, c.shown))
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(", {}", others.join(", "))
    };
    let closest = m.services.closest(shown);
    let expected = format!(
        "expected a service whose id, name or external.{} names it; {}",
        tool.key(),
        if !closest.is_empty() {
            format!("did you mean {}?", either(&closest))
        } else {
            let known = m.services.ids();
            if known.is_empty() {
                "there is none yet".to_string()
            } else {
                format!("the services are {}", known.join(", "))
            }
        }
    );
    let items: Vec<String> = declare.iter().map(|c| yaml_item(&c.shown)).collect();
    let service_file = match closest.first() {
        Some(id) => format!("content/services/{id}.md"),
        None => "content/services/<id>.md".into(),
    };
    let new_id = new_service_id(shown);
    let create = if m.services.ids().contains(&new_id.as_str()) {
        String::new()
    } else {
        format!(", or create content/services/{new_id}.md with its `name:` and `team:`")
    };
    format!(
        "unknown service `{shown}` ({} {}{also}) ({expected}); to declare it, add `external: {{ {}: [{}] }}` to the front matter of {service_file}{create}",
        tool.title(),
        first.map_or("service", |c| c.what),
        tool.key(),
        items.join(", "),
    )
}

/// An id to suggest for a new service: `Notifications Gateway (prod)` → `notifications-gateway`,
/// `service:notify-gw` → `notify-gw`.
fn new_service_id(shown: &str) -> String {
    let base = shown.rsplit([':', '=']).next().unwrap_or(shown);
    let base = base.split('(').next().unwrap_or(base);
    let id = crate::types::slugify(base.trim_matches('"'));
    if id.is_empty() {
        "<id>".into()
    } else {
        id
    }
}

/// A value as an item of a YAML flow list, quoted when it needs to be.
fn yaml_item(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
        && !text.starts_with(['-', '.', '@']);
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn unknown_person(m: &Mapping, tool: Tool, names: &[Called]) -> String {
    let first = names.first();
    let shown = first.map_or("(none)", |c| c.shown.as_str());
    let others: Vec<String> = names
        .iter()
        .skip(1)
        .map(|c| format!("{} {}", c.what, c.shown))
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(", {}", others.join(", "))
    };
    let closest = m.people.closest(shown);
    let mut expected = format!(
        "expected a person whose id, display name, e-mail or external.{} names them",
        tool.key()
    );
    if !closest.is_empty() {
        expected += &format!("; did you mean {}?", either(&closest));
    }
    // The line to add: the name and what the tool calls the person.
    let name_of = names
        .iter()
        .find(|c| c.what == "user name")
        .map(|c| c.shown.clone());
    let email = names
        .iter()
        .find(|c| c.shown.contains('@'))
        .map(|c| c.shown.clone());
    let name = name_of
        .clone()
        .or_else(|| email.as_deref().map(mapping::name_from_email))
        .unwrap_or_else(|| shown.to_string());
    let mut fields = vec![format!("name: {}", yaml_item_or_plain(&name))];
    if let Some(email) = &email {
        fields.push(format!("email: {email}"));
    }
    let ids: Vec<String> = names
        .iter()
        .filter(|c| c.what == "user id" || (c.what == "user" && !c.shown.contains('@')))
        .map(|c| yaml_item(&c.shown))
        .collect();
    if !ids.is_empty() {
        fields.push(format!(
            "external: {{ {}: [{}] }}",
            tool.key(),
            ids.join(", ")
        ));
    }
    format!(
        "unknown person `{shown}` ({} {}{also}) ({expected}); to declare them, add under `people:` in content/site.yaml:   {}: {{ {} }}",
        tool.title(),
        first.map_or("user", |c| c.what),
        mapping::person_id_for(&name),
        fields.join(", ")
    )
}

/// A display name in a flow mapping: plain unless YAML needs quotes.
fn yaml_item_or_plain(text: &str) -> String {
    let needs = text.contains([':', ',', '{', '}', '[', ']', '#', '"', '\''])
        || text.starts_with(['-', '?', '!', '&', '*', '|', '>', '%', '@', '`']);
    if needs {
        yaml_item(text)
    } else {
        text.to_string()
    }
}

/// Every page of the exports, mapped onto the archive and grouped by (team, week); a row that
/// did not map is left out, its problem in `rows`.
fn map_pages(
    a: &Archive,
    req: &Request,
    exports: &[(PathBuf, Vec<SourcePage>)],
    rows: &mut Rows,
) -> BTreeMap<(String, Week), Vec<Page>> {
    let m = Mapping::new(a, req.tool);
    let mut weeks: BTreeMap<(String, Week), Vec<Page>> = BTreeMap::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut services = Unknowns::new();
    let mut people = Unknowns::new();
    let mut unnamed: BTreeMap<(PathBuf, String), Position> = BTreeMap::new();
    let normaliser = normalise::Normaliser::new(&a.site.import.alert_names, req.tool);
    for (shown, pages) in exports {
        for p in pages {
            if !seen.insert(&p.key) {
                continue;
            }
            let values =
                |names: &[Called]| names.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
            let service = match m
                .services
                .find(values(&p.service).iter().map(String::as_str))
            {
                Found::One(id) => Some(id),
                Found::Many(ids) => {
                    let message = format!(
                        "`{}` names more than one service: {} (expected each name or id of {} declared on one service only)",
                        p.service.first().map_or("", |c| c.shown.as_str()),
                        ids.join(", "),
                        req.tool.title()
                    );
                    rows.d.error(shown, Some(p.service_at), message);
                    None
                }
                Found::None => {
                    let name = p.service.first().map_or("", |c| c.value.as_str());
                    services.add(shown, name, p.service_at, || {
                        unknown_service(&m, req.tool, &p.service)
                    });
                    None
                }
            };
            let responder = if p.responder.is_empty() {
                Ok(None)
            } else {
                match m
                    .people
                    .find(values(&p.responder).iter().map(String::as_str))
                {
                    Found::One(id) => Ok(Some(id)),
                    Found::Many(ids) => {
                        let message = format!(
                            "`{}` names more than one person: {} (expected each name, e-mail or id declared for one person only)",
                            p.responder.first().map_or("", |c| c.shown.as_str()),
                            ids.join(", ")
                        );
                        rows.d.error(shown, Some(p.responder_at), message);
                        Err(())
                    }
                    Found::None => {
                        let name = p.responder.first().map_or("", |c| c.value.as_str());
                        people.add(shown, name, p.responder_at, || {
                            unknown_person(&m, req.tool, &p.responder)
                        });
                        Err(())
                    }
                }
            };
            let (Some(service), Ok(responder)) = (service, responder) else {
                rows.skipped += 1;
                continue;
            };
            let Some(team) = a.services.get(service).and_then(|s| s.team()) else {
                rows.d.error(
                    shown,
                    Some(p.service_at),
                    format!("service `{service}` has no team (expected `team:` in content/services/{service}.md: its pages go to that team's week)"),
                );
                continue;
            };
            let alert = if p.named {
                p.text.trim().to_string()
            } else {
                let name = normaliser.name(&p.text);
                if !name.recognised && !name.alert.is_empty() {
                    unnamed
                        .entry((shown.clone(), name.alert.clone()))
                        .or_insert(p.text_at);
                }
                name.alert
            };
            if alert.is_empty() {
                rows.d.error(
                    shown,
                    Some(p.text_at),
                    "empty alert (expected the alert's name or the notification's text)",
                );
                continue;
            }
            let day = p.at.to_zoned(a.team_zone(team).clone()).date();
            weeks
                .entry((team.to_string(), Week::containing(day)))
                .or_default()
                .push(Page {
                    at: p.at,
                    alert,
                    service: service.to_string(),
                    responder: responder.map(str::to_string),
                    ack_seconds: p.ack_seconds,
                    urgency: p.urgency,
                });
        }
    }
    services.report(rows);
    people.report(rows);
    for ((shown, alert), at) in unnamed {
        rows.d.warning(
            &shown,
            Some(at),
            format!("no rule recognised an alert name in `{alert}`: it is kept whole (expected a notification like `[FIRING:1] Name labels`; import.alert_names in content/site.yaml can add a rule)"),
        );
    }
    weeks
}

/// Runs an import on a checked archive.
pub(crate) fn run(a: &Archive, req: &Request, d: &mut Diagnostics) -> Result<Report, Stop> {
    let mut read_files = vec![];
    for file in req.files {
        match std::fs::read(file) {
            Ok(bytes) => read_files.push((file.clone(), bytes)),
            Err(e) => d.error(file, None, format!("cannot read the export: {e}")),
        }
    }
    if d.has_errors() {
        return Err(Stop::Content);
    }
    let mut rows = Rows {
        d,
        skip: req.skip_unknown,
        skipped: 0,
    };
    let changes = if req.tool == Tool::Incidentio {
        let mut incidents = vec![];
        for (shown, bytes) in &read_files {
            incidents.push((shown.clone(), incidentio::incidents(shown, bytes, rows.d)));
        }
        if rows.d.has_errors() {
            return Err(Stop::Content);
        }
        incidentio::plan(a, &incidents, &mut rows)
    } else {
        let mut exports = vec![];
        for (shown, bytes) in &read_files {
            let pages = match req.tool {
                Tool::Pagerduty => pagerduty::pages(shown, bytes, rows.d),
                Tool::Opsgenie => opsgenie::pages(shown, bytes, rows.d),
                Tool::Alertmanager => alertmanager::pages(shown, bytes, rows.d),
                Tool::Incidentio => vec![],
            };
            exports.push((shown.clone(), pages));
        }
        if rows.d.has_errors() {
            return Err(Stop::Content);
        }
        let count: usize = exports.iter().map(|(_, p)| p.len()).sum();
        let weeks = map_pages(a, req, &exports, &mut rows);
        if rows.d.has_errors() {
            return Err(Stop::Content);
        }
        let mut plan = write::plan_pages(a, req, &weeks, rows.d);
        let pages: usize = weeks.values().map(Vec::len).sum();
        plan.summary.insert(
            0,
            format!(
                "{} from {}: {} read, {} in {}{}",
                req.tool.title(),
                files_named(req.files),
                plural(count, "page"),
                plural(pages, "page"),
                plural(weeks.len(), "team-week"),
                if rows.skipped > 0 {
                    format!(" ({} skipped)", plural(rows.skipped, "row"))
                } else {
                    String::new()
                }
            ),
        );
        plan
    };
    if rows.d.has_errors() {
        return Err(Stop::Content);
    }
    write::apply(&a.root, changes, req.dry_run)
}

fn files_named(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    names.join(", ")
}

pub(super) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_first_character() {
        assert!(looks_like_json(b"\xEF\xBB\xBF  {\"a\": 1}"));
        assert!(looks_like_json(b"\n[1]"));
        assert!(!looks_like_json(b"id,description\n"));
    }

    #[test]
    fn values_are_quoted_for_yaml_when_they_need_it() {
        assert_eq!(yaml_item("PN0T1FY"), "PN0T1FY");
        assert_eq!(
            yaml_item("Notifications Gateway (prod)"),
            "\"Notifications Gateway (prod)\""
        );
        assert_eq!(yaml_item("service:notify-gw"), "\"service:notify-gw\"");
        assert_eq!(yaml_item_or_plain("Keisha Johnson"), "Keisha Johnson");
        assert_eq!(yaml_item_or_plain("O'Brien: ops"), "\"O'Brien: ops\"");
        assert_eq!(
            new_service_id("Notifications Gateway (prod)"),
            "notifications-gateway"
        );
        assert_eq!(new_service_id("service:notify-gw"), "notify-gw");
    }
}
