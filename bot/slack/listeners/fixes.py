"""Known fixes: /fixes <words>, a tip's "Show known fixes" button, and "Share in channel".

The lists are private answers through the response_url; sharing posts the fix in the channel
for everyone, saying who shared it.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.model import Hit
from bot.slack import ids, texts
from bot.slack.blocks.fixes import fixes_list, shared_fix
from bot.slack.blocks.kit import notice
from bot.slack.blocks.tips import read_tip_value
from bot.slack.deps import Deps, where

log = logging.getLogger("phrasebot.slack")


def register(app: App, deps: Deps) -> None:
    app.command(ids.FIXES)(partial(fixes, deps))
    app.action(ids.SHOW_FIXES)(partial(show_fixes, deps))
    app.action(ids.SHARE_FIX)(partial(share_fix, deps))


def fixes(
    deps: Deps, ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    deps = deps.at(context)
    ack()
    query = str(command.get("text") or "").strip()

    def work() -> None:
        if not query:
            deps.deliver.respond(respond, notice(texts.FIXES_USAGE))
            return
        hits = deps.kb.search(query, ids.FIXES_SHOWN)
        log.info(
            "/fixes from %s: %d hits for %s",
            command.get("user_id"),
            len(hits),
            deps.text_for_log(query),
        )
        deps.deliver.respond(respond, fixes_list(query, hits))

    deps.deliver.soon(work, what="/fixes")


def show_fixes(
    deps: Deps, ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """The fixes the tip found, or else fixes for what its rules are about."""
    deps = deps.at(context)
    ack()
    rules, _, fix_ids = read_tip_value(action.get("value"))

    def work() -> None:
        found = [deps.kb.get(fid) for fid in fix_ids]
        hits = [Hit(fix, 1.0) for fix in found if fix is not None]
        book = deps.coach.engine.phrasebook
        known = {r.id: r for r in book.rules}
        query = " ".join(known[r].message for r in rules if r in known)
        if not hits and query:
            hits = deps.kb.search(query, ids.FIXES_SHOWN)
        deps.deliver.respond(respond, fixes_list(", ".join(rules), hits))

    deps.deliver.soon(work, what="show fixes")


def share_fix(
    deps: Deps,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    context: BoltContext,
) -> None:
    """Post a known fix in the channel for everyone, saying who shared it."""
    deps = deps.at(context)
    ack()
    user, channel = where(body)
    fix_id = str(action.get("value") or "")

    def work() -> None:
        fix = deps.kb.get(fix_id)
        if fix is None:
            deps.deliver.respond(respond, notice(texts.NO_FIXES))
            return
        sent = deps.deliver.post(channel, shared_fix(fix, user))
        if not sent.ok:
            deps.deliver.respond(respond, notice(texts.NOT_SHARED.format(reason=sent.error)))

    deps.deliver.soon(work, what="share fix")
