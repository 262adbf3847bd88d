//! Recurring alerts: what keeps paging, who it pages, and whether anyone follows it up.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::Serialize;

use super::{action_raised_by, action_state, weeks_through, ActionState};
use crate::resolve::{Archive, Ref, Review};
use crate::types::Week;

/// One alert's history. An alert is identified by its name, and by its service too when two
/// services page with the same name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertStats {
    pub name: String,
    /// The service, when the name alone is ambiguous.
    pub service: Option<String>,
    pub services: BTreeSet<String>,
    pub pages: u32,
    pub by_week: BTreeMap<Week, u32>,
    pub first_seen: Option<Timestamp>,
    pub last_seen: Option<Timestamp>,
    pub actionable: u32,
    pub marked: u32,
    pub teams: BTreeSet<String>,
    /// Runbooks that answer it.
    pub runbooks: Vec<String>,
    /// Action items that refer to it and were not dropped, with their state on the as-of date.
    pub follow_ups: Vec<(String, ActionState)>,
    /// Its newest done follow-up and the weeks it paged after that was closed: when those reach
    /// the recurrence bound, the follow-up did not work.
    pub after_follow_up: Option<AfterFollowUp>,
    /// Weeks it fired in the recurrence window ending at the as-of week.
    pub recent_weeks: u32,
    pub recurring: bool,
}

/// An alert's pages after its newest done follow-up was closed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AfterFollowUp {
    pub id: String,
    pub closed: jiff::civil::Date,
    /// Weeks (starting after the closing day) in which it paged, oldest first.
    pub weeks: Vec<Week>,
}

impl AlertStats {
    /// Done, and still paging in at least `bound` weeks after: the follow-up did not work.
    pub fn recurring_after_follow_up(&self, bound: u32) -> bool {
        self.after_follow_up
            .as_ref()
            .is_some_and(|f| f.weeks.len() >= bound as usize)
    }

    /// The week in which it reached `bound` weeks after its follow-up was closed.
    pub fn recurring_again_in(&self, bound: u32) -> Option<Week> {
        let f = self.after_follow_up.as_ref()?;
        f.weeks.get((bound as usize).checked_sub(1)?).copied()
    }

    pub fn label(&self) -> String {
        match &self.service {
            Some(s) => format!("{} ({s})", self.name),
            None => self.name.clone(),
        }
    }

    pub fn actionable_ratio(&self) -> Option<f64> {
        (self.marked > 0).then(|| self.actionable as f64 / self.marked as f64)
    }

    /// A follow-up that is open or done counts; a dropped one does not.
    pub fn followed_up(&self) -> bool {
        self.follow_ups
            .iter()
            .any(|(_, s)| *s != ActionState::Dropped)
    }

    pub fn first_week(&self) -> Option<Week> {
        self.by_week.keys().next().copied()
    }

    pub fn last_week(&self) -> Option<Week> {
        self.by_week.keys().next_back().copied()
    }

    pub fn weeks_seen(&self) -> usize {
        self.by_week.len()
    }
}

/// One review's pages by alert and service, added up: what the alert statistics read of a
/// review, computed once per review (`serve` keeps it while the review is unchanged).
#[derive(Debug, Default, PartialEq)]
pub struct WeekAlerts {
    /// By alert, then service.
    by_key: Vec<PagedAlert>,
}

#[derive(Debug, PartialEq)]
struct PagedAlert {
    alert: String,
    service: String,
    pages: u32,
    first_seen: Timestamp,
    last_seen: Timestamp,
    marked: u32,
    actionable: u32,
    /// The teams it paged, by id.
    teams: Vec<String>,
}

impl WeekAlerts {
    /// (alert, service, pages) by alert, then service.
    pub fn counts(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.by_key
            .iter()
            .map(|e| (e.alert.as_str(), e.service.as_str(), e.pages))
    }
}

/// The pages of `review` by alert and service.
pub fn week_alerts(review: &Review) -> WeekAlerts {
    let mut by_key: BTreeMap<(&str, &str), PagedAlert> = BTreeMap::new();
    for (team, tw) in &review.front.teams {
        for page in &tw.pages {
            let e = by_key
                .entry((page.alert.as_str(), page.service.as_str()))
                .or_insert_with(|| PagedAlert {
                    alert: page.alert.clone(),
                    service: page.service.clone(),
                    pages: 0,
                    first_seen: page.at,
                    last_seen: page.at,
                    marked: 0,
                    actionable: 0,
                    teams: vec![],
                });
            e.pages += 1;
            e.first_seen = e.first_seen.min(page.at);
            e.last_seen = e.last_seen.max(page.at);
            if let Some(actionable) = page.actionable {
                e.marked += 1;
                e.actionable += u32::from(actionable);
            }
            if e.teams.last() != Some(team) {
                e.teams.push(team.clone());
            }
        }
    }
    WeekAlerts {
        by_key: by_key.into_values().collect(),
    }
}

/// The reviews the alert statistics count: up to the as-of week, drafts aside.
pub fn counted(a: &Archive, review: &Review) -> bool {
    review.front.week <= super::as_of_week(a) && !review.front.draft
}

/// Every alert of the archive (paged or named by a runbook), reviews up to the as-of week.
/// Order: recurring alerts without follow-up first, then other recurring alerts, then the rest;
/// within each, most pages first.
pub fn alert_stats(a: &Archive) -> Vec<AlertStats> {
    let weeks: Vec<(Week, WeekAlerts)> = a
        .reviews
        .iter()
        .filter(|r| counted(a, r))
        .map(|r| (r.front.week, week_alerts(r)))
        .collect();
    let weeks: Vec<(Week, &WeekAlerts)> = weeks.iter().map(|(w, p)| (*w, p)).collect();
    alert_stats_of(a, &weeks)
}

/// [`alert_stats`] from the pages of the reviews it counts, by week.
pub fn alert_stats_of(a: &Archive, weeks: &[(Week, &WeekAlerts)]) -> Vec<AlertStats> {
    let as_of_week = super::as_of_week(a);
    let bound = &a.site.recurring_alert;
    let window_start = (1..bound.window).fold(as_of_week, |w, _| w.previous());
    let recent: BTreeSet<Week> = weeks_through(window_start, as_of_week)
        .into_iter()
        .collect();

    // (name, service) → stats, added up from each week's.
    // Keys borrowed from the archive: a hundred thousand pages make no copies of their names.
    // Hashed while counting (no name comparisons per page), sorted by key once at the end.
    let mut by_key: std::collections::HashMap<(&str, &str), AlertStats> = Default::default();
    for (week, paged) in weeks {
        for e in &paged.by_key {
            let s = by_key
                .entry((e.alert.as_str(), e.service.as_str()))
                .or_insert_with(|| empty(&e.alert));
            s.pages += e.pages;
            *s.by_week.entry(*week).or_default() += e.pages;
            s.first_seen = Some(s.first_seen.map_or(e.first_seen, |f| f.min(e.first_seen)));
            s.last_seen = Some(s.last_seen.map_or(e.last_seen, |l| l.max(e.last_seen)));
            s.marked += e.marked;
            s.actionable += e.actionable;
            for team in &e.teams {
                if !s.teams.contains(team) {
                    s.teams.insert(team.clone());
                }
            }
            if !s.services.contains(&e.service) {
                s.services.insert(e.service.clone());
            }
        }
    }
    let mut by_key: Vec<((&str, &str), AlertStats)> = by_key.into_iter().collect();
    by_key.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let mut services_per_name: BTreeMap<&str, usize> = BTreeMap::new();
    for ((name, _), _) in &by_key {
        *services_per_name.entry(name).or_default() += 1;
    }
    let shared: BTreeSet<String> = services_per_name
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name.to_string())
        .collect();
    let mut stats: Vec<AlertStats> = by_key
        .into_iter()
        .map(|((name, service), mut s)| {
            if shared.contains(name) {
                s.service = Some(service.to_string());
            }
            s
        })
        .collect();
    // Alerts a runbook answers that never paged still have a page of their own.
    let paged: BTreeSet<String> = stats.iter().map(|s| s.name.clone()).collect();
    for name in &a.alerts {
        if !paged.contains(name) {
            stats.push(empty(name));
        }
    }

    // Runbooks and follow-ups by alert name, gathered once rather than searched per alert.
    let mut runbooks: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (id, r) in &a.runbooks {
        for name in &r.front.alerts {
            let list = runbooks.entry(name.as_str()).or_default();
            if !list.contains(id) {
                list.push(id.clone());
            }
        }
    }
    // Dropped follow-ups are no follow-ups: they are left out.
    // (id, state, closed) per alert name.
    type FollowUps = Vec<(String, ActionState, Option<jiff::civil::Date>)>;
    let mut follow_ups: BTreeMap<&str, FollowUps> = BTreeMap::new();
    for x in a.actions.iter().filter(|x| action_raised_by(x, a.as_of)) {
        let mut named: Vec<&str> = x
            .refs
            .iter()
            .filter_map(|r| match r {
                Ref::Alert(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        named.sort_unstable();
        named.dedup();
        let state = action_state(x, a.as_of);
        if state == ActionState::Dropped {
            continue;
        }
        for name in named {
            follow_ups
                .entry(name)
                .or_default()
                .push((x.item.id.clone(), state, x.item.closed));
        }
    }
    for s in &mut stats {
        s.runbooks = runbooks.get(s.name.as_str()).cloned().unwrap_or_default();
        let ups = follow_ups
            .get(s.name.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        s.follow_ups = ups.iter().map(|(id, st, _)| (id.clone(), *st)).collect();
        // The newest done follow-up, and the weeks after the day it was closed.
        let done = ups
            .iter()
            .filter(|(_, st, _)| *st == ActionState::Done)
            .filter_map(|(id, _, closed)| Some((closed.as_ref()?, id)))
            .max();
        s.after_follow_up = done.map(|(closed, id)| AfterFollowUp {
            id: id.clone(),
            closed: *closed,
            weeks: s
                .by_week
                .keys()
                .filter(|w| w.monday() > *closed)
                .copied()
                .collect(),
        });
        s.recent_weeks = s.by_week.keys().filter(|w| recent.contains(w)).count() as u32;
        s.recurring = s.recent_weeks >= bound.weeks;
    }
    stats.sort_by(|x, y| {
        // Recurring without follow-up, then those still recurring after their follow-up was
        // done, then recurring with a follow-up, then the rest: the rest by pages alone.
        let rank = |s: &AlertStats| {
            if s.recurring && !s.followed_up() {
                0
            } else if s.recurring_after_follow_up(bound.weeks) {
                1
            } else if s.recurring {
                2
            } else {
                3
            }
        };
        rank(x)
            .cmp(&rank(y))
            .then(y.pages.cmp(&x.pages))
            .then(x.name.cmp(&y.name))
            .then(x.service.cmp(&y.service))
    });
    stats
}

fn empty(name: &str) -> AlertStats {
    AlertStats {
        name: name.to_string(),
        service: None,
        services: BTreeSet::new(),
        pages: 0,
        by_week: BTreeMap::new(),
        first_seen: None,
        last_seen: None,
        actionable: 0,
        marked: 0,
        teams: BTreeSet::new(),
        runbooks: vec![],
        follow_ups: vec![],
        after_follow_up: None,
        recent_weeks: 0,
        recurring: false,
    }
}

/// The `top` alerts that paged most in `weeks`, most first (ties by label), each with its
/// pages in each of those weeks.
pub fn top_in<'a>(
    stats: &'a [AlertStats],
    weeks: &[Week],
    top: usize,
) -> Vec<(&'a AlertStats, Vec<u32>)> {
    let mut ranked: Vec<(&AlertStats, Vec<u32>)> = stats
        .iter()
        .filter(|s| weeks.iter().any(|w| s.by_week.contains_key(w)))
        .map(|s| {
            let per_week = weeks
                .iter()
                .map(|w| s.by_week.get(w).copied().unwrap_or(0))
                .collect();
            (s, per_week)
        })
        .collect();
    let total = |v: &[u32]| v.iter().sum::<u32>();
    ranked.sort_by(|(x, xs), (y, ys)| total(ys).cmp(&total(xs)).then(x.label().cmp(&y.label())));
    ranked.truncate(top);
    ranked
}

/// Alerts first seen in `week` (new this week).
pub fn new_in(stats: &[AlertStats], week: Week) -> Vec<&AlertStats> {
    stats
        .iter()
        .filter(|s| s.first_week() == Some(week))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};

    fn paging(week: &str, day: &str, alerts: &[(&str, &str, Option<bool>)]) -> (String, String) {
        paging_with(week, day, alerts, "")
    }

    fn paging_with(
        week: &str,
        day: &str,
        alerts: &[(&str, &str, Option<bool>)],
        extra: &str,
    ) -> (String, String) {
        let pages: String = alerts
            .iter()
            .map(|(alert, service, actionable)| {
                let actionable = actionable.map(|x| format!(", actionable: {x}")).unwrap_or_default();
                format!("      - {{ at: {day}T10:00:00Z, alert: {alert}, service: {service}{actionable} }}\n")
            })
            .collect();
        review(week, &format!("{extra}teams:\n  ops:\n    pages:\n{pages}"))
    }

    #[test]
    fn recurring_history_follow_up_and_order() {
        // Disk fires in W10, W12, W14 (3 of the last 8 weeks up to W14): recurring, no follow-up.
        // Cpu fires in W13 and W14 only; Tls in W10..W12 and has a follow-up; Old fired in W01 only.
        let follow_up = "action_items:\n  - { id: AI-1, title: Renew, owner: bob, status: open, refs: [alert:Tls] }\n";
        let mut files = vec![
            paging("2025-W01", "2024-12-30", &[("Old", "api", None)]),
            paging(
                "2025-W10",
                "2025-03-03",
                &[("Disk", "api", Some(false)), ("Tls", "api", None)],
            ),
            paging("2025-W11", "2025-03-10", &[("Tls", "api", Some(true))]),
            paging_with(
                "2025-W12",
                "2025-03-17",
                &[("Disk", "api", Some(false)), ("Tls", "api", None)],
                follow_up,
            ),
            paging("2025-W13", "2025-03-24", &[("Cpu", "api", Some(true))]),
            paging(
                "2025-W14",
                "2025-03-31",
                &[
                    ("Disk", "api", Some(true)),
                    ("Disk", "api", None),
                    ("Cpu", "api", None),
                ],
            ),
        ];
        files.push((
            "runbooks/disk.md".into(),
            "---\ntitle: Disk\nalerts: [Disk]\n---\n".into(),
        ));
        let a = archive_of(&files, None);
        let stats = alert_stats(&a);
        let names: Vec<&str> = stats.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Disk", "Tls", "Cpu", "Old"]);
        let disk = &stats[0];
        assert_eq!(
            (disk.pages, disk.weeks_seen(), disk.recent_weeks),
            (4, 3, 3)
        );
        assert!(disk.recurring && !disk.followed_up());
        assert_eq!((disk.actionable, disk.marked), (1, 3));
        assert_eq!(disk.runbooks, ["disk"]);
        assert_eq!(disk.first_week(), Some("2025-W10".parse().unwrap()));
        assert_eq!(
            disk.last_seen,
            Some("2025-03-31T10:00:00Z".parse().unwrap())
        );
        let tls = &stats[1];
        assert!(tls.recurring && tls.followed_up());
        assert_eq!(tls.follow_ups, [("AI-1".to_string(), ActionState::Open)]);
        assert!(!stats[2].recurring, "Cpu: 2 weeks of 8");
        assert_eq!(stats[3].recent_weeks, 0, "Old is outside the window");
        assert_eq!(new_in(&stats, "2025-W13".parse().unwrap()).len(), 1);
    }

    #[test]
    fn a_name_shared_by_two_services_is_two_alerts() {
        let files = [paging(
            "2025-W10",
            "2025-03-03",
            &[
                ("HighLatency", "api", None),
                ("HighLatency", "web", None),
                ("Only", "api", None),
            ],
        )];
        let a = archive_of(&files, None);
        let labels: Vec<String> = alert_stats(&a).iter().map(|s| s.label()).collect();
        assert_eq!(labels, ["HighLatency (api)", "HighLatency (web)", "Only"]);
    }

    #[test]
    fn the_recurrence_window_is_exactly_the_last_eight_weeks() {
        // As of W09 the window is W02..W09. Edge fires in W01, W02 and W09: 2 weeks inside.
        // Inner fires in W02, W03 and W09: 3 weeks inside. A window of 9 weeks would make Edge
        // recurring; one of 7 would not count Inner's W02.
        let monday = |w: &str| w.parse::<Week>().unwrap().monday().to_string();
        let fires = |w: &str, alerts: &[(&str, &str, Option<bool>)]| paging(w, &monday(w), alerts);
        let files = [
            fires("2025-W01", &[("Edge", "api", None)]),
            fires("2025-W02", &[("Edge", "api", None), ("Inner", "api", None)]),
            fires("2025-W03", &[("Inner", "api", None)]),
            fires(
                "2025-W09",
                &[
                    ("Edge", "api", None),
                    ("Inner", "api", None),
                    ("Big", "api", None),
                    ("Big", "api", None),
                    ("Big", "api", None),
                    ("Big", "api", None),
                ],
            ),
        ];
        let a = archive_of(&files, None);
        let stats = alert_stats(&a);
        let get = |n: &str| stats.iter().find(|s| s.name == n).unwrap();
        assert_eq!(
            (get("Edge").recent_weeks, get("Edge").recurring),
            (2, false)
        );
        assert_eq!(
            (get("Inner").recent_weeks, get("Inner").recurring),
            (3, true)
        );
        // Recurring first; the rest by pages alone: Big (4 pages) before Edge (3).
        let names: Vec<&str> = stats.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Inner", "Big", "Edge"]);
    }

    #[test]
    fn a_follow_up_done_while_the_alert_keeps_paging_did_not_work() {
        // AI-1 (done, closed Sunday 9 March) follows Flap up; Flap pages in W11, W12 and W13,
        // three weeks that start after the closing day: still recurring after its follow-up,
        // reaching the bound (3) in W13. AI-2 (dropped) is no follow-up of Gone.
        let items = "action_items:\n  - { id: AI-1, title: Tune, owner: bob, status: done, closed: 2025-03-09, refs: [alert:Flap] }\n  - { id: AI-2, title: Tune, owner: bob, status: dropped, closed: 2025-03-09, refs: [alert:Gone] }\n";
        let files = vec![
            paging_with(
                "2025-W10",
                "2025-03-03",
                &[("Flap", "api", None), ("Gone", "api", None)],
                items,
            ),
            paging("2025-W11", "2025-03-10", &[("Flap", "api", None)]),
            paging("2025-W12", "2025-03-17", &[("Flap", "api", None)]),
            paging("2025-W13", "2025-03-24", &[("Flap", "api", None)]),
        ];
        let a = archive_of(&files, None);
        let stats = alert_stats(&a);
        let flap = stats.iter().find(|s| s.name == "Flap").unwrap();
        let after = flap.after_follow_up.as_ref().unwrap();
        assert_eq!(after.id, "AI-1");
        assert_eq!(
            after.weeks.len(),
            3,
            "W10 started before the item was closed"
        );
        assert!(flap.recurring_after_follow_up(3));
        assert_eq!(
            flap.recurring_again_in(3),
            Some("2025-W13".parse().unwrap())
        );
        let gone = stats.iter().find(|s| s.name == "Gone").unwrap();
        assert!(gone.follow_ups.is_empty(), "a dropped item is no follow-up");
        assert!(!gone.followed_up());
        // Still paging after its follow-up ranks before an alert that is not recurring.
        let order: Vec<&str> = stats.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(order, ["Flap", "Gone"]);
    }
}
