//! `index.html`: the latest review, the last 12 weeks at a glance, what is open.

use serde::Serialize;

use super::actions::ActionRow;
use super::common::{week_dates, Link, Md, Person, RefLink};
use super::incidents::IncidentSummary;
use super::reviews::{ReviewRow, TeamSection};
use super::unusual::{self, Sentence};
use super::View;
use crate::analyze::{ActionState, Analysis};
use crate::resolve::{Archive, Ref};

/// `index.html`.
#[derive(Serialize)]
pub(crate) struct HomePage {
    /// The newest review that is not a draft: `{week, address, dates, summary, teams,
    /// facilitator, unusual}`.
    latest: Option<Latest>,
    /// A newer week whose record is still a draft (being prepared): a link.
    preparing: Option<Link>,
    open_incidents: Vec<IncidentSummary>,
    /// The six newest incidents.
    recent_incidents: Vec<IncidentSummary>,
    overdue: Vec<ActionRow>,
    open_action_count: usize,
    /// The six reviews before the latest.
    recent_reviews: Vec<ReviewRow>,
    /// The last 12 weeks, newest first: `[{week, address, dates, pages, sleep, heavy,
    /// slo_missed, incidents, unusual}]`.
    glance: Vec<Glance>,
    baseline_weeks: u32,
    /// How many `reviews`, `incidents`, `teams`, `services` and `slos` the archive has.
    counts: Counts,
}

#[derive(Serialize)]
struct Latest {
    week: String,
    address: String,
    dates: String,
    summary: Option<String>,
    teams: Vec<TeamSection>,
    facilitator: Option<Person>,
    unusual: Vec<Sentence>,
}

#[derive(Serialize)]
struct Glance {
    week: String,
    /// The week's review, when there is one.
    address: Option<String>,
    dates: String,
    pages: Option<u64>,
    sleep: Option<u64>,
    heavy: Option<Vec<RefLink>>,
    slo_missed: usize,
    incidents: Vec<RefLink>,
    /// How many things are unusual.
    unusual: usize,
}

#[derive(Serialize)]
struct Counts {
    reviews: usize,
    incidents: usize,
    teams: usize,
    services: usize,
    slos: usize,
}

fn glance(a: &Archive, f: &Analysis) -> Vec<Glance> {
    f.last(12)
        .rev()
        .map(|i| {
            let w = f.weeks[i];
            let org = f.org.series[i].as_ref();
            Glance {
                week: w.to_string(),
                address: a.review(w).map(|_| Ref::Review(w).address()),
                dates: week_dates(w),
                pages: org.and_then(|o| o.pages).map(|c| c.pages),
                sleep: org.and_then(|o| o.pages).map(|c| c.sleep),
                heavy: org.map(|o| o.heavy_teams.iter().map(|t| RefLink::team(a, t)).collect()),
                slo_missed: f.slo_misses[i],
                incidents: f
                    .index
                    .incidents_in(w)
                    .iter()
                    .map(|n| &a.incidents[*n])
                    .filter(|x| crate::analyze::incidents::start_date(a, x) <= a.as_of)
                    .map(|x| RefLink::incident(a, &x.front.id))
                    .collect(),
                unusual: unusual::sentences(a, f, w).len(),
            }
        })
        .collect()
}

pub fn page(a: &Archive, f: &Analysis) -> View<HomePage> {
    let md = Md::new(a, "");
    let newest = a.reviews.iter().rposition(|r| !r.front.draft);
    let latest = newest.and_then(|n| a.reviews.get(n)).map(|r| {
        let w = r.front.week;
        Latest {
            week: w.to_string(),
            address: Ref::Review(w).address(),
            dates: week_dates(w),
            summary: r.front.summary.as_deref().map(|s| md.inline(s)),
            teams: TeamSection::summary(a, f, r),
            facilitator: a.facilitator(r).map(|p| Person::of(a, p)),
            unusual: unusual::sentences(a, f, w),
        }
    });
    let open_incidents = (0..a.incidents.len())
        .rev()
        .filter(|n| f.incidents.known[*n].status.is_open())
        .map(|n| IncidentSummary::of(a, f, n, &md))
        .collect();
    let recent_incidents = IncidentSummary::list(a, f, (0..a.incidents.len()).rev().take(6), &md);
    let overdue = f
        .actions_in_scope(a)
        .filter(|(_, s)| *s == ActionState::Overdue);
    let view = HomePage {
        latest,
        open_incidents,
        recent_incidents,
        overdue: ActionRow::list(a, f, overdue, &md),
        open_action_count: f.actions.unfinished,
        preparing: a
            .reviews
            .last()
            .filter(|r| r.front.draft)
            .map(|r| Link::week(r.front.week)),
        recent_reviews: (0..newest.unwrap_or(0))
            .rev()
            .filter(|n| !a.reviews[*n].front.draft)
            .take(6)
            .map(|n| ReviewRow::of(a, f, n, &md))
            .collect(),
        glance: glance(a, f),
        baseline_weeks: a.site.baseline_weeks,
        counts: Counts {
            reviews: a.reviews.len(),
            incidents: a.incidents.len(),
            teams: a.teams.len(),
            services: a.services.len(),
            slos: a.slos.len(),
        },
    };
    View::new("", "index.html", a.site.title.clone(), view)
}
