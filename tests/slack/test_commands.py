"""Slash commands: /check, /fixes and /draft, and sharing a fix from /fixes."""

from __future__ import annotations

import json

from tests.slack.conftest import AGENT, CLEAN, FLAGGED, Bot, button
from tests.slack.fakeslack import RESPONSE_URL


def test_check_answers_with_a_private_tip(bot: Bot) -> None:
    response = bot.command("/check", FLAGGED)

    assert (response.status, response.body) == (200, "")
    [answer] = bot.answers()
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == (
        'phrasebot: 2 things to reword: "I don\'t know" (dont-know), "soon" (vague-timeline)'
    )


def test_check_is_counted_but_not_capped(bot: Bot) -> None:
    for _ in range(5):
        bot.command("/check", FLAGGED)

    assert len(bot.answers()) == 5
    assert bot.store.user_summary(AGENT).tips == 5


def test_check_of_a_clean_draft_says_it_reads_well(bot: Bot) -> None:
    bot.command("/check", CLEAN)

    [answer] = bot.answers()
    assert answer["text"] == "phrasebot: nothing to reword"


def test_check_with_no_draft_explains_itself(bot: Bot) -> None:
    bot.command("/check", "  ")

    [answer] = bot.answers()
    assert answer["text"].startswith("Paste your draft after the command, e.g. `/check ")


def test_check_leaves_out_rules_the_agent_muted(bot: Bot) -> None:
    bot.store.mute(AGENT, "dont-know")
    bot.command("/check", FLAGGED)

    [answer] = bot.answers()
    assert answer["text"] == 'phrasebot: 1 thing to reword: "soon" (vague-timeline)'


def test_fixes_lists_known_fixes_privately_with_share_buttons(bot: Bot) -> None:
    bot.command("/fixes", "card declined at the reader")

    [answer] = bot.answers()
    assert answer["response_type"] == "ephemeral"
    shares = [b["accessory"]["value"] for b in answer["blocks"] if "accessory" in b]
    assert shares[0] == "card-declined"


def test_fixes_with_no_words_explains_itself(bot: Bot) -> None:
    bot.command("/fixes")

    [answer] = bot.answers()
    assert answer["text"].startswith("Describe the customer's problem after the command")


def test_fixes_with_nothing_known_says_so(bot: Bot) -> None:
    bot.command("/fixes", "zebra migration patterns")

    [answer] = bot.answers()
    assert answer["text"] == 'phrasebot: no known fix for "zebra migration patterns"'


def test_sharing_a_fix_posts_it_in_the_channel_for_everyone(bot: Bot) -> None:
    bot.interact(button("fix_share", "card-declined", channel="C0001"))

    [post] = bot.calls("chat.postMessage")
    assert post.args["channel"] == "C0001"
    assert post.args["text"] == "<@U0001> shared a known fix: Card declined at the reader"


def test_sharing_where_the_bot_is_not_says_how_to_invite_it(bot: Bot) -> None:
    bot.fake.queue("chat.postMessage", "error.not_in_channel")
    bot.interact(button("fix_share", "card-declined", channel="C0009"))

    [answer] = bot.answers()
    assert answer["text"].startswith("I could not share it here (not_in_channel).")


def test_draft_opens_the_compose_modal_with_the_draft_checked(bot: Bot) -> None:
    bot.command("/draft", FLAGGED)

    [opened] = bot.calls("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"] == "1111111111111.1111111111.0123456789abcdef0123456789abcdef"
    assert view["callback_id"] == "compose"
    assert json.loads(view["private_metadata"]) == {"channel": "C0001", "thread_ts": None}
    texts = json.dumps(view["blocks"])
    assert "2 things to reword" in texts


def test_draft_with_nothing_typed_opens_an_empty_modal(bot: Bot) -> None:
    bot.command("/draft")

    [opened] = bot.calls("views.open")
    assert "Start typing" in json.dumps(opened.args["view"]["blocks"])
    assert bot.fake.calls(RESPONSE_URL) == []
