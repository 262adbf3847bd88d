//! Stage 3, **analyze**: plain functions over the resolved archive. Figures are defined in
//! `docs/metrics.md`; each function here is unit-tested on small hand-made inputs.

pub mod oncall;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

use crate::load::records::{ActionStatus, IncidentFront};
use crate::resolve::Action;

/// An action item's state on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionState {
    Overdue,
    Open,
    Done,
    Dropped,
}

impl ActionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Overdue => "overdue",
            ActionState::Open => "open",
            ActionState::Done => "done",
            ActionState::Dropped => "dropped",
        }
    }
}

/// Overdue: open and due before the as-of date. An item closed after the as-of date was still
/// open on it, so that building "as of" an earlier day shows that day's backlog.
pub fn action_state(action: &Action, as_of: Date) -> ActionState {
    let item = &action.item;
    let closed_by_then = item.closed.is_some_and(|c| c <= as_of);
    match item.status {
        ActionStatus::Done if closed_by_then => ActionState::Done,
        ActionStatus::Dropped if closed_by_then => ActionState::Dropped,
        _ if item.due.is_some_and(|due| due < as_of) => ActionState::Overdue,
        _ => ActionState::Open,
    }
}

/// Whether the item existed on the as-of date: a build "as of" an earlier day does not list
/// items raised later.
pub fn action_raised_by(action: &Action, as_of: Date) -> bool {
    action.created <= as_of
}

/// Days from the record that created the item to the as-of date (or to its closing).
pub fn action_age_days(action: &Action, as_of: Date) -> i64 {
    let end = match action_state(action, as_of) {
        ActionState::Done | ActionState::Dropped => action.item.closed.unwrap_or(as_of),
        _ => as_of,
    };
    (end - action.created).get_days().into()
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::records::ActionItem;
    use crate::resolve::Origin;

    fn action(status: ActionStatus, due: Option<&str>, closed: Option<&str>) -> Action {
        Action {
            item: ActionItem {
                id: "AI-1".into(),
                title: "t".into(),
                owner: "bob".into(),
                team: None,
                due: due.map(|d| d.parse().unwrap()),
                status,
                closed: closed.map(|d| d.parse().unwrap()),
                refs: vec![],
                notes: None,
            },
            origin: Origin::Review("2025-W14".parse().unwrap()),
            created: "2025-03-31".parse().unwrap(),
            team: None,
            refs: vec![],
        }
    }

    #[test]
    fn overdue_means_open_and_due_before_the_as_of_date() {
        let as_of: Date = "2025-04-20".parse().unwrap();
        assert_eq!(
            action_state(&action(ActionStatus::Open, Some("2025-04-19"), None), as_of),
            ActionState::Overdue
        );
        // Due on the as-of date itself is not yet overdue.
        assert_eq!(
            action_state(&action(ActionStatus::Open, Some("2025-04-20"), None), as_of),
            ActionState::Open
        );
        assert_eq!(
            action_state(&action(ActionStatus::Open, None, None), as_of),
            ActionState::Open
        );
    }

    #[test]
    fn an_item_closed_before_it_was_due_is_done_not_overdue() {
        let as_of: Date = "2025-05-01".parse().unwrap();
        let a = action(ActionStatus::Done, Some("2025-04-15"), Some("2025-04-10"));
        assert_eq!(action_state(&a, as_of), ActionState::Done);
        assert_eq!(
            action_age_days(&a, as_of),
            10,
            "created 2025-03-31, closed 2025-04-10"
        );
    }

    #[test]
    fn an_item_closed_after_the_as_of_date_was_still_open_then() {
        let a = action(ActionStatus::Done, Some("2025-04-15"), Some("2025-04-30"));
        assert_eq!(
            action_state(&a, "2025-04-20".parse().unwrap()),
            ActionState::Overdue
        );
        assert_eq!(action_age_days(&a, "2025-04-20".parse().unwrap()), 20);
    }

    #[test]
    fn an_item_raised_after_the_as_of_date_did_not_exist_then() {
        let a = action(ActionStatus::Open, None, None);
        assert!(action_raised_by(&a, "2025-03-31".parse().unwrap()));
        assert!(!action_raised_by(&a, "2025-03-30".parse().unwrap()));
    }

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
}
