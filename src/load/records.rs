//! The front matter of every record kind, as typed structs that refuse unknown keys.
//! Field meanings are documented in `docs/format.md`; checks that need more than one field
//! (ranges, time order) live in `load::checks`, checks across records in `resolve`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::types::{Duration, TimeOfDay, Week};

/// An IANA time zone, checked when read.
#[derive(Clone, Debug)]
pub struct Zone {
    pub name: String,
    pub tz: jiff::tz::TimeZone,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            tz: jiff::tz::TimeZone::UTC,
        }
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = String::deserialize(d)?;
        let tz = jiff::tz::TimeZone::get(&name).map_err(|_| {
            de::Error::custom(format!(
                "unknown time zone `{name}` (expected an IANA name like Europe/Berlin or UTC)"
            ))
        })?;
        Ok(Zone { name, tz })
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub organisation: String,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "Zone::utc")]
    pub time_zone: Zone,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default = "default_severities")]
    pub severities: Vec<SeverityLevel>,
    #[serde(default)]
    pub business_hours: BusinessHours,
    #[serde(default)]
    pub sleep_hours: SleepHours,
    #[serde(default)]
    pub facilitators: Option<Rotation>,
    #[serde(default)]
    pub people: BTreeMap<String, String>,
    #[serde(default = "default_baseline_weeks")]
    pub baseline_weeks: u32,
    #[serde(default)]
    pub heavy_week: HeavyWeek,
    #[serde(default)]
    pub recurring_alert: RecurringAlert,
    #[serde(default)]
    pub unusual: UnusualBounds,
    /// A wiki link to nothing fails the build (`error`), or is only reported (`warn`).
    #[serde(default)]
    pub broken_links: BrokenLinks,
    /// The meeting's time budget, per section of the slides.
    #[serde(default)]
    pub meeting: Meeting,
    /// Pick one service a week whose dashboards the meeting audits.
    #[serde(default)]
    pub dashboard_audit: bool,
}

impl SiteConfig {
    /// The settings of a site whose site.yaml cannot be read: every default, so that the other
    /// files can still be checked.
    pub fn fallback() -> SiteConfig {
        SiteConfig {
            title: String::new(),
            organisation: String::new(),
            base_url: None,
            description: None,
            time_zone: Zone::utc(),
            language: default_language(),
            theme: None,
            severities: default_severities(),
            business_hours: BusinessHours::default(),
            sleep_hours: SleepHours::default(),
            facilitators: None,
            people: BTreeMap::new(),
            baseline_weeks: default_baseline_weeks(),
            heavy_week: HeavyWeek::default(),
            recurring_alert: RecurringAlert::default(),
            unusual: UnusualBounds::default(),
            broken_links: BrokenLinks::default(),
            meeting: Meeting::default(),
            dashboard_audit: false,
        }
    }
}

/// Minutes per section of the meeting (`meeting:` in site.yaml), for the presenter's timer. The
/// sections are those of the slides, in order.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Meeting {
    /// The title slide and what is unusual.
    pub opening: u32,
    /// Each team's deviations.
    pub teams: u32,
    /// Projects and migrations.
    pub projects: u32,
    pub oncall: u32,
    pub incidents: u32,
    /// Wins and action items.
    pub outcomes: u32,
}

impl Default for Meeting {
    fn default() -> Self {
        Meeting {
            opening: 5,
            teams: 20,
            projects: 5,
            oncall: 5,
            incidents: 20,
            outcomes: 5,
        }
    }
}

impl Meeting {
    /// The sections in order: (key in site.yaml, minutes).
    pub fn sections(&self) -> [(&'static str, u32); 6] {
        [
            ("opening", self.opening),
            ("teams", self.teams),
            ("projects", self.projects),
            ("oncall", self.oncall),
            ("incidents", self.incidents),
            ("outcomes", self.outcomes),
        ]
    }

    pub fn total(&self) -> u32 {
        self.sections().iter().map(|(_, m)| m).sum()
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    #[default]
    Error,
    Warn,
}

fn default_language() -> String {
    "en".into()
}

fn default_baseline_weeks() -> u32 {
    8
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub colour: Option<String>,
}

fn default_severities() -> Vec<SeverityLevel> {
    [
        ("critical", "Severe customer impact; all hands.", "#b42318"),
        (
            "major",
            "Significant impact on many customers or a key feature.",
            "#b54708",
        ),
        ("standard", "Limited impact, or internal only.", "#3e4784"),
    ]
    .into_iter()
    .map(|(id, description, colour)| SeverityLevel {
        id: id.into(),
        description: Some(description.into()),
        colour: Some(colour.into()),
    })
    .collect()
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    pub days: Vec<Day>,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            days: vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri],
            start: TimeOfDay::hm(8, 0),
            end: TimeOfDay::hm(18, 0),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SleepHours {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl Default for SleepHours {
    fn default() -> Self {
        SleepHours {
            start: TimeOfDay::hm(22, 0),
            end: TimeOfDay::hm(8, 0),
        }
    }
}

/// People taking turns, one week each, from `start_week` on.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    pub start_week: Week,
    pub people: Vec<String>,
}

impl Rotation {
    pub fn person_for(&self, week: Week) -> Option<&str> {
        if self.people.is_empty() || week < self.start_week {
            return None;
        }
        let weeks = (week.monday() - self.start_week.monday()).get_days() / 7;
        self.people
            .get(weeks as usize % self.people.len())
            .map(String::as_str)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeavyWeek {
    #[serde(default = "default_pages_per_primary")]
    pub pages_per_primary: u32,
    #[serde(default = "default_sleep_pages")]
    pub sleep_pages: u32,
    #[serde(default = "default_health_at_most")]
    pub health_at_most: u8,
}

fn default_pages_per_primary() -> u32 {
    14
}
fn default_sleep_pages() -> u32 {
    3
}
fn default_health_at_most() -> u8 {
    2
}

impl Default for HeavyWeek {
    fn default() -> Self {
        HeavyWeek {
            pages_per_primary: default_pages_per_primary(),
            sleep_pages: default_sleep_pages(),
            health_at_most: default_health_at_most(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecurringAlert {
    #[serde(default = "default_recurring_weeks")]
    pub weeks: u32,
    #[serde(default = "default_recurring_window")]
    pub window: u32,
}

fn default_recurring_weeks() -> u32 {
    3
}
fn default_recurring_window() -> u32 {
    8
}

impl Default for RecurringAlert {
    fn default() -> Self {
        RecurringAlert {
            weeks: default_recurring_weeks(),
            window: default_recurring_window(),
        }
    }
}

/// When a team's week counts as unusual against its baseline (docs/metrics.md). Below the
/// floors, "twice the usual" is noise: 2 pages instead of 1 is not news.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct UnusualBounds {
    pub pages: f64,
    pub off_hours_pages: f64,
    pub sleep_pages: f64,
    pub tickets: f64,
    /// A health score more than this below the usual is flagged: 4 in a team usually at 5 is
    /// an ordinary week, 3 is not.
    pub health_drop: f64,
    /// Attainment still within target is flagged when it falls this share of a week's error
    /// budget below the usual.
    pub attainment_drop_budget: f64,
    /// A baseline needs this many previous weeks with a figure.
    pub min_weeks: usize,
}

impl Default for UnusualBounds {
    fn default() -> Self {
        UnusualBounds {
            pages: 5.0,
            off_hours_pages: 3.0,
            sleep_pages: 2.0,
            tickets: 5.0,
            health_drop: 1.0,
            attainment_drop_budget: 0.5,
            min_weeks: 3,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamFront {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub time_zone: Option<Zone>,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub oncall_rotation: Option<Rotation>,
    /// Old addresses of this record (`old/path/`): each gets a page that redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Dashboard {
    Url(String),
    Titled { title: String, url: String },
}

impl Dashboard {
    pub fn url(&self) -> &str {
        match self {
            Dashboard::Url(url) | Dashboard::Titled { url, .. } => url,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFront {
    pub name: String,
    pub team: String,
    #[serde(default)]
    pub tier: Option<u8>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub dashboards: Vec<Dashboard>,
    #[serde(default)]
    pub runbooks: Vec<String>,
    /// Old addresses of this record (`old/path/`): each gets a page that redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunbookFront {
    pub title: String,
    #[serde(default)]
    pub alerts: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub owner: Option<String>,
    /// Old addresses of this record (`old/path/`): each gets a page that redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: Option<i32>,
    /// Old addresses of this record (`old/path/`): each gets a page that redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFront {
    pub week: Week,
    /// Written by `opsbook new week` and not yet filled in: it builds, with a note.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub facilitator: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Where the meeting's recording is (a URL).
    #[serde(default)]
    pub recording: Option<String>,
    #[serde(default)]
    pub teams: BTreeMap<String, TeamWeek>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub incidents: Vec<String>,
    #[serde(default)]
    pub wins: Vec<String>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Old addresses of this record (`old/path/`): each gets a page that redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamWeek {
    #[serde(default)]
    pub oncall: Vec<String>,
    #[serde(default)]
    pub health: Option<u8>,
    #[serde(default)]
    pub tickets: Option<u32>,
    /// Attainment in percent per objective; a slot left empty (`key:`) is no data.
    #[serde(default, deserialize_with = "filled_slots")]
    pub slos: BTreeMap<String, f64>,
    #[serde(default)]
    pub pages: Vec<PageEvent>,
    #[serde(default)]
    pub pages_csv: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Markdown for whoever presents the team's slide: shown in the slides' speaker notes only.
    #[serde(default)]
    pub notes_for_presenter: Option<String>,
}

fn filled_slots<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    let slots: BTreeMap<String, Option<f64>> = BTreeMap::deserialize(d)?;
    Ok(slots
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect())
}

/// One interrupting alert.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageEvent {
    pub at: Timestamp,
    pub alert: String,
    pub service: String,
    #[serde(default)]
    pub actionable: Option<bool>,
    #[serde(default)]
    pub ack: Option<Duration>,
    #[serde(default)]
    pub responder: Option<String>,
    #[serde(default)]
    pub urgency: Option<Urgency>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    High,
    Low,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub title: String,
    #[serde(default)]
    pub team: Option<String>,
    pub status: ProjectStatus,
    #[serde(default)]
    pub risk: Option<Risk>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectStatus {
    Planned,
    InProgress,
    Done,
    Paused,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub id: String,
    pub title: String,
    pub owner: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    pub status: ActionStatus,
    #[serde(default)]
    pub closed: Option<Date>,
    #[serde(default)]
    pub refs: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFront {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub status: IncidentStatus,
    pub started: Timestamp,
    #[serde(default)]
    pub detected: Option<Timestamp>,
    #[serde(default)]
    pub acknowledged: Option<Timestamp>,
    #[serde(default)]
    pub mitigated: Option<Timestamp>,
    #[serde(default)]
    pub resolved: Option<Timestamp>,
    pub teams: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub commander: Option<String>,
    #[serde(default)]
    pub detection: Option<Detection>,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub proximate_causes: Vec<String>,
    #[serde(default)]
    pub trigger: Option<String>,
    #[serde(default)]
    pub postmortem: Option<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    /// Old addresses of this record (`old/path/`): each gets a page that redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum IncidentStatus {
    Investigating,
    Mitigated,
    Resolved,
    Closed,
}

impl IncidentStatus {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            IncidentStatus::Investigating | IncidentStatus::Mitigated
        )
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Detection {
    Alert,
    Customer,
    Internal,
    Synthetic,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_takes_turns_from_its_start_week() {
        let r = Rotation {
            start_week: "2025-W01".parse().unwrap(),
            people: vec!["a".into(), "b".into(), "c".into()],
        };
        let at = |w: &str| r.person_for(w.parse().unwrap());
        assert_eq!(at("2025-W01"), Some("a"));
        assert_eq!(at("2025-W03"), Some("c"));
        assert_eq!(at("2025-W04"), Some("a"));
        // 2025 has 52 weeks: 2026-W01 is the 53rd week of the rotation, 52 % 3 == 1.
        assert_eq!(at("2026-W01"), Some("b"));
        assert_eq!(at("2024-W52"), None);
    }
}
