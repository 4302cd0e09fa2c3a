"""Modals: the compose box that checks a reply as it is typed, and the leads' phrasebook forms.

Opening a modal must use its trigger_id within 3 seconds, so it goes to the interactive pool
right after the ack. A lead's edit is checked against every example of the phrasebook before
it goes live, which takes seconds: the modal closes at once and the lead hears back in a DM.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.knowledge.search import alternatives
from bot.model import Hit
from bot.phrasebook import apply as editor_apply
from bot.phrasebook import edit as editor
from bot.problems import EditError
from bot.slack import ids, texts
from bot.slack.blocks.compose import compose_modal, reply_message
from bot.slack.blocks.kit import notice
from bot.slack.blocks.leads import (
    add_phrase_modal,
    add_rule_modal,
    lead_form_values,
    problems_message,
    toggle_rule_modal,
)
from bot.slack.deps import Deps
from bot.slack.home import publish_home

log = logging.getLogger("phrasebot.slack")

ERROR_TEXT = 150  # Slack shows a few words under an input; longer is cut


def register(app: App, deps: Deps) -> None:
    app.view_submission(ids.COMPOSE_VIEW)(partial(compose_submitted, deps))
    app.view_closed(ids.COMPOSE_VIEW)(partial(compose_closed, deps))
    for callback_id in ids.LEAD_VIEWS:
        app.view_submission(callback_id)(partial(lead_submitted, deps))


# -- the compose modal --------------------------------------------------------------------------


def open_compose(
    deps: Deps,
    *,
    trigger_id: str,
    user: str,
    draft: str = "",
    channel: str | None = None,
    thread_ts: str | None = None,
    customer: str = "",
) -> None:
    """Open the compose modal (after the ack); `customer` is the message being answered."""

    def work() -> None:
        report = deps.check(draft, user=user, channel=channel) if draft.strip() else None
        # The customer's fixes have their own section, first; the draft's follow, as on each keystroke.
        context_fixes = deps.kb.search(customer, 3) if customer.strip() else []
        fixes = alternatives(deps.kb, report) if report else []
        view = compose_modal(
            draft=draft,
            report=report,
            fixes=fixes,
            context_fixes=context_fixes,
            channel=channel,
            thread_ts=thread_ts,
        )
        sent = deps.deliver.call("views.open", patient=False, trigger_id=trigger_id, view=view)
        if sent.ok and context_fixes:
            deps.compose.opened(str(sent.data["view"]["id"]), context_fixes)

    deps.deliver.soon(work, what="views.open compose")


def compose_typed(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> None:
    """A keystroke in the compose box: check the draft and update the modal (after the ack)."""
    view = body.get("view") or {}
    view_id = str(view.get("id") or "")
    if not view_id:
        return
    text = str(action.get("value") or "")
    stamp = float(action.get("action_ts") or 0)
    deps.compose.typed(view_id, stamp)
    user = str((body.get("user") or {}).get("id") or "")
    meta = _metadata(view)

    def work() -> None:
        if not deps.compose.newest(view_id, stamp):
            return  # a later keystroke is on its way; its update supersedes this one
        report = deps.check(text, user=user, channel=meta.get("channel")) if text.strip() else None
        fixes: list[Hit] = alternatives(deps.kb, report) if report else []
        new = compose_modal(
            draft=text,
            report=report,
            fixes=fixes,
            context_fixes=deps.compose.context_fixes(view_id),
            channel=meta.get("channel"),
            thread_ts=meta.get("thread_ts"),
        )
        sent = deps.deliver.call(
            "views.update", patient=False, view_id=view_id, hash=view.get("hash"), view=new
        )
        if sent.error == "hash_conflict" and deps.compose.newest(view_id, stamp):
            # An earlier keystroke's update landed after this keystroke was sent; this one is
            # the newest, so it must win or the modal would show a stale check.
            deps.deliver.call("views.update", patient=False, view_id=view_id, view=new)

    deps.deliver.soon(work, what="views.update compose")


def compose_submitted(deps: Deps, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Send the reply where the agent chose, in the thread it was started from."""
    values = view.get("state", {}).get("values", {})
    text = str(values.get(ids.COMPOSE_BLOCK, {}).get(ids.COMPOSE_INPUT, {}).get("value") or "")
    target = values.get(ids.COMPOSE_TARGET_BLOCK, {}).get(ids.COMPOSE_TARGET, {})
    channel = str(target.get("selected_conversation") or "")
    if not text.strip():
        ack(response_action="errors", errors={ids.COMPOSE_BLOCK: texts.EMPTY_DRAFT})
        return
    if not channel:
        ack(
            response_action="errors",
            errors={ids.COMPOSE_TARGET_BLOCK: texts.CHOOSE_CONVERSATION},
        )
        return
    ack()
    user = str(body["user"]["id"])
    meta = _metadata(view)
    thread_ts = meta.get("thread_ts") if meta.get("channel") == channel else None
    deps.compose.closed(str(view.get("id") or ""))
    deps.deliver.later(partial(_send_reply, deps, user, channel, text, thread_ts), what="reply")


def compose_closed(deps: Deps, ack: Ack, view: dict[str, Any]) -> None:
    ack()
    deps.compose.closed(str(view.get("id") or ""))


def _send_reply(deps: Deps, user: str, channel: str, text: str, thread_ts: str | None) -> None:
    """Post as the agent (their name and picture), saying it went through phrasebot."""
    extra: dict[str, Any] = {"unfurl_links": False}
    if thread_ts:
        extra["thread_ts"] = thread_ts
    profile = deps.deliver.call("users.info", user=user)
    if profile.ok:
        about = profile.data.get("user") or {}
        details = about.get("profile") or {}
        name = details.get("display_name") or details.get("real_name") or about.get("name")
        if name:
            extra["username"] = name
        if details.get("image_72"):
            extra["icon_url"] = details["image_72"]
    sent = deps.deliver.post(channel, reply_message(text, user), **extra)
    if sent.ok:
        log.info("reply from %s posted in %s", user, channel)
        return
    # The reply exists nowhere else: give it back to its author rather than lose it.
    note = texts.NOT_POSTED.format(channel=channel, reason=sent.error)
    deps.deliver.dm(user, {"text": f"{note}\n{text}"})


def _metadata(view: dict[str, Any]) -> dict[str, str | None]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


# -- lead modals --------------------------------------------------------------------------------

LEAD_MODALS = {
    ids.LEAD_ADD_PHRASE: "phrase",
    ids.LEAD_ADD_EXCEPTION: "exception",
    ids.LEAD_ADD_RULE: "rule",
    ids.LEAD_TOGGLE_RULE: "toggle",
}


def open_lead_modal(deps: Deps, kind: str, *, trigger_id: str) -> None:
    """Open a lead's form: kind is phrase, exception, rule or toggle (the caller checked lead)."""
    rules = deps.coach.engine.phrasebook.rules
    if kind == "rule":
        view = add_rule_modal()
    elif kind == "toggle":
        view = toggle_rule_modal(rules, deps.coach.settings)
    else:
        view = add_phrase_modal(rules, exception=kind == "exception")
    deps.deliver.soon(
        partial(deps.deliver.call, "views.open", patient=False, trigger_id=trigger_id, view=view),
        what=f"views.open lead {kind}",
    )


def lead_submitted(deps: Deps, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Make the change if it can be made; check it fully and make it live after the ack."""
    user = str(body["user"]["id"])
    values = lead_form_values(view.get("state") or {})
    first = next(iter(values), ids.FIELD_RULE)
    if not deps.is_lead(user):
        ack(response_action="errors", errors={first: texts.NOT_LEAD[:ERROR_TEXT]})
        return
    try:
        change = _change(deps, str(view.get("callback_id")), values)
    except EditError as err:
        field = _field_of(err, str(view.get("callback_id")), values)
        text = f"{err.message}: {err.fix}"
        ack(response_action="errors", errors={field: text[:ERROR_TEXT]})
        return
    ack()
    deps.deliver.later(partial(apply_change, deps, user, change), what="lead edit")


def _change(deps: Deps, callback_id: str, v: dict[str, str]) -> editor.Change:
    settings = deps.coach.settings
    rule, lang = v.get(ids.FIELD_RULE, ""), v.get(ids.FIELD_LANG, "")
    if callback_id == ids.ADD_PHRASE_VIEW:
        return editor.add_phrase(settings, rule, lang, v.get(ids.FIELD_PHRASE, ""))
    if callback_id == ids.ADD_EXCEPTION_VIEW:
        return editor.add_exception(settings, rule, lang, v.get(ids.FIELD_PHRASE, ""))
    if callback_id == ids.TOGGLE_RULE_VIEW:
        return editor.set_rule(settings, rule, v.get(ids.FIELD_STATE) == "on")
    return editor.add_rule(
        settings,
        v.get(ids.FIELD_ID, "").strip(),
        level=v.get(ids.FIELD_LEVEL, ""),
        message=v.get(ids.FIELD_MESSAGE, ""),
        why=v.get(ids.FIELD_WHY, ""),
        lang=lang,
        phrases=_lines(v.get(ids.FIELD_PHRASES, "")),
        better_wording=v.get(ids.FIELD_SUGGESTION, ""),
        replace_with=v.get(ids.FIELD_INSTEAD, ""),
        bad_examples=_lines(v.get(ids.FIELD_BAD, "")),
        good_examples=_lines(v.get(ids.FIELD_GOOD, "")),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# Which field an EditError is about, by the words of its message (editor says "the why is empty").
_FIELD_WORDS = (
    ("no rule", ids.FIELD_RULE),
    ("already on", ids.FIELD_STATE),
    ("already off", ids.FIELD_STATE),
    ("rule id", ids.FIELD_ID),
    ("already exists", ids.FIELD_ID),
    ("language", ids.FIELD_LANG),
    ("level", ids.FIELD_LEVEL),
    ("the message", ids.FIELD_MESSAGE),
    ("the why", ids.FIELD_WHY),
    ("suggestion", ids.FIELD_SUGGESTION),
    ("instead", ids.FIELD_INSTEAD),
    ("good example", ids.FIELD_GOOD),
    ("example", ids.FIELD_BAD),
)


def _field_of(err: EditError, callback_id: str, values: dict[str, str]) -> str:
    words = err.message.lower()
    for needle, field in _FIELD_WORDS:
        if needle in words and field in values:
            return field
    phrase = ids.FIELD_PHRASES if callback_id == ids.ADD_RULE_VIEW else ids.FIELD_PHRASE
    return phrase if phrase in values else next(iter(values), ids.FIELD_RULE)


def apply_change(deps: Deps, user: str, change: editor.Change) -> None:
    """Check the change against every example, write it and reload, or tell the lead why not."""
    problems = editor_apply.apply(change, deps.coach)
    if problems:
        log.info(
            "lead %s: %s %s refused, %d problems", user, change.action, change.rule, len(problems)
        )
        deps.deliver.dm(user, problems_message(problems, intro=texts.CHANGE_REFUSED))
        return
    deps.store.audit(user, change.action, change.rule, change.detail)
    log.info("lead %s: %s %s live", user, change.action, change.rule)
    deps.deliver.dm(user, notice(texts.CHANGE_LIVE.format(what=_did(change))))
    publish_home(deps, user)


def _did(change: editor.Change) -> str:
    lang, _, phrase = change.detail.partition(": ")
    templates: dict[str, Callable[..., str]] = {
        "add-phrase": texts.DID_ADD_PHRASE.format,
        "add-exception": texts.DID_ADD_EXCEPTION.format,
        "add-rule": texts.DID_ADD_RULE.format,
        "rule-on": texts.DID_RULE_ON.format,
        "rule-off": texts.DID_RULE_OFF.format,
    }
    say = templates.get(change.action)
    if say is None:
        return f"{change.action} {change.rule}"
    return say(rule=change.rule, lang=lang, phrase=phrase.strip('"'))


def reload_phrasebook(deps: Deps, user: str) -> None:
    """Load the phrasebook and the knowledge base from disk again, and tell the lead how it went."""
    problems = deps.coach.reload()
    known = deps.kb.refresh()
    if known:
        deps.deliver.dm(user, problems_message(known, intro=texts.KNOWLEDGE_PROBLEMS))
    if problems:
        deps.deliver.dm(user, problems_message(problems, intro=texts.RELOAD_REFUSED))
        return
    deps.store.audit(user, "reload", "-", "")
    rules = len(deps.coach.engine.phrasebook.rules)
    deps.deliver.dm(user, notice(texts.RELOADED.format(rules=rules)))
    publish_home(deps, user)
