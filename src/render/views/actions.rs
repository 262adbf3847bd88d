//! `actions.html`: every action item by state, with the follow-through figures; and the row
//! every list of action items shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charts::{bars, chart, line, Charts, Embedded};
use super::common::{fmt_date, Md, Person, RefLink};
use super::View;
use crate::analyze::actions::Tally;
use crate::analyze::{action_age_days, ActionState, Analysis};
use crate::resolve::{Action, Archive};

/// An action item in a list.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ActionRow {
    pub id: String,
    /// As HTML.
    pub title: String,
    pub owner: Person,
    pub team: Option<RefLink>,
    pub due: Option<String>,
    pub closed: Option<String>,
    /// `open`, `overdue`, `done` or `dropped`, on the as-of date.
    pub state: &'static str,
    /// The review or incident that raised it.
    pub origin: RefLink,
    pub created: String,
    pub age_days: i64,
    pub refs: Vec<RefLink>,
    /// As HTML.
    pub notes: Option<String>,
}

impl ActionRow {
    pub fn of(a: &Archive, x: &Action, state: ActionState, md: &Md) -> ActionRow {
        let item = &x.item;
        ActionRow {
            id: item.id.clone(),
            title: md.inline(&item.title),
            owner: Person::of(a, &item.owner),
            team: x.team.as_deref().map(|t| RefLink::team(a, t)),
            due: item.due.map(fmt_date),
            closed: item.closed.map(fmt_date),
            state: state.as_str(),
            origin: RefLink::to(a, &x.origin.as_ref()),
            created: fmt_date(x.created),
            age_days: action_age_days(x, a.as_of),
            refs: x.refs.iter().map(|r| RefLink::to(a, r)).collect(),
            notes: item.notes.as_deref().map(|n| md.inline(n)),
        }
    }

    pub fn list<'a>(
        a: &'a Archive,
        _f: &Analysis,
        items: impl Iterator<Item = (&'a Action, ActionState)>,
        md: &Md,
    ) -> Vec<ActionRow> {
        items.map(|(x, s)| ActionRow::of(a, x, s, md)).collect()
    }
}

/// `actions.html`.
#[derive(Serialize)]
pub(crate) struct ActionsPage {
    overdue: Vec<ActionRow>,
    open: Vec<ActionRow>,
    /// Done or dropped, most recently closed first.
    closed: Vec<ActionRow>,
    as_of: String,
    figures: ActionFigures,
}

/// The follow-through figures: `flow` (created vs closed per month, a chart), and tallies
/// `by_owner`, `by_team`, `by_source`: `[{who: {title, address?}, open, overdue, done, dropped,
/// total, oldest}]`.
#[derive(Serialize)]
pub(crate) struct ActionFigures {
    flow: Option<Embedded>,
    by_owner: Vec<TallyRow>,
    by_team: Vec<TallyRow>,
    by_source: Vec<TallyRow>,
}

#[derive(Serialize)]
struct TallyRow {
    who: Who,
    open: u32,
    overdue: u32,
    done: u32,
    dropped: u32,
    total: u32,
    oldest: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Who {
    Named { title: String },
    Team(RefLink),
}

fn tally_rows(tallies: &BTreeMap<String, Tally>, who: impl Fn(&str) -> Who) -> Vec<TallyRow> {
    tallies
        .iter()
        .map(|(k, t)| TallyRow {
            who: who(k),
            open: t.open,
            overdue: t.overdue,
            done: t.done,
            dropped: t.dropped,
            total: t.total(),
            oldest: t.oldest_open_days.map(|d| format!("{d} d")),
        })
        .collect()
}

fn figures(a: &Archive, f: &Analysis, charts: &mut Charts) -> ActionFigures {
    let flow = &f.actions.flow;
    let chart_value = f.actions.backlog_change().map(|(now, before)| {
        let mut c = chart(
            "created-vs-closed",
            "Action items created and closed per month",
            "month",
            "action items",
            flow.iter().map(|m| super::trends::month_label(a, f, m.month)).collect(),
        );
        c.series = vec![
            bars("created", flow.iter().map(|m| Some(f64::from(m.created))).collect()),
            bars("closed", flow.iter().map(|m| Some(f64::from(m.closed))).collect()),
            line(
                "unfinished at month end",
                flow.iter().map(|m| Some(f64::from(m.backlog))).collect(),
            ),
        ];
        let trend = match before {
            Some(before) if now > before => {
                format!("growing: {now} unfinished now, {before} three months earlier")
            }
            Some(before) if now < before => {
                format!("shrinking: {now} unfinished now, {before} three months earlier")
            }
            _ => format!("{now} unfinished now"),
        };
        c.description = format!("Action items raised and closed (done or dropped) each month; the line is the unfinished backlog. The backlog is {trend}.");
        charts.chart(&c)
    });
    let named = |title: String| Who::Named { title };
    ActionFigures {
        flow: chart_value,
        by_owner: tally_rows(&f.actions.by_owner, |k| named(a.person_name(k).to_string())),
        by_team: tally_rows(&f.actions.by_team, |k| Who::Team(RefLink::team(a, k))),
        by_source: tally_rows(&f.actions.by_source, |k| named(k.to_string())),
    }
}

pub fn page(a: &Archive, f: &Analysis) -> View<ActionsPage> {
    let address = "actions/";
    let md = Md::new(a, address);
    let with = |wanted: &[ActionState]| -> Vec<(&Action, ActionState)> {
        f.actions_in_scope(a)
            .filter(|(_, s)| wanted.contains(s))
            .collect()
    };
    let rows = |items: Vec<(&Action, ActionState)>| ActionRow::list(a, f, items.into_iter(), &md);
    let mut closed = with(&[ActionState::Done, ActionState::Dropped]);
    closed.sort_by(|(x, _), (y, _)| (y.item.closed, &y.item.id).cmp(&(x.item.closed, &x.item.id)));
    let mut charts = Charts::new(address);
    let view = ActionsPage {
        overdue: rows(with(&[ActionState::Overdue])),
        open: rows(with(&[ActionState::Open])),
        closed: rows(closed),
        as_of: fmt_date(a.as_of),
        figures: figures(a, f, &mut charts),
    };
    View::new(address, "actions.html", "Action items", view).files(charts.files)
}
