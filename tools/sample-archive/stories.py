"""Hand-written week content: the four stories, incident weeks, projects and summaries.

Everything a week does not say here is filled in by weekly.py from the team's everyday profile.

Team overrides (STORY[week]["teams"][team]):
  pages     extra pages, P(...) specs, added to the everyday ones
  baseline  how many everyday pages to draw (default: drawn from the team's profile)
  load      dict(pages, sleep, actionable): draw this many pages with this many in sleep hours
  health, tickets, notes, oncall
  slos      {key: "99.12"} attainment overrides
  csv       write the pages as a PagerDuty-style CSV with this file name
  omit      fields the team did not fill in that week
Text may use {total}, {busiest}, {busiest_n}, {<team>_pages}, {disk_total} and {{AI:key}}.
"""

from datetime import date


def D(s):
    return date.fromisoformat(s)


def P(day, hh, mm, alert, service, actionable=False, ack=None, responder=None, urgency=None, fold=0):
    return dict(day=day, hh=hh, mm=mm, alert=alert, service=service, actionable=actionable,
                ack=ack, responder=responder, urgency=urgency, fold=fold)


DISK = "HostDiskMayFillIn24Hours"
LAG = "KafkaConsumerGroupLag"

# Story 1: the wms disk prediction. (day, hour, minute), Berlin time; never actionable.
DISK_PAGES = {
    "2025-W07": [(1, 1, 38), (2, 1, 44), (3, 1, 29)],
    "2025-W08": [(0, 1, 35), (1, 1, 52), (3, 1, 41), (5, 2, 5)],
    "2025-W09": [(1, 1, 33), (2, 1, 47), (4, 1, 40)],
    "2025-W10": [(0, 1, 36), (2, 1, 31), (6, 2, 10)],
    "2025-W11": [(0, 1, 44), (1, 1, 39), (3, 1, 50), (4, 1, 28)],
    "2025-W12": [(1, 1, 41), (2, 1, 37), (3, 14, 20), (5, 1, 12), (5, 1, 58)],
    "2025-W13": [(1, 1, 35), (3, 1, 46), (6, 1, 52), (6, 3, 20)],
    "2025-W14": [(2, 1, 43), (4, 1, 37)],
    "2025-W15": [(0, 1, 40), (1, 1, 34), (3, 1, 49)],
    "2025-W16": [(0, 1, 41)],
}

# Story 2: scan freshness (target 99%).
FRESHNESS = {
    "2025-W33": "99.71", "2025-W34": "99.64", "2025-W35": "99.38", "2025-W36": "98.91",
    "2025-W37": "98.42", "2025-W38": "97.96", "2025-W39": "96.80", "2025-W40": "98.85",
    "2025-W41": "99.38", "2025-W42": "99.52", "2025-W43": "99.81", "2025-W44": "99.86",
}
LAG_PAGES = {  # (day, hour, minute, actionable)
    "2025-W35": [(3, 20, 41, False)],
    "2025-W36": [(1, 19, 12, False), (3, 21, 5, False), (4, 22, 48, False)],
    "2025-W37": [(0, 19, 30, False), (1, 20, 2, False), (2, 21, 44, False), (3, 23, 15, False), (6, 18, 55, False)],
    "2025-W38": [(0, 18, 40, False), (1, 19, 5, True), (1, 23, 50, False), (2, 20, 12, False),
                 (3, 21, 30, False), (4, 19, 58, False), (5, 10, 15, False)],
    "2025-W40": [(0, 8, 2, True), (0, 13, 40, True), (1, 19, 20, False), (2, 3, 10, True)],
    "2025-W41": [(2, 20, 5, False)],
}

# Story 3: the payments rotation. (pages, sleep-hour pages, actionable share, health, tickets)
PAYMENTS_LOAD = {
    "2025-W36": (5, 1, 0.5, 4, 6), "2025-W37": (6, 1, 0.5, 4, 7), "2025-W38": (6, 1, 0.45, 4, 7),
    "2025-W39": (7, 2, 0.45, 3, 8), "2025-W40": (9, 2, 0.4, 3, 9), "2025-W41": (10, 2, 0.4, 3, 9),
    "2025-W42": (12, 3, 0.35, 3, 10), "2025-W43": (13, 3, 0.35, 2, 11), "2025-W44": (15, 4, 0.3, 2, 12),
    "2025-W45": (17, 5, 0.3, 2, 12), "2025-W46": (19, 6, 0.3, 1, 14), "2025-W47": (21, 7, 0.25, 2, 15),
    "2025-W48": (31, 9, 0.3, 1, 18), "2025-W49": (26, 8, 0.3, 1, 16), "2025-W50": (22, 6, 0.35, 2, 14),
    "2025-W51": (17, 4, 0.45, 2, 12), "2025-W52": (10, 2, 0.5, 3, 6), "2026-W01": (8, 2, 0.55, 3, 5),
    "2026-W02": (9, 1, 0.6, 3, 8), "2026-W03": (6, 0, 0.8, 4, 7), "2026-W04": (5, 1, 0.8, 4, 6),
    "2026-W05": (4, 0, 0.75, 4, 6), "2026-W06": (5, 1, 0.8, 4, 7), "2026-W07": (4, 0, 0.75, 5, 5),
    "2026-W08": (6, 1, 0.7, 3, 8),
}
# The ledger reconciliation at 19:00 New York pages on these weekdays until AI "pay-1900" explains it.
RECONCILIATION_PAGES = {
    "2025-W42": [1, 3], "2025-W43": [0, 2, 3], "2025-W44": [0, 1, 3], "2025-W45": [0, 1, 2, 3],
    "2025-W46": [0, 1],
}
# The billing tuning (action item "pay-tuning"): queue age stops paging at night from the first
# date, GC time from the second.
TUNED_AT = (D("2025-12-11"), D("2025-12-18"))
# Keisha's nights before Black Friday (Thanksgiving week): Monday night to Thursday night.
SLEEP_DAYS = {"2025-W48": [1, 2, 3, 4, 2, 3, 1, 5, 6]}
# During the overload the noisy billing alerts dominate; after the tuning they stop paging at night.
PAYMENTS_OVERLOAD_POOL = [
    ("AWSSQSMessageAgeTooOld", "billing-api", 5, "high"),
    ("JVMGCTimeTooHigh", "billing-api", 5, "high"),
    ("PGBouncerClientsWaitingForConnection", "ledger-api", 2, "high"),
    ("PostgresqlLongRunningTransaction", "ledger-api", 2, "low"),
    ("NginxHighHTTP5xxErrorRate", "billing-api", 2, "high"),
    ("PostgresqlTooManyConnections", "ledger-api", 2, "high"),
    ("KubernetesJobFailed", "billing-api", 1, "high"),
]

FACILITATOR_OVERRIDE = {
    "2025-W31": "sofia", "2025-W33": "lars", "2025-W52": "anja", "2026-W01": "marcus",
}

PROJECTS = [
    dict(title="Kubernetes 1.31 upgrade", team="platform", risk="medium", timeline={
        "2025-W03": ("planned", "Staging in W05, then eu-west-1, us-east-1 and eu-central-1, one a week."),
        "2025-W05": ("in-progress", "Staging done. eu-west-1 on Tuesday at 10:00."),
        "2025-W07": ("in-progress", "eu-west-1 done; us-east-1 next, during New York's morning. Payments knows."),
        "2025-W10": ("in-progress", "us-east-1 done. eu-central-1 waits a week for the Envoy timeout fix."),
        "2025-W13": ("done", "All three clusters on 1.31."),
    }),
    dict(title="Ledger connection pooler: PgBouncer to pgcat", team="payments", risk="high", timeline={
        "2025-W10": ("planned", "Pool settings move into code; replaces the PgBouncer config template."),
        "2025-W12": ("in-progress", "Staging first. Also replaces the CI check from INC-2025-003, which we dropped."),
        "2025-W16": ("in-progress", "Shadow traffic in staging. No production date yet.", "medium"),
        "2025-W21": ("paused", "Paused: the team is needed for the card-processor contract migration. Resume after peak."),
        "2026-W01": ("in-progress", "Resumed (action item from INC-2025-020). Cut-over planned for February."),
        "2026-W05": ("in-progress", "Cut-over Tuesday 2026-02-10 at 03:00 New York time; ledger read-only for about 5 minutes."),
        "2026-W07": ("done", "Cut over on Tuesday. PgBouncer decommissioned.", "medium"),
    }),
    dict(title="WMS MySQL 8.0 to 8.4", team="warehouse", risk="medium", timeline={
        "2025-W18": ("planned", "Replicas first (W20), primary switch-over on a Sunday in early July."),
        "2025-W20": ("in-progress", "Leipzig replica on 8.4."),
        "2025-W24": ("in-progress", "Second replica done. Switch-over Sunday 2025-07-06 at 05:00, about 10 minutes read-only."),
        "2025-W28": ("done", "Primary on 8.4 since Sunday; no issues."),
    }),
    dict(title="Kafka brokers to the new storage class", team="platform", risk="medium", timeline={
        "2025-W23": ("planned", "One broker a day from W24. Partitions move; consumers may see short lag."),
        "2025-W24": ("in-progress", "Brokers 1–3 moved."),
        "2025-W26": ("in-progress", "Brokers 4–6 this week."),
        "2025-W28": ("done", "All six brokers moved; disk alerts now at 80%."),
    }),
    dict(title="Route planner on the new map provider", team="dispatch", risk="medium", timeline={
        "2025-W22": ("planned", "Shadow planning from W24, then depot by depot."),
        "2025-W24": ("in-progress", "Shadow planning for all depots; plans compared every night."),
        "2025-W30": ("in-progress", "Netherlands and Belgium switched."),
        "2025-W34": ("in-progress", "Germany switches this week; memory limit recomputed for the new map."),
        "2025-W37": ("done", "All depots on the new provider."),
    }),
    dict(title="Envoy staged rollout", team="platform", risk="high", timeline={
        "2025-W28": ("planned", "From INC-2025-011: region-by-region rollout of route config with an automatic halt on probe failure."),
        "2025-W29": ("in-progress", "Pipeline change merged; eu-west-1 goes first."),
        "2025-W32": ("in-progress", "All regions staged; halt tested in staging.", "medium"),
        "2025-W35": ("done", "Live for every route config push. Gateway config freeze lifted.", "low"),
    }),
    dict(title="ParcelNet carrier onboarding", team="tracking", risk="medium", timeline={
        "2025-W32": ("planned", "Webhook integration. ParcelNet expects about 40% more scans than our largest carrier."),
        "2025-W33": ("in-progress", "Test traffic in staging."),
        "2025-W35": ("in-progress", "Live in production at 10% of ParcelNet's volume."),
        "2025-W36": ("in-progress", "Full volume since Tuesday. Lag in the evenings, see the tracking section.", "high"),
        "2025-W38": ("done", "Onboarding finished. Capacity follow-up is the repartitioning project.", "high"),
    }),
    dict(title="tracking.scans repartitioning (24 to 96)", team="tracking", risk="high", timeline={
        "2025-W38": ("planned", "Planned for W40: consumer restart and a pause of ingestion of about two minutes."),
        "2025-W40": ("in-progress", "Brought forward after INC-2025-016. Partitions added on Wednesday; consumers moving to cooperative-sticky."),
        "2025-W41": ("done", "96 partitions, static membership. Lag back to its old baseline.", "low"),
    }),
    dict(title="Peak season readiness 2025", team="platform", risk="high", timeline={
        "2025-W41": ("planned", "Load tests W43–W45. Change freeze for tier-1 services from 2025-11-24 to 2025-12-07."),
        "2025-W43": ("in-progress", "Load tests booked for gateway, ledger and tracking."),
        "2025-W45": ("in-progress", "Load tests done. Ledger needs more connections; change approved as a freeze exception for 2025-11-26."),
        "2025-W48": ("in-progress", "Freeze in place since Monday."),
        "2025-W51": ("done", "Peak over. Freeze lifted 2025-12-08; the holiday freeze starts 2025-12-19.", "medium"),
    }),
    dict(title="Payments on-call relief", team="payments", risk="medium", timeline={
        "2025-W47": ("in-progress", "Alert tuning (billing alerts low urgency at night) and a fifth person on the rotation."),
        "2025-W50": ("in-progress", "First tuning changes live. Noor shadowing."),
        "2026-W01": ("in-progress", "Five-person rotation from this week; Noor's first primary week is W05.", "low"),
        "2026-W03": ("done", "Done. Billing night pages down from about eight a week to one or none.", "low"),
    }),
    dict(title="Rotterdam site go-live", team="warehouse", risk="medium", timeline={
        "2025-W44": ("planned", "Go-live planned for early February 2026."),
        "2026-W02": ("in-progress", "Hardware installed; WMS test site up."),
        "2026-W04": ("in-progress", "Go-live Monday 2026-02-02 at 06:00. Two weeks of hypercare.", "high"),
        "2026-W06": ("done", "Live since Monday.", "medium"),
    }),
    dict(title="Keycloak 26 upgrade", team="platform", risk="medium", timeline={
        "2026-W02": ("planned", "Staging in W04, production in March."),
        "2026-W04": ("in-progress", "Staging upgraded."),
        "2026-W08": ("in-progress", "Production on 2026-03-10, 07:00 Berlin; logins may blip for a minute."),
    }),
    dict(title="Second SMS provider", team="tracking", risk="low", timeline={
        "2026-W03": ("planned", "After INC-2026-001: a second provider with automatic failover."),
        "2026-W05": ("in-progress", "Contract signed; integration started."),
        "2026-W08": ("in-progress", "Failover tested in staging."),
    }),
]

SUMMARY = {
    "2025-W01": "First review kept in git instead of slides. Holiday week, change freeze held, {total} pages.",
    "2025-W02": "Route planner OOM-killed on Wednesday morning (INC-2025-001); Dutch depots got their plans 40 minutes late.",
    "2025-W03": "Quiet. Platform announced the Kubernetes 1.31 upgrade for February and March.",
    "2025-W04": "Hamburg printed no labels for 43 minutes on Tuesday after a Windows update (INC-2025-002).",
    "2025-W05": "Quiet week, {total} pages; {busiest} had the most ({busiest_n}).",
    "2025-W06": "Ledger writes failed for 39 minutes on Tuesday (INC-2025-003): PgBouncer pool size reset by a config push.",
    "2025-W07": "Quiet, apart from a new night-time disk alert on the WMS hosts.",
    "2025-W08": "Envoy canary caught a changed timeout default (INC-2025-004). Warehouse's disk prediction paged four nights; it now has an action item.",
    "2025-W09": "The WMS disk alert is explained (nightly export, 1-hour prediction window) but not fixed. Otherwise calm.",
    "2025-W10": "Quiet. US clocks changed on Sunday; Payments had pages on both sides of the jump.",
    "2025-W11": "Duplicate delivery SMS for 18,000 customers (INC-2025-005). The WMS disk alert keeps paging; its fix slipped past the due date.",
    "2025-W12": "Heavy week for Warehouse: five disk-prediction pages, four at night, none actionable.",
    "2025-W13": "Kubernetes 1.31 upgrade finished. European clocks went forward on Sunday and the disk alert fired on both sides of the jump.",
    "2025-W14": "The clock change caught Dispatch: Monday's depot plans were built from Saturday's orders (INC-2025-006).",
    "2025-W15": "Identity certificate expired at 06:02 on Wednesday; driver logins failed for 47 minutes (INC-2025-007).",
    "2025-W16": "HostDiskMayFillIn24Hours no longer pages Warehouse: {disk_total} pages in ten weeks, none actionable. It opens a ticket now.",
    "2025-W17": "Short week after Easter. {total} pages, and Warehouse's first week without a night page since February.",
    "2025-W18": "Quiet. Warehouse plans the WMS MySQL upgrade from W20.",
    "2025-W19": "Inventory sync failed silently for six hours on Tuesday (INC-2025-008); stock levels were stale.",
    "2025-W20": "Quiet week. MySQL upgrade started on the Leipzig replica.",
    "2025-W21": "Calm. The ledger pooler migration is paused until after peak season.",
    "2025-W22": "A hand-made Kafka topic filled a broker's disk on Tuesday (INC-2025-009); tracking updates lagged up to 50 minutes.",
    "2025-W23": "Quiet. Platform moves the Kafka brokers to a new storage class during June.",
    "2025-W24": "Nothing notable; {total} pages across the group.",
    "2025-W25": "Mid-month invoice run failed on a node drain and went out a day late (INC-2025-010).",
    "2025-W26": "Quiet week before the summer holidays; one short tracking latency miss.",
    "2025-W27": "Critical: every public API returned 404 for 23 minutes on Wednesday after a gateway route push (INC-2025-011).",
    "2025-W28": "Follow-ups from the gateway outage. Gateway config frozen until rollouts are staged.",
    "2025-W29": "Quiet. Staged gateway rollout under way.",
    "2025-W30": "Drivers were logged out on Tuesday when the session Redis filled up (INC-2025-012).",
    "2025-W31": "Summer, half the group away. Quiet.",
    "2025-W32": "Quiet. Tracking starts onboarding the carrier ParcelNet.",
    "2025-W33": "Tracking pages slow for two hours after an Elasticsearch node replacement (INC-2025-013).",
    "2025-W34": "Nothing unusual. {busiest} had the most pages ({busiest_n}).",
    "2025-W35": "Staged gateway rollout done. ParcelNet live at 10% of its volume. Thursday's WMS mis-picks are next week's incident.",
    "2025-W36": "WMS replica lag caused 312 mis-picks (INC-2025-014). Scan freshness missed its SLO for the first time since May.",
    "2025-W37": "Scanners locked out at shift start (INC-2025-015). Scan freshness missed again, with lag pages every evening.",
    "2025-W38": "Tracking's error budget for scan freshness is used up: feature freeze for tracking-ingest, partitions next week.",
    "2025-W39": "Tracking paged {tracking_pages} times, mostly consumer lag; on Thursday scans were delayed up to 2h40m (incident review next week).",
    "2025-W40": "Incident review of the scan delays (INC-2025-016). Repartitioning done on Wednesday; freshness recovering.",
    "2025-W41": "Scan freshness back above target. Payments' page count keeps climbing.",
    "2025-W42": "ParcelNet rotated its webhook key without telling us: no scans from them for five hours (INC-2025-017).",
    "2025-W43": "Clocks went back on Sunday. Payments is having a hard quarter: {payments_pages} pages and a health score of 2.",
    "2025-W44": "Inventory counted twice after the clock change (INC-2025-018), a repeat of March's DST lesson. Payments at {payments_pages} pages.",
    "2025-W45": "Payments: {payments_pages} pages, five at night. Peak readiness load tests done.",
    "2025-W46": "Billing GC pauses (INC-2025-019). Payments rated the week 1 of 5; we agreed to relieve the rotation.",
    "2025-W47": "Payments' rotation is overloaded: {payments_pages} pages for Tyler, 7 in sleep hours. Tuning and a fifth on-call agreed.",
    "2025-W48": "Peak week. Payments paged {payments_pages} times; Black Friday ledger outage on Friday (incident review next week).",
    "2025-W49": "The Black Friday ledger outage (INC-2025-020, critical) had the same cause as February's INC-2025-003. Double charges on Wednesday (INC-2025-021).",
    "2025-W50": "Peak continues. Payments at {payments_pages} pages, but the first tuning changes are live.",
    "2025-W51": "Route planning slow for two hours on Tuesday (INC-2025-022). Peak readiness project closed.",
    "2025-W52": "Holiday week, change freeze. Quiet.",
    "2026-W01": "Holiday week. Quiet; the pooler migration is back on.",
    "2026-W02": "Quiet. Payments still recovering: {payments_pages} pages, health 3.",
    "2026-W03": "SMS provider outage on Tuesday (INC-2026-001). Payments had its best week since August.",
    "2026-W04": "Quiet. Keycloak 26 running in staging.",
    "2026-W05": "Partner API certificate expired at midnight on Tuesday (INC-2026-002), the second certificate incident in ten months.",
    "2026-W06": "Rotterdam is live. Quiet otherwise.",
    "2026-W07": "Rotterdam label printing down on Tuesday (INC-2026-003), same cause as INC-2025-002. Ledger pooler migration done.",
    "2026-W08": "Stale balances after the pooler cut-over (INC-2026-004, mitigated, cause unknown); shipment search partial since Saturday (INC-2026-005).",
}

STORY = {
    "2025-W01": dict(
        tags=["holidays"],
        wins=["Change freeze over the holidays held without a single exception."],
        body="""\
This is the first weekly review written into the `opsbook` repository instead of a slide deck.
Same four sections as before: team deviations, projects and migrations, on-call, incidents. The
facilitator fills in the on-call numbers from PagerDuty; each team edits its own section in the
pull request before Tuesday's meeting. See [[page:how-we-run-the-review]].

Holiday week, so a short one. Nobody had anything beyond their section.
"""),
    "2025-W02": dict(
        teams={"dispatch": dict(health=3, notes="""\
OOM kills on Wednesday during the planning window, see [[INC-2025-001]]. The map release checklist
gets a capacity step; until then Henrik checks the limit by hand at each map release.
""")},
        body="Incident summary reviewed; nothing to add beyond the action item in [[INC-2025-001]].\n"),
    "2025-W03": dict(
        action_items=[dict(key="w03-calendar", title="Publish the Kubernetes 1.31 upgrade calendar to every team",
                           owner="anja", due=D("2025-01-24"), status="done", closed=D("2025-01-21"),
                           refs=["team:platform"])],
        body="Platform walked through the upgrade plan. Questions about the us-east-1 window went to the action item.\n"),
    "2025-W04": dict(
        teams={"warehouse": dict(health=3, notes="""\
Tuesday: Hamburg label printing, [[INC-2025-002]]. We found out from the floor, not from an alert —
the probe checks the label API, not the print server.
""")}),
    "2025-W06": dict(
        teams={"payments": dict(health=3, notes="""\
[[INC-2025-003]] on Tuesday afternoon, 39 minutes of failed ledger writes. Twenty of those minutes
went into the database before anyone looked at the pooler; the runbook now starts with the pool size.
""")},
        action_items=[dict(key="w06-review", title="Review config-template changes for the ledger as production changes",
                           owner="marcus", due=D("2025-02-21"), status="done", closed=D("2025-02-19"),
                           refs=["INC-2025-003", "service:ledger-api"])],
        body="""\
Grace asked why a template refactor needed no review from the on-call. Nobody had a good answer,
so it is an action item.
"""),
    "2025-W07": dict(
        teams={"warehouse": dict(baseline=1, notes="""\
New alert for us: `HostDiskMayFillIn24Hours` on wms-app-2, three nights in a row around 01:30.
Cleared by itself each time. Watching it.
""")}),
    "2025-W08": dict(
        teams={
            "warehouse": dict(baseline=0, health=3, notes="""\
[[alert:HostDiskMayFillIn24Hours]] again, four nights out of seven, always between 01:30 and 02:10.
Never actionable: by the time anyone looks the disk is at 60% and falling. Nobody knows yet why it
predicts a full disk.
"""),
            "platform": dict(notes="Envoy 1.33 canary rolled back on Wednesday: [[INC-2025-004]]. Upgrade resumes next week with timeouts pinned.\n"),
        },
        action_items=[dict(key="disk-fix", title="Make HostDiskMayFillIn24Hours on the WMS hosts actionable or stop it paging",
                           owner="oskar", due=D("2025-03-07"), status="done", closed=D("2025-04-16"),
                           refs=["alert:HostDiskMayFillIn24Hours", "service:wms-api", "runbook:disk-fill-prediction"])],
        body="""\
Farid (facilitating) asked the question nobody in Warehouse could answer: *why* does the alert think
the disk will fill? Oskar owns finding out, and either making the alert mean something or taking
it off the pager.
"""),
    "2025-W09": dict(
        teams={"warehouse": dict(baseline=1, health=3, notes="""\
Oskar found it: the nightly carrier-manifest export writes about 40 GB to `/var/log/wms` between
01:00 and 02:00. `predict_linear` over one hour extrapolates that straight to a full disk.
Logrotate compresses it at 03:00. Fix is a rule change ({{AI:disk-fix}}).
""")}),
    "2025-W10": dict(
        teams={
            "warehouse": dict(baseline=1, health=3, notes="Disk alert three more times. Rule change waits for the alerting-rules repo move.\n"),
            "payments": dict(pages=[
                P(6, 1, 50, "PostgresqlLongRunningTransaction", "ledger-api", False, 240, urgency="low"),
                P(6, 3, 10, "PostgresqlLongRunningTransaction", "ledger-api", False, 180, urgency="low"),
            ], notes="""\
Two pages Sunday night either side of the clock change (01:50 EST, 03:10 EDT), both the weekly
vacuum holding a transaction. Not actionable; the vacuum window moves to Saturday.
"""),
        }),
    "2025-W11": dict(
        teams={
            "warehouse": dict(baseline=0, health=3, notes="""\
Four more disk pages. The fix ({{AI:disk-fix}}) was due on 7 March and slipped; the rules repo move
is done now, so no more excuses.
"""),
            "tracking": dict(health=3, notes="""\
Duplicate SMS on Tuesday evening, [[INC-2025-005]]. Our delivery SLO stayed green throughout — it
does not count duplicates. Worth remembering when reading that number.
"""),
        }),
    "2025-W12": dict(
        tags=["noise"],
        teams={
            "warehouse": dict(baseline=0, health=2, notes="""\
Mira's week: five `HostDiskMayFillIn24Hours` pages, four between 01:00 and 02:00, one on Thursday
afternoon when the export was re-run by hand. None actionable. Two on Saturday night alone.

Asked for: move the export off the log volume as well, in case the rule change is not enough.
"""),
            "payments": dict(notes="""\
Dropped the pool-size CI check from [[INC-2025-003]]: the pooler migration (projects) replaces the
template it would have tested.
"""),
        },
        action_items=[dict(key="disk-export", title="Move the carrier-manifest export off the WMS log volume",
                           owner="mira", due=D("2025-04-04"), status="dropped", closed=D("2025-04-22"),
                           refs=["service:wms-api", "alert:HostDiskMayFillIn24Hours"])],
        body="""\
Warehouse's week counts as heavy (four sleep-hour pages), entirely from one alert. Dana asked that
{{AI:disk-fix}} be done before the next review.

| Week | Disk pages | At night |
|---|---|---|
| [[2025-W07]] | 3 | 3 |
| [[2025-W08]] | 4 | 4 |
| [[2025-W09]] | 3 | 3 |
| [[2025-W10]] | 3 | 3 |
| [[2025-W11]] | 4 | 4 |
| this week | 5 | 4 |
"""),
    "2025-W13": dict(
        tags=["dst"],
        teams={"warehouse": dict(baseline=1, notes="""\
Disk alert four times, twice on Sunday night: 01:52 before the clocks went forward and 03:20 after.
Rule change is in review.
""")},
        wins=["Kubernetes 1.31 on all three clusters, no customer impact."],
        action_items=[dict(key="w13-k8s-retro", title="Write down what slowed the 1.31 upgrade, for the next one",
                           owner="chioma", due=D("2025-04-11"), status="done", closed=D("2025-04-10"),
                           refs=["team:platform"])]),
    "2025-W14": dict(
        tags=["dst"],
        teams={
            "dispatch": dict(health=3, notes="""\
[[INC-2025-006]]: the Sunday-night re-plan did not run because 02:30 did not exist. All our
CronJobs go to UTC. Other teams: check yours.
"""),
            "warehouse": dict(baseline=1, notes="Two disk pages. Rule change approved, merging next week.\n"),
        },
        body="""\
Kofi asked every team to check its CronJobs for local-time schedules; the action item is on the
incident ([[INC-2025-006]]). Warehouse said they would look after the disk alert is done.
"""),
    "2025-W15": dict(
        teams={
            "platform": dict(health=2, notes="""\
[[INC-2025-007]]: the identity certificate expired and driver logins failed for 47 minutes. Three
weeks of `CertManagerCertificateNotReady` warnings went to a channel nobody reads. Routed to the
pager now.
"""),
            "dispatch": dict(notes="Driver logins down Wednesday morning ([[INC-2025-007]]); the hotline took 600 calls.\n"),
            "warehouse": dict(baseline=1, notes="Three more disk pages. Rule change merges Wednesday next week.\n"),
        }),
    "2025-W16": dict(
        tags=["noise"],
        teams={"warehouse": dict(baseline=1, health=4, notes="""\
Last disk page on Monday at 01:41. The new rule went live on Wednesday: six-hour prediction window,
and it opens a ticket instead of paging. [[runbook:disk-fill-prediction]] updated.
""")},
        wins=["HostDiskMayFillIn24Hours is off the pager after {disk_total} pages in ten weeks, none of them actionable."],
        body="""\
Closing the loop on the wms disk alert (first seen in [[2025-W07]]):

- [x] find out why it predicts a full disk ([[2025-W09]])
- [x] change the rule: 6 h window, ticket not page ({{AI:disk-fix}}, done 16 April, five weeks late)
- [ ] move the export off the log volume ({{AI:disk-export}}, probably unnecessary now)

Dana: "Ten weeks is too long for an alert nobody acts on. Bring it in the first week."
"""),
    "2025-W17": dict(
        teams={"warehouse": dict(baseline=1, day_only=True, health=5,
                                 notes="First week without a night page since early February.\n")}),
    "2025-W19": dict(
        teams={"warehouse": dict(health=3, notes="""\
[[INC-2025-008]]: inventory sync failed for six hours on an expired ERP token; the failure alert
waited for three failures and was low urgency. Now it pages on the first failure in business hours.
""")}),
    "2025-W21": dict(
        action_items=[dict(key="w21-pgcat-date", title="Put a restart date on the paused pooler migration",
                           owner="marcus", due=D("2025-06-27"), status="dropped", closed=D("2025-07-11"),
                           refs=["service:ledger-api"])],
        body="Farid asked what replaces the dropped pool-size check while the migration is paused. Nothing, for now.\n"),
    "2025-W22": dict(
        teams={
            "platform": dict(health=3, pages=[
                P(1, 3, 0, "HostOutOfDiskSpace", "event-bus", False, 420, urgency="high"),
            ], notes="""\
Broker-3 disk full on Tuesday, [[INC-2025-009]]. The 90% disk alert had fired the night before and
was acknowledged as compaction. Topic creation goes through Terraform only from now on.
"""),
            "tracking": dict(notes="Ingest lag up to 50 minutes on Tuesday because of [[INC-2025-009]]. Nothing lost.\n"),
        }),
    "2025-W25": dict(
        teams={"payments": dict(notes="""\
[[INC-2025-010]]: invoice run killed by a node drain at 02:00. Marcus chose not to re-run a job that
is not resumable in the middle of the night. Platform's drain calendar is now shared with us.
""")}),
    "2025-W27": dict(
        tags=["outage"],
        teams={
            "platform": dict(health=2, notes="""\
[[INC-2025-011]], critical: a route change with a `/v` prefix went to all regions at once and
every public route answered 404 for 23 minutes. Gateway route changes are frozen until the
pipeline rolls out region by region.
"""),
            "dispatch": dict(notes="Driver app down for 23 minutes on Wednesday ([[INC-2025-011]]). We heard about it from our own alerts, not from Platform.\n"),
            "tracking": dict(notes="Tracking pages returned 404 during [[INC-2025-011]]; the SLO counts it against the gateway, not us.\n"),
        },
        action_items=[dict(key="w27-freeze", title="Freeze gateway route changes until rollouts are staged",
                           owner="dana", team="platform", due=D("2025-07-04"), status="done", closed=D("2025-07-03"),
                           refs=["service:api-gateway", "INC-2025-011"])],
        body="""\
Most of the meeting went to [[INC-2025-011]]. Decisions:

1. No gateway route changes until the staged rollout exists (Dana).
2. When Platform declares an incident, dependent teams get paged, not just told in chat.
3. The postmortem review is Friday with the whole gateway team; this meeting only checks that the
   action items exist and have owners.
"""),
    "2025-W28": dict(
        action_items=[dict(key="w28-notify", title="Page Dispatch and Tracking automatically when Platform declares an incident",
                           owner="anja", due=D("2025-07-18"), status="done", closed=D("2025-07-15"),
                           refs=["INC-2025-011", "team:dispatch", "team:tracking"])]),
    "2025-W30": dict(
        teams={"dispatch": dict(notes="""\
[[INC-2025-012]]: session Redis full, about 900 drivers logged out. Feature flag off in 25 minutes.
Route snapshots get their own Redis with a TTL.
""")}),
    "2025-W32": dict(
        action_items=[dict(key="w32-parcelnet-load", title="Ask ParcelNet for their expected scan volume per hour, including peaks",
                           owner="sofia", due=D("2025-08-15"), status="done", closed=D("2025-08-14"),
                           refs=["team:tracking", "service:tracking-ingest"])]),
    "2025-W33": dict(
        teams={"tracking": dict(notes="""\
[[INC-2025-013]]: two hours of slow tracking pages after an Elasticsearch node replacement. The
latency SLO missed on both objectives this week.
""")}),
    "2025-W35": dict(
        teams={"tracking": dict(notes="""\
ParcelNet live at 10% since Wednesday. One lag page Thursday evening, drained by itself. Freshness
dipping a little (still above target).
""")},
        wins=["Gateway config rolls out region by region now, with an automatic halt."]),
    "2025-W36": dict(
        tags=["slo"],
        teams={
            "tracking": dict(health=3, notes="""\
[[slo:tracking-freshness]] missed: 98.91% against 99%. ParcelNet at full volume since Tuesday; lag
builds every evening between 18:00 and 23:00 when their depots upload, and drains overnight.
"""),
            "warehouse": dict(health=3, notes="Thursday last week: 312 mis-picks from a lagging replica, [[INC-2025-014]]. Pick lists now fall back to the primary.\n"),
        }),
    "2025-W37": dict(
        tags=["slo"],
        teams={
            "tracking": dict(health=3, notes="""\
Freshness 98.42%, second miss. Five lag pages, all evenings, none needed action — which is the
problem: it will not drain faster because we look at it. Nobody could say whether the trend is
volume or something else.
"""),
            "warehouse": dict(notes="Scanners locked out Tuesday morning ([[INC-2025-015]]), together with Platform.\n"),
            "platform": dict(notes="[[INC-2025-015]]: brute-force detection locked the shared scanner accounts. Device accounts get their own realm.\n"),
        },
        action_items=[dict(key="trk-lag-trend", title="Explain the tracking-ingest lag trend since ParcelNet went live",
                           owner="mateo", due=D("2025-09-19"), status="done", closed=D("2025-09-18"),
                           refs=["slo:tracking-freshness", "alert:KafkaConsumerGroupLag"])]),
    "2025-W38": dict(
        tags=["slo", "error-budget"],
        image="freshness",
        teams={"tracking": dict(health=3, notes="""\
Freshness 97.96%, third miss in a row; the four-week budget is used up. Mateo's answer to last
week's question ({{AI:trk-lag-trend}}): partition count. 24 partitions, consumers at their limit
each evening. Error-budget policy applies: feature freeze for tracking-ingest.
""")},
        action_items=[
            dict(key="trk-partitions", title="Add partitions to tracking.scans (24 to 96) and scale the consumers",
                 owner="jonas", due=D("2025-10-03"), status="done", closed=D("2025-10-01"),
                 refs=["slo:tracking-freshness", "service:tracking-ingest", "service:event-bus"]),
            dict(key="trk-freeze", title="Freeze tracking-ingest feature deploys until the freshness budget recovers",
                 owner="grace", team="tracking", due=D("2025-10-31"), status="done", closed=D("2025-10-24"),
                 refs=["slo:tracking-freshness", "page:process/error-budget-policy"]),
        ],
        body="""\
![Scan freshness by week](2025-W38/freshness.svg)

[[slo:tracking-freshness]] has slipped every week since ParcelNet went live. We applied the
[[page:process/error-budget-policy|error-budget policy]] for the first time: reliability work only
on tracking-ingest until the budget is back. Repartitioning was scheduled for W40 because it needs
Platform; nobody pushed to bring it forward.
"""),
    "2025-W39": dict(
        tags=["slo"],
        teams={"tracking": dict(baseline=0, csv="tracking-pages.csv", health=2, tickets=9, notes="""\
Pager export attached instead of a list, too many to type. Lag every evening and twice at night;
Thursday's delay is [[INC-2025-016]], reviewed next week.
""", csv_pages=[
            P(0, 18, 51, LAG, "tracking-ingest", False, 210), P(0, 23, 40, LAG, "tracking-ingest", False, 420),
            P(1, 19, 14, LAG, "tracking-ingest", False, 150), P(1, 20, 30, "KafkaConsumerGroupLagIncreasing", "tracking-ingest", False, 95),
            P(2, 3, 5, LAG, "tracking-ingest", False, 610), P(2, 19, 2, LAG, "tracking-ingest", False, 185),
            P(3, 8, 10, LAG, "tracking-ingest", False, 240), P(3, 9, 20, "KafkaConsumerGroupLagIncreasing", "tracking-ingest", True, 60),
            P(3, 10, 35, "KubernetesPodCrashLooping", "tracking-ingest", True, 45, responder="yusuf"),
            P(3, 11, 50, "RabbitMQTooManyReadyMessages", "notifications", True, 120, responder="yusuf"),
            P(3, 16, 5, LAG, "tracking-ingest", True, 70),
            P(4, 21, 12, LAG, "tracking-ingest", False, 300), P(5, 14, 25, "ElasticsearchHighQueryLatency", "tracking-api", False, 330),
            P(6, 20, 48, LAG, "tracking-ingest", False, 270),
        ])}),
    "2025-W40": dict(
        tags=["slo"],
        teams={
            "tracking": dict(health=3, notes="""\
Repartitioning brought forward to Wednesday after [[INC-2025-016]]. Four lag pages, three of them
real (during the migration). Freshness 98.85%, still below target but recovering.
"""),
            "platform": dict(notes="Helped Tracking with the partition move on Wednesday; no broker issues.\n"),
        },
        action_items=[dict(key="w40-lagalert", title="Stop paging on raw KafkaConsumerGroupLag once the burn-rate alert is live",
                           owner="mateo", due=D("2025-11-07"), status="done", closed=D("2025-11-06"),
                           refs=["alert:KafkaConsumerGroupLag", "slo:tracking-freshness"])],
        body="""\
Sofia presented [[INC-2025-016]]. The facilitator's question: we had an exhausted budget, a paging
alert and a known fix scheduled — why did we wait? Answers: the fix needed Platform, the alert had
cried wolf for a month, and nobody treats an exhausted budget as an emergency. The first two have
action items. The third is a process question for [[page:process/error-budget-policy]]: an
exhausted budget now puts the fix at the top of both teams' lists.
"""),
    "2025-W41": dict(
        teams={
            "tracking": dict(health=4, notes="Freshness 99.38%, first met week since August. One lag page, drained in minutes.\n"),
            "payments": dict(notes="""\
Ten pages, steadily more every week since the end of August. Mostly billing queue age and GC.
Keeping an eye on it.
"""),
        },
        wins=["Scan freshness back above target two weeks after the repartitioning."]),
    "2025-W42": dict(
        teams={
            "tracking": dict(notes="""\
[[INC-2025-017]]: ParcelNet rotated their webhook key, we rejected everything for five hours and no
alert fired (we were receiving nothing, so no lag). Per-carrier volume alert coming.
"""),
            "payments": dict(notes="Twelve pages. Three at night, none actionable.\n"),
        }),
    "2025-W43": dict(
        tags=["dst", "oncall-load"],
        teams={
            "platform": dict(pages=[
                P(6, 2, 30, "PrometheusTargetMissing", "event-bus", False, 300, urgency="low"),
                P(6, 2, 30, "PrometheusTargetMissing", "event-bus", False, 240, urgency="low", fold=1),
            ], notes="""\
Clocks went back Sunday. `PrometheusTargetMissing` paged at 02:30 twice — once at 02:30 CEST, once
at 02:30 CET — when the broker exporters restarted for the chrony update. Not actionable.
"""),
            "payments": dict(notes="""\
Tyler's week: 13 pages, three between 22:00 and 08:00. Health 2. Nearly all noise:
`PGBouncerClientsWaitingForConnection` around 19:00 on weekdays, and billing alerts that resolved
themselves.
"""),
        }),
    "2025-W44": dict(
        tags=["dst", "oncall-load"],
        teams={
            "warehouse": dict(health=3, notes="""\
[[INC-2025-018]]: the full sync ran twice when 02:30 happened twice. In April we said we would
check our CronJobs after Dispatch's DST incident, and did not.
"""),
            "payments": dict(pages=[
                P(6, 1, 30, "PostgresqlLongRunningTransaction", "ledger-api", False, 200, urgency="low"),
                P(6, 1, 40, "PostgresqlLongRunningTransaction", "ledger-api", False, 380, urgency="low", fold=1),
            ], notes="""\
Fifteen pages. US clocks went back Sunday: two vacuum pages at 01:30 EDT and 01:40 EST, ten
minutes apart by the clock on the wall, an hour and ten in real time. Health 2 again.

Ledger p99 latency is above 800 ms for the first time: under the peak load, requests wait for
PgBouncer connections. The pgcat migration ({{AI:w21-pgcat-date}} gave it its date, after peak
season) is the fix; until then we watch it here.
"""),
        },
        action_items=[dict(key="w44-cron", title="Check every remaining CronJob in the group for local-time schedules",
                           owner="dmitri", due=D("2025-11-14"), status="done", closed=D("2025-11-12"),
                           refs=["INC-2025-018", "INC-2025-006"])],
        body="""\
Second DST incident this year ([[INC-2025-006]] in March, [[INC-2025-018]] now). The action item
after the first one was dropped in May without the check being done. Dmitri will check every
CronJob in the group this time, not ask teams to.
"""),
    "2025-W45": dict(
        tags=["oncall-load"],
        teams={"payments": dict(notes="""\
Seventeen pages, five at night. `PGBouncerClientsWaitingForConnection` pages at about 19:00 New York
almost every evening and clears in ten minutes. Nobody knows why at that time.
""")},
        action_items=[dict(key="pay-1900", title="Find out why PGBouncerClientsWaitingForConnection pages every evening around 19:00 New York time",
                           owner="tyler", due=D("2025-11-14"), status="done", closed=D("2025-11-13"),
                           refs=["alert:PGBouncerClientsWaitingForConnection", "service:ledger-api"])]),
    "2025-W46": dict(
        tags=["oncall-load"],
        teams={"payments": dict(notes="""\
Priya's week: 19 pages, six in sleep hours, health **1**. One real incident ([[INC-2025-019]]). The
nights were `AWSSQSMessageAgeTooOld` clearing itself, again and again. The 19:00 pages are the
ledger reconciliation ({{AI:pay-1900}}): expected, and the threshold now allows for it.
""")},
        action_items=[
            dict(key="pay-relief", title="Relieve the payments rotation: bring Noor onto it after shadowing",
                 owner="farid", team="payments", due=D("2025-12-19"), status="done", closed=D("2026-01-09"),
                 refs=["team:payments", "page:process/on-call"]),
            dict(key="pay-headcount", title="Approve a sixth payments engineer for 2026",
                 owner="ruth", team="payments", due=D("2025-12-12"), status="done", closed=D("2025-12-10"),
                 refs=["team:payments"]),
        ],
        body="""\
The on-call section took twenty minutes. Payments' pages have gone up every week for ten weeks and
the health score has gone from 4 to 1. Four people in the rotation means every fourth week on call,
in a time zone where nobody else in the group is awake at night.

Decided: Noor joins the rotation as soon as she has shadowed two weeks; Ruth takes the headcount
question. Tuning the billing alerts is next week's topic once Priya has the numbers.
"""),
    "2025-W47": dict(
        tags=["oncall-load"],
        teams={"payments": dict(notes="""\
Tyler: 21 pages, 7 in sleep hours. Most of the night pages were billing alerts
(`AWSSQSMessageAgeTooOld`, `JVMGCTimeTooHigh`) that needed nothing.
""")},
        action_items=[
            dict(key="pay-tuning", title="Make AWSSQSMessageAgeTooOld and JVMGCTimeTooHigh low urgency outside business hours",
                 owner="priya", due=D("2025-12-05"), status="done", closed=D("2025-12-18"),
                 refs=["alert:AWSSQSMessageAgeTooOld", "alert:JVMGCTimeTooHigh", "service:billing-api"]),
            dict(key="pay-nightcover", title="Platform covers payments tier-1 pages 22:00–06:00 New York time until the rotation grows",
                 owner="dana", team="platform", due=D("2025-11-28"), status="dropped", closed=D("2025-12-15"),
                 refs=["team:payments", "team:platform"]),
        ],
        body="""\
Payments' on-call, last eight weeks (from the reviews):

| Week | Pages | Sleep-hour pages | Health |
|---|---|---|---|
| [[2025-W40]] | 9 | 2 | 3 |
| [[2025-W41]] | 10 | 2 | 3 |
| [[2025-W42]] | 12 | 3 | 3 |
| [[2025-W43]] | 13 | 3 | 2 |
| [[2025-W44]] | 15 | 4 | 2 |
| [[2025-W45]] | 17 | 5 | 2 |
| [[2025-W46]] | 19 | 6 | 1 |
| this week | 21 | 7 | 2 |

Two levers: fewer pages (tune the billing alerts so they wait for business hours) and more people
(Noor, then the new hire). Platform offered to cover nights in the meantime; Payments will decide
after the tuning[^1].

[^1]: Written into [[page:process/on-call]] as the rule for any rotation: two heavy weeks in a row
    and the next review must decide on tuning or people.
"""),
    "2025-W48": dict(
        tags=["oncall-load", "peak"],
        teams={"payments": dict(csv="payments-pages.csv", notes="""\
PagerDuty export attached: {payments_pages} pages. Keisha had sleep-hour pages four nights running
before Black Friday, Thanksgiving included. Friday's ledger outage is [[INC-2025-020]], reviewed next week.
""")}),
    "2025-W49": dict(
        tags=["oncall-load", "peak", "repeat"],
        teams={"payments": dict(csv="payments-pages.csv", notes="""\
Marcus's week, export attached again ({payments_pages} pages). Double charges on Wednesday evening,
[[INC-2025-021]]. Refunds done Thursday.
""")},
        action_items=[dict(key="w49-peakfreeze", title="Second reviewer for any config push to payments tier-1 services during peak",
                           owner="marcus", due=D("2025-12-05"), status="done", closed=D("2025-12-04"),
                           refs=["service:ledger-api", "INC-2025-020"])],
        body="""\
Two incidents for Payments. [[INC-2025-020]] is the one to learn from: the same proximate cause as
[[INC-2025-003]] in February. The action item that would have prevented it — template the pool size
and test it — was dropped in March because a migration would replace the template; the migration
was then paused in May, and the question "what replaces the check meanwhile?" ([[2025-W21]]) ended
as another dropped item.

Dana (facilitating) takes an action item to go through every item dropped in the last twelve
months and ask whether the risk it covered is still there (on [[INC-2025-020]]). Her point as
auditor: dropping an action item is a decision and needs the same scrutiny as closing one.
"""),
    "2025-W50": dict(
        tags=["oncall-load", "peak"],
        teams={"payments": dict(notes="""\
22 pages, six at night. First tuning change live Thursday (queue-age alert waits for business hours
unless the queue is older than two hours). Noor shadowing.
""")}),
    "2025-W51": dict(
        teams={
            "dispatch": dict(notes="[[INC-2025-022]]: autoscaler at its maximum for two hours on Tuesday morning. Limits are reviewed before each peak from now on.\n"),
            "payments": dict(notes="17 pages. Both tuning changes live since Thursday; night pages down to four.\n"),
        },
        wins=["Peak season done without a customer-facing incident at Tracking or Warehouse."]),
    "2025-W52": dict(
        tags=["holidays"],
        teams={"payments": dict(omit=["slos"], notes="Ten pages, two at night. SLO numbers after the break; the dashboard export was broken.\n")},
        body="Holiday freeze. Half the teams sent a deputy. Ended after 15 minutes.\n"),
    "2026-W01": dict(
        tags=["holidays"],
        teams={"dispatch": dict(omit=["tickets", "slos"])},
        body="Holiday week. Dispatch reported only pages and health; the rest next week.\n"),
    "2026-W02": dict(
        action_items=[dict(key="w02-kc26", title="Test the Keycloak 26 upgrade against the device realm",
                           owner="elif", due=D("2026-01-23"), status="done", closed=D("2026-01-22"),
                           refs=["service:identity", "INC-2025-015"])]),
    "2026-W03": dict(
        tags=["oncall-load"],
        teams={
            "payments": dict(notes="""\
Six pages, none at night, health 4. First week with both tuning changes and the five-person
rotation. The best week since August.
"""),
            "tracking": dict(health=3, notes="""\
SMS provider outage on Tuesday, [[INC-2026-001]]. E-mail fallback covered about 60%. A second
provider is now a project.
"""),
        },
        wins=["Payments on-call back to normal: 6 pages, none at night, health 4."],
        action_items=[dict(key="w03-pay-retro", title="Write up what relieved the payments rotation for the on-call page",
                           owner="priya", due=D("2026-02-06"), status="done", closed=D("2026-02-09"),
                           refs=["team:payments", "page:process/on-call"])],
        body="""\
Closing the loop on Payments' on-call (see [[2025-W47]]): pages are down from 21 to 6 a week,
night pages from 7 to 0. Two things did it, in this order: billing alerts that wait for business
hours ({{AI:pay-tuning}}), and a fifth person ({{AI:pay-relief}}). Platform's night cover was never
needed and was dropped.
"""),
    "2026-W05": dict(
        tags=["repeat"],
        teams={
            "platform": dict(baseline=0, csv="platform-pages.csv", health=2, notes="""\
PagerDuty export attached. The partner API certificate expired at midnight on Tuesday,
[[INC-2026-002]]: bought by hand, installed on the legacy HAProxy, missed by last year's inventory.
""", csv_pages=[
                P(0, 9, 12, "EnvoyHighDownstreamHTTP5xxErrorRate", "api-gateway", True, 80, urgency="high"),
                P(1, 0, 45, "EnvoyNoHealthyUpstream", "api-gateway", True, 60, urgency="high"),
                P(1, 1, 5, "BlackboxSSLCertificateWillExpireSoon", "api-gateway", True, 120, urgency="high"),
                P(1, 14, 30, "KubernetesNodeNotReady", "api-gateway", False, 240, urgency="high"),
                P(2, 11, 3, "KeycloakSlowRequestResponseTime", "identity", False, 300, urgency="low"),
                P(3, 16, 44, "HostDiskIOSaturation", "event-bus", False, 420, urgency="low"),
                P(5, 4, 10, "KubernetesNodeNotReady", "api-gateway", False, 540, urgency="high"),
            ]),
            "payments": dict(notes="Noor's first primary week: four pages, none at night.\n"),
        },
        body="""\
Second certificate incident in ten months ([[INC-2025-007]], [[INC-2026-002]]). The inventory after
the first one looked at what we knew about. Chioma's action item is to start from DNS instead:
every public hostname gets an expiry probe, whoever owns it.
"""),
    "2026-W06": dict(
        teams={"warehouse": dict(notes="Rotterdam live since Monday 06:00. Hypercare until 2026-02-20.\n")},
        wins=["Rotterdam went live on time; first shift shipped 4,200 parcels."],
        action_items=[dict(key="w06-rtm", title="Daily check-in with Rotterdam during hypercare",
                           owner="lars", due=D("2026-02-20"), status="done", closed=D("2026-02-20"),
                           refs=["service:wms-api", "service:label-service"])]),
    "2026-W07": dict(
        tags=["repeat"],
        teams={"warehouse": dict(notes="""\
[[INC-2026-003]]: Rotterdam's print server had the spooler on Manual, same as Hamburg in January
last year. This time the alert paged in twelve minutes and the runbook fixed it.
"""),
               "payments": dict(notes="pgcat cut-over Tuesday 03:00 ET, five minutes read-only as planned. Ledger p99 latency back to 450 ms, where it was before the peak season.\n")},
        action_items=[dict(key="w07-pgcat-watch", title="Watch ledger replica lag for two weeks after the pgcat cut-over",
                           owner="tyler", due=D("2026-02-27"), status="open",
                           refs=["service:ledger-api", "alert:PostgresqlReplicationLag"])]),
    "2026-W08": dict(
        teams={
            "payments": dict(health=3, notes="""\
[[INC-2026-004]] on Thursday: balances up to nine minutes stale, payouts rejected. Mitigated by
reading from the primary; the cause is open. SLOs green throughout, which says more about the SLOs.
""", notes_for_presenter="""\
Keep it short: Tyler presents [[INC-2026-004]] itself in the incidents section. Ask whether
anyone else reads from the ledger replicas.
"""),
            "tracking": dict(notes="Saturday evening: one shard unassigned, search partial, [[INC-2026-005]]. Still investigating.\n",
                             notes_for_presenter="Jonas is still on it; say when the next update is due.\n"),
        },
        recording="https://video.northwind.example/ops-review/2026-W08",
        action_items=[dict(key="w08-es-runbook", title="Get the Elasticsearch runbook from INC-2025-013 written",
                           owner="grace", team="tracking", due=D("2026-03-06"), status="open",
                           refs=["service:tracking-api", "alert:ElasticsearchClusterYellow", "INC-2025-013"])],
        body="""\
Two incidents still open at the end of the week. [[INC-2026-005]] is the second Elasticsearch
incident without a runbook; the action item from [[INC-2025-013]] has been open since September.
Grace takes it over.

Open and overdue items are on the actions page; Dana's review of dropped items ([[INC-2025-020]]) is
overdue too.
"""),
}
