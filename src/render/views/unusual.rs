//! "What is unusual this week", as sentences made of text and links: the home page's latest
//! week and every review page open with them.

use serde::Serialize;

use super::common::{figure, percent, ratio_percent, with_unit};
use crate::analyze::baseline::{Metric, OverdueItem, Unusual};
use crate::analyze::metrics::Limit;
use crate::analyze::{slos, Analysis};
use crate::load::records::Good;
use crate::resolve::{Archive, Ref};
use crate::types::Week;

/// A sentence: its `class` (`bad` for incidents, heavy weeks, misses and exhausted budgets,
/// `warn` for the deviations) and its `parts`, each `{text}` or a link `{title, address}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Sentence {
    pub class: &'static str,
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Part {
    Text { text: String },
    Link { title: String, address: String },
}

fn text(t: impl Into<String>) -> Part {
    Part::Text { text: t.into() }
}

fn to(title: impl Into<String>, address: impl Into<String>) -> Part {
    Part::Link {
        title: title.into(),
        address: address.into(),
    }
}

/// A link to an objective's SLO page, named like the objective (`web-latency/fast` → its SLO).
fn objective_link(f: &Analysis, key: &str) -> Part {
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

fn team(a: &Archive, id: &str) -> Part {
    to(team_name(a, id), Ref::Team(id.to_string()).address())
}

/// A metric's name (a service's with the service's name first), unit, and the address of its
/// chart: on the service's page for a service's metric, else on the team's.
fn metric_facts(a: &Archive, f: &Analysis, team: &str, key: &str) -> (String, String, String) {
    let Some(s) = f.metric(team, key) else {
        return (
            key.to_string(),
            String::new(),
            Ref::Team(team.into()).address(),
        );
    };
    let anchor = format!("#metric-{}", s.slug());
    match &s.service {
        Some(service) => {
            let name = a
                .services
                .get(service)
                .map_or(service.as_str(), |x| x.name());
            (
                format!("{name} {}", s.name),
                s.decl.unit.clone(),
                Ref::Service(service.clone()).address() + &anchor,
            )
        }
        None => (
            s.name.clone(),
            s.decl.unit.clone(),
            Ref::Team(team.into()).address() + &anchor,
        ),
    }
}

/// "12 action items overdue at the end of the week; 2 became overdue in it: AI-1 (Ann), AI-2
/// (Bob)." A backlog is one thing to talk about; the items that are news are named.
fn overdue(a: &Archive, count: usize, new: &[OverdueItem]) -> Vec<Part> {
    let items = if count == 1 {
        "action item"
    } else {
        "action items"
    };
    let mut parts = vec![to(format!("{count} {items} overdue"), "actions/#overdue")];
    if new.is_empty() {
        parts.push(text(" at the end of the week."));
        return parts;
    }
    parts.push(text(format!(
        " at the end of the week; {} became overdue in it: ",
        new.len()
    )));
    for (i, item) in new.iter().enumerate() {
        parts.push(to(item.id.clone(), format!("actions/#{}", item.id)));
        let end = if i + 1 == new.len() { "." } else { ", " };
        parts.push(text(format!(" ({}){end}", a.person_name(&item.owner))));
    }
    parts
}

/// `3rd`, `11th`, `21st`.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The week's flags as sentences, serious ones first.
pub fn sentences(a: &Archive, f: &Analysis, week: Week) -> Vec<Sentence> {
    serious_first(
        f.unusual_in(week)
            .iter()
            .map(|flag| sentence(a, f, flag))
            .collect(),
    )
}

/// Serious first (incidents, heavy weeks, misses, exhausted budgets), then the deviations; the
/// sort is stable, so each group keeps its order.
pub fn serious_first(mut out: Vec<Sentence>) -> Vec<Sentence> {
    out.sort_by_key(|u| u.class != "bad");
    out
}

/// One flag as a sentence.
pub fn sentence(a: &Archive, f: &Analysis, flag: &Unusual) -> Sentence {
    let usual = |weeks: usize| {
        let plural = if weeks == 1 { "" } else { "s" };
        format!("median of the previous {weeks} week{plural}")
    };
    let (class, parts): (&str, Vec<Part>) = match flag {
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
        Unusual::HeavyWeek { team: t, reasons } => {
            let why: Vec<String> = reasons
                .iter()
                .map(|r| r.describe(|p| a.person_name(p).to_string()))
                .collect();
            (
                "bad",
                vec![
                    team(a, t),
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
                            ": error budget exhausted — {rolling_used:.2}× the {window}-week budget used."
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
            team: t,
            metric,
            value,
            baseline,
            weeks,
        } => (
            "warn",
            vec![
                team(a, t),
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
            team: t,
            metric: Metric::Health,
            value,
            baseline,
            weeks,
        } => (
            "warn",
            vec![
                team(a, t),
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
        Unusual::MetricDeviation {
            team: t,
            key,
            value,
            baseline,
            weeks,
            change,
        } => {
            let (name, unit, address) = metric_facts(a, f, t, key);
            let by = match change {
                Some(c) => format!(
                    "{} {} the usual {}",
                    ratio_percent(c.abs()),
                    if *c < 0.0 { "below" } else { "above" },
                    with_unit(*baseline, &unit)
                ),
                None => format!("usually {}", with_unit(*baseline, &unit)),
            };
            (
                "warn",
                vec![
                    team(a, t),
                    text(": "),
                    to(name, address),
                    text(format!(
                        " {} — {by} ({}).",
                        with_unit(*value, &unit),
                        usual(*weeks)
                    )),
                ],
            )
        }
        Unusual::MetricOutside {
            team: t,
            key,
            value,
            limit,
        } => {
            let (name, unit, address) = metric_facts(a, f, t, key);
            let good = f.metric(t, key).map(|s| s.decl.good);
            let what = match (limit, good) {
                (Limit::Target(v), Some(Good::Lower)) => {
                    format!("missed its target of at most {}", with_unit(*v, &unit))
                }
                (Limit::Target(v), _) => {
                    format!("missed its target of at least {}", with_unit(*v, &unit))
                }
                (Limit::Min(v), _) => format!("is below its bound of {}", with_unit(*v, &unit)),
                (Limit::Max(v), _) => format!("is above its bound of {}", with_unit(*v, &unit)),
            };
            (
                "bad",
                vec![
                    team(a, t),
                    text(": "),
                    to(name, address),
                    text(format!(" {} {what}.", with_unit(*value, &unit))),
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
        Unusual::RecurringAfterFollowUp {
            name,
            service,
            follow_up,
            closed,
            weeks,
        } => {
            let label = match service {
                Some(s) => format!("{name} ({s})"),
                None => name.clone(),
            };
            (
                "warn",
                vec![
                    to(label, Ref::Alert(name.clone()).address()),
                    text(" is still paging after its follow-up "),
                    to(follow_up.clone(), format!("actions/#{follow_up}")),
                    text(format!(
                        " was done on {}: this is the {} week since.",
                        closed.strftime("%-d %b %Y"),
                        ordinal(*weeks)
                    )),
                ],
            )
        }
        Unusual::Overdue { count, new } => ("warn", overdue(a, *count, new)),
    };
    Sentence { class, parts }
}
