"""What Slack sends the app for each thing a person does, and what the app's answer does.

A stand-in app on loopback checks every signature with Slack's own verifier, keeps what it
got and answers what the test tells it to, so each request and each kind of ack is pinned
down without the real app's listeners.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.sandbox.manifest import Command, Manifest, Shortcut
from bot.sandbox.sender import Slack
from bot.sandbox.workspace import AGENT, SLACKBOT, Workspace

SECRET = "abcdef0123456789abcdef0123456789"
MANIFEST = Manifest(
    "phrasebot",
    (Command("/check", "Check a draft"),),
    (Shortcut("compose", "Draft a reply", "global"), Shortcut("check_wording", "Check", "message")),
)


@dataclass
class App:
    """What the stand-in app got (kind, parsed body) and the answers it is to give, in order."""

    got: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def app() -> Iterator[App]:
    made = App()
    verifier = SignatureVerifier(SECRET)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            assert verifier.is_valid(
                body=raw,
                timestamp=self.headers["X-Slack-Request-Timestamp"],
                signature=self.headers["X-Slack-Signature"],
            )
            text = raw.decode()
            if self.headers["Content-Type"] == "application/json":
                made.got.append(("event", json.loads(text)))
            else:
                form = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
                kind = "interaction" if "payload" in form else "command"
                made.got.append((kind, json.loads(form["payload"]) if "payload" in form else form))
            status, body = made.answers.pop(0) if made.answers else (200, "")
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    made.url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    yield made
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def space() -> Workspace:
    made = Workspace()
    made.respond_base = "http://127.0.0.1:9/respond/"
    return made


@pytest.fixture
def slack(app: App, space: Workspace) -> Slack:
    return Slack(space, app.url, SECRET, MANIFEST)


def test_a_message_is_posted_and_sent_as_a_signed_event(app: App, slack: Slack) -> None:
    slack.say(AGENT, "C0001", "I don't know")

    [(kind, body)] = app.got
    event = body["event"]
    assert (kind, body["type"], body["api_app_id"]) == ("event", "event_callback", "A0001")
    assert body["authorizations"][0]["user_id"] == "UBOT0001"
    assert (event["type"], event["user"], event["channel"], event["text"]) == (
        "message",
        AGENT,
        "C0001",
        "I don't know",
    )
    assert event["channel_type"] == "channel"
    assert event["blocks"][0]["type"] == "rich_text"
    assert slack.workspace.log[-1].title.startswith("event message")


def test_a_reply_in_a_thread_names_its_parent(app: App, slack: Slack, space: Workspace) -> None:
    parent = space.messages[0]

    slack.say(AGENT, "C0001", "on it", thread_ts=parent.ts)

    event = app.got[0][1]["event"]
    assert (event["thread_ts"], event["parent_user_id"]) == (parent.ts, parent.user)


def test_an_edit_is_sent_as_message_changed_with_both_texts(app: App, slack: Slack) -> None:
    slack.say(AGENT, "C0001", "soon")
    ts = app.got[0][1]["event"]["ts"]

    assert slack.edit(AGENT, "C0001", ts, "by 3 pm") is True

    event = app.got[1][1]["event"]
    assert event["subtype"] == "message_changed"
    assert (event["previous_message"]["text"], event["message"]["text"]) == ("soon", "by 3 pm")
    assert event["message"]["edited"]["user"] == AGENT
    assert slack.edit("U0900", "C0001", ts, "not yours") is False


def test_a_slash_command_is_sent_as_slacks_form_and_its_ack_text_shown_privately(
    app: App, slack: Slack, space: Workspace
) -> None:
    app.answers.append((200, json.dumps({"text": "only for you"})))

    slack.say(AGENT, "C0001", "/check  I don't know")

    kind, form = app.got[0]
    assert (kind, form["command"], form["text"], form["channel_name"]) == (
        "command",
        "/check",
        "I don't know",
        "support",
    )
    assert form["response_url"].startswith(space.respond_base)
    assert form["trigger_id"] and form["is_enterprise_install"] == "false"
    assert [(m.text, m.only_for) for m in space.messages[-1:]] == [("only for you", AGENT)]


def test_a_command_the_manifest_lacks_is_refused_by_slack_and_never_sent(
    app: App, slack: Slack, space: Workspace
) -> None:
    slack.say(AGENT, "C0001", "/weather")

    assert app.got == []
    assert space.messages[-1].user == SLACKBOT
    assert "/weather is not a valid command" in space.messages[-1].text


def test_a_button_on_a_private_message_sends_no_copy_of_it(
    app: App, slack: Slack, space: Workspace
) -> None:
    tip = space.post("C0001", "tip", only_for=AGENT, thread_ts="1.0")

    slack.action(
        AGENT,
        {"kind": "message", "channel": "C0001", "ts": tip.ts},
        {"type": "button", "action_id": "tip_helpful", "block_id": "b", "value": "v"},
        {},
    )

    payload = app.got[0][1]
    assert payload["type"] == "block_actions"
    assert payload["container"] == {
        "type": "message",
        "message_ts": tip.ts,
        "channel_id": "C0001",
        "is_ephemeral": True,
        "thread_ts": "1.0",
    }
    assert "message" not in payload
    assert payload["actions"][0]["value"] == "v" and payload["actions"][0]["action_ts"]
    assert space.origin(payload["response_url"]).message_ts == tip.ts


def test_someone_elses_private_message_cannot_be_pressed(
    app: App, slack: Slack, space: Workspace
) -> None:
    tip = space.post("C0001", "tip", only_for="U0900")

    slack.action(
        AGENT, {"kind": "message", "channel": "C0001", "ts": tip.ts}, {"type": "button"}, {}
    )

    assert app.got == []


def open_form(space: Workspace) -> str:
    view = {"type": "modal", "callback_id": "form", "blocks": [], "notify_on_close": True}
    return str(space.open_modal(AGENT, view, "C0001")["id"])


@pytest.mark.parametrize(
    ("answer", "after"),
    [
        ("", "closed"),
        (json.dumps({"response_action": "clear"}), "closed"),
        (json.dumps({"response_action": "errors", "errors": {"draft": "Write it"}}), "errors"),
        (
            json.dumps({"response_action": "update", "view": {"type": "modal", "blocks": []}}),
            "open",
        ),
        (
            json.dumps({"response_action": "push", "view": {"type": "modal", "blocks": []}}),
            "pushed",
        ),
    ],
)
def test_a_submitted_form_does_what_its_ack_says(
    app: App, slack: Slack, space: Workspace, answer: str, after: str
) -> None:
    view_id = open_form(space)
    values = {"draft": {"input": {"type": "plain_text_input", "value": "hi"}}}
    app.answers.append((200, answer))

    slack.submit(AGENT, view_id, values)

    payload = app.got[0][1]
    assert payload["type"] == "view_submission"
    assert payload["view"]["state"]["values"] == values
    stack = space.modals.get(AGENT, [])
    assert {
        "closed": stack == [],
        "errors": stack == [view_id] and space.views[view_id].errors == {"draft": "Write it"},
        "open": stack == [view_id],
        "pushed": len(stack) == 2,
    }[after]


def test_a_form_the_app_fails_shows_slacks_trouble_message(
    app: App, slack: Slack, space: Workspace
) -> None:
    view_id = open_form(space)
    app.answers.append((500, ""))

    slack.submit(AGENT, view_id, {})

    assert "We had some trouble connecting" in space.views[view_id].errors[""]
    assert "HTTP 500" in space.log[-1].warning


def test_closing_sends_view_closed_only_when_the_view_asks(
    app: App, slack: Slack, space: Workspace
) -> None:
    asked = open_form(space)
    slack.close(AGENT, asked, everything=True)
    quiet = space.open_modal(AGENT, {"type": "modal", "blocks": []}, None)["id"]
    slack.close(AGENT, quiet, everything=False)

    assert [(p["type"], p["is_cleared"]) for _, p in app.got] == [("view_closed", True)]
    assert space.modals.get(AGENT, []) == []


def test_a_message_shortcut_carries_the_message_and_a_response_url(
    app: App, slack: Slack, space: Workspace
) -> None:
    customer = space.messages[0]

    slack.shortcut(AGENT, "check_wording", "C0001", customer.ts)
    slack.shortcut(AGENT, "compose", "C0001")
    slack.shortcut(AGENT, "not_declared", "C0001")

    [(_, message), (_, global_)] = app.got
    assert message["type"] == "message_action" and message["message"]["text"] == customer.text
    assert message["response_url"] and message["channel"]["name"] == "support"
    assert global_["type"] == "shortcut" and "channel" not in global_


def test_app_home_opened_is_sent_with_the_tab(app: App, slack: Slack) -> None:
    slack.home_opened(AGENT, "home")

    event = app.got[0][1]["event"]
    assert (event["type"], event["tab"], event["channel"]) == ("app_home_opened", "home", "D0001")


def test_an_app_that_does_not_answer_is_noted(space: Workspace) -> None:
    slack = Slack(space, "http://127.0.0.1:9/slack/events", SECRET, MANIFEST)

    slack.say(AGENT, "C0001", "anyone?")

    assert space.log[-1].status == 0
    assert "no answer" in space.log[-1].response
