#!/usr/bin/env python3
"""Write the benchmark archive's records as a plain Hugo site, for comparison (scripts/bench).

    python3 tools/bench-archive/to_hugo.py --years 10 --out DIR     # then: hugo -s DIR -d OUT
    python3 tools/bench-archive/generate.py --years 10 --root A --hugo DIR   # both in one run

One Markdown page per review, incident, team, service, SLO, runbook and free page, with the same
body text; the facts opsbook reads from front matter are written into the body as Markdown (tables
of pages, SLO attainment and action items, lists of incidents) so that Hugo renders a comparable
amount of HTML. Wiki links become ordinary Markdown links. A small self-contained layout is
included (no theme to download); tags are a Hugo taxonomy. Hugo computes nothing: no trends,
charts, backlinks, search index or per-alert pages, which opsbook does.
"""

import argparse
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g  # noqa: E402  (sets up the path to tools/sample-archive)
import bench_pages  # noqa: E402
import bench_world as bw  # noqa: E402
import timeutil as tu  # noqa: E402
from yamltext import front_matter  # noqa: E402

WIKI = re.compile(r"\\?\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")


class Linker:
    """[[...]] wiki links to Markdown links at Hugo's addresses (Hugo lower-cases paths)."""

    def __init__(self, a):
        W = a.world
        self.incidents = {i["id"]: i for i in a.incidents}
        self.W = W
        self.slo_display = {s.name: s.display for s in W.slos}
        self.pages = a.pages_doc

    def target(self, ref):
        W = self.W
        if ref in self.incidents:
            return f"{ref}: {self.incidents[ref]['title']}", f"/incidents/{ref.lower()}/"
        if re.fullmatch(r"\d{4}-W\d{2}", ref):
            return ref, f"/reviews/{ref.lower()}/"
        kind, _, rid = ref.partition(":")
        if kind == "team":
            return W.teams[rid]["name"], f"/teams/{rid}/"
        if kind == "service":
            return W.services[rid]["name"], f"/services/{rid}/"
        if kind == "slo":
            return self.slo_display[rid], f"/slos/{rid}/"
        if kind == "runbook":
            return W.runbooks[rid]["title"], f"/runbooks/{rid}/"
        if kind == "page":
            return self.pages[rid]["title"], f"/pages/{rid}/"
        if kind == "alert":
            rb = W.runbook_of.get(rid)
            return rid, (f"/runbooks/{rb}/" if rb else None)
        raise KeyError(ref)

    def md(self, text):
        if not text:
            return ""

        def sub(m):
            if m.group(0).startswith("\\"):
                return m.group(0)[1:]
            label, url = self.target(m.group(1))
            label = m.group(2) or label
            return f"[{label}]({url})" if url else f"`{label}`"
        return WIKI.sub(sub, text)

    def link(self, ref):
        return self.md(f"[[{ref}]]")


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out


def ai_table(L, items, people):
    rows = [(ai["id"], L.md(ai["title"]), people[ai["owner"]], ai["due"].isoformat(), ai["status"],
             ai["closed"].isoformat() if ai.get("closed") else "", ", ".join(L.link(r) for r in ai["refs"]))
            for ai in items]
    return table(["Id", "Title", "Owner", "Due", "Status", "Closed", "About"], rows)


def review_page(a, L, r):
    W = a.world
    out = [L.md(r["summary"]), "", "## 1. Team metrics and deviations", ""]
    rows = []
    for tid, s in r["teams"].items():
        sleep = sum(tu.is_sleep(p.at) for p in s["pages"])
        rows.append((L.link(f"team:{tid}"), ", ".join(W.people[p] for p in s["oncall"]), s["health"],
                     "" if s["tickets"] is None else s["tickets"], len(s["pages"]), sleep))
    out += table(["Team", "On-call", "Health", "Tickets", "Pages", "Sleep-hour pages"], rows) + [""]
    for tid, s in r["teams"].items():
        if not s["slos"] and not s["notes"]:
            continue
        out += [f"### {W.teams[tid]['name']}", ""]
        if s["slos"]:
            targets = {k: t for k, t, _ in W.slo_keys[tid]}
            out += table(["SLO", "Attainment", "Target", ""],
                         [(L.link(f"slo:{k.split('/')[0]}") + (f" ({k.split('/')[1]})" if "/" in k else ""),
                           f"{v}%", f"{targets[k] * 100:g}%", "met" if float(v) >= targets[k] * 100 else "missed")
                          for k, v in s["slos"].items()]) + [""]
        if s["notes"]:
            out += [L.md(s["notes"]).rstrip("\n"), ""]
    out += ["## 2. Projects and migrations", ""]
    if r["projects"]:
        out += table(["Project", "Team", "Status", "Risk", "Notes"],
                     [(p["title"], L.link(f"team:{p['team']}"), p["status"], p["risk"], L.md(p.get("notes", "")))
                      for p in r["projects"]]) + [""]
    else:
        out += ["None this week.", ""]
    out += ["## 3. On-call", ""]
    for tid, s in r["teams"].items():
        if not s["pages"]:
            continue
        out += [f"### {W.teams[tid]['name']}: {len(s['pages'])} pages", ""]
        out += table(["Time", "Alert", "Service", "Actionable", "Ack", "Responder", "Urgency"],
                     [(tu.fmt_time(p.at), L.link(f"alert:{p.alert}"), L.link(f"service:{p.service}"),
                       {True: "yes", False: "no", None: ""}[p.actionable],
                       "" if p.ack is None else tu.fmt_duration(p.ack),
                       W.people[p.responder or s["oncall"][0]], p.urgency or "")
                      for p in s["pages"]]) + [""]
    out += ["## 4. Incidents", ""]
    out += [f"- {L.link(i)}" for i in r["incidents"]] or ["None."]
    out.append("")
    if r["wins"]:
        out += ["## Wins", ""] + [f"- {L.md(x)}" for x in r["wins"]] + [""]
    if r["action_items"]:
        out += ["## Action items", ""] + ai_table(L, r["action_items"], W.people) + [""]
    out += ["## Discussion", "", L.md(r["body"])]
    meta = dict(title=f"Week {r['week']}", date=r["monday"], summary=L.md(r["summary"]))
    if r["tags"]:
        meta["tags"] = r["tags"]
    return front_matter(meta, "\n".join(out))


def incident_page(a, L, inc):
    W = a.world
    facts = [("Severity", inc["severity"]), ("Status", inc["status"])]
    for k in ("started", "detected", "acknowledged", "mitigated", "resolved"):
        if inc.get(k):
            facts.append((k.capitalize(), tu.fmt_time(inc[k])))
    facts += [("Teams", ", ".join(L.link(f"team:{t}") for t in inc["teams"])),
              ("Services", ", ".join(L.link(f"service:{s}") for s in inc["services"])),
              ("Commander", W.people[inc["commander"]]), ("Detection", inc["detection"]),
              ("Trigger", inc["trigger"]), ("Reviewed in", L.link(inc["week"]))]
    if inc.get("postmortem"):
        facts.append(("Postmortem", f"<{inc['postmortem']}>"))
    if inc["related"]:
        facts.append(("Related", ", ".join(L.link(x) for x in inc["related"])))
    out = table(["", ""], facts) + ["", "## Impact", "", L.md(inc["impact"]), "", "## Proximate causes", ""]
    out += [f"- {L.md(c)}" for c in inc["proximate_causes"]] + [""]
    if inc["action_items"]:
        out += ["## Action items", ""] + ai_table(L, inc["action_items"], W.people) + [""]
    out.append(L.md(inc["body"]))
    meta = dict(title=f"{inc['id']}: {inc['title']}", date=inc["started"], tags=inc["tags"])
    return front_matter(meta, "\n".join(out))


def team_page(a, L, tid, team_text):
    W = a.world
    t = W.teams[tid]
    out = [L.md(team_text), "## Members", ""] + [f"- {W.people[p]}" for p in t["members"]] + [""]
    out += ["## Every week", ""]
    rows = []
    for r in a.reviews:
        s = r["teams"][tid]
        rows.append((L.link(r["week"]), ", ".join(W.people[p] for p in s["oncall"]), s["health"],
                     "" if s["tickets"] is None else s["tickets"], len(s["pages"]),
                     sum(tu.is_sleep(p.at) for p in s["pages"]), len(s["misses"])))
    out += table(["Week", "On-call", "Health", "Tickets", "Pages", "Sleep-hour pages", "SLO misses"], rows) + [""]
    incs = [i for i in a.incidents if tid in i["teams"]]
    out += ["## Incidents", ""] + [f"- {L.link(i['id'])} ({i['severity']})" for i in incs] + [""]
    ais = [ai for ai in a.action_items if ai.get("team", W.member_of.get(ai["owner"])) == tid]
    if ais:
        out += ["## Action items", ""] + ai_table(L, ais, W.people) + [""]
    return front_matter(dict(title=t["name"], description=t["description"]), "\n".join(out))


def service_page(a, L, sid, service_text):
    W = a.world
    s = W.services[sid]
    out = table(["", ""], [("Team", L.link(f"team:{s['team']}")), ("Tier", s["tier"]), ("Kind", s["kind"]),
                           ("Runbooks", ", ".join(L.link(f"runbook:{r}") for r in s["runbooks"]))]) + [""]
    out += [L.md(service_text), "## Pages by week", ""]
    rows = []
    for r in a.reviews:
        mine = [p for p in r["teams"][s["team"]]["pages"] if p.service == sid]
        if mine:
            alerts = {}
            for p in mine:
                alerts[p.alert] = alerts.get(p.alert, 0) + 1
            rows.append((L.link(r["week"]), len(mine), ", ".join(f"{k} x{v}" for k, v in sorted(alerts.items()))))
    out += table(["Week", "Pages", "Alerts"], rows) + [""]
    incs = [i for i in a.incidents if sid in i["services"]]
    out += ["## Incidents", ""] + [f"- {L.link(i['id'])} ({i['severity']})" for i in incs] + [""]
    return front_matter(dict(title=s["name"]), "\n".join(out))


def slo_page(a, L, slo):
    W = a.world
    team = W.services[slo.service]["team"]
    keys = [(k, t) for k, t, s in W.slo_keys[team] if s is slo]
    out = [L.md(slo.description), "",
           f"Service: {L.link('service:' + slo.service)}. Window {slo.window}, {slo.budgeting}.", "",
           "## Objectives", ""]
    out += table(["Objective", "Target"], [(o["displayName"], f"{o['target'] * 100:g}%") for o in slo.objectives])
    out += ["", "## Attainment by week", ""]
    rows = []
    for r in a.reviews:
        vals = r["teams"][team]["slos"]
        rows.append([L.link(r["week"])] + [(f"{vals[k]}% " + ("met" if float(vals[k]) >= t * 100 else "missed"))
                                           if k in vals else "no data" for k, t in keys])
    out += table(["Week"] + [k for k, _ in keys], rows) + [""]
    return front_matter(dict(title=slo.display), "\n".join(out))


BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="{{ "/tags/" | relURL }}">Tags</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.tags }}<p class="tags">{{ range . }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>{{ end }}
{{ .Content }}
</article>
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}{{ with .Summary }} {{ . | plainify | truncate 120 }}{{ end }}</li>
{{ end }}
</ul>
{{ end }}
"""

TERMS = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ .Content }}
<h2>Latest reviews</h2>
<ul>
{{ range first 12 (where .Site.RegularPages "Section" "reviews") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Params.summary | markdownify }}</li>
{{ end }}
</ul>
{{ end }}
"""

STYLE = """\
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.4rem; }
nav a { margin-right: 0.6rem; }
"""

CONFIG = """\
baseURL = "https://ops.meridian.example/"
title = "Meridian Ops Review (benchmark archive, Hugo)"
languageCode = "en"
enableRobotsTXT = true

[taxonomies]
tag = "tags"

[markup.goldmark.renderer]
unsafe = false
"""


def hugo_files(a):
    """{path under the Hugo site: text}."""
    L = Linker(a)
    W = a.world
    body = lambda text: text.split("\n---\n", 1)[1]  # noqa: E731  (drop the front matter)
    files = {"hugo.toml": CONFIG,
             "layouts/_default/baseof.html": BASEOF, "layouts/_default/single.html": SINGLE,
             "layouts/_default/list.html": LIST, "layouts/_default/terms.html": TERMS,
             "layouts/index.html": HOME, "static/style.css": STYLE}
    files["content/_index.md"] = front_matter(
        dict(title="Meridian Ops Review"),
        f"The same {len(a.reviews)} weekly reviews and {len(a.incidents)} incidents as the opsbook archive.")
    for section, title in [("reviews", "Weekly reviews"), ("incidents", "Incidents"), ("teams", "Teams"),
                           ("services", "Services"), ("slos", "SLOs"), ("runbooks", "Runbooks"),
                           ("pages", "Pages")]:
        files[f"content/{section}/_index.md"] = front_matter(dict(title=title), "")
    for r in a.reviews:
        files[f"content/reviews/{r['week']}.md"] = review_page(a, L, r)
    for inc in a.incidents:
        files[f"content/incidents/{inc['id']}.md"] = incident_page(a, L, inc)
    for tid in W.teams:
        files[f"content/teams/{tid}.md"] = team_page(a, L, tid, body(g.team_file(a, tid)))
    for sid in W.services:
        files[f"content/services/{sid}.md"] = service_page(a, L, sid, body(g.service_file(a, sid)))
    for slo in W.slos:
        files[f"content/slos/{slo.name}.md"] = slo_page(a, L, slo)
    for rid, rb in W.runbooks.items():
        text = body(g.runbook_file(a, rid))
        files[f"content/runbooks/{rid}.md"] = front_matter(
            dict(title=rb["title"]),
            "Answers: " + ", ".join(f"`{x}`" for x in rb["alerts"]) + ". Owner: "
            + L.link(f"team:{rb['owner']}") + ".\n\n" + L.md(text))
    for pid, pg in a.pages_doc.items():
        meta = dict(title=pg["title"], description=pg["description"], weight=pg["weight"])
        if pg.get("tags"):
            meta["tags"] = pg["tags"]
        files[f"content/pages/{pid}.md"] = front_matter(meta, L.md(bench_pages.body(pid, a)))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument("--teams", type=int, default=len(bw.TEAMS))
    ap.add_argument("--out", type=Path, required=True, help="the Hugo site folder (replaced)")
    args = ap.parse_args()
    a, _ = g.build(args.years, args.teams)
    files = hugo_files(a)
    g.write_tree(args.out, files)
    print(f"Hugo site: {len(files)} files in {args.out}")


if __name__ == "__main__":
    main()
