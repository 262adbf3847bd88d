//! The facilitator's nudge list for the newest week: what to chase before the meeting.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{action_raised_by, action_state, ActionState};
use crate::load::records::TeamWeek;
use crate::resolve::Archive;
use crate::types::Week;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Nudges {
    pub week: Option<Week>,
    /// The week's record is still the draft `opsbook new week` wrote.
    pub draft: bool,
    /// Teams with no section in the week's record.
    pub missing_teams: Vec<String>,
    /// Teams whose section has nothing filled in (no health, tickets, SLOs, pages or notes).
    pub empty_teams: Vec<String>,
    /// Incidents that no review lists yet, whenever they started (by the nudge day), oldest
    /// first.
    pub unreviewed_incidents: Vec<String>,
    /// Incidents still investigating or mitigated more than a week after they started.
    pub lingering_incidents: Vec<String>,
    /// Owner → their overdue action items, on the as-of date.
    pub overdue: BTreeMap<String, Vec<String>>,
    /// SLO objectives the week's record reports no attainment for.
    pub slos_without_data: Vec<String>,
    /// Declared metrics (`team/key`) of the teams with a section that it reports no value for.
    pub metrics_without_data: Vec<String>,
}

impl Nudges {
    pub fn is_empty(&self) -> bool {
        !self.draft
            && self.missing_teams.is_empty()
            && self.empty_teams.is_empty()
            && self.unreviewed_incidents.is_empty()
            && self.lingering_incidents.is_empty()
            && self.overdue.is_empty()
            && self.slos_without_data.is_empty()
            && self.metrics_without_data.is_empty()
    }
}

/// Nothing the team fills in: `oncall` does not count, since `opsbook new week` writes it from
/// the rotation.
fn is_empty_section(tw: &TeamWeek) -> bool {
    tw.health.is_none()
        && tw.tickets.is_none()
        && tw.slos.is_empty()
        && tw.metrics.is_empty()
        && tw.pages.is_empty()
        && tw.pages_csv.is_none()
        && tw.notes.as_deref().is_none_or(|n| n.trim().is_empty())
}

/// The nudges for the newest review week (everything but overdue items is empty without one).
/// Overdue is counted on the as-of date; for a draft week, which is being prepared, on its Monday,
/// so that an item due later that week is not yet chased.
pub fn nudges(a: &Archive) -> Nudges {
    let mut n = Nudges::default();
    let day = match a.reviews.last() {
        Some(r) if r.front.draft => r.front.week.monday().min(a.as_of),
        _ => a.as_of,
    };
    for x in a.actions.iter().filter(|x| action_raised_by(x, day)) {
        if action_state(x, day) == ActionState::Overdue {
            n.overdue
                .entry(x.item.owner.clone())
                .or_default()
                .push(x.item.id.clone());
        }
    }
    let Some(review) = a.reviews.last() else {
        return n;
    };
    let week = review.front.week;
    n.week = Some(week);
    n.draft = review.front.draft;
    for id in a.teams.keys() {
        match review.front.teams.get(id) {
            None => n.missing_teams.push(id.clone()),
            Some(tw) if is_empty_section(tw) => n.empty_teams.push(id.clone()),
            Some(_) => {}
        }
    }
    let reviewed: std::collections::BTreeSet<&str> = a
        .reviews
        .iter()
        .flat_map(|r| r.front.incidents.iter().map(String::as_str))
        .collect();
    let tz = a.site.time_zone.tz.clone();
    let started_on = |i: &crate::resolve::Incident| i.front.started.to_zoned(tz.clone()).date();
    let in_scope: Vec<&crate::resolve::Incident> = a
        .incidents
        .iter()
        .map(std::sync::Arc::as_ref)
        .filter(|i| started_on(i) <= week.sunday().max(day))
        .collect();
    n.unreviewed_incidents = in_scope
        .iter()
        .filter(|i| !reviewed.contains(i.front.id.as_str()))
        .map(|i| i.front.id.clone())
        .collect();
    n.lingering_incidents = in_scope
        .iter()
        .filter(|i| {
            let week_later = started_on(i).checked_add(jiff::Span::new().days(7));
            i.front.status.is_open() && week_later.is_ok_and(|d| d < day)
        })
        .map(|i| i.front.id.clone())
        .collect();
    n.slos_without_data = a
        .slos
        .values()
        .flat_map(|s| s.objectives.iter().map(|o| o.key.clone()))
        .filter(|key| {
            !review
                .front
                .teams
                .values()
                .any(|tw| tw.slos.contains_key(key))
        })
        .collect();
    n.metrics_without_data = review
        .front
        .teams
        .iter()
        .flat_map(|(team, tw)| {
            a.team_metrics(team)
                .into_iter()
                .filter(|(key, _, _)| !tw.metrics.contains_key(key))
                .map(move |(key, _, _)| format!("{team}/{key}"))
        })
        .collect();
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};

    #[test]
    fn what_the_facilitator_chases_before_the_meeting() {
        let files = [
            review(
                "2025-W14",
                "action_items:\n  - { id: AI-1, title: t, owner: ann, due: 2025-04-05, status: open }\n  - { id: AI-2, title: t, owner: ann, due: 2025-04-09, status: open }\n",
            ),
            review(
                "2025-W15",
                "draft: true\nincidents: [INC-2025-001]\nteams:\n  ops:\n    oncall: []\n    slos:\n      api-availability: 99.95\n      web-latency/fast:\n",
            ),
            (
                "incidents/2025/INC-2025-001.md".into(),
                "---\nid: INC-2025-001\ntitle: t\nseverity: major\nstatus: resolved\nstarted: 2025-04-08T10:00:00Z\nresolved: 2025-04-08T11:00:00Z\nteams: [ops]\n---\n".into(),
            ),
            (
                "incidents/2025/INC-2025-002.md".into(),
                "---\nid: INC-2025-002\ntitle: t\nseverity: standard\nstatus: resolved\nstarted: 2025-04-09T10:00:00Z\nresolved: 2025-04-09T11:00:00Z\nteams: [ops]\n---\n".into(),
            ),
        ];
        let a = archive_of(&files, None);
        let n = nudges(&a);
        assert_eq!(n.week, Some("2025-W15".parse().unwrap()));
        assert!(n.draft);
        assert_eq!(n.missing_teams, ["far"]);
        // ops has a section with an SLO figure: not empty. An empty slot is no data.
        assert!(n.empty_teams.is_empty());
        assert_eq!(n.unreviewed_incidents, ["INC-2025-002"]);
        // W15 is a draft: counted on its Monday, 7 April. AI-1 was due on the 5th; AI-2 is due on
        // Wednesday the 9th, later in the week being prepared.
        assert_eq!(
            n.overdue,
            BTreeMap::from([("ann".to_string(), vec!["AI-1".to_string()])])
        );
        assert_eq!(n.slos_without_data, ["web-latency/fast", "web-latency/p99"]);
        assert!(n.metrics_without_data.is_empty());
        assert!(!n.is_empty());
    }

    #[test]
    fn a_declared_metric_without_a_value_is_a_nudge_for_a_team_that_reported() {
        let ops = "---\nname: Ops\nmembers: [ann, bob]\nmetrics:\n  traffic: {unit: requests/s, good: higher}\n  bugs: {unit: bugs, good: lower}\n---\n";
        let files = [
            ("teams/ops.md".to_string(), ops.to_string()),
            // traffic reported, bugs an empty slot; far has no section (a missing team).
            review(
                "2025-W15",
                "teams:\n  ops:\n    metrics:\n      traffic: 1200\n      bugs:\n",
            ),
        ];
        let n = nudges(&archive_of(&files, None));
        assert_eq!(n.metrics_without_data, ["ops/bugs"]);
        // A section that reports only a metric is not empty.
        assert!(n.empty_teams.is_empty());
        assert_eq!(n.missing_teams, ["far"]);
    }

    #[test]
    fn an_empty_section_is_a_nudge() {
        let a = archive_of(
            &[review(
                "2025-W15",
                "teams:\n  ops:\n    oncall: []\n    notes: \"  \"\n  far:\n    health: 4\n",
            )],
            None,
        );
        let n = nudges(&a);
        assert_eq!(n.empty_teams, ["ops"]);
        assert!(n.missing_teams.is_empty());
    }

    #[test]
    fn every_unreviewed_incident_and_every_one_left_open_for_a_week_is_chased() {
        let incident = |id: &str, started: &str, status: &str| {
            (
                format!("incidents/2025/{id}.md"),
                format!("---\nid: {id}\ntitle: t\nseverity: standard\nstatus: {status}\nstarted: {started}\nteams: [ops]\n---\n"),
            )
        };
        let files = [
            review("2025-W10", "teams:\n  ops:\n    health: 4\n"),
            review(
                "2025-W14",
                "incidents: [INC-2025-002]\nteams:\n  ops:\n    health: 4\n",
            ),
            // Started in W10, never listed by a review; still investigating five weeks on.
            incident("INC-2025-001", "2025-03-04T10:00:00Z", "investigating"),
            // Reviewed in W14, mitigated for more than a week (as of Sunday 6 April).
            incident("INC-2025-002", "2025-03-27T10:00:00Z", "mitigated"),
            // Open, but started this week: not yet a week.
            incident("INC-2025-003", "2025-04-02T10:00:00Z", "investigating"),
        ];
        let a = archive_of(&files, None);
        let n = nudges(&a);
        assert_eq!(n.unreviewed_incidents, ["INC-2025-001", "INC-2025-003"]);
        assert_eq!(n.lingering_incidents, ["INC-2025-001", "INC-2025-002"]);
    }
}
