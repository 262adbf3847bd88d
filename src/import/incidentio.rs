//! incident.io: the API's `GET /v2/incidents` JSON (`{"incidents": [...]}`), and a CSV of the
//! same fields (`Reference`, `Name`, `Status category`, `Severity`, `Mode`, one column per
//! timestamp, `Incident Lead`, `Affected services`, `Affected teams`, …, found by name) →
//! incident records, `incidents/YYYY/INC-YYYY-NNN.md`, each with its reference kept
//! (`imported.ref`, and the address `incidentio/INC-123/`). A re-import finds its records by
//! the reference: one the import wrote and nobody edited since is updated, any other is left
//! alone, and none is written twice. Format and sources: tests/fixtures/imports/FORMATS.md,
//! section 4.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;

use super::mapping::{either, norm, Found, Mapping};
use super::read::{self, JsonText, Table};
use super::write::{fnv, Change, Plan};
use super::{plural, Called, Rows};
use crate::diagnostics::{Diagnostics, Position};
use crate::load::records::Tool;
use crate::resolve::Archive;

/// The custom fields (and CSV columns) opsbook reads, by name.
const AFFECTED_SERVICES: &str = "Affected services";
const AFFECTED_TEAMS: &str = "Affected teams";
const DETECTION: &str = "Detection method";

/// The timestamps opsbook reads, by name (incident.io's defaults).
const IMPACT_STARTED: &str = "Impact started at";
const REPORTED: &str = "Reported at";
const ACCEPTED: &str = "Accepted at";
const FIXED: &str = "Fixed at";
const RESOLVED: &str = "Resolved at";
const CLOSED: &str = "Closed at";

/// One incident as the export gives it.
pub(super) struct SourceIncident {
    pub reference: String,
    name: String,
    category: String,
    mode: String,
    severity: Option<String>,
    created: Option<Timestamp>,
    /// By normalised name.
    times: BTreeMap<String, Timestamp>,
    lead: Vec<Called>,
    /// Each affected service, by what incident.io calls it.
    services: Vec<Vec<Called>>,
    teams: Vec<String>,
    detection: Option<String>,
    summary: Option<String>,
    postmortem: Option<String>,
    permalink: Option<String>,
    at: Position,
    severity_at: Position,
    services_at: Position,
    teams_at: Position,
    lead_at: Position,
}

impl SourceIncident {
    fn time(&self, name: &str) -> Option<Timestamp> {
        self.times.get(&norm(name)).copied()
    }
}

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    category: String,
}

#[derive(Deserialize)]
struct User {
    id: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize)]
struct Role {
    role_type: Option<String>,
}

#[derive(Deserialize)]
struct RoleAssignment {
    role: Role,
    assignee: Option<User>,
}

#[derive(Deserialize)]
struct TimestampValue {
    incident_timestamp: Named,
    value: Option<ValueOf>,
}

#[derive(Deserialize)]
struct ValueOf {
    value: Option<Timestamp>,
}

#[derive(Deserialize)]
struct CatalogEntry {
    name: Option<String>,
    external_id: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct OptionValue {
    value: Option<String>,
}

#[derive(Deserialize)]
struct FieldValue {
    value_option: Option<OptionValue>,
    value_catalog_entry: Option<CatalogEntry>,
    value_text: Option<String>,
}

#[derive(Deserialize)]
struct FieldEntry {
    custom_field: Named,
    #[serde(default)]
    values: Vec<FieldValue>,
}

#[derive(Deserialize)]
struct Incident {
    reference: String,
    name: String,
    summary: Option<String>,
    incident_status: Status,
    severity: Option<Named>,
    mode: Option<String>,
    created_at: Option<Timestamp>,
    #[serde(default)]
    incident_role_assignments: Vec<RoleAssignment>,
    #[serde(default)]
    incident_timestamp_values: Vec<TimestampValue>,
    #[serde(default)]
    custom_field_entries: Vec<FieldEntry>,
    permalink: Option<String>,
    postmortem_document_url: Option<String>,
}

fn person(u: &User) -> Vec<Called> {
    let mut names = vec![];
    names.extend(u.email.as_deref().map(|e| Called::new(e, "e-mail")));
    names.extend(u.name.as_deref().map(|n| Called::new(n, "user name")));
    names.extend(u.id.as_deref().map(|i| Called::new(i, "user id")));
    names
}

pub(super) fn incidents(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourceIncident> {
    if super::looks_like_json(bytes) {
        json(shown, bytes, d)
    } else {
        csv(shown, bytes, d)
    }
}

fn json(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourceIncident> {
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
            "no list of incidents (expected the body of GET /v2/incidents: {\"incidents\": [...]})",
        );
        return vec![];
    };
    let mut out = vec![];
    for raw in items {
        let what =
            "an incident of GET /v2/incidents with `reference`, `name` and `incident_status`";
        let Some(inc) = json.parse::<Incident>(shown, raw.get(), what, d) else {
            continue;
        };
        let here = |keys: &[&str]| {
            read::path(raw, keys).map_or_else(|| json.at(raw.get()), |v| json.at(v.get()))
        };
        let field = |name: &str| {
            inc.custom_field_entries.iter().find(|e| {
                e.custom_field
                    .name
                    .as_deref()
                    .is_some_and(|n| norm(n) == norm(name))
            })
        };
        let services = field(AFFECTED_SERVICES).map_or(vec![], |e| {
            e.values
                .iter()
                .filter_map(|v| {
                    let entry = v.value_catalog_entry.as_ref();
                    let mut names = vec![];
                    if let Some(c) = entry {
                        names.extend(c.name.as_deref().map(|n| Called::new(n, "catalog entry")));
                        names.extend(
                            c.external_id
                                .as_deref()
                                .map(|n| Called::new(n, "external id")),
                        );
                        names.extend(c.aliases.iter().map(|n| Called::new(n, "alias")));
                    }
                    let option = v.value_option.as_ref().and_then(|o| o.value.as_deref());
                    names.extend(
                        option
                            .or(v.value_text.as_deref())
                            .map(|n| Called::new(n, "value")),
                    );
                    (!names.is_empty()).then_some(names)
                })
                .collect()
        });
        let values = |name: &str| -> Vec<String> {
            field(name).map_or(vec![], |e| {
                e.values
                    .iter()
                    .filter_map(|v| {
                        v.value_option
                            .as_ref()
                            .and_then(|o| o.value.clone())
                            .or_else(|| v.value_catalog_entry.as_ref().and_then(|c| c.name.clone()))
                            .or_else(|| v.value_text.clone())
                    })
                    .collect()
            })
        };
        let lead = inc
            .incident_role_assignments
            .iter()
            .find(|r| r.role.role_type.as_deref() == Some("lead"))
            .and_then(|r| r.assignee.as_ref())
            .map(person)
            .unwrap_or_default();
        let times = inc
            .incident_timestamp_values
            .iter()
            .filter_map(|t| {
                let name = t.incident_timestamp.name.as_deref()?;
                let value = t.value.as_ref()?.value?;
                Some((norm(name), value))
            })
            .collect();
        out.push(SourceIncident {
            reference: inc.reference.clone(),
            name: inc.name.clone(),
            category: inc.incident_status.category.clone(),
            mode: inc.mode.clone().unwrap_or_else(|| "standard".into()),
            severity: inc.severity.as_ref().and_then(|s| s.name.clone()),
            created: inc.created_at,
            times,
            lead,
            services,
            teams: values(AFFECTED_TEAMS),
            detection: values(DETECTION).into_iter().next(),
            summary: inc.summary.clone(),
            postmortem: inc.postmortem_document_url.clone(),
            permalink: inc.permalink.clone(),
            at: here(&["reference"]),
            severity_at: here(&["severity"]),
            services_at: here(&["custom_field_entries"]),
            teams_at: here(&["custom_field_entries"]),
            lead_at: here(&["incident_role_assignments"]),
        });
    }
    out
}

/// Several values in one cell, as `, ` joins them.
fn list(cell: Option<&str>) -> Vec<String> {
    cell.unwrap_or_default()
        .split(", ")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

fn csv(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourceIncident> {
    let Some(table) = Table::read(shown, bytes, d) else {
        return vec![];
    };
    let required: [&[&str]; 3] = [&["Reference"], &["Name"], &["Status category"]];
    if !table.require(shown, &required, d) {
        return vec![];
    }
    let col = |name: &str| table.column(&[name]);
    let time_columns = [IMPACT_STARTED, REPORTED, ACCEPTED, FIXED, RESOLVED, CLOSED];
    let mut out = vec![];
    for row in &table.rows {
        let Some((reference, at)) = row.get(col("Reference")) else {
            d.error(
                shown,
                Some(row.place(None)),
                "empty Reference (expected the incident's reference, like INC-123)",
            );
            continue;
        };
        let mut times = BTreeMap::new();
        let mut fine = true;
        for name in time_columns.iter().chain(["Created at"].iter()) {
            let c = col(name);
            if let Some(cell) = row.get(c) {
                match super::time_cell(shown, Some(cell), row.place(c), d) {
                    Some(t) => {
                        times.insert(norm(name), t);
                    }
                    None => fine = false,
                }
            }
        }
        if !fine {
            continue;
        }
        let services = list(row.text(col(AFFECTED_SERVICES)))
            .iter()
            .map(|s| vec![Called::new(s, "catalog entry")])
            .collect();
        let lead = row
            .text(col("Incident Lead"))
            .map(|n| vec![Called::new(n, "user name")])
            .unwrap_or_default();
        out.push(SourceIncident {
            reference: reference.to_string(),
            name: row.text(col("Name")).unwrap_or_default().to_string(),
            category: row
                .text(col("Status category"))
                .unwrap_or_default()
                .to_ascii_lowercase(),
            mode: row
                .text(col("Mode"))
                .unwrap_or("standard")
                .to_ascii_lowercase(),
            severity: row.text(col("Severity")).map(str::to_string),
            created: times.get(&norm("Created at")).copied(),
            times,
            lead,
            services,
            teams: list(row.text(col(AFFECTED_TEAMS))),
            detection: row.text(col(DETECTION)).map(str::to_string),
            summary: row.text(col("Summary")).map(str::to_string),
            postmortem: row.text(col("Postmortem document")).map(str::to_string),
            permalink: row.text(col("Permalink")).map(str::to_string),
            at,
            severity_at: row.place(col("Severity")),
            services_at: row.place(col(AFFECTED_SERVICES)),
            teams_at: row.place(col(AFFECTED_TEAMS)),
            lead_at: row.place(col("Incident Lead")),
        });
    }
    out
}

/// A YAML scalar for a user's text, quoted when it needs to be.
fn yaml_str(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The placeholder the hash is computed over.
const NO_HASH: &str = "hash: 0000000000000000";

/// Whether a record's text is still the one the import wrote.
fn untouched(text: &str, hash: &str) -> bool {
    text.replacen(&format!("hash: {hash}"), NO_HASH, 1) != text
        && fnv(&text.replacen(&format!("hash: {hash}"), NO_HASH, 1)) == hash
}

/// What an incident record says, mapped onto the archive.
struct Record {
    id: String,
    title: String,
    severity: String,
    status: &'static str,
    started: Timestamp,
    detected: Option<Timestamp>,
    acknowledged: Option<Timestamp>,
    mitigated: Option<Timestamp>,
    resolved: Option<Timestamp>,
    teams: Vec<String>,
    services: Vec<String>,
    commander: Option<String>,
    detection: Option<&'static str>,
    impact: Option<String>,
    postmortem: Option<String>,
    reference: String,
    permalink: Option<String>,
}

fn text_of(r: &Record) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "---");
    let _ = writeln!(
        y,
        "# Imported from incident.io {} by `opsbook import incidentio`. A re-import updates this\n# file until someone edits it; edited, it is left as it is.",
        r.reference
    );
    let _ = writeln!(y, "id: {}", r.id);
    let _ = writeln!(y, "title: {}", yaml_str(&r.title));
    let _ = writeln!(y, "severity: {}", r.severity);
    let _ = writeln!(y, "status: {}", r.status);
    let _ = writeln!(y, "started: {}", stamp(r.started));
    for (key, t) in [
        ("detected", r.detected),
        ("acknowledged", r.acknowledged),
        ("mitigated", r.mitigated),
        ("resolved", r.resolved),
    ] {
        if let Some(t) = t {
            let _ = writeln!(y, "{key}: {}", stamp(t));
        }
    }
    let _ = writeln!(y, "teams: [{}]", r.teams.join(", "));
    let _ = writeln!(y, "services: [{}]", r.services.join(", "));
    if let Some(c) = &r.commander {
        let _ = writeln!(y, "commander: {c}");
    }
    if let Some(det) = r.detection {
        let _ = writeln!(y, "detection: {det}");
    }
    if let Some(impact) = &r.impact {
        let _ = writeln!(y, "impact: {}", yaml_str(impact));
    }
    if let Some(url) = &r.postmortem {
        let _ = writeln!(y, "postmortem: {}", yaml_str(url));
    }
    let _ = writeln!(y, "aliases: [incidentio/{}/]", r.reference);
    let _ = writeln!(
        y,
        "imported: {{ from: incidentio, ref: {}, {NO_HASH} }}",
        r.reference
    );
    let _ = writeln!(y, "---");
    match &r.permalink {
        Some(url) => {
            let _ = writeln!(y, "Imported from incident.io: [{}]({url}).", r.reference);
        }
        None => {
            let _ = writeln!(y, "Imported from incident.io {}.", r.reference);
        }
    }
    let hash = fnv(&y);
    y.replacen(NO_HASH, &format!("hash: {hash}"), 1)
}

/// incident.io's status category (and mode) → the record's status, or why it is not an
/// incident to record.
fn status(i: &SourceIncident) -> Result<&'static str, String> {
    if matches!(i.mode.as_str(), "test" | "tutorial") {
        return Err(format!("{} incident", i.mode));
    }
    match i.category.as_str() {
        "live" | "paused" if i.time(FIXED).is_some() => Ok("mitigated"),
        "live" | "paused" => Ok("investigating"),
        "learning" => Ok("resolved"),
        "closed" => Ok("closed"),
        other => Err(other.to_string()),
    }
}

/// "Detection method" → `detection:`.
fn detection(value: &str) -> Option<&'static str> {
    match norm(value).as_str() {
        "alert" => Some("alert"),
        "customer" | "customerreport" => Some("customer"),
        "internal" => Some("internal"),
        "synthetic" => Some("synthetic"),
        "other" => Some("other"),
        _ => None,
    }
}

/// The records to write for the exported incidents.
pub(super) fn plan(
    a: &Archive,
    exports: &[(PathBuf, Vec<SourceIncident>)],
    rows: &mut Rows,
) -> Plan {
    let m = Mapping::new(a, Tool::Incidentio);
    let mut plan = Plan::default();
    // The archive's records of incident.io incidents, by reference.
    let mut known: BTreeMap<&str, &crate::resolve::Incident> = BTreeMap::new();
    for inc in &a.incidents {
        let Some(imp) = inc
            .front
            .imported
            .as_ref()
            .filter(|i| i.from == Tool::Incidentio)
        else {
            continue;
        };
        if let Some(first) = known.insert(&imp.reference, inc) {
            rows.d.error(
                &inc.source.path,
                inc.source.at("imported.ref"),
                format!(
                    "incident.io {} is also {} (expected each incident.io incident in one record)",
                    imp.reference, first.front.id
                ),
            );
        }
    }
    let levels: Vec<&str> = a.site.severities.iter().map(|s| s.id.as_str()).collect();
    let declared = a.site.import.severities.get(&Tool::Incidentio);
    let mut seen = BTreeSet::new();
    let mut unknowns = super::Unknowns::new();
    let mut left_out = vec![];
    let mut kept = vec![];
    // Each with the record it updates and that record's text as read.
    type Existing<'a> = Option<(&'a crate::resolve::Incident, String)>;
    let mut records: Vec<(Record, &Path, Position, Existing)> = vec![];
    for (shown, incidents) in exports {
        for i in incidents {
            if !seen.insert(i.reference.clone()) {
                continue;
            }
            let status = match status(i) {
                Ok(s) => s,
                Err(why) => {
                    left_out.push(format!("{} ({why})", i.reference));
                    continue;
                }
            };
            let mut fine = true;
            let severity = match &i.severity {
                None => {
                    rows.unknown(shown, i.severity_at, format!("incident.io {} has no severity (expected a severity, mapped onto the site's scale: {})", i.reference, levels.join(", ")));
                    fine = false;
                    String::new()
                }
                Some(name) => {
                    let mapped = declared
                        .and_then(|d| d.iter().find(|(k, _)| norm(k) == norm(name)))
                        .map(|(_, level)| level.clone())
                        .or_else(|| {
                            levels
                                .iter()
                                .find(|l| norm(l) == norm(name))
                                .map(|l| l.to_string())
                        });
                    match mapped {
                        Some(level) => level,
                        None => {
                            unknowns.add(shown, &format!("severity:{name}"), i.severity_at, || format!(
                                "unknown severity `{name}` (incident.io severity) (expected a level of the site's scale: {}, or a declared mapping); to declare it, add to content/site.yaml:   import: {{ severities: {{ incidentio: {{ {}: <one of {}> }} }} }}",
                                levels.join(", "),
                                super::yaml_item_or_plain(name),
                                levels.join(", ")
                            ));
                            fine = false;
                            String::new()
                        }
                    }
                }
            };
            let mut services = vec![];
            for names in &i.services {
                let values: Vec<&str> = names.iter().map(|c| c.value.as_str()).collect();
                match m.services.find(values) {
                    Found::One(id) => services.push(id.to_string()),
                    Found::Many(ids) => {
                        rows.d.error(shown, Some(i.services_at), format!("`{}` names more than one service: {} (expected each incident.io name declared on one service only)", names.first().map_or("", |c| c.shown.as_str()), ids.join(", ")));
                        fine = false;
                    }
                    Found::None => {
                        let name = names.first().map_or("", |c| c.value.as_str());
                        unknowns.add(shown, &format!("service:{name}"), i.services_at, || {
                            super::unknown_service(&m, Tool::Incidentio, names)
                        });
                        fine = false;
                    }
                }
            }
            services.dedup();
            let mut teams = vec![];
            for t in &i.teams {
                match m.teams.find([t.as_str()]) {
                    Found::One(id) => teams.push(id.to_string()),
                    Found::Many(ids) => {
                        rows.d.error(shown, Some(i.teams_at), format!("`{t}` names more than one team: {} (expected each incident.io team declared on one team only)", ids.join(", ")));
                        fine = false;
                    }
                    Found::None => {
                        let closest = m.teams.closest(t);
                        let hint = if closest.is_empty() {
                            format!("the teams are {}", m.teams.ids().join(", "))
                        } else {
                            format!("did you mean {}?", either(&closest))
                        };
                        unknowns.add(shown, &format!("team:{t}"), i.teams_at, || format!(
                            "unknown team `{t}` (incident.io team) (expected a team whose id, name or external.incidentio names it; {hint}); to declare it, add `external: {{ incidentio: [{}] }}` to the front matter of content/teams/{}.md{}",
                            super::yaml_item(t),
                            closest.first().copied().unwrap_or("<id>"),
                            if closest.is_empty() {
                                format!(", or create content/teams/{}.md", crate::types::slugify(t))
                            } else {
                                String::new()
                            }
                        ));
                        fine = false;
                    }
                }
            }
            if i.teams.is_empty() {
                teams = services
                    .iter()
                    .filter_map(|s| a.services.get(s).and_then(|s| s.team()).map(str::to_string))
                    .collect();
            }
            teams.sort();
            teams.dedup();
            let commander = if i.lead.is_empty() {
                None
            } else {
                let values: Vec<&str> = i.lead.iter().map(|c| c.value.as_str()).collect();
                match m.people.find(values) {
                    Found::One(id) => Some(id.to_string()),
                    Found::Many(ids) => {
                        rows.d.error(shown, Some(i.lead_at), format!("`{}` names more than one person: {} (expected each name, e-mail or id declared for one person only)", i.lead.first().map_or("", |c| c.shown.as_str()), ids.join(", ")));
                        fine = false;
                        None
                    }
                    Found::None => {
                        let name = i.lead.first().map_or("", |c| c.value.as_str());
                        unknowns.add(shown, &format!("person:{name}"), i.lead_at, || {
                            super::unknown_person(&m, Tool::Incidentio, &i.lead)
                        });
                        fine = false;
                        None
                    }
                }
            };
            if !fine {
                rows.skipped += 1;
                continue;
            }
            if teams.is_empty() {
                rows.d.error(shown, Some(i.at), format!("incident.io {} has no team: no Affected teams and no affected service with a team (expected at least one)", i.reference));
                continue;
            }
            let Some(started) = i.time(IMPACT_STARTED).or(i.time(REPORTED)).or(i.created) else {
                rows.d.error(
                    shown,
                    Some(i.at),
                    format!(
                        "incident.io {} has no start (expected `{IMPACT_STARTED}` or `{REPORTED}`)",
                        i.reference
                    ),
                );
                continue;
            };
            let resolved = i.time(RESOLVED).or(if status == "closed" {
                i.time(CLOSED)
            } else {
                None
            });
            let record = Record {
                id: String::new(),
                title: i.name.clone(),
                severity,
                status,
                started,
                // In retrospective mode the report is the write-up, after the fact.
                detected: if i.mode == "retrospective" {
                    None
                } else {
                    i.time(REPORTED)
                },
                acknowledged: if i.mode == "retrospective" {
                    None
                } else {
                    i.time(ACCEPTED)
                },
                mitigated: i.time(FIXED),
                resolved,
                teams,
                services,
                commander,
                detection: i.detection.as_deref().and_then(detection),
                impact: i.summary.clone(),
                postmortem: i
                    .postmortem
                    .clone()
                    .filter(|u| crate::load::urls::check_url(u).is_ok()),
                reference: i.reference.clone(),
                permalink: i
                    .permalink
                    .clone()
                    .filter(|u| crate::load::urls::check_url(u).is_ok()),
            };
            match known.get(i.reference.as_str()) {
                Some(existing) => {
                    let text = std::fs::read_to_string(a.root.join(&existing.source.path))
                        .unwrap_or_default();
                    let hash = existing
                        .front
                        .imported
                        .as_ref()
                        .and_then(|imp| imp.hash.as_deref());
                    if hash.is_some_and(|h| untouched(&text, h)) {
                        records.push((record, shown, i.at, Some((*existing, text))));
                    } else {
                        kept.push(format!(
                            "{} (incident.io {})",
                            existing.front.id, i.reference
                        ));
                    }
                }
                None => records.push((record, shown, i.at, None)),
            }
        }
    }
    unknowns.report(rows);
    // New records take the next free ids of their year, oldest first.
    records.sort_by(|x, y| (x.0.started, &x.0.reference).cmp(&(y.0.started, &y.0.reference)));
    let mut next: BTreeMap<i16, u32> = BTreeMap::new();
    let (mut new, mut updated, mut same) = (0, 0, 0);
    for (mut record, shown, at, existing) in records {
        let rel = match &existing {
            Some((e, _)) => {
                record.id = e.front.id.clone();
                e.source.path.clone()
            }
            None => {
                let year = record.started.to_zoned(a.site.time_zone.tz.clone()).year();
                let n = next.entry(year).or_insert_with(|| {
                    let id = crate::scaffold::next_incident_id(a, year);
                    id.rsplit('-')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1)
                });
                record.id = format!("INC-{year}-{:03}", *n);
                *n += 1;
                PathBuf::from(format!("content/incidents/{year}/{}.md", record.id))
            }
        };
        let text = text_of(&record);
        let mut checked = Diagnostics::new();
        if !crate::load::check_incident_text(&rel, &text, &mut checked) {
            for problem in checked.sorted() {
                rows.d.error(shown, Some(at), format!("incident.io {} does not make a valid record: {} (expected what docs/format.md says of an incident)", record.reference, problem.message));
            }
            continue;
        }
        // The record as it was read above, to tell whether the import changes it.
        let before = existing.as_ref().map(|(_, read)| read.as_str());
        if before == Some(text.as_str()) {
            same += 1;
            continue;
        }
        if existing.is_some() {
            updated += 1;
        } else {
            new += 1;
        }
        plan.changes.push(Change {
            rel,
            what: format!("{}, incident.io {}", record.id, record.reference),
            new: existing.is_none(),
            text,
        });
    }
    plan.summary.push(format!(
        "incident.io: {} read, {new} new, {updated} updated, {same} unchanged{}",
        plural(seen.len(), "incident"),
        if rows.skipped > 0 {
            format!(", {} skipped", plural(rows.skipped, "row"))
        } else {
            String::new()
        }
    ));
    kept.sort();
    if !kept.is_empty() {
        plan.summary.push(format!(
            "left as they are, written or edited by a person since the import: {}",
            kept.join(", ")
        ));
    }
    if !left_out.is_empty() {
        plan.summary
            .push(format!("not incidents to record: {}", left_out.join(", ")));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_known_as_the_imports_until_it_is_edited() {
        let r = Record {
            id: "INC-2025-002".into(),
            title: "Checkout: errors".into(),
            severity: "major".into(),
            status: "closed",
            started: "2025-04-01T02:40:00Z".parse().unwrap(),
            detected: None,
            acknowledged: None,
            mitigated: None,
            resolved: Some("2025-04-01T03:40:00Z".parse().unwrap()),
            teams: vec!["payments".into()],
            services: vec![],
            commander: None,
            detection: Some("alert"),
            impact: Some("Two\nlines".into()),
            postmortem: None,
            reference: "INC-123".into(),
            permalink: Some("https://app.incident.io/x/incidents/123".into()),
        };
        let text = text_of(&r);
        let hash = text
            .split("hash: ")
            .nth(1)
            .and_then(|h| h.get(..16))
            .unwrap()
            .to_string();
        assert!(untouched(&text, &hash));
        assert!(!untouched(
            &text.replace("severity: major", "severity: critical"),
            &hash
        ));
        assert!(!untouched(&text, "0123456789abcdef"));
        assert!(text.contains("title: 'Checkout: errors'\n"), "{text}");
        let mut d = Diagnostics::new();
        let shown = Path::new("content/incidents/2025/INC-2025-002.md");
        assert!(
            crate::load::check_incident_text(shown, &text, &mut d),
            "{:?}",
            d.sorted()
        );
    }

    #[test]
    fn statuses_and_detection_methods() {
        assert_eq!(detection("Customer report"), Some("customer"));
        assert_eq!(detection("Pager"), None);
    }
}
