//! `services.html` (every service) and `service.html` (one service: dashboards, runbooks,
//! SLOs, incidents and the alerts that paged for it).

use serde::Serialize;

use super::common::{Md, RefLink};
use super::incidents::IncidentSummary;
use super::View;
use crate::analyze::Analysis;
use crate::load::records::Dashboard;
use crate::resolve::{Archive, Ref};

/// `services.html`: `services: [{name, address, id, team, tier, description, slos}]`.
#[derive(Serialize)]
pub(crate) struct ServicesPage {
    services: Vec<ServiceRow>,
}

#[derive(Serialize)]
struct ServiceRow {
    name: String,
    address: String,
    id: String,
    team: Option<RefLink>,
    tier: Option<u8>,
    description: Option<String>,
    /// How many SLOs measure it.
    slos: usize,
}

pub fn index(a: &Archive, f: &Analysis) -> View<ServicesPage> {
    let services = a
        .services
        .values()
        .map(|s| ServiceRow {
            name: s.name().to_string(),
            address: Ref::Service(s.id.clone()).address(),
            id: s.id.clone(),
            team: s.team().map(|t| RefLink::team(a, t)),
            tier: s.doc.as_ref().and_then(|d| d.front.tier),
            description: s.description().map(str::to_string),
            slos: f.index.slos_by_service.get(&s.id).map_or(0, Vec::len),
        })
        .collect();
    View::new(
        "services/",
        "services.html",
        "Services",
        ServicesPage { services },
    )
}

/// `service.html`.
#[derive(Serialize)]
pub(crate) struct ServicePage {
    /// `{id, name, description, team, tier, openslo}`: `openslo` when an OpenSLO document
    /// declares it.
    service: ServiceFacts,
    /// `[{title, url}]`.
    dashboards: Vec<DashboardLink>,
    runbooks: Vec<RefLink>,
    slos: Vec<RefLink>,
    incidents: Vec<IncidentSummary>,
    /// The alerts that paged for it: `[{name, count, last_week}]`.
    alerts: Vec<AlertRow>,
    /// The record's Markdown body, as HTML, when it has a record.
    body: Option<String>,
    /// Its declared metrics, each with its chart (see `team.html`'s `metrics`).
    metrics: Vec<super::metrics::MetricPanel>,
}

#[derive(Serialize)]
struct ServiceFacts {
    id: String,
    name: String,
    description: Option<String>,
    team: Option<RefLink>,
    tier: Option<u8>,
    openslo: bool,
}

#[derive(Serialize)]
struct DashboardLink {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct AlertRow {
    name: String,
    count: usize,
    last_week: Option<String>,
}

pub fn page(a: &Archive, f: &Analysis, id: &str) -> View<ServicePage> {
    let s = &a.services[id];
    let me = Ref::Service(id.to_string());
    let address = me.address();
    let md = Md::new(a, &address);
    let doc = s.doc.as_ref();
    let dashboards = doc
        .map(|d| {
            d.front
                .dashboards
                .iter()
                .map(|x| match x {
                    Dashboard::Url(url) => DashboardLink {
                        title: url.clone(),
                        url: url.clone(),
                    },
                    Dashboard::Titled { title, url } => DashboardLink {
                        title: title.clone(),
                        url: url.clone(),
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let mut charts = super::charts::Charts::new(&address);
    let metrics = super::metrics::panels(
        f,
        f.metrics
            .iter()
            .filter(|m| m.service.as_deref() == Some(id)),
        &mut charts,
    );
    let view = ServicePage {
        metrics,
        service: ServiceFacts {
            id: id.to_string(),
            name: s.name().to_string(),
            description: s.description().map(str::to_string),
            team: s.team().map(|t| RefLink::team(a, t)),
            tier: doc.and_then(|d| d.front.tier),
            openslo: s.openslo.is_some(),
        },
        dashboards,
        runbooks: f
            .index
            .runbooks_by_service
            .get(id)
            .into_iter()
            .flatten()
            .map(|r| RefLink::to(a, &Ref::Runbook(r.clone())))
            .collect(),
        slos: f
            .index
            .slos_by_service
            .get(id)
            .into_iter()
            .flatten()
            .map(|n| RefLink::to(a, &Ref::Slo(n.clone())))
            .collect(),
        incidents: IncidentSummary::list(
            a,
            f,
            f.index
                .incidents_by_service
                .get(id)
                .into_iter()
                .flatten()
                .rev()
                .copied(),
            &md,
        ),
        alerts: f
            .index
            .alerts_by_service
            .get(id)
            .into_iter()
            .flatten()
            .map(|x| AlertRow {
                name: x.name.clone(),
                count: x.pages,
                last_week: x.last_week.map(|w| w.to_string()),
            })
            .collect(),
        body: doc.map(|d| md.block(&d.body)),
    };
    let description = view.service.description.clone();
    View::new(address, "service.html", s.name(), view)
        .crumb("Services", "services/")
        .record(me)
        .described(description.as_deref())
        .files(charts.files)
}
