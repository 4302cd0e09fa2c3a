"""Slash commands: /check a draft, /draft in the compose modal, /fixes, and /phrasebook for leads.

Names are in ids.py and match manifest.yaml. Each acks first; the answer goes out through the response_url.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.knowledge.search import alternatives
from bot.slack import ids, texts
from bot.slack.blocks.fixes import fixes_list
from bot.slack.blocks.kit import notice
from bot.slack.blocks.tips import clean, tip
from bot.slack.deps import Deps, findings_of
from bot.slack.views import open_compose, open_lead_modal, reload_phrasebook

log = logging.getLogger("phrasebot.slack")

# /phrasebook <word>: which lead form it opens (reload opens none).
PHRASEBOOK_WORDS = {
    "phrase": "phrase",
    "exception": "exception",
    "rule": "rule",
    "toggle": "toggle",
    "on": "toggle",
    "off": "toggle",
}


def register(app: App, deps: Deps) -> None:
    app.command(ids.CHECK)(partial(check, deps))
    app.command(ids.DRAFT)(partial(draft, deps))
    app.command(ids.FIXES)(partial(fixes, deps))
    app.command(ids.PHRASEBOOK)(partial(phrasebook, deps))


def check(deps: Deps, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
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


def answer_check(deps: Deps, respond: Respond, text: str, user: str, channel: str) -> None:
    """Tell whoever asked what to reword in `text`, or that it reads well (counted, not capped)."""
    report = deps.check(text, user=user, channel=channel or None)
    if report.clean:
        deps.deliver.respond(respond, clean(report))
        return
    deps.store.record_tip(user, channel, findings_of(report))
    deps.deliver.respond(respond, tip(report, alternatives(deps.kb, report)))


def draft(deps: Deps, ack: Ack, command: dict[str, Any]) -> None:
    ack()
    open_compose(
        deps,
        trigger_id=str(command["trigger_id"]),
        user=str(command["user_id"]),
        draft=str(command.get("text") or ""),
        channel=str(command.get("channel_id") or "") or None,
    )


def fixes(deps: Deps, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
    ack()
    query = str(command.get("text") or "").strip()

    def work() -> None:
        if not query:
            deps.deliver.respond(respond, notice(texts.FIXES_USAGE))
            return
        hits = deps.kb.search(query, ids.FIXES_SHOWN)
        log.info("/fixes from %s: %d hits", command.get("user_id"), len(hits))
        deps.deliver.respond(respond, fixes_list(query, hits))

    deps.deliver.soon(work, what="/fixes")


def phrasebook(deps: Deps, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
    ack()
    user = str(command["user_id"])
    word = str(command.get("text") or "").strip().lower().split(" ")[0]
    trigger_id = str(command["trigger_id"])

    def work() -> None:
        if not deps.is_lead(user):
            log.info("/phrasebook from %s: not a lead", user)
            deps.deliver.respond(respond, notice(texts.NOT_LEAD))
        elif word in PHRASEBOOK_WORDS:
            open_lead_modal(deps, PHRASEBOOK_WORDS[word], trigger_id=trigger_id)
        elif word == "reload":
            deps.deliver.later(partial(reload_phrasebook, deps, user), what="reload")
        else:
            deps.deliver.respond(respond, notice(texts.PHRASEBOOK_USAGE))

    deps.deliver.soon(work, what="/phrasebook")
