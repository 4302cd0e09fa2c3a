"""Buttons and inputs: feedback on a tip, sharing a fix, keystrokes in the compose box, lead tools.

Action ids come from ids.py. A tip's buttons carry {"r": rule ids, "l": language, "f": fix
ids} and never the draft, so feedback is counted by rule without any message text.
"""

from __future__ import annotations

import json
import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.model import Hit
from bot.slack import ids, texts
from bot.slack.blocks.fixes import fixes_list, shared_fix
from bot.slack.blocks.kit import notice
from bot.slack.deps import Deps
from bot.slack.views import LEAD_MODALS, compose_typed, open_lead_modal, reload_phrasebook

log = logging.getLogger("phrasebot.slack")

FEEDBACK = {ids.HELPFUL: "helpful", ids.FALSE_ALARM: "false_alarm"}


def register(app: App, deps: Deps) -> None:
    for action_id in FEEDBACK:
        app.action(action_id)(partial(feedback, deps))
    app.action(ids.MUTE)(partial(mute, deps))
    app.action(ids.SHOW_FIXES)(partial(show_fixes, deps))
    app.action(ids.SHARE_FIX)(partial(share_fix, deps))
    app.action(ids.COMPOSE_INPUT)(partial(compose_input, deps))
    app.action(ids.COMPOSE_TARGET)(partial(ignore, deps))
    for action_id in (*LEAD_MODALS, ids.LEAD_RELOAD):
        app.action(action_id)(partial(lead_button, deps))


def tip_value(action: dict[str, Any]) -> tuple[list[str], str, list[str]]:
    """Rule ids, language and fix ids from a tip button; nothing usable gives empty lists."""
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        value = {}
    if not isinstance(value, dict):
        value = {}
    rules = [str(r) for r in value.get("r") or () if isinstance(r, str)]
    fixes = [str(f) for f in value.get("f") or () if isinstance(f, str)]
    return rules, str(value.get("l") or ""), fixes


def _where(body: dict[str, Any]) -> tuple[str, str]:
    user = str(body["user"]["id"])
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get(
        "id"
    )
    return user, str(channel or "")


def feedback(
    deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
) -> None:
    ack()
    kind = FEEDBACK[str(action["action_id"])]
    rules, lang, _ = tip_value(action)
    user, channel = _where(body)
    for rule in rules:
        deps.store.record_feedback(user, channel, rule, lang, kind)
    log.info("feedback %s from %s on %s", kind, user, ",".join(rules))
    thanks = texts.THANKS_HELPFUL if kind == "helpful" else texts.THANKS_FALSE_ALARM
    deps.deliver.soon(partial(deps.deliver.respond, respond, notice(thanks)), what="thanks")


def mute(
    deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
) -> None:
    ack()
    rules, lang, _ = tip_value(action)
    user, channel = _where(body)
    for rule in rules:
        deps.store.mute(user, rule)
        deps.store.record_feedback(user, channel, rule, lang, "muted")
    log.info("%s muted %s", user, ",".join(rules))
    said = texts.MUTED.format(rules=", ".join(f"`{r}`" for r in rules))
    deps.deliver.soon(partial(deps.deliver.respond, respond, notice(said)), what="muted")


def show_fixes(deps: Deps, ack: Ack, action: dict[str, Any], respond: Respond) -> None:
    """The fixes the tip found, or else fixes for what its rules are about."""
    ack()
    rules, _, fix_ids = tip_value(action)

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
    deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
) -> None:
    """Post a known fix in the channel for everyone, saying who shared it."""
    ack()
    user, channel = _where(body)
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


def compose_input(deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
    ack()
    compose_typed(deps, body, action)


def ignore(deps: Deps, ack: Ack) -> None:
    """Choosing where to send a reply needs no answer until the modal is sent."""
    ack()


def lead_button(deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
    """App Home's lead tools: refuse anyone else, open the form, or reload from disk."""
    ack()
    user = str(body["user"]["id"])
    action_id = str(action["action_id"])
    trigger_id = str(body.get("trigger_id") or "")

    def work() -> None:
        if not deps.is_lead(user):
            log.info("%s from %s: not a lead", action_id, user)
            deps.deliver.dm(user, notice(texts.NOT_LEAD))
        elif action_id == ids.LEAD_RELOAD:
            deps.deliver.later(partial(reload_phrasebook, deps, user), what="reload")
        else:
            open_lead_modal(deps, LEAD_MODALS[action_id], trigger_id=trigger_id)

    deps.deliver.soon(work, what=action_id)
