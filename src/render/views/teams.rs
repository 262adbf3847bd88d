//! `teams.html` (every team) and `team.html` (one team: members and rotation, services and
//! SLOs, its last 12 weeks, incidents, open action items, on-call load).

use serde::Serialize;

use super::actions::ActionRow;
use super::charts::Charts;
use super::common::{Md, Person, RefLink};
use super::incidents::IncidentSummary;
use super::oncall::{self, OncallSection};
use super::reviews::TeamWeekFigures;
use super::View;
use crate::analyze::{ActionState, Analysis};
use crate::resolve::{Archive, Ref};
use crate::types::Week;

/// `teams.html`: `teams: [{name, address, description, members, services, oncall,
/// time_zone}]`, with the number of members and services and who is on call this week.
#[derive(Serialize)]
pub(crate) struct TeamsPage {
    teams: Vec<TeamRow>,
}

#[derive(Serialize)]
struct TeamRow {
    name: String,
    address: String,
    description: Option<String>,
    members: usize,
    services: usize,
    oncall: Option<Person>,
    time_zone: String,
}

fn time_zone(a: &Archive, team: &crate::resolve::Team) -> String {
    team.front
        .time_zone
        .as_ref()
        .map_or(&a.site.time_zone.name, |z| &z.name)
        .clone()
}

pub fn index(a: &Archive, f: &Analysis) -> View<TeamsPage> {
    let teams = a
        .teams
        .iter()
        .map(|(id, t)| TeamRow {
            name: t.front.name.clone(),
            address: Ref::Team(id.clone()).address(),
            description: t.front.description.clone(),
            members: t.front.members.len(),
            services: f.index.services_by_team.get(id).map_or(0, Vec::len),
            oncall: t
                .front
                .oncall_rotation
                .as_ref()
                .and_then(|r| r.person_for(Week::containing(a.as_of)))
                .map(|p| Person::of(a, p)),
            time_zone: time_zone(a, t),
        })
        .collect();
    View::new("teams/", "teams.html", "Teams", TeamsPage { teams })
}

/// `team.html`.
#[derive(Serialize)]
pub(crate) struct TeamPage {
    /// `{id, name, description, time_zone}`.
    team: TeamFacts,
    members: Vec<Person>,
    /// `{start_week, people, current, next}`, when the team has a rotation: the period in
    /// force this week (its start and people), this week's and next week's on-call.
    rotation: Option<Rotation>,
    services: Vec<RefLink>,
    slos: Vec<RefLink>,
    runbooks: Vec<RefLink>,
    /// Its last 12 weeks with a section, newest first: the week's figures with `week` and
    /// `address`.
    weeks: Vec<TeamWeekRow>,
    incidents: Vec<IncidentSummary>,
    /// Its open and overdue action items.
    actions: Vec<ActionRow>,
    /// The record's Markdown body, as HTML.
    body: String,
    /// The on-call section (as on `oncall.html`, for this team).
    oncall: OncallSection,
    /// The metrics its sections report, its own then its services':
    /// `[{id, key, name, unit, good, target, bounds, query, latest, chart}]`.
    metrics: Vec<super::metrics::MetricPanel>,
}

#[derive(Serialize)]
struct TeamFacts {
    id: String,
    name: String,
    description: Option<String>,
    time_zone: String,
}

#[derive(Serialize)]
struct Rotation {
    start_week: String,
    people: Vec<Person>,
    current: Option<Person>,
    next: Option<Person>,
}

#[derive(Serialize)]
struct TeamWeekRow {
    #[serde(flatten)]
    figures: TeamWeekFigures,
    week: String,
    address: String,
}

pub fn page(a: &Archive, f: &Analysis, id: &str) -> View<TeamPage> {
    let t = &a.teams[id];
    let me = Ref::Team(id.to_string());
    let address = me.address();
    let md = Md::new(a, &address);
    let this_week = Week::containing(a.as_of);
    // The period in force this week (or the first, before the rotation starts).
    let rotation = t.front.oncall_rotation.as_ref().and_then(|r| {
        let period = r.period_for(this_week).or(r.periods.first())?;
        Some(Rotation {
            start_week: period.start_week.to_string(),
            people: period.people.iter().map(|p| Person::of(a, p)).collect(),
            current: r.person_for(this_week).map(|p| Person::of(a, p)),
            next: r.person_for(this_week.next()).map(|p| Person::of(a, p)),
        })
    });
    let services: &[String] = f.index.services_by_team.get(id).map_or(&[], Vec::as_slice);
    let slos = services
        .iter()
        .flat_map(|s| f.index.slos_by_service.get(s).into_iter().flatten())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|name| RefLink::to(a, &Ref::Slo(name.clone())))
        .collect();
    let weeks = a
        .reviews
        .iter()
        .rev()
        .filter_map(|r| r.front.teams.get(id).map(|tw| (r, tw)))
        .take(12)
        .map(|(r, tw)| TeamWeekRow {
            figures: TeamWeekFigures::of(a, f, r.front.week, id, tw),
            week: r.front.week.to_string(),
            address: Ref::Review(r.front.week).address(),
        })
        .collect();
    let incidents = IncidentSummary::list(
        a,
        f,
        f.index
            .incidents_by_team
            .get(id)
            .into_iter()
            .flatten()
            .rev()
            .copied(),
        &md,
    );
    let actions = f.actions_in_scope(a).filter(|(x, s)| {
        x.team.as_deref() == Some(id) && matches!(s, ActionState::Open | ActionState::Overdue)
    });
    let mut charts = Charts::new(&address);
    let metrics = super::metrics::panels(f, f.metrics.iter().filter(|m| m.team == id), &mut charts);
    let view = TeamPage {
        metrics,
        team: TeamFacts {
            id: id.to_string(),
            name: t.front.name.clone(),
            description: t.front.description.clone(),
            time_zone: time_zone(a, t),
        },
        members: t.front.members.iter().map(|m| Person::of(a, m)).collect(),
        rotation,
        services: services.iter().map(|s| RefLink::service(a, s)).collect(),
        slos,
        runbooks: f
            .index
            .runbooks_by_owner
            .get(id)
            .into_iter()
            .flatten()
            .map(|r| RefLink::to(a, &Ref::Runbook(r.clone())))
            .collect(),
        weeks,
        incidents,
        actions: ActionRow::list(a, f, actions, &md),
        body: md.block(&t.body),
        oncall: oncall::section(a, f, Some(id), &mut charts),
    };
    let description = view.team.description.clone();
    View::new(address, "team.html", t.front.name.clone(), view)
        .crumb("Teams", "teams/")
        .record(me)
        .described(description.as_deref())
        .files(charts.files)
}
