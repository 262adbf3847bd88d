//! `opsbook new`: the week's record and an incident's record, pre-filled from the archive, with
//! comments that tell each owner what to fill in and where the figures come from. The text is
//! built here (pure functions, tested); `write_new` puts it on disk without ever overwriting.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::Timestamp;

use crate::analyze::{action_raised_by, action_state, ActionState};
use crate::load::records::ProjectStatus;
use crate::resolve::{Archive, Origin, Ref};
use crate::types::Week;

/// The week after the newest review.
pub fn next_week(a: &Archive) -> Option<Week> {
    a.reviews.last().map(|r| r.front.week.next())
}

pub fn week_path(week: Week) -> PathBuf {
    PathBuf::from(format!("content/reviews/{}/{week}.md", week.year()))
}

fn fmt_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// A YAML scalar for a user's text, quoted when it needs to be.
fn yaml_str(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// The next free id of the form `PREFIX-YEAR-NNN`.
fn next_id<'a>(prefix: &str, year: i16, taken: impl Iterator<Item = &'a str>) -> String {
    let start = format!("{prefix}-{year}-");
    let highest = taken
        .filter_map(|id| id.strip_prefix(&start)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{start}{:03}", highest + 1)
}

pub fn next_action_id(a: &Archive, year: i16) -> String {
    next_id("AI", year, a.actions.iter().map(|x| x.item.id.as_str()))
}

pub fn next_incident_id(a: &Archive, year: i16) -> String {
    next_id("INC", year, a.incidents.iter().map(|i| i.front.id.as_str()))
}

/// The record for `week`: every team with its on-call and a slot for each of its SLOs, the
/// incidents that started that week, and the unfinished action items as a checklist.
pub fn week_record(a: &Archive, week: Week) -> String {
    let mut y = String::new();
    let (monday, sunday) = (week.monday(), week.sunday());
    let _ = writeln!(y, "---");
    let _ = writeln!(
        y,
        "# Weekly operational review {week} ({} – {}), written by `opsbook new week`.",
        fmt_date(monday),
        fmt_date(sunday)
    );
    let _ = writeln!(
        y,
        "# Each team fills in its section before the meeting and speaks only to what deviated from"
    );
    let _ = writeln!(
        y,
        "# its normal. The facilitator removes `draft: true` when the review is done."
    );
    let _ = writeln!(
        y,
        "# `opsbook check` lists what is still missing. Field reference: docs/format.md."
    );
    let _ = writeln!(y, "week: {week}");
    let _ = writeln!(y, "draft: true");
    match a
        .site
        .facilitators
        .as_ref()
        .and_then(|r| r.person_for(week))
    {
        Some(p) => {
            let _ = writeln!(
                y,
                "facilitator: {p}  # {}, from the facilitators rotation in site.yaml",
                a.person_name(p)
            );
        }
        None => {
            let _ = writeln!(
                y,
                "facilitator:  # a person id; site.yaml can set a facilitators rotation"
            );
        }
    }
    let _ = writeln!(
        y,
        "summary:  # one line for the archive: what this week was about"
    );
    let _ = writeln!(
        y,
        "recording:  # a link to the meeting's recording, once there is one"
    );
    if let Some(service) = crate::analyze::meeting::audited_service(a, week) {
        let _ = writeln!(
            y,
            "# Dashboard of the week (dashboard_audit in site.yaml): {} ({service}): audit its dashboards in the meeting.",
            a.title(&Ref::Service(service.to_string()))
        );
    }
    if a.teams.is_empty() {
        let _ = writeln!(y, "teams: {{}}  # no team yet: content/teams/<id>.md");
    } else {
        let _ = writeln!(y, "teams:");
    }
    for (id, team) in &a.teams {
        let _ = writeln!(y, "  {id}:  # {}", team.front.name);
        let oncall = team
            .front
            .oncall_rotation
            .as_ref()
            .and_then(|r| r.person_for(week));
        match oncall {
            Some(p) => {
                let _ = writeln!(
                    y,
                    "    oncall: [{p}]  # {}, from the rotation in teams/{id}.md",
                    a.person_name(p)
                );
            }
            None => {
                let _ = writeln!(y, "    oncall: []  # who was on call (person ids)");
            }
        }
        let _ = writeln!(
            y,
            "    health:  # the on-call's own score: 1 (awful) to 5 (fine)"
        );
        let _ = writeln!(
            y,
            "    tickets:  # tickets opened this week, from the team's queue"
        );
        let objectives: Vec<(&str, f64)> = a
            .slos
            .values()
            .filter(|s| a.services.get(&s.service).and_then(|sv| sv.team()) == Some(id.as_str()))
            .flat_map(|s| {
                s.objectives
                    .iter()
                    .map(|o| (o.key.as_str(), crate::analyze::slos::target_percent(o)))
            })
            .collect();
        if objectives.is_empty() {
            let _ = writeln!(
                y,
                "    slos: {{}}  # none of this team's services has an SLO"
            );
        } else {
            let _ = writeln!(
                y,
                "    slos:  # attainment for the week in percent, from the SLO dashboards"
            );
            for (key, target) in objectives {
                let _ = writeln!(y, "      {key}:  # target {target} %");
            }
        }
        let metrics = a.team_metrics(id);
        if !metrics.is_empty() {
            let _ = writeln!(
                y,
                "    metrics:  # the week's value of each declared metric (`opsbook import prometheus` fills those with a query)"
            );
            for (key, _, m) in metrics {
                let better = match m.good {
                    crate::load::records::Good::Higher => "higher",
                    crate::load::records::Good::Lower => "lower",
                };
                let _ = writeln!(y, "      {key}:  # {}, {better} is better", m.unit);
            }
        }
        let _ = writeln!(y, "    pages:  # the week's pages: - {{at: 2025-04-01T03:12:00+02:00, alert: Name, service: id}}; or `none` for a quiet week (left empty, it is no data, not zero)");
        let _ = writeln!(
            y,
            "    # pages_csv: {week}/{id}.csv  # or an alert log beside this file (`opsbook import` writes them)"
        );
        let _ = writeln!(
            y,
            "    notes:  # what deviated from normal; link incidents with [[INC-2025-014]]"
        );
    }
    write_projects(&mut y, a, week);
    let started: Vec<&str> = a
        .incidents
        .iter()
        .filter(|i| a.incident_week(i) == week)
        .map(|i| i.front.id.as_str())
        .collect();
    if started.is_empty() {
        let _ = writeln!(
            y,
            "incidents: []  # incidents reviewed this week (none started in it)"
        );
    } else {
        let _ = writeln!(
            y,
            "incidents: [{}]  # started this week; add earlier ones you discuss",
            started.join(", ")
        );
    }
    let _ = writeln!(y, "wins: []");
    let _ = writeln!(
        y,
        "action_items: []  # new ones: - {{id: {}, title: …, owner: <person>, due: YYYY-MM-DD, status: open}}",
        next_action_id(a, week.year())
    );
    // The unfinished items on the week's Monday, when it is being prepared, oldest first: the
    // week's page shows each with its state then, from the record that raised it.
    let end = monday;
    let open: Vec<_> = a
        .actions
        .iter()
        .filter(|x| action_raised_by(x, end))
        .filter(|x| {
            matches!(
                action_state(x, end),
                ActionState::Open | ActionState::Overdue
            )
        })
        .collect();
    if open.is_empty() {
        let _ = writeln!(
            y,
            "carried_over: []  # earlier action items to follow up (none is open)"
        );
    } else {
        let _ = writeln!(
            y,
            "carried_over:  # open action items to follow up: update each where it was raised (status: done, closed:)"
        );
        for x in open {
            let due = match (x.item.due, action_state(x, end)) {
                (Some(d), ActionState::Overdue) => format!(", due {}, overdue", fmt_date(d)),
                (Some(d), _) => format!(", due {}", fmt_date(d)),
                (None, _) => String::new(),
            };
            let origin = match &x.origin {
                Origin::Review(w) => w.to_string(),
                Origin::Incident(id) => id.clone(),
            };
            let _ = writeln!(
                y,
                "  - {}  # {} ({}{due}), raised in {origin}",
                x.item.id,
                one_line(&x.item.title),
                a.person_name(&x.item.owner)
            );
        }
    }
    let _ = writeln!(y, "---");
    y
}

/// The projects still going on before the new week, carried into it with their team, status
/// and risk (their notes are the old week's: left out). A project's state is that of the newest
/// earlier review that lists it (by title): those not done are carried.
fn write_projects(y: &mut String, a: &Archive, week: Week) {
    let mut latest: Vec<&crate::load::records::Project> = vec![];
    for r in a.reviews.iter().filter(|r| r.front.week < week) {
        for p in &r.front.projects {
            match latest.iter_mut().find(|q| q.title == p.title) {
                Some(q) => *q = p,
                None => latest.push(p),
            }
        }
    }
    let carried: Vec<_> = latest
        .into_iter()
        .filter(|p| p.status != ProjectStatus::Done)
        .collect();
    if carried.is_empty() {
        let _ = writeln!(
            y,
            "projects: []  # - {{title: …, team: <id>, status: in-progress, risk: low, notes: …}}"
        );
        return;
    }
    let _ = writeln!(
        y,
        "projects:  # still going on: update the status and notes"
    );
    for p in carried {
        let _ = writeln!(y, "  - title: {}", yaml_str(&p.title));
        if let Some(team) = &p.team {
            let _ = writeln!(y, "    team: {team}");
        }
        let status = match p.status {
            ProjectStatus::Planned => "planned",
            ProjectStatus::InProgress => "in-progress",
            ProjectStatus::Paused => "paused",
            ProjectStatus::Done => "done",
        };
        let _ = writeln!(
            y,
            "    status: {status}  # planned | in-progress | done | paused"
        );
        if let Some(risk) = p.risk {
            let risk = match risk {
                crate::load::records::Risk::Low => "low",
                crate::load::records::Risk::Medium => "medium",
                crate::load::records::Risk::High => "high",
            };
            let _ = writeln!(y, "    risk: {risk}");
        }
        let _ = writeln!(y, "    notes:");
    }
}

/// A title on one line, for a YAML comment.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `opsbook new incident` was asked for.
pub struct NewIncident<'a> {
    pub title: &'a str,
    pub severity: Option<&'a str>,
    pub team: Option<&'a str>,
    pub service: Option<&'a str>,
    pub started: Timestamp,
}

/// The record of a new incident: (its id, the file's text), or why it cannot be written.
pub fn incident_record(a: &Archive, n: &NewIncident) -> Result<(String, String), String> {
    let levels: Vec<&str> = a.site.severities.iter().map(|s| s.id.as_str()).collect();
    let severity = match n.severity {
        Some(s) if levels.contains(&s) => s,
        Some(s) => {
            return Err(format!(
                "unknown severity `{s}` (expected one of: {})",
                levels.join(", ")
            ))
        }
        // The least severe level: raising it is easier than explaining an overstatement.
        None => levels.last().copied().unwrap_or("standard"),
    };
    let team = match (
        n.team,
        n.service
            .and_then(|s| a.services.get(s))
            .and_then(|s| s.team()),
    ) {
        (Some(t), _) if a.teams.contains_key(t) => t.to_string(),
        (Some(t), _) => {
            return Err(format!(
                "unknown team `{t}` (expected one of: {})",
                a.teams.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        }
        (None, Some(owner)) => owner.to_string(),
        (None, None) if a.teams.len() == 1 => a.teams.keys().next().cloned().unwrap_or_default(),
        (None, None) => {
            return Err(format!(
                "which team? (expected --team, one of: {})",
                a.teams.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        }
    };
    if let Some(s) = n.service.filter(|s| !a.services.contains_key(*s)) {
        return Err(format!(
            "unknown service `{s}` (expected one of: {})",
            a.services.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    let started = n.started.to_zoned(a.site.time_zone.tz.clone());
    let id = next_incident_id(a, started.year());
    let stamp = n.started.strftime("%Y-%m-%dT%H:%M:%SZ");
    let services = n.service.map_or(String::new(), |s| s.to_string());
    let mut y = String::new();
    let _ = writeln!(y, "---");
    let _ = writeln!(y, "# Written by `opsbook new incident`. Times are RFC 3339; leave a time empty until it happens.");
    let _ = writeln!(y, "id: {id}");
    let _ = writeln!(y, "title: {}", yaml_str(n.title));
    let _ = writeln!(y, "severity: {severity}  # {}", levels.join(" | "));
    let _ = writeln!(
        y,
        "status: investigating  # investigating | mitigated | resolved | closed"
    );
    let _ = writeln!(y, "started: {stamp}  # impact began");
    let _ = writeln!(y, "detected:  # the first alert or report");
    let _ = writeln!(y, "acknowledged:  # someone took it");
    let _ = writeln!(y, "mitigated:  # impact stopped");
    let _ = writeln!(y, "resolved:  # fully fixed");
    let _ = writeln!(y, "teams: [{team}]");
    let _ = writeln!(y, "services: [{services}]");
    let _ = writeln!(y, "commander:  # person id of the incident commander");
    let _ = writeln!(
        y,
        "detection:  # alert | customer | internal | synthetic | other"
    );
    let _ = writeln!(y, "impact:  # who was affected, how much, for how long");
    let _ = writeln!(
        y,
        "proximate_causes: []  # what directly caused it (a condition, not a person)"
    );
    let _ = writeln!(
        y,
        "trigger:  # what set it off: a deploy, a config push, traffic"
    );
    let _ = writeln!(y, "postmortem:  # link to the deep dive, if there is one");
    let _ = writeln!(
        y,
        "related: []  # earlier incidents like this one: [INC-2025-014]"
    );
    let _ = writeln!(y, "tags: []");
    let _ = writeln!(
        y,
        "action_items: []  # - {{id: {}, title: …, owner: <person>, due: YYYY-MM-DD, status: open}}",
        next_action_id(a, started.year())
    );
    let _ = writeln!(y, "---");
    let _ = writeln!(
        y,
        "## Summary\n\nWhat happened, in two or three sentences.\n"
    );
    let _ = writeln!(
        y,
        "## Timeline\n\n| Time (UTC) | What happened |\n|---|---|\n| {} | Impact began |\n",
        n.started.strftime("%Y-%m-%d %H:%M")
    );
    let _ = writeln!(
        y,
        "## What went well\n\n## What went badly\n\n## Where we got lucky"
    );
    Ok((id, y))
}

/// Writes a new file under the site root; refuses to replace one that exists, and to write
/// through a symbolic link that leads out of the root (a year's folder linked elsewhere).
pub fn write_new(root: &Path, rel: &Path, text: &str) -> Result<PathBuf, String> {
    let path = root.join(rel);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) {
        return Err(format!(
            "{} is a symbolic link; opsbook new never writes through one (expected no file there)",
            rel.display()
        ));
    }
    if let Some(parent) = path.parent() {
        // The folders that exist already must lead to the root's inside; the rest is created
        // there, as plain folders.
        let mut existing = parent;
        while !existing.exists() {
            match existing.parent() {
                Some(up) => existing = up,
                None => break,
            }
        }
        let real_root = root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", root.display()))?;
        let real = existing
            .canonicalize()
            .map_err(|e| format!("{}: {e}", existing.display()))?;
        if !real.starts_with(&real_root) {
            let shown = existing.strip_prefix(root).unwrap_or(existing);
            return Err(format!(
                "{} leads out of the site root through a symbolic link (it is {}; expected a folder inside {}); nothing written",
                shown.display(),
                real.display(),
                real_root.display()
            ));
        }
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} exists already; opsbook new never overwrites a file",
                rel.display()
            ),
            _ => format!("{}: {e}", rel.display()),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", rel.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_up_within_the_year() {
        let taken = ["INC-2025-009", "INC-2025-010", "INC-2024-044", "INC-2025-x"];
        assert_eq!(next_id("INC", 2025, taken.iter().copied()), "INC-2025-011");
        assert_eq!(next_id("INC", 2026, taken.iter().copied()), "INC-2026-001");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_record_is_not_written_through_a_link_out_of_the_root() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("content/reviews")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        // The year's folder is a link out.
        symlink(&elsewhere, root.join("content/reviews/2026")).unwrap();
        let why = write_new(&root, Path::new("content/reviews/2026/2026-W09.md"), "x").unwrap_err();
        assert!(
            why.starts_with(
                "content/reviews/2026 leads out of the site root through a symbolic link"
            ),
            "{why}"
        );
        // A folder below a link out, not there yet, is not created either.
        let why = write_new(&root, Path::new("content/reviews/2026/deep/x.md"), "x").unwrap_err();
        assert!(why.contains("leads out of the site root"), "{why}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        // The file itself is a link, to nothing or to something.
        std::fs::create_dir_all(root.join("content/incidents/2026")).unwrap();
        let target = root.join("content/incidents/2026/INC-2026-001.md");
        symlink(elsewhere.join("new.md"), &target).unwrap();
        let why = write_new(
            &root,
            Path::new("content/incidents/2026/INC-2026-001.md"),
            "x",
        )
        .unwrap_err();
        assert!(why.contains("is a symbolic link"), "{why}");
        assert!(!elsewhere.join("new.md").exists());
        // Inside the root, through a link or not, it writes.
        std::fs::create_dir_all(root.join("archive/2027")).unwrap();
        symlink("../../archive/2027", root.join("content/reviews/2027")).unwrap();
        write_new(&root, Path::new("content/reviews/2027/2027-W01.md"), "x").unwrap();
        assert!(root.join("archive/2027/2027-W01.md").is_file());
        write_new(&root, Path::new("content/reviews/2028/2028-W01.md"), "x").unwrap();
    }

    #[test]
    fn titles_are_quoted_when_yaml_needs_it() {
        assert_eq!(yaml_str("Checkout errors"), "Checkout errors");
        assert_eq!(yaml_str("Outage: ledger"), "'Outage: ledger'");
        assert_eq!(yaml_str("#1 fire"), "'#1 fire'");
    }
}
