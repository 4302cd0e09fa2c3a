"""The HTTP endpoint against what anyone on the network may send: always an answer, no trace.

Malformed requests (a bad Content-Length, bodies that are not JSON objects, too deep, too big,
too slow, unsigned) get a 4xx at once; then Hypothesis throws random bodies and headers at it.
Requests go over a raw socket, so a dropped connection shows as no status line at all.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.slack.httpd import MAX_BODY, http_server
from tests.slack.conftest import FLAGGED, Bot, make_bot
from tests.slack.fakeslack import SECRET, FakeSlack, sign

BODY_TIMEOUT = 0.5
STATUS = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


@pytest.fixture(scope="module")
def app_bot(fake_server: FakeSlack, slack_coach: Coach, kb: KnowledgeBase) -> Iterator[Bot]:
    made = make_bot(fake_server, slack_coach, kb)
    yield made
    made.deliver.close()
    made.store.close()


@pytest.fixture(scope="module")
def port(app_bot: Bot) -> Iterator[int]:
    httpd = http_server(app_bot.app, "127.0.0.1", 0, body_timeout=BODY_TIMEOUT)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield int(httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()
    thread.join(10)


class Logged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logged() -> Iterator[Logged]:
    handler = Logged()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


def exchange(port: int, request: bytes, timeout: float = 5.0) -> int | None:
    """Send raw bytes; the answer's status, or None when the connection closed unanswered."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        with contextlib.suppress(OSError):  # it may answer and close before reading it all
            conn.sendall(request)
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
    found = STATUS.match(data)
    return int(found.group(1)) if found else None


def raw(
    body: bytes,
    headers: dict[str, str] | None = None,
    *,
    length: str | None = "auto",
    path: str = "/slack/events",
) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: localhost", "Connection: close"]
    if length == "auto":
        lines.append(f"Content-Length: {len(body)}")
    elif length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def signed_raw(body: str, content_type: str = "application/json") -> bytes:
    signed = sign(body, secret=SECRET, content_type=content_type)
    return raw(body.encode("utf-8"), signed.headers)


def no_trace(logged: Logged, capsys: pytest.CaptureFixture[str]) -> None:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not [r for r in logged.records if r.exc_info or r.levelno >= logging.ERROR]


NOT_OBJECTS = [
    ("{bad", "application/json"),
    ("null", "application/json"),
    ("[]", "application/json"),
    ("payload=%7Bbad", "application/x-www-form-urlencoded"),
    ("payload=null", "application/x-www-form-urlencoded"),
    ("[" * 100_000 + "]" * 100_000, "application/json"),
    ('{"a":' * 50_000 + "1" + "}" * 50_000, "application/json"),
    ("\udcff".encode("utf-8", "surrogatepass").decode("latin-1"), "application/json"),
]


@pytest.mark.parametrize(("body", "content_type"), NOT_OBJECTS)
def test_a_signed_body_that_is_not_an_object_is_400_without_a_trace(
    port: int, body: str, content_type: str, logged: Logged, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exchange(port, signed_raw(body, content_type)) == 400
    no_trace(logged, capsys)


@pytest.mark.parametrize(("body", "content_type"), NOT_OBJECTS)
def test_an_unsigned_malformed_body_is_401_and_never_parsed(
    port: int, body: str, content_type: str, logged: Logged, capsys: pytest.CaptureFixture[str]
) -> None:
    request = raw(body.encode("utf-8", "surrogatepass"), {"Content-Type": content_type})
    assert exchange(port, request) == 401
    no_trace(logged, capsys)


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", "", " 12x", "99999999999999999999"])
def test_a_bad_content_length_is_400_at_once(
    port: int, length: str, logged: Logged, capsys: pytest.CaptureFixture[str]
) -> None:
    began = time.monotonic()
    assert exchange(port, raw(b"{}", length=length)) == 400
    assert time.monotonic() - began < BODY_TIMEOUT  # no wait for a body
    no_trace(logged, capsys)


def test_two_different_content_lengths_are_400(port: int) -> None:
    assert exchange(port, raw(b"{}", {"Content-Length": "3"})) == 400


def test_a_body_over_the_limit_is_413_unread(port: int) -> None:
    assert exchange(port, raw(b"", length=str(MAX_BODY + 1))) == 413


def test_a_body_that_never_comes_is_answered_within_the_time_limit(port: int) -> None:
    began = time.monotonic()
    assert exchange(port, raw(b"{", length="100")) == 408
    assert time.monotonic() - began < BODY_TIMEOUT + 2


def test_a_chunked_body_is_400(port: int) -> None:
    request = raw(b"2\r\n{}\r\n0\r\n\r\n", {"Transfer-Encoding": "chunked"}, length=None)
    assert exchange(port, request) == 400


def test_a_stale_timestamp_is_401(port: int) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c"})
    signed = sign(body, secret=SECRET, timestamp=int(time.time()) - 3600)
    assert exchange(port, raw(body.encode(), signed.headers)) == 401


def test_a_good_request_still_gets_through(port: int, app_bot: Bot) -> None:
    app_bot.fake.reset()
    body = json.dumps(app_bot.slack.message(FLAGGED, event_id="EvHTTPOK1"))
    assert exchange(port, signed_raw(body)) == 200
    app_bot.fake.wait_for("chat.postEphemeral", 1)


# -- fuzz ------------------------------------------------------------------------------------

BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b"{bad", b"null", b"[]", b"payload=%7Bbad", b"payload=", b"a=b&c"]),
)
HEADER_VALUE = st.text(
    st.characters(min_codepoint=32, max_codepoint=126), max_size=40
)  # what an HTTP client can put on the wire
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "text/plain", "", "json; x=1"]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=BODIES,
    content_type=CONTENT_TYPES,
    signing=st.sampled_from(["good", "none", "random", "bad-timestamp"]),
    length=st.one_of(st.just("auto"), st.none(), HEADER_VALUE, st.integers(-10, 400).map(str)),
    extra=st.dictionaries(
        st.sampled_from(["X-Slack-Retry-Num", "Expect", "Content-Encoding", "X-Junk"]),
        HEADER_VALUE,
        max_size=2,
    ),
)
def test_fuzz_any_request_gets_a_4xx_or_200_and_leaves_no_trace(
    port: int,
    logged: Logged,
    capsys: pytest.CaptureFixture[str],
    body: bytes,
    content_type: str,
    signing: str,
    length: str | None,
    extra: dict[str, str],
) -> None:
    headers = {"Content-Type": content_type, **extra}
    if signing == "good":
        try:
            signed = sign(body.decode("utf-8"), secret=SECRET, content_type=content_type)
            headers.update(signed.headers)
        except UnicodeDecodeError:
            pass
    elif signing == "random":
        headers.update(
            {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"}
        )
    elif signing == "bad-timestamp":
        headers.update({"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"})
    status = exchange(port, raw(body, headers, length=length))
    assert status is not None, "the connection closed without an answer"
    assert status == 200 or 400 <= status < 500
    no_trace(logged, capsys)


def test_a_signed_message_event_of_odd_shape_is_acked_without_an_error(
    port: int, app_bot: Bot, logged: Logged, capsys: pytest.CaptureFixture[str]
) -> None:
    body = app_bot.slack.message(FLAGGED, event_id="EvODD1")
    body["event"].update(thread_ts=[1], ts=2, channel_type=None)
    assert exchange(port, signed_raw(json.dumps(body))) == 200
    app_bot.settle()
    no_trace(logged, capsys)
