"""What /metrics reports, in Prometheus's text format (prometheus-client): message events and
tips by outcome, Slack errors by method and code, HTTP requests by status, and histograms of
how long an ack and a delivery take.

Under `serve --http --workers N` each worker process counts into files under
PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode, set up by bot/slack/server.py
before the workers start), and /metrics, whichever worker answers it, adds up every worker's.
In one process the counts live in the default registry.
"""

from __future__ import annotations

import os
import threading
from typing import Any

# prometheus-client is imported on first use, not with this module: it decides at import
# whether to count in files for many processes, and gunicorn's master sets that up (the
# variable PROMETHEUS_MULTIPROC_DIR) only just before it starts the workers.


_made: dict[str, Any] = {}
_making = threading.Lock()


def _metrics() -> dict[str, Any]:
    if _made:
        return _made
    with _making:  # the first requests come on many threads at once
        if not _made:
            _made.update(_make())
    return _made


def _make() -> dict[str, Any]:
    from prometheus_client import Counter, Gauge, Histogram

    return {
        "events": Counter(
            "phrasebot_events",
            "Message events checked for tips: accepted, a retry already accepted, or ignored",
            ["outcome"],
        ),
        "tips": Counter(
            "phrasebot_tips",
            "Outbox jobs finished: delivered, clean, over_cap, refused (by Slack), "
            "maybe_delivered (a timeout), no_token (the workspace is not installed), too_slow, "
            "or later (Slack busy: tried again)",
            ["outcome"],
        ),
        "slack_errors": Counter(
            "phrasebot_slack_errors",
            "Web API calls that failed, by method and Slack error code",
            ["method", "code"],
        ),
        "requests": Counter(
            "phrasebot_http_requests", "HTTP requests answered, by status", ["status"]
        ),
        "ack": Histogram(
            "phrasebot_ack_seconds",
            "From a request to /slack/events read to its answer (Slack allows 3 s)",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
        ),
        "delivery": Histogram(
            "phrasebot_delivery_seconds",
            "From a message event accepted to its tip taken by Slack",
            buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0, 300.0),
        ),
        "pending": Gauge(
            "phrasebot_outbox_pending",
            "Accepted events whose tip is not delivered yet (read from the store at each scrape)",
            multiprocess_mode="mostrecent",
        ),
    }


def event(outcome: str) -> None:
    _metrics()["events"].labels(outcome).inc()


def tip(outcome: str, seconds: float | None = None) -> None:
    found = _metrics()
    found["tips"].labels(outcome).inc()
    if seconds is not None:
        found["delivery"].observe(max(seconds, 0.0))


def slack_error(method: str, code: str) -> None:
    _metrics()["slack_errors"].labels(method, code).inc()


def answered(status: int, seconds: float | None = None) -> None:
    found = _metrics()
    found["requests"].labels(str(status)).inc()
    if seconds is not None:
        found["ack"].observe(seconds)


def exposition(pending: int | None = None) -> tuple[bytes, str]:
    """The text a Prometheus scrape gets, and its content type: every worker's counts."""
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    found = _metrics()
    if pending is not None:
        found["pending"].set(pending)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
