//! Stage 3, **analyze**: plain functions over the resolved archive, one module per subject.
//! Figures follow the definitions in `docs/metrics.md`; each function is unit-tested on small
//! hand-made archives whose answers were worked out by hand.

pub mod actions;
pub mod alerts;
mod analysis;
pub mod baseline;
pub mod glance;
pub mod incidents;
pub mod index;
pub mod meeting;
mod memo;
pub mod metrics;
pub mod nudges;
pub mod oncall;
pub mod slos;
#[cfg(test)]
pub(crate) mod testing;

use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

pub use actions::{action_age_days, action_raised_by, action_state, ActionState};
pub use analysis::{analyze, analyze_with, Analysis, Oncall, QuarterRow, SloWeek, QUARTER, YEAR};
pub use incidents::{incident_durations, IncidentDurations};
pub use memo::Memo;

use crate::resolve::Archive;
use crate::types::Week;

/// Median of the values (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(nth(values, n / 2)),
        _ => {
            // The upper middle, then the largest below it.
            let mut v = values.to_vec();
            let (below, upper, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
            let lower = below
                .iter()
                .copied()
                .max_by(f64::total_cmp)
                .unwrap_or(*upper);
            Some((lower + *upper) / 2.0)
        }
    }
}

/// The 90th percentile by the nearest-rank method: the smallest value with at least 90 % of the
/// values at or below it. It is always one of the values, which keeps it explainable.
pub fn p90(values: &[f64]) -> Option<f64> {
    let n = values.len();
    (n > 0).then(|| nth(values, (n * 9).div_ceil(10).max(1) - 1))
}

/// The `k`th smallest of the values (from 0), as sorting them would put it, found without
/// sorting: a ten-year archive has a hundred thousand acknowledgement times.
fn nth(values: &[f64], k: usize) -> f64 {
    let mut v = values.to_vec();
    *v.select_nth_unstable_by(k, f64::total_cmp).1
}

/// Every week from `first` to `last`, both included: series have a slot for weeks without data.
pub fn weeks_through(first: Week, last: Week) -> Vec<Week> {
    let mut weeks = vec![];
    let mut w = first;
    while w <= last {
        weeks.push(w);
        w = w.next();
    }
    weeks
}

/// The week of the as-of date.
pub fn as_of_week(a: &Archive) -> Week {
    Week::containing(a.as_of)
}

/// The weeks the archive covers: from its first review to its last that is not a draft, and
/// not after the as-of week. Series span the records' weeks, so an as-of date far after them
/// costs nothing.
pub fn archive_weeks(a: &Archive) -> Vec<Week> {
    let last = a.reviews.iter().rev().find(|r| !r.front.draft);
    match (a.reviews.first(), last) {
        (Some(first), Some(last)) => {
            weeks_through(first.front.week, last.front.week.min(as_of_week(a)))
        }
        _ => vec![],
    }
}

/// The last `n` weeks up to and including the as-of week.
pub fn last_weeks(a: &Archive, n: usize) -> Vec<Week> {
    let all = archive_weeks(a);
    all[all.len().saturating_sub(n)..].to_vec()
}

/// A calendar month, `2025-04`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Every month from `first` to `last`, both included.
    pub fn through(first: Month, last: Month) -> Vec<Month> {
        let mut months = vec![];
        let mut m = first;
        while m <= last {
            months.push(m);
            m = m.next();
        }
        months
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A calendar quarter, `2025-Q2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i16,
    pub quarter: u8,
}

impl Quarter {
    pub fn of(date: Date) -> Quarter {
        Quarter {
            year: date.year(),
            quarter: (date.month() as u8 - 1) / 3 + 1,
        }
    }

    /// The quarter of an ISO week: that of its Thursday, which also decides its year.
    pub fn of_week(week: Week) -> Quarter {
        Quarter {
            year: week.year(),
            quarter: week.quarter(),
        }
    }

    pub fn first_day(self) -> Date {
        let month = (self.quarter as i8 - 1) * 3 + 1;
        Date::new(self.year, month, 1).unwrap_or(Date::constant(2000, 1, 1))
    }

    pub fn last_day(self) -> Date {
        let next = self.next().first_day();
        next.yesterday().unwrap_or(next)
    }

    pub fn next(self) -> Quarter {
        if self.quarter == 4 {
            Quarter {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Quarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    pub fn through(first: Quarter, last: Quarter) -> Vec<Quarter> {
        let mut quarters = vec![];
        let mut q = first;
        while q <= last {
            quarters.push(q);
            q = q.next();
        }
        quarters
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.quarter)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The quarters the archive covers, from its first review week to the as-of date.
pub fn archive_quarters(a: &Archive) -> Vec<Quarter> {
    let weeks = archive_weeks(a);
    match (weeks.first(), weeks.last()) {
        (Some(&first), Some(&last)) => Quarter::through(
            Quarter::of_week(first),
            Quarter::of(a.as_of).max(Quarter::of_week(last)),
        ),
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_nearest_rank_p90() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        // Ten values 1..=10: 90 % of them are ≤ 9.
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(p90(&ten), Some(9.0));
        // Eleven values: ceil(9.9) = 10th value.
        let eleven: Vec<f64> = (1..=11).map(f64::from).collect();
        assert_eq!(p90(&eleven), Some(10.0));
        assert_eq!(p90(&[7.0]), Some(7.0));
        assert_eq!(p90(&[]), None);
    }

    #[test]
    fn periods_cross_year_ends() {
        let m = Month::of("2025-12-31".parse().unwrap());
        assert_eq!(m.to_string(), "2025-12");
        assert_eq!(m.next().to_string(), "2026-01");
        let q = Quarter::of("2025-11-02".parse().unwrap());
        assert_eq!(q.to_string(), "2025-Q4");
        assert_eq!(q.next().to_string(), "2026-Q1");
        // 2026-W01 starts on Monday 2025-12-29; its Thursday is 2026-01-01.
        assert_eq!(
            Quarter::of_week("2026-W01".parse().unwrap()).to_string(),
            "2026-Q1"
        );
        let weeks = weeks_through("2025-W51".parse().unwrap(), "2026-W02".parse().unwrap());
        let names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
        assert_eq!(names, ["2025-W51", "2025-W52", "2026-W01", "2026-W02"]);
    }
}
