//! Prometheus Alertmanager: the webhook payloads (`version: "4"`) a receiver logged, one JSON
//! document per line. Only firing alerts count, each once per firing — an alert's
//! `fingerprint` with its `startsAt` — however often it was notified again (repeat intervals,
//! group changes, retries). The alert is its `alertname` label; the service is found among its
//! labels. There is no acknowledgement, responder or urgency in a payload. Format and sources:
//! tests/fixtures/imports/FORMATS.md, section 3.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::mapping::matcher;
use super::read::{self, JsonText};
use super::{Called, SourcePage};
use crate::diagnostics::{Diagnostics, Position};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payload {
    version: String,
    status: Option<String>,
    alerts: Vec<Alert>,
    #[serde(default)]
    truncated_alerts: u64,
    group_key: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Alert {
    status: String,
    labels: BTreeMap<String, String>,
    starts_at: Timestamp,
    fingerprint: Option<String>,
}

/// The names a service may be declared by: every label as `name=value`, and the `service`
/// label's value alone.
fn service_names(labels: &BTreeMap<String, String>) -> Vec<Called> {
    let mut names = vec![];
    if let Some(service) = labels.get("service") {
        names.push(Called::new(service, "service label"));
    }
    for (label, value) in labels {
        names.push(Called {
            value: matcher(label, value),
            shown: format!("{label}=\"{value}\""),
            what: "label",
        });
    }
    names
}

pub(super) fn pages(shown: &Path, bytes: &[u8], d: &mut Diagnostics) -> Vec<SourcePage> {
    let Some(text) = super::utf8(shown, bytes, d) else {
        return vec![];
    };
    let json = JsonText::new(text);
    let mut seen: BTreeSet<(String, Timestamp)> = BTreeSet::new();
    let mut truncated: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut pages = vec![];
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let start = Position::new(n + 1, 1);
        let Ok(raw) = serde_json::from_str::<&RawValue>(line) else {
            let what = "one webhook payload as JSON on each line";
            let _ = json.parse::<serde_json::Value>(shown, line, what, d);
            continue;
        };
        let what = "an Alertmanager webhook payload with `version`, `status` and `alerts`";
        let Some(payload) = json.parse::<Payload>(shown, raw.get(), what, d) else {
            continue;
        };
        let here = |keys: &[&str]| read::path(raw, keys).map_or(start, |v| json.at(v.get()));
        if payload.version != "4" {
            d.error(
                shown,
                Some(here(&["version"])),
                format!(
                    "webhook payload version `{}` (expected version \"4\", Alertmanager 0.14 and later)",
                    payload.version
                ),
            );
            continue;
        }
        if payload.status.as_deref() == Some("resolved") {
            continue;
        }
        // Said once per group and alerts: a retry or a repeat says it again.
        let group = (
            payload.group_key.clone().unwrap_or_default(),
            payload.alerts.len(),
        );
        if payload.truncated_alerts > 0 && truncated.insert(group) {
            let n = payload.truncated_alerts;
            d.warning(
                shown,
                Some(here(&["truncatedAlerts"])),
                format!(
                    "{n} alert{} of this notification {} left out by the receiver's max_alerts: not counted (expected max_alerts: 0 for a complete log)",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "was" } else { "were" }
                ),
            );
        }
        let alerts = read::member(raw, "alerts")
            .and_then(read::items)
            .unwrap_or_default();
        for (i, alert) in payload.alerts.iter().enumerate() {
            if alert.status != "firing" {
                continue;
            }
            let alert_raw = alerts.get(i).copied();
            let at = |key: &str| {
                alert_raw
                    .and_then(|a| read::member(a, key))
                    .map_or(start, |v| json.at(v.get()))
            };
            let Some(name) = alert
                .labels
                .get("alertname")
                .filter(|a| !a.trim().is_empty())
            else {
                d.error(
                    shown,
                    Some(at("labels")),
                    "an alert without an `alertname` label (expected the alert rule's name)",
                );
                continue;
            };
            if let Err(why) = crate::types::check_time(alert.starts_at) {
                d.error(shown, Some(at("startsAt")), format!("startsAt: {why}"));
                continue;
            }
            // A firing is an alert's fingerprint with its start; the labels stand in for a
            // fingerprint a payload lacks.
            let identity = alert.fingerprint.clone().unwrap_or_else(|| {
                alert
                    .labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            });
            if !seen.insert((identity.clone(), alert.starts_at)) {
                continue;
            }
            pages.push(SourcePage {
                key: format!("{identity}@{}", alert.starts_at),
                at: alert.starts_at,
                text: name.clone(),
                named: true,
                service: service_names(&alert.labels),
                responder: vec![],
                ack_seconds: None,
                urgency: None,
                text_at: at("labels"),
                service_at: at("labels"),
                responder_at: at("labels"),
            });
        }
    }
    pages
}
