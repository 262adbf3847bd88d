//! Small value types shared by every stage: ISO weeks, durations, times of day, slugs.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// The years whose dates opsbook reads. A date outside them is a typo (`3025` for `2025`), and
/// bounding them keeps every series and every date computation small and in range.
pub const FIRST_YEAR: i16 = 2000;
pub const LAST_YEAR: i16 = 2099;

/// Refuses a date outside [`FIRST_YEAR`]..=[`LAST_YEAR`], saying what is expected.
pub fn check_year(year: i16) -> Result<(), String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(format!(
            "year {year} is outside the years opsbook reads (expected a date from {FIRST_YEAR} to {LAST_YEAR})"
        ))
    }
}

/// [`check_year`] for a point in time, in UTC.
pub fn check_time(t: jiff::Timestamp) -> Result<(), String> {
    check_year(t.to_zoned(jiff::tz::TimeZone::UTC).year())
}

/// An ISO 8601 week, `2025-W14`: the unit of the weekly review. Kept as its Monday, so that
/// every `Week` is a real week and weeks order as their days do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week(Date);

impl Week {
    pub fn new(year: i16, number: i8) -> Option<Week> {
        let monday = ISOWeekDate::new(year, number, Weekday::Monday).ok()?;
        Some(Week(monday.date()))
    }

    pub fn containing(date: Date) -> Week {
        let monday = date
            .iso_week_date()
            .first_of_week()
            .map_or(date, |d| d.date());
        Week(monday)
    }

    /// The ISO year the week belongs to (that of its Thursday).
    pub fn year(self) -> i16 {
        self.0.iso_week_date().year()
    }

    /// The week's number in its ISO year, 1 to 53.
    pub fn number(self) -> i8 {
        self.0.iso_week_date().week()
    }

    pub fn monday(self) -> Date {
        self.0
    }

    pub fn sunday(self) -> Date {
        self.0
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(self.0)
    }

    pub fn next(self) -> Week {
        Week(
            self.0
                .checked_add(jiff::Span::new().days(7))
                .unwrap_or(self.0),
        )
    }

    pub fn previous(self) -> Week {
        Week(
            self.0
                .checked_sub(jiff::Span::new().days(7))
                .unwrap_or(self.0),
        )
    }

    /// Calendar quarter of the week's Thursday (the day that decides an ISO week's year).
    pub fn quarter(self) -> u8 {
        let thursday = self
            .0
            .checked_add(jiff::Span::new().days(3))
            .unwrap_or(self.0);
        (thursday.month() as u8 - 1) / 3 + 1
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let iso = self.0.iso_week_date();
        write!(f, "{:04}-W{:02}", iso.year(), iso.week())
    }
}

impl FromStr for Week {
    type Err = String;

    fn from_str(s: &str) -> Result<Week, String> {
        let expected = || format!("`{s}` is not an ISO week (expected a week like 2025-W14)");
        let (year, number) = s.split_once("-W").ok_or_else(expected)?;
        if year.len() != 4 || number.len() != 2 {
            return Err(expected());
        }
        let year: i16 = year.parse().map_err(|_| expected())?;
        let number: i8 = number.parse().map_err(|_| expected())?;
        check_year(year)?;
        Week::new(year, number)
            .ok_or_else(|| format!("{year} has no week {number} (ISO years have 52 or 53 weeks)"))
    }
}

impl Serialize for Week {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Week {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Week, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// A length of time written `4m`, `90s` or `1h 20m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration {
    pub seconds: i64,
}

impl FromStr for Duration {
    type Err = String;

    fn from_str(s: &str) -> Result<Duration, String> {
        let d: jiff::SignedDuration = s.parse().map_err(|_| {
            format!("`{s}` is not a duration (expected a duration like 4m, 90s or 1h 20m)")
        })?;
        if d.is_negative() {
            return Err(format!("`{s}` is negative (expected a duration like 4m)"));
        }
        Ok(Duration {
            seconds: d.as_secs(),
        })
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&human_duration(self.seconds))
    }
}

/// `1h 20m`, `4m 10s`, `3d 2h`: the two largest units, as people say durations.
pub fn human_duration(seconds: i64) -> String {
    let units = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)];
    let mut rest = seconds.max(0);
    let mut parts = Vec::new();
    for (name, size) in units {
        if rest >= size && parts.len() < 2 {
            parts.push(format!("{}{name}", rest / size));
            rest %= size;
        } else if !parts.is_empty() {
            break;
        }
    }
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

/// A time of day, `08:00`, in minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay {
    pub minutes: u16,
}

impl TimeOfDay {
    pub const fn hm(h: u16, m: u16) -> TimeOfDay {
        TimeOfDay {
            minutes: h * 60 + m,
        }
    }
}

impl FromStr for TimeOfDay {
    type Err = String;

    fn from_str(s: &str) -> Result<TimeOfDay, String> {
        let bad = || format!("`{s}` is not a time of day (expected HH:MM, like 08:00)");
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 24 || m > 59 || (h == 24 && m > 0) {
            return Err(bad());
        }
        Ok(TimeOfDay::hm(h, m))
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TimeOfDay, D::Error> {
        String::deserialize(d)?.parse().map_err(de::Error::custom)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!(
            "{:02}:{:02}",
            self.minutes / 60,
            self.minutes % 60
        ))
    }
}

/// Lower-case words joined by hyphens: how ids and addresses are spelled.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Whether `id` is a valid record id: lower-case letters, digits and single hyphens.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A 128-bit fingerprint of `value`, the same in every run (two 64-bit SipHashes with fixed
/// keys and different prefixes): what `serve` tells versions of a text or an archive apart by.
/// A collision is not a practical concern.
pub fn fingerprint<T: std::hash::Hash + ?Sized>(value: &T) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        value.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_parse_and_know_their_days() {
        let w: Week = "2025-W14".parse().unwrap();
        assert_eq!(w.to_string(), "2025-W14");
        assert_eq!(w.monday().to_string(), "2025-03-31");
        assert_eq!(w.sunday().to_string(), "2025-04-06");
        assert_eq!(w.quarter(), 2);
        assert_eq!(
            "2025-W52".parse::<Week>().unwrap().next().to_string(),
            "2026-W01"
        );
        assert_eq!(
            "2026-W01".parse::<Week>().unwrap().previous().to_string(),
            "2025-W52"
        );
        assert_eq!(
            "2020-W53".parse::<Week>().unwrap().next().to_string(),
            "2021-W01"
        );
    }

    #[test]
    fn bad_weeks_say_what_was_expected() {
        assert!("2025-14"
            .parse::<Week>()
            .unwrap_err()
            .contains("expected a week like 2025-W14"));
        assert!("2025-W53"
            .parse::<Week>()
            .unwrap_err()
            .contains("2025 has no week 53"));
        assert!("2025-W1".parse::<Week>().is_err());
        assert!("9999-W52".parse::<Week>().unwrap_err().contains(
            "year 9999 is outside the years opsbook reads (expected a date from 2000 to 2099)"
        ));
    }

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!("4m".parse::<Duration>().unwrap().seconds, 240);
        assert_eq!("1h 20m".parse::<Duration>().unwrap().seconds, 4800);
        assert_eq!("90s".parse::<Duration>().unwrap().seconds, 90);
        assert!("soon".parse::<Duration>().is_err());
        assert_eq!(human_duration(4800), "1h 20m");
        assert_eq!(human_duration(93_784), "1d 2h");
        assert_eq!(human_duration(0), "0s");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("P99 under 800 ms!"), "p99-under-800-ms");
        assert!(is_slug("ledger-api"));
        assert!(!is_slug("Ledger_API"));
        assert_eq!("08:30".parse::<TimeOfDay>().unwrap().minutes, 510);
        assert!("25:00".parse::<TimeOfDay>().is_err());
    }
}
