"""Writing a reply in the compose modal: /draft, the "Draft a reply" and "Reply with phrasebot"
shortcuts, each keystroke checked as it is typed, where to send it, and sending it.

Opening a modal must use its trigger_id within 3 seconds, so it goes to the interactive pool
right after the ack. Each keystroke re-checks the draft and updates the modal; an older
keystroke arriving late never overwrites a newer one's check.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.knowledge.alternatives import fixes_for
from bot.model import Hit
from bot.slack import ids, texts
from bot.slack.blocks.compose import compose_modal, read_metadata, reply_message
from bot.slack.deps import Deps

log = logging.getLogger("phrasebot.slack")

CONTEXT_FIXES = 3  # known fixes for the customer's message, shown above the reply box


def register(app: App, deps: Deps) -> None:
    app.command(ids.DRAFT)(partial(draft, deps))
    app.shortcut(ids.COMPOSE)(partial(compose, deps))
    app.shortcut(ids.REPLY)(partial(reply, deps))
    app.action(ids.COMPOSE_INPUT)(partial(compose_input, deps))
    app.action(ids.COMPOSE_TARGET)(partial(target_chosen, deps))
    app.view_submission(ids.COMPOSE_VIEW)(partial(compose_submitted, deps))
    app.view_closed(ids.COMPOSE_VIEW)(partial(compose_closed, deps))


# -- opening the modal ---------------------------------------------------------------------------


def draft(deps: Deps, ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
    deps = deps.at(context)
    ack()
    open_compose(
        deps,
        trigger_id=str(command["trigger_id"]),
        user=str(command["user_id"]),
        draft=str(command.get("text") or ""),
        channel=str(command.get("channel_id") or "") or None,
    )


def compose(deps: Deps, ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
    deps = deps.at(context)
    ack()
    open_compose(deps, trigger_id=str(shortcut["trigger_id"]), user=str(shortcut["user"]["id"]))


def reply(deps: Deps, ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
    """Answer a customer's message in its thread, with known fixes for it at hand."""
    deps = deps.at(context)
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
        context_fixes = deps.kb.search(customer, CONTEXT_FIXES) if customer.strip() else []
        fixes = fixes_for(deps.kb, report) if report else []
        view = compose_modal(
            draft=draft,
            report=report,
            fixes=fixes,
            context_fixes=context_fixes,
            channel=channel,
            thread_ts=thread_ts,
        )
        deps.deliver.call("views.open", patient=False, trigger_id=trigger_id, view=view)

    deps.deliver.soon(work, what="views.open compose")


# -- typing, sending, closing ---------------------------------------------------------------------


def compose_input(
    deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext
) -> None:
    """A keystroke in the compose box: check the draft and update the modal (after the ack)."""
    deps = deps.at(context)
    ack()
    view = body.get("view") or {}
    view_id = str(view.get("id") or "")
    if not view_id:
        return
    text = str(action.get("value") or "")
    stamp = float(action.get("action_ts") or 0)
    deps.compose.typed(view_id, stamp)
    user = str((body.get("user") or {}).get("id") or "")
    meta = read_metadata(view)

    def work() -> None:
        if not deps.compose.newest(view_id, stamp):
            return  # a later keystroke is on its way; its update supersedes this one
        report = deps.check(text, user=user, channel=meta.get("channel")) if text.strip() else None
        fixes: list[Hit] = fixes_for(deps.kb, report) if report else []
        new = compose_modal(
            draft=text,
            report=report,
            fixes=fixes,
            context_fixes=_context_fixes(deps, meta.get("fixes")),
            channel=meta.get("channel"),
            thread_ts=meta.get("thread_ts"),
        )
        # One update of this modal at a time, and only the newest keystroke's: an older one
        # that decided to send before a newer keystroke arrived must not land after it.
        with deps.compose.sending(view_id):
            if not deps.compose.newest(view_id, stamp):
                return
            sent = deps.deliver.call(
                "views.update", patient=False, view_id=view_id, hash=view.get("hash"), view=new
            )
            if sent.error == "hash_conflict" and deps.compose.newest(view_id, stamp):
                # An earlier keystroke's update landed after this keystroke was sent; this one
                # is the newest, so it must win or the modal would show a stale check.
                deps.deliver.call("views.update", patient=False, view_id=view_id, view=new)

    deps.deliver.soon(work, what="views.update compose")


def _context_fixes(deps: Deps, fix_ids: object) -> list[Hit]:
    """The customer's fixes the modal was opened with, from the ids it carries."""
    found = [deps.kb.get(str(i)) for i in fix_ids] if isinstance(fix_ids, list) else []
    return [Hit(fix, 1.0) for fix in found if fix is not None]


def target_chosen(deps: Deps, ack: Ack) -> None:
    """Choosing where to send a reply needs no answer until the modal is sent."""
    ack()


def compose_submitted(
    deps: Deps, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    """Send the reply where the agent chose, in the thread it was started from."""
    deps = deps.at(context)
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
    meta = read_metadata(view)
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
