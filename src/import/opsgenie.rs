//! Opsgenie: the Alert API's `GET /v2/alerts` JSON (`{"data": [...]}`), and a CSV with the same
//! fields as columns (`message`, `createdAt`, `tags`, `owner`, `report.ackTime`,
//! `report.acknowledgedBy`, …, found by name). One alert is one page, whatever its `count` of
//! repeated notifications. Formats and sources: tests/fixtures/imports/FORMATS.md, section 2.

use std::path::Path;

use jiff::Timestamp;
use serde::Deserialize;

use super::read::{self, JsonText, Table};
use super::{Called, SourcePage};
use crate::diagnostics::Diagnostics;

/// The service is found among the alert's tags and its `entity` (the list has no service
/// field): each is compared with what the services declare.
fn service_names(tags: &[String], entity: Option<&str>) -> Vec<Called> {
    // A `service:` tag first: it is what an unknown service is reported by.
    let mut tags: Vec<&String> = tags.iter().collect();
    tags.sort_by_key(|t| !t.to_ascii_lowercase().starts_with("service:"));
    let mut names: Vec<Called> = tags.into_iter().map(|t| Called::new(t, "tag")).collect();
    names.extend(entity.map(|e| Called::new(e, "entity")));
    names
}

fn responder(acknowledged_by: Option<&str>, owner: Option<&str>) -> Vec<Called> {
    acknowledged_by
        .or(owner)
        .filter(|u| !u.trim().is_empty())
        .map(|u| vec![Called::new(u, "user")])
        .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    /// Milliseconds from creation.
    ack_time: Option<f64>,
    acknowledged_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Alert {
    id: Option<String>,
    message: String,
    created_at: Timestamp,
    #[serde(default)]
    tags: Vec<String>,
    entity: Option<String>,
    owner: Option<String>,
    report: Option<Report>,
}

pub(super) fn pages(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourcePage> {
    if super::looks_like_json(bytes) {
        json(shown, bytes, d)
    } else {
        csv(shown, bytes, d)
    }
}

fn json(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourcePage> {
    let Some(text) = super::utf8(shown, bytes, d) else {
        return vec![];
    };
    let json = JsonText::new(text);
    let Some(doc) = read::document(shown, &json, d) else {
        return vec![];
    };
    let list = read::member(doc, "data").unwrap_or(doc);
    let Some(items) = read::items(list) else {
        d.error(
            shown,
            Some(json.at(doc.get())),
            "no list of alerts (expected the body of GET /v2/alerts: {\"data\": [...]})",
        );
        return vec![];
    };
    let mut pages = vec![];
    for raw in items {
        let what = "an alert of GET /v2/alerts with `message` and `createdAt`";
        let Some(alert) = json.parse::<Alert>(shown, raw.get(), what, d) else {
            continue;
        };
        let here = |keys: &[&str]| {
            read::path(raw, keys).map_or_else(|| json.at(raw.get()), |v| json.at(v.get()))
        };
        if let Err(why) = crate::types::check_time(alert.created_at) {
            d.error(
                shown,
                Some(here(&["createdAt"])),
                format!("createdAt: {why}"),
            );
            continue;
        }
        let report = alert.report.as_ref();
        let acknowledged_by = report.and_then(|r| r.acknowledged_by.as_deref());
        pages.push(SourcePage {
            key: alert
                .id
                .clone()
                .unwrap_or_else(|| format!("{}:{}", shown.display(), json.at(raw.get()).line)),
            at: alert.created_at,
            text: alert.message.clone(),
            named: false,
            service: service_names(&alert.tags, alert.entity.as_deref()),
            responder: responder(acknowledged_by, alert.owner.as_deref()),
            ack_seconds: report
                .and_then(|r| r.ack_time)
                .filter(|ms| *ms >= 0.0 && ms.is_finite())
                .map(|ms| (ms / 1000.0).round() as i64),
            urgency: None,
            text_at: here(&["message"]),
            service_at: here(&["tags"]),
            responder_at: if acknowledged_by.is_some() {
                here(&["report", "acknowledgedBy"])
            } else {
                here(&["owner"])
            },
        });
    }
    pages
}

fn csv(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourcePage> {
    let Some(table) = Table::read(shown, bytes, d) else {
        return vec![];
    };
    let required: [&[&str]; 2] = [&["message"], &["createdAt"]];
    if !table.require(shown, &required, d) {
        return vec![];
    }
    let col = |name: &str| table.column(&[name]);
    let (id, message, created, tags, entity) = (
        col("id"),
        col("message"),
        col("createdAt"),
        col("tags"),
        col("entity"),
    );
    let (owner, ack_time, ack_by) = (
        col("owner"),
        col("report.ackTime"),
        col("report.acknowledgedBy"),
    );
    let mut pages = vec![];
    for row in &table.rows {
        let Some(at) = super::time_cell(shown, row.get(created), row.place(created), d) else {
            continue;
        };
        let tag_list: Vec<String> = row
            .text(tags)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let ack = match row.get(ack_time) {
            None => None,
            Some((v, place)) => {
                match v.parse::<f64>() {
                    Ok(ms) if ms >= 0.0 && ms.is_finite() => Some((ms / 1000.0).round() as i64),
                    _ => {
                        d.error(
                        shown,
                        Some(place),
                        format!("`{v}` is not a number of milliseconds (expected a number like 95261)"),
                    );
                        None
                    }
                }
            }
        };
        let acknowledged_by = row.text(ack_by);
        pages.push(SourcePage {
            key: row.text(id).map_or_else(
                || format!("{}:{}", shown.display(), row.line),
                str::to_string,
            ),
            at,
            text: row.text(message).unwrap_or_default().to_string(),
            named: false,
            service: service_names(&tag_list, row.text(entity)),
            responder: responder(acknowledged_by, row.text(owner)),
            ack_seconds: ack,
            urgency: None,
            text_at: row.place(message),
            service_at: row.place(tags.or(entity)),
            responder_at: row.place(if acknowledged_by.is_some() {
                ack_by
            } else {
                owner
            }),
        });
    }
    pages
}
