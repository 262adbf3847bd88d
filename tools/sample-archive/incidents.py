"""The incident summaries. Times are wall-clock tuples in the zone of the incident's first team:
(year, month, day, hour, minute) or (..., fold) for the second occurrence of an ambiguous time.

`page` (alert, service) puts the page that detected the incident into that team's week.
`slo` overrides the week's attainment for the SLO keys it names.
Action items use `key` placeholders; ids (AI-YYYY-NNN) are assigned by the generator.
"""

from datetime import date

PM = "https://docs.northwind.example/postmortems/"
BER = "Europe/Berlin"
NYC = "America/New_York"


def D(s):
    return date.fromisoformat(s)


INCIDENTS = [
    dict(
        id="INC-2025-001", title="Route planner OOM-killed after the map data update",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 1, 8, 4, 12), detected=(2025, 1, 8, 4, 15), acknowledged=(2025, 1, 8, 4, 21),
        mitigated=(2025, 1, 8, 5, 2), resolved=(2025, 1, 8, 8, 30),
        teams=["dispatch"], services=["route-planner"], commander="henrik", detection="alert",
        impact="Morning plans for 38 depots in the Netherlands were 40 minutes late; drivers started from the previous day's tours.",
        proximate_causes=["The quarterly map-data update added 1.8 GB of road segments and the planner's 6 GiB memory limit was not raised with it."],
        trigger="map data update", tags=["capacity", "memory"],
        page=("KubernetesContainerOomKiller", "route-planner"),
        slo={"route-planner-availability": "99.71"},
        action_items=[
            dict(key="inc001-limit", title="Derive the route-planner memory limit from the map build instead of setting it by hand",
                 owner="henrik", due=D("2025-01-24"), status="done", closed=D("2025-01-22"),
                 refs=["service:route-planner", "runbook:route-planner-memory"]),
        ],
        body="""\
## Summary

The planner was OOM-killed three times between 04:12 and 04:40 while planning the Dutch depots.
The new map data (Q1 release) is 30% larger; nobody connected the map release to the memory limit.

## Timeline

- **04:12** first OOM kill, pod restarts and starts the Dutch region again
- **04:15** `KubernetesContainerOomKiller` pages Henrik
- **04:35** second and third kill; Henrik raises the limit to 9 GiB by hand
- **05:02** plans for all 38 depots published, 40 minutes late
- **08:30** limit committed to the repo, alert resolved

## What went well

- The page came within three minutes and the runbook pointed straight at the map version.

## What went badly

- The map release checklist has no step for capacity.

## Where we got lucky

- The German depots had been planned before the first kill.
"""),

    dict(
        id="INC-2025-002", title="Label printing down in Hamburg after Windows update",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 1, 21, 6, 5), detected=(2025, 1, 21, 6, 20), acknowledged=(2025, 1, 21, 6, 24),
        mitigated=(2025, 1, 21, 6, 48), resolved=(2025, 1, 21, 9, 10),
        teams=["warehouse"], services=["label-service"], commander="paula", detection="internal",
        impact="No shipping labels in Hamburg for 43 minutes at shift start; about 1,100 parcels left on a later truck.",
        proximate_causes=["The January cumulative update restarted the print server and the Print Spooler, set to Manual, did not start again."],
        trigger="OS patch", tags=["windows", "patching", "printing"],
        slo={"label-print-success": "99.21"},
        action_items=[
            dict(key="inc002-gpo", title="Set the Print Spooler to Automatic (Delayed Start) by GPO on all print servers",
                 owner="rafael", due=D("2025-01-31"), status="done", closed=D("2025-01-29"),
                 refs=["service:label-service", "runbook:label-printing"]),
            dict(key="inc002-alert", title="Alert on the Spooler service state, not only on the blackbox probe",
                 owner="lars", due=D("2025-02-07"), status="done", closed=D("2025-02-05"),
                 refs=["alert:WindowsServerServiceStatus"]),
        ],
        body="""\
## Summary

The shift lead in Hamburg called the warehouse on-call at 06:20: nothing printed. The print server
had installed the January update overnight and rebooted; the spooler stayed stopped. Our blackbox
probe only checks that the label API answers, so nothing paged.

## Timeline

| Time | |
|---|---|
| 03:10 | print server reboots after the update |
| 06:05 | first label jobs queue up, none print |
| 06:20 | shift lead calls Paula |
| 06:48 | spooler started, backlog printing |
| 09:10 | backlog cleared |

## What went well

- The shift lead switched two docks to hand-written labels for priority parcels.

## What went badly

- We learned about it from the floor. There was no alert for the spooler.

## Where we got lucky

- Leipzig's print server had been patched the week before, with the spooler still on Automatic.
"""),

    dict(
        id="INC-2025-003", title="Ledger writes failing: PgBouncer pool size reset by config push",
        severity="major", status="closed", zone=NYC,
        started=(2025, 2, 4, 14, 2), detected=(2025, 2, 4, 14, 6), acknowledged=(2025, 2, 4, 14, 8),
        mitigated=(2025, 2, 4, 14, 41), resolved=(2025, 2, 4, 15, 30),
        teams=["payments"], services=["ledger-api"], commander="priya", detection="alert",
        impact="Ledger writes failed or timed out for 39 minutes; 7% of card captures failed and were retried by clients. No data lost.",
        proximate_causes=["A config-template change rendered PgBouncer's default_pool_size as the package default (20) instead of 120."],
        trigger="config push", postmortem=True, tags=["config", "pgbouncer", "connection-pool"],
        page=("PGBouncerClientsWaitingForConnection", "ledger-api"),
        slo={"ledger-availability": "99.614", "ledger-write-latency": "98.37"},
        action_items=[
            dict(key="inc003-template", title="Template default_pool_size explicitly and check it in CI",
                 owner="tyler", due=D("2025-02-21"), status="dropped", closed=D("2025-03-21"),
                 refs=["service:ledger-api"]),
            dict(key="inc003-drift", title="Alert when the PgBouncer pool size differs from the expected value",
                 owner="keisha", due=D("2025-02-28"), status="done", closed=D("2025-02-27"),
                 refs=["alert:PGBouncerClientsWaitingForConnection", "runbook:ledger-db-connections"]),
        ],
        body="""\
## Summary

A tidy-up of the PgBouncer config template removed the explicit `default_pool_size`. The next
deploy rendered the config without it and PgBouncer fell back to 20 server connections. Under the
afternoon load clients queued, writes timed out, and card captures failed.

## Timeline (New York)

- 13:58 config deploy reaches the ledger pooler
- 14:02 client wait time climbs; first write timeouts
- 14:06 `PGBouncerClientsWaitingForConnection` pages Priya
- 14:20 database itself looks healthy; Priya suspects the pooler
- 14:38 `SHOW POOLS` shows pool_size 20; config rolled back
- 14:41 writes recover

## What went well

- The alert fired four minutes in, and rollback was one command.

## What went badly

- Twenty minutes went into the database, because the runbook started there.
- The template change was reviewed as a refactor, not as a production change.

## Where we got lucky

- It happened at 14:00, not during the 19:00 reconciliation run.

Deep dive: postmortem linked above. The CI check was later dropped in favour of the pooler
migration[^1].

[^1]: That decision is revisited in [[INC-2025-020]].
"""),

    dict(
        id="INC-2025-004", title="Gateway 503s during Envoy canary",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 2, 19, 10, 31), detected=(2025, 2, 19, 10, 33), acknowledged=(2025, 2, 19, 10, 34),
        mitigated=(2025, 2, 19, 10, 43), resolved=(2025, 2, 19, 11, 20),
        teams=["platform"], services=["api-gateway", "identity"], commander="chioma", detection="alert",
        impact="2.5% of API requests through the eu-central canary returned 503 for 12 minutes.",
        proximate_causes=["Envoy 1.33 changed the default upstream idle timeout; keep-alive connections to identity were closed while requests were in flight."],
        trigger="deploy", tags=["deploy", "envoy"],
        page=("EnvoyHighDownstreamHTTP5xxErrorRate", "api-gateway"),
        slo={"gateway-availability": "99.931"},
        action_items=[
            dict(key="inc004-timeouts", title="Pin upstream idle timeouts explicitly in the gateway config",
                 owner="dmitri", due=D("2025-03-07"), status="done", closed=D("2025-03-04"),
                 refs=["service:api-gateway", "runbook:gateway-5xx"]),
        ],
        body="""\
Short one. The canary did its job: one region, 10% of traffic, rolled back nine minutes after the
first error. Envoy 1.33 shortened an idle timeout default that we had never set explicitly.

- **Went well:** canary plus automatic 5xx alert; rollback by the book.
- **Went badly:** the upgrade notes mentioned the change and nobody read that far.
- **Lucky:** identity is the only upstream with long keep-alives.
"""),

    dict(
        id="INC-2025-005", title="Duplicate delivery SMS from dead-letter requeue",
        severity="major", status="closed", zone=BER,
        started=(2025, 3, 11, 16, 40), detected=(2025, 3, 11, 18, 5), acknowledged=(2025, 3, 11, 18, 9),
        mitigated=(2025, 3, 11, 18, 35), resolved=(2025, 3, 12, 10, 0),
        teams=["tracking"], services=["notifications"], commander="jonas", detection="customer",
        impact="About 18,000 customers received 2–6 copies of their delivery SMS over 85 minutes; roughly €2,100 extra SMS cost and a spike in support calls.",
        proximate_causes=["The dead-letter policy requeued messages whose provider callback had timed out, although the provider had delivered them; sends had no idempotency key."],
        trigger="SMS provider latency spike", postmortem=True, tags=["rabbitmq", "retries", "idempotency"],
        action_items=[
            dict(key="inc005-idem", title="Idempotency key on every SMS and e-mail send",
                 owner="yusuf", due=D("2025-04-04"), status="done", closed=D("2025-04-02"),
                 refs=["service:notifications"]),
            dict(key="inc005-ratio", title="Alert on the duplicate-send ratio",
                 owner="lea", due=D("2025-03-28"), status="done", closed=D("2025-03-27"),
                 refs=["service:notifications"]),
            dict(key="inc005-dlq", title="Make RabbitMQDeadLetterQueueFillingUp page the tracking on-call",
                 owner="mateo", due=D("2025-03-21"), status="done", closed=D("2025-03-18"),
                 refs=["alert:RabbitMQDeadLetterQueueFillingUp", "runbook:notification-backlog"]),
        ],
        body="""\
## Summary

The SMS provider slowed down for half an hour. Our sender treats a missing delivery callback as a
failure and dead-letters the message; a requeue policy added in January sent every dead-lettered
message again. The provider had in fact delivered most of them.

Our [[slo:notifications-delivery]] SLO stayed green the whole time: it counts messages we failed
to send, not messages we sent too often.

## Timeline

| Time (Berlin) | |
|---|---|
| 16:40 | provider p99 callback latency goes from 2 s to 40 s |
| 16:45 | dead-letter queue grows; requeue policy starts resending |
| 18:05 | support escalates: customers forwarding screenshots of five identical SMS |
| 18:09 | Jonas acknowledges, finds the requeue loop |
| 18:35 | requeue policy disabled, duplicates stop |
| next day 10:00 | dead-letter queue reviewed and drained by hand |

## What went well

- Support escalated within 20 minutes of the first complaints.

## What went badly

- 85 minutes of duplicates before anyone on our side noticed. The dead-letter alert existed but
  only posted to a channel.

## Where we got lucky

- Evening traffic is a third of the morning peak.
"""),

    dict(
        id="INC-2025-006", title="Monday route plans stale: nightly re-plan skipped at DST change",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 3, 31, 5, 0), detected=(2025, 3, 31, 5, 40), acknowledged=(2025, 3, 31, 5, 45),
        mitigated=(2025, 3, 31, 6, 20), resolved=(2025, 3, 31, 7, 5),
        teams=["dispatch"], services=["route-planner"], commander="henrik", detection="internal",
        impact="Monday morning plans for 61 depots were built from Saturday's orders; first tours left 30–50 minutes late.",
        proximate_causes=["The nightly re-plan CronJob was scheduled at 02:30 Europe/Berlin; on 2025-03-30 that time did not exist and the job did not run."],
        trigger="DST change", tags=["dst", "cron", "scheduling"],
        action_items=[
            dict(key="inc006-utc", title="Move all dispatch CronJobs to UTC schedules",
                 owner="henrik", due=D("2025-04-11"), status="done", closed=D("2025-04-09"),
                 refs=["service:route-planner"]),
            dict(key="inc006-others", title="Ask every team to check its CronJobs for local-time schedules",
                 owner="kofi", due=D("2025-04-18"), status="dropped", closed=D("2025-05-02"),
                 refs=["team:warehouse", "team:tracking", "team:payments", "team:platform"]),
        ],
        body="""\
The clocks went forward on Sunday night and 02:30 never happened, so the Sunday-night re-plan never
ran. The depot lead in Leipzig noticed that Monday's tours did not contain Sunday's pickups.

- **05:00** depots open with stale plans
- **05:40** Leipzig calls the dispatch hotline
- **06:20** manual re-plan finished for all depots
- **07:05** tours reissued; the late ones caught up by noon

What went well: the manual re-plan is scripted and took 35 minutes.
What went badly: no alert for "the nightly job did not run at all" — we alert on failures only.
Where we got lucky: it was not the autumn change, where the job would have run twice[^dst].

[^dst]: It turned out we were not lucky for long: see [[INC-2025-018]].
"""),

    dict(
        id="INC-2025-007", title="Driver app logins failing: identity certificate expired",
        severity="major", status="closed", zone=BER,
        started=(2025, 4, 9, 6, 2), detected=(2025, 4, 9, 6, 14), acknowledged=(2025, 4, 9, 6, 20),
        mitigated=(2025, 4, 9, 6, 49), resolved=(2025, 4, 9, 9, 30),
        teams=["platform", "dispatch"], services=["identity", "dispatch-api"], commander="elif", detection="customer",
        impact="Driver app logins failed for 47 minutes at the start of the morning shift; about 3,400 drivers could not start their tours on time.",
        proximate_causes=["cert-manager had failed to renew the token endpoint's certificate for three weeks (ACME rate limit); CertManagerCertificateNotReady went to a chat channel nobody watched."],
        trigger="certificate expiry", postmortem=True, tags=["certificates", "alerting"],
        slo={"identity-login-success": "99.418"},
        action_items=[
            dict(key="inc007-route", title="Route CertManagerCertificateNotReady to the platform pager",
                 owner="anja", due=D("2025-04-16"), status="done", closed=D("2025-04-14"),
                 refs=["alert:CertManagerCertificateNotReady", "runbook:certificate-expiry"]),
            dict(key="inc007-inventory", title="Inventory every TLS certificate that cert-manager does not manage",
                 owner="bastian", due=D("2025-05-16"), status="done", closed=D("2025-05-14"),
                 refs=["service:api-gateway", "service:identity"]),
        ],
        body="""\
## Summary

The certificate on `auth.northwind.example` expired at 06:02. Drivers start logging in at 06:00.
cert-manager had been failing to renew since 18 March because a misconfigured test issuer had used
up our ACME rate limit; the alert that says so went to `#platform-alerts`, which is muted by most.

## Timeline

1. 06:02 certificate expires; app logins fail with a TLS error
2. 06:14 dispatch hotline calls Platform on-call (Elif)
3. 06:30 cause found; rate limit means no new ACME certificate for hours
4. 06:49 certificate from the internal CA installed; logins recover
5. 09:30 public certificate issued after the limit window passed

## What went well

- Dispatch escalated fast, and the internal CA fallback in the runbook worked.

## What went badly

- Three weeks of warnings nobody saw.

## Where we got lucky

- The customer realm uses a different hostname, so shippers were unaffected.
"""),

    dict(
        id="INC-2025-008", title="Stock levels stale: inventory sync failing on expired ERP token",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 5, 6, 1, 0), detected=(2025, 5, 6, 7, 10), acknowledged=(2025, 5, 6, 7, 15),
        mitigated=(2025, 5, 6, 8, 5), resolved=(2025, 5, 6, 8, 40),
        teams=["warehouse"], services=["inventory-sync"], commander="paula", detection="internal",
        impact="WMS stock levels were up to six hours stale; 140 orders were promised from stock that had already shipped.",
        proximate_causes=["The ERP API token expired; the CronJob failure alert waited for three consecutive failures and was low urgency."],
        trigger="credential expiry", tags=["cron", "credentials"],
        slo={"inventory-sync-freshness": "96.48"},
        action_items=[
            dict(key="inc008-page", title="Page on the first failed inventory-sync run during business hours",
                 owner="mira", due=D("2025-05-16"), status="done", closed=D("2025-05-13"),
                 refs=["alert:KubernetesCronJobFailing", "service:inventory-sync"]),
            dict(key="inc008-token", title="Move the ERP token to the secrets rotation with an expiry alert",
                 owner="lars", due=D("2025-05-30"), status="done", closed=D("2025-06-04"),
                 refs=["service:inventory-sync"]),
        ],
        body="""\
The ERP team rotated credentials on a one-year cycle and ours was the one they did not announce.
Every 15-minute sync after 01:00 failed with a 401. Customer service noticed orders for items that
were physically gone.

*Went well:* the fix took five minutes once found. *Went badly:* six hours of silent failure.
*Lucky:* a Tuesday; Monday mornings have twice the order volume.
"""),

    dict(
        id="INC-2025-009", title="Kafka broker disk full; tracking updates delayed",
        severity="major", status="closed", zone=BER,
        started=(2025, 5, 27, 13, 20), detected=(2025, 5, 27, 13, 24), acknowledged=(2025, 5, 27, 13, 26),
        mitigated=(2025, 5, 27, 14, 35), resolved=(2025, 5, 27, 16, 10),
        teams=["platform", "tracking"], services=["event-bus", "tracking-ingest"], commander="bastian", detection="alert",
        impact="Tracking updates lagged up to 50 minutes; tracking pages showed stale status for about 1.2 M shipments.",
        proximate_causes=["A new topic was created with retention.ms=-1 and filled broker-3's disk; its partitions went offline."],
        trigger="topic creation", postmortem=True, tags=["kafka", "disk", "config"],
        page=("KafkaTopicsReplicas", "event-bus"),
        slo={"tracking-freshness": "98.71", "event-bus-publish-availability": "99.938"},
        action_items=[
            dict(key="inc009-terraform", title="Create topics only through Terraform, with a retention limit",
                 owner="dmitri", due=D("2025-06-20"), status="done", closed=D("2025-06-18"),
                 refs=["service:event-bus"]),
            dict(key="inc009-disk", title="Broker disk alert at 80% instead of 90%",
                 owner="elif", due=D("2025-06-06"), status="done", closed=D("2025-06-03"),
                 refs=["alert:HostOutOfDiskSpace", "service:event-bus"]),
        ],
        body="""\
## Summary

An analytics topic was created by hand with infinite retention. It filled broker-3's data disk in
nine days. When the disk filled, broker-3 went offline for its partitions, producers with
`acks=all` stalled, and [[service:tracking-ingest]] fell behind.

## Timeline

| Berlin | |
|---|---|
| 13:20 | broker-3 disk at 100%; under-replicated partitions |
| 13:24 | `KafkaTopicsReplicas` pages Bastian |
| 13:40 | tracking on-call (Léa) joins: consumer lag 20 min and growing |
| 14:10 | analytics topic deleted after the owner confirmed |
| 14:35 | broker-3 back in sync; lag draining |
| 16:10 | lag back to normal |

## What went well

- Platform and Tracking on one call within 20 minutes.

## What went badly

- Disk alert at 90% fired at 03:00 the night before and was acknowledged as "compaction".

## Where we got lucky

- Replication factor 3 meant no data was lost.
"""),

    dict(
        id="INC-2025-010", title="Monthly invoice run failed after node drain",
        severity="standard", status="resolved", zone=NYC,
        started=(2025, 6, 17, 2, 0), detected=(2025, 6, 17, 2, 45), acknowledged=(2025, 6, 17, 2, 58),
        mitigated=(2025, 6, 17, 9, 10), resolved=(2025, 6, 17, 11, 30),
        teams=["payments"], services=["billing-api"], commander="marcus", detection="alert",
        impact="Invoices for 1,900 business customers went out a day late.",
        proximate_causes=["The invoice job's pod was evicted when its node was drained for kernel patching; a partial run could not resume."],
        trigger="node maintenance", tags=["batch", "maintenance"],
        page=("KubernetesJobFailed", "billing-api"),
        slo={"billing-invoice-runs": "91.67"},
        action_items=[
            dict(key="inc010-resume", title="Make the invoice run resumable",
                 owner="priya", due=D("2025-08-01"), status="done", closed=D("2025-08-08"),
                 refs=["service:billing-api", "runbook:billing-jobs"]),
            dict(key="inc010-pdb", title="PodDisruptionBudget for billing batch jobs",
                 owner="tyler", due=D("2025-06-27"), status="done", closed=D("2025-06-25"),
                 refs=["service:billing-api"]),
        ],
        body="""\
Marcus was paged at 02:45 New York time. A restart would have re-invoiced the customers already
done, so he stopped and waited for the morning. The right call; it cost a day.

- Went well: nobody re-ran a non-idempotent job at 3 a.m.
- Went badly: Platform's drain schedule was not on our calendar.
- Lucky: it was the mid-month run, the smaller one.
"""),

    dict(
        id="INC-2025-011", title="All public APIs down: bad gateway route config pushed everywhere",
        severity="critical", status="closed", zone=BER,
        started=(2025, 7, 2, 15, 12), detected=(2025, 7, 2, 15, 13), acknowledged=(2025, 7, 2, 15, 14),
        mitigated=(2025, 7, 2, 15, 35), resolved=(2025, 7, 2, 16, 0),
        teams=["platform", "dispatch", "tracking"], services=["api-gateway", "dispatch-api", "tracking-api"],
        commander="anja", detection="alert",
        impact="All public APIs and the driver app returned 404 for 23 minutes. About 41,000 booking attempts failed and drivers could not scan.",
        proximate_causes=["A route change with a wrong prefix match was pushed to all regions at once; validation passed because the config was syntactically valid."],
        trigger="config push", postmortem=True, tags=["config", "envoy", "deploy", "blast-radius"],
        page=("BlackboxProbeHTTPFailure", "api-gateway"),
        slo={"gateway-availability": "99.712", "dispatch-api-availability": "99.781"},
        action_items=[
            dict(key="inc011-staged", title="Roll out gateway config region by region with automatic halt",
                 owner="chioma", due=D("2025-08-29"), status="done", closed=D("2025-08-27"),
                 refs=["service:api-gateway", "runbook:gateway-5xx"]),
            dict(key="inc011-synthetic", title="Synthetic checks for the ten busiest routes after every push",
                 owner="elif", due=D("2025-07-25"), status="done", closed=D("2025-07-24"),
                 refs=["alert:BlackboxProbeHTTPFailure", "service:api-gateway"]),
            dict(key="inc011-comms", title="Status-page template for shippers during API outages",
                 owner="dana", team="platform", due=D("2025-07-18"), status="done", closed=D("2025-07-16"),
                 refs=["service:api-gateway"]),
        ],
        body="""\
## Summary

A change meant to route `/v2/bookings/*` to a new backend used a prefix of `/v` by mistake. Envoy
accepted it, and the route matched almost everything. The pipeline pushed to all three regions in
one step. Every public route answered 404 until the change was reverted.

## Timeline (Berlin)

- 15:12 push completes in all regions
- 15:13 blackbox probes fail; Bastian paged
- 15:16 Anja takes command; status page updated 15:20
- 15:29 offending commit identified
- 15:35 revert deployed; traffic recovers
- 16:00 error rates normal, incident resolved

## What went well

- Detection in one minute; a clear commander from minute four.

## What went badly

- One push, three regions. Nothing between "valid YAML" and "all of production".
- Dispatch and Tracking learned about it from their own alerts, not from us.

## Where we got lucky

- 15:00 on a Wednesday: everybody at their desks.

Follow-up project: *Envoy staged rollout*, done in [[2025-W35]].
"""),

    dict(
        id="INC-2025-012", title="Drivers logged out: session Redis full",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 7, 22, 11, 5), detected=(2025, 7, 22, 11, 6), acknowledged=(2025, 7, 22, 11, 8),
        mitigated=(2025, 7, 22, 11, 30), resolved=(2025, 7, 22, 12, 15),
        teams=["dispatch"], services=["dispatch-api"], commander="henrik", detection="alert",
        impact="About 900 drivers were logged out and had to log in again mid-tour; no tours lost.",
        proximate_causes=["A new feature stored full route snapshots in the session Redis without a TTL; at maxmemory, allkeys-lru evicted sessions."],
        trigger="deploy", tags=["redis", "memory"],
        page=("RedisOutOfConfiguredMaxmemory", "dispatch-api"),
        slo={"dispatch-api-availability": "99.882"},
        action_items=[
            dict(key="inc012-redis", title="Separate Redis with TTLs for route snapshots",
                 owner="ines", due=D("2025-08-08"), status="done", closed=D("2025-08-06"),
                 refs=["service:dispatch-api"]),
        ],
        body="""\
Snapshots were 40 KB each and never expired. Memory hit the limit at 11:05 and Redis started
evicting the oldest keys, which were sessions. Feature flag off at 11:30, keys deleted by pattern.

Went well: flag off in minutes. Went badly: nobody asked "what is the TTL?" in review.
Lucky: mid-morning, when most drivers are between stops.
"""),

    dict(
        id="INC-2025-013", title="Slow tracking pages after Elasticsearch node replacement",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 8, 12, 9, 40), detected=(2025, 8, 12, 9, 48), acknowledged=(2025, 8, 12, 9, 50),
        mitigated=(2025, 8, 12, 11, 45), resolved=(2025, 8, 12, 12, 30),
        teams=["tracking"], services=["tracking-api"], commander="mateo", detection="alert",
        impact="Tracking page p99 latency reached 3 s for two hours; no errors.",
        proximate_causes=["A replaced data node joined before allocation awareness was set on it; hot shards moved onto it and it saturated."],
        trigger="node replacement", tags=["elasticsearch", "capacity"],
        page=("ElasticsearchHighQueryLatency", "tracking-api"),
        slo={"tracking-api-latency/under-300ms": "97.94", "tracking-api-latency/under-1s": "99.812"},
        action_items=[
            dict(key="inc013-runbook", title="Write a runbook for the Elasticsearch latency alerts, with the node replacement checklist",
                 owner="mateo", due=D("2025-09-12"), status="open",
                 refs=["alert:ElasticsearchHighQueryLatency", "service:tracking-api"]),
        ],
        body="""\
Routine node replacement in the morning. The new node came up without the zone attribute, so the
allocator treated it as a fresh zone and moved primaries of the busiest indices onto it.

Went well: the latency alert fired within eight minutes.
Went badly: the replacement steps live in one person's shell history.
Lucky: no errors, just slowness.
"""),

    dict(
        id="INC-2025-014", title="Mis-picks in Hamburg and Leipzig: WMS replica 25 minutes behind",
        severity="major", status="closed", zone=BER,
        started=(2025, 8, 28, 14, 10), detected=(2025, 8, 28, 14, 35), acknowledged=(2025, 8, 28, 14, 37),
        mitigated=(2025, 8, 28, 15, 5), resolved=(2025, 8, 28, 16, 20),
        teams=["warehouse"], services=["wms-api"], commander="rafael", detection="alert",
        impact="Pick lists were built from a replica 25 minutes behind: 312 mis-picks and about 90 shipments left late.",
        proximate_causes=["A migration added an index to the 180 M-row stock_movements table in one statement; the replica applied it single-threaded and fell behind."],
        trigger="schema migration", postmortem=True, tags=["mysql", "migration", "replication"],
        page=("MySQLSlaveReplicationLag", "wms-api"),
        action_items=[
            dict(key="inc014-ghost", title="Run schema changes on tables over 10 M rows through gh-ost",
                 owner="oskar", due=D("2025-09-26"), status="done", closed=D("2025-09-24"),
                 refs=["service:wms-api"]),
            dict(key="inc014-fallback", title="Read pick lists from the primary when replica lag exceeds 30 s",
                 owner="paula", due=D("2025-10-10"), status="done", closed=D("2025-10-09"),
                 refs=["service:wms-api", "runbook:mysql-replica-lag"]),
            dict(key="inc014-threshold", title="MySQLSlaveReplicationLag at 60 s instead of 300 s",
                 owner="rafael", due=D("2025-09-05"), status="done", closed=D("2025-09-03"),
                 refs=["alert:MySQLSlaveReplicationLag"]),
        ],
        body="""\
## Summary

A routine-looking migration (one index) ran at 13:50 on the primary in 20 minutes. The replica
applied it as one transaction and stopped applying anything else while it did. Pick lists read from
the replica, so pickers were sent to bins that had already been emptied.

[[slo:wms-api-availability]] stayed green: every request succeeded, with stale data.

## Timeline

| Berlin | |
|---|---|
| 13:50 | migration starts on primary |
| 14:10 | replica starts the ALTER; lag grows from here |
| 14:35 | lag alert (threshold then 300 s) pages Rafael |
| 14:50 | shift leads report mis-picks |
| 15:05 | pick lists switched to the primary by config |
| 16:20 | replica caught up; switched back |

## What went well

- Switching reads to the primary was a config flag.

## What went badly

- The alert threshold was five minutes; by then the floor had been working from stale data.

## Where we got lucky

- Thursday afternoon is the quietest picking window of the week.
"""),

    dict(
        id="INC-2025-015", title="Warehouse scanners locked out by identity brute-force detection",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 9, 9, 6, 30), detected=(2025, 9, 9, 6, 52), acknowledged=(2025, 9, 9, 6, 55),
        mitigated=(2025, 9, 9, 7, 40), resolved=(2025, 9, 9, 8, 30),
        teams=["platform", "warehouse"], services=["identity", "wms-api"], commander="bastian", detection="internal",
        impact="About 300 handheld scanners in Hamburg and Leipzig could not log in for 70 minutes at shift start.",
        proximate_causes=["Brute-force detection was enabled realm-wide; scanners share service accounts and retried a rotated password, which locked the accounts."],
        trigger="config change", tags=["identity", "config"],
        slo={"identity-login-success": "99.862"},
        action_items=[
            dict(key="inc015-realm", title="Move device accounts to their own realm without lockout",
                 owner="elif", due=D("2025-10-17"), status="done", closed=D("2025-10-15"),
                 refs=["service:identity"]),
            dict(key="inc015-rotation", title="Rotate scanner credentials in stages, one site at a time",
                 owner="mira", due=D("2025-10-03"), status="dropped", closed=D("2025-10-20"),
                 refs=["service:wms-api", "service:identity"]),
        ],
        body="""\
Two changes met: Platform enabled brute-force detection on the workforce realm on Monday, and
Warehouse rotated the scanner service-account password on Monday evening. At 06:00 hundreds of
scanners retried the old password and locked their shared accounts.

- Went well: Mira and Bastian found it together in 20 minutes.
- Went badly: neither team knew about the other's change. Both were in the projects section of
  the review, a week apart.
- Lucky: Rotterdam was not live yet.
"""),

    dict(
        id="INC-2025-016", title="Scan events delayed up to 2h40m: consumer group rebalance storm",
        severity="major", status="closed", zone=BER,
        started=(2025, 9, 25, 7, 50), detected=(2025, 9, 25, 9, 5), acknowledged=(2025, 9, 25, 9, 12),
        mitigated=(2025, 9, 25, 12, 40), resolved=(2025, 9, 26, 10, 20),
        teams=["tracking", "platform"], services=["tracking-ingest", "event-bus", "notifications"],
        commander="sofia", detection="customer",
        impact="Scan events were delayed up to 2 h 40 min; tracking pages and ETA notifications were stale for about 30% of shipments for five hours.",
        proximate_causes=["With ParcelNet's volume each poll loop exceeded max.poll.interval.ms; consumers were evicted and every rebalance stopped all 24 partitions (eager assignor)."],
        trigger="traffic growth (ParcelNet onboarding)", postmortem=True, related=["INC-2025-009"],
        tags=["kafka", "capacity", "slo"],
        action_items=[
            dict(key="inc016-assignor", title="Cooperative-sticky assignor and static membership for tracking-ingest",
                 owner="yusuf", due=D("2025-10-10"), status="done", closed=D("2025-10-08"),
                 refs=["service:tracking-ingest", "runbook:kafka-consumer-lag"]),
            dict(key="inc016-burn", title="Page on scan-freshness burn rate instead of raw consumer lag",
                 owner="sofia", due=D("2025-10-31"), status="done", closed=D("2025-11-05"),
                 refs=["slo:tracking-freshness", "alert:KafkaConsumerGroupLag"]),
            dict(key="inc016-capacity", title="Capacity review as a step of every carrier onboarding",
                 owner="grace", team="tracking", due=D("2025-12-19"), status="open",
                 refs=["slo:tracking-freshness", "team:tracking"]),
        ],
        body="""\
## Summary

Since ParcelNet went live ([[2025-W35]]) scan volume had grown 70%. The freshness SLO had been
slipping for four weeks and the error budget was gone by [[2025-W38]]; partitions were to be added
the following week. On Thursday morning ParcelNet replayed a two-day backlog from one of their
depots. Poll loops took longer than `max.poll.interval.ms`, consumers were evicted, and with the
eager assignor every eviction stopped all consumption. The group spent more time rebalancing than
consuming.

`KafkaConsumerGroupLag` had been paging for weeks and was being acknowledged as "the usual"; the
first signal anyone acted on was a shipper's complaint.

## Timeline (Berlin)

| Time | |
|---|---|
| 07:50 | ParcelNet backlog replay starts; lag climbs |
| 08:10 | lag pages Sofia — acknowledged as known noise |
| 09:05 | key-account team forwards complaints from two shippers |
| 09:12 | Sofia declares an incident; Yusuf and Platform (Dmitri) join |
| 10:30 | rebalance loop identified in consumer logs |
| 11:15 | `max.poll.records` lowered, `max.poll.interval.ms` raised; fewer evictions |
| 12:40 | lag draining steadily — mitigated |
| next day 10:20 | backlog fully processed |

## What went well

- Platform had the repartitioning ready to go; it moved from next week to Monday.

## What went badly

- We had a failing SLO, an exhausted budget and a paging alert, and still found out from a customer.
- The lag alert had trained us to ignore it.

## Where we got lucky

- Notifications are generated from scans, so customers got late notifications, not wrong ones.
"""),

    dict(
        id="INC-2025-017", title="No ParcelNet scans for five hours: webhook key rotated",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 10, 14, 3, 0), detected=(2025, 10, 14, 8, 10), acknowledged=(2025, 10, 14, 8, 15),
        mitigated=(2025, 10, 14, 8, 40), resolved=(2025, 10, 14, 9, 0),
        teams=["tracking"], services=["tracking-ingest"], commander="lea", detection="internal",
        impact="No tracking updates from ParcelNet for five hours; about 85,000 scans delayed, none lost.",
        proximate_causes=["ParcelNet rotated its webhook signing key without notice; every request failed our signature check with 401 and nothing alerted on it."],
        trigger="partner change", related=["INC-2025-016"], tags=["partner", "webhooks", "alerting"],
        slo={"tracking-freshness": "99.52"},
        action_items=[
            dict(key="inc017-volume", title="Alert when a carrier's scan volume drops to zero",
                 owner="mateo", due=D("2025-10-31"), status="done", closed=D("2025-10-29"),
                 refs=["service:tracking-ingest"]),
            dict(key="inc017-notice", title="Agree a notice period for key rotation with ParcelNet",
                 owner="grace", team="tracking", due=D("2025-11-21"), status="done", closed=D("2025-11-20"),
                 refs=["team:tracking"]),
        ],
        body="""\
ParcelNet's account manager asked at 08:10 why our tracking pages showed nothing new since the
night. Their retries kept the scans, so nothing was lost once the new key was in place.

Same partner as [[INC-2025-016]], different failure: this time we received nothing and, because we
rejected the requests ourselves, no lag alert could fire.
"""),

    dict(
        id="INC-2025-018", title="Inbound stock counted twice: nightly full sync ran twice at DST change",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 10, 26, 2, 30, 1), detected=(2025, 10, 26, 5, 55), acknowledged=(2025, 10, 26, 6, 0),
        mitigated=(2025, 10, 26, 6, 40), resolved=(2025, 10, 26, 9, 15),
        teams=["warehouse"], services=["inventory-sync"], commander="oskar", detection="internal",
        impact="Inbound stock in Hamburg was counted twice for four hours; 57 orders were promised from stock that did not exist.",
        proximate_causes=["The full sync is scheduled at 02:30 Europe/Berlin; on 2025-10-26 02:30 happened twice, the job ran twice, and the second run re-applied inbound deltas."],
        trigger="DST change", related=["INC-2025-006"], tags=["dst", "cron", "idempotency"],
        action_items=[
            dict(key="inc018-utc", title="Move warehouse CronJobs to UTC schedules",
                 owner="lars", due=D("2025-11-07"), status="done", closed=D("2025-11-05"),
                 refs=["service:inventory-sync"]),
            dict(key="inc018-idem", title="Make the full sync idempotent",
                 owner="oskar", due=D("2025-12-19"), status="done", closed=D("2026-01-23"),
                 refs=["service:inventory-sync"]),
        ],
        body="""\
The clocks went back at 03:00 and 02:30 came round a second time. The scheduler, working in local
time, started the full sync at both. The job applies inbound deltas since "last night", and the
second run's "last night" was the first run.

In March Dispatch had exactly this problem the other way round ([[INC-2025-006]]) and an action
item asked every team to check for local-time schedules. That item was dropped in May without the
check being done.

| | |
|---|---|
| 02:30 (+02:00) | first full sync |
| 02:30 (+01:00) | second full sync, double-applies inbound |
| 05:55 | Hamburg receiving notices impossible stock for two SKUs |
| 06:40 | stock corrected from the ERP snapshot |
"""),

    dict(
        id="INC-2025-019", title="Invoice previews failing: billing-api GC pauses",
        severity="standard", status="resolved", zone=NYC,
        started=(2025, 11, 12, 10, 20), detected=(2025, 11, 12, 10, 22), acknowledged=(2025, 11, 12, 10, 25),
        mitigated=(2025, 11, 12, 10, 55), resolved=(2025, 11, 12, 11, 40),
        teams=["payments"], services=["billing-api"], commander="priya", detection="alert",
        impact="About 4% of invoice preview requests failed for 35 minutes.",
        proximate_causes=["Heap sized for last year's volume; peak-season batches of 20,000 invoice lines caused long GC pauses."],
        trigger="traffic growth", tags=["jvm", "capacity", "peak"],
        page=("JVMGCTimeTooHigh", "billing-api"),
        action_items=[
            dict(key="inc019-stream", title="Stream invoice lines instead of loading whole batches",
                 owner="keisha", due=D("2026-01-16"), status="done", closed=D("2026-01-21"),
                 refs=["service:billing-api", "alert:JVMGCTimeTooHigh"]),
        ],
        body="""\
Heap raised from 4 to 8 GiB at 10:55 as a stop-gap. The real fix is not loading 20,000 lines into
memory at once.

This is the first `JVMGCTimeTooHigh` page in months that was actionable; most of the others this
quarter were not (see [[2025-W46]]).
"""),

    dict(
        id="INC-2025-020", title="Black Friday: ledger writes failing, pool size reset again",
        severity="critical", status="closed", zone=NYC,
        started=(2025, 11, 28, 9, 14), detected=(2025, 11, 28, 9, 16), acknowledged=(2025, 11, 28, 9, 21),
        mitigated=(2025, 11, 28, 10, 2), resolved=(2025, 11, 28, 11, 15),
        teams=["payments"], services=["ledger-api", "billing-api"], commander="marcus", detection="alert",
        impact="Ledger writes failed for 48 minutes at the Black Friday morning peak: 11% of card payments for bookings failed, about 6,800 customers retried and about 1,100 bookings were lost.",
        proximate_causes=["The peak-season capacity change regenerated the PgBouncer config from the template, which still lacked default_pool_size; the pool fell back to 20 — the same cause as INC-2025-003."],
        trigger="config push (peak capacity change)", postmortem=True, related=["INC-2025-003"],
        tags=["config", "pgbouncer", "connection-pool", "peak", "repeat"],
        page=("PGBouncerClientsWaitingForConnection", "ledger-api"),
        slo={"ledger-availability": "99.118", "ledger-write-latency": "97.21"},
        action_items=[
            dict(key="inc020-contract", title="Contract test for pool sizes in the config pipeline",
                 owner="tyler", due=D("2025-12-12"), status="done", closed=D("2025-12-11"),
                 refs=["service:ledger-api", "INC-2025-003"]),
            dict(key="inc020-dropped", title="Review all action items dropped in the last 12 months for repeat risk",
                 owner="dana", team="platform", due=D("2026-02-13"), status="open",
                 refs=["INC-2025-003", "INC-2025-006", "page:how-we-run-the-review"]),
            dict(key="inc020-pgcat", title="Resume the pooler migration with pool settings in code",
                 owner="marcus", due=D("2026-02-13"), status="done", closed=D("2026-02-12"),
                 refs=["service:ledger-api"]),
        ],
        body="""\
## Summary

On Wednesday the team raised the ledger's replica count and connection limits for the weekend.
That change regenerated the pooler config from the template, which still did not set
`default_pool_size` — the fix from [[INC-2025-003]] had been dropped in March in favour of a
migration that was then paused for peak season. At 09:14 on Black Friday the pool of 20 ran out.

Keisha (primary) was on her fourth night with sleep-hour pages that week and acknowledged in five
minutes; Marcus took command.

## Timeline (New York)

| Time | |
|---|---|
| 09:14 | client wait time climbs, write timeouts |
| 09:16 | `PGBouncerClientsWaitingForConnection` pages Keisha |
| 09:24 | Marcus in command; status page at 09:30 |
| 09:41 | Keisha recognises February's symptoms, checks `SHOW POOLS`: 20 |
| 10:02 | pool size set by hand on all poolers; writes recover |
| 11:15 | config fixed in the template, redeployed, verified |

## What went well

- The runbook now said "check the pool size first" (added after February), and it worked once
  someone opened it.

## What went badly

- We had fixed this before and chose not to finish the fix.
- Forty minutes to open the runbook: the on-call was exhausted (see [[2025-W47]]).

## Where we got lucky

- Most bookings are paid by invoice, not by card; invoice bookings were unaffected.
"""),

    dict(
        id="INC-2025-021", title="Business customers charged twice for November invoices",
        severity="major", status="closed", zone=NYC,
        started=(2025, 12, 3, 18, 5), detected=(2025, 12, 3, 18, 40), acknowledged=(2025, 12, 3, 18, 50),
        mitigated=(2025, 12, 3, 19, 30), resolved=(2025, 12, 4, 13, 0),
        teams=["payments"], services=["billing-api"], commander="marcus", detection="internal",
        impact="212 business customers were charged twice for their November invoices (about €148,000); all refunded within 24 hours.",
        proximate_causes=["A charge job that timed out was redelivered by SQS while the first attempt was still running; the charge call had no idempotency key."],
        trigger="job timeout during peak", postmortem=True, related=["INC-2025-010"],
        tags=["idempotency", "batch", "billing"],
        action_items=[
            dict(key="inc021-key", title="Idempotency key on every charge call",
                 owner="priya", due=D("2025-12-12"), status="done", closed=D("2025-12-10"),
                 refs=["service:billing-api", "runbook:billing-jobs"]),
            dict(key="inc021-visibility", title="SQS visibility timeout longer than the job timeout",
                 owner="noor", due=D("2025-12-10"), status="done", closed=D("2025-12-08"),
                 refs=["alert:AWSSQSMessageAgeTooOld", "service:billing-api"]),
        ],
        body="""\
Finance's reconciliation at 18:40 found twice the expected card-on-file charges. The charge worker
takes up to 20 minutes per batch at peak; the queue's visibility timeout was 15. SQS handed the
batch to a second worker, which charged again.

Went well: finance caught it the same evening; refunds went out the next morning.
Went badly: both invoice incidents this year ([[INC-2025-010]] and this one) come down to batch
jobs that are not safe to run twice.
Lucky: the batch stopped after 212 customers because the second worker hit a rate limit.
"""),

    dict(
        id="INC-2025-022", title="Route planning slow: autoscaler at its maximum in pre-Christmas peak",
        severity="standard", status="resolved", zone=BER,
        started=(2025, 12, 16, 5, 30), detected=(2025, 12, 16, 5, 32), acknowledged=(2025, 12, 16, 5, 35),
        mitigated=(2025, 12, 16, 6, 40), resolved=(2025, 12, 16, 8, 0),
        teams=["dispatch"], services=["route-planner"], commander="ines", detection="alert",
        impact="Intraday re-planning took four times longer for two hours; depots received updated plans about 20 minutes late.",
        proximate_causes=["maxReplicas (12) had not been changed since last year while order volume had grown 35%."],
        trigger="traffic growth", tags=["capacity", "peak", "hpa"],
        page=("KubernetesHPAScaleMaximum", "route-planner"),
        action_items=[
            dict(key="inc022-review", title="Review autoscaler limits against the volume forecast before each peak",
                 owner="ines", due=D("2026-01-09"), status="done", closed=D("2026-01-08"),
                 refs=["service:route-planner", "alert:KubernetesHPAScaleMaximum"]),
        ],
        body="""\
Ines raised `maxReplicas` to 20 at 06:35; latency normal by 06:40. Nothing else to it. The
peak readiness project checked databases and queues, not autoscaler limits.
"""),

    dict(
        id="INC-2026-001", title="Delivery SMS failing: provider outage",
        severity="standard", status="resolved", zone=BER,
        started=(2026, 1, 13, 12, 10), detected=(2026, 1, 13, 12, 14), acknowledged=(2026, 1, 13, 12, 16),
        mitigated=(2026, 1, 13, 12, 50), resolved=(2026, 1, 13, 14, 30),
        teams=["tracking"], services=["notifications"], commander="yusuf", detection="synthetic",
        impact="Delivery SMS failed for 2 h 20 min; the e-mail fallback reached about 60% of customers and about 25,000 SMS were never sent.",
        proximate_causes=["The SMS provider had a regional outage; our fallback only covers customers with an e-mail address on file."],
        trigger="third-party outage", tags=["third-party", "sms"],
        page=("BlackboxProbeFailed", "notifications"),
        slo={"notifications-delivery": "97.62"},
        action_items=[
            dict(key="i26001-second", title="Second SMS provider with automatic failover",
                 owner="lea", due=D("2026-03-27"), status="open",
                 refs=["service:notifications", "runbook:notification-backlog"]),
        ],
        body="""\
The synthetic SMS check (a blackbox probe that sends a test SMS every five minutes) paged at
12:14. The provider's status page admitted the outage at 12:40. Yusuf switched undeliverable SMS
to e-mail at 12:50 (this is the "mitigated" time; SMS itself came back at 14:30).

Nothing we did caused this; the action is that a single provider is a single point of failure.
"""),

    dict(
        id="INC-2026-002", title="Partner API certificate expired at midnight",
        severity="major", status="closed", zone=BER,
        started=(2026, 1, 27, 0, 0), detected=(2026, 1, 27, 0, 21), acknowledged=(2026, 1, 27, 0, 29),
        mitigated=(2026, 1, 27, 1, 15), resolved=(2026, 1, 27, 2, 0),
        teams=["platform", "tracking"], services=["api-gateway", "tracking-ingest"], commander="bastian", detection="alert",
        impact="The partner API rejected TLS for 75 minutes at night; three carrier integrations queued their scans and replayed them afterwards.",
        proximate_causes=["The partner API certificate was bought and installed by hand on the legacy HAProxy and was not in cert-manager; the 2025 certificate inventory missed it."],
        trigger="certificate expiry", postmortem=True, related=["INC-2025-007"],
        tags=["certificates", "repeat"],
        page=("BlackboxProbeHTTPFailure", "api-gateway"),
        slo={"gateway-availability": "99.914"},
        action_items=[
            dict(key="i26002-certmanager", title="Move the partner API certificate into cert-manager",
                 owner="bastian", due=D("2026-02-06"), status="done", closed=D("2026-02-05"),
                 refs=["service:api-gateway", "runbook:certificate-expiry"]),
            dict(key="i26002-dns", title="Expiry probe for every public hostname in the DNS zone",
                 owner="chioma", due=D("2026-02-20"), status="open",
                 refs=["alert:BlackboxSSLCertificateWillExpireSoon", "INC-2025-007"]),
        ],
        body="""\
## Summary

The certificate for `api-partners.northwind.example` expired at 00:00 Berlin time. It was bought
in 2024 and installed by hand on the HAProxy that still fronts the partner API. When we made the
certificate inventory after [[INC-2025-007]] we listed certificates on Envoy and in Kubernetes
secrets; this host sits in front of both.

A blackbox expiry warning existed for the hostname but fired into the same muted channel as in
April.

## Timeline

- 00:00 certificate expires
- 00:21 blackbox HTTP probe fails, pages Bastian (sleep-hour page)
- 00:29 acknowledged; 00:50 cause clear
- 01:15 new certificate from the commercial CA installed
- 02:00 carriers' queued scans replayed, confirmed with [[team:tracking]]

## What went well

- Carriers queue on their side; nothing was lost.

## What went badly

- Second certificate incident in ten months, same lesson.

## Where we got lucky

- Midnight: the lowest-traffic hour for partner scans.
"""),

    dict(
        id="INC-2026-003", title="Label printing down in Rotterdam after Windows update",
        severity="standard", status="resolved", zone=BER,
        started=(2026, 2, 10, 6, 0), detected=(2026, 2, 10, 6, 12), acknowledged=(2026, 2, 10, 6, 15),
        mitigated=(2026, 2, 10, 6, 31), resolved=(2026, 2, 10, 7, 30),
        teams=["warehouse"], services=["label-service"], commander="paula", detection="alert",
        impact="No labels in Rotterdam for 31 minutes at shift start; about 400 parcels waited.",
        proximate_causes=["The new Rotterdam print server was built from an old image with the Print Spooler on Manual; the GPO from INC-2025-002 was not linked to the new site's OU."],
        trigger="OS patch", related=["INC-2025-002"], tags=["windows", "patching", "printing", "repeat"],
        page=("WindowsServerServiceStatus", "label-service"),
        slo={"label-print-success": "99.31"},
        action_items=[
            dict(key="i26003-gpo", title="Link the print-server GPO to all site OUs and check compliance weekly",
                 owner="rafael", due=D("2026-02-18"), status="done", closed=D("2026-02-17"),
                 refs=["service:label-service", "INC-2025-002"]),
            dict(key="i26003-golive", title="Add print-server checks to the site go-live checklist",
                 owner="paula", due=D("2026-03-06"), status="open",
                 refs=["service:label-service", "runbook:label-printing"]),
        ],
        body="""\
Same cause as [[INC-2025-002]] a year ago, at a site that did not exist then. This time the
spooler alert from that incident paged within twelve minutes, and the runbook's step 2 fixed it.
"""),

    dict(
        id="INC-2026-004", title="Stale balances after pooler cut-over: replica lag spikes",
        severity="major", status="mitigated", zone=NYC,
        started=(2026, 2, 19, 13, 40), detected=(2026, 2, 19, 13, 52), acknowledged=(2026, 2, 19, 13, 55),
        mitigated=(2026, 2, 19, 15, 10),
        teams=["payments"], services=["ledger-api"], commander="tyler", detection="alert",
        impact="Balance pages showed balances up to nine minutes old; 4% of payout requests were rejected as insufficient funds.",
        proximate_causes=["Under investigation: replica lag spikes since the pgcat cut-over, with balance reads routed to replicas."],
        trigger="unknown", postmortem=True, related=["INC-2025-020"], tags=["postgres", "replication"],
        page=("PostgresqlReplicationLag", "ledger-api"),
        action_items=[
            dict(key="i26004-primary", title="Route balance reads to the primary until the lag is understood",
                 owner="noor", due=D("2026-02-20"), status="done", closed=D("2026-02-20"),
                 refs=["service:ledger-api"]),
            dict(key="i26004-cause", title="Find the cause of the replica lag spikes since the pgcat cut-over",
                 owner="keisha", due=D("2026-03-06"), status="open",
                 refs=["service:ledger-api", "alert:PostgresqlReplicationLag"]),
            dict(key="i26004-sli", title="Propose a read-freshness SLI for balance reads",
                 owner="priya", due=D("2026-03-13"), status="open",
                 refs=["slo:ledger-availability"]),
        ],
        body="""\
**Still open.** Mitigated by reading balances from the primary; the cause is not known yet.

Since the pooler moved to pgcat ([[2026-W07]]) replicas lag by up to nine minutes a few times a
day. Payout checks read balances from a replica and rejected payouts for carriers whose money had
just arrived. The ledger SLOs stayed green: every request succeeded.

- 13:40 first rejected payouts
- 13:52 replication lag alert pages Tyler
- 14:30 carriers' complaints reach support
- 15:10 balance reads pinned to the primary

Postmortem draft linked above; this summary will be updated when the cause is found.
"""),

    dict(
        id="INC-2026-005", title="Shipment search returns partial results",
        severity="standard", status="investigating", zone=BER,
        started=(2026, 2, 21, 19, 30), detected=(2026, 2, 21, 19, 41), acknowledged=(2026, 2, 21, 19, 48),
        teams=["tracking"], services=["tracking-api"], commander="yusuf", detection="alert",
        impact="Searching shipments by reference returns partial results for some shippers; tracking pages are unaffected.",
        proximate_causes=["Not yet known: a primary shard of the 2026-02 index is unassigned."],
        trigger="unknown", tags=["elasticsearch"],
        page=("ElasticsearchClusterYellow", "tracking-api"),
        action_items=[
            dict(key="i26005-shard", title="Find why shard allocation fails on es-data-4",
                 owner="jonas", due=D("2026-02-27"), status="open",
                 refs=["service:tracking-api", "alert:ElasticsearchClusterYellow"]),
        ],
        body="""\
Saturday evening, still being investigated. The cluster went yellow at 19:41 and one primary shard
of `shipments-2026.02` will not allocate. Search by reference misses shipments in that shard.
Replica rebuild is running; we will know more on Monday.
"""),
]
