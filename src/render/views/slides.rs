//! `slides.html`: the week's review as the deck the facilitator walks in the meeting, built from
//! the same record as the week's page. Each slide says who presents it and, in its speaker
//! notes, where each of its figures comes from (the record and the field).

use serde::Serialize;

use super::actions::ActionRow;
use super::charts::{bars, chart, Charts, Embedded};
use super::common::{count, week_dates, Md, Person, RefLink};
use super::incidents::IncidentSummary;
use super::reviews::{ProjectRow, TeamWeekFigures};
use super::unusual::{self, Sentence};
use super::View;
use crate::analyze::meeting::WeekMeeting;
use crate::analyze::Analysis;
use crate::load::records::{Dashboard, TeamWeek};
use crate::resolve::{Archive, Origin, Ref, Review};
use crate::types::Week;

/// `slides.html`: a standalone document, one `<section>` per slide.
#[derive(Serialize)]
pub(crate) struct SlidesPage {
    week: String,
    dates: String,
    /// Written by `opsbook new week` and not yet filled in.
    draft: bool,
    facilitator: Option<Person>,
    /// The week's page, `reviews/2025-W14/`.
    review: String,
    /// The meeting's sections in order, `[{key, title, minutes, first}]` (`first`: the number
    /// of its first slide), from `meeting:` in site.yaml.
    agenda: Vec<AgendaItem>,
    total_minutes: u32,
    slides: Vec<Slide>,
}

#[derive(Serialize)]
struct AgendaItem {
    key: &'static str,
    title: &'static str,
    minutes: u32,
    first: usize,
}

/// One slide: its `number` (its id, so `#5` opens it), the `section` it belongs to (`opening`,
/// `teams`, `projects`, `oncall`, `incidents`, `outcomes`), its `title`, who presents it
/// (`presenter`, with `role`), its speaker `notes` (`[{text, file, field}]`: a figure, and the
/// record and field it comes from), the team's `presenter_notes` (HTML), and its `kind` with
/// that kind's fields (see [`Content`]).
#[derive(Serialize)]
struct Slide {
    number: usize,
    section: &'static str,
    title: String,
    presenter: Option<Person>,
    role: &'static str,
    notes: Vec<Note>,
    presenter_notes: Option<String>,
    #[serde(flatten)]
    content: Content,
}

/// A line of speaker notes: what it says, and the record and field it comes from.
#[derive(Serialize)]
struct Note {
    text: String,
    file: Option<String>,
    field: Option<String>,
}

fn note(text: impl Into<String>, file: Option<&str>, field: Option<String>) -> Note {
    Note {
        text: text.into(),
        file: file.map(str::to_string),
        field,
    }
}

/// What a slide shows, by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Content {
    /// `summary` (HTML), `dashboard` (the dashboard of the week, if any).
    Title {
        summary: Option<String>,
        dashboard: Option<AuditedService>,
    },
    /// `sentences`: what is unusual this week.
    Unusual {
        sentences: Vec<Sentence>,
        baseline_weeks: u32,
    },
    /// A team with something to speak to: its `figures`, its `flags` (sentences) and
    /// `team_notes` (HTML).
    Team {
        figures: Box<TeamWeekFigures>,
        flags: Vec<Sentence>,
        team_notes: Option<String>,
    },
    /// The teams with nothing to report (`teams`: figures), and those with no section
    /// (`silent`).
    Quiet {
        teams: Vec<TeamWeekFigures>,
        silent: Vec<RefLink>,
    },
    Projects {
        projects: Vec<ProjectRow>,
    },
    /// The week's load per team: a chart in large type, and `rows`.
    Oncall {
        chart: Option<Embedded>,
        rows: Vec<OncallRow>,
    },
    /// An incident: its summary, `reviewed` (listed by the review) and its action items.
    Incident {
        incident: Box<IncidentSummary>,
        reviewed: bool,
        actions: Vec<ActionRow>,
    },
    NoIncident,
    /// Wins (HTML), the action items raised, and the items overdue at the week's end: how
    /// many, and by owner (`[{owner, items: [id]}]`).
    Outcomes {
        wins: Vec<String>,
        actions: Vec<ActionRow>,
        overdue: usize,
        overdue_by_owner: Vec<OwnerItems>,
    },
}

/// The service whose dashboards are audited this week: the service, its team, and the
/// dashboards (`[{title, url}]`).
#[derive(Serialize)]
struct AuditedService {
    service: RefLink,
    team: Option<RefLink>,
    dashboards: Vec<ExternalLink>,
}

#[derive(Serialize)]
struct ExternalLink {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct OwnerItems {
    owner: Person,
    items: Vec<String>,
}

/// A team's on-call week: pages by time of day, health, and why the week was heavy.
#[derive(Serialize)]
struct OncallRow {
    team: RefLink,
    oncall: Option<Person>,
    /// Null when the team reported no pages (no data, not zero).
    pages: Option<u64>,
    off_hours: Option<u64>,
    sleep: Option<u64>,
    health: Option<u8>,
    /// Why the week counts as heavy; empty when it does not.
    heavy: Vec<String>,
}

const SECTIONS: [(&str, &str); 6] = [
    ("opening", "Opening"),
    ("teams", "Teams"),
    ("projects", "Projects and migrations"),
    ("oncall", "On-call"),
    ("incidents", "Incidents"),
    ("outcomes", "Wins and action items"),
];

/// The slides' address: `reviews/2025-W14/slides/`.
pub fn address(week: Week) -> String {
    format!("{}slides/", Ref::Review(week).address())
}

/// The facts the slides of one week are built from.
struct Deck<'a> {
    a: &'a Archive,
    f: &'a Analysis,
    r: &'a Review,
    week: Week,
    /// The review's file, below the site root.
    file: String,
    md: Md<'a>,
    facilitator: Option<Person>,
    slides: Vec<Slide>,
}

impl Deck<'_> {
    fn push(
        &mut self,
        section: &'static str,
        title: impl Into<String>,
        presenter: (Option<Person>, &'static str),
        notes: Vec<Note>,
        content: Content,
    ) {
        self.slides.push(Slide {
            number: self.slides.len() + 1,
            section,
            title: title.into(),
            presenter: presenter.0,
            role: presenter.1,
            notes,
            presenter_notes: None,
            content,
        });
    }

    fn chair(&self) -> (Option<Person>, &'static str) {
        (self.facilitator.clone(), "facilitator")
    }

    fn field(&self, path: String) -> Option<String> {
        Some(path)
    }

    fn file(&self) -> Option<&str> {
        Some(&self.file)
    }

    fn opening(&mut self, meeting: Option<&WeekMeeting>) {
        let (a, fr) = (self.a, &self.r.front);
        let dashboard = meeting
            .and_then(|m| m.audited_service.as_deref())
            .map(|id| AuditedService {
                service: RefLink::service(a, id),
                team: a
                    .services
                    .get(id)
                    .and_then(|s| s.team())
                    .map(|t| RefLink::team(a, t)),
                dashboards: a
                    .services
                    .get(id)
                    .and_then(|s| s.doc.as_ref())
                    .map(|d| d.front.dashboards.iter().map(external).collect())
                    .unwrap_or_default(),
            });
        let mut notes = vec![match fr.facilitator {
            Some(_) => note("Facilitator", self.file(), self.field("facilitator".into())),
            None => note(
                "Facilitator, from the rotation",
                Some("content/site.yaml"),
                Some("facilitators".into()),
            ),
        }];
        notes.push(note(
            format!("Time budget, {} minutes", a.site.meeting.total()),
            Some("content/site.yaml"),
            Some("meeting".into()),
        ));
        if let Some(d) = &dashboard {
            notes.push(note(
                format!(
                    "Dashboard of the week, {}: every service in turn (docs/metrics.md, \"The meeting\"); its dashboards",
                    d.service.title
                ),
                Some(&format!("content/services/{}.md", d.service.text.trim_start_matches("service:"))),
                Some("dashboards".into()),
            ));
        }
        if fr.summary.is_some() {
            notes.push(note("Summary", self.file(), self.field("summary".into())));
        }
        let summary = fr.summary.as_deref().map(|s| self.md.inline(s));
        let title = format!("Week {}", self.week);
        let chair = self.chair();
        self.push(
            "opening",
            title,
            chair,
            notes,
            Content::Title { summary, dashboard },
        );
        let baseline_weeks = a.site.baseline_weeks;
        let notes = vec![
            note(
                format!("Each team's week against the median of its previous {baseline_weeks} sections, plus what is always worth a look (docs/metrics.md)"),
                Some("content/site.yaml"),
                Some("baseline_weeks, unusual".into()),
            ),
            note("Every figure from the week's record", self.file(), self.field("teams".into())),
        ];
        let chair = self.chair();
        self.push(
            "opening",
            "What is unusual this week",
            chair,
            notes,
            Content::Unusual {
                sentences: unusual::sentences(a, self.f, self.week),
                baseline_weeks,
            },
        );
    }

    /// Where a team's figures come from.
    fn team_notes(&self, team: &str, tw: &TeamWeek, figures: &TeamWeekFigures) -> Vec<Note> {
        let a = self.a;
        let at = |field: &str| self.field(format!("teams.{team}.{field}"));
        let zone = a
            .teams
            .get(team)
            .and_then(|t| t.front.time_zone.as_ref())
            .unwrap_or(&a.site.time_zone);
        let mut notes = vec![];
        let pages = match (figures.page_count, &figures.split) {
            (Some(n), Some(split)) => format!(
                "{}: {} business hours, {} off-hours, {} sleep hours in {}",
                count(n, "page"),
                split.get("business").copied().unwrap_or(0),
                split.get("off-hours").copied().unwrap_or(0),
                split.get("sleep").copied().unwrap_or(0),
                zone.name
            ),
            _ => "Pages not reported this week (no data, not zero)".to_string(),
        };
        match &tw.pages_csv {
            Some(csv) => notes.push(note(
                pages,
                Some(&format!("content/reviews/{}/{csv}", self.week.year())),
                at("pages_csv"),
            )),
            None => notes.push(note(pages, self.file(), at("pages"))),
        }
        if let Some(t) = tw.tickets {
            notes.push(note(
                count(t as usize, "ticket"),
                self.file(),
                at("tickets"),
            ));
        }
        if let Some(h) = tw.health {
            notes.push(note(format!("Health {h} of 5"), self.file(), at("health")));
        }
        for (key, value) in &tw.slos {
            let name = key.split('/').next().unwrap_or(key);
            let target = a
                .slos
                .get(name)
                .map(|s| format!(", target from {}", s.source.path.display()))
                .unwrap_or_default();
            notes.push(note(
                format!("{key} {value} %{target}"),
                self.file(),
                at(&format!("slos.{key}")),
            ));
        }
        for (key, value) in &tw.metrics {
            let unit = self
                .f
                .metric(team, key)
                .map_or("", |s| s.decl.unit.as_str());
            notes.push(note(
                format!("{key} {value} {unit}"),
                self.file(),
                at(&format!("metrics.{key}")),
            ));
        }
        if tw.notes.is_some() {
            notes.push(note("Notes", self.file(), at("notes")));
        }
        notes
    }

    fn teams(&mut self, meeting: Option<&WeekMeeting>) {
        let (a, f, fr, week) = (self.a, self.f, &self.r.front, self.week);
        let flags = f.unusual_in(week);
        let speaking: &[String] = meeting.map_or(&[], |m| m.speaking.as_slice());
        for team in speaking {
            let Some(tw) = fr.teams.get(team) else {
                continue;
            };
            let figures = TeamWeekFigures::of(a, f, week, team, tw);
            let own: Vec<Sentence> = meeting
                .and_then(|m| m.team_flags.get(team))
                .into_iter()
                .flatten()
                .filter_map(|n| flags.get(*n))
                .map(|flag| unusual::sentence(a, f, flag))
                .collect();
            let mut notes = self.team_notes(team, tw, &figures);
            let presenter_notes = tw.notes_for_presenter.as_deref().map(|n| self.md.block(n));
            if presenter_notes.is_some() {
                notes.push(note(
                    "Notes for the presenter",
                    self.file(),
                    self.field(format!("teams.{team}.notes_for_presenter")),
                ));
            }
            let presenter = (figures.oncall.first().cloned(), "on call this week");
            let title = figures.team.title.clone();
            self.push(
                "teams",
                title,
                presenter,
                notes,
                Content::Team {
                    flags: unusual::serious_first(own),
                    team_notes: tw.notes.as_deref().map(|n| self.md.block(n)),
                    figures: Box::new(figures),
                },
            );
            if let Some(last) = self.slides.last_mut() {
                last.presenter_notes = presenter_notes;
            }
        }
        let quiet: Vec<TeamWeekFigures> = meeting
            .map_or(&[][..], |m| m.quiet.as_slice())
            .iter()
            .filter_map(|t| Some(TeamWeekFigures::of(a, f, week, t, fr.teams.get(t)?)))
            .collect();
        let silent: Vec<RefLink> = a
            .teams
            .keys()
            .filter(|t| !fr.teams.contains_key(*t))
            .map(|t| RefLink::team(a, t))
            .collect();
        if !quiet.is_empty() || !silent.is_empty() || speaking.is_empty() {
            let mut notes: Vec<Note> = quiet
                .iter()
                .map(|t| {
                    note(
                        format!("{}: nothing unusual, no notes", t.team.title),
                        self.file(),
                        self.field(format!("teams.{}", t.id)),
                    )
                })
                .collect();
            if !silent.is_empty() {
                let names: Vec<&str> = silent.iter().map(|t| t.title.as_str()).collect();
                notes.push(note(
                    format!("No section this week: {}", names.join(", ")),
                    self.file(),
                    self.field("teams".into()),
                ));
            }
            let chair = self.chair();
            self.push(
                "teams",
                "Nothing to report",
                chair,
                notes,
                Content::Quiet {
                    teams: quiet,
                    silent,
                },
            );
        }
    }

    fn projects(&mut self) {
        let projects = ProjectRow::list(self.a, self.r, &self.md);
        let notes = vec![note(
            "Presented by each project's team",
            self.file(),
            self.field("projects".into()),
        )];
        self.push(
            "projects",
            "Projects and migrations",
            (None, "each project's team"),
            notes,
            Content::Projects { projects },
        );
    }

    fn oncall(&mut self, charts: &mut Charts) {
        let (a, f, fr, week) = (self.a, self.f, &self.r.front, self.week);
        let loads: Vec<(&String, Option<&crate::analyze::oncall::WeekLoad>)> =
            fr.teams.keys().map(|t| (t, f.loads.get(week, t))).collect();
        let rows: Vec<OncallRow> = loads
            .iter()
            .map(|(team, load)| {
                // No data is shown as missing, never as 0.
                let counts = load.and_then(|l| l.pages);
                OncallRow {
                    team: RefLink::team(a, team),
                    oncall: fr
                        .teams
                        .get(*team)
                        .and_then(|tw| tw.oncall.first())
                        .map(|p| Person::of(a, p)),
                    pages: counts.map(|c| c.pages),
                    off_hours: counts.map(|c| c.off_hours),
                    sleep: counts.map(|c| c.sleep),
                    health: fr.teams.get(*team).and_then(|tw| tw.health),
                    heavy: load
                        .map(|l| {
                            l.heavy
                                .iter()
                                .map(|h| h.describe(|p| a.person_name(p).to_string()))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let chart = (!rows.is_empty()).then(|| {
            let mut c = chart(
                "oncall-load",
                &format!("Pages per team in {week}"),
                "team",
                "pages",
                short_names(rows.iter().map(|r| r.team.title.as_str())),
            );
            // A team that reported no pages is a gap, not a zero.
            let series = |pick: fn(&OncallRow) -> Option<u64>| -> Vec<Option<f64>> {
                rows.iter().map(|r| pick(r).map(|v| v as f64)).collect()
            };
            c.series = vec![
                bars(
                    "business hours",
                    series(|r| Some(r.pages?.saturating_sub(r.off_hours? + r.sleep?))),
                ),
                bars("off-hours", series(|r| r.off_hours)),
                bars("sleep hours", series(|r| r.sleep)),
            ];
            c.stacked = true;
            c.marked = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.heavy.is_empty())
                .map(|(i, _)| i)
                .collect();
            c.marked_label = "heavy on-call week".into();
            c.text_scale = Some(1.5);
            let heavy: Vec<&str> = rows
                .iter()
                .filter(|r| !r.heavy.is_empty())
                .map(|r| r.team.title.as_str())
                .collect();
            let total: u64 = rows.iter().filter_map(|r| r.pages).sum();
            let reported = rows.iter().filter(|r| r.pages.is_some()).count();
            c.description = format!(
                "{} across the {} that reported them in {week}, by business hours, off-hours and sleep hours in each team's time zone; heavy on-call weeks: {}.",
                count(total as usize, "page"),
                count(reported, "team"),
                if heavy.is_empty() { "none".to_string() } else { heavy.join(", ") }
            );
            charts.chart(&c)
        });
        let h = &a.site.heavy_week;
        let notes = vec![
            note(
                "Each team's pages, by its local time: business hours, off-hours, sleep hours",
                self.file(),
                self.field("teams.<team>.pages".into()),
            ),
            note(
                format!(
                    "Heavy: more than {} pages for one responder, {} or more sleep-hour pages, or health {} or lower",
                    h.pages_per_responder, h.sleep_pages, h.health_at_most
                ),
                Some("content/site.yaml"),
                Some("heavy_week, business_hours, sleep_hours".into()),
            ),
            note(
                "Prepared by the facilitator from the available data",
                None,
                None,
            ),
        ];
        let chair = self.chair();
        self.push(
            "oncall",
            "On-call",
            chair,
            notes,
            Content::Oncall { chart, rows },
        );
    }

    fn incidents(&mut self) {
        let (a, f, fr, week) = (self.a, self.f, &self.r.front, self.week);
        let mut listed: Vec<usize> = fr
            .incidents
            .iter()
            .filter_map(|id| a.incident_index(id))
            .collect();
        for i in f.index.incidents_in(week) {
            if !listed.contains(i) {
                listed.push(*i);
            }
        }
        if listed.is_empty() {
            let notes = vec![note(
                "No incident listed, none started this week",
                self.file(),
                self.field("incidents".into()),
            )];
            let chair = self.chair();
            self.push("incidents", "Incidents", chair, notes, Content::NoIncident);
        }
        for n in listed {
            let Some(i) = a.incidents.get(n) else {
                continue;
            };
            let fi = &i.front;
            let reviewed = fr.incidents.contains(&fi.id);
            let file = i.source.path.display().to_string();
            let at = |field: &str| Some(file.as_str()).zip(Some(field.to_string()));
            let mut notes = vec![];
            for (text, field) in [
                ("Severity, status and times", "severity, status, started"),
                ("Impact", "impact"),
                ("Proximate causes", "proximate_causes"),
                ("Action items", "action_items"),
            ] {
                let (file, field) = at(field).unzip();
                notes.push(note(text, file, field));
            }
            notes.push(if reviewed {
                note(
                    "Reviewed this week",
                    self.file(),
                    self.field("incidents".into()),
                )
            } else {
                note(
                    "Started this week, not yet listed under incidents: in the week's record",
                    self.file(),
                    self.field("incidents".into()),
                )
            });
            let presenter = match &fi.commander {
                Some(c) => (Some(Person::of(a, c)), "incident commander"),
                None => (
                    fi.teams
                        .first()
                        .and_then(|t| fr.teams.get(t))
                        .and_then(|tw| tw.oncall.first())
                        .map(|p| Person::of(a, p)),
                    "on call for the incident's team",
                ),
            };
            let md = Md::new(a, &address(week));
            let actions =
                ActionRow::list(a, f, f.actions_of(a, &Origin::Incident(fi.id.clone())), &md);
            self.push(
                "incidents",
                format!("{}: {}", fi.id, fi.title),
                presenter,
                notes,
                Content::Incident {
                    incident: Box::new(IncidentSummary::of(a, f, n, &md)),
                    reviewed,
                    actions,
                },
            );
        }
    }

    fn outcomes(&mut self, meeting: Option<&WeekMeeting>) {
        let (a, f, fr, week) = (self.a, self.f, &self.r.front, self.week);
        let wins = fr.wins.iter().map(|w| self.md.inline(w)).collect();
        let actions = ActionRow::list(a, f, f.actions_of(a, &Origin::Review(week)), &self.md);
        let overdue_by_owner: Vec<OwnerItems> = meeting
            .map(|m| {
                m.overdue_by_owner
                    .iter()
                    .map(|(owner, ns)| OwnerItems {
                        owner: Person::of(a, owner),
                        items: ns
                            .iter()
                            .filter_map(|n| a.actions.get(*n))
                            .map(|x| x.item.id.clone())
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let overdue = overdue_by_owner.iter().map(|o| o.items.len()).sum();
        let notes = vec![
            note("Wins", self.file(), self.field("wins".into())),
            note(
                "Action items raised this week: every question nobody could answer",
                self.file(),
                self.field("action_items".into()),
            ),
            note(
                "Overdue: open and due before the end of the week, from every review and incident",
                None,
                None,
            ),
        ];
        let chair = self.chair();
        self.push(
            "outcomes",
            "Wins and action items",
            chair,
            notes,
            Content::Outcomes {
                wins,
                actions,
                overdue,
                overdue_by_owner,
            },
        );
    }
}

/// Names short enough for a chart's axis: the first word of each, when those tell them apart.
fn short_names<'n>(names: impl Iterator<Item = &'n str> + Clone) -> Vec<String> {
    let first = |n: &'n str| n.split_whitespace().next().unwrap_or(n).to_string();
    let short: Vec<String> = names.clone().map(first).collect();
    let mut unique = short.clone();
    unique.sort();
    unique.dedup();
    if unique.len() == short.len() {
        short
    } else {
        names.map(str::to_string).collect()
    }
}

fn external(d: &Dashboard) -> ExternalLink {
    match d {
        Dashboard::Url(url) => ExternalLink {
            title: url.clone(),
            url: url.clone(),
        },
        Dashboard::Titled { title, url } => ExternalLink {
            title: title.clone(),
            url: url.clone(),
        },
    }
}

pub fn page(a: &Archive, f: &Analysis, n: usize) -> View<SlidesPage> {
    let r = &a.reviews[n];
    let week = r.front.week;
    let me = address(week);
    let meeting = f.meeting_of(week);
    let mut charts = Charts::new(&me);
    let mut deck = Deck {
        a,
        f,
        r,
        week,
        file: r.source.path.display().to_string(),
        md: Md::new(a, &me)
            .in_folder(week.to_string())
            .one_folder_down(),
        facilitator: a.facilitator(r).map(|p| Person::of(a, p)),
        slides: vec![],
    };
    deck.opening(meeting);
    deck.teams(meeting);
    deck.projects();
    deck.oncall(&mut charts);
    deck.incidents();
    deck.outcomes(meeting);
    let minutes = a.site.meeting.sections();
    let agenda = SECTIONS
        .iter()
        .zip(minutes)
        .map(|((key, title), (_, minutes))| AgendaItem {
            key,
            title,
            minutes,
            first: deck
                .slides
                .iter()
                .find(|s| s.section == *key)
                .map_or(0, |s| s.number),
        })
        .collect();
    let view = SlidesPage {
        week: week.to_string(),
        dates: week_dates(week),
        draft: r.front.draft,
        facilitator: deck.facilitator.clone(),
        review: Ref::Review(week).address(),
        agenda,
        total_minutes: a.site.meeting.total(),
        slides: deck.slides,
    };
    let description = format!("The slides of the week {week} operational review.");
    View::new(me, "slides.html", format!("Slides: week {week}"), view)
        .crumb("Reviews", "reviews/")
        .crumb(&format!("Week {week}"), &Ref::Review(week).address())
        .described(Some(&description))
        .files(charts.files)
}
