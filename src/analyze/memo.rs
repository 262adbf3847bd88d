//! What one analysis keeps for the next (`serve`): figures computed from a few reviews (per
//! review or week), and figures that add those up (totals, alert statistics, SLO series),
//! each with the `Arc`s it was computed from. After a save that changed one review, only the
//! figures that read it are computed again; the rest come from the last analysis. A plain
//! build keeps nothing, and computes every figure by the same functions.
//!
//! A review is known by its `Arc`: the load cache hands out the same one until its file (or a
//! log beside it) changes, and the memo holds it, so that no other review can take its
//! address. A figure computed again that is the same as the last keeps the last `Arc`, so that
//! what adds it up is kept too. "The settings" are the front matter of every file but the
//! reviews and incidents, and the as-of date (see [`crate::load::Loaded::settings`]): a change
//! to any of them computes everything again, so what a figure reads of them need not be in its
//! key. Anything else a kept figure reads (of the reviews, the incidents, the action items)
//! must be: in the `Arc`s it is computed from, or in its key.

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
        let forget = !keep || now != self.settings;
        self.settings = now;
        for kept in self.all() {
            kept.begin(keep, forget);
        }
    }

    /// Keeps what this analysis used, and lets go of the rest.
    pub(super) fn end(&mut self) {
        for kept in self.all() {
            kept.end();
        }
    }

    /// Every kind of figure kept, in one list.
    fn all(&mut self) -> [&mut dyn Roll; 9] {
        [
            &mut self.loads,
            &mut self.team_flags,
            &mut self.totals,
            &mut self.week_alerts,
            &mut self.alerts,
            &mut self.paged,
            &mut self.week_slos,
            &mut self.attainments,
            &mut self.slo_series,
        ]
    }
}

/// What the memo does with each kind of figure it keeps, whatever its types.
trait Roll {
    /// Readies it: whether to keep what is computed, and whether to forget what was.
    fn begin(&mut self, keep: bool, forget: bool);
    /// Keeps what this analysis used, and lets go of the rest.
    fn end(&mut self);
}

impl<K: std::hash::Hash + Eq, S, T> Roll for Kept<K, S, T> {
    fn begin(&mut self, keep: bool, forget: bool) {
        if forget {
            *self = Kept::default();
        }
        self.keep = keep;
    }

    fn end(&mut self) {
        let this = self
            .this
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.last = std::mem::take(this);
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
    /// by it holds too) when the one computed now is the same: `same(last, now)`, which must
    /// tell apart whatever a page could show differently (`-0` and `0`, say).
    pub fn get_or_same(
        &self,
        key: K,
        from: &[Option<&Arc<S>>],
        compute: impl FnOnce() -> T,
        same: impl FnOnce(&T, &T) -> bool,
    ) -> Arc<T> {
        self.take(key, from, |last| {
            let now = compute();
            match last {
                Some(last) if same(last, &now) => Arc::clone(last),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review, write_file};

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

    /// Reads the site root `dir` through a keeping load cache and resolve memo (so that
    /// unchanged reviews are the same records), and analyses it with `memo` and afresh.
    fn both_ways(
        dir: &std::path::Path,
        files: &mut crate::load::Cache,
        resolved: &mut crate::resolve::Memo,
        memo: &mut Memo,
    ) -> (String, String) {
        let mut d = crate::diagnostics::Diagnostics::new();
        let loaded = crate::load::load_with(dir, files, &mut d).unwrap();
        let settings = loaded.settings;
        let a = crate::resolve::resolve_with(loaded, None, resolved, &mut d);
        assert!(!d.has_errors(), "{:?}", d.sorted());
        let kept = super::super::analyze_with(&a, settings, memo);
        (
            format!("{kept:?}"),
            format!("{:?}", super::super::analyze(&a)),
        )
    }

    #[test]
    fn an_analysis_that_keeps_figures_equals_one_that_does_not_after_edits() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let write = |path: &str, text: &str| write_file(&content, path, text);
        write("site.yaml", "title: T\norganisation: O\ntime_zone: UTC\n");
        write("teams/ops.md", "---\nname: Ops\nmembers: [ann, bob]\n---\n");
        write(
            "teams/far.md",
            "---\nname: Far\ntime_zone: America/New_York\nmembers: [cy]\n---\n",
        );
        write("services/api.md", "---\nname: API\nteam: ops\n---\n");
        write(
            "slos/api.yaml",
            "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api-availability\nspec:\n  service: api\n  budgetingMethod: Occurrences\n  timeWindow:\n    - duration: 4w\n      isRolling: true\n  objectives:\n    - displayName: Available\n      target: 0.999\n",
        );
        let review = |n: u32, tickets: u32, attained: &str, alert: &str, summary: &str| {
            let week = format!("2025-W{n:02}");
            let day =
                jiff::civil::Date::new(2025, 1, 6).unwrap() + jiff::Span::new().weeks(n as i64 - 2);
            let page = |hour: u32, who: &str| {
                format!("      - {{ at: {day}T{hour:02}:10:00Z, alert: {alert}, service: api, responder: {who}, actionable: true }}\n")
            };
            let text = format!(
                "---\nweek: {week}\nsummary: {summary}\nteams:\n  ops:\n    oncall: [ann]\n    tickets: {tickets}\n    health: {}\n    slos:\n      api-availability: {attained}\n    pages:\n{}{}  far:\n    oncall: [cy]\n    tickets: 1\n    pages:\n{}action_items:\n  - id: AI-{n}\n    title: Tune {alert}\n    owner: bob\n    due: 2025-02-01\n    status: open\n    refs: [alert:{alert}]\n---\n",
                3 + n % 2,
                page(2, "ann"),
                page(14, "bob"),
                page(3, "cy"),
            );
            write(&format!("reviews/2025/{week}.md"), &text);
        };
        for n in 2..=13 {
            let alert = if n % 4 == 0 { "Disk" } else { "Latency" };
            review(n, 2 + n % 3, "99.95", alert, "Quiet.");
        }
        let (mut files, mut resolved, mut memo) = (
            crate::load::Cache::keeping(),
            crate::resolve::Memo::keeping(),
            Memo::keeping(),
        );
        let (kept, fresh) = both_ways(dir.path(), &mut files, &mut resolved, &mut memo);
        assert_eq!(kept, fresh);
        let steps: [&dyn Fn(); 6] = [
            // Prose only: every figure of the week is equal to the last.
            &|| review(6, 2, "99.95", "Latency", "Quiet, but for [[team:far]]."),
            // A figure: tickets and an SLO attainment; the baselines after it read them.
            &|| review(6, 40, "98.2", "Latency", "Busy."),
            // Pages of another alert: new alert statistics, the index's alerts.
            &|| review(9, 3, "99.95", "Fresh", "Quiet."),
            // A week more.
            &|| review(14, 9, "99.1", "Latency", "Quiet."),
            // An incident: none of the kept figures reads one.
            &|| {
                write("incidents/2025/INC-2025-001.md", "---\nid: INC-2025-001\ntitle: Down\nseverity: major\nstatus: resolved\nstarted: 2025-02-04T10:00:00Z\nresolved: 2025-02-04T12:00:00Z\nteams: [ops]\nservices: [api]\naction_items:\n  - id: AI-INC\n    title: Tune Latency\n    owner: ann\n    status: open\n    refs: [alert:Latency]\n---\n")
            },
            // The settings: a team's zone.
            &|| {
                write(
                    "teams/ops.md",
                    "---\nname: Ops\ntime_zone: Europe/Berlin\nmembers: [ann, bob]\n---\n",
                )
            },
        ];
        let w06: Week = "2025-W06".parse().unwrap();
        let loads = |memo: &Memo| Arc::clone(&memo.loads.last[&w06].value);
        for (n, step) in steps.iter().enumerate() {
            let before = loads(&memo);
            step();
            let (kept, fresh) = both_ways(dir.path(), &mut files, &mut resolved, &mut memo);
            assert!(
                kept == fresh,
                "step {n}: the kept analysis differs from a fresh one"
            );
            if n == 0 {
                // W06 was read again, but its team-weeks are equal: they were kept.
                let after = loads(&memo);
                assert!(!Arc::ptr_eq(&before, &after), "W06's loads found again");
                assert!(before
                    .iter()
                    .zip(after.iter())
                    .all(|((_, x), (_, y))| Arc::ptr_eq(x, y)));
            }
        }
    }
}
