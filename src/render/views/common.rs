//! What the views share: links, people, dates, durations, percentages and plurals, each
//! formatted in one place, and Markdown rendered for the page it appears on.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use super::super::markdown::{self, Context};
use super::super::root_for;
use crate::analyze::IncidentDurations;
use crate::resolve::{Archive, Ref};
use crate::types::{human_duration, slugify, Week};

/// A link: the title and the address below the root (templates prefix `root`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Link {
    pub title: String,
    pub address: String,
}

impl Link {
    pub fn new(title: impl Into<String>, address: impl Into<String>) -> Link {
        Link {
            title: title.into(),
            address: address.into(),
        }
    }

    /// The link to a week's review.
    pub fn week(week: Week) -> Link {
        Link::new(format!("Week {week}"), Ref::Review(week).address())
    }
}

/// A link to a record: its title, address (none when the record does not exist), kind
/// (`incident`, `team`, …) and reference text (`INC-2025-014`, `team:payments`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RefLink {
    pub title: String,
    pub address: Option<String>,
    pub kind: &'static str,
    pub text: String,
}

impl RefLink {
    pub fn to(a: &Archive, r: &Ref) -> RefLink {
        RefLink {
            title: a.title(r),
            address: a.exists(r).then(|| r.address()),
            kind: r.kind(),
            text: r.to_string(),
        }
    }

    pub fn team(a: &Archive, id: &str) -> RefLink {
        RefLink::to(a, &Ref::Team(id.to_string()))
    }

    pub fn service(a: &Archive, id: &str) -> RefLink {
        RefLink::to(a, &Ref::Service(id.to_string()))
    }

    pub fn incident(a: &Archive, id: &str) -> RefLink {
        RefLink::to(a, &Ref::Incident(id.to_string()))
    }
}

/// A person: id and display name.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Person {
    pub id: String,
    pub name: String,
}

impl Person {
    pub fn of(a: &Archive, id: &str) -> Person {
        Person {
            id: id.to_string(),
            name: a.person_name(id).to_string(),
        }
    }
}

/// A tag and its page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TagLink {
    pub name: String,
    pub address: String,
}

pub fn tag_links(tags: &[String]) -> Vec<TagLink> {
    tags.iter()
        .map(|t| TagLink {
            name: t.clone(),
            address: format!("tags/{}/", slugify(t)),
        })
        .collect()
}

/// A level of the site's severity scale: `rank` 0 is the most severe (the class `sev-<rank>`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Severity {
    pub id: String,
    pub rank: Option<usize>,
    pub description: Option<String>,
    pub colour: Option<String>,
}

impl Severity {
    pub fn of(a: &Archive, id: &str) -> Severity {
        let rank = a.site.severities.iter().position(|s| s.id == id);
        let level = rank.and_then(|i| a.site.severities.get(i));
        Severity {
            id: id.to_string(),
            rank,
            description: level.and_then(|s| s.description.clone()),
            colour: level.and_then(|s| s.colour.clone()),
        }
    }
}

/// An incident's durations as people say them (`1h 20m`), where known.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Durations {
    pub detect: Option<String>,
    pub acknowledge: Option<String>,
    pub mitigate: Option<String>,
    pub resolve: Option<String>,
}

impl Durations {
    pub fn of(d: &IncidentDurations) -> Durations {
        let h = |s: Option<i64>| s.map(human_duration);
        Durations {
            detect: h(d.detect),
            acknowledge: h(d.acknowledge),
            mitigate: h(d.mitigate),
            resolve: h(d.resolve),
        }
    }
}

/// Seconds as people say them: `4m 10s`.
pub fn human(seconds: f64) -> String {
    human_duration(seconds as i64)
}

/// `31 Mar 2025`.
pub fn fmt_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// `2025-04-01 03:12 CEST`.
pub fn fmt_time(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// `31 Mar – 6 Apr 2025`.
pub fn week_dates(w: Week) -> String {
    let (m, s) = (w.monday(), w.sunday());
    if m.year() == s.year() {
        format!("{} – {}", m.strftime("%-d %b"), fmt_date(s))
    } else {
        format!("{} – {}", fmt_date(m), fmt_date(s))
    }
}

/// `99.950 %` trimmed to what it needs: `99.95 %`, `100 %`.
pub fn percent(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} %")
}

/// A ratio as a whole percentage: `0.42` → `42 %`.
pub fn ratio_percent(ratio: f64) -> String {
    format!("{:.0} %", ratio * 100.0)
}

/// `1 page`, `3 pages`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A figure with at most one decimal: `4`, `4.5`.
pub fn figure(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

/// A metric's value as a person typed it: up to three decimals, trailing zeros left out
/// (`412`, `0.42`, `1234.5`).
pub fn measure(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" => "0".to_string(),
        t => t.to_string(),
    }
}

/// A value with its unit: `412 ms`, `0.42 %`, `1200 requests/s`.
pub fn with_unit(value: f64, unit: &str) -> String {
    format!("{} {unit}", measure(value))
}

/// The text of an HTML fragment: what the description needs from already rendered Markdown.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Ids the built-in templates give their own sections; Markdown headings do not take them.
const TEMPLATE_IDS: &[&str] = &[
    "main",
    "latest",
    "open-incidents",
    "overdue",
    "recent-incidents",
    "earlier",
    "teams",
    "projects",
    "oncall",
    "incidents",
    "outcomes",
    "wins",
    "action-items",
    "discussion",
    "facts",
    "times",
    "causes",
    "related",
    "weeks",
    "open-actions",
    "alerts",
    "objectives",
    "history",
    "open",
    "closed",
    "unusual",
    "glance",
    "load",
    "fairness",
    "heavy",
    "grid",
    "budget",
    "streaks",
    "recurring",
    "heatmap",
    "follow-ups",
    "quarters",
    "durations",
    "repeats",
    "by-owner",
    "backlog",
    "over-time",
    "backlinks",
    "carried-over",
    "meeting-summary",
];

/// Renders Markdown for the page at `address`. Broken wiki links were reported by the resolve
/// stage, at their line and column; here they only render as marked text.
pub(crate) struct Md<'a> {
    a: &'a Archive,
    root: String,
    local_folder: Option<String>,
    relative_prefix: &'static str,
}

impl<'a> Md<'a> {
    pub fn new(a: &'a Archive, address: &str) -> Self {
        Md {
            a,
            root: root_for(address),
            local_folder: None,
            relative_prefix: "",
        }
    }

    /// Relative images and links resolve in this folder of the output (a review's own files).
    pub fn in_folder(mut self, folder: String) -> Self {
        self.local_folder = Some(folder);
        self
    }

    /// For a page one folder below the record's (a review's slides): relative addresses get
    /// `../` before them, so that they lead where they do on the record's page.
    pub fn one_folder_down(mut self) -> Self {
        self.relative_prefix = "../";
        self
    }

    fn run(&self, text: &str, inline: bool) -> String {
        let a = self.a;
        let resolve = |target: &str| -> Option<(String, String)> {
            let r = Ref::parse(target).ok()?;
            if let Some(title) = a.later.get(&r.to_string()) {
                // Left out of a build as of an earlier day: named, not linked.
                return Some((String::new(), title.clone()));
            }
            a.exists(&r).then(|| (r.address(), a.title(&r)))
        };
        let cx = Context {
            root: &self.root,
            resolve: &resolve,
            local_folder: self.local_folder.as_deref(),
            relative_prefix: self.relative_prefix,
            reserved_ids: TEMPLATE_IDS,
        };
        if inline {
            markdown::render_inline(text, &cx)
        } else {
            markdown::render(text, &cx)
        }
    }

    pub fn block(&self, text: &str) -> String {
        self.run(text, false)
    }

    pub fn inline(&self, text: &str) -> String {
        self.run(text, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(percent(99.95), "99.95 %");
        assert_eq!(percent(100.0), "100 %");
        assert_eq!(percent(99.9999), "100 %");
        assert_eq!(ratio_percent(0.425), "42 %");
        assert_eq!(count(1, "page"), "1 page");
        assert_eq!(count(0, "page"), "0 pages");
        assert_eq!(figure(4.0), "4");
        assert_eq!(figure(4.25), "4.2");
    }

    #[test]
    fn week_dates_name_the_year_once_unless_it_changes() {
        assert_eq!(
            week_dates("2025-W14".parse().unwrap()),
            "31 Mar – 6 Apr 2025"
        );
        assert_eq!(
            week_dates("2026-W01".parse().unwrap()),
            "29 Dec 2025 – 4 Jan 2026"
        );
    }

    #[test]
    fn tags_strip_to_their_text() {
        assert_eq!(strip_tags("<p>a &amp; <b>b</b></p>"), "a & b");
    }
}
