"""The leads' phrasebook tools: /phrasebook <word>, the App Home buttons, the forms they open,
a submitted form made live (or refused), reloading from disk, and a sentence an agent shared
(Add to <rule> as harmless, or Dismiss, in the lead's DM).

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
from bot.slack.blocks import kit
from bot.slack.blocks.kit import notice
from bot.slack.blocks.leads import (
    add_phrase_modal,
    add_rule_modal,
    add_sample_modal,
    lead_form_values,
    problems_message,
    settings_modal,
    toggle_rule_modal,
)
from bot.slack.blocks.share import Shared, closed, read_shared
from bot.slack.deps import Deps
from bot.slack.publish import publish_home
from bot.slack.settings_edit import settings_change

log = logging.getLogger("phrasebot.slack")

LEAD_MODALS = {
    ids.LEAD_ADD_PHRASE: "phrase",
    ids.LEAD_ADD_EXCEPTION: "exception",
    ids.LEAD_ADD_RULE: "rule",
    ids.LEAD_ADD_SAMPLE: "sample",
    ids.LEAD_TOGGLE_RULE: "toggle",
    ids.LEAD_SETTINGS: "settings",
}

# /phrasebook <word>: which lead form it opens (reload opens none).
PHRASEBOOK_WORDS = {
    "phrase": "phrase",
    "exception": "exception",
    "rule": "rule",
    "sample": "sample",
    "sentence": "sample",
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
    for action_id in (ids.SAMPLE_ADD, ids.SAMPLE_DISMISS):
        app.action(action_id)(partial(shared_sentence, deps))


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
    elif kind == "sample":
        view = add_sample_modal(rules)
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
    if callback_id == ids.ADD_SAMPLE_VIEW:
        side = v.get(ids.FIELD_SIDE, "")
        if side not in (edit.BAD, edit.GOOD):
            raise EditError("say whether it is bad or good", "pick one", ids.FIELD_SIDE)
        sentence = v.get(ids.FIELD_SENTENCE, "")
        return edit.add_sample(settings, rule, lang, sentence, side == edit.BAD)
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


def _apply(deps: Deps, user: str, change: edit.Change, edit_id: int | None) -> bool:
    """Make the change live and tell the lead; or tell them why not. Whether it is live."""
    problems = deps.apply(user, change)
    if edit_id is not None:
        deps.store.finish_edit(edit_id)
    if problems:
        log.info(
            "lead %s: %s %s refused, %d problems", user, change.action, change.rule, len(problems)
        )
        deps.deliver.dm(user, problems_message(problems, intro=texts.CHANGE_REFUSED))
        return False
    deps.store.audit(user, change.action, change.rule, change.detail, team=deps.team)
    log.info("lead %s: %s %s live", user, change.action, change.rule)
    deps = deps.of(deps.team)  # the workspace may have a coach of its own since this edit
    deps.deliver.dm(user, notice(texts.CHANGE_LIVE.format(what=texts.change_done(change))))
    publish_home(deps, user)
    return True


# -- a sentence an agent shared: Add to <rule> as harmless, or Dismiss ---------------------------


def shared_sentence(
    deps: Deps,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    context: BoltContext,
) -> None:
    """A lead's answer to a sentence an agent shared: file it in the rule's bank as good, or
    dismiss it. Either way the DM loses its buttons once it is dealt with.

    It is not kept in the store meanwhile (the sentence is an agent's, not yet the
    phrasebook's): should the app stop before it is live, the DM still holds the button."""
    deps = deps.at(context)
    ack()
    user = str(body["user"]["id"])
    shared = read_shared(action.get("value"))
    add = action.get("action_id") == ids.SAMPLE_ADD
    deps.deliver.later(partial(_shared_answer, deps, user, shared, add, respond), what="shared")


def _shared_answer(
    deps: Deps, user: str, shared: Shared | None, add: bool, respond: Respond
) -> None:
    if not deps.is_lead(user):
        log.info("shared sentence answered by %s: not a lead", user)
        deps.deliver.respond(respond, notice(texts.NOT_LEAD))
        return
    who = kit.mention(user)
    if not add:
        log.info("lead %s: a shared sentence dismissed", user)
        said = closed(shared, texts.SAMPLE_DISMISSED.format(user=who))
        deps.deliver.respond(respond, said, replace_original=True)
        return
    try:
        if shared is None:
            raise EditError(
                "the button did not say which sentence", "ask the agent to share it again"
            )
        change = edit.add_sample(deps.edit_settings(), shared.rule, shared.lang, shared.text, False)
    except EditError as err:
        log.info("lead %s: a shared sentence not added", user)
        reason = f"{err.message}: {err.fix}"
        deps.deliver.dm(user, notice(texts.SAMPLE_REFUSED.format(reason=reason)))
        return
    if _apply(deps, user, change, None):
        said = closed(shared, texts.SAMPLE_ADDED.format(rule=kit.esc(change.rule), user=who))
        deps.deliver.respond(respond, said, replace_original=True)


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
