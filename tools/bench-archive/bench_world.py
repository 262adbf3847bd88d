"""The fixed world of the benchmark archive: 30 teams with six services each, the people, the
alert names per kind of service, and the phrase pools the generator draws text from.

Nothing here depends on the number of years; `generate.py` takes the first `--teams` teams.
Alert names are this file's own list, written in the style of well-known Prometheus alerting
rules (kube-prometheus, node-exporter and exporter mixins); none is read from elsewhere.
"""

# --- teams and their services ---------------------------------------------------------------------
# (id, name, time zone, description, [(service id, kind, tier)]). The first service is the team's
# front door; kinds choose the alerts a service fires and the shape of its SLO.

BER, NYC, UTC = "Europe/Berlin", "America/New_York", "UTC"

TEAMS = [
    ("platform", "Platform Compute", BER, "Kubernetes clusters, autoscaling, the registry and CI runners.",
     [("platform-api", "http", 1), ("k8s-control-plane", "k8s", 1), ("cluster-autoscaler", "k8s", 2),
      ("container-registry", "storage", 1), ("service-mesh", "network", 1), ("ci-runners", "batch", 3)]),
    ("networking", "Networking", BER, "The edge, load balancers, internal DNS, VPN and egress.",
     [("edge-proxy", "http", 1), ("internal-dns", "network", 1), ("load-balancers", "network", 1),
      ("vpn-gateway", "network", 2), ("nat-egress", "network", 2), ("network-config", "worker", 3)]),
    ("identity", "Identity & Access", BER, "Logins, tokens and sessions for customers and staff.",
     [("identity-api", "identity", 1), ("login-web", "frontend", 1), ("token-service", "identity", 1),
      ("identity-db", "postgres", 1), ("session-cache", "cache", 2), ("audit-log", "kafka", 2)]),
    ("payments", "Payments", NYC, "Card payments, payment routing, fraud scoring and settlement.",
     [("payments-api", "http", 1), ("payment-router", "worker", 1), ("payments-db", "postgres", 1),
      ("fraud-scoring", "ml", 1), ("payment-events", "kafka", 2), ("settlement-jobs", "batch", 2)]),
    ("ledger", "Ledger", NYC, "The double-entry ledger and the daily reconciliation.",
     [("ledger-api", "http", 1), ("ledger-db", "postgres", 1), ("ledger-writer", "worker", 1),
      ("reconciliation", "batch", 2), ("ledger-events", "kafka", 2), ("ledger-cache", "cache", 3)]),
    ("billing", "Billing", NYC, "Invoices, tax, dunning and the billing queue.",
     [("billing-api", "http", 2), ("invoice-runner", "batch", 1), ("billing-db", "mysql", 1),
      ("tax-service", "http", 2), ("dunning-worker", "worker", 3), ("billing-queue", "rabbitmq", 2)]),
    ("checkout", "Checkout", BER, "Cart, checkout and promotions on web and app.",
     [("checkout-api", "http", 1), ("checkout-web", "frontend", 1), ("cart-service", "http", 1),
      ("cart-cache", "cache", 1), ("checkout-events", "kafka", 2), ("promo-engine", "worker", 2)]),
    ("catalog", "Catalog", BER, "Products, media and the nightly supplier imports.",
     [("catalog-api", "http", 1), ("catalog-db", "postgres", 1), ("catalog-importer", "batch", 2),
      ("media-service", "storage", 2), ("catalog-events", "kafka", 2), ("catalog-cache", "cache", 2)]),
    ("search", "Search", BER, "Product search, suggestions and the search index.",
     [("search-api", "http", 1), ("search-cluster", "search", 1), ("search-indexer", "worker", 1),
      ("query-suggest", "http", 2), ("search-reindex", "batch", 3), ("search-events", "kafka", 2)]),
    ("recommendations", "Recommendations", UTC, "Personal recommendations and the models behind them.",
     [("recs-api", "http", 2), ("feature-store", "ml", 2), ("model-serving", "ml", 2),
      ("recs-training", "batch", 3), ("recs-cache", "cache", 3), ("clickstream", "kafka", 2)]),
    ("pricing", "Pricing", BER, "Prices, price imports and the price engine.",
     [("pricing-api", "http", 1), ("price-engine", "worker", 1), ("pricing-db", "postgres", 1),
      ("price-import", "batch", 2), ("pricing-cache", "cache", 2), ("price-events", "kafka", 2)]),
    ("inventory", "Inventory", BER, "Stock levels, reservations and the stocktakes.",
     [("inventory-api", "http", 1), ("stock-sync", "worker", 1), ("inventory-db", "mysql", 1),
      ("reservation-service", "http", 1), ("stock-events", "kafka", 2), ("stocktake-jobs", "batch", 3)]),
    ("orders", "Orders", BER, "The order pipeline from payment to warehouse, and returns.",
     [("orders-api", "http", 1), ("order-pipeline", "worker", 1), ("orders-db", "postgres", 1),
      ("order-events", "kafka", 1), ("returns-service", "http", 2), ("order-archiver", "batch", 3)]),
    ("fulfilment", "Fulfilment", BER, "Warehouse management, pick planning, labels and docks.",
     [("wms-api", "http", 1), ("pick-planner", "worker", 1), ("wms-db", "mysql", 1),
      ("label-service", "http", 2), ("dock-scheduler", "batch", 2), ("scanner-gateway", "network", 2)]),
    ("shipping", "Shipping", BER, "Carrier integrations, rates and manifests.",
     [("shipping-api", "http", 1), ("carrier-gateway", "http", 1), ("rate-shopper", "worker", 2),
      ("shipping-db", "postgres", 1), ("manifest-jobs", "batch", 2), ("carrier-events", "rabbitmq", 2)]),
    ("tracking", "Shipment Tracking", BER, "Carrier scans, the tracking pages and delivery estimates.",
     [("tracking-api", "http", 1), ("tracking-ingest", "worker", 1), ("tracking-search", "search", 2),
      ("scan-events", "kafka", 1), ("tracking-web", "frontend", 2), ("eta-model", "ml", 3)]),
    ("notifications", "Notifications", BER, "E-mail, SMS and push messages to customers.",
     [("notify-api", "http", 2), ("email-sender", "worker", 2), ("sms-sender", "worker", 2),
      ("push-gateway", "http", 2), ("notify-queue", "rabbitmq", 2), ("template-store", "storage", 3)]),
    ("customer-care", "Customer Care Tools", NYC, "The care console, ticket sync and chat.",
     [("care-console", "frontend", 2), ("ticket-sync", "worker", 2), ("care-api", "http", 2),
      ("care-db", "postgres", 2), ("chat-gateway", "http", 2), ("care-reports", "batch", 3)]),
    ("mobile", "Mobile Apps", BER, "The backend for the iOS and Android apps and their releases.",
     [("mobile-bff", "http", 1), ("app-config", "http", 2), ("push-registry", "cache", 2),
      ("mobile-events", "kafka", 2), ("crash-ingest", "worker", 3), ("release-pipeline", "batch", 3)]),
    ("web", "Web Storefront", BER, "The storefront, its CMS and the asset pipeline.",
     [("storefront-web", "frontend", 1), ("storefront-bff", "http", 1), ("cms-api", "http", 2),
      ("asset-pipeline", "batch", 3), ("storefront-cache", "cache", 1), ("ab-testing", "worker", 3)]),
    ("partner-api", "Partner Integrations", UTC, "The partner gateway, EDI and webhooks for marketplaces.",
     [("partner-gateway", "http", 1), ("edi-bridge", "worker", 2), ("webhook-dispatcher", "worker", 2),
      ("partner-db", "postgres", 2), ("partner-portal", "frontend", 3), ("partner-queue", "rabbitmq", 2)]),
    ("data-platform", "Data Platform", UTC, "The event bus, stream processing and the data lake.",
     [("event-bus", "kafka", 1), ("stream-processor", "worker", 1), ("data-lake", "storage", 2),
      ("etl-scheduler", "batch", 2), ("schema-registry", "http", 1), ("warehouse-loader", "batch", 2)]),
    ("analytics", "Analytics", UTC, "Dashboards, reports and the metrics warehouse.",
     [("analytics-api", "http", 3), ("bi-dashboards", "frontend", 3), ("metrics-warehouse", "postgres", 2),
      ("report-jobs", "batch", 3), ("query-cache", "cache", 3), ("usage-events", "kafka", 3)]),
    ("ml-platform", "ML Platform", UTC, "Training, the model registry and the inference gateway.",
     [("inference-gateway", "ml", 1), ("model-registry", "http", 2), ("training-cluster", "ml", 3),
      ("feature-pipeline", "batch", 2), ("gpu-pool", "k8s", 2), ("experiment-tracker", "http", 3)]),
    ("storage", "Storage", BER, "Object and block storage, backups and the file gateway.",
     [("object-store", "storage", 1), ("block-storage", "storage", 1), ("backup-service", "batch", 1),
      ("file-gateway", "http", 2), ("storage-metadata", "postgres", 1), ("replication-worker", "worker", 2)]),
    ("databases", "Database Reliability", BER, "The PostgreSQL, MySQL and Redis fleets and their backups.",
     [("postgres-fleet", "postgres", 1), ("mysql-fleet", "mysql", 1), ("pg-pooler", "postgres", 1),
      ("db-backups", "batch", 1), ("redis-fleet", "cache", 1), ("db-proxy", "network", 1)]),
    ("observability", "Observability", BER, "Metrics, logs, traces and the alert router.",
     [("alert-router", "observability", 1), ("metrics-pipeline", "observability", 1),
      ("log-pipeline", "observability", 2), ("tracing", "observability", 3), ("dashboards", "frontend", 2),
      ("long-term-metrics", "storage", 3)]),
    ("security", "Security Engineering", BER, "Secrets, certificates, the WAF and security scanning.",
     [("secrets-vault", "identity", 1), ("cert-manager", "identity", 1), ("waf", "network", 1),
      ("scanner-service", "batch", 3), ("siem-ingest", "kafka", 2), ("policy-engine", "http", 2)]),
    ("messaging", "Messaging", BER, "The shared RabbitMQ and Kafka clusters and the queue API.",
     [("queue-api", "http", 1), ("rabbitmq-cluster", "rabbitmq", 1), ("kafka-cluster", "kafka", 1),
      ("delay-queue", "worker", 2), ("dead-letter-service", "worker", 3), ("bus-monitor", "observability", 3)]),
    ("developer-platform", "Developer Platform", NYC, "Builds, artifacts, deploys, feature flags and preview environments.",
     [("deploy-api", "http", 1), ("build-service", "batch", 2), ("artifact-store", "storage", 2),
      ("feature-flags", "http", 1), ("preview-envs", "k8s", 3), ("code-search", "search", 3)]),
]

ACRONYMS = {"api": "API", "db": "DB", "ml": "ML", "cdn": "CDN", "sms": "SMS", "etl": "ETL", "bi": "BI",
            "bff": "BFF", "k8s": "K8s", "dns": "DNS", "vpn": "VPN", "nat": "NAT", "ci": "CI", "wms": "WMS",
            "edi": "EDI", "gpu": "GPU", "pg": "PG", "waf": "WAF", "siem": "SIEM", "eta": "ETA", "ab": "A/B"}


def display(sid):
    return " ".join(ACRONYMS.get(w, w.capitalize()) for w in sid.split("-"))


# --- alerts ---------------------------------------------------------------------------------------

KIND_ALERTS = {
    "http": ["HTTPHighErrorRate", "HTTPHighLatencyP99", "HTTPRequestRateSpike", "APIErrorBudgetBurnFast",
             "APIErrorBudgetBurnSlow", "EnvoyUpstreamHighErrorRate", "EnvoyNoHealthyUpstream",
             "EnvoyCircuitBreakerOpen", "NginxHighHTTP5xxErrorRate", "NginxUpstreamTimeouts", "IngressHighLatency",
             "GRPCServerHighErrorRate", "GRPCServerHighLatency", "BlackboxProbeFailed", "BlackboxProbeSlowHTTP",
             "BlackboxSSLCertificateExpiringSoon", "RateLimiterRejectingRequests", "UpstreamDependencyTimeouts"],
    "worker": ["KubePodCrashLooping", "KubePodNotReady", "KubeDeploymentReplicasMismatch",
               "KubeDeploymentRolloutStuck", "KubeContainerOOMKilled", "KubeHpaMaxedOut", "CPUThrottlingHigh",
               "ContainerMemoryNearLimit", "JVMGCTimeTooHigh", "JVMHeapUsageHigh", "JVMThreadsDeadlocked",
               "GoGoroutineCountHigh", "GoGCDurationHigh", "WorkerBacklogGrowing", "WorkerProcessingErrorsHigh",
               "NodeJSEventLoopLagHigh"],
    "postgres": ["PostgresqlDown", "PostgresqlTooManyConnections", "PostgresqlReplicationLagHigh",
                 "PostgresqlReplicationSlotInactive", "PostgresqlDeadLocks", "PostgresqlLongRunningTransaction",
                 "PostgresqlHighRollbackRate", "PostgresqlTableBloatHigh", "PostgresqlWALArchiveFailing",
                 "PostgresqlTransactionIDWraparound", "PostgresqlSlowQueries", "PGBouncerClientsWaiting",
                 "PGBouncerMaxConnectionsReached", "PostgresqlDiskSpaceLow"],
    "mysql": ["MySQLDown", "MySQLTooManyConnections", "MySQLReplicationLag", "MySQLReplicationStopped",
              "MySQLSlowQueries", "MySQLInnoDBLogWaits", "MySQLInnoDBRowLockWaits", "MySQLTableOpenCacheMisses",
              "MySQLRestarted", "MySQLConnectionErrorsHigh"],
    "cache": ["RedisDown", "RedisMemoryHigh", "RedisRejectedConnections", "RedisTooManyConnections",
              "RedisReplicationBroken", "RedisEvictionsHigh", "RedisMissingMaster", "RedisLatencyHigh",
              "MemcachedEvictionsHigh", "CacheHitRatioLow"],
    "kafka": ["KafkaConsumerGroupLag", "KafkaConsumerLagIncreasing", "KafkaUnderReplicatedPartitions",
              "KafkaOfflinePartitions", "KafkaBrokerDown", "KafkaActiveControllerCount", "KafkaISRShrinkRateHigh",
              "KafkaTopicPartitionSkew", "KafkaProducerErrorsHigh", "KafkaRequestLatencyHigh", "KafkaDiskUsageHigh",
              "KafkaConnectTaskFailed"],
    "rabbitmq": ["RabbitMQNodeDown", "RabbitMQQueueBacklog", "RabbitMQNoConsumers", "RabbitMQUnackedMessagesHigh",
                 "RabbitMQDeadLetterQueueGrowing", "RabbitMQMemoryAlarm", "RabbitMQDiskAlarm",
                 "RabbitMQClusterPartition", "SQSMessageAgeTooOld"],
    "batch": ["KubeJobFailed", "KubeCronJobMissedSchedule", "KubeJobRunningTooLong", "BatchRunLate", "BatchRunFailed",
              "ETLPipelineStale", "DataFreshnessStale", "AirflowDagRunFailed", "AirflowTaskFailuresHigh",
              "AirflowSchedulerHeartbeatMissing", "SparkJobFailed", "SparkExecutorsLost", "BackupJobFailed"],
    "search": ["ElasticsearchClusterRed", "ElasticsearchClusterYellow", "ElasticsearchHeapUsageHigh",
               "ElasticsearchHighQueryLatency", "ElasticsearchHighIndexingLatency", "ElasticsearchDiskWatermarkHigh",
               "ElasticsearchUnassignedShards", "ElasticsearchPendingTasksHigh", "ElasticsearchNodeLeft",
               "ElasticsearchThreadPoolRejections"],
    "storage": ["NodeFilesystemSpaceFillingUp", "NodeFilesystemAlmostOutOfSpace", "NodeFilesystemFilesFillingUp",
                "NodeDiskIOSaturation", "CephHealthWarning", "CephHealthError", "CephOSDDown",
                "CephPlacementGroupsDegraded", "MinIODiskOffline", "MinIONodeOffline", "S3BucketErrorsHigh",
                "ObjectStoreLatencyHigh"],
    "k8s": ["KubeNodeNotReady", "KubeNodeUnreachable", "KubeletTooManyPods", "KubeletDown", "KubeAPIErrorBudgetBurn",
            "KubeAPILatencyHigh", "KubeAPIDown", "KubeSchedulerDown", "KubeControllerManagerDown", "EtcdMembersDown",
            "EtcdHighFsyncDurations", "EtcdNoLeader", "EtcdHighNumberOfLeaderChanges", "KubePersistentVolumeFillingUp",
            "KubePersistentVolumeErrors", "KubeClientCertificateExpiration", "KubeQuotaExceeded", "KubeNodePressure",
            "ClusterAutoscalerUnschedulablePods", "KubeVersionMismatch"],
    "network": ["CoreDNSErrorsHigh", "CoreDNSLatencyHigh", "DNSResolutionFailures", "HAProxyBackendDown",
                "HAProxyHighHTTP5xxErrorRate", "LoadBalancerUnhealthyTargets", "VPNTunnelDown", "BGPSessionDown",
                "NetworkInterfaceErrorsHigh", "PacketLossHigh", "NATGatewayPortExhaustion", "NodeNetworkReceiveErrs",
                "ConntrackTableNearlyFull", "IstioHighRequestLatency"],
    "identity": ["KeycloakLoginFailureRateHigh", "KeycloakSlowResponses", "KeycloakDatabaseConnectionsHigh",
                 "VaultSealed", "VaultTokenRenewalFailing", "VaultLeaderLost", "OAuthTokenErrorsHigh",
                 "CertManagerCertExpirySoon", "CertManagerCertNotReady", "LDAPSyncFailing"],
    "frontend": ["FrontendErrorRateHigh", "CoreWebVitalsLCPDegraded", "CoreWebVitalsCLSDegraded", "CDNOriginErrorsHigh",
                 "CDNCacheHitRatioLow", "JavaScriptErrorsSpike", "SyntheticCheckoutFailed", "SyntheticLoginFailed",
                 "StaticAssetsMissing", "WebSocketDisconnectsHigh"],
    "ml": ["ModelInferenceLatencyHigh", "ModelPredictionDrift", "FeatureStoreLatencyHigh", "FeatureFreshnessStale",
           "GPUNodeUnavailable", "GPUMemoryHigh", "TrainingJobFailed", "ModelServingErrorsHigh", "EmbeddingIndexStale",
           "InferenceQueueBacklog"],
    "observability": ["TargetDown", "PrometheusRuleFailures", "PrometheusRemoteWriteBehind",
                      "PrometheusTSDBCompactionsFailing", "PrometheusNotificationQueueFull",
                      "AlertmanagerFailedToSendAlerts", "AlertmanagerClusterDown", "LokiRequestErrors",
                      "LokiIngesterFlushFailing", "TempoIngesterErrors", "ThanosCompactHalted",
                      "GrafanaDatasourceErrors"],
}

# Alerts every service's hosts and pods can fire, now and then.
HOST_ALERTS = ["NodeHighCPULoad", "NodeMemoryHigh", "NodeMemoryMajorPageFaults", "NodeClockSkewDetected",
               "NodeSystemdServiceFailed", "NodeOOMKillDetected", "NodeHighLoadAverage", "NodeTimeNotSynchronising",
               "NodeRAIDDegraded", "NodeEDACCorrectableErrors"]

# Business alerts a team owns: (alert, index of the service it fires on).
DOMAIN_ALERTS = {
    "payments": [("PaymentAuthorizationRateLow", 0), ("PaymentProviderTimeoutsHigh", 1)],
    "ledger": [("LedgerImbalanceDetected", 2)],
    "billing": [("InvoiceRunLate", 1)],
    "checkout": [("CheckoutConversionDrop", 0), ("CartAbandonmentSpike", 2)],
    "catalog": [("CatalogImportStale", 2)],
    "search": [("SearchIndexStale", 2), ("ZeroResultSearchesHigh", 0)],
    "recommendations": [("RecommendationModelStale", 2)],
    "pricing": [("PriceFeedStale", 3)],
    "inventory": [("InventorySyncLagHigh", 1), ("StockReservationFailures", 3)],
    "orders": [("OrderPipelineStalled", 1)],
    "fulfilment": [("LabelPrintFailuresHigh", 3)],
    "shipping": [("CarrierAPIErrorsHigh", 1)],
    "tracking": [("ShipmentEventsDelayed", 1)],
    "notifications": [("EmailBounceRateHigh", 1), ("SMSDeliveryFailuresHigh", 2), ("PushDeliveryFailuresHigh", 3)],
    "mobile": [("MobileCrashRateHigh", 4)],
    "partner-api": [("WebhookDeliveryFailuresHigh", 2), ("EDIFileRejected", 1)],
    "developer-platform": [("DeployPipelineBlocked", 0), ("FeatureFlagSyncFailing", 3)],
}


def all_alert_names():
    names = [a for lst in KIND_ALERTS.values() for a in lst] + HOST_ALERTS
    names += [a for lst in DOMAIN_ALERTS.values() for a, _ in lst]
    return names


# --- people ---------------------------------------------------------------------------------------

FIRST = ["Aaliyah", "Abdul", "Ada", "Adrián", "Agnieszka", "Ahmed", "Aiko", "Akira", "Alba", "Aleksander",
         "Alicia", "Amara", "Amir", "Ana", "Anders", "Andrea", "Anika", "Antoine", "Arjun", "Astrid", "Ayşe",
         "Bao", "Beatriz", "Ben", "Bianca", "Björn", "Bruno", "Camille", "Carlos", "Carmen", "Chen", "Chiara",
         "Chloé", "Chinedu", "Clara", "Dalia", "Daniel", "Daria", "David", "Deepa", "Diego", "Dmitri", "Elena",
         "Elias", "Emeka", "Emil", "Emma", "Erik", "Esther", "Fatima", "Felix", "Femi", "Fiona", "Florian",
         "Freya", "Gabriel", "Giulia", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ida", "Ilse", "Imani", "Inés",
         "Ingrid", "Isaac", "Ivan", "Jana", "Javier", "Jin", "Joanna", "Jonas", "José", "Julia", "Kai", "Kamala",
         "Karim", "Katarzyna", "Kenji", "Kira", "Lars", "Laura", "Leila", "Leon", "Lina", "Luca", "Lucía",
         "Łukasz", "Maja", "Malik", "Mara", "Marek", "Maria", "Mateus", "Mei", "Miguel", "Mina", "Naledi",
         "Nadia", "Nikolai", "Nils", "Nora", "Olga", "Omar", "Oscar", "Pablo", "Paulina", "Pedro", "Priya",
         "Rahul", "Rania", "Rosa", "Ruben", "Sakura", "Samir", "Sara", "Sebastian", "Selin", "Sergio", "Sina",
         "Søren", "Sven", "Tamara", "Tariq", "Theo", "Tomás", "Uma", "Valentina", "Viktor", "Wei", "Yara",
         "Yasmin", "Yuki", "Zainab", "Zoë"]

LAST = ["Abara", "Adeyemi", "Almeida", "Andersen", "Bauer", "Becker", "Bianchi", "Borg", "Brandt", "Castro",
        "Chowdhury", "Costa", "Dąbrowski", "Das", "Demir", "Dubois", "Eriksen", "Esposito", "Fischer", "Fontaine",
        "García", "Gomez", "Gupta", "Haas", "Hansen", "Hartmann", "Hoffmann", "Ibáñez", "Ivanova", "Jensen",
        "Kaya", "Keller", "Khan", "Kim", "Klein", "Kowalczyk", "Krause", "Kumar", "Larsen", "Lehmann", "Li",
        "Lindqvist", "Lopes", "Lorenz", "Mahlangu", "Martens", "Meyer", "Moreau", "Mueller", "Murphy", "Nakamura",
        "Nguyen", "Nielsen", "Novak", "Nowak", "Okafor", "Olsen", "Ortiz", "Osei", "Papadopoulos", "Park",
        "Pereira", "Petrov", "Popescu", "Quinn", "Rahman", "Reyes", "Richter", "Rossi", "Roth", "Saito",
        "Santos", "Sato", "Schäfer", "Schmitt", "Schneider", "Shah", "Silva", "Singh", "Sokolov", "Souza",
        "Stein", "Suzuki", "Tan", "Tanaka", "Torres", "Vargas", "Vogel", "Wagner", "Wang", "Weber", "Wolf",
        "Yamamoto", "Yilmaz", "Zhang", "Zimmermann"]

TRANSLIT = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "ı": "i", "đ": "d", "Ø": "O", "Ł": "L"})

# --- phrases --------------------------------------------------------------------------------------

SYMPTOM = {  # "<Service> had <symptom>", and the incident's title "<Service>: <symptom>"
    "http": ["5xx errors", "latency above the SLO", "timeouts for a third of requests", "errors after a deploy"],
    "worker": ["a backlog of several hours", "a crash loop after a deploy", "stalled processing",
               "duplicate processing"],
    "postgres": ["connection exhaustion", "replication lag", "a failover that took too long", "lock contention"],
    "mysql": ["a replica far behind", "too many connections", "slow queries after an index change",
              "an unplanned failover"],
    "cache": ["evictions and a cold cache", "an unplanned failover", "memory exhaustion", "rejected connections"],
    "kafka": ["consumer lag", "under-replicated partitions", "produce errors", "a broker that did not rejoin"],
    "rabbitmq": ["a queue backlog", "a memory alarm blocking publishers", "a network partition",
                 "queues without consumers"],
    "batch": ["a nightly run past its deadline", "a failed run", "a run that processed a day twice", "a stuck job"],
    "search": ["a red cluster", "slow queries", "an index that stopped updating", "rejected writes"],
    "storage": ["disks filling up", "degraded placement groups", "slow reads", "a node offline"],
    "k8s": ["nodes not ready", "API server errors", "etcd leader changes", "unschedulable pods"],
    "network": ["DNS failures", "packet loss", "a tunnel down", "unhealthy load balancer targets"],
    "identity": ["login failures", "token errors", "a sealed vault", "an expired certificate"],
    "frontend": ["an error spike for visitors", "blank pages in one browser", "a slow first paint",
                 "missing assets"],
    "ml": ["stale predictions", "slow inference", "GPU nodes unavailable", "a drifted model"],
    "observability": ["missing metrics", "alerts not delivered", "log ingestion behind", "failing dashboards"],
}

CAUSES = {
    "deploy": ["A deploy changed the default timeout for outgoing calls.",
               "A release shipped a query without the index it needed.",
               "The canary stage was skipped for a hotfix and the bug reached every pod."],
    "config push": ["A config push set the connection pool to its default of 10.",
                    "A feature flag was turned on for all users instead of 5%.",
                    "A routing rule sent all traffic to one zone."],
    "traffic spike": ["A marketing e-mail went to four million customers at once.",
                      "A partner retried every failed call without backoff.",
                      "A bot crawled the catalogue at 40 times the usual rate."],
    "dependency failure": ["The upstream provider had an outage and our retries piled up.",
                           "The shared database fleet failed over and connections were not re-established.",
                           "DNS resolution failed for an internal zone for twelve minutes."],
    "certificate expiry": ["A certificate outside cert-manager expired; nobody owned its renewal.",
                           "The intermediate certificate changed and one client pinned the old one."],
    "capacity": ["The node pool hit its maximum size during the peak.",
                 "Disk usage grew faster than the retention policy deleted.",
                 "Memory limits had not been raised after the data set doubled."],
    "hardware failure": ["A storage node lost two disks within an hour.",
                         "A top-of-rack switch failed and its pair did not take over."],
    "schema migration": ["A migration took a lock on a large table during business hours.",
                         "A column was dropped before every reader had stopped using it."],
    "expired credentials": ["A service account's token expired after 90 days.",
                            "An API key was rotated at the provider but not in our vault."],
    "cron schedule": ["Two jobs scheduled in local time ran twice at the daylight-saving change.",
                      "A nightly job overlapped with the backup window."],
    "data backfill": ["A backfill wrote a year of events onto the live topic.",
                      "A reprocessing job ran without a rate limit."],
}

DETECTIONS = [("alert", 60), ("customer", 14), ("internal", 12), ("synthetic", 10), ("other", 4)]
SEVERITIES = [("critical", 6), ("major", 26), ("standard", 68)]

WENT_WELL = ["The rollback was one command and took four minutes.",
             "The on-call engineer declared the incident early instead of debugging alone.",
             "The runbook's first step found the cause.",
             "Customer support had a status text within ten minutes.",
             "Dashboards showed the failing dependency straight away.",
             "The secondary joined within five minutes and took over communication."]
WENT_BADLY = ["The alert fired twenty minutes after customers noticed.",
              "Two teams debugged the same symptom without knowing about each other.",
              "The runbook described a setup that no longer exists.",
              "Paging the owning team took three attempts.",
              "Nobody knew who could approve the emergency change.",
              "The status page was updated late."]
LUCKY = ["It happened outside the evening peak.",
         "A replica had been added the week before.",
         "The engineer on call had built the component.",
         "The partner noticed before their customers did.",
         "The backlog drained by itself once the cause was gone."]

REPEAT_COMMENT = ["Known; a tuning ticket exists.", "Looking into it.", "All around the Thursday deploy.",
                  "Cleared by itself each time.", "Same host every time.", "The threshold predates the last resize."]

FYI = ["FYI: maintenance window on Thursday night; expect failovers between 01:00 and 03:00.",
       "FYI: new on-call engineer shadowing this week.",
       "FYI: the dashboards moved; old links redirect until next month.",
       "FYI: traffic test against staging on Wednesday afternoon.",
       "FYI: a load test is planned next week; coordinate before changing limits.",
       "FYI: retention of debug logs goes down to 7 days from Monday."]

SLO_MISS_REASON = ["a deploy on Tuesday, rolled back after eleven minutes",
                   "a dependency timing out on Thursday evening",
                   "a failover on Saturday that took longer than planned",
                   "one bad config for six minutes on Wednesday",
                   "a traffic spike after a campaign e-mail on Monday",
                   "a provider maintenance window that overran"]

WINS = ["[[team:{team}]] closed every overdue action item.",
        "[[team:{team}]] went a whole week without a sleep-hour page.",
        "[[team:{team}]] retired two noisy alerts; nobody missed them.",
        "[[service:{service}]] finished its migration without a single page.",
        "The runbook for [[service:{service}]] was used by a new on-call engineer and worked first time.",
        "[[team:{team}]] acknowledged every page within five minutes."]

BODY_OPENERS = ["The meeting ran the usual order; {fac} facilitated.",
                "Short meeting: most teams had nothing unusual to report.",
                "{fac} facilitated and kept the incident section to fifteen minutes.",
                "Long discussion on the on-call section this week.",
                "We started with last week's open questions from [[{prev}]].",
                "Attendance was good; every team sent its off-going primary."]

BODY_POINTS = ["We read [[runbook:{runbook}]] together; two steps were out of date and were fixed on the spot.",
               "Reminder from {fac}: fill in health scores by Monday evening.",
               "[[team:{team}]] asked other teams to announce load tests in this meeting first.",
               "The actions page had overdue items; owners confirmed new dates or dropped them.",
               "Agreed: alerts that never need action at night move to business hours after two weeks.",
               "Questions about [[service:{service}]] dependencies went to its owners, [[team:{team}]].",
               "See [[page:how-we-run-the-review]] for the changed preparation steps.",
               "Next week's review starts ten minutes later because of the all-hands."]

PROJECT_VERBS = ["Migrate {svc} to PostgreSQL 16", "Move {svc} to the new cluster", "Split {svc} read and write paths",
                 "Retire the legacy {svc} endpoints", "Upgrade {svc} to the current runtime",
                 "Add a second region for {svc}", "Replace the queue behind {svc}", "Rate limits for {svc}",
                 "Shard the {svc} database", "Zero-downtime deploys for {svc}"]

PROJECT_NOTES = ["Cut-over planned for {date}; [[service:{svc}]] read-only for ten minutes.",
                 "Shadow traffic at 10% since Monday; no differences found.",
                 "Blocked on a firewall change from [[team:{other}]].",
                 "Runbooks and dashboards updated; rollback tested twice.",
                 "Half the traffic moved; the rest after the peak season.",
                 "Paused while the team handles the on-call load."]

GENERAL_AIS = [("Update the on-call handbook section on escalation", "page:process/oncall-handbook"),
               ("Write down who may approve emergency changes at night", "page:process/oncall-handbook"),
               ("Check every tier-1 service has a runbook linked from its page", "page:how-we-run-the-review"),
               ("Review alert routing for teams with two heavy weeks in a row", "page:how-we-run-the-review"),
               ("Agree a severity for partial checkout outages", "page:severity-levels"),
               ("Add the new teams to the review order", "page:how-we-run-the-review")]

REVIEW_TAGS = {"peak-season": "peak-season", "holidays": "holidays", "heavy": "heavy-week", "quiet": "quiet",
               "gameday": "game-day"}
