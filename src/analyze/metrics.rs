//! Declared operational metrics (traffic, latency, error rate, open bugs, cost…): each metric's
//! weekly series as the reviews report it, its baseline and deviation per week, the weeks that
//! missed its target or left its bounds, and its quarters (docs/metrics.md, "Team metrics").

use serde::Serialize;

use super::{median, Quarter};
use crate::load::records::{Good, MetricDecl};
use crate::resolve::Archive;
use crate::types::Week;

/// The usual value of a week: the median of the previous weeks that have one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Baseline {
    pub median: f64,
    /// How many previous weeks it is the median of.
    pub weeks: usize,
}

/// A limit a week's value crossed: the declared target, or a bound.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "limit", content = "value", rename_all = "kebab-case")]
pub enum Limit {
    Target(f64),
    Min(f64),
    Max(f64),
}

/// One week of a metric.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Point {
    /// No data (no review, no section, an empty slot, a draft) is `None`, never 0.
    pub value: Option<f64>,
    pub baseline: Option<Baseline>,
    /// (value − usual) / |usual|, signed, when both are known and the usual is not 0.
    pub change: Option<f64>,
    /// Worse than the usual by more than the metric's `unusual` bounds.
    pub unusual: bool,
    /// The target missed, or the bound crossed.
    pub outside: Option<Limit>,
}

/// A quarter of a metric: the median of its weeks with a value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuarterValue {
    pub quarter: Quarter,
    pub median: Option<f64>,
    pub weeks: usize,
}

/// One metric of one team (its own, or a service's that the team reports).
#[derive(Clone, Debug)]
pub struct MetricSeries {
    /// The team whose sections report it.
    pub team: String,
    /// As the sections report it: `traffic`, or `ledger-api/p99-latency`.
    pub key: String,
    /// The service that declares it, if a service does.
    pub service: Option<String>,
    /// Its `name:`, else its id.
    pub name: String,
    pub decl: MetricDecl,
    /// One per week of the analysis' weeks.
    pub points: Vec<Point>,
    pub quarters: Vec<QuarterValue>,
}

impl MetricSeries {
    /// Its point in `week`, when the week is one of `weeks`.
    pub fn at<'s>(&'s self, weeks: &[Week], week: Week) -> Option<&'s Point> {
        self.points.get(weeks.binary_search(&week).ok()?)
    }

    /// The id for addresses and chart ids: `traffic`, `ledger-api-p99-latency`.
    pub fn slug(&self) -> String {
        self.key.replace('/', "-")
    }
}

/// How much worse than `usual` a value is, in the metric's unit: positive when worse.
fn worse_by(good: Good, value: f64, usual: f64) -> f64 {
    match good {
        Good::Higher => usual - value,
        Good::Lower => value - usual,
    }
}

/// The limit `value` crosses: the target first, then the bounds.
pub fn outside(decl: &MetricDecl, value: f64) -> Option<Limit> {
    let missed = decl.target.filter(|t| worse_by(decl.good, value, *t) > 0.0);
    if let Some(t) = missed {
        return Some(Limit::Target(t));
    }
    if let Some(min) = decl.bounds.min.filter(|m| value < *m) {
        return Some(Limit::Min(min));
    }
    decl.bounds.max.filter(|m| value > *m).map(Limit::Max)
}

/// Whether `value` is unusual against `usual`: worse by more than `change` of it and by at
/// least `at_least`.
pub fn is_unusual(decl: &MetricDecl, value: f64, usual: f64) -> bool {
    let worse = worse_by(decl.good, value, usual);
    worse > 0.0 && worse > decl.unusual.change * usual.abs() && worse >= decl.unusual.at_least
}

/// The series of every declared metric of every team, over `weeks` (contiguous, oldest first),
/// with quarters over `quarters`.
pub fn all_series(a: &Archive, weeks: &[Week], quarters: &[Quarter]) -> Vec<MetricSeries> {
    let window = a.site.baseline_weeks as usize;
    let min_weeks = a.site.unusual.min_weeks;
    let mut out = vec![];
    for team in a.teams.keys() {
        for (key, service, decl) in a.team_metrics(team) {
            let values: Vec<Option<f64>> = weeks
                .iter()
                .map(|w| {
                    let r = a.review(*w).filter(|r| !r.front.draft)?;
                    r.front.teams.get(team)?.metrics.get(&key).copied()
                })
                .collect();
            let points = values
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    let history: Vec<f64> = values[i.saturating_sub(window)..i]
                        .iter()
                        .flatten()
                        .copied()
                        .collect();
                    let baseline =
                        super::baseline::usual(&history, min_weeks).map(|median| Baseline {
                            median,
                            weeks: history.len(),
                        });
                    let Some(v) = *value else {
                        return Point {
                            baseline,
                            ..Point::default()
                        };
                    };
                    let usual = baseline.map(|b| b.median);
                    Point {
                        value: Some(v),
                        baseline,
                        change: usual.filter(|u| *u != 0.0).map(|u| (v - u) / u.abs()),
                        unusual: usual.is_some_and(|u| is_unusual(decl, v, u)),
                        outside: outside(decl, v),
                    }
                })
                .collect();
            let quarters = quarters
                .iter()
                .map(|q| {
                    let in_quarter: Vec<f64> = weeks
                        .iter()
                        .zip(&values)
                        .filter(|(w, _)| Quarter::of_week(**w) == *q)
                        .filter_map(|(_, v)| *v)
                        .collect();
                    QuarterValue {
                        quarter: *q,
                        median: median(&in_quarter),
                        weeks: in_quarter.len(),
                    }
                })
                .collect();
            let id = key.rsplit('/').next().unwrap_or(&key).to_string();
            out.push(MetricSeries {
                team: team.clone(),
                name: decl.name.clone().unwrap_or_else(|| id.clone()),
                service: service.map(str::to_string),
                key,
                decl: decl.clone(),
                points,
                quarters,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};
    use crate::analyze::{archive_quarters, archive_weeks};

    /// `ops` declares traffic (higher is good, 25 % by default) and latency (lower is good,
    /// flagged 10 % and 20 ms worse, target 300 ms, bounds 50 to 400); `api` declares deploys.
    const OPS: &str = "---\nname: Ops\nmembers: [ann, bob]\nmetrics:\n  traffic:\n    name: Traffic\n    unit: requests/s\n    good: higher\n  latency:\n    unit: ms\n    good: lower\n    target: 300\n    bounds: {min: 50, max: 400}\n    unusual: {change: 0.1, at_least: 20}\n---\n";
    const API: &str =
        "---\nname: API\nteam: ops\nmetrics:\n  deploys:\n    unit: deploys\n    good: higher\n    kind: count\n---\n";

    fn week(w: &str, metrics: &str) -> (String, String) {
        review(w, &format!("teams:\n  ops:\n    metrics: {{{metrics}}}\n"))
    }

    fn series(files: Vec<(String, String)>) -> (Vec<Week>, Vec<MetricSeries>) {
        let mut all = vec![
            ("teams/ops.md".to_string(), OPS.to_string()),
            ("services/api.md".to_string(), API.to_string()),
        ];
        all.extend(files);
        let a = archive_of(&all, None);
        let weeks = archive_weeks(&a);
        let quarters = archive_quarters(&a);
        (weeks.clone(), all_series(&a, &weeks, &quarters))
    }

    fn named<'s>(all: &'s [MetricSeries], key: &str) -> &'s MetricSeries {
        all.iter().find(|s| s.key == key).unwrap()
    }

    #[test]
    fn every_declared_metric_has_a_series_with_gaps_for_no_data() {
        let (weeks, all) = series(vec![
            week("2025-W10", "traffic: 100, api/deploys: 3"),
            // W11: no review. W12: an empty slot and no deploys reported.
            week("2025-W12", "traffic: , latency: 120"),
            week("2025-W13", "api/deploys: 0"),
        ]);
        let keys: Vec<&str> = all.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["latency", "traffic", "api/deploys"]);
        let values = |key: &str| -> Vec<Option<f64>> {
            named(&all, key).points.iter().map(|p| p.value).collect()
        };
        assert_eq!(weeks.len(), 4);
        assert_eq!(values("traffic"), [Some(100.0), None, None, None]);
        assert_eq!(values("latency"), [None, None, Some(120.0), None]);
        // 0 deploys is zero; no report is no data.
        assert_eq!(values("api/deploys"), [Some(3.0), None, None, Some(0.0)]);
        let deploys = named(&all, "api/deploys");
        assert_eq!(deploys.service.as_deref(), Some("api"));
        assert_eq!(deploys.name, "deploys");
        assert_eq!(named(&all, "traffic").name, "Traffic");
    }

    #[test]
    fn a_drop_in_traffic_and_a_rise_in_latency_are_both_unusual() {
        // Traffic 100, 120, 110 → usual 110. 80 is 30 below: more than 25 % of 110 (27.5).
        // Latency 200, 210, 190 → usual 200. 225 is 25 worse: more than 10 % (20) and ≥ 20.
        let (weeks, all) = series(vec![
            week("2025-W10", "traffic: 100, latency: 200"),
            week("2025-W11", "traffic: 120, latency: 210"),
            week("2025-W12", "traffic: 110, latency: 190"),
            week("2025-W13", "traffic: 80, latency: 225"),
        ]);
        let w13: Week = "2025-W13".parse().unwrap();
        let traffic = named(&all, "traffic").at(&weeks, w13).unwrap();
        assert_eq!(
            traffic.baseline,
            Some(Baseline {
                median: 110.0,
                weeks: 3
            })
        );
        assert!(traffic.unusual);
        assert_eq!(traffic.change, Some(-30.0 / 110.0));
        let latency = named(&all, "latency").at(&weeks, w13).unwrap();
        assert!(latency.unusual);
        assert_eq!(latency.change, Some(0.125));
        // Within bounds and target: nothing crossed.
        assert_eq!(latency.outside, None);
        // The first three weeks have no baseline yet (3 previous weeks are needed).
        let first = named(&all, "traffic").at(&weeks, "2025-W12".parse().unwrap());
        assert_eq!(first.unwrap().baseline, None);
        assert!(!first.unwrap().unusual);
    }

    #[test]
    fn a_better_week_or_a_small_change_is_not_unusual() {
        // Latency usual 200: 150 is better; 219 is 19 worse, below `at_least: 20`.
        let (weeks, all) = series(vec![
            week("2025-W10", "traffic: 100, latency: 200"),
            week("2025-W11", "traffic: 100, latency: 200"),
            week("2025-W12", "traffic: 100, latency: 200"),
            week("2025-W13", "traffic: 180, latency: 150"),
            week("2025-W14", "traffic: 76, latency: 219"),
        ]);
        let w13: Week = "2025-W13".parse().unwrap();
        let w14: Week = "2025-W14".parse().unwrap();
        assert!(!named(&all, "latency").at(&weeks, w13).unwrap().unusual);
        assert!(!named(&all, "traffic").at(&weeks, w13).unwrap().unusual);
        // W14: latency usual median(200, 200, 200, 150) = 200, 19 worse: not unusual.
        assert!(!named(&all, "latency").at(&weeks, w14).unwrap().unusual);
        // Traffic usual median(100, 100, 100, 180) = 100; 76 is 24 below, not above 25.
        assert!(!named(&all, "traffic").at(&weeks, w14).unwrap().unusual);
    }

    #[test]
    fn a_missed_target_and_crossed_bounds() {
        let (weeks, all) = series(vec![
            week("2025-W10", "latency: 310"),
            week("2025-W11", "latency: 40"),
            week("2025-W12", "latency: 300"),
        ]);
        let at = |w: &str| {
            named(&all, "latency")
                .at(&weeks, w.parse().unwrap())
                .unwrap()
                .outside
        };
        assert_eq!(at("2025-W10"), Some(Limit::Target(300.0)));
        assert_eq!(at("2025-W11"), Some(Limit::Min(50.0)));
        // Exactly at the target meets it.
        assert_eq!(at("2025-W12"), None);
    }

    #[test]
    fn quarters_are_the_median_of_their_weeks_with_a_value() {
        // W12 and W13 are in Q1 (their Thursdays are in March), W14 in Q2.
        let (_, all) = series(vec![
            week("2025-W12", "traffic: 100"),
            week("2025-W13", "traffic: 140"),
            week("2025-W14", "traffic: 90"),
            week("2025-W15", "latency: 1"),
        ]);
        let q: Vec<(String, Option<f64>, usize)> = named(&all, "traffic")
            .quarters
            .iter()
            .map(|q| (q.quarter.to_string(), q.median, q.weeks))
            .collect();
        assert_eq!(
            q,
            [
                ("2025-Q1".to_string(), Some(120.0), 2),
                ("2025-Q2".to_string(), Some(90.0), 1)
            ]
        );
    }
}
