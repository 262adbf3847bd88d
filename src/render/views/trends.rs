//! The long-term pages: on-call load, SLO attainment, recurring alerts, incidents over time,
//! action-item follow-through, and the leadership summary. Each chart comes with its figures.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::figures::{self, bars, chart, count, guide, line, names, percent, Charts, Figures};
use super::{fmt_time, page, person, ref_link, team_link};
use crate::analyze::actions::{self, Tally};
use crate::analyze::incidents::{self, Measure};
use crate::analyze::oncall::{self, Counts};
use crate::analyze::slos::ObjectiveSeries;
use crate::analyze::{median, p90, Quarter};
use crate::render::charts::Series;
use crate::render::Page;
use crate::resolve::{Archive, Ref};
use crate::types::human_duration;

const YEAR: usize = 52;
const QUARTER: usize = 13;
const GRID_WEEKS: usize = 26;

/// One week of on-call figures for a team or the whole organisation.
struct LoadWeek {
    counts: Option<Counts>,
    heavy: Vec<String>,
    health: Option<f64>,
}

fn load_weeks(a: &Archive, f: &Figures, team: Option<&str>) -> Vec<LoadWeek> {
    match team {
        Some(t) => oncall::team_series(a, t, &f.weeks)
            .into_iter()
            .map(|l| LoadWeek {
                counts: l.as_ref().map(|l| l.counts),
                heavy: l.as_ref().map_or(vec![], |l| {
                    l.heavy
                        .iter()
                        .map(|h| h.describe(|p| a.person_name(p).to_string()))
                        .collect()
                }),
                health: l.and_then(|l| l.health.map(f64::from)),
            })
            .collect(),
        None => f
            .org
            .iter()
            .map(|o| LoadWeek {
                counts: o.as_ref().map(|o| o.counts),
                heavy: o.as_ref().map_or(vec![], |o| {
                    o.heavy_teams
                        .iter()
                        .map(|t| {
                            format!(
                                "heavy for {}",
                                a.teams.get(t).map_or(t.as_str(), |x| x.front.name.as_str())
                            )
                        })
                        .collect()
                }),
                health: None,
            })
            .collect(),
    }
}

/// Totals over a span of weeks, for the summary table.
fn span_totals(
    a: &Archive,
    f: &Figures,
    rows: &[LoadWeek],
    range: std::ops::Range<usize>,
    team: Option<&str>,
    label: &str,
) -> Value {
    let mut total = Counts::default();
    let mut weeks_with_data = 0;
    for r in &rows[range.clone()] {
        if let Some(c) = &r.counts {
            total.add(c);
            weeks_with_data += 1;
        }
    }
    let heavy = rows[range.clone()]
        .iter()
        .filter(|r| !r.heavy.is_empty())
        .count();
    let health: Vec<f64> = rows[range.clone()]
        .iter()
        .filter_map(|r| r.health)
        .collect();
    let mut acks = vec![];
    for w in &f.weeks[range] {
        let Some(review) = a.review(*w) else { continue };
        for (t, tw) in &review.front.teams {
            if team.is_none_or(|x| x == t) {
                acks.extend(
                    tw.pages
                        .iter()
                        .filter_map(|p| p.ack.map(|d| d.seconds as f64)),
                );
            }
        }
    }
    let hm = |v: Option<f64>| v.map_or("–".to_string(), |s| human_duration(s as i64));
    json!({
        "label": label,
        "weeks": weeks_with_data,
        "pages": total.pages, "business": total.business, "off_hours": total.off_hours, "sleep": total.sleep,
        "hours_interrupted": total.hours_interrupted,
        "actionable": total.actionable_ratio().map_or("–".to_string(), |r| format!("{:.0} %", r * 100.0)),
        "tickets": total.tickets,
        "heavy": heavy,
        "health": median(&health).map(figures::figure),
        "ack_median": hm(median(&acks)), "ack_p90": hm(p90(&acks)),
    })
}

/// The on-call section: for one team (its page) or the organisation (`/oncall/`).
pub fn oncall_section(a: &Archive, f: &Figures, team: Option<&str>, charts: &mut Charts) -> Value {
    let rows = load_weeks(a, f, team);
    let heavy_noun = if team.is_some() {
        "heavy week"
    } else {
        "week with a heavy team"
    };
    let who = team.map_or("the organisation".to_string(), |t| {
        a.teams
            .get(t)
            .map_or(t.to_string(), |x| x.front.name.clone())
    });
    let pages_chart = |id: &str, range: std::ops::Range<usize>, span: &str| {
        let slice = &rows[range.clone()];
        let pick = |g: fn(&Counts) -> u64| {
            slice
                .iter()
                .map(|r| r.counts.as_ref().map(|c| g(c) as f64))
                .collect::<Vec<_>>()
        };
        let mut c = chart(
            id,
            &format!("Pages per week, {span}"),
            "ISO week",
            "pages per week",
            names(&f.weeks[range]),
        );
        c.series = vec![
            bars("business hours", pick(|c| c.business)),
            bars("off-hours", pick(|c| c.off_hours)),
            bars("sleep hours", pick(|c| c.sleep)),
        ];
        c.stacked = true;
        c.marked = slice
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.heavy.is_empty())
            .map(|(i, _)| i)
            .collect();
        c.marked_label = heavy_noun.into();
        let total: u64 = slice.iter().filter_map(|r| r.counts.map(|c| c.pages)).sum();
        let sleep: u64 = slice.iter().filter_map(|r| r.counts.map(|c| c.sleep)).sum();
        c.description = format!(
            "Pages for {who} per week, {span}, split by the local time they came in: {total} pages, {sleep} of them in sleep hours; {} marked.",
            count(c.marked.len(), heavy_noun)
        );
        c
    };
    let year = f.last(YEAR);
    let mut list = vec![charts.chart(&pages_chart(
        "pages-last-52-weeks",
        year.clone(),
        "last 52 weeks",
    ))];
    if f.weeks.len() > YEAR {
        list.push(charts.chart(&pages_chart("pages-all-time", 0..f.weeks.len(), "all time")));
    }

    // Health: the team's score, or each team's line on the organisation's page.
    let health_series: Vec<(String, Vec<Option<f64>>)> = match team {
        Some(_) => vec![(
            "health".to_string(),
            rows[year.clone()].iter().map(|r| r.health).collect(),
        )],
        None => a
            .teams
            .keys()
            .map(|t| {
                let values = oncall::team_series(a, t, &f.weeks[year.clone()])
                    .into_iter()
                    .map(|l| l.and_then(|l| l.health.map(f64::from)))
                    .collect();
                (a.teams[t].front.name.clone(), values)
            })
            .filter(|(_, v): &(String, Vec<Option<f64>>)| v.iter().any(Option::is_some))
            .collect(),
    };
    if !health_series.is_empty() {
        let mut c = chart(
            "health",
            "On-call health, last 52 weeks",
            "ISO week",
            "health score (1 = awful, 5 = fine)",
            names(&f.weeks[year.clone()]),
        );
        c.series = health_series
            .into_iter()
            .map(|(n, v)| line(&n, v))
            .collect();
        c.guides = vec![guide(
            &format!("heavy at {} or lower", a.site.heavy_week.health_at_most),
            f64::from(a.site.heavy_week.health_at_most),
        )];
        c.y_min = Some(0.0);
        c.y_max = Some(5.0);
        c.description = format!(
            "The on-call's own health score for {who}, week by week, as reported in the review."
        );
        list.push(charts.chart(&c));
    }

    let slice = &rows[year.clone()];
    let mut c = chart(
        "hours-interrupted",
        "Hours interrupted per week, last 52 weeks",
        "ISO week",
        "clock hours with a page",
        names(&f.weeks[year.clone()]),
    );
    c.series = vec![bars(
        "hours interrupted",
        slice
            .iter()
            .map(|r| r.counts.map(|c| c.hours_interrupted as f64))
            .collect(),
    )];
    c.description = format!("Distinct clock hours in which {who} was paged at least once.");
    list.push(charts.chart(&c));

    let ratio: Vec<Option<f64>> = slice
        .iter()
        .map(|r| {
            r.counts
                .and_then(|c| c.actionable_ratio())
                .map(|x| x * 100.0)
        })
        .collect();
    if ratio.iter().any(Option::is_some) {
        let mut c = chart(
            "actionable-ratio",
            "Actionable pages, last 52 weeks",
            "ISO week",
            "actionable pages (%)",
            names(&f.weeks[year.clone()]),
        );
        c.series = vec![line("actionable", ratio)];
        c.y_min = Some(0.0);
        c.y_max = Some(100.0);
        c.description = "Actionable pages as a share of the pages marked actionable or not; a low share means alerts to tune.".into();
        list.push(charts.chart(&c));
    }

    let last_quarter = &f.weeks[f.last(QUARTER)];
    let people = oncall::person_loads(a, last_quarter, team);
    // The chart names every person it shows: the busiest twelve; the table lists everyone.
    let charted = &people[..people.len().min(12)];
    let fairness = (!people.is_empty()).then(|| {
        let title = if charted.len() < people.len() {
            "Pages per person, last 13 weeks (the busiest 12)"
        } else {
            "Pages per person, last 13 weeks"
        };
        let mut c = chart(
            "pages-per-person",
            title,
            "responder",
            "pages",
            charted
                .iter()
                .map(|p| a.person_name(&p.person).to_string())
                .collect(),
        );
        c.series = vec![
            bars(
                "all pages",
                charted.iter().map(|p| Some(p.pages as f64)).collect(),
            ),
            bars(
                "sleep-hour pages",
                charted.iter().map(|p| Some(p.sleep as f64)).collect(),
            ),
        ];
        c.description =
            format!(
            "Pages handled per person over the last 13 weeks ({} – {}); the busiest, {}, took {}.",
            last_quarter.first().map(|w| w.to_string()).unwrap_or_default(),
            last_quarter.last().map(|w| w.to_string()).unwrap_or_default(),
            a.person_name(&people[0].person),
            count(people[0].pages as usize, "page")
        );
        charts.chart(&c)
    });

    let heavy_weeks: Vec<Value> = rows
        .iter()
        .zip(&f.weeks)
        .rev()
        .filter(|(r, _)| !r.heavy.is_empty())
        .map(|(r, w)| json!({ "week": w.to_string(), "address": Ref::Review(*w).address(), "why": r.heavy.join("; ") }))
        .collect();
    json!({
        "charts": list,
        "fairness": fairness,
        "people": people.iter().map(|p| json!({ "person": person(a, &p.person), "weeks": p.weeks_on_call, "pages": p.pages, "off_hours": p.off_hours, "sleep": p.sleep })).collect::<Vec<_>>(),
        "totals": [span_totals(a, f, &rows, year, team, "Last 52 weeks"), span_totals(a, f, &rows, 0..f.weeks.len(), team, "All time")],
        "heavy_weeks": heavy_weeks,
        "heavy_label": if team.is_some() { "Heavy weeks" } else { "Weeks with a heavy team" },
        "bounds": { "pages": a.site.heavy_week.pages_per_primary, "sleep": a.site.heavy_week.sleep_pages, "health": a.site.heavy_week.health_at_most },
    })
}

pub fn oncall_page(a: &Archive, f: &Figures) -> Page {
    let address = "oncall/";
    let mut charts = Charts::new(address);
    let section = oncall_section(a, f, None, &mut charts);
    let year = &f.weeks[f.last(YEAR)];
    let teams: Vec<Value> = a
        .teams
        .keys()
        .map(|t| {
            let loads: Vec<_> = oncall::team_series(a, t, year).into_iter().flatten().collect();
            let mut c = Counts::default();
            loads.iter().for_each(|l| c.add(&l.counts));
            let health: Vec<f64> = loads.iter().filter_map(|l| l.health.map(f64::from)).collect();
            json!({
                "team": team_link(a, t), "weeks": loads.len(), "pages": c.pages, "sleep": c.sleep, "off_hours": c.off_hours,
                "heavy": loads.iter().filter(|l| !l.heavy.is_empty()).count(),
                "health": median(&health).map(figures::figure),
                "actionable": c.actionable_ratio().map(|r| format!("{:.0} %", r * 100.0)),
            })
        })
        .collect();
    let mut p = page(
        address.into(),
        "oncall.html",
        "On-call load",
        vec![],
        json!({ "oncall": section, "teams": teams }),
    );
    p.files = charts.files;
    p
}

/// Met / missed / no data for every objective over the last 26 weeks.
pub fn slo_grid(f: &Figures) -> Value {
    let range = f.last(GRID_WEEKS);
    let weeks = &f.weeks[range.clone()];
    let rows: Vec<Value> = f
        .slos
        .iter()
        .map(|s| {
            let cells: Vec<Value> = s.weeks[range.clone()]
                .iter()
                .map(|w| match (w.attainment, w.met) {
                    (Some(v), Some(true)) => json!({ "state": "met", "value": percent(v) }),
                    (Some(v), _) => json!({ "state": "missed", "value": percent(v) }),
                    _ => json!({ "state": "none" }),
                })
                .collect();
            let slice = &s.weeks[range.clone()];
            json!({
                "name": s.name, "address": Ref::Slo(s.slo.clone()).address(), "target": percent(s.target),
                "cells": cells,
                "met": slice.iter().filter(|w| w.met == Some(true)).count(),
                "missed": slice.iter().filter(|w| w.met == Some(false)).count(),
            })
        })
        .collect();
    json!({
        "weeks": weeks.iter().map(|w| json!({ "short": format!("W{:02}", w.number), "week": w.to_string(), "address": Ref::Review(*w).address() })).collect::<Vec<_>>(),
        "rows": rows,
    })
}

/// Each objective's attainment and budget charts, streaks and exhausted quarters.
pub fn slo_objectives(f: &Figures, slo: &str, charts: &mut Charts) -> Vec<Value> {
    f.slos
        .iter()
        .filter(|s| s.slo == slo)
        .enumerate()
        .map(|(n, s)| objective(f, s, n, charts))
        .collect()
}

fn objective(f: &Figures, s: &ObjectiveSeries, n: usize, charts: &mut Charts) -> Value {
    let cats = names(&f.weeks);
    let values: Vec<Option<f64>> = s.weeks.iter().map(|w| w.attainment).collect();
    let lowest = values.iter().flatten().copied().fold(s.target, f64::min);
    let mut att = chart(
        &format!("attainment-{}", n + 1),
        &format!("{}: attainment per week", s.name),
        "ISO week",
        "attainment (%)",
        cats.clone(),
    );
    att.series = vec![line("attainment", values)];
    att.guides = vec![guide(&format!("target {}", percent(s.target)), s.target)];
    // Zoom to where the figures are: from a little under the lowest week (or target) to 100 %.
    let floor = (lowest - (100.0 - lowest) * 0.25).max(0.0);
    att.y_min = Some(floor);
    att.y_max = Some(100.0);
    att.decimals = 3;
    att.description = format!(
        "Weekly attainment of {} against its target of {}: missed in {} of {} weeks with data.",
        s.name,
        percent(s.target),
        s.missed(),
        s.weeks_with_data()
    );
    let mut budget = chart(
        &format!("budget-{}", n + 1),
        &format!("{}: error budget used", s.name),
        "ISO week",
        "share of budget used (1 = all of it)",
        cats,
    );
    budget.series = vec![
        bars("this week", s.weeks.iter().map(|w| w.budget_used).collect()),
        line(
            &format!("rolling {} weeks", s.window_weeks),
            s.weeks.iter().map(|w| w.rolling_used).collect(),
        ),
    ];
    budget.guides = vec![guide("budget exhausted above 1", 1.0)];
    budget.marked = s
        .weeks
        .iter()
        .enumerate()
        .filter(|(_, w)| w.exhausted)
        .map(|(i, _)| i)
        .collect();
    budget.marked_label = "budget exhausted".into();
    budget.decimals = 2;
    budget.description = format!(
        "Error budget used each week and over the rolling {}-week window; the budget was exhausted in {} weeks.",
        s.window_weeks,
        budget.marked.len()
    );
    let streaks: Vec<Value> = s
        .streaks
        .iter()
        .rev()
        .map(|st| json!({ "first": st.first.to_string(), "first_address": Ref::Review(st.first).address(), "last": st.last.to_string(), "last_address": Ref::Review(st.last).address(), "weeks": st.weeks }))
        .collect();
    json!({
        "key": s.key, "name": s.name, "target": percent(s.target), "window_weeks": s.window_weeks,
        "attainment": charts.chart(&att), "budget": charts.chart(&budget),
        "streaks": streaks,
        "exhausted_quarters": names(&s.exhausted_quarters),
        "weeks_with_data": s.weeks_with_data(), "missed": s.missed(),
    })
}

fn alert_row(a: &Archive, s: &crate::analyze::alerts::AlertStats) -> Value {
    let tz = &a.site.time_zone.tz;
    json!({
        "name": s.name, "label": s.label(), "address": Ref::Alert(s.name.clone()).address(),
        "service": s.service,
        "services": s.services.iter().map(|x| super::service_link(a, x)).collect::<Vec<_>>(),
        "pages": s.pages, "weeks_seen": s.weeks_seen(), "recent_weeks": s.recent_weeks, "recurring": s.recurring,
        "first_seen": s.first_seen.map(|t| fmt_time(t, tz)), "last_seen": s.last_seen.map(|t| fmt_time(t, tz)),
        "first_week": s.first_week().map(|w| w.to_string()), "last_week": s.last_week().map(|w| w.to_string()),
        "actionable": s.actionable_ratio().map(|r| format!("{:.0} %", r * 100.0)), "actionable_count": s.actionable, "marked": s.marked,
        "window": a.site.recurring_alert.window,
        "teams": s.teams.iter().map(|t| team_link(a, t)).collect::<Vec<_>>(),
        "runbooks": s.runbooks.iter().map(|r| ref_link(a, &Ref::Runbook(r.clone()))).collect::<Vec<_>>(),
        "follow_ups": s.follow_ups.iter().map(|(id, state)| json!({ "id": id, "state": state.as_str(), "address": format!("actions/#{id}") })).collect::<Vec<_>>(),
        "followed_up": s.followed_up(),
    })
}

pub fn alerts_index(a: &Archive, f: &Figures) -> Page {
    let address = "alerts/";
    let mut charts = Charts::new(address);
    let heatmap = figures::alert_heatmap(a, f, GRID_WEEKS, 15).map(|h| charts.heatmap(&h));
    let rows: Vec<Value> = f.alerts.iter().map(|s| alert_row(a, s)).collect();
    let neglected = f
        .alerts
        .iter()
        .filter(|s| s.recurring && !s.followed_up())
        .count();
    let mut p = page(
        address.into(),
        "alerts.html",
        "Alerts",
        vec![],
        json!({
            "alerts": rows, "heatmap": heatmap, "neglected": neglected,
            "recurring": f.alerts.iter().filter(|s| s.recurring).count(),
            "bound": { "weeks": a.site.recurring_alert.weeks, "window": a.site.recurring_alert.window },
        }),
    );
    p.files = charts.files;
    p
}

/// One page per alert name; when several services page with that name, a section for each.
pub fn alert_page(a: &Archive, f: &Figures, name: &str) -> Page {
    let address = Ref::Alert(name.to_string()).address();
    let mut charts = Charts::new(&address);
    let variants: Vec<Value> = f
        .alerts_named(name)
        .enumerate()
        .map(|(n, s)| {
            let mut row = alert_row(a, s);
            if s.pages > 0 {
                let mut c = chart(&format!("pages-{}", n + 1), &format!("{}: pages per week", s.label()), "ISO week", "pages per week", names(&f.weeks));
                // A week without a review is no data, not zero pages.
                c.series = vec![bars("pages", f.weeks.iter().map(|w| a.review(*w).map(|_| s.by_week.get(w).copied().unwrap_or(0) as f64)).collect())];
                let (first, last) = (row["first_week"].as_str().unwrap_or(""), row["last_week"].as_str().unwrap_or(""));
                let span = if first == last { format!("in {first}") } else { format!("in {}, from {first} to {last}", count(s.weeks_seen(), "week")) };
                c.description = format!("{} paged {} {span}.", s.label(), count(s.pages as usize, "time"));
                row["chart"] = charts.chart(&c);
            }
            row["weeks"] = json!(s.by_week.iter().rev().map(|(w, n)| json!({ "week": w.to_string(), "address": Ref::Review(*w).address(), "pages": n })).collect::<Vec<_>>());
            row
        })
        .collect();
    let mut p = page(
        address,
        "alert.html",
        name,
        vec![super::link("Alerts", "alerts/")],
        json!({ "name": name, "variants": variants }),
    );
    p.files = charts.files;
    p
}

/// One bar series per severity level, from each period's counts by severity.
fn severity_bars<'c>(
    a: &Archive,
    periods: impl Iterator<Item = &'c BTreeMap<String, u32>> + Clone,
) -> Vec<Series> {
    a.site
        .severities
        .iter()
        .map(|s| {
            bars(
                &s.id,
                periods
                    .clone()
                    .map(|n| Some(n.get(&s.id).copied().unwrap_or(0) as f64))
                    .collect(),
            )
        })
        .collect()
}

/// Incidents per month by severity (the incidents index and the trends page).
pub fn incidents_by_month(a: &Archive, charts: &mut Charts) -> Option<Value> {
    let months = incidents::counts_by_month(a);
    if months.is_empty() {
        return None;
    }
    let mut c = chart(
        "incidents-per-month",
        "Incidents per month by severity",
        "month",
        "incidents",
        months.iter().map(|(m, _)| m.to_string()).collect(),
    );
    c.series = severity_bars(a, months.iter().map(|(_, n)| n));
    c.stacked = true;
    let total: u32 = months.iter().flat_map(|(_, n)| n.values()).sum();
    c.description = format!(
        "{total} incidents from {} to {}, by the month they started, stacked by severity.",
        months[0].0,
        months[months.len() - 1].0
    );
    Some(charts.chart(&c))
}

fn tally_rows(
    a: &Archive,
    tallies: BTreeMap<String, Tally>,
    name: impl Fn(&str) -> Value,
) -> Vec<Value> {
    let _ = a;
    tallies
        .into_iter()
        .map(|(k, t)| json!({ "who": name(&k), "open": t.open, "overdue": t.overdue, "done": t.done, "dropped": t.dropped, "total": t.total(), "oldest": t.oldest_open_days.map(|d| format!("{d} d")) }))
        .collect()
}

/// The action-item figures: tallies by owner, team and source; created vs closed per month.
pub fn action_figures(a: &Archive, charts: &mut Charts) -> Value {
    let flow = actions::monthly_flow(a);
    let chart_value = (!flow.is_empty()).then(|| {
        let mut c = chart("created-vs-closed", "Action items created and closed per month", "month", "action items", flow.iter().map(|m| m.month.to_string()).collect());
        c.series = vec![
            bars("created", flow.iter().map(|m| Some(m.created as f64)).collect()),
            bars("closed", flow.iter().map(|m| Some(m.closed as f64)).collect()),
            line("unfinished at month end", flow.iter().map(|m| Some(m.backlog as f64)).collect()),
        ];
        let last = &flow[flow.len() - 1];
        let trend = match flow.len().checked_sub(4).map(|i| &flow[i]) {
            Some(before) if last.backlog > before.backlog => format!("growing: {} unfinished now, {} three months earlier", last.backlog, before.backlog),
            Some(before) if last.backlog < before.backlog => format!("shrinking: {} unfinished now, {} three months earlier", last.backlog, before.backlog),
            _ => format!("{} unfinished now", last.backlog),
        };
        c.description = format!("Action items raised and closed (done or dropped) each month; the line is the unfinished backlog. The backlog is {trend}.");
        charts.chart(&c)
    });
    json!({
        "flow": chart_value,
        "by_owner": tally_rows(a, actions::tally_by(a, |x| Some(x.item.owner.clone())), |k| json!({ "title": a.person_name(k) })),
        "by_team": tally_rows(a, actions::tally_by(a, |x| x.team.clone()), |k| team_link(a, k)),
        "by_source": tally_rows(a, actions::tally_by(a, actions::source_kind), |k| json!({ "title": k })),
    })
}

/// The leadership page: quarter over quarter, all time, on one page.
pub fn trends_page(a: &Archive, f: &Figures) -> Page {
    let address = "trends/";
    let mut charts = Charts::new(address);
    let quarters = &f.quarters;
    let qnames = names(quarters);
    let in_quarter = |q: &Quarter| {
        let q = *q;
        f.weeks
            .iter()
            .enumerate()
            .filter(move |(_, w)| Quarter::of_week(**w) == q)
            .map(|(i, _)| i)
    };
    let org_counts = |q: &Quarter| {
        let mut c = Counts::default();
        let mut heavy = 0;
        for i in in_quarter(q) {
            if let Some(o) = &f.org[i] {
                c.add(&o.counts);
                heavy += o.heavy_teams.len();
            }
        }
        (c, heavy)
    };
    let slo_misses = |q: &Quarter| -> usize {
        in_quarter(q)
            .map(|i| {
                f.slos
                    .iter()
                    .filter(|s| s.weeks[i].met == Some(false))
                    .count()
            })
            .sum()
    };
    let by_quarter = incidents::counts_by_quarter(a, quarters);
    let resolve = incidents::resolve_by_quarter(a, quarters);
    let follow = actions::follow_through(a, quarters);

    let rows: Vec<Value> = quarters
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let (c, heavy) = org_counts(q);
            let sev: Vec<u32> = a
                .site
                .severities
                .iter()
                .map(|s| by_quarter[i].1.get(&s.id).copied().unwrap_or(0))
                .collect();
            json!({
                "quarter": q.to_string(),
                "pages": c.pages, "sleep": c.sleep, "heavy": heavy, "slo_misses": slo_misses(q),
                "incidents": sev, "incident_total": sev.iter().sum::<u32>(),
                "mttr": resolve[i].map(|s| human_duration(s.median as i64)),
                "raised": follow[i].raised, "done": follow[i].done,
                "follow_through": follow[i].done_share().map(|r| format!("{:.0} %", r * 100.0)),
            })
        })
        .collect();

    let mut list = vec![];
    let mut c = chart(
        "pages-per-quarter",
        "Pages per quarter",
        "quarter",
        "pages",
        qnames.clone(),
    );
    let pick = |g: fn(&Counts) -> u64| {
        quarters
            .iter()
            .map(|q| Some(g(&org_counts(q).0) as f64))
            .collect::<Vec<_>>()
    };
    c.series = vec![
        bars("business hours", pick(|c| c.business)),
        bars("off-hours", pick(|c| c.off_hours)),
        bars("sleep hours", pick(|c| c.sleep)),
    ];
    c.stacked = true;
    c.description = "Every team's pages per quarter, by the local time they came in.".into();
    list.push(charts.chart(&c));

    let mut c = chart(
        "heavy-weeks-and-slo-misses",
        "Heavy on-call weeks and missed SLO weeks per quarter",
        "quarter",
        "team-weeks or objective-weeks",
        qnames.clone(),
    );
    c.series = vec![
        bars(
            "heavy on-call weeks (team-weeks)",
            quarters
                .iter()
                .map(|q| Some(org_counts(q).1 as f64))
                .collect(),
        ),
        bars(
            "missed SLO weeks (objective-weeks)",
            quarters
                .iter()
                .map(|q| Some(slo_misses(q) as f64))
                .collect(),
        ),
    ];
    c.description = "How often a team's on-call week was heavy, and how often an SLO objective missed its weekly target.".into();
    list.push(charts.chart(&c));

    let mut c = chart(
        "incidents-per-quarter",
        "Incidents per quarter by severity",
        "quarter",
        "incidents",
        qnames.clone(),
    );
    c.series = severity_bars(a, by_quarter.iter().map(|(_, n)| n));
    c.stacked = true;
    c.description = "Incidents by the quarter they started, stacked by severity.".into();
    list.push(charts.chart(&c));

    let mut c = chart(
        "time-to-resolve",
        "Time to resolve per quarter",
        "quarter",
        "hours",
        qnames.clone(),
    );
    c.series = vec![
        line(
            "median",
            resolve
                .iter()
                .map(|s| s.map(|s| s.median / 3600.0))
                .collect(),
        ),
        line(
            "p90",
            resolve.iter().map(|s| s.map(|s| s.p90 / 3600.0)).collect(),
        ),
    ];
    c.decimals = 1;
    c.description = "Time to resolve (resolved − started) over every incident that started in the quarter: median and 90th percentile, in hours.".into();
    list.push(charts.chart(&c));

    let mut c = chart(
        "follow-through",
        "Action items done, by the quarter they were raised",
        "quarter",
        "done (%)",
        qnames.clone(),
    );
    c.series = vec![line(
        "done",
        follow
            .iter()
            .map(|f| f.done_share().map(|r| r * 100.0))
            .collect(),
    )];
    c.y_min = Some(0.0);
    c.y_max = Some(100.0);
    c.description = "Of the action items raised in each quarter and not dropped, the share done by the as-of date.".into();
    list.push(charts.chart(&c));

    let by_month = incidents_by_month(a, &mut charts);

    // Median and p90 of each duration by quarter and severity, with the definitions.
    let spreads = incidents::durations_by_quarter(a, quarters);
    let measures: Vec<Value> = Measure::ALL
        .iter()
        .map(|m| {
            let rows: Vec<Value> = quarters
                .iter()
                .map(|q| {
                    let cells: Vec<Value> = a
                        .site
                        .severities
                        .iter()
                        .map(|s| match spreads.get(&(*q, s.id.clone(), *m)) {
                            Some(sp) => json!({ "median": human_duration(sp.median as i64), "p90": human_duration(sp.p90 as i64), "n": sp.n }),
                            None => Value::Null,
                        })
                        .collect();
                    json!({ "quarter": q.to_string(), "cells": cells })
                })
                .filter(|r| r["cells"].as_array().is_some_and(|c| c.iter().any(|x| !x.is_null())))
                .collect();
            json!({ "label": m.label(), "definition": m.definition(), "rows": rows })
        })
        .collect();

    let repeats: Vec<Value> = incidents::repeat_groups(a)
        .into_iter()
        .map(|g| {
            json!(g
                .iter()
                .map(|id| ref_link(a, &Ref::Incident(id.clone())))
                .collect::<Vec<_>>())
        })
        .collect();
    let mut p = page(
        address.into(),
        "trends.html",
        "Trends",
        vec![],
        json!({
            "rows": rows,
            "severities": a.site.severities.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
            "charts": list, "by_month": by_month, "measures": measures, "repeats": repeats,
            "bounds": {
                "pages": a.site.heavy_week.pages_per_primary, "sleep": a.site.heavy_week.sleep_pages, "health": a.site.heavy_week.health_at_most,
                "recurring_weeks": a.site.recurring_alert.weeks, "recurring_window": a.site.recurring_alert.window,
                "baseline_weeks": a.site.baseline_weeks,
                "unusual": a.site.unusual,
            },
        }),
    );
    p.files = charts.files;
    p
}

/// The home page's last 12 weeks at a glance.
pub fn glance(a: &Archive, f: &Figures) -> Vec<Value> {
    f.last(12)
        .rev()
        .map(|i| {
            let w = f.weeks[i];
            let org = f.org[i].as_ref();
            json!({
                "week": w.to_string(), "address": a.review(w).map(|_| Ref::Review(w).address()),
                "dates": super::week_dates(w),
                "pages": org.map(|o| o.counts.pages), "sleep": org.map(|o| o.counts.sleep),
                "heavy": org.map(|o| o.heavy_teams.iter().map(|t| team_link(a, t)).collect::<Vec<_>>()),
                "slo_missed": f.slos.iter().filter(|s| s.weeks[i].met == Some(false)).count(),
                "incidents": incidents::in_scope(a).filter(|x| a.incident_week(x) == w).map(|x| ref_link(a, &Ref::Incident(x.front.id.clone()))).collect::<Vec<_>>(),
                "unusual": figures::unusual(a, f, w).len(),
            })
        })
        .collect()
}
