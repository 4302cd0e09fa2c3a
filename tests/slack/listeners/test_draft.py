"""The compose modal from /draft or a shortcut, first keystroke to sent reply."""

from __future__ import annotations

import json

from tests.slack.conftest import (
    CLEAN,
    FLAGGED,
    SOUNDS_LIKE,
    Bot,
    compose_view,
    keystroke,
    message_shortcut,
    shortcut,
    submission,
)
from tests.slack.fakeslack import RESPONSE_URL


def test_draft_opens_the_compose_modal_with_the_draft_checked(bot: Bot) -> None:
    bot.command("/draft", FLAGGED)

    [opened] = bot.calls("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"] == "1111111111111.1111111111.0123456789abcdef0123456789abcdef"
    assert view["callback_id"] == "compose"
    assert json.loads(view["private_metadata"]) == {"channel": "C0001", "thread_ts": None}
    texts = json.dumps(view["blocks"])
    assert "2 things to reword" in texts


def test_the_compose_box_says_what_a_sentence_sounds_like(bot: Bot) -> None:
    bot.command("/draft", SOUNDS_LIKE)

    [opened] = bot.calls("views.open")
    sections = [b["text"]["text"] for b in opened.args["view"]["blocks"] if b["type"] == "section"]
    [finding] = [t for t in sections if t.startswith("*1. ")]
    assert finding.split("\n")[1] == f"> {SOUNDS_LIKE}"
    assert finding.split("\n")[2].startswith("*Sounds like:* “")


def test_draft_with_nothing_typed_opens_an_empty_modal(bot: Bot) -> None:
    bot.command("/draft")

    [opened] = bot.calls("views.open")
    assert "Start typing" in json.dumps(opened.args["view"]["blocks"])
    assert bot.fake.calls(RESPONSE_URL) == []


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
    meta = json.loads(view["private_metadata"])
    assert (meta["channel"], meta["thread_ts"]) == ("C0001", "1583636000.000100")
    assert meta["fixes"][0] == "card-declined"  # ids only, for any worker to show
    assert view["blocks"][0]["text"]["text"] == "*Known fixes for the customer's message*"
    assert view["blocks"][1]["text"]["text"].startswith("*Card declined at the reader*")


# -- typing and sending ------------------------------------------------------------------------


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
    shown = opened.answer["view"]
    bot.interact(
        keystroke("Sorry about that", view_id=shown["id"], metadata=shown["private_metadata"])
    )

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
