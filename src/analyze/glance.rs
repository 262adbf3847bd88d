//! Leadership at a glance: the newest quarter against the one before, figure by figure, with
//! the direction of each (docs/metrics.md, "Trends: the quarter at a glance").

use serde::Serialize;

use super::{Quarter, QuarterRow};

/// Which way a figure went from the previous quarter to this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    Same,
}

/// Whether lower or higher is better for a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Lower,
    Higher,
}

/// The figures the glance compares, in the order it lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Figure {
    Pages,
    SleepPages,
    HeavyWeeks,
    SloMisses,
    Incidents,
    TimeToResolve,
    ActionsDone,
}

impl Figure {
    /// What it is, in words.
    pub fn name(self) -> &'static str {
        match self {
            Figure::Pages => "pages per week",
            Figure::SleepPages => "sleep-hour pages per week",
            Figure::HeavyWeeks => "heavy on-call team-weeks per week",
            Figure::SloMisses => "missed SLO objective-weeks per week",
            Figure::Incidents => "incidents per week",
            Figure::TimeToResolve => "median time to resolve (seconds)",
            Figure::ActionsDone => "action items done (share)",
        }
    }
}

/// One figure of the quarter against the previous one. `None` is no data, never 0: then there
/// is no direction either.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub figure: Figure,
    pub now: Option<f64>,
    pub before: Option<f64>,
    pub direction: Option<Direction>,
    /// Whether it went the better way: `None` when unchanged or unknown.
    pub improved: Option<bool>,
    pub better: Better,
}

/// The newest quarter against the previous one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Glance {
    pub quarter: Quarter,
    pub previous: Quarter,
    /// The newest quarter is not over (or the archive began in it): figures are per week.
    pub partial: bool,
    pub changes: Vec<Change>,
}

/// Two values closer than this are the same (figures are shown with one decimal or as a
/// duration).
const SAME: f64 = 1e-9;

fn change(figure: Figure, better: Better, now: Option<f64>, before: Option<f64>) -> Change {
    let direction = match (now, before) {
        (Some(n), Some(b)) if (n - b).abs() <= SAME * b.abs().max(1.0) => Some(Direction::Same),
        (Some(n), Some(b)) if n > b => Some(Direction::Up),
        (Some(_), Some(_)) => Some(Direction::Down),
        _ => None,
    };
    let improved = match (direction, better) {
        (Some(Direction::Up), Better::Higher) | (Some(Direction::Down), Better::Lower) => {
            Some(true)
        }
        (Some(Direction::Up), Better::Lower) | (Some(Direction::Down), Better::Higher) => {
            Some(false)
        }
        _ => None,
    };
    Change {
        figure,
        now,
        before,
        direction,
        improved,
        better,
    }
}

/// The figures of the quarter's row, as `/trends/` shows them: per week, so that a partial
/// quarter compares with a whole one.
fn figures(r: &QuarterRow) -> [(Figure, Better, Option<f64>); 7] {
    let incidents: u32 = r.incidents.values().sum();
    [
        (
            Figure::Pages,
            Better::Lower,
            r.pages_per_week(r.counts.pages),
        ),
        (
            Figure::SleepPages,
            Better::Lower,
            r.pages_per_week(r.counts.sleep),
        ),
        (
            Figure::HeavyWeeks,
            Better::Lower,
            r.per_reviewed_week(r.heavy),
        ),
        (
            Figure::SloMisses,
            Better::Lower,
            r.per_reviewed_week(r.slo_misses),
        ),
        (
            Figure::Incidents,
            Better::Lower,
            r.incidents_per_week(incidents),
        ),
        (
            Figure::TimeToResolve,
            Better::Lower,
            r.resolve.map(|s| s.median),
        ),
        (
            Figure::ActionsDone,
            Better::Higher,
            r.follow_through.done_share(),
        ),
    ]
}

/// The newest quarter of `rows` (oldest first) against the one before it; `None` with fewer
/// than two quarters.
pub fn glance(rows: &[QuarterRow]) -> Option<Glance> {
    let [.., before, now] = rows else {
        return None;
    };
    let changes = figures(now)
        .into_iter()
        .zip(figures(before))
        .map(|((figure, better, n), (_, _, b))| change(figure, better, n, b))
        .collect();
    Some(Glance {
        quarter: now.quarter,
        previous: before.quarter,
        partial: now.partial,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::actions::FollowThrough;
    use crate::analyze::incidents::Spread;
    use crate::analyze::oncall::Counts;
    use std::collections::BTreeMap;

    fn row(q: &str, pages: u64, weeks_with_data: usize) -> QuarterRow {
        let (year, quarter) = q.split_once('Q').unwrap();
        QuarterRow {
            quarter: Quarter {
                year: year.parse().unwrap(),
                quarter: quarter.parse().unwrap(),
            },
            counts: Counts {
                pages,
                sleep: pages / 4,
                ..Counts::default()
            },
            weeks: 13,
            weeks_elapsed: 13,
            weeks_reviewed: 13,
            weeks_with_data,
            partial: false,
            heavy: 0,
            slo_misses: 0,
            incidents: BTreeMap::new(),
            resolve: None,
            follow_through: FollowThrough::default(),
        }
    }

    #[test]
    fn one_quarter_is_nothing_to_compare() {
        assert_eq!(glance(&[row("2025Q1", 10, 10)]), None);
        assert_eq!(glance(&[]), None);
    }

    #[test]
    fn each_figure_per_week_against_the_previous_quarter_with_its_direction() {
        let mut before = row("2025Q1", 130, 13); // 10 pages a week, 2.5 (32/13) in sleep hours
        before.heavy = 2;
        before.incidents.insert("major".into(), 13); // 1 a week
        before.resolve = Some(Spread {
            n: 3,
            median: 7200.0,
            p90: 9000.0,
        });
        before.follow_through = FollowThrough {
            raised: 4,
            done: 2,
            ..FollowThrough::default()
        };
        let mut now = row("2025Q2", 60, 5); // 12 a week over the 5 weeks reported
        now.partial = true;
        now.weeks_elapsed = 5;
        now.weeks_reviewed = 5;
        now.heavy = 0;
        now.incidents.insert("major".into(), 2); // 0.4 a week
        now.follow_through = FollowThrough {
            raised: 4,
            done: 3,
            ..FollowThrough::default()
        };
        let g = glance(&[row("2024Q4", 1, 1), before, now]).unwrap();
        assert_eq!(g.quarter.to_string(), "2025-Q2");
        assert_eq!(g.previous.to_string(), "2025-Q1");
        assert!(g.partial);
        let by = |name: &str| {
            g.changes
                .iter()
                .find(|c| c.figure.name().starts_with(name))
                .unwrap()
        };

        let pages = by("pages per week");
        assert_eq!((pages.now, pages.before), (Some(12.0), Some(10.0)));
        assert_eq!(pages.direction, Some(Direction::Up));
        assert_eq!(pages.improved, Some(false), "more pages is worse");

        let sleep = by("sleep-hour");
        assert_eq!(sleep.now, Some(15.0 / 5.0));
        assert_eq!(sleep.before, Some(32.0 / 13.0));

        let heavy = by("heavy");
        assert_eq!((heavy.now, heavy.before), (Some(0.0), Some(2.0 / 13.0)));
        assert_eq!(heavy.improved, Some(true));

        let misses = by("missed");
        assert_eq!(misses.direction, Some(Direction::Same));
        assert_eq!(misses.improved, None);

        assert_eq!(by("incidents").now, Some(0.4));
        assert_eq!(by("incidents").direction, Some(Direction::Down));

        // No incident resolved this quarter: no data, not zero, and no direction.
        let ttr = by("median time to resolve");
        assert_eq!((ttr.now, ttr.before), (None, Some(7200.0)));
        assert_eq!((ttr.direction, ttr.improved), (None, None));

        let done = by("action items");
        assert_eq!((done.now, done.before), (Some(0.75), Some(0.5)));
        assert_eq!(done.improved, Some(true), "more done is better");
        assert_eq!(g.changes.len(), 7);
    }

    #[test]
    fn a_quarter_without_pages_reported_has_no_pages_figure() {
        let g = glance(&[row("2025Q1", 20, 2), row("2025Q2", 0, 0)]).unwrap();
        assert_eq!(g.changes[0].now, None);
        assert_eq!(g.changes[0].direction, None);
    }
}
