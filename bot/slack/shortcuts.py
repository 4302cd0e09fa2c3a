"""Shortcuts: "Draft a reply" (global), and on a message "Check wording" or "Reply with phrasebot".

Callback ids are in ids.py and match manifest.yaml.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.slack import ids
from bot.slack.commands import answer_check
from bot.slack.deps import Deps
from bot.slack.views import open_compose


def register(app: App, deps: Deps) -> None:
    app.shortcut(ids.COMPOSE)(partial(compose, deps))
    app.shortcut(ids.CHECK_WORDING)(partial(check_wording, deps))
    app.shortcut(ids.REPLY)(partial(reply, deps))


def compose(deps: Deps, ack: Ack, shortcut: dict[str, Any]) -> None:
    ack()
    open_compose(deps, trigger_id=str(shortcut["trigger_id"]), user=str(shortcut["user"]["id"]))


def check_wording(deps: Deps, ack: Ack, shortcut: dict[str, Any], respond: Respond) -> None:
    """Check any message's wording, privately, for whoever asked."""
    ack()
    text = str((shortcut.get("message") or {}).get("text") or "")
    user = str(shortcut["user"]["id"])
    channel = str((shortcut.get("channel") or {}).get("id") or "")
    work = partial(answer_check, deps, respond, text, user, channel)
    deps.deliver.soon(work, what="check wording")


def reply(deps: Deps, ack: Ack, shortcut: dict[str, Any]) -> None:
    """Answer a customer's message in its thread, with known fixes for it at hand."""
    ack()
    message = shortcut.get("message") or {}
    open_compose(
        deps,
        trigger_id=str(shortcut["trigger_id"]),
        user=str(shortcut["user"]["id"]),
        channel=str((shortcut.get("channel") or {}).get("id") or "") or None,
        thread_ts=message.get("thread_ts") or message.get("ts") or shortcut.get("message_ts"),
        customer=str(message.get("text") or ""),
    )
