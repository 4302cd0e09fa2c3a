"""The leads' phrasebook tools: /phrasebook <word>, the App Home buttons, the forms they open,
a submitted form made live (or refused), and reloading from disk.

Only leads (user ids or a user group in settings.leads) may use them. A lead's edit is checked
against every example of the phrasebook before it goes live, which takes seconds: the modal
closes at once and the lead hears back in a DM.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.model import PendingEdit
from bot.phrasebook import edit
from bot.problems import EditError
from bot.slack import ids, texts
from bot.slack.blocks.kit import notice
from bot.slack.blocks.leads import (
    add_phrase_modal,
    add_rule_modal,
    lead_form_values,
    problems_message,
    settings_modal,
    toggle_rule_modal,
)
from bot.slack.deps import Deps
from bot.slack.publish import publish_home
from bot.slack.settings_edit import settings_change

log = logging.getLogger("phrasebot.slack")

LEAD_MODALS = {
    ids.LEAD_ADD_PHRASE: "phrase",
    ids.LEAD_ADD_EXCEPTION: "exception",
    ids.LEAD_ADD_RULE: "rule",
    ids.LEAD_TOGGLE_RULE: "toggle",
    ids.LEAD_SETTINGS: "settings",
}

# /phrasebook <word>: which lead form it opens (reload opens none).
PHRASEBOOK_WORDS = {
    "phrase": "phrase",
    "exception": "exception",
    "rule": "rule",
    "toggle": "toggle",
    "on": "toggle",
    "off": "toggle",
    "settings": "settings",
}

ERROR_TEXT = 150  # Slack shows a few words under an input; longer is cut


def register(app: App, deps: Deps) -> None:
    app.command(ids.PHRASEBOOK)(partial(phrasebook, deps))
    for action_id in (*LEAD_MODALS, ids.LEAD_RELOAD):
        app.action(action_id)(partial(lead_button, deps))
    for callback_id in ids.LEAD_VIEWS:
        app.view_submission(callback_id)(partial(lead_submitted, deps))


# -- opening a form ------------------------------------------------------------------------------


def phrasebook(
    deps: Deps, ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    deps = deps.at(context)
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


def lead_button(
    deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext
) -> None:
    """App Home's lead tools: refuse anyone else, open the form, or reload from disk."""
    deps = deps.at(context)
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


def open_lead_modal(deps: Deps, kind: str, *, trigger_id: str) -> None:
    """Open a lead's form: kind is phrase, exception, rule or toggle (the caller checked lead)."""
    rules = deps.coach.engine.phrasebook.rules
    if kind == "settings":
        view = settings_modal(deps.edit_settings())
    elif kind == "rule":
        view = add_rule_modal()
    elif kind == "toggle":
        view = toggle_rule_modal(rules, deps.coach.settings)
    else:
        view = add_phrase_modal(rules, exception=kind == "exception")
    deps.deliver.soon(
        partial(deps.deliver.call, "views.open", patient=False, trigger_id=trigger_id, view=view),
        what=f"views.open lead {kind}",
    )


# -- a submitted form ---------------------------------------------------------------------------


def lead_submitted(
    deps: Deps, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    """Make the change if it can be made; check it fully and make it live after the ack."""
    deps = deps.at(context)
    user = str(body["user"]["id"])
    values = lead_form_values(view.get("state") or {})
    first = next(iter(values), ids.FIELD_RULE)
    if not deps.is_lead(user):
        ack(response_action="errors", errors={first: texts.NOT_LEAD[:ERROR_TEXT]})
        return
    form = str(view.get("callback_id"))
    try:
        change = _change(deps, form, values)
    except EditError as err:
        field = err.field if err.field in values else first
        text = f"{err.message}: {err.fix}"
        ack(response_action="errors", errors={field: text[:ERROR_TEXT]})
        return
    # Kept before the ack: a crash before the edit is live must not lose it without a word.
    edit_id = deps.store.accept_edit(user, form, values, team=deps.team)
    ack()
    deps.deliver.later(partial(apply_change, deps, user, change, edit_id), what="lead edit")


def resume_edits(deps: Deps) -> int:
    """Make the edits a crash left between their ack and going live; how many."""
    pending = deps.store.pending_edits()
    for left in pending:
        deps.deliver.later(partial(_redo, deps.of(left.team), left), what="lead edit resumed")
    if pending:
        log.info("lead edits: %d accepted before a restart resumed", len(pending))
    return len(pending)


def _redo(deps: Deps, left: PendingEdit) -> None:
    with deps.store.locked(f"edit:{left.id}"):
        if not _pending(deps, left.id):
            return  # another worker, starting at the same time, made it
        try:
            change = _change(deps, left.form, left.fields)
        except EditError as err:
            deps.store.finish_edit(left.id)
            said = texts.EDIT_LOST.format(reason=f"{err.message}: {err.fix}")
            deps.deliver.dm(left.user, notice(said))
            return
        _apply(deps, left.user, change, left.id)


def _pending(deps: Deps, edit_id: int) -> bool:
    return any(kept.id == edit_id for kept in deps.store.pending_edits())


def _change(deps: Deps, callback_id: str, v: dict[str, str]) -> edit.Change:
    settings = deps.edit_settings()
    rule, lang = v.get(ids.FIELD_RULE, ""), v.get(ids.FIELD_LANG, "")
    if callback_id == ids.ADD_PHRASE_VIEW:
        return edit.add_phrase(settings, rule, lang, v.get(ids.FIELD_PHRASE, ""))
    if callback_id == ids.ADD_EXCEPTION_VIEW:
        return edit.add_exception(settings, rule, lang, v.get(ids.FIELD_PHRASE, ""))
    if callback_id == ids.TOGGLE_RULE_VIEW:
        return edit.set_rule(settings, rule, v.get(ids.FIELD_STATE) == "on")
    if callback_id == ids.SETTINGS_VIEW:
        return settings_change(
            settings,
            leads=_listed(v.get(ids.FIELD_LEADS, "")),
            quiet=_listed(v.get(ids.FIELD_QUIET, "")),
            min_level=v.get(ids.FIELD_MIN_LEVEL, ""),
            tips_per_hour=v.get(ids.FIELD_TIPS, ""),
        )
    return edit.add_rule(
        settings,
        v.get(ids.FIELD_ID, "").strip(),
        level=v.get(ids.FIELD_LEVEL, ""),
        message=v.get(ids.FIELD_MESSAGE, ""),
        why=v.get(ids.FIELD_WHY, ""),
        lang=lang,
        phrases=_lines(v.get(ids.FIELD_PHRASES, "")),
        better_wording=v.get(ids.FIELD_BETTER_WORDING, ""),
        replace_with=v.get(ids.FIELD_REPLACE_WITH, ""),
        bad_examples=_lines(v.get(ids.FIELD_BAD, "")),
        good_examples=_lines(v.get(ids.FIELD_GOOD, "")),
    )


def _listed(text: str) -> list[str]:
    return [item for item in text.split(",") if item]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- making it live, or saying why not; reloading from disk ------------------------------------


def apply_change(deps: Deps, user: str, change: edit.Change, edit_id: int | None = None) -> None:
    """Check the change against every example, write it and reload, or tell the lead why not.

    A kept edit is made by one worker only: a worker starting meanwhile resumes the edits it
    finds kept, and the one that comes second finds it done."""
    if edit_id is None:
        _apply(deps, user, change, None)
        return
    with deps.store.locked(f"edit:{edit_id}"):
        if _pending(deps, edit_id):
            _apply(deps, user, change, edit_id)


def _apply(deps: Deps, user: str, change: edit.Change, edit_id: int | None) -> None:
    problems = deps.apply(user, change)
    if edit_id is not None:
        deps.store.finish_edit(edit_id)
    if problems:
        log.info(
            "lead %s: %s %s refused, %d problems", user, change.action, change.rule, len(problems)
        )
        deps.deliver.dm(user, problems_message(problems, intro=texts.CHANGE_REFUSED))
        return
    deps.store.audit(user, change.action, change.rule, change.detail, team=deps.team)
    log.info("lead %s: %s %s live", user, change.action, change.rule)
    deps = deps.of(deps.team)  # the workspace may have a coach of its own since this edit
    deps.deliver.dm(user, notice(texts.CHANGE_LIVE.format(what=texts.change_done(change))))
    publish_home(deps, user)


def reload_phrasebook(deps: Deps, user: str) -> None:
    """Load the phrasebook and the knowledge base from disk again, and tell the lead how it went."""
    problems = deps.coach.reload()
    known = deps.kb.refresh()
    if known:
        deps.deliver.dm(user, problems_message(known, intro=texts.KNOWLEDGE_PROBLEMS))
    if problems:
        deps.deliver.dm(user, problems_message(problems, intro=texts.RELOAD_REFUSED))
        return
    deps.store.audit(user, "reload", "-", "", team=deps.team)
    rules = len(deps.coach.engine.phrasebook.rules)
    deps.deliver.dm(user, notice(texts.RELOADED.format(rules=rules)))
    publish_home(deps, user)
