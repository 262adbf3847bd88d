//! `alerts.html` (every alert, recurring ones without follow-up first, and the heat map) and
//! `alert.html` (one alert name: its history per service, runbooks, follow-ups).

use serde::Serialize;

use super::charts::{bars, chart, names, Charts, Embedded};
use super::common::{count, fmt_time, ratio_percent, RefLink};
use super::View;
use crate::analyze::alerts::{self, AlertStats};
use crate::analyze::Analysis;
use crate::render::charts::Heatmap;
use crate::resolve::{Archive, Ref};
use crate::types::Week;

const GRID_WEEKS: usize = 26;
const HEATMAP_ROWS: usize = 15;

/// An alert: `{name, label, address, service, services, pages, weeks_seen, recent_weeks,
/// recurring, first_seen, last_seen, first_week, last_week, actionable, actionable_count,
/// marked, window, teams, runbooks, follow_ups: [{id, state, address}], followed_up}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AlertRow {
    name: String,
    /// The name, with the service when two services page with it.
    label: String,
    address: String,
    service: Option<String>,
    services: Vec<RefLink>,
    pages: u32,
    weeks_seen: usize,
    recent_weeks: u32,
    recurring: bool,
    first_seen: Option<String>,
    last_seen: Option<String>,
    first_week: Option<String>,
    last_week: Option<String>,
    actionable: Option<String>,
    actionable_count: u32,
    marked: u32,
    window: u32,
    teams: Vec<RefLink>,
    runbooks: Vec<RefLink>,
    follow_ups: Vec<FollowUp>,
    followed_up: bool,
    /// Its follow-up was done, yet it paged in at least the recurrence bound's weeks since:
    /// `{id, closed, weeks}`.
    still_recurring: Option<StillRecurring>,
}

#[derive(Clone, Debug, Serialize)]
struct StillRecurring {
    id: String,
    closed: String,
    weeks: usize,
}

#[derive(Clone, Debug, Serialize)]
struct FollowUp {
    id: String,
    state: &'static str,
    address: String,
}

impl AlertRow {
    fn of(a: &Archive, s: &AlertStats) -> AlertRow {
        let tz = &a.site.time_zone.tz;
        AlertRow {
            name: s.name.clone(),
            label: s.label(),
            address: Ref::Alert(s.name.clone()).address(),
            service: s.service.clone(),
            services: s.services.iter().map(|x| RefLink::service(a, x)).collect(),
            pages: s.pages,
            weeks_seen: s.weeks_seen(),
            recent_weeks: s.recent_weeks,
            recurring: s.recurring,
            first_seen: s.first_seen.map(|t| fmt_time(t, tz)),
            last_seen: s.last_seen.map(|t| fmt_time(t, tz)),
            first_week: s.first_week().map(|w| w.to_string()),
            last_week: s.last_week().map(|w| w.to_string()),
            actionable: s.actionable_ratio().map(ratio_percent),
            actionable_count: s.actionable,
            marked: s.marked,
            window: a.site.recurring_alert.window,
            teams: s.teams.iter().map(|t| RefLink::team(a, t)).collect(),
            runbooks: s
                .runbooks
                .iter()
                .map(|r| RefLink::to(a, &Ref::Runbook(r.clone())))
                .collect(),
            follow_ups: s
                .follow_ups
                .iter()
                .map(|(id, state)| FollowUp {
                    id: id.clone(),
                    state: state.as_str(),
                    address: format!("actions/#{id}"),
                })
                .collect(),
            followed_up: s.followed_up(),
            still_recurring: s
                .after_follow_up
                .as_ref()
                .filter(|_| s.recurring_after_follow_up(a.site.recurring_alert.weeks))
                .map(|f| StillRecurring {
                    id: f.id.clone(),
                    closed: super::common::fmt_date(f.closed),
                    weeks: f.weeks.len(),
                }),
        }
    }
}

/// `alerts.html`.
#[derive(Serialize)]
pub(crate) struct AlertsPage {
    alerts: Vec<AlertRow>,
    /// The alerts that paged most in the last 26 reviewed weeks, alert × week (a chart).
    heatmap: Option<Embedded>,
    /// Recurring alerts without a follow-up, and recurring alerts.
    neglected: usize,
    recurring: usize,
    /// The recurrence rule: `weeks` in a `window`.
    bound: Bound,
}

#[derive(Serialize)]
struct Bound {
    weeks: u32,
    window: u32,
}

/// A heat map of the alerts that paged most over the last `weeks` weeks. Weeks without a review
/// have no column: no data is not zero pages.
fn heatmap(
    a: &Archive,
    f: &Analysis,
    charts: &Charts,
    weeks: usize,
    top: usize,
) -> Option<Heatmap> {
    let columns: Vec<Week> = f.weeks[f.last(weeks)]
        .iter()
        .copied()
        .filter(|w| a.review(*w).is_some())
        .collect();
    let rows: Vec<(String, Vec<u32>)> = alerts::top_in(&f.alerts, &columns, top)
        .into_iter()
        .map(|(s, per_week)| (s.label(), per_week))
        .collect();
    let busiest = rows.first()?;
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
        columns: names(&columns),
        rows,
        unit: "pages".into(),
        links: charts.week_links(a, &columns),
        phone: false,
    })
}

pub fn index(a: &Archive, f: &Analysis) -> View<AlertsPage> {
    let address = "alerts/";
    let mut charts = Charts::new(address);
    let heatmap = heatmap(a, f, &charts, GRID_WEEKS, HEATMAP_ROWS).map(|h| charts.heatmap(&h));
    let view = AlertsPage {
        alerts: f.alerts.iter().map(|s| AlertRow::of(a, s)).collect(),
        heatmap,
        neglected: f
            .alerts
            .iter()
            .filter(|s| s.recurring && !s.followed_up())
            .count(),
        recurring: f.alerts.iter().filter(|s| s.recurring).count(),
        bound: Bound {
            weeks: a.site.recurring_alert.weeks,
            window: a.site.recurring_alert.window,
        },
    };
    View::new(address, "alerts.html", "Alerts", view).files(charts.files)
}

/// `alert.html`.
#[derive(Serialize)]
pub(crate) struct AlertPage {
    name: String,
    /// One per service that pages with the name: an alert row with `chart` (pages per week)
    /// and `weeks: [{week, address, pages}]`, newest first.
    variants: Vec<Variant>,
}

#[derive(Serialize)]
struct Variant {
    #[serde(flatten)]
    row: AlertRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    chart: Option<Embedded>,
    weeks: Vec<WeekPages>,
}

#[derive(Serialize)]
struct WeekPages {
    week: String,
    address: String,
    pages: u32,
}

pub fn page(a: &Archive, f: &Analysis, name: &str) -> View<AlertPage> {
    let me = Ref::Alert(name.to_string());
    let address = me.address();
    let mut charts = Charts::new(&address);
    let variants = f
        .alerts_named(name)
        .enumerate()
        .map(|(n, s)| {
            let row = AlertRow::of(a, s);
            let chart_value = (s.pages > 0).then(|| {
                let mut c = chart(
                    &format!("pages-{}", n + 1),
                    &format!("{}: pages per week", s.label()),
                    "ISO week",
                    "pages per week",
                    names(&f.weeks),
                );
                c.links = charts.week_links(a, &f.weeks);
                // A week without a review is no data, not zero pages.
                c.series = vec![bars(
                    "pages",
                    f.weeks
                        .iter()
                        .map(|w| {
                            a.review(*w)
                                .map(|_| f64::from(s.by_week.get(w).copied().unwrap_or(0)))
                        })
                        .collect(),
                )];
                let (first, last) = (
                    row.first_week.as_deref().unwrap_or(""),
                    row.last_week.as_deref().unwrap_or(""),
                );
                let span = if first == last {
                    format!("in {first}")
                } else {
                    format!(
                        "in {}, from {first} to {last}",
                        count(s.weeks_seen(), "week")
                    )
                };
                c.description = format!(
                    "{} paged {} {span}.",
                    s.label(),
                    count(s.pages as usize, "time")
                );
                charts.chart(&c)
            });
            Variant {
                row,
                chart: chart_value,
                weeks: s
                    .by_week
                    .iter()
                    .rev()
                    .map(|(w, n)| WeekPages {
                        week: w.to_string(),
                        address: Ref::Review(*w).address(),
                        pages: *n,
                    })
                    .collect(),
            }
        })
        .collect();
    let view = AlertPage {
        name: name.to_string(),
        variants,
    };
    View::new(address, "alert.html", name, view)
        .crumb("Alerts", "alerts/")
        .record(me)
        .files(charts.files)
}
