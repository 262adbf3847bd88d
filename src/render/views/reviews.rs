//! `reviews.html` (the index, by year and quarter) and `review.html` (one week: what is
//! unusual, then the four sections), and a team's week as both show it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::actions::ActionRow;
use super::common::{
    fmt_time, tag_links, week_dates, with_unit, Link, Md, Person, RefLink, TagLink,
};
use super::incidents::IncidentSummary;
use super::unusual::{self, Sentence};
use super::View;
use crate::analyze::oncall::{PageTime, WeekLoad};
use crate::analyze::Analysis;
use crate::load::records::{ProjectStatus, Risk, TeamWeek};
use crate::resolve::{Archive, Origin, Ref, Review};
use crate::types::{human_duration, Week};

/// A team's figures for a week: on-call, health, tickets, pages by time of day, SLO slots.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TeamWeekFigures {
    /// The team's id.
    pub id: String,
    pub team: RefLink,
    pub oncall: Vec<Person>,
    pub health: Option<u8>,
    pub tickets: Option<u32>,
    /// Pages in the week; null when the team reported none (no data, not zero).
    pub page_count: Option<usize>,
    /// Pages by when they came in: `business`, `off-hours`, `sleep`; null without data.
    pub split: Option<BTreeMap<&'static str, u64>>,
    /// Pages marked actionable, and pages marked at all; null when the team reported no pages.
    pub actionable: Option<u64>,
    pub marked: Option<u64>,
    /// `[{key, slo: link, objective, value, target, met}]`.
    pub slos: Vec<Slot>,
    pub missed_slos: usize,
    /// The declared metrics the section reports, in the team's order:
    /// `[{key, name, unit, value, usual, change, unusual, outside, address}]`.
    pub metrics: Vec<MetricSlot>,
}

/// A metric's week: `value` with its unit (`412 ms`); `usual`, the baseline with its unit, and
/// `change`, the deviation from it (`+52 %`), when there is a baseline; `unusual` when worse
/// than the metric's bounds allow; `outside`, the target missed or the bound crossed
/// (`target ≤ 300 ms`), or null; `address`, its chart on the team's or service's page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MetricSlot {
    key: String,
    name: String,
    unit: String,
    value: String,
    usual: Option<String>,
    change: Option<String>,
    unusual: bool,
    outside: Option<String>,
    address: String,
}

impl MetricSlot {
    fn of(a: &Archive, f: &Analysis, week: Week, team: &str, key: &str, value: f64) -> MetricSlot {
        use crate::analyze::metrics::Limit;
        use crate::load::records::Good;
        let series = f.metric(team, key);
        let point = series.and_then(|s| s.at(&f.weeks, week));
        let unit = series.map_or(String::new(), |s| s.decl.unit.clone());
        let (name, address) = match series {
            Some(s) => {
                let anchor = format!("#metric-{}", s.slug());
                match &s.service {
                    Some(id) => (
                        format!(
                            "{} {}",
                            a.services.get(id).map_or(id.as_str(), |x| x.name()),
                            s.name
                        ),
                        Ref::Service(id.clone()).address() + &anchor,
                    ),
                    None => (s.name.clone(), Ref::Team(team.into()).address() + &anchor),
                }
            }
            None => (key.to_string(), Ref::Team(team.into()).address()),
        };
        let lower = series.is_some_and(|s| s.decl.good == Good::Lower);
        MetricSlot {
            key: key.to_string(),
            name,
            value: with_unit(value, &unit),
            usual: point
                .and_then(|p| p.baseline)
                .map(|b| with_unit(b.median, &unit)),
            change: point.and_then(|p| p.change).map(|c| {
                format!(
                    "{}{:.0} %",
                    if c < 0.0 { "−" } else { "+" },
                    (c * 100.0).abs()
                )
            }),
            unusual: point.is_some_and(|p| p.unusual),
            outside: point.and_then(|p| p.outside).map(|l| match l {
                Limit::Target(v) if lower => format!("target ≤ {}", with_unit(v, &unit)),
                Limit::Target(v) => format!("target ≥ {}", with_unit(v, &unit)),
                Limit::Min(v) => format!("bound ≥ {}", with_unit(v, &unit)),
                Limit::Max(v) => format!("bound ≤ {}", with_unit(v, &unit)),
            }),
            unit,
            address,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Slot {
    key: String,
    slo: RefLink,
    /// The objective's part of the key (`fast` of `web-latency/fast`), or empty.
    objective: String,
    value: f64,
    target: Option<f64>,
    met: Option<bool>,
}

/// A page in a team's week: `{at, alert, service, actionable, ack, responder, when,
/// when_label}`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PageRow {
    at: String,
    alert: String,
    service: RefLink,
    actionable: Option<bool>,
    ack: Option<String>,
    responder: Option<Person>,
    when: PageTime,
    when_label: &'static str,
}

impl TeamWeekFigures {
    pub fn of(a: &Archive, f: &Analysis, week: Week, team: &str, tw: &TeamWeek) -> TeamWeekFigures {
        let load: Option<&WeekLoad> = f.loads.get(week, team);
        // A draft, or pages not reported: no data, not zero.
        let counts = load.and_then(|l| l.pages);
        let slos: Vec<Slot> = tw
            .slos
            .iter()
            .map(|(key, value)| {
                let (name, objective) = key.split_once('/').unwrap_or((key, ""));
                Slot {
                    key: key.clone(),
                    slo: RefLink::to(a, &Ref::Slo(name.to_string())),
                    objective: objective.to_string(),
                    value: *value,
                    target: f.targets.get(key).copied(),
                    met: f.met(key, *value),
                }
            })
            .collect();
        // In the team's order of its series (its own metrics, then its services').
        let order = |key: &str| {
            f.metrics
                .iter()
                .position(|s| s.team == team && s.key == key)
                .unwrap_or(usize::MAX)
        };
        let mut metrics: Vec<MetricSlot> = tw
            .metrics
            .iter()
            .map(|(key, value)| MetricSlot::of(a, f, week, team, key, *value))
            .collect();
        metrics.sort_by_key(|m| order(&m.key));
        TeamWeekFigures {
            metrics,
            id: team.to_string(),
            team: RefLink::team(a, team),
            oncall: tw.oncall.iter().map(|p| Person::of(a, p)).collect(),
            health: tw.health,
            tickets: tw.tickets,
            page_count: counts.map(|_| tw.pages.len()),
            split: counts.map(|c| {
                BTreeMap::from([
                    ("business", c.business),
                    ("off-hours", c.off_hours),
                    ("sleep", c.sleep),
                ])
            }),
            actionable: counts.map(|c| c.actionable),
            marked: counts.map(|c| c.marked),
            missed_slos: slos.iter().filter(|s| s.met == Some(false)).count(),
            slos,
        }
    }
}

fn page_rows(a: &Archive, f: &Analysis, week: Week, team: &str, tw: &TeamWeek) -> Vec<PageRow> {
    let zone = a.team_zone(team);
    let times = f
        .loads
        .get(week, team)
        .map(|l| l.times.as_slice())
        .unwrap_or_default();
    tw.pages
        .iter()
        .zip(times)
        .map(|(p, when)| PageRow {
            at: fmt_time(p.at, zone),
            alert: p.alert.clone(),
            service: RefLink::service(a, &p.service),
            actionable: p.actionable,
            ack: p.ack.map(|d| human_duration(d.seconds)),
            responder: p
                .responder
                .as_deref()
                .or(tw.oncall.first().map(String::as_str))
                .map(|r| Person::of(a, r)),
            when: *when,
            when_label: when.label(),
        })
        .collect()
}

/// A team's week on the week's page: its figures, pages and notes.
#[derive(Serialize)]
pub(crate) struct TeamSection {
    #[serde(flatten)]
    figures: TeamWeekFigures,
    pages: Vec<PageRow>,
    /// As HTML.
    notes: Option<String>,
}

impl TeamSection {
    /// The latest week's teams on the home page, without notes.
    pub fn summary(a: &Archive, f: &Analysis, r: &Review) -> Vec<TeamSection> {
        let w = r.front.week;
        r.front
            .teams
            .iter()
            .map(|(t, tw)| TeamSection {
                figures: TeamWeekFigures::of(a, f, w, t, tw),
                pages: page_rows(a, f, w, t, tw),
                notes: None,
            })
            .collect()
    }
}

/// A week in a list of reviews.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReviewRow {
    week: String,
    address: String,
    /// The week's slides.
    slides: String,
    dates: String,
    /// As HTML.
    summary: Option<String>,
    pages: usize,
    incidents: usize,
    actions: usize,
    /// Still the draft `opsbook new week` wrote.
    draft: bool,
}

impl ReviewRow {
    pub fn of(a: &Archive, f: &Analysis, n: usize, md: &Md) -> ReviewRow {
        let r = &a.reviews[n];
        let w = r.front.week;
        ReviewRow {
            week: w.to_string(),
            address: Ref::Review(w).address(),
            slides: super::slides::address(w),
            dates: week_dates(w),
            summary: r.front.summary.as_deref().map(|s| md.inline(s)),
            pages: f.index.pages_in_review[n],
            incidents: f.index.incidents_in(w).len(),
            actions: r.front.action_items.len(),
            draft: r.front.draft,
        }
    }
}

/// `reviews.html`.
#[derive(Serialize)]
pub(crate) struct ReviewsPage {
    /// `[{year, quarters: [{quarter, weeks: [review row]}]}]`, newest first.
    years: Vec<Year>,
    count: usize,
}

#[derive(Serialize)]
struct Year {
    year: i16,
    quarters: Vec<QuarterOfWeeks>,
}

#[derive(Serialize)]
struct QuarterOfWeeks {
    quarter: u8,
    weeks: Vec<ReviewRow>,
}

pub fn index(a: &Archive, f: &Analysis) -> View<ReviewsPage> {
    let md = Md::new(a, "reviews/");
    let mut years: BTreeMap<i16, BTreeMap<u8, Vec<ReviewRow>>> = BTreeMap::new();
    for n in (0..a.reviews.len()).rev() {
        let w = a.reviews[n].front.week;
        years
            .entry(w.year())
            .or_default()
            .entry(w.quarter())
            .or_default()
            .push(ReviewRow::of(a, f, n, &md));
    }
    let years = years
        .into_iter()
        .rev()
        .map(|(year, quarters)| Year {
            year,
            quarters: quarters
                .into_iter()
                .rev()
                .map(|(quarter, weeks)| QuarterOfWeeks { quarter, weeks })
                .collect(),
        })
        .collect();
    let view = ReviewsPage {
        years,
        count: a.reviews.len(),
    };
    View::new("reviews/", "reviews.html", "Weekly reviews", view)
}

/// `review.html`: one week's review.
#[derive(Serialize)]
pub(crate) struct ReviewPage {
    week: String,
    dates: String,
    year: i16,
    /// Written by `opsbook new week` and not yet filled in.
    draft: bool,
    facilitator: Option<Person>,
    /// As HTML.
    summary: Option<String>,
    /// Section 1 and 3: each team's week.
    teams: Vec<TeamSection>,
    /// Teams with no section this week.
    silent_teams: Vec<RefLink>,
    /// Section 2: `[{title, team, status, risk, notes}]`.
    projects: Vec<ProjectRow>,
    /// Section 4: the incidents reviewed, and those that started this week, with `reviewed`
    /// and `started_this_week`.
    incidents: Vec<ReviewedIncident>,
    /// As HTML.
    wins: Vec<String>,
    /// The action items raised this week.
    actions: Vec<ActionRow>,
    /// Earlier action items the week follows up (`carried_over`), with their state now.
    carried_over: Vec<ActionRow>,
    /// What is unusual this week: `[{class, parts}]`.
    unusual: Vec<Sentence>,
    baseline_weeks: u32,
    tags: Vec<TagLink>,
    /// The record's Markdown body, as HTML.
    body: String,
    previous: Option<Link>,
    next: Option<Link>,
    source: String,
    /// The week's slides, `reviews/2025-W14/slides/`.
    slides: String,
    /// The summary that goes out after the meeting, as `opsbook summary` prints it, in HTML
    /// with links relative to the page.
    summary_html: String,
}

/// A project or migration: `{title, team, status, risk, notes}` (notes as HTML).
#[derive(Serialize)]
pub(crate) struct ProjectRow {
    title: String,
    team: Option<RefLink>,
    status: ProjectStatus,
    risk: Option<Risk>,
    notes: Option<String>,
}

impl ProjectRow {
    pub fn list(a: &Archive, r: &Review, md: &Md) -> Vec<ProjectRow> {
        r.front
            .projects
            .iter()
            .map(|p| ProjectRow {
                title: p.title.clone(),
                team: p.team.as_deref().map(|t| RefLink::team(a, t)),
                status: p.status,
                risk: p.risk,
                notes: p.notes.as_deref().map(|n| md.inline(n)),
            })
            .collect()
    }
}

#[derive(Serialize)]
struct ReviewedIncident {
    #[serde(flatten)]
    summary: IncidentSummary,
    reviewed: bool,
    started_this_week: bool,
}

pub fn page(a: &Archive, f: &Analysis, n: usize) -> View<ReviewPage> {
    let r = &a.reviews[n];
    let w = r.front.week;
    let me = Ref::Review(w);
    let address = me.address();
    let md = Md::new(a, &address).in_folder(w.to_string());
    let others = Md::new(a, &address);
    let fr = &r.front;
    let teams = fr
        .teams
        .iter()
        .map(|(t, tw)| TeamSection {
            figures: TeamWeekFigures::of(a, f, w, t, tw),
            pages: page_rows(a, f, w, t, tw),
            notes: tw.notes.as_deref().map(|n| md.block(n)),
        })
        .collect();
    let silent_teams = a
        .teams
        .keys()
        .filter(|t| !fr.teams.contains_key(*t))
        .map(|t| RefLink::team(a, t))
        .collect();
    // Section 4: the incidents reviewed, and those that started this week (linked anyway).
    let mut listed: Vec<usize> = fr
        .incidents
        .iter()
        .filter_map(|id| a.incident_index(id))
        .collect();
    for i in f.index.incidents_in(w) {
        if !listed.contains(i) {
            listed.push(*i);
        }
    }
    let incidents = listed
        .into_iter()
        .map(|i| ReviewedIncident {
            summary: IncidentSummary::of(a, f, i, &others),
            reviewed: fr.incidents.contains(&a.incidents[i].front.id),
            started_this_week: f.index.incident_week[i] == w,
        })
        .collect();
    let projects = ProjectRow::list(a, r, &md);
    let summary_html = crate::render::summary::Summary::of(a, f, n)
        .map(|s| s.html(&crate::render::root_for(&address), true))
        .unwrap_or_default();
    let view = ReviewPage {
        slides: super::slides::address(w),
        summary_html,
        week: w.to_string(),
        dates: week_dates(w),
        year: w.year(),
        draft: fr.draft,
        facilitator: a.facilitator(r).map(|p| Person::of(a, p)),
        summary: fr.summary.as_deref().map(|s| md.inline(s)),
        teams,
        silent_teams,
        projects,
        incidents,
        wins: fr.wins.iter().map(|w| md.inline(w)).collect(),
        actions: ActionRow::list(a, f, f.actions_of(a, &Origin::Review(w)), &md),
        carried_over: ActionRow::list(a, f, f.actions_by_id(a, &fr.carried_over), &md),
        unusual: unusual::sentences(a, f, w),
        baseline_weeks: a.site.baseline_weeks,
        tags: tag_links(&fr.tags),
        body: md.block(&r.body),
        previous: n
            .checked_sub(1)
            .and_then(|i| a.reviews.get(i))
            .map(|r| Link::week(r.front.week)),
        next: a.reviews.get(n + 1).map(|r| Link::week(r.front.week)),
        source: r.source.path.display().to_string(),
    };
    let description = view.summary.clone();
    View::new(address, "review.html", format!("Week {w}"), view)
        .crumb("Reviews", "reviews/")
        .record(me)
        .described(description.as_deref())
}
