//! What one analysis keeps for the next (`serve`): figures computed from a few reviews and the
//! archive's settings, by week. After a save that changed one review, only the figures that
//! read it are computed again; the rest come from the last analysis. A plain build keeps
//! nothing, and computes every figure by the same functions.
//!
//! A review is known by its `Arc`: the load cache hands out the same one until its file (or a
//! log beside it) changes, and the memo holds it, so that no other review can take its
//! address. "The settings" are every other file and the as-of date (see
//! [`crate::load::Loaded::settings`]): a change to any of them computes everything again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::civil::Date;

use super::alerts::WeekAlerts;
use super::oncall::WeekLoad;
use super::slos::{Attainments, WeekAttainments};
use crate::resolve::{Archive, Review};
use crate::types::Week;

/// What the last analysis computed per review week, for the next.
#[derive(Default)]
pub struct Memo {
    keep: bool,
    /// The fingerprint of the settings the kept figures were computed with, and the as-of date.
    settings: Option<(u128, Date)>,
    pub(super) loads: ByWeek<super::oncall::TeamLoads>,
    pub(super) team_flags: ByWeek<Vec<super::baseline::TeamFlags>>,
    /// On-call totals over a span (the year, all weeks), by team (`None`: the organisation),
    /// from the team-weeks they add up.
    pub(super) totals: Kept<(Option<String>, Span), WeekLoad, super::oncall::SpanTotals>,
    /// Each review's pages by alert.
    pub(super) week_alerts: ByWeek<WeekAlerts>,
    /// The alert statistics, from the weeks' pages they add up, by the fingerprint of the rest
    /// they read (see `analysis::alert_figures`).
    pub(super) alerts: Kept<u128, WeekAlerts, Vec<super::alerts::AlertStats>>,
    /// What the index reads of the pages, from every review's pages by alert.
    pub(super) paged: Kept<u128, WeekAlerts, super::index::Paged>,
    /// Each review's SLO attainments; all of them, from the weeks' (by the fingerprint of the
    /// weeks); and the objectives' series over the archive's weeks, from all of them.
    pub(super) week_slos: ByWeek<WeekAttainments>,
    pub(super) attainments: Kept<u128, WeekAttainments, Attainments>,
    pub(super) slo_series: Kept<u128, Attainments, Vec<super::slos::ObjectiveSeries>>,
}

/// Which span of weeks a total covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Span {
    Year,
    All,
}

impl Memo {
    /// A memo that keeps what each analysis computed, for the next.
    pub fn keeping() -> Memo {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }

    /// Readies the memo for an analysis of `a`, whose settings have the fingerprint
    /// `settings` (`None`: unknown, so nothing is taken or kept).
    pub(super) fn begin(&mut self, a: &Archive, settings: Option<u128>) {
        let now = settings.map(|s| (s, a.as_of));
        let keep = self.keep && now.is_some();
        if !keep || now != self.settings {
            self.loads = Kept::default();
            self.team_flags = Kept::default();
            self.totals = Kept::default();
            self.week_alerts = Kept::default();
            self.alerts = Kept::default();
            self.week_slos = Kept::default();
            self.paged = Kept::default();
            self.attainments = Kept::default();
            self.slo_series = Kept::default();
        }
        self.settings = now;
        self.loads.keep = keep;
        self.team_flags.keep = keep;
        self.totals.keep = keep;
        self.week_alerts.keep = keep;
        self.alerts.keep = keep;
        self.week_slos.keep = keep;
        self.paged.keep = keep;
        self.attainments.keep = keep;
        self.slo_series.keep = keep;
    }

    /// Keeps what this analysis used, and lets go of the rest.
    pub(super) fn end(&mut self) {
        self.loads.end();
        self.team_flags.end();
        self.totals.end();
        self.week_alerts.end();
        self.alerts.end();
        self.week_slos.end();
        self.paged.end();
        self.attainments.end();
        self.slo_series.end();
    }
}

/// Figures by week, each with the reviews it was computed from (`None` for a week without
/// one).
pub(super) type ByWeek<T> = Kept<Week, Review, T>;

/// Figures by key, each with what it was computed from (reviews, team-weeks): known by their
/// `Arc`s. Taken and filled from the analysis's threads alike.
pub(super) struct Kept<K, S, T> {
    keep: bool,
    last: HashMap<K, Entry<S, T>>,
    this: Mutex<HashMap<K, Entry<S, T>>>,
}

impl<K, S, T> Default for Kept<K, S, T> {
    fn default() -> Self {
        Kept {
            keep: false,
            last: HashMap::new(),
            this: Mutex::new(HashMap::new()),
        }
    }
}

struct Entry<S, T> {
    from: Vec<Option<Arc<S>>>,
    value: Arc<T>,
}

impl<K: std::hash::Hash + Eq, S, T> Kept<K, S, T> {
    /// The figure of `key` computed from `from`: the last analysis's when it was computed from
    /// the very same, else `compute(last)`, where `last` is the last analysis's figure of the
    /// key (from other inputs), for parts of it that are equal to be shared.
    pub fn get_or(
        &self,
        key: K,
        from: &[Option<&Arc<S>>],
        compute: impl FnOnce(Option<&T>) -> T,
    ) -> Arc<T> {
        self.take(key, from, |last| Arc::new(compute(last.map(|l| &**l))))
    }

    /// [`Kept::get_or`], keeping the last figure of the key (its `Arc`, so that what is kept
    /// by it holds too) when the one computed now is equal to it.
    pub fn get_or_equal(
        &self,
        key: K,
        from: &[Option<&Arc<S>>],
        compute: impl FnOnce() -> T,
    ) -> Arc<T>
    where
        T: PartialEq,
    {
        self.take(key, from, |last| {
            let now = compute();
            match last {
                Some(last) if **last == now => Arc::clone(last),
                _ => Arc::new(now),
            }
        })
    }

    fn take(
        &self,
        key: K,
        from: &[Option<&Arc<S>>],
        compute: impl FnOnce(Option<&Arc<T>>) -> Arc<T>,
    ) -> Arc<T> {
        let last = self.last.get(&key);
        let same = |e: &&Entry<S, T>| {
            e.from.len() == from.len()
                && e.from.iter().zip(from).all(|(was, now)| match (was, now) {
                    (Some(was), Some(now)) => Arc::ptr_eq(was, now),
                    (None, None) => true,
                    _ => false,
                })
        };
        let value = match last.filter(same) {
            Some(e) => Arc::clone(&e.value),
            None => compute(last.map(|e| &e.value)),
        };
        if self.keep {
            let entry = Entry {
                from: from.iter().map(|r| r.cloned()).collect(),
                value: Arc::clone(&value),
            };
            self.this
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert(key, entry);
        }
        value
    }

    fn end(&mut self) {
        let this = self
            .this
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.last = std::mem::take(this);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};

    #[test]
    fn a_figure_is_taken_from_the_last_analysis_only_if_it_read_the_same_reviews() {
        let files = [review("2025-W10", ""), review("2025-W11", "")];
        let (first, again) = (archive_of(&files, None), archive_of(&files, None));
        fn week(a: &Archive, i: usize) -> (Week, Option<&Arc<Review>>) {
            (a.reviews[i].front.week, Some(&a.reviews[i]))
        }
        let mut kept = ByWeek::<u32> {
            keep: true,
            ..Kept::default()
        };
        let computed = std::sync::atomic::AtomicU32::new(0);
        let mut figures = |reviews: [(Week, Option<&Arc<Review>>); 2]| -> Vec<u32> {
            let out = reviews
                .iter()
                .map(|(w, r)| {
                    *kept.get_or(*w, &[*r], |_| {
                        computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 100
                    })
                })
                .collect();
            kept.end();
            out
        };
        assert_eq!(figures([week(&first, 0), week(&first, 1)]), [100, 101]);
        assert_eq!(
            figures([week(&first, 0), week(&first, 1)]),
            [100, 101],
            "the same reviews: both kept"
        );
        // W11 read again (equal text, but another reading): only it is computed again.
        assert_eq!(figures([week(&first, 0), week(&again, 1)]), [100, 102]);
        // A week whose review is gone.
        assert_eq!(
            figures([week(&first, 0), (week(&again, 1).0, None)]),
            [100, 103]
        );
    }

    #[test]
    fn new_settings_or_another_as_of_date_forget_everything() {
        let a = archive_of(&[review("2025-W10", "")], None);
        let w = a.reviews[0].front.week;
        let from = [Some(&a.reviews[0])];
        let mut memo = Memo::keeping();
        let mut pass = |settings: Option<u128>| -> bool {
            memo.begin(&a, settings);
            let mut fresh = false;
            memo.loads.get_or(w, &from, |_| {
                fresh = true;
                Default::default()
            });
            memo.end();
            fresh
        };
        assert!(pass(Some(1)));
        assert!(!pass(Some(1)));
        assert!(pass(Some(2)), "other settings");
        assert!(pass(None) && pass(None), "unknown settings: nothing kept");
        let mut plain = Memo::default();
        plain.begin(&a, Some(1));
        plain.loads.get_or(w, &from, |_| Default::default());
        plain.end();
        assert!(plain.loads.last.is_empty(), "a build keeps nothing");
    }
}
