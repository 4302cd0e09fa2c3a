"""Tips after posting: who gets one, where, and what is left alone; and the tip's buttons."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.problems import CheckTooSlow
from bot.store.sqlite import SqliteStore
from tests.conftest import ROOT
from tests.slack.conftest import (
    AGENT,
    CLEAN,
    FLAGGED,
    GROUP_LEAD,
    LEAD,
    SOUNDS_LIKE,
    Bot,
    action_ids,
    button,
    make_bot,
    value_of,
    write_rules,
)
from tests.slack.fakeslack import FakeSlack


def test_a_flagged_post_gets_one_private_tip_in_its_thread(bot: Bot) -> None:
    response = bot.post(FLAGGED, ts="1700000000.000100")

    assert response.status == 200
    [tip] = bot.tips()
    assert tip.args["channel"] == "C0001"
    assert tip.args["user"] == AGENT
    assert tip.args["thread_ts"] == "1700000000.000100"
    assert tip.args["text"].startswith("phrasebot: 2 things to reword:")
    assert tip.args["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "phrasebot tip", "emoji": True},
    }


def test_a_reply_in_a_thread_is_tipped_in_that_thread(bot: Bot) -> None:
    bot.send(bot.slack.event("message_thread_reply", text=FLAGGED, user=AGENT))

    [tip] = bot.tips()
    reply = bot.slack.event("message_thread_reply")["event"]
    assert tip.args["thread_ts"] == reply["thread_ts"] != reply["ts"]


def test_a_clean_post_gets_nothing(bot: Bot) -> None:
    bot.post(CLEAN)

    assert bot.tips() == []


def test_a_thread_broadcast_is_checked(bot: Bot) -> None:
    bot.send(bot.slack.event("message_thread_broadcast", text=FLAGGED, user=AGENT))

    assert len(bot.tips()) == 1


def test_a_file_shared_with_a_comment_is_checked(bot: Bot) -> None:
    body = bot.slack.event("message_file_share", text=FLAGGED, user=AGENT, channel="C0001")
    body["event"]["channel_type"] = "channel"
    bot.send(body)

    assert len(bot.tips()) == 1


def test_a_me_message_is_checked(bot: Bot) -> None:
    body = bot.slack.message(FLAGGED, subtype="me_message")
    bot.send(body)

    assert len(bot.tips()) == 1


def test_an_edit_that_brings_a_flagged_phrase_is_tipped(bot: Bot) -> None:
    body = bot.slack.event("message_changed_edited", channel="C0001")
    body["event"]["message"]["text"] = FLAGGED
    body["event"]["previous_message"] = {"type": "message", "user": AGENT, "text": CLEAN}
    bot.send(body)

    [tip] = bot.tips()
    assert tip.args["user"] == AGENT
    assert tip.args["thread_ts"] == body["event"]["message"]["ts"]


def test_an_edit_that_keeps_the_same_flags_is_not_tipped_again(bot: Bot) -> None:
    body = bot.slack.event("message_changed_edited", channel="C0001")
    body["event"]["message"]["text"] = FLAGGED + " Sorry."
    body["event"]["previous_message"] = {"type": "message", "user": AGENT, "text": FLAGGED}
    bot.send(body)

    assert bot.tips() == []


def test_a_link_unfurl_is_not_an_edit(bot: Bot) -> None:
    body = bot.slack.event("message_changed_link_unfurl")
    body["event"]["message"]["text"] = body["event"]["previous_message"]["text"] = FLAGGED
    bot.send(body)

    assert bot.tips() == []


def test_a_draft_sent_to_the_bot_directly_is_answered_in_the_dm(bot: Bot) -> None:
    bot.send(bot.slack.event("message_im", text=FLAGGED, user=AGENT))

    [answer] = bot.calls("chat.postMessage")
    assert answer.args["channel"] == bot.slack.event("message_im")["event"]["channel"]
    assert answer.args["text"].startswith("phrasebot: 2 things to reword:")
    assert bot.tips() == []


def test_a_clean_draft_sent_directly_is_answered_too(bot: Bot) -> None:
    bot.send(bot.slack.event("message_im", text=CLEAN, user=AGENT))

    [answer] = bot.calls("chat.postMessage")
    assert answer.args["text"] == "phrasebot: nothing to reword"


def test_the_same_event_delivered_twice_gives_one_tip(bot: Bot) -> None:
    body = bot.slack.message(FLAGGED, event_id="Ev0042")
    bot.send(body)
    bot.send(body)

    assert len(bot.tips()) == 1


def test_a_retry_with_the_retry_header_gives_no_second_tip(bot: Bot) -> None:
    body = bot.slack.message(FLAGGED)
    bot.send(body)
    retry = bot.send(body, extra={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})

    assert retry.status == 200
    assert len(bot.tips()) == 1


def test_a_retry_of_an_event_never_received_still_delivers_its_tip(bot: Bot) -> None:
    body = bot.slack.message(FLAGGED)
    bot.send(body, extra={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "connection_failed"})

    assert len(bot.tips()) == 1


def test_a_join_message_is_ignored(bot: Bot) -> None:
    bot.send(bot.slack.event("message_channel_join", text=FLAGGED))

    assert bot.methods() == []


def test_a_deletion_is_ignored(bot: Bot) -> None:
    body = bot.slack.event("message_deleted")
    body["event"]["previous_message"]["text"] = FLAGGED
    bot.send(body)

    assert bot.methods() == []


def test_another_apps_bot_message_is_ignored(bot: Bot) -> None:
    bot.send(bot.slack.event("message_bot_message_subtype", text=FLAGGED))

    assert bot.methods() == []


def test_the_bots_own_message_is_ignored(bot: Bot) -> None:
    bot.send(bot.slack.event("message_from_own_bot_in_thread", text=FLAGGED))

    assert bot.methods() == []


def test_a_channel_with_tips_off_gets_none(bot: Bot) -> None:
    bot.post(FLAGGED, channel="C0002")

    assert bot.tips() == []


def test_a_channel_that_wants_only_errors_skips_warnings(bot: Bot) -> None:
    bot.post("Honestly I don't know.", channel="C0003")  # dont-know is a warning

    assert bot.tips() == []


def test_a_muted_rule_is_not_tipped(bot: Bot) -> None:
    bot.store.record_feedback(AGENT, "C0001", "dont-know", "en", "muted")
    bot.store.record_feedback(AGENT, "C0001", "vague-timeline", "en", "muted")
    bot.post(FLAGGED)

    assert bot.tips() == []


def test_a_muted_rule_is_left_out_of_a_tip_for_another(bot: Bot) -> None:
    bot.store.record_feedback(AGENT, "C0001", "dont-know", "en", "muted")
    bot.post(FLAGGED)

    [tip] = bot.tips()
    assert tip.args["text"] == 'phrasebot: 1 thing to reword: "soon" (vague-timeline)'


def test_the_fourth_tip_in_an_hour_is_not_sent(bot: Bot) -> None:
    for n in range(4):
        bot.post(FLAGGED, ts=f"1700000000.00010{n}")

    assert len(bot.tips()) == 3


def test_the_cap_is_per_agent(bot: Bot) -> None:
    for n in range(3):
        bot.post(FLAGGED, ts=f"1700000000.00010{n}")
    bot.post(FLAGGED, user="U0002", ts="1700000000.000200")

    assert sorted(t.args["user"] for t in bot.tips()) == [AGENT, AGENT, AGENT, "U0002"]


# -- the tip's buttons -------------------------------------------------------------------------


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


def test_mute_writes_each_rule_once_with_its_count(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[tuple[str, ...]] = []
    record = bot.store.record_feedback
    monkeypatch.setattr(
        bot.store,
        "record_feedback",
        lambda *args, **kw: (writes.append(("record_feedback", *args)), record(*args, **kw)),
    )
    bot.interact(button("tip_mute", TIP_VALUE))
    bot.settle()

    assert writes == [
        ("record_feedback", AGENT, "C0001", "dont-know", "en", "muted"),
        ("record_feedback", AGENT, "C0001", "vague-timeline", "en", "muted"),
    ]
    assert bot.store.muted(AGENT) == frozenset({"dont-know", "vague-timeline"})


# -- a sentence the meaning tier flagged: the offer to share it, and only Share sends it --------


def false_alarm_on_a_tip_for(bot: Bot, draft: str) -> dict[str, Any]:
    """Post a draft, press False alarm on its tip; the thanks that came back."""
    bot.post(draft)
    [tip] = bot.tips()
    bot.interact(button("tip_false_alarm", value_of(tip.args, "tip_false_alarm")))
    [thanks] = bot.answers()
    return thanks


def test_a_tip_for_a_sentence_the_tier_flagged_says_what_it_sounds_like(bot: Bot) -> None:
    bot.post(SOUNDS_LIKE)

    [tip] = bot.tips()
    lines = tip.args["blocks"][2]["text"]["text"].split("\n")
    assert lines[1] == f"> {SOUNDS_LIKE}"
    assert lines[2].startswith("*Sounds like:* “")
    assert "sounds like" in tip.args["text"]


def test_false_alarm_on_it_offers_to_share_the_sentence_and_sends_nothing(bot: Bot) -> None:
    thanks = false_alarm_on_a_tip_for(bot, SOUNDS_LIKE)

    assert action_ids(thanks) == ["share_sentence", "share_no_thanks"]
    assert thanks["blocks"][2]["text"]["text"].startswith(f"> {SOUNDS_LIKE}\n")
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    assert "conversations.open" not in bot.methods()
    assert bot.calls("chat.postMessage") == []
    assert {(r.rule, r.false_alarm) for r in bot.store.stats()} == {("dont-know", 1)}


def test_false_alarm_on_a_tip_of_phrases_only_just_thanks(bot: Bot) -> None:
    thanks = false_alarm_on_a_tip_for(bot, FLAGGED)

    assert thanks["text"] == (
        "Thanks for saying so: the leads see false alarms and tune the phrasebook."
    )
    assert action_ids(thanks) == []


def test_share_sends_each_lead_a_dm_and_says_so_in_place_of_the_offer(
    bot: Bot, fake: FakeSlack
) -> None:
    thanks = false_alarm_on_a_tip_for(bot, SOUNDS_LIKE)
    fake.queue("usergroups.users.list", {"ok": True, "users": [GROUP_LEAD]})

    bot.interact(button("share_sentence", value_of(thanks, "share_sentence")))

    opened = [c.args["users"] for c in bot.calls("conversations.open")]
    assert opened == [LEAD, GROUP_LEAD]
    dms = bot.calls("chat.postMessage")
    assert len(dms) == 2
    dm = dms[0].args
    assert dm["blocks"][0]["text"]["text"] == (
        f"<@{AGENT}> pressed False alarm on a tip and shares this sentence as a harmless"
        " example for `dont-know`:"
    )
    assert dm["blocks"][1]["text"]["text"].startswith(f"> {SOUNDS_LIKE}\nFlagged by `dont-know`")
    assert action_ids(dm) == ["sample_add_good", "sample_dismiss"]
    answer = bot.answers()[-1]
    assert answer["replace_original"] is True
    assert answer["text"] == (
        "Shared with 2 team leads. Thank you! A lead decides whether the rule learns from it."
    )


def test_no_thanks_sends_nothing_and_takes_the_offer_away(bot: Bot) -> None:
    thanks = false_alarm_on_a_tip_for(bot, SOUNDS_LIKE)

    bot.interact(button("share_no_thanks", ""))

    assert "conversations.open" not in bot.methods()
    answer = bot.answers()[-1]
    assert (answer["replace_original"], answer["text"]) == (
        True,
        "OK: the sentence was not shared, and nothing was kept.",
    )
    assert "share_sentence" in action_ids(thanks)


def test_a_shared_sentence_is_never_logged_nor_written_to_the_store(
    fake: FakeSlack,
    slack_coach: Coach,
    kb: KnowledgeBase,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "store.sqlite"
    bot = make_bot(fake, slack_coach, kb, store=SqliteStore(path))
    try:
        with caplog.at_level(logging.INFO):  # as `phrasebot serve` logs
            bot.command("/check", SOUNDS_LIKE)  # /check keeps no text, even while pending
            [tip] = bot.answers()
            bot.interact(button("tip_false_alarm", value_of(tip, "tip_false_alarm")))
            thanks = bot.answers()[-1]
            bot.interact(button("share_sentence", value_of(thanks, "share_sentence")))
            assert len(bot.calls("chat.postMessage")) == 1  # the DM to the lead
    finally:
        bot.close()
    assert "parcel" not in caplog.text
    assert any(
        "shared a sentence dont-know flagged with 1 leads" in r.getMessage() for r in caplog.records
    )
    for stored in tmp_path.glob("store.sqlite*"):
        assert b"parcel" not in stored.read_bytes(), stored.name


def test_a_share_button_that_is_not_ours_sends_nothing(bot: Bot) -> None:
    bot.interact(button("share_sentence", "not json"))

    assert "conversations.open" not in bot.methods()
    assert bot.answers()[-1]["text"] == (
        "I could not read which sentence to share, so nothing was sent."
    )


def test_a_button_value_that_is_not_ours_changes_nothing(bot: Bot) -> None:
    response = bot.interact(button("tip_helpful", "not json"))

    assert response.status == 200
    assert bot.store.stats() == []


def test_the_log_names_a_tip_without_its_text(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="phrasebot"):
        bot.post(FLAGGED)
        bot.tips()
    [line] = [r.getMessage() for r in caplog.records if "tip to" in r.getMessage()]
    assert line.endswith(f", text <{len(FLAGGED)} chars>")
    assert "back to you" not in caplog.text


def test_log_text_true_puts_the_text_in_the_log(
    fake: FakeSlack, kb: KnowledgeBase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rules = write_rules(tmp_path, ROOT / "phrasebook")
    rules.write_text(rules.read_text(encoding="utf-8") + "log_text: true\n", encoding="utf-8")
    bot = make_bot(fake, Coach(rules), kb)
    try:
        with caplog.at_level(logging.INFO, logger="phrasebot"):
            bot.post(FLAGGED)
            bot.tips()
    finally:
        bot.close()
    assert f", text {FLAGGED!r}" in caplog.text


# -- a check cut off for time --------------------------------------------------------------------

SLOW = "This one takes forever to check: I don't know."


@pytest.fixture
def slow_drafts(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> Bot:
    """The coach runs out of time on any draft holding SLOW, as a pathological rule would."""
    real = bot.coach.check

    def check(text: str, *args: object, **kw: object) -> object:
        if text == SLOW:
            raise CheckTooSlow(5, "dont-know", "phrasebook/dont-know.yaml")
        return real(text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(bot.coach, "check", check)
    return bot


def test_a_check_cut_off_sends_no_tip_tells_the_leads_once_and_the_others_go_on(
    slow_drafts: Bot,
) -> None:
    bot = slow_drafts
    bot.post(SLOW, ts="1700000000.000100")
    bot.post(FLAGGED, ts="1700000000.000200")
    bot.post(SLOW, ts="1700000000.000300")

    [tip] = bot.tips()
    assert tip.args["text"].startswith("phrasebot: 2 things to reword:")
    opened = [c.args["users"] for c in bot.calls("conversations.open")]
    assert opened == [LEAD]  # once, though two drafts were cut off; the group S0001 has none
    [dm] = bot.calls("chat.postMessage")
    assert dm.args["text"] == (
        "A draft's check was cut off after 5 s while running rule `dont-know`"
        " (phrasebook/dont-know.yaml). Its tip was not sent; every other tip went on. A check"
        " this slow usually comes from a rule's `unless` cue patterns: look at that rule's"
        " file, and run `phrasebot lint`. You are told once per rule."
    )
    assert bot.store.claim_pending(limit=10, lease=1) == []  # nothing left pending


def test_check_of_a_draft_cut_off_says_so(slow_drafts: Bot) -> None:
    slow_drafts.command("/check", SLOW)

    [answer] = slow_drafts.answers()
    assert answer["text"] == (
        "This draft took too long to check (over 5 s), so I stopped; the team leads have been"
        " told. Try a shorter part of it."
    )
