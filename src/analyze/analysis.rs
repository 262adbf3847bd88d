//! The analysis stage's product: every figure the site shows, computed once from the archive,
//! as plain data. Pages look figures up here; they compute none.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::actions::{self, FollowThrough, MonthFlow, Tally};
use super::alerts::{self, AlertStats};
use super::baseline::{Flags, Unusual};
use super::incidents::{self, IncidentDurations, Measure, Spread};
use super::index::Index;
use super::meeting::{self, WeekMeeting};
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
    pub counts: Counts,
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

impl SloWeek {
    pub fn missed(&self) -> bool {
        self.values.iter().any(|(_, met)| *met == Some(false))
    }
}

#[derive(Debug, Default)]
pub struct IncidentFigures {
    /// Each incident's durations, by its index.
    pub durations: Vec<IncidentDurations>,
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
    pub teams: BTreeMap<String, Oncall<WeekLoad>>,
    pub alerts: Vec<AlertStats>,
    pub slos: Vec<ObjectiveSeries>,
    /// Objectives that missed their target, per week of `weeks`.
    pub slo_misses: Vec<usize>,
    pub slo_history: BTreeMap<String, Vec<SloWeek>>,
    /// Objective key → target in percent.
    pub targets: BTreeMap<String, f64>,
    /// What is unusual, for each week of `weeks`.
    pub unusual: BTreeMap<Week, Vec<Unusual>>,
    pub incidents: IncidentFigures,
    pub actions: ActionFigures,
    pub quarter_rows: Vec<QuarterRow>,
    /// The meeting of each review week: who speaks, what is overdue by owner, the dashboard.
    pub meetings: BTreeMap<Week, WeekMeeting>,
}

/// The analysis stage: every figure of the site, from the resolved archive.
pub fn analyze(a: &Archive) -> Analysis {
    let weeks = archive_weeks(a);
    let quarters = archive_quarters(a);
    let index = Index::build(a);
    let loads = Loads::of(a);
    let reported = slos::attainments(a);
    let (alerts, slos) = rayon::join(
        || alerts::alert_stats(a),
        || slos::all_series_from(a, &weeks, &reported),
    );
    let year = &weeks[weeks.len().saturating_sub(YEAR)..];
    let quarter = &weeks[weeks.len().saturating_sub(QUARTER)..];

    let org_series = loads.org_series(a, &weeks);
    let org = Oncall {
        year: SpanTotals::of_org(&loads, year, &org_series[weeks.len() - year.len()..]),
        all: SpanTotals::of_org(&loads, &weeks, &org_series),
        people: loads.person_loads(a, quarter, None),
        series: org_series,
    };
    let teams = a
        .teams
        .keys()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|team| {
            let series = loads.team_series(team, &weeks);
            let oncall = Oncall {
                year: SpanTotals::of_team(&series[weeks.len() - year.len()..]),
                all: SpanTotals::of_team(&series),
                people: loads.person_loads(a, quarter, Some(team)),
                series,
            };
            ((*team).clone(), oncall)
        })
        .collect();

    let slo_misses = (0..weeks.len())
        .map(|i| {
            slos.iter()
                .filter(|s| s.weeks.get(i).is_some_and(|w| w.met == Some(false)))
                .count()
        })
        .collect();
    let targets: BTreeMap<String, f64> = a
        .slos
        .values()
        .flat_map(|s| s.objectives.iter())
        .map(|o| (o.key.clone(), slos::target_percent(o)))
        .collect();
    let unusual = Flags::new(a, &loads, &index, &alerts, &slos).weeks(&weeks);
    let meetings = meeting::meetings(a, &unusual);

    let incidents = IncidentFigures {
        durations: a
            .incidents
            .iter()
            .map(|i| incidents::incident_durations(&i.front))
            .collect(),
        by_month: incidents::counts_by_month(a),
        by_quarter: incidents::counts_by_quarter(a, &quarters),
        durations_by_quarter: incidents::durations_by_quarter(a, &quarters),
        resolve_by_quarter: incidents::resolve_by_quarter(a, &quarters),
        repeats: incidents::repeat_groups(a),
        by_severity: a.incidents.iter().fold(BTreeMap::new(), |mut m, i| {
            *m.entry(i.front.severity.clone()).or_default() += 1;
            m
        }),
    };
    let actions = ActionFigures {
        flow: actions::monthly_flow(a),
        follow_through: actions::follow_through(a, &quarters),
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
    };
    let mut analysis = Analysis {
        slo_history: slo_history(a, &reported, &targets),
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
        unusual,
        incidents,
        actions,
        quarter_rows: vec![],
        meetings,
    };
    analysis.quarter_rows = quarter_rows(&analysis);
    analysis
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

fn quarter_rows(f: &Analysis) -> Vec<QuarterRow> {
    let mut rows: Vec<QuarterRow> = f
        .quarters
        .iter()
        .enumerate()
        .map(|(n, q)| QuarterRow {
            quarter: *q,
            counts: Counts::default(),
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
    for (i, w) in f.weeks.iter().enumerate() {
        let Some(row) = position
            .get(&Quarter::of_week(*w))
            .and_then(|n| rows.get_mut(*n))
        else {
            continue;
        };
        if let Some(Some(o)) = f.org.series.get(i) {
            row.counts.add(&o.counts);
            row.heavy += o.heavy_teams.len();
        }
        row.slo_misses += f.slo_misses.get(i).copied().unwrap_or_default();
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

    /// Whether an attainment met its objective's target (`None` for an unknown objective).
    pub fn met(&self, key: &str, value: f64) -> Option<bool> {
        self.targets.get(key).map(|t| value >= *t)
    }

    /// What is unusual in a week (nothing, for a week outside the archive's).
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
