//! The analysis results every trend page draws from (computed once per build), and the glue
//! that turns a chart into what a page embeds: the SVG, its figures as a table, a CSV file.

use serde_json::{json, Value};

use super::super::charts::{Chart, Guide, Heatmap, Mark, Rendered, Series};
use super::super::OutputFile;
use crate::analyze::alerts::{self, AlertStats};
use crate::analyze::baseline::{self, Metric, Unusual};
use crate::analyze::oncall::{self, OrgWeek};
use crate::analyze::slos::{self, ObjectiveSeries};
use crate::analyze::{self as an, Quarter};
use crate::resolve::{Archive, Ref};
use crate::types::Week;

/// What the analysis stage found, shared by every page.
pub struct Figures {
    /// From the first review week to the as-of week, with no gaps.
    pub weeks: Vec<Week>,
    pub quarters: Vec<Quarter>,
    pub alerts: Vec<AlertStats>,
    pub slos: Vec<ObjectiveSeries>,
    pub org: Vec<Option<OrgWeek>>,
}

impl Figures {
    pub fn compute(a: &Archive) -> Figures {
        let weeks = an::archive_weeks(a);
        Figures {
            quarters: an::archive_quarters(a),
            alerts: alerts::alert_stats(a),
            slos: slos::all_series(a, &weeks),
            org: oncall::org_series(a, &weeks),
            weeks,
        }
    }

    /// The last `n` weeks: the slice of a week series to chart.
    pub fn last(&self, n: usize) -> std::ops::Range<usize> {
        self.weeks.len().saturating_sub(n)..self.weeks.len()
    }

    pub fn alerts_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a AlertStats> {
        self.alerts.iter().filter(move |s| s.name == name)
    }
}

/// Collects a page's charts: each becomes an embeddable value and a CSV file beside the page.
pub struct Charts {
    address: String,
    pub files: Vec<OutputFile>,
}

impl Charts {
    pub fn new(address: &str) -> Charts {
        Charts {
            address: address.to_string(),
            files: vec![],
        }
    }

    pub fn chart(&mut self, chart: &Chart) -> Value {
        let note = chart.description.clone();
        self.embed(&chart.id, &chart.title, &note, chart.render())
    }

    pub fn heatmap(&mut self, map: &Heatmap) -> Value {
        self.embed(&map.id, &map.title, &map.description, map.render())
    }

    fn embed(&mut self, id: &str, title: &str, note: &str, r: Rendered) -> Value {
        let csv = format!("{id}.csv");
        self.files.push(OutputFile {
            path: format!("{}{csv}", self.address),
            bytes: r.csv.into_bytes(),
        });
        json!({ "id": id, "title": title, "note": note, "svg": r.svg, "csv": csv, "head": r.head, "rows": r.rows })
    }
}

/// A chart over weeks (or months, quarters) with the defaults the site's charts share.
pub fn chart(
    id: &str,
    title: &str,
    x_label: &str,
    y_label: &str,
    categories: Vec<String>,
) -> Chart {
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        description: String::new(),
        x_label: x_label.to_string(),
        y_label: y_label.to_string(),
        categories,
        series: vec![],
        stacked: false,
        guides: vec![],
        marked: vec![],
        marked_label: String::new(),
        y_min: None,
        y_max: None,
        decimals: 0,
    }
}

pub fn bars(name: &str, values: Vec<Option<f64>>) -> Series {
    Series {
        name: name.to_string(),
        values,
        mark: Mark::Bar,
    }
}

pub fn line(name: &str, values: Vec<Option<f64>>) -> Series {
    Series {
        name: name.to_string(),
        values,
        mark: Mark::Line,
    }
}

pub fn guide(label: &str, value: f64) -> Guide {
    Guide {
        label: label.to_string(),
        value,
    }
}

pub fn names<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// A percentage with the precision its target needs: 99.95 %, 99.9 %, 98 %.
pub fn percent(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} %")
}

/// "1 page", "3 pages".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A figure with at most one decimal, without a trailing `.0`.
pub fn figure(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

fn text(t: impl Into<String>) -> Value {
    json!({ "text": t.into() })
}

fn to(title: impl Into<String>, address: impl Into<String>) -> Value {
    json!({ "title": title.into(), "address": address.into() })
}

/// A link to an objective's SLO page, named like the objective (`web-latency/fast` → its SLO).
fn objective_link(f: &Figures, key: &str) -> Value {
    let name = f
        .slos
        .iter()
        .find(|s| s.key == key)
        .map_or(key.to_string(), |s| s.name.clone());
    let slo = key.split('/').next().unwrap_or(key).to_string();
    to(name, Ref::Slo(slo).address())
}

fn team_name(a: &Archive, team: &str) -> String {
    a.teams
        .get(team)
        .map_or(team.to_string(), |t| t.front.name.clone())
}

/// "What is unusual this week", as sentences made of text and links. Overdue items are
/// gathered into one entry, since a backlog is one thing to talk about.
pub fn unusual(a: &Archive, f: &Figures, week: Week) -> Vec<Value> {
    let flags = baseline::unusual(a, week, &f.alerts, &f.slos);
    let usual = |weeks: usize| {
        let plural = if weeks == 1 { "" } else { "s" };
        format!("median of the previous {weeks} week{plural}")
    };
    let mut out = vec![];
    let mut overdue = vec![];
    for flag in &flags {
        let (class, parts): (&str, Vec<Value>) = match flag {
            Unusual::Incident { id, severity } => {
                let r = Ref::Incident(id.clone());
                (
                    "bad",
                    vec![
                        to(a.title(&r), r.address()),
                        text(format!(" — a {severity} incident started this week.")),
                    ],
                )
            }
            Unusual::HeavyWeek { team, reasons } => {
                let why: Vec<String> = reasons
                    .iter()
                    .map(|r| r.describe(|p| a.person_name(p).to_string()))
                    .collect();
                (
                    "bad",
                    vec![
                        to(team_name(a, team), Ref::Team(team.clone()).address()),
                        text(format!(": heavy on-call week — {}.", why.join("; "))),
                    ],
                )
            }
            Unusual::BudgetExhausted { key, rolling_used } => {
                let window = f
                    .slos
                    .iter()
                    .find(|s| &s.key == key)
                    .map_or(slos::DEFAULT_WINDOW_WEEKS, |s| s.window_weeks);
                (
                    "bad",
                    vec![
                        objective_link(f, key),
                        text(format!(
                            ": error budget exhausted — {:.2}× the {window}-week budget used.",
                            rolling_used
                        )),
                    ],
                )
            }
            Unusual::MissedTarget {
                key, value, target, ..
            } => (
                "bad",
                vec![
                    objective_link(f, key),
                    text(format!(
                        " missed its target: {} against {}.",
                        percent(*value),
                        percent(*target)
                    )),
                ],
            ),
            Unusual::Above {
                team,
                metric,
                value,
                baseline,
                weeks,
            } => (
                "warn",
                vec![
                    to(team_name(a, team), Ref::Team(team.clone()).address()),
                    text(format!(
                        ": {} {} — usually {} ({}).",
                        figure(*value),
                        metric.label(),
                        figure(*baseline),
                        usual(*weeks)
                    )),
                ],
            ),
            Unusual::Below {
                team,
                metric: Metric::Health,
                value,
                baseline,
                weeks,
            } => (
                "warn",
                vec![
                    to(team_name(a, team), Ref::Team(team.clone()).address()),
                    text(format!(
                        ": on-call health {} of 5 — usually {} ({}).",
                        figure(*value),
                        figure(*baseline),
                        usual(*weeks)
                    )),
                ],
            ),
            Unusual::Below {
                metric,
                value,
                baseline,
                weeks,
                ..
            } => {
                let key = match metric {
                    Metric::Attainment(key) => key.clone(),
                    other => other.label(),
                };
                (
                    "warn",
                    vec![
                        objective_link(f, &key),
                        text(format!(
                            " slipped to {} — usually {} ({}); still within target.",
                            percent(*value),
                            percent(*baseline),
                            usual(*weeks)
                        )),
                    ],
                )
            }
            Unusual::NewAlert {
                name,
                service,
                pages,
            } => {
                let label = match service {
                    Some(s) => format!("{name} ({s})"),
                    None => name.clone(),
                };
                let plural = if *pages == 1 { "" } else { "s" };
                (
                    "warn",
                    vec![
                        text("New alert "),
                        to(label, Ref::Alert(name.clone()).address()),
                        text(format!(": {pages} page{plural}, first seen this week.")),
                    ],
                )
            }
            Unusual::Overdue { id, owner } => {
                overdue.push((id.clone(), a.person_name(owner).to_string()));
                continue;
            }
        };
        out.push(json!({ "class": class, "parts": parts }));
    }
    if !overdue.is_empty() {
        let n = overdue.len();
        let mut parts = vec![text(format!(
            "{n} action item{} overdue at the end of the week: ",
            if n == 1 { "" } else { "s" }
        ))];
        for (i, (id, owner)) in overdue.iter().enumerate() {
            parts.push(to(id.clone(), format!("actions/#{id}")));
            parts.push(text(format!(
                " ({owner}){}",
                if i + 1 == n { "." } else { ", " }
            )));
        }
        out.push(json!({ "class": "warn", "parts": parts }));
    }
    // Serious first (incidents, heavy weeks, misses, exhausted budgets), then the deviations;
    // the sort is stable, so each group keeps its order.
    out.sort_by_key(|u| u["class"] != "bad");
    out
}

/// A heat map of the alerts that paged most over the last `weeks` weeks. Weeks without a review
/// have no column: no data is not zero pages.
pub fn alert_heatmap(a: &Archive, f: &Figures, weeks: usize, top: usize) -> Option<Heatmap> {
    let range = f.last(weeks);
    let columns: Vec<Week> = f.weeks[range]
        .iter()
        .copied()
        .filter(|w| a.review(*w).is_some())
        .collect();
    let columns = &columns[..];
    let mut ranked: Vec<&AlertStats> = f
        .alerts
        .iter()
        .filter(|s| columns.iter().any(|w| s.by_week.contains_key(w)))
        .collect();
    let in_range = |s: &AlertStats| {
        columns
            .iter()
            .map(|w| s.by_week.get(w).copied().unwrap_or(0))
            .sum::<u32>()
    };
    ranked.sort_by(|x, y| {
        in_range(y)
            .cmp(&in_range(x))
            .then(x.label().cmp(&y.label()))
    });
    ranked.truncate(top);
    if ranked.is_empty() {
        return None;
    }
    let rows: Vec<(String, Vec<u32>)> = ranked
        .iter()
        .map(|s| {
            (
                s.label(),
                columns
                    .iter()
                    .map(|w| s.by_week.get(w).copied().unwrap_or(0))
                    .collect(),
            )
        })
        .collect();
    let busiest = &rows[0];
    Some(Heatmap {
        id: "alert-heatmap".into(),
        title: format!("Top alerts, pages per week, last {} weeks", columns.len()),
        description: format!(
            "Pages per week for the {} alerts that paged most in the last {} reviewed weeks, most first. The top row, {}, paged {} times.",
            rows.len(),
            columns.len(),
            busiest.0,
            busiest.1.iter().sum::<u32>()
        ),
        x_label: "ISO week".into(),
        y_label: "alert".into(),
        columns: names(columns),
        rows,
        unit: "pages".into(),
    })
}
