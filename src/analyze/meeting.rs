//! The meeting itself (docs/metrics.md, "The meeting"): what the week's slides and the summary
//! that goes out afterwards need beyond the week's figures — which teams have something to speak
//! to, the action items overdue at the end of the week by owner, and the dashboard of the week.

use rayon::prelude::*;
use std::collections::BTreeMap;

use jiff::civil::Date;

use super::baseline::Unusual;
use crate::resolve::{Archive, Review};
use crate::types::Week;

/// The meeting of one review week.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeekMeeting {
    /// Teams with a section this week and something to speak to — a flag of what is unusual
    /// that concerns them, or notes — by id. Each gets a slide of its own.
    pub speaking: Vec<String>,
    /// Teams with a section this week and nothing to report, by id: one slide for them all.
    pub quiet: Vec<String>,
    /// Per team, the positions in the week's flags (`Analysis::unusual_in`) that concern it.
    pub team_flags: BTreeMap<String, Vec<usize>>,
    /// Owner → the action items (indexes into `Archive::actions`) open and past due at the end
    /// of the week (or on the as-of date, if earlier), by due date and id.
    pub overdue_by_owner: BTreeMap<String, Vec<usize>>,
    /// The service whose dashboards the meeting audits (with `dashboard_audit: true`).
    pub audited_service: Option<String>,
}

/// The meeting of every review week, from the week's flags (`unusual`, by week).
pub fn meetings(
    a: &Archive,
    unusual: &BTreeMap<Week, Vec<Unusual>>,
) -> BTreeMap<Week, WeekMeeting> {
    let weeks: Vec<Week> = a.reviews.iter().map(|r| r.front.week).collect();
    let overdue = overdue_at_week_ends(a, &weeks);
    a.reviews
        .par_iter()
        .zip(overdue)
        .map(|(r, overdue_by_owner)| {
            let week = r.front.week;
            let flags = unusual.get(&week).map_or(&[][..], Vec::as_slice);
            let mut team_flags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (n, flag) in flags.iter().enumerate() {
                if let Some(team) = flag_team(a, r, flag) {
                    team_flags.entry(team).or_default().push(n);
                }
            }
            let (speaking, quiet) = r.front.teams.iter().partition::<Vec<_>, _>(|(team, tw)| {
                let written =
                    |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
                team_flags.contains_key(*team)
                    || written(&tw.notes)
                    || written(&tw.notes_for_presenter)
            });
            let ids =
                |teams: Vec<(&String, _)>| teams.into_iter().map(|(t, _)| t.clone()).collect();
            let meeting = WeekMeeting {
                speaking: ids(speaking),
                quiet: ids(quiet),
                team_flags,
                overdue_by_owner,
                audited_service: audited_service(a, week).map(str::to_string),
            };
            (week, meeting)
        })
        .collect()
}

/// The team a flag of the week concerns: the team of a team's figure; the team of the service
/// an exhausted objective measures; the team a new alert, or one still paging after its
/// follow-up, paged (else its service's team).
/// Incidents and overdue items concern no one team (they have slides of their own).
pub fn flag_team(a: &Archive, review: &Review, flag: &Unusual) -> Option<String> {
    let service_team = |service: &str| {
        a.services
            .get(service)
            .and_then(|s| s.team())
            .map(str::to_string)
    };
    match flag {
        Unusual::HeavyWeek { team, .. }
        | Unusual::MissedTarget { team, .. }
        | Unusual::Above { team, .. }
        | Unusual::Below { team, .. }
        | Unusual::MetricDeviation { team, .. }
        | Unusual::MetricOutside { team, .. } => Some(team.clone()),
        Unusual::BudgetExhausted { key, .. } => {
            let slo = key.split('/').next().unwrap_or(key);
            service_team(&a.slos.get(slo)?.service)
        }
        Unusual::NewAlert { name, service, .. }
        | Unusual::RecurringAfterFollowUp { name, service, .. } => {
            let paged = review.front.teams.iter().find(|(_, tw)| {
                tw.pages
                    .iter()
                    .any(|p| &p.alert == name && service.as_ref().is_none_or(|s| &p.service == s))
            });
            match paged {
                Some((team, _)) => Some(team.clone()),
                None => service_team(service.as_deref()?),
            }
        }
        Unusual::Incident { .. } | Unusual::Overdue { .. } => None,
    }
}

/// For each of `weeks` (sorted), the items open and past due at its end (or on the as-of date,
/// if earlier), by owner. Each item is overdue over one run of weeks, found by a search, so the
/// work is one step per item and per item-week listed.
fn overdue_at_week_ends(a: &Archive, weeks: &[Week]) -> Vec<BTreeMap<String, Vec<usize>>> {
    let ends = super::baseline::week_ends(a, weeks);
    // Taken in the order of their due dates (then ids), so that each week's lists come out in
    // it: an item open for years is in hundreds of weeks' lists.
    let mut order: Vec<usize> = (0..a.actions.len()).collect();
    order.sort_by(|m, n| {
        let (x, y) = (&a.actions[*m].item, &a.actions[*n].item);
        (x.due, &x.id).cmp(&(y.due, &y.id))
    });
    let mut out: Vec<BTreeMap<&str, Vec<usize>>> = vec![BTreeMap::new(); weeks.len()];
    for n in order {
        let x = &a.actions[n];
        let Some(run) = super::baseline::overdue_run(&ends, x) else {
            continue;
        };
        for week in out.iter_mut().take(run.end).skip(run.start) {
            week.entry(x.item.owner.as_str()).or_default().push(n);
        }
    }
    out.into_iter()
        .map(|week| {
            week.into_iter()
                .map(|(owner, items)| (owner.to_string(), items))
                .collect()
        })
        .collect()
}

/// The first Monday of the weeks opsbook reads (2000-W01): week 0 of the dashboard audit.
const EPOCH: Date = jiff::civil::date(2000, 1, 3);

/// The service whose dashboards the meeting of `week` audits, with `dashboard_audit: true`:
/// the services by id, shuffled once per cycle of as many weeks as there are services (counted
/// from 2000-W01, each cycle with its own fixed seed); week *k* of a cycle gets its *k*-th
/// service. So no service comes again before every service has had its turn, a cycle never
/// starts with the service that ended the one before, and the pick depends on nothing but the
/// week and the services.
pub fn audited_service(a: &Archive, week: Week) -> Option<&str> {
    if !a.site.dashboard_audit {
        return None;
    }
    let services: Vec<&str> = a.services.keys().map(String::as_str).collect();
    let n = services.len() as u64;
    if n == 0 {
        return None;
    }
    let k = u64::try_from((week.monday() - EPOCH).get_days() / 7).unwrap_or(0);
    let (cycle, position) = (k / n, k % n);
    let order = cycle_order(services.len(), cycle);
    let at = usize::try_from(position).ok()?;
    services.get(*order.get(at)?).copied()
}

/// The order of cycle `cycle` over `n` services: a seeded shuffle whose first is never the last
/// of the cycle before.
fn cycle_order(n: usize, cycle: u64) -> Vec<usize> {
    let mut order = shuffled(n, cycle);
    if cycle > 0 && n > 1 {
        let before = shuffled(n, cycle - 1);
        if order.first() == before.last() {
            order.swap(0, 1);
        }
    }
    order
}

/// 0..n in a Fisher–Yates shuffle driven by splitmix64, seeded by the cycle.
fn shuffled(n: usize, cycle: u64) -> Vec<usize> {
    let mut state = cycle ^ 0x6f70_7362_6f6f_6b21; // "opsbook!"
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = usize::try_from(next() % (i as u64 + 1)).unwrap_or(0);
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive, archive_of, review};
    use crate::analyze::{action_raised_by, action_state, ActionState};

    #[test]
    fn every_service_is_audited_once_per_cycle_and_never_twice_in_a_row() {
        let files = [
            ("site.yaml", "title: T\norganisation: O\npeople:\n  ann: Ann\n  bob: Bob\n  cy: Cy\ndashboard_audit: true\n"),
            ("services/db.md", "---\nname: DB\nteam: ops\n---\n"),
            ("services/queue.md", "---\nname: Queue\nteam: ops\n---\n"),
        ];
        let a = archive(&files, None);
        let names: Vec<&str> = a.services.keys().map(String::as_str).collect();
        assert_eq!(names, ["api", "db", "queue", "web"]);
        // Cycles of four weeks from 2000-W01: 2025-W14 is week 1318 = cycle 329, position 2.
        let mut week: Week = "2000-W01".parse().unwrap();
        let mut picks = vec![];
        for _ in 0..4 * 60 {
            picks.push(audited_service(&a, week).unwrap());
            week = week.next();
        }
        for cycle in picks.chunks(4) {
            let mut sorted = cycle.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, names, "each cycle audits every service once");
        }
        assert!(picks.windows(2).all(|w| w[0] != w[1]), "{picks:?}");
        // Derived from the week alone: the same answer again, and not always the same order.
        let w14: Week = "2025-W14".parse().unwrap();
        assert_eq!(audited_service(&a, w14), audited_service(&a, w14));
        let orders: std::collections::BTreeSet<&[&str]> = picks.chunks(4).collect();
        assert!(orders.len() > 5, "{orders:?}");

        // Off by default.
        let quiet = archive(&[], None);
        assert_eq!(audited_service(&quiet, w14), None);
    }

    #[test]
    fn overdue_at_the_end_of_each_week_by_owner_agrees_with_the_state_on_that_day() {
        let items = "action_items:\n  - { id: A-1, title: x, owner: ann, due: 2025-03-12, status: open }\n  - { id: A-2, title: y, owner: ann, due: 2025-03-05, status: done, closed: 2025-03-19 }\n  - { id: A-3, title: z, owner: bob, due: 2025-03-04, status: dropped, closed: 2025-03-04 }\n  - { id: A-4, title: w, owner: bob, status: open }\n";
        let a = archive_of(
            &[
                review("2025-W10", items),
                review("2025-W11", ""),
                review("2025-W12", ""),
                review("2025-W13", ""),
            ],
            Some("2025-03-26"),
        );
        let weeks: Vec<Week> = a.reviews.iter().map(|r| r.front.week).collect();
        let got = overdue_at_week_ends(&a, &weeks);
        let ids = |m: &BTreeMap<String, Vec<usize>>| -> Vec<(String, Vec<String>)> {
            m.iter()
                .map(|(o, ns)| {
                    (
                        o.clone(),
                        ns.iter().map(|n| a.actions[*n].item.id.clone()).collect(),
                    )
                })
                .collect()
        };
        // W10 ends 9 March: A-2 (due 5 March) is overdue. W11 ends 16 March
        // first (due earlier). W12 ends 23 March: A-2 was closed on the 19th. W13: as of the
        // 26th, A-1 still.
        let ann = |v: &[&str]| vec![("ann".to_string(), v.iter().map(|s| s.to_string()).collect())];
        assert_eq!(ids(&got[0]), ann(&["A-2"]));
        assert_eq!(ids(&got[1]), ann(&["A-2", "A-1"]));
        assert_eq!(ids(&got[2]), ann(&["A-1"]));
        assert_eq!(ids(&got[3]), ann(&["A-1"]));
        // The same as asking each item's state on each week's end.
        for (w, listed) in weeks.iter().zip(&got) {
            let end = w.sunday().min(a.as_of);
            for (n, x) in a.actions.iter().enumerate() {
                let overdue =
                    action_raised_by(x, end) && action_state(x, end) == ActionState::Overdue;
                let found = listed.values().any(|ns| ns.contains(&n));
                assert_eq!(overdue, found, "{} at the end of {w}", x.item.id);
            }
        }
    }

    #[test]
    fn teams_with_a_flag_or_notes_speak_and_the_rest_are_quiet() {
        let quiet_week = "teams:\n  ops:\n    oncall: [bob]\n    health: 4\n  far:\n    oncall: [cy]\n    health: 4\n";
        let mut files: Vec<(String, String)> = ["2025-W10", "2025-W11", "2025-W12"]
            .iter()
            .map(|w| review(w, quiet_week))
            .collect();
        // W13: ops's health falls (a flag); far writes only a note for its presenter.
        files.push(review(
            "2025-W13",
            "teams:\n  ops:\n    oncall: [bob]\n    health: 1\n  far:\n    oncall: [cy]\n    health: 4\n    notes_for_presenter: Mention the freeze.\n",
        ));
        files.push(review("2025-W14", quiet_week));
        let a = archive_of(&files, None);
        let f = crate::analyze::analyze(&a);
        let w13 = &f.meetings[&"2025-W13".parse().unwrap()];
        assert_eq!(w13.speaking, ["far", "ops"]);
        assert!(w13.quiet.is_empty());
        let flags = f.unusual_in("2025-W13".parse().unwrap());
        let ops: Vec<&Unusual> = w13.team_flags["ops"].iter().map(|n| &flags[*n]).collect();
        assert!(
            ops.iter().any(|u| matches!(u, Unusual::HeavyWeek { .. }))
                && ops.iter().any(|u| matches!(u, Unusual::Below { .. })),
            "{ops:?}"
        );
        assert!(!w13.team_flags.contains_key("far"));
        let w14 = &f.meetings[&"2025-W14".parse().unwrap()];
        assert!(w14.speaking.is_empty());
        assert_eq!(w14.quiet, ["far", "ops"]);
    }

    #[test]
    fn a_new_alert_concerns_the_team_it_paged_and_a_budget_the_team_of_its_service() {
        let a = archive_of(
            &[review(
                "2025-W10",
                "teams:\n  far:\n    oncall: [cy]\n    pages:\n      - { at: 2025-03-04T03:00:00Z, alert: Odd, service: api }\n",
            )],
            None,
        );
        let r = &a.reviews[0];
        let new = Unusual::NewAlert {
            name: "Odd".into(),
            service: None,
            pages: 1,
        };
        assert_eq!(flag_team(&a, r, &new).as_deref(), Some("far"));
        let unpaged = Unusual::NewAlert {
            name: "Other".into(),
            service: Some("api".into()),
            pages: 1,
        };
        assert_eq!(flag_team(&a, r, &unpaged).as_deref(), Some("ops"));
        let budget = Unusual::BudgetExhausted {
            key: "web-latency/fast".into(),
            rolling_used: 1.5,
        };
        assert_eq!(flag_team(&a, r, &budget).as_deref(), Some("far"));
        let overdue = Unusual::Overdue {
            count: 1,
            new: vec![],
        };
        assert_eq!(flag_team(&a, r, &overdue), None);
    }
}
