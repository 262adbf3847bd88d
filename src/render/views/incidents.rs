//! `incidents.html` (the index) and `incident.html` (one incident), and the incident summary
//! every list of incidents shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::actions::ActionRow;
use super::charts::{Charts, Embedded};
use super::common::{
    fmt_date, fmt_time, tag_links, Durations, Link, Md, Person, RefLink, Severity, TagLink,
};
use super::{trends, View};
use crate::analyze::Analysis;
use crate::load::records::{Detection, IncidentStatus};
use crate::resolve::{Archive, Incident, Origin, Ref};

/// An incident in a list (home, reviews, teams, services, related incidents).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct IncidentSummary {
    pub id: String,
    pub title: String,
    /// Its permanent address, `incidents/INC-2025-014/`.
    pub address: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    /// Investigating or mitigated.
    pub open: bool,
    /// When it started, in the site's time zone.
    pub started: String,
    pub started_date: String,
    /// The ISO week it started in.
    pub week: String,
    pub teams: Vec<RefLink>,
    pub services: Vec<RefLink>,
    /// Time to detect, acknowledge, mitigate and resolve, where known.
    pub durations: Durations,
    /// The impact and proximate causes, as HTML.
    pub impact: Option<String>,
    pub proximate_causes: Vec<String>,
    pub postmortem: Option<String>,
    pub action_count: usize,
}

impl IncidentSummary {
    /// The summary of incident `n` (its index in the archive, and in every analysis series).
    pub fn of(a: &Archive, f: &Analysis, n: usize, md: &Md) -> IncidentSummary {
        let fr = &a.incidents[n].front;
        let known = &f.incidents.known[n];
        let tz = &a.site.time_zone.tz;
        IncidentSummary {
            id: fr.id.clone(),
            title: fr.title.clone(),
            address: Ref::Incident(fr.id.clone()).address(),
            severity: Severity::of(a, &fr.severity),
            status: known.status,
            open: known.status.is_open(),
            started: fmt_time(fr.started, tz),
            started_date: fmt_date(fr.started.to_zoned(tz.clone()).date()),
            week: f.index.incident_week[n].to_string(),
            teams: fr.teams.iter().map(|t| RefLink::team(a, t)).collect(),
            services: fr.services.iter().map(|s| RefLink::service(a, s)).collect(),
            durations: Durations::of(&known.durations),
            impact: fr.impact.as_deref().map(|t| md.inline(t)),
            proximate_causes: fr.proximate_causes.iter().map(|c| md.inline(c)).collect(),
            postmortem: fr.postmortem.clone(),
            action_count: fr.action_items.len(),
        }
    }

    /// Summaries of the incidents at these indexes, in that order.
    pub fn list(
        a: &Archive,
        f: &Analysis,
        ns: impl IntoIterator<Item = usize>,
        md: &Md,
    ) -> Vec<IncidentSummary> {
        ns.into_iter().map(|n| Self::of(a, f, n, md)).collect()
    }
}

/// `incidents.html`.
#[derive(Serialize)]
pub(crate) struct IncidentsPage {
    /// `[{year, incidents: [incident summary]}]`, newest first.
    years: Vec<YearOfIncidents>,
    /// The site's scale: `[{id, description, colour, count}]`.
    severities: Vec<SeverityCount>,
    count: usize,
    /// Incidents per month by severity (a chart), if there are any.
    by_month: Option<Embedded>,
}

#[derive(Serialize)]
struct YearOfIncidents {
    year: i16,
    incidents: Vec<IncidentSummary>,
}

#[derive(Serialize)]
struct SeverityCount {
    id: String,
    description: Option<String>,
    colour: Option<String>,
    count: usize,
}

pub fn index(a: &Archive, f: &Analysis) -> View<IncidentsPage> {
    let address = "incidents/";
    let md = Md::new(a, address);
    let mut charts = Charts::new(address);
    let by_month = trends::incidents_by_month(a, f, &mut charts);
    let mut years: BTreeMap<i16, Vec<IncidentSummary>> = BTreeMap::new();
    for n in (0..a.incidents.len()).rev() {
        let summary = IncidentSummary::of(a, f, n, &md);
        let year = a.incidents[n]
            .front
            .started
            .to_zoned(a.site.time_zone.tz.clone())
            .year();
        years.entry(year).or_default().push(summary);
    }
    let view = IncidentsPage {
        years: years
            .into_iter()
            .rev()
            .map(|(year, incidents)| YearOfIncidents { year, incidents })
            .collect(),
        severities: a
            .site
            .severities
            .iter()
            .map(|s| SeverityCount {
                id: s.id.clone(),
                description: s.description.clone(),
                colour: s.colour.clone(),
                count: f.incidents.by_severity.get(&s.id).copied().unwrap_or(0),
            })
            .collect(),
        count: a.incidents.len(),
        by_month,
    };
    View::new(address, "incidents.html", "Incidents", view).files(charts.files)
}

/// `incident.html`.
#[derive(Serialize)]
pub(crate) struct IncidentPage {
    incident: IncidentSummary,
    /// `[{label, time, iso}]`: started, detected, acknowledged, mitigated, resolved.
    times: Vec<Moment>,
    commander: Option<Person>,
    detection: Option<Detection>,
    trigger: Option<String>,
    tags: Vec<TagLink>,
    /// Incidents it lists as related, or that list it.
    related: Vec<IncidentSummary>,
    /// The weeks whose review discussed it.
    reviewed_in: Vec<Link>,
    actions: Vec<ActionRow>,
    /// The record's Markdown body, as HTML.
    body: String,
    /// The IANA name of the zone every time on the page is shown in (its fields, its related
    /// incidents): its first team's `time_zone`, else the site's — the zone its responders
    /// wrote the timeline in.
    time_zone: String,
    /// The record's file, below the site root.
    source: String,
}

#[derive(Serialize)]
struct Moment {
    label: &'static str,
    time: String,
    iso: String,
}

/// The time zone an incident's page shows its times in: its first team's (where its responders
/// were, and so the zone its timeline is written in), else the site's.
fn zone_of<'a>(a: &'a Archive, i: &Incident) -> &'a crate::load::records::Zone {
    i.front
        .teams
        .first()
        .and_then(|t| a.teams.get(t))
        .and_then(|t| t.front.time_zone.as_ref())
        .unwrap_or(&a.site.time_zone)
}

pub fn page(a: &Archive, f: &Analysis, n: usize) -> View<IncidentPage> {
    let i: &Incident = &a.incidents[n];
    let fr = &i.front;
    let me = Ref::Incident(fr.id.clone());
    let address = me.address();
    let md = Md::new(a, &address);
    let zone = zone_of(a, i);
    let tz = &zone.tz;
    let known = &f.incidents.known[n];
    let times = [
        ("Started", Some(fr.started)),
        ("Detected", known.detected),
        ("Acknowledged", known.acknowledged),
        ("Mitigated", known.mitigated),
        ("Resolved", known.resolved),
    ]
    .into_iter()
    .filter_map(|(label, t)| {
        t.map(|t| Moment {
            label,
            time: fmt_time(t, tz),
            iso: t.to_string(),
        })
    })
    .collect();
    let mut incident = IncidentSummary::of(a, f, n, &md);
    incident.started = fmt_time(fr.started, tz);
    let view = IncidentPage {
        incident,
        times,
        commander: fr.commander.as_deref().map(|c| Person::of(a, c)),
        detection: fr.detection,
        trigger: fr.trigger.clone(),
        tags: tag_links(&fr.tags),
        related: IncidentSummary::list(a, f, f.index.related[n].iter().copied(), &md)
            .into_iter()
            .map(|mut r| {
                if let Some(other) = a.incident(&r.id) {
                    r.started = fmt_time(other.front.started, tz);
                }
                r
            })
            .collect(),
        reviewed_in: f.index.reviewed_in[n]
            .iter()
            .map(|w| Link::week(*w))
            .collect(),
        actions: ActionRow::list(a, f, f.actions_of(a, &Origin::Incident(fr.id.clone())), &md),
        body: md.block(&i.body),
        time_zone: zone.name.clone(),
        source: i.source.path.display().to_string(),
    };
    let description = view.incident.impact.clone();
    View::new(
        address,
        "incident.html",
        format!("{}: {}", fr.id, fr.title),
        view,
    )
    .crumb("Incidents", "incidents/")
    .record(me)
    .described(description.as_deref())
}
