"""ISO weeks and the two time zones the sample uses, without the machine's tz database.

The daylight-saving rules are written out by hand (EU and US rules valid for 2025/2026) so that
the output never depends on the zoneinfo files installed where the generator runs.
"""

from datetime import date, datetime, timedelta, timezone

FIRST_WEEK = (2025, 1)
LAST_WEEK = (2026, 8)


def week_id(year, week):
    return f"{year}-W{week:02d}"


def week_monday(year, week):
    return date.fromisocalendar(year, week, 1)


def week_sunday(year, week):
    return date.fromisocalendar(year, week, 7)


def all_weeks():
    """Every ISO week from FIRST_WEEK to LAST_WEEK inclusive, as (year, week)."""
    out = []
    d = week_monday(*FIRST_WEEK)
    end = week_monday(*LAST_WEEK)
    while d <= end:
        iso = d.isocalendar()
        out.append((iso[0], iso[1]))
        d += timedelta(days=7)
    return out


def parse_week(wid):
    y, w = wid.split("-W")
    return int(y), int(w)


def week_of(d):
    iso = d.isocalendar()
    return week_id(iso[0], iso[1])


def _last_sunday(year, month):
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d


def _nth_sunday(year, month, n):
    d = date(year, month, 1)
    while d.weekday() != 6:
        d += timedelta(days=1)
    return d + timedelta(days=7 * (n - 1))


ZONES = {
    # standard offset, summer offset (hours)
    "Europe/Berlin": (1, 2),
    "America/New_York": (-5, -4),
    "UTC": (0, 0),
}


def _local_transitions(zone, year):
    """(gap start, ambiguous start) as naive local datetimes; each window lasts one hour."""
    if zone == "Europe/Berlin":
        return (datetime.combine(_last_sunday(year, 3), datetime.min.time()).replace(hour=2),
                datetime.combine(_last_sunday(year, 10), datetime.min.time()).replace(hour=2))
    if zone == "America/New_York":
        return (datetime.combine(_nth_sunday(year, 3, 2), datetime.min.time()).replace(hour=2),
                datetime.combine(_nth_sunday(year, 11, 1), datetime.min.time()).replace(hour=1))
    return None


def dst_dates(zone, year):
    t = _local_transitions(zone, year)
    return (t[0].date(), t[1].date()) if t else None


def local(zone, y, mo, d, h, mi, s=0, fold=0):
    """An aware datetime for a wall-clock time in `zone`. Raises on times that do not exist;
    `fold=1` picks the second (standard-time) occurrence of an ambiguous time."""
    naive = datetime(y, mo, d, h, mi, s)
    std, dst = ZONES[zone]
    tr = _local_transitions(zone, y)
    if tr is None:
        off = std
    else:
        gap, amb = tr
        hour = timedelta(hours=1)
        if naive < gap:
            off = std
        elif naive < gap + hour:
            raise ValueError(f"{naive} does not exist in {zone}")
        elif naive < amb:
            off = dst
        elif naive < amb + hour:
            off = std if fold else dst
        else:
            off = std
    return naive.replace(tzinfo=timezone(timedelta(hours=off)))


def exists(zone, naive):
    tr = _local_transitions(zone, naive.year)
    if tr is None:
        return True
    return not (tr[0] <= naive < tr[0] + timedelta(hours=1))


def to_zone(zone, aware):
    """The same instant, expressed with `zone`'s offset."""
    utc = aware.astimezone(timezone.utc).replace(tzinfo=None)
    std, dst = ZONES[zone]
    tr = _local_transitions(zone, utc.year)
    off = std
    if tr is not None:
        gap_utc = tr[0] - timedelta(hours=std)        # the instant summer time begins
        amb_utc = tr[1] + timedelta(hours=1) - timedelta(hours=dst)  # the instant it ends
        if gap_utc <= utc < amb_utc:
            off = dst
    return aware.astimezone(timezone(timedelta(hours=off)))


def fmt_time(aware):
    s = aware.isoformat()
    if s.endswith("+00:00"):
        s = s[:-6] + "Z"
    return s


def fmt_duration(seconds):
    if seconds < 100:
        return f"{seconds}s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    h, m = divmod(minutes, 60)
    return f"{h}h {m}m" if m else f"{h}h"


def is_sleep(aware):
    return aware.hour >= 22 or aware.hour < 8


def is_business(aware):
    return aware.weekday() < 5 and 8 <= aware.hour < 18
