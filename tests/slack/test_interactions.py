"""Buttons on a tip, the shortcuts, and the compose modal from first keystroke to sent reply."""

from __future__ import annotations

import json

from tests.slack.conftest import (
    AGENT,
    CLEAN,
    FLAGGED,
    Bot,
    button,
    compose_view,
    keystroke,
    message_shortcut,
    shortcut,
    submission,
)

TIP_VALUE = json.dumps({"r": ["dont-know", "vague-timeline"], "l": "en", "f": []})


def test_helpful_counts_for_each_rule_of_the_tip(bot: Bot) -> None:
    bot.interact(button("tip_helpful", TIP_VALUE))

    [answer] = bot.answers()
    assert answer["text"] == "Thanks! Glad it helped."
    rows = {(r.rule, r.helpful) for r in bot.store.stats()}
    assert rows == {("dont-know", 1), ("vague-timeline", 1)}


def test_false_alarm_counts_for_each_rule_of_the_tip(bot: Bot) -> None:
    bot.interact(button("tip_false_alarm", TIP_VALUE))

    bot.settle()
    assert {(r.rule, r.false_alarm) for r in bot.store.stats()} == {
        ("dont-know", 1),
        ("vague-timeline", 1),
    }


def test_mute_keeps_the_rules_quiet_from_then_on(bot: Bot) -> None:
    bot.interact(button("tip_mute", TIP_VALUE))
    bot.post(FLAGGED)

    [answer] = bot.answers()
    assert answer["text"] == (
        "Muted `dont-know`, `vague-timeline`: you will not get tips for it any more."
    )
    assert bot.store.muted(AGENT) == frozenset({"dont-know", "vague-timeline"})
    assert bot.tips() == []


def test_show_fixes_lists_the_fixes_the_tip_found(bot: Bot) -> None:
    value = json.dumps({"r": ["flat-no"], "l": "en", "f": ["card-declined"]})
    bot.interact(button("tip_show_fixes", value))

    [answer] = bot.answers()
    assert answer["replace_original"] is False
    assert answer["text"].startswith("phrasebot: 1 known fix for ")


def test_a_button_value_that_is_not_ours_changes_nothing(bot: Bot) -> None:
    response = bot.interact(button("tip_helpful", "not json"))

    assert response.status == 200
    assert bot.store.stats() == []


# -- shortcuts -----------------------------------------------------------------------------------


def test_check_wording_tips_whoever_asked_privately(bot: Bot) -> None:
    bot.interact(message_shortcut("check_wording", FLAGGED, user="U0003"))

    [answer] = bot.answers()
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("phrasebot: 2 things to reword:")


def test_the_global_shortcut_opens_an_empty_compose_modal(bot: Bot) -> None:
    bot.interact(shortcut("compose"))

    [opened] = bot.calls("views.open")
    assert opened.args["view"]["callback_id"] == "compose"
    assert json.loads(opened.args["view"]["private_metadata"]) == {
        "channel": None,
        "thread_ts": None,
    }


def test_reply_with_phrasebot_aims_at_the_thread_with_fixes_for_the_customer(bot: Bot) -> None:
    customer = "My card keeps getting declined at the reader"
    bot.interact(message_shortcut("reply_with_phrasebot", customer, thread_ts="1583636000.000100"))

    [opened] = bot.calls("views.open")
    view = opened.args["view"]
    assert json.loads(view["private_metadata"]) == {
        "channel": "C0001",
        "thread_ts": "1583636000.000100",
    }
    assert view["blocks"][0]["text"]["text"] == "*Known fixes for the customer's message*"
    assert view["blocks"][1]["text"]["text"].startswith("*Card declined at the reader*")


# -- the compose modal ---------------------------------------------------------------------------


def test_each_keystroke_updates_the_modal_with_the_check(bot: Bot) -> None:
    bot.interact(keystroke(FLAGGED, view_id="V0100", view_hash="1700000000.h1"))

    [update] = bot.calls("views.update")
    assert (update.args["view_id"], update.args["hash"]) == ("V0100", "1700000000.h1")
    assert "2 things to reword" in json.dumps(update.args["view"]["blocks"])


def test_a_clean_draft_in_the_modal_reads_well(bot: Bot) -> None:
    bot.interact(keystroke(CLEAN))

    [update] = bot.calls("views.update")
    assert "*Reads well*" in json.dumps(update.args["view"]["blocks"])


def test_the_modal_keeps_the_customers_fixes_while_typing(bot: Bot) -> None:
    customer = "My card keeps getting declined at the reader"
    bot.interact(message_shortcut("reply_with_phrasebot", customer))
    [opened] = bot.calls("views.open")
    bot.interact(keystroke("Sorry about that", view_id=opened.answer["view"]["id"]))

    [update] = bot.calls("views.update")
    assert update.args["view"]["blocks"][0]["text"]["text"] == (
        "*Known fixes for the customer's message*"
    )


def test_a_stale_hash_is_overridden_by_the_newest_keystroke(bot: Bot) -> None:
    bot.fake.queue("views.update", {"ok": False, "error": "hash_conflict"})
    bot.interact(keystroke(FLAGGED))

    first, second = bot.calls("views.update")
    assert "hash" in first.args
    assert "hash" not in second.args
    assert second.args["view"] == first.args["view"]


def test_an_older_keystroke_after_a_newer_one_updates_nothing(bot: Bot) -> None:
    bot.interact(keystroke(FLAGGED, action_ts="1700000009.000100"))
    bot.settle()
    bot.interact(keystroke("Honestly", action_ts="1700000008.000100"))

    [update] = bot.calls("views.update")
    assert "2 things to reword" in json.dumps(update.args["view"]["blocks"])


def test_sending_posts_the_reply_as_the_agent_in_the_thread(bot: Bot) -> None:
    view = compose_view(text=CLEAN, channel="C0001", thread_ts="1700000000.000100", target="C0001")
    response = bot.interact(submission(view))

    assert (response.status, response.body) == (200, "")
    [post] = bot.calls("chat.postMessage")
    assert post.args["channel"] == "C0001"
    assert post.args["thread_ts"] == "1700000000.000100"
    assert post.args["text"] == CLEAN
    assert post.args["username"] == "spengler"  # the display name, as Slack shows it
    assert post.args["blocks"][1]["elements"][0]["text"] == "sent by <@U0001> with phrasebot"


def test_sending_to_another_channel_is_not_a_thread_reply(bot: Bot) -> None:
    view = compose_view(text=CLEAN, channel="C0001", thread_ts="1700000000.000100", target="C0005")
    bot.interact(submission(view))

    [post] = bot.calls("chat.postMessage")
    assert post.args["channel"] == "C0005"
    assert "thread_ts" not in post.args


def test_a_flagged_reply_may_still_be_sent(bot: Bot) -> None:
    bot.interact(submission(compose_view(text=FLAGGED)))

    [post] = bot.calls("chat.postMessage")
    assert post.args["text"] == FLAGGED


def test_an_empty_reply_is_refused_in_the_modal(bot: Bot) -> None:
    response = bot.interact(submission(compose_view(text=None)))

    assert json.loads(response.body) == {
        "response_action": "errors",
        "errors": {"compose_draft": "Write your reply first."},
    }
    assert bot.calls("chat.postMessage") == []


def test_a_reply_that_cannot_be_posted_comes_back_to_its_author(bot: Bot) -> None:
    bot.fake.queue("chat.postMessage", "error.not_in_channel")
    bot.interact(submission(compose_view(text=CLEAN, target="C0009")))

    failed, dm = bot.calls("chat.postMessage")
    assert failed.args["channel"] == "C0009"
    assert dm.args["channel"] == "D0001"
    assert dm.args["text"].endswith(f"Your reply, to paste yourself:\n{CLEAN}")
