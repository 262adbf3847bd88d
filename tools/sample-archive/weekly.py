"""Builds the 60 weekly reviews: everyday pages and numbers from each team's profile, plus the
stories and incidents. Every random choice comes from a Random seeded with the week and team, so
editing one week's story does not reshuffle the others."""

import random
from datetime import datetime, timedelta

import incidents as incmod
import metrics as metricmod
import slos as slomod
import stories as st
import timeutil as tu
import world as w
from yamltext import num

SEED = "northwind-opsbook-sample-1"
AS_OF = tu.week_sunday(*tu.LAST_WEEK)


class Page:
    __slots__ = ("at", "alert", "service", "actionable", "ack", "responder", "urgency")

    def __init__(self, at, alert, service, actionable, ack, responder, urgency):
        self.at, self.alert, self.service = at, alert, service
        self.actionable, self.ack, self.responder, self.urgency = actionable, ack, responder, urgency


def team_zone(team):
    return w.TEAMS[team].get("time_zone", "Europe/Berlin")


def oncall_for(team, idx, year, week):
    if team == "payments" and (year, week) < (2026, 1):
        rot = w.PAYMENTS_ROTATION_2025
        i = idx
    else:
        rot = w.TEAMS[team]["rotation"]
        start = tu.parse_week(w.TEAMS[team].get("rotation_start", "2025-W01"))
        i = idx - tu.all_weeks().index(start)
    return [rot[i % len(rot)], rot[(i + 1) % len(rot)]]


def facilitator_for(idx):
    return w.FACILITATORS[idx % len(w.FACILITATORS)]


# --- pages ----------------------------------------------------------------------------------------

def _ack_seconds(rng, at):
    if rng.random() < 0.03:
        return rng.randint(900, 2400)
    if tu.is_sleep(at):
        return rng.randint(120, 900)
    if tu.is_business(at):
        return rng.randint(20, 300)
    return rng.randint(60, 600)


def _random_time(rng, zone, monday, sleep=None, day=None):
    if day is None:
        day = rng.choices(range(7), weights=[12, 12, 12, 12, 11, 6, 6])[0]
    weekend = day >= 5
    if sleep is True:
        cat = "sleep"
    elif sleep is False:
        cat = rng.choices(["biz", "eve"], weights=[3, 1])[0]
    else:
        cat = rng.choices(["biz", "eve", "sleep"], weights=[55, 27, 18] if weekend else [68, 20, 12])[0]
    if cat == "biz":
        hour = rng.randint(8, 17)
    elif cat == "eve":
        hour = rng.randint(18, 21)
    else:
        hour = rng.choice([22, 23, 0, 1, 2, 3, 4, 5, 6, 7])
    d = monday + timedelta(days=day)
    minute = rng.randint(0, 59)
    if not tu.exists(zone, datetime(d.year, d.month, d.day, hour, minute)):
        hour += 1
    return tu.local(zone, d.year, d.month, d.day, hour, minute)


def _from_spec(rng, spec, zone, monday, style):
    d = monday + timedelta(days=spec["day"])
    at = tu.local(zone, d.year, d.month, d.day, spec["hh"], spec["mm"], fold=spec["fold"])
    ack = spec["ack"] if spec["ack"] is not None else _ack_seconds(rng, at)
    urgency = spec["urgency"] if style["urgency"] else None
    return Page(at, spec["alert"], spec["service"], spec["actionable"], ack, spec["responder"], urgency)


def _pool_page(rng, pool, at, style, actionable_p=None):
    alert, service, _, p_act, urgency = rng.choices(pool, weights=[x[2] for x in pool])[0]
    p = p_act if actionable_p is None else actionable_p
    return Page(at, alert, service, rng.random() < p, _ack_seconds(rng, at), None,
                urgency if style["urgency"] else None)


BILLING_NOISE = ("AWSSQSMessageAgeTooOld", "JVMGCTimeTooHigh")


def _payments_load(rng, wid, monday, zone, fixed, load, style, pool):
    """Story 3: the payments rotation. Exactly `total` pages with `sleep` of them in sleep hours.
    Until the tuning went live the nights belong mostly to two billing alerts that need nothing; the
    ledger reconciliation pages at about 19:00 on weekdays until its cause is known."""
    total, sleep_n, act_p, _, _ = load
    y, wk = tu.parse_week(wid)
    overload = (y, wk) < (2026, 3)
    tuned = {"AWSSQSMessageAgeTooOld": st.TUNED_AT[0], "JVMGCTimeTooHigh": st.TUNED_AT[1]}
    urg = lambda u: u if style["urgency"] else None  # noqa: E731
    out = []
    for day in st.RECONCILIATION_PAGES.get(wid, []):
        d = monday + timedelta(days=day)
        at = tu.local(zone, d.year, d.month, d.day, 19, rng.randint(0, 14))
        out.append(Page(at, "PGBouncerClientsWaitingForConnection", "ledger-api", False,
                        _ack_seconds(rng, at), None, urg("high")))
    sleep_left = sleep_n - sum(tu.is_sleep(p.at) for p in fixed)
    days = st.SLEEP_DAYS.get(wid) or rng.sample(range(7), 7) * 2
    ledger = [x for x in st.PAYMENTS_OVERLOAD_POOL if x[1] == "ledger-api"]
    for i in range(sleep_left):
        if wid in st.SLEEP_DAYS:
            d = monday + timedelta(days=days[i])
            at = tu.local(zone, d.year, d.month, d.day, rng.randint(0, 6), rng.randint(0, 59))
        else:
            at = _random_time(rng, zone, monday, sleep=True, day=days[i])
        noisy = [a for a in BILLING_NOISE if at.date() < tuned[a]]
        if noisy and i < (sleep_left * 7 + 9) // 10:
            alert = rng.choice(noisy)
            out.append(Page(at, alert, "billing-api", False, _ack_seconds(rng, at), None, urg("high")))
        else:
            alert, service, _, u = rng.choices(ledger, weights=[x[2] for x in ledger])[0]
            out.append(Page(at, alert, service, rng.random() < 0.6, _ack_seconds(rng, at), None, urg(u)))
    n_day = total - len(fixed) - len(out)
    for _ in range(n_day):
        at = _random_time(rng, zone, monday, sleep=False)
        if overload:
            alert, service, _, u = rng.choices(st.PAYMENTS_OVERLOAD_POOL,
                                               weights=[x[2] for x in st.PAYMENTS_OVERLOAD_POOL])[0]
            p_act = act_p * (0.6 if alert in BILLING_NOISE else 1.4)
            out.append(Page(at, alert, service, rng.random() < p_act, _ack_seconds(rng, at), None, urg(u)))
        else:
            out.append(_pool_page(rng, pool, at, style))
    return out


def incident_pages():
    """{(week id, team): [(incident, Page)]} for incidents detected by a page."""
    out = {}
    for inc in incmod.INCIDENTS:
        if "page" not in inc:
            continue
        team = inc["teams"][0]
        det = tu.local(inc["zone"], *inc["detected"])
        ack = tu.local(inc["zone"], *inc["acknowledged"])
        at = tu.to_zone(team_zone(team), det)
        alert, service = inc["page"]
        urgency = "high" if w.TEAM_STYLE[team]["urgency"] else None
        page = Page(at, alert, service, True, int((ack - det).total_seconds()), None, urgency)
        out.setdefault((tu.week_of(at.date()), team), []).append((inc, page))
    return out


# --- numbers --------------------------------------------------------------------------------------

def _digits(target):
    return 3 if target >= 0.999 else 2


def _attainment(rng, target, worse=False, may_miss=True):
    r = rng.random()
    if r < 0.015 and may_miss and not worse:
        b, miss = rng.uniform(1.1, 1.7), True
    elif worse:
        b, miss = rng.uniform(0.3, 0.95), False
    elif r < 0.2:
        b, miss = rng.uniform(0.45, 0.9), False
    else:
        b, miss = rng.uniform(0.0, 0.45), False
    value = 100 - b * (100 - 100 * target)
    return round(value, _digits(target)), miss


def _health(rng, pages):
    n = len(pages)
    sleep = sum(tu.is_sleep(p.at) for p in pages)
    h = 5 - (n >= 3) - (n >= 6) - (sleep >= 2)
    if sleep == 1 and rng.random() < 0.5:
        h -= 1
    h += rng.choice([0, 0, 0, 0, 1, -1])
    return max(2 if sleep >= 3 else 3, min(5, h))


# --- everyday notes and action items --------------------------------------------------------------

SLO_MISS_REASON = {
    "platform": ["a node pool rotation in eu-west-1 on Tuesday took longer than planned",
                 "one bad Envoy filter config for six minutes on Thursday, rolled back",
                 "a cloud load balancer blip on Saturday morning"],
    "payments": ["the card processor's maintenance window overran on Saturday",
                 "a slow migration on Wednesday held locks for four minutes",
                 "retries after a provider timeout on Monday evening"],
    "tracking": ["a carrier sent a day's backlog at once on Monday",
                 "an Elasticsearch merge storm on Thursday",
                 "a bad deploy on Tuesday, rolled back after nine minutes"],
    "dispatch": ["planning for two depots failed on Tuesday night and was re-run by hand",
                 "a deploy during the morning peak on Thursday, rolled back",
                 "a Redis failover on Friday took 40 seconds"],
    "warehouse": ["the ERP was down for maintenance longer than announced",
                  "Leipzig's network link flapped on Wednesday morning",
                  "a printer firmware update at one dock on Tuesday"],
}

FYI = {
    "platform": ["FYI: node pool rotation in eu-west-1 on Thursday; pods will move.",
                 "FYI: Prometheus retention goes from 15 to 30 days next week.",
                 "FYI: Terraform state migration on Tuesday; no topic changes that day."],
    "payments": ["FYI: card processor maintenance Saturday 02:00–04:00 ET; captures queue and replay.",
                 "FYI: month-end close: no ledger deploys on Thursday and Friday.",
                 "FYI: new payout bank from next month; test files this week."],
    "tracking": ["FYI: a new carrier sends test traffic to staging this week.",
                 "FYI: Elasticsearch snapshots move to a new bucket on Wednesday.",
                 "FYI: tracking page redesign behind a flag for 5% of visitors."],
    "dispatch": ["FYI: map data refresh Thursday night; memory limit already raised.",
                 "FYI: driver app release on Tuesday; watch for login errors.",
                 "FYI: two new depots in Belgium from Monday."],
    "warehouse": ["FYI: Leipzig stocktake on Saturday; WMS read-only 06:00–10:00.",
                  "FYI: ERP maintenance Sunday night; inventory sync paused 22:00–04:00.",
                  "FYI: new handheld scanners in Hamburg from next week."],
}

REPEAT_COMMENT = ["Known; a tuning ticket exists.", "Looking into it.", "All around the Thursday deploy.",
                  "Cleared by itself each time.", "Same host every time.", ""]

BODY_POOL = [
    "Nothing beyond the team sections.",
    "No discussion beyond the sections above; finished early.",
    "Open action items checked; none needed a decision.",
    "Short meeting. {fac} reminded everyone to fill in health scores by Monday evening.",
    "We used the spare time to read [[runbook:{runbook}]] together; two steps were out of date and were fixed on the spot.",
    "Ended after twenty minutes.",
    "Quick one. Next week's facilitator: {next_fac}.",
    "Nothing to add. The actions page had no overdue items that anyone wanted to discuss.",
]


def _ai_status(rng, created, due):
    recent = (AS_OF - created).days < 14
    if recent:
        status = "open" if rng.random() < 0.8 else "done"
    elif created.year >= 2026:
        status = rng.choices(["done", "open", "dropped"], weights=[55, 40, 5])[0]
    else:
        status = rng.choices(["done", "dropped", "open"], weights=[78, 12, 10])[0]
    closed = None
    if status == "done":
        closed = due + timedelta(days=rng.randint(-5, 10))
    elif status == "dropped":
        closed = created + timedelta(days=rng.randint(7, 40))
    if closed is not None:
        closed = max(created + timedelta(days=1), min(closed, AS_OF))
        if closed > AS_OF:
            status, closed = "open", None
    return status, closed


def runbook_for(alert):
    for rid, rb in w.RUNBOOKS.items():
        if alert in rb["alerts"]:
            return rid
    return None


# --- the build ------------------------------------------------------------------------------------

def build():
    weeks = tu.all_weeks()
    team_slos = slomod.team_keys(w.SERVICES)
    slo_owner = {k: t for t, keys in team_slos.items() for k, _ in keys}
    inc_pages = incident_pages()
    inc_slo = {}
    for inc in incmod.INCIDENTS:
        wk = tu.week_of(tu.local(inc["zone"], *inc["started"]).date())
        for key, val in inc.get("slo", {}).items():
            inc_slo.setdefault((wk, slo_owner[key]), {})[key] = val
    reviewed = review_weeks()
    # Follow-ups the stories already own; the everyday notes must not invent a second one.
    used_ai_keys = {("runbook", "ElasticsearchHighQueryLatency"), ("runbook", "ElasticsearchClusterYellow"),
                    ("why", st.DISK), ("night", st.DISK), ("why", st.LAG), ("night", st.LAG)}
    used_ai_keys |= {(kind, a) for kind in ("why", "night") for a in BILLING_NOISE}
    reviews = []

    for idx, (y, wk) in enumerate(weeks):
        wid = tu.week_id(y, wk)
        monday = tu.week_monday(y, wk)
        story = st.STORY.get(wid, {})
        wrng = random.Random(f"{SEED}:{wid}")
        review = dict(week=wid, idx=idx, teams={}, facts={}, action_items=[], csv={})
        generated_ais = []
        misses = []

        for team in w.TEAMS:
            rng = random.Random(f"{SEED}:{wid}:{team}")
            style = w.TEAM_STYLE[team]
            zone = team_zone(team)
            ov = story.get("teams", {}).get(team, {})
            oncall = ov.get("oncall") or oncall_for(team, idx, y, wk)
            pool = w.ALERT_POOL[team]

            fixed = [_from_spec(rng, s, zone, monday, style) for s in ov.get("pages", []) + ov.get("csv_pages", [])]
            if team == "warehouse" and wid in st.DISK_PAGES:
                for (day, hh, mm) in st.DISK_PAGES[wid]:
                    fixed.append(_from_spec(rng, st.P(day, hh, mm, st.DISK, "wms-api", False), zone, monday, style))
            if team == "tracking" and wid in st.LAG_PAGES:
                for (day, hh, mm, act) in st.LAG_PAGES[wid]:
                    fixed.append(_from_spec(rng, st.P(day, hh, mm, st.LAG, "tracking-ingest", act), zone, monday, style))
            fixed += [p for _, p in inc_pages.get((wid, team), [])]

            pages = list(fixed)
            load = st.PAYMENTS_LOAD.get(wid) if team == "payments" else None
            if load:
                pages += _payments_load(rng, wid, monday, zone, fixed, load, style, pool)
            else:
                if "baseline" in ov:
                    n = ov["baseline"]
                else:
                    n = rng.choice(style["pages"])
                    if (y, wk) in ((2025, 52), (2026, 1)):
                        n = max(0, n - 2)
                    elif (2025, 45) <= (y, wk) <= (2025, 51) and team in ("dispatch", "warehouse", "tracking"):
                        n += 1
                night = sum(tu.is_sleep(p.at) for p in pages)
                for _ in range(n):
                    # Everyday weeks stay below the heavy-week bound; heavy weeks are the stories'.
                    at = _random_time(rng, zone, monday, sleep=False if ov.get("day_only") or night >= 2 else None)
                    night += tu.is_sleep(at)
                    pages.append(_pool_page(rng, pool, at, style))
            pages.sort(key=lambda p: p.at)

            # Optional fields that this team writes.
            for p in pages:
                if team == "dispatch" and (y, wk) < (2025, 14):
                    p.actionable = None
                if rng.random() > style["ack"] and p not in fixed:
                    p.ack = None
                if p.responder is None and style["responder_always"]:
                    p.responder = oncall[0]
                elif p.responder is None and rng.random() < 0.1 and p not in fixed:
                    p.responder = oncall[1]

            # SLO attainment.
            slo_vals = {}
            team_misses = []
            for key, target in team_slos[team]:
                worse = bool(load) and key.startswith("ledger") and (2025, 43) <= (y, wk) <= (2025, 50)
                # A random miss needs a note; weeks with hand-written notes do not get one.
                val, miss = _attainment(rng, target, worse, may_miss="notes" not in ov)
                text = num(val, _digits(target)).text
                if key == "tracking-freshness" and wid in st.FRESHNESS:
                    text, miss = st.FRESHNESS[wid], False
                if key in inc_slo.get((wid, team), {}):
                    text, miss = inc_slo[(wid, team)][key], False
                if key in ov.get("slos", {}):
                    text, miss = ov["slos"][key], False
                slo_vals[key] = text
                if miss:
                    team_misses.append((key, text, target))
            misses += team_misses

            if load:
                health, tickets = load[3], load[4]
            else:
                health = _health(rng, pages)
                tickets = rng.randint(*style["tickets"])
                if (2025, 45) <= (y, wk) <= (2025, 51):
                    tickets += 2
            health = ov.get("health", health)
            tickets = ov.get("tickets", tickets)

            notes = ov.get("notes")
            if notes is None:
                notes, ais = _everyday_notes(rng, team, wid, pages, team_misses, monday, used_ai_keys)
                generated_ais += ais

            section = dict(oncall=oncall, health=health, tickets=tickets, slos=slo_vals,
                           metrics=metricmod.values(team, wid, idx),
                           pages=pages, csv=ov.get("csv"), notes=notes, omit=ov.get("omit", []),
                           notes_for_presenter=ov.get("notes_for_presenter"))
            review["teams"][team] = section

        # Facts for summary, body and wins.
        totals = {t: len(s["pages"]) for t, s in review["teams"].items()}
        top = max(totals.values())
        names = [w.TEAMS[t]["name"] for t in sorted(totals) if totals[t] == top]
        busiest = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        facts = dict(total=sum(totals.values()), busiest=busiest, busiest_n=top)
        for t, n in totals.items():
            facts[f"{t}_pages"] = n
        review["facts"] = facts
        review["slo_misses"] = misses

        fac = st.FACILITATOR_OVERRIDE.get(wid)
        review["facilitator"] = fac
        review["summary"] = st.SUMMARY[wid]
        review["incidents"] = reviewed.get(wid, [])
        review["projects"] = projects_for(wid)
        review["tags"] = story.get("tags", [])
        review["image"] = story.get("image")
        review["recording"] = story.get("recording")

        wins = list(story.get("wins", []))
        if not wins and wrng.random() < 0.3:
            wins += _quiet_wins(wrng, review)
        review["wins"] = wins

        ais = []
        for ai in story.get("action_items", []):
            ais.append(dict(ai))
        ais += generated_ais
        review["action_items"] = ais

        if "body" in story:
            body = story["body"]
        else:
            fac_id = fac or facilitator_for(idx)
            next_fac = st.FACILITATOR_OVERRIDE.get(
                tu.week_id(*weeks[idx + 1])) if idx + 1 < len(weeks) else None
            next_fac = next_fac or facilitator_for(idx + 1)
            body = wrng.choice(BODY_POOL).format(
                fac=w.PEOPLE[fac_id].split()[0], next_fac=w.PEOPLE[next_fac],
                runbook=wrng.choice(sorted(w.RUNBOOKS)))
            body += "\n"
        review["body"] = body
        reviews.append(review)
    return reviews


def _everyday_notes(rng, team, wid, pages, misses, monday, used):
    lines, ais = [], []
    sunday = monday + timedelta(days=6)
    members = w.TEAMS[team]["members"]
    wording = random.Random(f"{SEED}:{wid}:{team}:wording")

    def add_ai(key, title, refs, can_be_done=True):
        if key in used:
            return
        used.add(key)
        due = sunday + timedelta(days=rng.choice([5, 7, 10, 12, 14, 21]))
        status, closed = _ai_status(rng, monday, due)
        if status == "done" and not can_be_done:
            # No runbook file exists for these alerts, so the item cannot have been done.
            status = "dropped" if (AS_OF - monday).days > 120 else "open"
            closed = min(AS_OF, monday + timedelta(days=30)) if status == "dropped" else None
        ai = dict(title=title, owner=rng.choice(members), due=due, status=status, refs=refs)
        if closed:
            ai["closed"] = closed
        ais.append(ai)

    for key, text, target in misses:
        base = key.split("/")[0]
        link = f"[[slo:{base}]]" if base == key else f"[[slo:{base}|{key}]]"
        lines.append(f"{link} at {text}% against {target * 100:g}%: {rng.choice(SLO_MISS_REASON[team])}.")
        if rng.random() < 0.5:
            title = wording.choice([f"Follow up the {key} miss of {wid}",
                                    f"Check the {key} dip of {wid} against the deploy log",
                                    f"Does the {key} miss of {wid} need more than the rollback?"])
            add_ai(("miss", key, wid), title, [f"slo:{base}", wid])

    counts = {}
    for p in pages:
        counts[(p.alert, p.service)] = counts.get((p.alert, p.service), 0) + 1
    top = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    if top and top[1] >= 3:
        (alert, service), k = top
        comment = rng.choice(REPEAT_COMMENT)
        if k == len(pages):
            lines.append(f"All {k} pages were `{alert}` on {service}. {comment}".rstrip())
        else:
            lines.append(f"{len(pages)} pages, {k} of them `{alert}` on {service}. {comment}".rstrip())
        if rng.random() < 0.6:
            if runbook_for(alert) is None:
                add_ai(("runbook", alert), f"Write a runbook for {alert}", [f"alert:{alert}", f"service:{service}"],
                       can_be_done=False)
            else:
                title = wording.choice([f"Find out why {alert} paged {k} times in one week on {service}",
                                        f"Tune {alert} on {service}: {k} pages in {wid}",
                                        f"Is {alert} on {service} worth a page? {k} in {wid}"])
                add_ai(("why", alert), title, [f"alert:{alert}", f"service:{service}"])

    night = [p for p in pages if tu.is_sleep(p.at)]
    if len(night) >= 2:
        useless = [p for p in night if p.actionable is False]
        names = sorted({p.alert for p in night})
        tail = "none needed action" if len(useless) == len(night) else "at least one was real"
        lines.append(f"{len(night)} pages in sleep hours ({', '.join('`' + n + '`' for n in names)}); {tail}.")
        if useless and rng.random() < 0.5:
            a = useless[0]
            title = wording.choice([f"Decide whether {a.alert} should page at night",
                                    f"Let {a.alert} wait for business hours unless customers are affected",
                                    f"Route {a.alert} to a ticket outside business hours?"])
            add_ai(("night", a.alert), title, [f"alert:{a.alert}"])

    if not lines and rng.random() < 0.08:
        lines.append(rng.choice(FYI[team]))
    return ("\n".join(lines) + "\n") if lines else None, ais


def _quiet_wins(rng, review):
    options = []
    for team, s in review["teams"].items():
        name = w.TEAMS[team]["name"]
        if not s["pages"]:
            options.append(f"{name}: not a single page all week.")
        elif len(s["pages"]) >= 3 and all(p.ack is not None and p.ack <= 300 for p in s["pages"]):
            options.append(f"{name} acknowledged every page within five minutes.")
    return [rng.choice(options)] if options else []


def review_weeks():
    """Which review lists each incident: the week it started if Monday–Wednesday, else the next one."""
    weeks = [tu.week_id(*x) for x in tu.all_weeks()]
    out = {}
    for inc in incmod.INCIDENTS:
        start = tu.local(inc["zone"], *inc["started"]).date()
        wid = tu.week_of(start)
        if start.weekday() >= 3 and wid != weeks[-1]:
            wid = weeks[weeks.index(wid) + 1]
        out.setdefault(wid, []).append(inc["id"])
    return out


def projects_for(wid):
    out = []
    for p in st.PROJECTS:
        if wid in p["timeline"]:
            entry = p["timeline"][wid]
            status, notes = entry[0], entry[1]
            risk = entry[2] if len(entry) > 2 else p["risk"]
            out.append(dict(title=p["title"], team=p["team"], status=status, risk=risk, notes=notes))
    return out
