"""The sandbox's Slack workspace: people, conversations, messages, modals and App Home.

Everything the page shows lives here, and changes only by what the app calls on the Web API
(bot.sandbox.slackapi) or what a person does on the page (bot.sandbox.sender). Every change
bumps `version`; `wait` blocks until there is a newer one, for the page's long poll. The log
keeps each request either way, raw, for the page's Requests panel.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

TEAM = "T0001"
TEAM_NAME = "phrasebot sandbox"
TEAM_DOMAIN = "sandbox"
APP_ID = "A0001"
BOT_ID = "B0001"
BOT_USER = "UBOT0001"
AGENT = "U0001"
LEAD = "U0900"
SLACKBOT = "USLACKBOT"  # Slack's own voice: "/foo is not a valid command"
TRIGGER_SECONDS = 3.0  # Slack refuses a trigger_id older than this
LOG_KEPT = 500  # exchanges kept for the Requests panel


@dataclass(frozen=True)
class Person:
    id: str
    name: str  # the handle
    real_name: str
    role: str  # agent, lead, customer, app or slack


PEOPLE = (
    Person(AGENT, "dana", "Dana", "agent"),
    Person(LEAD, "lev", "Lev", "lead"),
    Person("U0002", "sam", "Sam (customer)", "customer"),
    Person("U0003", "olena", "Olena (customer)", "customer"),
    Person("U0004", "noa", "Noa (customer)", "customer"),
    Person(BOT_USER, "phrasebot", "phrasebot", "app"),
    Person(SLACKBOT, "slackbot", "Slackbot", "slack"),
)
BY_ID = {p.id: p for p in PEOPLE}
HUMAN = ("agent", "lead", "customer")
SLACK = PEOPLE[-1]
YOU_CAN_BE = (AGENT, LEAD)  # the people the page's "You are" switches between


@dataclass(frozen=True)
class Conversation:
    id: str
    name: str
    kind: str  # "channel" or "im"
    user: str = ""  # for a DM: the person the app talks with


CHANNELS = (
    Conversation("C0001", "support", "channel"),
    Conversation("C0002", "billing", "channel"),
)

# Customers' messages already in the channels when the sandbox starts: something to answer with
# "Reply with phrasebot", in three languages.
SEED = (
    ("C0001", "U0002", "My card reader won't turn on, even after charging it all night."),
    ("C0001", "U0003", "Термінал не вмикається з самого ранку, що робити?"),
    ("C0001", "U0004", "התשלום בהצמדה לא עובד אצלנו מהבוקר"),
    ("C0002", "U0002", "My payout from Friday still hasn't arrived in the bank."),
)


def dm_of(user: str) -> Conversation:
    """The DM between a person and the app."""
    return Conversation("D" + user[1:], "phrasebot", "im", user)


@dataclass
class Message:
    ts: str
    channel: str
    text: str = ""
    user: str = ""  # the person who wrote it; "" for the app's own
    blocks: list[Any] | None = None
    thread_ts: str | None = None
    only_for: str | None = None  # an ephemeral message: the one person who sees it
    username: str | None = None  # the app posting under another name (chat:write.customize)
    icon_url: str | None = None
    edited: str | None = None  # when its author last edited it
    exchange: int = 0  # the Requests panel's entry it came from

    @property
    def bot(self) -> bool:
        return not self.user


@dataclass
class Exchange:
    """One request between Slack and the app, raw, for people who build rules."""

    id: int
    at: float
    direction: str  # "to the app" or "from the app"
    title: str
    request: str  # as sent: the method or path, headers, the raw body
    response: str
    decoded: str = ""  # the request's fields, decoded and indented
    status: int = 200
    warning: str = ""


@dataclass
class OpenView:
    view: dict[str, Any]
    user: str
    channel: str | None = None  # where it was opened from
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Trigger:
    user: str
    channel: str | None
    at: float


@dataclass(frozen=True)
class Origin:
    """Where a response_url answers: who asked, in which conversation, about which message."""

    user: str
    channel: str
    thread_ts: str | None = None
    message_ts: str | None = None  # the message whose button was pressed


class Workspace:
    """The state of the sandbox's Slack; every method is safe across threads."""

    def __init__(self, *, clock: Any = time.time) -> None:
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._clock = clock
        self.version = 0
        self.respond_base = ""  # the Web API's /respond/ URL, set once it listens
        self.messages: list[Message] = []
        self.views: dict[str, OpenView] = {}
        self.modals: dict[str, list[str]] = {}  # user: view ids, the top last
        self.homes: dict[str, str] = {}  # user: the view id of their App Home
        self.log: list[Exchange] = []
        self._triggers: dict[str, Trigger] = {}
        self._origins: dict[str, Origin] = {}
        self._last_ts = 0.0
        self._ids = itertools.count(1)
        self._exchanges = itertools.count(1)
        for channel, user, text in SEED:
            self.messages.append(Message(self._ts(), channel, text, user=user))

    # -- changing, and waiting for a change ---------------------------------------------------

    @contextmanager
    def change(self) -> Iterator[None]:
        """Hold the lock for a change; wake the page's polls when it is done."""
        with self._changed:
            yield
            self.version += 1
            self._changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        """The version, once it is newer than `since` or `timeout` seconds passed."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.version <= since:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return self.version

    def ts(self) -> str:
        """A fresh message timestamp, later than any before."""
        with self._lock:
            return self._ts()

    def _ts(self) -> str:
        now = max(self._clock(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):04d}"

    # -- conversations and messages -----------------------------------------------------------

    def conversation(self, channel: str) -> Conversation | None:
        for known in CHANNELS:
            if known.id == channel:
                return known
        if channel.startswith("D") and BY_ID.get("U" + channel[1:], SLACK).role in HUMAN:
            return dm_of("U" + channel[1:])
        return None

    def post(self, channel: str, text: str, **fields: Any) -> Message:
        with self.change():
            message = Message(self._ts(), channel, text, **fields)
            self.messages.append(message)
            return message

    def find(self, channel: str, ts: str) -> Message | None:
        with self._lock:
            return next(
                (m for m in self.messages if m.channel == channel and m.ts == ts),
                None,
            )

    def replace(self, message: Message, **fields: Any) -> None:
        with self.change():
            for key, value in fields.items():
                setattr(message, key, value)

    def delete(self, message: Message) -> None:
        with self.change():
            self.messages = [m for m in self.messages if m is not message]

    # -- triggers and response URLs ------------------------------------------------------------

    def trigger(self, user: str, channel: str | None) -> str:
        """A trigger_id for one interaction, as Slack's look: digits, a dot, a hex tail."""
        trigger_id = f"{next(self._ids)}.{int(self._clock())}.{secrets.token_hex(16)}"
        with self._lock:
            self._triggers[trigger_id] = Trigger(user, channel, self._clock())
        return trigger_id

    def take_trigger(self, trigger_id: str) -> tuple[Trigger | None, str]:
        """The trigger and "" when it is fine, else Slack's error code for it."""
        with self._lock:
            found = self._triggers.get(trigger_id)
        if found is None:
            return None, "invalid_trigger_id"
        if self._clock() - found.at > TRIGGER_SECONDS:
            return found, "expired_trigger_id"
        return found, ""

    def response_url(self, origin: Origin) -> str:
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._origins[token] = origin
        return f"{self.respond_base}{token}"

    def origin(self, path: str) -> Origin | None:
        with self._lock:
            return self._origins.get(path.rsplit("/", 1)[-1])

    # -- views ---------------------------------------------------------------------------------

    def open_modal(self, user: str, view: dict[str, Any], channel: str | None) -> dict[str, Any]:
        with self.change():
            self._close_all(user)
            return self._add_modal(user, view, channel)

    def push_modal(self, user: str, view: dict[str, Any]) -> dict[str, Any]:
        with self.change():
            below = self.top_modal(user)
            channel = below.channel if below else None
            previous = below.view["id"] if below else None
            return self._add_modal(user, view, channel, previous=previous)

    def _add_modal(
        self,
        user: str,
        view: dict[str, Any],
        channel: str | None,
        previous: str | None = None,
    ) -> dict[str, Any]:
        view_id = self.new_id("V")
        root = self.views[previous].view["root_view_id"] if previous else view_id
        full = self._held(view, view_id, root=root, previous=previous)
        self.views[view_id] = OpenView(full, user, channel)
        self.modals.setdefault(user, []).append(view_id)
        return full

    def update_view(self, view_id: str, view: dict[str, Any]) -> dict[str, Any]:
        """Replace an open view, keeping its id, root and what was typed in it."""
        with self.change():
            held = self.views[view_id]
            old = held.view
            full = self._held(
                view,
                view_id,
                root=old.get("root_view_id") or view_id,
                previous=old.get("previous_view_id"),
                state=old.get("state"),
            )
            held.view = full
            held.errors = {}
            return full

    def publish(self, user: str, view: dict[str, Any]) -> dict[str, Any]:
        with self.change():
            view_id = self.homes.get(user) or self.new_id("V")
            state = self.views[view_id].view.get("state") if view_id in self.views else None
            full = self._held(view, view_id, root=view_id, state=state)
            self.views[view_id] = OpenView(full, user)
            self.homes[user] = view_id
            return full

    def _held(
        self,
        view: dict[str, Any],
        view_id: str,
        *,
        root: str,
        previous: str | None = None,
        state: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A view as Slack keeps it: every block with a block_id, its ids, hash and state."""
        return {
            **view,
            "id": view_id,
            "team_id": TEAM,
            "type": view.get("type", "modal"),
            "blocks": with_ids(view.get("blocks", [])),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": state or {"values": {}},
            "hash": f"{int(self._clock())}.{secrets.token_hex(4)}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": root,
            "previous_view_id": previous,
            "app_id": APP_ID,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": TEAM,
            "bot_id": BOT_ID,
        }

    def top_modal(self, user: str) -> OpenView | None:
        with self._lock:
            stack = self.modals.get(user) or []
            return self.views[stack[-1]] if stack else None

    def by_external_id(self, external_id: str) -> str | None:
        with self._lock:
            return next(
                (i for i, v in self.views.items() if v.view.get("external_id") == external_id),
                None,
            )

    def keep_state(self, view_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """Note what the person has typed and picked in a view; the view as it is now."""
        with self._lock:
            held = self.views[view_id]
            held.view["state"] = {"values": values}
            return held.view

    def set_errors(self, view_id: str, errors: dict[str, str]) -> None:
        with self.change():
            self.views[view_id].errors = dict(errors)

    def close_modal(self, user: str, *, everything: bool = False) -> None:
        with self.change():
            if everything:
                self._close_all(user)
            elif self.modals.get(user):
                self.views.pop(self.modals[user].pop(), None)

    def _close_all(self, user: str) -> None:
        for view_id in self.modals.pop(user, []):
            self.views.pop(view_id, None)

    # -- the Requests panel --------------------------------------------------------------------

    def record(
        self,
        direction: str,
        title: str,
        request: str,
        response: str,
        *,
        decoded: str = "",
        status: int = 200,
        warning: str = "",
    ) -> Exchange:
        with self.change():
            entry = Exchange(
                next(self._exchanges),
                self._clock(),
                direction,
                title,
                request,
                response,
                decoded,
                status,
                warning,
            )
            self.log.append(entry)
            del self.log[:-LOG_KEPT]
            return entry

    # -- what one person sees ------------------------------------------------------------------

    def snapshot(self, user: str, *, log_after: int = 0) -> dict[str, Any]:
        """Everything `user` sees, as JSON for the page; log entries after `log_after`."""
        with self._lock:
            conversations = [*CHANNELS, dm_of(user)]
            seen = [
                _message_json(m)
                for m in self.messages
                if (m.only_for in (None, user))
                and (not m.channel.startswith("D") or m.channel == dm_of(user).id)
            ]
            modals = [
                {"view": held.view, "errors": held.errors, "channel": held.channel}
                for held in (self.views[v] for v in self.modals.get(user, []))
            ]
            home = self.homes.get(user)
            return {
                "version": self.version,
                "user": user,
                "people": {p.id: asdict(p) for p in PEOPLE},
                "you_can_be": list(YOU_CAN_BE),
                "conversations": [asdict(c) for c in conversations],
                "messages": seen,
                "modals": modals,
                "home": self.views[home].view if home else None,
                "log": [asdict(e) for e in self.log if e.id > log_after],
            }


def with_ids(blocks: Any) -> list[Any] | None:
    """Blocks as Slack keeps them: a block_id on every block and an action_id on every
    interactive element that came without one (a list that is not one is kept for the page)."""
    if not isinstance(blocks, list):
        return None if blocks is None else [blocks]
    out = []
    for block in blocks:
        if not isinstance(block, dict):
            out.append(block)
            continue
        block = {**block, "block_id": block.get("block_id") or secrets.token_urlsafe(4)}
        if isinstance(block.get("elements"), list) and block.get("type") == "actions":
            block["elements"] = [_with_action_id(e) for e in block["elements"]]
        for key in ("accessory", "element"):
            if isinstance(block.get(key), dict):
                block[key] = _with_action_id(block[key])
        out.append(block)
    return out


def _with_action_id(element: Any) -> Any:
    if not isinstance(element, dict) or element.get("type") in ("image", "plain_text", "mrkdwn"):
        return element
    return {**element, "action_id": element.get("action_id") or secrets.token_urlsafe(4)}


def _message_json(message: Message) -> dict[str, Any]:
    out = asdict(message)
    out["bot"] = message.bot
    return out
