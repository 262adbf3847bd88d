"""The free wiki pages of the benchmark archive (content/pages/). Their bodies link to records
that exist in every size of the archive: the first team, its runbooks, the first and last weeks."""

PAGES = {
    "how-we-run-the-review": dict(
        title="How we run the weekly review", weight=10,
        description="The agenda, the facilitator's role and the preparation of the weekly operational review."),
    "process/oncall-handbook": dict(
        title="On-call handbook", weight=20, tags=["process", "oncall"], aliases=["wiki/oncall/"],
        description="What the primary and the secondary do, escalation, and hand-over."),
    "severity-levels": dict(
        title="Severity levels", weight=30, tags=["process"],
        description="Which severity an incident gets, with examples."),
    "glossary": dict(
        title="Glossary", weight=40,
        description="Words the review uses: page, heavy week, error budget, action item."),
    "about-this-archive": dict(
        title="About this archive", weight=90, tags=["benchmark"],
        description="A synthetic archive generated for opsbook's scale benchmark."),
}


def body(pid, a):
    W = a.world
    team = W.team_ids[0]
    rb = sorted(r for r, x in W.runbooks.items() if x["owner"] == team)[0]
    first, last = a.week_ids[0], a.week_ids[-1]
    if pid == "how-we-run-the-review":
        return f"""\
The review is one hour every Tuesday and covers the previous ISO week. Every team speaks only to
what **deviated from its norm**; a quiet week is a short meeting.

## Agenda

1. **Teams and services**: SLOs missed or close to it, odd traffic, FYIs for other teams.
2. **Projects and migrations** that other teams will notice.
3. **On-call**: pages, sleep-hour pages and the off-going primary's health score
   ([[page:process/oncall-handbook]]).
4. **Incidents** since the last review, by their owners ([[page:severity-levels]]).

## Preparation

- [ ] Thursday: the facilitator opens the pull request with the next week's file.
- [ ] Monday evening: every team has filled in its section.
- [ ] Tuesday, after the meeting: action items go into the file and the pull request is merged.

The first week of this archive is [[{first}]], the latest [[{last}]].
"""
    if pid == "process/oncall-handbook":
        return f"""\
## The week

The primary carries the pager from Monday 10:00 to the next Monday 10:00; the secondary is next
week's primary. Hand-over is a conversation, not a document.

## Escalation

| Who | When |
|---|---|
| the secondary | you are stuck for 15 minutes, or a second page arrives |
| the owning team of a dependency | the symptom is theirs, day or night |
| the facilitator of the week | customer impact longer than 30 minutes |

## Heavy weeks

Two heavy weeks in a row for one rotation means the review decides on tuning or people. See how
[[team:{team}]] writes its runbooks, for example [[runbook:{rb}]].
"""
    if pid == "severity-levels":
        return """\
| Severity | Means | Example |
|---|---|---|
| critical | customers cannot buy or receive orders | checkout down in one country |
| major | a feature is broken or badly degraded for many customers | search answers slowly for an hour |
| standard | limited impact, or internal only | a nightly report is late |

Every critical and major incident gets a postmortem; the review checks that it exists and that its
action items have owners. The process is in [[page:how-we-run-the-review]].
"""
    if pid == "glossary":
        return """\
**Page**: an alert that interrupted a person. **Sleep hours**: 22:00 to 08:00 in the team's time
zone. **Heavy week**: a week that crossed one of the bounds in `site.yaml`. **Error budget**: what
an SLO allows to fail in its window. **Action item**: one owner, one due date, written once where it
was raised. See [[page:process/oncall-handbook]] for the on-call words.
"""
    if pid == "about-this-archive":
        c = a.counts()
        return f"""\
This archive is synthetic: `tools/bench-archive/generate.py` wrote it for opsbook's scale benchmark
(`scripts/bench`). It holds {c['reviews']} weekly reviews from [[{first}]] to [[{last}]],
{c['incidents']} incidents, {c['pages']} pages and {c['action_items']} action items for
{c['teams']} teams with {c['services']} services and {c['slos']} SLOs. Every name in it is invented.
"""
    raise KeyError(pid)
