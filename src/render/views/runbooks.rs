//! `runbooks.html` (every runbook) and `runbook.html` (one runbook).

use serde::Serialize;

use super::common::{Md, RefLink};
use super::View;
use crate::resolve::{Archive, Ref};

/// `runbooks.html`: `runbooks: [{title, address, alerts, owner, services}]`.
#[derive(Serialize)]
pub(crate) struct RunbooksPage {
    runbooks: Vec<RunbookRow>,
}

#[derive(Serialize)]
struct RunbookRow {
    title: String,
    address: String,
    /// The alert names it answers.
    alerts: Vec<String>,
    /// The team that owns it.
    owner: Option<RefLink>,
    services: Vec<RefLink>,
}

pub fn index(a: &Archive) -> View<RunbooksPage> {
    let runbooks = a
        .runbooks
        .iter()
        .map(|(id, r)| RunbookRow {
            title: r.front.title.clone(),
            address: Ref::Runbook(id.clone()).address(),
            alerts: r.front.alerts.clone(),
            owner: r.front.owner.as_deref().map(|t| RefLink::team(a, t)),
            services: r
                .front
                .services
                .iter()
                .map(|s| RefLink::service(a, s))
                .collect(),
        })
        .collect();
    View::new(
        "runbooks/",
        "runbooks.html",
        "Runbooks",
        RunbooksPage { runbooks },
    )
}

/// `runbook.html`.
#[derive(Serialize)]
pub(crate) struct RunbookPage {
    /// `{title, alerts}`.
    runbook: RunbookFacts,
    owner: Option<RefLink>,
    services: Vec<RefLink>,
    /// The record's Markdown body, as HTML.
    body: String,
}

#[derive(Serialize)]
struct RunbookFacts {
    title: String,
    alerts: Vec<String>,
}

pub fn page(a: &Archive, id: &str) -> View<RunbookPage> {
    let r = &a.runbooks[id];
    let me = Ref::Runbook(id.to_string());
    let address = me.address();
    let md = Md::new(a, &address);
    let view = RunbookPage {
        runbook: RunbookFacts {
            title: r.front.title.clone(),
            alerts: r.front.alerts.clone(),
        },
        owner: r.front.owner.as_deref().map(|t| RefLink::team(a, t)),
        services: r
            .front
            .services
            .iter()
            .map(|s| RefLink::service(a, s))
            .collect(),
        body: md.block(&r.body),
    };
    View::new(address, "runbook.html", r.front.title.clone(), view)
        .crumb("Runbooks", "runbooks/")
        .record(me)
}
