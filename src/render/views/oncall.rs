//! `oncall.html`, and the on-call section of a team's page: pages per week by time of day,
//! health, hours interrupted, the actionable share, fairness across people, heavy weeks.

use serde::Serialize;

use super::charts::{bars, chart, guide, line, names, Charts, Embedded};
use super::common::{count, figure, human, ratio_percent, Person, RefLink};
use super::View;
use crate::analyze::oncall::{Counts, SpanTotals};
use crate::analyze::{Analysis, QUARTER, YEAR};
use crate::resolve::{Archive, Ref};

/// The on-call section of `oncall.html` (the organisation) and `team.html` (a team).
#[derive(Serialize)]
pub(crate) struct OncallSection {
    /// Pages per week (last 52 weeks, and all time when longer), health, hours interrupted,
    /// the actionable share: each an embedded chart.
    charts: Vec<Embedded>,
    /// Pages per person over the last 13 weeks (a chart), when anyone was paged.
    fairness: Option<Embedded>,
    /// `[{person, weeks, pages, off_hours, sleep}]`, busiest first.
    people: Vec<PersonRow>,
    /// The last 52 weeks and all time: `[{label, weeks, pages, business, off_hours, sleep,
    /// hours_interrupted, actionable, tickets, heavy, health, ack_median, ack_p90}]`.
    totals: [TotalsRow; 2],
    /// `[{week, address, why}]`, newest first.
    heavy_weeks: Vec<HeavyWeek>,
    heavy_label: &'static str,
    /// The heavy-week rule: `pages`, `sleep`, `health`.
    bounds: Bounds,
}

#[derive(Serialize)]
struct PersonRow {
    person: Person,
    weeks: u32,
    pages: u32,
    off_hours: u32,
    sleep: u32,
}

/// A span's totals; the page figures are null when no week of the span reported its pages.
#[derive(Serialize)]
struct TotalsRow {
    label: &'static str,
    weeks: usize,
    pages: Option<u64>,
    business: Option<u64>,
    off_hours: Option<u64>,
    sleep: Option<u64>,
    hours_interrupted: Option<u64>,
    actionable: String,
    tickets: String,
    heavy: usize,
    health: Option<String>,
    ack_median: String,
    ack_p90: String,
}

impl TotalsRow {
    fn of(t: &SpanTotals, label: &'static str) -> TotalsRow {
        let c = &t.counts;
        let data = |n: u64| (t.weeks > 0).then_some(n);
        TotalsRow {
            label,
            weeks: t.weeks,
            pages: data(c.pages),
            business: data(c.business),
            off_hours: data(c.off_hours),
            sleep: data(c.sleep),
            hours_interrupted: data(c.hours_interrupted),
            actionable: c.actionable_ratio().map_or("–".to_string(), ratio_percent),
            tickets: t.tickets.map_or("–".to_string(), |n| n.to_string()),
            heavy: t.heavy,
            health: t.health.map(figure),
            ack_median: t.ack_median.map_or("–".to_string(), human),
            ack_p90: t.ack_p90.map_or("–".to_string(), human),
        }
    }
}

#[derive(Serialize)]
struct HeavyWeek {
    week: String,
    address: String,
    why: String,
}

#[derive(Serialize)]
struct Bounds {
    pages: u32,
    sleep: u32,
    health: u8,
}

/// One week of the section's series: counts, why it was heavy, health.
struct LoadWeek {
    counts: Option<Counts>,
    heavy: Vec<String>,
    health: Option<f64>,
}

fn load_weeks(a: &Archive, f: &Analysis, team: Option<&str>) -> Vec<LoadWeek> {
    match team.and_then(|t| f.teams.get(t)) {
        Some(t) => t
            .series
            .iter()
            .map(|l| LoadWeek {
                counts: l.as_ref().and_then(|l| l.pages),
                heavy: l.as_ref().map_or(vec![], |l| {
                    l.heavy
                        .iter()
                        .map(|h| h.describe(|p| a.person_name(p).to_string()))
                        .collect()
                }),
                health: l.as_ref().and_then(|l| l.health.map(f64::from)),
            })
            .collect(),
        None => f
            .org
            .series
            .iter()
            .map(|o| LoadWeek {
                counts: o.as_ref().and_then(|o| o.pages),
                heavy: o.as_ref().map_or(vec![], |o| {
                    o.heavy_teams
                        .iter()
                        .map(|t| {
                            let name = a.teams.get(t).map_or(t.as_str(), |x| x.front.name.as_str());
                            format!("heavy for {name}")
                        })
                        .collect()
                }),
                health: None,
            })
            .collect(),
    }
}

/// The on-call section: for one team (its page) or the organisation (`/oncall/`).
pub fn section(
    a: &Archive,
    f: &Analysis,
    team: Option<&str>,
    charts: &mut Charts,
) -> OncallSection {
    let rows = load_weeks(a, f, team);
    let figures = team.and_then(|t| f.teams.get(t));
    let (year_totals, all_totals, people) = match figures {
        Some(t) => (&t.year, &t.all, &t.people),
        None => (&f.org.year, &f.org.all, &f.org.people),
    };
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
    let links = charts.week_links(a, &f.weeks);
    let pages_chart = |id: &str, range: std::ops::Range<usize>, span: &str, totals: &SpanTotals| {
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
            names(&f.weeks[range.clone()]),
        );
        c.links = links[range].to_vec();
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
        c.description = if totals.weeks == 0 {
            format!("Pages for {who} per week, {span}: no week reported its pages.")
        } else {
            format!(
                "Pages for {who} per week, {span}, split by the local time they came in: {} pages in the {} that reported them, {} of them in sleep hours; {} marked.",
                totals.counts.pages,
                count(totals.weeks, "week"),
                totals.counts.sleep,
                count(c.marked.len(), heavy_noun)
            )
        };
        c
    };
    let year = f.last(YEAR);
    let mut list = vec![charts.chart(&pages_chart(
        "pages-last-52-weeks",
        year.clone(),
        "last 52 weeks",
        year_totals,
    ))];
    if f.weeks.len() > YEAR {
        list.push(charts.chart(&pages_chart(
            "pages-all-time",
            0..f.weeks.len(),
            "all time",
            all_totals,
        )));
    }

    // Health: the team's score, or each team's line on the organisation's page.
    let health_series: Vec<(String, Vec<Option<f64>>)> = match team {
        Some(_) => vec![(
            "health".to_string(),
            rows[year.clone()].iter().map(|r| r.health).collect(),
        )],
        None => f
            .teams
            .iter()
            .map(|(t, figures)| {
                let values: Vec<Option<f64>> = figures.series[year.clone()]
                    .iter()
                    .map(|l| l.as_ref().and_then(|l| l.health.map(f64::from)))
                    .collect();
                let name = a.teams.get(t).map_or(t.clone(), |x| x.front.name.clone());
                (name, values)
            })
            .filter(|(_, v)| v.iter().any(Option::is_some))
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
        c.links = links[year.clone()].to_vec();
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
    c.links = links[year.clone()].to_vec();
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
        c.links = links[year.clone()].to_vec();
        c.series = vec![line("actionable", ratio)];
        c.y_min = Some(0.0);
        c.y_max = Some(100.0);
        c.description = "Actionable pages as a share of the pages marked actionable or not; a low share means alerts to tune.".into();
        list.push(charts.chart(&c));
    }

    let last_quarter = &f.weeks[f.last(QUARTER)];
    // The chart names every person it shows: the busiest twelve; the table lists everyone.
    let charted = &people[..people.len().min(12)];
    let fairness = people.first().map(|busiest| {
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
                charted.iter().map(|p| Some(f64::from(p.pages))).collect(),
            ),
            bars(
                "sleep-hour pages",
                charted.iter().map(|p| Some(f64::from(p.sleep))).collect(),
            ),
        ];
        c.description =
            format!(
            "Pages handled per person over the last 13 weeks ({} – {}); the busiest, {}, took {}.",
            last_quarter.first().map(|w| w.to_string()).unwrap_or_default(),
            last_quarter.last().map(|w| w.to_string()).unwrap_or_default(),
            a.person_name(&busiest.person),
            count(busiest.pages as usize, "page")
        );
        charts.chart(&c)
    });

    let heavy_weeks = rows
        .iter()
        .zip(&f.weeks)
        .rev()
        .filter(|(r, _)| !r.heavy.is_empty())
        .map(|(r, w)| HeavyWeek {
            week: w.to_string(),
            address: Ref::Review(*w).address(),
            why: r.heavy.join("; "),
        })
        .collect();
    OncallSection {
        charts: list,
        fairness,
        people: people
            .iter()
            .map(|p| PersonRow {
                person: Person::of(a, &p.person),
                weeks: p.weeks_on_call,
                pages: p.pages,
                off_hours: p.off_hours,
                sleep: p.sleep,
            })
            .collect(),
        totals: [
            TotalsRow::of(year_totals, "Last 52 weeks"),
            TotalsRow::of(all_totals, "All time"),
        ],
        heavy_weeks,
        heavy_label: if team.is_some() {
            "Heavy weeks"
        } else {
            "Weeks with a heavy team"
        },
        bounds: Bounds {
            pages: a.site.heavy_week.pages_per_responder,
            sleep: a.site.heavy_week.sleep_pages,
            health: a.site.heavy_week.health_at_most,
        },
    }
}

/// `oncall.html`.
#[derive(Serialize)]
pub(crate) struct OncallPage {
    oncall: OncallSection,
    /// Each team over the last 52 weeks: `[{team, weeks, pages, sleep, off_hours, heavy,
    /// health, actionable}]`.
    teams: Vec<TeamRow>,
}

#[derive(Serialize)]
struct TeamRow {
    team: RefLink,
    weeks: usize,
    pages: Option<u64>,
    sleep: Option<u64>,
    off_hours: Option<u64>,
    heavy: usize,
    health: Option<String>,
    actionable: Option<String>,
}

pub fn page(a: &Archive, f: &Analysis) -> View<OncallPage> {
    let address = "oncall/";
    let mut charts = Charts::new(address);
    let oncall = section(a, f, None, &mut charts);
    let teams = f
        .teams
        .iter()
        .map(|(t, figures)| {
            let y = &figures.year;
            let data = |n: u64| (y.weeks > 0).then_some(n);
            TeamRow {
                team: RefLink::team(a, t),
                weeks: y.weeks,
                pages: data(y.counts.pages),
                sleep: data(y.counts.sleep),
                off_hours: data(y.counts.off_hours),
                heavy: y.heavy,
                health: y.health.map(figure),
                actionable: y.counts.actionable_ratio().map(ratio_percent),
            }
        })
        .collect();
    View::new(
        address,
        "oncall.html",
        "On-call load",
        OncallPage { oncall, teams },
    )
    .files(charts.files)
}
