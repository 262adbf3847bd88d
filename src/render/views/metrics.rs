//! Declared metrics on a team's or a service's page: what each metric is, its chart over the
//! last 52 weeks with the usual value beside it, and its figures as a table and a CSV file.

use serde::Serialize;

use super::charts::{chart, guide, line, names, Charts, Embedded};
use super::common::{measure, with_unit};
use crate::analyze::metrics::MetricSeries;
use crate::analyze::{Analysis, YEAR};
use crate::load::records::Good;

/// A metric on its page: `{id, key, name, unit, good, target, bounds, query, latest, chart}` —
/// `id` is the chart's anchor (`metric-<key>`); `good` is `higher` or `lower`; `target` and
/// `bounds` as text with the unit, or null; `query`, the PromQL `opsbook import prometheus`
/// evaluates, or null; `latest`, the newest week's value with its unit and week, or null; `chart`
/// an embedded chart (with its CSV file).
#[derive(Serialize)]
pub(crate) struct MetricPanel {
    id: String,
    key: String,
    name: String,
    unit: String,
    good: Good,
    target: Option<String>,
    bounds: Option<String>,
    query: Option<String>,
    latest: Option<String>,
    chart: Embedded,
}

/// Decimals enough for every value (at most 3).
fn decimals(values: &[Option<f64>]) -> usize {
    values
        .iter()
        .flatten()
        .map(|v| measure(*v).split_once('.').map_or(0, |(_, d)| d.len()))
        .max()
        .unwrap_or(0)
}

/// The panels of `series`, their charts collected into `charts`.
pub(crate) fn panels<'s>(
    f: &Analysis,
    series: impl Iterator<Item = &'s MetricSeries>,
    charts: &mut Charts,
) -> Vec<MetricPanel> {
    let range = f.last(YEAR);
    series
        .map(|s| {
            let d = &s.decl;
            let unit = &d.unit;
            let points = &s.points[range.clone()];
            let values: Vec<Option<f64>> = points.iter().map(|p| p.value).collect();
            let usual: Vec<Option<f64>> = points
                .iter()
                .map(|p| p.baseline.map(|b| b.median))
                .collect();
            let id = format!("metric-{}", s.slug());
            let title = format!("{} ({unit}), last 52 weeks", s.name);
            let mut c = chart(
                &id,
                &title,
                "ISO week",
                unit,
                names(&f.weeks[range.clone()]),
            );
            c.decimals = decimals(&values).max(decimals(&usual)).min(3);
            c.series = vec![line(&s.name, values), line("usual", usual)];
            if let Some(t) = d.target {
                c.guides.push(guide(&format!("target {}", with_unit(t, unit)), t));
            }
            if let Some(m) = d.bounds.min {
                c.guides.push(guide(&format!("min {}", with_unit(m, unit)), m));
            }
            if let Some(m) = d.bounds.max {
                c.guides.push(guide(&format!("max {}", with_unit(m, unit)), m));
            }
            c.marked = points
                .iter()
                .enumerate()
                .filter(|(_, p)| p.unusual || p.outside.is_some())
                .map(|(i, _)| i)
                .collect();
            c.marked_label = "unusual, or outside its target or bounds".into();
            let better = match d.good {
                Good::Higher => "higher is better",
                Good::Lower => "lower is better",
            };
            c.description = format!(
                "{} per week as the reviews report it ({better}); a gap is a week without a value. The usual line is the median of the previous weeks, the baseline of what is unusual."
                , s.name
            );
            let latest = s
                .points
                .iter()
                .zip(&f.weeks)
                .rev()
                .find_map(|(p, w)| p.value.map(|v| format!("{} in {w}", with_unit(v, unit))));
            let bounds = match (d.bounds.min, d.bounds.max) {
                (None, None) => None,
                (Some(lo), None) => Some(format!("at least {}", with_unit(lo, unit))),
                (None, Some(hi)) => Some(format!("at most {}", with_unit(hi, unit))),
                (Some(lo), Some(hi)) => Some(format!("{} to {}", measure(lo), with_unit(hi, unit))),
            };
            MetricPanel {
                id,
                key: s.key.clone(),
                name: s.name.clone(),
                unit: unit.clone(),
                good: d.good,
                target: d.target.map(|t| {
                    let side = if d.good == Good::Higher { "≥" } else { "≤" };
                    format!("{side} {}", with_unit(t, unit))
                }),
                bounds,
                query: d.query.clone(),
                latest,
                chart: charts.chart(&c),
            }
        })
        .collect()
}
