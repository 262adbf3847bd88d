#!/usr/bin/env python3
"""Generate a synthetic opsbook archive at scale, for the benchmark (scripts/bench).

    python3 tools/bench-archive/generate.py --years 10 --root DIR         # writes DIR/content/
    python3 tools/bench-archive/generate.py --years 1 --teams 4 --root DIR
    python3 tools/bench-archive/generate.py --years 10 --root DIR --hugo HDIR   # and a Hugo site
    python3 tools/bench-archive/generate.py --years 10 --check            # generate and check only

Standard library only, no wall clock, seeded randomness: two runs give byte-identical files.
The archive ends in 2026-W08 and goes back int(years x 52.1775) consecutive ISO weeks. Before
anything is written the records are checked (check()): every reference and wiki link resolves,
people are known, action items and incident times are consistent.
"""

import argparse
import importlib.util
import random
import re
import shutil
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.dont_write_bytecode = True  # keep tools/ free of __pycache__
sys.modules.setdefault("generate", sys.modules[__name__])  # to_hugo imports this module by name
HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample-archive"
for _p in (str(SAMPLE), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import bench_pages  # noqa: E402
import bench_world as bw  # noqa: E402
import slos as slomod  # noqa: E402  (tools/sample-archive: the OpenSLO writer)
import timeutil as tu  # noqa: E402  (tools/sample-archive: ISO weeks, time zones, durations)
import weekly  # noqa: E402  (tools/sample-archive: page times, ack times, health, attainment)
from yamltext import Raw, document, front_matter, num  # noqa: E402  (tools/sample-archive)


def _sample_generate():
    """tools/sample-archive/generate.py, loaded under another name (this file is generate.py too)."""
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


sg = _sample_generate()  # ai_meta, page_meta, pages_csv

SEED = "meridian-opsbook-bench-1"
LAST_WEEK = (2026, 8)
AS_OF = tu.week_sunday(*LAST_WEEK)
WEEKS_PER_YEAR = 52.1775
ORG = "Meridian Commerce"
DOCS = "https://docs.meridian.example"
GRAFANA = "https://grafana.meridian.example/d"
UTC = timezone.utc


def identity_resolve(text, facts=None):
    return text


def ascii_slug(text):
    text = unicodedata.normalize("NFKD", text.translate(bw.TRANSLIT))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


EPOCH = tu.week_monday(2000, 1)  # rotations and projects count weeks from here, not from the archive's start


def week_number(monday):
    return (monday - EPOCH).days // 7


def rotated(people, monday):
    """A rotation as it stands in the week of `monday` (people[0] is that week's primary)."""
    k = week_number(monday) % len(people)
    return people[k:] + people[:k]


def archive_weeks(years):
    n = int(years * WEEKS_PER_YEAR + 1e-9)
    last = tu.week_monday(*LAST_WEEK)
    out = []
    for i in range(n):
        iso = (last - timedelta(days=7 * (n - 1 - i))).isocalendar()
        out.append((iso[0], iso[1]))
    return out


# --- the world: teams, people, services, SLOs, alerts, runbooks -----------------------------------

RB_TOPIC = {"http": ("errors", "errors and latency"), "worker": ("backlog", "backlog and crash loops"),
            "postgres": ("database", "database connections and lag"), "mysql": ("database", "replicas and slow queries"),
            "cache": ("cache", "memory and failover"), "kafka": ("lag", "consumer lag and replicas"),
            "rabbitmq": ("queues", "queue backlog and alarms"), "batch": ("late-runs", "late and failed runs"),
            "search": ("cluster-health", "cluster health"), "storage": ("capacity", "capacity and degraded disks"),
            "k8s": ("nodes", "nodes and the control plane"), "network": ("connectivity", "connectivity"),
            "identity": ("logins", "login and token errors"), "frontend": ("errors", "visitor-facing errors"),
            "ml": ("inference", "slow or stale inference"), "observability": ("pipeline", "pipeline delays")}

SLO_SHAPE = {  # kind: (suffix, display, description, good metric, total metric)
    "worker": ("freshness", "processed in time", "Work items that {svc} finishes within five minutes of arrival.",
               "worker_items_processed_total{{job=\"{svc}\",within_sla=\"true\"}}", "worker_items_processed_total{{job=\"{svc}\"}}"),
    "postgres": ("availability", "availability", "Queries against {svc} that complete without a server-side error.",
                 "pg_stat_statements_calls_ok{{cluster=\"{svc}\"}}", "pg_stat_statements_calls{{cluster=\"{svc}\"}}"),
    "mysql": ("availability", "availability", "Queries against {svc} that complete without a server-side error.",
              "mysql_global_status_queries_ok{{cluster=\"{svc}\"}}", "mysql_global_status_queries{{cluster=\"{svc}\"}}"),
    "cache": ("hits", "cache hits", "Lookups in {svc} answered from memory without an error.",
              "cache_hits_total{{cache=\"{svc}\"}}", "cache_requests_total{{cache=\"{svc}\"}}"),
    "kafka": ("delivery", "delivery in time", "Events on {svc} consumed within 60 seconds of being produced.",
              "events_consumed_total{{bus=\"{svc}\",within_sla=\"true\"}}", "events_consumed_total{{bus=\"{svc}\"}}"),
    "rabbitmq": ("delivery", "delivery in time", "Messages through {svc} delivered within 60 seconds.",
                 "messages_delivered_total{{broker=\"{svc}\",within_sla=\"true\"}}", "messages_delivered_total{{broker=\"{svc}\"}}"),
    "batch": ("on-time", "runs on time", "Scheduled runs of {svc} that finish before their deadline.",
              "batch_runs_total{{job=\"{svc}\",on_time=\"true\"}}", "batch_runs_total{{job=\"{svc}\"}}"),
    "search": ("query-latency", "fast queries", "Searches on {svc} answered within 200 ms.",
               "search_queries_bucket{{cluster=\"{svc}\",le=\"0.2\"}}", "search_queries_count{{cluster=\"{svc}\"}}"),
    "storage": ("availability", "availability", "Reads and writes on {svc} that succeed.",
                "storage_requests_total{{service=\"{svc}\",result=\"ok\"}}", "storage_requests_total{{service=\"{svc}\"}}"),
    "k8s": ("availability", "API availability", "Requests to {svc} answered without a server error.",
            "apiserver_request_total{{cluster=\"{svc}\",code!~\"5..\"}}", "apiserver_request_total{{cluster=\"{svc}\"}}"),
    "network": ("availability", "availability", "Connections and lookups through {svc} that succeed.",
                "network_requests_total{{service=\"{svc}\",result=\"ok\"}}", "network_requests_total{{service=\"{svc}\"}}"),
    "observability": ("delivery", "delivery in time", "Data and alerts through {svc} delivered within one minute.",
                      "pipeline_items_total{{service=\"{svc}\",within_sla=\"true\"}}", "pipeline_items_total{{service=\"{svc}\"}}"),
}
HTTP_KINDS = {"http", "frontend", "identity", "ml"}


class World:
    """Everything fixed for a number of teams: the same for every number of years."""

    def __init__(self, n_teams):
        if not 1 <= n_teams <= len(bw.TEAMS):
            raise SystemExit(f"--teams must be between 1 and {len(bw.TEAMS)}")
        rng = random.Random(f"{SEED}:world")
        pairs = [(f, last) for f in bw.FIRST for last in bw.LAST]
        rng.shuffle(pairs)
        self.people = {}
        self.leads = []
        for first, last in pairs[:6]:
            pid = ascii_slug(f"{first}-{last}")
            self.people[pid] = f"{first} {last}"
            self.leads.append(pid)
        self.facilitators = self.leads[:4]
        nxt = 6
        self.teams, self.services, self.pools, self.styles = {}, {}, {}, {}
        self.runbooks, self.slo_keys, self.slos = {}, {}, []
        self.inc_rate, self.page_mean = {}, {}
        self.service_kind = {}
        for ti, (tid, name, zone, desc, svcs) in enumerate(bw.TEAMS):
            trng = random.Random(f"{SEED}:team:{tid}")
            size = trng.choice([5, 6, 6, 7, 7, 8])
            members = []
            for first, last in pairs[nxt:nxt + size]:
                pid = ascii_slug(f"{first}-{last}")
                assert pid not in self.people, pid
                self.people[pid] = f"{first} {last}"
                members.append(pid)
            nxt += size
            if ti >= n_teams:
                continue
            self.teams[tid] = dict(name=name, zone=zone, description=desc, members=members,
                                   services=[s for s, _, _ in svcs])
            for sid, kind, tier in svcs:
                self.services[sid] = dict(name=bw.display(sid), team=tid, kind=kind, tier=tier, runbooks=[])
                self.service_kind[sid] = kind
            self.styles[tid] = dict(
                ack=trng.choice([1.0, 1.0, 0.9, 0.8, 0.7]), urgency=trng.random() < 0.5,
                responder_always=trng.random() < 0.3, actionable=trng.random() < 0.9,
                tickets=trng.choice([(1, 6), (2, 8), (3, 10), (4, 12), (5, 15)]))
            # Pages per team-week: 110,000 over 521 weeks x 30 teams is about 7 on average.
            self.page_mean[tid] = trng.choice([2, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11])
            # Incidents per team-week: about 2,900 over 521 weeks x 30 teams.
            self.inc_rate[tid] = trng.choice([0.09, 0.10, 0.13, 0.15, 0.17, 0.18, 0.20, 0.23])
            self._pool(trng, tid, svcs)
            self._runbooks(trng, tid, svcs)
            self._slos(trng, ti, tid, svcs)
        self.team_ids = list(self.teams)
        self.member_of = {p: t for t, d in self.teams.items() for p in d["members"]}
        self.runbook_of = {}
        for rid, rb in self.runbooks.items():
            for a in rb["alerts"]:
                self.runbook_of.setdefault(a, rid)
        self.csv_team = self.team_ids[min(2, len(self.team_ids) - 1)]
        # Only the people of the teams in this archive (and the leads) are written to site.yaml.
        keep = set(self.leads) | set(self.member_of)
        self.people = {p: n for p, n in self.people.items() if p in keep}

    def _pool(self, rng, tid, svcs):
        pool = []
        for i, (sid, kind, tier) in enumerate(svcs):
            for alert in rng.sample(bw.KIND_ALERTS[kind], rng.randint(3, 5)):
                weight = rng.choice([1, 1, 2, 2, 3, 4]) * (2 if i == 0 else 1)
                pool.append([alert, sid, weight, rng.choice([0.2, 0.4, 0.5, 0.6, 0.8, 0.9]),
                             rng.choice(["high", "high", "low"])])
            pool.append([rng.choice(bw.HOST_ALERTS), sid, 1, 0.3, "low"])
        for alert, i in bw.DOMAIN_ALERTS.get(tid, []):
            pool.append([alert, svcs[i][0], 2, 0.8, "high"])
        noisy = rng.choice(pool)
        noisy[2] *= 3
        noisy[3] = 0.15
        self.pools[tid] = [tuple(x) for x in pool]

    def _runbooks(self, rng, tid, svcs):
        pool = self.pools[tid]
        weight = {}
        for alert, sid, w, _, _ in pool:
            weight[sid] = weight.get(sid, 0) + w
        second = max((s for s, _, _ in svcs[1:]), key=lambda s: (weight.get(s, 0), s))
        for sid in (svcs[0][0], second):
            kind = self.service_kind[sid]
            topic, title = RB_TOPIC[kind]
            rid = f"{sid}-{topic}"
            alerts = [a for a, s, w, _, _ in sorted(pool, key=lambda x: (-x[2], x[0])) if s == sid][:3]
            self.runbooks[rid] = dict(title=f"{bw.display(sid)}: {title}", alerts=alerts, services=[sid],
                                      owner=tid, kind=kind)
            self.services[sid]["runbooks"].append(rid)

    def _slos(self, rng, ti, tid, svcs):
        front, kind0, tier0 = svcs[0]
        targets = {1: [0.9995, 0.999], 2: [0.999, 0.995], 3: [0.995, 0.99]}
        out = []
        avail = f"sum(rate(http_requests_total{{job=\"{front}\",code!~\"5..\"}}[5m]))"
        total = f"sum(rate(http_requests_total{{job=\"{front}\"}}[5m]))"
        out.append(slomod.SLO(
            f"{front}-availability", f"{bw.display(front)} availability", front,
            f"Requests to [[service:{front}]] answered without a server error.",
            slomod.ratio(f"{front}-non-5xx", f"{bw.display(front)} requests without 5xx", good=avail, total=total),
            "4w", "Occurrences", [dict(displayName="Non-5xx responses", target=rng.choice(targets[tier0]))]))
        lat_q = (f"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket"
                 f"{{job=\"{front}\"}}[1m])))")
        if ti % 2 == 0:
            objectives = [dict(displayName="Under 300ms", op="lte", value=0.3, target=0.99, timeSliceWindow="1m"),
                          dict(displayName="Under 1s", op="lte", value=1, target=0.999, timeSliceWindow="1m")]
        else:
            objectives = [dict(displayName="p99 under 500ms", op="lte", value=0.5, target=0.99, timeSliceWindow="1m")]
        out.append(slomod.SLO(
            f"{front}-latency", f"{bw.display(front)} latency", front,
            f"Minutes in which the p99 latency of [[service:{front}]] stays under its thresholds.",
            slomod.threshold(f"{front}-p99", f"{bw.display(front)} p99 latency (s)", lat_q),
            "4w", "Timeslices", objectives))
        rest = [s for s in svcs[1:] if s[1] != "cache"][:3]
        if len(rest) < 3:
            rest += [s for s in svcs[1:] if s not in rest][:3 - len(rest)]
        for sid, kind, tier in rest:
            if kind in HTTP_KINDS:
                suffix, disp, desc = "availability", "availability", "Requests to {svc} answered without a server error."
                good = f"http_requests_total{{{{job=\"{sid}\",code!~\"5..\"}}}}"
                tot = f"http_requests_total{{{{job=\"{sid}\"}}}}"
            else:
                suffix, disp, desc, good, tot = SLO_SHAPE[kind]
            good, tot = good.format(svc=sid), tot.format(svc=sid)
            out.append(slomod.SLO(
                f"{sid}-{suffix}", f"{bw.display(sid)} {disp}", sid, desc.format(svc=f"[[service:{sid}]]"),
                slomod.ratio(f"{sid}-{suffix}-sli", f"{bw.display(sid)} {disp}",
                             good=f"sum(rate({good}[5m]))", total=f"sum(rate({tot}[5m]))"),
                rng.choice(["4w", "28d", "2w"]), "Occurrences",
                [dict(displayName=disp.capitalize(), target=rng.choice(targets[tier]))]))
        self.slos += out
        self.slo_keys[tid] = [(k, t, s) for s in out for k, t in s.keys()]

    def slo_files(self):
        """{path under content/slos: text}, laid out four different ways across the teams."""
        files = {}
        sep = "---\n"
        by_team = {}
        for s in self.slos:
            by_team.setdefault(self.services[s.service]["team"], []).append(s)
        for ti, (tid, slos) in enumerate(by_team.items()):
            style = ti % 4
            if style == 0:
                files[f"{tid}.yaml"] = f"# SLOs of {self.teams[tid]['name']}.\n" + sep.join(s.text() for s in slos)
            elif style == 1:
                for s in slos:
                    files[f"{tid}/{s.name}.yaml"] = s.text()
            elif style == 2:
                files[f"{tid}.yaml"] = (f"# {self.teams[tid]['name']} keeps its SLOs as one YAML list.\n"
                                        + "".join(s.list_item() for s in slos))
            else:
                front = self.teams[tid]["services"][0]
                doc = slomod.service_doc(front, bw.display(front), f"Front door of {self.teams[tid]['name']}.")
                files[f"{tid}.yaml"] = sep.join([doc] + [s.text() for s in slos])
        return files


# --- the archive ----------------------------------------------------------------------------------

def ai_status(rng, created, due):
    age = (AS_OF - created).days
    if age < 21:
        status = rng.choices(["open", "done"], weights=[80, 20])[0]
    elif age < 120:
        status = rng.choices(["done", "open", "dropped"], weights=[60, 32, 8])[0]
    else:
        status = rng.choices(["done", "dropped", "open"], weights=[78, 12, 10])[0]
    closed = None
    if status == "done":
        closed = due + timedelta(days=rng.randint(-7, 12))
    elif status == "dropped":
        closed = created + timedelta(days=rng.randint(7, 60))
    if closed is not None:
        closed = max(created + timedelta(days=1), min(closed, AS_OF))
    return status, closed


def new_ai(rng, created, title, owner, refs, team=None, due_days=None):
    due = created + timedelta(days=due_days or rng.choice([7, 10, 14, 14, 21, 28, 42]))
    status, closed = ai_status(rng, created, due)
    ai = dict(title=title, owner=owner, due=due, status=status, refs=refs, created=created)
    if team:
        ai["team"] = team
    if closed:
        ai["closed"] = closed
    return ai


def random_start(rng, zone, monday):
    """An incident start well inside the week (Monday 08:00 to Sunday 16:00 local)."""
    while True:
        day = rng.randint(0, 6)
        hour = rng.randint(8, 16) if day in (0, 6) else rng.choice(list(range(24)))
        d = monday + timedelta(days=day)
        naive = datetime(d.year, d.month, d.day, hour, rng.randint(0, 59))
        if tu.exists(zone, naive):
            return tu.local(zone, d.year, d.month, d.day, naive.hour, naive.minute)


class Archive:
    def __init__(self, years, n_teams):
        self.years, self.n_teams = years, n_teams
        self.world = W = World(n_teams)
        self.weeks = archive_weeks(years)
        self.week_ids = [tu.week_id(*x) for x in self.weeks]
        self.reviews, self.incidents = [], []
        self.pages_doc = bench_pages.PAGES
        inc_counter, last_by_service = {}, {}
        as_of_end = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 23, 59, tzinfo=UTC) - timedelta(hours=6)
        projects = ProjectSchedule(W)
        for idx, (y, wk) in enumerate(self.weeks):
            wid = tu.week_id(y, wk)
            monday = tu.week_monday(y, wk)
            wrng = random.Random(f"{SEED}:{wid}")
            # Pass 1: the week's incidents, numbered per year in order of start.
            week_incs = []
            for tid in W.team_ids:
                rng = random.Random(f"{SEED}:inc:{wid}:{tid}")
                k = 0
                if rng.random() < W.inc_rate[tid]:
                    k = 2 if rng.random() < W.inc_rate[tid] / 2 else 1
                for _ in range(k):
                    week_incs.append(self._incident(rng, tid, monday, wid, as_of_end))
            week_incs.sort(key=lambda i: (i["started"].astimezone(UTC), i["teams"][0]))
            for inc in week_incs:
                year = inc["started"].year
                inc_counter[year] = inc_counter.get(year, 0) + 1
                inc["id"] = f"INC-{year}-{inc_counter[year]:03d}"
                svc = inc["services"][0]
                if svc in last_by_service and inc["rng"].random() < 0.3:
                    inc["related"] = [last_by_service[svc]]
                last_by_service[svc] = inc["id"]
                self._finish_incident(inc)
            self.incidents += week_incs

            # Pass 2: every team's section.
            review = dict(week=wid, idx=idx, monday=monday, teams={}, action_items=[], storms=0)
            for tid in W.team_ids:
                review["teams"][tid] = self._section(tid, idx, wid, monday, week_incs, review)
            self._review_text(review, wrng, week_incs, projects)
            self.reviews.append(review)
        self._assign_ai_ids()
        self.fired = {p.alert for r in self.reviews for s in r["teams"].values() for p in s["pages"]}

    # -- incidents

    def _incident(self, rng, tid, monday, wid, as_of_end):
        W = self.world
        zone = W.teams[tid]["zone"]
        sid = rng.choice(W.teams[tid]["services"])
        kind = W.service_kind[sid]
        severity = rng.choices([s for s, _ in bw.SEVERITIES], weights=[w for _, w in bw.SEVERITIES])[0]
        detection = rng.choices([d for d, _ in bw.DETECTIONS], weights=[w for _, w in bw.DETECTIONS])[0]
        trigger = rng.choice(sorted(bw.CAUSES))
        started = random_start(rng, zone, monday)
        scale = {"critical": 1, "major": 2, "standard": 4}[severity]
        detected = started + timedelta(minutes=rng.randint(1, 12) * scale)
        acknowledged = detected + timedelta(minutes=rng.randint(1, 12))
        mitigated = acknowledged + timedelta(minutes=rng.randint(8, 60) * scale)
        resolved = mitigated + timedelta(minutes=rng.randint(0, 240))
        teams, services = [tid], [sid]
        if rng.random() < 0.18 and len(W.team_ids) > 1:
            other = rng.choice([t for t in W.team_ids if t != tid])
            teams.append(other)
            services.append(rng.choice(W.teams[other]["services"]))
        age = (AS_OF - started.date()).days
        if age < 14 and rng.random() < 0.4:
            status = rng.choice(["investigating", "mitigated"])
        elif age > 60:
            status = rng.choices(["closed", "resolved"], weights=[75, 25])[0]
        else:
            status = "resolved"
        times = dict(started=started, detected=detected, acknowledged=acknowledged,
                     mitigated=mitigated, resolved=resolved)
        if status == "investigating":
            times.pop("mitigated")
            times.pop("resolved")
        elif status == "mitigated":
            times.pop("resolved")
        if times.get("resolved") and times["resolved"] > as_of_end:
            status = "mitigated"
            times.pop("resolved")
        if times.get("mitigated") and times["mitigated"] > as_of_end:
            status = "investigating"
            times.pop("mitigated")
        alert = None
        if detection == "alert":
            cands = [a for a, s, _, _, _ in W.pools[tid] if s == sid]
            alert = rng.choice(cands) if cands else bw.KIND_ALERTS[kind][0]
        inc = dict(rng=rng, week=wid, zone=zone, severity=severity, status=status, detection=detection,
                   trigger=trigger, teams=teams, services=services, kind=kind, alert=alert,
                   commander=rng.choice(W.teams[tid]["members"]), related=[])
        for k, v in times.items():
            inc[k] = tu.to_zone(zone, v)
        symptom = rng.choice(bw.SYMPTOM[kind])
        inc["symptom"] = symptom
        inc["title"] = f"{bw.display(sid)}: {symptom}"
        minutes = int(((times.get("mitigated") or as_of_end) - started).total_seconds() // 60)
        inc["minutes"] = minutes
        share = {"critical": rng.randint(30, 100), "major": rng.randint(8, 40), "standard": rng.randint(1, 10)}[severity]
        audience = rng.choice(["checkout attempts", "requests", "customers in Germany", "partner calls",
                               "app sessions", "orders", "internal users"])
        inc["impact"] = (f"{share}% of {audience} affected for {tu.fmt_duration(minutes * 60)}"
                         f" ([[service:{sid}]]).")
        causes = list(bw.CAUSES[trigger])
        inc["proximate_causes"] = rng.sample(causes, min(len(causes), rng.choice([1, 1, 2])))
        tags = [trigger.replace(" ", "-"), kind]
        if severity == "critical":
            tags.append("customer-facing")
        inc["tags"] = tags
        return inc

    def _finish_incident(self, inc):
        W = self.world
        rng = inc["rng"]
        sid = inc["services"][0]
        tid = inc["teams"][0]
        created = inc["started"].date()
        n = {"critical": rng.choice([3, 3, 4, 5]), "major": rng.choice([1, 2, 2, 3, 3]),
             "standard": rng.choice([0, 0, 0, 1, 1, 2])}[inc["severity"]]
        rb = W.services[sid]["runbooks"]
        ais = []
        titles = [f"Add a regression test for {inc['symptom']} in {W.services[sid]['name']}",
                  f"Alert on the symptom, not the cause, for {W.services[sid]['name']}",
                  f"Write down the rollback for {W.services[sid]['name']} in its runbook",
                  f"Load-test {W.services[sid]['name']} at twice the peak",
                  f"Make the {inc['trigger']} path of {W.services[sid]['name']} safe to retry",
                  f"Share the timeline of {inc['id']} with the teams that depend on {W.services[sid]['name']}"]
        for i in range(n):
            refs = [f"service:{sid}"]
            if rb and rng.random() < 0.5:
                refs.append(f"runbook:{rb[0]}")
            if inc["alert"] and rng.random() < 0.4:
                refs.append(f"alert:{inc['alert']}")
            owner_team = inc["teams"][i % len(inc["teams"])]
            ais.append(new_ai(rng, created, titles[i % len(titles)], rng.choice(W.teams[owner_team]["members"]),
                              refs))
        inc["action_items"] = ais
        if inc["severity"] != "standard" or rng.random() < 0.2:
            inc["postmortem"] = f"{DOCS}/postmortems/{inc['id']}"
        zone_name = {"Europe/Berlin": "Berlin", "America/New_York": "New York", "UTC": "UTC"}[inc["zone"]]
        hm = lambda t: t.strftime("%a %H:%M")  # noqa: E731
        rows = [(inc["started"], "impact begins"),
                (inc["detected"], f"detected ({inc['detection']}"
                 + (f", `{inc['alert']}`)" if inc["alert"] else ")")),
                (inc["acknowledged"], f"acknowledged; {W.people[inc['commander']]} takes command")]
        if inc.get("mitigated"):
            rows.append((inc["mitigated"], "mitigated: " + rng.choice(
                ["rolled back", "failed over", "scaled out", "config reverted", "traffic drained", "job paused"])))
        if inc.get("resolved"):
            rows.append((inc["resolved"], "resolved"))
        people = [f"[[team:{t}]]" for t in inc["teams"]]
        body = ["## Summary", "",
                f"{W.services[sid]['name']} had {inc['symptom']} for {tu.fmt_duration(inc['minutes'] * 60)}. "
                f"{inc['proximate_causes'][0]} {' and '.join(people)} handled it; reviewed in [[{inc['week']}]].", ""]
        if len(inc["services"]) > 1:
            body += [f"[[service:{inc['services'][1]}]] was affected as well.", ""]
        if inc["related"]:
            body += [f"The same service failed in [[{inc['related'][0]}]]; read that one first.", ""]
        body += ["## Timeline", "", f"| {zone_name} | |", "|---|---|"]
        body += [f"| {hm(t)} | {what} |" for t, what in rows]
        body += ["", "## What went well", "", f"- {rng.choice(bw.WENT_WELL)}"]
        if rb:
            body += [f"- [[runbook:{rb[0]}]] was followed step by step."]
        body += ["", "## What went badly", "", f"- {rng.choice(bw.WENT_BADLY)}", "",
                 "## Where we got lucky", "", f"- {rng.choice(bw.LUCKY)}", ""]
        inc["body"] = "\n".join(body)
        inc["detect_page"] = bool(inc["alert"])

    # -- team sections

    def _section(self, tid, idx, wid, monday, week_incs, review):
        W = self.world
        rng = random.Random(f"{SEED}:{wid}:{tid}")
        style = W.styles[tid]
        zone = W.teams[tid]["zone"]
        rot = W.teams[tid]["members"]
        oncall = rotated(rot, monday)[:2]
        pool = W.pools[tid]
        weights = [x[2] for x in pool]
        mean = W.page_mean[tid] * (1.35 if 47 <= int(wid[-2:]) <= 51 else 1.03)
        n = max(0, int(rng.gauss(mean, mean * 0.5) + 0.5))
        pages = []
        for _ in range(n):
            at = weekly._random_time(rng, zone, monday)
            alert, service, _, p_act, urgency = rng.choices(pool, weights=weights)[0]
            pages.append(weekly.Page(at, alert, service, rng.random() < p_act, weekly._ack_seconds(rng, at),
                                     None, urgency))
        storm = None
        if rng.random() < 0.035:
            alert, service, _, _, urgency = min(pool, key=lambda x: (x[3], -x[2], x[0]))
            first = rng.randint(0, 5)
            days = rng.randint(1, 2)
            k = rng.randint(10, 32)
            for _ in range(k):
                d = monday + timedelta(days=first + rng.randint(0, days - 1))
                hour, minute = rng.randint(0, 23), rng.randint(0, 59)
                if not tu.exists(zone, datetime(d.year, d.month, d.day, hour, minute)):
                    hour += 1
                at = tu.local(zone, d.year, d.month, d.day, hour, minute)
                pages.append(weekly.Page(at, alert, service, rng.random() < 0.1, weekly._ack_seconds(rng, at),
                                         None, urgency))
            storm = (alert, service, k, first, days)
            review["storms"] += 1
        mine = [i for i in week_incs if i["teams"][0] == tid]
        for inc in mine:
            if inc.get("detect_page"):
                at = tu.to_zone(zone, inc["detected"])
                ack = int((inc["acknowledged"] - inc["detected"]).total_seconds())
                pages.append(weekly.Page(at, inc["alert"], inc["services"][0], True, ack, None, "high"))
        pages.sort(key=lambda p: (p.at, p.alert))
        for p in pages:
            if not style["actionable"]:
                p.actionable = None
            if rng.random() > style["ack"]:
                p.ack = None
            if not style["urgency"]:
                p.urgency = None
            if style["responder_always"]:
                p.responder = oncall[0]
            elif rng.random() < 0.08:
                p.responder = oncall[1]

        # SLO attainment: a critical or major incident on the service means a miss.
        hit = {s: i for i in week_incs if i["severity"] != "standard" for s in i["services"]}
        slos, misses = {}, []
        omit_slos = rng.random() < 0.01
        for key, target, slo in W.slo_keys[tid]:
            if omit_slos or rng.random() < 0.02:
                continue  # no data this week
            digits = weekly._digits(target)
            if slo.service in hit:
                val = round(100 - rng.uniform(1.3, 6) * (100 - 100 * target), digits)
                miss = True
            else:
                val, miss = weekly._attainment(rng, target)
            text = num(val, digits).text
            slos[key] = text
            if miss or float(text) < target * 100:
                misses.append((key, text, target, hit.get(slo.service)))
        health = weekly._health(rng, pages)
        if storm:
            health = rng.choice([1, 2, 2, 3])
        tickets = rng.randint(*style["tickets"])
        omit_tickets = rng.random() < 0.02

        notes, ais = self._notes(rng, tid, wid, monday, pages, storm, misses, mine)
        review["action_items"] += ais
        csv = f"{wid}/{tid}-pagerduty.csv" if tid == W.csv_team and idx % 8 == 3 else None
        return dict(oncall=oncall, health=health, tickets=None if omit_tickets else tickets,
                    slos=slos, pages=pages, csv=csv, notes=notes, misses=misses, storm=storm)

    def _notes(self, rng, tid, wid, monday, pages, storm, misses, mine):
        W = self.world
        members = W.teams[tid]["members"]
        lines, ais = [], []
        day = lambda i: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][i]  # noqa: E731
        for inc in mine:
            if rng.random() < 0.6:
                when = day(inc["started"].weekday())
                lines.append(f"[[{inc['id']}]] ({inc['severity']}) on {when}; "
                             f"the follow-ups are in the incident.")
        if storm:
            alert, service, k, first, days = storm
            span = day(first) if days == 1 else f"{day(first)} and {day(first + 1)}"
            lines.append(f"`{alert}` paged {k} times on [[service:{service}]] on {span}; almost none needed "
                         f"action. See [[alert:{alert}]].")
            if rng.random() < 0.75:
                ais.append(new_ai(rng, monday, f"Tune {alert} on {service}: {k} pages in {wid}",
                                  rng.choice(members), [f"alert:{alert}", f"service:{service}", wid]))
        counts = {}
        for p in pages:
            if not storm or p.alert != storm[0]:
                counts[(p.alert, p.service)] = counts.get((p.alert, p.service), 0) + 1
        top = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        if top and top[1] >= 3 and rng.random() < 0.6:
            (alert, service), k = top
            lines.append(f"{len(pages)} pages, {k} of them [[alert:{alert}]] on {service}. "
                         f"{rng.choice(bw.REPEAT_COMMENT)}")
            if rng.random() < 0.45:
                if alert not in W.runbook_of:
                    title = f"Write a runbook for {alert}"
                else:
                    title = f"Find out why {alert} paged {k} times in {wid}"
                ais.append(new_ai(rng, monday, title, rng.choice(members), [f"alert:{alert}", f"service:{service}"]))
        for key, text, target, inc in misses:
            base = key.split("/")[0]
            link = f"[[slo:{base}]]" if base == key else f"[[slo:{base}|{key}]]"
            why = f"see [[{inc['id']}]]" if inc else rng.choice(bw.SLO_MISS_REASON)
            lines.append(f"{link} at {text}% against {target * 100:g}%: {why}.")
            if not inc and rng.random() < 0.6:
                ais.append(new_ai(rng, monday, f"Follow up the {key} miss of {wid}", rng.choice(members),
                                  [f"slo:{base}", wid]))
        night = [p for p in pages if tu.is_sleep(p.at) and (not storm or p.alert != storm[0])]
        if len(night) >= 3:
            useless = [p for p in night if p.actionable is False]
            names = sorted({p.alert for p in night})
            tail = "none needed action" if len(useless) == len(night) else "at least one was real"
            lines.append(f"{len(night)} pages in sleep hours ({', '.join('`' + x + '`' for x in names)}); {tail}.")
            if useless and rng.random() < 0.5:
                a = useless[0].alert
                ais.append(new_ai(rng, monday, f"Decide whether {a} should page at night", rng.choice(members),
                                  [f"alert:{a}"]))
        if not lines and rng.random() < 0.07:
            line = rng.choice(bw.FYI)
            if len(W.team_ids) > 1 and rng.random() < 0.5:
                other = rng.choice([t for t in W.team_ids if t != tid])
                line += f" Questions to [[team:{other}]]."
            lines.append(line)
        if not lines and rng.random() < 0.06:
            svc = rng.choice(W.teams[tid]["services"])
            lines.append(f"Capacity review for [[service:{svc}]] done; headroom is fine until next quarter.")
            ais.append(new_ai(rng, monday, f"Write down the capacity model for {svc}", rng.choice(members),
                              [f"service:{svc}"], due_days=28))
        return ("\n".join(lines) + "\n") if lines else None, ais

    # -- review text

    def _review_text(self, r, rng, week_incs, projects):
        W = self.world
        wid, idx, monday = r["week"], r["idx"], r["monday"]
        totals = {t: len(s["pages"]) for t, s in r["teams"].items()}
        total = sum(totals.values())
        sleep = sum(tu.is_sleep(p.at) for s in r["teams"].values() for p in s["pages"])
        busiest = max(totals, key=lambda t: (totals[t], t))
        expected = sum(W.page_mean.values())
        sev_rank = {"critical": 0, "major": 1, "standard": 2}
        incs = sorted(week_incs, key=lambda i: (sev_rank[i["severity"]], i["id"]))
        wk = int(wid[-2:])
        lead = ""
        tags = []
        if r["storms"] >= 2:
            lead = "Heavy week. "
            tags.append("heavy-week")
        elif total < 0.7 * expected and not incs:
            lead = "Quiet week. "
            tags.append("quiet")
        if 47 <= wk <= 51:
            tags.append("peak-season")
        if wk in (52, 53, 1):
            tags.append("holidays")
        summary = (f"{lead}{total} pages across the group, {sleep} in sleep hours; "
                   f"[[team:{busiest}]] busiest with {totals[busiest]}.")
        if incs:
            worst = incs[0]
            summary += (f" {len(incs)} incident{'s' if len(incs) > 1 else ''}, the worst [[{worst['id']}]] "
                        f"({worst['severity']}).")
        else:
            summary += " No incidents."
        r["summary"] = summary
        r["incidents"] = sorted(i["id"] for i in week_incs)
        r["tags"] = tags
        r["projects"] = projects.for_week(monday)
        wins = []
        if rng.random() < 0.35:
            t = rng.choice(W.team_ids)
            wins.append(rng.choice(bw.WINS).format(team=t, service=rng.choice(W.teams[t]["services"])))
        r["wins"] = wins
        fac_default = rotated(W.facilitators, monday)[0]
        r["facilitator"] = None
        if rng.random() < 0.05:
            r["facilitator"] = rng.choice([p for p in W.leads if p != fac_default])
        fac = r["facilitator"] or fac_default
        if rng.random() < 0.5:
            title, ref = rng.choice(bw.GENERAL_AIS)
            team = rng.choice(W.team_ids)
            r["action_items"].append(new_ai(rng, monday, title, rng.choice(W.leads), [ref, f"team:{team}"],
                                            team=team))
        prev = self.week_ids[idx - 1] if idx > 0 else None
        openers = [o for o in bw.BODY_OPENERS if prev or "{prev}" not in o]
        t = rng.choice(W.team_ids)
        fmt = dict(fac=W.people[fac].split()[0], prev=prev, runbook=rng.choice(sorted(W.runbooks)), team=t,
                   service=rng.choice(W.teams[t]["services"]))
        body = [rng.choice(openers).format(**fmt), ""]
        for point in rng.sample(bw.BODY_POINTS, rng.randint(1, 3)):
            body += [point.format(**fmt), ""]
        if incs:
            body += ["## Incidents discussed", ""]
            body += [f"- [[{i['id']}]]: {i['title']}" for i in incs]
            body.append("")
        if rng.random() < 0.03:
            tags.append("game-day")
            body += ["## Game day", "", f"[[team:{t}]] ran a failover drill of [[service:{fmt['service']}]] on "
                     "Wednesday; it took eleven minutes against a target of five.", ""]
        r["body"] = "\n".join(body)

    def _assign_ai_ids(self):
        items = []
        for inc in self.incidents:
            for ai in inc["action_items"]:
                items.append(ai)
        for r in self.reviews:
            for ai in r["action_items"]:
                items.append(ai)
        order = sorted(range(len(items)), key=lambda i: (items[i]["created"], i))
        counters = {}
        for i in order:
            ai = items[i]
            y = ai["created"].year
            counters[y] = counters.get(y, 0) + 1
            ai["id"] = f"AI-{y}-{counters[y]:03d}"
        self.action_items = items

    # -- figures

    def counts(self):
        n_pages = sum(len(s["pages"]) for r in self.reviews for s in r["teams"].values())
        by_status = {}
        for ai in self.action_items:
            by_status[ai["status"]] = by_status.get(ai["status"], 0) + 1
        sev = {}
        for i in self.incidents:
            sev[i["severity"]] = sev.get(i["severity"], 0) + 1
        return dict(reviews=len(self.reviews), incidents=len(self.incidents), incidents_by_severity=sev,
                    pages=n_pages, action_items=len(self.action_items), action_items_by_status=by_status,
                    teams=len(self.world.teams), services=len(self.world.services), slos=len(self.world.slos),
                    people=len(self.world.people), runbooks=len(self.world.runbooks),
                    free_pages=len(self.pages_doc),
                    csv_logs=sum(1 for r in self.reviews for s in r["teams"].values() if s["csv"]))


class ProjectSchedule:
    """Projects start in blocks of 13 weeks counted from a fixed Monday, so a week's projects do
    not depend on where the archive starts."""

    def __init__(self, world):
        self.world = world
        self.blocks = {}

    def _block(self, b):
        if b not in self.blocks:
            W = self.world
            rng = random.Random(f"{SEED}:projects:{b}")
            out = []
            for _ in range(3):
                tid = rng.choice(W.team_ids)
                svc = rng.choice(W.teams[tid]["services"])
                start = b * 13 + rng.randint(0, 12)
                length = rng.randint(3, 12)
                end = rng.choices(["done", "paused"], weights=[85, 15])[0]
                risk = rng.choice(["low", "low", "medium", "medium", "high"])
                title = rng.choice(bw.PROJECT_VERBS).format(svc=bw.display(svc))
                notes = {}
                for k in range(length):
                    if rng.random() < 0.35:
                        other = rng.choice(W.team_ids)
                        notes[k] = (rng.choice(bw.PROJECT_NOTES), other)
                out.append(dict(team=tid, svc=svc, start=start, length=length, end=end, risk=risk, title=title,
                                notes=notes))
            self.blocks[b] = out
        return self.blocks[b]

    def for_week(self, monday):
        a = week_number(monday)
        out = []
        for b in range(a // 13 - 1, a // 13 + 1):
            for p in self._block(b):
                k = a - p["start"]
                if not 0 <= k < p["length"]:
                    continue
                status = "planned" if k == 0 else p["end"] if k == p["length"] - 1 else "in-progress"
                entry = dict(title=p["title"], team=p["team"], status=status, risk=p["risk"])
                if k in p["notes"]:
                    text, other = p["notes"][k]
                    entry["notes"] = text.format(date=(monday + timedelta(days=9)).isoformat(), svc=p["svc"],
                                                 other=other)
                out.append(entry)
        return out


# --- opsbook files --------------------------------------------------------------------------------

def site_yaml(a):
    W = a.world
    return document({
        "title": "Meridian Ops Review (benchmark archive)",
        "organisation": ORG,
        "base_url": "https://ops.meridian.example/review/",
        "description": f"A synthetic archive of {len(a.reviews)} weekly reviews for the opsbook benchmark.",
        "time_zone": "Europe/Berlin",
        "language": "en",
        "severities": [
            dict(id="critical", description="Customers cannot buy or receive orders; all hands.", colour="#b42318"),
            dict(id="major", description="A feature is broken or badly degraded for many customers.",
                 colour="#c4320a"),
            dict(id="standard", description="Limited impact, or internal only.", colour="#4e5ba6"),
        ],
        "facilitators": dict(start_week=a.week_ids[0],
                             people=rotated(W.facilitators, a.reviews[0]["monday"])),
        "people": W.people,
    })


def team_file(a, tid):
    W = a.world
    t = W.teams[tid]
    meta = dict(name=t["name"], description=t["description"])
    if t["zone"] != "Europe/Berlin":
        meta["time_zone"] = t["zone"]
    meta["members"] = t["members"]
    meta["oncall_rotation"] = dict(start_week=a.week_ids[0],
                                   people=rotated(t["members"], a.reviews[0]["monday"]))
    body = [f"{t['name']}: {t['description'][0].lower()}{t['description'][1:]}", "", "## Services", ""]
    body += [f"- [[service:{s}]] (tier {W.services[s]['tier']})" for s in t["services"]]
    body += ["", "## On-call", "",
             "One primary and one secondary, a week each; the secondary is next week's primary. "
             "Escalate to the team's channel first, then to the facilitator of the week.", "",
             "## SLOs", ""]
    body += [f"- [[slo:{s.name}]]" for s in W.slos if W.services[s.service]["team"] == tid]
    rbs = [rid for rid, rb in W.runbooks.items() if rb["owner"] == tid]
    body += ["", "## Runbooks", ""] + [f"- [[runbook:{r}]]" for r in rbs]
    heavy = sorted(a.reviews, key=lambda r: (-len(r["teams"][tid]["pages"]), r["week"]))[:3]
    body += ["", "## Weeks worth reading", ""]
    body += [f"- [[{r['week']}]]: {len(r['teams'][tid]['pages'])} pages" for r in heavy]
    incs = [i for i in a.incidents if i["teams"][0] == tid and i["severity"] == "critical"][-3:]
    if incs:
        body += ["", "## Incidents everyone should know", ""] + [f"- [[{i['id']}]]" for i in incs]
    return front_matter(meta, "\n".join(body) + "\n")


def service_file(a, sid):
    W = a.world
    s = W.services[sid]
    meta = dict(name=s["name"], team=s["team"], tier=s["tier"],
                description=f"{s['name']}, a {s['kind']} service of {W.teams[s['team']]['name']}.",
                dashboards=[f"{GRAFANA}/{sid}/overview",
                            dict(title=f"{s['name']} latency", url=f"{GRAFANA}/{sid}-latency/latency")])
    if s["runbooks"]:
        meta["runbooks"] = s["runbooks"]
    rng = random.Random(f"{SEED}:service:{sid}")
    others = [x for x in W.services if x != sid]
    deps = rng.sample(others, min(2, len(others)))
    body = [f"Owned by [[team:{s['team']}]].", ""]
    if deps:
        body += ["Depends on " + " and ".join(f"[[service:{d}]]" for d in deps) + ".", ""]
    mine = [x.name for x in W.slos if x.service == sid]
    if mine:
        body += ["SLOs: " + ", ".join(f"[[slo:{x}]]" for x in mine) + ".", ""]
    worst = [i for i in a.incidents if sid in i["services"] and i["severity"] != "standard"][-2:]
    if worst:
        body += ["Incidents worth reading: " + ", ".join(f"[[{i['id']}]]" for i in worst) + ".", ""]
    return front_matter(meta, "\n".join(body))


def runbook_file(a, rid):
    rb = a.world.runbooks[rid]
    sid = rb["services"][0]
    body = ["## First five minutes", "",
            f"1. Open the dashboard of [[service:{sid}]]. Is it one instance or all of them?",
            "2. Was there a deploy or a config push in the last hour? If yes and the timing matches, roll back "
            "first and ask later.",
            "3. Check the dependencies named on the service page before digging into the service itself.", "",
            "## The alerts", ""]
    body += [f"- [[alert:{x}]]: what it measures, and the usual cause." for x in rb["alerts"]]
    body += ["", "## Useful queries", "", "```promql",
             f"sum by (instance) (rate(http_requests_total{{job=\"{sid}\",code=~\"5..\"}}[5m]))",
             f"max_over_time(up{{job=\"{sid}\"}}[10m])", "```", "",
             "## When to declare an incident", "",
             "Customers notice, or the error budget of the week is gone. When in doubt, declare; "
             "[[page:severity-levels]] says which severity.", ""]
    return front_matter(dict(title=rb["title"], alerts=rb["alerts"], services=rb["services"], owner=rb["owner"]),
                        "\n".join(body))


def incident_file(inc):
    meta = dict(id=inc["id"], title=inc["title"], severity=inc["severity"], status=inc["status"])
    for k in ("started", "detected", "acknowledged", "mitigated", "resolved"):
        if inc.get(k):
            meta[k] = inc[k]
    meta["teams"] = inc["teams"]
    meta["services"] = inc["services"]
    meta["commander"] = inc["commander"]
    meta["detection"] = inc["detection"]
    meta["impact"] = inc["impact"]
    meta["proximate_causes"] = inc["proximate_causes"]
    meta["trigger"] = inc["trigger"]
    if inc.get("postmortem"):
        meta["postmortem"] = inc["postmortem"]
    if inc["related"]:
        meta["related"] = inc["related"]
    meta["tags"] = inc["tags"]
    if inc["action_items"]:
        meta["action_items"] = [sg.ai_meta(ai, identity_resolve) for ai in inc["action_items"]]
    return front_matter(meta, inc["body"])


def review_file(r, files, csv_counter):
    y, _ = tu.parse_week(r["week"])
    meta = dict(week=r["week"])
    if r["facilitator"]:
        meta["facilitator"] = r["facilitator"]
    meta["summary"] = r["summary"]
    teams = {}
    for tid, s in r["teams"].items():
        t = dict(oncall=s["oncall"], health=s["health"])
        if s["tickets"] is not None:
            t["tickets"] = s["tickets"]
        if s["slos"]:
            t["slos"] = {k: Raw(v) for k, v in s["slos"].items()}
        if s["csv"]:
            t["pages_csv"] = s["csv"]
            files[f"reviews/{y}/{s['csv']}"] = sg.pages_csv(r, tid, s, csv_counter)
        elif s["pages"]:
            t["pages"] = [sg.page_meta(p) for p in s["pages"]]
        if s["notes"]:
            t["notes"] = s["notes"]
        teams[tid] = t
    meta["teams"] = teams
    if r["projects"]:
        meta["projects"] = r["projects"]
    if r["incidents"]:
        meta["incidents"] = r["incidents"]
    if r["wins"]:
        meta["wins"] = r["wins"]
    if r["action_items"]:
        meta["action_items"] = [sg.ai_meta(ai, identity_resolve) for ai in r["action_items"]]
    if r["tags"]:
        meta["tags"] = r["tags"]
    return front_matter(meta, r["body"])


def opsbook_files(a):
    W = a.world
    files = {"site.yaml": site_yaml(a)}
    for tid in W.teams:
        files[f"teams/{tid}.md"] = team_file(a, tid)
    for sid in W.services:
        files[f"services/{sid}.md"] = service_file(a, sid)
    for path, text in W.slo_files().items():
        files[f"slos/{path}"] = text
    for rid in W.runbooks:
        files[f"runbooks/{rid}.md"] = runbook_file(a, rid)
    for pid, pg in a.pages_doc.items():
        meta = dict(title=pg["title"], description=pg["description"], weight=pg["weight"])
        if pg.get("tags"):
            meta["tags"] = pg["tags"]
        if pg.get("aliases"):
            meta["aliases"] = pg["aliases"]
        files[f"pages/{pid}.md"] = front_matter(meta, bench_pages.body(pid, a))
    for inc in a.incidents:
        files[f"incidents/{inc['id'][4:8]}/{inc['id']}.md"] = incident_file(inc)
    csv_counter = [100000]
    for r in a.reviews:
        y, _ = tu.parse_week(r["week"])
        files[f"reviews/{y}/{r['week']}.md"] = review_file(r, files, csv_counter)
    return files


# --- the check ------------------------------------------------------------------------------------

WIKI = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


def check(a):
    W = a.world
    errors = []
    err = errors.append
    people = set(W.people)
    inc_ids = {i["id"] for i in a.incidents}
    weeks = set(a.week_ids)
    slo_names = {s.name for s in W.slos}
    known_alerts = a.fired | {x for rb in W.runbooks.values() for x in rb["alerts"]}
    page_ids = set(a.pages_doc)

    def ref_ok(ref):
        if re.fullmatch(r"INC-\d{4}-\d{3,}", ref):
            return ref in inc_ids
        if re.fullmatch(r"\d{4}-W\d{2}", ref):
            return ref in weeks
        kind, _, rid = ref.partition(":")
        return {"team": rid in W.teams, "service": rid in W.services, "slo": rid in slo_names,
                "alert": rid in known_alerts, "runbook": rid in W.runbooks, "page": rid in page_ids}.get(kind, False)

    def links(where, text):
        for m in WIKI.finditer(text or ""):
            if not ref_ok(m.group(1)):
                err(f"{where}: broken link [[{m.group(1)}]]")
        if re.search(r"\{\w+\}", text or ""):
            err(f"{where}: unformatted placeholder in {text!r}")

    if [tu.week_id(*x) for x in archive_weeks(a.years)] != a.week_ids:
        err("reviews are not consecutive weeks")
    for tid, t in W.teams.items():
        for p in t["members"]:
            if p not in people:
                err(f"team {tid}: unknown person {p}")
    for p in W.facilitators:
        if p not in people:
            err(f"unknown facilitator {p}")
    for s in W.slos:
        links(f"slo {s.name}", s.description)
        if s.service not in W.services:
            err(f"slo {s.name}: unknown service")

    seen = set()

    def check_ai(where, ai):
        if ai["id"] in seen:
            err(f"{where}: duplicate {ai['id']}")
        seen.add(ai["id"])
        if ai["owner"] not in people:
            err(f"{where}: unknown owner {ai['owner']}")
        if "team" not in ai and ai["owner"] not in W.member_of:
            err(f"{where}: {ai['id']} owner without a team")
        if (ai["status"] == "open") != (not ai.get("closed")):
            err(f"{where}: {ai['id']} status/closed mismatch")
        if ai["due"] < ai["created"]:
            err(f"{where}: {ai['id']} due before created")
        if ai.get("closed") and not ai["created"] <= ai["closed"] <= AS_OF:
            err(f"{where}: {ai['id']} closed outside {ai['created']}..{AS_OF}")
        for ref in ai["refs"]:
            if not ref_ok(ref):
                err(f"{where}: {ai['id']} broken ref {ref}")
        links(where, ai["title"])

    listed = {}
    for r in a.reviews:
        for i in r["incidents"]:
            listed.setdefault(i, []).append(r["week"])
    for inc in a.incidents:
        where = f"incident {inc['id']}"
        order = [inc[k] for k in ("started", "detected", "acknowledged", "mitigated", "resolved") if inc.get(k)]
        if order != sorted(order):
            err(f"{where}: times out of order")
        if inc["status"] in ("resolved", "closed") and not inc.get("resolved"):
            err(f"{where}: {inc['status']} without resolved")
        if inc["commander"] not in people:
            err(f"{where}: unknown commander")
        if listed.get(inc["id"]) != [tu.week_of(inc["started"].date())]:
            err(f"{where}: listed in {listed.get(inc['id'])}, started {tu.week_of(inc['started'].date())}")
        for x in inc["related"]:
            if x not in inc_ids:
                err(f"{where}: related {x} unknown")
        for text in [inc["body"], inc["impact"]] + inc["proximate_causes"]:
            links(where, text)
        for ai in inc["action_items"]:
            check_ai(where, ai)

    for r in a.reviews:
        where = f"review {r['week']}"
        y, wk = tu.parse_week(r["week"])
        monday = tu.week_monday(y, wk)
        if r["facilitator"] and r["facilitator"] not in people:
            err(f"{where}: unknown facilitator")
        for tid, s in r["teams"].items():
            keys = {k for k, _, _ in W.slo_keys[tid]}
            for p in s["oncall"]:
                if p not in W.teams[tid]["members"]:
                    err(f"{where}: {tid} on-call {p} not a member")
            if not 1 <= s["health"] <= 5:
                err(f"{where}: {tid} health {s['health']}")
            for k in s["slos"]:
                if k not in keys:
                    err(f"{where}: {tid} unknown SLO key {k}")
            for p in s["pages"]:
                if p.service not in W.services:
                    err(f"{where}: unknown service {p.service}")
                if p.responder and p.responder not in people:
                    err(f"{where}: unknown responder {p.responder}")
                if not monday <= p.at.date() <= monday + timedelta(days=6):
                    err(f"{where}: {tid} page {p.at} outside the week")
                if p.at.utcoffset() != tu.to_zone(W.teams[tid]["zone"], p.at).utcoffset():
                    err(f"{where}: {tid} page {p.at} has the wrong offset")
            links(f"{where} {tid} notes", s["notes"])
        for text in [r["summary"], r["body"]] + r["wins"] + [p.get("notes") for p in r["projects"]]:
            links(where, text)
        for p in r["projects"]:
            if p["team"] not in W.teams:
                err(f"{where}: project team {p['team']}")
        for ai in r["action_items"]:
            check_ai(where, ai)
    for tid in W.teams:
        links(f"teams/{tid}.md", team_file(a, tid))
    for sid in W.services:
        links(f"services/{sid}.md", service_file(a, sid))
    for rid in W.runbooks:
        links(f"runbooks/{rid}.md", runbook_file(a, rid))
    for pid in a.pages_doc:
        links(f"pages/{pid}.md", bench_pages.body(pid, a))
    return errors


# --- main -----------------------------------------------------------------------------------------

def write_tree(root, files):
    if root.exists():
        shutil.rmtree(root)
    for rel in sorted(files):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(files[rel])


def build(years, teams):
    """The archive and its opsbook files, checked."""
    a = Archive(years, teams)
    errors = check(a)
    if errors:
        raise SystemExit(f"bench archive check failed ({len(errors)} problems):\n  " + "\n  ".join(errors[:50]))
    return a, opsbook_files(a)


def summary_line(a, files):
    c = a.counts()
    size = sum(len(t.encode("utf-8")) for t in files.values())
    sev = ", ".join(f"{c['incidents_by_severity'].get(k, 0)} {k}" for k in ("critical", "major", "standard"))
    ais = ", ".join(f"{c['action_items_by_status'].get(k, 0)} {k}" for k in ("open", "done", "dropped"))
    return (f"{a.years} year{'s' if a.years > 1 else ''} x {c['teams']} teams: {len(files)} files, "
            f"{size / 1e6:.1f} MB; {c['reviews']} reviews, {c['incidents']} incidents ({sev}), "
            f"{c['pages']} pages ({c['csv_logs']} team-weeks as CSV), {c['action_items']} action items ({ais}), "
            f"{c['services']} services, {c['slos']} SLOs, {c['people']} people, {c['runbooks']} runbooks, "
            f"{c['free_pages']} free pages")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=1, help="years of weekly reviews (1, 2, 5, 10, ...)")
    ap.add_argument("--teams", type=int, default=30, help=f"number of teams (1..{len(bw.TEAMS)}, default 30)")
    ap.add_argument("--root", type=Path, help="site root: DIR/content/ is replaced")
    ap.add_argument("--hugo", type=Path, help="also write the same records as a Hugo site into this folder")
    ap.add_argument("--check", action="store_true", help="generate and check only, write nothing")
    args = ap.parse_args()
    if args.years < 1:
        ap.error("--years must be at least 1")
    if not args.check and not args.root and not args.hugo:
        ap.error("give --root DIR (or --hugo DIR, or --check)")
    a, files = build(args.years, args.teams)
    if not args.check:
        if args.root:
            write_tree(args.root / "content", files)
        if args.hugo:
            import to_hugo
            write_tree(args.hugo, to_hugo.hugo_files(a))
    print(summary_line(a, files))


if __name__ == "__main__":
    main()
