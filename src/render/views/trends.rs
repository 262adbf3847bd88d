//! `trends.html`: the leadership page, quarter over quarter; and the incidents-per-month chart
//! it shares with the incidents index.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charts::{bars, chart, line, names, severity_colors, Charts, Embedded};
use super::common::{figure, human, ratio_percent, RefLink};
use super::View;
use crate::analyze::incidents::Measure;
use crate::analyze::{Analysis, Quarter};
use crate::load::records::UnusualBounds;
use crate::render::charts::Series;
use crate::resolve::Archive;

/// A month's name, marked when it is not over on the as-of date: `2026-02 (to 22 Feb)`.
pub fn month_label(a: &Archive, f: &Analysis, m: crate::analyze::Month) -> String {
    match f.month_partial_to(a, m) {
        Some(day) => format!("{m} (to {})", day.strftime("%-d %b")),
        None => m.to_string(),
    }
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
                    .map(|n| Some(f64::from(n.get(&s.id).copied().unwrap_or(0))))
                    .collect(),
            )
        })
        .collect()
}

/// Incidents per month by severity (the incidents index and the trends page).
pub fn incidents_by_month(a: &Archive, f: &Analysis, charts: &mut Charts) -> Option<Embedded> {
    let months = &f.incidents.by_month;
    let (first, last) = (months.first()?, months.last()?);
    let mut c = chart(
        "incidents-per-month",
        "Incidents per month by severity",
        "month",
        "incidents",
        months.iter().map(|(m, _)| month_label(a, f, *m)).collect(),
    );
    c.series = severity_bars(a, months.iter().map(|(_, n)| n));
    c.colors = severity_colors(a);
    c.stacked = true;
    let total = f.incidents.total_by_month();
    c.description = format!(
        "{total} incidents from {} to {}, by the month they started, stacked by severity.",
        first.0, last.0
    );
    Some(charts.chart(&c))
}

/// `trends.html`.
#[derive(Serialize)]
pub(crate) struct TrendsPage<'a> {
    /// Quarter over quarter, per week so that a partial quarter compares with a whole one:
    /// `[{quarter, partial, weeks ("7 of 13"), pages (per week with pages reported), sleep,
    /// heavy and slo_misses (per reviewed week), incidents (one count per severity),
    /// incident_total, incidents_per_week, mttr, raised, done, follow_through, not_yet_due}]`.
    rows: Vec<QuarterRow>,
    /// The site's severity ids, in order.
    severities: Vec<String>,
    /// The newest quarter against the previous one, figure by figure: `{quarter, previous,
    /// partial, lines: [{label, now, before, direction ("up", "down", "same" or absent: no
    /// data), verdict ("better", "worse" or absent)}]}`; `now` and `before` are formatted,
    /// absent for no data. Absent with fewer than two quarters.
    #[serde(skip_serializing_if = "Option::is_none")]
    glance: Option<GlanceView>,
    /// Pages, heavy weeks and SLO misses, incidents, time to resolve, follow-through per
    /// quarter: embedded charts.
    charts: Vec<Embedded>,
    by_month: Option<Embedded>,
    /// Median and p90 of each incident duration by quarter and severity: `[{label,
    /// definition, rows: [{quarter, cells: [{median, p90, n} or null]}]}]`.
    measures: Vec<MeasureTable>,
    /// Groups of repeat incidents, each a list of links.
    repeats: Vec<Vec<RefLink>>,
    /// The settings the definitions quote.
    bounds: Bounds<'a>,
    /// Every declared metric, quarter over quarter: the quarters' names (`quarters`, as in
    /// `rows`), then `metrics: [{team, name, unit, good, address, cells}]`, one cell per
    /// quarter: the median of its weeks with a value, with the unit, and how many weeks
    /// (`{median, weeks}`), or null for a quarter without any.
    quarters: Vec<String>,
    metrics: Vec<MetricRow>,
}

#[derive(Serialize)]
struct MetricRow {
    team: RefLink,
    name: String,
    unit: String,
    good: crate::load::records::Good,
    address: String,
    cells: Vec<Option<MetricCell>>,
}

#[derive(Serialize)]
struct MetricCell {
    median: String,
    weeks: usize,
}

#[derive(Serialize)]
struct GlanceView {
    quarter: String,
    previous: String,
    partial: bool,
    lines: Vec<GlanceLine>,
}

#[derive(Serialize)]
struct GlanceLine {
    label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    now: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<crate::analyze::glance::Direction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'static str>,
}

fn glance_view(g: &crate::analyze::glance::Glance) -> GlanceView {
    use crate::analyze::glance::Figure;
    let lines = g
        .changes
        .iter()
        .map(|c| {
            let (label, show): (&'static str, fn(f64) -> String) = match c.figure {
                Figure::Pages => ("Pages per week", figure),
                Figure::SleepPages => ("Sleep-hour pages per week", figure),
                Figure::HeavyWeeks => ("Heavy on-call team-weeks per week", figure),
                Figure::SloMisses => ("Missed SLO objective-weeks per week", figure),
                Figure::Incidents => ("Incidents per week", figure),
                Figure::TimeToResolve => ("Median time to resolve", human),
                Figure::ActionsDone => (
                    "Action items done (of those raised in the quarter)",
                    ratio_percent,
                ),
            };
            GlanceLine {
                label,
                now: c.now.map(show),
                before: c.before.map(show),
                direction: c.direction,
                verdict: c.improved.map(|b| if b { "better" } else { "worse" }),
            }
        })
        .collect();
    GlanceView {
        quarter: g.quarter.to_string(),
        previous: g.previous.to_string(),
        partial: g.partial,
        lines,
    }
}

#[derive(Serialize)]
struct QuarterRow {
    quarter: String,
    partial: bool,
    weeks: String,
    pages: Option<String>,
    sleep: Option<String>,
    heavy: Option<String>,
    slo_misses: Option<String>,
    incidents: Vec<u32>,
    incident_total: u32,
    incidents_per_week: Option<String>,
    mttr: Option<String>,
    raised: u32,
    done: u32,
    follow_through: Option<String>,
    not_yet_due: u32,
}

#[derive(Serialize)]
struct MeasureTable {
    label: &'static str,
    definition: &'static str,
    rows: Vec<MeasureRow>,
}

#[derive(Serialize)]
struct MeasureRow {
    quarter: String,
    cells: Vec<Option<Cell>>,
}

#[derive(Serialize)]
struct Cell {
    median: String,
    p90: String,
    n: usize,
}

#[derive(Serialize)]
struct Bounds<'a> {
    pages: u32,
    sleep: u32,
    health: u8,
    recurring_weeks: u32,
    recurring_window: u32,
    baseline_weeks: u32,
    unusual: &'a UnusualBounds,
}

pub fn page<'a>(a: &'a Archive, f: &Analysis) -> View<TrendsPage<'a>> {
    let address = "trends/";
    let mut charts = Charts::new(address);
    let quarters: &[Quarter] = &f.quarters;
    let qnames = names(quarters);
    let q = &f.quarter_rows;
    let rows = q
        .iter()
        .map(|r| {
            let incidents: Vec<u32> = a
                .site
                .severities
                .iter()
                .map(|s| r.incidents.get(&s.id).copied().unwrap_or(0))
                .collect();
            let total: u32 = incidents.iter().sum();
            QuarterRow {
                quarter: r.quarter.to_string(),
                partial: r.partial,
                weeks: if r.partial {
                    format!("{} of {}", r.weeks_elapsed, r.weeks)
                } else {
                    r.weeks.to_string()
                },
                pages: r.pages_per_week(r.counts.pages).map(figure),
                sleep: r.pages_per_week(r.counts.sleep).map(figure),
                heavy: r.per_reviewed_week(r.heavy).map(figure),
                slo_misses: r.per_reviewed_week(r.slo_misses).map(figure),
                incident_total: total,
                incidents,
                incidents_per_week: r.incidents_per_week(total).map(figure),
                mttr: r.resolve.map(|s| human(s.median)),
                raised: r.follow_through.raised,
                done: r.follow_through.done,
                follow_through: r.follow_through.done_share().map(ratio_percent),
                not_yet_due: r.follow_through.not_yet_due,
            }
        })
        .collect();

    let mut list = vec![];
    let mut c = chart(
        "pages-per-quarter",
        "Pages per week, by quarter",
        "quarter",
        "pages per week",
        qnames.clone(),
    );
    let pick = |g: fn(&crate::analyze::QuarterRow) -> u64| {
        q.iter().map(|r| r.pages_per_week(g(r))).collect::<Vec<_>>()
    };
    c.series = vec![
        bars("business hours", pick(|r| r.counts.business)),
        bars("off-hours", pick(|r| r.counts.off_hours)),
        bars("sleep hours", pick(|r| r.counts.sleep)),
    ];
    c.stacked = true;
    c.decimals = 1;
    c.description = "Every team's pages per week in each quarter (over the weeks whose pages were reported), by the local time they came in; a partial quarter compares with a whole one.".into();
    list.push(charts.chart(&c));

    let mut c = chart(
        "heavy-weeks-and-slo-misses",
        "Heavy on-call weeks and missed SLO weeks, per week, by quarter",
        "quarter",
        "team-weeks or objective-weeks per week",
        qnames.clone(),
    );
    c.series = vec![
        bars(
            "heavy on-call team-weeks per week",
            q.iter().map(|r| r.per_reviewed_week(r.heavy)).collect(),
        ),
        bars(
            "missed objective-weeks per week",
            q.iter()
                .map(|r| r.per_reviewed_week(r.slo_misses))
                .collect(),
        ),
    ];
    c.decimals = 1;
    c.description = "Per reviewed week of each quarter: how many teams had a heavy on-call week, and how many SLO objectives missed their weekly target.".into();
    list.push(charts.chart(&c));

    let mut c = chart(
        "incidents-per-quarter",
        "Incidents per week, by quarter and severity",
        "quarter",
        "incidents per week",
        qnames.clone(),
    );
    c.series = a
        .site
        .severities
        .iter()
        .map(|s| {
            let per_week = q
                .iter()
                .map(|r| r.incidents_per_week(r.incidents.get(&s.id).copied().unwrap_or(0)))
                .collect();
            bars(&s.id, per_week)
        })
        .collect();
    c.colors = severity_colors(a);
    c.stacked = true;
    c.decimals = 1;
    c.description = "Incidents per week of each quarter (so far, for the current one), by the quarter they started, stacked by severity.".into();
    list.push(charts.chart(&c));

    // Time to resolve: a chart per severity, since a critical incident and a standard one are
    // not resolved on the same clock.
    let spreads = &f.incidents.durations_by_quarter;
    for (rank, sev) in a.site.severities.iter().enumerate() {
        let spread = |q: &Quarter| spreads.get(&(*q, sev.id.clone(), Measure::Resolve));
        if !quarters.iter().any(|q| spread(q).is_some()) {
            continue;
        }
        let mut c = chart(
            &format!("time-to-resolve-{}", rank + 1),
            &format!("Time to resolve per quarter, {}", sev.id),
            "quarter",
            "hours",
            qnames.clone(),
        );
        c.series = vec![
            line(
                "median",
                quarters
                    .iter()
                    .map(|q| spread(q).map(|s| s.median / 3600.0))
                    .collect(),
            ),
            line(
                "p90",
                quarters
                    .iter()
                    .map(|q| spread(q).map(|s| s.p90 / 3600.0))
                    .collect(),
            ),
        ];
        c.decimals = 1;
        c.description = format!("Time to resolve (resolved − started) of the {} incidents that started in each quarter: median and 90th percentile (nearest rank), in hours; a quarter without one is a gap.", sev.id);
        list.push(charts.chart(&c));
    }

    let mut c = chart(
        "follow-through",
        "Action items done, by the quarter they were raised",
        "quarter",
        "done (%)",
        qnames,
    );
    c.series = vec![line(
        "done",
        q.iter()
            .map(|r| r.follow_through.done_share().map(|x| x * 100.0))
            .collect(),
    )];
    c.y_min = Some(0.0);
    c.y_max = Some(100.0);
    c.description = "Of the action items raised in each quarter and not dropped, the share done by the as-of date.".into();
    list.push(charts.chart(&c));

    let by_month = incidents_by_month(a, f, &mut charts);

    let measures = Measure::ALL
        .iter()
        .map(|m| MeasureTable {
            label: m.label(),
            definition: m.definition(),
            rows: quarters
                .iter()
                .map(|q| MeasureRow {
                    quarter: q.to_string(),
                    cells: a
                        .site
                        .severities
                        .iter()
                        .map(|s| {
                            spreads.get(&(*q, s.id.clone(), *m)).map(|sp| Cell {
                                median: human(sp.median),
                                p90: human(sp.p90),
                                n: sp.n,
                            })
                        })
                        .collect(),
                })
                .filter(|r| r.cells.iter().any(Option::is_some))
                .collect(),
        })
        .collect();
    let repeats = f
        .incidents
        .repeats
        .iter()
        .map(|g| g.iter().map(|id| RefLink::incident(a, id)).collect())
        .collect();
    let metrics = f
        .metrics
        .iter()
        .map(|s| {
            let anchor = format!("#metric-{}", s.slug());
            let (name, address) = match &s.service {
                Some(id) => (
                    format!(
                        "{} {}",
                        a.services.get(id).map_or(id.as_str(), |x| x.name()),
                        s.name
                    ),
                    crate::resolve::Ref::Service(id.clone()).address() + &anchor,
                ),
                None => (
                    s.name.clone(),
                    crate::resolve::Ref::Team(s.team.clone()).address() + &anchor,
                ),
            };
            MetricRow {
                team: RefLink::team(a, &s.team),
                name,
                unit: s.decl.unit.clone(),
                good: s.decl.good,
                address,
                cells: s
                    .quarters
                    .iter()
                    .map(|q| {
                        q.median.map(|m| MetricCell {
                            median: super::common::measure(m),
                            weeks: q.weeks,
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let view = TrendsPage {
        quarters: f.quarters.iter().map(ToString::to_string).collect(),
        metrics,
        glance: f.glance.as_ref().map(glance_view),
        rows,
        severities: a.site.severities.iter().map(|s| s.id.clone()).collect(),
        charts: list,
        by_month,
        measures,
        repeats,
        bounds: Bounds {
            pages: a.site.heavy_week.pages_per_responder,
            sleep: a.site.heavy_week.sleep_pages,
            health: a.site.heavy_week.health_at_most,
            recurring_weeks: a.site.recurring_alert.weeks,
            recurring_window: a.site.recurring_alert.window,
            baseline_weeks: a.site.baseline_weeks,
            unusual: &a.site.unusual,
        },
    };
    View::new(address, "trends.html", "Trends", view).files(charts.files)
}
