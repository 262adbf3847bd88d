//! SLO definitions as OpenSLO v1 documents. Files may hold one document, several `---`-separated
//! documents, or a YAML list of documents, as the spec allows. Documents of other API versions are
//! refused; v1 kinds opsbook does not use (SLI, AlertPolicy, …) are skipped with a warning.
//! Indicators are kept (shown on the SLO's page; `opsbook import prometheus` evaluates those with
//! a Prometheus metric source into the reviews): attainment comes from reviews.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use super::{yaml, Positions, Source};
use crate::diagnostics::Diagnostics;
use crate::types::slugify;

const API_VERSION: &str = "openslo/v1";

// Fields the spec allows but opsbook does not use are still declared, so that unknown keys
// (typos) are refused while every spec-valid document loads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct Document {
    api_version: String,
    kind: String,
    metadata: Metadata,
    #[serde(default)]
    spec: Spec,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Metadata {
    name: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    labels: Option<Value>,
    #[serde(default)]
    annotations: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct Spec {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    indicator: Option<Value>,
    #[serde(default)]
    indicator_ref: Option<String>,
    #[serde(default)]
    time_window: Vec<TimeWindow>,
    #[serde(default)]
    budgeting_method: Option<String>,
    #[serde(default)]
    objectives: Vec<RawObjective>,
    #[serde(default)]
    alert_policies: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TimeWindow {
    pub duration: String,
    #[serde(default)]
    pub is_rolling: Option<bool>,
    #[serde(default)]
    pub calendar: Option<Calendar>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Calendar {
    pub start_time: String,
    pub time_zone: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct RawObjective {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    op: Option<String>,
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    target: Option<f64>,
    #[serde(default)]
    target_percent: Option<f64>,
    #[serde(default)]
    time_slice_target: Option<f64>,
    #[serde(default)]
    time_slice_window: Option<Value>,
    #[serde(default)]
    indicator: Option<Value>,
    #[serde(default)]
    indicator_ref: Option<String>,
    #[serde(default)]
    composite_weight: Option<f64>,
}

/// One objective of an SLO, reported on its own.
#[derive(Debug, Clone, Serialize)]
pub struct Objective {
    /// How reviews address it: the SLO's name, or `name/objective-slug` when there are several.
    pub key: String,
    pub display_name: String,
    /// A ratio such as 0.999.
    pub target: f64,
    pub op: Option<String>,
    pub value: Option<f64>,
    pub time_slice_target: Option<f64>,
    /// `timeSliceWindow` as written (`1m`, `5m`), when it is a text.
    pub time_slice_window: Option<String>,
}

/// An SLO (kind: SLO).
#[derive(Debug, Clone)]
pub struct Slo {
    pub name: String,
    pub display_name: String,
    pub description: Option<String>,
    pub service: String,
    pub time_window: Option<TimeWindow>,
    pub budgeting_method: String,
    pub objectives: Vec<Objective>,
    /// The indicator as YAML, shown on the SLO's page.
    pub indicator: Option<String>,
    /// The indicator as read (`spec.indicator`), for `opsbook import prometheus`.
    pub indicator_spec: Option<Value>,
    pub labels: Option<String>,
    pub source: Source,
}

/// A service declared by an OpenSLO document (kind: Service).
#[derive(Debug, Clone)]
pub struct SloService {
    pub name: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub source: Source,
}

/// Parses one SLO file.
pub fn parse(shown: &Path, text: &str, d: &mut Diagnostics) -> (Vec<Slo>, Vec<SloService>) {
    let (docs, problems, _) = yaml::parse(text, 1);
    let whole = Source::new(shown, Positions::lazy(text, 1, true));
    whole.report(problems, d);
    let (mut slos, mut services) = (Vec::new(), Vec::new());

    // Find each document (a list's items count as documents) and refuse other API versions
    // before their unknown fields are reported as noise.
    let mut documents: Vec<(String, yaml::Node)> = Vec::new();
    for (n, doc) in docs.into_iter().enumerate() {
        match doc.value {
            yaml::Value::Seq(items) => documents.extend(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{n}.{i}"), v)),
            ),
            yaml::Value::Scalar(ref s, yaml::Style::Plain) if s.is_empty() => {}
            _ => documents.push((n.to_string(), doc)),
        }
    }

    for (prefix, mut node) in documents {
        let source = Source {
            prefix: prefix.clone(),
            ..whole.clone()
        };
        let field = |name: &str| {
            let value = node.get(name).and_then(|v| v.as_str());
            value.unwrap_or_default().to_string()
        };
        let api_version = field("apiVersion");
        let kind = field("kind");
        if api_version != API_VERSION {
            let found = if api_version.is_empty() {
                "no apiVersion".to_string()
            } else {
                format!("unsupported apiVersion `{api_version}`")
            };
            let expected = "expected apiVersion: openslo/v1";
            d.error(
                shown,
                source.at("apiVersion"),
                format!("{found} ({expected})"),
            );
            continue;
        }
        if kind != "SLO" && kind != "Service" {
            let what = if kind.is_empty() {
                "a document without kind".into()
            } else {
                format!("kind `{kind}`")
            };
            d.warning(shown, source.at("kind"), format!("{what} is not used by opsbook and is skipped (it reads kind: SLO and kind: Service)"));
            continue;
        }
        let (doc, problems) = yaml::from_node::<Document>(&mut node);
        if !problems.is_empty() {
            for p in problems {
                d.error(shown, Some(p.at), p.message);
            }
            continue;
        }
        let Some(doc) = doc else { continue };
        if kind == "Service" && !crate::types::is_slug(&doc.metadata.name) {
            let why = "it cannot be a service id (expected lower-case letters, digits and hyphens); skipped";
            d.warning(
                shown,
                source.at("metadata.name"),
                format!("OpenSLO service `{}`: {why}", doc.metadata.name),
            );
        } else if kind == "Service" {
            services.push(SloService {
                name: doc.metadata.name,
                display_name: doc.metadata.display_name,
                description: doc.spec.description,
                source,
            });
        } else if let Some(slo) = slo(doc, source, d) {
            slos.push(slo);
        }
    }
    (slos, services)
}

fn slo(doc: Document, source: Source, d: &mut Diagnostics) -> Option<Slo> {
    let path = source.path.clone();
    let mut ok = true;
    let mut need = |present: bool, field: &str, expected: &str| {
        if !present {
            d.error(
                &path,
                source.at("spec"),
                format!(
                    "SLO `{}` has no {field} (expected {expected})",
                    doc.metadata.name
                ),
            );
            ok = false;
        }
    };
    need(
        doc.spec.service.is_some(),
        "spec.service",
        "the id of the service it measures",
    );
    need(
        doc.spec.budgeting_method.is_some(),
        "spec.budgetingMethod",
        "Occurrences, Timeslices or RatioTimeslices",
    );
    need(
        !doc.spec.objectives.is_empty(),
        "spec.objectives",
        "at least one objective with a target",
    );
    if !crate::types::is_slug(&doc.metadata.name) {
        let expected = "expected lower-case letters, digits and hyphens, like ledger-availability";
        d.error(
            &path,
            source.at("metadata.name"),
            format!(
                "`{}` is not a valid SLO name ({expected})",
                doc.metadata.name
            ),
        );
        ok = false;
    }
    let several = doc.spec.objectives.len() > 1;
    let mut objectives: Vec<Objective> = Vec::new();
    for (i, o) in doc.spec.objectives.iter().enumerate() {
        let at = source.at(&format!("spec.objectives.{i}"));
        let target = match (o.target, o.target_percent) {
            (Some(t), _) => t,
            (None, Some(p)) => p / 100.0,
            (None, None) => {
                d.error(
                    &path,
                    at,
                    "objective has no target (expected target: a ratio such as 0.999)",
                );
                ok = false;
                continue;
            }
        };
        if !(0.0 < target && target < 1.0) {
            let at = source.at(&format!("spec.objectives.{i}.target"));
            d.error(&path, at, format!("target {target} is not a ratio (expected a number between 0 and 1, such as 0.999)"));
            ok = false;
        }
        let display_name = o
            .display_name
            .clone()
            .unwrap_or_else(|| format!("Objective {}", i + 1));
        let key = if several {
            format!("{}/{}", doc.metadata.name, slugify(&display_name))
        } else {
            doc.metadata.name.clone()
        };
        if objectives.iter().any(|other| other.key == key) {
            d.error(&path, at, format!("two objectives are addressed as `{key}` (expected distinct displayName values)"));
            ok = false;
        }
        objectives.push(Objective {
            key,
            display_name,
            target,
            op: o.op.clone(),
            value: o.value,
            time_slice_target: o.time_slice_target,
            time_slice_window: o
                .time_slice_window
                .as_ref()
                .and_then(|v| v.as_str())
                .map(str::to_string),
        });
    }
    let yaml = |v: &Option<Value>| v.as_ref().and_then(|v| serde_yaml::to_string(v).ok());
    let indicator = yaml(&doc.spec.indicator).or(doc
        .spec
        .indicator_ref
        .map(|r| format!("indicatorRef: {r}\n")));
    ok.then(|| Slo {
        display_name: doc
            .metadata
            .display_name
            .clone()
            .unwrap_or_else(|| doc.metadata.name.clone()),
        labels: yaml(&doc.metadata.labels),
        name: doc.metadata.name,
        description: doc.spec.description,
        service: doc.spec.service.unwrap_or_default(),
        time_window: doc.spec.time_window.into_iter().next(),
        budgeting_method: doc.spec.budgeting_method.unwrap_or_default(),
        objectives,
        indicator,
        indicator_spec: doc.spec.indicator,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Vec<Slo>, Vec<SloService>, Vec<String>) {
        let mut d = Diagnostics::new();
        let (slos, services) = parse(Path::new("slos/x.yaml"), text, &mut d);
        (
            slos,
            services,
            d.sorted().iter().map(|m| m.to_string()).collect(),
        )
    }

    #[test]
    fn several_objectives_are_addressed_by_slug() {
        let text = "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: checkout\nspec:\n  service: shop\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName: Fast\n      target: 0.99\n    - displayName: P99 under 800 ms\n      target: 0.9\n";
        let (slos, _, messages) = load(text);
        assert!(messages.is_empty(), "{messages:?}");
        let keys: Vec<&str> = slos[0].objectives.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["checkout/fast", "checkout/p99-under-800-ms"]);
    }

    #[test]
    fn an_unknown_field_is_placed_at_its_key_in_a_list_of_documents() {
        let text = "- apiVersion: openslo/v1\n  kind: Service\n  metadata:\n    name: web\n  spec:\n    descripton: typo\n";
        let (_, services, messages) = load(text);
        assert!(services.is_empty());
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with(
                "slos/x.yaml:6:5: error: spec: unknown field `descripton` (expected one of"
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn a_target_outside_zero_and_one_is_refused() {
        let text = "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\nspec:\n  service: s\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 99.9\n";
        let (slos, _, messages) = load(text);
        assert!(slos.is_empty());
        assert!(
            messages[0].starts_with("slos/x.yaml:9:15: error: target 99.9 is not a ratio"),
            "{messages:?}"
        );
    }
}
