//! Incidents: durations by their definitions, counts and percentiles over time, repeats.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

use super::{median, p90, Month, Quarter};
use crate::load::records::{IncidentFront, IncidentStatus};
use crate::resolve::{Archive, Incident};

/// The derived durations of an incident, in seconds, by the definitions in docs/metrics.md.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IncidentDurations {
    /// detected − started
    pub detect: Option<i64>,
    /// acknowledged − detected
    pub acknowledge: Option<i64>,
    /// mitigated − started
    pub mitigate: Option<i64>,
    /// resolved − started
    pub resolve: Option<i64>,
}

pub fn incident_durations(i: &IncidentFront) -> IncidentDurations {
    let between =
        |from: Option<Timestamp>, to: Option<Timestamp>| Some((to? - from?).get_seconds());
    let started = Some(i.started);
    IncidentDurations {
        detect: between(started, i.detected),
        acknowledge: between(i.detected, i.acknowledged),
        mitigate: between(started, i.mitigated),
        resolve: between(started, i.resolved),
    }
}

/// Which duration, with the definition printed wherever it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Detect,
    Acknowledge,
    Mitigate,
    Resolve,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Detect,
        Measure::Acknowledge,
        Measure::Mitigate,
        Measure::Resolve,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Measure::Detect => "time to detect",
            Measure::Acknowledge => "time to acknowledge",
            Measure::Mitigate => "time to mitigate",
            Measure::Resolve => "time to resolve",
        }
    }

    pub fn definition(self) -> &'static str {
        match self {
            Measure::Detect => "detected − started",
            Measure::Acknowledge => "acknowledged − detected",
            Measure::Mitigate => "mitigated − started",
            Measure::Resolve => "resolved − started",
        }
    }

    pub fn of(self, d: &IncidentDurations) -> Option<i64> {
        match self {
            Measure::Detect => d.detect,
            Measure::Acknowledge => d.acknowledge,
            Measure::Mitigate => d.mitigate,
            Measure::Resolve => d.resolve,
        }
    }
}

/// The incidents that started on or before the as-of date, oldest first.
pub fn in_scope(a: &Archive) -> impl Iterator<Item = &Incident> {
    a.incidents
        .iter()
        .map(Arc::as_ref)
        .filter(|i| start_date(a, i) <= a.as_of)
}

/// The durations known on the as-of date: a time recorded for a later moment (an incident
/// resolved after it) is left out, so a build "as of" an earlier day shows that day's picture.
pub fn known_durations(a: &Archive, i: &Incident) -> IncidentDurations {
    let end_of_as_of = end_of(a);
    let mut front = i.front.clone();
    for t in [
        &mut front.detected,
        &mut front.acknowledged,
        &mut front.mitigated,
        &mut front.resolved,
    ] {
        if t.is_some_and(|t| t >= end_of_as_of) {
            *t = None;
        }
    }
    incident_durations(&front)
}

/// What the site shows of an incident: its times and status as they were known on the as-of
/// date when the build is "as of" a day given on the command line (a later time is not yet
/// known, and an incident resolved later was still open), else as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    pub detected: Option<Timestamp>,
    pub acknowledged: Option<Timestamp>,
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    pub status: IncidentStatus,
    pub durations: IncidentDurations,
}

pub fn known(a: &Archive, i: &Incident) -> Known {
    let f = &i.front;
    if !a.as_of_given {
        return Known {
            detected: f.detected,
            acknowledged: f.acknowledged,
            mitigated: f.mitigated,
            resolved: f.resolved,
            status: f.status,
            durations: incident_durations(f),
        };
    }
    let end = end_of(a);
    let by_then = |t: Option<Timestamp>| t.filter(|t| *t < end);
    let (mitigated, resolved) = (by_then(f.mitigated), by_then(f.resolved));
    let status = match f.status {
        IncidentStatus::Resolved | IncidentStatus::Closed if resolved.is_none() => {
            if mitigated.is_some() {
                IncidentStatus::Mitigated
            } else {
                IncidentStatus::Investigating
            }
        }
        IncidentStatus::Mitigated if mitigated.is_none() => IncidentStatus::Investigating,
        s => s,
    };
    Known {
        detected: by_then(f.detected),
        acknowledged: by_then(f.acknowledged),
        mitigated,
        resolved,
        status,
        durations: known_durations(a, i),
    }
}

/// The end of the as-of day in the site's time zone: times from then on are not yet known.
fn end_of(a: &Archive) -> Timestamp {
    let tz = a.site.time_zone.tz.clone();
    (a.as_of + jiff::Span::new().days(1))
        .to_zoned(tz)
        .map_or(Timestamp::MAX, |z| z.timestamp())
}

/// The day an incident started, in the site's time zone.
pub fn start_date(a: &Archive, i: &Incident) -> Date {
    i.front.started.to_zoned(a.site.time_zone.tz.clone()).date()
}

/// Incident counts by severity for each period from the first incident's to the as-of date's
/// (periods without incidents included, with zero counts).
pub fn counts_by_month(a: &Archive) -> Vec<(Month, BTreeMap<String, u32>)> {
    let first = in_scope(a).map(|i| Month::of(start_date(a, i))).min();
    let periods = first.map_or(vec![], |f| Month::through(f, Month::of(a.as_of)));
    counts_by(a, periods, Month::of)
}

pub fn counts_by_quarter(
    a: &Archive,
    quarters: &[Quarter],
) -> Vec<(Quarter, BTreeMap<String, u32>)> {
    counts_by(a, quarters.to_vec(), Quarter::of)
}

fn counts_by<P: Ord + Copy>(
    a: &Archive,
    periods: Vec<P>,
    period: impl Fn(Date) -> P,
) -> Vec<(P, BTreeMap<String, u32>)> {
    let mut counts: BTreeMap<P, BTreeMap<String, u32>> =
        periods.iter().map(|p| (*p, BTreeMap::new())).collect();
    for i in in_scope(a) {
        if let Some(c) = counts.get_mut(&period(start_date(a, i))) {
            *c.entry(i.front.severity.clone()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Median and p90 of one duration, in seconds, over `n` incidents that have it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    pub n: usize,
    pub median: f64,
    pub p90: f64,
}

pub fn spread(seconds: &[f64]) -> Option<Spread> {
    Some(Spread {
        n: seconds.len(),
        median: median(seconds)?,
        p90: p90(seconds)?,
    })
}

/// Median and p90 of each duration by quarter (of the start) and severity.
pub fn durations_by_quarter(
    a: &Archive,
    quarters: &[Quarter],
) -> BTreeMap<(Quarter, String, Measure), Spread> {
    let mut samples: BTreeMap<(Quarter, String, Measure), Vec<f64>> = BTreeMap::new();
    let wanted: BTreeSet<&Quarter> = quarters.iter().collect();
    for i in in_scope(a) {
        let q = Quarter::of(start_date(a, i));
        if !wanted.contains(&q) {
            continue;
        }
        let d = known_durations(a, i);
        for m in Measure::ALL {
            if let Some(seconds) = m.of(&d) {
                samples
                    .entry((q, i.front.severity.clone(), m))
                    .or_default()
                    .push(seconds as f64);
            }
        }
    }
    samples
        .into_iter()
        .filter_map(|(k, v)| Some((k, spread(&v)?)))
        .collect()
}

/// Time to resolve over every incident that started in a quarter, whatever its severity.
pub fn resolve_by_quarter(a: &Archive, quarters: &[Quarter]) -> Vec<Option<Spread>> {
    let mut seconds: BTreeMap<Quarter, Vec<f64>> = BTreeMap::new();
    for i in in_scope(a) {
        if let Some(s) = known_durations(a, i).resolve {
            seconds
                .entry(Quarter::of(start_date(a, i)))
                .or_default()
                .push(s as f64);
        }
    }
    quarters
        .iter()
        .map(|q| spread(seconds.get(q).map_or(&[], Vec::as_slice)))
        .collect()
}

/// Groups of repeat incidents: linked by `related` (either way) or sharing a proximate cause
/// (compared without case, spacing or a final full stop). Each group is sorted by id; groups
/// are ordered by their first id.
pub fn repeat_groups(a: &Archive) -> Vec<Vec<String>> {
    let ids: Vec<&str> = in_scope(a).map(|i| i.front.id.as_str()).collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let join = |parent: &mut [usize], x: usize, y: usize| {
        let (rx, ry) = (root(parent, x), root(parent, y));
        parent[rx.max(ry)] = rx.min(ry);
    };
    let mut by_cause: BTreeMap<String, usize> = BTreeMap::new();
    for (n, i) in in_scope(a).enumerate() {
        for r in &i.front.related {
            if let Some(&m) = index.get(r.as_str()) {
                join(&mut parent, n, m);
            }
        }
        for cause in &i.front.proximate_causes {
            let key = normalise(cause);
            match by_cause.get(&key) {
                Some(&m) => join(&mut parent, n, m),
                None => {
                    by_cause.insert(key, n);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (n, id) in ids.iter().enumerate() {
        let r = root(&mut parent, n);
        groups.entry(r).or_default().insert(id);
    }
    let mut groups: Vec<Vec<String>> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|g| g.into_iter().map(String::from).collect())
        .collect();
    groups.sort();
    groups
}

fn normalise(cause: &str) -> String {
    cause
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incident_durations_follow_their_definitions() {
        let text = "id: INC-2025-001\ntitle: t\nseverity: major\nstatus: resolved\nstarted: 2025-04-01T02:40:00Z\ndetected: 2025-04-01T02:52:00Z\nacknowledged: 2025-04-01T02:55:00Z\nmitigated: 2025-04-01T03:30:00Z\nresolved: 2025-04-01T05:10:00Z\nteams: [payments]\n";
        let i: IncidentFront = serde_yaml::from_str(text).unwrap();
        let d = incident_durations(&i);
        assert_eq!(d.detect, Some(12 * 60));
        assert_eq!(d.acknowledge, Some(3 * 60));
        assert_eq!(d.mitigate, Some(50 * 60));
        assert_eq!(d.resolve, Some(150 * 60));
        let open: IncidentFront = serde_yaml::from_str("id: INC-2025-002\ntitle: t\nseverity: major\nstatus: investigating\nstarted: 2025-04-01T02:40:00Z\nteams: [a]\n").unwrap();
        assert_eq!(incident_durations(&open), IncidentDurations::default());
    }

    fn incident(
        id: &str,
        severity: &str,
        started: &str,
        resolved_min: Option<i64>,
        extra: &str,
    ) -> (String, String) {
        let start: Timestamp = started.parse().unwrap();
        let resolved = resolved_min
            .map(|m| format!("resolved: {}\n", start + jiff::SignedDuration::from_mins(m)))
            .unwrap_or_default();
        let status = if resolved_min.is_some() {
            "resolved"
        } else {
            "investigating"
        };
        (
            format!("incidents/{}/{id}.md", &id[4..8]),
            format!("---\nid: {id}\ntitle: t\nseverity: {severity}\nstatus: {status}\nstarted: {started}\n{resolved}teams: [ops]\n{extra}---\n"),
        )
    }

    #[test]
    fn counts_by_month_include_empty_months_and_skip_later_incidents() {
        let files = [
            incident(
                "INC-2025-001",
                "major",
                "2025-01-10T10:00:00Z",
                Some(60),
                "",
            ),
            incident(
                "INC-2025-002",
                "critical",
                "2025-01-31T23:30:00Z",
                Some(30),
                "",
            ),
            incident("INC-2025-003", "major", "2025-03-02T10:00:00Z", None, ""),
            incident("INC-2025-004", "major", "2025-03-25T10:00:00Z", None, ""), // after the as-of date
        ];
        let a = crate::analyze::testing::archive_of(&files, Some("2025-03-20"));
        let months = counts_by_month(&a);
        let flat: Vec<(String, u32, u32)> = months
            .iter()
            .map(|(m, c)| {
                (
                    m.to_string(),
                    c.get("critical").copied().unwrap_or(0),
                    c.get("major").copied().unwrap_or(0),
                )
            })
            .collect();
        assert_eq!(
            flat,
            [
                ("2025-01".into(), 1, 1),
                ("2025-02".into(), 0, 0),
                ("2025-03".into(), 0, 1)
            ]
        );
    }

    #[test]
    fn median_and_p90_by_quarter_and_severity() {
        let files = [
            incident(
                "INC-2025-001",
                "major",
                "2025-01-10T10:00:00Z",
                Some(60),
                "",
            ),
            incident(
                "INC-2025-002",
                "major",
                "2025-02-10T10:00:00Z",
                Some(120),
                "",
            ),
            incident(
                "INC-2025-003",
                "major",
                "2025-03-10T10:00:00Z",
                Some(300),
                "",
            ),
            incident("INC-2025-004", "major", "2025-03-11T10:00:00Z", None, ""),
            incident(
                "INC-2025-005",
                "standard",
                "2025-04-10T10:00:00Z",
                Some(10),
                "",
            ),
            // Resolved three days after the as-of date: not yet known then.
            incident(
                "INC-2025-006",
                "standard",
                "2025-06-30T10:00:00Z",
                Some(3 * 24 * 60),
                "",
            ),
        ];
        let a = crate::analyze::testing::archive_of(&files, Some("2025-06-30"));
        let quarters = [
            Quarter {
                year: 2025,
                quarter: 1,
            },
            Quarter {
                year: 2025,
                quarter: 2,
            },
        ];
        let by = durations_by_quarter(&a, &quarters);
        let q1 = by[&(quarters[0], "major".to_string(), Measure::Resolve)];
        assert_eq!(
            q1,
            Spread {
                n: 3,
                median: 7200.0,
                p90: 18000.0
            },
            "60, 120, 300 minutes; the open one has none"
        );
        assert!(
            !by.contains_key(&(quarters[0], "major".to_string(), Measure::Detect)),
            "no detected times"
        );
        let all = resolve_by_quarter(&a, &quarters);
        assert_eq!(
            all[1],
            Some(Spread {
                n: 1,
                median: 600.0,
                p90: 600.0
            })
        );
    }

    #[test]
    fn repeats_by_related_link_or_shared_cause() {
        let files = [
            incident(
                "INC-2025-001",
                "major",
                "2025-01-10T10:00:00Z",
                None,
                "proximate_causes: [Disk filled by logs.]\n",
            ),
            incident(
                "INC-2025-002",
                "major",
                "2025-02-10T10:00:00Z",
                None,
                "proximate_causes: [disk  filled by logs]\n",
            ),
            incident("INC-2025-003", "major", "2025-03-10T10:00:00Z", None, ""),
            incident(
                "INC-2025-004",
                "major",
                "2025-03-11T10:00:00Z",
                None,
                "related: [INC-2025-003]\n",
            ),
            incident(
                "INC-2025-005",
                "major",
                "2025-03-12T10:00:00Z",
                None,
                "proximate_causes: [Something else]\n",
            ),
        ];
        let a = crate::analyze::testing::archive_of(&files, Some("2025-06-30"));
        assert_eq!(
            repeat_groups(&a),
            [
                vec!["INC-2025-001".to_string(), "INC-2025-002".into()],
                vec!["INC-2025-003".into(), "INC-2025-004".into()]
            ]
        );
    }
}
