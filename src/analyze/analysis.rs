//! The analysis stage's product: every figure the site shows, computed once from the archive,
//! as plain data. Pages look figures up here; they compute none.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::actions::{self, FollowThrough, MonthFlow, Tally};
use super::alerts::{self, AlertStats};
use super::baseline::{Flags, Unusual};
use super::incidents::{self, Measure, Spread};
use super::index::Index;
use super::meeting::{self, WeekMeeting};
use super::memo::{Kept, Memo, Span};
use super::oncall::{Counts, Loads, OrgWeek, PersonLoad, SpanTotals, WeekLoad};
use super::slos::{self, ObjectiveSeries};
use super::{archive_quarters, archive_weeks, ActionState, Month, Quarter};
use crate::resolve::{Archive, Origin};
use crate::types::Week;

/// The spans the on-call summaries cover.
pub const YEAR: usize = 52;
pub const QUARTER: usize = 13;

/// On-call figures for a team or the whole organisation: the weekly series, totals over the
/// last 52 weeks and all time, and each person's load over the last 13 weeks.
#[derive(Debug, Default)]
pub struct Oncall<W> {
    pub series: Vec<Option<W>>,
    pub year: SpanTotals,
    pub all: SpanTotals,
    pub people: Vec<PersonLoad>,
}

/// One row of the quarter-over-quarter table.
#[derive(Clone, Debug, Serialize)]
pub struct QuarterRow {
    pub quarter: Quarter,
    /// Pages over the weeks with pages reported (hours interrupted: distinct over the quarter).
    pub counts: Counts,
    /// The quarter's ISO weeks (13 or 14; a week belongs to the quarter of its Thursday); those
    /// of them in the archive's span (from its first review to the as-of week); those with a
    /// review; those with pages reported.
    pub weeks: usize,
    pub weeks_elapsed: usize,
    pub weeks_reviewed: usize,
    pub weeks_with_data: usize,
    /// Not a whole quarter of the archive (it began or is still going on in it): compare it
    /// per week, not by its totals.
    pub partial: bool,
    /// Heavy team-weeks.
    pub heavy: usize,
    /// Objective-weeks that missed their target.
    pub slo_misses: usize,
    pub incidents: BTreeMap<String, u32>,
    pub resolve: Option<Spread>,
    pub follow_through: FollowThrough,
}

/// An SLO's attainments as its reviews reported them: a row per review week with any.
#[derive(Clone, Debug, PartialEq)]
pub struct SloWeek {
    pub week: Week,
    /// Per objective, in the SLO's order: the attainment and whether it met the target.
    pub values: Vec<(Option<f64>, Option<bool>)>,
}

impl QuarterRow {
    fn rate(count: f64, weeks: usize) -> Option<f64> {
        (weeks > 0).then(|| count / weeks as f64)
    }

    /// Pages (or a share of them) per week with pages reported.
    pub fn pages_per_week(&self, pages: u64) -> Option<f64> {
        Self::rate(pages as f64, self.weeks_with_data)
    }

    /// Heavy team-weeks or missed objective-weeks per reviewed week.
    pub fn per_reviewed_week(&self, count: usize) -> Option<f64> {
        Self::rate(count as f64, self.weeks_reviewed)
    }

    /// Incidents per week of the quarter so far.
    pub fn incidents_per_week(&self, count: u32) -> Option<f64> {
        Self::rate(f64::from(count), self.weeks_elapsed)
    }
}

impl SloWeek {
    pub fn missed(&self) -> bool {
        self.values.iter().any(|(_, met)| *met == Some(false))
    }
}

#[derive(Debug, Default)]
pub struct IncidentFigures {
    /// Each incident's times, status and durations as the site shows them, by its index.
    pub known: Vec<incidents::Known>,
    pub by_month: Vec<(Month, BTreeMap<String, u32>)>,
    pub by_quarter: Vec<(Quarter, BTreeMap<String, u32>)>,
    pub durations_by_quarter: BTreeMap<(Quarter, String, Measure), Spread>,
    pub resolve_by_quarter: Vec<Option<Spread>>,
    pub repeats: Vec<Vec<String>>,
    /// Incidents of each severity.
    pub by_severity: BTreeMap<String, usize>,
}

#[derive(Debug, Default)]
pub struct ActionFigures {
    pub flow: Vec<MonthFlow>,
    pub follow_through: Vec<FollowThrough>,
    pub by_owner: BTreeMap<String, Tally>,
    pub by_team: BTreeMap<String, Tally>,
    pub by_source: BTreeMap<String, Tally>,
    /// Raised by the as-of date and open or overdue on it.
    pub unfinished: usize,
}

impl IncidentFigures {
    /// Incidents in the months of `by_month`.
    pub fn total_by_month(&self) -> u32 {
        self.by_month.iter().flat_map(|(_, n)| n.values()).sum()
    }
}

impl ActionFigures {
    /// The backlog at the last month's end and three months earlier, when there are both.
    pub fn backlog_change(&self) -> Option<(u32, Option<u32>)> {
        let last = self.flow.last()?;
        let before = self
            .flow
            .len()
            .checked_sub(4)
            .and_then(|i| self.flow.get(i));
        Some((last.backlog, before.map(|b| b.backlog)))
    }
}

/// Every figure the site shows.
#[derive(Debug, Default)]
pub struct Analysis {
    /// From the first review week to the last (not after the as-of week), with no gaps.
    pub weeks: Vec<Week>,
    pub quarters: Vec<Quarter>,
    pub index: Index,
    pub loads: Loads,
    pub org: Oncall<OrgWeek>,
    pub teams: BTreeMap<String, Oncall<Arc<WeekLoad>>>,
    pub alerts: Vec<AlertStats>,
    pub slos: Vec<ObjectiveSeries>,
    /// Objectives that missed their target, per week of `weeks`.
    pub slo_misses: Vec<usize>,
    pub slo_history: BTreeMap<String, Vec<SloWeek>>,
    /// Objectives whose budget was exhausted in the as-of week's quarter, and in its year (the
    /// quarters of that year), newest first (`/slos/`).
    pub exhausted_quarter: Vec<slos::Exhausted>,
    pub exhausted_year: Vec<slos::Exhausted>,
    /// Objective key → target in percent.
    pub targets: BTreeMap<String, f64>,
    /// Every declared metric of every team, by team and key: its weekly series over `weeks`
    /// with baselines and deviations, and its quarters over `quarters`.
    pub metrics: Vec<super::metrics::MetricSeries>,
    /// What is unusual, for each week of `weeks`.
    pub unusual: BTreeMap<Week, Vec<Unusual>>,
    pub incidents: IncidentFigures,
    pub actions: ActionFigures,
    pub quarter_rows: Vec<QuarterRow>,
    /// The newest quarter against the previous one (`/trends/`'s summary); `None` with fewer
    /// than two quarters.
    pub glance: Option<super::glance::Glance>,
    /// The meeting of each review week: who speaks, what is overdue by owner, the dashboard.
    pub meetings: BTreeMap<Week, WeekMeeting>,
}

/// The analysis stage: every figure of the site, from the resolved archive.
pub fn analyze(a: &Archive) -> Analysis {
    analyze_with(a, None, &mut Memo::default())
}

/// [`analyze`], taking from `memo` what the last analysis computed from the same reviews and
/// the same settings (`settings`: their fingerprint, see [`Memo`]), and keeping this one's.
pub fn analyze_with(a: &Archive, settings: Option<u128>, memo: &mut Memo) -> Analysis {
    memo.begin(a, settings);
    let analysis = analyze_kept(a, memo);
    memo.end();
    analysis
}

fn analyze_kept(a: &Archive, memo: &Memo) -> Analysis {
    let weeks = archive_weeks(a);
    let quarters = archive_quarters(a);
    // Independent parts side by side (rayon): the index, the loads, the SLOs and alerts, the
    // incidents; then what needs them.
    let paged = week_alerts(a, memo);
    let ((index, loads), ((alerts, (reported, slos)), incidents)) = rayon::join(
        || {
            rayon::join(
                || index_of(a, &paged, memo),
                || Loads::with_memo(a, &memo.loads),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || alert_figures(a, &paged, memo),
                        || slo_figures(a, &weeks, memo),
                    )
                },
                || incident_figures(a, &quarters),
            )
        },
    );
    let targets: BTreeMap<String, f64> = a
        .slos
        .values()
        .flat_map(|s| s.objectives.iter())
        .map(|o| (o.key.clone(), slos::target_percent(o)))
        .collect();
    let metrics = super::metrics::all_series(a, &weeks, &quarters);
    let ((org, teams), ((unusual, meetings), (actions, slo_history))) = rayon::join(
        || oncall_figures(a, &loads, &weeks, &memo.totals),
        || {
            rayon::join(
                || {
                    let unusual = Flags::new(a, &loads, &index, &alerts, &slos)
                        .with_metrics(&weeks, &metrics)
                        .with_kept(&memo.team_flags)
                        .weeks(&weeks);
                    let meetings = meeting::meetings(a, &unusual);
                    (unusual, meetings)
                },
                || {
                    (
                        action_figures(a, &index, &quarters),
                        slo_history(a, &reported, &targets),
                    )
                },
            )
        },
    );
    let slo_misses = (0..weeks.len())
        .map(|i| {
            slos.iter()
                .filter(|s| s.weeks.get(i).is_some_and(|w| w.met == Some(false)))
                .count()
        })
        .collect();
    let quarter_weeks = quarter_weeks(&quarters);
    let mut analysis = Analysis {
        slo_history,
        weeks,
        quarters,
        index,
        loads,
        org,
        teams,
        alerts,
        slos,
        slo_misses,
        targets,
        metrics,
        unusual,
        incidents,
        actions,
        quarter_rows: vec![],
        glance: None,
        exhausted_quarter: vec![],
        exhausted_year: vec![],
        meetings,
    };
    let now = Quarter::of_week(Week::containing(a.as_of));
    analysis.exhausted_quarter = slos::exhausted_in(&analysis.slos, |w| Quarter::of_week(w) == now);
    analysis.exhausted_year =
        slos::exhausted_in(&analysis.slos, |w| Quarter::of_week(w).year == now.year);
    analysis.quarter_rows = quarter_rows(a, &analysis, &quarter_weeks);
    analysis.glance = super::glance::glance(&analysis.quarter_rows);
    analysis
}

/// Every attainment the reviews report and each objective's series: from each review's
/// attainments (kept per review, an equal one keeping its Arc), kept whole while they come from
/// the very same.
fn slo_figures(
    a: &Archive,
    weeks: &[Week],
    memo: &Memo,
) -> (Arc<slos::Attainments>, Vec<ObjectiveSeries>) {
    let reported: Vec<(Week, Arc<slos::WeekAttainments>)> = a
        .reviews
        .par_iter()
        .filter(|r| !r.front.draft)
        .map(|r| {
            let week = r.front.week;
            let reported = memo.week_slos.get_or_same(
                week,
                &[Some(r)],
                || slos::week_attainments(r),
                // By their bits: `-0` and `0` are equal numbers but not the same text.
                |last, now| {
                    last.len() == now.len()
                        && last
                            .iter()
                            .zip(now)
                            .all(|((k, x), (l, y))| k == l && x.to_bits() == y.to_bits())
                },
            );
            (week, reported)
        })
        .collect();
    let from: Vec<_> = reported.iter().map(|(_, r)| Some(r)).collect();
    let counted: Vec<Week> = reported.iter().map(|(w, _)| *w).collect();
    let all = memo
        .attainments
        .get_or(crate::types::fingerprint(&counted), &from, |_| {
            let by_week: Vec<_> = reported.iter().map(|(w, r)| (*w, &**r)).collect();
            slos::attainments_of(&by_week)
        });
    let series = memo
        .slo_series
        .get_or(crate::types::fingerprint(weeks), &[Some(&all)], |_| {
            slos::all_series_from(a, weeks, &all)
        });
    (all, Vec::clone(&series))
}

/// Each review's pages by alert (drafts' too), kept per review: an equal one keeps its Arc.
fn week_alerts(a: &Archive, memo: &Memo) -> Vec<Arc<alerts::WeekAlerts>> {
    a.reviews
        .par_iter()
        .map(|r| {
            // Counts and times only: equal is the same.
            memo.week_alerts.get_or_same(
                r.front.week,
                &[Some(r)],
                || alerts::week_alerts(r),
                |last, now| last == now,
            )
        })
        .collect()
}

/// The index, with what it reads of the pages kept while it comes from the very same reviews'
/// pages by alert.
fn index_of(a: &Archive, paged: &[Arc<alerts::WeekAlerts>], memo: &Memo) -> Index {
    let from: Vec<_> = paged.iter().map(Some).collect();
    let weeks: Vec<Week> = a.reviews.iter().map(|r| r.front.week).collect();
    let kept = memo
        .paged
        .get_or(crate::types::fingerprint(&weeks), &from, |_| {
            let by_week: Vec<_> = weeks.iter().zip(paged).map(|(w, p)| (*w, &**p)).collect();
            super::index::Paged::of(&by_week)
        });
    Index::build_with(a, super::index::Paged::clone(&kept))
}

/// The alert statistics, from the counted reviews' pages by alert; kept whole while they add
/// up the very same weeks, and the follow-ups, alert names and as-of date they also read are
/// the same (runbooks and the recurrence bounds are settings).
fn alert_figures(a: &Archive, paged: &[Arc<alerts::WeekAlerts>], memo: &Memo) -> Vec<AlertStats> {
    let weeks: Vec<(Week, &Arc<alerts::WeekAlerts>)> = a
        .reviews
        .iter()
        .zip(paged)
        .filter(|(r, _)| alerts::counted(a, r))
        .map(|(r, p)| (r.front.week, p))
        .collect();
    let follow_ups: Vec<_> = a
        .actions
        .iter()
        .filter(|x| {
            x.refs
                .iter()
                .any(|r| matches!(r, crate::resolve::Ref::Alert(_)))
        })
        .map(|x| {
            let i = &x.item;
            (&i.id, &x.refs, i.status, i.closed, i.due, x.created)
        })
        .collect();
    let week_list: Vec<Week> = weeks.iter().map(|(w, _)| *w).collect();
    let rest = crate::types::fingerprint(&(week_list, follow_ups, &a.alerts, a.as_of));
    let from: Vec<Option<&Arc<alerts::WeekAlerts>>> = weeks.iter().map(|(_, p)| Some(*p)).collect();
    let stats = memo.alerts.get_or(rest, &from, |_| {
        let weeks: Vec<(Week, &alerts::WeekAlerts)> =
            weeks.iter().map(|(w, p)| (*w, &***p)).collect();
        alerts::alert_stats_of(a, &weeks)
    });
    Vec::clone(&stats)
}

/// On-call load of the organisation and of each team. The totals over a span are taken from
/// `totals` when they add up the very same team-weeks.
fn oncall_figures(
    a: &Archive,
    loads: &Loads,
    weeks: &[Week],
    totals: &Kept<(Option<String>, Span), WeekLoad, SpanTotals>,
) -> (Oncall<OrgWeek>, BTreeMap<String, Oncall<Arc<WeekLoad>>>) {
    let year = &weeks[weeks.len().saturating_sub(YEAR)..];
    let quarter = &weeks[weeks.len().saturating_sub(QUARTER)..];
    let org_series = loads.org_series(weeks);
    // All team-weeks of the span, weeks run together: a team-week's `Arc` is only ever kept
    // for its own week and team, so the same list is the same weeks.
    let every = |span: &[Week]| -> Vec<Option<&Arc<WeekLoad>>> {
        span.iter()
            .flat_map(|w| loads.all_of(*w).map(Some))
            .collect()
    };
    let org_total = |span: Span, over: &[Week]| {
        totals.get_or((None, span), &every(over), |_| {
            SpanTotals::of_org(loads, over, &org_series[weeks.len() - over.len()..])
        })
    };
    let (year_total, all_total) = (org_total(Span::Year, year), org_total(Span::All, weeks));
    let org = Oncall {
        year: SpanTotals::clone(&year_total),
        all: SpanTotals::clone(&all_total),
        people: loads.person_loads(a, quarter, None),
        series: org_series,
    };
    let teams = a
        .teams
        .keys()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|team| {
            let series = loads.team_series(team, weeks);
            let from: Vec<Option<&Arc<WeekLoad>>> = series.iter().map(Option::as_ref).collect();
            let total = |span: Span, over: &[Week]| {
                let from = &from[weeks.len() - over.len()..];
                let key = (Some((*team).clone()), span);
                let total = totals.get_or(key, from, |_| SpanTotals::of_team(loads, over, team));
                SpanTotals::clone(&total)
            };
            let oncall = Oncall {
                year: total(Span::Year, year),
                all: total(Span::All, weeks),
                people: loads.person_loads(a, quarter, Some(team)),
                series,
            };
            ((*team).clone(), oncall)
        })
        .collect();
    (org, teams)
}

fn incident_figures(a: &Archive, quarters: &[Quarter]) -> IncidentFigures {
    IncidentFigures {
        known: a.incidents.iter().map(|i| incidents::known(a, i)).collect(),
        by_month: incidents::counts_by_month(a),
        by_quarter: incidents::counts_by_quarter(a, quarters),
        durations_by_quarter: incidents::durations_by_quarter(a, quarters),
        resolve_by_quarter: incidents::resolve_by_quarter(a, quarters),
        repeats: incidents::repeat_groups(a),
        by_severity: a.incidents.iter().fold(BTreeMap::new(), |mut m, i| {
            *m.entry(i.front.severity.clone()).or_default() += 1;
            m
        }),
    }
}

fn action_figures(a: &Archive, index: &Index, quarters: &[Quarter]) -> ActionFigures {
    ActionFigures {
        flow: actions::monthly_flow(a),
        follow_through: actions::follow_through(a, quarters),
        by_owner: actions::tally_by(a, |x| Some(x.item.owner.clone())),
        by_team: actions::tally_by(a, |x| x.team.clone()),
        by_source: actions::tally_by(a, actions::source_kind),
        unfinished: a
            .actions
            .iter()
            .zip(&index.action_state)
            .filter(|(x, s)| {
                super::action_raised_by(x, a.as_of)
                    && matches!(s, ActionState::Open | ActionState::Overdue)
            })
            .count(),
    }
}

/// Each SLO's attainments as reported, review by review, oldest first.
fn slo_history(
    a: &Archive,
    reported: &slos::Attainments,
    targets: &BTreeMap<String, f64>,
) -> BTreeMap<String, Vec<SloWeek>> {
    a.slos
        .values()
        .map(|slo| {
            // Per objective: its attainments by week, and its target.
            type Column<'a> = (Option<&'a BTreeMap<Week, f64>>, Option<f64>);
            let columns: Vec<Column> = slo
                .objectives
                .iter()
                .map(|o| (reported.get(&o.key), targets.get(&o.key).copied()))
                .collect();
            // The weeks in which any objective was reported, in order.
            let weeks: std::collections::BTreeSet<Week> = columns
                .iter()
                .filter_map(|(by_week, _)| *by_week)
                .flat_map(|m| m.keys().copied())
                .collect();
            let rows = weeks
                .into_iter()
                .map(|week| SloWeek {
                    week,
                    values: columns
                        .iter()
                        .map(|(by_week, target)| {
                            let v = by_week.and_then(|m| m.get(&week)).copied();
                            (v, v.zip(*target).map(|(v, t)| v >= t))
                        })
                        .collect(),
                })
                .collect();
            (slo.name.clone(), rows)
        })
        .collect()
}

/// How many ISO weeks each quarter has (that of its Thursday decides).
fn quarter_weeks(quarters: &[Quarter]) -> BTreeMap<Quarter, usize> {
    let (Some(first), Some(last)) = (quarters.first(), quarters.last()) else {
        return BTreeMap::new();
    };
    let mut counts = BTreeMap::new();
    let start = Week::containing(first.first_day());
    let end = Week::containing(last.last_day());
    for w in super::weeks_through(start, end) {
        *counts.entry(Quarter::of_week(w)).or_default() += 1;
    }
    counts
}

fn quarter_rows(a: &Archive, f: &Analysis, sizes: &BTreeMap<Quarter, usize>) -> Vec<QuarterRow> {
    let as_of_week = Week::containing(a.as_of);
    let mut rows: Vec<QuarterRow> = f
        .quarters
        .iter()
        .enumerate()
        .map(|(n, q)| QuarterRow {
            quarter: *q,
            counts: Counts::default(),
            weeks: sizes.get(q).copied().unwrap_or(13),
            weeks_elapsed: 0,
            weeks_reviewed: 0,
            weeks_with_data: 0,
            partial: false,
            heavy: 0,
            slo_misses: 0,
            incidents: f
                .incidents
                .by_quarter
                .get(n)
                .map(|(_, c)| c.clone())
                .unwrap_or_default(),
            resolve: f.incidents.resolve_by_quarter.get(n).copied().flatten(),
            follow_through: f.actions.follow_through.get(n).cloned().unwrap_or_default(),
        })
        .collect();
    let position: BTreeMap<Quarter, usize> = f
        .quarters
        .iter()
        .enumerate()
        .map(|(n, q)| (*q, n))
        .collect();
    let mut hours: Vec<std::collections::BTreeSet<i64>> = vec![Default::default(); rows.len()];
    for (i, w) in f.weeks.iter().enumerate() {
        let Some(n) = position.get(&Quarter::of_week(*w)).copied() else {
            continue;
        };
        let Some(row) = rows.get_mut(n) else { continue };
        row.weeks_elapsed += 1;
        if let Some(Some(o)) = f.org.series.get(i) {
            row.weeks_reviewed += 1;
            if let Some(c) = &o.pages {
                row.counts.add(c);
                row.weeks_with_data += 1;
            }
            row.heavy += o.heavy_teams.len();
        }
        row.slo_misses += f.slo_misses.get(i).copied().unwrap_or_default();
        if let Some(h) = hours.get_mut(n) {
            h.extend(f.loads.utc_hours_in(*w));
        }
    }
    for (row, h) in rows.iter_mut().zip(hours) {
        row.counts.hours_interrupted = h.len() as u64;
        // The weeks after the archive's last review up to the as-of week still elapsed.
        let end = Week::containing(row.quarter.last_day()).min(as_of_week);
        let after = f.weeks.last().map_or(0, |last| {
            super::weeks_through(last.next(), end)
                .iter()
                .filter(|w| Quarter::of_week(**w) == row.quarter)
                .count()
        });
        row.weeks_elapsed += after;
        row.partial = row.weeks_elapsed < row.weeks;
    }
    rows
}

impl Analysis {
    /// The slice of `weeks` (and of every series over them) for the last `n` weeks.
    pub fn last(&self, n: usize) -> std::ops::Range<usize> {
        self.weeks.len().saturating_sub(n)..self.weeks.len()
    }

    /// Where a week is in `weeks`.
    pub fn week_index(&self, week: Week) -> Option<usize> {
        self.weeks.binary_search(&week).ok()
    }

    /// Of an SLO's last `n` reported weeks, how many missed (any objective), and how many
    /// there are.
    pub fn slo_recent(&self, slo: &str, n: usize) -> (usize, usize) {
        let history = self
            .slo_history
            .get(slo)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let recent = &history[history.len().saturating_sub(n)..];
        (recent.iter().filter(|h| h.missed()).count(), recent.len())
    }

    /// Recurring alerts, and those of them without a follow-up.
    pub fn recurring_alerts(&self) -> (usize, usize) {
        let recurring = self.alerts.iter().filter(|s| s.recurring);
        let neglected = recurring.clone().filter(|s| !s.followed_up()).count();
        (recurring.count(), neglected)
    }

    pub fn alerts_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a AlertStats> {
        self.alerts.iter().filter(move |s| s.name == name)
    }

    /// When a month is not over on the as-of date (the month of the as-of date, before its last
    /// day): the as-of date, up to which its figures count.
    pub fn month_partial_to(&self, a: &Archive, month: Month) -> Option<jiff::civil::Date> {
        let last = a.as_of.last_of_month();
        (Month::of(a.as_of) == month && a.as_of < last).then_some(a.as_of)
    }

    /// Whether an attainment met its objective's target (`None` for an unknown objective).
    pub fn met(&self, key: &str, value: f64) -> Option<bool> {
        self.targets.get(key).map(|t| value >= *t)
    }

    /// What is unusual in a week (nothing, for a week outside the archive's).
    /// The series of the metric a team's sections report as `key`.
    pub fn metric(&self, team: &str, key: &str) -> Option<&super::metrics::MetricSeries> {
        self.metrics.iter().find(|s| s.team == team && s.key == key)
    }

    pub fn unusual_in(&self, week: Week) -> &[Unusual] {
        self.unusual.get(&week).map_or(&[], Vec::as_slice)
    }

    /// The meeting of a review week (nothing, for a week without a review).
    pub fn meeting_of(&self, week: Week) -> Option<&WeekMeeting> {
        self.meetings.get(&week)
    }

    /// The action items a record raised, by the as-of date, with their states.
    pub fn actions_of<'a>(
        &'a self,
        a: &'a Archive,
        origin: &Origin,
    ) -> impl Iterator<Item = (&'a crate::resolve::Action, ActionState)> + 'a {
        self.index
            .actions_of(origin)
            .iter()
            .filter_map(move |n| Some((a.actions.get(*n)?, *self.index.action_state.get(*n)?)))
    }

    /// Action items by id, with their states now (unknown ids are left out).
    pub fn actions_by_id<'a>(
        &'a self,
        a: &'a Archive,
        ids: &'a [String],
    ) -> impl Iterator<Item = (&'a crate::resolve::Action, ActionState)> + 'a {
        ids.iter().filter_map(move |id| {
            let n = *self.index.action_by_id.get(id)?;
            Some((a.actions.get(n)?, *self.index.action_state.get(n)?))
        })
    }

    /// Every action item raised by the as-of date, with its state, in the archive's order.
    pub fn actions_in_scope<'a>(
        &'a self,
        a: &'a Archive,
    ) -> impl Iterator<Item = (&'a crate::resolve::Action, ActionState)> + 'a {
        a.actions
            .iter()
            .zip(self.index.action_state.iter().copied())
            .filter(move |(x, _)| super::action_raised_by(x, a.as_of))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};

    fn paged(week: &str, at: &[&str]) -> (String, String) {
        let pages: String = at
            .iter()
            .map(|t| format!("      - {{ at: {t}, alert: A, service: api }}\n"))
            .collect();
        review(
            week,
            &format!("teams:\n  ops:\n    oncall: [bob]\n    pages:\n{pages}"),
        )
    }

    #[test]
    fn the_organisations_hours_over_a_span_are_its_distinct_hours() {
        // W15's review lists a page from the last hour of W14 (a page reported late), in the
        // same UTC hour as one of W14's: two weekly hours, one hour of the span.
        let a = archive_of(
            &[
                paged("2025-W14", &["2025-04-06T23:10:00Z"]),
                paged("2025-W15", &["2025-04-06T23:40:00Z"]),
            ],
            None,
        );
        let f = analyze(&a);
        let weekly: Vec<u64> = f
            .org
            .series
            .iter()
            .map(|w| w.as_ref().unwrap().pages.unwrap().hours_interrupted)
            .collect();
        assert_eq!(weekly, [1, 1]);
        assert_eq!(f.org.all.counts.hours_interrupted, 1);
        assert_eq!(f.org.all.counts.pages, 2);
    }

    #[test]
    fn a_week_counts_in_the_quarter_of_its_thursday_and_a_partial_quarter_says_so() {
        // 2026-W01 runs from Monday 29 December 2025; its Thursday is 1 January: 2026-Q1.
        let a = archive_of(
            &[
                paged(
                    "2025-W52",
                    &["2025-12-23T10:00:00Z", "2025-12-23T11:00:00Z"],
                ),
                paged(
                    "2026-W01",
                    &[
                        "2025-12-29T10:00:00Z",
                        "2025-12-30T10:00:00Z",
                        "2025-12-31T10:00:00Z",
                    ],
                ),
            ],
            None,
        );
        let f = analyze(&a);
        let rows: Vec<(String, u64, usize, usize, bool)> = f
            .quarter_rows
            .iter()
            .map(|r| {
                (
                    r.quarter.to_string(),
                    r.counts.pages,
                    r.weeks_elapsed,
                    r.weeks,
                    r.partial,
                )
            })
            .collect();
        // 2025-Q4 has 13 ISO weeks (W40..W52), of which the archive covers one; 2026-Q1 has 13
        // (W01..W13), one of them so far (the as-of date is 4 January).
        assert_eq!(
            rows,
            [
                ("2025-Q4".into(), 2, 1, 13, true),
                ("2026-Q1".into(), 3, 1, 13, true),
            ]
        );
        assert_eq!(f.quarter_rows[1].pages_per_week(3), Some(3.0));
    }
}
