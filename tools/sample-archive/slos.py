"""SLOs as OpenSLO v1 documents, and the per-objective keys the weekly reviews report on."""


def _sq(s):
    """A YAML single-quoted scalar (PromQL is full of double quotes and braces)."""
    return "'" + s.replace("'", "''") + "'"


def _source(query, indent):
    pad = " " * indent
    return (f"{pad}metricSource:\n"
            f"{pad}  type: Prometheus\n"
            f"{pad}  spec:\n"
            f"{pad}    query: {_sq(query)}\n")


def ratio(name, display, good=None, total=None, bad=None):
    out = (f"  indicator:\n    metadata:\n      name: {name}\n      displayName: {display}\n"
           f"    spec:\n      ratioMetric:\n        counter: false\n")
    if good:
        out += "        good:\n" + _source(good, 10)
    if bad:
        out += "        bad:\n" + _source(bad, 10)
    out += "        total:\n" + _source(total, 10)
    return out


def threshold(name, display, query):
    return (f"  indicator:\n    metadata:\n      name: {name}\n      displayName: {display}\n"
            f"    spec:\n      thresholdMetric:\n" + _source(query, 8))


class SLO:
    def __init__(self, name, display, service, description, indicator, window, budgeting, objectives,
                 rolling=True):
        self.name = name
        self.display = display
        self.service = service
        self.description = description
        self.indicator = indicator
        self.window = window
        self.budgeting = budgeting
        self.objectives = objectives  # list of dicts: displayName, target, op/value/timeSlice*
        self.rolling = rolling

    def keys(self):
        """The review keys: the name, or name/objective-slug per objective."""
        if len(self.objectives) == 1:
            return [(self.name, self.objectives[0]["target"])]
        return [(f"{self.name}/{slug(o['displayName'])}", o["target"]) for o in self.objectives]

    def text(self):
        out = ("apiVersion: openslo/v1\nkind: SLO\nmetadata:\n"
               f"  name: {self.name}\n  displayName: {self.display}\n"
               f"spec:\n  description: {self.description}\n  service: {self.service}\n")
        out += self.indicator
        out += (f"  timeWindow:\n    - duration: {self.window}\n"
                f"      isRolling: {'true' if self.rolling else 'false'}\n")
        out += f"  budgetingMethod: {self.budgeting}\n  objectives:\n"
        for o in self.objectives:
            out += f"    - displayName: {o['displayName']}\n"
            for k in ("op", "value"):
                if k in o:
                    out += f"      {k}: {o[k]}\n"
            out += f"      target: {o['target']}\n"
            for k in ("timeSliceTarget", "timeSliceWindow"):
                if k in o:
                    out += f"      {k}: {o[k]}\n"
        return out

    def list_item(self):
        """The same document as an item of a YAML sequence."""
        lines = self.text().rstrip("\n").split("\n")
        return "\n".join(["- " + lines[0]] + ["  " + ln for ln in lines[1:]]) + "\n"


def slug(s):
    out = []
    for c in s.lower():
        out.append(c if c.isalnum() else "-")
    text = "".join(out)
    while "--" in text:
        text = text.replace("--", "-")
    return text.strip("-")


def service_doc(name, display, description):
    return (f"apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: {name}\n"
            f"  displayName: {display}\nspec:\n  description: {description}\n")


HTTP = "http_server_requests_seconds_count"

GATEWAY_AVAIL = SLO(
    "gateway-availability", "API gateway availability", "api-gateway",
    "Requests through the public gateway that do not fail with a 5xx of the gateway's own making.",
    ratio("gateway-non-5xx", "Gateway responses that are not 5xx",
          bad='sum(rate(envoy_http_downstream_rq_xx{envoy_http_conn_manager_prefix="public",envoy_response_code_class="5"}[5m]))',
          total='sum(rate(envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix="public"}[5m]))'),
    "4w", "Occurrences", [dict(displayName="Non-5xx responses", target=0.9995)])

GATEWAY_LATENCY = SLO(
    "gateway-latency", "API gateway latency", "api-gateway",
    "Minutes in which the gateway's own p99 latency stays under 250 ms.",
    threshold("gateway-p99", "Gateway p99 latency (ms)",
              'histogram_quantile(0.99, sum by (le) (rate(envoy_http_downstream_rq_time_bucket{envoy_http_conn_manager_prefix="public"}[1m])))'),
    "4w", "Timeslices",
    [dict(displayName="p99 under 250ms", op="lte", value=250, target=0.99, timeSliceWindow="1m")])

IDENTITY = SLO(
    "identity-login-success", "Login success", "identity",
    "Login attempts that succeed, or fail only because of the user (wrong password, locked account).",
    ratio("keycloak-logins", "Logins without server-side error",
          good='sum(rate(keycloak_logins_total[5m])) + sum(rate(keycloak_failed_login_attempts_total{error="invalid_user_credentials"}[5m]))',
          total='sum(rate(keycloak_logins_total[5m])) + sum(rate(keycloak_failed_login_attempts_total[5m]))'),
    "4w", "Occurrences", [dict(displayName="Successful logins", target=0.999)])

EVENT_BUS = SLO(
    "event-bus-publish-availability", "Kafka publish availability", "event-bus",
    "Produce requests acknowledged by the brokers.",
    ratio("kafka-produce", "Acknowledged produce requests",
          bad='sum(rate(kafka_server_brokertopicmetrics_failedproducerequests_total[5m]))',
          total='sum(rate(kafka_server_brokertopicmetrics_totalproducerequests_total[5m]))'),
    "28d", "Occurrences", [dict(displayName="Acknowledged produces", target=0.9995)])

LEDGER_AVAIL = SLO(
    "ledger-availability", "Ledger availability", "ledger-api",
    "Ledger API requests answered without a server error.",
    ratio("ledger-non-5xx", "Ledger requests without 5xx",
          good=f'sum(rate({HTTP}{{job="ledger-api",status!~"5.."}}[5m]))',
          total=f'sum(rate({HTTP}{{job="ledger-api"}}[5m]))'),
    "4w", "Occurrences", [dict(displayName="Non-5xx responses", target=0.999)])

LEDGER_LATENCY = SLO(
    "ledger-write-latency", "Ledger write latency", "ledger-api",
    "Ledger writes (postings) that complete within 300 ms.",
    ratio("ledger-fast-writes", "Postings faster than 300 ms",
          good='sum(rate(http_server_requests_seconds_bucket{job="ledger-api",uri="/postings",method="POST",le="0.3"}[5m]))',
          total=f'sum(rate({HTTP}{{job="ledger-api",uri="/postings",method="POST"}}[5m]))'),
    "4w", "Occurrences", [dict(displayName="Writes under 300ms", target=0.99)])

BILLING_RUNS = SLO(
    "billing-invoice-runs", "Invoice batches on time", "billing-api",
    "Invoice batches finished before 06:00 New York time on the day they are due.",
    ratio("invoice-batches", "Invoice batches finished on time",
          good='sum(increase(billing_invoice_batches_total{result="success",on_time="true"}[1d]))',
          total='sum(increase(billing_invoice_batches_total[1d]))'),
    "4w", "Occurrences", [dict(displayName="Batches on time", target=0.99)])

TRACKING_FRESH = SLO(
    "tracking-freshness", "Scan freshness", "tracking-ingest",
    "Carrier scans that are visible on the tracking page within 5 minutes of reaching us.",
    ratio("scan-freshness", "Scans indexed within 5 minutes",
          good='sum(rate(tracking_scan_visible_seconds_bucket{le="300"}[5m]))',
          total='sum(rate(tracking_scan_visible_seconds_count[5m]))'),
    "4w", "Occurrences", [dict(displayName="Visible within 5 minutes", target=0.99)])

TRACKING_LATENCY = SLO(
    "tracking-api-latency", "Tracking API latency", "tracking-api",
    "Minutes in which the p99 latency of the public tracking endpoints stays under two thresholds.",
    threshold("tracking-p99", "Tracking p99 latency (s)",
              'histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{job="tracking-api",uri=~"/v1/track.*"}[1m])))'),
    "4w", "Timeslices",
    [dict(displayName="Under 300ms", op="lte", value=0.3, target=0.99, timeSliceWindow="1m"),
     dict(displayName="Under 1s", op="lte", value=1, target=0.999, timeSliceWindow="1m")])

NOTIFICATIONS = SLO(
    "notifications-delivery", "Notification delivery", "notifications",
    "Messages accepted by the SMS or e-mail provider within 2 minutes of the triggering scan.",
    ratio("notification-accepted", "Messages handed to a provider in time",
          good='sum(rate(notifications_sent_total{result="accepted",within_sla="true"}[5m]))',
          total='sum(rate(notifications_requested_total[5m]))'),
    "2w", "Occurrences", [dict(displayName="Delivered in time", target=0.995)])

ROUTE_PLANNER = SLO(
    "route-planner-availability", "Route plans on time", "route-planner",
    "Depot plans delivered before 05:30 Berlin time, counted in 5-minute slices of the planning window.",
    ratio("planning-slices", "Planning slices without failed depots",
          good='sum(rate(route_planner_depot_plans_total{result="ok"}[5m]))',
          total='sum(rate(route_planner_depot_plans_total[5m]))'),
    "4w", "Timeslices",
    [dict(displayName="Plans on time", target=0.999, timeSliceTarget=0.95, timeSliceWindow="5m")])

DISPATCH_API = SLO(
    "dispatch-api-availability", "Dispatch API availability", "dispatch-api",
    "Driver app requests answered without a server error.",
    ratio("dispatch-non-5xx", "Dispatch requests without 5xx",
          bad='sum(rate(haproxy_backend_http_responses_total{proxy="dispatch-api",code="5xx"}[5m]))',
          total='sum(rate(haproxy_backend_http_responses_total{proxy="dispatch-api"}[5m]))'),
    "4w", "Occurrences", [dict(displayName="Non-5xx responses", target=0.999)])

WMS = SLO(
    "wms-api-availability", "WMS availability", "wms-api",
    "WMS API requests answered without a server error during shift hours.",
    ratio("wms-non-5xx", "WMS requests without 5xx",
          good=f'sum(rate({HTTP}{{job="wms-api",status!~"5.."}}[5m]))',
          total=f'sum(rate({HTTP}{{job="wms-api"}}[5m]))'),
    "4w", "Occurrences", [dict(displayName="Non-5xx responses", target=0.999)])

INVENTORY = SLO(
    "inventory-sync-freshness", "Stock freshness", "inventory-sync",
    "15-minute sync cycles that finish and leave WMS and ERP stock in agreement.",
    ratio("sync-cycles", "Sync cycles completed",
          good='sum(increase(inventory_sync_runs_total{result="success"}[1h]))',
          total='sum(increase(inventory_sync_runs_total[1h]))'),
    "4w", "Occurrences", [dict(displayName="Successful cycles", target=0.98)])

LABELS = SLO(
    "label-print-success", "Labels printed", "label-service",
    "Label jobs acknowledged by a printer within 30 seconds.",
    ratio("label-jobs", "Label jobs printed in time",
          good='sum(rate(label_jobs_total{result="printed",within_sla="true"}[5m]))',
          total='sum(rate(label_jobs_total[5m]))'),
    "4w", "Occurrences", [dict(displayName="Printed in time", target=0.995)])

ALL = [GATEWAY_AVAIL, GATEWAY_LATENCY, IDENTITY, EVENT_BUS, LEDGER_AVAIL, LEDGER_LATENCY, BILLING_RUNS,
       TRACKING_FRESH, TRACKING_LATENCY, NOTIFICATIONS, ROUTE_PLANNER, DISPATCH_API, WMS, INVENTORY, LABELS]


def files():
    """{relative path under content/slos: text}"""
    sep = "---\n"
    return {
        "platform.yaml": "# Platform SLOs: gateway, identity and the event bus.\n" + sep.join(
            s.text() for s in (GATEWAY_AVAIL, GATEWAY_LATENCY, IDENTITY, EVENT_BUS)),
        "payments/ledger.yaml": "# The ledger: the service itself and its two SLOs.\n" + sep.join([
            service_doc("ledger-api", "Ledger API",
                        "Double-entry ledger; owned by Payments (New York)."),
            LEDGER_AVAIL.text(), LEDGER_LATENCY.text()]),
        "payments/billing.yaml": BILLING_RUNS.text(),
        "tracking/ingest.yaml": TRACKING_FRESH.text(),
        "tracking/api.yaml": sep.join([
            service_doc("tracking-api", "Tracking API",
                        "Public tracking pages and shipment search."),
            TRACKING_LATENCY.text()]),
        "tracking/notifications.yaml": NOTIFICATIONS.text(),
        "dispatch.yaml": "# Dispatch keeps its SLOs as one YAML list.\n"
                         + ROUTE_PLANNER.list_item() + DISPATCH_API.list_item(),
        "warehouse.yaml": "# Warehouse Systems.\n" + sep.join(s.text() for s in (WMS, INVENTORY, LABELS)),
    }


def team_keys(services):
    """{team: [(review key, target)]} following each SLO's service owner."""
    out = {}
    for s in ALL:
        out.setdefault(services[s.service]["team"], []).extend(s.keys())
    return out
