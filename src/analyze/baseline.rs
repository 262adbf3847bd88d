//! "What is unusual this week": each team's week against the median of its previous weeks,
//! plus the things that are always worth a look (docs/metrics.md).

use serde::Serialize;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use super::alerts::AlertStats;
use super::index::Index;
use super::median;
use super::memo::ByWeek;
use super::metrics::MetricSeries;
use super::oncall::{Counts, Heavy, Loads, WeekLoad};
use super::slos::ObjectiveSeries;
use crate::load::records::ActionStatus;
use crate::resolve::Archive;
use crate::types::Week;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    Pages,
    OffHoursPages,
    SleepPages,
    Tickets,
    Health,
    Attainment(String),
}

impl Metric {
    pub fn label(&self) -> String {
        match self {
            Metric::Pages => "pages".into(),
            Metric::OffHoursPages => "off-hours pages".into(),
            Metric::SleepPages => "sleep-hour pages".into(),
            Metric::Tickets => "tickets".into(),
            Metric::Health => "health".into(),
            Metric::Attainment(key) => format!("{key} attainment"),
        }
    }
}

/// An action item that became overdue in a week: its id and owner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverdueItem {
    pub id: String,
    pub owner: String,
}

/// One thing worth a look in a week, most serious kinds first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unusual {
    /// An incident of one of the top severities started this week.
    Incident {
        id: String,
        severity: String,
    },
    HeavyWeek {
        team: String,
        reasons: Vec<Heavy>,
    },
    BudgetExhausted {
        key: String,
        rolling_used: f64,
    },
    MissedTarget {
        team: String,
        key: String,
        value: f64,
        target: f64,
    },
    /// More than twice the baseline (the median of `weeks` previous weeks), and above the floor.
    Above {
        team: String,
        metric: Metric,
        value: f64,
        baseline: f64,
        weeks: usize,
    },
    /// Health or attainment below the baseline by more than the margin.
    Below {
        team: String,
        metric: Metric,
        value: f64,
        baseline: f64,
        weeks: usize,
    },
    /// A declared metric worse than its baseline by more than its bounds (`change` is
    /// (value − baseline) / |baseline|, when the baseline is not 0).
    MetricDeviation {
        team: String,
        key: String,
        value: f64,
        baseline: f64,
        weeks: usize,
        change: Option<f64>,
    },
    /// A declared metric that missed its target or left its bounds.
    MetricOutside {
        team: String,
        key: String,
        value: f64,
        limit: super::metrics::Limit,
    },
    NewAlert {
        name: String,
        service: Option<String>,
        pages: u32,
    },
    /// Its follow-up was done, yet it paged this week for the `weeks`th week since: the fix
    /// did not work.
    RecurringAfterFollowUp {
        name: String,
        service: Option<String>,
        follow_up: String,
        closed: Date,
        weeks: u32,
    },
    /// Action items open and past due at the end of the week: how many, and those that became
    /// overdue during it (overdue at its end, not at the end of the week before).
    Overdue {
        count: usize,
        new: Vec<OverdueItem>,
    },
}

/// The deviations of `week`. `alerts` and `slos` are the archive's alert statistics and SLO
/// series (computed once for the whole site); `slos` must cover `week`.
pub fn unusual(
    a: &Archive,
    week: Week,
    alerts: &[AlertStats],
    slos: &[ObjectiveSeries],
) -> Vec<Unusual> {
    let (loads, index) = (Loads::of(a), Index::build(a));
    let mut all = Flags::new(a, &loads, &index, alerts, slos).weeks(&[week]);
    all.remove(&week).unwrap_or_default()
}

/// What the flags of every week read, gathered once.
pub struct Flags<'a> {
    a: &'a Archive,
    loads: &'a Loads,
    index: &'a Index,
    alerts: &'a [AlertStats],
    slos: &'a [ObjectiveSeries],
    slo_by_key: BTreeMap<&'a str, &'a ObjectiveSeries>,
    /// The weeks the metric series cover, and the series by team.
    metric_weeks: &'a [Week],
    metrics: BTreeMap<&'a str, Vec<&'a MetricSeries>>,
    /// The severities worth a flag: all but the least severe (all, for a scale of one).
    top: Vec<&'a str>,
    /// The teams' flags of each week as the last analysis found them (`serve`).
    kept: Option<&'a ByWeek<Vec<TeamFlags>>>,
}

/// A team's flags of a week that its review and those of the weeks before decide: all but
/// the declared metrics', which come between a heavy week and the rest.
#[derive(Debug)]
pub struct TeamFlags {
    team: String,
    heavy: Option<Unusual>,
    rest: Vec<Unusual>,
}

impl<'a> Flags<'a> {
    pub fn new(
        a: &'a Archive,
        loads: &'a Loads,
        index: &'a Index,
        alerts: &'a [AlertStats],
        slos: &'a [ObjectiveSeries],
    ) -> Self {
        let top = match a.site.severities.split_last() {
            Some((_, higher)) if !higher.is_empty() => {
                higher.iter().map(|s| s.id.as_str()).collect()
            }
            _ => a.site.severities.iter().map(|s| s.id.as_str()).collect(),
        };
        Flags {
            a,
            loads,
            index,
            alerts,
            slos,
            slo_by_key: slos.iter().map(|s| (s.key.as_str(), s)).collect(),
            metric_weeks: &[],
            metrics: BTreeMap::new(),
            top,
            kept: None,
        }
    }

    /// Takes the teams' flags of a week from `kept` when they were found from the same reviews.
    pub(super) fn with_kept(mut self, kept: &'a ByWeek<Vec<TeamFlags>>) -> Self {
        self.kept = Some(kept);
        self
    }

    /// Flags the declared metrics too: `series` over `weeks` (from [`super::metrics`]).
    pub fn with_metrics(mut self, weeks: &'a [Week], series: &'a [MetricSeries]) -> Self {
        self.metric_weeks = weeks;
        for s in series {
            self.metrics.entry(s.team.as_str()).or_default().push(s);
        }
        self
    }

    /// The flags of each of `weeks` (sorted, oldest first).
    pub fn weeks(&self, weeks: &[Week]) -> BTreeMap<Week, Vec<Unusual>> {
        use rayon::prelude::*;
        let overdue = self.overdue(weeks);
        let mut new_alerts: BTreeMap<Week, Vec<&AlertStats>> = BTreeMap::new();
        let mut again: BTreeMap<Week, Vec<&AlertStats>> = BTreeMap::new();
        let bound = self.a.site.recurring_alert.weeks;
        for s in self.alerts {
            if let Some(w) = s.first_week() {
                new_alerts.entry(w).or_default().push(s);
            }
            if let Some(w) = s.recurring_again_in(bound) {
                again.entry(w).or_default().push(s);
            }
        }
        weeks
            .par_iter()
            .zip(overdue)
            .map(|(w, overdue)| {
                let mut out = self.week(*w);
                for s in new_alerts.get(w).into_iter().flatten() {
                    out.push(Unusual::NewAlert {
                        name: s.name.clone(),
                        service: s.service.clone(),
                        pages: s.by_week.get(w).copied().unwrap_or_default(),
                    });
                }
                for s in again.get(w).into_iter().flatten() {
                    if let Some(f) = &s.after_follow_up {
                        out.push(Unusual::RecurringAfterFollowUp {
                            name: s.name.clone(),
                            service: s.service.clone(),
                            follow_up: f.id.clone(),
                            closed: f.closed,
                            weeks: bound,
                        });
                    }
                }
                out.extend(overdue);
                (*w, out)
            })
            .collect()
    }

    /// The items open and past due at the end of each week (or on the as-of date, if earlier):
    /// how many, and which became overdue in it. Each item is overdue over one run of weeks,
    /// from the first whose end is past its due date until the one whose end sees it closed;
    /// the runs are found by a search of the weeks and counted with a difference array, so the
    /// work is one step per item and per week, not per item and week.
    fn overdue(&self, weeks: &[Week]) -> Vec<Option<Unusual>> {
        let a = self.a;
        let ends = week_ends(a, weeks);
        let mut starts: Vec<i64> = vec![0; weeks.len() + 1];
        let mut new: Vec<Vec<OverdueItem>> = vec![vec![]; weeks.len()];
        for x in &a.actions {
            let Some(std::ops::Range {
                start: first,
                end: last,
            }) = overdue_run(&ends, x)
            else {
                continue;
            };
            if let Some(s) = starts.get_mut(first) {
                *s += 1;
            }
            if let Some(s) = starts.get_mut(last) {
                *s -= 1;
            }
            if let Some(list) = new.get_mut(first) {
                list.push(OverdueItem {
                    id: x.item.id.clone(),
                    owner: x.item.owner.clone(),
                });
            }
        }
        let mut open: i64 = 0;
        new.into_iter()
            .zip(starts)
            .map(|(new, start)| {
                open += start;
                let count = usize::try_from(open).unwrap_or(0);
                (count > 0).then_some(Unusual::Overdue { count, new })
            })
            .collect()
    }

    fn week(&self, week: Week) -> Vec<Unusual> {
        let (a, slos) = (self.a, self.slos);
        let mut out = vec![];
        for n in self.index.incidents_in(week) {
            let Some(i) = a.incidents.get(*n) else {
                continue;
            };
            let in_scope = super::incidents::start_date(a, i) <= a.as_of;
            if in_scope && self.top.contains(&i.front.severity.as_str()) {
                out.push(Unusual::Incident {
                    id: i.front.id.clone(),
                    severity: i.front.severity.clone(),
                });
            }
        }
        if let Some(review) = a.shared_review(week) {
            self.teams(review, &mut out);
        }
        for s in slos {
            if let Some(w) = s.at(week).filter(|w| w.exhausted) {
                out.push(Unusual::BudgetExhausted {
                    key: s.key.clone(),
                    rolling_used: w.rolling_used.unwrap_or(0.0),
                });
            }
        }
        out
    }

    fn teams(&self, review: &Arc<crate::resolve::Review>, out: &mut Vec<Unusual>) {
        let a = self.a;
        let week = review.front.week;
        let window = a.site.baseline_weeks as usize;
        let previous: Vec<Week> = (0..window)
            .scan(week, |w, _| {
                *w = w.previous();
                Some(*w)
            })
            .collect();
        let compute = || self.team_flags(review, &previous);
        let flags = match self.kept {
            Some(kept) => {
                let from: Vec<Option<&Arc<crate::resolve::Review>>> = std::iter::once(Some(review))
                    .chain(previous.iter().map(|w| a.shared_review(*w)))
                    .collect();
                kept.get_or(week, &from, |_| compute())
            }
            None => Arc::new(compute()),
        };
        for t in flags.iter() {
            out.extend(t.heavy.clone());
            self.metric_flags(&t.team, week, out);
            out.extend(t.rest.iter().cloned());
        }
    }

    /// What [`TeamFlags`] says for each team with a section in `review`, given the weeks
    /// before it, newest first. It reads those weeks' reviews and loads and the settings (of the
    /// SLO series only their targets): what `teams` keeps it by.
    fn team_flags(&self, review: &crate::resolve::Review, previous: &[Week]) -> Vec<TeamFlags> {
        let a = self.a;
        let week = review.front.week;
        let bounds = &a.site.unusual;
        let mut all = vec![];
        for (team, tw) in &review.front.teams {
            let Some(load) = self.loads.counted(week, team) else {
                continue;
            };
            let heavy = (!load.heavy.is_empty()).then(|| Unusual::HeavyWeek {
                team: team.clone(),
                reasons: load.heavy.clone(),
            });
            let mut rest = vec![];
            let out = &mut rest;
            for (key, value) in &tw.slos {
                let target = self.slo_by_key.get(key.as_str()).map(|s| s.target);
                if let Some(target) = target.filter(|t| value < t) {
                    out.push(Unusual::MissedTarget {
                        team: team.clone(),
                        key: key.clone(),
                        value: *value,
                        target,
                    });
                }
            }
            let before: Vec<(&crate::load::records::TeamWeek, &WeekLoad)> = previous
                .iter()
                .filter_map(|w| {
                    let tw = a.review(*w)?.front.teams.get(team)?;
                    Some((tw, self.loads.counted(*w, team)?))
                })
                .collect();
            // Each figure's baseline is the median over the previous weeks that have that
            // figure: a week whose pages were not reported is no data, not zero pages.
            let history = |pick: fn(&Counts) -> u64| -> Vec<f64> {
                before
                    .iter()
                    .filter_map(|(_, l)| l.pages.as_ref().map(|c| pick(c) as f64))
                    .collect()
            };
            let this = |pick: fn(&Counts) -> u64| load.pages.as_ref().map(|c| pick(c) as f64);
            let rises = [
                (
                    Metric::Pages,
                    this(|c| c.pages),
                    bounds.pages,
                    history(|c| c.pages),
                ),
                (
                    Metric::OffHoursPages,
                    this(|c| c.off_hours),
                    bounds.off_hours_pages,
                    history(|c| c.off_hours),
                ),
                (
                    Metric::SleepPages,
                    this(|c| c.sleep),
                    bounds.sleep_pages,
                    history(|c| c.sleep),
                ),
            ];
            for (metric, value, floor, history) in rises {
                push_if_above(out, team, metric, value, floor, &history, bounds.min_weeks);
            }
            let tickets: Vec<f64> = before
                .iter()
                .filter_map(|(tw, _)| tw.tickets.map(f64::from))
                .collect();
            push_if_above(
                out,
                team,
                Metric::Tickets,
                tw.tickets.map(f64::from),
                bounds.tickets,
                &tickets,
                bounds.min_weeks,
            );

            let health: Vec<f64> = before
                .iter()
                .filter_map(|(tw, _)| tw.health.map(f64::from))
                .collect();
            if let (Some(value), Some(baseline)) =
                (tw.health.map(f64::from), usual(&health, bounds.min_weeks))
            {
                if baseline - value > bounds.health_drop {
                    out.push(Unusual::Below {
                        team: team.clone(),
                        metric: Metric::Health,
                        value,
                        baseline,
                        weeks: health.len(),
                    });
                }
            }
            for (key, value) in &tw.slos {
                let Some(series) = self.slo_by_key.get(key.as_str()) else {
                    continue;
                };
                if *value < series.target {
                    continue; // already flagged as a missed target
                }
                let history: Vec<f64> = before
                    .iter()
                    .filter_map(|(tw, _)| tw.slos.get(key).copied())
                    .collect();
                // "Below by the margin": by default more than half a week's error budget.
                let margin = (100.0 - series.target) * bounds.attainment_drop_budget;
                if let Some(baseline) =
                    usual(&history, bounds.min_weeks).filter(|b| b - value > margin)
                {
                    out.push(Unusual::Below {
                        team: team.clone(),
                        metric: Metric::Attainment(key.clone()),
                        value: *value,
                        baseline,
                        weeks: history.len(),
                    });
                }
            }
            all.push(TeamFlags {
                team: team.clone(),
                heavy,
                rest,
            });
        }
        all
    }
}

impl Flags<'_> {
    /// The team's metrics that left their target or bounds, then those worse than usual.
    fn metric_flags(&self, team: &str, week: Week, out: &mut Vec<Unusual>) {
        let series = self.metrics.get(team).map_or(&[][..], Vec::as_slice);
        for s in series {
            let Some(p) = s.at(self.metric_weeks, week) else {
                continue;
            };
            if let (Some(value), Some(limit)) = (p.value, p.outside) {
                out.push(Unusual::MetricOutside {
                    team: team.to_string(),
                    key: s.key.clone(),
                    value,
                    limit,
                });
            }
        }
        for s in series {
            let Some(p) = s.at(self.metric_weeks, week) else {
                continue;
            };
            if let (Some(value), Some(b), true) = (p.value, p.baseline, p.unusual) {
                out.push(Unusual::MetricDeviation {
                    team: team.to_string(),
                    key: s.key.clone(),
                    value,
                    baseline: b.median,
                    weeks: b.weeks,
                    change: p.change,
                });
            }
        }
    }
}

/// The end of each of `weeks` as the figures see it: its Sunday, or the as-of date if earlier.
pub(super) fn week_ends(a: &Archive, weeks: &[Week]) -> Vec<Date> {
    weeks.iter().map(|w| w.sunday().min(a.as_of)).collect()
}

/// The weeks, as positions in `ends` (sorted, from [`week_ends`]), at whose end the item `x` is
/// open and past due: from the first end after its due date (and its raising) until the first
/// that sees it done or dropped. `None` for an item without a due date or never overdue at a
/// week's end.
pub(super) fn overdue_run(
    ends: &[Date],
    x: &crate::resolve::Action,
) -> Option<std::ops::Range<usize>> {
    let due = x.item.due?;
    let first = ends.partition_point(|end| *end <= due || *end < x.created);
    let last = match (x.item.status, x.item.closed) {
        (ActionStatus::Done | ActionStatus::Dropped, Some(closed)) => {
            ends.partition_point(|end| *end < closed)
        }
        _ => ends.len(),
    };
    (first < last).then_some(first..last)
}

fn push_if_above(
    out: &mut Vec<Unusual>,
    team: &str,
    metric: Metric,
    value: Option<f64>,
    floor: f64,
    history: &[f64],
    min_weeks: usize,
) {
    let (Some(value), Some(baseline)) = (value, usual(history, min_weeks)) else {
        return;
    };
    if value > 2.0 * baseline && value >= floor {
        out.push(Unusual::Above {
            team: team.to_string(),
            metric,
            value,
            baseline,
            weeks: history.len(),
        });
    }
}

/// The baseline: the median of the previous weeks' figures, when there are enough of them.
pub(super) fn usual(history: &[f64], min_weeks: usize) -> Option<f64> {
    (history.len() >= min_weeks)
        .then(|| median(history))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};
    use crate::analyze::{alerts, slos, weeks_through};

    fn pages(n: usize, day: &str, hour: u32, alert: &str) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "      - {{ at: {day}T{:02}:{:02}:00Z, alert: {alert}, service: api }}\n",
                    hour,
                    i % 60
                )
            })
            .collect()
    }

    fn week(
        w: &str,
        day: &str,
        n: usize,
        health: u8,
        attainment: f64,
        extra: &str,
    ) -> (String, String) {
        let p = if n > 0 {
            format!("    pages:\n{}", pages(n, day, 10, "Usual"))
        } else {
            String::new()
        };
        review(w, &format!("{extra}teams:\n  ops:\n    oncall: [bob]\n    health: {health}\n    tickets: 2\n    slos:\n      api-availability: {attainment}\n{p}"))
    }

    fn flags(files: &[(String, String)], w: &str) -> Vec<Unusual> {
        let a = archive_of(files, None);
        let weeks = weeks_through(
            a.reviews[0].front.week,
            a.reviews.last().unwrap().front.week,
        );
        let stats = alerts::alert_stats(&a);
        let series = slos::all_series(&a, &weeks);
        unusual(&a, w.parse().unwrap(), &stats, &series)
    }

    #[test]
    fn a_metric_worse_than_usual_or_outside_its_target_is_flagged_for_its_team() {
        let ops = "---\nname: Ops\nmembers: [ann, bob]\nmetrics:\n  latency:\n    unit: ms\n    good: lower\n    target: 300\n---\n";
        let w = |week: &str, ms: u32| {
            review(
                week,
                &format!("teams:\n  ops:\n    metrics:\n      latency: {ms}\n"),
            )
        };
        let files = [
            ("teams/ops.md".to_string(), ops.to_string()),
            w("2025-W10", 200),
            w("2025-W11", 220),
            w("2025-W12", 210),
            w("2025-W13", 320),
        ];
        let a = archive_of(&files, None);
        let weeks = crate::analyze::archive_weeks(&a);
        let quarters = crate::analyze::archive_quarters(&a);
        let series = crate::analyze::metrics::all_series(&a, &weeks, &quarters);
        let (loads, index) = (Loads::of(&a), Index::build(&a));
        let flags = Flags::new(&a, &loads, &index, &[], &[])
            .with_metrics(&weeks, &series)
            .weeks(&weeks);
        let w13: Week = "2025-W13".parse().unwrap();
        // Usual 210 (median of 200, 220, 210); 320 is 110 worse, more than 25 % of 210.
        assert_eq!(
            flags[&w13],
            [
                Unusual::MetricOutside {
                    team: "ops".into(),
                    key: "latency".into(),
                    value: 320.0,
                    limit: crate::analyze::metrics::Limit::Target(300.0),
                },
                Unusual::MetricDeviation {
                    team: "ops".into(),
                    key: "latency".into(),
                    value: 320.0,
                    baseline: 210.0,
                    weeks: 3,
                    change: Some(110.0 / 210.0),
                }
            ]
        );
        assert_eq!(flags[&"2025-W12".parse::<Week>().unwrap()], []);
    }

    #[test]
    fn a_quiet_week_has_nothing_to_say() {
        let files = [
            week("2025-W09", "2025-02-25", 3, 4, 99.95, ""),
            week("2025-W10", "2025-03-04", 3, 4, 99.95, ""),
            week("2025-W11", "2025-03-11", 4, 4, 99.96, ""),
            week("2025-W12", "2025-03-18", 2, 4, 99.97, ""),
        ];
        assert_eq!(flags(&files, "2025-W12"), []);
    }

    #[test]
    fn pages_above_twice_the_median_and_the_floor() {
        // Previous weeks: 2, 3, 4 pages: median 3. 7 > 6 and ≥ 5: flagged.
        let files = [
            week("2025-W10", "2025-03-04", 2, 4, 99.95, ""),
            week("2025-W11", "2025-03-11", 3, 4, 99.95, ""),
            week("2025-W12", "2025-03-18", 4, 4, 99.95, ""),
            week("2025-W13", "2025-03-25", 7, 4, 99.95, ""),
        ];
        let above = Unusual::Above {
            team: "ops".into(),
            metric: Metric::Pages,
            value: 7.0,
            baseline: 3.0,
            weeks: 3,
        };
        assert_eq!(flags(&files, "2025-W13"), [above]);
        // 6 pages is exactly twice the median: not flagged.
        let mut six = files.clone();
        six[3] = week("2025-W13", "2025-03-25", 6, 4, 99.95, "");
        assert_eq!(flags(&six, "2025-W13"), []);
        // With only two previous weeks there is no baseline yet.
        assert_eq!(flags(&files[1..], "2025-W13"), []);
        // A site that sets its own floor: 7 pages are not news under a floor of 8.
        let mut strict = files.to_vec();
        strict.push((
            "site.yaml".into(),
            "title: T\norganisation: O\npeople:\n  ann: Ann\n  bob: Bob\n  cy: Cy\nunusual:\n  pages: 8\n".into(),
        ));
        assert_eq!(flags(&strict, "2025-W13"), []);
    }

    #[test]
    fn the_baseline_is_the_median_of_exactly_the_previous_eight_weeks() {
        // W01: 2 pages; W02–W05: 20; W06–W09: 2. The eight weeks before W10 (W02–W09) have a
        // median of (2 + 20) / 2 = 11; nine weeks or seven would give 2.
        let counts = [2, 20, 20, 20, 20, 2, 2, 2, 2, 23];
        let files: Vec<_> = counts
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let w: crate::types::Week = format!("2025-W{:02}", i + 1).parse().unwrap();
                week(
                    &w.to_string(),
                    &(w.monday() + jiff::Span::new().days(1)).to_string(),
                    *n,
                    4,
                    99.95,
                    "",
                )
            })
            .collect();
        let got = flags(&files, "2025-W10");
        assert!(
            got.contains(&Unusual::Above {
                team: "ops".into(),
                metric: Metric::Pages,
                value: 23.0,
                baseline: 11.0,
                weeks: 8
            }),
            "{got:#?}"
        );
    }

    #[test]
    fn below_the_floor_is_not_news_even_when_doubled() {
        // Median 1, this week 4 pages: more than twice, but under the floor of 5.
        let files = [
            week("2025-W09", "2025-02-25", 1, 4, 99.95, ""),
            week("2025-W10", "2025-03-04", 1, 4, 99.95, ""),
            week("2025-W11", "2025-03-11", 1, 4, 99.95, ""),
            week("2025-W12", "2025-03-18", 4, 4, 99.95, ""),
        ];
        assert_eq!(flags(&files, "2025-W12"), []);
    }

    #[test]
    fn health_drop_missed_target_exhausted_budget_and_the_always_flagged() {
        // W12: health 2 against a usual 4 (a drop, and a heavy week by the health bound);
        // attainment 99.5 misses 99.9, and a week using 5× its budget exhausts the 4-week window:
        // (0.5 + 0.5 + 0.4 + 5) / 4 = 1.6. An overdue item raised in W10 was due on 2025-03-14.
        let item = "action_items:\n  - { id: AI-1, title: t, owner: ann, due: 2025-03-14, status: open }\n";
        let files = vec![
            week("2025-W09", "2025-02-25", 0, 4, 99.95, ""),
            week("2025-W10", "2025-03-04", 0, 4, 99.95, item),
            week("2025-W11", "2025-03-11", 0, 4, 99.96, ""),
            week("2025-W12", "2025-03-18", 0, 2, 99.5, ""),
            (
                "incidents/2025/INC-2025-001.md".into(),
                "---\nid: INC-2025-001\ntitle: t\nseverity: major\nstatus: resolved\nstarted: 2025-03-18T10:00:00Z\nresolved: 2025-03-18T11:00:00Z\nteams: [ops]\n---\n".into(),
            ),
            (
                "incidents/2025/INC-2025-002.md".into(),
                "---\nid: INC-2025-002\ntitle: t\nseverity: standard\nstatus: resolved\nstarted: 2025-03-19T10:00:00Z\nresolved: 2025-03-19T11:00:00Z\nteams: [ops]\n---\n".into(),
            ),
        ];
        let got = flags(&files, "2025-W12");
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(
            got[0],
            Unusual::Incident {
                id: "INC-2025-001".into(),
                severity: "major".into()
            },
            "standard is not a top severity"
        );
        assert_eq!(
            got[1],
            Unusual::HeavyWeek {
                team: "ops".into(),
                reasons: vec![Heavy::Health { health: 2 }]
            }
        );
        assert_eq!(
            got[2],
            Unusual::MissedTarget {
                team: "ops".into(),
                key: "api-availability".into(),
                value: 99.5,
                target: 99.9
            }
        );
        assert_eq!(
            got[3],
            Unusual::Below {
                team: "ops".into(),
                metric: Metric::Health,
                value: 2.0,
                baseline: 4.0,
                weeks: 3
            }
        );
        assert!(
            matches!(&got[4], Unusual::BudgetExhausted { key, rolling_used } if key == "api-availability" && (rolling_used - 1.6).abs() < 1e-6),
            "{:?}",
            got[4]
        );
        assert_eq!(
            got[5],
            Unusual::Overdue {
                count: 1,
                new: vec![OverdueItem {
                    id: "AI-1".into(),
                    owner: "ann".into()
                }]
            }
        );
        // At the end of W10 the item was not yet due.
        assert!(!flags(&files, "2025-W10")
            .iter()
            .any(|u| matches!(u, Unusual::Overdue { .. })));
    }

    #[test]
    fn an_incident_after_the_as_of_date_is_not_listed() {
        let files = vec![
            week("2025-W12", "2025-03-18", 0, 4, 99.95, ""),
            (
                "incidents/2025/INC-2025-001.md".into(),
                "---\nid: INC-2025-001\ntitle: t\nseverity: major\nstatus: investigating\nstarted: 2025-03-20T10:00:00Z\nteams: [ops]\n---\n".into(),
            ),
        ];
        let a = archive_of(&files, Some("2025-03-19"));
        let got = unusual(&a, "2025-W12".parse().unwrap(), &[], &[]);
        assert_eq!(got, []);
        let a = archive_of(&files, None);
        assert_eq!(unusual(&a, "2025-W12".parse().unwrap(), &[], &[]).len(), 1);
    }

    #[test]
    fn attainment_sliding_by_more_than_half_a_budget_and_new_alerts() {
        // Usual 99.98; 99.92 still meets 99.9 but is 0.06 below (more than 0.05).
        let files = [
            week("2025-W09", "2025-02-25", 1, 4, 99.98, ""),
            week("2025-W10", "2025-03-04", 1, 4, 99.98, ""),
            week("2025-W11", "2025-03-11", 1, 4, 99.98, ""),
            review("2025-W12", &format!("teams:\n  ops:\n    oncall: [bob]\n    health: 4\n    tickets: 2\n    slos:\n      api-availability: 99.92\n    pages:\n{}{}", pages(1, "2025-03-18", 10, "Usual"), pages(2, "2025-03-19", 11, "Fresh"))),
        ];
        assert_eq!(
            flags(&files, "2025-W12"),
            [
                Unusual::Below {
                    team: "ops".into(),
                    metric: Metric::Attainment("api-availability".into()),
                    value: 99.92,
                    baseline: 99.98,
                    weeks: 3
                },
                Unusual::NewAlert {
                    name: "Fresh".into(),
                    service: None,
                    pages: 2
                },
            ]
        );
    }

    /// `site.yaml` with a 4-week baseline, so that a missing week matters.
    fn four_week_baseline() -> (String, String) {
        (
            "site.yaml".into(),
            "title: T\norganisation: O\ntime_zone: UTC\npeople:\n  ann: Ann\n  bob: Bob\n  cy: Cy\nbaseline_weeks: 4\n".into(),
        )
    }

    #[test]
    fn a_missing_week_shortens_the_baseline_rather_than_reaching_further_back() {
        // The baseline of W07 is W03..W06, four calendar weeks; W03 has no review, so it is the
        // median of W04..W06 (2, 3, 4 pages) = 3 over 3 weeks. Reaching back to four weeks with
        // a section would take W02 (30 pages) too: median 3.5 over 4.
        let files = [
            four_week_baseline(),
            week("2025-W02", "2025-01-07", 30, 4, 99.95, ""),
            week("2025-W04", "2025-01-21", 2, 4, 99.95, ""),
            week("2025-W05", "2025-01-28", 3, 4, 99.95, ""),
            week("2025-W06", "2025-02-04", 4, 4, 99.95, ""),
            week("2025-W07", "2025-02-11", 10, 4, 99.95, ""),
        ];
        let above = Unusual::Above {
            team: "ops".into(),
            metric: Metric::Pages,
            value: 10.0,
            baseline: 3.0,
            weeks: 3,
        };
        assert!(
            flags(&files, "2025-W07").contains(&above),
            "{:?}",
            flags(&files, "2025-W07")
        );
    }

    #[test]
    fn a_week_whose_pages_were_not_reported_is_left_out_of_the_baseline() {
        // W11's section has no pages: no data. The baseline of W14 is the median of W10, W12
        // and W13 (2, 3, 4) = 3 — not of 2, 0, 3, 4 = 2.5.
        let files = [
            week("2025-W10", "2025-03-04", 2, 4, 99.95, ""),
            week("2025-W11", "2025-03-11", 0, 4, 99.95, ""),
            week("2025-W12", "2025-03-18", 3, 4, 99.95, ""),
            week("2025-W13", "2025-03-25", 4, 4, 99.95, ""),
            week("2025-W14", "2025-04-01", 10, 4, 99.95, ""),
        ];
        let above = Unusual::Above {
            team: "ops".into(),
            metric: Metric::Pages,
            value: 10.0,
            baseline: 3.0,
            weeks: 3,
        };
        assert_eq!(flags(&files, "2025-W14"), [above]);
    }

    #[test]
    fn a_missed_target_is_listed_before_there_is_a_baseline() {
        // The archive's first week: no baseline for anything, but 99.5 misses 99.9 (and its
        // one alert is new).
        let files = [week("2025-W10", "2025-03-04", 1, 4, 99.5, "")];
        let got = flags(&files, "2025-W10");
        assert_eq!(
            got[0],
            Unusual::MissedTarget {
                team: "ops".into(),
                key: "api-availability".into(),
                value: 99.5,
                target: 99.9
            }
        );
        assert!(!got
            .iter()
            .any(|u| matches!(u, Unusual::Above { .. } | Unusual::Below { .. })));
    }
}
