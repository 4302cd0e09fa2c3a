"""The WSGI application gunicorn runs, called as gunicorn calls it (no server needed)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.slack.wsgi import SlackWsgi
from tests.slack.conftest import FLAGGED, Bot, make_bot
from tests.slack.fakeslack import SECRET, FakeSlack, Requests


@pytest.fixture
def bot(fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase) -> Iterator[Bot]:
    made = make_bot(fake, slack_coach, kb)
    yield made
    made.close()


def call(
    app: SlackWsgi, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
    }
    for key, value in (headers or {}).items():
        name = key.upper().replace("-", "_")
        environ[name if name == "CONTENT_TYPE" else f"HTTP_{name}"] = value
    answered: dict[str, Any] = {}

    def start_response(status: str, lines: list[tuple[str, str]]) -> None:
        answered.update(status=status, headers=dict(lines))

    out = b"".join(app(environ, start_response))
    return answered["status"], answered["headers"], out


def test_readiness_says_why_not(bot: Bot) -> None:
    app = SlackWsgi(
        bot.app, signing_secret=SECRET, ready=lambda: "store unreachable: OperationalError"
    )
    assert call(app, "GET", "/readyz")[0::2] == (
        "503 Service Unavailable",
        b"store unreachable: OperationalError",
    )
    assert call(app, "GET", "/healthz")[0::2] == ("200 OK", b"ok")


def test_a_signed_event_goes_to_bolt_and_is_counted(bot: Bot, fake: FakeSlack) -> None:
    app = SlackWsgi(bot.app, signing_secret=SECRET, ready=lambda: None, pending=lambda: 0)
    signed = Requests(fake).signed(Requests(fake).message(FLAGGED))
    status, _, _ = call(app, "POST", "/slack/events", signed.body.encode(), signed.headers)
    assert status == "200 OK"
    assert len(bot.tips()) == 1
    status, headers, metrics = call(app, "GET", "/metrics")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/plain")
    assert b"phrasebot_ack_seconds_count" in metrics


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/nowhere", {}, "404 Not Found"),
        ("DELETE", "/slack/events", {}, "405 Method Not Allowed"),
        ("POST", "/slack/events", {"Transfer-Encoding": "chunked"}, "400 Bad Request"),
        ("POST", "/slack/events", {}, "401 Unauthorized"),
        ("GET", "/slack/install", {}, "404 Not Found"),  # one workspace: no install flow
    ],
)
def test_what_is_not_for_bolt_is_answered_here(
    bot: Bot, method: str, path: str, headers: dict[str, str], status: str
) -> None:
    app = SlackWsgi(bot.app, signing_secret=SECRET, ready=lambda: None)
    assert call(app, method, path, b"{}", headers)[0] == status


def test_a_body_not_in_within_its_time_is_408_and_the_connection_closed(bot: Bot) -> None:
    app = SlackWsgi(bot.app, signing_secret=SECRET, ready=lambda: None, body_timeout=0.0)
    status, headers, _ = call(app, "POST", "/slack/events", b"{}")
    assert (status, headers["Connection"]) == ("408 Request Timeout", "close")
