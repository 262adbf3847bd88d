//! `opsbook import prometheus --url URL [--week YYYY-Www]`: the week's figures from a Prometheus
//! server, written into the week's record as a person would type them — each OpenSLO SLO whose
//! indicator is a Prometheus `ratioMetric` (good/total or bad/total) or `thresholdMetric` gives
//! its objectives' attainment (`slos:`), each declared metric with a `query` its value
//! (`metrics:`). The week runs from Monday 00:00 to the next Monday 00:00 in the site's time
//! zone; every query is an instant query evaluated at its end (`time=`), never "now". Nothing is
//! written unless every query gave a value, and a value a person typed is replaced only with
//! `--replace`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_yaml::Value;

use super::write::{Change, Plan};
use super::{Report, Stop};
use crate::diagnostics::{Diagnostics, Position};
use crate::load::records::MetricKind;
use crate::resolve::Archive;
use crate::types::Week;

/// What `opsbook import prometheus` was asked to do.
pub(crate) struct PromRequest<'a> {
    /// The server's address, `http://host:9090` (a path prefix is kept).
    pub url: &'a str,
    pub week: Week,
    pub dry_run: bool,
    pub replace: bool,
}

/// How a figure comes out of its queries' results.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Combine {
    /// 100 × good / total.
    Good,
    /// 100 × (1 − bad / total).
    Bad,
    /// 100 × the share of the week's slices that met the objective (one query).
    Share,
    /// The query's value as it is, of the metric's kind.
    Value(MetricKind),
}

/// One figure to fill: where it goes, what it is, and the queries that give it.
struct Task {
    team: String,
    /// `slos` or `metrics`.
    field: &'static str,
    key: String,
    /// `SLO ledger-availability`, `metric payments/traffic`.
    what: String,
    unit: String,
    /// (role, PromQL): `good`, `total`, `bad`, `value`.
    queries: Vec<(&'static str, String)>,
    combine: Combine,
    /// Where the figure's queries are written, for a problem with it: the file, the place of
    /// the figure (the indicator, the metric's query), and of each role's own query.
    file: PathBuf,
    at: Option<Position>,
    places: BTreeMap<&'static str, Option<Position>>,
}

/// The week's bounds in the site's time zone, as Unix seconds: Monday 00:00 and the next.
pub(crate) fn week_bounds(a: &Archive, week: Week) -> Result<(i64, i64), String> {
    let tz = &a.site.time_zone.tz;
    let at = |w: Week| {
        w.monday()
            .to_zoned(tz.clone())
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("week {w}: {e}"))
    };
    Ok((at(week)?, at(week.next())?))
}

/// The comparison PromQL writes for an OpenSLO `op`.
fn comparison(op: &str) -> Option<&'static str> {
    match op {
        "lt" => Some("<"),
        "lte" => Some("<="),
        "gt" => Some(">"),
        "gte" => Some(">="),
        _ => None,
    }
}

/// A Prometheus metric source's query: `metricSource: {type: Prometheus, spec: {query: …}}`.
/// `Ok(None)` for another type of source.
fn prometheus_query(source: Option<&Value>) -> Result<Option<String>, String> {
    let Some(source) = source.and_then(|s| s.get("metricSource")) else {
        return Err(
            "no metricSource (expected metricSource: {type: Prometheus, spec: {query: …}})".into(),
        );
    };
    let kind = source
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !kind.eq_ignore_ascii_case("prometheus") {
        return Ok(None);
    }
    match source
        .get("spec")
        .and_then(|s| s.get("query"))
        .and_then(Value::as_str)
    {
        Some(q) if !q.trim().is_empty() => Ok(Some(q.trim().to_string())),
        _ => Err(
            "a Prometheus metricSource without spec.query (expected the PromQL of the series)"
                .into(),
        ),
    }
}

/// The SLOs' tasks: each objective of an SLO with a Prometheus indicator. SLOs measured some
/// other way are listed in `skipped`.
fn slo_tasks(
    a: &Archive,
    range: &str,
    tasks: &mut Vec<Task>,
    skipped: &mut Vec<String>,
    d: &mut Diagnostics,
) {
    for slo in a.slos.values() {
        let src = &slo.source;
        let Some(spec) = slo.indicator_spec.as_ref().and_then(|i| i.get("spec")) else {
            skipped.push(format!("SLO {}: no indicator with a spec", slo.name));
            continue;
        };
        let team = a.services.get(&slo.service).and_then(|s| s.team());
        let ratio = spec.get("ratioMetric");
        let threshold = spec.get("thresholdMetric");
        let base = if ratio.is_some() {
            "spec.indicator.spec.ratioMetric"
        } else {
            "spec.indicator.spec.thresholdMetric"
        };
        let problem = |d: &mut Diagnostics, at: &str, why: String| {
            d.error(
                &src.path,
                src.at(at).or(src.at(base)),
                format!("SLO {}: {why}", slo.name),
            );
        };
        let mut queries: Vec<(&'static str, String, Combine)> = vec![];
        let mut places: BTreeMap<&'static str, Option<Position>> = BTreeMap::new();
        if let Some(ratio) = ratio {
            // A counter (the default) grows: its increase over the week; otherwise the sum of
            // its values over the week's minutes.
            let counter = ratio
                .get("counter")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let over = |q: &str| {
                if counter {
                    format!("sum(increase(({q})[{range}:1m]))")
                } else {
                    format!("sum(sum_over_time(({q})[{range}:1m]))")
                }
            };
            let (num, combine) = match (ratio.get("good"), ratio.get("bad")) {
                (Some(good), _) => (("good", good), Combine::Good),
                (None, Some(bad)) => (("bad", bad), Combine::Bad),
                (None, None) => {
                    problem(d, base, "a ratioMetric without good or bad (expected good and total, or bad and total)".into());
                    continue;
                }
            };
            let mut fine = true;
            let mut prometheus = true;
            for (role, part) in [num, ("total", ratio.get("total").unwrap_or(&Value::Null))] {
                match prometheus_query(Some(part)) {
                    Ok(Some(q)) => {
                        places.insert(
                            role,
                            src.at(&format!("{base}.{role}.metricSource.spec.query")),
                        );
                        queries.push((role, over(&q), combine));
                    }
                    Ok(None) => prometheus = false,
                    Err(why) => {
                        problem(d, &format!("{base}.{role}"), format!("{role}: {why}"));
                        fine = false;
                    }
                }
            }
            if !fine {
                continue;
            }
            if !prometheus {
                skipped.push(format!(
                    "SLO {}: its metric source is not Prometheus",
                    slo.name
                ));
                continue;
            }
        } else if let Some(threshold) = threshold {
            match prometheus_query(Some(threshold)) {
                Ok(Some(q)) => {
                    places.insert("value", src.at(&format!("{base}.metricSource.spec.query")));
                    queries.push(("value", q, Combine::Share));
                }
                Ok(None) => {
                    skipped.push(format!(
                        "SLO {}: its metric source is not Prometheus",
                        slo.name
                    ));
                    continue;
                }
                Err(why) => {
                    problem(d, base, why);
                    continue;
                }
            }
        } else {
            skipped.push(format!(
                "SLO {}: its indicator is neither a ratioMetric nor a thresholdMetric",
                slo.name
            ));
            continue;
        }
        let Some(team) = team else {
            problem(d, "spec.service", format!("its service `{}` has no team, whose section would report the attainment (expected a service with `team:` in content/services/{}.md)", slo.service, slo.service));
            continue;
        };
        for (i, o) in slo.objectives.iter().enumerate() {
            let combine = queries.first().map_or(Combine::Good, |q| q.2);
            let list: Vec<(&'static str, String)> = if combine == Combine::Share {
                // The share of the week's slices in which the value met the objective.
                let (Some(op), Some(value)) = (o.op.as_deref().and_then(comparison), o.value)
                else {
                    problem(d, &format!("spec.objectives.{i}"), format!("objective `{}` of a thresholdMetric needs `op` (lt, lte, gt or gte) and `value`", o.display_name));
                    continue;
                };
                let slice = o.time_slice_window.as_deref().unwrap_or("1m");
                let q = queries.first().map(|q| q.1.as_str()).unwrap_or_default();
                vec![(
                    "value",
                    format!("avg_over_time((({q}) {op} bool {value})[{range}:{slice}])"),
                )]
            } else {
                queries.iter().map(|(r, q, _)| (*r, q.clone())).collect()
            };
            tasks.push(Task {
                team: team.to_string(),
                field: "slos",
                key: o.key.clone(),
                what: format!("SLO {}", o.key),
                unit: "%".into(),
                queries: list,
                combine,
                file: src.path.clone(),
                at: src.at(base),
                places: places.clone(),
            });
        }
    }
}

/// The declared metrics' tasks: each metric with a query, `${week}` standing for the week.
fn metric_tasks(a: &Archive, range: &str, tasks: &mut Vec<Task>) {
    for team in a.teams.keys() {
        for (key, service, m) in a.team_metrics(team) {
            let Some(q) = &m.query else { continue };
            let (file, at) = match service {
                Some(s) => match a.services.get(s).and_then(|x| x.doc.as_ref()) {
                    Some(doc) => {
                        let id = key.rsplit('/').next().unwrap_or(&key);
                        (
                            doc.source.path.clone(),
                            doc.source.at(&format!("metrics.{id}.query")),
                        )
                    }
                    None => continue,
                },
                None => match a.teams.get(team) {
                    Some(t) => (
                        t.source.path.clone(),
                        t.source.at(&format!("metrics.{key}.query")),
                    ),
                    None => continue,
                },
            };
            tasks.push(Task {
                team: team.clone(),
                field: "metrics",
                what: format!("metric {team}/{key}"),
                key,
                unit: m.unit.clone(),
                queries: vec![("value", q.replace("${week}", range))],
                combine: Combine::Value(m.kind),
                file,
                at,
                places: BTreeMap::new(),
            });
        }
    }
}

/// The figures found: (team, field) → (key, the value as written, the value).
type Found = BTreeMap<(String, &'static str), Vec<(String, String, f64)>>;

/// Why a query failed.
enum Failed {
    /// The server could not be reached (or answered with something that is not its API).
    Unreachable(String),
    /// The server refused the query, or it gave no single value.
    Query(String),
}

/// Runs one instant query at `time` (Unix seconds): its single value.
fn query(agent: &ureq::Agent, url: &str, promql: &str, time: i64) -> Result<f64, Failed> {
    let endpoint = format!("{url}/api/v1/query");
    let response = agent
        .get(&endpoint)
        .query("query", promql)
        .query("time", &time.to_string())
        .call();
    let body = match response {
        Ok(r) => r.into_string(),
        // The API answers a bad query with 400 or 422 and its error in JSON.
        Err(ureq::Error::Status(code, r)) => match r.into_string() {
            Ok(text) if text.trim_start().starts_with('{') => Ok(text),
            _ => {
                return Err(Failed::Unreachable(format!(
                    "{endpoint} answered HTTP {code} (expected the Prometheus HTTP API)"
                )))
            }
        },
        Err(ureq::Error::Transport(t)) => {
            // The cause (connection refused, a timeout), not the whole address with its query.
            let why = std::error::Error::source(&t)
                .map_or_else(|| t.to_string(), |cause| format!("{}: {cause}", t.kind()));
            return Err(Failed::Unreachable(format!(
                "cannot reach {endpoint}: {why}"
            )));
        }
    }
    .map_err(|e| Failed::Unreachable(format!("{endpoint}: {e}")))?;
    let json: serde_json::Value = serde_json::from_str(&body).map_err(|_| {
        Failed::Unreachable(format!(
            "{endpoint} did not answer JSON (expected the Prometheus HTTP API)"
        ))
    })?;
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    if json["status"] != "success" {
        return Err(Failed::Query(format!(
            "Prometheus refused it: {} ({})",
            s(&json["error"]),
            s(&json["errorType"])
        )));
    }
    let data = &json["data"];
    let sample = match s(&data["resultType"]).as_str() {
        "scalar" => data["result"].clone(),
        "vector" => {
            let list = data["result"].as_array().cloned().unwrap_or_default();
            match list.as_slice() {
                [] => {
                    return Err(Failed::Query(
                        "no data: the query gave no series for the week".into(),
                    ))
                }
                [one] => one["value"].clone(),
                more => {
                    return Err(Failed::Query(format!(
                        "it gave {} series (expected one value: aggregate it, e.g. with sum(…))",
                        more.len()
                    )))
                }
            }
        }
        other => {
            return Err(Failed::Query(format!(
                "it gave a {other} (expected an instant vector of one series, or a scalar)"
            )))
        }
    };
    let value: f64 = sample[1]
        .as_str()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Failed::Query("its value is not a number".into()))?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Failed::Query(format!("no data: its value is {value}")))
    }
}

/// A figure as the record gets it: attainments and numbers to four decimals, counts whole.
fn written(value: f64, combine: Combine) -> String {
    if combine == Combine::Value(MetricKind::Count) {
        return format!("{}", value.round() as i64);
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// The figure from its queries' values, or why there is none.
fn combine(how: Combine, values: &BTreeMap<&str, f64>) -> Result<f64, String> {
    let get = |role: &str| values.get(role).copied().unwrap_or(f64::NAN);
    match how {
        Combine::Good | Combine::Bad => {
            let total = get("total");
            if total <= 0.0 {
                return Err(format!("no data: total is {total} (no events in the week)"));
            }
            let part = if how == Combine::Good {
                get("good")
            } else {
                get("bad")
            };
            if part < 0.0 || part > total * (1.0 + 1e-9) {
                return Err(format!(
                    "{part} is not between 0 and the total {total} (expected a part of the total)"
                ));
            }
            let ratio = (part / total).min(1.0);
            Ok(100.0
                * if how == Combine::Good {
                    ratio
                } else {
                    1.0 - ratio
                })
        }
        Combine::Share => {
            let share = get("value");
            if (0.0..=1.0).contains(&share) {
                Ok(100.0 * share)
            } else {
                Err(format!("the share of slices is {share} (expected 0 to 1)"))
            }
        }
        Combine::Value(kind) => {
            let v = get("value");
            let shown = if kind == MetricKind::Count {
                v.round()
            } else {
                v
            };
            match kind.refuses(shown) {
                Some(why) => Err(format!("{v} is not of the metric's kind ({why})")),
                None => Ok(v),
            }
        }
    }
}

/// `opsbook import prometheus`.
pub(crate) fn run(a: &Archive, req: &PromRequest, d: &mut Diagnostics) -> Result<Report, Stop> {
    let url = req.url.trim_end_matches('/');
    if !url.starts_with("http://") {
        d.error(
            Path::new("--url"),
            None,
            format!("`{}` is not an http:// address (expected the Prometheus server's address, like http://127.0.0.1:9090; https is not supported)", req.url),
        );
        return Err(Stop::Content);
    }
    let week = req.week;
    let (start, end) = match week_bounds(a, week) {
        Ok(b) => b,
        Err(why) => {
            d.error(Path::new("--week"), None, why);
            return Err(Stop::Content);
        }
    };
    let range = format!("{}s", end - start);
    let (mut tasks, mut skipped) = (vec![], vec![]);
    slo_tasks(a, &range, &mut tasks, &mut skipped, d);
    metric_tasks(a, &range, &mut tasks);
    if d.has_errors() {
        return Err(Stop::Content);
    }
    let tz = a.site.time_zone.tz.clone();
    let shown_time = |t: i64| {
        jiff::Timestamp::from_second(t)
            .map(|ts| {
                ts.to_zoned(tz.clone())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string()
            })
            .unwrap_or_default()
    };
    let mut lines = vec![format!(
        "week {week}: {} to {} ({} of the site's time zone {}), every query evaluated at its end",
        shown_time(start),
        shown_time(end),
        range,
        a.site.time_zone.name
    )];
    for s in &skipped {
        lines.push(format!("skipped {s}"));
    }
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build();
    // (team, field) → (key, value as written).
    let mut found: Found = BTreeMap::new();
    'tasks: for t in &tasks {
        let mut values: BTreeMap<&str, f64> = BTreeMap::new();
        let mut ran = vec![];
        for (role, q) in &t.queries {
            match query(&agent, url, q, end) {
                Ok(v) => {
                    ran.push(format!("    {role}: {q} = {v}"));
                    values.insert(role, v);
                }
                Err(Failed::Unreachable(why)) => {
                    d.error(
                        &t.file,
                        t.places.get(role).copied().flatten().or(t.at),
                        format!("{}: {why} (while running {role}: {q})", t.what),
                    );
                    break 'tasks;
                }
                Err(Failed::Query(why)) => {
                    let at = t.places.get(role).copied().flatten().or(t.at);
                    d.error(&t.file, at, format!("{}: query {q}: {why}", t.what));
                    continue 'tasks;
                }
            }
        }
        match combine(t.combine, &values) {
            Ok(v) => {
                let text = written(v, t.combine);
                lines.push(format!("  {} ({}): {} {}", t.what, t.team, text, t.unit));
                lines.extend(ran);
                found
                    .entry((t.team.clone(), t.field))
                    .or_default()
                    .push((t.key.clone(), text, v));
            }
            Err(why) => d.error(
                &t.file,
                t.at,
                format!(
                    "{}: {why} (queries: {})",
                    t.what,
                    t.queries
                        .iter()
                        .map(|(_, q)| q.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ),
        }
    }
    if tasks.is_empty() {
        lines.push(
            "nothing to import: no SLO has a Prometheus indicator and no metric a query".into(),
        );
        return Ok(Report { lines });
    }
    if d.has_errors() {
        for l in &lines {
            eprintln!("{l}");
        }
        return Err(Stop::Content);
    }
    let plan = plan(a, req, &found, d);
    if d.has_errors() {
        for l in &lines {
            eprintln!("{l}");
        }
        return Err(Stop::Content);
    }
    let mut report = super::write::apply(&a.root, plan, req.dry_run)?;
    lines.append(&mut report.lines);
    Ok(Report { lines })
}

/// The week's record with the figures set; a value a person typed that differs is refused
/// unless `--replace`.
fn plan(a: &Archive, req: &PromRequest, found: &Found, d: &mut Diagnostics) -> Plan {
    let week = req.week;
    let rel = crate::scaffold::week_path(week);
    let review = a.review(week);
    let (before, new) = match (review, super::write::read(&a.root, &rel, d)) {
        (Some(_), Some(text)) => (text, false),
        _ => (crate::scaffold::week_record(a, week), true),
    };
    let mut text = before.clone();
    let mut set = vec![];
    for ((team, field), values) in found {
        let typed = review.and_then(|r| r.front.teams.get(team)).map(|tw| {
            if *field == "slos" {
                &tw.slos
            } else {
                &tw.metrics
            }
        });
        let mut changes = vec![];
        for (key, shown, _) in values {
            let old = typed.and_then(|m| m.get(key)).copied();
            match old {
                Some(old) if shown.parse::<f64>().ok() == Some(old) => {}
                Some(old) if !req.replace => {
                    let r = review.map(|r| &r.source);
                    d.error(
                        r.map_or(rel.as_path(), |s| &*s.path),
                        r.and_then(|s| s.at(&format!("teams.{team}.{field}.{key}"))),
                        format!("teams.{team}.{field}.{key} is {old}, typed by hand; Prometheus gives {shown} (expected an empty slot, or --replace to replace it)"),
                    );
                }
                _ => changes.push((key.clone(), shown.clone())),
            }
        }
        if changes.is_empty() {
            continue;
        }
        match super::reviews::set_values(&text, team, field, &changes) {
            Ok(t) => {
                text = t;
                set.extend(
                    changes
                        .iter()
                        .map(|(k, v)| format!("teams.{team}.{field}.{k}: {v}")),
                );
            }
            Err(why) => d.error(
                &rel,
                None,
                format!("cannot set teams.{team}.{field}: {why}; set the values by hand"),
            ),
        }
    }
    let mut plan = Plan::default();
    if text != before || (new && !set.is_empty()) {
        plan.changes.push(Change {
            rel,
            what: if new {
                format!("a new draft week, {}", set.join(", "))
            } else {
                set.join(", ")
            },
            new,
            text,
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_shares_and_values_from_query_results() {
        let of = |pairs: &[(&'static str, f64)]| pairs.iter().copied().collect::<BTreeMap<_, _>>();
        // 998 good of 1000: 99.8 %; 3 bad of 1200: 99.75 %.
        assert_eq!(
            combine(Combine::Good, &of(&[("good", 998.0), ("total", 1000.0)])),
            Ok(99.8)
        );
        assert_eq!(
            combine(Combine::Bad, &of(&[("bad", 3.0), ("total", 1200.0)])),
            Ok(99.75)
        );
        assert!(
            combine(Combine::Good, &of(&[("good", 0.0), ("total", 0.0)]))
                .unwrap_err()
                .starts_with("no data")
        );
        assert!(combine(Combine::Good, &of(&[("good", 11.0), ("total", 10.0)])).is_err());
        assert_eq!(combine(Combine::Share, &of(&[("value", 0.995)])), Ok(99.5));
        assert!(combine(Combine::Value(MetricKind::Count), &of(&[("value", -2.0)])).is_err());
        assert!(combine(
            Combine::Value(MetricKind::Percent),
            &of(&[("value", 140.0)])
        )
        .is_err());
        assert_eq!(written(41.6, Combine::Value(MetricKind::Count)), "42");
        assert_eq!(written(99.823_14, Combine::Good), "99.8231");
        assert_eq!(written(412.0, Combine::Value(MetricKind::Number)), "412");
    }

    #[test]
    fn a_week_in_berlin_starts_on_monday_at_midnight_there() {
        let a = crate::analyze::testing::archive(
            &[("site.yaml", "title: T\norganisation: O\ntime_zone: Europe/Berlin\npeople:\n  ann: Ann\n  bob: Bob\n  cy: Cy\n")],
            None,
        );
        // 2025-W13: Monday 24 March 00:00 +01:00 to Monday 31 March 00:00 +02:00 — the
        // clocks went forward on the Sunday, so the week is an hour short.
        let (start, end) = week_bounds(&a, "2025-W13".parse().unwrap()).unwrap();
        assert_eq!(start, 1_742_770_800);
        assert_eq!(end - start, 7 * 86_400 - 3_600);
    }
}
