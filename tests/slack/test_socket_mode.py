"""Socket Mode end to end: `phrasebot serve` as the README's default runs it, against a fake.

The server runs in a subprocess with SLACK_APP_TOKEN and SLACK_BOT_TOKEN; the fake Web API
answers apps.connections.open with a ws://127.0.0.1 URL, where tests/slack/fakesocket.py
speaks Slack's envelope and ack protocol. Every envelope must be acked within 3 seconds, and
tips, command answers and retries behave as they do over HTTP.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from tests.slack.conftest import CLEAN, FLAGGED
from tests.slack.fakeslack import BOT_TOKEN, FakeSlack, Requests, fixture
from tests.slack.fakesocket import FakeSocketMode
from tests.slack.served import ROOT, write_rules

APP_TOKEN = "xapp-1-A0001-1-fakefakefake"


@pytest.fixture(scope="module")
def socket_fake() -> Iterator[FakeSocketMode]:
    fake = FakeSocketMode().start()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def connected(
    fake_server: FakeSlack, socket_fake: FakeSocketMode, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    folder = tmp_path_factory.mktemp("socket")
    write_rules(folder)
    fake_server.defaults["apps.connections.open"] = {"ok": True, "url": socket_fake.url}
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake_server.api_url,
    }
    for name in ("SLACK_SIGNING_SECRET", "PHRASEBOT_DATABASE_URL", "SLACK_CLIENT_ID"):
        env.pop(name, None)
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--config", str(folder / "rules.yaml")],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        socket_fake.wait_connected()
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        log.close()
        text = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
        assert "connected to Slack over Socket Mode" in text
        assert "Traceback" not in text


def message(n: int, text: str) -> dict[str, object]:
    body = fixture("events/message_channel.json")
    body["event"].pop("blocks", None)
    body["event_id"] = f"EvSOCKET{n}"
    body["event"].update(text=text, ts=f"1700000000.{n:06d}")
    return body


def tips_for(fake: FakeSlack, n: int) -> int:
    ts = f"1700000000.{n:06d}"
    return sum(c.args.get("thread_ts") == ts for c in fake.calls("chat.postEphemeral"))


def test_the_app_opens_a_connection_with_its_app_token(
    connected: subprocess.Popen[bytes], fake_server: FakeSlack
) -> None:
    [opened, *_] = fake_server.calls("apps.connections.open")
    assert opened.token == APP_TOKEN


def test_a_flagged_message_is_acked_at_once_and_tipped(
    connected: subprocess.Popen[bytes], socket_fake: FakeSocketMode, fake: FakeSlack
) -> None:
    began = time.monotonic()
    envelope = socket_fake.push("events_api", message(1, FLAGGED))
    assert socket_fake.wait_ack(envelope) == {"envelope_id": envelope}
    assert time.monotonic() - began < 3
    [tip] = fake.wait_for("chat.postEphemeral", 1, timeout=20)
    assert (tip.args["user"], tip.args["thread_ts"], tip.token) == (
        "U0001",
        "1700000000.000001",
        BOT_TOKEN,
    )


def test_a_clean_message_is_acked_and_left_alone(
    connected: subprocess.Popen[bytes], socket_fake: FakeSocketMode, fake: FakeSlack
) -> None:
    socket_fake.wait_ack(socket_fake.push("events_api", message(2, CLEAN)))
    time.sleep(1.0)
    assert tips_for(fake, 2) == 0


def test_slack_s_retry_of_an_acked_envelope_gives_no_second_tip(
    connected: subprocess.Popen[bytes], socket_fake: FakeSocketMode, fake: FakeSlack
) -> None:
    socket_fake.wait_ack(socket_fake.push("events_api", message(3, FLAGGED)))
    retry = socket_fake.push("events_api", message(3, FLAGGED), retry_attempt=1)
    socket_fake.wait_ack(retry)
    fake.wait_for("chat.postEphemeral", 1, timeout=20)
    time.sleep(1.0)
    assert tips_for(fake, 3) == 1


def test_a_slash_command_is_acked_and_answered_privately(
    connected: subprocess.Popen[bytes], socket_fake: FakeSocketMode, fake: FakeSlack
) -> None:
    form = dict(parse_qsl(Requests(fake).command("/check", "idk, we'll reply soon")))
    envelope = socket_fake.push("slash_commands", form, accepts_response_payload=True)
    socket_fake.wait_ack(envelope)
    [answer] = fake.wait_for("response_url", 1, timeout=20)
    assert answer.args["response_type"] == "ephemeral"
    assert "dont-know" in str(answer.args["blocks"]) or "idk" in str(answer.args["blocks"])


def test_a_button_press_is_acked_and_counted(
    connected: subprocess.Popen[bytes], socket_fake: FakeSocketMode, fake: FakeSlack
) -> None:
    payload = fixture("interactivity/block_actions_button_ephemeral_in_thread.json")
    payload["response_url"] = Requests(fake).response_url("interactive")
    payload["actions"] = [
        {
            "action_id": "tip_helpful",
            "block_id": "tip_actions",
            "value": '{"r": ["dont-know"], "l": "en", "f": []}',
            "type": "button",
            "action_ts": "1700000001.000100",
        }
    ]
    socket_fake.wait_ack(socket_fake.push("interactive", payload))
    [thanks] = fake.wait_for("response_url", 1, timeout=20)
    assert thanks.args["text"]


def test_the_connection_stays_one(
    connected: subprocess.Popen[bytes], socket_fake: FakeSocketMode
) -> None:
    assert socket_fake.opened == 1
    assert connected.poll() is None
    assert Path(f"/proc/{connected.pid}").exists()
