"""Checking a draft on request: /check <draft>, and the "Check wording" message shortcut.

Both ack first and answer privately through the response_url: what to reword, or that the
draft reads well. Each answer is counted, but not capped like tips after posting are.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.knowledge.alternatives import fixes_for
from bot.problems import CheckTooSlow
from bot.slack import ids, texts
from bot.slack.blocks.kit import notice
from bot.slack.blocks.tips import clean, tip
from bot.slack.deps import Deps, findings_of


def register(app: App, deps: Deps) -> None:
    app.command(ids.CHECK)(partial(check, deps))
    app.shortcut(ids.CHECK_WORDING)(partial(check_wording, deps))


def check(
    deps: Deps, ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    deps = deps.at(context)
    ack()
    text = str(command.get("text") or "")
    if not text.strip():
        deps.deliver.soon(
            partial(deps.deliver.respond, respond, notice(texts.CHECK_USAGE)),
            what="usage",
        )
        return
    user, channel = str(command["user_id"]), str(command.get("channel_id") or "")
    deps.deliver.soon(partial(answer_check, deps, respond, text, user, channel), what="/check")


def check_wording(
    deps: Deps, ack: Ack, shortcut: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Check any message's wording, privately, for whoever asked."""
    deps = deps.at(context)
    ack()
    text = str((shortcut.get("message") or {}).get("text") or "")
    user = str(shortcut["user"]["id"])
    channel = str((shortcut.get("channel") or {}).get("id") or "")
    work = partial(answer_check, deps, respond, text, user, channel)
    deps.deliver.soon(work, what="check wording")


def answer_check(deps: Deps, respond: Respond, text: str, user: str, channel: str) -> None:
    """Tell whoever asked what to reword in `text`, or that it reads well (counted, not capped)."""
    try:
        report = deps.check(text, user=user, channel=channel or None)
    except CheckTooSlow as err:
        deps.deliver.respond(respond, notice(texts.CHECK_CUT_OFF.format(seconds=err.seconds)))
        return
    if report.clean:
        deps.deliver.respond(respond, clean(report))
        return
    if deps.deliver.respond(respond, tip(report, fixes_for(deps.kb, report))):
        deps.store.record_tip(
            user, channel, findings_of(report), team=deps.team
        )  # shown once delivered
