"""/fixes, a tip's "Show known fixes", and sharing a fix in the channel."""

from __future__ import annotations

import json

from tests.slack.conftest import Bot, button


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


def test_show_fixes_lists_the_fixes_the_tip_found(bot: Bot) -> None:
    value = json.dumps({"r": ["flat-no"], "l": "en", "f": ["card-declined"]})
    bot.interact(button("tip_show_fixes", value))

    [answer] = bot.answers()
    assert answer["replace_original"] is False
    assert answer["text"].startswith("phrasebot: 1 known fix for ")
