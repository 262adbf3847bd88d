//! What each page shows: one small typed view per page kind, built from the archive and the
//! analysis, handed to its template. Views lay out figures; they compute none (see `analyze`).
//!
//! Every page's template also gets the variables of [`Frame`]; the variables of each page kind
//! are documented on its view struct (`views::review::ReviewPage` for `review.html`, …).

mod actions;
mod alerts;
mod charts;
pub(super) mod common;
mod home;
mod incidents;
mod metrics;
mod oncall;
mod pages;
mod reviews;
mod runbooks;
mod services;
pub(super) mod slides;
mod slos;
mod tags;
mod teams;
mod trends;
pub(super) mod unusual;

use serde::Serialize;

use super::markdown;
use super::OutputFile;
use crate::analyze::Analysis;
use crate::resolve::{Archive, Ref};
pub(crate) use common::{Link, RefLink};

/// Every page of the site, as something to build. Building one is independent of the others,
/// so pages are built, rendered and written in parallel, one at a time per thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Spec {
    Home,
    Reviews,
    Review(usize),
    /// A review's slides.
    Slides(usize),
    Incidents,
    Incident(usize),
    Actions,
    Oncall,
    Alerts,
    Alert(String),
    Trends,
    Teams,
    Team(String),
    Services,
    Service(String),
    Slos,
    Slo(String),
    Runbooks,
    Runbook(String),
    Pages,
    Page(String),
    Search,
    Tags,
    Tag(String),
    Redirect(usize),
    NotFound,
}

impl Spec {
    /// The page's address below the root, known without building the page (`serve` finds the
    /// page asked for by it); [`build`] checks that the page has it.
    pub fn address(&self, a: &Archive) -> String {
        let fixed = match self {
            Spec::Home => "",
            Spec::Reviews => "reviews/",
            Spec::Incidents => "incidents/",
            Spec::Actions => "actions/",
            Spec::Oncall => "oncall/",
            Spec::Alerts => "alerts/",
            Spec::Trends => "trends/",
            Spec::Teams => "teams/",
            Spec::Services => "services/",
            Spec::Slos => "slos/",
            Spec::Runbooks => "runbooks/",
            Spec::Pages => "pages/",
            Spec::Search => "search/",
            Spec::Tags => "tags/",
            Spec::NotFound => "404/",
            Spec::Review(n) => {
                return a
                    .reviews
                    .get(*n)
                    .map_or_else(String::new, |r| Ref::Review(r.front.week).address())
            }
            Spec::Slides(n) => {
                return a
                    .reviews
                    .get(*n)
                    .map_or_else(String::new, |r| slides::address(r.front.week))
            }
            Spec::Incident(n) => {
                return a
                    .incidents
                    .get(*n)
                    .map_or_else(String::new, |i| Ref::Incident(i.front.id.clone()).address())
            }
            Spec::Alert(name) => return Ref::Alert(name.clone()).address(),
            Spec::Team(id) => return Ref::Team(id.clone()).address(),
            Spec::Service(id) => return Ref::Service(id.clone()).address(),
            Spec::Slo(name) => return Ref::Slo(name.clone()).address(),
            Spec::Runbook(id) => return Ref::Runbook(id.clone()).address(),
            Spec::Page(id) => return Ref::Page(id.clone()).address(),
            Spec::Tag(slug) => return format!("tags/{slug}/"),
            Spec::Redirect(n) => {
                return a
                    .redirects
                    .get(*n)
                    .map_or_else(String::new, |r| r.from.clone())
            }
        };
        fixed.to_string()
    }

    /// Where the page is written: `<address>index.html`, but `404.html` for the 404 page.
    pub fn output(&self, a: &Archive) -> String {
        match self {
            Spec::NotFound => "404.html".to_string(),
            _ => format!("{}index.html", self.address(a)),
        }
    }

    /// Whether the page belongs in the sitemap: not a redirect, not the 404 page.
    pub fn listed(&self) -> bool {
        !matches!(self, Spec::Redirect(_) | Spec::NotFound)
    }
}

/// Every page of the archive, in a fixed order.
pub(crate) fn specs(a: &Archive, f: &Analysis) -> Vec<Spec> {
    let mut specs = vec![
        Spec::Home,
        Spec::Reviews,
        Spec::Incidents,
        Spec::Actions,
        Spec::Oncall,
        Spec::Alerts,
        Spec::Trends,
        Spec::Teams,
        Spec::Services,
        Spec::Slos,
        Spec::Runbooks,
        Spec::Pages,
        Spec::Search,
        Spec::Tags,
        Spec::NotFound,
    ];
    specs.extend(f.index.tags.keys().cloned().map(Spec::Tag));
    specs.extend((0..a.reviews.len()).map(Spec::Review));
    specs.extend((0..a.reviews.len()).map(Spec::Slides));
    specs.extend((0..a.incidents.len()).map(Spec::Incident));
    specs.extend(a.alerts.iter().cloned().map(Spec::Alert));
    specs.extend(a.teams.keys().cloned().map(Spec::Team));
    specs.extend(a.services.keys().cloned().map(Spec::Service));
    specs.extend(a.slos.keys().cloned().map(Spec::Slo));
    specs.extend(a.runbooks.keys().cloned().map(Spec::Runbook));
    specs.extend(a.pages.keys().cloned().map(Spec::Page));
    specs.extend((0..a.redirects.len()).map(Spec::Redirect));
    specs
}

/// A page's view and what the frame around it needs.
pub(crate) struct View<T> {
    pub address: String,
    pub template: &'static str,
    pub title: String,
    pub crumbs: Vec<Link>,
    pub view: T,
    /// The record the page is about: its page ends with what links to it.
    pub record: Option<Ref>,
    /// The record's own text for `<meta name="description">` (HTML or plain), if it has one.
    pub description: Option<String>,
    /// Files beside the page: its charts' figures as CSV; the search page's index.
    pub files: Vec<OutputFile>,
    /// Where it is written, when not `<address>index.html` (the 404 page).
    pub output: Option<String>,
    /// The way back to the site root, when not relative to the address: the 404 page is served
    /// at any address, so its links start from `base_url`'s path.
    pub root: Option<String>,
}

impl<T> View<T> {
    pub fn new(
        address: impl Into<String>,
        template: &'static str,
        title: impl Into<String>,
        view: T,
    ) -> Self {
        View {
            address: address.into(),
            template,
            title: title.into(),
            crumbs: vec![],
            view,
            record: None,
            description: None,
            files: vec![],
            output: None,
            root: None,
        }
    }

    pub fn crumb(mut self, title: &str, address: &str) -> Self {
        self.crumbs.push(Link::new(title, address));
        self
    }

    pub fn record(mut self, r: Ref) -> Self {
        self.record = Some(r);
        self
    }

    pub fn described(mut self, text: Option<&str>) -> Self {
        self.description = text.map(str::to_string);
        self
    }

    pub fn files(mut self, files: Vec<OutputFile>) -> Self {
        self.files = files;
        self
    }
}

/// A page ready for its template.
pub(crate) struct Built {
    pub address: String,
    pub template: &'static str,
    pub context: tera::Context,
    pub files: Vec<OutputFile>,
    /// Where it is written, below the output root.
    pub output: String,
}

/// Builds one page.
pub(crate) fn build(a: &Archive, f: &Analysis, spec: &Spec) -> Result<Built, String> {
    let built = build_view(a, f, spec)?;
    let output = built
        .output
        .clone()
        .unwrap_or_else(|| format!("{}index.html", built.address));
    if built.address != spec.address(a) || output != spec.output(a) {
        return Err(format!(
            "internal error: the page {spec:?} was built at /{} ({output}), not at its address /{}",
            built.address,
            spec.address(a)
        ));
    }
    Ok(Built {
        address: built.address,
        template: built.template,
        context: built.context,
        files: built.files,
        output,
    })
}

/// A page built, before its address is checked.
struct Framed {
    address: String,
    template: &'static str,
    context: tera::Context,
    files: Vec<OutputFile>,
    output: Option<String>,
}

fn build_view(a: &Archive, f: &Analysis, spec: &Spec) -> Result<Framed, String> {
    match spec {
        Spec::Home => frame(a, f, home::page(a, f)),
        Spec::Reviews => frame(a, f, reviews::index(a, f)),
        Spec::Review(n) => frame(a, f, reviews::page(a, f, *n)),
        Spec::Slides(n) => frame(a, f, slides::page(a, f, *n)),
        Spec::Incidents => frame(a, f, incidents::index(a, f)),
        Spec::Incident(n) => frame(a, f, incidents::page(a, f, *n)),
        Spec::Actions => frame(a, f, actions::page(a, f)),
        Spec::Oncall => frame(a, f, oncall::page(a, f)),
        Spec::Alerts => frame(a, f, alerts::index(a, f)),
        Spec::Alert(name) => frame(a, f, alerts::page(a, f, name)),
        Spec::Trends => frame(a, f, trends::page(a, f)),
        Spec::Teams => frame(a, f, teams::index(a, f)),
        Spec::Team(id) => frame(a, f, teams::page(a, f, id)),
        Spec::Services => frame(a, f, services::index(a, f)),
        Spec::Service(id) => frame(a, f, services::page(a, f, id)),
        Spec::Slos => frame(a, f, slos::index(a, f)),
        Spec::Slo(name) => frame(a, f, slos::page(a, f, name)),
        Spec::Runbooks => frame(a, f, runbooks::index(a)),
        Spec::Runbook(id) => frame(a, f, runbooks::page(a, id)),
        Spec::Pages => frame(a, f, pages::index(a)),
        Spec::Page(id) => frame(a, f, pages::page(a, id)),
        Spec::Search => frame(a, f, pages::search(a)),
        Spec::Tags => frame(a, f, tags::index(f)),
        Spec::Tag(slug) => frame(a, f, tags::page(a, f, slug)),
        Spec::Redirect(n) => frame(a, f, pages::redirect(a, *n)),
        Spec::NotFound => frame(a, f, pages::not_found(a)),
    }
}

const NAV: [(&str, &str); 12] = [
    ("Home", ""),
    ("Reviews", "reviews/"),
    ("Incidents", "incidents/"),
    ("Action items", "actions/"),
    ("On-call", "oncall/"),
    ("SLOs", "slos/"),
    ("Alerts", "alerts/"),
    ("Trends", "trends/"),
    ("Teams", "teams/"),
    ("Services", "services/"),
    ("Runbooks", "runbooks/"),
    ("Pages", "pages/"),
];

/// The variables every template gets, beside its page's own.
#[derive(Serialize)]
pub(crate) struct Frame<'a, T> {
    #[serde(flatten)]
    view: &'a T,
    /// The page's title.
    title: &'a str,
    /// The way to the page from the home page: `[{title, address}]`, without home and the page.
    crumbs: &'a [Link],
    /// The way back to the site root from this page (`../../`); every link starts with it.
    root: String,
    /// The page's address below the root (`reviews/2025-W14/`; empty for the home page).
    address: &'a str,
    /// The site's sections: `[{title, address, current}]`.
    nav: Vec<NavItem>,
    /// Settings from site.yaml: `title`, `organisation`, `description`, `language`, `as_of`.
    site: SiteView<'a>,
    /// A sentence about the page for `<meta name="description">`.
    meta_description: String,
    /// What links to the record the page is about: `[{kind, links: [link]}]`, by kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    backlinks: Option<Vec<Backlinks>>,
    /// The page's absolute address, `base_url` + `address`, for `<link rel="canonical">`: only
    /// when site.yaml sets `base_url`, and not on the 404 page (served at any address). (Not
    /// `canonical`: a redirect page's own `canonical` is the address it sends readers to.)
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical_url: Option<String>,
    /// On a record's page, the addresses to cite it by: `{address, url, short, short_url}` —
    /// `address` is the permanent address below the root (`incidents/INC-2025-014/`), `short` the
    /// short one (`i/INC-2025-014/`, incidents only, else absent), and `url` / `short_url` the
    /// same with `base_url` in front (absent without `base_url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    permalink: Option<Permalink>,
}

#[derive(Serialize)]
struct Permalink {
    address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_url: Option<String>,
}

/// `address` (below the root) as an absolute address, when site.yaml has a `base_url`.
fn absolute(a: &Archive, address: &str) -> Option<String> {
    super::feeds::base(a).map(|base| base + address)
}

fn permalink(a: &Archive, r: &Ref) -> Permalink {
    let address = r.address();
    let short = match r {
        Ref::Incident(id) => Some(crate::resolve::aliases::short_address(id)),
        _ => None,
    };
    Permalink {
        url: absolute(a, &address),
        short_url: short.as_deref().and_then(|s| absolute(a, s)),
        address,
        short,
    }
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    address: &'static str,
    current: bool,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    organisation: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    as_of: String,
}

#[derive(Serialize)]
struct Backlinks {
    kind: &'static str,
    links: Vec<RefLink>,
}

fn frame<T: Serialize>(a: &Archive, _f: &Analysis, v: View<T>) -> Result<Framed, String> {
    let section = v.address.split('/').next().unwrap_or("");
    let nav = NAV
        .iter()
        .map(|(title, address)| NavItem {
            title,
            address,
            current: address.trim_end_matches('/') == section,
        })
        .collect();
    let own = v
        .description
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|html| markdown::plain_text(&common::strip_tags(html), 160));
    let meta_description = own.unwrap_or_else(|| match &a.site.description {
        Some(d) if v.address.is_empty() => d.clone(),
        _ => format!("{} — {}", v.title, a.site.title),
    });
    let frame = Frame {
        view: &v.view,
        title: &v.title,
        crumbs: &v.crumbs,
        root: v
            .root
            .clone()
            .unwrap_or_else(|| super::root_for(&v.address)),
        address: &v.address,
        nav,
        site: SiteView {
            title: &a.site.title,
            organisation: &a.site.organisation,
            description: a.site.description.as_deref(),
            language: &a.site.language,
            as_of: common::fmt_date(a.as_of),
        },
        meta_description,
        backlinks: v.record.as_ref().and_then(|r| backlinks(a, r)),
        canonical_url: if v.root.is_some() {
            None
        } else {
            absolute(a, &v.address)
        },
        permalink: v.record.as_ref().map(|r| permalink(a, r)),
    };
    let context = tera::Context::from_serialize(&frame).map_err(|e| super::error_chain(&e))?;
    Ok(Framed {
        address: v.address,
        template: v.template,
        context,
        files: v.files,
        output: v.output,
    })
}

/// What links to a record, grouped by kind (reviews, incidents, …), newest first for reviews
/// and incidents, by name for the rest.
fn backlinks(a: &Archive, me: &Ref) -> Option<Vec<Backlinks>> {
    let from = a.backlinks.get(me)?;
    let mut groups: Vec<Backlinks> = vec![];
    // Ref's order is kind first, then id (weeks and incident ids sort oldest first).
    for r in from {
        let kind = match r {
            Ref::Review(_) => "Weekly reviews",
            Ref::Incident(_) => "Incidents",
            Ref::Team(_) => "Teams",
            Ref::Service(_) => "Services",
            Ref::Slo(_) => "SLOs",
            Ref::Alert(_) => "Alerts",
            Ref::Runbook(_) => "Runbooks",
            Ref::Page(_) => "Pages",
        };
        match groups.last_mut() {
            Some(g) if g.kind == kind => g.links.push(RefLink::to(a, r)),
            _ => groups.push(Backlinks {
                kind,
                links: vec![RefLink::to(a, r)],
            }),
        }
    }
    for g in &mut groups {
        if matches!(g.kind, "Weekly reviews" | "Incidents") {
            g.links.reverse();
        }
    }
    Some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};

    /// The template variables of a page, as the template sees them.
    fn variables(a: &Archive, f: &Analysis, spec: Spec) -> serde_json::Value {
        build(a, f, &spec).unwrap().context.into_json()
    }

    fn incident(id: &str, started: &str) -> (String, String) {
        (
            format!("incidents/2025/{id}.md"),
            format!("---\nid: {id}\ntitle: Down\nseverity: major\nstatus: resolved\nstarted: {started}\nresolved: {started}\nteams: [ops]\n---\n"),
        )
    }

    /// W10 and W12 reviewed, W11 missing; an incident in W11 reviewed in W12, one in W12 not
    /// listed by its review.
    fn sample() -> Archive {
        archive_of(
            &[
                review("2025-W10", "teams:\n  ops:\n    oncall: [bob]\n    health: 4\n    pages:\n      - { at: 2025-03-04T03:00:00Z, alert: A, service: api }\n"),
                review("2025-W12", "teams:\n  ops:\n    oncall: [bob]\nincidents: [INC-2025-001]\n"),
                incident("INC-2025-001", "2025-03-12T10:00:00Z"),
                incident("INC-2025-002", "2025-03-18T10:00:00Z"),
            ],
            None,
        )
    }

    #[test]
    fn every_page_builds_with_its_frame() {
        let a = sample();
        let f = crate::analyze::analyze(&a);
        for spec in specs(&a, &f) {
            let v = variables(&a, &f, spec.clone());
            for key in [
                "title",
                "crumbs",
                "root",
                "address",
                "nav",
                "site",
                "meta_description",
            ] {
                assert!(v.get(key).is_some(), "{spec:?} has no `{key}`");
            }
        }
    }

    #[test]
    fn a_week_lists_its_incidents_its_silent_teams_and_its_neighbours() {
        let a = sample();
        let f = crate::analyze::analyze(&a);
        let w12 = variables(&a, &f, Spec::Review(1));
        let incidents: Vec<(&str, bool, bool)> = w12["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap(),
                    i["reviewed"].as_bool().unwrap(),
                    i["started_this_week"].as_bool().unwrap(),
                )
            })
            .collect();
        // Listed by the review (from W11), then the one that started in W12.
        assert_eq!(
            incidents,
            [("INC-2025-001", true, false), ("INC-2025-002", false, true)]
        );
        let silent: Vec<&str> = w12["silent_teams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap())
            .collect();
        assert_eq!(silent, ["Far"]);
        assert_eq!(w12["previous"]["address"], "reviews/2025-W10/");
        assert!(w12["next"].is_null());
        assert_eq!(w12["root"], "../../");
        let w10 = variables(&a, &f, Spec::Review(0));
        // 03:00 UTC on a Tuesday is a sleep-hour page for a team in UTC.
        assert_eq!(w10["teams"][0]["split"]["sleep"], 1);
        assert_eq!(w10["teams"][0]["pages"][0]["when"], "sleep");
    }

    #[test]
    fn a_weeks_metrics_show_against_the_usual_and_chart_on_the_team_and_service_pages() {
        // ops declares traffic (requests/s, higher is better); api declares p99 latency.
        let ops = "---\nname: Ops\nmembers: [ann, bob]\nmetrics:\n  traffic: {unit: requests/s, good: higher}\n---\n";
        let api = "---\nname: API\nteam: ops\nmetrics:\n  p99: {name: p99 latency, unit: ms, good: lower, target: 300}\n---\n";
        let week = |w: &str, traffic: &str, p99: &str| {
            review(w, &format!("teams:\n  ops:\n    oncall: [bob]\n    metrics:\n      traffic: {traffic}\n      api/p99: {p99}\n"))
        };
        let files = [
            ("teams/ops.md".to_string(), ops.to_string()),
            ("services/api.md".to_string(), api.to_string()),
            week("2025-W10", "100", "200"),
            week("2025-W11", "120", "200"),
            // W12: traffic not reported (an empty slot).
            week("2025-W12", "", "220"),
            week("2025-W13", "110", "210"),
            week("2025-W14", "80", "320"),
        ];
        let a = archive_of(&files, None);
        let f = crate::analyze::analyze(&a);
        let w14 = variables(&a, &f, Spec::Review(4));
        let slots = w14["teams"][0]["metrics"].as_array().unwrap();
        let shown: Vec<serde_json::Value> = slots
            .iter()
            .map(|m| {
                let mut m = m.clone();
                for key in ["key", "unit", "address"] {
                    m.as_object_mut().unwrap().remove(key);
                }
                m
            })
            .collect();
        // Traffic: usual median(100, 120, 110) = 110; 80 is 27 % below, more than 25 %.
        // p99: usual median(200, 200, 220, 210) = 205; 320 is 56 % above, and above 300.
        assert_eq!(
            shown,
            [
                serde_json::json!({"name": "traffic", "value": "80 requests/s", "usual": "110 requests/s", "change": "−27 %", "unusual": true, "outside": null}),
                serde_json::json!({"name": "API p99 latency", "value": "320 ms", "usual": "205 ms", "change": "+56 %", "unusual": true, "outside": "target ≤ 300 ms"}),
            ]
        );
        assert_eq!(slots[1]["address"], "services/api/#metric-api-p99");
        // The team's page charts both, its CSV has a gap for W12's traffic; the service's page
        // charts its own.
        let team = variables(&a, &f, Spec::Team("ops".into()));
        let ids: Vec<&str> = team["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["metric-traffic", "metric-api-p99"]);
        let rows = team["metrics"][0]["chart"]["rows"].as_array().unwrap();
        assert_eq!(rows[2][0], "2025-W12");
        assert_eq!(rows[2][1], "");
        let service = variables(&a, &f, Spec::Service("api".into()));
        assert_eq!(service["metrics"][0]["id"], "metric-api-p99");
        assert_eq!(service["metrics"][0]["target"], "≤ 300 ms");
        // /trends/: the quarter's median of its weeks with a value (W10–W13 in Q1, W14 in Q2).
        let trends = variables(&a, &f, Spec::Trends);
        assert_eq!(
            trends["quarters"],
            serde_json::json!(["2025-Q1", "2025-Q2"])
        );
        assert_eq!(
            trends["metrics"][0]["cells"],
            serde_json::json!([{"median": "110", "weeks": 3}, {"median": "80", "weeks": 1}])
        );
    }

    #[test]
    fn the_slides_walk_the_week_section_by_section_and_say_who_presents() {
        let mut files = vec![
            review("2025-W10", "teams:\n  ops:\n    oncall: [bob]\n    health: 4\n  far:\n    oncall: [cy]\n    health: 4\n"),
            review("2025-W11", "teams:\n  ops:\n    oncall: [bob]\n    health: 4\n  far:\n    oncall: [cy]\n    health: 4\n"),
            review("2025-W12", "teams:\n  ops:\n    oncall: [ann, bob]\n    health: 4\n    notes: Deploy freeze next week.\n    notes_for_presenter: Ask about the freeze.\n  far:\n    oncall: [cy]\n    health: 4\nincidents: [INC-2025-001]\naction_items:\n  - { id: A-1, title: Tune it, owner: bob, due: 2025-03-28, status: open }\n"),
            incident("INC-2025-001", "2025-03-12T10:00:00Z"),
        ];
        files[3].1 = files[3]
            .1
            .replace("teams: [ops]\n", "teams: [ops]\ncommander: cy\n");
        let a = archive_of(&files, None);
        let f = crate::analyze::analyze(&a);
        let v = variables(&a, &f, Spec::Slides(2));
        assert_eq!(v["address"], "reviews/2025-W12/slides/");
        assert_eq!(v["root"], "../../../");
        let slides = v["slides"].as_array().unwrap();
        let walk: Vec<(u64, &str, &str, &str)> = slides
            .iter()
            .map(|s| {
                (
                    s["number"].as_u64().unwrap(),
                    s["section"].as_str().unwrap(),
                    s["kind"].as_str().unwrap(),
                    s["title"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            walk,
            [
                (1, "opening", "title", "Week 2025-W12"),
                (2, "opening", "unusual", "What is unusual this week"),
                (3, "teams", "team", "Ops"),
                (4, "teams", "quiet", "Nothing to report"),
                (5, "projects", "projects", "Projects and migrations"),
                (6, "oncall", "oncall", "On-call"),
                (7, "incidents", "incident", "INC-2025-001: Down"),
                (8, "outcomes", "outcomes", "Wins and action items"),
            ]
        );
        // Ops wrote notes: its on-call presents its slide, with its own notes for the presenter
        // and where each figure comes from; Far has nothing to report.
        let ops = &slides[2];
        assert_eq!(ops["presenter"]["name"], "Ann");
        assert_eq!(ops["presenter_notes"], "<p>Ask about the freeze.</p>\n");
        let health = ops["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["text"] == "Health 4 of 5")
            .unwrap();
        assert_eq!(health["file"], "content/reviews/2025/2025-W12.md");
        assert_eq!(health["field"], "teams.ops.health");
        assert_eq!(slides[3]["teams"][0]["id"], "far");
        // The incident's commander presents it.
        assert_eq!(slides[6]["presenter"]["name"], "Cy");
        assert_eq!(slides[6]["role"], "incident commander");
        assert_eq!(slides[7]["actions"][0]["id"], "A-1");
        // The meeting's default budget, per section.
        let minutes: Vec<u64> = v["agenda"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["minutes"].as_u64().unwrap())
            .collect();
        assert_eq!(minutes, [5, 20, 5, 5, 20, 5]);
        assert_eq!(v["total_minutes"], 60);
    }

    #[test]
    fn the_glance_shows_a_week_without_a_review_as_no_data() {
        let a = sample();
        let f = crate::analyze::analyze(&a);
        let home = variables(&a, &f, Spec::Home);
        let glance = home["glance"].as_array().unwrap();
        let weeks: Vec<&str> = glance.iter().map(|g| g["week"].as_str().unwrap()).collect();
        assert_eq!(weeks, ["2025-W12", "2025-W11", "2025-W10"], "newest first");
        assert!(glance[1]["address"].is_null(), "W11 has no review");
        assert!(
            glance[1]["pages"].is_null(),
            "no review is no data, not 0 pages"
        );
        assert_eq!(glance[2]["pages"], 1);
        assert_eq!(home["latest"]["week"], "2025-W12");
    }
}
