"""The page's server: its own files only, a strict Content-Security-Policy, the long poll, and
refusals for what a page cannot ask."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from bot.sandbox.server import STATIC
from bot.sandbox.start import Sandbox

TIMEOUT = 10


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def post(url: str, body: Any) -> int:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_the_page_loads_only_from_its_own_server(sandbox: Sandbox) -> None:
    status, headers, body = get(sandbox.url)

    assert status == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    for src in re.findall(rb'(?:src|href)="([^"]+)"', body):
        assert src.startswith((b"/", b"data:")), src
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:url\(|import |@import|fetch\()\s*['\"]?https?:", text), path.name


@pytest.mark.parametrize("path", ["static/../server.py", "static/nope.js", "static/", "x"])
def test_nothing_outside_static_is_served(sandbox: Sandbox, path: str) -> None:
    assert get(sandbox.url + path)[0] == 404


def test_every_static_file_is_served_with_its_type(sandbox: Sandbox) -> None:
    for path in STATIC.iterdir():
        status, headers, _ = get(f"{sandbox.url}static/{path.name}")
        assert status == 200 and headers["Content-Type"].split("/")[0] in ("text", "image")


def test_an_avatar_is_a_local_picture(sandbox: Sandbox) -> None:
    status, headers, body = get(sandbox.url + "avatar/U0001.svg")

    assert (status, headers["Content-Type"]) == (200, "image/svg+xml")
    assert b">D</text>" in body


def test_the_state_is_what_one_person_sees_with_the_apps_commands(sandbox: Sandbox) -> None:
    status, _, body = get(sandbox.url + "sandbox/state?user=U0001&since=-1")

    seen = json.loads(body)
    assert status == 200 and seen["user"] == "U0001"
    assert [c["name"] for c in seen["app"]["commands"]] == [
        "/check",
        "/draft",
        "/fixes",
        "/phrasebook",
    ]
    assert get(sandbox.url + "sandbox/state?user=U0002")[0] == 400  # a customer is not "You are"


def test_the_long_poll_answers_as_soon_as_something_changes(sandbox: Sandbox) -> None:
    now = sandbox.workspace.version
    threading.Timer(0.2, lambda: sandbox.workspace.post("C0002", "a change")).start()
    started = time.monotonic()

    _, _, body = get(f"{sandbox.url}sandbox/state?user=U0001&since={now}")

    assert json.loads(body)["version"] > now
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("what", "body", "status"),
    [
        ("say", {"user": "U0002", "channel": "C0001", "text": "hi"}, 400),
        ("say", {"user": "U0001", "channel": "D0900", "text": "into Lev's DM"}, 400),
        ("say", {"user": "U0001", "channel": "C9999", "text": "hi"}, 400),
        ("say", {"user": "U0001", "channel": "C0001", "text": "x" * 40_001}, 400),
        ("home", {"user": "U0001", "tab": "settings"}, 400),
        ("action", {"user": "U0001", "where": "nowhere"}, 400),
        ("teleport", {"user": "U0001"}, 404),
        ("say", ["not", "an", "object"], 400),
    ],
)
def test_what_a_page_cannot_ask_is_refused(
    sandbox: Sandbox, what: str, body: Any, status: int
) -> None:
    assert post(f"{sandbox.url}sandbox/{what}", body) == status


def test_the_dashboard_is_served(sandbox: Sandbox) -> None:
    status, headers, body = get(sandbox.url + "dashboard")

    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<h1>Lead dashboard</h1>" in body
