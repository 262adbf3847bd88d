#!/usr/bin/env python3
"""Generate opsbook's sample archive into content/ (deleted and recreated).

    python3 tools/sample-archive/generate.py            # write content/ next to tools/
    python3 tools/sample-archive/generate.py --root DIR # write DIR/content/
    python3 tools/sample-archive/generate.py --check    # build and check, write nothing

Standard library only, no wall clock, seeded randomness: two runs give byte-identical files.
Before writing, the generated records are checked for reference integrity (see check()).
"""

import argparse
import csv
import io
import random
import re
import shutil
import sys
from datetime import timedelta
from pathlib import Path

sys.dont_write_bytecode = True  # keep tools/sample-archive free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))

import incidents as incmod  # noqa: E402
import metrics as metricmod  # noqa: E402
import pages as pagemod  # noqa: E402
import slos as slomod  # noqa: E402
import stories as st  # noqa: E402
import timeutil as tu  # noqa: E402
import weekly  # noqa: E402
import world as w  # noqa: E402
from yamltext import Raw, document, front_matter  # noqa: E402

SITE = {
    "title": "Northwind Ops Review",
    "organisation": w.ORG,
    "base_url": "https://ops.northwind.example/review/",
    "description": "Weekly operational review of the Northwind Logistics platform group (a fictional sample archive).",
    "time_zone": "Europe/Berlin",
    "language": "en",
    "severities": [
        dict(id="critical", description="Customers cannot pay or ship; all hands.", colour="#b42318"),
        dict(id="major", description="A feature is broken or badly degraded for many customers.", colour="#c4320a"),
        dict(id="standard", description="Limited impact, or internal only.", colour="#4e5ba6"),
    ],
    "business_hours": dict(days=["mon", "tue", "wed", "thu", "fri"], start="08:00", end="18:00"),
    "sleep_hours": dict(start="22:00", end="08:00"),
    "facilitators": dict(start_week="2025-W01", people=w.FACILITATORS),
    "people": w.PEOPLE,
    "baseline_weeks": 8,
    "heavy_week": dict(pages_per_responder=14, sleep_pages=3, health_at_most=2),
    "recurring_alert": dict(weeks=3, window=8),
    "meeting": dict(opening=5, teams=15, projects=5, oncall=5, incidents=20, outcomes=10),
    "dashboard_audit": True,
}


# --- action items and placeholders ----------------------------------------------------------------

def assign_ai_ids(reviews):
    """Give every action item its AI-YYYY-NNN id, numbered per year in order of creation."""
    items = []
    for inc in incmod.INCIDENTS:
        created = tu.local(inc["zone"], *inc["started"]).date()
        year = int(inc["id"][4:8])
        for ai in inc.get("action_items", []):
            items.append((year, created, len(items), ai))
    for r in reviews:
        y, wk = tu.parse_week(r["week"])
        for ai in r["action_items"]:
            items.append((y, tu.week_monday(y, wk), len(items), ai))
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    counters, by_key = {}, {}
    for year, created, _, ai in items:
        counters[year] = counters.get(year, 0) + 1
        ai["id"] = f"AI-{year}-{counters[year]:03d}"
        ai["created"] = created
        if "key" in ai:
            by_key[ai["key"]] = ai["id"]
    return by_key


def resolver(ai_ids, globals_):
    def resolve(text, facts=None):
        if text is None:
            return None
        text = re.sub(r"\{\{AI:([\w-]+)\}\}", lambda m: ai_ids[m.group(1)], text)
        values = dict(globals_)
        values.update(facts or {})
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)
    return resolve


# --- record writers -------------------------------------------------------------------------------

def ai_meta(ai, resolve):
    out = dict(id=ai["id"], title=resolve(ai["title"]), owner=ai["owner"])
    if "team" in ai:
        out["team"] = ai["team"]
    out["due"] = ai["due"]
    out["status"] = ai["status"]
    if ai.get("closed"):
        out["closed"] = ai["closed"]
    out["refs"] = ai["refs"]
    return out


def team_file(tid, t):
    meta = dict(name=t["name"], description=t["description"])
    if "time_zone" in t:
        meta["time_zone"] = t["time_zone"]
    meta["members"] = t["members"]
    meta["oncall_rotation"] = dict(start_week=t.get("rotation_start", "2025-W01"), people=t["rotation"])
    if metricmod.declared(tid):
        meta["metrics"] = metricmod.declared(tid)
    return front_matter(meta, t["body"])


def service_file(sid, s):
    meta = dict(name=s["name"], team=s["team"], tier=s["tier"], description=s["description"],
                dashboards=s["dashboards"])
    if s["runbooks"]:
        meta["runbooks"] = s["runbooks"]
    if metricmod.declared(f"service:{sid}"):
        meta["metrics"] = metricmod.declared(f"service:{sid}")
    return front_matter(meta, s["body"])


def runbook_file(rb):
    return front_matter(dict(title=rb["title"], alerts=rb["alerts"], services=rb["services"], owner=rb["owner"]),
                        rb["body"])


def incident_file(inc, resolve):
    z = inc["zone"]
    meta = dict(id=inc["id"], title=inc["title"], severity=inc["severity"], status=inc["status"])
    for k in ("started", "detected", "acknowledged", "mitigated", "resolved"):
        if k in inc:
            meta[k] = tu.local(z, *inc[k][:5], fold=inc[k][5] if len(inc[k]) > 5 else 0)
    meta["teams"] = inc["teams"]
    meta["services"] = inc["services"]
    meta["commander"] = inc["commander"]
    meta["detection"] = inc["detection"]
    meta["impact"] = inc["impact"]
    meta["proximate_causes"] = inc["proximate_causes"]
    meta["trigger"] = inc["trigger"]
    if inc.get("postmortem"):
        meta["postmortem"] = incmod.PM + inc["id"]
    if inc.get("related"):
        meta["related"] = inc["related"]
    meta["tags"] = inc["tags"]
    if inc.get("action_items"):
        meta["action_items"] = [ai_meta(ai, resolve) for ai in inc["action_items"]]
    return front_matter(meta, resolve(inc["body"]))


def page_meta(p):
    out = dict(at=p.at, alert=p.alert, service=p.service)
    if p.actionable is not None:
        out["actionable"] = p.actionable
    if p.ack is not None:
        out["ack"] = tu.fmt_duration(p.ack)
    if p.responder is not None:
        out["responder"] = p.responder
    if p.urgency is not None:
        out["urgency"] = p.urgency
    return out


CSV_COLUMNS = ["incident_number", "created_on", "description", "service_name", "urgency", "status",
               "assigned_to", "seconds_to_first_ack", "actionable"]


def pages_csv(r, team, s, counter):
    rng = random.Random(f"{weekly.SEED}:csv:{r['week']}:{team}")
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for p in s["pages"]:
        counter[0] += 1
        at = p.at + timedelta(seconds=rng.randint(0, 59))
        out.writerow([counter[0], tu.fmt_time(at), p.alert, p.service, p.urgency or "high", "resolved",
                      p.responder or s["oncall"][0], "" if p.ack is None else p.ack,
                      "" if p.actionable is None else str(p.actionable).lower()])
    return buf.getvalue()


def review_file(r, resolve, files, csv_counter, freshness):
    facts = r["facts"]
    y, _ = tu.parse_week(r["week"])
    meta = dict(week=r["week"])
    if r["facilitator"]:
        meta["facilitator"] = r["facilitator"]
    meta["summary"] = resolve(r["summary"], facts)
    if r["recording"]:
        meta["recording"] = r["recording"]
    teams = {}
    for team, s in r["teams"].items():
        t = dict(oncall=s["oncall"], health=s["health"])
        if "tickets" not in s["omit"]:
            t["tickets"] = s["tickets"]
        if "slos" not in s["omit"] and s["slos"]:
            t["slos"] = {k: Raw(v) for k, v in s["slos"].items()}
        if "metrics" not in s["omit"] and s["metrics"]:
            t["metrics"] = s["metrics"]
        if s["csv"]:
            rel = f"{r['week']}/{s['csv']}"
            t["pages_csv"] = rel
            files[f"reviews/{y}/{rel}"] = pages_csv(r, team, s, csv_counter)
        elif s["pages"]:
            t["pages"] = [page_meta(p) for p in s["pages"]]
        elif "pages" not in s["omit"]:
            t["pages"] = Raw("none")  # a quiet week, said so: no pages is not "not reported"
        if s["notes"]:
            t["notes"] = resolve(s["notes"], facts)
        if s["notes_for_presenter"]:
            t["notes_for_presenter"] = resolve(s["notes_for_presenter"], facts)
        teams[team] = t
    meta["teams"] = teams
    if r["projects"]:
        meta["projects"] = r["projects"]
    if r["incidents"]:
        meta["incidents"] = r["incidents"]
    if r["wins"]:
        meta["wins"] = [resolve(x, facts) for x in r["wins"]]
    if r["action_items"]:
        meta["action_items"] = [ai_meta(ai, resolve) for ai in r["action_items"]]
    if r["tags"]:
        meta["tags"] = r["tags"]
    if r["image"] == "freshness":
        files[f"reviews/{y}/{r['week']}/freshness.svg"] = freshness_svg(r["week"], freshness)
    return front_matter(meta, resolve(r["body"], facts))


def freshness_svg(until, freshness):
    """A small chart of scan freshness for the nine weeks up to `until`, from the reviews' numbers."""
    weeks = [wk for wk in sorted(freshness) if wk <= until][-9:]
    values = [float(freshness[wk]) for wk in weeks]
    W, H, left, top, bottom = 560, 220, 48, 16, 36
    lo, hi = 97.5, 100.0
    x = lambda i: left + i * (W - left - 16) / (len(weeks) - 1)  # noqa: E731
    y = lambda v: top + (hi - v) / (hi - lo) * (H - top - bottom)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
             f'font-family="sans-serif" font-size="11" role="img" aria-label="Scan freshness by week">',
             f'<title>Scan freshness by week, target 99%</title>',
             f'<rect width="{W}" height="{H}" fill="#ffffff"/>']
    for v in (97.5, 98.0, 98.5, 99.0, 99.5, 100.0):
        parts.append(f'<line x1="{left}" x2="{W - 16}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e4e7ec"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#475467">{v:.1f}</text>')
    parts.append(f'<line x1="{left}" x2="{W - 16}" y1="{y(99):.1f}" y2="{y(99):.1f}" stroke="#b42318" '
                 f'stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{W - 16}" y="{y(99) - 5:.1f}" text-anchor="end" fill="#b42318">target 99%</text>')
    pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    parts.append(f'<polyline points="{pts}" fill="none" stroke="#4e5ba6" stroke-width="2"/>')
    for i, (wk, v) in enumerate(zip(weeks, values)):
        colour = "#b42318" if v < 99 else "#4e5ba6"
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>')
        parts.append(f'<text x="{x(i):.1f}" y="{H - 14}" text-anchor="middle" fill="#475467">{wk[5:]}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- the check ------------------------------------------------------------------------------------

WIKI = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


def check(reviews):
    errors = []
    err = errors.append
    people = set(w.PEOPLE)
    for t in w.TEAMS.values():
        people |= set(t["members"])
    member_of = {p: tid for tid, t in w.TEAMS.items() for p in t["members"]}
    slo_names = {s.name for s in slomod.ALL}
    slo_keys = {k for s in slomod.ALL for k, _ in s.keys()}
    inc_ids = {i["id"] for i in incmod.INCIDENTS}
    week_ids = [r["week"] for r in reviews]
    fired = {p.alert for r in reviews for s in r["teams"].values() for p in s["pages"]}
    known_alerts = fired | {a for rb in w.RUNBOOKS.values() for a in rb["alerts"]}
    page_ids = set(pagemod.PAGES)

    def ref_ok(ref):
        if re.fullmatch(r"INC-\d{4}-\d{3}", ref):
            return ref in inc_ids
        if re.fullmatch(r"\d{4}-W\d{2}", ref):
            return ref in week_ids
        kind, _, rid = ref.partition(":")
        return {"team": rid in w.TEAMS, "service": rid in w.SERVICES, "slo": rid in slo_names,
                "alert": rid in known_alerts, "runbook": rid in w.RUNBOOKS,
                "page": rid in page_ids}.get(kind, False)

    def links(where, text):
        for m in WIKI.finditer(text or ""):
            if not ref_ok(m.group(1)):
                err(f"{where}: broken link [[{m.group(1)}]]")
        if re.search(r"\{\{?\w[\w:-]*\}?\}", text or ""):
            err(f"{where}: unresolved placeholder")

    # weeks: 60 consecutive
    expected = [tu.week_id(*x) for x in tu.all_weeks()]
    if week_ids != expected or len(week_ids) != 60:
        err("reviews are not the 60 consecutive weeks 2025-W01..2026-W08")

    # people, teams, services
    for tid, t in w.TEAMS.items():
        for p in t["members"] + t["rotation"]:
            if p not in people:
                err(f"team {tid}: unknown person {p}")
        links(f"teams/{tid}.md", t["body"])
    for sid, s in w.SERVICES.items():
        if s["team"] not in w.TEAMS:
            err(f"service {sid}: unknown team")
        for rb in s["runbooks"]:
            if rb not in w.RUNBOOKS:
                err(f"service {sid}: unknown runbook {rb}")
        links(f"services/{sid}.md", s["body"])
    for s in slomod.ALL:
        if s.service not in w.SERVICES:
            err(f"slo {s.name}: unknown service")
    for rid, rb in w.RUNBOOKS.items():
        for a in rb["alerts"]:
            if a not in w.ALERTS:
                err(f"runbook {rid}: alert {a} is not one of the adapted rule names")
        for sv in rb["services"]:
            if sv not in w.SERVICES:
                err(f"runbook {rid}: unknown service {sv}")
        links(f"runbooks/{rid}.md", rb["body"])
    for pid, pg in pagemod.PAGES.items():
        links(f"pages/{pid}.md", pg["body"])
    for f in w.FACILITATORS:
        if f not in people:
            err(f"unknown facilitator {f}")

    # action items
    all_ais = [(f"incident {i['id']}", ai) for i in incmod.INCIDENTS for ai in i.get("action_items", [])]
    all_ais += [(f"review {r['week']}", ai) for r in reviews for ai in r["action_items"]]
    seen = set()
    for where, ai in all_ais:
        if ai["id"] in seen:
            err(f"{where}: duplicate {ai['id']}")
        seen.add(ai["id"])
        if ai["owner"] not in people:
            err(f"{where}: unknown owner {ai['owner']}")
        if "team" not in ai and ai["owner"] not in member_of:
            err(f"{where}: {ai['id']} owner {ai['owner']} has no team; give one")
        if ai.get("team") and ai["team"] not in w.TEAMS:
            err(f"{where}: unknown team {ai['team']}")
        if (ai["status"] == "open") != (not ai.get("closed")):
            err(f"{where}: {ai['id']} status/closed mismatch")
        if ai["due"] < ai["created"]:
            err(f"{where}: {ai['id']} due before it was created")
        if ai.get("closed") and not (ai["created"] <= ai["closed"] <= weekly.AS_OF):
            err(f"{where}: {ai['id']} closed {ai['closed']} outside {ai['created']}..{weekly.AS_OF}")
        for ref in ai["refs"]:
            if not ref_ok(ref):
                err(f"{where}: {ai['id']} broken ref {ref}")

    # incidents
    reviewed = {}
    for r in reviews:
        for i in r["incidents"]:
            reviewed.setdefault(i, []).append(r["week"])
    for inc in incmod.INCIDENTS:
        where = f"incident {inc['id']}"
        t = {k: tu.local(inc["zone"], *inc[k][:5], fold=inc[k][5] if len(inc[k]) > 5 else 0)
             for k in ("started", "detected", "acknowledged", "mitigated", "resolved") if k in inc}
        for k in ("detected", "acknowledged", "mitigated", "resolved"):
            if k in t and t[k] < t["started"]:
                err(f"{where}: {k} before started")
        if "acknowledged" in t and t["acknowledged"] < t["detected"]:
            err(f"{where}: acknowledged before detected")
        if "resolved" in t and t["resolved"] < t.get("mitigated", t["resolved"]):
            err(f"{where}: resolved before mitigated")
        if inc["status"] in ("resolved", "closed") and "resolved" not in t:
            err(f"{where}: {inc['status']} without resolved time")
        if inc["severity"] in ("critical", "major") and not inc.get("postmortem"):
            err(f"{where}: no postmortem")
        if inc["commander"] not in people:
            err(f"{where}: unknown commander")
        for x in inc["teams"]:
            if x not in w.TEAMS:
                err(f"{where}: unknown team {x}")
        for x in inc["services"]:
            if x not in w.SERVICES:
                err(f"{where}: unknown service {x}")
        for x in inc.get("related", []):
            if x not in inc_ids or x >= inc["id"]:
                err(f"{where}: related {x} is not an earlier incident")
        started_week = tu.week_of(t["started"].date())
        lw = reviewed.get(inc["id"], [])
        if len(lw) != 1:
            err(f"{where}: reviewed in {lw}")
        elif lw[0] not in (started_week, expected[min(expected.index(started_week) + 1, 59)]):
            err(f"{where}: reviewed in {lw[0]}, started {started_week}")
        links(where, inc["body"])

    # reviews
    for r in reviews:
        where = f"review {r['week']}"
        y, wk = tu.parse_week(r["week"])
        monday = tu.week_monday(y, wk)
        if set(r["teams"]) != set(w.TEAMS):
            err(f"{where}: not every team")
        for team, s in r["teams"].items():
            for p in s["oncall"]:
                if p not in w.TEAMS[team]["members"]:
                    err(f"{where}: {team} on-call {p} is not a member")
            if not 1 <= s["health"] <= 5:
                err(f"{where}: {team} health out of range")
            for k in s["slos"]:
                if k not in slo_keys:
                    err(f"{where}: {team} unknown SLO key {k}")
            for p in s["pages"]:
                if p.alert not in w.ALERTS:
                    err(f"{where}: alert {p.alert} is not one of the adapted rule names")
                if p.service not in w.SERVICES:
                    err(f"{where}: unknown service {p.service}")
                if p.responder and p.responder not in w.TEAMS[team]["members"]:
                    err(f"{where}: responder {p.responder} not in {team}")
                if not monday <= p.at.date() <= monday + timedelta(days=6):
                    err(f"{where}: {team} page {p.at} outside the week")
                if p.at.utcoffset() != tu.to_zone(weekly.team_zone(team), p.at).utcoffset():
                    err(f"{where}: {team} page {p.at} has the wrong offset")
            links(f"{where} {team} notes", s["notes"])
        links(where, r["body"])
        for x in r["wins"]:
            links(where, x)
        for p in r["projects"]:
            if p["team"] not in w.TEAMS:
                err(f"{where}: project team {p['team']}")
        if r["facilitator"] and r["facilitator"] not in people:
            err(f"{where}: unknown facilitator")

    # every SLO miss is explained by an incident, a story note or an everyday note
    for r in reviews:
        for key, text, target in r["slo_misses"]:
            team = next(t for t, s in r["teams"].items() if key in s["slos"])
            if key.split("/")[0] not in (r["teams"][team]["notes"] or ""):
                err(f"review {r['week']}: {key} missed without a note")

    # quiet summaries stay true
    for r in reviews:
        if r["summary"].startswith(("Nothing", "Quiet week,")) and (r["slo_misses"] or r["incidents"]):
            err(f"review {r['week']}: summary says quiet, but {r['slo_misses'] or r['incidents']}")

    # the stories hold
    disk_ai = next(ai for r in reviews for ai in r["action_items"] if ai.get("key") == "disk-fix")
    for r in reviews:
        for p in r["teams"]["warehouse"]["pages"]:
            if p.alert == st.DISK and p.at.date() > disk_ai["closed"]:
                err(f"review {r['week']}: disk alert after its action item was closed")
    for r in reviews:
        pay = r["teams"]["payments"]["pages"]
        night = [p for p in pay if tu.is_sleep(p.at)]
        noisy = [p for p in night if p.alert in weekly.BILLING_NOISE and not p.actionable]
        for p in noisy:
            if p.at.date() >= st.TUNED_AT[weekly.BILLING_NOISE.index(p.alert)]:
                err(f"review {r['week']}: {p.alert} paged at night after it was tuned")
        if r["week"] in ("2025-W46", "2025-W47") and 2 * len(noisy) <= len(night):
            err(f"review {r['week']}: the notes say most night pages were billing noise")
        if r["week"] == "2025-W48":
            nights = {(p.at - timedelta(hours=8)).weekday() for p in night}
            if not {0, 1, 2, 3} <= nights:
                err("review 2025-W48: Keisha's four nights before Black Friday are not all there")
        load = st.PAYMENTS_LOAD.get(r["week"])
        if load:
            pages = r["teams"]["payments"]["pages"]
            sleep = sum(tu.is_sleep(p.at) for p in pages)
            if (len(pages), sleep) != load[:2]:
                err(f"review {r['week']}: payments {len(pages)} pages/{sleep} sleep, story says {load[:2]}")
    return errors


# --- main -----------------------------------------------------------------------------------------

def build_files():
    reviews = weekly.build()
    ai_ids = assign_ai_ids(reviews)
    disk_total = sum(1 for r in reviews for p in r["teams"]["warehouse"]["pages"] if p.alert == st.DISK)
    resolve = resolver(ai_ids, {"disk_total": disk_total})
    # Resolve text first, so that the check sees the final text.
    for r in reviews:
        r["summary"] = resolve(r["summary"], r["facts"])
        r["body"] = resolve(r["body"], r["facts"])
        r["wins"] = [resolve(x, r["facts"]) for x in r["wins"]]
        for s in r["teams"].values():
            s["notes"] = resolve(s["notes"], r["facts"])
    for inc in incmod.INCIDENTS:
        inc["body"] = resolve(inc["body"])

    errors = check(reviews)
    if errors:
        raise SystemExit("sample archive check failed:\n  " + "\n  ".join(errors))

    files = {"site.yaml": document(SITE)}
    for tid, t in w.TEAMS.items():
        files[f"teams/{tid}.md"] = team_file(tid, t)
    for sid, s in w.SERVICES.items():
        files[f"services/{sid}.md"] = service_file(sid, s)
    for path, text in slomod.files().items():
        files[f"slos/{path}"] = text
    for rid, rb in w.RUNBOOKS.items():
        files[f"runbooks/{rid}.md"] = runbook_file(rb)
    for pid, pg in pagemod.PAGES.items():
        files[f"pages/{pid}.md"] = front_matter(
            dict(title=pg["title"], description=pg["description"], weight=pg["weight"]), pg["body"])
    for inc in incmod.INCIDENTS:
        files[f"incidents/{inc['id'][4:8]}/{inc['id']}.md"] = incident_file(inc, resolve)
    csv_counter = [48100]
    freshness = {r["week"]: r["teams"]["tracking"]["slos"]["tracking-freshness"] for r in reviews}
    for r in reviews:
        y, _ = tu.parse_week(r["week"])
        files[f"reviews/{y}/{r['week']}.md"] = review_file(r, resolve, files, csv_counter, freshness)
    return files, reviews


def stats(files, reviews):
    ais = [ai for r in reviews for ai in r["action_items"]] + \
          [ai for i in incmod.INCIDENTS for ai in i.get("action_items", [])]
    by_status = {}
    for ai in ais:
        by_status[ai["status"]] = by_status.get(ai["status"], 0) + 1
    overdue = sum(1 for ai in ais if ai["status"] == "open" and ai["due"] < weekly.AS_OF)
    sev = {}
    for i in incmod.INCIDENTS:
        sev[i["severity"]] = sev.get(i["severity"], 0) + 1
    pages = sum(len(s["pages"]) for r in reviews for s in r["teams"].values())
    return (f"{len(files)} files: {len(reviews)} reviews, {len(incmod.INCIDENTS)} incidents {sev}, "
            f"{len(w.TEAMS)} teams, {len(w.SERVICES)} services, {len(slomod.ALL)} SLOs, "
            f"{len(w.RUNBOOKS)} runbooks, {len(pagemod.PAGES)} pages, {pages} pager pages, "
            f"{len(ais)} action items {by_status}, {overdue} overdue on {weekly.AS_OF}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                    help="site root; content/ below it is replaced (default: the repository)")
    ap.add_argument("--check", action="store_true", help="build and check only, write nothing")
    args = ap.parse_args()
    files, reviews = build_files()
    if not args.check:
        content = args.root / "content"
        if content.exists():
            shutil.rmtree(content)
        for rel in sorted(files):
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(files[rel])
    print(stats(files, reviews))


if __name__ == "__main__":
    main()
