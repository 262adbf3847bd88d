//! References between records, in the wiki-link forms users write (`INC-2025-014`, `2025-W14`,
//! `team:payments`, …), and the permanent address each record has.

use std::fmt;

use crate::types::Week;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ref {
    Incident(String),
    Review(Week),
    Team(String),
    Service(String),
    Slo(String),
    Alert(String),
    Runbook(String),
    Page(String),
}

impl Ref {
    /// Parses `kind:id`, or a bare incident id or week.
    pub fn parse(text: &str) -> Result<Ref, String> {
        let text = text.trim();
        if let Some((kind, id)) = text.split_once(':') {
            let id = id.trim().to_string();
            if id.is_empty() {
                return Err(format!("`{text}` names no record (expected {kind}:<id>)"));
            }
            return match kind.trim() {
                "team" => Ok(Ref::Team(id)),
                "service" => Ok(Ref::Service(id)),
                "slo" => Ok(Ref::Slo(id)),
                "alert" => Ok(Ref::Alert(id)),
                "runbook" => Ok(Ref::Runbook(id)),
                "page" => Ok(Ref::Page(id)),
                "incident" => Ok(Ref::Incident(id)),
                "review" | "week" => id.parse().map(Ref::Review),
                other => Err(format!(
                    "unknown kind `{other}` in `{text}` (expected team, service, slo, alert, runbook, page, an incident id or a week)"
                )),
            };
        }
        if text.starts_with("INC-") {
            return Ok(Ref::Incident(text.to_string()));
        }
        if let Ok(week) = text.parse::<Week>() {
            return Ok(Ref::Review(week));
        }
        Err(format!(
            "`{text}` is not a reference (expected INC-2025-014, 2025-W14, or kind:id such as team:payments or alert:LedgerHighLatency)"
        ))
    }

    /// The record's address below the site root, ending in `/`.
    pub fn address(&self) -> String {
        match self {
            Ref::Incident(id) => format!("incidents/{id}/"),
            Ref::Review(week) => format!("reviews/{week}/"),
            Ref::Team(id) => format!("teams/{id}/"),
            Ref::Service(id) => format!("services/{id}/"),
            Ref::Slo(id) => format!("slos/{id}/"),
            Ref::Alert(name) => format!("alerts/{}/", crate::types::slugify(name)),
            Ref::Runbook(id) => format!("runbooks/{id}/"),
            Ref::Page(id) => format!("pages/{id}/"),
        }
    }

    /// The record's id without its kind: `payments` for `team:payments`.
    pub fn id(&self) -> String {
        match self {
            Ref::Review(week) => week.to_string(),
            Ref::Incident(id)
            | Ref::Team(id)
            | Ref::Service(id)
            | Ref::Slo(id)
            | Ref::Alert(id)
            | Ref::Runbook(id)
            | Ref::Page(id) => id.clone(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Ref::Incident(_) => "incident",
            Ref::Review(_) => "review",
            Ref::Team(_) => "team",
            Ref::Service(_) => "service",
            Ref::Slo(_) => "SLO",
            Ref::Alert(_) => "alert",
            Ref::Runbook(_) => "runbook",
            Ref::Page(_) => "page",
        }
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ref::Incident(id) => write!(f, "{id}"),
            Ref::Review(week) => write!(f, "{week}"),
            Ref::Team(id) => write!(f, "team:{id}"),
            Ref::Service(id) => write!(f, "service:{id}"),
            Ref::Slo(id) => write!(f, "slo:{id}"),
            Ref::Alert(id) => write!(f, "alert:{id}"),
            Ref::Runbook(id) => write!(f, "runbook:{id}"),
            Ref::Page(id) => write!(f, "page:{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_parses_and_has_an_address() {
        let cases = [
            ("INC-2025-014", "incidents/INC-2025-014/"),
            ("2025-W14", "reviews/2025-W14/"),
            ("team:payments", "teams/payments/"),
            ("service:ledger-api", "services/ledger-api/"),
            ("slo:ledger-availability", "slos/ledger-availability/"),
            ("alert:LedgerHighLatency", "alerts/ledgerhighlatency/"),
            ("runbook:ledger-latency", "runbooks/ledger-latency/"),
            ("page:process/escalation", "pages/process/escalation/"),
        ];
        for (text, address) in cases {
            let r = Ref::parse(text).unwrap();
            assert_eq!(r.address(), address);
            assert_eq!(r.to_string(), text);
        }
    }

    #[test]
    fn nonsense_says_what_was_expected() {
        assert!(Ref::parse("tema:payments")
            .unwrap_err()
            .contains("unknown kind `tema`"));
        assert!(Ref::parse("payments")
            .unwrap_err()
            .contains("expected INC-2025-014, 2025-W14"));
        assert!(Ref::parse("team:").unwrap_err().contains("names no record"));
    }
}
