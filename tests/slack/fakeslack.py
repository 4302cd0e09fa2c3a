"""A fake Slack for tests and the load bench: a Web API on loopback, and signed requests to the app.

`FakeSlack` is the sandbox's recording Web API (bot.sandbox.webapi) answering with canned JSON
(the shared fixtures' `web-api/<method>.ok.json` where there is one), and lets a test queue
other answers per method: an error body from the fixtures, or a 429 with Retry-After. Posts to
a response_url land on `/respond/...` and are recorded as the method "response_url".
`wait_for` blocks, with a timeout, until enough calls of a method arrived.

`Requests` builds what Slack sends to the app from the shared fixtures (events with the text
replaced, slash commands re-encoded as form fields, interactivity payloads as `payload=`),
signs each body, and `dispatch` feeds it to the real Bolt app.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest, BoltResponse

from bot.sandbox.signing import Signed, sign
from bot.sandbox.webapi import RESPONSE_URL, Answer, Call, WebApi

__all__ = ["RESPONSE_URL", "Answer", "Call", "FakeSlack", "Requests", "Signed", "sign"]

# A copy of the shared real-shaped Slack payloads (tests/data/slack-fixtures/README.md says
# where each comes from), kept in the repo so the tests run on a clean clone.
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "slack-fixtures"
SECRET = "0123456789abcdef0123456789abcdef"
BOT_TOKEN = "xoxb-1111-2222-fakefakefake"
BOT_USER = "UBOT0001"


def fixture(name: str) -> Any:
    """One shared fixture, e.g. fixture("events/message_channel.json"), freshly parsed."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _defaults() -> dict[str, dict[str, Any]]:
    answers = {
        path.name.removesuffix(".ok.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in (FIXTURES / "web-api").glob("*.ok.json")
    }
    answers.update(
        {
            "conversations.open": {"ok": True, "channel": {"id": "D0001"}},
            "usergroups.users.list": {"ok": True, "users": []},
            "views.update": {"ok": True},
        }
    )
    return answers


class FakeSlack(WebApi):
    """The sandbox's recording Web API with canned answers; start() it, close() it."""

    def __init__(self) -> None:
        super().__init__()
        self.defaults = _defaults()
        self._queued: dict[str, list[Answer]] = {}
        self._slow: dict[str, float] = {}
        self._views = 0
        self._workspaces: dict[str, dict[str, Any]] = {}  # bot token -> auth.test's answer
        self._codes: dict[str, dict[str, Any]] = {}  # OAuth code -> oauth.v2.access's answer

    def start(self) -> FakeSlack:
        super().start()
        return self

    def reset(self) -> None:
        """Forget calls and queued answers (between tests)."""
        with self._changed:
            self._calls.clear()
            self._queued.clear()
            self._slow.clear()
            self._views = 0
            self._workspaces.clear()
            self._codes.clear()

    # -- what a test sets up ---------------------------------------------------------------

    def queue(
        self,
        method: str,
        body: dict[str, Any] | str,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer the next call of `method` with `body` (a dict, or a fixture name like
        "error.not_in_channel"), after `delay` seconds; later calls get the default again."""
        if isinstance(body, str):
            body = fixture(f"web-api/{body}.json")
        answer = Answer(body, status, dict(headers or {}), delay)
        with self._changed:
            self._queued.setdefault(method, []).append(answer)

    def slow(self, method: str, seconds: float) -> None:
        """Answer every call of `method` after `seconds` (until reset)."""
        with self._changed:
            self._slow[method] = seconds

    def ratelimit(self, method: str, *, retry_after: int = 1) -> None:
        """Answer the next call of `method` with HTTP 429 and a Retry-After header."""
        self.queue(
            method,
            "error.ratelimited",
            status=429,
            headers={"Retry-After": str(retry_after)},
        )

    def workspace(
        self,
        team: str,
        *,
        code: str,
        token: str,
        installer: str,
        enterprise: str | None = None,
        org_install: bool = False,
    ) -> None:
        """A workspace that can install the app: oauth.v2.access with `code` answers with its
        bot `token`, and auth.test with that token names the workspace."""
        answer = {
            "ok": True,
            "app_id": "A0001",
            "authed_user": {"id": installer},
            "scope": "chat:write,commands",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": f"UBOT{team}",
            "team": None if org_install else {"id": team, "name": f"Workspace {team}"},
            "enterprise": {"id": enterprise, "name": "Org"} if enterprise else None,
            "is_enterprise_install": org_install,
        }
        with self._changed:
            self._codes[code] = answer
            self._workspaces[token] = {
                "ok": True,
                "url": f"https://{team.lower()}.slack.com/",
                "team": f"Workspace {team}",
                "user": "phrasebot",
                "team_id": team,
                "user_id": f"UBOT{team}",
                "bot_id": f"B{team}",
                "enterprise_id": enterprise,
                "is_enterprise_install": org_install,
            }

    # -- the answers -----------------------------------------------------------------------

    def answer(self, method: str, args: dict[str, Any], path: str, token: str = "") -> Answer:
        with self._changed:
            queued = self._queued.get(method)
            if queued:
                return queued.pop(0)
            if method == "auth.test" and token in self._workspaces:
                return Answer(copy.deepcopy(self._workspaces[token]))
            if method == "oauth.v2.access":
                found = self._codes.get(str(args.get("code")))
                return Answer(
                    copy.deepcopy(found) if found else {"ok": False, "error": "invalid_code"}
                )
            delay = self._slow.get(method, 0.0)
            if method in ("views.open", "views.update", "views.publish"):
                self._views += 1
                return Answer(self._view_echo(method, args), delay=delay)
        return Answer(copy.deepcopy(self.defaults.get(method, {"ok": True})), delay=delay)

    def _view_echo(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else dict(view or {})
        view_id = args.get("view_id") or f"V{self._views:04d}"
        view.update(id=view_id, hash=f"{1700000000 + self._views}.h{self._views}")
        view.setdefault("root_view_id", view_id)
        view.setdefault("state", {"values": {}})
        view.setdefault("type", "home" if method == "views.publish" else "modal")
        return {"ok": True, "view": view}


# -- what Slack sends to the app ---------------------------------------------------------------


class Requests:
    """Slack's side of a conversation with the app, built from the shared fixtures."""

    def __init__(self, fake: FakeSlack, *, secret: str = SECRET) -> None:
        self.fake = fake
        self.secret = secret
        self._events = 0

    def response_url(self, name: str = "r") -> str:
        return f"{self.fake.url}respond/{name}"

    def event(self, name: str, *, event_id: str | None = None, **fields: Any) -> dict[str, Any]:
        """An events/<name>.json envelope with event fields replaced and a fresh event_id."""
        body = fixture(f"events/{name}.json")
        self._events += 1
        body["event_id"] = event_id or f"Ev{self._events:08d}"
        for key, value in fields.items():
            if value is None:
                body["event"].pop(key, None)
            else:
                body["event"][key] = value
        return body

    def message(
        self,
        text: str,
        *,
        user: str = "U0001",
        channel: str = "C0001",
        ts: str = "1700000000.000100",
        event_id: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A human's new message in a channel."""
        body = self.event(
            "message_channel", event_id=event_id, text=text, user=user, channel=channel, ts=ts
        )
        body["event"].pop("blocks", None)  # the text is the message; the sample blocks are not
        body["event"].update(fields)
        return body

    def command(self, command: str, text: str = "", **fields: str) -> str:
        form = fixture("commands/slash_command.json")
        form.update(command=command, text=text, response_url=self.response_url("command"))
        form.update(fields)
        return urlencode(form)

    def interaction(self, payload: dict[str, Any]) -> str:
        if payload.get("response_url"):
            payload["response_url"] = self.response_url(payload.get("type", "interaction"))
        return urlencode({"payload": json.dumps(payload)})

    def signed(self, body: dict[str, Any] | str, **kwargs: Any) -> Signed:
        if isinstance(body, dict):
            return sign(json.dumps(body), secret=self.secret, **kwargs)
        return sign(
            body,
            secret=self.secret,
            content_type="application/x-www-form-urlencoded",
            **kwargs,
        )


def dispatch(app: App, signed: Signed) -> BoltResponse:
    """Send a signed request through the real Bolt app, as its HTTP adapter would."""
    return app.dispatch(BoltRequest(body=signed.body, headers=signed.headers))
