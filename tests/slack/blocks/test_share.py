"""A flagged sentence shared with the leads: the values its buttons carry, the offer, the DM."""

from __future__ import annotations

import json

import pytest

from bot.slack import ids
from bot.slack.blocks import share
from bot.slack.blocks.share import Shared
from tests.slack.blocks.conftest import buttons, similar_report, small_report, texts
from tests.slack.conftest import slack_accepts

SHARED = Shared(
    "dont-know", "en", "I have zero idea why the parcel is late.", "No clue what happened."
)


def test_the_candidate_is_the_first_sentence_the_tier_flagged() -> None:
    assert share.candidate(similar_report()) == Shared(
        "dont-know",
        "en",
        "I have zero idea why the parcel is late.",
        "No clue what happened to your parcel.",
    )


def test_a_draft_only_phrases_flagged_has_no_candidate() -> None:
    assert share.candidate(small_report()) is None


def test_a_candidate_is_one_line() -> None:
    report = similar_report("I have zero idea\nwhy   it is late.")
    assert share.candidate(report).text == "I have zero idea why it is late."  # type: ignore[union-attr]


def test_a_share_value_reads_back_as_the_sentence() -> None:
    value = share.share_value(SHARED)
    assert json.loads(value) == {
        "r": "dont-know",
        "l": "en",
        "s": "I have zero idea why the parcel is late.",
        "k": "No clue what happened.",
    }
    assert share.read_shared(value) == SHARED


def test_a_share_value_too_long_with_what_it_sounded_like_leaves_that_out() -> None:
    long = Shared("dont-know", "en", '"' * 400, '"' * 700)
    value = share.share_value(long)
    assert len(value) <= 2000 and "k" not in json.loads(value)


@pytest.mark.parametrize(
    "value",
    [None, "", "not json", "[1, 2]", '{"r": "dont-know"}', '{"r": "", "l": "en", "s": "x"}'],
)
def test_a_value_that_is_not_a_shared_sentence_reads_as_none(value: str | None) -> None:
    assert share.read_shared(value) is None
    assert share.read_offer(value, "en") == (None, False)


def test_an_offer_reads_the_sentence_and_the_tips_language() -> None:
    value = '{"r":["dont-know"],"l":"uk","f":[],"s":["dont-know","Гадки не маю.","No idea."]}'
    assert share.read_offer(value, "uk") == (
        Shared("dont-know", "uk", "Гадки не маю.", "No idea."),
        False,
    )
    assert share.read_offer('{"r":["dont-know"],"x":1}', "en") == (None, True)


# -- the agent's thanks -------------------------------------------------------------------------


def test_thanks_without_a_flagged_sentence_offers_nothing() -> None:
    message = share.thanks_for_false_alarm(None, False)
    assert texts(message["blocks"]) == [
        "Thanks for saying so: the leads see false alarms and tune the phrasebook."
    ]
    assert buttons(message["blocks"]) == []


def test_thanks_offers_to_share_the_sentence_and_a_no_thanks() -> None:
    message = share.thanks_for_false_alarm(SHARED, False)
    slack_accepts(message)
    [share_button, no] = buttons(message["blocks"])
    assert (share_button["action_id"], share_button["text"]["text"]) == (
        ids.SHARE_SENTENCE,
        "Share this sentence with the team leads as a harmless example",
    )
    assert share.read_shared(share_button["value"]) == SHARED
    assert (no["action_id"], no["text"]["text"], "value" in no) == (
        ids.NO_SHARE,
        "No thanks",
        False,
    )
    assert message["blocks"][2]["text"]["text"].split("\n") == [
        "> I have zero idea why the parcel is late.",
        "Flagged by `dont-know` · English",
        "*Sounded like:* “No clue what happened.”",
    ]
    assert "Nothing is sent or kept unless you press Share." in message["blocks"][1]["text"]["text"]
    assert message["text"] == (
        "Thanks for saying so: the leads see false alarms and tune the phrasebook. Share this"
        " sentence with the team leads as a harmless example?"
    )


def test_thanks_says_when_the_sentence_was_too_long_to_share() -> None:
    message = share.thanks_for_false_alarm(None, True)
    assert buttons(message["blocks"]) == []
    assert message["blocks"][1]["elements"][0]["text"].startswith(
        "The flagged sentence is too long to share as an example"
    )


def test_the_sentence_in_the_offer_is_escaped() -> None:
    message = share.thanks_for_false_alarm(Shared("r", "en", "<!here> no idea", ""), False)
    shown = " ".join(texts(message["blocks"]))
    assert "<!here>" not in shown and "> &lt;!here&gt; no idea" in shown


# -- the leads' DM ------------------------------------------------------------------------------


def test_the_leads_dm_says_who_shared_what_for_which_rule_and_what_it_sounded_like() -> None:
    message = share.for_the_leads(SHARED, "U0001")
    slack_accepts(message)
    assert message["blocks"][0]["text"]["text"] == (
        "<@U0001> pressed False alarm on a tip and shares this sentence as a harmless example"
        " for `dont-know`:"
    )
    assert message["blocks"][1]["text"]["text"].split("\n") == [
        "> I have zero idea why the parcel is late.",
        "Flagged by `dont-know` · English",
        "*Sounded like:* “No clue what happened.”",
    ]
    assert message["text"] == (
        "phrasebot: <@U0001> shares a sentence `dont-know` flagged, as harmless:"
        " “I have zero idea why the parcel is late.”"
    )


def test_the_leads_dm_adds_it_as_harmless_or_dismisses_it() -> None:
    [add, dismiss] = buttons(share.for_the_leads(SHARED, "U0001")["blocks"])
    assert (add["action_id"], add["text"]["text"], add["style"]) == (
        ids.SAMPLE_ADD,
        "Add to dont-know as harmless",
        "primary",
    )
    assert json.loads(add["value"]) == {
        "r": "dont-know",
        "l": "en",
        "s": "I have zero idea why the parcel is late.",
    }
    assert (dismiss["action_id"], dismiss["text"]["text"]) == (ids.SAMPLE_DISMISS, "Dismiss")


def test_the_closed_dm_keeps_the_sentence_and_loses_the_buttons() -> None:
    message = share.closed(SHARED, "Dismissed by <@U0900>: nothing was added.")
    slack_accepts(message)
    assert buttons(message["blocks"]) == []
    assert texts(message["blocks"]) == [
        "Dismissed by <@U0900>: nothing was added.",
        "> I have zero idea why the parcel is late.\nFlagged by `dont-know` · English",
    ]
