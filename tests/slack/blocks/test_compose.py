"""The compose modal: the reply box, where to send it, and the live check under it."""

from __future__ import annotations

import json
from typing import Any

from bot.model import Report
from bot.slack import ids
from bot.slack.blocks import compose
from tests.slack.blocks.conftest import (
    DRAFT,
    buttons,
    hits,
    huge_report,
    similar_report,
    small_report,
    texts,
)

# -- compose modal --------------------------------------------------------------------------------


def draft_input(view: dict[str, Any]) -> dict[str, Any]:
    return next(x for x in view["blocks"] if x.get("block_id") == ids.COMPOSE_BLOCK)


def test_compose_input_dispatches_on_every_character() -> None:
    block = draft_input(compose.compose_modal(draft=DRAFT))
    assert block["dispatch_action"] is True
    assert block["element"]["action_id"] == ids.COMPOSE_INPUT
    assert block["element"]["multiline"] is True
    assert block["element"]["dispatch_action_config"] == {
        "trigger_actions_on": ["on_character_entered"]
    }
    assert block["element"]["initial_value"] == DRAFT


def test_compose_modal_sends_and_cancels() -> None:
    view = compose.compose_modal()
    assert (view["type"], view["callback_id"], view["submit"]["text"], view["close"]["text"]) == (
        "modal",
        ids.COMPOSE_VIEW,
        "Send",
        "Cancel",
    )


def test_compose_target_starts_at_the_given_channel() -> None:
    block = next(
        x
        for x in compose.compose_modal(channel="C1")["blocks"]
        if x.get("block_id") == ids.COMPOSE_TARGET_BLOCK
    )
    assert block["element"] == {
        "type": "conversations_select",
        "action_id": ids.COMPOSE_TARGET,
        "placeholder": {
            "type": "plain_text",
            "text": "Pick a channel or conversation",
            "emoji": True,
        },
        "filter": {"exclude_bot_users": True},
        "initial_conversation": "C1",
    }


def test_compose_target_defaults_to_the_current_conversation() -> None:
    block = next(
        x
        for x in compose.compose_modal()["blocks"]
        if x.get("block_id") == ids.COMPOSE_TARGET_BLOCK
    )
    assert block["element"]["default_to_current_conversation"] is True


def test_compose_metadata_holds_ids_only() -> None:
    view = compose.compose_modal(draft=DRAFT, report=small_report(), channel="C1", thread_ts="1.2")
    assert json.loads(view["private_metadata"]) == {"channel": "C1", "thread_ts": "1.2"}


def test_compose_shows_the_customers_fixes_above_the_reply_box() -> None:
    blocks = compose.compose_modal(context_fixes=hits(1))["blocks"]
    assert blocks[0]["text"]["text"] == "*Known fixes for the customer's message*"
    assert blocks[1]["text"]["text"].startswith("*Refund stuck 1*")


def test_compose_without_a_draft_gives_a_hint() -> None:
    last = compose.compose_modal()["blocks"][-1]
    assert last["elements"][0]["text"].startswith("Start typing")


def test_compose_with_a_clean_draft_says_it_reads_well() -> None:
    view = compose.compose_modal(draft="Thanks!", report=Report("Thanks!", "en", (), "Thanks!"))
    assert view["blocks"][-1]["text"]["text"] == "✓ *Reads well*: nothing to reword."


def test_compose_with_findings_shows_them_without_tip_buttons() -> None:
    blocks = compose.compose_modal(draft=DRAFT, report=small_report())["blocks"]
    assert buttons(blocks) == []
    assert any(t.startswith("*1. dont-know message*") for t in texts(blocks))


def test_compose_shows_what_a_flagged_sentence_sounds_like() -> None:
    report = similar_report()
    blocks = compose.compose_modal(draft=report.text, report=report)["blocks"]
    [finding] = [t for t in texts(blocks) if t.startswith("*1. dont-know message*")]
    assert finding.split("\n")[1:3] == [
        "> I have zero idea why the parcel is late.",
        "*Sounds like:* “No clue what happened to your parcel.”",
    ]


def test_compose_keeps_a_huge_draft_within_the_input_limit() -> None:
    block = draft_input(compose.compose_modal(draft=huge_report().text))
    assert len(block["element"]["initial_value"]) == 3000
