"""Declared operational metrics of the sample, and their weekly values.

The stories they tell:

- Tracking's API traffic grows slowly all year, climbs through the peak season to Black Friday
  (2025-W48) and drops over the holidays: 2026-W01 is flagged as a drop against the usual.
- The Ledger API's p99 latency regresses from 2025-W42 as clients wait for PgBouncer connections
  under the peak load (the pager story of Q4), misses its 800 ms target from 2025-W44, and comes
  back when the PgBouncer-to-pgcat migration (the action item of 2025-W21 gave it its date) is cut
  over in 2026-W07.
- Platform deploys about forty times a week, and hardly at all in the change freeze over the
  holidays (2025-W52, 2026-W01).
- Warehouse's open bugs hover below twenty, are not reported in two summer weeks (no data, a gap,
  never zero), and jump with the Rotterdam go-live (2026-W06), missing the target of 30 in W07.
"""

import random

SEED = "northwind-metrics"

# Owner (a team id, or "service:<id>") → metric id → declaration, as written in the front matter.
DECLARED = {
    "tracking": {
        "traffic": dict(name="Tracking API traffic", unit="requests/s", good="higher",
                        query='sum(rate(http_requests_total{service="tracking-api"}[${week}]))'),
    },
    "platform": {
        "deploys": dict(name="Production deploys", unit="deploys", good="higher", kind="count", unusual=dict(change=0.5),
                        query='sum(increase(argocd_app_sync_total{phase="Succeeded"}[${week}]))'),
    },
    "warehouse": {
        "open-bugs": dict(name="Open bugs", unit="bugs", good="lower", kind="count", target=30,
                          unusual=dict(change=0.25, at_least=5)),
    },
    "service:ledger-api": {
        "p99-latency": dict(name="p99 latency", unit="ms", good="lower", target=800,
                            query='histogram_quantile(0.99, sum by (le) (rate(ledger_request_duration_seconds_bucket[${week}]))) * 1000'),
    },
}

# Traffic as a share of the year's trend, by week.
TRAFFIC_SEASON = {
    "2025-W40": 1.05, "2025-W41": 1.1, "2025-W42": 1.15, "2025-W43": 1.2, "2025-W44": 1.27,
    "2025-W45": 1.35, "2025-W46": 1.45, "2025-W47": 1.55, "2025-W48": 1.75, "2025-W49": 1.68,
    "2025-W50": 1.6, "2025-W51": 1.5, "2025-W52": 1.2, "2026-W01": 0.95, "2026-W02": 1.2,
    "2026-W03": 1.22, "2026-W04": 1.2, "2026-W05": 1.18, "2026-W06": 1.18, "2026-W07": 1.2,
    "2026-W08": 1.2,
}

LEDGER_P99 = {
    "2025-W41": 470, "2025-W42": 560, "2025-W43": 690, "2025-W44": 840, "2025-W45": 910,
    "2025-W46": 980, "2025-W47": 1040, "2025-W48": 1190, "2025-W49": 1080, "2025-W50": 930,
    "2025-W51": 780, "2025-W52": 650, "2026-W01": 610, "2026-W02": 640, "2026-W03": 630,
    "2026-W04": 620, "2026-W05": 640, "2026-W06": 610, "2026-W07": 450, "2026-W08": 440,
}

FREEZE = {"2025-W52": 4, "2026-W01": 6}
BUGS = {"2026-W06": 29, "2026-W07": 34, "2026-W08": 27}
BUGS_NOT_REPORTED = {"2025-W31", "2025-W32"}


def declared(owner):
    """The `metrics:` of a team (its id) or a service ("service:<id>"), or None."""
    return DECLARED.get(owner)


def values(team, wid, idx):
    """The values a team's section reports in week `wid` (the `idx`-th week of the archive)."""
    rng = random.Random(f"{SEED}:{wid}:{team}")
    out = {}
    if team == "tracking":
        trend = 420 * 1.004 ** idx
        out["traffic"] = round(trend * TRAFFIC_SEASON.get(wid, 1.0) * rng.uniform(0.985, 1.015))
    elif team == "platform":
        out["deploys"] = FREEZE.get(wid, rng.randint(34, 46))
    elif team == "warehouse" and wid not in BUGS_NOT_REPORTED:
        out["open-bugs"] = BUGS.get(wid, rng.randint(15, 20))
    elif team == "payments":
        out["ledger-api/p99-latency"] = LEDGER_P99.get(wid, rng.randint(415, 445))
    return out
