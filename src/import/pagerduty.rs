//! PagerDuty: the incidents CSV of Analytics / Advanced Reporting ("Download CSV", also
//! `GET /api/v1/reports/raw/incidents.csv`) and the REST API v2's `GET /incidents` JSON. One
//! incident is one page. Formats and sources: tests/fixtures/imports/FORMATS.md, section 1.

use std::path::Path;

use jiff::Timestamp;
use serde::Deserialize;

use super::read::{self, JsonText, Table};
use super::{Called, SourcePage};
use crate::diagnostics::{Diagnostics, Position};
use crate::load::records::Urgency;

/// The export's columns opsbook reads (by name; the others are ignored).
const ID: &[&str] = &["id"];
const DESCRIPTION: &[&str] = &["description"];
const SERVICE_ID: &[&str] = &["service_id"];
const SERVICE_NAME: &[&str] = &["service_name"];
const CREATED: &[&str] = &["created_on"];
const ACK_SECONDS: &[&str] = &["seconds_to_first_ack"];
const ACK_IDS: &[&str] = &["acknowledged_by_user_ids"];
const ACK_NAMES: &[&str] = &["acknowledged_by_user_names"];
const ASSIGNED_IDS: &[&str] = &["assigned_to_user_ids"];
const ASSIGNED_NAMES: &[&str] = &["assigned_to_user_names"];
const URGENCY: &[&str] = &["urgency"];

/// The first of several users in a cell: PagerDuty separates them with commas (`;` is
/// accepted too).
fn first_of(cell: Option<&str>) -> Option<String> {
    cell?
        .split([',', ';'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

pub(super) fn pages(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourcePage> {
    if super::looks_like_json(bytes) {
        return json(shown, bytes, d);
    }
    let Some(table) = Table::read(shown, bytes, d) else {
        return vec![];
    };
    let required: [&[&str]; 3] = [DESCRIPTION, CREATED, SERVICE_NAME];
    if !table.require(shown, &required, d) {
        return vec![];
    }
    let col = |names: &[&str]| table.column(names);
    let (id, description, service_id, service_name, created) = (
        col(ID),
        col(DESCRIPTION),
        col(SERVICE_ID),
        col(SERVICE_NAME),
        col(CREATED),
    );
    let (ack_seconds, urgency) = (col(ACK_SECONDS), col(URGENCY));
    let (ack_ids, ack_names) = (col(ACK_IDS), col(ACK_NAMES));
    let (assigned_ids, assigned_names) = (col(ASSIGNED_IDS), col(ASSIGNED_NAMES));
    let mut pages = vec![];
    for row in &table.rows {
        let Some(at) = super::time_cell(shown, row.get(created), row.place(created), d) else {
            continue;
        };
        let mut service = vec![];
        if let Some(name) = row.text(service_name) {
            service.push(Called::new(name, "service name"));
        }
        if let Some(sid) = row.text(service_id) {
            service.push(Called::new(sid, "service id"));
        }
        // The first who acknowledged, else the first it was assigned to.
        let acknowledged = row.get(ack_names).or(row.get(ack_ids)).is_some();
        let (ids, names) = if acknowledged {
            (ack_ids, ack_names)
        } else {
            (assigned_ids, assigned_names)
        };
        let mut responder = vec![];
        if let Some(user) = first_of(row.text(names)) {
            responder.push(Called::new(&user, "user name"));
        }
        if let Some(user) = first_of(row.text(ids)) {
            responder.push(Called::new(&user, "user id"));
        }
        let ack = match row.get(ack_seconds) {
            None => None,
            Some((v, place)) => match v.parse::<f64>() {
                Ok(s) if s >= 0.0 && s.is_finite() => Some(s.round() as i64),
                _ => {
                    d.error(
                        shown,
                        Some(place),
                        format!("`{v}` is not a number of seconds (expected a number like 240)"),
                    );
                    None
                }
            },
        };
        let urgency = urgency_cell(shown, row.get(urgency), d);
        pages.push(SourcePage {
            key: row.text(id).map_or_else(
                || format!("{}:{}", shown.display(), row.line),
                str::to_string,
            ),
            at,
            text: row.text(description).unwrap_or_default().to_string(),
            named: false,
            service,
            responder,
            ack_seconds: ack,
            urgency,
            text_at: row.place(description),
            service_at: row.place(service_name.or(service_id)),
            responder_at: row.place(names.or(ids)),
        });
    }
    pages
}

fn urgency_cell(
    shown: &Path,
    cell: Option<(&str, Position)>,
    d: &mut Diagnostics,
) -> Option<Urgency> {
    let (v, place) = cell?;
    match v.to_ascii_lowercase().as_str() {
        "high" => Some(Urgency::High),
        "low" => Some(Urgency::Low),
        _ => {
            d.error(
                shown,
                Some(place),
                format!("`{v}` is not an urgency (expected high or low)"),
            );
            None
        }
    }
}

/// A reference to a service or a user (`{id, type, summary, …}`).
#[derive(Deserialize)]
struct Reference {
    id: Option<String>,
    summary: Option<String>,
}

#[derive(Deserialize)]
struct Acknowledgement {
    at: Option<Timestamp>,
    acknowledger: Option<Reference>,
}

#[derive(Deserialize)]
struct Assignment {
    assignee: Option<Reference>,
}

#[derive(Deserialize)]
struct Incident {
    id: Option<String>,
    title: Option<String>,
    created_at: Timestamp,
    service: Option<Reference>,
    #[serde(default)]
    assignments: Vec<Assignment>,
    #[serde(default)]
    acknowledgements: Vec<Acknowledgement>,
    urgency: Option<String>,
}

/// `{"incidents": [...], "limit", "offset", "more", …}`, or a list of incidents.
fn json(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourcePage> {
    let Some(text) = super::utf8(shown, bytes, d) else {
        return vec![];
    };
    let json = JsonText::new(text);
    let Some(doc) = read::document(shown, &json, d) else {
        return vec![];
    };
    let list = read::member(doc, "incidents").unwrap_or(doc);
    let Some(items) = read::items(list) else {
        d.error(
            shown,
            Some(json.at(doc.get())),
            "no list of incidents (expected the body of GET /incidents: {\"incidents\": [...]})",
        );
        return vec![];
    };
    let mut pages = vec![];
    for raw in items {
        let what = "an incident of GET /incidents with `created_at`";
        let Some(inc) = json.parse::<Incident>(shown, raw.get(), what, d) else {
            continue;
        };
        let here = |keys: &[&str]| {
            read::path(raw, keys).map_or_else(|| json.at(raw.get()), |v| json.at(v.get()))
        };
        if let Err(why) = crate::types::check_time(inc.created_at) {
            d.error(
                shown,
                Some(here(&["created_at"])),
                format!("created_at: {why}"),
            );
            continue;
        }
        let mut service = vec![];
        if let Some(s) = &inc.service {
            service.extend(s.summary.as_deref().map(|v| Called::new(v, "service name")));
            service.extend(s.id.as_deref().map(|v| Called::new(v, "service id")));
        }
        // Resolved incidents list neither: the responder is then the primary on call.
        let (user, ack, user_at) = match (inc.acknowledgements.first(), inc.assignments.first()) {
            (Some(a), _) => (
                a.acknowledger.as_ref(),
                a.at.map(|at| at.as_second() - inc.created_at.as_second()),
                here(&["acknowledgements"]),
            ),
            (None, Some(a)) => (a.assignee.as_ref(), None, here(&["assignments"])),
            (None, None) => (None, None, json.at(raw.get())),
        };
        let mut responder = vec![];
        if let Some(u) = user {
            responder.extend(u.summary.as_deref().map(|v| Called::new(v, "user name")));
            responder.extend(u.id.as_deref().map(|v| Called::new(v, "user id")));
        }
        let urgency = inc
            .urgency
            .as_deref()
            .and_then(|u| urgency_cell(shown, Some((u, here(&["urgency"]))), d));
        pages.push(SourcePage {
            key: inc
                .id
                .clone()
                .unwrap_or_else(|| format!("{}:{}", shown.display(), json.at(raw.get()).line)),
            at: inc.created_at,
            text: inc.title.unwrap_or_default(),
            named: false,
            service,
            responder,
            ack_seconds: ack.filter(|s| *s >= 0),
            urgency,
            text_at: here(&["title"]),
            service_at: here(&["service"]),
            responder_at: user_at,
        });
    }
    pages
}
