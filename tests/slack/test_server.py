"""`phrasebot serve --http --workers 2`: gunicorn in front, Bolt behind, as an operator runs it.

The server runs in a subprocess on a fresh store (PostgreSQL when the tests have one, else a
SQLite file); this process holds the fake Slack and talks to the server over loopback, in raw
bytes where the request is malformed on purpose.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import URL, fresh_schema
from tests.slack.conftest import FLAGGED
from tests.slack.fakeslack import SECRET, FakeSlack, sign
from tests.slack.served import Served, flagged_event, post_signed, serve

STATUS_LINE = b"HTTP/1.1 "


@pytest.fixture(scope="module")
def served(fake_server: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    if URL:
        with fresh_schema() as url:
            running = serve(folder, fake_server.api_url, workers=2, database=url)
            yield running
            running.stop()
    else:
        running = serve(folder, fake_server.api_url, workers=2)
        yield running
        running.stop()


def raw(port: int, request: bytes, timeout: float = 15.0) -> int | None:
    """Send raw bytes; the answer's status, or None when the connection closed unanswered."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        data = b""
        while b"\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.") else None


def test_two_workers_answer_health_readiness_and_metrics(served: Served) -> None:
    assert len(served.workers()) == 2
    assert served.get("/healthz") == (200, b"ok")
    assert served.get("/readyz") == (200, b"ready")
    status, body = served.get("/metrics")
    assert status == 200
    assert b"# TYPE phrasebot_ack_seconds histogram" in body
    assert b"phrasebot_outbox_pending" in body


def test_a_signed_event_is_acked_and_tipped_and_counted(served: Served, fake: FakeSlack) -> None:
    assert post_signed(served.port, flagged_event(1, text=FLAGGED, prefix="EvSRV")) == 200
    [tip] = fake.wait_for("chat.postEphemeral", 1, timeout=20)
    assert tip.args["thread_ts"] == "1700000000.000001"
    deadline = time.monotonic() + 10
    while b'phrasebot_tips_total{outcome="delivered"} 1.0' not in served.get("/metrics")[1]:
        assert time.monotonic() < deadline, served.get("/metrics")[1].decode()[-2000:]
        time.sleep(0.2)
    metrics = served.get("/metrics")[1]
    assert b'phrasebot_events_total{outcome="accepted"} 1.0' in metrics
    assert b"phrasebot_delivery_seconds_count 1.0" in metrics


def test_a_retry_of_an_acked_event_gets_no_second_tip(served: Served, fake: FakeSlack) -> None:
    body = flagged_event(2, text=FLAGGED, prefix="EvSRV")
    assert post_signed(served.port, body) == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post_signed(served.port, body, extra=retry) == 200
    fake.wait_for("chat.postEphemeral", 1, timeout=20)
    time.sleep(1.5)
    assert len(fake.calls("chat.postEphemeral")) == 1


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", 400),
        (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400),
        (
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
            b"Content-Length: 3\r\n\r\n{}",
            400,
        ),
        (
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
        (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413),
        (b"POST /elsewhere HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 404),
        (b"PUT /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 405),
        (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 401),
    ],
    ids=[
        "not a number",
        "negative",
        "two lengths",
        "chunked",
        "too big",
        "not found",
        "wrong method",
        "unsigned",
    ],
)
def test_what_slack_would_never_send_is_refused_at_once(
    served: Served, request_bytes: bytes, status: int
) -> None:
    assert raw(served.port, request_bytes) == status


def test_a_signed_body_that_is_not_a_json_object_is_400(served: Served) -> None:
    signed = sign("[1, 2]", secret=SECRET)
    head = "".join(f"{k}: {v}\r\n" for k, v in signed.headers.items())
    request = f"POST /slack/events HTTP/1.1\r\nHost: x\r\n{head}Content-Length: 6\r\n\r\n[1, 2]"
    assert raw(served.port, request.encode()) == 400


def test_a_body_not_sent_in_time_is_408(served: Served) -> None:
    began = time.monotonic()
    request = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
    assert raw(served.port, request, timeout=30) == 408
    assert 9 <= time.monotonic() - began < 20  # the 10 s the whole body has


def test_nothing_refused_leaves_a_traceback(served: Served) -> None:
    assert "Traceback" not in served.text()


def test_sigterm_drains_and_stops_every_worker(fake: FakeSlack, tmp_path: Path) -> None:
    running = serve(tmp_path, fake.api_url, workers=2)
    workers = running.workers()
    fake.slow("chat.postEphemeral", 0.5)
    assert post_signed(running.port, flagged_event(7, text=FLAGGED, prefix="EvTERM")) == 200
    fake.wait_for("chat.postEphemeral", 1, timeout=20)  # a tip is being posted now
    assert running.stop() == 0
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)
    assert "phrasebot: stopped." in running.text()
    assert "Traceback" not in running.text()
    assert len(fake.calls("chat.postEphemeral")) == 1  # finished, not cut off nor repeated
