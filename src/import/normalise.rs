//! The alert is the alert rule's name, not the notification's text. Alertmanager's default
//! subject, which its PagerDuty and Opsgenie integrations send as the title and message, is
//! `[FIRING:2] <group-by label values> (<other common label values>)`; titles sent by other
//! integrations are often `Name: details` or `Name on host`. The built-in rules take the rule's
//! name out of these; `import.alert_names` in site.yaml adds rules for other conventions, tried
//! first.

use regex::Regex;

use crate::load::records::{AlertNameRule, Tool};

/// The built-in rules, in order, after the status prefix is removed: the first group is the
/// alert's name.
const BUILT_IN: [&str; 4] = [
    // `SearchIndexLagHigh: index lag 14m on search-indexer-0`
    r"^(\S+):\s",
    // `KubePodCrashLooping on ledger-api-6f9d8c7b5-x2kqp`
    r"^(\S+) on \S+$",
    // `PostgresqlReplicationLag`, `SearchQueryErrorRate (search critical)`
    r"^(\S+)( \(.*\))?$",
    // `PostgresqlReplicationLag ledger-db-replica-2 (critical)`
    r"^(\S+) \S+( \(.*\))?$",
];

/// `[FIRING:1] `, `[FIRING] `, `[RESOLVED] `.
const PREFIX: &str = r"^\[(?:FIRING(?::\d+)?|RESOLVED)\]\s*";

/// The rules for one tool.
pub(super) struct Normaliser {
    /// `None` only if the constant did not compile (it does; nothing may panic).
    prefix: Option<Regex>,
    own: Vec<Regex>,
    built_in: Vec<Regex>,
}

/// An alert's name, and whether a rule recognised it (else it is the whole text).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Name {
    pub alert: String,
    pub recognised: bool,
}

impl Normaliser {
    /// The site's rules for `tool` (checked when site.yaml was read: one that does not compile
    /// is left out) and the built-in ones.
    pub(super) fn new(rules: &[AlertNameRule], tool: Tool) -> Normaliser {
        let compile = |p: &str| Regex::new(p).ok();
        Normaliser {
            prefix: compile(PREFIX),
            own: rules
                .iter()
                .filter(|r| r.tools.is_empty() || r.tools.contains(&tool))
                .filter_map(|r| compile(&r.pattern))
                .collect(),
            built_in: BUILT_IN.iter().filter_map(|p| compile(p)).collect(),
        }
    }

    /// The alert's name in a notification's text.
    pub(super) fn name(&self, text: &str) -> Name {
        let text = match &self.prefix {
            Some(prefix) => prefix.replace(text.trim(), "").into_owned(),
            None => text.trim().to_string(),
        };
        let text = text.trim();
        for rule in &self.own {
            if let Some(name) = rule.captures(text).and_then(|c| c.name("alert")) {
                let alert = name.as_str().trim();
                if !alert.is_empty() {
                    return Name {
                        alert: alert.to_string(),
                        recognised: true,
                    };
                }
            }
        }
        for rule in &self.built_in {
            if let Some(name) = rule.captures(text).and_then(|c| c.get(1)) {
                return Name {
                    alert: name.as_str().to_string(),
                    recognised: true,
                };
            }
        }
        Name {
            alert: text.to_string(),
            recognised: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &Normaliser, text: &str) -> String {
        n.name(text).alert
    }

    #[test]
    fn notification_texts_become_the_rule_name() {
        let n = Normaliser::new(&[], Tool::Pagerduty);
        for (text, alert) in [
            (
                "[FIRING:1] PostgresqlReplicationLag ledger-db-replica-2 (critical)",
                "PostgresqlReplicationLag",
            ),
            (
                "[FIRING:2] PostgresqlReplicationLag",
                "PostgresqlReplicationLag",
            ),
            (
                "[FIRING:2] PostgresqlReplicationLag ",
                "PostgresqlReplicationLag",
            ),
            (
                "PostgresqlReplicationLag on ledger-db-replica-1",
                "PostgresqlReplicationLag",
            ),
            ("[RESOLVED] LedgerHighLatency", "LedgerHighLatency"),
            ("[FIRING] LedgerHighLatency", "LedgerHighLatency"),
            (
                "[FIRING:3] SearchQueryErrorRate (search critical)",
                "SearchQueryErrorRate",
            ),
            (
                "SearchQueryErrorRate: 5xx ratio 4.2% on search-api (prod), threshold 2%",
                "SearchQueryErrorRate",
            ),
            (
                "ElasticsearchClusterYellow: cluster search-prod-eu is yellow\n",
                "ElasticsearchClusterYellow",
            ),
            (
                "KubePodCrashLooping on ledger-api-6f9d8c7b5-x2kqp",
                "KubePodCrashLooping",
            ),
        ] {
            assert_eq!(name(&n, text), alert, "{text:?}");
        }
        // Free text no rule recognises is kept whole, and said to be.
        assert_eq!(
            n.name("Merchants report failed payouts"),
            Name {
                alert: "Merchants report failed payouts".into(),
                recognised: false
            }
        );
    }

    #[test]
    fn the_sites_rules_come_first_and_only_for_their_tools() {
        let rules = [
            AlertNameRule {
                pattern: r"^Nightly job (?P<alert>\S+) failed".into(),
                tools: vec![Tool::Pagerduty],
            },
            AlertNameRule {
                pattern: r"^\S+ / (?P<alert>\S+)".into(),
                tools: vec![],
            },
        ];
        let pd = Normaliser::new(&rules, Tool::Pagerduty);
        assert_eq!(
            name(&pd, "Nightly job LedgerExport failed twice"),
            "LedgerExport"
        );
        assert_eq!(name(&pd, "[FIRING:1] prod / DiskFull sda1"), "DiskFull");
        let og = Normaliser::new(&rules, Tool::Opsgenie);
        assert_eq!(
            name(&og, "Nightly job LedgerExport failed twice"),
            "Nightly job LedgerExport failed twice"
        );
    }
}
