//! Stage 2, **resolve**: turn what was loaded into one model of the archive, [`Archive`], and
//! check every reference between records. A problem is placed at the YAML value that names the
//! missing record.

// What the archive's files say decides these indexes: every access is checked.
#![deny(clippy::indexing_slicing)]

pub mod aliases;
pub mod links;
mod memo;
pub mod refs;

pub use memo::Memo;

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostics, Position};
use crate::load::records::*;
use crate::load::{Asset, Document, Loaded, Slo, SloService, Source};
use crate::types::Week;
pub use refs::Ref;

pub type Team = Document<TeamFront>;
pub type Review = Document<ReviewFront>;
pub type Incident = Document<IncidentFront>;
pub type Runbook = Document<RunbookFront>;
pub type Page = Document<PageFront>;

/// A service, declared by `services/<id>.md`, by an OpenSLO `kind: Service` document, or both.
#[derive(Debug, Clone)]
pub struct Service {
    pub id: String,
    pub doc: Option<Document<ServiceFront>>,
    pub openslo: Option<SloService>,
}

impl Service {
    pub fn name(&self) -> &str {
        match (&self.doc, &self.openslo) {
            (Some(d), _) => &d.front.name,
            (None, Some(s)) => s.display_name.as_deref().unwrap_or(&s.name),
            (None, None) => &self.id,
        }
    }

    pub fn team(&self) -> Option<&str> {
        self.doc.as_ref().map(|d| d.front.team.as_str())
    }

    pub fn description(&self) -> Option<&str> {
        let from_doc = self
            .doc
            .as_ref()
            .and_then(|d| d.front.description.as_deref());
        from_doc.or(self.openslo.as_ref().and_then(|s| s.description.as_deref()))
    }
}

/// Where an action item was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    Review(Week),
    Incident(String),
}

impl Origin {
    pub fn as_ref(&self) -> Ref {
        match self {
            Origin::Review(w) => Ref::Review(*w),
            Origin::Incident(id) => Ref::Incident(id.clone()),
        }
    }
}

/// An action item with what the archive knows about it.
#[derive(Debug, Clone)]
pub struct Action {
    pub item: ActionItem,
    pub origin: Origin,
    /// The date of the record that created it: the review's Monday or the incident's start.
    pub created: Date,
    /// Its team: as written, else the owner's team, else the origin's first team.
    pub team: Option<String>,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub teams: Vec<String>,
}

/// The whole archive, checked. Collections are ordered (by id, week or start time) so that
/// everything built from them is deterministic.
#[derive(Debug)]
pub struct Archive {
    pub root: PathBuf,
    pub site: SiteConfig,
    /// The reference date for "open", "overdue" and "latest": never the wall clock.
    pub as_of: Date,
    pub people: BTreeMap<String, Person>,
    pub teams: BTreeMap<String, Team>,
    pub services: BTreeMap<String, Service>,
    pub slos: BTreeMap<String, Slo>,
    /// Oldest first.
    pub reviews: Vec<Arc<Review>>,
    /// By start time, oldest first.
    pub incidents: Vec<Arc<Incident>>,
    /// Incident id → its index in `incidents`.
    incident_ids: BTreeMap<String, usize>,
    pub runbooks: BTreeMap<String, Runbook>,
    pub pages: BTreeMap<String, Page>,
    pub actions: Vec<Action>,
    /// Every alert name that paged or that a runbook answers.
    pub alerts: BTreeSet<String>,
    /// Record → the records that link to it (wiki links and front-matter references).
    pub backlinks: links::Backlinks,
    /// Old and short addresses that redirect to a record.
    pub redirects: Vec<aliases::Redirect>,
    /// Records whose file has errors (see `Loaded::unreadable`).
    pub unreadable: BTreeSet<String>,
    /// Whether site.yaml was read without problems (see `Loaded::site_readable`).
    pub site_readable: bool,
    /// Records after an as-of date given on the command line (`2025-W14`, `INC-2025-014` →
    /// title): left out of this build, so references to them are plain text, not broken.
    pub later: BTreeMap<String, String>,
    /// Whether the as-of date was given (a build "as of" a past day), not the default.
    pub as_of_given: bool,
    pub assets: Vec<Asset>,
    pub records_read: usize,
}

impl Archive {
    pub fn review(&self, week: Week) -> Option<&Review> {
        self.shared_review(week).map(Arc::as_ref)
    }

    /// The review of `week` as shared with the load cache: the same `Arc` until its file
    /// changes.
    pub fn shared_review(&self, week: Week) -> Option<&Arc<Review>> {
        self.reviews
            .binary_search_by_key(&week, |r| r.front.week)
            .ok()
            .and_then(|i| self.reviews.get(i))
    }

    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.incidents
            .get(self.incident_index(id)?)
            .map(Arc::as_ref)
    }

    /// The index of an incident in `incidents`.
    pub fn incident_index(&self, id: &str) -> Option<usize> {
        self.incident_ids.get(id).copied()
    }

    /// The week an incident belongs to: the ISO week of its start, in the site's time zone.
    pub fn incident_week(&self, incident: &Incident) -> Week {
        Week::containing(
            incident
                .front
                .started
                .to_zoned(self.site.time_zone.tz.clone())
                .date(),
        )
    }

    pub fn team_zone(&self, team: &str) -> &jiff::tz::TimeZone {
        self.teams
            .get(team)
            .and_then(|t| t.front.time_zone.as_ref())
            .map_or(&self.site.time_zone.tz, |z| &z.tz)
    }

    /// The review's facilitator: as written, else from the site's rotation.
    pub fn facilitator<'a>(&'a self, review: &'a Review) -> Option<&'a str> {
        review.front.facilitator.as_deref().or_else(|| {
            self.site
                .facilitators
                .as_ref()?
                .person_for(review.front.week)
        })
    }

    pub fn person_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.people.get(id).map_or(id, |p| p.name.as_str())
    }

    /// Whether a reference names a record of the archive.
    pub fn exists(&self, r: &Ref) -> bool {
        match r {
            Ref::Incident(id) => self.incident(id).is_some(),
            Ref::Review(w) => self.review(*w).is_some(),
            Ref::Team(id) => self.teams.contains_key(id),
            Ref::Service(id) => self.services.contains_key(id),
            Ref::Slo(id) => self.slos.contains_key(id),
            Ref::Alert(name) => self.alerts.contains(name),
            Ref::Runbook(id) => self.runbooks.contains_key(id),
            Ref::Page(id) => self.pages.contains_key(id),
        }
    }

    /// A record's title, for link texts.
    pub fn title(&self, r: &Ref) -> String {
        match r {
            Ref::Incident(id) => self
                .incident(id)
                .map_or(id.clone(), |i| format!("{id}: {}", i.front.title)),
            Ref::Review(w) => format!("Week {w}"),
            Ref::Team(id) => self
                .teams
                .get(id)
                .map_or(id.clone(), |t| t.front.name.clone()),
            Ref::Service(id) => self
                .services
                .get(id)
                .map_or(id.clone(), |s| s.name().to_string()),
            Ref::Slo(id) => self
                .slos
                .get(id)
                .map_or(id.clone(), |s| s.display_name.clone()),
            Ref::Alert(name) => name.clone(),
            Ref::Runbook(id) => self
                .runbooks
                .get(id)
                .map_or(id.clone(), |r| r.front.title.clone()),
            Ref::Page(id) => self
                .pages
                .get(id)
                .map_or(id.clone(), |p| p.front.title.clone()),
        }
    }

    /// The metrics a team's section reports: the team's own by id, and its services' as
    /// `<service>/<metric>` — (key, the service that declares it, its declaration): the
    /// team's own first, by id, then each service's, by service and id.
    pub fn team_metrics(&self, team: &str) -> Vec<(String, Option<&str>, &MetricDecl)> {
        let mut all: Vec<(String, Option<&str>, &MetricDecl)> = vec![];
        if let Some(t) = self.teams.get(team) {
            all.extend(t.front.metrics.iter().map(|(k, m)| (k.clone(), None, m)));
        }
        for (id, s) in &self.services {
            let Some(doc) = s.doc.as_ref().filter(|d| d.front.team == team) else {
                continue;
            };
            all.extend(
                doc.front
                    .metrics
                    .iter()
                    .map(|(k, m)| (format!("{id}/{k}"), Some(id.as_str()), m)),
            );
        }
        all
    }

    /// The declaration of the metric a team's section reports as `key`.
    pub fn metric_decl(&self, team: &str, key: &str) -> Option<&MetricDecl> {
        match key.split_once('/') {
            None => self.teams.get(team)?.front.metrics.get(key),
            Some((service, metric)) => {
                let doc = self.services.get(service)?.doc.as_ref()?;
                (doc.front.team == team)
                    .then(|| doc.front.metrics.get(metric))
                    .flatten()
            }
        }
    }

    /// Every SLO objective by the key reviews use for it.
    pub fn objective_keys(&self) -> BTreeSet<&str> {
        self.slos
            .values()
            .flat_map(|s| s.objectives.iter().map(|o| o.key.as_str()))
            .collect()
    }
}

/// Builds the archive from what was loaded, reporting every broken reference.
pub fn resolve(loaded: Loaded, as_of: Option<Date>, d: &mut Diagnostics) -> Archive {
    resolve_with(loaded, as_of, &mut Memo::default(), d)
}

/// Like [`resolve`], taking from `memo` what an earlier resolve found in records that have not
/// changed since, and keeping this one's.
pub fn resolve_with(
    loaded: Loaded,
    as_of: Option<Date>,
    memo: &mut Memo,
    d: &mut Diagnostics,
) -> Archive {
    let as_of_given = as_of.is_some();
    let Loaded {
        root,
        site,
        site_source,
        site_readable,
        teams,
        services,
        slos,
        slo_services,
        mut reviews,
        mut incidents,
        runbooks,
        pages,
        assets,
        files_read,
        unreadable,
        figures: _,
        settings,
    } = loaded;

    reviews.sort_by_key(|r| r.front.week);
    for pair in reviews.windows(2) {
        let [first, second] = pair else { continue };
        if first.front.week == second.front.week {
            duplicate(
                d,
                &second.source,
                "week",
                &format!("review {}", second.front.week),
                &first.source,
                "week",
            );
        }
    }
    reviews.dedup_by_key(|r| r.front.week);

    incidents.sort_by(|a, b| (a.front.started, &a.front.id).cmp(&(b.front.started, &b.front.id)));
    let mut incident_ids: BTreeMap<String, Source> = BTreeMap::new();
    incidents.retain(|i| match incident_ids.get(&i.front.id) {
        Some(first) => {
            duplicate(
                d,
                &i.source,
                "id",
                &format!("incident {}", i.front.id),
                first,
                "id",
            );
            false
        }
        None => {
            incident_ids.insert(i.front.id.clone(), i.source.clone());
            true
        }
    });

    // An as-of date given on the command line shows the archive as it was then: reviews of
    // later weeks and incidents that started later are left out, and references to them are
    // not wrong (they render as plain text).
    let mut later: BTreeMap<String, String> = BTreeMap::new();
    if let Some(day) = as_of {
        let tz = site.time_zone.tz.clone();
        reviews.retain(|r| {
            let keep = r.front.week.monday() <= day;
            if !keep {
                later.insert(r.front.week.to_string(), format!("Week {}", r.front.week));
            }
            keep
        });
        incidents.retain(|i| {
            let keep = i.front.started.to_zoned(tz.clone()).date() <= day;
            if !keep {
                later.insert(
                    i.front.id.clone(),
                    format!("{}: {}", i.front.id, i.front.title),
                );
            }
            keep
        });
    }
    let as_of = as_of.unwrap_or_else(|| default_as_of(&reviews, &incidents, &site));
    // A later week's own files (alert logs, images) are left out with it.
    let mut assets = assets;
    assets.retain(|x| {
        let week =
            x.to.strip_prefix("reviews/")
                .and_then(|r| r.split('/').next());
        week.is_none_or(|w| !later.contains_key(w))
    });

    let teams: BTreeMap<String, Team> = by_id(teams);
    let runbooks: BTreeMap<String, Runbook> = by_id(runbooks);
    let pages: BTreeMap<String, Page> = by_id(pages);

    let mut service_map: BTreeMap<String, Service> = services
        .into_iter()
        .map(|doc| {
            (
                doc.id.clone(),
                Service {
                    id: doc.id.clone(),
                    doc: Some(doc),
                    openslo: None,
                },
            )
        })
        .collect();
    for s in slo_services {
        let entry = service_map
            .entry(s.name.clone())
            .or_insert_with(|| Service {
                id: s.name.clone(),
                doc: None,
                openslo: None,
            });
        match &entry.openslo {
            Some(first) => duplicate(
                d,
                &s.source,
                "metadata.name",
                &format!("OpenSLO service `{}`", s.name),
                &first.source,
                "metadata.name",
            ),
            None => entry.openslo = Some(s),
        }
    }

    let mut slo_map: BTreeMap<String, Slo> = BTreeMap::new();
    for slo in slos {
        match slo_map.get(&slo.name) {
            Some(first) => duplicate(
                d,
                &slo.source,
                "metadata.name",
                &format!("SLO `{}`", slo.name),
                &first.source,
                "metadata.name",
            ),
            None => {
                slo_map.insert(slo.name.clone(), slo);
            }
        }
    }

    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    for (id, entry) in &site.people {
        people.insert(
            id.clone(),
            Person {
                id: id.clone(),
                name: entry.name.clone(),
                teams: vec![],
            },
        );
    }
    for (team_id, team) in &teams {
        for member in &team.front.members {
            let p = people.entry(member.clone()).or_insert_with(|| Person {
                id: member.clone(),
                name: member.clone(),
                teams: vec![],
            });
            p.teams.push(team_id.clone());
        }
    }

    // Each name once, before it is copied: a large archive pages the same alerts many times.
    // Sorted and deduplicated as a list: a set would compare each page's name as it goes in.
    let mut alert_names: Vec<&str> = runbooks
        .values()
        .flat_map(|r| r.front.alerts.iter().map(String::as_str))
        .collect();
    for r in &reviews {
        for tw in r.front.teams.values() {
            alert_names.extend(tw.pages.iter().map(|p| p.alert.as_str()));
        }
    }
    alert_names.par_sort_unstable();
    alert_names.dedup();
    let alerts: BTreeSet<String> = alert_names.into_iter().map(str::to_string).collect();

    let mut archive = Archive {
        root,
        site,
        as_of,
        people,
        teams,
        services: service_map,
        slos: slo_map,
        reviews,
        incident_ids: incidents
            .iter()
            .enumerate()
            .map(|(n, i)| (i.front.id.clone(), n))
            .collect(),
        incidents,
        runbooks,
        pages,
        actions: vec![],
        alerts,
        backlinks: BTreeMap::new(),
        redirects: vec![],
        unreadable,
        site_readable,
        later,
        as_of_given,
        assets,
        records_read: files_read,
    };
    archive.actions = collect_actions(&archive, d);
    // The references in front matter and the links in texts are checked side by side; their
    // problems are reported in that order. Reviews and incidents are checked one by one, and
    // kept in `memo` for the next resolve.
    let warn_only = archive.site.broken_links == BrokenLinks::Warn;
    let world = memo::world(&archive, settings, warn_only);
    let raised = memo::raised(&archive);
    let keep = memo.keeps();
    let Memo {
        links: scans,
        references,
        ..
    } = memo;
    let (checked, (backlinks, linked)) = rayon::join(
        || {
            let mut d = Diagnostics::new();
            Checker {
                a: &archive,
                d: &mut d,
            }
            .run(&site_source);
            let found = Checker::records(&archive, references, &raised, world);
            for problems in found.values() {
                d.extend(problems.clone());
            }
            if keep {
                references.keep(found);
            }
            d
        },
        || {
            let mut d = Diagnostics::new();
            let backlinks = links::collect(&archive, warn_only, scans, &raised, world, &mut d);
            (backlinks, d)
        },
    );
    d.extend(checked);
    d.extend(linked);
    archive.backlinks = backlinks;
    archive.redirects = aliases::collect(&archive, d);
    archive
}

fn duplicate(
    d: &mut Diagnostics,
    source: &Source,
    field: &str,
    what: &str,
    first: &Source,
    first_field: &str,
) {
    let first_at = first
        .at(first_field)
        .map_or(String::new(), |p| format!(":{}", p.line));
    d.error(
        &source.path,
        source.at(field),
        format!(
            "{what} is defined twice (first in {}{first_at}; expected one record per id)",
            first.path.display()
        ),
    );
}

fn by_id<T>(docs: Vec<Document<T>>) -> BTreeMap<String, Document<T>> {
    docs.into_iter().map(|doc| (doc.id.clone(), doc)).collect()
}

/// The last day of the newest review week, so that the same content always builds the same site.
/// A draft is a week being prepared, not the latest review: the default is the last day of the
/// newest review that is not a draft (with only drafts, the Monday of the newest).
fn default_as_of(reviews: &[Arc<Review>], incidents: &[Arc<Incident>], site: &SiteConfig) -> Date {
    if let Some(r) = reviews.iter().rev().find(|r| !r.front.draft) {
        return r.front.week.sunday();
    }
    if let Some(r) = reviews.last() {
        return r.front.week.monday();
    }
    incidents
        .iter()
        .map(|i| i.front.started.to_zoned(site.time_zone.tz.clone()).date())
        .max()
        .unwrap_or(Date::constant(2000, 1, 1))
}

fn collect_actions(a: &Archive, d: &mut Diagnostics) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut seen: BTreeMap<String, (Source, usize)> = BTreeMap::new();
    let owner_team = |owner: &str| a.people.get(owner).and_then(|p| p.teams.first().cloned());
    let sources = a
        .reviews
        .iter()
        .map(|r| {
            (
                &r.front.action_items,
                &r.source,
                Origin::Review(r.front.week),
                r.front.week.monday(),
                None,
            )
        })
        .chain(a.incidents.iter().map(|i| {
            let created = i.front.started.to_zoned(a.site.time_zone.tz.clone()).date();
            (
                &i.front.action_items,
                &i.source,
                Origin::Incident(i.front.id.clone()),
                created,
                i.front.teams.first().cloned(),
            )
        }));
    for (items, source, origin, created, origin_team) in sources {
        for (n, item) in items.iter().enumerate() {
            if let Some((first, m)) = seen.get(&item.id) {
                duplicate(
                    d,
                    source,
                    &format!("action_items.{n}.id"),
                    &format!("action item {}", item.id),
                    first,
                    &format!("action_items.{m}.id"),
                );
                continue;
            }
            seen.insert(item.id.clone(), (source.clone(), n));
            let refs = item
                .refs
                .iter()
                .enumerate()
                .filter_map(|(k, text)| match Ref::parse(text) {
                    Ok(r) => Some(r),
                    Err(message) => {
                        d.error(
                            &source.path,
                            source.at(&format!("action_items.{n}.refs.{k}")),
                            message,
                        );
                        None
                    }
                })
                .collect();
            actions.push(Action {
                item: item.clone(),
                origin: origin.clone(),
                created,
                team: item
                    .team
                    .clone()
                    .or_else(|| owner_team(&item.owner))
                    .or_else(|| origin_team.clone()),
                refs,
            });
        }
    }
    actions.sort_by(|x, y| (x.created, &x.item.id).cmp(&(y.created, &y.item.id)));
    actions
}

/// The file of an action item and its index in that file's `action_items` (actions come from
/// loaded records, so there always is one).
fn action_place<'a>(a: &'a Archive, action: &Action) -> Option<(&'a Source, usize)> {
    let (source, items) = match &action.origin {
        Origin::Review(w) => {
            let r = a.review(*w)?;
            (&r.source, &r.front.action_items)
        }
        Origin::Incident(id) => {
            let i = a.incident(id)?;
            (&i.source, &i.front.action_items)
        }
    };
    let index = items.iter().position(|i| i.id == action.item.id)?;
    Some((source, index))
}

/// Every cross-record check, each placed at the value that names the missing record.
struct Checker<'a> {
    a: &'a Archive,
    d: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn missing(
        &mut self,
        file: &Path,
        at: Option<Position>,
        kind: &str,
        id: &str,
        expected: String,
    ) {
        // A record whose file has errors is reported there, not again at every reference.
        let as_ref = match kind {
            "incident" | "review" => id.to_string(),
            _ => format!("{kind}:{id}"),
        };
        if self.a.unreadable.contains(&as_ref) || self.a.later.contains_key(&as_ref) {
            return;
        }
        self.d
            .error(file, at, format!("unknown {kind} `{id}` ({expected})"));
    }

    fn known<'k>(names: impl Iterator<Item = &'k String>) -> String {
        let names: Vec<&str> = names.map(String::as_str).collect();
        match names.len() {
            0 => "there are none yet".into(),
            n if n <= 8 => format!("expected one of: {}", names.join(", ")),
            n => format!(
                "expected one of: {}, … ({n} in all)",
                names.get(..8).unwrap_or_default().join(", ")
            ),
        }
    }

    /// `path` is formatted only for a problem: most references are fine.
    fn team(&mut self, source: &Source, path: impl fmt::Display, id: &str) {
        if !self.a.teams.contains_key(id) {
            let expected = Self::known(self.a.teams.keys());
            self.missing(
                &source.path,
                source.at(&path.to_string()),
                "team",
                id,
                format!("{expected}; a team is content/teams/<id>.md"),
            );
        }
    }

    fn service(&mut self, source: &Source, path: impl fmt::Display, id: &str) {
        self.service_in(&source.path, || source.at(&path.to_string()), id);
    }

    /// A service named at a place of a file (a cell of a CSV alert log, say). The place is
    /// looked up only for a problem: finding it parses the file's YAML again.
    fn service_in(&mut self, file: &Path, at: impl FnOnce() -> Option<Position>, id: &str) {
        if !self.a.services.contains_key(id) {
            let expected = Self::known(self.a.services.keys());
            self.missing(
                file,
                at(),
                "service",
                id,
                format!("{expected}; a service is content/services/<id>.md"),
            );
        }
    }

    fn person(&mut self, source: &Source, path: impl fmt::Display, id: &str) {
        self.person_in(&source.path, || source.at(&path.to_string()), id);
    }

    fn person_in(&mut self, file: &Path, at: impl FnOnce() -> Option<Position>, id: &str) {
        // People are declared in site.yaml: without it, nobody is known.
        if self.a.site_readable && !self.a.people.contains_key(id) {
            let expected = "expected a member of a team, or an entry of people: in site.yaml";
            self.missing(file, at(), "person", id, expected.into());
        }
    }

    fn incident(&mut self, source: &Source, path: impl fmt::Display, id: &str) {
        if self.a.incident(id).is_none() {
            let expected =
                "expected the id of a file in content/incidents/<year>/, like INC-2025-014";
            self.missing(
                &source.path,
                source.at(&path.to_string()),
                "incident",
                id,
                expected.into(),
            );
        }
    }

    fn run(mut self, site_source: &Source) {
        let a = self.a;
        if let Some(r) = &a.site.facilitators {
            for (n, period) in r.periods.iter().enumerate() {
                for (i, p) in period.people.iter().enumerate() {
                    let path = format!("facilitators.{}.{i}", r.path(n, "people"));
                    self.person(site_source, &path, p);
                }
            }
        }
        if let Some(theme) = &a.site.theme {
            // A theme that is not a plain name is reported when site.yaml is read.
            let name = crate::load::walk::theme_name_problem(theme).is_none();
            if name && !a.root.join("themes").join(theme).is_dir() {
                let expected = format!("expected a folder themes/{theme}/ beside content/");
                self.d.error(
                    &site_source.path,
                    site_source.at("theme"),
                    format!("theme `{theme}` not found ({expected})"),
                );
            }
        }
        for team in a.teams.values() {
            if let Some(r) = &team.front.oncall_rotation {
                for (n, period) in r.periods.iter().enumerate() {
                    for (i, p) in period.people.iter().enumerate() {
                        let path = format!("oncall_rotation.{}.{i}", r.path(n, "people"));
                        self.person(&team.source, &path, p);
                    }
                }
            }
        }
        for s in a.services.values() {
            let Some(doc) = &s.doc else { continue };
            self.team(&doc.source, "team", &doc.front.team);
            for (i, rb) in doc.front.runbooks.iter().enumerate() {
                if !a.runbooks.contains_key(rb) {
                    let expected = Self::known(a.runbooks.keys());
                    self.missing(
                        &doc.source.path,
                        doc.source.at(&format!("runbooks.{i}")),
                        "runbook",
                        rb,
                        expected,
                    );
                }
            }
        }
        for slo in a.slos.values() {
            self.service(&slo.source, "spec.service", &slo.service);
        }
        for rb in a.runbooks.values() {
            for (i, s) in rb.front.services.iter().enumerate() {
                self.service(&rb.source, format_args!("services.{i}"), s);
            }
            if let Some(owner) = &rb.front.owner {
                self.team(&rb.source, "owner", owner);
            }
        }
    }

    /// The problems of each review's and incident's references, with the action items each
    /// raised: the last resolve's for a record found from the same world (see [`memo`]).
    fn records(
        a: &Archive,
        last: &memo::Records<Diagnostics>,
        raised: &memo::Raised,
        world: Option<u128>,
    ) -> memo::Found<Diagnostics> {
        let objectives = a.objective_keys();
        let severities: Vec<&str> = a.site.severities.iter().map(|s| s.id.as_str()).collect();
        let action_ids: BTreeSet<&str> = a.actions.iter().map(|x| x.item.id.as_str()).collect();
        let check = |record: &dyn Fn(&mut Checker), actions: &[&Action]| {
            let mut d = Diagnostics::new();
            let mut checker = Checker { a, d: &mut d };
            record(&mut checker);
            for action in actions {
                checker.action(action);
            }
            d
        };
        let carried = |r: &Review| {
            let known: Vec<bool> = r
                .front
                .carried_over
                .iter()
                .map(|id| action_ids.contains(id.as_str()))
                .collect();
            crate::types::fingerprint(&known)
        };
        last.find(
            a,
            world,
            raised,
            carried,
            |r, actions| check(&|c| c.review(r, &objectives, &action_ids), actions),
            |i, actions| check(&|c| c.incident_references(i, &severities), actions),
        )
    }

    fn incident_references(&mut self, i: &Incident, severities: &[&str]) {
        let (src, f) = (&i.source, &i.front);
        if self.a.site_readable && !severities.contains(&f.severity.as_str()) {
            let expected = format!(
                "expected one of the site's scale: {}",
                severities.join(", ")
            );
            self.d.error(
                &src.path,
                src.at("severity"),
                format!("unknown severity `{}` ({expected})", f.severity),
            );
        }
        for (n, t) in f.teams.iter().enumerate() {
            self.team(src, format_args!("teams.{n}"), t);
        }
        for (n, s) in f.services.iter().enumerate() {
            self.service(src, format_args!("services.{n}"), s);
        }
        if let Some(c) = &f.commander {
            self.person(src, "commander", c);
        }
        for (n, other) in f.related.iter().enumerate() {
            if other == &f.id {
                self.d.error(
                    &src.path,
                    src.at(&format!("related.{n}")),
                    "an incident cannot be related to itself (expected another incident's id)",
                );
            } else {
                self.incident(src, format_args!("related.{n}"), other);
            }
        }
    }

    fn action(&mut self, action: &Action) {
        let a = self.a;
        let Some((source, index)) = action_place(a, action) else {
            return;
        };
        self.person(
            source,
            format_args!("action_items.{index}.owner"),
            &action.item.owner,
        );
        if let Some(t) = &action.item.team {
            self.team(source, format_args!("action_items.{index}.team"), t);
        }
        for (k, r) in action.refs.iter().enumerate() {
            if !a.exists(r) {
                let expected = match r {
                    Ref::Alert(_) => {
                        "expected an alert that paged in some review or that a runbook answers"
                            .to_string()
                    }
                    _ => format!("expected an existing {}", r.kind()),
                };
                self.d.error(
                    &source.path,
                    source.at(&format!("action_items.{index}.refs.{k}")),
                    format!("`{r}` refers to no record ({expected})"),
                );
            }
        }
    }

    fn review(&mut self, r: &Review, objectives: &BTreeSet<&str>, action_ids: &BTreeSet<&str>) {
        let src = &r.source;
        if let Some(f) = &r.front.facilitator {
            self.person(src, "facilitator", f);
        }
        for (team, tw) in &r.front.teams {
            if !self.a.teams.contains_key(team) {
                let expected = Self::known(self.a.teams.keys());
                self.missing(
                    &src.path,
                    src.key_at(&format!("teams.{team}")),
                    "team",
                    team,
                    expected,
                );
            }
            let base = format_args!("teams.{team}");
            for (i, p) in tw.oncall.iter().enumerate() {
                self.person(src, format_args!("{base}.oncall.{i}"), p);
            }
            for key in tw.slos.keys() {
                if !objectives.contains(key.as_str()) {
                    let expected = "expected an SLO's metadata.name, or name/objective for an SLO with several objectives";
                    self.missing(
                        &src.path,
                        src.key_at(&format!("{base}.slos.{key}")),
                        "SLO",
                        key,
                        expected.into(),
                    );
                }
            }
            for (key, value) in &tw.metrics {
                match self.a.metric_decl(team, key) {
                    None => {
                        if !self.a.teams.contains_key(team) {
                            continue; // the team is reported
                        }
                        let keys: Vec<String> =
                            self.a.team_metrics(team).into_iter().map(|m| m.0).collect();
                        let expected = format!(
                            "{}; a metric is declared under `metrics:` of content/teams/{team}.md, or of a service of the team as <service>/<metric>",
                            Self::known(keys.iter())
                        );
                        self.missing(
                            &src.path,
                            src.key_at(&format!("{base}.metrics.{key}")),
                            "metric",
                            key,
                            expected,
                        );
                    }
                    Some(m) => {
                        if let Some(why) = m.kind.refuses(*value) {
                            self.d.error(
                                &src.path,
                                src.at(&format!("{base}.metrics.{key}")),
                                format!(
                                    "{key} {value} {}: not of the metric's kind ({why})",
                                    m.unit
                                ),
                            );
                        }
                    }
                }
            }
            // The week with a day either side in the team's zone, as instants: from the start
            // of the Sunday before to the end of the Monday after.
            let zone = self.a.team_zone(team);
            let start_of = |day: jiff::civil::Date, otherwise: jiff::Timestamp| {
                day.to_zoned(zone.clone())
                    .map_or(otherwise, |z| z.timestamp())
            };
            let (from, until) = (
                start_of(
                    r.front.week.monday() - jiff::Span::new().days(1),
                    jiff::Timestamp::MIN,
                ),
                start_of(
                    r.front.week.sunday() + jiff::Span::new().days(2),
                    jiff::Timestamp::MAX,
                ),
            );
            for (i, page) in tw.pages.iter().enumerate() {
                // A page read from a CSV log is placed at its cells, one written in YAML at
                // its values.
                let file = page.cells.as_ref().map_or(&*src.path, |c| &*c.file);
                let place = |field: &str| match &page.cells {
                    Some(c) => match field {
                        "at" => Some(c.at),
                        "service" => Some(c.service),
                        _ => c.responder,
                    },
                    None => src.at(&format!("{base}.pages.{i}.{field}")),
                };
                self.service_in(file, || place("service"), &page.service);
                if let Some(p) = &page.responder {
                    self.person_in(file, || place("responder"), p);
                }
                if page.at < from || page.at >= until {
                    let what = format!("page `{}` at {} is outside week {} (expected a time within the week it is reported in)", page.alert, page.at, r.front.week);
                    self.d.warning(file, place("at"), what);
                }
            }
        }
        for (i, p) in r.front.projects.iter().enumerate() {
            if let Some(t) = &p.team {
                self.team(src, format_args!("projects.{i}.team"), t);
            }
        }
        for (i, id) in r.front.incidents.iter().enumerate() {
            self.incident(src, format_args!("incidents.{i}"), id);
        }
        for (i, id) in r.front.carried_over.iter().enumerate() {
            if !action_ids.contains(id.as_str()) {
                self.d.error(
                    &src.path,
                    src.at(&format!("carried_over.{i}")),
                    format!("unknown action item `{id}` (expected the id of an action item raised in a review or an incident)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::write_file;

    /// The review of `week` and every problem's message, resolved from `root` through a
    /// keeping load cache and memo, as `serve` resolves.
    fn kept_resolve(
        root: &Path,
        files: &mut crate::load::Cache,
        memo: &mut Memo,
        week: &str,
    ) -> (Arc<Review>, Vec<String>) {
        let mut d = Diagnostics::new();
        let loaded = crate::load::load_with(root, files, &mut d).unwrap();
        let archive = resolve_with(loaded, None, memo, &mut d);
        let messages = d.sorted().iter().map(|x| x.message.clone()).collect();
        let review = archive.shared_review(week.parse().unwrap()).unwrap();
        (Arc::clone(review), messages)
    }

    /// The warnings of an archive whose team `far` (New York) reports `pages` in 2025-W10.
    fn page_warnings(pages: &[&str]) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let pages: String = pages
            .iter()
            .map(|at| format!("      - {{ at: {at}, alert: Odd, service: web }}\n"))
            .collect();
        for (path, text) in [
            (
                "site.yaml",
                "title: T\norganisation: O\ntime_zone: UTC\n".to_string(),
            ),
            (
                "teams/far.md",
                "---\nname: Far\ntime_zone: America/New_York\nmembers: [cy]\n---\n".into(),
            ),
            ("services/web.md", "---\nname: Web\nteam: far\n---\n".into()),
            (
                "reviews/2025/2025-W10.md",
                format!("---\nweek: 2025-W10\nteams:\n  far:\n    pages:\n{pages}---\n"),
            ),
        ] {
            write_file(&dir.path().join("content"), path, &text);
        }
        let mut d = Diagnostics::new();
        let loaded = crate::load::load(dir.path(), &mut d).unwrap();
        resolve(loaded, None, &mut d);
        d.iter()
            .filter(|x| x.message.contains("is outside week"))
            .map(|x| x.message.clone())
            .collect()
    }

    #[test]
    fn a_page_more_than_a_day_outside_its_week_in_the_teams_zone_is_a_warning() {
        // 2025-W10 is Monday 3 to Sunday 9 March; a day either side is allowed: from Sunday
        // 2 March 00:00 in New York (EST, 05:00 UTC) until Monday 10 March ends (EDT since
        // the 9th: 04:00 UTC on the 11th).
        let inside = ["2025-03-02T05:00:00Z", "2025-03-11T03:59:59Z"];
        assert_eq!(page_warnings(&inside), Vec::<String>::new());
        let outside = page_warnings(&["2025-03-02T04:59:59Z", "2025-03-11T04:00:00Z"]);
        assert_eq!(outside.len(), 2, "{outside:?}");
        assert!(outside[0].contains("2025-03-02T04:59:59Z is outside week 2025-W10"));
    }

    #[test]
    fn a_kept_review_is_checked_again_when_what_it_names_changes() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let write = |path: &str, text: &str| write_file(&content, path, text);
        write("site.yaml", "title: T\norganisation: O\ntime_zone: UTC\n");
        write("teams/ops.md", "---\nname: Ops\nmembers: [ann]\n---\n");
        write(
            "reviews/2025/2025-W10.md",
            "---\nweek: 2025-W10\nsummary: See [[team:ops]].\nteams:\n  ops:\n    oncall: [ann]\n---\n",
        );
        let (mut files, mut memo) = (crate::load::Cache::keeping(), Memo::keeping());
        let mut problems = || kept_resolve(dir.path(), &mut files, &mut memo, "2025-W10");
        let (first, none) = problems();
        assert!(none.is_empty(), "{none:?}");
        // The review's file is unchanged (the same record), but the team and its member are gone.
        write("teams/ops.md", "---\nname: Ops\nmembers: [bob]\n---\n");
        std::fs::rename(content.join("teams/ops.md"), content.join("teams/dev.md")).unwrap();
        let (again, found) = problems();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the load cache kept the review"
        );
        let has = |what: &str| found.iter().any(|m| m.contains(what));
        assert!(has("unknown team `ops`"), "{found:?}");
        assert!(has("unknown person `ann`"), "{found:?}");
        assert!(has("wiki link [[team:ops]] names no record"), "{found:?}");
    }

    #[test]
    fn a_kept_review_is_checked_again_when_an_item_it_carries_over_goes() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let write = |path: &str, text: &str| write_file(&content, path, text);
        write("site.yaml", "title: T\norganisation: O\ntime_zone: UTC\n");
        write("teams/ops.md", "---\nname: Ops\nmembers: [ann]\n---\n");
        let raising = "---\nweek: 2025-W10\naction_items:\n  - id: AI-1\n    title: Fix it\n    owner: ann\n    status: open\n---\n";
        write("reviews/2025/2025-W10.md", raising);
        write(
            "reviews/2025/2025-W11.md",
            "---\nweek: 2025-W11\ncarried_over: [AI-1]\n---\n",
        );
        let (mut files, mut memo) = (crate::load::Cache::keeping(), Memo::keeping());
        let mut problems = || kept_resolve(dir.path(), &mut files, &mut memo, "2025-W11");
        let (first, none) = problems();
        assert!(none.is_empty(), "{none:?}");
        // Another item is added beside it: W11 is kept, and still fine.
        write(
            "reviews/2025/2025-W10.md",
            &raising.replace("---\n\n", "").replace(
                "    status: open\n",
                "    status: open\n  - id: AI-2\n    title: And this\n    owner: ann\n    status: open\n",
            ),
        );
        let (kept, none) = problems();
        assert!(Arc::ptr_eq(&first, &kept) && none.is_empty(), "{none:?}");
        // The item W11 carries over is gone.
        write("reviews/2025/2025-W10.md", "---\nweek: 2025-W10\n---\n");
        let (again, found) = problems();
        assert!(Arc::ptr_eq(&first, &again), "the load cache kept W11");
        assert!(
            found
                .iter()
                .any(|m| m.contains("unknown action item `AI-1`")),
            "{found:?}"
        );
    }
}
