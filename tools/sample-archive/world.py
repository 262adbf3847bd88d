"""The fictional organisation: people, teams, services, alerts, SLOs and runbooks."""

ORG = "Northwind Logistics"
GRAFANA = "https://grafana.northwind.example/d"
DOCS = "https://docs.northwind.example"

# People outside any team (and display names for everyone).
PEOPLE = {
    "dana": "Dana Whitfield",
    "farid": "Farid Haddad",
    "grace": "Grace Okafor",
    "ruth": "Ruth Lindqvist",
    # platform
    "anja": "Anja Berger",
    "bastian": "Bastian Krüger",
    "chioma": "Chioma Eze",
    "dmitri": "Dmitri Volkov",
    "elif": "Elif Şahin",
    # payments
    "marcus": "Marcus Reed",
    "priya": "Priya Natarajan",
    "tyler": "Tyler Brooks",
    "keisha": "Keisha Johnson",
    "noor": "Noor Aziz",
    # tracking
    "jonas": "Jonas Becker",
    "lea": "Léa Martin",
    "mateo": "Mateo Rossi",
    "sofia": "Sofia Lindgren",
    "yusuf": "Yusuf Demir",
    # dispatch
    "greta": "Greta Hansen",
    "henrik": "Henrik Vos",
    "ines": "Inês Costa",
    "kofi": "Kofi Mensah",
    # warehouse
    "lars": "Lars Nielsen",
    "mira": "Mira Kowalski",
    "oskar": "Oskar Weber",
    "paula": "Paula Jiménez",
    "rafael": "Rafael Souza",
}

FACILITATORS = ["dana", "farid", "grace"]

# Payments' rotation grew from four to five people at 2026-W01 (see the payments team page);
# the team file carries the current rotation, 2025 followed this one from 2025-W01.
PAYMENTS_ROTATION_2025 = ["marcus", "priya", "tyler", "keisha"]

TEAMS = {
    "platform": dict(
        name="Platform Infrastructure",
        description="Kubernetes clusters, the API gateway, identity and the event bus.",
        members=["anja", "bastian", "chioma", "dmitri", "elif"],
        rotation=["anja", "bastian", "chioma", "dmitri", "elif"],
        body="""\
Platform Infrastructure runs the shared foundations every other team builds on: three Kubernetes
clusters (eu-central-1, eu-west-1 and us-east-1), the [[service:api-gateway|API gateway]],
[[service:identity|identity]] (Keycloak) and the Kafka [[service:event-bus|event bus]].

## On-call

One primary and one secondary, a week each, handing over on Monday at 10:00 Berlin time. The
secondary is next week's primary, so the hand-over is a conversation and not a document.

| Escalate to | When |
|---|---|
| `#platform-oncall` | anything you are unsure about, day or night |
| Dana Whitfield | customer-facing outage longer than 15 minutes |
| Cloud provider support (business plan) | a managed component is down |

## What we watch

- Gateway 5xx and latency: [[slo:gateway-availability]], [[slo:gateway-latency]]
- Logins: [[slo:identity-login-success]]
- Publishing to Kafka: [[slo:event-bus-publish-availability]]

Runbooks: [[runbook:gateway-5xx]], [[runbook:certificate-expiry]].
"""),
    "payments": dict(
        name="Payments",
        description="Card payments, the ledger, invoicing and payouts to carriers.",
        time_zone="America/New_York",
        members=["marcus", "priya", "tyler", "keisha", "noor"],
        rotation=["marcus", "priya", "tyler", "keisha", "noor"],
        rotation_start="2026-W01",
        body="""\
Payments sits in New York and owns the money path: the double-entry [[service:ledger-api|ledger]],
[[service:billing-api|billing]] (invoices for business customers, charges for consumers) and the
payout files to carriers.

## On-call

Weekly rotation, hand-over Monday 09:00 New York time. Until December 2025 the rotation had four
people (Marcus, Priya, Tyler, Keisha, from 2025-W01); since 2026-W01 it has five, and Noor Aziz took
her first primary week in [[2026-W05]] after shadowing. The rotation above is the current one; the
reviews name the on-call pair every week, so the history stays right when the rotation changes.

The Q4 2025 pager load is written up in [[2025-W47]] and [[2026-W03]]; read those before
changing alert routing.

## Working with Berlin

Most of the group is six hours ahead of us. Anything that needs Platform at night goes through the
platform pager, not chat. Our business hours overlap Berlin's from 09:00 to 12:00 New York time.

## Runbooks

- [[runbook:ledger-db-connections]]
- [[runbook:billing-jobs]]
"""),
    "tracking": dict(
        name="Shipment Tracking",
        description="Carrier scan ingestion, the public tracking API and customer notifications.",
        members=["jonas", "lea", "mateo", "sofia", "yusuf"],
        rotation=["jonas", "lea", "mateo", "sofia", "yusuf"],
        body="""\
Tracking turns carrier scans into the status customers see. Scans arrive by webhook and SFTP, go
through [[service:tracking-ingest]] onto the `tracking.scans` topic and end up in Elasticsearch behind
[[service:tracking-api]]. [[service:notifications]] sends the SMS and e-mails.

## On-call

Primary and secondary, Monday to Monday. We also carry the ParcelNet integration since September
2025; their support desk is reachable around the clock (number in the on-call vault).

## Known weak spots

- Consumer lag when a big carrier sends a backlog at once: see [[runbook:kafka-consumer-lag]] and
  the story in [[INC-2025-016]].
- Elasticsearch node replacement ([[INC-2025-013]]): follow the checklist, do not improvise.
"""),
    "dispatch": dict(
        name="Dispatch & Routing",
        description="Route planning for the depots and the dispatch API behind the driver app.",
        members=["greta", "henrik", "ines", "kofi"],
        rotation=["greta", "henrik", "ines", "kofi"],
        body="""\
Dispatch plans the tours for 140 depots every night and serves the driver app during the day.

- [[service:route-planner]]: nightly planning and intraday re-planning (Go, memory-hungry).
- [[service:dispatch-api]]: sessions, tours and proof of delivery for the driver app.

The planning window is 01:00–05:30 Berlin time; the first tours leave at 06:00. A page during that
window matters more than one at noon. Everything scheduled runs on UTC since [[INC-2025-006]].
"""),
    "warehouse": dict(
        name="Warehouse Systems",
        description="The warehouse management system, inventory sync with the ERP and label printing.",
        members=["lars", "mira", "oskar", "paula", "rafael"],
        rotation=["lars", "mira", "oskar", "paula", "rafael"],
        body="""\
Warehouse Systems runs the software on the warehouse floor in Hamburg, Leipzig and (since February
2026) Rotterdam: [[service:wms-api]], [[service:inventory-sync]] and [[service:label-service]].

Shifts start at 06:00. The first hour of a shift is when problems show: scanners logging in, label
printers warming up, pick lists being built.

## On-call

Weekly, Monday to Monday, primary plus secondary. Site IT at each warehouse handles hardware;
we handle everything from the print server up.

## History worth knowing

The `HostDiskMayFillIn24Hours` alert paged us at night for ten weeks in spring 2025 without once
being actionable; [[2025-W16]] has the end of that story. If a predictive alert starts paging at
night, bring it to the review in the first week, not the fifth.
"""),
}

# --- Alerts -------------------------------------------------------------------------------------
# Alert names are adapted from awesome-prometheus-alerts (samber, CC BY 4.0): the rule's name in
# CamelCase. The original rule name is given beside each.
ALERTS = {
    "EnvoyHighDownstreamHTTP5xxErrorRate": "Envoy high downstream HTTP 5xx error rate",
    "EnvoyClusterCircuitBreakerTripped": "Envoy cluster circuit breaker tripped",
    "EnvoyNoHealthyUpstream": "Envoy no healthy upstream",
    "BlackboxProbeHTTPFailure": "Blackbox probe HTTP failure",
    "BlackboxProbeFailed": "Blackbox probe failed",
    "BlackboxSSLCertificateWillExpireSoon": "Blackbox SSL certificate will expire soon",
    "CertManagerCertificateExpiringSoon": "Cert-Manager certificate expiring soon",
    "CertManagerCertificateNotReady": "Cert-Manager certificate not ready",
    "KeycloakHighLoginFailureRate": "Keycloak high login failure rate",
    "KeycloakSlowRequestResponseTime": "Keycloak slow request response time",
    "KafkaTopicsReplicas": "Kafka topics replicas",
    "KafkaConsumerGroupLag": "Kafka consumer group lag",
    "KafkaConsumerGroupLagIncreasing": "Kafka consumer group lag increasing",
    "HostDiskIOSaturation": "Host disk IO saturation",
    "HostOutOfDiskSpace": "Host out of disk space",
    "HostDiskMayFillIn24Hours": "Host disk may fill in 24 hours",
    "HostHighCPULoad": "Host high CPU load",
    "HostSystemdServiceCrashed": "Host systemd service crashed",
    "PrometheusTargetMissing": "Prometheus target missing",
    "KubernetesNodeNotReady": "Kubernetes Node not ready",
    "KubernetesPodCrashLooping": "Kubernetes pod crash looping",
    "KubernetesContainerOomKiller": "Kubernetes Container oom killer",
    "KubernetesHPAScaleMaximum": "Kubernetes HPA scale maximum",
    "KubernetesJobFailed": "Kubernetes Job failed",
    "KubernetesCronJobFailing": "Kubernetes CronJob failing",
    "KubernetesJobSlowCompletion": "Kubernetes Job slow completion",
    "PostgresqlTooManyConnections": "Postgresql too many connections",
    "PostgresqlReplicationLag": "Postgresql replication lag",
    "PostgresqlLongRunningTransaction": "Postgresql long-running transaction",
    "PGBouncerClientsWaitingForConnection": "PGBouncer clients waiting for connection",
    "PGBouncerMaxConnections": "PGBouncer max connections",
    "JVMGCTimeTooHigh": "JVM GC time too high",
    "JVMMemoryFillingUp": "JVM memory filling up",
    "AWSSQSMessageAgeTooOld": "AWS SQS message age too old",
    "NginxHighHTTP5xxErrorRate": "Nginx high HTTP 5xx error rate",
    "ElasticsearchHighQueryLatency": "Elasticsearch High Query Latency",
    "ElasticsearchHeapUsageTooHigh": "Elasticsearch Heap Usage Too High",
    "ElasticsearchClusterYellow": "Elasticsearch Cluster Yellow",
    "RabbitMQTooManyReadyMessages": "RabbitMQ too many ready messages",
    "RabbitMQDeadLetterQueueFillingUp": "RabbitMQ dead letter queue filling up",
    "RabbitMQNoQueueConsumer": "RabbitMQ no queue consumer",
    "ContainerHighMemoryUsage": "Container High Memory usage",
    "GoGoroutineCountHigh": "Go goroutine count high",
    "RedisOutOfConfiguredMaxmemory": "Redis out of configured maxmemory",
    "RedisRejectedConnections": "Redis rejected connections",
    "HAProxyHighHTTP5xxErrorRateBackend": "HAProxy high HTTP 5xx error rate backend",
    "MySQLSlaveReplicationLag": "MySQL Slave replication lag",
    "MySQLSlowQueries": "MySQL slow queries",
    "WindowsServerServiceStatus": "Windows Server service Status",
    "ElasticsearchHighIndexingLatency": "Elasticsearch High Indexing Latency",
    "RabbitMQTooManyUnackMessages": "RabbitMQ too many unack messages",
    "BlackboxProbeSlowHTTP": "Blackbox probe slow HTTP",
    "PostgresqlHighRollbackRate": "Postgresql high rollback rate",
    "AWSSQSQueueMessagesVisible": "AWS SQS queue messages visible",
    "PostgresqlDeadLocks": "Postgresql dead locks",
    "RedisTooManyConnections": "Redis too many connections",
    "KubernetesDeploymentReplicasMismatch": "Kubernetes Deployment replicas mismatch",
    "GoGCDurationHigh": "Go GC duration high",
    "HostUnusualDiskWriteLatency": "Host unusual disk write latency",
    "HostCPUHighIowait": "Host CPU high iowait",
}

# The everyday pager diet per team: (alert, service, weight, chance it was actionable, urgency).
ALERT_POOL = {
    "platform": [
        ("EnvoyHighDownstreamHTTP5xxErrorRate", "api-gateway", 4, 0.6, "high"),
        ("EnvoyClusterCircuitBreakerTripped", "api-gateway", 2, 0.5, "high"),
        ("EnvoyNoHealthyUpstream", "api-gateway", 1, 0.9, "high"),
        ("KubernetesNodeNotReady", "api-gateway", 3, 0.4, "high"),
        ("KeycloakSlowRequestResponseTime", "identity", 2, 0.5, "low"),
        ("KeycloakHighLoginFailureRate", "identity", 1, 0.7, "high"),
        ("KafkaTopicsReplicas", "event-bus", 2, 0.8, "high"),
        ("HostDiskIOSaturation", "event-bus", 2, 0.3, "low"),
        ("PrometheusTargetMissing", "event-bus", 2, 0.3, "low"),
        ("CertManagerCertificateExpiringSoon", "api-gateway", 1, 1.0, "low"),
        ("KubernetesDeploymentReplicasMismatch", "identity", 1, 0.5, "low"),
        ("HostCPUHighIowait", "event-bus", 1, 0.3, "low"),
    ],
    "payments": [
        ("PGBouncerClientsWaitingForConnection", "ledger-api", 3, 0.5, "high"),
        ("PostgresqlTooManyConnections", "ledger-api", 2, 0.6, "high"),
        ("PostgresqlLongRunningTransaction", "ledger-api", 2, 0.4, "low"),
        ("PostgresqlReplicationLag", "ledger-api", 1, 0.7, "high"),
        ("JVMGCTimeTooHigh", "billing-api", 3, 0.3, "high"),
        ("JVMMemoryFillingUp", "billing-api", 1, 0.5, "low"),
        ("AWSSQSMessageAgeTooOld", "billing-api", 3, 0.3, "high"),
        ("NginxHighHTTP5xxErrorRate", "billing-api", 2, 0.7, "high"),
        ("KubernetesJobFailed", "billing-api", 2, 0.8, "high"),
        ("PostgresqlHighRollbackRate", "ledger-api", 1, 0.4, "low"),
        ("AWSSQSQueueMessagesVisible", "billing-api", 1, 0.3, "low"),
        ("PostgresqlDeadLocks", "ledger-api", 1, 0.7, "high"),
    ],
    "tracking": [
        ("KafkaConsumerGroupLag", "tracking-ingest", 2, 0.5, None),
        ("KubernetesPodCrashLooping", "tracking-ingest", 1, 0.8, None),
        ("ElasticsearchHighQueryLatency", "tracking-api", 2, 0.4, None),
        ("ElasticsearchHighIndexingLatency", "tracking-api", 1, 0.4, None),
        ("BlackboxProbeSlowHTTP", "tracking-api", 2, 0.3, None),
        ("RabbitMQTooManyUnackMessages", "notifications", 1, 0.5, None),
        ("ElasticsearchHeapUsageTooHigh", "tracking-api", 1, 0.6, None),
        ("ElasticsearchClusterYellow", "tracking-api", 1, 0.8, None),
        ("RabbitMQTooManyReadyMessages", "notifications", 2, 0.5, None),
        ("RabbitMQNoQueueConsumer", "notifications", 1, 0.9, None),
    ],
    "dispatch": [
        ("ContainerHighMemoryUsage", "route-planner", 3, 0.4, None),
        ("KubernetesContainerOomKiller", "route-planner", 1, 0.9, None),
        ("GoGoroutineCountHigh", "route-planner", 2, 0.3, None),
        ("KubernetesHPAScaleMaximum", "route-planner", 1, 0.6, None),
        ("RedisRejectedConnections", "dispatch-api", 1, 0.8, None),
        ("HAProxyHighHTTP5xxErrorRateBackend", "dispatch-api", 3, 0.6, None),
        ("GoGCDurationHigh", "route-planner", 1, 0.2, None),
        ("RedisTooManyConnections", "dispatch-api", 1, 0.6, None),
    ],
    "warehouse": [
        ("MySQLSlowQueries", "wms-api", 3, 0.5, None),
        ("MySQLSlaveReplicationLag", "wms-api", 1, 0.8, None),
        ("HostHighCPULoad", "wms-api", 2, 0.3, None),
        ("KubernetesCronJobFailing", "inventory-sync", 2, 0.9, None),
        ("KubernetesJobSlowCompletion", "inventory-sync", 1, 0.4, None),
        ("WindowsServerServiceStatus", "label-service", 2, 0.9, None),
        ("BlackboxProbeFailed", "label-service", 2, 0.6, None),
        ("HostSystemdServiceCrashed", "label-service", 1, 0.7, None),
        ("HostUnusualDiskWriteLatency", "wms-api", 1, 0.3, None),
    ],
}

# How a team fills in its section: which optional page fields it writes.
TEAM_STYLE = {
    "platform": dict(ack=1.0, urgency=True, responder_always=False, pages=[0, 1, 2, 2, 3, 3, 4, 5], tickets=(4, 12)),
    "payments": dict(ack=1.0, urgency=True, responder_always=False, pages=[1, 2, 2, 3, 3, 4, 4, 5], tickets=(3, 9)),
    "tracking": dict(ack=0.9, urgency=False, responder_always=True, pages=[0, 1, 2, 2, 3, 3, 4], tickets=(2, 8)),
    "dispatch": dict(ack=0.7, urgency=False, responder_always=False, pages=[0, 0, 1, 1, 2, 2, 3], tickets=(1, 6)),
    "warehouse": dict(ack=0.9, urgency=False, responder_always=False, pages=[0, 1, 1, 2, 2, 3], tickets=(3, 10)),
}

# --- Services -----------------------------------------------------------------------------------

SERVICES = {
    "api-gateway": dict(
        name="API Gateway", team="platform", tier=1,
        description="Envoy in front of every public and partner API.",
        dashboards=[f"{GRAFANA}/gw-overview/api-gateway",
                    dict(title="Gateway latency by route", url=f"{GRAFANA}/gw-latency/gateway-latency-by-route")],
        runbooks=["gateway-5xx", "certificate-expiry"],
        body="""\
Envoy on three clusters, configured from the `gateway-routes` repository. Route changes roll out
region by region since August 2025 (the staged rollout came out of [[INC-2025-011]]).

The partner API (`api-partners.northwind.example`) still terminates TLS on a legacy HAProxy in front
of Envoy; see [[INC-2026-002]].

Depends on: [[service:identity]] for token introspection.
"""),
    "identity": dict(
        name="Identity", team="platform", tier=1,
        description="Keycloak: logins for customers, drivers, warehouse scanners and staff.",
        dashboards=[f"{GRAFANA}/kc-main/keycloak"],
        runbooks=["certificate-expiry"],
        body="""\
Two realms: `customers` and `workforce`. Device accounts for warehouse scanners moved to their own
realm `devices` in October 2025 after [[INC-2025-015]].
"""),
    "event-bus": dict(
        name="Event Bus", team="platform", tier=1,
        description="Kafka: six brokers, topics created through Terraform only.",
        dashboards=[dict(title="Kafka brokers", url=f"{GRAFANA}/kafka-brokers/kafka"),
                    dict(title="Consumer lag", url=f"{GRAFANA}/kafka-lag/consumer-lag")],
        runbooks=["kafka-consumer-lag"],
        body="""\
Six brokers across three zones, replication factor 3, `min.insync.replicas=2`. Since June 2025
topics can only be created through Terraform, with a retention limit ([[INC-2025-009]]).
"""),
    "ledger-api": dict(
        name="Ledger API", team="payments", tier=1,
        description="Double-entry ledger behind every payment, invoice and payout.",
        dashboards=[f"{GRAFANA}/ledger/ledger-api",
                    dict(title="Ledger database and pooler", url=f"{GRAFANA}/ledger-db/ledger-db")],
        runbooks=["ledger-db-connections"],
        body="""\
PostgreSQL 16 primary with two replicas. The connection pooler was PgBouncer until February 2026
and is pgcat since the migration finished in [[2026-W07]].

Twice the pooler's pool size fell back to a default after a config push: [[INC-2025-003]] and
[[INC-2025-020]]. Pool settings now live in code with a contract test.
"""),
    "billing-api": dict(
        name="Billing API", team="payments", tier=2,
        description="Invoices for business customers, charges for consumers, payout files.",
        dashboards=[f"{GRAFANA}/billing/billing-api"],
        runbooks=["billing-jobs"],
        body="""\
A Java service plus batch jobs (invoice run on the 1st and 16th, nightly payout file). Work is
queued on SQS. Charges carry an idempotency key since [[INC-2025-021]].
"""),
    "tracking-ingest": dict(
        name="Tracking Ingest", team="tracking", tier=1,
        description="Receives carrier scans and publishes them to the tracking.scans topic.",
        dashboards=[f"{GRAFANA}/trk-ingest/tracking-ingest",
                    dict(title="Scan freshness", url=f"{GRAFANA}/trk-fresh/scan-freshness")],
        runbooks=["kafka-consumer-lag"],
        body="""\
Consumers run with static group membership and the cooperative-sticky assignor since October 2025;
`tracking.scans` has 96 partitions (it had 24 before [[INC-2025-016]]).
"""),
    "tracking-api": dict(
        name="Tracking API", team="tracking", tier=2,
        description="Public tracking pages and the shipment search API (Elasticsearch).",
        dashboards=[f"{GRAFANA}/trk-api/tracking-api"],
        runbooks=[],
        body="""\
Elasticsearch 8 cluster with six data nodes. There is no runbook for the Elasticsearch alerts yet;
the action item from [[INC-2025-013]] is still open.
"""),
    "notifications": dict(
        name="Notifications", team="tracking", tier=2,
        description="Delivery SMS and e-mails, fed from RabbitMQ.",
        dashboards=[f"{GRAFANA}/notif/notifications"],
        runbooks=["notification-backlog"],
        body="""\
Sends about 1.4 M messages a day. Every send carries an idempotency key since [[INC-2025-005]].
A second SMS provider is being added after [[INC-2026-001]].
"""),
    "route-planner": dict(
        name="Route Planner", team="dispatch", tier=1,
        description="Nightly tour planning for all depots, plus intraday re-planning.",
        dashboards=[f"{GRAFANA}/routes/route-planner"],
        runbooks=["route-planner-memory"],
        body="""\
Memory use follows the size of the map data; the limit is derived from the map build since
[[INC-2025-001]].
"""),
    "dispatch-api": dict(
        name="Dispatch API", team="dispatch", tier=1,
        description="Backend of the driver app: sessions, tours, proof of delivery.",
        dashboards=[f"{GRAFANA}/dispatch/dispatch-api"],
        runbooks=[],
        body="Sessions live in Redis; route snapshots have their own Redis with a TTL ([[INC-2025-012]]).\n"),
    "wms-api": dict(
        name="WMS API", team="warehouse", tier=1,
        description="Warehouse management: bins, pick lists, stock movements (MySQL).",
        dashboards=[f"{GRAFANA}/wms/wms-api", f"{GRAFANA}/wms-db/wms-mysql"],
        runbooks=["disk-fill-prediction", "mysql-replica-lag"],
        body="""\
MySQL 8.4 (upgraded in summer 2025) with two replicas; pick lists read from a replica and fall
back to the primary when the replica is more than 30 seconds behind ([[INC-2025-014]]).
"""),
    "inventory-sync": dict(
        name="Inventory Sync", team="warehouse", tier=2,
        description="Synchronises stock between the WMS and the ERP every 15 minutes, full sync nightly.",
        dashboards=[f"{GRAFANA}/inv-sync/inventory-sync"],
        runbooks=[],
        body="The nightly full sync is idempotent and scheduled in UTC since [[INC-2025-018]].\n"),
    "label-service": dict(
        name="Label Service", team="warehouse", tier=3,
        description="Shipping labels: renders ZPL and sends it to the print servers at each site.",
        dashboards=[f"{GRAFANA}/labels/label-service"],
        runbooks=["label-printing"],
        body="""\
One Windows print server per site. Twice a Windows update left the Print Spooler stopped:
[[INC-2025-002]] (Hamburg) and [[INC-2026-003]] (Rotterdam).
"""),
}

# --- Runbooks -----------------------------------------------------------------------------------

RUNBOOKS = {
    "gateway-5xx": dict(
        title="Gateway 5xx and tripped circuit breakers",
        alerts=["EnvoyHighDownstreamHTTP5xxErrorRate", "EnvoyClusterCircuitBreakerTripped", "EnvoyNoHealthyUpstream"],
        services=["api-gateway"], owner="platform",
        body="""\
## First five minutes

1. Which routes? Open *Gateway latency by route* and sort by 5xx. One upstream cluster or all?
   - **All routes** → suspect the gateway itself: a config push or a node problem. Check the
     `gateway-routes` deploy log for the last hour.
   - **One cluster** → it is almost always the upstream. Page its owner and keep watching.
2. Was there a config push? `kubectl -n gateway rollout history deploy/envoy` and the
   `#gateway-deploys` channel. If yes and the timing matches, roll back first, ask later:
   `argocd app rollback gateway-routes`.
3. Circuit breaker tripped? Look at `envoy_cluster_upstream_rq_pending_overflow`. The breaker
   protects the upstream; raising the limit usually moves the problem.

## Useful queries

```promql
sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"}[5m]))
sum by (envoy_cluster_name) (envoy_cluster_membership_healthy)
```

## When to declare an incident

More than 1% of all requests failing for five minutes, or any partner route down.
"""),
    "certificate-expiry": dict(
        title="Certificates that will not renew",
        alerts=["CertManagerCertificateExpiringSoon", "CertManagerCertificateNotReady", "BlackboxSSLCertificateWillExpireSoon"],
        services=["api-gateway", "identity"], owner="platform",
        body="""\
A certificate that has not renewed 14 days before expiry will not renew by itself.

1. `kubectl get certificate -A | grep -v True` shows every certificate that is not ready.
2. `kubectl describe certificaterequest -n <ns> <name>` — the events say why. The usual causes:
   - ACME rate limit (`too many certificates already issued`): wait or use the staging issuer to
     test; do not retry in a loop (that is how [[INC-2025-007]] started).
   - DNS-01 challenge failing: the Route 53 credentials of the issuer expired.
3. If the expiry is less than 24 hours away, issue one by hand from the internal CA and put it in
   the secret, then fix the automation in daylight.
4. Blackbox expiry alerts for hosts that are **not** in cert-manager: find the owner in the
   certificate inventory (Platform wiki). The partner API cert moved into cert-manager in
   February 2026 ([[INC-2026-002]]).
"""),
    "kafka-consumer-lag": dict(
        title="Kafka consumer lag",
        alerts=["KafkaConsumerGroupLag", "KafkaConsumerGroupLagIncreasing"],
        services=["tracking-ingest", "event-bus"], owner="tracking",
        body="""\
Lag alone is not an emergency; lag that keeps growing is. The number that matters to customers is
scan freshness ([[slo:tracking-freshness]]).

1. Is lag growing or draining? *Consumer lag* dashboard, 6-hour view. Draining at a steady slope:
   leave it and note the ETA in the channel.
2. Is the group rebalancing? `kafka-consumer-groups --describe --group tracking-ingest --state`.
   State flapping between `PreparingRebalance` and `Stable` means consumers are being kicked out:
   look for `max.poll.interval.ms` in the consumer logs ([[INC-2025-016]]).
3. Is one partition hot? `--describe --group tracking-ingest` and sort by LAG. A single hot
   partition means a carrier sends everything with one key; tell the carrier integration owner.
4. Is a broker unhealthy? Check [[service:event-bus]] under-replicated partitions; if so, page
   Platform.

Scaling consumers beyond the partition count (96) does nothing.
"""),
    "ledger-db-connections": dict(
        title="Ledger database connections",
        alerts=["PGBouncerClientsWaitingForConnection", "PGBouncerMaxConnections", "PostgresqlTooManyConnections"],
        services=["ledger-api"], owner="payments",
        body="""\
1. Check the pool size **first**. Twice it had fallen back to the default of 20 after a config
   push ([[INC-2025-003]], [[INC-2025-020]]):
   `SHOW POOLS;` on the pooler admin console; `pool_size` must be 120 for `ledger_rw`.
2. Clients waiting but server connections idle → the pool is too small or misconfigured.
   Server connections all active → the database is slow; go to step 3.
3. Long transactions: `SELECT pid, now() - xact_start, state, left(query, 80) FROM pg_stat_activity
   WHERE xact_start < now() - interval '1 minute' ORDER BY 2 DESC;`
   The nightly reconciliation at 19:00 New York time holds transactions for minutes by design.
4. If writes are failing for customers, declare an incident before digging further.
"""),
    "billing-jobs": dict(
        title="Billing jobs and queues",
        alerts=["KubernetesJobFailed", "AWSSQSMessageAgeTooOld"],
        services=["billing-api"], owner="payments",
        body="""\
- **Invoice run failed** (`KubernetesJobFailed`, job `invoice-run-*`): the run is resumable since
  August 2025. `kubectl -n billing create job --from=cronjob/invoice-run invoice-run-manual-$(date +%s)`
  picks up where the last one stopped. Do not delete the failed job; its logs are the evidence.
- **Message age on `billing-charges`**: is the consumer running? `kubectl -n billing get pods -l
  app=charge-worker`. If it is, check the payment provider status page before anything else.
- Never re-drive the charges dead-letter queue by hand without checking idempotency keys
  ([[INC-2025-021]]).
"""),
    "notification-backlog": dict(
        title="Notification backlog",
        alerts=["RabbitMQTooManyReadyMessages", "RabbitMQDeadLetterQueueFillingUp", "RabbitMQNoQueueConsumer"],
        services=["notifications"], owner="tracking",
        body="""\
1. Are consumers connected? RabbitMQ management UI → Queues → `sms.outbound`, `email.outbound`.
   Zero consumers: `kubectl -n notifications rollout restart deploy/sender`.
2. Consumers connected but slow: check the SMS provider's status page and our provider latency
   panel. Provider trouble is not ours to fix; switch traffic to the second provider once it exists.
3. Dead-letter queue growing: look at a sample (`rabbitmqadmin get queue=sms.dlq count=5`) before
   requeueing anything. Requeueing blindly sent 18,000 duplicate SMS in [[INC-2025-005]].
"""),
    "route-planner-memory": dict(
        title="Route planner memory and scaling",
        alerts=["KubernetesContainerOomKiller", "ContainerHighMemoryUsage", "KubernetesHPAScaleMaximum"],
        services=["route-planner"], owner="dispatch",
        body="""\
1. During the planning window (01:00–05:30) an OOM kill delays tours: act now. Outside it, a
   ticket is enough.
2. Did the map data change? `kubectl -n dispatch get configmap map-version -o yaml`. A new map
   build needs the limit recomputed (`make memory-limit` in the planner repo).
3. HPA at maximum: `kubectl -n dispatch get hpa route-planner`. Raising `maxReplicas` is fine up
   to 24; beyond that talk to Platform about node capacity.
"""),
    "disk-fill-prediction": dict(
        title="Disk filling up on WMS hosts",
        alerts=["HostDiskMayFillIn24Hours", "HostOutOfDiskSpace"],
        services=["wms-api"], owner="warehouse",
        body="""\
Since April 2025 the *prediction* (`HostDiskMayFillIn24Hours`) opens a ticket and does not page;
only `HostOutOfDiskSpace` pages. Background in [[2025-W16]].

1. Which mount? `df -h` on the host. `/var/log/wms` fills every night between 01:00 and 02:00
   when the carrier-manifest export runs; logrotate compresses it at 03:00. That is normal.
2. `du -xh --max-depth=2 /var/log/wms | sort -h | tail` — anything else large?
3. If a data volume (`/var/lib/mysql`) is filling: that is real. Check binlog retention
   (`SHOW BINARY LOGS;`) and the replica status before deleting anything.
"""),
    "mysql-replica-lag": dict(
        title="WMS replica lag",
        alerts=["MySQLSlaveReplicationLag"],
        services=["wms-api"], owner="warehouse",
        body="""\
Pick lists fall back to the primary when lag exceeds 30 seconds, so lag is no longer visible on the
floor. Still:

1. `SHOW REPLICA STATUS\\G` — look at `Seconds_Behind_Source` and `Last_SQL_Error`.
2. Is a schema change running? Check `#wms-deploys`. Large tables go through gh-ost since
   [[INC-2025-014]]; a plain `ALTER TABLE` on them is the usual culprit.
3. Lag over 10 minutes during a shift: tell the shift leads in Hamburg and Leipzig.
"""),
    "label-printing": dict(
        title="Label printing down at a site",
        alerts=["WindowsServerServiceStatus", "BlackboxProbeFailed"],
        services=["label-service"], owner="warehouse",
        body="""\
1. Which site? The alert's `instance` label names the print server (`prt-ham-01`, `prt-lej-01`,
   `prt-rtm-01`).
2. Is the Print Spooler running? `Get-Service Spooler -ComputerName prt-xxx-01`. If stopped:
   `Start-Service` it and set it to Automatic (Delayed Start). After a Windows update this is the
   cause nine times out of ten ([[INC-2025-002]], [[INC-2026-003]]).
3. Spooler running but jobs stuck: clear `C:\\Windows\\System32\\spool\\PRINTERS` with the service
   stopped.
4. Tell the site's shift lead; they switch to the backup printer at the dock.
"""),
}
