"""What Slack sends the app when a person acts on the page, and what the app's answer does.

A message, an edit, a slash command, a button, a keystroke, a form sent or closed, a shortcut,
App Home opened: each becomes the request Slack would send (an Events API envelope, the form
fields of a command, an interaction's `payload=`), signed with the app's signing secret and
POSTed to its real HTTP endpoint. The answer (the ack) then does what it does in Slack: a
command's text shows to its author, a form's `response_action` shows errors, updates, pushes
or closes the modal. Each exchange lands in the Requests panel.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.sandbox.manifest import Manifest
from bot.sandbox.signing import sign
from bot.sandbox.workspace import (
    APP_ID,
    BOT_ID,
    BOT_USER,
    BY_ID,
    SLACKBOT,
    TEAM,
    TEAM_DOMAIN,
    Message,
    Origin,
    Workspace,
    dm_of,
)

TO_APP = "to the app"
FORM = "application/x-www-form-urlencoded"
TOKEN = "sandbox-verification-token"  # the deprecated token Slack still sends; nobody checks it
ACK_SECONDS = 3.0  # Slack gives up on an ack after this long
TIMEOUT = 10.0
Json = dict[str, Any]


@dataclass(frozen=True)
class Answer:
    """The app's answer to one request."""

    status: int
    body: str

    def json(self) -> Json:
        try:
            parsed = json.loads(self.body) if self.body.strip() else {}
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}


class Slack:
    """Slack's side of the conversation with the app, for the people on the page."""

    def __init__(self, workspace: Workspace, endpoint: str, secret: str, manifest: Manifest):
        self.workspace = workspace
        self.endpoint = endpoint  # the app's /slack/events
        self.secret = secret
        self.manifest = manifest

    # -- messages ------------------------------------------------------------------------------

    def say(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> None:
        """What the composer sends: a slash command when it starts with one, else a message."""
        if text.startswith("/"):
            name, _, rest = text.strip().partition(" ")
            self.command(user, channel, name, rest.strip())
            return
        message = self.workspace.post(channel, text, user=user, thread_ts=thread_ts)
        where = _where(self.workspace, channel)
        self._event(_said(message, self.workspace), f"event message · {where}")

    def edit(self, user: str, channel: str, ts: str, text: str) -> bool:
        """A person edits their own message: Slack sends message_changed with both texts."""
        message = self.workspace.find(channel, ts)
        if message is None or message.user != user or message.text == text:
            return False
        before = _shape(message)
        edited = self.workspace.ts()
        self.workspace.replace(message, text=text, edited=edited)
        after = {**_shape(message), "edited": {"user": user, "ts": edited}}
        event = {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "message": after,
            "previous_message": before,
            "channel": channel,
            "channel_type": _channel_type(channel),
            "ts": edited,
            "event_ts": edited,
        }
        self._event(event, f"event message_changed · {_where(self.workspace, channel)}")
        return True

    def home_opened(self, user: str, tab: str) -> None:
        event: Json = {
            "type": "app_home_opened",
            "user": user,
            "channel": dm_of(user).id,
            "tab": tab,
            "event_ts": self.workspace.ts(),
        }
        home = self.workspace.homes.get(user)
        if tab == "home" and home in self.workspace.views:
            event["view"] = self.workspace.views[home].view
        self._event(event, f"event app_home_opened · {tab}")

    def _event(self, event: Json, title: str) -> Answer:
        now = int(time.time())
        body = {
            "token": TOKEN,
            "team_id": TEAM,
            "context_team_id": TEAM,
            "context_enterprise_id": None,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": "Ev" + secrets.token_hex(5).upper(),
            "event_time": now,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM,
                    "user_id": BOT_USER,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        return self._send(json.dumps(body, ensure_ascii=False), "application/json", title, body)

    # -- slash commands ------------------------------------------------------------------------

    def command(self, user: str, channel: str, name: str, text: str) -> None:
        if self.manifest.command(name) is None:
            said = (
                f"{name} is not a valid command. In Slack, all messages that start with the "
                '"/" character are interpreted as commands.'
            )
            self.workspace.post(channel, said, user=SLACKBOT, only_for=user)
            return
        conversation = self.workspace.conversation(channel)
        form = {
            "token": TOKEN,
            "team_id": TEAM,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel,
            "channel_name": "directmessage"
            if conversation is None or conversation.kind == "im"
            else conversation.name,
            "user_id": user,
            "user_name": BY_ID[user].name,
            "command": name,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.workspace.response_url(Origin(user, channel)),
            "trigger_id": self.workspace.trigger(user, channel),
        }
        answer = self._send(urlencode(form), FORM, f"command {name}", form)
        self._command_answer(user, channel, name, answer)

    def _command_answer(self, user: str, channel: str, name: str, answer: Answer) -> None:
        """A command's ack: its text or blocks show to the author (or to all, in_channel)."""
        if answer.status != 200:
            said = f'{name} failed with the error "http_{answer.status}" (see Requests)'
            self.workspace.post(channel, said, user=SLACKBOT, only_for=user)
            return
        if not answer.body.strip():
            return
        shown = answer.json() or {"text": answer.body}
        public = shown.get("response_type") == "in_channel"
        self.workspace.post(
            channel,
            str(shown.get("text") or ""),
            blocks=shown.get("blocks"),
            only_for=None if public else user,
        )

    # -- interactions --------------------------------------------------------------------------

    def action(self, user: str, where: Json, action: Json, values: Json) -> None:
        """A button pressed, an option picked, a key typed (dispatch_action) in a block."""
        payload = self._base("block_actions", user)
        payload["actions"] = [{**action, "action_ts": f"{time.time():.6f}"}]
        if where.get("kind") == "view":
            view_id = str(where.get("view_id") or "")
            held = self.workspace.views.get(view_id)
            if held is None or held.user != user:
                return
            view = self.workspace.keep_state(view_id, values)
            payload.update(
                container={"type": "view", "view_id": view_id},
                trigger_id=self.workspace.trigger(user, held.channel),
                view=view,
            )
        else:
            channel, ts = str(where.get("channel") or ""), str(where.get("ts") or "")
            message = self.workspace.find(channel, ts)
            if message is None or message.only_for not in (None, user):
                return
            container: Json = {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": message.only_for is not None,
            }
            if message.thread_ts:
                container["thread_ts"] = message.thread_ts
            origin = Origin(user, channel, message.thread_ts, message_ts=ts)
            payload.update(
                container=container,
                trigger_id=self.workspace.trigger(user, channel),
                channel={"id": channel, "name": _name(self.workspace, channel)},
                state={"values": values},
                response_url=self.workspace.response_url(origin),
            )
            if message.only_for is None:  # Slack leaves an ephemeral message out
                payload["message"] = _shape(message)
        kind = action.get("type", "action")
        self._interact(payload, f"block_actions · {action.get('action_id')} ({kind})")

    def submit(self, user: str, view_id: str, values: Json) -> None:
        held = self.workspace.top_modal(user)
        if held is None or held.view["id"] != view_id:
            return
        payload = self._base("view_submission", user)
        payload.update(
            trigger_id=self.workspace.trigger(user, held.channel),
            view=self.workspace.keep_state(view_id, values),
            response_urls=[],
        )
        answer = self._interact(payload, f"view_submission · {held.view.get('callback_id')}")
        if answer.status != 200:
            trouble = "We had some trouble connecting. Try again?"
            self.workspace.set_errors(view_id, {"": f"{trouble} (HTTP {answer.status})"})
            return
        said = answer.json()
        what = said.get("response_action")
        if what == "errors":
            self.workspace.set_errors(view_id, {str(k): str(v) for k, v in said["errors"].items()})
        elif what == "update" and isinstance(said.get("view"), dict):
            self.workspace.update_view(view_id, said["view"])
        elif what == "push" and isinstance(said.get("view"), dict):
            self.workspace.push_modal(user, said["view"])
        else:
            self.workspace.close_modal(user, everything=what == "clear")

    def close(self, user: str, view_id: str, *, everything: bool) -> None:
        """Cancel (the view below comes back) or the X (every view of the stack goes)."""
        held = self.workspace.top_modal(user)
        if held is None or held.view["id"] != view_id:
            return
        if held.view.get("notify_on_close"):
            payload = self._base("view_closed", user)
            payload.update(view=held.view, is_cleared=everything)
            self._interact(payload, f"view_closed · {held.view.get('callback_id')}")
        self.workspace.close_modal(user, everything=everything)

    def shortcut(
        self, user: str, callback_id: str, channel: str | None = None, ts: str | None = None
    ) -> None:
        """A global shortcut, or a message shortcut from a message's menu."""
        known = self.manifest.shortcut(callback_id)
        if known is None:
            return
        payload = self._base("shortcut", user)
        payload.update(
            callback_id=callback_id,
            trigger_id=self.workspace.trigger(user, channel),
            action_ts=f"{time.time():.6f}",
        )
        if known.kind == "message":
            message = self.workspace.find(channel or "", ts or "")
            if message is None or channel is None:
                return
            origin = Origin(user, channel, message.thread_ts)
            payload.update(
                type="message_action",
                channel={"id": channel, "name": _name(self.workspace, channel)},
                message_ts=message.ts,
                message=_shape(message),
                response_url=self.workspace.response_url(origin),
            )
        self._interact(payload, f"{payload['type']} · {callback_id}")

    def _base(self, kind: str, user: str) -> Json:
        person = BY_ID[user]
        return {
            "type": kind,
            "team": {"id": TEAM, "domain": TEAM_DOMAIN},
            "user": {"id": user, "username": person.name, "name": person.name, "team_id": TEAM},
            "api_app_id": APP_ID,
            "token": TOKEN,
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _interact(self, payload: Json, title: str) -> Answer:
        body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
        return self._send(body, FORM, title, payload)

    # -- the wire ------------------------------------------------------------------------------

    def _send(self, body: str, content_type: str, title: str, fields: Json) -> Answer:
        """POST a signed body to the app; note both sides in the Requests panel."""
        signed = sign(body, secret=self.secret, content_type=content_type)
        request = urllib.request.Request(
            self.endpoint, data=body.encode(), headers=signed.headers, method="POST"
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = Answer(response.status, response.read().decode("utf-8", "replace"))
                headers = response.headers
        except urllib.error.HTTPError as err:
            answer = Answer(err.code, err.read().decode("utf-8", "replace"))
            headers = err.headers
        except OSError as err:
            answer = Answer(0, f"no answer: {type(err).__name__}")
            headers = None
        took = time.monotonic() - started
        lines = [f"POST {self.endpoint}", *(f"{k}: {v}" for k, v in signed.headers.items())]
        head = [f"HTTP {answer.status} ({took * 1000:.0f} ms)"]
        if headers is not None:
            head += [f"{k}: {v}" for k, v in headers.items()]
        warning = ""
        if took > ACK_SECONDS:
            warning = f"acked after {took:.1f} s: Slack gives up after {ACK_SECONDS:.0f} s"
        elif answer.status != 200:
            warning = f"the app answered HTTP {answer.status}"
        self.workspace.record(
            TO_APP,
            title,
            "\n".join(lines) + "\n\n" + body,
            "\n".join(head) + "\n\n" + answer.body,
            decoded=json.dumps(fields, ensure_ascii=False, indent=2),
            status=answer.status,
            warning=warning,
        )
        return answer


def _said(message: Message, workspace: Workspace) -> Json:
    """The message event for a person's new message."""
    event = {
        **_shape(message),
        "channel": message.channel,
        "event_ts": message.ts,
        "channel_type": _channel_type(message.channel),
    }
    if message.thread_ts:
        parent = workspace.find(message.channel, message.thread_ts)
        event["parent_user_id"] = (parent.user or BOT_USER) if parent else BOT_USER
    return event


def _shape(message: Message) -> Json:
    """A message as Slack hands it to an app (in an event, a payload, a shortcut)."""
    out: Json = {"type": "message", "text": message.text, "ts": message.ts, "team": TEAM}
    if message.user:
        out.update(
            user=message.user,
            client_msg_id=str(uuid.uuid5(uuid.NAMESPACE_URL, message.channel + message.ts)),
            blocks=[_rich_text(message.text)],
        )
    else:
        out.update(user=BOT_USER, bot_id=BOT_ID, app_id=APP_ID, blocks=message.blocks or [])
    if message.thread_ts:
        out["thread_ts"] = message.thread_ts
    return out


def _rich_text(text: str) -> Json:
    """The rich_text block Slack's composer makes of plain typed text."""
    return {
        "type": "rich_text",
        "block_id": secrets.token_urlsafe(4),
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


def _channel_type(channel: str) -> str:
    return "im" if channel.startswith("D") else "channel"


def _name(workspace: Workspace, channel: str) -> str:
    found = workspace.conversation(channel)
    return "directmessage" if found is None or found.kind == "im" else found.name


def _where(workspace: Workspace, channel: str) -> str:
    """#support, or the DM, for the Requests panel's titles."""
    found = workspace.conversation(channel)
    return f"#{found.name}" if found and found.kind == "channel" else f"DM {channel}"
