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
    pub people: BTreeMap<String, PersonEntry>,
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
    /// How `opsbook import` reads other tools' names (alert names, severities).
    #[serde(default)]
    pub import: ImportSettings,
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
            import: ImportSettings::default(),
            meeting: Meeting::default(),
            dashboard_audit: false,
        }
    }
}

/// A tool that `opsbook import` reads exports of.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Pagerduty,
    Opsgenie,
    Alertmanager,
    Incidentio,
}

impl Tool {
    pub const ALL: [Tool; 4] = [
        Tool::Pagerduty,
        Tool::Opsgenie,
        Tool::Alertmanager,
        Tool::Incidentio,
    ];

    /// As written in records and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Pagerduty => "pagerduty",
            Tool::Opsgenie => "opsgenie",
            Tool::Alertmanager => "alertmanager",
            Tool::Incidentio => "incidentio",
        }
    }

    /// As its vendor writes it.
    pub fn title(self) -> &'static str {
        match self {
            Tool::Pagerduty => "PagerDuty",
            Tool::Opsgenie => "Opsgenie",
            Tool::Alertmanager => "Alertmanager",
            Tool::Incidentio => "incident.io",
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

/// What a record is called in other tools: per tool, its ids and names there
/// (`external: { pagerduty: [PLEDG3R, "Ledger API (prod)"] }`).
pub type External = BTreeMap<Tool, Vec<String>>;

/// A person of `people:` in site.yaml: a display name, or a mapping with the name and what
/// other tools call the person (`{name: Bob Nakamura, email: bob@example.com, external: {…}}`).
#[derive(Clone, Debug, PartialEq)]
pub struct PersonEntry {
    pub name: String,
    pub email: Option<String>,
    pub external: External,
    /// Written as a plain name.
    pub plain: bool,
}

impl Serialize for PersonEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.plain {
            return s.serialize_str(&self.name);
        }
        PersonDetails {
            name: self.name.clone(),
            email: self.email.clone(),
            external: self.external.clone(),
        }
        .serialize(s)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PersonDetails {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    external: External,
}

impl PersonEntry {
    pub fn named(name: &str) -> PersonEntry {
        PersonEntry {
            name: name.to_string(),
            email: None,
            external: External::new(),
            plain: true,
        }
    }
}

impl<'de> Deserialize<'de> for PersonEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PersonEntry, D::Error> {
        struct Entry;
        impl<'de> de::Visitor<'de> for Entry {
            type Value = PersonEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a display name, or a mapping with `name` and optionally `email` and `external`")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<PersonEntry, E> {
                Ok(PersonEntry::named(name))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<PersonEntry, A::Error> {
                let p = PersonDetails::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(PersonEntry {
                    name: p.name,
                    email: p.email,
                    external: p.external,
                    plain: false,
                })
            }
        }
        d.deserialize_any(Entry)
    }
}

/// `import:` in site.yaml: how `opsbook import` reads what the tools call things.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    /// Rules that find the alert's name in a notification's text, tried before the built-in
    /// ones.
    #[serde(default)]
    pub alert_names: Vec<AlertNameRule>,
    /// Per tool, its severity names → the site's levels (`incidentio: {Minor: standard}`).
    #[serde(default)]
    pub severities: BTreeMap<Tool, BTreeMap<String, String>>,
}

/// A regular expression with a group named `alert`, for the tools listed (all when none).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlertNameRule {
    pub pattern: String,
    #[serde(default)]
    pub tools: Vec<Tool>,
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

/// People taking turns, one week each. Written as one period (`{start_week, people}`) or as a
/// list of periods, each in force from its start week until the next one starts: a joiner or a
/// leaver starts a new period, and the weeks before it keep the turns they had.
#[derive(Clone, Debug)]
pub struct Rotation {
    /// Oldest first (the order is checked when read); never empty once read.
    pub periods: Vec<RotationPeriod>,
    /// Written as a list of periods (for the YAML paths of its values).
    pub listed: bool,
}

/// One period of a rotation: from `start_week` on, `people` take turns in this order.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RotationPeriod {
    pub start_week: Week,
    pub people: Vec<String>,
}

impl Rotation {
    /// One period from `start_week`.
    pub fn from(start_week: Week, people: Vec<String>) -> Rotation {
        Rotation {
            periods: vec![RotationPeriod { start_week, people }],
            listed: false,
        }
    }

    /// The period in force in `week`: the last that started on or before it.
    pub fn period_for(&self, week: Week) -> Option<&RotationPeriod> {
        self.periods.iter().rev().find(|p| p.start_week <= week)
    }

    /// Whose turn it is in `week`: turns count from the start of the period in force.
    pub fn person_for(&self, week: Week) -> Option<&str> {
        let period = self.period_for(week)?;
        if period.people.is_empty() {
            return None;
        }
        let weeks = (week.monday() - period.start_week.monday()).get_days() / 7;
        period
            .people
            .get(weeks as usize % period.people.len())
            .map(String::as_str)
    }

    /// The YAML path of a period's field below the rotation (`people`, `1.people`).
    pub fn path(&self, period: usize, field: &str) -> String {
        if self.listed {
            format!("{period}.{field}")
        } else {
            field.to_string()
        }
    }
}

impl<'de> Deserialize<'de> for Rotation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rotation, D::Error> {
        struct Periods;
        impl<'de> de::Visitor<'de> for Periods {
            type Value = Rotation;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a rotation: `start_week` and `people`, or a list of them")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Rotation, A::Error> {
                let period =
                    RotationPeriod::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Rotation {
                    periods: vec![period],
                    listed: false,
                })
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Rotation, A::Error> {
                let periods =
                    Vec::<RotationPeriod>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Rotation {
                    periods,
                    listed: true,
                })
            }
        }
        d.deserialize_any(Periods)
    }
}

impl Serialize for Rotation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.listed, self.periods.as_slice()) {
            (false, [one]) => one.serialize(s),
            (_, periods) => periods.serialize(s),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeavyWeek {
    /// More than this many pages for one responder (the page's `responder`, else the week's
    /// first on-call) makes the week heavy. `pages_per_primary`, its first name, still reads.
    #[serde(default = "default_pages_per_responder", alias = "pages_per_primary")]
    pub pages_per_responder: u32,
    #[serde(default = "default_sleep_pages")]
    pub sleep_pages: u32,
    #[serde(default = "default_health_at_most")]
    pub health_at_most: u8,
}

fn default_pages_per_responder() -> u32 {
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
            pages_per_responder: default_pages_per_responder(),
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

/// Which way a metric is better (`good: higher` for traffic, `good: lower` for latency).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Good {
    Higher,
    Lower,
}

/// What kind of value a metric takes: any number, a count (a whole number, 0 or more), or a
/// percentage (0 to 100).
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MetricKind {
    #[default]
    Number,
    Count,
    Percent,
}

impl MetricKind {
    /// Why `value` is not of this kind, saying what is expected; `None` when it is.
    pub fn refuses(self, value: f64) -> Option<String> {
        match self {
            MetricKind::Number => None,
            MetricKind::Count if value < 0.0 || value.fract() != 0.0 => {
                Some("expected a count: a whole number, 0 or more".into())
            }
            MetricKind::Percent if !(0.0..=100.0).contains(&value) => {
                Some("expected a percentage, 0 to 100".into())
            }
            _ => None,
        }
    }
}

/// The normal range of a metric (`bounds: {min: 10, max: 250}`): a week outside it is flagged.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

/// When a metric's week is unusual against its baseline: worse than the usual by more than
/// `change` (a share of the usual) and by at least `at_least` (in the metric's unit).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MetricUnusual {
    pub change: f64,
    pub at_least: f64,
}

impl Default for MetricUnusual {
    fn default() -> Self {
        MetricUnusual {
            change: 0.25,
            at_least: 0.0,
        }
    }
}

/// An operational metric a team or a service declares once (`metrics:` in its front matter),
/// and whose value each week's review reports.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetricDecl {
    /// How pages name it; the key by default.
    #[serde(default)]
    pub name: Option<String>,
    /// `requests/s`, `ms`, `%`, `bugs`, `EUR`.
    pub unit: String,
    pub good: Good,
    #[serde(default)]
    pub kind: MetricKind,
    /// The week meets it when at or above it (`good: higher`), at or below it (`good: lower`).
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub bounds: Bounds,
    #[serde(default)]
    pub unusual: MetricUnusual,
    /// PromQL for `opsbook import prometheus`: evaluated at the end of the week, `${week}`
    /// standing for the week's length (`604800s`).
    #[serde(default)]
    pub query: Option<String>,
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
    /// What other tools call the team (`opsbook import`).
    #[serde(default)]
    pub external: External,
    /// Its operational metrics, by id; each review's section reports their week's values.
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricDecl>,
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
    /// What other tools call the service: its ids and names there (`opsbook import`).
    #[serde(default)]
    pub external: External,
    /// Its operational metrics, by id; the owning team's section reports them as
    /// `<service>/<metric>`.
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricDecl>,
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
    /// Action items raised before this week that it follows up (ids): the week's page shows
    /// each with its state now, from the record that raised it.
    #[serde(default)]
    pub carried_over: Vec<String>,
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
    /// The week's value per declared metric (`traffic`, `ledger-api/p99-latency`); a slot left
    /// empty is no data.
    #[serde(default, deserialize_with = "filled_slots")]
    pub metrics: BTreeMap<String, f64>,
    #[serde(default)]
    pub pages: Pages,
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

/// A team's pages in a week, and whether the team reported them at all. A section without
/// `pages` — or with `pages: []`, as `opsbook new week` used to leave it — reports nothing: no
/// data, never zero pages. `pages: none` says the week really was quiet; a list, or an alert log
/// (`pages_csv`), reports those pages.
#[derive(Clone, Debug, Default)]
pub struct Pages {
    pub reported: bool,
    /// Shared: a copy of a record (`serve` keeps what it read) does not copy a week's pages.
    list: std::sync::Arc<Vec<PageEvent>>,
}

impl Pages {
    /// Pages that were reported: a list, or an alert log's rows.
    pub fn reported(list: Vec<PageEvent>) -> Pages {
        Pages {
            reported: true,
            list: list.into(),
        }
    }
}

impl std::ops::Deref for Pages {
    type Target = Vec<PageEvent>;

    fn deref(&self) -> &Vec<PageEvent> {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Pages {
    type Item = &'a PageEvent;
    type IntoIter = std::slice::Iter<'a, PageEvent>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl<'de> Deserialize<'de> for Pages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Pages, D::Error> {
        struct Written;
        impl<'de> de::Visitor<'de> for Written {
            type Value = Pages;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of pages, or `none` for a week without any")
            }

            // Each page is read in turn, so that a bad one is placed at its own value.
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Pages, A::Error> {
                let mut list = Vec::new();
                while let Some(page) = seq.next_element::<PageEvent>()? {
                    list.push(page);
                }
                Ok(Pages {
                    reported: !list.is_empty(),
                    list: list.into(),
                })
            }

            fn visit_str<E: de::Error>(self, word: &str) -> Result<Pages, E> {
                if word == "none" {
                    Ok(Pages::reported(vec![]))
                } else {
                    Err(E::custom(format!(
                        "`{word}` is not a list of pages (expected a list of pages, or `none` for a week without any)"
                    )))
                }
            }

            fn visit_unit<E: de::Error>(self) -> Result<Pages, E> {
                Ok(Pages::default())
            }

            fn visit_none<E: de::Error>(self) -> Result<Pages, E> {
                Ok(Pages::default())
            }
        }
        d.deserialize_any(Written)
    }
}

impl Serialize for Pages {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.list.serialize(s)
    }
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
    /// Where a page read from a CSV alert log is in its file, so that a reference to nothing
    /// is placed at its cell; `None` for a page written in YAML.
    #[serde(skip)]
    pub cells: Option<PageCells>,
}

/// The places of a CSV page's cells.
#[derive(Clone, Debug)]
pub struct PageCells {
    /// The log, relative to the site root.
    pub file: std::sync::Arc<std::path::Path>,
    pub at: crate::diagnostics::Position,
    pub service: crate::diagnostics::Position,
    pub responder: Option<crate::diagnostics::Position>,
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

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// The incident in the tool it was imported from (or, written by hand, that it is).
    #[serde(default)]
    pub imported: Option<Imported>,
}

/// `imported: {from: incidentio, ref: INC-123, hash: …}`: which incident of which tool a
/// record is, and a hash of the text the import wrote — a record whose text no longer has
/// that hash (or that has none) was written or edited by a person, and is left alone.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Imported {
    pub from: Tool,
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub hash: Option<String>,
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
    /// As written in a record (`status: mitigated`).
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Mitigated => "mitigated",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Closed => "closed",
        }
    }

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
        let r = Rotation::from(
            "2025-W01".parse().unwrap(),
            vec!["a".into(), "b".into(), "c".into()],
        );
        let at = |w: &str| r.person_for(w.parse().unwrap());
        assert_eq!(at("2025-W01"), Some("a"));
        assert_eq!(at("2025-W03"), Some("c"));
        assert_eq!(at("2025-W04"), Some("a"));
        // 2025 has 52 weeks: 2026-W01 is the 53rd week of the rotation, 52 % 3 == 1.
        assert_eq!(at("2026-W01"), Some("b"));
        assert_eq!(at("2024-W52"), None);
    }

    #[test]
    fn a_joiner_and_a_leaver_start_new_periods_and_leave_history_as_it_was() {
        let week = |w: &str| -> Week { w.parse().unwrap() };
        let people = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let before = Rotation::from(week("2025-W01"), people(&["a", "b"]));
        let r = Rotation {
            periods: vec![
                RotationPeriod {
                    start_week: week("2025-W01"),
                    people: people(&["a", "b"]),
                },
                // c joins in W10; the turns start again from the period's first person.
                RotationPeriod {
                    start_week: week("2025-W10"),
                    people: people(&["a", "b", "c"]),
                },
                // a leaves in W20.
                RotationPeriod {
                    start_week: week("2025-W20"),
                    people: people(&["b", "c"]),
                },
            ],
            listed: true,
        };
        // Every week before c joined has the person it had before the change.
        for n in 1..10 {
            let w = Week::new(2025, n).unwrap();
            assert_eq!(r.person_for(w), before.person_for(w), "{w}");
        }
        let at = |w: &str| r.person_for(week(w));
        assert_eq!(at("2025-W10"), Some("a"));
        assert_eq!(at("2025-W11"), Some("b"));
        assert_eq!(at("2025-W12"), Some("c"));
        assert_eq!(at("2025-W13"), Some("a"));
        assert_eq!(at("2025-W20"), Some("b"));
        assert_eq!(at("2025-W21"), Some("c"));
        assert_eq!(at("2025-W22"), Some("b"));
        assert!((20..=52).all(|n| r.person_for(Week::new(2025, n).unwrap()) != Some("a")));
        assert_eq!(at("2024-W52"), None);
        assert_eq!(r.path(1, "people"), "1.people");
        assert_eq!(before.path(0, "people"), "people");
    }

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        let (tree, problems) = crate::load::yaml::single(text, 1);
        assert!(problems.is_empty(), "{problems:?}");
        let (value, problems) = crate::load::yaml::from_node::<T>(&mut tree.unwrap());
        match (value, problems.first()) {
            (Some(v), None) => Ok(v),
            (_, Some(p)) => Err(format!("{}:{}: {}", p.at.line, p.at.column, p.message)),
            (None, None) => Err("nothing".into()),
        }
    }

    #[test]
    fn a_person_is_a_name_or_a_mapping_of_what_tools_call_them() {
        let people: BTreeMap<String, PersonEntry> = read(
            "dana: Dana Whitfield\nbob: {name: Bob Nakamura, email: bob@example.com, external: {pagerduty: [PB0BN4K]}}\n",
        )
        .unwrap();
        assert_eq!(people["dana"], PersonEntry::named("Dana Whitfield"));
        let bob = &people["bob"];
        assert_eq!(bob.name, "Bob Nakamura");
        assert_eq!(bob.email.as_deref(), Some("bob@example.com"));
        assert_eq!(bob.external[&Tool::Pagerduty], ["PB0BN4K"]);
        let bad =
            read::<BTreeMap<String, PersonEntry>>("bob: {name: Bob, external: {pagerdty: [X]}}\n");
        assert!(bad.unwrap_err().contains("unknown variant `pagerdty`"));
        let bad = read::<BTreeMap<String, PersonEntry>>("bob: [Bob]\n");
        assert!(bad
            .unwrap_err()
            .contains("expected a display name, or a mapping"));
    }

    #[test]
    fn a_rotation_reads_as_one_period_or_a_list_of_periods() {
        let one: Rotation = read("start_week: 2025-W01\npeople: [a, b]\n").unwrap();
        assert!(!one.listed);
        assert_eq!(one.periods.len(), 1);
        let list: Rotation = read(
            "- {start_week: 2025-W01, people: [a]}\n- {start_week: 2025-W05, people: [a, b]}\n",
        )
        .unwrap();
        assert!(list.listed);
        assert_eq!(list.person_for("2025-W06".parse().unwrap()), Some("b"));
        // Problems inside a period are placed at their value.
        let bad = read::<Rotation>(
            "- start_week: 2025-W01\n  people: [a]\n- start_week: W5\n  people: [a]\n",
        );
        assert!(bad.unwrap_err().starts_with("3:15: 1.start_week:"));
        let bad = read::<Rotation>("- start_week: 2025-W01\n  poeple: [a]\n");
        let bad = bad.unwrap_err();
        assert!(bad.starts_with("2:3: 0: unknown field `poeple`"), "{bad}");
        assert!(read::<Rotation>("bob\n")
            .unwrap_err()
            .contains("expected a rotation: `start_week` and `people`, or a list of them"));
    }
}
