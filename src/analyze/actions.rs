//! Action items: state on the as-of date, age, and the backlog over time (docs/metrics.md).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::{Month, Quarter};
use crate::load::records::ActionStatus;
use crate::resolve::{Action, Archive, Origin};

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

/// The action items raised by the as-of date.
pub fn in_scope(a: &Archive) -> impl Iterator<Item = &Action> {
    a.actions.iter().filter(|x| action_raised_by(x, a.as_of))
}

/// Items in each state, and the oldest unfinished one's age.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub open: u32,
    pub overdue: u32,
    pub done: u32,
    pub dropped: u32,
    pub oldest_open_days: Option<i64>,
}

impl Tally {
    fn count(&mut self, state: ActionState, age: i64) {
        match state {
            ActionState::Open => self.open += 1,
            ActionState::Overdue => self.overdue += 1,
            ActionState::Done => self.done += 1,
            ActionState::Dropped => self.dropped += 1,
        }
        if matches!(state, ActionState::Open | ActionState::Overdue) {
            self.oldest_open_days = Some(self.oldest_open_days.map_or(age, |o| o.max(age)));
        }
    }

    pub fn total(&self) -> u32 {
        self.open + self.overdue + self.done + self.dropped
    }
}

/// Tallies by a key of each item (its owner, its team, its source).
pub fn tally_by(a: &Archive, key: impl Fn(&Action) -> Option<String>) -> BTreeMap<String, Tally> {
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for x in in_scope(a) {
        let Some(k) = key(x) else { continue };
        out.entry(k)
            .or_default()
            .count(action_state(x, a.as_of), action_age_days(x, a.as_of));
    }
    out
}

pub fn source_kind(x: &Action) -> Option<String> {
    Some(match x.origin {
        Origin::Review(_) => "weekly review".to_string(),
        Origin::Incident(_) => "incident".to_string(),
    })
}

/// Items raised and closed in a month, and the unfinished backlog at its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthFlow {
    pub month: Month,
    pub created: u32,
    /// Done or dropped, by the closing date.
    pub closed: u32,
    pub backlog: u32,
}

/// Created vs closed for every month from the first item's to the as-of date's: is the backlog
/// growing?
pub fn monthly_flow(a: &Archive) -> Vec<MonthFlow> {
    let Some(first) = in_scope(a).map(|x| Month::of(x.created)).min() else {
        return vec![];
    };
    let months = Month::through(first, Month::of(a.as_of));
    let mut created: BTreeMap<Month, u32> = BTreeMap::new();
    let mut closed: BTreeMap<Month, u32> = BTreeMap::new();
    for x in in_scope(a) {
        *created.entry(Month::of(x.created)).or_default() += 1;
        if let Some(day) = closed_on(x, a.as_of) {
            *closed.entry(Month::of(day)).or_default() += 1;
        }
    }
    let mut backlog: i64 = 0;
    months
        .into_iter()
        .map(|m| {
            let (c, d) = (
                created.get(&m).copied().unwrap_or(0),
                closed.get(&m).copied().unwrap_or(0),
            );
            backlog += i64::from(c) - i64::from(d);
            MonthFlow {
                month: m,
                created: c,
                closed: d,
                backlog: backlog.max(0) as u32,
            }
        })
        .collect()
}

/// The day an item was closed, if it was by the as-of date.
fn closed_on(x: &Action, as_of: Date) -> Option<Date> {
    match action_state(x, as_of) {
        // Done and dropped items always have a closing date (the load stage refuses them
        // without one); one without it would not count as closed.
        ActionState::Done | ActionState::Dropped => x.item.closed,
        _ => None,
    }
}

/// Follow-through of the items raised in a quarter, as of the as-of date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FollowThrough {
    pub raised: u32,
    pub done: u32,
    /// Done on or before the due date (or done, with no due date).
    pub done_on_time: u32,
    pub dropped: u32,
    pub unfinished: u32,
    /// Of the unfinished, those not yet due on the as-of date (open, not overdue): the done
    /// share of a quarter with many of them is not final.
    pub not_yet_due: u32,
}

impl FollowThrough {
    /// Done / (raised − dropped): the share of the items the team kept that got done.
    pub fn done_share(&self) -> Option<f64> {
        let kept = self.raised - self.dropped;
        (kept > 0).then(|| self.done as f64 / kept as f64)
    }
}

pub fn follow_through(a: &Archive, quarters: &[Quarter]) -> Vec<FollowThrough> {
    let mut by_quarter: BTreeMap<Quarter, FollowThrough> = BTreeMap::new();
    for x in in_scope(a) {
        let f = by_quarter.entry(Quarter::of(x.created)).or_default();
        f.raised += 1;
        match action_state(x, a.as_of) {
            ActionState::Done => {
                f.done += 1;
                let on_time = match (x.item.due, x.item.closed) {
                    (Some(due), Some(closed)) => closed <= due,
                    (Some(_), None) => false,
                    (None, _) => true,
                };
                f.done_on_time += u32::from(on_time);
            }
            ActionState::Dropped => f.dropped += 1,
            ActionState::Open => {
                f.unfinished += 1;
                f.not_yet_due += 1;
            }
            ActionState::Overdue => f.unfinished += 1,
        }
    }
    quarters
        .iter()
        .map(|q| by_quarter.remove(q).unwrap_or_default())
        .collect()
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

    fn item(
        id: &str,
        owner: &str,
        due: Option<&str>,
        status: &str,
        closed: Option<&str>,
    ) -> String {
        let due = due.map(|d| format!(", due: {d}")).unwrap_or_default();
        let closed = closed.map(|d| format!(", closed: {d}")).unwrap_or_default();
        format!("  - {{ id: {id}, title: t, owner: {owner}, status: {status}{due}{closed} }}\n")
    }

    fn archive() -> Archive {
        use crate::analyze::testing::{archive_of, review};
        // Raised on the Mondays of W10 (2025-03-03) and W14 (2025-03-31); as of 2025-05-10.
        let w10 = [
            item(
                "AI-1",
                "bob",
                Some("2025-03-20"),
                "done",
                Some("2025-03-15"),
            ), // closed before due
            item(
                "AI-2",
                "bob",
                Some("2025-03-20"),
                "done",
                Some("2025-04-02"),
            ), // late
            item("AI-3", "ann", Some("2025-04-01"), "open", None), // overdue
            item("AI-4", "ann", None, "dropped", Some("2025-03-05")),
        ]
        .concat();
        let w14 = [
            item("AI-5", "ann", Some("2025-06-01"), "open", None),
            item("AI-6", "cy", None, "done", Some("2025-05-20")), // closed after the as-of date
        ]
        .concat();
        archive_of(
            &[
                review("2025-W10", &format!("action_items:\n{w10}")),
                review("2025-W14", &format!("action_items:\n{w14}")),
            ],
            Some("2025-05-10"),
        )
    }

    #[test]
    fn tallies_by_owner_with_the_oldest_unfinished_age() {
        let a = archive();
        let by_owner = tally_by(&a, |x| Some(x.item.owner.clone()));
        assert_eq!(
            by_owner["bob"],
            Tally {
                done: 2,
                ..Tally::default()
            }
        );
        // AI-3 raised 2025-03-03: 68 days to 2025-05-10; AI-5 raised 2025-03-31: 40 days.
        assert_eq!(
            by_owner["ann"],
            Tally {
                open: 1,
                overdue: 1,
                dropped: 1,
                oldest_open_days: Some(68),
                ..Tally::default()
            }
        );
        assert_eq!(
            by_owner["cy"],
            Tally {
                open: 1,
                oldest_open_days: Some(40),
                ..Tally::default()
            }
        );
        assert_eq!(tally_by(&a, source_kind)["weekly review"].total(), 6);
    }

    #[test]
    fn created_vs_closed_per_month_and_the_backlog() {
        let flow = monthly_flow(&archive());
        let rows: Vec<(String, u32, u32, u32)> = flow
            .iter()
            .map(|f| (f.month.to_string(), f.created, f.closed, f.backlog))
            .collect();
        // March: 6 raised (AI-1..4 on 03-03, AI-5 and AI-6 on 03-31), AI-1 and AI-4 closed.
        // April: AI-2 closed. AI-6 closed after the as-of date: still in the backlog.
        assert_eq!(
            rows,
            [
                ("2025-03".into(), 6, 2, 4),
                ("2025-04".into(), 0, 1, 3),
                ("2025-05".into(), 0, 0, 3)
            ]
        );
    }

    #[test]
    fn follow_through_counts_done_on_time() {
        let a = archive();
        let f = &follow_through(
            &a,
            &[Quarter {
                year: 2025,
                quarter: 1,
            }],
        )[0];
        assert_eq!(
            f,
            &FollowThrough {
                raised: 6,
                done: 2,
                done_on_time: 1,
                dropped: 1,
                unfinished: 3,
                // AI-5 is due in June and AI-6 has no due date (it is closed only after the
                // as-of date): neither is overdue yet. AI-3 is.
                not_yet_due: 2,
            }
        );
        assert_eq!(f.done_share(), Some(0.4));
    }
}
