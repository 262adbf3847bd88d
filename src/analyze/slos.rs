//! SLO attainment and error budget, week by week (docs/metrics.md).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Quarter;
use crate::load::{Objective, Slo};
use crate::resolve::Archive;
use crate::types::Week;

/// The window for the rolling budget when the SLO's own is not given in weeks: the SRE
/// workbook's error-budget-policy window.
pub const DEFAULT_WINDOW_WEEKS: u32 = 4;

/// One objective's week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectiveWeek {
    pub week: Week,
    /// Attainment in percent, as reported in the week's review.
    pub attainment: Option<f64>,
    pub met: Option<bool>,
    /// (100 − attainment) / (100 − target): 1.0 used exactly the week's budget. `None` without
    /// data, or for a 100 % target, which has no budget to use.
    pub budget_used: Option<f64>,
    /// The mean of `budget_used` over the window ending this week, over the weeks with data;
    /// `None` in the first weeks of the series, before a whole window has passed.
    pub rolling_used: Option<f64>,
    pub exhausted: bool,
}

/// Consecutive missed weeks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Streak {
    pub first: Week,
    pub last: Week,
    pub weeks: u32,
}

/// One objective of an SLO over a run of weeks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectiveSeries {
    pub slo: String,
    pub key: String,
    pub name: String,
    /// Target in percent.
    pub target: f64,
    pub window_weeks: u32,
    pub weeks: Vec<ObjectiveWeek>,
    pub streaks: Vec<Streak>,
    /// Quarters in which the rolling budget was exhausted at least once.
    pub exhausted_quarters: Vec<Quarter>,
}

impl ObjectiveSeries {
    pub fn weeks_with_data(&self) -> usize {
        self.weeks.iter().filter(|w| w.attainment.is_some()).count()
    }

    pub fn missed(&self) -> usize {
        self.weeks.iter().filter(|w| w.met == Some(false)).count()
    }

    /// Weeks met and missed among the weeks at `range` of the series.
    pub fn met_and_missed_in(&self, range: std::ops::Range<usize>) -> (usize, usize) {
        let slice = self.weeks.get(range).unwrap_or_default();
        let count = |met: bool| slice.iter().filter(|w| w.met == Some(met)).count();
        (count(true), count(false))
    }

    pub fn longest_streak(&self) -> Option<&Streak> {
        self.streaks
            .iter()
            .max_by_key(|s| (s.weeks, std::cmp::Reverse(s.first)))
    }

    pub fn at(&self, week: Week) -> Option<&ObjectiveWeek> {
        let i = self.weeks.binary_search_by_key(&week, |w| w.week).ok()?;
        self.weeks.get(i)
    }
}

/// An objective's target in percent. OpenSLO writes ratios (0.9985); ×100 in binary floating
/// point gives 99.85000000000001, which would count a week at exactly 99.85 as a miss, so the
/// percentage is rounded to a millionth of a point.
pub fn target_percent(objective: &Objective) -> f64 {
    (objective.target * 100.0 * 1e6).round() / 1e6
}

/// The rolling window in weeks: the SLO's own time window when it is a whole number of weeks
/// (`4w`, `28d`), else [`DEFAULT_WINDOW_WEEKS`].
pub fn window_weeks(slo: &Slo) -> u32 {
    let Some(duration) = slo.time_window.as_ref().map(|w| w.duration.trim()) else {
        return DEFAULT_WINDOW_WEEKS;
    };
    let number = |suffix: char| duration.strip_suffix(suffix)?.parse::<u32>().ok();
    match (number('w'), number('d')) {
        (Some(w), _) if w > 0 => w,
        (_, Some(d)) if d > 0 && d % 7 == 0 => d / 7,
        _ => DEFAULT_WINDOW_WEEKS,
    }
}

/// The attainment a review reports for an objective, from whichever team's section holds it.
pub fn reported(a: &Archive, week: Week, key: &str) -> Option<f64> {
    let review = a.review(week).filter(|r| !r.front.draft)?;
    review
        .front
        .teams
        .values()
        .find_map(|tw| tw.slos.get(key))
        .copied()
}

/// Every attainment the reviews report: objective key → week → attainment, from whichever
/// team's section holds it (the first team by id, if several do). One pass over the reviews.
pub type Attainments = BTreeMap<String, BTreeMap<Week, f64>>;

pub fn attainments(a: &Archive) -> Attainments {
    let weeks: Vec<(Week, WeekAttainments)> = a
        .reviews
        .iter()
        .filter(|r| !r.front.draft)
        .map(|r| (r.front.week, week_attainments(r)))
        .collect();
    let weeks: Vec<(Week, &WeekAttainments)> = weeks.iter().map(|(w, m)| (*w, m)).collect();
    attainments_of(&weeks)
}

/// One review's attainments by objective key, from the first team by id that reports each.
pub type WeekAttainments = BTreeMap<String, f64>;

pub fn week_attainments(review: &crate::resolve::Review) -> WeekAttainments {
    let mut out = WeekAttainments::new();
    for tw in review.front.teams.values() {
        for (key, value) in &tw.slos {
            if !out.contains_key(key) {
                out.insert(key.clone(), *value);
            }
        }
    }
    out
}

/// [`attainments`] from each counted review's (drafts' slots are being filled in: no data yet).
pub fn attainments_of(weeks: &[(Week, &WeekAttainments)]) -> Attainments {
    let mut out: Attainments = BTreeMap::new();
    for (week, reported) in weeks {
        for (key, value) in reported.iter() {
            // The key is copied once, not for every week that reports it.
            let by_week = match out.get_mut(key) {
                Some(by_week) => by_week,
                None => out.entry(key.clone()).or_default(),
            };
            by_week.insert(*week, *value);
        }
    }
    out
}

pub fn objective_series(
    a: &Archive,
    slo: &Slo,
    objective: &Objective,
    weeks: &[Week],
) -> ObjectiveSeries {
    let attainments: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| reported(a, *w, &objective.key))
        .collect();
    series(slo, objective, weeks, &attainments)
}

/// An objective whose rolling error budget was exhausted in some weeks: the newest of them, and
/// how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exhausted {
    pub slo: String,
    pub key: String,
    pub name: String,
    pub last: Week,
    pub weeks: u32,
}

/// The objectives whose budget was exhausted in a week that `within` accepts, newest exhausted
/// week first (then by SLO and objective).
pub fn exhausted_in(series: &[ObjectiveSeries], within: impl Fn(Week) -> bool) -> Vec<Exhausted> {
    let mut out: Vec<Exhausted> = series
        .iter()
        .filter_map(|s| {
            let weeks: Vec<Week> = s
                .weeks
                .iter()
                .filter(|w| w.exhausted && within(w.week))
                .map(|w| w.week)
                .collect();
            Some(Exhausted {
                slo: s.slo.clone(),
                key: s.key.clone(),
                name: s.name.clone(),
                last: *weeks.last()?,
                weeks: weeks.len() as u32,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.last
            .cmp(&a.last)
            .then_with(|| a.slo.cmp(&b.slo))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// The figures for one objective from its weekly attainments (`None`: no data that week).
pub fn series(
    slo: &Slo,
    objective: &Objective,
    weeks: &[Week],
    attainments: &[Option<f64>],
) -> ObjectiveSeries {
    let target = target_percent(objective);
    let allowed = 100.0 - target;
    let window = window_weeks(slo) as usize;
    let used: Vec<Option<f64>> = attainments
        .iter()
        .map(|v| v.filter(|_| allowed > 0.0).map(|v| (100.0 - v) / allowed))
        .collect();
    let mut out = Vec::with_capacity(weeks.len());
    for (i, week) in weeks.iter().enumerate() {
        // The rolling budget starts once the series spans a whole window: two weeks of data at
        // the start of an archive are not a 4-week budget.
        let in_window: Vec<f64> = match (i + 1).checked_sub(window) {
            Some(start) => used[start..=i].iter().flatten().copied().collect(),
            None => vec![],
        };
        let rolling =
            (!in_window.is_empty()).then(|| in_window.iter().sum::<f64>() / in_window.len() as f64);
        out.push(ObjectiveWeek {
            week: *week,
            attainment: attainments[i],
            met: attainments[i].map(|v| v >= target),
            budget_used: used[i],
            rolling_used: rolling,
            exhausted: rolling.is_some_and(|r| r > 1.0),
        });
    }
    // A week without data ends a streak: nobody knows whether it was missed.
    let mut streaks: Vec<Streak> = vec![];
    let mut current: Option<Streak> = None;
    for w in &out {
        if w.met == Some(false) {
            let s = current.get_or_insert(Streak {
                first: w.week,
                last: w.week,
                weeks: 0,
            });
            s.last = w.week;
            s.weeks += 1;
        } else if let Some(s) = current.take() {
            streaks.push(s);
        }
    }
    streaks.extend(current);
    let mut exhausted_quarters: Vec<Quarter> = out
        .iter()
        .filter(|w| w.exhausted)
        .map(|w| Quarter::of_week(w.week))
        .collect();
    exhausted_quarters.dedup();
    ObjectiveSeries {
        slo: slo.name.clone(),
        key: objective.key.clone(),
        name: if slo.objectives.len() > 1 {
            format!("{} — {}", slo.display_name, objective.display_name)
        } else {
            slo.display_name.clone()
        },
        target,
        window_weeks: window as u32,
        weeks: out,
        streaks,
        exhausted_quarters,
    }
}

/// Every objective of every SLO over `weeks`, in SLO-name order.
pub fn all_series(a: &Archive, weeks: &[Week]) -> Vec<ObjectiveSeries> {
    all_series_from(a, weeks, &attainments(a))
}

/// [`all_series`] from the attainments, read once.
pub fn all_series_from(
    a: &Archive,
    weeks: &[Week],
    reported: &Attainments,
) -> Vec<ObjectiveSeries> {
    use rayon::prelude::*;
    let objectives: Vec<_> = a
        .slos
        .values()
        .flat_map(|slo| slo.objectives.iter().map(move |o| (slo, o)))
        .collect();
    objectives
        .into_par_iter()
        .map(|(slo, o)| {
            let by_week = reported.get(&o.key);
            let values: Vec<Option<f64>> = weeks
                .iter()
                .map(|w| by_week.and_then(|m| m.get(w)).copied())
                .collect();
            series(slo, o, weeks, &values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};
    use crate::analyze::weeks_through;

    fn weeks(first: &str, last: &str) -> Vec<Week> {
        weeks_through(first.parse().unwrap(), last.parse().unwrap())
    }

    fn hand_made(slo: &str, exhausted: &[(&str, bool)]) -> ObjectiveSeries {
        ObjectiveSeries {
            slo: slo.into(),
            key: format!("{slo}.main"),
            name: slo.into(),
            target: 99.9,
            window_weeks: 4,
            weeks: exhausted
                .iter()
                .map(|(w, e)| ObjectiveWeek {
                    week: w.parse().unwrap(),
                    attainment: Some(99.0),
                    met: Some(false),
                    budget_used: Some(10.0),
                    rolling_used: Some(if *e { 2.0 } else { 0.5 }),
                    exhausted: *e,
                })
                .collect(),
            streaks: vec![],
            exhausted_quarters: vec![],
        }
    }

    #[test]
    fn exhausted_budgets_of_a_span_newest_first() {
        let series = [
            hand_made(
                "a",
                &[("2025-W10", true), ("2025-W14", true), ("2025-W15", false)],
            ),
            hand_made(
                "b",
                &[("2025-W10", false), ("2025-W14", false), ("2025-W15", true)],
            ),
            hand_made(
                "c",
                &[
                    ("2025-W10", false),
                    ("2025-W14", false),
                    ("2025-W15", false),
                ],
            ),
            hand_made(
                "d",
                &[("2025-W10", true), ("2025-W14", false), ("2025-W15", false)],
            ),
        ];
        // The year: every week; newest exhausted week first, c never exhausted.
        let year = exhausted_in(&series, |_| true);
        let got: Vec<(&str, String, u32)> = year
            .iter()
            .map(|e| (e.slo.as_str(), e.last.to_string(), e.weeks))
            .collect();
        assert_eq!(
            got,
            [
                ("b", "2025-W15".to_string(), 1),
                ("a", "2025-W14".to_string(), 2),
                ("d", "2025-W10".to_string(), 1),
            ]
        );
        // The quarter from W14 (Q2): d's exhaustion in W10 is not in it, a's W14 is.
        let from: Week = "2025-W14".parse().unwrap();
        let quarter = exhausted_in(&series, |w| w >= from);
        let got: Vec<(&str, u32)> = quarter.iter().map(|e| (e.slo.as_str(), e.weeks)).collect();
        assert_eq!(got, [("b", 1), ("a", 1)]);
        assert!(exhausted_in(&series[2..3], |_| true).is_empty());
    }

    #[test]
    fn met_budget_rolling_window_and_exhaustion() {
        // api-availability: target 99.9 %, window 4 weeks; a week's budget is 0.1 points.
        let values = [99.95, 99.7, 99.9, 99.99, 99.95, 99.8];
        let reviews: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                review(
                    &format!("2025-W{:02}", 10 + i),
                    &format!("teams:\n  ops:\n    slos:\n      api-availability: {v}\n"),
                )
            })
            .collect();
        let a = archive_of(&reviews, None);
        let slo = &a.slos["api-availability"];
        let s = objective_series(&a, slo, &slo.objectives[0], &weeks("2025-W10", "2025-W15"));
        assert_eq!(s.window_weeks, 4);
        let met: Vec<_> = s.weeks.iter().map(|w| w.met).collect();
        assert_eq!(
            met,
            [
                Some(true),
                Some(false),
                Some(true),
                Some(true),
                Some(true),
                Some(false)
            ]
        );
        let used: Vec<f64> = s
            .weeks
            .iter()
            .map(|w| (w.budget_used.unwrap() * 100.0).round() / 100.0)
            .collect();
        assert_eq!(used, [0.5, 3.0, 1.0, 0.1, 0.5, 2.0]);
        // No rolling figure before a whole window: W10..W12. Then W13 (0.5+3+1+0.1)/4 = 1.15;
        // W14 (3+1+0.1+0.5)/4 = 1.15; W15 (1+0.1+0.5+2)/4 = 0.9.
        let rolling: Vec<Option<f64>> = s
            .weeks
            .iter()
            .map(|w| w.rolling_used.map(|r| (r * 100.0).round() / 100.0))
            .collect();
        assert_eq!(
            rolling,
            [None, None, None, Some(1.15), Some(1.15), Some(0.9)]
        );
        let exhausted: Vec<bool> = s.weeks.iter().map(|w| w.exhausted).collect();
        // W13's Thursday is 27 March (Q1), W14's is 3 April (Q2).
        assert_eq!(exhausted, [false, false, false, true, true, false]);
        assert_eq!(
            s.exhausted_quarters
                .iter()
                .map(|q| q.to_string())
                .collect::<Vec<_>>(),
            ["2025-Q1", "2025-Q2"]
        );
        assert_eq!(s.missed(), 2);
    }

    #[test]
    fn a_missing_week_ends_a_streak_and_leaves_the_window() {
        let r = |w: &str, v: f64| {
            review(
                w,
                &format!("teams:\n  ops:\n    slos:\n      api-availability: {v}\n"),
            )
        };
        let reviews = [
            r("2025-W10", 99.0),
            r("2025-W11", 99.5),
            r("2025-W13", 99.8),
            r("2025-W14", 99.95),
        ];
        let a = archive_of(&reviews, None);
        let slo = &a.slos["api-availability"];
        let s = objective_series(&a, slo, &slo.objectives[0], &weeks("2025-W10", "2025-W14"));
        assert_eq!(s.weeks[2].attainment, None);
        assert_eq!(s.weeks[2].met, None);
        assert_eq!(
            s.streaks,
            [
                Streak {
                    first: "2025-W10".parse().unwrap(),
                    last: "2025-W11".parse().unwrap(),
                    weeks: 2
                },
                Streak {
                    first: "2025-W13".parse().unwrap(),
                    last: "2025-W13".parse().unwrap(),
                    weeks: 1
                },
            ]
        );
        assert_eq!(s.longest_streak().unwrap().weeks, 2);
        // W12 has no data, and the series (from W10) does not yet span a 4-week window.
        assert_eq!(s.weeks[2].rolling_used, None);
        // W13's window W10..W13 holds W10 (10.0), W11 (5.0) and W13 (2.0): the mean of three.
        assert!((s.weeks[3].rolling_used.unwrap() - 17.0 / 3.0).abs() < 1e-9);
        // W14's window W11..W14 holds W11 (5.0), W13 (2.0), W14 (0.5): mean 2.5.
        assert!((s.weeks[4].rolling_used.unwrap() - 2.5).abs() < 1e-9);
    }

    #[test]
    fn several_objectives_are_tracked_apart_with_their_own_targets() {
        // web-latency: fast 99 %, p99 99.5 %; its window is 2 weeks.
        let r = review("2025-W10", "teams:\n  far:\n    slos:\n      web-latency/fast: 99.2\n      web-latency/p99: 99.2\n");
        let a = archive_of(&[r], None);
        let all = all_series(&a, &weeks("2025-W10", "2025-W10"));
        let keys: Vec<&str> = all.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            ["api-availability", "web-latency/fast", "web-latency/p99"]
        );
        assert_eq!(all[0].weeks[0].attainment, None);
        assert_eq!(
            (all[1].weeks[0].met, all[2].weeks[0].met),
            (Some(true), Some(false))
        );
        assert_eq!(all[2].window_weeks, 2);
        assert_eq!(all[2].name, "web-latency — P99");
        assert!(
            (all[2].weeks[0].budget_used.unwrap() - 1.6).abs() < 1e-9,
            "0.8 / 0.5"
        );
    }

    #[test]
    fn a_week_exactly_on_a_ratio_target_is_met() {
        // 0.9985 × 100 is 99.85000000000001 in binary floating point.
        let slo = "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: exact\nspec:\n  service: api\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.9985\n";
        let files = [
            ("slos/exact.yaml".to_string(), slo.to_string()),
            review(
                "2025-W10",
                "teams:\n  ops:\n    slos:\n      exact: 99.85\n",
            ),
        ];
        let a = archive_of(&files, None);
        let s = objective_series(
            &a,
            &a.slos["exact"],
            &a.slos["exact"].objectives[0],
            &weeks("2025-W10", "2025-W10"),
        );
        assert_eq!(s.target, 99.85);
        assert_eq!(s.weeks[0].met, Some(true));
        assert_eq!(s.weeks[0].budget_used, Some(1.0));
    }
}
