//! On-call load: when pages fire, in the responding team's local time (docs/metrics.md).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::civil::{DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use super::memo::ByWeek;
use super::{median, p90};
use crate::load::records::{BusinessHours, Day, HeavyWeek, SiteConfig, SleepHours, TeamWeek};
use crate::resolve::Archive;
use crate::types::Week;

/// When a page interrupted: PagerDuty's operational-review split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageTime {
    Business,
    OffHours,
    Sleep,
}

impl PageTime {
    pub fn label(self) -> &'static str {
        match self {
            PageTime::Business => "business hours",
            PageTime::OffHours => "off-hours",
            PageTime::Sleep => "sleep hours",
        }
    }
}

fn day(w: Weekday) -> Day {
    match w {
        Weekday::Monday => Day::Mon,
        Weekday::Tuesday => Day::Tue,
        Weekday::Wednesday => Day::Wed,
        Weekday::Thursday => Day::Thu,
        Weekday::Friday => Day::Fri,
        Weekday::Saturday => Day::Sat,
        Weekday::Sunday => Day::Sun,
    }
}

/// Sleep hours win over business hours; everything else is off-hours. Intervals include their
/// start and exclude their end: a page at exactly 22:00 is a sleep-hour page, one at 08:00 is not.
pub fn classify_local(local: DateTime, business: &BusinessHours, sleep: &SleepHours) -> PageTime {
    let minute = local.hour() as u16 * 60 + local.minute() as u16;
    let (s, e) = (sleep.start.minutes, sleep.end.minutes);
    let in_sleep = if s <= e {
        (s..e).contains(&minute)
    } else {
        minute >= s || minute < e
    };
    if in_sleep {
        return PageTime::Sleep;
    }
    let working_day = business.days.contains(&day(local.weekday()));
    if working_day && (business.start.minutes..business.end.minutes).contains(&minute) {
        PageTime::Business
    } else {
        PageTime::OffHours
    }
}

pub fn classify(
    at: Timestamp,
    zone: &TimeZone,
    business: &BusinessHours,
    sleep: &SleepHours,
) -> PageTime {
    classify_local(at.to_zoned(zone.clone()).datetime(), business, sleep)
}

/// Page counts that add up across teams and weeks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pages: u64,
    pub business: u64,
    pub off_hours: u64,
    pub sleep: u64,
    /// Distinct clock hours with at least one page.
    pub hours_interrupted: u64,
    pub actionable: u64,
    /// Pages marked actionable or not: the actionable ratio's denominator.
    pub marked: u64,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.pages += other.pages;
        self.business += other.business;
        self.off_hours += other.off_hours;
        self.sleep += other.sleep;
        self.hours_interrupted += other.hours_interrupted;
        self.actionable += other.actionable;
        self.marked += other.marked;
    }

    /// Actionable pages / pages where marked; `None` when none was marked.
    pub fn actionable_ratio(&self) -> Option<f64> {
        (self.marked > 0).then(|| self.actionable as f64 / self.marked as f64)
    }
}

/// Why a week counts as heavy (docs/metrics.md, after Google's SRE book).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Heavy {
    /// More than the bound of pages for one primary responder.
    Pages { responder: String, pages: u32 },
    /// The bound or more sleep-hour pages.
    SleepPages { pages: u64 },
    /// A health score at or below the bound.
    Health { health: u8 },
}

impl Heavy {
    pub fn describe(&self, people: impl Fn(&str) -> String) -> String {
        match self {
            Heavy::Pages { responder, pages } => {
                format!("{pages} pages for {}", people(responder))
            }
            Heavy::SleepPages { pages } => format!("{pages} sleep-hour pages"),
            Heavy::Health { health } => format!("health {health} of 5"),
        }
    }
}

/// A local clock hour with a page: the date, the hour and the UTC offset (which keeps the
/// repeated hour of a daylight-saving change apart).
pub type LocalHour = (jiff::civil::Date, i8, i32);

/// One team's on-call week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekLoad {
    /// The week's page counts; `None` when the team reported no pages (no data, not zero).
    pub pages: Option<Counts>,
    pub health: Option<u8>,
    pub tickets: Option<u32>,
    /// Time to acknowledge, seconds, where given.
    pub ack_median: Option<f64>,
    pub ack_p90: Option<f64>,
    /// Pages per responder: the page's `responder`, else the week's first on-call.
    pub by_responder: BTreeMap<String, Responder>,
    pub heavy: Vec<Heavy>,
    /// When each page came in, in the order of the section's pages.
    pub times: Vec<PageTime>,
    /// Each time to acknowledge given, in seconds, in the order of the section's pages.
    pub acks: Vec<f64>,
    /// The local clock hours with a page: over a span, hours interrupted are the distinct ones.
    pub hours: BTreeSet<LocalHour>,
    /// The same hours as UTC hour numbers, the one clock teams share (the organisation's).
    pub utc_hours: BTreeSet<i64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Responder {
    pub pages: u32,
    pub sleep: u32,
    pub off_hours: u32,
}

/// One team's on-call week from its section of a review; pages classified in `zone`.
pub fn week_load(site: &SiteConfig, zone: &TimeZone, tw: &TeamWeek) -> WeekLoad {
    let mut counts = Counts::default();
    let mut hours: BTreeSet<LocalHour> = BTreeSet::new();
    let mut utc_hours: BTreeSet<i64> = BTreeSet::new();
    let mut by_responder: BTreeMap<String, Responder> = BTreeMap::new();
    let primary = tw.oncall.first();
    let mut times = Vec::with_capacity(tw.pages.len());
    for page in &tw.pages {
        let local = page.at.to_zoned(zone.clone());
        // An hour is a local clock hour; the offset keeps the repeated hour of a DST change apart.
        hours.insert((local.date(), local.hour(), local.offset().seconds()));
        utc_hours.insert(page.at.as_second().div_euclid(3600));
        let when = classify_local(local.datetime(), &site.business_hours, &site.sleep_hours);
        times.push(when);
        let responder = page.responder.as_ref().or(primary);
        let mut entry = responder.map(|r| by_responder.entry(r.clone()).or_default());
        counts.pages += 1;
        if let Some(r) = entry.as_mut() {
            r.pages += 1;
        }
        match when {
            PageTime::Business => counts.business += 1,
            PageTime::OffHours => {
                counts.off_hours += 1;
                if let Some(r) = entry.as_mut() {
                    r.off_hours += 1;
                }
            }
            PageTime::Sleep => {
                counts.sleep += 1;
                if let Some(r) = entry {
                    r.sleep += 1;
                }
            }
        }
        if let Some(actionable) = page.actionable {
            counts.marked += 1;
            counts.actionable += u64::from(actionable);
        }
    }
    counts.hours_interrupted = hours.len() as u64;
    let pages = tw.pages.reported.then_some(counts);
    let acks: Vec<f64> = tw
        .pages
        .iter()
        .filter_map(|p| p.ack.map(|d| d.seconds as f64))
        .collect();
    let heavy = heavy_reasons(&site.heavy_week, &counts, tw.health, &by_responder);
    WeekLoad {
        pages,
        health: tw.health,
        tickets: tw.tickets,
        ack_median: median(&acks),
        ack_p90: p90(&acks),
        by_responder,
        heavy,
        times,
        acks,
        hours,
        utc_hours,
    }
}

fn heavy_reasons(
    bound: &HeavyWeek,
    counts: &Counts,
    health: Option<u8>,
    by_responder: &BTreeMap<String, Responder>,
) -> Vec<Heavy> {
    let mut reasons = vec![];
    // The busiest responder; ties go to the first id, so the result does not depend on order.
    let busiest = by_responder
        .iter()
        .max_by(|x, y| x.1.pages.cmp(&y.1.pages).then(y.0.cmp(x.0)));
    if let Some((responder, r)) = busiest.filter(|(_, r)| r.pages > bound.pages_per_responder) {
        reasons.push(Heavy::Pages {
            responder: responder.clone(),
            pages: r.pages,
        });
    }
    if counts.sleep >= u64::from(bound.sleep_pages) {
        reasons.push(Heavy::SleepPages {
            pages: counts.sleep,
        });
    }
    if let Some(h) = health.filter(|h| *h <= bound.health_at_most) {
        reasons.push(Heavy::Health { health: h });
    }
    reasons
}

/// A review's on-call weeks, by team.
pub type TeamLoads = BTreeMap<String, Arc<WeekLoad>>;

/// Every team's on-call week from every review, computed once: each series reads from here.
#[derive(Debug, Default)]
pub struct Loads {
    /// The weeks whose figures count: every review but drafts.
    /// Shared with each team's series (a ten-year archive has 15,000 team-weeks).
    by_week: BTreeMap<Week, TeamLoads>,
    /// Drafts' weeks: shown on their own page, counted nowhere.
    drafts: BTreeMap<Week, TeamLoads>,
}

impl Loads {
    pub fn of(a: &Archive) -> Loads {
        Loads::with_memo(a, &ByWeek::default())
    }

    /// [`Loads::of`], taking each review's loads from `kept` when they were computed from the
    /// same review (and the same settings: time zones, hours).
    pub(super) fn with_memo(a: &Archive, kept: &ByWeek<TeamLoads>) -> Loads {
        use rayon::prelude::*;
        let all: Vec<(bool, Week, Arc<TeamLoads>)> = a
            .reviews
            .par_iter()
            .map(|r| {
                let teams = kept.get_or(r.front.week, &[Some(r)], |last| {
                    r.front
                        .teams
                        .iter()
                        .map(|(team, tw)| {
                            let load = week_load(&a.site, a.team_zone(team), tw);
                            // A team-week equal to the last is the last: what adds it up is
                            // kept too (an edit of one team's section leaves the others'). Its
                            // numbers are counts and whole seconds: equal is the same.
                            let was = last.and_then(|l| l.get(team)).filter(|l| ***l == load);
                            (team.clone(), was.map_or_else(|| Arc::new(load), Arc::clone))
                        })
                        .collect()
                });
                (r.front.draft, r.front.week, teams)
            })
            .collect();
        // A draft is a week being prepared: none of its figures count yet.
        let (mut by_week, mut drafts) = (BTreeMap::new(), BTreeMap::new());
        for (draft, week, teams) in all {
            let teams = TeamLoads::clone(&teams);
            if draft {
                drafts.insert(week, teams);
            } else {
                by_week.insert(week, teams);
            }
        }
        Loads { by_week, drafts }
    }

    /// A team's week as its review's page shows it (a draft's too), if it has a section.
    pub fn get(&self, week: Week, team: &str) -> Option<&WeekLoad> {
        self.counted(week, team)
            .or_else(|| self.drafts.get(&week)?.get(team).map(Arc::as_ref))
    }

    /// A team's week as the figures count it: not a draft's.
    pub fn counted(&self, week: Week, team: &str) -> Option<&WeekLoad> {
        self.by_week.get(&week)?.get(team).map(Arc::as_ref)
    }

    /// Every team's load of `week`, by team id.
    pub(super) fn all_of(&self, week: Week) -> impl Iterator<Item = &Arc<WeekLoad>> {
        self.by_week.get(&week).into_iter().flat_map(|t| t.values())
    }

    /// A team's load for each of `weeks`; `None` where no review has a section for the team.
    pub fn team_series(&self, team: &str, weeks: &[Week]) -> Vec<Option<Arc<WeekLoad>>> {
        weeks
            .iter()
            .map(|w| self.by_week.get(w)?.get(team).cloned())
            .collect()
    }

    /// The organisation's weeks (see [`OrgWeek`]); `None` for a week without a review (or
    /// with a draft).
    pub fn org_series(&self, weeks: &[Week]) -> Vec<Option<OrgWeek>> {
        weeks
            .iter()
            .map(|w| {
                let loads = self.by_week.get(w)?;
                let mut org = OrgWeek::default();
                let mut counts: Option<Counts> = None;
                for (team, load) in loads {
                    if let Some(c) = &load.pages {
                        counts.get_or_insert_with(Counts::default).add(c);
                        org.teams_reporting += 1;
                    }
                    if !load.heavy.is_empty() {
                        org.heavy_teams.push(team.clone());
                    }
                }
                // Distinct hours across teams: two teams paged in one hour interrupted one hour
                // of the organisation's. Counted in UTC hours, the one clock every team shares.
                if let Some(c) = counts.as_mut() {
                    c.hours_interrupted = utc_hours(loads.values().map(Arc::as_ref)).len() as u64;
                }
                org.pages = counts;
                Some(org)
            })
            .collect()
    }

    /// The distinct UTC hours with a page in a week, across teams.
    pub fn utc_hours_in(&self, week: Week) -> BTreeSet<i64> {
        utc_hours(
            self.by_week
                .get(&week)
                .into_iter()
                .flat_map(|t| t.values().map(Arc::as_ref)),
        )
    }

    /// The team-weeks of `weeks`, for one team or all: what a span's totals add up.
    fn of_weeks<'a>(
        &'a self,
        weeks: &'a [Week],
        team: Option<&'a str>,
    ) -> impl Iterator<Item = &'a WeekLoad> + 'a {
        weeks
            .iter()
            .filter_map(|w| self.by_week.get(w))
            .flat_map(move |teams| {
                // One team's is looked up, not searched for among all of them.
                let one = team.map(|t| teams.get(t).into_iter().map(Arc::as_ref));
                let all = team.is_none().then(|| teams.values().map(Arc::as_ref));
                one.into_iter().flatten().chain(all.into_iter().flatten())
            })
    }

    /// Pages and sleep-hour pages per person over `weeks`, optionally for one team; busiest
    /// first.
    pub fn person_loads(&self, a: &Archive, weeks: &[Week], team: Option<&str>) -> Vec<PersonLoad> {
        let mut people: BTreeMap<String, PersonLoad> = BTreeMap::new();
        for w in weeks {
            let (Some(review), Some(loads)) = (a.review(*w), self.by_week.get(w)) else {
                continue;
            };
            let sections: Vec<(&String, &TeamWeek)> = match team {
                Some(t) => review.front.teams.get_key_value(t).into_iter().collect(),
                None => review.front.teams.iter().collect(),
            };
            for (t, tw) in sections {
                for p in &tw.oncall {
                    people.entry(p.clone()).or_default().weeks_on_call += 1;
                }
                for (p, r) in loads.get(t).map(|l| &l.by_responder).into_iter().flatten() {
                    let entry = people.entry(p.clone()).or_default();
                    entry.pages += r.pages;
                    entry.off_hours += r.off_hours;
                    entry.sleep += r.sleep;
                }
            }
        }
        let mut loads: Vec<PersonLoad> = people
            .into_iter()
            .map(|(person, load)| PersonLoad { person, ..load })
            .collect();
        loads.sort_by(|x, y| {
            y.pages
                .cmp(&x.pages)
                .then(y.sleep.cmp(&x.sleep))
                .then(x.person.cmp(&y.person))
        });
        loads
    }
}

/// A team's load for each of `weeks`; `None` where no review has a section for the team.
pub fn team_series(a: &Archive, team: &str, weeks: &[Week]) -> Vec<Option<Arc<WeekLoad>>> {
    Loads::of(a).team_series(team, weeks)
}

/// The organisation's week: every team's counts added up, except hours interrupted, which are
/// the distinct hours in which any team was paged.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OrgWeek {
    /// Every team's page counts added up; `None` when no team reported pages.
    pub pages: Option<Counts>,
    /// Teams that reported pages.
    pub teams_reporting: u32,
    /// Teams whose week was heavy.
    pub heavy_teams: Vec<String>,
}

pub fn org_series(a: &Archive, weeks: &[Week]) -> Vec<Option<OrgWeek>> {
    Loads::of(a).org_series(weeks)
}

/// The distinct UTC hours with a page across team-weeks.
fn utc_hours<'a>(loads: impl Iterator<Item = &'a WeekLoad>) -> BTreeSet<i64> {
    loads.flat_map(|l| l.utc_hours.iter().copied()).collect()
}

/// Totals over a span of weeks (the on-call pages' summary tables): the weeks whose pages were
/// reported and their counts added up (hours interrupted: the distinct hours over the span),
/// heavy weeks, the median health, tickets where reported, and the time to acknowledge.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SpanTotals {
    /// Weeks with pages reported (for the organisation: by at least one team).
    pub weeks: usize,
    pub counts: Counts,
    /// Weeks that were heavy (for the organisation: weeks in which some team's was).
    pub heavy: usize,
    pub health: Option<f64>,
    /// Tickets over the weeks that reported them; `None` when none did.
    pub tickets: Option<u64>,
    pub ack_median: Option<f64>,
    pub ack_p90: Option<f64>,
}

impl SpanTotals {
    /// One team's span of weeks.
    pub fn of_team(loads: &Loads, weeks: &[Week], team: &str) -> Self {
        let mut t = SpanTotals::default();
        let (mut health, mut acks, mut hours) = (vec![], vec![], BTreeSet::new());
        for load in loads.of_weeks(weeks, Some(team)) {
            if let Some(c) = &load.pages {
                t.counts.add(c);
                t.weeks += 1;
            }
            t.heavy += usize::from(!load.heavy.is_empty());
            health.extend(load.health.map(f64::from));
            if let Some(n) = load.tickets {
                *t.tickets.get_or_insert(0) += u64::from(n);
            }
            acks.extend_from_slice(&load.acks);
            hours.extend(load.hours.iter().copied());
        }
        t.counts.hours_interrupted = hours.len() as u64;
        t.health = median(&health);
        t.ack_median = median(&acks);
        t.ack_p90 = p90(&acks);
        t
    }

    /// The organisation's span of weeks, from its series over them.
    pub fn of_org(loads: &Loads, weeks: &[Week], series: &[Option<OrgWeek>]) -> Self {
        let mut t = SpanTotals::default();
        for org in series.iter().flatten() {
            if let Some(c) = &org.pages {
                t.counts.add(c);
                t.weeks += 1;
            }
            t.heavy += usize::from(!org.heavy_teams.is_empty());
        }
        let (mut acks, mut tickets) = (vec![], None);
        for load in loads.of_weeks(weeks, None) {
            acks.extend_from_slice(&load.acks);
            if let Some(n) = load.tickets {
                *tickets.get_or_insert(0) += u64::from(n);
            }
        }
        t.counts.hours_interrupted = utc_hours(loads.of_weeks(weeks, None)).len() as u64;
        t.tickets = tickets;
        t.ack_median = median(&acks);
        t.ack_p90 = p90(&acks);
        t
    }
}

/// One person's load over a span of weeks (fairness).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PersonLoad {
    pub person: String,
    pub weeks_on_call: u32,
    pub pages: u32,
    pub off_hours: u32,
    pub sleep: u32,
}

/// Pages and sleep-hour pages per person over `weeks`, optionally for one team; busiest first.
pub fn person_loads(a: &Archive, weeks: &[Week], team: Option<&str>) -> Vec<PersonLoad> {
    Loads::of(a).person_loads(a, weeks, team)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::{archive_of, review};
    use crate::analyze::weeks_through;

    fn page(at: &str, alert: &str, extra: &str) -> String {
        format!("      - {{ at: {at}, alert: {alert}, service: api{extra} }}\n")
    }

    fn at(ts: &str, zone: &str) -> PageTime {
        let tz = TimeZone::get(zone).unwrap();
        classify(
            ts.parse().unwrap(),
            &tz,
            &BusinessHours::default(),
            &SleepHours::default(),
        )
    }

    #[test]
    fn the_edges_of_the_day() {
        // 2025-04-01 is a Tuesday; Berlin is UTC+2 in summer time.
        assert_eq!(
            at("2025-04-01T20:00:00Z", "Europe/Berlin"),
            PageTime::Sleep,
            "22:00 local is sleep"
        );
        assert_eq!(
            at("2025-04-01T19:59:00Z", "Europe/Berlin"),
            PageTime::OffHours,
            "21:59 local"
        );
        assert_eq!(
            at("2025-04-01T06:00:00Z", "Europe/Berlin"),
            PageTime::Business,
            "08:00 local"
        );
        assert_eq!(
            at("2025-04-01T05:59:00Z", "Europe/Berlin"),
            PageTime::Sleep,
            "07:59 local"
        );
        assert_eq!(
            at("2025-04-01T16:00:00Z", "Europe/Berlin"),
            PageTime::OffHours,
            "18:00 local"
        );
    }

    #[test]
    fn weekends_are_off_hours() {
        // 2025-04-05 is a Saturday.
        assert_eq!(
            at("2025-04-05T10:00:00Z", "Europe/Berlin"),
            PageTime::OffHours
        );
    }

    #[test]
    fn the_team_zone_decides() {
        // 12:00 UTC is 08:00 in New York (EDT): business hours there, but 02:00 in Auckland is not.
        assert_eq!(
            at("2025-04-01T12:00:00Z", "America/New_York"),
            PageTime::Business
        );
        assert_eq!(
            at("2025-04-01T03:00:00Z", "America/New_York"),
            PageTime::Sleep
        );
    }

    #[test]
    fn across_a_daylight_saving_change() {
        // Berlin moved to CEST on 2025-03-30 at 02:00. 05:30 UTC is 06:30 CET on the Saturday
        // before (sleep) and 07:30 CEST on Monday 31 March (still sleep); 06:30 UTC on the Monday
        // is 08:30 CEST (business), which in winter time would have been 07:30 (sleep).
        assert_eq!(at("2025-03-29T05:30:00Z", "Europe/Berlin"), PageTime::Sleep);
        assert_eq!(at("2025-03-31T05:30:00Z", "Europe/Berlin"), PageTime::Sleep);
        assert_eq!(
            at("2025-03-31T06:30:00Z", "Europe/Berlin"),
            PageTime::Business
        );
        assert_eq!(
            at("2025-03-28T06:30:00Z", "Europe/Berlin"),
            PageTime::Sleep,
            "07:30 CET the Friday before"
        );
    }

    #[test]
    fn a_week_splits_into_business_off_hours_and_sleep() {
        // ops is in UTC. 2025-04-01 is a Tuesday.
        let pages = [
            page("2025-04-01T09:15:00Z", "A", ", actionable: true, ack: 2m"),
            page("2025-04-01T09:45:00Z", "A", ", actionable: false, ack: 4m"), // same hour
            page("2025-04-01T22:00:00Z", "B", ", actionable: true, ack: 10m"), // sleep, the edge
            page("2025-04-01T21:59:00Z", "B", ""),                             // off-hours
            page("2025-04-05T12:00:00Z", "C", ", responder: ann"),             // Saturday
        ]
        .concat();
        let r = review("2025-W14", &format!("teams:\n  ops:\n    oncall: [bob]\n    health: 3\n    tickets: 4\n    pages:\n{pages}"));
        let a = archive_of(&[r], None);
        let load = &team_series(&a, "ops", &["2025-W14".parse().unwrap()])[0];
        let load = load.as_ref().unwrap();
        let counts = load.pages.unwrap();
        assert_eq!(
            counts,
            Counts {
                pages: 5,
                business: 2,
                off_hours: 2,
                sleep: 1,
                hours_interrupted: 4,
                actionable: 2,
                marked: 3,
            }
        );
        assert_eq!(load.tickets, Some(4));
        assert_eq!(counts.actionable_ratio(), Some(2.0 / 3.0));
        assert_eq!(load.ack_median, Some(240.0));
        assert_eq!(load.ack_p90, Some(600.0));
        assert_eq!(
            load.by_responder["bob"],
            Responder {
                pages: 4,
                sleep: 1,
                off_hours: 1
            }
        );
        assert_eq!(
            load.by_responder["ann"],
            Responder {
                pages: 1,
                sleep: 0,
                off_hours: 1
            }
        );
        assert!(load.heavy.is_empty(), "{:?}", load.heavy);
    }

    #[test]
    fn a_quiet_week_says_so_and_a_section_without_pages_is_no_data() {
        let quiet = review(
            "2025-W14",
            "teams:\n  ops:\n    oncall: [bob]\n    health: 5\n    pages: none\n",
        );
        // As `opsbook new week` leaves it: nothing reported, not zero pages.
        let silent = review(
            "2025-W15",
            "teams:\n  ops:\n    oncall: [bob]\n    health: 4\n    pages: []\n",
        );
        let later = review("2025-W16", "teams:\n  far:\n    oncall: [cy]\n");
        let a = archive_of(&[quiet, silent, later], None);
        let weeks = weeks_through("2025-W14".parse().unwrap(), "2025-W17".parse().unwrap());
        let series = team_series(&a, "ops", &weeks);
        let quiet = series[0].as_ref().unwrap();
        assert_eq!(
            quiet.pages,
            Some(Counts::default()),
            "pages: none is zero pages"
        );
        assert_eq!(
            (quiet.ack_median, quiet.pages.unwrap().actionable_ratio()),
            (None, None)
        );
        let silent = series[1].as_ref().unwrap();
        assert_eq!(silent.pages, None, "pages: [] reports nothing");
        assert_eq!(silent.health, Some(4), "what was reported still counts");
        assert_eq!(series[2], None, "a review without an ops section");
        assert_eq!(series[3], None, "no review that week");
        let org = org_series(&a, &weeks);
        assert_eq!(org[0].as_ref().unwrap().teams_reporting, 1);
        assert_eq!(
            org[1].as_ref().unwrap().pages,
            None,
            "no team reported pages"
        );
        assert!(org[3].is_none(), "no review");
    }

    #[test]
    fn heavy_weeks_by_each_bound() {
        let many: String = (0..15)
            .map(|i| page(&format!("2025-04-01T{:02}:00:00Z", 8 + i % 10), "A", ""))
            .collect();
        let sleepy = [
            page("2025-04-01T23:00:00Z", "A", ""),
            page("2025-04-02T01:00:00Z", "A", ""),
            page("2025-04-03T03:00:00Z", "A", ""),
        ]
        .concat();
        let reviews = [
            review(
                "2025-W14",
                &format!("teams:\n  ops:\n    oncall: [bob]\n    pages:\n{many}"),
            ),
            review(
                "2025-W15",
                &format!(
                    "teams:\n  ops:\n    oncall: [bob]\n    pages:\n{}",
                    sleepy
                        .replace("-01T", "-08T")
                        .replace("-02T", "-09T")
                        .replace("-03T", "-10T")
                ),
            ),
            review(
                "2025-W16",
                "teams:\n  ops:\n    oncall: [bob]\n    health: 2\n",
            ),
            review(
                "2025-W17",
                "teams:\n  ops:\n    oncall: [bob]\n    health: 3\n",
            ),
        ];
        let a = archive_of(&reviews, None);
        let weeks = weeks_through("2025-W14".parse().unwrap(), "2025-W17".parse().unwrap());
        let heavy: Vec<Vec<Heavy>> = team_series(&a, "ops", &weeks)
            .into_iter()
            .map(|l| l.unwrap().heavy.clone())
            .collect();
        assert_eq!(
            heavy[0],
            [Heavy::Pages {
                responder: "bob".into(),
                pages: 15
            }]
        );
        assert_eq!(heavy[1], [Heavy::SleepPages { pages: 3 }]);
        assert_eq!(heavy[2], [Heavy::Health { health: 2 }]);
        assert!(heavy[3].is_empty());
        // Exactly 14 pages for one primary is not heavy: the bound is "more than 14".
        let fourteen: String = (0..14)
            .map(|i| page(&format!("2025-04-01T{:02}:00:00Z", 8 + i % 10), "A", ""))
            .collect();
        let a = archive_of(
            &[review(
                "2025-W14",
                &format!("teams:\n  ops:\n    oncall: [bob]\n    pages:\n{fourteen}"),
            )],
            None,
        );
        assert!(team_series(&a, "ops", &weeks[..1])[0]
            .as_ref()
            .unwrap()
            .heavy
            .is_empty());
    }

    #[test]
    fn fairness_counts_each_person_across_teams_in_their_team_zone() {
        // 23:10 UTC is sleep hours for ops (UTC); 23:30 UTC is 19:30 in New York (EDT), so the
        // same hour is off-hours for far: each page is classified in its own team's zone.
        let r1 = review("2025-W14", &format!("teams:\n  ops:\n    oncall: [bob]\n    pages:\n{}  far:\n    oncall: [cy]\n    pages:\n{}",
            [page("2025-04-01T23:10:00Z", "A", ""), page("2025-04-01T10:00:00Z", "A", "")].concat(),
            page("2025-04-01T23:30:00Z", "W", "").replace("service: api", "service: web")));
        let r2 = review(
            "2025-W15",
            &format!(
                "teams:\n  ops:\n    oncall: [ann]\n    pages:\n{}",
                page("2025-04-08T12:00:00Z", "A", "")
            ),
        );
        let a = archive_of(&[r1, r2], None);
        let weeks = weeks_through("2025-W14".parse().unwrap(), "2025-W15".parse().unwrap());
        let loads = person_loads(&a, &weeks, None);
        let get = |p: &str| loads.iter().find(|l| l.person == p).unwrap().clone();
        assert_eq!(
            get("bob"),
            PersonLoad {
                person: "bob".into(),
                weeks_on_call: 1,
                pages: 2,
                off_hours: 0,
                sleep: 1
            }
        );
        assert_eq!(
            get("cy"),
            PersonLoad {
                person: "cy".into(),
                weeks_on_call: 1,
                pages: 1,
                off_hours: 1,
                sleep: 0
            }
        );
        assert_eq!(get("ann").pages, 1);
        assert_eq!(loads[0].person, "bob", "busiest first");
        assert_eq!(person_loads(&a, &weeks, Some("far")).len(), 1);
        // ops was paged in two hours (10, 23), far in one of them: the organisation in two.
        let org = org_series(&a, &weeks);
        let org = org[0].as_ref().unwrap().pages.unwrap();
        assert_eq!(org.hours_interrupted, 2);
        assert_eq!(org.pages, 3);
    }

    #[test]
    fn hours_interrupted_keep_the_repeated_dst_hour_apart() {
        // far is in New York; on 2025-11-02 01:00–02:00 local happens twice (EDT, then EST).
        let pages = [
            page("2025-11-02T05:30:00Z", "W", ""),
            page("2025-11-02T06:30:00Z", "W", ""),
        ]
        .concat()
        .replace("service: api", "service: web");
        let a = archive_of(
            &[review(
                "2025-W44",
                &format!("teams:\n  far:\n    oncall: [cy]\n    pages:\n{pages}"),
            )],
            None,
        );
        let load = team_series(&a, "far", &["2025-W44".parse().unwrap()])[0]
            .clone()
            .unwrap();
        let counts = load.pages.unwrap();
        assert_eq!(counts.hours_interrupted, 2);
        assert_eq!(counts.sleep, 2, "01:30 local both times");
    }
}
