"""Free wiki pages under content/pages/."""

PAGES = {
    "how-we-run-the-review": dict(
        title="How we run the weekly review",
        description="The agenda, the facilitator and auditor roles, preparation, follow-up, and how the record is written in git.",
        weight=10,
        body="""\
The weekly operational review is one hour, every Tuesday at 16:00 Berlin / 10:00 New York, and
covers the previous ISO week (Monday to Sunday). Its purpose is *situational awareness*: do our
systems and our on-call behave as we expect, and where they do not, does someone own the question?

Every team speaks only to what **deviated from its norm**. A quiet week is a short meeting, and a
short meeting is a good outcome.

## Agenda

1. **Teams and services.** Each team, in the same order every week, says what was unusual: SLOs
   missed or close to it, odd traffic, anything other teams should know (FYIs). Not a status report.
2. **Projects and migrations.** Work that changes how a service behaves or needs other teams: cut-
   overs, upgrades, datacenter and database work, carrier onboardings. Say the date, the risk and
   what others will notice.
3. **On-call.** Pages and tickets per team, sleep-hour pages, and the off-going primary's health
   score (1 = awful, 5 = great). The facilitator prepares this section from the pager export. Two
   heavy weeks in a row for a rotation means this review decides on tuning or people
   ([[page:process/on-call]]).
4. **Incidents.** For each incident since the last review, its owner presents the summary: what
   happened, the proximate causes, and the action items. The deep dive happens in the postmortem
   review, not here; here we check that the lessons and the items exist and have owners.

## Roles

**Facilitator.** Rotates weekly between Dana, Farid and Grace (a team lead stands in during
holidays). Keeps time, cues each team, makes sure the record is written, and — the hard part —
acts as the **auditor**.

**Auditor.** The facilitator is responsible for the room understanding what it hears. If something
does not make sense, ask. If it still does not make sense after the meeting's time allows, it
becomes an action item with an owner and a due date. Do not assume everyone else understood; be
the backstop to misunderstanding.

**Teams.** Each team sends someone who can speak for last week's operations — usually the off-going
primary.

## Preparation

- [ ] **Thursday:** the facilitator opens the pull request with next week's file (copy last week's,
      clear the numbers) and pings the teams.
- [ ] **By Monday evening:** each team fills in its section; the off-going primary adds the health
      score. The facilitator fills in pages from the PagerDuty export.
- [ ] **Monday:** the facilitator checks which incidents need to be presented and warns their
      owners.
- [ ] **Tuesday, after the meeting:** action items and decisions go into the file, the pull request
      is merged, and a short mail links to it.

## Action items

Every question that nobody in the room could answer becomes an action item. An action item has one
owner, a due date and references to what it is about (an alert, a service, an incident). It is
written **once**, in the review or incident where it was created, and its status is updated there —
never copied into later weeks. The actions page shows everything open and overdue.

The facilitator starts each review by looking at the overdue items. Dropping an item is allowed,
but it is a decision: say why in the review, the same way you would for closing it[^dropped].

## Writing the record

The record of a week is `content/reviews/<year>/<year>-W<week>.md`: YAML front matter with the four
sections and the outcomes, then free Markdown for the discussion. The fields are described in the
archive format documentation. In short:

- `teams:` — one entry per team: `oncall` (primary first), `health`, `tickets`, `slos` (attainment
  in percent, keyed by SLO name, or `name/objective` for SLOs with several objectives), `pages`, and
  `notes` only when something deviated.
- Pages can be listed by hand or, in busy weeks, attached as the PagerDuty CSV export in the week's
  folder (`pages_csv: 2025-W48/payments-pages.csv`). Add an `actionable` column.
- `projects:`, `incidents:`, `wins:`, `action_items:`.
- Link with wiki links: `[[INC-2025-020]]`, `[[team:payments]]`, `[[alert:JVMGCTimeTooHigh]]`,
  `[[2025-W47]]`.

Totals, trends and "what is unusual" are computed by the build. Never type a total by hand.

[^dropped]: We learned this the hard way: see [[INC-2025-020]] and [[2025-W49]].
"""),
    "glossary": dict(
        title="Glossary",
        description="The words the reviews use, and what exactly we mean by them.",
        weight=20,
        body="""\
**Actionable page.** A page after which the responder had to do something. A page that needed
nothing is a tuning candidate, not a badge of honour.

**Alert.** A Prometheus alerting rule, named in CamelCase (`HostDiskMayFillIn24Hours`). An alert
*pages* when it interrupts a person; many alerts only open tickets.

**Business hours, off-hours, sleep hours.** In the team's own time zone: business hours are
Monday–Friday 08:00–18:00, sleep hours 22:00–08:00 every day, off-hours the rest (evenings and
weekends).

**Error budget.** What an SLO allows to fail: with a 99.9% target, 0.1% of requests. Used up over
the SLO's window (usually four weeks), it triggers the
[[page:process/error-budget-policy|error-budget policy]].

**Facilitator / auditor.** The person running the review; see [[page:how-we-run-the-review]].

**Health score.** The off-going primary's rating of the on-call week, 1 (awful) to 5 (great).

**Heavy week.** An on-call week with more than 14 pages for the primary, three or more sleep-hour
pages, or a health score of 2 or lower.

**Incident commander.** The one person coordinating an incident. Not necessarily the one fixing it.

**Mitigated, resolved, closed.** Mitigated: customers no longer affected, cause possibly still
there. Resolved: cause removed. Closed: postmortem done and action items in place.

**Proximate cause.** The immediate reason the incident happened ("the pool size fell back to 20"),
as opposed to the **trigger** (what set it off: "a config push") and the deeper contributing
factors that belong in the postmortem.

**Recurring alert.** An alert that paged in at least three of the last eight weeks.

**Runbook.** A "2 AM playbook": the first diagnosis steps for an alert, written for someone tired.

**Severity.** *critical*: customers cannot pay or ship, all hands. *major*: a feature is broken or
badly degraded for many customers. *standard*: limited impact, or internal only.

**SLO, SLI.** Service level objective: a target (99.9%) for an indicator (the SLI, e.g. the share of
requests without a server error) over a window. Ours are OpenSLO documents.

**Tier.** How critical a service is: 1 (customers notice within minutes) to 3 (internal or with a
manual fallback).
"""),
    "about-this-sample": dict(
        title="About this sample archive",
        description="What this archive is, where its stories are, and where the alert names come from.",
        weight=90,
        body="""\
This archive is **fictional**. Northwind Logistics, its people, services and incidents are
invented, and every URL under `northwind.example` is a placeholder. It is the sample content of
`opsbook`, generated by `tools/sample-archive/generate.py` (deterministic: same script, same files)
and committed as `content/`.

It covers sixty weekly reviews, [[2025-W01]] to [[2026-W08]], for five teams in two time zones
(Berlin and New York). Most weeks are quiet, as they are in real life. A few threads run through
the year:

- **A noisy alert.** `HostDiskMayFillIn24Hours` paged [[team:warehouse]] at night for ten weeks
  (from [[2025-W07]]), was explained in [[2025-W09]] and taken off the pager in [[2025-W16]].
- **An SLO that ran out of budget.** [[slo:tracking-freshness]] slipped from [[2025-W35]], exhausted
  its error budget in [[2025-W38]], led to [[INC-2025-016]] and recovered by [[2025-W41]].
- **An overloaded rotation.** [[team:payments]]' pages climbed from 5 to 31 a week through Q4 2025
  ([[2025-W47]]), until alert tuning and a fifth person brought relief in [[2026-W03]].
- **Team metrics.** Four of the five teams report a declared metric beyond pages and SLOs (see
  the teams' pages): [[team:tracking]]'s API traffic grows into the peak season and drops over
  the holidays ([[2026-W01]] flags it); the [[service:ledger-api]]'s p99 latency regresses with the
  Q4 load from [[2025-W42]], misses its 800 ms target from [[2025-W44]] and is back after the pgcat
  cut-over in [[2026-W07]]; [[team:platform]]'s deploys stop in the holiday change freeze;
  [[team:warehouse]]'s open bugs are not reported in two summer weeks (a gap, not zero) and jump
  with the Rotterdam go-live ([[2026-W07]]).
- **Repeat incidents.** [[INC-2025-020]] repeated [[INC-2025-003]] after its fix was dropped;
  [[INC-2025-018]] repeated the DST lesson of [[INC-2025-006]]; certificates ([[INC-2025-007]],
  [[INC-2026-002]]) and print servers ([[INC-2025-002]], [[INC-2026-003]]) came back too.

Some records deliberately use the format's optional corners: a week with pager data as a PagerDuty
CSV export ([[2025-W39]], [[2025-W48]], [[2025-W49]], [[2026-W05]]), pages at both 02:30s of the
October clock change ([[2025-W43]]), an SLO with two objectives ([[slo:tracking-api-latency]]),
SLO files with several documents or a YAML list, and teams that left out optional fields.

## Attribution

Alert names adapted from [awesome-prometheus-alerts](https://github.com/samber/awesome-prometheus-alerts)
by samber, [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). Each name is the CamelCase form
of a rule's name there (for example "Host disk may fill in 24 hours" becomes
`HostDiskMayFillIn24Hours`); the queries and thresholds in this archive are our own.
"""),
    "process/error-budget-policy": dict(
        title="Error-budget policy",
        description="What happens when an SLO's error budget runs out.",
        weight=30,
        body="""\
Applies to every SLO in this archive. The budget is counted over the SLO's own window (four weeks
unless the SLO says otherwise).

| Budget used (rolling) | What happens |
|---|---|
| under 50% | nothing; ship as usual |
| 50–100% | the owning team mentions it in the review, with a plan if the trend continues |
| over 100% (exhausted) | feature freeze for the service: only reliability work ships until the budget is back under 100% |

When a budget is exhausted:

1. The owning team says so in the review and names the fix.
2. The fix goes to the top of the list for the owning team **and for every team it depends on**.
   An exhausted budget is not a reason to wait for next sprint.
3. The freeze is recorded as an action item and closed when it is lifted.

The second point was added after [[INC-2025-016]]: the budget of [[slo:tracking-freshness]] was
exhausted in [[2025-W38]], the fix was scheduled for two weeks later because it needed Platform, and
the incident happened in between.
"""),
    "process/on-call": dict(
        title="On-call",
        description="Rotations, hand-over, and what we do when a rotation is overloaded.",
        weight=40,
        body="""\
Every team has a weekly rotation with a primary and a secondary; the secondary is next week's
primary. Hand-over is Monday morning in the team's own time zone, in person or on a call.

## What we expect of the on-call

- Acknowledge within 5 minutes during business hours and 15 minutes at night.
- Follow the runbook; if there is none, write down what you did — that is the first draft.
- Escalate early. Nobody has ever been criticised here for waking someone up.

## When a rotation is overloaded

Two heavy weeks in a row (see the [[page:glossary]]) and the next review must decide, in this
order:

1. **Fewer pages.** Which alerts were not actionable? Make them wait for business hours, open
   tickets, or delete them.
2. **More people.** Add someone to the rotation, or split it by service.
3. **Temporary cover** from another team, as a last resort and with an end date.

What it looked like in practice for Payments in Q4 2025: [[2025-W46]], [[2025-W47]] and
[[2026-W03]]. The tuning did more than the extra person.
"""),
}
