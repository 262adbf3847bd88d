//! `slos.html` (every SLO, and the grid of the last 26 weeks) and `slo.html` (one SLO: each
//! objective's attainment and budget, streaks, exhausted quarters, the weeks as reported).

use serde::Serialize;

use super::charts::{bars, chart, guide, line, names, Charts, Embedded};
use super::common::{percent, Md, RefLink};
use super::View;
use crate::analyze::slos::{target_percent, ObjectiveSeries};
use crate::analyze::{Analysis, SloWeek};
use crate::load::TimeWindow;
use crate::resolve::{Archive, Ref};

const GRID_WEEKS: usize = 26;

/// Each objective's value in a week: `{value, met}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Value {
    value: Option<f64>,
    met: Option<bool>,
}

/// A review week of an SLO: `{week, address, values: [{value, met}]}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HistoryRow {
    week: String,
    address: String,
    values: Vec<Value>,
}

impl HistoryRow {
    fn of(h: &SloWeek) -> HistoryRow {
        HistoryRow {
            week: h.week.to_string(),
            address: Ref::Review(h.week).address(),
            values: h
                .values
                .iter()
                .map(|(value, met)| Value {
                    value: *value,
                    met: *met,
                })
                .collect(),
        }
    }
}

/// `slos.html`.
#[derive(Serialize)]
pub(crate) struct SlosPage {
    /// `[{name, display_name, address, service, objectives: [{name, target}], latest,
    /// missed_recent, weeks_recent}]`: `latest` is the newest week reported, `missed_recent`
    /// the weeks among the last 12 reported that missed.
    slos: Vec<SloRow>,
    /// The objectives whose error budget was exhausted in the as-of quarter and in its year,
    /// newest first: `{quarter, year, this_quarter: [row], this_year: [row]}`, each row
    /// `{slo, name, address, last, last_address, weeks}` (`last`: the newest exhausted week).
    exhausted: ExhaustedView,
    /// Met / missed / no data for every objective over the last 26 weeks (`year`: the ISO year,
    /// on the first and last column and where it changes): `{weeks: [{year, short,
    /// week, address}], rows: [{name, address, target, cells: [{state, value}], met, missed}]}`.
    grid: Grid,
}

#[derive(Serialize)]
struct ExhaustedView {
    quarter: String,
    year: i16,
    this_quarter: Vec<ExhaustedRow>,
    this_year: Vec<ExhaustedRow>,
}

#[derive(Serialize)]
struct ExhaustedRow {
    slo: String,
    name: String,
    address: String,
    last: String,
    last_address: Option<String>,
    weeks: u32,
}

fn exhausted_rows(a: &Archive, list: &[crate::analyze::slos::Exhausted]) -> Vec<ExhaustedRow> {
    list.iter()
        .map(|e| ExhaustedRow {
            slo: e.slo.clone(),
            name: e.name.clone(),
            address: Ref::Slo(e.slo.clone()).address(),
            last: e.last.to_string(),
            last_address: a.review(e.last).map(|_| Ref::Review(e.last).address()),
            weeks: e.weeks,
        })
        .collect()
}

#[derive(Serialize)]
struct SloRow {
    name: String,
    display_name: String,
    address: String,
    service: RefLink,
    objectives: Vec<ObjectiveTarget>,
    latest: Option<HistoryRow>,
    missed_recent: usize,
    weeks_recent: usize,
}

#[derive(Serialize)]
struct ObjectiveTarget {
    name: String,
    target: f64,
}

#[derive(Serialize)]
struct Grid {
    weeks: Vec<GridWeek>,
    rows: Vec<GridRow>,
}

#[derive(Serialize)]
struct GridWeek {
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i16>,
    short: String,
    week: String,
    address: String,
}

#[derive(Serialize)]
struct GridRow {
    name: String,
    address: String,
    target: String,
    cells: Vec<GridCell>,
    met: usize,
    missed: usize,
}

#[derive(Serialize)]
struct GridCell {
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

fn grid(f: &Analysis) -> Grid {
    let range = f.last(GRID_WEEKS);
    let weeks = &f.weeks[range.clone()];
    let rows = f
        .slos
        .iter()
        .map(|s| {
            let slice = &s.weeks[range.clone()];
            let (met, missed) = s.met_and_missed_in(range.clone());
            GridRow {
                name: s.name.clone(),
                address: Ref::Slo(s.slo.clone()).address(),
                target: percent(s.target),
                cells: slice
                    .iter()
                    .map(|w| match (w.attainment, w.met) {
                        (Some(v), Some(true)) => GridCell {
                            state: "met",
                            value: Some(percent(v)),
                        },
                        (Some(v), _) => GridCell {
                            state: "missed",
                            value: Some(percent(v)),
                        },
                        _ => GridCell {
                            state: "none",
                            value: None,
                        },
                    })
                    .collect(),
                met,
                missed,
            }
        })
        .collect();
    Grid {
        weeks: weeks
            .iter()
            .enumerate()
            .map(|(i, w)| GridWeek {
                // The year at both ends and where it changes, so that a column read alone (the
                // newest, first on a phone) still says which year it is.
                year: (i == 0 || i + 1 == weeks.len() || weeks[i - 1].year() != w.year())
                    .then(|| w.year()),
                short: format!("W{:02}", w.number()),
                week: w.to_string(),
                address: Ref::Review(*w).address(),
            })
            .collect(),
        rows,
    }
}

pub fn index(a: &Archive, f: &Analysis) -> View<SlosPage> {
    let slos = a
        .slos
        .values()
        .map(|s| {
            let history = f
                .slo_history
                .get(&s.name)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let (missed_recent, weeks_recent) = f.slo_recent(&s.name, 12);
            SloRow {
                name: s.name.clone(),
                display_name: s.display_name.clone(),
                address: Ref::Slo(s.name.clone()).address(),
                service: RefLink::service(a, &s.service),
                objectives: s
                    .objectives
                    .iter()
                    .map(|o| ObjectiveTarget {
                        name: o.display_name.clone(),
                        target: target_percent(o),
                    })
                    .collect(),
                latest: history.last().map(HistoryRow::of),
                missed_recent,
                weeks_recent,
            }
        })
        .collect();
    let now = crate::analyze::Quarter::of_week(crate::types::Week::containing(a.as_of));
    let exhausted = ExhaustedView {
        quarter: now.to_string(),
        year: now.year,
        this_quarter: exhausted_rows(a, &f.exhausted_quarter),
        this_year: exhausted_rows(a, &f.exhausted_year),
    };
    let view = SlosPage {
        exhausted,
        slos,
        grid: grid(f),
    };
    View::new("slos/", "slos.html", "Service level objectives", view)
}

/// `slo.html`.
#[derive(Serialize)]
pub(crate) struct SloPage<'a> {
    /// Per objective: `{key, name, target, window_weeks, attainment (chart), budget (chart),
    /// streaks: [{first, first_address, last, last_address, weeks}], exhausted_quarters,
    /// weeks_with_data, missed}`.
    figures: Vec<ObjectiveFigures>,
    /// `{name, display_name, description, service, budgeting_method, time_window, indicator,
    /// labels}`; `indicator` and `labels` as YAML text.
    slo: SloFacts<'a>,
    /// `[{key, name, target, op, value, time_slice_target}]`.
    objectives: Vec<ObjectiveFacts<'a>>,
    /// The weeks as reported, newest first.
    history: Vec<HistoryRow>,
    source: String,
}

#[derive(Serialize)]
struct SloFacts<'a> {
    name: &'a str,
    display_name: &'a str,
    description: Option<String>,
    service: RefLink,
    budgeting_method: &'a str,
    time_window: &'a Option<TimeWindow>,
    indicator: &'a Option<String>,
    labels: &'a Option<String>,
}

#[derive(Serialize)]
struct ObjectiveFacts<'a> {
    key: &'a str,
    name: &'a str,
    target: f64,
    op: &'a Option<String>,
    value: Option<f64>,
    time_slice_target: Option<f64>,
}

#[derive(Serialize)]
struct ObjectiveFigures {
    key: String,
    name: String,
    target: String,
    window_weeks: u32,
    attainment: Embedded,
    budget: Embedded,
    streaks: Vec<StreakRow>,
    exhausted_quarters: Vec<String>,
    weeks_with_data: usize,
    missed: usize,
}

#[derive(Serialize)]
struct StreakRow {
    first: String,
    first_address: String,
    last: String,
    last_address: String,
    weeks: u32,
}

fn objective(
    a: &Archive,
    f: &Analysis,
    s: &ObjectiveSeries,
    n: usize,
    charts: &mut Charts,
) -> ObjectiveFigures {
    let cats = names(&f.weeks);
    let links = charts.week_links(a, &f.weeks);
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
    att.links = links.clone();
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
    budget.links = links;
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
    ObjectiveFigures {
        key: s.key.clone(),
        name: s.name.clone(),
        target: percent(s.target),
        window_weeks: s.window_weeks,
        attainment: charts.chart(&att),
        budget: charts.chart(&budget),
        streaks: s
            .streaks
            .iter()
            .rev()
            .map(|st| StreakRow {
                first: st.first.to_string(),
                first_address: Ref::Review(st.first).address(),
                last: st.last.to_string(),
                last_address: Ref::Review(st.last).address(),
                weeks: st.weeks,
            })
            .collect(),
        exhausted_quarters: names(&s.exhausted_quarters),
        weeks_with_data: s.weeks_with_data(),
        missed: s.missed(),
    }
}

pub fn page<'a>(a: &'a Archive, f: &Analysis, name: &str) -> View<SloPage<'a>> {
    let s = &a.slos[name];
    let me = Ref::Slo(name.to_string());
    let address = me.address();
    let md = Md::new(a, &address);
    let mut charts = Charts::new(&address);
    let figures = f
        .slos
        .iter()
        .filter(|o| o.slo == name)
        .enumerate()
        .map(|(n, o)| objective(a, f, o, n, &mut charts))
        .collect();
    let history = f
        .slo_history
        .get(name)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let view = SloPage {
        figures,
        slo: SloFacts {
            name: &s.name,
            display_name: &s.display_name,
            description: s.description.as_deref().map(|d| md.inline(d)),
            service: RefLink::service(a, &s.service),
            budgeting_method: &s.budgeting_method,
            time_window: &s.time_window,
            indicator: &s.indicator,
            labels: &s.labels,
        },
        objectives: s
            .objectives
            .iter()
            .map(|o| ObjectiveFacts {
                key: &o.key,
                name: &o.display_name,
                target: target_percent(o),
                op: &o.op,
                value: o.value,
                time_slice_target: o.time_slice_target,
            })
            .collect(),
        history: history.iter().rev().map(HistoryRow::of).collect(),
        source: s.source.path.display().to_string(),
    };
    let description = view.slo.description.clone();
    View::new(address, "slo.html", s.display_name.clone(), view)
        .crumb("SLOs", "slos/")
        .record(me)
        .described(description.as_deref())
        .files(charts.files)
}
