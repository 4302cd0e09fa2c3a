"""The compose modal: a reply box checked as the agent types, where to send it, and the reply sent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.model import Hit, Report
from bot.slack import ids, texts
from bot.slack.blocks import kit
from bot.slack.blocks.fixes import fix_summary
from bot.slack.blocks.kit import Block, View
from bot.slack.blocks.tips import feedback, short_fixes


def compose_modal(
    *,
    draft: str = "",
    report: Report | None = None,
    fixes: Sequence[Hit] = (),
    context_fixes: Sequence[Hit] = (),
    channel: str | None = None,
    thread_ts: str | None = None,
) -> View:
    """A modal to write a reply with live feedback as the agent types, then send it.

    The draft is at state.values[ids.COMPOSE_BLOCK][ids.COMPOSE_INPUT].value and the target at
    state.values[ids.COMPOSE_TARGET_BLOCK][ids.COMPOSE_TARGET].selected_conversation;
    private_metadata is {"channel": ..., "thread_ts": ...}, and "fixes": the ids of the
    customer's known fixes when there are some, so whichever worker gets the next keystroke
    shows them again.
    """
    text = draft or (report.text if report else "")
    blocks = [
        *_context_fix_blocks(context_fixes),
        _draft_input(text),
        _target_input(channel, thread_ts),
        kit.divider(),
        *_live(report if text.strip() else None, fixes),
    ]
    view = kit.modal(ids.COMPOSE_VIEW, "Reply with phrasebot", blocks, submit="Send")
    meta: dict[str, Any] = {"channel": channel, "thread_ts": thread_ts}
    if context_fixes:
        meta["fixes"] = [hit.fix.id for hit in context_fixes]
    view["private_metadata"] = kit.compact(meta)
    return view


def _context_fix_blocks(fixes: Sequence[Hit]) -> list[Block]:
    """Known fixes for the customer's message, shown above the reply box."""
    if not fixes:
        return []
    items = [kit.optional(kit.section(fix_summary(hit.fix)), "fix", [hit.fix.id]) for hit in fixes]
    return [kit.section("*Known fixes for the customer's message*"), *items, kit.divider()]


def _draft_input(text: str) -> Block:
    # dispatch_action belongs on the input block: with it, every keystroke reaches the app.
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.COMPOSE_INPUT,
        "multiline": True,
        "max_length": kit.INPUT_MAX,
        "placeholder": kit.plain("Write your reply; phrasebot checks it as you type"),
        "dispatch_action_config": {"trigger_actions_on": ["on_character_entered"]},
    }
    if text:
        element["initial_value"] = text[: kit.INPUT_MAX]
    return {
        "type": "input",
        "block_id": ids.COMPOSE_BLOCK,
        "dispatch_action": True,
        "label": kit.plain("Your reply"),
        "element": element,
    }


def _target_input(channel: str | None, thread_ts: str | None) -> Block:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ids.COMPOSE_TARGET,
        "placeholder": kit.plain("Pick a channel or conversation"),
        "filter": {"exclude_bot_users": True},
    }
    if channel:
        element["initial_conversation"] = channel
    else:
        element["default_to_current_conversation"] = True
    block: Block = {
        "type": "input",
        "block_id": ids.COMPOSE_TARGET_BLOCK,
        "label": kit.plain("Send to"),
        "element": element,
    }
    if thread_ts:
        block["hint"] = kit.plain("Sent as a reply in the thread you started from.")
    return block


def _live(report: Report | None, fixes: Sequence[Hit]) -> list[Block]:
    """The feedback under the reply box: a hint, a clean bill, or the findings."""
    if report is None:
        return [
            kit.context("Start typing: what to reword, the rewrite and known fixes show up here.")
        ]
    if report.clean:
        return [kit.section("✓ *Reads well*: nothing to reword."), *short_fixes(fixes)]
    return feedback(report, fixes)


def reply_message(text: str, user: str) -> dict[str, Any]:
    """The agent's words as they wrote them, and a line saying who sent them how."""
    attribution = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": texts.SENT_BY.format(user=user)}],
    }
    if len(text) > kit.SECTION_TEXT:
        return {"text": text}  # too long for a block: Slack shows plain text up to 40,000
    section = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return {"text": text, "blocks": [section, attribution]}


def read_metadata(view: dict[str, Any]) -> dict[str, Any]:
    """The channel and thread a compose modal was opened for (and the ids of the customer's
    fixes), from its private_metadata."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}
