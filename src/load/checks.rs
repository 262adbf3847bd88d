//! Checks that one record can answer on its own: ranges, time order, ids that must agree with
//! file names. Each problem is placed at the YAML value it is about.

use jiff::Timestamp;

use super::records::*;
use super::urls::{check_base_url, check_url, shown};
use super::walk::theme_name_problem;
use super::{Document, Source};
use crate::diagnostics::Diagnostics;

/// A URL field of front matter (`postmortem`, a dashboard): published only with a safe scheme.
fn url_field(field: &str, url: &str, src: &Source, at: &str, d: &mut Diagnostics) {
    if let Err(why) = check_url(url) {
        let message = format!("{field} `{}`: {why}", shown(url));
        d.error(&src.path, src.at(at), message);
    }
}

pub fn site(site: &SiteConfig, source: &Source, d: &mut Diagnostics) {
    if let Some(theme) = &site.theme {
        if let Some(message) = theme_name_problem(theme) {
            d.error(&source.path, source.at("theme"), message);
        }
    }
    if let Some(base) = &site.base_url {
        if let Err(why) = check_base_url(base) {
            let message = format!("base_url `{}`: {why}", shown(base));
            d.error(&source.path, source.at("base_url"), message);
        }
    }
    if site.severities.is_empty() {
        d.error(
            &source.path,
            source.at("severities"),
            "the severity scale is empty (expected at least one level)",
        );
    }
    for (i, level) in site.severities.iter().enumerate() {
        if site.severities.iter().take(i).any(|l| l.id == level.id) {
            let at = source.at(&format!("severities.{i}.id"));
            d.error(
                &source.path,
                at,
                format!(
                    "severity `{}` is listed twice (expected each level once)",
                    level.id
                ),
            );
        }
    }
    if let Some(r) = &site.facilitators {
        rotation(r, "facilitators", "facilitator", source, d);
    }
    import_settings(site, source, d);
    if site.business_hours.start >= site.business_hours.end {
        d.error(
            &source.path,
            source.at("business_hours.end"),
            "business hours end before they start (expected end after start)",
        );
    }
}

/// `import:`: alert-name rules that compile and name the alert, severities of the site's scale.
fn import_settings(site: &SiteConfig, source: &Source, d: &mut Diagnostics) {
    for (n, rule) in site.import.alert_names.iter().enumerate() {
        let at = source.at(&format!("import.alert_names.{n}.pattern"));
        match regex::Regex::new(&rule.pattern) {
            Ok(re) if re.capture_names().any(|c| c == Some("alert")) => {}
            Ok(_) => d.error(
                &source.path,
                at,
                "the pattern has no group named `alert` (expected a regular expression like `^Nightly (?P<alert>\\S+) failed`)",
            ),
            Err(e) => {
                let text = e.to_string();
                let last = text.lines().last().unwrap_or_default();
                let why = last.strip_prefix("error: ").unwrap_or(last).to_string();
                d.error(
                    &source.path,
                    at,
                    format!("the pattern is not a regular expression: {why} (expected a regular expression with a group named `alert`)"),
                );
            }
        }
    }
    let levels: Vec<&str> = site.severities.iter().map(|s| s.id.as_str()).collect();
    for (tool, names) in &site.import.severities {
        for (name, level) in names {
            if !levels.contains(&level.as_str()) {
                d.error(
                    &source.path,
                    source.at(&format!("import.severities.{}.{name}", tool.key())),
                    format!(
                        "unknown severity `{level}` (expected one of the site's scale: {})",
                        levels.join(", ")
                    ),
                );
            }
        }
    }
}

/// Settings that bound loops over weeks: beyond these they are typos, and would make a build
/// take hours.
const MAX_WINDOW_WEEKS: u32 = 520;

/// Bounds of the analysis settings (docs/format.md).
pub fn site_bounds(site: &SiteConfig, source: &Source, d: &mut Diagnostics) {
    let mut weeks = |path: &str, value: u32| {
        if !(1..=MAX_WINDOW_WEEKS).contains(&value) {
            d.error(
                &source.path,
                source.at(path),
                format!("{path} {value} is out of range (expected 1 to {MAX_WINDOW_WEEKS} weeks)"),
            );
        }
    };
    weeks("baseline_weeks", site.baseline_weeks);
    weeks("recurring_alert.window", site.recurring_alert.window);
    weeks("recurring_alert.weeks", site.recurring_alert.weeks);
    if site.recurring_alert.weeks > site.recurring_alert.window {
        d.error(
            &source.path,
            source.at("recurring_alert.weeks"),
            format!(
                "recurring_alert.weeks {} is more than its window of {} weeks (expected at most the window)",
                site.recurring_alert.weeks, site.recurring_alert.window
            ),
        );
    }
    let u = &site.unusual;
    if u.min_weeks == 0 || u.min_weeks > site.baseline_weeks as usize {
        d.error(
            &source.path,
            source.at("unusual.min_weeks"),
            format!(
                "unusual.min_weeks {} is out of range (expected 1 to baseline_weeks, {})",
                u.min_weeks, site.baseline_weeks
            ),
        );
    }
    let floors = [
        ("unusual.pages", u.pages),
        ("unusual.off_hours_pages", u.off_hours_pages),
        ("unusual.sleep_pages", u.sleep_pages),
        ("unusual.tickets", u.tickets),
        ("unusual.health_drop", u.health_drop),
        ("unusual.attainment_drop_budget", u.attainment_drop_budget),
    ];
    for (path, value) in floors {
        if !(0.0..=1e6).contains(&value) {
            d.error(
                &source.path,
                source.at(path),
                format!("{path} {value} is out of range (expected a number from 0 to 1000000)"),
            );
        }
    }
    for (key, minutes) in site.meeting.sections() {
        if minutes > MAX_SECTION_MINUTES {
            let path = format!("meeting.{key}");
            d.error(
                &source.path,
                source.at(&path),
                format!("{path} {minutes} is out of range (expected 0 to {MAX_SECTION_MINUTES} minutes)"),
            );
        }
    }
    if site.meeting.total() == 0 {
        d.error(
            &source.path,
            source.at("meeting"),
            "the meeting has no time (expected at least one section with minutes)",
        );
    }
}

/// A section of the meeting longer than this is a typo (minutes, not seconds).
const MAX_SECTION_MINUTES: u32 = 240;

pub fn service(s: &Document<ServiceFront>, d: &mut Diagnostics) {
    for (n, dashboard) in s.front.dashboards.iter().enumerate() {
        let at = match dashboard {
            Dashboard::Url(_) => format!("dashboards.{n}"),
            Dashboard::Titled { .. } => format!("dashboards.{n}.url"),
        };
        url_field("dashboard", dashboard.url(), &s.source, &at, d);
    }
    metrics(&s.front.metrics, &s.source, d);
    if let Some(tier) = s.front.tier {
        if !(1..=3).contains(&tier) {
            d.error(
                &s.source.path,
                s.source.at("tier"),
                format!("tier {tier} is out of range (expected 1, 2 or 3)"),
            );
        }
    }
}

/// A rotation's periods (`what`: whose turns they are): at least one, each with somebody in it
/// and starting after the one before.
pub fn rotation(r: &Rotation, at: &str, what: &str, src: &Source, d: &mut Diagnostics) {
    for (n, period) in r.periods.iter().enumerate() {
        if period.people.is_empty() {
            d.error(
                &src.path,
                src.at(&format!("{at}.{}", r.path(n, "people"))),
                format!("the {what} rotation is empty (expected at least one person)"),
            );
        }
    }
    if r.periods.is_empty() {
        let expected = "expected a list of periods, each with `start_week` and `people`";
        d.error(
            &src.path,
            src.at(at),
            format!("the rotation has no period ({expected})"),
        );
    }
    for (n, pair) in r.periods.windows(2).enumerate() {
        let [before, period] = pair else { continue };
        if period.start_week <= before.start_week {
            let path = format!("{at}.{}", r.path(n + 1, "start_week"));
            d.error(
                &src.path,
                src.at(&path),
                format!(
                    "period starting {} does not come after the one starting {} (expected the periods oldest first, each from a later week)",
                    period.start_week, before.start_week
                ),
            );
        }
    }
}

pub fn team(t: &Document<TeamFront>, d: &mut Diagnostics) {
    if let Some(r) = &t.front.oncall_rotation {
        rotation(r, "oncall_rotation", "on-call", &t.source, d);
    }
    metrics(&t.front.metrics, &t.source, d);
}

/// Declared metrics: an id that can be a key and part of an address, a unit, bounds in order,
/// a target and bounds of the metric's kind, thresholds that are not negative.
pub fn metrics(
    declared: &std::collections::BTreeMap<String, crate::load::records::MetricDecl>,
    src: &Source,
    d: &mut Diagnostics,
) {
    for (id, m) in declared {
        let at = |field: &str| src.at(&format!("metrics.{id}.{field}"));
        if !crate::types::is_slug(id) {
            d.error(
                &src.path,
                src.key_at(&format!("metrics.{id}")),
                format!("`{id}` is not a valid metric id (expected lower-case letters, digits and hyphens, like p99-latency)"),
            );
        }
        if m.unit.trim().is_empty() {
            d.error(
                &src.path,
                at("unit"),
                "empty unit (expected what the value counts, like requests/s, ms, % or bugs)",
            );
        }
        let limits = [
            ("target", m.target),
            ("bounds.min", m.bounds.min),
            ("bounds.max", m.bounds.max),
        ];
        for (field, value) in limits {
            if let Some(why) = value.and_then(|v| m.kind.refuses(v)) {
                let v = value.unwrap_or_default();
                d.error(
                    &src.path,
                    at(field),
                    format!("{field} {v} is not of the metric's kind ({why})"),
                );
            }
        }
        if let (Some(min), Some(max)) = (m.bounds.min, m.bounds.max) {
            if min > max {
                d.error(
                    &src.path,
                    at("bounds.max"),
                    format!("bounds.max {max} is below bounds.min {min} (expected min ≤ max)"),
                );
            }
        }
        for (field, value) in [
            ("unusual.change", m.unusual.change),
            ("unusual.at_least", m.unusual.at_least),
        ] {
            if value < 0.0 {
                d.error(
                    &src.path,
                    at(field),
                    format!("{field} {value} is negative (expected 0 or more; change is a share of the usual, 0.25 for 25 %)"),
                );
            }
        }
        if m.query.as_deref().is_some_and(|q| q.trim().is_empty()) {
            d.error(
                &src.path,
                at("query"),
                "empty query (expected PromQL, or no `query:`)",
            );
        }
    }
}

/// A tag needs a letter or digit: it becomes the address `/tags/<slug>/`.
pub fn tags(tags: &[String], src: &Source, d: &mut Diagnostics) {
    for (n, tag) in tags.iter().enumerate() {
        if crate::types::slugify(tag).is_empty() {
            let message = format!("tag `{tag}` has no letter or digit (expected a word such as `deploy`; it becomes /tags/<tag>/)");
            d.error(&src.path, src.at(&format!("tags.{n}")), message);
        }
    }
}

/// More tickets than this in one team-week is a typo, not a week: a bound keeps every sum far
/// from overflowing.
pub const MAX_TICKETS: u32 = 100_000;

pub fn review(r: &Document<ReviewFront>, d: &mut Diagnostics) {
    let src = &r.source;
    tags(&r.front.tags, src, d);
    if let Some(url) = &r.front.recording {
        url_field("recording", url, src, "recording", d);
    }
    let week = r.front.week.to_string();
    if week != r.id {
        d.error(
            &src.path,
            src.at("week"),
            format!(
                "week `{week}` disagrees with the file name `{}.md` (expected week: {})",
                r.id, r.id
            ),
        );
    }
    let folder_year = src
        .path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    let year = format!("{:04}", r.front.week.year());
    if folder_year != Some(year.as_str()) {
        let expected = format!("expected it under content/reviews/{year}/");
        d.error(
            &src.path,
            None,
            format!("review {week} is in the wrong year's folder ({expected})"),
        );
    }
    if r.front.draft {
        d.warning(
            &src.path,
            src.at("draft"),
            "draft review: written by `opsbook new week` and not yet reviewed (fill it in, then remove `draft: true`)",
        );
    }
    for (team, tw) in &r.front.teams {
        let at = |field: &str| src.at(&format!("teams.{team}.{field}"));
        for (n, page) in tw.pages.iter().enumerate() {
            if let Err(why) = crate::types::check_time(page.at) {
                // Pages from a CSV log are checked at their row when read.
                if tw.pages_csv.is_none() {
                    d.error(
                        &src.path,
                        at(&format!("pages.{n}.at")),
                        format!("at: {why}"),
                    );
                }
            }
        }
        if let Some(h) = tw.health {
            if !(1..=5).contains(&h) {
                d.error(
                    &src.path,
                    at("health"),
                    format!("health {h} is out of range (expected 1 (awful) to 5 (great))"),
                );
            }
        }
        if let Some(t) = tw.tickets.filter(|t| *t > MAX_TICKETS) {
            d.error(
                &src.path,
                at("tickets"),
                format!("tickets {t} is out of range (expected at most {MAX_TICKETS} tickets in a week)"),
            );
        }
        for (slo, value) in &tw.slos {
            if !(0.0..=100.0).contains(value) {
                let expected = "expected an attainment in percent, 0 to 100, like 99.95";
                d.error(
                    &src.path,
                    at(&format!("slos.{slo}")),
                    format!("attainment {value} is out of range ({expected})"),
                );
            }
        }
    }
    action_items(&r.front.action_items, src, d);
}

pub fn incident(i: &Document<IncidentFront>, d: &mut Diagnostics) {
    let src = &i.source;
    tags(&i.front.tags, src, d);
    let f = &i.front;
    if let Some(url) = &f.postmortem {
        url_field("postmortem", url, src, "postmortem", d);
    }
    if f.id != i.id {
        let expected = format!("expected the file to be named {}.md, or id: {}", f.id, i.id);
        d.error(
            &src.path,
            src.at("id"),
            format!(
                "id `{}` disagrees with the file name `{}.md` ({expected})",
                f.id, i.id
            ),
        );
    }
    let year = incident_year(&f.id);
    match year {
        None => d.error(
            &src.path,
            src.at("id"),
            format!(
                "`{}` is not an incident id (expected INC-YYYY-NNN, like INC-2025-014)",
                f.id
            ),
        ),
        Some(year) => {
            let folder = src
                .path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str());
            if folder != Some(year) {
                d.error(&src.path, None, format!("incident {} is in the wrong year's folder (expected content/incidents/{year}/)", f.id));
            }
        }
    }
    if f.teams.is_empty() {
        d.error(
            &src.path,
            src.at("teams"),
            "no team (expected at least one team id)",
        );
    }
    let all_times = [
        ("started", Some(f.started)),
        ("detected", f.detected),
        ("acknowledged", f.acknowledged),
        ("mitigated", f.mitigated),
        ("resolved", f.resolved),
    ];
    for (name, t) in all_times {
        if let Some(Err(why)) = t.map(crate::types::check_time) {
            d.error(&src.path, src.at(name), format!("{name}: {why}"));
        }
    }
    let times: [(&str, Option<Timestamp>); 4] = [
        ("detected", f.detected),
        ("acknowledged", f.acknowledged),
        ("mitigated", f.mitigated),
        ("resolved", f.resolved),
    ];
    for (name, t) in times {
        if let Some(t) = t {
            if t < f.started {
                d.error(
                    &src.path,
                    src.at(name),
                    format!(
                        "{name} {t} is before started {} (expected a time after the impact began)",
                        f.started
                    ),
                );
            }
        }
    }
    if let (Some(detected), Some(ack)) = (f.detected, f.acknowledged) {
        if ack < detected {
            d.error(&src.path, src.at("acknowledged"), format!("acknowledged {ack} is before detected {detected} (expected a time after detection)"));
        }
    }
    if let (Some(m), Some(r)) = (f.mitigated, f.resolved) {
        if r < m {
            d.error(
                &src.path,
                src.at("resolved"),
                format!("resolved {r} is before mitigated {m} (expected a time after mitigation)"),
            );
        }
    }
    if matches!(f.status, IncidentStatus::Resolved | IncidentStatus::Closed) && f.resolved.is_none()
    {
        d.error(&src.path, src.at("status"), "status says resolved but there is no `resolved:` time (expected the time the incident was resolved)");
    }
    action_items(&f.action_items, src, d);
}

/// `INC-2025-014` → `2025`.
pub fn incident_year(id: &str) -> Option<&str> {
    let rest = id.strip_prefix("INC-")?;
    let (year, number) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (year.len() == 4 && digits(year) && digits(number)).then_some(year)
}

fn action_items(items: &[ActionItem], src: &Source, d: &mut Diagnostics) {
    for (n, item) in items.iter().enumerate() {
        let at = |field: &str| src.at(&format!("action_items.{n}.{field}"));
        if item.id.is_empty() || item.id.chars().any(char::is_whitespace) {
            d.error(&src.path, at("id"), format!("`{}` is not an action item id (expected an id without spaces, like AI-2025-031)", item.id));
        }
        for (field, date) in [("due", item.due), ("closed", item.closed)] {
            if let Some(Err(why)) = date.map(|d| crate::types::check_year(d.year())) {
                d.error(&src.path, at(field), format!("{field}: {why}"));
            }
        }
        match (item.status, item.closed) {
            (ActionStatus::Open, Some(_)) => d.error(&src.path, at("closed"), format!("action item {} is open but has a closed date (expected status: done or dropped, or no closed date)", item.id)),
            (ActionStatus::Done | ActionStatus::Dropped, None) => d.error(&src.path, at("status"), format!("action item {} is {} but has no closed date (expected closed: YYYY-MM-DD)", item.id, item.status.as_str())),
            _ => {}
        }
    }
}
