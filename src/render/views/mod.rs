//! What each page shows: a JSON context per page, built from the archive. Templates only lay
//! these out; every figure is computed here or in `analyze`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rayon::prelude::*;
use serde_json::{json, Value};

mod figures;
mod trends;

use figures::Figures;

use super::markdown::{self, Context};
use super::{link, root_for, Page};
use crate::analyze::{self, oncall, ActionState};
use crate::load::records::*;
use crate::resolve::{Action, Archive, Incident, Ref, Review};
use crate::types::{human_duration, Week};

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

/// Ids the built-in templates give their own sections; Markdown headings do not take them.
const TEMPLATE_IDS: &[&str] = &[
    "main",
    "latest",
    "open-incidents",
    "overdue",
    "recent-incidents",
    "earlier",
    "teams",
    "projects",
    "oncall",
    "incidents",
    "outcomes",
    "wins",
    "action-items",
    "discussion",
    "facts",
    "times",
    "causes",
    "related",
    "weeks",
    "open-actions",
    "alerts",
    "objectives",
    "history",
    "open",
    "closed",
    "unusual",
    "glance",
    "load",
    "fairness",
    "heavy",
    "grid",
    "budget",
    "streaks",
    "recurring",
    "heatmap",
    "follow-ups",
    "quarters",
    "durations",
    "repeats",
    "by-owner",
    "backlog",
    "over-time",
    "backlinks",
];

/// Every page of the site.
pub fn pages(a: &Archive) -> Vec<Page> {
    let f = &Figures::compute(a);
    let tagged = tags(a);
    let mut pages = vec![
        home(a, f),
        reviews_index(a),
        incidents_index(a),
        actions(a),
        trends::oncall_page(a, f),
        trends::alerts_index(a, f),
        trends::trends_page(a, f),
        teams_index(a),
        services_index(a),
        slos_index(a, f),
        runbooks_index(a),
        pages_index(a),
        super::search::page(a),
        tags_index(&tagged),
        not_found(a),
    ];
    pages.extend(
        tagged
            .iter()
            .map(|(slug, (name, records))| tag_page(a, slug, name, records)),
    );
    pages.par_extend(
        a.reviews
            .par_iter()
            .enumerate()
            .map(|(i, r)| review(a, f, i, r)),
    );
    pages.par_extend(a.incidents.par_iter().map(|i| incident(a, i)));
    pages.par_extend(
        a.alerts
            .par_iter()
            .map(|name| trends::alert_page(a, f, name)),
    );
    pages.par_extend(a.teams.par_iter().map(|(id, _)| team(a, f, id)));
    pages.par_extend(a.services.par_iter().map(|(id, _)| service(a, id)));
    pages.par_extend(a.slos.par_iter().map(|(id, _)| slo(a, f, id)));
    pages.par_extend(a.runbooks.par_iter().map(|(id, _)| runbook(a, id)));
    pages.par_extend(a.pages.par_iter().map(|(id, _)| free_page(a, id)));
    pages.extend(a.redirects.iter().map(|r| redirect(a, r)));
    add_backlinks(a, &mut pages);
    for p in &mut pages {
        add_description(a, p);
    }
    pages
}

/// Every page's `<meta name="description">`: the record's own summary where it has one (a
/// review's summary, an incident's impact, a description), else a sentence from its title.
fn add_description(a: &Archive, p: &mut Page) {
    let c = &p.context;
    let own = [
        &c["meta_description"],
        &c["summary"],
        &c["incident"]["impact"],
        &c["description"],
        &c["team"]["description"],
        &c["service"]["description"],
        &c["slo"]["description"],
    ]
    .into_iter()
    .find_map(|v| v.as_str().filter(|s| !s.trim().is_empty()))
    .map(|html| markdown::plain_text(&strip_tags(html), 160));
    let title = c["title"].as_str().unwrap_or_default();
    let text = own.unwrap_or_else(|| match &a.site.description {
        Some(d) if p.address.is_empty() => d.clone(),
        _ => format!("{title} — {}", a.site.title),
    });
    p.context["meta_description"] = json!(text);
}

/// The text of an HTML fragment: what the description needs from already rendered Markdown.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// `404.html`: served for any missing address, so its links start from `base_url`'s path (or
/// the root, when the site has no base_url and is served at the top of its host).
fn not_found(a: &Archive) -> Page {
    let root = a
        .site
        .base_url
        .as_deref()
        .and_then(|b| b.split_once("://").map(|(_, rest)| rest))
        .map(|rest| {
            rest.find('/').map_or("/".to_string(), |i| {
                format!("{}/", rest[i..].trim_end_matches('/'))
            })
        })
        .unwrap_or_else(|| "/".to_string());
    let mut p = page(
        "404/".into(),
        "404.html",
        "Page not found",
        vec![],
        json!({}),
    );
    p.output = Some("404.html".into());
    p.root = Some(root);
    p
}

fn tag_links(tags: &[String]) -> Vec<Value> {
    tags.iter()
        .map(|t| json!({ "name": t, "address": format!("tags/{}/", crate::types::slugify(t)) }))
        .collect()
}

/// Tag slug → (its name as first written, the records that carry it: reviews, incidents, pages).
fn tags(a: &Archive) -> BTreeMap<String, (String, Vec<Ref>)> {
    let mut tags: BTreeMap<String, (String, Vec<Ref>)> = BTreeMap::new();
    let tagged = a
        .reviews
        .iter()
        .rev()
        .map(|r| (Ref::Review(r.front.week), &r.front.tags))
        .chain(
            a.incidents
                .iter()
                .rev()
                .map(|i| (Ref::Incident(i.front.id.clone()), &i.front.tags)),
        )
        .chain(
            a.pages
                .iter()
                .map(|(id, p)| (Ref::Page(id.clone()), &p.front.tags)),
        );
    for (r, names) in tagged {
        for name in names {
            let entry = tags
                .entry(crate::types::slugify(name))
                .or_insert_with(|| (name.clone(), vec![]));
            if !entry.1.contains(&r) {
                entry.1.push(r.clone());
            }
        }
    }
    tags
}

fn tags_index(tagged: &BTreeMap<String, (String, Vec<Ref>)>) -> Page {
    let list: Vec<Value> = tagged
        .iter()
        .map(|(slug, (name, records))| json!({ "name": name, "address": format!("tags/{slug}/"), "count": records.len() }))
        .collect();
    page(
        "tags/".into(),
        "tags.html",
        "Tags",
        vec![],
        json!({ "tags": list }),
    )
}

/// One tag: its records by kind, newest first.
fn tag_page(a: &Archive, slug: &str, name: &str, records: &[Ref]) -> Page {
    let group = |kind: &str| -> Vec<Value> {
        records
            .iter()
            .filter(|r| r.kind() == kind)
            .map(|r| ref_link(a, r))
            .collect()
    };
    let groups = json!([
        { "kind": "Incidents", "links": group("incident") },
        { "kind": "Weekly reviews", "links": group("review") },
        { "kind": "Pages", "links": group("page") },
    ]);
    page(
        format!("tags/{slug}/"),
        "tag.html",
        name,
        vec![link("Tags", "tags/")],
        json!({ "groups": groups, "count": records.len() }),
    )
}

/// A page at an old or short address that sends the reader on to the record.
fn redirect(a: &Archive, r: &crate::resolve::aliases::Redirect) -> Page {
    let target = format!("{}{}", root_for(&r.from), r.to.address());
    let canonical = a
        .site
        .base_url
        .as_ref()
        .map(|base| format!("{}/{}", base.trim_end_matches('/'), r.to.address()));
    page(
        r.from.clone(),
        "redirect.html",
        &a.title(&r.to),
        vec![],
        json!({ "target": target, "canonical": canonical.unwrap_or_else(|| target.clone()) }),
    )
}

/// Every record's page lists what links to it, grouped by kind (reviews, incidents, …),
/// newest first for reviews and incidents, by name for the rest.
fn add_backlinks(a: &Archive, pages: &mut [Page]) {
    let by_address: BTreeMap<String, &Ref> = a.backlinks.keys().map(|r| (r.address(), r)).collect();
    for p in pages.iter_mut() {
        let Some(me) = by_address.get(&p.address) else {
            continue;
        };
        let mut groups: Vec<(&str, Vec<Value>)> = vec![];
        // Ref's order is kind first, then id (weeks and incident ids sort oldest first).
        for from in &a.backlinks[*me] {
            let kind = match from {
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
                Some((k, list)) if *k == kind => list.push(ref_link(a, from)),
                _ => groups.push((kind, vec![ref_link(a, from)])),
            }
        }
        for (kind, list) in &mut groups {
            if matches!(*kind, "Weekly reviews" | "Incidents") {
                list.reverse();
            }
        }
        p.context["backlinks"] = json!(groups
            .iter()
            .map(|(kind, list)| json!({ "kind": kind, "links": list }))
            .collect::<Vec<_>>());
    }
}

/// What every page has: site settings, the way back to the root, navigation.
pub fn add_common(a: &Archive, address: &str, context: &mut Value) {
    let section = address.split('/').next().unwrap_or("");
    let nav: Vec<Value> = NAV
        .iter()
        .map(|(title, addr)| json!({ "title": title, "address": addr, "current": addr.trim_end_matches('/') == section }))
        .collect();
    let obj = context.as_object_mut().expect("contexts are objects");
    obj.insert("root".into(), json!(root_for(address)));
    obj.insert("address".into(), json!(address));
    obj.insert("nav".into(), json!(nav));
    obj.insert(
        "site".into(),
        json!({
            "title": a.site.title,
            "organisation": a.site.organisation,
            "description": a.site.description,
            "language": a.site.language,
            "as_of": fmt_date(a.as_of),
        }),
    );
}

fn page(
    address: String,
    template: &'static str,
    title: &str,
    crumbs: Vec<Value>,
    mut context: Value,
) -> Page {
    let obj = context.as_object_mut().expect("contexts are objects");
    obj.insert("title".into(), json!(title));
    obj.insert("crumbs".into(), json!(crumbs));
    Page {
        address,
        template,
        context,
        files: vec![],
        output: None,
        root: None,
    }
}

/// Renders Markdown for the page at `address`. Broken wiki links were reported by the resolve
/// stage, at their line and column; here they only render as marked text.
struct Md<'a> {
    a: &'a Archive,
    root: String,
    local_folder: Option<String>,
}

impl<'a> Md<'a> {
    fn new(a: &'a Archive, address: &str) -> Self {
        Md {
            a,
            root: root_for(address),
            local_folder: None,
        }
    }

    fn run(&mut self, text: &str, inline: bool) -> String {
        let a = self.a;
        let resolve = |target: &str| -> Option<(String, String)> {
            let r = Ref::parse(target).ok()?;
            a.exists(&r)
                .then(|| (address_of(a, &r).unwrap_or_default(), a.title(&r)))
        };
        let cx = Context {
            root: &self.root,
            resolve: &resolve,
            local_folder: self.local_folder.as_deref(),
            reserved_ids: TEMPLATE_IDS,
        };
        if inline {
            markdown::render_inline(text, &cx)
        } else {
            markdown::render(text, &cx)
        }
    }

    fn block(&mut self, text: &str) -> String {
        self.run(text, false)
    }

    fn inline(&mut self, text: &str) -> String {
        self.run(text, true)
    }
}

/// The address of a record's page: every record that exists has one.
fn address_of(a: &Archive, r: &Ref) -> Option<String> {
    a.exists(r).then(|| r.address())
}

fn ref_link(a: &Archive, r: &Ref) -> Value {
    json!({ "title": a.title(r), "address": address_of(a, r), "kind": r.kind(), "text": r.to_string() })
}

fn fmt_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

fn fmt_time(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn week_dates(w: Week) -> String {
    let (m, s) = (w.monday(), w.sunday());
    if m.year() == s.year() {
        format!("{} – {}", m.strftime("%-d %b"), fmt_date(s))
    } else {
        format!("{} – {}", fmt_date(m), fmt_date(s))
    }
}

fn person(a: &Archive, id: &str) -> Value {
    json!({ "id": id, "name": a.person_name(id) })
}

fn team_link(a: &Archive, id: &str) -> Value {
    ref_link(a, &Ref::Team(id.to_string()))
}

fn service_link(a: &Archive, id: &str) -> Value {
    ref_link(a, &Ref::Service(id.to_string()))
}

fn severity(a: &Archive, id: &str) -> Value {
    let level = a.site.severities.iter().position(|s| s.id == id);
    let s = level.map(|i| &a.site.severities[i]);
    json!({ "id": id, "rank": level, "description": s.and_then(|s| s.description.clone()), "colour": s.and_then(|s| s.colour.clone()) })
}

fn durations(i: &IncidentFront) -> Value {
    let d = analyze::incident_durations(i);
    let h = |s: Option<i64>| s.map(human_duration);
    json!({ "detect": h(d.detect), "acknowledge": h(d.acknowledge), "mitigate": h(d.mitigate), "resolve": h(d.resolve) })
}

fn incident_summary(a: &Archive, i: &Incident, md: &mut Md) -> Value {
    let f = &i.front;
    let tz = &a.site.time_zone.tz;
    json!({
        "id": f.id,
        "title": f.title,
        "address": Ref::Incident(f.id.clone()).address(),
        "severity": severity(a, &f.severity),
        "status": f.status,
        "open": f.status.is_open(),
        "started": fmt_time(f.started, tz),
        "started_date": fmt_date(f.started.to_zoned(tz.clone()).date()),
        "week": a.incident_week(i).to_string(),
        "teams": f.teams.iter().map(|t| team_link(a, t)).collect::<Vec<_>>(),
        "services": f.services.iter().map(|s| service_link(a, s)).collect::<Vec<_>>(),
        "durations": durations(f),
        "impact": f.impact.as_deref().map(|t| md.inline(t)),
        "proximate_causes": f.proximate_causes.iter().map(|c| md.inline(c)).collect::<Vec<_>>(),
        "postmortem": f.postmortem,
        "action_count": f.action_items.len(),
    })
}

fn action_row(a: &Archive, action: &Action, md: &mut Md) -> Value {
    let state = analyze::action_state(action, a.as_of);
    let item = &action.item;
    json!({
        "id": item.id,
        "title": md.inline(&item.title),
        "owner": person(a, &item.owner),
        "team": action.team.as_deref().map(|t| team_link(a, t)),
        "due": item.due.map(fmt_date),
        "closed": item.closed.map(fmt_date),
        "state": state.as_str(),
        "origin": ref_link(a, &action.origin.as_ref()),
        "created": fmt_date(action.created),
        "age_days": analyze::action_age_days(action, a.as_of),
        "refs": action.refs.iter().map(|r| ref_link(a, r)).collect::<Vec<_>>(),
        "notes": item.notes.as_deref().map(|n| md.inline(n)),
    })
}

fn actions_where(a: &Archive, md: &mut Md, keep: impl Fn(&Action) -> bool) -> Vec<Value> {
    a.actions
        .iter()
        .filter(|x| analyze::action_raised_by(x, a.as_of) && keep(x))
        .map(|x| action_row(a, x, md))
        .collect()
}

fn is_unfinished(a: &Archive, x: &Action) -> bool {
    matches!(
        analyze::action_state(x, a.as_of),
        ActionState::Open | ActionState::Overdue
    )
}

/// A team's week in a review: on-call, figures, SLO attainment and pages. Its notes are the
/// review's own text and are added by the week's page.
fn team_week(a: &Archive, team: &str, tw: &TeamWeek) -> Value {
    let zone = a.team_zone(team);
    let (bh, sh) = (&a.site.business_hours, &a.site.sleep_hours);
    let mut split = BTreeMap::from([("business", 0), ("off-hours", 0), ("sleep", 0)]);
    let pages: Vec<Value> = tw
        .pages
        .iter()
        .map(|p| {
            let when = oncall::classify(p.at, zone, bh, sh);
            *split.entry(match when {
                oncall::PageTime::Business => "business",
                oncall::PageTime::OffHours => "off-hours",
                oncall::PageTime::Sleep => "sleep",
            }).or_default() += 1;
            json!({
                "at": fmt_time(p.at, zone),
                "alert": p.alert,
                "service": service_link(a, &p.service),
                "actionable": p.actionable,
                "ack": p.ack.map(|d| human_duration(d.seconds)),
                "responder": p.responder.as_deref().or(tw.oncall.first().map(String::as_str)).map(|r| person(a, r)),
                "when": when,
                "when_label": when.label(),
            })
        })
        .collect();
    let slos: Vec<Value> = tw
        .slos
        .iter()
        .map(|(key, value)| {
            let (name, objective) = key.split_once('/').unwrap_or((key, ""));
            let target = a
                .slos
                .get(name)
                .and_then(|s| s.objectives.iter().find(|o| &o.key == key))
                .map(analyze::slos::target_percent);
            json!({
                "key": key,
                "slo": ref_link(a, &Ref::Slo(name.to_string())),
                "objective": objective,
                "value": value,
                "target": target,
                "met": target.map(|t| *value >= t),
            })
        })
        .collect();
    let actionable = tw
        .pages
        .iter()
        .filter(|p| p.actionable == Some(true))
        .count();
    let marked = tw.pages.iter().filter(|p| p.actionable.is_some()).count();
    json!({
        "id": team,
        "team": team_link(a, team),
        "oncall": tw.oncall.iter().map(|p| person(a, p)).collect::<Vec<_>>(),
        "health": tw.health,
        "tickets": tw.tickets,
        "page_count": tw.pages.len(),
        "split": split,
        "actionable": actionable,
        "marked": marked,
        "slos": slos,
        "missed_slos": slos.iter().filter(|s| s["met"] == json!(false)).count(),
        "pages": pages,
    })
}

fn home(a: &Archive, f: &Figures) -> Page {
    let mut md = Md::new(a, "");
    let latest = a.reviews.last().map(|r| {
        json!({
            "week": r.front.week.to_string(),
            "address": Ref::Review(r.front.week).address(),
            "dates": week_dates(r.front.week),
            "summary": r.front.summary.as_deref().map(|s| md.inline(s)),
            "teams": r.front.teams.iter().map(|(t, tw)| team_week(a, t, tw)).collect::<Vec<_>>(),
            "facilitator": a.facilitator(r).map(|p| person(a, p)),
            "unusual": figures::unusual(a, f, r.front.week),
        })
    });
    let open_incidents: Vec<Value> = a
        .incidents
        .iter()
        .filter(|i| i.front.status.is_open())
        .rev()
        .map(|i| incident_summary(a, i, &mut md))
        .collect();
    let recent_incidents: Vec<Value> = a
        .incidents
        .iter()
        .rev()
        .take(6)
        .map(|i| incident_summary(a, i, &mut md))
        .collect();
    let overdue = actions_where(a, &mut md, |x| {
        analyze::action_state(x, a.as_of) == ActionState::Overdue
    });
    let open_count = a
        .actions
        .iter()
        .filter(|x| analyze::action_raised_by(x, a.as_of) && is_unfinished(a, x))
        .count();
    let recent_reviews: Vec<Value> = a
        .reviews
        .iter()
        .rev()
        .skip(1)
        .take(6)
        .map(|r| review_row(a, r, &mut md))
        .collect();
    page(
        String::new(),
        "index.html",
        &a.site.title,
        vec![],
        json!({
            "latest": latest,
            "open_incidents": open_incidents,
            "recent_incidents": recent_incidents,
            "overdue": overdue,
            "open_action_count": open_count,
            "recent_reviews": recent_reviews,
            "glance": trends::glance(a, f),
            "baseline_weeks": a.site.baseline_weeks,
            "counts": { "reviews": a.reviews.len(), "incidents": a.incidents.len(), "teams": a.teams.len(), "services": a.services.len(), "slos": a.slos.len() },
        }),
    )
}

fn review_row(a: &Archive, r: &Review, md: &mut Md) -> Value {
    let w = r.front.week;
    let pages: usize = r.front.teams.values().map(|t| t.pages.len()).sum();
    let incidents = a
        .incidents
        .iter()
        .filter(|i| a.incident_week(i) == w)
        .count();
    json!({
        "week": w.to_string(),
        "address": Ref::Review(w).address(),
        "dates": week_dates(w),
        "summary": r.front.summary.as_deref().map(|s| md.inline(s)),
        "pages": pages,
        "incidents": incidents,
        "actions": r.front.action_items.len(),
    })
}

fn reviews_index(a: &Archive) -> Page {
    let mut md = Md::new(a, "reviews/");
    let mut years: BTreeMap<i16, BTreeMap<u8, Vec<Value>>> = BTreeMap::new();
    for r in a.reviews.iter().rev() {
        let w = r.front.week;
        years
            .entry(w.year)
            .or_default()
            .entry(w.quarter())
            .or_default()
            .push(review_row(a, r, &mut md));
    }
    let years: Vec<Value> = years
        .into_iter()
        .rev()
        .map(|(year, quarters)| {
            let quarters: Vec<Value> = quarters
                .into_iter()
                .rev()
                .map(|(q, weeks)| json!({ "quarter": q, "weeks": weeks }))
                .collect();
            json!({ "year": year, "quarters": quarters })
        })
        .collect();
    page(
        "reviews/".into(),
        "reviews.html",
        "Weekly reviews",
        vec![],
        json!({ "years": years, "count": a.reviews.len() }),
    )
}

fn review(a: &Archive, fig: &Figures, index: usize, r: &Review) -> Page {
    let w = r.front.week;
    let address = Ref::Review(w).address();
    let mut md = Md::new(a, &address);
    md.local_folder = Some(w.to_string());
    let mut others = Md::new(a, &address);
    let f = &r.front;
    let teams: Vec<Value> = f
        .teams
        .iter()
        .map(|(t, tw)| {
            let mut v = team_week(a, t, tw);
            v["notes"] = json!(tw.notes.as_deref().map(|n| md.block(n)));
            v
        })
        .collect();
    let silent: Vec<Value> = a
        .teams
        .keys()
        .filter(|t| !f.teams.contains_key(*t))
        .map(|t| team_link(a, t))
        .collect();
    // Section 4: the incidents reviewed, and those that started this week (linked anyway).
    let mut incident_ids: Vec<&str> = f.incidents.iter().map(String::as_str).collect();
    for i in &a.incidents {
        if a.incident_week(i) == w && !incident_ids.contains(&i.front.id.as_str()) {
            incident_ids.push(&i.front.id);
        }
    }
    let incidents: Vec<Value> = incident_ids
        .iter()
        .filter_map(|id| a.incident(id))
        .map(|i| {
            let mut s = incident_summary(a, i, &mut others);
            s["reviewed"] = json!(f.incidents.contains(&i.front.id));
            s["started_this_week"] = json!(a.incident_week(i) == w);
            s
        })
        .collect();
    let projects: Vec<Value> = f
        .projects
        .iter()
        .map(|p| json!({ "title": p.title, "team": p.team.as_deref().map(|t| team_link(a, t)), "status": p.status, "risk": p.risk, "notes": p.notes.as_deref().map(|n| md.inline(n)) }))
        .collect();
    let created = actions_where(a, &mut md, |x| {
        x.origin == crate::resolve::Origin::Review(w)
    });
    let neighbour = |r: Option<&Review>| {
        r.map(|r| {
            link(
                format!("Week {}", r.front.week),
                Ref::Review(r.front.week).address(),
            )
        })
    };
    let context = json!({
        "week": w.to_string(),
        "dates": week_dates(w),
        "year": w.year,
        "draft": f.draft,
        "facilitator": a.facilitator(r).map(|p| person(a, p)),
        "summary": f.summary.as_deref().map(|s| md.inline(s)),
        "teams": teams,
        "silent_teams": silent,
        "projects": projects,
        "incidents": incidents,
        "wins": f.wins.iter().map(|w| md.inline(w)).collect::<Vec<_>>(),
        "actions": created,
        "unusual": figures::unusual(a, fig, w),
        "baseline_weeks": a.site.baseline_weeks,
        "tags": tag_links(&f.tags),
        "body": md.block(&r.body),
        "previous": neighbour(index.checked_sub(1).and_then(|i| a.reviews.get(i))),
        "next": neighbour(a.reviews.get(index + 1)),
        "source": r.source.path.display().to_string(),
    });
    let crumbs = vec![link("Reviews", "reviews/")];
    let p = page(
        address,
        "review.html",
        &format!("Week {w}"),
        crumbs,
        context,
    );
    p
}

fn incidents_index(a: &Archive) -> Page {
    let mut md = Md::new(a, "incidents/");
    let mut charts = figures::Charts::new("incidents/");
    let by_month = trends::incidents_by_month(a, &mut charts);
    let mut years: BTreeMap<i16, Vec<Value>> = BTreeMap::new();
    for i in a.incidents.iter().rev() {
        let year = i.front.started.to_zoned(a.site.time_zone.tz.clone()).year();
        years
            .entry(year)
            .or_default()
            .push(incident_summary(a, i, &mut md));
    }
    let years: Vec<Value> = years
        .into_iter()
        .rev()
        .map(|(year, list)| json!({ "year": year, "incidents": list }))
        .collect();
    let severities: Vec<Value> = a
        .site
        .severities
        .iter()
        .map(|s| json!({ "id": s.id, "description": s.description, "colour": s.colour, "count": a.incidents.iter().filter(|i| i.front.severity == s.id).count() }))
        .collect();
    let mut p = page(
        "incidents/".into(),
        "incidents.html",
        "Incidents",
        vec![],
        json!({ "years": years, "severities": severities, "count": a.incidents.len(), "by_month": by_month }),
    );
    p.files = charts.files;
    p
}

fn incident(a: &Archive, i: &Incident) -> Page {
    let f = &i.front;
    let address = Ref::Incident(f.id.clone()).address();
    let mut md = Md::new(a, &address);
    let tz = &a.site.time_zone.tz;
    let times: Vec<Value> = [
        ("Started", Some(f.started)),
        ("Detected", f.detected),
        ("Acknowledged", f.acknowledged),
        ("Mitigated", f.mitigated),
        ("Resolved", f.resolved),
    ]
    .into_iter()
    .filter_map(|(label, t)| {
        t.map(|t| json!({ "label": label, "time": fmt_time(t, tz), "iso": t.to_string() }))
    })
    .collect();
    // Related both ways: listed here, or listing this one.
    let mut related: Vec<&str> = f.related.iter().map(String::as_str).collect();
    for other in &a.incidents {
        if other.front.related.contains(&f.id) && !related.contains(&other.front.id.as_str()) {
            related.push(&other.front.id);
        }
    }
    let related: Vec<Value> = related
        .iter()
        .filter_map(|id| a.incident(id))
        .map(|o| incident_summary(a, o, &mut md))
        .collect();
    let reviewed_in: Vec<Value> = a
        .reviews
        .iter()
        .filter(|r| r.front.incidents.contains(&f.id))
        .map(|r| {
            link(
                format!("Week {}", r.front.week),
                Ref::Review(r.front.week).address(),
            )
        })
        .collect();
    let context = json!({
        "incident": incident_summary(a, i, &mut md),
        "times": times,
        "commander": f.commander.as_deref().map(|c| person(a, c)),
        "detection": f.detection,
        "trigger": f.trigger,
        "tags": tag_links(&f.tags),
        "related": related,
        "reviewed_in": reviewed_in,
        "actions": actions_where(a, &mut md, |x| x.origin == crate::resolve::Origin::Incident(f.id.clone())),
        "body": md.block(&i.body),
        "time_zone": a.site.time_zone.name,
        "source": i.source.path.display().to_string(),
    });
    let crumbs = vec![link("Incidents", "incidents/")];
    let p = page(
        address,
        "incident.html",
        &format!("{}: {}", f.id, f.title),
        crumbs,
        context,
    );
    p
}

fn teams_index(a: &Archive) -> Page {
    let teams: Vec<Value> = a
        .teams
        .iter()
        .map(|(id, t)| {
            let services = a.services.values().filter(|s| s.team() == Some(id)).count();
            let oncall = t.front.oncall_rotation.as_ref().and_then(|r| r.person_for(Week::containing(a.as_of))).map(|p| person(a, p));
            json!({ "name": t.front.name, "address": Ref::Team(id.clone()).address(), "description": t.front.description, "members": t.front.members.len(), "services": services, "oncall": oncall, "time_zone": t.front.time_zone.as_ref().map_or(&a.site.time_zone.name, |z| &z.name) })
        })
        .collect();
    page(
        "teams/".into(),
        "teams.html",
        "Teams",
        vec![],
        json!({ "teams": teams }),
    )
}

fn team(a: &Archive, f: &Figures, id: &str) -> Page {
    let t = &a.teams[id];
    let address = Ref::Team(id.to_string()).address();
    let mut md = Md::new(a, &address);
    let this_week = Week::containing(a.as_of);
    let rotation = t.front.oncall_rotation.as_ref().map(|r| {
        json!({
            "start_week": r.start_week.to_string(),
            "people": r.people.iter().map(|p| person(a, p)).collect::<Vec<_>>(),
            "current": r.person_for(this_week).map(|p| person(a, p)),
            "next": r.person_for(this_week.next()).map(|p| person(a, p)),
        })
    });
    let services: Vec<&crate::resolve::Service> = a
        .services
        .values()
        .filter(|s| s.team() == Some(id))
        .collect();
    let slos: Vec<Value> = a
        .slos
        .values()
        .filter(|s| services.iter().any(|sv| sv.id == s.service))
        .map(|s| ref_link(a, &Ref::Slo(s.name.clone())))
        .collect();
    let weeks: Vec<Value> = a
        .reviews
        .iter()
        .rev()
        .filter_map(|r| r.front.teams.get(id).map(|tw| (r, tw)))
        .take(12)
        .map(|(r, tw)| {
            let mut v = team_week(a, id, tw);
            v["week"] = json!(r.front.week.to_string());
            v["address"] = json!(Ref::Review(r.front.week).address());
            v.as_object_mut().expect("object").remove("pages");
            v
        })
        .collect();
    let incidents: Vec<Value> = a
        .incidents
        .iter()
        .rev()
        .filter(|i| i.front.teams.iter().any(|x| x == id))
        .map(|i| incident_summary(a, i, &mut md))
        .collect();
    let runbooks: Vec<Value> = a
        .runbooks
        .iter()
        .filter(|(_, r)| r.front.owner.as_deref() == Some(id))
        .map(|(rid, _)| ref_link(a, &Ref::Runbook(rid.clone())))
        .collect();
    let context = json!({
        "team": { "id": id, "name": t.front.name, "description": t.front.description, "time_zone": t.front.time_zone.as_ref().map_or(&a.site.time_zone.name, |z| &z.name) },
        "members": t.front.members.iter().map(|m| person(a, m)).collect::<Vec<_>>(),
        "rotation": rotation,
        "services": services.iter().map(|s| service_link(a, &s.id)).collect::<Vec<_>>(),
        "slos": slos,
        "runbooks": runbooks,
        "weeks": weeks,
        "incidents": incidents,
        "actions": actions_where(a, &mut md, |x| x.team.as_deref() == Some(id) && is_unfinished(a, x)),
        "body": md.block(&t.body),
    });
    let mut charts = figures::Charts::new(&address);
    let mut context = context;
    context["oncall"] = trends::oncall_section(a, f, Some(id), &mut charts);
    let mut p = page(
        address,
        "team.html",
        &t.front.name,
        vec![link("Teams", "teams/")],
        context,
    );
    p.files = charts.files;
    p
}

fn services_index(a: &Archive) -> Page {
    let services: Vec<Value> = a
        .services
        .values()
        .map(|s| {
            json!({
                "name": s.name(), "address": Ref::Service(s.id.clone()).address(), "id": s.id,
                "team": s.team().map(|t| team_link(a, t)),
                "tier": s.doc.as_ref().and_then(|d| d.front.tier),
                "description": s.description(),
                "slos": a.slos.values().filter(|x| x.service == s.id).count(),
            })
        })
        .collect();
    page(
        "services/".into(),
        "services.html",
        "Services",
        vec![],
        json!({ "services": services }),
    )
}

fn service(a: &Archive, id: &str) -> Page {
    let s = &a.services[id];
    let address = Ref::Service(id.to_string()).address();
    let mut md = Md::new(a, &address);
    let mut alerts: BTreeMap<&str, (usize, Option<Week>)> = BTreeMap::new();
    for r in &a.reviews {
        for p in r
            .front
            .teams
            .values()
            .flat_map(|tw| &tw.pages)
            .filter(|p| p.service == id)
        {
            let e = alerts.entry(&p.alert).or_default();
            e.0 += 1;
            e.1 = Some(r.front.week);
        }
    }
    let alerts: Vec<Value> = alerts.into_iter().map(|(name, (count, last))| json!({ "name": name, "count": count, "last_week": last.map(|w| w.to_string()) })).collect();
    let doc = s.doc.as_ref();
    let context = json!({
        "service": {
            "id": id, "name": s.name(), "description": s.description(),
            "team": s.team().map(|t| team_link(a, t)),
            "tier": doc.and_then(|d| d.front.tier),
            "openslo": s.openslo.is_some(),
        },
        "dashboards": doc.map(|d| d.front.dashboards.iter().map(|x| match x {
            Dashboard::Url(url) => json!({ "title": url, "url": url }),
            Dashboard::Titled { title, url } => json!({ "title": title, "url": url }),
        }).collect::<Vec<_>>()).unwrap_or_default(),
        "runbooks": a.runbooks.iter().filter(|(rid, r)| r.front.services.iter().any(|x| x == id) || doc.is_some_and(|d| d.front.runbooks.contains(rid))).map(|(rid, _)| ref_link(a, &Ref::Runbook(rid.clone()))).collect::<Vec<_>>(),
        "slos": a.slos.values().filter(|x| x.service == id).map(|x| ref_link(a, &Ref::Slo(x.name.clone()))).collect::<Vec<_>>(),
        "incidents": a.incidents.iter().rev().filter(|i| i.front.services.iter().any(|x| x == id)).map(|i| incident_summary(a, i, &mut md)).collect::<Vec<_>>(),
        "alerts": alerts,
        "body": doc.map(|d| md.block(&d.body)),
    });
    let p = page(
        address,
        "service.html",
        s.name(),
        vec![link("Services", "services/")],
        context,
    );
    p
}

/// Each review's attainment of each of the SLO's objectives, oldest first.
fn slo_history(a: &Archive, slo: &crate::load::Slo) -> Vec<Value> {
    a.reviews
        .iter()
        .filter_map(|r| {
            let values: Vec<Value> = slo
                .objectives
                .iter()
                .map(|o| {
                    let v = r.front.teams.values().find_map(|tw| tw.slos.get(&o.key)).copied();
                    json!({ "value": v, "met": v.map(|v| v >= analyze::slos::target_percent(o)) })
                })
                .collect();
            values.iter().any(|v| !v["value"].is_null()).then(|| json!({ "week": r.front.week.to_string(), "address": Ref::Review(r.front.week).address(), "values": values }))
        })
        .collect()
}

fn slos_index(a: &Archive, f: &Figures) -> Page {
    let slos: Vec<Value> = a
        .slos
        .values()
        .map(|s| {
            let history = slo_history(a, s);
            let recent: Vec<&Value> = history.iter().rev().take(12).collect();
            let missed = recent.iter().filter(|h| h["values"].as_array().is_some_and(|v| v.iter().any(|x| x["met"] == json!(false)))).count();
            json!({
                "name": s.name, "display_name": s.display_name, "address": Ref::Slo(s.name.clone()).address(),
                "service": service_link(a, &s.service),
                "objectives": s.objectives.iter().map(|o| json!({ "name": o.display_name, "target": analyze::slos::target_percent(o) })).collect::<Vec<_>>(),
                "latest": history.last(),
                "missed_recent": missed, "weeks_recent": recent.len(),
            })
        })
        .collect();
    page(
        "slos/".into(),
        "slos.html",
        "Service level objectives",
        vec![],
        json!({ "slos": slos, "grid": trends::slo_grid(f) }),
    )
}

fn slo(a: &Archive, f: &Figures, name: &str) -> Page {
    let s = &a.slos[name];
    let address = Ref::Slo(name.to_string()).address();
    let mut md = Md::new(a, &address);
    let mut history = slo_history(a, s);
    history.reverse();
    let mut charts = figures::Charts::new(&address);
    let objectives = trends::slo_objectives(f, name, &mut charts);
    let context = json!({
        "figures": objectives,
        "slo": {
            "name": s.name, "display_name": s.display_name,
            "description": s.description.as_deref().map(|d| md.inline(d)),
            "service": service_link(a, &s.service),
            "budgeting_method": s.budgeting_method,
            "time_window": s.time_window,
            "indicator": s.indicator, "labels": s.labels,
        },
        "objectives": s.objectives.iter().map(|o| json!({ "key": o.key, "name": o.display_name, "target": analyze::slos::target_percent(o), "op": o.op, "value": o.value, "time_slice_target": o.time_slice_target })).collect::<Vec<_>>(),
        "history": history,
        "source": s.source.path.display().to_string(),
    });
    let mut p = page(
        address,
        "slo.html",
        &s.display_name,
        vec![link("SLOs", "slos/")],
        context,
    );
    p.files = charts.files;
    p
}

fn runbooks_index(a: &Archive) -> Page {
    let runbooks: Vec<Value> = a
        .runbooks
        .iter()
        .map(|(id, r)| json!({ "title": r.front.title, "address": Ref::Runbook(id.clone()).address(), "alerts": r.front.alerts, "owner": r.front.owner.as_deref().map(|t| team_link(a, t)), "services": r.front.services.iter().map(|s| service_link(a, s)).collect::<Vec<_>>() }))
        .collect();
    page(
        "runbooks/".into(),
        "runbooks.html",
        "Runbooks",
        vec![],
        json!({ "runbooks": runbooks }),
    )
}

fn runbook(a: &Archive, id: &str) -> Page {
    let r = &a.runbooks[id];
    let address = Ref::Runbook(id.to_string()).address();
    let mut md = Md::new(a, &address);
    let context = json!({
        "runbook": { "title": r.front.title, "alerts": r.front.alerts },
        "owner": r.front.owner.as_deref().map(|t| team_link(a, t)),
        "services": r.front.services.iter().map(|s| service_link(a, s)).collect::<Vec<_>>(),
        "body": md.block(&r.body),
    });
    page(
        address,
        "runbook.html",
        &r.front.title,
        vec![link("Runbooks", "runbooks/")],
        context,
    )
}

fn pages_index(a: &Archive) -> Page {
    let mut list: Vec<(&str, &crate::resolve::Page)> =
        a.pages.iter().map(|(id, p)| (id.as_str(), p)).collect();
    list.sort_by(|x, y| {
        (x.1.front.weight.unwrap_or(i32::MAX), &x.1.front.title)
            .cmp(&(y.1.front.weight.unwrap_or(i32::MAX), &y.1.front.title))
    });
    let pages: Vec<Value> = list
        .into_iter()
        .map(|(id, p)| json!({ "title": p.front.title, "description": p.front.description, "address": Ref::Page(id.to_string()).address() }))
        .collect();
    page(
        "pages/".into(),
        "pages.html",
        "Pages",
        vec![],
        json!({ "pages": pages }),
    )
}

fn free_page(a: &Archive, id: &str) -> Page {
    let p = &a.pages[id];
    let address = Ref::Page(id.to_string()).address();
    let mut md = Md::new(a, &address);
    let context = json!({ "description": p.front.description, "body": md.block(&p.body), "tags": tag_links(&p.front.tags) });
    page(
        address,
        "page.html",
        &p.front.title,
        vec![link("Pages", "pages/")],
        context,
    )
}

fn actions(a: &Archive) -> Page {
    let mut md = Md::new(a, "actions/");
    let state = |x: &Action| analyze::action_state(x, a.as_of);
    let overdue = actions_where(a, &mut md, |x| state(x) == ActionState::Overdue);
    let open = actions_where(a, &mut md, |x| state(x) == ActionState::Open);
    let mut closed: Vec<&Action> = a
        .actions
        .iter()
        .filter(|x| {
            analyze::action_raised_by(x, a.as_of)
                && matches!(state(x), ActionState::Done | ActionState::Dropped)
        })
        .collect();
    closed.sort_by(|x, y| (y.item.closed, &y.item.id).cmp(&(x.item.closed, &x.item.id)));
    let closed: Vec<Value> = closed
        .into_iter()
        .map(|x| action_row(a, x, &mut md))
        .collect();
    let mut charts = figures::Charts::new("actions/");
    let context = json!({ "overdue": overdue, "open": open, "closed": closed, "as_of": fmt_date(a.as_of), "figures": trends::action_figures(a, &mut charts) });
    let mut p = page(
        "actions/".into(),
        "actions.html",
        "Action items",
        vec![],
        context,
    );
    p.files = charts.files;
    p
}
