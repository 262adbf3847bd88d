//! On-call load: when pages fire, in the responding team's local time (docs/metrics.md).

use jiff::civil::{DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use crate::load::records::{BusinessHours, Day, SleepHours};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
